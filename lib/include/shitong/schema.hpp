// JSON Schemas of the file formats, generated from the same field tables the loader uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// Names of the schemas: "catalog", "certificates", "config".
const std::vector<std::string_view> &schema_names();
/// The schema text (pretty JSON, ending in a newline), or "" for an unknown name.
std::string schema_json(std::string_view name);

} // namespace shitong
