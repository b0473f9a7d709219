"""What the report shows, gathered from the store in one query: an index of every statement
about the agenda's nodes, and the views the pages are made of (themes with their coalitions,
partners, action lines, programmes, documents and certainties; memberships; dependencies).

Everything here is plain Python over the index, so the report reads the same whichever
backend answered the query.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from coalitiegraaf.sources.resources import shipped_query
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG, ID
from coalitiegraaf.store.terms import Blank, Text

ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS_PART_OF = "http://purl.org/dc/terms/isPartOf"
THEME_SCHEME = ID + "scheme/doorsnijdende-themas"
# looked up for every node's evidence: once, not through rdflib's namespace each time
_SOURCE_PASSAGE, _QUOTE, _EVIDENCE = str(CG.sourcePassage), str(CG.quote), str(CG.evidence)
# the same for what every page asks: str(ID) makes a new string at each call
_ID, _CG, _SUPPORT = str(ID), str(CG), str(CG.support)
# what a node's page does not list among its links, or among its values
_NOT_LINKS = frozenset({RDF_TYPE, _SOURCE_PASSAGE, str(CG.dependsOn), str(CG.relatedTo)})
_NOT_ATTRIBUTES = frozenset({SKOS + "prefLabel", SKOS + "altLabel", RDFS_LABEL, _QUOTE})
T = TypeVar("T")
# what an action line needs before it can be done
ACTION_LINE_NEEDS = ("owner", "milestone", "deadline", "concreteGoal")
# kinds of node that are shown inside other pages rather than on a page of their own
NO_PAGE = {"passage", "section", "membership", "dependency", "evidence", "finding", "scheme", "role",
           "status", "support", "actor-type", "layer", "chamber"}


@dataclass(frozen=True)
class Evidence:
    """Where the letter says something: a passage and the words it uses."""

    passage: str
    quote: str


@dataclass(frozen=True)
class Membership:
    node: str
    organization: str
    member: str
    role: str
    evidence: Evidence | None


@dataclass(frozen=True)
class Dependency:
    node: str
    source: str
    relation: str
    target: str
    evidence: Evidence | None


@dataclass
class ThemeView:
    """One cross-cutting theme and everything the letter connects to it."""

    theme: str
    coalitions: list[str]
    memberships: list[Membership]
    action_lines: list[tuple[str, list[str]]]
    programmes: list[str]
    documents: list[str]
    certainties: list[Dependency]


@dataclass
class Index:
    """Every statement about an identified node, by subject and by object, with labels: an
    IRI as ``str``, a literal as :class:`~coalitiegraaf.store.terms.Text`."""

    lang: str
    out: dict[str, dict[str, list[str | Text]]] = field(default_factory=lambda: _nested())
    into: dict[str, dict[str, list[str]]] = field(default_factory=lambda: _nested())
    _labels: dict[str, str] = field(default_factory=dict, repr=False)
    _nodes: dict[tuple[str, ...], list[str]] = field(default_factory=dict, repr=False)
    # pages ask for the same node's evidence several times (its page, its findings, its links)
    _evidence: dict[str, list[Evidence]] = field(default_factory=dict, repr=False)
    _kinds: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _supports: dict[str, str] = field(default_factory=dict, repr=False)

    def add(self, subject: str, prop: str, value: str | Text) -> None:
        self._nodes.clear()
        self._evidence.clear()
        self._kinds.clear()
        self._supports.clear()
        self.out[subject][prop].append(value)
        if isinstance(value, str):
            self.into[value][prop].append(subject)

    def objects(self, node: str, prop: str) -> list[str]:
        return sorted(v for v in self.out.get(node, {}).get(prop, ()) if isinstance(v, str))

    def subjects(self, prop: str, node: str) -> list[str]:
        return sorted(self.into.get(node, {}).get(prop, ()))

    def first(self, node: str, prop: str) -> str | None:
        found = self.objects(node, prop)
        return found[0] if found else None

    def text(self, node: str, prop: str) -> str | None:
        """The literal value of ``prop`` in the report's language, else in any language."""
        values = [v for v in self.out.get(node, {}).get(prop, ()) if isinstance(v, Text)]
        if not values:
            return None
        ordered = sorted(values, key=lambda v: (v.value, v.language or "", v.datatype or ""))
        for wanted in (self.lang, "nl", "en", None):
            for value in ordered:
                if value.language == wanted:
                    return value.value
        return ordered[0].value

    def label(self, node: str) -> str:
        found = self._labels.get(node)
        if found is None:
            found = self._labels[node] = (self.text(node, SKOS + "prefLabel") or self.text(node, RDFS_LABEL)
                                          or node.removeprefix(str(ID)).rsplit("#", 1)[-1])
        return found

    def alt_labels(self, node: str) -> list[str]:
        values = self.out.get(node, {}).get(SKOS + "altLabel", ())
        return sorted({v.value for v in values if isinstance(v, Text)})

    def types(self, node: str) -> list[str]:
        return self.objects(node, RDF_TYPE)

    def class_of(self, node: str) -> str:
        """The node's class in the ontology (the first of them, by IRI, if it has several)."""
        own = [t for t in self.types(node) if t.startswith(_CG)]
        return own[0] if own else (self.types(node) or [""])[0]

    def is_a(self, node: str, cls: str) -> bool:
        return str(CG[cls]) in self.types(node)

    def number(self, node: str) -> int:
        value = self.text(node, str(CG.number)) or self.text(node, SKOS + "notation")
        # "²" is a digit to Python but no number, and 5,000 digits are too many to convert
        return int(value) if value and re.fullmatch(r"[0-9]{1,18}", value) else 0

    def nodes(self, *kinds: str) -> list[str]:
        """The identified nodes of these kinds (the first segment of their IRI), by label."""
        if kinds not in self._nodes:
            by_kind = self._by_kind()
            found = [n for kind in dict.fromkeys(kinds) for n in by_kind.get(kind, ())]
            self._nodes[kinds] = sorted(found, key=lambda n: (self.label(n).casefold(), n))
        return list(self._nodes[kinds])

    def _by_kind(self) -> dict[str, list[str]]:
        """The identified nodes by kind, sorted out in one pass: the pages ask for some twenty
        kinds, each of which would otherwise look at every node."""
        if not self._kinds:
            identified = str(ID)
            for node in self.out:
                if node.startswith(identified):
                    self._kinds.setdefault(node[len(identified):].split("/", 1)[0], []).append(node)
        return self._kinds

    def support(self, node: str) -> str:
        """How the letter supports a statement: ``stated``, ``implied`` or ``intended``
        (``stated`` where the statement does not say)."""
        found = self._supports.get(node)
        if found is None:  # asked for on the pages of both ends of a statement
            first = self.first(node, _SUPPORT)
            found = self._supports[node] = first.rsplit("/", 1)[-1] if first else "stated"
        return found

    def evidence(self, node: str) -> list[Evidence]:
        """The node's passage and quote, then the further evidence it points at (cg:evidence)."""
        found = self._evidence.get(node)
        if found is None:
            found = self._evidence[node] = self._find_evidence(node)
        return list(found)

    def _find_evidence(self, node: str) -> list[Evidence]:
        passages = self.objects(node, _SOURCE_PASSAGE)
        quotes = sorted(q.value for q in self.out.get(node, {}).get(_QUOTE, ()) if isinstance(q, Text))
        further = [e for other in self.objects(node, _EVIDENCE) for e in self.evidence(other)]
        if not passages:
            return further
        # a node cites one passage, or one quote per passage in the same order
        if len(passages) == len(quotes):
            return [*(Evidence(p, q) for p, q in zip(passages, quotes, strict=True)), *further]
        cited = [Evidence(passages[0], q) for q in quotes] or [Evidence(p, "") for p in passages]
        return [*cited, *further]


