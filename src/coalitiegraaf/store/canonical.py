"""Canonical blank node labels (RDF Dataset Canonicalization, RDFC-1.0), within a time bound.

RDFC-1.0 is quick when every blank node is told apart by its own statements, and can take
longer than any user waits when many look alike: nine blank nodes that all point at each
other took minutes, a Turtle list of 300 equal values 10 s, twelve in a complete bipartite
graph over 40 s (measured with Oxigraph 0.5). So blank nodes that are told apart are labelled
here, at once; data with look-alikes is labelled by Oxigraph in a child process that is
stopped after COALITIEGRAAF_MAX_CANONICAL_SECONDS, and then refused with a clear error.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

from coalitiegraaf.errors import InputError
from coalitiegraaf.limits import Limits, limit_hint, limits

# groups of look-alikes this small take milliseconds (six blank nodes all linked: 0.05 s)
_QUICK_GROUP = 6
_CHILD = """
import resource, sys
import pyoxigraph as ox
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
dataset = ox.Dataset(ox.parse(sys.stdin.buffer.read(), format=ox.RdfFormat.N_QUADS))
dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
sys.stdout.buffer.write(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS))
"""


def canonicalized(dataset: ox.Dataset, bounds: Limits | None = None) -> ox.Dataset:
    """``dataset`` with its blank nodes labelled by RDFC-1.0 (the same labels whatever the load
    order); an :class:`InputError` if that takes longer than the bound."""
    bounds = bounds or limits()
    blank, rest = [], []
    for quad in dataset:
        (blank if _mentions_blank_nodes(quad) else rest).append(quad)
    if _largest_look_alike_group(blank) <= _QUICK_GROUP:
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return dataset
    # the labels depend only on the statements that mention blank nodes: only those go
    data = ox.serialize(blank, format=ox.RdfFormat.N_QUADS)
    seconds = bounds.max_canonical_seconds
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD], input=data, capture_output=True,
                              timeout=seconds, check=True)
    except subprocess.TimeoutExpired:
        raise InputError(key="blank_nodes_alike", description=_description(blank), seconds=seconds,
                         hint=limit_hint("max_canonical_seconds")) from None
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else str(error)
        raise InputError(key="canonical_failed", reason=reason) from None
    return ox.Dataset([*rest, *ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS)])


def _mentions_blank_nodes(quad: ox.Quad) -> bool:
    # a triple term may hold blank nodes too
    terms = (quad.subject, quad.object, quad.graph_name)
    return any(isinstance(term, ox.BlankNode | ox.Triple) for term in terms)


def _largest_look_alike_group(quads: Iterable[ox.Quad]) -> int:
    """The size of the largest group of connected blank nodes that look alike: that have the
    same statements once blank nodes are left out of them (RDFC-1.0's first-degree hash). Only
    among those does the algorithm search, and its search grows beyond any bound with their
    number (blank nodes told apart end a search)."""
    statements: dict[ox.BlankNode, list[tuple[str, ...]]] = {}
    links: list[list[ox.BlankNode]] = []
    for quad in quads:
        terms = (quad.subject, quad.predicate, quad.object, quad.graph_name)
        nodes = list({t for t in terms if isinstance(t, ox.BlankNode)})
        links.append(nodes)
        for node in nodes:
            written = tuple("_:a" if t == node else "_:z" if isinstance(t, ox.BlankNode) else str(t)
                            for t in terms)
            statements.setdefault(node, []).append(written)
    signature = {node: tuple(sorted(found)) for node, found in statements.items()}
    shared = Counter(signature.values())
    alike = {node for node, sign in signature.items() if shared[sign] > 1}
    group = {node: node for node in alike}  # union-find over the look-alikes a statement links

    def root(node):
        while group[node] != node:
            group[node] = group[group[node]]
            node = group[node]
        return node

    for nodes in links:
        linked = [root(n) for n in nodes if n in alike]
        for other in linked[1:]:
            group[other] = linked[0]
    return max(Counter(root(node) for node in alike).values(), default=0)


def _description(quads: list[ox.Quad]) -> str:
    nodes = {t for q in quads for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.BlankNode)}
    return f"{len(nodes):,} blank nodes in {len(quads):,} statements"
