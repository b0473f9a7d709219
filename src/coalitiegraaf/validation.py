"""Validate the dataset against the SHACL shapes and turn the result into a readable report.

Three families of shapes live in ``shapes/``: integrity (violations: broken data), source
quality (warnings about what the source itself cites wrongly) and gaps (warnings and info:
what the agenda still lacks). pySHACL runs them on the union of all named graphs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import rdflib
from rdflib.namespace import SH
from rdflib.term import Node

from coalitiegraaf.errors import InputError
from coalitiegraaf.labels import label, short_iri
from coalitiegraaf.resources import data_dir
from coalitiegraaf.store import Store

SEVERITIES = ("violation", "warning", "info")
_SEVERITY_OF = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Finding:
    """One validation result, with labels so that a coordinator can read it."""

    severity: str
    shape: str
    shape_name: str
    focus: str
    focus_label: str
    path: str
    value: str
    message: str
    component: str


@dataclass
class ValidationReport:
    """All findings, sorted by severity, shape and focus node."""

    findings: list[Finding]
    lang: str = "nl"
    results_graph: rdflib.Graph = field(default_factory=rdflib.Graph, repr=False)

    def counts(self) -> dict[str, int]:
        counted = Counter(f.severity for f in self.findings)
        return {severity: counted.get(severity, 0) for severity in SEVERITIES}

    def fails(self, fail_on: str = "violation") -> bool:
        """Whether there is a finding at ``fail_on`` severity or worse."""
        if fail_on not in SEVERITIES:
            raise InputError(f"--fail-on must be one of {', '.join(SEVERITIES)}")
        worst = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return any(f.severity in worst for f in self.findings)


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    """All shapes files in one graph; blank nodes are labelled in order of appearance, so
    that exports of the shapes are the same from run to run. Treat it as read-only."""
    import pyoxigraph as ox

    from coalitiegraaf.terms import to_rdflib

    shapes = rdflib.Graph()
    labels: dict[str, rdflib.BNode] = {}

    def term(node):
        if isinstance(node, ox.BlankNode):
            return labels.setdefault(node.value, rdflib.BNode(f"shape{len(labels) + 1}"))
        return to_rdflib(node)

    for path in sorted(data_dir("shapes").glob("*.ttl")):
        for triple in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            shapes.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return shapes


def validate(store: Store, lang: str = "nl") -> ValidationReport:
    """Validate everything in ``store`` against the shipped shapes."""
    import pyshacl

    data = _PreparedQueryGraph()
    data += store.graph()
    shapes = shapes_graph()
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_infos=True, allow_warnings=True, meta_shacl=False, do_owl_imports=False,
        advanced=False)
    # only the report's own results: nested sh:detail results explain them, they are not findings
    findings = {_finding(results, shapes, data, result, lang)
                for result in results.objects(None, SH.result)}
    order = {severity: i for i, severity in enumerate(SEVERITIES)}
    ordered = sorted(findings, key=lambda f: (order[f.severity], f.shape_name, f.focus_label,
                                              f.path, f.value, f.message))
    return ValidationReport(ordered, lang, results)


class _PreparedQueryGraph(rdflib.Graph):
    """pySHACL runs a SPARQL constraint once per focus node and rdflib parses the text anew
    each time; handing rdflib a prepared query skips that (the bulk of validation time)."""

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepare(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=512)
def _prepare(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _finding(results: rdflib.Graph, shapes: rdflib.Graph, data: rdflib.Graph, result: Node,
             lang: str) -> Finding:
    shape = results.value(result, SH.sourceShape)
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    component = results.value(result, SH.sourceConstraintComponent)
    return Finding(
        severity=_SEVERITY_OF.get(results.value(result, SH.resultSeverity), "violation"),
        shape=_named_shape(shapes, shape),
        shape_name=_shape_name(shapes, shape, lang),
        focus=str(focus),
        focus_label=label(data, focus, lang),
        path=short_iri(path) if isinstance(path, rdflib.URIRef) else "",
        # SPARQL-based shapes report the focus node itself as value: no news, so left out
        value=label(data, value, lang) if value is not None and value != focus else "",
        message=_message(results, shapes, result, lang, value),
        component=short_iri(component).removeprefix("sh:") if component else "",
    )


def _named_shape(shapes: rdflib.Graph, shape: Node | None) -> str:
    """The IRI of the node shape a result comes from, also when a property shape reported it."""
    parent = shapes.value(predicate=SH.property, object=shape)
    for candidate in (parent, shape):
        if isinstance(candidate, rdflib.URIRef):
            return str(candidate)
    return ""


def _shape_name(shapes: rdflib.Graph, shape: Node | None, lang: str) -> str:
    """The shape's name; a property shape's name is prefixed with its node shape's."""
    if shape is None:
        return ""
    own = _in_language(shapes.objects(shape, SH.name), lang)
    parent = shapes.value(predicate=SH.property, object=shape)
    if parent is not None:
        parent_name = _in_language(shapes.objects(parent, SH.name), lang)
        return f"{parent_name}: {own}" if own else parent_name
    return own or short_iri(shape)


def _message(results: rdflib.Graph, shapes: rdflib.Graph, result: Node, lang: str,
             value: Node | None) -> str:
    """The message in ``lang``: pySHACL keeps only one language of a SPARQL constraint's."""
    for source in (results.value(result, SH.sourceConstraint), results.value(result, SH.sourceShape)):
        if source is not None:
            template = _in_language(shapes.objects(source, SH.message), lang)
            if template:
                return template.replace("{?value}", str(value) if value is not None else "")
    return _in_language(results.objects(result, SH.resultMessage), lang)


def _in_language(literals, lang: str) -> str:
    by_language = {getattr(lit, "language", None): str(lit) for lit in literals}
    for language in (lang, "en", "nl", None):
        if language in by_language:
            return by_language[language]
    return next(iter(by_language.values()), "")


def to_json(report: ValidationReport) -> str:
    """The report as JSON: counts and findings."""
    payload = {"counts": report.counts(), "findings": [asdict(f) for f in report.findings]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_markdown(report: ValidationReport) -> str:
    """The report as Markdown: a section per severity, a table per shape."""
    lines = [f"# Validation report ({report.lang})", ""]
    counts = report.counts()
    lines.append(", ".join(f"{counts[s]} {s}" for s in SEVERITIES))
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"## {severity.capitalize()} ({len(group)})"]
        for shape_name in dict.fromkeys(f.shape_name for f in group):
            lines += ["", f"### {_markdown_cell(shape_name)}", "",
                      "| node | property | value | message |", "| --- | --- | --- | --- |"]
            lines += [f"| {_markdown_cell(f.focus_label)} | {_markdown_cell(f.path)} | "
                      f"{_markdown_cell(f.value)} | {_markdown_cell(f.message)} |"
                      for f in group if f.shape_name == shape_name]
    return "\n".join(lines) + "\n"


def to_turtle(report: ValidationReport) -> str:
    """The SHACL validation report graph itself, in Turtle."""
    return report.results_graph.serialize(format="turtle")


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
