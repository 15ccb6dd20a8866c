// Level rules (docs/format.md §7, §8 level-*): hierarchy, reference resolution, ten-field comparison,
// items outside the catalog, code mismatches and missing items.
#include <shitong/levels.hpp>
#include <shitong/normalize.hpp>

#include "labels.hpp"
#include "levels_internal.hpp"
#include "parallel.hpp"
#include "rules_internal.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <unordered_map>

namespace shitong {

namespace {

std::string name_key(const Item &it) {
  return normalize_text(it.name.value) + '\x1f' + normalize_text(it.sub_name.value);
}

std::string item_label(const LevelNode &n, const Item &it) {
  return fmt::format("{} {} · {}", n.code, n.name, detail::item_title(it));
}

/// What a report prints of an item that differs from its reference.
void label(ItemComparison &c, const Item &it, const Item &ref) {
  c.code = it.code.value;
  c.name = it.name.value;
  if (it.sub_name.present) c.sub_name = it.sub_name.value;
  c.line = it.pos.line;
  c.ref_line = ref.pos.line;
}

/// The comparison of item `i` with its reference `ref` (item `ref_item` of node `ref_node`).
ItemComparison comparison(const Item &it, std::size_t i, const LevelNode &rn, int ref_node, const Item &ref,
                          std::size_t ref_item) {
  ItemComparison c;
  c.item = i;
  c.ref_node = ref_node;
  c.ref_input = rn.input;
  c.ref_item = ref_item;
  c.diffs = compare_items(it, ref);
  if (!c.diffs.empty()) label(c, it, ref);
  return c;
}

Location ref_location(const LevelNode &n, const Item &it, Pos pos) {
  Pos p = pos.line ? pos : it.pos;
  return Location{n.path, p.line, p.column, item_label(n, it), true};
}

bool six_digits(const std::string &s) {
  return s.size() == 6 && s.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

namespace detail {

LevelIndex index_catalog(const Catalog &cat) {
  LevelIndex ix;
  const auto &items = cat.items.items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].code.present) ix.by_code.emplace(items[i].code.value, i);
    if (items[i].name.present) ix.by_name.emplace(name_key(items[i]), i);
  }
  return ix;
}

std::vector<std::string> chain_codes(const std::string &code, const Text &parent) {
  auto ancestors = ancestor_codes(code);
  if (parent.present && std::find(ancestors.begin(), ancestors.end(), parent.value) != ancestors.end()) {
    auto from_parent = ancestor_codes(parent.value);
    ancestors.assign(1, parent.value);
    ancestors.insert(ancestors.end(), from_parent.begin(), from_parent.end());
  }
  return ancestors;
}

std::vector<LevelNode> build_hierarchy(const std::vector<NodeHeader> &headers) {
  std::vector<LevelNode> nodes;
  std::unordered_map<std::string, int> by_region;
  for (const NodeHeader &h : headers) {
    if (h.kind != DocKind::catalog || !h.readable) continue;
    const std::string &code = h.code;
    if (!six_digits(code) || by_region.count(code)) continue; // region-duplicate is reported elsewhere
    LevelNode n;
    n.file = h.file;
    n.path = h.path;
    n.input = h.input;
    n.code = code;
    n.name = h.name;
    n.level = level_from_code(code);
    n.parent_text = h.parent;
    by_region.emplace(code, static_cast<int>(nodes.size()));
    nodes.push_back(std::move(n));
  }
  for (auto &n : nodes) {
    for (auto &a : chain_codes(n.code, n.parent_text))
      if (auto it = by_region.find(a); it != by_region.end()) n.chain.push_back(it->second);
    n.parent = n.chain.empty() ? -1 : n.chain.front();
  }
  return nodes;
}

// level-missing-item: upper items due at this level (their `levels`) that the catalog lacks.
template <class Emit>
void report_missing_items(const LevelNode &node, const Catalog &cat, const std::vector<ChainCatalog> &chain,
                          const std::vector<LevelNode> &nodes, const std::set<std::string> &covered,
                          CatalogUniformity &u, Emit &emit) {
  std::set<std::string> reported;
  const char *level = level_key(node.level);
  Pos where = cat.items.pos.line ? cat.items.pos : Pos{1, 1};
  for (const ChainCatalog &c : chain) {
    const LevelNode &rn = nodes[static_cast<std::size_t>(c.node)];
    for (const Item &up : c.catalog->items.items) {
      if (!up.code.present || covered.count(up.code.value) || reported.count(up.code.value)) continue;
      bool due = false;
      for (auto &l : up.levels.items) due = due || l.value == level;
      if (!due) continue;
      reported.insert(up.code.value);
      ++u.missing;
      emit("level-missing-item", where, "items", up.code.value,
           fmt::format("上级 {} 要求{}级实施的事项 {} 「{}」在本目录中缺失", rn.name, level_zh(node.level),
                       up.code.value,
                       up.name.value +
                           (up.sub_name.present && !up.sub_name.value.empty() ? "（" + up.sub_name.value + "）" : "")),
           fmt::format("item {} '{}' of {} is due at {} level but missing from this catalog", up.code.value,
                       up.name.value, rn.name, level),
           {ref_location(rn, up, up.code.pos)});
    }
  }
}

void compare_catalog(const std::vector<LevelNode> &nodes, std::size_t k, const Catalog &cat,
                     const std::vector<ChainCatalog> &chain, CatalogUniformity &u, std::vector<Finding> &out) {
  const LevelNode &node = nodes[k];
  u.items = cat.items.size();
  if (node.chain.empty()) return; // top of the inputs: checked on its own
  auto emit = [&](RuleId rule, Pos pos, std::string path, const std::string &item, std::string zh, std::string en,
                  std::vector<Location> related) {
    detail::emit(out, rule, Location{node.path, pos.line, pos.column, {}, false}, {node.code, item, std::move(path)},
                 std::move(zh), std::move(en))
        .related = std::move(related);
  };
  std::set<std::string> covered; // upper codes this catalog implements (by code or by name)
  for (std::size_t i = 0; i < cat.items.size(); ++i) {
    const Item &it = cat.items.items[i];
    if (!it.code.present) continue;
    covered.insert(it.code.value);
    std::string base = fmt::format("items[{}]", i);
    const ChainCatalog *ref_cat = nullptr;
    std::size_t ref_item = 0;
    for (const ChainCatalog &c : chain)
      if (auto f = c.index->by_code.find(it.code.value); f != c.index->by_code.end()) {
        ref_cat = &c;
        ref_item = f->second;
        break;
      }
    if (ref_cat) {
      const LevelNode &rn = nodes[static_cast<std::size_t>(ref_cat->node)];
      const Item &ref = ref_cat->catalog->items.items[ref_item];
      ItemComparison cmp = comparison(it, i, rn, ref_cat->node, ref, ref_item);
      ++u.with_reference;
      if (cmp.diffs.empty()) ++u.identical;
      std::array<bool, k_ten_fields> hit{};
      for (auto &d : cmp.diffs) {
        hit[static_cast<std::size_t>(d.field)] = true;
        emit(RuleId::of(d.rule), d.pos, base + "." + d.path, it.code.value, d.message_zh, d.message_en,
             {ref_location(rn, ref, d.ref_pos)});
      }
      for (std::size_t fidx = 0; fidx < k_ten_fields; ++fidx) u.field_mismatch[fidx] += hit[fidx];
      if (!cmp.diffs.empty()) u.compared.push_back(std::move(cmp));
      continue;
    }
    // not found by code: a code mismatch when the name matches an upper item; that item is
    // then the reference, and the other nine fields are compared with it too
    bool matched = false;
    for (const ChainCatalog &c : chain) {
      auto f = c.index->by_name.find(name_key(it));
      if (f == c.index->by_name.end()) continue;
      const LevelNode &rn = nodes[static_cast<std::size_t>(c.node)];
      const Item &ref = c.catalog->items.items[f->second];
      emit("level-code-mismatch", it.code.pos, base + ".code", it.code.value,
           fmt::format("事项「{}」在上级 {} 的事项编码是 {}，本级写作 {}；同一事项各层级事项编码必须一致",
                       it.name.value, rn.name, ref.code.value, it.code.value),
           fmt::format(
               "item '{}' has code {} in the upper catalog {} but {} here; codes must be identical at every level",
               it.name.value, ref.code.value, rn.name, it.code.value),
           {ref_location(rn, ref, ref.code.pos)});
      ItemComparison cmp = comparison(it, i, rn, c.node, ref, f->second);
      cmp.diffs.insert(cmp.diffs.begin(), FieldDiff{TenField::code,
                                                    std::string(RuleId("level-code-mismatch").id()),
                                                    it.code.pos,
                                                    ref.code.pos,
                                                    "code",
                                                    it.code.value,
                                                    ref.code.value,
                                                    {},
                                                    {}});
      label(cmp, it, ref);
      ++u.with_reference;
      ++u.code_mismatch;
      std::array<bool, k_ten_fields> hit{};
      for (auto &d : cmp.diffs) {
        hit[static_cast<std::size_t>(d.field)] = true;
        if (d.field == TenField::code) continue;
        emit(RuleId::of(d.rule), d.pos, base + "." + d.path, it.code.value, d.message_zh, d.message_en,
             {ref_location(rn, ref, d.ref_pos)});
      }
      for (std::size_t fidx = 0; fidx < k_ten_fields; ++fidx) u.field_mismatch[fidx] += hit[fidx];
      u.compared.push_back(std::move(cmp));
      covered.insert(ref.code.value);
      matched = true;
      break;
    }
    if (matched) continue;
    if (it.local_basis.present) {
      ++u.local;
      continue;
    }
    ++u.extra;
    std::vector<std::string> searched;
    for (const ChainCatalog &c : chain) searched.push_back(nodes[static_cast<std::size_t>(c.node)].name);
    emit("level-extra-item", it.code.pos, base + ".code", it.code.value,
         fmt::format("事项 {} "
                     "「{}」不在上级目录（{}）中，也没有地方设定依据（local_"
                     "basis）：目录之外不得擅自设权；删除它，或写明 local_basis",
                     it.code.value, it.name.value, fmt::join(searched, "、")),
         fmt::format("item {} '{}' is not in the upper catalogs ({}) and has no local_basis: no powers outside the "
                     "catalog; remove it or give its local_basis",
                     it.code.value, it.name.value, fmt::join(searched, ", ")),
         {});
  }
  report_missing_items(node, cat, chain, nodes, covered, u, emit);
}

} // namespace detail

