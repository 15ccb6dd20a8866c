// Proof audit: registry scope, most local registry wins, aliases, patterns, shareable, cycles.
#include "support.hpp"

#include <shitong/certs.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>

using namespace shitong;

namespace {

std::string registry(const std::string &scope, const std::string &body) {
  return "kind: certificates\nversion: 1\nscope: \"" + scope + "\"\n" + body;
}

/// A catalog with items given as (code, materials, outputs).
std::string catalog(const std::string &code, const std::string &level, const std::string &parent,
                    const std::vector<std::tuple<std::string, std::string, std::string>> &items) {
  std::string s = fmt::format("kind: catalog\nversion: 1\nregion: {{code: \"{}\", name: R{}, level: {}}}\n{}items:\n",
                              code, code, level, parent.empty() ? "" : "parent: \"" + parent + "\"\n");
  for (auto &[c, mats, outs] : items)
    s += fmt::format(
        "  - code: \"{}\"\n    name: 事项{}\n    type: 公共服务\n    materials: [{}]\n    process: [受理, 办结]\n"
        "    fee: {{charged: false}}\n    time_limit: {{promised: 1}}\n    forms: [{{name: 表, fields: [a]}}]\n"
        "    outputs: [{}]\n    local_basis: 地方规定\n",
        c, c, mats, outs);
  return s;
}

std::vector<std::string> rules(const CertReport &r) {
  std::vector<std::string> out;
  for (auto &f : r.findings) out.push_back(f.rule + "@" + f.region + ":" + f.item);
  std::sort(out.begin(), out.end());
  return out;
}

CertReport audit(const std::vector<LoadedFile> &files) {
  std::vector<const LoadedFile *> p;
  for (auto &f : files) p.push_back(&f);
  return audit_certificates(compare_levels(p), p);
}

} // namespace

TEST_CASE("certs: which registries govern which regions") {
  CHECK(registry_governs("000000", "370102"));
  CHECK(registry_governs("370000", "370102"));
  CHECK(registry_governs("370100", "370102"));
  CHECK(registry_governs("370102", "370102"));
  CHECK_FALSE(registry_governs("370100", "370200"));
  CHECK_FALSE(registry_governs("410000", "370102"));
  CHECK_FALSE(registry_governs("370102", "370100"));
  CHECK(registry_governs("110000", "110101"));
}

TEST_CASE("certs: the more local registry wins, both ways") {
  auto national = load_document(
      "n.yaml",
      registry("000000", "retained:\n  - name: 户籍证明\ncancelled:\n  - name: 居住证明\n    replaced_by: 数据共享\n"));
  auto shandong = load_document(
      "s.yaml",
      registry("370000", "cancelled:\n  - name: 户籍证明\n    replaced_by: 数据共享\nretained:\n  - name: 居住证明\n"));
  auto sd = load_document(
      "c1.yaml", catalog("370102", "county", "",
                         {{"370100123001", "{name: 户籍证明, issuer: 派出所}, {name: 居住证明, issuer: 社区}", ""}}));
  auto hn = load_document(
      "c2.yaml", catalog("411202", "county", "",
                         {{"410100123001", "{name: 户籍证明, issuer: 派出所}, {name: 居住证明, issuer: 社区}", ""}}));
  REQUIRE(sd.findings.empty());
  auto r = audit({national, shandong, sd, hn});
  // 山东: 户籍证明 cancelled by the province (national retains it); 居住证明 retained by the province
  // 河南: 户籍证明 retained nationally; 居住证明 cancelled nationally
  CHECK(rules(r) ==
        std::vector<std::string>{"cert-cancelled@370102:370100123001", "cert-cancelled@411202:410100123001"});
  for (auto &f : r.findings) {
    if (f.region == "370102")
      CHECK(f.message_zh ==
            "「户籍证明」已被山东省证明事项清单取消（改为：数据共享）；不得再要求申请人提供，请删除这项材料");
    if (f.region == "411202")
      CHECK(f.message_zh ==
            "「居住证明」已被全国证明事项清单取消（改为：数据共享）；不得再要求申请人提供，请删除这项材料");
  }
}

