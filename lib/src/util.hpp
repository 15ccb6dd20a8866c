// Internal helpers: UTF-8, encodings, "did you mean" suggestions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

/// Decodes the next code point at `i` (advancing it); returns 0xFFFD for invalid bytes.
char32_t next_code_point(std::string_view s, std::size_t &i);
void append_utf8(std::string &out, char32_t cp);

/// The length (1-4) of the well-formed UTF-8 sequence that starts `p[0..n)`, or 0 when it is not
/// one (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut short).
/// The one definition of "valid UTF-8" that the readers, writers and sanitizers share.
inline std::size_t utf8_sequence(const unsigned char *p, std::size_t n) {
  unsigned char b = p[0];
  if (b < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F; // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  }
  if (len == 0 || len > n || p[1] < lo || p[1] > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if ((p[k] & 0xC0) != 0x80) return 0;
  return len;
}

/// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view s);

/// A guess at what a non-UTF-8 text is: "GB18030/GBK", "UTF-16LE", "UTF-16BE" or "".
std::string guess_encoding(std::string_view s);

/// Levenshtein distance counted in code points.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, or "" when none is close enough to be a useful hint.
std::string_view nearest(std::string_view word, const std::vector<std::string_view> &candidates);
/// nearest(), but only when no other candidate is as close ("" otherwise): a suggestion a
/// fixer may apply.
std::string_view nearest_unique(std::string_view word, const std::vector<std::string_view> &candidates);

/// Joins with a separator.
std::string join(const std::vector<std::string_view> &parts, std::string_view sep);

} // namespace shitong::detail

namespace shitong::detail {
/// Escapes & < > " ' for HTML text and attribute values (sanitize.hpp: xml_text).
std::string html_escape(std::string_view s);
/// A value as Markdown table-cell text (sanitize.cpp): | ` [ ] and the backslash escaped, < > &
/// as entities, newlines as <br>, control characters as visible escapes -- no link, image or
/// raw HTML gets through. The validation report uses sanitize.hpp's stricter markdown_text.
std::string md_cell(std::string_view s);
} // namespace shitong::detail
