// Findings: what a check reports. A finding is plain data -- rule id, severity, where, which
// item and field, and a message in both languages -- so reports, configuration filters and
// (later) caches all work on the same values. Checks never stop at the first finding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shitong {

enum class Severity : std::uint8_t { info = 0, warning = 1, error = 2 };

/// "error" / "warning" / "info".
const char *severity_name(Severity s);
/// Parses "error" / "warning" / "info"; returns false for anything else.
bool parse_severity(const std::string &text, Severity &out);

/// A 1-based position in a file. line == 0 means "the whole file".
struct Location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string label;      ///< optional: what is there (for related locations)
  bool reference = false; ///< a related location that is the reference item in an upper catalog
};

/// The spreadsheet row an imported item came from (its `# 来源:` comment); row 0 = none.
struct SourceRow {
  std::string file;  ///< file name without directories
  std::string sheet; ///< "" for CSV
  std::uint32_t row = 0;
};

struct Finding {
  std::string rule; ///< stable kebab-case rule id, see rules.hpp
  Severity severity = Severity::error;
  Location location;
  std::string region; ///< region code of the catalog, empty when unknown
  std::string item;   ///< item code, empty for file-level findings
  std::string path;   ///< field path such as items[3].materials[1].name
  std::string message_zh;
  std::string message_en;
  std::vector<Location> related; ///< e.g. the reference item in the upper catalog
  SourceRow source;              ///< for findings in imported items (attach_import_sources)
  /// The one replacement a fixer may write at the location, when the check knows it and it is
  /// unambiguous (unknown-key: the only close key). Empty otherwise. Not part of reports.
  std::string suggestion;

  const std::string &message(bool english) const { return english ? message_en : message_zh; }
};

/// Sort order of docs/format.md §10: file, line, column, rule (then message, for a total order).
bool finding_less(const Finding &a, const Finding &b);
void sort_findings(std::vector<Finding> &findings);

} // namespace shitong
