#include "json_writer.hpp"

#include "sanitize.hpp"
#include "util.hpp"

#include <fmt/format.h>

namespace shitong::detail {

void append_json_string(std::string &out, std::string_view s) {
  out += '"';
  // invalid UTF-8 becomes U+FFFD; U+2028/U+2029 (line ends to JavaScript) are escaped
  for_each_code_point(s, [&](char32_t cp, bool) {
    switch (cp) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
      else if (cp < 0x80)
        out += static_cast<char>(cp);
      else
        append_utf8(out, cp);
    }
  });
  out += '"';
}

void JsonWriter::newline() {
  if (!m_pretty) return;
  m_out += '\n';
  m_out.append(m_stack.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (!m_stack.empty()) {
    if (!m_stack.back().empty) m_out += ',';
    m_stack.back().empty = false;
    newline();
  }
}

JsonWriter &JsonWriter::begin_object() {
  before_value();
  m_out += '{';
  m_stack.push_back({false, true});
  return *this;
}
JsonWriter &JsonWriter::end_object() {
  bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out += '}';
  return *this;
}
JsonWriter &JsonWriter::begin_array() {
  before_value();
  m_out += '[';
  m_stack.push_back({true, true});
  return *this;
}
JsonWriter &JsonWriter::end_array() {
  bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out += ']';
  return *this;
}
JsonWriter &JsonWriter::key(std::string_view k) {
  before_value();
  append_json_string(m_out, k);
  m_out += m_pretty ? ": " : ":";
  m_after_key = true;
  return *this;
}
JsonWriter &JsonWriter::value(std::string_view v) {
  before_value();
  append_json_string(m_out, v);
  return *this;
}
JsonWriter &JsonWriter::value(long long v) {
  before_value();
  m_out += fmt::format("{}", v);
  return *this;
}
JsonWriter &JsonWriter::value(double v) {
  before_value();
  m_out += fmt::format("{}", v);
  return *this;
}
JsonWriter &JsonWriter::value(bool v) {
  before_value();
  m_out += v ? "true" : "false";
  return *this;
}
JsonWriter &JsonWriter::null() {
  before_value();
  m_out += "null";
  return *this;
}
JsonWriter &JsonWriter::raw(std::string_view json) {
  before_value();
  m_out += json;
  return *this;
}

void write_finding(JsonWriter &w, const Finding &f, bool english) {
  w.begin_object();
  w.key("rule").value(f.rule);
  w.key("severity").value(severity_name(f.severity));
  w.key("file").value(f.location.file);
  w.key("line").value(f.location.line);
  w.key("column").value(f.location.column);
  w.key("region").value(f.region);
  w.key("item").value(f.item);
  w.key("path").value(f.path);
  w.key("message").value(f.message(english));
  w.key("related").begin_array();
  for (const auto &rel : f.related) {
    w.begin_object();
    w.key("file").value(rel.file);
    w.key("line").value(rel.line);
    w.key("column").value(rel.column);
    if (!rel.label.empty()) w.key("label").value(rel.label);
    w.end_object();
  }
  w.end_array();
  if (f.source.row != 0) { // an imported item: the spreadsheet row it came from
    w.key("source").begin_object();
    w.key("file").value(f.source.file);
    if (!f.source.sheet.empty()) w.key("sheet").value(f.source.sheet);
    w.key("row").value(f.source.row);
    w.end_object();
  }
  w.end_object();
}

} // namespace shitong::detail
