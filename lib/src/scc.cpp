#include "scc.hpp"

#include <algorithm>
#include <unordered_map>

namespace shitong::detail {

std::vector<std::vector<std::size_t>> cyclic_components(const Graph &adj) {
  const std::size_t n = adj.size();
  const std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(n, none), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<std::size_t> stack;
  std::vector<std::vector<std::size_t>> sccs;
  std::size_t counter = 0;
  struct Frame {
    std::size_t v, next_edge;
  };
  for (std::size_t s = 0; s < n; ++s) {
    if (index[s] != none || adj[s].empty()) continue;
    std::vector<Frame> call{{s, 0}};
    index[s] = low[s] = counter++;
    stack.push_back(s);
    on_stack[s] = 1;
    while (!call.empty()) {
      Frame &fr = call.back();
      if (fr.next_edge < adj[fr.v].size()) {
        std::size_t w = adj[fr.v][fr.next_edge++];
        if (index[w] == none) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[fr.v] = std::min(low[fr.v], index[w]);
        }
        continue;
      }
      std::size_t v = fr.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        std::vector<std::size_t> comp;
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp.push_back(w);
        } while (w != v);
        bool self = comp.size() == 1 && std::find(adj[v].begin(), adj[v].end(), v) != adj[v].end();
        if (comp.size() > 1 || self) sccs.push_back(std::move(comp));
      }
    }
  }
  return sccs;
}

std::vector<std::size_t> cycle_through(const std::vector<std::size_t> &comp, const Graph &adj) {
  // breadth first from the first member, inside the component, until an edge leads back to it
  const std::size_t none = static_cast<std::size_t>(-1);
  std::unordered_map<std::size_t, std::size_t> parent;
  std::vector<std::size_t> queue{comp.front()};
  std::size_t found = none;
  for (std::size_t qi = 0; qi < queue.size() && found == none; ++qi) {
    std::size_t v = queue[qi];
    for (std::size_t w : adj[v]) {
      if (!std::binary_search(comp.begin(), comp.end(), w)) continue;
      if (w == comp.front()) {
        found = v;
        break;
      }
      if (parent.emplace(w, v).second) queue.push_back(w);
    }
  }
  std::vector<std::size_t> chain;
  for (std::size_t v = found; v != none && v != comp.front(); v = parent[v]) chain.push_back(v);
  chain.push_back(comp.front());
  std::reverse(chain.begin(), chain.end());
  return chain;
}

} // namespace shitong::detail
