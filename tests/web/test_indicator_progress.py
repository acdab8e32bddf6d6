"""Issue 16 on the indicator pages: the "Is it getting better?" panel (the SPC chart of each series with its icon's
words, cautions, sentence and data table) and the detectable change beside indicators 2–4, in both tiers, on the
annual web store (31 March snapshots only) and on a store with monthly extracts and a known shift; the public tier
shows only the public tier's progress output; the panel is computed once until the warehouse changes."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People
from tests.web.monthly_store import monthly, monthly_store_path  # noqa: F401 (fixtures)

from wres.analysis.progress import progress
from wres.analysis.progress.public import ROUNDING_CAUTION
from wres.analysis.progress.summary import format_value
from wres.config import load_config
from wres.indicators.source import from_store
from wres.stats.power import detectability
from wres.store import Store
from wres.web import figures as fig
from wres.web import progress_panel as panel_module
from wres.web.progress_panel import ANNUAL_MEASURE, ANNUAL_ONLY, ROUNDED_SUMMARY_ONLY, SUMMARY_ONLY
from wres.web.roles import Role

YEAR = 2025
INTERNAL, PUBLIC = Role.ANALYST, Role.NETWORK_MEMBER


def url(org: str, number: int, **query: str) -> str:
    out = reverse("indicator", kwargs={"org": org, "number": number})
    return out + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(client: Client, target: str) -> str:
    response = client.get(target)
    assert response.status_code == 200, target
    return response.content.decode()


def section(body: str, element_id: str) -> str:
    """The markup of the ``<section id=…>`` (nested sections included)."""
    start = body.index(
        f'<section class="{"wres-progress" if element_id == "progress" else "wres-detectable"}" id="{element_id}"'
    )
    depth, at = 0, start
    for m in re.finditer(r"<(/?)section\b", body[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            at = start + m.end()
            break
    return body[start:at]


def plain(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def library(store: Path, org: str, tier: str) -> dict[tuple[str, str | None], object]:
    """The library's own summaries (the oracle the page must show), by series key and group."""
    with Store(store, read_only=True) as st:
        got = progress(from_store(st), load_config(), org, period="month", year=YEAR, tier=tier)
    return {(s.key, s.group): s for s in got.series}


# --- the annual web store (31 March snapshots only) -----------------------------------------------------------


