// `.shitong.yaml`: read through the same libyaml reader as catalogs; every problem of the file
// becomes a finding of rule `config` with its line and column.
#include <shitong/config.hpp>
#include <shitong/rules.hpp>

#include "code_profile.hpp"
#include "pattern.hpp"
#include "profile_config.hpp"
#include "reader.hpp"
#include "rules_internal.hpp"
#include "util.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace shitong {

std::optional<Severity> Config::severity_of(std::string_view rule) const {
  int i = rule_index(rule);
  if (i < 0) return Severity::error;
  signed char o = static_cast<std::size_t>(i) < m_overrides.size() ? m_overrides[static_cast<std::size_t>(i)] : -1;
  if (o == 3) return std::nullopt;
  if (o >= 0) return static_cast<Severity>(o);
  return rule_table()[static_cast<std::size_t>(i)].severity;
}

void Config::set_rule(std::string_view rule, std::optional<Severity> severity) {
  int i = rule_index(rule);
  if (i < 0) return;
  if (m_overrides.size() < rule_table().size()) m_overrides.resize(rule_table().size(), -1);
  m_overrides[static_cast<std::size_t>(i)] = severity ? static_cast<signed char>(*severity) : 3;
}

std::string Config::fingerprint() const {
  std::string s = fmt::format("fail_on={};pattern={};profile={};limits={},{},{};", severity_name(fail_on), code_pattern,
                              code_profile, limits.findings_per_file, limits.items_per_catalog, limits.text_length);
  if (defined_profile) s += "defined=" + defined_profile->fingerprint() + ";";
  for (std::size_t i = 0; i < m_overrides.size(); ++i)
    if (m_overrides[i] >= 0) s += fmt::format("{}={};", rule_table()[i].id, static_cast<int>(m_overrides[i]));
  for (auto &g : ignores) s += fmt::format("ignore={}|{}|{}|{}|{};", g.rule, g.region, g.item, g.path, g.file);
  return s;
}

namespace {
void config_finding(Config &c, Pos pos, std::string path, std::string zh, std::string en) {
  detail::emit(c.findings, "config", Location{c.source, pos.line, pos.column, {}}, {{}, {}, std::move(path)},
               std::move(zh), std::move(en));
}

std::vector<std::string_view> rule_ids() {
  std::vector<std::string_view> ids;
  for (auto &r : rule_table()) ids.push_back(r.id);
  return ids;
}

/// `code_profiles:` checked and built, and the profile `code_profile:` names: a shipped one, a
/// usable definition, or (for a broken definition or an unknown name) a finding and national.
void select_profile(Config &c, const detail::ConfigDoc &doc) {
  auto defined =
      define_profiles(doc.code_profiles, c.findings, [&](Pos pos, std::string path, std::string zh, std::string en) {
        config_finding(c, pos, std::move(path), std::move(zh), std::move(en));
      });
  if (!doc.code_profile.present) return;
  const std::string &name = doc.code_profile.value;
  if (find_profile(name)) {
    c.code_profile = name;
    return;
  }
  for (auto &p : defined.usable)
    if (p->name == name) {
      c.code_profile = name;
      c.defined_profile = p;
      return;
    }
  if (std::find(defined.broken.begin(), defined.broken.end(), name) != defined.broken.end()) {
    config_finding(c, doc.code_profile.pos, "code_profile",
                   fmt::format("编码方案「{}」的定义有误（见 code_profiles.{} 的问题），未使用；本次按全国编码方案检查",
                               name, name),
                   fmt::format("the definition of code profile '{}' has mistakes (see code_profiles.{}) and is not "
                               "used; this run checks codes with the national profile",
                               name, name));
    return;
  }
  std::vector<std::string_view> names = profile_names();
  for (auto &p : defined.usable) names.push_back(p->name);
  const auto best = detail::nearest(name, names);
  const std::string hint_zh = best.empty() ? "" : fmt::format("，是否应为「{}」？", best);
  const std::string hint_en = best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best);
  config_finding(c, doc.code_profile.pos, "code_profile",
                 fmt::format("未知编码方案「{}」{}{}可选：{}；或在 code_profiles 中定义", name, hint_zh,
                             best.empty() ? "；" : "", detail::join(names, "、")),
                 fmt::format("unknown code profile '{}'{}; known: {}, or define it under code_profiles", name, hint_en,
                             detail::join(names, ", ")));
}
} // namespace

Config load_config(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Config c;
    c.source = path;
    config_finding(c, {0, 0}, {}, fmt::format("无法读取配置文件：{}", std::strerror(errno)),
                   fmt::format("cannot read the config file: {}", std::strerror(errno)));
    return c;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_config(path, ss.str());
}

