// The ten-field comparison of docs/format.md §4.1.
#include <shitong/compare.hpp>
#include <shitong/normalize.hpp>

#include "labels.hpp"
#include "rules_internal.hpp"
#include "util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace shitong {

namespace {
/// The ten fields (三级十同), in TenField order: key, Chinese and English label. A table
/// written out.
struct TenFieldLabels {
  std::string_view key, zh, en;
};
constexpr TenFieldLabels k_ten_field_labels[] = {
    {"name", "主项名称", "item name"},          {"sub_name", "子项名称", "sub-item name"},
    {"type", "事项类型", "item type"},          {"code", "事项编码", "item code"},
    {"legal_basis", "实施依据", "legal basis"}, {"materials", "申报材料", "materials"},
    {"process", "办事流程", "process"},         {"fee", "收费标准", "fee"},
    {"time_limit", "承诺时限", "time limit"},   {"forms", "表单内容", "forms"}};
static_assert(std::size(k_ten_field_labels) == k_ten_fields);

int chinese_digit(char32_t c) {
  switch (c) {
  case U'零':
  case U'〇':
    return 0;
  case U'一':
    return 1;
  case U'二':
  case U'两':
    return 2;
  case U'三':
    return 3;
  case U'四':
    return 4;
  case U'五':
    return 5;
  case U'六':
    return 6;
  case U'七':
    return 7;
  case U'八':
    return 8;
  case U'九':
    return 9;
  default:
    return -1;
  }
}
int chinese_unit(char32_t c) {
  switch (c) {
  case U'十':
    return 10;
  case U'百':
    return 100;
  case U'千':
    return 1000;
  case U'万':
    return 10000;
  default:
    return 0;
  }
}

std::string or_none(const std::string &s) {
  return s.empty() ? "（无）" : s;
}
std::string or_none_en(const std::string &s) {
  return s.empty() ? "(none)" : s;
}

using detail::unit_en;

std::string text_of(const Text &t) {
  return t.present ? t.value : std::string();
}

std::string join_steps(const List<Text> &l) {
  std::string s;
  for (auto &x : l.items) s += (s.empty() ? "" : "→") + x.value;
  return s;
}

std::string basis_label(const LegalBasis &b) {
  std::string law = normalize_law(b.law.value);
  return "《" + law + "》" + (b.article.present ? b.article.value : "");
}

std::string copies_of(const Material &m) {
  return m.copies.present ? std::to_string(m.copies.value) : "1";
}

std::string material_label(const Material &m) {
  std::vector<std::string> parts;
  parts.emplace_back(m.effective_type());
  if (m.form.present) parts.push_back(m.form.value);
  parts.push_back(copies_of(m) + "份");
  if (m.necessity.present) parts.push_back(m.necessity.value);
  std::string s;
  for (auto &p : parts) s += (s.empty() ? "" : "，") + p;
  return m.name.value + "（" + s + "）";
}

std::string days_zh(long long n, const std::string &unit) {
  return n == 0 ? "即办" : fmt::format("{} 个{}", n, unit);
}
std::string days_en(long long n, const std::string &unit) {
  return n == 0 ? "on the spot" : fmt::format("{} {}", n, unit_en(unit));
}

std::string fee_label(const Fee &f) {
  if (!f.present || !f.charged.present) return "";
  if (!f.charged.value) return "不收费";
  return fmt::format("收费：{}（依据：{}）", text_of(f.standard), text_of(f.basis));
}

std::string time_label(const TimeLimit &t) {
  if (!t.present) return "";
  std::string s =
      t.promised.present
          ? (t.promised.value == 0 ? "即办" : fmt::format("承诺 {} 个{}", t.promised.value, t.effective_unit()))
          : "承诺（无）";
  if (t.legal.present) s += fmt::format("（法定 {} 个{}）", t.legal.value, t.effective_unit());
  return s;
}

std::string fields_label(const Form &f) {
  std::string s;
  for (auto &x : f.fields.items) s += (s.empty() ? "" : "、") + x.value;
  return s;
}

std::string form_label(const Form &f) {
  return f.name.value + "：" + fields_label(f);
}

Pos first_pos(Pos a, Pos b) {
  return a.line ? a : b;
}

} // namespace

std::string_view ten_field_key(TenField f) {
  return k_ten_field_labels[static_cast<std::size_t>(f)].key;
}
std::string_view ten_field_zh(TenField f) {
  return k_ten_field_labels[static_cast<std::size_t>(f)].zh;
}
std::string_view ten_field_en(TenField f) {
  return k_ten_field_labels[static_cast<std::size_t>(f)].en;
}

