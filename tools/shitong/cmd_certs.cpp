// shitong certs [PATH...]: the proof audit report, or the proof dependency graph.
#include "cli.hpp"

#include <shitong/certs.hpp>
#include <shitong/output.hpp>
#include <shitong/validate.hpp>

#include <fmt/format.h>

#include <ostream>

namespace shitong::cli {

namespace {
struct CertsArgs : CommonArgs {
  std::vector<std::string> paths;
  std::string graph;
  bool no_context = false;
};

int run_certs(const CertsArgs &a, Io &io) {
  ValidateOptions opt;
  opt.paths = a.paths.empty() ? std::vector<std::string>{"catalogs"} : a.paths;
  opt.jobs = a.jobs;
  opt.context = !a.no_context; // a county alone is audited with its registries and levels (docs/context.md)
  opt.proof_report = true;
  if (!resolve_config(a.config, a.no_config, io, opt.config)) return k_failure;
  bool en = a.english(opt.config);
  OutputPolicy policy = output_policy(a, opt.paths, en);
  std::string out_format = a.graph.empty() ? a.format : a.graph;
  if (!a.output.empty())
    if (auto why = check_output(a.output, out_format, policy); !why.empty()) return fail(io, why);
  // the proof stages of validate: a digest per catalog while it streams, then the proof graph
  ValidateResult run = validate(opt);
  for (auto &n : run.notes) io.err << "shitong: warning: " << n << "\n";
  for (auto &e : run.errors) io.err << "shitong: error: " << e << "\n";
  bool failed = !run.errors.empty();
  for (const auto &f : run.files)
    if (f.io_error.empty() && !f.readable) { // never skipped in silence: a row in the report and exit code 2
      io.err << "shitong: error: " << f.path
             << (en ? ": unreadable, not audited (run `shitong validate` for the reason)\n"
                    : "：无法读取，未参与审查（运行 shitong validate 查看原因）\n");
      failed = true;
    }
  LevelReport levels;
  levels.nodes = std::move(run.nodes);
  levels.unreadable = unreadable_files(run);
  if (levels.reported() == 0 && levels.unreadable.empty())
    return fail(io, en ? "no readable catalog in the inputs" : "输入中没有可读取的事项目录");
  CertReport &report = run.proofs;
  for (auto &f : run.findings) // the audit's findings, configured as validate configures them
    if (f.rule.starts_with("cert-") || f.rule == "material-duplicate") report.findings.push_back(std::move(f));
  std::string ungoverned;
  std::size_t n_ungoverned = 0;
  for (const auto &node : levels.nodes) {
    if (node.context) continue;
    bool governed = false;
    for (const auto &reg : report.registries) governed = governed || registry_governs(reg.scope, node.code);
    if (!governed && ++n_ungoverned <= 5) ungoverned += " " + node.code;
  }
  if (n_ungoverned > 0)
    io.err << (en ? fmt::format(
                        "shitong: warning: no proof registry governs {} of {} catalog(s) ({}{}): only shareable "
                        "and circular proofs were checked there\n",
                        n_ungoverned, levels.reported(), ungoverned.substr(1), n_ungoverned > 5 ? " …" : "")
                  : fmt::format("shitong: warning: {} 个目录中有 {} 个没有证明事项清单管辖（{}{}）：这些目录只检查了"
                                "可共享和循环证明\n",
                                levels.reported(), n_ungoverned, ungoverned.substr(1), n_ungoverned > 5 ? " …" : ""));
  std::string text = a.graph == "dot"         ? certs_dot(levels, report)
                     : a.graph == "mermaid"   ? certs_mermaid(levels, report)
                     : a.format == "json"     ? certs_json(levels, report, en)
                     : a.format == "markdown" ? certs_markdown(levels, report, en)
                                              : certs_text(levels, report, en);
  if (!a.output.empty()) {
    if (auto err = write_output(a.output, text, out_format, policy); !err.empty()) return fail(io, err);
  } else {
    io.out << text;
  }
  if (failed) return k_failure;
  // a graph is a picture, not a verdict: it was asked for and produced (docs/output.md)
  if (!a.graph.empty()) return k_ok;
  for (const auto &f : report.findings)
    if (f.rule != "cert-shareable" && f.rule != "material-duplicate") return k_findings;
  return k_ok;
}
} // namespace

void setup_certs(CLI::App &app, Io &io, Action &action) {
  auto args = std::make_shared<CertsArgs>();
  auto *cmd =
      app.add_subcommand("certs", tr(io, "证明事项审查：保留、已取消、未列入清单、奇葩、可共享和循环证明",
                                     "proof audit: retained, cancelled, unlisted, odd, shareable and circular proofs"));
  cmd->add_option(
      "paths", args->paths,
      tr(io, "事项目录和证明事项清单（默认 ./catalogs）", "catalogs and proof registries (default ./catalogs)"));
  add_format(*cmd, *args, {"text", "json", "markdown"}, tr(io, "报告格式", "report format"), "text", io);
  cmd->add_option(
         "--graph", args->graph,
         tr(io,
            "改为输出证明依赖关系图（循环标红）；dot 用 `dot -Tsvg` 渲染，mermaid 可在任何 Mermaid 查看器中打开；"
            "产生了图即退出码 0",
            "print the proof dependency graph instead (cycles in red); render dot with `dot -Tsvg`, mermaid "
            "in any Mermaid viewer; exits 0 when the graph was produced"))
      ->check(CLI::IsMember({"dot", "mermaid"}));
  add_common(*cmd, *args, k_opt_config | k_opt_lang | k_opt_jobs | k_opt_output, io);
  add_no_context(*cmd, args->no_context, io);
  cmd->footer(
      exit_footer(io,
                  "0 没有已取消、未列入、奇葩或循环证明（--graph：图已输出）；1 有；2 运行失败（含无法读取的文件）。"
                  "文档：docs/certs.md",
                  "0 no cancelled, unlisted, odd or circular proof (--graph: the graph was written); 1 some; "
                  "2 the run failed (an unreadable file too). Docs: docs/certs.md"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_certs(*args, io); }; });
}

} // namespace shitong::cli
