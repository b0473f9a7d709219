"""coalitiegraaf analyse"""

from __future__ import annotations

import csv
import io
import json

from tests.cli_helpers import run


def test_analyse_impact_by_label_quotes_every_link(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # a line per heading and per quote
    result = run("analyse", "impact", "--node", "NLAIC")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    chain = lines.index("sterk · stokt mee · ELSA labs")
    # two links from ELSA labs to the NLAIC, through its programme (paragraph 43), each with its quote
    assert [line.split(" — ")[1][:4] for line in lines[chain + 2:chain + 4]] == ["p43:", "p43:"]
    assert lines[-1] == "6 bevindingen"  # the NLAIC depends on nothing the letter states


def test_analyse_duplicates_as_json_and_csv():
    findings = json.loads(run("analyse", "duplicates", "--format", "json").stdout)
    rows = list(csv.reader(io.StringIO(run("analyse", "duplicates", "--format", "csv").stdout)))
    assert rows[0] == ["subject", "other", "kind", "strength", "finding", "evidence"]
    assert len(rows) - 1 == len(findings) >= 3
    # paragraphs 13 and 19: the cabinet's future images beside VNG's
    assert findings[0]["kind"] == "parallel-vision"
    assert set(findings[0]["sentence"]) == {"nl", "en"}
    assert findings[0]["evidence"][0] == {
        "passage": "https://w3id.org/coalitiegraaf/id/passage/kst-26643-1055/p13",
        "quote": "Onderdeel daarvan zijn toekomstbeelden voor de Nederlandse digitale samenleving in 2040",
        "about": "https://w3id.org/coalitiegraaf/id/agenda/toekomstbeelden",
        "label": "Toekomstbeelden Nederlandse digitale samenleving 2040", "support": "stated"}


def test_include_adds_what_the_letter_implies(monkeypatch):
    monkeypatch.setenv("COALITIEGRAAF_LANG", "nl")
    stated = run("analyse", "duplicates", "--format", "csv").stdout
    implied = run("analyse", "duplicates", "--include", "implied", "--format", "csv").stdout
    # paragraphs 52 and 53: that the reinvented wheel is the four data tracks' work is implied
    assert "reinvented-wheel" not in stated
    assert "Het wiel wordt op diverse plekken uitgevonden” (afgeleid)" in implied
    assert "'magic' kan niet; kies uit implied, intended" in run("analyse", "duplicates", "--include",
                                                                  "magic").stderr


def test_analyse_organisation_by_abbreviation_in_english():
    result = run("analyse", "organisation", "--node", "VNG", "--lang", "en", "--format", "md")
    assert result.exit_code == 0
    assert "| VNG is knowledge partner in Digital ethics coalition. |" in result.stdout


def test_analyse_gaps_as_a_table():
    result = run("analyse", "gaps")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "sterk · geen coalitie · Duurzaamheid en digitalisering"
    assert result.stdout.splitlines()[-1] == "7 bevindingen"


def test_analyse_refuses_an_unknown_analysis_and_a_missing_node():
    assert "analyse 'magic' bestaat niet" in run("analyse", "magic").stderr
    assert "organisation heeft --node nodig" in run("analyse", "organisation").stderr
    assert "unknown analysis 'magic'" in run("analyse", "magic", "--lang", "en").stderr


def test_analyse_writes_findings_as_rdf_that_the_graph_can_query(tmp_path):
    target = tmp_path / "overlaps.ttl"
    # the letter's one overlap is implied (IPO and VNG in brackets at the geodata foundation)
    result = run("analyse", "overlaps", "--include", "implied", "--rdf", str(target), "--format", "csv")
    assert result.exit_code == 0
    import rdflib

    graph = rdflib.Graph().parse(target)
    cg = rdflib.Namespace("https://w3id.org/coalitiegraaf/def#")
    findings = set(graph.subjects(rdflib.RDF.type, cg.Finding))
    assert len(findings) == len(list(csv.reader(io.StringIO(result.stdout)))) - 1 == 1
    assert {o.language for f in findings for o in graph.objects(f, cg.explanation)} == {"nl", "en"}


def test_analyse_impact_without_a_node_ranks_what_touches_most():
    rows = list(csv.reader(io.StringIO(run("analyse", "impact", "--format", "csv").stdout)))
    assert rows[1][0] == "Nederlandse AI-Coalitie"
    assert rows[1][4] == ("6 knopen hangen van Nederlandse AI-Coalitie af, 2 direct: "
                          "als het stokt, raakt dat elk van hen.")


def test_text_shows_a_hundred_findings_and_every_other_format_all(tmp_path):
    """A generated federation of 3,000 statements has 179 overlaps: the text shows the first
    hundred (as the report does), then how many more and where they all are."""
    from coalitiegraaf.sources.generate import generate

    data = str(generate(3_000, 1, tmp_path / "federation.nt").path)
    every = json.loads(run("analyse", "overlaps", "--data", data, "--format", "json").stdout)
    text = run("analyse", "overlaps", "--data", data, "--lang", "en").stdout
    assert len(every) == 179
    assert text.endswith("… and 79 more (all of them: --format json, csv, md or xlsx)\n179 findings\n")
    assert every[99]["sentence"]["en"] in " ".join(text.split())
    assert every[100]["sentence"]["en"] not in " ".join(text.split())
