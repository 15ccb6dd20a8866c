#include <shitong/regions.hpp>

#include <algorithm>
#include <string>
#include <unordered_map>

namespace shitong::detail {
extern const char k_areacodes_csv[];
}

namespace shitong {

namespace {

struct Row {
  std::string code, province, city, name, level, status, start, end;
  std::vector<std::string> next;
};

struct Table {
  std::unordered_map<std::string, std::vector<Row>> rows; // all rows of a code
  static const Table &get() {
    static const Table t = build();
    return t;
  }
  static Table build() {
    Table t;
    std::string_view csv(detail::k_areacodes_csv);
    std::size_t pos = 0;
    bool header = true;
    while (pos < csv.size()) {
      auto nl = csv.find('\n', pos);
      auto line = csv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      pos = nl == std::string_view::npos ? csv.size() : nl + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (header || line.empty()) {
        header = false;
        continue;
      }
      std::vector<std::string> cols;
      std::size_t s = 0;
      while (true) {
        auto c = line.find(',', s);
        cols.emplace_back(line.substr(s, c == std::string_view::npos ? std::string_view::npos : c - s));
        if (c == std::string_view::npos) break;
        s = c + 1;
      }
      if (cols.size() < 9) continue;
      Row r{cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], {}};
      std::string_view n = cols[8];
      std::size_t a = 0;
      while (a < n.size()) {
        auto b = n.find(';', a);
        auto part = n.substr(a, b == std::string_view::npos ? std::string_view::npos : b - a);
        auto br = part.find('[');
        if (br != std::string_view::npos) part = part.substr(0, br);
        if (!part.empty()) r.next.emplace_back(part);
        if (b == std::string_view::npos) break;
        a = b + 1;
      }
      t.rows[r.code].push_back(std::move(r));
    }
    return t;
  }
  const Row *current(const std::string &code) const {
    auto it = rows.find(code);
    if (it == rows.end()) return nullptr;
    for (auto &r : it->second)
      if (r.status == "在用") return &r;
    return nullptr;
  }
};

void collect_current(const Table &t, const std::string &code, int depth,
                     std::vector<std::pair<std::string, std::string>> &out) {
  if (depth > 8) return;
  if (const Row *r = t.current(code)) {
    for (auto &[c, n] : out)
      if (c == code) return;
    out.emplace_back(code, r->name);
    return;
  }
  auto it = t.rows.find(code);
  if (it == t.rows.end()) return;
  const Row &last = it->second.back();
  for (auto &n : last.next)
    if (n != code) collect_current(t, n, depth + 1, out);
}

} // namespace

const char *level_key(RegionLevel level) {
  switch (level) {
  case RegionLevel::province:
    return "province";
  case RegionLevel::city:
    return "city";
  case RegionLevel::county:
    return "county";
  }
  return "?";
}

const char *level_zh(RegionLevel level) {
  switch (level) {
  case RegionLevel::province:
    return "省";
  case RegionLevel::city:
    return "市";
  case RegionLevel::county:
    return "县";
  }
  return "?";
}

bool parse_level(std::string_view text, RegionLevel &out) {
  if (text == "province")
    out = RegionLevel::province;
  else if (text == "city")
    out = RegionLevel::city;
  else if (text == "county")
    out = RegionLevel::county;
  else
    return false;
  return true;
}

RegionLevel level_from_code(std::string_view code) {
  if (code.size() == 6 && code.substr(2) == "0000") return RegionLevel::province;
  if (code.size() == 6 && code.substr(4) == "00") return RegionLevel::city;
  return RegionLevel::county;
}

bool is_municipality_code(std::string_view code) {
  auto p = code.substr(0, 2);
  return p == "11" || p == "12" || p == "31" || p == "50";
}

bool is_province_direct_code(std::string_view code) {
  return code.size() == 6 && code.substr(2, 2) == "90";
}

std::vector<std::string> ancestor_codes(std::string_view code) {
  std::vector<std::string> out;
  if (code.size() != 6) return out;
  std::string province = std::string(code.substr(0, 2)) + "0000";
  switch (level_from_code(code)) {
  case RegionLevel::province:
    break;
  case RegionLevel::city:
    out.push_back(province);
    break;
  case RegionLevel::county:
    if (!is_municipality_code(code) && !is_province_direct_code(code))
      out.push_back(std::string(code.substr(0, 4)) + "00");
    out.push_back(province);
    break;
  }
  return out;
}

RegionStatus lookup_region(std::string_view code) {
  const Table &t = Table::get();
  RegionStatus st;
  std::string c(code);
  if (const Row *r = t.current(c)) {
    st.kind = RegionStatus::current;
    st.name = r->name;
    st.full_name = r->province;
    if (!r->city.empty() && r->city != "直辖" && r->city != r->name && r->level != "省级") st.full_name += r->city;
    if (r->level != "省级") st.full_name += r->name;
    return st;
  }
  auto it = t.rows.find(c);
  if (it == t.rows.end()) return st;
  const Row &last = it->second.back();
  st.kind = RegionStatus::retired;
  st.name = last.name;
  st.full_name = last.province + (last.city == "直辖" || last.city.empty() ? "" : last.city) + last.name;
  st.retired_year = last.end;
  for (auto &n : last.next)
    if (n != c) collect_current(t, n, 0, st.replacements);
  return st;
}

} // namespace shitong
