// Internal: the libyaml event reader that builds the typed model straight from parser events,
// with positions, and reports format findings (yaml-syntax, yaml-alias, duplicate-key,
// unknown-key, wrong-type, bad-enum, missing-field, empty-value) as it goes. There is no
// intermediate node tree; values of unknown keys are skipped without being stored.
#pragma once

#include "fields.hpp"
#include "rules_internal.hpp"

#include <shitong/finding.hpp>
#include <shitong/loader.hpp>

#include <fmt/format.h>
#include <yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

/// What a full-width syntax character is (see full_width_in_line).
enum class FullWidthKind : std::uint8_t { indent_space, quote, colon };

/// A full-width character a Chinese input method put where YAML wants ASCII syntax.
struct FullWidthHint {
  Pos pos;
  FullWidthKind kind;
  std::size_t byte = 0; ///< offset of the character in its line
  std::string zh, en;
};

/// The full-width syntax character of one line (a full-width colon after a plain key, U+3000
/// in the indentation, a Chinese quote opening a key or value), if any. Used for the
/// yaml-syntax hints and by `shitong fix`.
std::optional<FullWidthHint> full_width_in_line(std::string_view line, std::uint32_t line_no);

/// How a scalar is written.
enum class ScalarStyle : std::uint8_t { plain, single_quoted, double_quoted, block };

/// One scalar of a YAML text as libyaml reads it: where it starts and ends (1-based line and
/// column in characters), its value, how it is written and whether it is a mapping key.
struct ScalarToken {
  Pos begin, end;
  std::string value;
  ScalarStyle style = ScalarStyle::plain;
  bool key = false;
};

/// The scalars of a text, in order, and its shape (one character per event: '{' '}' '[' ']',
/// 'k' a key, 's' another scalar, '*' an alias), for `shitong fix` to rewrite a value's quoting
/// and check that it reads back the same. `complete` is false when parsing stopped at an error
/// (the tokens before it are kept).
struct ScalarTokens {
  std::vector<ScalarToken> tokens;
  std::string shape;
  bool complete = true;
};
ScalarTokens scalar_tokens(std::string_view text);

/// A root key seen in the document, kept until `kind` is known.
struct RootKey {
  std::string key;
  Pos pos;
  int field = -1; ///< index in the Document table, -1 for unknown keys
};

/// Positions as editors show them: libyaml counts a lone CR, NEL, U+2028 and U+2029 as line
/// ends, editors only LF and CRLF, so a value holding one would shift every later line.
/// Converts a libyaml mark to a 1-based editor line and column (code points); costs nothing
/// for a text without such characters.
class EditorLines {
public:
  explicit EditorLines(std::string_view content);
  Pos operator()(const yaml_mark_t &mark) const;

private:
  std::string_view m_content;
  std::vector<std::size_t> m_yaml_starts, m_lf_starts; ///< byte offsets of line starts
  std::uint32_t m_last_line = 1;                       ///< editors' lines of the text
  std::size_t m_last_line_start = 0;
};

class Reader {
public:
  Reader(const std::string &file, std::string_view content, const LoadLimits &limits, std::vector<Finding> &out);
  ~Reader();
  Reader(const Reader &) = delete;
  Reader &operator=(const Reader &) = delete;

  enum class Root { none, not_mapping, mapping };
  /// Reads the single document into `doc`: none when the file holds no document, not_mapping
  /// when its top level is not a mapping (already reported).
  Root read_document(Document &doc, std::vector<RootKey> &root_keys, Pos &root_pos);
  bool failed() const { return m_failed; }

  void read(Text &v, const Meta &m);
  void read(Int &v, const Meta &m);
  void read(Bool &v, const Meta &m);
  void read(RuleSettings &v, const Meta &m);
  /// A mapping of chosen names: each value read with the field's enumeration and title.
  template <class V> void read(NamedMap<V> &v, const Meta &m);
  /// Reads `.shitong.yaml`. Returns false when the file holds no document.
  bool read_config(ConfigDoc &doc);
  /// Reads a baseline file. Returns false when the file holds no document.
  bool read_baseline(BaselineDoc &doc);
  template <class U> void read(List<U> &list, const Meta &m);
  template <class U, class = std::enable_if_t<std::is_base_of_v<Node, U>>> void read(U &obj, const Meta &m) {
    if (m_event.type == YAML_MAPPING_START_EVENT) {
      read_object(obj, table_of<U>(), nullptr);
      return;
    }
    non_mapping_value(obj.pos, m, "映射", "a mapping");
  }

