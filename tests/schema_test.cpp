// The committed schemas must equal the generated ones, and a real JSON Schema validator must
// agree with the tool on the bundled catalogs.
#include "support.hpp"

#include <shitong/schema.hpp>

#include <doctest/doctest.h>

#include <cstdlib>

using namespace shitong;

TEST_CASE("schema: committed schemas/*.schema.json match `shitong schema`") {
  for (auto n : schema_names()) {
    CAPTURE(std::string(n));
    auto committed = test::read_file(test::k_source_dir + "/schemas/" + std::string(n) + ".schema.json");
    CHECK_MESSAGE(committed == schema_json(n), "regenerate with: shitong schema --write schemas");
  }
}

TEST_CASE("schema: python3-jsonschema accepts the bundled catalogs (except the planted unknown key)") {
  if (std::system("/usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null") != 0) {
    MESSAGE("python3-jsonschema / python3-yaml not installed; skipped");
    return;
  }
  test::TempDir d;
  std::string out = (d.path / "out.txt").string();
  std::string cmd = "/usr/bin/python3 '" + test::k_source_dir + "/tests/tools/schema_check.py' '" + test::k_source_dir +
                    "/schemas/catalog.schema.json' '" + test::k_source_dir + "/catalogs' > '" + out + "' 2>&1";
  int rc = std::system(cmd.c_str());
  std::string text = test::read_file(out);
  CAPTURE(text);
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(text.find("catalogs/河南省/411224-卢氏县.yaml: items/17: Additional properties are not allowed ('visit' was "
                  "unexpected)") != std::string::npos);
  CHECK(text.find("1 error(s)") != std::string::npos);
  // the proof registries (catalogs/证明事项/) against their own schema: no error
  std::string out2 = (d.path / "out2.txt").string();
  std::string cmd2 = "/usr/bin/python3 '" + test::k_source_dir + "/tests/tools/schema_check.py' '" +
                     test::k_source_dir + "/schemas/certificates.schema.json' '" + test::k_source_dir +
                     "/catalogs' > '" + out2 + "' 2>&1";
  int rc2 = std::system(cmd2.c_str());
  std::string text2 = test::read_file(out2);
  CAPTURE(text2);
  CHECK(WEXITSTATUS(rc2) == 0);
  CHECK(text2 == "0 error(s)\n");
}

TEST_CASE("schema: the schemas agree with the tool on every fixture (python3-jsonschema)") {
  if (std::system("/usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null") != 0) {
    MESSAGE("python3-jsonschema / python3-yaml not installed; skipped");
    return;
  }
  test::TempDir d;
  std::string out = (d.path / "out.txt").string();
  std::string src = test::k_source_dir;
  std::string cmd = "/usr/bin/python3 '" + src + "/tests/tools/schema_agreement.py' '" + src +
                    "/schemas' '" SHITONG_BINARY "' '" + src + "/tests/fixtures' '" + src + "/catalogs' > '" + out +
                    "' 2>&1";
  int rc = std::system(cmd.c_str());
  std::string text = test::read_file(out);
  CAPTURE(text);
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(text.find(" 0 disagreement(s)") != std::string::npos);
}
