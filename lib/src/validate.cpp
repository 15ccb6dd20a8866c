#include <shitong/validate.hpp>

#include <shitong/certs.hpp>
#include <shitong/check.hpp>
#include <shitong/levels.hpp>
#include <shitong/loader.hpp>
#include <shitong/regions.hpp>
#include <shitong/rules.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace shitong {

bool ValidateResult::failed(Severity fail_on) const {
  for (auto &f : findings)
    if (f.severity >= fail_on) return true;
  return false;
}

namespace {
bool is_yaml(const fs::path &p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}
bool hidden(const fs::path &p) {
  auto name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}
} // namespace

std::vector<std::string> collect_files(const std::vector<std::string> &paths, std::vector<std::string> &errors,
                                       std::vector<std::string> &notes) {
  std::vector<std::string> out;
  for (const auto &p : paths) {
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      errors.push_back(fmt::format("{}: 路径不存在 / no such file or directory", p));
      continue;
    }
    if (fs::is_regular_file(st)) {
      out.push_back(p); // an explicitly named file is checked whatever its extension
      continue;
    }
    if (!fs::is_directory(st)) {
      errors.push_back(fmt::format("{}: 不是文件或目录 / not a file or directory", p));
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors.push_back(fmt::format("{}: 无法读取目录 / cannot read directory: {}", p, ec.message()));
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(fmt::format("{}: {}", p, ec.message()));
        break;
      }
      const auto &entry = it->path();
      if (hidden(entry)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && is_yaml(entry)) found.push_back(entry.lexically_normal().generic_string());
    }
    if (found.empty())
      notes.push_back(fmt::format("{}: 目录中没有 .yaml/.yml 文件 / no .yaml or .yml files in this directory", p));
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void apply_config(std::vector<Finding> &findings, const Config &config,
                  const std::vector<InlineIgnores> &inline_ignores) {
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  std::vector<char> entry_used(config.ignores.size(), 0);
  // inline comments by file
  std::vector<std::vector<char>> comment_used(inline_ignores.size());
  for (std::size_t i = 0; i < inline_ignores.size(); ++i) comment_used[i].assign(inline_ignores[i].comments.size(), 0);
  for (auto &f : findings) {
    auto sev = config.severity_of(f.rule);
    if (!sev) continue;
    f.severity = *sev;
    bool silenced = false;
    if (f.rule != "config") {
      for (std::size_t i = 0; i < config.ignores.size(); ++i) {
        const auto &g = config.ignores[i];
        if (g.rule != f.rule) continue;
        if (!g.region.empty() && g.region != f.region) continue;
        if (!g.item.empty() && g.item != f.item) continue;
        if (!g.path.empty() && f.path.rfind(g.path, 0) != 0) continue;
        if (!g.file.empty() &&
            (f.location.file.size() < g.file.size() ||
             f.location.file.compare(f.location.file.size() - g.file.size(), g.file.size(), g.file) != 0))
          continue;
        entry_used[i] = 1;
        silenced = true;
      }
      for (std::size_t i = 0; i < inline_ignores.size(); ++i) {
        if (inline_ignores[i].file != f.location.file) continue;
        const auto &cs = inline_ignores[i].comments;
        for (std::size_t k = 0; k < cs.size(); ++k)
          if (cs[k].target_line == f.location.line && cs[k].rule == f.rule) {
            comment_used[i][k] = 1;
            silenced = true;
          }
      }
    }
    if (!silenced) kept.push_back(std::move(f));
  }
  auto unused_sev = config.severity_of("unused-ignore");
  if (unused_sev) {
    for (std::size_t i = 0; i < config.ignores.size(); ++i) {
      if (entry_used[i]) continue;
      const auto &g = config.ignores[i];
      Finding x;
      x.rule = "unused-ignore";
      x.severity = *unused_sev;
      x.location = g.location;
      x.region = g.region;
      x.item = g.item;
      x.path = fmt::format("ignore[{}]", i);
      x.message_zh =
          fmt::format("忽略条目（规则 {}{}{}）没有忽略任何发现；差异已消除时请删除此条目", g.rule,
                      g.region.empty() ? "" : "，区划 " + g.region, g.item.empty() ? "" : "，事项 " + g.item);
      x.message_en =
          fmt::format("ignore entry (rule {}{}{}) silences nothing; remove it if the deviation is gone", g.rule,
                      g.region.empty() ? "" : ", region " + g.region, g.item.empty() ? "" : ", item " + g.item);
      kept.push_back(std::move(x));
    }
    for (std::size_t i = 0; i < inline_ignores.size(); ++i)
      for (std::size_t k = 0; k < inline_ignores[i].comments.size(); ++k) {
        if (comment_used[i][k]) continue;
        const auto &c = inline_ignores[i].comments[k];
        Finding x;
        x.rule = "unused-ignore";
        x.severity = *unused_sev;
        x.location = Location{inline_ignores[i].file, c.line, c.column, {}};
        if (c.rule.empty()) {
          x.message_zh = "shitong-ignore 注释缺少规则名；格式：# shitong-ignore: <规则> <理由>";
          x.message_en = "shitong-ignore comment names no rule; write # shitong-ignore: <rule> <reason>";
        } else if (!find_rule(c.rule)) {
          x.message_zh =
              fmt::format("shitong-ignore 注释中的规则「{}」不存在；格式：# shitong-ignore: <规则> <理由>", c.rule);
          x.message_en = fmt::format(
              "unknown rule '{}' in shitong-ignore comment; write # shitong-ignore: <rule> <reason>", c.rule);
        } else {
          x.message_zh =
              fmt::format("shitong-ignore 注释（规则 {}）没有忽略任何发现；请删除或移到出现发现的那一行", c.rule);
          x.message_en = fmt::format(
              "shitong-ignore comment (rule {}) silences nothing; remove it or move it to the line of the finding",
              c.rule);
        }
        kept.push_back(std::move(x));
      }
  }
  findings = std::move(kept);
}

