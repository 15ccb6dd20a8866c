// Text edits (fix.hpp): applying them in one pass, the unified diff of a set of edits, the
// names of the ten fields, and writing a fixed file back.
#include <shitong/fix.hpp>

#include <shitong/output.hpp>
#include <shitong/regions.hpp>
#include <shitong/rules.hpp>

#include "fix_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace shitong {

std::string apply_edits(std::string_view original, std::vector<TextEdit> &edits, std::vector<TextEdit> &overlapping) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit &a, const TextEdit &b) { return a.begin < b.begin; });
  std::vector<TextEdit> kept;
  std::string out;
  out.reserve(original.size());
  std::size_t at = 0;
  for (auto &e : edits) {
    // insertions at one point are all kept, in order; anything else that starts before the
    // end of the previous edit overlaps it
    bool overlaps = e.begin < at;
    if (overlaps || e.end < e.begin || e.end > original.size()) {
      overlapping.push_back(std::move(e));
      continue;
    }
    out.append(original.substr(at, e.begin - at));
    out.append(e.replacement);
    at = e.end;
    kept.push_back(std::move(e));
  }
  out.append(original.substr(at));
  edits = std::move(kept);
  return out;
}

std::vector<TextEdit> compose_edits(std::string_view original, const std::vector<TextEdit> &first,
                                    const std::vector<TextEdit> &second) {
  // Both lists in the coordinates of the intermediate text: first's edits cover their
  // replacements there. Clusters of intervals that overlap or touch become one edit when they
  // hold an edit of `second`; a cluster of first's edits alone stays as it was.
  struct Piece {
    std::size_t begin, end; // intermediate offsets
    const TextEdit *edit;
    bool second;
    long delta; // first: replacement size minus replaced size
  };
  std::vector<Piece> pieces;
  long shift = 0;
  for (const auto &e : first) {
    std::size_t b = static_cast<std::size_t>(static_cast<long>(e.begin) + shift);
    long delta = static_cast<long>(e.replacement.size()) - static_cast<long>(e.end - e.begin);
    pieces.push_back({b, b + e.replacement.size(), &e, false, delta});
    shift += delta;
  }
  for (const auto &e : second) pieces.push_back({e.begin, e.end, &e, true, 0});
  std::stable_sort(pieces.begin(), pieces.end(), [](const Piece &a, const Piece &b) { return a.begin < b.begin; });
  std::string middle;
  { // the intermediate text
    std::vector<TextEdit> copy = first, dropped;
    middle = apply_edits(original, copy, dropped);
  }
  std::vector<TextEdit> out;
  long before = 0; // sum of the deltas of first's edits before the current cluster
  for (std::size_t i = 0; i < pieces.size();) {
    std::size_t j = i + 1, end = pieces[i].end;
    bool has_second = pieces[i].second;
    for (; j < pieces.size() && pieces[j].begin <= end; ++j) {
      end = std::max(end, pieces[j].end);
      has_second = has_second || pieces[j].second;
    }
    long inside = 0;
    for (std::size_t k = i; k < j; ++k) inside += pieces[k].delta;
    if (!has_second) {
      for (std::size_t k = i; k < j; ++k) out.push_back(*pieces[k].edit);
    } else {
      std::size_t x = pieces[i].begin;
      TextEdit merged;
      merged.begin = static_cast<std::size_t>(static_cast<long>(x) - before);
      merged.end = static_cast<std::size_t>(static_cast<long>(end) - before - inside);
      std::size_t at = x;
      std::vector<const TextEdit *> firsts;
      for (std::size_t k = i; k < j; ++k) {
        const TextEdit &e = *pieces[k].edit;
        if (!pieces[k].second) {
          firsts.push_back(&e);
          continue;
        }
        merged.replacement.append(middle.substr(at, e.begin - at));
        merged.replacement += e.replacement;
        at = e.end;
      }
      merged.replacement.append(middle.substr(at, end - at));
      merged.line = 0;
      for (std::size_t k = i; k < j; ++k) {
        const TextEdit &e = *pieces[k].edit;
        merged.rules.insert(merged.rules.end(), e.rules.begin(), e.rules.end());
        if (!e.note.empty() && merged.note.find(e.note) == std::string::npos)
          merged.note += (merged.note.empty() ? "" : "；") + e.note;
        if (!pieces[k].second && (merged.line == 0 || e.line < merged.line)) merged.line = e.line;
      }
      if (merged.line == 0) { // only edits of `second`: the line in the original
        merged.line = 1;
        for (std::size_t k = 0; k < merged.begin && k < original.size(); ++k)
          if (original[k] == '\n') ++merged.line;
      }
      out.push_back(std::move(merged));
    }
    before += inside;
    i = j;
  }
  return out;
}

