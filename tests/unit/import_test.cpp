// shitong import / export: the readers (xlsx, csv in every encoding), the one-row-per-item
// layout, the report and exit codes, source comments shown by validate, hostile workbooks,
// and the round trip export → import over every bundled catalog and a generated province.
// Workbooks are generated at test time by tests/tools/make_xlsx.py (python3 zipfile).
#include "support.hpp"

#include <shitong/import.hpp>
#include <shitong/loader.hpp>
#include <shitong/validate.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>

using namespace shitong;
using namespace shitong::test;

namespace {

bool have_python() {
  static const bool ok = std::system("/usr/bin/python3 -c 'import zipfile, json' 2>/dev/null") == 0;
  return ok;
}

/// Writes `name` in `dir` from a JSON spec through make_xlsx.py; returns its path.
std::string make_xlsx(const TempDir &dir, const std::string &name, const std::string &spec) {
  std::string spec_path = dir.file(name + ".json", spec);
  std::string out = (dir.path / name).string();
  std::string cmd =
      "/usr/bin/python3 '" + k_source_dir + "/tests/tools/make_xlsx.py' '" + spec_path + "' '" + out + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return out;
}

/// Re-encodes a UTF-8 file with python3 ("gb18030", "utf-16-le", …), with an optional BOM.
std::string encode(const TempDir &dir, const std::string &name, const std::string &utf8, const std::string &codec,
                   const std::string &bom_hex = "") {
  std::string src = dir.file(name + ".utf8", utf8);
  std::string out = (dir.path / name).string();
  std::string cmd = "/usr/bin/python3 -c \"import sys; d=open(sys.argv[1],encoding='utf-8').read(); "
                    "open(sys.argv[2],'wb').write(bytes.fromhex(sys.argv[4])+d.encode(sys.argv[3]))\" '" +
                    src + "' '" + out + "' " + codec + " '" + bom_hex + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return out;
}

const char *k_header_row = R"(["事项编码", "事项名称", "子项名称", "权力类型", "设定依据", "申请材料", "办理流程", )"
                           R"("是否收费", "法定办结时限", "承诺办结时限", "实施机构", "跑动次数", "备注"])";

/// The county workbook of the layout tests: a merged title row, a blank row, the header at
/// row 3, a code Excel stored as a number, multi-line materials and legal basis.
std::string county_spec() {
  return std::string(R"({"sheets": [{"name": "Sheet1", "merge": ["A1:M1"], "rows": [)") +
         R"(["济南市历下区政务服务事项实施清单（2024年版）"], [], )" + k_header_row + "," +
         R"([370100105001, "食品经营许可", "食品经营许可证核发（新办）", "行政许可",
             "1.《中华人民共和国食品安全法》第三十五条\n2.《食品经营许可和备案管理办法》第二条",
             "1、食品经营许可申请书\n2、营业执照（类型：证照；形式：电子；份数：1；必要性：必要；来源：政府部门核发；出具机构：市场监督管理部门）",
             "申请→受理→审查→决定", "否", "20个工作日", "5个工作日", "济南市历下区行政审批服务局", 0, "无"],)"
         R"(["370100106000", "公共场所卫生许可", null, "01", null, null, null, "是", null, "即办", null, "1次", null]]}]})";
}

const char *k_county_yaml = R"(# 由 shitong import 从表格生成；每个事项前的“来源”注释是它在表格中的位置
kind: catalog
version: 1
region:
  code: "370102"
  name: 历下区
  level: county
items:
  # 来源: 370102-历下区.xlsx 工作表「Sheet1」第 4 行
  - code: "370100105001"
    name: 食品经营许可
    sub_name: 食品经营许可证核发（新办）
    type: 行政许可
    legal_basis:
      - law: 中华人民共和国食品安全法
        article: 第三十五条
      - law: 食品经营许可和备案管理办法
        article: 第二条
    materials:
      - name: 食品经营许可申请书
      - name: 营业执照
        type: 证照
        form: 电子
        copies: 1
        necessity: 必要
        source: 政府部门核发
        issuer: 市场监督管理部门
    process: [申请, 受理, 审查, 决定]
    fee:
      charged: false
    time_limit:
      legal: 20
      promised: 5
      unit: 工作日
    agency: 济南市历下区行政审批服务局
    visits: 0
  # 来源: 370102-历下区.xlsx 工作表「Sheet1」第 5 行
  - code: "370100106000"
    name: 公共场所卫生许可
    type: 行政许可
    fee:
      charged: true
    time_limit:
      promised: 0
    visits: 1
)";

} // namespace

TEST_CASE("import: an xlsx export with a title row, numbers for codes and multi-line cells") {
  if (!have_python()) return;
  TempDir dir;
  std::string xlsx = make_xlsx(dir, "370102-历下区.xlsx", county_spec());
  auto r = run_cli({"import", xlsx, "-o", dir.str() + "/out"});
  CHECK(r.code == 0);
  CHECK(read_file(dir.str() + "/out/370102-历下区.yaml") == k_county_yaml);
  CHECK(r.err ==
        "shitong import: 读取 2 行，写出 2 个事项，1 个目录\n"
        "  370102 历下区：2 个事项 → " +
            dir.str() +
            "/out/370102-历下区.yaml\n"
            "按文本恢复的编码（1）：\n"
            "  370102-历下区.xlsx 工作表「Sheet1」第 4 行：「事项编码」列以数字存储，已按文本恢复为「370100105001」\n"
            "未映射的列（1）：\n"
            "  370102-历下区.xlsx 工作表「Sheet1」第 3 行：未映射的列「备注」：没有对应的字段\n"
            "下一步：shitong validate " +
            dir.str() + "/out\n");

  SUBCASE("the same input gives the same bytes, and nothing is replaced without --force") {
    std::string first = read_file(dir.str() + "/out/370102-历下区.yaml");
    auto again = run_cli({"import", xlsx, "-o", dir.str() + "/out"});
    CHECK(again.code == 2);
    CHECK(again.err.find("shitong: error: " + dir.str() +
                         "/out/370102-历下区.yaml 已存在，未写入（确需替换时加 --force）") != std::string::npos);
    auto forced = run_cli({"import", xlsx, "-o", dir.str() + "/out", "--force"});
    CHECK(forced.code == 0);
    CHECK(read_file(dir.str() + "/out/370102-历下区.yaml") == first);
  }
  SUBCASE("validate shows the spreadsheet row beside every finding in an imported item") {
    auto v = run_cli({"validate", "--no-cache", dir.str() + "/out"});
    CHECK(v.code == 1);
    std::string file = dir.str() + "/out/370102-历下区.yaml";
    CHECK(v.out.find(file + ":38:5: error: 行政许可事项「370100106000 "
                            "公共场所卫生许可」没有实施依据；行政权力事项至少要列出一条法律法规依据 "
                            "[legal-basis-missing]\n    来源: 370102-历下区.xlsx 工作表「Sheet1」第 5 行\n") !=
          std::string::npos);
    CHECK(v.out.find("    来源: 370102-历下区.xlsx 工作表「Sheet1」第 5 行\n") != std::string::npos);
    CHECK(v.out.find("    来源: 370102-历下区.xlsx 工作表「Sheet1」第 4 行\n") != std::string::npos);
    auto en = run_cli({"validate", "--no-cache", "--lang", "en", dir.str() + "/out"});
    CHECK(en.out.find("    source: 370102-历下区.xlsx sheet \"Sheet1\" row 5\n") != std::string::npos);
    auto json = run_cli({"validate", "--no-cache", "--format", "json", dir.str() + "/out"});
    CHECK(json.out.find("\"source\": {\n        \"file\": \"370102-历下区.xlsx\",\n        \"sheet\": \"Sheet1\",\n"
                        "        \"row\": 5\n      }") != std::string::npos);
  }
}

TEST_CASE("import: findings in hand-written catalogs carry no source") {
  auto v = run_cli({"validate", "--no-cache", k_source_dir + "/catalogs"});
  CHECK(v.out.find("来源:") == std::string::npos);
  CHECK(v.out.find("error") != std::string::npos); // the bundled catalogs have planted problems
}

