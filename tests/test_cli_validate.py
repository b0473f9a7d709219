"""coalitiegraaf validate"""

from __future__ import annotations

import json

import pytest
import rdflib

from tests.cli_helpers import run
from tests.conftest import FIXTURES


def test_validate_the_shipped_graph_passes_with_the_agendas_gaps():
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("0 overtredingen, 30 waarschuwingen, 8 meldingen\n")
    assert "Actielijn zonder plan: actiehouder" in result.stdout


def test_validate_in_english_as_markdown():
    result = run("validate", "--lang", "en", "--format", "md")
    assert result.exit_code == 0
    assert "## Warning (30)" in result.stdout
    assert "### Theme without a formed coalition" in result.stdout
    assert "| Sustainability and digitalisation |  |  | This theme has no formed coalition (yet). |" in result.stdout


def test_validate_as_json_lists_every_finding():
    payload = json.loads(run("validate", "--format", "json").stdout)
    assert payload["counts"] == {"violation": 0, "warning": 30, "info": 8}
    assert len(payload["findings"]) == 38
    assert {"severity", "shape", "focus", "focus_label", "path", "value", "message"} <= set(payload["findings"][0])


def test_validate_as_turtle_is_a_shacl_report():
    result = run("validate", "--format", "ttl")
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(set(report.objects(None, sh.result))) == 38


def test_fail_on_warning_sets_the_exit_code():
    assert run("validate", "--fail-on", "warning").exit_code == 1
    assert run("validate", "--fail-on", "info").exit_code == 1
    assert run("validate", "--fail-on", "violation").exit_code == 0


def test_violations_in_a_users_file_fail(tmp_path):
    result = run("validate", str(FIXTURES / "shapes" / "broken.ttl"), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["counts"]["violation"] > 20


def test_an_ill_typed_value_is_reported_by_validation(tmp_path):
    data = tmp_path / "bad-date.ttl"
    data.write_text(
        "@prefix cg: <https://w3id.org/coalitiegraaf/def#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/coalitiegraaf/id/action-line/bewustzijn-impact> "
        'cg:deadline "2024-02-30"^^xsd:date .\n')
    result = run("validate", str(data), "--lang", "en", "--format", "md")
    assert result.exit_code == 1
    assert ("| Administrative and public awareness of the impact of digital technology | "
            "cg:deadline | 2024-02-30 | A deadline is a valid date (xsd:date). |") in result.stdout


def test_a_file_that_does_not_parse_exits_2():
    bad = FIXTURES / "bad" / "unknown-prefix.ttl"
    result = run("validate", str(bad))
    assert result.exit_code == 2
    assert result.stderr == f"Fout: {bad}:1:1: The prefix a: has not been declared\n"


def test_an_unknown_language_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "nl")
    result = run("validate", "--lang", "de")
    assert result.exit_code == 2
    assert "taal 'de' onbekend: kies uit nl, en" in result.stderr


def test_labels_with_markup_or_escape_codes_are_printed_as_text(tmp_path):
    data = tmp_path / "markup.ttl"
    data.write_text(
        "@prefix cg: <https://w3id.org/coalitiegraaf/def#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/coalitiegraaf/id/topic/markup> a cg:Topic ;\n"
        '  skos:prefLabel "[bold]vet[/bold] \\u001b[2J"@nl .\n')
    result = run("validate", str(data))
    assert "[bold]vet[/bold]" in result.stdout
    assert "\x1b[2J" not in result.stdout


SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:PersonShape a sh:NodeShape ; sh:targetNode ex:alice ;
    sh:property [ sh:path ex:age ; sh:datatype xsd:int ; sh:maxInclusive 150 ] ,
                [ sh:path ex:nick ; sh:minCount 1 ; sh:severity sh:Warning ] ,
                [ sh:path ( ex:knows ex:name ) ; sh:minCount 1 ; sh:severity sh:Info ] .
