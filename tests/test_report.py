"""The report library: what the pages say (checked against the letter), determinism, escaping,
and that a run replaces only a folder it made, whole."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coalitiegraaf.errors import ExportError
from coalitiegraaf.project import load
from coalitiegraaf.report import write_report
from coalitiegraaf.report.pages import page_of
from tests.conftest import FIXTURES, ID

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def report(memory_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report"
    write_report(memory_store, out, now=NOW)
    return out


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def explorer_data(report: Path) -> dict:
    script = text(report / "static" / "explorer-data.js")
    return json.loads(script.removeprefix("window.COALITIEGRAAF_EXPLORER = ").rstrip().removesuffix(";"))


def test_the_summary_counts_what_the_letter_names(report):
    index = text(report / "index.html")
    for count, what in [(65, "actoren"), (4, "coalities"), (4, "doorsnijdende thema&#39;s"),
                        (27, "beleidsdocumenten"), (166, "afhankelijkheden")]:
        assert f'<span class="count">{count}</span> {what}' in index
    assert "0 overtredingen, 30 waarschuwingen, 8 meldingen" in index


def test_each_theme_shows_its_coalition_status_and_what_its_action_lines_lack(report):
    index = text(report / "index.html")
    themes = index.split('<article class="theme"')[1:]
    assert len(themes) == 4
    ethics, ai, data, sustainability = themes
    assert "Coalitie digitale ethiek" in ethics and "gevormd" in ethics
    # §38-§40: the three action lines of the ethics coalition, none with an owner or deadline yet
    assert ethics.count("ontbreekt: actiehouder, mijlpaal, deadline, concreet doel") == 3
    assert "Implementatiekader &#39;Verantwoorde inzet van algoritmen&#39;" in ethics
    assert "Coalitie AI in actie" in ai and "in vorming" in ai
    assert "Geodatafundament voor het fysieke domein" in data and "gevormd" in data
    assert "in verkenning" in sustainability


def test_a_coalition_page_lists_its_partners_with_roles_and_evidence(report):
    page = text(report / page_of(ID + "coalition/digitale-ethiek"))
    assert "Interprovinciaal Overleg" in page and "kennispartner" in page
    assert "Raad voor het Openbaar Bestuur" in page and "adviseur" in page
    assert 'href="../../id/passage/kst-26643-1055.html#p38"' in page


def test_an_actor_page_lists_its_coalitions_and_roles(report):
    page = text(report / page_of(ID + "actor/vng"))
    members = page.split("<h2>Coalities, samenwerkingsverbanden en programma&#39;s</h2>")[1].split("</section>")[0]
    assert "Coalitie digitale ethiek" in members and "kennispartner" in members
    # paragraph 47: a conversation partner of a coalition in formation, which the letter intends
    assert "Coalitie AI in actie" in members and "gesprekspartner" in members and "beoogd" in members
    assert "Geodatafundament" in members


def test_a_ministry_page_lists_what_its_ministers_do(report):
    # paragraph 61: the minister of EZK has a study done and will send an action plan
    page = text(report / page_of(ID + "actor/ezk"))
    parts = page.split("<h2>Coalities, samenwerkingsverbanden en programma&#39;s</h2>")[1].split("</section>")[0]
    assert "Onderzoek naar de impact van digitalisering op duurzaamheidsbeleid en vice versa" in parts
    assert "Actieplan digitalisering en duurzaamheid" in parts
    assert "Minister van Economische Zaken en Klimaat" in parts


def test_every_link_in_every_page_points_at_a_file_of_the_report(report):
    import re

    for page in report.rglob("*.html"):
        for target in re.findall(r'(?:href|src)="([^"#]+)', text(page)):
            if target.startswith("https://"):
                # a node's linked-data address, or the letter's official publication
                assert target.startswith(("https://w3id.org/coalitiegraaf/id/",
                                          "https://zoek.officielebekendmakingen.nl/")), target
                continue
            assert (page.parent / target).resolve().exists(), f"{page.relative_to(report)} → {target}"


def test_every_anchor_a_page_links_to_is_on_the_page_it_names(report):
    import re
    from urllib.parse import unquote

    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in report.rglob("*.html"):
        for target, anchor in re.findall(r'href="([^"#:]*)#([^"]+)"', text(page)):
            file = (page.parent / target).resolve() if target else page.resolve()
            if file not in ids:
                ids[file] = set(re.findall(r' id="([^"]+)"', text(file)))
            assert unquote(anchor) in ids[file], f"{page.relative_to(report)} → {target}#{anchor}"
            checked += 1
    assert checked > 100


def test_a_coalitions_collaborations_and_action_lines_are_sections_of_its_page(report):
    assert not (report / "id" / "collaboration").exists() and not (report / "id" / "action-line").exists()
    page = text(report / page_of(ID + "coalition/verantwoord-datagebruik"))
    assert '<section class="part" id="collaboration/geodatafundament">' in page
    assert "<h2>Geodatafundament voor het fysieke domein</h2>" in page
    ethics = text(report / page_of(ID + "coalition/digitale-ethiek"))
    assert '<section class="part" id="action-line/ethische-geletterdheid">' in ethics
    organisations = text(report / "organisations.html")
    assert 'href="id/coalition/verantwoord-datagebruik.html#collaboration/geodatafundament"' in organisations


def test_long_lists_are_cut_on_the_page_and_whole_in_the_findings_files(memory_store, tmp_path, monkeypatch):
    import csv

    from coalitiegraaf.report import pages

    monkeypatch.setattr(pages, "LISTED", 2)
    write_report(memory_store, tmp_path / "out", now=NOW)
    with (tmp_path / "out" / "findings" / "duplicates.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["subject", "other", "kind", "strength", "finding", "evidence"] and len(rows) == 1 + 4
    analysis_page = text(tmp_path / "out" / "analysis.html")
    assert "… en nog 2; alle 4 staan in" in analysis_page
    assert 'href="findings/duplicates.csv"' in analysis_page


def test_a_large_agenda_shows_its_best_connected_nodes_in_the_explorer(tmp_path, monkeypatch):
    from coalitiegraaf.report import pages

    monkeypatch.setattr(pages, "EXPLORER_SIZE", 20)
    write_report(load(), tmp_path / "out", now=NOW)
    nodes = {n["id"].removeprefix(ID) for n in explorer_data(tmp_path / "out")["nodes"]}
    # the eight themes, four coalitions and four collaborations, then the best connected: the
    # State Secretary, in more efforts than any other actor (the brokers analysis)
    assert len(nodes) == 20
    assert sum(n.startswith(("theme/", "coalition/", "collaboration/")) for n in nodes) == 16
    assert "actor/staatssecretaris-bzk" in nodes


def test_the_evidence_page_holds_the_quotes_of_a_passage(report):
    source = text(report / "id" / "passage" / "kst-26643-1055.html")
    passage = source.split('id="p38"')[1].split("</article>")[0]
    assert "Coalitiepartners als het UWV, de SVB en de VNG" in passage


def test_a_passage_page_shows_the_paragraph_as_a_reader_sees_it(report):
    source = text(report / "id" / "passage" / "kst-26643-1055.html")
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-26643-1055.html"' in source
    full = source.split('id="p53"')[1].split("</article>")[0].split('class="passage-text"')[1].split("</p>")[0]
    assert "Er gebeurt al veel, maar een extra stap is nodig. Het wiel wordt op diverse plekken" in full
    # the source's Markdown emphasis is not shown
    assert "*" not in source.split('id="p2"')[1].split("</article>")[0]
    assert "De Nederlandse AI-Coalitie (NLAIC)" in source


def test_the_explorer_data_connects_vng_to_its_coalitions(report):
    data = explorer_data(report)
    vng = next(n for n in data["nodes"] if "VNG" in n["alt"])
    assert {c.removeprefix(ID) for c in vng["coalitions"]} == {
        "coalition/digitale-ethiek", "coalition/ai-in-actie", "coalition/verantwoord-datagebruik"}
    assert set(vng["roles"]) == {"kennispartner", "gesprekspartner", "coalitiepartner"}
    assert {n["kind"] for n in data["nodes"]} == {"actor", "coalition", "collaboration", "theme", "initiative"}


def test_the_report_is_the_same_for_the_same_graph(report, tmp_path):
    again = tmp_path / "again"
    write_report(load(store="oxigraph"), again, now=NOW)

    def digest(folder: Path) -> dict[str, str]:
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert digest(again) == digest(report)


@pytest.fixture(scope="module")
def report_en(memory_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report-en") / "report"
    write_report(memory_store, out, lang="en", now=NOW)
    return out


def test_the_english_report_uses_english_labels(report_en):
    index = text(report_en / "index.html")
    assert '<html lang="en">' in index
    assert "Digital ethics coalition" in index and "Partners and roles" in index


# what a reader must never see: a web address or a prefixed name of ours, or a property's
# own name (the letter's words, in quotes and in a passage's text, may hold a web address)
RAW = re.compile(r"https?://|\b(?:cg|dcterms|skos|org|owl|rdfs|rdf|prov|foaf|xsd|eli|cpov|dcat|sh):[A-Za-z]"
                 r"|\b[a-z]+[A-Z][A-Za-z]*\b|\b(?:broader|notation)\b")


def _visible_text_outside_quotes(html: str) -> str:
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.hidden: list[bool] = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "link", "img", "input", "br"):
                self.hidden.append(tag in ("script", "style", "q", "blockquote")
                                   or "passage-text" in (dict(attrs).get("class") or ""))

        def handle_endtag(self, tag):
            if tag not in ("meta", "link", "img", "input", "br") and self.hidden:
                self.hidden.pop()

        def handle_data(self, data):
            if not any(self.hidden):
                self.parts.append(data)

    parser = Visible()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_shows_a_raw_iri_a_prefixed_name_or_a_property_name(language, report, report_en):
    folder = report if language == "nl" else report_en
    found = {}
    for page in folder.rglob("*.html"):
        for match in RAW.finditer(_visible_text_outside_quotes(text(page))):
            found.setdefault(str(page.relative_to(folder)), set()).add(match.group(0))
    assert found == {}


def test_labels_with_markup_are_shown_as_text(tmp_path):
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(
        '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
        '@prefix cg: <https://w3id.org/coalitiegraaf/def#> .\n'
        '<https://w3id.org/coalitiegraaf/id/actor/evil> a cg:Actor ;\n'
        '  skos:prefLabel "<script>alert(1)</script> [bold]x[/bold]"@nl ;\n'
        '  skos:altLabel "</script><img src=x onerror=alert(2)>" .\n', encoding="utf-8")
    write_report(load([hostile]), tmp_path / "out", now=NOW)
    page = text(tmp_path / "out" / "id" / "actor" / "evil.html")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; [bold]x[/bold]" in page
    assert "<img src=x" not in text(tmp_path / "out" / "names.html")


def test_markup_in_any_value_a_page_repeats_is_shown_as_text(tmp_path):
    # a label, a role, a quote, a property's value, a support and an identifier with markup in
    # them: the pieces made in Python (links, quotes, table rows, findings) escape each of them
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text("""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix cg: <https://w3id.org/coalitiegraaf/def#> .
@prefix id: <https://w3id.org/coalitiegraaf/id/> .
<https://w3id.org/coalitiegraaf/id/actor/x'&y> a cg:Actor ; skos:prefLabel "<evil-b>Actor"@nl ;
    cg:purpose "<evil-c>"@nl .
