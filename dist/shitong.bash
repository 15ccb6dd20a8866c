# bash completion for shitong
_shitong() {
  local cur prev cmd
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  cmd="${COMP_WORDS[1]}"
  local commands="validate fix diff certs baseline publish import export rules schema init"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  case "$prev" in
    --format|-f)
      case "$cmd" in
        validate) COMPREPLY=($(compgen -W "text json sarif junit github markdown html" -- "$cur")) ;;
        fix) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        diff) COMPREPLY=($(compgen -W "text json markdown html" -- "$cur")) ;;
        certs) COMPREPLY=($(compgen -W "text json markdown" -- "$cur")) ;;
        rules) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        publish) COMPREPLY=($(compgen -W "html md csv xlsx json text" -- "$cur")) ;;
        import) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        export) COMPREPLY=($(compgen -W "xlsx csv" -- "$cur")) ;;
      esac
      return ;;
    --lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
    --field) COMPREPLY=($(compgen -W "name sub_name type code legal_basis materials process fee time_limit forms" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --level) COMPREPLY=($(compgen -W "province city county" -- "$cur")); return ;;
    --mode) COMPREPLY=($(compgen -W "auto tree versions" -- "$cur")); return ;;
    --graph) COMPREPLY=($(compgen -W "dot mermaid" -- "$cur")); return ;;
    --list|-l) COMPREPLY=($(compgen -W "zero-visit one-visit at-most-one proxy all 零跑腿 只跑一次 最多跑一次 你不用跑我来跑" -- "$cur")); return ;;
    --report) COMPREPLY=($(compgen -W "sarif= junit= github= markdown= html= json= text=" -- "$cur")); compopt -o nospace; return ;;
    --config|-c|--baseline|--output|-o) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    local opts="--help"
    case "$cmd" in
      validate) opts="--format --report --lang --fail-on --config --no-config --jobs --output --force --color --quiet --baseline --changed-since --root --cache-dir --no-cache --no-context --verbose --help" ;;
      fix) opts="--write --align --add-missing --unsafe --field --item --format --lang --config --no-config --jobs --help" ;;
      diff) opts="--format --lang --output --force --mode --jobs --help" ;;
      certs) opts="--format --graph --lang --output --force --jobs --help" ;;
      baseline) opts="--output --force --lang --config --no-config --jobs --help" ;;
      publish) opts="--list --format --combined --output --stats --lang --allow-errors --force --config --no-config --jobs --no-context --help" ;;
      import) opts="--output --mapping --region --level --parent --format --lang --force --help" ;;
      export) opts="--output --format --lang --force --help" ;;
      rules) opts="--format --lang --help" ;;
      schema) opts="--write --force --lang --help" ;;
      init) opts="--region --from --force --lang --help" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case "$cmd" in
    schema) COMPREPLY=($(compgen -W "catalog certificates config mapping" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}
complete -o filenames -F _shitong shitong
