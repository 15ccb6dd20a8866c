// The global stage of the proof audit, over the digests of all catalogs: who issues what
// (outputs by canonical name), what each item demands and from whom (cert-shareable), which
// items can be done at all, and the circular proofs among those that cannot (cert-circular:
// strongly connected components, scc.cpp).
#include <shitong/certs.hpp>

#include "certs_internal.hpp"
#include "digest_store.hpp"
#include "labels.hpp"
#include "rules_internal.hpp"
#include "scc.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

namespace shitong::detail {

namespace {

/// Items that issue one output, by its canonical name; looked up by the XXH3 of the name.
struct Issued {
  std::string name;
  std::vector<ItemRef> refs;
};
using IssuedIndex = std::unordered_map<std::uint64_t, std::vector<std::unique_ptr<Issued>>>;

std::vector<ItemRef> &index_at(IssuedIndex &ix, std::uint64_t h, std::string_view name) {
  auto &bucket = ix[h];
  for (auto &e : bucket)
    if (e->name == name) return e->refs;
  bucket.push_back(std::make_unique<Issued>(Issued{std::string(name), {}}));
  return bucket.back()->refs;
}

const std::vector<ItemRef> *index_find(const IssuedIndex &ix, std::uint64_t h, std::string_view name) {
  auto f = ix.find(h);
  if (f == ix.end()) return nullptr;
  for (const auto &e : f->second)
    if (e->name == name) return &e->refs;
  return nullptr;
}

/// Item `who` needs something that any one of `issuers` issues (item ids of the graph).
struct Need {
  std::size_t who;
  std::vector<std::size_t> issuers;
  std::string via;
  bool met;
};

/// The global stage: its inputs, and what its steps hand to each other.
class ProofGraph {
public:
  ProofGraph(const Registries &registries, const std::vector<LevelNode> &nodes, const DigestStore &store,
             const std::vector<std::size_t> &slots, CertReport &rep);
  void index_outputs();
  void collect_demands(bool want_demands);
  void block_unmet();
  void report_cycles();
  /// Code, names and line of an item (memoised: an issuer is named by many demands).
  const ItemLabel &label(const ItemRef &r);

private:
  std::string_view canon(std::size_t k, std::string_view normalised) const;
  std::vector<ItemRef> issuers_for(const ItemRef &who, const std::vector<ItemRef> &all) const;
  void report_cycle(const std::vector<std::size_t> &comp);
  std::shared_ptr<const CertDigest> digest(std::size_t k) const { return m_store.get(m_slots[k]); }
  std::string title(const ItemRef &r);
  Pos item_pos(const ItemRef &r) {
    label(r);
    return m_labels[id_of(r)].second;
  }
  const LevelNode &node_of(const ItemRef &r) const { return m_nodes[static_cast<std::size_t>(r.node)]; }
  std::size_t id_of(const ItemRef &r) const { return m_base[static_cast<std::size_t>(r.node)] + r.item; }
  ItemRef ref_of(std::size_t id) const {
    const auto k = static_cast<std::size_t>(std::upper_bound(m_base.begin(), m_base.end(), id) - m_base.begin()) - 1;
    return {static_cast<int>(k), id - m_base[k]};
  }

  const Registries &m_registries;
  const std::vector<LevelNode> &m_nodes;
  const DigestStore &m_store;
  const std::vector<std::size_t> &m_slots; // by node: its digest in m_store
  CertReport &m_rep;
  std::unordered_map<std::size_t, std::pair<ItemLabel, Pos>> m_labels; // by graph id
  std::vector<std::vector<int>> m_governing;                           // by node
  std::vector<std::string> m_set_key;                                  // by node: its governing registries
  std::unordered_map<std::string, IssuedIndex> m_issued_by_set;
  std::vector<std::size_t> m_base; // by node: graph id of its first item (ids: every item of the run)
  std::vector<Need> m_needs;
  // What stays blocked, over the items of unmet needs only (memory follows the needs, not the
  // items of a national run): local vertex -> its graph id (ascending), and item -> the issuers
  // it waits for, with what it asks for on each edge.
  std::vector<std::size_t> m_vertex;
  Graph m_adj;
  std::vector<std::vector<std::string>> m_edge_via;
};

ProofGraph::ProofGraph(const Registries &registries, const std::vector<LevelNode> &nodes, const DigestStore &store,
                       const std::vector<std::size_t> &slots, CertReport &rep)
    : m_registries(registries), m_nodes(nodes), m_store(store), m_slots(slots), m_rep(rep), m_governing(nodes.size()),
      m_set_key(nodes.size()), m_base(nodes.size()) {
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    m_governing[k] = registries.governing(nodes[k].code);
    m_set_key[k] = set_key_of(m_governing[k]);
  }
  std::size_t total_items = 0;
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    m_base[k] = total_items;
    total_items += store.items(slots[k]);
  }
}

