"""Every oracle case of tests/reference/spc/spc_cases.json (NHSRplotthedots 0.2.2, MIT), loaded from the file and
run through wres.analysis.spc; options that wres does not default to (NHSRplotthedots' short-group threshold 13,
screening off, facets) are reproduced through the parameters. The README beside the file gives the schema."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from wres.analysis.spc import xmr
from wres.analysis.spc.icons import assurance_type
from wres.analysis.spc.rules import (
    part_of_run,
    part_of_two_in_three,
    shift_markers,
    trend_markers,
    two_in_three,
)
from wres.analysis.spc.segments import rebase_flags, rebase_groups, trial_limits

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "spc" / "spc_cases.json"
DATA = json.loads(REFERENCE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]
BY_ID = {c["id"]: c for c in CASES}
R_THRESHOLD = 13
"""NHSRplotthedots' ``ptd_spc.warning_threshold`` (methods.md §8.4); wres defaults to 12."""


def cases(function: str) -> list[Any]:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["function"] == function]


def daily(start: str, n: int) -> list[str]:
    return [d.date().isoformat() for d in pd.date_range(start, periods=n, freq="D")]


def sig(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant digits, as R prints it."""
    return float(f"{value:.{digits}g}")


def close(a: float | None, b: float | None, rel: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def by_facet(facets: list[Any] | None, n: int) -> dict[Any, np.ndarray]:
    """Positions of each facet's points, in first-appearance order (one facet "no facet" when there is none)."""
    labels = ["no facet"] * n if facets is None else facets
    out: dict[Any, list[int]] = {}
    for i, f in enumerate(labels):
        out.setdefault(f, []).append(i)
    return {f: np.array(at) for f, at in out.items()}


# --------------------------------------------------------------------------------------------- coverage


def test_every_case_has_a_test() -> None:
    """All 86 cases are run by a test below: a new function in the file fails here until it is handled."""
    handled = {
        "ptd_seven_point_one_side_mean",
        "ptd_part_of_seven_trend",
        "ptd_seven_point_trend",
        "ptd_two_in_three",
        "ptd_part_of_two_in_three",
        "ptd_calculate_assurance_type",
        "ptd_spc_standard",
        "ptd_spc",
        "ptd_spc (summary)",
        "ptd_spc (rebase)",
        "ptd_spc (short groups)",
        "ptd_get_icons",
        "ptd_add_rebase_column",
        "ptd_add_short_group_warnings",
        "ptd_add_target_column",
        "hand_worked_series",
    }
    assert {c["function"] for c in CASES} == handled
    assert len(CASES) == 86
    assert len(BY_ID) == 86


# --------------------------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("case", cases("ptd_seven_point_one_side_mean"))
def test_shift_markers(case: dict[str, Any]) -> None:
    assert shift_markers(case["input"]["v"]).tolist() == case["expected"]


@pytest.mark.parametrize("case", cases("ptd_part_of_seven_trend"))
def test_part_of_run(case: dict[str, Any]) -> None:
    assert part_of_run(case["input"]["v"]).tolist() == case["expected"]


@pytest.mark.parametrize("case", cases("ptd_seven_point_trend"))
def test_trend_markers(case: dict[str, Any]) -> None:
    assert trend_markers(case["input"]["y"]).tolist() == case["expected"]


@pytest.mark.parametrize("case", cases("ptd_two_in_three"))
def test_two_in_three(case: dict[str, Any]) -> None:
    rtm = case["input"]["rtm"]
    assert two_in_three(case["input"]["v"], [] if rtm is None else rtm).tolist() == case["expected"]


@pytest.mark.parametrize("case", cases("ptd_part_of_two_in_three"))
def test_part_of_two_in_three(case: dict[str, Any]) -> None:
    assert part_of_two_in_three(case["input"]["v"], case["input"]["x"]).tolist() == case["expected"]


# --------------------------------------------------------------------------------------------- assurance


@pytest.mark.parametrize("case", cases("ptd_calculate_assurance_type"))
def test_assurance_type(case: dict[str, Any]) -> None:
    """The last row of each facet decides (its limits are the latest segment's)."""
    inp = case["input"]
    last: dict[Any, dict[str, Any]] = {}
    for row in inp["rows"]:
        last.pop(row["f"], None)  # keep first-appearance order of facets but the last row's values
        last[row["f"]] = row
    order = list(dict.fromkeys(r["f"] for r in inp["rows"]))
    got = []
    for f in order:
        row = last[f]
        target = row.get("target") if inp["target_option_set"] else None
        got.append(
            assurance_type(target, row.get("lpl", math.nan), row.get("upl", math.nan), inp["improvement_direction"])
        )
    assert got == case["expected"]


# --------------------------------------------------------------------------------------------- limits


def standard_result(case: dict[str, Any]) -> Any:
    inp = case["input"]
    return xmr(
        inp["y"],
        daily("2020-01-02", len(inp["y"])),
        improvement_direction="increase",
        screen_outliers=inp["screen_outliers"],
        fix_after_n_points=inp["fix_after_n_points"],
    )


@pytest.mark.parametrize(
    "case",
    [p for p in cases("ptd_spc_standard") if p.values[0]["id"] in {f"ptd_spc_standard-00{i}" for i in (1, 2, 3)}],
)
def test_limits_snapshots(case: dict[str, Any]) -> None:
    """Limits as R printed them (7 significant digits), the leading sides / outside / close flags, and the
    full-precision values derived with the documented algorithm."""
    result = standard_result(case)
    seg = result.segments.iloc[0]
    exp = case["expected"]
    for name, col in (("mean_col", "mean"), ("lpl", "lpl"), ("upl", "upl")):
        assert sig(float(seg[col]), 7) == exp[name], name
    for key, values in exp.items():
        if key.startswith("relative_to_mean_first_"):
            assert result.points["relative_to_mean"].tolist()[: len(values)] == values
        if key.startswith("outside_limits_first_"):
            assert result.points["outside_limits"].tolist()[: len(values)] == values
        if key.startswith("close_to_limits_first_"):
            assert result.points["close_to_limits"].tolist()[: len(values)] == values
    full = case["derived_full_precision"]
    assert close(float(seg["mean"]), full["mean_col"])
    assert close(float(seg["lpl"]), full["lpl"])
    assert close(float(seg["upl"]), full["upl"])
    assert close(float(seg["mean_moving_range"]), full["amr"])
    assert seg["screened_out_at_points"] == full["screened_out_moving_ranges_at_points"]


def test_limits_inequalities() -> None:
    case = BY_ID["ptd_spc_standard-004"]
    r1, r2, r3 = (standard_result(BY_ID[i]).segments.iloc[0] for i in case["input"]["cases"])
    exp = case["expected"]
    assert (len({r1.lpl, r2.lpl, r3.lpl}) == 3) is exp["r1.lpl != r2.lpl != r3.lpl"]
    assert (len({r1.upl, r2.upl, r3.upl}) == 3) is exp["r1.upl != r2.upl != r3.upl"]
    assert bool((r3.upl - r3.lpl) > (r2.upl - r2.lpl)) is exp["(r3.upl - r3.lpl) > (r2.upl - r2.lpl)"]


def test_fix_after_n_points_changes_the_limits() -> None:
    case = BY_ID["ptd_spc_standard-005"]
    fixed = standard_result(case).segments.iloc[0]
    free = standard_result({"input": {**case["input"], "fix_after_n_points": None}}).segments.iloc[0]
    assert bool(fixed.lpl != free.lpl) is case["expected"]["lpl != lpl_without_fix"]
    assert bool(fixed.upl != free.upl) is case["expected"]["upl != upl_without_fix"]
    full = case["derived_full_precision"]
    assert close(float(fixed["mean"]), full["mean_col"])
    assert close(fixed.lpl, full["lpl"])
    assert close(fixed.upl, full["upl"])
    assert close(free.lpl, full["lpl_without_fix"])
    assert close(free.upl, full["upl_without_fix"])


@pytest.mark.parametrize(
    "case",
    [p for p in cases("ptd_spc_standard") if p.values[0]["id"] in {"ptd_spc_standard-006", "ptd_spc_standard-007"}],
)
def test_rebase_group_is_a_cumulative_sum(case: dict[str, Any]) -> None:
    assert rebase_groups(case["input"]["rebase"]).tolist() == case["expected"]["rebase_group"]


# --------------------------------------------------------------------------------------------- end to end


@pytest.mark.parametrize("case", cases("ptd_spc"))
def test_two_in_three_needs_one_side(case: dict[str, Any]) -> None:
    inp = case["input"]
    result = xmr(inp["y"], inp["dates"], improvement_direction=inp["improvement_direction"])
    assert result.points["point_type"].tolist()[-2:] == case["expected"]["point_type_last_2"]
    full = case["derived_full_precision"]
    assert result.points["close_to_limits"].tolist()[-2:] == full["close_to_limits_last_2"]
    assert close(float(result.segments.iloc[0]["upl"]), full["upl"])
    assert close(float(result.segments.iloc[0]["lpl"]), full["lpl"])


@pytest.mark.parametrize("case", cases("ptd_spc (summary)"))
@pytest.mark.parametrize("rebase", [(), ("2020-01-01",)], ids=["no rebase", "rebase before the first date"])
def test_summary(case: dict[str, Any], rebase: tuple[str, ...]) -> None:
    """R's summary() printed to 3 significant digits, per facet; a rebase date before the series changes nothing."""
    inp = case["input"]
    dates = daily("2020-01-02", len(inp["y"]))
    expected = case["expected"] if isinstance(case["expected"], list) else [case["expected"]]
    facets = by_facet(inp.get("facet"), len(inp["y"]))
    assert len(facets) == len(expected)
    for (f, at), exp in zip(facets.items(), expected, strict=True):
        if "f" in exp:
            assert exp["f"] == f
        y = np.asarray(inp["y"])[at]
        result = xmr(y, [dates[i] for i in at], improvement_direction=inp["improvement_direction"], rebase=rebase)
        assert len(result.segments) == 1
        seg = result.segments.iloc[0]
        assert sig(float(seg["mean"]), 3) == exp["mean_col"]
        assert sig(float(seg["lpl"]), 3) == exp["lpl"]
        assert sig(float(seg["upl"]), 3) == exp["upl"]
        assert seg["n"] == exp["n"]
        assert seg["common_cause"] == exp["common_cause"]
        assert seg["special_cause_improvement"] == exp["special_cause_improvement"]


@pytest.mark.parametrize("case", cases("ptd_get_icons"))
def test_icons(case: dict[str, Any]) -> None:
    """Variation icons of every facet, then assurance icons of every facet that has one (``ptd_get_icons``)."""
    inp = case["input"]
    dates = daily("2020-01-02", len(inp["y"]))
    variation, assurance = [], []
    full = {p["f"]: p for p in case["derived_full_precision"]["per_facet"]}
    for f, at in by_facet(inp["facet"], len(inp["y"])).items():
        result = xmr(
            np.asarray(inp["y"])[at],
            [dates[i] for i in at],
            improvement_direction=inp["improvement_direction"],
            target=inp["target"],
        )
        s = result.summary
        variation.append({"f": f, "type": "variation", "icon": s["variation_icon"]})
        if s["assurance_icon"] is not None:
            assurance.append({"f": f, "type": "assurance", "icon": s["assurance_icon"]})
        seg = result.segments.iloc[-1]
        assert close(float(seg["mean"]), full[f]["mean_col"])
        assert close(float(seg["lpl"]), full[f]["lpl"])
        assert close(float(seg["upl"]), full[f]["upl"])
        assert s["variation_type"] == full[f]["last_point_type"]
        assert s["assurance_type"] == full[f]["assurance_type"]
    assert variation + assurance == case["expected"]


@pytest.mark.parametrize("case", cases("ptd_spc (rebase)"))
def test_rebase_date_starts_the_new_group(case: dict[str, Any]) -> None:
    inp = case["input"]
    y = np.arange(len(inp["dates"]), dtype=float) % 5
    result = xmr(y, inp["dates"], improvement_direction="increase", rebase=inp["rebase"])
    assert result.points["rebase_group"].tolist() == case["expected"]["rebase_group"]


@pytest.mark.parametrize("case", cases("ptd_spc (short groups)"))
def test_short_groups(case: dict[str, Any]) -> None:
    """The values do not matter (R drew them unseeded): any series of that length gives the same groups."""
    inp = case["input"]
    y = np.random.default_rng(1).normal(size=len(inp["dates"]))
    result = xmr(y, inp["dates"], improvement_direction="increase", rebase=inp["rebase"], trial_threshold=R_THRESHOLD)
    assert result.summary["any_trial_limits"] is case["expected"]["any_short_group_warning"]
    assert result.segments["n"].tolist() == case["derived_full_precision"]["group_sizes"]


@pytest.mark.parametrize("case", cases("ptd_add_rebase_column"))
def test_rebase_column(case: dict[str, Any]) -> None:
    """A list of dates applies to every facet; a mapping gives each facet its own (run one facet at a time)."""
    inp = case["input"]
    got = [0] * len(inp["dates"])
    for f, at in by_facet(inp["f"], len(inp["f"])).items():
        spec = inp["rebase"]
        dates = spec.get(f, []) if isinstance(spec, dict) else (spec or [])
        for i, flag in zip(at, rebase_flags([inp["dates"][i] for i in at], dates), strict=True):
            got[i] = int(flag)
    assert got == case["expected"]


@pytest.mark.parametrize("case", cases("ptd_add_short_group_warnings"))
def test_short_group_warnings(case: dict[str, Any]) -> None:
    inp = case["input"]
    flags = trial_limits(inp["group_keys"], inp["warning_threshold"])
    assert flags.tolist() == case["expected"]["short_group_warning"]
    if "warns" in case["expected"]:
        assert bool(flags.any()) is case["expected"]["warns"]


@pytest.mark.parametrize("case", cases("ptd_add_target_column"))
def test_target_column(case: dict[str, Any]) -> None:
    """A single target applies to every facet; a mapping gives each facet its own (run one facet at a time)."""
    inp = case["input"]
    got: list[float | None] = [None] * len(inp["f"])
    for f, at in by_facet(inp["f"], len(inp["f"])).items():
        spec = inp["target"]
        target = spec.get(f) if isinstance(spec, dict) else spec
        result = xmr(
            np.arange(len(at), dtype=float),
            daily("2020-01-02", len(at)),
            improvement_direction="increase",
            target=target,
        )
        for i, value in zip(at, result.to_dict()["points"], strict=True):
            got[i] = value["target"]
    assert got == case["expected"]


# --------------------------------------------------------------------------------------------- hand-worked


@pytest.mark.parametrize("case", cases("hand_worked_series"))
def test_hand_worked_series(case: dict[str, Any]) -> None:
    """Every per-segment statistic (relative tolerance 1e-9) and every per-point label, and the icons. The
    hand-worked cases use NHSRplotthedots' short-group threshold (13)."""
    inp = case["input"]
    assert inp["facet"] is None
    result = xmr(
        inp["y"],
        inp["dates"],
        improvement_direction=inp["improvement_direction"],
        rebase=inp["rebase_dates"] or (),
        fix_after_n_points=inp["fix_after_n_points"],
        target=inp["target"],
        screen_outliers=inp["screen_outliers"],
        trial_threshold=R_THRESHOLD,
    )
    exp = case["expected"]
    assert len(result.segments) == len(exp["groups"])
    columns: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "rebase_group": ("rebase_group", int),
        "first_point": ("first_point", int),
        "n": ("n", int),
        "short_group_warning": ("trial_limits", bool),
        "screened_out_moving_ranges_at_points": ("screened_out_at_points", list),
    }
    numbers = {
        "mean_col": "mean",
        "amr_before_screening": "mean_moving_range_before_screening",
        "amr": "mean_moving_range",
        "lpl": "lpl",
        "upl": "upl",
        "nlpl": "near_lpl",
        "nupl": "near_upl",
    }
    for seg, group in zip(result.segments.to_dict("records"), exp["groups"], strict=True):
        for key, (col, cast) in columns.items():
            assert cast(seg[col]) == group[key], (group["rebase_group"], key)
        for key, col in numbers.items():
            assert close(float(seg[col]), group[key]), (group["rebase_group"], key, seg[col], group[key])
    labels = ["rebase_group", "relative_to_mean", "outside_limits", "close_to_limits", "special_cause_type"]
    labels += ["special_cause_flag", "point_type"]
    points = result.points.to_dict("records")
    assert len(points) == len(exp["points"])
    for got, want in zip(points, exp["points"], strict=True):
        assert got["value"] == want["y"]
        for key in labels:
            assert got[key] == want[key], (want["index"], key, got[key], want[key])
    assert result.summary["variation_icon"] == exp["variation_icon"]
    assert result.summary["assurance_type"] == exp["assurance_type"]
    assert result.summary["assurance_icon"] == exp["assurance_icon"]
