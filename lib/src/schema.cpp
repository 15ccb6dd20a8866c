#include <shitong/import.hpp>
#include <shitong/schema.hpp>

#include "fields.hpp"

namespace shitong {

const std::vector<std::string_view> &schema_names() {
  static const std::vector<std::string_view> names = {"catalog", "certificates", "config", "mapping"};
  return names;
}

std::string schema_json(std::string_view name) {
  if (name == "catalog") return detail::document_schema(detail::k_catalog);
  if (name == "certificates") return detail::document_schema(detail::k_certificates);
  if (name == "config") return detail::config_schema();
  if (name == "mapping") return mapping_schema();
  return {};
}

} // namespace shitong
