// `shitong diff`: uniformity report formats (text, JSON, Markdown; HTML in diff_html.cpp)
// and the version diff of one region's catalog.
#include <shitong/diff.hpp>
#include <shitong/normalize.hpp>
#include <shitong/version.hpp>

#include "json_writer.hpp"
#include "labels.hpp"
#include "sanitize.hpp"
#include "util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace shitong {

namespace {

constexpr std::string_view k_short_zh[] = {"名称", "子项", "类型", "编码", "依据",
                                           "材料", "流程", "收费", "时限", "表单"};
constexpr std::string_view k_short_en[] = {"name", "sub",  "type", "code", "basis",
                                           "mat",  "proc", "fee",  "time", "form"};

std::string percent(double r) {
  return fmt::format("{:.1f}%", r * 100.0);
}

std::string level_name(RegionLevel l, bool en) {
  return en ? level_key(l) : level_zh(l);
}

/// Calls f(node index, comparison) for every compared item that is not uniform, in report order.
template <class F> void for_each_difference(const LevelReport &r, F f) {
  for (std::size_t k = 0; k < r.nodes.size(); ++k)
    if (!r.nodes[k].context)
      for (const auto &c : r.uniformity[k].compared)
        if (!c.diffs.empty()) f(k, c);
}

using detail::item_title;
std::string item_title(const ItemComparison &c) {
  return detail::item_title(c.code, c.name, c.sub_name);
}

} // namespace

std::vector<Ranking> rank_siblings(const LevelReport &r) {
  std::map<std::pair<int, int>, std::vector<int>> groups; // (parent, level): cities and counties apart
  for (std::size_t k = 0; k < r.nodes.size(); ++k)
    if (r.nodes[k].parent >= 0)
      groups[{r.nodes[k].parent, static_cast<int>(r.nodes[k].level)}].push_back(static_cast<int>(k));
  std::vector<Ranking> out;
  for (auto &[key, members] : groups) {
    std::erase_if(members, [&](int m) { return r.nodes[static_cast<std::size_t>(m)].context; });
    if (members.empty()) continue;
    std::stable_sort(members.begin(), members.end(), [&](int a, int b) {
      double ra = r.uniformity[static_cast<std::size_t>(a)].ratio(),
             rb = r.uniformity[static_cast<std::size_t>(b)].ratio();
      if (ra != rb) return ra > rb;
      return r.nodes[static_cast<std::size_t>(a)].code < r.nodes[static_cast<std::size_t>(b)].code;
    });
    out.push_back({key.first, members});
  }
  std::stable_sort(out.begin(), out.end(), [&](auto &a, auto &b) {
    return r.nodes[static_cast<std::size_t>(a.parent)].code < r.nodes[static_cast<std::size_t>(b.parent)].code;
  });
  return out;
}

namespace {
/// Says which upper catalogs a catalog without one among the inputs was looked for.
std::string missing_parent_line(const LevelNode &n, bool en) {
  std::vector<std::string> wanted;
  if (n.parent_text.present) wanted.push_back(n.parent_text.value);
  for (auto &c : ancestor_codes(n.code))
    if (std::find(wanted.begin(), wanted.end(), c) == wanted.end()) wanted.push_back(c);
  std::string zh, english;
  for (auto &c : wanted) {
    auto st = lookup_region(c);
    std::string label = st.kind == RegionStatus::unknown ? c : c + " " + st.name;
    zh += (zh.empty() ? "" : "、") + label;
    english += (english.empty() ? "" : ", ") + label;
  }
  return en ? fmt::format("    no upper catalog among the inputs (looked for {}): this catalog was not compared\n",
                          english)
            : fmt::format("    输入中没有上级目录（查找了 {}）：本目录未做比对\n", zh);
}
} // namespace

