// The command line, in-process: output formats, exit codes, config discovery, init.
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <set>
#include <thread>

#include <sys/utsname.h>

#include <fmt/format.h>
#include <shitong/certs.hpp>
#include <shitong/report.hpp>
#include <shitong/validate.hpp>
#include <shitong/version.hpp>

using namespace shitong;
using test::run_cli;
using test::TempDir;

namespace {
const std::string k_catalogs = test::k_source_dir + "/catalogs";

/// The cells of a Markdown table row `| a | b |`; `\|` is a bar inside a cell.
std::vector<std::string> split_cells(const std::string &row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += row[++i];
    } else if (row[i] == '|') {
      cells.push_back(std::move(cell));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

std::vector<std::string> list_of(const std::string &cell, bool unquote) {
  std::vector<std::string> out;
  std::istringstream in(cell);
  for (std::string part; std::getline(in, part, ',');) {
    auto b = part.find_first_not_of(unquote ? " `" : " "), e = part.find_last_not_of(unquote ? " `" : " ");
    if (b != std::string::npos) out.push_back(part.substr(b, e - b + 1));
  }
  return out;
}

/// The "Planted deviations" tables of catalogs/README.md as sorted "file line:col rule" lines;
/// a row may list several positions and as many rules ("575:11, 577:11" / "`code-type`, `level-type`").
std::vector<std::string> planted_deviations() {
  std::string doc = test::read_file(k_catalogs + "/README.md");
  auto section = doc.find("\n## Planted deviations\n");
  REQUIRE(section != std::string::npos);
  std::vector<std::string> out;
  std::istringstream lines(doc.substr(section));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `", 0) != 0) continue; // header, separator and text lines
    auto cells = split_cells(line);
    REQUIRE(cells.size() == 5);
    auto file = list_of(cells[0], true), positions = list_of(cells[1], false), rules = list_of(cells[3], true);
    CAPTURE(line);
    REQUIRE(file.size() == 1);
    REQUIRE(positions.size() == rules.size());
    for (std::size_t i = 0; i < rules.size(); ++i)
      out.push_back(file[0] + ":" + positions[i] + " " + rules[i].substr(0, rules[i].find_first_of(" `")));
  }
  std::sort(out.begin(), out.end());
  return out;
}
} // namespace

TEST_CASE("cli: validate on the bundled catalogs prints the documented deviations in Chinese") {
  auto r = run_cli({"validate", "--no-config", "--jobs", "2", k_catalogs});
  CHECK(r.code == 1);
  CHECK(r.err.empty());
  CHECK(r.out.find(
            "/catalogs/河南省/411202-湖滨区.yaml:418:18: error: 实施主体统一社会信用代码「11411202MB834211XX」无效："
            "校验位应为「T」，实际是「X」；是否应为「11411202MB834211XT」？（本目录第 470 行「410100362000 "
            "人力资源服务许可」的实施主体三门峡市湖滨区人力资源和社会保障局使用此代码） [agency-code]\n") !=
        std::string::npos);
  CHECK(r.out.find("检查了 11 个文件（8 个目录，304 个事项）：23 个错误，13 个警告，1 个提示\n") != std::string::npos);
  // exactly the deviations documented in catalogs/README.md, nothing else
  std::vector<std::string> got;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    auto c = line.find("/catalogs/");
    auto b = line.rfind(" [");
    if (c == std::string::npos || b == std::string::npos || line.rfind("    ", 0) == 0) continue;
    got.push_back(line.substr(c + 10, line.find(": ", c) - c - 10) + " " + line.substr(b + 2, line.size() - b - 3));
  }
  std::sort(got.begin(), got.end());
  auto planted = planted_deviations();
  CHECK(planted.size() >= 30);
  CHECK(got == planted);
}

