"""SHACL shapes compiled to SPARQL: validation where the data lives.

pySHACL walks an rdflib copy of the data in Python and runs every SPARQL-based constraint once
per focus node; at a hundred thousand statements that takes minutes. Here every constraint of
every shape becomes one SELECT query that returns only the nodes that violate it, and the store
answers it: Oxigraph in seconds for a million statements, or a remote endpoint without copying
its data.

The compiler knows every component of SHACL Core, SPARQL-based constraints (``sh:sparql``) and
SPARQL-based constraint components. A shape that uses a shape with ``sh:sparql`` or a custom
component inside ``sh:node``, ``sh:and`` and the like is refused with :class:`UnsupportedShape`,
never skipped. ``tests/test_w3c_shacl.py`` runs the W3C SHACL test suite through it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import rdflib
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from coalitiegraaf.errors import InputError
from coalitiegraaf.store import Store
from coalitiegraaf.store.sparql import insert_into_where, tokens
from coalitiegraaf.validation import prebinding
from coalitiegraaf.validation.shapes import (
    ComponentUse,
    ShapesGraph,
    SparqlConstraint,
    UnsupportedShape,
    Validator,
    describe,
)

_NODE_KINDS = {
    SH.IRI: "!isIRI({v})", SH.Literal: "!isLITERAL({v})", SH.BlankNode: "!isBLANK({v})",
    SH.BlankNodeOrIRI: "isLITERAL({v})", SH.BlankNodeOrLiteral: "isIRI({v})",
    SH.IRIOrLiteral: "isBLANK({v})",
}

__all__ = ["Result", "UnsupportedShape", "validate"]


class ValidationFailure(InputError):
    """A SPARQL-based constraint reported a failure (``?failure`` true): no report can be made."""


@dataclass(frozen=True)
class Result:
    """One validation result, as the SHACL specification defines it."""

    shape: Node
    component: str  # the local name of a SHACL Core component, or a custom component's IRI
    focus: Node
    severity: rdflib.URIRef
    path: Node | None = None
    value: Node | None = None
    constraint: Node | None = None
    # what a message template may name: {?value}, {$parameter}, the SELECT's variables
    bindings: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True)
class _Check:
    """A graph pattern that has a solution for each way ``focus`` violates one constraint."""

    shape: Node
    component: str
    pattern: str
    focus: str
    value: str | None = None  # the variable that holds the reported sh:value
    path: str | None = None  # a variable that holds the reported sh:resultPath (sh:closed)
    keys: tuple[str, ...] = ()  # further variables that tell results apart (sh:uniqueLang)
    test: str | None = None  # the pattern as a condition on the focus alone, where it is one
    # the pattern is asked without the targets first: it has a solution for each violation
    # with them too (see _Compiler._asked_alone)
    alone: bool = False


def validate(store: Store, shapes: rdflib.Graph | ShapesGraph) -> list[Result]:
    """Every result of validating ``store`` against ``shapes``, each query run by the store."""
    compiler = _Compiler(shapes if isinstance(shapes, ShapesGraph) else ShapesGraph(shapes), store)
    results: list[Result] = []
    for shape in compiler.shapes.targeted():
        targets = compiler.targets(shape)
        for check in compiler.checks(shape, "?this"):
            results += compiler.run_check(check, targets)
        results += compiler.run_sparql(shape, targets)
    return results


class _Compiler:
    def __init__(self, shapes: ShapesGraph, store: Store) -> None:
        self.shapes = shapes
        self.graph = shapes.graph
        self.store = store
        self._variables = itertools.count()
        self._nested = 0  # inside violates(): patterns there are evaluated within EXISTS

    # --- which focus nodes ------------------------------------------------------------------

    def targets(self, shape: Node) -> str:
        """A subquery that binds ``?this`` to each focus node of ``shape``, once."""
        classes = list(self.graph.objects(shape, SH.targetClass))
        if self.shapes.is_class(shape):  # an implicit class target
            classes.append(shape)
        patterns = [f"?this {_RDF_TYPE}/{_SUBCLASS_OF}* {self.term(c)} ." for c in classes]
        nodes = [self.term(n) for n in self.graph.objects(shape, SH.targetNode)]
        if nodes:
            patterns.append(f"VALUES ?this {{ {' '.join(sorted(nodes))} }}")
        patterns += [f"?this {self.term(p)} [] ." for p in self.graph.objects(shape, SH.targetSubjectsOf)]
        patterns += [f"[] {self.term(p)} ?this ." for p in self.graph.objects(shape, SH.targetObjectsOf)]
        union = " UNION ".join(f"{{ {p} }}" for p in sorted(patterns))
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    # --- constraints to graph patterns ------------------------------------------------------------

    def checks(self, shape: Node, focus: str) -> list[_Check]:
        """The checks of ``shape`` (and of its property shapes) on the node in ``focus``."""
        if self.shapes.deactivated(shape):
            return []
        path = self.graph.value(shape, SH.path)
        value = focus if path is None else self._variable()
        scope = _Scope(shape, focus, value, None if path is None else self.path(path))
        alone = self._asked_alone(scope, path)
        checks = [_Check(shape, component, pattern, focus, value, test=None if scope.reach() else test,
                         alone=alone)
                  for component, pattern, test in self._value_tests(scope)]
        checks += self._pair_checks(scope)
        checks += self._closed_checks(scope)
        if path is not None:
            checks += self._count_checks(scope)
        else:
            for node in sorted(self.graph.objects(shape, SH.hasValue), key=str):
                test = f"!sameTerm({focus}, {self.term(node)})"
                checks.append(_Check(shape, "HasValueConstraintComponent", f"FILTER ({test})", focus,
                                     test=test))
        for property_shape in sorted(self.graph.objects(shape, SH.property), key=str):
            # the value nodes of this shape are the focus nodes of its property shapes
            for check in self.checks(property_shape, value):
                if path is None:
                    checks.append(check)
                    continue
                # one result per way of reaching it: from each focus node of this shape
                checks.append(_Check(check.shape, check.component, f"{scope.reach()} {check.pattern}",
                                     check.focus, check.value, check.path, (*check.keys, focus)))
        return checks

    def _asked_alone(self, scope: _Scope, path: Node | None) -> bool:
        """Whether the value tests of ``scope`` are asked without the targets first: where they
        have no solution at all (data that conforms), they have none for a focus node, and
        finding a shape's focus nodes is most of a check's time (0.3 s for 137,783 nodes at a
        million statements, asked again by each check). So where the focus is the query's own
        and its values are reached through one property, which binds the focus itself (not a
        path that may take no step, ``ex:p*``: that reaches every focus node, even one in no
        statement). Only the tests of each value on its own: a check that compares a node's
        values with each other (sh:maxCount, sh:uniqueLang) can cost more over every node with
        the property than over a shape's few focus nodes."""
        return self._top_level(scope.focus) and isinstance(path, rdflib.URIRef)

    def _value_tests(self, scope: _Scope) -> Iterator[tuple[str, str, str]]:
        """(component, a pattern with a solution for each value node that violates it, a
        condition true when the value node violates it) for each constraint that tests each
        value node on its own."""
        for parameter, (component, test) in _VALUE_TESTS.items():
            for argument in sorted(self.graph.objects(scope.shape, parameter), key=str):
                condition = test(self, scope.shape, argument, scope.value)
                pattern = f"{scope.reach()} FILTER ({condition})"
                if parameter == SH["class"] and self._value_bound(scope):
                    # NOT EXISTS evaluates the class path once per value node (1.3 s for a check
                    # at a million statements); MINUS finds the class's instances once (0.5 s)
                    pattern = f"{scope.reach()} MINUS {{ {_instance_of(self, argument, scope.value)} }}"
                yield component, pattern, condition

    def _value_bound(self, scope: _Scope) -> bool:
        """Whether the value variable is bound in every solution of the patterns before a check
        of ``scope`` (the targets and the paths from them), where MINUS on a pattern that binds
        it means the same as FILTER NOT EXISTS. Inside EXISTS (a nested shape) it is bound from
        outside the pattern: there MINUS would share no variable and remove nothing."""
        return not self._nested and (scope.path is not None or self._top_level(scope.focus))

    def _pair_checks(self, scope: _Scope) -> list[_Check]:
        """sh:equals, sh:disjoint, sh:lessThan and sh:lessThanOrEquals: the value nodes against
        the focus node's values of another property."""
        checks = []
        f, v, shape = scope.focus, scope.value, scope.shape
        for other in sorted(self.graph.objects(shape, SH.equals), key=str):
            x = self._variable()
            # a value node that is not a value of the other property, and the other way round
            checks.append(_Check(shape, "EqualsConstraintComponent",
                                 f"{scope.reach()} FILTER NOT EXISTS {{ {f} {self.term(other)} {v} }}", f, v))
            checks.append(_Check(shape, "EqualsConstraintComponent", f"{f} {self.term(other)} {x} . "
                                 f"FILTER NOT EXISTS {{ {scope.reach(x, bound=True)} }}", f, x))
        for other in sorted(self.graph.objects(shape, SH.disjoint), key=str):
            checks.append(_Check(shape, "DisjointConstraintComponent",
                                 f"{scope.reach()} {f} {self.term(other)} {v} .", f, v))
        for parameter, component, operator in (
                (SH.lessThan, "LessThanConstraintComponent", "<"),
                (SH.lessThanOrEquals, "LessThanOrEqualsConstraintComponent", "<=")):
            for other in sorted(self.graph.objects(shape, parameter), key=str):
                w = self._variable()
                checks.append(_Check(shape, component, f"{scope.reach()} {f} {self.term(other)} {w} . "
                                     f"FILTER (!COALESCE({self.compare(v, operator, w)}, false))",
                                     f, v, keys=(w,)))
        return checks

    def _closed_checks(self, scope: _Scope) -> list[_Check]:
        if self.graph.value(scope.shape, SH.closed) != rdflib.Literal(True):
            return []
        allowed = {p for s in self.graph.objects(scope.shape, SH.property)
                   if isinstance(p := self.graph.value(s, SH.path), rdflib.URIRef)}
        for ignored in self.graph.objects(scope.shape, SH.ignoredProperties):
            allowed |= set(self.shapes.list(ignored))
        predicate, thing = self._variable(), self._variable()
        others = ", ".join(self.term(p) for p in sorted(allowed, key=str))
        condition = f" FILTER ({predicate} NOT IN ({others}))" if others else ""
        return [_Check(scope.shape, "ClosedConstraintComponent",
                       f"{scope.reach()} {scope.value} {predicate} {thing} .{condition}",
                       scope.focus, thing, path=predicate)]

    def _count_checks(self, scope: _Scope) -> list[_Check]:
        """Checks on the value nodes together: counts, required values, unique languages."""
        shape, focus, path = scope.shape, scope.focus, scope.path
        value = self.graph.value
        checks = []
        if (count := value(shape, SH.minCount)) is not None and int(count) > 0:
            checks.append(_Check(shape, "MinCountConstraintComponent",
                                 self._none(self._distinct_values(focus, path, int(count))), focus))
        if (count := value(shape, SH.maxCount)) is not None:
            test = f"EXISTS {{ {self._distinct_values(focus, path, int(count) + 1)} }}"
            checks.append(_Check(shape, "MaxCountConstraintComponent", f"FILTER {test}", focus, test=test))
        for node in self.graph.objects(shape, SH.hasValue):
            checks.append(_Check(shape, "HasValueConstraintComponent",
                                 self._none(f"{focus} {path} {self.term(node)} ."), focus))
        if value(shape, SH.uniqueLang) == rdflib.Literal(True):
            first, second, language = self._variable(), self._variable(), self._variable()
            checks.append(_Check(shape, "UniqueLangConstraintComponent", (
                f"{focus} {path} {first}, {second} . FILTER (!sameTerm({first}, {second}) && "
                f"LANG({first}) != \"\" && LCASE(LANG({first})) = LCASE(LANG({second}))) "
                f"BIND (LCASE(LANG({first})) AS {language})"), focus, keys=(language,)))
        if (qualified := value(shape, SH.qualifiedValueShape)) is not None:
            checks += self._qualified_checks(shape, qualified, focus, path)
        return checks

    def _qualified_checks(self, shape: Node, qualified: Node, focus: str, path: str) -> list[_Check]:
        siblings = []
        if self.graph.value(shape, SH.qualifiedValueShapesDisjoint) == rdflib.Literal(True):
            parents = self.graph.subjects(SH.property, shape)
            siblings = sorted({q for parent in parents for sibling in self.graph.objects(parent, SH.property)
                               if sibling != shape and
                               (q := self.graph.value(sibling, SH.qualifiedValueShape)) is not None}, key=str)
        checks = []
        for parameter, component, offset in (
                (SH.qualifiedMinCount, "QualifiedMinCountConstraintComponent", 0),
                (SH.qualifiedMaxCount, "QualifiedMaxCountConstraintComponent", 1)):
            count = self.graph.value(shape, parameter)
            if count is None or int(count) + offset == 0:
                continue

            def conforms(v: str) -> str:
                return (f"!{self.violates(qualified, v)}"
                        + "".join(f" && {self.violates(sibling, v)}" for sibling in siblings))

            if self._top_level(focus) and int(count) + offset > 1:  # each value tested once, then counted
                value, counted = self._variable(), self._variable()
                # the targets once, inside the count: the check binds ?this itself (run_check)
                reach = f"?this {path} {value} . FILTER ({conforms(value)})"
                if offset == 0:  # a focus node without conforming values is counted too, as 0
                    reach = f"OPTIONAL {{ {reach} }}"
                operator = "<" if offset == 0 else ">"
                pattern = (f"{{ SELECT ?this (COUNT(DISTINCT {value}) AS {counted}) WHERE {{ {_TARGETS} "
                           f"{reach} }} GROUP BY ?this }} FILTER ({counted} {operator} {count})")
                checks.append(_Check(shape, component, pattern, focus))
                continue
            variables = [self._variable() for _ in range(int(count) + offset)]
            tests = " ".join(f"FILTER ({conforms(v)})" for v in variables)
            pattern = f"{self._distinct_values(focus, path, len(variables), variables)} {tests}"
            if offset == 0:
                checks.append(_Check(shape, component, self._none(pattern), focus))
            else:
                test = f"EXISTS {{ {pattern} }}"
                checks.append(_Check(shape, component, f"FILTER {test}", focus, test=test))
        return checks

    def _none(self, pattern: str) -> str:
        """A pattern with a solution when ``pattern`` has none for the focus node.

        NOT EXISTS is SHACL's own reading (the pattern asked with the focus node in it) and
        means the same inside EXISTS (a nested shape); Oxigraph 0.5 answers it in a fifth less
        time than OPTIONAL and !BOUND (0.41 s against 0.55 s for a check of 137,784 focus nodes
        at a million statements). Not MINUS: evaluated alone, a zero-length path (``ex:p*``)
        from an unbound ``?this`` reaches only the nodes of the data, not a sh:targetNode that
        is in no statement."""
        return f"FILTER NOT EXISTS {{ {pattern} }}"

    def _top_level(self, focus: str) -> bool:
        """Whether ``focus`` is the query's own ``?this``, bound by the targets before the check
        (not a node bound from outside an EXISTS)."""
        return focus == "?this" and not self._nested

    def _distinct_values(self, focus: str, path: str, count: int,
                         variables: list[str] | None = None) -> str:
        """A pattern with a solution when ``focus`` has at least ``count`` distinct values."""
        variables = variables or [self._variable() for _ in range(count)]
        reach = " ".join(f"{focus} {path} {v} ." for v in variables)
        different = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(variables, 2))
        return reach + (f" FILTER ({different})" if different else "")

    def violates(self, shape: Node, node: str) -> str:
        """A SPARQL expression: true when the node in ``node`` does not conform to ``shape``."""
        if self._has_sparql(shape):
            raise UnsupportedShape(f"{describe(shape)}: a shape with SPARQL-based constraints or custom "
                                   "components inside sh:node, sh:not, sh:and, sh:or, sh:xone or a "
                                   "qualified value shape is not supported by the compiled engine "
                                   "(use --engine pyshacl)")
        self._nested += 1
        try:
            checks = self.checks(shape, node)
        finally:
            self._nested -= 1
        if not checks:
            return "false"
        return "(" + " || ".join(c.test or f"EXISTS {{ {c.pattern} }}" for c in checks) + ")"

    def path(self, node: Node) -> str:
        """``node``, a SHACL property path, as a SPARQL property path."""
        return sparql_path(self.graph, node)

    # --- terms and values ---------------------------------------------------------------------------

    def term(self, node: Node) -> str:
        """``node`` written in a query so that it matches the same term in the store."""
        return self.store.written(node)

    def lexical(self, v: str) -> str:
        """An expression for the lexical form of the literal (or the IRI) in ``v``."""
        return self.store.lexical_expression(v)

    def compare(self, a: str, operator: str, b: str) -> str:
        """An expression that compares the terms in ``a`` and ``b`` as SPARQL compares values:
        an error where they cannot be compared."""
        return self.store.comparison(a, operator, b)

    # --- running ---------------------------------------------------------------------------------

    def run_check(self, check: _Check, targets: str) -> Iterator[Result]:
        if check.alone and not self.store.query_own(f"ASK {{ {check.pattern} }}").boolean:
            return
        columns = [check.focus, *(c for c in (check.value, check.path) if c), *check.keys]
        selected = " ".join(dict.fromkeys(columns))
        pattern = check.pattern.replace(_TARGETS, targets)
        if _TARGETS not in check.pattern:  # a pattern that names the targets binds ?this itself
            pattern = f"{targets} {pattern}"
        query = f"SELECT DISTINCT {selected} WHERE {{ {pattern} }}"
        path = self.graph.value(check.shape, SH.path)
        severity = self.shapes.severity(check.shape)
        result = self.store.query_own(query)
        column = {f"?{name}": i for i, name in enumerate(result.variables)}
        for row in result.rows:
            yield Result(check.shape, check.component, row[column[check.focus]], severity,
                         row[column[check.path]] if check.path else path,
                         row[column[check.value]] if check.value else None)

    def run_sparql(self, shape: Node, targets: str) -> list[Result]:
        """The results of the SPARQL-based constraints and custom components of ``shape`` and
        of its property shapes, whose focus nodes are ``shape``'s value nodes."""
        if self.shapes.deactivated(shape):
            return []
        path = self.graph.value(shape, SH.path)
        results = []
        for constraint in self.shapes.sparql_constraints(shape):
            results += self._select(shape, constraint.select, constraint.prefixes, targets, path,
                                    "SPARQLConstraintComponent", constraint)
        for use in self.shapes.component_uses(shape):
            results += self._component(use, targets, path)
        values = targets if path is None else (
            f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?focus) WHERE {{ {targets} }} }} "
            f"?focus {self.path(path)} ?this }} }}")
        for property_shape in sorted(self.graph.objects(shape, SH.property), key=str):
            results += self.run_sparql(property_shape, values)
        return results

    def _has_sparql(self, shape: Node) -> bool:
        """Whether ``shape`` or one of its property shapes has SPARQL-based constraints or
        uses a custom component."""
        if self.graph.value(shape, SH.sparql) is not None or self.shapes.component_uses(shape):
            return True
        return any(self._has_sparql(p) for p in self.graph.objects(shape, SH.property))

    def _component(self, use: ComponentUse, targets: str, path: Node | None) -> list[Result]:
        component = use.component
        specific = component.node_validator if path is None else component.property_validator
        validator = specific or component.validator
        if validator is None:
            kind = "node" if path is None else "property"
            raise UnsupportedShape(f"{describe(use.shape)}: the component {describe(component.node)} has "
                                   f"no validator for {kind} shapes")
        if validator.kind == "select":
            if specific is None:
                raise UnsupportedShape(f"{describe(component.node)}: a SELECT validator must be a node or "
                                       "property validator")
            return self._select(use.shape, validator.query, validator.prefixes, targets, path,
                                str(component.node), None, use.arguments)
        return self._ask(use, validator, targets, path)

    def _select(self, shape: Node, query: str, prefixes: dict[str, str], targets: str, path: Node | None,
                component: str, constraint: SparqlConstraint | None,
                arguments: dict[str, Node] | None = None) -> list[Result]:
        """Run a SELECT-based constraint or validator with ``$this`` pre-bound to each focus node."""
        if path is not None:
            query = prebinding.substitute_path(query, self.path(path))
        constants = {**(arguments or {}), **self._current_shape(query, shape)}
        query = prebinding.substitute(query, constants, self.term)
        severity = self.shapes.severity(shape)
        results = []
        for focus, row in self._prebound_rows(query, prefixes, targets):
            if row.get("failure") == rdflib.Literal(True):
                raise ValidationFailure(f"{describe(shape)}: a SPARQL-based constraint reported a failure "
                                        f"for the focus node {focus.n3()}")
            value = row.get("value", focus if path is None else None)
            reported_path = row.get("path") if isinstance(row.get("path"), rdflib.URIRef) else path
            bindings = tuple(sorted({**{k: v for k, v in row.items() if v is not None},
                                     **{k: v for k, v in (arguments or {}).items()}}.items()))
            results.append(Result(shape, component, focus, severity, reported_path, value,
                                  None if constraint is None else constraint.node, bindings))
        return results

    def _ask(self, use: ComponentUse, validator: Validator, targets: str, path: Node | None) -> list[Result]:
        """Run an ASK validator for each value node: a result where it answers false."""
        constants = {**use.arguments, **self._current_shape(validator.query, use.shape)}
        body = _group_of(prebinding.substitute(validator.query, constants, self.term))
        if path is None:  # the value node of a node shape is its focus node
            query = f"SELECT ?this WHERE {{ FILTER NOT EXISTS {prebinding.rename(body, 'value', 'this')} }}"
            variables, reach = ("this",), ""
        else:
            reach = f"?this {self.path(path)} ?value ."
            query = f"SELECT ?this ?value WHERE {{ {reach} FILTER NOT EXISTS {body} }}"
            variables = ("this", "value")
        severity = self.shapes.severity(use.shape)
        results = []
        for focus, row in self._prebound_rows(query, validator.prefixes, targets, variables, reach):
            value = row.get("value", focus)
            results.append(Result(use.shape, str(use.component.node), focus, severity, path, value, None,
                                  tuple(sorted({**use.arguments, "value": value}.items()))))
        return results

    def _prebound_rows(self, query: str, prefixes: dict[str, str], targets: str,
                       variables: tuple[str, ...] = ("this",), reach: str = "",
                       ) -> Iterator[tuple[Node, dict[str, Node]]]:
        """(focus node, solution) for ``query`` with ``variables`` pre-bound: by one join with
        the targets where that gives the same answers, else by substitution per focus node
        (and value node, which ``reach`` binds)."""
        header = prebinding.prologue(prefixes)
        if prebinding.join_safe(query, prefixes, set(variables)):
            result = self.store.query_own(header + insert_into_where(query, targets))
            if "this" in result.variables:
                for row in result.rows:
                    solution = {k: v for k, v in zip(result.variables, row, strict=True) if v is not None}
                    yield solution["this"], solution
                return
        bindings = self.store.query_own(f"SELECT DISTINCT {' '.join('?' + v for v in variables)} "
                                        f"WHERE {{ {targets} {reach} }}")
        for binding in bindings.rows:
            prebound = dict(zip(bindings.variables, binding, strict=True))
            result = self.store.query_own(header + prebinding.substitute(query, prebound, self.term))
            for row in result.rows:
                solution = {k: v for k, v in zip(result.variables, row, strict=True) if v is not None}
                yield prebound["this"], {**solution, **prebound}

    def _current_shape(self, query: str, shape: Node) -> dict[str, Node]:
        if "currentShape" not in prebinding.variable_names(query):
            return {}
        if isinstance(shape, rdflib.BNode):
            raise UnsupportedShape("$currentShape of a blank-node shape cannot be named in a query")
        return {"currentShape": shape}

    # --- small things ------------------------------------------------------------------------

    def _variable(self) -> str:
        return f"?v{next(self._variables)}"


