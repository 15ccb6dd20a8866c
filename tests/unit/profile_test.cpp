// Code profiles beyond the fixtures: the layouts' own parts, an office's own profile as the
// config loader builds it, and what validate and diff say about inputs they cannot check.
#include "support.hpp"

#include "code_profile.hpp"
#include "profile_config.hpp"

#include <shitong/check.hpp>
#include <shitong/config.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace shitong;

TEST_CASE("profiles: national and sichuan are shipped — separators may occur inside segments") {
  REQUIRE(find_profile("national"));
  REQUIRE(find_profile("sichuan"));
  CHECK_FALSE(find_profile("hubei"));
  const CodeProfile &sc = *find_profile("sichuan");
  std::vector<std::string> parts;
  REQUIRE(sc.implementation.full_match("G-000007-001-511102001000-000-76726532-X-1-01", parts));
  CHECK(parts == std::vector<std::string>{"G-000007-001", "511102001000", "000", "76726532-X", "1", "01"});
  CHECK_FALSE(sc.implementation.full_match("511A0138600000-511102000000-76726532-X-1-01", parts));
  REQUIRE(sc.form_of("511A0138600000"));
  CHECK(sc.form_of("511A0138600000")->type->position == 4);
  REQUIRE(sc.form_of("1J-5100-00027"));
  CHECK_FALSE(sc.form_of("1J-5100-00027")->type.has_value());
  CHECK_FALSE(sc.form_of("370100105001"));
}

TEST_CASE("validate: a table or JSON export is not a catalog — the message says how to import it") {
  test::TempDir dir;
  auto csv = dir.file("目录.csv", "事项编码,事项名称\n370100105001,食品经营许可\n");
  auto r = test::run_cli({"validate", "--no-config", csv});
  CHECK(r.code == 2);
  CHECK(r.err == "shitong: error: " + csv +
                     ": 这是CSV 表格，不是 YAML 事项目录，没有检查；请先用 shitong import 把它转换为目录（例如 "
                     "shitong import " +
                     csv +
                     "），再检查生成的 .yaml 文件 / this is a CSV table, not a YAML catalog, and was not checked: "
                     "convert it with `shitong import " +
                     csv + "` first, then validate the .yaml it writes\n");
  auto xlsx = dir.file("目录.XLSX", "PK");
  CHECK(test::run_cli({"validate", "--no-config", xlsx}).err.find("这是Excel 表格") != std::string::npos);
}

TEST_CASE("diff: a catalog without its upper catalog says which regions were looked for") {
  auto r = test::run_cli({"diff", test::k_source_dir + "/tests/fixtures/code-format/pass-sichuan"});
  CHECK(r.out.find("    输入中没有上级目录（查找了 511100 乐山市、510000 四川省）：本目录未做比对\n") !=
        std::string::npos);
  auto en = test::run_cli({"diff", "--lang", "en", test::k_source_dir + "/tests/fixtures/code-format/pass-sichuan"});
  CHECK(en.out.find("    no upper catalog among the inputs (looked for 511100 乐山市, 510000 四川省): this catalog was "
                    "not compared\n") != std::string::npos);
}

namespace {

/// The worked example of docs/configuration.md (fictional), with `extra` lines added to the
/// profile and its implementation-code description left out.
std::string example_config(const std::string &extra = "") {
  return R"(code_profile: example
code_profiles:
  example:
    title: 示例省
    basic_codes:
      forms:
        - pattern: "[0-9]{2}[A-Z][0-9]{7}"
          type:
            position: 3
            values:
              X: 行政许可
              Q: 行政确认
        - pattern: "(SL|SX)-[0-9]{6}"
    implementation_codes:
      separator: "."
      segments:
        - name: basic
          pattern: "[0-9]{2}[A-Z][0-9]{7}|(SL|SX)-[0-9]{6}"
        - name: area
          pattern: "[0-9]{12}"
        - name: fixed
          pattern: "000"
        - name: seq
          pattern: "[01][0-9]{2}"
)" + extra;
}

} // namespace

