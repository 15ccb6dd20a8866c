// The proof registries of a run (证明事项清单, docs/format.md §5): their names and aliases by
// normalised name, their odd-proof patterns, and which of them govern a region (most local
// first). Building them reports odd patterns that are not regular expressions (wrong-type).
#include <shitong/certs.hpp>
#include <shitong/normalize.hpp>
#include <shitong/regions.hpp>

#include "certs_internal.hpp"
#include "rules_internal.hpp"
#include "util.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xxhash.h>

#include <algorithm>

namespace shitong::detail {

namespace {

std::string registry_title(const std::string &scope) {
  if (scope == "000000") return "全国证明事项清单";
  RegionStatus st = lookup_region(scope);
  return (st.name.empty() ? scope : st.name) + "证明事项清单";
}

} // namespace

std::string set_key_of(const std::vector<int> &governing) {
  return fmt::format("{}", fmt::join(governing, ","));
}

Finding &add_finding(std::vector<Finding> &out, RuleId rule, const LevelNode &n, Pos pos, std::string path,
                     std::string item, std::string zh, std::string en) {
  return emit(out, rule, Location{n.path, pos.line, pos.column, {}, false}, {n.code, std::move(item), std::move(path)},
              std::move(zh), std::move(en));
}

std::uint32_t CertDigest::intern(std::string_view s, Ids &ids) {
  const std::uint64_t h = XXH3_64bits(s.data(), s.size());
  for (auto [at, end] = ids.equal_range(h); at != end; ++at) // more than one only on a collision
    if (strings[at->second] == s) return at->second;
  auto id = static_cast<std::uint32_t>(strings.size());
  ids.emplace(h, id);
  strings.push_back(s);
  hashes.push_back(h);
  return id;
}

std::vector<int> Registries::governing(const std::string &code) const {
  std::vector<int> g;
  for (std::size_t i = 0; i < list.size(); ++i)
    if (registry_governs(list[i].scope, code)) g.push_back(static_cast<int>(i));
  std::stable_sort(g.begin(), g.end(), [&](int a, int b) {
    return list[static_cast<std::size_t>(a)].specificity > list[static_cast<std::size_t>(b)].specificity;
  });
  return g;
}

Registries build_registries(const std::vector<const LoadedFile *> &files) {
  Registries out;
  for (const LoadedFile *f : files) {
    if (f->kind != DocKind::certificates || !f->readable || !f->certificates.scope.present) continue;
    const Certificates &c = f->certificates;
    Registry r{f, c.scope.value, registry_title(c.scope.value), 0, {}, {}, {}};
    r.specificity = c.scope.value == "000000" ? 0 : 1 + static_cast<int>(level_from_code(c.scope.value));
    auto add_names = [&](auto &map, const auto &list) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto &e = list.items[i];
        std::string name = normalize_text(e.name.value);
        map.emplace(name, RegistryEntry{i, e.name.pos, name});
        for (const auto &a : e.aliases.items) map.emplace(normalize_text(a.value), RegistryEntry{i, a.pos, name});
      }
    };
    add_names(r.retained, c.retained);
    add_names(r.cancelled, c.cancelled);
    for (const auto &o : c.odd.items) {
      Pattern::Error error;
      Pattern re = Pattern::compile(o.pattern.value, error);
      if (re.valid())
        r.odd.push_back({std::move(re), o.reason.value, o.pattern.pos});
      else
        emit(out.findings, "cert-pattern", Location{f->path, o.pattern.pos.line, o.pattern.pos.column, {}, false},
             {c.scope.value, {}, "odd.pattern"}, fmt::format("奇葩证明模式无法使用，未参与检查：{}", error.zh),
             fmt::format("odd-proof pattern cannot be used and was skipped: {}", error.en));
    }
    out.list.push_back(std::move(r));
  }
  return out;
}

} // namespace shitong::detail
