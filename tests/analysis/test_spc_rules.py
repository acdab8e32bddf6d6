"""Each Making Data Count rule on its own, in the style of NHSRplotthedots' tests (constructed series whose answer
is known by hand), and rebasing, fixed baselines, short segments, direction and icons (methods.md §8)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from wres.analysis.spc import xmr
from wres.analysis.spc.icons import POINT_COLOURS, assurance_type, variation_icon, variation_label
from wres.analysis.spc.limits import Limits, close_to_limits, outside_limits, process_limits
from wres.analysis.spc.point_types import point_type
from wres.analysis.spc.rules import shift_markers, special_cause_type, trend_markers
from wres.errors import UsageError, WresError


def days(n: int, start: str = "2024-01-01") -> list[str]:
    return [d.date().isoformat() for d in pd.date_range(start, periods=n, freq="D")]


def run(y: list[float], **options: object) -> pd.DataFrame:
    options.setdefault("improvement_direction", "increase")
    return xmr(y, days(len(y)), **options).points  # type: ignore[arg-type]


def flagged(points: pd.DataFrame, column: str) -> list[int]:
    return [int(i) for i in np.flatnonzero(points[column].to_numpy())]


ALTERNATING = [11.0, 9.0] * 7
"""14 points around 10, starting above and ending below the mean, no rule set off."""


# --------------------------------------------------------------------------------------------- trend


def test_trend_of_exactly_seven_rising_points_flags_all_seven() -> None:
    y = [*ALTERNATING, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 9.0]
    points = run(y)
    assert flagged(points, "trend") == list(range(14, 21))
    assert set(points["special_cause_type"].iloc[14:21]) == {"7 Point Trend (Increasing)"}
    assert points["point_type"].iloc[14:21].eq("special_cause_improvement").all()


def test_six_rising_points_are_not_a_trend() -> None:
    y = [*ALTERNATING, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 9.0]
    assert flagged(run(y), "trend") == []


def test_a_tie_breaks_a_trend() -> None:
    y = [*ALTERNATING, 8.0, 8.5, 9.0, 9.0, 9.5, 10.0, 10.5, 11.0, 9.0]
    assert flagged(run(y), "trend") == []


def test_falling_trend_is_decreasing_and_a_concern_when_higher_is_better() -> None:
    y = [*ALTERNATING, 12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 11.0]
    points = run(y)
    assert flagged(points, "trend") == list(range(14, 21))
    assert set(points["special_cause_type"].iloc[14:21]) == {"7 Point Trend (Decreasing)"}
    assert points["point_type"].iloc[14:21].eq("special_cause_concern").all()


def test_run_length_six_as_the_excel_tool_offers() -> None:
    y = [*ALTERNATING, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 9.0]
    assert flagged(run(y, run_length=6), "trend") == list(range(14, 20))
    assert trend_markers([1, 2, 3, 4, 5, 6], run_length=6).tolist() == [0, 0, 0, 0, 0, 1]


# --------------------------------------------------------------------------------------------- shift


def test_shift_of_seven_on_one_side_is_flagged() -> None:
    """14 alternating points then seven at 10.5: mean 213.5/21 ≈ 10.17, so the seven lie above it."""
    points = run([*ALTERNATING, *[10.5] * 7])
    assert flagged(points, "shift") == list(range(14, 21))
    assert set(points["special_cause_type"].iloc[14:]) == {"7 Points Above CL"}
    assert points["special_cause_type"].iloc[:14].eq("Common Cause").all()


def test_six_on_one_side_are_not_a_shift() -> None:
    assert flagged(run([*ALTERNATING, *[10.5] * 6]), "shift") == []


def test_a_point_on_the_mean_breaks_a_shift() -> None:
    """Mean exactly 10 (76 + 64 = 140 over 14 points): 3 above, one on the mean, 3 above; then the same below."""
    broken = [11.0, 11.0, 11.0, 10.0, 11.0, 11.0, 11.0, 9.0, 9.0, 9.0, 10.0, 9.0, 9.0, 9.0]
    points = run(broken)
    assert points["relative_to_mean"].tolist()[3] == 0
    assert points["relative_to_mean"].tolist()[10] == 0
    assert flagged(points, "shift") == []
    assert shift_markers([0] * 8).tolist() == [0] * 8  # points on the mean are on no side
    whole = [11.0] * 7 + [9.0] * 7  # the same mean, no point on it: two shifts of seven
    assert flagged(run(whole), "shift") == list(range(14))


# --------------------------------------------------------------------------------------------- two in three


BASE = [11.0, 9.0] * 9
"""18 points, mean 10, every moving range 2."""


def test_two_of_three_near_a_limit_flags_only_the_near_points() -> None:
    """BASE then 15, 11, 15: mean 221/21 ≈ 10.52, mean MR 48/20 = 2.4, near line ≈ 14.78 and UPL ≈ 16.91: the two
    15s are near (not outside), 11 is above the mean but not near."""
    points = run([*BASE, 15.0, 11.0, 15.0])
    assert points["close_to_limits"].tolist()[18:] == [True, False, True]
    assert not points["outside_limits"].any()
    assert flagged(points, "two_in_three") == [18, 20]
    assert points["special_cause_type"].tolist()[18:] == ["2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"]


def test_two_of_three_needs_all_three_on_one_side() -> None:
    """BASE then 15.5, 9, 15.5: both 15.5s near the upper limit, but 9 is below the mean (≈ 10.48)."""
    points = run([*BASE, 15.5, 9.0, 15.5])
    assert points["close_to_limits"].tolist()[18:] == [True, False, True]
    assert points["relative_to_mean"].tolist()[18:] == [1, -1, 1]
    assert flagged(points, "two_in_three") == []
    assert points["special_cause_type"].iloc[18:].eq("Common Cause").all()


# --------------------------------------------------------------------------------------------- outside, precedence


def test_outside_limits_is_strict() -> None:
    limits = Limits(
        mean=0.0,
        mean_moving_range=1.0,
        mean_moving_range_before_screening=1.0,
        lpl=-2.0,
        upl=2.0,
        near_lpl=-1.0,
        near_upl=1.0,
        screened_out_at=(),
    )
    y = [2.0, -2.0, 2.0000001, -2.0000001, 1.0, 1.5, -1.5]
    assert outside_limits(y, limits).tolist() == [False, False, True, True, False, False, False]
    # a point on a limit is not outside, so it can be close; a point outside never is
    assert close_to_limits(y, limits).tolist() == [True, True, False, False, False, True, True]


def test_a_point_outside_and_in_a_shift_is_outside() -> None:
    """14 alternating points, six at 11 and one at 20: the last seven are above the mean (226/21 ≈ 10.76); the
    moving range 9 is screened out, UPL ≈ 14.68, so 20 is outside and keeps "Above UCL"."""
    points = run([*ALTERNATING, *[11.0] * 6, 20.0])
    assert flagged(points, "shift") == list(range(14, 21))
    assert flagged(points, "outside_limits") == [20]
    assert points["special_cause_type"].tolist()[14:] == ["7 Points Above CL"] * 6 + ["Above UCL"]


def test_precedence_first_match_wins() -> None:
    """Outside, then trend, then two-in-three, then shift (methods.md §8.2)."""
    n = 5
    one = np.ones(n, dtype=bool)
    got = special_cause_type(
        outside=[True, False, False, False, False],
        rtm=[1, 1, 1, 1, 1],
        trend=one,
        direction=[1] * n,
        two_in_three_flag=[1, 1, 1, 0, 0],
        shift=[1, 1, 1, 1, 0],
    )
    assert got[:2] == ["Above UCL", "7 Point Trend (Increasing)"]
    got = special_cause_type(
        outside=[False] * 4, rtm=[-1] * 4, trend=[0] * 4, direction=[0] * 4, two_in_three_flag=[1, 0, 0, 0],
        shift=[1, 1, 0, 0],
    )  # fmt: skip
    assert got == ["2 in 3 Below CL", "7 Points Below CL", "Common Cause", "Common Cause"]


# --------------------------------------------------------------------------------------------- rebasing, baselines


def test_runs_do_not_cross_a_rebase_and_each_segment_has_its_own_limits() -> None:
    y = [float(v) for v in range(1, 15)]  # 14 strictly rising points
    assert flagged(run(y), "trend") == list(range(14))
    result = xmr(y, days(14), improvement_direction="increase", rebase=[days(14)[4]])
    assert result.points["rebase_group"].tolist() == [0] * 4 + [1] * 10
    assert flagged(result.points, "trend") == list(range(4, 14))  # not the first segment's 4 points
    first, second = result.segments.to_dict("records")
    # every moving range is 1: limits mean ± 2.66
    assert (first["mean"], first["lpl"], first["upl"]) == pytest.approx((2.5, 2.5 - 2.66, 2.5 + 2.66))
    assert (second["mean"], second["lpl"], second["upl"]) == pytest.approx((9.5, 9.5 - 2.66, 9.5 + 2.66))
    assert result.points["mean"].tolist() == [2.5] * 4 + [9.5] * 10


def test_shift_does_not_cross_a_rebase() -> None:
    y = [*ALTERNATING, *[12.0] * 4, *[12.0] * 4, *[11.0, 13.0] * 4]
    dates = days(len(y))
    assert flagged(run(y), "shift") != []
    result = xmr(y, dates, improvement_direction="increase", rebase=[dates[18]])
    assert flagged(result.points.iloc[:18], "shift") == []


def test_fixed_baseline_freezes_the_limits_and_later_points_are_still_judged() -> None:
    """Baseline 10, 12 six times: mean 11, every moving range 2, limits 11 ± 5.32; then 11, 20, 11."""
    y = [10.0, 12.0] * 6 + [11.0, 20.0, 11.0]
    result = xmr(y, days(15), improvement_direction="increase", fix_after_n_points=12)
    seg = result.segments.iloc[0]
    assert (seg["mean"], seg["lpl"], seg["upl"]) == pytest.approx((11.0, 11.0 - 5.32, 11.0 + 5.32))
    assert result.points["baseline"].tolist() == [True] * 12 + [False] * 3
    assert result.points["special_cause_type"].tolist()[13] == "Above UCL"
    free = xmr(y, days(15), improvement_direction="increase").segments.iloc[0]
    assert free["mean"] == pytest.approx(174 / 15)  # all 15 points
    assert result.options["fix_after_n_points"] == 12


def test_fix_after_fewer_than_twelve_points_is_refused() -> None:
    with pytest.raises(UsageError, match="fix_after_n_points must be a whole number of at least 12"):
        xmr([1.0] * 20, days(20), improvement_direction="increase", fix_after_n_points=11)


def test_a_segment_of_one_point_has_no_limits() -> None:
    y = [*ALTERNATING, 30.0]
    result = xmr(y, days(15), improvement_direction="increase", target=5.0, rebase=[days(15)[14]])
    last = result.points.iloc[-1]
    assert last["mean"] == 30.0
    assert math.isnan(last["lpl"])
    assert math.isnan(last["upl"])
    assert last["special_cause_type"] == "Common Cause"
    assert not last["outside_limits"]
    assert bool(last["trial_limits"]) is True
    assert result.summary["variation_icon"] == "variation/common_cause.svg"
    assert result.summary["assurance_type"] is None  # no limits to judge the target against
    assert json.loads(json.dumps(result.to_dict()))["points"][-1]["lpl"] is None


def test_a_constant_segment_has_no_limits() -> None:
    """Every moving range 0 is not below 3.267 × 0, so all are screened out and there are no limits
    (NHSRplotthedots ``R/ptd_spc_standard.R`` behaves the same); unscreened, the limits collapse onto the mean."""
    result = xmr([5.0] * 12, days(12), improvement_direction="increase", target=3.0)
    seg = result.segments.iloc[0]
    assert seg["mean"] == 5.0
    assert math.isnan(seg["mean_moving_range"])
    assert math.isnan(seg["lpl"])
    assert result.points["special_cause_type"].eq("Common Cause").all()
    assert result.summary["assurance_type"] is None
    flat = xmr([5.0] * 12, days(12), improvement_direction="increase", screen_outliers=False).segments.iloc[0]
    assert (flat["lpl"], flat["upl"]) == (5.0, 5.0)


# --------------------------------------------------------------------------------------------- trial limits


@pytest.mark.parametrize(
    ("n", "threshold", "trial"), [(11, 12, True), (12, 12, False), (12, 13, True), (13, 13, False)]
)
def test_trial_limits_for_a_short_segment(n: int, threshold: int, trial: bool) -> None:
    y = [10.0, 12.0] * 10
    result = xmr(y[:n], days(n), improvement_direction="increase", trial_threshold=threshold)
    assert result.points["trial_limits"].eq(trial).all()
    assert result.summary["trial_limits"] is trial
    assert result.segments["trial_limits"].tolist() == [trial]


def test_trial_limits_default_is_twelve() -> None:
    assert xmr([10.0, 12.0] * 5 + [11.0], days(11), improvement_direction="increase").summary["trial_limits"] is True
    assert xmr([10.0, 12.0] * 6, days(12), improvement_direction="increase").summary["trial_limits"] is False


# --------------------------------------------------------------------------------------------- direction, icons


@pytest.mark.parametrize(
    ("special", "increase", "decrease", "neutral"),
    [
        ("Above UCL", "special_cause_improvement", "special_cause_concern", "special_cause_neutral_high"),
        ("Below LCL", "special_cause_concern", "special_cause_improvement", "special_cause_neutral_low"),
        (
            "7 Point Trend (Increasing)",
            "special_cause_improvement",
            "special_cause_concern",
            "special_cause_neutral_high",
        ),
        (
            "7 Point Trend (Decreasing)",
            "special_cause_concern",
            "special_cause_improvement",
            "special_cause_neutral_low",
        ),
        ("2 in 3 Above CL", "special_cause_improvement", "special_cause_concern", "special_cause_neutral_high"),
        ("2 in 3 Below CL", "special_cause_concern", "special_cause_improvement", "special_cause_neutral_low"),
        ("7 Points Above CL", "special_cause_improvement", "special_cause_concern", "special_cause_neutral_high"),
        ("7 Points Below CL", "special_cause_concern", "special_cause_improvement", "special_cause_neutral_low"),
        ("Common Cause", "common_cause", "common_cause", "common_cause"),
    ],
)
def test_point_type_by_direction(special: str, increase: str, decrease: str, neutral: str) -> None:
    assert point_type(special, "increase") == increase
    assert point_type(special, "decrease") == decrease
    assert point_type(special, "neutral") == neutral


@pytest.mark.parametrize(
    ("direction", "ptype", "icon", "colour"),
    [
        ("increase", "special_cause_improvement", "variation/improvement_high.svg", "#00b0f0"),
        ("decrease", "special_cause_concern", "variation/concern_high.svg", "#e46c0a"),
        ("neutral", "special_cause_neutral_high", "variation/neutral_high.svg", "#490092"),
    ],
)
def test_a_shift_upwards_by_direction(direction: str, ptype: str, icon: str, colour: str) -> None:
    result = xmr([*ALTERNATING, *[10.5] * 7], days(21), improvement_direction=direction)
    assert result.points["point_type"].iloc[14:].eq(ptype).all()
    assert result.summary["variation_icon"] == icon
    assert result.summary["variation_label"] == variation_label(icon)
    assert POINT_COLOURS[ptype] == colour


def test_variation_labels_are_words() -> None:
    assert (
        variation_label(variation_icon("special_cause_concern", "increase")) == "Special cause: concern (lower values)"
    )
    assert variation_label(variation_icon("common_cause", "neutral")) == "Common cause: no significant change"


@pytest.mark.parametrize(
    ("target", "increase", "decrease"),
    [
        (20.0, "consistent_fail", "consistent_pass"),  # above the UPL
        (0.0, "consistent_pass", "consistent_fail"),  # below the LPL
        (10.0, "inconsistent", "inconsistent"),  # between
        (15.0, "inconsistent", "inconsistent"),  # exactly on the UPL
        (5.0, "inconsistent", "inconsistent"),  # exactly on the LPL
    ],
)
def test_assurance_from_target_and_limits(target: float, increase: str, decrease: str) -> None:
    assert assurance_type(target, 5.0, 15.0, "increase") == increase
    assert assurance_type(target, 5.0, 15.0, "decrease") == decrease
    assert assurance_type(target, 5.0, 15.0, "neutral") is None
    assert assurance_type(None, 5.0, 15.0, "increase") is None


def test_assurance_through_xmr_uses_the_latest_segment() -> None:
    """Segment 1 around 10 (limits 10 ± 5.32), segment 2 around 30 (30 ± 5.32); target 20 lies below the latest
    LPL: consistently passing when higher is better, failing when lower is better."""
    y = [9.0, 11.0] * 6 + [29.0, 31.0] * 6
    dates = days(24)
    up = xmr(y, dates, improvement_direction="increase", target=20.0, rebase=[dates[12]])
    assert up.summary["assurance_type"] == "consistent_pass"
    assert up.summary["assurance_icon"] == "assurance/pass.svg"
    assert up.summary["assurance_label"] == "Consistently passing target"
    down = xmr(y, dates, improvement_direction="decrease", target=20.0, rebase=[dates[12]])
    assert down.summary["assurance_icon"] == "assurance/fail.svg"
    assert down.summary["assurance_label"] == "Consistently failing target"


# --------------------------------------------------------------------------------------------- methods §8.5


DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


@pytest.mark.parametrize(
    ("screen", "mean", "upl", "lpl"), [(True, 1.944, 4.604, -0.716), (False, 1.944, 6.952, -3.063)]
)
def test_methods_reference_check_screening_on_and_off(screen: bool, mean: float, upl: float, lpl: float) -> None:
    """methods.md §8.5: the NHSRplotthedots deviations example, screening on and off (3 decimals as printed)."""
    seg = xmr(DEVIATIONS, days(18), improvement_direction="increase", screen_outliers=screen).segments.iloc[0]
    assert (round(seg["mean"], 3), round(seg["upl"], 3), round(seg["lpl"], 3)) == (mean, upl, lpl)


def test_screening_drops_a_moving_range_equal_to_the_threshold() -> None:
    """Moving ranges 733, 0, 0, 3267: mean 1000, threshold 3.267 × 1000 = 3267 exactly; strict ``<`` drops the
    last one (the point after it), once: mean MR 733/3."""
    y = [0.0, 733.0, 733.0, 733.0, 4000.0]
    limits = process_limits(y)
    assert limits.mean_moving_range_before_screening == 1000.0
    assert limits.screened_out_at == (4,)
    assert limits.mean_moving_range == pytest.approx(733 / 3)
    assert process_limits(y, screen_outliers=False).mean_moving_range == 1000.0


# --------------------------------------------------------------------------------------------- options, input


def test_options_are_recorded_and_reproduce_the_chart() -> None:
    y = [*ALTERNATING, *[11.0] * 6, 20.0]
    dates = days(len(y))
    result = xmr(y, dates, improvement_direction="decrease", target=8.0, rebase=[dates[3]], screen_outliers=False,
                 run_length=6, trial_threshold=13)  # fmt: skip
    stored = json.loads(json.dumps(result.to_dict()))
    options = stored["options"]
    assert options["improvement_direction"] == "decrease"
    assert options["rebase"] == [dates[3]]
    assert options["screen_outliers"] is False
    assert options["run_length"] == 6
    assert options["trial_threshold"] == 13
    assert options["target"] == 8.0
    assert options["fix_after_n_points"] is None
    assert "NHSRplotthedots" in options["rule_set"]
    again = xmr(
        [p["value"] for p in stored["points"]],
        [p["date"] for p in stored["points"]],
        **{k: v for k, v in options.items() if k not in {"rule_set", "limit_factor", "screen_factor"}},
    )
    pd.testing.assert_frame_equal(again.points, result.points)
    assert again.summary == result.summary


def test_points_are_sorted_by_date() -> None:
    y = [*ALTERNATING, *[10.5] * 7]
    dates = days(21)
    shuffled = np.random.default_rng(3).permutation(21)
    result = xmr([y[i] for i in shuffled], [dates[i] for i in shuffled], improvement_direction="increase")
    assert result.points["value"].tolist() == y
    assert flagged(result.points, "shift") == list(range(14, 21))


@pytest.mark.parametrize(
    ("values", "dates", "kwargs", "error", "message"),
    [
        ([1.0, 2.0], ["2024-01-01"], {}, WresError, "2 values but 1 dates"),
        ([1.0, float("nan")], ["2024-01-01", "2024-01-02"], {}, WresError, "value 2 .* is not a finite number"),
        ([1.0, 2.0], ["2024-01-01", "2024-01-01"], {}, WresError, "date 2024-01-01 occurs more than once"),
        ([1.0, 2.0], ["2024-01-01", "not a date"], {}, WresError, "a date could not be read"),
        ([1.0, 2.0], ["2024-01-01", "2024-01-02"], {"improvement_direction": "up"}, UsageError, "'up' is not one of"),
        ([1.0, 2.0], ["2024-01-01", "2024-01-02"], {"run_length": 1}, UsageError, "run_length"),
        ([1.0, 2.0], ["2024-01-01", "2024-01-02"], {"target": "high"}, UsageError, "target must be a number"),
    ],
)
def test_bad_input_is_a_clear_error(
    values: list[float], dates: list[str], kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    kwargs.setdefault("improvement_direction", "increase")
    with pytest.raises(error, match=message):
        xmr(values, dates, **kwargs)  # type: ignore[arg-type]
