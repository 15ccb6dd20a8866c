// Walks tests/fixtures/<rule-id>/: every fixture's findings must equal its `# expect:` lines,
// and every rule of the table must have a fixture that triggers it and one that must not.
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

std::multiset<std::string> expectations(const fs::path &file) {
  std::multiset<std::string> out;
  std::string text = test::read_file(file.string());
  std::size_t pos = 0;
  while ((pos = text.find("# expect:", pos)) != std::string::npos) {
    auto end = text.find('\n', pos);
    std::string line = text.substr(pos + 9, end == std::string::npos ? std::string::npos : end - pos - 9);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    out.insert(file.generic_string() + ":" + line);
    pos += 9;
  }
  return out;
}

struct Case {
  std::string rule;
  fs::path path;
  bool trigger;
};

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  fs::path root = fs::path(test::k_source_dir) / "tests" / "fixtures";
  for (auto &dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    for (auto &entry : fs::directory_iterator(dir.path())) {
      auto name = entry.path().filename().string();
      bool trigger = name.rfind("trigger", 0) == 0, pass = name.rfind("pass", 0) == 0;
      if (!trigger && !pass) continue;
      cases.push_back({dir.path().filename().string(), entry.path(), trigger});
    }
  }
  std::sort(cases.begin(), cases.end(), [](auto &a, auto &b) { return a.path < b.path; });
  return cases;
}

} // namespace

TEST_CASE("fixtures: findings equal the # expect: lines of every fixture") {
  for (const auto &c : all_cases()) {
    CAPTURE(c.path.string());
    ValidateOptions opt;
    opt.jobs = 1;
    opt.paths = {c.path.string()};
    std::multiset<std::string> want;
    if (fs::is_directory(c.path)) {
      auto cfg = c.path / ".shitong.yaml";
      if (fs::exists(cfg)) {
        opt.config = load_config(cfg.string());
        auto e = expectations(cfg);
        want.insert(e.begin(), e.end());
      }
      for (auto &f : fs::recursive_directory_iterator(c.path))
        if (f.is_regular_file() && f.path().filename() != ".shitong.yaml") {
          auto e = expectations(f.path());
          want.insert(e.begin(), e.end());
        }
    } else {
      want = expectations(c.path);
    }
    auto r = validate(opt);
    std::multiset<std::string> got;
    bool has_rule = false;
    for (auto &f : r.findings) {
      got.insert(fmt::format("{}:{}:{} {} {}", fs::path(f.location.file).generic_string(), f.location.line,
                             f.location.column, severity_name(f.severity), f.rule));
      has_rule = has_rule || f.rule == c.rule;
    }
    CHECK(r.errors.empty());
    CHECK(got == want);
    if (c.trigger)
      CHECK_MESSAGE(has_rule, "a trigger fixture must produce its rule");
    else
      CHECK_MESSAGE(!has_rule, "a pass fixture must not produce its rule");
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
  for (auto &[rule, n] : count) {
    CAPTURE(rule);
    CHECK_MESSAGE(find_rule(rule) != nullptr, "fixture directory names an unknown rule");
  }
}

TEST_CASE("docs: docs/rules.md has a section for every rule of the table") {
  std::string doc = test::read_file(test::k_source_dir + "/docs/rules.md");
  for (const auto &r : rule_table()) {
    CAPTURE(std::string(r.id));
    CHECK(doc.find("\n## " + std::string(r.id) + "\n") != std::string::npos);
  }
}
