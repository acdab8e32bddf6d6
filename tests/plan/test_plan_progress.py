"""Objective progress (issue 15): improvement direction, trajectory, on/off track and change since the baseline.

Oracles are hand computations written in each test: the straight line between two points, the interval's ends
against it, the Katz log ratio test of methods.md §5.1 computed with ``math``, the 3-4-5 square-and-add of
methods.md §5.2 and statsmodels' Newcombe interval for one share between two years.
"""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep

from wres.plan.progress import (
    Direction,
    Point,
    ProgressStatus,
    baseline_change,
    change_since_baseline,
    improvement_direction,
    objective_status,
    trajectory_value,
)
from wres.plan.records import Measure, Objective, TrajectoryKind

RATIO = Measure(indicator="2")
GAP = Measure(indicator="6")
SENIOR_SHARE = Measure(indicator="1", breakdown="band", stratum="8a")
BOARD = Measure(indicator="9", variant="voting")


def objective(
    measure: Measure, base: float | None, target: float, y0: int = 2024, t: int = 2027, **kw: object
) -> Objective:
    return Objective(
        ref="O1",
        title="t",
        measures=(measure,),
        baseline_year=y0,
        baseline_value=base,
        target_value=target,
        target_year=t,
        **kw,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------------------------------------ direction


@pytest.mark.parametrize(
    ("measure", "base", "expected"),
    [
        (Measure(indicator="2"), 1.5, Direction.DOWN),  # above parity: down towards 1
        (Measure(indicator="2"), 0.7, Direction.UP),  # below parity: up towards 1
        (Measure(indicator="3"), 2.0, Direction.DOWN),
        (Measure(indicator="4"), 0.9, Direction.UP),
        (Measure(indicator="2"), 1.0, None),  # at parity: no way is better
        (Measure(indicator="2"), None, None),
        (Measure(indicator="5"), -3.0, Direction.DOWN),  # survey gaps go down, even below zero
        (Measure(indicator="7", group="Black", grouping="group5"), 10.0, Direction.DOWN),
        (Measure(indicator="1", breakdown="band", stratum="8a"), 0.1, Direction.UP),  # senior share of BME: up
        (Measure(indicator="1", breakdown="band", stratum="5", group="Black", grouping="group5"), 0.1, Direction.UP),
        (Measure(indicator="1", breakdown="band", stratum="8a", group="White"), 0.8, None),
        (Measure(indicator="1", breakdown="category", category="clinical"), 0.3, Direction.UP),
        (Measure(indicator="1"), 0.3, None),  # the whole organisation's share: the benchmark, no direction
        (Measure(indicator="9"), -10.0, Direction.UP),
        (Measure(indicator="9", group="White"), 10.0, None),
    ],
)
def test_improvement_direction(measure: Measure, base: float | None, expected: Direction | None) -> None:
    assert improvement_direction(measure, base) is expected


# ------------------------------------------------------------------------------------------------ trajectory


def test_trajectory_is_the_straight_line_then_flat_at_the_target() -> None:
    obj = objective(RATIO, 1.5, 1.2, 2024, 2027)
    # by hand: 1.5 + (1.2 - 1.5) * k / 3 for k = 0..3, then 1.2
    expected = {2023: 1.5, 2024: 1.5, 2025: 1.4, 2026: 1.3, 2027: 1.2, 2028: 1.2, 2031: 1.2}
    for year, value in expected.items():
        assert trajectory_value(obj, year) == pytest.approx(value, abs=1e-12)


def test_model_employer_trajectory_falls_back_to_the_straight_line() -> None:
    straight = objective(SENIOR_SHARE, 0.05, 0.20, 2018, 2028)
    model = objective(SENIOR_SHARE, 0.05, 0.20, 2018, 2028, trajectory=TrajectoryKind.MODEL_EMPLOYER)
    # wres-domain.md §7.2's example: 5% in 2018 to 20% in 2028 gives 14.0% for 2024
    assert trajectory_value(model, 2024) == pytest.approx(0.14)
    assert trajectory_value(straight, 2024) == trajectory_value(model, 2024)


def test_no_trajectory_without_a_baseline() -> None:
    assert trajectory_value(objective(RATIO, None, 1.2), 2025) is None


# ------------------------------------------------------------------------------------------------ status

# One case per adverse direction, on both sides of the trajectory; traj is the hand-computed value at the year.
CASES = [
    # ratio above parity: 1.5 (2024) -> 1.2 (2027); 2026: 1.3
    ("ratio above parity", RATIO, 1.5, 1.2, 2024, 2027, 2026, (1.62, 1.41, 1.86), ProgressStatus.OFF_TRACK),
    ("ratio above parity", RATIO, 1.5, 1.2, 2024, 2027, 2026, (1.45, 1.25, 1.70), ProgressStatus.ON_TRACK),
    ("ratio above parity", RATIO, 1.5, 1.2, 2024, 2027, 2026, (1.10, 0.95, 1.28), ProgressStatus.ON_TRACK),
    # ratio below parity: 0.6 -> 0.9; 2026: 0.8
    ("ratio below parity", RATIO, 0.6, 0.9, 2024, 2027, 2026, (0.65, 0.50, 0.78), ProgressStatus.OFF_TRACK),
    ("ratio below parity", RATIO, 0.6, 0.9, 2024, 2027, 2026, (0.75, 0.62, 0.85), ProgressStatus.ON_TRACK),
    # survey gap: 10 -> 4 points; 2026: 6
    ("survey gap", GAP, 10.0, 4.0, 2024, 2027, 2026, (8.0, 6.5, 9.5), ProgressStatus.OFF_TRACK),
    ("survey gap", GAP, 10.0, 4.0, 2024, 2027, 2026, (7.0, 5.0, 9.0), ProgressStatus.ON_TRACK),
    # indicator 1 senior share: 10% -> 20% over 2024-2029; 2026: 14%
    ("senior share", SENIOR_SHARE, 0.10, 0.20, 2024, 2029, 2026, (0.11, 0.09, 0.13), ProgressStatus.OFF_TRACK),
    ("senior share", SENIOR_SHARE, 0.10, 0.20, 2024, 2029, 2026, (0.15, 0.12, 0.18), ProgressStatus.ON_TRACK),
    # indicator 9 (descriptive, no interval): -10 -> 0 over 2024-2028; 2026: -5
    ("board", BOARD, -10.0, 0.0, 2024, 2028, 2026, (-7.0, None, None), ProgressStatus.OFF_TRACK),
    ("board", BOARD, -10.0, 0.0, 2024, 2028, 2026, (-3.0, None, None), ProgressStatus.ON_TRACK),
]


@pytest.mark.parametrize(("name", "measure", "base", "target", "y0", "t", "year", "value", "expected"), CASES)
def test_status_on_both_sides_of_the_trajectory(
    name: str,
    measure: Measure,
    base: float,
    target: float,
    y0: int,
    t: int,
    year: int,
    value: tuple[float, float | None, float | None],
    expected: ProgressStatus,
) -> None:
    est, low, high = value
    obj = objective(measure, base, target, y0, t)
    progress = objective_status(obj, [Point(year, est, low, high)])
    assert progress.status is expected, name
    assert progress.year == year
    assert progress.trajectory == pytest.approx(base + (target - base) * (year - y0) / (t - y0))
    assert progress.sentence.startswith("Off track" if expected is ProgressStatus.OFF_TRACK else "On track")


def test_off_track_sentence() -> None:
    obj = objective(RATIO, 1.5, 1.2, 2024, 2027)
    progress = objective_status(obj, [Point(2026, 1.62, 1.41, 1.86)])
    assert progress.sentence == (
        "Off track: in 2026 the likelihood ratio was 1.62 (95% interval 1.41 to 1.86), all of it above the "
        "trajectory's 1.30 for that year."
    )


def test_descriptive_sentence_has_no_interval() -> None:
    progress = objective_status(objective(BOARD, -10.0, 0.0, 2024, 2028), [Point(2026, -7.0)])
    assert progress.sentence == (
        "Off track: in 2026 the BME share of the board minus the workforce share was -7.0 points, below the "
        "trajectory's -5.0 for that year."
    )
    assert (progress.low, progress.high) == (-7.0, -7.0)


@pytest.mark.parametrize(
    ("measure", "base", "target", "point", "expected"),
    [
        # ratio above parity: trajectory 1.4 in 2025 (1.5 + (1.2 - 1.5)/3, not exact in floating point)
        (RATIO, 1.5, 1.2, Point(2025, 1.6, 1.4, 1.8), ProgressStatus.ON_TRACK),  # low touches it
        (RATIO, 1.5, 1.2, Point(2025, 1.6, 1.4001, 1.8), ProgressStatus.OFF_TRACK),  # just above
        # ratio below parity: trajectory 0.7 in 2025
        (RATIO, 0.6, 0.9, Point(2025, 0.6, 0.5, 0.7), ProgressStatus.ON_TRACK),  # high touches it
        (RATIO, 0.6, 0.9, Point(2025, 0.6, 0.5, 0.6999), ProgressStatus.OFF_TRACK),
        # survey gap: trajectory 8.0 in 2025
        (GAP, 10.0, 4.0, Point(2025, 9.0, 8.0, 10.0), ProgressStatus.ON_TRACK),
        (GAP, 10.0, 4.0, Point(2025, 9.0, 8.01, 10.0), ProgressStatus.OFF_TRACK),
        # board, descriptive: trajectory -7.5 in 2025 (-10 -> 0 over four years)
        (BOARD, -10.0, 0.0, Point(2025, -7.5), ProgressStatus.ON_TRACK),
    ],
)
def test_interval_touching_the_trajectory_is_on_track(
    measure: Measure, base: float, target: float, point: Point, expected: ProgressStatus
) -> None:
    t = 2028 if measure is BOARD else 2027
    assert objective_status(objective(measure, base, target, 2024, t), [point]).status is expected


def test_after_the_target_year_the_trajectory_is_the_target() -> None:
    obj = objective(RATIO, 1.5, 1.2, 2024, 2027)
    off = objective_status(obj, [Point(2029, 1.3, 1.21, 1.4)])
    assert off.status is ProgressStatus.OFF_TRACK
    assert off.trajectory == pytest.approx(1.2)
    assert objective_status(obj, [Point(2029, 1.3, 1.19, 1.4)]).status is ProgressStatus.ON_TRACK


def test_too_early_without_a_value_since_the_baseline() -> None:
    obj = objective(RATIO, 1.5, 1.2, 2024, 2027)
    for points in ([], [Point(2024, 1.9, 1.7, 2.1)], [Point(2023, 1.9, 1.7, 2.1)], [Point(2025, None)]):
        progress = objective_status(obj, points)
        assert progress.status is ProgressStatus.TOO_EARLY
        assert progress.year is None
        assert "2024" in progress.sentence
    assert objective_status(objective(RATIO, None, 1.2), [Point(2025, 1.3, 1.1, 1.5)]).status is (
        ProgressStatus.TOO_EARLY
    )


def test_the_latest_value_is_read() -> None:
    obj = objective(RATIO, 1.5, 1.2, 2024, 2027)
    points = [Point(2026, 1.45, 1.25, 1.70), Point(2025, 1.9, 1.7, 2.1)]  # 2025 off track, 2026 on track
    progress = objective_status(obj, points)
    assert (progress.status, progress.year) == (ProgressStatus.ON_TRACK, 2026)


def test_without_an_adverse_direction_the_target_gives_the_direction() -> None:
    white = Measure(indicator="1", breakdown="band", stratum="5", group="White")
    obj = objective(white, 0.8, 0.7, 2024, 2026)  # trajectory 0.75 in 2025, going down
    assert objective_status(obj, [Point(2025, 0.8, 0.77, 0.83)]).status is ProgressStatus.OFF_TRACK
    assert objective_status(obj, [Point(2025, 0.76, 0.73, 0.79)]).status is ProgressStatus.ON_TRACK


# ------------------------------------------------------------------------------------------------ change


def katz(a: float, n1: float, c: float, n2: float) -> tuple[float, float]:
    return math.log(a / n1) - math.log(c / n2), math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)


