// Reading .xlsx workbooks: libzip opens the archive from memory, expat parses the parts as
// they are inflated (a part is never held whole). Hostile input stays bounded: every part's
// inflated size is counted while reading (declared sizes can lie) against a per-part and a
// total cap and a compression-ratio cap; a DOCTYPE (and with it every entity declaration) is
// refused; cell references beyond Excel's grid, too many cells, too long cells and too many
// shared strings stop the read with a message. Rows without a non-empty cell are not stored,
// so a sheet of 1,048,576 empty rows costs a parse and nothing else.
#include <shitong/import.hpp>

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

namespace shitong {

namespace {

std::string_view local_name(const XML_Char *name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char *attribute(const XML_Char **attrs, std::string_view name) {
  for (int i = 0; attrs[i] != nullptr; i += 2)
    if (local_name(attrs[i]) == name) return attrs[i + 1];
  return nullptr;
}

/// An error of the read, Chinese and English.
struct ReadError {
  std::string zh, en;
  bool set() const { return !zh.empty(); }
};

/// A part handler: expat callbacks plus the state they need.
struct Handler {
  virtual ~Handler() = default;
  virtual void start(std::string_view name, const XML_Char **attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view s) = 0;
  ReadError error;
  XML_Parser parser = nullptr;
  void stop(std::string zh, std::string en) {
    if (!error.set()) error = {std::move(zh), std::move(en)};
    XML_StopParser(parser, XML_FALSE);
  }
};

extern "C" {
static void on_start(void *data, const XML_Char *name, const XML_Char **attrs) {
  auto *h = static_cast<Handler *>(data);
  h->start(local_name(name), attrs);
}
static void on_end(void *data, const XML_Char *name) {
  static_cast<Handler *>(data)->end(local_name(name));
}
static void on_text(void *data, const XML_Char *s, int len) {
  static_cast<Handler *>(data)->text(std::string_view(s, static_cast<std::size_t>(len)));
}
static void on_doctype(void *data, const XML_Char *, const XML_Char *, const XML_Char *, int) {
  static_cast<Handler *>(data)->stop(
      "含有 DOCTYPE 声明（xlsx 部件中不允许，可能是实体扩展攻击）",
      "has a DOCTYPE declaration (not allowed in xlsx parts; possibly entity expansion)");
}
static void on_entity(void *data, const XML_Char *, int, const XML_Char *, int, const XML_Char *, const XML_Char *,
                      const XML_Char *, const XML_Char *) {
  static_cast<Handler *>(data)->stop("含有实体声明（xlsx 部件中不允许）",
                                     "declares an entity (not allowed in xlsx parts)");
}
}

class Archive {
public:
  Archive(std::string_view bytes, const ImportLimits &limits) : m_limits(limits) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src != nullptr) {
      m_zip = zip_open_from_source(src, ZIP_RDONLY, &err);
      if (m_zip == nullptr) zip_source_free(src);
    }
    if (m_zip == nullptr) m_open_error = zip_error_strerror(&err);
    zip_error_fini(&err);
  }
  ~Archive() {
    if (m_zip != nullptr) zip_discard(m_zip);
  }
  Archive(const Archive &) = delete;
  Archive &operator=(const Archive &) = delete;

  bool open() const { return m_zip != nullptr; }
  const std::string &open_error() const { return m_open_error; }
  bool has(const std::string &name) const { return m_zip != nullptr && zip_name_locate(m_zip, name.c_str(), 0) >= 0; }

