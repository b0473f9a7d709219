"""SHACL shapes compiled to SPARQL: validation where the data lives.

pySHACL walks an rdflib copy of the data in Python and runs every SPARQL-based constraint once
per focus node; at a hundred thousand statements that takes minutes. Here every constraint of
every shape becomes one SELECT query that returns only the nodes that violate it, and the store
answers it: Oxigraph in seconds for a million statements, or a remote endpoint without copying
its data.

The compiler knows the SHACL Core components in ``_VALUE_TESTS`` and ``_count_checks`` and
SPARQL-based constraints (``sh:sparql``): what coalitiegraaf's shapes use. A shape with anything
else is refused with :class:`UnsupportedShape`, never silently skipped. Results follow the
SHACL and SPARQL specifications; ``tests/test_shacl.py`` checks them against pySHACL.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from coalitiegraaf.errors import InputError, QueryError, StoreError
from coalitiegraaf.store import Store
from coalitiegraaf.store.sparql import insert_into_where
from coalitiegraaf.store.terms import to_oxigraph

# what a shape may say besides its constraints: targets, documentation, structure
_NOT_CONSTRAINTS = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.name,
    SH.description, SH.message, SH.severity, SH.path, SH.property, SH.deactivated, SH.order,
    SH.group, SH.defaultValue, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.flags,
}
# a lexical form each cast must accept and one it must reject: where a store's cast does both,
# sh:datatype also rejects ill-typed literals such as "2024-02-30"^^xsd:date
_CAST_SAMPLES = {
    XSD.integer: ("12", "1.5"), XSD.decimal: ("1.5", "abc"), XSD.double: ("1.5E3", "abc"),
    XSD.float: ("1.5E3", "abc"), XSD.boolean: ("true", "yes"), XSD.date: ("2024-02-29", "2024-02-30"),
    XSD.dateTime: ("2024-02-29T12:00:00", "2024-02-29"), XSD.gYear: ("2040", "20x0"),
}
_NODE_KINDS = {
    SH.IRI: "!isIRI({v})", SH.Literal: "!isLITERAL({v})", SH.BlankNode: "!isBLANK({v})",
    SH.BlankNodeOrIRI: "isLITERAL({v})", SH.BlankNodeOrLiteral: "isIRI({v})",
    SH.IRIOrLiteral: "isBLANK({v})",
}


class UnsupportedShape(InputError):
    """A shape uses a SHACL feature this compiler does not know; pySHACL can still run it."""


@dataclass(frozen=True)
class Result:
    """One validation result, as the SHACL specification defines it."""

    shape: Node
    component: str
    focus: Node
    severity: rdflib.URIRef
    path: Node | None = None
    value: Node | None = None
    constraint: Node | None = None


@dataclass(frozen=True)
class _Check:
    """A graph pattern that has a solution for each way the focus violates one constraint."""

    shape: Node
    component: str
    pattern: str
    value: str | None = None  # the variable that holds the offending value, if the result has one


def validate(store: Store, shapes: rdflib.Graph) -> list[Result]:
    """Every result of validating ``store`` against ``shapes``, each query run by the store."""
    compiler = _Compiler(shapes, _checked_datatypes(store))
    results: list[Result] = []
    for shape in compiler.targeted_shapes():
        targets = compiler.targets(shape)
        for check in compiler.checks(shape, "?this"):
            results += compiler.run_check(store, check, targets)
        for constraint in compiler.sparql_constraints(shape):
            results += compiler.run_sparql(store, shape, constraint, targets)
    return results


def _checked_datatypes(store: Store) -> set[Node]:
    """The datatypes whose casts tell a well-formed literal from an ill-typed one in ``store``:
    Oxigraph's all do; rdflib has no xsd:date cast and casts "2024-02-29" to xsd:dateTime."""
    columns = [(datatype, f"?ok{number}") for number, datatype in enumerate(_CAST_SAMPLES)]
    tests = " ".join(
        f"(COALESCE(isLITERAL({_sparql(d)}({_sparql(rdflib.Literal(good))})), false) && "
        f"!COALESCE(isLITERAL({_sparql(d)}({_sparql(rdflib.Literal(bad))})), false) AS {column})"
        for (d, column), (good, bad) in zip(columns, _CAST_SAMPLES.values(), strict=True))
    try:
        row = store.query_own(f"SELECT {tests} WHERE {{}}").rows[0]
    except (QueryError, StoreError):  # a store that knows none of these casts
        return set()
    return {datatype for (datatype, _), ok in zip(columns, row, strict=True) if ok == rdflib.Literal(True)}


