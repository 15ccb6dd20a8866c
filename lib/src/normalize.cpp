#include <shitong/normalize.hpp>

#include "util.hpp"

namespace shitong {

namespace {
bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0x00A0 || cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B);
}
} // namespace

std::string normalize_text(std::string_view text) {
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
      if (cp == 0xFFFD) {  // keep invalid bytes untouched
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
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII -> half-width
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
