// The per-file checks: what check.hpp promises, run family by family (the rules themselves are
// in region_rules.cpp, item_rules.cpp and material_rules.cpp).
#include <shitong/check.hpp>

#include "check_internal.hpp"
#include "code_checks.hpp"
#include "code_profile.hpp"
#include "pattern.hpp"

#include <fmt/format.h>

namespace shitong {

struct CheckContext::Impl {
  bool builtin = true;
  Pattern pattern;
  const CodeProfile *profile = nullptr;
  std::shared_ptr<const CodeProfile> defined; ///< the office's own profile, kept alive here
};

CheckContext::CheckContext(const Config &config) : m_impl(std::make_unique<Impl>()) {
  if (config.defined_profile && config.defined_profile->name == config.code_profile) {
    m_impl->defined = config.defined_profile;
    m_impl->profile = m_impl->defined.get();
  } else {
    m_impl->profile = find_profile(config.code_profile);
  }
  if (!m_impl->profile) m_impl->profile = find_profile("national");
  const std::string &own = m_impl->profile->basic.front().pattern.text();
  m_pattern_text = config.code_pattern.empty() ? own : config.code_pattern;
  if (m_impl->profile->name != "national" && config.code_pattern.empty()) {
    m_impl->builtin = false; // the profile's own forms
  } else if (!config.code_pattern.empty() && config.code_pattern != k_default_code_pattern) {
    Pattern::Error error;
    m_impl->pattern = Pattern::compile(config.code_pattern, error);
    if (m_impl->pattern.valid())
      m_impl->builtin = false;
    else
      m_pattern_text = std::string(k_default_code_pattern); // the config loader reported the bad pattern
  }
}
CheckContext::~CheckContext() = default;

bool CheckContext::pattern_configured() const {
  return m_impl->pattern.valid();
}

const CodeProfile &CheckContext::profile() const {
  return *m_impl->profile;
}

bool CheckContext::code_matches(const std::string &code) const {
  if (m_impl->pattern.valid()) return m_impl->pattern.search(code);
  if (!m_impl->builtin) return m_impl->profile->form_of(code) != nullptr;
  if (code.size() != 12) return false;
  for (char c : code)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

void check_catalog(const LoadedFile &f, const CheckContext &ctx, std::vector<Finding> &out) {
  if (f.kind != DocKind::catalog || !f.readable) return;
  detail::FileEmitter e(f, out);
  detail::check_catalog_region(f, e);
  const auto &items = f.catalog.items.items;
  const AgencyIndex agencies(f.catalog);
  for (std::size_t i = 0; i < items.size(); ++i) {
    detail::check_item(f, ctx, i, items[i], agencies, e);
    detail::check_materials(items[i], fmt::format("items[{}]", i), e);
  }
  detail::check_item_duplicates(f, e);
  check_agency_consistency(f.catalog,
                           [&](std::size_t i, detail::RuleId rule, Pos pos, std::string_view sub, std::string zh,
                               std::string en) -> Finding & {
                             return e.emit(rule, pos, fmt::format("items[{}].{}", i, sub), items[i].code.value,
                                           std::move(zh), std::move(en));
                           });
}

void check_certificates(const LoadedFile &f, std::vector<Finding> &out) {
  detail::check_registry_scope(f, out);
}

} // namespace shitong