  /// Inflates `name` into the handler's parser in chunks. Returns false with `error` set.
  bool parse(const std::string &name, Handler &h, ReadError &error) {
    zip_int64_t index = zip_name_locate(m_zip, name.c_str(), 0);
    if (index < 0) {
      error = {fmt::format("缺少部件 {}", name), fmt::format("the part {} is missing", name)};
      return false;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    std::uint64_t compressed = 0;
    if (zip_stat_index(m_zip, static_cast<zip_uint64_t>(index), 0, &st) == 0 && (st.valid & ZIP_STAT_COMP_SIZE))
      compressed = st.comp_size;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > m_limits.max_part_bytes) {
      error = too_big(name, st.size);
      return false;
    }
    zip_file_t *zf = zip_fopen_index(m_zip, static_cast<zip_uint64_t>(index), 0);
    if (zf == nullptr) {
      error = {fmt::format("无法解压部件 {}：{}", name, zip_strerror(m_zip)),
               fmt::format("cannot inflate the part {}: {}", name, zip_strerror(m_zip))};
      return false;
    }
    std::unique_ptr<zip_file_t, int (*)(zip_file_t *)> closer(zf, zip_fclose);
    XML_Parser p = XML_ParserCreate("UTF-8");
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> free_parser(p, XML_ParserFree);
    h.parser = p;
    XML_SetUserData(p, &h);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    std::uint64_t part = 0;
    std::vector<char> buf(1 << 16);
    for (;;) {
      zip_int64_t n = zip_fread(zf, buf.data(), buf.size());
      if (n < 0) {
        error = {fmt::format("部件 {} 解压失败（zip 数据损坏）", name),
                 fmt::format("the part {} does not inflate (corrupt zip data)", name)};
        return false;
      }
      part += static_cast<std::uint64_t>(n);
      m_total += static_cast<std::uint64_t>(n);
      if (part > m_limits.max_part_bytes || m_total > m_limits.max_total_bytes) {
        error = too_big(name, part);
        return false;
      }
      if (part > (1u << 20) && compressed > 0 && part / compressed > m_limits.max_ratio) {
        error = {fmt::format("部件 {} 的压缩比超过 {}:1（疑似 zip 炸弹），未读取", name, m_limits.max_ratio),
                 fmt::format("the part {} inflates more than {}:1 (a zip bomb?); not read", name, m_limits.max_ratio)};
        return false;
      }
      bool last = n == 0;
      if (XML_Parse(p, buf.data(), static_cast<int>(n), last ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR) {
        if (h.error.set()) {
          error = {fmt::format("部件 {} {}", name, h.error.zh), fmt::format("the part {} {}", name, h.error.en)};
        } else {
          auto line = XML_GetCurrentLineNumber(p);
          error = {
              fmt::format("部件 {} 不是有效的 XML（第 {} 行：{}）", name, line, XML_ErrorString(XML_GetErrorCode(p))),
              fmt::format("the part {} is not well-formed XML (line {}: {})", name, line,
                          XML_ErrorString(XML_GetErrorCode(p)))};
        }
        return false;
      }
      if (last) break;
    }
    return true;
  }

private:
  ReadError too_big(const std::string &name, std::uint64_t size) const {
    (void)size;
    return {fmt::format("部件 {} 解压后超过上限（单个部件 {} MiB，合计 {} MiB；疑似 zip 炸弹），未读取", name,
                        m_limits.max_part_bytes >> 20, m_limits.max_total_bytes >> 20),
            fmt::format("the part {} inflates beyond the limit ({} MiB a part, {} MiB in all; a zip bomb?); not read",
                        name, m_limits.max_part_bytes >> 20, m_limits.max_total_bytes >> 20)};
  }
  const ImportLimits &m_limits;
  zip_t *m_zip = nullptr;
  std::string m_open_error;
  std::uint64_t m_total = 0;
};

// ---- workbook.xml and its relationships ----

struct SheetRef {
  std::string name, rel_id, target;
};

struct WorkbookHandler : Handler {
  std::vector<SheetRef> sheets;
  void start(std::string_view name, const XML_Char **attrs) override {
    if (name != "sheet") return;
    const XML_Char *n = attribute(attrs, "name");
    const XML_Char *id = attribute(attrs, "id");
    if (sheets.size() > 4096) return stop("工作表过多", "has too many sheets");
    sheets.push_back({n ? n : "", id ? id : "", ""});
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

struct RelsHandler : Handler {
  std::map<std::string, std::string> targets;
  void start(std::string_view name, const XML_Char **attrs) override {
    if (name != "Relationship") return;
    const XML_Char *id = attribute(attrs, "Id");
    const XML_Char *target = attribute(attrs, "Target");
    if (id != nullptr && target != nullptr && targets.size() < 100000) targets[id] = target;
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

// ---- sharedStrings.xml ----

struct SharedStringsHandler : Handler {
  explicit SharedStringsHandler(const ImportLimits &l) : limits(l) {}
  const ImportLimits &limits;
  std::vector<std::string> strings;
  bool in_si = false, in_t = false;
  int in_phonetic = 0;
  void start(std::string_view name, const XML_Char **) override {
    if (name == "si") {
      if (strings.size() >= limits.max_shared_strings)
        return stop(fmt::format("的共享字符串超过 {} 条，未读取", limits.max_shared_strings),
                    fmt::format("has more than {} shared strings; not read", limits.max_shared_strings));
      in_si = true;
      strings.emplace_back();
    } else if (name == "rPh") {
      ++in_phonetic;
    } else if (name == "t" && in_si && in_phonetic == 0) {
      in_t = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "si")
      in_si = false;
    else if (name == "rPh")
      --in_phonetic;
    else if (name == "t")
      in_t = false;
  }
  void text(std::string_view s) override {
    if (!in_t) return;
    if (strings.back().size() + s.size() > limits.max_cell_bytes)
      return stop(fmt::format("中有超过 {} KiB 的字符串，未读取", limits.max_cell_bytes >> 10),
                  fmt::format("has a string over {} KiB; not read", limits.max_cell_bytes >> 10));
    strings.back() += s;
  }
};

// ---- worksheets ----

/// Parses "B12" into a 0-based column and a 1-based row; false when it is no cell reference.
bool parse_ref(const char *ref, std::uint64_t &col, std::uint64_t &row) {
  col = 0;
  row = 0;
  const char *p = ref;
  int letters = 0;
  while (*p >= 'A' && *p <= 'Z') {
    col = col * 26 + static_cast<std::uint64_t>(*p - 'A' + 1);
    ++p;
    if (++letters > 4) return false;
  }
  int digits = 0;
  while (*p >= '0' && *p <= '9') {
    row = row * 10 + static_cast<std::uint64_t>(*p - '0');
    ++p;
    if (++digits > 8) return false;
  }
  if (*p != 0 || letters == 0 || digits == 0) return false;
  col -= 1;
  return true;
}

std::string number_text(const std::string &v) {
  char *end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != 0 || !std::isfinite(d)) return v;
  if (d == std::floor(d) && std::fabs(d) < 1e15) return fmt::format("{}", static_cast<long long>(d));
  return fmt::format("{}", d);
}

struct SheetHandler : Handler {
  SheetHandler(const ImportLimits &l, const std::vector<std::string> &s, Sheet &out, std::uint64_t &cells)
      : limits(l), shared(s), sheet(out), cell_count(cells) {}
  const ImportLimits &limits;
  const std::vector<std::string> &shared;
  Sheet &sheet;
  std::uint64_t &cell_count;
  SheetRow row;
  /// Merged ranges that span rows: (column, first row, last row) of their left column.
  struct Merge {
    std::uint64_t col, first, last;
  };
  std::vector<Merge> merges;
  std::uint64_t next_row = 1, next_col = 0, col = 0;
  std::string type, value;
  bool in_v = false, in_t = false, in_is = false, in_cell = false, has_formula = false;
  int in_phonetic = 0;

  void flush_row() {
    if (!row.cells.empty()) sheet.rows.push_back(std::move(row));
    row = SheetRow{};
  }
  void start(std::string_view name, const XML_Char **attrs) override {
    if (name == "row") {
      flush_row();
      std::uint64_t r = next_row;
      if (const XML_Char *ref = attribute(attrs, "r")) r = std::strtoull(ref, nullptr, 10);
      if (r == 0 || r > limits.max_rows)
        return stop(fmt::format("的行号 {} 超出 Excel 的范围（1–{}）", r, limits.max_rows),
                    fmt::format("has row number {} outside Excel's grid (1-{})", r, limits.max_rows));
      row.row = static_cast<std::uint32_t>(r);
      next_row = r + 1;
      next_col = 0;
    } else if (name == "c") {
      in_cell = true;
      col = next_col;
      if (const XML_Char *ref = attribute(attrs, "r")) {
        std::uint64_t c = 0, r = 0;
        if (!parse_ref(ref, c, r) || c >= limits.max_columns || r > limits.max_rows)
          return stop(fmt::format("的单元格引用 {} 超出 Excel 的范围", ref),
                      fmt::format("has the cell reference {} outside Excel's grid", ref));
        col = c;
      }
      next_col = col + 1;
      if (next_col > limits.max_columns) return stop("的列数超出 Excel 的范围", "has more columns than Excel's grid");
      const XML_Char *t = attribute(attrs, "t");
      type = t ? t : "n";
      value.clear();
      has_formula = false;
    } else if (name == "v" && in_cell) {
      in_v = true;
    } else if (name == "is" && in_cell) {
      in_is = true;
    } else if (name == "rPh") {
      ++in_phonetic;
    } else if (name == "t" && in_is && in_phonetic == 0) {
      in_t = true;
    } else if (name == "f" && in_cell) {
      has_formula = true;
    } else if (name == "mergeCell") {
      merge(attribute(attrs, "ref"));
    }
  }
  /// `<mergeCell ref="A3:B5"/>`: kept when it spans rows (a title merged across columns is not).
  void merge(const XML_Char *ref) {
    if (ref == nullptr) return;
    std::string_view r = ref;
    std::size_t colon = r.find(':');
    if (colon == std::string_view::npos || colon > 12 || r.size() - colon > 13) return;
    std::string from(r.substr(0, colon)), to(r.substr(colon + 1));
    std::uint64_t c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    if (!parse_ref(from.c_str(), c1, r1) || !parse_ref(to.c_str(), c2, r2) || r2 <= r1 || c2 < c1) return;
    if (merges.size() >= limits.max_merges)
      return stop(fmt::format("的合并单元格超过 {} 处，未读取", limits.max_merges),
                  fmt::format("has more than {} merged ranges; not read", limits.max_merges));
    merges.push_back({c1, r1, std::min<std::uint64_t>(r2, limits.max_rows)});
  }
  void end(std::string_view name) override {
    if (name == "v")
      in_v = false;
    else if (name == "t")
      in_t = false;
    else if (name == "is")
      in_is = false;
    else if (name == "rPh")
      --in_phonetic;
    else if (name == "row")
      flush_row();
    else if (name == "c")
      finish_cell();
  }
  void text(std::string_view s) override {
    if (!in_v && !in_t) return;
    if (value.size() + s.size() > limits.max_cell_bytes)
      return stop(fmt::format("中有超过 {} KiB 的单元格，未读取", limits.max_cell_bytes >> 10),
                  fmt::format("has a cell over {} KiB; not read", limits.max_cell_bytes >> 10));
    value += s;
  }
  void finish_cell() {
    in_cell = false;
    Cell cell;
    cell.formula = has_formula;
    if (type == "s") {
      char *end = nullptr;
      unsigned long long i = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || *end != 0 || i >= shared.size())
        return stop(fmt::format("的共享字符串索引 {} 不存在", value),
                    fmt::format("refers to the shared string {}, which does not exist", value));
      cell.text = shared[i];
    } else if (type == "inlineStr" || type == "str" || type == "d") {
      cell.text = value;
    } else if (type == "b") {
      cell.text = value == "1" ? "是" : "否";
    } else if (type == "e") {
      cell.text = value; // #N/A, #REF!, …: reported by the layout as a value not understood
      cell.formula = true;
    } else if (!value.empty()) {
      cell.text = number_text(value);
      cell.number = true;
    }
    if (cell.text.empty()) return;
    if (++cell_count > limits.max_cells)
      return stop(fmt::format("的非空单元格超过 {} 个，未读取", limits.max_cells),
                  fmt::format("has more than {} non-empty cells; not read", limits.max_cells));
    if (row.row == 0) row.row = static_cast<std::uint32_t>(next_row - 1 == 0 ? 1 : next_row - 1);
    if (row.cells.size() <= col) row.cells.resize(col + 1);
    row.cells[col] = std::move(cell);
  }
};

/// Vertically merged cells (主项名称 merged over its 子项 rows): Excel keeps the value in the first
/// row only; each later row of the range that has other cells gets it in the range's left column.
/// Rows that hold nothing else are not made up. Returns the number of cells filled, -1 past the
/// cell limit.
long long fill_merges(Sheet &sheet, const std::vector<SheetHandler::Merge> &merges, std::uint64_t &cells,
                      const ImportLimits &limits) {
  if (merges.empty()) return 0;
  auto by_row = [](const SheetRow &a, const SheetRow &b) { return a.row < b.row; };
  if (!std::is_sorted(sheet.rows.begin(), sheet.rows.end(), by_row))
    std::stable_sort(sheet.rows.begin(), sheet.rows.end(), by_row);
  long long filled = 0;
  std::uint64_t visited = 0; // rows looked at: overlapping hostile ranges cost no more than the cell limit
  for (const auto &m : merges) {
    SheetRow probe;
    probe.row = static_cast<std::uint32_t>(m.first);
    auto top = std::lower_bound(sheet.rows.begin(), sheet.rows.end(), probe, by_row);
    if (top == sheet.rows.end() || top->row != m.first || top->cells.size() <= m.col || top->cells[m.col].text.empty())
      continue;
    Cell value = top->cells[m.col];
    for (auto it = top + 1; it != sheet.rows.end() && it->row <= m.last; ++it) {
      if (++visited > limits.max_cells) return -1;
      if (it->cells.size() > m.col && !it->cells[m.col].text.empty()) continue; // never over a value
      if (++cells > limits.max_cells) return -1;
      if (it->cells.size() <= m.col) it->cells.resize(m.col + 1);
      it->cells[m.col] = value;
      ++filled;
    }
  }
  return filled;
}

/// A relationship target made into an archive name: "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml".
std::string part_name(const std::string &target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  return "xl/" + target;
}

} // namespace

Workbook read_xlsx(std::string_view bytes, const std::string &file, const ImportLimits &limits) {
  Workbook book;
  book.file = file;
  auto fail = [&](const std::string &zh, const std::string &en) { return book.refuse(zh, en); };
  Archive zip(bytes, limits);
  if (!zip.open())
    return fail(fmt::format("不是有效的 xlsx 文件（无法作为 zip 打开：{}）；请在 Excel/WPS 中另存为 .xlsx 或 CSV",
                            zip.open_error()),
                fmt::format("is not a valid xlsx file (cannot open it as a zip: {}); save it again as .xlsx or CSV",
                            zip.open_error()));
  if (!zip.has("xl/workbook.xml"))
    return fail("不是 xlsx 工作簿（缺少 xl/workbook.xml）", "is not an xlsx workbook (no xl/workbook.xml)");
  ReadError err;
  WorkbookHandler wb;
  if (!zip.parse("xl/workbook.xml", wb, err)) return fail(err.zh, err.en);
  RelsHandler rels;
  if (zip.has("xl/_rels/workbook.xml.rels") && !zip.parse("xl/_rels/workbook.xml.rels", rels, err))
    return fail(err.zh, err.en);
  SharedStringsHandler ss(limits);
  if (zip.has("xl/sharedStrings.xml") && !zip.parse("xl/sharedStrings.xml", ss, err)) return fail(err.zh, err.en);
  std::uint64_t cells = 0;
  for (std::size_t i = 0; i < wb.sheets.size(); ++i) {
    auto &ref = wb.sheets[i];
    auto it = rels.targets.find(ref.rel_id);
    std::string name =
        it != rels.targets.end() ? part_name(it->second) : fmt::format("xl/worksheets/sheet{}.xml", i + 1);
    if (!zip.has(name)) continue; // a chart sheet or a dangling relationship: nothing to import
    Sheet sheet;
    sheet.name = ref.name;
    SheetHandler h(limits, ss.strings, sheet, cells);
    if (!zip.parse(name, h, err))
      return fail(fmt::format("工作表「{}」：{}", ref.name, err.zh), fmt::format("sheet \"{}\": {}", ref.name, err.en));
    h.flush_row();
    if (auto filled = fill_merges(sheet, h.merges, cells, limits); filled < 0) {
      return fail(
          fmt::format("工作表「{}」：合并单元格展开时超过 {} 个单元格，未读取", ref.name, limits.max_cells),
          fmt::format("sheet \"{}\": filling merged ranges goes past {} cells; not read", ref.name, limits.max_cells));
    } else if (filled > 0) {
      book.notes_zh.push_back(
          fmt::format("{} 工作表「{}」：{} 个纵向合并的单元格已按合并区域首行的值向下填充", file, ref.name, filled));
      book.notes_en.push_back(fmt::format("{} sheet \"{}\": {} cell(s) of vertically merged ranges filled with the "
                                          "value of the range's first row",
                                          file, ref.name, filled));
    }
    book.sheets.push_back(std::move(sheet));
  }
  if (book.sheets.empty()) return fail("工作簿中没有工作表", "the workbook has no worksheet");
  return book;
}

} // namespace shitong
