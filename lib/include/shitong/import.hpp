// Catalogs from the spreadsheets offices really have, and back (docs/import.md). A reader turns
// an XLSX or CSV file (a byte buffer) into sheets of text cells; the layout step recognises the
// header row of a 实施清单 export, maps its columns onto the format's fields and builds one
// Catalog per region, with every cell it could not use listed in an ImportResult; the writer
// prints a catalog as YAML in the format's key order. Export writes catalogs in the same
// one-row-per-item layout, so an office can edit them in Excel/WPS and bring them back.
// No zip, XML or YAML library type appears here.
#pragma once

#include <shitong/catalog.hpp>
#include <shitong/config.hpp>
#include <shitong/finding.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// One cell of a sheet as text. `number` marks a cell the spreadsheet stored as a number
/// (its text is the shortest decimal that gives back the number), `formula` one whose value
/// is a formula's cached result.
struct Cell {
  std::string text;
  bool number = false;
  bool formula = false;
};

/// One non-empty row: its 1-based row number in the sheet and its cells by 0-based column.
struct SheetRow {
  std::uint32_t row = 0;
  std::vector<Cell> cells;
  /// A row of a nested sheet (JSON): the row of the item it belongs to in the file's first
  /// sheet, which it is joined to (as exchange tables are by task_code); 0 = none.
  std::uint32_t parent = 0;
};

struct Sheet {
  std::string name; ///< the worksheet's name; "" for CSV and for JSON's item array
  std::vector<SheetRow> rows;
  /// JSON: an array of objects inside the items (e.g. materials with their attributes), named
  /// by its key; its rows carry `parent`.
  bool nested = false;
};

/// A file read into sheets. `error` is non-empty when the file could not be read (then the
/// import exits 2); `notes` say what the reader noticed (encoding, separator, formulas).
struct Workbook {
  std::string file; ///< the path as given, for reports and source comments
  std::vector<Sheet> sheets;
  std::string error_zh, error_en;
  std::vector<std::string> notes_zh, notes_en;
  /// JSON: each row is an object (the report counts objects, and a mapping's header_row, a
  /// spreadsheet's row number, does not apply: the objects' keys are the header).
  bool objects = false;
  bool ok() const { return error_zh.empty(); }
  /// Marks the file unreadable: "<file>：<why>" / "<file>: <why>", and no sheets.
  Workbook &refuse(std::string_view why_zh, std::string_view why_en);
};

/// Limits that keep hostile spreadsheets bounded in time and memory.
struct ImportLimits {
  std::uint64_t max_file_bytes = 512ull << 20;  ///< larger inputs are not read
  std::uint64_t max_part_bytes = 256ull << 20;  ///< uncompressed size of one xlsx part
  std::uint64_t max_total_bytes = 1ull << 30;   ///< uncompressed size of all parts read
  std::uint64_t max_ratio = 200;                ///< uncompressed/compressed, for parts over 1 MiB
  std::uint64_t max_cells = 20'000'000;         ///< non-empty cells in all sheets
  std::uint64_t max_cell_bytes = 128u << 10;    ///< text of one cell (Excel: 32,767 characters)
  std::uint64_t max_shared_strings = 5'000'000; ///< entries of sharedStrings.xml
  std::uint32_t max_columns = 16'384;           ///< XFD, Excel's last column
  std::uint32_t max_rows = 1'048'576;           ///< Excel's last row
  std::uint32_t max_merges = 100'000;           ///< merged ranges of one sheet
};

/// Reads an .xlsx workbook from memory (libzip, expat; DOCTYPE and entities are refused).
Workbook read_xlsx(std::string_view bytes, const std::string &file, const ImportLimits &limits = {});
/// Reads a CSV file from memory: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030;
/// `,`, `;` or tab separated (detected); quoted cells may hold newlines.
Workbook read_csv(std::string_view bytes, const std::string &file, const ImportLimits &limits = {});
/// Reads a JSON export: an array of item objects, at the top or under a key ("data", "rows",
/// …, three levels down at most). Scalars become cells (true/false 是/否, numbers marked as
/// numbers), arrays of scalars multi-line cells, arrays of objects nested sheets. Each row's
/// number is the line its object starts on. Read with libyaml; YAML-only syntax is refused.
Workbook read_json(std::string_view bytes, const std::string &file, const ImportLimits &limits = {});
/// Reads a file by its content (a zip is read as xlsx, a .json file or text starting with
/// `[` or `{` as JSON, anything else as CSV); never throws.
Workbook read_table_file(const std::string &path, const ImportLimits &limits = {});

/// Where an imported item came from (defined with Finding, which carries it too).
using ItemSource = SourceRow;

/// One thing the import report lists: a skipped row, a value not understood, a code restored.
struct ImportNote {
  ItemSource where;
  std::string column; ///< the column's header text, "" for a whole row
  std::string message_zh, message_en;
};

/// A mapping file (`kind: import-mapping`, docs/import.md): how to read a layout the column
/// synonyms do not cover -- which sheet, which header row, which column is which field, how a
/// vendor codes its values, and the catalog header.
struct ImportMapping {
  std::string file;
  std::string sheet;            ///< only this worksheet; "" = every sheet
  std::uint32_t header_row = 0; ///< 1-based; 0 = found as without a mapping
  struct ColumnMap {
    std::string header; ///< the column's header text as in the file
    std::string field;  ///< a field id (see `import_field_ids`), "" = ignore the column
  };
  std::vector<ColumnMap> columns;
  struct ValueMap {
    std::string field; ///< field id
    std::string from, to;
  };
  std::vector<ValueMap> values;
  std::string region, level, parent; ///< the catalog header, as --region/--level/--parent
};

