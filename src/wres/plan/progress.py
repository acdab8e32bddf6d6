"""Whether an objective is on track: its improvement direction, its trajectory, its status and its change since
the baseline (issue 15). Pure functions over plain records; no I/O.

**Units.** An objective's ``baseline_value`` and ``target_value`` are in the units of its measure's result rows
(:data:`wres.indicators.RESULT_COLUMNS`'s ``estimate``): indicator 1 a share as a proportion (0.25 for 25%),
indicators 2–4 a likelihood ratio, indicators 5–8 an adverse gap in percentage points, indicator 9 the board share
minus the workforce share in points. :class:`Point` values are in the same units.

**Status** (:func:`objective_status`), read from the objective's first measure:

* *on track* — the latest value's 95% interval reaches the trajectory at that year: it touches it or lies (partly
  or wholly) on the better side;
* *off track* — the whole interval lies on the adverse side of the trajectory at that year (for a ratio, which
  improves towards parity from either side: further from parity than the trajectory, above or below 1.0);
* *too early to tell* — there is no value after the baseline year (or no baseline to draw a trajectory from).

A descriptive measure without an interval (indicator 9) has ``low = high = estimate``. "Touches" allows for
floating-point noise in the trajectory (a relative tolerance of 1e-9), so an interval ending exactly on a
trajectory computed as 1.4 reads on track.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np

from wres.analysis.change import (
    NO_CHANGE,
    NO_SIGNIFICANT_CHANGE,
    NON_MINORITY_GROUPS,
    NOT_CALCULATED,
    REASONS,
    better_when,
    crosses_series_break,
    difference_reading,
    gap_change,
    parity_reading,
    ratio_change,
    share_change,
)
from wres.plan.records import Measure, Objective, TrajectoryKind
from wres.stats import katz_log_ratio
from wres.stats.rounding import half_up_text
from wres.vocab.bands import CLUSTER_LABELS

__all__ = [
    "CHANGE_REASONS",
    "Change",
    "Direction",
    "Point",
    "Progress",
    "ProgressStatus",
    "baseline_change",
    "change_since_baseline",
    "format_value",
    "improvement_direction",
    "measure_words",
    "objective_status",
    "trajectory_value",
]

TOLERANCE: Final = 1e-9
"""Relative tolerance for "the interval touches the trajectory"."""


class Direction(StrEnum):
    """The way an objective's measure improves."""

    UP = "up"
    DOWN = "down"


