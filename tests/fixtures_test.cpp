// Walks tests/fixtures/<rule-id>/: every fixture's findings must equal its `# expect:` lines,
// and every rule of the table must have a fixture that triggers it and one that must not.
// fixtures/fix/ holds the fixtures of `shitong fix` instead (tests/fix_test.cpp).
//
// An expect line is `# expect: LINE:COL SEVERITY RULE [MESSAGE]`; MESSAGE, when present, is the
// full Chinese message and must match exactly. In a trigger fixture every finding of its own rule
// pins its message (`tests/tools/pin_expectations.py` fills them in from the real output; read
// them before committing; `shitong-ignore\:` in a message stands for `shitong-ignore:`). One test
// case per rule family, so ctest shows which family broke.
#include "support.hpp"

#include <shitong/rules.hpp>
#include <shitong/validate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace shitong;

namespace {

const fs::path k_root = fs::path(test::k_source_dir) / "tests" / "fixtures";

struct Expect {
  std::string key;     ///< "file:LINE:COL severity rule"
  std::string rule;    ///< the rule id
  std::string message; ///< the pinned Chinese message, or empty
};

/// A pinned message writes `shitong-ignore\:` for `shitong-ignore:`, so that the expect comment
/// is not read as an inline ignore comment itself.
std::string unescape(std::string message) {
  constexpr std::string_view k_escaped = "shitong-ignore\\:";
  for (std::size_t p; (p = message.find(k_escaped)) != std::string::npos;) message.erase(p + k_escaped.size() - 2, 1);
  return message;
}

std::vector<Expect> expectations(const fs::path &file) {
  std::vector<Expect> out;
  std::string text = test::read_file(file.string());
  constexpr std::string_view k_marker = "# expect:";
  std::size_t pos = 0;
  while ((pos = text.find(k_marker, pos)) != std::string::npos) {
    pos += k_marker.size();
    auto end = text.find('\n', pos);
    std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    // LINE:COL SEVERITY RULE, then the optional message
    std::size_t cut = 0;
    for (int field = 0; field < 3 && cut != std::string::npos; ++field) cut = line.find(' ', cut + (field ? 1 : 0));
    Expect e;
    std::string head = cut == std::string::npos ? line : line.substr(0, cut);
    if (cut != std::string::npos) e.message = unescape(line.substr(cut + 1));
    e.rule = head.substr(head.rfind(' ') + 1);
    e.key = file.generic_string() + ":" + head;
    out.push_back(std::move(e));
  }
  return out;
}

struct Case {
  std::string rule;
  fs::path path;
  bool trigger;
};

bool fixture_name(const std::string &name, bool &trigger) {
  bool is_trigger = name.rfind("trigger-", 0) == 0, is_pass = name.rfind("pass-", 0) == 0;
  trigger = is_trigger;
  return is_trigger || is_pass;
}

/// Every entry under tests/fixtures/<rule>/; `misnamed` collects what is neither trigger-* nor
/// pass-* (or a file of a fixture directory that is not YAML), instead of skipping it silently.
std::vector<Case> all_cases(std::vector<std::string> *misnamed = nullptr) {
  std::vector<Case> cases;
  for (auto &dir : fs::directory_iterator(k_root)) {
    if (!dir.is_directory()) { // only the PROBLEMS*.txt notes sit beside the rule directories
      auto name = dir.path().filename().string();
      if (misnamed && !(name.rfind("PROBLEMS", 0) == 0 && dir.path().extension() == ".txt")) misnamed->push_back(name);
      continue;
    }
    if (dir.path().filename() == "fix") continue; // the fix fixtures (fix_test.cpp): input and expected output
    for (auto &entry : fs::directory_iterator(dir.path())) {
      auto name = entry.path().filename().string();
      auto ext = entry.path().extension();
      bool trigger = false;
      bool ok = fixture_name(name, trigger) && (entry.is_directory() || ext == ".yaml" || ext == ".yml");
      if (!ok) {
        if (misnamed) misnamed->push_back(entry.path().lexically_relative(k_root).generic_string());
        continue;
      }
      cases.push_back({dir.path().filename().string(), entry.path(), trigger});
    }
  }
  std::sort(cases.begin(), cases.end(), [](auto &a, auto &b) { return a.path < b.path; });
  return cases;
}

/// What a fixture expects: its files' expect lines (a directory's .shitong.yaml is its config).
std::vector<Expect> wanted(const Case &c, ValidateOptions &opt) {
  if (!fs::is_directory(c.path)) return expectations(c.path);
  std::vector<Expect> want;
  auto cfg = c.path / ".shitong.yaml";
  if (fs::exists(cfg)) {
    opt.config = load_config(cfg.string());
    want = expectations(cfg);
  }
  std::vector<fs::path> files;
  for (auto &f : fs::recursive_directory_iterator(c.path))
    if (f.is_regular_file() && f.path().filename() != ".shitong.yaml") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  for (auto &f : files) {
    auto e = expectations(f);
    want.insert(want.end(), e.begin(), e.end());
  }
  return want;
}

std::string replace_all(std::string s, const std::string &from, const std::string &to) {
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

void check_case(const Case &c) {
  CAPTURE(c.path.string());
  ValidateOptions opt;
  opt.jobs = 1;
  opt.context = false; // a fixture is exactly its files, whatever else the checkout holds
  opt.paths = {c.path.string()};
  auto want = wanted(c, opt);
  auto r = validate(opt);
  CHECK(r.errors.empty());

  // keys (position, severity, rule) must be equal as multisets
  std::multiset<std::string> got_keys, want_keys;
  std::multimap<std::string, std::string> got_messages; // key -> message (paths relative to the checkout)
  bool has_rule = false;
  for (auto &f : r.findings) {
    // cert-no-registry says which catalogs of the run no registry governs: fixtures of other
    // rules give no registry on purpose, so only its own fixtures pin it
    if (f.rule == "cert-no-registry" && c.rule != "cert-no-registry") continue;
    auto key = fmt::format("{}:{}:{} {} {}", fs::path(f.location.file).generic_string(), f.location.line,
                           f.location.column, severity_name(f.severity), f.rule);
    got_keys.insert(key);
    got_messages.emplace(key, replace_all(f.message_zh, test::k_source_dir + "/", ""));
    has_rule = has_rule || f.rule == c.rule;
  }
  for (auto &e : want) want_keys.insert(e.key);
  CHECK(got_keys == want_keys);

  // every pinned message is the real one
  for (auto &e : want) {
    if (e.message.empty()) {
      CHECK_MESSAGE(!(c.trigger && e.rule == c.rule),
                    fmt::format("a trigger fixture pins the message of its rule: {}", e.key));
      continue;
    }
    auto [lo, hi] = got_messages.equal_range(e.key);
    auto it = std::find_if(lo, hi, [&](auto &kv) { return kv.second == e.message; });
    CHECK_MESSAGE(it != hi, fmt::format("{}: no finding with the message「{}」", e.key, e.message));
    if (it != hi) got_messages.erase(it);
  }
  if (c.trigger)
    CHECK_MESSAGE(has_rule, "a trigger fixture must produce its rule");
  else
    CHECK_MESSAGE(!has_rule, "a pass fixture must not produce its rule");
}

/// Runs the fixtures of every rule of `family`; fails when the family has no fixture at all.
void check_family(RuleFamily family) {
  std::size_t n = 0;
  for (const auto &c : all_cases()) {
    const RuleInfo *rule = find_rule(c.rule);
    if (!rule || rule->family != family) continue;
    check_case(c);
    ++n;
  }
  CHECK(n > 0);
}

constexpr RuleFamily k_tested_families[] = {RuleFamily::file,  RuleFamily::catalog, RuleFamily::item,
                                            RuleFamily::level, RuleFamily::cert,    RuleFamily::meta};

} // namespace

// clang-format off
TEST_CASE("fixtures: file rules (yaml-*, encoding, keys, types, values)") { check_family(RuleFamily::file); }
TEST_CASE("fixtures: catalog rules (region-*)") { check_family(RuleFamily::catalog); }
TEST_CASE("fixtures: item rules (codes, agency, time limit, fee, materials, visits)") { check_family(RuleFamily::item); }
TEST_CASE("fixtures: level rules (level-*, 三级十同)") { check_family(RuleFamily::level); }
TEST_CASE("fixtures: proof rules (cert-*)") { check_family(RuleFamily::cert); }
TEST_CASE("fixtures: meta rules (config, unused-ignore)") { check_family(RuleFamily::meta); }
// clang-format on

TEST_CASE("fixtures: every rule family has a fixture test case above") {
  for (const auto &r : rule_table()) {
    CAPTURE(std::string(r.id));
    CHECK(std::find(std::begin(k_tested_families), std::end(k_tested_families), r.family) !=
          std::end(k_tested_families));
  }
}

TEST_CASE("fixtures: every rule has a trigger and a pass fixture") {
  std::map<std::string, std::pair<int, int>> count;
  for (const auto &c : all_cases()) (c.trigger ? count[c.rule].first : count[c.rule].second)++;
  for (const auto &r : rule_table()) {
    CAPTURE(std::string(r.id));
    CHECK(count[std::string(r.id)].first >= 1);
    CHECK(count[std::string(r.id)].second >= 1);
  }
  for (const auto &entry : count) { // not a structured binding: clang 14 cannot capture one (CAPTURE)
    const std::string &rule = entry.first;
    CAPTURE(rule);
    CHECK_MESSAGE(find_rule(rule) != nullptr, "fixture directory names an unknown rule");
  }
}

TEST_CASE("fixtures: a file that is not named trigger-*.yaml or pass-*.yaml fails instead of being skipped") {
  bool trigger = false;
  CHECK(fixture_name("trigger-x.yaml", trigger));
  CHECK(trigger);
  CHECK(fixture_name("pass-x", trigger));
  CHECK(!trigger);
  CHECK(!fixture_name("triger-x.yaml", trigger));
  CHECK(!fixture_name("Pass-x.yaml", trigger));
  CHECK(!fixture_name("trigger.yaml", trigger));
  std::vector<std::string> misnamed;
  all_cases(&misnamed);
  for (auto &m : misnamed) CHECK_MESSAGE(false, fmt::format("misnamed fixture: tests/fixtures/{}", m));
  CHECK(misnamed.empty());
}

TEST_CASE("fixtures: an expect line carries position, severity, rule and optionally the full message") {
  test::TempDir d;
  auto f = d.file("trigger-x.yaml", "# expect: 3:5 error code-format 事项编码「X」不是 12 位\n"
                                    "# expect: 1:1 warning unknown-key\n");
  auto e = expectations(f);
  REQUIRE(e.size() == 2);
  CHECK(e[0].key == f + ":3:5 error code-format");
  CHECK(e[0].rule == "code-format");
  CHECK(e[0].message == "事项编码「X」不是 12 位");
  CHECK(e[1].key == f + ":1:1 warning unknown-key");
  CHECK(e[1].message.empty());
  CHECK(unescape("格式：# shitong-ignore\\: <规则> <理由>") == "格式：# shitong-ignore: <规则> <理由>");
}

TEST_CASE("docs: docs/rules.md has a section for every rule of the table") {
  std::string doc = test::read_file(test::k_source_dir + "/docs/rules.md");
  for (const auto &r : rule_table()) {
    CAPTURE(std::string(r.id));
    CHECK(doc.find("\n## " + std::string(r.id) + "\n") != std::string::npos);
  }
}
