// The item rules (docs/format.md §8) that need only one catalog: code-duplicate, name-duplicate,
// legal-basis-missing, time-limit-exceeds-legal, fee-basis-missing, process-incomplete,
// visits-reason-missing and zero-visit-channel. The code rules (code-format, code-type,
// implementation-code, agency-*) are in code_checks.cpp, the material-* rules in
// material_rules.cpp, the region-* rules in region_rules.cpp.
#include <shitong/codes.hpp>
#include <shitong/normalize.hpp>
#include <shitong/regions.hpp>

#include "check_internal.hpp"
#include "code_checks.hpp"
#include "fields.hpp"
#include "labels.hpp"

#include <fmt/format.h>

#include <optional>
#include <unordered_map>

namespace shitong::detail {

namespace {

Pos at(const Text &t, Pos fallback) {
  return t.present || t.pos.line ? t.pos : fallback;
}

bool is_power_type(const std::string &type) {
  return item_type_code(type) && type != "公共服务";
}

// fee-basis-missing, process-incomplete
template <class Emit> void check_fee_and_process(const Item &it, Emit &emit) {
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
}

} // namespace

void check_item(const LoadedFile &f, const CheckContext &ctx, std::size_t index, const Item &it,
                const AgencyIndex &agencies, FileEmitter &e) {
  const std::string base = fmt::format("items[{}]", index);
  const std::string &code = it.code.value;
  auto emit = [&](RuleId rule, Pos pos, std::string_view sub, std::string zh, std::string en) -> Finding & {
    return e.emit(rule, pos, sub.empty() ? base : base + "." + std::string(sub), code, std::move(zh), std::move(en));
  };

  // code-format, code-type, agency-code, agency-code-case, implementation-code under the active
  // code profile (code_checks.cpp)
  check_item_codes(f, ctx, it, agencies, emit);

  // legal-basis-missing
  if (it.type.present && is_power_type(it.type.value) && (!it.legal_basis.present || it.legal_basis.empty()))
    emit("legal-basis-missing", it.legal_basis.pos.line ? it.legal_basis.pos : it.pos, "legal_basis",
         fmt::format("{}事项「{}」没有实施依据；行政权力事项至少要列出一条法律法规依据", it.type.value, item_title(it)),
         fmt::format("{} item '{}' has no legal_basis; an administrative power needs at least one law", it.type.value,
                     item_title(it)));

  // time-limit-exceeds-legal
  const TimeLimit &tl = it.time_limit;
  if (tl.present && tl.legal.present && tl.promised.present && tl.promised.value > tl.legal.value)
    emit(
        "time-limit-exceeds-legal", tl.promised.pos, "time_limit.promised",
        fmt::format("承诺时限 {0} 个{2}超过法定时限 {1} 个{2}", tl.promised.value, tl.legal.value, tl.effective_unit()),
        fmt::format("promised time limit {} exceeds the statutory limit {} ({})", tl.promised.value, tl.legal.value,
                    unit_en(tl.effective_unit())));

  check_fee_and_process(it, emit);

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

void check_item_duplicates(const LoadedFile &f, FileEmitter &e) {
  const auto &items = f.catalog.items.items;
  std::unordered_map<std::string_view, std::size_t> codes; // views of the items' codes
  std::unordered_map<std::string, std::size_t> names;
  codes.reserve(items.size());
  names.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item &it = items[i];
    if (it.code.present) {
      auto [p, inserted] = codes.emplace(it.code.value, i);
      if (!inserted) {
        auto &x = e.emit("code-duplicate", it.code.pos, fmt::format("items[{}].code", i), it.code.value,
                         fmt::format("事项编码 {} 与第 {} 个事项「{}」重复", it.code.value, p->second + 1,
                                     items[p->second].name.value),
                         fmt::format("item code {} is also used by item {} '{}'", it.code.value, p->second + 1,
                                     items[p->second].name.value));
        x.related.push_back(e.loc(items[p->second].code.pos, item_title(items[p->second])));
      }
    }
    if (it.name.present) {
      std::string key = normalize_text(it.name.value);
      key += '\x1f';
      key += normalize_text(it.sub_name.value);
      auto [p, inserted] = names.emplace(std::move(key), i);
      if (!inserted) {
        const Item &first = items[p->second];
        auto &x = e.emit("name-duplicate", at(it.sub_name.present ? it.sub_name : it.name, it.pos),
                         fmt::format("items[{}].name", i), it.code.value,
                         fmt::format("事项「{}」与第 {} 个事项（{}）名称相同；同名事项应合并或用子项名称区分",
                                     item_title(it), p->second + 1, first.code.value),
                         fmt::format("item '{}' has the same name and sub-name as item {} ({}); merge them or tell "
                                     "them apart by sub_name",
                                     item_title(it), p->second + 1, first.code.value));
        x.related.push_back(e.loc(first.name.pos, item_title(first)));
      }
    }
  }
}

} // namespace shitong::detail
