// Internal: the one thread pool of the library. Every parallel stage (loading files, the
// validate run's scan and rounds, comparing levels) runs its tasks through parallel_for.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace shitong::detail {

/// `jobs`, or the machine's hardware threads when 0; never more than `tasks` (at least 1).
inline unsigned effective_jobs(unsigned jobs, std::size_t tasks) {
  jobs = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  return std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, tasks)));
}

/// Runs fn(i, state) for every i in [0, n) on up to `jobs` threads (0: hardware threads), each
/// thread with its own default-constructed `State`; indexes are taken in increasing order, so
/// a task may wait for one with a smaller index. Without `tick` the calling thread is one of
/// the workers. With `tick`, the calling thread only calls tick(false) about every 100 ms
/// while tasks run and tick(true) once when all are done (so tick needs no locking).
template <class State, class Fn>
void parallel_for_with(std::size_t n, unsigned jobs, Fn &&fn, const std::function<void(bool finished)> &tick = {}) {
  const unsigned threads = effective_jobs(jobs, n);
  std::atomic<std::size_t> next{0}, done{0};
  auto worker = [&] {
    State state{};
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      fn(i, state);
      done.fetch_add(1, std::memory_order_release);
    }
  };
  if (!tick) {
    std::vector<std::thread> pool;
    for (unsigned j = 1; j < threads; ++j) pool.emplace_back(worker);
    worker();
    for (auto &t : pool) t.join();
    return;
  }
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < threads; ++j) pool.emplace_back(worker);
  while (done.load(std::memory_order_acquire) < n) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    tick(false);
  }
  tick(true);
  for (auto &t : pool) t.join();
}

/// parallel_for_with without per-thread state: fn(i).
template <class Fn> void parallel_for(std::size_t n, unsigned jobs, Fn &&fn) {
  struct None {};
  parallel_for_with<None>(n, jobs, [&](std::size_t i, None &) { fn(i); });
}

} // namespace shitong::detail
