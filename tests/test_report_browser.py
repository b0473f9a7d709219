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
