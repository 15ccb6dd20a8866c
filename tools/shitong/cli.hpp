// The command line: one CLI11 app with a subcommand per file (cmd_<name>.cpp). `run` is the
// whole program minus process setup, so tests drive it in-process with their own streams.
#pragma once

#include <CLI/CLI.hpp>

#include <shitong/config.hpp>

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
};

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

/// Runs the tool with `args` (without the program name). Never throws.
int run(const std::vector<std::string> &args, Io &io);

/// The run's configuration: `path` when given (it must exist), else .shitong.yaml found upward
/// from io.cwd unless `no_config`. Returns false (after printing the error) when `path` is missing.
bool resolve_config(const std::string &path, bool no_config, Io &io, Config &out);

/// Prints "shitong: error: <message>" and returns k_failure.
int fail(Io &io, const std::string &message);

} // namespace shitong::cli
