// Item rules of spec §8 (code-*, name-duplicate, implementation-code, agency-code*,
// legal-basis-missing, time-limit-exceeds-legal, fee-basis-missing, process-incomplete,
// material-*, visits-reason-missing, zero-visit-channel) and the catalog header's region rules.
#include <shitong/check.hpp>
#include <shitong/codes.hpp>
#include <shitong/normalize.hpp>
#include <shitong/regions.hpp>

#include "pattern.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include <unordered_map>

namespace shitong {

struct CheckContext::Impl {
  bool builtin = true;
  Pattern pattern;
};

CheckContext::CheckContext(const Config &config) : m_impl(std::make_unique<Impl>()) {
  m_pattern_text = config.code_pattern.empty() ? "^[0-9A-Z]{12}$" : config.code_pattern;
  if (!config.code_pattern.empty() && config.code_pattern != "^[0-9A-Z]{12}$") {
    Pattern::Error error;
    m_impl->pattern = Pattern::compile(config.code_pattern, error);
    if (m_impl->pattern.valid())
      m_impl->builtin = false;
    else
      m_pattern_text = "^[0-9A-Z]{12}$"; // the config loader reported the bad pattern
  }
}
CheckContext::~CheckContext() = default;

bool CheckContext::code_matches(const std::string &code) const {
  if (!m_impl->builtin) return m_impl->pattern.search(code);
  if (code.size() != 12) return false;
  for (char c : code)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

namespace {

const char *type_code(const std::string &type) {
  static const std::pair<const char *, const char *> k[] = {
      {"行政许可", "01"}, {"行政处罚", "02"},     {"行政强制", "03"}, {"行政征收", "04"},
      {"行政给付", "05"}, {"行政检查", "06"},     {"行政确认", "07"}, {"行政奖励", "08"},
      {"行政裁决", "09"}, {"其他行政权力", "10"}, {"公共服务", "20"}};
  for (auto &[n, c] : k)
    if (type == n) return c;
  return nullptr;
}

const char *type_of_code(std::string_view two) {
  static const std::pair<const char *, const char *> k[] = {
      {"01", "行政许可"}, {"02", "行政处罚"},     {"03", "行政强制"}, {"04", "行政征收"},
      {"05", "行政给付"}, {"06", "行政检查"},     {"07", "行政确认"}, {"08", "行政奖励"},
      {"09", "行政裁决"}, {"10", "其他行政权力"}, {"20", "公共服务"}};
  for (auto &[c, n] : k)
    if (two == c) return n;
  return nullptr;
}

class Emitter {
public:
  Emitter(const LoadedFile &f, std::vector<Finding> &out) : m_file(f), m_out(out) {}
  Finding &emit(std::string_view rule, Pos pos, std::string path, std::string item, std::string zh, std::string en) {
    Finding x;
    x.rule = std::string(rule);
    x.location = Location{m_file.path, pos.line, pos.column, {}};
    x.region = m_file.catalog.region.code.value;
    x.item = std::move(item);
    x.path = std::move(path);
    x.message_zh = std::move(zh);
    x.message_en = std::move(en);
    m_out.push_back(std::move(x));
    return m_out.back();
  }
  Location loc(Pos p, std::string label = {}) const {
    return Location{m_file.path, p.line, p.column, std::move(label)};
  }

private:
  const LoadedFile &m_file;
  std::vector<Finding> &m_out;
};

Pos at(const Text &t, Pos fallback) {
  return t.present || t.pos.line ? t.pos : fallback;
}

void check_region(const LoadedFile &f, Emitter &e) {
  const Catalog &c = f.catalog;
  if (!c.region.present || !c.region.code.present) return;
  const std::string &code = c.region.code.value;
  bool six = code.size() == 6 && code.find_first_not_of("0123456789") == std::string::npos;
  if (!six) {
    e.emit("region-unknown", c.region.code.pos, "region.code", {},
           fmt::format("行政区划代码「{}」应为 6 位数字（GB/T 2260）", code),
           fmt::format("region code '{}' must be 6 digits (GB/T 2260)", code));
    return;
  }
  RegionStatus st = lookup_region(code);
  if (st.kind == RegionStatus::unknown) {
    e.emit("region-unknown", c.region.code.pos, "region.code", {},
           fmt::format("行政区划代码 {} 不在现行 GB/T 2260 代码表中", code),
           fmt::format("region code {} is not in the current GB/T 2260 list", code));
  } else if (st.kind == RegionStatus::retired) {
    std::string repl_zh, repl_en;
    for (auto &[rc, rn] : st.replacements) {
      repl_zh += (repl_zh.empty() ? "" : "、") + rc + " " + rn;
      repl_en += (repl_en.empty() ? "" : ", ") + rc + " " + rn;
    }
    e.emit("region-retired", c.region.code.pos, "region.code", {},
           repl_zh.empty() ? fmt::format("行政区划代码 {}（{}）已于 {} 年撤销", code, st.name, st.retired_year)
                           : fmt::format("行政区划代码 {}（{}）已于 {} 年撤销，现为 {}；请改用新代码", code, st.name,
                                         st.retired_year, repl_zh),
           repl_en.empty()
               ? fmt::format("region code {} ({}) was retired in {}", code, st.name, st.retired_year)
               : fmt::format("region code {} ({}) was retired in {}; use {}", code, st.name, st.retired_year, repl_en));
  }
  RegionLevel want = level_from_code(code);
  RegionLevel got;
  if (c.region.level.present && parse_level(c.region.level.value, got) && got != want)
    e.emit("region-level", c.region.level.pos, "region.level", {},
           fmt::format("region.level 为 {}，但代码 {} 是{}级区划，应为 level: {}", c.region.level.value, code,
                       level_zh(want), level_key(want)),
           fmt::format("region.level is {}, but code {} is a {}-level code: use level: {}", c.region.level.value, code,
                       level_key(want), level_key(want)));
  if (c.parent.present) {
    auto anc = ancestor_codes(code);
    bool ok = std::find(anc.begin(), anc.end(), c.parent.value) != anc.end();
    if (!ok) {
      std::string allowed_zh = anc.empty() ? "省级目录没有上级" : "应为 " + fmt::format("{}", fmt::join(anc, " 或 "));
      std::string allowed_en =
          anc.empty() ? "a province has no parent" : "use " + fmt::format("{}", fmt::join(anc, " or "));
      e.emit("region-level", c.parent.pos, "parent", {},
             fmt::format("parent {} 不是 {} 的上级区划；{}", c.parent.value, code, allowed_zh),
             fmt::format("parent {} is not an ancestor of {}; {}", c.parent.value, code, allowed_en));
    }
  }
}

bool is_power_type(const std::string &type) {
  return type_code(type) && type != "公共服务";
}

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

std::string item_label(const Item &it) {
  std::string s = it.code.value + " " + it.name.value;
  if (it.sub_name.present && !it.sub_name.value.empty()) s += "（" + it.sub_name.value + "）";
  return s;
}

void check_item(const LoadedFile &f, const CheckContext &ctx, std::size_t index, const Item &it, Emitter &e) {
  const std::string base = fmt::format("items[{}]", index);
  const std::string &code = it.code.value;
  auto emit = [&](std::string_view rule, Pos pos, std::string_view sub, std::string zh, std::string en) -> Finding & {
    return e.emit(rule, pos, sub.empty() ? base : base + "." + std::string(sub), code, std::move(zh), std::move(en));
  };

  // code-format / code-type
  bool code_ok = it.code.present && ctx.code_matches(code);
  if (it.code.present && !code_ok)
    emit("code-format", it.code.pos, "code",
         fmt::format("事项编码「{}」不符合格式 {}（基本编码为 12 位数字或大写字母）", code, ctx.code_pattern()),
         fmt::format("item code '{}' does not match {} (a basic code is 12 digits or capital letters)", code,
                     ctx.code_pattern()));
  if (code_ok && code.size() == 12 && it.type.present) {
    const char *want = type_code(it.type.value);
    std::string_view got = std::string_view(code).substr(2, 2);
    if (want && got != want) {
      const char *got_type = type_of_code(got);
      emit("code-type", it.code.pos, "code",
           fmt::format("事项编码「{}」第 3-4 位是「{}」{}，但事项类型为{}（{}）", code, got,
                       got_type ? fmt::format("（{}）", got_type) : "", it.type.value, want),
           fmt::format("chars 3-4 of item code '{}' are '{}'{}, but the type is {} ({})", code, got,
                       got_type ? fmt::format(" ({})", got_type) : "", it.type.value, want));
    }
  }

  // agency-code, agency-code-case
  if (it.agency_code.present) {
    const std::string &ac = it.agency_code.value;
    if (has_lower(ac))
      emit("agency-code-case", it.agency_code.pos, "agency_code",
           fmt::format("统一社会信用代码「{}」含小写字母，应写作「{}」", ac, upper(ac)),
           fmt::format("agency_code '{}' has lower-case letters; write '{}'", ac, upper(ac)));
    auto p = check_uscc(ac);
    if (!p.ok())
      emit("agency-code", it.agency_code.pos, "agency_code",
           fmt::format("实施主体统一社会信用代码「{}」无效：{}", ac, p.zh),
           fmt::format("agency_code '{}' is not a valid unified social credit code: {}", ac, p.en));
  }

  // implementation-code
  if (it.implementation_code.present) {
    const std::string ic = upper(it.implementation_code.value);
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
    } else if (!suffix_ok) {
      bad(fmt::format("长度应为 31 位（统一社会信用代码 18 位 + 行使层级 1 位 + 基本编码 12 位），或加 2 "
                      "位业务办理项共 33 位，实际 {} 位",
                      ic.size()),
          fmt::format(
              "must be 31 characters (18 USCC + 1 level digit + 12 basic code), or 33 with a 2-digit suffix; found {}",
              ic.size()));
    } else {
      auto p = check_uscc(ic.substr(0, 18));
      // the level of the region code decides (a wrong region.level is region-level's finding);
      // the declared level only when the code is not a known region
      const std::string &rcode = f.catalog.region.code.value;
      std::optional<RegionLevel> lvl;
      if (rcode.size() == 6 && lookup_region(rcode).kind != RegionStatus::unknown)
        lvl = level_from_code(rcode);
      else
        for (RegionLevel l : {RegionLevel::province, RegionLevel::city, RegionLevel::county})
          if (f.catalog.region.level.value == level_key(l)) lvl = l;
      char want_digit = lvl ? level_digit(level_key(*lvl)) : 0;
      std::string tail = ic.substr(19, 12);
      if (!p.ok())
        bad(fmt::format("的前 18 位（实施主体统一社会信用代码）无效：{}", p.zh),
            fmt::format("has an invalid USCC in its first 18 characters: {}", p.en));
      else if (it.agency_code.present && upper(it.agency_code.value) != ic.substr(0, 18))
        bad(fmt::format("的前 18 位「{}」与 agency_code「{}」不一致", ic.substr(0, 18), it.agency_code.value),
            fmt::format("starts with '{}', which differs from agency_code '{}'", ic.substr(0, 18),
                        it.agency_code.value));
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
  }

  // legal-basis-missing
  if (it.type.present && is_power_type(it.type.value) && (!it.legal_basis.present || it.legal_basis.empty()))
    emit("legal-basis-missing", it.legal_basis.pos.line ? it.legal_basis.pos : it.pos, "legal_basis",
         fmt::format("{}事项「{}」没有实施依据；行政权力事项至少要列出一条法律法规依据", it.type.value, item_label(it)),
         fmt::format("{} item '{}' has no legal_basis; an administrative power needs at least one law", it.type.value,
                     item_label(it)));

  // time-limit-exceeds-legal
  const TimeLimit &tl = it.time_limit;
  if (tl.present && tl.legal.present && tl.promised.present && tl.promised.value > tl.legal.value)
    emit(
        "time-limit-exceeds-legal", tl.promised.pos, "time_limit.promised",
        fmt::format("承诺时限 {0} 个{2}超过法定时限 {1} 个{2}", tl.promised.value, tl.legal.value, tl.effective_unit()),
        fmt::format("promised time limit {} exceeds the statutory limit {} ({})", tl.promised.value, tl.legal.value,
                    tl.effective_unit() == "工作日" ? "working days" : "calendar days"));

  // fee-basis-missing
  const Fee &fee = it.fee;
  if (fee.present && fee.charged.present && fee.charged.value) {
    bool no_std = !fee.standard.present || is_blank(fee.standard.value);
    bool no_basis = !fee.basis.present || is_blank(fee.basis.value);
    if (no_std || no_basis) {
      std::string zh = no_std && no_basis ? "收费标准（standard）和收费依据（basis）"
                       : no_std           ? "收费标准（standard）"
                                          : "收费依据（basis）";
      std::string en = no_std && no_basis ? "standard and basis" : no_std ? "standard" : "basis";
      emit("fee-basis-missing", fee.pos, "fee", fmt::format("收费事项缺少{}", zh),
           fmt::format("charged item lacks {}", en));
    }
  }

  // process-incomplete
  if (it.process.present && !it.process.empty()) {
    bool accept = false, decide = false;
    for (auto &s : it.process.items) {
      accept = accept || s.value.find("受理") != std::string::npos;
      decide = decide || s.value.find("决定") != std::string::npos || s.value.find("办结") != std::string::npos;
    }
    if (!accept || !decide) {
      std::string zh = !accept && !decide ? "「受理」和「决定」/「办结」" : !accept ? "「受理」" : "「决定」或「办结」";
      std::string en = !accept && !decide ? "受理 (acceptance) and 决定/办结 (decision)"
                       : !accept          ? "受理 (acceptance)"
                                          : "决定 or 办结 (decision)";
      emit("process-incomplete", it.process.pos, "process", fmt::format("办事流程缺少{}环节", zh),
           fmt::format("process lacks a {} step", en));
    }
  }

  // material-issuer-missing, material-duplicate
  std::unordered_map<std::string, std::size_t> seen_materials;
  for (std::size_t m = 0; m < it.materials.size(); ++m) {
    const Material &mat = it.materials.items[m];
    std::string mpath = fmt::format("materials[{}]", m);
    std::string_view type = mat.effective_type();
    bool needs_issuer = type == "证明" || (mat.source.present && mat.source.value == "政府部门核发");
    if (needs_issuer && (!mat.issuer.present || is_blank(mat.issuer.value)))
      emit("material-issuer-missing", mat.pos, mpath,
           fmt::format("材料「{}」{}，但没有写出具机构（issuer）", mat.name.value,
                       type == "证明" ? "是证明" : "由政府部门核发"),
           fmt::format("material '{}' is {} but has no issuer", mat.name.value,
                       type == "证明" ? "a proof (证明)" : "issued by a government body"));
    if (!mat.name.present) continue;
    auto key = normalize_text(mat.name.value);
    auto [it2, inserted] = seen_materials.emplace(key, m);
    if (!inserted) {
      const Material &first = it.materials.items[it2->second];
      auto &x = emit("material-duplicate", mat.name.pos, mpath + ".name",
                     fmt::format("材料「{}」与第 {} 项材料「{}」重复（重复证明）；删除其中一项", mat.name.value,
                                 it2->second + 1, first.name.value),
                     fmt::format("material '{}' duplicates material {} '{}'; remove one", mat.name.value,
                                 it2->second + 1, first.name.value));
      x.related.push_back(e.loc(first.name.pos, first.name.value));
    }
  }

  // visits-reason-missing, zero-visit-channel
  if (it.visits.present && it.visits.value >= 1 && (!it.visits_reason.present || is_blank(it.visits_reason.value)))
    emit("visits-reason-missing", it.visits.pos, "visits",
         fmt::format("需到现场 {} 次，但没有说明必须现场办理的原因（visits_reason）", it.visits.value),
         fmt::format("visits is {} but visits_reason is missing", it.visits.value));
  if (it.visits.present && it.visits.value == 0) {
    bool remote = false;
    for (auto &ch : it.channels.items)
      remote = remote || ch.value == "网上办理" || ch.value == "移动端办理" || ch.value == "快递申请";
    if (!remote)
      emit("zero-visit-channel", it.channels.present ? it.channels.pos : it.visits.pos,
           it.channels.present ? "channels" : "visits",
           "零跑腿事项（visits: 0）没有网上办理、移动端办理或快递申请渠道；群众无法不跑腿办成",
           "visits: 0 but no 网上办理, 移动端办理 or 快递申请 channel: the item cannot be done without a visit");
  }
}

} // namespace

void check_catalog(const LoadedFile &f, const CheckContext &ctx, std::vector<Finding> &out) {
  if (f.kind != DocKind::catalog || !f.readable) return;
  Emitter e(f, out);
  check_region(f, e);
  const auto &items = f.catalog.items.items;
  std::unordered_map<std::string, std::size_t> codes, names;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item &it = items[i];
    check_item(f, ctx, i, it, e);
    if (it.code.present) {
      auto [p, inserted] = codes.emplace(it.code.value, i);
      if (!inserted) {
        auto &x = e.emit("code-duplicate", it.code.pos, fmt::format("items[{}].code", i), it.code.value,
                         fmt::format("事项编码 {} 与第 {} 个事项「{}」重复", it.code.value, p->second + 1,
                                     items[p->second].name.value),
                         fmt::format("item code {} is also used by item {} '{}'", it.code.value, p->second + 1,
                                     items[p->second].name.value));
        x.related.push_back(e.loc(items[p->second].code.pos, item_label(items[p->second])));
      }
    }
    if (it.name.present) {
      std::string key = normalize_text(it.name.value) + '\x1f' + normalize_text(it.sub_name.value);
      auto [p, inserted] = names.emplace(std::move(key), i);
      if (!inserted) {
        const Item &first = items[p->second];
        auto &x = e.emit("name-duplicate", at(it.sub_name.present ? it.sub_name : it.name, it.pos),
                         fmt::format("items[{}].name", i), it.code.value,
                         fmt::format("事项「{}」与第 {} 个事项（{}）名称相同；同名事项应合并或用子项名称区分",
                                     item_label(it), p->second + 1, first.code.value),
                         fmt::format("item '{}' has the same name and sub-name as item {} ({}); merge them or tell "
                                     "them apart by sub_name",
                                     item_label(it), p->second + 1, first.code.value));
        x.related.push_back(e.loc(first.name.pos, item_label(first)));
      }
    }
  }
}

void check_certificates(const LoadedFile &f, std::vector<Finding> &out) {
  if (f.kind != DocKind::certificates || !f.readable || !f.certificates.scope.present) return;
  const std::string &scope = f.certificates.scope.value;
  if (scope == "000000") return;
  RegionStatus st = lookup_region(scope);
  if (st.kind == RegionStatus::current) return;
  Finding x;
  x.location = Location{f.path, f.certificates.scope.pos.line, f.certificates.scope.pos.column, {}};
  x.region = scope;
  x.path = "scope";
  if (st.kind == RegionStatus::retired) {
    x.rule = "region-retired";
    std::string r = st.replacements.empty() ? "" : st.replacements.front().first + " " + st.replacements.front().second;
    x.message_zh = fmt::format("适用范围区划代码 {}（{}）已撤销{}", scope, st.name, r.empty() ? "" : "，现为 " + r);
    x.message_en =
        fmt::format("scope {} ({}) is a retired region code{}", scope, st.name, r.empty() ? "" : "; use " + r);
  } else {
    x.rule = "region-unknown";
    x.message_zh = fmt::format("适用范围「{}」不是现行行政区划代码（全国用 000000）", scope);
    x.message_en = fmt::format("scope '{}' is not a current region code (000000 means national)", scope);
  }
  out.push_back(std::move(x));
}

std::string_view Material::effective_type() const {
  if (type.present) return type.value;
  static constexpr std::string_view proof = "证明";
  const std::string &n = name.value;
  if (n.size() >= proof.size() && n.compare(n.size() - proof.size(), proof.size(), proof) == 0) return proof;
  return "其他";
}

} // namespace shitong
