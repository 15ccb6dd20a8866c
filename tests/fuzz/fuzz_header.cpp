// Harness: the header scan (kind, region, parent from the first bytes of a file), on the whole
// input and on its 16 KiB prefix as the pipeline reads it.
#include "common.hpp"

#include "validate_internal.hpp"

using namespace shitong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  detail::Header whole = detail::scan_header(text);
  detail::Header prefix = detail::scan_header(text.substr(0, 16u << 10));
  (void)whole;
  (void)prefix;
  return 0;
}
