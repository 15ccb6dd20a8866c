// Hostile inputs: every one must give a finding (or load cleanly when it is valid), never a
// crash or a hang, and one bad file never stops the others. Large cases are generated here.
#include "support.hpp"

#include <shitong/report.hpp>
#include <shitong/validate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

extern char **environ;

using namespace shitong;

namespace {

std::string big_catalog(std::size_t target_bytes) {
  std::string out =
      "kind: catalog\nversion: 1\nregion:\n  code: \"370102\"\n  name: 济南市历下区\n  level: county\nitems:\n";
  for (int i = 0; out.size() < target_bytes; ++i)
    out += fmt::format(
        "  - code: \"3701{:05d}000\"\n    name: 食品经营许可{}\n    type: 行政许可\n    legal_basis:\n"
        "      - law: 中华人民共和国食品安全法\n        article: 第三十五条\n    materials:\n"
        "      - name: 食品经营许可申请书\n        type: 表格\n        form: 原件\n        copies: 1\n"
        "      - name: 营业执照\n        type: 证照\n        source: 政府部门核发\n        issuer: 市场监督管理部门\n"
        "    process: [申请, 受理, 审查, 决定, 送达]\n    fee:\n      charged: false\n    time_limit:\n"
        "      legal: 20\n      promised: 5\n    forms:\n      - name: 食品经营许可申请表\n"
        "        fields: [经营者名称, 统一社会信用代码, 法定代表人, 住所, 经营场所]\n    visits: 0\n"
        "    channels: [网上办理]\n",
        i % 100000, i);
  return out;
}

std::string alias_bomb() {
  std::string s = "kind: catalog\nversion: 1\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", "
                  "\"lol\", \"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    s += fmt::format("{}: &{} [", c, c);
    for (int k = 0; k < 9; ++k) s += fmt::format("{}*{}", k ? ", " : "", static_cast<char>(c - 1));
    s += "]\n";
  }
  return s;
}

} // namespace

TEST_CASE("hostile: a corpus of bad files each gets a finding, and the run goes on") {
  test::TempDir d;
  std::map<std::string, std::string> files = {
      {"alias-bomb.yaml", alias_bomb()},
      {"deep-nesting.yaml",
       "kind: catalog\nversion: 1\nx: " + std::string(200000, '[') + std::string(200000, ']') + "\n"},
      {"deep-mapping.yaml",
       [] {
         std::string s = "kind: catalog\nversion: 1\n";
         for (int i = 0; i < 5000; ++i) s += std::string(static_cast<std::size_t>(i) * 2 % 4000, ' ') + "k:\n";
         return s;
       }()},
      {"tabs.yaml", "kind: catalog\nversion: 1\nregion:\n\tcode: \"370102\"\n"},
      {"gbk.yaml", "kind: catalog\nversion: 1\nregion:\n  name: \xC0\xFA\xCF\xC2\xC7\xF8\n"},
      {"utf16.yaml", std::string("\xFF\xFEk\0i\0n\0d\0:\0 \0c\0", 16)},
      {"empty.yaml", ""},
      {"comments-only.yaml", "# nothing here\n"},
      {"bom-empty.yaml", "\xEF\xBB\xBF"},
      {"nul.yaml", std::string("kind: catalog\0\n", 15)},
      {"binary.yaml", std::string("\x7F"
                                  "ELF\x02\x01\x01\x00\x00\x00",
                                  10)},
      {"list-root.yaml", "- kind: catalog\n"},
      {"scalar-root.yaml", "just text\n"},
      {"unclosed.yaml", "kind: catalog\nversion: 1\nregion: {code: \"370102\"\n"},
      {"unclosed-quote.yaml", "kind: catalog\nversion: 1\nregion:\n  name: \"历下区\n"},
      {"two-docs.yaml", test::catalog_yaml() + "---\nkind: catalog\n"},
      {"dup-keys.yaml", "kind: catalog\nkind: catalog\nversion: 1\n"},
      {"long-line.yaml", "kind: catalog\nversion: 1\nregion:\n  code: \"370102\"\n  name: " +
                             std::string(2000000, 'x') + "\n  level: county\nitems: []\n"},
      {"control-chars.yaml", "kind: catalog\nversion: 1\nregion:\n  name: a\x01z\n"},
      {"no-kind.yaml", "version: 1\nitems: []\n"},
      {"wrong-shapes.yaml", "kind: catalog\nversion: [1]\nregion: 370102\nitems: {a: b}\n"},
  };
  for (auto &[name, content] : files) d.file("bad/" + name, content);
  std::string good_yaml = test::catalog_yaml();
  good_yaml.replace(good_yaml.find("370102"), 6, "370112"); // another region: no region-duplicate
  auto good = d.file("bad/zz-good.yaml", good_yaml);
  ValidateOptions opt;
  opt.paths = {(d.path / "bad").string()};
  opt.jobs = 2;
  auto start = std::chrono::steady_clock::now();
  auto r = validate(opt);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 10.0);
  CHECK(r.errors.empty());
  std::map<std::string, int> per_file;
  for (auto &f : r.findings) per_file[std::filesystem::path(f.location.file).filename().string()]++;
  for (const auto &entry : files) { // not a structured binding: clang 14 cannot capture one (CAPTURE)
    const std::string &name = entry.first;
    CAPTURE(name);
    CHECK(per_file[name] >= 1);
  }
  CHECK(per_file["zz-good.yaml"] == 1); // only cert-no-registry: no registry governs it
  for (auto &f : r.findings)
    if (std::filesystem::path(f.location.file).filename() == "zz-good.yaml") CHECK(f.rule == "cert-no-registry");
  CHECK(r.summary.files == files.size() + 1);
  (void)good;
}

