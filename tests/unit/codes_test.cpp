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

TEST_CASE("codes: a code found valid is remembered, and nothing else passes with it") {
  // check_uscc keeps the last valid codes per thread (codes.cpp): the memo must not let an
  // empty, shorter or changed code through
  REQUIRE(check_uscc("91350100M000100Y43").ok());
  CHECK(check_uscc("91350100M000100Y43").ok());
  CHECK_FALSE(check_uscc("").ok());
  CHECK_FALSE(check_uscc("91350100M000100Y4").ok());
  CHECK(check_uscc("91350100M000100Y44").en == "check character should be '3', found '4'");
  for (int i = 0; i < 40; ++i) CHECK_FALSE(check_uscc(std::string(18, static_cast<char>('A' + i % 20))).ok());
  CHECK(check_uscc("91350100M000100Y43").ok()); // pushed out of the memo: checked again
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

TEST_CASE("codes: every part of GB 32100 has its own message") {
  CHECK(check_uscc("95370102MB2853824Q").zh ==
        "第 2 位机构类别「5」不属于第 1 位登记管理部门「9」（工商；该部门的类别为 1、2、3）");
  CHECK(check_uscc("B1370102MB28538243").zh == "第 1 位登记管理部门代码「B」不存在（应为 1-9、A、N 或 Y）");
  CHECK(check_uscc("11379999MB2853824N").zh == "第 3-8 位「379999」不是现行或曾用的行政区划代码（GB/T 2260）");
  CHECK(check_uscc("11370102MB2853825G").zh ==
        "第 9-17 位组织机构代码「MB2853825」的校验位（第 17 位）应为「4」，实际是「5」（GB 11714）");
  CHECK(check_uscc("2222222222222").zh == "是占位符（13 个「2」），不是统一社会信用代码；请填写实施主体的 18 位代码");
  CHECK(check_uscc("76726532-X").zh == "是 9 位组织机构代码（GB 11714），不是 18 位统一社会信用代码");
  CHECK(check_uscc("76726532X").en ==
        "is a 9-character organisation code (GB 11714), not an 18-character unified social credit code");
  CHECK(check_uscc("76726533X").zh == "长度应为 18 位，实际 9 位"); // wrong GB 11714 check: just short
}

TEST_CASE("codes: a retired region code in positions 3-8 is valid (a USCC is for life), so is 100000") {
  REQUIRE(lookup_region("510122").kind == RegionStatus::retired);
  CHECK(check_uscc("1151012276726532XE").ok());
  CHECK(check_uscc("11100000000013127D").ok());
}

TEST_CASE("codes: GB 11714 check characters") {
  CHECK(org_code_check_char("M000100Y") == '4');
  CHECK(org_code_check_char("76726532") == 'X');
  CHECK(org_code_check_char("00748257") == '5');
  CHECK(org_code_check_char("7672653") == '\0');
  CHECK(is_org_code("76726532-x"));
  CHECK_FALSE(is_org_code("76726532-0"));
}
