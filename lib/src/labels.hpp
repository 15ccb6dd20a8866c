// Internal: how items and units are named in messages and reports, in one place.
#pragma once

#include <shitong/catalog.hpp>

#include <string>
#include <string_view>

namespace shitong::detail {

/// "<code> <name>（<sub_name>）", without the brackets when sub_name is empty.
std::string item_title(std::string_view code, std::string_view name, std::string_view sub_name);
/// The title of an item of the model (its sub_name only when present and not empty).
std::string item_title(const Item &it);

/// The English name of a 时限 unit: "calendar days" for 自然日, else "working days" (工作日,
/// the default).
std::string_view unit_en(std::string_view unit);

} // namespace shitong::detail
