"""coalitiegraaf analyse"""

from __future__ import annotations

import csv
import io
import json

from tests.cli_helpers import run


def test_analyse_impact_by_label_as_markdown():
    result = run("analyse", "impact", "--node", "BDI", "--format", "md")
    assert result.exit_code == 0
    assert "| Europese mobility data space | Basis Data Infrastructuur | 1 |" in result.stdout


def test_analyse_duplicates_as_json_and_csv():
    findings = json.loads(run("analyse", "duplicates", "--format", "json").stdout)
    rows = list(csv.reader(io.StringIO(run("analyse", "duplicates", "--format", "csv").stdout)))
    assert rows[0] == ["subject", "other", "score", "reasons", "evidence"]
    assert len(rows) - 1 == len(findings) > 10


def test_analyse_gaps_as_a_table():
    result = run("analyse", "gaps")
    assert result.exit_code == 0
    assert "findings" in result.stdout.splitlines()[-1]


def test_analyse_refuses_an_unknown_analysis_and_a_missing_node():
    assert "unknown analysis 'magic'" in run("analyse", "magic").stderr


def test_analyse_writes_findings_as_rdf_that_the_graph_can_query(tmp_path):
    target = tmp_path / "overlaps.ttl"
    result = run("analyse", "overlaps", "--rdf", str(target), "--format", "csv")
    assert result.exit_code == 0
    import rdflib

    graph = rdflib.Graph().parse(target)
    cg = rdflib.Namespace("https://w3id.org/coalitiegraaf/def#")
    assert len(set(graph.subjects(rdflib.RDF.type, cg.Finding))) == result.stdout.count("\n") - 1


def test_analyse_impact_without_a_node_ranks_what_touches_most():
    rows = list(csv.reader(io.StringIO(run("analyse", "impact", "--format", "csv").stdout)))
    assert rows[1][0] == "Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties, Digitalisering en Koninkrijksrelaties"
    assert rows[1][3] == "11 knopen hangen ervan af, 5 direct"
