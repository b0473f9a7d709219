"""coalitiegraaf report"""

from __future__ import annotations

from tests.cli_helpers import run


def test_report_prints_where_it_is_and_five_lines_of_summary(tmp_path):
    out = tmp_path / "report"
    result = run("report", "--out", str(out))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines == [
        f"Rapport geschreven: {out / 'index.html'}",
        "64 actoren, 4 coalities, 4 doorsnijdende thema's, 43 programma's en initiatieven, "
        "27 beleidsdocumenten, 150 afhankelijkheden",
        "Validatie: 0 overtredingen, 31 waarschuwingen, 8 meldingen",
        "Analyse: 25 kandidaten voor dubbel werk, 22 hiaten, 362 paren met overlap, 3 gemeenschappen",
        f"243 pagina's; open {out / 'index.html'} in een browser",
    ]
    assert (out / "explorer.html").exists()


def test_report_in_english_replaces_the_previous_report(tmp_path):
    out = tmp_path / "report"
    assert run("report", "--out", str(out)).exit_code == 0
    result = run("report", "--out", str(out), "--lang", "en")
    assert result.stdout.startswith(f"Report written: {out / 'index.html'}")
    assert '<html lang="en">' in (out / "index.html").read_text(encoding="utf-8")


def test_report_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("report", "--out", str(tmp_path))
    assert result.exit_code == 3
    assert "exists and was not made by coalitiegraaf" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"
