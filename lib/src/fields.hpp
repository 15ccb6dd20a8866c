// Internal: the field tables of the format. One table per mapping type lists its keys, how each
// is read into the model, and what the JSON Schema says about it. The loader and the schema
// generator both walk these tables, so the schema cannot drift from what the tool accepts.
#pragma once

#include <shitong/catalog.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace shitong::detail {

class Reader;
class JsonWriter;
class ModelCodec;
struct RuleSettings;
template <class V> struct NamedMap;

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
  void (*codec)(ModelCodec &, T &); ///< binary (de)serialisation of the member (the cache)
  Meta meta;
};

template <class T> struct Table {
  std::string_view name;
  std::string_view title;
  std::vector<Field<T>> fields;
  /// The index of `key`, or -1. The search starts at `hint` (the field after the previous key
  /// of the mapping): a file written in the table's key order finds each key at once.
  int find(std::string_view key, std::size_t hint = 0) const {
    const std::size_t n = fields.size();
    for (std::size_t k = 0; k < n; ++k) {
      std::size_t i = hint + k < n ? hint + k : hint + k - n;
      if (fields[i].key == key) return static_cast<int>(i);
    }
    return -1;
  }
};

/// The document root: catalog and certificates keys in one table; `kinds` says which is which.
struct Document : Node {
  Catalog catalog;
  Certificates certificates;
};

template <class T> const Table<T> &table_of();

// Enumerations (docs/format.md §6).

/// 事项类型 (item type) and its two-digit code, chars 3-4 of a basic item code. A table
/// written out: the one place that pairs them.
struct ItemTypeCode {
  std::string_view type, code;
};
extern const std::vector<ItemTypeCode> k_item_type_codes;
/// The code of an item type ("行政许可" → "01"), or nullptr for anything else.
const char *item_type_code(std::string_view type);
/// The item type of a code ("01" → "行政许可"), or nullptr.
const char *item_type_of_code(std::string_view code);
extern const std::vector<std::string_view> k_item_types; ///< the types of k_item_type_codes, in order
extern const std::vector<std::string_view> k_material_types;
extern const std::vector<std::string_view> k_material_forms;
extern const std::vector<std::string_view> k_necessities;
extern const std::vector<std::string_view> k_sources;
extern const std::vector<std::string_view> k_units;
extern const std::vector<std::string_view> k_levels;
extern const std::vector<std::string_view> k_channels;
extern const std::vector<std::string_view> k_replacements;
extern const std::vector<std::string_view> k_kinds;

/// Binary (de)serialisation of the model through the field tables, for the cache's copies of
/// reference catalogs. Reading checks every length against what is left; a short or bad
/// input sets !ok() and leaves a partial model that the caller throws away.
class ModelCodec {
public:
  explicit ModelCodec(std::string &out) : m_out(&out) {}
  explicit ModelCodec(std::string_view in) : m_in(in) {}
  bool ok() const { return m_ok && (m_out || m_at == m_in.size()); }

  template <class V> void visit(Value<V> &v) {
    pos(v.pos);
    flag(v.present);
    value(v.value);
  }
  template <class U> void visit(List<U> &l) {
    pos(l.pos);
    flag(l.present);
    std::uint32_t n = static_cast<std::uint32_t>(l.items.size());
    raw(&n, sizeof n);
    if (!m_out) {
      if (!m_ok || n > m_in.size() - m_at) { // every element takes at least one byte
        m_ok = false;
        return;
      }
      l.items.resize(n);
    }
    for (auto &x : l.items) {
      if (!m_ok) return;
      visit(x);
    }
  }
  template <class U, class = std::enable_if_t<std::is_base_of_v<Node, U>>> void visit(U &o) {
    pos(o.pos);
    flag(o.present);
    for (const auto &f : table_of<U>().fields) {
      if (!m_ok) return;
      f.codec(*this, o);
    }
  }
  void visit(RuleSettings &) {} // config only: never part of a catalog
  template <class V> void visit(NamedMap<V> &) {}

private:
  void raw(void *p, std::size_t n) {
    if (m_out) {
      m_out->append(static_cast<const char *>(p), n);
    } else if (!m_ok || n > m_in.size() - m_at) {
      m_ok = false;
    } else {
      std::memcpy(p, m_in.data() + m_at, n);
      m_at += n;
    }
  }
  void pos(Pos &p) {
    raw(&p.line, sizeof p.line);
    raw(&p.column, sizeof p.column);
  }
  void flag(bool &b) {
    unsigned char c = b;
    raw(&c, 1);
    if (c > 1) m_ok = false;
    b = c != 0;
  }
  void value(long long &v) { raw(&v, sizeof v); }
  void value(bool &v) { flag(v); }
  void value(std::string &s) {
    std::uint32_t n = static_cast<std::uint32_t>(s.size());
    raw(&n, sizeof n);
    if (m_out) {
      m_out->append(s);
    } else if (!m_ok || n > m_in.size() - m_at) {
      m_ok = false;
    } else {
      s.assign(m_in.data() + m_at, n);
      m_at += n;
    }
  }
  std::string *m_out = nullptr;
  std::string_view m_in;
  std::size_t m_at = 0;
  bool m_ok = true;
};

/// A catalog model to bytes and back (false when the bytes are not a serialised catalog).
std::string encode_catalog(const Catalog &cat);
bool decode_catalog(std::string_view bytes, Catalog &out);

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

/// A mapping from names the user chooses to values (`code_profiles:`, a type slot's
/// `values:`), in file order; a repeated name is a duplicate-key finding and not kept.
template <class V> struct NamedMap : Node {
  struct Entry {
    Text key;
    V value;
  };
  std::vector<Entry> entries;
};

// `code_profiles:` of `.shitong.yaml` (docs/configuration.md, 编码方案): an office's own code
// profile as written; profile_config.cpp checks it and builds the CodeProfile.
struct TypeSlotSpec : Node {
  Int position, length;
  Text alphabet;
  NamedMap<Text> values; ///< type code -> 事项类型
};
struct BasicFormSpec : Node {
  Text pattern;
  TypeSlotSpec type;
};
struct BasicCodesSpec : Node {
  List<BasicFormSpec> forms;
  Text description, description_en;
};
struct SegmentSpec : Node {
  Text name, pattern;
};
struct ImplementationSpec : Node {
  Text separator;
  List<SegmentSpec> segments;
  Text description, description_en;
};
struct ProfileSpec : Node {
  Text title, title_en;
  BasicCodesSpec basic_codes;
  ImplementationSpec implementation_codes;
};

struct IgnoreSpec : Node {
  Text rule, region, item, path, file, reason;
};

/// The root of `.shitong.yaml`.
/// `limits:` of `.shitong.yaml` (docs/configuration.md): every bound a hostile input can reach.
struct LimitsSpec : Node {
  Int findings_per_file, items_per_catalog, text_length;
};
struct ConfigDoc : Node {
  Text fail_on;
  Text lang;
  Text code_pattern;
  Text code_profile;
  NamedMap<ProfileSpec> code_profiles;
  RuleSettings rules;
  List<IgnoreSpec> ignore;
  LimitsSpec limits;
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
