// Hostile inputs: every one must give a finding (or load cleanly when it is valid), never a
// crash or a hang, and one bad file never stops the others. Large cases are generated here.
#include "support.hpp"

#include <shitong/validate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <map>

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
  for (auto &[name, content] : files) {
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