const ItemLabel &ProofGraph::label(const ItemRef &r) {
  auto [at, fresh] = m_labels.try_emplace(id_of(r));
  if (fresh) {
    auto dp = digest(static_cast<std::size_t>(r.node));
    if (r.item < dp->items.size()) { // else a digest that could not be read back (DigestStore::error)
      const auto &it = dp->items[r.item];
      at->second = {{std::string(dp->strings[it.code]), std::string(dp->strings[it.name]),
                     std::string(dp->strings[it.sub_name]), it.pos.line},
                    it.pos};
    }
  }
  return at->second.first;
}

std::string ProofGraph::title(const ItemRef &r) {
  const ItemLabel &l = label(r);
  return item_title(l.code, l.name, l.sub_name) + "（" + node_of(r).name + "）";
}

// The canonical name of an output under a catalog's registries: names and aliases only (the
// odd patterns cannot rename anything, and running them on every output would be costly).
std::string_view ProofGraph::canon(std::size_t k, std::string_view n) const {
  for (int g : m_governing[k]) {
    const Registry &r = m_registries.list[static_cast<std::size_t>(g)];
    if (auto e = r.retained.find(n); e != r.retained.end()) return e->second.name;
    if (auto e = r.cancelled.find(n); e != r.cancelled.end()) return e->second.name;
  }
  return n;
}

// Who issues what: outputs keyed by their canonical name under each set of governing
// registries (demands of a catalog are matched with its own registries' aliases; catalogs
// without outputs are skipped; an output's canonical name is looked up once per distinct
// string of a catalog). An applicant only ever turns to issuers in its own catalog, the
// catalogs above it or the catalogs below it (issuers_for), so the index of a set of
// registries holds the outputs of the catalogs related to a catalog governed by that set: a
// province's tree, not the country (linear in the catalogs for a national run).
void ProofGraph::index_outputs() {
  struct Set {
    std::size_t example;       // a catalog with that governing set
    std::vector<char> related; // by node
    IssuedIndex *index;
  };
  std::map<std::string, Set> sets;
  for (std::size_t k = 0; k < m_nodes.size(); ++k) sets.try_emplace(m_set_key[k], Set{k, {}, nullptr});
  for (auto &[key, set] : sets) {
    set.index = &m_issued_by_set[key];
    set.related.assign(m_nodes.size(), 0);
    for (std::size_t c = 0; c < m_nodes.size(); ++c) {
      bool in = m_set_key[c] == key;
      for (int a : m_nodes[c].chain) in = in || m_set_key[static_cast<std::size_t>(a)] == key;
      if (!in) continue;
      set.related[c] = 1; // governed by the set, or below a catalog that is
      if (m_set_key[c] == key)
        for (int a : m_nodes[c].chain) set.related[static_cast<std::size_t>(a)] = 1; // above one
    }
  }
  // one pass over the digests (they may be read back from disk), each into every set it is
  // related to
  for (std::size_t k = 0; k < m_nodes.size(); ++k) {
    if (!m_store.has_outputs(m_slots[k])) continue;
    auto dp = digest(k);
    const CertDigest &d = *dp;
    for (auto &[key, set] : sets) {
      if (!set.related[k]) continue;
      std::vector<std::vector<ItemRef> *> slot(d.strings.size(), nullptr);
      for (std::size_t i = 0; i < d.items.size(); ++i)
        for (std::uint32_t o = d.items[i].outputs_begin; o < d.items[i].outputs_end; ++o) {
          auto &target = slot[d.outputs[o]];
          if (!target) {
            std::string_view raw = d.strings[d.outputs[o]];
            std::string_view c = canon(set.example, raw);
            target = &index_at(*set.index,
                               c.data() == raw.data() ? d.hashes[d.outputs[o]] : XXH3_64bits(c.data(), c.size()), c);
          }
          target->push_back({static_cast<int>(k), i});
        }
    }
  }
}

