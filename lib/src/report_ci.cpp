// CI formats of a validation: SARIF 2.1.0, JUnit XML, GitHub workflow commands, a Markdown
// summary and a self-contained HTML findings report. The stable key of a finding (also the
// baseline key) lives here.
#include <shitong/report.hpp>
#include <shitong/rules.hpp>

#include "json_writer.hpp"
#include "sanitize.hpp"
#include "util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

namespace shitong {

namespace {

/// `file` relative to `root`. std::filesystem::proximate makes both paths canonical, with a
/// stat() per prefix of each: every writer asks for the path of every finding (and of its
/// related locations), so the answers are kept per file for as long as the root stays the same
/// (issue 13: 200,000 findings spent seconds in stat, and a deep path costs its depth squared).
std::string relative(const std::string &file, const std::string &root) {
  if (root.empty() || file.empty()) return file;
  thread_local std::string cached_root;
  thread_local std::unordered_map<std::string, std::string> cache;
  if (cached_root != root || cache.size() > 100000) {
    cache.clear();
    cached_root = root;
  }
  auto [it, fresh] = cache.try_emplace(file);
  if (fresh) {
    std::error_code ec;
    auto rel = std::filesystem::proximate(file, root, ec);
    it->second = ec ? file : rel.generic_string();
  }
  return it->second;
}

std::string uri_encode(std::string_view s) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + s.size() / 2);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

std::string hex64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull; // FNV-1a
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

const char *sarif_level(Severity s) {
  return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

std::string xml_escape(std::string_view s) { // what XML 1.0 forbids is written as a visible escape
  return detail::xml_text(s);
}

std::string where(const Location &l, const std::string &root) {
  std::string f = relative(l.file, root);
  return l.line ? fmt::format("{}:{}:{}", f, l.line, l.column) : f;
}

} // namespace

std::string stable_key(const Finding &f) {
  std::string path; // drop list indexes: items[12].materials[3].form -> items[].materials[].form
  for (std::size_t i = 0; i < f.path.size(); ++i) {
    if (f.path[i] == '[') {
      path += "[]";
      while (i < f.path.size() && f.path[i] != ']') ++i;
      continue;
    }
    path += f.path[i];
  }
  std::string msg;
  bool digits = false;
  for (char c : f.message_zh) {
    if (c >= '0' && c <= '9') {
      if (!digits) msg += '#';
      digits = true;
      continue;
    }
    digits = false;
    msg += c;
  }
  return fmt::format("{}|{}|{}|{}|{}", f.rule, f.region, f.item, path, msg);
}

std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    case ':':
      out += property ? "%3A" : ":";
      break;
    case ',':
      out += property ? "%2C" : ",";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string format_sarif(const ValidateResult &r, const CiOptions &o) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").value("2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.key("name").value("shitong");
  w.key("semanticVersion").value(version_string());
  w.key("version").value(version_string());
  w.key("rules").begin_array();
  for (const auto &rule : rule_table()) {
    std::string anchor = rule_doc_anchor(rule.id);
    w.begin_object();
    w.key("id").value(rule.id);
    std::string name; // PascalCase, distinct from the id as SARIF asks: level-extra-item -> LevelExtraItem
    bool up = true;
    for (char c : rule.id) {
      if (c == '-') {
        up = true;
        continue;
      }
      name += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      up = false;
    }
    w.key("name").value(name);
    w.key("shortDescription")
        .begin_object()
        .key("text")
        .value(o.english ? rule.summary_en : rule.summary_zh)
        .end_object();
    w.key("fullDescription")
        .begin_object()
        .key("text")
        .value(fmt::format("{} / {}", rule.summary_zh, rule.summary_en))
        .end_object();
    w.key("help")
        .begin_object()
        .key("text")
        .value(fmt::format("{}. See {} for failing and passing examples.", rule.summary_en, anchor))
        .key("markdown")
        .value(fmt::format("{}（{}）. See [{}]({}) for failing and passing examples.", rule.summary_zh, rule.summary_en,
                           anchor, anchor))
        .end_object();
    w.key("defaultConfiguration").begin_object().key("level").value(sarif_level(rule.severity)).end_object();
    w.key("properties")
        .begin_object()
        .key("tags")
        .begin_array()
        .value(family_name(rule.family))
        .end_array()
        .end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_object(); // driver, tool
  w.key("originalUriBaseIds")
      .begin_object()
      .key("%SRCROOT%")
      .begin_object()
      .key("uri")
      .value("file:///")
      .end_object()
      .end_object();
  w.key("results").begin_array();
  for (const auto &f : r.findings) {
    w.begin_object();
    w.key("ruleId").value(f.rule);
    w.key("ruleIndex").value(rule_index(f.rule));
    w.key("level").value(sarif_level(f.severity));
    w.key("message").begin_object().key("text").value(f.message(o.english)).end_object();
    auto loc = [&](const Location &l) {
      w.begin_object().key("physicalLocation").begin_object();
      w.key("artifactLocation")
          .begin_object()
          .key("uri")
          .value(uri_encode(relative(l.file, o.root)))
          .key("uriBaseId")
          .value("%SRCROOT%")
          .end_object();
      if (l.line)
        w.key("region")
            .begin_object()
            .key("startLine")
            .value(l.line)
            .key("startColumn")
            .value(std::max(1u, l.column))
            .end_object();
      w.end_object();
      if (!l.label.empty()) w.key("message").begin_object().key("text").value(l.label).end_object();
      w.end_object();
    };
    w.key("locations").begin_array();
    loc(f.location);
    w.end_array();
    if (!f.related.empty()) {
      w.key("relatedLocations").begin_array();
      for (const auto &rel : f.related) loc(rel);
      w.end_array();
    }
    w.key("partialFingerprints").begin_object().key("shitongKey/v1").value(hex64(stable_key(f))).end_object();
    w.key("properties")
        .begin_object()
        .key("region")
        .value(f.region)
        .key("item")
        .value(f.item)
        .key("path")
        .value(f.path)
        .end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object().end_array(); // run, runs
  w.end_object();
  return w.take() + "\n";
}

std::string format_junit(const ValidateResult &r, const CiOptions &o) {
  std::map<std::string, std::vector<const Finding *>> by_file;
  for (const auto &lf : r.files) by_file[lf.path];
  for (const auto &f : r.findings) by_file[f.location.file].push_back(&f);
  std::map<std::string, const LoadedFile *> loaded;
  for (const auto &lf : r.files) loaded[lf.path] = &lf;
  std::size_t tests = 0, failures = 0, errors = 0;
  std::string suites;
  for (const auto &[file, fs] : by_file) {
    std::string rel = relative(file, o.root);
    auto it = loaded.find(file);
    bool unreadable = it != loaded.end() && !it->second->readable;
    std::size_t t = 0, fail = 0, err = 0;
    std::string cases;
    const Finding *cause = nullptr; // why the file could not be checked
    if (unreadable) {
      for (const Finding *f : fs)
        if (!cause && makes_unreadable(f->rule)) cause = f;
      if (!cause && !fs.empty()) cause = fs.front();
      ++t;
      ++err;
      std::string msg =
          cause ? where(cause->location, o.root) + ": " + cause->message(o.english) : "file could not be checked";
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n      <error message=\"{}\" "
                           "type=\"{}\">{}</error>\n    </testcase>\n",
                           xml_escape(rel), xml_escape(rel), xml_escape(rel), xml_escape(msg),
                           cause ? xml_escape(cause->rule) : "unreadable", xml_escape(msg));
    }
    for (const Finding *f : fs) {
      if (f == cause) continue;
      ++t;
      bool failing = f->severity == Severity::error || f->severity == Severity::warning;
      std::string name = fmt::format("{} [{}]", where(f->location, o.root), f->rule);
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n", xml_escape(name),
                           xml_escape(rel), xml_escape(rel), f->location.line);
      std::string body = fmt::format("{}: {}: {} [{}]", where(f->location, o.root), severity_name(f->severity),
                                     f->message(o.english), f->rule);
      for (const auto &rel_loc : f->related)
        body += "\n    " + where(rel_loc, o.root) + (rel_loc.label.empty() ? "" : " (" + rel_loc.label + ")");
      if (failing) {
        ++fail;
        cases += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                             xml_escape(f->message(o.english)), xml_escape(f->rule), xml_escape(body));
      } else {
        cases += fmt::format("      <system-out>{}</system-out>\n", xml_escape(body));
      }
      cases += "    </testcase>\n";
    }
    if (t == 0) {
      ++t;
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"/>\n", xml_escape(rel),
                           xml_escape(rel), xml_escape(rel));
    }
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n{}  </testsuite>\n",
        xml_escape(rel), t, fail, err, cases);
    tests += t;
    failures += fail;
    errors += err;
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shitong\" tests=\"{}\" "
                     "failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
                     tests, failures, errors, suites);
}

