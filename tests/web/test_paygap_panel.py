"""Issue 17's pay gap on the Progress page: "Ethnicity pay gap, 31 March YYYY" in both tiers (the 5 groups internally,
BME against White in public through wres.disclosure.paygap's view), figures as pay_gap computes them and as a hand
computation from the staff table gives them, no internal-only value on the public page, withheld gaps say
"withheld", and a store without pay says which ESR columns to import."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People

from wres.analysis.paygap import PayGapOptions, pay_gap, pay_snapshot
from wres.config import load_config
from wres.disclosure import DisclosurePolicy
from wres.disclosure.paygap import protect_pay_gap
from wres.store import Store
from wres.vocab.ethnicity import CATEGORIES, WresGroup
from wres.web import figures as fig
from wres.web import outlook_page as outlook_module
from wres.web import paygap_panel as panel_module
from wres.web.roles import Role

YEAR = 2025
RESAMPLES = 200
INTERNAL, PUBLIC = Role.ANALYST, Role.NETWORK_MEMBER


@pytest.fixture(autouse=True)
def _small(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """200 bootstrap resamples and 100 projection runs: the page's wording does not depend on them, the time does."""
    monkeypatch.setattr(panel_module, "RESAMPLES", RESAMPLES)
    monkeypatch.setattr(outlook_module, "RUNS", 100)
    fig.clear()
    yield
    fig.clear()


def page(client: Client, org: str) -> str:
    response = client.get(reverse("progress", kwargs={"org": org}))
    assert response.status_code == 200
    return response.content.decode()


