// Harness: a whole `validate` run over a small repository: the bundled Shandong province
// catalog (the parent), the bundled national and Shandong proof registries, and the fuzzed file
// as a Jinan catalog below them; then every report writer on the result.
#include "common.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace shitong;
namespace fs = std::filesystem;

namespace {
const fs::path &repository() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("shitong-fuzz-run-" + std::to_string(::getpid()));
    fs::create_directories(d / "证明事项");
    fs::path src = SHITONG_SOURCE_DIR "/catalogs";
    fs::copy_file(src / "山东省/370000-山东省.yaml", d / "370000-山东省.yaml", fs::copy_options::overwrite_existing);
    for (const char *r : {"000000-全国.yaml", "370000-山东省.yaml"})
      fs::copy_file(src / "证明事项" / r, d / "证明事项" / r, fs::copy_options::overwrite_existing);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(fs::temp_directory_path() / ("shitong-fuzz-run-" + std::to_string(::getpid())), ec);
    });
    return d;
  }();
  return dir;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const fs::path &dir = repository();
  {
    std::ofstream out(dir / "370100-fuzz.yaml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
  }
  ValidateOptions opt;
  opt.paths = {dir.string()};
  opt.jobs = 1;
  ValidateResult r = validate(opt);
  fuzz::require(r.errors.empty(), "run error", r.errors.empty() ? "" : r.errors.front());
  fuzz::check_reports(r);
  return 0;
}
