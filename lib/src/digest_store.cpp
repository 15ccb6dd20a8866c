// DigestStore (digest_store.hpp): proof digests in memory up to a budget, the rest in an
// unlinked temporary file, read back with pread.
#include "digest_store.hpp"

#include <algorithm>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/statfs.h>
#include <type_traits>
#include <unistd.h>

namespace shitong::detail {

namespace {

constexpr std::size_t k_recent = 8; // spilled digests kept after reading: a catalog and its chain

void put_u32(std::string &out, std::uint32_t v) {
  out.append(reinterpret_cast<const char *>(&v), sizeof v);
}

template <class T> void put_array(std::string &out, const std::vector<T> &v) {
  static_assert(std::is_trivially_copyable_v<T>);
  put_u32(out, static_cast<std::uint32_t>(v.size()));
  out.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(T));
}

/// Reads what pack_digest wrote; never trusts a length.
class Reader {
public:
  explicit Reader(std::string_view s) : m_s(s) {}
  bool ok() const { return m_ok; }
  bool at_end() const { return m_at == m_s.size(); }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    if (!take(&v, sizeof v)) return 0;
    return v;
  }
  std::string_view bytes(std::size_t n) {
    if (!m_ok || n > m_s.size() - m_at) {
      m_ok = false;
      return {};
    }
    std::string_view v = m_s.substr(m_at, n);
    m_at += n;
    return v;
  }
  /// An array written by put_array, left in place: its length, and each entry copied out.
  template <class T> struct ArrayView {
    std::string_view raw;
    std::size_t size = 0;
    template <class F> void each(F f) const {
      for (std::size_t i = 0; i < size; ++i) {
        T v;
        std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T)); // unaligned in the bytes
        f(v);
      }
    }
  };
  template <class T> ArrayView<T> array_view() {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint32_t n = u32();
    if (!m_ok || n > (m_s.size() - m_at) / sizeof(T)) {
      m_ok = false;
      return {};
    }
    return {bytes(static_cast<std::size_t>(n) * sizeof(T)), n};
  }
  template <class T> void array(std::vector<T> &v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint32_t n = u32();
    if (!m_ok || n > (m_s.size() - m_at) / sizeof(T)) {
      m_ok = false;
      return;
    }
    v.resize(n);
    take(v.data(), n * sizeof(T));
  }

private:
  bool take(void *p, std::size_t n) {
    if (!m_ok || n > m_s.size() - m_at) {
      m_ok = false;
      return false;
    }
    if (n == 0) return true; // p may be the null data() of an empty vector: no memcpy
    std::memcpy(p, m_s.data() + m_at, n);
    m_at += n;
    return true;
  }
  std::string_view m_s;
  std::size_t m_at = 0;
  bool m_ok = true;
};

// Each string ends at or after the one before it, the last at the end of the text.
bool ends_valid(const StringPool &p) {
  std::uint32_t at = 0;
  for (auto e : p.ends) {
    if (e < at) return false;
    at = e;
  }
  return at == p.text.size();
}

// The checks of every string id, one entry at a time: `strings` strings, `outputs` outputs,
// `items` items.
bool item_ok(const CertDigest::ItemInfo &it, std::size_t strings, std::size_t outputs) {
  return it.code < strings && it.name < strings && it.sub_name < strings && it.outputs_begin <= it.outputs_end &&
         it.outputs_end <= outputs;
}
bool material_ok(const CertDigest::MaterialInfo &m, std::size_t strings, std::size_t items) {
  return m.item < items && m.name < strings && m.canonical < strings && m.detail < strings &&
         static_cast<unsigned>(m.status) <= static_cast<unsigned>(ProofStatus::other) && m.is_proof <= 1;
}

bool ids_valid(const CertDigest &d) {
  const std::size_t n = d.strings.size();
  if (d.hashes.size() != n) return false;
  for (auto v : d.outputs)
    if (v >= n) return false;
  for (const auto &it : d.items)
    if (!item_ok(it, n, d.outputs.size())) return false;
  for (const auto &m : d.materials)
    if (!material_ok(m, n, d.items.size())) return false;
  return true;
}

/// Where spilled digests go: `$TMPDIR`, else /tmp — or /var/tmp when /tmp is a tmpfs, whose
/// pages are memory too (Fedora, Debian 13 and later mount /tmp so).
std::string spill_dir() {
  const char *env = std::getenv("TMPDIR");
  if (env && *env) return env;
  constexpr long k_tmpfs_magic = 0x01021994;
  struct statfs fs {};
  if (::statfs("/tmp", &fs) == 0 && static_cast<long>(fs.f_type) == k_tmpfs_magic && ::access("/var/tmp", W_OK) == 0)
    return "/var/tmp";
  return "/tmp";
}

