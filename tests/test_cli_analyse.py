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
    assert "impact needs --node" in run("analyse", "impact").stderr
