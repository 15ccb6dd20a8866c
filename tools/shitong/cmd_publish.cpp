// shitong publish [PATH...]: the item lists citizens read (docs/format.md §11) -- 零跑腿, 只跑一次,
// 最多跑一次, 你不用跑我来跑, or all items -- as HTML, Markdown, CSV, XLSX or JSON; or, with
// --stats, the figures per catalog. Validates the inputs first and refuses when they have error
// findings, unless --allow-errors (then every output is stamped 未经校验 / NOT VALIDATED).
#include "cli.hpp"

#include <shitong/config.hpp>
#include <shitong/output.hpp>
#include <shitong/publish.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <mutex>
#include <ostream>
#include <set>

namespace shitong::cli {

namespace {
namespace fs = std::filesystem;

struct PublishArgs : CommonArgs { // format "": from the extension of -o, else md (text for --stats)
  std::vector<std::string> paths;
  std::string list = "all";
  bool combined = false;
  bool stats = false;
  bool allow_errors = false;
  bool no_context = false;
};

/// A file name part from a region code: the code itself when it is plain [0-9A-Za-z], else
/// "catalog<n>" (a hostile code such as "../x" never becomes a path).
std::string file_stem(const std::string &code, std::size_t n) {
  bool plain = !code.empty() && code.size() <= 20 && std::all_of(code.begin(), code.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
  return plain ? code : fmt::format("catalog{}", n + 1);
}

std::string lower_extension(const std::string &path) {
  std::string ext = fs::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool is_directory_target(const std::string &path) {
  std::error_code ec;
  return (!path.empty() && path.back() == '/') || fs::is_directory(path, ec);
}

/// The refusal: how many error findings, in which files, and what to do.
std::string refusal(const std::map<std::string, std::size_t> &errors_by_file, std::size_t total,
                    const std::vector<std::string> &paths, bool en) {
  std::string cmd = "shitong validate";
  for (const auto &p : paths) cmd += " " + p;
  std::string o =
      en ? fmt::format("not published: the inputs have {} error findings; lists are published only from catalogs "
                       "without errors.\n",
                       total)
         : fmt::format("不发布：输入中有 {} 个错误级问题；清单只能从没有错误的目录发布。\n", total);
  for (const auto &[file, n] : errors_by_file)
    o += en ? fmt::format("  {}: {} errors\n", file, n) : fmt::format("  {}：{} 个错误\n", file, n);
  o += en ? fmt::format(
                "Run `{}` to see and fix them, or add --allow-errors to publish anyway: every output is then stamped "
                "未经校验 / NOT VALIDATED.\n",
                cmd)
          : fmt::format("运行 `{}` 查看并修正；确需发布时加 --allow-errors，输出会标注“未经校验 / NOT VALIDATED”。\n",
                        cmd);
  return o;
}

int write_all(const std::vector<std::pair<std::string, std::string>> &files, const std::string &format,
              const OutputPolicy &policy, Io &io, const std::vector<std::size_t> &counts) {
  bool en = policy.english;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (auto err = write_output(files[i].first, files[i].second, format, policy); !err.empty()) return fail(io, err);
    if (i < counts.size())
      io.out << (en ? fmt::format("wrote {} ({} items)\n", files[i].first, counts[i])
                    : fmt::format("已写入 {}（{} 项）\n", files[i].first, counts[i]));
    else
      io.out << (en ? fmt::format("wrote {}\n", files[i].first) : fmt::format("已写入 {}\n", files[i].first));
  }
  return k_ok;
}

/// Refuses early, before rendering anything, when a target may not be written (the output policy).
int check_targets(const std::vector<std::string> &targets, const std::string &format, const OutputPolicy &policy,
                  Io &io) {
  std::vector<std::string> problems;
  for (const auto &t : targets)
    if (auto why = check_output(t, format, policy); !why.empty()) problems.push_back(why);
  if (problems.empty()) return k_ok;
  for (std::size_t i = 0; i + 1 < problems.size(); ++i) io.err << "shitong: error: " << problems[i] << "\n";
  return fail(io, problems.back() + (policy.english ? "; nothing was written" : "；未写入任何文件"));
}

std::string stats_format(const PublishArgs &a) {
  return a.format.empty() ? (lower_extension(a.output) == "json" ? "json" : "text") : a.format;
}

int run_stats(const PublishArgs &a, Io &io, const PublishStats &stats, const OutputPolicy &policy) {
  std::string format = stats_format(a);
  std::string text = format == "json" ? stats_json(stats) : stats_text(stats, policy.english);
  if (a.output.empty()) {
    io.out << text;
    return k_ok;
  }
  return write_all({{a.output, text}}, format, policy, io, {});
}

/// An item's index and field when `f` is about its visits or proxy field (items[3].visits).
bool visits_finding(const Finding &f, std::size_t &index, std::string &field) {
  if (f.path.rfind("items[", 0) != 0) return false;
  auto close = f.path.find(']');
  if (close == std::string::npos || close == 6 || close > 16) return false;
  field = f.path.substr(close + 1);
  if (field.rfind(".visits", 0) != 0 && field.rfind(".proxy", 0) != 0) return false;
  if (f.path.find_first_not_of("0123456789", 6) != close) return false;
  index = std::stoul(f.path.substr(6, close - 6));
  return true;
}

/// What publish keeps of one catalog while validate streams (docs/performance.md): its part
/// of the list or its statistics, and the items whose visits/proxy findings may keep them off.
struct CatalogDigest {
  ListPart part;      // lists
  CatalogStats stats; // --stats
  struct Candidate {
    std::uint32_t line = 0;
    std::string name;
    bool on_list = false;
  };
  std::map<std::size_t, Candidate> candidates; // by item index
};

class PublishDigest : public ModelObserver {
public:
  PublishDigest(ListKind kind, bool stats) : m_kind(kind), m_stats(stats) {}

  void observe(std::size_t input, const LoadedFile &model, const std::vector<Finding> &findings,
               const CatalogUniformity *) override {
    if (model.kind != DocKind::catalog || !model.io_error.empty()) return;
    CatalogDigest d;
    PublishInput in{&model.catalog, model.path, 0};
    if (m_stats) {
      d.stats = catalog_stats(in);
    } else {
      d.part = list_part(in, m_kind);
      const auto &items = model.catalog.items.items;
      std::size_t index = 0;
      std::string field;
      for (const auto &f : findings)
        if (m_kind != ListKind::all && visits_finding(f, index, field) && index < items.size())
          d.candidates[index] = {items[index].pos.line, items[index].name.value, on_list(items[index], m_kind)};
    }
    std::lock_guard lock(m_mutex);
    m_by_input[input] = std::move(d);
  }

  /// The digest of input `i` (null when it is not a catalog that could be read).
  CatalogDigest *of(std::size_t i) {
    auto f = m_by_input.find(i);
    return f == m_by_input.end() ? nullptr : &f->second;
  }

private:
  ListKind m_kind;
  bool m_stats;
  std::mutex m_mutex;
  std::map<std::size_t, CatalogDigest> m_by_input;
};

/// Nothing left off in silence: the items not on the list whose visits/proxy fields have findings.
void note_left_off(const ValidateResult &r, const std::map<std::string, CatalogDigest *> &by_path, bool en, Io &io) {
  std::set<std::pair<std::string, std::size_t>> noted;
  for (const auto &f : r.findings) {
    std::size_t index = 0;
    std::string field;
    if (!visits_finding(f, index, field)) continue;
    auto d = by_path.find(f.location.file);
    if (d == by_path.end()) continue;
    auto c = d->second->candidates.find(index);
    if (c == d->second->candidates.end() || c->second.on_list || !noted.insert({f.location.file, index}).second)
      continue;
    io.err << (en ? fmt::format("shitong: note: left off the list: {}:{}: item {} ({}): its {} has a finding [{}]\n",
                                f.location.file, c->second.line, index + 1, c->second.name, field.substr(1), f.rule)
                  : fmt::format("shitong: note: 未列入清单：{}:{}：第 {} 个事项（{}）的 {} 有问题 [{}]\n",
                                f.location.file, c->second.line, index + 1, c->second.name, field.substr(1), f.rule));
  }
  if (!noted.empty())
    io.err << (en ? fmt::format("shitong: {} item(s) left off the list because their visits/proxy fields have "
                                "findings; run `shitong validate` to fix them\n",
                                noted.size())
                  : fmt::format("shitong: 有 {} 个事项因到现场次数/帮办代办字段有问题未列入清单；运行 shitong "
                                "validate 查看并修正\n",
                                noted.size()));
}

/// The output file of each list: -o itself for one list, else <region>-<list>.<ext> in the
/// directory -o (never two lists in one file).
std::vector<std::string> list_targets(const PublishArgs &a, const std::vector<PublishedList> &lists, ListKind kind,
                                      const char *ext) {
  std::vector<std::string> targets;
  std::set<std::string> used;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    if (a.output.empty()) break;
    if (lists.size() == 1 && !is_directory_target(a.output)) {
      targets.push_back(a.output);
      break;
    }
    std::string stem = lists[i].combined ? std::string("combined") : file_stem(lists[i].sources.front().region_code, i);
    std::string name = fmt::format("{}-{}.{}", stem, list_info(kind).key, ext);
    for (int n = 2; used.count(name); ++n) name = fmt::format("{}-{}-{}.{}", stem, n, list_info(kind).key, ext);
    used.insert(name);
    targets.push_back((fs::path(a.output) / name).string());
  }
  return targets;
}

/// Renders the lists and writes them (stdout for one list without -o), every target checked first.
int write_lists(const PublishArgs &a, Io &io, const std::vector<PublishedList> &lists, ListKind kind,
                PublishFormat format, const OutputPolicy &policy) {
  bool en = policy.english;
  const char *ext = format_table()[static_cast<std::size_t>(format)].key;
  std::vector<std::string> targets = list_targets(a, lists, kind, ext);
  if (int rc = check_targets(targets, ext, policy, io); rc != k_ok) return rc;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::size_t> counts;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    std::string error;
    std::string bytes = render_list(lists[i], format, en, error);
    if (!error.empty()) return fail(io, error);
    if (targets.empty()) {
      io.out << bytes;
      return k_ok;
    }
    files.emplace_back(targets[i], std::move(bytes));
    counts.push_back(lists[i].count);
  }
  return write_all(files, ext, policy, io, counts);
}

/// The list format: --format, else the extension of -o, else md. Returns "" when it is fine,
/// else the message.
std::string list_format(const PublishArgs &a, bool en, std::string &key, PublishFormat &format) {
  key = a.format == "markdown" ? "md" : a.format;
  if (key.empty()) {
    PublishFormat ignored;
    std::string ext = lower_extension(a.output);
    key = !a.output.empty() && !is_directory_target(a.output) && parse_publish_format(ext, ignored) ? ext : "md";
  }
  if (a.stats && !a.format.empty() && a.format != "text" && a.format != "json")
    return "--stats prints text or json; use --format text or --format json";
  if (!a.stats && !parse_publish_format(key, format))
    return fmt::format(fmt::runtime(en ? "--format {} is for --stats only; lists are html, md, csv, xlsx or json"
                                       : "--format {} 只用于 --stats；清单格式为 html、md、csv、xlsx 或 json"),
                       key);
  if (!a.stats && format == PublishFormat::xlsx && a.output.empty())
    return en ? "xlsx is a binary file: give -o FILE.xlsx" : "xlsx 是二进制文件，请用 -o 文件名.xlsx 指定输出";
  return {};
}

int run_publish(const PublishArgs &a, Io &io) {
  ValidateOptions opt;
  opt.jobs = a.jobs;
  opt.context = !a.no_context; // a county alone is still checked against its city (docs/context.md)
  if (!resolve_config(a.config, a.no_config, io, opt.config)) return k_failure;
  bool en = a.english(opt.config);
  opt.paths = a.paths;
  if (opt.paths.empty()) {
    if (!fs::is_directory("catalogs"))
      return fail(io, en ? "no PATH given and no ./catalogs directory here; run `shitong publish PATH...`"
                         : "没有指定路径，当前目录下也没有 catalogs/ 目录；请运行 shitong publish 路径...");
    opt.paths.push_back("catalogs");
  }
  ListKind kind = ListKind::all;
  parse_list_kind(a.list, kind);

  std::string key;
  PublishFormat format = PublishFormat::md;
  if (auto why = list_format(a, en, key, format); !why.empty()) return fail(io, why);
  OutputPolicy policy = output_policy(a, opt.paths, en);
  // a single output file is checked before the (possibly long) validation
  if (!a.output.empty() && !is_directory_target(a.output))
    if (auto why = check_output(a.output, a.stats ? stats_format(a) : key, policy); !why.empty()) return fail(io, why);

  // validate exactly as `shitong validate` would, keeping a digest of each catalog (never the models)
  PublishDigest digest(kind, a.stats);
  opt.observer = &digest;
  ValidateResult r = validate(opt);
  for (auto &n : r.notes) io.err << "shitong: warning: " << n << "\n";
  if (!r.errors.empty()) {
    for (auto &e : r.errors) io.err << "shitong: error: " << e << "\n";
    return k_failure;
  }
  std::map<std::string, std::size_t> errors_by_file;
  std::size_t total_errors = 0;
  for (const auto &f : r.findings)
    if (f.severity == Severity::error) {
      ++errors_by_file[f.location.file];
      ++total_errors;
    }
  std::vector<CatalogDigest *> inputs; // the readable catalogs, in input order
  std::map<std::string, CatalogDigest *> by_path;
  for (std::size_t i = 0; i < r.files.size(); ++i) {
    const auto &f = r.files[i];
    CatalogDigest *d = f.kind == DocKind::catalog && f.io_error.empty() ? digest.of(i) : nullptr;
    if (!d) continue;
    auto e = errors_by_file.find(f.path);
    (a.stats ? d->stats.source : d->part.source).errors = e == errors_by_file.end() ? 0 : e->second;
    inputs.push_back(d);
    by_path[f.path] = d;
  }
  if (inputs.empty())
    return fail(io, en ? "no catalog (kind: catalog) in the inputs" : "输入中没有事项目录（kind: catalog）");
  if (total_errors > 0 && !a.allow_errors) {
    io.err << "shitong: " << refusal(errors_by_file, total_errors, opt.paths, en);
    return k_findings;
  }
  if (total_errors > 0) {
    if (en)
      io.err << fmt::format("shitong: warning: publishing despite {} error findings (--allow-errors); lists from "
                            "catalogs with errors are stamped 未经校验 / NOT VALIDATED\n",
                            total_errors);
    else
      io.err << fmt::format("shitong: warning: 有 {} 个错误级问题仍然发布（--allow-errors）；"
                            "出自有错误目录的清单标注“未经校验 / NOT VALIDATED”\n",
                            total_errors);
  }

  if (a.stats) {
    std::vector<CatalogStats> stats;
    for (auto *d : inputs) stats.push_back(std::move(d->stats));
    return run_stats(a, io, combine_stats(std::move(stats)), policy);
  }
  if (kind != ListKind::all) note_left_off(r, by_path, en, io);

  std::vector<PublishedList> lists;
  if (a.combined || inputs.size() == 1) {
    std::vector<ListPart> parts;
    for (auto *d : inputs) parts.push_back(std::move(d->part));
    lists.push_back(assemble_list(std::move(parts), kind, a.combined && inputs.size() > 1));
  } else {
    for (auto *d : inputs) lists.push_back(assemble_list({std::move(d->part)}, kind, false));
  }
  if (lists.size() > 1 && a.output.empty())
    return fail(
        io, en ? fmt::format(
                     "{} catalogs give {} lists: add -o DIRECTORY for one file per region, or --combined for one list",
                     lists.size(), lists.size())
               : fmt::format("{} 个目录对应 {} 份清单：用 -o 目录 按区划各写一个文件，或用 --combined 合成一份",
                             lists.size(), lists.size()));
  if (lists.size() > 1 && !is_directory_target(a.output) && fs::exists(a.output))
    return fail(io, en ? fmt::format("-o {} must be a directory for several lists", a.output)
                       : fmt::format("多份清单时 -o {} 必须是目录", a.output));

  return write_lists(a, io, lists, kind, format, policy);
}
} // namespace

