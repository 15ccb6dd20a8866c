// shitong: the command-line entry point. Everything else lives in cli.cpp and cmd_*.cpp.
#include "cli.hpp"

#include <cstdlib>
#include <iostream>
#include <malloc.h>
#include <unistd.h>

int main(int argc, char **argv) {
  // One short-lived process that builds many small objects: grow the heap in large steps and
  // never give memory back mid-run (fewer brk calls and page-table churn).
#ifndef SHITONG_MIMALLOC
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
#endif
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  shitong::cli::Io io{std::cout, std::cerr, ::isatty(STDOUT_FILENO) != 0, {}, true, ::isatty(STDERR_FILENO) != 0};
  int code = shitong::cli::run(args, io);
  std::cout.flush();
  std::cerr.flush();
  if (!std::cout) return shitong::cli::k_failure; // e.g. stdout was a full disk
  std::_Exit(code);                               // skip freeing what the run built: the process ends here anyway
}