std::string uniformity_text(const LevelReport &r, bool en) {
  std::string out;
  out += en ? fmt::format("Three-level uniformity (三级十同) of {} catalog(s)\n\n", r.reported())
            : fmt::format("三级十同一致性报告（{} 个目录）\n\n", r.reported());
  // table
  out += en ? fmt::format("{:<24}{:<10}{:<9}{:>6}{:>7}{:>6}  {:>7}", "region", "level", "parent", "items", "ref'd",
                          "same", "uniform")
            : fmt::format("{:<24}{:<10}{:<9}{:>6}{:>7}{:>6}  {:>7}", "区划", "层级", "参照上级", "事项", "有参照",
                          "一致", "一致率");
  for (std::size_t f = 0; f < k_ten_fields; ++f) out += fmt::format(" {:>5}", en ? k_short_en[f] : k_short_zh[f]);
  out += "\n";
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    const auto &n = r.nodes[k];
    if (n.context) continue;
    const auto &u = r.uniformity[k];
    std::string region = n.code + " " + n.name;
    std::string parent = n.parent >= 0 ? r.nodes[static_cast<std::size_t>(n.parent)].code : "—";
    out += fmt::format("{:<24}{:<10}{:<9}{:>6}{:>7}{:>6}  {:>7}", region, level_name(n.level, en), parent, u.items,
                       n.parent >= 0 ? std::to_string(u.with_reference) : "—",
                       n.parent >= 0 ? std::to_string(u.identical) : "—", n.parent >= 0 ? percent(u.ratio()) : "—");
    for (std::size_t f = 0; f < k_ten_fields; ++f)
      out += fmt::format(" {:>5}", n.parent >= 0 ? std::to_string(u.field_mismatch[f]) : "—");
    out += "\n";
    if (n.parent < 0 && n.level != RegionLevel::province) out += missing_parent_line(n, en);
    if (n.parent >= 0 && (u.extra || u.code_mismatch || u.missing))
      out += en ? fmt::format("    outside the catalog: {}, code mismatches: {}, missing: {}, local items: {}\n",
                              u.extra, u.code_mismatch, u.missing, u.local)
                : fmt::format("    目录之外：{}，编码不一致：{}，缺失：{}，地方事项：{}\n", u.extra, u.code_mismatch,
                              u.missing, u.local);
  }
  for (const auto &u : r.unreadable)
    out += en ? fmt::format("{}  unreadable, not compared: {}\n", u.path, u.reason_en)
              : fmt::format("{}  无法读取，未参与比较：{}\n", u.path, u.reason_zh);
  auto ranks = rank_siblings(r);
  if (!ranks.empty()) {
    out += en ? "\nRankings (siblings by uniformity)\n" : "\n排名（同级按一致率）\n";
    for (auto &g : ranks) {
      const auto &p = r.nodes[static_cast<std::size_t>(g.parent)];
      out += en ? fmt::format("  under {} {}:\n", p.code, p.name) : fmt::format("  {} {} 下辖：\n", p.code, p.name);
      int place = 0;
      for (int m : g.members) {
        const auto &n = r.nodes[static_cast<std::size_t>(m)];
        out += fmt::format("    {}. {} {}  {}\n", ++place, n.code, n.name,
                           percent(r.uniformity[static_cast<std::size_t>(m)].ratio()));
      }
    }
  }
  bool header = false;
  for_each_difference(r, [&](std::size_t k, const ItemComparison &c) {
    if (!header) {
      out += en ? "\nNon-uniform items (this level vs the reference)\n" : "\n不一致事项（本级 与 参照上级）\n";
      header = true;
    }
    const auto &n = r.nodes[k];
    const auto &rn = r.nodes[static_cast<std::size_t>(c.ref_node)];
    out += fmt::format("\n{} {} · {}  ({}:{})\n", n.code, n.name, item_title(c), n.path, c.line);
    for (const auto &d : c.diffs) {
      out += fmt::format("  {} [{}]\n", en ? ten_field_en(d.field) : ten_field_zh(d.field), d.rule);
      out +=
          fmt::format("    - {:<8} {}\n", en ? "here" : "本级", d.lower.empty() ? (en ? "(none)" : "（无）") : d.lower);
      out += fmt::format("    + {:<8} {}\n", rn.code, d.upper.empty() ? (en ? "(none)" : "（无）") : d.upper);
    }
  });
  return detail::terminal_lines(out); // no control character of a value reaches a terminal
}

