// Text edits (fix.hpp): applying them in one pass, the unified diff of a set of edits, the
// names of the ten fields, and writing a fixed file back.
#include <shitong/fix.hpp>

#include <shitong/output.hpp>

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
    LineChange r;
    r.first = a1 + static_cast<std::uint32_t>(head);
    r.old_count = static_cast<std::uint32_t>(old_lines.lines.size() - head - tail);
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
