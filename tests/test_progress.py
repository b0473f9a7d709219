"""A second source through the whole authoring path: intake, sheets, import, validate, diff, report.

The source is tests/fixtures/progress/voortgangsbrief-fictief.txt, a progress letter written for
these tests and marked FICTIEF in its own first line. It changes the agenda in eight ways: Kadaster
joins the digital-ethics coalition and the SVB leaves it; the coalition 'AI in actie' is formed and
the universities of applied sciences become a partner there; two action lines start, one with an
owner and one without; a programme the coalition complemented has ended; and it cites a (made-up)
Kamerstuk. A coordinator's review is written out below as edits of the exported sheets.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest

from coalitiegraaf.authoring.mapping import mapping
from tests.cli_helpers import run
from tests.conftest import FIXTURES, LETTER, requires_letter

LETTER_ID = "kst-26643-1055"
PROGRESS_ID = "kst-26643-9901"
PROGRESS = FIXTURES / "progress" / "voortgangsbrief-fictief.txt"
# the imported progress letter, kept for the README's examples; COALITIEGRAAF_REGENERATE=1 rewrites it
SNAPSHOT = FIXTURES / "progress" / f"{PROGRESS_ID}.trig"

EXPECTED_NL = [
    "nieuwe bron: Voortgang van de agenda 'Coalities voor de digitale samenleving' (2024-03-15)",
    "Coalitie digitale ethiek: nieuwe deelnemer Kadaster als kennispartner",
    "Coalitie digitale ethiek: Sociale Verzekeringsbank neemt niet meer deel (was kennispartner)",
    "Coalitie AI in actie: rol van Hogescholen van Nederland gewijzigd van beoogd partner naar coalitiepartner",
    "Coalitie AI in actie: status gewijzigd van in vorming naar gevormd",
    "Coalitie AI in actie: nieuwe actielijn Opschalen van bewezen AI-toepassingen in de publieke sector, "
    "met actiehouder Vereniging van Nederlandse Gemeenten",
    "Mogelijke brede coalitie duurzaamheid en digitalisering: nieuwe actielijn In kaart brengen van het "
    "energieverbruik van de datacenters van de overheid, zonder actiehouder",
    "afhankelijkheid vervallen: Coalitie AI in actie is aanvullend op ROBUST-programma",
    "voor het eerst aangehaald: Voortgangsrapportage Werkagenda Waardengedreven Digitaliseren",
]
EXPECTED_EN = [
    "new source: Progress of the agenda 'Coalitions for the digital society' (2024-03-15)",
    "Digital ethics coalition gained member Netherlands' Cadastre, Land Registry and Mapping Agency as "
    "knowledge partner",
    "Digital ethics coalition lost member Social Insurance Bank (was knowledge partner)",
    "AI in action coalition: role of Universities of applied sciences of the Netherlands changed from "
    "intended partner to partner",
    "AI in action coalition: status changed from in formation to formed",
    "AI in action coalition: new action line Scaling up proven AI applications in the public sector, owned by "
    "Association of Netherlands Municipalities",
    "Possible broad coalition on sustainability and digitalisation: new action line Mapping the energy use of "
    "government data centres, without an owner",
    "dependency removed: AI in action coalition complements ROBUST programme",
    "cited for the first time: Progress report Work agenda Value-driven Digitalisation",
]


def _read(folder, sheet):
    path = folder / mapping().sheet(sheet).file_name
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(folder, sheet, rows):
    header = [c.name for c in mapping().sheet(sheet).columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    (folder / mapping().sheet(sheet).file_name).write_text(out.getvalue(), encoding="utf-8")


def _passage(intake, quote):
    """The passage of the progress letter that holds ``quote``."""
    for row in _read(intake, "passages"):
        if quote in " ".join(row["text"].split()):
            return {"source document": PROGRESS_ID, "passage": row["id"], "quote": quote}
    raise AssertionError(f"not in the letter: {quote}")


def _review(agenda, intake):
    """What a coordinator does with the exported sheets and intake's proposals."""
    for sheet in ("sections", "passages"):  # the new letter's structure, as intake numbered it
        _write(agenda, sheet, _read(agenda, sheet) + _read(intake, sheet))
    proposed = {row["id"]: row for row in _read(intake, "documents")}
    _write(agenda, "documents", [
        *_read(agenda, "documents"),
        proposed[PROGRESS_ID] | {"label en": "Progress of the agenda 'Coalitions for the digital society'"},
        proposed["kst-26643-9902"] | {"label en": "Progress report Work agenda Value-driven Digitalisation"}])

    coalitions = _read(agenda, "coalitions")
    for row in coalitions:
        if row["id"] == "ai-in-actie":  # a new status, with new evidence for it
            row |= {"status": "gevormd", "status evidence": "evidence/status--ai-in-actie-gevormd"}
    _write(agenda, "coalitions", coalitions)
    _write(agenda, "evidence", [*_read(agenda, "evidence"), {"id": "status--ai-in-actie-gevormd", "support": "uitgesproken"}
                                | _passage(intake, "De coalitie 'AI in actie' is inmiddels gevormd")])

    memberships = [row for row in _read(agenda, "memberships") if row["id"] != "digitale-ethiek--svb"]
    for row in memberships:
        if row["id"] == "ai-in-actie--hogescholen":
            row |= {"role": "coalitiepartner", "support": "uitgesproken", "support note": "", "further evidence": ""} \
                | _passage(intake, "De hogescholen van Nederland zijn nu coalitiepartner")
    memberships.append({"id": "", "organisation": "Coalitie digitale ethiek", "member": "Kadaster",
                        "role": "kennispartner", "support": "uitgesproken"}
                       | _passage(intake, "Het Kadaster is als kennispartner toegetreden tot de coalitie digitale ethiek"))
    _write(agenda, "memberships", memberships)

    _write(agenda, "action lines", [
        *_read(agenda, "action lines"),
        {"id": "", "coalition": "Coalitie AI in actie",
         "label nl": "Opschalen van bewezen AI-toepassingen in de publieke sector",
         "label en": "Scaling up proven AI applications in the public sector",
         "owners": "VNG", "deadline": "2024-12-31"}
        | _passage(intake, "het opschalen van bewezen AI-toepassingen in de publieke sector, met de VNG als actiehouder"),
        {"id": "", "coalition": "coalition/duurzaamheid-en-digitalisering",
         "label nl": "In kaart brengen van het energieverbruik van de datacenters van de overheid",
         "label en": "Mapping the energy use of government data centres"}
        | _passage(intake, "het in kaart brengen van het energieverbruik van de datacenters van de overheid")])

    _write(agenda, "dependencies", [row for row in _read(agenda, "dependencies")
                                    if row["id"] != "ai-in-actie--complements--robust-programma"])