  void emit(RuleId rule, Pos pos, std::string zh, std::string en);

private:
  template <class T> void read_object(T &obj, const Table<T> &table, std::vector<RootKey> *root_keys);
  void next();
  /// Moves to the root node of the first document; false for an empty stream or an error.
  bool enter_document();
  template <class T> bool read_root_mapping(T &doc);
  void skip_value();
  /// Counts one more level of nesting; past LoadLimits::max_depth reports it, stops reading
  /// the file and returns false.
  bool enter_nested();
  /// At the start event of a mapping or list being read: records its position, counts the
  /// nesting (enter_nested) and moves to its first event; false when reading stopped.
  bool open_container(Pos &pos, bool &present);
  /// At a mapping key that is not plain text: reports it (an alias key silently) and skips the
  /// key and its value.
  void skip_odd_key();
  Pos here() const;
  bool is_null_scalar() const;
  std::string_view scalar() const;
  bool plain() const;
  /// Handles a value that is not the expected mapping/sequence. Returns after consuming it.
  void non_mapping_value(Pos &pos, const Meta &m, std::string_view want_zh, std::string_view want_en);
  void wrong_type(const Meta &m, std::string_view want_zh, std::string_view want_en);
  bool begin_scalar(Pos &pos, const Meta &m, bool required, std::string_view want_zh, std::string_view want_en);
  void missing(Pos at, std::string_view key, const Meta &m);
  void check_enum(const Meta &m, const std::string &value, Pos pos);
  void push_key(std::string_view key);
  void push_index(std::size_t i);
  void pop(std::size_t len) { m_path.resize(len); }

  const std::string &m_file;
  std::string_view m_content;
  EditorLines m_lines;
  LoadLimits m_limits;
  std::vector<Finding> &m_out;
  yaml_parser_t m_parser;
  yaml_event_t m_event;
  bool m_have_event = false;
  bool m_failed = false;
  std::uint32_t m_depth = 0;
  std::uint32_t m_emitted = 0; ///< findings of this file so far (LoadLimits::max_findings)
  std::string m_path;
};

template <class U> void Reader::read(List<U> &list, const Meta &m) {
  if (m_event.type != YAML_SEQUENCE_START_EVENT) {
    non_mapping_value(list.pos, m, "列表", "a list");
    return;
  }
  if (!open_container(list.pos, list.present)) return;
  Meta element{
      .nonempty = true, .enumeration = m.enumeration, .minimum = m.minimum, .code_like = m.code_like, .title = m.title};
  std::size_t i = 0;
  bool aliases = false;
  while (!m_failed && m_event.type != YAML_SEQUENCE_END_EVENT) {
    std::size_t saved = m_path.size();
    if (i == m_limits.max_list && m_depth == 2) { // a top-level list: items, retained, cancelled, …
      emit("limit", here(),
           fmt::format("{} 超过 {} 项的上限；第 {} 项起未读取、未检查（.shitong.yaml 中 limits.items_per_catalog "
                       "可调高）",
                       m_path, m_limits.max_list, m_limits.max_list + 1),
           fmt::format("{} has more than {} entries (the limit); entries from {} on were not read or checked "
                       "(raise limits.items_per_catalog in .shitong.yaml)",
                       m_path, m_limits.max_list, m_limits.max_list + 1));
      while (!m_failed && m_event.type != YAML_SEQUENCE_END_EVENT) skip_value();
      break;
    }
    push_index(i++);
    if (m_event.type == YAML_ALIAS_EVENT) {
      aliases = true;
      next(); // already reported by next(); the alias is not expanded
    } else {
      read(list.items.emplace_back(), element);
    }
    pop(saved);
  }
  --m_depth;
  if (m_failed) return;
  next();
  if (list.items.empty() && !aliases && (m.required || m.nonempty))
    emit("empty-value", list.pos, fmt::format("{}（{}）不能为空列表", m.title, m_path),
         fmt::format("{} must not be an empty list", m_path));
}

} // namespace shitong::detail