TEST_CASE("cli: --lang en and --format json") {
  auto en = run_cli({"validate", "--no-config", "--lang", "en", k_catalogs});
  CHECK(en.out.find(
            "error: promised time limit 15 exceeds the statutory limit 10 (working days) [time-limit-exceeds-legal]") !=
        std::string::npos);
  auto js = run_cli({"validate", "--no-config", "--format", "json", k_catalogs});
  CHECK(js.code == 1);
  CHECK(js.out.rfind("{\n  \"tool\": \"shitong\",\n  \"version\": \"", 0) == 0);
  CHECK(js.out.find("\"rule\": \"fee-basis-missing\",\n      \"severity\": \"error\",") != std::string::npos);
  CHECK(js.out.find("\"path\": \"items[4].fee\"") != std::string::npos);
}

TEST_CASE("cli: --jobs does not change the output") {
  auto one = run_cli({"validate", "--no-config", "--jobs", "1", "--format", "json", k_catalogs});
  auto two = run_cli({"validate", "--no-config", "--jobs", "4", "--format", "json", k_catalogs});
  CHECK(one.out == two.out);
}

TEST_CASE("cli: exit codes 0, 1 and 2") {
  TempDir d;
  auto clean = d.file("ok.yaml", test::catalog_yaml());
  CHECK(run_cli({"validate", clean}).code == 0);
  auto warn = d.file("warn.yaml", test::catalog_yaml("    visits: 1\n"));
  // --no-context: ok.yaml, in the same folder, claims the same region (region-duplicate)
  CHECK(run_cli({"validate", "--no-context", warn}).code == 0);
  CHECK(run_cli({"validate", "--no-context", "--fail-on", "warning", warn}).code == 1);
  auto missing = run_cli({"validate", (d.path / "nope").string()});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("shitong: error: ") != std::string::npos);
  auto bad_arg = run_cli({"validate", "--format", "xml", clean});
  CHECK(bad_arg.code == 2);
  CHECK(run_cli({"frobnicate"}).code == 2);
}

TEST_CASE("cli: a directory without catalogs is reported and the run goes on") {
  TempDir d;
  std::filesystem::create_directories(d.path / "empty");
  auto ok = d.file("c/ok.yaml", test::catalog_yaml());
  auto r = run_cli({"validate", (d.path / "empty").string(), (d.path / "c").string()});
  CHECK(r.code == 0);
  CHECK(r.err.find("no .yaml or .yml files in this directory") != std::string::npos);
  auto none = run_cli({"validate", (d.path / "empty").string()});
  CHECK(none.code == 2);
}

TEST_CASE("cli: .shitong.yaml is found upward and applies severities, off and ignores") {
  TempDir d;
  d.file(".shitong.yaml",
         "fail_on: warning\nlang: en\nrules:\n  material-issuer-missing: off\nignore:\n"
         "  - rule: visits-reason-missing\n    region: \"370102\"\n    item: \"370100123001\"\n    reason: 核验原件\n");
  std::filesystem::create_directories(d.path / "sub");
  auto f = d.file("c/a.yaml", test::catalog_yaml("    visits: 1\n    materials_extra: 1\n"));
  auto r = run_cli({"validate", f}, (d.path / "sub").string());
  CHECK(r.out.find("unknown key 'materials_extra' in item 1 (食品经营许可); did you mean 'materials'?") !=
        std::string::npos);
  CHECK(r.out.find("visits-reason-missing") == std::string::npos);
  CHECK(r.code == 1); // fail_on: warning
  auto no_cfg = run_cli({"validate", "--no-config", f}, (d.path / "sub").string());
  CHECK(no_cfg.out.find("[visits-reason-missing]") != std::string::npos);
}

TEST_CASE("cli: a broken config is reported with line and column, and checking goes on") {
  TempDir d;
  auto cfg = d.file("bad.yaml", "fail_on: eror\nrules:\n  no-such-rule: off\n");
  auto f = d.file("c/a.yaml", test::catalog_yaml());
  auto r = run_cli({"validate", "--config", cfg, f});
  CHECK(r.out.find(cfg + ":1:10: error: 配置文件有误（bad-enum）：失败级别「eror」不是允许的值，是否应为「error」？") !=
        std::string::npos);
  CHECK(r.out.find(cfg + ":3:3: error: 未知规则「no-such-rule」；用 shitong rules 查看全部规则 [config]") !=
        std::string::npos);
  CHECK(r.code == 1);
}

