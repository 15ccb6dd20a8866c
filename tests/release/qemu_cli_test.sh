#!/usr/bin/env bash
# The ARM64 binary under qemu-user gives byte-identical output to the x86-64 one: every command
# on the bundled sample catalogs (validate in all formats, diff, certs, publish incl. xlsx,
# rules, schema, init), with the same exit codes. Needs qemu-aarch64-static (binfmt_misc not
# required: qemu is called explicitly).
#   qemu_cli_test.sh SOURCE_DIR X86_64_SHITONG AARCH64_SHITONG
set -euo pipefail
src=$1 native=$(realpath "$2") arm=$(realpath "$3")
qemu=$(command -v qemu-aarch64-static) || { echo "qemu-aarch64-static is not installed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src/catalogs" "$tmp/catalogs"
p="catalogs/山东省/370000-山东省.yaml catalogs/河南省/410000-河南省.yaml"
commands=(
  "--version"
  "validate --no-cache"
  "validate --no-cache --lang en --format json"
  "validate --no-cache --format sarif"
  "validate --no-cache --format junit"
  "validate --no-cache --format markdown"
  "validate --no-cache --format html"
  "validate --no-cache --jobs 4 --format github"
  "diff catalogs"
  "diff catalogs --format html"
  "certs catalogs"
  "certs catalogs --graph mermaid"
  "publish $p -l zero-visit --combined -f md --stats"
  "publish $p -l all -f csv --combined"
  "publish $p -l one-visit -f xlsx --combined -o out.xlsx"
  "rules --format json"
  "schema catalog"
  "init newrepo"
)
fail=0
for c in "${commands[@]}"; do
  for who in native arm; do
    mkdir -p "$tmp/$who" && rm -rf "$tmp/$who"/* && cp -r "$tmp/catalogs" "$tmp/$who/"
    if [ $who = native ]; then run=("$native"); else run=("$qemu" "$arm"); fi
    # shellcheck disable=SC2086 # c is a word list
    (cd "$tmp/$who" && { "${run[@]}" $c > stdout 2> stderr && e=0 || e=$?; echo "exit $e" >> stdout; })
    # the xlsx: compare the sheet, not the zip (which holds a creation time)
    if [ -f "$tmp/$who/out.xlsx" ]; then (cd "$tmp/$who" && unzip -p out.xlsx xl/worksheets/sheet1.xml xl/sharedStrings.xml >> stdout); fi
    if [ -d "$tmp/$who/newrepo" ]; then (cd "$tmp/$who" && find newrepo -type f | sort | xargs cat >> stdout); fi
  done
  if [ "$c" = "--version" ]; then
    sed -i 's/linux-x86_64/ARCH/' "$tmp/native/stdout"; sed -i 's/linux-aarch64/ARCH/' "$tmp/arm/stdout"
  fi
  if cmp -s "$tmp/native/stdout" "$tmp/arm/stdout" && cmp -s "$tmp/native/stderr" "$tmp/arm/stderr"; then
    echo "ok: shitong $c ($(grep -m1 '^exit ' "$tmp/arm/stdout"))"
  else
    echo "FAIL: shitong $c differs on aarch64"; diff <(cat "$tmp/native/stdout" "$tmp/native/stderr") <(cat "$tmp/arm/stdout" "$tmp/arm/stderr") | head -n 20 || true; fail=1
  fi
done
exit $fail
