// The proof audit: registry classification (most local registry wins), cert-cancelled,
// cert-odd, cert-unlisted, material-duplicate by alias, cert-shareable, and cert-circular
// (Tarjan's strongly connected components over "A needs what B issues" edges).
#include <shitong/certs.hpp>
#include <shitong/normalize.hpp>
#include <shitong/regions.hpp>
#include <shitong/rules.hpp>

#include "certs_impl.hpp"
#include "util.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

namespace shitong {

const char *proof_status_key(ProofStatus s) {
  switch (s) {
  case ProofStatus::retained:
    return "retained";
  case ProofStatus::cancelled:
    return "cancelled";
  case ProofStatus::odd:
    return "odd";
  case ProofStatus::unlisted:
    return "unlisted";
  case ProofStatus::other:
    return "other";
  }
  return "?";
}

bool registry_governs(const std::string &scope, const std::string &code) {
  if (scope == "000000" || scope == code) return true;
  if (scope.size() != 6 || code.size() != 6) return false;
  switch (level_from_code(scope)) {
  case RegionLevel::province:
    return code.compare(0, 2, scope, 0, 2) == 0;
  case RegionLevel::city:
    return code.compare(0, 4, scope, 0, 4) == 0;
  case RegionLevel::county:
    return false;
  }
  return false;
}

namespace {

std::string registry_title(const std::string &scope) {
  if (scope == "000000") return "全国证明事项清单";
  RegionStatus st = lookup_region(scope);
  return (st.name.empty() ? scope : st.name) + "证明事项清单";
}

std::string item_title(const std::string &region_name, const std::string &code, const std::string &name,
                       const std::string &sub_name) {
  std::string s = fmt::format("{} {}", code, name);
  if (!sub_name.empty()) s += "（" + sub_name + "）";
  return s + "（" + region_name + "）";
}

} // namespace

namespace detail {

std::uint32_t CertDigest::intern(const std::string &s, std::unordered_map<std::string, std::uint32_t> &ids) {
  auto [it, inserted] = ids.emplace(s, static_cast<std::uint32_t>(strings.size()));
  if (inserted) {
    strings.push_back(s);
    hashes.push_back(XXH3_64bits(s.data(), s.size()));
  }
  return it->second;
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
      if (re.valid()) {
        r.odd.push_back({std::move(re), o.reason.value, o.pattern.pos});
      } else {
        Finding x;
        x.rule = "cert-pattern";
        x.location = Location{f->path, o.pattern.pos.line, o.pattern.pos.column, {}, false};
        x.region = c.scope.value;
        x.path = "odd.pattern";
        x.message_zh = fmt::format("奇葩证明模式无法使用，未参与检查：{}", error.zh);
        x.message_en = fmt::format("odd-proof pattern cannot be used and was skipped: {}", error.en);
        out.findings.push_back(std::move(x));
      }
    }
    out.list.push_back(std::move(r));
  }
  return out;
}

namespace {

Finding &add_finding(std::vector<Finding> &out, const char *rule, const LevelNode &n, Pos pos, std::string path,
                     std::string item, std::string zh, std::string en) {
  Finding f;
  f.rule = rule;
  if (const RuleInfo *info = find_rule(rule)) f.severity = info->severity; // until a config says otherwise
  f.location = Location{n.path, pos.line, pos.column, {}, false};
  f.region = n.code;
  f.item = std::move(item);
  f.path = std::move(path);
  f.message_zh = std::move(zh);
  f.message_en = std::move(en);
  out.push_back(std::move(f));
  return out.back();
}

std::string set_key_of(const std::vector<int> &governing) {
  return fmt::format("{}", fmt::join(governing, ","));
}

} // namespace

