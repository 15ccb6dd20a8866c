#include "reader.hpp"

#include "util.hpp"

#include <shitong/normalize.hpp>

#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <unordered_map>

namespace shitong::detail {

namespace {
// Whether libyaml would end a line where an editor does not: a lone CR, NEL (C2 85), LS (E2 80 A8)
// or PS (E2 80 A9). Three memchr scans: each lead byte is rare in a catalog (E2 starts “”…— too).
bool has_odd_line_break(std::string_view s) {
  for (std::size_t i = s.find('\r'); i != std::string_view::npos; i = s.find('\r', i + 1))
    if (i + 1 >= s.size() || s[i + 1] != '\n') return true;
  for (std::size_t i = s.find('\xC2'); i != std::string_view::npos; i = s.find('\xC2', i + 1))
    if (i + 1 < s.size() && s[i + 1] == '\x85') return true;
  for (std::size_t i = s.find('\xE2'); i != std::string_view::npos; i = s.find('\xE2', i + 1))
    if (i + 2 < s.size() && s[i + 1] == '\x80' && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) return true;
  return false;
}

// The number of LFs, in blocks of 255 bytes with a byte-wide counter: the compiler turns the
// inner loop into byte-wide vector compares (std::count widens every byte to a 64-bit count).
std::size_t count_lf(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t end = std::min(s.size(), i + 255);
    unsigned char block = 0;
    for (; i < end; ++i) block = static_cast<unsigned char>(block + (s[i] == '\n'));
    n += block;
  }
  return n;
}
} // namespace

EditorLines::EditorLines(std::string_view content) : m_content(content) {
  // libyaml ends a line at LF, CRLF, a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029);
  // editors at LF and CRLF only. Tables are built only for a text that holds one of the others.
  m_last_line += static_cast<std::uint32_t>(count_lf(content));
  if (auto nl = content.rfind('\n'); nl != std::string_view::npos) m_last_line_start = nl + 1;
  bool odd = has_odd_line_break(content);
  if (!odd) return;
  m_yaml_starts.push_back(0);
  m_lf_starts.push_back(0);
  for (std::size_t i = 0; i < content.size();) {
    char c = content[i];
    std::size_t len = 0;
    if (c == '\n') {
      len = 1;
    } else if (c == '\r') {
      len = i + 1 < content.size() && content[i + 1] == '\n' ? 2 : 1;
    } else if (c == '\xC2' && i + 1 < content.size() && content[i + 1] == '\x85') {
      len = 2;
    } else if (c == '\xE2' && i + 2 < content.size() && content[i + 1] == '\x80' &&
               (content[i + 2] == '\xA8' || content[i + 2] == '\xA9')) {
      len = 3;
    }
    if (len == 0) {
      ++i;
      continue;
    }
    i += len;
    m_yaml_starts.push_back(i);
    if (content[i - 1] == '\n') m_lf_starts.push_back(i);
  }
}

