#include <shitong/validate.hpp>

#include <shitong/certs.hpp>
#include <shitong/check.hpp>
#include <shitong/levels.hpp>
#include <shitong/loader.hpp>
#include <shitong/regions.hpp>
#include <shitong/rules.hpp>

#include "certs_impl.hpp"
#include "levels_impl.hpp"
#include "pipeline.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

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

namespace {

using detail::FileRecord;
using detail::Hash128;
using detail::Header;

/// The first bytes of a file, enough for its header in every sane catalog.
std::string read_prefix(const std::string &path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return s;
}

struct FileStat {
  bool ok = false;
  std::uint64_t size = 0, inode = 0;
  std::int64_t mtime_ns = 0;
};
FileStat stat_of(const std::string &path) {
  FileStat s;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return s;
  s.ok = true;
  s.size = static_cast<std::uint64_t>(st.st_size);
  s.inode = static_cast<std::uint64_t>(st.st_ino);
  s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return s;
}
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// One input file during a run.
struct Slot {
  FileRecord rec;
  bool have_record = false; ///< rec holds this file's per-file results (cached or fresh)
  bool from_cache = false;
  bool dirty = false; ///< rec changed: write it back
  Header guess;       ///< header the hierarchy was built from
  std::string io_error;
  // this round
  bool load = false, per_file = false, level = false, cert = false;
  std::unique_ptr<LoadedFile> model;
  std::unique_ptr<detail::LevelIndex> index;
  bool ready = false; ///< model (and index) published for the catalogs below
  bool registry = false;
  std::atomic<int> refs{0};
};

} // namespace

