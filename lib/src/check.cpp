// The per-file checks: what check.hpp promises, run family by family (the rules themselves are
// in region_rules.cpp, item_rules.cpp and material_rules.cpp).
#include <shitong/check.hpp>

#include "check_internal.hpp"
#include "pattern.hpp"

#include <fmt/format.h>

namespace shitong {

struct CheckContext::Impl {
  bool builtin = true;
  Pattern pattern;
};

CheckContext::CheckContext(const Config &config) : m_impl(std::make_unique<Impl>()) {
  m_pattern_text = config.code_pattern.empty() ? std::string(k_default_code_pattern) : config.code_pattern;
  if (!config.code_pattern.empty() && config.code_pattern != k_default_code_pattern) {
    Pattern::Error error;
    m_impl->pattern = Pattern::compile(config.code_pattern, error);
    if (m_impl->pattern.valid())
      m_impl->builtin = false;
    else
      m_pattern_text = std::string(k_default_code_pattern); // the config loader reported the bad pattern
  }
}
CheckContext::~CheckContext() = default;

bool CheckContext::code_matches(const std::string &code) const {
  if (!m_impl->builtin) return m_impl->pattern.search(code);
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
  for (std::size_t i = 0; i < items.size(); ++i) {
    detail::check_item(f, ctx, i, items[i], e);
    detail::check_materials(items[i], fmt::format("items[{}]", i), e);
  }
  detail::check_item_duplicates(f, e);
}

void check_certificates(const LoadedFile &f, std::vector<Finding> &out) {
  detail::check_registry_scope(f, out);
}

} // namespace shitong
