// Internal: applying the configuration to raw findings: severities, `off` rules, ignore entries and
// inline `# shitong-ignore:` comments, plus the unused-ignore findings. validate() does this
// once, after every check (so checks never depend on the configuration).
#pragma once

#include <shitong/config.hpp>
#include <shitong/finding.hpp>
#include <shitong/loader.hpp>

#include <string>
#include <vector>

namespace shitong {

/// The inline `# shitong-ignore:` comments of one file.
struct InlineIgnores {
  std::string file;
  std::vector<IgnoreComment> comments;
};
/// Applies severities, `off` rules, config ignore entries and inline comments to raw findings,
/// and adds unused-ignore findings.
void apply_config(std::vector<Finding> &findings, const Config &config,
                  const std::vector<InlineIgnores> &inline_ignores);

} // namespace shitong
