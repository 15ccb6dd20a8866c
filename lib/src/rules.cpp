// The rule table (docs/format.md §8) seen from outside the library, and the one way findings
// are emitted. The rows themselves are in rules_internal.hpp (a compile-time table, so that a
// rule id in the code that names no row does not compile).
#include <shitong/rules.hpp>

#include "rules_internal.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace shitong {

const std::vector<RuleInfo> &rule_table() {
  static const std::vector<RuleInfo> table(std::begin(detail::k_rules), std::end(detail::k_rules));
  return table;
}

int rule_index(std::string_view id) {
  for (std::size_t i = 0; i < detail::k_rule_count; ++i)
    if (detail::k_rules[i].id == id) return static_cast<int>(i);
  return -1;
}

const RuleInfo *find_rule(std::string_view id) {
  int i = rule_index(id);
  return i < 0 ? nullptr : &detail::k_rules[static_cast<std::size_t>(i)];
}

bool makes_unreadable(std::string_view id) {
  const RuleInfo *r = find_rule(id);
  return r && r->unreadable;
}

std::string rule_doc_anchor(std::string_view id) {
  return fmt::format("docs/rules.md#{}", id);
}

const char *family_name(RuleFamily f) {
  switch (f) {
  case RuleFamily::file:
    return "file";
  case RuleFamily::catalog:
    return "catalog";
  case RuleFamily::item:
    return "item";
  case RuleFamily::level:
    return "level";
  case RuleFamily::cert:
    return "cert";
  case RuleFamily::meta:
    return "meta";
  }
  return "?";
}

const char *fixable_name(Fixable f) {
  switch (f) {
  case Fixable::no:
    return "no";
  case Fixable::safe:
    return "safe";
  case Fixable::align:
    return "align";
  case Fixable::unsafe:
    return "unsafe";
  }
  return "?";
}

namespace detail {

RuleId RuleId::of(std::string_view id) {
  int i = rule_index(id);
  if (i < 0) throw std::logic_error(fmt::format("shitong: rule id '{}' is not in the rule table", id));
  return RuleId(Index{static_cast<std::size_t>(i)});
}

Finding &emit(std::vector<Finding> &out, RuleId rule, Location where, Subject about, std::string zh, std::string en) {
  Finding f;
  f.rule = std::string(rule.id());
  f.severity = rule.info().severity;
  f.location = std::move(where);
  f.region = std::move(about.region);
  f.item = std::move(about.item);
  f.path = std::move(about.path);
  f.message_zh = std::move(zh);
  f.message_en = std::move(en);
  out.push_back(std::move(f));
  return out.back();
}

void retag(Finding &f, RuleId rule) {
  f.rule = std::string(rule.id());
  f.severity = rule.info().severity;
}

} // namespace detail

} // namespace shitong
