// An office's own code profiles (`code_profiles:` of .shitong.yaml): what the reader could not
// check — patterns that RE2 rejects, type codes and their positions, segment names, the
// profile's name — checked here, and each usable definition built into a CodeProfile. Layout
// descriptions left out are derived from the definition.
#include "profile_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

namespace shitong {

namespace {

using detail::BasicCodesSpec;
using detail::BasicFormSpec;
using detail::ImplementationSpec;
using detail::ProfileSpec;
using detail::TypeSlotSpec;

/// More profiles or forms than anyone writes: beyond them a crafted config could compile RE2
/// programs without end.
constexpr std::size_t k_max_profiles = 64;
constexpr std::size_t k_max_forms = 64;

/// "1 character", "2 characters".
std::string characters(std::size_t n) {
  return fmt::format("{} character{}", n, n == 1 ? "" : "s");
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/// Letters and digits, and with `names` also - and _ (profile and segment names).
bool plain_chars(std::string_view s, bool names) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alnum(c) && !(names && (c == '-' || c == '_'))) return false;
  return true;
}

/// A segment role the checks know, in words; nullptr for a format-only segment.
struct Role {
  std::string_view name, zh, en;
};
constexpr Role k_roles[] = {
    {"basic", "基本编码", "basic code"}, {"area", "区划代码", "area code"}, {"body", "实施主体代码", "body code"}};

const Role *role_of(std::string_view name) {
  for (const Role &r : k_roles)
    if (r.name == name) return &r;
  return nullptr;
}

/// "重庆市基本编码须符合「…」（第 5 位为类型代码）或「…」" from the forms as written.
void derive_basic(CodeProfile &p, const std::vector<std::string> &written) {
  std::string zh, en;
  for (std::size_t i = 0; i < written.size(); ++i) {
    const auto &slot = p.basic[i].type;
    zh += fmt::format("{}「{}」{}", i ? "或" : "", written[i], slot ? "（" + slot->where_zh() + "为类型代码）" : "");
    en += fmt::format("{}'{}'{}", i ? " or " : "", written[i], slot ? " (type code at " + slot->where_en() + ")" : "");
  }
  if (p.basic_zh.empty()) p.basic_zh = fmt::format("{}基本编码须符合{}", p.title_zh, zh);
  if (p.basic_en.empty()) p.basic_en = fmt::format("{} basic codes match {}", p.title_en, en);
}

/// "<基本编码>-<区划代码>-000-<实施主体代码>-<seq>": roles in words, literals as they are.
void derive_layout(CodeProfile &p) {
  std::string zh, en;
  for (std::size_t i = 0; i < p.segments.size(); ++i) {
    const Segment &g = p.segments[i];
    const Role *r = role_of(g.name);
    const bool literal = plain_chars(g.pattern, false);
    const std::string sep = i ? p.separator : "";
    zh += sep + (r ? fmt::format("<{}>", r->zh) : literal ? g.pattern : "<" + g.name + ">");
    en += sep + (r ? fmt::format("<{}>", r->en) : literal ? g.pattern : "<" + g.name + ">");
  }
  if (p.layout_zh.empty()) p.layout_zh = zh;
  if (p.layout_en.empty()) p.layout_en = en;
}

/// Checks one definition and builds it; `ok` turns false at the first mistake.
class Definer {
public:
  Definer(const ProfileProblem &problem, std::string path) : m_problem(problem), m_path(std::move(path)) {}
  bool ok() const { return m_ok; }

  void bad(Pos pos, const std::string &sub, std::string zh, std::string en) {
    m_ok = false;
    m_problem(pos, m_path + sub, std::move(zh), std::move(en));
  }

  /// The pattern compiled as written (messages quote it so), or an invalid one after a finding.
  Pattern compile(const Text &t, const std::string &sub) {
    Pattern::Error error;
    Pattern p = Pattern::compile(t.value, error);
    if (!p.valid())
      bad(t.pos, sub, fmt::format("{}{} 不可用：{}", m_path, sub, error.zh),
          fmt::format("{}{} unusable: {}", m_path, sub, error.en));
    return p;
  }

