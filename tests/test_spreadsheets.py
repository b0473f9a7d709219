"""Output for spreadsheets: --excel (UTF-8 with a byte order mark, semicolons) and xlsx, for
findings, query answers and the nodes and edges of the graph; formulas never get in."""

from __future__ import annotations

import csv
import io

import pytest

from coalitiegraaf.store.results import to_spreadsheet, to_xlsx
from tests.cli_helpers import run
from tests.conftest import ID
from tests.test_safe_output import EVIL_LABEL, _actor

PLAN = ID + "initiative/energie-efficiente-datacenters-2030"
LABEL = "Doelstelling energie-efficiëntere datacenters in 2030"


def _excel_rows(data: bytes) -> list[list[str]]:
    """Rows as Excel reads a file with a byte order mark and semicolons."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _workbook_rows(data: bytes):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_a_query_answer_for_excel_keeps_dutch_letters():
    result = run("query", "describe", "--param", f"node={PLAN}", "--format", "csv", "--excel")
    assert result.exit_code == 0, result.stderr
    rows = _excel_rows(result.stdout_bytes)
    assert rows[0] == ["direction", "property", "value", "valueLabel"]
    assert ["out", "http://www.w3.org/2004/02/skos/core#prefLabel", LABEL, ""] in rows
    assert b"\r\n" in result.stdout_bytes


def test_the_nodes_for_excel_keep_dutch_letters(tmp_path):
    out = tmp_path / "nodes.csv"
    assert run("export", "--format", "nodes-csv", "--excel", "--out", str(out)).exit_code == 0
    rows = _excel_rows(out.read_bytes())
    assert rows[0] == ["node", "class", "labelNl", "labelEn"]
    assert [PLAN, "https://w3id.org/coalitiegraaf/def#Plan", LABEL,
            "Goal of more energy-efficient data centres by 2030"] in rows


def test_findings_for_excel_are_the_findings_csv_with_semicolons_and_a_bom():
    plain = list(csv.reader(io.StringIO(run("analyse", "duplicates", "--format", "csv").stdout)))
    excel = _excel_rows(run("analyse", "duplicates", "--format", "csv", "--excel").stdout_bytes)
    assert excel == plain
    assert len(excel) > 2


@pytest.mark.parametrize("fmt", ["nodes-csv", "edges-csv"])
def test_the_nodes_and_edges_csv_neutralise_formulas(tmp_path, fmt):
    data = _actor(tmp_path, EVIL_LABEL)
    for excel in ([], ["--excel"]):
        result = run("export", "--format", fmt, *excel, "--data", str(data))
        assert result.exit_code == 0, result.stderr
        if fmt == "nodes-csv":
            rows = (_excel_rows(result.stdout_bytes) if excel
                    else list(csv.reader(io.StringIO(result.stdout))))
            crafted = next(r for r in rows if r[0] == ID + "actor/crafted")
            assert crafted[2] == "'" + EVIL_LABEL
        assert not any(line.startswith(("=", "+", "@")) for line in result.stdout.splitlines())
        assert "\n=" not in result.stdout and ",=" not in result.stdout and ";=" not in result.stdout


def test_a_query_answer_for_excel_neutralises_formulas(tmp_path):
    query = tmp_path / "labels.rq"
    query.write_text("SELECT ?l WHERE { <https://w3id.org/coalitiegraaf/id/actor/crafted> "
                     "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }\n")
    data = _actor(tmp_path, EVIL_LABEL)
    excel = run("query", "--file", str(query), "--format", "csv", "--excel", "--data", str(data))
    assert _excel_rows(excel.stdout_bytes) == [["l"], ["'" + EVIL_LABEL]]
    workbook = run("query", "--file", str(query), "--format", "xlsx", "--data", str(data))
    assert workbook.exit_code == 0, workbook.stderr
    (header,), (cell,) = _workbook_rows(workbook.stdout_bytes)
    assert (header.value, cell.value, cell.data_type) == ("l", EVIL_LABEL, "s")  # text, as written


def test_findings_as_a_workbook():
    plain = list(csv.reader(io.StringIO(run("analyse", "duplicates", "--format", "csv").stdout)))
    result = run("analyse", "duplicates", "--format", "xlsx")
    assert result.exit_code == 0, result.stderr
    rows = [[cell.value or "" for cell in row] for row in _workbook_rows(result.stdout_bytes)]
    # the workbook holds the text as written; the CSV marks a formula-like cell with an apostrophe
    assert [[v.removeprefix("'") for v in row] for row in plain] == rows


def test_a_workbook_cell_is_always_text():
    data = to_xlsx(["a", "b"], [["=1+1", "energie-efficiëntere"], ["-3", "tab\there\x01"]])
    rows = _workbook_rows(data)
    assert [[c.value for c in row] for row in rows] == [
        ["a", "b"], ["=1+1", "energie-efficiëntere"], ["-3", "tab\there\\x01"]]
    assert {c.data_type for row in rows for c in row} == {"s"}


def test_excel_csv_round_trips_through_the_reader_excel_uses():
    data = to_spreadsheet(["label"], [["energie-efficiëntere"], ["a;b"], ['"quoted"'], ["=cmd"]], excel=True)
    assert _excel_rows(data) == [["label"], ["energie-efficiëntere"], ["a;b"], ['"quoted"'], ["'=cmd"]]


@pytest.mark.parametrize("args", [
    ["analyse", "duplicates", "--format", "json", "--excel"],
    ["analyse", "duplicates", "--format", "xlsx", "--excel"],
    ["query", "members", "--format", "tsv", "--excel"],
    ["export", "--format", "ttl", "--excel"],
])
def test_excel_goes_with_a_csv_format(args, monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")
    result = run(*args)
    assert result.exit_code == 2
    assert "--excel goes with a CSV format" in result.stderr


def test_an_ask_answer_does_not_fit_a_spreadsheet(tmp_path, monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")
    query = tmp_path / "ask.rq"
    query.write_text("ASK { ?s ?p ?o }\n")
    result = run("query", "--file", str(query), "--format", "xlsx")
    assert result.exit_code == 2
    assert "only the answers of a SELECT query fit in a spreadsheet" in result.stderr


def test_a_workbook_is_never_written_onto_a_terminal(monkeypatch):
    import typer

    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(typer, "get_binary_stream", lambda _name: screen)
    monkeypatch.setenv("COALITIEGRAAF_LANG", "en")
    result = run("analyse", "gaps", "--format", "xlsx")
    assert result.exit_code == 2
    assert "a workbook (xlsx) is not text: send it to a file" in result.stderr
    assert screen.getvalue() == b""
