// Internals of validate's pipeline: what is kept of each file (a FileRecord: per-file findings,
// the header the hierarchy needs, the level findings and the proof digest), the incremental
// cache that stores records between runs, and the header scan that reads a catalog's region
// before its items so that catalogs can be processed parents first with bounded memory.
#pragma once

#include <shitong/loader.hpp>

#include "certs_internal.hpp"
#include "digest_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

struct Hash128 {
  std::uint64_t lo = 0, hi = 0;
  bool operator==(const Hash128 &o) const { return lo == o.lo && hi == o.hi; }
  bool operator!=(const Hash128 &o) const { return !(*this == o); }
};
Hash128 hash_bytes(std::string_view bytes);

/// Incremental hashing of keys (tool build, config, content hashes, paths).
class KeyHasher {
public:
  KeyHasher &add(std::string_view s);
  KeyHasher &add(const Hash128 &h);
  Hash128 done() const { return hash_bytes(m_buf); }

private:
  std::string m_buf;
};

/// The top of a document: enough to place a catalog in the hierarchy.
struct Header {
  DocKind kind = DocKind::unknown;
  bool readable = false;
  Text region_code; ///< with position (region-duplicate)
  std::string region_name;
  Text parent;
  std::string scope; ///< certificates
  bool operator==(const Header &o) const;
};
Header header_of(const LoadedFile &f);

/// Reads kind, region and parent from the start of a document, stopping at `items` once the
/// region is known. `prefix` may be the first bytes of the file only. A document it cannot
/// make sense of gives kind unknown; the pipeline checks the header again after loading.
Header scan_header(std::string_view prefix);

struct FileRecord {
  std::string path;
  Hash128 content;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  bool stat_trusted = false; ///< the stat was taken well after the last change (not racy)
  // per file
  Header header;
  std::uint64_t bytes = 0, items = 0;
  std::vector<Finding> findings; ///< loader, item and registry-file findings, before the config
  std::vector<IgnoreComment> ignores;
  // level stage (catalogs below another catalog)
  bool has_level = false;
  Hash128 level_key;
  std::vector<Finding> level_findings;
  // proof stage, local part (catalogs in the hierarchy)
  bool has_cert = false;
  Hash128 cert_key;
  std::vector<Finding> cert_findings; ///< its digest travels apart: Cache::load/store, DigestStore
};

/// `.shitong-cache/`: one record file per input path, named by a hash of the path. A record
/// is used only when its build id, check fingerprint and path match and its checksum holds;
/// anything else (truncated, foreign, older tool) is ignored and rewritten.
class Cache {
public:
  /// Opens (creating when missing) the cache directory. When `dir` exists and is not a
  /// shitong cache, the cache is not used and `note` says why.
  Cache(std::string dir, std::string check_fingerprint, std::string &note);
  bool usable() const { return m_usable; }
  /// The record of `path`, and its proof digest, packed as it is in the record (the record
  /// file is mapped into memory: nothing is copied until the digest is unpacked).
  std::optional<FileRecord> load(const std::string &path, PackedDigest &digest, DigestShape &shape) const;
  void store(const FileRecord &record, const CertDigest &digest) const; ///< atomic; failures are ignored (it's a cache)
  /// The model of a reference catalog (a catalog others are compared with), so that a change
  /// below it does not make the run parse it again. `content` must match.
  bool load_model(const std::string &path, const Hash128 &content, Catalog &out) const;
  void store_model(const std::string &path, const Hash128 &content, const Catalog &cat) const;
  /// Marks the entries of `path` as used (their time is refreshed at most once a day) and, at
  /// most once a day, removes entries nobody used for 30 days (renamed and deleted files).
  void touch(const std::string &path) const;
  void prune() const;

private:
  std::string entry_path(const std::string &path, const char *extension = ".rec") const;
  std::string m_dir, m_fingerprint;
  bool m_usable = false;
};

/// Reads a whole file (one read() per file size; grows for files that grow).
bool read_file_bytes(const std::string &path, std::string &out, std::string &error);

/// An identifier of this build of the checking code (changes whenever the library changes).
const char *build_id();

} // namespace shitong::detail