  std::optional<TypeSlot> type_slot(const TypeSlotSpec &spec, const Text &pattern, const std::string &sub);
  void basic_codes(const BasicCodesSpec &spec, CodeProfile &p);
  void implementation(const ImplementationSpec &spec, CodeProfile &p);

private:
  void type_codes(const TypeSlotSpec &spec, const std::string &sub, TypeSlot &slot);
  const ProfileProblem &m_problem;
  std::string m_path;
  bool m_ok = true;
};

/// The type codes of a slot: letters and digits, all of one length, within the alphabet, one per
/// 事项类型 (a type the reader already rejected is bad-enum's finding).
void Definer::type_codes(const TypeSlotSpec &spec, const std::string &sub, TypeSlot &slot) {
  std::map<std::string, const Text *> code_of_type;
  std::string first; // the first code, whose length the others share when `length` is not given
  for (auto &e : spec.values.entries) {
    const std::string &code = e.key.value;
    const std::string at = sub + ".values." + code;
    if (!plain_chars(code, false)) {
      bad(e.key.pos, at, fmt::format("类型代码「{}」只能由英文字母和数字组成", code),
          fmt::format("type code '{}' may only contain letters and digits", code));
      continue;
    }
    if (first.empty()) first = code;
    const std::size_t want = spec.length.present ? static_cast<std::size_t>(spec.length.value) : first.size();
    if (code.size() != want)
      bad(e.key.pos, at,
          spec.length.present
              ? fmt::format("类型代码「{}」有 {} 个字符，但 length 为 {}", code, code.size(), want)
              : fmt::format("类型代码「{}」有 {} 个字符，第一个类型代码「{}」有 {} 个；同一位置的类型代码须一样长",
                            code, code.size(), first, want),
          spec.length.present
              ? fmt::format("type code '{}' has {}, but length is {}", code, characters(code.size()), want)
              : fmt::format("type code '{}' has {}, the first one '{}' has {}; the codes of one slot "
                            "have one length",
                            code, characters(code.size()), first, want));
    if (spec.alphabet.present && code.find_first_not_of(spec.alphabet.value) != std::string::npos)
      bad(e.key.pos, at, fmt::format("类型代码「{}」含有 alphabet「{}」之外的字符", code, spec.alphabet.value),
          fmt::format("type code '{}' has characters outside the alphabet '{}'", code, spec.alphabet.value));
    if (!e.value.present) continue; // empty-value: the reader's finding
    if (auto [prev, fresh] = code_of_type.emplace(e.value.value, &e.key); !fresh)
      bad(e.value.pos, at,
          fmt::format("事项类型「{}」已有类型代码「{}」（第 {} 行）；每个事项类型只能有一个类型代码", e.value.value,
                      prev->second->value, prev->second->pos.line),
          fmt::format("item type {} already has the type code '{}' (line {}); one code per type", e.value.value,
                      prev->second->value, prev->second->pos.line));
    slot.values.emplace_back(code, e.value.value);
    for (char c : code)
      if (slot.alphabet.find(c) == std::string::npos) slot.alphabet += c;
  }
  slot.length = spec.length.present ? static_cast<std::size_t>(spec.length.value) : first.size();
}

std::optional<TypeSlot> Definer::type_slot(const TypeSlotSpec &spec, const Text &pattern, const std::string &sub) {
  if (!spec.position.present || spec.position.value < 1 || (spec.length.present && spec.length.value < 1))
    return std::nullopt; // missing or below 1: the reader's finding
  TypeSlot slot;
  slot.position = static_cast<std::size_t>(spec.position.value);
  type_codes(spec, sub, slot);
  if (spec.alphabet.present) {
    if (plain_chars(spec.alphabet.value, false))
      slot.alphabet = spec.alphabet.value;
    else
      bad(spec.alphabet.pos, sub + ".alphabet",
          fmt::format("alphabet「{}」只能由英文字母和数字组成", spec.alphabet.value),
          fmt::format("alphabet '{}' may only contain letters and digits", spec.alphabet.value));
  }
  if (slot.length == 0) return std::nullopt; // no usable type code
  const auto most = longest_match(pattern.value);
  if (most && slot.position + slot.length - 1 > *most)
    bad(spec.position.pos, sub + ".position",
        fmt::format("类型代码在{}，但格式「{}」最多匹配 {} 个字符", slot.where_zh(), pattern.value, *most),
        fmt::format("the type code is at {}, but the pattern '{}' matches at most {}", slot.where_en(), pattern.value,
                    characters(*most)));
  return slot;
}

void Definer::basic_codes(const BasicCodesSpec &spec, CodeProfile &p) {
  std::vector<std::string> written;
  const auto &forms = spec.forms.items;
  for (std::size_t i = 0; i < forms.size(); ++i) {
    const BasicFormSpec &f = forms[i];
    const std::string sub = fmt::format(".basic_codes.forms[{}]", i);
    if (i == k_max_forms) {
      bad(f.pos, sub, fmt::format("基本编码格式超过 {} 个的上限；第 {} 个起未使用", k_max_forms, k_max_forms + 1),
          fmt::format("more than {} basic-code forms (the limit); forms from {} on are not used", k_max_forms,
                      k_max_forms + 1));
      break;
    }
    if (!f.pattern.present) continue; // missing-field or empty-value: the reader's finding
    Pattern as_written = compile(f.pattern, sub + ".pattern");
    if (!as_written.valid()) continue;
    Pattern::Error error; // the whole code must match: anchored around what was written
    Pattern whole = Pattern::compile("^(?:" + f.pattern.value + ")$", error);
    if (!whole.valid()) {
      bad(f.pattern.pos, sub + ".pattern", fmt::format("{}{}.pattern 不可用：{}", m_path, sub, error.zh),
          fmt::format("{}{}.pattern unusable: {}", m_path, sub, error.en));
      continue;
    }
    std::optional<TypeSlot> slot;
    if (f.type.present) slot = type_slot(f.type, f.pattern, sub + ".type");
    p.basic.push_back({whole, std::move(slot)});
    written.push_back(f.pattern.value);
  }
  if (spec.description.present) p.basic_zh = spec.description.value;
  if (spec.description_en.present) p.basic_en = spec.description_en.value;
  derive_basic(p, written);
}

void Definer::implementation(const ImplementationSpec &spec, CodeProfile &p) {
  if (spec.separator.present) p.separator = spec.separator.value;
  std::unordered_map<std::string, Pos> first; // of each segment name
  const auto &segments = spec.segments.items;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto &g = segments[i];
    const std::string sub = fmt::format(".implementation_codes.segments[{}]", i);
    if (!g.name.present) continue; // the reader's finding
    if (!plain_chars(g.name.value, true)) {
      bad(g.name.pos, sub + ".name",
          fmt::format("片段名「{}」只能由英文字母、数字、- 和 _ 组成（basic、area、body 有检查含义）", g.name.value),
          fmt::format("segment name '{}' may only contain letters, digits, - and _ (basic, area and body are "
                      "checked)",
                      g.name.value));
      continue;
    }
    if (auto [prev, fresh] = first.emplace(g.name.value, g.name.pos); !fresh) {
      bad(g.name.pos, sub + ".name",
          fmt::format("片段名「{}」重复（第一次出现在第 {} 行）；每个片段须有自己的名称", g.name.value,
                      prev->second.line),
          fmt::format("duplicate segment name '{}' (first at line {}); each segment has its own name", g.name.value,
                      prev->second.line));
      continue;
    }
    if (g.pattern.present && compile(g.pattern, sub + ".pattern").valid())
      p.segments.push_back({g.name.value, g.pattern.value});
  }
  if (spec.segments.present && !segments.empty() && !first.count("basic"))
    bad(spec.segments.pos, ".implementation_codes.segments",
        "实施编码的片段中没有 basic：basic 是实施编码中的基本编码部分（须与事项编码一致），必须有一个",
        "the segments have no 'basic': the basic-code part of an implementation code (it must equal the item "
        "code) is required");
  if (!m_ok || p.segments.empty()) return;
  Pattern::Error error;
  if (!join_segments(p, error))
    bad(spec.segments.pos, ".implementation_codes.segments",
        fmt::format("{}.implementation_codes.segments 合成的实施编码格式不可用：{}", m_path, error.zh),
        fmt::format("{}.implementation_codes.segments do not join into a usable pattern: {}", m_path, error.en));
  if (spec.description.present) p.layout_zh = spec.description.value;
  if (spec.description_en.present) p.layout_en = spec.description_en.value;
  derive_layout(p);
}

