// The catalog model's few computed values.
#include <shitong/catalog.hpp>

namespace shitong {

std::string_view Material::effective_type() const {
  if (type.present) return type.value;
  static constexpr std::string_view proof = "证明";
  const std::string &n = name.value;
  if (n.size() >= proof.size() && n.compare(n.size() - proof.size(), proof.size(), proof) == 0) return proof;
  return "其他";
}

} // namespace shitong