Pos EditorLines::operator()(const yaml_mark_t &mark) const {
  // the one place where libyaml's 0-based marks become 1-based
  Pos yaml{static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
  if (m_yaml_starts.empty() || mark.line >= m_yaml_starts.size()) {
    if (yaml.line <= m_last_line) return yaml;
    // libyaml can mark the end of a file without a final newline one line past it: the end of
    // the last line is what an editor can show (found by fuzzing: tests/fuzz/regressions/load)
    std::uint32_t column = 1;
    for (std::size_t i = m_last_line_start; i < m_content.size(); ++column) next_code_point(m_content, i);
    return Pos{m_last_line, column};
  }
  std::size_t at = m_yaml_starts[mark.line];
  for (std::size_t k = 0; k < mark.column && at < m_content.size(); ++k) next_code_point(m_content, at);
  std::size_t line = static_cast<std::size_t>(std::upper_bound(m_lf_starts.begin(), m_lf_starts.end(), at) -
                                              m_lf_starts.begin()); // 1-based
  std::uint32_t column = 1;
  for (std::size_t i = m_lf_starts[line - 1]; i < at; ++column) next_code_point(m_content, i);
  return Pos{static_cast<std::uint32_t>(line), column};
}

namespace {
std::string_view kind_zh(yaml_event_type_t t) {
  switch (t) {
  case YAML_SEQUENCE_START_EVENT:
    return "列表";
  case YAML_MAPPING_START_EVENT:
    return "映射";
  default:
    return "文本";
  }
}
std::string_view kind_en(yaml_event_type_t t) {
  switch (t) {
  case YAML_SEQUENCE_START_EVENT:
    return "a list";
  case YAML_MAPPING_START_EVENT:
    return "a mapping";
  default:
    return "a scalar";
  }
}
// Chinese for libyaml's most frequent problems; the original stays in parentheses.
std::string problem_zh(const std::string &p) {
  static const std::pair<const char *, const char *> k[] = {
      {"found character that cannot start any token", "出现了不能作为开头的字符"},
      {"did not find expected key", "没有找到预期的键（通常是缩进不一致）"},
      {"mapping values are not allowed in this context", "此处不能出现映射值（通常是缩进错误，或冒号后缺少空格）"},
      {"did not find expected ',' or '}'", "流式映射缺少 , 或 }"},
      {"did not find expected ',' or ']'", "流式列表缺少 , 或 ]"},
      {"found unexpected end of stream", "文件意外结束（引号或括号未闭合）"},
      {"control characters are not allowed", "不允许出现控制字符"},
      {"could not find expected ':'", "找不到预期的冒号"},
      {"did not find expected node content", "缺少预期的内容"},
      {"block sequence entries are not allowed in this context", "此处不能出现列表项（检查缩进）"},
      {"did not find expected '-' indicator", "缺少列表项的 -（检查缩进）"},
      {"found a tab character that violates indentation", "制表符破坏了缩进"},
      {"found undefined tag handle", "未定义的标签"},
      {"found unknown escape character", "未知的转义字符"},
      {"did not find expected <document start>", "缺少文档开始标记"},
      {"found duplicate %YAML directive", "重复的 %YAML 指令"},
  };
  for (auto &[en, zh] : k)
    if (p == en) return zh;
  return "YAML 格式错误";
}

} // namespace

std::optional<FullWidthHint> full_width_in_line(std::string_view line, std::uint32_t line_no) {
  std::uint32_t column = 0;
  bool leading = true;       // still in the indentation
  bool in_plain_key = false; // after the indentation (and "- "), before any ':'
  for (std::size_t i = 0; i < line.size();) {
    std::size_t at = i;
    char32_t c = next_code_point(line, i);
    ++column;
    if (c == U'#' && !in_plain_key && !leading) break;
    if (leading && (c == U' ' || c == U'-')) continue;
    if (c == U'\u3000' && leading)
      return FullWidthHint{{line_no, column},
                           FullWidthKind::indent_space,
                           at,
                           "全角空格（U+3000）不能用来缩进：YAML 只能用半角空格缩进，请把它换成两个半角空格",
                           "a full-width space (U+3000) cannot indent: YAML indents with ASCII spaces only"};
    if (leading && (c == U'\u201c' || c == U'\u2018'))
      return FullWidthHint{{line_no, column},
                           FullWidthKind::quote,
                           at,
                           "中文引号不能给 YAML 的键或值加引号：请改用半角引号 \" 或去掉引号",
                           "Chinese quotes cannot quote a YAML key or value: use ASCII quotes \" or none"};
    if (leading) {
      leading = false;
      in_plain_key = c != U'"' && c != U'\'' && c != U'[' && c != U'{';
    }
    if (!in_plain_key) continue;
    if (c == U':') {
      in_plain_key = false;
      // a value that opens with a Chinese quote and holds a ':' breaks the mapping
      std::size_t j = i;
      while (j < line.size() && line[j] == ' ') ++j;
      std::size_t k = j;
      if (k < line.size() && next_code_point(line, k) == U'\u201c' &&
          line.substr(k).find(": ") != std::string_view::npos) {
        std::uint32_t col = column + static_cast<std::uint32_t>(j - i) + 1;
        return FullWidthHint{{line_no, col},
                             FullWidthKind::quote,
                             j,
                             "中文引号“”不能给 YAML 值加引号，值中的「: 」因此被当作了语法：请改用半角引号 \"",
                             "Chinese quotes cannot quote a YAML value, so the ': ' inside it counts as syntax: use "
                             "ASCII quotes \""};
      }
      continue;
    }
    if (c == U'\uff1a')
      return FullWidthHint{{line_no, column},
                           FullWidthKind::colon,
                           at,
                           "全角冒号「：」不能分隔键和值：请改成半角冒号加空格「: 」",
                           "a full-width colon '：' cannot separate a key from its value: write an ASCII colon and "
                           "a space ': '"};
    if (c == U' ') in_plain_key = false; // "a b" is a plain scalar, not a key
  }
  return std::nullopt;
}

namespace {

/// Full-width characters that a Chinese input method puts where YAML wants ASCII syntax: a
/// full-width colon after a key, full-width spaces as indentation, Chinese quotes around a
/// value. libyaml reports what they cause one line too late; this finds the character itself,
/// on the lines up to the one where parsing stopped (nearest first).
std::optional<FullWidthHint> full_width_hint(std::string_view content, std::uint32_t stop_line) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= content.size() && lines.size() < stop_line;) {
    auto nl = content.find('\n', start);
    lines.push_back(content.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  constexpr std::uint32_t k_look_back = 3;
  for (std::size_t n = lines.size(); n > 0 && lines.size() - n < k_look_back; --n)
    if (auto hint = full_width_in_line(lines[n - 1], static_cast<std::uint32_t>(n))) return hint;
  return std::nullopt;
}

std::string display_key(std::string_view path) {
  return path.empty() ? std::string("(root)") : std::string(path);
}
} // namespace

Reader::Reader(const std::string &file, std::string_view content, const LoadLimits &limits, std::vector<Finding> &out)
    : m_file(file), m_content(content), m_lines(content), m_limits(limits), m_out(out) {
  yaml_parser_initialize(&m_parser);
  yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char *>(content.data()), content.size());
  yaml_parser_set_encoding(&m_parser, YAML_UTF8_ENCODING);
  std::memset(&m_event, 0, sizeof m_event);
}

