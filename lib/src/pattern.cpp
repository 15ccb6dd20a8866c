// RE2 behind Pattern (pattern.hpp). The error codes RE2 reports become messages a reform-office
// user can act on; the program-size budget keeps a pathological pattern from using more memory
// than a catalog.
#include "pattern.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

namespace shitong {

namespace {

// Memory budget of one compiled pattern (RE2 counts its program and DFA caches against it).
constexpr std::int64_t k_max_memory = 8 << 20;

Pattern::Error repetition_error(std::string_view text) {
  return {fmt::format("正则表达式「{}」的重复次数过大（{{n}} 最多 1000）", text),
          fmt::format("regular expression '{}' has a repetition count over 1000", text)};
}

Pattern::Error describe(const re2::RE2 &re, std::string_view text) {
  using E = re2::RE2::ErrorCode;
  const std::string detail = re.error();
  const std::string &arg = re.error_arg();
  const bool backreference = re.error_code() == E::ErrorBadEscape && arg.size() >= 2 && arg[1] >= '1' && arg[1] <= '9';
  switch (backreference ? E::ErrorBadPerlOp : re.error_code()) {
  case E::ErrorRepeatSize:
    return repetition_error(text);
  case E::ErrorPatternTooLarge:
    return {
        fmt::format("正则表达式「{}」过于复杂（编译后超出 {} MiB 上限）", text, k_max_memory >> 20),
        fmt::format("regular expression '{}' is too complex (its program exceeds {} MiB)", text, k_max_memory >> 20)};
  case E::ErrorBadPerlOp:
  case E::ErrorRepeatOp:
  case E::ErrorBadNamedCapture:
    return {fmt::format("正则表达式「{}」使用了不支持的写法（{}）；不支持反向引用和环视（(?=…)、(?!…)、\\1）", text,
                        detail),
            fmt::format("regular expression '{}' uses unsupported syntax ({}); backreferences and lookaround "
                        "((?=…), (?!…), \\1) are not supported",
                        text, detail)};
  default:
    return {fmt::format("正则表达式「{}」无效：{}", text, detail),
            fmt::format("regular expression '{}' is invalid: {}", text, detail)};
  }
}

// RE2 reads a brace whose count is too large to be a repetition as literal text, so that
// `a{99999999999}` would silently match the characters "a{99999999999}". A user who wrote a
// count meant a repetition: find a {n}, {n,} or {n,m} with a number over RE2's limit of 1000.
bool has_oversized_repetition(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] != '{') continue;
    std::size_t j = i + 1;
    bool oversized = false, digits = false;
    for (int part = 0; part < 2 && j < text.size(); ++part) {
      std::size_t start = j;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      const std::string_view number = text.substr(start, j - start);
      digits = digits || !number.empty();
      if (number.size() > 4 || (number.size() == 4 && number > "1000")) oversized = true;
      if (part == 0 && j < text.size() && text[j] == ',')
        ++j;
      else
        break;
    }
    if (digits && oversized && j < text.size() && text[j] == '}') return true;
  }
  return false;
}

// RE2, like Perl, also reads a brace that a number follows but no '}' closes as literal text:
// `[0-9]{12` matches "1{12", never twelve digits. That is a typo, not a wish for a brace: the
// fragment "{12" (or "{2,") of the first such brace outside a character class, or "".
std::string_view unfinished_repetition(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      // \x{4E00}, \p{Han}, \P{Han}: the braces belong to the escape
      if (i + 1 < text.size() && (text[i] == 'x' || text[i] == 'p' || text[i] == 'P') && text[i + 1] == '{') {
        auto close = text.find('}', i + 1);
        i = close == std::string_view::npos ? text.size() : close;
      } else if (i < text.size() && text[i] == 'Q') { // \Q…\E: literal text
        auto end = text.find("\\E", i + 1);
        i = end == std::string_view::npos ? text.size() : end + 1;
      }
      continue;
    }
    if (text[i] == '[') { // a character class: up to its ']' (a ']' right after '[' or '[^' is literal)
      std::size_t j = i + 1;
      if (j < text.size() && text[j] == '^') ++j;
      if (j < text.size() && text[j] == ']') ++j;
      while (j < text.size() && text[j] != ']') {
        if (text.compare(j, 2, "[:") == 0) { // [:digit:] and the like, inside the class
          auto close = text.find(":]", j + 2);
          j = close == std::string_view::npos ? text.size() : close + 2;
        } else {
          j += text[j] == '\\' ? 2 : 1;
        }
      }
      i = j;
      continue;
    }
    if (text[i] != '{') continue;
    std::size_t j = i + 1;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j == i + 1) continue; // "{" or "{x": a brace, not a count
    if (j < text.size() && text[j] == ',') {
      ++j;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    }
    if (j >= text.size() || text[j] != '}') return text.substr(i, j - i);
  }
  return {};
}

} // namespace

Pattern::Pattern() = default;
Pattern::~Pattern() = default;
Pattern::Pattern(const Pattern &) = default;
Pattern &Pattern::operator=(const Pattern &) = default;

Pattern Pattern::compile(std::string_view text, Error &error) {
  error = {};
  Pattern p;
  if (text.size() > k_max_length) {
    error = {fmt::format("正则表达式过长（{} 字节，上限 {} 字节）", text.size(), k_max_length),
             fmt::format("regular expression too long ({} bytes, limit {})", text.size(), k_max_length)};
    return p;
  }
  if (has_oversized_repetition(text)) {
    error = repetition_error(text);
    return p;
  }
  if (auto brace = unfinished_repetition(text); !brace.empty()) {
    error = {fmt::format("正则表达式「{}」中的「{}」缺少右花括号 }}：这样会按普通文字匹配；表示重复次数请写成 {}}}，"
                         "匹配花括号本身请写成 \\{{",
                         text, brace, brace),
             fmt::format("regular expression '{}' has '{}' without a closing '}}': it would match that text "
                         "literally; write {}}} for a repetition, or \\{{ for a brace",
                         text, brace, brace)};
    return p;
  }
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  options.set_max_mem(k_max_memory);
  auto re = std::make_shared<const re2::RE2>(re2::StringPiece(text.data(), text.size()), options);
  if (!re->ok()) {
    error = describe(*re, text);
    return p;
  }
  p.m_re = std::move(re);
  p.m_text = std::string(text);
  return p;
}

bool Pattern::full_match(std::string_view text, std::vector<std::string> &groups) const {
  groups.clear();
  if (!m_re) return false;
  const int n = m_re->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(n));
  std::vector<re2::RE2::Arg> args(static_cast<std::size_t>(n));
  std::vector<const re2::RE2::Arg *> argp(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    args[i] = &pieces[i];
    argp[i] = &args[i];
  }
  if (!re2::RE2::FullMatchN(re2::StringPiece(text.data(), text.size()), *m_re, argp.data(), n)) return false;
  for (auto &p : pieces) groups.emplace_back(p.data() ? std::string(p.data(), p.size()) : std::string());
  return true;
}

std::size_t Pattern::groups() const {
  return m_re ? static_cast<std::size_t>(m_re->NumberOfCapturingGroups()) : 0;
}

bool Pattern::search(std::string_view text) const {
  return m_re && re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *m_re);
}

} // namespace shitong