"""


def _files(tmp_path, data: str = '<https://example.org/alice> <https://example.org/age> "042"^^<http://www.w3.org/2001/XMLSchema#int> .'):
    shapes, data_file = tmp_path / "shapes.ttl", tmp_path / "data.nt"
    shapes.write_text(SHAPES, encoding="utf-8")
    data_file.write_text(data + "\n", encoding="utf-8")
    return str(data_file), str(shapes)


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_your_own_shapes_on_your_own_files_alone(tmp_path, engine, store):
    data, shapes = _files(tmp_path)
    result = run("--store", store, "validate", data, "--shapes", shapes, "--standalone", "--engine", engine,
                 "--format", "json")
    assert result.exit_code == 0, result.stderr  # a warning and an info: no violation
    findings = json.loads(result.stdout)["findings"]
    assert [(f["severity"], f["path"]) for f in findings] == [("warning", "https://example.org/nick"),
                                                              ("info", "(https://example.org/knows/https://example.org/name)")]


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
def test_the_turtle_report_follows_the_shacl_specification(tmp_path, engine):
    data, shapes = _files(tmp_path)
    result = run("validate", data, "--shapes", shapes, "--standalone", "--engine", engine, "--format", "ttl")
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    # a warning and an info are results: the data does not conform
    assert list(report.objects(None, sh.conforms)) == [rdflib.Literal(False)]
    paths = [report.value(r, sh.resultPath) for r in report.objects(None, sh.result)]
    sequence = next(p for p in paths if isinstance(p, rdflib.BNode))  # copied as a structure
    assert list(rdflib.collection.Collection(report, sequence)) == [rdflib.URIRef("https://example.org/knows"),
                                                                   rdflib.URIRef("https://example.org/name")]
    shapes = set(report.objects(None, sh.sourceShape))
    assert all((shape, sh.path, None) in report for shape in shapes)  # the blank-node shapes themselves


def test_standalone_without_files_is_a_usage_error():
    result = run("validate", "--standalone")
    assert result.exit_code == 2
    assert "--standalone heeft bestanden nodig om mee te werken" in result.stderr


def test_pyshacls_own_failure_is_one_line(tmp_path):
    data, _ = _files(tmp_path)
    shapes = tmp_path / "bad.ttl"
    shapes.write_text('<https://example.org/S> <http://www.w3.org/ns/shacl#targetNode> <https://example.org/alice> ;'
                      ' <http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> 42 ] .\n')
    result = run("validate", data, "--shapes", str(shapes), "--standalone", "--engine", "pyshacl")
    assert result.exit_code == 2
    assert result.stderr.startswith("Fout: pySHACL kon met deze shapes niet valideren: ") and result.stderr.count("\n") == 1


def test_text_shows_a_hundred_rows_of_a_shape_and_says_how_to_see_them_all(tmp_path):
    """105 nodes without a name: the text lists 100 of them (a million statements can make tens
    of thousands, which a table took 25 s to lay out) and says where the other five are."""
    shapes, data = tmp_path / "shapes.ttl", tmp_path / "data.nt"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:Named a sh:NodeShape ; sh:targetClass ex:Person ; sh:name "Named"@en ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ] .
        """, encoding="utf-8")
    data.write_text("".join(f"<https://example.org/p{i:03d}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                            f"<https://example.org/Person> .\n<https://example.org/p{i:03d}> "
                            f'<http://www.w3.org/2000/01/rdf-schema#label> "person {i:03d}" .\n'
                            for i in range(105)), encoding="utf-8")
    arguments = ("validate", str(data), "--shapes", str(shapes), "--standalone", "--lang", "en")
    text = run(*arguments).stdout
    assert text.startswith("0 violations, 105 warnings, 0 notes\n")
    assert "warning: Named (105)" in text
    assert [f"person {i:03d}" in text for i in (0, 99, 100, 104)] == [True, True, False, False]
    assert text.endswith("… and 5 more (all of them: --format json, md or ttl)\n")
    assert len(json.loads(run(*arguments, "--format", "json").stdout)["findings"]) == 105
