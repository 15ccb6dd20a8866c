#include <shitong/report.hpp>

#include "json_writer.hpp"
#include "sanitize.hpp"

#include <shitong/rules.hpp>

#include <fmt/format.h>

namespace shitong {

namespace {
std::string where(const Location &l) { // for a terminal: no control character of a path gets through
  if (l.line == 0) return detail::terminal_text(l.file);
  return fmt::format("{}:{}:{}", detail::terminal_text(l.file), l.line, l.column);
}
} // namespace

std::string source_text(const SourceRow &s, bool english) {
  if (english)
    return s.sheet.empty() ? fmt::format("source: {} row {}", s.file, s.row)
                           : fmt::format("source: {} sheet \"{}\" row {}", s.file, s.sheet, s.row);
  return s.sheet.empty() ? fmt::format("来源: {} 第 {} 行", s.file, s.row)
                         : fmt::format("来源: {} 工作表「{}」第 {} 行", s.file, s.sheet, s.row);
}

std::string summary_line(const Summary &s, bool english) {
  if (english)
    return fmt::format("checked {} file(s) ({} catalog(s), {} item(s)): {} error(s), {} warning(s), {} info", s.files,
                       s.catalogs, s.items, s.by_severity[2], s.by_severity[1], s.by_severity[0]);
  return fmt::format("检查了 {} 个文件（{} 个目录，{} 个事项）：{} 个错误，{} 个警告，{} 个提示", s.files, s.catalogs,
                     s.items, s.by_severity[2], s.by_severity[1], s.by_severity[0]);
}

std::string format_text(const ValidateResult &r, const TextOptions &o) {
  std::string out;
  for (const auto &f : r.findings) {
    const char *sev = severity_name(f.severity);
    const char *color = "";
    const char *reset = o.color ? "\033[0m" : "";
    if (o.color)
      color = f.severity == Severity::error     ? "\033[1;31m"
              : f.severity == Severity::warning ? "\033[1;35m"
                                                : "\033[1;36m";
    out += fmt::format("{}: {}{}{}: {} [{}]\n", where(f.location), color, sev, reset,
                       detail::terminal_text(f.message(o.english)), f.rule);
    for (const auto &rel : f.related)
      out += fmt::format("    {}: {}{}\n",
                         rel.reference ? (o.english ? "reference" : "参照") : (o.english ? "see" : "参见"), where(rel),
                         rel.label.empty() ? "" : fmt::format(" ({})", detail::terminal_text(rel.label)));
    if (f.source.row != 0) out += "    " + detail::terminal_text(source_text(f.source, o.english)) + "\n";
  }
  if (o.summary) out += summary_line(r.summary, o.english) + "\n";
  return out;
}

std::string format_json(const ValidateResult &r, bool english) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("tool").value("shitong");
  w.key("version").value(version_string());
  w.key("summary").begin_object();
  w.key("files").value(static_cast<long long>(r.summary.files));
  w.key("catalogs").value(static_cast<long long>(r.summary.catalogs));
  w.key("certificates").value(static_cast<long long>(r.summary.certificates));
  w.key("items").value(static_cast<long long>(r.summary.items));
  w.key("error").value(static_cast<long long>(r.summary.by_severity[2]));
  w.key("warning").value(static_cast<long long>(r.summary.by_severity[1]));
  w.key("info").value(static_cast<long long>(r.summary.by_severity[0]));
  w.end_object();
  w.key("findings").begin_array();
  for (const auto &f : r.findings) detail::write_finding(w, f, english);
  w.end_array();
  w.key("errors").begin_array();
  for (const auto &e : r.errors) w.value(e);
  w.end_array();
  w.end_object();
  return w.take() + "\n";
}

std::string format_rules_json() {
  detail::JsonWriter w;
  w.begin_array();
  for (const auto &r : rule_table()) {
    w.begin_object();
    w.key("id").value(r.id);
    w.key("severity").value(severity_name(r.severity));
    w.key("family").value(family_name(r.family));
    w.key("summary_zh").value(r.summary_zh);
    w.key("summary_en").value(r.summary_en);
    w.key("fixable").value(fixable_name(r.fixable));
    if (!r.fix_zh.empty()) w.key("fix_zh").value(r.fix_zh);
    w.key("docs").value(rule_doc_anchor(r.id));
    w.end_object();
  }
  w.end_array();
  return w.take() + "\n";
}

} // namespace shitong
