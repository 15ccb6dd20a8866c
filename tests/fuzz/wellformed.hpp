// Checks that an output is well-formed, for the fuzz harnesses and the unit tests: strict JSON
// (RFC 8259, valid UTF-8), XML 1.0 character data (valid UTF-8, no forbidden code points), and
// terminal-safe text (no control characters but newline). Each returns "" or what is wrong.
#pragma once

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

namespace shitong::wellformed {

namespace detail {
/// Decodes one UTF-8 sequence at `i`; returns -1 for invalid bytes (overlong, surrogate, >U+10FFFF).
inline long decode(std::string_view s, std::size_t &i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return s[i++] & 0x7F;
  int len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) return -1;
  long cp = b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((c & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (c & 0x3F);
  }
  static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += static_cast<std::size_t>(len);
  return cp;
}

class JsonChecker {
public:
  explicit JsonChecker(std::string_view s) : m_s(s) {}
  std::string run() {
    ws();
    if (!value(0)) return error();
    ws();
    if (m_i != m_s.size()) return "trailing bytes at " + std::to_string(m_i);
    return {};
  }

private:
  std::string error() const { return "invalid JSON at byte " + std::to_string(m_i); }
  void ws() {
    while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\n' || m_s[m_i] == '\r' || m_s[m_i] == '\t')) ++m_i;
  }
  bool lit(std::string_view w) {
    if (m_s.substr(m_i, w.size()) != w) return false;
    m_i += w.size();
    return true;
  }
  bool string() {
    if (m_i >= m_s.size() || m_s[m_i] != '"') return false;
    ++m_i;
    while (m_i < m_s.size()) {
      char c = m_s[m_i];
      if (c == '"') {
        ++m_i;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c == '\\') {
        ++m_i;
        if (m_i >= m_s.size()) return false;
        char e = m_s[m_i++];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k, ++m_i)
            if (m_i >= m_s.size() || !std::isxdigit(static_cast<unsigned char>(m_s[m_i]))) return false;
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
        continue;
      }
      if (decode(m_s, m_i) < 0) return false;
    }
    return false;
  }
  bool number() {
    std::size_t start = m_i;
    if (m_i < m_s.size() && m_s[m_i] == '-') ++m_i;
    std::size_t digits = m_i;
    while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
    if (m_i == digits) return false;
    if (m_i < m_s.size() && m_s[m_i] == '.') {
      ++m_i;
      std::size_t f = m_i;
      while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
      if (m_i == f) return false;
    }
    if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
      ++m_i;
      if (m_i < m_s.size() && (m_s[m_i] == '+' || m_s[m_i] == '-')) ++m_i;
      std::size_t e = m_i;
      while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
      if (m_i == e) return false;
    }
    return m_i > start;
  }
  bool value(int depth) {
    if (depth > 512 || m_i >= m_s.size()) return false;
    char c = m_s[m_i];
    if (c == '"') return string();
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      ++m_i;
      ws();
      if (m_i < m_s.size() && m_s[m_i] == close) {
        ++m_i;
        return true;
      }
      for (;;) {
        if (c == '{') {
          if (!string()) return false;
          ws();
          if (m_i >= m_s.size() || m_s[m_i++] != ':') return false;
          ws();
        }
        if (!value(depth + 1)) return false;
        ws();
        if (m_i >= m_s.size()) return false;
        if (m_s[m_i] == ',') {
          ++m_i;
          ws();
          continue;
        }
        if (m_s[m_i] != close) return false;
        ++m_i;
        return true;
      }
    }
    if (c == 't') return lit("true");
    if (c == 'f') return lit("false");
    if (c == 'n') return lit("null");
    return number();
  }
  std::string_view m_s;
  std::size_t m_i = 0;
};
} // namespace detail

/// "" when `s` is one strict JSON value in valid UTF-8.
inline std::string json(std::string_view s) {
  return detail::JsonChecker(s).run();
}

/// "" when every character of `s` is valid UTF-8 and allowed in an XML 1.0 document.
inline std::string xml_chars(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    long cp = detail::decode(s, i);
    if (cp < 0) return "invalid UTF-8 at byte " + std::to_string(at);
    bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
              cp >= 0x10000;
    if (!ok) return "character U+" + std::to_string(cp) + " not allowed in XML at byte " + std::to_string(at);
  }
  return {};
}

/// "" when `s` is valid UTF-8 without control characters (C0 but newline, DEL, C1), bidi
/// overrides or line/paragraph separators: nothing that can move a terminal's cursor or change
/// how the following lines read. `allow_sgr` accepts the report's own colour sequences.
inline std::string terminal_safe(std::string_view s, bool allow_sgr = false) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    if (allow_sgr && s[i] == '\033' && s.substr(i, 2) == "\033[") {
      std::size_t j = i + 2;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == ';')) ++j;
      if (j < s.size() && s[j] == 'm') {
        i = j + 1;
        continue;
      }
    }
    long cp = detail::decode(s, i);
    if (cp < 0) return "invalid UTF-8 at byte " + std::to_string(at);
    bool bad = (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0x200E || cp == 0x200F;
    if (bad) return "control character U+" + std::to_string(cp) + " at byte " + std::to_string(at);
  }
  return {};
}

} // namespace shitong::wellformed
