// Issue 12, "nothing skipped in silence" and "hints at the right place": unreadable files are
// rows of every report and fail the run, a graph exits 0, catalogs without a registry are said,
// full-width YAML syntax is pointed at, --help speaks Chinese first, Chinese list names.
#include "support.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

using namespace shitong;
using test::run_cli;
using test::TempDir;

namespace {
const std::string k_catalogs = test::k_source_dir + "/catalogs";

bool has(const std::string &s, const std::string &part) {
  return s.find(part) != std::string::npos;
}

/// The bundled catalogs plus a county catalog saved in GBK (济南 = BC C3 C4 CF).
std::string tree_with_gbk(const TempDir &d, std::string &gbk) {
  auto to = d.path / "catalogs";
  std::filesystem::copy(k_catalogs, to, std::filesystem::copy_options::recursive);
  gbk = d.file("catalogs/山东省/370103-市中区.yaml",
               "kind: catalog\nversion: 1\nregion:\n  code: \"370103\"\n  name: \xBC\xC3\xC4\xCF\nitems: []\n");
  return to.string();
}
} // namespace

TEST_CASE("trust: diff shows an unreadable file as a row of every format and exits 2") {
  TempDir d;
  std::string gbk;
  std::string cats = tree_with_gbk(d, gbk);
  auto text = run_cli({"diff", "-j", "2", cats});
  CHECK(text.code == 2);
  CHECK(has(text.out, gbk + "  无法读取，未参与比较："));
  CHECK(has(text.err, "shitong: error: " + gbk + "：无法读取，未参与比较（运行 shitong validate 查看原因）\n"));
  auto md = run_cli({"diff", "-j", "2", "-f", "markdown", cats});
  CHECK(md.code == 2);
  CHECK(has(md.out, "| " + gbk + " | **无法读取** | "));
  auto json = run_cli({"diff", "-j", "2", "-f", "json", "--lang", "en", cats});
  CHECK(has(json.out, "\"unreadable\": [\n    {\n      \"file\": \"" + gbk + "\""));
  auto html = run_cli({"diff", "-j", "2", "-f", "html", cats});
  CHECK(has(html.out, "<tr class=\"unreadable\"><td>" + gbk + "</td><td>无法读取</td>"));
}

TEST_CASE("trust: certs shows an unreadable file as a row and exits 2") {
  TempDir d;
  std::string gbk;
  std::string cats = tree_with_gbk(d, gbk);
  auto text = run_cli({"certs", "-j", "2", cats});
  CHECK(text.code == 2);
  CHECK(has(text.out, gbk + "  无法读取，未参与审查："));
  auto md = run_cli({"certs", "-j", "2", "-f", "markdown", cats});
  CHECK(has(md.out, "| " + gbk + " | **无法读取** | "));
  auto json = run_cli({"certs", "-j", "2", "-f", "json", cats});
  CHECK(has(json.out, "\"file\": \"" + gbk + "\""));
}

TEST_CASE("trust: certs --graph exits 0 when it produced the graph, even with findings") {
  auto dot = run_cli({"certs", "-j", "2", "--graph", "dot", k_catalogs});
  CHECK(dot.code == 0);
  CHECK(dot.out.rfind("digraph", 0) == 0);
  CHECK(run_cli({"certs", "-j", "2", "--graph", "mermaid", k_catalogs}).code == 0);
  CHECK(run_cli({"certs", "-j", "2", k_catalogs}).code == 1); // the report still judges
}

TEST_CASE("trust: certs says how many catalogs were audited against a registry") {
  auto all = run_cli({"certs", "-j", "2", k_catalogs});
  CHECK(has(all.out, "证明事项审查：8 个目录，3 份证明事项清单；8 个目录对照证明事项清单作了审查\n"));
  CHECK(!has(all.err, "没有证明事项清单管辖"));
  // a province's folder alone: the registries governing it come from the repository (context)
  auto shandong = run_cli({"certs", "-j", "2", k_catalogs + "/山东省"});
  CHECK(has(shandong.out, "证明事项审查：4 个目录，2 份证明事项清单；4 个目录对照证明事项清单作了审查\n"));
  CHECK(!has(shandong.err, "没有证明事项清单管辖"));
  // without the context nothing governs them, and the run says so
  auto none = run_cli({"certs", "-j", "2", "--no-context", k_catalogs + "/山东省"});
  CHECK(has(none.out, "证明事项审查：4 个目录，0 份证明事项清单；0 个目录对照证明事项清单作了审查\n"));
  CHECK(has(none.err, "shitong: warning: 4 个目录中有 4 个没有证明事项清单管辖（370000 370100 370102 370115）："
                      "这些目录只检查了可共享和循环证明\n"));
  auto en = run_cli({"certs", "-j", "2", "--no-context", "--lang", "en", "-f", "json", k_catalogs + "/山东省"});
  CHECK(has(en.out, "\"audited_against_registry\": 0"));
  CHECK(has(en.err, "no proof registry governs 4 of 4 catalog(s)"));
}

