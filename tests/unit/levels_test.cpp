// Level comparison: normalisation, properties of uniformity, hierarchy resolution.
#include "support.hpp"

#include <shitong/diff.hpp>
#include <shitong/levels.hpp>
#include <shitong/validate.hpp>

#include "context.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace shitong;

namespace {

const std::string k_city = test::k_source_dir + "/catalogs/山东省/370100-济南市.yaml";

/// The city catalog re-labelled as one of its counties: an identical copy of the reference.
LoadedFile county_copy(const std::string &code = "370102", const std::string &name = "历下区") {
  std::string text = test::read_file(k_city);
  auto at = text.find("code: \"370100\"");
  text.replace(at, 14, "code: \"" + code + "\"");
  at = text.find("level: city");
  text.replace(at, 11, "level: county");
  auto n = text.find("name: 济南市\n");
  text.replace(n, std::string("name: 济南市").size(), "name: " + name);
  at = text.find("parent: \"370000\"");
  if (at != std::string::npos) text.replace(at, 16, "parent: \"370100\"");
  return load_document("county.yaml", text);
}

LevelReport compare(const LoadedFile &upper, const LoadedFile &lower) {
  return compare_levels({&upper, &lower});
}

std::vector<std::string> rules(const LevelReport &r) {
  std::vector<std::string> out;
  for (auto &f : r.findings) out.push_back(f.rule);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("levels: a catalog compared with an identical copy of its reference is 100% uniform") {
  auto city = load_file(k_city);
  auto county = county_copy();
  REQUIRE(county.findings.empty());
  auto r = compare(city, county);
  REQUIRE(r.nodes.size() == 2);
  CHECK(r.nodes[1].parent == 0);
  CHECK(r.uniformity[1].with_reference == county.catalog.items.size());
  CHECK(r.uniformity[1].identical == r.uniformity[1].with_reference);
  CHECK(r.uniformity[1].ratio() == 1.0);
  CHECK(r.findings.empty());
}

TEST_CASE("levels: permuting items, materials, legal basis and forms changes nothing") {
  auto city = load_file(k_city);
  auto county = county_copy();
  std::mt19937 rng(42);
  auto &items = county.catalog.items.items;
  std::shuffle(items.begin(), items.end(), rng);
  for (auto &it : items) {
    std::shuffle(it.materials.items.begin(), it.materials.items.end(), rng);
    std::shuffle(it.legal_basis.items.begin(), it.legal_basis.items.end(), rng);
    std::shuffle(it.forms.items.begin(), it.forms.items.end(), rng);
  }
  auto r = compare(city, county);
  CHECK(r.findings.empty());
  CHECK(r.uniformity[1].ratio() == 1.0);
}

TEST_CASE("levels: permuting process steps is a level-process difference") {
  auto city = load_file(k_city);
  auto county = county_copy();
  auto &steps = county.catalog.items.items[0].process.items;
  REQUIRE(steps.size() >= 3);
  std::swap(steps[1], steps[2]);
  auto r = compare(city, county);
  CHECK(rules(r) == std::vector<std::string>{"level-process"});
  CHECK(r.uniformity[1].identical == r.uniformity[1].with_reference - 1);
  CHECK(r.uniformity[1].field_mismatch[static_cast<std::size_t>(TenField::process)] == 1);
}

TEST_CASE("levels: full-width brackets, 《》 and article numbers by value compare equal") {
  CHECK(normalize_article("第三十五条") == "第35条");
  CHECK(normalize_article("第35条") == "第35条");
  CHECK(normalize_article("第一百零二条第二款") == "第102条第2款");
  CHECK(normalize_article("第十条") == normalize_article("第10条"));
  CHECK(normalize_article("第二十条") == "第20条");
  CHECK(normalize_law("《中华人民共和国食品安全法》") == "中华人民共和国食品安全法");
  auto city = load_file(k_city);
  auto county = county_copy();
  auto &it = county.catalog.items.items[0];
  it.sub_name.value = "食品经营许可证核发(新办)"; // city: （新办）
  it.legal_basis.items[0].law.value = "《" + it.legal_basis.items[0].law.value + "》";
  it.legal_basis.items[0].article.value = "第35条"; // city: 第三十五条
  auto r = compare(city, county);
  CHECK(r.findings.empty());
}

TEST_CASE("levels: materials added, removed and changed are three rules with both values") {
  auto city = load_file(k_city);
  auto county = county_copy();
  auto &mats = county.catalog.items.items[0].materials.items;
  Material extra = mats[0];
  extra.name.value = "现场照片";
  mats[1].form.value = mats[1].form.value == "原件" ? "复印件" : "原件";
  mats.erase(mats.begin() + 2);
  mats.push_back(extra);
  auto r = compare(city, county);
  CHECK(rules(r) ==
        std::vector<std::string>{"level-materials-added", "level-materials-changed", "level-materials-removed"});
  for (auto &f : r.findings) {
    REQUIRE(f.related.size() == 1);
    CHECK(f.related[0].reference);
    CHECK(f.related[0].file == k_city);
  }
  auto &added =
      *std::find_if(r.findings.begin(), r.findings.end(), [](auto &f) { return f.rule == "level-materials-added"; });
  CHECK(added.message_zh ==
        "申报材料比上级多出「现场照片」（擅自增加材料）；删除它，或在 .shitong.yaml 中登记为经批准的差异");
  CHECK(added.item == "370100105001");
}

TEST_CASE("levels: shorter and longer time limits are different rules") {
  auto city = load_file(k_city);
  auto county = county_copy();
  auto &tl = county.catalog.items.items[0].time_limit;
  long long promised = tl.promised.value;
  tl.promised.value = promised + 1;
  CHECK(rules(compare(city, county)) == std::vector<std::string>{"level-time-limit-longer"});
  tl.promised.value = promised - 1;
  CHECK(rules(compare(city, county)) == std::vector<std::string>{"level-time-limit-shorter"});
  tl.promised.value = promised;
  tl.unit.value = "自然日";
  tl.unit.present = true;
  CHECK(rules(compare(city, county)) == std::vector<std::string>{"level-time-limit-longer"});
}

TEST_CASE("levels: a county whose city is absent follows the province — 直辖市 districts follow the municipality") {
  auto province =
      load_document("p.yaml", "kind: catalog\nversion: 1\nregion: {code: \"370000\", name: 山东省, level: province}\n"
                              "items: []\n");
  auto county = county_copy();
  auto r = compare_levels({&province, &county});
  REQUIRE(r.nodes.size() == 2);
  CHECK(r.nodes[1].chain == std::vector<int>{0});
  auto bj = load_document(
      "bj.yaml", "kind: catalog\nversion: 1\nregion: {code: \"110000\", name: 北京市, level: province}\nitems: []\n");
  auto dc = county_copy("110101", "东城区");
  auto r2 = compare_levels({&bj, &dc});
  CHECK(r2.nodes[1].parent == 0);
}

TEST_CASE("diff: versions report added, removed and changed items field by field") {
  auto old_file = load_file(k_city);
  auto new_file = load_file(k_city);
  auto &items = new_file.catalog.items.items;
  Item removed = items[3];
  items.erase(items.begin() + 3);
  items[0].visits.value += 1;
  items[1].materials.items.pop_back();
  Item added = removed;
  added.code.value = "370100999000";
  items.push_back(added);
  auto d = diff_versions(old_file, new_file);
  REQUIRE(d.changes.size() == 4);
  CHECK(d.changes[0].kind == ItemChange::changed);
  CHECK(d.changes[0].fields.size() == 1);
  CHECK(d.changes[0].fields[0].key == "visits");
  CHECK(d.changes[1].fields[0].key == "materials");
  CHECK(d.changes[1].fields[0].ten);
  CHECK(d.changes[2].kind == ItemChange::removed);
  CHECK(d.changes[2].code == removed.code.value);
  CHECK(d.changes[3].kind == ItemChange::added);
  CHECK(d.changes[3].code == "370100999000");
  CHECK(diff_versions(old_file, old_file).equal());
}

TEST_CASE("levels: the comparison gives the same result on any number of threads") {
  std::vector<std::string> errors, notes;
  auto files = load_files(collect_files({test::k_source_dir + "/catalogs"}, errors, notes), 1);
  std::vector<const LoadedFile *> ptrs;
  for (auto &f : files) ptrs.push_back(&f);
  auto one = compare_levels(ptrs, 1), four = compare_levels(ptrs, 4);
  REQUIRE(one.findings.size() == four.findings.size());
  CHECK(!one.findings.empty());
  for (std::size_t i = 0; i < one.findings.size(); ++i) {
    CHECK(one.findings[i].location.file == four.findings[i].location.file);
    CHECK(one.findings[i].location.line == four.findings[i].location.line);
    CHECK(one.findings[i].message_zh == four.findings[i].message_zh);
  }
  for (std::size_t k = 0; k < one.uniformity.size(); ++k)
    CHECK(one.uniformity[k].identical == four.uniformity[k].identical);
}

// Repository context (docs/context.md): what a run's inputs need of the other files.
namespace {
detail::Header catalog_header(const std::string &code, const std::string &parent = "") {
  detail::Header h;
  h.kind = DocKind::catalog;
  h.readable = true;
  h.region_code.value = code;
  h.region_code.present = true;
  h.region_name = code;
  if (!parent.empty()) {
    h.parent.value = parent;
    h.parent.present = true;
  }
  return h;
}
detail::Header registry_header(const std::string &scope) {
  detail::Header h;
  h.kind = DocKind::certificates;
  h.readable = true;
  h.scope = scope;
  return h;
}
} // namespace

TEST_CASE("context: a county needs its city and province, the catalogs below them and the registries above it") {
  std::vector<detail::Header> inputs = {catalog_header("370102")};
  std::vector<detail::Header> candidates = {
      catalog_header("370000"),  catalog_header("370100"),  catalog_header("370115"),  catalog_header("410000"),
      registry_header("000000"), registry_header("370000"), registry_header("410000"), catalog_header("370100")};
  auto sel = detail::select_context(inputs, candidates);
  // every catalog below the province: the sibling county (it may issue what the city asks for:
  // proof cycles) and the second 370100 (as in a whole run, which loads it too); not 河南 or its
  // registry
  CHECK(sel.files == std::vector<std::size_t>{0, 1, 2, 4, 5, 7});
  CHECK(sel.missing.empty());
}

TEST_CASE("context: a city needs its counties (proofs they issue) — a missing upper catalog is named") {
  auto sel = detail::select_context({catalog_header("370100")}, {catalog_header("370102"), catalog_header("370115")});
  CHECK(sel.files == std::vector<std::size_t>{0, 1});
  REQUIRE(sel.missing.size() == 1);
  CHECK(sel.missing[0].code == "370000");
  auto notes = detail::missing_upper_notes(sel.missing, true);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("未找到上级目录 370000") != std::string::npos);
}

TEST_CASE("context: the repository root is the nearest .shitong.yaml, and nested repositories are not its files") {
  test::TempDir d;
  d.file("repo/.shitong.yaml", "# root\n");
  d.file("repo/a/370102.yaml", "kind: catalog\n");
  d.file("repo/b/370100.yaml", "kind: catalog\n");
  d.file("repo/other/.shitong.yaml", "# another repository\n");
  d.file("repo/other/370000.yaml", "kind: catalog\n");
  d.file("repo/.hidden/x.yaml", "kind: catalog\n");
  CHECK(detail::repository_root(d.str() + "/repo/a/370102.yaml") == d.str() + "/repo");
  CHECK(detail::repository_root(d.str() + "/repo/other/370000.yaml") == d.str() + "/repo/other");
  auto files = detail::repository_files(d.str() + "/repo");
  CHECK(files == std::vector<std::string>{d.str() + "/repo/a/370102.yaml", d.str() + "/repo/b/370100.yaml"});
}