TEST_CASE("profiles: the longest match of a pattern follows alternation, repetition, classes and groups") {
  CHECK(longest_match("[0-9]{2}[A-Z][0-9]{7}") == 10u);
  CHECK(longest_match("^37[0-9]{10}$") == 12u);
  CHECK(longest_match("(SL|SX)-[0-9]{6}") == 9u);
  CHECK(longest_match("a|bcd") == 3u);
  CHECK(longest_match("a{2,5}b?") == 6u);
  CHECK(longest_match("(?:ab){3}") == 6u);
  CHECK(longest_match("(?P<x>ab)c") == 3u);
  CHECK(longest_match("(?i)abc") == 3u);
  CHECK(longest_match("\\d{4}\\pN\\p{Han}\\x41\\x{4E00}") == 8u);
  CHECK(longest_match("[]a-z][[:alpha:]]") == 2u);
  CHECK(longest_match("\\Qa.b\\E") == 3u);
  CHECK(longest_match("a{,3}") == 5u); // not a repetition: RE2 reads the braces as text
  CHECK(longest_match("中文[A-Z]") == 3u);
  CHECK(longest_match("\\bab\\z") == 2u);
  CHECK(longest_match("") == 0u);
  CHECK_FALSE(longest_match("a+"));
  CHECK_FALSE(longest_match("[0-9]*"));
  CHECK_FALSE(longest_match("a{3,}"));
  CHECK_FALSE(longest_match(std::string(200, '(') + "a" + std::string(200, ')'))); // deeper than followed
}

TEST_CASE("config: an office's own profile is built from code_profiles and code_profile selects it") {
  Config c = parse_config(".shitong.yaml", example_config());
  CHECK(c.findings.empty());
  CHECK(c.code_profile == "example");
  REQUIRE(c.defined_profile);
  const CodeProfile &p = *c.defined_profile;
  CHECK(p.title_zh == "示例省");
  CHECK(p.title_en == "example"); // title_en left out: the name
  CHECK(p.basic_zh == "示例省基本编码须符合「[0-9]{2}[A-Z][0-9]{7}」（第 3 位为类型代码）或「(SL|SX)-[0-9]{6}」");
  CHECK(p.basic_en == "example basic codes match '[0-9]{2}[A-Z][0-9]{7}' (type code at char 3) or "
                      "'(SL|SX)-[0-9]{6}'");
  CHECK(p.layout_zh == "<基本编码>.<区划代码>.000.<seq>");
  CHECK(p.layout_en == "<basic code>.<area code>.000.<seq>");
  // forms match whole codes; the alphabet defaults to the characters of the type codes
  REQUIRE(p.form_of("37X0000001"));
  CHECK(p.form_of("37X0000001")->type->alphabet == "XQ");
  CHECK_FALSE(p.form_of("137X00000011"));
  CHECK_FALSE(p.form_of("SL-0001234"));
  // the separator is text, not a pattern; a segment's own group does not shift the others
  std::vector<std::string> parts;
  REQUIRE(p.implementation.full_match("SX-000001.370102000000.000.101", parts));
  CHECK(parts[p.segments[1].group] == "370102000000");
  CHECK(parts[p.segments[3].group] == "101");
  CHECK_FALSE(p.implementation.full_match("SX-000001x370102000000x000x101", parts));
  CheckContext context(c);
  CHECK(&context.profile() == &p);
  CHECK(context.code_matches("SL-000123"));
  CHECK_FALSE(context.code_matches("370100105001"));
}

TEST_CASE("config: descriptions an office writes are used as written, in both languages") {
  Config c = parse_config(".shitong.yaml", example_config("      description: <基本编码>.<区划>.000.<序号>\n"
                                                          "    title_en: Example Province\n"));
  CHECK(c.findings.empty());
  REQUIRE(c.defined_profile);
  CHECK(c.defined_profile->layout_zh == "<基本编码>.<区划>.000.<序号>");
  CHECK(c.defined_profile->layout_en == "<basic code>.<area code>.000.<seq>"); // no description_en: derived
  CHECK(c.defined_profile->title_en == "Example Province");
}