def test_ratio_change_is_methods_5_1_worked_example() -> None:
    base = Point(2024, 1.7069, a=330, n1=1450, c=120, n2=900)
    latest = Point(2026, 1.5625, a=375, n1=1500, c=160, n2=1000)
    ch = change_since_baseline(RATIO, base, latest)
    lr, se = katz(375, 1500, 160, 1000)
    plr, pse = katz(330, 1450, 120, 900)
    d, se_d = lr - plr, math.sqrt(se**2 + pse**2)
    assert ch.change == pytest.approx(math.exp(d))
    assert ch.low == pytest.approx(math.exp(d - 1.959963984540054 * se_d))
    assert ch.high == pytest.approx(math.exp(d + 1.959963984540054 * se_d))
    assert (round(ch.change, 3), round(ch.low, 3), round(ch.high, 3)) == (0.915, 0.710, 1.180)  # methods.md §5.1
    assert ch.reading == "no significant change"
    assert (ch.baseline_year, ch.year, ch.kind) == (2024, 2026, "ratio_of_ratios")


def test_ratio_moving_towards_parity_is_getting_better() -> None:
    base = Point(2024, 2.0, a=100, n1=200, c=50, n2=200)  # 0.5 / 0.25
    latest = Point(2026, 1.2, a=60, n1=200, c=50, n2=200)  # 0.3 / 0.25
    ch = change_since_baseline(RATIO, base, latest)
    # by hand: D = ln 1.2 - ln 2 = -0.511, SE_D = sqrt(0.02 + 0.02667) = 0.216; upper = exp(-0.087) = 0.92 < 1
    assert ch.high is not None
    assert ch.high < 1.0
    assert ch.significant
    assert ch.reading == "getting better"


