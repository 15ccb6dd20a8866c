// Internal: what the per-file rule families share. check.cpp runs them over one loaded file;
// each family lives in the file named after it (docs/ARCHITECTURE.md has the table):
// region_rules.cpp (region-*), item_rules.cpp (code-*, name-duplicate and the other item
// rules), material_rules.cpp (material-*).
#pragma once

#include <shitong/check.hpp>

#include "rules_internal.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace shitong {
class AgencyIndex; // code_checks.hpp
}

namespace shitong::detail {

/// Emits the findings of one loaded file: location in that file, the catalog's region.
class FileEmitter {
public:
  FileEmitter(const LoadedFile &f, std::vector<Finding> &out) : m_file(f), m_out(out) {}
  Finding &emit(RuleId rule, Pos pos, std::string path, std::string item, std::string zh, std::string en) {
    return detail::emit(m_out, rule, Location{m_file.path, pos.line, pos.column, {}},
                        {m_file.catalog.region.code.value, std::move(item), std::move(path)}, std::move(zh),
                        std::move(en));
  }
  Location loc(Pos p, std::string label = {}) const {
    return Location{m_file.path, p.line, p.column, std::move(label)};
  }

private:
  const LoadedFile &m_file;
  std::vector<Finding> &m_out;
};

/// region-unknown, region-retired, region-level of a catalog's header (region_rules.cpp).
void check_catalog_region(const LoadedFile &f, FileEmitter &e);
/// region-unknown, region-retired of a registry's scope (region_rules.cpp).
void check_registry_scope(const LoadedFile &f, std::vector<Finding> &out);

/// A catalog's claim on a region: its file and its region.code (with position).
struct RegionClaim {
  std::string file;
  Text code;
};
/// region-duplicate: each claim after the first on the same region code, in the given order
/// (region_rules.cpp).
void check_region_duplicates(const std::vector<RegionClaim> &claims, std::vector<Finding> &out);

/// The rules of one item that need only the item and its catalog (item_rules.cpp).
void check_item(const LoadedFile &f, const CheckContext &ctx, std::size_t index, const Item &it,
                const AgencyIndex &agencies, FileEmitter &e);
/// code-duplicate and name-duplicate over the items of one catalog (item_rules.cpp).
void check_item_duplicates(const LoadedFile &f, FileEmitter &e);

/// material-issuer-missing and material-duplicate (by normalised name) of one item; `base` is
/// the item's path, e.g. items[3] (material_rules.cpp).
void check_materials(const Item &it, const std::string &base, FileEmitter &e);

} // namespace shitong::detail
