// shitong export CATALOG... -o FILE.xlsx|.csv: catalogs in the one-row-per-item layout that
// `shitong import` reads, so an office can edit them in Excel/WPS and bring them back.
#include "cli.hpp"

#include <shitong/import.hpp>
#include <shitong/loader.hpp>
#include <shitong/output.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <ostream>

namespace shitong::cli {

namespace {
namespace fs = std::filesystem;

struct ExportArgs {
  std::vector<std::string> paths;
  std::string output;
  std::string format; ///< "": from the extension of -o
  std::string lang;
  bool force = false;
};

int run_export(const ExportArgs &a, Io &io) {
  bool en = a.lang == "en";
  std::string format = a.format;
  if (format.empty()) {
    std::string ext = fs::path(a.output).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    format = ext == ".xlsx" ? "xlsx" : ext == ".csv" ? "csv" : "";
  }
  if (format != "xlsx" && format != "csv")
    return fail(io, en ? fmt::format("-o {}: the file name must end in .xlsx or .csv (or give --format)", a.output)
                       : fmt::format("-o {}：文件名应以 .xlsx 或 .csv 结尾（或用 --format 指定）", a.output));
  std::vector<std::string> errors, notes;
  auto files = collect_files(a.paths, errors, notes);
  for (const auto &e : errors) io.err << "shitong: error: " << e << "\n";
  if (!errors.empty()) return k_failure;
  std::error_code ec;
  for (const auto &f : files)
    if (fs::exists(a.output, ec) && fs::equivalent(f, a.output, ec))
      return fail(io, en ? fmt::format("{} is an input; an input is never an output", a.output)
                         : fmt::format("{} 是输入文件，不能作为输出", a.output));
  if (!a.force && (fs::exists(a.output, ec) || fs::is_symlink(a.output, ec)))
    return fail(io, en ? fmt::format("{} already exists; nothing was written (use --force to replace it)", a.output)
                       : fmt::format("{} 已存在，未写入任何文件（加 --force 覆盖）", a.output));
  std::vector<Catalog> catalogs;
  for (const auto &f : files) {
    LoadedFile lf = load_file(f);
    if (!lf.io_error.empty()) return fail(io, lf.io_error);
    if (lf.kind != DocKind::catalog) continue; // proof registries have no rows
    if (!lf.readable)
      return fail(io, en ? fmt::format("{} cannot be read (syntax or encoding errors); run `shitong validate {}`", f, f)
                         : fmt::format("{} 无法读取（语法或编码错误）；请运行 shitong validate {}", f, f));
    catalogs.push_back(std::move(lf.catalog));
  }
  if (catalogs.empty()) return fail(io, en ? "no catalog among the inputs" : "输入中没有目录文件（kind: catalog）");
  std::string bytes;
  if (format == "csv") {
    bytes = export_csv(catalogs);
  } else {
    std::string err;
    bytes = export_xlsx(catalogs, err);
    if (!err.empty()) return fail(io, err);
  }
  if (auto err = write_file_atomic(a.output, bytes, a.force); !err.empty()) return fail(io, err);
  std::size_t items = 0;
  for (const auto &c : catalogs) items += c.items.size();
  io.err << (en ? fmt::format("wrote {} ({} catalog(s), {} item(s))\n", a.output, catalogs.size(), items)
                : fmt::format("已写入 {}（{} 个目录，{} 个事项）\n", a.output, catalogs.size(), items));
  return k_ok;
}
} // namespace

void setup_export(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<ExportArgs>();
  auto *cmd = app.add_subcommand(
      "export", "导出为表格 / catalogs as a spreadsheet (XLSX or CSV) in the layout `shitong import` reads back");
  cmd->add_option("paths", args->paths, "catalog files or directories")->required();
  cmd->add_option("--output,-o", args->output, "FILE.xlsx or FILE.csv")->required();
  cmd->add_option("--format", args->format, "xlsx | csv (default: from the extension of -o)");
  cmd->add_option("--lang", args->lang, "message language: zh (default) | en");
  cmd->add_flag("--force", args->force, "replace an existing file");
  cmd->footer("Docs: docs/import.md");
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_export(*args, io); }; });
}

} // namespace shitong::cli
