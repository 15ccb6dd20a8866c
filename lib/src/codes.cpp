#include <shitong/codes.hpp>
#include <shitong/regions.hpp>

#include <fmt/format.h>

#include <array>
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

namespace {

// GB 32100-2015 table 1 and its later allocations: 登记管理部门 (position 1) and the 机构类别
// (position 2) each one defines.
struct Authority {
  char code;
  const char *zh, *en;
  const char *categories; ///< allowed position-2 characters
};
constexpr Authority k_authorities[] = {
    {'1', "机构编制", "establishment", "1239"},
    {'2', "外交", "foreign affairs", "19"},
    {'3', "司法行政", "justice", "123459"},
    {'4', "文化", "culture", "19"},
    {'5', "民政", "civil affairs", "1239"},
    {'6', "旅游", "tourism", "129"},
    {'7', "宗教", "religion", "129"},
    {'8', "工会", "trade unions", "19"},
    {'9', "工商", "industry and commerce", "123"},
    {'A', "中央军委改革和编制办公室", "CMC reform office", "19"},
    {'N', "农业", "agriculture", "1239"},
    {'Y', "其他", "other", "1"},
};

const Authority *authority_of(char c) {
  for (auto &a : k_authorities)
    if (a.code == c) return &a;
  return nullptr;
}

std::string upper_copy(std::string_view raw) {
  std::string code(raw);
  for (auto &c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return code;
}

} // namespace

char org_code_check_char(std::string_view first8) {
  static constexpr int k_org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  if (first8.size() < 8) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    char c = first8[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
    if (v < 0) return '\0';
    sum += v * k_org_weights[i];
  }
  int check = 11 - sum % 11;
  return check == 11 ? '0' : check == 10 ? 'X' : static_cast<char>('0' + check);
}

bool is_org_code(std::string_view raw) {
  std::string code = upper_copy(raw);
  if (code.size() == 10 && code[8] == '-') code.erase(8, 1);
  return code.size() == 9 && org_code_check_char(code) == code[8];
}

std::string org_code_digits(std::string_view raw) {
  std::string code = upper_copy(raw);
  if (code.size() == 10 && code[8] == '-') code.erase(8, 1);
  return code;
}

UsccProblem check_uscc(std::string_view raw) {
  // A catalog's items repeat a few dozen agencies' codes, each checked by several rules: the
  // last 32 codes found valid are remembered (per thread; the checks depend on nothing else).
  thread_local std::array<std::string, 32> recent_valid;
  thread_local std::size_t next_slot = 0;
  if (raw.size() == 18) // every valid code has 18 characters; empty slots never match
    for (const auto &v : recent_valid)
      if (v == raw) return {};
  std::string code = upper_copy(raw);
  if (code.size() != 18) {
    if (code.size() >= 4 && code.find_first_not_of(code[0]) == std::string::npos)
      return {fmt::format("是占位符（{} 个「{}」），不是统一社会信用代码；请填写实施主体的 18 位代码", code.size(),
                          code[0]),
              fmt::format("is a placeholder ({} times '{}'), not a unified social credit code; fill in the "
                          "implementing body's 18-character code",
                          code.size(), code[0])};
    if (is_org_code(code))
      return {"是 9 位组织机构代码（GB 11714），不是 18 位统一社会信用代码",
              "is a 9-character organisation code (GB 11714), not an 18-character unified social credit code"};
    return {fmt::format("长度应为 18 位，实际 {} 位", code.size()),
            fmt::format("must be 18 characters long, found {}", code.size())};
  }
  for (std::size_t i = 0; i < code.size(); ++i)
    if (value_of(code[i]) < 0)
      return {fmt::format("第 {} 位「{}」不是允许的字符（不使用 I、O、S、V、Z）", i + 1, code[i]),
              fmt::format("character {} '{}' is not allowed (I, O, S, V and Z are never used)", i + 1, code[i])};
  const Authority *a = authority_of(code[0]);
  if (!a)
    return {fmt::format("第 1 位登记管理部门代码「{}」不存在（应为 1-9、A、N 或 Y）", code[0]),
            fmt::format("character 1 '{}' is not a registration authority (use 1-9, A, N or Y)", code[0])};
  if (std::string_view(a->categories).find(code[1]) == std::string_view::npos) {
    std::string zh, en;
    for (const char *c = a->categories; *c; ++c) {
      zh += fmt::format("{}{}", zh.empty() ? "" : "、", *c);
      en += fmt::format("{}{}", en.empty() ? "" : ", ", *c);
    }
    return {fmt::format("第 2 位机构类别「{}」不属于第 1 位登记管理部门「{}」（{}；该部门的类别为 {}）", code[1],
                        code[0], a->zh, zh),
            fmt::format("character 2 '{}' is not an institution category of registration authority '{}' ({}; its "
                        "categories are {})",
                        code[1], code[0], a->en, en)};
  }
  for (std::size_t i = 2; i < 8; ++i)
    if (code[i] < '0' || code[i] > '9')
      return {"第 3-8 位应为行政区划代码（数字）", "characters 3-8 must be a region code (digits)"};
  std::string region = code.substr(2, 6);
  // 100000: registered by a central authority; a retired code stays valid (a USCC is for life)
  if (region != "100000" && lookup_region(region).kind == RegionStatus::unknown)
    return {fmt::format("第 3-8 位「{}」不是现行或曾用的行政区划代码（GB/T 2260）", region),
            fmt::format("characters 3-8 '{}' are not a current or former region code (GB/T 2260)", region)};
  char org_want = org_code_check_char(std::string_view(code).substr(8, 8));
  if (org_want != code[16])
    return {fmt::format("第 9-17 位组织机构代码「{}」的校验位（第 17 位）应为「{}」，实际是「{}」（GB 11714）",
                        code.substr(8, 9), org_want, code[16]),
            fmt::format("the organisation code '{}' at characters 9-17 should end in check character '{}', found "
                        "'{}' (GB 11714)",
                        code.substr(8, 9), org_want, code[16])};
  char want = uscc_check_char(code);
  if (code[17] != want)
    return {fmt::format("校验位应为「{}」，实际是「{}」", want, code[17]),
            fmt::format("check character should be '{}', found '{}'", want, code[17])};
  recent_valid[next_slot].assign(raw);
  next_slot = (next_slot + 1) % recent_valid.size();
  return {};
}

char level_digit(std::string_view level_key) {
  if (level_key == "province") return '2';
  if (level_key == "city") return '3';
  if (level_key == "county") return '4';
  return '\0';
}

} // namespace shitong
