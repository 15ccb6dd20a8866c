// The proof audit in two stages, so that validate's streaming pipeline (and its cache) can run
// the first while a catalog's model is loaded and keep only a compact digest for the second:
//   registries (certs_registries.cpp): the registries of a run, who governs what;
//   local  (certs_local.cpp, per catalog): registry classification, cert-cancelled, cert-odd,
//          cert-unlisted and material-duplicate by alias; yields a CertDigest;
//   global (certs_graph.cpp, all digests): who issues what, cert-shareable, blocked items and
//          cert-circular.
#pragma once

#include <shitong/certs.hpp>

#include "pattern.hpp"
#include "rules_internal.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shitong::detail {

struct RegistryEntry {
  std::size_t index; // in its list
  Pos pos;
  std::string name; // the entry's normalised name (the canonical name of its aliases)
};

struct OddPattern {
  Pattern re; // RE2 over UTF-8: 的? and [开出] mean characters
  std::string reason;
  Pos pos;
};

/// A hash for string-keyed maps that also finds a std::string_view key without a copy.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using NameMap = std::unordered_map<std::string, RegistryEntry, TextHash, std::equal_to<>>;

struct Registry {
  const LoadedFile *file;
  std::string scope, title;
  int specificity; // 0 national, 1 province, 2 city, 3 county
  NameMap retained, cancelled;
  std::vector<OddPattern> odd;
};

/// The readable registries of a run, in input order. Building them reports bad odd patterns.
struct Registries {
  std::vector<Registry> list;
  std::vector<Finding> findings;
  /// Indexes of the registries governing region `code`, most local first.
  std::vector<int> governing(const std::string &code) const;
};
Registries build_registries(const std::vector<const LoadedFile *> &files);

/// The strings of one digest in one buffer: string i is text[ends[i-1], ends[i]). One
/// allocation for all of them, and a digest read back from the cache or the spill file is two
/// copies, not one allocation per string.
struct StringPool {
  std::string text;
  std::vector<std::uint32_t> ends;

  std::size_t size() const { return ends.size(); }
  std::string_view operator[](std::size_t i) const {
    std::uint32_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(text).substr(begin, ends[i] - begin);
  }
  void push_back(std::string_view s) {
    text.append(s);
    ends.push_back(static_cast<std::uint32_t>(text.size()));
  }
  bool operator==(const StringPool &) const = default;
};

/// What the global stage needs of one catalog. Strings are interned per catalog.
struct CertDigest {
  struct ItemInfo {
    Pos pos;
    std::uint32_t code = 0, name = 0, sub_name = 0; // sub_name: "" when absent
    std::uint32_t outputs_begin = 0, outputs_end = 0;
  };
  struct MaterialInfo {
    std::uint32_t item = 0, index = 0;
    Pos pos;
    std::uint32_t name = 0, canonical = 0, detail = 0;
    std::uint8_t is_proof = 0; // not bool: the cache copies these structs as bytes
    ProofStatus status = ProofStatus::other;
    std::uint16_t padding = 0; // named, so that the bytes written are all defined
    std::int32_t registry = -1;
  };
  static_assert(sizeof(MaterialInfo) == 36 && sizeof(ItemInfo) == 28, "no unnamed padding: written as bytes");
  StringPool strings;
  std::vector<std::uint64_t> hashes; // XXH3 of each string: the global stage looks names up by it
  std::vector<ItemInfo> items;
  std::vector<std::uint32_t> outputs; // outputs, normalised (string ids)
  std::vector<MaterialInfo> materials;

  /// String ids while a digest is built: the XXH3 hash (kept in `hashes` anyway) to the ids
  /// of the strings with that hash, so a string already seen costs one hash and no copy.
  using Ids = std::unordered_multimap<std::uint64_t, std::uint32_t>;
  std::uint32_t intern(std::string_view s, Ids &ids);
};

struct Verdict {
  ProofStatus status = ProofStatus::other;
  int registry = -1;
  std::string detail;
  Pos entry;
  std::string canonical;
};
/// Verdicts by governing set and normalised name; one per worker thread.
using VerdictCache = std::unordered_map<std::string, std::unordered_map<std::string, Verdict>>;

/// A key naming a set of governing registries ("0,2").
std::string set_key_of(const std::vector<int> &governing);
/// Emits a finding of the proof audit in the catalog of `n`.
Finding &add_finding(std::vector<Finding> &out, RuleId rule, const LevelNode &n, Pos pos, std::string path,
                     std::string item, std::string zh, std::string en);

/// The local stage for the catalog of `node` (model `cat`): registry findings go to `out`.
CertDigest certs_local(const Registries &regs, const LevelNode &node, const Catalog &cat, VerdictCache &cache,
                       std::vector<Finding> &out);

class DigestStore; // digest_store.hpp

/// The global stage over all nodes' digests (node k's is `store.get(slots[k])`): fills cycles
/// and the cert-shareable / cert-circular findings of `rep`, and its demands and item labels
/// when `want_demands` (`shitong certs`; validate needs only the findings).
void certs_global(const Registries &regs, const std::vector<LevelNode> &nodes, const DigestStore &store,
                  const std::vector<std::size_t> &slots, CertReport &rep, bool want_demands);

} // namespace shitong::detail
