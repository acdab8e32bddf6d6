"""The PHE / Fingertips funnel variant (methods.md §9.4): no overdispersion; proportions by inverting the Wilson
interval around the average proportion, ratios by exact Poisson limits (PHEindicatormethods 2.1.0
``calculate_funnel_limits`` and ``assign_funnel_significance``, https://github.com/ukhsa-collaboration/PHEindicatormethods;
the method as documented in tests/reference/phe/README.md, which the tests reproduce from the package's own test
data). Offered as ``funnel.method = "phe"``.

Proportion limits at population ``n`` and ``p ∈ {0.975, 0.999}``, ``z = Φ⁻¹(p)``, ``P = Σx/Σn``::

    A = P·(n/z² + 1)
    D = √( (8·P·(n/z² + 1))² − 64·(1/z² + 1/n)·P·( n·(P·(n/z² + 2) − 1) + z²·(P − 1) ) )
    B = 1/z² + 1/n
    low, high = (A ∓ D/8) / B / n          (the proportion whose Wilson interval at n has a bound at P)

Ratio limits at observed count ``O``: the Poisson means μ with ``P(X ≥ O | μ) = p`` and ``P(X ≤ O | μ) = p``, found by
PHE's fixed bisection (23 halvings of ``v`` with ``μ = (1 + O)·v/(1 − v)``); the limits are ``O/μ``.

SciPy (normal and Poisson distribution functions, chi-square quantiles) is imported inside the functions.
"""

from __future__ import annotations

import math
from typing import Final, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = [
    "PROBABILITIES",
    "axis_grid",
    "proportion_funnel_limits",
    "proportion_significance",
    "ratio_funnel_limits",
    "ratio_significance",
    "wilson_inverted",
]

PROBABILITIES: Final = {"2s": (0.975, 0.025), "3s": (0.999, 0.001)}
"""PHE's names for the 95% (``2s``) and 99.8% (``3s``) limits: the normal probability and the Poisson tail."""


def _r_nchar(value: float) -> int:
    """Length of R's ``as.character`` of a whole number: scientific notation when strictly shorter
    (``100000`` → ``"1e+05"``, 5 characters; ``31000`` → ``"31000"``)."""
    v = int(value)
    fixed = str(v)
    if v == 0:
        return 1
    mantissa = f"{abs(v):.15e}".split("e")[0].rstrip("0").rstrip(".")
    exponent = math.floor(math.log10(abs(v)))
    sci = f"{'-' if v < 0 else ''}{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
    return len(sci) if len(sci) < len(fixed) else len(fixed)


def _signif_floor(v: float) -> float:
    if v == 0:
        return 0.0
    base = math.floor(0.95 * v)
    k = _r_nchar(base) - 1
    return float(math.floor(0.95 * v / 10**k) * 10**k)


def _signif_ceiling(v: float) -> float:
    if v == 0:
        return 0.0
    base = math.ceil(1.05 * v)
    k = _r_nchar(base) - 2
    return float(math.ceil(1.05 * v / 10**k) * 10**k)


def axis_grid(den: ArrayLike, kind: Literal["proportion", "ratio"] = "proportion") -> np.ndarray:
    """PHE's 100-value axis from the denominators (proportion) or expected values (ratio).

    Axis minimum 0 if ``max > 2·min`` else ``signif_floor(min)``; maximum ``signif_ceiling(max)``; ``g₁ = max(1,
    min)``, ``g_j = max(round((max/g_{j−1})^(1/(101 − o))·g_{j−1}), g_{j−1} + 1)``, ``o = j`` (proportion) or
    ``j − 1`` (ratio), round half to even.
    """
    d = np.asarray(den, dtype=np.float64)
    d = d[~np.isnan(d)]
    lo, hi = float(d.min()), float(d.max())
    axis_min = 0.0 if hi > 2 * lo else _signif_floor(lo)
    axis_max = _signif_ceiling(hi)
    grid = [max(1.0, axis_min)]
    for j in range(2, 101):
        o = j if kind == "proportion" else j - 1
        step = (axis_max / grid[-1]) ** (1.0 / (101 - o)) * grid[-1]
        grid.append(max(float(round(step)), grid[-1] + 1.0))
    return np.array(grid)


