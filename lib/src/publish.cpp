// Published lists (docs/format.md §11): which items are on which list, grouping by 实施主体, pinyin
// order (ICU collation), titles and shares, and the statistics of `publish --stats`. The
// formats live in publish_formats.cpp and publish_xlsx.cpp.
#include <shitong/publish.hpp>
#include <shitong/version.hpp>

#include "fields.hpp"
#include "json_writer.hpp"
#include "publish_internal.hpp"
#include "sanitize.hpp"
#include "util.hpp"

#include <fmt/format.h>

#include <unicode/coll.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>

namespace shitong {

namespace {
constexpr std::array<ListInfo, k_list_kinds> k_lists = {{
    {ListKind::zero_visit, "zero-visit", "零跑腿", "“零跑腿”事项清单", "“Zero-visit” items (零跑腿)", "visits: 0",
     "到办事现场次数为 0", "no visit to an office needed"},
    {ListKind::one_visit, "one-visit", "只跑一次", "“只跑一次”事项清单", "“One-visit” items (只跑一次)", "visits: 1",
     "到办事现场次数为 1", "exactly one visit to an office"},
    {ListKind::at_most_one, "at-most-one", "最多跑一次", "“最多跑一次”事项清单",
     "“At most one visit” items (最多跑一次)", "visits <= 1", "到办事现场次数不超过 1",
     "at most one visit to an office"},
    {ListKind::proxy, "proxy", "你不用跑我来跑", "“你不用跑我来跑”事项清单", "“We run for you” items (你不用跑我来跑)",
     "proxy: true", "提供帮办代办服务", "staff can run the errand for you (帮办代办)"},
    {ListKind::all, "all", "全部事项", "全部事项清单", "All items", "every item", "目录中的全部事项",
     "every item of the catalog"},
}};

constexpr std::array<FormatInfo, 5> k_formats = {{
    {PublishFormat::html, "html", "one self-contained page: inline CSS, search box, phone layout, A4 print"},
    {PublishFormat::md, "md", "Markdown: a table per 实施主体"},
    {PublishFormat::csv, "csv", "UTF-8 with BOM, RFC 4180, formula-like cells neutralised"},
    {PublishFormat::xlsx, "xlsx", "Excel workbook: title row, frozen header, counts sheet"},
    {PublishFormat::json, "json", "the list as data (docs/publish.md)"},
}};

/// The ICU collator for Chinese (pinyin) order, created once; null when ICU has none.
const icu::Collator *pinyin_collator() {
  static const std::unique_ptr<icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) c.reset();
    return c;
  }();
  return collator.get();
}
} // namespace

namespace detail {

std::string sort_key(std::string_view text) {
  const icu::Collator *c = pinyin_collator();
  if (c == nullptr) return std::string(text); // code point order: UTF-8 bytes sort that way
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string key(64, '\0');
  int32_t n = c->getSortKey(u, reinterpret_cast<uint8_t *>(key.data()), static_cast<int32_t>(key.size()));
  if (n > static_cast<int32_t>(key.size())) {
    key.resize(static_cast<std::size_t>(n));
    n = c->getSortKey(u, reinterpret_cast<uint8_t *>(key.data()), n);
  }
  key.resize(n > 0 ? static_cast<std::size_t>(n - 1) : 0); // drop the terminating 0
  return key;
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    int ea = u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_EAST_ASIAN_WIDTH);
    w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return w;
}

std::string pad_right(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = display_width(s); w < width; ++w) out += ' ';
  return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
  std::string out;
  for (std::size_t w = display_width(s); w < width; ++w) out += ' ';
  out += s;
  return out;
}

std::string unvalidated_note(const std::vector<ListSource> &sources, bool en) {
  std::size_t errors = 0;
  std::vector<std::string> parts;
  for (const auto &s : sources) {
    if (s.errors == 0) continue;
    errors += s.errors;
    parts.push_back(fmt::format("{} {} {}", s.region_code, s.region_name, s.errors));
  }
  std::vector<std::string_view> views(parts.begin(), parts.end());
  return en ? fmt::format("未经校验 / NOT VALIDATED: the catalogs have {} error findings ({}); published with "
                          "--allow-errors. Run `shitong validate` to see them.",
                          errors, join(views, ", "))
            : fmt::format(
                  "未经校验 / NOT VALIDATED：所据目录有 {} 个错误级问题（{}），本清单系强制发布（--allow-errors），"
                  "内容可能有误；运行 shitong validate 查看。",
                  errors, join(views, "，"));
}