@pytest.fixture(scope="module")
def progress(tmp_path_factory):
    """The progress letter imported as a source of its own (a TriG file), after intake and review."""
    if not LETTER.exists():
        pytest.skip("../shared/sources is not present")
    folder = tmp_path_factory.mktemp("progress")
    intake, agenda = folder / "intake", folder / "agenda"
    result = run("intake", str(PROGRESS), "--id", PROGRESS_ID, "--out", str(intake))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "voortgangsbrief-fictief.txt: 10 alinea's en 1 voetnoot in 4 paragrafen"
    assert run("sheets", "export", "--out", str(agenda)).exit_code == 0
    _review(agenda, intake)
    out = folder / f"{PROGRESS_ID}.trig"
    result = run("sheets", "import", str(agenda), "--source", PROGRESS_ID, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    if os.environ.get("COALITIEGRAAF_REGENERATE"):
        SNAPSHOT.write_bytes(out.read_bytes())
    return {"folder": folder, "intake": intake, "trig": out}


@requires_letter
def test_the_kept_snapshot_is_what_the_review_gives(progress):
    # import writes sorted, canonical TriG: the same rows give the same bytes
    assert progress["trig"].read_bytes() == SNAPSHOT.read_bytes(), \
        "regenerate it: COALITIEGRAAF_REGENERATE=1 pytest tests/test_progress.py"


@requires_letter
def test_intake_proposes_the_new_document_and_known_organisations_with_verbatim_quotes(progress):
    text = " ".join(PROGRESS.read_text(encoding="utf-8").split())
    documents = {row["id"]: row for row in _read(progress["intake"], "documents")}
    assert documents["kst-26643-9902"]["koop id"] == "kst-26643-9902"
    assert documents["kst-26643-9902"]["found by"] == "footnote: Kamerstuk citation"
    assert documents[PROGRESS_ID]["date"] == "2024-03-15"
    assert documents[PROGRESS_ID]["cites"] == "document/kst-26643-9902"
    actors = {row["id"]: row for row in _read(progress["intake"], "actors")}
    assert {name for name, row in actors.items() if row["known"] == "yes"} >= {"kadaster", "svb", "vng"}
    for sheet in ("documents", "actors", "initiatives"):
        for row in _read(progress["intake"], sheet):
            assert " ".join(row["quote"].split()) in text, row


@requires_letter
def test_the_imported_progress_letter_validates_on_its_own(progress):
    result = run("--no-shipped", "validate", str(progress["trig"]), "--format", "json")
    assert result.exit_code == 0, result.stdout[-2000:]
    assert json.loads(result.stdout)["counts"]["violation"] == 0


@requires_letter
@pytest.mark.parametrize(("lang", "expected"), [("nl", EXPECTED_NL), ("en", EXPECTED_EN)])
def test_diff_reports_each_change_of_the_progress_letter_and_nothing_else(progress, lang, expected):
    result = run("diff", LETTER_ID, str(progress["trig"]), "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == expected


@requires_letter
def test_diff_as_json_carries_the_evidence_of_each_change(progress):
    changes = json.loads(run("diff", LETTER_ID, str(progress["trig"]), "--format", "json").stdout)
    member = next(c for c in changes if c["kind"] == "member-added")
    assert member["passage"] == f"https://w3id.org/coalitiegraaf/id/passage/{PROGRESS_ID}/p7"
    assert member["quote"] == "Het Kadaster is als kennispartner toegetreden tot de coalitie digitale ethiek"
    removed = next(c for c in changes if c["kind"] == "dependency-removed")
    assert removed["passage"].endswith(f"{LETTER_ID}/p47")  # what the old letter said, now gone


@requires_letter
def test_the_report_lists_the_changes_since_the_letter(progress):
    out = progress["folder"] / "report"
    result = run("--no-shipped", "report", "--data", str(progress["trig"]), "--since", LETTER_ID,
                 "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    section = page[page.index('<section class="since"'):page.index("</section>", page.index('<section class="since"'))]
    assert "Since kst-26643-1055" in section
    items = [re.sub(r"<[^>]+>", "", item).split(" p", 1)[0].strip()
             for item in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert len(items) == len(EXPECTED_EN)
    assert "AI in action coalition: status changed from in formation to formed" in section


@requires_letter
@pytest.mark.parametrize("store", ["oxigraph", "memory"])  # memory: rdflib issue 2332, worked around
@pytest.mark.parametrize(("date", "source", "status"), [("2023-12-31", LETTER_ID, "in vorming"),
                                                        ("2024-06-01", PROGRESS_ID, "gevormd")])
def test_a_query_asks_what_held_as_of_a_date(progress, date, source, status, store):
    result = run("query", "as-of", "--param", f"date={date}", "--data", str(progress["trig"]), "--format", "json",
                 "--store", store)
    rows = [{name: value["value"] for name, value in binding.items()}
            for binding in json.loads(result.stdout)["results"]["bindings"]]
    assert {row["source"] for row in rows} == {source}
    assert {row["statusLabel"] for row in rows if row["organizationLabel"] == "Coalitie AI in actie"} == {status}
    ethics = {row["memberLabel"] for row in rows if row["organizationLabel"] == "Coalitie digitale ethiek"}
    assert ("Kadaster" in ethics, "Sociale Verzekeringsbank" in ethics) == (
        (False, True) if source == LETTER_ID else (True, False))