TEST_CASE("import: rows skipped and values not understood are listed with their cells (exit 1)") {
  if (!have_python()) return;
  TempDir dir;
  std::string xlsx = make_xlsx(dir, "清单.xlsx", R"({"sheets": [{"name": "事项", "rows": [
      ["事项编码", "事项名称", "是否收费", "承诺办结时限", "跑动次数"],
      ["370100105001", "食品经营许可", "待定", "尽快", "两次"],
      [null, null, "否"],
      ["370100105002", {"f": "A2&\"x\"", "v": "公式事项"}, "否", "3天", "0"]]}]})");
  auto r = run_cli({"import", xlsx, "-o", dir.str() + "/out", "--region", "370102"});
  CHECK(r.code == 1);
  CHECK(r.err ==
        "shitong import: 读取 3 行，写出 2 个事项，1 个目录\n"
        "  370102 历下区：2 个事项 → " +
            dir.str() +
            "/out/370102-历下区.yaml\n"
            "跳过的行（1）：\n"
            "  清单.xlsx 工作表「事项」第 3 行：没有事项名称和事项编码，未导入\n"
            "无法识别的值（4）：\n"
            "  清单.xlsx 工作表「事项」第 2 行：「是否收费」列的值「待定」无法识别：应为“是”或“否”\n"
            "  清单.xlsx 工作表「事项」第 2 "
            "行：「承诺办结时限」列的值「尽快」无法识别：应为“20个工作日”“5个自然日”“即办”这样的时限\n"
            "  清单.xlsx 工作表「事项」第 2 行：「跑动次数」列的值「两次」无法识别：应为次数（0、1、2…）\n"
            "  清单.xlsx 工作表「事项」第 4 "
            "行：「事项名称」列的值「公式事项」无法识别：是公式（或公式错误），已取其计算结果；请改为直接填写值\n"
            "下一步：shitong validate " +
            dir.str() + "/out\n");
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.find("  - code: \"370100105001\"\n    name: 食品经营许可\n  #") != std::string::npos); // nothing invented
  CHECK(yaml.find("    time_limit:\n      promised: 3\n      unit: 自然日\n") != std::string::npos);

  SUBCASE("the JSON report") {
    auto j = run_cli({"import", xlsx, "-o", dir.str() + "/json", "--region", "370102", "--format", "json"});
    CHECK(j.code == 1);
    CHECK(j.err.find(
              "\"skipped\": [\n    {\n      \"file\": \"清单.xlsx\",\n      \"sheet\": \"事项\",\n      \"row\": 3,\n"
              "      \"column\": \"\",\n      \"message\": \"没有事项名称和事项编码，未导入\"\n    }\n  ]") !=
          std::string::npos);
    CHECK(j.err.find("\"exit_code\": 1") != std::string::npos);
  }
}

TEST_CASE("import: CSV in every encoding and separator gives the same catalog") {
  if (!have_python()) return;
  TempDir dir;
  std::string csv = "济南市历下区事项清单,,,\n"
                    "区划代码,事项编码,事项名称,申请材料\n"
                    "370102,370100105001,食品经营许可,\"食品经营许可申请书\n营业执照\"\n"
                    "370102,3.70100105002E+11,\"食品经营许可（变更）\",营业执照\n";
  std::string expected_items = "  - code: \"370100105001\"\n    name: 食品经营许可\n    materials:\n"
                               "      - name: 食品经营许可申请书\n      - name: 营业执照\n";
  struct Case {
    std::string name, codec, bom, text, encoding_note;
  };
  std::string semi = csv, tab = csv;
  for (auto &c : semi)
    if (c == ',') c = ';';
  for (auto &c : tab)
    if (c == ',') c = '\t';
  std::vector<Case> cases = {
      {"utf8.csv", "utf-8", "", csv, "编码 UTF-8，分隔符 ,"},
      {"utf8bom.csv", "utf-8", "efbbbf", csv, "编码 UTF-8 (BOM)，分隔符 ,"},
      {"gb.csv", "gb18030", "", csv, "编码 GB18030，分隔符 ,"},
      {"u16le.csv", "utf-16-le", "fffe", csv, "编码 UTF-16LE，分隔符 ,"},
      {"u16be.csv", "utf-16-be", "feff", csv, "编码 UTF-16BE，分隔符 ,"},
      {"semi.csv", "gb18030", "", semi, "编码 GB18030，分隔符 ;"},
      {"tab.csv", "utf-8", "", tab, "编码 UTF-8，分隔符 制表符"},
  };
  std::string reference;
  for (const auto &c : cases) {
    CAPTURE(c.name);
    std::string path = encode(dir, c.name, c.text, c.codec, c.bom);
    auto r = run_cli({"import", path, "-o", dir.str() + "/" + c.name + ".out"});
    CHECK(r.code == 0);
    CHECK(r.err.find("shitong import: " + path + "：" + c.encoding_note + "\n") == 0);
    CHECK(r.err.find("「事项编码」列是科学计数法「3.70100105002E+11」，已按文本恢复为「370100105002」") !=
          std::string::npos);
    std::string yaml = read_file(dir.str() + "/" + c.name + ".out/370102-历下区.yaml");
    CHECK(yaml.find(expected_items) != std::string::npos);
    std::string body = yaml.substr(yaml.find("kind:"));
    for (std::size_t at; (at = body.find("# 来源: ")) != std::string::npos;)
      body.erase(at, body.find('\n', at) - at); // the file names differ
    if (reference.empty()) reference = body;
    CHECK(body == reference);
  }
}

TEST_CASE("import: a code Excel shortened to scientific notation is not guessed") {
  if (!have_python()) return;
  TempDir dir;
  std::string path = dir.file("370102.csv", "事项编码,事项名称\n3.701E+11,食品经营许可\n");
  auto r = run_cli({"import", path, "-o", dir.str() + "/out"});
  CHECK(r.code == 1);
  CHECK(r.err.find("370102.csv 第 2 行：「事项编码」列的值「3.701E+11」无法识别：Excel "
                   "以科学计数法保存，末尾数字已丢失；请把该列设为文本后重新导出\n") != std::string::npos);
}

TEST_CASE("import: the region header is validated") {
  TempDir dir;
  std::string path = dir.file("清单.csv", "事项编码,事项名称\n370100105001,食品经营许可\n");
  SUBCASE("no region anywhere") {
    auto r = run_cli({"import", path, "-o", dir.str() + "/out"});
    CHECK(r.code == 2);
    CHECK(r.err.find("shitong: error: 清单.csv：不知道这些事项属于哪个区划（没有“区划代码”列，文件名中也没有 6 "
                     "位区划代码）；请用 "
                     "--region 指定\n") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.str() + "/out"));
  }
  SUBCASE("a retired code") {
    auto r = run_cli({"import", path, "-o", dir.str() + "/out", "--region", "370125"});
    CHECK(r.code == 2);
    CHECK(r.err.find("shitong: error: --region 370125 不是现行的 GB/T 2260 区划代码\n") != std::string::npos);
  }
  SUBCASE("--region, --level and --parent") {
    auto r = run_cli({"import", path, "-o", dir.str() + "/out", "--region", "370102", "--parent", "370100"});
    CHECK(r.code == 0);
    CHECK(read_file(dir.str() + "/out/370102-历下区.yaml").find("  level: county\nparent: \"370100\"\nitems:\n") !=
          std::string::npos);
  }
}

