"""The organisation dashboard: nine cards whose figures are the tier's result rows (public values only for a
public-tier role, a suppressed value never shown), the year selector, the trend charts and their tables, the
internal banner and the public preview, and pages that keep to the Content-Security-Policy."""

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

from wres.disclosure.policy import MARKER
from wres.reports.sections import Formatter
from wres.web import figures as fig
from wres.web.cards import series_key
from wres.web.models import AuditEvent
from wres.web.roles import Role

Row = dict[str, Any]


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def by_id(body: str, element_id: str) -> str:
    """The text of the element with ``element_id`` (no nested elements: a value paragraph)."""
    found = re.search(rf'id="{re.escape(element_id)}"[^>]*>([^<]*)<', body)
    assert found, f"no element {element_id}"
    return html.unescape(found.group(1)).strip()


def card_html(body: str, number: int) -> str:
    """The markup of card ``number`` (up to the next card)."""
    start = body.index(f'id="card-{number}"')
    end = body.find(f'id="card-{number + 1}"', start) if number < 9 else body.find("</ul>", start)
    return body[start:end]


def headline_rows(org: str, year: int, tier: str) -> dict[str, Row]:
    view = fig.figures(org, year, tier).view
    res = view.results
    rows = res[
        res["headline"].astype(bool)
        & (res["grouping"] == "wres")
        & (res["breakdown"] == "overall")
        & (res["category"] == "all")
        & (res["year"].astype("int64") == year)
    ]
    out = {}
    for rec in rows.to_dict("records"):
        row = {str(k): v for k, v in rec.items()}
        if row["indicator"] == "9" and row["group_a"] != "BME":
            continue
        out[series_key(row)] = row
    return out


def shown_value(fmt: Formatter, row: Row) -> str:
    cell = fmt.estimate(row)
    return cell.text if cell.text != "–" else "Not computed"


def card_values(body: str) -> dict[str, str]:
    values = {}
    for n in range(1, 9):
        values[str(n)] = by_id(body, f"card-{n}-value")
    values["9-voting"] = by_id(body, "card-9-value")
    values["9-executive"] = by_id(body, "card-9-value-2")
    return values


def dashboard_url(org: str, **query: Any) -> str:
    url = reverse("dashboard", kwargs={"org": org})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


