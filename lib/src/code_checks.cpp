// Code rules under the active code profile (code_profile.hpp): code-format, code-type,
// implementation-code, agency-code (GB 32100 with repair hints from the catalog),
// agency-code-case, and agency-consistency.
#include "code_checks.hpp"

#include "code_profile.hpp"

#include <shitong/codes.hpp>
#include <shitong/normalize.hpp>
#include <shitong/regions.hpp>

#include <fmt/format.h>

#include <cctype>
#include <optional>

namespace shitong {

namespace {

bool has_lower(const std::string &s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}

std::string upper(std::string s) {
  for (auto &c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string without(std::string s, std::string_view separator) {
  if (separator.empty()) return s;
  for (std::size_t p; (p = s.find(separator)) != std::string::npos;) s.erase(p, separator.size());
  return s;
}

/// True when `a` becomes `b` by dropping, adding or changing one character.
bool one_edit_apart(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) return i < a.size() && a.substr(i + 1) == b.substr(i + 1);
  return a.substr(i) == b.substr(i + 1);
}

std::string item_label(const Item &it) {
  std::string s = it.code.value + " " + it.name.value;
  if (it.sub_name.present && !it.sub_name.value.empty()) s += "（" + it.sub_name.value + "）";
  return s;
}

void check_basic_code(const CheckContext &ctx, const Item &it, const ItemEmit &emit) {
  const CodeProfile &prof = ctx.profile();
  const std::string &code = it.code.value;
  bool code_ok = it.code.present && ctx.code_matches(code);
  if (it.code.present && !code_ok) {
    if (ctx.pattern_configured() || prof.name == "national")
      emit("code-format", it.code.pos, "code",
           fmt::format("事项编码「{}」不符合格式 {}（{}）", code, ctx.code_pattern(), prof.basic_zh),
           fmt::format("item code '{}' does not match {} ({})", code, ctx.code_pattern(), prof.basic_en));
    else
      emit("code-format", it.code.pos, "code",
           fmt::format("事项编码「{}」不符合{}编码方案（{}）", code, prof.title_zh, prof.basic_zh),
           fmt::format("item code '{}' does not fit the {} code profile ({})", code, prof.title_en, prof.basic_en));
  }
  if (!code_ok || !it.type.present) return;
  // code-type only where the profile says a type code stands
  const TypeSlot *slot = nullptr;
  if (const BasicForm *form = prof.form_of(code))
    slot = form->type ? &*form->type : nullptr;
  else if (prof.name == "national" && code.size() == 12) // a configured pattern: 12 characters are national
    slot = &*prof.basic.front().type;
  if (!slot || code.size() < slot->position - 1 + slot->length) return;
  const std::string got = code.substr(slot->position - 1, slot->length);
  if (got.find_first_not_of(slot->alphabet) != std::string::npos) return; // no type code written there
  const std::string *want = slot->value_of(it.type.value);
  const std::string *got_type = slot->type_of(got);
  if (want ? got == *want : (!got_type || *got_type == it.type.value)) return;
  // a type that is no 事项类型 at all is bad-enum's finding
  if (!want && !find_profile("national")->basic.front().type->value_of(it.type.value)) return;
  emit("code-type", it.code.pos, "code",
       fmt::format("事项编码「{}」{}是「{}」{}，但事项类型为{}{}", code, slot->where_zh(), got,
                   got_type ? fmt::format("（{}）", *got_type) : "", it.type.value,
                   want ? fmt::format("（{}）", *want) : fmt::format("（{}编码方案没有此类型的代码）", prof.title_zh)),
       fmt::format("{} of item code '{}' {} '{}'{}, but the type is {} ({})", slot->where_en(), code,
                   slot->length == 1 ? "is" : "are", got, got_type ? fmt::format(" ({})", *got_type) : "",
                   it.type.value, want ? *want : fmt::format("the {} profile has no code for it", prof.title_en)));
}

/// "；是否应为「X」？（第 N 行 …使用此代码）" when the catalog uses a valid code under the same
/// agency name that is one edit away from `bad`, or whose characters 9-17 are `bad`.
std::optional<AgencyIndex::Use> hint_for(const std::string &bad, const Item &it, const AgencyIndex &agencies) {
  if (!it.agency.present) return std::nullopt;
  const auto *uses = agencies.uses(normalize_text(it.agency.value));
  if (!uses) return std::nullopt;
  const std::string u = upper(bad);
  const bool org = is_org_code(u);
  for (auto &use : *uses) {
    if (use.code == u) continue;
    if (one_edit_apart(u, use.code) || (org && use.code.substr(8, 9) == org_code_digits(u))) return use;
  }
  return std::nullopt;
}

void check_agency_code(const Catalog &catalog, const Item &it, const AgencyIndex &agencies, const ItemEmit &emit) {
  if (!it.agency_code.present) return;
  const std::string &ac = it.agency_code.value;
  if (has_lower(ac))
    emit("agency-code-case", it.agency_code.pos, "agency_code",
         fmt::format("统一社会信用代码「{}」含小写字母，应写作「{}」", ac, upper(ac)),
         fmt::format("agency_code '{}' has lower-case letters; write '{}'", ac, upper(ac)));
  auto p = check_uscc(ac);
  if (p.ok()) return;
  std::string zh = fmt::format("实施主体统一社会信用代码「{}」无效：{}", ac, p.zh);
  std::string en = fmt::format("agency_code '{}' is not a valid unified social credit code: {}", ac, p.en);
  auto hint = hint_for(ac, it, agencies);
  if (hint) {
    const Item &other = catalog.items.items[hint->item];
    zh += fmt::format("；是否应为「{}」？（本目录第 {} 行「{}」的实施主体{}使用此代码）", hint->code, hint->pos.line,
                      item_label(other), it.agency.value);
    en += fmt::format("; did you mean '{}'? ({} uses it for item '{}' at line {})", hint->code, it.agency.value,
                      item_label(other), hint->pos.line);
  }
  Finding &f = emit("agency-code", it.agency_code.pos, "agency_code", std::move(zh), std::move(en));
  if (hint) f.related.push_back(Location{f.location.file, hint->pos.line, hint->pos.column, hint->code});
}

/// The level of the catalog: from the region code when it is known (a wrong region.level is
/// region-level's finding), else the declared level.
std::optional<RegionLevel> catalog_level(const Catalog &c) {
  const std::string &rcode = c.region.code.value;
  if (rcode.size() == 6 && lookup_region(rcode).kind != RegionStatus::unknown) return level_from_code(rcode);
  for (RegionLevel l : {RegionLevel::province, RegionLevel::city, RegionLevel::county})
    if (c.region.level.value == level_key(l)) return l;
  return std::nullopt;
}

void check_national_implementation(const Catalog &catalog, const Item &it, const ItemEmit &emit) {
  const std::string ic = upper(it.implementation_code.value);
  const std::string &code = it.code.value;
  Pos pos = it.implementation_code.pos;
  auto bad = [&](std::string zh, std::string en) {
    emit("implementation-code", pos, "implementation_code",
         fmt::format("实施编码「{}」{}", it.implementation_code.value, zh),
         fmt::format("implementation_code '{}' {}", it.implementation_code.value, en));
  };
  bool suffix_ok = ic.size() == 31 || (ic.size() == 33 && std::isdigit(static_cast<unsigned char>(ic[31])) &&
                                       std::isdigit(static_cast<unsigned char>(ic[32])));
  if (ic.size() == 33 && !suffix_ok) {
    bad(fmt::format("的最后 2 位业务办理项「{}」应为数字", ic.substr(31)),
        fmt::format("ends in '{}': the 2-character suffix (业务办理项) must be digits", ic.substr(31)));
    return;
  }
  if (!suffix_ok) {
    bad(fmt::format("长度应为 31 位（统一社会信用代码 18 位 + 行使层级 1 位 + 基本编码 12 位），或加 2 "
                    "位业务办理项共 33 位，实际 {} 位",
                    ic.size()),
        fmt::format(
            "must be 31 characters (18 USCC + 1 level digit + 12 basic code), or 33 with a 2-digit suffix; found {}",
            ic.size()));
    return;
  }
  auto p = check_uscc(ic.substr(0, 18));
  auto lvl = catalog_level(catalog);
  char want_digit = lvl ? level_digit(level_key(*lvl)) : 0;
  std::string tail = ic.substr(19, 12);
  if (!p.ok())
    bad(fmt::format("的前 18 位（实施主体统一社会信用代码）无效：{}", p.zh),
        fmt::format("has an invalid USCC in its first 18 characters: {}", p.en));
  else if (it.agency_code.present && upper(it.agency_code.value) != ic.substr(0, 18))
    bad(fmt::format("的前 18 位「{}」与 agency_code「{}」不一致", ic.substr(0, 18), it.agency_code.value),
        fmt::format("starts with '{}', which differs from agency_code '{}'", ic.substr(0, 18), it.agency_code.value));
  if (want_digit && ic[18] != want_digit)
    bad(fmt::format("第 19 位行使层级为「{}」，但本目录是{}级（应为 {}；1 国家 2 省 3 市 4 县）", ic[18],
                    level_zh(*lvl), want_digit),
        fmt::format("has level digit '{}' at position 19, but this catalog is {} level (use {}; 1 national 2 "
                    "province 3 city 4 county)",
                    ic[18], level_key(*lvl), want_digit));
  if (it.code.present && tail != code)
    bad(fmt::format("的第 20-31 位「{}」与事项编码「{}」不一致", tail, code),
        fmt::format("has '{}' at positions 20-31, which differs from code '{}'", tail, code));
}

void check_segment_implementation(const Catalog &catalog, const CodeProfile &prof, const Item &it,
                                  const ItemEmit &emit) {
  const std::string ic = upper(it.implementation_code.value);
  Pos pos = it.implementation_code.pos;
  auto bad = [&](std::string zh, std::string en) {
    emit("implementation-code", pos, "implementation_code",
         fmt::format("实施编码「{}」{}", it.implementation_code.value, zh),
         fmt::format("implementation_code '{}' {}", it.implementation_code.value, en));
  };
  std::vector<std::string> parts;
  if (!prof.implementation.full_match(ic, parts)) {
    bad(fmt::format("不符合{}编码方案的实施编码布局 {}", prof.title_zh, prof.layout_zh),
        fmt::format("does not fit the {} layout {}", prof.title_en, prof.layout_en));
    return;
  }
  auto part = [&](std::string_view name) -> const std::string * {
    int i = prof.segment_index(name);
    if (i < 0) return nullptr;
    std::size_t group = prof.segments[static_cast<std::size_t>(i)].group;
    return group < parts.size() ? &parts[group] : nullptr;
  };
  if (const std::string *basic = part("basic"); basic && it.code.present && *basic != it.code.value)
    bad(fmt::format("的基本编码部分「{}」与事项编码「{}」不一致", *basic, it.code.value),
        fmt::format("has basic code '{}', which differs from code '{}'", *basic, it.code.value));
  const std::string &rcode = catalog.region.code.value;
  if (const std::string *area = part("area");
      area && rcode.size() == 6 && lookup_region(rcode).kind != RegionStatus::unknown) {
    // the area code of a region: its own six digits, then zeros for the parts it contains
    std::string own = rcode;
    while (own.size() > 2 && own.substr(own.size() - 2) == "00") own.resize(own.size() - 2);
    if (area->compare(0, own.size(), own) != 0)
      bad(fmt::format("的区划代码部分「{}」不在本目录的区划 {} 之内（应以 {} 开头）", *area, rcode, own),
          fmt::format("has area code '{}', which is outside this catalog's region {} (must start with {})", *area,
                      rcode, own));
  }
  if (const std::string *body = part("body"); body && it.agency_code.present) {
    const std::string ac = upper(it.agency_code.value);
    const std::string b = without(*body, prof.separator);
    bool same = b == without(ac, prof.separator) || (ac.size() == 18 && b.size() == 9 && ac.substr(8, 9) == b);
    if (!same)
      bad(fmt::format("的实施主体代码部分「{}」与 agency_code「{}」不一致（应为统一社会信用代码或其第 9-17 "
                      "位组织机构代码）",
                      *body, it.agency_code.value),
          fmt::format("has body code '{}', which differs from agency_code '{}' (use the USCC or its organisation "
                      "code, characters 9-17)",
                      *body, it.agency_code.value));
  }
}

} // namespace

AgencyIndex::AgencyIndex(const Catalog &catalog) {
  const auto &items = catalog.items.items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item &it = items[i];
    if (!it.agency.present || !it.agency_code.present || !check_uscc(it.agency_code.value).ok()) continue;
    auto &list = m_by_name[normalize_text(it.agency.value)];
    std::string code = upper(it.agency_code.value);
    bool known = false;
    for (auto &u : list) known = known || u.code == code;
    if (!known) list.push_back({std::move(code), i, it.agency_code.pos});
  }
}

const std::vector<AgencyIndex::Use> *AgencyIndex::uses(const std::string &agency) const {
  auto it = m_by_name.find(agency);
  return it == m_by_name.end() ? nullptr : &it->second;
}

void check_item_codes(const LoadedFile &file, const CheckContext &context, const Item &item,
                      const AgencyIndex &agencies, const ItemEmit &emit) {
  check_basic_code(context, item, emit);
  check_agency_code(file.catalog, item, agencies, emit);
  if (!item.implementation_code.present) return;
  if (context.profile().national_implementation)
    check_national_implementation(file.catalog, item, emit);
  else
    check_segment_implementation(file.catalog, context.profile(), item, emit);
}

void check_agency_consistency(
    const Catalog &catalog,
    const std::function<Finding &(std::size_t index, detail::RuleId rule, Pos pos, std::string_view sub, std::string zh,
                                  std::string en)> &emit) {
  struct First {
    std::size_t item;
    std::string other; ///< the name (for a code) or the code (for a name) first seen with it
  };
  std::unordered_map<std::string, First> name_of_code, code_of_name;
  const auto &items = catalog.items.items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item &it = items[i];
    if (!it.agency.present || !it.agency_code.present || is_blank(it.agency.value)) continue;
    if (!check_uscc(it.agency_code.value).ok()) continue; // agency-code's finding
    const std::string code = upper(it.agency_code.value);
    const std::string name = normalize_text(it.agency.value);
    auto [c, new_code] = name_of_code.emplace(code, First{i, name});
    if (!new_code && c->second.other != name) {
      const Item &first = items[c->second.item];
      Finding &f =
          emit(i, "agency-consistency", it.agency.pos, "agency",
               fmt::format("统一社会信用代码 {} 在本目录中对应两个实施主体名称：「{}」和「{}」（第 {} 行「{}」）；"
                           "同一主体应使用同一名称",
                           code, it.agency.value, first.agency.value, first.agency.pos.line, item_label(first)),
               fmt::format("unified social credit code {} stands for two agency names in this catalog: '{}' "
                           "and '{}' (line {}, '{}'); use one name for one body",
                           code, it.agency.value, first.agency.value, first.agency.pos.line, item_label(first)));
      f.related.push_back(
          Location{f.location.file, first.agency.pos.line, first.agency.pos.column, first.agency.value});
      continue;
    }
    auto [n, new_name] = code_of_name.emplace(name, First{i, code});
    if (!new_name && n->second.other != code) {
      const Item &first = items[n->second.item];
      Finding &f =
          emit(i, "agency-consistency", it.agency_code.pos, "agency_code",
               fmt::format("实施主体「{}」在本目录中有两个统一社会信用代码：{} 和 {}（第 {} 行「{}」）；"
                           "核对哪一个是该主体的代码",
                           it.agency.value, code, n->second.other, first.agency_code.pos.line, item_label(first)),
               fmt::format("agency '{}' has two unified social credit codes in this catalog: {} and {} (line "
                           "{}, '{}'); check which one is the body's",
                           it.agency.value, code, n->second.other, first.agency_code.pos.line, item_label(first)));
      f.related.push_back(
          Location{f.location.file, first.agency_code.pos.line, first.agency_code.pos.column, n->second.other});
    }
  }
}

} // namespace shitong
