// `shitong diff`: the uniformity report of a catalog tree (levels.hpp does the comparing), and
// the difference between two versions of one region's catalog (for a publication notice).
#pragma once

#include <shitong/levels.hpp>
#include <shitong/validate.hpp>

#include <string>
#include <vector>

namespace shitong {

/// Formats of the uniformity report. `english` picks the language of labels and messages.
std::string uniformity_text(const LevelReport &report, bool english);
std::string uniformity_json(const LevelReport &report, bool english);
std::string uniformity_markdown(const LevelReport &report, bool english);
std::string uniformity_html(const LevelReport &report, bool english);

/// The uniformity report of the catalogs under `options.paths`, through validate's stages
/// (streaming: a digest of each catalog is kept, never the models), with the repository context
/// when `options.context`. `run` receives the validate run: its findings (the level-* findings
/// among them; LevelReport::findings stays empty), errors, notes and files. Context catalogs
/// are nodes marked `context`: references, not rows.
LevelReport uniformity_report(ValidateOptions options, ValidateResult &run);

/// Siblings (catalogs with the same parent) ranked by uniformity, best first.
struct Ranking {
  int parent = -1;          ///< node index of the parent
  std::vector<int> members; ///< node indexes, best first
};
std::vector<Ranking> rank_siblings(const LevelReport &report);

/// One changed field of an item between two versions.
struct FieldChange {
  std::string key;   ///< e.g. "materials", "visits"
  std::string title; ///< e.g. "申报材料"
  bool ten = false;  ///< one of the ten fields of 三级十同
  std::string old_value, new_value;
};

struct ItemChange {
  enum Kind { added, removed, changed } kind = changed;
  std::string code, name;
  Pos old_pos, new_pos;
  std::vector<FieldChange> fields; ///< for `changed`
};

struct VersionDiff {
  std::string old_path, new_path;
  std::string region, region_name;
  std::string old_published, new_published;
  std::size_t old_items = 0, new_items = 0;
  std::vector<ItemChange> changes; ///< removed and changed in old order, then added in new order
  bool equal() const { return changes.empty(); }
};

/// Items added, removed and changed (ten fields with the normalisation of docs/format.md §4.1, then the
/// local fields) between two versions of one region's catalog.
VersionDiff diff_versions(const LoadedFile &old_file, const LoadedFile &new_file);

std::string version_diff_text(const std::vector<VersionDiff> &diffs, bool english);
std::string version_diff_json(const std::vector<VersionDiff> &diffs);
std::string version_diff_markdown(const std::vector<VersionDiff> &diffs, bool english);

} // namespace shitong
