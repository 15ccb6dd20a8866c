// Internal: what the report writers do to every value that comes from the input (names, paths,
// messages that quote them) so that each output stays well-formed and inert for any bytes
// (docs/output.md, "Escaping"). Invalid UTF-8 becomes U+FFFD everywhere.
#pragma once

#include "util.hpp"

#include <string>
#include <string_view>

namespace shitong::detail {

/// Calls `f(code_point, valid)` for each code point of `s`; an invalid byte is one call with
/// U+FFFD and valid false. Never reads past the end.
template <class F> void for_each_code_point(std::string_view s, F &&f);

/// True for what must not reach a terminal or a log viewer raw: C0 controls (tab and newline
/// too), DEL, C1 controls, bidirectional overrides and isolates, LRM/RLM, U+2028/U+2029.
bool is_control(char32_t cp);

/// `s` as valid UTF-8 (each invalid byte becomes U+FFFD).
std::string valid_utf8(std::string_view s);

/// Text for a terminal (text and GitHub reports): each control character written as a visible
/// escape — \t \n \r, \x1b for other C0 and DEL, \u202e for the rest — so a value can neither
/// move the cursor nor start a new report line. `keep_newlines` leaves LF and CR (the GitHub
/// writer escapes them itself as %0A/%0D).
std::string terminal_text(std::string_view s, bool keep_newlines = false);

/// A whole text report (diff, certs, publish --stats, import) for a terminal: terminal_text with
/// its line feeds kept (CR, which can overwrite a line, escaped like every other control).
std::string terminal_lines(std::string_view s);

/// A unified diff (`shitong fix`) for a terminal: terminal_lines, but a tab and the CR of a CRLF
/// line end stay (neither can hide or overwrite text), so the diff of an ordinary file still
/// applies with patch(1); a lone CR, ESC, C1, bidi overrides, U+2028/U+2029 are escaped.
std::string terminal_diff(std::string_view s);

/// XML 1.0 (and HTML) character data or attribute value: & < > " ' as entities, CR as &#13;,
/// every character XML forbids (C0 but tab/LF/CR, U+FFFE/U+FFFF) and the other controls of
/// is_control() as visible escapes like terminal_text.
std::string xml_text(std::string_view s);

/// Markdown inline text (a table cell or a list item): the ASCII punctuation that can start
/// markup or a link backslash-escaped (\[ \] \( \) \! \* \_ \~ \\ \# \` \|), & < > as entities,
/// a newline as <br>, other controls as visible escapes. No value can make a link, an image or
/// raw HTML.
std::string markdown_text(std::string_view s);

} // namespace shitong::detail

namespace shitong::detail {
template <class F> void for_each_code_point(std::string_view s, F &&f) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char b = p[i];
    if (b < 0x80) {
      f(static_cast<char32_t>(b), true);
      ++i;
      continue;
    }
    std::size_t len = utf8_sequence(p + i, n - i);
    bool ok = len != 0;
    if (!ok) {
      f(char32_t{0xFFFD}, false);
      ++i;
      continue;
    }
    char32_t cp = b & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    f(cp, true);
    i += len;
  }
}
} // namespace shitong::detail
