"""A remote SPARQL 1.1 endpoint as a store: read only, asked through SPARQLWrapper."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TypeVar

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from coalitiegraaf.errors import StoreError
from coalitiegraaf.store.base import QueryResult, Store, with_prefixes
from coalitiegraaf.store.sparql import QueryInfo
from coalitiegraaf.store.terms import Term, light_json
from coalitiegraaf.store.transport import (
    MAX_BYTES,
    USER_AGENT,
    Client,
    Response,
    check_url,
    credentials,
    redacted,
    split_credentials,
)

T = TypeVar("T")


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint. SPARQLWrapper builds each request and reads the answer;
    :mod:`coalitiegraaf.store.transport` sends it (one deadline for the whole request, at most
    ``max_bytes`` of answer, credentials only to the endpoint's own origin).

    Queries read the endpoint's default graph as the union of its named graphs, as the local
    stores do (Oxigraph: ``--union-default-graph``); an endpoint whose default graph is empty
    while its named graphs are not is reported, not answered with nothing. Credentials come from
    the environment (``COALITIEGRAAF_ENDPOINT_TOKEN``, or ``COALITIEGRAAF_ENDPOINT_USER`` and
    ``COALITIEGRAAF_ENDPOINT_PASSWORD``) or from the URL.
    """

    kind = "endpoint"

    def __init__(self, url: str, timeout: float = 30.0, max_bytes: int = MAX_BYTES) -> None:
        check_url(url)
        self.url = url
        self.shown = redacted(url)
        self._bare_url, userinfo = split_credentials(url)
        self.client = Client(timeout=timeout, headers={**userinfo, **credentials()}, max_bytes=max_bytes)
        self._union_checked = False

    def dataset(self) -> rdflib.Dataset:
        view = with_prefixes(rdflib.Dataset(default_union=True))
        rows = self.query_own(_ALL_QUADS).rows
        view.addN((s, p, o, view.graph(g)) for g, s, p, o in rows)
        return view

    def graph_names(self) -> list[rdflib.URIRef]:
        rows = self.query_own(_GRAPH_NAMES).rows
        return sorted(g for (g,) in rows if isinstance(g, rdflib.URIRef))

    def __len__(self) -> int:
        return count(self.query_own(_COUNT_QUADS), self.shown)

    def _add(self, quads: list[ox.Quad]) -> None:
        raise StoreError(key="endpoint_read_only_load")

    def _update(self, sparql: str) -> None:
        raise StoreError(key="endpoint_read_only_update")

    def _query(self, sparql: str, info: QueryInfo) -> QueryResult:
        result = self._ask(sparql, info.form)
        if _empty(result) and not self._union_checked:
            self._check_union()
        return result

    def _select_terms(self, sparql: str, info: QueryInfo) -> tuple[list[str], list[tuple[Term | None, ...]]]:
        variables: list[str] = []

        def rows(answer: dict) -> list[tuple[Term | None, ...]]:
            variables.extend(answer["head"]["vars"])
            return [tuple(light_json(binding.get(v)) for v in variables)
                    for binding in answer["results"]["bindings"]]

        found = self._select(sparql, rows)
        return variables, found

    def _select_text(self, sparql: str, info: QueryInfo) -> list[dict[str, str]]:
        def rows(answer: dict) -> list[dict[str, str]]:
            variables = answer["head"]["vars"]
            return [{v: binding[v]["value"] for v in variables if v in binding}
                    for binding in answer["results"]["bindings"]]

        return self._select(sparql, rows)

    def _select(self, sparql: str, rows: Callable[[dict], list[T]]) -> list[T]:
        """A SELECT answer's rows as ``rows`` reads them from the JSON answer, without rdflib
        terms (most of the time on a large answer goes into making those)."""
        response = self._checked(self._send(sparql, "select", "json"), "select")
        try:
            found = rows(_converted(response))
        except Exception as error:  # any parser's error means the same: a malformed answer
            raise StoreError(key="endpoint_malformed", url=self.shown, reason=error) from None
        if not found and not self._union_checked:
            self._check_union()
        return found

    def _ask(self, sparql: str, form: str) -> QueryResult:
        from SPARQLWrapper import JSON, TURTLE

        graph_answer = form in ("construct", "describe")
        response = self._checked(self._send(sparql, form, TURTLE if graph_answer else JSON), form)
        try:
            if graph_answer:
                return QueryResult(form, graph=rdflib.Graph().parse(data=response.body, format="turtle"))
            answer = _converted(response)
            if form == "ask":
                return QueryResult("ask", boolean=_ask_answer(answer))
            variables = list(answer["head"]["vars"])
            rows = [tuple(_json_term(binding.get(v)) for v in variables)
                    for binding in answer["results"]["bindings"]]
            return QueryResult("select", variables, rows)
        except Exception as error:  # any parser's error means the same: a malformed answer
            raise StoreError(key="endpoint_malformed", url=self.shown, reason=error) from None

    def _checked(self, response: Response, form: str) -> Response:
        """``response`` if it is an answer of the kind asked for, else a clear error."""
        if response.status == 400:
            detail = response.body.decode("utf-8", "replace").strip().splitlines()
            raise StoreError(key="endpoint_refused_query", url=self.shown,
                             reason=detail[0] if detail else "-")
        if response.status >= 300:
            raise StoreError(key="endpoint_http", url=self.shown, status=response.status,
                             reason=response.reason)
        expected = "text/turtle" if form in ("construct", "describe") else "application/sparql-results+json"
        if response.content_type.split(";")[0].strip() not in (expected, "application/json"):
            raise StoreError(key="endpoint_content_type", url=self.shown, got=response.content_type or "-",
                             expected=expected)
        return response

    def _send(self, sparql: str, form: str, fmt: str) -> Response:
        """The query as SPARQLWrapper asks it, sent by the transport (SPARQLWrapper's own
        ``urlopen`` has none of its guarantees). The query's form is the one the parser found:
        SPARQLWrapper guesses it with a pattern, which takes the catalogue's ``certainties``
        for an ADD update and ``plan-gaps`` for an ASK."""
        from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper

        wrapper = SPARQLWrapper(self._bare_url, agent=USER_AGENT)
        # the protocol's form POST: the one way every store takes (Virtuoso 7 waits for ever
        # on a direct application/sparql-query body); the format asked by Accept alone
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        with warnings.catch_warnings():  # its guess, overruled below, warns on what it cannot read
            warnings.simplefilter("ignore")
            wrapper.setQuery(sparql)
        wrapper.queryType = form.upper()
        wrapper.setReturnFormat(fmt)
        return self.client.send(wrapper._createRequest(), safe=True)

    def _check_union(self) -> None:
        """An empty answer may mean an endpoint whose default graph is not the union of its
        named graphs: then every query would answer nothing. Asked once, on the first empty
        answer."""
        self._union_checked = True
        if not self._ask(_ANY_DEFAULT, "ask").boolean and self._ask(_ANY_NAMED, "ask").boolean:
            raise StoreError(key="endpoint_no_union", url=self.shown)


def _converted(response) -> dict:
    """SPARQLWrapper's reading of a JSON answer."""
    import io

    from SPARQLWrapper import JSON
    from SPARQLWrapper.Wrapper import QueryResult as WrapperResult

    class Answer(io.BytesIO):
        def info(self) -> dict[str, str]:
            return {"content-type": response.content_type}

    return WrapperResult((Answer(response.body), JSON)).convert()


def count(result: QueryResult, shown: str) -> int:
    """The number in a one-row, one-column answer, or a clear error."""
    try:
        ((value,),) = result.rows
        return int(str(value))
    except (ValueError, TypeError):
        raise StoreError(key="endpoint_not_a_count", url=shown, answer=repr(result.rows[:1])) from None


_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_ANY_DEFAULT = "ASK { ?s ?p ?o }"
_ANY_NAMED = "ASK { GRAPH ?g { ?s ?p ?o } }"


def _empty(result: QueryResult) -> bool:
    if result.graph is not None:
        return len(result.graph) == 0
    return not result.rows if result.form == "select" else result.boolean is False


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
