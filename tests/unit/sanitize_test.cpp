// Every report stays well-formed and inert for any value (lib/src/sanitize.hpp,
// docs/output.md "Escaping"): each writer gets findings whose strings hold what the formats
// forbid, and the output is checked with tests/fuzz/wellformed.hpp and by its exact text.
#include "fuzz/wellformed.hpp"
#include "sanitize.hpp"
#include "util.hpp"

#include <shitong/import.hpp>
#include <shitong/loader.hpp>
#include <shitong/report.hpp>
#include <shitong/validate.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace shitong;

namespace {
// NUL..US, DEL, a C1 control, a bidi override, U+2028, an invalid byte, markup and a link
const std::string k_hostile = std::string("a\0b\x01\x1b[31mred\x7f\xc2\x85\xe2\x80\xae\xe2\x80\xa8\xff", 22) +
                              "<img src=x onerror=alert(1)>[x](javascript:alert(1))&\r\n|`*_";

ValidateResult hostile_result() {
  ValidateResult r;
  Finding f;
  f.rule = "unknown-key";
  f.severity = Severity::warning;
  f.location = Location{"dir/" + k_hostile + ".yaml", 3, 5, {}};
  f.region = k_hostile;
  f.item = k_hostile;
  f.path = k_hostile;
  f.message_zh = "未定义的键「" + k_hostile + "」";
  f.message_en = "unknown key '" + k_hostile + "'";
  f.related.push_back(Location{"other.yaml", 1, 1, k_hostile});
  r.findings.push_back(f);
  r.summary.by_severity[1] = 1;
  LoadedFile lf;
  lf.path = f.location.file;
  r.files.push_back(std::move(lf));
  return r;
}
} // namespace