@dataclass(frozen=True)
class _Scope:
    """Where a shape's constraints apply: its focus node and how each value node is reached."""

    shape: Node
    focus: str
    value: str
    path: str | None  # None for a node shape: its value node is the focus node

    def reach(self, value: str | None = None, bound: bool = False) -> str:
        """A pattern that binds ``value`` (the scope's value variable) to each value node; with
        ``bound``, one that tests an already bound ``value``."""
        value = value or self.value
        if self.path is None:
            if value == self.focus:
                return ""
            return f"FILTER (sameTerm({value}, {self.focus}))" if bound else f"BIND ({self.focus} AS {value})"
        return f"{self.focus} {self.path} {value} ."


def sparql_path(graph: rdflib.Graph, node: Node) -> str:
    """``node``, a SHACL property path in ``graph``, as a SPARQL property path."""
    kind, inner = path_parts(graph, node)
    if kind == "iri":
        from coalitiegraaf.store.terms import to_oxigraph

        return str(to_oxigraph(node))
    if kind == "sequence":
        return "(" + "/".join(sparql_path(graph, p) for p in inner) + ")"
    if kind == "alternative":
        return "(" + "|".join(sparql_path(graph, p) for p in inner) + ")"
    written = sparql_path(graph, inner[0])
    if not isinstance(inner[0], rdflib.URIRef):
        written = f"({written})"
    return f"^{written}" if kind == "inverse" else f"{written}{_OPERATORS[kind]}"


