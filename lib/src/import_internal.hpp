// Internal: the one-row-per-item layout shared by import and export -- its columns (the
// Chinese header export writes, and the synonyms import recognises) and the text of the
// multi-line cells (materials, legal basis, forms, time limits) in both directions.
#pragma once

#include <shitong/catalog.hpp>
#include <shitong/import.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

enum class Field : std::uint8_t {
  code,
  name,
  sub_name,
  type,
  legal_basis,
  materials,
  process,
  fee_charged,
  fee_standard,
  fee_basis,
  legal_limit,
  promised_limit,
  forms,
  agency,
  agency_code,
  implementation_code,
  levels,
  visits,
  visits_reason,
  channels,
  online, ///< 是否网办: 是 adds 网上办理 to channels (import only)
  proxy,
  outputs,
  local_basis,
  region_code,
  region_name,
  region_level,
  parent,
  published,
  publisher,
  // the national platform's exchange tables (import only), joined to items by task_code
  limit_unit_legal,    ///< anticipate_type: 1 工作日, 2 自然日
  limit_unit_promised, ///< promise_type
  material_name,       ///< up_task_general_material
  material_type,
  material_format,
  material_need,
  material_copies,
  material_source,
  fee_name, ///< up_task_general_fee_project
};

/// One column of the layout: the header export writes (empty: import only) and every header
/// import recognises for it, `|`-separated, in normalised form (header_key).
struct Column {
  Field field;
  std::string_view header;
  std::string_view synonyms;
};

/// The table of columns, in export order.
const std::vector<Column> &layout_columns();

/// A header cell in comparable form: white space, `*` and a trailing (必填) removed,
/// full-width brackets folded, ASCII lower-cased.
std::string header_key(std::string_view header);

// ---- cell text, export side (import parses what these write) ----
std::string material_line(const Material &m);
std::string basis_line(const LegalBasis &b);
std::string form_line(const Form &f);
/// "20个工作日", "5个自然日", "即办" (0 with no unit), a bare number when no unit is given.
std::string limit_text(const Int &days, const Text &unit);
std::string level_text(std::string_view level_key);

/// `# 来源: 清单.xlsx 工作表「Sheet1」第 12 行` (CSV: no sheet part), and back.
std::string source_comment(const ItemSource &source);
bool parse_source_comment(std::string_view line, ItemSource &out);

} // namespace shitong::detail
