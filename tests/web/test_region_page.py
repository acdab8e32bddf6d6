"""Issue 18's region page: every organisation of the organisation's region side by side, public figures only.

A warehouse of twelve small synthetic trusts, six of them in London (loaded once for the module). The oracles are
independent of the page: the organisations of each region come from the warehouse's own table; the page's values are
those computed from the public tier's published counts (each a multiple of 5 under ``public-v2``); sorting is checked
against the values read back from the page; England's value is the pooled ratio recomputed here from the published
counts by hand (a/n1 ÷ c/n2 summed over every organisation).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from tests.regions import TRUST_GROUPS
from tests.regions import region_store as build_region_store
from tests.web.browser import axe_violations, browser, new_page, screenshot, scripts_ready, sign_in

from wres.store import Store
from wres.web import figures as fig
from wres.web.models import Membership, Organisation
from wres.web.roles import Role
from wres.web.seed import sync_organisations

pytestmark = [pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]
PASSWORD = "region page password 2026"
YEAR = 2025


@pytest.fixture(scope="module")
def region_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # six organisations in London (the page reads each organisation's region from the warehouse), the rest elsewhere
    return build_region_store(
        tmp_path_factory.mktemp("region-store"), n_orgs=12, london=6, size=400, seed=18, last_year=YEAR
    )


@pytest.fixture
def warehouse(region_store: Path) -> Iterator[pd.DataFrame]:
    before = settings.STORE_PATH
    settings.STORE_PATH = region_store
    fig.clear()
    with Store(region_store, read_only=True) as st:
        orgs = st.con.execute("SELECT org_code, org_name, region FROM organisations ORDER BY org_code").df()
    yield orgs
    settings.STORE_PATH = before
    fig.clear()


def _london(orgs: pd.DataFrame) -> list[str]:
    codes = list(orgs.loc[orgs["region"] == "London", "org_code"])
    assert len(codes) >= 2, orgs
    return codes


def _viewer(codes: list[str], role: Role = Role.REGIONAL_VIEWER) -> Any:
    sync_organisations()
    user = get_user_model().objects.create_user(username=f"viewer-{role.value}", password=PASSWORD)
    for code in codes:
        Membership.objects.create(user=user, organisation=Organisation.objects.get(code=code), role=role.value)
    return user


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, org: str, **query: str) -> str:
    response = client.get(f"/org/{org}/region/", query)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def _rows(body: str) -> list[tuple[str, str]]:
    """(organisation code, value text) of each table row, in order."""
    tbody = body[body.index('id="region-table"') :]
    tbody = tbody[: tbody.index("</table>")]
    out = []
    for code, row in re.findall(r'<tr class="nhsuk-table__row[^"]*" id="org-([^"]+)">(.*?)</tr>', tbody, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        value = html.unescape(re.sub(r"<[^>]+>", "", cells[1]))
        out.append((code, value.replace("Value ", "").strip()))
    return out


def test_the_page_lists_every_organisation_of_the_region_and_no_other(warehouse: pd.DataFrame) -> None:
    london = _london(warehouse)
    body = _page(_client(_viewer(london[:1])), london[0], measure="2", year=str(YEAR))
    shown = [code for code, _ in _rows(body)]
    assert sorted(shown) == sorted(london)
    table = re.sub(r"<[^>]+>", " ", body[body.index('id="region-table"') : body.index("</table>")])
    assert not re.search(r"\bnan\b", table, re.I)  # a missing cell reads in words, never pandas' NaN
    others = set(warehouse["org_code"]) - set(london)
    assert others
    assert not any(f'id="org-{o}"' in body for o in others)


def test_only_published_counts_are_used(warehouse: pd.DataFrame) -> None:
    """Every count behind the page (published under public-v2) is a multiple of 5 or zero, and England's value is
    the pooled ratio of every organisation's published counts, recomputed here by hand."""
    london = _london(warehouse)
    body = _page(_client(_viewer(london[:1])), london[0], measure="2", year=str(YEAR))
    figures = fig.region_figures(YEAR)
    rows = figures.results
    head = rows[
        (rows["indicator"].astype(str) == "2")
        & rows["headline"].astype(bool)
        & (pd.to_numeric(rows["year"]) == YEAR)
        & (rows["breakdown"] == "overall")
    ]
    # a ratio withheld for its rounding still has published counts behind it: England pools every published count
    shown = head.dropna(subset=["a", "n1", "c", "n2"])
    for column in ("a", "n1", "c", "n2"):
        values = pd.to_numeric(shown[column], errors="coerce").dropna()
        assert ((values % 5) == 0).all(), (column, values.tolist())
    a, n1, c, n2 = (pd.to_numeric(shown[k]).sum() for k in ("a", "n1", "c", "n2"))
    england = (a / n1) / (c / n2)
    facts = html.unescape(body[body.index('id="region-benchmarks"') :])
    assert re.search(r"<dt>England</dt><dd>([0-9.]+)</dd>", facts).group(1) == f"{england:.2f}"  # type: ignore[union-attr]


