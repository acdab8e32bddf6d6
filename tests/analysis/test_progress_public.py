"""The public tier of the progress series (wres.analysis.progress.public; methods.md §11.2): a chart only when every
count behind it is 8 or more (then from counts rounded to 5), else at quarters, else the summary alone; no count of
1–7 anywhere in the public output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.analysis.progress_synth import shifted_store

from wres.analysis.progress import Series, progress, public_view, summarise
from wres.analysis.progress.public import (
    ROUNDING_CAUTION,
    public_series,
    publishable,
    round_count,
    rounding_noise,
    rounding_swamps,
)
from wres.config import DEFAULT_CONFIG
from wres.disclosure import rounding
from wres.indicators.source import from_store
from wres.store import Store

__all__ = ["shifted_store"]


def _rate(events: list[int], people: list[int], period: str = "month") -> Series:
    freq = "MS" if period == "month" else "QS"
    pts = pd.DataFrame(
        {"date": pd.date_range("2024-04-01", periods=len(events), freq=freq), "n_events": events, "n_people": people}
    )
    return Series("training_rate", "training", "rate", "BME", "wres", "R1", period, "rate", "increase", True, pts)


def test_rounding_is_the_disclosure_packages() -> None:
    for base in (5, 10):
        assert [round_count(v, base) for v in range(300)] == [rounding.round_count(v, base) for v in range(300)]


def test_publishable_needs_every_count_at_least_8() -> None:
    assert publishable(_rate([8, 9, 30], [40, 41, 42]), DEFAULT_CONFIG)
    assert not publishable(_rate([8, 7, 30], [40, 41, 42]), DEFAULT_CONFIG)
    assert not publishable(_rate([8, 0, 30], [40, 41, 42]), DEFAULT_CONFIG)  # a zero beside a rounded count


def test_chart_from_rounded_counts() -> None:
    series = _rate([8, 12, 13, 31] * 3, [41, 44, 47, 52] * 3)
    shown = public_view(summarise(series), series, DEFAULT_CONFIG)
    assert shown.chart_published
    assert shown.computed_from == "rounded_counts"
    assert shown.tier == "public"
    assert shown.chart is not None
    assert list(shown.chart["n_events"][:4]) == [10, 10, 15, 30]
    assert list(shown.chart["n_people"][:4]) == [40, 45, 45, 50]
    assert list(shown.chart["value"][:4]) == pytest.approx([10 / 40, 10 / 45, 15 / 45, 30 / 50])
    assert shown.last_value == pytest.approx(30 / 50)  # not 31/52


def test_monthly_too_small_published_at_quarters() -> None:
    monthly = _rate([3, 4, 5] * 4, [30, 30, 30] * 4)
    quarterly = _rate([12, 20, 15, 26], [30] * 4, period="quarter")
    shown = public_view(summarise(monthly), monthly, DEFAULT_CONFIG, quarterly=quarterly)
    assert shown.chart_published
    assert shown.period == "quarter"
    assert list(shown.chart["n_events"]) == [10, 20, 15, 25]  # type: ignore[index]


def test_summary_only_says_no_value() -> None:
    base = [3, 4] * 6
    series = _rate([*base, 0], [30] * 13)
    internal = summarise(series, fix_after_n_points=12)
    assert internal.variation_type == "special_cause_concern"  # 0 of 30 is below the lower limit (2.8%)
    shown = public_view(internal, series, DEFAULT_CONFIG)
    assert not shown.chart_published
    assert shown.computed_from == "internal_counts"
    assert shown.points is None
    assert shown.chart is None
    assert shown.last_value is None
    assert shown.variation_icon == internal.variation_icon
    assert shown.sentence == "Special cause: concern — the rate is below its lower limit in 2025-04."
    assert "%" not in json.dumps(shown.to_dict())


def _numbers(value: Any, key: str = "") -> list[tuple[str, float]]:
    """Every number in a JSON-like value with the key it sits under."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _numbers(v, str(k))]
    if isinstance(value, list):
        return [pair for v in value for pair in _numbers(v, key)]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [(key, float(value))]
    return []