CertDigest certs_local(const Registries &registries, const LevelNode &n, const Catalog &cat, VerdictCache &cache,
                       std::vector<Finding> &out) {
  const auto &regs = registries.list;
  CertDigest dg;
  std::unordered_map<std::string, std::uint32_t> ids;
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
    std::vector<std::pair<std::string, std::size_t>> seen_canonical; // material-duplicate by alias (few)
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
        std::string path = fmt::format("items[{}].materials[{}]", i, m);
        const Registry *r = v.registry >= 0 ? &regs[static_cast<std::size_t>(v.registry)] : nullptr;
        Location entry = r ? Location{r->file->path, v.entry.line, v.entry.column, r->title, false} : Location{};
        if (mi.status == ProofStatus::cancelled) {
          add_finding(out, "cert-cancelled", n, mat.name.pos, path + ".name", it.code.value,
                      fmt::format("「{}」已被{}取消（改为：{}）；不得再要求申请人提供，请删除这项材料", mat.name.value,
                                  r->title, v.detail),
                      fmt::format("'{}' was cancelled by the {} registry (now: {}); do not ask for it", mat.name.value,
                                  r->scope, v.detail))
              .related.push_back(entry);
        } else if (mi.status == ProofStatus::odd) {
          add_finding(out, "cert-odd", n, mat.name.pos, path + ".name", it.code.value,
                      fmt::format("「{}」属于奇葩证明：{}", mat.name.value, v.detail),
                      fmt::format("'{}' is an odd proof (奇葩证明): {}", mat.name.value, v.detail))
              .related.push_back(entry);
        } else if (mi.status == ProofStatus::unlisted) {
          add_finding(
              out, "cert-unlisted", n, mat.name.pos, path + ".name", it.code.value,
              fmt::format("证明「{}」不在适用的保留证明事项清单中：清单之外不得索要证明；删除它，或由主管部门列入清单",
                          mat.name.value),
              fmt::format("proof '{}' is not in any governing retained list: no proof outside the list may be demanded",
                          mat.name.value));
        }
        auto prev =
            std::find_if(seen_canonical.begin(), seen_canonical.end(), [&](auto &p) { return p.first == cname; });
        if (prev == seen_canonical.end()) {
          seen_canonical.emplace_back(cname, m);
        } else if (normalize_text(it.materials.items[prev->second].name.value) != norm) {
          const Material &first = it.materials.items[prev->second];
          add_finding(
              out, "material-duplicate", n, mat.name.pos, path + ".name", it.code.value,
              fmt::format("材料「{}」与第 {} "
                          "项材料「{}」是同一证明（证明事项清单中的别名，标准名称「{}」），重复索要；删除其中一项",
                          mat.name.value, prev->second + 1, first.name.value, cname),
              fmt::format("material '{}' is the same proof as material {} '{}' (registry alias of '{}'); remove one",
                          mat.name.value, prev->second + 1, first.name.value, cname))
              .related.push_back(Location{n.path, first.name.pos.line, first.name.pos.column, first.name.value, false});
        }
      }
      dg.materials.push_back(mi);
    }
  }
  return dg;
}

