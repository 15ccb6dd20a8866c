// Harness: import_json -- the JSON reader (read_json: libyaml in JSON mode, surrogate pairs,
// the item array found under a key, nested objects and arrays flattened into sheets) and the
// mapping-file reader (parse_mapping), then the layout step with the mapping applied, the YAML
// writer, whose output must load back without a syntax or encoding finding, and both import
// reports. An input holding the line "#json" is a mapping file (before it) and a JSON export
// (after it); any other input is read as both. The limits are lowered so that one input stays
// small in memory, the .shitong.yaml limits low enough to be reached; mapping errors and reports
// must be terminal-safe, the JSON report well-formed.
#include "import_checks.hpp"

#include <shitong/import.hpp>
#include <shitong/loader.hpp>

using namespace shitong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  ImportLimits limits;
  limits.max_cells = 200'000;
  std::string_view bytes = fuzz::as_text(data, size), mapping_bytes = bytes, json_bytes = bytes;
  constexpr std::string_view k_split = "\n#json\n";
  if (auto at = bytes.find(k_split); at != std::string_view::npos) {
    mapping_bytes = bytes.substr(0, at);
    json_bytes = bytes.substr(at + k_split.size());
  }
  ImportMapping mapping;
  std::vector<std::string> errors_zh, errors_en;
  bool mapped = parse_mapping(mapping_bytes, "mapping.yaml", mapping, errors_zh, errors_en);
  fuzz::require(mapped == errors_zh.empty() && errors_zh.size() == errors_en.size(), "mapping: ok and errors disagree");
  for (const auto *errors : {&errors_zh, &errors_en})
    for (const auto &e : *errors)
      fuzz::require(wellformed::terminal_safe(e).empty() && e.find('\n') == std::string::npos,
                    "mapping error (terminal-safe, one line)", e);

  Workbook book = read_json(json_bytes, "fuzz.json", limits);
  if (!book.ok()) {
    fuzz::require(book.sheets.empty(), "a refused JSON file still has sheets");
    return 0;
  }
  ImportOptions options;
  options.region = "370102";             // when the objects have no region keys
  options.limits.items_per_catalog = 64; // the .shitong.yaml limits, low enough to be reached
  options.limits.text_length = 256;
  options.limits.findings_per_file = 16;
  if (mapped) options.mapping = &mapping;
  ImportResult result = import_workbooks({book}, options);
  for (const auto &c : result.catalogs)
    fuzz::require(c.sources.size() == c.catalog.items.items.size(), "one source per imported item");
  fuzz::check_import_result(result);
  return 0;
}
