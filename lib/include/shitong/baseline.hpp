// Baselines: accepted findings recorded once (`shitong baseline`), so that CI reports only new
// ones (`validate --baseline FILE`). Entries are keyed by stable_key() -- rule, region, item,
// field path without indexes, message without numbers -- never by line numbers, so edits
// elsewhere in a file do not invalidate them.
#pragma once

#include <shitong/validate.hpp>

#include <string>
#include <vector>

namespace shitong {

struct BaselineEntry {
  std::string key; ///< stable_key() of the finding
  std::string rule, region, item, path, message;
  long long count = 1; ///< how many findings share the key
};

struct Baseline {
  std::vector<BaselineEntry> entries;
  std::vector<Finding> problems; ///< the file could not be read or is malformed
};

/// The baseline of a result's findings, as JSON (stable keys; docs/ci.md).
std::string baseline_json(const ValidateResult &result);

/// Reads a baseline file written by baseline_json. Never throws.
Baseline load_baseline(const std::string &path);

/// Removes the findings the baseline accepts and recomputes the summary. Returns the entries
/// that matched nothing any more (stale: the finding was fixed), with the unmatched count.
std::vector<BaselineEntry> apply_baseline(ValidateResult &result, const Baseline &baseline);

} // namespace shitong
