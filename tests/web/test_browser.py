"""The workbench in real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) against `realpolitik serve` over the ingested sample corpus: the map, a pair,
an article with its sentence highlighted, search, an actor page, pasting an article, and
hostile article text that must show as text and never run.

Screenshots of each view go to $REALPOLITIK_SCREENSHOTS (default: build/screenshots/).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from realpolitik import api
from realpolitik.web.app import missing_assets

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHOTS = Path(os.environ.get("REALPOLITIK_SCREENSHOTS", ROOT / "build" / "screenshots"))
HOSTILE = {
    "id": "hostile-1",
    "title": '<img src=x onerror="window.__pwned=1">Iran and Israel',
    "date": "2024-04-20",
    "text": "Iran accused Israel of a strike near Isfahan. "
    '<script>window.__pwned=2</script> <img src=x onerror="window.__pwned=3"> '
    "The United States urged restraint.",
}

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium: apt-get install chromium"
    ),
    pytest.mark.skipif(
        bool(missing_assets()), reason="workbench vendor files not built: run make web"
    ),
]


@pytest.fixture(scope="module")
def base(
    tmp_path_factory: pytest.TempPathFactory, server_factory: Any, auth: dict[str, str]
) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'corpus.db'}"
    assert api.ingest([SAMPLES], db).stored == 10
    server = server_factory(db)
    posted = httpx.post(f"{server.base}/api/ingest", json=HOSTILE, headers=auth, timeout=120)
    assert posted.status_code == 201, posted.text
    return str(server.base)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any script error or dialog (alert = injection)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    yield pg
    context.close()
    assert not problems, problems


def _shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_injection(pg: Any) -> None:
    assert pg.evaluate("window.__pwned") is None
    assert pg.evaluate("document.querySelectorAll('img').length") == 0
    assert pg.evaluate("document.scripts.length") == 2  # cytoscape and app.js, nothing else


def test_map_renders_and_an_edge_opens_its_pair(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    page.wait_for_selector("#edge-list li")
    network = httpx.get(f"{base}/api/network", timeout=10).json()
    page.wait_for_function("window.workbench.cy && window.workbench.cy.nodes().length > 0")
    assert page.evaluate("window.workbench.cy.nodes().length") == len(network["nodes"])
    assert page.evaluate("window.workbench.cy.edges().length") == len(network["edges"])
    inside = page.evaluate(
        """() => { const cy = window.workbench.cy; const w = cy.width(), h = cy.height();
        return cy.nodes().every(n => { const p = n.renderedPosition();
          return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h; }); }"""
    )
    assert inside, "every node is drawn inside the map"
    _shot(page, "map")
    target = page.evaluate(
        """() => { const cy = window.workbench.cy;
        const box = cy.container().getBoundingClientRect();
        for (const e of cy.edges().sort((a, b) => b.data('events') - a.data('events'))) {
          const m = e.renderedMidpoint();
          const clear = cy.nodes().every(n => { const p = n.renderedPosition();
            return Math.hypot(p.x - m.x, p.y - m.y) > n.renderedOuterWidth() + 12; });
          if (clear) return { x: box.left + m.x, y: box.top + m.y,
                              a: cy.$id(e.data('source')).data('label'),
                              b: cy.$id(e.data('target')).data('label') };
        } return null; }"""
    )
    assert target is not None, "some edge has a midpoint clear of nodes"
    page.mouse.click(target["x"], target["y"])
    page.wait_for_selector("#view-pair:not([hidden]) #pair-events tbody tr")
    assert page.text_content("#pair-title") == f"{target['a']} – {target['b']}"


def test_pair_view_charts_and_opens_evidence_in_its_article(page: Any, base: str) -> None:
    page.goto(f"{base}/#/pair/IRN/ISR")
    page.wait_for_selector("#pair-events tbody tr")
    assert page.locator("#pair-chart svg rect.bar").count() >= 2
    assert page.locator("#pair-relations li.rel").count() >= 1
    assert "Iran and Israel" in page.text_content("#pair-brief")
    _shot(page, "pair")
    sentence = page.text_content("#pair-events tbody tr >> nth=0 >> td.evidence")
    page.click("#pair-events tbody tr >> nth=0")
    page.wait_for_selector("#view-doc:not([hidden]) mark.focus")
    assert page.text_content("mark.focus") == sentence
    _shot(page, "article")


def test_search_and_actor_page(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    page.fill("#search-q", "prisoner")
    page.click("#search button")
    page.wait_for_selector("#view-events:not([hidden]) tbody tr")
    cells = page.locator("#events-table td.evidence").all_text_contents()
    assert cells and all("prisoner" in c.lower() for c in cells)
    _shot(page, "search")
    page.goto(f"{base}/#/actor/IRN")
    page.wait_for_selector("#actor-events tbody tr")
    assert page.text_content("#actor-title") == "Iran"
    assert page.locator("#actor-proxies li.rel").count() >= 1
    _shot(page, "actor")


def test_paste_an_article_shows_its_events(page: Any, base: str) -> None:
    page.goto(f"{base}/#/paste")
    page.fill(
        "#paste-text",
        "Qatar mediated talks between Israel and Hamas in Doha. Israel struck targets in Gaza.",
    )
    page.fill("#paste-date", "2023-11-20")
    page.click("#paste-form button[type=submit]")
    page.wait_for_selector("#paste-events tbody tr", timeout=60_000)
    assert "events found" in page.text_content("#paste-status")
    assert page.locator("#paste-article mark").count() >= 1
    _shot(page, "paste")


def test_hostile_article_text_is_shown_never_run(page: Any, base: str) -> None:
    page.goto(f"{base}/#/documents")
    page.wait_for_selector("#documents-table tbody tr")
    assert HOSTILE["title"] in page.text_content("#documents-table")
    page.goto(f"{base}/#/doc/hostile-1")
    page.wait_for_selector("#doc-text .article")
    assert page.text_content("#doc-title") == HOSTILE["title"]
    assert "<script>window.__pwned=2</script>" in page.text_content("#doc-text")
    _no_injection(page)
    page.goto(f"{base}/#/paste")
    page.fill("#paste-text", HOSTILE["text"])
    page.click("#paste-form button[type=submit]")
    page.wait_for_selector("#paste-article .article", timeout=60_000)
    assert "onerror" in page.text_content("#paste-article")
    _no_injection(page)
    _shot(page, "hostile")