TEST_CASE("sanitize: each helper, byte for byte") {
  using namespace shitong::detail;
  CHECK(valid_utf8("a\xff\xe6\x96") == "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(terminal_text(std::string("x\0\x1b[2J\t\n\xe2\x80\xae\xc2\x9b", 13)) == "x\\x00\\x1b[2J\\t\\n\\u202e\\u009b");
  CHECK(xml_text(std::string("<a b='c'>&\x01\r\n\t\xef\xbf\xbe", 17)) ==
        "&lt;a b=&#39;c&#39;&gt;&amp;\\x01&#13;\n\t\\ufffe");
  CHECK(markdown_text("[x](javascript:alert(1)) <b>*_`|!#") ==
        "\\[x\\]\\(javascript:alert\\(1\\)\\) &lt;b&gt;\\*\\_\\`\\|\\!\\#");
  CHECK(markdown_text("一\n二\r") == "一<br>二");
  CHECK(terminal_text("a\nb\x1b", true) == "a\nb\\x1b");
}

TEST_CASE("sanitize: every report is well-formed and inert whatever a value holds") {
  ValidateResult r = hostile_result();
  for (bool en : {false, true}) {
    CAPTURE(en);
    std::string text = format_text(r, TextOptions{en, false});
    CHECK(wellformed::terminal_safe(text) == "");
    CHECK(text.find("\\x1b[31mred\\x7f\\u0085\\u202e\\u2028\xef\xbf\xbd") != std::string::npos);
    CHECK(wellformed::terminal_safe(format_text(r, TextOptions{en, true}), true) == "");
    CHECK(wellformed::json(format_json(r, en)) == "");
    CiOptions o;
    o.english = en;
    CHECK(wellformed::json(format_sarif(r, o)) == "");
    std::string junit = format_junit(r, o);
    CHECK(wellformed::xml_chars(junit) == "");
    CHECK(junit.find("<img") == std::string::npos);
    std::string md = format_markdown(r, o);
    CHECK(md.find("](javascript") == std::string::npos);
    CHECK(md.find("<img") == std::string::npos);
    CHECK(md.find("\\[x\\]\\(javascript:alert\\(1\\)\\)") != std::string::npos);
    std::string html = format_html(r, o);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(wellformed::xml_chars(html) == "");
    std::string gh = format_github(r, o);
    CHECK(gh.rfind("::warning ", 0) == 0);
    CHECK(std::count(gh.begin(), gh.end(), '\n') == 1); // one command: no value starts another
  }
}

TEST_CASE("sanitize: JSON escapes U+2028/U+2029 and replaces invalid UTF-8") {
  ValidateResult r;
  Finding f;
  f.rule = "unknown-key";
  f.location = Location{"a.yaml", 1, 1, {}};
  f.message_zh = "x\xe2\x80\xa8y\xe2\x80\xa9z\xc0\xaf";
  r.findings.push_back(f);
  std::string json = format_json(r, false);
  CHECK(json.find("\"message\": \"x\\u2028y\\u2029z\xef\xbf\xbd\xef\xbf\xbd\"") != std::string::npos);
  CHECK(wellformed::json(json) == "");
}

TEST_CASE("positions: lines as editors count them whatever line separators a value holds") {
  // U+2028, U+2029, NEL and a lone CR inside values: libyaml counts each as a line end
  std::string yaml =
      "kind: catalog\nversion: 1\nregion:\n  code: \"370102\"\n  name: \"济南\xe2\x80\xa8市\xe2\x80\xa9历\xc2\x85"
      "下\r区\"\n  level: county\nitems: []\nbogus: 1\n";
  LoadedFile f = load_document("a.yaml", yaml);
  bool found = false;
  for (const auto &x : f.findings)
    if (x.rule == "unknown-key") {
      found = true;
      CHECK(x.location.line == 8);
      CHECK(x.location.column == 1);
    }
  CHECK(found);
}

// the shared helpers of the diff, certs and publish writers (util.hpp) and of their text reports
TEST_CASE("sanitize: Markdown cells of diff/certs/publish make no link, image or markup") {
  std::string cell = detail::md_cell(k_hostile);
  CHECK(cell.find("\\[x\\](javascript:alert(1))") != std::string::npos);
  CHECK(cell.find("<img") == std::string::npos);
  CHECK(cell.find('\x1b') == std::string::npos);
  CHECK(wellformed::terminal_safe(cell).empty());
  // a backslash of the value cannot un-escape the bracket after it
  CHECK(detail::md_cell("\\[a](b)") == "\\\\\\[a\\](b)");
  CHECK(detail::md_cell("a|b`c\nd") == "a\\|b\\`c<br>d");
}

TEST_CASE("sanitize: a whole text report keeps its line feeds and nothing else") {
  CHECK(detail::terminal_lines("a\x1b[2Jb\nc\rd\t") == "a\\x1b[2Jb\nc\\rd\\t");
  CHECK(wellformed::terminal_safe(detail::terminal_lines(k_hostile)).empty());
}

TEST_CASE("sanitize: a diff keeps line feeds, tabs and CRLF line ends — a lone CR and the rest are escaped") {
  CHECK(detail::terminal_diff("-a\x1b[2Jb\r\n+c\rd\te\xE2\x80\xAE\n\r") == "-a\\x1b[2Jb\r\n+c\\rd\te\\u202e\n\\r");
  CHECK(detail::terminal_diff("\r\r\n") == "\\r\r\n");
}

TEST_CASE("sanitize: the import report is terminal-safe text and valid JSON for any cell") {
  ImportResult r;
  ImportNote n;
  n.where = ItemSource{"表格" + k_hostile + ".csv", k_hostile, 12};
  n.column = k_hostile;
  n.message_zh = "无法识别「" + k_hostile + "」";
  n.message_en = "not understood: '" + k_hostile + "'";
  r.not_understood.push_back(n);
  r.skipped.push_back(n);
  for (bool en : {false, true}) {
    CAPTURE(en);
    std::string text = format_import_report(r, {}, en, false);
    CHECK(wellformed::terminal_safe(text).empty());
    CHECK(text.find("\\x1b[31mred") != std::string::npos);
    CHECK(wellformed::json(format_import_report(r, {}, en, true)).empty());
  }
}