namespace {

/// The offset in `original` of `offset` of the text `edits` (sorted) make of it: moved back
/// over the edits before it, or the start of the edit it falls in.
std::size_t offset_before_edits(const std::vector<TextEdit> &edits, std::size_t offset) {
  long shift = 0;
  for (const auto &e : edits) {
    std::size_t b = static_cast<std::size_t>(static_cast<long>(e.begin) + shift);
    if (offset < b) break;
    if (offset < b + e.replacement.size()) return e.begin;
    shift += static_cast<long>(e.replacement.size()) - static_cast<long>(e.end - e.begin);
  }
  return static_cast<std::size_t>(static_cast<long>(offset) - shift);
}

std::uint32_t line_at(std::string_view text, std::size_t offset) {
  std::uint32_t line = 1;
  for (std::size_t k = 0; k < offset && k < text.size(); ++k)
    if (text[k] == '\n') ++line;
  return line;
}

std::size_t line_offset(std::string_view text, std::uint32_t line) {
  std::size_t at = 0;
  for (std::uint32_t n = 1; n < line && at < text.size(); ++n) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) return text.size();
    at = nl + 1;
  }
  return at;
}

} // namespace

namespace {

/// Findings of rules fix cannot repair at all, per file.
std::map<std::string, std::uint64_t> manual_per_file(const ValidateResult &run) {
  std::map<std::string, std::uint64_t> out;
  for (const auto &f : run.findings)
    if (const RuleInfo *r = find_rule(f.rule); !r || r->fixable == Fixable::no) ++out[f.location.file];
  return out;
}

/// The inputs a later pass checks again: the files of `again`, the catalogs among the inputs
/// above them, and those below them unless another input has the same region (their
/// comparisons change with them).
std::vector<std::string> again_paths(const ValidateResult &run, const std::set<std::string> &again,
                                     const std::map<std::string, FileFix> &files) {
  std::set<std::string> out(again.begin(), again.end());
  for (const auto &f : run.files)
    if (f.kind == DocKind::certificates) out.insert(f.path); // the proof registries
  for (const auto &path : again) {
    auto fixed = files.find(path);
    if (fixed == files.end()) continue;
    LoadedFile model = load_document(path, fixed->second.fixed);
    if (model.kind != DocKind::catalog || !model.catalog.region.code.present) continue;
    const std::string &code = model.catalog.region.code.value;
    // the catalogs below were compared with another input of the same region (a draft copy
    // beside the catalog): their comparisons do not wait for this file
    bool region_known = std::any_of(run.files.begin(), run.files.end(), [&](const LoadedFile &f) {
      return f.path != path && f.kind == DocKind::catalog && f.catalog.region.code.present &&
             f.catalog.region.code.value == code;
    });
    std::vector<std::string> above = ancestor_codes(code);
    if (model.catalog.parent.present) above.push_back(model.catalog.parent.value);
    for (const auto &f : run.files) {
      if (f.kind != DocKind::catalog || !f.catalog.region.code.present) continue;
      const std::string &other = f.catalog.region.code.value;
      auto chain = ancestor_codes(other);
      if (f.catalog.parent.present) chain.push_back(f.catalog.parent.value);
      if (std::find(above.begin(), above.end(), other) != above.end() ||
          (!region_known && std::find(chain.begin(), chain.end(), code) != chain.end()))
        out.insert(f.path);
    }
  }
  return {out.begin(), out.end()};
}

} // namespace

