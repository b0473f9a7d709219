"""coalitiegraaf stats"""

from __future__ import annotations

import json

from tests.cli_helpers import run
from tests.conftest import FIXTURES


def test_stats_counts_graphs_and_classes():
    result = run("stats")
    assert result.exit_code == 0
    assert "https://w3id.org/coalitiegraaf/graph/kst-26643-1055" in result.stdout
    assert "cg:Coalition" in result.stdout


def test_stats_as_json_on_both_stores():
    answers = [json.loads(run("--store", store, "stats", "--format", "json").stdout)
               for store in ("memory", "oxigraph")]
    assert answers[0] == answers[1]
    stats = answers[0]
    assert stats["per_class"]["cg:Coalition"] == 4
    assert stats["per_class"]["cg:Collaboration"] == 4
    assert stats["per_class"]["cg:Certainty"] == 8
    assert stats["total"] == sum(stats["per_graph"].values())


def test_stats_with_extra_data_counts_its_graph(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://example.org/a> a <http://example.org/Thing> .\n")
    stats = json.loads(run("stats", "--data", str(extra), "--format", "json").stdout)
    assert stats["per_graph"]["https://w3id.org/coalitiegraaf/graph/data/extra.ttl"] == 1


def test_stats_reports_a_bad_data_file_without_a_traceback():
    bad = FIXTURES / "bad" / "missing-dot.ttl"
    result = run("stats", "--data", str(bad))
    assert result.exit_code == 2
    assert result.stderr == f"Fout: {bad}:3:1: A dot is expected at the end of statements\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_stats_refuses_an_unknown_format(monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")
    result = run("stats", "--format", "yaml")
    assert result.exit_code == 2
    assert "'yaml' is not one of text, json" in result.stderr
