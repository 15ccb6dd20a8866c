// JSON exports of a portal: an array of item objects (at the top, or under a key such as
// "data" or "rows"), read into sheets of text cells so the layout step maps them like the
// columns of a spreadsheet. JSON is read with libyaml (JSON is YAML's flow style); anything
// JSON does not have -- anchors, aliases, tags, block style -- is refused. An item's nested
// objects give their keys to the item; arrays of scalars become multi-line cells (one material
// a line); arrays of objects (materials with their attributes, fee projects) become a nested
// sheet whose rows the layout step joins to their item. Each row's number is the line where
// its object starts, so the `# 来源:` comment and every finding point into the JSON file.
#include <shitong/import.hpp>

#include "import_internal.hpp"
#include "util.hpp"

#include <fmt/format.h>
#include <yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <string_view>

namespace shitong {

namespace {
using detail::Tree;

constexpr std::uint32_t k_max_depth = 64;

/// Reads a document into a Tree with libyaml's event parser, bounded by `limits`; in JSON
/// mode whatever JSON does not have is refused, in YAML mode only aliases (no expansion).
class TreeReader {
public:
  TreeReader(std::string_view text, bool json, const ImportLimits &limits) : m_limits(limits), m_json(json) {
    yaml_parser_initialize(&m_parser);
    yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char *>(text.data()), text.size());
  }
  ~TreeReader() {
    if (m_has_event) yaml_event_delete(&m_event);
    yaml_parser_delete(&m_parser);
  }
  TreeReader(const TreeReader &) = delete;
  TreeReader &operator=(const TreeReader &) = delete;

  /// The document's root, or nullopt with error_zh/error_en set.
  std::optional<Tree> read() {
    while (next() && m_event.type != YAML_DOCUMENT_START_EVENT)
      if (m_event.type == YAML_STREAM_END_EVENT) return refuse("文件是空的", "the file is empty");
    if (!ok() || !next()) return std::nullopt;
    Tree root;
    if (!value(root, 0)) return std::nullopt;
    return root;
  }

  std::string error_zh, error_en;

private:
  bool ok() const { return error_zh.empty(); }
  const char *what() const { return m_json ? "JSON" : "YAML"; }

  std::nullopt_t refuse(std::string zh, std::string en) {
    if (error_zh.empty()) {
      error_zh = std::move(zh);
      error_en = std::move(en);
    }
    return std::nullopt;
  }
  bool refuse_here(std::string_view zh, std::string_view en) {
    refuse(fmt::format("第 {} 行第 {} 列：{}", line(), column(), zh),
           fmt::format("line {} column {}: {}", line(), column(), en));
    return false;
  }
  bool not_json() {
    return refuse_here("是 YAML 写法（块结构、不加引号的文字、单引号、锚点或标签），不是 JSON",
                       "written in YAML style (block, bare words, single quotes, anchors or tags), not JSON");
  }

  bool next() {
    if (m_has_event) yaml_event_delete(&m_event);
    m_has_event = yaml_parser_parse(&m_parser, &m_event) != 0;
    if (!m_has_event) {
      const char *problem = m_parser.problem != nullptr ? m_parser.problem : "?";
      refuse(fmt::format("第 {} 行第 {} 列不是有效的 {}（{}）", m_parser.problem_mark.line + 1,
                         m_parser.problem_mark.column + 1, what(), problem),
             fmt::format("line {} column {} is not valid {} ({})", m_parser.problem_mark.line + 1,
                         m_parser.problem_mark.column + 1, what(), problem));
    }
    return m_has_event;
  }

  std::uint32_t line() const { return static_cast<std::uint32_t>(m_event.start_mark.line + 1); }
  std::uint32_t column() const { return static_cast<std::uint32_t>(m_event.start_mark.column + 1); }

