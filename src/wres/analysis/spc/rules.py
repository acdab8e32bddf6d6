"""The Making Data Count special-cause rules, one small function per rule as NHSRplotthedots has them, and their
precedence (methods.md §8.2).

Every function works on the points of one segment (one rebase group) in date order, so runs never cross a rebase.
Sources, NHSRplotthedots ``R/ptd_calculate_point_type.R`` (tests/reference/spc/README.md §1.3):

* :func:`trend_markers` — ``ptd_seven_point_trend``;
* :func:`part_of_run` — ``ptd_part_of_seven_trend`` (for trends and shifts alike);
* :func:`shift_markers` — ``ptd_seven_point_one_side_mean``;
* :func:`two_in_three` — ``ptd_two_in_three``; :func:`part_of_two_in_three` — ``ptd_part_of_two_in_three``;
* :func:`trend_direction` and :func:`special_cause_type` — ``ptd_special_cause_type``.

``run_length`` is 7 as in NHSRplotthedots; the Making Data Count Excel tool also offers 6 (methods.md §8.5). The
special-cause labels are NHSRplotthedots' own strings ("7 Point Trend (Increasing)", "7 Points Above CL", …) whatever
the run length, so that results compare with the reference directly; ``options["run_length"]`` says which applied.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "COMMON_CAUSE",
    "RUN_LENGTH",
    "part_of_run",
    "part_of_two_in_three",
    "shift_markers",
    "special_cause_type",
    "trend_direction",
    "trend_markers",
    "two_in_three",
]

RUN_LENGTH: Final = 7
"""Points in a trend (``RUN_LENGTH − 1`` steps of one sign) or a shift (all on one side of the mean)."""
COMMON_CAUSE: Final = "Common Cause"


def trend_markers(y: ArrayLike, run_length: int = RUN_LENGTH) -> NDArray[np.int64]:
    """``T_i = +1`` where point ``i`` ends ``run_length`` points rising strictly at every step, ``−1`` falling
    strictly, else 0 (``ptd_seven_point_trend``). A tie (a difference of 0) breaks a trend."""
    values = np.asarray(y, dtype=float)
    out = np.zeros(values.size, dtype=np.int64)
    steps = run_length - 1
    if values.size < run_length:
        return out
    sign = np.sign(np.diff(values))
    for i in range(run_length - 1, values.size):
        window = sign[i - steps : i]
        if (window > 0).all():
            out[i] = 1
        elif (window < 0).all():
            out[i] = -1
    return out


def part_of_run(markers: ArrayLike, run_length: int = RUN_LENGTH) -> NDArray[np.int64]:
    """1 where any of ``markers[i : i + run_length]`` is non-zero: every point of a run whose last point carries a
    marker (``ptd_part_of_seven_trend``); longer runs flag all their points."""
    marks = np.asarray(markers, dtype=float) != 0
    out = np.zeros(marks.size, dtype=np.int64)
    for i in range(marks.size):
        out[i] = int(marks[i : i + run_length].any())
    return out


def shift_markers(rtm: ArrayLike, run_length: int = RUN_LENGTH) -> NDArray[np.int64]:
    """``R_i = 1`` where point ``i`` ends ``run_length`` points on the same side of the mean, else 0
    (``ptd_seven_point_one_side_mean``). ``rtm`` is each point's side (−1, 0, +1); a point on the mean breaks a run."""
    sides = np.asarray(rtm, dtype=np.int64)
    out = np.zeros(sides.size, dtype=np.int64)
    for i in range(run_length - 1, sides.size):
        window = sides[i - run_length + 1 : i + 1]
        if sides[i] != 0 and (window == sides[i]).all():
            out[i] = 1
    return out


def two_in_three(close: ArrayLike, rtm: ArrayLike) -> NDArray[np.int64]:
    """``W_i = 1`` where point ``i`` is in a window of three consecutive points of which at least two are close to
    a limit and all three lie strictly on the same side of the mean (``ptd_two_in_three``). ``close`` is 0/1 per
    point; ``rtm`` the side of the mean (missing trailing values, as an R call may pass, count as 0)."""
    near = np.asarray(close, dtype=float)
    n = near.size
    sides = np.zeros(n, dtype=np.int64)
    given = np.asarray(rtm if rtm is not None else [], dtype=np.int64)[:n]
    sides[: given.size] = given
    out = np.zeros(n, dtype=np.int64)
    for start in range(n - 2):
        if (near[start : start + 3] == 1).sum() >= 2 and abs(int(sides[start : start + 3].sum())) == 3:
            out[start : start + 3] = 1
    return out


def part_of_two_in_three(w: ArrayLike, close: ArrayLike) -> NDArray[np.int64]:
    """The points flagged by the two-in-three rule: in a qualifying window **and** close to a limit themselves
    (``ptd_part_of_two_in_three``: ``as.numeric(v == 1 & abs(x) == 1)``)."""
    flagged = (np.asarray(w, dtype=float) == 1) & (np.abs(np.asarray(close, dtype=float)) == 1)
    return np.asarray(flagged, dtype=np.int64)


def trend_direction(y: ArrayLike, in_trend: ArrayLike) -> NDArray[np.int64]:
    """The direction of the trend each point belongs to: the sign of the step to the next point when that point is
    in a trend too, else of the step from the previous point (0 for the first point), as
    ``ptd_special_cause_type`` labels it; 0 where the point is not in a trend."""
    values = np.asarray(y, dtype=float)
    trend = np.asarray(in_trend, dtype=float) != 0
    out = np.zeros(values.size, dtype=np.int64)
    for i in np.flatnonzero(trend):
        if i + 1 < values.size and trend[i + 1]:
            out[i] = int(np.sign(values[i + 1] - values[i]))
        elif i > 0:
            out[i] = int(np.sign(values[i] - values[i - 1]))
    return out


def special_cause_type(
    *,
    outside: ArrayLike,
    rtm: ArrayLike,
    trend: ArrayLike,
    direction: ArrayLike,
    two_in_three_flag: ArrayLike,
    shift: ArrayLike,
) -> list[str]:
    """Each point's special-cause type, the first rule that matches (methods.md §8.2, ``ptd_special_cause_type``):
    outside the limits, then part of a trend, then flagged by two-in-three, then part of a shift, else common cause.

    ``direction`` is :func:`trend_direction` (+1 → Increasing, anything else → Decreasing)."""
    out_ = np.asarray(outside, dtype=bool)
    side = np.asarray(rtm, dtype=np.int64)
    trend_ = np.asarray(trend, dtype=float) != 0
    dir_ = np.asarray(direction, dtype=np.int64)
    two = np.asarray(two_in_three_flag, dtype=float) != 0
    shift_ = np.asarray(shift, dtype=float) != 0
    labels = []
    for i in range(out_.size):
        if out_[i]:
            labels.append("Above UCL" if side[i] == 1 else "Below LCL")
        elif trend_[i]:
            labels.append("7 Point Trend (Increasing)" if dir_[i] == 1 else "7 Point Trend (Decreasing)")
        elif two[i]:
            labels.append("2 in 3 Above CL" if side[i] > 0 else "2 in 3 Below CL")
        elif shift_[i]:
            labels.append("7 Points Above CL" if side[i] > 0 else "7 Points Below CL")
        else:
            labels.append(COMMON_CAUSE)
    return labels