TEST_CASE("cli: inline ignore comments silence their line — unused ones are reported") {
  TempDir d;
  auto f = d.file("a.yaml", test::catalog_yaml("    visits: 1  # shitong-ignore: visits-reason-missing 现场核验原件\n"
                                               "    proxy: true  # shitong-ignore: code-format 无用\n"));
  auto r = run_cli({"validate", f});
  CHECK(r.out.find("[visits-reason-missing]") == std::string::npos);
  CHECK(r.out.find(f + ":27:18: warning: shitong-ignore 注释（规则 "
                       "code-format）没有忽略任何发现；请删除或移到出现发现的那一行 [unused-ignore]") !=
        std::string::npos);
}

TEST_CASE("cli: rules lists every rule — json has stable keys") {
  auto r = run_cli({"rules"});
  CHECK(r.code == 0);
  CHECK(r.out.find("zero-visit-channel") != std::string::npos);
  auto j = run_cli({"rules", "--format", "json"});
  CHECK(j.out.find("\"id\": \"yaml-syntax\",\n    \"severity\": \"error\",\n    \"family\": \"file\",") !=
        std::string::npos);
}

TEST_CASE("cli: --output writes the report atomically") {
  TempDir d;
  auto f = d.file("a.yaml", test::catalog_yaml("    visits: 1\n"));
  auto out = (d.path / "reports" / "r.json").string();
  auto r = run_cli({"validate", "--format", "json", "-o", out, f});
  CHECK(r.out.empty());
  CHECK(test::read_file(out).find("visits-reason-missing") != std::string::npos);
  for (auto &e : std::filesystem::directory_iterator(d.path / "reports")) CHECK(e.path().filename() == "r.json");
}

TEST_CASE("cli: init writes a starter repository that validates cleanly, and never overwrites") {
  TempDir d;
  auto r = run_cli({"init", d.str()});
  REQUIRE(r.code == 0);
  auto cfg = d.path / ".shitong.yaml";
  auto cat = d.path / "catalogs" / "370102-历下区.yaml";
  CHECK(std::filesystem::exists(d.path / "schemas" / "catalog.schema.json"));
  std::string text = test::read_file(cat.string());
  CHECK(text.rfind("# yaml-language-server: $schema=../schemas/catalog.schema.json\n", 0) == 0);
  auto v = run_cli({"validate", (d.path / "catalogs").string()}, d.str());
  // clean: only the note that no proof registry governs the starter catalog yet
  CHECK(v.out.find("[cert-no-registry]") != std::string::npos);
  CHECK(v.out.find("检查了 1 个文件（1 个目录，1 个事项）：0 个错误，0 个警告，1 个提示\n") != std::string::npos);
  CHECK(v.code == 0);
  std::ofstream(cfg) << "# mine\n";
  auto again = run_cli({"init", d.str()});
  CHECK(again.code == 2);
  CHECK(again.err.find(".shitong.yaml 已存在，未写入（确需替换时加 --force）\n") != std::string::npos);
  CHECK(again.err.find("shitong: 未写入任何文件\n") != std::string::npos);
  CHECK(test::read_file(cfg.string()) == "# mine\n");
  auto again_en = run_cli({"init", "--lang", "en", d.str()});
  CHECK(again_en.code == 2);
  CHECK(again_en.err.find(".shitong.yaml already exists; nothing was written (use --force to replace it)\n") !=
        std::string::npos);
  CHECK(test::read_file(cfg.string()) == "# mine\n");
  CHECK(run_cli({"init", "--force", d.str()}).code == 0);
  CHECK(test::read_file(cfg.string()) != "# mine\n");
}

