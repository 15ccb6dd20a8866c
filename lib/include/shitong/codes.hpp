// Code formats: 统一社会信用代码 (GB 32100-2015, docs/format.md §6.5) and 实施编码 (docs/format.md §6.2).
#pragma once

#include <string>
#include <string_view>

namespace shitong {

/// The GB 32100 check character for the first 17 characters, or '\0' when they contain a
/// character outside 0-9 A-H J-N P-R T U W-Y.
char uscc_check_char(std::string_view first17);

/// The GB 11714 check character of a 组织机构代码 for its first 8 characters (0-9 A-Z), or
/// '\0' when they are shorter or contain another character.
char org_code_check_char(std::string_view first8);
/// True for a 9-character 组织机构代码 (also written `XXXXXXXX-C`) with a correct check character.
bool is_org_code(std::string_view code);
/// A 组织机构代码 upper-cased and without its hyphen.
std::string org_code_digits(std::string_view code);

/// Why a 统一社会信用代码 is invalid, in Chinese and English; both empty when it is valid.
/// Lower-case letters are checked after upper-casing (they are rule agency-code-case). Checked in
/// order, the first failure is returned: length (naming placeholders and 9-character
/// 组织机构代码), character set, position 1-2 authority/category pair, positions 3-8 a current or
/// retired region code (or 100000), positions 9-17 a 组织机构代码 with its GB 11714 check
/// character, position 18 the GB 32100 check character.
struct UsccProblem {
  std::string zh, en;
  bool ok() const { return zh.empty(); }
};
UsccProblem check_uscc(std::string_view code);

/// 行使层级 digit of 实施编码: 1 国家 2 省 3 市 4 县 5 乡镇 6 村.
char level_digit(std::string_view level_key);

} // namespace shitong