TEST_CASE("hostile: a 50 MB catalog loads without findings") {
  test::TempDir d;
  auto path = d.file("big.yaml", big_catalog(50u << 20));
  ValidateOptions opt;
  opt.paths = {path};
  opt.jobs = 1;
  auto r = validate(opt);
  REQUIRE(r.findings.size() == 1); // the note that no proof registry governs it
  CHECK(r.findings[0].rule == "cert-no-registry");
  CHECK(r.summary.items > 40000);
}

TEST_CASE("hostile: a directory of 1,000 files") {
  test::TempDir d;
  for (int i = 0; i < 1000; ++i) {
    std::string y = test::catalog_yaml(i % 100 == 0 ? "    visits: 1\n" : "");
    d.file(fmt::format("many/{:03d}/c{:04d}.yaml", i / 100, i), y);
  }
  ValidateOptions opt;
  opt.paths = {(d.path / "many").string()};
  auto r = validate(opt);
  CHECK(r.summary.files == 1000);
  std::size_t reasons = 0, dups = 0;
  for (auto &f : r.findings) {
    reasons += f.rule == "visits-reason-missing";
    dups += f.rule == "region-duplicate";
  }
  CHECK(reasons == 10);
  CHECK(dups == 999); // one region, 1,000 catalogs
}

TEST_CASE("hostile: a file over the size limit is reported without being read, with or without the cache") {
  test::TempDir d;
  auto big = d.file("tree/huge.yaml", "");
  std::filesystem::resize_file(big, (600ull << 20)); // sparse: no disk space, nothing to read
  d.file("tree/zz-good.yaml", test::catalog_yaml());
  for (bool cached : {false, true, true}) {
    ValidateOptions opt;
    opt.paths = {(d.path / "tree").string()};
    if (cached) opt.cache_dir = (d.path / "cache").string();
    auto r = validate(opt);
    CHECK(r.errors.empty());
    REQUIRE(r.findings.size() >= 1);
    bool found = false;
    for (const auto &f : r.findings)
      found = found || (f.rule == "yaml-syntax" && f.location.file == big &&
                        f.message_en == "file too large (600 MB, limit 512 MB); not read");
    CHECK(found);
    CHECK(r.summary.files == 2);
  }
}