void region_json(JsonWriter &w, const ListSource &s) {
  w.key("region").begin_object().key("code").value(s.region_code).key("name").value(s.region_name);
  w.key("level").value(s.level).end_object();
}

} // namespace detail

const std::array<ListInfo, k_list_kinds> &list_table() {
  return k_lists;
}
const ListInfo &list_info(ListKind kind) {
  return k_lists[static_cast<std::size_t>(kind)];
}

bool parse_list_kind(std::string_view key, ListKind &out) {
  for (const auto &l : k_lists)
    if (key == l.key || key == l.name_zh) {
      out = l.kind;
      return true;
    }
  return false;
}

bool on_list(const Item &item, ListKind kind) {
  bool v = item.visits.present;
  long long n = item.visits.value;
  switch (kind) {
  case ListKind::zero_visit:
    return v && n == 0;
  case ListKind::one_visit:
    return v && n == 1;
  case ListKind::at_most_one:
    return v && n >= 0 && n <= 1;
  case ListKind::proxy:
    return item.proxy.present && item.proxy.value;
  case ListKind::all:
    return true;
  }
  return false;
}

const std::array<FormatInfo, 5> &format_table() {
  return k_formats;
}

bool parse_publish_format(std::string_view key, PublishFormat &out) {
  for (const auto &f : k_formats)
    if (key == f.key) {
      out = f.format;
      return true;
    }
  return false;
}

std::string ListEntry::time_limit_text(bool en) const {
  if (!promised) return "—";
  if (*promised == 0) return en ? "on the spot (即办)" : "即办";
  if (en) return fmt::format("{} {} days", *promised, unit == "自然日" ? "calendar" : "working");
  return fmt::format("{} 个{}", *promised, unit);
}

std::string ListEntry::fee_text(bool en) const {
  if (!charged) return en ? "free (不收费)" : "不收费";
  if (fee_standard.empty()) return en ? "charged (收费)" : "收费";
  return fee_standard;
}

std::string ListEntry::visits_text() const {
  return visits ? std::to_string(*visits) : "—";
}

bool PublishedList::validated() const {
  return error_findings() == 0;
}

std::size_t PublishedList::error_findings() const {
  std::size_t n = 0;
  for (const auto &s : sources) n += s.errors;
  return n;
}

double PublishedList::share() const {
  return total == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(total);
}

std::string PublishedList::regions_title(bool en) const {
  if (sources.empty()) return "";
  if (sources.size() <= 3) {
    std::vector<std::string_view> names;
    for (const auto &s : sources)
      names.push_back(s.region_name.empty() ? std::string_view(s.region_code) : std::string_view(s.region_name));
    return detail::join(names, en ? ", " : "、");
  }
  const auto &first = sources.front().region_name.empty() ? sources.front().region_code : sources.front().region_name;
  return en ? fmt::format("{} and {} other regions", first, sources.size() - 1)
            : fmt::format("{}等 {} 个区划", first, sources.size());
}

std::string PublishedList::title(bool en) const {
  const ListInfo &l = list_info(kind);
  return en ? fmt::format("{}: {}", regions_title(true), l.title_en) : regions_title(false) + l.title_zh;
}

std::string PublishedList::total_line(bool en) const {
  if (kind == ListKind::all) return en ? fmt::format("{} items", count) : fmt::format("共 {} 项", count);
  return en ? fmt::format("{} items, {} of all {} items", count, percent(count, total), total)
            : fmt::format("共 {} 项，占全部事项（{} 项）的 {}", count, total, percent(count, total));
}