std::string normalize_law(std::string_view law) {
  std::string n = normalize_text(law);
  std::string out;
  out.reserve(n.size());
  for (std::size_t i = 0; i < n.size();) {
    std::size_t start = i;
    char32_t c = detail::next_code_point(n, i);
    if (c == U'《' || c == U'》' || c == U'<' || c == U'>') continue;
    out.append(n, start, i - start);
  }
  return normalize_text(out);
}

std::string normalize_article(std::string_view article) {
  std::string n = normalize_text(article);
  n.erase(std::remove(n.begin(), n.end(), ' '), n.end()); // 第 35 条 = 第35条
  std::string out;
  for (std::size_t i = 0; i < n.size();) {
    std::size_t start = i;
    char32_t c = detail::next_code_point(n, i);
    out.append(n, start, i - start);
    if (c != U'第') continue;
    // a number follows: Chinese numerals or digits
    long long total = 0, section = 0, number = 0;
    bool any = false;
    std::size_t j = i;
    while (j < n.size()) {
      std::size_t k = j;
      char32_t d = detail::next_code_point(n, k);
      int v = chinese_digit(d), u = chinese_unit(d);
      if (d >= U'0' && d <= U'9') {
        number = number * 10 + (d - U'0');
      } else if (v >= 0) {
        number = v;
      } else if (u == 10000) {
        total += (section + number) * 10000;
        section = number = 0;
      } else if (u > 0) {
        section += (number == 0 ? 1 : number) * u;
        number = 0;
      } else {
        break;
      }
      any = true;
      j = k;
    }
    if (any) {
      out += std::to_string(total + section + number);
      i = j;
    }
  }
  return out;
}

std::string render_field(const Item &it, TenField f) {
  switch (f) {
  case TenField::name:
    return text_of(it.name);
  case TenField::sub_name:
    return text_of(it.sub_name);
  case TenField::type:
    return text_of(it.type);
  case TenField::code:
    return text_of(it.code);
  case TenField::legal_basis: {
    std::string s;
    for (auto &b : it.legal_basis.items) s += (s.empty() ? "" : "；") + basis_label(b);
    return s;
  }
  case TenField::materials: {
    std::string s;
    for (auto &m : it.materials.items) s += (s.empty() ? "" : "；") + material_label(m);
    return s;
  }
  case TenField::process:
    return join_steps(it.process);
  case TenField::fee:
    return fee_label(it.fee);
  case TenField::time_limit:
    return time_label(it.time_limit);
  case TenField::forms: {
    std::string s;
    for (auto &x : it.forms.items) s += (s.empty() ? "" : "；") + form_label(x);
    return s;
  }
  }
  return {};
}

namespace {
// Byte-identical ten fields (what a lower catalog that copies its reference has) need no
// normalisation at all: the common case, checked without allocating.
bool same_text(const Text &a, const Text &b) {
  return a.present == b.present && a.value == b.value;
}
bool same_int(const Int &a, const Int &b) {
  return a.present == b.present && a.value == b.value;
}
template <class T, class Eq> bool same_list(const List<T> &a, const List<T> &b, Eq eq) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!eq(a.items[i], b.items[i])) return false;
  return true;
}
bool raw_equal(const Item &a, const Item &b) {
  if (!same_text(a.name, b.name) || !same_text(a.sub_name, b.sub_name) || !same_text(a.type, b.type)) return false;
  if (!same_list(a.legal_basis, b.legal_basis,
                 [](auto &x, auto &y) { return same_text(x.law, y.law) && same_text(x.article, y.article); }))
    return false;
  if (!same_list(a.materials, b.materials, [](auto &x, auto &y) {
        return same_text(x.name, y.name) && same_text(x.type, y.type) && same_text(x.form, y.form) &&
               same_int(x.copies, y.copies) && same_text(x.necessity, y.necessity);
      }))
    return false;
  if (!same_list(a.process, b.process, same_text)) return false;
  if (a.fee.charged.present != b.fee.charged.present || a.fee.charged.value != b.fee.charged.value ||
      !same_text(a.fee.standard, b.fee.standard) || !same_text(a.fee.basis, b.fee.basis))
    return false;
  if (!same_int(a.time_limit.legal, b.time_limit.legal) || !same_int(a.time_limit.promised, b.time_limit.promised) ||
      a.time_limit.effective_unit() != b.time_limit.effective_unit())
    return false;
  return same_list(a.forms, b.forms, [](auto &x, auto &y) {
    return same_text(x.name, y.name) && same_list(x.fields, y.fields, same_text);
  });
}
} // namespace

