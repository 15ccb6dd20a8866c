// The incremental cache (.shitong-cache) and the streaming pipeline: a run with the cache gives
// exactly what a run without it gives — after edits of a county, a city, the province or a
// registry, after deletions, header surprises and config changes — parses only what changed,
// and ignores a corrupt or foreign cache.
#include "support.hpp"

#include <shitong/report.hpp>
#include <shitong/validate.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace shitong;
namespace fs = std::filesystem;

namespace {

struct Tree {
  test::TempDir dir;
  std::string root, cache;
  Tree() {
    root = (dir.path / "catalogs").string();
    cache = (dir.path / "cache").string();
    fs::copy(test::k_source_dir + "/catalogs", root, fs::copy_options::recursive);
  }
  std::string path(const std::string &rel) const { return root + "/" + rel; }
  void replace(const std::string &rel, const std::string &from, const std::string &to) const {
    std::string text = test::read_file(path(rel));
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(path(rel), std::ios::binary | std::ios::trunc) << text;
  }
  ValidateResult run(bool with_cache, unsigned jobs = 2, Config config = {}) const {
    ValidateOptions opt;
    opt.paths = {root};
    opt.jobs = jobs;
    opt.config = std::move(config);
    if (with_cache) opt.cache_dir = cache;
    return validate(opt);
  }
};

std::string json(const ValidateResult &r) {
  return format_json(r, false);
}

/// The cached run must equal a run without the cache, finding for finding.
void check_same(const Tree &t, Config config = {}) {
  auto cached = t.run(true, 2, config);
  auto plain = t.run(false, 1, config);
  CHECK(json(cached) == json(plain));
  CHECK(cached.findings.size() == plain.findings.size());
}

const std::string k_county = "山东省/370102-历下区.yaml";
const std::string k_city = "山东省/370100-济南市.yaml";
const std::string k_province = "山东省/370000-山东省.yaml";
const std::string k_registry = "证明事项/370000-山东省.yaml";

} // namespace

TEST_CASE("cache: a second run parses only the registries and gives the same findings") {
  Tree t;
  auto cold = t.run(true);
  CHECK(cold.stats.parsed == 11);
  CHECK(cold.stats.reused == 0);
  CHECK(cold.stats.compared == 6); // 2 cities and 4 counties below a catalog
  auto warm = t.run(true);
  CHECK(warm.stats.parsed == 3); // the three registries are always read
  CHECK(warm.stats.reused == 11);
  CHECK(warm.stats.compared == 0);
  CHECK(json(warm) == json(cold));
  CHECK(json(warm) == json(t.run(false)));
  CHECK(fs::exists(t.cache + "/CACHEDIR.TAG"));
}

TEST_CASE("cache: editing a county re-parses only that file, and finds the new deviation") {
  Tree t;
  auto before = t.run(true);
  t.replace(k_county, "promised: 3", "promised: 30");
  auto after = t.run(true);
  CHECK(after.stats.parsed == 3 + 1); // registries + the county: its city and province come as cached models
  CHECK(after.stats.compared == 1);
  CHECK(after.findings.size() > before.findings.size());
  bool found = false;
  for (const auto &f : after.findings)
    found = found || (f.rule == "level-time-limit-longer" && f.location.file == t.path(k_county));
  CHECK(found);
  check_same(t);
}

TEST_CASE("cache: editing a city or the province recomputes the catalogs below it") {
  Tree t;
  t.run(true);
  t.replace(k_province, "promised: 3", "promised: 1");
  auto r = t.run(true);
  CHECK(r.stats.compared == 3); // 济南市 and its two counties
  check_same(t);
  t.replace(k_city, "kind: catalog", "kind: catalog\n# edited");
  check_same(t);
}

TEST_CASE("cache: an edited registry, a deleted city and a touched file give the same results as no cache") {
  Tree t;
  t.run(true);
  t.replace(k_registry, "  - name: 户籍证明", "  - name: 户籍证明\n    aliases: [户口证明]");
  check_same(t);
  fs::remove(t.path(k_city)); // the counties now compare with the province directly
  check_same(t);
  auto county = t.path(k_county);
  fs::last_write_time(county, fs::last_write_time(county) + std::chrono::seconds(5)); // same content
  auto r = t.run(true);
  CHECK(r.stats.parsed == 3); // the content hash matched
  check_same(t);
}

TEST_CASE("cache: a changed code pattern invalidates it — severities and ignores apply to cached results") {
  Tree t;
  t.run(true);
  Config pattern;
  pattern.code_pattern = "^[0-9]{12}$";
  check_same(t, pattern);
  Config severities;
  severities.set_rule("level-time-limit-shorter", std::nullopt);
  severities.set_rule("cert-shareable", Severity::error);
  check_same(t, severities);
  auto r = t.run(true, 2, severities);
  CHECK(r.stats.parsed == 3);
}

