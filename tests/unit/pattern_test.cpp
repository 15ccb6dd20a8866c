// Pattern: user-supplied regular expressions through RE2 -- bounded, never a crash or a hang.
#include "pattern.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using shitong::Pattern;

TEST_CASE("pattern: searches UTF-8 text by code point") {
  Pattern::Error error;
  Pattern p = Pattern::compile("(健在|活着|生存)证明", error);
  REQUIRE(p.valid());
  CHECK_FALSE(error);
  CHECK(p.search("申请人生存证明"));
  CHECK_FALSE(p.search("居民身份证"));
  Pattern one = Pattern::compile("^.证明$", error);
  REQUIRE(one.valid());
  CHECK(one.search("无证明")); // "." is one character, not one byte
}

TEST_CASE("pattern: exponential-backtracking patterns match in linear time") {
  Pattern::Error error;
  const std::string text(200000, 'a');
  for (const char *bomb : {"(a|aa)*$", "(x+x+)+y", "(a*)*b", "^(a+)+$"}) {
    Pattern p = Pattern::compile(bomb, error);
    REQUIRE_MESSAGE(p.valid(), bomb);
    const auto start = std::chrono::steady_clock::now();
    (void)p.search(text + "!");
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    CHECK_MESSAGE(ms < 2000, bomb);
  }
}

TEST_CASE("pattern: a huge repetition count is rejected with a message") {
  Pattern::Error error;
  Pattern p = Pattern::compile("a{99999999999}", error);
  CHECK_FALSE(p.valid());
  CHECK(error.zh == "正则表达式「a{99999999999}」的重复次数过大（{n} 最多 1000）");
  CHECK(error.en == "regular expression 'a{99999999999}' has a repetition count over 1000");
  CHECK_FALSE(p.search("aaaa"));
}

TEST_CASE("pattern: a count without its closing brace is a typo, not literal text") {
  Pattern::Error error;
  Pattern p = Pattern::compile("[0-9]{12", error); // RE2 alone would match the text "1{12"
  CHECK_FALSE(p.valid());
  CHECK(error.zh == "正则表达式「[0-9]{12」中的「{12」缺少右花括号 }：这样会按普通文字匹配；表示重复次数请写成 {12}，"
                    "匹配花括号本身请写成 \\{");
  CHECK(error.en == "regular expression '[0-9]{12' has '{12' without a closing '}': it would match that text "
                    "literally; write {12} for a repetition, or \\{ for a brace");
  CHECK_FALSE(Pattern::compile("x{2,", error).valid());
  CHECK(error.en.find("'{2,' without a closing") != std::string::npos);
  // must not: a finished count, an escaped brace, a brace in a character class, a brace with no number
  for (const char *ok : {"[0-9]{12}", "[0-9]{2,4}", "a\\{12", "[{0-9]+", "[]{1]", "{x}", "a{", "[[:digit:]{1]",
                         "\\Q{12\\E", "\\x{4E00}{2}", "\\p{Han}{2,}", "[\\x{4E00}-\\x{9FFF}]+"}) {
    Pattern q = Pattern::compile(ok, error);
    CHECK_MESSAGE(q.valid(), ok);
  }
  CHECK(Pattern::compile("[0-9]{12}", error).search("370100123001"));
  CHECK_FALSE(Pattern::compile("[[:digit:]]{12", error).valid()); // after a class with a POSIX name
  CHECK_FALSE(Pattern::compile("\\Q{\\E[0-9]{3", error).valid()); // after a \Q…\E
}

TEST_CASE("pattern: deep nesting and long patterns do not overflow the stack") {
  Pattern::Error error;
  const std::string deep = std::string(3000, '(') + "a" + std::string(3000, ')');
  Pattern p = Pattern::compile(deep, error); // rejected or compiled, never a crash
  if (p.valid())
    CHECK(p.search("a"));
  else
    CHECK(error);
  std::string alternation;
  for (int i = 0; i < 500; ++i) alternation += "x" + std::to_string(i) + "|";
  alternation += "end";
  Pattern wide = Pattern::compile(alternation, error);
  CHECK(wide.valid());
  const std::string too_long(Pattern::k_max_length + 1, 'a');
  CHECK_FALSE(Pattern::compile(too_long, error).valid());
  CHECK(error.zh == "正则表达式过长（4097 字节，上限 4096 字节）");
}

TEST_CASE("pattern: lookaround and backreferences are refused with a message that says so") {
  Pattern::Error error;
  CHECK_FALSE(Pattern::compile("(?=证明)", error).valid());
  CHECK(error.zh.find("不支持反向引用和环视") != std::string::npos);
  CHECK_FALSE(Pattern::compile("(a)\\1", error).valid());
  CHECK(error);
}
