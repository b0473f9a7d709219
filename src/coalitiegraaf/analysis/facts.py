"""The facts the analyses work on, gathered from the store in one pass (the queries in
``queries/analysis/``, run through the store layer, so the backend does not matter).

Besides the memberships and typed relations, the facts know the names people use for nodes
(labels in Dutch and English, abbreviations), the organisation behind every post, unit and
person (a minister is part of a ministry in a coordinator's view; the data keeps them apart),
who runs, leads or drafts each effort, what it works on and when, and the letter's words for
every statement. How strongly the source supports a statement (``cg:support``: stated, implied
or intended; stated where absent) decides whether an analysis uses it: ``include`` names the
levels it may use, stated alone by default.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain

from coalitiegraaf.analysis.model import (
    IMPLIED,
    INTENDED,
    LANGUAGES,
    STATED,
    SUPPORTS,
    Evidence,
    Finding,
    listing,
)
from coalitiegraaf.errors import QueryError
from coalitiegraaf.sources.resources import shipped_query
from coalitiegraaf.store import QueryResult, Store
from coalitiegraaf.store.terms import Term, Text

CG = "https://w3id.org/coalitiegraaf/def#"
ID = "https://w3id.org/coalitiegraaf/id/"
ROLE = ID + "role/"
SUPPORT = ID + "support/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# the relations by which an actor runs, drafts or drew up, answers for or explores an effort: its owner
OWNING = ("runs", "produces", "delivered", "isResponsibleFor", "explores")
# the roles in which a member carries a coalition or collaboration
OWNING_ROLES = ("lead", "coordinator", "facilitator")
# abbreviations the letter uses (VNG, BDI) are at most this long
SHORT = 12


@lru_cache(maxsize=4096)
def local(iri: str) -> str:
    """``runs`` for cg:runs, ``partner`` for …/role/partner, ``postIn`` for org:postIn."""
    return re.split(r"[#/]", iri)[-1]


@dataclass
class Facts:
    """What the analyses work on, collected from the store in one pass."""

    labels: dict[str, str]
    memberships: list[dict[str, str]]
    relations: list[dict[str, str]]
    contexts: dict[str, set[tuple[str, str]]]
    efforts: dict[str, dict[str, str]]
    collaborations: dict[str, set[str]]
    themes: list[dict[str, str]] = field(default_factory=list)
    plan_gaps: list[dict[str, str]] = field(default_factory=list)
    lang: str = "nl"
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    structure: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    sources: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    include: frozenset[str] = frozenset({STATED})
    # the statements ``sources`` is made of, as (node, property, value) with the value as a
    # light term (queries/analysis/evidence.rq): the report indexes them rather than asking
    # the store for them again
    evidence_statements: list[tuple[str, str, Term]] = field(default_factory=list, repr=False)
    store: Store | None = field(default=None, repr=False, compare=False)  # where names are looked up
    # what several analyses derive alike from the facts, made once (the organisation network)
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    # --- names -----------------------------------------------------------------------------

    def label(self, node: str, lang: str | None = None) -> str:
        """The node's label in ``lang`` (the facts' language by default), else in the other."""
        lang = lang or self.lang
        found = self.names.get(lang, {}).get(node)
        if found:  # the common case first: asked for on every line of a large report
            return found
        for language, names in self.names.items():
            found = names.get(node) if language != lang else None
            if found:
                return found
        return self.labels.get(node) or node.removeprefix(ID)

    def short(self, node: str, lang: str | None = None) -> str:
        """The abbreviation the letter uses (BZK, VNG) if there is one, else the label."""
        abbreviations = sorted((a for a in self.alt_labels.get(node, ()) if len(a) <= SHORT and a.isupper()),
                               key=len)
        return abbreviations[0] if abbreviations else self.label(node, lang)

    def both(self, node: str, short: bool = False) -> dict[str, str]:
        """The node's name in every language."""
        name = self.short if short else self.label
        return {lang: name(node, lang) for lang in LANGUAGES}

    def listed(self, nodes: Iterable[str], short: bool = False) -> dict[str, str]:
        """The nodes' names as a list in words (``a, b en c``), in every language."""
        nodes = list(nodes)
        name = self.short if short else self.label
        return {lang: listing([name(n, lang) for n in nodes], lang) for lang in LANGUAGES}

    def resolve(self, text: str, node_class: str | None = None) -> str:
        """The node that ``text`` names, as the CLI takes it: an IRI, an id path (``actor/vng``),
        or a label or abbreviation in either language (ignoring case), with its kind in brackets
        if need be; a part of one if only one node matches; among ``node_class`` if given
        (:func:`coalitiegraaf.naming.resolve`, on the store the facts come from). An unknown or
        ambiguous name is a :class:`QueryError`."""
        if text.startswith(("http://", "https://")) or self.store is None:
            return text
        from coalitiegraaf.naming import resolve

        return str(resolve(self.store, text, node_class))

    # --- structure ---------------------------------------------------------------------------

    def values(self, prop: str, node: str) -> list[str]:
        """The values of ``prop`` (its local name: ``postIn``, ``status``, ``type``) for ``node``."""
        return self.structure.get(prop, {}).get(node, [])

    def is_a(self, node: str, cls: str) -> bool:
        return CG + cls in self.values("type", node)

    def kind(self, node: str) -> str:
        """``actor`` for …/id/actor/vng: the first segment of an identifier."""
        return node.removeprefix(ID).split("/", 1)[0] if node.startswith(ID) else ""

    def organisation_of(self, actor: str) -> str:
        """The organisation a post, unit or person belongs to (a minister → the ministry);
        an organisation is its own."""
        return self._organisations.get(actor, actor)

    @cached_property
    def _organisations(self) -> dict[str, str]:
        up = {node: values[0] for prop in ("unitOf", "postIn", "holds")
              for node, values in self.structure.get(prop, {}).items() if values}
        found = {}
        for node in up:
            seen, current = {node}, up[node]
            while current in up and up[current] not in seen:
                seen.add(current)
                current = up[current]
            found[node] = current
        return found

    def is_explored(self, effort: str) -> bool:
        """Whether an effort is only being explored (its status, or someone explores it)."""
        return (any(local(s) == "explored" for s in self.values("status", effort))
                or any(r["to"] == effort for r in self.relations_named("explores", admitted=False)))

    def is_ministry(self, organisation: str) -> bool:
        return any(local(t) == "ministry" for t in self.values("actorType", organisation))

    # --- support -----------------------------------------------------------------------------

    def admitted(self, statement: dict[str, str]) -> bool:
        """Whether the analyses may use this membership or relation: its support is included."""
        return support_of(statement) in self.include

    @cached_property
    def admitted_relations(self) -> list[dict[str, str]]:
        return [r for r in self.relations if self.admitted(r)]

    @cached_property
    def admitted_memberships(self) -> list[dict[str, str]]:
        return [m for m in self.memberships if self.admitted(m)]

    def relations_named(self, *names: str, admitted: bool = True) -> list[dict[str, str]]:
        rows = self.admitted_relations if admitted else self.relations
        return [r for r in rows if local(r["relation"]) in names]

    def relations_from(self, name: str, node: str) -> list[dict[str, str]]:
        """The admitted relations ``name`` (a local name, e.g. ``takesPlaceIn``) from ``node``."""
        return self._by_source.get((name, node), [])

    @cached_property
    def _by_source(self) -> dict[tuple[str, str], list[dict[str, str]]]:
        found: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        for r in self.admitted_relations:
            found[local(r["relation"]), r["from"]].append(r)
        return found

    # --- evidence ----------------------------------------------------------------------------

    def evidence(self, node: str, about: str = "", support: str = STATED,
                 label: str = "") -> tuple[Evidence, ...]:
        """The letter's words for a node or statement: its passage and quote, then the further
        evidence it needs (cg:evidence); ``about`` is the node they speak for (``node`` itself
        by default), ``label`` its name."""
        about = about or node
        label = label or self.label(about)
        source = self.sources.get(node, {})
        found = [Evidence(passage, quote, about, label, support)
                 for passage, quote in self._paired(source.get("sourcePassage", []), source.get("quote", []))]
        for further in sorted(source.get("evidence", ())):
            found += self.evidence(further, about, support, label)
        return tuple(found)

    def status_evidence(self, node: str) -> tuple[Evidence, ...]:
        """The letter's words for the status of a coalition or collaboration."""
        return tuple(e for holder in sorted(self.sources.get(node, {}).get("statusEvidence", ()))
                     for e in self.evidence(holder, node, support_of(self._support(holder))))

    def _support(self, node: str) -> dict[str, str]:
        supports = self.sources.get(node, {}).get("support", [])
        return {"support": supports[0]} if supports else {}

    def note(self, node: str, lang: str | None = None) -> str:
        """What an implied or intended statement follows from, in ``lang`` if the graph says."""
        source = self.sources.get(node, {})
        for language in (lang or self.lang, "nl", "en"):
            if source.get(f"supportNote@{language}"):
                return source[f"supportNote@{language}"][0]
        return ""

    def _paired(self, passages: list[str], quotes: list[str]) -> list[tuple[str, str]]:
        """Each quote with the passage that holds it: the one passage a statement cites, or,
        where a graph gives several, the one whose text (cg:text) holds the quote."""
        passages, quotes = sorted(passages), sorted(quotes)
        if len(passages) <= 1:
            return [(passages[0], q) for q in quotes] if passages else []
        pairs = []
        for i, quote in enumerate(quotes):
            holding = [p for p in passages if _words(quote) in _words(self._text(p))]
            fallback = passages[i] if len(passages) == len(quotes) else passages[0]
            pairs.append((holding[0] if len(holding) == 1 else fallback, quote))
        return pairs

    def _text(self, passage: str) -> str:
        texts = self.sources.get(passage, {}).get("text", [])
        return texts[0] if texts else ""

    def finding(self, analysis: str, kind: str, strength: str, nodes: tuple[str, ...],
                sentence: dict[str, str], evidence: Iterable[Evidence], details: dict[str, object],
                score: float = 0.0, reasons: tuple[str, ...] = (), other: str | None = None) -> Finding:
        """A finding about ``nodes`` (the first is its subject; ``other``, or a second node if it
        is the only other, its ``other``), labelled in the facts' language."""
        subject, others = nodes[0], nodes[1:]
        if other is None and len(others) == 1:
            other = others[0]
        other_label = self.label(other) if other else ", ".join(self.label(o) for o in others)
        return Finding(analysis, subject, self.label(subject), score, other or "", other_label, reasons,
                       tuple(dict.fromkeys(evidence)), details, kind=kind, strength=strength,
                       sentence=sentence, nodes=nodes)

    # --- efforts -----------------------------------------------------------------------------

    @cached_property
    def owners(self) -> dict[str, set[str]]:
        """Who owns each effort: the actors that run, draft, answer for or explore it, the
        members that lead, coordinate or facilitate it and its authors; an effort without an
        owner of its own belongs to the whole it is part of. Read from every statement, whatever
        its support: a plan that is still intended has its owner all the same."""
        owners: dict[str, set[str]] = defaultdict(set)
        for r in self.relations_named(*OWNING, admitted=False):
            owners[r["to"]].add(r["from"])
        for m in self.memberships:
            if local(m["role"]) in OWNING_ROLES:
                owners[m["organization"]].add(m["member"])
        for node, creators in self.structure.get("creator", {}).items():
            owners[node].update(creators)
        whole = self.wholes
        for part in list(whole):
            if not owners.get(part):
                seen, current = {part}, whole[part]
                while not owners.get(current) and current in whole and whole[current] not in seen:
                    seen.add(current)
                    current = whole[current]
                if owners.get(current):
                    owners[part] = set(owners[current])
        return owners

    def owner_organisations(self, effort: str) -> set[str]:
        """The organisations behind an effort: its owners' and its funders' (an actor: itself)."""
        if self.kind(effort) == "actor":
            return {self.organisation_of(effort)}
        behind = self.owners.get(effort, set()) | self.funders.get(effort, set())
        return {self.organisation_of(a) for a in behind if self.kind(a) == "actor"}

    @cached_property
    def funders(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for r in self.relations_named("funds", admitted=False):
            found[r["to"]].add(r["from"])
        return found

    @cached_property
    def wholes(self) -> dict[str, str]:
        """Each part and the whole it belongs to (hasPart, hasCollaboration, isPartOf)."""
        found = {part: whole for prop in ("hasPart", "hasCollaboration")
                 for whole, parts in self.structure.get(prop, {}).items() for part in parts}
        for r in self.relations_named("isPartOf"):
            found.setdefault(r["from"], r["to"])
        return found

    def period(self, effort: str) -> tuple[int, int | None] | None:
        """The years the source places an effort in (an open end is None), if it says."""
        periods = [r["to"] for r in self.relations_from("takesPlaceIn", effort)]
        if not periods:
            return None
        starts = [int(y[:4]) for p in periods for y in self.values("fromYear", p)]
        ends = [int(y[:4]) for p in periods for y in self.values("untilYear", p)]
        return (min(starts), max(ends) if len(ends) == len(periods) else None) if starts else None


def overlap(a: tuple[int, int | None] | None, b: tuple[int, int | None] | None) -> bool:
    """Whether two periods share a year (both must be known)."""
    if a is None or b is None:
        return False
    return (a[1] is None or b[0] <= a[1]) and (b[1] is None or a[0] <= b[1])


def support_of(statement: dict[str, str]) -> str:
    """stated, implied or intended (stated where the graph says nothing)."""
    value = statement.get("support", "").removeprefix(SUPPORT)
    return value if value in SUPPORTS else STATED


def support_levels(include: Iterable[str] = ()) -> frozenset[str]:
    """The support levels an analysis uses: stated, and those named in ``include``."""
    levels = {STATED, *include}
    unknown = levels - set(SUPPORTS)
    if unknown:
        raise QueryError(key="unknown_support", values=", ".join(sorted(unknown)), implied=IMPLIED,
                         intended=INTENDED)
    return frozenset(levels)


def _words(text: str) -> str:
    return " ".join(text.split())


# --- collecting ---------------------------------------------------------------------------------

def collect(store: Store, lang: str = "nl", include: Iterable[str] = ()) -> Facts:
    """Run the analysis queries and gather their answers; ``include`` adds implied and
    intended statements to the stated ones the analyses use."""
    rows = {name: _rows(store, name) for name in
            ("labels", "memberships", "relations", "contexts", "efforts", "structure")}
    rows["evidence"], statements = _evidence(store)
    contexts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows["contexts"]:
        contexts[row["effort"]].add((row["context"], row["contextKind"]))
    efforts: dict[str, dict[str, str]] = {}
    for row in rows["efforts"]:
        efforts.setdefault(row["effort"], {"class": row["class"], "aim": row.get("aim", "")})
    names: dict[str, dict[str, str]] = {"nl": {}, "en": {}}
    alt_labels: dict[str, list[str]] = defaultdict(list)
    for row in rows["labels"]:
        if row.get("language"):
            names[row["language"]].setdefault(row["node"], row["label"])
        else:
            alt_labels[row["node"]].append(row["label"])
    structure = _by_property(rows["structure"])
    sources: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows["evidence"]:
        key = local(row["property"]) + (f"@{row['language']}" if row.get("language") else "")
        sources[row["node"]][key].append(row["value"])
    collaborations = {c: set(parts) for c, parts in structure.get("hasCollaboration", {}).items()}
    return Facts(labels=names.get(lang, {}), memberships=rows["memberships"], relations=rows["relations"],
                 contexts=dict(contexts), efforts=efforts, collaborations=collaborations,
                 themes=_catalogue_rows(store, "themes"), plan_gaps=_catalogue_rows(store, "plan-gaps"),
                 lang=lang, names=names, alt_labels=dict(alt_labels), structure=structure,
                 sources={node: dict(found) for node, found in sources.items()},
                 include=support_levels(include), evidence_statements=statements, store=store)


def _by_property(rows: list[dict[str, str]]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        found[local(row["property"])][row["node"]].append(row["value"])
    return {prop: dict(values) for prop, values in found.items()}


def _catalogue_rows(store: Store, name: str) -> list[dict[str, str]]:
    from coalitiegraaf import catalogue

    return _as_dicts(catalogue.run(store, catalogue.get(name)))


def _rows(store: Store, name: str) -> list[dict[str, str]]:
    sparql = shipped_query(f"analysis/{name}.rq")
    # backends return rows in different orders; sorted, every analysis is deterministic
    return sorted(store.select_text(sparql, {}), key=_row_order)


def _row_order(row: dict[str, str]) -> tuple[str, ...]:
    """A row's place in the sorted answer: by its (variable, value) pairs, sorted, as
    ``sorted(row.items())`` orders them, flattened (variable, value, variable, value …), which
    orders rows the same way and compares faster."""
    return tuple(chain.from_iterable(sorted(row.items())))


def _evidence(store: Store) -> tuple[list[dict[str, str]], list[tuple[str, str, Term]]]:
    """The rows of queries/analysis/evidence.rq as text, sorted as :func:`_rows` sorts, and
    its statements with their values as light terms (the report needs a literal's language)."""
    variables, answer = store.select_terms(shipped_query("analysis/evidence.rq"))
    # answers repeat their terms (properties, passages): each one's text is found once
    texts: dict[Term, str] = {}
    rows = [{name: texts[term] if term in texts else texts.setdefault(term, _text(term))
             for name, term in zip(variables, row, strict=True) if term is not None}
            for row in answer]
    node, prop, value = (variables.index(name) for name in ("node", "property", "value"))
    statements = [(row[node], row[prop], row[value]) for row in answer]
    return sorted(rows, key=_row_order), statements


def _text(term: Term) -> str:
    """A light term's text, as :meth:`Store.select_text` gives it."""
    return term if isinstance(term, str) else term.value if isinstance(term, Text) else term.id


def _as_dicts(result: QueryResult) -> list[dict[str, str]]:
    return [{var: str(value) for var, value in zip(result.variables, row, strict=True)
             if value is not None} for row in result.rows]
