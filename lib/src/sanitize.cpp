#include "sanitize.hpp"

#include "util.hpp"

#include <fmt/format.h>

namespace shitong::detail {

bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

namespace {
void visible_escape(std::string &out, char32_t cp) {
  switch (cp) {
  case '\t':
    out += "\\t";
    return;
  case '\n':
    out += "\\n";
    return;
  case '\r':
    out += "\\r";
    return;
  default:
    out += cp < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp))
                     : fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
  }
}
} // namespace

std::string valid_utf8(std::string_view s) {
  if (find_invalid_utf8(s) == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for_each_code_point(s, [&](char32_t cp, bool) { append_utf8(out, cp); });
  return out;
}

std::string terminal_text(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](char32_t cp, bool) {
    if (is_control(cp) && !(keep_newlines && (cp == '\n' || cp == '\r')))
      visible_escape(out, cp);
    else
      append_utf8(out, cp);
  });
  return out;
}

std::string terminal_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](char32_t cp, bool) {
    if (is_control(cp) && cp != '\n')
      visible_escape(out, cp);
    else
      append_utf8(out, cp);
  });
  return out;
}

std::string terminal_diff(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool cr = false; // a CR seen: raw when a LF follows (CRLF), else escaped
  for_each_code_point(s, [&](char32_t cp, bool) {
    if (cr) out += cp == '\n' ? "\r" : "\\r";
    cr = cp == '\r';
    if (cr) return;
    if (is_control(cp) && cp != '\n' && cp != '\t')
      visible_escape(out, cp);
    else
      append_utf8(out, cp);
  });
  if (cr) out += "\\r";
  return out;
}

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for_each_code_point(s, [&](char32_t cp, bool) {
    switch (cp) {
    case '&':
      out += "&amp;";
      return;
    case '<':
      out += "&lt;";
      return;
    case '>':
      out += "&gt;";
      return;
    case '"':
      out += "&quot;";
      return;
    case '\'':
      out += "&#39;";
      return;
    case '\n':
    case '\t':
      out += static_cast<char>(cp);
      return;
    case '\r':
      out += "&#13;"; // a raw CR would be read back as LF
      return;
    default:
      if (is_control(cp) || cp == 0xFFFE || cp == 0xFFFF)
        visible_escape(out, cp);
      else
        append_utf8(out, cp);
    }
  });
  return out;
}

namespace {
/// Markdown text: & < > as entities (no raw HTML, no autolink), `punct` backslash-escaped, a
/// newline as <br>, CR dropped, other control characters as visible escapes, invalid UTF-8 as
/// U+FFFD (sanitize.hpp).
std::string markdown_escape(std::string_view s, std::string_view punct) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for_each_code_point(s, [&](char32_t cp, bool) {
    if (cp == '&')
      out += "&amp;";
    else if (cp == '<')
      out += "&lt;";
    else if (cp == '>')
      out += "&gt;";
    else if (cp == '\n')
      out += "<br>";
    else if (cp == '\r')
      return;
    else if (cp < 0x80 && punct.find(static_cast<char>(cp)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (is_control(cp))
      visible_escape(out, cp);
    else
      append_utf8(out, cp);
  });
  return out;
}
} // namespace

std::string markdown_text(std::string_view s) {
  return markdown_escape(s, "\\`*_[]()!#~|{}");
}

// declared in util.hpp (the Markdown table cells of diff, certs and publish): | and ` escaped
// (a table cell, a code span cannot end early), [ ] and the backslash escaped (no link or
// image: `[x](javascript:…)` stays text)
std::string md_cell(std::string_view s) {
  return markdown_escape(s, "|`[]\\");
}

} // namespace shitong::detail
