// shitong fix: the fixtures of tests/fixtures/fix/<rule>/<case>/ (input.yaml, optional
// upper.yaml and args, expected.yaml compared byte for byte after `fix --write`), that validate
// no longer reports the rule and a second run has nothing to do; the text edits, the unified
// diff and the write policy.
#include "support.hpp"

#include <shitong/fix.hpp>
#include <shitong/rules.hpp>
#include <shitong/validate.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace shitong;

namespace {

const fs::path k_fix_root = fs::path(test::k_source_dir) / "tests" / "fixtures" / "fix";

struct FixCase {
  std::string rule;
  fs::path dir;
};

std::vector<FixCase> fix_cases() {
  std::vector<FixCase> out;
  for (auto &rule : fs::directory_iterator(k_fix_root))
    for (auto &c : fs::directory_iterator(rule.path())) out.push_back({rule.path().filename().string(), c.path()});
  std::sort(out.begin(), out.end(), [](const FixCase &a, const FixCase &b) { return a.dir < b.dir; });
  return out;
}

/// The fixture's inputs in a fresh directory: every YAML file but expected.yaml (input.yaml is
/// the one fixed; upper.yaml, registry.yaml, ... are read only).
void copy_inputs(const fs::path &from, const test::TempDir &to) {
  for (auto &e : fs::directory_iterator(from))
    if (e.path().extension() == ".yaml" && e.path().filename() != "expected.yaml")
      to.file(e.path().filename().string(), test::read_file(e.path().string()));
}

std::vector<std::string> extra_args(const fs::path &dir) {
  std::vector<std::string> out;
  std::istringstream in(test::read_file((dir / "args").string()));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

test::CliResult fix(const test::TempDir &d, std::vector<std::string> args) {
  std::vector<std::string> all = {"fix", "--no-config", "--jobs", "1"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back(d.str());
  return test::run_cli(all);
}

/// The comments of a YAML text ("# ..." to the end of the line, after a blank or at the start).
std::vector<std::string> comments(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    for (std::size_t at = line.find('#'); at != std::string::npos; at = line.find('#', at + 1))
      if (at == 0 || line[at - 1] == ' ') {
        out.push_back(line.substr(at));
        break;
      }
  }
  return out;
}

std::vector<Finding> validate_dir(const test::TempDir &d) {
  ValidateOptions opt;
  opt.jobs = 1;
  opt.paths = {d.str()};
  return validate(opt).findings;
}

} // namespace

TEST_CASE("fix: every fixable rule of the table has a fixture under tests/fixtures/fix/") {
  std::set<std::string> with_fixture;
  for (auto &c : fix_cases()) with_fixture.insert(c.rule);
  for (const auto &r : rule_table()) {
    CAPTURE(r.id);
    if (r.fixable == Fixable::no) {
      CHECK(r.fix_zh.empty());
      CHECK(with_fixture.count(std::string(r.id)) == 0);
    } else {
      CHECK(!r.fix_zh.empty());
      CHECK(with_fixture.count(std::string(r.id)) == 1);
    }
  }
}

TEST_CASE("fix: each fixture's fixed file equals its expected file byte for byte, and the rule is gone") {
  for (const auto &c : fix_cases()) {
    CAPTURE(c.dir.string());
    test::TempDir d;
    copy_inputs(c.dir, d);
    auto args = extra_args(c.dir);
    auto before = validate_dir(d);
    CHECK(std::any_of(before.begin(), before.end(), [&](const Finding &f) { return f.rule == c.rule; }));
    auto dry = fix(d, args);
    CHECK(dry.code == 1);
    CHECK(dry.out.rfind("--- a/", 0) == 0);
    std::vector<std::string> write = args;
    write.push_back("--write");
    auto r = fix(d, write);
    CAPTURE(r.err);
    CHECK(r.code == 0);
    std::string got = test::read_file((d.path / "input.yaml").string());
    std::string want = test::read_file((c.dir / "expected.yaml").string());
    CHECK(got == want);
    for (auto &e : fs::directory_iterator(c.dir)) // the other files are not touched
      if (e.path().extension() == ".yaml" && e.path().filename() != "expected.yaml" &&
          e.path().filename() != "input.yaml")
        CHECK(test::read_file((d.path / e.path().filename()).string()) == test::read_file(e.path().string()));
    for (const auto &f : validate_dir(d)) {
      CAPTURE(f.message_zh);
      CHECK(f.rule != c.rule);
    }
    for (const auto &comment : comments(test::read_file((c.dir / "input.yaml").string()))) {
      CAPTURE(comment);
      CHECK(got.find(comment) != std::string::npos); // no comment is lost
    }
    auto again = fix(d, args);
    CHECK(again.code == 0);
    CHECK(again.out.empty());
  }
}

TEST_CASE("fix: apply_edits keeps the first of two overlapping edits") {
  std::vector<TextEdit> edits = {{4, 9, "X", {"b"}, 1, {}}, {0, 5, "Y", {"a"}, 1, {}}, {10, 10, "Z", {"c"}, 1, {}}};
  std::vector<TextEdit> dropped;
  CHECK(apply_edits("0123456789ab", edits, dropped) == "Y56789Zab");
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].rules[0] == "b");
  REQUIRE(edits.size() == 2);
}

