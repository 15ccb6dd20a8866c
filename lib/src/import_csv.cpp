// Reading CSV as Excel and WPS save it: the encoding is detected (a BOM, else a strict UTF-8
// check, else GB18030, a superset of GBK and GB2312) and converted with ICU; the separator is
// whichever of `,`, `;` and tab splits the first lines into the most cells; quoted cells may
// hold separators, doubled quotes and newlines. A record is one spreadsheet row, so row
// numbers match what Excel shows. Also read_table_file, which picks the reader by content.
#include <shitong/import.hpp>

#include "import_internal.hpp"
#include "util.hpp"

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>

namespace shitong {

namespace {

/// Converts `in` from `charset` to UTF-8 in one pass (ucnv_convertEx, ICU's own pivot
/// buffer); false (with `error`) on bytes that are not in it.
bool to_utf8(std::string_view in, const char *charset, std::string &out, std::string &error) {
  using Converter = std::unique_ptr<UConverter, void (*)(UConverter *)>;
  UErrorCode status = U_ZERO_ERROR;
  Converter source(ucnv_open(charset, &status), ucnv_close);
  Converter target(ucnv_open("UTF-8", &status), ucnv_close);
  if (U_FAILURE(status)) {
    error = u_errorName(status);
    return false;
  }
  ucnv_setToUCallBack(source.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  // GB18030 and UTF-16 grow by at most half in UTF-8 (2 bytes become 3)
  out.resize(in.size() + in.size() / 2 + 16);
  const char *from = in.data();
  char *to = out.data();
  ucnv_convertEx(target.get(), source.get(), &to, out.data() + out.size(), &from, in.data() + in.size(), nullptr,
                 nullptr, nullptr, nullptr, true, true, &status);
  if (U_FAILURE(status)) {
    error = u_errorName(status);
    return false;
  }
  out.resize(static_cast<std::size_t>(to - out.data()));
  return true;
}

/// The separator that splits the first lines into the most cells (`,` wins ties).
char detect_separator(std::string_view text) {
  const std::array<char, 3> candidates = {',', '\t', ';'};
  std::size_t best = 0;
  char sep = ',';
  for (char c : candidates) {
    std::size_t widest = 0, count = 0, lines = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size() && lines < 30; ++i) {
      char ch = text[i];
      if (ch == '"')
        quoted = !quoted;
      else if (!quoted && ch == c)
        ++count;
      else if (!quoted && ch == '\n') {
        widest = std::max(widest, count);
        count = 0;
        ++lines;
      }
    }
    widest = std::max(widest, count);
    if (widest > best) {
      best = widest;
      sep = c;
    }
  }
  return sep;
}

/// Excel shows a cell that starts with ' followed by = + - @ as text; export writes such a
/// guard, import takes it off again.
void unguard(std::string &cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      (cell[1] == '=' || cell[1] == '+' || cell[1] == '-' || cell[1] == '@' || cell[1] == '\t' || cell[1] == '\r'))
    cell.erase(0, 1);
}

} // namespace

bool detail::decode_text(std::string_view bytes, std::string &text, std::string &encoding_out, std::string &zh,
                         std::string &en) {
  auto refuse = [&](std::string z, std::string e) {
    zh = std::move(z);
    en = std::move(e);
    return false;
  };
  std::string error;
  const char *encoding = "UTF-8";
  if (bytes.size() >= 2 &&
      (static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE)) {
    encoding = "UTF-16LE";
    if (!to_utf8(bytes.substr(2), encoding, text, error))
      return refuse(fmt::format("不是有效的 UTF-16LE 文本（{}）", error),
                    fmt::format("is not valid UTF-16LE ({})", error));
  } else if (bytes.size() >= 2 &&
             (static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF)) {
    encoding = "UTF-16BE";
    if (!to_utf8(bytes.substr(2), encoding, text, error))
      return refuse(fmt::format("不是有效的 UTF-16BE 文本（{}）", error),
                    fmt::format("is not valid UTF-16BE ({})", error));
  } else {
    if (bytes.find('\0') != std::string_view::npos)
      return refuse("不是文本文件（含有 NUL 字节）；表格请另存为 .xlsx 或 CSV",
                    "is not a text file (it has NUL bytes); save the sheet as .xlsx or CSV");
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
      encoding = "UTF-8 (BOM)";
      bytes.remove_prefix(3);
    }
    if (detail::find_invalid_utf8(bytes) == std::string_view::npos) {
      text.assign(bytes);
    } else {
      encoding = "GB18030";
      if (!to_utf8(bytes, "GB18030", text, error))
        return refuse("既不是 UTF-8 也不是 GB18030/GBK 文本；请在 Excel/WPS 中另存为“CSV UTF-8”",
                      "is neither UTF-8 nor GB18030/GBK text; save it again as \"CSV UTF-8\"");
    }
  }
  encoding_out = encoding;
  return true;
}

Workbook &Workbook::refuse(std::string_view why_zh, std::string_view why_en) {
  error_zh = fmt::format("{}：{}", file, why_zh);
  error_en = fmt::format("{}: {}", file, why_en);
  sheets.clear();
  return *this;
}

