// Code formats: 统一社会信用代码 (GB 32100-2015, docs/format.md §6.5) and 实施编码 (docs/format.md §6.2).
#pragma once

#include <string>
#include <string_view>

namespace shitong {

/// The GB 32100 check character for the first 17 characters, or '\0' when they contain a
/// character outside 0-9 A-H J-N P-R T U W-Y.
char uscc_check_char(std::string_view first17);

/// Why a 统一社会信用代码 is invalid, in Chinese and English; both empty when it is valid.
/// Lower-case letters are checked after upper-casing (they are rule agency-code-case).
struct UsccProblem {
  std::string zh, en;
  bool ok() const { return zh.empty(); }
};
UsccProblem check_uscc(std::string_view code);

/// 行使层级 digit of 实施编码: 1 国家 2 省 3 市 4 县 5 乡镇 6 村.
char level_digit(std::string_view level_key);

} // namespace shitong
