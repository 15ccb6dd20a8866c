// `shitong certs`: the proof audit report (per region by category, most demanded proofs,
// cycles) and the proof dependency graph in Graphviz dot or Mermaid.
#include <shitong/certs.hpp>
#include <shitong/version.hpp>

#include "json_writer.hpp"
#include "labels.hpp"
#include "sanitize.hpp"
#include "util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace shitong {

namespace {

struct Counts {
  std::size_t proofs = 0, retained = 0, cancelled = 0, unlisted = 0, odd = 0, shareable = 0;
};

bool shareable(const ProofDemand &d) {
  for (const auto &i : d.issuers)
    if (!(i == d.who)) return true;
  return false;
}

std::vector<Counts> per_region(const LevelReport &lv, const CertReport &r) {
  std::vector<Counts> c(lv.nodes.size());
  for (const auto &d : r.demands) {
    auto &x = c[static_cast<std::size_t>(d.who.node)];
    ++x.proofs;
    switch (d.status) {
    case ProofStatus::retained:
      ++x.retained;
      break;
    case ProofStatus::cancelled:
      ++x.cancelled;
      break;
    case ProofStatus::unlisted:
      ++x.unlisted;
      break;
    case ProofStatus::odd:
      ++x.odd;
      break;
    case ProofStatus::other:
      break;
    }
    if (shareable(d)) ++x.shareable;
  }
  return c;
}

struct Popular {
  std::string name;
  ProofStatus status;
  bool shareable = false;
  std::vector<const ProofDemand *> by;
};

std::vector<Popular> most_demanded(const CertReport &r, std::size_t limit) {
  std::map<std::string, Popular> m;
  for (const auto &d : r.demands) {
    auto &p = m[d.canonical];
    p.name = d.canonical;
    if (p.by.empty() || static_cast<int>(d.status) < static_cast<int>(p.status)) p.status = d.status;
    p.shareable = p.shareable || shareable(d);
    if (p.by.empty() || !(p.by.back()->who == d.who)) p.by.push_back(&d); // demands of one item are adjacent
  }
  std::vector<Popular> out;
  for (auto &[k, v] : m) out.push_back(std::move(v));
  std::stable_sort(out.begin(), out.end(), [](auto &a, auto &b) { return a.by.size() > b.by.size(); });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::string label(const Popular &p, bool en) {
  if (p.status == ProofStatus::other) return p.shareable ? (en ? "shareable" : "可共享") : "—";
  return en ? proof_status_key(p.status) : std::string();
}

const char *status_zh(ProofStatus s) {
  switch (s) {
  case ProofStatus::retained:
    return "保留";
  case ProofStatus::cancelled:
    return "已取消";
  case ProofStatus::odd:
    return "奇葩证明";
  case ProofStatus::unlisted:
    return "清单之外";
  case ProofStatus::other:
    return "—";
  }
  return "?";
}

std::string item_name(const LevelReport &lv, const CertReport &rep, const ItemRef &r) {
  const auto &n = lv.nodes[static_cast<std::size_t>(r.node)];
  const ItemLabel &it = rep.item(r);
  return detail::item_title(it.code, it.name, it.sub_name) + "（" + n.name + "）";
}

/// Graph node names n1, n2, ... in order of first appearance.
struct NodeIds {
  std::map<std::pair<int, std::size_t>, std::string> map;
  std::string of(const ItemRef &x) {
    auto [it, inserted] = map.emplace(std::make_pair(x.node, x.item), "");
    if (inserted) it->second = fmt::format("n{}", map.size());
    return it->second;
  }
};

struct Edge {
  ItemRef from, to;
  std::string via;
  bool cycle;
};

std::vector<Edge> edges(const CertReport &r) {
  std::set<std::pair<std::pair<int, std::size_t>, std::pair<int, std::size_t>>> in_cycle;
  for (const auto &c : r.cycles)
    for (std::size_t i = 0; i < c.size(); ++i) {
      const auto &a = c[i], &b = c[(i + 1) % c.size()];
      in_cycle.insert({{a.node, a.item}, {b.node, b.item}});
    }
  std::vector<Edge> out;
  for (const auto &d : r.demands)
    for (const auto &b : d.issuers)
      out.push_back({d.who, b, d.name, in_cycle.count({{d.who.node, d.who.item}, {b.node, b.item}}) > 0});
  return out;
}

/// How many catalogs of the inputs a proof registry governs (the rest are audited for
/// shareable and circular proofs only).
std::size_t audited_against_registry(const LevelReport &lv, const CertReport &r) {
  std::size_t n = 0;
  for (const auto &node : lv.nodes)
    for (const auto &reg : r.registries)
      if (!node.context && registry_governs(reg.scope, node.code)) {
        ++n;
        break;
      }
  return n;
}
} // namespace

std::string certs_text(const LevelReport &lv, const CertReport &r, bool en) {
  std::string out =
      en ? fmt::format("Proof audit (证明事项): {} catalog(s), {} registr(y/ies); {} catalog(s) audited against a "
                       "registry\n\n",
                       lv.reported(), r.registries.size(), audited_against_registry(lv, r))
         : fmt::format("证明事项审查：{} 个目录，{} 份证明事项清单；{} 个目录对照证明事项清单作了审查\n\n",
                       lv.reported(), r.registries.size(), audited_against_registry(lv, r));
  out += en ? fmt::format("{:<24}{:>7}{:>10}{:>11}{:>10}{:>6}{:>11}\n", "region", "proofs", "retained", "cancelled",
                          "unlisted", "odd", "shareable")
            : fmt::format("{:<24}{:>8}{:>6}{:>8}{:>10}{:>10}{:>10}\n", "区划", "证明材料", "保留", "已取消", "清单之外",
                          "奇葩证明", "可共享");
  auto counts = per_region(lv, r);
  for (std::size_t k = 0; k < lv.nodes.size(); ++k) {
    if (lv.nodes[k].context) continue;
    const auto &c = counts[k];
    out += en ? fmt::format("{:<24}{:>7}{:>10}{:>11}{:>10}{:>6}{:>11}\n", lv.nodes[k].code + " " + lv.nodes[k].name,
                            c.proofs, c.retained, c.cancelled, c.unlisted, c.odd, c.shareable)
              : fmt::format("{:<24}{:>8}{:>6}{:>8}{:>10}{:>10}{:>10}\n", lv.nodes[k].code + " " + lv.nodes[k].name,
                            c.proofs, c.retained, c.cancelled, c.unlisted, c.odd, c.shareable);
  }
  for (const auto &u : lv.unreadable)
    out += en ? fmt::format("{}  unreadable, not audited: {}\n", u.path, u.reason_en)
              : fmt::format("{}  无法读取，未参与审查：{}\n", u.path, u.reason_zh);
  auto top = most_demanded(r, 20);
  if (!top.empty()) {
    out += en ? "\nMost demanded proofs and licences\n" : "\n索要最多的证明和证照\n";
    for (const auto &p : top) {
      out += fmt::format("  {:>4}  {}  [{}]\n", p.by.size(), p.name,
                         p.status == ProofStatus::other || en ? label(p, en) : status_zh(p.status));
      for (std::size_t i = 0; i < p.by.size() && i < 3; ++i)
        out += fmt::format("        {}\n", item_name(lv, r, p.by[i]->who));
      if (p.by.size() > 3)
        out += en ? fmt::format("        … and {} more\n", p.by.size() - 3)
                  : fmt::format("        …等共 {} 个事项\n", p.by.size());
    }
  }
  out += en ? fmt::format("\nCircular proofs (循环证明): {}\n", r.cycles.size())
            : fmt::format("\n循环证明：{} 个\n", r.cycles.size());
  for (std::size_t c = 0; c < r.cycles.size(); ++c) {
    out += fmt::format("  {}. ", c + 1);
    for (const auto &m : r.cycles[c]) out += item_name(lv, r, m) + " → ";
    out += item_name(lv, r, r.cycles[c].front()) + "\n";
  }
  return detail::terminal_lines(out); // no control character of a value reaches a terminal
}

std::string certs_json(const LevelReport &lv, const CertReport &r, bool en) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("tool").value("shitong");
  w.key("version").value(version_string());
  w.key("registries").begin_array();
  for (const auto &f : r.registries)
    w.begin_object().key("file").value(f.path).key("scope").value(f.scope).end_object();
  w.end_array();
  w.key("audited_against_registry").value(static_cast<long long>(audited_against_registry(lv, r)));
  w.key("unreadable").begin_array();
  for (const auto &u : lv.unreadable)
    w.begin_object().key("file").value(u.path).key("reason").value(en ? u.reason_en : u.reason_zh).end_object();
  w.end_array();
  auto counts = per_region(lv, r);
  w.key("regions").begin_array();
  for (std::size_t k = 0; k < lv.nodes.size(); ++k) {
    if (lv.nodes[k].context) continue;
    const auto &c = counts[k];
    w.begin_object();
    w.key("region").value(lv.nodes[k].code);
    w.key("name").value(lv.nodes[k].name);
    w.key("file").value(lv.nodes[k].path);
    w.key("proofs").value(static_cast<long long>(c.proofs));
    w.key("retained").value(static_cast<long long>(c.retained));
    w.key("cancelled").value(static_cast<long long>(c.cancelled));
    w.key("unlisted").value(static_cast<long long>(c.unlisted));
    w.key("odd").value(static_cast<long long>(c.odd));
    w.key("shareable").value(static_cast<long long>(c.shareable));
    w.end_object();
  }
  w.end_array();
  w.key("demands").begin_array();
  for (const auto &d : r.demands) {
    const auto &n = lv.nodes[static_cast<std::size_t>(d.who.node)];
    w.begin_object();
    w.key("region").value(n.code);
    w.key("item").value(r.item(d.who).code);
    w.key("material").value(d.name);
    w.key("canonical").value(d.canonical);
    w.key("proof").value(d.is_proof);
    w.key("status").value(proof_status_key(d.status));
    w.key("line").value(d.line);
    w.key("issuers").begin_array();
    for (const auto &b : d.issuers) {
      const auto &bn = lv.nodes[static_cast<std::size_t>(b.node)];
      w.begin_object().key("region").value(bn.code).key("item").value(r.item(b).code).end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("cycles").begin_array();
  for (const auto &c : r.cycles) {
    w.begin_array();
    for (const auto &m : c) {
      const auto &n = lv.nodes[static_cast<std::size_t>(m.node)];
      const ItemLabel &it = r.item(m);
      w.begin_object()
          .key("region")
          .value(n.code)
          .key("item")
          .value(it.code)
          .key("name")
          .value(it.name)
          .key("file")
          .value(n.path)
          .key("line")
          .value(it.line)
          .end_object();
    }
    w.end_array();
  }
  w.end_array();
  w.key("findings").begin_array();
  for (const auto &f : r.findings) detail::write_finding(w, f, en);
  w.end_array();
  w.end_object();
  return w.take() + "\n";
}

std::string certs_markdown(const LevelReport &lv, const CertReport &r, bool en) {
  using detail::md_cell;
  std::string out = en ? "# Proof audit (证明事项)\n\n| region | proofs | retained | cancelled | unlisted | odd | "
                         "shareable |\n|---|--:|--:|--:|--:|--:|--:|\n"
                       : "# 证明事项审查\n\n| 区划 | 证明材料 | 保留 | 已取消 | 清单之外 | 奇葩证明 | 可共享 "
                         "|\n|---|--:|--:|--:|--:|--:|--:|\n";
  auto counts = per_region(lv, r);
  for (std::size_t k = 0; k < lv.nodes.size(); ++k) {
    if (lv.nodes[k].context) continue;
    const auto &c = counts[k];
    out += fmt::format("| {} {} | {} | {} | {} | {} | {} | {} |\n", lv.nodes[k].code, md_cell(lv.nodes[k].name),
                       c.proofs, c.retained, c.cancelled, c.unlisted, c.odd, c.shareable);
  }
  for (const auto &u : lv.unreadable)
    out += fmt::format("| {} | {} | {} | — | — | — | — |\n", md_cell(u.path), en ? "**unreadable**" : "**无法读取**",
                       md_cell(en ? u.reason_en : u.reason_zh));
  out += en ? fmt::format("\n{} of {} catalog(s) audited against a proof registry.\n", audited_against_registry(lv, r),
                          lv.reported())
            : fmt::format("\n{} 个目录中有 {} 个对照证明事项清单作了审查。\n", lv.reported(),
                          audited_against_registry(lv, r));
  auto top = most_demanded(r, 20);
  if (!top.empty()) {
    out += en ? "\n## Most demanded\n\n| proof | items | status |\n|---|--:|---|\n"
              : "\n## 索要最多\n\n| 证明/证照 | 事项数 | 类别 |\n|---|--:|---|\n";
    for (const auto &p : top)
      out += fmt::format("| {} | {} | {} |\n", md_cell(p.name), p.by.size(),
                         p.status == ProofStatus::other || en ? label(p, en) : status_zh(p.status));
  }
  out += en ? fmt::format("\n## Circular proofs ({})\n\n", r.cycles.size())
            : fmt::format("\n## 循环证明（{} 个）\n\n", r.cycles.size());
  for (const auto &c : r.cycles) {
    out += "1. ";
    for (const auto &m : c) out += md_cell(item_name(lv, r, m)) + " → ";
    out += md_cell(item_name(lv, r, c.front())) + "\n";
  }
  return out;
}

std::string certs_dot(const LevelReport &lv, const CertReport &r) {
  auto es = edges(r);
  NodeIds ids;
  auto id = [&](const ItemRef &x) { return ids.of(x); };
  auto quote = [](const std::string &s) {
    std::string o = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') o += '\\';
      o += c;
    }
    return o + "\"";
  };
  std::string body;
  for (const auto &e : es) {
    // ids in a fixed order (target first): the order arguments are evaluated in differs
    // between compilers and ABIs (g++ on x86-64 vs aarch64), and so did the node numbers
    auto to = id(e.to);
    auto from = id(e.from);
    body += fmt::format("  {} -> {} [label={}{}];\n", from, to, quote(e.via),
                        e.cycle ? ", color=red, fontcolor=red, penwidth=2" : "");
  }
  std::string out = "digraph proofs {\n  rankdir=LR;\n  node [shape=box, fontname=\"Noto Sans CJK SC\"];\n  edge "
                    "[fontname=\"Noto Sans CJK SC\"];\n";
  for (const auto &[k, v] : ids.map)
    out += fmt::format("  {} [label={}];\n", v, quote(item_name(lv, r, {k.first, k.second})));
  return out + body + "}\n";
}

std::string certs_mermaid(const LevelReport &lv, const CertReport &r) {
  auto es = edges(r);
  NodeIds ids;
  auto id = [&](const ItemRef &x) { return ids.of(x); };
  auto text = [](const std::string &s) { // mermaid labels: no quotes, brackets or pipes
    std::string o;
    for (char c : s) o += (c == '"' || c == '|' || c == '[' || c == ']' || c == '<' || c == '>') ? ' ' : c;
    return o;
  };
  std::string body;
  std::vector<std::size_t> red;
  for (std::size_t i = 0; i < es.size(); ++i) {
    auto to = id(es[i].to); // target first, as in certs_dot
    auto from = id(es[i].from);
    body += fmt::format("  {} -->|{}| {}\n", from, text(es[i].via), to);
    if (es[i].cycle) red.push_back(i);
  }
  std::string out = "flowchart LR\n";
  for (const auto &[k, v] : ids.map)
    out += fmt::format("  {}[\"{}\"]\n", v, text(item_name(lv, r, {k.first, k.second})));
  out += body;
  for (auto i : red) out += fmt::format("  linkStyle {} stroke:#d32f2f,stroke-width:3px\n", i);
  return out;
}

} // namespace shitong