// ---- bounded: each case runs the real binary in a child and asserts its time and peak memory
// (getrusage of the child). Under sanitizers, which slow everything down and add shadow memory,
// the bounds are scaled.
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr double k_slow = 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double k_slow = 10;
#else
constexpr double k_slow = 1;
#endif
#else
constexpr double k_slow = 1;
#endif

struct Bounded {
  int status = -1;
  double seconds = 0;
  double megabytes = 0; ///< peak resident set of the child
  std::string out;
};

/// Runs `shitong validate --no-cache -j 1 -f json <args…>` with stdout to a file.
Bounded run_bounded(const test::TempDir &d, std::vector<std::string> args) {
  std::string out_path = (d.path / "out.json").string();
  std::vector<std::string> argv = {SHITONG_BINARY, "validate", "--no-cache", "-j", "1", "-f", "json", "-o", out_path};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char *> cargv;
  for (auto &a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  Bounded b;
  REQUIRE(::posix_spawn(&pid, SHITONG_BINARY, nullptr, nullptr, cargv.data(), environ) == 0);
  struct rusage ru {};
  REQUIRE(::wait4(pid, &b.status, 0, &ru) == pid);
  b.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  b.megabytes = static_cast<double>(ru.ru_maxrss) / 1024.0;
  b.out = test::read_file(out_path);
  return b;
}

void check_bounds(const Bounded &b, double seconds = 2.0, double megabytes = 200.0) {
  CHECK(WIFEXITED(b.status));
  CHECK(WEXITSTATUS(b.status) <= 1); // findings, not a failure of the run
  CHECK(b.seconds < seconds * k_slow);
  CHECK(b.megabytes < megabytes * k_slow);
  MESSAGE(fmt::format("{:.2f} s, {:.0f} MB", b.seconds, b.megabytes));
}

std::size_t count(const std::string &hay, const std::string &needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

const char *k_header =
    "kind: catalog\nversion: 1\nregion:\n  code: \"370102\"\n  name: 济南市历下区\n  level: county\n";

} // namespace

TEST_CASE("hostile bounded: a findings flood lists 1000 findings and one limit finding") {
  test::TempDir d;
  std::string y = std::string(k_header) + "items:\n";
  for (int i = 0; i < 200000; ++i) y += "  - {}\n"; // each item misses every required key
  d.file("c/flood.yaml", y);
  Bounded b = run_bounded(d, {"--no-config", (d.path / "c").string()});
  check_bounds(b);
  CHECK(count(b.out, "\"rule\": \"missing-field\"") == 1000);
  CHECK(count(b.out, "\"rule\": \"limit\"") == 2); // reading stopped, and the rest not listed
  CHECK(b.out.find("本文件另有") != std::string::npos);
}

TEST_CASE("hostile bounded: long names are cut at the text length limit, each reported") {
  test::TempDir d;
  std::string y = test::catalog_yaml();
  std::string name(4u << 20, 'x');
  y.replace(y.find("name: 食品经营许可\n"), std::string("name: 食品经营许可").size(), "name: " + name);
  d.file("c/long.yaml", y);
  Bounded b = run_bounded(d, {"--no-config", "--lang", "en", (d.path / "c").string()});
  check_bounds(b);
  // the item is named by the first 40 characters of its name, not by 4,000 (or 4 million)
  CHECK(b.out.find("item 1 (" + std::string(40, 'x') +
                   "…), name is 4194304 characters long, over the text length limit of 4000; only the first "
                   "4000 are checked (raise limits.text_length in .shitong.yaml)") != std::string::npos);
}

TEST_CASE("hostile bounded: pattern bombs in a registry and in code_pattern on many long materials") {
  test::TempDir d;
  d.file("repo/.shitong.yaml", "code_pattern: \"(a|aa)*$\"\n");
  d.file("repo/证明事项/370000.yaml", "kind: certificates\nversion: 1\nscope: \"370000\"\nodd:\n"
                                      "  - pattern: \"(a|aa)*$\"\n    reason: 炸弹\n"
                                      "  - pattern: \"(x+x+)+y\"\n    reason: 炸弹\n"
                                      "  - pattern: \"(a*)*b\"\n    reason: 炸弹\n");
  std::string y = std::string(k_header) + "parent: \"370100\"\nitems:\n";
  for (int i = 0; i < 50; ++i) {
    y += fmt::format("  - code: \"{}\"\n    name: 事项{}\n    type: 行政许可\n    materials:\n", std::string(3000, 'a'),
                     i);
    for (int m = 0; m < 40; ++m) y += fmt::format("      - name: {}{}\n", std::string(3000, m % 2 ? 'a' : 'x'), m);
  }
  d.file("repo/370102.yaml", y);
  Bounded b = run_bounded(d, {"--config", (d.path / "repo/.shitong.yaml").string(), (d.path / "repo").string()});
  check_bounds(b);
  CHECK(count(b.out, "\"rule\": \"cert-odd\"") > 0);
}

TEST_CASE("hostile bounded: many materials against a parent with as many") {
  test::TempDir d;
  auto catalog = [&](const char *code, const char *name, const char *level, const char *parent, int shift) {
    std::string y =
        fmt::format("kind: catalog\nversion: 1\nregion:\n  code: \"{}\"\n  name: {}\n  level: {}\n{}items:\n", code,
                    name, level, parent);
    y += "  - code: \"370100105001\"\n    name: 食品经营许可\n    type: 行政许可\n    materials:\n";
    for (int m = 0; m < 8000; ++m)
      y += fmt::format("      - name: 材料{}{}\n        type: 表格\n        form: 原件\n", m + shift,
                       std::string(100, 'm'));
    return y;
  };
  d.file("repo/370100.yaml", catalog("370100", "济南市", "city", "", 0));
  d.file("repo/370102.yaml", catalog("370102", "济南市历下区", "county", "parent: \"370100\"\n", 4000));
  Bounded b = run_bounded(d, {"--no-config", (d.path / "repo").string()});
  check_bounds(b);
  CHECK(count(b.out, "\"rule\": \"limit\"") >= 1); // 4,000 materials added, 4,000 removed: 1000 listed
}

TEST_CASE("hostile bounded: a crafted config (a million-character key, 20,000 unknown rules)") {
  test::TempDir d;
  std::string c = "? " + std::string(1u << 20, 'k') + "\n: 1\nrules:\n"; // an explicit key: no 1024 limit
  for (int i = 0; i < 20000; ++i) c += fmt::format("  no-such-rule-{}: off\n", i);
  c += "ignore:\n";
  for (int i = 0; i < 5000; ++i) c += fmt::format("  - rule: bogus-{}\n    reason: x\n", i);
  auto cfg = d.file("repo/.shitong.yaml", c);
  d.file("repo/370102.yaml", test::catalog_yaml());
  Bounded b = run_bounded(d, {"--config", cfg, (d.path / "repo").string()});
  check_bounds(b);
  CHECK(count(b.out, "\"rule\": \"config\"") == 1000);
}

TEST_CASE("hostile bounded: inline ignore comments on every line of a large catalog") {
  test::TempDir d;
  std::string y = std::string(k_header) + "items:\n";
  for (int i = 0; i < 20000; ++i)
    y += fmt::format("  - code: \"x{}\" # shitong-ignore: code-format 测试\n    name: 事项{}\n    type: 行政许可\n", i,
                     i);
  d.file("c/370102.yaml", y);
  Bounded b = run_bounded(d, {"--no-config", (d.path / "c").string()});
  check_bounds(b, 4.0);
}

TEST_CASE("hostile bounded: one item with 50,000 materials under a proof registry") {
  // each material's canonical name was searched linearly among the item's earlier ones
  test::TempDir d;
  d.file("repo/证明事项/370000.yaml", "kind: certificates\nversion: 1\nscope: \"370000\"\nretained:\n"
                                      "  - name: 无犯罪记录证明\n    issuer: 公安机关\n");
  std::string y = std::string(k_header) + "parent: \"370100\"\nitems:\n  - code: \"370100105001\"\n"
                                          "    name: 食品经营许可\n    type: 行政许可\n    materials:\n";
  for (int m = 0; m < 50000; ++m) y += fmt::format("      - name: 材料{:06d}\n        type: 表格\n", m);
  d.file("repo/370102.yaml", y);
  Bounded b = run_bounded(d, {"--no-config", (d.path / "repo").string()});
  check_bounds(b);
}

// ---- output size: every report writer is linear in the size of what it writes (issue 13: the
// shared path helper of the CI writers, relative(), made every path canonical with a stat() per
// prefix, for every finding and related location -- seconds for 100,000 findings, and quadratic
// in a path's depth). 100,000 findings in 100 files 150 folders deep, values holding what each
// writer must escape; each format must write its 40-200 MB at no less than 6 MB/s (8 s per
// 50 MB: generous for a loaded 2-core machine; before the fix Markdown took 13 s for 0.1 MB).
TEST_CASE("hostile: 50 MB of findings output in linear time, in every format") {
  ValidateResult r;
  const std::string value = "食品经营许可\x1b[31m[链接](javascript:alert(1))<b>&\"'\xe2\x80\xa8|`\\*_\x01";
  for (int f = 0; f < 100; ++f) {
    LoadedFile lf;
    std::string deep; // 150 folders deep: the old relative() did a stat() per prefix, per finding
    for (int k = 0; k < 150; ++k) deep += "d/";
    lf.path = fmt::format("/repo/370100-济南市/{}3701{:02d}-区县{}.yaml", deep, f % 100, f);
    r.files.push_back(lf);
  }
  for (int i = 0; i < 100000; ++i) {
    Finding f;
    f.rule = i % 3 ? "level-materials-added" : "missing-field";
    f.severity = i % 2 ? Severity::error : Severity::warning;
    f.location = {r.files[static_cast<std::size_t>(i / 1000)].path, static_cast<std::uint32_t>(i % 1000 + 1), 5, {}};
    f.region = "370102";
    f.item = fmt::format("37010210500{}", i);
    f.path = fmt::format("items[{}].materials[{}].name", i % 1000, i % 7);
    f.message_zh = fmt::format("材料「{}{}」在上级目录中没有，本级新增（第 {} 项）", value, i, i);
    f.message_en = fmt::format("material '{}{}' is not in the catalog above (item {})", value, i, i);
    f.related.push_back({"/repo/370100-济南市/370100-济南市.yaml", static_cast<std::uint32_t>(i % 5000 + 1), 7, value});
    r.findings.push_back(std::move(f));
  }
  r.summary.files = r.files.size();
  CiOptions ci{false, "/repo"};
  TextOptions text;
  const std::vector<std::pair<const char *, std::function<std::string()>>> formats = {
      {"text", [&] { return format_text(r, text); }},   {"json", [&] { return format_json(r, false); }},
      {"sarif", [&] { return format_sarif(r, ci); }},   {"junit", [&] { return format_junit(r, ci); }},
      {"github", [&] { return format_github(r, ci); }}, {"markdown", [&] { return format_markdown(r, ci); }},
      {"html", [&] { return format_html(r, ci); }},
  };
  for (const auto &format : formats) {
    const char *name = format.first;
    const auto &write = format.second;
    CAPTURE(name);
    auto start = std::chrono::steady_clock::now();
    std::string out = write();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double megabytes = static_cast<double>(out.size()) / 1e6;
    MESSAGE(fmt::format("{}: {:.1f} MB in {:.2f} s", name, megabytes, seconds));
    CHECK(seconds < 8.0 * std::max(1.0, megabytes / 50.0) * k_slow);
    if (std::string_view(name) != "markdown") CHECK(megabytes > 35); // markdown lists the first 100
    CHECK(out.find('\x1b') == std::string::npos);                    // no terminal escape in any
  }
}