def test_ratio_crossing_parity() -> None:
    base = Point(2024, 2.0, a=100, n1=200, c=50, n2=200)
    latest = Point(2026, 0.5, a=25, n1=200, c=50, n2=200)
    assert change_since_baseline(RATIO, base, latest).reading == "crossed parity"


def test_gap_change_is_square_and_add() -> None:
    base = Point(2024, 10.0, 6.0, 14.0)
    latest = Point(2026, 4.0, 1.0, 7.0)
    ch = change_since_baseline(GAP, base, latest)
    # by hand: -6 - sqrt(3^2 + 4^2) = -11; -6 + sqrt(3^2 + 4^2) = -1
    assert (ch.change, ch.low, ch.high) == pytest.approx((-6.0, -11.0, -1.0))
    assert ch.reading == "getting better"
    assert ch.sentence == "Since 2024 the value changed by -6.0 points (95% interval -11.0 to -1.0): getting better."


def test_share_change_is_newcombe() -> None:
    base = Point(2024, 0.15, a=15, n1=100)
    latest = Point(2026, 0.30, a=30, n1=100)
    ch = change_since_baseline(SENIOR_SHARE, base, latest)
    low, high = confint_proportions_2indep(30, 100, 15, 100, method="newcomb", compare="diff")
    assert ch.change == pytest.approx(15.0)
    assert (ch.low, ch.high) == pytest.approx((100 * low, 100 * high))
    assert ch.low is not None
    assert ch.low > 0
    assert ch.reading == "getting better"


