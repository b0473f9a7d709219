"""Validate the dataset against the SHACL shapes and turn the result into a readable report.

Three families of shapes live in ``shapes/``: integrity (violations: broken data), source
quality (warnings about what the source itself cites wrongly) and gaps (warnings and info:
what the agenda still lacks). They run on the union of all named graphs, compiled to SPARQL and
answered by the store (:mod:`coalitiegraaf.validation.shacl`), or by pySHACL, the reference.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import rdflib
from rdflib.namespace import OWL, RDF, SH
from rdflib.term import Node

from coalitiegraaf.analysis.labels import labels_of, short_iri
from coalitiegraaf.errors import InputError
from coalitiegraaf.store import Store
from coalitiegraaf.validation import shacl
from coalitiegraaf.validation.shapes import ShapesGraph, blank_structure, shipped_shapes

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


def severity(name: str) -> str:
    """``name`` if it is a severity (``violation``, ``warning``, ``info``), else an error."""
    if name not in SEVERITIES:
        raise InputError(key="unknown_choice", what="--fail-on", value=name, choices=", ".join(SEVERITIES))
    return name


@dataclass
class ValidationReport:
    """All findings, sorted by severity, shape and focus node; ``results`` are the engine's
    validation results, one per result (none merged), for the W3C report graph."""

    findings: list[Finding]
    lang: str = "nl"
    results: list[shacl.Result] = field(default_factory=list, repr=False)
    shapes: rdflib.Graph | None = field(default=None, repr=False)
    store: Store | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counted = Counter(f.severity for f in self.findings)
        return {severity: counted.get(severity, 0) for severity in SEVERITIES}

    def conforms(self) -> bool:
        """What sh:conforms says: no result of any severity."""
        return not self.results

    def fails(self, fail_on: str = "violation") -> bool:
        """Whether there is a finding at ``fail_on`` severity or worse."""
        worst = SEVERITIES[: SEVERITIES.index(severity(fail_on)) + 1]
        return any(f.severity in worst for f in self.findings)


def shapes_graph() -> rdflib.Graph:
    """All shipped shapes files in one graph; blank nodes are labelled in order of appearance,
    so that exports of the shapes are the same from run to run. Treat it as read-only."""
    return shipped_shapes()


ENGINES = ("auto", "pyshacl", "sparql")
# statements on an endpoint: below, pySHACL on a copy (the reference implementation, and the
# endpoint's own SPARQL dialect cannot get in the way); above, shapes compiled to SPARQL
AUTO_LIMIT = 50_000


def validate(store: Store, lang: str = "nl", engine: str = "auto",
             shapes: rdflib.Graph | None = None) -> ValidationReport:
    """Validate everything in ``store`` against ``shapes`` (the shipped shapes if not given).

    Both engines give the same results (``tests/test_shacl.py``, and the W3C SHACL test suite in
    ``tests/test_w3c_shacl.py``); ``auto`` picks the compiled SPARQL queries on Oxigraph (0.15 s
    on the letter, where pySHACL takes 2 s), pySHACL on rdflib's store, and on an endpoint
    pySHACL up to ``AUTO_LIMIT`` statements. Before either runs, a feature of the user's
    ``shapes`` that neither implements is refused, naming it.
    """
    graph = shapes_graph() if shapes is None else shapes
    model = ShapesGraph(graph)
    if shapes is not None:
        # the shipped shapes pass this in the tests (tests/test_shapes.py): checked on every
        # run, they cost 30 ms of the 0.6 s a validation of the letter may take
        model.check()
    if _chosen(store, engine) == "pyshacl":
        results = _pyshacl_results(store, graph)
    else:
        results = shacl.validate(store, model)
    labels = labels_of(store, {node for r in results for node in (r.focus, r.value)}, lang)
    findings = [_finding(result, graph, labels, lang) for result in results]
    order = {severity: i for i, severity in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order[f.severity], f.shape_name, f.focus_label, f.path, f.value, f.message))
    from coalitiegraaf.messages import say

    notes = [say("imports_not_followed", lang, iri=iri) for iri in model.not_followed()]
    return ValidationReport(findings, lang, results, graph, store, notes)


def _chosen(store: Store, engine: str) -> str:
    if engine not in ENGINES:
        from coalitiegraaf.messages import Words

        raise InputError(key="unknown_choice", what=Words("what_engine"),
                         value=engine, choices=", ".join(ENGINES))
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
    try:
        _, report, _ = pyshacl.validate(
            data, shacl_graph=_for_pyshacl(shapes), inference="none", abort_on_first=False,
            allow_infos=True, allow_warnings=True, meta_shacl=False, do_owl_imports=False,
            advanced=False)
    except Exception as error:  # pySHACL signals bad shapes with many kinds of exception
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(key="pyshacl_failed", reason=message) from None
    # only the report's own results: nested sh:detail results explain them, they are not findings
    results = []
    for result in sorted(report.objects(None, SH.result), key=lambda r: _pyshacl_key(report, r)):
        value = report.value(result, SH.value)
        component = report.value(result, SH.sourceConstraintComponent)
        if component == SH.DatatypeConstraintComponent and _well_typed(shapes, report, result):
            continue
        results.append(shacl.Result(
            shape=report.value(result, SH.sourceShape),
            component=_component_name(component),
            focus=report.value(result, SH.focusNode),
            severity=report.value(result, SH.resultSeverity),
            path=report.value(result, SH.resultPath),
            value=value,
            constraint=report.value(result, SH.sourceConstraint),
            bindings=() if value is None else (("value", value),),
        ))
    return results


def _for_pyshacl(shapes: rdflib.Graph) -> rdflib.Graph:
    """``shapes`` as SHACL reads them, where pySHACL reads them otherwise: without the flags
    that are not the literal true (SHACL turns sh:closed, sh:uniqueLang, sh:deactivated and
    sh:qualifiedValueShapesDisjoint on only with true, pySHACL with "1"^^xsd:boolean too: the
    W3C test uniqueLang-002), and with the prefixes of ``owl:imports`` inside the shapes graph
    declared where pySHACL looks for them (prefixes-001)."""
    flags = (SH.closed, SH.uniqueLang, SH.deactivated, SH.qualifiedValueShapesDisjoint)
    odd = [(s, p, o) for p in flags for s, o in shapes.subject_objects(p)
           if o != rdflib.Literal(True) and o != rdflib.Literal(False)]
    imported = [(node, SH.declare, declaration) for node in set(shapes.objects(None, SH.prefixes))
                for ontology in shapes.transitive_objects(node, OWL.imports) if ontology != node
                for declaration in shapes.objects(ontology, SH.declare)]
    if not odd and not imported:
        return shapes
    copy = rdflib.Graph()
    copy += shapes
    for triple in odd:
        copy.remove(triple)
    for triple in imported:
        copy.add(triple)
    return copy


def _well_typed(shapes: rdflib.Graph, report: rdflib.Graph, result: Node) -> bool:
    """Whether pySHACL reported a literal of the required datatype that is well-formed after all:
    it follows rdflib's reading of lexical forms, which rejects, for one, the end of day
    "2024-01-01T24:00:00" that XML Schema's dateTime allows."""
    value = report.value(result, SH.value)
    required = shapes.value(report.value(result, SH.sourceShape), SH.datatype)
    if not isinstance(value, rdflib.Literal) or value.datatype is None or value.datatype != required:
        return False
    return shacl.well_formed(value) is True


