"""Oxigraph, in memory or on disk: the fast path for large graphs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from coalitiegraaf.errors import ParseError, QueryError
from coalitiegraaf.sources.parsing import (
    RdfFile,
    checked_data,
    rdf_format,
    read_checked,
    reported,
)
from coalitiegraaf.store.base import QueryResult, Store, with_prefixes
from coalitiegraaf.store.sparql import QueryInfo
from coalitiegraaf.store.terms import to_oxigraph, to_rdflib

_Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class OxigraphStore(Store):
    """Oxigraph, in memory or on disk: the fast path for large graphs."""

    kind = "oxigraph"

    def __init__(self, path: str | None = None, read_only: bool = False) -> None:
        """In memory, or on disk at ``path``; ``read_only`` opens a store on disk that other
        processes read at the same time (the endpoint's workers)."""
        self._store = ox.Store.read_only(path) if read_only else ox.Store(path) if path else ox.Store()
        self._view: rdflib.Dataset | None = None

    def dataset(self) -> rdflib.Dataset:
        if self._view is None:
            view = with_prefixes(rdflib.Dataset(default_union=True))
            view.addN(
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                 view.graph(to_rdflib(q.graph_name)))
                for q in self._store if not isinstance(q.graph_name, ox.DefaultGraph)
            )
            self._view = view
        return self._view

    def quads(self) -> Iterator[ox.Quad]:
        return (q for q in self._store if not isinstance(q.graph_name, ox.DefaultGraph))

    def graph(self) -> rdflib.Graph:
        # straight from Oxigraph, without building the per-graph view first
        union = with_prefixes(rdflib.Graph())
        for q in self._store:
            if not isinstance(q.graph_name, ox.DefaultGraph):
                union.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return union

    def _statements_about(self, node: Node):
        for quad in self._store.quads_for_pattern(to_oxigraph(node), None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield node, to_rdflib(quad.predicate), to_rdflib(quad.object)

    def graph_names(self) -> list[rdflib.URIRef]:
        return sorted(rdflib.URIRef(g.value) for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def load(self, files: Iterable[RdfFile]) -> None:
        # Oxigraph parses and loads the bytes itself, twice as fast as from quads built in
        # Python. So that a bad file adds nothing: an empty store is emptied again on an error,
        # and into a store with data every file is parsed once first.
        empty = next(self._store.quads_for_pattern(None, None, None), None) is None
        sources = [(source, read_checked(source) if empty else checked_data(source)) for source in files]
        try:
            for source, data in sources:
                with reported(source.path, data):
                    self._store.bulk_load(data, format=rdf_format(source.path), base_iri=source.base_iri,
                                          to_graph=source.graph)
        except ParseError:
            if empty:
                self._store.clear()
            raise
        finally:
            self._changed()

    def _changed(self) -> None:
        self._view = None

    def _select_text(self, sparql: str, info: QueryInfo) -> list[dict[str, str]]:
        solutions = self._run(sparql)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only a SELECT query gives rows")
        names = [v.value for v in solutions.variables]
        return [{name: term.value for name in names if (term := solution[name]) is not None}
                for solution in solutions]

    def evaluate(self, sparql: str, default_graphs: Sequence[str] | None = None,
                 named_graphs: Sequence[str] | None = None) -> _Answer:
        """Oxigraph's own answer to a query that :meth:`check` let through, for writers that
        take it as it is (the endpoint); ``default_graphs`` and ``named_graphs`` make the
        dataset of the SPARQL Protocol's ``default-graph-uri`` and ``named-graph-uri``."""
        return self._run(sparql, default_graphs, named_graphs)

    def _run(self, sparql: str, default_graphs: Sequence[str] | None = None,
             named_graphs: Sequence[str] | None = None) -> _Answer:
        dataset = {}
        if default_graphs is not None or named_graphs is not None:
            # the protocol's dataset: the graphs named, and only those
            dataset = {"default_graph": [ox.NamedNode(g) for g in default_graphs or ()],
                       "named_graphs": [ox.NamedNode(g) for g in named_graphs or ()]}
        try:
            return self._store.query(sparql, use_default_graph_as_union=not dataset, **dataset)
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from None
        except (OSError, ValueError) as error:
            raise QueryError(f"the query failed: {error}") from None

    def _query(self, sparql: str, info: QueryInfo) -> QueryResult:
        result = self._run(sparql)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            # answers repeat their terms (classes, coalitions, roles): each is converted once
            converted: dict[object, Node | None] = {None: None}

            def term(value: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
                found = converted.get(value, converted)
                if found is converted:
                    found = converted[value] = to_rdflib(value)
                return found

            rows = [tuple(term(solution[name]) for name in variables) for solution in result]
            return QueryResult("select", variables, rows)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        graph = rdflib.Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        return QueryResult(info.form, graph=graph)

    def _update(self, sparql: str) -> None:
        self._store.update(sparql)


