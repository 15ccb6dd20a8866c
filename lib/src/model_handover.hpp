// Internal: how the validate run hands a catalog's model from the task that loads it to the
// tasks of the catalogs below it, which compare themselves with it. One entry per input file.
// A model is published once per round, waited for by the catalogs below (which always come
// later in the task order, so a wait never waits for a task nobody has taken), and dropped
// when the last of them releases it, unless models are kept or the entry is pinned (registries).
#pragma once

#include <shitong/loader.hpp>

#include "levels_internal.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace shitong::detail {

class ModelHandOver {
public:
  /// `keep`: never drop a model (ValidateOptions::keep_models).
  ModelHandOver(std::size_t files, bool keep) : m_entries(files), m_keep(keep) {}

  /// A model that is loaded before the rounds and stays (a proof registry): ready in every round.
  void pin(std::size_t i, std::unique_ptr<LoadedFile> model);
  bool pinned(std::size_t i) const { return m_entries[i].pinned; }
  /// Starts a round: nothing is published (except pinned models), and file i will be waited
  /// for by `below[i]` tasks besides its own.
  void begin_round(const std::vector<int> &below);
  /// True when catalogs below file i will wait for it in this round.
  bool referenced(std::size_t i) const { return m_entries[i].below > 0; }

  /// The model a task has just loaded for file i; the task owns it until it publishes it.
  void hold(std::size_t i, std::unique_ptr<LoadedFile> model);
  /// The model held or published for file i (null when none): only for the task of file i, or
  /// for a task that waited for it and has not released it yet.
  LoadedFile *model(std::size_t i) const { return m_entries[i].model.get(); }
  /// Makes file i's model (and its level index, when the catalogs below need one) available.
  void publish(std::size_t i, std::unique_ptr<LevelIndex> index);

  struct Published {
    const LoadedFile *model = nullptr; ///< null when the file has none (unreadable)
    const LevelIndex *index = nullptr; ///< null when not a referenced catalog
  };
  /// Waits until file i is published in this round.
  Published wait(std::size_t i);
  /// One task (its own or one below) is done with file i: the last drops the model.
  void release(std::size_t i);
  /// The model of file i, out of the hand-over (for ValidateResult::files).
  std::unique_ptr<LoadedFile> take(std::size_t i) { return std::move(m_entries[i].model); }

private:
  struct Entry {
    std::unique_ptr<LoadedFile> model;
    std::unique_ptr<LevelIndex> index;
    bool ready = false;
    bool pinned = false;
    int below = 0;
    std::atomic<int> refs{0};
  };
  std::vector<Entry> m_entries;
  bool m_keep;
  std::mutex m_mutex;
  std::condition_variable m_published;
};

} // namespace shitong::detail
