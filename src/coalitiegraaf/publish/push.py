"""Upload the dataset to a triple store, all or nothing.

Each named graph (or the whole dataset, into one graph) is first put into a scratch graph with
the SPARQL 1.1 Graph Store HTTP Protocol; uploads are safe to repeat, so they are retried.
Only when every upload has succeeded does one SPARQL Update request move (``--replace``) or
add the scratch graphs into their targets: a store that runs an update request as one
transaction (Oxigraph, Fuseki, GraphDB, Virtuoso) holds the old data or the new, never half.
That request is never retried. Afterwards the store is asked how many triples each target
graph holds, and the answer checked.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from dataclasses import dataclass

import pyoxigraph as ox

from coalitiegraaf.errors import InputError, StoreError
from coalitiegraaf.store import EndpointStore, Store
from coalitiegraaf.store.transport import FORM, Client, credentials, form, redacted

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class Service:
    """The three doors of a SPARQL store: query, update and graph store."""

    query: str
    update: str
    graph_store: str

    @classmethod
    def at(cls, endpoint: str, update: str | None = None, graph_store: str | None = None) -> Service:
        """The services of ``endpoint``: Oxigraph's …/query, …/update and …/store, Fuseki's
        …/sparql, …/update and …/data, unless given."""
        base, _, last = endpoint.rstrip("/").rpartition("/")
        guess = {"query": ("update", "store"), "sparql": ("update", "data")}.get(last)
        if guess is None and (update is None or graph_store is None):
            raise StoreError(key="push_services_unknown", url=redacted(endpoint))
        return cls(endpoint, update or f"{base}/{guess[0]}", graph_store or f"{base}/{guess[1]}")


@dataclass(frozen=True)
class PushResult:
    """The triples each target graph holds after the push."""

    graphs: dict[str, int]
    replaced: bool


def push(store: Store, service: Service, graph: str | None = None, replace: bool = False,
         timeout: float = 60.0, retries: int = 2) -> PushResult:
    """Upload ``store``'s named graphs (or all of them into ``graph``) to ``service``."""
    if graph is not None and not _IRI.fullmatch(graph):
        raise InputError(key="push_graph_not_iri", graph=graph)
    payloads = _payloads(store, graph)
    client = Client(timeout=timeout, retries=retries, headers=credentials())
    scratch = {target: f"urn:coalitiegraaf:push:{uuid.uuid4()}" for target in payloads}
    try:
        for target, (data, _) in payloads.items():
            _upload(client, service, scratch[target], data)
        _check_kept(service, scratch, payloads, timeout)
        _swap(client, service, scratch, replace)
    except StoreError:
        _forget(client, service, scratch)
        raise
    return PushResult(_check(service, payloads, replace, timeout), replace)


def _payloads(store: Store, graph: str | None) -> dict[str, tuple[bytes, int]]:
    """Per target graph: its triples as N-Triples (blank nodes skolemised) and how many."""
    from coalitiegraaf.publish.exports import canonical

    sources: dict[str, list[ox.Quad]] = {}
    for quad in store.quads():
        sources.setdefault(graph or quad.graph_name.value, []).append(
            ox.Quad(quad.subject, quad.predicate, quad.object))
    payloads = {}
    for target, quads in sorted(sources.items()):
        triples = [q.triple for q in canonical(quads, skolemise=True)]
        payloads[target] = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples))
    return payloads


def _upload(client: Client, service: Service, scratch: str, data: bytes) -> None:
    response = client.request("PUT", _graph_url(service, scratch), data,
                              {"Content-Type": "application/n-triples"}, safe=True)
    if response.status >= 300:
        raise StoreError(key="push_upload_refused", url=redacted(service.graph_store), status=response.status,
                         reason=response.reason)


def _swap(client: Client, service: Service, scratch: dict[str, str], replace: bool) -> None:
    """One update request puts every scratch graph in place: the store's own transaction."""
    steps = [f"MOVE <{temporary}> TO <{target}>" if replace
             else f"ADD <{temporary}> TO <{target}> ; DROP GRAPH <{temporary}>"
             for target, temporary in scratch.items()]
    response = client.request("POST", service.update, form("update", " ;\n".join(steps)),
                              {"Content-Type": FORM}, safe=False)
    if response.status >= 300:
        raise StoreError(key="push_update_refused", url=redacted(service.update), status=response.status,
                         reason=response.reason)


def _check_kept(service: Service, scratch: dict[str, str], payloads: dict[str, tuple[bytes, int]],
                timeout: float) -> None:
    """Refuse, before anything is in place, a store that does not keep the uploaded literals
    as written: Oxigraph, for one, keeps "5"^^xsd:int as "5"^^xsd:integer."""
    from coalitiegraaf.store.literals import XSD, candidate
    from coalitiegraaf.store.terms import to_oxigraph

    endpoint = EndpointStore(service.query, timeout=timeout)
    for target, (data, _) in payloads.items():
        sent = {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                if isinstance(q.object, ox.Literal) and candidate(q.object)}
        if not sent:
            continue
        answer = endpoint.query_own(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{scratch[target]}> {{ ?s ?p ?o FILTER (isLITERAL(?o) && "
            f"STRSTARTS(STR(DATATYPE(?o)), \"{XSD}\")) }} }}")
        if answer.variables != ["s", "p", "o"] or any(None in row for row in answer.rows):
            raise StoreError(key="push_check_unanswered", url=endpoint.shown,
                             variables=", ".join(answer.variables) or "-")
        held = {ox.Triple(*(to_oxigraph(term) for term in row)) for row in answer.rows}
        lost = sorted(str(t.object) for t in sent - held)
        if lost:
            from coalitiegraaf.messages import Words

            more = Words("push_and_more", count=len(lost) - 1) if len(lost) > 1 else ""
            raise StoreError(key="push_literals_changed", literal=lost[0], more=more)


def _forget(client: Client, service: Service, scratch: dict[str, str]) -> None:
    """Remove scratch graphs a failed push left, if the store still answers."""
    drops = " ;\n".join(f"DROP SILENT GRAPH <{temporary}>" for temporary in scratch.values())
    with contextlib.suppress(StoreError):
        client.request("POST", service.update, form("update", drops), {"Content-Type": FORM}, safe=True)


def _check(service: Service, payloads: dict[str, tuple[bytes, int]], replace: bool,
           timeout: float) -> dict[str, int]:
    from coalitiegraaf.store.endpoint import count

    endpoint = EndpointStore(service.query, timeout=timeout)
    held = {}
    for target, (_, expected) in payloads.items():
        try:
            held[target] = count(endpoint.query_own(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"), endpoint.shown)
        except StoreError as error:
            raise StoreError(key="push_check_failed", reason=error) from None
        if held[target] != expected and (replace or held[target] < expected):
            raise StoreError(key="push_count_differs", graph=target, held=held[target], expected=expected)
    return held


def _graph_url(service: Service, graph: str) -> str:
    from urllib.parse import quote

    separator = "&" if "?" in service.graph_store else "?"
    return f"{service.graph_store}{separator}graph={quote(graph, safe='')}"
