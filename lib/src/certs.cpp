// The proof audit's public face (certs.hpp): status names, which registry governs which
// region, and audit_certificates, which runs the same two stages as validate (certs_local.cpp
// per catalog, certs_graph.cpp over all of them).
#include <shitong/certs.hpp>
#include <shitong/regions.hpp>

#include "certs_internal.hpp"
#include "digest_store.hpp"

#include <cstdint>

namespace shitong {

const char *proof_status_key(ProofStatus s) {
  switch (s) {
  case ProofStatus::retained:
    return "retained";
  case ProofStatus::cancelled:
    return "cancelled";
  case ProofStatus::odd:
    return "odd";
  case ProofStatus::unlisted:
    return "unlisted";
  case ProofStatus::other:
    return "other";
  }
  return "?";
}

bool registry_governs(const std::string &scope, const std::string &code) {
  if (scope == "000000" || scope == code) return true;
  if (scope.size() != 6 || code.size() != 6) return false;
  switch (level_from_code(scope)) {
  case RegionLevel::province:
    return code.compare(0, 2, scope, 0, 2) == 0;
  case RegionLevel::city:
    return code.compare(0, 4, scope, 0, 4) == 0;
  case RegionLevel::county:
    return false;
  }
  return false;
}

const ItemLabel &CertReport::item(const ItemRef &r) const {
  static const ItemLabel none;
  auto f = items.find({r.node, r.item});
  return f == items.end() ? none : f->second;
}

CertReport audit_certificates(const LevelReport &levels, const std::vector<const LoadedFile *> &files) {
  CertReport rep;
  detail::Registries regs = detail::build_registries(files);
  rep.findings = std::move(regs.findings);
  regs.findings.clear();
  detail::DigestStore digests(UINT64_MAX); // the models are all in memory anyway
  std::vector<std::size_t> slots;
  detail::VerdictCache cache;
  for (std::size_t k = 0; k < levels.nodes.size(); ++k) {
    digests.put(k, detail::certs_local(regs, levels.nodes[k], levels.nodes[k].file->catalog, cache, rep.findings));
    slots.push_back(k);
  }
  detail::certs_global(regs, levels.nodes, digests, slots, rep, true);
  return rep;
}

} // namespace shitong
