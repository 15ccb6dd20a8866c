// The pieces of the level comparison that validate's streaming pipeline uses directly: the
// hierarchy from file headers, the code/name index of a reference catalog, and the comparison
// of one catalog with the catalogs above it (whose models must be loaded).
#pragma once

#include <shitong/levels.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace shitong::detail {

/// What the hierarchy needs of a file, before or without its whole model.
struct NodeHeader {
  const LoadedFile *file = nullptr; ///< may be null (streaming: the model is not kept)
  std::string path;
  std::size_t input = 0; ///< index of the file among the inputs
  DocKind kind = DocKind::unknown;
  bool readable = false;
  std::string code, name;
  Text parent;
};

struct LevelIndex {
  std::unordered_map<std::string, std::size_t> by_code;
  std::unordered_map<std::string, std::size_t> by_name;
};

LevelIndex index_catalog(const Catalog &cat);

/// The region codes of the catalogs above a catalog of `code`, nearest first: its ancestors by
/// code, or from `parent` when that names one of them (a county directly under the province).
std::vector<std::string> chain_codes(const std::string &code, const Text &parent);

/// Nodes (readable catalogs with a valid, first-seen region code) in header order, with chains.
std::vector<LevelNode> build_hierarchy(const std::vector<NodeHeader> &headers);

/// A catalog above the one compared: node index, model and index.
struct ChainCatalog {
  int node = -1;
  const Catalog *catalog = nullptr;
  const LevelIndex *index = nullptr;
};

/// Compares catalog `k` (model `cat`) with `chain` (nodes[k].chain, nearest first).
void compare_catalog(const std::vector<LevelNode> &nodes, std::size_t k, const Catalog &cat,
                     const std::vector<ChainCatalog> &chain, CatalogUniformity &u, std::vector<Finding> &out);

} // namespace shitong::detail
