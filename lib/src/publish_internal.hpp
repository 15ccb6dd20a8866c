// Internal helpers shared by publish.cpp and the list formats.
#pragma once

#include <shitong/publish.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

/// A private temporary folder (mkdtemp under the system temp dir), removed with everything in it
/// when it goes out of scope; `path` is empty when it could not be made. `pattern` ends in XXXXXX.
struct TempDir {
  std::string path;
  explicit TempDir(const char *pattern) {
    std::string tmpl = (std::filesystem::temp_directory_path() / pattern).string();
    if (::mkdtemp(tmpl.data()) != nullptr) path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
};

/// Appends one CSV cell: formula-neutralised (neutralise_cell), quoted when it holds , " CR or LF.
void csv_cell(std::string &out, std::string_view raw);

/// ICU collation key of `text` for Chinese (pinyin) order; byte-comparable.
std::string sort_key(std::string_view text);
/// Terminal columns of `s`: East Asian wide and full-width characters count 2.
std::size_t display_width(std::string_view s);
std::string pad_right(std::string_view s, std::size_t width);
std::string pad_left(std::string_view s, std::size_t width);
class JsonWriter;
/// Writes the "region" object {code, name, level} of a list source.
void region_json(JsonWriter &w, const ListSource &s);
/// The 未经校验 / NOT VALIDATED stamp, naming the error findings of each source.
std::string unvalidated_note(const std::vector<ListSource> &sources, bool english);

} // namespace shitong::detail

namespace shitong::detail {

/// One column of the flat (CSV and XLSX) layout.
struct FlatColumn {
  const char *zh;
  const char *en;
  bool numeric; ///< 序号 and 到现场次数: numbers in XLSX
  double width; ///< XLSX column width in characters
};

/// The columns of the flat layout: 区划代码 and 区划 first for a combined list, then 序号,
/// 主项名称, 子项名称, 事项类型, 实施主体, 承诺时限, 收费, 到现场次数, 事项编码.
std::vector<FlatColumn> flat_columns(const PublishedList &list);
/// The cells of one entry, in the order of flat_columns (plain text, not yet escaped).
std::vector<std::string> flat_row(const PublishedList &list, const ListEntry &entry, bool english);

} // namespace shitong::detail
