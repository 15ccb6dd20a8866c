#include <shitong/normalize.hpp>

#include "util.hpp"

namespace shitong {

namespace {
bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x00A0 ||
         cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B);
}
} // namespace

namespace {
// True when normalisation cannot change `text`: no byte that can start white space other than a
// single inner space, and no lead byte of a full-width form (EF), U+3000 (E3), NBSP (C2) or the
// U+2000 block (E2). Most Chinese text (lead bytes E4-E9) takes this path without decoding.
bool already_normal(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  char prev = 0;
  for (char ch : text) {
    auto b = static_cast<unsigned char>(ch);
    if (b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v' || b == 0xEF || b == 0xE3 || b == 0xC2 ||
        b == 0xE2)
      return false;
    if (ch == ' ' && prev == ' ') return false;
    prev = ch;
  }
  return true;
}
} // namespace

std::string normalize_text(std::string_view text) {
  if (already_normal(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    char32_t cp;
    if (c < 0x80) {
      cp = c;
      ++i;
    } else {
      std::size_t start = i;
      cp = detail::next_code_point(text, i);
      if (cp == 0xFFFD) { // keep invalid bytes untouched
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out.append(text.substr(start, i - start));
        continue;
      }
    }
    if (is_space(cp)) {
      pending_space = true;
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0; // full-width ASCII -> half-width
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    detail::append_utf8(out, cp);
  }
  return out;
}

bool is_blank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = detail::next_code_point(text, i);
    if (!is_space(cp)) return false;
  }
  return true;
}

} // namespace shitong