def test_sorting_by_value_both_ways(warehouse: pd.DataFrame) -> None:
    london = _london(warehouse)
    client = _client(_viewer(london[:1]))
    for order, reverse in (("ascending", False), ("descending", True)):
        body = _page(client, london[0], measure="1", year=str(YEAR), sort="estimate", order=order)
        values = [float(v.split(" ")[0].rstrip("%")) for _, v in _rows(body) if v[:1].isdigit()]
        assert len(values) >= 2
        assert values == sorted(values, reverse=reverse)
        assert f'aria-sort="{order}"' in body


def test_highlight_follows_the_table(warehouse: pd.DataFrame) -> None:
    london = _london(warehouse)
    client = _client(_viewer(london[:1]))
    body = _page(client, london[0], measure="2", year=str(YEAR))
    assert f"Highlighted: {london[0]}" in body  # the page's own organisation by default
    other = london[1]
    body = _page(client, london[0], measure="2", year=str(YEAR), highlight=other)
    assert f"Highlighted: {other}" in body
    row = body[body.index(f'id="org-{other}"') :]
    assert 'aria-current="true"' in row[: row.index("</tr>")]


def test_no_role_in_the_organisation_is_404_and_bad_input_400(warehouse: pd.DataFrame) -> None:
    london = _london(warehouse)
    outsider = next(c for c in warehouse["org_code"] if c not in london)
    client = _client(_viewer(london[:1]))
    assert client.get(f"/org/{outsider}/region/").status_code == 404
    assert client.get(f"/org/{london[0]}/region/", {"measure": "nope"}).status_code == 400
    assert client.get(f"/org/{london[0]}/region/", {"year": "1999"}).status_code == 400


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_region_page_in_chromium_sorts_highlights_and_passes_axe(
    warehouse: pd.DataFrame, browser: Any, live_server: Any
) -> None:
    london = _london(warehouse)
    user = _viewer(london)
    fig.region_figures(YEAR)  # computed before the browser asks (the live server shares this process's cache)
    problems: list[str] = []
    for width in (1200, 390):
        w = new_page(browser, live_server.url, bypass_csp=True, width=width)
        sign_in(w, user.username, PASSWORD)  # type: ignore[attr-defined]
        response = w.page.goto(f"{live_server.url}/org/{london[0]}/region/?measure=2&year={YEAR}")
        assert response is not None
        assert response.status == 200
        # each click below loads a new page: wait for it, or the next read may find the old page or none
        if width > 640:
            with w.page.expect_navigation(wait_until="load"):
                w.page.click("#region-table thead a:has-text('Value')")  # sort by value with the column head
        else:  # the stacked table's heads are hidden on a phone: the form sorts
            w.page.select_option("#sort", "estimate")
            with w.page.expect_navigation(wait_until="load"):
                w.page.click("form.wres-inline-form button")
        assert w.page.get_attribute("#region-table thead th[aria-sort]", "aria-sort") == "ascending"
        with w.page.expect_navigation(wait_until="load"):
            w.page.click(f"#org-{london[-1]} a")  # highlight the last organisation of the table on the funnel
        assert f"highlight={london[-1]}" in w.page.url
        scripts_ready(w.page)
        desc = w.page.eval_on_selector(".wres-chart svg desc", "d => d.textContent")
        assert f"Highlighted: {london[-1]}" in desc
        if width > 640:  # pointing at a row marks its point on the funnel, and pointing at a point marks its row
            shown = w.page.eval_on_selector_all(".wres-funnel [data-unit]", "ps => ps.map(p => p.dataset.unit)")
            assert shown, "no point carries its organisation"
            assert set(shown) <= set(london)
            point = f'.wres-funnel [data-unit="{shown[0]}"]'
            w.page.hover(f"#org-{shown[0]} td >> nth=0")
            assert "wres-point--hover" in (w.page.get_attribute(point, "class") or "")
            w.page.hover("h1")
            assert "wres-point--hover" not in (w.page.get_attribute(point, "class") or "")
            w.page.hover(f'.wres-funnel [data-unit="{shown[-1]}"]', force=True)
            assert "wres-row--hover" in (w.page.get_attribute(f"#org-{shown[-1]}", "class") or "")
        screenshot(w.page, f"region-{width}")
        scroll = w.page.evaluate("() => document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{width} px: the page scrolls sideways ({scroll} px)")
        problems += [f"{width} px: {v}" for v in axe_violations(w.page)]
    assert not problems, "\n".join(problems)


