// The summaries of a fix plan (fix.hpp): JSON for tools, text for people, and the printed diff.
// Text goes to a terminal: control characters of paths and values become visible escapes.
#include <shitong/fix.hpp>

#include "json_writer.hpp"
#include "sanitize.hpp"

#include <fmt/format.h>

#include <map>

namespace shitong {

namespace {

/// Findings fixed per rule, over all files (an edit counts once per finding it fixes).
std::map<std::string, std::size_t> fixed_per_rule(const FixPlan &plan) {
  std::map<std::string, std::size_t> out;
  for (const auto &f : plan.files)
    for (const auto &e : f.edits)
      for (const auto &r : e.rules) ++out[r];
  return out;
}

std::size_t fixed_findings(const FileFix &f) {
  std::size_t n = 0;
  for (const auto &e : f.edits) n += e.rules.size();
  return n;
}

const std::string *write_error(const std::vector<FixWritten> &written, const std::string &path) {
  for (const auto &w : written)
    if (w.path == path) return &w.error;
  return nullptr;
}

constexpr std::size_t k_examples = 5;

/// The findings left for a person, grouped by the reason (in first-seen order).
std::vector<std::pair<std::string, std::vector<const FixLeft *>>> left_by_reason(const FixPlan &plan, bool english) {
  std::vector<std::pair<std::string, std::vector<const FixLeft *>>> out;
  std::map<std::string, std::size_t> index;
  for (const auto &l : plan.left) {
    const std::string &why = english ? l.why_en : l.why_zh;
    auto [it, fresh] = index.emplace(why, out.size());
    if (fresh) out.emplace_back(why, std::vector<const FixLeft *>{});
    out[it->second].second.push_back(&l);
  }
  return out;
}

} // namespace

std::string format_fix_json(const FixPlan &plan, const std::vector<FixWritten> &written, bool english) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("files").begin_array();
  for (const auto &f : plan.files) {
    w.begin_object();
    w.key("path").value(f.path);
    w.key("fixes").value(static_cast<unsigned long>(f.edits.size()));
    w.key("findings").value(static_cast<unsigned long>(fixed_findings(f)));
    if (const std::string *err = write_error(written, f.path)) {
      w.key("written").value(err->empty());
      if (!err->empty()) w.key("error").value(*err);
    }
    w.key("edits").begin_array();
    for (const auto &e : f.edits) {
      w.begin_object();
      w.key("line").value(static_cast<unsigned>(e.line));
      w.key("begin").value(static_cast<unsigned long>(e.begin));
      w.key("end").value(static_cast<unsigned long>(e.end));
      w.key("rules").begin_array();
      for (const auto &r : e.rules) w.value(r);
      w.end_array();
      w.key("note").value(e.note);
      w.key("replacement").value(e.replacement);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("by_rule").begin_object();
  for (const auto &[rule, n] : fixed_per_rule(plan)) w.key(rule).value(static_cast<unsigned long>(n));
  w.end_object();
  w.key("left").begin_array();
  for (const auto &l : plan.left) {
    w.begin_object();
    w.key("file").value(l.file);
    w.key("line").value(static_cast<unsigned>(l.line));
    w.key("rule").value(l.rule);
    if (!l.item.empty()) w.key("item").value(l.item);
    w.key("why").value(english ? l.why_en : l.why_zh);
    w.end_object();
  }
  w.end_array();
  w.key("manual").value(static_cast<unsigned long>(plan.manual));
  w.key("passes").value(static_cast<unsigned long>(plan.passes));
  w.key("converged").value(plan.converged);
  w.end_object();
  return w.take() + "\n";
}

std::string format_fix_diff(const FixPlan &plan) {
  std::string out;
  for (const auto &f : plan.files) out += unified_diff(f.path, f.original, f.edits);
  return detail::terminal_diff(out); // the files' bytes are written by --write, never printed raw
}

std::string format_fix_summary(const FixPlan &plan, const std::vector<FixWritten> &written, bool write, bool english) {
  std::string out;
  std::size_t edits = 0, findings = 0;
  for (const auto &f : plan.files) {
    edits += f.edits.size();
    findings += fixed_findings(f);
  }
  if (plan.files.empty()) {
    out += english ? "shitong fix: nothing to fix\n" : "shitong fix：没有可修复的内容\n";
  } else {
    const char *zh = write ? "shitong fix：在 {} 个文件中修复了 {} 处（{} 条发现）\n"
                           : "shitong fix：{} 个文件中有 {} 处可修复（{} 条发现）；加 --write 写入\n";
    const char *en = write ? "shitong fix: {0} file(s), {1} fix(es) applied ({2} finding(s))\n"
                           : "shitong fix: {0} file(s), {1} fix(es) possible ({2} finding(s)); --write applies them\n";
    out += fmt::format(fmt::runtime(english ? en : zh), plan.files.size(), edits, findings);
    out += english ? "  per rule:\n" : "  按规则：\n";
    for (const auto &[rule, n] : fixed_per_rule(plan)) out += fmt::format("    {:<26} {}\n", rule, n);
    out += english ? "  per file:\n" : "  按文件：\n";
    for (const auto &f : plan.files) {
      out += fmt::format("    {}  {}\n", f.path, fixed_findings(f));
      if (const std::string *err = write_error(written, f.path); err && !err->empty())
        out += fmt::format(fmt::runtime(english ? "      not written: {}\n" : "      未写入：{}\n"), *err);
    }
  }
  if (!plan.left.empty()) {
    out += fmt::format(fmt::runtime(english ? "left for a person ({}):\n" : "留待人工处理（{} 条）：\n"),
                       plan.left.size());
    for (const auto &[why, entries] : left_by_reason(plan, english)) {
      out += fmt::format(fmt::runtime(english ? "  {} ({}):\n" : "  {}（{} 条）：\n"), why, entries.size());
      for (std::size_t i = 0; i < entries.size() && i < k_examples; ++i)
        out += fmt::format("    {}:{}: [{}]\n", entries[i]->file, entries[i]->line, entries[i]->rule);
      if (entries.size() > k_examples)
        out += fmt::format(fmt::runtime(english ? "    … {} more (--format json lists every one)\n"
                                                : "    ……另有 {} 条（--format json 列出全部）\n"),
                           entries.size() - k_examples);
    }
  }
  if (!plan.converged)
    out += fmt::format(fmt::runtime(english ? "after {} passes there is still more to fix (a repaired syntax error or "
                                              "overlapping fixes uncovered more): run fix once more\n"
                                            : "修复了 {} 遍仍未完成（语法修复或重叠的修复之后还有可修复的内容）："
                                              "请再运行一次 fix\n"),
                       plan.passes);
  if (plan.manual > 0)
    out += fmt::format(fmt::runtime(english ? "{} finding(s) of rules fix cannot repair: see shitong validate\n"
                                            : "另有 {} 条发现所属的规则不能自动修复，见 shitong validate\n"),
                       plan.manual);
  return detail::terminal_lines(out); // paths and reasons quote the files
}

} // namespace shitong
