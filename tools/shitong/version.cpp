#include "build_info.hpp"

#include <shitong/version.hpp>

#include <fmt/format.h>

namespace shitong::cli {

std::string version_line() {
  return fmt::format("shitong {} (commit {}, {})", version_string(), build_commit(), build_target());
}

} // namespace shitong::cli