@pytest.mark.parametrize(("role", "tier"), [(INTERNAL, "internal"), (PUBLIC, "public")])
def test_annual_store_panels(
    role: Role, tier: str, store_path: Path, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    client = client_as(role)
    oracle = library(store_path, org, tier)
    # indicator 1: one point a year, so no chart: the sentence about monthly extracts, and no error
    body = get(client, url(org, 1))
    one = section(body, "progress")
    assert ANNUAL_ONLY in plain(one)
    assert "<svg" not in one
    assert "<table" not in one
    # indicators 2–4: every series of the indicator, its icon's words and sentence
    keys = {2: "appointment", 3: "disciplinary", 4: "training"}
    for n, measure in keys.items():
        panel = plain(section(get(client, url(org, n)), "progress"))
        mine = [s for (key, _), s in oracle.items() if key.startswith(measure)]
        assert mine, n
        for s in mine:
            assert s.sentence in panel, (n, s.key, s.group)  # type: ignore[attr-defined]
            if s.variation_label:  # type: ignore[attr-defined]
                assert f"Variation {s.variation_label}" in panel, (n, s.key)  # type: ignore[attr-defined]
            for caution in s.cautions:  # type: ignore[attr-defined]
                if caution == ROUNDING_CAUTION:  # said once, as the note on why only the reading is shown
                    assert ROUNDED_SUMMARY_ONLY in panel, (n, s.key)
                    assert caution not in panel, (n, s.key)
                else:
                    assert caution in panel, (n, s.key, caution)
    # indicators 5–9: one sentence, no chart
    for n in range(5, 10):
        panel = section(get(client, url(org, n)), "progress")
        kind = "board" if n == 9 else "survey"
        assert ANNUAL_MEASURE[kind] in plain(panel), n
        assert "<svg" not in panel, n
        assert 'id="detectable"' not in get(client, url(org, n)), n


@pytest.mark.parametrize(("role", "tier"), [(INTERNAL, "internal"), (PUBLIC, "public")])
def test_detectable_change_beside_indicators_2_to_4(
    role: Role, tier: str, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """The 1/3/5-year detectable ratios are the power calculation of methods.md §13 on the tier's own headline
    counts: in the public tier the rounded counts (all multiples of 5), never the exact ones."""
    org = people.org_a.code
    client = client_as(role)
    results = fig.figures(org, YEAR, tier).view.results
    for n in (2, 3, 4):
        body = get(client, url(org, n))
        block = plain(section(body, "detectable"))
        row = results[
            (results["indicator"].astype(str) == str(n))
            & (results["year"] == YEAR)
            & results["headline"].astype(bool)
            & (results["estimate_type"] == "ratio")
        ].iloc[0]
        counts = [float(row[c]) for c in ("a", "n1", "c", "n2")]
        if tier == "public":
            assert all(v % 5 == 0 for v in counts), counts
        pooled = 2 if n == 3 and row["variant"] == "rolling" else 1
        d = detectability(*counts, indicator=str(n), row_years=pooled)
        for label, k in (("One year", 1), ("Three years", 3), ("Five years", 5)):
            assert f"{label} {d.ratio(k):.2f}" in block, (n, label, block)
        assert f"indicator {n} would need to reach about" in block
        # the panel's position: beside the headline, before the breakdown
        assert body.index('id="detectable"') < body.index('id="breakdown-heading"')


def test_detectable_change_public_suppressed(people: People) -> None:
    """A suppressed count (NaN in the public tier's protected rows) gives the "suppressed" sentence and no ratio."""
    org = people.org_a.code
    results = fig.figures(org, YEAR, "public").view.results.copy()
    row = (results["indicator"].astype(str) == "3") & (results["year"] == YEAR) & results["headline"].astype(bool)
    results.loc[row, "a"] = math.nan
    got = panel_module.detectable(results, org, YEAR, "3", "public")
    assert got is not None
    assert got.ratios == ()
    assert "suppressed" in got.sentence
    assert not re.search(r"\d\.\d", got.sentence)


# --- the monthly store with a known shift ------------------------------------------------------------------------


def test_monthly_indicator_1_charts_the_senior_share(
    monthly: Path,  # noqa: F811
    people: People,
    client_as: Callable[[Role | None], Client],
) -> None:
    org = people.org_a.code
    oracle = library(monthly, org, "internal")
    body = get(client_as(INTERNAL), url(org, 1))
    panel = section(body, "progress")
    assert ANNUAL_ONLY not in html.unescape(panel)
    for key in ("senior_share", "vsm_share"):
        s = oracle[(key, "BME")]
        uid = f"spc-1-{key.replace('_', '-')}-bme"
        block = section_by_id(panel, uid)
        # the chart: accessible SVG (role=img, a title, a description with the sentence)
        svg = re.search(r"<svg[^>]*>", block)
        assert svg is not None
        assert 'role="img"' in svg.group(0)
        assert f'aria-labelledby="{uid}-title"' in svg.group(0)
        assert f'<title id="{uid}-title">' in block
        text = plain(block)
        assert s.sentence in text  # type: ignore[attr-defined]
        assert f"Variation {s.variation_label}" in text  # type: ignore[attr-defined]
        # the data table: one row per point, each value as the library computed it
        chart = s.chart  # type: ignore[attr-defined]
        assert f"The chart's data ({len(chart)} points)" in text
        rows = re.findall(r'<tr class="nhsuk-table__row">\s*<th scope="row"', block)
        assert len(rows) == len(chart)
        last = chart.iloc[-1]
        assert format_value(float(last["value"]), "share") in text
        assert f"{int(last['n_group']):,} of {int(last['n_total']):,}" in text
    # the known shift (more BME staff appointed into band 8a and above from October 2024) reads as improvement
    assert "Special cause: improvement" in plain(section_by_id(panel, "spc-1-senior-share-bme"))


def test_public_indicator_1_gives_the_senior_share_reading_without_a_chart(
    monthly: Path,  # noqa: F811
    people: People,
    client_as: Callable[[Role | None], Client],
) -> None:
    """A stock share moves by a person or two a month, less than rounding its counts to 5 would move it: the public
    page gives its reading and the reason, and no chart, table or value (wres.analysis.progress.public)."""
    org = people.org_a.code
    oracle = library(monthly, org, "public")[("senior_share", "BME")]
    assert not oracle.chart_published  # type: ignore[attr-defined]
    block = section_by_id(section(get(client_as(PUBLIC), url(org, 1)), "progress"), "spc-1-senior-share-bme")
    assert "<svg" not in block
    assert "<table" not in block
    text = plain(block)
    assert ROUNDING_CAUTION in oracle.cautions  # type: ignore[attr-defined]
    assert text.count(ROUNDED_SUMMARY_ONLY) == 1  # the reason, said once (not again among the cautions)
    assert ROUNDING_CAUTION not in text
    assert oracle.sentence in text  # type: ignore[attr-defined]
    assert "%" not in text


def section_by_id(markup: str, element_id: str) -> str:
    start = markup.index(f'id="{element_id}"')
    start = markup.rindex("<section", 0, start)
    end = markup.index("</section>", start)
    return markup[start : end + len("</section>")]


def test_public_page_holds_no_internal_value_of_an_unpublished_chart(
    monthly: Path,  # noqa: F811
    people: People,
    client_as: Callable[[Role | None], Client],
) -> None:
    """Indicator 3's quarterly disciplinary ratio has counts under 8: the public tier publishes only its summary.
    Values, limits and counts of the internal chart are on the internal page and nowhere on the public one."""
    org = people.org_a.code
    internal = library(monthly, org, "internal")[("disciplinary_ratio", None)]
    public = library(monthly, org, "public")[("disciplinary_ratio", None)]
    assert public.chart_published is False  # type: ignore[attr-defined]
    chart = internal.chart  # type: ignore[attr-defined]
    last = chart.iloc[-1]
    counts = (
        f"BME {int(last['n_events_a']):,} of {int(last['n_people_a']):,}; "
        f"White {int(last['n_events_b']):,} of {int(last['n_people_b']):,}"
    )
    limits = f"{format_value(float(last['lpl']), 'ln_ratio')} to {format_value(float(last['upl']), 'ln_ratio')}"
    value = f"({format_value(float(last['value']), 'ln_ratio')} in {internal.last_period})"  # type: ignore[attr-defined]
    inside = plain(get(client_as(INTERNAL), url(org, 3)))
    outside = plain(get(client_as(PUBLIC), url(org, 3)))
    for shown in (counts, limits, value):
        assert shown in inside, shown
        assert shown not in outside, shown
    block = plain(section_by_id(get(client_as(PUBLIC), url(org, 3)), "spc-3-disciplinary-ratio-all"))
    assert SUMMARY_ONLY in block
    assert public.sentence in block  # type: ignore[attr-defined]
    assert internal.sentence not in block  # type: ignore[attr-defined]  (the internal one states a value)
    assert "<svg" not in section_by_id(get(client_as(PUBLIC), url(org, 3)), "spc-3-disciplinary-ratio-all")


def test_progress_is_computed_once_until_the_warehouse_changes(
    monthly: Path,  # noqa: F811
    people: People,
    client_as: Callable[[Role | None], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = panel_module.progress_from_counts

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(str(kwargs.get("tier")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(panel_module, "progress_from_counts", counting)
    org = people.org_a.code
    for role in (INTERNAL, PUBLIC):
        client = client_as(role)
        for _ in range(2):
            for n in (1, 2, 3, 4):
                get(client, url(org, n))
    assert sorted(calls) == ["internal", "public"]  # once per tier, for every page and request
    # a change to the warehouse's data version drops the cached panels: the next request computes again
    fig.clear()
    get(client_as(INTERNAL), url(org, 2))
    assert sorted(calls) == ["internal", "internal", "public"]


# --- the chart's wrapping ------------------------------------------------------------------------------------------


def test_xmr_of_gives_the_limits_xmr_computes(store_path: Path, people: People) -> None:
    """The result rebuilt from a summary's points has the segments :func:`wres.analysis.spc.xmr` computes from the
    same values (the chart's title, limits and description come from it)."""
    from wres.analysis.spc import xmr

    for s in library(store_path, people.org_a.code, "internal").values():
        got = panel_module.xmr_of(s)  # type: ignore[arg-type]
        if not s.rules or s.chart is None:  # type: ignore[attr-defined]
            assert got is None
            continue
        assert got is not None
        chart = s.chart  # type: ignore[attr-defined]
        want = xmr(chart["value"], chart["date"], improvement_direction=s.direction).segments  # type: ignore[attr-defined]
        assert len(got.segments) == len(want)
        for column in ("mean", "lpl", "upl"):
            assert got.segments[column].to_numpy() == pytest.approx(want[column].to_numpy(), nan_ok=True)
        assert got.summary["variation_label"] == s.variation_label  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0.22, 12.2, [0.5, 1.0, 2.0, 5.0, 10.0]),  # wide range: 1-2-5 steps
        (0.3, 3.5, [0.5, 0.75, 1.0, 1.5, 2.0, 3.0]),
        (0.7, 1.3, [0.7, 0.8, 0.9, 1.0, 1.25]),  # narrow range: tenths
        (0.95, 1.05, [1.0]),  # nothing finer: parity alone
    ],
)
def test_ratio_ticks(low: float, high: float, ticks: list[float]) -> None:
    assert panel_module.ratio_ticks(low, high) == ticks


@pytest.mark.parametrize(
    ("months", "narrow", "interval"),
    [
        (59, False, {"interval": "year", "step": 1}),
        (59, True, {"interval": "year", "step": 2}),
        (20, False, {"interval": "month", "step": 6}),
        (20, True, {"interval": "year", "step": 1}),
        (9, False, {"interval": "month", "step": 3}),
        (9, True, {"interval": "month", "step": 6}),
    ],
)
def test_time_ticks(months: int, narrow: bool, interval: dict[str, object]) -> None:
    import pandas as pd

    dates = pd.Series(pd.date_range("2020-04-01", periods=months + 1, freq="MS"))
    assert panel_module.time_ticks(dates, narrow=narrow) == interval
