// The one-row-per-item layout of a 实施清单 export: finding the header row (title rows above
// it are skipped), mapping its columns through the synonym table, and turning each row into an
// item of its region's catalog. Nothing is invented: an empty cell leaves its field absent, so
// validation reports it missing; a value that cannot be understood is listed with its cell and
// left out (or kept as text where validation will judge it).
#include <shitong/import.hpp>
#include <shitong/regions.hpp>

#include "import_internal.hpp"
#include "util.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

namespace shitong::detail {

const std::vector<Column> &layout_columns() {
  static const std::vector<Column> k_columns = {
      {Field::code, "code", "事项编码", "事项编码|基本编码|目录编码|事项基本编码|catalog_code"},
      {Field::name, "name", "主项名称", "主项名称|事项名称|事项主项名称|task_name"},
      {Field::sub_name, "sub_name", "子项名称", "子项名称|办理项名称|子项|事项子项名称"},
      {Field::type, "type", "事项类型", "事项类型|权力类型|权力事项类型|task_type"},
      {Field::legal_basis, "legal_basis", "实施依据", "实施依据|设定依据|法律依据|by_law"},
      {Field::materials, "materials", "申请材料", "申请材料|申报材料|材料|材料清单|申请材料目录"},
      {Field::process, "process", "办理流程", "办理流程|办事流程|流程|handle_flow"},
      {Field::fee_charged, "fee_charged", "是否收费", "是否收费|is_fee"},
      {Field::fee_standard, "fee_standard", "收费标准", "收费标准|fee_stand"},
      {Field::fee_basis, "fee_basis", "收费依据", "收费依据"},
      {Field::legal_limit, "legal_limit", "法定办结时限", "法定办结时限|法定时限|anticipate_day"},
      {Field::promised_limit, "promised_limit", "承诺办结时限", "承诺办结时限|承诺时限|promise_day"},
      {Field::forms, "forms", "表单", "表单|表单内容|申请表单"},
      {Field::agency, "agency", "实施主体", "实施主体|实施机构|实施主体名称|实施机构名称|dept_name"},
      {Field::agency_code, "agency_code", "实施主体编码",
       "实施主体编码|统一社会信用代码|实施主体统一社会信用代码|实施机构统一社会信用代码|dept_code"},
      {Field::implementation_code, "implementation_code", "实施编码", "实施编码|事项实施编码|task_code"},
      {Field::levels, "levels", "行使层级", "行使层级"},
      {Field::visits, "visits", "到办事现场次数", "到办事现场次数|跑动次数|到现场次数|limit_scene_num"},
      {Field::visits_reason, "visits_reason", "必须现场办理原因", "必须现场办理原因|必须现场办理原因说明|现场办理原因"},
      {Field::channels, "channels", "办理形式", "办理形式|办理渠道"},
      {Field::online, "online", "", "是否网办|是否网上办理|是否可网办"},
      {Field::proxy, "proxy", "是否帮办代办", "是否帮办代办|帮办代办|是否代办"},
      {Field::outputs, "outputs", "办理结果", "办理结果|审批结果|结果名称"},
      {Field::local_basis, "local_basis", "地方设定依据", "地方设定依据|本地设定依据"},
      {Field::region_code, "region_code", "区划代码", "区划代码|行政区划代码|区划编码"},
      {Field::region_name, "region_name", "区划名称", "区划名称|行政区划名称|区划"},
      {Field::region_level, "region_level", "层级", "层级|区划层级"},
      {Field::parent, "parent", "上级区划代码", "上级区划代码|上级区划"},
      {Field::published, "published", "发布日期", "发布日期"},
      {Field::publisher, "publisher", "发布单位", "发布单位|发布机构"},
      {Field::limit_unit_legal, "limit_unit_legal", "", "anticipate_type|法定时限单位"},
      {Field::limit_unit_promised, "limit_unit_promised", "", "promise_type|承诺时限单位"},
      {Field::material_name, "material_name", "", "material_name|材料名称"},
      {Field::material_type, "material_type", "", "material_type|材料类型"},
      {Field::material_format, "material_format", "", "material_format|材料形式"},
      {Field::material_need, "material_need", "", "is_need|材料必要性|是否必要"},
      {Field::material_copies, "material_copies", "", "page_num|材料份数|份数"},
      {Field::material_source, "material_source", "", "source_type|来源渠道|材料来源"},
      {Field::fee_name, "fee_name", "", "fee_name|收费项目名称"},
  };
  return k_columns;
}

std::string header_key(std::string_view header) {
  std::string out;
  std::size_t i = 0;
  while (i < header.size()) {
    char32_t cp = next_code_point(header, i);
    if (cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0x3000 || cp == U'*' || cp == 0xFF0A) continue;
    if (cp == 0xFF08) cp = U'(';
    if (cp == 0xFF09) cp = U')';
    if (cp >= U'A' && cp <= U'Z') cp = cp - U'A' + U'a';
    append_utf8(out, cp);
  }
  for (std::string_view suffix : {"(必填)", "(选填)", "(可选)"})
    if (out.size() > suffix.size() && out.ends_with(suffix)) out.resize(out.size() - suffix.size());
  return out;
}

} // namespace shitong::detail

