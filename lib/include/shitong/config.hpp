// Configuration (docs/format.md §9): `.shitong.yaml`, found in the current directory or the nearest
// parent, or given with --config. A broken config file is reported as findings of rule
// `config` with line and column; whatever could be read still applies.
#pragma once

#include <shitong/finding.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shitong {

struct CodeProfile; // code_profile.hpp (internal)

/// An accepted deviation: silences findings that match every given field.
struct IgnoreEntry {
  std::string rule;   ///< required
  std::string region; ///< optional region code
  std::string item;   ///< optional item code
  std::string path;   ///< optional field path prefix, e.g. items[3].materials
  std::string file;   ///< optional: the file path ends with this
  std::string reason; ///< required
  Location location;  ///< where the entry is written (for unused-ignore)
};

/// The built-in 事项编码 pattern: 12 digits or capital letters (docs/format.md §7).
inline constexpr std::string_view k_default_code_pattern = "^[0-9A-Z]{12}$";

/// `limits:` of `.shitong.yaml` (docs/configuration.md): the bounds that keep a run's time and
/// memory in proportion to its input. Each one reached is a `limit` finding, never silent.
struct Limits {
  std::uint32_t findings_per_file = 1000;   ///< listed per file; the rest are counted in one finding
  std::uint32_t items_per_catalog = 100000; ///< root list entries read per file (items, retained, …)
  std::uint32_t text_length = 4000;         ///< characters of a text value that rules compare
};

struct Config {
  std::string source; ///< file it was read from; empty for built-in defaults
  Severity fail_on = Severity::error;
  bool english = false;
  std::string code_pattern;              ///< empty: the code profile's basic-code patterns
  std::string code_profile = "national"; ///< national, sichuan, or a profile of code_profiles
  /// The office's own profile (`code_profiles:`) that code_profile names; null for a shipped one.
  std::shared_ptr<const CodeProfile> defined_profile;
  std::vector<IgnoreEntry> ignores;
  Limits limits;
  std::vector<Finding> findings; ///< problems of the config file itself (rule `config`)

  /// Severity of a rule after overrides, or nullopt when the rule is off.
  std::optional<Severity> severity_of(std::string_view rule) const;
  /// Sets a rule's severity (nullopt: off).
  void set_rule(std::string_view rule, std::optional<Severity> severity);
  /// A stable text that changes whenever an option that affects findings changes.
  std::string fingerprint() const;

private:
  std::vector<signed char> m_overrides; ///< per rule_index: -1 default, 0-2 severity, 3 off
};

/// Reads a config file. Never throws: problems go to Config::findings; an unreadable file is
/// one finding at line 0.
Config load_config(const std::string &path);
/// Parses the text of a `.shitong.yaml`; `path` is used only for locations (load_config reads
/// the file and calls this).
Config parse_config(const std::string &path, std::string_view text);

/// Searches `.shitong.yaml` in `start_dir` and its parents; returns the path or nullopt.
std::optional<std::string> find_config(const std::string &start_dir);

} // namespace shitong