// The issuers an applicant of `who` would turn to: in its own catalog, else the nearest catalog
// above that issues it, else the catalogs below.
std::vector<ItemRef> ProofGraph::issuers_for(const ItemRef &who, const std::vector<ItemRef> &all) const {
  std::vector<ItemRef> out;
  for (const auto &r : all)
    if (r.node == who.node) out.push_back(r);
  if (!out.empty()) return out;
  for (int a : m_nodes[static_cast<std::size_t>(who.node)].chain) {
    for (const auto &r : all)
      if (r.node == a) out.push_back(r);
    if (!out.empty()) return out;
  }
  for (const auto &r : all) { // below: who is an ancestor of r
    const auto &ch = m_nodes[static_cast<std::size_t>(r.node)].chain;
    if (std::find(ch.begin(), ch.end(), who.node) != ch.end()) out.push_back(r);
  }
  return out;
}

// What each material demands and who issues it: the needs of the graph, cert-shareable when
// another item issues it, and (for `shitong certs`) the demands of the report.
void ProofGraph::collect_demands(bool want_demands) {
  for (std::size_t k = 0; k < m_nodes.size(); ++k) {
    auto dp = digest(k);
    const CertDigest &d = *dp;
    const auto &issued = m_issued_by_set[m_set_key[k]];
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
      dm.line = mi.pos.line;
      if (iss) {
        dm.issuers = issuers_for(who, *iss);
        if (!dm.issuers.empty()) {
          Need need{id_of(who), {}, dm.name, false};
          for (const auto &b : dm.issuers) need.issuers.push_back(id_of(b));
          m_needs.push_back(std::move(need));
        }
        std::vector<ItemRef> others;
        for (const auto &b : dm.issuers)
          if (!(b == who)) others.push_back(b);
        if (!others.empty()) {
          const ItemRef &b = others.front();
          Pos bp = item_pos(b);
          add_finding(m_rep.findings, "cert-shareable", m_nodes[k], mi.pos,
                      fmt::format("items[{}].materials[{}].name", mi.item, mi.index),
                      std::string(d.strings[d.items[mi.item].code]),
                      fmt::format("「{}」由本批目录中的 {} 核发，政府已经掌握：应通过数据共享获取，不要求申请人提交",
                                  dm.name, title(b)),
                      fmt::format("'{}' is issued by {} in the inputs: the government already holds it; share the "
                                  "data instead of asking the applicant",
                                  dm.name, title(b)))
              .related.push_back(Location{node_of(b).path, bp.line, bp.column, title(b), false});
        }
      }
      if (want_demands && (dm.is_proof || dm.status != ProofStatus::other || !dm.issuers.empty()))
        m_rep.demands.push_back(std::move(dm));
    }
  }
}