TEST_CASE("fix: the unified diff has 3 lines of context, Chinese text and a missing final newline") {
  std::string text = "一\n二\n三\n四\n五\n六\n七\n八：值";
  std::vector<TextEdit> edits = {{text.size() - 3, text.size(), "新值", {"r"}, 8, {}}};
  std::vector<TextEdit> dropped;
  apply_edits(text, edits, dropped);
  CHECK(unified_diff("x.yaml", text, edits) == "--- a/x.yaml\n+++ b/x.yaml\n@@ -5,4 +5,4 @@\n 五\n 六\n 七\n-八：值\n"
                                               "\\ No newline at end of file\n+八：新值\n"
                                               "\\ No newline at end of file\n");
  std::vector<TextEdit> insert = {{2 * 4 - 1, 2 * 4 - 1, "\n插入", {"r"}, 2, {}}}; // after line 2
  apply_edits(text, insert, dropped);
  CHECK(unified_diff("x.yaml", text, insert) ==
        "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,5 +1,6 @@\n 一\n 二\n+插入\n 三\n 四\n 五\n");
  std::vector<TextEdit> none;
  CHECK(unified_diff("x.yaml", text, none).empty());
}

TEST_CASE("fix: the printed diff escapes terminal controls of values — --write keeps the file's bytes") {
  // a material matched by an odd-proof pattern, its name and the pattern's reason holding ESC
  // sequences (YAML's "\e" escape), a BEL and a line feed, and a comment next to it holding a
  // raw right-to-left override: none of them may reach the terminal raw
  test::TempDir d;
  std::string rlo = "\xE2\x80\xAE";
  std::string catalog = "kind: catalog\nversion: 1\nregion:\n  code: \"411202\"\n  name: 三门峡市湖滨区\n"
                        "  level: county\nitems:\n  - code: \"412000671000\"\n    name: 高龄津贴领取资格认证\n"
                        "    type: 公共服务\n    materials:\n      # 备注" +
                        rlo +
                        "txt.exe\n      - name: 申请书\n      - name: \"健在证明\\e[2J\"\n        type: 证明\n"
                        "    process: [申请, 受理]\n";
  std::string path = d.file("411202-湖滨区.yaml", catalog);
  d.file("registry.yaml", "kind: certificates\nversion: 1\nscope: \"000000\"\nodd:\n  - pattern: '健在证明'\n"
                          "    reason: \"不得要求\\e]0;pwned\\a自证\\n      - name: 注入\"\n");
  auto diff = fix(d, {"--unsafe"});
  CHECK(diff.code == 1);
  CHECK(diff.out ==
        "--- a/" + path + "\n+++ b/" + path +
            "\n"
            "@@ -11,6 +11,5 @@\n"
            "     materials:\n"
            "       # 备注\\u202etxt.exe\n"
            "       - name: 申请书\n"
            "-      - name: \"健在证明\\e[2J\"\n"
            "-        type: 证明\n"
            "+      # shitong fix --unsafe：删除了奇葩证明「健在证明\\x1b[2J」（理由：不得要求\\x1b]0;pwned\\x07自证"
            "\\n      - name: 注入）\n"
            "     process: [申请, 受理]\n");
  for (const std::string &out : {diff.out, diff.err}) {
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\a') == std::string::npos);
    CHECK(out.find(rlo) == std::string::npos);
  }
  // --write applies the edit itself: every other byte (the raw override too) stays, and the
  // comment is one line the file still reads with
  auto written = fix(d, {"--unsafe", "--write"});
  CHECK(written.code == 0);
  std::string fixed = test::read_file(path);
  CHECK(fixed ==
        catalog.substr(0, catalog.find("      - name: \"健在证明")) +
            "      # shitong fix --unsafe：删除了奇葩证明「健在证明\\x1b[2J」（理由：不得要求\\x1b]0;pwned\\x07自证"
            "\\n      - name: 注入）\n    process: [申请, 受理]\n");
  CHECK(fixed.find(rlo) != std::string::npos);
  for (const Finding &f : validate_dir(d)) {
    CHECK(f.rule != "yaml-syntax");
    CHECK(f.rule != "cert-odd");
  }
}

