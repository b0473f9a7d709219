"""The report in a real browser: Debian's headless Chromium driven by Playwright.

Screenshots go to test-artifacts/report/ (or $COALITIEGRAAF_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coalitiegraaf.report import write_report
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# the flags keep Chromium from reaching out to Google's services at start
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                       reason="chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("COALITIEGRAAF_ARTIFACTS", ROOT / "test-artifacts")) / "report"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def report(memory_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report"
    write_report(memory_store, out, now=datetime(2026, 1, 1, tzinfo=UTC))
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "chromium is not installed"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, failed requests and any request off this disk."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("requestfailed", lambda request: page.problems.append(f"failed: {request.url}"))
    page.on("request", lambda request: request.url.startswith("file://")
            or page.problems.append(f"network: {request.url}"))
    yield page
    context.close()


def test_the_index_loads_offline_without_errors(page, report, artifacts):
    page.goto((report / "index.html").as_uri())
    assert page.locator("h1").first.inner_text() == "Coalities voor de digitale samenleving"
    assert page.locator("article.theme").count() == 4
    page.screenshot(path=artifacts / "index.png", full_page=True)
    assert page.problems == []


def test_the_explorer_draws_finds_vng_and_shows_its_coalitions(page, report, artifacts):
    page.goto((report / "explorer.html").as_uri())
    page.wait_for_function("window.explorer && window.explorer.cy.nodes().length > 0")
    drawn = page.evaluate("window.explorer.cy.nodes().length")
    assert drawn > 100
    page.screenshot(path=artifacts / "explorer.png")

    page.fill("#search", "VNG")
    result = page.locator("#results button")
    assert result.count() >= 1
    assert "Vereniging van Nederlandse Gemeenten" in result.first.inner_text()
    result.first.click()
    details = page.locator("#details-body")
    assert details.locator("h3").inner_text() == "Vereniging van Nederlandse Gemeenten"
    coalitions = details.locator('ul[data-kind="coalitie"] li').all_inner_texts()
    assert coalitions == ["Coalitie AI in actie (gesprekspartner)", "Coalitie digitale ethiek (kennispartner)"]
    assert "Geodatafundament voor het fysieke domein (coalitiepartner)" in details.inner_text()
    page.screenshot(path=artifacts / "explorer-vng.png")
    assert page.problems == []


def test_clicking_a_node_in_the_network_shows_it(page, report):
    page.goto((report / "explorer.html").as_uri())
    page.wait_for_function("window.explorer && window.explorer.cy.nodes().length > 0")
    target = "https://w3id.org/coalitiegraaf/id/coalition/digitale-ethiek"
    box = page.locator("#network").bounding_box()
    position = page.evaluate(f"window.explorer.cy.getElementById('{target}').renderedPosition()")
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    assert page.locator("#details-body h3").inner_text() == "Coalitie digitale ethiek"
    assert page.problems == []


def test_a_filter_fades_what_does_not_match(page, report, artifacts):
    page.goto((report / "explorer.html").as_uri())
    page.wait_for_function("window.explorer && window.explorer.cy.nodes().length > 0")
    page.select_option("#filter-role", "adviseur")
    kept = page.evaluate("window.explorer.cy.nodes().not('.faded').map(n => n.data('short'))")
    assert sorted(kept) == ["ROB"]
    page.screenshot(path=artifacts / "explorer-filter.png")


def test_a_coalition_page_lists_its_partners_and_links_to_the_evidence(page, report, artifacts):
    page.goto((report / "id" / "coalition" / "digitale-ethiek.html").as_uri())
    partners = page.locator("section", has=page.locator("h2", has_text="Deelnemers"))
    text = partners.inner_text()
    for partner in ("Interprovinciaal Overleg", "Raad voor het Openbaar Bestuur", "Vereniging van Nederlandse Gemeenten"):
        assert partner in text
    page.screenshot(path=artifacts / "coalition.png", full_page=True)
    partners.locator("a.evidence").first.click()
    assert "kst-26643-1055.html#p" in page.url
    assert page.problems == []


def test_the_analysis_page_shows_its_pictures(page, report, artifacts):
    page.goto((report / "analysis.html").as_uri())
    for image in page.locator("img.chart").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=artifacts / "analysis.png", full_page=True)
    assert page.problems == []


def _go(page, locator) -> None:
    """One click, and the page it leads to loaded."""
    locator.click()
    page.wait_for_load_state()


def test_the_five_questions_of_a_coordinator_within_three_clicks_of_the_overview(page, report, artifacts):
    overview = (report / "index.html").as_uri()

    # (a) my organisation's coalitions and roles: the ministry counts with its minister (paragraph 61)
    page.goto(overview)
    _go(page, page.get_by_role("link", name="In welke coalities zit mijn organisatie, en in welke rol?"))
    _go(page, page.locator("h2 a", has_text="Ministerie van Economische Zaken en Klimaat"))
    parts = page.locator("section", has=page.locator("h2", has_text="Coalities, samenwerkingsverbanden en programma's"))
    text = parts.inner_text()
    assert "Onderzoek naar de impact van digitalisering op duurzaamheidsbeleid en vice versa" in text
    assert "Minister van Economische Zaken en Klimaat" in text and "beoogd" in text
    page.screenshot(path=artifacts / "question-organisation.png", full_page=True)

    # (b) the duplicate candidates and why: the cabinet's future images beside VNG's (paragraphs
    # 13 and 19); the letter's own warning of the wheel, whose tracks it implies, shows with
    # --include implied
    page.goto(overview)
    _go(page, page.get_by_role("link", name="Waar gebeurt mogelijk dubbel werk, en waarom?"))
    duplicates = page.locator("section", has=page.locator("h2#duplicates")).inner_text()
    assert "leg ze naast elkaar, zodat ze op elkaar aansluiten" in duplicates
    assert "Onderdeel daarvan zijn toekomstbeelden voor de Nederlandse digitale samenleving in 2040" in duplicates
    assert "aanvullend volgens de brief: controleer de taakverdeling" in duplicates

    # (c) the gaps, with the words that establish them (paragraph 38)
    page.goto(overview)
    _go(page, page.get_by_role("link", name="Wat ontbreekt er nog?"))
    gaps = page.locator("section", has=page.locator("h2#gaps")).inner_text()
    assert "Voor het interbestuurlijk uitwisselen van deze kennis ontbreekt echter de benodigde infrastructuur" in gaps
    assert "geen plan van aanpak" in gaps

    # (d) what stalls if the BDI stalls, every link with its quote (paragraphs 51 and 56)
    page.goto(overview)
    _go(page, page.get_by_role("link", name="Wat stokt er als iets stokt?"))
    page.fill("#node-filter", "Basis Data")
    _go(page, page.locator("#depended-on a", has_text="Basis Data Infrastructuur").first)
    stalls = page.locator("section#stalls").inner_text()
    assert "Als Basis Data Infrastructuur stokt, raakt dat Digitale Infrastructuur Logistiek" in stalls
    assert "Binnen het door het Nationaal Groeifonds ondersteunde programma Digitale Infrastructuur Logistiek" in stalls
    page.screenshot(path=artifacts / "question-impact.png", full_page=True)

    # (e) what the letter says for a fact: one click from a partner on the overview to the
    # paragraph's full text, and on to the official publication
    page.goto(overview)
    theme = page.locator("article.theme", has_text="Coalitie digitale ethiek").first
    _go(page, theme.locator("a.evidence", has_text="alinea 38").first)
    assert page.url.endswith("kst-26643-1055.html#p38")
    paragraph = page.locator("article#p38 .passage-text").inner_text()
    assert "In deze fase wordt de coalitie gevormd door IPO, UWV, SVB, Rijks ICT-Gilde en VNG" in paragraph
    official = page.get_by_role("link", name="Officiële publicatie van de brief")
    assert official.get_attribute("href") == "https://zoek.officielebekendmakingen.nl/kst-26643-1055.html"
    assert page.problems == []


def test_every_kind_of_page_fits_a_phone(browser, report, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("index.html", "organisations.html", "analysis.html", "dependencies.html", "validation.html",
                 "explorer.html", "names.html", "id/actor/ezk.html", "id/coalition/digitale-ethiek.html",
                 "id/initiative/basis-data-infrastructuur.html", "id/passage/kst-26643-1055.html"):
        page.goto((report / path).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto((report / "index.html").as_uri())
    page.screenshot(path=artifacts / "index-phone.png", full_page=True)
    context.close()


def test_the_explorers_first_view_is_the_agenda_and_its_partners(page, report, artifacts):
    page.goto((report / "explorer.html").as_uri())
    page.wait_for_function("window.explorer && window.explorer.cy.nodes().length > 0")
    shown = page.evaluate("window.explorer.cy.nodes().not('.hidden').map(n => n.data('kind'))")
    hidden = page.evaluate("window.explorer.cy.nodes('.hidden').length")
    assert 20 < len(shown) < 80 and hidden > 50
    assert "initiative" not in shown
    # labels of 11 px and more are drawn at half size at the least
    assert page.evaluate("window.explorer.cy.zoom()") >= 0.5
    page.screenshot(path=artifacts / "explorer-first-view.png")
    page.check("#show-all")
    assert page.evaluate("window.explorer.cy.nodes('.hidden').length") == 0