std::string percent(std::size_t count, std::size_t total) {
  if (total == 0) return "—";
  long long tenths = std::llround(static_cast<double>(count) * 1000.0 / static_cast<double>(total));
  if (tenths % 10 == 0) return fmt::format("{}%", tenths / 10);
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

void sort_pinyin(std::vector<std::string> &texts) {
  std::vector<std::pair<std::string, std::string>> keyed;
  keyed.reserve(texts.size());
  for (auto &t : texts) keyed.emplace_back(detail::sort_key(t), std::move(t));
  std::sort(keyed.begin(), keyed.end());
  texts.clear();
  for (auto &k : keyed) texts.push_back(std::move(k.second));
}

namespace {
ListSource source_of(const PublishInput &in) {
  const Catalog &c = *in.catalog;
  ListSource s;
  s.path = in.path;
  s.region_code = c.region.code.value;
  s.region_name = c.region.name.value;
  s.level = c.region.level.value;
  s.published = c.published.present ? c.published.value : "";
  s.publisher = c.publisher.present ? c.publisher.value : "";
  s.items = c.items.size();
  s.errors = in.errors;
  return s;
}

ListEntry entry_of(const Item &it, std::size_t source) {
  ListEntry e;
  e.source = source;
  e.code = it.code.value;
  e.name = it.name.value;
  e.sub_name = it.sub_name.present ? it.sub_name.value : "";
  e.type = it.type.value;
  e.agency = it.agency.present ? it.agency.value : "";
  if (it.time_limit.promised.present) e.promised = it.time_limit.promised.value;
  e.unit = it.time_limit.effective_unit();
  e.charged = it.fee.charged.present && it.fee.charged.value;
  e.fee_standard = it.fee.standard.present ? it.fee.standard.value : "";
  if (it.visits.present) e.visits = it.visits.value;
  e.proxy = it.proxy.present && it.proxy.value;
  return e;
}

/// A text with its collation key and the index of what it names: empty texts last, then by
/// collation key, then by bytes (so the order is total), then by index.
struct Keyed {
  bool empty;
  std::string key;
  std::string bytes;
  std::size_t index;
  std::string key2 = {}; ///< second sort key (子项名称), compared after `key`
  bool operator<(const Keyed &o) const {
    if (empty != o.empty) return !empty;
    if (key != o.key) return key < o.key;
    if (key2 != o.key2) return key2 < o.key2;
    if (bytes != o.bytes) return bytes < o.bytes;
    return index < o.index;
  }
};
} // namespace

ListPart list_part(const PublishInput &input, ListKind kind) {
  ListPart part;
  part.source = source_of(input);
  for (const auto &it : input.catalog->items.items)
    if (on_list(it, kind)) part.entries.push_back(entry_of(it, 0));
  return part;
}

PublishedList build_list(const std::vector<PublishInput> &inputs, ListKind kind, bool combined) {
  std::vector<ListPart> parts;
  for (const auto &in : inputs) parts.push_back(list_part(in, kind));
  return assemble_list(std::move(parts), kind, combined);
}

PublishedList assemble_list(std::vector<ListPart> parts, ListKind kind, bool combined) {
  PublishedList list;
  list.kind = kind;
  list.combined = combined;
  std::vector<ListEntry> entries;
  for (std::size_t s = 0; s < parts.size(); ++s) {
    list.total += parts[s].source.items;
    for (auto &e : parts[s].entries) {
      e.source = s;
      entries.push_back(std::move(e));
    }
    parts[s].entries = {};
    list.sources.push_back(std::move(parts[s].source));
  }
  list.count = entries.size();
  // groups: 实施主体 in pinyin order, unnamed last
  std::map<std::string, std::vector<std::size_t>> by_agency;
  for (std::size_t i = 0; i < entries.size(); ++i) by_agency[entries[i].agency].push_back(i);
  std::vector<Keyed> agencies;
  for (auto &[agency, idx] : by_agency)
    agencies.push_back({agency.empty(), detail::sort_key(agency), agency, agencies.size()});
  std::sort(agencies.begin(), agencies.end());
  std::size_t seq = 0;
  for (const auto &a : agencies) {
    const auto &idx = by_agency[a.bytes];
    std::vector<Keyed> order;
    for (std::size_t i : idx) {
      const ListEntry &e = entries[i];
      // name, then sub_name, then the bytes (code, type) for a total order
      order.push_back({false, detail::sort_key(e.name),
                       e.name + '\x01' + e.sub_name + '\x01' + e.code + '\x01' + e.type, i,
                       detail::sort_key(e.sub_name)});
    }
    std::sort(order.begin(), order.end());
    ListGroup g;
    g.agency = a.bytes;
    for (const auto &o : order) {
      g.entries.push_back(std::move(entries[o.index]));
      g.entries.back().seq = ++seq;
    }
    list.groups.push_back(std::move(g));
  }
  return list;
}

// ---- statistics ----

namespace {
void count_item(ListCounts &c, const Item &it) {
  for (const auto &l : k_lists)
    if (on_list(it, l.kind)) ++c[static_cast<std::size_t>(l.kind)];
}

void add_counts(ListCounts &to, const ListCounts &from) {
  for (std::size_t k = 0; k < k_list_kinds; ++k) to[k] += from[k];
}

void merge_rows(std::vector<StatsRow> &to, const std::vector<StatsRow> &from) {
  for (const auto &r : from) {
    auto it = std::find_if(to.begin(), to.end(), [&](const StatsRow &x) { return x.key == r.key; });
    if (it == to.end())
      to.push_back(r);
    else
      add_counts(it->counts, r.counts);
  }
}

void order_by_agency(std::vector<StatsRow> &rows) {
  std::vector<Keyed> keys;
  for (std::size_t i = 0; i < rows.size(); ++i)
    keys.push_back({rows[i].key.empty(), detail::sort_key(rows[i].key), rows[i].key, i});
  std::sort(keys.begin(), keys.end());
  std::vector<StatsRow> out;
  for (const auto &k : keys) out.push_back(std::move(rows[k.index]));
  rows = std::move(out);
}

void order_by_type(std::vector<StatsRow> &rows) {
  auto rank = [](const std::string &t) {
    auto it = std::find(detail::k_item_types.begin(), detail::k_item_types.end(), t);
    return static_cast<std::size_t>(it - detail::k_item_types.begin());
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const StatsRow &a, const StatsRow &b) {
    auto ra = rank(a.key), rb = rank(b.key);
    if (ra != rb) return ra < rb;
    return a.key < b.key;
  });
}
} // namespace

