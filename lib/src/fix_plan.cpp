// Planning fixes (fix.hpp): one planner per fixable rule, chosen from a table. A planner reads
// the finding, the model of its file and the file's bytes, and returns a text edit or the
// reason it leaves the finding for a person. Safe planners use the file alone; the align
// planner copies the upper catalog's field, re-indented to the lower item.
#include <shitong/fix.hpp>

#include <shitong/loader.hpp>
#include <shitong/regions.hpp>
#include <shitong/rules.hpp>

#include "apply_config.hpp"
#include "fix_text.hpp"
#include "reader.hpp"
#include "rules_internal.hpp"
#include "sanitize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace shitong {

namespace {

using detail::Block;
using detail::TextIndex;

/// The bytes of one file as fix reads them, and its index.
struct FileText {
  std::string bytes;
  std::unique_ptr<TextIndex> index;
  bool ok = false;
};

/// One field of one item of one file: findings about it share one align edit.
using AlignKey = std::tuple<std::string, long, int>;

/// What a planner decided: an edit, or why not.
struct Outcome {
  std::optional<TextEdit> edit;
  std::optional<AlignKey> align_key; ///< the field the edit aligns
  std::string why_zh, why_en;
  bool merged = false; ///< the finding was added to an edit planned before
};

Outcome leave(std::string zh, std::string en) {
  Outcome o;
  o.why_zh = std::move(zh);
  o.why_en = std::move(en);
  return o;
}

Outcome make_edit(std::size_t begin, std::size_t end, std::string replacement, std::string note) {
  Outcome o;
  o.edit = TextEdit{begin, end, std::move(replacement), {}, 0, std::move(note)};
  return o;
}

/// items[N] at the start of a field path, or -1.
long item_index(std::string_view path) {
  if (path.rfind("items[", 0) != 0) return -1;
  std::size_t close = path.find(']');
  if (close == std::string_view::npos) return -1;
  try {
    return std::stol(std::string(path.substr(6, close - 6)));
  } catch (...) {
    return -1;
  }
}

/// The N of the first "materials[N]" in a path, or -1.
long material_index(std::string_view path) {
  std::size_t at = path.find("materials[");
  if (at == std::string_view::npos) return -1;
  std::size_t close = path.find(']', at);
  try {
    return std::stol(std::string(path.substr(at + 10, close - at - 10)));
  } catch (...) {
    return -1;
  }
}

/// The item of `cat` whose mapping contains `line` (items are in file order).
const Item *item_at_line(const Catalog &cat, std::uint32_t line) {
  const auto &items = cat.items.items;
  auto it =
      std::upper_bound(items.begin(), items.end(), line, [](std::uint32_t l, const Item &i) { return l < i.pos.line; });
  if (it == items.begin()) return nullptr;
  return &*std::prev(it);
}

template <class T> bool same(const Value<T> &a, const Value<T> &b) {
  return a.present == b.present && (!a.present || a.value == b.value);
}

bool identical(const Material &a, const Material &b) {
  return same(a.name, b.name) && same(a.type, b.type) && same(a.form, b.form) && same(a.copies, b.copies) &&
         same(a.necessity, b.necessity) && same(a.source, b.source) && same(a.issuer, b.issuer);
}

/// The ten field a level rule is about.
std::optional<TenField> level_field(std::string_view rule) {
  static const std::map<std::string_view, TenField> k = {
      {"level-name", TenField::name},
      {"level-sub-name", TenField::sub_name},
      {"level-type", TenField::type},
      {"level-code-mismatch", TenField::code},
      {"level-legal-basis", TenField::legal_basis},
      {"level-materials-added", TenField::materials},
      {"level-materials-removed", TenField::materials},
      {"level-materials-changed", TenField::materials},
      {"level-process", TenField::process},
      {"level-fee", TenField::fee},
      {"level-time-limit-longer", TenField::time_limit},
      {"level-time-limit-shorter", TenField::time_limit},
      {"level-forms", TenField::forms},
  };
  auto f = k.find(rule);
  if (f == k.end()) return std::nullopt;
  return f->second;
}

/// A quoted or plain key/value line must not be rewritten when it is not what we expect.
bool is_plain_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

/// Repairs the full-width syntax of one line, as often as the line has any.
std::optional<std::string> repair_full_width_line(std::string_view original, std::uint32_t line_no) {
  std::string line(original);
  bool changed = false;
  for (int round = 0; round < 16; ++round) {
    auto hint = detail::full_width_in_line(line, line_no);
    if (!hint) break;
    std::size_t at = hint->byte;
    if (hint->kind == detail::FullWidthKind::colon) {
      bool space = at + 3 < line.size() && line[at + 3] == ' ';
      line.replace(at, 3, space ? ":" : ": ");
    } else if (hint->kind == detail::FullWidthKind::indent_space) {
      std::string lead;
      std::size_t i = 0;
      while (i < line.size()) {
        if (line.compare(i, 3, "\u3000") == 0) {
          lead += "  ";
          i += 3;
        } else if (line[i] == ' ' || line[i] == '-') {
          lead += line[i++];
        } else {
          break;
        }
      }
      line = lead + line.substr(i);
    } else {
      bool dbl = line.compare(at, 3, "\u201c") == 0;
      std::string close = dbl ? "\u201d" : "\u2019";
      std::size_t end = line.find(close, at + 3);
      if (end == std::string::npos) break;
      std::string inner = line.substr(at + 3, end - at - 3);
      if (inner.find_first_of("\"\\") != std::string::npos) break;
      line.replace(at, end + 3 - at, "\"" + inner + "\"");
    }
    changed = true;
  }
  if (!changed) return std::nullopt;
  return line;
}

/// Whether the indentation of a line (its leading blanks) holds a tab, and the line has content.
bool tab_indented(std::string_view line) {
  std::size_t lead = line.find_first_not_of(" \t");
  return lead != std::string_view::npos && line[lead] != '#' &&
         line.substr(0, lead).find('\t') != std::string_view::npos;
}

/// The number of spaces the tab-indented line `n` of `text` stands for, when only one works:
/// with the line's leading blanks replaced by that many spaces the text parses up to the end of
/// the next line with content, which must be indented with spaces only (it tells the columns
/// apart). nullopt when no number, or more than one, works (docs/fix.md).
std::optional<std::size_t> repair_tab_indent(const std::string &path, std::string_view text, std::uint32_t n) {
  TextIndex t(text);
  if (n == 0 || n > t.lines()) return std::nullopt;
  auto content = [&](std::uint32_t k) {
    std::string_view l = t.line(k);
    std::size_t lead = l.find_first_not_of(" \t");
    return lead != std::string_view::npos && l[lead] != '#';
  };
  std::uint32_t next = n + 1;
  while (next <= t.lines() && !content(next)) ++next;
  if (next > t.lines() || tab_indented(t.line(next))) return std::nullopt; // nothing to tell the columns apart
  std::uint32_t prev = n - 1;
  while (prev >= 1 && !content(prev)) --prev;
  std::size_t widest = 8; // a key or entry at most this much deeper than the line before it
  if (prev >= 1) {
    std::string_view p = t.line(prev);
    if (tab_indented(p)) return std::nullopt;
    widest += p.find_first_not_of(" -");
  }
  std::string_view line = t.line(n);
  std::string_view rest = line.substr(line.find_first_not_of(" \t"));
  std::string_view before = text.substr(0, t.line_begin(n));
  std::string_view after = text.substr(t.line_begin(n) + line.size(), t.line_end(next) - t.line_begin(n) - line.size());
  std::optional<std::size_t> found;
  for (std::size_t c = 0; c <= widest; ++c) {
    std::string candidate;
    candidate.reserve(before.size() + c + line.size() + after.size());
    candidate.append(before).append(c, ' ').append(rest).append(after);
    LoadedFile probe = load_document(path, candidate);
    if (std::any_of(probe.findings.begin(), probe.findings.end(),
                    [](const Finding &g) { return g.rule == "yaml-syntax"; }))
      continue;
    if (found) return std::nullopt; // two columns parse: ambiguous
    found = c;
  }
  return found;
}

/// A list of plain scalars, as a flow list `key: [a, b]` or a block list of `- a` lines.
struct ScalarList {
  bool flow = false;
  std::size_t item_indent = 0; ///< block: the column of the "- "
  std::vector<std::string> items;
};

bool plain_item(std::string_view s) {
  return !s.empty() && s.find_first_of(",[]{}#\"'&*!|>%@`") == std::string_view::npos && s.front() != '-' &&
         s.find(": ") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// `text` (a `key: value` block, lines separated by '\n') as a list of plain scalars, if it is one.
std::optional<ScalarList> scalar_list(std::string_view text) {
  ScalarList out;
  std::size_t nl = text.find('\n');
  std::string_view first = text.substr(0, nl);
  std::string_view value = trim(first.substr(first.find(':') + 1));
  if (!value.empty() && value.front() == '[') {
    if (nl != std::string_view::npos || value.back() != ']') return std::nullopt;
    out.flow = true;
    std::string_view inner = value.substr(1, value.size() - 2);
    for (std::size_t at = 0; at <= inner.size();) {
      std::size_t comma = inner.find(',', at);
      std::string_view item =
          trim(inner.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
      if (!plain_item(item)) return std::nullopt;
      out.items.emplace_back(item);
      if (comma == std::string_view::npos) break;
      at = comma + 1;
    }
    return out;
  }
  if (!value.empty() && value.front() != '#') return std::nullopt;
  for (std::size_t at = nl; at != std::string_view::npos && at < text.size();) {
    std::size_t next = text.find('\n', at + 1);
    std::string_view line =
        text.substr(at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1);
    at = next;
    std::size_t lead = line.find_first_not_of(' ');
    if (lead == std::string_view::npos || line[lead] == '#') continue; // blank, or a comment (kept apart)
    if (line.compare(lead, 2, "- ") != 0) return std::nullopt;
    out.item_indent = lead;
    std::string_view item = trim(line.substr(lead + 2));
    if (!plain_item(item)) return std::nullopt;
    out.items.emplace_back(item);
  }
  if (out.items.empty()) return std::nullopt;
  return out;
}

/// The upper list `upper` written as the lower list `lower` is (flow or block, its indentation).
std::optional<std::string> in_lower_style(std::string_view key, std::string_view lower, std::string_view upper) {
  auto l = scalar_list(lower), u = scalar_list(upper);
  if (!l || !u || l->flow == u->flow) return std::nullopt;
  std::string out = std::string(key) + ":";
  if (l->flow) {
    out += " [";
    for (std::size_t i = 0; i < u->items.size(); ++i) out += (i ? ", " : "") + u->items[i];
    return out + "]";
  }
  out = std::string(lower.substr(0, lower.find('\n'))); // the key line, with its comment
  for (const auto &item : u->items) out += "\n" + std::string(l->item_indent, ' ') + "- " + item;
  return out;
}

// ---- the lower file's own style: comments and quoting -------------------------------------

/// Where the comment of a line starts ('#' at its start or after a blank, outside quotes), or npos.
std::size_t comment_at(std::string_view line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if ((c == '"' || c == '\'') && (i == 0 || std::string_view(" [{,:-").find(line[i - 1]) != std::string_view::npos))
      quote = c;
    else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
      return i;
  }
  return std::string_view::npos;
}

std::vector<std::string_view> split_text_lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0;;) {
    std::size_t nl = text.find('\n', at);
    out.push_back(text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
    if (nl == std::string_view::npos) return out;
    at = nl + 1;
  }
}

bool comment_line(const TextIndex &t, std::uint32_t n) {
  return t.is_filler(n) && t.indent(n) < t.line(n).size();
}

/// The comment lines of the lines (first, last] of `t`, and the comment of line `first` as a
/// line at `column`, each with its newline: what stays when those lines are removed.
std::string comments_of(const TextIndex &t, std::uint32_t first, std::uint32_t last, std::size_t column) {
  std::string out;
  std::string_view head = t.line(first);
  if (std::size_t c = comment_at(head.substr(column)); c != std::string_view::npos && c > 0)
    out += std::string(column, ' ') + std::string(head.substr(column + c)) + "\n";
  for (std::uint32_t n = first + 1; n <= last; ++n)
    if (comment_line(t, n)) out += std::string(t.line(n)) + "\n";
  return out;
}

/// `text`, the new value of the lower key block `lk` (its first line starting at the key, the
/// others indented as they are written at that place), with the lower block's comments kept:
/// a comment line (or run of them) stays before the line that followed it when the new text has
/// that line, written the same, once (and the lower block had it once), in the same order;
/// other comments go above the key. The key line's own comment stays on the new key line when
/// that line opens a block or is the whole value, else above the key (docs/fix.md).
std::string with_lower_comments(const TextIndex &lt, const Block &lk, std::string_view text) {
  std::vector<std::string_view> fresh = split_text_lines(text);
  std::map<std::string_view, int> in_lower, in_fresh;
  for (std::uint32_t n = lk.first_line + 1; n <= lk.last_line; ++n)
    if (!lt.is_filler(n)) ++in_lower[lt.line(n)];
  for (std::size_t k = 1; k < fresh.size(); ++k) ++in_fresh[fresh[k]];
  // a line `key: value` by its indentation and key ("      promised:"), "" for other lines
  auto key_of = [](std::string_view line) -> std::string_view {
    std::size_t lead = line.find_first_not_of(' ');
    if (lead == std::string_view::npos || line[lead] == '-' || line[lead] == '#') return {};
    std::size_t colon = line.find(':', lead);
    if (colon == std::string_view::npos || (colon + 1 < line.size() && line[colon + 1] != ' ')) return {};
    std::string_view key = line.substr(lead, colon - lead);
    if (key.empty() || key.find_first_of(" \"'[]{}#,") != std::string_view::npos) return {};
    return line.substr(0, colon + 1);
  };
  std::map<std::string_view, int> keys_lower, keys_fresh;
  for (std::uint32_t n = lk.first_line + 1; n <= lk.last_line; ++n)
    if (!lt.is_filler(n)) ++keys_lower[key_of(lt.line(n))];
  for (std::size_t k = 1; k < fresh.size(); ++k) ++keys_fresh[key_of(fresh[k])];
  std::vector<std::string> above;
  std::map<std::size_t, std::string> trailing_at;              // index in fresh -> a comment kept at its end
  std::map<std::size_t, std::vector<std::string_view>> before; // index in fresh -> comment lines
  std::size_t placed = 0;
  std::vector<std::string_view> run;
  for (std::uint32_t n = lk.first_line + 1; n <= lk.last_line; ++n) {
    if (comment_line(lt, n)) {
      run.push_back(lt.line(n));
      continue;
    }
    if (lt.is_filler(n)) continue;
    std::string_view anchor = lt.line(n);
    if (std::size_t c = comment_at(anchor); c != std::string_view::npos && c > 0 && in_fresh[anchor] == 0) {
      // the line goes: its comment moves to the new line of the same key when that is one
      // line with nothing after it, else above
      std::size_t same = 0;
      if (std::string_view key = key_of(anchor); !key.empty() && keys_lower[key] == 1 && keys_fresh[key] == 1)
        for (std::size_t k = 1; k < fresh.size(); ++k)
          if (key_of(fresh[k]) == key) same = k;
      std::size_t indent = same ? fresh[same].find_first_not_of(' ') : 0;
      bool one_line = same && trim(fresh[same].substr(key_of(fresh[same]).size())).size() > 0 &&
                      comment_at(fresh[same]) == std::string_view::npos &&
                      (same + 1 == fresh.size() || fresh[same + 1].find_first_not_of(' ') <= indent);
      if (one_line && !trailing_at.count(same)) {
        std::size_t gap = anchor.find_last_not_of(" \t", c - 1) + 1;
        trailing_at[same] = std::string(anchor.substr(gap));
      } else {
        above.emplace_back(anchor.substr(c));
      }
    }
    if (run.empty()) continue;
    std::size_t at = 0;
    if (in_lower[anchor] == 1 && in_fresh[anchor] == 1)
      for (std::size_t k = placed + 1; k < fresh.size(); ++k)
        if (fresh[k] == anchor) at = k;
    if (at == 0 && !key_of(anchor).empty() && keys_lower[key_of(anchor)] == 1 && keys_fresh[key_of(anchor)] == 1)
      for (std::size_t k = placed + 1; k < fresh.size(); ++k) // the same key, another value
        if (key_of(fresh[k]) == key_of(anchor)) at = k;
    if (at > placed) {
      auto &slot = before[at];
      slot.insert(slot.end(), run.begin(), run.end());
      placed = at;
    } else {
      for (auto c : run) above.emplace_back(c.substr(c.find('#')));
    }
    run.clear();
  }
  std::string head(fresh[0]);
  std::string_view lower_head = lt.line(lk.first_line).substr(lk.column);
  if (std::size_t lc = comment_at(lower_head); lc != std::string_view::npos && lc > 0) {
    std::string_view comment = lower_head.substr(lc);
    std::size_t nc = comment_at(head);
    std::string_view key_only = trim(std::string_view(head));
    bool opens_block = !key_only.empty() && key_only.back() == ':' && key_only.find(": ") == std::string_view::npos;
    if (nc != std::string::npos && std::string_view(head).substr(nc) == comment) {
      // the same comment
    } else if (nc == std::string::npos && (fresh.size() == 1 || opens_block)) {
      std::size_t gap = lower_head.find_last_not_of(" \t", lc - 1) + 1;
      while (!head.empty() && head.back() == ' ') head.pop_back();
      head += std::string(lower_head.substr(gap, lc - gap)) + std::string(comment);
    } else {
      above.insert(above.begin(), std::string(comment));
    }
  }
  std::string out;
  // after "- " the key's line cannot take a comment line above it: then below the value
  bool opens_entry = lt.line(lk.first_line).substr(0, lk.column).find('-') != std::string_view::npos;
  if (!opens_entry)
    for (const auto &c : above) out += c + "\n" + std::string(lk.column, ' ');
  out += head;
  for (std::size_t k = 1; k < fresh.size(); ++k) {
    out += '\n';
    if (auto b = before.find(k); b != before.end())
      for (auto c : b->second) out += std::string(c) + "\n";
    out += fresh[k];
    if (auto tc = trailing_at.find(k); tc != trailing_at.end()) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += tc->second;
    }
  }
  if (opens_entry)
    for (const auto &c : above) out += "\n" + std::string(lk.column, ' ') + c;
  return out;
}