ValidateResult validate(const ValidateOptions &options) {
  ValidateResult result;
  auto files = collect_files(options.paths, result.errors, result.notes);
  const std::size_t n_files = files.size();
  CheckContext context(options.config);
  const std::string check_fp = "pattern=" + options.config.code_pattern;
  std::unique_ptr<detail::Cache> cache;
  if (!options.cache_dir.empty() && !options.keep_models) {
    std::string note;
    cache = std::make_unique<detail::Cache>(options.cache_dir, check_fp, note);
    if (!note.empty()) result.notes.push_back(note);
    if (!cache->usable()) cache.reset();
  }
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, n_files)));
  std::vector<Slot> slots(n_files);
  const std::int64_t started = now_ns();

  // Runs fn(i) for i in [0, n) on `jobs` threads (in order of i as taken).
  auto parallel = [&](std::size_t n, auto &&fn) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      for (std::size_t i; (i = next.fetch_add(1)) < n;) fn(i);
    };
    std::vector<std::thread> pool;
    for (unsigned j = 1; j < jobs && j < n; ++j) pool.emplace_back(worker);
    worker();
    for (auto &t : pool) t.join();
  };

  // ---- 1. what the cache knows, and a header for every file
  parallel(n_files, [&](std::size_t i) {
    Slot &s = slots[i];
    const std::string &path = files[i];
    FileStat st = stat_of(path);
    if (cache) {
      if (auto rec = cache->load(path)) {
        bool same = false;
        if (st.ok && rec->stat_trusted && rec->size == st.size && rec->mtime_ns == st.mtime_ns &&
            rec->inode == st.inode) {
          same = true;
        } else if (st.ok && rec->size == st.size && st.size <= LoadLimits{}.max_bytes) {
          std::string content, err;
          if (detail::read_file_bytes(path, content, err) && detail::hash_bytes(content) == rec->content) {
            same = true;
            rec->mtime_ns = st.mtime_ns;
            rec->inode = st.inode;
            rec->stat_trusted = st.mtime_ns < started - 2'000'000'000;
            s.dirty = true;
          }
        }
        if (same) {
          cache->touch(path);
          s.rec = std::move(*rec);
          s.have_record = s.from_cache = true;
          s.guess = s.rec.header;
          return;
        }
      } // else: the file changed, and every key of its record names the old content
    }
    s.rec.path = path;
    s.guess = detail::scan_header(read_prefix(path, 16 * 1024)); // the header is in the first lines
  });

  auto lap = [last = std::chrono::steady_clock::now()]() mutable {
    auto now = std::chrono::steady_clock::now();
    double d = std::chrono::duration<double>(now - last).count();
    last = now;
    return d;
  };
  result.stats.scan_seconds = static_cast<double>(now_ns() - started) / 1e9;
  lap();

  // ---- 2. registries: always loaded (small; their models are needed by the proof stage)
  // (with the files whose header could not be guessed: they may be registries)
  std::vector<std::size_t> registry_files, maybe;
  for (std::size_t i = 0; i < n_files; ++i)
    if (slots[i].guess.kind != DocKind::catalog) maybe.push_back(i);

  std::atomic<std::size_t> files_done{0};
  std::atomic<std::uint64_t> items_done{0}, parsed{0}, compared{0};
  // Loads file i into its slot: the model, and (when the record is not current) the per-file
  // results and header.
  auto load_slot = [&](std::size_t i, bool need_checks) {
    Slot &s = slots[i];
    std::string content, err;
    FileStat st = stat_of(files[i]);
    auto model = std::make_unique<LoadedFile>();
    Hash128 h;
    if (st.ok && st.size > LoadLimits{}.max_bytes) {
      *model = load_file(files[i]); // too large: a finding, without reading it into memory
      h = detail::KeyHasher().add("too large").add(std::to_string(st.size)).add(std::to_string(st.mtime_ns)).done();
    } else if (!detail::read_file_bytes(files[i], content, err)) {
      model->path = files[i];
      model->readable = false;
      model->io_error = err;
    } else {
      *model = load_document(files[i], content);
      parsed.fetch_add(1, std::memory_order_relaxed);
      h = detail::hash_bytes(content);
    }
    if (!model->io_error.empty()) {
      s.io_error = model->io_error;
      s.have_record = false;
    } else if (need_checks || !s.have_record || h != s.rec.content) {
      FileRecord &r = s.rec;
      r.path = files[i];
      r.content = h;
      r.size = st.size;
      r.mtime_ns = st.mtime_ns;
      r.inode = st.inode;
      r.stat_trusted = st.ok && st.mtime_ns < started - 2'000'000'000;
      r.header = detail::header_of(*model);
      r.bytes = model->bytes;
      r.items = model->kind == DocKind::catalog ? model->catalog.items.size() : 0;
      r.findings = std::move(model->findings);
      model->findings.clear();
      check_catalog(*model, context, r.findings);
      check_certificates(*model, r.findings);
      r.ignores = model->ignores;
      s.have_record = true;
      s.dirty = true;
    }
    s.model = std::move(model);
  };
  for (std::size_t i : maybe) {
    Slot &s = slots[i];
    if (s.from_cache && s.guess.kind != DocKind::certificates) continue; // known not to be a registry
    load_slot(i, !s.have_record);
    if (s.model && s.io_error.empty()) s.guess = detail::header_of(*s.model);
    if (s.model && s.model->kind == DocKind::certificates) {
      s.registry = true;
      registry_files.push_back(i);
    } else {
      s.model.reset(); // loaded again below if the hierarchy needs it
    }
  }
  std::vector<const LoadedFile *> registry_models;
  for (std::size_t i : registry_files)
    if (slots[i].model) registry_models.push_back(slots[i].model.get());
  detail::Registries registries = detail::build_registries(registry_models);
  detail::KeyHasher reg_hasher;
  reg_hasher.add(detail::build_id()).add(check_fp);
  for (std::size_t i : registry_files)
    if (slots[i].have_record) reg_hasher.add(files[i]).add(slots[i].rec.content);
  const Hash128 registries_key = reg_hasher.done();
  result.stats.registry_seconds = lap();

  // ---- 3. rounds over the hierarchy: load, check, compare and digest what is not current,
  // parents before the catalogs below them, dropping each model when nothing needs it anymore
  std::vector<LevelNode> nodes;
  std::vector<int> node_of_file(n_files, -1);
  for (int round = 1;; ++round) {
    result.stats.rounds = static_cast<std::uint64_t>(round);
    std::vector<detail::NodeHeader> headers;
    for (std::size_t i = 0; i < n_files; ++i) {
      const Header &g = slots[i].have_record && slots[i].from_cache ? slots[i].rec.header : slots[i].guess;
      if (!slots[i].io_error.empty()) continue;
      headers.push_back({nullptr, files[i], i, g.kind, g.readable, g.region_code.value, g.region_name, g.parent});
    }
    nodes = detail::build_hierarchy(headers);
    std::fill(node_of_file.begin(), node_of_file.end(), -1);
    for (std::size_t k = 0; k < nodes.size(); ++k) node_of_file[nodes[k].input] = static_cast<int>(k);
    // which files need what
    for (std::size_t i = 0; i < n_files; ++i) {
      Slot &s = slots[i];
      s.per_file = s.io_error.empty() && !s.have_record;
      s.level = s.cert = false;
    }
    auto hash_known = [&](std::size_t i) { return slots[i].have_record && !slots[i].per_file; };
    auto level_key = [&](std::size_t k) {
      detail::KeyHasher h;
      h.add(detail::build_id()).add(check_fp).add(slots[nodes[k].input].rec.content);
      for (int c : nodes[k].chain) {
        const LevelNode &cn = nodes[static_cast<std::size_t>(c)];
        h.add(cn.path).add(cn.code).add(slots[cn.input].rec.content);
      }
      return h.done();
    };
    auto cert_key = [&](std::size_t k) {
      return detail::KeyHasher().add(registries_key).add(nodes[k].code).add(slots[nodes[k].input].rec.content).done();
    };
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      Slot &s = slots[nodes[k].input];
      if (!nodes[k].chain.empty()) {
        bool known = hash_known(nodes[k].input);
        for (int c : nodes[k].chain) known = known && hash_known(nodes[static_cast<std::size_t>(c)].input);
        s.level = !known || !s.rec.has_level || s.rec.level_key != level_key(k);
      }
      s.cert = !hash_known(nodes[k].input) || !s.rec.has_cert || s.rec.cert_key != cert_key(k);
    }
    for (std::size_t i = 0; i < n_files; ++i) {
      Slot &s = slots[i];
      s.load = s.per_file || s.level || s.cert || options.keep_models;
      s.refs.store(0);
      s.ready = false;
    }
    for (std::size_t k = 0; k < nodes.size(); ++k)
      if (slots[nodes[k].input].level)
        for (int c : nodes[k].chain) {
          Slot &cs = slots[nodes[static_cast<std::size_t>(c)].input];
          cs.load = true;
          cs.refs.fetch_add(1);
        }
    // parents first: order by the chain from the top, then the file's own position
    // (depth first: a city's counties right after the city, so the city's model can go soon;
    // every catalog of a chain strictly before the catalogs below it, so no worker waits for
    // a task that no one has taken)
    std::vector<std::vector<std::size_t>> order_key(n_files);
    std::vector<std::size_t> natural;
    for (std::size_t i = 0; i < n_files; ++i) {
      if (!slots[i].load || slots[i].registry) continue; // registries are loaded already
      natural.push_back(i);
      if (int k = node_of_file[i]; k >= 0) {
        const auto &chain = nodes[static_cast<std::size_t>(k)].chain;
        for (auto c = chain.rbegin(); c != chain.rend(); ++c)
          order_key[i].push_back(nodes[static_cast<std::size_t>(*c)].input);
      }
      order_key[i].push_back(i);
    }
    std::sort(natural.begin(), natural.end(),
              [&](std::size_t a, std::size_t b) { return order_key[a] < order_key[b]; });
    std::vector<std::size_t> order;
    std::vector<char> placed(n_files, 0);
    std::function<void(std::size_t)> place = [&](std::size_t i) {
      if (placed[i]) return;
      placed[i] = 1;
      if (int k = node_of_file[i]; k >= 0)
        for (auto c = nodes[static_cast<std::size_t>(k)].chain.rbegin();
             c != nodes[static_cast<std::size_t>(k)].chain.rend(); ++c)
          place(nodes[static_cast<std::size_t>(*c)].input);
      order.push_back(i);
    };
    for (std::size_t i : natural) place(i);
    for (std::size_t i : registry_files) // registries count as loaded parents
      slots[i].ready = true;

    std::mutex mu;
    std::condition_variable cv;
    std::atomic<bool> header_changed{false};
    auto release = [&](std::size_t i) {
      Slot &s = slots[i];
      if (s.refs.fetch_sub(1) == 1 && !options.keep_models) {
        std::lock_guard<std::mutex> lock(mu);
        if (!s.registry) {
          s.model.reset();
          s.index.reset();
        }
      }
    };
    auto process = [&](std::size_t i, detail::VerdictCache &verdicts) {
      Slot &s = slots[i];
      s.refs.fetch_add(1); // held by its own task
      bool from_model = false;
      if (cache && !s.per_file && !s.level && !s.cert && !options.keep_models && s.have_record &&
          s.rec.header.kind == DocKind::catalog && s.rec.header.readable) {
        // only needed as a reference: the cached binary model, when there is one
        auto model = std::make_unique<LoadedFile>();
        if (cache->load_model(files[i], s.rec.content, model->catalog)) {
          model->path = files[i];
          model->kind = DocKind::catalog;
          model->bytes = s.rec.bytes;
          s.model = std::move(model);
          from_model = true;
        }
      }
      if (!from_model) load_slot(i, s.per_file);
      const int k = node_of_file[i];
      if (s.io_error.empty() && !(detail::header_of(*s.model) == s.guess) && !s.from_cache) {
        s.guess = detail::header_of(*s.model);
        header_changed = true;
      }
      if (k >= 0 && s.model && s.model->kind == DocKind::catalog) {
        bool referenced = s.refs.load() > 1;
        if (referenced) s.index = std::make_unique<detail::LevelIndex>(detail::index_catalog(s.model->catalog));
        if (referenced && cache && !from_model && s.model->readable && s.io_error.empty())
          cache->store_model(files[i], s.rec.content, s.model->catalog);
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        s.ready = true;
      }
      cv.notify_all();
      if (k >= 0 && s.io_error.empty() && s.model) {
        const LevelNode &node = nodes[static_cast<std::size_t>(k)];
        if (s.level) {
          std::vector<detail::ChainCatalog> chain;
          bool complete = true;
          {
            std::unique_lock<std::mutex> lock(mu);
            for (int c : node.chain) {
              Slot &cs = slots[nodes[static_cast<std::size_t>(c)].input];
              cv.wait(lock, [&] { return cs.ready; });
              if (!cs.model || !cs.index || cs.model->kind != DocKind::catalog) {
                complete = false;
                continue;
              }
              chain.push_back({c, &cs.model->catalog, cs.index.get()});
            }
          }
          s.rec.level_findings.clear();
          if (complete) {
            CatalogUniformity u;
            detail::compare_catalog(nodes, static_cast<std::size_t>(k), s.model->catalog, chain, u,
                                    s.rec.level_findings);
            s.rec.has_level = true;
            s.rec.level_key = level_key(static_cast<std::size_t>(k));
            compared.fetch_add(1, std::memory_order_relaxed);
          } else {
            s.rec.has_level = false;
            header_changed = true; // a parent turned out not to be a catalog: another round
          }
          s.dirty = true;
          for (int c : node.chain) release(nodes[static_cast<std::size_t>(c)].input);
        }
        if (s.cert) {
          s.rec.cert_findings.clear();
          s.rec.digest = detail::certs_local(registries, node, s.model->catalog, verdicts, s.rec.cert_findings);
          s.rec.has_cert = true;
          s.rec.cert_key = cert_key(static_cast<std::size_t>(k));
          s.dirty = true;
        }
      }
      if (cache && s.dirty && s.have_record) {
        cache->store(s.rec);
        s.dirty = false;
      }
      release(i);
      items_done.fetch_add(s.rec.items, std::memory_order_relaxed);
      files_done.fetch_add(1, std::memory_order_release);
    };
    const std::size_t total = n_files; // files not loaded in this round count as done
    files_done = n_files - order.size();
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      detail::VerdictCache verdicts;
      for (std::size_t t; (t = next.fetch_add(1)) < order.size();) process(order[t], verdicts);
    };
    std::vector<std::thread> pool;
    const unsigned threads = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, order.size())));
    bool report = options.progress && round == 1;
    if (threads <= 1 && !report) {
      worker();
    } else {
      for (unsigned j = 0; j < threads; ++j) pool.emplace_back(worker);
      if (report) { // reported from this thread only, so the callback needs no locking
        while (files_done.load(std::memory_order_acquire) < total) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          options.progress(files_done.load(std::memory_order_acquire), total,
                           items_done.load(std::memory_order_relaxed), false);
        }
        options.progress(total, total, items_done.load(std::memory_order_relaxed), true);
      }
      for (auto &t : pool) t.join();
    }
    if (!header_changed || round >= 3) break;
  }
  // unchanged cached files whose stat was refreshed
  if (cache) {
    for (auto &s : slots)
      if (s.dirty && s.have_record) cache->store(s.rec);
    cache->prune();
  }
  result.stats.rounds_seconds = lap();
  result.stats.parsed = parsed.load();
  result.stats.compared = compared.load();
  for (const auto &s : slots) result.stats.reused += s.from_cache;

  // ---- 4. findings: per file, regions, levels, proofs; then the configuration
  std::vector<Finding> all = options.config.findings;
  std::vector<InlineIgnores> inline_ignores;
  std::unordered_map<std::string, std::size_t> by_region; // region-duplicate
  for (std::size_t i = 0; i < n_files; ++i) {
    Slot &s = slots[i];
    if (!s.io_error.empty() || !s.have_record) {
      result.errors.push_back(fmt::format("{}: 无法读取 / cannot read: {}", files[i],
                                          s.io_error.empty() ? std::string("unknown error") : s.io_error));
      continue;
    }
    const FileRecord &r = s.rec;
    ++result.summary.files;
    if (r.header.kind == DocKind::catalog && r.header.readable) {
      ++result.summary.catalogs;
      result.summary.items += r.items;
    } else if (r.header.kind == DocKind::certificates && r.header.readable) {
      ++result.summary.certificates;
    }
    all.insert(all.end(), r.findings.begin(), r.findings.end());
    if (!r.ignores.empty()) inline_ignores.push_back({files[i], r.ignores});
    if (r.header.kind == DocKind::catalog && r.header.readable && r.header.region_code.present) {
      const std::string &code = r.header.region_code.value;
      auto [p, inserted] = by_region.emplace(code, i);
      if (!inserted) {
        const FileRecord &first = slots[p->second].rec;
        Finding x;
        x.rule = "region-duplicate";
        x.location = Location{files[i], r.header.region_code.pos.line, r.header.region_code.pos.column, {}};
        x.region = code;
        x.path = "region.code";
        x.message_zh = fmt::format("区划 {} 已有目录 {}；一个区划只能有一个目录", code, files[p->second]);
        x.message_en =
            fmt::format("region {} already has a catalog in {}; one catalog per region", code, files[p->second]);
        x.related.push_back(
            Location{files[p->second], first.header.region_code.pos.line, first.header.region_code.pos.column, {}});
        all.push_back(std::move(x));
      }
    }
  }
  {
    std::vector<const detail::CertDigest *> digests;
    for (const auto &n : nodes) {
      const FileRecord &r = slots[n.input].rec;
      all.insert(all.end(), r.level_findings.begin(), r.level_findings.end());
      all.insert(all.end(), r.cert_findings.begin(), r.cert_findings.end());
      digests.push_back(&r.digest);
    }
    CertReport certs;
    all.insert(all.end(), registries.findings.begin(), registries.findings.end());
    detail::certs_global(registries, nodes, digests, certs, false);
    for (auto &x : certs.findings) all.push_back(std::move(x));
  }
  apply_config(all, options.config, inline_ignores);
  sort_findings(all);
  for (auto &f : all) ++result.summary.by_severity[static_cast<std::size_t>(f.severity)];
  result.findings = std::move(all);
  result.stats.finish_seconds = lap();
  result.files.reserve(n_files);
  for (std::size_t i = 0; i < n_files; ++i) {
    Slot &s = slots[i];
    if (s.model && options.keep_models) {
      result.files.push_back(std::move(*s.model));
      continue;
    }
    LoadedFile f;
    f.path = files[i];
    f.io_error = s.io_error;
    f.kind = s.rec.header.kind;
    f.readable = s.io_error.empty() && s.rec.header.readable;
    f.bytes = s.rec.bytes;
    result.files.push_back(std::move(f));
  }
  return result;
}
} // namespace shitong