TEST_CASE("fix: --write does not touch a file that changed since it was read, and keeps the mode") {
  test::TempDir d;
  std::string path = d.file("a.yaml", "kind: catalog\n");
  ::chmod(path.c_str(), 0640);
  CHECK(!write_fixed_file(path, "something else\n", "x\n", false).empty());
  CHECK(test::read_file(path) == "kind: catalog\n");
  CHECK(write_fixed_file(path, "kind: catalog\n", "kind: catalog # fixed\n", false).empty());
  CHECK(test::read_file(path) == "kind: catalog # fixed\n");
  struct stat st {};
  ::stat(path.c_str(), &st);
  CHECK((st.st_mode & 0777) == 0640);
}

TEST_CASE("fix: level findings need --align, and --field / --item limit it") {
  auto dir = k_fix_root / "level-time-limit-longer" / "longer";
  test::TempDir d;
  copy_inputs(dir, d);
  auto plain = fix(d, {});
  CHECK(plain.code == 0);
  CHECK(plain.err.find("需要 --align") != std::string::npos);
  CHECK(fix(d, {"--align", "--field", "申报材料,fee"}).code == 0);
  CHECK(fix(d, {"--align", "--item", "370100999999"}).code == 0);
  CHECK(fix(d, {"--align", "--field", "承诺时限"}).code == 1);
  CHECK(fix(d, {"--align", "--field", "time_limit", "--item", "370100105001"}).code == 1);
  CHECK(fix(d, {"--align", "--field", "无此字段"}).code == 2);
}

TEST_CASE("fix: --format json lists the edits, the counts per rule and what was left") {
  auto dir = k_fix_root / "agency-code-case" / "lowercase";
  test::TempDir d;
  copy_inputs(dir, d);
  auto r = fix(d, {"--format", "json"});
  CHECK(r.code == 1);
  CHECK(r.out.find("\"agency-code-case\": 1") != std::string::npos);
  CHECK(r.out.find("\"replacement\": \"\\\"11370102MB2853824D\\\"\"") != std::string::npos);
  CHECK(test::read_file((d.path / "input.yaml").string()) == test::read_file((dir / "input.yaml").string()));
}

TEST_CASE("fix: an ambiguous upper value or an item outside the upper catalog is left, with the reason") {
  test::TempDir d;
  auto dir = k_fix_root / "level-name" / "renamed";
  std::string upper = test::read_file((dir / "upper.yaml").string());
  std::string item = upper.substr(upper.find("  - code:"));
  d.file("upper.yaml", upper + item); // the item twice in the city catalog
  d.file("input.yaml", test::read_file((dir / "input.yaml").string()));
  auto r = fix(d, {"--align"});
  CHECK(r.err.find("上级的值不唯一") != std::string::npos);
}

TEST_CASE("fix: shitong rules shows which rules are fixable") {
  auto r = test::run_cli({"rules"});
  CHECK(r.out.find("agency-code-case") != std::string::npos);
  CHECK(r.out.find("  safe  ") != std::string::npos);
  CHECK(r.out.find("  align  ") != std::string::npos);
  auto j = test::run_cli({"rules", "--format", "json"});
  CHECK(j.out.find("\"fixable\": \"align\"") != std::string::npos);
}

