// shitong rules: the rule table, as text or JSON.
#include "cli.hpp"

#include <shitong/rules.hpp>

#include <shitong/report.hpp>

#include <fmt/format.h>

#include <ostream>

namespace shitong::cli {

namespace {
struct RulesArgs : CommonArgs {};

int run_rules(const RulesArgs &a, Io &io) {
  bool en = a.english();
  if (a.format == "json") {
    io.out << format_rules_json();
    return k_ok;
  }
  std::size_t width = 0;
  for (const auto &r : rule_table()) width = std::max(width, r.id.size());
  for (const auto &r : rule_table())
    io.out << fmt::format("{:<{}}  {:<7}  {:<6}  {}\n", r.id, width, severity_name(r.severity), fixable_name(r.fixable),
                          en ? r.summary_en : r.summary_zh);
  io.out << (en ? "Third column: what `shitong fix` can do (safe: by default; align: with --align; unsafe: with "
                  "--unsafe; no: a person fixes it). Details and examples: docs/rules.md#<rule-id>\n"
                : "第三列：shitong fix 能否修复（safe 默认修复；align 需 --align；unsafe 需 --unsafe；no "
                  "需人工修改）。详细说明和示例：docs/rules.md#<规则>\n");
  return k_ok;
}
} // namespace

void setup_rules(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<RulesArgs>();
  auto *cmd =
      app.add_subcommand("rules", tr(io, "列出全部规则及其默认级别", "list every rule with its default severity"));
  add_format(*cmd, *args, {"text", "json"}, tr(io, "输出格式", "output format"), "text", io);
  add_common(*cmd, *args, k_opt_lang, io);
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_rules(*args, io); }; });
}

} // namespace shitong::cli