TEST_CASE("trust: certs of one county gives its row and its demands as the whole tree does") {
  const std::string county = k_catalogs + "/山东省/370102-历下区.yaml";
  auto tree = run_cli({"certs", "-j", "2", "-f", "json", k_catalogs});
  auto alone = run_cli({"certs", "-j", "2", "-f", "json", county});
  auto region_row = [](const std::string &json) {
    auto at = json.find("\"region\": \"370102\",\n      \"name\"");
    return at == std::string::npos ? std::string() : json.substr(at, json.find('}', at) - at);
  };
  REQUIRE(!region_row(alone.out).empty());
  CHECK(region_row(alone.out) == region_row(tree.out));
  CHECK(alone.code == tree.code);
  CHECK(has(alone.out, "\"audited_against_registry\": 1"));
  auto text = run_cli({"certs", "-j", "2", county});
  CHECK(has(text.out, "证明事项审查：1 个目录，2 份证明事项清单；1 个目录对照证明事项清单作了审查\n"));
}

TEST_CASE("trust: full-width colon, full-width spaces and Chinese quotes are pointed at where they stand") {
  auto first = [](const std::string &yaml) {
    auto f = load_document("x.yaml", yaml);
    auto it = std::find_if(f.findings.begin(), f.findings.end(), [](auto &x) { return x.rule == "yaml-syntax"; });
    REQUIRE(it != f.findings.end());
    const auto &x = *it;
    return fmt::format("{}:{} {} {}", x.location.line, x.location.column, x.rule, x.message_zh);
  };
  std::string head = "kind: catalog\nversion: 1\nregion:\n  code: \"370102\"\n";
  CHECK(first(head + "  name：济南市历下区\n  level: county\nitems: []\n") ==
        "5:7 yaml-syntax YAML 语法错误：全角冒号「：」不能分隔键和值：请改成半角冒号加空格「: 」");
  CHECK(
      first(head + "\u3000\u3000name: 济南市历下区\n  level: county\nitems: []\n") ==
      "5:1 yaml-syntax YAML 语法错误：全角空格（U+3000）不能用来缩进：YAML 只能用半角空格缩进，请把它换成两个半角空格");
  CHECK(
      first(head + "  name: “济南市: 历下区”\n  level: county\nitems: []\n") ==
      "5:9 yaml-syntax YAML 语法错误：中文引号“”不能给 YAML 值加引号，值中的「: 」因此被当作了语法：请改用半角引号 \"");
  auto en = load_document("x.yaml", head + "  name：济南市历下区\n  level: county\nitems: []\n");
  CHECK(en.findings.back().message_en ==
        "YAML syntax error: a full-width colon '：' cannot separate a key from its value: write an ASCII colon and a "
        "space ': '");
  // full-width characters in values are data, not syntax
  CHECK(load_document("x.yaml", test::catalog_yaml("    agency: 济南市：历下区\u3000行政审批服务局\n")).readable);
}

TEST_CASE("trust: --help is Chinese first and English with --lang en or SHITONG_LANG=en") {
  auto zh = run_cli({"validate", "--help"});
  CHECK(zh.code == 0);
  CHECK(has(zh.out, "用法"));
  CHECK(has(zh.out, "消息语言 zh | en（默认：配置中的 lang，否则 zh）"));
  CHECK(has(zh.out, "--fail-on"));
  for (const char *cmd : {"validate", "diff", "certs", "publish", "baseline", "rules", "schema", "init"}) {
    CAPTURE(cmd);
    auto h = run_cli({cmd, "--help"});
    CHECK(has(h.out, "显示此命令的帮助并退出"));
    auto e = run_cli({cmd, "--lang", "en", "--help"});
    CHECK(has(e.out, "print this help and exit"));
    CHECK(!has(e.out, "显示此命令的帮助"));
  }
  CHECK(has(run_cli({"--help"}).out, "审批服务事项目录“三级十同”检查工具"));
  ::setenv("SHITONG_LANG", "en", 1);
  auto env = run_cli({"publish", "--help"});
  ::unsetenv("SHITONG_LANG");
  CHECK(has(env.out, "which list (the key or the Chinese name)"));
}