TEST_CASE("fix: --help is Chinese first, English with --lang en") {
  auto zh = test::run_cli({"fix", "--help"});
  CHECK(zh.code == 0);
  CHECK(zh.out.find("把修复写入文件") != std::string::npos);
  CHECK(zh.out.find("--align") != std::string::npos);
  auto en = test::run_cli({"fix", "--help", "--lang", "en"});
  CHECK(en.out.find("write the fixes") != std::string::npos);
}

TEST_CASE("fix: --add-missing needs --align") {
  test::TempDir d;
  copy_inputs(k_fix_root / "level-missing-item" / "adopt", d);
  CHECK(fix(d, {"--add-missing"}).code == 2);
}

TEST_CASE("init --from starts a lower catalog with the upper items due at its level, ten fields only") {
  test::TempDir d;
  std::string upper =
      d.file("upper.yaml", test::read_file((k_fix_root / "level-missing-item" / "adopt" / "upper.yaml").string()));
  auto r = test::run_cli({"init", "--from", upper, "--region", "370102", d.str()});
  CAPTURE(r.err);
  REQUIRE(r.code == 0);
  std::string made = test::read_file((d.path / "370102-历下区.yaml").string());
  CHECK(made.find("parent: \"370100\"") != std::string::npos);
  CHECK(made.find("  - code: \"370100205002\"\n    name: 公共场所卫生许可\n") != std::string::npos);
  CHECK(made.find("370100105001") == std::string::npos); // not due at county level
  CHECK(made.find("agency") == std::string::npos);       // local fields are left out
  for (const auto &f : validate_dir(d)) {
    CAPTURE(f.message_zh);
    CHECK(f.rule.rfind("level-", 0) != 0);
  }
  CHECK(test::run_cli({"init", "--from", upper, "--region", "370102", d.str()}).code == 2); // exists
}

TEST_CASE("fix: docs/rules.md says how every fixable rule is fixed, and only those") {
  std::string doc = test::read_file(test::k_source_dir + "/docs/rules.md");
  for (const auto &r : rule_table()) {
    CAPTURE(r.id);
    auto at = doc.find("\n## " + std::string(r.id) + "\n");
    REQUIRE(at != std::string::npos);
    auto end = doc.find("\n## ", at + 1);
    std::string section = doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
    bool noted =
        section.find("**自动修复 / fix:** `" + std::string(fixable_name(r.fixable)) + "`") != std::string::npos;
    CHECK(noted == (r.fixable != Fixable::no));
  }
}

TEST_CASE("fix: one --write reaches the fixpoint when a repaired syntax error uncovers the file's other fixes") {
  auto dir = k_fix_root / "yaml-syntax" / "with-other-fixes";
  test::TempDir d;
  copy_inputs(dir, d);
  auto dry = fix(d, {});
  CAPTURE(dry.err);
  CHECK(dry.code == 1);
  // one diff against the file as read, with the syntax repair and the fixes it uncovered
  CHECK(dry.out.find("-    name：食品经营许可\n+    name: 食品经营许可\n") != std::string::npos);
  CHECK(dry.out.find("-  code: 370102\n+  code: \"370102\"\n") != std::string::npos);
  CHECK(dry.out.find("-    agency_code: \"11370102mb2853824d\"\n+    agency_code: \"11370102MB2853824D\"\n") !=
        std::string::npos);
  auto json = fix(d, {"--format", "json"});
  CHECK(json.out.find("\"passes\": 2") != std::string::npos);
  CHECK(json.out.find("\"converged\": true") != std::string::npos);
  CHECK(fix(d, {"--write"}).code == 0);
  CHECK(test::read_file((d.path / "input.yaml").string()) == test::read_file((dir / "expected.yaml").string()));
  auto again = fix(d, {});
  CHECK(again.code == 0);
  CHECK(again.out.empty());
  CHECK(again.err.find("没有可修复的内容") != std::string::npos);
}