std::string format_github(const ValidateResult &r, const CiOptions &o) {
  std::string out;
  for (const auto &f : r.findings) {
    const char *cmd = f.severity == Severity::error ? "error" : f.severity == Severity::warning ? "warning" : "notice";
    // a value never starts a new workflow command or moves the cursor; its newlines stay
    // (%0A: a multi-line annotation)
    auto terminal_text = [](std::string_view s) { return detail::terminal_text(s, true); };
    std::string msg = terminal_text(f.message(o.english));
    for (const auto &rel : f.related)
      msg += fmt::format(
          "\n{}: {}{}", rel.reference ? (o.english ? "reference" : "参照") : (o.english ? "see" : "参见"),
          terminal_text(where(rel, o.root)), rel.label.empty() ? "" : " (" + terminal_text(rel.label) + ")");
    std::string props = "file=" + github_escape(terminal_text(relative(f.location.file, o.root)), true);
    if (f.location.line) props += fmt::format(",line={},col={}", f.location.line, std::max(1u, f.location.column));
    props += ",title=" + github_escape(f.rule, true);
    out += fmt::format("::{} {}::{}\n", cmd, props, github_escape(msg, false));
  }
  return out;
}

std::string format_markdown(const ValidateResult &r, const CiOptions &o) {
  const auto md_cell = detail::markdown_text; // values never make a link, an image or HTML
  bool en = o.english;
  const auto &s = r.summary;
  std::string out = en ? "## shitong: catalog check\n\n" : "## shitong 目录检查\n\n";
  out += en ? fmt::format("{} file(s), {} catalog(s), {} item(s): **{} error(s)**, {} warning(s), {} info\n\n", s.files,
                          s.catalogs, s.items, s.by_severity[2], s.by_severity[1], s.by_severity[0])
            : fmt::format("{} 个文件，{} 个目录，{} 个事项：**{} 个错误**，{} 个警告，{} 个提示\n\n", s.files,
                          s.catalogs, s.items, s.by_severity[2], s.by_severity[1], s.by_severity[0]);
  if (r.findings.empty()) return out + (en ? "No findings. ✅\n" : "没有发现问题。✅\n");
  std::map<std::string, std::array<std::size_t, 3>> by_rule, by_region;
  std::map<std::string, std::string> region_file;
  for (const auto &f : r.findings) {
    by_rule[f.rule][static_cast<std::size_t>(f.severity)]++;
    std::string region = f.region.empty() ? relative(f.location.file, o.root) : f.region;
    by_region[region][static_cast<std::size_t>(f.severity)]++;
    region_file.emplace(region, relative(f.location.file, o.root));
  }
  out += en ? "| rule | errors | warnings | info |\n|---|--:|--:|--:|\n"
            : "| 规则 | 错误 | 警告 | 提示 |\n|---|--:|--:|--:|\n";
  for (const auto &[rule, c] : by_rule)
    out += fmt::format("| [`{}`]({}) | {} | {} | {} |\n", rule, rule_doc_anchor(rule), c[2], c[1], c[0]);
  std::vector<std::pair<std::string, std::array<std::size_t, 3>>> regions(by_region.begin(), by_region.end());
  std::stable_sort(regions.begin(), regions.end(), [](auto &a, auto &b) {
    return a.second[2] != b.second[2] ? a.second[2] > b.second[2] : a.second[1] > b.second[1];
  });
  out += en ? "\n**Worst catalogs**\n\n| region | file | errors | warnings |\n|---|---|--:|--:|\n"
            : "\n**问题最多的目录**\n\n| 区划 | 文件 | 错误 | 警告 |\n|---|---|--:|--:|\n";
  for (std::size_t i = 0; i < regions.size() && i < 10; ++i)
    out += fmt::format("| {} | {} | {} | {} |\n", md_cell(regions[i].first), md_cell(region_file[regions[i].first]),
                       regions[i].second[2], regions[i].second[1]);
  out += en ? "\n<details><summary>Findings</summary>\n\n" : "\n<details><summary>发现列表</summary>\n\n";
  std::size_t shown = 0;
  for (const auto &f : r.findings) {
    if (++shown > 100) {
      out += en ? fmt::format("- … and {} more\n", r.findings.size() - 100)
                : fmt::format("- ……另有 {} 条\n", r.findings.size() - 100);
      break;
    }
    out += fmt::format("- {} {} {} `[{}]`\n", md_cell(where(f.location, o.root)), severity_name(f.severity),
                       md_cell(f.message(en)), f.rule);
  }
  out += "\n</details>\n";
  return out;
}