def path_triples(graph: rdflib.Graph, node: Node) -> Iterator[tuple[Node, Node, Node]]:
    """The statements that make ``node`` the path it is read as: what a report copies of it."""
    kind, inner = path_parts(graph, node)
    if kind in ("sequence", "alternative"):
        current = node
        if kind == "alternative":
            current = graph.value(node, SH.alternativePath)
            yield node, SH.alternativePath, current
        for member in inner:
            rest = graph.value(current, RDF.rest)
            yield from ((current, RDF.first, member), (current, RDF.rest, rest))
            yield from path_triples(graph, member)
            current = rest
    elif kind != "iri":
        yield node, _PATH_PREDICATES[kind], inner[0]
        yield from path_triples(graph, inner[0])


def path_parts(graph: rdflib.Graph, node: Node) -> tuple[str, list[Node]]:
    """What kind of SHACL path ``node`` is, and the paths it is made of. A node that is a
    list and has another path predicate too is read as the list (the W3C tests' "strange
    paths")."""
    from rdflib.collection import Collection

    if isinstance(node, rdflib.URIRef):
        return "iri", []
    if (node, RDF.first, None) in graph:
        return "sequence", list(Collection(graph, node))
    if (members := graph.value(node, SH.alternativePath)) is not None:
        return "alternative", list(Collection(graph, members))
    for kind, predicate in _PATH_PREDICATES.items():
        if (inner := graph.value(node, predicate)) is not None:
            return kind, [inner]
    raise UnsupportedShape(f"{describe(node)} is not a SHACL property path")