class _Compiler:
    def __init__(self, shapes: rdflib.Graph, checked_datatypes: set[Node]) -> None:
        self.shapes = shapes
        self.checked_datatypes = checked_datatypes
        self._variables = itertools.count()

    # --- which shapes, which focus nodes ------------------------------------------------------

    def targeted_shapes(self) -> list[Node]:
        targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        found = {s for p in targets for s in self.shapes.subjects(p, None)}
        found |= {s for s in self.shapes.subjects(RDF.type, SH.NodeShape) if self._is_class(s)}
        return sorted((s for s in found if not self._deactivated(s)), key=str)

    def targets(self, shape: Node) -> str:
        """A subquery that binds ``?this`` to each focus node of ``shape``, once."""
        patterns = [f"?this {_RDF_TYPE}/{_SUBCLASS_OF}* {_sparql(c)} ."
                    for c in self.shapes.objects(shape, SH.targetClass)]
        if self._is_class(shape):  # an implicit class target
            patterns.append(f"?this {_RDF_TYPE}/{_SUBCLASS_OF}* {_sparql(shape)} .")
        patterns += [f"VALUES ?this {{ {_sparql(n)} }}" for n in self.shapes.objects(shape, SH.targetNode)]
        patterns += [f"?this {_sparql(p)} [] ." for p in self.shapes.objects(shape, SH.targetSubjectsOf)]
        patterns += [f"[] {_sparql(p)} ?this ." for p in self.shapes.objects(shape, SH.targetObjectsOf)]
        union = " UNION ".join(f"{{ {p} }}" for p in sorted(patterns))
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    # --- constraints to graph patterns ----------------------------------------------------------

    def checks(self, shape: Node, focus: str) -> list[_Check]:
        """The checks of ``shape`` (and of its property shapes) on the node in ``focus``."""
        if self._deactivated(shape):
            return []
        self._refuse_unknown(shape)
        path = self.shapes.value(shape, SH.path)
        if path is None:
            checks = self._value_checks(shape, focus, focus, "")
        else:
            value = self._variable()
            checks = self._value_checks(shape, value, focus, f"{focus} {self.path(path)} {value} .")
            checks += self._count_checks(shape, focus, self.path(path))
        for property_shape in sorted(self.shapes.objects(shape, SH.property), key=str):
            if path is not None:
                raise UnsupportedShape(f"{_name(shape)}: sh:property inside a property shape")
            checks += self.checks(property_shape, focus)
        if path is not None and (shape, SH.sparql, None) in self.shapes:
            raise UnsupportedShape(f"{_name(shape)}: sh:sparql on a property shape")
        return checks

    def _value_checks(self, shape: Node, value: str, focus: str, reach: str) -> list[_Check]:
        """Checks that test each value node on its own; ``reach`` binds ``value`` from ``focus``."""
        checks = []
        for parameter, (component, test) in _VALUE_TESTS.items():
            for argument in sorted(self.shapes.objects(shape, parameter), key=str):
                condition = test(self, shape, argument, value)
                # on a node shape, the value node is the focus node itself
                checks.append(_Check(shape, component, f"{reach} FILTER ({condition})", value))
        if not reach:
            for node in self.shapes.objects(shape, SH.hasValue):
                checks.append(_Check(shape, "HasValueConstraintComponent",
                                     f"FILTER (!sameTerm({focus}, {_sparql(node)}))"))
        return checks

    def _count_checks(self, shape: Node, focus: str, path: str) -> list[_Check]:
        """Checks on the value nodes together: counts, required values, unique languages."""
        value = self.shapes.value
        checks = []
        if (count := value(shape, SH.minCount)) is not None and int(count) > 0:
            checks.append(_Check(shape, "MinCountConstraintComponent",
                                 self._none(self._distinct_values(focus, path, int(count)), focus)))
        if (count := value(shape, SH.maxCount)) is not None:
            checks.append(_Check(shape, "MaxCountConstraintComponent",
                                 f"FILTER EXISTS {{ {self._distinct_values(focus, path, int(count) + 1)} }}"))
        for node in self.shapes.objects(shape, SH.hasValue):
            checks.append(_Check(shape, "HasValueConstraintComponent",
                                 self._none(f"{focus} {path} {_sparql(node)} .", focus)))
        if value(shape, SH.uniqueLang) == rdflib.Literal(True):
            first, second = self._variable(), self._variable()
            checks.append(_Check(shape, "UniqueLangConstraintComponent", (
                f"FILTER EXISTS {{ {focus} {path} {first}, {second} . FILTER (!sameTerm({first}, {second})"
                f" && LANG({first}) != \"\" && LCASE(LANG({first})) = LCASE(LANG({second}))) }}")))
        if (qualified := value(shape, SH.qualifiedValueShape)) is not None:
            checks += self._qualified_checks(shape, qualified, focus, path)
        return checks

    def _qualified_checks(self, shape: Node, qualified: Node, focus: str, path: str) -> list[_Check]:
        if self.shapes.value(shape, SH.qualifiedValueShapesDisjoint) == rdflib.Literal(True):
            raise UnsupportedShape(f"{_name(shape)}: sh:qualifiedValueShapesDisjoint")
        checks = []
        for parameter, component, offset in (
                (SH.qualifiedMinCount, "QualifiedMinCountConstraintComponent", 0),
                (SH.qualifiedMaxCount, "QualifiedMaxCountConstraintComponent", 1)):
            count = self.shapes.value(shape, parameter)
            if count is None or int(count) + offset == 0:
                continue
            variables = [self._variable() for _ in range(int(count) + offset)]
            conforming = " ".join(f"FILTER (!{self.violates(qualified, v)})" for v in variables)
            pattern = f"{self._distinct_values(focus, path, len(variables), variables)} {conforming}"
            checks.append(_Check(shape, component, self._none(pattern, focus) if offset == 0
                                 else f"FILTER EXISTS {{ {pattern} }}"))
        return checks

    def _none(self, pattern: str, focus: str) -> str:
        """A pattern with a solution when ``pattern`` has none for ``focus``.

        For the focus nodes of a query (``?this``, bound by the targets before it) it is written
        as OPTIONAL and !BOUND, which Oxigraph answers with a join where FILTER NOT EXISTS may
        scan the data once per focus node. A nested shape's focus is bound from outside the
        pattern (inside EXISTS), where only NOT EXISTS means the same."""
        if focus != "?this":
            return f"FILTER NOT EXISTS {{ {pattern} }}"
        witness = next(iter(re.findall(r"\?v[0-9]+", pattern)), None)
        if witness is None:  # nothing to bind: a pattern of known terms, asked with ASK semantics
            witness = self._variable()
            pattern = f"{pattern} BIND (true AS {witness})"
        return f"OPTIONAL {{ {pattern} }} FILTER (!BOUND({witness}))"

    def _distinct_values(self, focus: str, path: str, count: int,
                         variables: list[str] | None = None) -> str:
        """A pattern with a solution when ``focus`` has at least ``count`` distinct values."""
        variables = variables or [self._variable() for _ in range(count)]
        reach = " ".join(f"{focus} {path} {v} ." for v in variables)
        different = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(variables, 2))
        return reach + (f" FILTER ({different})" if different else "")

    def violates(self, shape: Node, node: str) -> str:
        """A SPARQL expression: true when the node in ``node`` does not conform to ``shape``."""
        checks = self.checks(shape, node)
        if (shape, SH.sparql, None) in self.shapes:
            raise UnsupportedShape(f"{_name(shape)}: sh:sparql in a shape used by sh:node")
        if not checks:
            return "false"
        return "(" + " || ".join(f"EXISTS {{ {c.pattern} }}" for c in checks) + ")"

    def path(self, node: Node) -> str:
        """``node``, a SHACL property path, as a SPARQL property path."""
        if isinstance(node, rdflib.URIRef):
            return _sparql(node)
        if (inner := self.shapes.value(node, SH.inversePath)) is not None:
            return f"^({self.path(inner)})"
        for parameter, operator in ((SH.oneOrMorePath, "+"), (SH.zeroOrMorePath, "*"),
                                    (SH.zeroOrOnePath, "?")):
            if (inner := self.shapes.value(node, parameter)) is not None:
                return f"({self.path(inner)}){operator}"
        if (alternatives := self.shapes.value(node, SH.alternativePath)) is not None:
            return "(" + "|".join(self.path(p) for p in Collection(self.shapes, alternatives)) + ")"
        if (node, RDF.first, None) in self.shapes:
            return "(" + "/".join(self.path(p) for p in Collection(self.shapes, node)) + ")"
        raise UnsupportedShape(f"{_name(node)} is not a SHACL property path")

    # --- running -----------------------------------------------------------------------------

    def run_check(self, store: Store, check: _Check, targets: str) -> Iterator[Result]:
        value = f" ({check.value} AS ?value)" if check.value else ""
        query = f"SELECT DISTINCT ?this{value} WHERE {{ {targets} {check.pattern} }}"
        path = self.shapes.value(check.shape, SH.path)
        severity = self._severity(check.shape)
        for row in store.query_own(query).rows:
            yield Result(check.shape, check.component, row[0], severity, path,
                         row[1] if check.value else None)

    def sparql_constraints(self, shape: Node) -> list[Node]:
        constraints = sorted(self.shapes.objects(shape, SH.sparql), key=str)
        return [c for c in constraints if not self._deactivated(c)]

    def run_sparql(self, store: Store, shape: Node, constraint: Node, targets: str) -> Iterator[Result]:
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"{_name(shape)}: a SPARQL constraint without sh:select")
        # the focus node is bound before the body runs: inside FILTER NOT EXISTS too
        query = self._prologue(constraint) + insert_into_where(str(select), targets)
        result = store.query_own(query)
        column = {name: i for i, name in enumerate(result.variables)}
        severity = self._severity(shape)
        for row in result.rows:
            focus = row[column["this"]]
            value = row[column["value"]] if "value" in column else None
            path = row[column["path"]] if "path" in column else None
            yield Result(shape, "SPARQLConstraintComponent", focus, severity, path,
                         focus if value is None else value, constraint)

    def _prologue(self, constraint: Node) -> str:
        lines = []
        for prefixes in self.shapes.objects(constraint, SH.prefixes):
            for declaration in self.shapes.objects(prefixes, SH.declare):
                prefix = self.shapes.value(declaration, SH.prefix)
                namespace = self.shapes.value(declaration, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines))) + "\n"

    # --- small things ------------------------------------------------------------------------

    def _variable(self) -> str:
        return f"?v{next(self._variables)}"

    def _is_class(self, shape: Node) -> bool:
        return any((shape, RDF.type, cls) in self.shapes for cls in (RDFS.Class, OWL.Class))

    def _deactivated(self, node: Node) -> bool:
        return self.shapes.value(node, SH.deactivated) == rdflib.Literal(True)

    def _severity(self, shape: Node) -> rdflib.URIRef:
        severity = self.shapes.value(shape, SH.severity)
        return severity if isinstance(severity, rdflib.URIRef) else SH.Violation

    def _refuse_unknown(self, shape: Node) -> None:
        known = _NOT_CONSTRAINTS | set(_VALUE_TESTS) | {
            SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.qualifiedValueShape,
            SH.qualifiedValueShapesDisjoint, SH.sparql}
        for predicate in set(self.shapes.predicates(shape, None)):
            if str(predicate).startswith(str(SH)) and predicate not in known:
                raise UnsupportedShape(f"{_name(shape)}: {predicate.removeprefix(str(SH))} is not "
                                       "supported by the compiled validator")

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))