TEST_CASE("import: several sheets and several regions") {
  if (!have_python()) return;
  TempDir dir;
  std::string xlsx = make_xlsx(dir, "全市.xlsx", R"({"sheets": [
      {"name": "说明", "rows": [["本表由事项管理系统导出"]]},
      {"name": "市级", "rows": [["区划代码", "区划名称", "层级", "事项编码", "事项名称"],
                               ["370100", "济南市", "市级", "370100105001", "食品经营许可"]]},
      {"name": "区县", "rows": [["区划代码", "事项名称", "事项编码"],
                               ["370102", "食品经营许可", "370100105001"],
                               ["370115", "食品经营许可", "370100105001"]]}]})");
  auto r = run_cli({"import", xlsx, "-o", dir.str() + "/out"});
  CHECK(r.code == 0);
  CHECK(r.err.find("shitong import: 全市.xlsx 工作表「说明」：没有找到表头行（前 50 "
                   "行中没有“事项名称”“事项编码”等列名），未导入\n") == 0);
  CHECK(std::filesystem::exists(dir.str() + "/out/370100-济南市.yaml"));
  CHECK(std::filesystem::exists(dir.str() + "/out/370102-历下区.yaml"));
  CHECK(std::filesystem::exists(dir.str() + "/out/370115-济阳区.yaml"));
  CHECK(read_file(dir.str() + "/out/370100-济南市.yaml").find("  name: 济南市\n  level: city\n") != std::string::npos);
}

// ---- hostile inputs: each a clear error, in bounded time ----

TEST_CASE("import: hostile files are refused with a clear error") {
  if (!have_python()) return;
  TempDir dir;
  auto import_err = [&](const std::string &path) {
    auto start = std::chrono::steady_clock::now();
    auto r = run_cli({"import", path, "-o", dir.str() + "/out", "--region", "370102"});
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
    CHECK(r.code == 2);
    CHECK_FALSE(std::filesystem::exists(dir.str() + "/out"));
    return r.err;
  };
  SUBCASE("binary junk named .xlsx") {
    std::string junk(4096, '\0');
    for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 7919) & 0xFF);
    std::string path = dir.file("junk.xlsx", junk);
    CHECK(import_err(path).find("shitong: error: " + path +
                                "：扩展名是 .xlsx，但内容不是 xlsx（zip）文件；请在 Excel/WPS 中重新另存为 .xlsx\n") !=
          std::string::npos);
  }
  SUBCASE("a zip that is not a workbook, and a broken zip") {
    std::string path = dir.file("broken.xlsx", std::string("PK\x03\x04", 4) + std::string(100, 'x'));
    CHECK(import_err(path).find("：不是有效的 xlsx 文件（无法作为 zip 打开：") != std::string::npos);
  }
  SUBCASE("an old .xls") {
    std::string path = dir.file("old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'));
    CHECK(import_err(path).find("：是旧版 Excel 97-2003 (.xls) 文件；请在 Excel/WPS 中另存为 .xlsx\n") !=
          std::string::npos);
  }
  SUBCASE("entity expansion (billion laughs) in the shared strings") {
    std::string spec =
        R"({"sheets": [{"name": "S", "rows": [["事项名称", "事项编码"]]}], "parts": {"xl/sharedStrings.xml":
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><sst><si><t>&lol2;</t></si></sst>"}})";
    std::string path = make_xlsx(dir, "lol.xlsx", spec);
    CHECK(import_err(path).find("：部件 xl/sharedStrings.xml 含有 DOCTYPE 声明（xlsx "
                                "部件中不允许，可能是实体扩展攻击）\n") != std::string::npos);
  }
  SUBCASE("a zip bomb: a sheet that inflates 1000:1") {
    std::string path = make_xlsx(dir, "bomb.xlsx", R"({"sheets": [{"name": "S", "rows": []}],
                                                      "zeros": {"xl/worksheets/sheet1.xml": 60000000}})");
    CHECK(std::filesystem::file_size(path) < 1000000);
    CHECK(import_err(path).find("：工作表「S」：部件 xl/worksheets/sheet1.xml 的压缩比超过 200:1（疑似 zip "
                                "炸弹），未读取\n") != std::string::npos);
  }
  SUBCASE("a cell beyond Excel's grid") {
    std::string spec = R"({"sheets": [{"name": "S"}], "sheet_xml": {"1":
      "<worksheet><dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1\"><c r=\"XFE1\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>"}})";
    std::string path = make_xlsx(dir, "wide.xlsx", spec);
    CHECK(import_err(path).find("：工作表「S」：部件 xl/worksheets/sheet1.xml 的单元格引用 XFE1 超出 Excel 的范围\n") !=
          std::string::npos);
  }
  SUBCASE("1,048,576 empty rows, then one more") {
    std::string spec_path = dir.file("rows.py", R"(import json, sys
rows = "".join('<row r="%d"/>' % i for i in range(1, 1048577))
xml = "<worksheet><sheetData>" + rows + '<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
json.dump({"sheets": [{"name": "S"}], "sheet_xml": {"1": xml}}, open(sys.argv[1], "w"))
)");
    REQUIRE(std::system(("/usr/bin/python3 '" + spec_path + "' '" + dir.str() + "/rows.json'").c_str()) == 0);
    std::string path = dir.str() + "/rows.xlsx";
    REQUIRE(std::system(("/usr/bin/python3 '" + k_source_dir + "/tests/tools/make_xlsx.py' '" + dir.str() +
                         "/rows.json' '" + path + "'")
                            .c_str()) == 0);
    CHECK(import_err(path).find(
              "：工作表「S」：部件 xl/worksheets/sheet1.xml 的行号 1048577 超出 Excel 的范围（1–1048576）\n") !=
          std::string::npos);
  }
  SUBCASE("a CSV with an unclosed quote") {
    std::string path = dir.file("q.csv", "事项名称,事项编码\n\"食品经营许可,370100105001\n");
    CHECK(import_err(path).find("：第 2 行的引号没有闭合\n") != std::string::npos);
  }
}

TEST_CASE("import: 1,048,576 empty rows cost a parse and nothing else") {
  if (!have_python()) return;
  TempDir dir;
  std::string gen = dir.file("rows.py", R"(import json, sys
rows = "".join('<row r="%d"/>' % i for i in range(1, 1048576))
xml = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>事项名称</t></is></c><c r="B1" t="inlineStr"><is><t>事项编码</t></is></c></row>' + rows.replace('<row r="1"/>', '', 1) + '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>食品经营许可</t></is></c></row></sheetData></worksheet>'
json.dump({"sheets": [{"name": "S"}], "sheet_xml": {"1": xml}}, open(sys.argv[1], "w"))
)");
  REQUIRE(std::system(("/usr/bin/python3 '" + gen + "' '" + dir.str() + "/rows.json'").c_str()) == 0);
  std::string path = dir.str() + "/rows.xlsx";
  REQUIRE(std::system(("/usr/bin/python3 '" + k_source_dir + "/tests/tools/make_xlsx.py' '" + dir.str() +
                       "/rows.json' '" + path + "'")
                          .c_str()) == 0);
  Workbook book = read_table_file(path);
  REQUIRE(book.ok());
  REQUIRE(book.sheets.size() == 1);
  REQUIRE(book.sheets[0].rows.size() == 2); // the empty rows are not stored
  CHECK(book.sheets[0].rows[1].row == 1048576);
  auto result = import_workbooks({book}, {"370102", "", ""});
  CHECK(result.exit_code() == 0);
  REQUIRE(result.catalogs.size() == 1);
  CHECK(result.catalogs[0].sources[0].row == 1048576);
}

TEST_CASE("import: limits on parts, shared strings, cells and cell size") {
  if (!have_python()) return;
  TempDir dir;
  std::string path = make_xlsx(dir, "many.xlsx", R"({"sheets": [{"name": "S", "rows": [
      ["事项名称", "事项编码", "a", "b", "c", "d", "e", "f"], ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"]]}]})");
  std::string bytes = read_file(path);
  SUBCASE("shared strings") {
    ImportLimits limits;
    limits.max_shared_strings = 10;
    Workbook b = read_xlsx(bytes, "many.xlsx", limits);
    CHECK(b.error_zh == "many.xlsx：部件 xl/sharedStrings.xml 的共享字符串超过 10 条，未读取");
  }
  SUBCASE("cells") {
    ImportLimits limits;
    limits.max_cells = 12;
    Workbook b = read_xlsx(bytes, "many.xlsx", limits);
    CHECK(b.error_zh == "many.xlsx：工作表「S」：部件 xl/worksheets/sheet1.xml 的非空单元格超过 12 个，未读取");
  }
  SUBCASE("part size") {
    ImportLimits limits;
    limits.max_part_bytes = 100;
    Workbook b = read_xlsx(bytes, "many.xlsx", limits);
    CHECK(b.error_zh == "many.xlsx：部件 xl/workbook.xml 解压后超过上限（单个部件 0 MiB，合计 1024 MiB；疑似 zip "
                        "炸弹），未读取");
  }
  SUBCASE("within the limits") {
    Workbook b = read_xlsx(bytes, "many.xlsx");
    CHECK(b.ok());
    CHECK(b.sheets.at(0).rows.size() == 2);
  }
}

