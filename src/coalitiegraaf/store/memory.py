"""rdflib's in-memory dataset: pure Python, the reference behaviour."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from coalitiegraaf.errors import QueryError
from coalitiegraaf.store.base import QueryResult, Store, with_prefixes
from coalitiegraaf.store.sparql import QueryInfo
from coalitiegraaf.store.terms import to_rdflib


class MemoryStore(Store):
    """rdflib's in-memory dataset: pure Python, the reference behaviour."""

    kind = "memory"

    def __init__(self) -> None:
        self._dataset = with_prefixes(rdflib.Dataset(default_union=True))

    def dataset(self) -> rdflib.Dataset:
        return self._dataset

    def graph_names(self) -> list[rdflib.URIRef]:
        names = {g.identifier for g in self._dataset.graphs() if len(g)}
        return sorted(n for n in names if isinstance(n, rdflib.URIRef)
                      and n != rdflib.graph.DATASET_DEFAULT_GRAPH_ID)

    def __len__(self) -> int:
        return sum(1 for _ in self._dataset.quads((None, None, None, None)))

    def _add(self, quads: list[ox.Quad]) -> None:
        self._dataset.addN(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
             self._dataset.graph(to_rdflib(q.graph_name)))
            for q in quads
        )

    def _query(self, sparql: str, info: QueryInfo) -> QueryResult:
        try:
            result = self._dataset.query(sparql)
        except RecursionError:
            raise QueryError("the query is nested too deeply to run") from None
        except Exception as error:  # rdflib raises bare exceptions for evaluation errors
            raise QueryError(f"the query failed: {error}") from None
        if info.form == "select":
            variables = [str(v) for v in result.vars or []]
            return QueryResult("select", variables, [tuple(row) for row in result])
        if info.form == "ask":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        graph = rdflib.Graph()
        for triple in result:
            graph.add(triple)
        return QueryResult(info.form, graph=graph)

    def _update(self, sparql: str) -> None:
        self._dataset.update(sparql)


