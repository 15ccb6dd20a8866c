// Sample outputs in README.md and docs/*.md are the real output. A sample is the code block right
// after a line `<!-- sample output of: shitong ARGS -->`; the test runs `shitong ARGS` in the
// checkout (relative paths as in the docs) and checks that every line of the block is a line of
// the real output, in the same order. A sample may leave lines out, and a line `…` stands for
// lines left out; it may not change a single character of the lines it shows. A code block after
// `<!-- sample transcript -->` holds commands `$ shitong ARGS` and their output, checked the same
// way (stderr, then stdout without a BOM and CRs; `| head -N` keeps N lines of stdout).
#include "support.hpp"

#include "code_profile.hpp"

#include <shitong/config.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace shitong;

namespace {

struct Sample {
  std::string doc;  ///< README.md, docs/levels.md
  std::size_t line; ///< 1-based line of the marker
  std::vector<std::string> args;
  std::vector<std::string> lines;
};

std::vector<std::string> split_lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<Sample> samples_of(const std::string &doc) {
  constexpr std::string_view k_marker = "<!-- sample output of: shitong ";
  std::vector<Sample> out;
  auto lines = split_lines(test::read_file(test::k_source_dir + "/" + doc));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind(k_marker, 0) != 0) continue;
    Sample s{doc, i + 1, {}, {}};
    std::istringstream words(lines[i].substr(k_marker.size(), lines[i].rfind(" -->") - k_marker.size()));
    for (std::string w; words >> w;) s.args.push_back(w);
    std::size_t j = i + 1;
    if (j < lines.size() && lines[j].rfind("```", 0) == 0)
      for (++j; j < lines.size() && lines[j].rfind("```", 0) != 0; ++j) s.lines.push_back(lines[j]);
    out.push_back(std::move(s));
  }
  return out;
}

/// The documented lines that are not in `real` in order: empty when the sample is true.
std::vector<std::string> stale_lines(const std::vector<std::string> &sample, const std::vector<std::string> &real) {
  std::vector<std::string> stale;
  std::size_t at = 0;
  for (auto &line : sample) {
    if (line == "…") continue;
    std::size_t k = at;
    while (k < real.size() && real[k] != line) ++k;
    if (k == real.size()) {
      stale.push_back(line);
      continue;
    }
    at = k + 1;
  }
  return stale;
}

/// Runs `shitong args` in-process from the checkout (the docs use paths relative to it).
test::CliResult run_in_checkout(const std::vector<std::string> &args) {
  auto here = fs::current_path();
  fs::current_path(test::k_source_dir);
  auto r = test::run_cli(args, test::k_source_dir);
  fs::current_path(here);
  return r;
}

void check_samples(const std::string &doc, std::size_t at_least) {
  auto samples = samples_of(doc);
  CHECK(samples.size() >= at_least);
  for (auto &s : samples) {
    CAPTURE(fmt::format("{}:{}: shitong {}", s.doc, s.line, fmt::join(s.args, " ")));
    REQUIRE_MESSAGE(!s.lines.empty(), "a sample marker must be followed by a code block");
    auto r = run_in_checkout(s.args);
    CHECK(r.code != 2);
    for (auto &line : stale_lines(s.lines, split_lines(r.out)))
      CHECK_MESSAGE(false, fmt::format("not in the real output (or out of order): {}", line));
  }
}

struct Command {
  std::vector<std::string> args;
  std::size_t head = 0; ///< `| head -N`: only the first N lines of stdout; 0: all
  std::vector<std::string> lines;
};

/// The code block after `<!-- sample transcript -->`: lines `$ shitong ARGS [| head -N]`, each
/// followed by its output (stderr, then stdout).
std::vector<Command> transcript_of(const std::vector<std::string> &block) {
  std::vector<Command> out;
  for (auto &line : block) {
    if (line.rfind("$ ", 0) != 0) {
      if (!out.empty()) out.back().lines.push_back(line);
      continue;
    }
    Command c;
    std::istringstream words(line.substr(2));
    std::vector<std::string> w;
    for (std::string x; words >> x;) w.push_back(x);
    if (w.size() >= 3 && w[w.size() - 3] == "|" && w[w.size() - 2] == "head" && w.back().rfind("-", 0) == 0) {
      c.head = std::stoul(w.back().substr(1));
      w.resize(w.size() - 3);
    }
    CHECK_MESSAGE(!w.empty(), line);
    if (w.empty()) continue;
    CHECK_MESSAGE(w.front() == "shitong", fmt::format("a transcript runs shitong only: {}", line));
    c.args.assign(w.begin() + 1, w.end());
    for (auto &a : c.args) {
      bool runnable = a != "|" && a != ">" && a != "-o" && a != "--output";
      CHECK_MESSAGE(runnable, fmt::format("a transcript command may not pipe or write files: {}", line));
    }
    out.push_back(std::move(c));
  }
  return out;
}

