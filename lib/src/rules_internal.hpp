// Internal: the rule table as a compile-time constant, and the one way to emit a finding.
// `RuleId` can only be built from a literal that names a row of the table (a typo does not
// compile), and `emit` takes the default severity from that row.
#pragma once

#include <shitong/rules.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shitong::detail {

using S = Severity;
using F = RuleFamily;
using X = Fixable;
/// The rule table: every rule, in documentation order (docs/format.md §8). A table written
/// out, one row per rule.
inline constexpr RuleInfo k_rules[] = {
    {"yaml-syntax", S::error, F::file, "文件不是合法的 YAML", "the file is not valid YAML", true, X::safe,
     "全角冒号改为「: "
     "」，缩进中的全角空格改为两个半角空格，中文引号改为半角引号，上下文能确定缩进几格时把缩进中的制表符改为空格"},
    {"encoding", S::error, F::file, "文件不是 UTF-8 编码（指出疑似编码）",
     "the file is not UTF-8 (says which encoding it looks like)", true},
    {"yaml-alias", S::error, F::file, "使用了锚点、别名或合并键", "anchors, aliases or merge keys are used"},
    {"duplicate-key", S::error, F::file, "映射中出现重复的键", "a mapping repeats a key"},
    {"unknown-kind", S::error, F::file, "kind 缺失或不是 catalog/certificates，或 version 不受支持",
     "kind missing or not catalog/certificates; unsupported version", true},
    {"missing-field", S::error, F::file, "缺少必填字段", "a required key is absent"},
    {"wrong-type", S::error, F::file, "值的类型不对（文本、列表、映射、整数）", "a value has the wrong YAML type",
     false, X::safe, "只修复未加引号的纯数字编码：加上双引号"},
    {"bad-enum", S::error, F::file, "值不在枚举范围内（提示最接近的值）",
     "a value is not one of its enumeration (suggests the nearest)"},
    {"unknown-key", S::warning, F::file, "格式未定义的键（提示最接近的键）",
     "a key the format does not define (suggests the nearest)", false, X::safe,
     "改为唯一提示的键名（该映射中还没有这个键时）"},
    {"empty-value", S::error, F::file, "必填的文本或列表为空", "a required text or list is empty"},
    {"region-unknown", S::error, F::catalog, "行政区划代码不在现行 GB/T 2260 代码表中",
     "region code not in the current GB/T 2260 list"},
    {"region-retired", S::error, F::catalog, "行政区划代码已撤销，指出新代码",
     "region code retired; names the replacement"},
    {"region-level", S::error, F::catalog, "region.level 与代码不符，或 parent 不是上级区划",
     "region.level disagrees with the code, or parent is not an ancestor"},
    {"region-duplicate", S::error, F::catalog, "同一区划有两个目录", "two catalogs for one region"},
    {"code-format", S::error, F::item, "事项编码不符合编码方案的格式（全国：12 位数字或大写字母）或配置的模式",
     "code does not fit the code profile (national: 12 chars of [0-9A-Z]) or the configured pattern"},
    {"code-type", S::warning, F::item, "事项编码中编码方案规定的类型代码（全国：第 3-4 位）与事项类型不符",
     "the type code where the code profile puts one (national: chars 3-4) disagrees with type"},
    {"code-duplicate", S::error, F::item, "目录中两个事项编码相同", "two items with one code in a catalog"},
    {"name-duplicate", S::warning, F::item, "目录中两个事项主项名称和子项名称相同",
     "two items with the same name + sub_name in a catalog"},
    {"implementation-code", S::error, F::item, "实施编码不符合编码方案的布局或与其他字段不一致",
     "implementation_code does not fit the code profile's layout, or disagrees with other fields"},
    {"agency-code", S::error, F::item, "实施主体统一社会信用代码不符合 GB 32100（逐项检查，提示目录中相近的代码）",
     "agency_code fails GB 32100 (each part checked; suggests a close code used in the catalog)"},
    {"agency-code-case", S::warning, F::item, "统一社会信用代码含小写字母", "agency_code has lower-case letters", false,
     X::safe, "小写字母改为大写"},
    {"agency-consistency", S::warning, F::item, "同一代码对应两个实施主体名称，或同一名称对应两个代码",
     "one agency code under two names, or one agency name under two codes"},
    {"legal-basis-missing", S::error, F::item, "需要实施依据的事项没有实施依据",
     "no legal_basis on an item whose type needs one"},
    {"time-limit-exceeds-legal", S::error, F::item, "承诺时限超过法定时限", "promised > legal"},
    {"fee-basis-missing", S::error, F::item, "收费事项缺少收费标准或收费依据",
     "charged: true without standard or basis"},
    {"process-incomplete", S::warning, F::item, "办事流程缺少受理，或缺少决定和办结",
     "process lacks 受理, or lacks both 决定 and 办结"},
    {"material-issuer-missing", S::warning, F::item, "证明或政府部门核发的材料没有出具机构",
     "a 证明, or a material from 政府部门核发, has no issuer"},
    {"material-duplicate", S::warning, F::item, "同一事项的两份材料相同（重复证明）",
     "two materials of one item are the same (重复证明)", false, X::safe,
     "删除与前一项各属性完全相同的重复材料（整项删除）"},
    {"visits-reason-missing", S::warning, F::item, "到现场次数 >= 1 但没有说明原因",
     "visits >= 1 without visits_reason"},
    {"zero-visit-channel", S::error, F::item, "零跑腿事项没有网上、移动端或快递办理渠道",
     "visits: 0 but no 网上办理, 移动端办理 or 快递申请 channel"},
    {"level-name", S::error, F::level, "主项名称与上级不同", "主项名称 (item name) differs from the reference", false,
     X::align, "改为上级目录的主项名称"},
    {"level-sub-name", S::error, F::level, "子项名称与上级不同", "子项名称 (sub-item name) differs from the reference",
     false, X::align, "改为上级目录的子项名称"},
    {"level-type", S::error, F::level, "事项类型与上级不同", "事项类型 (item type) differs from the reference", false,
     X::align, "改为上级目录的事项类型"},
    {"level-legal-basis", S::error, F::level, "实施依据与上级不同", "实施依据 (legal basis) differs from the reference",
     false, X::align, "实施依据整段改为上级目录的写法"},
    {"level-materials-added", S::error, F::level, "比上级多要材料（擅自增加材料）",
     "the lower level asks for materials the reference does not", false, X::align, "申报材料整段改为上级目录的材料"},
    {"level-materials-removed", S::warning, F::level, "比上级少要材料", "the lower level asks for fewer materials",
     false, X::align, "申报材料整段改为上级目录的材料"},
    {"level-materials-changed", S::error, F::level, "共有材料的类型、形式、份数或必要性与上级不同",
     "a shared material differs in type/form/copies/necessity", false, X::align, "申报材料整段改为上级目录的材料"},
    {"level-process", S::error, F::level, "办事流程与上级不同", "办事流程 (process) differs from the reference", false,
     X::align, "办事流程改为上级目录的流程"},
    {"level-fee", S::error, F::level, "收费标准与上级不同", "收费标准 (fee) differs from the reference", false,
     X::align, "收费标准整段改为上级目录的写法"},
    {"level-time-limit-longer", S::error, F::level, "承诺时限比上级长（或法定时限、单位不同）",
     "promises longer than the reference (or a different legal limit / unit)", false, X::align,
     "承诺时限整段改为上级目录的时限"},
    {"level-time-limit-shorter", S::info, F::level, "承诺时限比上级短（不一致但有利于群众）",
     "promises shorter than the reference (non-uniform but favourable)", false, X::align,
     "承诺时限整段改为上级目录的时限"},
    {"level-forms", S::error, F::level, "表单内容与上级不同", "表单内容 (forms) differ from the reference", false,
     X::align, "表单内容整段改为上级目录的表单"},
    {"level-extra-item", S::error, F::level, "上级目录之外的事项且无地方设定依据（目录之外）",
     "item outside the upper catalogs without local_basis (目录之外)"},
    {"level-code-mismatch", S::error, F::level, "名称与上级事项相同但事项编码不同",
     "same name/sub-name as an upper item but another code", false, X::align, "事项编码改为上级目录的编码"},
    {"level-missing-item", S::warning, F::level, "上级要求本级实施的事项缺失",
     "an upper item due at this level is absent", false, X::align,
     "加 --add-missing 时从上级复制事项的十个要素，本地字段留待填写"},
    {"cert-no-registry", S::info, F::cert, "没有任何证明事项清单管到这个目录，证明事项检查未执行",
     "no proof registry governs the catalog: its proofs were not audited"},
    {"cert-cancelled", S::error, F::cert, "要求提供已取消的证明，指出替代方式",
     "a material is a cancelled proof; says what replaces it", false, X::unsafe,
     "删除这项材料，把清单写明的替代方式记为注释"},
    {"cert-unlisted", S::error, F::cert, "证明不在保留证明事项清单中（清单之外不得索要证明）",
     "a 证明 not in any governing retained list (清单之外不得索要证明)"},
    {"cert-odd", S::error, F::cert, "材料属于奇葩证明，给出理由",
     "a material matches an odd-proof pattern; gives the reason", false, X::unsafe,
     "删除这项材料，把清单写明的理由记为注释"},
    {"cert-pattern", S::error, F::cert, "证明事项清单中的奇葩证明模式无法使用（语法错误、不支持的写法或超出限制）",
     "an odd-proof pattern of a registry cannot be used (bad syntax, unsupported construct or over a limit)"},
    {"cert-shareable", S::warning, F::cert, "要求申请人提交本批目录中其他事项核发的证照（应数据共享）",
     "the applicant must bring a licence/proof that an item in the inputs issues: share the data instead", false,
     X::unsafe, "删除这项材料，把核发它的事项（改为数据共享）记为注释"},
    {"cert-circular", S::error, F::cert, "事项互相要求对方的办理结果（循环证明），列出整个环",
     "items that require each other's outputs, directly or through a chain (循环证明); lists the whole cycle"},
    {"unused-ignore", S::warning, F::meta, "忽略条目或 shitong-ignore 注释没有忽略任何发现",
     "an ignore entry or # shitong-ignore: comment that silences nothing"},
    {"config", S::error, F::meta, ".shitong.yaml 格式错误（带行号和列号）",
     ".shitong.yaml is malformed (with line and column)"},
    {"limit", S::warning, F::meta,
     "达到 .shitong.yaml 中 limits 的某个上限（发现数、事项数、文本长度），说明未检查的部分",
     "a limit of .shitong.yaml's limits was reached (findings, items, text length); says what was not checked"},
};
inline constexpr std::size_t k_rule_count = sizeof(k_rules) / sizeof(k_rules[0]);

