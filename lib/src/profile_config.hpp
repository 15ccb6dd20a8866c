// Internal: an office's own code profiles, `code_profiles:` of `.shitong.yaml`
// (docs/configuration.md, 编码方案). Each definition is checked to the last detail and built into
// a CodeProfile like the shipped ones; every mistake is reported through one callback (the
// config loader makes it a `config` finding), and a definition with any mistake is not used.
#pragma once

#include "code_profile.hpp"
#include "fields.hpp"

#include <shitong/finding.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// Reports one mistake of a definition: where, the field path, the messages.
using ProfileProblem = std::function<void(Pos pos, std::string path, std::string zh, std::string en)>;

struct DefinedProfiles {
  std::vector<std::shared_ptr<const CodeProfile>> usable;
  std::vector<std::string> broken; ///< names of definitions with a mistake (not used)
};

/// Checks and builds the definitions of `code_profiles:`. `earlier` holds the findings the
/// reader already made (a definition with one of them under its path is broken too).
DefinedProfiles define_profiles(const detail::NamedMap<detail::ProfileSpec> &specs, const std::vector<Finding> &earlier,
                                const ProfileProblem &problem);

/// The most characters a string matched by the RE2 pattern `pattern` can have, or nullopt when
/// it is unbounded (*, +, {n,}) or the pattern uses something this estimate does not follow.
std::optional<std::size_t> longest_match(std::string_view pattern);

} // namespace shitong
