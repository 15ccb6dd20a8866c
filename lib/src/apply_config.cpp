// The configuration applied to raw findings, once per run: severities, `off`, the ignore
// entries of .shitong.yaml and inline `# shitong-ignore:` comments; and rule unused-ignore for
// entries and comments that silence nothing.
#include "apply_config.hpp"

#include "rules_internal.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace shitong {

void apply_config(std::vector<Finding> &findings, const Config &config,
                  const std::vector<InlineIgnores> &inline_ignores) {
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  std::vector<char> entry_used(config.ignores.size(), 0);
  // inline comments by file
  std::vector<std::vector<char>> comment_used(inline_ignores.size());
  for (std::size_t i = 0; i < inline_ignores.size(); ++i) comment_used[i].assign(inline_ignores[i].comments.size(), 0);
  // indexes, so that the cost is findings times the entries that can match, not times all
  // (a large catalog with a comment on every line was quadratic)
  std::unordered_map<std::string_view, std::vector<std::size_t>> entries_of_rule, comments_of_file;
  for (std::size_t i = 0; i < config.ignores.size(); ++i) entries_of_rule[config.ignores[i].rule].push_back(i);
  std::vector<std::unordered_multimap<std::uint32_t, std::size_t>> comments_of_line(inline_ignores.size());
  for (std::size_t i = 0; i < inline_ignores.size(); ++i) {
    comments_of_file[inline_ignores[i].file].push_back(i);
    for (std::size_t k = 0; k < inline_ignores[i].comments.size(); ++k)
      comments_of_line[i].emplace(inline_ignores[i].comments[k].target_line, k);
  }
  static const std::vector<std::size_t> k_none;
  auto lookup = [](const auto &index, std::string_view key) -> const std::vector<std::size_t> & {
    auto it = index.find(key);
    return it == index.end() ? k_none : it->second;
  };
  for (auto &f : findings) {
    auto sev = config.severity_of(f.rule);
    if (!sev) continue;
    f.severity = *sev;
    bool silenced = false;
    if (!detail::is_rule(f, "config")) {
      for (std::size_t i : lookup(entries_of_rule, f.rule)) {
        const auto &g = config.ignores[i];
        if (!g.region.empty() && g.region != f.region) continue;
        if (!g.item.empty() && g.item != f.item) continue;
        if (!g.path.empty() && f.path.rfind(g.path, 0) != 0) continue;
        if (!g.file.empty() &&
            (f.location.file.size() < g.file.size() ||
             f.location.file.compare(f.location.file.size() - g.file.size(), g.file.size(), g.file) != 0))
          continue;
        entry_used[i] = 1;
        silenced = true;
      }
      for (std::size_t i : lookup(comments_of_file, f.location.file)) {
        const auto &cs = inline_ignores[i].comments;
        for (auto [it, end] = comments_of_line[i].equal_range(f.location.line); it != end; ++it)
          if (std::size_t k = it->second; cs[k].rule == f.rule) {
            comment_used[i][k] = 1;
            silenced = true;
          }
      }
    }
    if (!silenced) kept.push_back(std::move(f));
  }
  auto unused_sev = config.severity_of(detail::RuleId("unused-ignore").id());
  if (unused_sev) {
    for (std::size_t i = 0; i < config.ignores.size(); ++i) {
      if (entry_used[i]) continue;
      const auto &g = config.ignores[i];
      detail::emit(kept, "unused-ignore", g.location, {g.region, g.item, fmt::format("ignore[{}]", i)},
                   fmt::format("忽略条目（规则 {}{}{}）没有忽略任何发现；差异已消除时请删除此条目", g.rule,
                               g.region.empty() ? "" : "，区划 " + g.region, g.item.empty() ? "" : "，事项 " + g.item),
                   fmt::format("ignore entry (rule {}{}{}) silences nothing; remove it if the deviation is gone",
                               g.rule, g.region.empty() ? "" : ", region " + g.region,
                               g.item.empty() ? "" : ", item " + g.item))
          .severity = *unused_sev;
    }
    for (std::size_t i = 0; i < inline_ignores.size(); ++i)
      for (std::size_t k = 0; k < inline_ignores[i].comments.size(); ++k) {
        if (comment_used[i][k]) continue;
        const auto &c = inline_ignores[i].comments[k];
        std::string zh, en;
        if (c.rule.empty()) {
          zh = "shitong-ignore 注释缺少规则名；格式：# shitong-ignore: <规则> <理由>";
          en = "shitong-ignore comment names no rule; write # shitong-ignore: <rule> <reason>";
        } else if (!find_rule(c.rule)) {
          zh = fmt::format("shitong-ignore 注释中的规则「{}」不存在；格式：# shitong-ignore: <规则> <理由>", c.rule);
          en = fmt::format("unknown rule '{}' in shitong-ignore comment; write # shitong-ignore: <rule> <reason>",
                           c.rule);
        } else {
          zh = fmt::format("shitong-ignore 注释（规则 {}）没有忽略任何发现；请删除或移到出现发现的那一行", c.rule);
          en = fmt::format(
              "shitong-ignore comment (rule {}) silences nothing; remove it or move it to the line of the finding",
              c.rule);
        }
        detail::emit(kept, "unused-ignore", Location{inline_ignores[i].file, c.line, c.column, {}}, {}, std::move(zh),
                     std::move(en))
            .severity = *unused_sev;
      }
  }
  findings = std::move(kept);
}

} // namespace shitong
