// `shitong fix`: the findings a machine can repair, as data. A fix is a text edit of the bytes
// that were read -- replace [begin, end) with a replacement -- computed from a finding and
// the loaded models, so everything outside the edited spans (comments, key order, blank
// lines) stays byte for byte. Edits of a file are applied in one pass; an edit that overlaps
// an earlier one is left for a person. docs/fix.md.
#pragma once

#include <shitong/compare.hpp>
#include <shitong/config.hpp>
#include <shitong/finding.hpp>
#include <shitong/loader.hpp>
#include <shitong/validate.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace shitong {

/// One edit of one file: bytes [begin, end) of the original become `replacement`.
struct TextEdit {
  std::size_t begin = 0, end = 0;
  std::string replacement;
  std::vector<std::string> rules; ///< the rules of the findings it fixes (one per finding)
  std::uint32_t line = 0;         ///< line of the (first) finding
  std::string note;               ///< what it does, for the summary ("visit → visits")
};

/// A finding of a fixable rule that fix did not repair, and why.
struct FixLeft {
  std::string file;
  std::uint32_t line = 0;
  std::string rule;
  std::string item;
  std::string why_zh, why_en;
};

/// The fixes of one file.
struct FileFix {
  std::string path;
  std::string original;        ///< the bytes the edits apply to, as read
  std::vector<TextEdit> edits; ///< applied: sorted, non-overlapping
  std::string fixed;           ///< original with the edits applied
};

struct FixOptions {
  bool align = false;             ///< --align: level-* findings take the upper catalog's value
  bool unsafe = false;            ///< --unsafe
  bool add_missing = false;       ///< --add-missing (with align): copy the upper items the catalog lacks
  std::vector<TenField> fields;   ///< --field: only these ten fields (empty: all)
  std::vector<std::string> items; ///< --item: only these item codes (empty: all)
  /// The run's configuration: differences that appear only once an upper catalog is fixed
  /// are aligned too, unless it accepts them. nullptr: accept none.
  const Config *config = nullptr;
  /// Bytes to plan on in place of the files on disk (a later pass: the text the first fixes
  /// leave, as ValidateOptions::texts). nullptr: the files as on disk.
  const std::map<std::string, std::string> *texts = nullptr;
};

struct FixPlan {
  std::vector<FileFix> files; ///< files with at least one edit, by path
  std::vector<FixLeft> left;  ///< findings of fixable rules left for a person
  std::uint64_t manual = 0;   ///< findings of rules fix cannot repair at all
  std::vector<std::string> errors;
  /// Another pass on the fixed text could do more: the YAML syntax of a file was repaired (its
  /// other findings appear only once it parses) or two edits overlapped.
  bool again = false;
  std::set<std::string> again_files; ///< the files of `again`
  unsigned passes = 1;               ///< validation and planning passes it took (fix_to_fixpoint)
  bool converged = true;             ///< false: the last pass still had `again`; run fix once more
};

/// Plans the fixes of a validation run. `run` must keep its models (ValidateOptions::keep_models).
FixPlan plan_fixes(const ValidateResult &run, const FixOptions &options);

/// A whole `shitong fix` run: validation and planning, then -- while a pass sets
/// FixPlan::again -- validation and planning again on the text the fixes so far leave, at
/// most `max_passes` passes, so that one `fix --write` reaches the fixpoint. The plan's edits
/// are composed: they apply to the files as read, and `fixed` is the text after every pass.
/// Lines of findings left for a person are lines of the files as read where the text there
/// was not edited.
struct FixRun {
  ValidateResult run; ///< the first validation (errors, notes, summary; models kept)
  FixPlan plan;
};
FixRun fix_to_fixpoint(ValidateOptions validation, FixOptions options, unsigned max_passes = 3);

/// Edits `first` (on `original`) followed by edits `second` (on the text `first` leaves) as
/// edits of `original`: each edit of `second` that touches an edit of `first` is merged with
/// it into one; the others are moved to the original's offsets. Both sorted, non-overlapping.
std::vector<TextEdit> compose_edits(std::string_view original, const std::vector<TextEdit> &first,
                                    const std::vector<TextEdit> &second);

/// For `shitong init --from`: the items of `upper` (a loaded catalog, `upper_text` its bytes)
/// due at `level` ("city", "county"), each with its ten fields copied as written there and
/// nothing else, as entries of a block list at indentation 2 ("  - code: ..."). `count` is
/// how many.
std::string adopted_items(const LoadedFile &upper, std::string_view upper_text, std::string_view level,
                          std::size_t &count);

/// Applies `edits` to `original` in one pass. The edits are sorted by position; one that
/// overlaps an edit before it is moved to `overlapping` (keep the first).
std::string apply_edits(std::string_view original, std::vector<TextEdit> &edits, std::vector<TextEdit> &overlapping);

/// The unified diff of applying `edits` (sorted, non-overlapping, as apply_edits leaves them)
/// to `original`: `--- a/path`, `+++ b/path`, hunks with 3 lines of context, a missing final
/// newline marked as diff(1) does. Empty without edits.
std::string unified_diff(std::string_view path, std::string_view original, const std::vector<TextEdit> &edits);

/// What `shitong fix` prints without `--write`: the unified diff of every file of `plan`, for a
/// terminal -- each control character of the files' text and paths (ESC, a lone CR, C1, bidi
/// overrides, U+2028/U+2029) as a visible escape (\x1b, \r, \u202e), line feeds, tabs and CRLF
/// line ends kept, so a value can neither move the cursor nor hide a change, and an ordinary
/// file's diff still applies. `--write` applies the edits themselves.
std::string format_fix_diff(const FixPlan &plan);

/// What `--write` did to one file: "" written, else why not.
struct FixWritten {
  std::string path;
  std::string error;
};

/// The plan as JSON for tools: per file its edits (line, rules, note), the counts per rule,
/// what was left and why, and (after --write) what was written.
std::string format_fix_json(const FixPlan &plan, const std::vector<FixWritten> &written, bool english);

/// The summary for people (stderr): fixes per rule and per file, what was left and why.
std::string format_fix_summary(const FixPlan &plan, const std::vector<FixWritten> &written, bool write, bool english);

/// A ten field by its Chinese name (承诺时限) or YAML key (time_limit); false for neither.
bool parse_ten_field(std::string_view name, TenField &out);

/// Replaces `path` with `fixed` atomically (temporary file and rename, the file's mode kept),
/// unless its bytes are no longer `original`. Returns "" on success, else why not.
std::string write_fixed_file(const std::string &path, std::string_view original, std::string_view fixed, bool english);

} // namespace shitong
