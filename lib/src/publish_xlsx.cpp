// A published list as an .xlsx workbook (libxlsxwriter). Sheet 1 is the list: a title row, a
// line with the total, share and date, a frozen and print-repeated header row with an
// autofilter, then one row per item in the flat layout that the CSV uses too. Sheet 2 counts
// the items per 实施主体. Every text goes through worksheet_write_string, so a value such as
// =HYPERLINK(...) is stored as a string, never as a formula. libxlsxwriter 1.1 writes only to a
// file: the workbook is built in a private temporary directory and its bytes are returned.
#include <shitong/publish.hpp>

#include "publish_internal.hpp"
#include "sanitize.hpp"

#include <fmt/format.h>

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace shitong {

namespace {

/// A private temporary directory, removed with everything in it.

/// The latest `published` date of the sources as a time_t (UTC midnight), or 0 for "now".
/// Used as the workbook's creation time, so the same list gives the same bytes.
std::time_t created_time(const PublishedList &l) {
  std::string latest;
  for (const auto &s : l.sources) latest = std::max(latest, s.published);
  int y = 0, m = 0, d = 0;
  if (latest.size() != 10 || std::sscanf(latest.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  return ::timegm(&tm);
}

/// Header/footer text: & is the escape character there.
std::string header_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '&') out += '&';
  }
  return out;
}

/// A column as wide as its longest cell (CJK characters count 2), at most `widest`: longer
/// text wraps (Excel and LibreOffice fit the row height when the file is opened).
double fit_width(double widest, std::size_t longest) {
  return std::clamp(static_cast<double>(longest) + 2.0, 6.0, widest);
}

/// Writes one cell: numbers as numbers (序号, 到现场次数), everything else as a string.
lxw_error write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const std::string &v, bool numeric,
                     lxw_format *fmt_text, lxw_format *fmt_num) {
  if (numeric && !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
      v.size() < 15)
    return worksheet_write_number(ws, r, c, static_cast<double>(std::stoll(v)), fmt_num);
  return worksheet_write_string(ws, r, c, detail::valid_utf8(v).c_str(), fmt_text); // else corrupt XML
}

/// The cell formats of a list workbook.
struct Formats {
  lxw_format *title, *meta, *head, *text, *num;
};

Formats add_formats(lxw_workbook *wb, bool validated) {
  Formats f{};
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 16);
  format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
  if (!validated) format_set_font_color(f.title, 0xB42318);
  f.meta = workbook_add_format(wb);
  format_set_font_color(f.meta, 0x59636E);
  format_set_text_wrap(f.meta);
  format_set_align(f.meta, LXW_ALIGN_VERTICAL_TOP);
  f.head = workbook_add_format(wb);
  format_set_bold(f.head);
  format_set_bg_color(f.head, 0xEAF2FB);
  format_set_border(f.head, LXW_BORDER_THIN);
  format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
  f.text = workbook_add_format(wb);
  format_set_text_wrap(f.text);
  format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(f.text, LXW_BORDER_THIN);
  f.num = workbook_add_format(wb);
  format_set_align(f.num, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(f.num, LXW_BORDER_THIN);
  return f;
}