class ProgressStatus(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    TOO_EARLY = "too_early"


STATUS_WORDS: Final[Mapping[ProgressStatus, str]] = {
    ProgressStatus.ON_TRACK: "On track",
    ProgressStatus.OFF_TRACK: "Off track",
    ProgressStatus.TOO_EARLY: "Too early to tell",
}

CHANGE_REASONS: Final[Mapping[str, str]] = {
    **REASONS,
    "overlapping_windows": "the two-year rolling windows of the baseline and the latest year share a year of data",
    "no_counts": "the counts needed for the test are not available",
}
"""Why a change since the baseline could not be calculated (:data:`wres.analysis.change.REASONS` and two more)."""


@dataclass(frozen=True)
class Point:
    """One year's value of a measure (a result row): the estimate, its 95% interval (``low = high = estimate`` for
    a descriptive measure, or None), the row's status and counts (``a`` of ``n1`` against ``c`` of ``n2``)."""

    year: int
    estimate: float | None
    low: float | None = None
    high: float | None = None
    status: str = ""
    a: float | None = None
    n1: float | None = None
    c: float | None = None
    n2: float | None = None
    variant: str = ""
    reason: str | None = None
    """Why the row is not computed (the result row's reason code), when it is not."""


@dataclass(frozen=True)
class Progress:
    """An objective's status as the data show it (:func:`objective_status`)."""

    status: ProgressStatus
    year: int | None
    """The year read (the latest value after the baseline), None when too early."""
    trajectory: float | None
    """The trajectory's value at that year."""
    estimate: float | None
    low: float | None
    high: float | None
    direction: Direction | None
    sentence: str

    @property
    def label(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class Change:
    """The change from the baseline year's row to the latest row (:func:`change_since_baseline`).

    ``change`` is the ratio of ratios for indicators 2–4, else the difference in percentage points; ``low`` and
    ``high`` its 95% interval (None for indicator 9, descriptive); ``reading`` one of
    :data:`wres.analysis.change.LABELS`; ``reason`` a :data:`CHANGE_REASONS` code when not calculated."""

    baseline_year: int
    year: int
    change: float | None
    low: float | None
    high: float | None
    kind: str
    """``ratio_of_ratios`` or ``difference_points``."""
    tested: bool
    significant: bool
    reading: str
    reason: str | None
    sentence: str


# ------------------------------------------------------------------------------------------------ direction

RATIOS: Final = frozenset({"2", "3", "4"})
GAPS: Final = frozenset({"5", "6", "7", "8"})


def improvement_direction(measure: Measure, baseline_value: float | None) -> Direction | None:
    """Which way is better for ``measure``, starting from ``baseline_value``.

    Reuses :func:`wres.analysis.change.better_when` (the adverse direction of wres-domain.md §6.5): ratios
    (indicators 2–4) move towards parity 1.0 — down when the baseline is above 1, up when below (None at exactly
    1.0 or without a baseline: no way is better); survey gaps (5–8; positive = BME staff fare worse) go down; a
    minority group's share of a senior band (1) and its board representation (9) go up. Where ``better_when``
    has no direction, indicator 1's share of an ethnic minority group in any band, cluster, staff category or
    other stratum goes up (the issue's rule: band shares of a minority group go up); the whole organisation's
    share (indicator 1 overall, the benchmark the bands are compared with) and White and Unknown rows have no
    direction (None: an objective on them reads its direction from its target, :func:`objective_status`).
    """
    better = better_when(measure.indicator, measure.group, measure.breakdown, measure.stratum)
    if better == "parity":
        if baseline_value is None or not math.isfinite(baseline_value) or baseline_value == 1.0:
            return None
        return Direction.DOWN if baseline_value > 1.0 else Direction.UP
    if better == "lower":
        return Direction.DOWN
    if better == "higher":
        return Direction.UP
    if measure.indicator == "1" and measure.breakdown != "overall" and measure.group not in NON_MINORITY_GROUPS:
        return Direction.UP
    return None


def _objective_direction(objective: Objective) -> Direction | None:
    """The first measure's improvement direction, else the way the target lies from the baseline."""
    base = objective.baseline_value
    direction = improvement_direction(objective.measures[0], base) if objective.measures else None
    if direction is None and base is not None and objective.target_value != base:
        direction = Direction.UP if objective.target_value > base else Direction.DOWN
    return direction


# ------------------------------------------------------------------------------------------------ trajectory


def trajectory_value(objective: Objective, year: int) -> float | None:
    """The objective's trajectory at ``year``: the straight line from ``(baseline_year, baseline_value)`` to
    ``(target_year, target_value)``, ``b + (t − b)·(year − y0)/(T − y0)``; the baseline value before the
    baseline year and flat at the target after the target year. None without a baseline value.

    :attr:`~wres.plan.records.TrajectoryKind.MODEL_EMPLOYER` falls back to the straight line for now: the Model
    Employer trajectory (wres-domain.md §7.2, whose linear form this is between the same two points) is supplied
    by issue 17.
    """
    base = objective.baseline_value
    if base is None:
        return None
    if objective.trajectory not in (TrajectoryKind.STRAIGHT, TrajectoryKind.MODEL_EMPLOYER):  # pragma: no cover
        raise ValueError(f"unknown trajectory {objective.trajectory!r}")
    y0, t_year, target = objective.baseline_year, objective.target_year, objective.target_value
    if year <= y0:
        return base
    if year >= t_year or t_year <= y0:
        return target
    return base + (target - base) * (year - y0) / (t_year - y0)


# ------------------------------------------------------------------------------------------------ words


def measure_words(measure: Measure) -> str:
    """What the measure is called in a sentence ("the likelihood ratio", "the adverse gap", "the BME share of band
    8a staff")."""
    ind = measure.indicator
    if ind in RATIOS:
        return "the likelihood ratio"
    if ind in GAPS:
        return "the adverse gap"
    if ind == "1":
        return f"the {measure.group} share of {_stratum_words(measure)}"
    if ind == "9":
        return f"the {measure.group} share of the board minus the workforce share"
    return "the value"


def _stratum_words(measure: Measure) -> str:
    """Whose share indicator 1 gives: "staff", "band 8a staff", "Bands 8a–8b staff", "clinical staff"."""
    if measure.breakdown == "overall":
        return "staff"
    if measure.breakdown == "band":
        return f"band {measure.stratum} staff"
    if measure.breakdown == "cluster":
        return f"{CLUSTER_LABELS.get(measure.stratum, measure.stratum)} staff"
    if measure.breakdown == "category":
        return f"{measure.category.replace('_', ' and ' if measure.category == 'medical_dental' else ' ')} staff"
    return f"{measure.stratum} staff"


def format_value(measure: Measure, value: float) -> str:
    """A value in the measure's units: a ratio to 2 dp (half-up, as the range test reads it), a share as a
    percentage, a gap in points (1 dp)."""
    if measure.indicator in RATIOS:
        return half_up_text(value, 2)
    if measure.indicator == "1":
        return f"{100.0 * value:.1f}%"
    return f"{value:.1f} points"


def _bare(measure: Measure, value: float) -> str:
    """A value without its unit word (for "the trajectory's 1.35")."""
    return format_value(measure, value).removesuffix(" points")


# ------------------------------------------------------------------------------------------------ status


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _latest(points: Iterable[Point], after: int) -> Point | None:
    found = [p for p in points if p.year > after and _finite(p.estimate)]
    return max(found, key=lambda p: p.year) if found else None


def objective_status(objective: Objective, points: Iterable[Point]) -> Progress:
    """On track, off track or too early to tell (see the module docstring), from ``points``: the values of the
    objective's first measure; only those after the baseline year count, and the latest of them with an estimate
    is read (a year whose row was not computed is passed over).

    The interval is the point's 95% interval (``low = high = estimate`` when it has none). With direction *down*
    the interval lies on the adverse side when ``low > trajectory``; with *up* when ``high < trajectory``. A ratio
    (indicators 2–4) improves towards parity from either side, so its better side is the band between the
    trajectory ``t`` and ``1/t`` (equally near parity on the log scale): it is off track when the whole interval
    lies outside that band, above or below (a ratio that overshoots parity further than the trajectory is off
    track too). Without an improvement direction (a measure with no adverse direction whose target equals its
    baseline) only an interval reaching the trajectory is on track.
    """
    measure = objective.measures[0] if objective.measures else Measure(indicator="")
    direction = _objective_direction(objective)
    latest = _latest(points, objective.baseline_year)
    if objective.baseline_value is None:
        return Progress(
            ProgressStatus.TOO_EARLY,
            None,
            None,
            None,
            None,
            None,
            direction,
            "Too early to tell: the objective has no baseline value (its measure has no data for "
            f"{objective.baseline_year}).",
        )
    if latest is None or latest.estimate is None:
        return Progress(
            ProgressStatus.TOO_EARLY,
            None,
            None,
            None,
            None,
            None,
            direction,
            f"Too early to tell: there is no value since the baseline year {objective.baseline_year}.",
        )
    year, est = latest.year, latest.estimate
    low = float(latest.low) if latest.low is not None and math.isfinite(latest.low) else est
    high = float(latest.high) if latest.high is not None and math.isfinite(latest.high) else est
    traj = trajectory_value(objective, year)
    assert traj is not None
    slack = TOLERANCE * max(1.0, abs(traj))
    described = low == high == est
    whole = "" if described else "all of it "
    trajectory = f"the trajectory's {_bare(measure, traj)} for that year"
    if measure.indicator in RATIOS and traj > 0:
        adverse, words = _parity_reading(measure, low, high, traj, slack, whole, trajectory)
    else:
        adverse, words = _directed_reading(direction, low, high, traj, slack, whole, trajectory)
    if not words:
        words = f"on {trajectory}" if described else f"reaching {trajectory}"
    value = f"in {year} {measure_words(measure)} was {format_value(measure, est)}"
    interval = "" if described else f" (95% interval {_bare(measure, low)} to {_bare(measure, high)})"
    status = ProgressStatus.OFF_TRACK if adverse else ProgressStatus.ON_TRACK
    sentence = f"{STATUS_WORDS[status]}: {value}{interval}, {words}."
    return Progress(status, year, traj, est, low, high, direction, sentence)


def _directed_reading(
    direction: Direction | None, low: float, high: float, traj: float, slack: float, whole: str, trajectory: str
) -> tuple[bool, str]:
    """Off track (True) and the words, for a measure that improves one way: the interval wholly on the adverse
    side of the trajectory is off track; wholly on the better side is said so ("" for "reaching")."""
    if direction is Direction.DOWN:
        if low > traj + slack:
            return True, f"{whole}above {trajectory}"
        return False, f"{whole}below {trajectory}" if high < traj - slack else ""
    if direction is Direction.UP:
        if high < traj - slack:
            return True, f"{whole}below {trajectory}"
        return False, f"{whole}above {trajectory}" if low > traj + slack else ""
    if low > traj + slack:  # no way is better (the target equals the baseline): only reaching it counts
        return True, f"{whole}above {trajectory}"
    if high < traj - slack:
        return True, f"{whole}below {trajectory}"
    return False, ""


def _parity_reading(
    measure: Measure, low: float, high: float, traj: float, slack: float, whole: str, trajectory: str
) -> tuple[bool, str]:
    """Off track (True) and the words, for a ratio (indicators 2–4), which improves towards parity on either side:
    the better side of the trajectory is the band from the trajectory to its reciprocal (as near parity on the
    log scale, as the non-adverse range 0.80–1.25 is), so a ratio that overshoots parity by more than the
    trajectory's distance is off track too."""
    near, far = min(traj, 1.0 / traj), max(traj, 1.0 / traj)
    mirror = 1.0 / traj
    if low > far + slack:
        if traj >= 1.0 - slack:
            return True, f"{whole}above {trajectory}"
        return True, (
            f"{whole}above {_bare(measure, mirror)}, further above parity than the trajectory's "
            f"{_bare(measure, traj)} for that year is below it"
        )
    if high < near - slack:
        if traj <= 1.0 + slack:
            return True, f"{whole}below {trajectory}"
        return True, (
            f"{whole}below {_bare(measure, mirror)}, further below parity than the trajectory's "
            f"{_bare(measure, traj)} for that year is above it"
        )
    if low > near + slack and high < far - slack:
        return False, f"{whole}nearer parity than {trajectory}"
    return False, ""


# ------------------------------------------------------------------------------------------------ change


def _num(value: float | None) -> float:
    return float(value) if value is not None else math.nan


def _one(values: object) -> float:
    return float(np.asarray(values, dtype=np.float64).reshape(-1)[0])


def _label(values: object) -> str:
    return str(np.asarray(values, dtype=object).reshape(-1)[0])


def _not_calculated(measure: Measure, baseline: Point, latest: Point, reason: str) -> Change:
    kind = "ratio_of_ratios" if measure.indicator in RATIOS else "difference_points"
    sentence = f"The change since {baseline.year} could not be calculated: {CHANGE_REASONS.get(reason, reason)}."
    return Change(baseline.year, latest.year, None, None, None, kind, False, False, NOT_CALCULATED, reason, sentence)


def _reading_words(reading: str) -> str:
    return reading if reading != NO_SIGNIFICANT_CHANGE else "no significant change"


def baseline_change(objective: Objective, points: Iterable[Point]) -> Change | None:
    """:func:`change_since_baseline` of the objective's first measure from its baseline year's point to the latest
    point after it; None when ``points`` hold no row for the baseline year or none after it."""
    if not objective.measures:
        return None
    listed = list(points)
    base = next((p for p in listed if p.year == objective.baseline_year), None)
    later = [p for p in listed if p.year > objective.baseline_year]
    if base is None or not later:
        return None
    return change_since_baseline(objective.measures[0], base, max(later, key=lambda p: p.year))


def change_since_baseline(measure: Measure, baseline: Point, latest: Point) -> Change:
    """The change of ``measure`` from the baseline year's row to the latest row, with its 95% interval and reading,
    by the methods of :mod:`wres.analysis.change` (methods.md §5) applied to the two rows:

    * indicators 2–4: :func:`~wres.analysis.change.ratio_change` on the rows' Katz log ratios from their counts
      (:func:`wres.stats.katz_log_ratio`), read by :func:`~wres.analysis.change.parity_reading`; indicator 3's
      rolling rows are not compared when their windows overlap (one year apart; wres-domain.md §6.5);
    * indicators 5–8: :func:`~wres.analysis.change.gap_change` (Newcombe's square-and-add on the two gaps'
      limits), read by :func:`~wres.analysis.change.difference_reading` (lower is better);
    * indicator 1: :func:`~wres.analysis.change.share_change` (Newcombe) on ``a`` of ``n1`` in each year, in
      points, read in the objective's :func:`improvement_direction`;
    * indicator 9: the difference in points, descriptive (``no change`` when there is none).

    Indicator 7 is not compared across the 2021 survey redesign (``series_break``). Years are treated as
    independent samples, as in :func:`wres.analysis.change.year_on_year`.
    """
    ind = measure.indicator
    if latest.year <= baseline.year:
        raise ValueError(f"the latest year ({latest.year}) must come after the baseline year ({baseline.year})")
    if not _finite(latest.estimate):
        return _not_calculated(measure, baseline, latest, latest.reason or "not_computed_this_year")
    if crosses_series_break(ind, latest.year, baseline.year):
        return _not_calculated(measure, baseline, latest, "series_break")
    if not _finite(baseline.estimate):
        return _not_calculated(measure, baseline, latest, baseline.reason or "not_computed_previous_year")
    if ind == "3" and latest.variant == "rolling" and latest.year - baseline.year < 2:
        return _not_calculated(measure, baseline, latest, "overlapping_windows")
    since = f"Since {baseline.year}"
    if ind in RATIOS:
        now = katz_log_ratio(_num(latest.a), _num(latest.n1), _num(latest.c), _num(latest.n2))
        before = katz_log_ratio(_num(baseline.a), _num(baseline.n1), _num(baseline.c), _num(baseline.n2))
        rc = ratio_change(now.log_ratio, now.log_se, before.log_ratio, before.log_se)
        rr, low, high = _one(rc.ratio_of_ratios), _one(rc.low), _one(rc.high)
        if not (math.isfinite(rr) and math.isfinite(low) and math.isfinite(high)):
            return _not_calculated(measure, baseline, latest, "no_counts")
        significant = low > 1.0 or high < 1.0
        reading = _label(parity_reading(now.log_ratio, before.log_ratio, significant))
        sentence = (
            f"{since} the likelihood ratio changed by a factor of {rr:.2f} (95% interval {low:.2f} to "
            f"{high:.2f}): {_reading_words(reading)}."
        )
        return Change(
            baseline.year, latest.year, rr, low, high, "ratio_of_ratios", True, significant, reading, None, sentence
        )
    direction = improvement_direction(measure, baseline.estimate)
    better = {Direction.UP: "higher", Direction.DOWN: "lower", None: None}[direction]
    if ind == "9":
        delta = _num(latest.estimate) - _num(baseline.estimate)
        moved = abs(delta) > 1e-9
        reading = _label(difference_reading(delta, moved, better))
        reading = NO_CHANGE if reading == NO_SIGNIFICANT_CHANGE else reading
        sentence = f"{since} the value changed by {delta:+.1f} points: {reading}."
        return Change(
            baseline.year, latest.year, delta, None, None, "difference_points", False, moved, reading, None, sentence
        )
    if ind in GAPS:
        dc = gap_change(
            _num(latest.estimate),
            _num(latest.low),
            _num(latest.high),
            _num(baseline.estimate),
            _num(baseline.low),
            _num(baseline.high),
        )
        delta, low, high = _one(dc.change), _one(dc.low), _one(dc.high)
    elif ind == "1":
        sc = share_change(_num(latest.a), _num(latest.n1), _num(baseline.a), _num(baseline.n1))
        delta, low, high = (100.0 * _one(v) for v in sc)
    else:
        raise ValueError(f"unknown indicator {ind!r}")
    if not (math.isfinite(delta) and math.isfinite(low) and math.isfinite(high)):
        return _not_calculated(measure, baseline, latest, "no_counts")
    significant = low > 0.0 or high < 0.0
    reading = _label(difference_reading(delta, significant, better))
    sentence = (
        f"{since} the value changed by {delta:+.1f} points (95% interval {low:+.1f} to {high:+.1f}): "
        f"{_reading_words(reading)}."
    )
    return Change(
        baseline.year, latest.year, delta, low, high, "difference_points", True, significant, reading, None, sentence
    )
