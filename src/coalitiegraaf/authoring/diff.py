"""What changed between two versions of the agenda, in the words a coordinator uses.

:func:`compare` takes the statements of an old and a new version (two sources' named graphs,
or two dataset files) and returns :class:`Change` items: a coalition gained or lost a member
or a member's role changed, a status changed, an action line appeared (with or without an
owner) or went, a dependency was added or removed, a document is cited for the first time, a
node appeared or went, a value changed. Evidence (passages, quotes) is not a change of its own:
each change carries the passage and quote that support it. Memberships and dependencies are
compared by what they say (who, where, which role; from, relation, to), not by their IRIs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS
from rdflib.term import Node

from coalitiegraaf.authoring.mapping import Mapping, mapping
from coalitiegraaf.errors import InputError
from coalitiegraaf.store import Store
from coalitiegraaf.store.namespaces import CG

FORMATS = ("text", "md", "json")
# evidence, and the structure of the sources, are what changes are shown with, not changes
_EVIDENCE = {CG.sourcePassage, CG.quote, CG.text, CG.evidence, CG.supportNote, CG.statusEvidence}
_STRUCTURE = {"passages", "sections", "evidence", "memberships", "dependencies"}
_ORDER = ("source-added", "member-added", "member-removed", "role-changed", "status-changed",
          "action-line-added", "action-line-removed", "dependency-added", "dependency-removed",
          "document-cited", "node-added", "node-removed", "value-changed")

MESSAGES = {
    "nl": {
        "source-added": "nieuwe bron: {subject}{new}",
        "member-added": "{subject}: nieuwe deelnemer {other} als {new}",
        "member-removed": "{subject}: {other} neemt niet meer deel (was {old})",
        "role-changed": "{subject}: rol van {other} gewijzigd van {old} naar {new}",
        "status-changed": "{subject}: status gewijzigd van {old} naar {new}",
        "action-line-added": "{subject}: nieuwe actielijn {other}, {new}",
        "action-line-removed": "{subject}: actielijn {other} vervallen",
        "dependency-added": "nieuwe afhankelijkheid: {subject} {new} {other}",
        "dependency-removed": "afhankelijkheid vervallen: {subject} {old} {other}",
        "document-cited": "voor het eerst aangehaald: {subject}",
        "node-added": "nieuw ({kind}): {subject}",
        "node-removed": "vervallen ({kind}): {subject}",
        "value-changed": "{subject}: {property} gewijzigd van {old} naar {new}",
        "owner": "met actiehouder {owners}", "no-owner": "zonder actiehouder", "nothing": "(leeg)",
        "since": "Sinds {old}", "none": "Geen wijzigingen.", "title": "Wijzigingen van {old} naar {new}",
    },
    "en": {
        "source-added": "new source: {subject}{new}",
        "member-added": "{subject} gained member {other} as {new}",
        "member-removed": "{subject} lost member {other} (was {old})",
        "role-changed": "{subject}: role of {other} changed from {old} to {new}",
        "status-changed": "{subject}: status changed from {old} to {new}",
        "action-line-added": "{subject}: new action line {other}, {new}",
        "action-line-removed": "{subject}: action line {other} removed",
        "dependency-added": "new dependency: {subject} {new} {other}",
        "dependency-removed": "dependency removed: {subject} {old} {other}",
        "document-cited": "cited for the first time: {subject}",
        "node-added": "new {kind}: {subject}",
        "node-removed": "{kind} removed: {subject}",
        "value-changed": "{subject}: {property} changed from {old} to {new}",
        "owner": "owned by {owners}", "no-owner": "without an owner", "nothing": "(nothing)",
        "since": "Since {old}", "none": "No changes.", "title": "Changes from {old} to {new}",
    },
}


@dataclass(frozen=True)
class Change:
    """One change between two versions; ``old`` and ``new`` are the values before and after."""

    kind: str
    subject: URIRef
    other: URIRef | None = None
    property: URIRef | None = None
    old: tuple[Node, ...] = ()
    new: tuple[Node, ...] = ()
    evidence: tuple[URIRef, str] | None = None
    sheet: str = ""


@dataclass
class Comparison:
    """The changes, and the graph that names everything they mention."""

    changes: list[Change]
    context: Graph = field(repr=False)
    old_name: str = "old"
    new_name: str = "new"

    def messages(self, lang: str = "nl") -> list[str]:
        return [message(change, self.context, lang) for change in self.changes]


def compare(old: Graph, new: Graph, context: Graph, sheets: Mapping | None = None,
            old_name: str = "old", new_name: str = "new") -> Comparison:
    """The changes from ``old`` to ``new``; ``context`` (the ontology and both versions) gives
    the names, vocabularies and property hierarchy."""
    sheets = sheets or mapping()
    derived = {p for p in set(context.subjects(RDFS.subPropertyOf, None)) | {CG.relatedTo}
               if CG.relatedTo in _ancestors(context, p)}
    changes = [*_memberships(old, new), *_dependencies(old, new)]
    kinds_old, kinds_new = _kinds(old, sheets), _kinds(new, sheets)
    added = set(kinds_new) - set(kinds_old)
    removed = set(kinds_old) - set(kinds_new)
    changes += [_added(node, kinds_new[node], new) for node in sorted(added)
                if kinds_new[node] not in _STRUCTURE]
    changes += [_removed(node, kinds_old[node], old) for node in sorted(removed)
                if kinds_old[node] not in _STRUCTURE]
    for node in sorted(set(kinds_old) & set(kinds_new)):
        if kinds_new[node] not in _STRUCTURE:
            changes += _changed(node, kinds_new[node], old, new, added | removed, derived)
    order = {kind: number for number, kind in enumerate(_ORDER)}
    changes.sort(key=lambda c: (order[c.kind], _label(context, c.subject), _label(context, c.other),
                                str(c.property or "")))
    return Comparison(changes, context, old_name, new_name)


def _kinds(graph: Graph, sheets: Mapping) -> dict[URIRef, str]:
    """The nodes a version describes, with the sheet (kind) each belongs to."""
    kinds = {}
    for node in set(graph.subjects(RDF.type, None)):
        found = sheets.sheet_of(str(node)) if isinstance(node, URIRef) else None
        if found is not None:
            kinds[node] = found[0].name
    return kinds


def _evidence(graph: Graph, node: Node) -> tuple[URIRef, str] | None:
    passage, quote = graph.value(node, CG.sourcePassage), graph.value(node, CG.quote)
    return (passage, str(quote)) if isinstance(passage, URIRef) and quote is not None else None


def _memberships(old: Graph, new: Graph) -> list[Change]:
    def roles(graph: Graph) -> dict[tuple[URIRef, URIRef], dict[URIRef, Node]]:
        found: dict[tuple[URIRef, URIRef], dict[URIRef, Node]] = defaultdict(dict)
        for membership in graph.subjects(RDF.type, CG.Membership):
            key = (graph.value(membership, ORG.organization), graph.value(membership, ORG.member))
            for role in graph.objects(membership, ORG.role):
                found[key][role] = membership
        return found

    before, after = roles(old), roles(new)
    changes = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key, {}), after.get(key, {})
        if set(was) == set(now):
            continue
        organisation, member = key
        if not was:
            changes += [Change("member-added", organisation, member, new=(role,),
                               evidence=_evidence(new, node)) for role, node in sorted(now.items())]
        elif not now:
            changes.append(Change("member-removed", organisation, member, old=tuple(sorted(was)),
                                  evidence=_evidence(old, next(iter(was.values())))))
        else:
            changes.append(Change("role-changed", organisation, member, old=tuple(sorted(was)),
                                  new=tuple(sorted(now)), evidence=_evidence(new, next(iter(now.values())))))
    return changes


def _dependencies(old: Graph, new: Graph) -> list[Change]:
    def stated(graph: Graph) -> dict[tuple[Node, Node, Node], Node]:
        return {(graph.value(d, CG["from"]), graph.value(d, CG.relation), graph.value(d, CG.to)): d
                for d in graph.subjects(RDF.type, CG.Dependency)}

    before, after = stated(old), stated(new)
    changes = [Change("dependency-added", key[0], key[2], new=(key[1],), evidence=_evidence(new, after[key]))
               for key in sorted(set(after) - set(before))]
    changes += [Change("dependency-removed", key[0], key[2], old=(key[1],),
                       evidence=_evidence(old, before[key])) for key in sorted(set(before) - set(after))]
    return changes


def _added(node: URIRef, kind: str, new: Graph) -> Change:
    evidence = _evidence(new, node)
    if kind == "action lines":
        owners = tuple(sorted(new.objects(node, CG.owner)))
        holder = new.value(predicate=CG.hasActionLine, object=node)
        return Change("action-line-added", holder or node, node, property=CG.owner, new=owners,
                      evidence=evidence, sheet=kind)
    if kind == "documents":
        if (None, DCTERMS.isPartOf, node) in new:  # it has sections: a source, not a cited document
            return Change("source-added", node, new=tuple(new.objects(node, DCTERMS.date)), sheet=kind)
        return Change("document-cited", node, evidence=evidence, sheet=kind)
    return Change("node-added", node, evidence=evidence, sheet=kind)


def _removed(node: URIRef, kind: str, old: Graph) -> Change:
    if kind == "action lines":
        holder = old.value(predicate=CG.hasActionLine, object=node)
        return Change("action-line-removed", holder or node, node, evidence=_evidence(old, node), sheet=kind)
    return Change("node-removed", node, evidence=_evidence(old, node), sheet=kind)


def _changed(node: URIRef, kind: str, old: Graph, new: Graph, gone_or_new: set[URIRef],
             derived: set[Node]) -> list[Change]:
    changes = []
    for predicate in sorted(set(old.predicates(node)) | set(new.predicates(node))):
        if predicate in _EVIDENCE or predicate in derived:
            continue
        was = {v for v in old.objects(node, predicate) if v not in gone_or_new}
        now = {v for v in new.objects(node, predicate) if v not in gone_or_new}
        if was == now:
            continue
        status = predicate == CG.status
        evidence = _evidence(new, (new.value(node, CG.statusEvidence) if status else None) or node)
        changes.append(Change("status-changed" if status else "value-changed", node, property=predicate,
                              old=tuple(sorted(was)), new=tuple(sorted(now)), evidence=evidence, sheet=kind))
    return changes


def _ancestors(graph: Graph, term: Node) -> set[Node]:
    seen, todo = {term}, [term]
    while todo:
        for parent in graph.objects(todo.pop(), RDFS.subPropertyOf):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


# --- words -------------------------------------------------------------------------------------

def _label(graph: Graph, node: Node | None, lang: str = "nl") -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    labels = {label.language: str(label) for label in graph.objects(node, RDFS.label)}
    labels |= {label.language: str(label) for label in graph.objects(node, SKOS.prefLabel)}
    for language in (lang, "nl", "en", None):
        if language in labels:
            return labels[language]
    from coalitiegraaf.analysis.labels import short_iri

    return short_iri(node)


def message(change: Change, context: Graph, lang: str = "nl") -> str:
    """One change as a sentence in ``lang`` (nl or en)."""
    words = MESSAGES[lang]

    def names(values: tuple[Node, ...]) -> str:
        return ", ".join(_label(context, v, lang) for v in values) or words["nothing"]

    new = names(change.new)
    if change.kind == "action-line-added":
        new = words["owner"].format(owners=names(change.new)) if change.new else words["no-owner"]
    elif change.kind == "source-added":
        new = f" ({names(change.new)})" if change.new else ""
    kind = _label(context, mapping().sheet(change.sheet).rdf_class, lang) if change.sheet and \
        mapping().sheet(change.sheet).rdf_class else change.sheet
    return words[change.kind].format(subject=_label(context, change.subject, lang),
                                     other=_label(context, change.other, lang), old=names(change.old),
                                     new=new, kind=kind, property=_label(context, change.property, lang))


def render(comparison: Comparison, lang: str = "nl", fmt: str = "text") -> str:
    """The changes as plain text (one per line), Markdown, or JSON."""
    if fmt not in FORMATS:
        raise InputError(key="format_unknown", value=fmt, choices=", ".join(FORMATS))
    words = MESSAGES[lang]
    lines = comparison.messages(lang)
    if fmt == "json":
        return json.dumps([_as_json(change, text, comparison.context, lang)
                           for change, text in zip(comparison.changes, lines, strict=True)],
                          ensure_ascii=False, indent=2) + "\n"
    evidence = [_evidence_text(change, lang) for change in comparison.changes]
    if fmt == "md":
        title = words["title"].format(old=comparison.old_name, new=comparison.new_name)
        body = [f"- {line}" + (f" ({where})" if where else "")
                for line, where in zip(lines, evidence, strict=True)]
        return "\n".join([f"# {title}", "", *(body or [words["none"]])]) + "\n"
    return "".join(f"{line}\n" for line in lines) or words["none"] + "\n"


def _evidence_text(change: Change, lang: str) -> str:
    if change.evidence is None:
        return ""
    passage, quote = change.evidence
    return f"{str(passage).rsplit('/', 2)[-2]} {str(passage).rsplit('/', 1)[-1]}: “{quote}”"


def _as_json(change: Change, text: str, context: Graph, lang: str) -> dict:
    def terms(values: tuple[Node, ...]) -> list[str]:
        return [str(v) for v in values]

    return {
        "kind": change.kind, "message": text,
        "subject": str(change.subject), "subjectLabel": _label(context, change.subject, lang),
        "other": str(change.other) if change.other else None,
        "otherLabel": _label(context, change.other, lang) if change.other else None,
        "property": str(change.property) if change.property else None,
        "old": terms(change.old), "new": terms(change.new),
        "passage": str(change.evidence[0]) if change.evidence else None,
        "quote": change.evidence[1] if change.evidence else None,
    }


# --- versions ----------------------------------------------------------------------------------

def version(spec: str, dataset: Store) -> tuple[Graph, str]:
    """The statements of one version and its name: a dataset file or a folder of Turtle files
    (everything in it but the ontology), a named graph's IRI, or a source's id, in ``dataset``."""
    from pathlib import Path

    from coalitiegraaf.authoring.sheets import graph_of
    from coalitiegraaf.project import load
    from coalitiegraaf.store.namespaces import GRAPH, ONTOLOGY_GRAPH

    path = Path(spec)
    if path.exists():
        files = sorted(p for p in path.iterdir() if p.suffix == ".ttl") if path.is_dir() else [path]
        if not files:
            raise InputError(key="no_ttl_files", path=spec)
        return graph_of(load(data=files, include_shipped=False), ONTOLOGY_GRAPH, but=True), path.name
    name = URIRef(spec) if spec.startswith(("http://", "https://")) else GRAPH[spec]
    if name not in dataset.graph_names():
        shipped = load()  # a source of the shipped graph, when the data leaves it out (--no-shipped)
        if name in shipped.graph_names():
            return graph_of(shipped, name), str(name).removeprefix(str(GRAPH))
        known = ", ".join(str(g).removeprefix(str(GRAPH)) for g in dataset.graph_names()
                          if g != ONTOLOGY_GRAPH)
        raise InputError(key="no_such_version", spec=spec, sources=known)
    return graph_of(dataset, name), str(name).removeprefix(str(GRAPH))


def compare_versions(old: str, new: str | None, dataset: Store) -> Comparison:
    """:func:`compare` for two versions named as :func:`version` takes them; without ``new``,
    the new version is all of ``dataset`` (what a report shows)."""
    from coalitiegraaf.authoring.sheets import graph_of
    from coalitiegraaf.store.namespaces import ONTOLOGY_GRAPH

    before, old_name = version(old, dataset)
    after, new_name = version(new, dataset) if new else (graph_of(dataset, ONTOLOGY_GRAPH, but=True), "")
    return compare(before, after, graph_of(dataset, ONTOLOGY_GRAPH) + before + after,
                   old_name=old_name, new_name=new_name)
