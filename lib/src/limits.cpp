#include "limits.hpp"

#include "rules_internal.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace shitong::detail {

LoadLimits load_limits(const Limits &limits) {
  LoadLimits l;
  l.max_list = limits.items_per_catalog;
  l.max_text = limits.text_length;
  l.max_findings = std::max<std::uint32_t>(10000, limits.findings_per_file * 10u);
  return l;
}

std::string limits_fingerprint(const Limits &limits) {
  return fmt::format("limits={},{},{}", limits.findings_per_file, limits.items_per_catalog, limits.text_length);
}

void cap_findings(std::vector<Finding> &sorted, const Config &config) {
  const std::size_t max = config.limits.findings_per_file;
  // `limit` findings (a file not read to its end, a text cut) are always listed: they say what
  // was not checked; the cap counts the others
  auto is_limit = [](const Finding &f) { return is_rule(f, "limit"); };
  bool over = false;
  for (std::size_t i = 0, start = 0, n = 0; i < sorted.size() && !over; ++i) {
    if (sorted[i].location.file != sorted[start].location.file) start = i, n = 0;
    n += !is_limit(sorted[i]);
    over = n > max;
  }
  if (!over) return;
  auto severity = config.severity_of("limit");
  std::vector<Finding> out;
  out.reserve(sorted.size());
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t end = i, listed = 0, more = 0;
    while (end < sorted.size() && sorted[end].location.file == sorted[i].location.file) ++end;
    std::string file = sorted[i].location.file;
    for (std::size_t k = i; k < end; ++k) {
      if (is_limit(sorted[k]) || listed < max) {
        listed += !is_limit(sorted[k]);
        out.push_back(std::move(sorted[k]));
      } else {
        ++more;
      }
    }
    if (more > 0 && severity) {
      emit(out, "limit", Location{file, 0, 0, {}}, {},
           fmt::format("本文件另有 {} 条发现未列出（每个文件最多列出 {} 条；.shitong.yaml 中 "
                       "limits.findings_per_file 可调高）",
                       more, max),
           fmt::format("{} more finding(s) of this file not listed (at most {} per file; raise "
                       "limits.findings_per_file in .shitong.yaml)",
                       more, max))
          .severity = *severity;
    }
    i = end;
  }
  sorted = std::move(out);
}

} // namespace shitong::detail
