// Mapping files (`kind: import-mapping`): the layouts the column synonyms do not cover. A
// mapping names the sheet and header row, maps header texts to field ids, recodes a vendor's
// values (材料必要性 0/1/2/3 …) and gives the catalog header. It is read with libyaml like
// every YAML file (read_tree, aliases refused) and checked whole before anything is imported:
// a mapping with a mistake is an error at its line, never half applied.
#include <shitong/import.hpp>

#include "import_internal.hpp"
#include "json_writer.hpp"
#include "sanitize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace shitong {

namespace {
using detail::Tree;

constexpr std::uint64_t k_max_mapping_bytes = 1u << 20;

/// The `|`-separated header texts of a column.
std::vector<std::string_view> synonyms_of(const detail::Column &c) {
  std::vector<std::string_view> out;
  std::string_view s = c.synonyms;
  for (std::size_t bar; (bar = s.find('|')) != std::string_view::npos; s.remove_prefix(bar + 1))
    out.push_back(s.substr(0, bar));
  out.push_back(s);
  return out;
}

bool row_number(std::string_view t) {
  return !t.empty() && t.size() <= 7 && t != "0" &&
         std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The field id that `name` means: an id itself, or any header text the layout recognises for
/// a field (主项名称, 申请材料, is_need, …). "" when none.
std::string field_id(std::string_view name) {
  std::string key = detail::header_key(name);
  for (const auto &c : detail::layout_columns()) {
    if (key == c.id) return std::string(c.id);
    for (auto syn : synonyms_of(c))
      if (detail::header_key(syn) == key) return std::string(c.id);
  }
  return {};
}

bool is_ignore(std::string_view target) {
  return target == "ignore" || target == "忽略";
}

/// Collects the mistakes of one mapping file, each at its line and column.
struct Problems {
  std::string file;
  std::vector<std::string> zh, en;
  /// Keys and values are quoted from the file: their control characters (terminal escapes)
  /// are written as visible escapes, as in every text report.
  void add(const Tree &at, const std::string &z, const std::string &e) {
    zh.push_back(detail::terminal_text(fmt::format("{}:{}:{}: {}", file, at.line, at.column, z)));
    en.push_back(detail::terminal_text(fmt::format("{}:{}:{}: {}", file, at.line, at.column, e)));
  }
};

bool scalar(const Tree &v, Problems &p, std::string_view key) {
  if (v.kind == Tree::Kind::scalar && !v.null && !v.text.empty()) return true;
  p.add(v, fmt::format("「{}」应为非空的文字", key), fmt::format("\"{}\" must be a non-empty text", key));
  return false;
}

bool mapping_of(const Tree &v, Problems &p, std::string_view key) {
  if (v.kind == Tree::Kind::object) return true;
  p.add(v, fmt::format("「{}」应为映射（键: 值）", key), fmt::format("\"{}\" must be a mapping (key: value)", key));
  return false;
}

void read_columns(const Tree &v, ImportMapping &out, Problems &p) {
  if (!mapping_of(v, p, "columns")) return;
  for (const auto &[header, target] : v.members) {
    if (!scalar(target, p, header)) continue;
    if (is_ignore(target.text)) {
      out.columns.push_back({header, ""});
      continue;
    }
    std::string id = field_id(target.text);
    if (id.empty()) {
      p.add(target,
            fmt::format("列「{}」映射到未知字段「{}」；可用的字段见 shitong schema mapping", header, target.text),
            fmt::format("column \"{}\" maps to the unknown field \"{}\"; see shitong schema mapping for the fields",
                        header, target.text));
      continue;
    }
    out.columns.push_back({header, id});
  }
}

void read_values(const Tree &v, ImportMapping &out, Problems &p) {
  if (!mapping_of(v, p, "values")) return;
  for (const auto &[field, table] : v.members) {
    std::string id = field_id(field);
    if (id.empty()) {
      p.add(table, fmt::format("未知字段「{}」", field), fmt::format("unknown field \"{}\"", field));
      continue;
    }
    if (!mapping_of(table, p, field)) continue;
    for (const auto &[from, to] : table.members)
      if (scalar(to, p, from)) out.values.push_back({id, from, to.text});
  }
}

void read_catalog(const Tree &v, ImportMapping &out, Problems &p) {
  if (!mapping_of(v, p, "catalog")) return;
  for (const auto &[key, value] : v.members) {
    std::string *target = key == "region"   ? &out.region
                          : key == "level"  ? &out.level
                          : key == "parent" ? &out.parent
                                            : nullptr;
    if (target == nullptr) {
      p.add(value, fmt::format("catalog 下的未知键「{}」（可用：region、level、parent）", key),
            fmt::format("unknown key \"{}\" under catalog (expected region, level, parent)", key));
      continue;
    }
    if (scalar(value, p, key)) *target = value.text;
  }
}

void read_root(const Tree &root, ImportMapping &out, Problems &p) {
  if (root.kind != Tree::Kind::object) {
    p.add(root, "映射文件的顶层应为映射（kind: import-mapping …）",
          "the top level of a mapping file must be a mapping (kind: import-mapping …)");
    return;
  }
  bool kind = false;
  for (const auto &[key, v] : root.members) {
    if (key == "kind") {
      kind = true;
      if (v.kind != Tree::Kind::scalar || v.text != "import-mapping")
        p.add(v, "kind 应为 import-mapping", "kind must be import-mapping");
    } else if (key == "version") {
      if (v.kind != Tree::Kind::scalar || v.text != "1") p.add(v, "version 应为 1", "version must be 1");
    } else if (key == "sheet") {
      if (scalar(v, p, key)) out.sheet = v.text;
    } else if (key == "header_row") {
      if (v.kind != Tree::Kind::scalar || !row_number(v.text))
        p.add(v, "header_row 应为表头所在的行号（从 1 起）", "header_row must be the header's row number (from 1)");
      else
        out.header_row = static_cast<std::uint32_t>(std::stoul(v.text));
    } else if (key == "columns") {
      read_columns(v, out, p);
    } else if (key == "values") {
      read_values(v, out, p);
    } else if (key == "catalog") {
      read_catalog(v, out, p);
    } else {
      p.add(
          v, fmt::format("未知键「{}」（可用：kind、version、sheet、header_row、columns、values、catalog）", key),
          fmt::format("unknown key \"{}\" (expected kind, version, sheet, header_row, columns, values, catalog)", key));
    }
  }
  if (!kind) p.add(root, "缺少 kind: import-mapping", "kind: import-mapping is missing");
}

} // namespace

std::vector<std::string> import_field_ids() {
  std::vector<std::string> out;
  for (const auto &c : detail::layout_columns()) out.emplace_back(c.id);
  return out;
}

bool load_mapping(const std::string &path, ImportMapping &out, std::vector<std::string> &errors_zh,
                  std::vector<std::string> &errors_en) {
  out = ImportMapping{};
  out.file = path;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in || !std::filesystem::is_regular_file(path, ec)) {
    errors_zh.push_back(fmt::format("映射文件 {} 无法读取（不存在或不是普通文件）", path));
    errors_en.push_back(fmt::format("mapping file {} cannot be read (missing or not a regular file)", path));
    return false;
  }
  if (size > k_max_mapping_bytes) {
    errors_zh.push_back(fmt::format("映射文件 {} 超过 1 MiB，未读取", path));
    errors_en.push_back(fmt::format("mapping file {} is larger than 1 MiB; not read", path));
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_mapping(buf.str(), path, out, errors_zh, errors_en);
}

bool parse_mapping(std::string_view bytes, const std::string &path, ImportMapping &out,
                   std::vector<std::string> &errors_zh, std::vector<std::string> &errors_en) {
  out = ImportMapping{};
  out.file = path;
  if (bytes.size() > k_max_mapping_bytes) {
    errors_zh.push_back(fmt::format("映射文件 {} 超过 1 MiB，未读取", path));
    errors_en.push_back(fmt::format("mapping file {} is larger than 1 MiB; not read", path));
    return false;
  }
  std::string text, encoding, zh, en;
  std::optional<Tree> root;
  if (detail::decode_text(bytes, text, encoding, zh, en)) root = detail::read_tree(text, false, ImportLimits{}, zh, en);
  if (!root) {
    errors_zh.push_back(detail::terminal_text(fmt::format("映射文件 {}：{}", path, zh)));
    errors_en.push_back(detail::terminal_text(fmt::format("mapping file {}: {}", path, en)));
    return false;
  }
  Problems p{path, {}, {}};
  read_root(*root, out, p);
  errors_zh.insert(errors_zh.end(), p.zh.begin(), p.zh.end());
  errors_en.insert(errors_en.end(), p.en.begin(), p.en.end());
  return p.zh.empty();
}

std::string mapping_schema() {
  detail::JsonWriter w;
  std::vector<std::string> names; // every id and every header text a field is known by
  for (const auto &c : detail::layout_columns()) {
    names.emplace_back(c.id);
    for (auto syn : synonyms_of(c))
      if (std::find(names.begin(), names.end(), syn) == names.end()) names.emplace_back(syn);
  }
  auto field_enum = [&](bool ignore) {
    w.begin_object().key("enum").begin_array();
    for (const auto &n : names) w.value(n);
    if (ignore) w.value("ignore").value("忽略");
    w.end_array().end_object();
  };
  auto text = [&](std::string_view title) {
    w.begin_object().key("title").value(title).key("type").value("string").key("minLength").value(1).end_object();
  };
  w.begin_object();
  w.key("$schema").value("http://json-schema.org/draft-07/schema#");
  w.key("$id").value("https://shitong.invalid/schemas/mapping.schema.json");
  w.key("title").value("shitong 导入映射 (kind: import-mapping)");
  w.key("description")
      .value("Generated by `shitong schema` from the column table that `shitong import` uses. Field names may also "
             "be given as any header text the importer recognises for the field (主项名称, 申请材料, …).");
  w.key("type").value("object");
  w.key("additionalProperties").value(false);
  w.key("required").begin_array().value("kind").end_array();
  w.key("properties").begin_object();
  w.key("kind").begin_object().key("const").value("import-mapping").end_object();
  w.key("version").begin_object().key("const").value(1).end_object();
  w.key("sheet");
  text("只读这一个工作表 / read this worksheet only");
  w.key("header_row")
      .begin_object()
      .key("title")
      .value("表头所在行（从 1 起）/ the header's row number")
      .key("type")
      .value("integer")
      .key("minimum")
      .value(1)
      .end_object();
  w.key("columns").begin_object().key("title").value("列名 → 字段 / header text → field");
  w.key("type").value("object").key("additionalProperties");
  field_enum(true);
  w.end_object();
  w.key("values").begin_object().key("title").value("字段 → {原值: 新值} / field → {value: value}");
  w.key("type").value("object").key("propertyNames");
  field_enum(false);
  w.key("additionalProperties");
  w.begin_object().key("type").value("object").key("additionalProperties");
  w.begin_object().key("type").begin_array().value("string").value("integer").end_array().end_object();
  w.end_object().end_object();
  w.key("catalog").begin_object().key("type").value("object").key("additionalProperties").value(false);
  w.key("properties").begin_object();
  w.key("region").begin_object().key("type").value("string").key("pattern").value("^[0-9]{6}$").end_object();
  w.key("level").begin_object().key("enum").begin_array();
  w.value("province").value("city").value("county").end_array().end_object();
  w.key("parent").begin_object().key("type").value("string").key("pattern").value("^[0-9]{6}$").end_object();
  w.end_object().end_object();
  w.end_object();
  w.end_object();
  return w.take() + "\n";
}

} // namespace shitong
