// Internal: reading the original bytes of a YAML file around a position, for `shitong fix`.
// The model keeps 1-based line and column (in characters) of every value; this index turns
// them into byte offsets and finds the extent of a scalar, a mapping key's block or a
// sequence entry by indentation. Only files that get a fix are indexed, so validation pays
// nothing for it.
#pragma once

#include <shitong/catalog.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

/// A byte range [begin, end) of the text.
struct Span {
  std::size_t begin = 0, end = 0;
};

class TextIndex {
public:
  explicit TextIndex(std::string_view text);
  std::string_view text() const { return m_text; }
  std::uint32_t lines() const { return static_cast<std::uint32_t>(m_starts.size()); }
  /// Offset of the first byte of 1-based `line`, and of its end (its '\n', or the text's end).
  std::size_t line_begin(std::uint32_t line) const;
  std::size_t line_end(std::uint32_t line) const;
  /// The line without its newline (nor a '\r' before it).
  std::string_view line(std::uint32_t line) const;
  /// Leading ASCII spaces of the line.
  std::size_t indent(std::uint32_t line) const;
  /// Blank, or only a comment.
  bool is_filler(std::uint32_t line) const;
  /// Byte offset of a model position (column counted in characters); nullopt past the line.
  std::optional<std::size_t> offset(Pos pos) const;
  /// 1-based line of a byte offset.
  std::uint32_t line_of(std::size_t offset) const;

private:
  std::string_view m_text;
  std::vector<std::size_t> m_starts;
};

/// The scalar that starts at `at`: a quoted scalar up to its closing quote, a plain one up to
/// a comment or the end of the line (in a flow list also up to ',' ']' '}'), trailing spaces
/// excluded. nullopt for block scalars (| >) and plain scalars continued on the next line.
std::optional<Span> scalar_span(const TextIndex &t, std::size_t at);

/// The block of a mapping that starts at `pos` (its first key): from that key to the end of
/// its last line with content (trailing blank and comment lines excluded), and the key column.
struct Block {
  Span span;
  std::size_t column = 0; ///< byte column of the mapping's keys
  std::uint32_t first_line = 0, last_line = 0;
};
std::optional<Block> mapping_block(const TextIndex &t, Pos pos);

/// The block mapping whose key starts at `key` (byte offset): its sibling keys are the lines
/// at the same column, back to the mapping's first key (which may follow a "- ").
std::optional<Block> enclosing_mapping(const TextIndex &t, std::size_t key);

/// The `key:` of the mapping `m` (keys at m.column) and its value's lines: from the key to the
/// end of the last content line indented deeper (or a "- " list at the key's column).
std::optional<Block> key_block(const TextIndex &t, const Block &m, std::string_view key);

/// The keys of the mapping `m` (plain keys at its column).
std::vector<std::string_view> mapping_keys(const TextIndex &t, const Block &m);

/// Lines of `block` from `t`, shifted from `from_column` to `to_column` (the first line is
/// taken as it starts at the key); comment-only lines dropped. nullopt when a line is indented
/// less than the shift removes.
std::optional<std::string> reindent(const TextIndex &t, const Block &block, std::size_t to_column);

} // namespace shitong::detail
