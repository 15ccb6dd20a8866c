// Proof audit (证明事项, docs/format.md §5, rules cert-* and material-duplicate by alias): which proofs
// each item demands, how the governing registries classify them (the most local registry that
// lists a proof wins), which licences the government already issues itself (cert-shareable),
// and circular demands across items, departments and levels (cert-circular, strongly
// connected components: linear in items and demands).
#pragma once

#include <shitong/finding.hpp>
#include <shitong/levels.hpp>
#include <shitong/loader.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace shitong {

enum class ProofStatus : std::uint8_t { retained, cancelled, odd, unlisted, other };

/// "retained" / "cancelled" / "odd" / "unlisted" / "other".
const char *proof_status_key(ProofStatus s);

/// An item in the inputs: node index in LevelReport::nodes and item index in its catalog.
struct ItemRef {
  int node = -1;
  std::size_t item = 0;
  bool operator==(const ItemRef &o) const { return node == o.node && item == o.item; }
};

/// One material demanded by one item, as the audit sees it.
struct ProofDemand {
  ItemRef who;
  std::size_t material = 0;
  std::string name;      ///< as written
  std::string canonical; ///< registry name when a name or alias matched, else the normalised name
  bool is_proof = false; ///< material type 证明
  ProofStatus status = ProofStatus::other;
  int registry = -1;            ///< index into CertReport::registries of the deciding registry
  std::string detail;           ///< replaced_by (cancelled) or the reason (odd)
  std::vector<ItemRef> issuers; ///< items in the inputs whose `outputs` include it (nearest first)
  std::uint32_t line = 0;       ///< of the material's name
};

/// A proof registry of the run, as a report names it.
struct RegistryInfo {
  std::string path;
  std::string scope; ///< region code of `scope`
};

/// What a report prints of an item named by a demand or a cycle (a report needs no model).
struct ItemLabel {
  std::string code, name, sub_name;
  std::uint32_t line = 0;
};

struct CertReport {
  std::vector<RegistryInfo> registries; ///< readable `kind: certificates` files
  std::vector<ProofDemand> demands;     ///< materials that are proofs, match a registry, or are issued by an input item
  std::vector<std::vector<ItemRef>> cycles; ///< each a closed chain of demands, in order
  std::vector<Finding> findings;
  /// The items that demands (who, issuers) and cycles name, by (node, item).
  std::map<std::pair<int, std::size_t>, ItemLabel> items;
  const ItemLabel &item(const ItemRef &r) const;
};

/// For tests and callers that hold the models (`shitong certs` streams through validate with
/// ValidateOptions::proof_report). Runs the proof audit over the catalogs of `levels` and the
/// registries among `files`.
/// Registry rules (cert-cancelled, cert-unlisted, cert-odd, material-duplicate by alias) apply
/// to catalogs that a registry governs; cert-shareable and cert-circular need only items.
CertReport audit_certificates(const LevelReport &levels, const std::vector<const LoadedFile *> &files);

/// True when a registry with `scope` governs the catalog of region `code`.
bool registry_governs(const std::string &scope, const std::string &code);

} // namespace shitong

namespace shitong {

/// Formats of the `shitong certs` report.
std::string certs_text(const LevelReport &levels, const CertReport &report, bool english);
std::string certs_json(const LevelReport &levels, const CertReport &report, bool english);
std::string certs_markdown(const LevelReport &levels, const CertReport &report, bool english);
/// The proof dependency graph ("A needs what B issues"), cycle edges highlighted.
std::string certs_dot(const LevelReport &levels, const CertReport &report);
std::string certs_mermaid(const LevelReport &levels, const CertReport &report);

} // namespace shitong
