// The material rules (docs/format.md §8): material-issuer-missing, and material-duplicate
// twice: by normalised name here for every catalog, and by registry alias (two names of one
// proof) for catalogs a registry governs, called from the proof audit (certs_local.cpp).
#include <shitong/normalize.hpp>

#include "check_internal.hpp"
#include "material_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace shitong::detail {

void check_materials(const Item &it, const std::string &base, FileEmitter &e) {
  const std::string &code = it.code.value;
  auto emit = [&](RuleId rule, Pos pos, const std::string &sub, std::string zh, std::string en) -> Finding & {
    return e.emit(rule, pos, base + "." + sub, code, std::move(zh), std::move(en));
  };
  std::unordered_map<std::string, std::size_t> seen_materials;
  for (std::size_t m = 0; m < it.materials.size(); ++m) {
    const Material &mat = it.materials.items[m];
    auto mpath = [m] { return fmt::format("materials[{}]", m); }; // only for a finding
    std::string_view type = mat.effective_type();
    bool needs_issuer = type == "证明" || (mat.source.present && mat.source.value == "政府部门核发");
    if (needs_issuer && (!mat.issuer.present || is_blank(mat.issuer.value)))
      emit("material-issuer-missing", mat.pos, mpath(),
           fmt::format("材料「{}」{}，但没有写出具机构（issuer）", mat.name.value,
                       type == "证明" ? "是证明" : "由政府部门核发"),
           fmt::format("material '{}' is {} but has no issuer", mat.name.value,
                       type == "证明" ? "a proof (证明)" : "issued by a government body"));
    if (!mat.name.present) continue;
    auto key = normalize_text(mat.name.value);
    auto [it2, inserted] = seen_materials.emplace(key, m);
    if (!inserted) {
      const Material &first = it.materials.items[it2->second];
      auto &x = emit("material-duplicate", mat.name.pos, mpath() + ".name",
                     fmt::format("材料「{}」与第 {} 项材料「{}」重复（重复证明）；删除其中一项", mat.name.value,
                                 it2->second + 1, first.name.value),
                     fmt::format("material '{}' duplicates material {} '{}'; remove one", mat.name.value,
                                 it2->second + 1, first.name.value));
      x.related.push_back(e.loc(first.name.pos, first.name.value));
    }
  }
}

void AliasDuplicates::add(std::size_t m, const std::string &normalised, const std::string &canonical) {
  auto [prev, fresh] = m_seen.emplace(canonical, m);
  if (fresh) return;
  const Material &first = m_item.materials.items[prev->second];
  if (normalize_text(first.name.value) == normalised) return; // the same name: reported by check_materials
  const Material &mat = m_item.materials.items[m];
  emit(m_out, "material-duplicate", Location{m_node.path, mat.name.pos.line, mat.name.pos.column, {}, false},
       {m_node.code, m_item.code.value, fmt::format("items[{}].materials[{}].name", m_index, m)},
       fmt::format(
           "材料「{}」与第 {} 项材料「{}」是同一证明（证明事项清单中的别名，标准名称「{}」），重复索要；删除其中一项",
           mat.name.value, prev->second + 1, first.name.value, canonical),
       fmt::format("material '{}' is the same proof as material {} '{}' (registry alias of '{}'); remove one",
                   mat.name.value, prev->second + 1, first.name.value, canonical))
      .related.push_back(Location{m_node.path, first.name.pos.line, first.name.pos.column, first.name.value, false});
}

} // namespace shitong::detail
