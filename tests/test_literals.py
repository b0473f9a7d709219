"""Users' data stays as written: literals of every XML Schema datatype, in the forms Oxigraph
would rewrite ("+1", "012", "4.0", "1"^^xsd:boolean, "5"^^xsd:int, time zones written out),
come back exactly through every export format on both stores, through pull from an endpoint,
and validation's sh:datatype sees them as written, with both engines.

"As written" for a language tag means the same tag: RDF 1.1 compares language tags without
regard to case and lets them be written in lower case, which both parsers coalitiegraaf uses
(Oxigraph's, for every format and store) do: "Hallo"@NL-be comes back as "Hallo"@nl-be.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from coalitiegraaf.project import load
from coalitiegraaf.publish.exports import FORMATS, serialize
from coalitiegraaf.validation.validator import validate
from tests.cli_helpers import run

XSD = "http://www.w3.org/2001/XMLSchema#"
P = "urn:coalitiegraaf:test:p"
# (lexical form, datatype): valid literals that Oxigraph would store in another form
REWRITTEN = [
    ("+1", "integer"), ("012", "integer"), ("-0", "integer"), ("4.0", "decimal"), ("+1.50", "decimal"),
    (".5", "decimal"), ("1.0E0", "double"), ("1e3", "double"), ("1.5e0", "float"), ("1", "boolean"),
    ("0", "boolean"), ("5", "int"), ("007", "long"), ("-03", "short"), ("012", "byte"),
    ("+1", "nonNegativeInteger"), ("01", "positiveInteger"), ("-01", "negativeInteger"),
    ("-0", "nonPositiveInteger"), ("01", "unsignedLong"), ("01", "unsignedInt"), ("01", "unsignedShort"),
    ("01", "unsignedByte"), ("2024-01-01T10:00:00.000+00:00", "dateTime"), ("2024-01-01T24:00:00", "dateTime"),
    ("2024-01-01T10:00:00-00:00", "dateTimeStamp"), ("2024-01-01+00:00", "date"), ("10:00:00.0Z", "time"),
    ("PT60M", "duration"), ("P1Y12M", "duration"), ("P12M", "yearMonthDuration"),
    ("PT24H", "dayTimeDuration"),
]
# valid literals Oxigraph keeps as they are
KEPT = [
    ("1", "integer"), ("4", "decimal"), ("true", "boolean"), ("2024-01-01", "date"),
    ("2024-01-01T10:00:00Z", "dateTime"), ("2024+01:00", "gYear"), ("2024-01Z", "gYearMonth"),
    ("--12-31", "gMonthDay"), ("---01", "gDay"), ("--01", "gMonth"), ("0fAB", "hexBinary"),
    ("AAAA", "base64Binary"), ("http://example.org/a b", "anyURI"), ("  two  spaces ", "string"),
    ("a b", "normalizedString"), ("a b", "token"), ("nl-BE", "language"),
]
# ill-typed literals: kept as written, and reported by sh:datatype
ILL_TYPED = [("abc", "integer"), ("300", "byte"), ("2024-02-30", "date"), ("none", "boolean"),
             ("-1", "nonNegativeInteger"), ("P", "duration"), ("1.5", "int")]
LITERALS = REWRITTEN + KEPT + ILL_TYPED
# the ill-typed literals an Oxigraph server keeps too ("300"^^xsd:byte it stores as the integer 300)
ILL_TYPED_KEPT = [("abc", "integer"), ("2024-02-30", "date"), ("none", "boolean"), ("P", "duration"),
                  ("1.5", "int")]


def _turtle(literals: list[tuple[str, str]]) -> str:
    lines = [f'<urn:coalitiegraaf:test:{i}> <{P}> "{lexical}"^^<{XSD}{datatype}> .'
             for i, (lexical, datatype) in enumerate(literals)]
    lines.append(f'<urn:coalitiegraaf:test:lang> <{P}> "Hallo"@NL-be .')
    return "\n".join(lines) + "\n"


def _expected(literals: list[tuple[str, str]]) -> set[str]:
    found = {f"<urn:coalitiegraaf:test:{i}> {ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))}"
             for i, (lexical, datatype) in enumerate(literals)}
    return found | {'<urn:coalitiegraaf:test:lang> "Hallo"@nl-be'}


def _statements(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    """What ``data`` says with the test's predicate, each term in N-Triples form."""
    return {f"{q.subject} {q.object}" for q in ox.parse(data, format=fmt) if q.predicate.value == P}


