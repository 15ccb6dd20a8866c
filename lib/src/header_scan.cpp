// The header scan: kind, region and parent from the top of a document, read with libyaml's
// event parser up to the `items` key, so that validate can order catalogs parents first
// before loading any of them. Approximate by design: the pipeline compares it with the header
// of the loaded model and redoes what depended on a wrong guess.
#include "reader.hpp"
#include "validate_internal.hpp"

#include <yaml.h>

#include <algorithm>

namespace shitong::detail {

bool Header::operator==(const Header &o) const {
  return kind == o.kind && readable == o.readable && region_code.value == o.region_code.value &&
         region_code.present == o.region_code.present && region_name == o.region_name &&
         parent.value == o.parent.value && parent.present == o.parent.present && scope == o.scope;
}

Header header_of(const LoadedFile &f) {
  Header h;
  if (f.kind == DocKind::unknown || !f.io_error.empty()) return h;
  h.kind = f.kind;
  h.readable = f.readable;
  if (f.kind == DocKind::catalog) {
    h.region_code = f.catalog.region.code;
    h.region_name = f.catalog.region.name.value;
    h.parent = f.catalog.parent;
  } else if (f.kind == DocKind::certificates) {
    h.scope = f.certificates.scope.present ? f.certificates.scope.value : std::string();
  }
  return h;
}

namespace {

class Events {
public:
  explicit Events(std::string_view text) : m_lines(text) {
    yaml_parser_initialize(&m_parser);
    yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char *>(text.data()), text.size());
    yaml_parser_set_encoding(&m_parser, YAML_UTF8_ENCODING);
  }
  ~Events() {
    if (m_have) yaml_event_delete(&m_event);
    yaml_parser_delete(&m_parser);
  }
  Events(const Events &) = delete;
  Events &operator=(const Events &) = delete;
  bool next() {
    if (m_have) yaml_event_delete(&m_event);
    m_have = yaml_parser_parse(&m_parser, &m_event) != 0;
    return m_have;
  }
  yaml_event_type_t type() const { return m_event.type; }
  std::string_view scalar() const {
    return {reinterpret_cast<const char *>(m_event.data.scalar.value), m_event.data.scalar.length};
  }
  bool null_scalar() const {
    if (m_event.type != YAML_SCALAR_EVENT || !m_event.data.scalar.plain_implicit) return false;
    auto s = scalar();
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
  }
  Pos pos() const { return m_lines(m_event.start_mark); } // editors' lines, as the loader's
  /// Skips the value whose first event is current; false on a parse error.
  bool skip() {
    int depth = 0;
    do {
      switch (type()) {
      case YAML_MAPPING_START_EVENT:
      case YAML_SEQUENCE_START_EVENT:
        if (++depth > 64) return false; // hostile nesting: the loader reports it
        break;
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT:
        --depth;
        break;
      default:
        break;
      }
      if (depth == 0) return true;
    } while (next());
    return false;
  }

private:
  EditorLines m_lines;
  yaml_parser_t m_parser;
  yaml_event_t m_event;
  bool m_have = false;
};

void read_text(Events &e, Text &t) {
  if (e.type() != YAML_SCALAR_EVENT) {
    e.skip();
    return;
  }
  if (e.null_scalar()) return;
  t.value.assign(e.scalar());
  t.pos = e.pos();
  t.present = true;
}

} // namespace

Header scan_header(std::string_view prefix) {
  Header h;
  if (prefix.size() >= 3 && prefix.substr(0, 3) == "\xEF\xBB\xBF") prefix.remove_prefix(3);
  Events e(prefix);
  auto unknown = [] { return Header{}; };
  // stream start, document start, root mapping
  if (!e.next() || e.type() != YAML_STREAM_START_EVENT) return unknown();
  if (!e.next() || e.type() != YAML_DOCUMENT_START_EVENT) return unknown();
  if (!e.next() || e.type() != YAML_MAPPING_START_EVENT) return unknown();
  Text kind;
  bool region_seen = false;
  std::vector<std::string> seen;
  while (e.next() && e.type() == YAML_SCALAR_EVENT) {
    std::string key(e.scalar());
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      return unknown(); // duplicate keys: let the loader decide
    seen.push_back(key);
    if (!e.next()) return unknown();
    if (key == "kind") {
      read_text(e, kind);
    } else if (key == "parent") {
      read_text(e, h.parent);
    } else if (key == "scope") {
      Text s;
      read_text(e, s);
      h.scope = s.present ? s.value : std::string();
    } else if (key == "region") {
      region_seen = true;
      if (e.type() != YAML_MAPPING_START_EVENT) {
        if (!e.skip()) return unknown();
        continue;
      }
      while (e.next() && e.type() == YAML_SCALAR_EVENT) {
        std::string k(e.scalar());
        if (!e.next()) return unknown();
        Text v;
        if (k == "code") {
          read_text(e, h.region_code);
        } else if (k == "name") {
          read_text(e, v);
          h.region_name = v.value;
        } else if (!e.skip()) {
          return unknown();
        }
      }
      if (e.type() != YAML_MAPPING_END_EVENT) return unknown();
    } else if (key == "items" && kind.present && region_seen) {
      break; // the rest is items (a parent written after them is caught after loading)
    } else if (!e.skip()) {
      return unknown();
    }
  }
  h.kind = kind.value == "catalog"        ? DocKind::catalog
           : kind.value == "certificates" ? DocKind::certificates
                                          : DocKind::unknown;
  h.readable = h.kind != DocKind::unknown;
  if (h.kind != DocKind::catalog) {
    h.region_code = {};
    h.region_name.clear();
    h.parent = {};
  }
  return h;
}

} // namespace shitong::detail