// ---- export and the round trip ----

namespace {
/// A catalog's YAML as the writer prints it (no source comments): what "same content" means.
std::string canonical(const std::string &path) {
  LoadedFile f = load_file(path);
  REQUIRE(f.kind == DocKind::catalog);
  return catalog_yaml(f.catalog);
}

void round_trip(const TempDir &dir, const std::vector<std::string> &files, const std::string &format) {
  std::vector<Catalog> catalogs;
  for (const auto &f : files) catalogs.push_back(load_file(f).catalog);
  std::string err;
  std::string bytes = format == "csv" ? export_csv(catalogs) : export_xlsx(catalogs, err);
  REQUIRE(err.empty());
  std::string path = dir.file("export." + format, bytes);
  Workbook book = read_table_file(path);
  REQUIRE(book.ok());
  ImportResult r = import_workbooks({book}, {});
  CHECK(r.exit_code() == 0);
  CHECK(r.skipped.empty());
  CHECK(r.not_understood.empty());
  REQUIRE(r.catalogs.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    CAPTURE(files[i]);
    CHECK(catalog_yaml(r.catalogs[i].catalog) == canonical(files[i]));
  }
}
} // namespace

TEST_CASE("export: every bundled catalog comes back the same through xlsx and csv") {
  std::vector<std::string> errors, notes;
  auto files = collect_files({k_source_dir + "/catalogs"}, errors, notes);
  std::vector<std::string> catalogs;
  for (const auto &f : files)
    if (load_file(f).kind == DocKind::catalog) catalogs.push_back(f);
  REQUIRE(catalogs.size() == 8);
  TempDir dir;
  for (const auto &f : catalogs) {
    CAPTURE(f);
    round_trip(dir, {f}, "xlsx");
    round_trip(dir, {f}, "csv");
  }
  round_trip(dir, catalogs, "xlsx"); // all regions in one file
}

TEST_CASE("export: a generated province comes back the same") {
  if (!have_python()) return;
  TempDir dir;
  std::string cmd = "/usr/bin/python3 '" + k_source_dir + "/bench/gen_province.py' -o '" + dir.str() +
                    "/prov' --items 40 --scale 1 --seed 3 --no-registries --violation-rate 0 > /dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::vector<std::string> errors, notes;
  auto files = collect_files({dir.str() + "/prov"}, errors, notes);
  std::vector<std::string> catalogs;
  for (const auto &f : files)
    if (load_file(f).kind == DocKind::catalog) catalogs.push_back(f);
  REQUIRE(catalogs.size() >= 3);
  round_trip(dir, catalogs, "xlsx");
  round_trip(dir, catalogs, "csv");
}

TEST_CASE("export: the CLI writes xlsx and csv, formula-safe, codes as text, never over a file") {
  TempDir dir;
  std::string cat = dir.file("c.yaml", catalog_yaml() + "    agency: \"=HYPERLINK(\\\"http://x\\\")\"\n");
  auto r = run_cli({"export", cat, "-o", dir.str() + "/c.csv"});
  CHECK(r.code == 0);
  CHECK(r.err == "已写入 " + dir.str() + "/c.csv（1 个目录，1 个事项）\n");
  std::string csv = read_file(dir.str() + "/c.csv");
  CHECK(csv.rfind("\xEF\xBB\xBF事项编码,主项名称,子项名称,", 0) == 0);
  CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x\"\")\",") != std::string::npos);
  auto again = run_cli({"export", cat, "-o", dir.str() + "/c.csv"});
  CHECK(again.code == 2);
  CHECK(again.err == "shitong: error: " + dir.str() + "/c.csv 已存在，未写入（确需替换时加 --force）\n");
  auto onto_input = run_cli({"export", cat, "-o", cat, "--format", "csv", "--force"});
  CHECK(onto_input.code == 2);
  CHECK(onto_input.err ==
        "shitong: error: " + cat + " 是本次运行的输入（" + cat + "）；输入文件不会被当作输出覆盖，请换一个文件名\n");
  auto xls = run_cli({"export", cat, "-o", dir.str() + "/c.xls", "--format", "xlsx"});
  CHECK(xls.code == 2);
  CHECK(xls.err.find(".xlsx") != std::string::npos); // the policy names the extension that fits
  auto bad_ext = run_cli({"export", cat, "-o", dir.str() + "/c.txt"});
  CHECK(bad_ext.code == 2);
  CHECK(bad_ext.err ==
        "shitong: error: -o " + dir.str() + "/c.txt：文件名应以 .xlsx 或 .csv 结尾（或用 --format 指定）\n");
  auto x = run_cli({"export", cat, "-o", dir.str() + "/c.xlsx"});
  CHECK(x.code == 0);
  // back through import: the formula text is a name again, the code text
  auto back = run_cli({"import", dir.str() + "/c.xlsx", "-o", dir.str() + "/back"});
  CHECK(back.code == 0);
  std::string yaml = read_file(dir.str() + "/back/370102-济南市历下区.yaml");
  CHECK(yaml.find("    agency: \"=HYPERLINK(\\\"http://x\\\")\"\n") != std::string::npos);
  CHECK(yaml.find("  - code: \"370100123001\"\n") != std::string::npos);
  CHECK(read_file(dir.str() + "/c.xlsx") == read_file(dir.str() + "/c.xlsx")); // sanity
  auto x2 = run_cli({"export", cat, "-o", dir.str() + "/c2.xlsx"});
  CHECK(read_file(dir.str() + "/c2.xlsx") == read_file(dir.str() + "/c.xlsx")); // same catalogs, same bytes
}

namespace {
/// A catalog with only its kind and version, and an (empty) items list, for the writer tests.
Catalog bare_catalog() {
  Catalog c;
  c.kind = {"catalog", {}, true};
  c.version = {1, {}, true};
  c.items.present = true;
  return c;
}
} // namespace

TEST_CASE("import: the YAML writer quotes what would read back as something else") {
  Catalog c = bare_catalog();
  Item it;
  it.present = true;
  it.name = {"yes", {}, true};
  it.sub_name = {"a: b # c", {}, true};
  it.agency = {"第一行\n第二行\t\"引号\"\\", {}, true};
  it.visits_reason = {"- 开头", {}, true};
  it.outputs = {{{"许可证, 副本", {}, true}, {"[x]", {}, true}, {"普通", {}, true}}, {}, true};
  c.items.items.push_back(it);
  std::string yaml = catalog_yaml(c);
  CHECK(yaml == "kind: catalog\nversion: 1\nitems:\n"
                "  - name: \"yes\"\n"
                "    sub_name: \"a: b # c\"\n"
                "    agency: \"第一行\\n第二行\\t\\\"引号\\\"\\\\\"\n"
                "    visits_reason: \"- 开头\"\n"
                "    outputs: [\"许可证, 副本\", \"[x]\", 普通]\n");
  LoadedFile back = load_document("x.yaml", yaml);
  REQUIRE(back.catalog.items.items.size() == 1);
  CHECK(back.catalog.items.items[0].agency.value == "第一行\n第二行\t\"引号\"\\");
  CHECK(back.catalog.items.items[0].outputs.items[0].value == "许可证, 副本");
  CHECK(catalog_yaml(back.catalog) == yaml);
}