Reader::~Reader() {
  if (m_have_event) yaml_event_delete(&m_event);
  yaml_parser_delete(&m_parser);
}

void Reader::emit(RuleId rule, Pos pos, std::string zh, std::string en) {
  if (m_emitted >= m_limits.max_findings) return; // after the limit finding below
  if (++m_emitted == m_limits.max_findings) {
    m_failed = true; // a findings flood: stop reading, say so once
    detail::emit(
        m_out, "limit", Location{m_file, pos.line, pos.column}, {{}, {}, m_path},
        fmt::format("本文件的格式问题已达 {} 条，停止读取；先改正这些问题", m_limits.max_findings),
        fmt::format("{} format problems in this file; reading stopped: fix these first", m_limits.max_findings));
    return;
  }
  detail::emit(m_out, rule, Location{m_file, pos.line, pos.column}, {{}, {}, m_path}, std::move(zh), std::move(en));
}

Pos Reader::here() const {
  return m_lines(m_event.start_mark);
}

void Reader::next() {
  if (m_failed) return;
  if (m_have_event) yaml_event_delete(&m_event);
  m_have_event = false;
  if (!yaml_parser_parse(&m_parser, &m_event)) {
    m_failed = true;
    std::memset(&m_event, 0, sizeof m_event);
    m_event.type = YAML_NO_EVENT;
    Pos pos = m_lines(m_parser.problem_mark);
    if (m_parser.error == YAML_READER_ERROR) { // reader errors carry a byte offset, not a mark
      pos = Pos{1, 1};
      std::size_t end = std::min<std::size_t>(m_parser.problem_offset, m_content.size());
      std::size_t line_start = 0;
      for (std::size_t i = 0; i < end; ++i)
        if (m_content[i] == '\n') {
          ++pos.line;
          line_start = i + 1;
        }
      for (std::size_t i = line_start; i < end;) {
        next_code_point(m_content, i);
        ++pos.column;
      }
    }
    std::string problem = m_parser.problem ? m_parser.problem : "unknown error";
    std::string context = m_parser.context ? m_parser.context : "";
    // Tabs are the most common cause: say so plainly.
    std::size_t line_start = 0;
    for (std::uint32_t l = 1; l < pos.line && line_start < m_content.size(); ++l) {
      auto nl = m_content.find('\n', line_start);
      if (nl == std::string_view::npos) break;
      line_start = nl + 1;
    }
    auto line_end = m_content.find('\n', line_start);
    auto line = m_content.substr(line_start,
                                 line_end == std::string_view::npos ? std::string_view::npos : line_end - line_start);
    bool tab = line.find('\t') != std::string_view::npos;
    std::string hint_zh = tab ? "；该行含制表符（Tab），YAML 只能用空格缩进" : "";
    std::string hint_en = tab ? "; the line contains a tab: YAML indents with spaces only" : "";
    std::string ctx = context.empty() ? "" : " (" + context + ")";
    if (!tab && m_parser.error != YAML_READER_ERROR)
      if (auto hint = full_width_hint(m_content, pos.line)) {
        emit("yaml-syntax", hint->pos, fmt::format("YAML 语法错误：{}", hint->zh),
             fmt::format("YAML syntax error: {}", hint->en));
        return;
      }
    emit("yaml-syntax", pos,
         fmt::format("YAML 语法错误，解析在此停止：{}（{}{}）{}", problem_zh(problem), problem, ctx, hint_zh),
         fmt::format("YAML syntax error, parsing stopped here: {}{}{}", problem, ctx, hint_en));
    return;
  }
  m_have_event = true;
  const char *anchor = nullptr;
  if (m_event.type == YAML_SCALAR_EVENT)
    anchor = reinterpret_cast<const char *>(m_event.data.scalar.anchor);
  else if (m_event.type == YAML_SEQUENCE_START_EVENT)
    anchor = reinterpret_cast<const char *>(m_event.data.sequence_start.anchor);
  else if (m_event.type == YAML_MAPPING_START_EVENT)
    anchor = reinterpret_cast<const char *>(m_event.data.mapping_start.anchor);
  if (anchor)
    emit("yaml-alias", here(), fmt::format("不支持锚点 &{}：请把内容直接写出", anchor),
         fmt::format("anchor &{} is not supported: write the content out", anchor));
  else if (m_event.type == YAML_ALIAS_EVENT) {
    const char *name = reinterpret_cast<const char *>(m_event.data.alias.anchor);
    emit("yaml-alias", here(), fmt::format("不支持别名 *{}：别名不会被展开，请把内容直接写出", name),
         fmt::format("alias *{} is not supported and is not expanded: write the content out", name));
  }
}

