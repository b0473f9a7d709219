"""Counts that describe the dataset: statements in total, per named graph and per class."""

from __future__ import annotations

from dataclasses import dataclass

from coalitiegraaf.analysis.labels import short_iri
from coalitiegraaf.store import Store

_PER_GRAPH = "SELECT ?graph (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph"
_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {
  GRAPH ?graph { ?node a ?class } FILTER (?graph != <https://w3id.org/coalitiegraaf/graph/ontology>)
} GROUP BY ?class"""


@dataclass(frozen=True)
class Stats:
    """Statement counts per named graph and node counts per class (outside the ontology)."""

    total: int
    per_graph: dict[str, int]
    per_class: dict[str, int]


def stats(store: Store) -> Stats:
    """Count the statements and nodes in ``store``."""
    per_graph = {str(g): int(n) for g, n in store.query_own(_PER_GRAPH).rows}
    rows = store.query_own(_PER_CLASS).rows
    per_class = {short_iri(c): int(n) for c, n in rows}
    return Stats(
        total=sum(per_graph.values()),
        per_graph=dict(sorted(per_graph.items())),
        per_class=dict(sorted(per_class.items(), key=lambda item: (-item[1], item[0]))),
    )
