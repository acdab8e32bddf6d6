"""Every case of tests/reference/funnel/funnelplotr_cases.json (FunnelPlotR 0.6.0, MIT), loaded from the file and
run through wres.analysis.funnel: what the R test asserts, compared as the case's ``comparison`` says (rounded to
the stated decimals), and where a case gives ``derived_full_precision`` values (φ, τ², z-scores, per-unit limits,
outlier flags) those too, at ``rtol=1e-9``. The README beside the file gives the method and the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from wres.analysis.funnel.funnelplotr import aggregate, build_limits_lookup, outliers, poisson_limits, sr_funnel
from wres.analysis.funnel.overdispersion import truncation_kept, winsorise

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "funnel" / "funnelplotr_cases.json"
CASES: list[dict[str, Any]] = json.loads(REFERENCE.read_text(encoding="utf-8"))["cases"]
LIMIT_COLUMNS = ["OD95LCL", "OD95UCL", "OD99LCL", "OD99UCL", "LCL95", "UCL95", "LCL99", "UCL99"]


def cases(function: str) -> list[Any]:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["function"] == function]


def test_every_case_is_run() -> None:
    """Each function named in the file has a test below (so a case added to the file cannot be skipped)."""
    assert {c["function"] for c in CASES} == {
        "aggregate_func",
        "funnel_plot",
        "calculate_limits",
        "outliers_func",
        "build_limits_lookup",
    }
    assert len(CASES) == 11


def rounded(key: str) -> tuple[str, int]:
    """``"round(rr, 6)"`` → ``("rr", 6)``."""
    m = re.fullmatch(r"round\((\w+), (\d+)\)", key)
    assert m, key
    return m.group(1), int(m.group(2))


@pytest.mark.parametrize("case", cases("aggregate_func"))
def test_aggregate(case: dict[str, Any]) -> None:
    i, e = case["input"], case["expected"]
    got = aggregate(i["numerator"], i["denominator"], i["group"])
    assert got["group"].tolist() == e["group"]
    assert got["numerator"].tolist() == e["numerator"]
    assert got["denominator"].tolist() == e["denominator"]
    np.testing.assert_array_equal(np.round(got["rr"].to_numpy(), 6), e["round(rr, 6)"])


def _per_group(got: pd.DataFrame, expected: list[dict[str, Any]]) -> None:
    want = pd.DataFrame(expected)
    assert got["group"].tolist() == want["group"].tolist()
    np.testing.assert_allclose(got["rr"], want["rr"], rtol=1e-12)
    for col in LIMIT_COLUMNS:
        np.testing.assert_allclose(got[col], want[col], rtol=1e-9, err_msg=col)
    assert got["outlier"].tolist() == want["outlier"].tolist()


def _call(i: dict[str, Any], args: dict[str, Any]) -> Any:
    return sr_funnel(
        i["numerator"],
        i["denominator"],
        i["group"],
        data_type=args.get("data_type", "SR"),
        sr_method=args.get("sr_method", "SHMI"),
        trim_by=args.get("trim_by", 0.1),
        limit=args.get("limit", 99),
        draw_adjusted=args.get("draw_adjusted", True),
        draw_unadjusted=args.get("draw_unadjusted", False),
        multiplier=args.get("multiplier", 1),
    )


@pytest.mark.parametrize("case", cases("funnel_plot"))
def test_funnel_plot(case: dict[str, Any]) -> None:
    i, e, d = case["input"], case["expected"], case.get("derived_full_precision", {})
    a = _call(i, {})  # the R tests' default call
    if "round(phi, 6)" in e:
        assert round(a.phi, 6) == e["round(phi, 6)"]
        np.testing.assert_allclose(a.phi, d["phi"], rtol=1e-12)
        np.testing.assert_allclose(a.tau2, d["tau2"], rtol=1e-9)
        np.testing.assert_allclose(a.z, d["z_scores (sqrt(E) * log(O/E))"], rtol=1e-12)
        sp_key = next(k for k in d if k.startswith("truncation_group_sp"))
        kept = truncation_kept(a.z, 0.1)
        assert kept.sum() == d["n_used"] == a.overdispersion.k_used
        assert kept.tolist() == [0 < sp < 9 for sp in d[sp_key]]
        _per_group(a.per_group, d["per_group"])
    if "args_b" in i:
        b = _call(i, i["args_b"])
        assert bool(b.per_group["LCL95"].iloc[4] > a.per_group["OD95LCL"].iloc[4]) is e["b.LCL95[5] > a.OD95LCL[5]"]
        np.testing.assert_allclose(b.per_group["LCL95"].iloc[4], d["b.LCL95[5]"], rtol=1e-9)
        assert (b.phi, b.tau2) == (d["b.phi"], d["b.tau2"])
        _per_group(b.per_group, d["b.per_group"])
    if "args_c" in i:
        b = _call(i, {"draw_adjusted": False, "multiplier": 100, "limit": 95})
        c = _call(i, i["args_c"])
        assert bool(b.per_group["OD95LCL"].iloc[4] < c.per_group["OD95LCL"].iloc[4]) is e["b.OD95LCL[5] < c.OD95LCL[5]"]
        z_key = next(k for k in d if k.startswith("z_scores"))
        np.testing.assert_allclose(c.z, d[z_key], rtol=1e-12)
        lo, hi = np.quantile(c.z, [0.05, 0.95])
        np.testing.assert_allclose([lo, hi], d["winsorisation_bounds [q0.05, q0.95]"], rtol=1e-12)
        np.testing.assert_allclose(winsorise(c.z, 0.05), d["winsorised_z"], rtol=1e-12)
        np.testing.assert_allclose(c.phi, d["phi"], rtol=1e-12)
        np.testing.assert_allclose(c.tau2, d["tau2"], rtol=1e-9)
        np.testing.assert_allclose(c.per_group["OD95LCL"].iloc[4], d["c.OD95LCL[5]"], rtol=1e-9)
        _per_group(c.per_group, d["c.per_group"])
        # highlight = "a": the flag is the group's name compared with the highlighted one (FunnelPlotR's "1")
        highlight = np.where(c.per_group["group"] == i["args_c"]["highlight"], "1", "0")
        assert highlight[0] == e["c.highlight[1]"]


@pytest.mark.parametrize("case", cases("calculate_limits"))
def test_calculate_limits(case: dict[str, Any]) -> None:
    i, e, d = case["input"], case["expected"], case["derived_full_precision"]
    got = poisson_limits(i["number_seq"], target=i["target"], multiplier=i["multiplier"])
    for key, values in e.items():
        name, dp = rounded(key)
        np.testing.assert_array_equal(np.round(got[name], dp), values, err_msg=key)
        np.testing.assert_allclose(got[name], d[name], rtol=1e-9)


@pytest.mark.parametrize("case", cases("outliers_func"))
def test_outliers(case: dict[str, Any]) -> None:
    i, e = case["input"], case["expected"]
    table = pd.DataFrame(i["table"])
    got = outliers(
        table["rr"],
        table,
        limit=i["limit"],
        draw_adjusted=i["draw_adjusted"],
        draw_unadjusted=i["draw_unadjusted"],
        multiplier=i["multiplier"],
    )
    assert got.tolist() == e["outlier"]


@pytest.mark.parametrize("case", cases("build_limits_lookup"))
def test_build_limits_lookup(case: dict[str, Any]) -> None:
    e, d = case["expected"], case["derived_full_precision"]
    tables = [build_limits_lookup(**call) for call in case["input"]["calls"]]
    for t in tables:
        assert t.shape == (e["each call: number of rows"], e["each call: number of columns"])
    pr = next(t for t, c in zip(tables, case["input"]["calls"], strict=True) if c["data_type"] == "PR")
    cqc = next(t for t, c in zip(tables, case["input"]["calls"], strict=True) if c["sr_method"] == "CQC")
    assert bool(pr["ul95"].iloc[0] < 1) is e["PR call: ul95[1] < 1"]
    assert bool(pr["ll95"].iloc[0] > 0) is e["PR call: ll95[1] > 0"]
    assert bool(cqc["ll95"].iloc[0] < 100) is e["SR CQC call (multiplier 100): ll95[1] < 100"]
    assert bool(cqc["ul95"].iloc[0] > 100) is e["SR CQC call (multiplier 100): ul95[1] > 100"]
    pr_key = next(k for k in d if k.startswith("PR call"))
    cqc_key = next(k for k in d if k.startswith("SR CQC call"))
    np.testing.assert_allclose(pr[["number_seq", "ll95", "ul95"]].iloc[0], d[pr_key], rtol=1e-9)
    np.testing.assert_allclose(cqc[["number_seq", "ll95", "ul95"]].iloc[0], d[cqc_key], rtol=1e-9)
