"""Shapes graphs: the shipped ones or a user's, and what in them the validators can run.

Both engines read the same shapes graph and refuse the same things before either runs: a
SHACL feature neither implements (SHACL Advanced Features such as ``sh:rule`` or
``sh:target``, entailment, ``$shapesGraph``) and a SPARQL query the SHACL specification
forbids (:mod:`.prebinding`). A refused feature is named in the error; nothing is skipped.

SHACL-SPARQL lives here too: the SPARQL-based constraints of a shape, the SPARQL-based
constraint components a shapes graph declares, and the prefixes their queries get from
``sh:prefixes`` (following ``owl:imports`` inside the shapes graph; nothing is fetched).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from coalitiegraaf.errors import InputError

# what a shape may say besides its constraints
STRUCTURE = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path, SH.property,
    SH.name, SH.description, SH.message, SH.severity, SH.deactivated, SH.order, SH.group,
    SH.defaultValue, SH.declare, SH.prefixes,
}
# the parameters of SHACL Core's constraint components, and SHACL-SPARQL's sh:sparql
CORE = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minExclusive,
    SH.minInclusive, SH.maxExclusive, SH.maxInclusive, SH.minLength, SH.maxLength, SH.pattern,
    SH.flags, SH.languageIn, SH.uniqueLang, SH.equals, SH.disjoint, SH.lessThan,
    SH.lessThanOrEquals, SH["not"], SH["and"], SH["or"], SH.xone, SH.node,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint, SH.closed, SH.ignoredProperties, SH.hasValue, SH["in"],
    SH.sparql,
}
# parameters whose values are shapes, or lists of shapes
_SHAPE_VALUED = (SH.node, SH.property, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


class UnsupportedShape(InputError):
    """The shapes use a feature the chosen engine does not implement; the error names it."""


@dataclass(frozen=True)
class SparqlConstraint:
    """A SPARQL-based constraint (``sh:sparql``) of a shape."""

    shape: Node
    node: Node  # the constraint's own node: sh:sourceConstraint
    select: str
    prefixes: dict[str, str]


@dataclass(frozen=True)
class Validator:
    """A SPARQL-based validator of a constraint component: ``ask`` or ``select``."""

    node: Node
    kind: str
    query: str
    prefixes: dict[str, str]


@dataclass(frozen=True)
class Component:
    """A SPARQL-based constraint component the shapes graph declares."""

    node: Node
    parameters: tuple[Node, ...]  # the parameters' paths: predicates on a shape
    optional: frozenset[Node]
    validator: Validator | None  # for node and property shapes alike (sh:validator)
    node_validator: Validator | None
    property_validator: Validator | None

    def names(self) -> list[str]:
        """The parameters' variable names: the local names of their paths."""
        return [_local_name(path) for path in self.parameters]


@dataclass(frozen=True)
class ComponentUse:
    """One use of a component by a shape: a value for each parameter it has."""

    component: Component
    shape: Node
    arguments: dict[str, Node] = field(hash=False)


@lru_cache(maxsize=1)
def shipped_shapes() -> rdflib.Graph:
    """All shapes files of ``shapes/`` in one graph; treat it as read-only."""
    from coalitiegraaf.sources.resources import data_dir

    return _graph_of(sorted(data_dir("shapes").glob("*.ttl")))


def load_shapes(paths: Iterable[Path | str], base_iri: str | None = None,
                max_bytes: int | None = None) -> rdflib.Graph:
    """The shapes graph of a user's files, parsed as safely as data files are."""
    return _graph_of([Path(p) for p in paths], base_iri, max_bytes)


def _graph_of(paths: list[Path], base_iri: str | None = None, max_bytes: int | None = None) -> rdflib.Graph:
    """The files' statements in one graph; blank nodes are labelled in order of appearance, so
    that a report or export of the shapes is the same from run to run."""
    import pyoxigraph as ox

    from coalitiegraaf.sources.parsing import MAX_FILE_BYTES, RdfFile, parse_file
    from coalitiegraaf.store.terms import to_rdflib

    shapes = rdflib.Graph()
    labels: dict[str, rdflib.BNode] = {}

    def term(node):
        if isinstance(node, ox.BlankNode):
            return labels.setdefault(node.value, rdflib.BNode(f"shape{len(labels) + 1}"))
        return to_rdflib(node)

    for path in paths:
        source = RdfFile(path, ox.NamedNode("urn:coalitiegraaf:shapes"), base_iri,
                         max_bytes or MAX_FILE_BYTES)
        for quad in parse_file(source):
            shapes.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return shapes


