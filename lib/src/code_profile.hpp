// Code profiles: how a platform writes 基本编码 (basic codes) and 实施编码 (implementation
// codes). The national profile is the default; provinces run their own layouts (Sichuan ships
// here; an office defines its own under `code_profiles:` of `.shitong.yaml`, built by
// profile_config.cpp), and `.shitong.yaml` names one with `code_profile:`. Rules code-format,
// code-type and implementation-code read the active profile, and their messages describe its
// layout.
#pragma once

#include "pattern.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shitong {

/// Where a basic code carries its item type (事项类型), and what each value means.
struct TypeSlot {
  std::size_t position = 0; ///< 1-based position of the first character
  std::size_t length = 0;
  std::vector<std::pair<std::string, std::string>> values; ///< value -> 事项类型
  std::string alphabet; ///< characters a type code is written in; other characters there: no type code

  /// The value that stands for `type`, or nullptr.
  const std::string *value_of(std::string_view type) const;
  /// The 事项类型 a value stands for, or nullptr.
  const std::string *type_of(std::string_view value) const;
  /// "第 3-4 位" / "第 4 位" and "chars 3-4" / "char 4".
  std::string where_zh() const;
  std::string where_en() const;
};

/// One way a basic code may be written: a whole-code pattern and, when the form has one, its
/// type slot. A form without a slot never gets a code-type finding.
struct BasicForm {
  Pattern pattern;
  std::optional<TypeSlot> type;
};

/// One named part of an implementation code. Roles the checks know: `basic` (must equal the
/// item code), `area` (a 12-digit area code inside the catalog's region), `body` (the
/// implementing body: agency_code, or its 组织机构代码 part). Other names are format only.
struct Segment {
  std::string name;
  std::string pattern;   ///< RE2, without anchors; may contain the separator
  std::size_t group = 0; ///< its capturing group in CodeProfile::implementation (set by join_segments)
};

struct CodeProfile {
  std::string name;                     ///< `national`, `sichuan`, ...
  std::string title_zh, title_en;       ///< 全国 / national, 四川省 / Sichuan
  std::string basic_zh, basic_en;       ///< the basic-code layout in words, for code-format
  std::vector<BasicForm> basic;         ///< in order; the first that matches decides the type slot
  bool national_implementation = false; ///< 31/33-character USCC + level digit + basic code
  std::string separator;                ///< between implementation-code segments
  std::vector<Segment> segments;        ///< empty with national_implementation
  Pattern implementation;               ///< the segments joined, one capturing group each
  std::string layout_zh, layout_en;     ///< the implementation-code layout in words

  /// The first basic form that matches `code`, or nullptr.
  const BasicForm *form_of(const std::string &code) const;
  /// Index of the segment with this name, or -1.
  int segment_index(std::string_view name) const;
  /// A text that changes whenever anything of the profile changes (the cache key of a run).
  std::string fingerprint() const;
};

/// `text` as an RE2 pattern that matches exactly it.
std::string quote_literal(std::string_view text);
/// Builds `implementation` from the segments and the separator, and each segment's group.
/// False, with `error` filled, when a segment or the whole does not compile.
bool join_segments(CodeProfile &profile, Pattern::Error &error);

/// The shipped profile called `name`, or nullptr.
const CodeProfile *find_profile(std::string_view name);
/// Names of the shipped profiles, national first.
std::vector<std::string_view> profile_names();

} // namespace shitong