TEST_CASE("cache: a region written after the items, and a catalog that turns out broken, are still right") {
  Tree t;
  t.run(true);
  // region and parent after the items: the header scan cannot see them, loading corrects it
  std::string text = test::read_file(t.path(k_city));
  auto region = text.find("region:");
  auto items = text.find("items:");
  REQUIRE(region < items);
  std::string header_part = text.substr(region, items - region);
  std::string moved = text.substr(0, region) + text.substr(items) + "\n" + header_part;
  std::ofstream(t.path(k_city), std::ios::binary | std::ios::trunc) << moved;
  auto r = t.run(true);
  CHECK(r.stats.rounds == 1); // the scan read on past the items and found the region
  check_same(t);
  // a parent written after the items: the scan stops at the items and guesses the parent from
  // the code (济南市); loading shows the county follows the province directly: a second round
  t.replace(k_county, "parent: \"370100\"\n", "");
  std::ofstream(t.path(k_county), std::ios::binary | std::ios::app) << "\nparent: \"370000\"\n";
  r = t.run(true);
  CHECK(r.stats.rounds == 2);
  check_same(t);
  r = t.run(false);
  CHECK(r.stats.rounds == 2);
  // a syntax error after the header: not a catalog of the hierarchy after all
  t.replace(k_city, "items:", "items: [unclosed\nbroken: {");
  check_same(t);
}

TEST_CASE("cache: corrupt records and a foreign directory are never trusted") {
  Tree t;
  auto expected = json(t.run(false));
  t.run(true);
  std::size_t records = 0;
  for (const auto &e : fs::directory_iterator(t.cache)) {
    if (e.path().extension() != ".rec") continue;
    ++records;
    std::string bytes = test::read_file(e.path().string());
    if (records % 3 == 0)
      bytes.resize(bytes.size() / 2); // truncated
    else if (records % 3 == 1)
      bytes[bytes.size() / 2] ^= 0x5a; // flipped bits
    else
      bytes = "shitong cache record 2\n" + std::string(64, '\xff'); // garbage after the magic
    std::ofstream(e.path(), std::ios::binary | std::ios::trunc) << bytes;
  }
  CHECK(records == 11);
  auto r = t.run(true);
  CHECK(r.stats.reused == 0);
  CHECK(json(r) == expected);
  CHECK(t.run(true).stats.reused == 11); // rebuilt

  // corrupt copies of the reference models: the references are parsed again instead
  std::size_t models = 0;
  for (const auto &e : fs::directory_iterator(t.cache)) {
    if (e.path().extension() != ".model") continue;
    ++models;
    std::string bytes = test::read_file(e.path().string());
    bytes[bytes.size() - 20] ^= 0x01;
    std::ofstream(e.path(), std::ios::binary | std::ios::trunc) << bytes;
  }
  CHECK(models == 4); // the two provinces and the two cities
  t.replace(k_county, "promised: 3", "promised: 4");
  auto m = t.run(true);
  CHECK(m.stats.parsed == 3 + 3);
  CHECK(json(m) == json(t.run(false)));
  t.replace(k_county, "promised: 4", "promised: 3");

  // a directory that is not a shitong cache is left alone
  test::TempDir other;
  other.file("notes.txt", "mine");
  ValidateOptions opt;
  opt.paths = {t.root};
  opt.cache_dir = other.str();
  auto f = validate(opt);
  CHECK(json(f) == expected);
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0].find("not a shitong cache directory") != std::string::npos);
  std::size_t entries = 0;
  for (const auto &e : fs::directory_iterator(other.path)) entries += e.is_regular_file();
  CHECK(entries == 1);
}

TEST_CASE("cache: the same results for any number of jobs, cold and warm") {
  Tree t;
  auto one = json(t.run(false, 1));
  CHECK(json(t.run(false, 2)) == one);
  CHECK(json(t.run(false, 7)) == one);
  CHECK(json(t.run(true, 3)) == one);
  CHECK(json(t.run(true, 1)) == one);
}

