// The import report: what was read, what was written, and every row and cell that did not
// make it, each with its file, sheet and row -- as text (Chinese first) or JSON.
#include <shitong/import.hpp>

#include "json_writer.hpp"
#include "sanitize.hpp"

#include <fmt/format.h>

namespace shitong {

namespace {

std::string where(const ItemSource &s, bool en) {
  if (en) {
    std::string sheet = s.sheet.empty() ? "" : fmt::format(" sheet \"{}\"", s.sheet);
    return s.row == 0 ? s.file + sheet : fmt::format("{}{} row {}", s.file, sheet, s.row);
  }
  std::string sheet = s.sheet.empty() ? "" : fmt::format(" 工作表「{}」", s.sheet);
  if (s.row == 0) return s.file + sheet;
  return fmt::format("{}{}{}第 {} 行", s.file, sheet, s.sheet.empty() ? " " : "", s.row);
}

void text_section(std::string &o, const std::vector<ImportNote> &notes, std::string_view zh, std::string_view en,
                  bool english) {
  if (notes.empty()) return;
  o += english ? fmt::format("{} ({}):\n", en, notes.size()) : fmt::format("{}（{}）：\n", zh, notes.size());
  for (const auto &n : notes)
    o += fmt::format("  {}{}{}\n", where(n.where, english), english ? ": " : "：",
                     english ? n.message_en : n.message_zh);
}

void json_section(detail::JsonWriter &w, std::string_view key, const std::vector<ImportNote> &notes, bool english) {
  w.key(key).begin_array();
  for (const auto &n : notes) {
    w.begin_object();
    w.key("file").value(n.where.file);
    w.key("sheet").value(n.where.sheet);
    w.key("row").value(n.where.row);
    w.key("column").value(n.column);
    w.key("message").value(english ? n.message_en : n.message_zh);
    w.end_object();
  }
  w.end_array();
}

/// "3 行", "4 个对象" (JSON), "3 行、4 个对象" (both kinds of input).
std::string read_count(const ImportResult &r, bool en) {
  std::string rows = en ? fmt::format("{} row(s)", r.rows_read) : fmt::format("{} 行", r.rows_read);
  std::string objects = en ? fmt::format("{} object(s)", r.objects_read) : fmt::format("{} 个对象", r.objects_read);
  if (r.objects_read == 0) return rows;
  if (r.rows_read == 0) return objects;
  return en ? rows + " and " + objects : rows + "、" + objects;
}

} // namespace

std::string format_import_report(const ImportResult &r, const std::vector<std::string> &written, bool en, bool json) {
  std::size_t items = 0;
  for (const auto &c : r.catalogs) items += c.catalog.items.size();
  if (json) {
    detail::JsonWriter w;
    w.begin_object();
    w.key("rows_read").value(static_cast<long long>(r.rows_read));
    w.key("objects_read").value(static_cast<long long>(r.objects_read));
    w.key("items").value(static_cast<long long>(items));
    w.key("catalogs").begin_array();
    for (std::size_t i = 0; i < r.catalogs.size(); ++i) {
      const auto &c = r.catalogs[i].catalog;
      w.begin_object();
      w.key("region").value(c.region.code.value);
      w.key("name").value(c.region.name.value);
      w.key("items").value(static_cast<long long>(c.items.size()));
      w.key("file");
      if (i < written.size())
        w.value(written[i]);
      else
        w.null();
      w.end_object();
    }
    w.end_array();
    json_section(w, "skipped", r.skipped, en);
    json_section(w, "not_understood", r.not_understood, en);
    json_section(w, "restored", r.restored, en);
    json_section(w, "unmapped", r.unmapped, en);
    w.key("notes").begin_array();
    for (const auto &n : en ? r.notes_en : r.notes_zh) w.value(n);
    w.end_array();
    w.key("errors").begin_array();
    for (const auto &e : en ? r.errors_en : r.errors_zh) w.value(e);
    w.end_array();
    w.key("exit_code").value(r.exit_code());
    w.end_object();
    return w.take() + "\n";
  }
  std::string o;
  for (const auto &n : en ? r.notes_en : r.notes_zh) o += fmt::format("shitong import: {}\n", n);
  for (const auto &e : en ? r.errors_en : r.errors_zh) o += fmt::format("shitong: error: {}\n", e);
  o += en ? fmt::format("shitong import: {} read, {} item(s) written in {} catalog(s)\n", read_count(r, en), items,
                        r.catalogs.size())
          : fmt::format("shitong import: 读取 {}，写出 {} 个事项，{} 个目录\n", read_count(r, en), items,
                        r.catalogs.size());
  for (std::size_t i = 0; i < r.catalogs.size(); ++i) {
    const auto &c = r.catalogs[i].catalog;
    std::string target = i < written.size() ? written[i] : std::string();
    o += en ? fmt::format("  {} {}: {} item(s){}\n", c.region.code.value, c.region.name.value, c.items.size(),
                          target.empty() ? "" : " -> " + target)
            : fmt::format("  {} {}：{} 个事项{}\n", c.region.code.value, c.region.name.value, c.items.size(),
                          target.empty() ? "" : " → " + target);
  }
  text_section(o, r.skipped, "跳过的行", "rows skipped", en);
  text_section(o, r.not_understood, "无法识别的值", "values not understood", en);
  text_section(o, r.restored, "按文本恢复的编码", "codes restored as text", en);
  text_section(o, r.unmapped, "未映射的列", "columns not mapped", en);
  return detail::terminal_lines(o); // no control character of a value reaches a terminal
}

} // namespace shitong
