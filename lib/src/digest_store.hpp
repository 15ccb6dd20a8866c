// The proof digests of a run (certs_internal.hpp, CertDigest), one per file, kept until the
// global stage of the proof audit reads them. A national run has thousands of catalogs and
// their digests would grow with the tree (about 0.6 KB per item), so the store keeps them in
// memory only up to a budget and writes the rest to an unlinked temporary file, from which the
// global stage reads them back one catalog at a time (the few read last are kept). The answer
// is the same either way; only memory and disk differ (docs/performance.md).
#pragma once

#include "certs_internal.hpp"

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

/// A digest as bytes (the incremental cache stores the same bytes), and back. Unpacking checks
/// every length and every string id: bytes that are not a digest give false.
std::string pack_digest(const CertDigest &d);
bool unpack_digest(std::string_view bytes, CertDigest &out);

/// A packed digest in memory that something else owns (a cache record mapped from disk): its
/// bytes, and what keeps them alive.
struct PackedDigest {
  std::shared_ptr<const void> owner;
  std::string_view bytes;
  std::uint64_t kept = 0; ///< bytes `owner` keeps in memory (a whole mapped record), if more
};

/// The item count and whether there are outputs of a packed digest, read in place; nullopt
/// for bytes that unpack_digest would refuse (lengths, string ends, every string id).
struct DigestShape {
  std::uint32_t items = 0;
  bool has_outputs = false;
};
std::optional<DigestShape> digest_shape(std::string_view bytes);

/// Roughly the bytes a digest takes in memory.
std::uint64_t digest_footprint(const CertDigest &d);

class DigestStore {
public:
  /// Digests stay in memory while they take at most `memory_budget` bytes in all; later ones
  /// are spilled to a temporary file in `$TMPDIR` (else /tmp, or /var/tmp when /tmp is a
  /// tmpfs). When no file can be written, they stay in memory: nothing is lost, and error()
  /// says why.
  explicit DigestStore(std::uint64_t memory_budget);
  ~DigestStore();
  DigestStore(const DigestStore &) = delete;
  DigestStore &operator=(const DigestStore &) = delete;

  /// Stores the digest of `slot`, replacing an earlier one. Any thread.
  void put(std::size_t slot, CertDigest &&d);
  /// Stores a packed digest of `slot` as it is (a warm run's cached records): unpacked only
  /// when read, like a spilled one. What `p` keeps (PackedDigest::kept, at least its bytes)
  /// counts against the budget like a resident digest; over it the bytes are copied to the
  /// spill file and `p` is released. `shape` is digest_shape(p.bytes).
  void put(std::size_t slot, PackedDigest &&p, DigestShape shape);
  /// The digest of `slot` (an empty one when none was put). Any thread; a spilled digest is read
  /// back, and the last few read are kept for the next calls.
  std::shared_ptr<const CertDigest> get(std::size_t slot) const;
  /// Items and outputs of the digest of `slot`, without reading it back.
  std::size_t items(std::size_t slot) const;
  bool has_outputs(std::size_t slot) const;

  std::uint64_t spilled_bytes() const;
  std::size_t spilled_digests() const;
  /// Why the store could not spill, or read back a spilled digest ("" when all went well).
  std::string error() const;

private:
  struct Entry {
    std::shared_ptr<const CertDigest> resident;
    std::uint64_t offset = 0, size = 0; ///< in the spill file, when spilled
    bool spilled = false;
    PackedDigest packed;       ///< when put packed
    std::uint64_t counted = 0; ///< bytes counted against the budget
    std::uint32_t items = 0;
    bool has_outputs = false;
  };
  Entry &entry(std::size_t slot);
  bool spill(Entry &e, std::string_view bytes);
  void release(Entry &e); ///< empties `e`, giving back what it counted
  std::shared_ptr<const CertDigest> read_back(const Entry &e) const;
  std::shared_ptr<const CertDigest> unpacked(std::string_view bytes) const;

  mutable std::mutex m_mutex;
  std::vector<Entry> m_entries;
  std::uint64_t m_budget, m_resident = 0, m_spilled = 0;
  std::size_t m_spilled_count = 0;
  int m_fd = -1;
  bool m_spill_failed = false;
  mutable std::string m_error;
  mutable std::list<std::pair<std::size_t, std::shared_ptr<const CertDigest>>> m_recent; ///< slot, digest
};

} // namespace shitong::detail
