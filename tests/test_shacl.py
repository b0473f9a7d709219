"""The shapes compiled to SPARQL (coalitiegraaf.validation.shacl) find what pySHACL finds, except where
pySHACL breaks the SPARQL specification; each such case is named here.

Generated federations are compared in test_generate.py.
"""

from __future__ import annotations

import pytest
import rdflib

from coalitiegraaf.project import load
from coalitiegraaf.validation.validator import _pyshacl_results, shacl, validate
from tests.conftest import FIXTURES

EX = "https://example.org/"

# rdflib compares an xsd:date with a plain string (both "2023-05-01"^^xsd:date and
# "2025-01-01"^^xsd:date come out smaller than "2024-01-01"); SPARQL 1.1 defines no such
# comparison, so the FILTER is an error and the row is dropped (ex:SparqlShape in the fixture).
PYSHACL_WRONG = {
    ("SPARQLConstraintComponent", "bad", "2025-01-01"),
    ("SPARQLConstraintComponent", "good", "2023-05-01"),
}


def _key(result: shacl.Result) -> tuple[str, str, str | None]:
    value = None if result.value is None else str(result.value).removeprefix(EX)
    if isinstance(result.value, rdflib.BNode):
        value = "_:blank"
    return result.component, str(result.focus).removeprefix(EX), value


@pytest.fixture(scope="module")
def corners():
    store = load([FIXTURES / "shacl" / "data.ttl"], include_shipped=False)
    shapes = rdflib.Graph().parse(FIXTURES / "shacl" / "shapes.ttl")
    return {engine: {_key(r) for r in run(store, shapes)}
            for engine, run in (("pyshacl", _pyshacl_results), ("sparql", shacl.validate))}


def test_the_compiled_shapes_find_what_pyshacl_finds_in_the_corners_of_shacl_core(corners):
    assert corners["sparql"] == corners["pyshacl"] - PYSHACL_WRONG
    assert corners["pyshacl"] >= PYSHACL_WRONG


@pytest.mark.parametrize("expected", [
    ("DatatypeConstraintComponent", "bad", "abc"),  # ill-typed: kept as written, then reported
    ("DatatypeConstraintComponent", "bad", "5"),  # an xsd:decimal is not an xsd:integer
    ("MinInclusiveConstraintComponent", "bad", "abc"),  # not comparable: a violation
    ("MaxExclusiveConstraintComponent", "bad", "2023-05-01"),  # a string is not a date
    ("InConstraintComponent", "bad", "1"),  # sh:in compares terms: "1" is not 1
    ("InConstraintComponent", "bad", "a"),  # "a"@en is not "a"
    ("UniqueLangConstraintComponent", "bad", None),
    ("LanguageInConstraintComponent", "bad", "drie"),
    ("PatternConstraintComponent", "bad", "_:blank"),  # a blank node never matches a pattern
    ("NodeConstraintComponent", "bad", "unlabelled"),  # nested shape: no ex:label
    ("NodeConstraintComponent", "bad", "literal"),  # nested shape: not an IRI
    ("MinCountConstraintComponent", "bad", None),  # the sequence path ex:p/ex:q reaches nothing
    ("MaxCountConstraintComponent", "bad", None),  # ex:p|ex:r reaches three nodes
    ("HasValueConstraintComponent", "bad", None),  # ex:parent* never reaches ex:root
    ("QualifiedMaxCountConstraintComponent", "bad", None),  # three ex:Good parts, subclass included
    ("MaxCountConstraintComponent", "target", None),  # two nodes link to it (inverse path)
    ("HasValueConstraintComponent", "other", None),  # sh:targetNode, sh:hasValue on a node shape
])
def test_each_corner_is_found(corners, expected):
    assert expected in corners["sparql"]


def test_what_conforms_is_not_reported(corners):
    assert not {key for key in corners["sparql"] if key[1] in ("good", "special", "g1", "g2")}


def test_both_engines_agree_on_the_letter():
    store = load(store="oxigraph")
    assert validate(store, engine="sparql").findings == validate(store, engine="pyshacl").findings


