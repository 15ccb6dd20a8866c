// Published item lists (docs/format.md §11): the lists citizens read -- “零跑腿”, “只跑一次”, “最多跑一次”,
// “你不用跑我来跑” -- taken from one catalog or several, grouped by 实施主体 and sorted in Chinese
// (pinyin) order, and rendered as HTML, Markdown, CSV, XLSX or JSON; plus the statistics a
// reform report quotes. Every value is escaped for its format, so no catalog text can become
// markup or a spreadsheet formula. Whether a catalog may be published at all (no error
// findings) is the caller's decision: it passes the error count of each catalog in, and a list
// built from a catalog with errors is stamped “未经校验 / NOT VALIDATED” in every format.
#pragma once

#include <shitong/catalog.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// The lists of docs/format.md §11, then `all` (every item of the catalog).
enum class ListKind : std::uint8_t { zero_visit, one_visit, at_most_one, proxy, all };
inline constexpr std::size_t k_list_kinds = 5;

struct ListInfo {
  ListKind kind;
  const char *key;          ///< "zero-visit", as on the command line and in JSON
  const char *name_zh;      ///< 零跑腿 (what the title quotes)
  const char *title_zh;     ///< “零跑腿”事项清单
  const char *title_en;     ///< "Zero-visit" items
  const char *rule;         ///< when an item is on it, in catalog terms: "visits: 0"
  const char *criterion_zh; ///< the same for readers: 到办事现场次数为 0
  const char *criterion_en;
};

/// One row per list, in the order of the enum.
const std::array<ListInfo, k_list_kinds> &list_table();
const ListInfo &list_info(ListKind kind);
/// Parses a list key ("at-most-one") or its Chinese name (最多跑一次); returns false for anything else.
bool parse_list_kind(std::string_view key, ListKind &out);
/// True when `item` is on list `kind`. An item without `visits` is on no visit-based list.
bool on_list(const Item &item, ListKind kind);

enum class PublishFormat : std::uint8_t { html, md, csv, xlsx, json };

struct FormatInfo {
  PublishFormat format;
  const char *key; ///< "html", as on the command line; also the file extension
  const char *summary;
};
const std::array<FormatInfo, 5> &format_table();
bool parse_publish_format(std::string_view key, PublishFormat &out);

/// A catalog to publish from, with the number of error findings a validation run gave it.
struct PublishInput {
  const Catalog *catalog = nullptr; ///< must not be null
  std::string path;
  std::size_t errors = 0;
};

/// A catalog a list draws from.
struct ListSource {
  std::string path;
  std::string region_code, region_name, level;
  std::string published; ///< ISO date, "" when the catalog gives none
  std::string publisher;
  std::size_t items = 0;  ///< all items of the catalog (the base of the share)
  std::size_t errors = 0; ///< error findings of the catalog; any makes the list 未经校验
};

/// One item on a list, with its display values already chosen.
struct ListEntry {
  std::size_t seq = 0;               ///< 序号: 1-based, continuous over the groups
  std::size_t source = 0;            ///< index into PublishedList::sources (the 区划 of a combined list)
  std::string code;                  ///< 事项编码
  std::string name;                  ///< 主项名称
  std::string sub_name;              ///< 子项名称, "" when none
  std::string type;                  ///< 事项类型
  std::string agency;                ///< 实施主体, "" when not given
  std::optional<long long> promised; ///< 承诺时限; 0 = 即办; nullopt when not given
  std::string unit;                  ///< 工作日 | 自然日
  bool charged = false;
  std::string fee_standard;        ///< 收费标准 when charged
  std::optional<long long> visits; ///< 到现场次数
  bool proxy = false;              ///< 帮办代办

  /// "即办", "5 个工作日" (en: "on the spot", "5 working days"); "—" when not given.
  std::string time_limit_text(bool english) const;
  /// "不收费" or the standard (en: "free"); "收费" when charged without a standard.
  std::string fee_text(bool english) const;
  /// "0", "1", …; "—" when not given.
  std::string visits_text() const;
};

/// The items of one 实施主体.
struct ListGroup {
  std::string agency; ///< "" for items that name no 实施主体 (sorted last)
  std::vector<ListEntry> entries;
};