def _class_test(compiler: _Compiler, shape: Node, cls: Node, v: str) -> str:
    return f"NOT EXISTS {{ {v} {_RDF_TYPE}/{_SUBCLASS_OF}* {_sparql(cls)} }}"


def _datatype_test(compiler: _Compiler, shape: Node, datatype: Node, v: str) -> str:
    wellformed = (f" && COALESCE(isLITERAL({_sparql(datatype)}(STR({v}))), false)"
                  if datatype in compiler.checked_datatypes else "")
    return f"!(isLITERAL({v}) && sameTerm(DATATYPE({v}), {_sparql(datatype)}){wellformed})"


def _node_kind_test(compiler: _Compiler, shape: Node, kind: Node, v: str) -> str:
    if kind not in _NODE_KINDS:
        raise UnsupportedShape(f"{_name(kind)} is not a SHACL node kind")
    return _NODE_KINDS[kind].format(v=v)


def _pattern_test(compiler: _Compiler, shape: Node, pattern: Node, v: str) -> str:
    flags = compiler.shapes.value(shape, SH.flags)
    arguments = f"{_sparql(pattern)}" + (f", {_sparql(flags)}" if flags is not None else "")
    return f"isBLANK({v}) || !REGEX(STR({v}), {arguments})"


def _length_test(operator: str) -> Callable[[_Compiler, Node, Node, str], str]:
    return lambda compiler, shape, length, v: f"isBLANK({v}) || STRLEN(STR({v})) {operator} {int(length)}"


