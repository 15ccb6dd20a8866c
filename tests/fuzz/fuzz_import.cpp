// Harness: import (issue 15) on any bytes -- a zip is read as an .xlsx workbook, anything else as
// CSV -- then the layout step, the YAML writer and both import reports. The limits are lowered so
// that one input stays small in memory, the .shitong.yaml limits low enough to be reached; the
// catalogs written must load back without a syntax or encoding finding, and the reports must be
// well-formed JSON and terminal-safe text.
#include "import_checks.hpp"

#include <shitong/import.hpp>
#include <shitong/loader.hpp>

using namespace shitong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  ImportLimits limits;
  limits.max_part_bytes = 16u << 20;
  limits.max_total_bytes = 64u << 20;
  limits.max_cells = 200'000;
  limits.max_shared_strings = 100'000;
  std::string_view bytes = fuzz::as_text(data, size);
  Workbook book =
      bytes.substr(0, 4) == "PK\x03\x04" ? read_xlsx(bytes, "fuzz.xlsx", limits) : read_csv(bytes, "fuzz.csv", limits);
  if (!book.ok()) return 0;
  ImportOptions options;
  options.region = "370102";             // when the sheet has no region columns
  options.limits.items_per_catalog = 64; // the .shitong.yaml limits, low enough to be reached
  options.limits.text_length = 256;
  options.limits.findings_per_file = 16;
  ImportResult result = import_workbooks({book}, options);
  fuzz::check_import_result(result);
  return 0;
}
