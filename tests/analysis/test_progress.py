"""wres.analysis.progress: the series built from periodic counts, XmR applied with their directions, the sentences,
first_signal and detectability (methods.md §8.6, §13). Expected values are worked out by hand in each test."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.indicators.test_periodic import ORG, write_folder

from wres.analysis.progress import (
    Series,
    detectability_for,
    first_signal,
    progress,
    progress_from_counts,
    summarise,
)
from wres.analysis.progress.detect import detectability_sentence
from wres.analysis.progress.series import build_series, select, values_from_counts
from wres.analysis.progress.summary import CONTEXT_NOTE, TRIAL_CAUTION
from wres.config import DEFAULT_CONFIG
from wres.indicators import compute, from_store
from wres.indicators.periodic import PeriodicCounts, periodic_counts
from wres.store import Store

T = pd.Timestamp


@pytest.fixture(scope="module")
def hand_counts(tmp_path_factory: pytest.TempPathFactory) -> tuple[PeriodicCounts, PeriodicCounts]:
    folder = write_folder(tmp_path_factory.mktemp("progress") / "canonical")
    path = folder.parent / "p.duckdb"
    with Store(path) as st:
        st.load_folder(folder)
    with Store(path, read_only=True) as st:
        src = from_store(st)
        return periodic_counts(src, DEFAULT_CONFIG, "month"), periodic_counts(src, DEFAULT_CONFIG, "quarter")


@pytest.fixture(scope="module")
def hand_series(hand_counts: tuple[PeriodicCounts, PeriodicCounts]) -> list[Series]:
    month, quarter = hand_counts
    return build_series(month, ORG, DEFAULT_CONFIG, disciplinary=quarter)


def _points(series: Series) -> dict[pd.Timestamp, float]:
    return dict(zip(series.points["date"], series.values(), strict=True))


def test_appointment_rates_by_month(hand_series: list[Series]) -> None:
    # test_periodic.py: March White 0 of 1; April White 2 of 4, BME 2 of 2; May White 1 of 1, BME 0 of 1
    white = select(hand_series, "appointment_rate", "White")
    bme = select(hand_series, "appointment_rate", "BME")
    assert _points(white) == {T("2024-03-01"): 0.0, T("2024-04-01"): 0.5, T("2024-05-01"): 1.0}
    assert _points(bme) == {T("2024-04-01"): 1.0, T("2024-05-01"): 0.0}
    assert bme.left_out == 1  # March: no BME applicant shortlisted, left out rather than plotted as 0
    assert (white.direction, bme.direction) == ("increase", "increase")


def test_appointment_ratio_on_the_log_scale(hand_series: list[Series]) -> None:
    ratio = select(hand_series, "appointment_ratio")
    # April: ln((2/4) / (2/2)) = ln 0.5; March (no BME) and May (BME rate 0) cannot be computed
    assert list(ratio.points["date"]) == [T("2024-04-01")]
    assert ratio.values()[0] == pytest.approx(math.log(0.5))
    assert (ratio.kind, ratio.direction, ratio.left_out) == ("ln_ratio", "decrease", 2)


def test_disciplinary_is_quarterly_over_the_headcount(hand_series: list[Series]) -> None:
    bme = select(hand_series, "disciplinary_rate", "BME")
    white = select(hand_series, "disciplinary_rate", "White")
    # Q2 2024: one BME entrant (P2) over the 31 May snapshot's 3 BME staff; one White (P1) over 2 White staff
    assert bme.period == "quarter"
    assert bme.direction == "decrease"
    assert _points(bme) == {T("2024-04-01"): pytest.approx(1 / 3)}
    assert _points(white) == {T("2024-04-01"): pytest.approx(1 / 2)}
    ratio = select(hand_series, "disciplinary_ratio")
    assert ratio.values()[0] == pytest.approx(math.log((1 / 3) / (1 / 2)))  # BME ÷ White


def test_training_rate_and_zero_month(hand_series: list[Series]) -> None:
    bme = select(hand_series, "training_rate", "BME")
    # April: P3 over 3 BME staff (30 April snapshot); May: nobody (a real zero); June: 31 May snapshot
    assert _points(bme) == {T("2024-04-01"): pytest.approx(1 / 3), T("2024-05-01"): 0.0, T("2024-06-01"): 0.0}
    assert bme.direction == "increase"
    assert bme.sparse  # two of three months without events


def test_senior_share_per_snapshot(hand_series: list[Series]) -> None:
    share = select(hand_series, "senior_share", "BME")
    # 8a+: P2, P4, P6, P7 (BME P2, P7) until P3's promotion by 31 May
    assert _points(share) == {T("2024-03-01"): 0.5, T("2024-04-01"): 0.5, T("2024-05-01"): pytest.approx(3 / 5)}
    assert share.direction == "increase"
    vsm = select(hand_series, "vsm_share", "BME")
    assert set(vsm.values()) == {1.0}


def test_rolling_context_series_has_no_rules(hand_series: list[Series]) -> None:
    rolling = select(hand_series, "appointment_ratio_rolling")
    assert not rolling.rules
    assert rolling.points.empty
    summary = summarise(rolling)
    assert summary.variation_icon is None


def test_values_guard_every_division() -> None:
    pts = pd.DataFrame({"n_events": [0, 3, 2], "n_people": [0, 6, 0]})
    got = values_from_counts("rate", pts)
    assert np.isnan(got[0])
    assert got[1] == 0.5
    assert np.isnan(got[2])
    ratio = pd.DataFrame({"n_events_a": [1, 0], "n_people_a": [2, 5], "n_events_b": [1, 1], "n_people_b": [4, 4]})
    assert values_from_counts("ln_ratio", ratio)[0] == pytest.approx(math.log(2))
    assert np.isnan(values_from_counts("ln_ratio", ratio)[1])  # a ratio of 0 has no logarithm
    with pytest.raises(ValueError, match="kind"):
        values_from_counts("odds", pts)


def _share_series(groups: list[int], total: int = 1000, direction: str = "increase") -> Series:
    dates = pd.date_range("2024-01-01", periods=len(groups), freq="MS")
    pts = pd.DataFrame({"date": dates, "n_group": groups, "n_total": total})
    return Series(
        "senior_share", "senior_share", "share", "BME", "wres", "R1", "month", "BME share", direction, True, pts
    )


BASE = [110, 100] * 6  # mean 10.5%, moving range 1 point: limits 10.5 ± 2.66 points; ends below the mean
ENDS_HIGH = [100, 110] * 6  # the same, ending above the mean


def test_sentence_shift_names_the_run_and_its_start() -> None:
    s = summarise(_share_series([*BASE, *[108] * 7]), fix_after_n_points=12)
    assert s.variation_type == "special_cause_improvement"
    assert s.sentence == (
        "Special cause: improvement — the BME share has been above its mean for 7 months since 2025-01."
    )


def test_sentence_outside_limits_and_concern() -> None:
    s = summarise(_share_series([*BASE, 50]), fix_after_n_points=12)
    assert s.sentence == (
        "Special cause: concern — the BME share is below its lower limit in 2025-01 (5.0% in 2025-01)."
    )
    assert s.variation_icon == "variation/concern_low.svg"


def test_sentence_trend() -> None:
    s = summarise(_share_series([*ENDS_HIGH, 101, 102, 103, 104, 106, 107, 108]), fix_after_n_points=12)
    assert s.sentence == "Special cause: improvement — the BME share has risen for 7 months in a row since 2025-01."


def test_sentence_common_cause_and_trial_limits() -> None:
    s = summarise(_share_series(BASE[:6]))
    assert s.sentence == "Common cause: no significant change — the BME share is within its limits (10.0% in 2024-06)."
    assert s.trial_limits
    assert TRIAL_CAUTION in s.cautions
    assert s.assurance_icon is None  # no target by default
    assert s.options["improvement_direction"] == "increase"
    assert s.options["series"] == "senior_share"


def test_first_signal_is_when_the_run_completes() -> None:
    series = _share_series([*BASE, *[108] * 9])
    summary = summarise(series, fix_after_n_points=12)
    flagged = summary.chart[summary.chart["point_type"] == "special_cause_improvement"]  # type: ignore[index]
    assert flagged["date"].iloc[0] == T("2025-01-01")  # the whole run is flagged once complete
    assert first_signal(series, start=12, fix_after_n_points=12) == T("2025-07-01")  # its seventh point


def test_context_sentence() -> None:
    pts = pd.DataFrame(
        {"date": [T("2025-01-01")], "n_events_a": [30], "n_people_a": [100], "n_events_b": [20], "n_people_b": [100]}
    )
    s = Series("r", "appointment", "ratio", None, "wres", "R1", "month", "ratio", "neutral", False, pts)
    got = summarise(s)
    assert got.sentence == "Context: the ratio was 1.50 in the twelve months to 2025-01."
    assert CONTEXT_NOTE in got.cautions


def test_detectability_reproduces_methods_13(worked_store: Store) -> None:
    # The worked store is methods §13's two examples: indicator 2 with 1,500 White and 1,000 BME shortlisted, BME
    # rate 16%: 1.28 / 1.16 / 1.12; indicator 3 (rolling) with 800 BME and 3,000 White staff, White rate 0.7%:
    # 2.69 / 1.88 / 1.66.
    results = compute(from_store(worked_store), [2024]).frame
    got = {d.indicator: d for d in detectability_for(results, "RXX", 2024)}
    assert (got["2"].detectable_1y, got["2"].detectable_3y, got["2"].detectable_5y) == pytest.approx(
        (1.28, 1.16, 1.12), abs=0.006
    )
    assert (got["3"].detectable_1y, got["3"].detectable_3y, got["3"].detectable_5y) == pytest.approx(
        (2.69, 1.88, 1.66), abs=0.006
    )
    assert got["3"].sentence == (
        "With your numbers, indicator 3 would need to reach about 2.7 for one year's data to distinguish it from "
        "parity; pooling three years lowers that to about 1.9 and five years to about 1.7."
    )
    assert set(got) == {"2", "3", "4"}


def test_detectability_sentence_when_not_computable() -> None:
    nan = math.nan
    assert detectability_sentence("2", nan, nan, nan, "no_comparator_events") == (
        "The change indicator 2 could detect cannot be worked out from these numbers (the comparator group had no "
        "events)."
    )


def test_public_detectability_of_a_suppressed_row(worked_store: Store) -> None:
    results = compute(from_store(worked_store), [2024]).frame
    public = results.copy()
    public.loc[public["indicator"] == "3", "c"] = np.nan  # as the public tier shows a suppressed count
    got = {d.indicator: d for d in detectability_for(public, "RXX", 2024, tier="public")}
    assert got["3"].reason == "suppressed"
    assert math.isnan(got["3"].detectable_1y)
    assert "suppressed" in got["3"].sentence


def test_detectability_sentence_never_rounds_to_parity() -> None:
    # one decimal would print 1.10 and 1.06 alike ("about 1.1"), so all three take two
    assert detectability_sentence("4", 1.10, 1.06, 1.046, None) == (
        "With your numbers, indicator 4 would need to reach about 1.10 for one year's data to distinguish it from "
        "parity; pooling three years lowers that to about 1.06 and five years to about 1.05."
    )
    assert detectability_sentence("3", 2.69, 1.88, 1.66, None) == (  # methods §13's example: one decimal
        "With your numbers, indicator 3 would need to reach about 2.7 for one year's data to distinguish it from "
        "parity; pooling three years lowers that to about 1.9 and five years to about 1.7."
    )


def test_detectability_sentence_never_says_one_ratio_twice() -> None:
    assert detectability_sentence("2", 1.21, 1.12, 1.09, None) == (
        "With your numbers, indicator 2 would need to reach about 1.21 for one year's data to distinguish it from "
        "parity; pooling three years lowers that to about 1.12 and five years to about 1.09."
    )
    assert detectability_sentence("2", 1.5, 1.123, 1.121, None) == (
        "With your numbers, indicator 2 would need to reach about 1.50 for one year's data to distinguish it from "
        "parity; pooling three or five years lowers that to about 1.12."
    )


def test_series_up_to_a_wres_year(hand_counts: tuple[PeriodicCounts, PeriodicCounts]) -> None:
    month, quarter = hand_counts
    series = build_series(month, ORG, DEFAULT_CONFIG, disciplinary=quarter, year=2024)  # up to 31 March 2024
    assert _points(select(series, "appointment_rate", "White")) == {T("2024-03-01"): 0.0}
    assert list(select(series, "senior_share", "BME").points["date"]) == [T("2024-03-01")]
    assert not [s for s in series if s.measure == "training" and not s.points.empty]


def test_five_groups_give_rates_per_group_and_no_ratio(hand_counts: tuple[PeriodicCounts, PeriodicCounts]) -> None:
    month, quarter = hand_counts
    series = build_series(month, ORG, DEFAULT_CONFIG, grouping="group5", disciplinary=quarter)
    rates = {s.group for s in series if s.key == "appointment_rate"}
    assert rates == {"White", "Asian", "Black"}  # Unknown is not charted
    assert not [s for s in series if s.kind == "ln_ratio"]
    # 8a+ at 31 March 2024: P2 (Asian), P4 (White), P6 (Unknown), P7 (Mixed) → Asian 1 of 4
    assert _points(select(series, "senior_share", "Asian"))[T("2024-03-01")] == 0.25
    assert {s.group for s in series if s.key == "senior_share"} == {"Asian", "Black", "Mixed"}


def test_a_store_with_staff_only(canonical_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "staff.duckdb"
    with Store(path) as st:
        st.load_folder(canonical_folder)
    with Store(path, read_only=True) as st:
        run = progress(from_store(st), DEFAULT_CONFIG, "RXX", tier="public")
    assert {s.key for s in run.series} == {"senior_share", "vsm_share"}  # no event table: no event series
    assert [s.n for s in run.series] == [1, 0]  # one snapshot; nobody at VSM
    assert not any(s.chart_published for s in run.series)


def test_a_target_gives_the_assurance_icon_of_its_series_only(
    hand_counts: tuple[PeriodicCounts, PeriodicCounts],
) -> None:
    month, quarter = hand_counts
    run = progress_from_counts(month, quarter, ORG, DEFAULT_CONFIG, targets={("senior_share", "BME"): 0.9})
    by = {(s.key, s.group): s for s in run.series}
    # 50%, 50%, 60%: mean 53.3%, moving ranges 0 and 10 points, upper limit 53.3 + 2.66 × 5 = 66.6% < 90%
    assert by[("senior_share", "BME")].assurance_label == "Consistently failing target"
    assert by[("senior_share", "BME")].options["target"] == 0.9
    assert all(s.assurance_icon is None for k, s in by.items() if k != ("senior_share", "BME"))
    assert run.options["targets"] == {"senior_share:BME": 0.9}


def test_sentence_two_in_three_near_a_limit() -> None:
    # 12.5% twice in three points, beyond the upper near line (10.5 + 1.77 = 12.27%) but inside the limit
    s = summarise(_share_series([*BASE, 125, 110, 125]), fix_after_n_points=12)
    assert s.sentence == (
        "Special cause: improvement — the BME share has been close to its upper limit in two of the last three months."
    )


def test_sentence_falling_trend_with_lower_is_better() -> None:
    s = summarise(
        _share_series([*BASE, 109, 108, 107, 106, 104, 103, 102], direction="decrease"), fix_after_n_points=12
    )
    assert s.variation_icon == "variation/improvement_low.svg"
    assert s.sentence == "Special cause: improvement — the BME share has fallen for 7 months in a row since 2025-01."
