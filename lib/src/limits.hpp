// Internal: the user-facing limits of `.shitong.yaml` (config.hpp: Limits) turned into the
// loader's bounds, and the per-file cap on listed findings. docs/configuration.md, "limits".
#pragma once

#include <shitong/config.hpp>
#include <shitong/finding.hpp>
#include <shitong/loader.hpp>

#include <string>
#include <vector>

namespace shitong::detail {

/// The loader's bounds for a run with these limits (the reader stops storing format findings
/// at ten times findings_per_file, at least 10,000).
LoadLimits load_limits(const Limits &limits);

/// A text that changes whenever a limit changes (part of the cache's check fingerprint).
std::string limits_fingerprint(const Limits &limits);

/// Keeps the first `findings_per_file` findings of each file of `sorted` (sorted by file), and every
/// `limit` finding, and
/// adds, after them, one `limit` finding that counts the others — unless `limit` is off.
void cap_findings(std::vector<Finding> &sorted, const Config &config);

} // namespace shitong::detail