class ShapesGraph:
    """A shapes graph, read once: its shapes, SPARQL constraints and components."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.components = _components(graph)
        self._parameters = {path: c for c in self.components for path in c.parameters}

    # --- which nodes are shapes -----------------------------------------------------------------

    def shapes(self) -> set[Node]:
        """Every node the graph uses as a shape."""
        g = self.graph
        found = {s for cls in (SH.NodeShape, SH.PropertyShape) for s in g.subjects(RDF.type, cls)}
        found |= {s for p in _TARGETS for s in g.subjects(p, None)}
        found |= {o for p in _SHAPE_VALUED for o in g.objects(None, p)}
        found |= {member for p in _SHAPE_LISTS for lst in g.objects(None, p) for member in self.list(lst)}
        found |= set(g.subjects(SH.path, None)) - self._parameter_nodes()
        return found

    def targeted(self) -> list[Node]:
        """The shapes with targets (explicit, or implicit: a shape that is also a class)."""
        found = {s for p in _TARGETS for s in self.graph.subjects(p, None)}
        found |= {s for s in self.shapes() if self.is_class(s)}
        return sorted((s for s in found if not self.deactivated(s)), key=str)

    def is_class(self, node: Node) -> bool:
        return any((node, RDF.type, cls) in self.graph for cls in (RDFS.Class, OWL.Class))

    def deactivated(self, node: Node) -> bool:
        return self.graph.value(node, SH.deactivated) == rdflib.Literal(True)

    def severity(self, shape: Node) -> rdflib.URIRef:
        severity = self.graph.value(shape, SH.severity)
        return severity if isinstance(severity, rdflib.URIRef) else SH.Violation

    def list(self, node: Node) -> list[Node]:
        return list(Collection(self.graph, node))

    def _parameter_nodes(self) -> set[Node]:
        return set(self.graph.objects(None, SH.parameter)) | set(self.graph.subjects(RDF.type, SH.Parameter))

    # --- SHACL-SPARQL ---------------------------------------------------------------------------

    def sparql_constraints(self, shape: Node) -> list[SparqlConstraint]:
        """The active SPARQL-based constraints of ``shape``."""
        found = []
        for node in sorted(self.graph.objects(shape, SH.sparql), key=str):
            if self.deactivated(node):
                continue
            select = self.graph.value(node, SH.select)
            if select is None:
                raise UnsupportedShape(f"{describe(node)}: a SPARQL-based constraint needs sh:select")
            found.append(SparqlConstraint(shape, node, str(select), prefixes(self.graph, node)))
        return found

    def component_uses(self, shape: Node) -> list[ComponentUse]:
        """Every use of a declared component by ``shape``, one per combination of values."""
        uses = []
        for component in self.components:
            values = {path: sorted(self.graph.objects(shape, path), key=str) for path in component.parameters}
            if any(not values[p] for p in component.parameters if p not in component.optional):
                continue
            if not any(values.values()):
                continue
            names = dict(zip(component.parameters, component.names(), strict=True))
            choices = [[(names[p], v) for v in values[p]] or [None] for p in component.parameters]
            for combination in itertools.product(*choices):
                uses.append(ComponentUse(component, shape, dict(c for c in combination if c)))
        return uses

    # --- what is refused ------------------------------------------------------------------------

    def check(self) -> None:
        """Refuse, naming it, any feature that neither engine implements."""
        from coalitiegraaf.validation import prebinding

        for regime in self.graph.objects(None, SH.entailment):
            raise UnsupportedShape(f"sh:entailment <{regime}> is not supported (no entailment is computed)")
        for shape, pattern in self.graph.subject_objects(SH.pattern):
            flags = str(self.graph.value(shape, SH.flags) or "")
            try:
                re.compile(str(pattern), sum(_FLAGS.get(f, 0) for f in flags))
            except re.error as error:
                raise UnsupportedShape(f"{describe(shape)}: sh:pattern {str(pattern)!r} is not a valid "
                                       f"regular expression ({error})") from None
        constraints = set(self.graph.objects(None, SH.sparql))
        for shape in sorted(self.shapes(), key=str):
            # a shape may be its own SPARQL-based constraint (the W3C test sparql-002)
            allowed = STRUCTURE | CORE | ({SH.select} if shape in constraints else set())
            for predicate in sorted(set(self.graph.predicates(shape, None)), key=str):
                if str(predicate).startswith(str(SH)) and predicate not in allowed:
                    raise UnsupportedShape(f"{describe(shape)}: sh:{predicate.removeprefix(str(SH))} is "
                                           "not supported")
            for constraint in self.sparql_constraints(shape):
                prebinding.check(constraint.select, constraint.prefixes, constraint.node,
                                 prebound=prebinding.CONSTRAINT_VARIABLES)
        for component in self.components:
            names = set(component.names())
            for validator in (component.validator, component.node_validator, component.property_validator):
                if validator is not None:
                    extra = {"value"} if validator.kind == "ask" else set()
                    prebinding.check(validator.query, validator.prefixes, validator.node,
                                     prebound=prebinding.CONSTRAINT_VARIABLES | names | extra,
                                     form=validator.kind)

    def not_followed(self) -> list[str]:
        """The ``owl:imports`` of graphs that are not in the shapes graph: not fetched."""
        return sorted({str(o) for o in self.graph.objects(None, OWL.imports)
                       if (o, None, None) not in self.graph})


def prefixes(graph: rdflib.Graph, node: Node) -> dict[str, str]:
    """The prefixes ``node``'s query declares with ``sh:prefixes``: each value's
    ``sh:declare`` and those of the ontologies it imports, inside the shapes graph."""
    declared: dict[str, str] = {}
    seen: set[Node] = set()
    todo = list(graph.objects(node, SH.prefixes))
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for declaration in graph.objects(current, SH.declare):
            prefix, namespace = graph.value(declaration, SH.prefix), graph.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise UnsupportedShape(f"{describe(current)}: a prefix declaration needs sh:prefix and "
                                       "sh:namespace")
            if declared.get(str(prefix), str(namespace)) != str(namespace):
                raise UnsupportedShape(f"{describe(node)}: the prefix {prefix}: is declared twice, "
                                       "with different namespaces")
            declared[str(prefix)] = str(namespace)
        todo.extend(graph.objects(current, OWL.imports))
    return declared


def _components(graph: rdflib.Graph) -> list[Component]:
    classes = {SH.ConstraintComponent, *graph.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent)}
    found = []
    nodes = {c for cls in classes for c in graph.subjects(RDF.type, cls)}
    for node in sorted(nodes, key=str):
        if str(node).startswith(str(SH)):
            continue  # SHACL's own components, declared by a copy of the SHACL vocabulary
        parameters = sorted(graph.objects(node, SH.parameter), key=lambda p: str(graph.value(p, SH.path)))
        paths = tuple(graph.value(p, SH.path) for p in parameters)
        if not paths or any(not isinstance(p, rdflib.URIRef) for p in paths):
            raise UnsupportedShape(f"{describe(node)}: a constraint component needs parameters with "
                                   "IRI paths")
        optional = frozenset(graph.value(p, SH.path) for p in parameters
                             if graph.value(p, SH.optional) == rdflib.Literal(True))
        found.append(Component(node, paths, optional, _validator(graph, node, SH.validator),
                               _validator(graph, node, SH.nodeValidator),
                               _validator(graph, node, SH.propertyValidator)))
    return found


def _validator(graph: rdflib.Graph, component: Node, predicate: rdflib.URIRef) -> Validator | None:
    node = graph.value(component, predicate)
    if node is None:
        return None
    ask, select = graph.value(node, SH.ask), graph.value(node, SH.select)
    if (ask is None) == (select is None):
        raise UnsupportedShape(f"{describe(component)}: its validator {describe(node)} is not a SPARQL "
                               "ASK or SELECT validator (other kinds of validators are not supported)")
    kind, query = ("ask", ask) if ask is not None else ("select", select)
    return Validator(node, kind, str(query), prefixes(graph, node))


def _local_name(iri: Node) -> str:
    text = str(iri)
    for separator in ("#", "/", ":"):
        if separator in text:
            text = text.rsplit(separator, 1)[1]
    return text


def describe(node: Node) -> str:
    """A node of the shapes graph as an error names it."""
    return f"<{node}>" if isinstance(node, rdflib.URIRef) else "a blank-node shape"


def blank_structure(graph: rdflib.Graph, node: Node) -> Iterator[tuple[Node, Node, Node]]:
    """The statements about ``node`` and, recursively, about the blank nodes they reach (its
    concise bounded description): how a blank-node shape or path is copied into a report."""
    seen: set[Node] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if current in seen or not isinstance(current, rdflib.BNode):
            continue
        seen.add(current)
        for predicate, value in graph.predicate_objects(current):
            yield current, predicate, value
            todo.append(value)