TEST_CASE("import: the YAML writer escapes what YAML forbids raw -- C1 controls, U+FFFE/U+FFFF (fuzz: import_json)") {
  // a JSON "\uffff" or "\u0080" became a raw character in a plain or quoted scalar, which libyaml
  // refuses ("control characters are not allowed"); a sheet name with U+2028 or NEL ended the
  // source comment (libyaml breaks lines there)
  Catalog c = bare_catalog();
  Item it;
  it.present = true;
  it.name = {"社会团体\xEF\xBF\xBF成立登记", {}, true};
  it.sub_name = {"a\xC2\x80"
                 "b\xC2\x9B"
                 "c\xEF\xBF\xBE"
                 "d\xC2\x85",
                 {},
                 true};
  it.agency = {"\xC2\xA0不换行空格", {}, true}; // U+00A0 is printable: stays plain
  c.items.items.push_back(it);
  std::vector<ItemSource> sources = {{"清单\xE2\x80\xA8.xlsx", "表\xC2\x85一\xEF\xBF\xBF", 3}};
  std::string yaml = catalog_yaml(c, &sources);
  CHECK(yaml.substr(yaml.find("items:")) == "items:\n"
                                            "  # 来源: 清单 .xlsx 工作表「表 一 」第 3 行\n"
                                            "  - name: \"社会团体\\uFFFF成立登记\"\n"
                                            "    sub_name: \"a\\x80b\\x9Bc\\uFFFEd\\N\"\n"
                                            "    agency: \xC2\xA0不换行空格\n");
  LoadedFile back = load_document("x.yaml", yaml);
  for (const Finding &f : back.findings) CHECK(f.rule != "yaml-syntax");
  REQUIRE(back.catalog.items.items.size() == 1);
  CHECK(back.catalog.items.items[0].name.value == it.name.value);
  CHECK(back.catalog.items.items[0].sub_name.value == it.sub_name.value);
  CHECK(back.catalog.items.items[0].agency.value == it.agency.value);
}

TEST_CASE("import: the national platform's exchange tables, joined by task_code") {
  if (!have_python()) return;
  TempDir dir;
  std::string xlsx = make_xlsx(dir, "交换表.xlsx", R"({"sheets": [
      {"name": "up_task_general_basic", "rows": [
        ["task_code", "task_name", "task_type", "catalog_code", "dept_name", "dept_code", "by_law",
         "anticipate_day", "anticipate_type", "promise_day", "promise_type", "limit_scene_num", "is_fee", "handle_flow"],
        ["11370102MB2853824D4370100105001", "食品经营许可", "01", "370100105001", "济南市历下区行政审批服务局",
         "11370102MB2853824D", "《中华人民共和国食品安全法》第三十五条", 20, 1, 5, 1, 0, 1, "申请→受理→决定"]]},
      {"name": "up_task_general_material", "rows": [
        ["task_code", "material_name", "material_type", "material_format", "is_need", "page_num", "source_type"],
        ["11370102MB2853824D4370100105001", "营业执照", "证照", "电子", 1, 1, "政府部门核发"],
        ["11370102MB2853824D4370100105001", "授权委托书", "其他", "原件", 0, 1, "申请人自备"],
        ["11370102MB2853824D4370100999001", "身份证", "证照", "原件", 1, 1, "政府部门核发"]]},
      {"name": "up_task_general_fee_project", "rows": [
        ["task_code", "fee_name", "fee_stand", "by_law"],
        ["11370102MB2853824D4370100105001", "证照工本费", "每证10元", "国家发展改革委 财政部关于…的通知"]]}]})");
  auto r = run_cli({"import", xlsx, "-o", dir.str() + "/out", "--region", "370102"});
  CHECK(r.code == 1);
  CHECK(r.err.find("跳过的行（1）：\n  交换表.xlsx 工作表「up_task_general_material」第 4 行：task_code"
                   "「11370102MB2853824D4370100999001」在事项表中没有对应的事项，未导入\n") != std::string::npos);
  CHECK(
      r.err.find("无法识别的值（1）：\n  交换表.xlsx 工作表「up_task_general_material」第 3 行：「is_need」列的值「0」"
                 "无法识别：应为 1（必要）、2（非必要）、3（容缺后补）\n") != std::string::npos);
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.substr(yaml.find("  - code:")) == "  - code: \"370100105001\"\n"
                                               "    name: 食品经营许可\n"
                                               "    type: 行政许可\n"
                                               "    legal_basis:\n"
                                               "      - law: 中华人民共和国食品安全法\n"
                                               "        article: 第三十五条\n"
                                               "    materials:\n"
                                               "      - name: 营业执照\n"
                                               "        type: 证照\n"
                                               "        form: 电子\n"
                                               "        copies: 1\n"
                                               "        necessity: 必要\n"
                                               "        source: 政府部门核发\n"
                                               "      - name: 授权委托书\n"
                                               "        type: 其他\n"
                                               "        form: 原件\n"
                                               "        copies: 1\n"
                                               "        source: 申请人自备\n"
                                               "    process: [申请, 受理, 决定]\n"
                                               "    fee:\n"
                                               "      charged: true\n"
                                               "      standard: 证照工本费：每证10元\n"
                                               "      basis: 国家发展改革委 财政部关于…的通知\n"
                                               "    time_limit:\n"
                                               "      legal: 20\n"
                                               "      promised: 5\n"
                                               "      unit: 工作日\n"
                                               "    agency: 济南市历下区行政审批服务局\n"
                                               "    agency_code: \"11370102MB2853824D\"\n"
                                               "    implementation_code: \"11370102MB2853824D4370100105001\"\n"
                                               "    visits: 0\n");
}

TEST_CASE("import: a portal's JSON export -- items under a key, nested materials, codes as numbers") {
  TempDir dir;
  // Python's json.dumps escapes 𠀾 (U+2003E) as a surrogate pair; keys differ from item to item
  std::string json = dir.file("370102-历下区.json", R"({"code": 0, "data": {"total": 2, "list": [
  {"task_code": "11370102MB2853824D4370100105001", "task_name": "食品经营许可", "catalog_code": 370100105001,
   "task_type": "行政许可", "dept_name": "济南市历下区行政审批服务局\ud840\udc3e", "promise_day": "5个工作日",
   "anticipate_day": 20, "is_fee": false, "by_law": ["《中华人民共和国食品安全法》第三十五条"],
   "materials": [{"material_name": "食品经营许可申请书", "is_need": "1", "page_num": 1},
                 {"material_name": "营业执照", "is_need": 2}],
   "scene": {"limit_scene_num": 0}, "remark": null},
  {"task_name": "公共场所卫生许可", "catalog_code": "370100106000", "是否收费": "是", "申请材料": ["卫生许可证申请表"],
   "备注": "无"}
]}})");
  auto r = run_cli({"import", json, "-o", dir.str() + "/out"});
  CHECK(r.code == 0);
  CHECK(r.err == "shitong import: " + json +
                     "：JSON，编码 UTF-8，2 个对象（在「data.list」下）\n"
                     "shitong import: 读取 4 个对象，写出 2 个事项，1 个目录\n"
                     "  370102 历下区：2 个事项 → " +
                     dir.str() +
                     "/out/370102-历下区.yaml\n"
                     "按文本恢复的编码（1）：\n"
                     "  370102-历下区.json 第 2 行：「catalog_code」列以数字存储，已按文本恢复为「370100105001」\n"
                     "未映射的列（1）：\n"
                     "  370102-历下区.json 第 2 行：未映射的列「备注」：没有对应的字段\n"
                     "下一步：shitong validate " +
                     dir.str() + "/out\n");
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.substr(yaml.find("items:")) == "items:\n"
                                            "  # 来源: 370102-历下区.json 第 2 行\n"
                                            "  - code: \"370100105001\"\n"
                                            "    name: 食品经营许可\n"
                                            "    type: 行政许可\n"
                                            "    legal_basis:\n"
                                            "      - law: 中华人民共和国食品安全法\n"
                                            "        article: 第三十五条\n"
                                            "    materials:\n"
                                            "      - name: 食品经营许可申请书\n"
                                            "        copies: 1\n"
                                            "        necessity: 必要\n"
                                            "      - name: 营业执照\n"
                                            "        necessity: 非必要\n"
                                            "    fee:\n"
                                            "      charged: false\n"
                                            "    time_limit:\n"
                                            "      legal: 20\n"
                                            "      promised: 5\n"
                                            "      unit: 工作日\n"
                                            "    agency: 济南市历下区行政审批服务局\xF0\xA0\x80\xBE\n"
                                            "    implementation_code: \"11370102MB2853824D4370100105001\"\n"
                                            "    visits: 0\n"
                                            "  # 来源: 370102-历下区.json 第 8 行\n"
                                            "  - code: \"370100106000\"\n"
                                            "    name: 公共场所卫生许可\n"
                                            "    materials:\n"
                                            "      - name: 卫生许可证申请表\n"
                                            "    fee:\n"
                                            "      charged: true\n");
  // validate points into the JSON file, at the line where the item's object starts
  auto v = run_cli({"validate", "--no-config", "--no-cache", dir.str() + "/out"});
  CHECK(v.out.find("    来源: 370102-历下区.json 第 8 行\n") != std::string::npos);
  // the objects (two items, two materials) are counted as objects, not rows, in both languages and in JSON
  auto en = run_cli({"import", json, "-o", dir.str() + "/en", "--lang", "en"});
  CHECK(en.err.find("shitong import: 4 object(s) read, 2 item(s) written in 1 catalog(s)\n") != std::string::npos);
  auto j = run_cli({"import", json, "-o", dir.str() + "/json", "--format", "json"});
  CHECK(j.err.find("\"rows_read\": 0,\n  \"objects_read\": 4,\n  \"items\": 2,\n") != std::string::npos);
  // a CSV beside it: rows and objects, each counted as what it is
  std::string csv = dir.file("370102-more.csv", "事项名称,事项编码\n药品零售许可,370100107000\n");
  auto both = run_cli({"import", json, csv, "-o", dir.str() + "/both"});
  CHECK(both.err.find("shitong import: 读取 1 行、4 个对象，写出 3 个事项，1 个目录\n") != std::string::npos);
  auto both_en = run_cli({"import", json, csv, "-o", dir.str() + "/both-en", "--lang", "en"});
  CHECK(both_en.err.find("shitong import: 1 row(s) and 4 object(s) read, 3 item(s) written in 1 catalog(s)\n") !=
        std::string::npos);
}