_PATH_PREDICATES = {"inverse": SH.inversePath, "oneOrMore": SH.oneOrMorePath,
                    "zeroOrMore": SH.zeroOrMorePath, "zeroOrOne": SH.zeroOrOnePath}
_OPERATORS = {"oneOrMore": "+", "zeroOrMore": "*", "zeroOrOne": "?"}


def _group_of(query: str) -> str:
    """The group pattern of an ASK query: from its first brace to the last."""
    start = next(offset for offset, token in tokens(query) if token == "{")
    return query[start:query.rindex("}") + 1]


# --- value tests: (compiler, shape, argument, value variable) -> violation condition ----------

def _class_test(compiler: _Compiler, shape: Node, cls: Node, v: str) -> str:
    return f"NOT EXISTS {{ {_instance_of(compiler, cls, v)} }}"


def _instance_of(compiler: _Compiler, cls: Node, v: str) -> str:
    """A pattern that matches when the node in ``v`` is a SHACL instance of ``cls``. It binds
    no variable but ``v``, and only to subjects of rdf:type (the path has no zero-length
    step): evaluated alone, it matches the same nodes as with ``v`` bound beforehand."""
    return f"{v} {_RDF_TYPE}/{_SUBCLASS_OF}* {compiler.term(cls)}"


def _datatype_test(compiler: _Compiler, shape: Node, datatype: Node, v: str) -> str:
    wellformed = _well_formed(datatype, compiler.lexical(v))
    return (f"!(isLITERAL({v}) && sameTerm(DATATYPE({v}), {compiler.term(datatype)})"
            + (f" && {wellformed}" if wellformed else "") + ")")


