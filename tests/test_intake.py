"""coalitiegraaf intake: the seed letter read as a new one, and the TOOI extract it uses."""

from __future__ import annotations

import importlib.util

import pytest

from coalitiegraaf.authoring.intake import intake
from coalitiegraaf.authoring.tooi import extract, organisations
from coalitiegraaf.project import load
from tests.cli_helpers import run
from tests.conftest import ROOT, VOCAB, requires_letter, requires_vocab


def _bench():
    spec = importlib.util.spec_from_file_location("bench_intake", ROOT / "bench" / "intake.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def as_new(letter_text):
    return _bench().measure(letter_text)


@requires_letter
def test_intake_finds_the_documents_organisations_and_initiatives_of_the_seed_letter(as_new):
    # the targets of issue 20; bench/intake.py prints these numbers and the README keeps them
    assert as_new["documents"]["recall"] >= 0.90
    assert as_new["actors"]["recall"] >= 0.75
    assert as_new["initiatives"]["recall"] >= 0.75
    assert as_new["documents"]["missed"] == []


@requires_letter
@pytest.mark.parametrize("with_graph", [False, True])
def test_every_candidate_carries_a_verbatim_quote_of_its_passage(letter_text, with_graph):
    result = intake(letter_text, "kst-26643-1055", load(include_shipped=with_graph))
    assert result.candidates
    for candidate in result.candidates:
        assert candidate.quote and candidate.quote in candidate.passage.passage.text, candidate
        assert letter_text.count(candidate.passage.passage.text.split("\n")[0]) >= 1


@requires_letter
def test_official_identifiers_come_from_the_footnotes(letter_text):
    found = {c.id: c for c in intake(letter_text, "kst-x", load(include_shipped=False)).candidates
             if c.sheet == "documents"}
    assert found["kst-26643-842"].cells["cited vergaderjaar"] == "2021/22"
    assert found["kst-26643-842"].quote == ("'Hoofdlijnen beleid voor digitalisering' "
                                            "(Kamerstukken II 2021/22 26 643, nr. 842)")
    assert found["stcrt-2022-35231"].label == "Bestuurlijk convenant digitale veiligheid gemeenten"
    assert found["kst-35510-16"].label == "motie van het lid Klaver c.s."
    assert found["kst-26643-1005"].passage.id == "fn21"


@requires_vocab
def test_the_shipped_tooi_extract_is_made_from_the_lists():
    shipped = (ROOT / "src" / "coalitiegraaf" / "authoring" / "data" / "tooi.csv").read_bytes()
    assert extract(VOCAB / "tooi") == shipped
    names = {o.name for o in organisations()}
    assert {"ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "Tweede Kamer", "provincie Flevoland",
            "gemeente Amsterdam"} <= names


def test_intake_errors_are_usage_errors(tmp_path):
    result = run("intake", str(tmp_path / "missing.txt"), "--id", "kst-1-2", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "missing.txt: kan niet lezen" in result.stderr
    (tmp_path / "brief.txt").write_text("Een brief.\n", encoding="utf-8")
    result = run("intake", str(tmp_path / "brief.txt"), "--id", "kst 1", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "--id 'kst 1': alleen letters, cijfers" in result.stderr
    assert not (tmp_path / "x").exists()
