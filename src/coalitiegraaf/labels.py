"""Human-readable names for nodes: the preferred label in the asked language, else a short IRI."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from coalitiegraaf.namespaces import PREFIXES

LANGUAGES = ("nl", "en")


def label(graph: rdflib.Graph, node: Node | None, lang: str = "nl") -> str:
    """The label of ``node`` in ``lang`` (falling back to the other language), or a short IRI."""
    if node is None:
        return ""
    if not isinstance(node, rdflib.URIRef | rdflib.BNode):
        return str(node)
    candidates = {lit.language: str(lit) for prop in (SKOS.prefLabel, RDFS.label)
                  for lit in graph.objects(node, prop) if isinstance(lit, rdflib.Literal)}
    for language in (lang, *LANGUAGES, None):
        if language in candidates:
            return candidates[language]
    return short_iri(node)


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