std::string uniformity_json(const LevelReport &r, bool en) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("tool").value("shitong");
  w.key("version").value(version_string());
  w.key("catalogs").begin_array();
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    const auto &n = r.nodes[k];
    if (n.context) continue;
    const auto &u = r.uniformity[k];
    w.begin_object();
    w.key("region").value(n.code);
    w.key("name").value(n.name);
    w.key("level").value(level_key(n.level));
    w.key("file").value(n.path);
    if (n.parent >= 0)
      w.key("parent").value(r.nodes[static_cast<std::size_t>(n.parent)].code);
    else
      w.key("parent").null();
    w.key("items").value(static_cast<long long>(u.items));
    w.key("with_reference").value(static_cast<long long>(u.with_reference));
    w.key("identical").value(static_cast<long long>(u.identical));
    if (n.parent >= 0)
      w.key("uniformity").value(u.ratio());
    else
      w.key("uniformity").null();
    w.key("extra").value(static_cast<long long>(u.extra));
    w.key("code_mismatch").value(static_cast<long long>(u.code_mismatch));
    w.key("missing").value(static_cast<long long>(u.missing));
    w.key("local").value(static_cast<long long>(u.local));
    w.key("field_mismatch").begin_object();
    for (std::size_t f = 0; f < k_ten_fields; ++f)
      w.key(ten_field_key(static_cast<TenField>(f))).value(static_cast<long long>(u.field_mismatch[f]));
    w.end_object();
    w.key("differences").begin_array();
    for (const auto &c : u.compared) {
      if (c.diffs.empty()) continue;
      const auto &rn = r.nodes[static_cast<std::size_t>(c.ref_node)];
      w.begin_object();
      w.key("item").value(c.code);
      w.key("name").value(c.name);
      w.key("sub_name").value(c.sub_name);
      w.key("line").value(c.line);
      w.key("reference").begin_object();
      w.key("region").value(rn.code);
      w.key("file").value(rn.path);
      w.key("line").value(c.ref_line);
      w.end_object();
      w.key("fields").begin_array();
      for (const auto &d : c.diffs) {
        w.begin_object();
        w.key("field").value(ten_field_key(d.field));
        w.key("rule").value(d.rule);
        w.key("path").value(fmt::format("items[{}].{}", c.item, d.path));
        w.key("line").value(d.pos.line);
        w.key("column").value(d.pos.column);
        w.key("lower").value(d.lower);
        w.key("upper").value(d.upper);
        w.key("message").value(en ? d.message_en : d.message_zh);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("unreadable").begin_array();
  for (const auto &u : r.unreadable) {
    w.begin_object();
    w.key("file").value(u.path);
    w.key("reason").value(en ? u.reason_en : u.reason_zh);
    w.end_object();
  }
  w.end_array();
  w.key("rankings").begin_array();
  for (auto &g : rank_siblings(r)) {
    w.begin_object();
    w.key("parent").value(r.nodes[static_cast<std::size_t>(g.parent)].code);
    w.key("members").begin_array();
    for (int m : g.members) {
      w.begin_object();
      w.key("region").value(r.nodes[static_cast<std::size_t>(m)].code);
      w.key("name").value(r.nodes[static_cast<std::size_t>(m)].name);
      w.key("uniformity").value(r.uniformity[static_cast<std::size_t>(m)].ratio());
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take() + "\n";
}

std::string uniformity_markdown(const LevelReport &r, bool en) {
  using detail::md_cell;
  std::string out = en ? "# Three-level uniformity (三级十同)\n\n" : "# 三级十同一致性报告\n\n";
  out += en ? "| region | level | reference | items | with reference | identical | uniformity |"
            : "| 区划 | 层级 | 参照上级 | 事项 | 有参照 | 一致 | 一致率 |";
  for (std::size_t f = 0; f < k_ten_fields; ++f)
    out += fmt::format(" {} |", en ? ten_field_en(static_cast<TenField>(f)) : ten_field_zh(static_cast<TenField>(f)));
  out += "\n|---|---|---|--:|--:|--:|--:|";
  for (std::size_t f = 0; f < k_ten_fields; ++f) out += "--:|";
  out += "\n";
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    const auto &n = r.nodes[k];
    if (n.context) continue;
    const auto &u = r.uniformity[k];
    bool has = n.parent >= 0;
    out += fmt::format("| {} {} | {} | {} | {} | {} | {} | {} |", n.code, md_cell(n.name), level_name(n.level, en),
                       has ? r.nodes[static_cast<std::size_t>(n.parent)].code : "—", u.items,
                       has ? std::to_string(u.with_reference) : "—", has ? std::to_string(u.identical) : "—",
                       has ? percent(u.ratio()) : "—");
    for (std::size_t f = 0; f < k_ten_fields; ++f)
      out += fmt::format(" {} |", has ? std::to_string(u.field_mismatch[f]) : "—");
    out += "\n";
  }
  for (const auto &u : r.unreadable) {
    out += fmt::format("| {} | {} | {} | — | — | — | — |", md_cell(u.path), en ? "**unreadable**" : "**无法读取**",
                       md_cell(en ? u.reason_en : u.reason_zh));
    for (std::size_t f = 0; f < k_ten_fields; ++f) out += " — |";
    out += "\n";
  }
  auto ranks = rank_siblings(r);
  if (!ranks.empty()) {
    out += en ? "\n## Rankings\n" : "\n## 排名\n";
    for (auto &g : ranks) {
      const auto &p = r.nodes[static_cast<std::size_t>(g.parent)];
      out += fmt::format("\n**{} {}**{}\n\n", p.code, md_cell(p.name), en ? "" : " 下辖");
      int place = 0;
      for (int m : g.members)
        out += fmt::format("{}. {} {} — {}\n", ++place, r.nodes[static_cast<std::size_t>(m)].code,
                           md_cell(r.nodes[static_cast<std::size_t>(m)].name),
                           percent(r.uniformity[static_cast<std::size_t>(m)].ratio()));
    }
  }
  bool header = false;
  for_each_difference(r, [&](std::size_t k, const ItemComparison &c) {
    if (!header) {
      out += en ? "\n## Non-uniform items\n" : "\n## 不一致事项\n";
      header = true;
    }
    const auto &n = r.nodes[k];
    const auto &rn = r.nodes[static_cast<std::size_t>(c.ref_node)];
    out += fmt::format("\n### {} {} · {}\n\n", n.code, md_cell(n.name), md_cell(item_title(c)));
    out += en ? fmt::format("| field | rule | here | reference ({}) |\n|---|---|---|---|\n", rn.code)
              : fmt::format("| 字段 | 规则 | 本级 | 参照（{}） |\n|---|---|---|---|\n", rn.code);
    for (const auto &d : c.diffs)
      out += fmt::format("| {} | `{}` | {} | {} |\n", en ? ten_field_en(d.field) : ten_field_zh(d.field), d.rule,
                         md_cell(d.lower.empty() ? "—" : d.lower), md_cell(d.upper.empty() ? "—" : d.upper));
  });
  return out;
}

// ---- version diff ----

namespace {

std::string list_text(const List<Text> &l) {
  std::string s;
  for (auto &x : l.items) s += (s.empty() ? "" : "、") + x.value;
  return s;
}

struct LocalField {
  const char *key, *title;
  std::string (*render)(const Item &);
};

const LocalField k_local_fields[] = {
    {"agency", "实施主体", [](const Item &i) { return i.agency.value; }},
    {"agency_code", "实施主体统一社会信用代码", [](const Item &i) { return i.agency_code.value; }},
    {"implementation_code", "实施编码", [](const Item &i) { return i.implementation_code.value; }},
    {"levels", "行使层级", [](const Item &i) { return list_text(i.levels); }},
    {"visits", "到办事现场次数",
     [](const Item &i) { return i.visits.present ? std::to_string(i.visits.value) : std::string(); }},
    {"visits_reason", "必须现场办理原因说明", [](const Item &i) { return i.visits_reason.value; }},
    {"channels", "办理形式", [](const Item &i) { return list_text(i.channels); }},
    {"proxy", "帮办代办",
     [](const Item &i) { return i.proxy.present ? std::string(i.proxy.value ? "是" : "否") : std::string(); }},
    {"outputs", "办理结果", [](const Item &i) { return list_text(i.outputs); }},
    {"local_basis", "地方设定依据", [](const Item &i) { return i.local_basis.value; }},
};

} // namespace

VersionDiff diff_versions(const LoadedFile &a, const LoadedFile &b) {
  VersionDiff d;
  d.old_path = a.path;
  d.new_path = b.path;
  d.region = b.catalog.region.code.value;
  d.region_name = b.catalog.region.name.value;
  d.old_published = a.catalog.published.value;
  d.new_published = b.catalog.published.value;
  d.old_items = a.catalog.items.size();
  d.new_items = b.catalog.items.size();
  std::unordered_map<std::string, std::size_t> in_new;
  for (std::size_t i = 0; i < b.catalog.items.size(); ++i)
    if (b.catalog.items.items[i].code.present) in_new.emplace(b.catalog.items.items[i].code.value, i);
  std::unordered_map<std::string, bool> in_old;
  for (const Item &o : a.catalog.items.items) {
    if (!o.code.present || in_old.count(o.code.value)) continue;
    in_old.emplace(o.code.value, true);
    auto f = in_new.find(o.code.value);
    if (f == in_new.end()) {
      d.changes.push_back(
          {ItemChange::removed, o.code.value, item_title(o).substr(o.code.value.size() + 1), o.pos, {}, {}});
      continue;
    }
    const Item &n = b.catalog.items.items[f->second];
    ItemChange c{ItemChange::changed, n.code.value, item_title(n).substr(n.code.value.size() + 1), o.pos, n.pos, {}};
    // one entry per difference: a changed material shows that material, not the whole list
    for (auto &x : compare_items(n, o))
      c.fields.push_back(
          {std::string(ten_field_key(x.field)), std::string(ten_field_zh(x.field)), true, x.upper, x.lower});
    for (const auto &lf : k_local_fields) {
      std::string ov = lf.render(o), nv = lf.render(n);
      if (normalize_text(ov) != normalize_text(nv)) c.fields.push_back({lf.key, lf.title, false, ov, nv});
    }
    if (!c.fields.empty()) d.changes.push_back(std::move(c));
  }
  for (const Item &n : b.catalog.items.items)
    if (n.code.present && !in_old.count(n.code.value)) {
      in_old.emplace(n.code.value, true);
      d.changes.push_back(
          {ItemChange::added, n.code.value, item_title(n).substr(n.code.value.size() + 1), {}, n.pos, {}});
    }
  return d;
}

std::string version_diff_text(const std::vector<VersionDiff> &diffs, bool en) {
  std::string out;
  for (const auto &d : diffs) {
    std::size_t added = 0, removed = 0, changed = 0;
    for (auto &c : d.changes)
      (c.kind == ItemChange::added ? added : c.kind == ItemChange::removed ? removed : changed)++;
    out += fmt::format("--- {}{}\n+++ {}{}\n", d.old_path, d.old_published.empty() ? "" : "  (" + d.old_published + ")",
                       d.new_path, d.new_published.empty() ? "" : "  (" + d.new_published + ")");
    out += en ? fmt::format("{} {}: {} -> {} items; {} added, {} removed, {} changed\n", d.region, d.region_name,
                            d.old_items, d.new_items, added, removed, changed)
              : fmt::format("{} {}：事项 {} → {} 项；新增 {} 项，取消 {} 项，变更 {} 项\n", d.region, d.region_name,
                            d.old_items, d.new_items, added, removed, changed);
    for (const auto &c : d.changes) {
      if (c.kind == ItemChange::added) {
        out += fmt::format("\n+ {} {}  ({}:{})\n", c.code, c.name, d.new_path, c.new_pos.line);
      } else if (c.kind == ItemChange::removed) {
        out += fmt::format("\n- {} {}  ({}:{})\n", c.code, c.name, d.old_path, c.old_pos.line);
      } else {
        out += fmt::format("\n~ {} {}  ({}:{})\n", c.code, c.name, d.new_path, c.new_pos.line);
        for (const auto &f : c.fields) {
          out += fmt::format("  {}{}\n", en ? f.key : f.title, f.ten ? (en ? " (ten fields)" : "（十同字段）") : "");
          out += fmt::format("    - {}\n", f.old_value.empty() ? (en ? "(none)" : "（无）") : f.old_value);
          out += fmt::format("    + {}\n", f.new_value.empty() ? (en ? "(none)" : "（无）") : f.new_value);
        }
      }
    }
  }
  return detail::terminal_lines(out); // no control character of a value reaches a terminal
}

std::string version_diff_json(const std::vector<VersionDiff> &diffs) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("tool").value("shitong");
  w.key("version").value(version_string());
  w.key("diffs").begin_array();
  for (const auto &d : diffs) {
    w.begin_object();
    w.key("region").value(d.region);
    w.key("name").value(d.region_name);
    w.key("old")
        .begin_object()
        .key("file")
        .value(d.old_path)
        .key("published")
        .value(d.old_published)
        .key("items")
        .value(static_cast<long long>(d.old_items))
        .end_object();
    w.key("new")
        .begin_object()
        .key("file")
        .value(d.new_path)
        .key("published")
        .value(d.new_published)
        .key("items")
        .value(static_cast<long long>(d.new_items))
        .end_object();
    w.key("changes").begin_array();
    for (const auto &c : d.changes) {
      w.begin_object();
      w.key("change").value(c.kind == ItemChange::added     ? "added"
                            : c.kind == ItemChange::removed ? "removed"
                                                            : "changed");
      w.key("item").value(c.code);
      w.key("name").value(c.name);
      if (c.old_pos.line) w.key("old_line").value(c.old_pos.line);
      if (c.new_pos.line) w.key("new_line").value(c.new_pos.line);
      w.key("fields").begin_array();
      for (const auto &f : c.fields)
        w.begin_object()
            .key("field")
            .value(f.key)
            .key("ten")
            .value(f.ten)
            .key("old")
            .value(f.old_value)
            .key("new")
            .value(f.new_value)
            .end_object();
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take() + "\n";
}

std::string version_diff_markdown(const std::vector<VersionDiff> &diffs, bool en) {
  using detail::md_cell;
  std::string out;
  for (const auto &d : diffs) {
    out += fmt::format("# {} {} {}\n\n", d.region, md_cell(d.region_name), en ? "catalog changes" : "事项目录变更");
    out += fmt::format("{} `{}` {} → `{}` {}\n\n", en ? "From" : "由", md_cell(d.old_path), md_cell(d.old_published),
                       md_cell(d.new_path), md_cell(d.new_published));
    for (auto kind : {ItemChange::added, ItemChange::removed, ItemChange::changed}) {
      std::vector<const ItemChange *> sel;
      for (auto &c : d.changes)
        if (c.kind == kind) sel.push_back(&c);
      if (sel.empty()) continue;
      const char *title = kind == ItemChange::added     ? (en ? "Added" : "新增事项")
                          : kind == ItemChange::removed ? (en ? "Removed" : "取消事项")
                                                        : (en ? "Changed" : "变更事项");
      out += fmt::format("## {}（{}）\n\n", title, sel.size());
      for (auto *c : sel) {
        out += fmt::format("- **{}** {}\n", c->code, md_cell(c->name));
        for (auto &f : c->fields)
          out += fmt::format("  - {}：~~{}~~ → {}\n", en ? f.key : f.title,
                             md_cell(f.old_value.empty() ? "—" : f.old_value),
                             md_cell(f.new_value.empty() ? "—" : f.new_value));
      }
      out += "\n";
    }
    if (d.changes.empty()) out += en ? "No changes.\n\n" : "无变更。\n\n";
  }
  return out;
}

} // namespace shitong
