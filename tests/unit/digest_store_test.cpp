// The proof-digest store (lib/src/digest_store.cpp): digests come back as they were put, from
// memory or from the spill file; bytes that are not a digest are refused; a store that cannot
// spill keeps everything in memory and says so.
#include "digest_store.hpp" // internal (lib/src)
#include "support.hpp"

#include <shitong/validate.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using shitong::detail::CertDigest;
using shitong::detail::DigestStore;

namespace {

/// A digest of `items` items, each with one output and two materials (one a proof).
CertDigest sample_digest(std::uint32_t items, const std::string &tag) {
  CertDigest d;
  CertDigest::Ids ids;
  d.intern("", ids);
  for (std::uint32_t i = 0; i < items; ++i) {
    CertDigest::ItemInfo it;
    it.pos = {10 * i + 1, 3};
    it.code = d.intern(tag + "-code-" + std::to_string(i), ids);
    it.name = d.intern(tag + "事项名称" + std::to_string(i), ids);
    it.outputs_begin = static_cast<std::uint32_t>(d.outputs.size());
    d.outputs.push_back(d.intern(tag + "许可证", ids));
    it.outputs_end = static_cast<std::uint32_t>(d.outputs.size());
    d.items.push_back(it);
    for (std::uint32_t m = 0; m < 2; ++m) {
      CertDigest::MaterialInfo mi;
      mi.item = i;
      mi.index = m;
      mi.pos = {10 * i + 5 + m, 9};
      mi.name = d.intern(m == 0 ? "居住证明" : tag + "申请表", ids);
      mi.canonical = mi.name;
      mi.is_proof = m == 0;
      mi.status = m == 0 ? shitong::ProofStatus::unlisted : shitong::ProofStatus::other;
      d.materials.push_back(mi);
    }
  }
  return d;
}

std::string bytes_of(const CertDigest &d) {
  return shitong::detail::pack_digest(d);
}

/// Sets an environment variable for the scope of a test.
struct EnvVar {
  std::string name, old;
  bool had;
  EnvVar(const char *n, const std::string &value) : name(n) {
    const char *o = std::getenv(n);
    had = o != nullptr;
    if (had) old = o;
    ::setenv(n, value.c_str(), 1);
  }
  ~EnvVar() {
    if (had)
      ::setenv(name.c_str(), old.c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

} // namespace

TEST_CASE("digest: interning gives each distinct string one id, in first-seen order, with its hash") {
  CertDigest d;
  CertDigest::Ids ids;
  CHECK(d.intern("", ids) == 0);
  CHECK(d.intern("居住证明", ids) == 1);
  CHECK(d.intern("户口簿", ids) == 2);
  CHECK(d.intern(std::string("居住") + "证明", ids) == 1); // the same text from another buffer
  CHECK(d.intern("", ids) == 0);
  REQUIRE(d.strings.size() == 3);
  CHECK(d.strings[0] == "");
  CHECK(d.strings[1] == "居住证明");
  CHECK(d.strings[2] == "户口簿");
  CHECK(d.strings.text == "居住证明户口簿"); // one buffer
  REQUIRE(d.hashes.size() == 3);
  CHECK(d.hashes[1] != d.hashes[2]);
}

TEST_CASE("digest store: a packed digest unpacks to the same digest, and broken bytes are refused") {
  const CertDigest d = sample_digest(3, "甲");
  CertDigest back;
  REQUIRE(shitong::detail::unpack_digest(bytes_of(d), back));
  CHECK(bytes_of(back) == bytes_of(d));
  CHECK(back.strings == d.strings);
  CHECK(back.items.size() == 3);
  CHECK(back.materials.size() == 6);

  const std::string b = bytes_of(d);
  CertDigest junk;
  CHECK_FALSE(shitong::detail::unpack_digest(b.substr(0, b.size() - 1), junk)); // truncated
  CHECK_FALSE(shitong::detail::unpack_digest(b + "x", junk));                   // trailing bytes
  CHECK_FALSE(shitong::detail::unpack_digest(std::string(7, '\xff'), junk));    // a huge count
  CertDigest bad = d;
  bad.materials[0].name = static_cast<std::uint32_t>(bad.strings.size()); // an id past the strings
  CHECK_FALSE(shitong::detail::unpack_digest(bytes_of(bad), junk));
  CertDigest disordered = d; // string ends must not go backwards, and must end at the text's end
  std::swap(disordered.strings.ends[1], disordered.strings.ends[2]);
  CHECK_FALSE(shitong::detail::unpack_digest(bytes_of(disordered), junk));
  CertDigest overlong = d;
  overlong.strings.text += "余";
  CHECK_FALSE(shitong::detail::unpack_digest(bytes_of(overlong), junk));
  CHECK(junk.items.empty()); // nothing is half-filled
}

TEST_CASE("digest store: within the budget digests stay in memory, beyond it they are spilled and read back") {
  const std::uint64_t one = shitong::detail::digest_footprint(sample_digest(50, "x"));
  DigestStore store(one + one / 4); // room for one (the third, 20 items, is about 0.4 of one)
  store.put(0, sample_digest(50, "甲"));
  store.put(1, sample_digest(50, "乙"));
  store.put(2, sample_digest(20, "丙"));
  CHECK(store.spilled_digests() == 2);
  CHECK(store.spilled_bytes() > 0);
  CHECK(store.error().empty());
  CHECK(store.items(0) == 50);
  CHECK(store.items(2) == 20);
  CHECK(store.has_outputs(1));
  CHECK(bytes_of(*store.get(0)) == bytes_of(sample_digest(50, "甲")));
  CHECK(bytes_of(*store.get(1)) == bytes_of(sample_digest(50, "乙")));
  CHECK(bytes_of(*store.get(2)) == bytes_of(sample_digest(20, "丙")));
  CHECK(store.get(2) == store.get(2)); // the last ones read are kept, not read again
  // a slot never put, and one past the end, give an empty digest
  CHECK(store.get(7)->items.empty());
  CHECK(store.items(7) == 0);
  CHECK_FALSE(store.has_outputs(7));
}

TEST_CASE("digest store: a packed digest (a mapped cache record) is kept as bytes and unpacked when read") {
  const std::string bytes = bytes_of(sample_digest(6, "丁"));
  auto shape = shitong::detail::digest_shape(bytes);
  REQUIRE(shape);
  CHECK(shape->items == 6);
  CHECK(shape->has_outputs);
  CHECK_FALSE(shitong::detail::digest_shape(bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(shitong::detail::digest_shape(bytes + "x"));
  auto owner = std::make_shared<const std::string>(bytes);
  DigestStore store(bytes.size()); // room for it
  store.put(3, shitong::detail::PackedDigest{owner, *owner}, *shape);
  CHECK(store.items(3) == 6);
  CHECK(store.has_outputs(3));
  CHECK(store.spilled_digests() == 0); // kept as the bytes it was given
  CHECK(owner.use_count() == 2);
  CHECK(bytes_of(*store.get(3)) == bytes);
  CHECK(store.error().empty());
  // over the budget the bytes go to the spill file and the owner is let go
  store.put(5, shitong::detail::PackedDigest{owner, *owner}, *shape);
  CHECK(store.spilled_digests() == 1);
  CHECK(owner.use_count() == 2); // slot 3 still holds it, slot 5 does not
  CHECK(bytes_of(*store.get(5)) == bytes);
  store.put(3, sample_digest(1, "己")); // replacing slot 3 gives its bytes back
  CHECK(owner.use_count() == 1);
  // what the owner keeps counts, not only the digest's bytes (a whole mapped record)
  DigestStore small(bytes.size() * 2);
  small.put(0, shitong::detail::PackedDigest{owner, *owner, bytes.size() * 3}, *shape);
  CHECK(small.spilled_digests() == 1);
  CHECK(owner.use_count() == 1);
  CHECK(bytes_of(*small.get(0)) == bytes);
  // lengths that fit but an id past the strings, or string ends that go backwards: refused in
  // place, as unpack_digest refuses them (a cached record with such a digest is not used)
  CertDigest bad = sample_digest(2, "戊");
  bad.materials[0].canonical = 999;
  auto bad_owner = std::make_shared<const std::string>(bytes_of(bad));
  CHECK_FALSE(shitong::detail::digest_shape(*bad_owner));
  CertDigest backwards = sample_digest(2, "戊");
  std::swap(backwards.strings.ends[1], backwards.strings.ends[2]);
  CHECK_FALSE(shitong::detail::digest_shape(bytes_of(backwards)));
  // were such bytes stored anyway: an empty digest and a run error, no crash
  store.put(4, shitong::detail::PackedDigest{bad_owner, *bad_owner}, shitong::detail::DigestShape{2, true});
  CHECK(store.get(4)->items.empty());
  CHECK_FALSE(store.error().empty());
}

TEST_CASE("digest store: putting a slot again replaces its digest, spilled or not") {
  DigestStore store(0); // spill everything
  store.put(4, sample_digest(5, "旧"));
  CHECK(store.get(4)->items.size() == 5); // now among the recently read
  store.put(4, sample_digest(2, "新"));
  CHECK(store.items(4) == 2);
  CHECK(bytes_of(*store.get(4)) == bytes_of(sample_digest(2, "新")));
  CHECK(store.spilled_digests() == 2);
}

TEST_CASE("digest store: without a writable temporary folder everything stays in memory, and the store says why") {
  EnvVar tmp("TMPDIR", "/nonexistent-shitong-tmp");
  DigestStore store(0);
  store.put(0, sample_digest(4, "甲"));
  store.put(1, sample_digest(3, "乙"));
  CHECK(store.spilled_digests() == 0);
  CHECK(store.error().find("/nonexistent-shitong-tmp") != std::string::npos);
  CHECK(store.error().find("证明摘要无法暂存到磁盘") == 0);
  CHECK(bytes_of(*store.get(0)) == bytes_of(sample_digest(4, "甲")));
  CHECK(bytes_of(*store.get(1)) == bytes_of(sample_digest(3, "乙")));
}

TEST_CASE("digest store: SHITONG_DIGEST_MEMORY sets the budget in MiB, anything but a whole number keeps 256 MiB") {
  {
    EnvVar v("SHITONG_DIGEST_MEMORY", "0");
    CHECK(shitong::default_digest_memory() == 0);
  }
  {
    EnvVar v("SHITONG_DIGEST_MEMORY", "64");
    CHECK(shitong::default_digest_memory() == 64u << 20);
  }
  for (const char *junk : {"", "12MB", "-1", "1e3", "99999999999999"}) {
    EnvVar v("SHITONG_DIGEST_MEMORY", junk);
    CHECK(shitong::default_digest_memory() == 256u << 20);
  }
}