void Reader::skip_value() {
  std::uint32_t depth = 0;
  do {
    if (m_failed) return;
    auto t = m_event.type;
    if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
      if (m_depth + ++depth > m_limits.max_depth) {
        emit("yaml-syntax", here(), fmt::format("嵌套超过 {} 层，停止读取本文件", m_limits.max_depth),
             fmt::format("nesting deeper than {} levels; reading of this file stopped", m_limits.max_depth));
        m_failed = true;
        return;
      }
    } else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
      --depth;
    } else if (t == YAML_STREAM_END_EVENT || t == YAML_NO_EVENT) {
      return;
    }
    next();
  } while (depth > 0);
}

std::string_view Reader::scalar() const {
  return {reinterpret_cast<const char *>(m_event.data.scalar.value), m_event.data.scalar.length};
}
bool Reader::plain() const {
  return m_event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

bool Reader::is_null_scalar() const {
  if (m_event.type != YAML_SCALAR_EVENT || !plain()) return false;
  auto s = scalar();
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

void Reader::push_key(std::string_view key) {
  if (!m_path.empty()) m_path += '.';
  m_path += key;
}
void Reader::push_index(std::size_t i) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, i).ptr; // once per list entry: no fmt
  m_path += '[';
  m_path.append(digits, end);
  m_path += ']';
}

void Reader::missing(Pos at, std::string_view key, const Meta &m) {
  std::size_t saved = m_path.size();
  push_key(key); // the path of the missing key, counted like every other finding
  emit("missing-field", at, fmt::format("缺少必填字段 {}（{}）", key, m.title),
       fmt::format("required key '{}' is missing", key));
  pop(saved);
}

void Reader::wrong_type(const Meta &m, std::string_view want_zh, std::string_view want_en) {
  (void)m;
  emit("wrong-type", here(), fmt::format("{} 应为{}，实际是{}", display_key(m_path), want_zh, kind_zh(m_event.type)),
       fmt::format("{} must be {}, found {}", display_key(m_path), want_en, kind_en(m_event.type)));
  skip_value();
}

void Reader::non_mapping_value(Pos &pos, const Meta &m, std::string_view want_zh, std::string_view want_en) {
  pos = here();
  if (m_event.type == YAML_ALIAS_EVENT) {
    next();
    return;
  }
  if (is_null_scalar()) {
    if (m.required || m.nonempty)
      emit("empty-value", here(), fmt::format("{}（{}）不能为空", m.title, m_path),
           fmt::format("{} must not be empty", m_path));
    next();
    return;
  }
  if (m_event.type == YAML_SCALAR_EVENT && want_zh == "列表") {
    std::string v(scalar());
    // staff often type lists as 申请、受理、审查: suggest the split list
    std::vector<std::string> parts;
    std::string cur;
    for (std::size_t i = 0; i < v.size();) {
      std::size_t start = i;
      char32_t c = next_code_point(v, i);
      if (c == U'、' || c == U'，' || c == U',' || c == U';' || c == U'；') {
        if (!is_blank(cur)) parts.push_back(normalize_text(cur));
        cur.clear();
      } else {
        cur.append(v, start, i - start);
      }
    }
    if (!is_blank(cur)) parts.push_back(normalize_text(cur));
    std::string list = fmt::format("[{}]", fmt::join(parts, ", "));
    emit("wrong-type", here(),
         fmt::format("{} 应为列表，实际是文本「{}」；写成 {}，或每项一行 \"- …\"", m_path, v, list),
         fmt::format("{} must be a list, found the scalar '{}'; write {}, or one \"- …\" line per entry", m_path, v,
                     list));
    next();
    return;
  }
  wrong_type(m, want_zh, want_en);
}

void Reader::check_enum(const Meta &m, const std::string &value, Pos pos) {
  if (!m.enumeration) return;
  for (auto e : *m.enumeration)
    if (e == value) return;
  auto best = nearest(value, *m.enumeration);
  std::string all = join(*m.enumeration, "、");
  std::string all_en = join(*m.enumeration, ", ");
  if (!best.empty())
    emit("bad-enum", pos, fmt::format("{}「{}」不是允许的值，是否应为「{}」？可选：{}", m.title, value, best, all),
         fmt::format("'{}' is not a valid {} value; did you mean '{}'? allowed: {}", value, m_path, best, all_en));
  else
    emit("bad-enum", pos, fmt::format("{}「{}」不是允许的值；可选：{}", m.title, value, all),
         fmt::format("'{}' is not a valid {} value; allowed: {}", value, m_path, all_en));
}

