// The command line: one CLI11 app with a subcommand per file (cmd_<name>.cpp). `run` is the
// whole program minus process setup, so tests drive it in-process with their own streams.
#pragma once

#include <CLI/CLI.hpp>

#include <shitong/config.hpp>
#include <shitong/output.hpp>

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace shitong::cli {

/// Exit codes (docs/format.md §10).
enum Exit : int { k_ok = 0, k_findings = 1, k_failure = 2 };

/// Streams and environment of one run.
struct Io {
  std::ostream &out;
  std::ostream &err;
  bool out_is_terminal = false;
  std::string cwd; ///< where .shitong.yaml is searched; "" = current directory
  /// The process exits right after the command: large results need not be freed (like
  /// clang's -disable-free). Off in tests, so leak checkers stay meaningful.
  bool disable_free = false;
  bool err_is_terminal = false; ///< progress lines go to stderr only on a terminal
  /// Language of --help: English when `--lang en` is anywhere on the command line or
  /// SHITONG_LANG=en; set by run() before the subcommands are built.
  bool help_english = false;
};

/// `zh` or `en`, whichever --help is written in.
inline std::string tr(const Io &io, const char *zh, const char *en) {
  return io.help_english ? en : zh;
}

/// The options several subcommands share. Each is added by add_common, in one place, with one
/// name, one meaning and one help text; a subcommand picks which it takes.
struct CommonArgs {
  std::string config;     ///< --config/-c
  bool no_config = false; ///< --no-config
  unsigned jobs = 0;      ///< --jobs/-j (0: hardware threads)
  std::string lang;       ///< --lang zh|en ("": config `lang`, else zh)
  std::string output;     ///< --output/-o ("": stdout)
  bool force = false;     ///< --force: replace existing output files
  std::string format;     ///< --format/-f (values differ per subcommand; see add_format)

  /// English messages? `--lang` first, else the config's `lang`.
  bool english(const Config &cfg) const { return lang.empty() ? cfg.english : lang == "en"; }
  bool english() const { return lang == "en"; }
};

enum CommonOption : unsigned {
  k_opt_config = 1u << 0, ///< --config, --no-config
  k_opt_jobs = 1u << 1,   ///< --jobs
  k_opt_lang = 1u << 2,   ///< --lang
  k_opt_output = 1u << 3, ///< --output and --force
};

/// Adds the shared options in `which` to `cmd`, bound to `args`, with help in io's language.
void add_common(CLI::App &cmd, CommonArgs &args, unsigned which, const Io &io);
/// `--no-context` (docs/context.md), for the commands that check files against their repository.
void add_no_context(CLI::App &cmd, bool &no_context, const Io &io);
/// Adds --format/-f with the given values; `fallback` is printed as the default ("" = none).
CLI::Option *add_format(CLI::App &cmd, CommonArgs &args, const std::vector<std::string> &values,
                        const std::string &help, const std::string &fallback, const Io &io);

/// The output policy of a run on `inputs` (plus the config file when one is given).
OutputPolicy output_policy(const CommonArgs &args, const std::vector<std::string> &inputs, bool english);

/// Exit-code footer lines shared by the subcommands, in io's language.
std::string exit_footer(const Io &io, const char *zh, const char *en);

/// A registered subcommand: called after parsing; returns the exit code.
using Action = std::function<int()>;

void setup_validate(CLI::App &app, Io &io, Action &action);
void setup_rules(CLI::App &app, Io &io, Action &action);
void setup_schema(CLI::App &app, Io &io, Action &action);
void setup_init(CLI::App &app, Io &io, Action &action);
void setup_diff(CLI::App &app, Io &io, Action &action);
void setup_certs(CLI::App &app, Io &io, Action &action);
void setup_publish(CLI::App &app, Io &io, Action &action);
void setup_baseline(CLI::App &app, Io &io, Action &action);
void setup_import(CLI::App &app, Io &io, Action &action);
void setup_export(CLI::App &app, Io &io, Action &action);
void setup_fix(CLI::App &app, Io &io, Action &action);

/// Runs the tool with `args` (without the program name). Never throws.
int run(const std::vector<std::string> &args, Io &io);

/// The run's configuration: `path` when given (it must exist), else .shitong.yaml found upward
/// from io.cwd unless `no_config`. Returns false (after printing the error) when `path` is missing.
bool resolve_config(const std::string &path, bool no_config, Io &io, Config &out);

/// Prints "shitong: error: <message>" and returns k_failure.
int fail(Io &io, const std::string &message);

} // namespace shitong::cli