def test_no_count_from_1_to_7_in_the_public_output(shifted_store: Path) -> None:
    with Store(shifted_store, read_only=True) as st:
        src = from_store(st)
        org = str(src.organisations()["org_code"].iloc[0])
        internal = progress(src, DEFAULT_CONFIG, org, tier="internal")
        public = progress(src, DEFAULT_CONFIG, org, tier="public")
    small = [
        (s.key, s.group)
        for s in internal.series
        if s.points is not None and ((s.points.filter(like="n_") > 0) & (s.points.filter(like="n_") < 8)).any().any()
    ]
    assert small  # the trust has small monthly counts (else this test proves nothing)
    counts = [(k, v) for s in public.series for k, v in _numbers(s.to_dict()) if k.startswith("n_")]
    assert counts
    assert all(v >= 10 and v % 5 == 0 for _, v in counts)
    for s in public.series:
        if s.chart_published:
            assert s.computed_from == "rounded_counts"
        else:
            assert s.points is None
            assert s.last_value is None
    hidden = {(s.key, s.group) for s in public.series if not s.chart_published}
    assert hidden  # e.g. the BME share at VSM: a handful of people
    assert not np.isnan([s.n for s in public.series]).any()


def test_public_series_keeps_internal_counts_untouched() -> None:
    series = _rate([8, 12], [41, 44])
    rounded = public_series(series, DEFAULT_CONFIG)
    assert list(series.points["n_events"]) == [8, 12]
    assert list(rounded.points["n_events"]) == [10, 10]


def _share(groups: list[int], total: int) -> Series:
    pts = pd.DataFrame(
        {"date": pd.date_range("2024-04-01", periods=len(groups), freq="MS"), "n_group": groups, "n_total": total}
    )
    return Series("senior_share", "senior_share", "share", "BME", "wres", "R1", "month", "share", "increase", True, pts)


def test_rounding_noise_by_the_delta_method() -> None:
    # share 100/1000 rounded to 5: each count off by up to ±2.5, variance 25/12; sd = √(25/12 · (1 + 0.1²)) / 1000
    assert rounding_noise(_share([100], 1000), 5)[0] == pytest.approx(np.sqrt(25 / 12 * 1.01) / 1000)
    # a log ratio (10/100) / (20/400): sd = √(25/12 · (1/10² + 1/100² + 1/20² + 1/400²))
    pts = pd.DataFrame(
        {
            "date": [pd.Timestamp(2024, 4, 1)],
            "n_events_a": [10],
            "n_people_a": [100],
            "n_events_b": [20],
            "n_people_b": [400],
        }
    )
    ratio = Series("r", "training", "ln_ratio", None, "wres", "R1", "month", "ratio", "decrease", True, pts)
    expected = np.sqrt(25 / 12 * (1 / 100 + 1 / 100**2 + 1 / 20**2 + 1 / 400**2))
    assert rounding_noise(ratio, 5)[0] == pytest.approx(expected)


def test_a_stock_share_swamped_by_rounding_publishes_only_its_reading() -> None:
    # 200 of 1,000 BME staff at band 8a and above, one more each month: every count is far above 8, but rounded to 5
    # the share moves in steps of 0.5 points every fifth month (mean moving range 0.1 point, sigma 0.09 point) while
    # rounding adds noise of 0.15 point to each point
    series = _share(list(range(200, 224)), 1000)
    assert publishable(series, DEFAULT_CONFIG)
    assert rounding_swamps(public_series(series, DEFAULT_CONFIG), 5)
    shown = public_view(summarise(series), series, DEFAULT_CONFIG)
    assert not shown.chart_published
    assert shown.chart is None
    assert shown.last_value is None
    assert ROUNDING_CAUTION in shown.cautions


def test_a_rate_that_moves_more_than_rounding_is_still_charted() -> None:
    # 100 or 130 trained of 1,000 in turn: moving range 3 points, sigma 2.7 points; rounding noise 0.15 point
    series = _rate([100, 130] * 6, [1000] * 12)
    assert not rounding_swamps(public_series(series, DEFAULT_CONFIG), 5)
    shown = public_view(summarise(series), series, DEFAULT_CONFIG)
    assert shown.chart_published
    assert ROUNDING_CAUTION not in shown.cautions
