// A validation run: collect files, load and check each (in parallel), run cross-file rules,
// then apply the configuration (severities, off, ignores) and sort. This is what
// `shitong validate` prints; reports format a ValidateResult.
#pragma once

#include <shitong/certs.hpp>
#include <shitong/config.hpp>
#include <shitong/finding.hpp>
#include <shitong/levels.hpp>
#include <shitong/loader.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace shitong {

/// What a command needs of each catalog besides its findings (diff's uniformity, publish's
/// rows, certs' demands): the run shows it every model while the model is in memory, so that
/// the command keeps a digest of each catalog, never the models (docs/performance.md).
class ModelObserver {
public:
  virtual ~ModelObserver() = default;
  /// Input file `input` (its index in ValidateResult::files) has been loaded and checked, and
  /// `uniformity` is its comparison with the catalogs above it (null when it has none: not a
  /// catalog, the top of the hierarchy, or an upper catalog unreadable). Called from worker
  /// threads, concurrently for different files; a file loaded again in a later round is shown
  /// again, and that call replaces the earlier one. Context files are not shown. `findings`:
  /// the file's own findings (loader and item checks), before the configuration is applied.
  virtual void observe(std::size_t input, const LoadedFile &model, const std::vector<Finding> &findings,
                       const CatalogUniformity *uniformity) = 0;
};

/// 256 MiB, or `$SHITONG_DIGEST_MEMORY` MiB when that is a whole number (ValidateOptions).
std::uint64_t default_digest_memory();

struct ValidateOptions {
  std::vector<std::string> paths; ///< files and directories; directories are walked
  Config config;
  unsigned jobs = 0; ///< 0: the machine's hardware threads
  /// The incremental cache directory (`.shitong-cache`); empty: no cache. Results are the same
  /// with or without it.
  std::string cache_dir;
  /// Keep every file's model in ValidateResult::files (publish needs them). Without it the
  /// models are dropped as soon as the catalogs below them are compared (bounded memory), and
  /// `files` holds only path, kind and readability.
  bool keep_models = false;
  /// Shown every input's model (see ModelObserver). A run with an observer does not use the
  /// cache: what the observer keeps is not in the cache records.
  ModelObserver *observer = nullptr;
  /// Also fill ValidateResult::proofs with the proof audit's report (`shitong certs`): the
  /// demands, cycles and registries, built from the per-catalog proof digests.
  bool proof_report = false;
  /// Repository context (docs/context.md): also load what the inputs need from their repository
  /// (upper and lower catalogs, the registries governing them), compare and audit with it, and
  /// report only the inputs' findings. Off: only the inputs, and a note names each upper
  /// catalog the comparison missed.
  bool context = true;
  /// Called about every 100 ms while files are loaded and checked, always from the calling
  /// thread, and once more with `finished` true. Optional.
  std::function<void(std::size_t files_done, std::size_t files_total, std::uint64_t items, bool finished)> progress;
  /// Bytes to check in place of a file's content on disk, by path as collected (`shitong fix`
  /// re-checks the text its first fixes leave). Not cached. Empty: every file as on disk.
  std::map<std::string, std::string> texts;
  /// Bytes of proof digests (one per catalog, what the proof graph needs) kept in memory; the
  /// rest are written to an unlinked temporary file in `$TMPDIR` (else /tmp, or /var/tmp when
  /// /tmp is a tmpfs) and read back one catalog at a time, so that a national run stays within
  /// bounded memory (docs/performance.md). The results are the same for any value; 0 spills
  /// every digest.
  std::uint64_t digest_memory = default_digest_memory();
};

struct Summary {
  std::uint64_t files = 0;
  std::uint64_t catalogs = 0;
  std::uint64_t certificates = 0;
  std::uint64_t items = 0;
  std::uint64_t context = 0;                  ///< context files loaded besides the inputs (not counted above)
  std::array<std::uint64_t, 3> by_severity{}; ///< indexed by Severity
};

/// What the run did, for --verbose and the cache tests.
struct RunStats {
  std::uint64_t parsed = 0;   ///< files read with the YAML parser
  std::uint64_t reused = 0;   ///< files whose results came from the cache
  std::uint64_t compared = 0; ///< catalogs compared with the catalogs above them
  /// Passes over the hierarchy: 1, or more when a header turned out other than its scan
  /// guessed (at most 3, see k_max_rounds in validate.cpp).
  std::uint64_t rounds = 0;
  /// Wall seconds: cache lookup and header scan, registries, the rounds (load, check, compare,
  /// digest), and the end (region-duplicate, the proof graph, configuration, sorting).
  double scan_seconds = 0, registry_seconds = 0, rounds_seconds = 0, finish_seconds = 0;
  /// Proof digests written to the temporary file (ValidateOptions::digest_memory), and bytes.
  std::uint64_t spilled_digests = 0, spilled_bytes = 0;
};

struct ValidateResult {
  std::vector<Finding> findings; ///< sorted (docs/format.md §10)
  Summary summary;
  std::vector<std::string> errors;        ///< failures of the run itself (exit code 2), e.g. a missing path
  std::vector<std::string> notes;         ///< e.g. a directory without YAML files
  std::vector<LoadedFile> files;          ///< every input file (models only with keep_models)
  std::vector<std::string> context_files; ///< the repository context loaded (docs/context.md)
  /// The hierarchy of the last round: inputs and context (LevelNode::context), models not kept
  /// (LevelNode::file is null).
  std::vector<LevelNode> nodes;
  /// With ValidateOptions::proof_report: the proof audit over `nodes` (demands of the inputs
  /// only). Its findings are empty: they are among `findings`, configured like the others.
  CertReport proofs;
  RunStats stats;

  /// True when a finding is at or above `fail_on`.
  bool failed(Severity fail_on) const;
};

/// Files to check under `paths`: `.yaml`/`.yml` files, directories walked recursively in
/// sorted order, skipping hidden entries (names starting with '.'). Problems go to errors/notes.
std::vector<std::string> collect_files(const std::vector<std::string> &paths, std::vector<std::string> &errors,
                                       std::vector<std::string> &notes);

ValidateResult validate(const ValidateOptions &options);

/// The input files of `run` that could not be read or decoded, each with the first finding the
/// run made of it (every report shows them as rows: nothing is skipped in silence).
std::vector<UnreadableFile> unreadable_files(const ValidateResult &run);

/// For pull requests: keeps only the findings that a change to `changed` (file paths) can
/// affect: findings in those files, in catalogs below a changed catalog (their references), in
/// catalogs a changed proof registry governs, and findings whose related locations are in a
/// changed file (cycles, shareable proofs). Recomputes the summary.
void keep_changed(ValidateResult &result, const std::vector<std::string> &changed);

/// Loads `files` in parallel (`jobs` 0: hardware threads), in the given order.
std::vector<LoadedFile> load_files(const std::vector<std::string> &files, unsigned jobs);

} // namespace shitong