std::string format_html(const ValidateResult &r, const CiOptions &o) {
  using detail::html_escape;
  bool en = o.english;
  std::string out =
      fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\">\n"
                  "<title>{}</title>\n<style>\nbody{{margin:0;padding:20px;font:14px/1.6 \"Noto Sans CJK "
                  "SC\",\"PingFang SC\",\"Microsoft YaHei\",system-ui,sans-serif;color:#1f2328}}\n"
                  "h1{{font-size:20px}} table{{border-collapse:collapse;width:100%}} th,td{{border:1px solid "
                  "#d1d9e0;padding:4px 8px;text-align:left;vertical-align:top}}\n"
                  "thead th{{background:#f6f8fa;position:sticky;top:0}} .error{{color:#b42318;font-weight:600}} "
                  ".warning{{color:#9a6700;font-weight:600}} .info{{color:#0969da}}\n"
                  "code{{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:12px}} "
                  "input{{font:inherit;padding:4px 8px;width:min(480px,100%);margin:8px 0}}\n"
                  ".rel{{color:#59636e;font-size:12px}} @media print{{input{{display:none}} "
                  "thead{{display:table-header-group}} tr{{break-inside:avoid}}}}\n</style>\n</head>\n<body>\n",
                  en ? "en" : "zh-CN", en ? "shitong findings" : "shitong 检查结果");
  const auto &s = r.summary;
  out += fmt::format("<h1>{}</h1>\n<p>{}</p>\n", en ? "shitong findings" : "shitong 检查结果",
                     html_escape(summary_line(s, en)));
  out += fmt::format("<input id=\"q\" type=\"search\" placeholder=\"{}\" oninput=\"filter()\">\n",
                     en ? "Filter (file, rule, item, text)" : "筛选（文件、规则、事项、内容）");
  out += fmt::format(
      "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody id=\"rows\">\n",
      en ? "Location" : "位置", en ? "Severity" : "级别", en ? "Rule" : "规则", en ? "Item" : "事项",
      en ? "Message" : "说明");
  for (const auto &f : r.findings) {
    std::string rel;
    for (const auto &l : f.related)
      rel += "<div class=\"rel\">" + html_escape(where(l, o.root) + (l.label.empty() ? "" : " (" + l.label + ")")) +
             "</div>";
    out += fmt::format(
        "<tr><td><code>{}</code></td><td class=\"{}\">{}</td><td><code>{}</code></td><td>{}</td><td>{}{}</td></tr>\n",
        html_escape(where(f.location, o.root)), severity_name(f.severity), severity_name(f.severity),
        html_escape(f.rule), html_escape(f.item), html_escape(f.message(en)), rel);
  }
  out += "</tbody></table>\n<script>\nfunction filter(){var q=document.getElementById('q').value.toLowerCase();"
         "var rows=document.getElementById('rows').rows;for(var i=0;i<rows.length;i++){"
         "rows[i].style.display=rows[i].textContent.toLowerCase().indexOf(q)<0?'none':'';}}\n</script>\n</body>\n</"
         "html>\n";
  return out;
}

} // namespace shitong
