// The uniformity report of a tree through validate's stages: validate shows every model to a
// digest that keeps only what the report prints (the counts and the items that differ), so a
// report of a whole country holds digests, not models.
#include <shitong/diff.hpp>

#include <mutex>
#include <unordered_map>

namespace shitong {

namespace {

class UniformityDigest : public ModelObserver {
public:
  void observe(std::size_t input, const LoadedFile &model, const std::vector<Finding> &,
               const CatalogUniformity *u) override {
    CatalogUniformity mine;
    if (u)
      mine = *u;
    else
      mine.items = model.catalog.items.size();
    std::lock_guard lock(m_mutex);
    m_by_input[input] = std::move(mine);
  }

  /// The digest of input `i`, moved out (empty when it was not shown).
  CatalogUniformity take(std::size_t i) {
    auto f = m_by_input.find(i);
    return f == m_by_input.end() ? CatalogUniformity{} : std::move(f->second);
  }

private:
  std::mutex m_mutex;
  std::unordered_map<std::size_t, CatalogUniformity> m_by_input;
};

} // namespace

/// The files that could not be read or decoded, each with the first finding the run made of it.
std::vector<UnreadableFile> unreadable_files(const ValidateResult &run) {
  std::unordered_map<std::string, const Finding *> first;
  for (const auto &f : run.findings) first.emplace(f.location.file, &f);
  std::vector<UnreadableFile> out;
  for (const auto &f : run.files) {
    if (f.io_error.empty() && f.readable) continue;
    UnreadableFile u{f.path, f.io_error, f.io_error};
    if (auto x = first.find(f.path); u.reason_zh.empty() && x != first.end()) {
      u.reason_zh = x->second->message_zh;
      u.reason_en = x->second->message_en;
    }
    out.push_back(std::move(u));
  }
  return out;
}

LevelReport uniformity_report(ValidateOptions options, ValidateResult &run) {
  UniformityDigest digest;
  options.observer = &digest;
  options.keep_models = false;
  run = validate(options);
  LevelReport r;
  r.nodes = std::move(run.nodes);
  run.nodes.clear();
  std::unordered_map<std::size_t, int> node_of_input;
  for (std::size_t k = 0; k < r.nodes.size(); ++k) node_of_input[r.nodes[k].input] = static_cast<int>(k);
  r.uniformity.resize(r.nodes.size());
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    if (r.nodes[k].context) continue;
    CatalogUniformity u = digest.take(r.nodes[k].input);
    // node indexes of the round that compared it: by file, into the final hierarchy
    std::erase_if(u.compared, [&](ItemComparison &c) {
      auto f = node_of_input.find(c.ref_input);
      if (f == node_of_input.end()) return true;
      c.ref_node = f->second;
      return false;
    });
    r.uniformity[k] = std::move(u);
  }
  r.unreadable = unreadable_files(run);
  return r;
}

} // namespace shitong
