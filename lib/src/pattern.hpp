// User-supplied regular expressions (a registry's odd-proof patterns, `.shitong.yaml`'s
// `code_pattern`). Every one goes through RE2: matching is linear in the text, nothing recurses
// on the pattern, and compiled programs are bounded in memory, so no pattern can hang, crash or
// exhaust a run. std::regex is not used anywhere in the library.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace shitong {

/// A compiled pattern over UTF-8 text ("." and character classes mean code points). Copies share
/// one compiled program; matching is const and thread-safe.
class Pattern {
public:
  /// Longest pattern text accepted, in bytes; longer ones are rejected before compiling.
  static constexpr std::size_t k_max_length = 4096;

  /// Why a pattern was rejected, in both languages (empty when it compiled).
  struct Error {
    std::string zh, en;
    explicit operator bool() const { return !zh.empty(); }
  };

  /// Compiles `text` (RE2 syntax: the ECMAScript subset without backreferences and lookaround).
  /// On failure returns an empty Pattern and fills `error`.
  static Pattern compile(std::string_view text, Error &error);

  Pattern();
  ~Pattern();
  Pattern(const Pattern &);
  Pattern &operator=(const Pattern &);

  /// False for a default-constructed or failed pattern (which matches nothing).
  bool valid() const { return m_re != nullptr; }
  /// True when the pattern matches somewhere in `text` (like ECMAScript's search).
  bool search(std::string_view text) const;
  /// True when the whole of `text` matches; `groups` gets each capturing group's text (empty
  /// for a group that took no part).
  bool full_match(std::string_view text, std::vector<std::string> &groups) const;
  const std::string &text() const { return m_text; }
  /// The number of capturing groups (0 for an invalid pattern).
  std::size_t groups() const;

private:
  std::shared_ptr<const re2::RE2> m_re;
  std::string m_text;
};

} // namespace shitong
