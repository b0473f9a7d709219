"""The store layer: the one place that knows where triples live and how queries run.

Two backends hold the data in this process: rdflib's in-memory dataset (``memory``,
:mod:`.memory`) and Oxigraph (``oxigraph``, :mod:`.oxigraph`, much faster on large graphs); a
third reads a remote SPARQL 1.1 endpoint (:mod:`.endpoint`). Every other module asks a
:class:`Store` for query results, in rdflib terms, or for an rdflib view of the data, and
does not care which backend answers. Beside them: inspecting queries (:mod:`.sparql`),
converting terms (:mod:`.terms`), the namespaces, result formats and the HTTP transport.
"""

from __future__ import annotations

from coalitiegraaf.errors import InputError
from coalitiegraaf.store.base import BACKENDS, QueryResult, Store
from coalitiegraaf.store.endpoint import EndpointStore
from coalitiegraaf.store.memory import MemoryStore
from coalitiegraaf.store.oxigraph import OxigraphStore
from coalitiegraaf.store.sparql import inspect_query


def open_store(kind: str = "oxigraph") -> Store:
    """An empty store of the given backend: ``memory`` (rdflib) or ``oxigraph``."""
    if kind == "memory":
        return MemoryStore()
    if kind == "oxigraph":
        return OxigraphStore()
    from coalitiegraaf.messages import Words

    raise InputError(key="unknown_choice", what=Words("what_store"), value=kind, choices=", ".join(BACKENDS))


__all__ = ["BACKENDS", "EndpointStore", "MemoryStore", "OxigraphStore", "QueryResult", "Store",
           "inspect_query", "open_store"]