void certs_global(const Registries &registries, const std::vector<LevelNode> &nodes,
                  const std::vector<const CertDigest *> &digests, CertReport &rep, bool want_demands) {
  const auto &regs = registries.list;
  auto str = [&](std::size_t k, std::uint32_t id) -> const std::string & { return digests[k]->strings[id]; };
  auto title = [&](const ItemRef &r) {
    const CertDigest &d = *digests[static_cast<std::size_t>(r.node)];
    const auto &it = d.items[r.item];
    return item_title(nodes[static_cast<std::size_t>(r.node)].name, d.strings[it.code], d.strings[it.name],
                      d.strings[it.sub_name]);
  };
  auto item_pos = [&](const ItemRef &r) { return digests[static_cast<std::size_t>(r.node)]->items[r.item].pos; };
  auto node_of = [&](const ItemRef &r) -> const LevelNode & { return nodes[static_cast<std::size_t>(r.node)]; };

  std::vector<std::vector<int>> governing(nodes.size());
  std::vector<std::string> set_key(nodes.size());
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    governing[k] = registries.governing(nodes[k].code);
    set_key[k] = set_key_of(governing[k]);
  }
  // The canonical name of an output under a catalog's registries: names and aliases only (the
  // odd patterns cannot rename anything, and running them on every output would be costly).
  auto canon = [&](std::size_t k, const std::string &n) -> const std::string & { // n: normalised
    for (int g : governing[k]) {
      const Registry &r = regs[static_cast<std::size_t>(g)];
      if (auto e = r.retained.find(n); e != r.retained.end()) return e->second.name;
      if (auto e = r.cancelled.find(n); e != r.cancelled.end()) return e->second.name;
    }
    return n;
  };
  // ---- who issues what: outputs keyed by their canonical name under each set of governing
  // registries (demands of a catalog are matched with its own registries' aliases)
  // (catalogs without outputs are skipped; an output's canonical name is looked up once per
  // distinct string of a catalog)
  struct Issued {
    std::string name;
    std::vector<ItemRef> refs;
  };
  using IssuedIndex = std::unordered_map<std::uint64_t, std::vector<std::unique_ptr<Issued>>>; // by XXH3 of name
  auto index_at = [](IssuedIndex &ix, std::uint64_t h, const std::string &name) -> std::vector<ItemRef> & {
    auto &bucket = ix[h];
    for (auto &e : bucket)
      if (e->name == name) return e->refs;
    bucket.push_back(std::make_unique<Issued>(Issued{name, {}}));
    return bucket.back()->refs;
  };
  auto index_find = [](const IssuedIndex &ix, std::uint64_t h,
                       const std::string &name) -> const std::vector<ItemRef> * {
    auto f = ix.find(h);
    if (f == ix.end()) return nullptr;
    for (const auto &e : f->second)
      if (e->name == name) return &e->refs;
    return nullptr;
  };
  std::unordered_map<std::string, IssuedIndex> issued_by_set;
  std::map<std::string, std::size_t> set_example; // a catalog with that governing set
  for (std::size_t k = 0; k < nodes.size(); ++k) set_example.emplace(set_key[k], k);
  // An applicant only ever turns to issuers in its own catalog, the catalogs above it or the
  // catalogs below it (issuers_for), so the index of a set of registries holds the outputs of
  // the catalogs related to a catalog governed by that set: a province's tree, not the country
  // (linear in the catalogs for a national run, instead of provinces x catalogs).
  std::vector<char> related(nodes.size());
  for (const auto &[key, example] : set_example) {
    auto &index = issued_by_set[key];
    std::fill(related.begin(), related.end(), 0);
    for (std::size_t c = 0; c < nodes.size(); ++c) {
      bool in = set_key[c] == key;
      for (int a : nodes[c].chain) in = in || set_key[static_cast<std::size_t>(a)] == key;
      if (!in) continue;
      related[c] = 1; // governed by the set, or below a catalog that is
      if (set_key[c] == key)
        for (int a : nodes[c].chain) related[static_cast<std::size_t>(a)] = 1; // above one
    }
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      const CertDigest &d = *digests[k];
      if (d.outputs.empty() || !related[k]) continue;
      std::vector<std::vector<ItemRef> *> slot(d.strings.size(), nullptr);
      for (std::size_t i = 0; i < d.items.size(); ++i)
        for (std::uint32_t o = d.items[i].outputs_begin; o < d.items[i].outputs_end; ++o) {
          auto &target = slot[d.outputs[o]];
          if (!target) {
            const std::string &raw = d.strings[d.outputs[o]];
            const std::string &c = canon(example, raw);
            target = &index_at(index, &c == &raw ? d.hashes[d.outputs[o]] : XXH3_64bits(c.data(), c.size()), c);
          }
          target->push_back({static_cast<int>(k), i});
        }
    }
  }
  auto is_ancestor = [&](int a, int d) { // a is an ancestor of d
    const auto &ch = nodes[static_cast<std::size_t>(d)].chain;
    return std::find(ch.begin(), ch.end(), a) != ch.end();
  };
  // The issuers an applicant of `who` would turn to: in its own catalog, else the nearest catalog
  // above that issues it, else the catalogs below.
  auto issuers_for = [&](const ItemRef &who, const std::vector<ItemRef> &all) {
    std::vector<ItemRef> out;
    for (const auto &r : all)
      if (r.node == who.node) out.push_back(r);
    if (!out.empty()) return out;
    for (int a : nodes[static_cast<std::size_t>(who.node)].chain) {
      for (const auto &r : all)
        if (r.node == a) out.push_back(r);
      if (!out.empty()) return out;
    }
    for (const auto &r : all)
      if (is_ancestor(who.node, r.node)) out.push_back(r);
    return out;
  };

  std::size_t total_items = 0;
  std::vector<std::size_t> base(nodes.size());
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    base[k] = total_items;
    total_items += digests[k]->items.size();
  }
  std::vector<std::vector<std::size_t>> adj(total_items); // graph for cert-circular
  std::vector<std::vector<std::string>> edge_via(total_items);
  struct Need { // item `who` needs something that any one of `issuers` issues
    std::size_t who;
    std::vector<std::size_t> issuers;
    std::string via;
    bool met;
  };
  std::vector<Need> needs;
  auto id_of = [&](const ItemRef &r) { return base[static_cast<std::size_t>(r.node)] + r.item; };

  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const CertDigest &d = *digests[k];
    const auto &issued = issued_by_set[set_key[k]];
    // one lookup per distinct canonical name of the catalog (hot path: most materials are
    // neither proofs nor listed nor issued by an input item)
    std::vector<const std::vector<ItemRef> *> lookup(d.strings.size(), nullptr);
    std::vector<char> looked(d.strings.size(), 0);
    for (const auto &mi : d.materials) {
      if (!looked[mi.canonical]) {
        looked[mi.canonical] = 1;
        lookup[mi.canonical] = index_find(issued, d.hashes[mi.canonical], d.strings[mi.canonical]);
      }
      const std::vector<ItemRef> *iss = lookup[mi.canonical];
      if (!iss && (!want_demands || (!mi.is_proof && mi.status == ProofStatus::other))) continue;
      ItemRef who{static_cast<int>(k), mi.item};
      ProofDemand dm;
      dm.who = who;
      dm.material = mi.index;
      dm.name = d.strings[mi.name];
      dm.canonical = d.strings[mi.canonical];
      dm.is_proof = mi.is_proof;
      dm.status = mi.status;
      dm.registry = mi.registry;
      dm.detail = d.strings[mi.detail];
      if (iss) {
        dm.issuers = issuers_for(who, *iss);
        if (!dm.issuers.empty()) {
          Need need{id_of(who), {}, dm.name, false};
          for (const auto &b : dm.issuers) need.issuers.push_back(id_of(b));
          needs.push_back(std::move(need));
        }
        std::vector<ItemRef> others;
        for (const auto &b : dm.issuers)
          if (!(b == who)) others.push_back(b);
        if (!others.empty()) {
          const ItemRef &b = others.front();
          Pos bp = item_pos(b);
          add_finding(rep.findings, "cert-shareable", nodes[k], mi.pos,
                      fmt::format("items[{}].materials[{}].name", mi.item, mi.index), str(k, d.items[mi.item].code),
                      fmt::format("「{}」由本批目录中的 {} 核发，政府已经掌握：应通过数据共享获取，不要求申请人提交",
                                  dm.name, title(b)),
                      fmt::format("'{}' is issued by {} in the inputs: the government already holds it; share the "
                                  "data instead of asking the applicant",
                                  dm.name, title(b)))
              .related.push_back(Location{node_of(b).path, bp.line, bp.column, title(b), false});
        }
      }
      if (want_demands && (dm.is_proof || dm.status != ProofStatus::other || !dm.issuers.empty()))
        rep.demands.push_back(std::move(dm));
    }
  }

  // ---- which items can be done at all: an item is done when each of its needs has an issuer,
  // other than itself, that is done (a work list over the needs: linear). A renewal that asks
  // for the licence a first application also issues is not a cycle.
  {
    std::vector<std::size_t> unmet(total_items, 0);
    std::vector<std::vector<std::size_t>> needs_of_issuer(total_items);
    for (std::size_t n = 0; n < needs.size(); ++n) {
      ++unmet[needs[n].who];
      for (std::size_t b : needs[n].issuers) needs_of_issuer[b].push_back(n);
    }
    std::vector<std::size_t> work;
    for (std::size_t v = 0; v < total_items; ++v)
      if (unmet[v] == 0 && !needs_of_issuer[v].empty()) work.push_back(v);
    while (!work.empty()) {
      std::size_t b = work.back();
      work.pop_back();
      for (std::size_t n : needs_of_issuer[b]) {
        Need &need = needs[n];
        if (need.met || need.who == b) continue;
        need.met = true;
        if (--unmet[need.who] == 0 && !needs_of_issuer[need.who].empty()) work.push_back(need.who);
      }
    }
    for (const auto &need : needs) // the graph of what stays blocked
      if (!need.met)
        for (std::size_t b : need.issuers) {
          adj[need.who].push_back(b);
          edge_via[need.who].push_back(need.via);
        }
  }

  // ---- cert-circular: strongly connected components of the blocked graph (iterative Tarjan)
  std::vector<ItemRef> ref_of(total_items);
  for (std::size_t k = 0; k < nodes.size(); ++k)
    for (std::size_t i = 0; i < digests[k]->items.size(); ++i) ref_of[base[k] + i] = {static_cast<int>(k), i};
  const std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(total_items, none), low(total_items, 0);
  std::vector<char> on_stack(total_items, 0);
  std::vector<std::size_t> stack;
  std::vector<std::vector<std::size_t>> sccs;
  std::size_t counter = 0;
  struct Frame {
    std::size_t v, next_edge;
  };
  for (std::size_t s = 0; s < total_items; ++s) {
    if (index[s] != none || adj[s].empty()) continue;
    std::vector<Frame> call{{s, 0}};
    index[s] = low[s] = counter++;
    stack.push_back(s);
    on_stack[s] = 1;
    while (!call.empty()) {
      Frame &fr = call.back();
      if (fr.next_edge < adj[fr.v].size()) {
        std::size_t w = adj[fr.v][fr.next_edge++];
        if (index[w] == none) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[fr.v] = std::min(low[fr.v], index[w]);
        }
        continue;
      }
      std::size_t v = fr.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        std::vector<std::size_t> comp;
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp.push_back(w);
        } while (w != v);
        bool self = comp.size() == 1 && std::find(adj[v].begin(), adj[v].end(), v) != adj[v].end();
        if (comp.size() > 1 || self) sccs.push_back(std::move(comp));
      }
    }
  }
  for (auto &comp : sccs) {
    std::sort(comp.begin(), comp.end());
    // a closed chain through the component, starting at its first member (BFS inside it)
    std::vector<std::size_t> chain;
    {
      std::unordered_map<std::size_t, std::size_t> parent;
      std::vector<std::size_t> queue{comp.front()};
      std::size_t found = none;
      for (std::size_t qi = 0; qi < queue.size() && found == none; ++qi) {
        std::size_t v = queue[qi];
        for (std::size_t w : adj[v]) {
          if (!std::binary_search(comp.begin(), comp.end(), w)) continue;
          if (w == comp.front()) {
            found = v;
            break;
          }
          if (parent.emplace(w, v).second) queue.push_back(w);
        }
      }
      for (std::size_t v = found; v != none && v != comp.front(); v = parent[v]) chain.push_back(v);
      chain.push_back(comp.front());
      std::reverse(chain.begin(), chain.end());
    }
    std::vector<ItemRef> cycle;
    for (std::size_t v : chain) cycle.push_back(ref_of[v]);
    // Real cycles have a handful of members; a pathological one is described by its first
    // members so that messages (one per member) stay linear in size.
    constexpr std::size_t k_listed = 12;
    std::vector<std::string> steps_zh, steps_en;
    for (std::size_t c = 0; c < chain.size() && c < k_listed; ++c) {
      std::size_t v = chain[c], w = chain[(c + 1) % chain.size()];
      std::string via;
      for (std::size_t e = 0; e < adj[v].size(); ++e)
        if (adj[v][e] == w) {
          via = edge_via[v][e];
          break;
        }
      steps_zh.push_back(fmt::format("{} 要求「{}」", title(ref_of[v]), via));
      steps_en.push_back(fmt::format("{} needs '{}'", title(ref_of[v]), via));
    }
    if (chain.size() > k_listed) {
      steps_zh.push_back(fmt::format("……（共 {} 个事项）", chain.size()));
      steps_en.push_back(fmt::format("... ({} items in all)", chain.size()));
    }
    std::string zh = chain.size() == 1
                         ? fmt::format("循环证明：{}，而这正是它自己的办理结果", steps_zh[0])
                         : fmt::format("循环证明：{}，由下一个事项核发，最后回到第一个事项；群众无论先办哪个都办不成",
                                       fmt::join(steps_zh, " → "));
    std::string en =
        chain.size() == 1
            ? fmt::format("circular proof: {}, which is its own output", steps_en[0])
            : fmt::format("circular proof: {}, each issued by the next, back to the first: none can be done first",
                          fmt::join(steps_en, " → "));
    // every member gets a finding; related: the other members of the chain (the first ones for
    // a very long chain)
    for (std::size_t v : comp) {
      const ItemRef r = ref_of[v];
      const CertDigest &d = *digests[static_cast<std::size_t>(r.node)];
      auto &f = add_finding(rep.findings, "cert-circular", node_of(r), item_pos(r), fmt::format("items[{}]", r.item),
                            d.strings[d.items[r.item].code], zh, en);
      for (std::size_t c = 0; c < chain.size() && f.related.size() < 4 * k_listed; ++c) {
        std::size_t w = chain[c];
        if (w == v) continue;
        Pos op = item_pos(ref_of[w]);
        f.related.push_back(Location{node_of(ref_of[w]).path, op.line, op.column, title(ref_of[w]), false});
      }
    }
    rep.cycles.push_back(std::move(cycle));
  }
}

} // namespace detail

CertReport audit_certificates(const LevelReport &levels, const std::vector<const LoadedFile *> &files) {
  CertReport rep;
  detail::Registries regs = detail::build_registries(files);
  for (const auto &r : regs.list) rep.registries.push_back(r.file);
  rep.findings = std::move(regs.findings);
  regs.findings.clear();
  std::vector<detail::CertDigest> digests(levels.nodes.size());
  std::vector<const detail::CertDigest *> ptrs;
  detail::VerdictCache cache;
  for (std::size_t k = 0; k < levels.nodes.size(); ++k) {
    digests[k] = detail::certs_local(regs, levels.nodes[k], levels.nodes[k].file->catalog, cache, rep.findings);
    ptrs.push_back(&digests[k]);
  }
  detail::certs_global(regs, levels.nodes, ptrs, rep, true);
  return rep;
}

} // namespace shitong
