#include "cli.hpp"
#include "build_info.hpp"

#include <shitong/report.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace shitong::cli {

bool resolve_config(const std::string &path, bool no_config, Io &io, Config &out) {
  if (!path.empty()) {
    if (!std::filesystem::is_regular_file(path)) {
      fail(io, fmt::format("config file {} does not exist", path));
      return false;
    }
    out = load_config(path);
  } else if (!no_config) {
    if (auto found = find_config(io.cwd.empty() ? "." : io.cwd)) out = load_config(*found);
  }
  return true;
}

void add_no_context(CLI::App &cmd, bool &no_context, const Io &io) {
  cmd.add_flag("--no-context", no_context,
               tr(io, "不加载仓库上下文（上级、下级目录和证明事项清单），只用给出的文件；未能执行的比对会说明",
                  "do not load the repository context (upper and lower catalogs, proof registries): only the "
                  "given files; the comparisons that could not be made are named"));
}

void add_common(CLI::App &cmd, CommonArgs &a, unsigned which, const Io &io) {
  if (which & k_opt_lang)
    cmd.add_option("--lang", a.lang,
                   tr(io, "消息语言 zh | en（默认：配置中的 lang，否则 zh）",
                      "message language zh | en (default: config `lang`, else zh)"))
        ->check(CLI::IsMember({"zh", "en"}));
  if (which & k_opt_config) {
    cmd.add_option("--config,-c", a.config,
                   tr(io, "配置文件（默认：当前目录或上级目录中的 .shitong.yaml）",
                      "config file (default: .shitong.yaml here or in a parent directory)"));
    cmd.add_flag("--no-config", a.no_config, tr(io, "不读取任何 .shitong.yaml", "ignore any .shitong.yaml"));
  }
  if (which & k_opt_jobs)
    cmd.add_option("--jobs,-j", a.jobs,
                   tr(io, "并行任务数（默认：CPU 线程数）", "parallel jobs (default: hardware threads)"))
        ->check(CLI::Range(0u, 1024u));
  if (which & k_opt_output) {
    cmd.add_option("--output,-o", a.output,
                   tr(io, "写入此文件（原子写入）而不是标准输出；不会写到输入文件上",
                      "write to this file (atomically) instead of stdout; never onto an input"));
    cmd.add_flag("--force", a.force,
                 tr(io, "替换已存在的输出文件（输入文件和事项目录永不替换）",
                    "replace existing output files (inputs and catalogs are never replaced)"));
  }
}

CLI::Option *add_format(CLI::App &cmd, CommonArgs &a, const std::vector<std::string> &values, const std::string &help,
                        const std::string &fallback, const Io &io) {
  if (!fallback.empty() && a.format.empty()) a.format = fallback;
  std::string list;
  for (const auto &v : values) list += (list.empty() ? "" : " | ") + v;
  auto *opt = cmd.add_option("--format,-f", a.format, fmt::format("{}：{}", help, list))->check(CLI::IsMember(values));
  if (io.help_english) opt->description(fmt::format("{}: {}", help, list));
  if (!fallback.empty()) opt->capture_default_str();
  return opt;
}

OutputPolicy output_policy(const CommonArgs &a, const std::vector<std::string> &inputs, bool english) {
  OutputPolicy p;
  p.inputs = inputs;
  if (!a.config.empty()) p.inputs.push_back(a.config);
  p.force = a.force;
  p.english = english;
  return p;
}

std::string exit_footer(const Io &io, const char *zh, const char *en) {
  return tr(io, "退出码：", "Exit codes: ") + tr(io, zh, en) + tr(io, "（见 docs/output.md）", " (see docs/output.md)");
}

int fail(Io &io, const std::string &message) {
  io.err << "shitong: error: " << message << "\n";
  return k_failure;
}

int run(const std::vector<std::string> &args, Io &io) {
  // the language of --help: `--lang en` anywhere on the command line, else SHITONG_LANG
  const char *env_lang = std::getenv("SHITONG_LANG");
  io.help_english = env_lang && std::string_view(env_lang).substr(0, 2) == "en";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--lang" && i + 1 < args.size()) io.help_english = args[i + 1] == "en";
    if (args[i].rfind("--lang=", 0) == 0) io.help_english = args[i] == "--lang=en";
  }
  CLI::App app{io.help_english ? "shitong (十同): checks government service-item catalogs against the three-level, "
                                 "ten-field standard (三级十同)"
                               : "shitong（十同）：审批服务事项目录“三级十同”检查工具",
               "shitong"};
  if (!io.help_english) {
    auto f = app.get_formatter();
    f->label("Usage", "用法");
    f->label("OPTIONS", "选项");
    f->label("SUBCOMMAND", "命令");
    f->label("SUBCOMMANDS", "命令");
    f->label("Positionals", "位置参数");
    f->label("REQUIRED", "必填");
    f->label("TEXT", "文本");
    f->label("UINT", "整数");
    f->label("INT", "整数");
    app.option_defaults()->group("选项");
  }
  app.set_help_flag("-h,--help", tr(io, "显示帮助并退出（英文帮助：--lang en --help）",
                                    "print this help and exit (Chinese help: without --lang en)"));
  app.set_version_flag("--version", version_line(), tr(io, "显示版本并退出", "print the version and exit"));
  app.require_subcommand(1);
  app.fallthrough(false);
  Action action;
  setup_validate(app, io, action);
  setup_fix(app, io, action);
  setup_diff(app, io, action);
  setup_certs(app, io, action);
  setup_publish(app, io, action);
  setup_baseline(app, io, action);
  setup_rules(app, io, action);
  setup_schema(app, io, action);
  setup_init(app, io, action);
  setup_import(app, io, action);
  setup_export(app, io, action);
  for (auto *sub : app.get_subcommands({})) {
    if (!io.help_english) sub->group("命令");
    sub->set_help_flag("-h,--help", tr(io, "显示此命令的帮助并退出", "print this help and exit"));
  }
  app.footer(tr(io,
                "运行 `shitong <命令> --help` 查看命令的选项；英文帮助加 --lang en 或设置 SHITONG_LANG=en。"
                "文档：docs/（规则：docs/rules.md）。",
                "Run `shitong <command> --help` for a command's options. Docs: docs/ (rules: docs/rules.md)."));
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp &e) {
    io.out << app.help();
    return k_ok;
  } catch (const CLI::CallForAllHelp &e) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return k_ok;
  } catch (const CLI::CallForVersion &e) {
    io.out << e.what() << "\n";
    return k_ok;
  } catch (const CLI::ParseError &e) {
    // subcommand help comes as CallForHelp from the subcommand
    if (e.get_exit_code() == 0) {
      io.out << e.what();
      return k_ok;
    }
    io.err << "shitong: error: " << e.what() << "\n";
    io.err << (io.help_english ? "Run `shitong --help` for usage.\n" : "运行 `shitong --help` 查看用法。\n");
    return k_failure;
  }
  if (!action)
    return fail(io, io.help_english ? "no command given; run `shitong --help`" : "没有给出命令；运行 `shitong --help`");
  try {
    return action();
  } catch (const std::exception &e) {
    return fail(io, e.what());
  }
}

} // namespace shitong::cli
