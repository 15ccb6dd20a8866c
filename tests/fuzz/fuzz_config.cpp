// Harness: the `.shitong.yaml` loader, and a code_pattern it accepts compiled and matched; an
// office's own code profile it accepts is whole (forms, a joined implementation pattern, each
// segment's group inside it) and matched too.
#include "common.hpp"

#include "code_profile.hpp"

#include <shitong/check.hpp>
#include <shitong/config.hpp>

using namespace shitong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  Config c = parse_config(".shitong.yaml", fuzz::as_text(data, size));
  for (const Finding &f : c.findings) fuzz::require(f.rule == "config", "config finding of another rule", f.rule);
  CheckContext context(c);
  (void)context.code_matches("370102000000000");
  (void)context.code_matches(std::string(4096, '3'));
  if (const auto &p = c.defined_profile) {
    fuzz::require(p->name == c.code_profile, "a defined profile that code_profile does not name", p->name);
    fuzz::require(&context.profile() == p.get(), "the defined profile is not the active one", p->name);
    fuzz::require(!p->basic.empty() && p->implementation.valid(), "a defined profile without forms or layout");
    for (const Segment &g : p->segments)
      fuzz::require(g.group < p->implementation.groups(), "a segment outside the joined pattern", g.name);
    std::vector<std::string> parts;
    (void)p->implementation.full_match("37X0000001.370102000000.11370102MB2853824D.001", parts);
    (void)p->form_of("37X0000001");
  }
  return 0;
}
