"""Human-readable names for nodes: the preferred label in the asked language, else a short IRI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import rdflib
from rdflib.namespace import ORG, RDFS, SKOS
from rdflib.term import Node

from coalitiegraaf.store.namespaces import CG, PREFIXES
from coalitiegraaf.store.terms import Text

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
    found: dict[str, dict[str | None, str]] = {}
    for start in range(0, len(named), _BATCH):
        values = " ".join(f"<{n}>" for n in named[start:start + _BATCH])
        # light terms, not rdflib's: a validation at a million statements names 21,125 nodes
        for node, text in store.select_terms(_LABELS.format(values=values))[1]:
            if isinstance(text, Text):
                found.setdefault(node, {}).setdefault(text.language, text.value)
    return {node: (isinstance(node, rdflib.URIRef) and _choose(found.get(str(node), {}), lang))
            or _own_text(node) for node in nodes}


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


_PARTS = (f"SELECT ?node ?part ?value WHERE {{{{ VALUES ?node {{{{ {{values}} }}}} "
          f"VALUES ?part {{{{ <{ORG}organization> <{ORG}member> <{ORG}role> <{CG}from> <{CG}to> }}}} "
          f"?node ?part ?value }}}}")


def names_of(store: Store, nodes: Iterable[Node | None], lang: str = "nl",
             around: Iterable[Node] = ()) -> dict[Node, str]:
    """The name of each node for people: its label (``labels_of``), or, for a node the graph
    does not label, what it joins in words: a membership as its organisation and role
    ("Coalitie AI in actie, gesprekspartner"), a dependency as ``from → to``. A part that is
    a node in ``around`` (the node a table is about) is left out of the words."""
    from coalitiegraaf.messages import catalogue, say

    names = labels_of(store, nodes, lang)
    unlabelled = sorted((n for n, name in names.items()
                         if isinstance(n, rdflib.URIRef) and name == short_iri(n)), key=str)
    for node in unlabelled:
        if f"term.{short_iri(node)}" in catalogue():
            names[node] = say(f"term.{short_iri(node)}", lang)
    if not unlabelled:
        return names
    parts: dict[Node, dict[str, Node]] = {}
    for start in range(0, len(unlabelled), _BATCH):
        values = " ".join(f"<{n}>" for n in unlabelled[start:start + _BATCH])
        for node, part, value in store.query_own(_PARTS.format(values=values)).rows:
            parts.setdefault(node, {})[str(part).rsplit("#", 1)[-1]] = value
    words = labels_of(store, (v for p in parts.values() for v in p.values()), lang)
    around = set(around)
    for node, joined in parts.items():
        if "role" in joined:
            named = [joined[k] for k in ("organization", "member") if k in joined and joined[k] not in around]
            names[node] = ", ".join([*(words[n] for n in named), words[joined["role"]]])
        elif "from" in joined and "to" in joined:
            ends = ("" if joined[end] in around else words[joined[end]] for end in ("from", "to"))
            names[node] = " → ".join(ends).strip()
    return names