namespace {

/// The ten-field comparison of one lower item `lo` with its reference `up`, field by field
/// (one method per field or group of fields); each difference is a FieldDiff with its level-*
/// rule.
class FieldComparer {
public:
  FieldComparer(const Item &lower, const Item &upper, std::vector<FieldDiff> &out)
      : m_lo(lower), m_up(upper), m_out(out) {}
  void names_and_type();
  void legal_basis();
  void materials();
  void process();
  void fee();
  void time_limit();
  void forms();

private:
  void add(TenField f, detail::RuleId rule, Pos pos, Pos ref, std::string path, std::string lower, std::string upper,
           std::string zh, std::string en) {
    m_out.push_back(FieldDiff{f, std::string(rule.id()), first_pos(pos, m_lo.pos), first_pos(ref, m_up.pos),
                              std::move(path), std::move(lower), std::move(upper), std::move(zh), std::move(en)});
  }
  const Item &m_lo; ///< the lower item
  const Item &m_up; ///< its reference
  std::vector<FieldDiff> &m_out;
};

// 主项名称, 子项名称, 事项类型
void FieldComparer::names_and_type() {
  if (normalize_text(m_lo.name.value) != normalize_text(m_up.name.value))
    add(TenField::name, "level-name", m_lo.name.pos, m_up.name.pos, "name", m_lo.name.value, m_up.name.value,
        fmt::format("主项名称「{}」与上级「{}」不同", m_lo.name.value, m_up.name.value),
        fmt::format("item name '{}' differs from the reference '{}'", m_lo.name.value, m_up.name.value));
  if (normalize_text(text_of(m_lo.sub_name)) != normalize_text(text_of(m_up.sub_name)))
    add(TenField::sub_name, "level-sub-name", m_lo.sub_name.pos, m_up.sub_name.pos, "sub_name", text_of(m_lo.sub_name),
        text_of(m_up.sub_name),
        text_of(m_lo.sub_name).empty() ? fmt::format("本级没有子项名称，上级为「{}」", text_of(m_up.sub_name))
        : text_of(m_up.sub_name).empty()
            ? fmt::format("子项名称「{}」在上级没有（上级无子项）", text_of(m_lo.sub_name))
            : fmt::format("子项名称「{}」与上级「{}」不同", text_of(m_lo.sub_name), text_of(m_up.sub_name)),
        fmt::format("sub-item name '{}' differs from the reference '{}'", or_none_en(text_of(m_lo.sub_name)),
                    or_none_en(text_of(m_up.sub_name))));
  if (m_lo.type.value != m_up.type.value)
    add(TenField::type, "level-type", m_lo.type.pos, m_up.type.pos, "type", m_lo.type.value, m_up.type.value,
        fmt::format("事项类型「{}」与上级「{}」不同", m_lo.type.value, m_up.type.value),
        fmt::format("item type '{}' differs from the reference '{}'", m_lo.type.value, m_up.type.value));
}

// 实施依据: set of (law, article)
void FieldComparer::legal_basis() {
  auto key = [](const LegalBasis &b) {
    return normalize_law(b.law.value) + '\x1f' + normalize_article(b.article.value);
  };
  std::map<std::string, const LegalBasis *> lk, uk;
  for (auto &b : m_lo.legal_basis.items) lk.emplace(key(b), &b);
  for (auto &b : m_up.legal_basis.items) uk.emplace(key(b), &b);
  std::vector<std::string> more, fewer;
  for (auto &[k, b] : lk)
    if (!uk.count(k)) more.push_back(basis_label(*b));
  for (auto &[k, b] : uk)
    if (!lk.count(k)) fewer.push_back(basis_label(*b));
  if (!more.empty() || !fewer.empty()) {
    std::string zh = "实施依据与上级不同", en = "legal basis differs from the reference";
    if (!more.empty()) {
      zh += "：多出 " + fmt::format("{}", fmt::join(more, "、"));
      en += fmt::format("; extra: {}", fmt::join(more, ", "));
    }
    if (!fewer.empty()) {
      zh += (more.empty() ? "：" : "；") + std::string("缺少 ") + fmt::format("{}", fmt::join(fewer, "、"));
      en += fmt::format("; missing: {}", fmt::join(fewer, ", "));
    }
    add(TenField::legal_basis, "level-legal-basis", m_lo.legal_basis.pos, m_up.legal_basis.pos, "legal_basis",
        render_field(m_lo, TenField::legal_basis), render_field(m_up, TenField::legal_basis), zh, en);
  }
}

// 申报材料: keyed set
void FieldComparer::materials() {
  std::map<std::string, std::size_t> uk;
  for (std::size_t i = 0; i < m_up.materials.size(); ++i)
    uk.emplace(normalize_text(m_up.materials.items[i].name.value), i);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < m_lo.materials.size(); ++i) {
    const Material &m = m_lo.materials.items[i];
    std::string k = normalize_text(m.name.value);
    seen.insert(k);
    auto it = uk.find(k);
    std::string path = fmt::format("materials[{}]", i);
    if (it == uk.end()) {
      add(TenField::materials, "level-materials-added", m.pos, m_up.materials.pos, path, material_label(m), "",
          fmt::format("申报材料比上级多出「{}」（擅自增加材料）；删除它，或在 .shitong.yaml 中登记为经批准的差异",
                      m.name.value),
          fmt::format("material '{}' is not asked for by the reference (added at this level); remove it or record "
                      "an approved deviation in .shitong.yaml",
                      m.name.value));
      continue;
    }
    const Material &u = m_up.materials.items[it->second];
    std::vector<std::string> zh, en;
    Pos where{};
    auto attr = [&](const char *key, const char *title, const std::string &a, const std::string &b, Pos p) {
      if (a == b) return;
      zh.push_back(fmt::format("{}为「{}」，上级为「{}」", title, or_none(a), or_none(b)));
      en.push_back(fmt::format("{} is '{}', the reference says '{}'", key, or_none_en(a), or_none_en(b)));
      if (!where.line) where = p;
    };
    attr("type", "类型", std::string(m.effective_type()), std::string(u.effective_type()), m.type.pos);
    attr("form", "形式", text_of(m.form), text_of(u.form), m.form.pos);
    attr("copies", "份数", copies_of(m), copies_of(u), m.copies.pos);
    attr("necessity", "必要性", text_of(m.necessity), text_of(u.necessity), m.necessity.pos);
    if (!zh.empty())
      add(TenField::materials, "level-materials-changed", first_pos(where, m.pos), u.pos, path, material_label(m),
          material_label(u), fmt::format("材料「{}」与上级不同：{}", m.name.value, fmt::join(zh, "；")),
          fmt::format("material '{}' differs from the reference: {}", m.name.value, fmt::join(en, "; ")));
  }
  for (std::size_t i = 0; i < m_up.materials.size(); ++i) {
    const Material &u = m_up.materials.items[i];
    if (seen.count(normalize_text(u.name.value))) continue;
    add(TenField::materials, "level-materials-removed", m_lo.materials.pos, u.pos, "materials", "", material_label(u),
        fmt::format("申报材料比上级少了「{}」", u.name.value),
        fmt::format("material '{}' of the reference is not asked for at this level", u.name.value));
  }
}

