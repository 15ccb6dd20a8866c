// Loading one YAML file into the typed model. The loader never throws on bad input: syntax
// errors, encoding problems, duplicate keys, aliases, unknown keys, wrong types and bad
// enumeration values all become findings, and the model holds whatever could be read.
#pragma once

#include <shitong/catalog.hpp>
#include <shitong/finding.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// An inline `# shitong-ignore: <rule> <reason>` comment.
struct IgnoreComment {
  std::uint32_t line = 0; ///< line of the comment itself
  std::uint32_t column = 0;
  std::uint32_t target_line = 0; ///< line whose findings it silences
  std::string rule;
  std::string reason;
};

struct LoadedFile {
  std::string path;
  DocKind kind = DocKind::unknown;
  bool readable = true;      ///< false when encoding or syntax errors stopped reading
  Catalog catalog;           ///< filled when kind == catalog
  Certificates certificates; ///< filled when kind == certificates
  std::vector<Finding> findings;
  std::vector<IgnoreComment> ignores;
  std::uint64_t bytes = 0;
  std::string io_error; ///< non-empty when the file could not be read at all
};

/// Limits that keep hostile input bounded.
struct LoadLimits {
  std::uint32_t max_depth = 64;           ///< deeper nesting is a yaml-syntax finding
  std::uint64_t max_bytes = 512ull << 20; ///< larger files are not read
  std::uint32_t max_list = 100000;        ///< entries of a top-level list (items, retained, …) read
  std::uint32_t max_text = 4000;          ///< code points of a text value kept; the rest is cut off
  std::uint32_t max_findings = 100000;    ///< format findings of one file before reading stops
};

/// Loads a document from memory. `path` is used only for locations.
LoadedFile load_document(const std::string &path, std::string_view content, const LoadLimits &limits = {});

/// Reads and loads a file; never throws. When the file cannot be read, `io_error` says why
/// and the result holds no findings (the run reports it as an error of the run, exit code 2).
LoadedFile load_file(const std::string &path, const LoadLimits &limits = {});

} // namespace shitong
