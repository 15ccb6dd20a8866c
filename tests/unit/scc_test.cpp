// Strongly connected components (lib/src/scc.cpp), the search behind cert-circular: which
// components hold a cycle, in which order, and the closed walk reported for one.
#include "scc.hpp" // internal (lib/src)

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

using shitong::detail::cycle_through;
using shitong::detail::cyclic_components;
using shitong::detail::Graph;

namespace {
std::vector<std::vector<std::size_t>> sorted(std::vector<std::vector<std::size_t>> comps) {
  for (auto &c : comps) std::sort(c.begin(), c.end());
  return comps;
}
} // namespace

TEST_CASE("scc: a graph without cycles has no cyclic components") {
  CHECK(cyclic_components(Graph{}).empty());
  CHECK(cyclic_components(Graph{{}, {}, {}}).empty());
  CHECK(cyclic_components(Graph{{1}, {2}, {}}).empty());         // a chain
  CHECK(cyclic_components(Graph{{1, 2}, {3}, {3}, {}}).empty()); // a diamond
}

TEST_CASE("scc: a self-loop is a component of one, a lone vertex is not") {
  CHECK(cyclic_components(Graph{{0}, {}}) == std::vector<std::vector<std::size_t>>{{0}});
  CHECK(cyclic_components(Graph{{1}, {1}}) == std::vector<std::vector<std::size_t>>{{1}});
}

TEST_CASE("scc: two cycles joined by a one-way edge are two components, the reached one first") {
  // 0 <-> 1 -> 2 <-> 3, and 4 -> 0 (4 is on no cycle)
  Graph g{{1}, {0, 2}, {3}, {2}, {0}};
  auto comps = cyclic_components(g);
  REQUIRE(comps.size() == 2);
  CHECK(sorted(comps) == std::vector<std::vector<std::size_t>>{{2, 3}, {0, 1}});
}

TEST_CASE("scc: a long cycle is found without recursion") {
  const std::size_t n = 200000; // deep enough to overflow a recursive search
  Graph g(n);
  for (std::size_t v = 0; v < n; ++v) g[v].push_back((v + 1) % n);
  auto comps = cyclic_components(g);
  REQUIRE(comps.size() == 1);
  CHECK(comps[0].size() == n);
}

TEST_CASE("scc: cycle_through gives a shortest closed walk from the first member") {
  // 0 -> 1 -> 2 -> 0 and the shortcut 0 -> 2; 2 -> 3 leaves the component
  Graph g{{1, 2}, {2}, {0, 3}, {}};
  auto comps = cyclic_components(g);
  REQUIRE(comps.size() == 1);
  auto comp = comps[0];
  std::sort(comp.begin(), comp.end());
  CHECK(comp == std::vector<std::size_t>{0, 1, 2});
  CHECK(cycle_through(comp, g) == std::vector<std::size_t>{0, 2});
  CHECK(cycle_through({1}, Graph{{}, {1}}) == std::vector<std::size_t>{1}); // a self-loop
}
