"""coalitiegraaf query"""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib

from tests.cli_helpers import run


def test_a_named_query_as_a_table():
    result = run("query", "themes")
    assert result.exit_code == 0
    assert "Waardengedreven" in result.stdout
    assert "https://" not in result.stdout  # IRI columns give way to their labels
    assert result.stdout.endswith("4 rows\n")


def test_csv_tsv_json_and_markdown_agree():
    as_csv = list(csv.reader(io.StringIO(run("query", "themes", "--format", "csv").stdout)))
    as_tsv = list(csv.reader(io.StringIO(run("query", "themes", "--format", "tsv").stdout), delimiter="\t"))
    as_json = json.loads(run("query", "themes", "--format", "json").stdout)
    as_md = run("query", "themes", "--format", "md").stdout.splitlines()
    assert as_csv == as_tsv
    assert as_csv[0] == as_json["head"]["vars"]
    assert [row[0] for row in as_csv[1:]] == [b["themeLabel"]["value"] for b in as_json["results"]["bindings"]]
    assert as_json["results"]["bindings"][0]["themeLabel"] == {"type": "literal", "value": "Digitale ethiek", "xml:lang": "nl"}
    assert len(as_md) == 2 + 4


def test_parameters_are_given_as_name_value():
    result = run("query", "members", "--param", "coalition=digitale ethiek", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1 + 8


def test_a_query_from_a_file(tmp_path):
    path = tmp_path / "coalitions.rq"
    path.write_text("SELECT ?c WHERE { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> }\n")
    result = run("query", "--file", str(path), "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 5


def test_a_query_from_standard_input():
    from typer.testing import CliRunner

    from coalitiegraaf.cli import app

    result = CliRunner().invoke(app, ["query", "--file", "-", "--format", "csv"],
                                input="SELECT ?c WHERE { ?c a <https://w3id.org/coalitiegraaf/def#Theme> }")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 9


def test_construct_prints_turtle(tmp_path):
    path = tmp_path / "construct.rq"
    path.write_text("CONSTRUCT { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> } "
                    "WHERE { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> }\n")
    result = run("query", "--file", str(path))
    assert len(rdflib.Graph().parse(data=result.stdout, format="turtle")) == 4


def test_ask_prints_true_or_false_with_the_exit_code(tmp_path):
    yes, no = tmp_path / "yes.rq", tmp_path / "no.rq"
    yes.write_text("ASK { ?c a <https://w3id.org/coalitiegraaf/def#Coalition> }")
    no.write_text("ASK { ?c a <https://w3id.org/coalitiegraaf/def#Nothing> }")
    assert (run("query", "--file", str(yes)).exit_code, run("query", "--file", str(yes)).stdout) == (0, "true\n")
    assert (run("query", "--file", str(no)).exit_code, run("query", "--file", str(no)).stdout) == (1, "false\n")


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT ?s\nWHERE { ?s ?p }\n", "SPARQL syntax error at line 2, column"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n", "SERVICE is refused"),
])
def test_a_bad_or_refused_query_exits_2(tmp_path, query, message):
    path = tmp_path / "query.rq"
    path.write_text(query)
    result = run("query", "--file", str(path))
    assert result.exit_code == 2
    assert message in result.stderr


def test_usage_errors():
    assert "give either a query name or --file" in run("query").stderr
    assert "write it as name=value" in run("query", "themes", "--param", "oops").stderr
    assert "no query named 'nope'" in run("query", "nope").stderr
    assert run("query", "describe").exit_code == 2