def test_both_engines_agree_on_the_broken_fixture():
    store = load([FIXTURES / "shapes" / "broken.ttl"], include_shipped=False)
    compiled = validate(store, engine="sparql")
    assert compiled.findings == validate(store, engine="pyshacl").findings
    assert compiled.counts()["violation"] == 30


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
def test_a_feature_neither_engine_implements_is_refused_by_name_not_skipped(memory_store, engine):
    # a SPARQL-based target (SHACL Advanced Features): pySHACL would skip it without a word
    shapes = rdflib.Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <{EX}Everything> a sh:NodeShape ; sh:nodeKind sh:IRI ;
            sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE {{ ?this ?p ?o }}" ] .""",
                                  format="turtle")
    with pytest.raises(shacl.UnsupportedShape, match="sh:target is not supported"):
        validate(memory_store, engine=engine, shapes=shapes)


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
def test_a_custom_component_is_run_not_skipped(memory_store, engine):
    # its parameter is outside the sh: namespace: the compiled engine used to skip it silently
    shapes = rdflib.Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <{EX}> .
        ex:NoLabel a sh:ConstraintComponent ;
            sh:parameter [ sh:path ex:forbidden ] ;
            sh:validator [ a sh:SPARQLAskValidator ;
                sh:ask "ASK {{ FILTER NOT EXISTS {{ $value ?p $forbidden }} }}" ] .
        ex:CoalitionShape a sh:NodeShape ;
            sh:targetClass <https://w3id.org/coalitiegraaf/def#Coalition> ;
            ex:forbidden "Coalitie digitale ethiek"@nl .""", format="turtle")
    report = validate(memory_store, engine=engine, shapes=shapes)
    assert [(r.component, str(r.focus)) for r in report.results] == [
        (f"{EX}NoLabel", "https://w3id.org/coalitiegraaf/id/coalition/digitale-ethiek")]
    assert not report.conforms()


def test_an_unknown_engine_is_an_input_error(memory_store):
    from coalitiegraaf.errors import InputError

    with pytest.raises(InputError, match="validatie-engine 'jena' bestaat niet"):
        validate(memory_store, engine="jena")


# the forms the compiler chooses for speed (MINUS for sh:class on bound value nodes, NOT EXISTS
# for a missing value, a qualified count with the targets inside it) against pySHACL, on both stores
_REWRITTEN_SHAPES = f"""
    @prefix sh: <http://www.w3.org/ns/shacl#> .
    @prefix ex: <{EX}> .
    ex:Part a sh:NodeShape ; sh:targetClass ex:Whole ;
        sh:class ex:Thing ;
        sh:property [ sh:path ex:part ; sh:class ex:Thing ;
                      sh:property [ sh:path ex:sub ; sh:class ex:Thing ] ] ,
                    [ sh:path ex:good ; sh:qualifiedValueShape [ sh:class ex:Good ] ;
                      sh:qualifiedMinCount 2 ; sh:qualifiedMaxCount 2 ] ,
                    [ sh:path ex:needed ; sh:minCount 1 ] .
    ex:Absent a sh:NodeShape ; sh:targetNode ex:nowhere, ex:w1 ;
        sh:property [ sh:path ex:link ; sh:hasValue ex:w2 ] ."""

_REWRITTEN_DATA = f"""
    @prefix ex: <{EX}> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ex:Whole rdfs:subClassOf ex:Thing .
    ex:Special rdfs:subClassOf ex:Good .
    ex:w1 a ex:Whole ; ex:part ex:t1, ex:loose, "a literal" ; ex:needed 1 ;
        ex:good ex:g1, ex:g2 ; ex:link ex:w2 .
    ex:w2 a ex:Whole ; ex:part ex:t1 ; ex:good ex:g1, ex:s1, ex:g2, ex:loose .
    ex:w3 a ex:Whole ; ex:needed 2 ; ex:good ex:loose .
    ex:w4 a ex:Whole ; ex:needed 3 .
    ex:t1 a ex:Thing ; ex:sub ex:t1, ex:loose .
    ex:g1 a ex:Good . ex:g2 a ex:Good . ex:s1 a ex:Special ."""


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_the_rewritten_checks_find_what_pyshacl_finds(tmp_path, kind):
    data = tmp_path / "data.ttl"
    data.write_text(_REWRITTEN_DATA, encoding="utf-8")
    store = load([data], store=kind, include_shipped=False, standalone=True)
    shapes = rdflib.Graph().parse(data=_REWRITTEN_SHAPES, format="turtle")
    compiled = {_key(r) for r in shacl.validate(store, shapes)}
    assert compiled == {_key(r) for r in _pyshacl_results(store, shapes)}
    assert compiled == {
        ("ClassConstraintComponent", "w1", "loose"), ("ClassConstraintComponent", "w1", "a literal"),
        ("ClassConstraintComponent", "t1", "loose"),  # the nested property shape: ex:t1 ex:sub ex:loose
        ("QualifiedMaxCountConstraintComponent", "w2", None),  # g1, g2 and s1 (a subclass)
        ("QualifiedMinCountConstraintComponent", "w3", None),  # a value, none conforming: 0
        ("QualifiedMinCountConstraintComponent", "w4", None),  # no value at all: 0 too
        ("MinCountConstraintComponent", "w2", None),
        ("HasValueConstraintComponent", "nowhere", None),  # a pattern without variables, missing
    }


_ASKED_ALONE_SHAPES = f"""
    @prefix sh: <http://www.w3.org/ns/shacl#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix ex: <{EX}> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:property [ sh:path ex:p ; sh:nodeKind sh:Literal ] ,
                    [ sh:path ex:q ; sh:datatype xsd:integer ] ,
                    [ sh:path ex:s ; sh:minLength 1 ] ,
                    [ sh:path [ sh:zeroOrMorePath ex:r ] ; sh:nodeKind sh:IRI ] ."""

_ASKED_ALONE_DATA = f"""
    @prefix ex: <{EX}> .
    ex:a a ex:C ; ex:p "text" ; ex:q 1 ; ex:s "x" .
    ex:b a ex:C ; ex:p ex:notText .
    ex:outside ex:q "not an integer" ; ex:r "not an IRI" ."""


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_value_test_is_asked_without_the_targets_first(tmp_path, kind):
    """A test of each value reached through one property is asked without the shape's targets
    first (finding them is most of a check's time): where that has no solution, neither has
    the check, and the targets are not asked for. Where it has one, here a node that is not a
    target, the check is asked as before; a path that may take no step (ex:r*) is never
    asked alone."""
    data = tmp_path / "data.ttl"
    data.write_text(_ASKED_ALONE_DATA, encoding="utf-8")
    store = load([data], store=kind, include_shipped=False, standalone=True)
    asked: list[str] = []
    query_own = store.query_own

    def recorded(sparql, *args, **kwargs):
        asked.append(sparql)
        return query_own(sparql, *args, **kwargs)

    store.query_own = recorded
    shapes = rdflib.Graph().parse(data=_ASKED_ALONE_SHAPES, format="turtle")
    compiled = {_key(r) for r in shacl.validate(store, shapes)}
    assert compiled == {_key(r) for r in _pyshacl_results(store, shapes)}
    assert compiled == {("NodeKindConstraintComponent", "b", "notText")}

    def queries(form: str, prop: str) -> int:
        return sum(q.startswith(form) and f"<{EX}{prop}>" in q for q in asked)

    assert (queries("ASK", "p"), queries("SELECT", "p")) == (1, 1)  # a violation
    assert (queries("ASK", "q"), queries("SELECT", "q")) == (1, 1)  # ex:outside is no target
    assert (queries("ASK", "s"), queries("SELECT", "s")) == (1, 0)  # no solution: done
    assert (queries("ASK", "r"), queries("SELECT", "r")) == (0, 1)
