// Internal: material-duplicate by registry alias, which the proof audit runs while it
// classifies a catalog's materials (it needs each material's canonical name under the
// governing registries). The by-name half of the rule is check_materials (check_internal.hpp).
#pragma once

#include <shitong/levels.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace shitong::detail {

/// The materials of one item, fed in order: a material whose canonical name an earlier one
/// already has, under another normalised name, is a material-duplicate.
class AliasDuplicates {
public:
  /// Item `item` (items[index]) of the catalog of `node`.
  AliasDuplicates(const LevelNode &node, const Item &item, std::size_t index, std::vector<Finding> &out)
      : m_node(node), m_item(item), m_index(index), m_out(out) {}
  /// Material `m` of the item, with its normalised name and its canonical name. `canonical` is
  /// kept by reference: it must outlive this object (certs_local passes the verdict cache's).
  void add(std::size_t m, const std::string &normalised, const std::string &canonical);

private:
  const LevelNode &m_node;
  const Item &m_item;
  std::size_t m_index;
  std::vector<Finding> &m_out;
  // canonical name -> first material: a map, since a linear search here made an item with tens
  // of thousands of materials quadratic (issue 13)
  std::unordered_map<std::string_view, std::size_t> m_seen;
};

} // namespace shitong::detail