def _nested() -> defaultdict:
    return defaultdict(lambda: defaultdict(list))


def kind_of(node: str) -> str:
    """``actor`` for …/id/actor/vng: the first segment of an identifier."""
    return node[len(_ID):].split("/", 1)[0] if node.startswith(_ID) else ""


def has_page(node: str) -> bool:
    return node.startswith(_ID) and kind_of(node) not in NO_PAGE


def build_index(store: Store, lang: str, evidence: list[tuple[str, str, str | Text | Blank]] | None = None
                ) -> Index:
    """Run the report's query and index its answer, with the letter's words for each
    statement: ``evidence``, the statements of queries/analysis/evidence.rq the analyses have
    asked for already (:attr:`Facts.evidence_statements`; asked for here if not given)."""
    index = Index(lang)
    _, rows = store.select_terms(shipped_query("report/statements.rq"))
    if evidence is None:
        _, evidence = store.select_terms(shipped_query("analysis/evidence.rq"))
        evidence = [row[:3] for row in evidence]
    identified = str(ID)
    # Index.add, inlined: a million statements make a million calls otherwise
    out, into = index.out, index.into
    for subject, prop, value in rows:
        if isinstance(value, str):
            out[subject][prop].append(value)
            into[value][prop].append(subject)
        elif isinstance(value, Text):  # a blank node is shown by nothing in the report
            out[subject][prop].append(value)
    for subject, prop, value in evidence:
        # as the report's query has them: statements about identified nodes
        if isinstance(subject, str) and subject.startswith(identified):
            if isinstance(value, str):
                out[subject][prop].append(value)
                into[value][prop].append(subject)
            elif isinstance(value, Text):
                out[subject][prop].append(value)
    return index


# --- views --------------------------------------------------------------------------------------

def memberships(index: Index) -> list[Membership]:
    found = []
    for node in index.nodes("membership"):
        organization, member = index.first(node, ORG + "organization"), index.first(node, ORG + "member")
        if organization and member:
            evidence = index.evidence(node)
            found.append(Membership(node, organization, member, index.first(node, ORG + "role") or "",
                                    evidence[0] if evidence else None))
    return found