def test_board_change_is_descriptive() -> None:
    ch = change_since_baseline(BOARD, Point(2024, -10.0), Point(2026, -4.0))
    assert (ch.change, ch.tested, ch.reading) == (6.0, False, "getting better")
    assert change_since_baseline(BOARD, Point(2024, -10.0), Point(2026, -10.0)).reading == "no change"


def test_change_not_calculated_across_a_series_break_or_overlapping_windows() -> None:
    q7 = Measure(indicator="7")
    ch = change_since_baseline(q7, Point(2021, 10.0, 5.0, 15.0), Point(2023, 5.0, 1.0, 9.0))
    assert (ch.reading, ch.reason) == ("could not be calculated", "series_break")
    rolling = Measure(indicator="3", variant="rolling")
    counts = {"a": 10.0, "n1": 200.0, "c": 10.0, "n2": 400.0}
    ch = change_since_baseline(
        rolling, Point(2024, 2.0, variant="rolling", **counts), Point(2025, 2.0, variant="rolling", **counts)
    )
    assert ch.reason == "overlapping_windows"
    ch = change_since_baseline(RATIO, Point(2024, 1.5), Point(2025, 1.4))  # no counts
    assert ch.reason == "no_counts"


def test_a_ratio_overshooting_parity_further_than_the_trajectory_is_off_track() -> None:
    obj = objective(RATIO, 1.5, 1.2, 2024, 2027)  # trajectory 1.30 in 2026; its mirror below parity 1/1.3 = 0.769
    off = objective_status(obj, [Point(2026, 0.5, 0.4, 0.6)])
    assert off.status is ProgressStatus.OFF_TRACK
    assert off.sentence == (
        "Off track: in 2026 the likelihood ratio was 0.50 (95% interval 0.40 to 0.60), all of it below 0.77, "
        "further below parity than the trajectory's 1.30 for that year is above it."
    )
    assert objective_status(obj, [Point(2026, 0.7, 0.6, 0.77)]).status is ProgressStatus.ON_TRACK  # reaches 0.769
    nearer = objective_status(obj, [Point(2026, 1.0, 0.9, 1.1)])
    assert nearer.status is ProgressStatus.ON_TRACK
    assert "all of it nearer parity than the trajectory's 1.30" in nearer.sentence
    below = objective(RATIO, 0.6, 0.9, 2024, 2027)  # trajectory 0.8 in 2026; mirror 1.25
    assert objective_status(below, [Point(2026, 1.4, 1.26, 1.6)]).status is ProgressStatus.OFF_TRACK
    assert objective_status(below, [Point(2026, 1.3, 1.25, 1.6)]).status is ProgressStatus.ON_TRACK  # touches 1.25


