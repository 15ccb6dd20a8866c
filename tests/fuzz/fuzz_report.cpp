// Harness: every report writer on findings whose strings (file, region, item, path, messages,
// related labels) and positions come from the fuzzed bytes, NUL-separated.
#include "common.hpp"

#include <shitong/rules.hpp>

using namespace shitong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  std::vector<std::string> parts;
  for (std::size_t i = 0; i <= text.size();) {
    auto nul = text.find('\0', i);
    if (nul == std::string_view::npos) nul = text.size();
    parts.emplace_back(text.substr(i, nul - i));
    i = nul + 1;
  }
  auto part = [&](std::size_t k) -> std::string { return k < parts.size() ? parts[k] : std::string(); };
  ValidateResult r;
  const auto &rules = rule_table();
  for (std::size_t k = 0; k * 8 < parts.size() && k < 8; ++k) {
    Finding f;
    std::size_t b = k * 8;
    std::string head = part(b);
    unsigned pick = head.empty() ? 0 : static_cast<unsigned char>(head[0]);
    f.rule = rules[pick % rules.size()].id;
    f.severity = static_cast<Severity>(pick % 3);
    f.location = Location{part(b + 1),
                          head.size() > 1 ? static_cast<unsigned char>(head[1]) : 0u,
                          head.size() > 2 ? static_cast<unsigned char>(head[2]) : 0u,
                          {}};
    f.region = part(b + 2);
    f.item = part(b + 3);
    f.path = part(b + 4);
    f.message_zh = part(b + 5);
    f.message_en = part(b + 6);
    if (!part(b + 7).empty()) f.related.push_back(Location{part(b + 1), 1, 1, part(b + 7)});
    r.summary.by_severity[static_cast<std::size_t>(f.severity)]++;
    r.findings.push_back(std::move(f));
    LoadedFile lf;
    lf.path = part(b + 1);
    lf.readable = pick % 2 == 0;
    r.files.push_back(std::move(lf));
  }
  r.summary.files = r.files.size();
  fuzz::check_reports(r);
  return 0;
}
