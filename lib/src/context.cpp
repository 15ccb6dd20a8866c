// Repository context: the repository root, its files, and what a run's inputs need of them.
#include "context.hpp"

#include <shitong/certs.hpp>

#include "levels_internal.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace shitong::detail {

namespace {

/// `dir` in the style of `like`: relative to the working directory when `like` is relative.
std::string in_style_of(const fs::path &dir, const std::string &like) {
  if (fs::path(like).is_absolute()) return dir.generic_string();
  std::error_code ec;
  auto rel = fs::proximate(dir, fs::current_path(ec), ec);
  return ec ? dir.generic_string() : rel.generic_string();
}

bool yaml_name(const fs::path &p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

bool hidden_name(const fs::path &p) {
  auto name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

bool catalog_with_code(const Header &h) {
  const std::string &c = h.region_code.value;
  return h.kind == DocKind::catalog && h.readable && c.size() == 6 &&
         c.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

std::string repository_root(const std::string &path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec).lexically_normal();
  if (!p.has_filename()) p = p.parent_path(); // "dir/" names dir
  fs::path start = fs::is_directory(p, ec) ? p : p.parent_path();
  fs::path git;
  for (fs::path d = start;; d = d.parent_path()) {
    if (fs::is_regular_file(d / ".shitong.yaml", ec)) return in_style_of(d, path);
    if (git.empty() && fs::exists(d / ".git", ec)) git = d;
    if (!d.has_parent_path() || d.parent_path() == d) break;
  }
  return in_style_of(git.empty() ? start : git, path);
}

std::vector<std::string> repository_files(const std::string &root) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path &entry = it->path();
    bool dir = it->is_directory(ec);
    if (hidden_name(entry) || (dir && fs::is_regular_file(entry / ".shitong.yaml", ec))) {
      if (dir) it.disable_recursion_pending();
      continue;
    }
    if (!dir && it->is_regular_file(ec) && yaml_name(entry)) out.push_back(entry.lexically_normal().generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ContextSelection select_context(const std::vector<Header> &inputs, const std::vector<Header> &candidates) {
  ContextSelection sel;
  std::set<std::string> input_codes;
  for (const Header &h : inputs)
    if (catalog_with_code(h)) input_codes.insert(h.region_code.value);
  std::map<std::string, std::size_t> first_of_code; // candidates: the catalog a chain would use
  for (std::size_t c = 0; c < candidates.size(); ++c)
    if (catalog_with_code(candidates[c])) first_of_code.emplace(candidates[c].region_code.value, c);
  std::set<std::size_t> chosen;
  std::set<std::string> missing_seen;
  std::set<std::string> chain_codes_of_inputs = input_codes; // the inputs and their upper catalogs
  for (const Header &h : inputs) {                           // the chains
    if (!catalog_with_code(h)) continue;
    for (const auto &up : chain_codes(h.region_code.value, h.parent)) {
      chain_codes_of_inputs.insert(up);
      if (input_codes.count(up)) continue;
      if (auto f = first_of_code.find(up); f != first_of_code.end())
        chosen.insert(f->second);
      else if (missing_seen.insert(up + "/" + h.region_code.value).second)
        sel.missing.push_back({up, h.region_code.value, h.region_name});
    }
  }
  // Below an input or below any catalog of its chain, or its region again. The proof graph
  // needs all of them: an applicant of a city item turns to issuers below the city when
  // neither the city nor the province issues what it asks for, and a county beside the input
  // may be the issuer that settles whether the input's item sits in a cycle.
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const Header &h = candidates[c];
    if (!catalog_with_code(h)) continue;
    bool related = input_codes.count(h.region_code.value) > 0;
    for (const auto &up : chain_codes(h.region_code.value, h.parent))
      related = related || chain_codes_of_inputs.count(up);
    if (related) chosen.insert(c);
  }
  std::set<std::string> codes = input_codes; // the registries governing any catalog of the run
  for (std::size_t c : chosen) codes.insert(candidates[c].region_code.value);
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const Header &h = candidates[c];
    if (h.kind != DocKind::certificates || !h.readable || h.scope.empty()) continue;
    bool governs = false;
    for (const auto &code : codes) governs = governs || registry_governs(h.scope, code);
    if (governs) chosen.insert(c);
  }
  sel.files.assign(chosen.begin(), chosen.end());
  return sel;
}

std::vector<std::string> missing_upper_notes(const std::vector<MissingUpper> &missing, bool context_on) {
  std::vector<std::string> notes;
  for (std::size_t m = 0; m < missing.size();) { // one note per catalog: its missing upper catalogs
    std::vector<std::string> codes;
    std::size_t e = m;
    for (; e < missing.size() && missing[e].below == missing[m].below; ++e) codes.push_back(missing[e].code);
    notes.push_back(fmt::format("未找到上级目录 {0}（{1} {2} 的上级{3}），与它的三级十同比对未执行 / upper catalog {4} "
                                "of {1} {2} not found{5}: "
                                "the three-level comparison with it was not made",
                                fmt::join(codes, "、"), missing[m].below, missing[m].below_name,
                                context_on ? "，仓库中也没有" : "；--no-context 未加载仓库上下文",
                                fmt::join(codes, ", "),
                                context_on ? " in the repository" : " among the inputs (--no-context)"));
    m = e;
  }
  return notes;
}

} // namespace shitong::detail