TEST_CASE("cli: --no-cache and --cache-dir, with --verbose saying what was parsed") {
  Tree t;
  auto first = test::run_cli({"validate", "--no-config", "-q", "-v", "--cache-dir", t.cache, t.root});
  CHECK(first.err.find("shitong: 11 个文件：解析 11 个，0 个取自缓存") == 0);
  auto second = test::run_cli({"validate", "--no-config", "-q", "-v", "--cache-dir", t.cache, t.root});
  CHECK(second.err.find("shitong: 11 个文件：解析 3 个，11 个取自缓存") == 0);
  CHECK(second.out == first.out);
  auto none = test::run_cli({"validate", "--no-config", "-q", "-v", "--no-cache", t.root});
  CHECK(none.out == first.out);
  auto en = test::run_cli({"validate", "--no-config", "-q", "-v", "--no-cache", "--lang", "en", t.root});
  CHECK(en.err.find("shitong: 11 file(s): 11 parsed, 0 from the cache (no cache); 6 catalog(s) compared with the "
                    "catalogs above them\nshitong: ") == 0);
  CHECK(en.err.find(" s load/check/compare (1 round(s)), ") != std::string::npos);
}

TEST_CASE("cache: entries unused for 30 days are pruned, used ones are kept") {
  Tree t;
  t.run(true);
  test::TempDir other;
  other.file("a.yaml", test::read_file(t.path(k_county)));
  ValidateOptions opt;
  opt.paths = {other.str()};
  opt.cache_dir = t.cache;
  validate(opt); // an entry for a file that will be gone
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(24 * 40);
  std::size_t before = 0;
  for (const auto &e : fs::directory_iterator(t.cache))
    if (e.path().extension() == ".rec" || e.path().extension() == ".model") {
      fs::last_write_time(e.path(), old);
      ++before;
    }
  fs::last_write_time(t.cache + "/last-prune", old);
  CHECK(before == 12 + 4);
  auto r = t.run(true); // uses (and so refreshes) the 11 entries of the tree and its 4 models
  CHECK(r.stats.reused == 11);
  std::size_t after = 0;
  for (const auto &e : fs::directory_iterator(t.cache))
    after += e.path().extension() == ".rec" || e.path().extension() == ".model";
  CHECK(after == 11 + 4);
  CHECK(json(t.run(true)) == json(t.run(false)));
}

TEST_CASE("cache: in-process runs without --cache-dir cache in a temporary folder, never in the checkout") {
  // main_test.cpp points $SHITONG_CACHE_DIR at a folder of this test process
  const char *env = std::getenv("SHITONG_CACHE_DIR");
  REQUIRE(env != nullptr);
  fs::path cache = fs::weakly_canonical(env);
  auto source = fs::weakly_canonical(test::k_source_dir);
  CHECK(cache.string().rfind(source.string() + "/", 0) != 0);
  CHECK(cache.string().rfind(fs::weakly_canonical(fs::temp_directory_path()).string() + "/", 0) == 0);
  auto r = test::run_cli({"validate", "--no-config", "-q", test::k_source_dir + "/tests/fixtures/yaml-syntax"});
  CHECK(r.code == 1);
  CHECK(fs::exists(cache / "CACHEDIR.TAG"));
}

TEST_CASE("streaming: proof digests spilled to disk give the same findings and proof report, cold and warm") {
  Tree t;
  auto in_memory = t.run(false);
  ValidateOptions opt;
  opt.paths = {t.root};
  opt.jobs = 2;
  opt.digest_memory = 0; // every digest goes to the temporary file
  auto spilled = validate(opt);
  CHECK(spilled.stats.spilled_digests == 8); // the 8 catalogs (the 3 registries have none)
  CHECK(spilled.stats.spilled_bytes > 0);
  CHECK(in_memory.stats.spilled_digests == 0);
  CHECK(json(spilled) == json(in_memory));
  bool shareable = false, circular = false; // the graph's findings are among them
  for (const auto &f : spilled.findings) {
    shareable = shareable || f.rule == "cert-shareable";
    circular = circular || f.rule == "cert-circular";
  }
  CHECK(shareable);
  CHECK(circular);
  opt.cache_dir = t.cache;
  auto cold = validate(opt);
  auto warm = validate(opt); // records (with their digests) from the cache, spilled again
  CHECK(warm.stats.reused == 11);
  CHECK(json(cold) == json(in_memory));
  CHECK(json(warm) == json(in_memory));
  // the certs report (demands, cycles, item labels) through the CLI, budget from the environment
  auto plain = test::run_cli({"certs", "--format", "json", "--no-config", t.root});
  ::setenv("SHITONG_DIGEST_MEMORY", "0", 1);
  auto spilled_cli = test::run_cli({"certs", "--format", "json", "--no-config", t.root});
  auto verbose = test::run_cli({"validate", "-v", "--no-cache", "--no-config", t.root});
  ::unsetenv("SHITONG_DIGEST_MEMORY");
  CHECK(spilled_cli.code == plain.code);
  CHECK(spilled_cli.out == plain.out);
  CHECK(plain.out.find("\"cycles\"") != std::string::npos);
  CHECK(verbose.err.find("份证明摘要") != std::string::npos);
}