/// True when `earlier` holds a finding at `path` or inside it.
bool has_finding_under(const std::vector<Finding> &earlier, const std::string &path) {
  for (const Finding &f : earlier)
    if (f.path.compare(0, path.size(), path) == 0 &&
        (f.path.size() == path.size() || f.path[path.size()] == '.' || f.path[path.size()] == '['))
      return true;
  return false;
}

/// The name of a definition: usable, or a finding.
bool check_name(const Text &name, const ProfileProblem &problem) {
  const std::string path = "code_profiles." + name.value;
  if (find_profile(name.value)) {
    problem(name.pos, path,
            fmt::format("「{}」是内置编码方案的名称，不能在 code_profiles 中重新定义；请另取一个名称", name.value),
            fmt::format("'{}' is a built-in code profile and cannot be redefined in code_profiles; choose another "
                        "name",
                        name.value));
    return false;
  }
  if (!plain_chars(name.value, true)) {
    problem(name.pos, path, fmt::format("编码方案名「{}」只能由英文字母、数字、- 和 _ 组成", name.value),
            fmt::format("code profile name '{}' may only contain letters, digits, - and _", name.value));
    return false;
  }
  return true;
}

} // namespace

DefinedProfiles define_profiles(const detail::NamedMap<ProfileSpec> &specs, const std::vector<Finding> &earlier,
                                const ProfileProblem &problem) {
  DefinedProfiles out;
  for (std::size_t i = 0; i < specs.entries.size(); ++i) {
    const auto &[name, spec] = specs.entries[i];
    if (i == k_max_profiles) {
      problem(name.pos, "code_profiles." + name.value,
              fmt::format("code_profiles 超过 {} 个方案的上限；「{}」起未使用", k_max_profiles, name.value),
              fmt::format("more than {} code profiles (the limit); those from '{}' on are not used", k_max_profiles,
                          name.value));
      for (std::size_t k = i; k < specs.entries.size(); ++k) out.broken.push_back(specs.entries[k].key.value);
      break;
    }
    if (!check_name(name, problem)) {
      out.broken.push_back(name.value);
      continue;
    }
    const std::string path = "code_profiles." + name.value;
    Definer d(problem, path);
    auto p = std::make_shared<CodeProfile>();
    p->name = name.value;
    p->title_zh = spec.title.value;
    p->title_en = spec.title_en.present ? spec.title_en.value : name.value;
    d.basic_codes(spec.basic_codes, *p);
    d.implementation(spec.implementation_codes, *p);
    bool usable = d.ok() && spec.present && spec.title.present && !p->basic.empty() && !p->segments.empty() &&
                  !has_finding_under(earlier, path);
    if (usable)
      out.usable.push_back(std::move(p));
    else
      out.broken.push_back(name.value);
  }
  return out;
}

