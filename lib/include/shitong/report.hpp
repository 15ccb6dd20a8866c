// Reports: the formats a ValidateResult is written in. Text reads like a compiler's output
// (spec §10); JSON has stable keys (docs/output.md).
#pragma once

#include <shitong/validate.hpp>

#include <string>

namespace shitong {

/// The tool's version, as printed by --version and written into reports.
const char *version_string();

struct TextOptions {
  bool english = false;
  bool color = false;    ///< ANSI colours (only on a terminal)
  bool summary = true;   ///< the closing count line
};

std::string format_text(const ValidateResult &result, const TextOptions &options);
std::string format_json(const ValidateResult &result, bool english);

/// The rule table as a JSON array (id, severity, family, summary_zh, summary_en, docs).
std::string format_rules_json();

/// The closing count line, e.g. "检查了 8 个文件（8 个目录，215 个事项）：2 个错误，5 个警告，0 个提示".
std::string summary_line(const Summary &summary, bool english);

} // namespace shitong
