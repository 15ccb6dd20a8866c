// The uniformity report as one self-contained HTML page: a heat map of regions x ten fields
// and the field-by-field differences. No external fonts, scripts or styles; prints on A4.
#include <shitong/diff.hpp>
#include <shitong/version.hpp>

#include "util.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace shitong {

namespace {
using detail::html_escape;

constexpr const char *k_css = R"css(
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#ffffff; --head:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; color: var(--ink); background: var(--bg);
  font: 14px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
thead th { background: var(--head); position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.heat { text-align: center; font-variant-numeric: tabular-nums; min-width: 3.2em; }
.lvl { color: var(--muted); white-space: nowrap; }
.legend span { display: inline-block; padding: 0 10px; margin-right: 4px; border: 1px solid var(--line); }
.diff td.lower { background: #fff1f0; }
.diff td.upper { background: #f0f7ff; }
code { font-family: ui-monospace,"DejaVu Sans Mono",monospace; font-size: 12px; }
ol { margin: 4px 0 12px; }
@media (max-width: 640px) { body { padding: 12px; font-size: 13px; } th, td { padding: 3px 5px; } }
@media print {
  body { padding: 0; font-size: 10pt; }
  @page { size: A4 landscape; margin: 12mm; }
  thead { display: table-header-group; }
  tr, .item { break-inside: avoid; }
  .wrap { overflow: visible; }
  td.heat { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

std::string heat_style(std::size_t count, std::size_t total) {
  if (total == 0) return "";
  if (count == 0) return "background:#e6f4ea";
  double share = static_cast<double>(count) / static_cast<double>(total);
  // from light amber to deep red
  int r = 255, g = static_cast<int>(220 - 170 * std::min(1.0, share * 3)),
      b = static_cast<int>(180 - 150 * std::min(1.0, share * 3));
  return fmt::format("background:rgb({},{},{}){}", r, g, b, share > 0.2 ? ";color:#fff" : "");
}
} // namespace

std::string uniformity_html(const LevelReport &r, bool en) {
  std::string o;
  o += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, "
                   "initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
                   en ? "en" : "zh-CN", en ? "Three-level uniformity report" : "三级十同一致性报告", k_css);
  o += fmt::format("<h1>{}</h1>\n<p class=\"meta\">{} · shitong {}</p>\n",
                   en ? "Three-level uniformity (三级十同)" : "三级十同一致性报告",
                   en ? fmt::format("{} catalogs", r.reported()) : fmt::format("共 {} 个目录", r.reported()),
                   version_string());
  o += fmt::format("<h2>{}</h2>\n", en ? "Heat map: items differing from the reference, per field"
                                       : "热力图：各字段与上级不一致的事项数");
  o += fmt::format("<p class=\"legend\">{} <span style=\"background:#e6f4ea\">0</span><span "
                   "style=\"{}\">{}</span><span style=\"{}\">{}</span></p>\n",
                   en ? "Legend:" : "图例：", heat_style(1, 100), en ? "few" : "少", heat_style(30, 100),
                   en ? "many" : "多");
  o += "<div class=\"wrap\"><table class=\"heatmap\">\n<thead><tr>";
  o += fmt::format("<th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>", en ? "Region" : "区划",
                   en ? "Reference" : "参照上级", en ? "Items with reference" : "有参照事项",
                   en ? "Uniformity" : "一致率");
  for (std::size_t f = 0; f < k_ten_fields; ++f)
    o += fmt::format("<th class=\"num\">{}</th>",
                     html_escape(en ? ten_field_en(static_cast<TenField>(f)) : ten_field_zh(static_cast<TenField>(f))));
  o += "</tr></thead>\n<tbody>\n";
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    const auto &n = r.nodes[k];
    if (n.context) continue;
    const auto &u = r.uniformity[k];
    bool has = n.parent >= 0;
    o += fmt::format("<tr><td>{} {} <span class=\"lvl\">{}</span></td><td>{}</td>", html_escape(n.code),
                     html_escape(n.name), en ? level_key(n.level) : level_zh(n.level),
                     has ? html_escape(r.nodes[static_cast<std::size_t>(n.parent)].code + " " +
                                       r.nodes[static_cast<std::size_t>(n.parent)].name)
                         : "—");
    if (!has) {
      o +=
          fmt::format("<td class=\"num\">—</td><td class=\"num\">—</td><td colspan=\"{}\" class=\"lvl\">{}</td></tr>\n",
                      k_ten_fields, en ? "top of the inputs: checked on its own" : "最上级目录，仅单独检查");
      continue;
    }
    o += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{:.1f}%</td>", u.with_reference, u.ratio() * 100);
    for (std::size_t f = 0; f < k_ten_fields; ++f)
      o += fmt::format("<td class=\"heat\" style=\"{}\">{}</td>", heat_style(u.field_mismatch[f], u.with_reference),
                       u.field_mismatch[f]);
    o += "</tr>\n";
  }
  for (const auto &u : r.unreadable)
    o += fmt::format("<tr class=\"unreadable\"><td>{}</td><td>{}</td><td colspan=\"{}\">{}</td></tr>\n",
                     html_escape(u.path), en ? "unreadable" : "无法读取", k_ten_fields + 2,
                     html_escape(en ? u.reason_en : u.reason_zh));
  o += "</tbody></table></div>\n";

  auto ranks = rank_siblings(r);
  if (!ranks.empty()) {
    o += fmt::format("<h2>{}</h2>\n", en ? "Rankings" : "排名");
    for (auto &g : ranks) {
      const auto &p = r.nodes[static_cast<std::size_t>(g.parent)];
      o += fmt::format("<h3>{} {}{}</h3>\n<ol>\n", html_escape(p.code), html_escape(p.name), en ? "" : " 下辖");
      for (int m : g.members) {
        const auto &n = r.nodes[static_cast<std::size_t>(m)];
        const auto &u = r.uniformity[static_cast<std::size_t>(m)];
        o += fmt::format("<li>{} {} — {:.1f}%（{}/{}）{}</li>\n", html_escape(n.code), html_escape(n.name),
                         u.ratio() * 100, u.identical, u.with_reference,
                         (u.extra || u.code_mismatch || u.missing)
                             ? html_escape(en ? fmt::format("; outside the catalog {}, code mismatches {}, missing {}",
                                                            u.extra, u.code_mismatch, u.missing)
                                              : fmt::format("；目录之外 {}，编码不一致 {}，缺失 {}", u.extra,
                                                            u.code_mismatch, u.missing))
                             : "");
      }
      o += "</ol>\n";
    }
  }

  bool header = false;
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    const auto &n = r.nodes[k];
    if (n.context) continue;
    for (const auto &c : r.uniformity[k].compared) {
      if (c.diffs.empty()) continue;
      if (!header) {
        o += fmt::format("<h2>{}</h2>\n", en ? "Non-uniform items" : "不一致事项");
        header = true;
      }
      const auto &rn = r.nodes[static_cast<std::size_t>(c.ref_node)];
      std::string title = c.code + " " + c.name + (!c.sub_name.empty() ? "（" + c.sub_name + "）" : "");
      o += fmt::format("<div class=\"item\"><h3>{} {} · {}</h3>\n<p class=\"meta\"><code>{}:{}</code></p>\n",
                       html_escape(n.code), html_escape(n.name), html_escape(title), html_escape(n.path), c.line);
      o += fmt::format("<div class=\"wrap\"><table "
                       "class=\"diff\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                       en ? "Field" : "字段", en ? "Rule" : "规则", en ? "This level" : "本级",
                       html_escape((en ? "Reference " : "参照 ") + rn.code + " " + rn.name));
      for (const auto &d : c.diffs)
        o += fmt::format(
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"lower\">{}</td><td class=\"upper\">{}</td></tr>\n",
            html_escape(en ? ten_field_en(d.field) : ten_field_zh(d.field)), html_escape(d.rule),
            html_escape(d.lower.empty() ? "—" : d.lower), html_escape(d.upper.empty() ? "—" : d.upper));
      o += "</tbody></table></div></div>\n";
    }
  }
  if (!header)
    o += fmt::format("<p>{}</p>\n", en ? "Every compared item is uniform." : "所有有参照的事项均与上级一致。");
  o += "</body>\n</html>\n";
  return o;
}

} // namespace shitong