  /// Reads the value whose first event is current; leaves the event after it current.
  bool value(Tree &out, std::uint32_t depth) {
    if (depth > k_max_depth)
      return refuse_here(fmt::format("嵌套超过 {} 层，未读取", k_max_depth),
                         fmt::format("nested deeper than {} levels; not read", k_max_depth));
    if (++m_values > m_limits.max_cells)
      return refuse_here(fmt::format("值的个数超过上限 {}，未读取", m_limits.max_cells),
                         fmt::format("more than {} values; not read", m_limits.max_cells));
    out.line = line();
    out.column = column();
    switch (m_event.type) {
    case YAML_SCALAR_EVENT:
      return scalar(out);
    case YAML_MAPPING_START_EVENT:
      return object(out, depth);
    case YAML_SEQUENCE_START_EVENT:
      return array(out, depth);
    case YAML_ALIAS_EVENT:
      return refuse_here("有 YAML 别名（*），不予展开", "a YAML alias (*); not expanded");
    default:
      return refuse_here("不是有效的值", "not a valid value");
    }
  }

  bool scalar(Tree &out) {
    const auto &s = m_event.data.scalar;
    if (m_json && (s.anchor != nullptr || s.tag != nullptr ||
                   (s.style != YAML_PLAIN_SCALAR_STYLE && s.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)))
      return not_json();
    out.text.assign(reinterpret_cast<const char *>(s.value), s.length);
    if (out.text.size() > m_limits.max_cell_bytes)
      return refuse_here(fmt::format("值超过 {} KiB，未读取", m_limits.max_cell_bytes >> 10),
                         fmt::format("a value over {} KiB; not read", m_limits.max_cell_bytes >> 10));
    if (s.style == YAML_PLAIN_SCALAR_STYLE && m_json) {
      if (out.text == "null") {
        out.null = true;
        out.text.clear();
      } else if (out.text == "true" || out.text == "false") {
        out.text = out.text == "true" ? "是" : "否";
      } else if (is_json_number(out.text)) {
        out.number = true;
      } else {
        return not_json();
      }
    } else if (s.style == YAML_PLAIN_SCALAR_STYLE && (out.text.empty() || out.text == "~" || out.text == "null")) {
      out.null = true;
      out.text.clear();
    }
    return next();
  }

  static bool is_json_number(std::string_view t) {
    std::size_t i = 0;
    auto digits = [&] {
      std::size_t from = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      return i > from;
    };
    if (i < t.size() && t[i] == '-') ++i;
    if (!digits()) return false;
    if (i < t.size() && t[i] == '.' && (++i, !digits())) return false;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      ++i;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
      if (!digits()) return false;
    }
    return i == t.size();
  }

  bool object(Tree &out, std::uint32_t depth) {
    out.kind = Tree::Kind::object;
    const auto &m = m_event.data.mapping_start;
    if (m_json && (m.anchor != nullptr || m.tag != nullptr || m.style != YAML_FLOW_MAPPING_STYLE)) return not_json();
    if (!next()) return false;
    while (m_event.type != YAML_MAPPING_END_EVENT) {
      if (m_event.type != YAML_SCALAR_EVENT || (m_json && m_event.data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE))
        return refuse_here("键必须是（加引号的）字符串", "a key must be a (quoted) string");
      std::string key(reinterpret_cast<const char *>(m_event.data.scalar.value), m_event.data.scalar.length);
      if (!next()) return false;
      Tree v;
      if (!value(v, depth + 1)) return false;
      out.members.push_back({std::move(key), std::move(v)});
    }
    return next();
  }

  bool array(Tree &out, std::uint32_t depth) {
    out.kind = Tree::Kind::array;
    const auto &q = m_event.data.sequence_start;
    if (m_json && (q.anchor != nullptr || q.tag != nullptr || q.style != YAML_FLOW_SEQUENCE_STYLE)) return not_json();
    if (!next()) return false;
    while (m_event.type != YAML_SEQUENCE_END_EVENT) {
      out.elements.emplace_back();
      if (!value(out.elements.back(), depth + 1)) return false;
    }
    return next();
  }

  const ImportLimits &m_limits;
  bool m_json;
  yaml_parser_t m_parser{};
  yaml_event_t m_event{};
  bool m_has_event = false;
  std::uint64_t m_values = 0;
};

