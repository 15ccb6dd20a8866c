// Code profiles beyond the fixtures: the layouts' own parts, and what validate and diff say
// about inputs they cannot check.
#include "support.hpp"

#include "code_profile.hpp"

#include <doctest/doctest.h>

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
