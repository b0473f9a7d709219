"""coalitiegraaf validate"""

from __future__ import annotations

import json

import rdflib

from tests.cli_helpers import run
from tests.conftest import FIXTURES


def test_validate_the_shipped_graph_passes_with_the_agendas_gaps():
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("0 violation, 31 warning, 8 info\n")
    assert "Actielijn zonder plan: actiehouder" in result.stdout


def test_validate_in_english_as_markdown():
    result = run("validate", "--lang", "en", "--format", "md")
    assert result.exit_code == 0
    assert "## Warning (31)" in result.stdout
    assert "### Theme without a formed coalition" in result.stdout
    assert "| Sustainability and digitalisation |  |  | This theme has no formed coalition (yet). |" in result.stdout


def test_validate_as_json_lists_every_finding():
    payload = json.loads(run("validate", "--format", "json").stdout)
    assert payload["counts"] == {"violation": 0, "warning": 31, "info": 8}
    assert len(payload["findings"]) == 39
    assert {"severity", "shape", "focus", "focus_label", "path", "value", "message"} <= set(payload["findings"][0])


def test_validate_as_turtle_is_a_shacl_report():
    result = run("validate", "--format", "ttl")
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(set(report.objects(None, sh.result))) == 39


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
    assert result.stderr == f"Error: {bad}:1:1: The prefix a: has not been declared\n"


def test_an_unknown_language_is_a_usage_error():
    result = run("validate", "--lang", "de")
    assert result.exit_code == 2
    assert "--lang must be one of nl, en" in result.stderr


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