TEST_CASE("cli: help and version") {
  auto h = run_cli({"--help"});
  CHECK(h.code == 0);
  CHECK(h.out.find("validate") != std::string::npos);
  auto vh = run_cli({"validate", "--help"});
  CHECK(vh.out.find("--fail-on") != std::string::npos);
  CHECK(run_cli({"--version"}).out.rfind("shitong ", 0) == 0);
}

TEST_CASE("cli: --version names the version, the git commit and the architecture it runs on") {
  auto v = run_cli({"--version"});
  CHECK(v.code == 0);
  std::smatch m;
  REQUIRE_MESSAGE(
      std::regex_match(v.out, m, std::regex(R"(shitong (\S+) \(commit ([0-9a-f]{7,40}|unknown), linux-(\S+)\)\n)")),
      v.out);
  CHECK(m[1].str() == version_string());
  utsname host{};
  REQUIRE(uname(&host) == 0);
  CHECK(m[3].str() == host.machine); // under qemu-user too: the binary's own architecture
}

TEST_CASE("binary: the real executable runs and validates with no arguments in a repository") {
  TempDir d;
  REQUIRE(run_cli({"init", d.str()}).code == 0);
  std::string cmd = "cd '" + d.str() + "' && '" SHITONG_BINARY "' validate > out.txt 2>&1";
  int rc = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(test::read_file((d.path / "out.txt").string()).find("检查了 1 个文件（1 个目录，1 个事项）") !=
        std::string::npos);
}

TEST_CASE("cli: diff reports uniformity of the bundled tree and exits 1 on differences") {
  auto r = run_cli({"diff", k_catalogs});
  CHECK(r.code == 1);
  CHECK(r.out.rfind("三级十同一致性报告（8 个目录）\n", 0) == 0);
  CHECK(r.out.find("370115 济南市济阳区") != std::string::npos);
  CHECK(r.out.find("  申报材料 [level-materials-added]\n    - 本级     ") != std::string::npos);
  auto js = run_cli({"diff", "--format", "json", k_catalogs});
  CHECK(js.out.find("\"field_mismatch\": {\n        \"name\": 0,") != std::string::npos);
  CHECK(js.out.find("\"rankings\": [") != std::string::npos);
  auto md = run_cli({"diff", "--format", "markdown", k_catalogs});
  CHECK(md.out.rfind("# 三级十同一致性报告\n", 0) == 0);
  auto html = run_cli({"diff", "--format", "html", k_catalogs});
  CHECK(html.out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.out.find("<script") == std::string::npos);
  CHECK(html.out.find("http") == std::string::npos); // self-contained: no external assets
}

TEST_CASE("cli: diff of a uniform tree exits 0") {
  auto r = run_cli(
      {"diff", k_catalogs + "/山东省/370000-山东省.yaml", k_catalogs + "/山东省/370100-济南市.yaml", "--mode", "tree"});
  CHECK(r.code == 0);
  CHECK(r.out.find("100.0%") != std::string::npos);
}

TEST_CASE("cli: diff OLD NEW of two versions: 0 when equal, 1 when different, escaped HTML never") {
  TempDir d;
  std::string old_text = test::read_file(k_catalogs + "/山东省/370100-济南市.yaml");
  auto a = d.file("old/370100.yaml", old_text);
  auto same = d.file("same/370100.yaml", old_text);
  std::string new_text = old_text;
  new_text.replace(new_text.find("promised: "), 12, "promised: 9\n");
  auto b = d.file("new/370100.yaml", new_text);
  CHECK(run_cli({"diff", a, same}).code == 0);
  auto r = run_cli({"diff", a, b});
  CHECK(r.code == 1);
  CHECK(r.out.find("370100 济南市：事项 31 → 31 项；新增 0 项，取消 0 项，变更 1 项\n") != std::string::npos);
  CHECK(r.out.find("  承诺时限（十同字段）\n") != std::string::npos);
  auto dirs = run_cli({"diff", "--format", "json", (d.path / "old").string(), (d.path / "new").string()});
  CHECK(dirs.code == 1);
  CHECK(dirs.out.find("\"change\": \"changed\"") != std::string::npos);
  CHECK(run_cli({"diff", a, (d.path / "missing").string()}).code == 2);
}

