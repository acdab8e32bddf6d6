"""The indicator pages: the report's own section (sentence, chart and data table), the breakdown selector, the
previous years, the disaggregated ethnic groups (internal tier only), the public footnote, 404 outside 1–9, and
pages that keep to the Content-Security-Policy and WCAG's structure rules."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People
from tests.web.test_dashboard import by_id, headline_rows, page, shown_value

from wres.analysis import wording
from wres.config import load_config
from wres.disclosure.policy import MARKER
from wres.indicators import compute, from_store
from wres.reports.sections import INDICATOR_TITLES, Builder, Formatter
from wres.store import Store
from wres.web import figures as fig
from wres.web.indicator_page import GROUPS_NOT_PUBLISHED, NO_FIGURES, NOT_PUBLISHED
from wres.web.models import AuditEvent
from wres.web.roles import Role


def url(org: str, number: int, **query: Any) -> str:
    out = reverse("indicator", kwargs={"org": org, "number": number})
    if query:
        out += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return out


def text_of(body: str) -> str:
    return html.unescape(body)


@pytest.mark.parametrize("number", [0, 10, 99])
def test_no_indicator_outside_one_to_nine(
    number: int, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    response = client_as(Role.ANALYST).get(url(people.org_a.code, number))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(("role", "tier"), [(Role.BOARD_MEMBER, "internal"), (Role.NETWORK_MEMBER, "public")])
def test_every_indicator_page_shows_the_report_section(
    role: Role, tier: str, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    client = client_as(role)
    figs = fig.figures(org, 2025, tier)
    builder = Builder(figs.data, figs.view, charts=False)
    fmt = Formatter(figs.view)
    heads = headline_rows(org, 2025, tier)
    for n in range(1, 10):
        body = page(client, url(org, n))
        plain = text_of(body)
        assert f"<h1>Indicator {n}: {html.escape(INDICATOR_TITLES[str(n)], quote=False)}</h1>" in body
        key = "9-voting" if n == 9 else str(n)
        # the summary is the tier's headline row, and the generated sentence is the report's
        assert by_id(body, f"card-{n}-value") == shown_value(fmt, heads[key]), n
        assert builder.say(heads[key]) in plain, n
        # the report's chart (accessible SVG) with its data table, for indicators 2–9
        if n != 1:
            assert f"Indicator {n}" in plain
        figures = re.findall(r'<figure class="wres-figure-block" id="(figure-\d+)"', body)
        assert figures, n
        for fid in figures:
            assert f'id="{fid}-data"' in body, (n, fid)  # the figure's data table
        for svg in re.findall(r'<svg[^>]*class="chart-svg"[^>]*>', body):
            assert 'role="img"' in svg
            uid = re.search(r'aria-labelledby="([^"]+)-title"', svg)
            assert uid, svg
            assert f'<title id="{uid.group(1)}-title">' in body
            assert f'<desc id="{uid.group(1)}-desc">' in body
        # the previous years: every warehouse year
        history = re.search(rf'id="indicator-{n}-history"(.*?)</table>', body, flags=re.S)
        assert history, n
        for y in (2022, 2023, 2024, 2025):
            assert f">{y}" in history.group(1), (n, y)


def test_internal_views_are_audited(people: People, client_as: Callable[[Role | None], Client]) -> None:
    client = client_as(Role.EDI_LEAD)
    before = AuditEvent.objects.filter(action="view_unsuppressed").count()
    body = page(client, url(people.org_a.code, 4))
    assert "INTERNAL — unsuppressed figures, not for publication." in body
    event = AuditEvent.objects.filter(action="view_unsuppressed").latest("id")
    assert AuditEvent.objects.filter(action="view_unsuppressed").count() == before + 1
    assert event.detail == {"view": "indicator"}
    page(client, url(people.org_a.code, 4, tier="public"))
    assert AuditEvent.objects.filter(action="view_unsuppressed").count() == before + 1


def test_breakdown_selector(people: People, client_as: Callable[[Role | None], Client]) -> None:
    org = people.org_a.code
    client = client_as(Role.ANALYST)
    body = page(client, url(org, 1))
    options = re.findall(r'<option value="([^"]+)"', body)
    assert options[0] == "overall"
    assert {"band", "band-clinical", "band-non_clinical", "band-medical_dental", "cluster", "category"} <= set(options)
    assert re.search(r'<option value="overall" selected>', body)
    assert "BME share of the workforce by year" in body

    figs = fig.figures(org, 2025, "internal")
    res = figs.view.results
    clinical = res[
        (res["indicator"] == "1")
        & (res["grouping"] == "wres")
        & (res["breakdown"] == "band")
        & (res["category"] == "clinical")
        & (res["group_a"] == "BME")
        & (res["year"].astype(int) == 2025)
    ]
    body = page(client, url(org, 1, breakdown="band-clinical"))
    plain = text_of(body)
    assert re.search(r'<option value="band-clinical" selected>', body)
    assert "BME share of clinical staff (Agenda for Change bands) by pay band, 31 March 2025" in plain
    table = re.search(r'id="figure-\d+-data">(.*?)</table>', body, flags=re.S)
    assert table
    assert len(re.findall(r'<th scope="row"', table.group(1))) == len(clinical)
    fmt = Formatter(figs.view)
    for row in clinical.to_dict("records"):
        assert fmt.estimate(row).text in table.group(1)

    clusters = page(client, url(org, 1, breakdown="cluster"))
    assert "by band cluster" in clusters
    assert "Bands 8a–8b" in text_of(clusters)

    # the form keeps the year (and the public preview, for a role that has both tiers)
    preview = page(client, url(org, 1, tier="public", breakdown="band"))
    assert '<input type="hidden" name="year" value="2025">' in preview
    assert '<input type="hidden" name="tier" value="public">' in preview

    # indicator 9 (the board) has no breakdown: the page says so instead of offering a selector
    nine = page(client, url(org, 9))
    assert 'name="breakdown"' not in nine
    assert "the results hold no breakdown" in nine


def test_an_unknown_breakdown_is_an_error_without_figures(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    client = client_as(Role.ANALYST)
    before = AuditEvent.objects.count()
    body = page(client, url(people.org_a.code, 1, breakdown="shoe-size"), status=400)
    assert "There is a problem" in body
    assert 'href="#breakdown"' in body
    assert "Choose a breakdown from the list: indicator 1 has no breakdown “shoe-size” for 2025." in text_of(body)
    assert "Traceback" not in body
    assert 'class="chart-svg"' not in body
    assert 'id="card-1-value"' not in body
    assert AuditEvent.objects.count() == before  # nothing unsuppressed was shown
    # a year the warehouse does not hold
    body = page(client, url(people.org_a.code, 2, year=1990), status=400)
    assert "There is a problem" in body
    assert url(people.org_a.code, 2, year=2025) in body


def test_ethnic_groups_internal_only(people: People, client_as: Callable[[Role | None], Client]) -> None:
    org = people.org_a.code
    internal = text_of(page(client_as(Role.ANALYST), url(org, 1)))
    assert "Workforce by ethnic group, 31 March 2025" in internal
    for group in ("Mixed", "Asian", "Black", "Other"):
        assert f">{group}<" in internal, group
    two = text_of(page(client_as(Role.ANALYST), url(org, 2)))
    assert "Indicator 2 by ethnic group, 2025" in two
    assert GROUPS_NOT_PUBLISHED not in two
    for n in (1, 2, 5):
        public = text_of(page(client_as(Role.NETWORK_MEMBER), url(org, n)))
        assert GROUPS_NOT_PUBLISHED in public
        assert "by ethnic group" not in public
        assert ">Mixed<" not in public


@pytest.mark.usefixtures("policy_v1")
def test_public_pages_show_public_values_and_the_footnote(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    internal_fmt = Formatter(fig.figures(org, 2025, "internal").view)
    internal = headline_rows(org, 2025, "internal")
    public = headline_rows(org, 2025, "public")
    for key in ("5", "8", "9-voting", "9-executive"):
        assert public[key].get("disclosure") == "suppressed", key
    client = client_as(Role.NETWORK_MEMBER)
    for n, keys in ((5, ["5"]), (8, ["8"]), (9, ["9-voting", "9-executive"])):
        body = text_of(page(client, url(org, n)))
        assert MARKER in body
        assert "Disclosure note." in body
        for key in keys:
            secret = internal_fmt.estimate(internal[key]).text  # a signed gap: −36.4, +17.0
            assert secret not in body, (n, key, secret)
            interval = internal_fmt.interval(internal[key]).text
            if interval != "–":
                assert interval not in body, (n, key, interval)
    # the internal tier has no footnote
    assert "Disclosure note." not in page(client_as(Role.ANALYST), url(org, 5))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REGIONAL_VIEWER])
def test_no_inline_style_or_script_and_headings_in_order(
    role: Role, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    client = client_as(role)
    for target in [url(people.org_a.code, n) for n in range(1, 10)] + [url(people.org_a.code, 1, breakdown="band")]:
        body = page(client, target)
        assert "style=" not in body, target
        assert "<style" not in body, target
        head, rest = body.split("</head>", 1)
        assert re.findall(r"<script[^>]*>", head) == ['<script type="module" src="/static/wres/init.mjs">']
        assert "<script" not in rest, target
        levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", rest.split('id="maincontent"', 1)[1])]
        assert levels[0] == 1, target
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (target, levels)
        for table in re.findall(r"<table.*?</table>", rest, flags=re.S):
            assert "<caption" in table, target
            assert 'scope="col"' in table, target


def test_an_earlier_year(people: People, client_as: Callable[[Role | None], Client]) -> None:
    org = people.org_a.code
    body = page(client_as(Role.ANALYST), url(org, 6, year=2024))
    assert "WRES 2024" in body
    fmt = Formatter(fig.figures(org, 2024, "internal").view)
    assert by_id(body, "card-6-value") == shown_value(fmt, headline_rows(org, 2024, "internal")["6"])
    history = re.search(r'id="indicator-6-history"(.*?)</table>', body, flags=re.S)
    assert history
    assert ">2025" not in history.group(1)
    assert reverse("dashboard", kwargs={"org": org}) + "?year=2024" in body


STATUS_KEYS = (
    "adverse_evidence",
    "insufficient_evidence",
    "within_range",
    "bme_worse_evidence",
    "bme_better_evidence",
    "no_evidence",
    "under_represented_evidence",
    "over_represented_evidence",
    "descriptive",
)
STATUS_CELL = re.compile(r'class="nhsuk-table__cell wres-cell-status[^"]*">(?:<span[^>]*>[^<]*</span>)?([^<]*)<')
BY_LABELS = {"band": "pay band", "staff_group": "staff group", "directorate": "directorate", "site": "site"}


def oracle_rows(org: str, year: int, by: str) -> list[dict[str, Any]]:
    """Every WRES-grouping row of ``year`` by ``by``, as ``wres indicators --by`` computes it from the store."""
    with Store(fig.store_path(), read_only=True) as store:
        frame = compute(from_store(store), [year], orgs=[org], by=by, config=load_config()).frame
    rows = frame[(frame["breakdown"] == by) & (frame["grouping"] == "wres") & (frame["category"] == "all")]
    return [{str(k): v for k, v in r.items()} for r in rows.to_dict("records")]


def table_by_caption(body: str, caption: str) -> str:
    found = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", body, flags=re.S)
    assert found, caption
    return found.group(1)


def test_breakdowns_of_indicators_2_to_9(people: People, client_as: Callable[[Role | None], Client]) -> None:
    """Issue 14: indicators 2–8 (and 1) by band, staff group, directorate and site in the internal tier, the values
    the tier's rows computed with ``--by`` (the CLI's oracle); a breakdown the data lack is a message, not an error
    page; the board (9) has none; the public tier offers none of them (not protected for publication)."""
    org = people.org_a.code
    client = client_as(Role.ANALYST)
    heads = headline_rows(org, 2025, "internal")
    fmt = Formatter(fig.figures(org, 2025, "internal").view)
    shown = 0
    for by, label in BY_LABELS.items():
        every = oracle_rows(org, 2025, by)
        for n in range(2, 9):
            variant = heads[str(n)]["variant"]
            rows = [r for r in every if str(r["indicator"]) == str(n) and r["variant"] == variant]
            body = page(client, url(org, n, breakdown=by))
            assert re.search(rf'<option value="{by}" selected>', body), (n, by)
            plain = text_of(body)
            if not rows:
                assert NO_FIGURES.format(what=label, year=2025) in plain, (n, by)
                continue
            shown += 1
            table = table_by_caption(body, f"Indicator {n} by {label}, 2025")
            assert len(re.findall(r'<th scope="row"', table)) == len(rows), (n, by)
            for row in rows:
                assert f">{html.escape(str(row['stratum']), quote=False)}<" in table or by == "band", (n, by, row)
                assert fmt.estimate(row).text in table, (n, by, row["stratum"])
                assert fmt.count_of(row, "a", "n1").text in table, (n, by, row["stratum"])
            if by == "band" and n in (2, 4, 5):
                assert "(2024: " in table, n  # the change since the year before, as in the overall table
    assert shown >= 14  # band and staff group for 2–8 at least: the test data hold them
    # indicator 1 by staff group: the BME share in each group
    one = oracle_rows(org, 2025, "staff_group")
    bme = [r for r in one if str(r["indicator"]) == "1" and r["group_a"] == "BME"]
    assert bme
    body = page(client, url(org, 1, breakdown="staff_group"))
    table = table_by_caption(body, "BME share of all staff by staff group, 31 March 2025")
    assert len(re.findall(r'<th scope="row"', table)) == len(bme)
    for row in bme:
        assert fmt.estimate(row).text in table, row["stratum"]
    # the board: no breakdown; the public tier: none of the computed ones, and a message instead of an error page
    nine = page(client, url(org, 9))
    assert 'name="breakdown"' not in nine
    public = client_as(Role.NETWORK_MEMBER)
    for n in (2, 5):
        body = page(public, url(org, n))
        assert NOT_PUBLISHED in text_of(body)
        refused = page(public, url(org, n, breakdown="band"), status=400)
        assert "There is a problem" in refused
        assert "Traceback" not in refused
        assert 'class="chart-svg"' not in refused


@pytest.mark.parametrize("role", [Role.ANALYST, Role.NETWORK_MEMBER])
def test_the_full_status_once_and_tags_in_tables(
    role: Role, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """Issue 14: each indicator page says a reading in full once (the summary), and every table row carries the
    short tag, never the sentence (wording.status_text against wording.status_tag)."""
    org = people.org_a.code
    client = client_as(role)
    ranges = load_config().ranges
    sentences = {
        wording.status_text(key, low=ranges.low, high=ranges.high, indicator=ind)
        for key in STATUS_KEYS
        for ind in ("1", "2")
    }
    for n in range(1, 10):
        body = text_of(page(client, url(org, n)))
        longs = re.findall(r'class="wres-status-long">([^<]*)<', body)
        assert longs, n
        assert len(longs) == len(set(longs)), (n, longs)
        for full in set(longs):
            assert body.count(full) == 1, (n, full)
        cells = STATUS_CELL.findall(body)
        assert cells, n
        for cell in cells:
            assert not any(s in cell for s in sentences), (n, cell)
