// Loading one file: bytes -> encoding check -> libyaml events -> typed model + findings.
#include <shitong/loader.hpp>

#include "reader.hpp"
#include "rules_internal.hpp"
#include "util.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

namespace shitong {

namespace {

Pos pos_of_offset(std::string_view text, std::size_t offset) {
  Pos p{1, 1};
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  for (std::size_t i = line_start; i < offset;) {
    detail::next_code_point(text, i);
    ++p.column;
  }
  return p;
}

void add(LoadedFile &f, detail::RuleId rule, Pos pos, std::string zh, std::string en, std::string path = {}) {
  detail::emit(f.findings, rule, Location{f.path, pos.line, pos.column}, {{}, {}, std::move(path)}, std::move(zh),
               std::move(en));
}

// `# shitong-ignore: <rule> <reason>`: a comment after content silences that line; a comment
// alone on its line silences the next line that has content.
void scan_ignores(LoadedFile &f, std::string_view text) {
  static constexpr std::string_view marker = "shitong-ignore:";
  // Most files have none: one Boyer-Moore-Horspool pass skips ahead by up to the marker's
  // length, where find() stops at every 's' of the keys.
  static const std::boyer_moore_horspool_searcher finder(marker.begin(), marker.end());
  if (std::search(text.begin(), text.end(), finder) == text.end()) return;
  std::uint32_t line_no = 0;
  std::size_t pos = 0;
  std::vector<std::size_t> pending; // indexes of own-line comments waiting for a target
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    auto first = line.find_first_not_of(" \t\r");
    bool blank = first == std::string_view::npos;
    bool comment_only = !blank && line[first] == '#';
    if (!blank && !comment_only) {
      for (auto i : pending) f.ignores[i].target_line = line_no;
      pending.clear();
    }
    auto m = line.find(marker);
    if (m != std::string_view::npos) {
      auto hash = line.rfind('#', m);
      if (hash != std::string_view::npos) {
        auto rest = line.substr(m + marker.size());
        auto b = rest.find_first_not_of(" \t");
        IgnoreComment c;
        c.line = line_no;
        c.column = pos_of_offset(line, hash).column;
        if (b != std::string_view::npos) {
          rest = rest.substr(b);
          auto e = rest.find_first_of(" \t\r");
          c.rule = std::string(rest.substr(0, e));
          if (e != std::string_view::npos) {
            auto reason = rest.substr(e);
            auto rb = reason.find_first_not_of(" \t");
            auto re = reason.find_last_not_of(" \t\r");
            if (rb != std::string_view::npos) c.reason = std::string(reason.substr(rb, re - rb + 1));
          }
        }
        bool own_line = line.find_first_not_of(" \t") == hash;
        if (!own_line) c.target_line = line_no;
        f.ignores.push_back(std::move(c));
        if (own_line) pending.push_back(f.ignores.size() - 1);
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

// Fills region and item codes into findings of the file, from the model.
void attribute(LoadedFile &f) {
  const std::string &region = f.kind == DocKind::catalog ? f.catalog.region.code.value : f.certificates.scope.value;
  for (auto &x : f.findings) {
    if (x.region.empty()) x.region = region;
    if (!x.item.empty() || f.kind != DocKind::catalog) continue;
    if (x.path.rfind("items[", 0) != 0) continue;
    std::size_t idx = std::strtoul(x.path.c_str() + 6, nullptr, 10);
    if (idx < f.catalog.items.size()) x.item = f.catalog.items.items[idx].code.value;
  }
}

// When reading failed: is the file in another encoding, or not text at all? libyaml checks
// UTF-8 as it reads, so the full scan runs only for files that failed anyway.
bool encoding_problem(LoadedFile &f, std::string_view content) {
  auto bad = detail::find_invalid_utf8(content);
  if (bad != std::string_view::npos) {
    f.readable = false;
    auto guess = detail::guess_encoding(content);
    // UTF-16 has NUL bytes between characters: its UTF-8 line/column would mean nothing.
    // GB18030 keeps ASCII as it is, so the line of the first non-UTF-8 byte is still right.
    Pos p = guess.rfind("UTF-16", 0) == 0 ? Pos{1, 1} : pos_of_offset(content, bad);
    if (guess == "GB18030/GBK")
      add(f, "encoding", p,
          "文件不是 UTF-8 编码，看起来是 GB18030/GBK；请转换为 UTF-8 后再检查，例如：iconv -f GB18030 -t UTF-8 原文件 "
          "> 新文件，或在编辑器中“另存为 UTF-8”",
          "the file is not UTF-8; it looks like GB18030/GBK. Convert it, e.g. iconv -f GB18030 -t UTF-8 old.yaml > "
          "new.yaml, or save as UTF-8 in the editor");
    else if (!guess.empty())
      add(f, "encoding", p,
          fmt::format("文件不是 UTF-8 编码，看起来是 {}；请转换为 UTF-8，例如：iconv -f {} -t UTF-8 原文件 > 新文件",
                      guess, guess),
          fmt::format(
              "the file is not UTF-8; it looks like {}. Convert it, e.g. iconv -f {} -t UTF-8 old.yaml > new.yaml",
              guess, guess));
    else
      add(f, "encoding", p,
          "文件不是合法的 UTF-8 编码：此处有无效字节（可能是复制粘贴或文件损坏）；请在编辑器中修正此处并以 UTF-8 保存",
          "the file is not valid UTF-8: invalid bytes here (a bad paste or a damaged file); fix this spot and save as "
          "UTF-8");
    return true;
  }
  if (content.find('\0') != std::string_view::npos) {
    f.readable = false;
    add(f, "encoding", pos_of_offset(content, content.find('\0')), "文件含有 NUL 字节，不是文本文件",
        "the file contains NUL bytes: it is not a text file");
    return true;
  }

  return false;
}

} // namespace

namespace {

/// "第 4 个事项（医疗机构执业登记）" / "item 4 (医疗机构执业登记)" for items[3]: the name only when
/// the finding lies inside that item (its line between the item's and the next one's).
std::pair<std::string, std::string> item_words(const Catalog &cat, std::size_t index, unsigned line) {
  const auto &items = cat.items.items;
  std::string name;
  if (index < items.size() && items[index].name.present && items[index].pos.line <= line &&
      (index + 1 == items.size() || items[index + 1].pos.line > line))
    name = items[index].name.value;
  // a long name is shown by its first 40 characters: the message stays a line, not a page
  constexpr std::size_t k_shown = 40;
  std::size_t at = 0, shown = 0;
  while (at < name.size() && shown < k_shown) {
    detail::next_code_point(name, at);
    ++shown;
  }
  if (at < name.size()) name = name.substr(0, at) + "…";
  return {fmt::format("第 {} 个事项{}", index + 1, name.empty() ? "" : "（" + name + "）"),
          fmt::format("item {}{}", index + 1, name.empty() ? "" : " (" + name + ")")};
}

// Replaces `token` (items[3]) in `text`: "items[3].fee" by with_field + "fee", else by `alone`;
// `spaced`: the space after the token goes too (Chinese text needs none after "）").
void replace_token(std::string &text, const std::string &token, const std::string &with_field, const std::string &alone,
                   bool spaced) {
  for (std::size_t p = text.find(token); p != std::string::npos; p = text.find(token, p)) {
    const char next = p + token.size() < text.size() ? text[p + token.size()] : '\0';
    const bool field = next == '.';
    const bool space = spaced && next == ' ';
    text.replace(p, token.size() + (field || space ? 1 : 0), field ? with_field : alone);
    p += field ? with_field.size() : alone.size();
  }
}

// Messages count items from 1 and name them; the field path (JSON, SARIF) keeps items[3].
void name_items(LoadedFile &f) {
  for (auto &x : f.findings) {
    if (x.path.rfind("items[", 0) != 0) continue;
    const auto close = x.path.find(']');
    if (close == std::string::npos || close == 6) continue;
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(x.path.data() + 6, x.path.data() + close, index);
    if (ec != std::errc() || end != x.path.data() + close) continue;
    const std::string token = x.path.substr(0, close + 1);
    auto [zh, en] = item_words(f.catalog, index, x.location.line);
    replace_token(x.message_zh, token, zh + "的 ", zh, true);
    replace_token(x.message_en, token, en + ", ", en, false);
  }
}

} // namespace

LoadedFile load_document(const std::string &path, std::string_view content, const LoadLimits &limits) {
  LoadedFile f;
  f.path = path;
  f.bytes = content.size();
  if (content.size() >= 3 && std::memcmp(content.data(), "\xEF\xBB\xBF", 3) == 0) content.remove_prefix(3);
  if (content.size() > limits.max_bytes) {
    f.readable = false;
    add(f, "yaml-syntax", {1, 1},
        fmt::format("文件过大（{} MB，上限 {} MB），未读取", content.size() >> 20, limits.max_bytes >> 20),
        fmt::format("file too large ({} MB, limit {} MB); not read", content.size() >> 20, limits.max_bytes >> 20));
    return f;
  }
  detail::Document doc;
  std::vector<detail::RootKey> root_keys;
  Pos root_pos{1, 1};
  detail::Reader::Root root;
  {
    detail::Reader reader(f.path, content, limits, f.findings);
    root = reader.read_document(doc, root_keys, root_pos);
    if (reader.failed()) f.readable = false;
  }
  if (!f.readable) {
    std::vector<Finding> kept;
    kept.swap(f.findings);
    if (encoding_problem(f, content)) return f; // the YAML findings of a mis-decoded file mean nothing
    f.findings = std::move(kept);
  }
  scan_ignores(f, content);
  if (root == detail::Reader::Root::not_mapping) {
    f.readable = false;
    return f;
  }
  if (root == detail::Reader::Root::none) {
    if (f.readable)
      add(f, "unknown-kind", {1, 1}, "文件为空（或只有注释）：不是 kind: catalog 或 kind: certificates 文档",
          "the file is empty (or only comments): not a kind: catalog or kind: certificates document");
    return f;
  }
  if (!f.readable) {
    f.kind = doc.catalog.kind.value == "certificates" ? DocKind::certificates : DocKind::catalog;
    return f;
  }
  if (!doc.catalog.kind.present) {
    bool seen = false;
    for (auto &k : root_keys) seen = seen || k.key == "kind";
    if (!seen)
      add(f, "unknown-kind", root_pos, "缺少 kind：应为 kind: catalog（事项目录）或 kind: certificates（证明事项清单）",
          "kind is missing: use kind: catalog or kind: certificates");
    return f;
  }
  const auto &kind = doc.catalog.kind.value;
  unsigned mask;
  if (kind == "catalog") {
    f.kind = DocKind::catalog;
    mask = detail::k_catalog;
  } else if (kind == "certificates") {
    f.kind = DocKind::certificates;
    mask = detail::k_certificates;
  } else {
    auto best = detail::nearest(kind, detail::k_kinds);
    add(f, "unknown-kind", doc.catalog.kind.pos,
        fmt::format("kind「{}」不受支持{}；应为 catalog 或 certificates", kind,
                    best.empty() ? "" : fmt::format("（是否应为「{}」？）", best)),
        fmt::format("unsupported kind '{}'{}; use catalog or certificates", kind,
                    best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best)),
        "kind");
    return f;
  }
  if (doc.catalog.version.present && doc.catalog.version.value != 1)
    add(f, "unknown-kind", doc.catalog.version.pos,
        fmt::format("version {} 不受支持；本工具支持 version: 1", doc.catalog.version.value),
        fmt::format("unsupported version {}; this tool supports version: 1", doc.catalog.version.value), "version");

  const auto &table = detail::table_of<detail::Document>();
  std::vector<std::string_view> allowed;
  for (auto &fld : table.fields)
    if (fld.meta.kinds & mask) allowed.push_back(fld.key);
  std::uint64_t seen = 0;
  for (auto &k : root_keys) {
    if (k.field >= 0 && (table.fields[static_cast<std::size_t>(k.field)].meta.kinds & mask)) {
      seen |= 1ull << k.field;
      continue;
    }
    auto best = detail::nearest(k.key, allowed);
    std::string what = f.kind == DocKind::catalog ? "事项目录" : "证明事项清单";
    if (!best.empty()) {
      add(f, "unknown-key", k.pos, fmt::format("{}顶层有未定义的键「{}」，是否应为「{}」？", what, k.key, best),
          fmt::format("unknown key '{}' at the top level of a {}; did you mean '{}'?", k.key, kind, best), k.key);
      f.findings.back().suggestion = std::string(detail::nearest_unique(k.key, allowed));
    } else
      add(f, "unknown-key", k.pos, fmt::format("{}顶层有未定义的键「{}」", what, k.key),
          fmt::format("unknown key '{}' at the top level of a {}", k.key, kind), k.key);
  }
  for (std::size_t i = 0; i < table.fields.size(); ++i) {
    const auto &fld = table.fields[i];
    if ((fld.meta.kinds & mask) && fld.meta.required && !(seen & (1ull << i)))
      add(f, "missing-field", root_pos, fmt::format("缺少必填字段 {}（{}）", fld.key, fld.meta.title),
          fmt::format("required key '{}' is missing", fld.key), std::string(fld.key));
  }
  if (f.kind == DocKind::catalog) {
    f.catalog = std::move(doc.catalog);
  } else {
    f.certificates = std::move(doc.certificates);
    f.certificates.kind = std::move(doc.catalog.kind);
    f.certificates.version = doc.catalog.version;
  }
  attribute(f);
  if (f.kind == DocKind::catalog) name_items(f);
  return f;
}

LoadedFile load_file(const std::string &path, const LoadLimits &limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadedFile f;
    f.path = path;
    f.readable = false;
    f.io_error = std::strerror(errno);
    return f;
  }
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::string content;
  if (size > 0) {
    if (static_cast<std::uint64_t>(size) > limits.max_bytes) {
      LoadedFile f;
      f.path = path;
      f.readable = false;
      f.bytes = static_cast<std::uint64_t>(size);
      add(f, "yaml-syntax", {1, 1},
          fmt::format("文件过大（{} MB，上限 {} MB），未读取", static_cast<std::uint64_t>(size) >> 20,
                      limits.max_bytes >> 20),
          fmt::format("file too large ({} MB, limit {} MB); not read", static_cast<std::uint64_t>(size) >> 20,
                      limits.max_bytes >> 20));
      return f;
    }
    content.resize(static_cast<std::size_t>(size));
    in.read(content.data(), size);
    content.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    LoadedFile f;
    f.path = path;
    f.readable = false;
    f.io_error = "read error";
    return f;
  }
  return load_document(path, content, limits);
}

} // namespace shitong