def wilson_inverted(n: ArrayLike, average: float, probability: float) -> tuple[np.ndarray, np.ndarray]:
    """The proportions whose Wilson interval at ``n`` has a bound exactly at ``average`` (uncapped, multiplier 1)."""
    from scipy.stats import norm

    nf = np.asarray(n, dtype=np.float64)
    z = float(norm.ppf(probability))
    p = average
    a = p * (nf / z**2 + 1.0)
    d = np.sqrt(
        (8.0 * p * (nf / z**2 + 1.0)) ** 2
        - 64.0 * (1.0 / z**2 + 1.0 / nf) * p * (nf * (p * (nf / z**2 + 2.0) - 1.0) + z**2 * (p - 1.0))
    )
    b = 1.0 / z**2 + 1.0 / nf
    return (a - d / 8.0) / b / nf, (a + d / 8.0) / b / nf


def proportion_funnel_limits(
    numerator: ArrayLike, denominator: ArrayLike, *, multiplier: float = 100.0, grid: ArrayLike | None = None
) -> pd.DataFrame:
    """Proportion funnel limits on PHE's axis: columns ``population, lower_2s, upper_2s, lower_3s, upper_3s,
    baseline`` (lower limits floored at 0, upper capped at 100 whatever the multiplier, as PHE does)."""
    x = np.asarray(numerator, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    average = float(np.nansum(x) / np.nansum(n))
    population = axis_grid(n, "proportion") if grid is None else np.asarray(grid, dtype=np.float64)
    out = pd.DataFrame({"population": population})
    for name, (probability, _) in PROBABILITIES.items():
        low, high = wilson_inverted(population, average, probability)
        out[f"lower_{name}"] = np.maximum(0.0, low * multiplier)
        out[f"upper_{name}"] = np.minimum(100.0, high * multiplier)
    out["baseline"] = average * multiplier
    return out


def proportion_significance(numerator: ArrayLike, denominator: ArrayLike) -> np.ndarray:
    """``assign_funnel_significance(statistic = "proportion")``: ``Low (0.001)``, ``Low (0.025)``, ``High (0.001)``,
    ``High (0.025)`` or ``Not significant``, comparing ``x/n`` with the uncapped limits at its own ``n``."""
    x = np.asarray(numerator, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    average = float(np.nansum(x) / np.nansum(n))
    p = x / n
    low3, high3 = wilson_inverted(n, average, 0.999)
    low2, high2 = wilson_inverted(n, average, 0.975)
    return np.select(
        [p < low3, p < low2, p > high3, p > high2],
        ["Low (0.001)", "Low (0.025)", "High (0.001)", "High (0.025)"],
        default="Not significant",
    ).astype(object)


def _poisson_probability(mu: float, low: float, high: float) -> float:
    """``P(low ≤ X ≤ high | μ)`` as PHE sums it: terms ``t_0 = 1, t_k = t_{k−1}·μ/k`` while ``k ≤ μ`` or
    ``t_k > 1e-10·Σ_{j≤k} t_j``, the part in range over the total. The truncated tail (about 1e-10) decides a few
    bisection steps differently from an exact CDF, so the stored limits follow this sum (the terms are formed in
    logs here, which changes nothing but rounding)."""
    if mu <= 0.0:
        return 1.0 if low <= 0.0 <= high else 0.0
    size = int(mu + 40.0 * math.sqrt(mu) + 60.0)
    k = np.arange(size, dtype=np.float64)
    log_terms = np.concatenate([[0.0], np.cumsum(np.log(mu / k[1:]))])
    terms = np.exp(log_terms - log_terms.max())
    totals = np.cumsum(terms)
    stop = np.flatnonzero((k > mu) & (terms <= 1e-10 * totals))
    last = int(stop[0]) if stop.size else size - 1
    kept = terms[: last + 1]
    ks = k[: last + 1]
    return float(kept[(ks >= low) & (ks <= high)].sum() / kept.sum())


def _poisson_mean(observed: float, p: float, side: Literal["low", "high"]) -> float:
    """PHE's bisection for the Poisson mean μ: ``low`` → ``P(X ≥ O | μ) = p``, ``high`` → ``P(X ≤ O | μ) = p``."""
    v, dv = 0.5, 0.5
    while dv > 1e-7:
        dv /= 2.0
        mu = (1.0 + observed) * v / (1.0 - v)
        if side == "low":
            v = v - dv if _poisson_probability(mu, observed, math.inf) > p else v + dv
        else:
            v = v - dv if _poisson_probability(mu, 0.0, observed) < p else v + dv
    return (1.0 + observed) * v / (1.0 - v)


def ratio_funnel_limits(observed: ArrayLike, expected: ArrayLike, *, grid: ArrayLike | None = None) -> pd.DataFrame:
    """Ratio funnel limits on PHE's axis of observed events: for each ``O`` and tail ``p`` (2s: 0.025, 3s: 0.001),
    ``lower_exp_events = F_high(O, p)``, ``lower = O / lower_exp_events``, ``upper_exp_events = F_low(O, p)``,
    ``upper = O / upper_exp_events``; columns ``observed_events``, then per level ``lower_<l>_exp_events,
    lower_<l>_count (ratio − 1), lower_<l>_isr (ratio × 100)``, and the same for ``upper``."""
    e = np.asarray(expected, dtype=np.float64)
    events = axis_grid(e, "ratio") if grid is None else np.asarray(grid, dtype=np.float64)
    out = pd.DataFrame({"observed_events": events})
    for name, (_, tail) in PROBABILITIES.items():
        for bound, side in (("lower", "high"), ("upper", "low")):
            mu = np.array([_poisson_mean(float(o), tail, side) for o in events])  # type: ignore[arg-type]
            ratio = events / mu
            out[f"{bound}_{name}_exp_events"] = mu
            out[f"{bound}_{name}_count"] = ratio - 1.0
            out[f"{bound}_{name}_isr"] = ratio * 100.0
    order = ["observed_events"] + [
        f"{bound}_{name}_{what}"
        for name in PROBABILITIES
        for bound in ("lower", "upper")
        for what in ("exp_events", "count", "isr")
    ]
    return out[order]


def _byars(x: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))) ** 3
    upper = (x + 1.0) * (1.0 - 1.0 / (9.0 * (x + 1.0)) + z / (3.0 * np.sqrt(x + 1.0))) ** 3
    return lower, upper