Workbook read_csv(std::string_view bytes, const std::string &file, const ImportLimits &limits) {
  Workbook book;
  book.file = file;
  auto fail = [&](const std::string &zh, const std::string &en) { return book.refuse(zh, en); };
  std::string text, encoding, zh, en;
  if (!detail::decode_text(bytes, text, encoding, zh, en)) return fail(zh, en);
  char sep = detect_separator(text);
  book.notes_zh.push_back(
      fmt::format("{}：编码 {}，分隔符 {}", file, encoding, sep == '\t' ? "制表符" : std::string(1, sep)));
  book.notes_en.push_back(
      fmt::format("{}: encoding {}, separator {}", file, encoding, sep == '\t' ? "tab" : std::string(1, sep)));

  Sheet sheet;
  SheetRow row;
  std::uint32_t record = 1;
  std::uint64_t cells = 0;
  std::string cell;
  bool quoted = false, was_quoted = false;
  auto end_cell = [&]() -> bool {
    unguard(cell);
    if (!cell.empty()) {
      if (++cells > limits.max_cells) return false;
      row.cells.resize(row.cells.size() + 1);
      row.cells.back().text = std::move(cell);
    } else {
      row.cells.emplace_back();
    }
    if (row.cells.size() > limits.max_columns) return false;
    cell.clear();
    was_quoted = false;
    return true;
  };
  auto end_row = [&] {
    while (!row.cells.empty() && row.cells.back().text.empty()) row.cells.pop_back();
    if (!row.cells.empty()) {
      row.row = record;
      sheet.rows.push_back(std::move(row));
    }
    std::size_t width = row.cells.size();
    row = SheetRow{};
    row.cells.reserve(width); // the next row is most likely as wide
    ++record;
  };
  auto too_many = [&] {
    return fail(fmt::format("单元格或列数超过上限（{} 个单元格，{} 列），未读取", limits.max_cells, limits.max_columns),
                fmt::format("has more cells or columns than allowed ({} cells, {} columns); not read", limits.max_cells,
                            limits.max_columns));
  };
  std::string_view t = text;
  std::array<bool, 256> stop{}; // the bytes that end a run of plain cell text
  for (char c : {sep, '"', '\r', '\n'}) stop[static_cast<unsigned char>(c)] = true;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (quoted && c != '"') {
      // a run up to the next quote
      std::size_t q = t.find('"', i);
      if (q == std::string_view::npos) q = t.size();
      cell.append(t.substr(i, q - i));
      i = q - 1;
    } else if (!quoted && !stop[static_cast<unsigned char>(c)]) {
      std::size_t e = i + 1;
      while (e < t.size() && !stop[static_cast<unsigned char>(t[e])]) ++e;
      cell.append(t.substr(i, e - i));
      i = e - 1;
    } else if (quoted) {
      if (c == '"') {
        if (i + 1 < t.size() && t[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == sep) {
      if (!end_cell()) return too_many();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
      if (!end_cell()) return too_many();
      end_row();
    } else {
      cell += c;
    }
    if (cell.size() > limits.max_cell_bytes)
      return fail(
          fmt::format("第 {} 行有超过 {} KiB 的单元格（引号未闭合？），未读取", record, limits.max_cell_bytes >> 10),
          fmt::format("row {} has a cell over {} KiB (an unclosed quote?); not read", record,
                      limits.max_cell_bytes >> 10));
    if (record > limits.max_rows + 1)
      return fail(fmt::format("超过 {} 行，未读取", limits.max_rows),
                  fmt::format("has more than {} rows; not read", limits.max_rows));
  }
  if (quoted)
    return fail(fmt::format("第 {} 行的引号没有闭合", record), fmt::format("row {} has an unclosed quote", record));
  if (!cell.empty() || !row.cells.empty()) {
    if (!end_cell()) return too_many();
    end_row();
  }
  book.sheets.push_back(std::move(sheet));
  return book;
}

Workbook read_table_file(const std::string &path, const ImportLimits &limits) {
  Workbook book;
  book.file = path;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec || !std::filesystem::is_regular_file(path, ec)) {
    book.error_zh = fmt::format("{}：无法读取（文件不存在或不是普通文件）", path);
    book.error_en = fmt::format("{}: cannot be read (missing or not a regular file)", path);
    return book;
  }
  if (size > limits.max_file_bytes) {
    book.error_zh = fmt::format("{}：超过 {} MiB，未读取", path, limits.max_file_bytes >> 20);
    book.error_en = fmt::format("{}: larger than {} MiB; not read", path, limits.max_file_bytes >> 20);
    return book;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    book.error_zh = fmt::format("{}：读取失败", path);
    book.error_en = fmt::format("{}: read failed", path);
    return book;
  }
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto &c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (bytes.substr(0, 4) == "PK\x03\x04") return read_xlsx(bytes, path, limits);
  if (bytes.substr(0, 4) == "\xD0\xCF\x11\xE0") {
    book.error_zh = fmt::format("{}：是旧版 Excel 97-2003 (.xls) 文件；请在 Excel/WPS 中另存为 .xlsx", path);
    book.error_en = fmt::format("{}: is an old Excel 97-2003 (.xls) file; save it again as .xlsx", path);
    return book;
  }
  if (ext == ".xlsx" || ext == ".xlsm") {
    book.error_zh =
        fmt::format("{}：扩展名是 {}，但内容不是 xlsx（zip）文件；请在 Excel/WPS 中重新另存为 .xlsx", path, ext);
    book.error_en = fmt::format("{}: named {} but it is not an xlsx (zip) file; save it again as .xlsx", path, ext);
    return book;
  }
  std::size_t first = bytes.find_first_not_of(" \t\r\n");
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") first = bytes.find_first_not_of(" \t\r\n", 3);
  if (ext == ".json" || (ext != ".csv" && ext != ".tsv" && ext != ".txt" && first != std::string::npos &&
                         (bytes[first] == '[' || bytes[first] == '{')))
    return read_json(bytes, path, limits);
  return read_csv(bytes, path, limits);
}

} // namespace shitong