TEST_CASE("certs: aliases, odd patterns, unlisted proofs, and no registry rules without a registry") {
  auto reg = load_document(
      "r.yaml", registry("000000", "retained:\n  - name: 出生医学证明\n    aliases: [出生证明]\n"
                                   "odd:\n  - pattern: (健在|活着|生存)证明\n    reason: 可通过人脸识别核验\n"));
  auto c = load_document("c.yaml", catalog("370102", "county", "",
                                           {{"370100123001",
                                             "{name: 出生证明, issuer: 医院}, {name: 出生医学证明, issuer: 医院}, "
                                             "{name: 本人生存证明, issuer: 社区}, {name: 无房证明, issuer: 住建局}",
                                             ""}}));
  auto r = audit({reg, c});
  CHECK(rules(r) == std::vector<std::string>{"cert-odd@370102:370100123001", "cert-unlisted@370102:370100123001",
                                             "material-duplicate@370102:370100123001"});
  // without a registry: none of the registry rules, but the note that nothing audited the proofs
  CHECK(rules(audit({c})) == std::vector<std::string>{"cert-no-registry@370102:"});
}

TEST_CASE("certs: shareable licences and a three-item cycle across a city and a county") {
  // city A needs X (issued by county B); county B needs Y (issued by county C); county C needs Z (issued by city A)
  auto city =
      load_document("city.yaml", catalog("370100", "city", "", {{"370100123001", "{name: 乙证, type: 证照}", "甲证"}}));
  auto county = load_document("county.yaml", catalog("370102", "county", "370100",
                                                     {{"370100123002", "{name: 丙证, type: 证照}", "乙证"},
                                                      {"370100123003", "{name: 甲证, type: 证照}", "丙证"}}));
  auto r = audit({city, county});
  REQUIRE(r.cycles.size() == 1);
  CHECK(r.cycles[0].size() == 3);
  auto got = rules(r);
  CHECK(std::count(got.begin(), got.end(), "cert-circular@370100:370100123001") == 1);
  CHECK(std::count_if(got.begin(), got.end(), [](auto &s) { return s.rfind("cert-circular", 0) == 0; }) == 3);
  CHECK(std::count_if(got.begin(), got.end(), [](auto &s) { return s.rfind("cert-shareable", 0) == 0; }) == 3);
  for (auto &f : r.findings)
    if (f.rule == "cert-circular") CHECK(f.related.size() == 2);
}

TEST_CASE("certs: an item that demands its own output is a self-cycle") {
  auto c =
      load_document("c.yaml", catalog("370102", "county", "", {{"370100123001", "{name: 甲证, type: 证照}", "甲证"}}));
  auto r = audit({c});
  CHECK(rules(r) == std::vector<std::string>{"cert-circular@370102:370100123001", "cert-no-registry@370102:"});
  for (auto &f : r.findings)
    if (f.rule == "cert-circular") CHECK(f.message_zh.find("而这正是它自己的办理结果") != std::string::npos);
}

TEST_CASE("certs: cycle detection copes with a 50,000-item cycle (iterative, bounded messages)") {
  std::string s = "kind: catalog\nversion: 1\nregion: {code: \"370102\", name: R, level: county}\nitems:\n";
  const int n = 50000;
  for (int i = 0; i < n; ++i)
    s += fmt::format(
        "  - {{code: \"3701{:08d}\", name: 事项{}, type: 公共服务, materials: [{{name: 证{}, type: 证照}}], process: "
        "[受理, 办结], "
        "fee: {{charged: false}}, time_limit: {{promised: 1}}, forms: [{{name: 表, fields: [a]}}], outputs: [证{}]}}\n",
        i, i, (i + 1) % n, i);
  auto c = load_document("big.yaml", s);
  REQUIRE(c.findings.empty());
  auto r = audit({c});
  REQUIRE(r.cycles.size() == 1);
  CHECK(r.cycles[0].size() == static_cast<std::size_t>(n));
}