def _ratio_bound(observed: np.ndarray, expected: np.ndarray, q: float, side: Literal["low", "high"]) -> np.ndarray:
    """PHE's ``S(O, E, q, side)``: exact Poisson for ``O < 10``, Byar's otherwise, divided by ``E``."""
    from scipy.stats import chi2, norm

    o = observed
    with np.errstate(divide="ignore", invalid="ignore"):
        if side == "low":
            exact = np.where(o == 0, 0.0, chi2.ppf((1.0 - q) / 2.0, 2.0 * o) / 2.0)
            byars = _byars(o, float(norm.ppf(0.5 + q / 2.0)))[0]
        else:
            exact = chi2.ppf((1.0 + q) / 2.0, 2.0 * o + 2.0) / 2.0
            byars = _byars(o, float(norm.ppf(0.5 + q / 2.0)))[1]
        result: np.ndarray = np.where(o < 10, exact, byars) / expected
    return result


def ratio_significance(observed: ArrayLike, expected: ArrayLike) -> np.ndarray:
    """``assign_funnel_significance(statistic = "ratio")``: the interval of ``O/E`` (exact Poisson below 10 events,
    Byar's from 10) against 1, at 99.8% then 95%."""
    o = np.asarray(observed, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.select(
            [
                _ratio_bound(o, e, 0.998, "low") > 1.0,
                _ratio_bound(o, e, 0.95, "low") > 1.0,
                _ratio_bound(o, e, 0.998, "high") < 1.0,
                _ratio_bound(o, e, 0.95, "high") < 1.0,
            ],
            ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"],
            default="Not significant",
        ).astype(object)