// The common start of reading a scalar: records the position, skips an alias (reported by
// next()), reports a non-scalar as wrong-type and a null as empty-value when required. Returns
// true when the current event is a non-null scalar to be read.
bool Reader::begin_scalar(Pos &pos, const Meta &m, bool required, std::string_view want_zh, std::string_view want_en) {
  pos = here();
  if (m_event.type == YAML_ALIAS_EVENT) {
    next();
    return false;
  }
  if (m_event.type != YAML_SCALAR_EVENT) {
    wrong_type(m, want_zh, want_en);
    return false;
  }
  if (is_null_scalar()) {
    if (required)
      emit("empty-value", pos, fmt::format("{}（{}）不能为空", m.title, m_path),
           fmt::format("{} must not be empty", m_path));
    next();
    return false;
  }
  return true;
}

void Reader::read(Text &v, const Meta &m) {
  if (!begin_scalar(v.pos, m, m.required || m.nonempty, "文本", "a text")) return;
  v.value.assign(scalar());
  v.present = true;
  if (v.value.size() > m_limits.max_text) { // bytes >= code points: count only when it may be over
    std::size_t i = 0, n = 0;
    while (i < v.value.size() && n < m_limits.max_text) {
      next_code_point(v.value, i);
      ++n;
    }
    if (i < v.value.size()) {
      std::size_t total = n;
      for (std::size_t k = i; k < v.value.size();) {
        next_code_point(v.value, k);
        ++total;
      }
      v.value.resize(i);
      emit("limit", v.pos,
           fmt::format("{}（{}）长 {} 个字符，超过文本长度上限 {}；只检查前 {} 个字符（.shitong.yaml 中 "
                       "limits.text_length 可调高）",
                       m.title, m_path, total, m_limits.max_text, m_limits.max_text),
           fmt::format("{} is {} characters long, over the text length limit of {}; only the first {} are checked "
                       "(raise limits.text_length in .shitong.yaml)",
                       m_path, total, m_limits.max_text, m_limits.max_text));
    }
  }
  if (m.code_like && plain() && !v.value.empty() && v.value.find_first_not_of("0123456789") == std::string::npos) {
    emit("wrong-type", v.pos,
         fmt::format("{}「{}」应加引号写成文本（\"{}\"），否则 YAML 会把它读成数字（前导 0 会丢失）", m.title, v.value,
                     v.value),
         fmt::format("{} '{}' must be quoted (\"{}\"): unquoted, YAML reads it as a number", m_path, v.value, v.value));
    m_out.back().suggestion = fmt::format("\"{}\"", v.value);
  }
  if (m.date) {
    const auto &s = v.value;
    bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-';
    for (std::size_t i = 0; ok && i < 10; ++i)
      if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) ok = false;
    if (ok) {
      int mo = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
      ok = mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
    }
    if (!ok)
      emit("wrong-type", v.pos, fmt::format("{}「{}」应为 YYYY-MM-DD 格式的日期", m.title, s),
           fmt::format("{} '{}' must be a date YYYY-MM-DD", m_path, s));
  }
  if ((m.required || m.nonempty) && is_blank(v.value))
    emit("empty-value", v.pos, fmt::format("{}（{}）不能为空", m.title, m_path),
         fmt::format("{} must not be empty", m_path));
  else
    check_enum(m, v.value, v.pos);
  next();
}

