"""Overdispersion of a funnel: winsorised (or truncated) z-scores, the dispersion ratio φ and the
DerSimonian–Laird-type additive variance τ² (methods.md §9.5).

Spiegelhalter DJ (2005) *Funnel plots for comparing institutional performance*, Stat Med 24:1185–1202,
https://doi.org/10.1002/sim.1970, §6; implementation reference FunnelPlotR 0.6.0 (``R/od_adjustment.R``:
``winsorisation``, ``truncation``, ``phi_func``, ``tau_func``), whose test expectations the tests reproduce::

    z_i = (Y_i − θ) / s_i
    z_w = clip(z, q_trim, q_(1−trim))          (quantile type 7 = numpy's default "linear")
    φ   = (1/k) Σ z_w²
    τ²  = max(0, (k·φ − (k − 1)) / (Σw − Σw²/Σw)),  w = 1/s²,   if k·φ > k − 1;  else τ² = 0

``scipy.stats.mstats.winsorize`` is rank-based and does not match; the quantiles here are numpy's.

Without winsorisation and with θ the inverse-variance weighted mean, τ² is the DerSimonian–Laird estimate
(``statsmodels.stats.meta_analysis.combine_effects(..., method_re="dl")``; a test shows it).

Fewer than :data:`MIN_UNITS` units: overdispersion is not estimated (φ NaN, τ² = 0, ``reason``
``too_few_units``): with one unit the DL denominator is 0 and with two the 10% quantiles are the units
themselves.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "MIN_UNITS",
    "Overdispersion",
    "dispersion",
    "tau_squared",
    "truncation_kept",
    "winsorise",
]

MIN_UNITS: Final = 3
"""The fewest units from which φ and τ² are estimated."""

Trimming = Literal["winsorise", "truncate", "none"]


class Overdispersion(NamedTuple):
    """φ, τ², the number of units k, those that entered φ (all unless truncated), the trim and its method."""

    phi: float
    tau2: float
    k: int
    k_used: int
    trim: float
    trimming: str
    reason: str | None = None


def winsorise(z: ArrayLike, trim: float = 0.1) -> np.ndarray:
    """``z`` clipped to its ``trim`` and ``1 − trim`` quantiles (R ``quantile`` type 7, numpy's default).

    ``trim`` in [0, 0.5); 0 returns ``z`` unchanged. All units are kept.
    """
    zf = np.asarray(z, dtype=np.float64)
    if not 0.0 <= trim < 0.5:
        raise ValueError(f"trim must lie in [0, 0.5), got {trim!r}")
    if trim == 0.0 or zf.size == 0:
        return zf.copy()
    lo, hi = np.quantile(zf, [trim, 1.0 - trim])
    return np.clip(zf, lo, hi)


def truncation_kept(z: ArrayLike, trim: float = 0.1) -> np.ndarray:
    """Which units a SHMI-style truncation keeps (FunnelPlotR ``truncation``, NHS Digital SHMI method).

    With ``K = 1/trim``, ``rank`` the average rank of z (ties averaged) and ``sp = ⌊rank·K/(k + 1)⌋``, a unit is
    kept if ``0 < sp < K − 1``: the most extreme ≈ ``trim`` of units on each side are dropped.
    """
    zf = np.asarray(z, dtype=np.float64)
    if not 0.0 < trim < 0.5:
        raise ValueError(f"trim must lie in (0, 0.5) for truncation, got {trim!r}")
    order = np.argsort(zf, kind="stable")
    ranks = np.empty(zf.size, dtype=np.float64)
    ranks[order] = np.arange(1, zf.size + 1, dtype=np.float64)
    for value in np.unique(zf):  # average ranks of ties
        same = zf == value
        if same.sum() > 1:
            ranks[same] = ranks[same].mean()
    big_k = 1.0 / trim
    sp = np.floor(ranks * big_k / (zf.size + 1))
    kept: np.ndarray = (sp > 0) & (sp < big_k - 1)
    return kept


def tau_squared(phi: float, s: ArrayLike) -> float:
    """``τ² = max(0, (k·φ − (k − 1)) / (Σw − Σw²/Σw))``, ``w = 1/s²``, when ``k·φ > k − 1``, else 0 (§9.5 step 4)."""
    sf = np.asarray(s, dtype=np.float64)
    k = sf.size
    if k < 2 or not k * phi > k - 1:
        return 0.0
    w = 1.0 / sf**2
    denominator = float(w.sum() - (w**2).sum() / w.sum())
    if denominator <= 0.0:
        return 0.0
    return max(0.0, (k * phi - (k - 1)) / denominator)


def dispersion(
    y: ArrayLike, s: ArrayLike, theta: float, *, trim: float = 0.1, trimming: Trimming = "winsorise"
) -> Overdispersion:
    """φ and τ² of units with transformed values ``y``, standard errors ``s`` and target ``θ`` (§9.5).

    ``trimming``: ``"winsorise"`` (default, §9.5), ``"truncate"`` (FunnelPlotR's SHMI standardised ratios: only
    kept units enter φ and τ²) or ``"none"``. Units with a missing ``y`` or ``s`` are left out.
    """
    yf = np.asarray(y, dtype=np.float64)
    sf = np.asarray(s, dtype=np.float64)
    ok = np.isfinite(yf) & np.isfinite(sf) & (sf > 0)
    yf, sf = yf[ok], sf[ok]
    k = int(yf.size)
    if k < MIN_UNITS:
        return Overdispersion(float("nan"), 0.0, k, k, trim, trimming, "too_few_units")
    z = (yf - theta) / sf
    if trimming == "winsorise":
        zw, s_used = winsorise(z, trim), sf
    elif trimming == "truncate":
        kept = truncation_kept(z, trim)
        zw, s_used = z[kept], sf[kept]
    elif trimming == "none":
        zw, s_used = z, sf
    else:
        raise ValueError(f"unknown trimming {trimming!r}")
    used = int(zw.size)
    if used < MIN_UNITS:
        return Overdispersion(float("nan"), 0.0, k, used, trim, trimming, "too_few_units")
    phi = float(np.mean(zw**2))
    return Overdispersion(phi, tau_squared(phi, s_used), k, used, trim, trimming)
