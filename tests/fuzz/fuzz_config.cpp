// Harness: the `.shitong.yaml` loader, and a code_pattern it accepts compiled and matched.
#include "common.hpp"

#include <shitong/check.hpp>
#include <shitong/config.hpp>

using namespace shitong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  Config c = parse_config(".shitong.yaml", fuzz::as_text(data, size));
  for (const Finding &f : c.findings) fuzz::require(f.rule == "config", "config finding of another rule", f.rule);
  CheckContext context(c);
  (void)context.code_matches("370102000000000");
  (void)context.code_matches(std::string(4096, '3'));
  return 0;
}
