// Export: catalogs in the one-row-per-item layout that import reads back (docs/import.md) --
// Chinese headers from the layout table, materials, legal basis, process steps, forms and
// results as multi-line cells, the catalog header repeated on every row (区划代码 …), so a file
// may hold several regions. CSV is UTF-8 with a BOM (Excel and WPS then open it as UTF-8) and
// formula-safe (a leading = + - @ gets a ' guard, which import takes off); XLSX cells are all
// strings in a text-formatted column, so codes stay text and nothing becomes a formula.
#include <shitong/import.hpp>
#include <shitong/publish.hpp>
#include <shitong/regions.hpp>

#include "import_internal.hpp"
#include "publish_internal.hpp"
#include "sanitize.hpp"

#include <fmt/format.h>

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace shitong::detail {

std::string material_line(const Material &m) {
  std::vector<std::string> parts;
  if (m.type.present) parts.push_back("类型：" + m.type.value);
  if (m.form.present) parts.push_back("形式：" + m.form.value);
  if (m.copies.present) parts.push_back(fmt::format("份数：{}", m.copies.value));
  if (m.necessity.present) parts.push_back("必要性：" + m.necessity.value);
  if (m.source.present) parts.push_back("来源：" + m.source.value);
  if (m.issuer.present) parts.push_back("出具机构：" + m.issuer.value);
  if (parts.empty()) return m.name.value;
  std::string out = m.name.value + "（";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "；" : "") + parts[i];
  return out + "）";
}

std::string basis_line(const LegalBasis &b) {
  bool marks = b.law.value.find("《") != std::string::npos || b.law.value.find("》") != std::string::npos;
  std::string law = marks ? b.law.value : "《" + b.law.value + "》";
  if (!b.article.present) return law;
  return marks ? law + " " + b.article.value : law + b.article.value;
}

std::string form_line(const Form &f) {
  if (!f.fields.present) return f.name.value;
  std::string out = f.name.value + "：";
  for (std::size_t i = 0; i < f.fields.items.size(); ++i) out += (i ? "、" : "") + f.fields.items[i].value;
  return out;
}

std::string limit_text(const Int &days, const Text &unit) {
  if (!days.present) return {};
  if (unit.present) return fmt::format("{}个{}", days.value, unit.value);
  return days.value == 0 ? std::string("即办") : fmt::format("{}", days.value);
}

std::string level_text(std::string_view key) {
  if (key == "province") return "省级";
  if (key == "city") return "市级";
  if (key == "county") return "县级";
  return std::string(key);
}

} // namespace shitong::detail

namespace shitong {

namespace {
using detail::Field;

template <class T, class F> std::string joined(const std::vector<T> &items, std::string_view sep, F text) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : std::string()) + text(items[i]);
  return out;
}

std::string yes_no(const Bool &b) {
  return b.present ? (b.value ? "是" : "否") : "";
}

std::string cell(const Catalog &c, const Item &it, Field f) {
  auto text = [](const Text &t) { return t.value; };
  switch (f) {
  case Field::code:
    return it.code.value;
  case Field::name:
    return it.name.value;
  case Field::sub_name:
    return it.sub_name.value;
  case Field::type:
    return it.type.value;
  case Field::legal_basis:
    return joined(it.legal_basis.items, "\n", detail::basis_line);
  case Field::materials:
    return joined(it.materials.items, "\n", detail::material_line);
  case Field::process:
    return joined(it.process.items, "\n", text);
  case Field::fee_charged:
    return yes_no(it.fee.charged);
  case Field::fee_standard:
    return it.fee.standard.value;
  case Field::fee_basis:
    return it.fee.basis.value;
  case Field::legal_limit:
    return detail::limit_text(it.time_limit.legal, it.time_limit.unit);
  case Field::promised_limit:
    return detail::limit_text(it.time_limit.promised, it.time_limit.unit);
  case Field::forms:
    return joined(it.forms.items, "\n", detail::form_line);
  case Field::agency:
    return it.agency.value;
  case Field::agency_code:
    return it.agency_code.value;
  case Field::implementation_code:
    return it.implementation_code.value;
  case Field::levels:
    return joined(it.levels.items, "、", [](const Text &t) { return detail::level_text(t.value); });
  case Field::visits:
    return it.visits.present ? fmt::format("{}", it.visits.value) : "";
  case Field::visits_reason:
    return it.visits_reason.value;
  case Field::channels:
    return joined(it.channels.items, "、", text);
  case Field::online:
    return {};
  case Field::proxy:
    return yes_no(it.proxy);
  case Field::outputs:
    return joined(it.outputs.items, "\n", text);
  case Field::local_basis:
    return it.local_basis.value;
  case Field::region_code:
    return c.region.code.value;
  case Field::region_name:
    return c.region.name.value;
  case Field::region_level:
    return detail::level_text(c.region.level.value);
  case Field::parent:
    return c.parent.value;
  case Field::published:
    return c.published.value;
  case Field::publisher:
    return c.publisher.value;
  case Field::limit_unit_legal:
  case Field::limit_unit_promised:
  case Field::material_name:
  case Field::material_type:
  case Field::material_format:
  case Field::material_need:
  case Field::material_copies:
  case Field::material_source:
  case Field::fee_name:
    return {}; // import only
  }
  return {};
}

std::vector<const detail::Column *> exported_columns() {
  std::vector<const detail::Column *> out;
  for (const auto &c : detail::layout_columns())
    if (!c.header.empty()) out.push_back(&c);
  return out;
}

