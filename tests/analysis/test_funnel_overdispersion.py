"""Overdispersion (methods.md §9.5): the DerSimonian–Laird cross-check against statsmodels and the boundary cases,
each against a hand computation."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.meta_analysis import combine_effects

from wres.analysis.funnel.overdispersion import MIN_UNITS, dispersion, tau_squared, winsorise


def test_tau2_equals_statsmodels_dersimonian_laird() -> None:
    """No winsorisation and θ the inverse-variance weighted mean: τ² is combine_effects(method_re="dl")'s."""
    rng = np.random.default_rng(5)
    y = rng.normal(0.2, 0.3, 40)
    s = rng.uniform(0.05, 0.4, 40)
    w = 1 / s**2
    theta = float(np.sum(w * y) / np.sum(w))
    od = dispersion(y, s, theta, trimming="none")
    dl = combine_effects(y, s**2, method_re="dl")
    assert od.tau2 > 0
    np.testing.assert_allclose(od.tau2, dl.tau2, rtol=1e-10)


def test_winsorising_changes_tau2_from_dl() -> None:
    """With an extreme unit, the winsorised φ is smaller than the raw one (the clip bites)."""
    y = np.array([0.0, 0.1, -0.1, 0.05, -0.05, 0.02, -0.02, 0.08, -0.08, 3.0])
    s = np.full(10, 0.1)
    raw = dispersion(y, s, 0.0, trimming="none")
    wins = dispersion(y, s, 0.0)
    assert wins.phi < raw.phi
    # hand: z = y/0.1 sorted ends ..., 0.8, 1, 30; the 90% quantile (type 7, h = 9·0.9 = 8.1) is 1 + 0.1·(30 − 1)
    z = y / 0.1
    lo, hi = np.quantile(z, [0.1, 0.9])
    assert hi == pytest.approx(1 + 0.1 * (30 - 1))
    assert wins.phi == pytest.approx(np.mean(np.clip(z, lo, hi) ** 2))


def test_winsorise_is_not_rank_based() -> None:
    """numpy's linear quantiles, not scipy.stats.mstats.winsorize's order statistics: 10 values 1..10 at 10% clip
    to 1.9 and 9.1."""
    got = winsorise(np.arange(1.0, 11.0), 0.1)
    assert got[0] == pytest.approx(1.9)
    assert got[-1] == pytest.approx(9.1)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_fewer_than_three_units_estimate_nothing(k: int) -> None:
    od = dispersion(np.linspace(-3, 3, k), np.full(k, 0.1), 0.0)
    assert MIN_UNITS == 3
    assert od.tau2 == 0.0
    assert np.isnan(od.phi)
    assert od.reason == "too_few_units"
    assert od.k == k


def test_all_standard_errors_equal() -> None:
    """Equal s: Σw − Σw²/Σw = (k − 1)·w, so τ² = (kφ − (k − 1)) / ((k − 1)/s²)."""
    y = np.array([-0.3, -0.1, 0.0, 0.2, 0.4])
    s = np.full(5, 0.1)
    od = dispersion(y, s, 0.0, trimming="none")
    phi = float(np.mean((y / 0.1) ** 2))
    assert od.phi == pytest.approx(phi)
    assert od.tau2 == pytest.approx((5 * phi - 4) / (4 / 0.01))


def test_tau2_zero_when_phi_at_or_below_threshold() -> None:
    s = np.array([0.1, 0.2, 0.3, 0.4])
    assert tau_squared(3 / 4, s) == 0.0  # k·φ = k − 1 exactly
    assert tau_squared(0.5, s) == 0.0
    assert tau_squared(3 / 4 + 0.01, s) > 0.0
    # a funnel whose units sit on the target: φ = 0, τ² = 0
    assert dispersion(np.zeros(5), np.full(5, 0.1), 0.0).tau2 == 0.0
