// shitong fix [PATH...]: repair what a machine can repair (docs/fix.md). Runs the same
// validation as `validate`, plans text edits for the fixable findings and prints them as a
// unified diff (exit 1 when there are any), or writes them with --write.
#include "cli.hpp"

#include <shitong/fix.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

namespace shitong::cli {

namespace {
struct FixArgs : CommonArgs {
  std::vector<std::string> paths;
  bool write = false;
  bool align = false;
  bool unsafe = false;
  bool add_missing = false;
  std::vector<std::string> fields;
  std::vector<std::string> items;
};

/// --field values: comma lists of Chinese names or YAML keys. False (after the error) for an unknown one.
bool parse_fields(const std::vector<std::string> &specs, std::vector<TenField> &out, bool english, Io &io) {
  for (const auto &spec : specs) {
    std::size_t start = 0;
    while (start <= spec.size()) {
      std::size_t comma = spec.find_first_of(",，", start);
      std::size_t len = comma == std::string::npos ? std::string::npos : comma - start;
      std::string name = spec.substr(start, len);
      if (!name.empty()) {
        TenField f{};
        if (!parse_ten_field(name, f)) {
          fail(io, fmt::format(fmt::runtime(english ? "--field {}: not one of the ten fields (e.g. 承诺时限 or "
                                                      "time_limit)"
                                                    : "--field {}：不是十同字段（例如 承诺时限 或 time_limit）"),
                               name));
          return false;
        }
        out.push_back(f);
      }
      if (comma == std::string::npos) break;
      start = comma + (spec.compare(comma, 3, "，") == 0 ? 3 : 1);
    }
  }
  return true;
}

/// Writes every fixed file; returns what happened to each.
std::vector<FixWritten> write_all(const FixPlan &plan, bool english) {
  std::vector<FixWritten> out;
  for (const auto &f : plan.files) out.push_back({f.path, write_fixed_file(f.path, f.original, f.fixed, english)});
  return out;
}

int run_fix(const FixArgs &a, Io &io) {
  ValidateOptions opt;
  opt.jobs = a.jobs;
  opt.keep_models = true; // the planners read the models of the files and of their upper catalogs
  if (!resolve_config(a.config, a.no_config, io, opt.config)) return k_failure;
  bool english = a.english(opt.config);
  FixOptions fo;
  fo.align = a.align;
  fo.unsafe = a.unsafe;
  fo.add_missing = a.add_missing;
  if (a.add_missing && !a.align)
    return fail(io, english ? "--add-missing needs --align" : "--add-missing 需要与 --align 一起使用");
  fo.items = a.items;
  fo.config = &opt.config;
  if (!parse_fields(a.fields, fo.fields, english, io)) return k_failure;
  opt.paths = a.paths;
  if (opt.paths.empty()) {
    if (!std::filesystem::is_directory("catalogs"))
      return fail(io, english ? "no PATH given and no ./catalogs directory here; run `shitong fix PATH...`"
                              : "没有指定路径，当前目录下也没有 catalogs/ 目录；请运行 shitong fix 路径...");
    opt.paths.push_back("catalogs");
  }
  FixRun fr = fix_to_fixpoint(opt, fo);
  ValidateResult &r = fr.run;
  for (auto &n : r.notes) io.err << "shitong: warning: " << n << "\n";
  if (!r.errors.empty()) {
    for (auto &e : r.errors) io.err << "shitong: error: " << e << "\n";
    return k_failure;
  }
  if (r.summary.files == 0) return fail(io, english ? "no catalog files found" : "没有找到任何 .yaml/.yml 文件");
  const FixPlan &plan = fr.plan;
  std::vector<FixWritten> written;
  if (a.write) written = write_all(plan, english);
  if (a.format == "json") {
    io.out << format_fix_json(plan, written, english);
  } else {
    if (!a.write) io.out << format_fix_diff(plan);
    io.err << format_fix_summary(plan, written, a.write, english);
  }
  if (io.disable_free) static_cast<void>(new ValidateResult(std::move(r))); // freed by process exit
  if (!a.write) return plan.files.empty() ? k_ok : k_findings;
  for (const auto &w : written)
    if (!w.error.empty()) return k_failure;
  return k_ok;
}
} // namespace

void setup_fix(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<FixArgs>();
  auto *cmd = app.add_subcommand("fix", tr(io, "自动修复能机械修复的问题，或与上级目录对齐（默认只显示差异）",
                                           "repair what a machine can repair, or align with the upper catalog "
                                           "(shows a diff by default)"));
  cmd->add_option("paths", args->paths,
                  tr(io, "文件或文件夹（与 validate 相同；上级目录也要在内）",
                     "files or directories (as for validate; include the upper catalogs)"));
  cmd->add_flag("--write,-w", args->write,
                tr(io, "把修复写入文件（原子写入，保留权限；读取后被改动的文件不写）",
                   "write the fixes (atomically, mode kept; a file changed since it was read is not touched)"));
  cmd->add_flag("--align", args->align,
                tr(io, "三级比对（level-*）的差异改为上级目录的值（配置中已批准的差异除外）",
                   "level-* differences take the upper catalog's value (deviations accepted in the config excepted)"));
  cmd->add_flag("--add-missing", args->add_missing,
                tr(io,
                   "（与 --align 一起）追加上级要求本级实施而本级缺少的事项：复制十个要素，实施主体等本地字段留待填写",
                   "(with --align) append the upper items due at this level that the catalog lacks: the ten fields "
                   "copied, local fields (agency, codes, visits, channels) left for a person"));
  cmd->add_flag("--unsafe", args->unsafe,
                tr(io, "也删除证明事项规则认为不得索要的材料（已取消的证明、奇葩证明），替代方式或理由记为注释",
                   "also remove materials the proof rules say must not be demanded (cancelled or odd proofs), "
                   "recording the replacement or reason as a comment"));
  cmd->add_option("--field", args->fields,
                  tr(io, "只对齐这些十同字段，逗号分隔，中文名或键名均可（例如 承诺时限,申报材料 或 time_limit）",
                     "align only these of the ten fields, comma separated, Chinese names or keys (e.g. "
                     "承诺时限,申报材料 or time_limit)"))
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("--item", args->items,
                  tr(io, "只修复这些事项编码的事项（可重复）", "fix only the items with these codes (repeatable)"))
      ->allow_extra_args(false);
  add_format(*cmd, *args, {"text", "json"},
             tr(io, "输出格式（text：标准输出为差异，标准错误为汇总；json：汇总）",
                "output format (text: the diff on stdout, the summary on stderr; json: the summary)"),
             "text", io);
  add_common(*cmd, *args, k_opt_lang | k_opt_config | k_opt_jobs, io);
  cmd->footer(exit_footer(io,
                          "不加 --write：0 没有可修复的内容；1 有（已打印差异）；2 运行失败。加 --write：0 已写入；"
                          "2 有文件无法写入",
                          "without --write: 0 nothing to fix; 1 fixes shown as a diff; 2 the run failed. With "
                          "--write: 0 written; 2 a file could not be written"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_fix(*args, io); }; });
}

} // namespace shitong::cli
