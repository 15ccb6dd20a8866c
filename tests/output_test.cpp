// The output policy (issue 12): every command that writes a file refuses to write onto an input
// or a catalog, refuses to replace a file without --force, rejects an extension that does not
// fit the format, and names the real cause. The read-only folder case is output_readonly_test.sh.
#include "support.hpp"

#include <doctest/doctest.h>

#include <shitong/output.hpp>

#include <fmt/format.h>

#include <filesystem>

using namespace shitong;
using test::run_cli;
using test::TempDir;

namespace {
const std::string k_catalogs = test::k_source_dir + "/catalogs";

/// A copy of the bundled catalogs (so that a broken policy cannot damage the source tree).
std::string copy_catalogs(const TempDir &d) {
  auto to = d.path / "catalogs";
  std::filesystem::copy(k_catalogs, to, std::filesystem::copy_options::recursive);
  return to.string();
}

bool has(const std::string &s, const std::string &part) {
  return s.find(part) != std::string::npos;
}

/// The commands that write one file with -o, each with its inputs and a fitting extension.
struct Writer {
  std::vector<std::string> args; ///< before -o
  std::string ext;               ///< a fitting extension
  std::string wrong;             ///< a wrong one
  std::string want;              ///< the extension the message suggests
};

std::vector<Writer> writers(const std::string &cats) {
  return {
      {{"validate", "--no-config", "--no-cache", "-j", "2", cats}, "txt", "md", "txt"},
      {{"validate", "--no-config", "--no-cache", "-j", "2", "-f", "sarif", cats}, "sarif", "xml", "sarif"},
      {{"diff", "-j", "2", cats}, "txt", "html", "txt"},
      {{"diff", "-j", "2", "-f", "html", cats}, "html", "txt", "html"},
      {{"certs", "-j", "2", cats}, "txt", "json", "txt"},
      {{"certs", "-j", "2", "--graph", "dot", cats}, "dot", "svg", "dot"},
      {{"baseline", "--no-config", "-j", "2", cats}, "json", "txt", "json"},
      {{"publish", "--no-config", "-j", "2", "--allow-errors", cats + "/山东省/370100-济南市.yaml"}, "md", "txt", "md"},
      {{"publish", "--no-config", "-j", "2", "--allow-errors", cats + "/山东省/370100-济南市.yaml"},
       "xlsx",
       "xls",
       "xlsx"},
  };
}

std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}
} // namespace

TEST_CASE("output: every command's -o refuses an input file and leaves it untouched") {
  TempDir d;
  std::string cats = copy_catalogs(d);
  std::string county = cats + "/山东省/370102-历下区.yaml";
  std::string before = test::read_file(county);
  for (const auto &w : writers(cats)) {
    CAPTURE(w.args);
    for (bool force : {false, true}) {
      auto args = with(w.args, {"-o", county});
      if (force) args.push_back("--force");
      auto r = run_cli(args);
      CHECK(r.code == 2);
      // publish reads the city only: the county is then protected as a catalog of the repository
      CHECK((has(r.err, "370102-历下区.yaml 是本次运行的输入") ||
             has(r.err, "370102-历下区.yaml 是目录仓库中的事项目录（kind: catalog）")));
      CHECK(test::read_file(county) == before);
    }
  }
  // a catalog that is not among the inputs is protected too (it is a catalog of the repository)
  std::string other = cats + "/河南省/411224-卢氏县.yaml";
  std::string other_before = test::read_file(other);
  auto r = run_cli({"validate", "--no-config", "--no-cache", cats + "/山东省", "-o", other, "--force"});
  CHECK(r.code == 2);
  CHECK(has(r.err, "411224-卢氏县.yaml 是目录仓库中的事项目录（kind: catalog），不会被报告覆盖"));
  CHECK(test::read_file(other) == other_before);
  // --report and the baseline read by validate are inputs as well
  auto rep = run_cli({"validate", "--no-config", "--no-cache", cats, "--report", "json=" + county});
  CHECK(rep.code == 2);
  CHECK(test::read_file(county) == before);
  auto en = run_cli({"validate", "--lang", "en", "--no-config", "--no-cache", cats, "-o", county});
  CHECK(has(en.err, "370102-历下区.yaml is an input of this run"));
}

TEST_CASE("output: every command's -o refuses to replace an existing file without --force") {
  TempDir d;
  std::string cats = copy_catalogs(d);
  int n = 0;
  for (const auto &w : writers(cats)) {
    CAPTURE(w.args);
    std::string target = d.file(fmt::format("out{}.{}", ++n, w.ext), "mine\n");
    auto r = run_cli(with(w.args, {"-o", target}));
    CHECK(r.code == 2);
    CHECK(has(r.err, fmt::format("out{}.{} 已存在，未写入（确需替换时加 --force）", n, w.ext)));
    CHECK(test::read_file(target) == "mine\n");
    auto forced = run_cli(with(w.args, {"-o", target, "--force"}));
    CHECK(forced.code != 2);
    CHECK(test::read_file(target) != "mine\n");
  }
}

