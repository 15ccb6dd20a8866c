// shitong diff [PATH...]: the three-level uniformity report of a catalog tree.
// shitong diff OLD NEW: what changed between two versions of one region's catalog.
#include "cli.hpp"

#include <shitong/diff.hpp>
#include <shitong/output.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <map>
#include <ostream>
#include <set>
#include <sstream>

namespace shitong::cli {

namespace {
struct DiffArgs : CommonArgs {
  std::vector<std::string> paths;
  std::string mode = "auto";
  std::vector<std::string> inputs; ///< the paths actually read (the default ./catalogs too)
  bool no_context = false;
};

struct Side {
  std::vector<LoadedFile> files;
  std::map<std::string, const LoadedFile *> by_region;
};

Side load_side(const std::vector<std::string> &paths, unsigned jobs, bool en, std::ostream &err, bool &failed) {
  std::vector<std::string> errors, notes;
  auto names = collect_files(paths, errors, notes);
  for (auto &e : errors) err << "shitong: error: " << e << "\n";
  for (auto &n : notes) err << "shitong: warning: " << n << "\n";
  failed = failed || !errors.empty();
  Side s;
  s.files = load_files(names, jobs);
  for (auto &f : s.files) {
    if (!f.io_error.empty()) {
      err << "shitong: error: " << f.path << ": " << f.io_error << "\n";
      failed = true;
    } else if (!f.readable) { // a catalog in another encoding, broken YAML: never skipped in silence
      err << "shitong: error: " << f.path
          << (en ? ": unreadable, not compared (run `shitong validate` for the reason)\n"
                 : "：无法读取，未参与比较（运行 shitong validate 查看原因）\n");
      failed = true;
    } else if (f.kind == DocKind::catalog && f.catalog.region.code.present) {
      s.by_region.emplace(f.catalog.region.code.value, &f);
    }
  }
  return s;
}

int emit(const DiffArgs &a, Io &io, const std::string &text) {
  if (!a.output.empty()) {
    if (auto err = write_output(a.output, text, a.format, output_policy(a, a.inputs, a.english())); !err.empty())
      return fail(io, err);
    return k_ok;
  }
  io.out << text;
  return k_ok;
}

int run_versions(const DiffArgs &a, Io &io, Side &old_side, Side &new_side, bool failed) {
  bool en = a.english();
  std::set<std::string> regions;
  for (auto &[r, f] : old_side.by_region) regions.insert(r);
  for (auto &[r, f] : new_side.by_region) regions.insert(r);
  std::vector<VersionDiff> diffs;
  LoadedFile empty;
  empty.kind = DocKind::catalog;
  for (auto &r : regions) {
    auto o = old_side.by_region.find(r), n = new_side.by_region.find(r);
    const LoadedFile &of = o != old_side.by_region.end() ? *o->second : empty;
    const LoadedFile &nf = n != new_side.by_region.end() ? *n->second : empty;
    auto d = diff_versions(of, nf);
    if (d.region.empty()) {
      d.region = r;
      d.region_name = of.catalog.region.name.value;
    }
    if (d.old_path.empty()) d.old_path = "/dev/null";
    if (d.new_path.empty()) d.new_path = "/dev/null";
    diffs.push_back(std::move(d));
  }
  std::string text = a.format == "json"       ? version_diff_json(diffs)
                     : a.format == "markdown" ? version_diff_markdown(diffs, en)
                                              : version_diff_text(diffs, en);
  if (int rc = emit(a, io, text); rc != k_ok) return rc;
  if (failed) return k_failure;
  for (auto &d : diffs)
    if (!d.equal()) return k_findings;
  return k_ok;
}

int run_tree(const DiffArgs &a, Io &io, const std::vector<std::string> &paths);

int run_diff(DiffArgs &a, Io &io) {
  bool en = a.english();
  std::vector<std::string> paths = a.paths;
  if (paths.empty()) paths.push_back("catalogs");
  a.inputs = paths;
  if (!a.output.empty())
    if (auto why = check_output(a.output, a.format, output_policy(a, a.inputs, en)); !why.empty()) return fail(io, why);
  bool failed = false;
  if (a.mode == "versions" && paths.size() != 2) return fail(io, "--mode versions takes exactly two paths: OLD NEW");
  if (paths.size() == 2 && a.mode != "tree") {
    std::ostringstream side_err; // printed only when these are versions (a tree run reports for itself)
    Side old_side = load_side({paths[0]}, a.jobs, en, side_err, failed);
    Side new_side = load_side({paths[1]}, a.jobs, en, side_err, failed);
    std::set<std::string> ro, rn;
    for (auto &[r, f] : old_side.by_region) ro.insert(r);
    for (auto &[r, f] : new_side.by_region) rn.insert(r);
    bool same_regions = !ro.empty() && ro == rn;
    if (a.mode == "versions" || same_regions) {
      if (a.format == "html")
        return fail(io, "html is for the uniformity report; use text, json or markdown for a version diff");
      io.err << side_err.str();
      return run_versions(a, io, old_side, new_side, failed);
    }
  }
  return run_tree(a, io, paths);
}

// The uniformity report, through validate's stages (a digest per catalog, never the models).
int run_tree(const DiffArgs &a, Io &io, const std::vector<std::string> &paths) {
  ValidateOptions opt;
  opt.paths = paths;
  opt.jobs = a.jobs;
  opt.context = !a.no_context;
  if (!resolve_config(a.config, a.no_config, io, opt.config)) return k_failure;
  bool en = a.english(opt.config);
  ValidateResult run;
  LevelReport report = uniformity_report(opt, run);
  bool failed = !run.errors.empty();
  for (auto &e : run.errors) io.err << "shitong: error: " << e << "\n";
  for (auto &n : run.notes) io.err << "shitong: warning: " << n << "\n";
  for (const auto &f : run.files)
    if (f.io_error.empty() && !f.readable) { // a catalog in another encoding, broken YAML: never skipped in silence
      io.err << "shitong: error: " << f.path
             << (en ? ": unreadable, not compared (run `shitong validate` for the reason)\n"
                    : "：无法读取，未参与比较（运行 shitong validate 查看原因）\n");
      failed = true;
    }
  if (report.reported() == 0 && report.unreadable.empty())
    return fail(io, en ? "no readable catalog in the inputs" : "输入中没有可读取的事项目录");
  std::string text = a.format == "json"       ? uniformity_json(report, en)
                     : a.format == "markdown" ? uniformity_markdown(report, en)
                     : a.format == "html"     ? uniformity_html(report, en)
                                              : uniformity_text(report, en);
  if (int rc = emit(a, io, text); rc != k_ok) return rc;
  if (failed) return k_failure;
  for (std::size_t k = 0; k < report.nodes.size(); ++k) {
    if (report.nodes[k].context) continue;
    const auto &u = report.uniformity[k];
    if (u.identical != u.with_reference || u.extra || u.code_mismatch || u.missing) return k_findings;
  }
  return k_ok;
}
} // namespace

void setup_diff(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<DiffArgs>();
  auto *cmd =
      app.add_subcommand("diff", tr(io, "三级十同一致性报告，或同一区划目录两个版本（旧 新）的差异",
                                    "uniformity report of a tree, or OLD NEW versions of one region's catalog"));
  cmd->add_option("paths", args->paths,
                  tr(io, "一个目录树（默认 ./catalogs），或 旧 新 两个文件/文件夹",
                     "a catalog tree (default ./catalogs), or OLD NEW (files or directories)"));
  add_format(*cmd, *args, {"text", "json", "markdown", "html"},
             tr(io, "输出格式（html 只用于一致性报告）", "output format (html: uniformity report only)"), "text", io);
  cmd->add_option("--mode", args->mode,
                  tr(io, "auto：两个路径含相同区划时比较版本，否则为目录树；或强制 tree / versions",
                     "auto: two paths holding the same regions are versions, anything else a tree; or force tree / "
                     "versions"))
      ->check(CLI::IsMember({"auto", "tree", "versions"}))
      ->capture_default_str();
  add_common(*cmd, *args, k_opt_config | k_opt_lang | k_opt_jobs | k_opt_output, io);
  add_no_context(*cmd, args->no_context, io);
  cmd->footer(exit_footer(io, "0 一致 / 版本相同；1 有差异；2 运行失败（含无法读取的文件）。文档：docs/levels.md",
                          "0 uniform / versions equal; 1 differences; 2 the run failed (an unreadable file too). "
                          "Docs: docs/levels.md"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_diff(*args, io); }; });
}

} // namespace shitong::cli
