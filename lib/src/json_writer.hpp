// Internal: a small streaming JSON writer with pretty or compact output and correct escaping.
#pragma once

#include <shitong/finding.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

class JsonWriter {
public:
  explicit JsonWriter(bool pretty = true) : m_pretty(pretty) {}

  JsonWriter &begin_object();
  JsonWriter &end_object();
  JsonWriter &begin_array();
  JsonWriter &end_array();
  JsonWriter &key(std::string_view k);
  JsonWriter &value(std::string_view v);
  JsonWriter &value(const char *v) { return value(std::string_view(v)); }
  JsonWriter &value(const std::string &v) { return value(std::string_view(v)); }
  JsonWriter &value(long long v);
  JsonWriter &value(int v) { return value(static_cast<long long>(v)); }
  JsonWriter &value(unsigned v) { return value(static_cast<long long>(v)); }
  JsonWriter &value(unsigned long v) { return value(static_cast<long long>(v)); }
  JsonWriter &value(double v);
  JsonWriter &value(bool v);
  JsonWriter &null();
  /// Inserts already-serialised JSON as a value.
  JsonWriter &raw(std::string_view json);

  const std::string &str() const { return m_out; }
  std::string take() { return std::move(m_out); }

private:
  void before_value();
  void newline();
  std::string m_out;
  bool m_pretty;
  struct Level {
    bool array;
    bool empty;
  };
  std::vector<Level> m_stack;
  bool m_after_key = false;
};

/// Writes one finding as the object of docs/format.md §10 (rule, severity, file, line, column, region,
/// item, path, message, related); used by every JSON report.
void write_finding(JsonWriter &w, const Finding &f, bool english);

/// Appends `s` as a JSON string literal (with quotes).
void append_json_string(std::string &out, std::string_view s);

} // namespace shitong::detail