void Reader::read(Int &v, const Meta &m) {
  if (!begin_scalar(v.pos, m, m.required || m.nonempty, "整数", "an integer")) return;
  auto s = scalar();
  bool digits = plain() && !s.empty() && s.size() <= 15;
  std::size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (start == s.size()) digits = false;
  for (std::size_t i = start; digits && i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') digits = false;
  if (!digits) {
    emit("wrong-type", v.pos, fmt::format("{} 应为整数，实际是{}「{}」", m_path, plain() ? "文本" : "带引号的文本", s),
         fmt::format("{} must be an integer, found {} '{}'", m_path, plain() ? "the text" : "the quoted text", s));
    next();
    return;
  }
  v.value = std::stoll(std::string(s));
  v.present = true;
  if (m.minimum >= 0 && v.value < m.minimum)
    emit("wrong-type", v.pos,
         fmt::format("{}（{}）应为不小于 {} 的整数，实际是 {}", m.title, m_path, m.minimum, v.value),
         fmt::format("{} must be an integer >= {}, found {}", m_path, m.minimum, v.value));
  next();
}

void Reader::read(Bool &v, const Meta &m) {
  if (!begin_scalar(v.pos, m, m.required, "true 或 false", "true or false")) return;
  auto s = scalar();
  if (plain() && (s == "true" || s == "True" || s == "TRUE")) {
    v.value = true;
    v.present = true;
  } else if (plain() && (s == "false" || s == "False" || s == "FALSE")) {
    v.value = false;
    v.present = true;
  } else {
    emit("wrong-type", v.pos, fmt::format("{} 应为 true 或 false，实际是「{}」", m_path, s),
         fmt::format("{} must be true or false, found '{}'", m_path, s));
  }
  next();
}

bool Reader::enter_nested() {
  if (++m_depth <= m_limits.max_depth) return true;
  emit("yaml-syntax", here(), fmt::format("嵌套超过 {} 层，停止读取本文件", m_limits.max_depth),
       fmt::format("nesting deeper than {} levels; reading of this file stopped", m_limits.max_depth));
  m_failed = true;
  return false;
}

bool Reader::open_container(Pos &pos, bool &present) {
  pos = here();
  present = true;
  if (!enter_nested()) return false;
  next();
  return true;
}

void Reader::skip_odd_key() {
  if (m_event.type == YAML_ALIAS_EVENT) {
    next();
  } else {
    emit("wrong-type", here(), "映射的键必须是文本", "mapping keys must be plain text");
    skip_value();
  }
  skip_value();
}

template <class T> void Reader::read_object(T &obj, const Table<T> &table, std::vector<RootKey> *root_keys) {
  if (!open_container(obj.pos, obj.present)) return;
  std::uint64_t seen = 0;
  std::array<Pos, 64> first{};
  std::unordered_map<std::string, Pos> unknown; // first position of each unknown key
  std::vector<std::string_view> keys;
  std::size_t hint = 0; // where table.find starts: after the previous key
  while (!m_failed && m_event.type != YAML_MAPPING_END_EVENT) {
    if (m_event.type != YAML_SCALAR_EVENT) {
      skip_odd_key();
      continue;
    }
    std::string key(scalar());
    Pos kpos = here();
    next();
    if (m_failed) break;
    if (key == "<<") {
      emit("yaml-alias", kpos, "不支持合并键 <<：请把内容直接写出",
           "merge key << is not supported: write the content out");
      skip_value();
      continue;
    }
    int idx = table.find(key, hint);
    if (idx < 0) {
      auto [first_unknown, fresh] = unknown.emplace(key, kpos);
      if (!fresh)
        emit("duplicate-key", kpos,
             fmt::format("键「{}」重复（第一次出现在第 {} 行）", key, first_unknown->second.line),
             fmt::format("duplicate key '{}' (first at line {})", key, first_unknown->second.line));
      if (fresh) {
        if (root_keys) {
          root_keys->push_back({key, kpos, -1});
        } else {
          if (keys.empty())
            for (auto &f : table.fields) keys.push_back(f.key);
          auto best = nearest(key, keys);
          std::string where = m_path.empty() ? std::string("顶层") : m_path + " 中";
          if (!best.empty()) {
            emit("unknown-key", kpos, fmt::format("{}有未定义的键「{}」，是否应为「{}」？", where, key, best),
                 fmt::format("unknown key '{}' in {}; did you mean '{}'?", key, display_key(m_path), best));
            m_out.back().suggestion = std::string(nearest_unique(key, keys));
          } else
            emit("unknown-key", kpos, fmt::format("{}有未定义的键「{}」", where, key),
                 fmt::format("unknown key '{}' in {}", key, display_key(m_path)));
        }
      }
      skip_value();
      continue;
    }
    std::uint64_t bit = 1ull << idx;
    if (seen & bit) {
      emit("duplicate-key", kpos,
           fmt::format("键「{}」重复（第一次出现在第 {} 行）；以第一次为准", key, first[idx].line),
           fmt::format("duplicate key '{}' (first at line {}); the first one is used", key, first[idx].line));
      skip_value();
      continue;
    }
    seen |= bit;
    first[idx] = kpos;
    hint = static_cast<std::size_t>(idx) + 1 < table.fields.size() ? static_cast<std::size_t>(idx) + 1 : 0;
    if (root_keys) root_keys->push_back({key, kpos, idx});
    std::size_t saved = m_path.size();
    push_key(key);
    const auto &field = table.fields[idx];
    field.read(*this, obj, field.meta);
    pop(saved);
  }
  --m_depth;
  if (m_failed) return;
  next();
  if (root_keys) return; // required root keys depend on `kind`: checked by the loader
  for (std::size_t i = 0; i < table.fields.size(); ++i)
    if (table.fields[i].meta.required && !(seen & (1ull << i)))
      missing(obj.pos, table.fields[i].key, table.fields[i].meta);
}

void Reader::read(RuleSettings &v, const Meta &m) {
  if (m_event.type != YAML_MAPPING_START_EVENT) {
    non_mapping_value(v.pos, m, "映射", "a mapping");
    return;
  }
  v.pos = here();
  v.present = true;
  next();
  std::unordered_map<std::string, Pos> seen; // first position of each rule id
  while (!m_failed && m_event.type != YAML_MAPPING_END_EVENT) {
    RuleSettings::Entry e;
    e.rule.pos = here();
    if (m_event.type != YAML_SCALAR_EVENT) {
      emit("wrong-type", here(), "规则名必须是文本", "rule ids must be plain text");
      skip_value();
      skip_value();
      continue;
    }
    e.rule.value.assign(scalar());
    e.rule.present = true;
    next();
    if (auto [prev, fresh] = seen.emplace(e.rule.value, e.rule.pos); !fresh)
      emit("duplicate-key", e.rule.pos,
           fmt::format("键「{}」重复（第一次出现在第 {} 行）", e.rule.value, prev->second.line),
           fmt::format("duplicate key '{}' (first at line {})", e.rule.value, prev->second.line));
    std::size_t saved = m_path.size();
    push_key(e.rule.value);
    Meta vm{.required = true, .title = "规则设置"};
    read(e.value, vm);
    pop(saved);
    v.entries.push_back(std::move(e));
  }
  if (m_failed) return;
  next();
}

template <class V> void Reader::read(NamedMap<V> &v, const Meta &m) {
  if (m_event.type != YAML_MAPPING_START_EVENT) {
    non_mapping_value(v.pos, m, "映射", "a mapping");
    return;
  }
  if (!open_container(v.pos, v.present)) return;
  const Meta vm{.required = true, .enumeration = m.enumeration, .title = m.title};
  std::unordered_map<std::string, Pos> seen; // first position of each name
  while (!m_failed && m_event.type != YAML_MAPPING_END_EVENT) {
    if (m_event.type != YAML_SCALAR_EVENT) {
      skip_odd_key();
      continue;
    }
    typename NamedMap<V>::Entry e;
    e.key = Text{std::string(scalar()), here(), true};
    next();
    if (m_failed) break;
    if (e.key.value == "<<") {
      emit("yaml-alias", e.key.pos, "不支持合并键 <<：请把内容直接写出",
           "merge key << is not supported: write the content out");
      skip_value();
      continue;
    }
    std::size_t saved = m_path.size();
    push_key(e.key.value);
    if (auto [prev, fresh] = seen.emplace(e.key.value, e.key.pos); !fresh) {
      emit("duplicate-key", e.key.pos,
           fmt::format("键「{}」重复（第一次出现在第 {} 行）；以第一次为准", e.key.value, prev->second.line),
           fmt::format("duplicate key '{}' (first at line {}); the first one is used", e.key.value, prev->second.line));
      skip_value();
    } else {
      read(e.value, vm);
      v.entries.push_back(std::move(e));
    }
    pop(saved);
  }
  --m_depth;
  if (m_failed) return;
  next();
  if (v.entries.empty() && (m.required || m.nonempty))
    emit("empty-value", v.pos, fmt::format("{}（{}）不能为空", m.title, m_path),
         fmt::format("{} must not be empty", m_path));
}

bool Reader::enter_document() {
  next(); // STREAM_START
  if (m_failed) return false;
  next(); // DOCUMENT_START, or STREAM_END for an empty file
  if (m_failed || m_event.type == YAML_STREAM_END_EVENT) return false;
  next(); // the root node
  return !m_failed;
}

template <class T> bool Reader::read_root_mapping(T &doc) {
  if (!enter_document()) return false;
  if (m_event.type != YAML_MAPPING_START_EVENT) {
    if (is_null_scalar()) return false;
    wrong_type(Meta{}, "映射", "a mapping");
    return true;
  }
  read_object(doc, table_of<T>(), nullptr);
  return true;
}

bool Reader::read_baseline(BaselineDoc &doc) {
  return read_root_mapping(doc);
}
bool Reader::read_config(ConfigDoc &doc) {
  return read_root_mapping(doc);
}

Reader::Root Reader::read_document(Document &doc, std::vector<RootKey> &root_keys, Pos &root_pos) {
  if (!enter_document()) return Root::none;
  root_pos = here();
  if (m_event.type != YAML_MAPPING_START_EVENT) {
    if (is_null_scalar()) return Root::none;
    emit("unknown-kind", here(),
         fmt::format("文件的顶层应为映射（kind: catalog 或 kind: certificates），实际是{}", kind_zh(m_event.type)),
         fmt::format("the top level must be a mapping (kind: catalog or kind: certificates), found {}",
                     kind_en(m_event.type)));
    skip_value();
    return Root::not_mapping;
  }
  read_object(doc, table_of<Document>(), &root_keys);
  if (m_failed) return Root::mapping;
  next(); // past DOCUMENT_END
  if (!m_failed && m_event.type == YAML_DOCUMENT_START_EVENT)
    emit("yaml-syntax", here(), "一个文件只能有一个 YAML 文档；其余文档未检查",
         "a file holds one YAML document; the following documents were not checked");
  return Root::mapping;
}

ScalarTokens scalar_tokens(std::string_view text) {
  ScalarTokens out;
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(text.data()), text.size());
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  // per open collection: a mapping, and whether its next scalar is a key
  std::vector<std::pair<bool, bool>> open;
  for (;;) {
    yaml_event_t e;
    if (!yaml_parser_parse(&parser, &e)) {
      out.complete = false;
      break;
    }
    yaml_event_type_t type = e.type;
    bool key = false;
    if (type == YAML_SCALAR_EVENT || type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT ||
        type == YAML_ALIAS_EVENT) {
      if (!open.empty() && open.back().first) {
        key = open.back().second;
        open.back().second = !open.back().second;
      }
    }
    switch (type) {
    case YAML_SCALAR_EVENT: {
      ScalarToken t;
      t.begin =
          Pos{static_cast<std::uint32_t>(e.start_mark.line + 1), static_cast<std::uint32_t>(e.start_mark.column + 1)};
      t.end = Pos{static_cast<std::uint32_t>(e.end_mark.line + 1), static_cast<std::uint32_t>(e.end_mark.column + 1)};
      t.value.assign(reinterpret_cast<const char *>(e.data.scalar.value), e.data.scalar.length);
      t.style = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE           ? ScalarStyle::plain
                : e.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? ScalarStyle::single_quoted
                : e.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? ScalarStyle::double_quoted
                                                                         : ScalarStyle::block;
      t.key = key;
      out.shape += key ? 'k' : 's';
      out.tokens.push_back(std::move(t));
      break;
    }
    case YAML_SEQUENCE_START_EVENT:
      open.emplace_back(false, false);
      out.shape += '[';
      break;
    case YAML_MAPPING_START_EVENT:
      open.emplace_back(true, true);
      out.shape += '{';
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (!open.empty()) open.pop_back();
      out.shape += type == YAML_SEQUENCE_END_EVENT ? ']' : '}';
      break;
    case YAML_ALIAS_EVENT:
      out.shape += '*';
      break;
    default:
      break;
    }
    yaml_event_delete(&e);
    if (type == YAML_STREAM_END_EVENT) break;
  }
  yaml_parser_delete(&parser);
  return out;
}

} // namespace shitong::detail