namespace shitong {

namespace {
using detail::Field;

/// `s` without the white space (ASCII and U+3000) at its ends.
std::string_view trim_view(std::string_view s) {
  auto is_space = [](std::string_view v, std::size_t at, std::size_t &len) {
    unsigned char c = static_cast<unsigned char>(v[at]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return (len = 1), true;
    if (v.substr(at, 3) == "\xE3\x80\x80") return (len = 3), true; // U+3000
    return false;
  };
  std::size_t len = 0;
  while (!s.empty() && is_space(s, 0, len)) s.remove_prefix(len);
  for (;;) {
    if (s.empty()) break;
    if (unsigned char c = static_cast<unsigned char>(s.back()); c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

std::string trim(std::string_view s) {
  return std::string(trim_view(s));
}

// The splitting below gives views into the cell's text: only the values kept are copied.

std::vector<std::string_view> lines_of(std::string_view cell) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t nl = cell.find('\n', start);
    std::string_view line =
        trim_view(cell.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (!line.empty()) out.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

/// Splits on any of the given separators (UTF-8 strings).
std::vector<std::string_view> split_any(std::string_view s, std::initializer_list<std::string_view> seps) {
  std::vector<std::string_view> out;
  if (seps.size() == 1) { // one separator: found by find (memchr), not byte by byte
    std::string_view sep = *seps.begin();
    std::size_t start = 0;
    for (std::size_t at; (at = s.find(sep, start)) != std::string_view::npos; start = at + sep.size())
      if (auto part = trim_view(s.substr(start, at - start)); !part.empty()) out.push_back(part);
    if (auto part = trim_view(s.substr(start)); !part.empty()) out.push_back(part);
    return out;
  }
  std::array<bool, 256> first{}; // bytes that can start a separator: the rest are skipped at once
  for (auto sep : seps) first[static_cast<unsigned char>(sep[0])] = true;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    if (!first[static_cast<unsigned char>(s[i])]) {
      ++i;
      continue;
    }
    bool hit = false;
    for (auto sep : seps)
      if (s[i] == sep[0] && s.substr(i, sep.size()) == sep) {
        if (auto part = trim_view(s.substr(start, i - start)); !part.empty()) out.push_back(part);
        i += sep.size();
        start = i;
        hit = true;
        break;
      }
    if (!hit) ++i;
  }
  if (auto part = trim_view(s.substr(start)); !part.empty()) out.push_back(part);
  return out;
}

/// A list cell: one entry a line; a single line is split on 、 ，, ；; and / as well.
std::vector<std::string_view> list_of(std::string_view cell) {
  auto lines = lines_of(cell);
  if (lines.size() != 1) return lines;
  return split_any(lines.front(), {"、", "，", ",", "；", ";", "/"});
}

/// Strips a leading "1." / "1、" / "(1)" / "（1）" numbering from a line.
std::string_view strip_numbering(std::string_view line) {
  std::size_t i = 0;
  bool paren = false;
  if (line.compare(0, 1, "(") == 0) {
    paren = true;
    i = 1;
  } else if (line.compare(0, 3, "（") == 0) {
    paren = true;
    i = 3;
  }
  std::size_t digits = i;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits == i || digits - i > 3) return line;
  std::string_view rest = line.substr(digits);
  static constexpr std::array<std::string_view, 5> k_marks = {")", "）", ".", "、", "．"};
  for (std::string_view mark : std::span(k_marks).first(paren ? 2 : k_marks.size()))
    if (rest.starts_with(mark)) {
      std::string_view out = trim_view(rest.substr(mark.size()));
      return out.empty() ? line : out;
    }
  return line;
}

std::optional<bool> parse_yes_no(std::string_view v) {
  static const std::vector<std::string_view> yes = {"是", "收费", "有", "1", "true", "y", "yes", "是（收费）"};
  static const std::vector<std::string_view> no = {"否", "不收费", "免费", "无", "0", "false", "n", "no"};
  std::string k = detail::header_key(v);
  if (std::find(yes.begin(), yes.end(), k) != yes.end()) return true;
  if (std::find(no.begin(), no.end(), k) != no.end()) return false;
  return std::nullopt;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A count such as "20", "20个工作日", "即办", "3天"; the unit when the text states one.
struct Limit {
  long long days = 0;
  std::string unit; ///< 工作日 | 自然日 | ""
};
std::optional<Limit> parse_limit(std::string_view text) {
  std::string t = detail::header_key(text);
  if (t == "即办" || t == "即时办结" || t == "当场办结") return Limit{0, ""};
  std::size_t i = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == 0 || i > 6) return std::nullopt;
  Limit l{std::stoll(t.substr(0, i)), ""};
  std::string_view rest = std::string_view(t).substr(i);
  if (rest.starts_with("个")) rest.remove_prefix(3);
  if (rest.empty()) return l;
  if (rest == "工作日")
    l.unit = "工作日";
  else if (rest == "自然日" || rest == "天" || rest == "日" || rest == "个自然日")
    l.unit = "自然日";
  else
    return std::nullopt;
  return l;
}

const std::map<std::string, std::string, std::less<>> &type_codes() {
  static const std::map<std::string, std::string, std::less<>> k = {
      {"01", "行政许可"}, {"02", "行政处罚"}, {"03", "行政强制"}, {"04", "行政征收"}, {"05", "行政给付"},
      {"06", "行政检查"}, {"07", "行政确认"}, {"08", "行政奖励"}, {"09", "行政裁决"}, {"10", "其他行政权力"},
      {"20", "公共服务"}, {"1", "行政许可"},  {"2", "行政处罚"},  {"3", "行政强制"},  {"4", "行政征收"},
      {"5", "行政给付"},  {"6", "行政检查"},  {"7", "行政确认"},  {"8", "行政奖励"},  {"9", "行政裁决"}};
  return k;
}

/// The material attributes export writes in a trailing （类型：…；形式：…） group.
bool parse_material(std::string_view raw, Material &m) {
  std::string_view line = strip_numbering(raw);
  m.present = true;
  m.name = {std::string(line), {}, true};
  if (!line.ends_with("）")) return true;
  std::size_t open = line.rfind("（");
  if (open == std::string_view::npos) return true;
  std::string_view inner = line.substr(open + 3, line.size() - open - 6);
  Material attrs;
  for (std::string_view part : split_any(inner, {"；"})) {
    std::size_t colon = part.find("：");
    if (colon == std::string_view::npos) return true; // an ordinary bracket in the name
    std::string_view key = part.substr(0, colon);
    std::string value = trim(part.substr(colon + 3));
    Text t{value, {}, true};
    if (key == "类型")
      attrs.type = t;
    else if (key == "形式")
      attrs.form = t;
    else if (key == "份数" && all_digits(value) && value.size() < 7)
      attrs.copies = {std::stoll(value), {}, true};
    else if (key == "必要性")
      attrs.necessity = t;
    else if (key == "来源")
      attrs.source = t;
    else if (key == "出具机构")
      attrs.issuer = t;
    else
      return true;
  }
  attrs.present = true;
  attrs.name = {trim(line.substr(0, open)), {}, true};
  m = std::move(attrs);
  return true;
}

LegalBasis parse_basis(std::string_view raw) {
  std::string_view line = strip_numbering(raw);
  LegalBasis b;
  b.present = true;
  if (line.starts_with("《")) {
    std::size_t close = line.find("》");
    if (close != std::string_view::npos && close > 3 && line.find("《", 3) > close) {
      b.law = {std::string(line.substr(3, close - 3)), {}, true};
      std::string rest = trim(line.substr(close + 3));
      if (!rest.empty()) b.article = {rest, {}, true};
      return b;
    }
  }
  std::size_t sp = line.rfind(' ');
  if (sp != std::string_view::npos && line.substr(sp + 1).starts_with("第")) {
    b.law = {trim(line.substr(0, sp)), {}, true};
    b.article = {std::string(line.substr(sp + 1)), {}, true};
    return b;
  }
  b.law = {std::string(line), {}, true};
  return b;
}

Form parse_form(std::string_view line) {
  Form f;
  f.present = true;
  std::size_t colon = line.find("：");
  if (colon == std::string_view::npos) {
    f.name = {trim(line), {}, true};
    return f;
  }
  f.name = {trim(line.substr(0, colon)), {}, true};
  f.fields.present = true;
  for (std::string_view field : split_any(line.substr(colon + 3), {"、"}))
    f.fields.items.push_back({std::string(field), {}, true});
  return f;
}

/// The region code in a file name: its leading six digits, else the first run of exactly six.
std::string code_from_file_name(const std::string &path) {
  std::string stem = std::filesystem::path(path).filename().string();
  for (std::size_t i = 0; i + 6 <= stem.size(); ++i) {
    if (i > 0 && stem[i - 1] >= '0' && stem[i - 1] <= '9') continue;
    if (all_digits(stem.substr(i, 6)) && (i + 6 == stem.size() || stem[i + 6] < '0' || stem[i + 6] > '9'))
      return stem.substr(i, 6);
  }
  return {};
}

struct ColumnUse {
  Field field;
  std::string header;
};

/// Builds catalogs from the sheets, one region at a time.
class Importer {
public:
  Importer(const ImportOptions &o, ImportResult &r) : m_options(o), m_result(r) {
    std::map<std::string_view, Field> by_id;
    for (const auto &c : detail::layout_columns()) {
      by_id.emplace(c.id, c.field);
      for (auto &syn : split_any(c.synonyms, {"|"})) m_synonyms.emplace(detail::header_key(syn), c.field);
    }
    if (o.mapping == nullptr) return;
    // a mapping's columns come before the synonyms; its value maps recode cells of a field
    for (const auto &c : o.mapping->columns) {
      if (c.field.empty())
        m_ignored.insert(detail::header_key(c.header));
      else
        m_synonyms.insert_or_assign(detail::header_key(c.header), by_id.at(c.field));
    }
    for (const auto &v : o.mapping->values) m_values[{by_id.at(v.field), v.from}] = v.to;
  }

  /// With a mapping that names a sheet: whether `sheet` is it (nested JSON sheets always are).
  bool wanted(const Sheet &sheet) const {
    return m_options.mapping == nullptr || m_options.mapping->sheet.empty() || sheet.nested ||
           sheet.name == m_options.mapping->sheet;
  }

  void sheet(const Workbook &book, const Sheet &sheet) {
    m_file = std::filesystem::path(book.file).filename().string();
    m_sheet = sheet.name;
    m_objects = book.objects;
    std::string where_zh = sheet.name.empty() ? m_file : fmt::format("{} 工作表「{}」", m_file, sheet.name);
    std::string where_en = sheet.name.empty() ? m_file : fmt::format("{} sheet \"{}\"", m_file, sheet.name);
    // the header row: the mapping's, else the one of the first 50 rows with the most recognised headers
    std::uint32_t fixed = m_options.mapping != nullptr && !sheet.nested ? m_options.mapping->header_row : 0;
    if (fixed != 0 && book.objects) { // JSON: the objects' keys are the header, on no row of their own
      m_result.notes_zh.push_back(
          fmt::format("{}：映射文件的 header_row（{}）不适用于 JSON 输入（对象的键就是列名），已忽略", m_file, fixed));
      m_result.notes_en.push_back(
          fmt::format("{}: the mapping file's header_row ({}) does not apply to JSON input (the objects' keys are the "
                      "header); ignored",
                      m_file, fixed));
      fixed = 0;
    }
    std::size_t best = 0, best_index = 0;
    for (std::size_t i = 0; i < sheet.rows.size() && (fixed != 0 || i < 50); ++i) {
      if (fixed != 0 && sheet.rows[i].row != fixed) continue;
      std::size_t n = 0;
      bool key = false;
      for (const auto &c : sheet.rows[i].cells)
        if (auto it = m_synonyms.find(detail::header_key(c.text)); it != m_synonyms.end()) {
          ++n;
          key = key || it->second == Field::name || it->second == Field::code || it->second == Field::material_name ||
                it->second == Field::fee_name;
        }
      if (key && n > best) {
        best = n;
        best_index = i;
      }
    }
    if (sheet.nested && (best < 1 || !key_table(sheet))) {
      m_result.notes_zh.push_back(fmt::format(
          "{}：「{}」中的对象没有材料名称（material_name）或收费项目名称（fee_name），未导入", m_file, sheet.name));
      m_result.notes_en.push_back(fmt::format(
          "{}: the objects under \"{}\" have no material_name or fee_name; not imported", m_file, sheet.name));
      return;
    }
    if (best < 2 && !sheet.nested) {
      m_result.notes_zh.push_back(
          fmt::format("{}：没有找到表头行（前 50 行中没有“事项名称”“事项编码”等列名），未导入", where_zh));
      m_result.notes_en.push_back(fmt::format(
          "{}: no header row found (no 事项名称, 事项编码, … among the first 50 rows); not imported", where_en));
      return;
    }
    ++m_sheets_used;
    const SheetRow &head = sheet.rows[best_index];
    std::vector<std::optional<ColumnUse>> columns(head.cells.size());
    std::map<Field, std::string> taken;
    for (std::size_t c = 0; c < head.cells.size(); ++c) {
      std::string text = trim(head.cells[c].text);
      if (text.empty() || m_ignored.count(detail::header_key(text)) != 0) continue;
      auto it = m_synonyms.find(detail::header_key(text));
      if (it == m_synonyms.end() || taken.count(it->second) != 0) {
        std::string why_zh =
            it == m_synonyms.end() ? "没有对应的字段" : fmt::format("与「{}」列重复", taken[it->second]);
        std::string why_en =
            it == m_synonyms.end() ? "no field takes it" : fmt::format("repeats the column \"{}\"", taken[it->second]);
        note(m_result.unmapped, head.row, text, fmt::format("未映射的列「{}」：{}", text, why_zh),
             fmt::format("column \"{}\" not mapped: {}", text, why_en));
        continue;
      }
      taken[it->second] = text;
      columns[c] = ColumnUse{it->second, text};
    }
    if (taken.count(Field::material_name) != 0 || taken.count(Field::fee_name) != 0) {
      // an exchange table of materials or fees: joined to the items by task_code once all are read
      bool fees = taken.count(Field::material_name) == 0;
      if (taken.count(Field::implementation_code) == 0 && !sheet.nested) {
        m_result.notes_zh.push_back(fmt::format("{}：{}表没有 task_code（实施编码）列，无法关联到事项，未导入",
                                                where_zh, fees ? "收费" : "材料"));
        m_result.notes_en.push_back(fmt::format("{}: the {} table has no task_code column to join it to the items; not "
                                                "imported",
                                                where_en, fees ? "fee" : "material"));
        return;
      }
      for (auto &c : columns)
        if (fees && c && c->field == Field::legal_basis) c->field = Field::fee_basis; // by_law of a fee project
      for (std::size_t i = best_index + 1; i < sheet.rows.size(); ++i)
        m_pending.push_back({fees, m_file, m_sheet, recoded(sheet.rows[i], columns), columns, m_objects});
      return;
    }
    for (std::size_t i = best_index + 1; i < sheet.rows.size(); ++i) row(sheet.rows[i], columns);
  }

  /// A nested sheet's header names materials or fee projects.
  bool key_table(const Sheet &sheet) const {
    if (sheet.rows.empty()) return false;
    for (const auto &c : sheet.rows.front().cells)
      if (auto it = m_synonyms.find(detail::header_key(c.text));
          it != m_synonyms.end() && (it->second == Field::material_name || it->second == Field::fee_name))
        return true;
    return false;
  }

  void finish() {
    // the exchange tables: materials and fee projects joined to their items by task_code
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_task;
    for (std::size_t c = 0; c < m_result.catalogs.size(); ++c) {
      const auto &items = m_result.catalogs[c].catalog.items.items;
      for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].implementation_code.present) by_task.emplace(items[i].implementation_code.value, std::pair{c, i});
    }
    // JSON's nested sheets: joined to the item whose object holds them, by its line
    std::map<std::pair<std::string, std::uint32_t>, std::pair<std::size_t, std::size_t>> by_row;
    for (std::size_t c = 0; c < m_result.catalogs.size(); ++c) {
      const auto &sources = m_result.catalogs[c].sources;
      for (std::size_t i = 0; i < sources.size(); ++i)
        if (sources[i].sheet.empty()) by_row.emplace(std::pair{sources[i].file, sources[i].row}, std::pair{c, i});
    }
    for (const auto &p : m_pending) {
      m_file = p.file;
      m_sheet = p.sheet;
      m_objects = p.objects;
      if (p.row.parent != 0) {
        auto at = by_row.find({p.file, p.row.parent});
        if (at == by_row.end()) {
          count_read();
          note(m_result.skipped, p.row.row, "",
               fmt::format("所属事项（第 {} 行的对象）未导入，这一行也未导入", p.row.parent),
               fmt::format("its item (the object on line {}) was not imported; neither is this", p.row.parent));
          continue;
        }
        join_into(p, at->second);
        continue;
      }
      join_row(p, by_task);
    }
    limit_notes();
    if (m_sheets_used == 0 && m_result.errors_zh.empty()) {
      m_result.errors_zh.push_back("没有可导入的工作表：没有找到含“事项名称”“事项编码”等列名的表头行");
      m_result.errors_en.push_back("nothing to import: no sheet has a header row with 事项名称, 事项编码, …");
    } else if (m_result.catalogs.empty() && m_result.errors_zh.empty()) {
      m_result.errors_zh.push_back("表头行下没有任何事项行，未写出目录");
      m_result.errors_en.push_back("no item rows below the header row; no catalog written");
    }
  }

private:
  /// One more row, or object of a JSON input, read.
  void count_read() { ++(m_objects ? m_result.objects_read : m_result.rows_read); }

  /// Lists a row or cell in the report: at most limits.findings_per_file per list and input
  /// file; the rest are counted and summed up in one entry at the end (finish).
  void note(std::vector<ImportNote> &list, std::uint32_t row, const std::string &column, std::string zh,
            std::string en) {
    if (++m_listed[{&list, m_file}] > m_options.limits.findings_per_file) return;
    list.push_back({{m_file, m_sheet, row}, column, std::move(zh), std::move(en)});
  }

  /// Characters (code points) of valid UTF-8 text.
  static std::size_t characters(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  }

  /// Whether `value` of column `col` is longer than limits.text_length characters -- each line
  /// of it for a field of one entry a line (materials, legal basis, …) -- and then lists it: a
  /// value is never cut, it is left out and the sheet is to be fixed (or the limit raised).
  bool too_long(std::string_view value, bool per_line, std::uint32_t row, const std::string &col) {
    const std::size_t max = m_options.limits.text_length;
    if (value.size() <= max) return false; // bytes >= characters
    std::size_t longest = 0;
    if (per_line) {
      for (const auto &l : lines_of(value)) longest = std::max(longest, characters(l));
    } else {
      longest = characters(value);
    }
    if (longest <= max) return false;
    note(m_result.not_understood, row, col,
         fmt::format("「{}」列的值{}长 {} 个字符，超过文本长度上限 {}，未导入（.shitong.yaml 中 limits.text_length "
                     "可调高）",
                     col, per_line ? "中有一行" : "", longest, max),
         fmt::format("column \"{}\": {} is {} characters long, over the text length limit of {}; not imported "
                     "(raise limits.text_length in .shitong.yaml)",
                     col, per_line ? "a line of the value" : "the value", longest, max));
    return true;
  }
  void not_understood(std::uint32_t row, const std::string &column, const std::string &value, std::string_view why_zh,
                      std::string_view why_en) {
    note(m_result.not_understood, row, column, fmt::format("「{}」列的值「{}」无法识别：{}", column, value, why_zh),
         fmt::format("column \"{}\": value \"{}\" not understood: {}", column, value, why_en));
  }

  /// The digits of a number written in decimal or E notation (JSON) when it is a whole,
  /// non-negative number of at most 30 digits: "3.70100106E+11" is 370100106000.
  static std::optional<std::string> whole_number(std::string_view t) {
    std::size_t i = 0;
    std::string digits;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') digits += t[i++];
    if (digits.empty()) return std::nullopt;
    long long shift = 0; // power of ten to apply to `digits`
    if (i < t.size() && t[i] == '.') {
      for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, --shift) digits += t[i];
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      bool minus = ++i < t.size() && t[i] == '-';
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
      long long exp = 0;
      std::size_t from = i;
      for (; i < t.size() && t[i] >= '0' && t[i] <= '9' && exp < 1000; ++i) exp = exp * 10 + (t[i] - '0');
      if (i == from) return std::nullopt;
      shift += minus ? -exp : exp;
    }
    if (i != t.size()) return std::nullopt;
    for (; shift < 0; ++shift) {
      if (digits.empty() || digits.back() != '0') return std::nullopt; // a fraction
      digits.pop_back();
    }
    std::size_t lead = digits.find_first_not_of('0');
    if (lead == std::string::npos) return "0";
    digits.erase(0, lead);
    if (digits.size() + static_cast<std::size_t>(shift) > 30) return std::nullopt;
    return digits + std::string(static_cast<std::size_t>(shift), '0');
  }

  /// A code cell: numbers go back to text (and are reported), "3.7E+11" is restored when exact.
  std::string code_text(const Cell &cell, std::uint32_t row, const std::string &column, std::size_t width) {
    std::string v = trim(cell.text);
    if (cell.number) {
      std::string restored = v;
      if (!all_digits(v)) { // a JSON number such as 3.70100106E+11 or 370100105001.0: exact, when whole
        std::optional<std::string> whole = whole_number(v);
        if (!whole) {
          not_understood(row, column, v, "是带小数、负数或过长的数字，不能作为编码；请在导出中把编码写成文本",
                         "a number with a fraction, negative or too long for a code; export the code as text");
          return v;
        }
        restored = v = *whole;
      }
      if (all_digits(v) && width > 0 && v.size() < width) restored = std::string(width - v.size(), '0') + v;
      note(m_result.restored, row, column,
           restored == v ? fmt::format("「{}」列以数字存储，已按文本恢复为「{}」", column, restored)
                         : fmt::format("「{}」列以数字存储（丢失了开头的 0），已按文本恢复为「{}」", column, restored),
           restored == v
               ? fmt::format("column \"{}\" was stored as a number; restored as the text \"{}\"", column, restored)
               : fmt::format("column \"{}\" was stored as a number (leading zeros lost); restored as \"{}\"", column,
                             restored));
      return restored;
    }
    auto e = v.find_first_of("Ee");
    if (e != std::string::npos && e > 0 && v.find('+') == e + 1 && std::isdigit(static_cast<unsigned char>(v[0]))) {
      std::string mantissa = v.substr(0, e);
      std::string digits;
      for (char ch : mantissa)
        if (ch != '.') digits += ch;
      long long exp = std::atoll(v.c_str() + e + 2);
      if (all_digits(digits) && exp >= 0 && exp < 30 && static_cast<long long>(digits.size()) <= exp + 1) {
        std::string restored = digits + std::string(static_cast<std::size_t>(exp + 1) - digits.size(), '0');
        if (static_cast<long long>(digits.size()) == exp + 1) {
          note(m_result.restored, row, column,
               fmt::format("「{}」列是科学计数法「{}」，已按文本恢复为「{}」", column, v, restored),
               fmt::format("column \"{}\" is in scientific notation \"{}\"; restored as \"{}\"", column, v, restored));
          return restored;
        }
        not_understood(row, column, v, "Excel 以科学计数法保存，末尾数字已丢失；请把该列设为文本后重新导出",
                       "Excel saved it in scientific notation and its last digits are lost; set the column to text "
                       "and export again");
      }
    }
    return v;
  }

  std::string catalog_key(const SheetRow &r, const std::vector<std::optional<ColumnUse>> &columns,
                          std::map<Field, std::string> &header) {
    for (std::size_t c = 0; c < columns.size() && c < r.cells.size(); ++c) {
      if (!columns[c]) continue;
      Field f = columns[c]->field;
      bool header_field = f == Field::region_code || f == Field::parent || f == Field::region_name ||
                          f == Field::region_level || f == Field::publisher || f == Field::published;
      if (header_field && too_long(trim_view(r.cells[c].text), false, r.row, columns[c]->header)) continue;
      if (f == Field::region_code || f == Field::parent)
        header[f] = code_text(r.cells[c], r.row, columns[c]->header, 6);
      else if (f == Field::region_name || f == Field::region_level || f == Field::publisher)
        header[f] = trim(r.cells[c].text);
      else if (f == Field::published)
        header[f] = date_text(r.cells[c]);
    }
    std::string code = header[Field::region_code];
    if (code.empty()) code = m_options.region;
    if (code.empty()) code = code_from_file_name(m_file);
    return code;
  }

  static std::string date_text(const Cell &c) {
    std::string v = trim(c.text);
    if (c.number && all_digits(v) && v.size() <= 6) {
      // an Excel serial date: days since 1899-12-30
      long long days = std::stoll(v) - 25569; // to the Unix epoch
      std::time_t t = static_cast<std::time_t>(days * 86400);
      std::tm tm{};
      gmtime_r(&t, &tm);
      return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    return v;
  }

  ImportedCatalog *catalog_for(const std::string &code, std::map<Field, std::string> &header, std::uint32_t row) {
    auto it = m_by_code.find(code);
    if (it != m_by_code.end()) return &m_result.catalogs[it->second];
    if (m_bad_codes.count(code) != 0) return nullptr;
    RegionStatus st = lookup_region(code);
    if (code.empty() || st.kind != RegionStatus::current) {
      m_bad_codes.insert({code, true});
      if (code.empty()) {
        m_result.errors_zh.push_back(fmt::format(
            "{}：不知道这些事项属于哪个区划（没有“区划代码”列，文件名中也没有 6 位区划代码）；请用 --region 指定",
            m_file));
        m_result.errors_en.push_back(fmt::format(
            "{}: which region these items belong to is unknown (no 区划代码 column, no 6-digit code in the file "
            "name); give it with --region",
            m_file));
      } else {
        m_result.errors_zh.push_back(
            fmt::format("{} 第 {} 行：区划代码「{}」不是现行的 GB/T 2260 代码", m_file, row, code));
        m_result.errors_en.push_back(
            fmt::format("{} row {}: region code \"{}\" is not a current GB/T 2260 code", m_file, row, code));
      }
      return nullptr;
    }
    ImportedCatalog cat;
    Catalog &c = cat.catalog;
    c.kind = {"catalog", {}, true};
    c.version = {1, {}, true};
    c.region.present = true;
    c.region.code = {code, {}, true};
    std::string name = header[Field::region_name].empty() ? st.name : header[Field::region_name];
    c.region.name = {name, {}, true};
    std::string level = header[Field::region_level].empty() ? m_options.level : header[Field::region_level];
    if (level == "省级" || level == "省")
      level = "province";
    else if (level == "市级" || level == "市")
      level = "city";
    else if (level == "县级" || level == "县" || level == "区" || level == "县区级")
      level = "county";
    if (level.empty()) level = level_key(level_from_code(code));
    c.region.level = {level, {}, true};
    std::string parent = header[Field::parent].empty() ? m_options.parent : header[Field::parent];
    if (!parent.empty()) c.parent = {parent, {}, true};
    if (!header[Field::published].empty()) c.published = {header[Field::published], {}, true};
    if (!header[Field::publisher].empty()) c.publisher = {header[Field::publisher], {}, true};
    c.items.present = true;
    m_by_code[code] = m_result.catalogs.size();
    m_result.catalogs.push_back(std::move(cat));
    return &m_result.catalogs.back();
  }

  /// The row with a mapping's value maps applied to its cells ("0" → 非必要 …).
  SheetRow recoded(const SheetRow &r, const std::vector<std::optional<ColumnUse>> &columns) const {
    SheetRow out = r;
    if (m_values.empty()) return out;
    for (std::size_t c = 0; c < columns.size() && c < out.cells.size(); ++c) {
      if (!columns[c]) continue;
      auto it = m_values.find({columns[c]->field, trim(out.cells[c].text)});
      if (it != m_values.end()) out.cells[c] = Cell{it->second, false, false};
    }
    return out;
  }

  void row(const SheetRow &raw, const std::vector<std::optional<ColumnUse>> &columns) {
    SheetRow copy; // only a mapping's value maps change a row: else it is read as it is
    if (!m_values.empty()) copy = recoded(raw, columns);
    const SheetRow &r = m_values.empty() ? raw : copy;
    count_read();
    std::map<Field, std::string> header;
    std::string region = catalog_key(r, columns, header);
    Item item;
    item.present = true;
    bool any = false;
    for (std::size_t c = 0; c < columns.size() && c < r.cells.size(); ++c) {
      if (!columns[c] || trim_view(r.cells[c].text).empty()) continue;
      const Cell &cell = r.cells[c];
      const std::string &col = columns[c]->header;
      if (cell.formula)
        not_understood(r.row, col, cell.text, "是公式（或公式错误），已取其计算结果；请改为直接填写值",
                       "a formula (or a formula error); its cached result was taken; type the value instead");
      any = field(item, columns[c]->field, cell, r.row, col) || any;
    }
    if (!any || (!item.name.present && !item.code.present)) {
      if (any || !header.empty())
        note(m_result.skipped, r.row, "", "没有事项名称和事项编码，未导入",
             "no item name and no item code; not imported");
      else
        note(m_result.skipped, r.row, "", "没有可识别的字段，未导入", "no recognised field; not imported");
      return;
    }
    ImportedCatalog *cat = catalog_for(region, header, r.row);
    if (cat == nullptr) {
      note(m_result.skipped, r.row, "", fmt::format("区划「{}」无法确定或无效，未导入", region),
           fmt::format("region \"{}\" unknown or invalid; not imported", region));
      return;
    }
    if (cat->catalog.items.size() >= m_options.limits.items_per_catalog) {
      auto over = m_over_items.try_emplace(static_cast<std::size_t>(cat - m_result.catalogs.data()),
                                           Over{{m_file, m_sheet, r.row}, 0});
      ++over.first->second.rows;
      return;
    }
    cat->catalog.items.items.push_back(std::move(item));
    cat->sources.push_back({m_file, m_sheet, r.row});
  }

  /// Sets one field from a cell; false when the cell contributed nothing.
  bool field(Item &it, Field f, const Cell &cell, std::uint32_t row, const std::string &col) {
    std::string v = trim(cell.text);
    bool per_line = f == Field::legal_basis || f == Field::materials || f == Field::process || f == Field::forms ||
                    f == Field::outputs || f == Field::channels || f == Field::levels;
    if (too_long(v, per_line, row, col)) return false;
    auto text = [&](Text &t) { // v's last use
      t = {std::move(v), {}, true};
      return true;
    };
    auto list = [&](List<Text> &l, const std::vector<std::string_view> &parts) {
      l.present = true;
      l.items.reserve(parts.size());
      for (std::string_view p : parts) l.items.push_back({std::string(p), {}, true});
      return true;
    };
    switch (f) {
    case Field::code:
      it.code = {code_text(cell, row, col, 12), {}, true};
      return true;
    case Field::name:
      return text(it.name);
    case Field::sub_name:
      return text(it.sub_name);
    case Field::type: {
      auto m = type_codes().find(v);
      if (m != type_codes().end()) v = m->second;
      return text(it.type);
    }
    case Field::legal_basis:
    case Field::materials:
    case Field::forms:
      return entries(it, f, lines_of(v));
    case Field::process: {
      auto lines = lines_of(v);
      if (lines.size() == 1) lines = split_any(lines.front(), {"→", "->", "－>", "➝", "—>"});
      if (lines.size() == 1) lines = split_any(lines.front(), {"、"});
      for (auto &l : lines) l = strip_numbering(l);
      return list(it.process, std::move(lines));
    }
    case Field::fee_charged: {
      auto b = parse_yes_no(v);
      if (!b) {
        not_understood(row, col, v, "应为“是”或“否”", "expected 是 or 否");
        return false;
      }
      it.fee.present = true;
      it.fee.charged = {*b, {}, true};
      return true;
    }
    case Field::fee_standard:
      it.fee.present = true;
      return text(it.fee.standard);
    case Field::fee_basis:
      it.fee.present = true;
      return text(it.fee.basis);
    case Field::legal_limit:
    case Field::promised_limit: {
      auto l = parse_limit(v);
      if (!l) {
        not_understood(row, col, v, "应为“20个工作日”“5个自然日”“即办”这样的时限",
                       "expected a limit such as 20个工作日, 5个自然日 or 即办");
        return false;
      }
      TimeLimit &t = it.time_limit;
      if (!l->unit.empty() && t.unit.present && t.unit.value != l->unit) {
        not_understood(row, col, v, fmt::format("单位与另一时限的“{}”不一致", t.unit.value),
                       fmt::format("its unit differs from the other limit's {}", t.unit.value));
        return false;
      }
      t.present = true;
      (f == Field::legal_limit ? t.legal : t.promised) = {l->days, {}, true};
      if (!l->unit.empty()) t.unit = {l->unit, {}, true};
      return true;
    }
    case Field::agency:
      return text(it.agency);
    case Field::agency_code:
      it.agency_code = {code_text(cell, row, col, 0), {}, true};
      return true;
    case Field::implementation_code:
      it.implementation_code = {code_text(cell, row, col, 0), {}, true};
      return true;
    case Field::levels: {
      List<Text> levels;
      levels.present = true;
      for (std::string_view p : list_of(v)) {
        std::string k(p);
        if (k == "省级" || k == "省")
          k = "province";
        else if (k == "市级" || k == "市")
          k = "city";
        else if (k == "县级" || k == "县")
          k = "county";
        if (k != "province" && k != "city" && k != "county") {
          not_understood(row, col, std::string(p), "应为 省级、市级、县级", "expected 省级, 市级 or 县级");
          continue;
        }
        levels.items.push_back({k, {}, true});
      }
      if (levels.items.empty()) return false;
      it.levels = std::move(levels);
      return true;
    }
    case Field::visits: {
      std::string n = v;
      if (n.ends_with("次")) n.resize(n.size() - 3);
      if (!all_digits(n) || n.size() > 6) {
        not_understood(row, col, v, "应为次数（0、1、2…）", "expected a count (0, 1, 2, …)");
        return false;
      }
      it.visits = {std::stoll(n), {}, true};
      return true;
    }
    case Field::visits_reason:
      return text(it.visits_reason);
    case Field::channels:
      return list(it.channels, list_of(v));
    case Field::online: {
      auto b = parse_yes_no(v);
      if (!b) {
        not_understood(row, col, v, "应为“是”或“否”", "expected 是 or 否");
        return false;
      }
      if (*b && std::none_of(it.channels.items.begin(), it.channels.items.end(),
                             [](const Text &t) { return t.value == "网上办理"; })) {
        it.channels.present = true;
        it.channels.items.push_back({"网上办理", {}, true});
      }
      return true;
    }
    case Field::proxy: {
      auto b = parse_yes_no(v);
      if (!b) {
        not_understood(row, col, v, "应为“是”或“否”", "expected 是 or 否");
        return false;
      }
      it.proxy = {*b, {}, true};
      return true;
    }
    case Field::outputs:
      return list(it.outputs, lines_of(v)); // one a line: a result's name may hold 、
    case Field::local_basis:
      return text(it.local_basis);
    case Field::limit_unit_legal:
    case Field::limit_unit_promised: {
      std::string unit = v == "1" ? "工作日" : v == "2" ? "自然日" : v;
      if (unit != "工作日" && unit != "自然日") {
        not_understood(row, col, v, "应为 1（工作日）或 2（自然日）", "expected 1 (工作日) or 2 (自然日)");
        return false;
      }
      TimeLimit &t = it.time_limit;
      if (t.unit.present && t.unit.value != unit) {
        not_understood(row, col, v, fmt::format("单位与另一时限的“{}”不一致", t.unit.value),
                       fmt::format("its unit differs from the other limit's {}", t.unit.value));
        return false;
      }
      t.present = true;
      t.unit = {unit, {}, true};
      return true;
    }
    default:
      return false; // the catalog header columns (catalog_key), exchange-table columns (join_row)
    }
  }

  /// The entries of a one-entry-a-line cell: legal basis, materials or forms.
  static bool entries(Item &it, Field f, const std::vector<std::string_view> &lines) {
    auto add = [&](auto &list, auto parse) {
      list.present = true;
      list.items.reserve(list.items.size() + lines.size());
      for (std::string_view l : lines) list.items.push_back(parse(l));
      return true;
    };
    if (f == Field::legal_basis) return add(it.legal_basis, parse_basis);
    if (f == Field::forms) return add(it.forms, [](std::string_view l) { return parse_form(strip_numbering(l)); });
    return add(it.materials, [](std::string_view l) {
      Material m;
      parse_material(l, m);
      return m;
    });
  }

  struct Pending {
    bool fees;
    std::string file, sheet;
    SheetRow row;
    std::vector<std::optional<ColumnUse>> columns;
    bool objects; ///< from JSON
  };

  /// One row of a material or fee exchange table, added to the item with its task_code.
  void join_row(const Pending &p, const std::map<std::string, std::pair<std::size_t, std::size_t>> &by_task) {
    const SheetRow &r = p.row;
    count_read();
    std::string task, task_col;
    for (std::size_t c = 0; c < p.columns.size() && c < r.cells.size(); ++c)
      if (p.columns[c] && p.columns[c]->field == Field::implementation_code && !trim_view(r.cells[c].text).empty()) {
        task = code_text(r.cells[c], r.row, p.columns[c]->header, 0);
        task_col = p.columns[c]->header;
      }
    auto it = by_task.find(task);
    if (task.empty() || it == by_task.end()) {
      note(m_result.skipped, r.row, task_col,
           task.empty() ? std::string("没有 task_code（实施编码），无法关联到事项，未导入")
                        : fmt::format("task_code「{}」在事项表中没有对应的事项，未导入", task),
           task.empty() ? std::string("no task_code to join it to an item; not imported")
                        : fmt::format("task_code \"{}\" matches no item of the item table; not imported", task));
      return;
    }
    join_into(p, it->second);
  }

  /// Adds the material or fee project of row `p` to the item at (catalog, item).
  void join_into(const Pending &p, std::pair<std::size_t, std::size_t> at) {
    const SheetRow &r = p.row;
    if (p.row.parent != 0) count_read();
    std::map<Field, std::pair<std::string, std::string>> cells; // field → (value, column)
    for (std::size_t c = 0; c < p.columns.size() && c < r.cells.size(); ++c)
      if (p.columns[c] && !trim_view(r.cells[c].text).empty() && p.columns[c]->field != Field::implementation_code &&
          !too_long(trim_view(r.cells[c].text), false, r.row, p.columns[c]->header))
        cells[p.columns[c]->field] = {trim(r.cells[c].text), p.columns[c]->header};
    Item &item = m_result.catalogs[at.first].catalog.items.items[at.second];
    auto get = [&](Field f) -> const std::pair<std::string, std::string> * {
      auto c = cells.find(f);
      return c == cells.end() ? nullptr : &c->second;
    };
    if (p.fees) {
      const auto *name = get(Field::fee_name);
      const auto *stand = get(Field::fee_standard);
      const auto *basis = get(Field::fee_basis);
      if (name == nullptr && stand == nullptr) {
        note(m_result.skipped, r.row, "", "没有收费项目名称和收费标准，未导入",
             "no fee name and no fee standard; not imported");
        return;
      }
      std::string line = name != nullptr && stand != nullptr ? name->first + "：" + stand->first
                         : name != nullptr                   ? name->first
                                                             : stand->first;
      Fee &fee = item.fee;
      // the fee projects of an item are lines of one value, which the text length bounds too
      std::string standard = fee.standard.present ? fee.standard.value + "\n" + line : line;
      std::string column = stand != nullptr ? stand->second : name->second;
      if (too_long(standard, false, r.row, column)) return;
      fee.present = true;
      fee.standard = {std::move(standard), {}, true};
      if (basis != nullptr && fee.basis.value.find(basis->first) == std::string::npos) {
        std::string joined = fee.basis.present ? fee.basis.value + "\n" + basis->first : basis->first;
        if (!too_long(joined, false, r.row, basis->second)) fee.basis = {std::move(joined), {}, true};
      }
      return;
    }
    const auto *name = get(Field::material_name);
    if (name == nullptr) {
      note(m_result.skipped, r.row, "", "没有材料名称，未导入", "no material name; not imported");
      return;
    }
    Material m;
    m.present = true;
    m.name = {name->first, {}, true};
    if (const auto *v = get(Field::material_type)) m.type = {v->first, {}, true};
    if (const auto *v = get(Field::material_format)) m.form = {v->first, {}, true};
    if (const auto *v = get(Field::material_source)) m.source = {v->first, {}, true};
    if (const auto *v = get(Field::material_copies)) {
      if (all_digits(v->first) && v->first.size() < 7)
        m.copies = {std::stoll(v->first), {}, true};
      else
        not_understood(r.row, v->second, v->first, "应为份数（1、2…）", "expected a number of copies (1, 2, …)");
    }
    if (const auto *v = get(Field::material_need)) {
      static const std::map<std::string, std::string, std::less<>> k_need = {
          {"1", "必要"},    {"2", "非必要"},      {"3", "容缺后补"},
          {"必要", "必要"}, {"非必要", "非必要"}, {"容缺后补", "容缺后补"}};
      if (auto n = k_need.find(v->first); n != k_need.end())
        m.necessity = {n->second, {}, true};
      else
        not_understood(r.row, v->second, v->first, "应为 1（必要）、2（非必要）、3（容缺后补）",
                       "expected 1 (必要), 2 (非必要) or 3 (容缺后补)");
    }
    item.materials.present = true;
    item.materials.items.push_back(std::move(m));
  }

  /// The entries a limit left out, each once: the rows over limits.items_per_catalog (at the
  /// first of them), then per list and file the entries over limits.findings_per_file.
  void limit_notes() {
    const Limits &l = m_options.limits;
    for (const auto &[index, over] : m_over_items) {
      const Region &region = m_result.catalogs[index].catalog.region;
      m_result.skipped.push_back(
          {over.first, "",
           fmt::format("目录 {} {} 已有 {} 个事项，达到每个目录的事项上限，从这一行起 {} 行未导入（.shitong.yaml 中 "
                       "limits.items_per_catalog 可调高）",
                       region.code.value, region.name.value, l.items_per_catalog, over.rows),
           fmt::format("catalog {} {} has reached the limit of {} items per catalog: {} row(s) from this one on not "
                       "imported (raise limits.items_per_catalog in .shitong.yaml)",
                       region.code.value, region.name.value, l.items_per_catalog, over.rows)});
    }
    for (const auto &[key, n] : m_listed) {
      if (n <= l.findings_per_file) continue;
      key.first->push_back({{key.second, "", 0},
                            "",
                            fmt::format("另有 {} 条未列出（每个文件每类最多列出 {} 条；.shitong.yaml 中 "
                                        "limits.findings_per_file 可调高）",
                                        n - l.findings_per_file, l.findings_per_file),
                            fmt::format("{} more not listed (at most {} per file and list; raise "
                                        "limits.findings_per_file in .shitong.yaml)",
                                        n - l.findings_per_file, l.findings_per_file)});
    }
  }

  struct Over {
    ItemSource first; ///< the first row left out
    std::size_t rows;
  };
  std::map<std::size_t, Over> m_over_items;                                          ///< by catalog index
  std::map<std::pair<std::vector<ImportNote> *, std::string>, std::size_t> m_listed; ///< notes per list and file

  std::vector<Pending> m_pending;
  const ImportOptions &m_options;
  ImportResult &m_result;
  std::unordered_map<std::string, Field> m_synonyms;
  std::set<std::string> m_ignored;                               ///< header keys a mapping ignores
  std::map<std::pair<Field, std::string>, std::string> m_values; ///< a mapping's value maps
  std::map<std::string, std::size_t> m_by_code;
  std::map<std::string, bool> m_bad_codes;
  std::string m_file, m_sheet;
  bool m_objects = false; ///< the rows being read are JSON objects
  std::size_t m_sheets_used = 0;
};

} // namespace

int ImportResult::exit_code() const {
  if (!errors_zh.empty()) return 2;
  return skipped.empty() && not_understood.empty() ? 0 : 1;
}

ImportResult import_workbooks(const std::vector<Workbook> &books, const ImportOptions &given) {
  ImportResult result;
  ImportOptions options = given; // the command line first, then the mapping's catalog header
  if (const ImportMapping *m = given.mapping; m != nullptr) {
    if (options.region.empty()) options.region = m->region;
    if (options.level.empty()) options.level = m->level;
    if (options.parent.empty()) options.parent = m->parent;
  }
  for (const auto &b : books) {
    if (!b.ok()) {
      result.errors_zh.push_back(b.error_zh);
      result.errors_en.push_back(b.error_en);
    }
    result.notes_zh.insert(result.notes_zh.end(), b.notes_zh.begin(), b.notes_zh.end());
    result.notes_en.insert(result.notes_en.end(), b.notes_en.begin(), b.notes_en.end());
  }
  if (!result.errors_zh.empty()) return result;
  if (!options.region.empty() && lookup_region(options.region).kind != RegionStatus::current) {
    result.errors_zh.push_back(fmt::format("--region {} 不是现行的 GB/T 2260 区划代码", options.region));
    result.errors_en.push_back(fmt::format("--region {} is not a current GB/T 2260 region code", options.region));
    return result;
  }
  RegionLevel ignored{};
  if (!options.level.empty() && !parse_level(options.level, ignored)) {
    result.errors_zh.push_back(fmt::format("--level {} 应为 province、city 或 county", options.level));
    result.errors_en.push_back(fmt::format("--level {}: expected province, city or county", options.level));
    return result;
  }
  Importer importer(options, result);
  if (const ImportMapping *m = options.mapping; m != nullptr && !m->sheet.empty()) {
    std::vector<std::string> names;
    for (const auto &b : books)
      for (const auto &s : b.sheets)
        if (!s.nested) names.push_back(s.name.empty() ? "（CSV/JSON）" : s.name);
    if (std::find(names.begin(), names.end(), m->sheet) == names.end()) {
      result.errors_zh.push_back(
          fmt::format("映射文件 {} 指定的工作表「{}」不存在（有：{}）", m->file, m->sheet, fmt::join(names, "、")));
      result.errors_en.push_back(
          fmt::format("the sheet \"{}\" named by the mapping file {} does not exist (there are: {})", m->sheet, m->file,
                      fmt::join(names, ", ")));
      return result;
    }
  }
  for (const auto &b : books)
    for (const auto &s : b.sheets)
      if (importer.wanted(s)) importer.sheet(b, s);
  importer.finish();
  return result;
}

} // namespace shitong
