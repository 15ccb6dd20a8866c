// Test helpers: temporary directories, running the CLI in-process, reading files.
#pragma once

#include "cli.hpp"

#include <shitong/loader.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace shitong::test {

inline const std::string k_source_dir = SHITONG_SOURCE_DIR;

/// A fresh directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("shitong-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string &name, const std::string &content) const {
    auto p = path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string str() const { return path.string(); }
};

struct CliResult {
  int code;
  std::string out, err;
};

/// Runs `shitong <args>` in-process; .shitong.yaml is searched from `cwd` (default: a temp dir
/// with none, so tests do not pick up stray configs).
inline CliResult run_cli(const std::vector<std::string> &args, const std::string &cwd = "/nonexistent-shitong") {
  std::ostringstream out, err;
  cli::Io io{out, err, false, cwd};
  int code = cli::run(args, io);
  return {code, out.str(), err.str()};
}

inline std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Findings of a document loaded from a string, as "line:col rule" lines.
inline std::vector<std::string> rules_of(const std::vector<Finding> &findings) {
  std::vector<std::string> out;
  for (auto &f : findings)
    out.push_back(std::to_string(f.location.line) + ":" + std::to_string(f.location.column) + " " + f.rule);
  return out;
}

/// A small valid county catalog with one item; `extra_item` is appended inside the item
/// mapping (indent 4), `header` replaces nothing but is added at the root.
inline std::string catalog_yaml(const std::string &extra_item = "", const std::string &header = "") {
  return "kind: catalog\n"
         "version: 1\n"
         "region:\n"
         "  code: \"370102\"\n"
         "  name: 济南市历下区\n"
         "  level: county\n" +
         header +
         "items:\n"
         "  - code: \"370100123001\"\n"
         "    name: 食品经营许可\n"
         "    type: 行政许可\n"
         "    legal_basis:\n"
         "      - law: 中华人民共和国食品安全法\n"
         "        article: 第三十五条\n"
         "    materials:\n"
         "      - name: 食品经营许可申请书\n"
         "        type: 表格\n"
         "    process: [申请, 受理, 审查, 决定]\n"
         "    fee:\n"
         "      charged: false\n"
         "    time_limit:\n"
         "      legal: 20\n"
         "      promised: 5\n"
         "    forms:\n"
         "      - name: 食品经营许可申请表\n"
         "        fields: [经营者名称]\n" +
         extra_item;
}

} // namespace shitong::test
