// The typed catalog model (docs/format.md §3-§5). Every value remembers where it came from (1-based line
// and column) and whether it was present in the file, so rules can point at the offending node,
// or at the enclosing mapping when a key is missing. No YAML library types appear here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// 1-based position of a node; line == 0 means unknown.
struct Pos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// A scalar value with its position. `present` is false when the key was absent or null.
template <class T> struct Value {
  T value{};
  Pos pos;
  bool present = false;
};
using Text = Value<std::string>;
using Int = Value<long long>;
using Bool = Value<bool>;

/// A YAML sequence with its position.
template <class T> struct List {
  std::vector<T> items;
  Pos pos;
  bool present = false;
  bool empty() const { return items.empty(); }
  std::size_t size() const { return items.size(); }
};

/// Every mapping remembers its own position (for "missing key" findings).
struct Node {
  Pos pos;
  bool present = false;
};

// 实施依据: one law and (optionally) the article.
struct LegalBasis : Node {
  Text law;
  Text article;
};

// 申报材料: one application material.
struct Material : Node {
  Text name;
  Text type; // 证明 | 证照 | 表格 | 其他
  Text form; // 原件 | 复印件 | 原件或复印件 | 电子
  Int copies;
  Text necessity; // 必要 | 非必要 | 容缺后补
  Text source;    // 申请人自备 | 政府部门核发 | 其他
  Text issuer;    // 出具机构

  /// The declared type, or the format's default (docs/format.md §4): 证明 when the name ends in 证明, else 其他.
  std::string_view effective_type() const;
};

// 收费标准
struct Fee : Node {
  Bool charged;
  Text standard;
  Text basis;
};

// 承诺时限
struct TimeLimit : Node {
  Int legal;    // 法定办结时限
  Int promised; // 承诺办结时限; 0 = 即办
  Text unit;    // 工作日 (default) | 自然日
  std::string effective_unit() const { return unit.present ? unit.value : "工作日"; }
};

// 表单内容
struct Form : Node {
  Text name;
  List<Text> fields;
};

// 审批服务事项: one service item.
struct Item : Node {
  // the ten fields of 三级十同
  Text code; // 事项编码 (基本编码)
  Text name; // 主项名称
  Text sub_name;
  Text type;
  List<LegalBasis> legal_basis;
  List<Material> materials;
  List<Text> process;
  Fee fee;
  TimeLimit time_limit;
  List<Form> forms;
  // local fields
  Text agency; // 实施主体
  Text agency_code;
  Text implementation_code;
  List<Text> levels;
  Int visits;
  Text visits_reason;
  List<Text> channels;
  Bool proxy;
  List<Text> outputs;
  Text local_basis;
};

struct Region : Node {
  Text code;
  Text name;
  Text level; // province | city | county
};

/// One `kind: catalog` document.
struct Catalog {
  Text kind;
  Int version;
  Region region;
  Text parent;
  Text published;
  Text publisher;
  List<Item> items;
};

// Proof registry entries (docs/format.md §5).
struct RetainedProof : Node {
  Text name;
  List<Text> aliases;
  Text issuer;
  Text basis;
};
struct CancelledProof : Node {
  Text name;
  List<Text> aliases;
  Text replaced_by; // 直接取消 | 告知承诺 | 数据共享 | 部门核查 | 法定证照
};
struct OddProof : Node {
  Text pattern;
  Text reason;
};

/// One `kind: certificates` document.
struct Certificates {
  Text kind;
  Int version;
  Text scope;
  List<RetainedProof> retained;
  List<CancelledProof> cancelled;
  List<OddProof> odd;
};

enum class DocKind : std::uint8_t { unknown, catalog, certificates };

} // namespace shitong
