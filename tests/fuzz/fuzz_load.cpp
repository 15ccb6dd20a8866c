// Harness: the document loader and the per-file checks (header and item rules, registry
// header) on any bytes. Every finding must name a known rule and a position inside the input.
#include "common.hpp"

#include <shitong/check.hpp>
#include <shitong/loader.hpp>
#include <shitong/rules.hpp>

#include <algorithm>

using namespace shitong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const Config config;
  static const CheckContext context(config);
  std::string_view text = fuzz::as_text(data, size);
  LoadedFile file = load_document("fuzz.yaml", text);
  std::vector<Finding> out = file.findings;
  if (file.kind == DocKind::catalog) check_catalog(file, context, out);
  if (file.kind == DocKind::certificates) check_certificates(file, out);
  // editors' lines: LF and CRLF end a line, nothing else
  std::size_t lines = 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  for (const Finding &f : out) {
    fuzz::require(find_rule(f.rule) != nullptr, "finding of an unknown rule", f.rule);
    fuzz::require(f.location.line <= lines, "finding beyond the last line", f.message_en);
  }
  return 0;
}