void setup_publish(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<PublishArgs>();
  auto *cmd = app.add_subcommand(
      "publish", tr(io, "发布群众查阅的事项清单（零跑腿、只跑一次、最多跑一次、你不用跑我来跑），或 --stats 统计",
                    "publish the item lists citizens read (零跑腿, 只跑一次, 最多跑一次, 你不用跑我来跑), or --stats"));
  cmd->add_option(
      "paths", args->paths,
      tr(io, "事项目录：文件或文件夹（默认 ./catalogs）", "catalogs: files or directories (default ./catalogs)"));
  std::string list_help = tr(io, "哪一份清单（英文键或中文名均可）：", "which list (the key or the Chinese name):");
  for (const auto &l : list_table())
    list_help += fmt::format(" {} = {} ({});", l.key, io.help_english ? l.title_en : l.title_zh, l.rule);
  list_help.back() = io.help_english ? '.' : ' ';
  cmd->add_option("--list,-l", args->list, list_help)
      ->check(CLI::Validator(
          [](std::string &v) {
            ListKind k;
            return parse_list_kind(v, k) ? std::string() : fmt::format("{} is not a list; see --help", v);
          },
          "LIST"))
      ->capture_default_str();
  cmd->add_option(
         "--format,-f", args->format,
         tr(io, "html | md | csv | xlsx | json（默认：取 -o 的扩展名，否则 md）；--stats 时：text | json",
            "html | md | csv | xlsx | json (default: the extension of -o, else md); with --stats: text | json"))
      ->check(CLI::IsMember({"html", "md", "markdown", "csv", "xlsx", "json", "text"}));
  cmd->add_flag("--combined", args->combined,
                tr(io, "把全部目录合成一份清单，带“区划”列（默认：每个目录一份）",
                   "one list over all catalogs, with a 区划 column (default: one list per catalog)"));
  cmd->add_flag("--stats", args->stats,
                tr(io, "按目录统计每份清单上的事项数，按实施主体和事项类型分列",
                   "print per catalog how many items are on each list, by 实施主体 and 事项类型"));
  cmd->add_flag("--allow-errors", args->allow_errors,
                tr(io, "校验有错误时也发布；输出标注“未经校验 / NOT VALIDATED”",
                   "publish even when validation finds errors; the output is stamped 未经校验 / NOT VALIDATED"));
  add_no_context(*cmd, args->no_context, io);
  add_common(*cmd, *args, k_opt_lang | k_opt_config | k_opt_jobs | k_opt_output, io);
  cmd->get_option("--output")
      ->description(tr(io,
                       "写到这里（原子写入）而不是标准输出；有多份清单时为文件夹（文件名 <区划>-<清单>.<扩展名>）；"
                       "xlsx 必须给出",
                       "write here (atomically) instead of stdout; a DIRECTORY when there are several lists (files "
                       "<region>-<list>.<ext>); required for xlsx"));
  cmd->footer(exit_footer(io,
                          "0 已发布；1 拒绝发布：输入有错误级发现（见 shitong validate）；2 运行失败（参数错误、"
                          "文件已存在且未加 --force、输出无法写入）。文档：docs/publish.md",
                          "0 published; 1 refused: the inputs have error findings (see `shitong validate`); 2 the run "
                          "failed (bad arguments, an existing file without --force, unwritable output). Docs: "
                          "docs/publish.md"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_publish(*args, io); }; });
}

} // namespace shitong::cli