Config parse_config(const std::string &path, std::string_view text) {
  Config c;
  c.source = path;
  std::string_view content = text;
  if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  if (detail::find_invalid_utf8(content) != std::string_view::npos) {
    config_finding(c, {1, 1}, {}, "配置文件不是 UTF-8 编码", "the config file is not UTF-8");
    return c;
  }
  detail::ConfigDoc doc;
  std::vector<Finding> raw;
  {
    detail::Reader reader(path, content, LoadLimits{}, raw);
    reader.read_config(doc);
  }
  bool broken = false;
  for (auto &f : raw) { // every problem of the config file is rule `config`
    broken = broken || detail::is_rule(f, "yaml-syntax");
    f.message_zh = fmt::format("配置文件有误（{}）：{}", f.rule, f.message_zh);
    f.message_en = fmt::format("config file problem ({}): {}", f.rule, f.message_en);
    detail::retag(f, "config");
    c.findings.push_back(std::move(f));
  }
  if (broken) { // a half-read config could turn rules off by accident: use none of it
    c.findings.back().message_zh += "；本次运行未使用此配置文件中的任何设置";
    c.findings.back().message_en += "; none of this config file's settings are used in this run";
    return c;
  }
  if (doc.fail_on.present) parse_severity(doc.fail_on.value, c.fail_on);
  if (doc.lang.present) c.english = doc.lang.value == "en";
  if (doc.code_pattern.present) {
    Pattern::Error error;
    if (Pattern::compile(doc.code_pattern.value, error).valid())
      c.code_pattern = doc.code_pattern.value;
    else
      config_finding(c, doc.code_pattern.pos, "code_pattern", fmt::format("code_pattern 不可用：{}", error.zh),
                     fmt::format("code_pattern unusable: {}", error.en));
  }
  select_profile(c, doc);
  auto limit = [](const Int &v, std::uint32_t &out) { // below 1: already a wrong-type finding
    if (v.present && v.value >= 1) out = static_cast<std::uint32_t>(std::min<long long>(v.value, 0xFFFFFFFFll));
  };
  limit(doc.limits.findings_per_file, c.limits.findings_per_file);
  limit(doc.limits.items_per_catalog, c.limits.items_per_catalog);
  limit(doc.limits.text_length, c.limits.text_length);
  static const std::vector<std::string_view> values = {"error", "warning", "info", "off"};
  // "did you mean" costs an edit distance against every rule id: offered for the first few
  // hundred unknown ids only, so a crafted config with a million of them stays linear
  static const std::vector<std::string_view> ids = rule_ids();
  constexpr std::size_t k_max_suggestions = 200;
  std::size_t suggestions = 0;
  for (auto &e : doc.rules.entries) {
    if (!find_rule(e.rule.value)) {
      auto best = ++suggestions > k_max_suggestions ? std::string_view() : detail::nearest(e.rule.value, ids);
      config_finding(c, e.rule.pos, "rules." + e.rule.value,
                     best.empty() ? fmt::format("未知规则「{}」；用 shitong rules 查看全部规则", e.rule.value)
                                  : fmt::format("未知规则「{}」，是否应为「{}」？（shitong rules 列出全部规则）",
                                                e.rule.value, best),
                     fmt::format("unknown rule '{}'{}; `shitong rules` lists them", e.rule.value,
                                 best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best)));
      continue;
    }
    if (!e.value.present) continue;
    Severity s;
    if (e.value.value == "off")
      c.set_rule(e.rule.value, std::nullopt);
    else if (parse_severity(e.value.value, s))
      c.set_rule(e.rule.value, s);
    else
      config_finding(
          c, e.value.pos, "rules." + e.rule.value,
          fmt::format("规则「{}」的级别「{}」无效；应为 error、warning、info 或 off", e.rule.value, e.value.value),
          fmt::format("severity '{}' of rule '{}' is invalid; use error, warning, info or off", e.value.value,
                      e.rule.value));
  }
  for (std::size_t i = 0; i < doc.ignore.size(); ++i) {
    auto &g = doc.ignore.items[i];
    if (!g.rule.present || !g.reason.present) continue; // missing-field already reported
    if (!find_rule(g.rule.value)) {
      auto best = ++suggestions > k_max_suggestions ? std::string_view() : detail::nearest(g.rule.value, ids);
      config_finding(
          c, g.rule.pos, fmt::format("ignore[{}].rule", i),
          fmt::format("未知规则「{}」{}", g.rule.value, best.empty() ? "" : fmt::format("，是否应为「{}」？", best)),
          fmt::format("unknown rule '{}'{}", g.rule.value,
                      best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best)));
      continue;
    }
    IgnoreEntry entry{g.rule.value,
                      g.region.value,
                      g.item.value,
                      g.path.value,
                      g.file.value,
                      g.reason.value,
                      Location{path, g.pos.line, g.pos.column, {}}};
    c.ignores.push_back(std::move(entry));
  }
  return c;
}

std::optional<std::string> find_config(const std::string &start_dir) {
  std::error_code ec;
  auto dir = std::filesystem::absolute(start_dir, ec);
  if (ec) return std::nullopt;
  for (int guard = 0; guard < 256; ++guard) {
    auto candidate = dir / ".shitong.yaml";
    if (std::filesystem::is_regular_file(candidate, ec)) return std::filesystem::proximate(candidate, ec).string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

} // namespace shitong