bool PublishStats::validated() const {
  return std::all_of(catalogs.begin(), catalogs.end(), [](const CatalogStats &c) { return c.source.errors == 0; });
}

CatalogStats catalog_stats(const PublishInput &in) {
  CatalogStats cs;
  cs.source = source_of(in);
  std::map<std::string, ListCounts> agency, type;
  for (const auto &it : in.catalog->items.items) {
    count_item(cs.counts, it);
    count_item(agency[it.agency.present ? it.agency.value : ""], it);
    count_item(type[it.type.present ? it.type.value : ""], it);
  }
  for (auto &[k, c] : agency) cs.by_agency.push_back({k, c});
  for (auto &[k, c] : type) cs.by_type.push_back({k, c});
  order_by_agency(cs.by_agency);
  order_by_type(cs.by_type);
  return cs;
}

PublishStats compute_stats(const std::vector<PublishInput> &inputs) {
  std::vector<CatalogStats> catalogs;
  for (const auto &in : inputs) catalogs.push_back(catalog_stats(in));
  return combine_stats(std::move(catalogs));
}

PublishStats combine_stats(std::vector<CatalogStats> catalogs) {
  PublishStats out;
  out.catalogs = std::move(catalogs);
  if (out.catalogs.size() > 1) {
    CatalogStats t;
    t.source.region_name = "合计";
    for (const auto &c : out.catalogs) {
      add_counts(t.counts, c.counts);
      merge_rows(t.by_agency, c.by_agency);
      merge_rows(t.by_type, c.by_type);
      t.source.items += c.source.items;
      t.source.errors += c.source.errors;
    }
    order_by_agency(t.by_agency);
    order_by_type(t.by_type);
    out.total = std::move(t);
  }
  return out;
}

namespace {
constexpr std::array<ListKind, 4> k_visit_lists = {ListKind::zero_visit, ListKind::one_visit, ListKind::at_most_one,
                                                   ListKind::proxy};

void breakdown_text(std::string &o, const char *heading, const std::vector<StatsRow> &rows, bool en) {
  // columns: key | 全部 | the four lists (count and share of the row)
  std::vector<std::vector<std::string>> table;
  std::vector<std::string> head{heading, en ? "items" : "全部"};
  for (auto k : k_visit_lists) head.push_back(en ? list_info(k).key : list_info(k).name_zh);
  table.push_back(head);
  for (const auto &r : rows) {
    std::size_t all = r.counts[static_cast<std::size_t>(ListKind::all)];
    std::vector<std::string> line{r.key.empty() ? (en ? "(not given)" : "（未填写）") : r.key, std::to_string(all)};
    for (auto k : k_visit_lists) {
      std::size_t n = r.counts[static_cast<std::size_t>(k)];
      line.push_back(fmt::format("{} ({})", n, percent(n, all)));
    }
    table.push_back(std::move(line));
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto &line : table)
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], detail::display_width(line[c]));
  for (const auto &line : table) {
    std::string text = "    " + detail::pad_right(line[0], width[0]);
    for (std::size_t c = 1; c < line.size(); ++c) text += "  " + detail::pad_left(line[c], width[c]);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    o += text + "\n";
  }
}

