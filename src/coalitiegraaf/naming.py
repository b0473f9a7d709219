"""The names people type for nodes, and the one node a name means.

A coordinator names a node the way the letter does: ``VNG``, ``digitale ethiek``, ``BDI``;
seldom by IRI. A name is looked up in preferred labels, alternative labels and notations, in
SPARQL, so that it works on any store and on an endpoint. A name that one node has exactly as
written (case and all; without a language, in Dutch or in English) is that node, found in the
store's index; otherwise the ``find-node`` query compares it, ignoring case, with every label
(any language), and a whole name wins over a part of one. A name may carry the kind of node it
means in brackets, ``Geodatafundament (initiatief)``, in either language; an identifier path
(``actor/vng``) and an IRI are taken as they are.

A name that means several nodes is an error that lists them with their kind and label and says
how to pick one; a name of another kind than a query expects says what it names and which
commands fit it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import XSD, Literal, URIRef

from coalitiegraaf.errors import QueryError
from coalitiegraaf.messages import LANGUAGES
from coalitiegraaf.store import Store
from coalitiegraaf.store.sparql import bind_each

ID = "https://w3id.org/coalitiegraaf/id/"
CG = "https://w3id.org/coalitiegraaf/def#"
ACTOR = CG + "Actor"
SHOWN = 8  # candidates listed in an error; more are counted
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_ID_PATH = re.compile(r"^[a-z0-9-]+/[A-Za-z0-9._~/-]+$")
_WITH_KIND = re.compile(r"^(?P<name>.*\S)\s*\((?P<kind>[^()]+)\)\s*$", re.DOTALL)
_PLAIN_WORD = re.compile(r"^[\w./:-]+$")


@dataclass(frozen=True)
class Node:
    """What a node is, as far as names go: its labels and the labels of its kind (the most
    specific of its classes), in every language, and all its classes with their superclasses
    and the labels of those (a person may call an infrastructure an initiative)."""

    iri: str
    labels: dict[str, str]
    kinds: dict[str, str]
    classes: frozenset[str]
    class_names: frozenset[str] = frozenset()

    def label(self, lang: str) -> str:
        return _in(self.labels, lang) or self.iri.removeprefix(ID)

    def kind(self, lang: str) -> str:
        return _in(self.kinds, lang)

    def named(self, lang: str) -> str:
        """``Geodatafundament (initiatief)``: the label with the kind, as a person may type it."""
        kind = self.kind(lang)
        return f"{self.label(lang)} ({kind})" if kind else self.label(lang)

    def is_kind(self, text: str) -> bool:
        return text.strip().casefold() in self.class_names


def resolve(store: Store, text: str, node_class: str | None = None, option: str = "--node ") -> URIRef:
    """The node that ``text`` names (among ``node_class`` and its subclasses, if given): an
    identifier path (``actor/vng``); a label, abbreviation or notation, as written before
    ignoring case, whole before partial; or a label with its kind in brackets; an IRI or a
    prefixed name (``cg:Coalition``) as the IRI it is. ``option`` is how a person gives the
    name (``--node `` or ``--param coalition=``), for the advice in an error. An unknown,
    ambiguous or wrongly kinded name is a :class:`QueryError` that lists what it could mean."""
    text = text.strip()
    if _SCHEME.match(text.removeprefix("<").removesuffix(">")):
        from coalitiegraaf.catalogue import absolute_iri

        try:
            return absolute_iri(text)  # an IRI, or a prefixed name such as cg:Coalition
        except ValueError as error:
            raise QueryError(key="node_not_an_iri", text=text, reason=str(error)) from None
    if _ID_PATH.match(text) and about(store, ID + text).classes:
        return URIRef(ID + text)
    written = as_written(store, text, node_class)
    if len(written) == 1:
        return URIRef(written[0])
    exact, partial = _search(store, text, node_class)
    if len(exact) == 1:
        return URIRef(exact[0])
    if not exact:
        chosen = _with_kind(store, text, node_class, option)
        if chosen is not None:
            return chosen
    candidates = exact or partial
    if len(candidates) == 1:
        return URIRef(candidates[0])
    if not candidates:
        _refuse_unknown(store, text, node_class)
    raise _ambiguous(store, text, candidates, option)


def about(store: Store, iri: str) -> Node:
    """The labels, kind and classes of ``iri``."""
    labels: dict[str, str] = {}
    types: dict[str, set[str]] = {}
    class_labels: dict[str, dict[str, str]] = {}
    for row in store.select_text(_query("about"), {"node": URIRef(iri)}):
        if "label" in row:
            labels.setdefault(row.get("language", ""), row["label"])
        if "type" in row:
            types.setdefault(row["type"], set()).add(row["class"])
            if row.get("classLabel"):
                class_labels.setdefault(row["class"], {}).setdefault(row.get("classLanguage", ""),
                                                                      row["classLabel"])
    kind = _most_specific(types, class_labels)
    classes = frozenset(c for supers in types.values() for c in supers)
    names = frozenset(label.casefold() for found in class_labels.values() for label in found.values())
    return Node(iri, labels, class_labels.get(kind, {}) if kind else {}, classes, names)


def _most_specific(types: dict[str, set[str]], class_labels: dict[str, dict[str, str]]) -> str | None:
    """Of a node's direct classes that have a label, one that is no superclass of another;
    the ontology's own before others, then by IRI, so that the choice is stable."""
    labelled = [t for t in types if t in class_labels]
    specific = [t for t in labelled if not any(t in types[other] for other in labelled if other != t)]
    return min(specific or labelled, key=lambda t: (not t.startswith(CG), t), default=None)