/// A file nobody else can open, gone once closed: O_TMPFILE, else a unique name unlinked at once.
int open_spill_file(std::string &error) {
  const std::string dir = spill_dir();
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = dir + "/shitong-digests-XXXXXX";
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) {
    ::unlink(name.c_str());
    return fd;
  }
  error = dir + ": " + std::strerror(errno);
  return -1;
}

/// Calls `io(done)` (a pread or pwrite from byte `done` on) until `n` bytes are done, retrying
/// on EINTR; false on an error or an early end of file.
template <class Io> bool all_bytes(std::size_t n, Io io) {
  std::size_t done = 0;
  while (done < n) {
    ssize_t got = io(done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

bool write_all(int fd, std::string_view bytes, std::uint64_t offset) {
  return all_bytes(bytes.size(), [&](std::size_t done) {
    return ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
  });
}

bool read_all(int fd, std::string &bytes, std::uint64_t offset) {
  return all_bytes(bytes.size(), [&](std::size_t done) {
    return ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
  });
}

} // namespace

std::string pack_digest(const CertDigest &d) {
  std::string out;
  out.reserve(static_cast<std::size_t>(digest_footprint(d)));
  // the string pool as it is: its ends, then its text
  put_array(out, d.strings.ends);
  put_u32(out, static_cast<std::uint32_t>(d.strings.text.size()));
  out.append(d.strings.text);
  // plain structs, written as they are in memory: the bytes are read only by the same build
  // (the cache's records carry the build id; the spill file lives as long as the run)
  put_array(out, d.hashes);
  put_array(out, d.items);
  put_array(out, d.outputs);
  put_array(out, d.materials);
  return out;
}

bool unpack_digest(std::string_view bytes, CertDigest &out) {
  Reader in(bytes);
  CertDigest d;
  in.array(d.strings.ends);
  d.strings.text.assign(in.bytes(in.u32()));
  if (!in.ok() || !ends_valid(d.strings)) return false;
  in.array(d.hashes);
  in.array(d.items);
  in.array(d.outputs);
  in.array(d.materials);
  if (!in.ok() || !in.at_end() || !ids_valid(d)) return false;
  out = std::move(d);
  return true;
}

std::optional<DigestShape> digest_shape(std::string_view bytes) {
  // every check of unpack_digest, in place: a cached record whose digest would not unpack is
  // refused at load (and its file parsed again), never found broken later
  Reader in(bytes); // the layout of pack_digest
  const auto ends = in.array_view<std::uint32_t>();
  const std::uint32_t text = in.u32();
  in.bytes(text);
  const auto hashes = in.array_view<std::uint64_t>();
  const auto items = in.array_view<CertDigest::ItemInfo>();
  const auto outputs = in.array_view<std::uint32_t>();
  const auto materials = in.array_view<CertDigest::MaterialInfo>();
  if (!in.ok() || !in.at_end() || hashes.size != ends.size) return std::nullopt;
  const std::size_t n = ends.size;
  std::uint32_t at = 0;
  bool ok = true;
  ends.each([&](std::uint32_t e) {
    ok = ok && e >= at;
    at = e;
  });
  ok = ok && at == text;
  outputs.each([&](std::uint32_t v) { ok = ok && v < n; });
  items.each([&](const CertDigest::ItemInfo &it) { ok = ok && item_ok(it, n, outputs.size); });
  materials.each([&](const CertDigest::MaterialInfo &m) { ok = ok && material_ok(m, n, items.size); });
  if (!ok) return std::nullopt;
  return DigestShape{static_cast<std::uint32_t>(items.size), outputs.size > 0};
}

std::uint64_t digest_footprint(const CertDigest &d) {
  std::uint64_t bytes = sizeof(CertDigest) + d.hashes.size() * sizeof(std::uint64_t) +
                        d.items.size() * sizeof(CertDigest::ItemInfo) + d.outputs.size() * sizeof(std::uint32_t) +
                        d.materials.size() * sizeof(CertDigest::MaterialInfo);
  bytes += d.strings.ends.size() * sizeof(std::uint32_t) + d.strings.text.size();
  return bytes;
}

DigestStore::DigestStore(std::uint64_t memory_budget) : m_budget(memory_budget) {}

DigestStore::~DigestStore() {
  if (m_fd >= 0) ::close(m_fd);
}

DigestStore::Entry &DigestStore::entry(std::size_t slot) {
  if (slot >= m_entries.size()) m_entries.resize(slot + 1);
  return m_entries[slot];
}

// Writes a packed digest at the end of the spill file (opened on first use). Called with the
// lock held.
bool DigestStore::spill(Entry &e, std::string_view bytes) {
  if (m_spill_failed) return false;
  if (m_fd < 0) {
    m_fd = open_spill_file(m_error);
    if (m_fd < 0) {
      m_spill_failed = true;
      m_error = "证明摘要无法暂存到磁盘，全部留在内存 / proof digests kept in memory, no spill file: " + m_error;
      return false;
    }
  }
  if (!write_all(m_fd, bytes, m_spilled)) {
    m_spill_failed = true;
    m_error = std::string("证明摘要无法暂存到磁盘，其余留在内存 / proof digests kept in memory, spill write failed: ") +
              std::strerror(errno);
    return false;
  }
  e.offset = m_spilled;
  e.size = bytes.size();
  e.spilled = true;
  m_spilled += bytes.size();
  ++m_spilled_count;
  return true;
}

void DigestStore::put(std::size_t slot, CertDigest &&d) {
  const std::uint64_t footprint = digest_footprint(d);
  bool over = false;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    over = !m_spill_failed && m_resident + footprint > m_budget;
  }
  std::string bytes;
  if (over) bytes = pack_digest(d); // outside the lock: the workers pack in parallel
  std::lock_guard<std::mutex> lock(m_mutex);
  Entry &e = entry(slot);
  release(e);
  e.items = static_cast<std::uint32_t>(d.items.size());
  e.has_outputs = !d.outputs.empty();
  std::erase_if(m_recent, [&](const auto &r) { return r.first == slot; });
  if (over && spill(e, bytes)) return;
  m_resident += footprint;
  e.counted = footprint;
  e.resident = std::make_shared<const CertDigest>(std::move(d));
}

void DigestStore::put(std::size_t slot, PackedDigest &&p, DigestShape shape) {
  std::lock_guard<std::mutex> lock(m_mutex);
  Entry &e = entry(slot);
  release(e);
  e.items = shape.items;
  e.has_outputs = shape.has_outputs;
  std::erase_if(m_recent, [&](const auto &r) { return r.first == slot; });
  // a mapped record's pages count as resident too once read: over the budget, the bytes go to
  // the spill file and the mapping is let go, so a national warm run stays within it
  const std::uint64_t footprint = std::max<std::uint64_t>(p.bytes.size(), p.kept);
  if (!m_spill_failed && m_resident + footprint > m_budget && spill(e, p.bytes)) return;
  m_resident += footprint;
  e.counted = footprint;
  e.packed = std::move(p);
}

void DigestStore::release(Entry &e) {
  m_resident -= e.counted;
  e = Entry{};
}

std::shared_ptr<const CertDigest> DigestStore::read_back(const Entry &e) const {
  if (e.packed.owner) return unpacked(e.packed.bytes);
  std::string bytes(static_cast<std::size_t>(e.size), '\0');
  if (!read_all(m_fd, bytes, e.offset)) {
    m_error = "证明摘要无法从临时文件读回 / a spilled proof digest could not be read back";
    return std::make_shared<const CertDigest>();
  }
  return unpacked(bytes);
}

std::shared_ptr<const CertDigest> DigestStore::unpacked(std::string_view bytes) const {
  auto d = std::make_shared<CertDigest>();
  if (!unpack_digest(bytes, *d)) {
    m_error = "证明摘要无法读回 / a stored proof digest could not be read back";
    return std::make_shared<const CertDigest>();
  }
  return d;
}

std::shared_ptr<const CertDigest> DigestStore::get(std::size_t slot) const {
  static const auto empty = std::make_shared<const CertDigest>();
  std::lock_guard<std::mutex> lock(m_mutex);
  if (slot >= m_entries.size()) return empty;
  const Entry &e = m_entries[slot];
  if (e.resident) return e.resident;
  if (!e.spilled && !e.packed.owner) return empty;
  for (auto it = m_recent.begin(); it != m_recent.end(); ++it)
    if (it->first == slot) {
      m_recent.splice(m_recent.begin(), m_recent, it);
      return it->second;
    }
  auto d = read_back(e);
  m_recent.emplace_front(slot, d);
  if (m_recent.size() > k_recent) m_recent.pop_back();
  return d;
}

std::size_t DigestStore::items(std::size_t slot) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return slot < m_entries.size() ? m_entries[slot].items : 0;
}

bool DigestStore::has_outputs(std::size_t slot) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return slot < m_entries.size() && m_entries[slot].has_outputs;
}

std::uint64_t DigestStore::spilled_bytes() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_spilled;
}

std::size_t DigestStore::spilled_digests() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_spilled_count;
}

std::string DigestStore::error() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_error;
}

} // namespace shitong::detail
