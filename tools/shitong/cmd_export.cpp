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
  CommonArgs common; ///< --output, --force, --lang, --format ("": from the extension of -o)
};

int run_export(const ExportArgs &a, Io &io) {
  bool en = a.common.english();
  const std::string &output = a.common.output;
  std::string format = a.common.format;
  if (format.empty()) {
    std::string ext = fs::path(output).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    format = ext == ".xlsx" ? "xlsx" : ext == ".csv" ? "csv" : "";
  }
  if (format != "xlsx" && format != "csv")
    return fail(io, en ? fmt::format("-o {}: the file name must end in .xlsx or .csv (or give --format)", output)
                       : fmt::format("-o {}：文件名应以 .xlsx 或 .csv 结尾（或用 --format 指定）", output));
  std::vector<std::string> errors, notes;
  auto files = collect_files(a.paths, errors, notes);
  for (const auto &e : errors) io.err << "shitong: error: " << e << "\n";
  if (!errors.empty()) return k_failure;
  OutputPolicy policy = output_policy(a.common, a.paths, en);
  if (auto why = check_output(output, format, policy); !why.empty()) return fail(io, why);
  // one model at a time: each catalog's rows are appended as it is read
  CatalogExporter out(format == "csv" ? CatalogExporter::Format::csv : CatalogExporter::Format::xlsx);
  for (const auto &f : files) {
    LoadedFile lf = load_file(f);
    if (!lf.io_error.empty()) return fail(io, lf.io_error);
    if (lf.kind != DocKind::catalog) continue; // proof registries have no rows
    if (!lf.readable)
      return fail(io, en ? fmt::format("{} cannot be read (syntax or encoding errors); run `shitong validate {}`", f, f)
                         : fmt::format("{} 无法读取（语法或编码错误）；请运行 shitong validate {}", f, f));
    if (!out.add(lf.catalog)) return fail(io, f + ": " + out.error());
  }
  if (out.catalogs() == 0) return fail(io, en ? "no catalog among the inputs" : "输入中没有目录文件（kind: catalog）");
  std::string err;
  std::string bytes = out.finish(err);
  if (!err.empty()) return fail(io, err);
  if (auto werr = write_output(output, bytes, format, policy); !werr.empty()) return fail(io, werr);
  io.err << (en ? fmt::format("wrote {} ({} catalog(s), {} item(s))\n", output, out.catalogs(), out.items())
                : fmt::format("已写入 {}（{} 个目录，{} 个事项）\n", output, out.catalogs(), out.items()));
  return k_ok;
}
} // namespace

void setup_export(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<ExportArgs>();
  auto *cmd = app.add_subcommand("export", tr(io, "把目录导出为表格（XLSX 或 CSV），格式与 shitong import 读取的一致",
                                              "catalogs as a spreadsheet (XLSX or CSV) in the layout `shitong "
                                              "import` reads back"));
  cmd->add_option("paths", args->paths, tr(io, "目录文件或文件夹", "catalog files or folders"))->required();
  cmd->add_option("--output,-o", args->common.output, tr(io, "FILE.xlsx 或 FILE.csv", "FILE.xlsx or FILE.csv"))
      ->required();
  cmd->add_flag("--force", args->common.force,
                tr(io, "替换已存在的文件（输入文件永不替换）", "replace an existing file (never an input)"));
  add_format(*cmd, args->common, {"xlsx", "csv"},
             tr(io, "表格格式（默认：由 -o 的扩展名判断）", "spreadsheet format (default: from the extension of -o)"),
             "", io);
  add_common(*cmd, args->common, k_opt_lang, io);
  cmd->footer(tr(io, "文档：docs/import.md", "Docs: docs/import.md"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_export(*args, io); }; });
}

} // namespace shitong::cli