/// A rule id checked against k_rules at compile time.
class RuleId {
public:
  // NOLINTNEXTLINE(google-explicit-constructor): literals convert, that is the point
  consteval RuleId(const char *id) : m_index(index_of(id)) {}
  const RuleInfo &info() const { return k_rules[m_index]; }
  std::string_view id() const { return info().id; }
  bool operator==(const RuleId &) const = default;
  /// The id of a finding made elsewhere from a RuleId (e.g. FieldDiff::rule); throws
  /// std::logic_error when `id` names no rule.
  static RuleId of(std::string_view id);

private:
  struct Index {
    std::size_t value;
  };
  explicit RuleId(Index i) : m_index(i.value) {}
  static consteval std::size_t index_of(std::string_view id) {
    for (std::size_t i = 0; i < k_rule_count; ++i)
      if (k_rules[i].id == id) return i;
    unknown_rule_id(); // not constexpr: an id outside the table is a compile error here
    return 0;
  }
  static void unknown_rule_id();
  std::size_t m_index;
};

/// What a finding is about, besides its rule, place and message.
struct Subject {
  std::string region; ///< region code of the catalog
  std::string item;   ///< item code
  std::string path;   ///< field path, e.g. items[3].materials[1].name
};

/// Appends a finding of `rule` with the rule's default severity; returns it (for `related`).
Finding &emit(std::vector<Finding> &out, RuleId rule, Location where, Subject about, std::string zh, std::string en);

/// True when `f` is a finding of `rule`.
inline bool is_rule(const Finding &f, RuleId rule) {
  return f.rule == rule.id();
}

/// Gives an existing finding another rule (and that rule's default severity), e.g. a reader
/// finding inside .shitong.yaml becomes a `config` finding.
void retag(Finding &f, RuleId rule);

} // namespace shitong::detail
