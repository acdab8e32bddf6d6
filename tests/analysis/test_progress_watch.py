"""Watching for a change: :func:`wres.analysis.progress.since` (a chart drawn from a chosen month) and
:func:`wres.analysis.progress.signal_after` (the month a board charting the twelve months before a change as a fixed
baseline would first see its effect), on hand-made series whose limits are computed by hand, and on the demo
trust (``wres demo``), whose planted change must be seen in the right months while its twin without the change
shows nothing then."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wres.analysis.progress import Series, build_series, select, signal_after, since
from wres.analysis.progress.series import period_start
from wres.analysis.spc.rules import RUN_LENGTH
from wres.cli.demo import DEMO_EFFECT_FACTOR, DEMO_EFFECT_MONTH, DEMO_SEED, WATCH_BASELINE
from wres.config import DEFAULT_CONFIG
from wres.indicators.periodic import periodic_counts
from wres.indicators.source import from_store
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

CHANGE = pd.Timestamp(2025, 1, 1)
BASE = [110, 100] * 6
"""Twelve months of 11.0% and 10.0% of 1,000: mean 10.5%, every moving range 1 point, so the limits are
10.5 ± 2.66 × 1 = 7.84% to 13.16% (methods.md §8.1)."""


def _share(groups: list[int], first: str, period: str = "month") -> Series:
    freq = "MS" if period == "month" else "QS"
    dates = pd.date_range(first, periods=len(groups), freq=freq)
    pts = pd.DataFrame({"date": dates, "n_group": groups, "n_total": 1000})
    return Series(
        "senior_share", "senior_share", "share", "BME", "wres", "R1", period, "BME share", "increase", True, pts
    )


def test_period_start_is_the_first_day_of_the_month_or_quarter() -> None:
    assert period_start("2024-11-17", "month") == pd.Timestamp(2024, 11, 1)
    assert period_start("2024-11-17", "quarter") == pd.Timestamp(2024, 10, 1)


def test_since_keeps_the_period_that_contains_the_start_and_after() -> None:
    s = _share(list(range(100, 124)), "2024-01-01")
    cut = since(s, "2024-06-15")
    assert cut.points["date"].iloc[0] == pd.Timestamp(2024, 6, 1)
    assert cut.points["n_group"].tolist() == list(range(105, 124))
    assert since(s, None) is s
    q = since(_share([1, 2, 3, 4], "2024-01-01", "quarter"), "2024-05-20")
    assert q.points["n_group"].tolist() == [2, 3, 4]  # the quarter from April holds 20 May


def test_a_jump_beyond_the_upper_limit_is_seen_in_the_month_of_the_change() -> None:
    # 24 wild months before the baseline window: they must not enter the chart (a limit from them would be wide)
    wild = [300, 50] * 12
    s = _share([*wild, *BASE, 140, 140], "2022-01-01")
    assert signal_after(s, CHANGE) == CHANGE  # 14.0% > 13.16%


def test_a_level_shift_inside_the_limits_is_seen_when_the_run_completes() -> None:
    s = _share([*BASE, *[108] * 9], "2024-01-01")  # 10.8%: above the mean, inside the limits
    assert signal_after(s, CHANGE) == CHANGE + pd.DateOffset(months=RUN_LENGTH - 1)


def test_no_change_and_too_short_a_baseline_give_none() -> None:
    assert signal_after(_share([*BASE, *BASE], "2024-01-01"), CHANGE) is None
    assert signal_after(_share([*BASE[:6], 140, 140], "2024-07-01"), CHANGE) is None  # six months of baseline


def test_a_fall_is_concern_not_improvement() -> None:
    s = _share([*BASE, 60, 60], "2024-01-01")
    assert signal_after(s, CHANGE) is None
    assert signal_after(s, CHANGE, point_type="special_cause_concern") == CHANGE


def _demo_senior_share(folder: Path, **effect: object) -> Series:
    config = SynthConfig(
        profile="london", n_orgs=1, first_year=2022, last_year=2026, seed=DEMO_SEED, monthly=True, **effect
    )  # type: ignore[arg-type]
    canonical = write_canonical(generate(config), folder / "canonical")
    with Store(folder / "s.duckdb") as st:
        st.load_folder(canonical)
        src = from_store(st)
        org = str(src.organisations()["org_code"].iloc[0])
        counts = periodic_counts(src, DEFAULT_CONFIG, "month", [org])
    return select(build_series(counts, org, DEFAULT_CONFIG), "senior_share", "BME")


def test_the_demo_trust_shows_its_planted_change_and_its_twin_does_not(tmp_path: Path) -> None:
    change = pd.Timestamp(f"{DEMO_EFFECT_MONTH}-01")
    last_allowed = change + pd.DateOffset(months=RUN_LENGTH - 1)
    shifted = _demo_senior_share(tmp_path / "shifted", effect_month=DEMO_EFFECT_MONTH, effect_factor=DEMO_EFFECT_FACTOR)
    seen = signal_after(shifted, change, baseline=WATCH_BASELINE)
    assert seen is not None
    assert change <= seen <= last_allowed, seen
    twin = signal_after(_demo_senior_share(tmp_path / "twin"), change, baseline=WATCH_BASELINE)
    assert twin is None or twin > last_allowed, twin