TEST_CASE("cli: certs and validate agree on the proof findings of the bundled catalogs") {
  ValidateOptions opt;
  opt.paths = {k_catalogs};
  auto v = validate(opt);
  std::vector<std::string> files;
  std::vector<std::string> errors, notes;
  auto loaded = load_files(collect_files({k_catalogs}, errors, notes), 0);
  std::vector<const LoadedFile *> ptrs;
  for (auto &f : loaded) ptrs.push_back(&f);
  auto report = audit_certificates(compare_levels(ptrs), ptrs);
  std::set<std::string> from_validate, from_certs;
  for (auto &f : v.findings)
    if (f.rule.rfind("cert-", 0) == 0)
      from_validate.insert(fmt::format("{}:{}:{} {}", f.location.file, f.location.line, f.location.column, f.rule));
  for (auto &f : report.findings) {
    std::string key = fmt::format("{}:{}:{} {}", f.location.file, f.location.line, f.location.column, f.rule);
    if (f.rule.rfind("cert-", 0) == 0)
      from_certs.insert(key);
    else
      CHECK(std::any_of(v.findings.begin(), v.findings.end(), [&](auto &x) { // material-duplicate by alias
        return fmt::format("{}:{}:{} {}", x.location.file, x.location.line, x.location.column, x.rule) == key;
      }));
  }
  CHECK(from_validate == from_certs);
  auto r = run_cli({"certs", k_catalogs});
  CHECK(r.out.rfind("证明事项审查：8 个目录，", 0) == 0);
  auto dot = run_cli({"certs", "--graph", "dot", k_catalogs});
  CHECK(dot.out.rfind("digraph proofs {\n", 0) == 0);
  auto mm = run_cli({"certs", "--graph", "mermaid", k_catalogs});
  CHECK(mm.out.rfind("flowchart LR\n", 0) == 0);
}

TEST_CASE("validate: progress is reported from the calling thread and ends with a finished call") {
  ValidateOptions opt;
  opt.paths = {k_catalogs};
  opt.jobs = 2;
  std::vector<std::pair<std::size_t, bool>> calls;
  auto caller = std::this_thread::get_id();
  bool same_thread = true;
  opt.progress = [&](std::size_t done, std::size_t total, std::uint64_t, bool finished) {
    same_thread = same_thread && std::this_thread::get_id() == caller;
    CHECK(done <= total);
    calls.emplace_back(done, finished);
  };
  auto r = validate(opt);
  REQUIRE(!calls.empty());
  CHECK(calls.back() == std::make_pair(static_cast<std::size_t>(r.summary.files), true));
  CHECK(same_thread);
  ValidateOptions plain;
  plain.paths = {k_catalogs};
  plain.jobs = 2;
  CHECK(format_json(validate(plain), false) == format_json(r, false));
}

TEST_CASE("cli: no progress line when stderr is not a terminal") {
  auto r = run_cli({"validate", "--no-config", k_catalogs});
  CHECK(r.err.find("\033[K") == std::string::npos);
}

namespace {
/// A repository (its .shitong.yaml holds `config`) with a city and a county that promises 10 days
/// where the city promises 5; returns the county's path.
std::string county_under_city(const TempDir &d, const std::string &config) {
  const std::string fixture = test::k_source_dir + "/tests/fixtures/level-time-limit-longer/trigger-promised-longer/";
  d.file(".shitong.yaml", config);
  d.file("city.yaml", test::read_file(fixture + "city.yaml"));
  return d.file("county.yaml", test::read_file(fixture + "county.yaml"));
}
} // namespace

