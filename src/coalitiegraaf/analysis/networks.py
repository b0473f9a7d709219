"""Betweenness, communities and projections that stay fast as the networks grow.

networkx is the API and the reference: the analyses build networkx graphs and small networks
(the letter's) are computed by networkx itself. Its algorithms are pure Python, though: on a
federation of 100,000 statements exact betweenness takes minutes. Above ``NETWORKX_LIMIT``
nodes the same numbers come from igraph (C; equal to networkx's, tested), and above
``SAMPLE_LIMIT`` nodes betweenness is estimated from ``SAMPLES`` source nodes, drawn with a
fixed seed (Brandes and Pich, 2007), unless the caller asks for the exact values; its rank
agreement with them ``bench/run.py`` measures, and the findings built on it say so. Communities
on large networks come from Leiden (Traag, Waltman and van Eck, 2019) instead of greedy merging.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import igraph
    import networkx as nx

NETWORKX_LIMIT = 300  # nodes
# nodes: exact betweenness grows with nodes × edges; measured on generated federations, 0.2 s
# at 2,000 nodes (100,000 statements) but 28 to 48 s at 18,600 nodes (a million), per network
SAMPLE_LIMIT = 5_000
# source nodes for the estimate, measured at 18,600 nodes (the projection: 9,100): 500 sources
# take 1.5 s (0.9 s), rank with Spearman 0.98 against the exact values (0.99) and put 19 of the
# exact top 20 in their top 20 (19), as 1,000 or 2,000 do in twice or four times the time;
# 250 lose one more of the top 20 (bench/run.py measures it at each size)
SAMPLES = 500


def sources(count: int, exact: bool = False) -> int:
    """From how many source nodes betweenness on a network of ``count`` nodes is computed:
    all of them (the exact values) up to ``SAMPLE_LIMIT`` nodes or when ``exact``, else
    ``SAMPLES``."""
    return count if exact or count <= SAMPLE_LIMIT else min(SAMPLES, count)


def betweenness(graph: nx.Graph, samples: int | None = None, seed: int = 0,
                exact: bool = False) -> dict[Hashable, float]:
    """Normalised, unweighted betweenness of every node of an undirected ``graph``, as
    ``networkx.betweenness_centrality(graph, normalized=True)`` gives it; estimated from
    ``samples`` sources drawn with ``seed`` (default: :func:`sources`, exact up to
    ``SAMPLE_LIMIT`` nodes or when ``exact``)."""
    import networkx as nx

    count = graph.number_of_nodes()
    if samples is None:
        samples = sources(count, exact)
    if count <= NETWORKX_LIMIT and samples >= count:
        return nx.betweenness_centrality(graph, normalized=True)
    nodes, network = _to_igraph(graph)
    if samples >= count:
        raw = network.betweenness(directed=False)
    else:
        # each source's dependencies, scaled up: an unbiased estimate of the sum over all sources
        chosen = sorted(random.Random(seed).sample(range(count), samples))
        raw = [value * count / samples for value in network.betweenness(directed=False, sources=chosen)]
    scale = 2 / ((count - 1) * (count - 2)) if count > 2 else 1.0
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


def communities(graph: nx.Graph, weight: str = "weight", seed: int = 0) -> list[set[Hashable]]:
    """Communities of high modularity, largest first: networkx's Clauset–Newman–Moore
    ``greedy_modularity_communities`` on small networks (the reference), igraph's Leiden
    (modularity, iterated until stable, seeded: the same partition every run) on large ones.
    Greedy merging slows down on networks with hubs (an organisation in thousands of
    coalitions); Leiden grows with the edges and finds partitions at least as good (tested)."""
    from networkx.algorithms.community import greedy_modularity_communities

    if graph.number_of_edges() == 0:
        found: Iterable[set[Hashable]] = [{n} for n in graph]
    elif graph.number_of_nodes() <= NETWORKX_LIMIT:
        found = greedy_modularity_communities(graph, weight=weight)
    else:
        import igraph

        nodes, network = _to_igraph(graph, weight)
        igraph.set_random_number_generator(random.Random(seed))
        try:
            clusters = network.community_leiden(objective_function="modularity", weights="weight",
                                                n_iterations=-1)
        finally:
            igraph.set_random_number_generator(random)
        found = [{nodes[i] for i in cluster} for cluster in clusters]
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(map(str, c))))


def weighted_projection(graph: nx.Graph, nodes: Iterable[Hashable]) -> nx.Graph:
    """The projection of a bipartite ``graph`` onto ``nodes``: an edge between two of them for
    every neighbour they share, its weight the number shared, as networkx's
    ``bipartite.weighted_projected_graph`` makes it; a sparse matrix product on large graphs."""
    import networkx as nx
    from networkx.algorithms import bipartite

    nodes = sorted(nodes, key=str)
    if graph.number_of_nodes() <= NETWORKX_LIMIT:
        return bipartite.weighted_projected_graph(graph, nodes)
    import numpy as np
    from scipy import sparse

    row_of = {node: i for i, node in enumerate(nodes)}
    column_of = {node: j for j, node in enumerate(graph)}
    # every neighbour counts, as in networkx: also one that is itself among ``nodes``
    pairs = [(row_of[u], column_of[w]) for a, b in graph.edges() for u, w in ((a, b), (b, a)) if u in row_of]
    rows, columns = zip(*pairs, strict=True) if pairs else ((), ())
    incidence = sparse.csr_matrix((np.ones(len(pairs)), (rows, columns)), shape=(len(nodes), len(column_of)))
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    projection = nx.Graph()
    projection.add_nodes_from((node, graph.nodes[node]) for node in nodes)
    projection.add_weighted_edges_from(
        (nodes[i], nodes[j], int(w)) for i, j, w in zip(shared.row, shared.col, shared.data, strict=True))
    return projection


def layout(graph: nx.Graph, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """A force-directed layout within [-1, 1]², the same for the same graph and seed: igraph's
    Fruchterman–Reingold (C, with a grid above 1,000 nodes). A picture has no reference
    numbers to keep, and networkx's ``spring_layout`` takes seconds for a few thousand nodes
    and 80 ms for the letter's 95, where igraph takes 20 ms. It is drawn on igraph's
    low-level graph (the same coordinates, as a list): igraph's ``Graph`` imports numpy
    (60 ms), which the letter's report needs for nothing else."""
    import igraph

    nodes, edges = _indexed(graph)
    network = igraph.GraphBase(len(nodes), [(a, b) for a, b, _ in edges], False)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coordinates = network.layout_fruchterman_reingold(niter=500)
    finally:
        igraph.set_random_number_generator(random)
    xs, ys = zip(*coordinates, strict=True)
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {node: ((x - middle_x) / scale, (y - middle_y) / scale)
            for node, (x, y) in zip(nodes, coordinates, strict=True)}


def _to_igraph(graph: nx.Graph, weight: str | None = None) -> tuple[list[Hashable], igraph.Graph]:
    import igraph

    nodes, edges = _indexed(graph, weight)
    attributes = {"weight": [w for _, _, w in edges]} if weight else {}
    return nodes, igraph.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges], edge_attrs=attributes)


def _indexed(graph: nx.Graph, weight: str | None = None
             ) -> tuple[list[Hashable], list[tuple[int, int, float]]]:
    """The nodes, and the edges as pairs of their positions with their ``weight`` (1 without),
    in a fixed order: igraph breaks ties by position, and the report must not change from run
    to run."""
    nodes = sorted(graph, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b]), w)
                   for a, b, w in graph.edges(data=weight or "weight", default=1))
    return nodes, edges
