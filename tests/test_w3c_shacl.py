"""The W3C SHACL test suite (../shared/w3c/shacl-tests), run through the command line:

    coalitiegraaf --store S validate DATA --shapes SHAPES --standalone --format ttl --engine E

for both engines on both stores. Reports are compared as the suite's documentation sets out:
``sh:conforms``, and the results as a multiset of (focus node, path, value, source shape,
constraint component, severity, source constraint), blank nodes matched by their structure;
``sh:resultMessage`` is left out. Every SHACL Core test must pass. A SHACL-SPARQL test passes,
or is refused with an error that names the feature (``REFUSED``, with the reason); none may
give a wrong report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, SH

from tests.cli_helpers import run
from tests.conftest import SHARED


@pytest.fixture(autouse=True)
def in_english(default_language, monkeypatch):
    """The peer suite's messages are checked in English (tests/test_cli_language.py checks that
    the tool's own messages are said in Dutch as well)."""
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")

SUITE = SHARED / "w3c" / "shacl-tests"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
FIELDS = (SH.focusNode, SH.resultPath, SH.value, SH.sourceShape, SH.sourceConstraintComponent,
          SH.resultSeverity, SH.sourceConstraint)

# what the engines refuse, and the words of the refusal; anything else must give the right report
REFUSED = {
    # the shapes graph is not in the store the queries run on, so GRAPH $shapesGraph has nothing to read
    ("sparql/pre-binding/shapesGraph-001", "pyshacl"): "$shapesGraph is not supported",
    ("sparql/pre-binding/shapesGraph-001", "sparql"): "$shapesGraph is not supported",
}


@dataclass(frozen=True)
class Case:
    name: str  # e.g. core/node/and-001
    data: Path
    shapes: Path
    expected: rdflib.Graph  # the test file, which holds the expected report
    report: rdflib.term.Node | None  # the expected sh:ValidationReport, None if a failure is expected


def _graph(path: Path) -> rdflib.Graph:
    """A file as rdflib terms parsed by Oxigraph: lexical forms exactly as written."""
    import pyoxigraph as ox

    from coalitiegraaf.store.terms import to_rdflib

    graph = rdflib.Graph()
    for triple in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()):
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def _cases(manifest: Path) -> Iterator[Case]:
    graph = _graph(manifest)
    for included in sorted(graph.objects(None, MF.include), key=str):
        yield from _cases(Path(str(included).removeprefix("file://")))
    for entries in graph.objects(None, MF.entries):
        for entry in rdflib.collection.Collection(graph, entries):
            action = graph.value(entry, MF.action)
            result = graph.value(entry, MF.result)
            yield Case(
                name=str(manifest.parent.relative_to(SUITE) / str(entry).rsplit("/", 1)[1]),
                data=Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://")),
                shapes=Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://")),
                expected=graph, report=None if result == SHT.Failure else result)


CASES = sorted(_cases(SUITE / "manifest.ttl"), key=lambda c: c.name) if SUITE.exists() else []


def _structure(graph: rdflib.Graph, term: rdflib.term.Node | None, seen: frozenset = frozenset()) -> str:
    """``term`` as text; a blank node as the sorted statements about it, recursively."""
    if term is None:
        return "-"
    if not isinstance(term, rdflib.BNode):
        return term.n3()
    if term in seen:
        return "[cycle]"
    inner = sorted(f"{p.n3()} {_structure(graph, o, seen | {term})}" for p, o in graph.predicate_objects(term))
    return "[" + " ; ".join(inner) + "]"


def _results(graph: rdflib.Graph, report: rdflib.term.Node) -> Counter:
    return Counter(tuple(_structure(graph, graph.value(result, f)) for f in FIELDS)
                   for result in graph.objects(report, SH.result))


def test_the_suite_is_there_when_shared_is():
    if not SUITE.exists():
        pytest.skip("../shared/w3c is not present")
    assert sum(c.name.startswith("core/") for c in CASES) == 98
    assert sum(c.name.startswith("sparql/") for c in CASES) == 22


@pytest.mark.skipif(not SUITE.exists(), reason="../shared/w3c is not present")
@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_w3c_shacl(case: Case, engine: str, store: str, tmp_path: Path):
    outcome = run("--store", store, "--base", case.data.as_uri(), "validate", str(case.data),
                  "--shapes", str(case.shapes), "--standalone", "--format", "ttl", "--engine", engine)
    refusal = REFUSED.get((case.name, engine))
    if refusal is not None:
        assert outcome.exit_code == 2, outcome.stdout
        assert refusal in outcome.stderr
        return
    if case.report is None:  # the suite expects a failure: a clear error, no report
        assert outcome.exit_code == 2, outcome.stdout
        assert outcome.stderr.startswith("Error: ") and outcome.stdout == ""
        return
    assert outcome.exit_code in (0, 1), outcome.stderr
    written = tmp_path / "report.ttl"
    written.write_text(outcome.stdout, encoding="utf-8")
    actual = _graph(written)
    report = actual.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    expected = case.expected
    assert actual.value(report, SH.conforms) == expected.value(case.report, SH.conforms)
    assert _results(actual, report) == _results(expected, case.report)
