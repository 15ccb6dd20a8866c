// The local stage of the proof audit, per catalog: each material classified by the governing
// registries (the most local registry that lists or matches it decides), the rules
// cert-no-registry (nothing governs the catalog), cert-cancelled, cert-odd and cert-unlisted, material-duplicate by
// alias (material_rules.cpp), and the catalog's CertDigest for the global stage (certs_graph.cpp).
#include <shitong/certs.hpp>
#include <shitong/normalize.hpp>

#include "certs_internal.hpp"
#include "material_rules.hpp"
#include "rules_internal.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace shitong::detail {

namespace {

// cert-no-registry: the audit of the catalog's proofs is not silently empty.
void report_no_registry(const LevelNode &n, const Catalog &cat, std::vector<Finding> &out) {
  Pos at = cat.region.code.pos.line ? cat.region.code.pos : Pos{1, 1};
  add_finding(out, "cert-no-registry", n, at, "region.code", {},
              fmt::format("没有任何证明事项清单管到 {} {}（清单的 scope 为 000000 或本区划及其上级），本目录的证明事项"
                          "未作检查；把管到它的清单与目录一起检查",
                          n.code, n.name),
              fmt::format("no proof registry governs {} {} (a registry with scope 000000, this region or one above "
                          "it): its proofs were not audited; check the registries together with the catalog",
                          n.code, n.name));
}

} // namespace

CertDigest certs_local(const Registries &registries, const LevelNode &n, const Catalog &cat, VerdictCache &cache,
                       std::vector<Finding> &out) {
  const auto &regs = registries.list;
  CertDigest dg;
  CertDigest::Ids ids;
  ids.reserve(cat.items.items.size() * 4);
  dg.intern("", ids);
  const std::vector<int> governing = registries.governing(n.code);
  auto &set_cache = cache[set_key_of(governing)];
  // The verdict of the governing registries on a normalised name: the most local registry that
  // lists the name (or an alias) in retained/cancelled, or matches it with an odd pattern,
  // decides. Its entry's name is the canonical name within this catalog's registries.
  auto classify = [&](const std::string &name) -> const Verdict & {
    auto it = set_cache.find(name);
    if (it != set_cache.end()) return it->second;
    Verdict v;
    v.canonical = name;
    for (int g : governing) {
      const Registry &r = regs[static_cast<std::size_t>(g)];
      if (auto e = r.retained.find(name); e != r.retained.end()) {
        v = {ProofStatus::retained, g, {}, e->second.pos, e->second.name};
        break;
      }
      if (auto e = r.cancelled.find(name); e != r.cancelled.end()) {
        v = {ProofStatus::cancelled, g, r.file->certificates.cancelled.items[e->second.index].replaced_by.value,
             e->second.pos, e->second.name};
        break;
      }
      bool hit = false;
      for (const auto &o : r.odd)
        if (o.re.search(name)) {
          v = {ProofStatus::odd, g, o.reason, o.pos, name};
          hit = true;
          break;
        }
      if (hit) break;
    }
    return set_cache.emplace(name, std::move(v)).first->second;
  };
  const bool governed = !governing.empty();
  if (!governed) report_no_registry(n, cat, out);
  const auto &items = cat.items.items;
  dg.items.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item &it = items[i];
    CertDigest::ItemInfo info;
    info.pos = it.pos;
    info.code = dg.intern(it.code.value, ids);
    info.name = dg.intern(it.name.value, ids);
    info.sub_name = it.sub_name.present ? dg.intern(it.sub_name.value, ids) : 0;
    info.outputs_begin = static_cast<std::uint32_t>(dg.outputs.size());
    for (const auto &o : it.outputs.items) dg.outputs.push_back(dg.intern(normalize_text(o.value), ids));
    info.outputs_end = static_cast<std::uint32_t>(dg.outputs.size());
    dg.items.push_back(info);
    AliasDuplicates aliases(n, it, i, out); // material-duplicate by alias
    for (std::size_t m = 0; m < it.materials.size(); ++m) {
      const Material &mat = it.materials.items[m];
      if (!mat.name.present) continue;
      std::string norm = normalize_text(mat.name.value);
      const Verdict *verdict = governed ? &classify(norm) : nullptr;
      const std::string &cname = verdict ? verdict->canonical : norm;
      CertDigest::MaterialInfo mi;
      mi.item = static_cast<std::uint32_t>(i);
      mi.index = static_cast<std::uint32_t>(m);
      mi.pos = mat.name.pos;
      mi.name = dg.intern(mat.name.value, ids);
      mi.canonical = dg.intern(cname, ids);
      mi.is_proof = mat.effective_type() == "证明";
      if (governed) {
        const Verdict &v = *verdict;
        mi.status = v.status;
        mi.registry = v.registry;
        mi.detail = dg.intern(v.detail, ids);
        if (v.status == ProofStatus::other && mi.is_proof) mi.status = ProofStatus::unlisted;
        auto path = [&] { return fmt::format("items[{}].materials[{}].name", i, m); }; // only for a finding
        const Registry *r = v.registry >= 0 ? &regs[static_cast<std::size_t>(v.registry)] : nullptr;
        auto entry = [&] { // the registry entry, for a finding
          return r ? Location{r->file->path, v.entry.line, v.entry.column, r->title, false} : Location{};
        };
        if (mi.status == ProofStatus::cancelled) {
          add_finding(out, "cert-cancelled", n, mat.name.pos, path(), it.code.value,
                      fmt::format("「{}」已被{}取消（改为：{}）；不得再要求申请人提供，请删除这项材料", mat.name.value,
                                  r->title, v.detail),
                      fmt::format("'{}' was cancelled by the {} registry (now: {}); do not ask for it", mat.name.value,
                                  r->scope, v.detail))
              .related.push_back(entry());
          out.back().suggestion = v.detail; // what replaces it: recorded by `fix --unsafe`
        } else if (mi.status == ProofStatus::odd) {
          add_finding(out, "cert-odd", n, mat.name.pos, path(), it.code.value,
                      fmt::format("「{}」属于奇葩证明：{}", mat.name.value, v.detail),
                      fmt::format("'{}' is an odd proof (奇葩证明): {}", mat.name.value, v.detail))
              .related.push_back(entry());
          out.back().suggestion = v.detail; // the reason: recorded by `fix --unsafe`
        } else if (mi.status == ProofStatus::unlisted) {
          add_finding(
              out, "cert-unlisted", n, mat.name.pos, path(), it.code.value,
              fmt::format("证明「{}」不在适用的保留证明事项清单中：清单之外不得索要证明；删除它，或由主管部门列入清单",
                          mat.name.value),
              fmt::format("proof '{}' is not in any governing retained list: no proof outside the list may be demanded",
                          mat.name.value));
        }
        aliases.add(m, norm, cname);
      }
      dg.materials.push_back(mi);
    }
  }
  return dg;
}

} // namespace shitong::detail