TEST_CASE("trust: publish --list takes the Chinese list names") {
  std::string city = k_catalogs + "/山东省/370100-济南市.yaml";
  auto key = run_cli({"publish", "--no-config", "-j", "2", "--allow-errors", "--list", "zero-visit", city});
  for (const char *name : {"零跑腿", "只跑一次", "最多跑一次", "你不用跑我来跑"}) {
    CAPTURE(name);
    auto r = run_cli({"publish", "--no-config", "-j", "2", "--allow-errors", "--list", name, city});
    CHECK(r.code == 0);
    CHECK(!r.out.empty());
  }
  CHECK(run_cli({"publish", "--no-config", "-j", "2", "--allow-errors", "--list", "零跑腿", city}).out == key.out);
  CHECK(run_cli({"publish", "--no-config", "--list", "跑两次", city}).code == 2);
}

TEST_CASE("trust: publish names the items it left off a list because their visits field has findings") {
  TempDir d;
  auto f = d.file("c.yaml", test::catalog_yaml("    visits: 一次\n    proxy: true\n"));
  auto r = run_cli({"publish", "--no-config", "--allow-errors", "--list", "zero-visit", f});
  CAPTURE(r.err);
  CHECK(has(r.err, fmt::format("shitong: note: 未列入清单：{}:8：第 1 个事项（食品经营许可）的 visits 有问题 [", f)));
  CHECK(
      has(r.err, "shitong: 有 1 个事项因到现场次数/帮办代办字段有问题未列入清单；运行 shitong validate 查看并修正\n"));
  // on the list: no note
  auto p = run_cli({"publish", "--no-config", "--allow-errors", "--list", "proxy", f});
  CHECK(!has(p.err, "未列入清单"));
}

TEST_CASE("trust: a catalog whose header stands below 16 KiB of comments is a parent and context like any other") {
  TempDir d;
  const auto root = d.path / "catalogs";
  std::filesystem::copy(k_catalogs, root, std::filesystem::copy_options::recursive);
  const std::string city = (root / "山东省/370100-济南市.yaml").string();
  std::string comments;
  while (comments.size() < 20 * 1024) comments += "# 本目录由济南市行政审批服务局维护，修改前请先与市审批局联系。\n";
  const std::string text = test::read_file(city);
  std::ofstream(city, std::ios::binary | std::ios::trunc) << comments << text;
  const std::string county = (root / "山东省/370102-历下区.yaml").string();
  auto tree = run_cli({"validate", "--no-cache", root.string()});
  auto alone = run_cli({"validate", "--no-cache", county});
  CHECK_FALSE(has(tree.err, "未找到上级目录"));
  CHECK_FALSE(has(alone.err, "未找到上级目录"));
  // the county's findings, cross-file ones included, are the same alone as in the tree
  auto lines_of = [&](const std::string &out) {
    std::vector<std::string> mine;
    std::size_t at = 0;
    while (at < out.size()) {
      std::size_t end = out.find('\n', at);
      if (end == std::string::npos) end = out.size();
      std::string line = out.substr(at, end - at);
      if (line.rfind(county + ":", 0) == 0) mine.push_back(line);
      at = end + 1;
    }
    return mine;
  };
  const auto in_tree = lines_of(tree.out), by_itself = lines_of(alone.out);
  CHECK(in_tree.size() == 10);
  CHECK(by_itself == in_tree);
  CHECK(has(alone.out, "[cert-circular]"));
  CHECK(has(alone.out, "[level-missing-item]"));
}

TEST_CASE("trust: a county alone reports no circular proof that a county beside it breaks in the whole tree") {
  // 济南市's 养犬登记 asks for 犬只狂犬病免疫证明, which 历下区 issues (and whose item asks for the
  // 养犬登记证): a cycle. Once 济阳区 issues it too, with nothing asked, the city's item can be
  // done first and there is no cycle, in the whole tree and for 历下区 alone.
  TempDir d;
  const auto root = d.path / "catalogs";
  std::filesystem::copy(k_catalogs, root, std::filesystem::copy_options::recursive);
  const std::string county = (root / "山东省/370102-历下区.yaml").string();
  auto before = run_cli({"validate", "--no-cache", county});
  CHECK(has(before.out, "[cert-circular]"));
  const std::string sibling = (root / "山东省/370115-济阳区.yaml").string();
  std::string text = test::read_file(sibling);
  const std::string from = "    outputs: [小餐饮登记证]\n";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "    outputs: [小餐饮登记证, 犬只狂犬病免疫证明]\n");
  std::ofstream(sibling, std::ios::binary | std::ios::trunc) << text;
  auto tree = run_cli({"validate", "--no-cache", root.string()});
  auto alone = run_cli({"validate", "--no-cache", county});
  CHECK_FALSE(has(tree.out, "[cert-circular]"));
  CHECK_FALSE(has(alone.out, "[cert-circular]"));
  auto certs = run_cli({"certs", county});
  CHECK(has(certs.out, "循环证明：0 个"));
}
