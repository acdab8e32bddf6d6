"""The synthetic shift is detected in the right month (issue 16): the BME share of staff at band 8a and above,
monthly, from the store through wres.indicators.periodic and wres.analysis.progress.

The generator plants an effect from the first day of October 2024 (ADR 0006). The chart is the one a trust would
draw to watch for it: the twelve months before as a fixed baseline (``fix_after_n_points=12``, methods.md §8.4),
then every month after. The share is a stock, so it climbs as the inflow turns over; the assertion is on the month
a board watching the chart would first have seen an improvement signal (:func:`first_signal`): from October 2024
and within the run length (seven months) after it. The same trust without the effect shows no signal in that
window, so the signal is the effect's, not the workforce's drift.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from tests.analysis.progress_synth import EFFECT_START, shifted_store, twin_store

from wres.analysis.progress import Series, first_signal, summarise
from wres.analysis.progress.series import build_series, select
from wres.analysis.spc.rules import RUN_LENGTH
from wres.config import DEFAULT_CONFIG
from wres.indicators.periodic import periodic_counts
from wres.indicators.source import from_store
from wres.store import Store

__all__ = ["shifted_store", "twin_store"]

BASELINE = 12


def _senior_share(path: Path) -> Series:
    with Store(path, read_only=True) as st:
        src = from_store(st)
        org = str(src.organisations()["org_code"].iloc[0])
        counts = periodic_counts(src, DEFAULT_CONFIG, "month", [org])
    series = select(build_series(counts, org, DEFAULT_CONFIG), "senior_share", "BME")
    start = EFFECT_START - pd.DateOffset(months=BASELINE)
    watched = series.points[series.points["date"] >= start].reset_index(drop=True)
    return series.with_points(watched)


@pytest.fixture(scope="module")
def shifted(shifted_store: Path) -> Series:
    return _senior_share(shifted_store)


def test_series_is_monthly_with_the_baseline_before_the_effect(shifted: Series) -> None:
    dates = list(shifted.points["date"])
    assert dates[BASELINE] == EFFECT_START
    assert all((b.year - a.year) * 12 + b.month - a.month == 1 for a, b in itertools.pairwise(dates))


def test_shift_is_detected_in_the_right_month(shifted: Series) -> None:
    seen = first_signal(shifted, start=BASELINE, fix_after_n_points=BASELINE)
    assert seen is not None
    last_allowed = EFFECT_START + pd.DateOffset(months=RUN_LENGTH - 1)
    assert EFFECT_START <= seen <= last_allowed, seen
    summary = summarise(shifted, fix_after_n_points=BASELINE)
    assert summary.variation_type == "special_cause_improvement"
    assert summary.sentence.startswith("Special cause: improvement — the BME share of staff at band 8a and above")
    assert summary.options["fix_after_n_points"] == BASELINE


def test_twin_without_the_effect_shows_no_signal_in_that_window(twin_store: Path) -> None:
    twin = _senior_share(twin_store)
    seen = first_signal(twin, start=BASELINE, fix_after_n_points=BASELINE)
    assert seen is None or seen > EFFECT_START + pd.DateOffset(months=RUN_LENGTH - 1)