@pytest.fixture(scope="module")
def data_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("literals") / "literals.ttl"
    path.write_text(_turtle(LITERALS), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def loaded(request, data_file):
    return load([data_file], store=request.param, standalone=True)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_format_gives_back_every_literal_as_written(loaded, fmt):
    assert _statements(serialize(loaded, fmt, include_shapes=False), FORMATS[fmt][0]) == _expected(LITERALS)


def test_query_answers_give_back_every_literal_as_written(loaded):
    rows = loaded.query(f"SELECT ?s ?o WHERE {{ ?s <{P}> ?o }}").rows
    from coalitiegraaf.store.terms import to_oxigraph

    assert {f"{to_oxigraph(s)} {to_oxigraph(o)}" for s, o in rows} == _expected(LITERALS)


def test_two_literals_with_one_value_stay_two(loaded):
    # Oxigraph alone would merge "5"^^xsd:int and "5"^^xsd:integer of one subject into one statement
    store = loaded
    subjects = {s for s, _ in store.query(f"SELECT ?s ?o WHERE {{ ?s <{P}> ?o }}").rows}
    assert len(list(store.quads())) == len(LITERALS) + 1 == len(subjects)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_sh_datatype_sees_every_literal_as_written(loaded, engine):
    shapes = rdflib.Graph().parse(data="\n".join(
        f"""<urn:coalitiegraaf:test:shape{i}> a <http://www.w3.org/ns/shacl#NodeShape> ;
              <http://www.w3.org/ns/shacl#targetNode> <urn:coalitiegraaf:test:{i}> ;
              <http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> <{P}> ;
                  <http://www.w3.org/ns/shacl#datatype> <{XSD}{datatype}> ] ."""
        for i, (_, datatype) in enumerate(LITERALS)), format="turtle")
    report = validate(loaded, engine=engine, shapes=shapes)
    flagged = {str(r.value) for r in report.results}
    assert flagged == {lexical for lexical, _ in ILL_TYPED}


def test_values_compare_as_numbers_in_the_compiled_engine(loaded):
    # "012"^^xsd:byte is 12, "4.0"^^xsd:decimal is 4: marked literals compare by value
    shapes = rdflib.Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s:byte> sh:targetNode <urn:coalitiegraaf:test:14> ;
            sh:property [ sh:path <{P}> ; sh:minInclusive 12 ; sh:maxInclusive 12 ] .
        <urn:s:decimal> sh:targetNode <urn:coalitiegraaf:test:3> ;
            sh:property [ sh:path <{P}> ; sh:minExclusive 3.9 ; sh:maxExclusive 4.1 ;
                          sh:pattern "^4\\\\.0$" ; sh:in ( "4.0"^^<{XSD}decimal> ) ] .""", format="turtle")
    assert REWRITTEN[14] == ("012", "byte") and REWRITTEN[3] == ("4.0", "decimal")
    assert validate(loaded, engine="sparql", shapes=shapes).results == []


@pytest.mark.slow
def test_push_refuses_a_store_that_rewrites_literals_and_changes_nothing(empty_oxigraph, data_file):
    result = run("--endpoint", f"{empty_oxigraph.base}/query", "push", "--data", str(data_file))
    assert result.exit_code == 3
    assert "bewaart literals niet zoals geschreven" in result.stderr
    assert "er is niets geüpload" in result.stderr
    from coalitiegraaf.store import EndpointStore

    assert len(EndpointStore(f"{empty_oxigraph.base}/query")) == 0


@pytest.fixture(scope="module")
def pushed(tmp_path_factory):
    """A real Oxigraph server that received, through push, the literals it keeps."""
    from tests.conftest import OxigraphServer

    folder = tmp_path_factory.mktemp("kept")
    kept = folder / "kept.ttl"
    kept.write_text(_turtle(KEPT + ILL_TYPED_KEPT), encoding="utf-8")
    server = OxigraphServer(folder / "server").start()
    endpoint, graph = f"{server.base}/query", "https://example.org/literals"
    result = run("--endpoint", endpoint, "push", "--data", str(kept), "--graph", graph)
    yield endpoint, graph, result
    server.stop()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_push_and_pull_give_back_what_the_store_keeps(pushed, fmt, tmp_path):
    endpoint, graph, pushing = pushed
    assert pushing.exit_code == 0, pushing.stderr
    out = tmp_path / f"pulled.{fmt}"
    assert run("--endpoint", endpoint, "pull", "--graph", graph, "--out", str(out), "--format", fmt).exit_code == 0
    assert _statements(out.read_bytes(), FORMATS[fmt][0]) == _expected(KEPT + ILL_TYPED_KEPT)


@pytest.mark.parametrize("datatype", ["integer", "date", "dateTime", "boolean", "gYear"])
def test_the_forms_taken_as_kept_without_asking_oxigraph_are_kept(datatype):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coalitiegraaf.store.literals import _KEPT

    @settings(max_examples=200, deadline=None)
    @given(st.from_regex(_KEPT[datatype], fullmatch=True))
    def kept(lexical: str) -> None:
        literal = ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))
        store = ox.Store()
        store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode(P), literal))
        assert next(iter(store)).object == literal

    kept()


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_marked_lines_still_meet_their_blank_nodes(tmp_path, store):
    data = tmp_path / "blank.nt"
    data.write_text(f'_:b1 <{P}> "5"^^<{XSD}int> .\n_:b1 <urn:q> "x" .\n_:b2 <urn:q> "y" .\n', encoding="utf-8")
    loaded = load([data], store=store, standalone=True)
    subjects = {q.object.value: q.subject for q in loaded.quads()}
    assert subjects["5"] == subjects["x"] != subjects["y"]


def test_a_bad_line_among_marked_ones_is_reported_where_it_is(tmp_path):
    from coalitiegraaf.errors import ParseError

    data = tmp_path / "bad.nt"
    data.write_text(f'<urn:s> <{P}> "5"^^<{XSD}int> .\n<urn:s> <urn:q> "x" .\n<urn:s> <{P}> "6"^^<{XSD}int>\n',
                    encoding="utf-8")
    errors = []
    for store in ("oxigraph", "memory"):
        with pytest.raises(ParseError) as raised:
            load([data], store=store, standalone=True)
        errors.append(str(raised.value))
    assert errors[0] == errors[1] == f"{data}:4:1: Quads must be followed by a dot"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_the_endpoint_answers_and_pull_give_back_every_literal_as_written(data_file, tmp_path, fmt):
    from tests.test_serve import Server

    server = Server(data=data_file)
    try:
        endpoint = f"{server.base}/query"
        status, _, body = server.get(f"CONSTRUCT {{ ?s <{P}> ?o }} WHERE {{ ?s <{P}> ?o }}",
                                     Accept="application/n-triples")
        assert status == 200
        assert _statements(body, ox.RdfFormat.N_TRIPLES) == _expected(LITERALS)
        out = tmp_path / f"pulled.{fmt}"
        assert run("--endpoint", endpoint, "pull", "--out", str(out), "--format", fmt).exit_code == 0
        assert _statements(out.read_bytes(), FORMATS[fmt][0]) == _expected(LITERALS)
    finally:
        server.stop()
