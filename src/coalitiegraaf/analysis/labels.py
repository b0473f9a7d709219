"""Human-readable names for nodes: the preferred label in the asked language, else a short IRI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import rdflib
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from coalitiegraaf.store.namespaces import PREFIXES

if TYPE_CHECKING:
    from coalitiegraaf.store import Store

LANGUAGES = ("nl", "en")
_LABELS = (f"SELECT ?node ?label WHERE {{{{ VALUES ?node {{{{ {{values}} }}}} "
           f"?node <{SKOS.prefLabel}>|<{RDFS.label}> ?label }}}} ORDER BY ?node STR(?label)")
_BATCH = 5_000


def labels_of(store: Store, nodes: Iterable[Node | None], lang: str = "nl") -> dict[Node, str]:
    """The label of each node in ``lang`` (falling back to the other language), a literal's own
    text, or else a short IRI; one query for all of them."""
    nodes = {n for n in nodes if n is not None}
    named = sorted((n for n in nodes if isinstance(n, rdflib.URIRef)), key=str)
    found: dict[Node, dict[str | None, str]] = {}
    for start in range(0, len(named), _BATCH):
        values = " ".join(f"<{n}>" for n in named[start:start + _BATCH])
        for node, text in store.query_own(_LABELS.format(values=values)).rows:
            if isinstance(text, rdflib.Literal):
                found.setdefault(node, {}).setdefault(text.language, str(text))
    return {node: _choose(found.get(node, {}), lang) or _own_text(node) for node in nodes}


def _choose(candidates: dict[str | None, str], lang: str) -> str:
    for language in (lang, *LANGUAGES, None):
        if language in candidates:
            return candidates[language]
    return ""


def _own_text(node: Node) -> str:
    return short_iri(node) if isinstance(node, rdflib.URIRef | rdflib.BNode) else str(node)


def short_iri(node: Node) -> str:
    """``cg:Coalition`` for a term in a known namespace, the id path for coalitiegraaf ids."""
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    marker = "/coalitiegraaf/id/"
    if marker in text:
        return text.split(marker, 1)[1]
    return text
