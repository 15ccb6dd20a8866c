#include "util.hpp"

#include "sanitize.hpp"

#include <algorithm>

namespace shitong::detail {

char32_t next_code_point(std::string_view s, std::size_t &i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  int len = (b >= 0xF0 && b < 0xF8) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC2 && b < 0xE0) ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

void append_utf8(std::string &out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t find_invalid_utf8(std::string_view s) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    // fast path: 8 ASCII bytes at a time
    while (i + 8 <= n) {
      std::uint64_t w;
      std::copy(p + i, p + i + 8, reinterpret_cast<unsigned char *>(&w));
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    std::size_t len = utf8_sequence(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string guess_encoding(std::string_view s) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  std::size_t n = s.size();
  if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) return "UTF-16LE";
  if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) return "UTF-16BE";
  std::size_t zeros_even = 0, zeros_odd = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(n, 4096); ++i)
    if (p[i] == 0) (i % 2 ? zeros_odd : zeros_even)++;
  if (zeros_odd > 16 && zeros_odd > 4 * zeros_even) return "UTF-16LE";
  if (zeros_even > 16 && zeros_even > 4 * zeros_odd) return "UTF-16BE";
  // Mostly valid UTF-8 with a few bad bytes is damaged UTF-8, not another encoding.
  std::size_t utf8_ok = 0, utf8_bad = 0;
  for (std::size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    std::string_view rest(s.data() + i, n - i);
    std::size_t len = (p[i] >= 0xF0) ? 4 : (p[i] >= 0xE0) ? 3 : (p[i] >= 0xC0) ? 2 : 1;
    if (len > 1 && find_invalid_utf8(rest.substr(0, std::min(len, rest.size()))) == std::string_view::npos) {
      ++utf8_ok;
      i += len;
    } else {
      ++utf8_bad;
      ++i;
    }
  }
  if (utf8_ok > 4 * utf8_bad) return "";
  // GB18030/GBK: lead 0x81-0xFE, trail 0x40-0x7E or 0x80-0xFE (or 4-byte 0x30-0x39 forms).
  std::size_t pairs = 0, bad = 0;
  for (std::size_t i = 0; i < n;) {
    unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b >= 0x81 && b <= 0xFE && i + 1 < n) {
      unsigned char t = p[i + 1];
      if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
        ++pairs;
        i += 2;
        continue;
      }
      if (t >= 0x30 && t <= 0x39 && i + 3 < n) {
        ++pairs;
        i += 4;
        continue;
      }
    }
    ++bad;
    ++i;
  }
  if (pairs > 0 && bad * 10 <= pairs) return "GB18030/GBK";
  return "";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<char32_t> x, y;
  for (std::size_t i = 0; i < a.size();) x.push_back(next_code_point(a, i));
  for (std::size_t i = 0; i < b.size();) y.push_back(next_code_point(b, i));
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[y.size()];
}

std::string_view nearest(std::string_view word, const std::vector<std::string_view> &candidates) {
  std::string_view best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  // a word far longer than every candidate is no typo of one; without this bound a long key
  // costs its length times the candidates' (a megabyte key in .shitong.yaml took minutes)
  std::size_t longest = 0;
  for (auto c : candidates) longest = std::max(longest, c.size());
  if (word.size() > 2 * longest + 16) return {};
  for (auto c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  std::size_t len = 0;
  for (std::size_t i = 0; i < word.size();) {
    next_code_point(word, i);
    ++len;
  }
  std::size_t limit = std::max<std::size_t>(2, (len + 2) / 3);
  // one substring of the other ("必要" vs "必要材料") is also a good hint
  bool contains = !best.empty() && best_d < static_cast<std::size_t>(-1) &&
                  (word.find(best) != std::string_view::npos || best.find(word) != std::string_view::npos);
  if (best_d == 0) return {};
  if (best_d <= limit || contains) return best;
  return {};
}

std::string_view nearest_unique(std::string_view word, const std::vector<std::string_view> &candidates) {
  std::string_view best = nearest(word, candidates);
  if (best.empty()) return best;
  std::size_t d = edit_distance(word, best);
  for (auto c : candidates)
    if (c != best && edit_distance(word, c) == d) return {};
  return best;
}

std::string join(const std::vector<std::string_view> &parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

} // namespace shitong::detail

namespace shitong::detail {
std::string html_escape(std::string_view s) {
  return xml_text(s);
}
} // namespace shitong::detail