TEST_CASE("output: every command's -o rejects an extension that does not fit the format") {
  TempDir d;
  std::string cats = copy_catalogs(d);
  for (const auto &w : writers(cats)) {
    CAPTURE(w.args);
    std::string target = (d.path / ("report." + w.wrong)).string();
    auto r = run_cli(with(w.args, {"-o", target}));
    CHECK(r.code == 2);
    CHECK(has(r.err, fmt::format("：扩展名 .{} 与输出格式", w.wrong)));
    CHECK(has(r.err, fmt::format("是否应为 .{}？", w.want)));
    CHECK(!std::filesystem::exists(target));
  }
  // the observation of issue 12: publish -o 清单.xls wrote Markdown and exited 0
  auto xls = run_cli({"publish", "--no-config", "--allow-errors", cats + "/山东省/370100-济南市.yaml", "-o",
                      (d.path / "清单.xls").string()});
  CHECK(xls.code == 2);
  CHECK(has(xls.err, "清单.xls：扩展名 .xls 与输出格式 md 不符；是否应为 .xlsx？"));
  auto en = run_cli({"publish", "--lang", "en", "--no-config", "--allow-errors", cats + "/山东省/370100-济南市.yaml",
                     "-o", (d.path / "list.txt").string()});
  CHECK(has(en.err, "list.txt: the extension .txt does not fit the format md; did you mean .md?"));
  // devices always fit
  auto dev = run_cli({"certs", "-j", "2", cats, "-o", "/dev/null"});
  CHECK(dev.code == 1);
  CHECK(dev.err.empty());
}

TEST_CASE("output: publish into existing output folder files and schema --write need --force") {
  TempDir d;
  std::string cats = copy_catalogs(d);
  auto out = d.path / "lists";
  auto first = run_cli({"publish", "--no-config", "--allow-errors", "-j", "2", cats + "/山东省", "-o", out.string()});
  REQUIRE(first.code == 0);
  auto again = run_cli({"publish", "--no-config", "--allow-errors", "-j", "2", cats + "/山东省", "-o", out.string()});
  CHECK(again.code == 2);
  CHECK(has(again.err, "已存在，未写入（确需替换时加 --force）；未写入任何文件"));
  CHECK(
      run_cli({"publish", "--no-config", "--allow-errors", "-j", "2", cats + "/山东省", "-o", out.string(), "--force"})
          .code == 0);
  auto schemas = d.path / "schemas";
  REQUIRE(run_cli({"schema", "--write", schemas.string()}).code == 0);
  auto s2 = run_cli({"schema", "--write", schemas.string()});
  CHECK(s2.code == 2);
  CHECK(has(s2.err, "catalog.schema.json 已存在，未写入（确需替换时加 --force）"));
  CHECK(run_cli({"schema", "--write", schemas.string(), "--force"}).code == 0);
}

TEST_CASE("output: check_output names a missing folder under a file, and accepts a new folder") {
  TempDir d;
  OutputPolicy p;
  std::string file = d.file("plain.txt", "x");
  CHECK(check_output(file + "/sub/out.txt", "text", p) ==
        fmt::format("无法写入 {}/sub/out.txt：{} 不是文件夹", file, file));
  CHECK(check_output((d.path / "new" / "deeper" / "out.txt").string(), "text", p).empty());
  CHECK(check_output(d.str(), "text", p) == fmt::format("{} 是文件夹，请给出文件名", d.str()));
  CHECK(output_extensions("xlsx") == std::vector<std::string>{"xlsx"});
  // a new folder given relative to the current one ("新目录/清单.html", import -o 新目录)
  CHECK(check_output("shitong-no-such-folder-here/out.txt", "text", p).empty());
  CHECK(check_output("shitong-no-such-folder-here/deeper/370102-历下区.yaml", "yaml", p).empty());
}

TEST_CASE("output: import -o into a new folder given relative to the current one") {
  TempDir d;
  std::string csv = d.file("370102.csv", "事项名称,事项编码\n食品经营许可,370100105001\n");
  std::string cmd = "cd '" + d.str() + "' && '" SHITONG_BINARY "' import 370102.csv -o 新目录 2> err.txt";
  CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 0);
  CAPTURE(test::read_file(d.str() + "/err.txt"));
  CHECK(std::filesystem::exists(d.path / "新目录" / "370102-历下区.yaml"));
}