TEST_CASE("cli: a county alone is checked against its city from the repository (context), publish gates on it") {
  TempDir d;
  const std::string county = county_under_city(d, "# the root of this repository\n");

  auto v = run_cli({"validate", "--no-cache", county}, d.str());
  CHECK(v.code == 1);
  CHECK(v.out.find("[level-time-limit-longer]") != std::string::npos);
  CHECK(v.out.find("city.yaml:") != std::string::npos); // the reference, not a finding of the city
  CHECK(v.out.find("检查了 1 个文件") != std::string::npos);
  CHECK(v.err.find("未找到上级目录 370100") == std::string::npos); // the province is missing, not the city

  auto p = run_cli({"publish", county}, d.str());
  CHECK(p.code == 1); // a 10-day promise where the city promises 5 is not published clean
  CHECK(p.out.empty());

  // --no-context: only the file, and the run says which comparison it could not make
  auto nv = run_cli({"validate", "--no-cache", "--no-context", county}, d.str());
  CHECK(nv.code == 0);
  CHECK(nv.out.find("[level-time-limit-longer]") == std::string::npos);
  CHECK(nv.err.find("未找到上级目录 370100") != std::string::npos);
  CHECK(nv.err.find("--no-context") != std::string::npos);
  auto np = run_cli({"publish", "--no-context", county}, d.str());
  CHECK(np.code == 0);
  CHECK(np.err.find("未找到上级目录 370100") != std::string::npos);
}

TEST_CASE("cli: an upper catalog the repository does not hold is named once, context on") {
  TempDir d;
  d.file(".shitong.yaml", "# the root of this repository\n");
  const std::string county =
      d.file("county.yaml",
             test::read_file(test::k_source_dir + "/tests/fixtures/level-time-limit-longer/trigger-promised-longer/"
                                                  "county.yaml"));
  auto v = run_cli({"validate", "--no-cache", county}, d.str());
  auto at = v.err.find("未找到上级目录 370100");
  REQUIRE(at != std::string::npos);
  CHECK(v.err.find("未找到上级目录", at + 1) == std::string::npos); // one note for the catalog
  CHECK(v.err.find("仓库中也没有") != std::string::npos);
  CHECK(v.out.find("[cert-no-registry]") != std::string::npos); // no registry governs it: said, not skipped
}

TEST_CASE("cli: diff of a county alone compares it with its city from the repository, as the whole tree does") {
  TempDir d;
  const std::string county = county_under_city(d, "lang: en\n");

  auto tree = run_cli({"diff", "-f", "json", d.str()}, d.str());
  auto alone = run_cli({"diff", "-f", "json", county}, d.str());
  CHECK(tree.code == 1);
  CHECK(alone.code == 1);
  // the county's object is the same in both reports; the city is a row of the tree only
  auto county_object = [](const std::string &json) {
    auto at = json.find("\"region\": \"370102\"");
    return at == std::string::npos ? std::string() : json.substr(at, json.find("\n    }", at) - at);
  };
  REQUIRE(!county_object(alone.out).empty());
  CHECK(county_object(alone.out) == county_object(tree.out));
  CHECK(alone.out.find("\"region\": \"370100\",\n      \"name\"") == std::string::npos);
  CHECK(tree.out.find("\"region\": \"370100\",\n      \"name\"") != std::string::npos);

  // the configuration is read (lang: en), --lang wins, --no-config ignores it
  auto text = run_cli({"diff", county}, d.str());
  CHECK(text.out.rfind("Three-level uniformity (三级十同) of 1 catalog(s)\n", 0) == 0);
  CHECK(text.out.find("  time limit [level-time-limit-longer]\n") != std::string::npos);
  CHECK(run_cli({"diff", "--lang", "zh", county}, d.str()).out.rfind("三级十同一致性报告（1 个目录）\n", 0) == 0);
  CHECK(run_cli({"diff", "--no-config", county}, d.str()).out.rfind("三级十同一致性报告（1 个目录）\n", 0) == 0);

  // --no-context: the county alone is not compared, and the run says so
  auto none = run_cli({"diff", "--no-context", county}, d.str());
  CHECK(none.code == 0);
  CHECK(none.out.find("no upper catalog among the inputs (looked for 370100") != std::string::npos);
  CHECK(none.err.find("--no-context") != std::string::npos);
}
