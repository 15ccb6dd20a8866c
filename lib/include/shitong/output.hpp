// Writing files safely: every file the toolkit writes goes through here, so a crash or a
// full disk never leaves a half-written file behind and nothing is overwritten by accident.
#pragma once

#include <string>
#include <string_view>

namespace shitong {

/// Writes `content` to `path` atomically: a temporary file in the same directory, flushed,
/// then renamed over the target. Creates missing parent directories. Returns "" on success,
/// else a message saying what failed (the temporary file is removed).
std::string write_file_atomic(const std::string &path, std::string_view content);

} // namespace shitong