def _component_name(component: Node) -> str:
    """A SHACL Core component by its local name, any other by its IRI."""
    text = str(component)
    return text.removeprefix(str(SH)) if text.startswith(str(SH)) else text


def _pyshacl_key(report: rdflib.Graph, result: Node) -> tuple[str, ...]:
    return tuple(str(report.value(result, p)) for p in (SH.focusNode, SH.sourceShape,
                                                          SH.sourceConstraintComponent, SH.value))


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
        path=_path_text(shapes, result.path),
        # SPARQL-based shapes report the focus node itself as value: no news, so left out
        value=labels.get(value, "") if value is not None and value != result.focus else "",
        message=_message(shapes, result, lang),
        component=result.component,
    )


def _path_text(shapes: rdflib.Graph, path: Node | None) -> str:
    """A result's path for people: ``cg:deadline``, or a property path such as ``^org:member``."""
    if path is None:
        return ""
    if isinstance(path, rdflib.URIRef):
        return short_iri(path)
    try:
        text = shacl.sparql_path(shapes, path)
    except InputError:
        return ""
    return re.sub(r"<([^>]*)>", lambda match: short_iri(rdflib.URIRef(match.group(1))), text)


def report_graph(report: ValidationReport) -> rdflib.Graph:
    """The W3C SHACL validation report: ``sh:conforms`` false if there is any result, one
    ``sh:ValidationResult`` per result, and the structure of every blank node a result names
    (a blank-node shape or path from the shapes graph, a blank node of the data)."""
    shapes = report.shapes if report.shapes is not None else shapes_graph()
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    node = rdflib.BNode("report")
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, rdflib.Literal(report.conforms())))
    data = _data_structures(report)
    for number, result in enumerate(sorted(report.results, key=_result_key), 1):
        result_node = rdflib.BNode(f"result{number}")
        graph.add((node, SH.result, result_node))
        graph.add((result_node, RDF.type, SH.ValidationResult))
        component = SH[result.component] if ":" not in result.component else rdflib.URIRef(result.component)
        message = rdflib.Literal(_message(shapes, result, report.lang), lang=report.lang)
        fields = ((SH.sourceShape, result.shape), (SH.focusNode, result.focus),
                  (SH.resultSeverity, result.severity), (SH.resultPath, result.path),
                  (SH.value, result.value), (SH.sourceConstraint, result.constraint),
                  (SH.sourceConstraintComponent, component), (SH.resultMessage, message))
        for predicate, term in fields:
            if term is not None:
                graph.add((result_node, predicate, term))
        if isinstance(result.path, rdflib.BNode):  # the path as the result reads it, nothing else
            for triple in shacl.path_triples(shapes, result.path):
                graph.add(triple)
        for term, source in ((result.shape, shapes), (result.constraint, shapes),
                             (result.focus, data), (result.value, data)):
            if isinstance(term, rdflib.BNode):
                for triple in blank_structure(source, term):
                    graph.add(triple)
    return graph