def _node_kind_test(compiler: _Compiler, shape: Node, kind: Node, v: str) -> str:
    if kind not in _NODE_KINDS:
        raise UnsupportedShape(f"{describe(kind)} is not a SHACL node kind")
    return _NODE_KINDS[kind].format(v=v)


def _pattern_test(compiler: _Compiler, shape: Node, pattern: Node, v: str) -> str:
    flags = compiler.graph.value(shape, SH.flags)
    arguments = f"{_string(pattern)}" + (f", {_string(flags)}" if flags is not None else "")
    return f"isBLANK({v}) || !REGEX({compiler.lexical(v)}, {arguments})"


def _length_test(operator: str) -> Callable[[_Compiler, Node, Node, str], str]:
    return lambda compiler, shape, length, v: (f"isBLANK({v}) || "
                                               f"STRLEN({compiler.lexical(v)}) {operator} {int(length)}")


def _range_test(operator: str) -> Callable[[_Compiler, Node, Node, str], str]:
    # a value that cannot be compared (a string against a number) violates the constraint
    def test(compiler: _Compiler, shape: Node, bound: Node, v: str) -> str:
        return f"!COALESCE({compiler.compare(v, operator, compiler.term(bound))}, false)"

    return test


def _in_test(compiler: _Compiler, shape: Node, members: Node, v: str) -> str:
    same = " || ".join(f"sameTerm({v}, {compiler.term(m)})" for m in compiler.shapes.list(members))
    return f"!({same or 'false'})"


