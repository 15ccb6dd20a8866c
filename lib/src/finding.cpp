// Findings as values: severity names, and the sort order of reports.
#include <shitong/finding.hpp>

#include <algorithm>

namespace shitong {

const char *severity_name(Severity s) {
  switch (s) {
  case Severity::info:
    return "info";
  case Severity::warning:
    return "warning";
  case Severity::error:
    return "error";
  }
  return "?";
}

bool parse_severity(const std::string &text, Severity &out) {
  if (text == "error")
    out = Severity::error;
  else if (text == "warning")
    out = Severity::warning;
  else if (text == "info")
    out = Severity::info;
  else
    return false;
  return true;
}

bool finding_less(const Finding &a, const Finding &b) {
  if (a.location.file != b.location.file) return a.location.file < b.location.file;
  if (a.location.line != b.location.line) return a.location.line < b.location.line;
  if (a.location.column != b.location.column) return a.location.column < b.location.column;
  if (a.rule != b.rule) return a.rule < b.rule;
  if (a.path != b.path) return a.path < b.path;
  return a.message_zh < b.message_zh;
}

void sort_findings(std::vector<Finding> &findings) {
  std::stable_sort(findings.begin(), findings.end(), finding_less);
}

} // namespace shitong
