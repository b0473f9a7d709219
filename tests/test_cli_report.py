"""coalitiegraaf report"""

from __future__ import annotations

from pathlib import Path

from tests.cli_helpers import run


def test_report_prints_where_it_is_and_five_lines_of_summary(tmp_path):
    out = tmp_path / "report"
    result = run("report", "--out", str(out))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines == [
        f"Rapport geschreven: {out / 'index.html'}",
        "65 actoren, 4 coalities, 4 doorsnijdende thema's, 43 programma's en initiatieven, "
        "27 beleidsdocumenten, 166 afhankelijkheden",
        "Validatie: 0 overtredingen, 30 waarschuwingen, 8 meldingen",
        "Analyse: dubbel werk 4, hiaten 7, overlap 0, groepen 2",
        f"243 pagina's; open {out / 'index.html'} in een browser",
    ]
    assert (out / "explorer.html").exists()


def test_report_in_english_goes_beside_the_dutch_one_unless_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("report").exit_code == 0
    result = run("report", "--lang", "en")
    assert result.stdout.startswith(f"Report written: {Path('report-en') / 'index.html'}")
    assert '<html lang="nl">' in (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in (tmp_path / "report-en" / "index.html").read_text(encoding="utf-8")
    # asked: --out names the Dutch report's folder
    assert run("report", "--out", "report", "--lang", "en").exit_code == 0
    assert '<html lang="en">' in (tmp_path / "report" / "index.html").read_text(encoding="utf-8")


def test_report_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("report", "--out", str(tmp_path))
    assert result.exit_code == 3
    assert "bestaat al en is niet door coalitiegraaf gemaakt" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"
