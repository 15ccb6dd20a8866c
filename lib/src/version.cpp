#include <shitong/version.hpp>

namespace shitong {

const char *version_string() {
  return SHITONG_VERSION;
}

} // namespace shitong
