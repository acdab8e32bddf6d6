"""Model Employer aspirational targets (wres-domain.md §7.2): the worked example as a hand-computed oracle, the
first-available-year rule, a band above target, reference "baseline" vs "latest", a year after the target year, a
band with no staff, and the trajectory's shape as a property."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wres.analysis.model_employer import (
    OVERALL,
    SENIOR,
    Counts,
    IssueStamp,
    build_trajectory,
    counts_from_results,
    judge,
    judge_years,
    required_gain,
    target_headcount,
    target_share,
    trajectory_from_rows,
    trajectory_rows,
)
from wres.config import ModelEmployerOptions
from wres.errors import WresError

EXAMPLE = ModelEmployerOptions(bands=("8c",))


def _table(years: dict[int, dict[str, tuple[int, int]]]) -> dict[int, dict[str, Counts]]:
    return {y: {k: Counts(b, n) for k, (b, n) in bands.items()} for y, bands in years.items()}


def _example_table() -> dict[int, dict[str, Counts]]:
    """§7.2's example: band 8c 5% BME at 31 March 2018 (1 of 20); overall 20% in 2024 (200 of 1,000); 40 staff in
    band 8c in 2024 of whom 3 BME."""
    return _table(
        {
            2018: {OVERALL: (150, 1000), "8c": (1, 20)},
            2024: {OVERALL: (200, 1000), "8c": (3, 40)},
        }
    )


# --- the worked example of §7.2, computed by hand ----------------------------------------------------------------


def test_worked_example_trajectory_by_hand() -> None:
    # s0 = 5%, S = 20%, y0 = 2018, T = 2028: 5% + 15 points × (y − 2018) / 10, i.e. +1.5 points a year
    hand = [5.0, 6.5, 8.0, 9.5, 11.0, 12.5, 14.0, 15.5, 17.0, 18.5, 20.0]
    traj = build_trajectory(_example_table(), "RXX", EXAMPLE, 2024)
    band = traj.band("8c")
    assert band is not None
    assert [float(band.targets[y]) * 100 for y in range(2018, 2029)] == pytest.approx(hand, abs=1e-12)
    assert band.targets[2024] == Fraction(14, 100)
    assert traj.reference_share == Fraction(20, 100)
    assert traj.baseline_year == 2018
    assert traj.notes == ()


def test_worked_example_heads_and_gap() -> None:
    traj = build_trajectory(_example_table(), "RXX", EXAMPLE, 2024)
    (row,) = judge(traj, _example_table(), 2024)
    # 14% of 40 = 5.6 → 6 BME staff; 3 actual → gap 3
    assert row.target_share == Fraction(14, 100)
    assert row.target_heads == 6
    assert row.actual.bme == 3
    assert row.gap == 3
    # (20% × 40 − 3) / (2028 − 2024) = 5 / 4 = 1.25 → 2 a year
    assert row.required_gain == 2
    assert row.status == "below_target"


def test_formulas_by_hand() -> None:
    assert target_share(Fraction(1, 20), Fraction(1, 5), 2018, 2028, 2018) == Fraction(1, 20)
    assert target_share(Fraction(1, 20), Fraction(1, 5), 2018, 2028, 2028) == Fraction(1, 5)
    assert target_share(Fraction(1, 20), Fraction(1, 5), 2018, 2028, 2031) == Fraction(1, 5)  # S after T
    with pytest.raises(ValueError, match="before"):
        target_share(Fraction(1, 20), Fraction(1, 5), 2018, 2028, 2017)
    assert target_headcount(Fraction(14, 100), 50) == 7  # exactly 7: a float product is 7.000000000000001
    assert target_headcount(Fraction(14, 100), 40) == 6
    assert required_gain(Fraction(1, 5), 40, 20, 2028, 2024) == 0  # above S: floored at 0
    assert required_gain(Fraction(1, 5), 40, 3, 2028, 2027) == 5  # 8 − 3 in one year
    assert required_gain(Fraction(1, 5), 40, 3, 2028, 2028) is None  # no year left


# --- first available year ----------------------------------------------------------------------------------------


def test_no_baseline_year_snapshot_uses_the_first_available_year_and_says_so() -> None:
    table = _table(
        {
            2020: {OVERALL: (100, 1000), "8c": (2, 20)},  # 10%
            2022: {OVERALL: (200, 1000), "8c": (3, 30)},
        }
    )
    traj = build_trajectory(table, "RXX", EXAMPLE, 2022)
    assert traj.baseline_year == 2020
    assert any("no 31 March 2018" in n and "31 March 2020" in n and "first available year" in n for n in traj.notes)
    band = traj.band("8c")
    assert band is not None
    # from 10% in 2020 to 20% in 2028: 1.25 points a year; 2022 → 12.5%
    assert band.targets[2020] == Fraction(1, 10)
    assert band.targets[2022] == Fraction(125, 1000)
    assert min(band.targets) == 2020
    (row,) = judge(traj, table, 2022)
    assert row.target_heads == 4  # 12.5% × 30 = 3.75 → 4
    assert row.gap == 1


def test_year_before_the_baseline_year_is_refused() -> None:
    table = _table({2017: {OVERALL: (100, 1000), "8c": (2, 20)}})
    with pytest.raises(WresError, match="before the Model Employer baseline year 2018"):
        build_trajectory(table, "RXX", EXAMPLE, 2017)


# --- a band above target; no staff --------------------------------------------------------------------------------


def test_band_already_above_target_reads_on_or_above_with_no_gain() -> None:
    table = _table(
        {
            2018: {OVERALL: (150, 1000), "8c": (6, 20)},  # 30%, above the overall share
            2024: {OVERALL: (200, 1000), "8c": (12, 40)},  # 30% against S = 20%
        }
    )
    traj = build_trajectory(table, "RXX", EXAMPLE, 2024)
    (row,) = judge(traj, table, 2024)
    # 30% + (20% − 30%) × 6/10 = 24%; × 40 = 9.6 → 10; actual 12 → gap −2
    assert row.target_share == Fraction(24, 100)
    assert row.target_heads == 10
    assert row.gap == -2
    assert row.status == "on_or_above_target"
    assert row.required_gain == 0


def test_band_with_no_staff() -> None:
    table = _table(
        {
            2018: {OVERALL: (150, 1000), "8c": (1, 20), "9": (0, 0)},
            2024: {OVERALL: (200, 1000), "8c": (0, 0)},  # 8c empty now; band 9 never had staff
        }
    )
    traj = build_trajectory(table, "RXX", ModelEmployerOptions(bands=("8c", "9")), 2024)
    rows = {r.band: r for r in judge(traj, table, 2024)}
    assert rows["8c"].status == "no_staff"
    assert rows["8c"].target_heads is None
    assert rows["8c"].gap is None
    assert rows["8c"].required_gain is None
    assert "no staff" in rows["8c"].note
    assert rows["9"].status == "no_target"
    assert rows["9"].target_share is None
    assert "no staff in the band at the baseline" in rows["9"].note


# --- reference "baseline" vs "latest" -----------------------------------------------------------------------------


def test_reference_baseline_versus_latest() -> None:
    table = _example_table()  # overall 15% in 2018, 20% in 2024
    latest = build_trajectory(table, "RXX", EXAMPLE, 2024)
    fixed = build_trajectory(table, "RXX", ModelEmployerOptions(bands=("8c",), reference="baseline"), 2024)
    assert latest.reference_share == Fraction(20, 100)
    assert latest.reference_year == 2024
    assert fixed.reference_share == Fraction(15, 100)
    assert fixed.reference_year == 2018
    band = fixed.band("8c")
    assert band is not None
    # 5% + (15% − 5%) × 6/10 = 11%; × 40 = 4.4 → 5; actual 3 → gap 2; (15% × 40 − 3)/4 = 0.75 → 1
    assert band.targets[2024] == Fraction(11, 100)
    (row,) = judge(fixed, table, 2024)
    assert (row.target_heads, row.gap, row.required_gain) == (5, 2, 1)
    assert band.targets[2028] == Fraction(15, 100)


# --- after the target year ------------------------------------------------------------------------------------------


def test_year_after_the_target_year() -> None:
    table = _table(
        {
            2018: {OVERALL: (150, 1000), "8c": (1, 20)},
            2030: {OVERALL: (200, 1000), "8c": (3, 40)},
        }
    )
    traj = build_trajectory(table, "RXX", EXAMPLE, 2030)
    (row,) = judge(traj, table, 2030)
    assert row.target_share == Fraction(20, 100)  # S after T
    assert row.target_heads == 8
    assert row.gap == 5
    assert row.required_gain is None
    assert row.status == "target_year_passed"
    assert "2028 has passed" in row.note
    assert "5 BME staff short" in row.note


def test_year_after_the_target_year_on_target_says_it_has_passed() -> None:
    table = _table({2018: {OVERALL: (150, 1000), "8c": (1, 20)}, 2030: {OVERALL: (200, 1000), "8c": (10, 40)}})
    (row,) = judge(build_trajectory(table, "RXX", EXAMPLE, 2030), table, 2030)
    assert row.gap == -2  # 8 needed, 10 in post
    assert row.status == "on_or_above_target"
    assert row.required_gain is None
    assert row.note == "the target year 2028 has passed"


def test_future_years_carry_targets_without_actuals() -> None:
    traj = build_trajectory(_example_table(), "RXX", EXAMPLE, 2024)
    rows = judge_years(traj, _example_table(), list(range(2018, 2029)))
    assert [r.year for r in rows] == list(range(2018, 2029))
    future = [r for r in rows if r.year > 2024]
    assert all(r.status == "no_snapshot" and r.target_heads is None for r in future)
    assert next(r for r in rows if r.year == 2024).gap == 3


# --- rows round trip: targets as stored, not recomputed ------------------------------------------------------------


def test_rows_round_trip_keeps_exact_targets() -> None:
    traj = build_trajectory(_example_table(), "RXX", EXAMPLE, 2024)
    rows = trajectory_rows(traj)
    assert len(rows) == 11
    back = trajectory_from_rows("RXX", "internal", EXAMPLE, rows, traj.notes, IssueStamp(2024, 1, "me", "now"))
    assert back.band("8c") == traj.band("8c")
    assert back.reference_share == traj.reference_share
    assert back.label == "issued for 2024 (version 1)"
    assert traj.label == "not issued"


# --- counts from indicator 1's result rows --------------------------------------------------------------------------


def test_counts_from_results_reads_bme_over_everyone_and_sums_the_senior_clusters() -> None:
    def row(breakdown: str, stratum: str, a: float, n1: float) -> dict[str, object]:
        return {
            "org_code": "RXX", "year": 2024, "indicator": "1", "category": "all", "grouping": "wres",
            "group_a": "BME", "breakdown": breakdown, "stratum": stratum, "a": a, "n1": n1, "reason": None,
        }  # fmt: skip

    frame = pd.DataFrame(
        [
            row("overall", "all", 200, 1000),
            row("band", "8c", 3, 40),
            row("cluster", "8a-8b", 10, 60),
            row("cluster", "8c-VSM", 4, 50),
            {**row("band", "8c", 1, 10), "group_a": "White"},  # not the BME row
            {**row("band", "8c", 1, 10), "category": "clinical"},  # not category all
        ]
    )
    table = counts_from_results(frame, "RXX")
    assert table[2024][OVERALL] == Counts(200, 1000)
    assert table[2024]["8c"] == Counts(3, 40)
    assert table[2024][SENIOR] == Counts(14, 110)
    frame.loc[3, "a"] = float("nan")  # suppressed in the public tier
    assert counts_from_results(frame, "RXX")[2024][SENIOR] == Counts(None, 110)


def test_counts_from_synthetic_results_match_the_band_rows(synthetic_results: pd.DataFrame) -> None:
    org = str(synthetic_results["org_code"].iloc[0])
    table = counts_from_results(synthetic_results, org)
    f = synthetic_results
    senior = f[(f.indicator == "1") & (f.category == "all") & (f.breakdown == "band") & (f.group_a == "BME")]
    senior = senior[senior.stratum.isin(["8a", "8b", "8c", "8d", "9", "VSM"]) & (senior.year == 2026)]
    assert table[2026][SENIOR] == Counts(int(senior["a"].sum()), int(senior["n1"].sum()))


# --- the trajectory's shape (property) ------------------------------------------------------------------------------

shares = st.fractions(min_value=0, max_value=1, max_denominator=500)


@given(
    s0=shares,
    s=shares,
    y0=st.integers(min_value=2000, max_value=2030),
    span=st.integers(min_value=1, max_value=20),
)
def test_trajectory_is_monotone_between_s0_and_s_and_hits_both_ends(
    s0: Fraction, s: Fraction, y0: int, span: int
) -> None:
    t = y0 + span
    values = [target_share(s0, s, y0, t, y) for y in range(y0, t + 3)]
    assert values[0] == s0
    assert values[span] == s
    assert values[-1] == s  # S after T
    steps = [b - a for a, b in itertools.pairwise(values)]
    if s >= s0:
        assert all(step >= 0 for step in steps)
    else:
        assert all(step <= 0 for step in steps)
    assert all(min(s0, s) <= v <= max(s0, s) for v in values)


# --- configuration -------------------------------------------------------------------------------------------------


def test_model_employer_configuration_defaults_and_overrides() -> None:
    from wres.config import DEFAULT_CONFIG, config_from_mapping

    default = DEFAULT_CONFIG.model_employer
    assert (default.baseline_year, default.target_year, default.reference) == (2018, 2028, "latest")
    assert default.bands == ("8a", "8b", "8c", "8d", "9", "VSM", "8a and above")
    changed = config_from_mapping(
        {"model_employer": {"target_year": 2030, "bands": ["8a", "8a and above"], "reference": "baseline"}}
    ).model_employer
    assert changed == ModelEmployerOptions(2018, 2030, ("8a", "8a and above"), "baseline")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"reference": "today"}, "reference must be one of 'latest', 'baseline'"),
        ({"bands": ["8e"]}, "not '8e'"),
        ({"bands": ["8a", "8a"]}, "names a band twice"),
        ({"target_year": 2018}, "baseline_year < target_year"),
        ({"bands": "8a"}, "must be a list of strings"),
    ],
)
def test_model_employer_configuration_errors(values: dict[str, object], message: str) -> None:
    from wres.config import config_from_mapping

    with pytest.raises(WresError, match="model_employer") as caught:
        config_from_mapping({"model_employer": values}, "wres.toml")
    assert message in str(caught.value)
