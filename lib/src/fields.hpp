// Internal: the field tables of the format. One table per mapping type lists its keys, how each
// is read into the model, and what the JSON Schema says about it. The loader and the schema
// generator both walk these tables, so the schema cannot drift from what the tool accepts.
#pragma once

#include <shitong/catalog.hpp>

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace shitong::detail {

class Reader;
class JsonWriter;

/// Which document kinds a root key belongs to.
enum KindMask : unsigned { k_catalog = 1, k_certificates = 2, k_any = 3 };

struct Meta {
  bool required = false;                                      ///< missing-field when absent
  bool nonempty = false;                                      ///< empty-value when present but empty
  const std::vector<std::string_view> *enumeration = nullptr; ///< for text and text lists
  long long minimum = -1;                                     ///< integers: smallest allowed value (-1: none)
  bool code_like = false;                                     ///< text that must be quoted when it is all digits
  bool date = false;                                          ///< ISO date YYYY-MM-DD
  std::string_view pattern;                                   ///< JSON Schema pattern only
  std::string_view title;                                     ///< Chinese name, for the schema and messages
  std::string_view description;
  unsigned kinds = k_any; ///< root keys only
};

template <class T> struct Field {
  std::string_view key;
  void (*read)(Reader &, T &, const Meta &);
  void (*schema)(JsonWriter &, const Meta &);
  Meta meta;
};

template <class T> struct Table {
  std::string_view name;
  std::string_view title;
  std::vector<Field<T>> fields;
  int find(std::string_view key) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (fields[i].key == key) return static_cast<int>(i);
    return -1;
  }
};

/// The document root: catalog and certificates keys in one table; `kinds` says which is which.
struct Document : Node {
  Catalog catalog;
  Certificates certificates;
};

template <class T> const Table<T> &table_of();

// Enumerations (spec §6).
extern const std::vector<std::string_view> k_item_types;
extern const std::vector<std::string_view> k_material_types;
extern const std::vector<std::string_view> k_material_forms;
extern const std::vector<std::string_view> k_necessities;
extern const std::vector<std::string_view> k_sources;
extern const std::vector<std::string_view> k_units;
extern const std::vector<std::string_view> k_levels;
extern const std::vector<std::string_view> k_channels;
extern const std::vector<std::string_view> k_replacements;
extern const std::vector<std::string_view> k_kinds;

/// Writes the JSON Schema of a value of model type M.
template <class M> void write_schema(JsonWriter &w, const Meta &m);

/// The JSON Schema of a whole document of one kind (k_catalog or k_certificates).
std::string document_schema(unsigned kind);

} // namespace shitong::detail

namespace shitong::detail {

/// `rules:` of the config: rule id -> severity or off, in file order.
struct RuleSettings : Node {
  struct Entry {
    Text rule;
    Text value;
  };
  std::vector<Entry> entries;
};

struct IgnoreSpec : Node {
  Text rule, region, item, path, file, reason;
};

/// The root of `.shitong.yaml`.
struct ConfigDoc : Node {
  Text fail_on;
  Text lang;
  Text code_pattern;
  RuleSettings rules;
  List<IgnoreSpec> ignore;
};

extern const std::vector<std::string_view> k_severities;
extern const std::vector<std::string_view> k_langs;

/// A baseline file (JSON, read through the YAML reader: JSON is YAML).
struct BaselineItem : Node {
  Text key, rule, region, item, path, message;
  Int count;
};
struct BaselineDoc : Node {
  Text tool, version;
  List<BaselineItem> entries;
};

/// The JSON Schema of `.shitong.yaml`.
std::string config_schema();

} // namespace shitong::detail
