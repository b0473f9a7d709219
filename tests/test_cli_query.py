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
    assert result.stdout.endswith("4 rijen\n")


def test_csv_tsv_json_xml_and_markdown_agree():
    import pyoxigraph as ox

    as_csv = list(csv.reader(io.StringIO(run("query", "themes", "--format", "csv").stdout)))
    parsed = {fmt: list(ox.parse_query_results(run("query", "themes", "--format", fmt).stdout_bytes, kind))
              for fmt, kind in (("tsv", ox.QueryResultsFormat.TSV), ("json", ox.QueryResultsFormat.JSON),
                                ("xml", ox.QueryResultsFormat.XML))}
    as_json = json.loads(run("query", "themes", "--format", "json").stdout)
    as_md = run("query", "themes", "--format", "md").stdout.splitlines()
    assert parsed["tsv"] == parsed["json"] == parsed["xml"]
    assert as_csv[0] == as_json["head"]["vars"]
    assert [row[0] for row in as_csv[1:]] == [b["themeLabel"]["value"] for b in as_json["results"]["bindings"]]
    assert as_json["results"]["bindings"][0]["themeLabel"] == {"type": "literal", "value": "Digitale ethiek", "xml:lang": "nl"}
    assert len(as_md) == 2 + 4


def test_every_results_format_keeps_tabs_line_breaks_and_control_characters(tmp_path):
    import pyoxigraph as ox

    data = tmp_path / "odd.ttl"
    data.write_text('<http://example.org/a> <http://example.org/label> "tab\\there\\nline\\rreturn\\u0001bell" .\n')
    query = tmp_path / "odd.rq"
    query.write_text("SELECT ?label WHERE { <http://example.org/a> <http://example.org/label> ?label }")
    expected = "tab\there\nline\rreturn\u0001bell"

    def answer(fmt: str):
        return run("query", "--file", str(query), "--data", str(data), "--format", fmt)

    for fmt, kind in (("tsv", ox.QueryResultsFormat.TSV), ("json", ox.QueryResultsFormat.JSON)):
        (row,) = ox.parse_query_results(answer(fmt).stdout_bytes, kind)
        assert row["label"].value == expected
    assert list(csv.reader(io.StringIO(answer("csv").stdout_bytes.decode(), newline=""))) == [["label"], [expected]]
    # XML 1.0 cannot hold U+0001 in any form: refused, never written ill-formed
    result = answer("xml")
    assert result.exit_code == 2 and "het teken U+0001, dat XML niet kan bevatten" in result.stderr


def test_a_carriage_return_survives_xml(tmp_path):
    import pyoxigraph as ox

    data = tmp_path / "cr.ttl"
    data.write_text('<http://example.org/a> <http://example.org/label> "one\\rtwo\\r\\nthree" .\n')
    query = tmp_path / "cr.rq"
    query.write_text("SELECT ?label WHERE { ?s <http://example.org/label> ?label }")
    result = run("query", "--file", str(query), "--data", str(data), "--format", "xml")
    (row,) = ox.parse_query_results(result.stdout_bytes, ox.QueryResultsFormat.XML)
    assert row["label"].value == "one\rtwo\r\nthree"


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


def test_a_table_shows_a_thousand_rows_and_every_results_format_all(tmp_path):
    """A table of thousands took seconds to lay out and nobody reads it in a terminal: it shows
    the first thousand rows, then how many more and where they all are."""
    path = tmp_path / "numbers.rq"
    path.write_text(f"SELECT ?n WHERE {{ VALUES ?n {{ {' '.join(map(str, range(1, 1006)))} }} }}\n")
    table = run("query", "--file", str(path), "--lang", "en").stdout
    assert [f" {n} " in table for n in (1, 1000, 1001, 1005)] == [True, True, False, False]
    assert table.endswith("… and 5 more (all of them: --format csv, tsv, json, xml or md)\n1005 rows\n")
    assert run("query", "--file", str(path), "--format", "csv").stdout.count("\n") == 1 + 1005


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
    ("SELECT ?s\nWHERE { ?s ?p }\n", "SPARQL-syntaxfout op regel 2, kolom"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n", "SERVICE wordt geweigerd"),
])
def test_a_bad_or_refused_query_exits_2(tmp_path, query, message):
    path = tmp_path / "query.rq"
    path.write_text(query)
    result = run("query", "--file", str(path))
    assert result.exit_code == 2
    assert message in result.stderr


def test_usage_errors():
    assert "geef een querynaam of --file" in run("query").stderr
    assert "schrijf het als naam=waarde" in run("query", "themes", "--param", "oops").stderr
    assert "geen query 'nope' in de catalogus" in run("query", "nope").stderr
    assert run("query", "describe").exit_code == 2
