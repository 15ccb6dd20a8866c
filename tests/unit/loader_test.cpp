#include "support.hpp"

#include <shitong/loader.hpp>

#include <doctest/doctest.h>

using namespace shitong;
using shitong::test::catalog_yaml;
using shitong::test::rules_of;

TEST_CASE("loader: a valid catalog loads with positions and no findings") {
  auto f = load_document("a.yaml", catalog_yaml());
  CHECK(f.findings.empty());
  REQUIRE(f.kind == DocKind::catalog);
  CHECK(f.catalog.region.code.value == "370102");
  CHECK(f.catalog.region.code.pos.line == 4);
  CHECK(f.catalog.region.code.pos.column == 9);
  REQUIRE(f.catalog.items.size() == 1);
  const Item &it = f.catalog.items.items[0];
  CHECK(it.pos.line == 8);
  CHECK(it.pos.column == 5);
  CHECK(it.process.items[1].value == "受理");
  CHECK(it.time_limit.promised.value == 5);
  CHECK(it.materials.items[0].effective_type() == "表格");
}

TEST_CASE("loader: keys in any order read the same values, and a repeated key is still found") {
  // the key lookup starts after the previous key (fields.hpp): out of order, wrapped around
  const std::string head = "kind: catalog\nversion: 1\nregion:\n  level: county\n  name: 历下区\n  code: \"370102\"\n"
                           "parent: \"370100\"\nitems:\n";
  const std::string item = "  - time_limit: {unit: 工作日, promised: 5}\n    type: 行政许可\n    name: 食品经营许可\n"
                           "    code: \"370100123001\"\n    name: 别的名称\n";
  auto f = load_document("a.yaml", head + item);
  REQUIRE(f.catalog.items.size() == 1);
  const Item &it = f.catalog.items.items[0];
  CHECK(f.catalog.region.code.value == "370102");
  CHECK(f.catalog.region.name.value == "历下区");
  CHECK(it.code.value == "370100123001");
  CHECK(it.name.value == "食品经营许可");
  CHECK(it.type.value == "行政许可");
  CHECK(it.time_limit.promised.value == 5);
  CHECK(it.time_limit.unit.value == "工作日");
  CHECK(rules_of(f.findings) == std::vector<std::string>{"13:5 duplicate-key", "9:5 missing-field", "9:5 missing-field",
                                                         "9:5 missing-field", "9:5 missing-field"});
}

TEST_CASE("loader: a UTF-8 BOM is accepted and does not shift columns") {
  auto f = load_document("a.yaml", "\xEF\xBB\xBF" + catalog_yaml());
  CHECK(f.findings.empty());
  CHECK(f.catalog.region.code.pos.column == 9);
}

TEST_CASE("loader: syntax errors say where parsing stopped and mention tabs") {
  auto f = load_document("a.yaml", "kind: catalog\nversion: 1\nregion:\n\tcode: \"370102\"\n");
  REQUIRE(f.findings.size() == 1);
  CHECK(f.findings[0].rule == "yaml-syntax");
  CHECK(f.findings[0].location.line == 4);
  CHECK(f.findings[0].message_zh ==
        "YAML 语法错误，解析在此停止：出现了不能作为开头的字符（found character that cannot start any token (while "
        "scanning for the next token)）；该行含制表符（Tab），YAML 只能用空格缩进");
  CHECK_FALSE(f.readable);
}

TEST_CASE("loader: GBK input is an encoding finding that says how to convert") {
  // "名称" in GBK
  auto f = load_document("gbk.yaml", "kind: catalog\nname: \xC3\xFB\xB3\xC6\n");
  REQUIRE(f.findings.size() == 1);
  CHECK(f.findings[0].rule == "encoding");
  CHECK(f.findings[0].location.line == 2);
  CHECK(f.findings[0].location.column == 7);
  CHECK(f.findings[0].message_en ==
        "the file is not UTF-8; it looks like GB18030/GBK. Convert it, e.g. iconv -f GB18030 -t UTF-8 old.yaml > "
        "new.yaml, or save as UTF-8 in the editor");
}

TEST_CASE("loader: duplicate keys keep the first value and point at the second key") {
  auto f = load_document("a.yaml", catalog_yaml("    name: 别的名称\n"));
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"26:5 duplicate-key"});
  CHECK(f.findings[0].message_zh == "键「name」重复（第一次出现在第 9 行）；以第一次为准");
  CHECK(f.findings[0].item == "370100123001");
  CHECK(f.findings[0].path == "items[0]");
  CHECK(f.catalog.items.items[0].name.value == "食品经营许可");
}

TEST_CASE("loader: unknown keys suggest the nearest known key") {
  auto f = load_document("a.yaml", catalog_yaml("    visit: 1\n"));
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"26:5 unknown-key"});
  // messages count items from 1 and name them; the field path keeps items[0]
  CHECK(f.findings[0].message_zh == "第 1 个事项（食品经营许可）中有未定义的键「visit」，是否应为「visits」？");
  CHECK(f.findings[0].message_en == "unknown key 'visit' in item 1 (食品经营许可); did you mean 'visits'?");
  CHECK(f.findings[0].path == "items[0]");
}

TEST_CASE("loader: bad enumeration values suggest the nearest value") {
  auto f = load_document("a.yaml", catalog_yaml("    channels: [网上受理]\n"));
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"26:16 bad-enum"});
  CHECK(f.findings[0].message_zh == "办理形式「网上受理」不是允许的值，是否应为「网上办理」？可选：窗口办理、网上办理、"
                                    "移动端办理、快递申请、自助终端");
}

