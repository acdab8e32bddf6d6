"""The annual report in Chromium: axe-core (WCAG 2.0 A/AA, 2.1 AA, 2.2 AA) finds no serious or critical violation,
every chart has an accessible name and description and sits beside its data table, and the page makes no request.

Chromium is the Debian package (``/usr/bin/chromium``) and axe-core comes from ``node_modules`` (both installed
by ``make setup``); Playwright only drives the browser (never ``playwright install``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.reports.report_set import AXE, CHROMIUM, CHROMIUM_ARGS, ReportSet, report_set

pytestmark = pytest.mark.xdist_group("browser")

TIERS = ("public", "internal")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run `make setup`"
    assert AXE.exists(), "axe-core is missing: run `make setup` (npm ci)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser: Any, reports: ReportSet, tier: str, width: int = 1280) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(reports.outputs[tier].html.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, requests


@pytest.mark.parametrize("tier", TIERS)
def test_axe_no_serious_or_critical_violations(browser: Any, reports: ReportSet, tier: str) -> None:
    page, requests = _open(browser, reports, tier)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    assert not serious, summary
    assert result["testEngine"]["name"] == "axe-core"
    external = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert not external, f"the page fetched {external}"
    page.close()


@pytest.mark.parametrize("tier", TIERS)
def test_charts_have_names_descriptions_and_tables(browser: Any, reports: ReportSet, tier: str) -> None:
    page, _ = _open(browser, reports, tier)
    figures = page.evaluate(
        """() => Array.from(document.querySelectorAll('figure')).map(f => {
            const svg = f.querySelector('svg');
            const byIds = (attr) => svg ? (svg.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)
                .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim() : null;
            const table = f.querySelector('table');
            return {
                id: f.id,
                hasSvg: !!svg,
                role: svg ? svg.getAttribute('role') : null,
                name: byIds('aria-labelledby'),
                description: byIds('aria-describedby'),
                svgWidth: svg ? svg.getBoundingClientRect().width : 0,
                table: !!table,
                tableCaption: table && table.caption ? table.caption.textContent.trim() : '',
                tableRows: table ? table.tBodies[0].rows.length : 0,
                visibleDescription: (f.querySelector('.chart-description') || {}).textContent || '',
            };
        })"""
    )
    charts = [f for f in figures if f["hasSvg"]]
    assert len(charts) >= 6
    for f in figures:
        assert f["table"], f["id"]
        assert f["tableCaption"], f["id"]
        assert f["tableRows"] >= 1, f["id"]
        assert f["visibleDescription"].startswith("Chart description:"), f["id"]
    for f in charts:
        assert f["role"] == "img", f["id"]
        assert f["name"], f"{f['id']}: the chart has no accessible name"
        assert len(f["description"]) > 60, f"{f['id']}: the chart has no description"
        assert f["svgWidth"] > 200, f"{f['id']}: the chart is not displayed"
    page.close()


def test_narrow_screen_has_no_page_level_horizontal_scroll(browser: Any, reports: ReportSet) -> None:
    """WCAG 1.4.10 reflow at 320 CSS pixels: wide tables scroll inside their own focusable region."""
    page, _ = _open(browser, reports, "internal", width=320)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at 320px wide"
    regions = page.evaluate(
        "() => Array.from(document.querySelectorAll('.table-wrap')).every(d => d.tabIndex === 0 && "
        "d.getAttribute('role') === 'region' && d.getAttribute('aria-labelledby'))"
    )
    assert regions
    page.close()
