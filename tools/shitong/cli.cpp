#include "cli.hpp"
#include "build_info.hpp"

#include <shitong/report.hpp>

#include <fmt/format.h>

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

int fail(Io &io, const std::string &message) {
  io.err << "shitong: error: " << message << "\n";
  return k_failure;
}

int run(const std::vector<std::string> &args, Io &io) {
  CLI::App app{"shitong (十同): 审批服务事项目录“三级十同”检查工具\n"
               "checks government service-item catalogs against the three-level, ten-field standard",
               "shitong"};
  app.set_version_flag("--version", version_line());
  app.require_subcommand(1);
  app.fallthrough(false);
  Action action;
  setup_validate(app, io, action);
  setup_diff(app, io, action);
  setup_certs(app, io, action);
  setup_publish(app, io, action);
  setup_baseline(app, io, action);
  setup_rules(app, io, action);
  setup_schema(app, io, action);
  setup_init(app, io, action);
  setup_import(app, io, action);
  setup_export(app, io, action);
  app.footer("Run `shitong <command> --help` for a command's options. Docs: docs/ (rules: docs/rules.md).");
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
    io.err << "Run `shitong --help` for usage.\n";
    return k_failure;
  }
  if (!action) return fail(io, "no command given; run `shitong --help`");
  try {
    return action();
  } catch (const std::exception &e) {
    return fail(io, e.what());
  }
}

} // namespace shitong::cli
