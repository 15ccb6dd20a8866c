// The limits of `.shitong.yaml` (docs/configuration.md, "Limits"): each one reached is a `limit`
// finding with a message that says what was not checked; under the limit nothing is said.
#include "support.hpp"

#include <shitong/config.hpp>
#include <shitong/validate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace shitong;

namespace {
std::vector<std::string> limit_messages(const ValidateResult &r) {
  std::vector<std::string> out;
  for (const auto &f : r.findings)
    if (f.rule == "limit") out.push_back(fmt::format("{}:{} {}", f.location.line, f.location.column, f.message_zh));
  return out;
}
ValidateResult run(const test::TempDir &d, const std::string &config, const std::string &catalog) {
  ValidateOptions opt;
  opt.jobs = 1;
  opt.config = parse_config((d.path / ".shitong.yaml").string(), config);
  REQUIRE(opt.config.findings.empty());
  opt.paths = {d.file("c/370102.yaml", catalog)};
  return validate(opt);
}
} // namespace

TEST_CASE("limits: findings_per_file lists the first findings and counts the rest in one finding") {
  test::TempDir d;
  std::string extra;
  for (int i = 0; i < 5; ++i) extra += fmt::format("    extra{}: x\n", i);
  // cert-no-registry off: the lone catalog has no registry, and this test counts unknown keys
  auto r = run(d, "limits:\n  findings_per_file: 3\nrules:\n  cert-no-registry: off\n", test::catalog_yaml(extra));
  CHECK(r.findings.size() == 4);
  CHECK(limit_messages(r) ==
        std::vector<std::string>{"0:0 本文件另有 2 条发现未列出（每个文件最多列出 3 条；.shitong.yaml 中 "
                                 "limits.findings_per_file 可调高）"});
  auto under = run(d, "limits:\n  findings_per_file: 5\nrules:\n  cert-no-registry: off\n", test::catalog_yaml(extra));
  CHECK(under.findings.size() == 5);
  CHECK(limit_messages(under).empty());
}

TEST_CASE("limits: items_per_catalog stops reading a top-level list, said at the first entry skipped") {
  test::TempDir d;
  std::string y = test::catalog_yaml();
  std::string item = y.substr(y.find("  - code:"));
  auto r = run(d, "limits:\n  items_per_catalog: 1\n", y + item);
  CHECK(r.summary.items == 1);
  auto line = 1 + std::count(y.begin(), y.end(), '\n');
  CHECK(limit_messages(r) ==
        std::vector<std::string>{fmt::format("{}:5 items 超过 1 项的上限；第 2 项起未读取、未检查（.shitong.yaml 中 "
                                             "limits.items_per_catalog 可调高）",
                                             line)});
  CHECK(limit_messages(run(d, "limits:\n  items_per_catalog: 2\n", y + item)).empty());
}

TEST_CASE("limits: text_length cuts a long text value, said at the value") {
  test::TempDir d;
  std::string y = test::catalog_yaml();
  y.replace(y.find("name: 食品经营许可\n"), std::string("name: 食品经营许可").size(), "name: " + std::string(30, 'x'));
  auto r = run(d, "limits:\n  text_length: 20\n", y);
  auto msgs = limit_messages(r);
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].substr(msgs[0].find(' ') + 1) == "主项名称（第 1 个事项（xxxxxxxxxxxxxxxxxxxx）的 name）长 30 "
                                                 "个字符，超过文本长度上限 20；只检查前 20 个字符（.shitong.yaml 中 "
                                                 "limits.text_length 可调高）");
  CHECK(limit_messages(run(d, "limits:\n  text_length: 30\n", y)).empty());
}

TEST_CASE("limits: a flood of format findings stops reading the file, and says so") {
  test::TempDir d;
  std::string y =
      "kind: catalog\nversion: 1\nregion:\n  code: \"370102\"\n  name: 济南市历下区\n  level: county\nitems:\n";
  for (int i = 0; i < 20000; ++i) y += "  - {}\n";
  auto r = run(d, "limits:\n  findings_per_file: 1000\n", y);
  auto msgs = limit_messages(r);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].find("本文件的格式问题已达 10000 条，停止读取；先改正这些问题") != std::string::npos);
  CHECK(msgs[1].find("0:0 本文件另有 ") == 0);
}

TEST_CASE("limits: values below 1 are config findings and leave the default") {
  Config c = parse_config(".shitong.yaml", "limits:\n  findings_per_file: 0\n  text_length: 77\n");
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].rule == "config");
  CHECK(c.limits.findings_per_file == 1000);
  CHECK(c.limits.text_length == 77);
}
