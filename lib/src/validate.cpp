#include <shitong/validate.hpp>

#include <shitong/certs.hpp>
#include <shitong/check.hpp>
#include <shitong/levels.hpp>
#include <shitong/loader.hpp>
#include <shitong/regions.hpp>
#include <shitong/rules.hpp>

#include "apply_config.hpp"
#include "certs_internal.hpp"
#include "check_internal.hpp"
#include "code_profile.hpp"
#include "context.hpp"
#include "digest_store.hpp"
#include "levels_internal.hpp"
#include "limits.hpp"
#include "model_handover.hpp"
#include "parallel.hpp"
#include "validate_internal.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>

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
/// For a table or JSON export: what it is, in both languages; empty for anything else.
std::pair<std::string, std::string> not_a_catalog(const fs::path &p) {
  std::string ext = p.extension().string();
  for (auto &c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".csv") return {"CSV 表格", "a CSV table"};
  if (ext == ".xlsx" || ext == ".xls") return {"Excel 表格", "an Excel workbook"};
  if (ext == ".json") return {"JSON 文件", "a JSON file"};
  return {};
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
    if (auto [zh, en] = not_a_catalog(p); fs::is_regular_file(st) && !zh.empty()) {
      errors.push_back(fmt::format("{0}: 这是{1}，不是 YAML 事项目录，没有检查；请先用 shitong import 把它转换为目录"
                                   "（例如 shitong import {0}），再检查生成的 .yaml 文件 / this is {2}, not a YAML "
                                   "catalog, and was not checked: convert it with `shitong import {0}` first, then "
                                   "validate the .yaml it writes",
                                   p, zh, en));
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

std::vector<LoadedFile> load_files(const std::vector<std::string> &files, unsigned jobs) {
  std::vector<LoadedFile> loaded(files.size());
  detail::parallel_for(files.size(), jobs, [&](std::size_t i) { loaded[i] = load_file(files[i]); });
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

/// The header of a document from its first bytes (`read(n)` gives up to n of them): the first
/// 16 KiB, or the first MiB when the header is not complete within 16 KiB (long comments or a
/// long description above it), so that the hierarchy, the context and its notes see it.
Header scan_document_header(const std::function<std::string(std::size_t)> &read) {
  constexpr std::size_t k_first = 16 * 1024, k_most = 1024 * 1024;
  std::string prefix = read(k_first);
  Header h = detail::scan_header(prefix);
  if (h.kind == DocKind::unknown && prefix.size() == k_first) h = detail::scan_header(read(k_most));
  return h;
}

Header scan_file_header(const std::string &path) {
  return scan_document_header([&](std::size_t n) { return read_prefix(path, n); });
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

/// One input file during a run: what the run knows of it, across rounds.
struct Slot {
  FileRecord rec;
  bool have_record = false; ///< rec holds this file's per-file results (cached or fresh)
  bool from_cache = false;
  bool dirty = false; ///< rec changed: write it back
  Header guess;       ///< header the hierarchy was built from
  std::string io_error;
};

/// What a round has to do for one file: decided by plan, done by execute.
struct Need {
  bool load = false;     ///< its model is needed (for any of the below, or as a reference)
  bool per_file = false; ///< per-file findings (no current record)
  bool level = false;    ///< the comparison with the catalogs above
  bool cert = false;     ///< the local proof stage
};

/// One round: the hierarchy from the headers known so far, the needs of every file and the
/// order of the tasks (parents first).
struct RoundPlan {
  std::vector<LevelNode> nodes;
  std::vector<int> node_of_file;  ///< by file: its node, or -1
  std::vector<Need> need;         ///< by file
  std::vector<int> below;         ///< by file: the tasks below it that wait for its model
  std::vector<std::size_t> order; ///< the files to load, parents before the catalogs below them
};

/// A catalog's header may be guessed wrong by the scan (its parent after the items, a broken
/// file), and a parent may turn out not to be a catalog: each surprise costs another round,
/// planned from the headers the previous round loaded. The second round normally settles it;
/// the cap keeps a run from going on when the headers never settle (RunStats::rounds).
constexpr int k_max_rounds = 3;

/// The state of one validation run. validate() runs its stages in order: scan, registries,
/// then rounds of plan and execute, then collect.
class Run {
public:
  explicit Run(const ValidateOptions &options);

  /// Stage 1: for every input, a current cache record or a header from the first bytes.
  void scan();
  /// Stage 1b: the repository context the inputs need (docs/context.md), appended to the files
  /// and scanned like them; notes name the upper catalogs no file holds.
  void find_context();
  /// Stage 2: loads the proof registries (and files whose header could not be guessed).
  void load_registries();
  /// Stage 3a: the hierarchy, what each file needs and the task order of one round.
  RoundPlan plan() const;
  /// Stage 3b: loads, checks, compares and digests what the plan says; returns true when a
  /// header turned out other than planned (another round is needed).
  bool execute(const RoundPlan &plan, bool report_progress);
  /// Writes back refreshed records and prunes the cache.
  void flush_cache();
  /// Stage 4: every finding (per file, regions, levels, proofs), the configuration applied.
  ValidateResult collect(const RoundPlan &last, int rounds);

private:
  void scan_files(std::size_t begin, std::size_t end);
  bool is_context(std::size_t i) const { return i >= m_inputs; }
  bool level_current(const RoundPlan &plan, std::size_t k) const;
  std::unique_ptr<LoadedFile> load_model(std::size_t i, bool need_checks);
  void refresh_record(std::size_t i, LoadedFile &model, const FileStat &st, const Hash128 &h);
  std::unique_ptr<LoadedFile> cached_model(std::size_t i) const;
  void drop_context_findings(std::vector<Finding> &all) const;
  void run_task(const RoundPlan &plan, std::size_t i, detail::VerdictCache &verdicts);
  bool compare_with_chain(const RoundPlan &plan, std::size_t k, const LoadedFile &model, CatalogUniformity &u);
  Hash128 level_key(const RoundPlan &plan, std::size_t k) const;
  Hash128 cert_key(const RoundPlan &plan, std::size_t k) const;
  double lap();

  const ValidateOptions &m_options;
  ValidateResult m_result;
  std::vector<std::string> m_files; ///< the inputs, then the context files
  std::size_t m_inputs = 0;
  /// All files by path: the hierarchy and the region claims see them in the order of a run on
  /// the whole repository, so that inputs and context settle duplicates alike.
  std::vector<std::size_t> m_by_path;
  CheckContext m_context;
  std::string m_check_fp;
  LoadLimits m_limits; ///< from the config's limits
  std::unique_ptr<detail::Cache> m_cache;
  unsigned m_jobs;
  std::vector<Slot> m_slots;
  std::unique_ptr<detail::ModelHandOver> m_models; ///< made once the context is known
  detail::DigestStore m_digests;                   ///< by file: its proof digest (Slot::rec has none)
  std::vector<std::size_t> m_registry_files;
  detail::Registries m_registries;
  std::vector<std::size_t> m_registry_slot; ///< by registry of m_registries: its file
  std::int64_t m_started = 0;
  std::chrono::steady_clock::time_point m_last_lap;
  std::atomic<std::size_t> m_files_done{0};
  std::atomic<std::uint64_t> m_items_done{0}, m_parsed{0}, m_compared{0};
  std::atomic<bool> m_header_changed{false};
};

Run::Run(const ValidateOptions &options)
    : m_options(options), m_files(collect_files(options.paths, m_result.errors, m_result.notes)),
      m_inputs(m_files.size()), m_context(options.config),
      m_check_fp("pattern=" + options.config.code_pattern + ";profile=" + options.config.code_profile + ";" +
                 (options.config.defined_profile ? "defined=" + options.config.defined_profile->fingerprint() + ";"
                                                 : std::string()) +
                 detail::limits_fingerprint(options.config.limits)),
      m_limits(detail::load_limits(options.config.limits)),
      m_jobs(detail::effective_jobs(options.jobs, m_files.size())), m_slots(m_files.size()),
      m_digests(options.digest_memory) {
  if (!options.cache_dir.empty() && !options.keep_models && !options.observer && options.texts.empty()) {
    std::string note;
    m_cache = std::make_unique<detail::Cache>(options.cache_dir, m_check_fp, note);
    if (!note.empty()) m_result.notes.push_back(note);
    if (!m_cache->usable()) m_cache.reset();
  }
  m_started = now_ns();
}

double Run::lap() {
  auto now = std::chrono::steady_clock::now();
  double d = std::chrono::duration<double>(now - m_last_lap).count();
  m_last_lap = now;
  return d;
}

void Run::scan() {
  scan_files(0, m_files.size());
  m_result.stats.scan_seconds = static_cast<double>(now_ns() - m_started) / 1e9;
  lap();
}

void Run::scan_files(std::size_t begin, std::size_t end) {
  detail::parallel_for(end - begin, m_jobs, [&](std::size_t t) {
    const std::size_t i = begin + t;
    Slot &s = m_slots[i];
    const std::string &path = m_files[i];
    FileStat st = stat_of(path);
    if (m_cache) {
      detail::PackedDigest digest;
      detail::DigestShape shape;
      if (auto rec = m_cache->load(path, digest, shape)) {
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
            rec->stat_trusted = st.mtime_ns < m_started - 2'000'000'000;
            s.dirty = true;
          }
        }
        if (same) {
          m_cache->touch(path);
          s.rec = std::move(*rec);
          m_digests.put(i, std::move(digest), shape);
          s.have_record = s.from_cache = true;
          s.guess = s.rec.header;
          return;
        }
      } // else: the file changed, and every key of its record names the old content
    }
    s.rec.path = path;
    if (auto text = m_options.texts.find(path); text != m_options.texts.end())
      s.guess = scan_document_header([&](std::size_t n) { return text->second.substr(0, n); });
    else
      s.guess = scan_file_header(path); // the header is in the first lines
  });
}

void Run::find_context() {
  std::vector<Header> inputs;
  for (const Slot &s : m_slots) inputs.push_back(s.guess);
  std::vector<std::string> candidates;
  if (m_options.context) {
    std::set<std::string> roots, taken;
    for (const auto &p : m_options.paths) roots.insert(detail::repository_root(p));
    for (const auto &f : m_files) taken.insert(canonical_path(f));
    for (const auto &root : roots)
      for (auto &f : detail::repository_files(root))
        if (taken.insert(canonical_path(f)).second) candidates.push_back(std::move(f));
    std::sort(candidates.begin(), candidates.end());
  }
  std::vector<Header> headers(candidates.size());
  detail::parallel_for(candidates.size(), m_jobs, [&](std::size_t c) { headers[c] = scan_file_header(candidates[c]); });
  auto selection = detail::select_context(inputs, headers);
  for (auto &note : detail::missing_upper_notes(selection.missing, m_options.context))
    m_result.notes.push_back(std::move(note));
  for (std::size_t c : selection.files) m_files.push_back(candidates[c]);
  m_slots.resize(m_files.size());
  m_jobs = detail::effective_jobs(m_options.jobs, m_files.size());
  scan_files(m_inputs, m_files.size());
  m_models = std::make_unique<detail::ModelHandOver>(m_files.size(), m_options.keep_models);
  m_by_path.resize(m_files.size());
  for (std::size_t i = 0; i < m_files.size(); ++i) m_by_path[i] = i;
  std::sort(m_by_path.begin(), m_by_path.end(), [&](std::size_t a, std::size_t b) { return m_files[a] < m_files[b]; });
  m_result.context_files.assign(m_files.begin() + static_cast<std::ptrdiff_t>(m_inputs), m_files.end());
  m_result.summary.context = m_result.context_files.size();
  m_result.stats.scan_seconds = static_cast<double>(now_ns() - m_started) / 1e9;
  lap();
}

// Loads file i: the model, and (when the record is not current) the per-file results and
// header.
std::unique_ptr<LoadedFile> Run::load_model(std::size_t i, bool need_checks) {
  Slot &s = m_slots[i];
  std::string content, err;
  FileStat st = stat_of(m_files[i]);
  auto model = std::make_unique<LoadedFile>();
  Hash128 h;
  if (auto text = m_options.texts.find(m_files[i]); text != m_options.texts.end()) {
    *model = load_document(m_files[i], text->second, m_limits);
    m_parsed.fetch_add(1, std::memory_order_relaxed);
    h = detail::hash_bytes(text->second);
  } else if (st.ok && st.size > LoadLimits{}.max_bytes) {
    *model = load_file(m_files[i], m_limits); // too large: a finding, without reading it into memory
    h = detail::KeyHasher().add("too large").add(std::to_string(st.size)).add(std::to_string(st.mtime_ns)).done();
  } else if (!detail::read_file_bytes(m_files[i], content, err)) {
    model->path = m_files[i];
    model->readable = false;
    model->io_error = err;
  } else {
    *model = load_document(m_files[i], content, m_limits);
    m_parsed.fetch_add(1, std::memory_order_relaxed);
    h = detail::hash_bytes(content);
  }
  if (!model->io_error.empty()) {
    s.io_error = model->io_error;
    s.have_record = false;
  } else if (need_checks || !s.have_record || h != s.rec.content) {
    refresh_record(i, *model, st, h);
  }
  return model;
}

// The per-file part of file i's record, from its freshly loaded model (whose loader findings
// move into the record).
void Run::refresh_record(std::size_t i, LoadedFile &model, const FileStat &st, const Hash128 &h) {
  Slot &s = m_slots[i];
  FileRecord &r = s.rec;
  r.path = m_files[i];
  r.content = h;
  r.size = st.size;
  r.mtime_ns = st.mtime_ns;
  r.inode = st.inode;
  r.stat_trusted = st.ok && st.mtime_ns < m_started - 2'000'000'000;
  r.header = detail::header_of(model);
  r.bytes = model.bytes;
  r.items = model.kind == DocKind::catalog ? model.catalog.items.size() : 0;
  r.findings = std::move(model.findings);
  model.findings.clear();
  check_catalog(model, m_context, r.findings);
  check_certificates(model, r.findings);
  r.ignores = model.ignores;
  s.have_record = true;
  s.dirty = true;
}

void Run::load_registries() {
  for (std::size_t i = 0; i < m_files.size(); ++i) { // files that may be registries
    Slot &s = m_slots[i];
    if (s.guess.kind == DocKind::catalog) continue;
    if (s.from_cache && s.guess.kind != DocKind::certificates) continue; // known not to be a registry
    auto model = load_model(i, !s.have_record);
    if (s.io_error.empty()) s.guess = detail::header_of(*model);
    if (model->kind == DocKind::certificates) {
      m_registry_files.push_back(i);
      m_models->pin(i, std::move(model));
    } // else: loaded again in a round if the hierarchy needs it
  }
  std::vector<const LoadedFile *> registry_models;
  for (std::size_t i : m_registry_files) registry_models.push_back(m_models->model(i));
  m_registries = detail::build_registries(registry_models);
  for (const auto &reg : m_registries.list)
    for (std::size_t i : m_registry_files)
      if (m_models->model(i) == reg.file) m_registry_slot.push_back(i);
  m_result.stats.registry_seconds = lap();
}

Hash128 Run::level_key(const RoundPlan &plan, std::size_t k) const {
  detail::KeyHasher h;
  h.add(detail::build_id()).add(m_check_fp).add(m_slots[plan.nodes[k].input].rec.content);
  for (int c : plan.nodes[k].chain) {
    const LevelNode &cn = plan.nodes[static_cast<std::size_t>(c)];
    h.add(cn.path).add(cn.code).add(m_slots[cn.input].rec.content);
  }
  return h.done();
}

// The local proof stage of node k depends on its content and on the registries governing it
// (their place in the run's list too: the digest names them by it), nothing else.
Hash128 Run::cert_key(const RoundPlan &plan, std::size_t k) const {
  detail::KeyHasher h;
  h.add(detail::build_id()).add(m_check_fp).add(plan.nodes[k].code).add(m_slots[plan.nodes[k].input].rec.content);
  for (int g : m_registries.governing(plan.nodes[k].code)) {
    const std::size_t i = m_registry_slot[static_cast<std::size_t>(g)];
    h.add(std::to_string(g)).add(m_files[i]).add(m_slots[i].rec.content);
  }
  return h.done();
}

// The level findings of node k in its record were computed with the chain of this plan (a
// record keeps the findings of the last comparison, which may have had another chain).
bool Run::level_current(const RoundPlan &plan, std::size_t k) const {
  const FileRecord &r = m_slots[plan.nodes[k].input].rec;
  return !plan.nodes[k].chain.empty() && r.has_level && r.level_key == level_key(plan, k);
}

// Task order: parents first, by the chain from the top, then the file's own position (depth
// first: a city's counties right after the city, so the city's model can go soon; every
// catalog of a chain strictly before the catalogs below it, so no task waits for a task that
// no one has taken).
std::vector<std::size_t> task_order(const RoundPlan &p, const std::vector<char> &skip) {
  const std::size_t n = p.need.size();
  auto input_of = [&](int node) { return p.nodes[static_cast<std::size_t>(node)].input; };
  std::vector<std::vector<std::size_t>> order_key(n);
  std::vector<std::size_t> natural;
  for (std::size_t i = 0; i < n; ++i) {
    if (!p.need[i].load || skip[i]) continue;
    natural.push_back(i);
    if (int k = p.node_of_file[i]; k >= 0) {
      const auto &chain = p.nodes[static_cast<std::size_t>(k)].chain;
      for (auto c = chain.rbegin(); c != chain.rend(); ++c) order_key[i].push_back(input_of(*c));
    }
    order_key[i].push_back(i);
  }
  std::sort(natural.begin(), natural.end(), [&](std::size_t a, std::size_t b) { return order_key[a] < order_key[b]; });
  std::vector<std::size_t> order;
  std::vector<char> placed(n, 0);
  std::function<void(std::size_t)> place = [&](std::size_t i) {
    if (placed[i]) return;
    placed[i] = 1;
    if (int k = p.node_of_file[i]; k >= 0) {
      const auto &chain = p.nodes[static_cast<std::size_t>(k)].chain;
      for (auto c = chain.rbegin(); c != chain.rend(); ++c) place(input_of(*c));
    }
    order.push_back(i);
  };
  for (std::size_t i : natural) place(i);
  return order;
}

RoundPlan Run::plan() const {
  const std::size_t n = m_files.size();
  RoundPlan p;
  std::vector<detail::NodeHeader> headers;
  for (std::size_t i : m_by_path) {
    const Slot &s = m_slots[i];
    const Header &g = s.have_record && s.from_cache ? s.rec.header : s.guess;
    if (!s.io_error.empty()) continue;
    headers.push_back({nullptr, m_files[i], i, g.kind, g.readable, g.region_code.value, g.region_name, g.parent});
  }
  p.nodes = detail::build_hierarchy(headers);
  p.node_of_file.assign(n, -1);
  for (std::size_t k = 0; k < p.nodes.size(); ++k) {
    p.node_of_file[p.nodes[k].input] = static_cast<int>(k);
    p.nodes[k].context = is_context(p.nodes[k].input);
  }
  p.need.assign(n, Need{});
  for (std::size_t i = 0; i < n; ++i) p.need[i].per_file = m_slots[i].io_error.empty() && !m_slots[i].have_record;
  auto hash_known = [&](std::size_t i) { return m_slots[i].have_record && !p.need[i].per_file; };
  for (std::size_t k = 0; k < p.nodes.size(); ++k) {
    const std::size_t i = p.nodes[k].input;
    const FileRecord &r = m_slots[i].rec;
    if (!p.nodes[k].chain.empty() && !is_context(i)) { // context: compared with, not compared
      bool known = hash_known(i);
      for (int c : p.nodes[k].chain) known = known && hash_known(p.nodes[static_cast<std::size_t>(c)].input);
      p.need[i].level = !known || !r.has_level || r.level_key != level_key(p, k);
    }
    p.need[i].cert = !hash_known(i) || !r.has_cert || r.cert_key != cert_key(p, k);
  }
  for (auto &nd : p.need) nd.load = nd.per_file || nd.level || nd.cert || m_options.keep_models;
  p.below.assign(n, 0);
  for (std::size_t k = 0; k < p.nodes.size(); ++k)
    if (p.need[p.nodes[k].input].level)
      for (int c : p.nodes[k].chain) {
        const std::size_t ci = p.nodes[static_cast<std::size_t>(c)].input;
        p.need[ci].load = true;
        ++p.below[ci];
      }
  std::vector<char> pinned(n, 0); // registries are loaded already
  for (std::size_t i : m_registry_files) pinned[i] = 1;
  p.order = task_order(p, pinned);
  return p;
}

// Only needed as a reference: the cached binary model of file i, when there is one.
std::unique_ptr<LoadedFile> Run::cached_model(std::size_t i) const {
  const Slot &s = m_slots[i];
  if (!s.have_record || s.rec.header.kind != DocKind::catalog || !s.rec.header.readable) return nullptr;
  auto model = std::make_unique<LoadedFile>();
  if (!m_cache->load_model(m_files[i], s.rec.content, model->catalog)) return nullptr;
  model->path = m_files[i];
  model->kind = DocKind::catalog;
  model->bytes = s.rec.bytes;
  return model;
}

// The level stage of node k: waits for the models of its chain, compares, and releases them.
// Returns false when a catalog of the chain turned out not to be one (another round).
bool Run::compare_with_chain(const RoundPlan &plan, std::size_t k, const LoadedFile &model, CatalogUniformity &u) {
  const LevelNode &node = plan.nodes[k];
  Slot &s = m_slots[node.input];
  std::vector<detail::ChainCatalog> chain;
  bool complete = true;
  for (int c : node.chain) {
    auto up = m_models->wait(plan.nodes[static_cast<std::size_t>(c)].input);
    if (!up.model || !up.index || up.model->kind != DocKind::catalog) {
      complete = false;
      continue;
    }
    chain.push_back({c, &up.model->catalog, up.index});
  }
  s.rec.level_findings.clear();
  if (complete) {
    detail::compare_catalog(plan.nodes, k, model.catalog, chain, u, s.rec.level_findings);
    s.rec.has_level = true;
    s.rec.level_key = level_key(plan, k);
    m_compared.fetch_add(1, std::memory_order_relaxed);
  } else {
    s.rec.has_level = false;
  }
  s.dirty = true;
  for (int c : node.chain) m_models->release(plan.nodes[static_cast<std::size_t>(c)].input);
  return complete;
}

// The task of file i in a round: load (or take the cached model), publish it for the catalogs
// below, compare with the catalogs above, digest the proofs, store the record.
void Run::run_task(const RoundPlan &plan, std::size_t i, detail::VerdictCache &verdicts) {
  Slot &s = m_slots[i];
  const Need &need = plan.need[i];
  std::unique_ptr<LoadedFile> model;
  bool from_model = false;
  if (m_cache && !need.per_file && !need.level && !need.cert && !m_options.keep_models) {
    model = cached_model(i);
    from_model = model != nullptr;
  }
  if (!from_model && m_options.keep_models && !need.per_file && !m_models->pinned(i))
    if (auto kept = m_models->take(i)) { // kept from an earlier round: the same bytes, no second parse
      model = std::move(kept);
      from_model = true;
    }
  if (!from_model) model = load_model(i, need.per_file);
  const int k = plan.node_of_file[i];
  if (s.io_error.empty() && !(detail::header_of(*model) == s.guess) && !s.from_cache) {
    s.guess = detail::header_of(*model);
    m_header_changed = true;
  }
  std::unique_ptr<detail::LevelIndex> index;
  if (k >= 0 && model->kind == DocKind::catalog && m_models->referenced(i)) {
    index = std::make_unique<detail::LevelIndex>(detail::index_catalog(model->catalog));
    if (m_cache && !from_model && model->readable && s.io_error.empty())
      m_cache->store_model(m_files[i], s.rec.content, model->catalog);
  }
  m_models->hold(i, std::move(model));
  m_models->publish(i, std::move(index));
  const LoadedFile &mine = *m_models->model(i); // held until release(i) below
  CatalogUniformity u;
  bool compared = false;
  detail::CertDigest digest;
  bool digested = false;
  if (k >= 0 && s.io_error.empty()) {
    if (need.level) {
      compared = compare_with_chain(plan, static_cast<std::size_t>(k), mine, u);
      if (!compared) m_header_changed = true; // a parent turned out not to be a catalog: another round
    }
    if (need.cert) {
      s.rec.cert_findings.clear();
      digest = detail::certs_local(m_registries, plan.nodes[static_cast<std::size_t>(k)], mine.catalog, verdicts,
                                   s.rec.cert_findings);
      digested = true;
      s.rec.has_cert = true;
      s.rec.cert_key = cert_key(plan, static_cast<std::size_t>(k));
      s.dirty = true;
    }
  }
  if (m_cache && s.dirty && s.have_record) {
    m_cache->store(s.rec, digested ? digest : *m_digests.get(i));
    s.dirty = false;
  }
  if (digested) m_digests.put(i, std::move(digest));
  if (m_options.observer && !is_context(i))
    m_options.observer->observe(i, mine, s.rec.findings, compared ? &u : nullptr);
  m_models->release(i);
  m_items_done.fetch_add(s.rec.items, std::memory_order_relaxed);
  m_files_done.fetch_add(1, std::memory_order_release);
}

bool Run::execute(const RoundPlan &plan, bool report_progress) {
  m_header_changed = false;
  m_models->begin_round(plan.below);
  const std::size_t total = m_files.size(); // files not loaded in this round count as done
  m_files_done = total - plan.order.size();
  std::function<void(bool)> tick;
  if (report_progress) // called from this thread only, so the callback needs no locking
    tick = [&](bool finished) {
      m_options.progress(finished ? total : m_files_done.load(std::memory_order_acquire), total,
                         m_items_done.load(std::memory_order_relaxed), finished);
    };
  detail::parallel_for_with<detail::VerdictCache>(
      plan.order.size(), m_jobs,
      [&](std::size_t t, detail::VerdictCache &verdicts) { run_task(plan, plan.order[t], verdicts); }, tick);
  return m_header_changed;
}

void Run::flush_cache() {
  if (m_cache) { // unchanged cached files whose stat was refreshed
    for (std::size_t i = 0; i < m_slots.size(); ++i)
      if (m_slots[i].dirty && m_slots[i].have_record) m_cache->store(m_slots[i].rec, *m_digests.get(i));
    m_cache->prune();
  }
  m_result.stats.rounds_seconds = lap();
  m_result.stats.parsed = m_parsed.load();
  m_result.stats.compared = m_compared.load();
  for (const auto &s : m_slots) m_result.stats.reused += s.from_cache;
}

// The context's own findings are not reported (docs/context.md).
void Run::drop_context_findings(std::vector<Finding> &all) const {
  if (m_inputs == m_files.size()) return;
  std::set<std::string> context(m_files.begin() + static_cast<std::ptrdiff_t>(m_inputs), m_files.end());
  std::erase_if(all, [&](const Finding &f) { return context.count(f.location.file) > 0; });
}

ValidateResult Run::collect(const RoundPlan &last, int rounds) {
  ValidateResult &result = m_result;
  result.stats.rounds = static_cast<std::uint64_t>(rounds);
  std::vector<Finding> all = m_options.config.findings;
  std::vector<InlineIgnores> inline_ignores;
  std::vector<detail::RegionClaim> claims;
  for (std::size_t i : m_by_path) {
    Slot &s = m_slots[i];
    if (is_context(i)) { // checked like an input, so that the configuration applies alike
      if (s.io_error.empty() && s.have_record) {
        all.insert(all.end(), s.rec.findings.begin(), s.rec.findings.end());
        if (!s.rec.ignores.empty()) inline_ignores.push_back({m_files[i], s.rec.ignores});
        if (s.rec.header.kind == DocKind::catalog && s.rec.header.readable && s.rec.header.region_code.present)
          claims.push_back({m_files[i], s.rec.header.region_code});
      }
      continue;
    }
    if (!s.io_error.empty() || !s.have_record) {
      result.errors.push_back(fmt::format("{}: 无法读取 / cannot read: {}", m_files[i],
                                          s.io_error.empty() ? std::string("unknown error") : s.io_error));
      continue;
    }
    const FileRecord &r = s.rec;
    ++result.summary.files;
    if (r.header.kind == DocKind::catalog && r.header.readable) {
      ++result.summary.catalogs;
      result.summary.items += r.items;
      if (r.header.region_code.present) claims.push_back({m_files[i], r.header.region_code});
    } else if (r.header.kind == DocKind::certificates && r.header.readable) {
      ++result.summary.certificates;
    }
    all.insert(all.end(), r.findings.begin(), r.findings.end());
    if (!r.ignores.empty()) inline_ignores.push_back({m_files[i], r.ignores});
  }
  detail::check_region_duplicates(claims, all);
  std::vector<std::size_t> digest_slots; // by node: its file
  for (std::size_t k = 0; k < last.nodes.size(); ++k) {
    const FileRecord &r = m_slots[last.nodes[k].input].rec;
    if (level_current(last, k)) all.insert(all.end(), r.level_findings.begin(), r.level_findings.end());
    all.insert(all.end(), r.cert_findings.begin(), r.cert_findings.end());
    digest_slots.push_back(last.nodes[k].input);
  }
  all.insert(all.end(), m_registries.findings.begin(), m_registries.findings.end());
  CertReport certs;
  detail::certs_global(m_registries, last.nodes, m_digests, digest_slots, certs, m_options.proof_report);
  if (std::string e = m_digests.error(); !e.empty()) result.errors.push_back(e);
  result.stats.spilled_digests = m_digests.spilled_digests();
  result.stats.spilled_bytes = m_digests.spilled_bytes();
  for (auto &x : certs.findings) all.push_back(std::move(x));
  if (m_options.proof_report) { // the report is on the inputs; context items stay as issuers and in cycles
    certs.findings.clear();
    std::erase_if(certs.demands,
                  [&](const ProofDemand &d) { return last.nodes[static_cast<std::size_t>(d.who.node)].context; });
    std::erase_if(certs.cycles, [&](const std::vector<ItemRef> &c) {
      return std::all_of(c.begin(), c.end(),
                         [&](const ItemRef &m) { return last.nodes[static_cast<std::size_t>(m.node)].context; });
    });
    result.proofs = std::move(certs);
  }
  apply_config(all, m_options.config, inline_ignores);
  drop_context_findings(all);
  sort_findings(all);
  detail::cap_findings(all, m_options.config);
  for (auto &f : all) ++result.summary.by_severity[static_cast<std::size_t>(f.severity)];
  result.findings = std::move(all);
  result.stats.finish_seconds = lap();
  result.nodes = last.nodes;
  result.files.reserve(m_inputs);
  for (std::size_t i = 0; i < m_inputs; ++i) {
    const Slot &s = m_slots[i];
    if (m_options.keep_models)
      if (auto model = m_models->take(i)) {
        result.files.push_back(std::move(*model));
        continue;
      }
    LoadedFile f;
    f.path = m_files[i];
    f.io_error = s.io_error;
    f.kind = s.rec.header.kind;
    f.readable = s.io_error.empty() && s.rec.header.readable;
    f.bytes = s.rec.bytes;
    // the header, so that keep_changed knows which regions and scopes a changed file holds
    f.catalog.region.code = s.rec.header.region_code;
    f.catalog.region.name.value = s.rec.header.region_name;
    f.catalog.parent = s.rec.header.parent;
    if (f.kind == DocKind::certificates && !s.rec.header.scope.empty()) {
      f.certificates.scope.value = s.rec.header.scope;
      f.certificates.scope.present = true;
    }
    result.files.push_back(std::move(f));
  }
  return std::move(result);
}

} // namespace

ValidateResult validate(const ValidateOptions &options) {
  Run run(options);
  run.scan();
  run.find_context();
  run.load_registries();
  RoundPlan plan;
  int round = 1;
  for (;; ++round) {
    plan = run.plan();
    bool again = run.execute(plan, options.progress && round == 1);
    if (!again || round >= k_max_rounds) break;
  }
  run.flush_cache();
  return run.collect(plan, round);
}

std::uint64_t default_digest_memory() {
  constexpr std::uint64_t k_mib = std::uint64_t{1} << 20;
  const char *env = std::getenv("SHITONG_DIGEST_MEMORY");
  std::uint64_t mib = 0;
  if (env && *env && std::strlen(env) <= 9 &&
      std::all_of(env, env + std::strlen(env), [](char c) { return c >= '0' && c <= '9'; }))
    mib = std::strtoull(env, nullptr, 10);
  else
    mib = 256;
  return mib * k_mib;
}

} // namespace shitong
