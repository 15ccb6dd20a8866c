// Shared by the libFuzzer harnesses: the fuzzed bytes as text, and the properties every report
// must keep whatever the input (well-formed JSON and XML, no terminal escapes in text output).
#pragma once

#include "wellformed.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace shitong::fuzz {

inline std::string_view as_text(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

/// Aborts (a libFuzzer crash) with `what` when `ok` is false.
inline void require(bool ok, const char *what, std::string_view detail = {}) {
  if (ok) return;
  std::string shown(detail.substr(0, 2000));
  std::fprintf(stderr, "property violated: %s\n%s\n", what, shown.c_str());
  std::abort();
}

} // namespace shitong::fuzz

#include <shitong/report.hpp>
#include <shitong/validate.hpp>

namespace shitong::fuzz {

inline bool contains_nocase(std::string_view hay, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

/// Runs every report writer on `r` and aborts when one of them is not well-formed.
inline void check_reports(const ValidateResult &r) {
  for (bool en : {false, true}) {
    require(wellformed::terminal_safe(format_text(r, TextOptions{en, false})).empty(), "text output",
            wellformed::terminal_safe(format_text(r, TextOptions{en, false})));
    require(wellformed::terminal_safe(format_text(r, TextOptions{en, true}), true).empty(), "coloured text output");
    std::string json = format_json(r, en);
    require(wellformed::json(json).empty(), "JSON output", wellformed::json(json));
    CiOptions o;
    o.english = en;
    std::string sarif = format_sarif(r, o);
    require(wellformed::json(sarif).empty(), "SARIF output", wellformed::json(sarif));
    std::string junit = format_junit(r, o);
    require(wellformed::xml_chars(junit).empty(), "JUnit output", wellformed::xml_chars(junit));
    std::string gh = format_github(r, o);
    for (std::size_t i = 0; i < gh.size();) { // one workflow command per line
      require(gh.compare(i, 2, "::") == 0, "GitHub output: a line that is not a command", gh.substr(i, 200));
      auto nl = gh.find('\n', i);
      i = nl == std::string::npos ? gh.size() : nl + 1;
    }
    std::string md = format_markdown(r, o);
    require(!contains_nocase(md, "](javascript") && !contains_nocase(md, "<script") && !contains_nocase(md, "<img"),
            "Markdown output: a link or markup from a value", md);
    std::string html = format_html(r, o);
    std::size_t scripts = 0;
    for (std::size_t p = html.find("<script"); p != std::string::npos; p = html.find("<script", p + 1)) ++scripts;
    require(scripts == 1 && !contains_nocase(html, "javascript:") && !contains_nocase(html, "<img"),
            "HTML output: markup from a value", html);
    require(wellformed::xml_chars(html).empty(), "HTML output: characters", wellformed::xml_chars(html));
  }
}

} // namespace shitong::fuzz
