// shitong validate [PATH...]: check catalogs and registries; print findings like a compiler.
#include "cli.hpp"

#include <shitong/config.hpp>
#include <shitong/output.hpp>
#include <shitong/report.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

namespace shitong::cli {

namespace {
struct ValidateArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string lang;
  std::string fail_on;
  std::string config;
  bool no_config = false;
  unsigned jobs = 0;
  std::string output;
  std::string color = "auto";
  bool quiet = false;
};

int run_validate(const ValidateArgs &a, Io &io) {
  ValidateOptions opt;
  opt.jobs = a.jobs;
  // configuration
  if (!a.config.empty()) {
    if (!std::filesystem::is_regular_file(a.config)) return fail(io, fmt::format("config file {} does not exist", a.config));
    opt.config = load_config(a.config);
  } else if (!a.no_config) {
    if (auto found = find_config(io.cwd.empty() ? "." : io.cwd)) opt.config = load_config(*found);
  }
  if (!a.fail_on.empty()) parse_severity(a.fail_on, opt.config.fail_on);
  bool english = a.lang.empty() ? opt.config.english : a.lang == "en";
  // inputs
  opt.paths = a.paths;
  if (opt.paths.empty()) {
    if (!std::filesystem::is_directory("catalogs"))
      return fail(io, english ? "no PATH given and no ./catalogs directory here; run `shitong validate PATH...`"
                              : "没有指定路径，当前目录下也没有 catalogs/ 目录；请运行 shitong validate 路径...");
    opt.paths.push_back("catalogs");
  }
  ValidateResult r = validate(opt);
  for (auto &n : r.notes) io.err << "shitong: warning: " << n << "\n";
  std::string text;
  if (a.format == "json") {
    text = format_json(r, english);
  } else {
    TextOptions t;
    t.english = english;
    t.color = a.output.empty() && (a.color == "always" || (a.color == "auto" && io.out_is_terminal));
    t.summary = !a.quiet;
    text = format_text(r, t);
  }
  if (!a.output.empty()) {
    if (auto err = write_file_atomic(a.output, text); !err.empty()) return fail(io, err);
  } else {
    io.out << text;
  }
  for (auto &e : r.errors) io.err << "shitong: error: " << e << "\n";
  int code = !r.errors.empty() ? k_failure : r.summary.files == 0 ? -1 : r.failed(opt.config.fail_on) ? k_findings : k_ok;
  if (io.disable_free) static_cast<void>(new ValidateResult(std::move(r)));  // freed by process exit
  if (code == -1) return fail(io, english ? "no catalog files found" : "没有找到任何 .yaml/.yml 文件");
  return code;
}
} // namespace

void setup_validate(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<ValidateArgs>();
  auto *cmd = app.add_subcommand("validate", "检查目录文件 / check catalogs and proof registries (default: ./catalogs)");
  cmd->add_option("paths", args->paths, "files or directories (walked recursively for .yaml/.yml; hidden entries skipped)");
  cmd->add_option("--format,-f", args->format, "output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--lang", args->lang, "message language (default: config `lang`, else zh)")->check(CLI::IsMember({"zh", "en"}));
  cmd->add_option("--fail-on", args->fail_on, "lowest severity that makes the exit code 1 (default: config `fail_on`, else error)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  cmd->add_option("--config,-c", args->config, "config file (default: .shitong.yaml here or in a parent directory)");
  cmd->add_flag("--no-config", args->no_config, "ignore any .shitong.yaml");
  cmd->add_option("--jobs,-j", args->jobs, "parallel jobs (default: hardware threads)")->check(CLI::Range(0u, 1024u));
  cmd->add_option("--output,-o", args->output, "write the report to this file (atomically) instead of stdout");
  cmd->add_option("--color", args->color, "colour the text output")->check(CLI::IsMember({"auto", "always", "never"}))->capture_default_str();
  cmd->add_flag("--quiet,-q", args->quiet, "no summary line");
  cmd->footer("Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 the run failed (bad arguments, unreadable path).");
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_validate(*args, io); }; });
}

} // namespace shitong::cli
