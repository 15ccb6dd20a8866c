#include <shitong/codes.hpp>

#include <fmt/format.h>

#include <cctype>

namespace shitong {

namespace {
constexpr std::string_view k_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int k_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
int value_of(char c) {
  auto p = k_chars.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}
} // namespace

char uscc_check_char(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    int v = value_of(first17[static_cast<std::size_t>(i)]);
    if (v < 0) return '\0';
    sum += v * k_weights[i];
  }
  return k_chars[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

UsccProblem check_uscc(std::string_view raw) {
  std::string code(raw);
  for (auto &c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (code.size() != 18)
    return {fmt::format("长度应为 18 位，实际 {} 位", code.size()),
            fmt::format("must be 18 characters long, found {}", code.size())};
  for (std::size_t i = 0; i < code.size(); ++i)
    if (value_of(code[i]) < 0)
      return {fmt::format("第 {} 位「{}」不是允许的字符（不使用 I、O、S、V、Z）", i + 1, code[i]),
              fmt::format("character {} '{}' is not allowed (I, O, S, V and Z are never used)", i + 1, code[i])};
  for (std::size_t i = 2; i < 8; ++i)
    if (code[i] < '0' || code[i] > '9')
      return {"第 3-8 位应为行政区划代码（数字）", "characters 3-8 must be a region code (digits)"};
  char want = uscc_check_char(code);
  if (code[17] != want)
    return {fmt::format("校验位应为「{}」，实际是「{}」", want, code[17]),
            fmt::format("check character should be '{}', found '{}'", want, code[17])};
  return {};
}

char level_digit(std::string_view level_key) {
  if (level_key == "province") return '2';
  if (level_key == "city") return '3';
  if (level_key == "county") return '4';
  return '\0';
}

} // namespace shitong