def _language_in_test(compiler: _Compiler, shape: Node, languages: Node, v: str) -> str:
    matches = " || ".join(f"langMatches(LANG({v}), {_string(t)})" for t in compiler.shapes.list(languages))
    return f"!(isLITERAL({v}) && ({matches or 'false'}))"


def _node_test(compiler: _Compiler, shape: Node, node_shape: Node, v: str) -> str:
    return compiler.violates(node_shape, v)


def _not_test(compiler: _Compiler, shape: Node, negated: Node, v: str) -> str:
    return f"!{compiler.violates(negated, v)}"


def _and_test(compiler: _Compiler, shape: Node, members: Node, v: str) -> str:
    violated = " || ".join(compiler.violates(m, v) for m in compiler.shapes.list(members))
    return f"({violated or 'false'})"


def _or_test(compiler: _Compiler, shape: Node, members: Node, v: str) -> str:
    return "(" + (" && ".join(compiler.violates(m, v) for m in compiler.shapes.list(members)) or "true") + ")"


def _xone_test(compiler: _Compiler, shape: Node, members: Node, v: str) -> str:
    conforming = " + ".join(f"IF({compiler.violates(m, v)}, 0, 1)" for m in compiler.shapes.list(members))
    return f"({conforming or '0'}) != 1"


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
    SH["not"]: ("NotConstraintComponent", _not_test),
    SH["and"]: ("AndConstraintComponent", _and_test),
    SH["or"]: ("OrConstraintComponent", _or_test),
    SH.xone: ("XoneConstraintComponent", _xone_test),
}
_RDF_TYPE = f"<{RDF.type}>"
_TARGETS = "{ __targets__ }"  # stands for the focus nodes' subquery inside a check's own pattern
_SUBCLASS_OF = f"<{RDFS.subClassOf}>"


