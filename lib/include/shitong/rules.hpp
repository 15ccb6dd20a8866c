// The rule table: every rule the toolkit knows, in one place. `shitong rules`, the docs, the
// configuration and the fixtures test all read this table.
#pragma once

#include <shitong/finding.hpp>

#include <string_view>
#include <vector>

namespace shitong {

enum class RuleFamily : std::uint8_t { file, catalog, item, level, cert, meta };

/// Whether `shitong fix` can repair a finding of the rule (docs/fix.md): not at all, always
/// (the right value follows from the file alone), with --align (the upper catalog's value),
/// or only with --unsafe (a person should look at it).
enum class Fixable : std::uint8_t { no, safe, align, unsafe };

struct RuleInfo {
  std::string_view id; ///< stable kebab-case id
  Severity severity;   ///< default severity
  RuleFamily family;
  std::string_view summary_zh; ///< one line
  std::string_view summary_en; ///< one line
  /// A finding of this rule means the file could not be read as a document at all (the
  /// cause reports name for a file that could not be checked).
  bool unreadable = false;
  Fixable fixable = Fixable::no; ///< what `shitong fix` can do about it
  std::string_view fix_zh;       ///< how it fixes it, one short Chinese line ("" when not fixable)
};

/// All rules, in documentation order.
const std::vector<RuleInfo> &rule_table();
/// The rule with this id, or nullptr.
const RuleInfo *find_rule(std::string_view id);
/// Index of the rule in rule_table(), or -1.
int rule_index(std::string_view id);
/// True when `id` is a rule whose finding means the file could not be read (RuleInfo::unreadable).
bool makes_unreadable(std::string_view id);
/// The docs anchor: "docs/rules.md#<id>".
std::string rule_doc_anchor(std::string_view id);
const char *family_name(RuleFamily f);
/// "no" / "safe" / "align" / "unsafe".
const char *fixable_name(Fixable f);

} // namespace shitong