def dependencies(index: Index) -> list[Dependency]:
    found = []
    for node in index.nodes("dependency"):
        source, relation, target = (index.first(node, str(CG[p])) for p in ("from", "relation", "to"))
        if source and relation and target:
            evidence = index.evidence(node)
            found.append(Dependency(node, source, relation, target, evidence[0] if evidence else None))
    return found


def cross_cutting_themes(index: Index) -> list[str]:
    themes = index.subjects(SKOS + "inScheme", THEME_SCHEME)
    return sorted(themes, key=lambda t: (index.number(t), index.label(t)))


def collaborations(index: Index, coalition: str) -> list[str]:
    return index.objects(coalition, str(CG.hasCollaboration))


def theme_views(index: Index, themes: list[str], all_memberships: list[Membership],
                all_dependencies: list[Dependency]) -> list[ThemeView]:
    """What the letter connects to each of ``themes``: directly, or through its coalitions.
    The memberships and dependencies are looked up by their nodes, not searched through for
    every theme (a large agenda has hundreds of themes and tens of thousands of each)."""
    # by node, each with its place in its list: a theme's are given in the lists' order
    memberships_of = grouped(enumerate(all_memberships), lambda m: (m[1].organization,))
    dependencies_from = grouped(enumerate(all_dependencies), lambda d: (d[1].source,))
    dependencies_to = grouped(enumerate(all_dependencies), lambda d: (d[1].target,))
    sections = set(index.nodes("section"))

    def view(theme: str) -> ThemeView:
        coalitions = [c for c in index.subjects(str(CG.theme), theme) if kind_of(c) == "coalition"]
        organizations = set(coalitions) | {x for c in coalitions for x in collaborations(index, c)}
        action_lines = sorted({a for c in coalitions for a in index.objects(c, str(CG.hasActionLine))},
                              key=lambda a: (index.number(a), index.label(a).casefold(), a))
        around = {theme} | organizations | set(action_lines)
        linked = {d.target for n in around for _, d in dependencies_from.get(n, ())}
        linked |= {d.source for n in around for _, d in dependencies_to.get(n, ())}
        programmes = {n for n in linked if kind_of(n) == "initiative"}
        programmes |= {n for n in index.subjects(str(CG.theme), theme) if kind_of(n) == "initiative"}
        documents = ({n for n in linked if kind_of(n) == "document"}
                     | _documents_in_sections(index, theme, sections))
        members = sorted(found for o in organizations for found in memberships_of.get(o, ()))
        certainties = sorted(found for n in around | programmes for found in dependencies_from.get(n, ())
                             if kind_of(found[1].target) == "certainty")
        return ThemeView(
            theme=theme,
            coalitions=coalitions,
            memberships=[m for _, m in members],
            action_lines=[(a, _missing(index, a)) for a in action_lines],
            programmes=sorted(programmes, key=index.label),
            documents=sorted(documents, key=index.label),
            certainties=[d for _, d in certainties],
        )

    return [view(theme) for theme in themes]


def _missing(index: Index, action_line: str) -> list[str]:
    """What ``action_line`` lacks of what an action line needs."""
    return [need for need in ACTION_LINE_NEEDS if not index.out.get(action_line, {}).get(str(CG[need]))]


def grouped(items: Iterable[T], keys: Callable[[T], tuple[str, ...]]) -> dict[str, list[T]]:
    """``items`` by each of the nodes ``keys`` gives for them, in their order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        for key in dict.fromkeys(keys(item)):
            groups.setdefault(key, []).append(item)
    return groups


def _documents_in_sections(index: Index, theme: str, every_section: set[str]) -> set[str]:
    """Documents the letter cites in the sections about ``theme`` (``every_section``: the
    index's sections)."""
    sections = set(index.subjects(str(CG.theme), theme)) & every_section
    passages = {p for s in sections for p in index.subjects(DCTERMS_PART_OF, s)}
    return {d for p in passages for d in index.subjects(str(CG.sourcePassage), p) if kind_of(d) == "document"}


def links_of(index: Index, node: str, typed: set[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The node's other links, as (direction, property, other node): statements between two
    identified nodes that are not a typed dependency (``typed``: those carry their own evidence)."""
    skip = _NOT_LINKS
    found = []
    for prop, values in index.out.get(node, {}).items():
        for value in values:
            if (isinstance(value, str) and prop not in skip and (node, prop, value) not in typed
                    and has_page(value)):
                found.append(("out", prop, value))
    for prop, subjects in index.into.get(node, {}).items():
        for subject in subjects:
            if prop not in skip and (subject, prop, node) not in typed and has_page(subject):
                found.append(("in", prop, subject))
    return sorted(set(found), key=lambda link: (link[0], index.label(link[1]), index.label(link[2])))


def attributes(index: Index, node: str) -> list[tuple[str, str]]:
    """The node's literal values other than labels and quotes, as (property, value)."""
    skip = _NOT_ATTRIBUTES
    found = []
    for prop in index.out.get(node, {}):
        if prop not in skip and any(isinstance(v, Text) for v in index.out[node][prop]):
            found.append((prop, index.text(node, prop) or ""))
    return sorted(found, key=lambda pair: index.label(pair[0]))
