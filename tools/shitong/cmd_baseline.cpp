// shitong baseline [PATH...] -o .shitong-baseline.json: record today's findings as accepted,
// so that `validate --baseline` reports only new ones.
#include "cli.hpp"

#include <shitong/baseline.hpp>
#include <shitong/config.hpp>
#include <shitong/output.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

namespace shitong::cli {

namespace {
struct BaselineArgs {
  std::vector<std::string> paths;
  std::string output = ".shitong-baseline.json";
  std::string config;
  bool no_config = false;
  unsigned jobs = 0;
};

int run_baseline(const BaselineArgs &a, Io &io) {
  ValidateOptions opt;
  opt.jobs = a.jobs;
  if (!resolve_config(a.config, a.no_config, io, opt.config)) return k_failure;
  opt.paths = a.paths;
  if (opt.paths.empty()) opt.paths.emplace_back("catalogs");
  ValidateResult r = validate(opt);
  for (auto &e : r.errors) io.err << "shitong: error: " << e << "\n";
  if (!r.errors.empty()) return k_failure;
  if (auto err = write_file_atomic(a.output, baseline_json(r)); !err.empty()) return fail(io, err);
  io.out << fmt::format("wrote {}: {} finding(s) accepted ({} error, {} warning, {} info)\n", a.output,
                        r.findings.size(), r.summary.by_severity[2], r.summary.by_severity[1],
                        r.summary.by_severity[0]);
  return k_ok;
}
} // namespace

void setup_baseline(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<BaselineArgs>();
  auto *cmd = app.add_subcommand(
      "baseline", "记录当前发现为基线 / record current findings so validate --baseline reports only new ones");
  cmd->add_option("paths", args->paths, "files or directories (default ./catalogs)");
  cmd->add_option("--output,-o", args->output, "baseline file (written atomically)")->capture_default_str();
  cmd->add_option("--config,-c", args->config, "config file (default: .shitong.yaml here or in a parent directory)");
  cmd->add_flag("--no-config", args->no_config, "ignore any .shitong.yaml");
  cmd->add_option("--jobs,-j", args->jobs, "parallel jobs (default: hardware threads)");
  cmd->footer("Entries are keyed by rule, region, item, field path (without indexes) and message, not by line: edits "
              "elsewhere keep them valid.\nDocs: docs/ci.md");
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_baseline(*args, io); }; });
}

} // namespace shitong::cli
