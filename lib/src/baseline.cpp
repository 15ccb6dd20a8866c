#include <shitong/baseline.hpp>
#include <shitong/report.hpp>
#include <shitong/version.hpp>

#include "json_writer.hpp"
#include "reader.hpp"
#include "rules_internal.hpp"

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace shitong {

std::string baseline_json(const ValidateResult &r) {
  std::map<std::string, std::pair<const Finding *, long long>> keys;
  for (const auto &f : r.findings) {
    auto &e = keys[stable_key(f)];
    if (!e.first) e.first = &f;
    ++e.second;
  }
  detail::JsonWriter w;
  w.begin_object();
  w.key("tool").value("shitong");
  w.key("version").value(version_string());
  w.key("entries").begin_array();
  for (const auto &[key, e] : keys) {
    const Finding &f = *e.first;
    w.begin_object();
    w.key("key").value(key);
    w.key("rule").value(f.rule);
    w.key("region").value(f.region);
    w.key("item").value(f.item);
    w.key("path").value(f.path);
    w.key("message").value(f.message_zh);
    w.key("count").value(e.second);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take() + "\n";
}

Baseline load_baseline(const std::string &path) {
  Baseline b;
  std::ifstream in(path, std::ios::binary);
  auto problem = [&](std::string zh, std::string en) {
    detail::emit(b.problems, "config", Location{path, 0, 0, {}, false}, {}, std::move(zh), std::move(en));
  };
  if (!in) {
    problem(fmt::format("无法读取基线文件：{}", std::strerror(errno)),
            fmt::format("cannot read the baseline file: {}", std::strerror(errno)));
    return b;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  detail::BaselineDoc doc;
  std::vector<Finding> raw;
  {
    detail::Reader reader(path, text, LoadLimits{}, raw);
    if (!reader.read_baseline(doc) && raw.empty()) problem("基线文件为空", "the baseline file is empty");
  }
  for (auto &f : raw) {
    f.message_zh = fmt::format("基线文件有误（{}）：{}", f.rule, f.message_zh);
    f.message_en = fmt::format("baseline file problem ({}): {}", f.rule, f.message_en);
    detail::retag(f, "config");
    b.problems.push_back(std::move(f));
  }
  for (const auto &e : doc.entries.items)
    b.entries.push_back({e.key.value, e.rule.value, e.region.value, e.item.value, e.path.value, e.message.value,
                         e.count.present ? e.count.value : 1});
  return b;
}

std::vector<BaselineEntry> apply_baseline(ValidateResult &r, const Baseline &b) {
  std::map<std::string, long long> left;
  for (const auto &e : b.entries) left[e.key] += e.count;
  std::vector<Finding> kept;
  for (auto &f : r.findings) {
    auto it = left.find(stable_key(f));
    if (it != left.end() && it->second > 0) {
      --it->second;
      continue;
    }
    kept.push_back(std::move(f));
  }
  r.findings = std::move(kept);
  r.summary.by_severity = {};
  for (const auto &f : r.findings) ++r.summary.by_severity[static_cast<std::size_t>(f.severity)];
  std::vector<BaselineEntry> stale;
  std::map<std::string, bool> reported;
  for (const auto &e : b.entries) {
    auto it = left.find(e.key);
    if (it == left.end() || it->second <= 0 || reported[e.key]) continue;
    reported[e.key] = true;
    BaselineEntry s = e;
    s.count = it->second;
    stale.push_back(std::move(s));
  }
  return stale;
}

} // namespace shitong