// 办事流程: ordered sequence
void FieldComparer::process() {
  bool same = m_lo.process.size() == m_up.process.size();
  for (std::size_t i = 0; same && i < m_lo.process.size(); ++i)
    same = normalize_text(m_lo.process.items[i].value) == normalize_text(m_up.process.items[i].value);
  if (!same)
    add(TenField::process, "level-process", m_lo.process.pos, m_up.process.pos, "process", join_steps(m_lo.process),
        join_steps(m_up.process),
        fmt::format("办事流程「{}」与上级「{}」不同", join_steps(m_lo.process), join_steps(m_up.process)),
        fmt::format("process '{}' differs from the reference '{}'", join_steps(m_lo.process),
                    join_steps(m_up.process)));
}

// 收费标准
void FieldComparer::fee() {
  bool lc = m_lo.fee.charged.present && m_lo.fee.charged.value, uc = m_up.fee.charged.present && m_up.fee.charged.value;
  bool same = lc == uc;
  if (same && lc)
    same = normalize_text(m_lo.fee.standard.value) == normalize_text(m_up.fee.standard.value) &&
           normalize_text(m_lo.fee.basis.value) == normalize_text(m_up.fee.basis.value);
  if (!same)
    add(TenField::fee, "level-fee", m_lo.fee.pos, m_up.fee.pos, "fee", fee_label(m_lo.fee), fee_label(m_up.fee),
        fmt::format("收费标准「{}」与上级「{}」不同", or_none(fee_label(m_lo.fee)), or_none(fee_label(m_up.fee))),
        fmt::format("fee '{}' differs from the reference '{}'", or_none_en(fee_label(m_lo.fee)),
                    or_none_en(fee_label(m_up.fee))));
}

