// Writing files safely: every file the toolkit writes goes through here, so a crash or a
// full disk never leaves a half-written file behind and nothing is overwritten by accident.
#pragma once

#include <string>
#include <string_view>

namespace shitong {

/// Writes `content` to `path` atomically: a temporary file in the same directory, flushed,
/// then renamed over the target. Creates missing parent directories. Returns "" on success,
/// else a message saying what failed (the temporary file is removed).
/// With `overwrite` false an existing `path` is left alone and the result says it exists; the
/// check and the write are one step (a hard link), so no file that appears meanwhile is lost.
std::string write_file_atomic(const std::string &path, std::string_view content, bool overwrite = true);

} // namespace shitong