TEST_CASE("loader: wrong types name what was expected and what was found") {
  auto f = load_document("a.yaml", catalog_yaml("    visits: 一次\n    channels: 网上办理\n"));
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"26:13 wrong-type", "27:15 wrong-type"});
  CHECK(f.findings[0].message_zh == "第 1 个事项（食品经营许可）的 visits 应为整数，实际是文本「一次」");
  CHECK(f.findings[1].message_zh == "第 1 个事项（食品经营许可）的 channels 应为列表，实际是文本「网上办理」；写成 "
                                    "[网上办理]，或每项一行 \"- …\"");
  CHECK(f.findings[1].path == "items[0].channels");
}

TEST_CASE("loader: an unquoted all-digit code is a wrong-type finding") {
  std::string y = catalog_yaml();
  y.replace(y.find("\"370100123001\""), 14, "370100123001");
  auto f = load_document("a.yaml", y);
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"8:11 wrong-type"});
  CHECK(f.catalog.items.items[0].code.value == "370100123001");
}

TEST_CASE("loader: missing fields point at the enclosing mapping") {
  std::string y = catalog_yaml();
  y.erase(y.find("    type: 行政许可\n"), std::string("    type: 行政许可\n").size());
  auto f = load_document("a.yaml", y);
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"8:5 missing-field"});
  CHECK(f.findings[0].message_zh == "缺少必填字段 type（事项类型）");
  CHECK(f.findings[0].path == "items[0].type");
}

TEST_CASE("loader: anchors and aliases are findings and are never expanded") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    bomb += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" +
            char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
  auto f = load_document("bomb.yaml", "kind: catalog\nversion: 1\n" + bomb);
  std::size_t aliases = 0;
  for (auto &x : f.findings) aliases += x.rule == "yaml-alias";
  CHECK(aliases == 10 + 9 * 8);
}

TEST_CASE("loader: a merge key is a yaml-alias finding") {
  auto f = load_document("a.yaml", catalog_yaml("    <<: {visits: 1}\n"));
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"26:5 yaml-alias"});
  CHECK(f.findings[0].message_zh == "不支持合并键 <<：请把内容直接写出");
}

TEST_CASE("loader: deep nesting stops with a finding instead of recursing") {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto f = load_document("deep.yaml", "kind: catalog\nversion: 1\nextra: " + deep + "\n");
  REQUIRE(!f.findings.empty());
  CHECK(f.findings.back().rule == "yaml-syntax");
  CHECK(f.findings.back().message_en == "nesting deeper than 64 levels; reading of this file stopped");
}

TEST_CASE("loader: empty files, missing kind, unknown kind and version") {
  CHECK(rules_of(load_document("e.yaml", "").findings) == std::vector<std::string>{"1:1 unknown-kind"});
  CHECK(rules_of(load_document("e.yaml", "# only a comment\n").findings) ==
        std::vector<std::string>{"1:1 unknown-kind"});
  CHECK(rules_of(load_document("e.yaml", "version: 1\n").findings) == std::vector<std::string>{"1:1 unknown-kind"});
  auto f = load_document("e.yaml", "kind: catalogue\nversion: 1\n");
  REQUIRE(rules_of(f.findings) == std::vector<std::string>{"1:7 unknown-kind"});
  CHECK(f.findings[0].message_zh == "kind「catalogue」不受支持（是否应为「catalog」？）；应为 catalog 或 certificates");
  auto v = load_document("v.yaml", catalog_yaml().replace(14, 10, "version: 2"));
  CHECK(rules_of(v.findings) == std::vector<std::string>{"2:10 unknown-kind"});
}

TEST_CASE("loader: root keys of the other kind are unknown keys") {
  auto f = load_document("a.yaml", catalog_yaml() + "scope: \"370000\"\n");
  CHECK(rules_of(f.findings) == std::vector<std::string>{"26:1 unknown-key"});
}

TEST_CASE("loader: certificates registries are recognised") {
  auto f = load_document(
      "c.yaml",
      "kind: certificates\nversion: 1\nscope: \"370000\"\nretained:\n  - name: 出生医学证明\n    aliases: [出生证明]\n"
      "cancelled:\n  - name: 亲属关系证明\n    replaced_by: 数据共享\nodd:\n  - pattern: (健在|活着)证明\n    reason: "
      "不得要求自证\n");
  CHECK(f.findings.empty());
  REQUIRE(f.kind == DocKind::certificates);
  CHECK(f.certificates.retained.items[0].aliases.items[0].value == "出生证明");
  CHECK(f.certificates.cancelled.items[0].replaced_by.value == "数据共享");
}

TEST_CASE("loader: inline ignore comments target their own line or the next content line") {
  auto f = load_document("a.yaml", catalog_yaml("    visits: 1  # shitong-ignore: visits-reason-missing 现场核验\n"
                                                "    # shitong-ignore: zero-visit-channel 说明\n\n    proxy: true\n"));
  REQUIRE(f.ignores.size() == 2);
  CHECK(f.ignores[0].target_line == 26);
  CHECK(f.ignores[0].rule == "visits-reason-missing");
  CHECK(f.ignores[0].reason == "现场核验");
  CHECK(f.ignores[1].line == 27);
  CHECK(f.ignores[1].target_line == 29);
}