// 承诺时限
void FieldComparer::time_limit() {
  const TimeLimit &a = m_lo.time_limit, &b = m_up.time_limit;
  std::string ua = a.effective_unit(), ub = b.effective_unit();
  bool legal_diff = a.legal.present != b.legal.present || (a.legal.present && a.legal.value != b.legal.value);
  bool unit_diff = ua != ub;
  long long pa = a.promised.value, pb = b.promised.value;
  if (legal_diff || unit_diff) {
    add(TenField::time_limit, "level-time-limit-longer",
        legal_diff ? first_pos(a.legal.pos, a.pos) : first_pos(a.unit.pos, a.pos), b.pos, "time_limit", time_label(a),
        time_label(b),
        fmt::format("承诺时限「{}」与上级「{}」的{}不同", time_label(a), time_label(b),
                    legal_diff ? "法定时限" : "时限单位"),
        fmt::format("time limit '{}' has a different {} than the reference '{}'", time_label(a),
                    legal_diff ? "statutory limit" : "unit", time_label(b)));
  } else if (a.promised.present && b.promised.present && pa > pb) {
    add(TenField::time_limit, "level-time-limit-longer", a.promised.pos, b.promised.pos, "time_limit.promised",
        time_label(a), time_label(b),
        fmt::format("承诺时限（{}）比上级（{}）长；应与上级一致", days_zh(pa, ua), days_zh(pb, ub)),
        fmt::format("promises {}, longer than the reference ({}); keep the reference's limit", days_en(pa, ua),
                    days_en(pb, ub)));
  } else if (a.promised.present && b.promised.present && pa < pb) {
    add(TenField::time_limit, "level-time-limit-shorter", a.promised.pos, b.promised.pos, "time_limit.promised",
        time_label(a), time_label(b),
        fmt::format("承诺时限（{}）比上级（{}）短：有利于群众，但与上级不一致", days_zh(pa, ua), days_zh(pb, ub)),
        fmt::format("promises {}, shorter than the reference ({}): favourable, but not uniform", days_en(pa, ua),
                    days_en(pb, ub)));
  }
}

// 表单内容: keyed set of forms, each an ordered list of fields
void FieldComparer::forms() {
  auto fields_of = [](const Form &f) {
    std::vector<std::string> v;
    for (auto &x : f.fields.items) v.push_back(normalize_text(x.value));
    return v;
  };
  std::map<std::string, const Form *> uk;
  for (auto &f : m_up.forms.items) uk.emplace(normalize_text(f.name.value), &f);
  std::set<std::string> seen;
  std::vector<std::string> zh, en;
  Pos where{};
  for (auto &f : m_lo.forms.items) {
    std::string k = normalize_text(f.name.value);
    seen.insert(k);
    auto it = uk.find(k);
    if (it == uk.end()) {
      zh.push_back(fmt::format("多出表单「{}」", f.name.value));
      en.push_back(fmt::format("extra form '{}'", f.name.value));
      if (!where.line) where = f.pos;
    } else if (fields_of(f) != fields_of(*it->second)) {
      zh.push_back(fmt::format("表单「{}」的字段为「{}」，上级为「{}」", f.name.value, fields_label(f),
                               fields_label(*it->second)));
      en.push_back(fmt::format("form '{}' has other fields than the reference", f.name.value));
      if (!where.line) where = f.fields.pos;
    }
  }
  for (auto &f : m_up.forms.items)
    if (!seen.count(normalize_text(f.name.value))) {
      zh.push_back(fmt::format("缺少表单「{}」", f.name.value));
      en.push_back(fmt::format("missing form '{}'", f.name.value));
    }
  if (!zh.empty())
    add(TenField::forms, "level-forms", first_pos(where, m_lo.forms.pos), m_up.forms.pos, "forms",
        render_field(m_lo, TenField::forms), render_field(m_up, TenField::forms),
        fmt::format("表单内容与上级不同：{}", fmt::join(zh, "；")),
        fmt::format("forms differ from the reference: {}", fmt::join(en, "; ")));
}

} // namespace

std::vector<FieldDiff> compare_items(const Item &lo, const Item &up) {
  std::vector<FieldDiff> out;
  if (raw_equal(lo, up)) return out;
  FieldComparer c(lo, up, out);
  c.names_and_type();
  c.legal_basis();
  c.materials();
  c.process();
  c.fee();
  c.time_limit();
  c.forms();
  return out;
}

} // namespace shitong