int hex4(std::string_view s) {
  int v = 0;
  if (s.size() < 4) return -1;
  for (char c : s.substr(0, 4)) {
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/// JSON writes a character beyond U+FFFF (CJK Extension B names such as 𠀾) as a surrogate pair
/// of escapes ("\ud840\udc3e"), which YAML does not accept; the pair becomes the character's
/// UTF-8 bytes inside the string. Everything else is left for the parser to judge.
void join_surrogate_pairs(std::string &text) {
  if (text.find("\\u") == std::string::npos) return;
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') in_string = !in_string;
    if (!in_string || c != '\\' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    std::string_view rest = std::string_view(text).substr(i);
    int hi = rest.size() >= 12 && rest[1] == 'u' ? hex4(rest.substr(2)) : -1;
    int lo = hi >= 0xD800 && hi <= 0xDBFF && rest[6] == '\\' && rest[7] == 'u' ? hex4(rest.substr(8)) : -1;
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      detail::append_utf8(out, static_cast<char32_t>(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)));
      i += 11;
      continue;
    }
    out += c; // an escape: its character is copied with it, so "\\" and "\"" stay whole
    out += text[++i];
  }
  text = std::move(out);
}

bool is_item_array(const Tree &v) {
  if (v.kind != Tree::Kind::array || v.elements.empty()) return false;
  for (const auto &e : v.elements)
    if (e.kind != Tree::Kind::object) return false;
  return true;
}

/// The array of item objects: the root, or the first array of objects under an object (breadth
/// first, three levels down), with its key path ("data.list") for the report.
const Tree *find_items(const Tree &root, std::string &path) {
  if (root.kind == Tree::Kind::array) return is_item_array(root) || root.elements.empty() ? &root : nullptr;
  std::vector<std::pair<const Tree *, std::string>> level{{&root, ""}};
  for (int depth = 0; depth < 3 && !level.empty(); ++depth) {
    std::vector<std::pair<const Tree *, std::string>> below;
    for (const auto &[v, p] : level)
      for (const auto &[key, m] : v->members) {
        std::string here = p.empty() ? key : p + "." + key;
        if (is_item_array(m)) {
          path = here;
          return &m;
        }
        if (m.kind == Tree::Kind::object) below.emplace_back(&m, here);
      }
    level = std::move(below);
  }
  return nullptr;
}

/// The field a key names, as the layout step will read it ("#<field>"), else the key itself.
std::string field_of(const std::string &key) {
  static const auto k_fields = [] {
    std::map<std::string, int, std::less<>> m;
    for (const auto &c : detail::layout_columns()) {
      std::string_view syn = c.synonyms;
      while (!syn.empty()) {
        std::size_t bar = syn.find('|');
        m.emplace(detail::header_key(syn.substr(0, bar)), static_cast<int>(c.field));
        syn = bar == std::string_view::npos ? std::string_view{} : syn.substr(bar + 1);
      }
    }
    return m;
  }();
  auto it = k_fields.find(detail::header_key(key));
  return it == k_fields.end() ? key : fmt::format("#{}", it->second);
}

/// A sheet being built: its header (keys in first-seen order) and rows.
struct SheetBuilder {
  Sheet sheet;
  std::map<std::string, std::size_t> columns;
  SheetRow header;

  /// The column of `key`. Objects name a field differently from one to the next ("is_fee" in
  /// one, "是否收费" in another); keys of the same field share the column of the first.
  std::size_t column(const std::string &key) {
    auto [it, added] = columns.emplace(field_of(key), columns.size());
    if (added) header.cells.push_back({key, false, false});
    return it->second;
  }
  static void put(SheetRow &row, std::size_t column, Cell cell) {
    if (row.cells.size() <= column) row.cells.resize(column + 1);
    Cell &c = row.cells[column];
    if (c.text.empty()) c = std::move(cell); // a key seen twice (nested objects): the first one wins
  }
  Sheet finish(std::uint32_t header_line) {
    header.row = header_line;
    sheet.rows.insert(sheet.rows.begin(), std::move(header));
    return std::move(sheet);
  }
};

/// Flattens the item objects into the main sheet and nested sheets (arrays of objects).
class Flattener {
public:
  explicit Flattener(Workbook &book) : m_book(book) {}

