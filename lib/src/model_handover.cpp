#include "model_handover.hpp"

namespace shitong::detail {

void ModelHandOver::pin(std::size_t i, std::unique_ptr<LoadedFile> model) {
  Entry &e = m_entries[i];
  e.model = std::move(model);
  e.pinned = true;
}

void ModelHandOver::begin_round(const std::vector<int> &below) {
  for (std::size_t i = 0; i < m_entries.size(); ++i) {
    Entry &e = m_entries[i];
    e.below = below[i];
    e.refs.store(below[i] + 1); // +1: the file's own task (if it has none, nobody waits for it)
    e.ready = e.pinned;
  }
}

void ModelHandOver::hold(std::size_t i, std::unique_ptr<LoadedFile> model) {
  m_entries[i].model = std::move(model);
}

void ModelHandOver::publish(std::size_t i, std::unique_ptr<LevelIndex> index) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_entries[i].index = std::move(index);
    m_entries[i].ready = true;
  }
  m_published.notify_all();
}

ModelHandOver::Published ModelHandOver::wait(std::size_t i) {
  Entry &e = m_entries[i];
  std::unique_lock<std::mutex> lock(m_mutex);
  m_published.wait(lock, [&] { return e.ready; });
  return {e.model.get(), e.index.get()};
}

void ModelHandOver::release(std::size_t i) {
  Entry &e = m_entries[i];
  if (e.refs.fetch_sub(1) == 1 && !m_keep && !e.pinned) {
    std::lock_guard<std::mutex> lock(m_mutex);
    e.model.reset();
    e.index.reset();
  }
}

} // namespace shitong::detail