namespace shitong::detail {
// read_object is defined here; the field tables (fields.cpp) reach it through read(U&).
template void Reader::read_object(Region &, const Table<Region> &, std::vector<RootKey> *);
template void Reader::read_object(Item &, const Table<Item> &, std::vector<RootKey> *);
template void Reader::read_object(LegalBasis &, const Table<LegalBasis> &, std::vector<RootKey> *);
template void Reader::read_object(Material &, const Table<Material> &, std::vector<RootKey> *);
template void Reader::read_object(Fee &, const Table<Fee> &, std::vector<RootKey> *);
template void Reader::read_object(TimeLimit &, const Table<TimeLimit> &, std::vector<RootKey> *);
template void Reader::read_object(Form &, const Table<Form> &, std::vector<RootKey> *);
template void Reader::read_object(RetainedProof &, const Table<RetainedProof> &, std::vector<RootKey> *);
template void Reader::read_object(CancelledProof &, const Table<CancelledProof> &, std::vector<RootKey> *);
template void Reader::read_object(BaselineItem &, const Table<BaselineItem> &, std::vector<RootKey> *);
template void Reader::read_object(BaselineDoc &, const Table<BaselineDoc> &, std::vector<RootKey> *);
template void Reader::read_object(IgnoreSpec &, const Table<IgnoreSpec> &, std::vector<RootKey> *);
template void Reader::read_object(LimitsSpec &, const Table<LimitsSpec> &, std::vector<RootKey> *);
template void Reader::read_object(ConfigDoc &, const Table<ConfigDoc> &, std::vector<RootKey> *);
template void Reader::read_object(ProfileSpec &, const Table<ProfileSpec> &, std::vector<RootKey> *);
template void Reader::read_object(BasicCodesSpec &, const Table<BasicCodesSpec> &, std::vector<RootKey> *);
template void Reader::read_object(BasicFormSpec &, const Table<BasicFormSpec> &, std::vector<RootKey> *);
template void Reader::read_object(TypeSlotSpec &, const Table<TypeSlotSpec> &, std::vector<RootKey> *);
template void Reader::read_object(ImplementationSpec &, const Table<ImplementationSpec> &, std::vector<RootKey> *);
template void Reader::read_object(SegmentSpec &, const Table<SegmentSpec> &, std::vector<RootKey> *);
template void Reader::read<Text>(NamedMap<Text> &, const Meta &);
template void Reader::read<ProfileSpec>(NamedMap<ProfileSpec> &, const Meta &);
template void Reader::read_object(OddProof &, const Table<OddProof> &, std::vector<RootKey> *);
} // namespace shitong::detail