namespace {

constexpr std::size_t k_unbounded = std::numeric_limits<std::size_t>::max();

std::size_t add(std::size_t a, std::size_t b) {
  return a > k_unbounded - b ? k_unbounded : a + b;
}
std::size_t times(std::size_t a, std::size_t b) {
  return a && b > k_unbounded / a ? k_unbounded : a * b;
}

/// The longest match of an RE2 pattern that compiled, by recursive descent over its text:
/// alternation takes the longest branch, a sequence adds up, a class or escape is one character,
/// anchors and assertions none, repetition multiplies its upper bound.
class Longest {
public:
  explicit Longest(std::string_view re) : m_re(re) {}
  std::optional<std::size_t> run() {
    std::size_t n = alternation();
    if (m_unknown || m_at != m_re.size() || n == k_unbounded) return std::nullopt;
    return n;
  }

private:
  bool end() const { return m_at >= m_re.size(); }
  char peek() const { return m_re[m_at]; }

  std::size_t alternation() {
    std::size_t most = sequence();
    while (!m_unknown && !end() && peek() == '|') {
      ++m_at;
      most = std::max(most, sequence());
    }
    return most;
  }
  std::size_t sequence() {
    std::size_t total = 0;
    while (!m_unknown && !end() && peek() != '|' && peek() != ')') total = add(total, repeated(atom()));
    return total;
  }
  std::size_t repeated(std::size_t n) {
    while (!m_unknown && !end()) {
      if (peek() == '*' || peek() == '+') {
        ++m_at;
        n = n ? k_unbounded : 0;
      } else if (peek() == '?') {
        ++m_at;
      } else if (auto most = peek() == '{' ? repetition() : std::nullopt) {
        n = *most == k_unbounded ? (n ? k_unbounded : 0) : times(n, *most);
      } else {
        break;
      }
    }
    return n;
  }
  /// {n}, {n,} or {n,m} at the cursor: its upper bound (consumed); nullopt for a literal brace.
  std::optional<std::size_t> repetition() {
    std::size_t i = m_at + 1;
    auto number = [&](std::size_t &value) {
      std::size_t start = i;
      value = 0;
      while (i < m_re.size() && m_re[i] >= '0' && m_re[i] <= '9') value = add(times(value, 10), m_re[i++] - '0');
      return i > start;
    };
    std::size_t most = 0;
    if (!number(most)) return std::nullopt;
    if (i < m_re.size() && m_re[i] == ',') {
      ++i;
      std::size_t upper = 0;
      most = number(upper) ? upper : k_unbounded;
    }
    if (i >= m_re.size() || m_re[i] != '}') return std::nullopt;
    m_at = i + 1;
    return most;
  }
  std::size_t atom() {
    switch (peek()) {
    case '^':
    case '$':
      ++m_at;
      return 0;
    case '[':
      return char_class();
    case '(':
      return group();
    case '\\':
      return escape();
    default:
      skip_code_point();
      return 1;
    }
  }
  void skip_code_point() {
    ++m_at;
    while (!end() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80) ++m_at;
  }
  std::size_t group() {
    if (++m_depth > 100) {
      m_unknown = true;
      return 0;
    }
    ++m_at;
    if (!end() && peek() == '?') { // (?:…), (?P<name>…), (?<name>…), (?flags) or (?flags:…)
      ++m_at;
      if (!end() && (peek() == 'P' || peek() == '<')) {
        std::size_t close = m_re.find('>', m_at);
        if (close == std::string_view::npos) return unknown();
        m_at = close + 1;
      } else {
        while (!end() && peek() != ':' && peek() != ')') ++m_at;
        if (end()) return unknown();
        if (peek() == ')') { // flags only: no text
          ++m_at;
          --m_depth;
          return 0;
        }
        ++m_at;
      }
    }
    std::size_t n = alternation();
    if (end() || peek() != ')') return unknown();
    ++m_at;
    --m_depth;
    return n;
  }
  std::size_t char_class() {
    ++m_at;
    if (!end() && peek() == '^') ++m_at;
    if (!end() && peek() == ']') ++m_at; // a ] first is a member
    while (!end() && peek() != ']') {
      if (peek() == '\\') {
        m_at += 2;
      } else if (peek() == '[' && m_at + 1 < m_re.size() && m_re[m_at + 1] == ':') { // [:alpha:]
        std::size_t close = m_re.find(":]", m_at + 2);
        if (close == std::string_view::npos) return unknown();
        m_at = close + 2;
      } else {
        ++m_at;
      }
    }
    if (end()) return unknown();
    ++m_at;
    return 1;
  }
  std::size_t escape() {
    ++m_at;
    if (end()) return unknown();
    const char c = peek();
    ++m_at;
    if (c == 'A' || c == 'z' || c == 'b' || c == 'B') return 0; // assertions
    if (c == 'Q') {                                             // \Q…\E: literal text
      std::size_t close = m_re.find("\\E", m_at);
      std::string_view text =
          m_re.substr(m_at, close == std::string_view::npos ? std::string_view::npos : close - m_at);
      m_at = close == std::string_view::npos ? m_re.size() : close + 2;
      std::size_t n = 0;
      for (char t : text) n += (static_cast<unsigned char>(t) & 0xC0) != 0x80;
      return n;
    }
    if ((c == 'p' || c == 'P' || c == 'x') && !end() && peek() == '{') { // \p{Han}, \x{4E00}
      std::size_t close = m_re.find('}', m_at);
      if (close == std::string_view::npos) return unknown();
      m_at = close + 1;
    } else if (c == 'p' || c == 'P') { // \pN
      if (!end()) skip_code_point();
    } else if (c == 'x') { // \x41
      m_at = std::min(m_re.size(), m_at + 2);
    } else if (c == '0') { // \0, \012
      for (int k = 0; k < 2 && !end() && peek() >= '0' && peek() <= '7'; ++k) ++m_at;
    } else {
      while (!end() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80) ++m_at; // an escaped non-ASCII
    }
    return 1;
  }
  std::size_t unknown() {
    m_unknown = true;
    return 0;
  }

  std::string_view m_re;
  std::size_t m_at = 0;
  int m_depth = 0;
  bool m_unknown = false;
};

} // namespace

std::optional<std::size_t> longest_match(std::string_view pattern) {
  return Longest(pattern).run();
}

} // namespace shitong
