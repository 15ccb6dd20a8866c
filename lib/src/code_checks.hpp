// The code rules of one item under the active code profile: code-format, code-type,
// implementation-code, agency-code and agency-code-case, with repair hints for agency codes
// taken from the catalog itself; and agency-consistency across the items of one catalog.
#pragma once

#include <shitong/check.hpp>

#include "rules_internal.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shitong {

/// Emits one finding of the current item: rule, position, path below the item, messages;
/// returns it so that related locations can be added.
using ItemEmit =
    std::function<Finding &(detail::RuleId rule, Pos pos, std::string_view sub, std::string zh, std::string en)>;

/// The valid agency codes each agency name uses in one catalog (for repair hints).
class AgencyIndex {
public:
  explicit AgencyIndex(const Catalog &catalog);
  struct Use {
    std::string code; ///< upper-case, a valid 统一社会信用代码
    std::size_t item; ///< index of the first item using it under this name
    Pos pos;
  };
  /// The valid codes used under `agency` (normalised name), in order of first use.
  const std::vector<Use> *uses(const std::string &agency) const;

private:
  std::unordered_map<std::string, std::vector<Use>> m_by_name;
};

/// code-format, code-type, implementation-code, agency-code, agency-code-case of one item.
void check_item_codes(const LoadedFile &file, const CheckContext &context, const Item &item,
                      const AgencyIndex &agencies, const ItemEmit &emit);

/// agency-consistency: one agency code under two agency names, or one agency name under two
/// valid codes, within one catalog. `emit(index, rule, pos, sub, zh, en)` for item `index`.
void check_agency_consistency(
    const Catalog &catalog, const std::function<Finding &(std::size_t index, detail::RuleId rule, Pos pos,
                                                          std::string_view sub, std::string zh, std::string en)> &emit);

} // namespace shitong