@pytest.mark.parametrize(("role", "tier"), [(Role.ANALYST, "internal"), (Role.NETWORK_MEMBER, "public")])
def test_every_card_shows_the_tier_result_row(
    role: Role, tier: str, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    year = fig.latest_year(org)
    assert year == 2025
    body = page(client_as(role), dashboard_url(org))
    rows = headline_rows(org, year, tier)
    fmt = Formatter(fig.figures(org, year, tier).view)
    values = card_values(body)
    assert set(values) == set(rows)
    for key, row in rows.items():
        assert values[key] == shown_value(fmt, row), key
    # the nine cards in WRES order, each linking to its indicator page
    positions = [body.index(f'id="card-{n}"') for n in range(1, 10)]
    assert positions == sorted(positions)
    for n in range(1, 10):
        assert reverse("indicator", kwargs={"org": org, "number": n}) in body


@pytest.mark.usefixtures("policy_v1")
def test_a_public_card_never_shows_a_suppressed_internal_value(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    year = 2025
    public = headline_rows(org, year, "public")
    internal = headline_rows(org, year, "internal")
    internal_fmt = Formatter(fig.figures(org, year, "internal").view)
    suppressed = [k for k, r in public.items() if r.get("disclosure") == "suppressed"]
    assert suppressed, "the synthetic trust has suppressed public headlines (a small count)"
    body = page(client_as(Role.NETWORK_MEMBER), dashboard_url(org))
    values = card_values(body)
    for key in suppressed:
        assert values[key] == MARKER, key
        hidden = internal_fmt.estimate(internal[key]).text
        interval = internal_fmt.interval(internal[key]).text
        number = key.split("-")[0]
        card = card_html(body, int(number))
        # neither the internal value nor its interval appears anywhere in the card (chart, table, text)
        for secret in {hidden, interval} - {"–"}:
            assert secret not in html.unescape(card), (key, secret)
    assert "Disclosure note." in body
    assert "[c] = not shown to protect confidentiality" in html.unescape(body)


def test_internal_roles_see_the_banner_and_may_preview_the_public_tier(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    client = client_as(Role.ANALYST)
    before = AuditEvent.objects.filter(action="view_unsuppressed").count()
    internal = page(client, dashboard_url(org))
    assert "INTERNAL — unsuppressed figures, not for publication." in internal
    assert AuditEvent.objects.filter(action="view_unsuppressed").count() == before + 1
    preview = page(client, dashboard_url(org, tier="public"))
    assert "INTERNAL — unsuppressed figures" not in preview
    assert "Showing the <strong>public</strong> figures" in preview
    assert AuditEvent.objects.filter(action="view_unsuppressed").count() == before + 1  # public views are not
    fmt = Formatter(fig.figures(org, 2025, "public").view)
    values = card_values(preview)
    for key, row in headline_rows(org, 2025, "public").items():
        assert values[key] == shown_value(fmt, row), key
    # the preview's links and forms keep the public tier
    assert 'name="tier" value="public"' in preview
    assert reverse("indicator", kwargs={"org": org, "number": 2}) + "?year=2025&amp;tier=public" in preview
    # a public-only role cannot ask for the internal tier
    network = page(client_as(Role.NETWORK_MEMBER), dashboard_url(org, tier="internal"))
    assert "INTERNAL — unsuppressed figures" not in network
    assert 'name="tier"' not in network


def test_year_selector(people: People, client_as: Callable[[Role | None], Client]) -> None:
    org = people.org_a.code
    client = client_as(Role.ANALYST)
    latest = page(client, dashboard_url(org))
    assert "<h1>WRES indicators 2025</h1>" in latest
    for y in fig.years(org):
        assert re.search(rf'<option value="{y}"[^>]*>{y}</option>', latest), y
    assert re.search(r'<option value="2025" selected>', latest)
    earlier = page(client, dashboard_url(org, year=2023))
    assert "<h1>WRES indicators 2023</h1>" in earlier
    assert re.search(r'<option value="2023" selected>', earlier)
    fmt = Formatter(fig.figures(org, 2023, "internal").view)
    values = card_values(earlier)
    for key, row in headline_rows(org, 2023, "internal").items():
        assert values[key] == shown_value(fmt, row), key
    # the 2023 trend stops at 2023
    assert "2022 to 2023" in earlier
    assert "2022 to 2025" not in earlier
    for bad in ("1999", "abc", "2025x"):
        body = page(client, dashboard_url(org, year=bad), status=400)
        assert "There is a problem" in body
        assert "Choose one of: 2022, 2023, 2024, 2025" in body
        assert 'id="card-1"' not in body  # no figures on an error page
        assert "Traceback" not in body


def test_trend_charts_are_accessible_with_a_data_table(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    body = page(client_as(Role.ANALYST), dashboard_url(people.org_a.code))
    svgs = re.findall(r'<svg[^>]*class="chart-svg"[^>]*>.*?</svg>', body, flags=re.S)
    assert len(svgs) == 9  # every internal headline has values to plot
    for svg in svgs:
        head = svg[: svg.index(">")]
        assert 'role="img"' in head
        uid = re.search(r'aria-labelledby="([^"]+)-title"', head)
        assert uid
        assert f'aria-describedby="{uid.group(1)}-desc"' in head
        assert f'<title id="{uid.group(1)}-title">' in svg
        assert f'<desc id="{uid.group(1)}-desc">' in svg
    for n in range(1, 10):
        table = re.search(rf'<table class="nhsuk-table" id="trend-{n}-table">(.*?)</table>', body, flags=re.S)
        assert table, n
        assert "<caption" in table.group(1)
        assert 'scope="col"' in table.group(1)
        assert 'scope="row"' in table.group(1)
        assert len(re.findall(r'<th scope="row"', table.group(1))) == (8 if n == 9 else 4)  # 2022–2025
    # the 2025 value of indicator 2 is in its chart's description and its table
    value = by_id(body, "card-2-value")
    assert f"2025: {value}" in html.unescape(body)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REGIONAL_VIEWER])
def test_no_inline_style_or_script(role: Role, people: People, client_as: Callable[[Role | None], Client]) -> None:
    body = page(client_as(role), dashboard_url(people.org_a.code))
    assert "style=" not in body
    assert "<style" not in body
    head, rest = body.split("</head>", 1)
    assert re.findall(r"<script[^>]*>", head) == ['<script type="module" src="/static/wres/init.mjs">']
    assert "<script" not in rest


def test_headings_in_order_and_a_how_to_read_inset(people: People, client_as: Callable[[Role | None], Client]) -> None:
    body = page(client_as(Role.EDI_LEAD), dashboard_url(people.org_a.code))
    levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", body.split('id="maincontent"', 1)[1])]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert "How to read this" in body
    assert "95% interval" in body
    assert body.count('class="nhsuk-card wres-card"') == 9


def test_a_card_says_why_an_indicator_is_not_computed(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    # WRES 2022 is the warehouse's first year: indicator 3's two-year rolling form has no previous year
    body = page(client_as(Role.ANALYST), dashboard_url(people.org_a.code, year=2022))
    card = html.unescape(card_html(body, 3))
    assert by_id(body, "card-3-value") == "Not computed"
    assert "Why it is not computed" in card
    assert "the previous year's disciplinary data" in card
    assert "Not computed" in card


def test_regional_viewer_sees_each_organisation_in_the_public_tier(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    client = client_as(Role.REGIONAL_VIEWER)
    for org in (people.org_a, people.org_b):
        body = page(client, dashboard_url(org.code))
        assert org.name in body
        fmt = Formatter(fig.figures(org.code, 2025, "public").view)
        values = card_values(body)
        for key, row in headline_rows(org.code, 2025, "public").items():
            assert values[key] == shown_value(fmt, row), (org.code, key)


def test_an_organisation_without_figures(
    people: People, client_as: Callable[[Role | None], Client], settings: Any, tmp_path: Any
) -> None:
    settings.STORE_PATH = tmp_path / "missing.duckdb"
    body = page(client_as(Role.ADMIN), dashboard_url(people.org_a.code))
    assert "There are no figures for this organisation yet." in body
    assert reverse("upload", kwargs={"org": people.org_a.code}) in body
    body = page(client_as(Role.ADMIN), reverse("indicator", kwargs={"org": people.org_a.code, "number": 1}))
    assert "There are no figures for this organisation yet." in body


ADVERSE_TAGS = ("Adverse", "BME staff fare worse")
NUMBER_WORDS = ["None", "One", "Two", "Three", "Four", "Five", "Six", "Seven"]


@pytest.mark.parametrize(("role", "tier"), [(Role.ANALYST, "internal"), (Role.NETWORK_MEMBER, "public")])
def test_the_dashboard_answers_first_how_many_indicators_are_adverse(
    role: Role, tier: str, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """Issue 14: a headline answer above the cards. Its count of indicators adverse to BME staff with evidence is
    the count of cards 2-8 whose status tag says so, and each of them is named."""
    body = page(client_as(role), dashboard_url(people.org_a.code))
    answer = by_id(body, "headline-answer")
    assert body.index('id="headline-answer"') < body.index('id="card-1"')
    adverse = []
    for n in range(2, 9):
        tag = re.search(r'nhsuk-tag--[a-z-]+">([^<]+)<', card_html(body, n))
        assert tag, n
        if html.unescape(tag.group(1)).startswith(ADVERSE_TAGS):
            adverse.append(n)
    if adverse:
        assert answer.startswith(f"{NUMBER_WORDS[len(adverse)]} of the "), answer
        for n in adverse:
            assert f"indicator {n} (" in answer, (n, answer)
    else:
        assert answer.startswith("None of the "), answer


def test_indicator_3_card_names_the_window_it_is_compared_with(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """wres-domain.md §6.5: WRES 2025's two-year rolling form is compared with WRES 2023 (no year in common);
    every other card with last year."""
    body = page(client_as(Role.ANALYST), dashboard_url(people.org_a.code, year=2025))
    assert "Change since WRES 2023 (the two years before: no year in common)" in html.unescape(card_html(body, 3))
    for n in (2, 4, 5):
        assert "Change since last year" in card_html(body, n)


def test_the_dashboard_reads_the_configured_range(
    people: People,
    client_as: Callable[[Role | None], Client],
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dashboard computes under the configuration ``wres report`` reads ($WRES_CONFIG), not the defaults."""
    config = tmp_path / "wres.toml"
    config.write_text("[ranges]\nlow = 0.5\nhigh = 2.0\n", encoding="utf-8")
    monkeypatch.setenv("WRES_CONFIG", str(config))
    fig.clear()
    try:
        body = html.unescape(page(client_as(Role.ANALYST), dashboard_url(people.org_a.code)))
    finally:
        fig.clear()
    assert "a ratio from 0.50 to 2.00 is within the non-adverse range" in " ".join(body.split())
    assert "0.80 to 1.25" not in body