struct PublishedList {
  ListKind kind = ListKind::all;
  bool combined = false; ///< one list over several catalogs, with a 区划 column
  std::vector<ListSource> sources;
  std::vector<ListGroup> groups; ///< pinyin order of 实施主体; entries in pinyin order of name, sub_name
  std::size_t count = 0;         ///< items on the list
  std::size_t total = 0;         ///< all items of the sources

  /// False when a source has error findings: the output is stamped 未经校验 / NOT VALIDATED.
  bool validated() const;
  std::size_t error_findings() const;
  /// count / total (0 when the sources have no items).
  double share() const;
  /// The region part of the title: the region name; for a combined list up to three names
  /// joined with 、, else the first name and the number of regions.
  std::string regions_title(bool english) const;
  /// The full title, e.g. 济南市历下区“最多跑一次”事项清单.
  std::string title(bool english) const;
  /// "共 30 项，占全部事项（35 项）的 85.7%".
  std::string total_line(bool english) const;
};

/// For tests and callers that hold the models (`shitong publish` keeps list_part of each
/// catalog while it streams, then assemble_list). Builds one list of `kind` over `inputs` (one input: a region's list;
/// several with `combined`: one list with a 区划 column). Never fails; an empty list has count 0.
PublishedList build_list(const std::vector<PublishInput> &inputs, ListKind kind, bool combined);

/// What a list needs of one catalog: its source and its items on the list, in catalog order.
/// A run over many catalogs keeps these while it streams, never the models (build_list is
/// list_part of each input, then assemble_list).
struct ListPart {
  ListSource source;
  std::vector<ListEntry> entries;
};
ListPart list_part(const PublishInput &input, ListKind kind);
/// Groups and sorts the parts' entries into one list; part i is source i.
PublishedList assemble_list(std::vector<ListPart> parts, ListKind kind, bool combined);

/// Sorts `texts` in Chinese pinyin order (ICU collation for locale "zh"; code point order if
/// ICU has no collator); ties are broken by byte order, so the order is total.
void sort_pinyin(std::vector<std::string> &texts);

/// "85.7%", "76%" (one decimal, trailing .0 dropped); "—" when `total` is 0.
std::string percent(std::size_t count, std::size_t total);

/// The list in `format`. Returns the bytes of the file; on failure (only xlsx can fail: its
/// temporary file could not be written) returns "" and sets `error`.
std::string render_list(const PublishedList &list, PublishFormat format, bool english, std::string &error);

std::string list_html(const PublishedList &list, bool english);
std::string list_markdown(const PublishedList &list, bool english);
/// UTF-8 with BOM, RFC 4180, CRLF; cells starting with = + - @ tab or CR get a leading '.
std::string list_csv(const PublishedList &list, bool english);
std::string list_json(const PublishedList &list);
/// An .xlsx workbook (libxlsxwriter): title row, frozen header, every text cell a string.
std::string list_xlsx(const PublishedList &list, bool english, std::string &error);

/// Prefixes ' to a cell that a spreadsheet would read as a formula (= + - @ tab CR first).
std::string neutralise_cell(std::string_view cell);

// ---- statistics (`shitong publish --stats`) ----

/// Items per list, indexed by ListKind (`all` is every item counted).
using ListCounts = std::array<std::size_t, k_list_kinds>;

struct StatsRow {
  std::string key; ///< the 实施主体 or the 事项类型 ("" when not given)
  ListCounts counts{};
};

struct CatalogStats {
  ListSource source; ///< for the total over several catalogs: region_code "" and name 合计
  ListCounts counts{};
  std::vector<StatsRow> by_agency; ///< pinyin order
  std::vector<StatsRow> by_type;   ///< the order of docs/format.md §6.1, then unknown types
};

struct PublishStats {
  std::vector<CatalogStats> catalogs;
  std::optional<CatalogStats> total; ///< when there are several catalogs
  bool validated() const;
};

/// For tests and callers that hold the models; `publish --stats` streams (catalog_stats).
PublishStats compute_stats(const std::vector<PublishInput> &inputs);
/// The statistics of one catalog, and of several (with their total): compute_stats in two
/// steps, so that a streaming run keeps one CatalogStats per catalog.
CatalogStats catalog_stats(const PublishInput &input);
PublishStats combine_stats(std::vector<CatalogStats> catalogs);
std::string stats_text(const PublishStats &stats, bool english);
std::string stats_json(const PublishStats &stats);

} // namespace shitong
