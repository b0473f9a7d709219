"""coalitiegraaf sheets export and import: the letter's graph as spreadsheets and back."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib.compare import graph_diff, isomorphic

from coalitiegraaf.authoring.letters import passage_texts
from coalitiegraaf.authoring.mapping import mapping, parse_mapping
from coalitiegraaf.authoring.sheets import (
    SheetErrors,
    export_sheets,
    graph_of,
    import_sheets,
    read_sheets,
    write_graph,
    write_sheets,
)
from coalitiegraaf.errors import InputError
from coalitiegraaf.project import load
from coalitiegraaf.store.namespaces import GRAPH
from tests.cli_helpers import run
from tests.conftest import requires_letter

SOURCE = "kst-26643-1055"


@pytest.fixture(scope="module")
def letter_store():
    return load()


@pytest.fixture(scope="module")
def exported(letter_store):
    return export_sheets(letter_store, SOURCE)


@requires_letter
def test_a_source_text_checks_quotes_where_the_data_holds_no_passage_text(exported, letter_text, tmp_path):
    # a source whose passages carry no cg:text: the quotes are checked against --text instead
    from rdflib import URIRef

    bare = graph_of(load(), GRAPH[SOURCE])
    bare.remove((None, URIRef("https://w3id.org/coalitiegraaf/def#text"), None))
    write_graph(bare, SOURCE, tmp_path / "bare.trig")
    store = load(data=[tmp_path / "bare.trig"], include_shipped=False)
    memberships = [t for t in exported.tables if t.name == "memberships"]
    with pytest.raises(SheetErrors, match="hebben geen tekst om citaten aan te toetsen: geef die met --text"):
        import_sheets(memberships, "kst-new", store)
    graph = import_sheets(memberships, "kst-new", store, passage_texts(letter_text, SOURCE))
    assert len(set(graph.subjects())) == 41  # the memberships


def test_every_statement_of_the_letter_is_in_a_sheet(exported):
    # a property or kind of node that ontology/sheets.yaml does not name would be lost in the
    # round trip: name it there (the uncovered predicates are listed here)
    assert exported.uncovered_predicates() == {}, exported.uncovered[:20]


def test_the_sheets_have_labels_where_a_person_types_and_evidence_on_every_row(exported):
    memberships = next(t for t in exported.tables if t.name == "memberships")
    rows = {row["id"]: row for _, row in memberships.rows}
    assert rows["digitale-ethiek--ipo"] == {
        "id": "digitale-ethiek--ipo", "organisation": "Coalitie digitale ethiek",
        "member": "Interprovinciaal Overleg", "role": "kennispartner", "support": "uitgesproken",
        "source document": SOURCE, "passage": "p38",
        "quote": "In deze fase wordt de coalitie gevormd door IPO, UWV, SVB, Rijks ICT-Gilde en VNG",
        "further evidence": "evidence/p38--kennispartners"}
    evidence_sheets = [t for t in exported.tables if "quote" in t.header]
    assert len(evidence_sheets) == 26
    assert all(row["quote"] and row["passage"] for t in evidence_sheets for _, row in t.rows)


@pytest.mark.parametrize("form", ["agenda.xlsx", "csv"])
def test_export_then_import_gives_back_the_letters_graph(form, letter_store, exported, tmp_path):
    # the quotes are checked against the passages' text (cg:text) in the graph itself
    write_sheets(exported.tables, tmp_path / form)
    graph = import_sheets(read_sheets(tmp_path / form), SOURCE, letter_store)
    write_graph(graph, SOURCE, tmp_path / "back.trig")
    back = load(data=[tmp_path / "back.trig"], include_shipped=False)
    before, after = graph_of(letter_store, GRAPH[SOURCE]), graph_of(back, GRAPH[SOURCE])
    _, only_before, only_after = graph_diff(before, after)
    assert (sorted(only_before)[:5], sorted(only_after)[:5]) == ([], [])
    assert isomorphic(before, after)


def _edit(folder, sheet, row_id, **cells):
    """Change cells of the row ``row_id`` in the CSV file of ``sheet``."""
    path = folder / mapping().sheet(sheet).file_name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in rows:
        if row["id"] == row_id:
            row.update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return next(i for i, row in enumerate(rows, start=2) if row["id"] == row_id)


def test_import_errors_name_sheet_row_and_column_and_nothing_is_written(exported, tmp_path):
    folder = tmp_path / "sheets"
    write_sheets(exported.tables, folder)
    member = _edit(folder, "memberships", "digitale-ethiek--ipo", member="Ministerie van Verre Zaken")
    role = _edit(folder, "memberships", "digitale-ethiek--uwv", role="opperhoofd")
    quote = _edit(folder, "coalitions", "digitale-ethiek", quote="Het doel van de coalitie is vrede op aarde")
    date = _edit(folder, "documents", "kst-26643-940", date="4 november 2022")
    out = tmp_path / "graph" / "kst-new"
    dutch = run("sheets", "import", str(folder), "--source", "kst-new", "--out", str(out))
    assert dutch.exit_code == 2
    assert "Fout: 4 probleem/problemen in de bladen, niets geschreven" in dutch.stderr
    assert (f"memberships, rij {member}, kolom 'member': onbekende actor: \"Ministerie van Verre Zaken\""
            in dutch.stderr)
    assert f"documents, rij {date}, kolom 'date': '4 november 2022' is geen datum (JJJJ-MM-DD)" in dutch.stderr
    result = run("sheets", "import", str(folder), "--source", "kst-new", "--out", str(out), "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    errors = result.stderr
    assert "4 problem(s) in the sheets, nothing written" in errors
    assert (f"memberships, row {member}, column 'member': unknown actor: \"Ministerie van Verre Zaken\""
            in errors)
    assert f"memberships, row {role}, column 'role': unknown role: \"opperhoofd\" (known: adviseur, " in errors
    assert (f"coalitions, row {quote}, column 'quote': not found in passage p33 of {SOURCE}: "
            "\"Het doel van de coalitie is vrede op aarde\"") in errors
    assert f"documents, row {date}, column 'date': '4 november 2022' is not a date (YYYY-MM-DD)" in errors
    assert not out.exists() and not (tmp_path / "graph").exists()


def test_unknown_sheets_and_columns_are_refused(letter_store, tmp_path):
    (tmp_path / "members.csv").write_text("id,organisation\nx,Coalitie AI in actie\n", encoding="utf-8")
    (tmp_path / "coalitions.csv").write_text("id,label nl,colour\nx,Coalitie x,rood\n", encoding="utf-8")
    with pytest.raises(SheetErrors) as error:
        import_sheets(read_sheets(tmp_path), "kst-new", letter_store)
    assert [p.said("en") for p in error.value.problems] == [
        "coalitions, row 1, column 'colour': no such column in this sheet",
        "members: no such sheet (sheets: " + ", ".join(s.name for s in mapping().sheets) + ")",
    ]


def test_new_rows_get_readable_iris_and_names_resolve(letter_store, tmp_path):
    (tmp_path / "actors.csv").write_text(
        "id,type,label nl,abbreviations,source document,passage,quote\n"
        ",organisatie,Nationaal Coördinatiecentrum Digitale Ethiek,NCDE,kst-26643-1055,p38,"
        "De Raad voor het Openbaar Bestuur denkt actief mee\n", encoding="utf-8")
    (tmp_path / "memberships.csv").write_text(
        "id,organisation,member,role,source document,passage,quote\n"
        ",Coalitie digitale ethiek,NCDE,adviseur,kst-26643-1055,p38,denkt actief mee\n"
        ",coalition/digitale-ethiek,ipo,coalitiepartner,kst-26643-1055,p38,gevormd door IPO\n", encoding="utf-8")
    graph = import_sheets(read_sheets(tmp_path), "kst-new", letter_store)
    subjects = {str(s).removeprefix("https://w3id.org/coalitiegraaf/id/") for s in graph.subjects()}
    assert subjects == {"actor/nationaal-coordinatiecentrum-digitale-ethiek",
                        "membership/digitale-ethiek--nationaal-coordinatiecentrum-digitale-ethiek",
                        "membership/digitale-ethiek--ipo"}


def test_the_mapping_is_read_strictly():
    with pytest.raises(InputError, match="kind must be one of"):
        parse_mapping({"sheets": [{"name": "x", "iri": "x/{id}", "file": "x.ttl", "class": "cg:X",
                                   "columns": [{"name": "id", "kind": "number"}]}]})
    with pytest.raises(InputError, match="unknown prefix"):
        parse_mapping({"sheets": [{"name": "x", "iri": "x/{id}", "file": "x.ttl", "class": "foaf:Person",
                                   "columns": [{"name": "id", "kind": "slug"}]}]})


def test_sheets_export_on_the_command_line(tmp_path):
    result = run("sheets", "export", "--out", str(tmp_path / "agenda.xlsx"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"623 rijen in 29 bladen van {SOURCE} geschreven naar {tmp_path / 'agenda.xlsx'}\n"
    assert result.stderr == ""
    assert [t.name for t in read_sheets(tmp_path / "agenda.xlsx")][:8] == [
        "coalitions", "collaborations", "memberships", "action lines", "actors", "initiatives",
        "documents", "dependencies"]