TEST_CASE("import: a mapping's header_row does not apply to JSON -- ignored, and said so") {
  TempDir dir;
  std::string json =
      dir.file("370102.json", "[\n  {\"办件名称\": \"食品经营许可\", \"目录码\": \"370100105001\"},\n"
                              "  {\"办件名称\": \"公共场所卫生许可\", \"目录码\": \"370100106000\"}\n]\n");
  std::string mapping =
      dir.file("映射.yaml", "kind: import-mapping\nheader_row: 2\ncolumns:\n  办件名称: name\n  目录码: code\n");
  auto r = run_cli({"import", json, "--mapping", mapping, "-o", dir.str() + "/out"});
  CAPTURE(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find(
            "shitong import: 370102.json：映射文件的 header_row（2）不适用于 JSON 输入（对象的键就是列名），已忽略\n"
            "shitong import: 读取 2 个对象，写出 2 个事项，1 个目录\n") != std::string::npos);
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.find("  # 来源: 370102.json 第 3 行\n  - code: \"370100106000\"\n    name: 公共场所卫生许可\n") !=
        std::string::npos);
  auto en = run_cli({"import", json, "--mapping", mapping, "-o", dir.str() + "/en", "--lang", "en"});
  CHECK(en.err.find("shitong import: 370102.json: the mapping file's header_row (2) does not apply to JSON input (the "
                    "objects' keys are the header); ignored\n") != std::string::npos);
  // a CSV with the same mapping still takes its header from row 2
  std::string csv = dir.file("370102.csv", "某厂商导出\n办件名称,目录码\n食品经营许可,370100105001\n");
  auto c = run_cli({"import", csv, "--mapping", mapping, "-o", dir.str() + "/csv"});
  CHECK(c.code == 0);
  CHECK(c.err.find("header_row") == std::string::npos);
  CHECK(c.err.find("读取 1 行，写出 1 个事项") != std::string::npos);
}

TEST_CASE("import: a code that JSON writes as a number in E notation or with a fraction") {
  TempDir dir;
  std::string json = dir.file("370102.json", R"([{"事项名称": "a", "事项编码": 3.70100106E+11},
 {"事项名称": "b", "事项编码": 370100107000.0}, {"事项名称": "c", "事项编码": 3701001050015e-1},
 {"事项名称": "d", "事项编码": 1.5e300}])");
  auto r = run_cli({"import", json, "-o", dir.str() + "/out"});
  CHECK(r.code == 1);
  CHECK(r.err.find("无法识别的值（2）：\n"
                   "  370102.json 第 2 行：「事项编码」列的值「3701001050015e-1」无法识别：是带小数、负数或过长的数字，"
                   "不能作为编码；请在导出中把编码写成文本\n"
                   "  370102.json 第 3 行：「事项编码」列的值「1.5e300」无法识别：是带小数、负数或过长的数字，不能作为"
                   "编码；请在导出中把编码写成文本\n"
                   "按文本恢复的编码（2）：\n"
                   "  370102.json 第 1 行：「事项编码」列以数字存储，已按文本恢复为「370100106000」\n"
                   "  370102.json 第 2 行：「事项编码」列以数字存储，已按文本恢复为「370100107000」\n") !=
        std::string::npos);
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.find("  - code: \"370100106000\"\n    name: a\n") != std::string::npos);
  CHECK(yaml.find("  - code: \"370100107000\"\n    name: b\n") != std::string::npos);
  CHECK(yaml.find("  - code: \"3701001050015e-1\"\n    name: c\n") != std::string::npos); // kept, validate judges it
}

TEST_CASE("import: JSON that is not a plain array of items is refused with its line and column") {
  TempDir dir;
  auto refused = [&](const std::string &name, const std::string &content) {
    auto r = run_cli({"import", dir.file(name, content), "-o", dir.str() + "/out", "--region", "370102"});
    CHECK(r.code == 2);
    std::string first = r.err.substr(0, r.err.find('\n'));
    std::string path = dir.str() + "/";
    if (auto at = first.find(path); at != std::string::npos) first.erase(at, path.size());
    return first;
  };
  CHECK(
      refused("a.json", "[{\"task_name\": &a \"x\"}, {\"task_name\": *a}]") ==
      "shitong: error: a.json：第 1 行第 16 列：是 YAML 写法（块结构、不加引号的文字、单引号、锚点或标签），不是 JSON");
  CHECK(
      refused("b.json", "- task_name: x\n") ==
      "shitong: error: b.json：第 1 行第 1 列：是 YAML 写法（块结构、不加引号的文字、单引号、锚点或标签），不是 JSON");
  CHECK(refused("c.json", std::string(100000, '[')) ==
        "shitong: error: c.json：第 1 行第 66 列：嵌套超过 64 层，未读取");
  CHECK(refused("d.json", "[{\"task_name\": \"x\"") ==
        "shitong: error: d.json：第 2 行第 1 列不是有效的 JSON（did not find expected ',' or '}'）");
  CHECK(refused("e.json", "{\"code\": 0, \"msg\": \"ok\"}") ==
        "shitong: error: e.json：没有找到事项数组（顶层应是对象数组，或对象中某个键下的对象数组）");
  CHECK(refused("f.json", "") == "shitong: error: f.json：文件是空的");
}

namespace {
/// A vendor's layout the synonyms do not know: a title row, its own header names, 必要性
/// coded 0/1, a column to leave out, and a second sheet that is not the catalog.
const char *k_vendor_spec = R"({"sheets": [
    {"name": "说明", "rows": [["本文件由某厂商系统导出"], ["事项名称", "事项编码"]]},
    {"name": "事项", "rows": [["历下区事项导出"],
      ["办件名称", "目录码", "主管部门", "法定期限", "承诺期限", "内部序号"],
      ["食品经营许可", "370100105001", "济南市历下区行政审批服务局", "20个工作日", "5个工作日", "A-17"]]}]})";