/// The field ids a mapping file may name (code, name, …, material_need, fee_name).
std::vector<std::string> import_field_ids();

/// Reads a mapping file. Returns false with `errors` ("映射.yaml:4:3: …", Chinese or English)
/// when it cannot be used; nothing of a mapping with an error is applied.
bool load_mapping(const std::string &path, ImportMapping &out, std::vector<std::string> &errors_zh,
                  std::vector<std::string> &errors_en);
/// Reads a mapping file's bytes (`file` names it in the errors), as load_mapping does after
/// reading the file; for tests and fuzzing.
bool parse_mapping(std::string_view bytes, const std::string &file, ImportMapping &out,
                   std::vector<std::string> &errors_zh, std::vector<std::string> &errors_en);

/// The JSON Schema of mapping files (`shitong schema mapping`), from the same field table.
std::string mapping_schema();

/// The region header when the file has no region columns (--region, --level, --parent), and
/// the mapping file, when one is given (options given here take precedence over its catalog).
struct ImportOptions {
  std::string region; ///< 6-digit code; "" = from the columns or the file name
  std::string level;  ///< province | city | county; "" = from the code
  std::string parent; ///< "" = none written
  const ImportMapping *mapping = nullptr;
  /// `limits:` of `.shitong.yaml` (docs/import.md, "上限"): items written per catalog, characters
  /// of a value (a longer one is left out), report entries listed per input file and list.
  /// Each one reached is an entry of the report, never a silent cut.
  Limits limits;
};

struct ImportedCatalog {
  Catalog catalog;
  std::vector<ItemSource> sources; ///< one per item
};

struct ImportResult {
  std::vector<ImportedCatalog> catalogs;         ///< one per region, in order of first appearance
  std::size_t rows_read = 0;                     ///< spreadsheet rows (XLSX, CSV)
  std::size_t objects_read = 0;                  ///< JSON objects: items, their materials and fees
  std::vector<ImportNote> skipped;               ///< rows that became no item
  std::vector<ImportNote> not_understood;        ///< values left out (or kept as text) because unclear
  std::vector<ImportNote> restored;              ///< codes stored as numbers, given back as text
  std::vector<ImportNote> unmapped;              ///< columns no field takes (row 0 = the header row)
  std::vector<std::string> errors_zh, errors_en; ///< the input could not be used (exit 2)
  std::vector<std::string> notes_zh, notes_en;   ///< what the readers noticed
  /// 0 every row became an item, 1 rows skipped or values not understood, 2 an input unusable.
  int exit_code() const;
};

/// Recognises the layout of each sheet and builds the catalogs.
ImportResult import_workbooks(const std::vector<Workbook> &books, const ImportOptions &options);

/// The catalog as YAML in the format's key order; codes always quoted. With `sources`, each
/// item is preceded by its source comment (`# 来源: 清单.xlsx 工作表「Sheet1」第 12 行`).
std::string catalog_yaml(const Catalog &catalog, const std::vector<ItemSource> *sources = nullptr);

/// The import report: text (Chinese first, English with `english`) or JSON.
std::string format_import_report(const ImportResult &result, const std::vector<std::string> &written, bool english,
                                 bool json);

/// The catalogs in the one-row-per-item layout that import reads: CSV (UTF-8 with BOM,
/// formula-safe) or an .xlsx workbook (codes as text). `error` is set when xlsx writing fails.
/// For tests and callers that hold the models; `shitong export` streams (CatalogExporter).
std::string export_csv(const std::vector<Catalog> &catalogs);
std::string export_xlsx(const std::vector<Catalog> &catalogs, std::string &error);

/// The same, one catalog at a time (`shitong export` holds one model, not all): add() appends
/// a catalog's rows, finish() gives the file's bytes. An xlsx sheet holds at most 1,048,575
/// items; past that add() fails with a message that says so.
class CatalogExporter {
public:
  enum class Format { csv, xlsx };
  explicit CatalogExporter(Format format);
  ~CatalogExporter();
  CatalogExporter(const CatalogExporter &) = delete;
  CatalogExporter &operator=(const CatalogExporter &) = delete;
  /// False once something failed (error() says what); later catalogs are then ignored.
  bool add(const Catalog &catalog);
  const std::string &error() const { return m_error; }
  std::size_t catalogs() const { return m_catalogs; }
  std::size_t items() const { return m_items; }
  /// The bytes of the file; "" with `error` set when writing failed.
  std::string finish(std::string &error);

private:
  struct Xlsx;
  Format m_format;
  std::string m_bytes; ///< csv
  std::unique_ptr<Xlsx> m_xlsx;
  std::string m_error;
  std::size_t m_catalogs = 0, m_items = 0;
};

/// For findings inside imported items, the item's source from its `# 来源:` comment (the
/// `source` of each finding; files without such comments are not read).
void attach_import_sources(std::vector<Finding> &findings);

} // namespace shitong
