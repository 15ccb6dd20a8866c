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
};

int run_certs(const CertsArgs &a, Io &io) {
  bool en = a.english();
  auto inputs = a.paths.empty() ? std::vector<std::string>{"catalogs"} : a.paths;
  OutputPolicy policy = output_policy(a, inputs, en);
  std::string out_format = a.graph.empty() ? a.format : a.graph;
  if (!a.output.empty())
    if (auto why = check_output(a.output, out_format, policy); !why.empty()) return fail(io, why);
  std::vector<std::string> errors, notes;
  auto names = collect_files(inputs, errors, notes);
  for (auto &n : notes) io.err << "shitong: warning: " << n << "\n";
  for (auto &e : errors) io.err << "shitong: error: " << e << "\n";
  auto files = load_files(names, a.jobs);
  std::vector<const LoadedFile *> ptrs;
  for (auto &f : files) {
    if (!f.io_error.empty()) {
      io.err << "shitong: error: " << f.path << ": " << f.io_error << "\n";
      errors.push_back(f.path);
    } else if (!f.readable) { // never skipped in silence: a row in the report and exit code 2
      io.err << "shitong: error: " << f.path
             << (en ? ": unreadable, not audited (run `shitong validate` for the reason)\n"
                    : "：无法读取，未参与审查（运行 shitong validate 查看原因）\n");
      errors.push_back(f.path);
    }
    ptrs.push_back(&f);
  }
  LevelReport levels = compare_levels(ptrs, a.jobs);
  levels.unreadable = unreadable_files(ptrs);
  if (levels.nodes.empty() && levels.unreadable.empty())
    return fail(io, en ? "no readable catalog in the inputs" : "输入中没有可读取的事项目录");
  CertReport report = audit_certificates(levels, ptrs);
  std::string ungoverned;
  std::size_t n_ungoverned = 0;
  for (const auto &node : levels.nodes) {
    bool governed = false;
    for (const auto *reg : report.registries)
      governed = governed || registry_governs(reg->certificates.scope.value, node.code);
    if (!governed && ++n_ungoverned <= 5) ungoverned += " " + node.code;
  }
  if (n_ungoverned > 0)
    io.err << (en ? fmt::format(
                        "shitong: warning: no proof registry governs {} of {} catalog(s) ({}{}): only shareable "
                        "and circular proofs were checked there\n",
                        n_ungoverned, levels.nodes.size(), ungoverned.substr(1), n_ungoverned > 5 ? " …" : "")
                  : fmt::format("shitong: warning: {} 个目录中有 {} 个没有证明事项清单管辖（{}{}）：这些目录只检查了"
                                "可共享和循环证明\n",
                                levels.nodes.size(), n_ungoverned, ungoverned.substr(1), n_ungoverned > 5 ? " …" : ""));
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
  if (!errors.empty()) return k_failure;
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
  add_common(*cmd, *args, k_opt_lang | k_opt_jobs | k_opt_output, io);
  cmd->footer(
      exit_footer(io,
                  "0 没有已取消、未列入、奇葩或循环证明（--graph：图已输出）；1 有；2 运行失败（含无法读取的文件）。"
                  "文档：docs/certs.md",
                  "0 no cancelled, unlisted, odd or circular proof (--graph: the graph was written); 1 some; "
                  "2 the run failed (an unreadable file too). Docs: docs/certs.md"));
  cmd->callback([args, &io, &action] { action = [args, &io] { return run_certs(*args, io); }; });
}

} // namespace shitong::cli