def test_real_published_survey_results_of_the_region(warehouse: pd.DataFrame) -> None:
    """The NHS Staff Survey 2024 organisation results (the survey WRES 2025 reads) of every London NHS trust, read
    here straight from the packaged CSV: the page lists exactly those trusts, each with its published percentage,
    and England is the pooled rate over every NHS trust (counts rebuilt as round-half-up(base × rate / 100))."""
    from wres.ingest.published import published_path

    raw = pd.read_csv(published_path("nhs-staff-survey-org-results-2021-2024.csv"))
    year = raw[(raw["Year"] == YEAR - 1) & raw["Benchmarking group"].isin(TRUST_GROUPS)]
    year = year.dropna(subset=["Discrimination_internal_base", "Discrimination_internal_rate"])
    london = year[year["Region"] == "London"]
    assert len(london) > 20
    body = _page(
        _client(_viewer(_london(warehouse)[:1])),
        _london(warehouse)[0],
        measure="survey-discrimination_internal",
        year=str(YEAR),
    )
    assert f"NHS Staff Survey {YEAR - 1} results" in body
    shown = dict(_rows(body))
    assert sorted(shown) == sorted(london["ODS code"])
    for code, rate in zip(london["ODS code"], london["Discrimination_internal_rate"], strict=True):
        assert shown[code].startswith(f"{rate:.1f}%"), (code, shown[code], rate)
    counts = np.floor(year["Discrimination_internal_base"] * year["Discrimination_internal_rate"] / 100 + 0.5)
    england = counts.sum() / year["Discrimination_internal_base"].sum()
    facts = html.unescape(body[body.index('id="region-benchmarks"') :])
    assert re.search(r"<dt>England</dt><dd>([0-9.]+%)</dd>", facts).group(1) == f"{100 * england:.1f}%"  # type: ignore[union-attr]


def test_the_dashboard_compares_the_organisation_with_its_peers(warehouse: pd.DataFrame) -> None:
    """The dashboard's "Compared with peers" panel gives each measure's published value beside England's and its
    peer group's, with the same readings as the region page's row for the organisation."""
    london = _london(warehouse)
    client = _client(_viewer(london[:1]))
    dashboard = client.get(f"/org/{london[0]}/", {"year": str(YEAR)})
    assert dashboard.status_code == 200
    body = dashboard.content.decode()
    panel = body[body.index('id="compared-with-peers"') :]
    panel = panel[: panel.index("</section>")]
    region = _page(client, london[0], measure="2", year=str(YEAR))
    row = region[region.index(f'id="org-{london[0]}"') :]
    row = row[: row.index("</tr>")]
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).split(" ", 1) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    against_england = cells[2][1].replace("England ", "", 1).strip()
    line = panel[panel.index("Indicator 2:") :]
    line = html.unescape(re.sub(r"<[^>]+>", " ", line[: line.index("</tr>")]))
    assert f"Against England {against_england}" in " ".join(line.split())
    facts = html.unescape(region[region.index('id="region-benchmarks"') :])
    england = re.search(r"<dt>England</dt><dd>([^<]+)</dd>", facts).group(1)  # type: ignore[union-attr]
    assert f"England {england}" in " ".join(line.split())


def test_a_large_warehouse_prepares_every_organisations_figures_in_the_background(
    warehouse: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond ``REGION_INLINE_ORGS`` organisations (here every warehouse counts as large) no page waits for every
    organisation's protected figures: the dashboard shows its own figures with the panel saying the comparison is
    being prepared, the region page answers 503 with Retry-After and offers the published survey results (which it
    shows at once), and once the background preparation ends both show the figures."""
    monkeypatch.setattr(fig, "REGION_INLINE_ORGS", 0)
    london = _london(warehouse)
    client = _client(_viewer(london[:1]))
    started: list[int] = []
    real_prepare = fig.prepare_region_figures

    def prepare(year: int) -> Any:
        started.append(year)
        return real_prepare(year)

    monkeypatch.setattr(fig, "prepare_region_figures", prepare)
    body = client.get(f"/org/{london[0]}/", {"year": str(YEAR)}).content.decode()
    assert "are being prepared for this comparison" in body
    assert started == [YEAR]
    waiting = client.get(f"/org/{london[0]}/region/", {"measure": "2", "year": str(YEAR)})
    if waiting.status_code == 503:  # the background thread may already have finished on a quick machine
        assert waiting["Retry-After"] == "60"
        text = waiting.content.decode()
        assert "being prepared for this page" in text
        assert "measure=survey-discrimination_internal" in text
    survey = _page(client, london[0], measure="survey-discrimination_internal", year=str(YEAR))
    assert "NHS Staff Survey" in survey
    real_prepare(YEAR).join()  # the running preparation (or, if it ended, an immediate recomputation)
    body = client.get(f"/org/{london[0]}/", {"year": str(YEAR)}).content.decode()
    panel = body[body.index('id="compared-with-peers"') :]
    assert "Indicator 2:" in panel[: panel.index("</section>")]
    assert [c for c, _ in _rows(_page(client, london[0], measure="2", year=str(YEAR)))]


def test_a_failed_background_preparation_is_reported_not_awaited(
    warehouse: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wres.errors import WresError

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise WresError("no organisation has a 31 March 2025 staff snapshot")

    monkeypatch.setattr(fig, "REGION_INLINE_ORGS", 0)
    monkeypatch.setattr("wres.reports.region_data.compute_region", broken)
    london = _london(warehouse)
    fig.prepare_region_figures(YEAR).join()
    response = _client(_viewer(london[:1])).get(f"/org/{london[0]}/region/", {"measure": "2", "year": str(YEAR)})
    assert response.status_code == 503
    assert "no organisation has a 31 March 2025 staff snapshot" in response.content.decode()
