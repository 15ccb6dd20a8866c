// shitong schema [NAME]: print the JSON Schemas generated from the loader's field tables.
#include "cli.hpp"

#include <shitong/output.hpp>
#include <shitong/schema.hpp>

#include <fmt/format.h>

#include <ostream>
#include <vector>

namespace shitong::cli {

namespace {
struct SchemaArgs : CommonArgs {
  std::string name = "catalog";
  std::string write_dir;
};

int run_schema(const SchemaArgs &a, Io &io) {
  bool en = a.english();
  if (!a.write_dir.empty()) {
    OutputPolicy policy = output_policy(a, {}, en);
    std::vector<std::string> paths;
    for (auto n : schema_names()) paths.push_back(fmt::format("{}/{}.schema.json", a.write_dir, n));
    for (const auto &p : paths) // all or nothing: check every target first
      if (auto why = check_output(p, "schema", policy); !why.empty()) return fail(io, why);
    std::size_t i = 0;
    for (auto n : schema_names()) {
      const auto &path = paths[i++];
      if (auto err = write_output(path, schema_json(n), "schema", policy); !err.empty()) return fail(io, err);
      io.err << (en ? "wrote " : "已写入 ") << path << "\n";
    }
    return k_ok;
  }
  io.out << schema_json(a.name);
  return k_ok;
}
} // namespace

void setup_schema(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<SchemaArgs>();
  auto *cmd = app.add_subcommand("schema", tr(io, "输出文件格式的 JSON Schema（供编辑器使用）",
                                              "print the JSON Schema of a file format (for editors)"));
  cmd->add_option("name", args->name, tr(io, "哪一个 schema", "which schema"))
      ->check(CLI::IsMember({"catalog", "certificates", "config", "mapping"}))
      ->capture_default_str();
  cmd->add_option("--write", args->write_dir,
                  tr(io, "把全部 schema 写成 DIR/<name>.schema.json（已存在时需 --force）",
                     "write them all as DIR/<name>.schema.json (existing ones only with --force)"));
  add_common(*cmd, *args, k_opt_lang, io);
  cmd->add_flag("--force", args->force, tr(io, "替换已存在的 schema 文件", "replace existing schema files"));
  cmd->footer(exit_footer(io, "0 已输出；2 运行失败", "0 written; 2 the run failed"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_schema(*args, io); }; });
}

} // namespace shitong::cli
