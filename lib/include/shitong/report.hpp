// Reports: the formats a ValidateResult is written in. Text reads like a compiler's output
// (docs/format.md §10); JSON has stable keys (docs/output.md).
#pragma once

#include <shitong/validate.hpp>
#include <shitong/version.hpp>

#include <string>

namespace shitong {

struct TextOptions {
  bool english = false;
  bool color = false;  ///< ANSI colours (only on a terminal)
  bool summary = true; ///< the closing count line
};

std::string format_text(const ValidateResult &result, const TextOptions &options);
std::string format_json(const ValidateResult &result, bool english);

/// The rule table as a JSON array (id, severity, family, summary_zh, summary_en, docs).
std::string format_rules_json();

/// Where an imported item came from: "来源: 清单.xlsx 工作表「Sheet1」第 12 行" / "source: … row 12".
std::string source_text(const SourceRow &source, bool english);

/// The closing count line, e.g. "检查了 8 个文件（8 个目录，215 个事项）：2 个错误，5 个警告，0 个提示".
std::string summary_line(const Summary &summary, bool english);

} // namespace shitong

namespace shitong {

/// Options of the CI formats.
struct CiOptions {
  bool english = false;
  std::string root; ///< repository root: SARIF/GitHub paths are made relative to it ("" = as given)
};

/// SARIF 2.1.0 for code scanning: every rule in tool.driver.rules, results with physical
/// locations and partialFingerprints stable across unrelated edits; `results: []` when none.
std::string format_sarif(const ValidateResult &result, const CiOptions &options);
/// JUnit XML: one testsuite per file, one testcase per finding (name includes the location),
/// <error> for files that could not be checked.
std::string format_junit(const ValidateResult &result, const CiOptions &options);
/// GitHub Actions workflow commands: ::error file=…,line=…,col=…,title=<rule>::message.
std::string format_github(const ValidateResult &result, const CiOptions &options);
/// A Markdown summary: counts per rule and per region, worst catalogs, the first findings.
std::string format_markdown(const ValidateResult &result, const CiOptions &options);
/// A browsable, self-contained HTML findings report.
std::string format_html(const ValidateResult &result, const CiOptions &options);

/// Escapes a workflow-command property value (%, CR, LF, ':' and ',') or message (%, CR, LF).
std::string github_escape(std::string_view s, bool property);

/// A key that identifies a finding across unrelated edits: rule, region, item, the field path
/// without list indexes, and the message with numbers blanked. Used by baselines and SARIF.
std::string stable_key(const Finding &f);

} // namespace shitong
