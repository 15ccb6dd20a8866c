// CI integration: SARIF fields, JUnit XML, GitHub escaping, baselines, --changed-since.
#include "support.hpp"

#include <shitong/baseline.hpp>
#include <shitong/report.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <shitong/output.hpp>

using namespace shitong;
using test::run_cli;
using test::TempDir;

namespace {
const std::string k_catalogs = test::k_source_dir + "/catalogs";

bool has_python() {
  return std::system("/usr/bin/python3 -c 'import json, xml.etree.ElementTree' 2>/dev/null") == 0;
}

/// Runs a Python snippet on a file; returns its stdout.
std::string python(const std::string &code, const std::string &file) {
  TempDir d;
  auto script = d.file("s.py", code);
  auto out = (d.path / "out.txt").string();
  std::string cmd = "/usr/bin/python3 '" + script + "' '" + file + "' > '" + out + "' 2>&1";
  int rc = std::system(cmd.c_str());
  return (rc == 0 ? "" : "FAILED: ") + test::read_file(out);
}
} // namespace

TEST_CASE("ci: SARIF has what GitHub code scanning requires") {
  TempDir d;
  auto sarif = (d.path / "r.sarif").string();
  auto r =
      run_cli({"validate", "--no-config", "--format", "sarif", "-o", sarif, "--root", test::k_source_dir, k_catalogs});
  CHECK(r.code == 1);
  if (!has_python()) return;
  std::string out = python(R"py(
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["version"] == "2.1.0"
run = s["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert len(ids) == len(set(ids))
for r in rules:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and "docs/rules.md#" + r["id"] in r["help"]["text"]
    assert r["name"] != r["id"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
n = 0
for res in run["results"]:
    assert ids[res["ruleIndex"]] == res["ruleId"]
    assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
    loc = res["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert uri.startswith("catalogs/") and not uri.startswith("/"), uri
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    assert len(res["partialFingerprints"]["shitongKey/v1"]) == 16
    n += 1
print("results", n)
)py",
                           sarif);
  CHECK(out.rfind("results ", 0) == 0);
}

TEST_CASE("ci: SARIF of a clean run has results: []") {
  TempDir d;
  auto f = d.file("ok.yaml", test::catalog_yaml());
  d.file("registry.yaml", "kind: certificates\nversion: 1\nscope: \"000000\"\n"); // governs it (cert-no-registry)
  auto r = run_cli({"validate", "--format", "sarif", f});
  CHECK(r.code == 0);
  CHECK(r.out.find("\"results\": []") != std::string::npos);
}

TEST_CASE("ci: JUnit parses as XML with one test case per finding and an error per unreadable file") {
  TempDir d;
  d.file("c/ok.yaml", test::catalog_yaml());
  std::string warn = test::catalog_yaml("    visits: 1\n    visit: 2\n");
  warn.replace(warn.find("370102"), 6, "370112"); // another region than ok.yaml
  d.file("c/warn.yaml", warn);
  d.file("c/broken.yaml", "kind: catalog\nversion: [\n");
  auto xml = (d.path / "junit.xml").string();
  auto r = run_cli({"validate", "--format", "junit", "-o", xml, (d.path / "c").string()});
  CHECK(r.code == 1);
  std::string text = test::read_file(xml);
  CHECK(text.find("<testcase name=\"") != std::string::npos);
  if (!has_python()) return;
  std::string out = python(R"py(
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall(".//testcase")
names = [c.get("name") for c in cases]
assert len(names) == len(set(names)), names
print(root.get("tests"), root.get("failures"), root.get("errors"), len(cases),
      sum(1 for c in cases if c.find("failure") is not None), sum(1 for c in cases if c.find("error") is not None))
)py",
                           xml);
  // ok.yaml: 1 passing case; warn.yaml: visits-reason-missing + unknown-key; broken.yaml: the
  // syntax error as <error>, and the wrong-type finding before it (version: [) as a failure; and
  // ok.yaml's and warn.yaml's cert-no-registry notes (no registry governs them) as passing cases
  CHECK(out == "6 3 1 6 3 1\n");
}

TEST_CASE("ci: GitHub workflow commands escape %, :, , and newlines") {
  CHECK(github_escape("a%b:c,d\ne\rf", false) == "a%25b:c,d%0Ae%0Df");
  CHECK(github_escape("a%b:c,d\ne", true) == "a%25b%3Ac%2Cd%0Ae");
  ValidateResult r;
  Finding f;
  f.rule = "level-fee";
  f.severity = Severity::error;
  f.location = Location{"catalogs/a,b:c.yaml", 3, 5, {}, false};
  f.message_zh = "收费 100%: 每件10元,\n另收";
  f.related.push_back(Location{"catalogs/p.yaml", 7, 1, "参照项", true});
  r.findings.push_back(f);
  CHECK(format_github(r, CiOptions{}) == "::error file=catalogs/a%2Cb%3Ac.yaml,line=3,col=5,title=level-fee::收费 "
                                         "100%25: 每件10元,%0A另收%0A参照: catalogs/p.yaml:7:1 (参照项)\n");
}

TEST_CASE("ci: with GITHUB_STEP_SUMMARY set, the github format appends a Markdown summary") {
  TempDir d;
  auto f = d.file("warn.yaml", test::catalog_yaml("    visits: 1\n"));
  d.file("registry.yaml", "kind: certificates\nversion: 1\nscope: \"000000\"\n"); // governs it (cert-no-registry)
  auto summary = d.file("summary.md", "# earlier step\n");
  ::setenv("GITHUB_STEP_SUMMARY", summary.c_str(), 1);
  auto r = run_cli({"validate", "--format", "github", f});
  ::unsetenv("GITHUB_STEP_SUMMARY");
  CHECK(r.out.rfind("::warning file=", 0) == 0);
  std::string text = test::read_file(summary);
  CHECK(text.rfind("# earlier step\n## shitong 目录检查\n", 0) == 0);
  CHECK(text.find("| [`visits-reason-missing`](docs/rules.md#visits-reason-missing) | 0 | 1 | 0 |") !=
        std::string::npos);
}

TEST_CASE("ci: --report writes several formats from one run") {
  TempDir d;
  auto f = d.file("warn.yaml", test::catalog_yaml("    visits: 1\n"));
  auto r = run_cli({"validate", "--report", "sarif=" + (d.path / "a.sarif").string(), "--report",
                    "html=" + (d.path / "a.html").string(), "--report", "markdown=" + (d.path / "a.md").string(), f});
  CHECK(r.code == 0);
  CHECK(test::read_file((d.path / "a.sarif").string()).find("\"ruleId\": \"visits-reason-missing\"") !=
        std::string::npos);
  CHECK(test::read_file((d.path / "a.html").string()).rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(test::read_file((d.path / "a.md").string()).find("visits-reason-missing") != std::string::npos);
  CHECK(run_cli({"validate", "--report", "pdf=x.pdf", f}).code == 2);
}

TEST_CASE("ci: baseline round trip") {
  TempDir d;
  std::string y = test::catalog_yaml("    visits: 1\n");
  auto f = d.file("repo/c.yaml", y);
  auto base = (d.path / "base.json").string();
  REQUIRE(run_cli({"baseline", "-o", base, (d.path / "repo").string()}).code == 0);
  // unchanged: nothing new
  auto same = run_cli({"validate", "--baseline", base, (d.path / "repo").string()});
  CHECK(same.out.find("[visits-reason-missing]") == std::string::npos);
  CHECK(same.code == 0);
  // an unrelated edit moves lines: still nothing new
  std::string moved = y;
  moved.replace(moved.find("items:\n"), 7, "publisher: 济南市历下区行政审批服务局\nitems:\n");
  d.file("repo/c.yaml", moved);
  auto after_edit = run_cli({"validate", "--baseline", base, (d.path / "repo").string()});
  CHECK(after_edit.out.find("[") == std::string::npos);
  CHECK(after_edit.err.find("基线") == std::string::npos); // no stale-entry note (the upper catalogs are noted)
  // a new violation: exactly one new finding
  d.file("repo/c.yaml", moved + "    channels: [窗口办理, 窗口受理]\n");
  auto added = run_cli({"validate", "--baseline", base, (d.path / "repo").string()});
  CHECK(added.out.find("[bad-enum]") != std::string::npos);
  CHECK(added.out.find("：1 个错误，0 个警告，0 个提示") != std::string::npos);
  // fix the baselined one: listed as stale
  std::string fixed = moved;
  fixed.replace(fixed.find("    visits: 1\n"), 14, "    visits: 1\n    visits_reason: 核验原件\n");
  d.file("repo/c.yaml", fixed);
  auto stale = run_cli({"validate", "--baseline", base, (d.path / "repo").string()});
  CHECK(stale.code == 0);
  CHECK(stale.err.find("shitong: note: 基线条目已不再出现（已修复？请更新基线）: visits-reason-missing 370102 "
                       "370100123001 items[0].visits") != std::string::npos);
  (void)f;
}

TEST_CASE("ci: --changed-since reports what a change can affect, in a git repository made here") {
  if (std::system("git --version > /dev/null 2>&1") != 0) return;
  TempDir d;
  auto dir = d.str();
  std::string city = test::read_file(k_catalogs + "/山东省/370100-济南市.yaml");
  std::string county = test::read_file(k_catalogs + "/山东省/370102-历下区.yaml");
  std::string other = test::read_file(k_catalogs + "/河南省/411224-卢氏县.yaml");
  d.file("c/370100.yaml", city);
  d.file("c/370102.yaml", county);
  d.file("c/411224.yaml", other);
  std::string git = "cd '" + dir +
                    "' && git init -q && git -c user.email=t@t -c user.name=t add -A && git -c user.email=t@t -c "
                    "user.name=t commit -qm base";
  REQUIRE(std::system(git.c_str()) == 0);
  // change the city only: the county below it is affected, 卢氏县 (another province) is not
  std::string changed = city;
  changed.replace(changed.find("promised: "), 12, "promised: 9\n");
  d.file("c/370100.yaml", changed);
  std::string cmd =
      "cd '" + dir + "' && '" SHITONG_BINARY "' validate --no-config --changed-since HEAD c > out.txt 2> err.txt";
  int rc = std::system(cmd.c_str());
  std::string out = test::read_file(dir + "/out.txt");
  CAPTURE(out);
  CAPTURE(test::read_file(dir + "/err.txt"));
  CHECK(WEXITSTATUS(rc) == 1);
  CHECK(out.find("c/370102.yaml") != std::string::npos); // the county's references changed
  CHECK(out.find("c/411224.yaml") == std::string::npos); // unaffected
  std::string all = "cd '" + dir + "' && '" SHITONG_BINARY "' validate --no-config c > all.txt";
  std::system(all.c_str());
  CHECK(test::read_file(dir + "/all.txt").find("c/411224.yaml") != std::string::npos);
  // with a baseline of the whole tree: entries outside the change are not "no longer occurring"
  TempDir b;
  std::string base = (b.path / "base.json").string();
  REQUIRE(run_cli({"baseline", "--no-config", "-o", base, dir + "/c"}).code == 0);
  std::string with_base = "cd '" + dir +
                          "' && '" SHITONG_BINARY "' validate --no-config --changed-since HEAD --baseline '" + base +
                          "' c > out2.txt 2> err2.txt";
  std::system(with_base.c_str());
  CAPTURE(test::read_file(dir + "/err2.txt"));
  CHECK(test::read_file(dir + "/err2.txt").find("基线条目已不再出现") == std::string::npos);
  // a baselined finding inside the change that is fixed is still noted
  std::string fixed = changed;
  fixed.replace(fixed.find("11370100mb2859521h"), 18, "11370100MB2859521H");
  d.file("c/370100.yaml", fixed);
  std::system(with_base.c_str());
  CHECK(test::read_file(dir + "/err2.txt").find("基线条目已不再出现（已修复？请更新基线）: agency-code-case 370100") !=
        std::string::npos);
  std::string bad =
      "cd '" + dir + "' && '" SHITONG_BINARY "' validate --no-config --changed-since no-such-rev c > /dev/null 2>&1";
  CHECK(WEXITSTATUS(std::system(bad.c_str())) == 2);
}

TEST_CASE("ci: the recipe command lines of docs/ci.md run on catalogs/") {
  TempDir d;
  std::string dir = d.str();
  auto sh = [&](const std::string &cmdline) {
    std::string cmd = "cd '" + test::k_source_dir + "' && " + cmdline + " > '" + dir + "/out.txt' 2>&1";
    return WEXITSTATUS(std::system(cmd.c_str()));
  };
  std::string bin = SHITONG_BINARY;
  // GitHub Actions step
  CHECK(sh(bin + " validate --format github --report sarif=" + dir + "/shitong.sarif --report junit=" + dir +
           "/shitong-junit.xml") == 1);
  CHECK(test::read_file(dir + "/out.txt").rfind("::", 0) == 0);
  CHECK(test::read_file(dir + "/shitong.sarif").find("\"version\": \"2.1.0\"") != std::string::npos);
  // GitLab job
  CHECK(sh(bin + " validate --report junit=" + dir + "/j.xml --report markdown=" + dir + "/s.md --report html=" + dir +
           "/s.html") == 1);
  CHECK(test::read_file(dir + "/s.md").rfind("## shitong 目录检查", 0) == 0);
  // pre-commit hook entry (.pre-commit-hooks.yaml)
  CHECK(sh(bin + " validate --color never") == 1);
  CHECK(test::read_file(dir + "/out.txt").find("\033[") == std::string::npos);
}

TEST_CASE("output: -o to a device writes to it and never replaces it, a symlink is followed, a directory is an error") {
  TempDir d;
  auto dev = (d.path / "null").string();
  if (::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) { // a copy of /dev/null (needs root)
    CHECK(write_file_atomic(dev, "report\n").empty());
    struct stat st {};
    REQUIRE(::stat(dev.c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
  }
  auto real = d.file("real.txt", "old\n");
  auto link = (d.path / "link.txt").string();
  REQUIRE(::symlink(real.c_str(), link.c_str()) == 0);
  CHECK(write_file_atomic(link, "new\n").empty());
  CHECK(test::read_file(real) == "new\n");
  struct stat lst {};
  REQUIRE(::lstat(link.c_str(), &lst) == 0);
  CHECK(S_ISLNK(lst.st_mode));
  CHECK(write_file_atomic(d.str(), "x") == d.str() + " is a directory");
}
