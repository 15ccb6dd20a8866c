// Three-level uniformity (三级十同, docs/format.md §3, §7): which catalog follows which, the reference of
// every city and county item, the level-* findings, and the uniformity figures that
// `shitong diff` reports. Indexes by code and name: cost is linear in the number of items.
#pragma once

#include <shitong/compare.hpp>
#include <shitong/finding.hpp>
#include <shitong/loader.hpp>
#include <shitong/regions.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace shitong {

/// One catalog in the hierarchy of a run.
struct LevelNode {
  const LoadedFile *file = nullptr; ///< the loaded model (null inside validate's streaming pipeline)
  std::string path;                 ///< the catalog's file
  std::size_t input = 0;            ///< index of the file among the inputs
  Text parent_text;                 ///< `parent` as written
  std::string code;                 ///< region code
  std::string name;                 ///< region name as written in the catalog
  RegionLevel level = RegionLevel::county;
  int parent = -1;        ///< nearest catalog above among the inputs, -1 at the top
  std::vector<int> chain; ///< all catalogs above among the inputs, nearest first
  /// Repository context (docs/context.md): compared with, not reported on.
  bool context = false;
};

/// An item that differs from its reference: what a report prints of it, so that a report
/// needs no model (the models are gone by the time a streaming run reports).
struct ItemComparison {
  std::size_t item = 0;      ///< index in the lower catalog
  int ref_node = -1;         ///< node of the reference
  std::size_t ref_input = 0; ///< the reference's file among the inputs (LevelNode::input)
  std::size_t ref_item = 0;
  std::string code, name, sub_name; ///< of the lower item
  std::uint32_t line = 0;           ///< of the lower item
  std::uint32_t ref_line = 0;       ///< of the reference item
  std::vector<FieldDiff> diffs;     ///< never empty
};

/// Uniformity of one catalog against the catalogs above it.
struct CatalogUniformity {
  std::size_t items = 0;
  std::size_t with_reference = 0;
  std::size_t identical = 0;
  std::size_t extra = 0;                                  ///< level-extra-item
  std::size_t code_mismatch = 0;                          ///< level-code-mismatch
  std::size_t missing = 0;                                ///< level-missing-item
  std::size_t local = 0;                                  ///< outside the upper catalogs with local_basis
  std::array<std::size_t, k_ten_fields> field_mismatch{}; ///< items differing per field
  std::vector<ItemComparison> compared;                   ///< items that differ from their reference, in file order
  /// identical / with_reference, or 1.0 when nothing has a reference.
  double ratio() const { return with_reference ? static_cast<double>(identical) / with_reference : 1.0; }
};

/// An input file that could not be read or decoded: nothing is skipped in silence, so every
/// report shows it as a row marked 无法读取 / unreadable.
struct UnreadableFile {
  std::string path;
  std::string reason_zh, reason_en; ///< the first finding of the file (encoding, yaml-syntax), or the I/O error
};

struct LevelReport {
  std::vector<LevelNode> nodes;              ///< readable catalogs with a valid region code
  std::vector<CatalogUniformity> uniformity; ///< parallel to nodes
  std::vector<Finding> findings;             ///< level-* findings
  std::vector<UnreadableFile> unreadable;    ///< set by the caller (unreadable_files in validate.hpp)
  /// The catalogs a report shows: the nodes that are not context.
  std::size_t reported() const {
    std::size_t n = 0;
    for (const auto &x : nodes) n += !x.context;
    return n;
  }
};

/// For tests and callers that hold the models (the commands stream through validate instead:
/// uniformity_report in diff.hpp).
/// Builds the hierarchy of the catalogs among `files` and compares every lower item with its
/// reference. Files that are not readable catalogs are ignored. Catalogs are compared on `jobs`
/// threads (0: hardware threads); the result does not depend on `jobs`.
LevelReport compare_levels(const std::vector<const LoadedFile *> &files, unsigned jobs = 1);

} // namespace shitong
