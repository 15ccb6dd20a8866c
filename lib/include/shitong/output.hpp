// Writing files safely: every file the toolkit writes goes through here, so a crash or a
// full disk never leaves a half-written file behind and nothing is overwritten by accident.
// The output policy on top of the atomic writer is the one place every command (report, list,
// baseline, schema, starter repository) asks whether it may write a file and then writes it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// Writes `content` to `path` atomically: a temporary file in the same directory, flushed,
/// then renamed over the target. Creates missing parent directories. Returns "" on success,
/// else a message saying what failed (the temporary file is removed).
/// With `overwrite` false an existing `path` is left alone and the result says it exists; the
/// check and the write are one step (a hard link), so no file that appears meanwhile is lost.
std::string write_file_atomic(const std::string &path, std::string_view content, bool overwrite = true);

/// What one run may write. `inputs` are the run's input files and folders (as given on the
/// command line, plus the config file); nothing is ever written onto them, nor onto a .yaml/.yml
/// file inside an input folder, nor onto any existing catalog or proof registry (a file whose
/// header says `kind: catalog` or `kind: certificates`) unless the output is itself YAML (`init`) --
/// not even with `force`.
struct OutputPolicy {
  std::vector<std::string> inputs;
  bool force = false;   ///< replace existing files (--force); without it an existing file is an error
  bool english = false; ///< language of the messages (default Chinese)
};

/// The file extensions that fit `format` ("text", "json", "sarif", "junit", "github", "markdown"
/// or "md", "html", "csv", "xlsx", "dot", "mermaid", "baseline", "schema", "yaml"), without
/// the dot, preferred first. Empty for an unknown format (then any extension is accepted).
std::vector<std::string> output_extensions(std::string_view format);

/// Checks, before anything is computed, whether a `format` file may be written at `path`:
/// not an input or catalog, an extension that fits the format (a path without extension and a
/// device such as /dev/stdout always fit), not an existing file unless `force`, a folder that
/// exists or can be created and that is writable. Returns "" when it may, else the reason in
/// the policy's language (the caller exits with 2).
std::string check_output(const std::string &path, std::string_view format, const OutputPolicy &policy);

/// check_output, then write_file_atomic (replacing only with `force`). Returns "" on success,
/// else the reason, naming the real cause (permission denied, read-only file system, ...).
std::string write_output(const std::string &path, std::string_view content, std::string_view format,
                         const OutputPolicy &policy);

} // namespace shitong