def test_a_ratio_at_parity_must_stay_there() -> None:
    obj = objective(RATIO, 1.0, 1.0, 2024, 2027)  # no way is better: the trajectory is parity throughout
    assert objective_status(obj, [Point(2026, 1.3, 1.1, 1.5)]).status is ProgressStatus.OFF_TRACK
    assert objective_status(obj, [Point(2026, 0.7, 0.5, 0.9)]).status is ProgressStatus.OFF_TRACK
    assert objective_status(obj, [Point(2026, 0.95, 0.8, 1.1)]).status is ProgressStatus.ON_TRACK


def test_baseline_change_reads_the_baseline_row_and_the_latest() -> None:
    obj = objective(GAP, 10.0, 4.0, 2024, 2027)
    points = [Point(2023, 12.0, 8.0, 16.0), Point(2024, 10.0, 6.0, 14.0), Point(2026, 4.0, 1.0, 7.0), Point(2025, 9.0)]
    ch = baseline_change(obj, points)
    assert ch is not None
    assert (ch.baseline_year, ch.year, ch.change) == (2024, 2026, -6.0)  # as test_gap_change_is_square_and_add
    assert baseline_change(obj, points[:2]) is None  # nothing after the baseline
    assert baseline_change(obj, points[2:]) is None  # no baseline row


def test_share_sentence_names_the_band_and_shows_percentages() -> None:
    progress = objective_status(objective(SENIOR_SHARE, 0.10, 0.20, 2024, 2029), [Point(2026, 0.11, 0.09, 0.13)])
    assert progress.sentence == (
        "Off track: in 2026 the BME share of band 8a staff was 11.0% (95% interval 9.0% to 13.0%), all of it below "
        "the trajectory's 14.0% for that year."
    )


def test_ratio_values_are_rounded_half_up() -> None:
    # 1.125 is exact in binary: Python's format rounds it half-even to 1.12, the range test's display to 1.13
    progress = objective_status(objective(RATIO, 1.5, 1.2, 2024, 2027), [Point(2026, 1.125, 1.0, 1.25)])
    assert "was 1.13 (95% interval 1.00 to 1.25)" in progress.sentence