def plain(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def table_rows(body: str, table_id: str) -> dict[str, list[str]]:
    start = body.index(f'id="{table_id}"')
    markup = body[start : body.index("</table>", start)]
    out = {}
    for row in re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", markup, re.S)[1:]:
        head = plain(re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1))  # type: ignore[union-attr]
        out[head] = [
            plain(re.sub(r'<span class="nhsuk-table-responsive__heading".*?</span>', "", c, flags=re.S))
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
    return out


def options(grouping: str) -> PayGapOptions:
    s = load_config().paygap
    return PayGapOptions(
        grouping=grouping,
        reference=s.reference,
        population=s.population,
        min_group=s.min_group,
        n_resamples=RESAMPLES,
        seed=s.seed,
    )


def direct(store_path: Path, org: str, grouping: str) -> Any:
    with Store(store_path, read_only=True) as st:
        return pay_gap(pay_snapshot(st, org, YEAR), options(grouping), org_code=org, year=YEAR)


def hand_mean_gap(store_path: Path, org: str) -> float:
    """(mean White − mean BME) ÷ mean White × 100 over everyone in post with a positive hourly pay (§7.1)."""
    with Store(store_path, read_only=True) as st:
        frame = st.con.execute(
            "SELECT ethnic_category, hourly_pay FROM staff WHERE org_code = ? AND snapshot_date = ? AND hourly_pay > 0",
            [org, pd.Timestamp(YEAR, 3, 31).date()],
        ).df()
    group = frame["ethnic_category"].map(lambda c: CATEGORIES[c].wres_group if c in CATEGORIES else None)
    white = frame.loc[group == WresGroup.WHITE, "hourly_pay"].astype(float)
    bme = frame.loc[group == WresGroup.BME, "hourly_pay"].astype(float)
    return float(100 * (white.mean() - bme.mean()) / white.mean())


def test_internal_page_shows_the_five_groups_with_pay_gaps_own_figures(
    store_path: Path, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    body = page(client_as(INTERNAL), org)
    text = plain(body)
    assert f"Ethnicity pay gap, 31 March {YEAR}" in text
    result = direct(store_path, org, "ethnicity5")
    rows = table_rows(body, "paygap-table")
    assert set(rows) == {"BME", "Mixed", "Asian", "Black", "Other"}
    bme = next(r for r in result.gaps if r.group == "BME")
    # the figure on the page is pay_gap's, and pay_gap's mean gap is the hand computation's
    assert bme.mean_gap == pytest.approx(hand_mean_gap(store_path, org), abs=1e-9)
    assert rows["BME"][0] == f"{bme.n_group:,} / {bme.n_reference:,}"
    assert rows["BME"][1] == f"{bme.mean_gap:.1f}% ({bme.mean_gap_low:.1f}% to {bme.mean_gap_high:.1f}%)"
    assert rows["BME"][2] == f"{bme.median_gap:.1f}% ({bme.median_gap_low:.1f}% to {bme.median_gap_high:.1f}%)"
    assert rows["BME"][3] == f"{bme.band_mix:.1f} / {bme.within_band:.1f}"
    assert rows["BME"][4] == f"{100 * bme.disclosure_rate:.0f}%"
    direction = "less" if bme.mean_gap > 0 else "more"  # gap = (White − BME) ÷ White: negative means BME paid more
    assert f"BME staff are paid on average {abs(bme.mean_gap):.1f}% {direction} per hour than White staff" in text
    # the quartiles: each quartile's share by group, as pay_gap computes them
    quartiles = table_rows(body, "paygap-quartiles")
    top = next(c for c in result.quartiles if c.quartile == 4 and c.group == "Asian")
    assert quartiles["4 (highest paid)"][0] == f"{top.size:,}"
    assert quartiles["4 (highest paid)"][1 + list(result.partition).index("Asian")].startswith(
        f"{100 * top.share:.1f}%"
    )


def test_public_page_is_the_public_views_and_holds_no_internal_only_value(
    store_path: Path, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    body = page(client_as(PUBLIC), org)
    text = plain(body)
    assert f"Ethnicity pay gap, 31 March {YEAR}" in text
    internal = direct(store_path, org, "wres")
    public = protect_pay_gap(internal, DisclosurePolicy.from_config(load_config().disclosure))
    rows = table_rows(body, "paygap-table")
    assert set(rows) == {"BME"}  # no 5-group row in the public tier
    got, exact = public.gaps[0], internal.gaps[0]
    assert rows["BME"][0] == f"{got.n_group:,} / {got.n_reference:,}"
    assert got.n_group % 5 == 0
    assert got.n_reference % 5 == 0
    assert rows["BME"][4] == f"{100 * got.disclosure_rate:.0f}%"
    # the exact counts, when they differ from the published ones, appear nowhere on the page
    differ = 0
    for mine, theirs in ((exact.n_group, got.n_group), (exact.n_reference, got.n_reference)):
        if mine != theirs:
            differ += 1
            assert f"{mine:,}" not in text
    assert differ >= 1  # the check bites: this trust's exact counts are not both multiples of 5
    # the quartile shares come from the published counts
    quartiles = table_rows(body, "paygap-quartiles")
    q4 = next(c for c in public.quartiles if c.quartile == 4 and c.group == "BME")
    assert quartiles["4 (highest paid)"][0] == f"{q4.size:,}"
    column = 1 + list(internal.partition).index("BME")
    assert quartiles["4 (highest paid)"][column].startswith(f"{100 * q4.share:.1f}%")
    for label in ("Asian", "Black", "Mixed"):
        assert f"{label} staff" not in text


def test_withheld_gap_says_withheld() -> None:
    """A group of three (suppressed in public: 1–7) with min_group 1: internally a gap, publicly "withheld"."""
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "ethnic_category": ["A"] * 40 + ["H"] * 3,
            "band": ["5"] * 43,
            "contract": ["substantive"] * 43,
            "bank_only": [False] * 43,
            "hourly_pay": list(rng.uniform(15, 25, 43)),
        }
    )
    result = pay_gap(frame, PayGapOptions(min_group=1, n_resamples=50), org_code="X", year=YEAR)
    assert result.gaps[0].mean_gap is not None
    public = protect_pay_gap(result, DisclosurePolicy.from_config(load_config().disclosure))
    table = panel_module.gap_table(list(public.gaps), "White", YEAR, "public")
    cells = [c.text for c in table.rows[0]]
    assert cells[2] == cells[3] == "withheld"
    assert f"{result.gaps[0].mean_gap:.1f}%" not in " ".join(cells)
    assert "withheld" in panel_module.gap_sentence(public.gaps[0])


def test_store_without_pay_says_which_columns_to_import(
    tmp_path: Path, store_path: Path, settings: Any, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    copy = tmp_path / "wres.duckdb"
    shutil.copy(store_path, copy)
    with Store(copy) as st:
        st.con.execute("UPDATE staff SET hourly_pay = NULL")
    settings.STORE_PATH = copy
    fig.clear()
    body = page(client_as(INTERNAL), people.org_a.code)
    text = plain(body)
    assert f"There is no pay data for 31 March {YEAR}" in text
    assert "Hourly Rate" in text
    assert "Basic Hourly Rate" in text
    assert 'id="paygap-table"' not in body


def test_panel_computed_once_until_the_warehouse_changes(
    people: People, client_as: Callable[[Role | None], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = panel_module._build

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(panel_module, "_build", counting)
    client = client_as(INTERNAL)
    page(client, people.org_a.code)
    page(client, people.org_a.code)
    assert len(calls) == 1
