"""Names people type for nodes, and the slugs of new IRIs.

A coordinator writes "VNG" or "Vereniging van Nederlandse Gemeenten" where the graph has
https://w3id.org/coalitiegraaf/id/actor/vng. :class:`Names` knows every node's labels,
abbreviations and types, resolves a name within what a column allows (the range of the
property, a concept scheme, the subproperties of a relation) and, the other way round, picks
for a node the name that resolves back to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from coalitiegraaf.authoring.mapping import Column
from coalitiegraaf.messages import Words, language, say
from coalitiegraaf.store.namespaces import CG, ID

LABELS = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
_STRUCTURE = (URIRef(f"{CG}Section"), URIRef(f"{CG}Passage"))
_MAX_LISTED = 15  # a vocabulary's values are listed in an error; an actor's are not


def slugify(text: str) -> str:
    """A readable IRI slug as the graph writes them: lower case, no accents, hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def fold(text: str) -> str:
    """A name compared without case, accents or spacing."""
    return " ".join(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().split())


class Names:
    """The nodes of a graph by the names people give them."""

    def __init__(self, graph: Graph) -> None:
        self._types: dict[URIRef, set[URIRef]] = defaultdict(set)
        self._labels: dict[URIRef, list[Literal]] = defaultdict(list)
        self._schemes: dict[URIRef, set[URIRef]] = defaultdict(set)
        self._parents: dict[URIRef, set[URIRef]] = defaultdict(set)  # subClassOf and subPropertyOf
        self._by_name: dict[str, set[URIRef]] = defaultdict(set)
        self._by_folded: dict[str, set[URIRef]] = defaultdict(set)
        for s, p, o in graph:
            if not isinstance(s, URIRef):
                continue
            if p == RDF.type and isinstance(o, URIRef):
                self._types[s].add(o)
            elif p in LABELS and isinstance(o, Literal):
                self.add_name(s, o)
            elif p == SKOS.inScheme and isinstance(o, URIRef):
                self._schemes[s].add(o)
            elif p in (RDFS.subClassOf, RDFS.subPropertyOf) and isinstance(o, URIRef):
                self._parents[s].add(o)
        for node in list(self._types):
            self._add_text(node, _short(node))

    def add(self, node: URIRef, types: Iterable[URIRef], names: Iterable[Literal]) -> None:
        """A node that is not in the graph yet (a new row of a sheet)."""
        self._types[node].update(types)
        for name in names:
            self.add_name(node, name)
        self._add_text(node, _short(node))

    def add_name(self, node: URIRef, name: Literal) -> None:
        self._labels[node].append(name)
        self._add_text(node, str(name))

    def _add_text(self, node: URIRef, text: str) -> None:
        self._by_name[text].add(node)
        self._by_folded[fold(text)].add(node)

    def known(self, node: URIRef) -> bool:
        return node in self._types or node in self._labels

    def types(self, node: URIRef) -> set[URIRef]:
        return self._types.get(node, set())

    def ancestors(self, term: URIRef) -> set[URIRef]:
        """``term`` and every class or property it specialises."""
        seen, todo = {term}, [term]
        while todo:
            for parent in self._parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def allows(self, node: URIRef, column: Column) -> bool:
        """Whether ``node`` may be the value of ``column``."""
        if column.kind == "type":
            return bool(set(column.range) & self.ancestors(node))
        if column.scheme is not None:
            return column.scheme in self._schemes.get(node, ())
        if column.subproperty_of is not None:
            return node != column.subproperty_of and column.subproperty_of in self.ancestors(node)
        if column.range:
            return any(set(column.range) & self.ancestors(t) for t in self._types.get(node, ()))
        # a column open to any node (a dependency's ends) still means the agenda's things, not the
        # sections and passages of its sources, which share their titles ("AI in actie")
        types = self._types.get(node, ())
        return self.known(node) and not any(set(_STRUCTURE) & self.ancestors(t) for t in types)

    def resolve(self, text: str, column: Column) -> URIRef:
        """The node ``text`` names among those ``column`` allows; ValueError says why not."""
        direct = _iri_of(text)
        if direct is not None:
            if self.allows(direct, column):
                return direct
            raise ValueError(Words("name_not_of_kind", text=text, kind=_Kind(self, column)))
        for index, key in ((self._by_name, text), (self._by_folded, fold(text))):
            found = sorted(n for n in index.get(key, ()) if self.allows(n, column))
            if len(found) == 1:
                return found[0]
            if found:
                shown = ", ".join(_short(n) for n in found)
                raise ValueError(Words("name_ambiguous", text=text, found=shown))
        choices = self._choices(column)
        raise ValueError(Words("name_unknown_known" if choices else "name_unknown",
                               kind=_Kind(self, column), text=text, known=choices))

    def text_for(self, node: URIRef, column: Column) -> str:
        """What a person would type for ``node`` in ``column``: its Dutch label if that names
        only this node there, else another label, else its id (kind/name)."""
        labels = sorted(self._labels.get(node, ()), key=lambda label: (label.language != "nl",
                                                                          label.language or "", str(label)))
        for label in labels:
            try:
                if self.resolve(str(label), column) == node:
                    return str(label)
            except ValueError:
                continue
        return _short(node)

    def describe(self, column: Column, lang: str = "en") -> str:
        """What a column allows, in words: "actor", "role", "value of the vocabulary status"."""
        return _Kind(self, column).said(lang)

    def label_in(self, node: URIRef, lang: str) -> str:
        labels = [str(label) for label in self._labels.get(node, ()) if label.language == lang]
        return labels[0] if labels else _short(node)

    def _choices(self, column: Column) -> str:
        """The values a column allows, when they are few enough to list (a vocabulary)."""
        if not (column.scheme or column.subproperty_of or column.range):
            return ""
        candidates = self._candidates(column)
        if not candidates or len(candidates) > _MAX_LISTED:
            return ""
        return ", ".join(sorted({self.text_for(n, column) for n in candidates}))

    def _candidates(self, column: Column) -> list[URIRef]:
        nodes = set(self._types) | set(self._labels) | set(self._parents)
        return [n for n in nodes if self.allows(n, column)]


