// The shipped code profiles. National: 12-character basic codes with the type code in
// characters 3-4; implementation codes USCC (18) + level digit (1) + basic code (12) [+ 2
// digits]. Sichuan (四川省一体化政务服务平台): basic codes of 3 region digits, a type letter and 8
// or 10 more characters (511A0138600000, 511Z07001006), or national-style codes with hyphens
// (G-000007-001, 1J-5100-00027); implementation codes
// <basic code>-<12-digit area code>-000-<body code>-<1 digit>-<2 digits>.
#include "code_profile.hpp"

#include <fmt/format.h>

#include <cctype>

namespace shitong {

const std::string *TypeSlot::value_of(std::string_view type) const {
  for (auto &[v, t] : values)
    if (t == type) return &v;
  return nullptr;
}

const std::string *TypeSlot::type_of(std::string_view value) const {
  for (auto &[v, t] : values)
    if (v == value) return &t;
  return nullptr;
}

std::string TypeSlot::where_zh() const {
  return length == 1 ? fmt::format("第 {} 位", position) : fmt::format("第 {}-{} 位", position, position + length - 1);
}

std::string TypeSlot::where_en() const {
  return length == 1 ? fmt::format("char {}", position) : fmt::format("chars {}-{}", position, position + length - 1);
}

const BasicForm *CodeProfile::form_of(const std::string &code) const {
  for (auto &f : basic)
    if (f.pattern.search(code)) return &f;
  return nullptr;
}

int CodeProfile::segment_index(std::string_view segment) const {
  for (std::size_t i = 0; i < segments.size(); ++i)
    if (segments[i].name == segment) return static_cast<int>(i);
  return -1;
}

std::string CodeProfile::fingerprint() const {
  std::string s;
  auto add = [&s](std::string_view part) { s += fmt::format("{}:{};", part.size(), part); };
  for (auto *t : {&name, &title_zh, &title_en, &basic_zh, &basic_en, &separator, &layout_zh, &layout_en}) add(*t);
  add(national_implementation ? "national" : "segments");
  for (auto &f : basic) {
    add(f.pattern.text());
    if (!f.type) continue;
    add(fmt::format("{},{}", f.type->position, f.type->length));
    add(f.type->alphabet);
    for (auto &[v, t] : f.type->values) add(v + "=" + t);
  }
  for (auto &g : segments) add(g.name + "=" + g.pattern);
  return s;
}

std::string quote_literal(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0) {
      out += "\\x00";
      continue;
    }
    if (u < 0x80 && !std::isalnum(u) && c != '_') out += '\\';
    out += c;
  }
  return out;
}

bool join_segments(CodeProfile &p, Pattern::Error &error) {
  std::string re = "^";
  std::size_t group = 0;
  for (std::size_t i = 0; i < p.segments.size(); ++i) {
    Segment &g = p.segments[i];
    const Pattern alone = Pattern::compile(g.pattern, error);
    if (!alone.valid()) return false;
    g.group = group;
    group += 1 + alone.groups(); // a segment's own groups (a|b) come after its whole
    re += (i ? quote_literal(p.separator) : "") + "(" + g.pattern + ")";
  }
  p.implementation = Pattern::compile(re + "$", error);
  if (p.implementation.valid() && p.implementation.groups() != group) { // a segment reached past its group
    p.implementation = Pattern();
    error = {"各片段合成的实施编码格式与片段不对应（某个片段的 \\Q…\\E 或括号越出了自己的范围）",
             "the segments do not join into one pattern (a \\Q…\\E or a bracket of one segment reaches past it)"};
  }
  return p.implementation.valid();
}

namespace {

Pattern must_compile(std::string_view text) {
  Pattern::Error error;
  return Pattern::compile(text, error); // shipped patterns: tested to compile
}

CodeProfile national() {
  CodeProfile p;
  p.name = "national";
  p.title_zh = "全国";
  p.title_en = "national";
  p.basic_zh = "基本编码为 12 位数字或大写字母";
  p.basic_en = "a basic code is 12 digits or capital letters";
  TypeSlot slot{3,
                2,
                {{"01", "行政许可"},
                 {"02", "行政处罚"},
                 {"03", "行政强制"},
                 {"04", "行政征收"},
                 {"05", "行政给付"},
                 {"06", "行政检查"},
                 {"07", "行政确认"},
                 {"08", "行政奖励"},
                 {"09", "行政裁决"},
                 {"10", "其他行政权力"},
                 {"20", "公共服务"}},
                "0123456789"};
  p.basic.push_back({must_compile("^[0-9A-Z]{12}$"), slot});
  p.national_implementation = true;
  p.layout_zh = "统一社会信用代码 18 位 + 行使层级 1 位 + 基本编码 12 位";
  p.layout_en = "18 USCC + 1 level digit + 12 basic code";
  return p;
}

CodeProfile sichuan() {
  CodeProfile p;
  p.name = "sichuan";
  p.title_zh = "四川省";
  p.title_en = "Sichuan";
  p.basic_zh = "四川省基本编码为 3 位区划数字 + 1 位类型字母 + 8 或 10 位数字或大写字母（如 511A0138600000），"
               "或带连字符的国家编码（如 G-000007-001）";
  p.basic_en = "a Sichuan basic code is 3 region digits + 1 type letter + 8 or 10 digits or capital letters "
               "(511A0138600000), or a national code with hyphens (G-000007-001)";
  TypeSlot slot{4,
                1,
                {{"A", "行政许可"},
                 {"E", "行政裁决"},
                 {"F", "行政确认"},
                 {"G", "行政给付"},
                 {"H", "行政奖励"},
                 {"Z", "其他行政权力"}},
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"};
  p.basic.push_back({must_compile("^[0-9]{3}[A-Z][0-9A-Z]{8}(?:[0-9A-Z]{2})?$"), slot});
  p.basic.push_back({must_compile("^[0-9A-Z]{1,2}(?:-[0-9A-Z]+)+$"), std::nullopt});
  p.separator = "-";
  p.segments = {{"basic", "[0-9]{3}[A-Z][0-9A-Z]{8}(?:[0-9A-Z]{2})?|[0-9A-Z]{1,2}(?:-[0-9A-Z]+)+"},
                {"area", "[0-9]{12}"},
                {"fixed", "000"},
                {"body", "[0-9A-Z]+(?:-[0-9A-Z]+)*"},
                {"digit", "[0-9]"},
                {"suffix", "[0-9]{2}"}};
  p.layout_zh = "<基本编码>-<12 位区划代码>-000-<实施主体代码>-<1 位数字>-<2 位数字>";
  p.layout_en = "<basic code>-<12-digit area code>-000-<body code>-<1 digit>-<2 digits>";
  return p;
}

struct Shipped {
  std::vector<CodeProfile> profiles;
  Shipped() {
    profiles.push_back(national());
    profiles.push_back(sichuan());
    for (auto &p : profiles) {
      Pattern::Error error; // shipped segments: tested to compile
      if (!p.segments.empty()) join_segments(p, error);
    }
  }
};

const Shipped &shipped() {
  static const Shipped s;
  return s;
}

} // namespace

const CodeProfile *find_profile(std::string_view name) {
  for (auto &p : shipped().profiles)
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string_view> profile_names() {
  std::vector<std::string_view> names;
  for (auto &p : shipped().profiles) names.push_back(p.name);
  return names;
}

} // namespace shitong