void check_transcripts(const std::string &doc, std::size_t at_least) {
  auto lines = split_lines(test::read_file(test::k_source_dir + "/" + doc));
  std::size_t n = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i] != "<!-- sample transcript -->") continue;
    CAPTURE(fmt::format("{}:{}", doc, i + 1));
    REQUIRE(lines[i + 1].rfind("```", 0) == 0);
    std::vector<std::string> block;
    for (std::size_t j = i + 2; j < lines.size() && lines[j].rfind("```", 0) != 0; ++j) block.push_back(lines[j]);
    auto commands = transcript_of(block);
    CHECK(!commands.empty());
    for (auto &c : commands) {
      CAPTURE(fmt::format("shitong {}", fmt::join(c.args, " ")));
      auto r = run_in_checkout(c.args);
      // CSV output starts with a BOM and ends lines with CRLF; the docs show neither
      std::string text = r.out.rfind("\xEF\xBB\xBF", 0) == 0 ? r.out.substr(3) : r.out;
      auto real = split_lines(r.err), out = split_lines(text);
      for (auto &l : out)
        if (!l.empty() && l.back() == '\r') l.pop_back();
      if (c.head && out.size() > c.head) out.resize(c.head);
      real.insert(real.end(), out.begin(), out.end());
      for (auto &line : stale_lines(c.lines, real))
        CHECK_MESSAGE(false, fmt::format("not in the real output (or out of order): {}", line));
      ++n;
    }
  }
  CHECK(n >= at_least);
}

} // namespace

TEST_CASE("docs: a sample line that is not in the output, or out of order, is stale") {
  std::vector<std::string> real{"a", "b", "c"};
  CHECK(stale_lines({"a", "c"}, real).empty());
  CHECK(stale_lines({"a", "…", "c"}, real).empty());
  CHECK(stale_lines({"c", "a"}, real) == std::vector<std::string>{"a"});
  CHECK(stale_lines({"a", "x"}, real) == std::vector<std::string>{"x"});
  CHECK(stale_lines({"b "}, real) == std::vector<std::string>{"b "});
}

TEST_CASE("docs: README's sample output is the real output of shitong validate") {
  check_samples("README.md", 1);
}

TEST_CASE("docs: docs/output.md's sample output is the real output") {
  check_samples("docs/output.md", 1);
}

TEST_CASE("docs: docs/levels.md's uniformity reports are the real output of shitong diff") {
  check_samples("docs/levels.md", 2);
}

TEST_CASE("docs: docs/format.md's sample output is the real output") {
  check_samples("docs/format.md", 1);
}

TEST_CASE("docs: README.md and docs/*.md link only to files inside the repository that exist") {
  std::vector<fs::path> docs{fs::path(test::k_source_dir) / "README.md",
                             fs::path(test::k_source_dir) / "catalogs" / "README.md"};
  for (auto &e : fs::directory_iterator(fs::path(test::k_source_dir) / "docs"))
    if (e.path().extension() == ".md") docs.push_back(e.path());
  auto root = fs::weakly_canonical(test::k_source_dir);
  std::size_t links = 0;
  for (auto &doc : docs) {
    std::string text = test::read_file(doc.string());
    for (std::size_t p = 0; (p = text.find("](", p)) != std::string::npos;) {
      p += 2;
      auto end = text.find_first_of(")# \n", p);
      std::string target = text.substr(p, end - p);
      if (target.empty() || target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
      ++links;
      auto resolved = fs::weakly_canonical(doc.parent_path() / target);
      CAPTURE(doc.string());
      CAPTURE(target);
      CHECK(resolved.string().rfind(root.string() + "/", 0) == 0);
      CHECK(fs::exists(resolved));
    }
  }
  CHECK(links > 20);
}

TEST_CASE("docs: docs/fix.md's transcript is the real output of shitong fix") {
  check_transcripts("docs/fix.md", 1);
}

TEST_CASE("docs: docs/configuration.md's office profile is the fixtures' profile, and its messages are real") {
  check_transcripts("docs/configuration.md", 3);
  // the worked example: the first YAML block after the heading, with no finding
  auto lines = split_lines(test::read_file(test::k_source_dir + "/docs/configuration.md"));
  std::size_t at = 0;
  while (at < lines.size() && lines[at] != "### 本地编码方案 / An office's own profile") ++at;
  while (at < lines.size() && lines[at] != "```yaml") ++at;
  std::string yaml;
  for (++at; at < lines.size() && lines[at] != "```"; ++at) yaml += lines[at] + "\n";
  REQUIRE_FALSE(yaml.empty());
  Config doc = parse_config(".shitong.yaml", yaml);
  CHECK(doc.findings.empty());
  REQUIRE(doc.defined_profile);
  for (auto rule : {"code-format", "code-type", "implementation-code"}) {
    CAPTURE(rule);
    Config fixture =
        load_config(fmt::format("{}/tests/fixtures/{}/trigger-office-profile/.shitong.yaml", test::k_source_dir, rule));
    REQUIRE(fixture.defined_profile);
    CHECK(fixture.defined_profile->fingerprint() == doc.defined_profile->fingerprint());
  }
}

TEST_CASE("docs: docs/publish.md's transcripts are the real output of shitong publish") {
  check_transcripts("docs/publish.md", 7);
}