std::vector<LoadedFile> load_files(const std::vector<std::string> &files, unsigned jobs) {
  std::vector<LoadedFile> loaded(files.size());
  jobs = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, files.size())));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) loaded[i] = load_file(files[i]);
  };
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto &t : pool) t.join();
  return loaded;
}

namespace {
std::string canonical_path(const std::string &p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? p : c.generic_string();
}
} // namespace

void keep_changed(ValidateResult &result, const std::vector<std::string> &changed) {
  std::set<std::string> files;
  for (const auto &c : changed) files.insert(canonical_path(c));
  std::set<std::string> regions;   // changed catalogs
  std::vector<std::string> scopes; // changed registries
  for (const auto &f : result.files) {
    if (!files.count(canonical_path(f.path))) continue;
    if (f.kind == DocKind::catalog && f.catalog.region.code.present) regions.insert(f.catalog.region.code.value);
    if (f.kind == DocKind::certificates && f.certificates.scope.present) scopes.push_back(f.certificates.scope.value);
  }
  auto affected = [&](const std::string &region) {
    if (region.empty()) return false;
    if (regions.count(region)) return true;
    for (const auto &a : ancestor_codes(region))
      if (regions.count(a)) return true;
    for (const auto &s : scopes)
      if (registry_governs(s, region)) return true;
    return false;
  };
  std::vector<Finding> kept;
  for (auto &f : result.findings) {
    bool keep = files.count(canonical_path(f.location.file)) || affected(f.region);
    for (const auto &r : f.related) keep = keep || files.count(canonical_path(r.file));
    if (keep) kept.push_back(std::move(f));
  }
  result.findings = std::move(kept);
  result.summary.by_severity = {};
  for (const auto &f : result.findings) ++result.summary.by_severity[static_cast<std::size_t>(f.severity)];
}

ValidateResult validate(const ValidateOptions &options) {
  ValidateResult result;
  auto files = collect_files(options.paths, result.errors, result.notes);
  CheckContext context(options.config);
  std::vector<LoadedFile> loaded(files.size());
  std::vector<std::vector<Finding>> per_file(files.size());
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, files.size())));
  std::atomic<std::size_t> next{0}, files_done{0};
  std::atomic<std::uint64_t> items_done{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
      loaded[i] = load_file(files[i]);
      auto &out = per_file[i];
      out = std::move(loaded[i].findings);
      loaded[i].findings.clear();
      check_catalog(loaded[i], context, out);
      check_certificates(loaded[i], out);
      items_done.fetch_add(loaded[i].catalog.items.size(), std::memory_order_relaxed);
      files_done.fetch_add(1, std::memory_order_release);
    }
  };
  if (jobs <= 1 && !options.progress) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);
    if (options.progress) { // reported from this thread only, so the callback needs no locking
      while (files_done.load(std::memory_order_acquire) < files.size()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        options.progress(files_done.load(std::memory_order_acquire), files.size(),
                         items_done.load(std::memory_order_relaxed), false);
      }
      options.progress(files.size(), files.size(), items_done.load(std::memory_order_relaxed), true);
    }
    for (auto &t : pool) t.join();
  }
  std::vector<Finding> all = options.config.findings;
  std::vector<InlineIgnores> inline_ignores;
  std::vector<const LoadedFile *> ptrs;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto &f = loaded[i];
    if (!f.io_error.empty()) {
      result.errors.push_back(fmt::format("{}: 无法读取 / cannot read: {}", f.path, f.io_error));
      continue;
    }
    ++result.summary.files;
    if (f.kind == DocKind::catalog && f.readable) {
      ++result.summary.catalogs;
      result.summary.items += f.catalog.items.size();
    } else if (f.kind == DocKind::certificates && f.readable) {
      ++result.summary.certificates;
    }
    for (auto &x : per_file[i]) all.push_back(std::move(x));
    if (!f.ignores.empty()) inline_ignores.push_back({f.path, f.ignores});
    ptrs.push_back(&f);
  }
  check_across(ptrs, all);
  {
    LevelReport levels = compare_levels(ptrs, options.jobs);
    CertReport certs = audit_certificates(levels, ptrs);
    for (auto &x : levels.findings) all.push_back(std::move(x));
    for (auto &x : certs.findings) all.push_back(std::move(x));
  }
  apply_config(all, options.config, inline_ignores);
  sort_findings(all);
  for (auto &f : all) ++result.summary.by_severity[static_cast<std::size_t>(f.severity)];
  result.findings = std::move(all);
  result.files = std::move(loaded);
  return result;
}

} // namespace shitong