const char *k_vendor_mapping = R"(kind: import-mapping
version: 1
sheet: 事项
header_row: 2
columns:
  办件名称: name
  目录码: code
  主管部门: 实施主体
  法定期限: legal_limit
  承诺期限: 承诺办结时限
  内部序号: ignore
values:
  agency:
    济南市历下区行政审批服务局: 济南市历下区行政审批服务局（市民中心）
catalog:
  region: "370102"
  parent: "370100"
)";
} // namespace

TEST_CASE("import: a mapping file reads a layout the synonyms do not cover") {
  if (!have_python()) return;
  TempDir dir;
  std::string xlsx = make_xlsx(dir, "vendor.xlsx", k_vendor_spec);
  std::string mapping = dir.file("映射.yaml", k_vendor_mapping);
  auto r = run_cli({"import", xlsx, "--mapping", mapping, "-o", dir.str() + "/out"});
  CAPTURE(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("未映射的列") == std::string::npos); // 内部序号 is ignored on purpose
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.find("parent: \"370100\"\n") != std::string::npos);
  CHECK(yaml.substr(yaml.find("items:")) == "items:\n"
                                            "  # 来源: vendor.xlsx 工作表「事项」第 3 行\n"
                                            "  - code: \"370100105001\"\n"
                                            "    name: 食品经营许可\n"
                                            "    time_limit:\n"
                                            "      legal: 20\n"
                                            "      promised: 5\n"
                                            "      unit: 工作日\n"
                                            "    agency: 济南市历下区行政审批服务局（市民中心）\n");
  // without the mapping nothing of that sheet is recognised
  auto bare = run_cli({"import", xlsx, "-o", dir.str() + "/out2", "--region", "370102"});
  CHECK(bare.code == 2);
  // the schema of mapping files accepts it (python3-jsonschema, when installed)
  if (std::system("/usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null") == 0) {
    std::string cmd = "/usr/bin/python3 -c \"import json,sys,yaml,jsonschema; "
                      "jsonschema.validate(yaml.safe_load(open(sys.argv[1])), json.load(open(sys.argv[2])))\" '" +
                      mapping + "' '" + k_source_dir + "/schemas/mapping.schema.json'";
    CHECK(std::system(cmd.c_str()) == 0);
  }
}

TEST_CASE("import: a vendor's enumeration codes are data -- value maps of a mapping file") {
  TempDir dir;
  std::string csv = dir.file("370102-materials.csv", "task_code,task_name,catalog_code\n"
                                                     "T1,食品经营许可,370100105001\n");
  std::string mats = dir.file("370102-m.csv", "task_code,material_name,is_need\n"
                                              "T1,营业执照,0\n"
                                              "T1,授权委托书,3\n");
  std::string mapping =
      dir.file("m.yaml", "kind: import-mapping\nversion: 1\nvalues:\n  is_need: {'0': 必要, '3': 非必要}\n");
  auto r = run_cli({"import", csv, mats, "-m", mapping, "-o", dir.str() + "/out"});
  CAPTURE(r.err);
  CHECK(r.code == 0);
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.find(
            "      - name: 营业执照\n        necessity: 必要\n      - name: 授权委托书\n        necessity: 非必要\n") !=
        std::string::npos);
}

TEST_CASE("import: a mapping file with a mistake is an error at its line, and nothing is imported") {
  TempDir dir;
  std::string csv = dir.file("370102.csv", "事项名称,事项编码\n食品经营许可,370100105001\n");
  auto with = [&](const std::string &mapping) {
    auto r = run_cli({"import", csv, "-m", dir.file("m.yaml", mapping), "-o", dir.str() + "/out"});
    CHECK(r.code == 2);
    CHECK_FALSE(std::filesystem::exists(dir.path / "out"));
    return r.err;
  };
  std::string m = dir.str() + "/m.yaml";
  CHECK(with("kind: import-mapping\ncolumns:\n  办件名称: nmae\n") ==
        "shitong: error: " + m + ":3:9: 列「办件名称」映射到未知字段「nmae」；可用的字段见 shitong schema mapping\n");
  CHECK(with("kind: import-mapping\nheader_row: 0\nsheets: 事项\n") ==
        "shitong: error: " + m + ":2:13: header_row 应为表头所在的行号（从 1 起）\n" + "shitong: error: " + m +
            ":3:9: 未知键「sheets」（可用：kind、version、sheet、header_row、columns、values、catalog）\n");
  CHECK(with("columns: {a: name}\n") == "shitong: error: " + m + ":1:1: 缺少 kind: import-mapping\n");
  // a key quoted from the file cannot reach the terminal with its escapes ("\e" is ESC in YAML)
  CHECK(with("kind: import-mapping\ncolumns:\n  \"办件\\e[2J名称\": nmae\n") ==
        "shitong: error: " + m +
            ":3:16: 列「办件\\x1b[2J名称」映射到未知字段「nmae」；可用的字段见 shitong schema mapping\n");
  CHECK(with("kind: import-mapping\nvalues: &v {x: {a: b}}\ncolumns: *v\n") ==
        "shitong: error: 映射文件 " + m + "：第 3 行第 10 列：有 YAML 别名（*），不予展开\n");
  CHECK(with("kind: import-mapping\nsheet: 事项\n") == "shitong import: " + csv + "：编码 UTF-8，分隔符 ,\n" +
                                                           "shitong: error: 映射文件 " + m +
                                                           " 指定的工作表「事项」不存在（有：（CSV/JSON））\n" +
                                                           "shitong import: 读取 0 行，写出 0 个事项，0 个目录\n");
}

TEST_CASE("import: a 主项名称 merged over its 子项 rows belongs to each of them") {
  if (!have_python()) return;
  TempDir dir;
  // A3:A4 merged (one main item, two sub-items); A6:A8 merged, but row 7 is empty and row 8 has
  // its own value: no row is made up and no value is overwritten; the title A1:D1 is not spread
  std::string xlsx = make_xlsx(dir, "370102-历下区.xlsx", R"({"sheets": [{"name": "清单",
      "merge": ["A1:D1", "A3:A4", "A6:A8"], "rows": [
      ["历下区实施清单"],
      ["主项名称", "子项名称", "事项编码", "承诺办结时限"],
      ["食品经营许可", "新办", "370100105001", "5个工作日"],
      [null, "变更", "370100105002", "3个工作日"],
      [],
      ["公共场所卫生许可", null, "370100106000", "即办"],
      [],
      ["医疗机构执业登记", null, "370100107000", "10个工作日"]]}]})");
  auto r = run_cli({"import", xlsx, "-o", dir.str() + "/out"});
  CAPTURE(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("370102-历下区.xlsx 工作表「清单」：1 个纵向合并的单元格已按合并区域首行的值向下填充\n") !=
        std::string::npos);
  std::string yaml = read_file(dir.str() + "/out/370102-历下区.yaml");
  CHECK(yaml.find("  # 来源: 370102-历下区.xlsx 工作表「清单」第 4 行\n"
                  "  - code: \"370100105002\"\n"
                  "    name: 食品经营许可\n"
                  "    sub_name: 变更\n") != std::string::npos);
  CHECK(yaml.find("name: 医疗机构执业登记\n") != std::string::npos);
  CHECK(yaml.find("第 7 行") == std::string::npos);
}

TEST_CASE("import: overlapping merged ranges over a million rows cost no more than the cell limit") {
  if (!have_python()) return;
  TempDir dir;
  std::string ranges;
  for (int i = 0; i < 2000; ++i) ranges += std::string(ranges.empty() ? "" : ",") + "\"A1:A1048576\"";
  std::string rows;
  for (int i = 0; i < 3000; ++i) rows += std::string(rows.empty() ? "" : ",") + "[\"x\", \"y\"]";
  std::string path = make_xlsx(
      dir, "m.xlsx", "{\"sheets\": [{\"name\": \"S\", \"merge\": [" + ranges + "], \"rows\": [" + rows + "]}]}");
  ImportLimits limits;
  limits.max_cells = 100000;
  auto start = std::chrono::steady_clock::now();
  Workbook b = read_xlsx(read_file(path), "m.xlsx", limits);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(b.error_zh == "m.xlsx：工作表「S」：合并单元格展开时超过 100000 个单元格，未读取");
  limits.max_merges = 10;
  CHECK(read_xlsx(read_file(path), "m.xlsx", limits).error_zh ==
        "m.xlsx：工作表「S」：部件 xl/worksheets/sheet1.xml 的合并单元格超过 10 处，未读取");
}

