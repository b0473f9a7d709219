"""The store layer: the one place that knows where triples live and how queries run.

Two backends hold the data in this process: rdflib's in-memory dataset (``memory``) and
Oxigraph (``oxigraph``, much faster on large graphs). Every other module asks a
:class:`Store` for query results, in rdflib terms, or for an rdflib view of the data, and
does not care which backend answers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from coalitiegraaf.errors import InputError, ParseError, QueryError, StoreError
from coalitiegraaf.namespaces import PREFIXES
from coalitiegraaf.parsing import RdfFile, checked_data, parse_file, rdf_format, read_checked, reported
from coalitiegraaf.sparql import QueryInfo, bind_parameters, check_read_only, inspect_query, own_form
from coalitiegraaf.terms import to_oxigraph, to_rdflib

BACKENDS = ("memory", "oxigraph")
G = TypeVar("G", bound=rdflib.Graph)


@dataclass
class QueryResult:
    """The answer to a query, in rdflib terms, whatever backend gave it."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None


class Store(ABC):
    """A dataset of named graphs that can be loaded, queried and viewed through rdflib."""

    kind: str

    def load(self, files: Iterable[RdfFile]) -> None:
        """Parse ``files`` (all of them first, so a bad one adds nothing) and add their quads."""
        parsed = [parse_file(source) for source in files]
        for quads in parsed:
            self._add(quads)
        self._changed()

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None,
              allow_remote: bool = False) -> QueryResult:
        """Run a read-only query; ``bindings`` are bound as RDF terms, never pasted in."""
        info = check_read_only(sparql, allow_remote=allow_remote)
        return self._query(bind_parameters(sparql, bindings or {}), info)

    def query_own(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a query coalitiegraaf wrote itself (a shipped file, compiled shapes): there is
        nothing to refuse, so it is not parsed before the store parses it."""
        return self._query(bind_parameters(sparql, bindings or {}), _own_info(sparql))

    def select_text(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, str]]:
        """One of coalitiegraaf's own SELECT queries, its rows as ``{variable: text}`` (an IRI,
        a literal's lexical form), unbound variables left out: what the analyses need, without
        building rdflib terms, which is most of the time on large answers."""
        return self._select_text(bind_parameters(sparql, bindings or {}), _own_info(sparql))

    def _select_text(self, sparql: str, info: QueryInfo) -> list[dict[str, str]]:
        result = self._query(sparql, info)
        return [{name: str(term) for name, term in zip(result.variables, row, strict=True)
                 if term is not None} for row in result.rows]

    def update(self, sparql: str) -> None:
        """Run a SPARQL update written by coalitiegraaf itself (the rules in ontology/rules)."""
        self._update(sparql)
        self._changed()

    def quads(self) -> Iterator[ox.Quad]:
        """Every statement of every named graph, in Oxigraph terms (for the exports)."""
        for s, p, o, g in self.dataset().quads((None, None, None, None)):
            name = getattr(g, "identifier", g)  # rdflib gives graphs or their names
            if name != rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(name))

    def graph(self) -> rdflib.Graph:
        """All statements of all named graphs as one rdflib graph (for pySHACL, networkx)."""
        union = _with_prefixes(rdflib.Graph())
        for s, p, o, _ in self.dataset().quads((None, None, None, None)):
            union.add((s, p, o))
        return union

    @abstractmethod
    def dataset(self) -> rdflib.Dataset:
        """An rdflib view of the whole dataset, one rdflib graph per named graph."""

    @abstractmethod
    def graph_names(self) -> list[rdflib.URIRef]:
        """The named graphs in the store, sorted."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads."""

    def _add(self, quads: list[ox.Quad]) -> None:
        """Add parsed quads, for :meth:`load`; a backend that loads the bytes itself overrides
        :meth:`load` instead."""
        raise NotImplementedError

    @abstractmethod
    def _query(self, sparql: str, info: QueryInfo) -> QueryResult: ...

    @abstractmethod
    def _update(self, sparql: str) -> None: ...

    def _changed(self) -> None:  # noqa: B027 - a hook; only backends that cache views need it
        """Forget anything derived from the data."""


class MemoryStore(Store):
    """rdflib's in-memory dataset: pure Python, the reference behaviour."""

    kind = "memory"

    def __init__(self) -> None:
        self._dataset = _with_prefixes(rdflib.Dataset(default_union=True))

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


class OxigraphStore(Store):
    """Oxigraph, in memory or on disk: the fast path for large graphs."""

    kind = "oxigraph"

    def __init__(self, path: str | None = None) -> None:
        self._store = ox.Store(path) if path else ox.Store()
        self._view: rdflib.Dataset | None = None

    def dataset(self) -> rdflib.Dataset:
        if self._view is None:
            view = _with_prefixes(rdflib.Dataset(default_union=True))
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
        union = _with_prefixes(rdflib.Graph())
        for q in self._store:
            if not isinstance(q.graph_name, ox.DefaultGraph):
                union.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return union

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

    def _run(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return self._store.query(sparql, use_default_graph_as_union=True)
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


def _with_prefixes(graph: G) -> G:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _own_info(sparql: str) -> QueryInfo:
    return QueryInfo(form=own_form(sparql), uses_service=False, uses_dataset_clause=False)


def open_store(kind: str = "oxigraph") -> Store:
    """An empty store of the given backend: ``memory`` (rdflib) or ``oxigraph``."""
    if kind == "memory":
        return MemoryStore()
    if kind == "oxigraph":
        return OxigraphStore()
    raise InputError(f"unknown store {kind!r}: choose one of {', '.join(BACKENDS)}")




class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint, read through :mod:`coalitiegraaf.transport`.

    The endpoint's default graph must be the union of its named graphs (Oxigraph:
    ``--union-default-graph``), as it is for the local backends. Credentials come from the
    environment: ``COALITIEGRAAF_ENDPOINT_TOKEN`` (bearer) or ``COALITIEGRAAF_ENDPOINT_USER``
    and ``COALITIEGRAAF_ENDPOINT_PASSWORD`` (basic).
    """

    kind = "endpoint"

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"endpoint {url!r} is not an http(s) URL")
        self.url = url
        self.timeout = timeout

    def dataset(self) -> rdflib.Dataset:
        view = _with_prefixes(rdflib.Dataset(default_union=True))
        rows = self.query_own(_ALL_QUADS).rows
        view.addN((s, p, o, view.graph(g)) for g, s, p, o in rows)
        return view

    def graph_names(self) -> list[rdflib.URIRef]:
        rows = self.query_own(_GRAPH_NAMES).rows
        return sorted(g for (g,) in rows if isinstance(g, rdflib.URIRef))

    def __len__(self) -> int:
        rows = self.query_own(_COUNT_QUADS).rows
        return int(rows[0][0])

    def _add(self, quads: list[ox.Quad]) -> None:
        raise StoreError("coalitiegraaf only reads from an endpoint; load files locally instead")

    def _update(self, sparql: str) -> None:
        raise StoreError("coalitiegraaf only reads from an endpoint; it does not update it")

    def _query(self, sparql: str, info: QueryInfo) -> QueryResult:
        import json

        accept = "text/turtle" if info.form in ("construct", "describe") else \
            "application/sparql-results+json"
        body = self._request(sparql, info.form, accept)
        try:
            if info.form in ("construct", "describe"):
                graph = rdflib.Graph()
                graph.parse(data=body, format="turtle")
                return QueryResult(info.form, graph=graph)
            answer = json.loads(body)
            if info.form == "ask":
                return QueryResult("ask", boolean=_ask_answer(answer))
            variables = list(answer["head"]["vars"])
            rows = [tuple(_json_term(binding.get(v)) for v in variables)
                    for binding in answer["results"]["bindings"]]
            return QueryResult("select", variables, rows)
        except Exception as error:  # any parser's error means the same: a malformed answer
            raise StoreError(f"malformed answer from {self.url}: {error}") from None

    def _request(self, sparql: str, form: str, accept: str) -> bytes:
        from coalitiegraaf.transport import FORM, Client, credentials, form

        # a read, so retried if the connection fails
        client = Client(timeout=self.timeout, headers=credentials())
        response = client.request("POST", self.url, form("query", sparql),
                                  {"Content-Type": FORM, "Accept": accept})
        if response.status == 400:
            detail = response.body.decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"{self.url} refused the query: {detail[0] if detail else 'bad request'}")
        if response.status >= 300:
            raise StoreError(f"{self.url} answered HTTP {response.status} {response.reason}")
        expected = accept.split(";")[0]
        if response.content_type.split(";")[0].strip() not in (expected, "application/json"):
            raise StoreError(f"{self.url} answered with {response.content_type or 'no content type'}, "
                             f"not {expected}: is it a SPARQL endpoint?")
        return response.body


_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _ask_answer(answer: dict) -> bool:
    """The boolean of an ASK answer; Virtuoso 7 answers with one row of one value instead."""
    if "boolean" in answer:
        return bool(answer["boolean"])
    (row,) = answer["results"]["bindings"]
    (value,) = row.values()
    return value["value"] in ("1", "true")


def _json_term(term: dict | None) -> Node | None:
    """An rdflib term from a SPARQL 1.1 JSON results binding."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return rdflib.URIRef(value)
    if kind == "bnode":
        return rdflib.BNode(value)
    if "xml:lang" in term:
        return rdflib.Literal(value, lang=term["xml:lang"])
    datatype = term.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(value, datatype=rdflib.URIRef(datatype), normalize=False)
    return rdflib.Literal(value)


__all__ = ["BACKENDS", "EndpointStore", "MemoryStore", "OxigraphStore", "QueryResult", "Store",
           "inspect_query", "open_store"]