/// A private temporary directory, removed with everything in it (libxlsxwriter writes files).

} // namespace

/// The xlsx side of CatalogExporter: a libxlsxwriter workbook in a private temporary directory.
struct CatalogExporter::Xlsx {
  detail::TempDir dir{"shitong-export-XXXXXX"};
  std::string file;
  lxw_workbook *wb = nullptr;
  lxw_worksheet *ws = nullptr;
  lxw_format *f_text = nullptr;
  lxw_row_t row = 1;
  lxw_error status = LXW_NO_ERROR;
  std::string latest = "2000-01-01"; ///< the latest `published`: the workbook's creation time
  ~Xlsx() {
    if (wb) workbook_close(wb); // abandoned: free it (the directory goes with `dir`)
  }
};

CatalogExporter::CatalogExporter(Format format) : m_format(format) {
  auto columns = exported_columns();
  if (format == Format::csv) {
    m_bytes = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i) m_bytes += ',';
      detail::csv_cell(m_bytes, columns[i]->header);
    }
    m_bytes += "\r\n";
    return;
  }
  m_xlsx = std::make_unique<Xlsx>();
  Xlsx &x = *m_xlsx;
  if (x.dir.path.empty()) {
    m_error = "cannot create a temporary directory for the xlsx workbook";
    return;
  }
  x.file = x.dir.path + "/export.xlsx";
  lxw_workbook_options options{};
  options.tmpdir = x.dir.path.data();
  options.constant_memory = LXW_TRUE; // rows go to disk as they are written, in order
  x.wb = workbook_new_opt(x.file.c_str(), &options);
  if (x.wb == nullptr) {
    m_error = "cannot create the xlsx workbook";
    return;
  }
  lxw_format *f_head = workbook_add_format(x.wb);
  format_set_bold(f_head);
  format_set_bg_color(f_head, 0xEAF2FB);
  format_set_border(f_head, LXW_BORDER_THIN);
  x.f_text = workbook_add_format(x.wb);
  format_set_num_format(x.f_text, "@");
  format_set_text_wrap(x.f_text);
  format_set_align(x.f_text, LXW_ALIGN_VERTICAL_TOP);
  x.ws = workbook_add_worksheet(x.wb, "事项清单");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    auto col = static_cast<lxw_col_t>(i);
    worksheet_set_column(x.ws, col, col, columns[i]->field == Field::materials ? 60 : 18, x.f_text);
    worksheet_write_string(x.ws, 0, col, std::string(columns[i]->header).c_str(), f_head);
  }
  worksheet_freeze_panes(x.ws, 1, 0);
}

CatalogExporter::~CatalogExporter() = default;

bool CatalogExporter::add(const Catalog &c) {
  if (!m_error.empty()) return false;
  auto columns = exported_columns();
  m_catalogs += 1;
  m_items += c.items.size();
  if (m_format == Format::csv) {
    for (const auto &it : c.items.items) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) m_bytes += ',';
        detail::csv_cell(m_bytes, cell(c, it, columns[i]->field));
      }
      m_bytes += "\r\n";
    }
    return true;
  }
  Xlsx &x = *m_xlsx;
  x.latest = std::max(x.latest, c.published.value);
  for (const auto &it : c.items.items) {
    if (x.row >= LXW_ROW_MAX) {
      m_error = fmt::format("more than {} items: an xlsx sheet holds at most {} rows; export fewer catalogs at a time "
                            "or use csv",
                            LXW_ROW_MAX - 1, LXW_ROW_MAX);
      return false;
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      std::string v = detail::valid_utf8(cell(c, it, columns[i]->field)); // invalid UTF-8: corrupt XML
      if (v.empty()) continue;
      lxw_error e = worksheet_write_string(x.ws, x.row, static_cast<lxw_col_t>(i), v.c_str(), x.f_text);
      if (e != LXW_NO_ERROR && x.status == LXW_NO_ERROR) {
        x.status = e;
        m_error = fmt::format("row {}, column {}: {}", x.row + 1, columns[i]->header, lxw_strerror(e));
      }
    }
    ++x.row;
  }
  return m_error.empty();
}

std::string CatalogExporter::finish(std::string &error) {
  if (m_format == Format::csv) return std::move(m_bytes);
  if (!m_error.empty()) {
    error = m_error;
    return {};
  }
  Xlsx &x = *m_xlsx;
  // the same catalogs give the same bytes: the creation time is the latest `published`
  std::tm tm{};
  int y = 2000, m = 1, d = 1;
  if (std::sscanf(x.latest.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) y = 2000, m = 1, d = 1;
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  lxw_doc_properties props{};
  std::string author = "shitong";
  props.author = author.data();
  props.created = ::timegm(&tm);
  workbook_set_properties(x.wb, &props);
  lxw_error closed = workbook_close(x.wb);
  x.wb = nullptr;
  if (closed != LXW_NO_ERROR) {
    error = fmt::format("writing the xlsx workbook failed: {}", lxw_strerror(closed));
    return {};
  }
  std::ifstream in(x.file, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string export_csv(const std::vector<Catalog> &catalogs) {
  CatalogExporter out(CatalogExporter::Format::csv);
  for (const auto &c : catalogs) out.add(c);
  std::string ignored;
  return out.finish(ignored);
}

std::string export_xlsx(const std::vector<Catalog> &catalogs, std::string &error) {
  CatalogExporter out(CatalogExporter::Format::xlsx);
  for (const auto &c : catalogs)
    if (!out.add(c)) break;
  return out.finish(error);
}

} // namespace shitong