/// A plain scalar with this text reads as a string (not a number, boolean or null), by a
/// conservative test.
bool plain_is_string(std::string_view v) {
  if (v.empty() || std::string_view("0123456789+-.~").find(v.front()) != std::string_view::npos) return false;
  std::string lower(v);
  for (char &c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  static const std::set<std::string> k_words = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"};
  return k_words.count(lower) == 0;
}

/// The value may be written plain, anywhere (a block or a flow context), and reads back the same.
bool safe_plain(std::string_view v) {
  if (!plain_is_string(v) || v.front() == ' ' || v.back() == ' ') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(v.front()) != std::string_view::npos) return false;
  for (unsigned char c : v)
    if (c < 0x20 || c == 0x7f || std::string_view(":#,[]{}\"'").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

/// `v` quoted with `q`, or nullopt when that quote cannot hold it on one line.
std::optional<std::string> quoted_as(std::string_view v, char q) {
  for (unsigned char c : v)
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  std::string out(1, q);
  for (char c : v) {
    if (q == '\'' && c == '\'') out += '\'';
    if (q == '"' && (c == '"' || c == '\\')) out += '\\';
    out += c;
  }
  return out + q;
}

/// How a catalog writes its string values (from its first 64 KiB): whether strings that need no
/// quotes are written plain or quoted, and which quote it uses. 0: no preference seen.
struct QuoteStyle {
  char choice = 0; ///< 'p' plain, 'q' quoted
  char quote = 0;  ///< '"' or '\''
};

QuoteStyle quote_style_of(std::string_view text) {
  std::string_view head = text.substr(0, std::min<std::size_t>(text.size(), 64 * 1024));
  if (head.size() < text.size()) head = head.substr(0, head.rfind('\n') + 1);
  std::size_t plain = 0, quoted = 0, single = 0, dbl = 0;
  for (const auto &t : detail::scalar_tokens(head).tokens) {
    if (t.key || t.begin.line != t.end.line || t.style == detail::ScalarStyle::block) continue;
    if (t.style == detail::ScalarStyle::single_quoted) ++single;
    if (t.style == detail::ScalarStyle::double_quoted) ++dbl;
    if (safe_plain(t.value)) ++(t.style == detail::ScalarStyle::plain ? plain : quoted);
  }
  QuoteStyle s;
  s.choice = plain > quoted ? 'p' : quoted > plain ? 'q' : 0;
  s.quote = single > dbl ? '\'' : dbl > single ? '"' : 0;
  return s;
}

/// `text` (lines of YAML; its first line at byte column `column`, the others indented as at that
/// place) with its string values written in the quoting `style`, when that reads back the same:
/// the same structure, keys and values, a value written plain only where it reads as a string.
/// Keys, block scalars and values over several lines stay as they are. nullopt: no change.
std::optional<std::string> in_quote_style(std::string_view text, std::size_t column, const QuoteStyle &style) {
  if (!style.choice && !style.quote) return std::nullopt;
  std::string snippet = std::string(column, ' ') + std::string(text);
  auto toks = detail::scalar_tokens(snippet);
  if (!toks.complete) return std::nullopt;
  TextIndex si(snippet);
  std::vector<TextEdit> edits;
  for (const auto &t : toks.tokens) {
    if (t.key || t.begin.line != t.end.line || t.style == detail::ScalarStyle::block) continue;
    auto b = si.offset(t.begin), e = si.offset(t.end);
    if (!b || !e || *e <= *b) continue;
    std::optional<std::string> now;
    if (t.style == detail::ScalarStyle::plain) {
      if (style.choice == 'q' && plain_is_string(t.value)) now = quoted_as(t.value, style.quote ? style.quote : '"');
    } else {
      char q = t.style == detail::ScalarStyle::single_quoted ? '\'' : '"';
      if (style.choice == 'p' && safe_plain(t.value))
        now = t.value;
      else if (style.quote && style.quote != q)
        now = quoted_as(t.value, style.quote);
    }
    if (now && *now != snippet.substr(*b, *e - *b)) edits.push_back(TextEdit{*b, *e, std::move(*now), {}, 0, {}});
  }
  if (edits.empty()) return std::nullopt;
  std::vector<TextEdit> dropped;
  std::string out = apply_edits(snippet, edits, dropped);
  auto back = detail::scalar_tokens(out);
  if (!dropped.empty() || !back.complete || back.shape != toks.shape || back.tokens.size() != toks.tokens.size())
    return std::nullopt;
  for (std::size_t i = 0; i < toks.tokens.size(); ++i) {
    const auto &a = toks.tokens[i], &b = back.tokens[i];
    bool was_plain = a.style == detail::ScalarStyle::plain, is_plain = b.style == detail::ScalarStyle::plain;
    if (a.value != b.value || a.key != b.key || (was_plain != is_plain && !plain_is_string(a.value)))
      return std::nullopt;
  }
  if (out.compare(0, column, std::string(column, ' ')) != 0) return std::nullopt;
  return out.substr(column);
}

/// The ten fields of `upper` (an item of the catalog whose text is `ut`) as a new sequence
/// entry of items whose keys are at `column`: "- code: ...", the other keys below it.
std::optional<std::string> ten_fields_entry(const TextIndex &ut, const Item &upper, std::size_t column) {
  auto ub = detail::mapping_block(ut, upper.pos);
  if (!ub || column < 2) return std::nullopt;
  std::string item;
  static constexpr TenField k_order[] = {TenField::code,        TenField::name,      TenField::sub_name, TenField::type,
                                         TenField::legal_basis, TenField::materials, TenField::process,  TenField::fee,
                                         TenField::time_limit,  TenField::forms}; // the format's key order, code first
  for (TenField field : k_order) {
    auto kb = detail::key_block(ut, *ub, ten_field_key(field));
    if (!kb) continue;
    auto text = detail::reindent(ut, *kb, column);
    if (!text) return std::nullopt;
    item += item.empty() ? std::string(column - 2, ' ') + "- " : "\n" + std::string(column, ' ');
    item += *text;
  }
  return item;
}

class Planner {
public:
  Planner(const ValidateResult &run, const FixOptions &options, FixPlan &plan)
      : m_run(run), m_options(options), m_plan(plan) {
    for (std::size_t i = 0; i < run.files.size(); ++i) m_files[run.files[i].path] = i;
  }

  void plan_all() {
    std::map<std::string, std::vector<const Finding *>> by_file;
    for (const Finding &f : m_run.findings) by_file[f.location.file].push_back(&f);
    // parents first, so that a catalog is aligned with what its upper catalog becomes
    std::vector<std::pair<std::size_t, const LoadedFile *>> order;
    for (const auto &f : m_run.files) order.emplace_back(f.kind == DocKind::catalog ? chain_of(f).size() : 0, &f);
    std::stable_sort(order.begin(), order.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (auto &[path, findings] : by_file)
      if (!loaded(path)) plan_findings(findings); // e.g. .shitong.yaml
    for (const auto &[depth, file] : order) {
      if (auto f = by_file.find(file->path); f != by_file.end()) plan_findings(f->second);
      if (depth > 0) plan_cascade(*file);
    }
    finish();
  }

private:
  void plan_findings(const std::vector<const Finding *> &findings) {
    bool syntax_done = false;
    for (const Finding *fp : findings) {
      const Finding &f = *fp;
      const RuleInfo *rule = find_rule(f.rule);
      if (!rule || rule->fixable == Fixable::no) {
        ++m_plan.manual;
        continue;
      }
      if (!wanted_item(f)) continue;
      if (f.rule == "yaml-syntax") {
        if (!syntax_done) plan_full_width(f);
        syntax_done = true;
        continue;
      }
      Outcome o = plan_one(f, *rule);
      record(f, std::move(o));
    }
  }

  // ---- the hierarchy and the catalogs as the fixes leave them ----------------------------

  /// The catalogs above `f` among the inputs, nearest first (its parent, then the ancestors of its region).
  std::vector<const LoadedFile *> chain_of(const LoadedFile &f) {
    if (m_by_region.empty())
      for (const auto &g : m_run.files)
        if (g.kind == DocKind::catalog && g.catalog.region.code.present)
          m_by_region.emplace(g.catalog.region.code.value, &g);
    std::vector<std::string> codes;
    if (f.catalog.parent.present) codes.push_back(f.catalog.parent.value);
    for (auto &c : ancestor_codes(f.catalog.region.code.value))
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    std::vector<const LoadedFile *> out;
    for (const auto &c : codes)
      if (auto r = m_by_region.find(c); r != m_by_region.end() && r->second != &f) out.push_back(r->second);
    return out;
  }

  bool has_edits(const std::string &path) const {
    auto e = m_edits.find(path);
    return e != m_edits.end() && !e->second.empty();
  }

  /// A file as its planned edits leave it: its text and its model.
  struct Fixed {
    std::size_t edits = 0;
    std::string text;
    std::unique_ptr<TextIndex> index;
    LoadedFile model;
  };

  const Fixed &fixed_view(const std::string &path) {
    auto &slot = m_fixed[path];
    std::size_t n = m_edits[path].size();
    if (!slot || slot->edits != n) {
      if (slot) m_code_index.erase(&slot->model.catalog); // its address may come back
      slot = std::make_unique<Fixed>();
      slot->edits = n;
      std::vector<TextEdit> copy = m_edits[path], dropped;
      slot->text = apply_edits(text_of(path).bytes, copy, dropped);
      slot->index = std::make_unique<TextIndex>(slot->text);
      slot->model = load_document(path, slot->text);
    }
    return *slot;
  }

  /// The one item with `code` in `cat`, or nullptr (none, or several); by an index built once
  /// per catalog.
  const Item *unique_item(const Catalog &cat, const std::string &code) {
    auto &index = m_code_index[&cat];
    if (index.empty())
      for (std::size_t i = 0; i < cat.items.size(); ++i) {
        const Text &c = cat.items.items[i].code;
        if (!c.present) continue;
        auto [it, fresh] = index.emplace(c.value, static_cast<long>(i));
        if (!fresh) it->second = -1; // several items with this code
      }
    auto f = index.find(code);
    return f == index.end() || f->second < 0 ? nullptr : &cat.items.items[static_cast<std::size_t>(f->second)];
  }

  /// Items of `lower` equal to an upper value that a fix changes: compared again with the upper
  /// catalog as fixed, the differences not accepted in the configuration are aligned too.
  void plan_cascade(const LoadedFile &lower) {
    if (!m_options.align || lower.kind != DocKind::catalog) return;
    auto chain = chain_of(lower);
    if (std::none_of(chain.begin(), chain.end(), [&](const LoadedFile *c) { return has_edits(c->path); })) return;
    const auto &items = lower.catalog.items.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Item &it = items[i];
      if (!it.code.present) continue;
      if (!m_options.items.empty() &&
          std::find(m_options.items.begin(), m_options.items.end(), it.code.value) == m_options.items.end())
        continue;
      const LoadedFile *ref = nullptr;
      for (const LoadedFile *c : chain)
        if (unique_item(c->catalog, it.code.value)) {
          ref = c;
          break;
        }
      if (!ref || !has_edits(ref->path)) continue;
      const Fixed &view = fixed_view(ref->path);
      const Item *upper = unique_item(view.model.catalog, it.code.value);
      if (!upper) continue;
      for (const FieldDiff &d : compare_items(it, *upper)) {
        AlignKey key{lower.path, static_cast<long>(i), static_cast<int>(d.field)};
        if (d.field == TenField::code || m_aligned.count(key) || !wanted_field(d.field)) continue;
        if (!still_reported(lower, it, i, d)) continue;
        Outcome o = align_field(lower.path, it, *view.index, *upper, d.field);
        if (!o.edit) continue;
        o.edit->rules.push_back(d.rule);
        o.edit->line = d.pos.line;
        o.edit->note = fmt::format("{}改为上级修复后的值", ten_field_zh(d.field));
        auto &edits = m_edits[lower.path];
        m_aligned[key] = edits.size();
        edits.push_back(std::move(*o.edit));
      }
    }
  }

  bool wanted_field(TenField f) const {
    return m_options.fields.empty() ||
           std::find(m_options.fields.begin(), m_options.fields.end(), f) != m_options.fields.end();
  }

  /// Whether a difference found after an upper fix is a finding under the configuration.
  bool still_reported(const LoadedFile &lower, const Item &it, std::size_t i, const FieldDiff &d) const {
    if (!m_options.config) return true;
    std::vector<Finding> one;
    detail::emit(one, detail::RuleId::of(d.rule), Location{lower.path, d.pos.line, d.pos.column, {}, false},
                 {lower.catalog.region.code.value, it.code.value, fmt::format("items[{}].{}", i, d.path)}, d.message_zh,
                 d.message_en);
    apply_config(one, *m_options.config, {InlineIgnores{lower.path, lower.ignores}});
    return std::any_of(one.begin(), one.end(), [&](const Finding &f) { return f.rule == d.rule; });
  }

private:
  bool wanted_item(const Finding &f) const {
    return m_options.items.empty() ||
           std::find(m_options.items.begin(), m_options.items.end(), f.item) != m_options.items.end();
  }

  Outcome plan_one(const Finding &f, const RuleInfo &rule) {
    if (rule.fixable == Fixable::align && !m_options.align)
      return leave("需要 --align 才会改为上级目录的值", "needs --align to take the upper catalog's value");
    if (rule.fixable == Fixable::unsafe && !m_options.unsafe) return leave("需要 --unsafe", "needs --unsafe");
    if (rule.family == RuleFamily::level) return plan_align(f);
    if (f.rule == "agency-code-case") return plan_code_case(f);
    if (f.rule == "wrong-type") return plan_unquoted_code(f);
    if (f.rule == "unknown-key") return plan_key_spelling(f);
    if (f.rule == "material-duplicate") return plan_duplicate_material(f);
    if (f.rule == "cert-cancelled" || f.rule == "cert-odd" || f.rule == "cert-shareable") return plan_remove_proof(f);
    return leave("没有适用的修复方法", "no fix applies");
  }

  void record(const Finding &f, Outcome o) {
    if (o.merged) return;
    if (!o.edit) {
      m_plan.left.push_back({f.location.file, f.location.line, f.rule, f.item, o.why_zh, o.why_en});
      return;
    }
    o.edit->rules.push_back(f.rule);
    o.edit->line = f.location.line;
    auto &edits = m_edits[f.location.file];
    if (o.align_key) m_aligned[*o.align_key] = edits.size();
    edits.push_back(std::move(*o.edit));
  }

  // ---- reading files ------------------------------------------------------------------

  FileText &text_of(const std::string &path) {
    auto &slot = m_texts[path];
    if (!slot) {
      slot = std::make_unique<FileText>();
      if (m_options.texts)
        if (auto t = m_options.texts->find(path); t != m_options.texts->end()) {
          slot->ok = true;
          slot->bytes = t->second;
          slot->index = std::make_unique<TextIndex>(slot->bytes);
          return *slot;
        }
      std::ifstream in(path, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      slot->ok = static_cast<bool>(in) || in.eof();
      slot->bytes = ss.str();
      slot->index = std::make_unique<TextIndex>(slot->bytes);
    }
    return *slot;
  }

  const LoadedFile *loaded(const std::string &path) const {
    auto f = m_files.find(path);
    return f == m_files.end() ? nullptr : &m_run.files[f->second];
  }

  /// The item a finding is about, in its file's model.
  const Item *item_of(const Finding &f) const {
    const LoadedFile *lf = loaded(f.location.file);
    long i = item_index(f.path);
    if (!lf || lf->kind != DocKind::catalog || i < 0 || static_cast<std::size_t>(i) >= lf->catalog.items.size())
      return nullptr;
    return &lf->catalog.items.items[static_cast<std::size_t>(i)];
  }

  std::optional<std::size_t> offset_of(const Finding &f) {
    FileText &t = text_of(f.location.file);
    if (!t.ok) return std::nullopt;
    return t.index->offset(Pos{f.location.line, f.location.column});
  }

  // ---- safe planners -----------------------------------------------------------------

  Outcome plan_code_case(const Finding &f) {
    auto at = offset_of(f);
    if (!at) return leave("找不到代码的位置", "cannot locate the code");
    const TextIndex &t = *text_of(f.location.file).index;
    auto span = detail::scalar_span(t, *at);
    if (!span) return leave("代码不是单行的文本", "the code is not a one-line scalar");
    std::string code(t.text().substr(span->begin, span->end - span->begin));
    std::string upper = code;
    for (char &c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return make_edit(span->begin, span->end, upper, fmt::format("{} → {}", code, upper));
  }

  Outcome plan_unquoted_code(const Finding &f) {
    if (f.suggestion.empty()) return leave("只修复未加引号的数字编码", "only unquoted numeric codes are fixed");
    auto at = offset_of(f);
    if (!at) return leave("找不到值的位置", "cannot locate the value");
    const TextIndex &t = *text_of(f.location.file).index;
    auto span = detail::scalar_span(t, *at);
    if (!span) return leave("值不是单行的文本", "the value is not a one-line scalar");
    std::string_view value = t.text().substr(span->begin, span->end - span->begin);
    if (!is_plain_digits(value)) return leave("值不是未加引号的数字", "the value is not an unquoted number");
    return make_edit(span->begin, span->end, f.suggestion, fmt::format("{} → {}", value, f.suggestion));
  }

  Outcome plan_key_spelling(const Finding &f) {
    if (f.suggestion.empty())
      return leave("没有唯一的近似键名，不知道应改成什么", "no single close key: the right key is not known");
    auto at = offset_of(f);
    if (!at) return leave("找不到键的位置", "cannot locate the key");
    const TextIndex &t = *text_of(f.location.file).index;
    std::string_view rest = t.text().substr(*at, t.line_end(t.line_of(*at)) - *at);
    std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return leave("键不是单行的普通键", "the key is not a plain key");
    std::string_view key = rest.substr(0, colon);
    if (key.find_first_of("\"'{[ ") != std::string_view::npos)
      return leave("键不是单行的普通键", "the key is not a plain key");
    auto mapping = detail::enclosing_mapping(t, *at);
    if (mapping) {
      auto keys = detail::mapping_keys(t, *mapping);
      if (std::find(keys.begin(), keys.end(), f.suggestion) != keys.end())
        return leave(fmt::format("映射中已有键「{}」，改名会造成重复键", f.suggestion),
                     fmt::format("the mapping already has '{}': renaming would duplicate it", f.suggestion));
    }
    return make_edit(*at, *at + key.size(), f.suggestion, fmt::format("{} → {}", key, f.suggestion));
  }

  /// The lines of material `m` of `item`, when it is an entry of a block list.
  std::optional<detail::Span> material_lines(const TextIndex &t, const Material &m, std::size_t &dash_column) {
    auto entry = detail::mapping_block(t, m.pos);
    if (!entry) return std::nullopt;
    std::string_view head = t.line(entry->first_line).substr(0, entry->column);
    std::size_t lead = head.find_first_not_of(' ');
    if (lead == std::string_view::npos || head.substr(lead) != "- ") return std::nullopt;
    dash_column = lead;
    return detail::Span{t.line_begin(entry->first_line), std::min(t.text().size(), t.line_end(entry->last_line) + 1)};
  }

  Outcome plan_remove_proof(const Finding &f) {
    const Item *item = item_of(f);
    long j = material_index(f.path);
    if (!item || j < 0 || static_cast<std::size_t>(j) >= item->materials.size())
      return leave("找不到这项材料", "cannot locate the material");
    const Material &mat = item->materials.items[static_cast<std::size_t>(j)];
    const TextIndex &t = *text_of(f.location.file).index;
    std::size_t dash = 0;
    auto lines = material_lines(t, mat, dash);
    if (!lines) return leave("材料不是块式列表的一项", "the material is not an entry of a block list");
    bool cancelled = f.rule == "cert-cancelled";
    // the name and the reason are values (a "\n" or "\e" escape of a quoted scalar): in a comment
    // their control characters are written as visible escapes, or a line feed would end the
    // comment and make the rest YAML, an ESC make the file unreadable
    std::string comment = fmt::format("{}# shitong fix --unsafe：删除了{}「{}」（{}：{}）\n", std::string(dash, ' '),
                                      cancelled ? "已取消的证明" : "奇葩证明", detail::terminal_text(mat.name.value),
                                      cancelled ? "改为" : "理由", detail::terminal_text(f.suggestion));
    if (f.rule == "cert-shareable") {
      if (f.related.empty()) return leave("找不到核发它的事项", "the issuing item is not known");
      comment = fmt::format("{}# shitong fix --unsafe：删除了应数据共享的「{}」（改为：数据共享；核发它的是 {}）\n",
                            std::string(dash, ' '), detail::terminal_text(mat.name.value),
                            detail::terminal_text(f.related.front().label));
    }
    return make_edit(lines->begin, lines->end, kept_comments(t, *lines, dash) + comment,
                     fmt::format("删除「{}」", mat.name.value));
  }

  Outcome plan_duplicate_material(const Finding &f) {
    const Item *item = item_of(f);
    long j = material_index(f.path);
    if (!item || j < 0 || static_cast<std::size_t>(j) >= item->materials.size() || f.related.empty())
      return leave("找不到重复的材料", "cannot locate the duplicate material");
    const Material &dup = item->materials.items[static_cast<std::size_t>(j)];
    const Material *first = nullptr;
    for (const Material &m : item->materials.items)
      if (m.name.pos.line == f.related.front().line && m.name.pos.column == f.related.front().column) first = &m;
    if (!first || !identical(*first, dup))
      return leave("两份材料的属性不完全相同，请人工决定保留哪一份",
                   "the two materials differ in some attribute: a person decides which to keep");
    const TextIndex &t = *text_of(f.location.file).index;
    std::size_t dash = 0;
    auto lines = material_lines(t, dup, dash);
    if (!lines) return leave("材料不是块式列表的一项", "the material is not an entry of a block list");
    return make_edit(lines->begin, lines->end, kept_comments(t, *lines, dash),
                     fmt::format("删除重复的「{}」", dup.name.value));
  }

  /// The comments of the lines of a list entry that is removed (its first line's comment as a
  /// line at the dash), to stay in its place.
  static std::string kept_comments(const TextIndex &t, detail::Span lines, std::size_t dash) {
    std::uint32_t first = t.line_of(lines.begin), last = t.line_of(lines.end - 1);
    return comments_of(t, first, last, dash);
  }

  void plan_full_width(const Finding &f) {
    FileText &ft = text_of(f.location.file);
    if (!ft.ok) return;
    const TextIndex &t = *ft.index;
    std::vector<TextEdit> edits;
    std::set<std::uint32_t> done;
    std::string current = ft.bytes;
    std::string last_message;
    bool tab_left = false;
    for (int round = 0; round < 256; ++round) {
      LoadedFile probe = load_document(f.location.file, current);
      const Finding *syntax = nullptr;
      for (const auto &g : probe.findings)
        if (g.rule == "yaml-syntax") syntax = &g;
      if (!syntax) {
        last_message.clear();
        break;
      }
      last_message = syntax->message_zh;
      bool repaired = false;
      tab_left = false;
      for (std::uint32_t n = syntax->location.line; n + 3 > syntax->location.line && n >= 1 && !repaired; --n) {
        if (done.count(n) || n > t.lines()) continue;
        std::size_t b = t.line_begin(n);
        if (auto fixed = repair_full_width_line(t.line(n), n)) {
          edits.push_back(TextEdit{b, b + t.line(n).size(), *fixed, {"yaml-syntax"}, n, "全角符号改为半角"});
          done.insert(n);
          repaired = true;
        } else if (tab_indented(t.line(n))) {
          if (auto spaces = repair_tab_indent(f.location.file, current, n)) {
            std::string_view line = t.line(n);
            std::string spaced = std::string(*spaces, ' ') + std::string(line.substr(line.find_first_not_of(" \t")));
            edits.push_back(TextEdit{
                b, b + line.size(), spaced, {"yaml-syntax"}, n, fmt::format("制表符缩进改为 {} 个空格", *spaces)});
            done.insert(n);
            repaired = true;
          } else {
            tab_left = true;
          }
        }
      }
      if (!repaired) break;
      std::vector<TextEdit> copy = edits, dropped;
      current = apply_edits(ft.bytes, copy, dropped);
    }
    if (!last_message.empty() && tab_left)
      m_plan.left.push_back({f.location.file, f.location.line, f.rule, f.item,
                             "缩进中的制表符（Tab）应换成几个空格无法从上下文确定，请人工改正：" + last_message,
                             "the tab in the indentation: how many spaces it stands for is not certain from the "
                             "lines around it"});
    else if (!last_message.empty())
      m_plan.left.push_back({f.location.file, f.location.line, f.rule, f.item,
                             "还有不是全角符号或制表符缩进造成的语法错误：" + last_message,
                             "a syntax error remains that full-width characters or tab indentation do not explain"});
    if (!edits.empty()) { // the file's other findings appear once it parses
      m_plan.again = true;
      m_plan.again_files.insert(f.location.file);
    }
    for (auto &e : edits) m_edits[f.location.file].push_back(std::move(e));
  }

  // ---- alignment with the upper catalog ------------------------------------------------

  Outcome plan_align(const Finding &f) {
    auto field = level_field(f.rule);
    if (f.rule == "level-missing-item") return plan_missing_item(f);
    if (!field)
      return leave("事项不在上级目录中，没有可对齐的值", "the item is outside the upper catalogs: nothing to align");
    if (!wanted_field(*field)) return leave("不在 --field 所列字段中", "not one of the --field fields");
    const Item *lower = item_of(f);
    auto ref = std::find_if(f.related.begin(), f.related.end(), [](const Location &l) { return l.reference; });
    if (!lower || ref == f.related.end()) return leave("找不到上级事项", "the upper item is not known");
    const LoadedFile *up_file = loaded(ref->file);
    if (!up_file || up_file->kind != DocKind::catalog) return leave("上级目录未读入", "the upper catalog was not read");
    const Item *upper = item_at_line(up_file->catalog, ref->line);
    if (!upper) return leave("找不到上级事项", "the upper item is not known");
    if (!unique_item(up_file->catalog, upper->code.value))
      return leave(fmt::format("上级目录中有多个事项编码为 {}，上级的值不唯一", upper->code.value),
                   fmt::format("several items of the upper catalog have code {}: the upper value is ambiguous",
                               upper->code.value));
    AlignKey key{f.location.file, item_index(f.path), static_cast<int>(*field)};
    if (auto seen = m_aligned.find(key); seen != m_aligned.end()) {
      m_edits[f.location.file][seen->second].rules.push_back(f.rule);
      Outcome o;
      o.merged = true;
      return o;
    }
    const TextIndex *ut = text_of(ref->file).index.get();
    if (has_edits(ref->file)) { // the upper item as the fixes of its own catalog leave it
      const Fixed &view = fixed_view(ref->file);
      upper = unique_item(view.model.catalog, upper->code.value);
      if (!upper) return leave("上级事项的修复改变了它的编码", "a fix of the upper item changes its code");
      ut = view.index.get();
    }
    Outcome o = align_field(f.location.file, *lower, *ut, *upper, *field);
    if (o.edit) {
      o.edit->note = fmt::format("{}改为上级的值", ten_field_zh(*field));
      o.align_key = key;
    }
    return o;
  }

  /// level-missing-item: the upper item is copied at the end of the catalog (all such items of a
  /// file in one insertion, made by finish()).
  Outcome plan_missing_item(const Finding &f) {
    if (!m_options.add_missing)
      return leave("需要 --add-missing 才会从上级复制缺少的事项", "needs --add-missing to copy the missing item");
    auto ref = std::find_if(f.related.begin(), f.related.end(), [](const Location &l) { return l.reference; });
    const LoadedFile *lower = loaded(f.location.file);
    if (ref == f.related.end() || !lower || lower->catalog.items.empty())
      return leave("本级目录没有可以追加事项的列表", "the catalog has no item list to append to");
    const LoadedFile *up_file = loaded(ref->file);
    const Item *upper = up_file ? item_at_line(up_file->catalog, ref->line) : nullptr;
    if (!upper) return leave("找不到上级事项", "the upper item is not known");
    const TextIndex &lt = *text_of(f.location.file).index;
    const TextIndex &ut = *text_of(ref->file).index;
    auto last = detail::mapping_block(lt, lower->catalog.items.items.back().pos);
    if (!last) return leave("事项不是块式列表", "the items are not a block list");
    auto entry = ten_fields_entry(ut, *upper, last->column);
    if (!entry) return leave("上级事项无法换成本级的缩进", "the upper item cannot be re-indented");
    if (auto quoted = in_quote_style(*entry, 0, quote_style(f.location.file))) entry = std::move(quoted);
    const std::string &item = *entry;
    // at the start of the line after the last item (its end is where fields of that item are appended)
    std::size_t end = lt.line_end(last->last_line);
    std::string note = fmt::format("从上级复制「{}」", upper->name.value);
    if (end < lt.text().size()) return make_edit(end + 1, end + 1, item + "\n", note);
    return make_edit(end, end, "\n" + item, note);
  }

  Outcome align_field(const std::string &lower_path, const Item &lower, const TextIndex &ut, const Item &upper,
                      TenField field) {
    const TextIndex &lt = *text_of(lower_path).index;
    auto lb = detail::mapping_block(lt, lower.pos);
    auto ub = detail::mapping_block(ut, upper.pos);
    if (!lb || !ub || lt.text()[lb->span.begin] == '{' || ut.text()[ub->span.begin] == '{')
      return leave("事项不是块式映射", "the item is not a block mapping");
    std::string_view key = ten_field_key(field);
    auto lk = detail::key_block(lt, *lb, key);
    auto uk = detail::key_block(ut, *ub, key);
    if (uk) {
      auto text = detail::reindent(ut, *uk, lb->column);
      if (!text) return leave("上级的写法无法换成本级的缩进", "the upper value cannot be re-indented");
      if (lk) {
        std::string_view lower_text = lt.text().substr(lk->span.begin, lk->span.end - lk->span.begin);
        if (auto styled = in_lower_style(key, lower_text, *text)) text = std::move(styled);
      }
      if (auto quoted = in_quote_style(*text, lb->column, quote_style(lower_path))) text = std::move(quoted);
      if (lk) {
        return make_edit(lk->span.begin, lk->span.end, with_lower_comments(lt, *lk, *text), {});
      }
      std::size_t at = lt.line_end(lb->last_line);
      return make_edit(at, at, "\n" + std::string(lb->column, ' ') + *text, {});
    }
    if (!lk) return leave("上级和本级都没有这个字段", "neither level has the field");
    if (lk->first_line == lb->first_line)
      return leave("该字段写在事项的第一行，删除它需要人工处理", "the field opens the item: a person removes it");
    std::size_t begin = lt.line_begin(lk->first_line);
    std::size_t end = std::min(lt.text().size(), lt.line_end(lk->last_line) + 1);
    return make_edit(begin, end, comments_of(lt, lk->first_line, lk->last_line, lk->column), {});
  }

  /// The quoting of a catalog fix writes into, read once per file.
  const QuoteStyle &quote_style(const std::string &path) {
    auto [it, fresh] = m_quote_styles.try_emplace(path);
    if (fresh) it->second = quote_style_of(text_of(path).bytes);
    return it->second;
  }

  // ---- the plan ------------------------------------------------------------------------

  void finish() {
    for (auto &[path, edits] : m_edits) {
      FileText &ft = text_of(path);
      FileFix fix;
      fix.path = path;
      fix.original = ft.bytes;
      std::vector<TextEdit> overlapping;
      fix.fixed = apply_edits(fix.original, edits, overlapping);
      if (!overlapping.empty()) {
        m_plan.again = true;
        m_plan.again_files.insert(path);
      }
      for (const auto &e : overlapping)
        for (const auto &r : e.rules)
          m_plan.left.push_back({path,
                                 e.line,
                                 r,
                                 {},
                                 "与同一处的另一修复重叠，留待下次运行或人工处理",
                                 "overlaps another fix of the same place: run fix again or fix by hand"});
      fix.edits = std::move(edits);
      if (!fix.edits.empty()) m_plan.files.push_back(std::move(fix));
    }
  }

  const ValidateResult &m_run;
  const FixOptions &m_options;
  FixPlan &m_plan;
  std::map<std::string, std::size_t> m_files;
  std::map<std::string, std::unique_ptr<FileText>> m_texts;
  std::map<std::string, std::vector<TextEdit>> m_edits;
  std::map<AlignKey, std::size_t> m_aligned; ///< index in m_edits[file]
  std::map<std::string, const LoadedFile *> m_by_region;
  std::map<std::string, std::unique_ptr<Fixed>> m_fixed;
  std::map<const Catalog *, std::unordered_map<std::string, long>> m_code_index;
  std::map<std::string, QuoteStyle> m_quote_styles;
};

} // namespace

std::string adopted_items(const LoadedFile &upper, std::string_view upper_text, std::string_view level,
                          std::size_t &count) {
  TextIndex ut(upper_text);
  std::string out;
  count = 0;
  for (const Item &it : upper.catalog.items.items) {
    bool due =
        std::any_of(it.levels.items.begin(), it.levels.items.end(), [&](const Text &l) { return l.value == level; });
    if (!due) continue;
    auto entry = ten_fields_entry(ut, it, 4);
    if (!entry) continue;
    out += *entry + "\n";
    ++count;
  }
  return out;
}

FixPlan plan_fixes(const ValidateResult &run, const FixOptions &options) {
  FixPlan plan;
  Planner(run, options, plan).plan_all();
  return plan;
}

} // namespace shitong
