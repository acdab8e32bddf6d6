"""Issue 17's Progress page in Chromium, for an internal and a public-tier role at 1,200 and 390 px: axe-core finds
no serious or critical violation (with the charts' data tables open too), the page never scrolls sideways, both
charts (the Model Employer trajectory and the projection) are accessible SVG with a title and a description and a
data table, each drawn inside the screen (below 641 px the phone's version of each), and no table cell runs past the
screen or clips its text. Screenshots are kept in
test-artifacts/web/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.browser import axe_violations, browser, new_page, screenshot, sign_in
from tests.web.conftest import PASSWORD, People

from wres.web import figures as fig
from wres.web import outlook_page as page_module
from wres.web.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]

CHARTS = """() => {
  const out = {charts: [], tables: document.querySelectorAll('details table').length, cut: [], wide: [], cells: []};
  for (const svg of document.querySelectorAll('svg.chart-svg')) {
    if (svg.closest('.wres-chart').offsetParent === null) continue;  // the other of a wide / phone pair
    const title = svg.querySelector('title'), desc = svg.querySelector('desc');
    out.charts.push([svg.getAttribute('role'), title ? title.textContent : '', desc ? desc.textContent.length : 0]);
    const region = svg.closest('.wres-chart');
    const box = region.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 || box.left < 0) out.cut.push([box.left, box.right]);
    const drawn = svg.getBoundingClientRect();
    if (drawn.right > window.innerWidth + 1) out.wide.push([title ? title.textContent : '', drawn.right]);
  }
  for (const cell of document.querySelectorAll('td, th')) {
    // below 641 px a stacked table's column heads are visually hidden (each cell carries its own label)
    if (window.innerWidth < 641 && cell.closest('thead')) continue;
    const r = cell.getBoundingClientRect();
    if (r.width && (r.right > window.innerWidth + 1 || cell.scrollWidth > cell.clientWidth + 1))
      out.cells.push(cell.textContent.trim().slice(0, 40));
  }
  return out;
}"""


@pytest.fixture(autouse=True)
def _few_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(page_module, "RUNS", 200)
    fig.clear()
    yield
    fig.clear()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.NETWORK_MEMBER], ids=lambda r: r.value)
def test_progress_page_reads_and_passes_axe(role: Role, browser: Any, live_server: Any, people: People) -> None:
    origin = live_server.url
    target = f"{origin}/org/{people.org_a.code}/progress/"
    problems: list[str] = []
    for width in (1200, 390):
        w = new_page(browser, origin, bypass_csp=True, width=width)
        sign_in(w, people.user(role).username, PASSWORD)  # type: ignore[attr-defined]
        response = w.page.goto(target)
        assert response is not None
        assert response.status == 200
        w.page.wait_for_load_state("load")
        screenshot(w.page, f"outlook-{role.value}-{width}")
        where = f"{role.value} at {width} px"
        charts = w.page.evaluate(CHARTS)
        # the trajectory and the projection; in the public tier band 8a and above's counts are not published (one
        # of its clusters is too small), so it has no trajectory to draw and the page says so instead
        expected = 2 if role is Role.ANALYST else 1
        assert len(charts["charts"]) == expected, (where, charts)
        if role is Role.NETWORK_MEMBER:
            assert "No trajectory to chart for band 8a and above" in w.page.inner_text("#model-employer")
        for role_attr, title, desc in charts["charts"]:
            assert role_attr == "img", where
            assert title, where
            assert desc > 40, where
        if charts["cut"]:
            problems.append(f"{where}: a chart region reaches past the screen {charts['cut']}")
        if charts["wide"]:  # below 641 px the phone's version of each chart is shown, drawn to fit the screen
            problems.append(f"{where}: a chart is wider than the screen {charts['wide']}")
        if charts["cells"]:  # a stacked table's long values (a gap with its interval) wrap inside the screen
            problems.append(f"{where}: table cells run past the screen or are clipped {charts['cells'][:5]}")
        scroll = w.page.evaluate("() => document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{where}: the page scrolls sideways ({scroll} px)")
        violations = axe_violations(w.page)
        if violations:
            problems.append(f"{where}: axe {violations}")
        w.page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert w.page.evaluate(CHARTS)["tables"] == expected, where
        scroll = w.page.evaluate("() => document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{where}, data tables open: the page scrolls sideways ({scroll} px)")
        violations = axe_violations(w.page)
        if violations:
            problems.append(f"{where}, data tables open: axe {violations}")
        w.page.context.close()
    assert not problems, "\n".join(problems)
