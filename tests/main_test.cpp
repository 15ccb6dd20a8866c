// The test binary's main: in-process runs of `shitong validate` use their default cache directory
// (./.shitong-cache, or $SHITONG_CACHE_DIR), and ctest runs them in the checkout. So the cache goes
// to a temporary folder of this process, removed at the end; tests that need a cache of their own
// pass --cache-dir.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

int main(int argc, char **argv) {
  namespace fs = std::filesystem;
  fs::path cache = fs::temp_directory_path() / ("shitong-test-cache-" + std::to_string(::getpid()));
  fs::create_directories(cache);
  ::setenv("SHITONG_CACHE_DIR", cache.c_str(), 1);
  doctest::Context context(argc, argv);
  int code = context.run();
  std::error_code ec;
  fs::remove_all(cache, ec);
  return code;
}