TEST_CASE("import: limits.items_per_catalog of .shitong.yaml -- the rows over it are not imported, and said so") {
  TempDir dir;
  std::string csv = dir.file("370102.csv", "事项名称,事项编码\n食品经营许可,370100105001\n公共场所卫生许可,"
                                           "370100106000\n药品零售许可,370100107000\n");
  std::string out = dir.str() + "/out";
  dir.file(".shitong.yaml", "limits:\n  items_per_catalog: 2\n");
  auto r = run_cli({"import", csv, "-o", out}, dir.str());
  CHECK(r.code == 1);
  CHECK(r.err == "shitong import: " + csv +
                     "：编码 UTF-8，分隔符 ,\n"
                     "shitong import: 读取 3 行，写出 2 个事项，1 个目录\n"
                     "  370102 历下区：2 个事项 → " +
                     out +
                     "/370102-历下区.yaml\n"
                     "跳过的行（1）：\n"
                     "  370102.csv 第 4 行：目录 370102 历下区 已有 2 个事项，达到每个目录的事项上限，从这一行起 1 "
                     "行未导入（.shitong.yaml 中 limits.items_per_catalog 可调高）\n"
                     "下一步：shitong validate " +
                     out + "\n");
  CHECK(read_file(out + "/370102-历下区.yaml").find("药品零售许可") == std::string::npos);

  SUBCASE("at the limit nothing is left out") {
    dir.file(".shitong.yaml", "limits:\n  items_per_catalog: 3\n");
    auto at = run_cli({"import", csv, "-o", dir.str() + "/at"}, dir.str());
    CHECK(at.code == 0);
    CHECK(at.err.find("  370102 历下区：3 个事项") != std::string::npos);
  }
  SUBCASE("--no-config ignores the file, --config names one") {
    auto none = run_cli({"import", csv, "-o", dir.str() + "/none", "--no-config"}, dir.str());
    CHECK(none.code == 0);
    CHECK(none.err.find("  370102 历下区：3 个事项") != std::string::npos);
    TempDir other;
    std::string cfg = other.file("limits.yaml", "limits:\n  items_per_catalog: 1\n");
    auto named = run_cli({"import", csv, "-o", dir.str() + "/named", "--config", cfg});
    CHECK(named.code == 1);
    CHECK(named.err.find("已有 1 个事项，达到每个目录的事项上限，从这一行起 2 行未导入") != std::string::npos);
    auto missing = run_cli({"import", csv, "-o", dir.str() + "/missing", "--config", other.str() + "/nope.yaml"});
    CHECK(missing.code == 2);
    CHECK(missing.err == "shitong: error: config file " + other.str() + "/nope.yaml does not exist\n");
    CHECK_FALSE(std::filesystem::exists(dir.path / "missing"));
  }
  SUBCASE("a bad limit is reported and keeps its default") {
    dir.file(".shitong.yaml", "limits:\n  items_per_catalog: 0\n");
    auto bad = run_cli({"import", csv, "-o", dir.str() + "/bad"}, dir.str());
    CHECK(bad.code == 0);
    CHECK(bad.err.starts_with("shitong import: ")); // the path as found (relative to the process's directory)
    CHECK(bad.err.find("/.shitong.yaml:2:22: 配置文件有误（wrong-type）：每个目录的事项上限（limits.items_per_catalog）"
                       "应为不小于 1 的整数，实际是 0 [config]\nshitong import: ") != std::string::npos);
    CHECK(bad.err.find("  370102 历下区：3 个事项") != std::string::npos);
  }
}

TEST_CASE("import: limits.text_length -- a longer value is left out (never cut) and listed") {
  TempDir dir;
  std::string csv =
      dir.file("370102.csv", "事项编码,事项名称,申请材料,实施主体\n"
                             "370100105001,食品经营许可证核发（新办）,\"申请书\n食品经营许可申请书（原件）\",历下区\n"
                             "370100106000,卫生许可,\"申请书\n营业执照\",山东省济南市历下区审批局\n");
  dir.file(".shitong.yaml", "limits:\n  text_length: 12\n");
  std::string out = dir.str() + "/out";
  auto r = run_cli({"import", csv, "-o", out, "--format", "json"}, dir.str());
  CHECK(r.code == 1);
  CHECK(r.err.find(R"("not_understood": [
    {
      "file": "370102.csv",
      "sheet": "",
      "row": 2,
      "column": "事项名称",
      "message": "「事项名称」列的值长 13 个字符，超过文本长度上限 12，未导入（.shitong.yaml 中 limits.text_length 可调高）"
    },
    {
      "file": "370102.csv",
      "sheet": "",
      "row": 2,
      "column": "申请材料",
      "message": "「申请材料」列的值中有一行长 13 个字符，超过文本长度上限 12，未导入（.shitong.yaml 中 limits.text_length 可调高）"
    }
  ],)") != std::string::npos);
  std::string yaml = read_file(out + "/370102-历下区.yaml");
  CHECK(yaml.find("  - code: \"370100105001\"\n    agency: 历下区\n") != std::string::npos);
  // at the limit (12 characters: the codes and 山东省济南市历下区审批局) everything is imported
  CHECK(yaml.find("  - code: \"370100106000\"\n    name: 卫生许可\n    materials:\n      - name: 申请书\n"
                  "      - name: 营业执照\n    agency: 山东省济南市历下区审批局\n") != std::string::npos);
  auto en = run_cli({"import", csv, "-o", dir.str() + "/en", "--lang", "en"}, dir.str());
  CHECK(en.err.find("  370102.csv row 2: column \"事项名称\": the value is 13 characters long, over the text length "
                    "limit of 12; not imported (raise limits.text_length in .shitong.yaml)\n") != std::string::npos);
}

TEST_CASE("import: limits.findings_per_file -- the report lists that many per file and list, then counts the rest") {
  TempDir dir;
  std::string csv =
      dir.file("370102.csv", "事项编码,事项名称,是否收费\n,,否\n,,是\n,,否\n370100105001,食品经营许可,否\n");
  dir.file(".shitong.yaml", "limits:\n  findings_per_file: 1\n");
  std::string out = dir.str() + "/out";
  auto r = run_cli({"import", csv, "-o", out}, dir.str());
  CHECK(r.code == 1);
  CHECK(r.err.find("跳过的行（2）：\n"
                   "  370102.csv 第 2 行：没有事项名称和事项编码，未导入\n"
                   "  370102.csv：另有 2 条未列出（每个文件每类最多列出 1 条；.shitong.yaml 中 "
                   "limits.findings_per_file 可调高）\n") != std::string::npos);
  dir.file(".shitong.yaml", "limits:\n  findings_per_file: 3\n");
  auto all = run_cli({"import", csv, "-o", dir.str() + "/all"}, dir.str());
  CHECK(all.code == 1);
  CHECK(all.err.find("跳过的行（3）：\n"
                     "  370102.csv 第 2 行：没有事项名称和事项编码，未导入\n"
                     "  370102.csv 第 3 行：没有事项名称和事项编码，未导入\n"
                     "  370102.csv 第 4 行：没有事项名称和事项编码，未导入\n"
                     "下一步") != std::string::npos);
}

TEST_CASE("import: a file over the 512 MiB file size limit is not read") {
  TempDir dir;
  std::string big = dir.file("370102.csv", "");
  std::filesystem::resize_file(big, (512ull << 20) + 1); // sparse: nothing is written or read
  auto r = run_cli({"import", big, "-o", dir.str() + "/out"});
  CHECK(r.code == 2);
  CHECK(r.err.find("shitong: error: " + big + "：超过 512 MiB，未读取\n") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path / "out"));
}
