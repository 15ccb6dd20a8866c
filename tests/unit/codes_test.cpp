#include <shitong/codes.hpp>
#include <shitong/normalize.hpp>
#include <shitong/regions.hpp>

#include <doctest/doctest.h>

using namespace shitong;

TEST_CASE("codes: the spec's valid unified social credit codes pass") {
  for (auto c : {"91350100M000100Y43", "11440100007482575H", "12440100741854396C", "11370102MB2853824D"}) {
    CAPTURE(c);
    CHECK(check_uscc(c).ok());
  }
}

TEST_CASE("codes: a wrong check character says which one is right") {
  auto p = check_uscc("91350203M0001QAY9B");
  CHECK(p.zh == "校验位应为「9」，实际是「B」");
  CHECK(check_uscc("91350100M000100Y4").en == "must be 18 characters long, found 17");
  CHECK(check_uscc("91350100M00010OY43").zh == "第 15 位「O」不是允许的字符（不使用 I、O、S、V、Z）");
}

TEST_CASE("codes: lower case is checked after upper-casing") {
  CHECK(check_uscc("91350100m000100y43").ok());
}

TEST_CASE("normalize: width folding and white space") {
  CHECK(normalize_text("  食品经营许可证核发（新办） ") == "食品经营许可证核发(新办)");
  CHECK(normalize_text("第３５条") == "第35条");
  CHECK(normalize_text("a\u3000\t b") == "a b");
  CHECK(is_blank(" \u3000 "));
  CHECK_FALSE(is_blank(" x "));
}

TEST_CASE("regions: current, retired with replacement, unknown") {
  auto c = lookup_region("370102");
  CHECK(c.kind == RegionStatus::current);
  CHECK(c.name == "历下区");
  CHECK(c.full_name == "山东省济南市历下区");
  auto r = lookup_region("370125");
  CHECK(r.kind == RegionStatus::retired);
  CHECK(r.name == "济阳县");
  REQUIRE(r.replacements.size() == 1);
  CHECK(r.replacements[0].first == "370115");
  CHECK(r.replacements[0].second == "济阳区");
  CHECK(lookup_region("379999").kind == RegionStatus::unknown);
}

TEST_CASE("regions: ancestors of counties, 直辖市 districts and 省直辖县级 units") {
  CHECK(ancestor_codes("370102") == std::vector<std::string>{"370100", "370000"});
  CHECK(ancestor_codes("370100") == std::vector<std::string>{"370000"});
  CHECK(ancestor_codes("370000").empty());
  CHECK(ancestor_codes("110101") == std::vector<std::string>{"110000"});
  CHECK(ancestor_codes("500101") == std::vector<std::string>{"500000"});
  CHECK(ancestor_codes("419001") == std::vector<std::string>{"410000"});
  CHECK(level_from_code("419001") == RegionLevel::county);
}