  void items(const Tree &array) {
    for (const auto &obj : array.elements) {
      SheetRow row;
      row.row = obj.line;
      members(obj, row, obj.line);
      if (!row.cells.empty()) m_main.sheet.rows.push_back(std::move(row));
    }
    std::uint32_t first = array.elements.empty() ? array.line : array.elements.front().line;
    m_book.sheets.push_back(m_main.finish(first));
    for (auto &[key, nested] : m_nested) {
      std::uint32_t line = nested.sheet.rows.empty() ? first : nested.sheet.rows.front().row;
      Sheet s = nested.finish(line);
      s.name = key;
      s.nested = true;
      m_book.sheets.push_back(std::move(s));
    }
  }

private:
  void members(const Tree &obj, SheetRow &row, std::uint32_t item_line) {
    for (const auto &[key, v] : obj.members) {
      switch (v.kind) {
      case Tree::Kind::scalar:
        if (!v.null) SheetBuilder::put(row, m_main.column(key), {v.text, v.number, false});
        break;
      case Tree::Kind::object:
        members(v, row, item_line);
        break; // {"fee": {"is_fee": …}}: its keys
      case Tree::Kind::array:
        if (is_item_array(v))
          nested(key, v, item_line);
        else
          SheetBuilder::put(row, m_main.column(key), {lines_of(v), false, false});
        break;
      }
    }
  }

  /// ["a", "b"] as the multi-line cell "a\nb"; nested arrays and objects give their scalars.
  static std::string lines_of(const Tree &v) {
    std::string out;
    auto add = [&](const Tree &e, auto &self) -> void {
      if (e.kind == Tree::Kind::scalar) {
        if (e.null || e.text.empty()) return;
        if (!out.empty()) out += '\n';
        out += e.text;
        return;
      }
      for (const auto &x : e.elements) self(x, self);
      for (const auto &m : e.members) self(m.value, self);
    };
    add(v, add);
    return out;
  }

  void nested(const std::string &key, const Tree &array, std::uint32_t item_line) {
    SheetBuilder &b = m_nested[key];
    for (const auto &obj : array.elements) {
      SheetRow row;
      row.row = obj.line;
      row.parent = item_line;
      for (const auto &[k, v] : obj.members)
        if (v.kind == Tree::Kind::scalar && !v.null)
          SheetBuilder::put(row, b.column(k), {v.text, v.number, false});
        else if (v.kind == Tree::Kind::array)
          SheetBuilder::put(row, b.column(k), {lines_of(v), false, false});
      if (!row.cells.empty()) b.sheet.rows.push_back(std::move(row));
    }
  }

  Workbook &m_book;
  SheetBuilder m_main;
  std::map<std::string, SheetBuilder> m_nested;
};

} // namespace

std::optional<detail::Tree> detail::read_tree(std::string_view text, bool json, const ImportLimits &limits,
                                              std::string &why_zh, std::string &why_en) {
  TreeReader reader(text, json, limits);
  std::optional<Tree> root = reader.read();
  if (!root) {
    why_zh = reader.error_zh;
    why_en = reader.error_en;
  }
  return root;
}

Workbook read_json(std::string_view bytes, const std::string &file, const ImportLimits &limits) {
  Workbook book;
  book.file = file;
  auto fail = [&](const std::string &zh, const std::string &en) { return book.refuse(zh, en); };
  std::string text, encoding, zh, en;
  if (!detail::decode_text(bytes, text, encoding, zh, en)) return fail(zh, en);
  join_surrogate_pairs(text);
  std::optional<Tree> root = detail::read_tree(text, true, limits, zh, en);
  if (!root) return fail(zh, en);
  std::string path;
  const Tree *items = find_items(*root, path);
  if (items == nullptr)
    return fail("没有找到事项数组（顶层应是对象数组，或对象中某个键下的对象数组）",
                "no array of item objects (expected an array of objects at the top, or under a key)");
  book.notes_zh.push_back(fmt::format("{}：JSON，编码 {}，{} 个对象{}", file, encoding, items->elements.size(),
                                      path.empty() ? "" : fmt::format("（在「{}」下）", path)));
  book.notes_en.push_back(fmt::format("{}: JSON, encoding {}, {} object(s){}", file, encoding, items->elements.size(),
                                      path.empty() ? "" : fmt::format(" (under \"{}\")", path)));
  book.objects = true;
  Flattener(book).items(*items);
  return book;
}

} // namespace shitong
