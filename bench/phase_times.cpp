// phase_times PATH... [--jobs N]: times the phases of a validation in one run -- loading
// (parallel), per-file item checks, the level comparison and the proof audit -- and prints
// each next to the load time. Used by bench/diff-vs-load and docs/performance.md.
#include <shitong/certs.hpp>
#include <shitong/check.hpp>
#include <shitong/levels.hpp>
#include <shitong/validate.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  std::vector<std::string> paths;
  unsigned jobs = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--jobs" && i + 1 < argc)
      jobs = static_cast<unsigned>(std::atoi(argv[++i]));
    else
      paths.push_back(a);
  }
  using clock = std::chrono::steady_clock;
  auto secs = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  std::vector<std::string> errors, notes;
  auto t0 = clock::now();
  auto names = shitong::collect_files(paths, errors, notes);
  auto files = shitong::load_files(names, jobs);
  auto t1 = clock::now();
  shitong::Config config;
  shitong::CheckContext context(config);
  std::vector<shitong::Finding> out;
  std::size_t items = 0;
  std::vector<const shitong::LoadedFile *> ptrs;
  for (auto &f : files) {
    shitong::check_catalog(f, context, out);
    items += f.catalog.items.size();
    ptrs.push_back(&f);
  }
  auto t2 = clock::now();
  auto levels = shitong::compare_levels(ptrs, jobs);
  auto t3 = clock::now();
  auto certs = shitong::audit_certificates(levels, ptrs);
  auto t4 = clock::now();
  double load = secs(t0, t1);
  std::printf("files %zu, items %zu, jobs %u\n", files.size(), items, jobs);
  std::printf("%-22s %8.3f s  %6.1f%% of load\n", "load (parallel)", load, 100.0);
  std::printf("%-22s %8.3f s  %6.1f%% of load  (%zu findings)\n", "item checks (1 thread)", secs(t1, t2),
              100 * secs(t1, t2) / load, out.size());
  std::printf("%-22s %8.3f s  %6.1f%% of load  (%zu findings)\n", "level comparison", secs(t2, t3),
              100 * secs(t2, t3) / load, levels.findings.size());
  std::printf("%-22s %8.3f s  %6.1f%% of load  (%zu findings, %zu demands, %zu cycles)\n", "proof audit", secs(t3, t4),
              100 * secs(t3, t4) / load, certs.findings.size(), certs.demands.size(), certs.cycles.size());
  std::fflush(stdout);
  std::_Exit(0);
}
