// yaml-cpp comparison for parse_libyaml_tree.
//
//   parse_yamlcpp FILE          event API: YAML::Parser + a counting YAML::EventHandler
//   parse_yamlcpp --node FILE   Node API: YAML::LoadFile (builds the whole tree)
//
// Event mode prints the event count, counted as libyaml counts them (yaml-cpp reports no
// stream start/end, so 2 are added): the output equals the event count parse_libyaml_tree prints for the same file.
// Node mode prints the number of entries of the root node (the tree is built, not walked,
// so only the load is timed).  Exit 1 on a parse error (message on stderr), 2 on a usage
// or I/O error.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

namespace {

class CountingHandler : public YAML::EventHandler {
public:
  unsigned long long events = 0;

  void OnDocumentStart(const YAML::Mark &) override { ++events; }
  void OnDocumentEnd() override { ++events; }
  void OnNull(const YAML::Mark &, YAML::anchor_t) override { ++events; }
  void OnAlias(const YAML::Mark &, YAML::anchor_t) override { ++events; }
  void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override { ++events; }
  void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnSequenceEnd() override { ++events; }
  void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnMapEnd() override { ++events; }
};

int usage(const char *argv0) {
  std::fprintf(stderr, "usage: %s [--node] FILE\n", argv0);
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  bool node = false;
  const char *path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--node") == 0)
      node = true;
    else if (!path && argv[i][0] != '-')
      path = argv[i];
    else
      return usage(argv[0]);
  }
  if (!path) return usage(argv[0]);

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::perror(path);
    return 2;
  }
  try {
    if (node) {
      YAML::Node root = YAML::Load(in);
      std::printf("%zu\n", root.size());
    } else {
      YAML::Parser parser(in);
      CountingHandler handler;
      while (parser.HandleNextDocument(handler)) {
      }
      std::printf("%llu\n", handler.events + 2); // + STREAM-START, STREAM-END
    }
  } catch (const YAML::Exception &e) {
    std::fprintf(stderr, "%s:%d:%d: %s\n", path, e.mark.line + 1, e.mark.column + 1, e.msg.c_str());
    return 1;
  }
  return 0;
}