def _string(literal: Node) -> str:
    from coalitiegraaf.store.terms import to_oxigraph

    return str(to_oxigraph(rdflib.Literal(str(literal))))


# --- well-formed lexical forms, as XML Schema defines them ----------------------------------

_INTEGER = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)"
_TIMEZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?|24:00:00(\\.0+)?)"
_DATE = rf"{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_DURATION = r"-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?"
_DAY_TIME_DURATION = r"-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?"
# a duration names at least one part, and a T at least one part of the day
_EMPTY_DURATION = r"^-?P$|T$"
_LEXICAL = {
    XSD.integer: _INTEGER, XSD.decimal: _DECIMAL,
    XSD.double: rf"({_DECIMAL}([eE][+-]?[0-9]+)?|[+-]?INF|NaN)",
    XSD.float: rf"({_DECIMAL}([eE][+-]?[0-9]+)?|[+-]?INF|NaN)",
    XSD.boolean: r"(true|false|1|0)",
    XSD.date: _DATE + _TIMEZONE, XSD.dateTime: f"{_DATE}T{_TIME}{_TIMEZONE}",
    XSD.dateTimeStamp: f"{_DATE}T{_TIME}(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))",
    XSD.time: _TIME + _TIMEZONE, XSD.gYear: _YEAR + _TIMEZONE,
    XSD.gYearMonth: f"{_YEAR}-(0[1-9]|1[0-2]){_TIMEZONE}", XSD.gMonth: f"--(0[1-9]|1[0-2]){_TIMEZONE}",
    XSD.gDay: f"---(0[1-9]|[12][0-9]|3[01]){_TIMEZONE}",
    XSD.gMonthDay: f"--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]){_TIMEZONE}",
    XSD.duration: _DURATION, XSD.dayTimeDuration: _DAY_TIME_DURATION,
    XSD.yearMonthDuration: r"-?P([0-9]+Y)?([0-9]+M)?",
    XSD.hexBinary: r"([0-9a-fA-F]{2})*",
    XSD.base64Binary: r"(([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}"
                      r"[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?",
    XSD.language: r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    XSD.normalizedString: r"[^\\r\\n\\t]*", XSD.token: r"([^\\s]+( [^\\s]+)*)?",
}
# the integer types XML Schema derives by range: (lowest, highest), None for unbounded
_INTEGER_RANGES = {
    XSD.long: (-2**63, 2**63 - 1), XSD.int: (-2**31, 2**31 - 1), XSD.short: (-2**15, 2**15 - 1),
    XSD.byte: (-128, 127), XSD.unsignedLong: (0, 2**64 - 1), XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1), XSD.unsignedByte: (0, 255), XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None), XSD.nonPositiveInteger: (None, 0), XSD.negativeInteger: (None, -1),
}


