// The incremental cache: record files under .shitong-cache/ (see validate_internal.hpp). The format is
// private to one build: a magic line, the build id, the check fingerprint and the path, then the
// record, then an XXH3 checksum of everything before it. Reading never trusts a length.
#include <shitong/output.hpp>
#include <shitong/rules.hpp>

#include "digest_store.hpp"
#include "fields.hpp"
#include "validate_internal.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/mman.h>
#include <sys/stat.h>
#include <type_traits>
#include <unistd.h>

namespace fs = std::filesystem;

namespace shitong::detail {

Hash128 hash_bytes(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return {h.low64, h.high64};
}

KeyHasher &KeyHasher::add(std::string_view s) {
  std::uint64_t n = s.size();
  m_buf.append(reinterpret_cast<const char *>(&n), sizeof n);
  m_buf.append(s);
  return *this;
}
KeyHasher &KeyHasher::add(const Hash128 &h) {
  m_buf.append(reinterpret_cast<const char *>(&h.lo), sizeof h.lo);
  m_buf.append(reinterpret_cast<const char *>(&h.hi), sizeof h.hi);
  return *this;
}

bool read_file_bytes(const std::string &path, std::string &out, std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  std::size_t want = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
  out.clear();
  out.resize(want + 1); // one more byte: notices a file that grew, and reads pipes in steps
  std::size_t have = 0;
  for (;;) {
    if (have == out.size()) out.resize(out.size() * 2 + 4096);
    ssize_t n = ::read(fd, out.data() + have, out.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(have);
  return true;
}

namespace {

constexpr std::string_view k_magic = "shitong cache record 4\n"; // 4: digest strings as one pool
constexpr std::string_view k_tag = "Signature: 8a477f597d28d172789f06886806bc55\n"
                                   "# This directory is a cache of shitong (十同); delete it at any time.\n";

class Out {
public:
  void u8(std::uint8_t v) { m_s.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { m_s.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void u64(std::uint64_t v) { m_s.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    m_s.append(s);
  }
  void pos(Pos p) {
    u32(p.line);
    u32(p.column);
  }
  void text(const Text &t) {
    str(t.value);
    pos(t.pos);
    u8(t.present);
  }
  void hash(const Hash128 &h) {
    u64(h.lo);
    u64(h.hi);
  }
  void location(const Location &l) {
    str(l.file);
    u32(l.line);
    u32(l.column);
    str(l.label);
    u8(l.reference);
  }
  void finding(const Finding &f) {
    str(f.rule);
    u8(static_cast<std::uint8_t>(f.severity));
    location(f.location);
    str(f.region);
    str(f.item);
    str(f.path);
    str(f.message_zh);
    str(f.message_en);
    u32(static_cast<std::uint32_t>(f.related.size()));
    for (const auto &r : f.related) location(r);
  }
  template <class T> void array(const std::vector<T> &v) {
    static_assert(std::is_trivially_copyable_v<T>);
    u32(static_cast<std::uint32_t>(v.size()));
    m_s.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(T));
  }
  void findings(const std::vector<Finding> &v) {
    u32(static_cast<std::uint32_t>(v.size()));
    for (const auto &f : v) finding(f);
  }
  std::string &data() { return m_s; }

private:
  std::string m_s;
};

class In {
public:
  explicit In(std::string_view s) : m_s(s) {}
  bool ok() const { return m_ok; }
  std::uint8_t u8() {
    std::uint8_t v = 0;
    raw(&v, 1);
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  std::string str() { return std::string(view()); }
  std::string_view view() { // a length-prefixed string, in place
    std::uint32_t n = u32();
    if (!m_ok || n > m_s.size() - m_at) {
      m_ok = false;
      return {};
    }
    std::string_view s = m_s.substr(m_at, n);
    m_at += n;
    return s;
  }
  Pos pos() {
    Pos p;
    p.line = u32();
    p.column = u32();
    return p;
  }
  Text text() {
    Text t;
    t.value = str();
    t.pos = pos();
    t.present = u8() != 0;
    return t;
  }
  Hash128 hash() {
    Hash128 h;
    h.lo = u64();
    h.hi = u64();
    return h;
  }
  Location location() {
    Location l;
    l.file = str();
    l.line = u32();
    l.column = u32();
    l.label = str();
    l.reference = u8() != 0;
    return l;
  }
  /// A count of elements of at least `min_bytes` each: bounded by what is left.
  std::uint32_t count(std::size_t min_bytes) {
    std::uint32_t n = u32();
    if (!m_ok || static_cast<std::uint64_t>(n) * min_bytes > m_s.size() - m_at) {
      m_ok = false;
      return 0;
    }
    return n;
  }
  template <class T> void array(std::vector<T> &v) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::uint32_t n = count(sizeof(T));
    v.resize(n);
    raw(v.data(), static_cast<std::size_t>(n) * sizeof(T));
  }
  Finding finding() {
    Finding f;
    f.rule = str();
    if (!find_rule(f.rule)) m_ok = false; // a record of another rule table: not this build's
    std::uint8_t sev = u8();
    if (sev > 2) m_ok = false;
    f.severity = static_cast<Severity>(sev);
    f.location = location();
    f.region = str();
    f.item = str();
    f.path = str();
    f.message_zh = str();
    f.message_en = str();
    std::uint32_t n = count(17);
    for (std::uint32_t i = 0; i < n && m_ok; ++i) f.related.push_back(location());
    return f;
  }
  std::vector<Finding> findings() {
    std::vector<Finding> v;
    std::uint32_t n = count(30);
    v.reserve(n);
    for (std::uint32_t i = 0; i < n && m_ok; ++i) v.push_back(finding());
    return v;
  }
  bool at_end() const { return m_at == m_s.size(); }
  std::size_t offset() const { return m_at; }

private:
  void raw(void *out, std::size_t n) {
    if (!m_ok || n > m_s.size() - m_at) {
      m_ok = false;
      return;
    }
    if (n == 0) return; // an empty array: out may be null, and memcpy(nullptr, …, 0) is UB (UBSan)
    std::memcpy(out, m_s.data() + m_at, n);
    m_at += n;
  }
  std::string_view m_s;
  std::size_t m_at = 0;
  bool m_ok = true;
};

void write_header(Out &o, const Header &h) {
  o.u8(static_cast<std::uint8_t>(h.kind));
  o.u8(h.readable);
  o.text(h.region_code);
  o.str(h.region_name);
  o.text(h.parent);
  o.str(h.scope);
}
Header read_header(In &in) {
  Header h;
  std::uint8_t kind = in.u8();
  h.kind = kind <= 2 ? static_cast<DocKind>(kind) : DocKind::unknown;
  h.readable = in.u8() != 0;
  h.region_code = in.text();
  h.region_name = in.str();
  h.parent = in.text();
  h.scope = in.str();
  return h;
}

std::string serialize(const FileRecord &r, const CertDigest &digest, const std::string &fingerprint) {
  Out o;
  o.data().append(k_magic);
  o.str(build_id());
  o.str(fingerprint);
  o.str(r.path);
  o.hash(r.content);
  o.u64(r.size);
  o.u64(static_cast<std::uint64_t>(r.mtime_ns));
  o.u64(r.inode);
  o.u8(r.stat_trusted);
  write_header(o, r.header);
  o.u64(r.bytes);
  o.u64(r.items);
  o.findings(r.findings);
  o.u32(static_cast<std::uint32_t>(r.ignores.size()));
  for (const auto &g : r.ignores) {
    o.u32(g.line);
    o.u32(g.column);
    o.u32(g.target_line);
    o.str(g.rule);
    o.str(g.reason);
  }
  o.u8(r.has_level);
  o.hash(r.level_key);
  o.findings(r.level_findings);
  o.u8(r.has_cert);
  o.hash(r.cert_key);
  o.findings(r.cert_findings);
  o.str(pack_digest(digest)); // as the digest store spills it (digest_store.cpp)
  std::uint64_t sum = XXH3_64bits(o.data().data(), o.data().size());
  o.u64(sum);
  return std::move(o.data());
}

std::optional<FileRecord> deserialize(std::string_view bytes, const std::string &path, const std::string &fingerprint,
                                      std::string_view &digest, DigestShape &shape) {
  if (bytes.size() < k_magic.size() + 8 || bytes.substr(0, k_magic.size()) != k_magic) return std::nullopt;
  std::uint64_t sum = 0;
  std::memcpy(&sum, bytes.data() + bytes.size() - 8, 8);
  if (XXH3_64bits(bytes.data(), bytes.size() - 8) != sum) return std::nullopt;
  In in(bytes.substr(k_magic.size(), bytes.size() - 8 - k_magic.size()));
  if (in.str() != build_id() || in.str() != fingerprint || in.str() != path) return std::nullopt;
  FileRecord r;
  r.path = path;
  r.content = in.hash();
  r.size = in.u64();
  r.mtime_ns = static_cast<std::int64_t>(in.u64());
  r.inode = in.u64();
  r.stat_trusted = in.u8() != 0;
  r.header = read_header(in);
  r.bytes = in.u64();
  r.items = in.u64();
  r.findings = in.findings();
  std::uint32_t n = in.count(20);
  for (std::uint32_t i = 0; i < n && in.ok(); ++i) {
    IgnoreComment g;
    g.line = in.u32();
    g.column = in.u32();
    g.target_line = in.u32();
    g.rule = in.str();
    g.reason = in.str();
    r.ignores.push_back(std::move(g));
  }
  r.has_level = in.u8() != 0;
  r.level_key = in.hash();
  r.level_findings = in.findings();
  r.has_cert = in.u8() != 0;
  r.cert_key = in.hash();
  r.cert_findings = in.findings();
  digest = in.view();
  auto sh = digest_shape(digest);
  if (!sh || !in.ok() || !in.at_end()) return std::nullopt;
  shape = *sh;
  return r;
}

/// A cache record mapped read-only into memory (records are replaced by rename and removed by
/// unlink, never rewritten in place, so a mapping stays valid); read into memory where mapping
/// fails.
class MappedRecord {
public:
  static std::shared_ptr<const MappedRecord> open(const std::string &path) {
    auto m = std::shared_ptr<MappedRecord>(new MappedRecord);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void *at = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (at != MAP_FAILED) {
        m->m_map = at;
        m->m_size = static_cast<std::size_t>(st.st_size);
      }
    }
    ::close(fd);
    std::string error;
    if (!m->m_map && !read_file_bytes(path, m->m_read, error)) return nullptr;
    return m;
  }
  ~MappedRecord() {
    if (m_map) ::munmap(m_map, m_size);
  }
  MappedRecord(const MappedRecord &) = delete;
  MappedRecord &operator=(const MappedRecord &) = delete;
  std::string_view bytes() const {
    return m_map ? std::string_view(static_cast<const char *>(m_map), m_size) : std::string_view(m_read);
  }

private:
  MappedRecord() = default;
  void *m_map = nullptr;
  std::size_t m_size = 0;
  std::string m_read;
};

} // namespace

namespace {
constexpr auto k_day = std::chrono::hours(24);
constexpr auto k_keep = std::chrono::hours(24 * 30);

/// Sets the file's time to now when it is more than a day old.
void refresh(const fs::path &p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return;
  auto now = fs::file_time_type::clock::now();
  if (now - t > k_day) fs::last_write_time(p, now, ec);
}
} // namespace

void Cache::touch(const std::string &path) const {
  if (!m_usable) return;
  refresh(entry_path(path));
  refresh(entry_path(path, ".model"));
}

void Cache::prune() const {
  if (!m_usable) return;
  std::error_code ec;
  const fs::path stamp = fs::path(m_dir) / "last-prune";
  auto now = fs::file_time_type::clock::now();
  if (auto t = fs::last_write_time(stamp, ec); !ec && now - t < k_day) return;
  if (!write_file_atomic(stamp.string(), "").empty()) return;
  for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path &p = it->path();
    auto ext = p.extension().string();
    if (ext != ".rec" && ext != ".model") continue;
    std::error_code e2;
    auto t = fs::last_write_time(p, e2);
    if (!e2 && now - t > k_keep) fs::remove(p, e2);
  }
}

Cache::Cache(std::string dir, std::string check_fingerprint, std::string &note)
    : m_dir(std::move(dir)), m_fingerprint(std::move(check_fingerprint)) {
  std::error_code ec;
  const fs::path tag = fs::path(m_dir) / "CACHEDIR.TAG";
  if (fs::exists(m_dir, ec)) {
    if (!fs::is_directory(m_dir, ec)) {
      note = fmt::format("{}: 不是目录，不使用缓存 / not a directory; running without the cache", m_dir);
      return;
    }
    std::string content, error;
    if (!read_file_bytes(tag.string(), content, error) || content != k_tag) {
      if (!fs::is_empty(m_dir, ec) || ec) {
        note = fmt::format("{}: 不是 shitong 的缓存目录（没有 shitong 的 CACHEDIR.TAG），不使用也不改动它 / not a "
                           "shitong cache directory (no shitong CACHEDIR.TAG); left alone, running without the cache",
                           m_dir);
        return;
      }
      if (!write_file_atomic(tag.string(), k_tag).empty()) return;
    }
  } else {
    fs::create_directories(m_dir, ec);
    if (ec || !write_file_atomic(tag.string(), k_tag).empty()) {
      note = fmt::format("{}: 无法创建缓存目录，不使用缓存 / cannot create the cache directory{}; running without it",
                         m_dir, ec ? ": " + ec.message() : std::string());
      return;
    }
  }
  m_usable = true;
}

std::string Cache::entry_path(const std::string &path, const char *extension) const {
  return (fs::path(m_dir) / fmt::format("{:016x}{}", XXH3_64bits(path.data(), path.size()), extension)).string();
}

namespace {
constexpr std::string_view k_model_magic = "shitong cache model 1\n";
}

void Cache::store_model(const std::string &path, const Hash128 &content, const Catalog &cat) const {
  if (!m_usable) return;
  Out o;
  o.data().append(k_model_magic);
  o.str(build_id());
  o.str(m_fingerprint);
  o.str(path);
  o.hash(content);
  o.data().append(encode_catalog(cat));
  std::uint64_t sum = XXH3_64bits(o.data().data(), o.data().size());
  o.u64(sum);
  (void)write_file_atomic(entry_path(path, ".model"), o.data());
}

bool Cache::load_model(const std::string &path, const Hash128 &content, Catalog &out) const {
  if (!m_usable) return false;
  std::string bytes, error;
  if (!read_file_bytes(entry_path(path, ".model"), bytes, error)) return false;
  if (bytes.size() < k_model_magic.size() + 8 || bytes.compare(0, k_model_magic.size(), k_model_magic) != 0)
    return false;
  std::uint64_t sum = 0;
  std::memcpy(&sum, bytes.data() + bytes.size() - 8, 8);
  if (XXH3_64bits(bytes.data(), bytes.size() - 8) != sum) return false;
  std::string_view body(bytes.data() + k_model_magic.size(), bytes.size() - 8 - k_model_magic.size());
  In in(body);
  if (in.str() != build_id() || in.str() != m_fingerprint || in.str() != path || in.hash() != content || !in.ok())
    return false;
  return decode_catalog(body.substr(in.offset()), out);
}

std::optional<FileRecord> Cache::load(const std::string &path, PackedDigest &digest, DigestShape &shape) const {
  if (!m_usable) return std::nullopt;
  auto record = MappedRecord::open(entry_path(path));
  if (!record) return std::nullopt;
  std::string_view bytes;
  auto r = deserialize(record->bytes(), path, m_fingerprint, bytes, shape);
  if (r) digest = PackedDigest{record, bytes, record->bytes().size()};
  return r;
}

void Cache::store(const FileRecord &record, const CertDigest &digest) const {
  if (!m_usable) return;
  (void)write_file_atomic(entry_path(record.path), serialize(record, digest, m_fingerprint));
}

} // namespace shitong::detail
