// load_only: the loading half of `shitong diff`, for bench/diff-vs-load.
//
//   load_only [--jobs N] PATH...
//
// Collects the YAML files under PATH... (collect_files), loads them (load_files, N jobs;
// default: hardware threads) and prints the number of items of the catalogs read — nothing
// else. The process is set up as tools/shitong/main.cpp sets up shitong (same malloc tuning,
// no teardown at exit), so that `shitong diff` minus `load_only` is the cost of the comparison
// and its report. Exit 2 on a usage error, a missing path or an unreadable file.
#include <shitong/validate.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  mallopt(M_TOP_PAD, 64 << 20); // as tools/shitong/main.cpp
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  unsigned jobs = 0;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--jobs" || a == "-j") && i + 1 < argc) {
      char *end = nullptr;
      unsigned long v = std::strtoul(argv[++i], &end, 10);
      if (!*argv[i] || *end) {
        std::fprintf(stderr, "load_only: --jobs takes a number\n");
        return 2;
      }
      jobs = static_cast<unsigned>(v);
    } else if (a.rfind("--jobs=", 0) == 0) {
      jobs = static_cast<unsigned>(std::strtoul(a.c_str() + 7, nullptr, 10));
    } else if (a == "-h" || a == "--help") {
      std::puts("usage: load_only [--jobs N] PATH...");
      return 0;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: load_only [--jobs N] PATH...\n");
    return 2;
  }
  std::vector<std::string> errors, notes;
  auto files = shitong::collect_files(paths, errors, notes);
  for (auto &e : errors) std::fprintf(stderr, "load_only: %s\n", e.c_str());
  auto loaded = shitong::load_files(files, jobs);
  std::size_t items = 0;
  bool failed = !errors.empty();
  for (auto &f : loaded) {
    if (!f.io_error.empty()) {
      std::fprintf(stderr, "load_only: %s: %s\n", f.path.c_str(), f.io_error.c_str());
      failed = true;
    }
    if (f.kind == shitong::DocKind::catalog) items += f.catalog.items.size();
  }
  std::printf("%zu\n", items);
  std::fflush(stdout);
  std::_Exit(failed ? 2 : 0); // as shitong: skip freeing the models
}