def as_written(store: Store, text: str, node_class: str | None = None) -> list[str]:
    """The nodes (among ``node_class`` and its subclasses, if given) with ``text`` as a name,
    exactly as written: without a language, in Dutch or in English."""
    rows = store.select_text(as_written_query(text), {"class": URIRef(node_class)} if node_class else None)
    return sorted({row["node"] for row in rows})


@lru_cache(maxsize=128)
def as_written_query(text: str) -> str:
    """The query of :func:`as_written`, with ``text`` bound in each form it may be written in
    (kept: writing it took a fifth of the look-up's time)."""
    forms = [Literal(text), Literal(text, datatype=XSD.string),
             *(Literal(text, lang=lang) for lang in LANGUAGES)]
    return bind_each(_query("as-written"), "label", forms)


def _search(store: Store, text: str, node_class: str | None) -> tuple[list[str], list[str]]:
    """The nodes with ``text`` as a whole name, and with ``text`` in a name (best first)."""
    from coalitiegraaf import catalogue

    values = {"text": text} | ({"class": node_class} if node_class else {})
    rows = catalogue.run(store, catalogue.get(catalogue.FIND_NODE), values).rows
    exact = list(dict.fromkeys(str(node) for node, _, is_exact in rows if is_exact.toPython()))
    partial = list(dict.fromkeys(str(node) for node, _, _ in rows))
    return exact, partial


def _with_kind(store: Store, text: str, node_class: str | None, option: str) -> URIRef | None:
    """The node ``Name (kind)`` means, when ``text`` is written so and a node of that kind has
    that name; None when it is not written so or no such node exists."""
    match = _WITH_KIND.match(text)
    if not match:
        return None
    exact, partial = _search(store, match.group("name"), node_class)
    kinded = [iri for iri in exact or partial if about(store, iri).is_kind(match.group("kind"))]
    if exact and not kinded:
        kinded = [iri for iri in partial if about(store, iri).is_kind(match.group("kind"))]
    if len(kinded) == 1:
        return URIRef(kinded[0])
    if kinded:
        raise _ambiguous(store, text, kinded, option)
    return None


def _refuse_unknown(store: Store, text: str, node_class: str | None) -> None:
    """Raise the error for a name no node of ``node_class`` has: what it names instead, if a
    node of another kind has it, and which commands fit that."""
    if node_class:
        exact, partial = _search(store, text, None)
        others = [about(store, iri) for iri in (exact or partial)[:SHOWN]]
        if others:
            wanted = _class_labels(store, node_class)
            raise QueryError(key="node_wrong_kind", text=text, wanted=wanted,
                             found=_each(lambda lang: _listing([n.named(lang) for n in others], lang)),
                             fits=_each(lambda lang: ", ".join(_fitting(others, text))))
    raise QueryError(key="no_node_like", text=text)


def _ambiguous(store: Store, text: str, candidates: list[str], option: str) -> QueryError:
    nodes = [about(store, iri) for iri in candidates[:SHOWN]]
    more = len(candidates) - len(nodes)

    def listed(lang: str) -> str:
        named = [n.named(lang) for n in nodes]
        shown = [f"{name} [{n.iri.removeprefix(ID)}]" if named.count(name) > 1 else name
                 for n, name in zip(nodes, named, strict=True)]
        return "; ".join(shown)

    def example(lang: str) -> str:
        named = [n.named(lang) for n in nodes]
        first = nodes[0]
        pick = first.iri.removeprefix(ID) if named.count(named[0]) > 1 else named[0]
        return f"{option}{_quoted(pick)}"

    return QueryError(key="node_ambiguous", text=text, count=len(candidates), candidates=_each(listed),
                      more=_each(lambda lang: _say("node_more", lang, count=more) if more else ""),
                      example=_each(example))


def _fitting(nodes: list[Node], text: str) -> list[str]:
    """Commands that take a node of the kinds ``nodes`` are: the catalogue's queries whose
    parameter expects one of their classes, the organisation analysis for an actor, and
    ``describe`` for anything."""
    from coalitiegraaf import catalogue

    classes = {c for n in nodes for c in n.classes}
    name = _quoted(text)
    fits = [f"coalitiegraaf query {q.name} --param {p.name}={name}" for q in catalogue.catalogue()
            for p in q.parameters if p.node_class and p.node_class in classes]
    if ACTOR in classes:
        fits.append(f"coalitiegraaf analyse organisation --node {name}")
    fits.append(f"coalitiegraaf query describe --param node={name}")
    return fits


def _class_labels(store: Store, node_class: str) -> dict[str, str]:
    rows = store.select_text(_query("class"), {"class": URIRef(node_class)})
    found = {row["language"]: row["label"] for row in rows if row.get("language")}
    return {lang: found.get(lang) or node_class.rsplit("#", 1)[-1] for lang in LANGUAGES}


def _quoted(text: str) -> str:
    """``text`` as a person types it in a shell: in double quotes unless it is one plain word."""
    return text if _PLAIN_WORD.match(text) else '"' + text.replace('"', '\\"') + '"'


def _listing(items: list[str], lang: str) -> str:
    from coalitiegraaf.analysis.model import listing

    return listing(items, lang)


def _each(words) -> dict[str, str]:
    return {lang: words(lang) for lang in LANGUAGES}


def _say(key: str, lang: str, **values: object) -> str:
    from coalitiegraaf.messages import say

    return say(key, lang, **values)


def _in(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else in Dutch, else in any language."""
    return texts.get(lang) or texts.get("nl") or next(iter(texts.values()), "")


def _query(name: str) -> str:
    from coalitiegraaf.sources.resources import shipped_query

    return shipped_query(f"names/{name}.rq")
