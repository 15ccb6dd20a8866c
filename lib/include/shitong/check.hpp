// The per-file checks (region, item and material rules) of one loaded file. They
// need nothing else, so files are checked in parallel; the rules across files (levels,
// proofs, region-duplicate) run in later stages of the validate run. Findings are appended;
// nothing stops at the first one.
#pragma once

#include <shitong/config.hpp>
#include <shitong/finding.hpp>
#include <shitong/loader.hpp>

#include <memory>
#include <vector>

namespace shitong {

struct CodeProfile; // code_profile.hpp (internal)

/// What the per-file checks need besides the file: prepared once per run.
class CheckContext {
public:
  explicit CheckContext(const Config &config);
  ~CheckContext();
  CheckContext(const CheckContext &) = delete;
  CheckContext &operator=(const CheckContext &) = delete;

  /// True when `code` matches the configured (or built-in) 事项编码 pattern.
  bool code_matches(const std::string &code) const;
  /// The pattern as written, for messages.
  const std::string &code_pattern() const { return m_pattern_text; }
  /// True when `.shitong.yaml` gives a usable code_pattern (it replaces the profile's forms).
  bool pattern_configured() const;
  /// The active code profile (national unless the config names another).
  const CodeProfile &profile() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::string m_pattern_text;
};

/// Region rules of the catalog header and every item rule (docs/format.md §8) of one loaded catalog.
void check_catalog(const LoadedFile &file, const CheckContext &context, std::vector<Finding> &out);

/// Header rules of a proof registry (scope).
void check_certificates(const LoadedFile &file, std::vector<Finding> &out);

} // namespace shitong
