// shitong import FILE... -o DIR: catalogs from spreadsheet exports (XLSX, CSV, JSON) -- one YAML
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
  std::string region, level, parent;
  std::string mapping;
  CommonArgs common; ///< --output (a folder), --force, --lang, --format, --config, --no-config
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

int run_import(const ImportArgs &a, Io &io) {
  Config config; // its limits (docs/import.md) and lang
  if (!resolve_config(a.common.config, a.common.no_config, io, config)) return k_failure;
  bool en = a.common.english(config);
  bool json = a.common.format == "json";
  ImportMapping mapping;
  ImportOptions options{a.region, a.level, a.parent, nullptr, config.limits};
  if (!a.mapping.empty()) {
    std::vector<std::string> zh, en_errors;
    if (!load_mapping(a.mapping, mapping, zh, en_errors)) {
      for (const auto &e : en ? en_errors : zh) io.err << "shitong: error: " << e << "\n";
      return k_failure;
    }
    options.mapping = &mapping;
  }
  std::vector<Workbook> books;
  books.reserve(a.inputs.size());
  for (const auto &path : a.inputs) books.push_back(read_table_file(path));
  ImportResult result = import_workbooks(books, options);
  // the config's own problems (a bad limit keeps its default): listed first, as validate lists them
  std::vector<std::string> config_zh, config_en;
  for (const Finding &f : config.findings) {
    std::string at = f.location.line == 0
                         ? f.location.file
                         : fmt::format("{}:{}:{}", f.location.file, f.location.line, f.location.column);
    config_zh.push_back(fmt::format("{}: {} [{}]", at, f.message_zh, f.rule));
    config_en.push_back(fmt::format("{}: {} [{}]", at, f.message_en, f.rule));
  }
  result.notes_zh.insert(result.notes_zh.begin(), config_zh.begin(), config_zh.end());
  result.notes_en.insert(result.notes_en.begin(), config_en.begin(), config_en.end());
  std::vector<std::string> inputs = a.inputs;
  if (!a.mapping.empty()) inputs.push_back(a.mapping);
  OutputPolicy policy = output_policy(a.common, inputs, en);
  std::vector<std::pair<std::string, std::string>> files;
  if (result.errors_zh.empty()) {
    for (const auto &c : result.catalogs)
      files.emplace_back((fs::path(a.common.output) / fmt::format("{}-{}.yaml", c.catalog.region.code.value,
                                                                  safe_name(c.catalog.region.name.value)))
                             .string(),
                         catalog_yaml(c.catalog, &c.sources));
    std::vector<std::string> refused; // every catalog is checked before the first is written
    for (const auto &f : files)
      if (auto why = check_output(f.first, "yaml", policy); !why.empty()) refused.push_back(why);
    if (!refused.empty()) {
      io.err << format_import_report(result, {}, en, json);
      for (const auto &r : refused) io.err << "shitong: error: " << r << "\n";
      return k_failure;
    }
  }
  std::vector<std::string> written;
  for (const auto &[path, yaml] : files) {
    if (auto err = write_output(path, yaml, "yaml", policy); !err.empty()) {
      io.err << format_import_report(result, written, en, json);
      return fail(io, err);
    }
    written.push_back(path);
  }
  io.err << format_import_report(result, written, en, json);
  if (!written.empty() && !json)
    io.err << (en ? fmt::format("next: shitong validate {}\n", a.common.output)
                  : fmt::format("下一步：shitong validate {}\n", a.common.output));
  return result.exit_code();
}
} // namespace

void setup_import(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<ImportArgs>();
  auto *cmd = app.add_subcommand("import", tr(io, "从表格导入目录：XLSX、CSV、JSON 导出，每个区划写成一个 YAML 目录",
                                              "catalogs from spreadsheet exports (XLSX, CSV, JSON): one YAML file "
                                              "per region"));
  cmd->add_option("files", args->inputs,
                  tr(io, "XLSX、CSV 或 JSON 文件（实施清单导出、国家平台交换表）",
                     "XLSX, CSV or JSON files (实施清单 exports, the national platform's exchange tables)"))
      ->required();
  cmd->add_option("--output,-o", args->common.output,
                  tr(io, "写入目录的文件夹（<代码>-<名称>.yaml）", "folder for the catalogs (<code>-<name>.yaml)"))
      ->required();
  cmd->add_flag("--force", args->common.force,
                tr(io, "替换已存在的目录文件（输入文件永不替换）", "replace existing catalog files (never an input)"));
  cmd->add_option("--mapping,-m", args->mapping,
                  tr(io, "映射文件（kind: import-mapping）：工作表、表头行、列 → 字段、取值对照、区划",
                     "mapping file (kind: import-mapping): sheet, header row, column → field, value maps, region"));
  cmd->add_option("--region", args->region,
                  tr(io, "文件中没有“区划代码”列时的区划代码（GB/T 2260）",
                     "region code when the file has no 区划代码 column (GB/T 2260)"));
  cmd->add_option("--level", args->level,
                  tr(io, "province | city | county（默认：由区划代码判断）",
                     "province | city | county (default: from the region code)"));
  cmd->add_option("--parent", args->parent, tr(io, "上级目录的区划代码", "region code of the parent catalog"));
  add_format(*cmd, args->common, {"text", "json"},
             tr(io, "导入报告（标准错误）的格式", "import report format (stderr)"), "text", io);
  add_common(*cmd, args->common, k_opt_lang | k_opt_config, io);
  cmd->footer(exit_footer(io, "0 每一行都成为事项；1 有跳过的行或无法识别的值；2 输入无法读取。文档：docs/import.md",
                          "0 every row became an item, 1 rows skipped or values not understood, 2 an input could not "
                          "be read. Docs: docs/import.md"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_import(*args, io); }; });
}

} // namespace shitong::cli
