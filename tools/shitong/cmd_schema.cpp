// shitong schema [NAME]: print the JSON Schemas generated from the loader's field tables.
#include "cli.hpp"

#include <shitong/output.hpp>
#include <shitong/schema.hpp>

#include <fmt/format.h>

#include <ostream>

namespace shitong::cli {

namespace {
struct SchemaArgs {
  std::string name = "catalog";
  std::string write_dir;
};

int run_schema(const SchemaArgs &a, Io &io) {
  if (!a.write_dir.empty()) {
    for (auto n : schema_names()) {
      std::string path = fmt::format("{}/{}.schema.json", a.write_dir, n);
      if (auto err = write_file_atomic(path, schema_json(n)); !err.empty()) return fail(io, err);
      io.err << "wrote " << path << "\n";
    }
    return k_ok;
  }
  io.out << schema_json(a.name);
  return k_ok;
}
} // namespace

void setup_schema(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<SchemaArgs>();
  auto *cmd = app.add_subcommand("schema", "输出 JSON Schema / print the JSON Schema of a file format (for editors)");
  cmd->add_option("name", args->name, "which schema")
      ->check(CLI::IsMember({"catalog", "certificates", "config"}))
      ->capture_default_str();
  cmd->add_option("--write", args->write_dir, "write all three as DIR/<name>.schema.json (overwrites them)");
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_schema(*args, io); }; });
}

} // namespace shitong::cli
