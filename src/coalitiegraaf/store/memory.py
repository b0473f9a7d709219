"""rdflib's in-memory dataset: pure Python, the reference behaviour."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from coalitiegraaf.errors import QueryError
from coalitiegraaf.store.base import QueryResult, Store, with_prefixes
from coalitiegraaf.store.sparql import QueryInfo, tokens
from coalitiegraaf.store.terms import to_rdflib

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

_OWN_QUERY_DEPTH = 10_000


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

    def _declared(self, sparql: str) -> str:
        return sparql  # the dataset's namespaces are rdflib's prefixes

    def query_own(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        # rdflib parses and evaluates recursively, a few dozen frames per level of nesting:
        # the compiled shapes nest as deep as the shapes do (the SHACL-for-SHACL shapes need
        # about 2,000). Python 3.11 does not use the C stack for these frames.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _OWN_QUERY_DEPTH))
        try:
            return super().query_own(sparql, bindings)
        finally:
            sys.setrecursionlimit(limit)

    def _query(self, sparql: str, info: QueryInfo) -> QueryResult:
        try:
            result = self._dataset.query(self._prepared(_keep_false_filters(sparql)))
        except RecursionError:
            raise QueryError(key="query_nested_run") from None
        except Exception as error:  # rdflib raises bare exceptions for evaluation errors
            raise QueryError(key="query_failed", reason=error) from None
        if info.form == "select":
            variables = [str(v) for v in result.vars or []]
            return QueryResult("select", variables, [tuple(row) for row in result])
        if info.form == "ask":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        graph = rdflib.Graph()
        for triple in result:
            graph.add(triple)
        return QueryResult(info.form, graph=graph)

    def _prepared(self, sparql: str) -> Query:
        # imported here: rdflib's SPARQL parser takes 55 ms to import, which a command that never
        # queries rdflib's store should not pay
        from rdflib.plugins.sparql.processor import prepareQuery

        query = prepareQuery(sparql, initNs=dict(self._dataset.namespaces()))
        _count_values_variables(query.algebra)
        return query

    def comparison(self, left: str, operator: str, right: str) -> str:
        # rdflib orders what SPARQL cannot compare: a string against a number, values of
        # different datatypes, a date-time with a time zone against one without; here those
        # comparisons are errors, as SPARQL has them (and as Oxigraph answers)
        comparable = (f"((isNUMERIC({left}) && isNUMERIC({right})) || (isLITERAL({left}) && "
                      f"sameTerm(DATATYPE({left}), DATATYPE({right})) && "
                      f"(COALESCE(TZ({left}), \"\") = \"\") = (COALESCE(TZ({right}), \"\") = \"\")))")
        return f"IF({comparable}, {left} {operator} {right}, 1 + \"not comparable\")"

    def _update(self, sparql: str) -> None:
        self._dataset.update(sparql)


def _count_values_variables(query_algebra: object) -> None:
    """Count the variables a ``VALUES`` block binds among those a part of the query may bind
    (rdflib's ``_vars``). rdflib leaves them out (rdflib issue 2332), and an ``OPTIONAL`` after
    the block then asks whether a solution would have matched without them, and drops it. A
    catalogue parameter is such a block: ``as-of`` with a date answered nothing."""
    from rdflib.plugins.sparql import algebra
    from rdflib.plugins.sparql.parserutils import CompValue

    def counted(node: object, children: list) -> object:
        if isinstance(node, CompValue) and node.name == "values":
            node["_vars"] = {variable for row in node.res for variable in row}
            return node["_vars"]
        return algebra._addVars(node, children)

    algebra._traverseAgg(query_algebra, counted)


def _keep_false_filters(sparql: str) -> str:
    """rdflib drops a FILTER whose expression is the constant false (it tests the filter's
    truth where it means to test its presence), so ``{ FILTER (false) } UNION { … }`` has a
    solution; written as ``(false && false)`` the filter stays."""
    found = list(tokens(sparql))
    pieces, last = [], 0
    for (_, before), (_, opening), (offset, word), (_, closing) in zip(
            found, found[1:], found[2:], found[3:], strict=False):
        if before.upper() == "FILTER" and opening == "(" and word == "false" and closing == ")":
            pieces += [sparql[last:offset], "(false && false)"]
            last = offset + len(word)
    return "".join(pieces) + sparql[last:]
