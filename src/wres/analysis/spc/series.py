"""One series' XmR chart data: the public entry point :func:`xmr` (methods.md §8).

It puts together the steps of NHSRplotthedots ``R/ptd_spc.R`` for one series (one facet), as
tests/reference/spc/README.md describes them: points sorted by date; rebase segments (:mod:`.segments`); each
segment's limits from its baseline (:mod:`.limits`, ``R/ptd_spc_standard.R``); the rules and their precedence
within each segment (:mod:`.rules`, ``R/ptd_calculate_point_type.R``); point types by improvement direction
(:mod:`.point_types`); trial limits (``R/ptd_add_short_group_warnings.R``); the summary per segment
(``summary.ptd_spc_df``) and the variation and assurance icons of the series (:mod:`.icons`, ``R/geom_ptd_icon.R``,
``R/ptd_calculate_assurance_type.R``). The result records every option used, so a stored chart can be reproduced
(methods.md §8.5).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from wres.analysis.spc import limits as lim
from wres.analysis.spc import rules
from wres.analysis.spc.icons import (
    assurance_icon,
    assurance_label,
    assurance_type,
    variation_icon,
    variation_label,
)
from wres.analysis.spc.point_types import CONCERN, IMPROVEMENT, direction_sign, point_type
from wres.analysis.spc.segments import TRIAL_THRESHOLD, rebase_flags, rebase_groups, to_dates, trial_limits
from wres.errors import UsageError, WresError

__all__ = ["MIN_FIX_AFTER", "RULE_SET", "XmrResult", "xmr"]

RULE_SET: Final = "Making Data Count XmR as NHSRplotthedots 0.2.2 (methods.md §8)"
"""Recorded with every result: the rules and their precedence this module implements."""
MIN_FIX_AFTER: Final = 12
"""The shortest baseline ``fix_after_n_points`` accepts (NHSRplotthedots ``R/ptd_spc_options.R``)."""

POINT_COLUMNS: Final = (
    "date",
    "value",
    "rebase_group",
    "baseline",
    "mean",
    "lpl",
    "upl",
    "near_lpl",
    "near_upl",
    "relative_to_mean",
    "outside_limits",
    "close_to_limits",
    "trend",
    "two_in_three",
    "shift",
    "special_cause_type",
    "special_cause_flag",
    "point_type",
    "trial_limits",
    "target",
)


@dataclass(frozen=True)
class XmrResult:
    """An XmR chart's data.

    * ``points``: one row per point in date order (:data:`POINT_COLUMNS`): the segment's mean, process limits
      (``lpl``, ``upl``) and near-limit lines, whether the point is in the segment's baseline, its side of the mean,
      each rule's flag (``outside_limits``; ``trend``, ``two_in_three`` and ``shift``: the point is flagged by that
      rule, whatever precedence later decides), the winning ``special_cause_type``, ``point_type`` and whether its
      segment has trial limits;
    * ``segments``: one row per rebase segment (NHSRplotthedots' summary, plus the moving ranges);
    * ``summary``: the variation and assurance icons with their labels, and the trial-limits caution;
    * ``options``: every option used (JSON-serialisable), so the chart can be reproduced.
    """

    points: pd.DataFrame
    segments: pd.DataFrame
    summary: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The whole result as JSON-serialisable records (dates as ISO strings, NaN as None)."""
        return {
            "points": _records(self.points),
            "segments": _records(self.segments),
            "summary": dict(self.summary),
            "options": dict(self.options),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _dates(dates: Iterable[object], n: int) -> pd.DatetimeIndex:
    listed = list(dates)
    if len(listed) != n:
        raise WresError(f"SPC series: {n} values but {len(listed)} dates; give one date per value")
    try:
        stamps = to_dates(listed)
    except (ValueError, TypeError) as err:
        raise WresError(f"SPC series: a date could not be read ({err})") from None
    if stamps.hasnans:
        raise WresError(f"SPC series: date {int(np.flatnonzero(stamps.isna())[0]) + 1} is missing")
    duplicated = stamps[stamps.duplicated()]
    if len(duplicated):
        raise WresError(f"SPC series: date {duplicated[0].date().isoformat()} occurs more than once")
    return stamps


def _values(values: ArrayLike) -> np.ndarray[Any, np.dtype[np.float64]]:
    try:
        y = np.asarray(values, dtype=float)
    except (ValueError, TypeError) as err:
        raise WresError(f"SPC series: a value is not a number ({err})") from None
    if y.ndim != 1:
        raise WresError("SPC series: values must be one number per period")
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        raise WresError(f"SPC series: value {int(bad[0]) + 1} ({y[bad[0]]}) is not a finite number")
    return y


def _check_options(fix_after_n_points: int | None, run_length: int, trial_threshold: int) -> None:
    if fix_after_n_points is not None and (
        isinstance(fix_after_n_points, bool)
        or not isinstance(fix_after_n_points, int | np.integer)
        or fix_after_n_points < MIN_FIX_AFTER
    ):
        raise UsageError(
            f"SPC fix_after_n_points must be a whole number of at least {MIN_FIX_AFTER}, not {fix_after_n_points!r}"
        )
    if not isinstance(run_length, int | np.integer) or run_length < 2:
        raise UsageError(
            f"SPC run_length must be a whole number of at least 2 (7; the Excel tool offers 6), not {run_length!r}"
        )
    if not isinstance(trial_threshold, int | np.integer) or trial_threshold < 1:
        raise UsageError(f"SPC trial_threshold must be a whole number of at least 1, not {trial_threshold!r}")


def xmr(
    values: ArrayLike,
    dates: Iterable[object],
    *,
    improvement_direction: str,
    rebase: Sequence[object] = (),
    fix_after_n_points: int | None = None,
    target: float | None = None,
    screen_outliers: bool = True,
    run_length: int = rules.RUN_LENGTH,
    trial_threshold: int = TRIAL_THRESHOLD,
) -> XmrResult:
    """The XmR chart of one series (methods.md §8; NHSRplotthedots ``ptd_spc`` for one facet).

    ``values`` and ``dates`` pair up (one value per period, any order: points are sorted by date).
    ``improvement_direction``: ``increase``, ``decrease`` or ``neutral``. ``rebase``: dates at which a new segment
    **starts** (a human decision, methods §8.4; dates not in the series have no effect). ``fix_after_n_points``
    (≥ 12): each segment's limits come from its first N points only; later points are still judged against them.
    ``target``: for the assurance icon. ``screen_outliers``: drop moving ranges ≥ 3.267·MRbar once (off reproduces
    the Making Data Count Excel tool). ``run_length``: points in a trend or shift (7; the Excel tool offers 6).
    ``trial_threshold``: a segment with fewer points has trial limits (12; 13 reproduces NHSRplotthedots).
    """
    direction_sign(improvement_direction)  # a usage error before any work
    _check_options(fix_after_n_points, run_length, trial_threshold)
    y = _values(values)
    stamps = _dates(dates, y.size)
    if target is not None:
        try:
            target = float(target)
        except (TypeError, ValueError):
            raise UsageError(f"SPC target must be a number, not {target!r}") from None
        if not math.isfinite(target):
            raise UsageError(f"SPC target must be a finite number, not {target!r}")
    try:
        rebase_stamps = to_dates(rebase)
    except (ValueError, TypeError) as err:
        raise UsageError(f"SPC rebase: a date could not be read ({err})") from None

    order = np.argsort(stamps.values, kind="stable")
    y, stamps = y[order], stamps[order]
    groups = rebase_groups(rebase_flags(stamps, rebase_stamps))
    trial = trial_limits(groups, trial_threshold)

    columns: dict[str, list[Any]] = {c: [] for c in POINT_COLUMNS}
    segment_rows = []
    for g in np.unique(groups):
        at = np.flatnonzero(groups == g)
        part, row = _segment(
            y[at],
            stamps[at],
            int(g),
            int(at[0]),
            improvement_direction,
            fix_after_n_points,
            screen_outliers,
            run_length,
        )
        part["trial_limits"] = trial[at]
        row["trial_limits"] = bool(trial[at][0])
        for name, column in part.items():
            columns[name].append(column)
        segment_rows.append(row)
    columns["target"] = [np.full(y.size, float("nan") if target is None else float(target))]
    points = pd.DataFrame(
        {name: (np.concatenate(parts) if parts else np.empty(0)) for name, parts in columns.items()},
        columns=list(POINT_COLUMNS),
    )
    segments = pd.DataFrame(segment_rows)

    summary = _summary(points, segments, improvement_direction, target)
    options = {
        "rule_set": RULE_SET,
        "improvement_direction": improvement_direction,
        "rebase": [s.date().isoformat() for s in rebase_stamps],
        "fix_after_n_points": None if fix_after_n_points is None else int(fix_after_n_points),
        "target": None if target is None else float(target),
        "screen_outliers": bool(screen_outliers),
        "run_length": int(run_length),
        "trial_threshold": int(trial_threshold),
        "limit_factor": lim.LIMIT_FACTOR,
        "screen_factor": lim.SCREEN_FACTOR,
    }
    return XmrResult(points=points, segments=segments, summary=summary, options=options)


def _segment(
    y: np.ndarray[Any, np.dtype[np.float64]],
    stamps: pd.DatetimeIndex,
    group: int,
    first: int,
    improvement_direction: str,
    fix_after_n_points: int | None,
    screen_outliers: bool,
    run_length: int,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The points and the summary row of one segment (``first``: its first point's 0-based position)."""
    limits = lim.process_limits(y, fix_after_n_points=fix_after_n_points, screen_outliers=screen_outliers)
    rtm = lim.relative_to_mean(y, limits.mean)
    outside = lim.outside_limits(y, limits)
    close = lim.close_to_limits(y, limits)
    trend = rules.part_of_run(rules.trend_markers(y, run_length), run_length)
    direction = rules.trend_direction(y, trend)
    two = rules.part_of_two_in_three(rules.two_in_three(close.astype(int), rtm), close.astype(int))
    shift = rules.part_of_run(rules.shift_markers(rtm, run_length), run_length)
    types = rules.special_cause_type(
        outside=outside, rtm=rtm, trend=trend, direction=direction, two_in_three_flag=two, shift=shift
    )
    ptypes = [point_type(t, improvement_direction) for t in types]
    n = y.size
    baseline = np.arange(n) < (n if fix_after_n_points is None else fix_after_n_points)
    flags = np.array([t != rules.COMMON_CAUSE for t in types], dtype=bool)
    ptype_array = np.array(ptypes, dtype=object)
    part: dict[str, Any] = {
        "date": stamps.values,
        "value": y,
        "rebase_group": np.full(n, group, dtype=np.int64),
        "baseline": baseline,
        "mean": np.full(n, limits.mean),
        "lpl": np.full(n, limits.lpl),
        "upl": np.full(n, limits.upl),
        "near_lpl": np.full(n, limits.near_lpl),
        "near_upl": np.full(n, limits.near_upl),
        "relative_to_mean": rtm,
        "outside_limits": outside,
        "close_to_limits": close,
        "trend": trend.astype(bool),
        "two_in_three": two.astype(bool),
        "shift": shift.astype(bool),
        "special_cause_type": np.array(types, dtype=object),
        "special_cause_flag": flags,
        "point_type": ptype_array,
    }
    row: dict[str, Any] = {
        "rebase_group": group,
        "first_date": stamps[0],
        "first_point": first + 1,
        "n": n,
        "mean": limits.mean,
        "lpl": limits.lpl,
        "upl": limits.upl,
        "near_lpl": limits.near_lpl,
        "near_upl": limits.near_upl,
        "mean_moving_range": limits.mean_moving_range,
        "mean_moving_range_before_screening": limits.mean_moving_range_before_screening,
        "screened_out_at_points": [first + p + 1 for p in limits.screened_out_at],
        "common_cause": int(n - flags.sum()),
        "special_cause_improvement": int((ptype_array == IMPROVEMENT).sum()),
        "special_cause_concern": int((ptype_array == CONCERN).sum()),
        "variation_type": ptypes[-1],
    }
    return part, row


def _summary(
    points: pd.DataFrame, segments: pd.DataFrame, improvement_direction: str, target: float | None
) -> dict[str, Any]:
    """The series' icons (from its latest point and latest segment's limits) and trial-limits caution."""
    if points.empty:
        return {
            "n": 0,
            "variation_type": None,
            "variation_icon": None,
            "variation_label": None,
            "assurance_type": None,
            "assurance_icon": None,
            "assurance_label": None,
            "trial_limits": False,
            "any_trial_limits": False,
        }
    last = points.iloc[-1]
    icon = variation_icon(str(last["point_type"]), improvement_direction)
    kind = assurance_type(target, float(last["lpl"]), float(last["upl"]), improvement_direction)
    return {
        "n": len(points),
        "latest_date": pd.Timestamp(last["date"]).date().isoformat(),
        "variation_type": str(last["point_type"]),
        "variation_icon": icon,
        "variation_label": variation_label(icon),
        "assurance_type": kind,
        "assurance_icon": assurance_icon(kind),
        "assurance_label": assurance_label(kind),
        "trial_limits": bool(last["trial_limits"]),
        "any_trial_limits": bool(segments["trial_limits"].any()),
    }
