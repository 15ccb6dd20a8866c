// Text normalisation of docs/format.md §4.1: full-width ASCII folded to half-width, runs of white space
// collapsed to one space, leading and trailing white space removed. Used wherever two values
// are "the same" (duplicate names, materials, and the cross-level comparison).
#pragma once

#include <string>
#include <string_view>

namespace shitong {

/// Normalised form of `text` (valid UTF-8 expected; invalid bytes are kept as they are).
std::string normalize_text(std::string_view text);

/// True when `text` is empty after normalisation.
bool is_blank(std::string_view text);

} // namespace shitong