FixRun fix_to_fixpoint(ValidateOptions validation, FixOptions options, unsigned max_passes) {
  FixRun out;
  out.run = validate(validation);
  if (!out.run.errors.empty()) return out;
  const Config *config = options.config;
  options.config = config ? config : &validation.config;
  out.plan = plan_fixes(out.run, options);
  std::map<std::string, FileFix> files; // path -> the composed fix
  for (auto &f : out.plan.files) files[f.path] = f;
  // what is left, per file, from the last pass that checked the file
  std::map<std::string, std::vector<FixLeft>> left;
  for (auto &l : out.plan.left) left[l.file].push_back(l);
  std::map<std::string, std::uint64_t> manual = manual_per_file(out.run);
  unsigned passes = 1;
  bool again = out.plan.again;
  std::set<std::string> again_files = out.plan.again_files;
  std::map<std::string, std::string> texts;
  while (again && passes < max_passes) {
    texts.clear();
    for (const auto &[path, f] : files) texts[path] = f.fixed;
    ValidateOptions v = validation;
    v.texts = texts;
    v.paths = again_paths(out.run, again_files, files); // the others would find what pass 1 planned
    v.context = false;                                  // the inputs that matter are all given
    ValidateResult next = validate(v);
    if (!next.errors.empty()) break;
    FixOptions o = options;
    o.texts = &texts;
    FixPlan plan = plan_fixes(next, o);
    ++passes;
    bool consistent = true;
    std::map<std::string, FileFix> composed = files;
    for (auto &f : plan.files) {
      auto prev = files.find(f.path);
      if (prev == files.end()) {
        composed[f.path] = f;
        continue;
      }
      FileFix c;
      c.path = f.path;
      c.original = prev->second.original;
      c.edits = compose_edits(c.original, prev->second.edits, f.edits);
      std::vector<TextEdit> check = c.edits, dropped;
      c.fixed = apply_edits(c.original, check, dropped);
      if (!dropped.empty() || c.fixed != f.fixed) {
        consistent = false; // never expected: keep what the passes before planned
        break;
      }
      c.edits = std::move(check);
      composed[f.path] = std::move(c);
    }
    if (!consistent) break;
    files = std::move(composed);
    // what is left: in the repaired files, as this pass sees them; the other files were
    // checked in full before
    for (const auto &path : again_files) {
      left.erase(path);
      manual.erase(path);
    }
    for (auto &[path, n] : manual_per_file(next))
      if (again_files.count(path)) manual[path] = n;
    for (auto &l : plan.left) { // at the lines of the files as read
      if (!again_files.count(l.file)) continue;
      if (auto f = files.find(l.file); f != files.end() && l.line > 0) {
        std::size_t at = offset_before_edits(f->second.edits, line_offset(f->second.fixed, l.line));
        l.line = line_at(f->second.original, at);
      }
      left[l.file].push_back(std::move(l));
    }
    out.plan.errors.insert(out.plan.errors.end(), plan.errors.begin(), plan.errors.end());
    again = plan.again;
    again_files = plan.again_files;
  }
  out.plan.files.clear();
  for (auto &[path, f] : files) out.plan.files.push_back(std::move(f));
  if (passes > 1) { // else the first plan's, in its order
    out.plan.left.clear();
    for (auto &[path, entries] : left)
      for (auto &l : entries) out.plan.left.push_back(std::move(l));
    out.plan.manual = 0;
    for (const auto &[path, n] : manual) out.plan.manual += n;
  }
  out.plan.passes = passes;
  out.plan.again = again;
  out.plan.again_files = again_files;
  out.plan.converged = !again;
  return out;
}

