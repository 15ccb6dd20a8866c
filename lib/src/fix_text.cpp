// Byte offsets and block extents in the original text of a YAML file (fix_text.hpp).
#include "fix_text.hpp"

#include "util.hpp"

#include <algorithm>

namespace shitong::detail {

TextIndex::TextIndex(std::string_view text) : m_text(text) {
  m_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && i + 1 < text.size()) m_starts.push_back(i + 1);
}

std::size_t TextIndex::line_begin(std::uint32_t line) const {
  if (line == 0) return 0;
  if (line > lines()) return m_text.size();
  return m_starts[line - 1];
}

std::size_t TextIndex::line_end(std::uint32_t line) const {
  std::size_t b = line_begin(line);
  std::size_t nl = m_text.find('\n', b);
  return nl == std::string_view::npos ? m_text.size() : nl;
}

std::string_view TextIndex::line(std::uint32_t line) const {
  std::string_view l = m_text.substr(line_begin(line), line_end(line) - line_begin(line));
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

std::size_t TextIndex::indent(std::uint32_t n) const {
  std::string_view l = line(n);
  std::size_t i = 0;
  while (i < l.size() && l[i] == ' ') ++i;
  return i;
}

bool TextIndex::is_filler(std::uint32_t n) const {
  std::string_view l = line(n);
  std::size_t i = indent(n);
  return i == l.size() || l[i] == '#';
}

std::optional<std::size_t> TextIndex::offset(Pos pos) const {
  if (pos.line == 0 || pos.line > lines()) return std::nullopt;
  std::string_view l = line(pos.line);
  std::size_t i = 0;
  for (std::uint32_t c = 1; c < pos.column; ++c) {
    if (i >= l.size()) return std::nullopt;
    next_code_point(l, i);
  }
  return line_begin(pos.line) + i;
}

std::uint32_t TextIndex::line_of(std::size_t offset) const {
  auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  return static_cast<std::uint32_t>(it - m_starts.begin());
}

namespace {
std::size_t quoted_end(std::string_view t, std::size_t at) {
  char q = t[at];
  for (std::size_t i = at + 1; i < t.size(); ++i) {
    if (q == '"' && t[i] == '\\') {
      ++i;
      continue;
    }
    if (t[i] != q) continue;
    if (q == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {
      ++i;
      continue;
    }
    return i + 1;
  }
  return std::string_view::npos;
}

bool in_flow(std::string_view line, std::size_t col) {
  int depth = 0;
  for (std::size_t i = 0; i < col && i < line.size(); ++i) {
    if (line[i] == '[' || line[i] == '{') ++depth;
    if (line[i] == ']' || line[i] == '}') --depth;
  }
  return depth > 0;
}
} // namespace

std::optional<Span> scalar_span(const TextIndex &t, std::size_t at) {
  std::string_view text = t.text();
  if (at >= text.size()) return std::nullopt;
  if (text[at] == '"' || text[at] == '\'') {
    std::size_t end = quoted_end(text, at);
    if (end == std::string_view::npos) return std::nullopt;
    return Span{at, end};
  }
  if (text[at] == '|' || text[at] == '>') return std::nullopt;
  std::uint32_t n = t.line_of(at);
  std::size_t lb = t.line_begin(n);
  std::string_view l = t.line(n);
  bool flow = in_flow(l, at - lb);
  std::size_t end = at - lb;
  for (; end < l.size(); ++end) {
    char c = l[end];
    if (c == '#' && end > 0 && (l[end - 1] == ' ' || l[end - 1] == '\t')) break;
    if (flow && (c == ',' || c == ']' || c == '}')) break;
  }
  while (end > at - lb && (l[end - 1] == ' ' || l[end - 1] == '\t')) --end;
  if (!flow && n < t.lines() && !t.is_filler(n + 1) && t.indent(n + 1) > t.indent(n) &&
      t.line(n + 1).substr(t.indent(n + 1)).rfind("- ", 0) != 0)
    return std::nullopt; // a plain scalar continued on the next line
  return Span{at, lb + end};
}

namespace {
/// The last line of content in (from, ...] whose lines belong while `belongs` says so.
template <class Belongs> std::uint32_t last_content_line(const TextIndex &t, std::uint32_t from, Belongs belongs) {
  std::uint32_t last = from;
  for (std::uint32_t n = from + 1; n <= t.lines(); ++n) {
    if (t.is_filler(n)) continue;
    if (!belongs(n)) break;
    last = n;
  }
  return last;
}
} // namespace

std::optional<Block> mapping_block(const TextIndex &t, Pos pos) {
  auto at = t.offset(pos);
  if (!at) return std::nullopt;
  std::size_t column = *at - t.line_begin(pos.line);
  std::uint32_t last = last_content_line(t, pos.line, [&](std::uint32_t n) { return t.indent(n) >= column; });
  return Block{{*at, t.line_end(last)}, column, pos.line, last};
}

namespace {
/// The key written at byte `col` of line `n`, if a plain `key:` starts there.
std::string_view key_at(const TextIndex &t, std::uint32_t n, std::size_t col) {
  std::string_view l = t.line(n);
  if (col >= l.size()) return {};
  std::string_view rest = l.substr(col);
  std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  if (colon + 1 < rest.size() && rest[colon + 1] != ' ') return {};
  std::string_view key = rest.substr(0, colon);
  if (key.find_first_of(" #\"'[{-") == 0) return {};
  return key;
}

bool starts_key_line(const TextIndex &t, const Block &m, std::uint32_t n) {
  return n == m.first_line || (t.indent(n) == m.column && !t.is_filler(n));
}
} // namespace

std::optional<Block> key_block(const TextIndex &t, const Block &m, std::string_view key) {
  for (std::uint32_t n = m.first_line; n <= m.last_line; ++n) {
    if (!starts_key_line(t, m, n) || key_at(t, n, m.column) != key) continue;
    std::uint32_t last = last_content_line(t, n, [&](std::uint32_t k) {
      std::size_t in = t.indent(k);
      return k <= m.last_line && (in > m.column || (in == m.column && t.line(k).substr(in).rfind("- ", 0) == 0));
    });
    return Block{{t.line_begin(n) + m.column, t.line_end(last)}, m.column, n, last};
  }
  return std::nullopt;
}

std::optional<Block> enclosing_mapping(const TextIndex &t, std::size_t key) {
  std::uint32_t line = t.line_of(key);
  std::size_t column = key - t.line_begin(line);
  std::uint32_t first = line;
  for (std::uint32_t n = t.indent(line) < column ? 1 : line; n-- > 1;) { // "- key:" opens its own mapping
    if (t.is_filler(n) || t.indent(n) > column) continue;
    if (t.indent(n) == column) {
      first = n;
      continue;
    }
    if (!key_at(t, n, column).empty()) first = n; // "- key:" opens the mapping
    break;
  }
  std::uint32_t last = last_content_line(t, line, [&](std::uint32_t n) { return t.indent(n) >= column; });
  return Block{{t.line_begin(first) + column, t.line_end(last)}, column, first, last};
}

std::vector<std::string_view> mapping_keys(const TextIndex &t, const Block &m) {
  std::vector<std::string_view> keys;
  for (std::uint32_t n = m.first_line; n <= m.last_line; ++n)
    if (starts_key_line(t, m, n))
      if (auto k = key_at(t, n, m.column); !k.empty()) keys.push_back(k);
  return keys;
}

std::optional<std::string> reindent(const TextIndex &t, const Block &block, std::size_t to_column) {
  std::string out(t.text().substr(block.span.begin, t.line_end(block.first_line) - block.span.begin));
  if (!out.empty() && out.back() == '\r') out.pop_back();
  for (std::uint32_t n = block.first_line + 1; n <= block.last_line; ++n) {
    std::string_view l = t.line(n);
    if (t.is_filler(n)) {
      if (t.indent(n) == l.size()) out += '\n'; // a blank line stays, a comment goes
      continue;
    }
    if (t.indent(n) < block.column) return std::nullopt;
    out += '\n';
    out.append(to_column, ' ');
    out.append(l.substr(block.column));
  }
  return out;
}

} // namespace shitong::detail