/// Sheet 1: the title, the note (stamped when not validated), the header and one row per entry,
/// ready to print on A4.
lxw_error add_list_sheet(lxw_workbook *wb, const PublishedList &l, bool en, const Formats &f,
                         const std::string &stamped_title) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, en ? "List" : "清单");
  auto cols = detail::flat_columns(l);
  auto last_col = static_cast<lxw_col_t>(cols.size() - 1);
  std::vector<std::vector<std::string>> rows;
  for (const auto &g : l.groups)
    for (const auto &e : g.entries) rows.push_back(detail::flat_row(l, e, en));
  std::vector<std::size_t> longest(cols.size(), 0);
  for (std::size_t c = 0; c < cols.size(); ++c) longest[c] = detail::display_width(en ? cols[c].en : cols[c].zh);
  for (const auto &row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) longest[c] = std::max(longest[c], detail::display_width(row[c]));
  std::vector<double> widths;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    widths.push_back(fit_width(cols[c].width, longest[c]));
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths.back(), nullptr);
  }

  worksheet_set_row(ws, 0, 30, nullptr);
  worksheet_merge_range(ws, 0, 0, 0, last_col, stamped_title.c_str(), f.title);
  std::string meta = l.total_line(en);
  std::string date_line;
  for (const auto &s : l.sources)
    date_line += (date_line.empty() ? ""
                  : en              ? "; "
                                    : "；") +
                 fmt::format("{} {} {}", s.region_code, s.region_name,
                             s.published.empty() ? (en ? "(no date)" : "（未注明发布日期）")
                                                 : (en ? "published " : "发布日期 ") + s.published);
  meta += (en ? ". " : "。") + date_line;
  meta += (en ? ". On this list: " : "。入选条件：") +
          std::string(en ? list_info(l.kind).criterion_en : list_info(l.kind).criterion_zh);
  if (!l.validated()) meta = detail::unvalidated_note(l.sources, en) + "\n" + meta;
  worksheet_set_row(ws, 1, l.validated() ? 36 : 66, nullptr);
  worksheet_merge_range(ws, 1, 0, 1, last_col, meta.c_str(), f.meta);
  const lxw_row_t head_row = 2;
  for (std::size_t c = 0; c < cols.size(); ++c)
    worksheet_write_string(ws, head_row, static_cast<lxw_col_t>(c), en ? cols[c].en : cols[c].zh, f.head);
  lxw_error err = LXW_NO_ERROR;
  for (std::size_t r = 0; r < rows.size() && err == LXW_NO_ERROR; ++r) {
    auto row = static_cast<lxw_row_t>(head_row + 1 + r);
    // not every reader fits row heights to wrapped text when it opens a file: set them from an
    // estimate (a CJK character is about 1.6 widths of "0" in the default font)
    double lines = 1;
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      lines = std::max(lines, std::ceil(0.8 * static_cast<double>(detail::display_width(rows[r][c])) /
                                        std::max(widths[c] - 1.0, 1.0)));
    if (lines > 1) worksheet_set_row(ws, row, 16.0 * std::min(lines, 20.0), nullptr);
    for (std::size_t c = 0; c < rows[r].size() && err == LXW_NO_ERROR; ++c)
      err = write_cell(ws, row, static_cast<lxw_col_t>(c), rows[r][c], cols[c].numeric, f.text, f.num);
  }
  worksheet_freeze_panes(ws, head_row + 1, 0);
  worksheet_autofilter(ws, head_row, 0, static_cast<lxw_row_t>(head_row + std::max<std::size_t>(rows.size(), 1)),
                       last_col);
  worksheet_repeat_rows(ws, head_row, head_row);
  worksheet_set_paper(ws, 9); // A4
  worksheet_set_landscape(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  std::string header = "&C" + header_escape(stamped_title);
  worksheet_set_header(ws, header.c_str());
  worksheet_set_footer(ws, en ? "&CPage &P of &N" : "&C第 &P 页，共 &N 页");
  return err;
}

/// Sheet 2: the items per 实施主体, and the total.
void add_counts_sheet(lxw_workbook *wb, const PublishedList &l, bool en, const Formats &f) {
  lxw_worksheet *counts = workbook_add_worksheet(wb, en ? "By agency" : "按实施主体");
  worksheet_set_column(counts, 0, 0, 44, nullptr);
  worksheet_set_column(counts, 1, 1, 12, nullptr);
  worksheet_write_string(counts, 0, 0, en ? "agency" : "实施主体", f.head);
  worksheet_write_string(counts, 0, 1, en ? "items" : "事项数", f.head);
  lxw_row_t r = 1;
  for (const auto &g : l.groups) {
    std::string name = g.agency.empty() ? (en ? "(agency not given)" : "（未填写实施主体）") : g.agency;
    worksheet_write_string(counts, r, 0, detail::valid_utf8(name).c_str(), f.text);
    worksheet_write_number(counts, r, 1, static_cast<double>(g.entries.size()), f.num);
    ++r;
  }
  worksheet_write_string(counts, r, 0, en ? "total" : "合计", f.head);
  worksheet_write_number(counts, r, 1, static_cast<double>(l.count), f.head);
  worksheet_freeze_panes(counts, 1, 0);
}

} // namespace

std::string list_xlsx(const PublishedList &l, bool en, std::string &error) {
  detail::TempDir dir("shitong-xlsx-XXXXXX");
  if (dir.path.empty()) {
    error = fmt::format("cannot create a temporary directory for the xlsx workbook in {}",
                        std::filesystem::temp_directory_path().string());
    return {};
  }
  std::string file = dir.path + "/list.xlsx";
  lxw_workbook_options options{};
  options.tmpdir = dir.path.data();
  lxw_workbook *wb = workbook_new_opt(file.c_str(), &options);
  if (wb == nullptr) {
    error = fmt::format("cannot create the xlsx workbook {}", file);
    return {};
  }
  std::string title = l.title(en);
  std::string stamped_title = l.validated() ? title : "【未经校验 / NOT VALIDATED】" + title;
  lxw_doc_properties props{};
  props.title = stamped_title.data();
  std::string generator = "shitong";
  props.author = generator.data();
  props.created = created_time(l);
  workbook_set_properties(wb, &props);

  const Formats f = add_formats(wb, l.validated());

  lxw_error err = add_list_sheet(wb, l, en, f, stamped_title);
  add_counts_sheet(wb, l, en, f);

  lxw_error closed = workbook_close(wb);
  if (err != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    error = fmt::format("cannot write the xlsx workbook: {}", lxw_strerror(err != LXW_NO_ERROR ? err : closed));
    return {};
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  std::string bytes(ec ? 0 : size, '\0');
  std::ifstream in(file, std::ios::binary);
  if (ec || !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    error = fmt::format("cannot read back the xlsx workbook {}", file);
    return {};
  }
  return bytes;
}

} // namespace shitong
