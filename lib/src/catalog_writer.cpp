// Writing a catalog as YAML text in the format's key order (spec §3, §4). A scalar is written
// plain only when it cannot be read back as anything but the same string (no indicator first,
// no ": " or " #", not a YAML 1.1 boolean, null, number or date); otherwise double-quoted with
// escapes. Codes are always quoted. Only present values are written: nothing is invented.
// Source comments (`# 来源: …`) precede imported items; attach_import_sources reads them back.
#include <shitong/import.hpp>

#include "import_internal.hpp"
#include "util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace shitong {

namespace {

/// A YAML 1.1 boolean or null in any case (true, Yes, OFF, ~, …).
bool looks_special(std::string_view s) {
  if (s.size() > 5) return false;
  char lower[6] = {};
  for (std::size_t i = 0; i < s.size(); ++i)
    lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  std::string_view l(lower, s.size());
  for (std::string_view w : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"})
    if (l == w) return true;
  return false;
}

bool needs_quotes(std::string_view s, bool flow) {
  if (s.empty() || looks_special(s)) return true;
  unsigned char first = static_cast<unsigned char>(s.front());
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`+.=<").find(static_cast<char>(first)) != std::string_view::npos)
    return true;
  if (first >= '0' && first <= '9') return true;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  // one pass: ": " and " #", flow indicators, control characters, and by their bytes the C1
  // controls (U+0085 too), U+2028/2029, U+FEFF, U+FFFD, U+FFFE/FFFF and anything that is not UTF-8
  const auto *b = reinterpret_cast<const unsigned char *>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char c = b[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) return true;
      unsigned char next = i + 1 < n ? b[i + 1] : 0;
      if ((c == ':' && next == ' ') || (c == ' ' && next == '#')) return true;
      if (flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}')) return true;
      ++i;
      continue;
    }
    if (c >= 0xE3 && c <= 0xEC && i + 2 < n && (b[i + 1] & 0xC0) == 0x80 && (b[i + 2] & 0xC0) == 0x80) {
      i += 3; // most of CJK: well-formed, and none of the characters looked for
      continue;
    }
    std::size_t len = detail::utf8_sequence(b + i, n - i);
    if (len == 0) return true; // not UTF-8
    unsigned char n1 = b[i + 1], n2 = len > 2 ? b[i + 2] : 0;
    if ((c == 0xC2 && n1 < 0xA0) || (c == 0xE2 && n1 == 0x80 && (n2 == 0xA8 || n2 == 0xA9)) ||
        (c == 0xEF && ((n1 == 0xBB && n2 == 0xBF) || (n1 == 0xBF && n2 >= 0xBD))))
      return true;
    i += len;
  }
  return false;
}

/// Appends `s` double-quoted, with escapes; runs of bytes that need none are copied at once.
void put_quoted(std::string &out, std::string_view s) {
  out += '"';
  std::size_t plain = 0; // start of the run not yet copied
  for (std::size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
      ++i; // printable ASCII: the run goes on
      continue;
    }
    std::size_t at = i;
    char32_t cp = detail::next_code_point(s, i);
    if (cp >= 0xA0 && cp != 0x2028 && cp != 0x2029 && cp != 0xFEFF && cp != 0xFFFE && cp != 0xFFFF)
      continue; // printable (or not UTF-8, copied as it is): the run goes on
    out.append(s.substr(plain, at - plain));
    plain = i;
    switch (cp) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case 0x85:
      out += "\\N";
      break;
    case 0x2028:
      out += "\\L";
      break;
    case 0x2029:
      out += "\\P";
      break;
    default:
      if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) // C0, DEL, C1: not printable in YAML
        out += fmt::format("\\x{:02X}", static_cast<unsigned>(cp));
      else if (cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
        out += fmt::format("\\u{:04X}", static_cast<unsigned>(cp));
      else
        out.append(s.substr(at, i - at));
    }
  }
  out.append(s.substr(plain));
  out += '"';
}

/// Appends `s` plain when YAML reads it back as the same string, else quoted.
void put_scalar(std::string &out, std::string_view s, bool flow = false) {
  if (needs_quotes(s, flow))
    put_quoted(out, s);
  else
    out.append(s);
}

/// A comment's text on one line: what YAML does not allow raw (C0, DEL, C1, U+FFFE/FFFF) and
/// what libyaml reads as a line break (NEL, U+2028/2029, which would end the comment) become
/// spaces, bytes that are not UTF-8 U+FFFD.
std::string comment_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = detail::next_code_point(s, i);
    bool bad = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF;
    detail::append_utf8(out, bad ? U' ' : cp);
  }
  return out;
}

/// `[a, b]`: the entries of a flow sequence.
void put_flow(std::string &out, const List<Text> &l) {
  out += '[';
  for (std::size_t i = 0; i < l.items.size(); ++i) {
    if (i != 0) out += ", ";
    put_scalar(out, l.items[i].value, true);
  }
  out += ']';
}

void put_int(std::string &out, long long v) {
  fmt::format_int digits(v);
  out.append(digits.data(), digits.size());
}

struct Writer {
  std::string out;
  void key(int indent, std::string_view k) {
    out.append(static_cast<std::size_t>(indent), ' ');
    out += k;
    out += ": ";
  }
  void text(int indent, std::string_view k, const Text &t, bool always_quote = false) {
    if (!t.present) return;
    key(indent, k);
    if (always_quote)
      put_quoted(out, t.value);
    else
      put_scalar(out, t.value);
    out += '\n';
  }
  void integer(int indent, std::string_view k, const Int &v) {
    if (!v.present) return;
    key(indent, k);
    put_int(out, v.value);
    out += '\n';
  }
  void boolean(int indent, std::string_view k, const Bool &v) {
    if (!v.present) return;
    key(indent, k);
    out += v.value ? "true\n" : "false\n";
  }
};

/// Writes `key: value` lines of a mapping that is a sequence entry: the first line after "- ".
struct EntryWriter {
  Writer &w;
  int indent; ///< of the "- "
  bool first = true;
  /// Starts the line of `key`: its value is appended next, then '\n'.
  std::string &key(std::string_view k) {
    w.out.append(static_cast<std::size_t>(indent), ' ');
    w.out += first ? "- " : "  ";
    w.out += k;
    w.out += ": ";
    first = false;
    return w.out;
  }
  void line(std::string_view k, std::string_view value) {
    key(k) += value;
    w.out += '\n';
  }
  void code(std::string_view k, const Text &t) { // codes are always quoted
    if (!t.present) return;
    put_quoted(key(k), t.value);
    w.out += '\n';
  }
  void text(std::string_view k, const Text &t) {
    if (!t.present) return;
    put_scalar(key(k), t.value);
    w.out += '\n';
  }
  void integer(std::string_view k, const Int &v) {
    if (!v.present) return;
    put_int(key(k), v.value);
    w.out += '\n';
  }
  void flow(std::string_view k, const List<Text> &l) {
    if (!l.present) return;
    put_flow(key(k), l);
    w.out += '\n';
  }
  void done() {
    if (!first) return;
    w.out.append(static_cast<std::size_t>(indent), ' ');
    w.out += "- {}\n";
  }
};

void write_item(Writer &w, const Item &it) {
  EntryWriter e{w, 2};
  e.code("code", it.code);
  e.text("name", it.name);
  e.text("sub_name", it.sub_name);
  e.text("type", it.type);
  auto block = [&](std::string_view key) {
    w.out += e.first ? "  - " : "    ";
    w.out += key;
    w.out += ":\n";
    e.first = false;
  };
  // a list of mappings: `key: []` when empty, else one entry each, written by `entry`
  auto entries = [&](std::string_view key, const auto &list, auto entry) {
    if (!list.present) return;
    if (list.empty()) {
      e.line(key, "[]");
      return;
    }
    block(key);
    for (const auto &x : list.items) {
      EntryWriter ew{w, 6};
      entry(ew, x);
      ew.done();
    }
  };
  entries("legal_basis", it.legal_basis, [](EntryWriter &be, const LegalBasis &b) {
    be.text("law", b.law);
    be.text("article", b.article);
  });
  entries("materials", it.materials, [](EntryWriter &me, const Material &m) {
    me.text("name", m.name);
    me.text("type", m.type);
    me.text("form", m.form);
    me.integer("copies", m.copies);
    me.text("necessity", m.necessity);
    me.text("source", m.source);
    me.text("issuer", m.issuer);
  });
  e.flow("process", it.process);
  if (it.fee.present) {
    block("fee");
    w.boolean(6, "charged", it.fee.charged);
    w.text(6, "standard", it.fee.standard);
    w.text(6, "basis", it.fee.basis);
  }
  if (it.time_limit.present) {
    block("time_limit");
    w.integer(6, "legal", it.time_limit.legal);
    w.integer(6, "promised", it.time_limit.promised);
    w.text(6, "unit", it.time_limit.unit);
  }
  entries("forms", it.forms, [](EntryWriter &fe, const Form &f) {
    fe.text("name", f.name);
    fe.flow("fields", f.fields);
  });
  e.text("agency", it.agency);
  e.code("agency_code", it.agency_code);
  e.code("implementation_code", it.implementation_code);
  e.flow("levels", it.levels);
  e.integer("visits", it.visits);
  e.text("visits_reason", it.visits_reason);
  e.flow("channels", it.channels);
  if (it.proxy.present) e.line("proxy", it.proxy.value ? "true" : "false");
  e.flow("outputs", it.outputs);
  e.text("local_basis", it.local_basis);
  e.done();
}

} // namespace

std::string detail::source_comment(const ItemSource &s) {
  if (s.sheet.empty()) return fmt::format("# 来源: {} 第 {} 行", comment_text(s.file), s.row);
  return fmt::format("# 来源: {} 工作表「{}」第 {} 行", comment_text(s.file), comment_text(s.sheet), s.row);
}

std::string catalog_yaml(const Catalog &c, const std::vector<ItemSource> *sources) {
  Writer w;
  if (sources != nullptr) w.out = "# 由 shitong import 从表格生成；每个事项前的“来源”注释是它在表格中的位置\n";
  w.text(0, "kind", c.kind);
  w.integer(0, "version", c.version);
  if (c.region.present) {
    w.out += "region:\n";
    w.text(2, "code", c.region.code, true);
    w.text(2, "name", c.region.name);
    w.text(2, "level", c.region.level);
  }
  w.text(0, "parent", c.parent, true);
  w.text(0, "published", c.published);
  w.text(0, "publisher", c.publisher);
  if (c.items.empty()) {
    w.out += "items: []\n";
    return w.out;
  }
  w.out += "items:\n";
  // about 2.3 KiB an item in a county's catalog: reserved once, not copied at each doubling
  // (pages beyond what is written are never touched)
  w.out.reserve(w.out.size() + c.items.items.size() * 3072);
  // the source comment up to its row number, made once for each file and sheet (source_comment)
  const ItemSource *last = nullptr;
  std::string head;
  for (std::size_t i = 0; i < c.items.items.size(); ++i) {
    if (sources != nullptr && i < sources->size() && (*sources)[i].row != 0) {
      const ItemSource &s = (*sources)[i];
      if (last == nullptr || s.file != last->file || s.sheet != last->sheet) {
        head = s.sheet.empty()
                   ? fmt::format("  # 来源: {} 第 ", comment_text(s.file))
                   : fmt::format("  # 来源: {} 工作表「{}」第 ", comment_text(s.file), comment_text(s.sheet));
        last = &s;
      }
      w.out += head;
      put_int(w.out, s.row);
      w.out += " 行\n";
    }
    write_item(w, c.items.items[i]);
  }
  return w.out;
}

bool detail::parse_source_comment(std::string_view line, ItemSource &out) {
  std::size_t at = line.find("# 来源: ");
  if (at == std::string_view::npos) return false;
  std::string_view s = line.substr(at + std::string_view("# 来源: ").size());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  if (!s.ends_with(" 行")) return false;
  s.remove_suffix(std::string_view(" 行").size());
  std::size_t di = s.rfind("第 ");
  if (di == std::string_view::npos) return false;
  std::string_view digits = s.substr(di + std::string_view("第 ").size());
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  out.row = static_cast<std::uint32_t>(std::stoul(std::string(digits)));
  s = s.substr(0, di);
  if (s.ends_with(" ")) s.remove_suffix(1);
  std::size_t si = s.rfind(" 工作表「");
  if (si != std::string_view::npos && s.ends_with("」")) {
    std::size_t open = si + std::string_view(" 工作表「").size();
    out.sheet = std::string(s.substr(open, s.size() - open - std::string_view("」").size()));
    s = s.substr(0, si);
  } else {
    out.sheet.clear();
  }
  out.file = std::string(s);
  return !out.file.empty();
}

void attach_import_sources(std::vector<Finding> &findings) {
  std::map<std::string, std::vector<Finding *>> by_file;
  for (auto &f : findings)
    if (f.location.line > 0 && f.path.starts_with("items[")) by_file[f.location.file].push_back(&f);
  for (auto &[file, list] : by_file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    // an imported file has a source comment within its first lines (before the first item):
    // other files are not read further
    std::string text(16 << 10, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.find("# 来源: ") == std::string::npos) continue;
    std::stringstream buf;
    buf << in.rdbuf();
    text += buf.str();
    // item starts ("  - " under a top-level items:) with the source comment on the line above
    std::vector<std::pair<std::uint32_t, ItemSource>> starts;
    std::string_view t = text, previous;
    std::uint32_t line_no = 0;
    bool in_items = false;
    while (!t.empty()) {
      std::size_t nl = t.find('\n');
      std::string_view line = t.substr(0, nl);
      t = nl == std::string_view::npos ? std::string_view() : t.substr(nl + 1);
      ++line_no;
      if (!line.empty() && line[0] != ' ' && line[0] != '#') in_items = line.starts_with("items:");
      if (in_items && line.starts_with("  - ")) {
        ItemSource src;
        if (!previous.starts_with("  #") || !detail::parse_source_comment(previous, src)) src = {};
        starts.emplace_back(line_no, std::move(src));
      }
      previous = line;
    }
    for (Finding *f : list) {
      auto it = std::upper_bound(starts.begin(), starts.end(), f->location.line,
                                 [](std::uint32_t l, const auto &s) { return l < s.first; });
      if (it == starts.begin()) continue;
      f->source = std::prev(it)->second;
    }
  }
}

} // namespace shitong