class _Kind:
    """What a column allows, said in either language (the graph's labels of its classes)."""

    def __init__(self, names: Names, column: Column) -> None:
        self.names = names
        self.column = column

    def said(self, lang: str) -> str:
        column = self.column
        if column.scheme is not None:
            return say("name_kind_scheme", lang, scheme=column.scheme.removeprefix(str(ID) + "scheme/"))
        if column.subproperty_of is not None:
            return say("name_kind_relation", lang, parent=_short(column.subproperty_of))
        if column.range:
            names = say("or", lang).join(self.names.label_in(c, lang) for c in column.range)
            return say("name_kind_type", lang, names=names) if column.kind == "type" else names
        return say("name_kind_node", lang)

    def __str__(self) -> str:
        return self.said(language())


def _iri_of(text: str) -> URIRef | None:
    """``text`` as an IRI when it is one: absolute, a known prefix (cg:Letter, actor:vng) or an
    id path (actor/vng)."""
    from coalitiegraaf.publish.exports import prefixes

    if re.fullmatch(r"https?://\S+", text):
        return URIRef(text)
    prefix, colon, local = text.partition(":")
    if colon and prefix in prefixes() and re.fullmatch(r"[\w.-]+", local):
        return URIRef(prefixes()[prefix] + local)
    if re.fullmatch(r"[a-z-]+(/[A-Za-z0-9_.-]+)+", text):
        return URIRef(f"{ID}{text}")
    return None


def _short(node: URIRef) -> str:
    """A node as a person can type it back: kind/name under …/id/, a prefixed name otherwise."""
    from coalitiegraaf.publish.exports import prefixes

    text = str(node)
    if text.startswith(str(ID)):
        return text[len(str(ID)):]
    for prefix, namespace in sorted(prefixes().items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace) and re.fullmatch(r"[\w.-]+", text[len(namespace):]):
            return f"{prefix}:{text[len(namespace):]}"
    return text

