// Internal: strongly connected components of a directed graph (iterative Tarjan), and a closed
// walk through one component. The proof audit finds circular proofs (cert-circular) with them.
#pragma once

#include <cstddef>
#include <vector>

namespace shitong::detail {

/// adj[v]: the vertices v has an edge to.
using Graph = std::vector<std::vector<std::size_t>>;

/// The components that contain a cycle: those of more than one vertex, and single vertices
/// with an edge to themselves. In the order Tarjan's algorithm completes them (a component
/// before the components that reach it), vertices of a component in the order they leave the
/// stack. Iterative: deep graphs do not overflow the stack. Linear in vertices plus edges.
std::vector<std::vector<std::size_t>> cyclic_components(const Graph &adj);

/// A closed walk inside `component` (sorted) that starts at its first vertex: the vertices of
/// a shortest cycle through it, in edge order, starting with component.front() (the edge back
/// to the first vertex is implied). Just {front} for a self-loop.
std::vector<std::size_t> cycle_through(const std::vector<std::size_t> &component, const Graph &adj);

} // namespace shitong::detail
