"""Validate the dataset against the SHACL shapes and turn the result into a readable report.

Three families of shapes live in ``shapes/``: integrity (violations: broken data), source
quality (warnings about what the source itself cites wrongly) and gaps (warnings and info:
what the agenda still lacks). They run on the union of all named graphs, compiled to SPARQL and
answered by the store (:mod:`coalitiegraaf.validation.shacl`), or by pySHACL, the reference.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import rdflib
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from coalitiegraaf.analysis.labels import labels_of, short_iri
from coalitiegraaf.errors import InputError
from coalitiegraaf.sources.resources import data_dir
from coalitiegraaf.store import Store
from coalitiegraaf.validation import shacl

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
    results: list[shacl.Result] = field(default_factory=list, repr=False)

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

    from coalitiegraaf.store.terms import to_rdflib

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


ENGINES = ("auto", "pyshacl", "sparql")
# statements on an endpoint: below, pySHACL on a copy (the reference implementation, and the
# endpoint's own SPARQL dialect cannot get in the way); above, shapes compiled to SPARQL
AUTO_LIMIT = 50_000


def validate(store: Store, lang: str = "nl", engine: str = "auto") -> ValidationReport:
    """Validate everything in ``store`` against the shipped shapes.

    Both engines give the same findings (``tests/test_shacl.py``); ``auto`` picks the compiled
    SPARQL queries on Oxigraph (0.15 s on the letter, where pySHACL takes 2 s), pySHACL on
    rdflib's store, and on an endpoint pySHACL up to ``AUTO_LIMIT`` statements.
    """
    shapes = shapes_graph()
    if _chosen(store, engine) == "pyshacl":
        results = _pyshacl_results(store, shapes)
    else:
        results = shacl.validate(store, shapes)
    labels = labels_of(store, {node for r in results for node in (r.focus, r.value)}, lang)
    findings = {_finding(result, shapes, labels, lang) for result in results}
    order = {severity: i for i, severity in enumerate(SEVERITIES)}
    ordered = sorted(findings, key=lambda f: (order[f.severity], f.shape_name, f.focus_label,
                                              f.path, f.value, f.message))
    return ValidationReport(ordered, lang, results)


def _chosen(store: Store, engine: str) -> str:
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    if store.kind == "oxigraph":
        return "sparql"
    # rdflib evaluates the compiled queries' property paths slowly: pySHACL is faster there
    return "pyshacl" if store.kind == "memory" or len(store) <= AUTO_LIMIT else "sparql"


def _pyshacl_results(store: Store, shapes: rdflib.Graph) -> list[shacl.Result]:
    import pyshacl

    data = _PreparedQueryGraph()
    data += store.graph()
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_infos=True, allow_warnings=True, meta_shacl=False, do_owl_imports=False,
        advanced=False)
    # only the report's own results: nested sh:detail results explain them, they are not findings
    return [shacl.Result(
        shape=report.value(result, SH.sourceShape),
        component=str(report.value(result, SH.sourceConstraintComponent)).removeprefix(str(SH)),
        focus=report.value(result, SH.focusNode),
        severity=report.value(result, SH.resultSeverity),
        path=report.value(result, SH.resultPath),
        value=report.value(result, SH.value),
        constraint=report.value(result, SH.sourceConstraint),
    ) for result in report.objects(None, SH.result)]


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


def _finding(result: shacl.Result, shapes: rdflib.Graph, labels: dict[Node, str], lang: str) -> Finding:
    value = result.value
    return Finding(
        severity=_SEVERITY_OF.get(result.severity, "violation"),
        shape=_named_shape(shapes, result.shape),
        shape_name=_shape_name(shapes, result.shape, lang),
        focus=str(result.focus),
        focus_label=labels.get(result.focus, ""),
        path=short_iri(result.path) if isinstance(result.path, rdflib.URIRef) else "",
        # SPARQL-based shapes report the focus node itself as value: no news, so left out
        value=labels.get(value, "") if value is not None and value != result.focus else "",
        message=_message(shapes, result, lang),
        component=result.component,
    )


def _report_graph(results: list[shacl.Result], shapes: rdflib.Graph, lang: str) -> rdflib.Graph:
    """The SHACL validation report, the same whichever engine found the results."""
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    report = rdflib.BNode("report")
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, rdflib.Literal(not any(r.severity == SH.Violation for r in results))))
    for number, result in enumerate(sorted(set(results), key=_result_key), 1):
        node = rdflib.BNode(f"result{number}")
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        fields = ((SH.sourceShape, result.shape), (SH.focusNode, result.focus),
                  (SH.resultSeverity, result.severity), (SH.resultPath, result.path),
                  (SH.value, result.value), (SH.sourceConstraint, result.constraint),
                  (SH.sourceConstraintComponent, SH[result.component]),
                  (SH.resultMessage, rdflib.Literal(_message(shapes, result, lang), lang=lang)))
        for predicate, term in fields:
            # a blank node of the shapes graph would point at nothing in the report
            shape_node = predicate in (SH.sourceShape, SH.sourceConstraint) and isinstance(term, rdflib.BNode)
            if term is not None and not shape_node:
                graph.add((node, predicate, term))
    return graph


def _result_key(result: shacl.Result) -> tuple[str, ...]:
    return tuple(str(part) for part in (result.focus, result.shape, result.component, result.path,
                                        result.value))


@lru_cache(maxsize=1024)
def _named_shape(shapes: rdflib.Graph, shape: Node | None) -> str:
    """The IRI of the node shape a result comes from, also when a property shape reported it."""
    parent = shapes.value(predicate=SH.property, object=shape)
    for candidate in (parent, shape):
        if isinstance(candidate, rdflib.URIRef):
            return str(candidate)
    return ""


@lru_cache(maxsize=1024)
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


def _message(shapes: rdflib.Graph, result: shacl.Result, lang: str) -> str:
    """The shape's message in ``lang``, from the SPARQL constraint or else from the shape."""
    template = _template(shapes, result.constraint, result.shape, lang)
    if template:
        return template.replace("{?value}", "" if result.value is None else str(result.value))
    return f"{result.component.removesuffix('ConstraintComponent')}: {short_iri(result.shape)}"


@lru_cache(maxsize=1024)
def _template(shapes: rdflib.Graph, constraint: Node | None, shape: Node, lang: str) -> str:
    for source in (constraint, shape):
        if source is not None and (template := _in_language(shapes.objects(source, SH.message), lang)):
            return template
    return ""


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
    graph = _report_graph(report.results, shapes_graph(), report.lang)
    return graph.serialize(format="turtle")


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