namespace {

/// Lines of a text with their newline state.
struct Lines {
  std::vector<std::string_view> lines;
  bool final_newline = true;
};

Lines split_lines(std::string_view text) {
  Lines out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      out.lines.push_back(text.substr(start));
      out.final_newline = false;
      break;
    }
    out.lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

/// A changed run of lines: old lines [first, first + old_count) become `added`.
struct LineChange {
  std::uint32_t first = 0;
  std::uint32_t old_count = 0;
  std::vector<std::string> added;
  bool added_ends_file = false; ///< the last added line is the end of the new file
};

/// The regions of the edits, one per group of edits that touch the same lines, trimmed to
/// the lines that really change.
std::vector<LineChange> changed_regions(const detail::TextIndex &t, const std::vector<TextEdit> &edits,
                                        std::uint32_t total_lines) {
  std::vector<LineChange> out;
  std::string_view text = t.text();
  for (std::size_t i = 0; i < edits.size();) {
    std::uint32_t a1 = t.line_of(edits[i].begin);
    std::uint32_t a2 = t.line_of(edits[i].end > edits[i].begin ? edits[i].end - 1 : edits[i].begin);
    std::size_t j = i + 1;
    for (; j < edits.size() && t.line_of(edits[j].begin) <= a2; ++j)
      a2 = std::max(a2, t.line_of(edits[j].end > edits[j].begin ? edits[j].end - 1 : edits[j].begin));
    std::size_t from = t.line_begin(a1);
    std::size_t to = std::min(text.size(), t.line_end(a2) + 1);
    std::string fresh;
    std::size_t at = from;
    for (std::size_t k = i; k < j; ++k) {
      fresh.append(text.substr(at, edits[k].begin - at));
      fresh += edits[k].replacement;
      at = edits[k].end;
    }
    fresh.append(text.substr(at, to - at));
    bool region_ends_file = to == text.size();
    Lines old_lines = split_lines(text.substr(from, to - from));
    Lines new_lines = split_lines(fresh);
    if (!region_ends_file) old_lines.final_newline = new_lines.final_newline = true;
    // trim lines that did not change
    std::size_t head = 0;
    while (head < old_lines.lines.size() && head < new_lines.lines.size() &&
           old_lines.lines[head] == new_lines.lines[head] &&
           (head + 1 < old_lines.lines.size() || old_lines.final_newline) &&
           (head + 1 < new_lines.lines.size() || new_lines.final_newline))
      ++head;
    std::size_t tail = 0;
    while (tail + head < old_lines.lines.size() && tail + head < new_lines.lines.size() &&
           old_lines.lines[old_lines.lines.size() - 1 - tail] == new_lines.lines[new_lines.lines.size() - 1 - tail] &&
           (tail > 0 || old_lines.final_newline == new_lines.final_newline))
      ++tail;
    std::size_t n_old = old_lines.lines.size() - head - tail, n_new = new_lines.lines.size() - head - tail;
    auto first_line = a1 + static_cast<std::uint32_t>(head);
    if (n_old > 0 && n_new > 0 && n_old * n_new <= 4'000'000 && !(region_ends_file && tail == 0)) {
      // the lines both sides keep (a longest common subsequence) split the change
      auto o = [&](std::size_t k) { return old_lines.lines[head + k]; };
      auto w = [&](std::size_t k) { return new_lines.lines[head + k]; };
      std::vector<std::uint32_t> lcs((n_old + 1) * (n_new + 1), 0); // lcs of the suffixes
      auto cell = [&](std::size_t x, std::size_t y) -> std::uint32_t & { return lcs[x * (n_new + 1) + y]; };
      for (std::size_t x = n_old; x-- > 0;)
        for (std::size_t y = n_new; y-- > 0;)
          cell(x, y) = o(x) == w(y) ? cell(x + 1, y + 1) + 1 : std::max(cell(x + 1, y), cell(x, y + 1));
      std::size_t x = 0, y = 0;
      LineChange r;
      auto flush = [&] {
        if (r.old_count > 0 || !r.added.empty()) out.push_back(std::move(r));
        r = LineChange{};
      };
      while (x < n_old || y < n_new) {
        if (x < n_old && y < n_new && o(x) == w(y)) {
          flush();
          ++x, ++y;
          continue;
        }
        if (r.old_count == 0 && r.added.empty()) r.first = first_line + static_cast<std::uint32_t>(x);
        if (y < n_new && (x == n_old || cell(x, y + 1) >= cell(x + 1, y))) {
          r.added.emplace_back(w(y++));
        } else {
          ++r.old_count;
          ++x;
        }
      }
      flush();
      i = j;
      continue;
    }
    LineChange r;
    r.first = first_line;
    r.old_count = static_cast<std::uint32_t>(n_old);
    for (std::size_t k = head; k + tail < new_lines.lines.size(); ++k) r.added.emplace_back(new_lines.lines[k]);
    r.added_ends_file = region_ends_file && tail == 0 && !new_lines.final_newline;
    if (r.old_count > 0 || !r.added.empty()) out.push_back(std::move(r));
    i = j;
  }
  (void)total_lines;
  return out;
}

constexpr std::uint32_t k_context = 3;
constexpr std::string_view k_no_newline = "\\ No newline at end of file\n";

} // namespace

