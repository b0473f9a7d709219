"""A remote SPARQL 1.1 endpoint as a store: read only, through the transport layer."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from coalitiegraaf.errors import InputError, StoreError
from coalitiegraaf.store.base import QueryResult, Store, with_prefixes
from coalitiegraaf.store.sparql import QueryInfo


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint, read through :mod:`coalitiegraaf.store.transport`.

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
        view = with_prefixes(rdflib.Dataset(default_union=True))
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
        from coalitiegraaf.store.transport import FORM, Client, credentials, form

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