// Which items can be done at all: an item is done when each of its needs has an issuer, other
// than itself, that is done (a work list over the needs: linear). A renewal that asks for the
// licence a first application also issues is not a cycle. What stays blocked is the graph.
void ProofGraph::block_unmet() {
  std::unordered_map<std::size_t, std::size_t> unmet;                        // item -> its needs not met yet
  std::unordered_map<std::size_t, std::vector<std::size_t>> needs_of_issuer; // item -> the needs it may meet
  for (std::size_t n = 0; n < m_needs.size(); ++n) {
    ++unmet[m_needs[n].who];
    for (std::size_t b : m_needs[n].issuers) needs_of_issuer[b].push_back(n);
  }
  std::vector<std::size_t> work; // issuers that are done (the result does not depend on the order)
  for (const auto &[v, needs] : needs_of_issuer)
    if (!unmet.count(v)) work.push_back(v);
  std::sort(work.begin(), work.end());
  while (!work.empty()) {
    std::size_t b = work.back();
    work.pop_back();
    for (std::size_t n : needs_of_issuer[b]) {
      Need &need = m_needs[n];
      if (need.met || need.who == b) continue;
      need.met = true;
      if (--unmet[need.who] == 0 && needs_of_issuer.count(need.who)) work.push_back(need.who);
    }
  }
  for (const auto &need : m_needs)
    if (!need.met) {
      m_vertex.push_back(need.who);
      m_vertex.insert(m_vertex.end(), need.issuers.begin(), need.issuers.end());
    }
  std::sort(m_vertex.begin(), m_vertex.end());
  m_vertex.erase(std::unique(m_vertex.begin(), m_vertex.end()), m_vertex.end());
  auto local = [&](std::size_t id) {
    return static_cast<std::size_t>(std::lower_bound(m_vertex.begin(), m_vertex.end(), id) - m_vertex.begin());
  };
  m_adj.assign(m_vertex.size(), {});
  m_edge_via.assign(m_vertex.size(), {});
  for (const auto &need : m_needs)
    if (!need.met)
      for (std::size_t b : need.issuers) {
        m_adj[local(need.who)].push_back(local(b));
        m_edge_via[local(need.who)].push_back(need.via);
      }
}

void ProofGraph::report_cycles() {
  for (auto &comp : cyclic_components(m_adj)) {
    std::sort(comp.begin(), comp.end());
    report_cycle(comp);
  }
}

// cert-circular for one component: a closed chain through it, described step by step, and a
// finding for every member.
void ProofGraph::report_cycle(const std::vector<std::size_t> &comp) {
  const std::vector<std::size_t> chain = cycle_through(comp, m_adj);
  std::vector<ItemRef> cycle;
  for (std::size_t v : chain) cycle.push_back(ref_of(m_vertex[v]));
  // Real cycles have a handful of members; a pathological one is described by its first
  // members so that messages (one per member) stay linear in size.
  constexpr std::size_t k_listed = 12;
  std::vector<std::string> steps_zh, steps_en;
  for (std::size_t c = 0; c < chain.size() && c < k_listed; ++c) {
    std::size_t v = chain[c], w = chain[(c + 1) % chain.size()];
    std::string via;
    for (std::size_t e = 0; e < m_adj[v].size(); ++e)
      if (m_adj[v][e] == w) {
        via = m_edge_via[v][e];
        break;
      }
    steps_zh.push_back(fmt::format("{} 要求「{}」", title(ref_of(m_vertex[v])), via));
    steps_en.push_back(fmt::format("{} needs '{}'", title(ref_of(m_vertex[v])), via));
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
    const ItemRef r = ref_of(m_vertex[v]);
    auto &f = add_finding(m_rep.findings, "cert-circular", node_of(r), item_pos(r), fmt::format("items[{}]", r.item),
                          label(r).code, zh, en);
    for (std::size_t c = 0; c < chain.size() && f.related.size() < 4 * k_listed; ++c) {
      std::size_t w = chain[c];
      if (w == v) continue;
      const ItemRef other = ref_of(m_vertex[w]);
      Pos op = item_pos(other);
      f.related.push_back(Location{node_of(other).path, op.line, op.column, title(other), false});
    }
  }
  m_rep.cycles.push_back(std::move(cycle));
}

} // namespace

void certs_global(const Registries &registries, const std::vector<LevelNode> &nodes, const DigestStore &store,
                  const std::vector<std::size_t> &slots, CertReport &rep, bool want_demands) {
  ProofGraph graph(registries, nodes, store, slots, rep);
  graph.index_outputs();
  graph.collect_demands(want_demands);
  graph.block_unmet();
  graph.report_cycles();
  if (!want_demands) return;
  for (const auto &r : registries.list) rep.registries.push_back({r.file->path, r.scope});
  auto label = [&](const ItemRef &x) {
    auto [at, fresh] = rep.items.try_emplace({x.node, x.item});
    if (fresh) at->second = graph.label(x);
  };
  for (const auto &dm : rep.demands) {
    label(dm.who);
    for (const auto &b : dm.issuers) label(b);
  }
  for (const auto &c : rep.cycles)
    for (const auto &m : c) label(m);
}

} // namespace shitong::detail
