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
struct BaselineArgs : CommonArgs {
  std::vector<std::string> paths;
  BaselineArgs() { output = ".shitong-baseline.json"; }
};

int run_baseline(const BaselineArgs &a, Io &io) {
  ValidateOptions opt;
  opt.jobs = a.jobs;
  if (!resolve_config(a.config, a.no_config, io, opt.config)) return k_failure;
  bool en = a.english(opt.config);
  opt.paths = a.paths;
  if (opt.paths.empty()) opt.paths.emplace_back("catalogs");
  OutputPolicy policy = output_policy(a, opt.paths, en);
  if (auto why = check_output(a.output, "baseline", policy); !why.empty()) return fail(io, why);
  ValidateResult r = validate(opt);
  for (auto &e : r.errors) io.err << "shitong: error: " << e << "\n";
  if (!r.errors.empty()) return k_failure;
  if (auto err = write_output(a.output, baseline_json(r), "baseline", policy); !err.empty()) return fail(io, err);
  io.out << (en ? fmt::format("wrote {}: {} finding(s) accepted ({} error, {} warning, {} info)\n", a.output,
                              r.findings.size(), r.summary.by_severity[2], r.summary.by_severity[1],
                              r.summary.by_severity[0])
                : fmt::format("已写入 {}：接受 {} 个发现（{} 个错误，{} 个警告，{} 个提示）\n", a.output,
                              r.findings.size(), r.summary.by_severity[2], r.summary.by_severity[1],
                              r.summary.by_severity[0]));
  return k_ok;
}
} // namespace

void setup_baseline(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<BaselineArgs>();
  auto *cmd =
      app.add_subcommand("baseline", tr(io, "把当前的发现记录为基线，此后 validate --baseline 只报告新发现",
                                        "record current findings so validate --baseline reports only new ones"));
  cmd->add_option("paths", args->paths,
                  tr(io, "文件或文件夹（默认 ./catalogs）", "files or directories (default ./catalogs)"));
  add_common(*cmd, *args, k_opt_lang | k_opt_config | k_opt_jobs | k_opt_output, io);
  cmd->get_option("--output")
      ->description(tr(io, "基线文件（原子写入；已存在时需 --force 才替换）",
                       "baseline file (written atomically; an existing one is replaced only with --force)"))
      ->capture_default_str();
  cmd->footer(tr(io,
                 "条目按规则、区划、事项、字段路径（不含下标）和消息记录，与行号无关：别处的修改不会使其失效。\n"
                 "更新基线：shitong baseline --force。退出码：0 已写入；2 运行失败。文档：docs/ci.md",
                 "Entries are keyed by rule, region, item, field path (without indexes) and message, not by line: "
                 "edits elsewhere keep them valid.\nUpdate it with `shitong baseline --force`. Exit codes: 0 written; "
                 "2 the run failed. Docs: docs/ci.md"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_baseline(*args, io); }; });
}

} // namespace shitong::cli
