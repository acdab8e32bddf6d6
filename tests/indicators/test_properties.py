"""Property tests on the counts → results step (hypothesis), and row-order independence of the record path."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wres.indicators import compute, compute_from_counts, from_store
from wres.indicators.counts import COUNT_COLUMNS
from wres.store import Store

MEASURES = {"2": ("appointed", "shortlisted"), "3": ("entrants", "headcount"), "4": ("accessed", "headcount")}


def counts_frame(indicator: str, white: tuple[int, int], bme: tuple[int, int]) -> pd.DataFrame:
    events, people = MEASURES[indicator]
    rows = []
    for group, (x, n) in (("White", white), ("BME", bme)):
        values = {events: x, people: n}
        if indicator == "3":
            values["entrants_prev"] = 0
        for measure, value in values.items():
            rows.append(["RXX", 2024, indicator, "all", "all", "overall", "all", "wres", group, measure, float(value)])
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def ratio_row(indicator: str, white: tuple[int, int], bme: tuple[int, int]) -> pd.Series:
    frame = compute_from_counts(counts_frame(indicator, white, bme)).frame
    variant = "single_year" if indicator == "3" else "all"
    rows = frame[(frame.indicator == indicator) & (frame.variant == variant)]
    return rows.iloc[0]


group_counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=1, max_value=n), st.just(n))
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(white=group_counts, bme=group_counts, indicator=st.sampled_from(["2", "4"]))
def test_swapping_groups_inverts_the_ratio(white: tuple[int, int], bme: tuple[int, int], indicator: str) -> None:
    row = ratio_row(indicator, white, bme)
    swapped = ratio_row(indicator, bme, white)
    assert swapped.estimate == pytest.approx(1 / row.estimate, rel=1e-9)
    assert swapped.ci95_low == pytest.approx(1 / row.ci95_high, rel=1e-6)
    assert swapped.ci95_high == pytest.approx(1 / row.ci95_low, rel=1e-6)


@SETTINGS
@given(white=group_counts, bme=group_counts, k=st.integers(min_value=2, max_value=20))
def test_scaling_counts_keeps_the_ratio_and_narrows_the_interval(
    white: tuple[int, int], bme: tuple[int, int], k: int
) -> None:
    row = ratio_row("2", white, bme)
    scaled = ratio_row("2", (white[0] * k, white[1] * k), (bme[0] * k, bme[1] * k))
    assert scaled.estimate == pytest.approx(row.estimate, rel=1e-12)
    assert math.log(scaled.ci95_high / scaled.ci95_low) < math.log(row.ci95_high / row.ci95_low)


@SETTINGS
@given(white=group_counts, bme=group_counts, indicator=st.sampled_from(["2", "3", "4"]))
def test_interval_contains_estimate_and_never_infinite(
    white: tuple[int, int], bme: tuple[int, int], indicator: str
) -> None:
    row = ratio_row(indicator, white, bme)
    assert row.ci998_low <= row.ci95_low <= row.estimate <= row.ci95_high <= row.ci998_high
    numbers = row[["estimate", "ci95_low", "ci95_high", "ci998_low", "ci998_high", "katz95_low", "katz95_high"]]
    assert np.isfinite(numbers.to_numpy(dtype=float)).all()


@SETTINGS
@given(
    white=st.tuples(st.integers(0, 50), st.integers(0, 50)),
    bme=st.tuples(st.integers(0, 50), st.integers(0, 50)),
)
def test_zero_counts_give_reasons_never_inf(white: tuple[int, int], bme: tuple[int, int]) -> None:
    wx, wn = min(white), max(white)
    bx, bn = min(bme), max(bme)
    row = ratio_row("2", (wx, wn), (bx, bn))
    if row.status == "not_computed":
        assert row.reason in {"no_people", "no_events", "comparator_rate_zero"}
        assert math.isnan(row.estimate)
    else:
        assert math.isfinite(row.estimate)
        assert pd.isna(row.reason)
    if wn == 0 or bn == 0:
        assert row.reason == "no_people"
    elif bx == 0 and wx > 0:
        assert row.reason == "comparator_rate_zero"


@SETTINGS
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_counts_row_order_does_not_matter(seed: int) -> None:
    counts = pd.concat([counts_frame("2", (375, 1500), (160, 1000)), counts_frame("4", (1200, 3000), (250, 800))])
    base = compute_from_counts(counts).frame
    shuffled = compute_from_counts(counts.sample(frac=1, random_state=np.random.RandomState(seed % 2**32))).frame
    pd.testing.assert_frame_equal(base, shuffled)


def test_record_row_order_does_not_matter(worked_folder: Path, worked_store: Store, tmp_path: Path) -> None:
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for path in worked_folder.glob("*.csv"):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df.sample(frac=1, random_state=7).to_csv(shuffled / path.name, index=False)
    with Store(tmp_path / "s.duckdb") as other:
        other.load_folder(shuffled)
        a = compute(from_store(worked_store), [2024], by="band").frame
        b = compute(from_store(other), [2024], by="band").frame
    pd.testing.assert_frame_equal(a, b)
