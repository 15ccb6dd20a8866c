// Repository context (docs/context.md): a run on some files of a catalog repository also loads,
// as context, what those files need — the catalogs above them, the catalogs below them (who
// issues the proofs they may ask for), catalogs claiming their region, and the proof registries
// governing all of these — so that a file alone gets exactly the findings a run on the whole
// repository reports for it. Context files are checked with the inputs; their own findings are
// not reported.
#pragma once

#include "validate_internal.hpp"

#include <string>
#include <vector>

namespace shitong::detail {

/// The repository of `path`: the folder of the nearest `.shitong.yaml` upward, else the git top
/// level, else the folder given (a file's folder). Relative to the working directory when `path`
/// is relative, so that context paths read like the inputs'.
std::string repository_root(const std::string &path);

/// The YAML files of the repository at `root`, sorted: hidden entries and folders that are
/// repositories of their own (with their own `.shitong.yaml`) are skipped.
std::vector<std::string> repository_files(const std::string &root);

/// An upper catalog that the chain of an input catalog needs and that no file holds.
struct MissingUpper {
  std::string code;       ///< the region code of the missing catalog
  std::string below;      ///< the input catalog's region code
  std::string below_name; ///< and name
};

struct ContextSelection {
  std::vector<std::size_t> files; ///< indexes into the candidates, ascending
  std::vector<MissingUpper> missing;
};

/// What the inputs (headers of the input files) need of the candidates (headers of the other
/// files of the repository, in path order): the first catalog of each region of an input's chain
/// that no input holds, every catalog below an input catalog, every catalog claiming an input's
/// region, and the registries governing any selected or input catalog. `missing` lists the
/// regions of the chains that neither inputs nor candidates hold.
ContextSelection select_context(const std::vector<Header> &inputs, const std::vector<Header> &candidates);

/// The notes of a run whose chains miss upper catalogs (one per missing region).
std::vector<std::string> missing_upper_notes(const std::vector<MissingUpper> &missing, bool context_on);

} // namespace shitong::detail
