// Internal: the one-row-per-item layout shared by import and export -- its columns (the
// Chinese header export writes, and the synonyms import recognises) and the text of the
// multi-line cells (materials, legal basis, forms, time limits) in both directions.
#pragma once

#include <shitong/catalog.hpp>
#include <shitong/import.hpp>

#include <cstdint>
#include <optional>
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
  std::string_view id; ///< the field's name in mapping files (docs/import.md)
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

/// Scalars, mappings and sequences with positions: the JSON of portal exports and the YAML of
/// mapping files, read by libyaml's event parser (no alias is expanded; depth and size bounded).
struct TreeMember;
struct Tree {
  enum class Kind : std::uint8_t { scalar, object, array } kind = Kind::scalar;
  std::string text;
  bool number = false; ///< JSON: a bare number (codes saved as numbers are restored and reported)
  bool null = false;
  std::uint32_t line = 0;          ///< 1-based line where the value starts
  std::uint32_t column = 0;        ///< 1-based column
  std::vector<TreeMember> members; ///< an object's keys and values, in file order
  std::vector<Tree> elements;
};
struct TreeMember {
  std::string key;
  Tree value;
};

/// Reads one document. `json`: refuse what JSON does not have (block style, plain words,
/// single quotes, anchors, tags); else YAML, aliases refused. nullopt with the reason
/// ("第 3 行…" / "line 3 …") when it cannot be read.
std::optional<Tree> read_tree(std::string_view text, bool json, const ImportLimits &limits, std::string &why_zh,
                              std::string &why_en);

/// Text bytes as UTF-8: UTF-16 with BOM, UTF-8 with or without BOM, else GB18030 (ICU).
/// False, with the reason in both languages, for NUL bytes or bytes valid in none of them.
bool decode_text(std::string_view bytes, std::string &text, std::string &encoding, std::string &why_zh,
                 std::string &why_en);

/// `# 来源: 清单.xlsx 工作表「Sheet1」第 12 行` (CSV: no sheet part), and back.
std::string source_comment(const ItemSource &source);
bool parse_source_comment(std::string_view line, ItemSource &out);

} // namespace shitong::detail
