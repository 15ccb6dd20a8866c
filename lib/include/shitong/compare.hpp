// Comparing one item with its reference field by field, with the normalisation of docs/format.md §4.1
// (width folding, white space, 《》 in law titles, article numbers by value, materials and
// forms as keyed sets, process as a sequence). Used by the level rules and by `shitong diff`.
#pragma once

#include <shitong/catalog.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// The ten fields of 三级十同, in the standard's order.
enum class TenField : std::uint8_t {
  name,
  sub_name,
  type,
  code,
  legal_basis,
  materials,
  process,
  fee,
  time_limit,
  forms
};
inline constexpr std::size_t k_ten_fields = 10;

std::string_view ten_field_key(TenField f); ///< "name", "sub_name", ...
std::string_view ten_field_zh(TenField f);  ///< "主项名称", ...
std::string_view ten_field_en(TenField f);  ///< "item name", ...

/// One difference between a lower item and its reference.
struct FieldDiff {
  TenField field;
  std::string rule;  ///< level-* rule id
  Pos pos;           ///< in the lower item (or its mapping when the field is absent)
  Pos ref_pos;       ///< in the reference item
  std::string path;  ///< relative to the item, e.g. "materials[2].form"
  std::string lower; ///< the lower value, as a person reads it ("" when absent)
  std::string upper; ///< the reference value
  std::string message_zh, message_en;
};

/// All differences of `lower` against `upper` in the ten fields except `code` (items are
/// matched by code). Empty when the item is uniform.
std::vector<FieldDiff> compare_items(const Item &lower, const Item &upper);

/// Law title normalised for comparison: normalize_text without 《》.
std::string normalize_law(std::string_view law);
/// Article normalised by value: 第三十五条 and 第35条 both give "第35条".
std::string normalize_article(std::string_view article);

/// A one-line rendering of a field of an item, for reports ("承诺 5 工作日（法定 20）").
std::string render_field(const Item &item, TenField field);

} // namespace shitong