void catalog_text(std::string &o, const CatalogStats &c, bool en) {
  const ListSource &s = c.source;
  std::size_t all = c.counts[static_cast<std::size_t>(ListKind::all)];
  if (s.region_code.empty())
    o += en ? fmt::format("Total of all catalogs: {} items\n", all) : fmt::format("合计：共 {} 项\n", all);
  else
    o += en ? fmt::format("{} {} ({}): {} items, published {}\n", s.region_code, s.region_name, s.level, all,
                          s.published.empty() ? "(no date)" : s.published)
            : fmt::format("{} {}：共 {} 项，发布日期 {}\n", s.region_code, s.region_name, all,
                          s.published.empty() ? "未注明" : s.published);
  if (s.errors > 0 && !s.region_code.empty())
    o += en ? fmt::format("  未经校验 / NOT VALIDATED: {} error findings\n", s.errors)
            : fmt::format("  未经校验 / NOT VALIDATED：{} 个错误级问题\n", s.errors);
  for (auto k : k_visit_lists) {
    std::size_t n = c.counts[static_cast<std::size_t>(k)];
    o += en ? fmt::format("  {} items on the {} list ({}), {} of all items\n", n, list_info(k).key,
                          list_info(k).name_zh, percent(n, all))
            : fmt::format("  {} 项列入{}，占全部事项的 {}\n", n, list_info(k).title_zh, percent(n, all));
  }
  o += en ? "  by 实施主体 (agency):\n" : "  按实施主体：\n";
  breakdown_text(o, en ? "agency" : "实施主体", c.by_agency, en);
  o += en ? "  by 事项类型 (item type):\n" : "  按事项类型：\n";
  breakdown_text(o, en ? "type" : "事项类型", c.by_type, en);
}

void counts_json(detail::JsonWriter &w, const ListCounts &c) {
  w.begin_object();
  for (const auto &l : k_lists) w.key(l.key).value(static_cast<unsigned long>(c[static_cast<std::size_t>(l.kind)]));
  w.end_object();
}

void catalog_json(detail::JsonWriter &w, const CatalogStats &c) {
  const ListSource &s = c.source;
  std::size_t all = c.counts[static_cast<std::size_t>(ListKind::all)];
  w.begin_object();
  if (!s.region_code.empty()) {
    w.key("path").value(s.path);
    detail::region_json(w, s);
    w.key("published");
    if (s.published.empty())
      w.null();
    else
      w.value(s.published);
  }
  w.key("errors").value(static_cast<unsigned long>(s.errors));
  w.key("items").value(static_cast<unsigned long>(all));
  w.key("lists").begin_object();
  for (auto k : k_visit_lists) {
    std::size_t n = c.counts[static_cast<std::size_t>(k)];
    w.key(list_info(k).key).begin_object().key("count").value(static_cast<unsigned long>(n));
    w.key("share").value(all == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(all)).end_object();
  }
  w.end_object();
  for (auto [key, rows, name] :
       {std::tuple{"by_agency", &c.by_agency, "agency"}, std::tuple{"by_type", &c.by_type, "type"}}) {
    w.key(key).begin_array();
    for (const auto &r : *rows) {
      w.begin_object().key(name).value(r.key).key("counts");
      counts_json(w, r.counts);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}
} // namespace

std::string stats_text(const PublishStats &stats, bool en) {
  std::string o;
  if (!stats.validated()) {
    std::vector<ListSource> sources;
    for (const auto &c : stats.catalogs) sources.push_back(c.source);
    o += detail::unvalidated_note(sources, en) + "\n\n";
  }
  for (std::size_t i = 0; i < stats.catalogs.size(); ++i) {
    if (i > 0) o += "\n";
    catalog_text(o, stats.catalogs[i], en);
  }
  if (stats.total) {
    o += "\n";
    catalog_text(o, *stats.total, en);
  }
  return detail::terminal_lines(o); // no control character of a value reaches a terminal
}

std::string stats_json(const PublishStats &stats) {
  detail::JsonWriter w;
  w.begin_object();
  w.key("tool").value("shitong").key("version").value(version_string());
  w.key("validated").value(stats.validated());
  w.key("catalogs").begin_array();
  for (const auto &c : stats.catalogs) catalog_json(w, c);
  w.end_array();
  w.key("total");
  if (stats.total)
    catalog_json(w, *stats.total);
  else
    w.null();
  w.end_object();
  std::string out = w.take();
  out += "\n";
  return out;
}

} // namespace shitong