LevelReport compare_levels(const std::vector<const LoadedFile *> &files, unsigned jobs) {
  LevelReport r;
  std::vector<detail::NodeHeader> headers;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const LoadedFile *f = files[i];
    headers.push_back({f, f->path, i, f->kind, f->readable, f->catalog.region.code.value, f->catalog.region.name.value,
                       f->catalog.parent});
  }
  r.nodes = detail::build_hierarchy(headers);
  std::vector<detail::LevelIndex> index(r.nodes.size());
  std::vector<char> referenced(r.nodes.size(), 0); // only catalogs above another are looked up
  for (const auto &n : r.nodes)
    for (int c : n.chain) referenced[static_cast<std::size_t>(c)] = 1;
  for (std::size_t k = 0; k < r.nodes.size(); ++k)
    if (referenced[k]) index[k] = detail::index_catalog(r.nodes[k].file->catalog);
  r.uniformity.resize(r.nodes.size());
  // Each catalog is compared on its own (the indexes are read-only by now): in parallel, with
  // findings collected per catalog and joined in catalog order, so the result is the same for any
  // number of jobs.
  std::vector<std::vector<Finding>> per_node(r.nodes.size());
  auto compare_one = [&](std::size_t k) {
    std::vector<detail::ChainCatalog> chain;
    for (int c : r.nodes[k].chain)
      chain.push_back({c, &r.nodes[static_cast<std::size_t>(c)].file->catalog, &index[static_cast<std::size_t>(c)]});
    detail::compare_catalog(r.nodes, k, r.nodes[k].file->catalog, chain, r.uniformity[k], per_node[k]);
  };
  detail::parallel_for(r.nodes.size(), jobs, compare_one);
  for (auto &v : per_node)
    for (auto &f : v) r.findings.push_back(std::move(f));
  return r;
}

} // namespace shitong