def _data_structures(report: ValidationReport) -> rdflib.Graph:
    """The statements about the data's blank nodes that results name, and the blank nodes
    those reach."""
    nodes = {n for r in report.results for n in (r.focus, r.value) if isinstance(n, rdflib.BNode)}
    if not nodes or report.store is None:
        return rdflib.Graph()
    return report.store.describe(nodes)


def _result_key(result: shacl.Result) -> tuple[str, ...]:
    return tuple(str(part) for part in (result.focus, result.shape, result.component, result.path,
                                        result.value, result.constraint, result.bindings))


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
    """The shape's name, else its IRI; a property shape's is prefixed with its node shape's."""
    if shape is None:
        return ""
    own = _in_language(shapes.objects(shape, SH.name), lang) or _iri_text(shape)
    parent = shapes.value(predicate=SH.property, object=shape)
    parent_name = "" if parent is None else (_in_language(shapes.objects(parent, SH.name), lang)
                                             or _iri_text(parent))
    if parent_name:
        return f"{parent_name}: {own}" if own else parent_name
    return own


def _iri_text(node: Node) -> str:
    return short_iri(node) if isinstance(node, rdflib.URIRef) else ""


def _message(shapes: rdflib.Graph, result: shacl.Result, lang: str) -> str:
    """The message in ``lang`` of the SPARQL constraint, the shape, or the component's
    validator or declaration, with ``{?name}`` and ``{$name}`` filled in."""
    template = _template(shapes, result.constraint, result.shape, result.component, lang)
    if not template:
        component = result.component.rsplit("/", 1)[-1].rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        path = _path_text(shapes, result.path)
        return f"{component} constraint not met" + (f" ({path})" if path else "")
    bindings = dict(result.bindings)
    bindings.setdefault("value", result.value)
    bindings.setdefault("this", result.focus)

    def fill(match: re.Match) -> str:
        term = bindings.get(match.group(1))
        return "" if term is None else str(term)

    return re.sub(r"\{[?$]([A-Za-z0-9_]+)\}", fill, template)


@lru_cache(maxsize=1024)
def _template(shapes: rdflib.Graph, constraint: Node | None, shape: Node, component: str, lang: str) -> str:
    sources = [constraint, shape]
    if ":" in component:  # a custom component: its validators' messages, then its own
        node = rdflib.URIRef(component)
        sources += [shapes.value(node, p) for p in (SH.validator, SH.nodeValidator, SH.propertyValidator)]
        sources.append(node)
    for source in sources:
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
    """The report as Markdown, in the report's language: a section per severity, a table per
    shape."""
    from coalitiegraaf.messages import say, say_count

    lang = report.lang
    lines = [say("validation_report_title", lang), ""]
    counts = report.counts()
    lines.append(", ".join(say_count(f"count_{s}", counts[s], lang) for s in SEVERITIES))
    columns = ("node", "property", "value", "message")
    header = " | ".join(say(f"validation_{column}", lang) for column in columns)
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"## {say('severity_' + severity, lang).capitalize()} ({len(group)})"]
        for shape_name in dict.fromkeys(f.shape_name for f in group):
            lines += ["", f"### {_markdown_cell(shape_name)}", "",
                      f"| {header} |", "| --- | --- | --- | --- |"]
            lines += [f"| {_markdown_cell(f.focus_label)} | {_markdown_cell(f.path)} | "
                      f"{_markdown_cell(f.value)} | {_markdown_cell(f.message)} |"
                      for f in group if f.shape_name == shape_name]
    return "\n".join(lines) + "\n"


def to_turtle(report: ValidationReport) -> bytes:
    """The W3C SHACL validation report graph itself, in Turtle, every term as it was written
    (Oxigraph's serialiser: rdflib's writes an ill-typed boolean such as "none" bare)."""
    import pyoxigraph as ox

    from coalitiegraaf.store.namespaces import PREFIXES
    from coalitiegraaf.store.terms import to_oxigraph

    triples = sorted((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
                      for s, p, o in report_graph(report)), key=str)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
