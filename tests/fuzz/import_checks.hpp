// Shared by the import harnesses (fuzz_import, fuzz_import_json): what must hold of any import
// result -- every catalog it wrote loads back without a syntax or encoding finding, and both
// import reports are well-formed (terminal-safe text, valid JSON) in both languages.
#pragma once

#include "common.hpp"

#include <shitong/import.hpp>
#include <shitong/loader.hpp>

#include <string>
#include <vector>

namespace shitong::fuzz {

inline void check_import_result(const ImportResult &result) {
  std::vector<std::string> written;
  for (const auto &c : result.catalogs) {
    std::string yaml = catalog_yaml(c.catalog, &c.sources);
    LoadedFile back = load_document("imported.yaml", yaml);
    for (const Finding &f : back.findings)
      require(f.rule != "yaml-syntax" && f.rule != "encoding", "the YAML import wrote does not load back",
              f.message_en + "\n" + yaml);
    written.push_back("imported.yaml");
  }
  for (bool en : {false, true}) {
    std::string text = format_import_report(result, written, en, false);
    require(wellformed::terminal_safe(text).empty(), "import report (text)", wellformed::terminal_safe(text));
    std::string json = format_import_report(result, written, en, true);
    require(wellformed::json(json).empty(), "import report (JSON)", wellformed::json(json));
  }
}

} // namespace shitong::fuzz