TEST_CASE("fix: compose_edits gives the edits of two passes as edits of the original") {
  std::string original = "a: 1\nb: 2\nc: 3\nd: 4\n";
  std::vector<TextEdit> first = {{3, 4, "10", {"r1"}, 1, "one"}, {18, 19, "40", {"r4"}, 4, "four"}};
  std::vector<TextEdit> copy = first, dropped;
  std::string middle = apply_edits(original, copy, dropped); // "a: 10\nb: 2\nc: 3\nd: 40\n"
  REQUIRE(middle == "a: 10\nb: 2\nc: 3\nd: 40\n");
  // the second pass: rewrites the first edit's value, and changes a line the first left alone
  std::vector<TextEdit> second = {{3, 5, "11", {"r1b"}, 1, "again"}, {9, 10, "20", {"r2"}, 2, "two"}};
  auto both = compose_edits(original, first, second);
  std::vector<TextEdit> check = both;
  std::string end = apply_edits(original, check, dropped);
  CHECK(end == "a: 11\nb: 20\nc: 3\nd: 40\n");
  REQUIRE(both.size() == 3);
  CHECK(both[0].begin == 3);
  CHECK(both[0].end == 4);
  CHECK(both[0].replacement == "11");
  CHECK(both[0].rules == std::vector<std::string>{"r1", "r1b"});
  CHECK(both[1].begin == 8);
  CHECK(both[1].end == 9);
  CHECK(both[1].line == 2);
  CHECK(both[2].replacement == "40");
}

TEST_CASE("fix: a tab in the indentation is not fixed when the lines around it do not tell its column") {
  std::string base = test::read_file((k_fix_root / "yaml-syntax" / "tab-indent" / "expected.yaml").string());
  auto replace = [](std::string s, const std::string &from, const std::string &to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  struct Case {
    std::string what, text;
  };
  std::vector<Case> cases = {
      // the last key of a mapping: a sibling of its keys or of the mapping's own key
      {"last key", replace(base, "      unit: 工作日\n", "\tunit: 工作日\n")},
      // two tab-indented lines in a row: the next line does not tell the columns apart
      {"two lines",
       replace(replace(base, "      legal: 20\n", "\t\tlegal: 20\n"), "      promised: 5\n", "\t\tpromised: 5\n")},
  };
  for (const auto &c : cases) {
    CAPTURE(c.what);
    test::TempDir d;
    d.file("upper.yaml", test::read_file((k_fix_root / "yaml-syntax" / "tab-indent" / "upper.yaml").string()));
    std::string path = d.file("input.yaml", c.text);
    auto r = fix(d, {"--write"});
    CHECK(r.code == 0);
    CHECK(r.err.find("缩进中的制表符（Tab）应换成几个空格无法从上下文确定") != std::string::npos);
    CHECK(test::read_file(path) == c.text);
  }
}

TEST_CASE("fix: aligned values follow the county's quoting and read back as the city's values") {
  for (const char *name : {"single-quotes", "plain-from-double"}) {
    CAPTURE(name);
    auto dir = k_fix_root / "level-materials-removed" / name;
    test::TempDir d;
    copy_inputs(dir, d);
    REQUIRE(fix(d, {"--align", "--write"}).code == 0);
    std::string written = test::read_file((d.path / "input.yaml").string());
    LoadedFile lower = load_document("input.yaml", written);
    LoadedFile upper = load_document("upper.yaml", test::read_file((dir / "upper.yaml").string()));
    for (const auto &f : lower.findings) {
      CAPTURE(f.message_zh);
      CHECK(find_rule(f.rule)->family != RuleFamily::file); // still valid YAML of the format
    }
    REQUIRE(lower.catalog.items.size() == 1);
    REQUIRE(upper.catalog.items.size() == 1);
    const auto &got = lower.catalog.items.items[0].materials.items;
    const auto &want = upper.catalog.items.items[0].materials.items;
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].name.value == want[i].name.value);
      CHECK(got[i].type.value == want[i].type.value);
      CHECK(got[i].form.value == want[i].form.value);
      CHECK(got[i].copies.value == want[i].copies.value);
      CHECK(got[i].necessity.value == want[i].necessity.value);
      CHECK(got[i].source.value == want[i].source.value);
      CHECK(got[i].issuer.value == want[i].issuer.value);
    }
    if (std::string(name) == "single-quotes")
      CHECK(written.find("      - name: '营业执照'\n        type: '证照'\n") != std::string::npos);
    else
      CHECK(written.find("      - name: 营业执照\n        type: 证照\n") != std::string::npos);
  }
}