std::string unified_diff(std::string_view path, std::string_view original, const std::vector<TextEdit> &edits) {
  if (edits.empty()) return {};
  detail::TextIndex t(original);
  Lines old_lines = split_lines(original);
  auto total = static_cast<std::uint32_t>(old_lines.lines.size());
  std::vector<LineChange> regions = changed_regions(t, edits, total);
  if (regions.empty()) return {};
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  auto old_line = [&](std::uint32_t n, char mark, std::string &body) {
    body += mark;
    body.append(old_lines.lines[n - 1]);
    body += '\n';
    if (n == total && !old_lines.final_newline) body += k_no_newline;
  };
  long delta = 0; // new line numbers minus old ones before the current hunk
  for (std::size_t i = 0; i < regions.size();) {
    std::size_t j = i + 1;
    auto region_end = [&](std::size_t k) { return regions[k].first + regions[k].old_count; }; // first old line after
    while (j < regions.size() && regions[j].first <= region_end(j - 1) + 2 * k_context) ++j;
    std::uint32_t start = regions[i].first > k_context ? regions[i].first - k_context : 1;
    std::uint32_t stop = std::min<std::uint32_t>(total + 1, region_end(j - 1) + k_context); // exclusive
    std::string body;
    std::uint32_t old_count = 0, new_count = 0;
    std::uint32_t n = start;
    long hunk_delta = 0;
    for (std::size_t k = i; k < j; ++k) {
      const LineChange &r = regions[k];
      for (; n < r.first; ++n, ++old_count, ++new_count) old_line(n, ' ', body);
      for (std::uint32_t m = 0; m < r.old_count; ++m, ++n, ++old_count) old_line(n, '-', body);
      for (std::size_t m = 0; m < r.added.size(); ++m, ++new_count) {
        body += '+';
        body += r.added[m];
        body += '\n';
        if (m + 1 == r.added.size() && r.added_ends_file) body += k_no_newline;
      }
      hunk_delta += static_cast<long>(r.added.size()) - static_cast<long>(r.old_count);
    }
    for (; n < stop; ++n, ++old_count, ++new_count) old_line(n, ' ', body);
    long new_start = static_cast<long>(start) + delta;
    auto range = [](long s, std::uint32_t c) {
      if (c == 0) return fmt::format("{},0", s - 1);
      return c == 1 ? fmt::format("{}", s) : fmt::format("{},{}", s, c);
    };
    out += fmt::format("@@ -{} +{} @@\n", range(start, old_count), range(new_start, new_count));
    out += body;
    delta += hunk_delta;
    i = j;
  }
  return out;
}

bool parse_ten_field(std::string_view name, TenField &out) {
  for (std::size_t i = 0; i < k_ten_fields; ++i) {
    auto f = static_cast<TenField>(i);
    if (name == ten_field_key(f) || name == ten_field_zh(f)) {
      out = f;
      return true;
    }
  }
  return false;
}

std::string write_fixed_file(const std::string &path, std::string_view original, std::string_view fixed, bool english) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream now;
  now << in.rdbuf();
  if (!in || now.str() != original)
    return english ? fmt::format("{} changed on disk since it was read; not touched", path)
                   : fmt::format("{} 在读取之后被改动过，未写入", path);
  struct stat st {};
  bool have_mode = ::stat(path.c_str(), &st) == 0;
  if (std::string err = write_file_atomic(path, fixed); !err.empty()) return err;
  if (have_mode) ::chmod(path.c_str(), st.st_mode & 07777);
  return {};
}

} // namespace shitong
