// shitong certs [PATH...]: the proof audit report, or the proof dependency graph.
#include "cli.hpp"

#include <shitong/certs.hpp>
#include <shitong/output.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <ostream>

namespace shitong::cli {

namespace {
struct CertsArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string graph;
  std::string lang = "zh";
  std::string output;
  unsigned jobs = 0;
};

int run_certs(const CertsArgs &a, Io &io) {
  bool en = a.lang == "en";
  std::vector<std::string> errors, notes;
  auto names = collect_files(a.paths.empty() ? std::vector<std::string>{"catalogs"} : a.paths, errors, notes);
  for (auto &n : notes) io.err << "shitong: warning: " << n << "\n";
  for (auto &e : errors) io.err << "shitong: error: " << e << "\n";
  auto files = load_files(names, a.jobs);
  std::vector<const LoadedFile *> ptrs;
  for (auto &f : files) {
    if (!f.io_error.empty()) {
      io.err << "shitong: error: " << f.path << ": " << f.io_error << "\n";
      errors.push_back(f.path);
    } else if (!f.readable && f.kind != DocKind::unknown) {
      io.err << "shitong: warning: " << f.path
             << ": 无法读取，未参与审查（运行 shitong validate 查看原因）/ unreadable, not audited\n";
    }
    ptrs.push_back(&f);
  }
  LevelReport levels = compare_levels(ptrs, a.jobs);
  if (levels.nodes.empty()) return fail(io, en ? "no readable catalog in the inputs" : "输入中没有可读取的事项目录");
  CertReport report = audit_certificates(levels, ptrs);
  std::string text = a.graph == "dot"         ? certs_dot(levels, report)
                     : a.graph == "mermaid"   ? certs_mermaid(levels, report)
                     : a.format == "json"     ? certs_json(levels, report, en)
                     : a.format == "markdown" ? certs_markdown(levels, report, en)
                                              : certs_text(levels, report, en);
  if (!a.output.empty()) {
    if (auto err = write_file_atomic(a.output, text); !err.empty()) return fail(io, err);
  } else {
    io.out << text;
  }
  if (!errors.empty()) return k_failure;
  for (const auto &f : report.findings)
    if (f.rule != "cert-shareable" && f.rule != "material-duplicate") return k_findings;
  return k_ok;
}
} // namespace

void setup_certs(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<CertsArgs>();
  auto *cmd = app.add_subcommand(
      "certs", "证明事项审查 / proof audit: retained, cancelled, unlisted, odd, shareable and circular proofs");
  cmd->add_option("paths", args->paths, "catalogs and proof registries (default ./catalogs)");
  cmd->add_option("--format,-f", args->format, "report format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  cmd->add_option("--graph", args->graph,
                  "print the proof dependency graph instead (cycles in red); render dot with "
                  "`dot -Tsvg`, mermaid in any Mermaid viewer")
      ->check(CLI::IsMember({"dot", "mermaid"}));
  cmd->add_option("--lang", args->lang, "language")->check(CLI::IsMember({"zh", "en"}))->capture_default_str();
  cmd->add_option("--output,-o", args->output, "write to this file (atomically) instead of stdout");
  cmd->add_option("--jobs,-j", args->jobs, "parallel jobs for loading (default: hardware threads)");
  cmd->footer(
      "Exit codes: 0 no cancelled, unlisted, odd or circular proof; 1 some; 2 the run failed.\nDocs: docs/certs.md");
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_certs(*args, io); }; });
}

} // namespace shitong::cli