def _well_formed(datatype: Node, lexical: str) -> str:
    """A condition on the lexical form in ``lexical``: true when it is in ``datatype``'s
    lexical space (and, for dates, names a day that exists); empty for other datatypes."""
    if datatype in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[datatype]
        bounds = [f"xsd:integer({lexical}) >= {low}" if low is not None else "",
                  f"xsd:integer({lexical}) <= {high}" if high is not None else ""]
        conditions = [f'REGEX({lexical}, "^{_INTEGER}$")', *(b for b in bounds if b)]
        return "(" + " && ".join(c.replace("xsd:integer", f"<{XSD.integer}>") for c in conditions) + ")"
    pattern = _LEXICAL.get(datatype)
    if pattern is None:
        return ""
    condition = f'REGEX({lexical}, "^{pattern}$")'
    if datatype in (XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration):
        condition = f'({condition} && !REGEX({lexical}, "{_EMPTY_DURATION}"))'
    if datatype in (XSD.date, XSD.dateTime, XSD.dateTimeStamp):
        condition = f"({condition} && {_day_exists(lexical)})"
    return condition


def well_formed(literal: rdflib.Literal) -> bool | None:
    """Whether ``literal``'s lexical form is in its datatype's lexical space, by the same
    rules as the compiled sh:datatype; None for a datatype without rules here."""
    import pyoxigraph as ox

    condition = _well_formed(literal.datatype, _string(rdflib.Literal(str(literal))))
    if not condition:
        return None
    answer = ox.Store().query(f"ASK {{ FILTER ({condition}) }}")
    return bool(answer)


def _day_exists(lexical: str) -> str:
    """The day of a date's lexical form exists in its month (30 February does not)."""
    def part(pattern: str) -> str:
        return f'<{XSD.integer}>(REPLACE({lexical}, "{pattern}", "$1"))'

    year, month = part("^-?([0-9]+)-.*$"), part("^-?[0-9]+-([0-9]{2})-.*$")
    day = part("^-?[0-9]+-[0-9]{2}-([0-9]{2}).*$")
    leap = (f"(({year} - FLOOR({year} / 4) * 4 = 0 && {year} - FLOOR({year} / 100) * 100 != 0)"
            f" || {year} - FLOOR({year} / 400) * 400 = 0)")
    return f"({day} <= IF({month} = 2, IF({leap}, 29, 28), IF({month} IN (4, 6, 9, 11), 30, 31)))"
