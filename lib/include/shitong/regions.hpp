// GB/T 2260 administrative division codes (docs/format.md §6.4), built into the binary from the CC0
// table in lib/data/areacodes.csv: works offline, nothing to configure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shitong {

enum class RegionLevel { province, city, county };

/// "province" / "city" / "county".
const char *level_key(RegionLevel level);
/// "省" / "市" / "县".
const char *level_zh(RegionLevel level);
/// Parses "province" / "city" / "county".
bool parse_level(std::string_view text, RegionLevel &out);

/// The level implied by the shape of a 6-digit code: XX0000 province, XXYY00 city, else county.
RegionLevel level_from_code(std::string_view code);

/// True for the four 直辖市 (11, 12, 31, 50): their districts have no city above them.
bool is_municipality_code(std::string_view code);
/// True for 省直辖县级行政单位 (XX90YY): no city above them.
bool is_province_direct_code(std::string_view code);

/// The codes of the possible ancestors of a region, nearest first: a county's city (when it
/// has one) and its province; a city's province; nothing for a province.
std::vector<std::string> ancestor_codes(std::string_view code);

struct RegionStatus {
  enum Kind { current, retired, unknown } kind = unknown;
  std::string name;      ///< current or last name
  std::string full_name; ///< e.g. 山东省济南市历下区
  /// For retired codes: the current codes that replace it, with their names.
  std::vector<std::pair<std::string, std::string>> replacements;
  std::string retired_year;
};

/// Looks a code up in the built-in table.
RegionStatus lookup_region(std::string_view code);

} // namespace shitong
