// shitong validate [PATH...]: check catalogs and registries; print findings like a compiler.
#include "cli.hpp"

#include <shitong/baseline.hpp>
#include <shitong/config.hpp>
#include <shitong/import.hpp>
#include <shitong/output.hpp>
#include <shitong/report.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>

#include <unistd.h>

namespace shitong::cli {

namespace {
struct ValidateArgs : CommonArgs {
  std::vector<std::string> paths;
  std::string fail_on;
  std::string color = "auto";
  bool quiet = false;
  std::vector<std::string> reports; // FORMAT=PATH
  std::string baseline;
  std::string changed_since;
  std::string root = ".";
  std::string cache_dir;
  bool no_cache = false;
  bool no_context = false;
  bool verbose = false;
};

const std::vector<std::string> k_formats = {"text", "json", "sarif", "junit", "github", "markdown", "html"};

std::string render(const std::string &format, const ValidateResult &r, bool english, const std::string &root,
                   bool color, bool summary) {
  CiOptions ci{english, root};
  if (format == "json") return format_json(r, english);
  if (format == "sarif") return format_sarif(r, ci);
  if (format == "junit") return format_junit(r, ci);
  if (format == "github") return format_github(r, ci);
  if (format == "markdown") return format_markdown(r, ci);
  if (format == "html") return format_html(r, ci);
  TextOptions t;
  t.english = english;
  t.color = color;
  t.summary = summary;
  return format_text(r, t);
}

/// Files changed since `rev` (committed, staged, unstaged and untracked), as absolute paths.
bool changed_files(const std::string &rev, std::vector<std::string> &out, std::string &error) {
  auto run = [&](const std::string &cmd, std::vector<std::string> &lines) {
    FILE *p = ::popen(cmd.c_str(), "r");
    if (!p) return false;
    char buf[4096];
    std::string acc;
    while (std::fgets(buf, sizeof buf, p)) acc += buf;
    int rc = ::pclose(p);
    std::size_t pos = 0;
    while (pos < acc.size()) {
      auto nl = acc.find('\n', pos);
      std::string line = acc.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      if (!line.empty()) lines.push_back(line);
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
    return rc == 0;
  };
  auto quote = [](const std::string &s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  std::vector<std::string> top;
  if (!run("git rev-parse --show-toplevel 2>/dev/null", top) || top.empty()) {
    error = "--changed-since needs a git repository (git rev-parse --show-toplevel failed)";
    return false;
  }
  std::vector<std::string> names;
  if (!run("git -c core.quotepath=off diff --name-only " + quote(rev) + " -- 2>/dev/null", names)) {
    error = fmt::format("--changed-since: git cannot diff against '{}'", rev);
    return false;
  }
  run("git -c core.quotepath=off ls-files --others --exclude-standard --full-name 2>/dev/null", names);
  for (auto &n : names) out.push_back(top.front() + "/" + n);
  return true;
}

/// The cache directory: --cache-dir, else $SHITONG_CACHE_DIR; default ./.shitong-cache when this
/// directory is writable (a read-only checkout simply runs without the cache); "" with --no-cache.
std::string cache_dir(const ValidateArgs &a) {
  if (a.no_cache) return {};
  const char *env = std::getenv("SHITONG_CACHE_DIR");
  if (!a.cache_dir.empty()) return a.cache_dir;
  if (env && *env) return env;
  if (::access(".", W_OK) == 0 || std::filesystem::is_directory(".shitong-cache")) return ".shitong-cache";
  return {};
}

/// The progress line on stderr for runs longer than a second: files, items/s, time left.
std::function<void(std::size_t, std::size_t, std::uint64_t, bool)> progress_line(Io &io, bool english) {
  auto start = std::chrono::steady_clock::now();
  return [&io, start, english, shown = false](std::size_t done, std::size_t total, std::uint64_t items,
                                              bool finished) mutable {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (finished) {
      if (shown) io.err << "\r\033[K" << std::flush;
      return;
    }
    if (secs < 1.0 || done == 0) return;
    shown = true;
    double left = secs * static_cast<double>(total - done) / static_cast<double>(done);
    double rate = static_cast<double>(items) / secs;
    io.err << (english ? fmt::format("\r\033[K  checked {}/{} files, {:.0f} items/s, about {:.0f} s left", done, total,
                                     rate, left)
                       : fmt::format("\r\033[K  已检查 {}/{} 个文件，每秒 {:.0f} 个事项，约剩 {:.0f} 秒", done, total,
                                     rate, left))
           << std::flush;
  };
}

/// --verbose: what the run parsed, reused and compared, and how long each stage took.
void print_run_stats(const ValidateResult &r, const ValidateOptions &opt, bool english, Io &io) {
  const auto &st = r.stats;
  io.err << (english ? fmt::format("shitong: {} file(s): {} parsed, {} from the cache ({}); {} catalog(s) compared "
                                   "with the catalogs above them\n",
                                   r.files.size(), st.parsed, st.reused,
                                   opt.cache_dir.empty() ? std::string("no cache") : opt.cache_dir, st.compared)
                     : fmt::format("shitong: {} 个文件：解析 {} 个，{} 个取自缓存（{}）；{} 个目录与上级目录作了比对\n",
                                   r.files.size() + r.context_files.size(), st.parsed, st.reused,
                                   opt.cache_dir.empty() ? std::string("未用缓存") : opt.cache_dir, st.compared));
  io.err << (english
                 ? fmt::format("shitong: {:.3f} s cache and headers, {:.3f} s registries, {:.3f} s "
                               "load/check/compare ({} round(s)), {:.3f} s proof graph and sorting\n",
                               st.scan_seconds, st.registry_seconds, st.rounds_seconds, st.rounds, st.finish_seconds)
                 : fmt::format("shitong: 缓存与文件头 {:.3f} 秒，证明事项清单 {:.3f} 秒，读取/检查/比对 {:.3f} "
                               "秒（{} 轮），证明关系图与排序 {:.3f} 秒\n",
                               st.scan_seconds, st.registry_seconds, st.rounds_seconds, st.rounds, st.finish_seconds));
  if (st.spilled_digests > 0)
    io.err << (english ? fmt::format("shitong: {} proof digest(s), {:.1f} MiB, kept in a temporary file (memory "
                                     "bound of the proof graph)\n",
                                     st.spilled_digests, static_cast<double>(st.spilled_bytes) / (1 << 20))
                       : fmt::format("shitong: {} 份证明摘要（{:.1f} MiB）暂存在临时文件中（证明关系图的内存上限）\n",
                                     st.spilled_digests, static_cast<double>(st.spilled_bytes) / (1 << 20)));
}

/// Applies the baseline and notes its entries that no longer occur; with `changed`
/// (--changed-since), only those the change can affect.
void note_stale_baseline(ValidateResult &r, const Baseline &baseline, const std::vector<std::string> *changed,
                         bool english, Io &io) {
  auto stale = apply_baseline(r, baseline);
  if (changed) {
    // entries outside the change did not occur because their findings were left out, not
    // because they were fixed: keep the notes for entries the change can affect
    ValidateResult probe;
    probe.files = std::move(r.files);
    for (std::size_t i = 0; i < stale.size(); ++i) {
      Finding f;
      f.rule = stale[i].rule;
      f.region = stale[i].region;
      f.message_zh = std::to_string(i);
      probe.findings.push_back(std::move(f));
    }
    keep_changed(probe, *changed);
    r.files = std::move(probe.files);
    std::vector<BaselineEntry> inside;
    for (const auto &f : probe.findings) inside.push_back(stale[std::stoul(f.message_zh)]);
    stale = std::move(inside);
  }
  for (const auto &e : stale)
    io.err << fmt::format("shitong: note: {}: {} {} {} {}\n",
                          english ? "baseline entry no longer occurs (fixed? update the baseline)"
                                  : "基线条目已不再出现（已修复？请更新基线）",
                          e.rule, e.region, e.item, e.path);
}

int run_validate(const ValidateArgs &a, Io &io) {
  ValidateOptions opt;
  opt.jobs = a.jobs;
  opt.context = !a.no_context;
  opt.cache_dir = cache_dir(a);
  if (!resolve_config(a.config, a.no_config, io, opt.config)) return k_failure;
  if (!a.fail_on.empty()) parse_severity(a.fail_on, opt.config.fail_on);
  bool english = a.english(opt.config);
  // inputs
  opt.paths = a.paths;
  if (opt.paths.empty()) {
    if (!std::filesystem::is_directory("catalogs"))
      return fail(io, english ? "no PATH given and no ./catalogs directory here; run `shitong validate PATH...`"
                              : "没有指定路径，当前目录下也没有 catalogs/ 目录；请运行 shitong validate 路径...");
    opt.paths.push_back("catalogs");
  }
  // outputs: check the arguments and the targets before the (possibly long) run
  OutputPolicy policy = output_policy(a, opt.paths, english);
  if (!a.baseline.empty()) policy.inputs.push_back(a.baseline);
  std::vector<std::pair<std::string, std::string>> reports;
  for (const auto &spec : a.reports) {
    auto eq = spec.find('=');
    std::string format = spec.substr(0, eq);
    if (eq == std::string::npos || eq + 1 == spec.size() ||
        std::find(k_formats.begin(), k_formats.end(), format) == k_formats.end())
      return fail(
          io,
          fmt::format(fmt::runtime(english ? "--report {}: expected FORMAT=PATH with FORMAT one of text, json, sarif, "
                                             "junit, github, markdown, html"
                                           : "--report {}：应为 格式=路径，格式为 text、json、sarif、junit、github、"
                                             "markdown、html 之一"),
                      spec));
    reports.emplace_back(format, spec.substr(eq + 1));
  }
  if (!a.output.empty())
    if (auto why = check_output(a.output, a.format, policy); !why.empty()) return fail(io, why);
  for (const auto &[format, path] : reports) {
    if (path == a.output)
      return fail(io, fmt::format(fmt::runtime(english ? "--report {}={}: the same file as -o"
                                                       : "--report {}={}：与 -o 是同一个文件"),
                                  format, path));
    if (auto why = check_output(path, format, policy); !why.empty()) return fail(io, why);
  }
  Baseline baseline;
  if (!a.baseline.empty()) {
    if (!std::filesystem::is_regular_file(a.baseline))
      return fail(io, fmt::format(fmt::runtime(english ? "baseline file {} does not exist" : "基线文件 {} 不存在"),
                                  a.baseline));
    baseline = load_baseline(a.baseline);
    if (!baseline.problems.empty()) {
      for (auto &p : baseline.problems)
        io.err << fmt::format("shitong: error: {}:{}:{}: {}\n", p.location.file, p.location.line, p.location.column,
                              p.message(english));
      return k_failure;
    }
  }
  std::vector<std::string> changed;
  if (!a.changed_since.empty()) {
    std::string err;
    if (!changed_files(a.changed_since, changed, err)) return fail(io, err);
  }
  if (io.err_is_terminal && !a.quiet) opt.progress = progress_line(io, english);
  ValidateResult r = validate(opt);
  attach_import_sources(r.findings); // 来源: the spreadsheet row of each finding in an imported item
  for (auto &n : r.notes) io.err << "shitong: warning: " << n << "\n";
  if (a.verbose) print_run_stats(r, opt, english, io);
  if (!a.changed_since.empty()) keep_changed(r, changed);
  if (!a.baseline.empty()) note_stale_baseline(r, baseline, a.changed_since.empty() ? nullptr : &changed, english, io);
  bool color = a.output.empty() && (a.color == "always" || (a.color == "auto" && io.out_is_terminal));
  std::string text = render(a.format, r, english, a.root, color, !a.quiet);
  if (!a.output.empty()) {
    if (auto err = write_output(a.output, text, a.format, policy); !err.empty()) return fail(io, err);
  } else {
    io.out << text;
  }
  for (const auto &[format, path] : reports)
    if (auto err = write_output(path, render(format, r, english, a.root, false, true), format, policy); !err.empty())
      return fail(io, err);
  // GitHub shows only a few annotations per step: add the summary to the job page too
  bool github = a.format == "github";
  for (const auto &rep : reports) github = github || rep.first == "github";
  if (const char *summary = std::getenv("GITHUB_STEP_SUMMARY"); github && summary && *summary) {
    std::ofstream out(summary, std::ios::app);
    out << format_markdown(r, CiOptions{english, a.root});
  }
  for (auto &e : r.errors) io.err << "shitong: error: " << e << "\n";
  int code = !r.errors.empty()              ? k_failure
             : r.summary.files == 0         ? -1
             : r.failed(opt.config.fail_on) ? k_findings
                                            : k_ok;
  if (io.disable_free) static_cast<void>(new ValidateResult(std::move(r))); // freed by process exit
  if (code == -1) return fail(io, english ? "no catalog files found" : "没有找到任何 .yaml/.yml 文件");
  return code;
}
} // namespace

void setup_validate(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<ValidateArgs>();
  auto *cmd = app.add_subcommand("validate", tr(io, "检查事项目录和证明事项清单（默认：./catalogs）",
                                                "check catalogs and proof registries (default: ./catalogs)"));
  cmd->add_option("paths", args->paths,
                  tr(io, "文件或文件夹（递归查找 .yaml/.yml，跳过隐藏项）",
                     "files or directories (walked recursively for .yaml/.yml; hidden entries skipped)"));
  add_format(*cmd, *args, k_formats, tr(io, "标准输出（或 -o）的格式", "output format on stdout (or -o)"), "text", io);
  cmd->add_option("--report", args->reports,
                  tr(io, "另外写入 格式=路径（可重复），例如 --report sarif=shitong.sarif --report junit=junit.xml",
                     "also write FORMAT=PATH (repeatable), e.g. --report sarif=shitong.sarif --report junit=junit.xml"))
      ->allow_extra_args(false);
  cmd->add_option("--baseline", args->baseline,
                  tr(io, "只报告基线（见 shitong baseline）中没有的发现；不再出现的基线条目在标准错误上提示",
                     "report only findings not in this baseline (see `shitong baseline`); stale entries are noted on "
                     "stderr"));
  cmd->add_option("--changed-since", args->changed_since,
                  tr(io, "只报告自此 git 版本以来的改动可能影响的发现（合并请求）",
                     "report only findings a change since this git revision can affect (pull requests)"));
  cmd->add_option("--root", args->root,
                  tr(io, "仓库根目录：SARIF、JUnit 和 GitHub 输出中的路径相对于它",
                     "repository root: SARIF, JUnit and GitHub paths are relative to it"))
      ->capture_default_str();
  add_common(*cmd, *args, k_opt_lang | k_opt_config | k_opt_jobs | k_opt_output, io);
  cmd->add_option("--fail-on", args->fail_on,
                  tr(io, "使退出码为 1 的最低级别（默认：配置中的 fail_on，否则 error）",
                     "lowest severity that makes the exit code 1 (default: config `fail_on`, else error)"))
      ->check(CLI::IsMember({"error", "warning", "info"}));
  cmd->add_option("--color", args->color, tr(io, "文本输出是否着色", "colour the text output"))
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("--quiet,-q", args->quiet, tr(io, "不输出汇总行", "no summary line"));
  cmd->add_option("--cache-dir", args->cache_dir,
                  tr(io,
                     "增量缓存目录（默认：$SHITONG_CACHE_DIR，否则 ./.shitong-cache）；未改动的文件不再解析，"
                     "结果与不用缓存时相同",
                     "incremental cache directory (default: $SHITONG_CACHE_DIR, else ./.shitong-cache); unchanged "
                     "files are not parsed again, results are identical without it"));
  cmd->add_flag("--no-cache", args->no_cache, tr(io, "不读也不写缓存", "neither read nor write the cache"));
  add_no_context(*cmd, args->no_context, io);
  cmd->add_flag("--verbose,-v", args->verbose,
                tr(io, "在标准错误上说明解析了多少文件、多少取自缓存",
                   "say on stderr how many files were parsed and taken from the cache"));
  cmd->footer(exit_footer(io,
                          "0 没有达到 --fail-on 级别的发现；1 至少有一个；2 运行失败（参数错误、路径无法读取、"
                          "输出无法写入）",
                          "0 no finding at or above --fail-on; 1 at least one; 2 the run failed (bad arguments, "
                          "unreadable path, unwritable output)"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_validate(*args, io); }; });
}

} // namespace shitong::cli
