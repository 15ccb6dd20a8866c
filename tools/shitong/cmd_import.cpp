// shitong import FILE... -o DIR: catalogs from spreadsheet exports (XLSX, CSV) -- one YAML
// catalog per region, atomically written, never replacing a file without --force. The report
// (stderr; --format json for machines) lists rows skipped, values not understood, codes given
// back as text and columns not mapped, each with its cell. Exit 0 when every row became an
// item, 1 when rows were skipped or values not understood, 2 when an input could not be read.
#include "cli.hpp"

#include <shitong/import.hpp>
#include <shitong/output.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <ostream>

namespace shitong::cli {

namespace {
namespace fs = std::filesystem;

struct ImportArgs {
  std::vector<std::string> inputs;
  std::string output;
  std::string region, level, parent;
  std::string format = "text";
  std::string lang;
  bool force = false;
};

/// A file name part from a region name: path separators and control characters become '_'.
std::string safe_name(const std::string &name) {
  std::string out;
  for (char c : name)
    out += (static_cast<unsigned char>(c) < 0x20 || std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos)
               ? '_'
               : c;
  if (out.empty() || out == "." || out == "..") out = "catalog";
  return out.substr(0, 120);
}

/// The output policy in one call: never onto an input, never over a file without --force.
/// Returns "" when `target` may be written, else the reason (Chinese or English).
std::string check_output(const std::string &target, const std::vector<std::string> &inputs, bool force, bool en) {
  std::error_code ec;
  for (const auto &in : inputs)
    if (fs::exists(in, ec) && fs::exists(target, ec) && fs::equivalent(in, target, ec))
      return en ? fmt::format("{} is an input; an input is never an output", target)
                : fmt::format("{} 是输入文件，不能作为输出", target);
  if (!force && (fs::exists(target, ec) || fs::is_symlink(target, ec)))
    return en ? fmt::format("{} already exists; nothing was written (use --force to replace it)", target)
              : fmt::format("{} 已存在，未写入任何文件（加 --force 覆盖）", target);
  return {};
}

int run_import(const ImportArgs &a, Io &io) {
  bool en = a.lang == "en";
  if (a.format != "text" && a.format != "json")
    return fail(io, fmt::format("--format {}: expected text or json", a.format));
  std::vector<Workbook> books;
  books.reserve(a.inputs.size());
  for (const auto &path : a.inputs) books.push_back(read_table_file(path));
  ImportOptions options{a.region, a.level, a.parent};
  ImportResult result = import_workbooks(books, options);
  std::vector<std::pair<std::string, std::string>> files;
  if (result.errors_zh.empty()) {
    for (const auto &c : result.catalogs)
      files.emplace_back((fs::path(a.output) / fmt::format("{}-{}.yaml", c.catalog.region.code.value,
                                                           safe_name(c.catalog.region.name.value)))
                             .string(),
                         catalog_yaml(c.catalog, &c.sources));
    std::vector<std::string> refused;
    for (const auto &f : files)
      if (auto why = check_output(f.first, a.inputs, a.force, en); !why.empty()) refused.push_back(why);
    if (!refused.empty()) {
      io.err << format_import_report(result, {}, en, a.format == "json");
      for (const auto &r : refused) io.err << "shitong: error: " << r << "\n";
      return k_failure;
    }
  }
  std::vector<std::string> written;
  for (const auto &[path, yaml] : files) {
    if (auto err = write_file_atomic(path, yaml, a.force); !err.empty()) {
      io.err << format_import_report(result, written, en, a.format == "json");
      return fail(io, err);
    }
    written.push_back(path);
  }
  io.err << format_import_report(result, written, en, a.format == "json");
  if (!written.empty() && a.format == "text")
    io.err << (en ? fmt::format("next: shitong validate {}\n", a.output)
                  : fmt::format("下一步：shitong validate {}\n", a.output));
  return result.exit_code();
}
} // namespace

void setup_import(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<ImportArgs>();
  auto *cmd = app.add_subcommand(
      "import", "从表格导入目录 / catalogs from spreadsheet exports (XLSX, CSV): one YAML file per region");
  cmd->add_option("files", args->inputs, "XLSX or CSV files (实施清单 exports)")->required();
  cmd->add_option("--output,-o", args->output, "directory for the catalogs (<code>-<name>.yaml)")->required();
  cmd->add_option("--region", args->region, "region code when the file has no 区划代码 column (GB/T 2260)");
  cmd->add_option("--level", args->level, "province | city | county (default: from the region code)");
  cmd->add_option("--parent", args->parent, "region code of the parent catalog");
  cmd->add_option("--format", args->format, "report format on stderr: text | json")->capture_default_str();
  cmd->add_option("--lang", args->lang, "message language: zh (default) | en");
  cmd->add_flag("--force", args->force, "replace existing catalog files");
  cmd->footer("Exit: 0 every row became an item, 1 rows skipped or values not understood, 2 an input could not be "
              "read. Docs: docs/import.md");
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_import(*args, io); }; });
}

} // namespace shitong::cli