<https://w3id.org/coalitiegraaf/id/coalition/evil> a cg:Coalition ; skos:prefLabel "Coalitie <evil-d>"@nl ;
    cg:sourcePassage <https://w3id.org/coalitiegraaf/id/passage/kst-26643-1055/p38> ;
    cg:quote "<evil-e> zegt de brief"@nl .
<https://w3id.org/coalitiegraaf/id/role/evil> skos:prefLabel "<evil-f>rol"@nl .
<https://w3id.org/coalitiegraaf/id/membership/evil> a cg:Membership ;
    org:organization <https://w3id.org/coalitiegraaf/id/coalition/evil> ;
    org:member <https://w3id.org/coalitiegraaf/id/actor/x'&y> ;
    org:role <https://w3id.org/coalitiegraaf/id/role/evil> ; cg:support <https://w3id.org/x/a'b> ;
    cg:sourcePassage <https://w3id.org/coalitiegraaf/id/passage/kst-26643-1055/p38> ;
    cg:quote "<evil-h> lid"@nl .
""", encoding="utf-8")
    write_report(load([hostile]), tmp_path / "out", now=NOW)
    pages = {p: text(p) for p in (tmp_path / "out").rglob("*.html")}
    assert any("&lt;evil-e&gt; zegt de brief" in page for page in pages.values())
    assert any("&lt;evil-f&gt;rol" in page for page in pages.values())
    assert any('support-a&#39;b"' in page for page in pages.values())
    assert any("actor/x&#39;&amp;y" in page for page in pages.values())
    assert [p.name for p, page in pages.items() if "<evil" in page or "x'&y" in page or "a'b" in page] == []


@pytest.mark.parametrize("generated", [0, 3_000])
def test_a_report_made_by_several_processes_is_the_one_one_process_makes(tmp_path, monkeypatch, generated):
    # as a large agenda's: its pages written by three processes, the validation, the overlaps
    # and the rankings made beside the analyses; and the same report by one process, forking
    # nothing. The letter has no overlaps, a generated federation of 3,000 statements 179
    from coalitiegraaf.report import pages, processes
    from coalitiegraaf.sources.generate import generate

    data = [generate(generated, 1, tmp_path / "federation.nt").path] if generated else []
    store = load(data, store="oxigraph")
    monkeypatch.setattr(processes, "_workers", lambda jobs: 3)
    monkeypatch.setattr(pages, "BESIDE_FROM", 0)
    assert write_report(store, tmp_path / "three", now=NOW).findings["overlaps"] == (179 if generated else 0)
    monkeypatch.setattr(processes, "_workers", lambda jobs: 1)
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    write_report(store, tmp_path / "one", now=NOW)

    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files(tmp_path / "three") == files(tmp_path / "one")
    assert "validation.html" in files(tmp_path / "one")


def test_identifiers_cannot_write_outside_the_report():
    assert page_of(ID + "actor/../../../etc/passwd") == "id/actor/_2e_2e/_2e_2e/_2e_2e/etc/passwd.html"
    assert page_of(ID + "actor/a b?c") == "id/actor/a_20b_3fc.html"


def test_a_slug_is_its_own_name_up_to_a_hundred_characters():
    # a plain segment is taken as it is; one a character longer gets its first 80 and a hash
    assert page_of(ID + "actor/" + "a-1" * 33 + "b") == "id/actor/" + "a-1" * 33 + "b.html"
    long = page_of(ID + "actor/" + "a-1" * 33 + "bc")
    assert long.startswith("id/actor/" + ("a-1" * 33)[:80] + "~") and len(long) == len("id/actor/") + 97 + 5
    assert page_of(ID + "actor/Vng") == "id/actor/_56ng.html"
    assert page_of(ID + "actor/vng\n") == "id/actor/vng_0a.html"


def test_a_folder_that_is_not_a_report_is_never_replaced(memory_store, tmp_path):
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.txt").write_text("years of work")
    with pytest.raises(ExportError, match="niet door coalitiegraaf gemaakt"):
        write_report(memory_store, precious, now=NOW)
    assert (precious / "chapter1.txt").read_text() == "years of work"


def test_a_failed_run_leaves_the_previous_report(memory_store, report, tmp_path, monkeypatch):
    import shutil

    from coalitiegraaf.report import pages

    out = tmp_path / "report"
    shutil.copytree(report, out)
    before = text(out / "index.html")

    def broken(self, folder):
        (folder / "index.html").write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pages.Site, "write", broken)
    with pytest.raises(ExportError, match="No space left on device"):
        write_report(memory_store, out, now=NOW)
    assert text(out / "index.html") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.") and p.is_dir()] == []


def test_the_vendored_explorer_library_is_the_pinned_release():
    from coalitiegraaf.report.pages import HERE

    vendor = HERE / "static" / "vendor"
    digest = hashlib.sha256((vendor / "cytoscape.min.js").read_bytes()).hexdigest()
    assert digest in text(vendor / "README.md")
    assert "Permission is hereby granted" in text(vendor / "cytoscape.LICENSE")


def test_user_data_appears_in_the_report(tmp_path):
    extra = FIXTURES / "report" / "extra-member.ttl"
    write_report(load([extra]), tmp_path / "out", now=NOW)
    page = text(tmp_path / "out" / page_of(ID + "coalition/digitale-ethiek"))
    assert "Gemeente Voorbeeld" in page
