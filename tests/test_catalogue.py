"""The query catalogue: strict headers, typed parameters, and a checked answer for every query.

The expected answers are golden files in tests/golden/queries/, one CSV per query, reviewed
against the letter (GROUP_CONCAT lists sorted, IRIs shortened). Every query must give them on
both local backends; test_endpoint.py asks the same of a real Oxigraph server.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from coalitiegraaf import catalogue
from coalitiegraaf.errors import ParseError, QueryError
from coalitiegraaf.store.results import cell
from coalitiegraaf.store.sparql import check_read_only, own_form
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "queries"
PARAMETERS = {"dependencies": {"node": "BDI"}, "evidence": {"node": "VNG"},
              "describe": {"node": "VNG"}, "find-node": {"text": "VNG"}}
NAMES = [q.name for q in catalogue.catalogue()]


def normalised(result) -> list[tuple[str, ...]]:
    """Rows as text, GROUP_CONCAT lists sorted, sorted overall (ties may come in any order)."""
    return sorted(tuple("; ".join(sorted(cell(v).split("; "))) if v is not None else "" for v in row)
                  for row in result.rows)


def golden(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    with (GOLDEN / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], sorted(tuple(row) for row in rows[1:])


def assert_golden(result, name: str) -> None:
    variables, rows = golden(name)
    assert result.variables == variables
    assert normalised(result) == rows


def test_the_catalogue_answers_the_fifteen_questions():
    assert len(NAMES) >= 16  # fifteen questions and the label lookup
    for query in catalogue.catalogue():
        assert set(query.title) == set(query.question) == set(query.description) == {"nl", "en"}
        assert query.example


SHIPPED = sorted((ROOT / "queries").rglob("*.rq"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT / "queries")))
def test_every_shipped_query_is_read_only_and_its_form_is_read_right(path):
    # shipped queries run without the parser's check (it costs more than the query on the letter)
    text = path.read_text(encoding="utf-8")
    info = check_read_only(text)
    assert own_form(text) == info.form


def test_a_user_query_is_still_checked(store, tmp_path):
    path = tmp_path / "remote.rq"
    path.write_text("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="SERVICE wordt geweigerd"):
        catalogue.run(store, catalogue.read_query(path))


@pytest.mark.parametrize("name", NAMES)
def test_every_query_gives_its_checked_answer(store, name):
    assert_golden(catalogue.run(store, catalogue.get(name), PARAMETERS.get(name, {})), name)


def test_a_parameter_narrows_the_answer(store):
    result = catalogue.run(store, catalogue.get("members"), {"coalition": "digitale ethiek"})
    assert {str(row[2]) for row in result.rows} == {
        "Interprovinciaal Overleg", "Uitvoeringsinstituut Werknemersverzekeringen",
        "Sociale Verzekeringsbank", "Rijks ICT-Gilde", "Vereniging van Nederlandse Gemeenten",
        "Raad voor het Openbaar Bestuur", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        "Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties, Digitalisering en "
        "Koninkrijksrelaties"}


def test_an_integer_parameter(store):
    # the state secretary in six (tests/golden/queries/overlap.csv), BZK in three: the ethics
    # and data-use coalitions (29, implied) and the geodata foundation (56)
    result = catalogue.run(store, catalogue.get("overlap"), {"min": "3"})
    assert {str(row[0]) for row in result.rows} == {
        "Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties, Digitalisering en "
        "Koninkrijksrelaties", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"}


def test_a_node_parameter_accepts_an_iri(store):
    result = catalogue.run(store, catalogue.get("dependencies"),
                           {"node": "https://w3id.org/coalitiegraaf/id/initiative/basis-data-infrastructuur"})
    assert len(result.rows) == 3  # what applies it (paragraph 56), as tests/golden/queries/dependencies.csv


@pytest.mark.parametrize(("values", "message"), [
    ({}, "query 'describe' heeft --param node=… nodig"),
    ({"node": "VNG", "colour": "red"}, "query 'describe' heeft geen parameter colour"),
    ({"node": "coalitie"}, "17 knopen hebben een label als 'coalitie'"),
    ({"node": "no such thing anywhere"}, "geen knoop heeft een label als 'no such thing anywhere'"),
])
def test_parameter_errors_are_clear(memory_store, values, message):
    with pytest.raises(QueryError) as raised:
        catalogue.run(memory_store, catalogue.get("describe"), values)
    assert message in str(raised.value)


def test_a_wrongly_typed_parameter(memory_store):
    with pytest.raises(QueryError, match="parameter min moet van type integer zijn: 'two'"):
        catalogue.run(memory_store, catalogue.get("overlap"), {"min": "two"})


@pytest.mark.parametrize("text", ['x" } ; DROP ALL ; { "', "VNG\n} UNION { ?node ?p ?o }",
                                  "> } ; DROP ALL ; <", "\\\"'"])
def test_an_injected_label_finds_nothing_and_changes_nothing(store, text):
    before = len(store)
    assert catalogue.run(store, catalogue.get("find-node"), {"text": text}).rows == []
    assert len(store) == before


def test_an_unknown_query_name(memory_store):
    with pytest.raises(QueryError) as raised:
        catalogue.get("nope")
    assert raised.value.text("en").startswith("no query named 'nope' in the catalogue (known: actors-by-layer, as-of, ")
    assert str(raised.value).startswith("geen query 'nope' in de catalogus (wel: actors-by-layer, as-of, ")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = """#+ title:
#+   nl: Titel
#+   en: Title
#+ question:
#+   nl: Vraag?
#+   en: Question?
#+ description:
#+   nl: Beschrijving.
#+   en: Description.
#+ example: |
#+   x
"""


@pytest.mark.parametrize(("header", "message", "line"), [
    (HEADER + "#+ colour: red\n", "onbekende sleutel in de #+-kop: colour", 12),
    # keys that are no text in YAML: a number, and '?' alone (a null key; found by tests/test_fuzz.py)
    (HEADER + "#+ 1: red\n", "onbekende sleutel in de #+-kop: 1", 12),
    (HEADER + "#+ ?\n", "onbekende sleutel in de #+-kop: null", None),
    (HEADER.replace("#+ example: |\n#+   x\n", ""), "de #+-kop mist: example", 1),
    (HEADER + "#+ parameters:\n#+   x:\n#+     type: colour\n", "parameter x: het type moet een van", None),
    (HEADER.replace("#+   en: Title\n", "#+   en: [Title\n"), "ongeldige YAML in de #+-kop", 4),
    (HEADER.replace("#+   en: Title\n", ""), "title moet nl en en geven", 1),
])
def test_a_bad_header_is_an_error_with_its_line(tmp_path, header, message, line):
    path = _write(tmp_path, header + "SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(ParseError, match=re.escape(message)) as caught:
        catalogue.read_query(path)
    assert caught.value.line == line


def test_a_file_without_header_is_an_ad_hoc_query(tmp_path, memory_store):
    path = _write(tmp_path, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                            "SELECT ?x WHERE { ?x skos:altLabel ?label }\n")
    query = catalogue.read_query(path)
    assert len(catalogue.run(memory_store, query, {"label": "VNG"}).rows) == 1
