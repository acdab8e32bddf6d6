"""wres's own funnels (methods.md §9.2, §9.3, §9.6): limits against the formulas worked by hand, labels on and off
the limits, polarity, parity versus England centres, the tidy limits table, and ranks with uncertainty."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wres.analysis.funnel import funnel_labels, polarise, proportion_funnel, rank_intervals, ratio_funnel
from wres.analysis.funnel.spiegelhalter import LIMIT_COLUMNS

Z95, Z998 = 1.959963984540054, 3.090232306167813  # Φ⁻¹(0.975), Φ⁻¹(0.999) to double precision


def test_proportion_limits_by_hand() -> None:
    x = np.array([30, 45, 80, 120, 10])
    n = np.array([100, 200, 300, 400, 90])
    f = proportion_funnel(x, n, units=list("abcde"), overdispersion=False)
    p0 = x.sum() / n.sum()
    assert f.centre == pytest.approx(p0)
    theta = math.asin(math.sqrt(p0))
    row = f.points.set_index("unit").loc["c"]
    assert row["lower95"] == pytest.approx(math.sin(theta - Z95 / (2 * math.sqrt(300))) ** 2, rel=1e-12)
    assert row["upper998"] == pytest.approx(math.sin(theta + Z998 / (2 * math.sqrt(300))) ** 2, rel=1e-12)
    assert row["z"] == pytest.approx((math.asin(math.sqrt(80 / 300)) - theta) * 2 * math.sqrt(300))
    assert list(f.limits.columns) == LIMIT_COLUMNS
    assert set(f.limits["level"]) == {0.95, 0.998}
    assert (f.limits["lower"] <= f.limits["upper"]).all()


def test_proportion_limits_clipped_to_unit_interval() -> None:
    f = proportion_funnel([0, 1, 2, 5], [2, 3, 4, 6], overdispersion=False)
    assert (f.limits["lower"] >= 0).all()
    assert (f.limits["upper"] <= 1).all()
    assert (f.limits["lower"] == 0).any()


def test_overdispersion_widens_limits() -> None:
    rng = np.random.default_rng(3)
    n = rng.integers(200, 3000, 60)
    p = np.clip(rng.normal(0.2, 0.06, 60), 0.01, 0.99)  # far more spread than binomial
    x = np.round(p * n)
    plain = proportion_funnel(x, n, overdispersion=False)
    od = proportion_funnel(x, n)
    assert od.overdispersion.tau2 > 0
    assert od.overdispersion.phi > 1
    assert (od.points["upper95"] > plain.points["upper95"]).all()
    assert (od.points["label"] != "within_95").sum() < (plain.points["label"] != "within_95").sum()
    assert od.method == "spiegelhalter-od"
    assert od.limits["tau2"].iloc[0] == od.overdispersion.tau2


def test_ratio_funnel_by_hand() -> None:
    a, n1 = np.array([375, 1200, 60, 90]), np.array([1500, 3000, 400, 500])
    c, n2 = np.array([160, 250, 50, 70]), np.array([1000, 800, 400, 600])
    f = ratio_funnel(a, n1, c, n2, units=list("wxyz"), overdispersion=False)
    pooled = (a.sum() / n1.sum()) / (c.sum() / n2.sum())
    assert f.centre == pytest.approx(pooled)
    assert f.centre_label == "pooled ratio"
    se = math.sqrt(1 / 375 - 1 / 1500 + 1 / 160 - 1 / 1000)
    w = f.points.set_index("unit").loc["w"]
    assert w["value"] == pytest.approx(1.5625)
    assert w["x"] == pytest.approx(1 / se)
    assert w["upper95"] == pytest.approx(math.exp(math.log(pooled) + Z95 * se), rel=1e-12)
    assert w["lower998"] == pytest.approx(math.exp(math.log(pooled) - Z998 * se), rel=1e-12)


def test_ratio_funnel_parity_never_estimates_overdispersion() -> None:
    a, n1 = np.array([375, 1200, 60, 90, 30]), np.array([1500, 3000, 400, 500, 900])
    c, n2 = np.array([160, 250, 50, 70, 100]), np.array([1000, 800, 400, 600, 950])
    parity = ratio_funnel(a, n1, c, n2, centre="parity")
    assert parity.theta == 0.0
    assert parity.overdispersion.tau2 == 0.0
    assert parity.overdispersion.reason == "parity"
    england = ratio_funnel(a, n1, c, n2)
    assert england.overdispersion.tau2 > 0
    given = ratio_funnel(a, n1, c, n2, centre=1.25, overdispersion=False)
    assert given.centre == pytest.approx(1.25)
    assert given.centre_label == "benchmark ratio"


def test_ratio_funnel_zero_cell_is_corrected_and_flagged() -> None:
    f = ratio_funnel(
        [0, 20, 30, 25], [150, 200, 300, 250], [12, 10, 20, 15], [2400, 200, 300, 250], overdispersion=False
    )
    row = f.points.iloc[0]
    assert bool(row["zero_corrected"])
    assert not f.points["zero_corrected"].iloc[1:].any()
    assert row["value"] == pytest.approx((0.5 / 151) / (12.5 / 2401))  # methods §2.3: corrected ratio 0.636…


def test_unit_exactly_on_a_limit_is_inside() -> None:
    labels = funnel_labels([1.1, 0.9, 1.41, 0.59, 1.1000001, 0.5], 0.9, 1.1, 0.59, 1.41)
    assert labels.tolist() == ["within_95", "within_95", "high_95", "low_95", "high_95", "low_998"]
    assert funnel_labels([2.0, np.nan], 0.9, 1.1, 0.59, 1.41).tolist() == ["high_998", "not_computed"]


def test_polarity_maps_high_and_low() -> None:
    labels = ["high_998", "high_95", "within_95", "low_95", "low_998", "not_computed"]
    assert polarise(labels, "lower").tolist() == [
        "worse_998",
        "worse_95",
        "within_95",
        "better_95",
        "better_998",
        "not_computed",
    ]
    assert polarise(labels, "higher").tolist()[:2] == ["better_998", "better_95"]
    assert polarise(labels, None).tolist() == labels
    with pytest.raises(ValueError, match="polarity"):
        polarise(labels, "up")


def test_ratio_funnel_judgement_uses_polarity() -> None:
    a, n1 = np.array([300, 100, 100, 100, 100]), np.array([1000] * 5)
    c, n2 = np.array([100] * 5), np.array([1000] * 5)
    f = ratio_funnel(a, n1, c, n2, units=list("abcde"), centre="parity")
    assert f.points.set_index("unit").loc["a", "judgement"] == "worse_998"  # ratio 3 ≫ 1, lower is better


def test_rank_far_above_others_is_first_with_narrow_interval() -> None:
    y = np.array([5.0, 0.0, 0.1, -0.1, 0.05, -0.05])
    s = np.full(6, 0.1)
    r = rank_intervals(y, s, units=list("abcdef"), seed=1).set_index("unit")
    assert r.loc["a", "rank"] == 1
    assert r.loc["a", "rank_low"] == 1
    assert r.loc["a", "rank_high"] == 1


def test_identical_units_share_wide_intervals() -> None:
    r = rank_intervals(np.zeros(10), np.full(10, 0.2), seed=2)
    assert (r["rank_low"] <= 2).all()
    assert (r["rank_high"] >= 9).all()
    again = rank_intervals(np.zeros(10), np.full(10, 0.2), seed=2)
    pd.testing.assert_frame_equal(r, again)  # seeded: the same intervals every time
