// The field tables of the format (docs/format.md §3-§5). Adding a key means adding one line here: the
// loader, unknown-key suggestions, missing-field checks and the JSON Schemas all follow.
#include "fields.hpp"

#include "code_profile.hpp"
#include "json_writer.hpp"
#include "reader.hpp"

#include <shitong/config.hpp>
#include <shitong/rules.hpp>

#include <fmt/format.h>

namespace shitong::detail {

const std::vector<ItemTypeCode> k_item_type_codes = {{"行政许可", "01"},     {"行政处罚", "02"}, {"行政强制", "03"},
                                                     {"行政征收", "04"},     {"行政给付", "05"}, {"行政检查", "06"},
                                                     {"行政确认", "07"},     {"行政奖励", "08"}, {"行政裁决", "09"},
                                                     {"其他行政权力", "10"}, {"公共服务", "20"}};

const char *item_type_code(std::string_view type) {
  for (const auto &t : k_item_type_codes)
    if (t.type == type) return t.code.data();
  return nullptr;
}

const char *item_type_of_code(std::string_view code) {
  for (const auto &t : k_item_type_codes)
    if (t.code == code) return t.type.data();
  return nullptr;
}

const std::vector<std::string_view> k_item_types = [] {
  std::vector<std::string_view> types;
  for (const auto &t : k_item_type_codes) types.push_back(t.type);
  return types;
}();
const std::vector<std::string_view> k_material_types = {"证明", "证照", "表格", "其他"};
const std::vector<std::string_view> k_material_forms = {"原件", "复印件", "原件或复印件", "电子"};
const std::vector<std::string_view> k_necessities = {"必要", "非必要", "容缺后补"};
const std::vector<std::string_view> k_sources = {"申请人自备", "政府部门核发", "其他"};
const std::vector<std::string_view> k_units = {"工作日", "自然日"};
const std::vector<std::string_view> k_levels = {"province", "city", "county"};
const std::vector<std::string_view> k_channels = {"窗口办理", "网上办理", "移动端办理", "快递申请", "自助终端"};
const std::vector<std::string_view> k_replacements = {"直接取消", "告知承诺", "数据共享", "部门核查", "法定证照"};
const std::vector<std::string_view> k_kinds = {"catalog", "certificates"};

namespace {
void common(JsonWriter &w, const Meta &m) {
  if (!m.title.empty()) w.key("title").value(m.title);
  if (!m.description.empty()) w.key("description").value(m.description);
}
// Optional keys may be written with an empty (null) value: the tool reads that as absent.
bool nullable(const Meta &m) {
  return !m.required && !m.nonempty;
}

void type_key(JsonWriter &w, const Meta &m, const char *type) {
  if (nullable(m))
    w.key("type").begin_array().value(type).value("null").end_array();
  else
    w.key("type").value(type);
}

void string_schema(JsonWriter &w, const Meta &m) {
  type_key(w, m, "string");
  if (m.enumeration) {
    w.key("enum").begin_array();
    for (auto e : *m.enumeration) w.value(e);
    w.end_array();
  }
  if (!m.pattern.empty())
    w.key("pattern").value(m.pattern);
  else if (m.date)
    w.key("pattern").value("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$");
  else if (m.required || m.nonempty)
    w.key("pattern").value("\\S"); // not blank
  if (m.required || m.nonempty) w.key("minLength").value(1);
}
} // namespace

template <> void write_schema<Text>(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  string_schema(w, m);
  w.end_object();
}
template <> void write_schema<Int>(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  type_key(w, m, "integer");
  if (m.minimum >= 0) w.key("minimum").value(m.minimum);
  w.end_object();
}
template <> void write_schema<Bool>(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  type_key(w, m, "boolean");
  w.end_object();
}
template <> void write_schema<List<Text>>(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  type_key(w, m, "array");
  w.key("items").begin_object();
  Meta element{.nonempty = true, .enumeration = m.enumeration};
  string_schema(w, element);
  w.end_object();
  if (m.required || m.nonempty) w.key("minItems").value(1);
  w.end_object();
}
template <> void write_schema<RuleSettings>(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  w.key("type").value("object");
  w.key("propertyNames").begin_object().key("enum").begin_array();
  for (auto &r : rule_table()) w.value(r.id);
  w.end_array().end_object();
  w.key("additionalProperties").begin_object().key("enum").begin_array();
  for (auto s : {"error", "warning", "info", "off"}) w.value(s);
  w.end_array().end_object();
  w.end_object();
}

// A map of chosen names: code_profiles (names of letters, digits, - and _) and a type slot's
// values (type codes of letters and digits, each naming an item type).
template <> void write_schema<NamedMap<Text>>(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  w.key("type").value("object");
  if (m.required || m.nonempty) w.key("minProperties").value(1);
  w.key("propertyNames").begin_object().key("pattern").value("^[0-9A-Za-z]+$").end_object();
  w.key("additionalProperties").begin_object();
  string_schema(w, Meta{.required = true, .enumeration = m.enumeration});
  w.end_object();
  w.end_object();
}
template <> void write_schema<NamedMap<ProfileSpec>>(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  type_key(w, m, "object");
  w.key("propertyNames").begin_object().key("pattern").value("^[0-9A-Za-z_-]+$");
  w.key("not").begin_object().key("enum").begin_array();
  for (auto name : profile_names()) w.value(name);
  w.end_array().end_object().end_object();
  w.key("additionalProperties").begin_object().key("$ref").value("#/definitions/code_profile").end_object();
  w.end_object();
}

template <class M> void write_schema(JsonWriter &w, const Meta &m) {
  w.begin_object();
  common(w, m);
  if constexpr (std::is_base_of_v<Node, M>) {
    w.key("$ref").value(fmt::format("#/definitions/{}", table_of<M>().name));
  } else {
    using U = std::remove_reference_t<decltype(std::declval<M &>().items[0])>;
    type_key(w, m, "array");
    w.key("items").begin_object().key("$ref").value(fmt::format("#/definitions/{}", table_of<U>().name)).end_object();
    if (m.required || m.nonempty) w.key("minItems").value(1);
  }
  w.end_object();
}

template <class T> void write_properties(JsonWriter &w, const Table<T> &t, unsigned kinds) {
  w.key("type").value("object");
  w.key("additionalProperties").value(false);
  w.key("required").begin_array();
  for (auto &f : t.fields)
    if (f.meta.required && (f.meta.kinds & kinds)) w.value(f.key);
  w.end_array();
  w.key("properties").begin_object();
  for (auto &f : t.fields) {
    if (!(f.meta.kinds & kinds)) continue;
    w.key(f.key);
    f.schema(w, f.meta);
  }
  w.end_object();
}

template <class T> void write_definition(JsonWriter &w) {
  const auto &t = table_of<T>();
  w.key(t.name).begin_object();
  w.key("title").value(t.title);
  write_properties(w, t, k_any);
  w.end_object();
}

#define SHITONG_FIELD(T, member, key, ...)                                                                             \
  Field<T> {                                                                                                           \
    key, [](Reader &r, T &o, const Meta &m) { r.read(o.member, m); },                                                  \
        &write_schema<std::remove_reference_t<decltype(std::declval<T &>().member)>>,                                  \
        [](ModelCodec &c, T &o) { c.visit(o.member); }, Meta {                                                         \
      __VA_ARGS__                                                                                                      \
    }                                                                                                                  \
  }

template <> const Table<Region> &table_of<Region>() {
  static const Table<Region> t{
      "region",
      "行政区划",
      {
          SHITONG_FIELD(Region, code, "code", .required = true, .code_like = true, .pattern = "^[0-9]{6}$",
                        .title = "行政区划代码", .description = "GB/T 2260 六位行政区划代码（现行）"),
          SHITONG_FIELD(Region, name, "name", .required = true, .title = "行政区划名称", .description = "显示名称"),
          SHITONG_FIELD(Region, level, "level", .required = true, .enumeration = &k_levels, .title = "层级",
                        .description = "province 省 | city 市 | county 县（区、县级市）"),
      }};
  return t;
}

template <> const Table<LegalBasis> &table_of<LegalBasis>() {
  static const Table<LegalBasis> t{"legal_basis",
                                   "实施依据",
                                   {
                                       SHITONG_FIELD(LegalBasis, law, "law", .required = true, .title = "法律法规名称"),
                                       SHITONG_FIELD(LegalBasis, article, "article", .nonempty = true, .title = "条款",
                                                     .description = "如 第三十五条"),
                                   }};
  return t;
}

template <> const Table<Material> &table_of<Material>() {
  static const Table<Material> t{
      "material",
      "申报材料",
      {
          SHITONG_FIELD(Material, name, "name", .required = true, .title = "材料名称"),
          SHITONG_FIELD(Material, type, "type", .nonempty = true, .enumeration = &k_material_types, .title = "材料类型",
                        .description = "默认：名称以“证明”结尾为 证明，否则为 其他"),
          SHITONG_FIELD(Material, form, "form", .nonempty = true, .enumeration = &k_material_forms,
                        .title = "材料形式"),
          SHITONG_FIELD(Material, copies, "copies", .minimum = 1, .title = "份数"),
          SHITONG_FIELD(Material, necessity, "necessity", .nonempty = true, .enumeration = &k_necessities,
                        .title = "必要性"),
          SHITONG_FIELD(Material, source, "source", .nonempty = true, .enumeration = &k_sources, .title = "来源渠道"),
          SHITONG_FIELD(Material, issuer, "issuer", .nonempty = true, .title = "出具机构",
                        .description = "材料类型为 证明 或来源为 政府部门核发 时必填"),
      }};
  return t;
}

template <> const Table<Fee> &table_of<Fee>() {
  static const Table<Fee> t{
      "fee",
      "收费标准",
      {
          SHITONG_FIELD(Fee, charged, "charged", .required = true, .title = "是否收费"),
          SHITONG_FIELD(Fee, standard, "standard", .nonempty = true, .title = "收费标准", .description = "收费时必填"),
          SHITONG_FIELD(Fee, basis, "basis", .nonempty = true, .title = "收费依据", .description = "收费时必填"),
      }};
  return t;
}

template <> const Table<TimeLimit> &table_of<TimeLimit>() {
  static const Table<TimeLimit> t{"time_limit",
                                  "承诺时限",
                                  {
                                      SHITONG_FIELD(TimeLimit, legal, "legal", .minimum = 0, .title = "法定办结时限",
                                                    .description = "法律未规定时省略"),
                                      SHITONG_FIELD(TimeLimit, promised, "promised", .required = true, .minimum = 0,
                                                    .title = "承诺办结时限", .description = "0 表示即办"),
                                      SHITONG_FIELD(TimeLimit, unit, "unit", .nonempty = true, .enumeration = &k_units,
                                                    .title = "时限单位", .description = "默认 工作日"),
                                  }};
  return t;
}

template <> const Table<Form> &table_of<Form>() {
  static const Table<Form> t{
      "form",
      "表单",
      {
          SHITONG_FIELD(Form, name, "name", .required = true, .title = "表单名称"),
          SHITONG_FIELD(Form, fields, "fields", .required = true, .title = "表单字段", .description = "有序"),
      }};
  return t;
}

template <> const Table<Item> &table_of<Item>() {
  static const Table<Item> t{
      "item",
      "审批服务事项",
      {
          SHITONG_FIELD(Item, code, "code", .required = true, .code_like = true, .pattern = k_default_code_pattern,
                        .title = "事项编码", .description = "基本编码，12 位，各层级一致"),
          SHITONG_FIELD(Item, name, "name", .required = true, .title = "主项名称"),
          SHITONG_FIELD(Item, sub_name, "sub_name", .title = "子项名称", .description = "无子项时省略"),
          SHITONG_FIELD(Item, type, "type", .required = true, .enumeration = &k_item_types, .title = "事项类型"),
          SHITONG_FIELD(Item, legal_basis, "legal_basis", .title = "实施依据",
                        .description = "公共服务以外的事项至少一条"),
          SHITONG_FIELD(Item, materials, "materials", .required = true, .title = "申报材料"),
          SHITONG_FIELD(Item, process, "process", .required = true, .title = "办事流程",
                        .description = "有序；至少含 受理，以及 决定 或 办结"),
          SHITONG_FIELD(Item, fee, "fee", .required = true, .title = "收费标准"),
          SHITONG_FIELD(Item, time_limit, "time_limit", .required = true, .title = "承诺时限"),
          SHITONG_FIELD(Item, forms, "forms", .required = true, .title = "表单内容"),
          SHITONG_FIELD(Item, agency, "agency", .nonempty = true, .title = "实施主体"),
          SHITONG_FIELD(Item, agency_code, "agency_code", .nonempty = true, .code_like = true,
                        .pattern = "^[0-9A-Za-z]{18}$", .title = "实施主体统一社会信用代码"),
          SHITONG_FIELD(Item, implementation_code, "implementation_code", .nonempty = true, .code_like = true,
                        .pattern = "^[0-9A-Za-z]{31}([0-9]{2})?$", .title = "实施编码",
                        .description = "统一社会信用代码 + 行使层级 + 基本编码 [+ 业务办理项]"),
          SHITONG_FIELD(Item, levels, "levels", .enumeration = &k_levels, .title = "行使层级"),
          SHITONG_FIELD(Item, visits, "visits", .minimum = 0, .title = "到办事现场次数"),
          SHITONG_FIELD(Item, visits_reason, "visits_reason", .nonempty = true, .title = "必须现场办理原因说明"),
          SHITONG_FIELD(Item, channels, "channels", .enumeration = &k_channels, .title = "办理形式"),
          SHITONG_FIELD(Item, proxy, "proxy", .title = "帮办代办", .description = "你不用跑我来跑"),
          SHITONG_FIELD(Item, outputs, "outputs", .title = "办理结果", .description = "本事项核发的证照或证明"),
          SHITONG_FIELD(Item, local_basis, "local_basis", .nonempty = true, .title = "地方设定依据",
                        .description = "仅用于上级目录之外的事项"),
      }};
  return t;
}

template <> const Table<RetainedProof> &table_of<RetainedProof>() {
  static const Table<RetainedProof> t{
      "retained",
      "保留证明事项",
      {
          SHITONG_FIELD(RetainedProof, name, "name", .required = true, .title = "证明名称"),
          SHITONG_FIELD(RetainedProof, aliases, "aliases", .title = "别名"),
          SHITONG_FIELD(RetainedProof, issuer, "issuer", .nonempty = true, .title = "开具单位"),
          SHITONG_FIELD(RetainedProof, basis, "basis", .nonempty = true, .title = "设定依据"),
      }};
  return t;
}

template <> const Table<CancelledProof> &table_of<CancelledProof>() {
  static const Table<CancelledProof> t{
      "cancelled",
      "已取消证明事项",
      {
          SHITONG_FIELD(CancelledProof, name, "name", .required = true, .title = "证明名称"),
          SHITONG_FIELD(CancelledProof, aliases, "aliases", .title = "别名"),
          SHITONG_FIELD(CancelledProof, replaced_by, "replaced_by", .required = true, .enumeration = &k_replacements,
                        .title = "取消后办理方式"),
      }};
  return t;
}

template <> const Table<OddProof> &table_of<OddProof>() {
  static const Table<OddProof> t{
      "odd",
      "奇葩证明",
      {
          SHITONG_FIELD(OddProof, pattern, "pattern", .required = true, .title = "匹配模式",
                        .description = "正则表达式（RE2 语法：不支持反向引用和环视），匹配规范化后的材料名称"),
          SHITONG_FIELD(OddProof, reason, "reason", .required = true, .title = "理由"),
      }};
  return t;
}

template <> const Table<Document> &table_of<Document>() {
  static const Table<Document> t{
      "document",
      "文档",
      {
          SHITONG_FIELD(Document, catalog.kind, "kind", .required = true, .title = "文件类型",
                        .description = "catalog 事项目录 | certificates 证明事项清单"),
          SHITONG_FIELD(Document, catalog.version, "version", .required = true, .title = "格式版本"),
          SHITONG_FIELD(Document, catalog.region, "region", .required = true, .title = "行政区划", .kinds = k_catalog),
          SHITONG_FIELD(Document, catalog.parent, "parent", .nonempty = true, .code_like = true,
                        .pattern = "^[0-9]{6}$", .title = "上级目录区划代码", .kinds = k_catalog),
          SHITONG_FIELD(Document, catalog.published, "published", .nonempty = true, .date = true, .title = "发布日期",
                        .kinds = k_catalog),
          SHITONG_FIELD(Document, catalog.publisher, "publisher", .nonempty = true, .title = "发布机关",
                        .kinds = k_catalog),
          SHITONG_FIELD(Document, catalog.items, "items", .required = true, .nonempty = true, .title = "事项",
                        .kinds = k_catalog),
          SHITONG_FIELD(Document, certificates.scope, "scope", .required = true, .code_like = true,
                        .pattern = "^[0-9]{6}$", .title = "适用范围区划代码", .description = "000000 表示全国",
                        .kinds = k_certificates),
          SHITONG_FIELD(Document, certificates.retained, "retained", .title = "保留证明事项清单",
                        .kinds = k_certificates),
          SHITONG_FIELD(Document, certificates.cancelled, "cancelled", .title = "已取消的证明事项",
                        .kinds = k_certificates),
          SHITONG_FIELD(Document, certificates.odd, "odd", .title = "奇葩证明模式", .kinds = k_certificates),
      }};
  return t;
}

const std::vector<std::string_view> k_severities = {"error", "warning", "info"};
const std::vector<std::string_view> k_langs = {"zh", "en"};

template <> const Table<TypeSlotSpec> &table_of<TypeSlotSpec>() {
  static const Table<TypeSlotSpec> t{
      "type_slot",
      "类型代码位置",
      {
          SHITONG_FIELD(TypeSlotSpec, position, "position", .required = true, .minimum = 1, .title = "起始位置",
                        .description = "类型代码的第一个字符是基本编码的第几位（从 1 起）"),
          SHITONG_FIELD(TypeSlotSpec, length, "length", .nonempty = true, .minimum = 1, .title = "长度",
                        .description = "类型代码的字符数；默认为 values 中代码的长度"),
          SHITONG_FIELD(TypeSlotSpec, alphabet, "alphabet", .nonempty = true, .title = "类型代码字符",
                        .description = "类型代码使用的字符；该位置是其他字符时视为没有类型代码。默认为 values "
                                       "中出现的字符"),
          SHITONG_FIELD(TypeSlotSpec, values, "values", .required = true, .nonempty = true,
                        .enumeration = &k_item_types, .title = "事项类型",
                        .description = "类型代码: 事项类型，如 A: 行政许可"),
      }};
  return t;
}

template <> const Table<BasicFormSpec> &table_of<BasicFormSpec>() {
  static const Table<BasicFormSpec> t{
      "basic_form",
      "基本编码格式",
      {
          SHITONG_FIELD(BasicFormSpec, pattern, "pattern", .required = true, .title = "格式",
                        .description = "正则表达式（RE2 语法），须匹配整个基本编码"),
          SHITONG_FIELD(BasicFormSpec, type, "type", .title = "类型代码位置",
                        .description = "此格式在哪几位写事项类型代码；没有则不检查 code-type"),
      }};
  return t;
}

template <> const Table<BasicCodesSpec> &table_of<BasicCodesSpec>() {
  static const Table<BasicCodesSpec> t{
      "basic_codes",
      "基本编码",
      {
          SHITONG_FIELD(BasicCodesSpec, forms, "forms", .required = true, .nonempty = true, .title = "基本编码格式",
                        .description = "基本编码的写法，按顺序匹配；第一个匹配的格式决定类型代码位置"),
          SHITONG_FIELD(BasicCodesSpec, description, "description", .nonempty = true, .title = "基本编码说明",
                        .description = "code-format 消息中的中文说明；默认由格式生成"),
          SHITONG_FIELD(BasicCodesSpec, description_en, "description_en", .nonempty = true, .title = "英文说明"),
      }};
  return t;
}

template <> const Table<SegmentSpec> &table_of<SegmentSpec>() {
  static const Table<SegmentSpec> t{
      "segment",
      "实施编码片段",
      {
          SHITONG_FIELD(SegmentSpec, name, "name", .required = true, .title = "片段名",
                        .description = "basic 基本编码 | area 区划代码 | body 实施主体代码 | 其他名称只检查格式"),
          SHITONG_FIELD(SegmentSpec, pattern, "pattern", .required = true, .title = "格式",
                        .description = "正则表达式（RE2 语法），不写 ^ 和 $"),
      }};
  return t;
}

template <> const Table<ImplementationSpec> &table_of<ImplementationSpec>() {
  static const Table<ImplementationSpec> t{
      "implementation_codes",
      "实施编码",
      {
          SHITONG_FIELD(ImplementationSpec, separator, "separator", .nonempty = true, .title = "分隔符",
                        .description = "片段之间的分隔符，如 \"-\"；默认没有"),
          SHITONG_FIELD(ImplementationSpec, segments, "segments", .required = true, .nonempty = true, .title = "片段",
                        .description = "按顺序排列的片段，必须有一个 basic"),
          SHITONG_FIELD(ImplementationSpec, description, "description", .nonempty = true, .title = "实施编码布局说明",
                        .description = "implementation-code 消息中的中文说明；默认由片段生成"),
          SHITONG_FIELD(ImplementationSpec, description_en, "description_en", .nonempty = true, .title = "英文说明"),
      }};
  return t;
}

template <> const Table<ProfileSpec> &table_of<ProfileSpec>() {
  static const Table<ProfileSpec> t{
      "code_profile",
      "编码方案",
      {
          SHITONG_FIELD(ProfileSpec, title, "title", .required = true, .title = "方案名称",
                        .description = "消息中的名称，如 重庆市"),
          SHITONG_FIELD(ProfileSpec, title_en, "title_en", .nonempty = true, .title = "英文名称",
                        .description = "默认为方案名"),
          SHITONG_FIELD(ProfileSpec, basic_codes, "basic_codes", .required = true, .title = "基本编码"),
          SHITONG_FIELD(ProfileSpec, implementation_codes, "implementation_codes", .required = true,
                        .title = "实施编码"),
      }};
  return t;
}

template <> const Table<IgnoreSpec> &table_of<IgnoreSpec>() {
  static const Table<IgnoreSpec> t{
      "ignore",
      "忽略条目",
      {
          SHITONG_FIELD(IgnoreSpec, rule, "rule", .required = true, .title = "规则", .description = "要忽略的规则 id"),
          SHITONG_FIELD(IgnoreSpec, region, "region", .nonempty = true, .code_like = true, .title = "区划代码"),
          SHITONG_FIELD(IgnoreSpec, item, "item", .nonempty = true, .code_like = true, .title = "事项编码"),
          SHITONG_FIELD(IgnoreSpec, path, "path", .nonempty = true, .title = "字段路径",
                        .description = "字段路径前缀，如 items[3].materials"),
          SHITONG_FIELD(IgnoreSpec, file, "file", .nonempty = true, .title = "文件", .description = "文件路径以此结尾"),
          SHITONG_FIELD(IgnoreSpec, reason, "reason", .required = true, .title = "理由",
                        .description = "经批准的差异及其依据"),
      }};
  return t;
}

template <> const Table<LimitsSpec> &table_of<LimitsSpec>() {
  static const Table<LimitsSpec> t{
      "limits",
      "上限",
      {
          SHITONG_FIELD(LimitsSpec, findings_per_file, "findings_per_file", .nonempty = true, .minimum = 1,
                        .title = "每个文件的发现上限",
                        .description = "每个文件最多列出的发现数，其余以一条 limit 发现计数；默认 1000"),
          SHITONG_FIELD(LimitsSpec, items_per_catalog, "items_per_catalog", .nonempty = true, .minimum = 1,
                        .title = "每个目录的事项上限", .description = "超出的事项不读取、不检查；默认 100000"),
          SHITONG_FIELD(LimitsSpec, text_length, "text_length", .nonempty = true, .minimum = 1, .title = "文本长度上限",
                        .description = "名称等文本值参与比较的最大字符数，超出部分不参与检查；默认 4000"),
      }};
  return t;
}

template <> const Table<ConfigDoc> &table_of<ConfigDoc>() {
  static const Table<ConfigDoc> t{
      "config",
      "配置",
      {
          SHITONG_FIELD(ConfigDoc, fail_on, "fail_on", .nonempty = true, .enumeration = &k_severities,
                        .title = "失败级别", .description = "达到此级别的发现使退出码为 1"),
          SHITONG_FIELD(ConfigDoc, lang, "lang", .nonempty = true, .enumeration = &k_langs, .title = "语言"),
          SHITONG_FIELD(ConfigDoc, code_pattern, "code_pattern", .nonempty = true, .title = "事项编码模式",
                        .description = "正则表达式（RE2 语法），默认 ^[0-9A-Z]{12}$"),
          SHITONG_FIELD(ConfigDoc, code_profile, "code_profile", .nonempty = true, .title = "编码方案",
                        .description =
                            "事项编码和实施编码的布局：national（默认）、sichuan，或 code_profiles 中定义的方案"),
          SHITONG_FIELD(ConfigDoc, code_profiles, "code_profiles", .title = "本地编码方案",
                        .description = "方案名（英文字母、数字、- 和 _）: 方案定义；内置方案名不能重新定义"),
          SHITONG_FIELD(ConfigDoc, rules, "rules", .title = "规则级别",
                        .description = "规则 id: error | warning | info | off"),
          SHITONG_FIELD(ConfigDoc, ignore, "ignore", .title = "忽略条目",
                        .description = "经批准的差异，每条须写明理由"),
          SHITONG_FIELD(ConfigDoc, limits, "limits", .title = "上限",
                        .description = "防止异常输入耗尽时间和内存的上限，可以调高"),
      }};
  return t;
}

template <> const Table<BaselineItem> &table_of<BaselineItem>() {
  static const Table<BaselineItem> t{"baseline_entry",
                                     "基线条目",
                                     {
                                         SHITONG_FIELD(BaselineItem, key, "key", .required = true, .title = "键"),
                                         SHITONG_FIELD(BaselineItem, rule, "rule", .title = "规则"),
                                         SHITONG_FIELD(BaselineItem, region, "region", .title = "区划"),
                                         SHITONG_FIELD(BaselineItem, item, "item", .title = "事项"),
                                         SHITONG_FIELD(BaselineItem, path, "path", .title = "字段路径"),
                                         SHITONG_FIELD(BaselineItem, message, "message", .title = "说明"),
                                         SHITONG_FIELD(BaselineItem, count, "count", .minimum = 1, .title = "次数"),
                                     }};
  return t;
}

template <> const Table<BaselineDoc> &table_of<BaselineDoc>() {
  static const Table<BaselineDoc> t{
      "baseline",
      "基线",
      {
          SHITONG_FIELD(BaselineDoc, tool, "tool", .title = "工具"),
          SHITONG_FIELD(BaselineDoc, version, "version", .title = "版本"),
          SHITONG_FIELD(BaselineDoc, entries, "entries", .required = true, .title = "条目"),
      }};
  return t;
}

#undef SHITONG_FIELD

std::string config_schema() {
  JsonWriter w;
  w.begin_object();
  w.key("$schema").value("http://json-schema.org/draft-07/schema#");
  w.key("$id").value("https://shitong.invalid/schemas/config.schema.json");
  w.key("title").value("shitong 配置 (.shitong.yaml)");
  w.key("description").value("Generated by `shitong schema` from the field tables the loader uses; spec v1.");
  write_properties(w, table_of<ConfigDoc>(), k_any);
  w.key("definitions").begin_object();
  write_definition<ProfileSpec>(w);
  write_definition<BasicCodesSpec>(w);
  write_definition<BasicFormSpec>(w);
  write_definition<TypeSlotSpec>(w);
  write_definition<ImplementationSpec>(w);
  write_definition<SegmentSpec>(w);
  write_definition<IgnoreSpec>(w);
  write_definition<LimitsSpec>(w);
  w.end_object();
  w.end_object();
  return w.take() + "\n";
}

std::string document_schema(unsigned kind) {
  JsonWriter w;
  bool catalog = kind == k_catalog;
  w.begin_object();
  w.key("$schema").value("http://json-schema.org/draft-07/schema#");
  w.key("$id").value(catalog ? "https://shitong.invalid/schemas/catalog.schema.json"
                             : "https://shitong.invalid/schemas/certificates.schema.json");
  w.key("title").value(catalog ? "shitong 审批服务事项目录 (kind: catalog)"
                               : "shitong 证明事项清单 (kind: certificates)");
  w.key("description").value("Generated by `shitong schema` from the field tables the loader uses; spec v1.");
  const auto &t = table_of<Document>();
  w.key("type").value("object");
  w.key("additionalProperties").value(false);
  w.key("required").begin_array();
  for (auto &f : t.fields)
    if (f.meta.required && (f.meta.kinds & kind)) w.value(f.key);
  w.end_array();
  w.key("properties").begin_object();
  for (auto &f : t.fields) {
    if (!(f.meta.kinds & kind)) continue;
    w.key(f.key);
    if (f.key == "kind") {
      w.begin_object()
          .key("title")
          .value(f.meta.title)
          .key("const")
          .value(catalog ? "catalog" : "certificates")
          .end_object();
    } else if (f.key == "version") {
      w.begin_object().key("title").value(f.meta.title).key("const").value(1).end_object();
    } else {
      f.schema(w, f.meta);
    }
  }
  w.end_object();
  w.key("definitions").begin_object();
  if (catalog) {
    write_definition<Region>(w);
    write_definition<Item>(w);
    write_definition<LegalBasis>(w);
    write_definition<Material>(w);
    write_definition<Fee>(w);
    write_definition<TimeLimit>(w);
    write_definition<Form>(w);
  } else {
    write_definition<RetainedProof>(w);
    write_definition<CancelledProof>(w);
    write_definition<OddProof>(w);
  }
  w.end_object();
  w.end_object();
  return w.take() + "\n";
}

} // namespace shitong::detail

namespace shitong::detail {

std::string encode_catalog(const Catalog &cat) {
  Document doc;
  doc.catalog = cat; // a copy: encoding walks non-const members
  std::string out;
  ModelCodec c(out);
  c.visit(doc);
  return out;
}

bool decode_catalog(std::string_view bytes, Catalog &out) {
  Document doc;
  ModelCodec c(bytes);
  c.visit(doc);
  if (!c.ok()) return false;
  out = std::move(doc.catalog);
  return true;
}

} // namespace shitong::detail