TEST_CASE("config: a definition with a mistake is not used, and code_profile says so") {
  Config c = parse_config(".shitong.yaml", example_config("    colour: blue\n"));
  CHECK(c.code_profile == "national");
  CHECK_FALSE(c.defined_profile);
  REQUIRE(c.findings.size() == 2);
  CHECK(c.findings[1].location.line == 1);
  CHECK(c.findings[1].message_en == "the definition of code profile 'example' has mistakes (see code_profiles.example) "
                                    "and is not used; this run checks codes with the national profile");
  CheckContext context(c);
  CHECK(context.profile().name == "national");
}

TEST_CASE("config: an unknown code_profile suggests the nearest shipped or defined name") {
  std::string text = example_config();
  text.replace(0, text.find('\n'), "code_profile: exampel");
  Config c = parse_config(".shitong.yaml", text);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].message_zh ==
        "未知编码方案「exampel」，是否应为「example」？可选：national、sichuan、example；或在 code_profiles 中定义");
  CHECK(c.findings[0].message_en ==
        "unknown code profile 'exampel' (did you mean 'example'?); known: national, sichuan, example, or define it "
        "under code_profiles");
  CHECK(c.code_profile == "national");
}

TEST_CASE("config: more forms than the limit are a finding, not compiled without end") {
  std::string forms;
  for (int i = 0; i < 70; ++i) forms += fmt::format("        - pattern: \"A{}\"\n", i);
  std::string text = example_config();
  text.insert(text.find("        - pattern: \"(SL|SX)"), forms);
  Config c = parse_config(".shitong.yaml", text);
  REQUIRE_FALSE(c.findings.empty());
  CHECK(c.findings[0].message_zh == "基本编码格式超过 64 个的上限；第 65 个起未使用");
  CHECK(c.findings[0].path == "code_profiles.example.basic_codes.forms[64]");
  CHECK_FALSE(c.defined_profile);
}

TEST_CASE("config: the cache key changes with the definition of the office's profile") {
  Config a = parse_config(".shitong.yaml", example_config());
  std::string text = example_config();
  text.replace(text.find("[01][0-9]{2}"), 12, "[0-2][0-9]{2}");
  Config b = parse_config(".shitong.yaml", text);
  REQUIRE(a.defined_profile);
  REQUIRE(b.defined_profile);
  CHECK(a.fingerprint() != b.fingerprint());
  CHECK(a.defined_profile->fingerprint() != b.defined_profile->fingerprint());
  CHECK(a.fingerprint() == parse_config(".shitong.yaml", example_config()).fingerprint());
}

TEST_CASE("validate --lang en: messages of an office's own profile and of its mistakes are in English") {
  const std::string dir = test::k_source_dir + "/tests/fixtures/code-format/trigger-office-profile";
  auto r = test::run_cli({"validate", "--lang", "en", "--no-context", "--config", dir + "/.shitong.yaml", dir});
  CHECK(r.out.find("error: item code '370100105001' does not fit the Example Province code profile (an Example "
                   "Province basic code is 2 region digits + 1 type letter + 7 digits (37X0000001), or SL-/SX- and 6 "
                   "digits) [code-format]") != std::string::npos);
  const std::string bad = test::k_source_dir + "/tests/fixtures/config/trigger-profile-type-codes";
  auto e = test::run_cli({"validate", "--lang", "en", "--no-context", "--config", bad + "/.shitong.yaml", bad});
  CHECK(e.out.find(".shitong.yaml:21:20: error: item type 行政许可 already has the type code '1' (line 20); one code "
                   "per type [config]") != std::string::npos);
  CHECK(e.out.find(".shitong.yaml:12:15: error: type code 'Q' has 1 character, the first one 'XK' has 2; the codes "
                   "of one slot have one length [config]") != std::string::npos);
}