def _range_test(operator: str) -> Callable[[_Compiler, Node, Node, str], str]:
    # a value that cannot be compared (a string against a number) violates the constraint
    return lambda compiler, shape, bound, v: f"!COALESCE({v} {operator} {_sparql(bound)}, false)"


def _in_test(compiler: _Compiler, shape: Node, members: Node, v: str) -> str:
    same = " || ".join(f"sameTerm({v}, {_sparql(m)})" for m in compiler._list(members))
    return f"!({same or 'false'})"


def _language_in_test(compiler: _Compiler, shape: Node, languages: Node, v: str) -> str:
    matches = " || ".join(f"langMatches(LANG({v}), {_sparql(t)})" for t in compiler._list(languages))
    return f"!(isLITERAL({v}) && ({matches or 'false'}))"


def _node_test(compiler: _Compiler, shape: Node, node_shape: Node, v: str) -> str:
    return compiler.violates(node_shape, v)


_VALUE_TESTS: dict[Node, tuple[str, Callable[[_Compiler, Node, Node, str], str]]] = {
    SH["class"]: ("ClassConstraintComponent", _class_test),
    SH.datatype: ("DatatypeConstraintComponent", _datatype_test),
    SH.nodeKind: ("NodeKindConstraintComponent", _node_kind_test),
    SH.pattern: ("PatternConstraintComponent", _pattern_test),
    SH.minLength: ("MinLengthConstraintComponent", _length_test("<")),
    SH.maxLength: ("MaxLengthConstraintComponent", _length_test(">")),
    SH.minInclusive: ("MinInclusiveConstraintComponent", _range_test(">=")),
    SH.maxInclusive: ("MaxInclusiveConstraintComponent", _range_test("<=")),
    SH.minExclusive: ("MinExclusiveConstraintComponent", _range_test(">")),
    SH.maxExclusive: ("MaxExclusiveConstraintComponent", _range_test("<")),
    SH["in"]: ("InConstraintComponent", _in_test),
    SH.languageIn: ("LanguageInConstraintComponent", _language_in_test),
    SH.node: ("NodeConstraintComponent", _node_test),
}
_RDF_TYPE = f"<{RDF.type}>"
_SUBCLASS_OF = f"<{RDFS.subClassOf}>"


def _sparql(term: Node) -> str:
    """``term`` written as SPARQL (N-Triples syntax, escaped by Oxigraph's serialiser)."""
    return str(to_oxigraph(term))


def _name(node: Node) -> str:
    return str(node) if isinstance(node, rdflib.URIRef) else "a shape"
