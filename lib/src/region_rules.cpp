// The region rules (docs/format.md §8): region-unknown, region-retired and region-level of a
// catalog's header and a registry's scope, and region-duplicate across the catalogs of a run.
#include <shitong/regions.hpp>

#include "check_internal.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <unordered_map>

namespace shitong::detail {

void check_catalog_region(const LoadedFile &f, FileEmitter &e) {
  const Catalog &c = f.catalog;
  if (!c.region.present || !c.region.code.present) return;
  const std::string &code = c.region.code.value;
  bool six = code.size() == 6 && code.find_first_not_of("0123456789") == std::string::npos;
  if (!six) {
    e.emit("region-unknown", c.region.code.pos, "region.code", {},
           fmt::format("行政区划代码「{}」应为 6 位数字（GB/T 2260）", code),
           fmt::format("region code '{}' must be 6 digits (GB/T 2260)", code));
    return;
  }
  RegionStatus st = lookup_region(code);
  if (st.kind == RegionStatus::unknown) {
    e.emit("region-unknown", c.region.code.pos, "region.code", {},
           fmt::format("行政区划代码 {} 不在现行 GB/T 2260 代码表中", code),
           fmt::format("region code {} is not in the current GB/T 2260 list", code));
  } else if (st.kind == RegionStatus::retired) {
    std::string repl_zh, repl_en;
    for (auto &[rc, rn] : st.replacements) {
      repl_zh += (repl_zh.empty() ? "" : "、") + rc + " " + rn;
      repl_en += (repl_en.empty() ? "" : ", ") + rc + " " + rn;
    }
    e.emit("region-retired", c.region.code.pos, "region.code", {},
           repl_zh.empty() ? fmt::format("行政区划代码 {}（{}）已于 {} 年撤销", code, st.name, st.retired_year)
                           : fmt::format("行政区划代码 {}（{}）已于 {} 年撤销，现为 {}；请改用新代码", code, st.name,
                                         st.retired_year, repl_zh),
           repl_en.empty()
               ? fmt::format("region code {} ({}) was retired in {}", code, st.name, st.retired_year)
               : fmt::format("region code {} ({}) was retired in {}; use {}", code, st.name, st.retired_year, repl_en));
  }
  RegionLevel want = level_from_code(code);
  RegionLevel got;
  if (c.region.level.present && parse_level(c.region.level.value, got) && got != want)
    e.emit("region-level", c.region.level.pos, "region.level", {},
           fmt::format("region.level 为 {}，但代码 {} 是{}级区划，应为 level: {}", c.region.level.value, code,
                       level_zh(want), level_key(want)),
           fmt::format("region.level is {}, but code {} is a {}-level code: use level: {}", c.region.level.value, code,
                       level_key(want), level_key(want)));
  if (c.parent.present) {
    auto anc = ancestor_codes(code);
    bool ok = std::find(anc.begin(), anc.end(), c.parent.value) != anc.end();
    if (!ok) {
      std::string allowed_zh = anc.empty() ? "省级目录没有上级" : "应为 " + fmt::format("{}", fmt::join(anc, " 或 "));
      std::string allowed_en =
          anc.empty() ? "a province has no parent" : "use " + fmt::format("{}", fmt::join(anc, " or "));
      e.emit("region-level", c.parent.pos, "parent", {},
             fmt::format("parent {} 不是 {} 的上级区划；{}", c.parent.value, code, allowed_zh),
             fmt::format("parent {} is not an ancestor of {}; {}", c.parent.value, code, allowed_en));
    }
  }
}

void check_registry_scope(const LoadedFile &f, std::vector<Finding> &out) {
  if (f.kind != DocKind::certificates || !f.readable || !f.certificates.scope.present) return;
  const std::string &scope = f.certificates.scope.value;
  if (scope == "000000") return;
  RegionStatus st = lookup_region(scope);
  if (st.kind == RegionStatus::current) return;
  Location where{f.path, f.certificates.scope.pos.line, f.certificates.scope.pos.column, {}};
  if (st.kind == RegionStatus::retired) {
    std::string r = st.replacements.empty() ? "" : st.replacements.front().first + " " + st.replacements.front().second;
    emit(out, "region-retired", where, {scope, {}, "scope"},
         fmt::format("适用范围区划代码 {}（{}）已撤销{}", scope, st.name, r.empty() ? "" : "，现为 " + r),
         fmt::format("scope {} ({}) is a retired region code{}", scope, st.name, r.empty() ? "" : "; use " + r));
  } else {
    emit(out, "region-unknown", where, {scope, {}, "scope"},
         fmt::format("适用范围「{}」不是现行行政区划代码（全国用 000000）", scope),
         fmt::format("scope '{}' is not a current region code (000000 means national)", scope));
  }
}

void check_region_duplicates(const std::vector<RegionClaim> &claims, std::vector<Finding> &out) {
  std::unordered_map<std::string, std::size_t> first_of;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const RegionClaim &c = claims[i];
    auto [p, inserted] = first_of.emplace(c.code.value, i);
    if (inserted) continue;
    const RegionClaim &first = claims[p->second];
    emit(out, "region-duplicate", Location{c.file, c.code.pos.line, c.code.pos.column, {}},
         {c.code.value, {}, "region.code"},
         fmt::format("区划 {} 已有目录 {}；一个区划只能有一个目录", c.code.value, first.file),
         fmt::format("region {} already has a catalog in {}; one catalog per region", c.code.value, first.file))
        .related.push_back(Location{first.file, first.code.pos.line, first.code.pos.column, {}});
  }
}

} // namespace shitong::detail
