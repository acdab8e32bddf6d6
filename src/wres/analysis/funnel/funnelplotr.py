"""FunnelPlotR's standardised-ratio, proportion and ratio-of-counts funnels, as far as needed to reproduce its test
expectations (methods.md §9.1; tests/reference/funnel/README.md; FunnelPlotR 0.6.0, MIT,
https://github.com/nhs-r-community/FunnelPlotR).

Data types (``R/od_adjustment.R``, ``R/calculate_limits.R``), x-axis value ``E`` (expected count for SR, the
denominator otherwise), ``z`` 95% / 99.8%:

* ``SR`` ``SHMI``: ``Y = ln(O/E)``, ``s = 1/√E``, z-scores truncated (not winsorised); limits ``exp(∓z√(1/E + τ²))``;
* ``SR`` ``CQC``: ``Y = √(O/E)``, ``s = 1/(2√E)``, winsorised; limits ``1 ∓ z√(1/(4E) + τ²)``;
* ``SR`` unadjusted: exact Poisson ``θ₀·χ²_{α/2}(2E)/(2E)``, ``θ₀·χ²_{1−α/2}(2E+2)/(2E)``;
* ``PR``: ``sin²(asin(√θ₀) ∓ z√(1/(4E) + τ²))``, target ``ΣO/ΣE``; ``RC``: ``exp(ln θ₀ ∓ z√(1/(4E) + τ²))``.

Limits are multiplied by ``multiplier``; z is FunnelPlotR's rounded 1.959964 / 3.090232
(:data:`Z_FUNNELPLOTR`). ``outlier`` is 0 when ``lower ≤ rr·multiplier ≤ upper`` (inclusive).
SciPy (chi-square quantiles) is imported inside the functions that need it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from wres.analysis.funnel.overdispersion import Overdispersion, Trimming, dispersion

__all__ = [
    "SrFunnel",
    "aggregate",
    "build_limits_lookup",
    "outliers",
    "poisson_limits",
    "sr_funnel",
]

DataType = Literal["SR", "PR", "RC"]
SrMethod = Literal["SHMI", "CQC"]
LIMIT_NAMES: Final = ("95", "99")  # FunnelPlotR's suffixes for the 95% and 99.8% limits
Z_FUNNELPLOTR: Final = {"95": 1.959964, "99": 3.090232}
"""FunnelPlotR's own rounded critical values (``R/calculate_limits.R``), used here only to reproduce its numbers;
wres's funnels (:mod:`wres.analysis.funnel.spiegelhalter`) compute z with :func:`wres.stats.z_for` (methods §0.2)."""


def aggregate(numerator: ArrayLike, denominator: ArrayLike, group: Sequence[object]) -> pd.DataFrame:
    """``aggregate_func``: numerator and denominator summed per group (in order of first appearance),
    ``rr = ΣO/ΣE``."""
    frame = pd.DataFrame({"group": list(group), "numerator": numerator, "denominator": denominator})
    out = frame.groupby("group", sort=True, as_index=False)[["numerator", "denominator"]].sum()
    out["rr"] = out["numerator"] / out["denominator"]
    return out


def poisson_limits(expected: ArrayLike, target: float = 1.0, multiplier: float = 1.0) -> dict[str, np.ndarray]:
    """Exact Poisson limits of a standardised ratio around ``target`` at expected counts ``E``
    (``calculate_limits``, SR unadjusted): keys ``ll95, ul95, ll998, ul998``.

    ``lower = θ₀·χ²_{α/2}(2E)/(2E)``, ``upper = θ₀·χ²_{1−α/2}(2E+2)/(2E)``; E need not be an integer.
    """
    from scipy.stats import chi2

    e = np.asarray(expected, dtype=np.float64)
    out: dict[str, np.ndarray] = {}
    for suffix, level in (("95", 0.95), ("998", 0.998)):
        alpha = 1.0 - level
        out[f"ll{suffix}"] = target * chi2.ppf(alpha / 2.0, 2.0 * e) / (2.0 * e) * multiplier
        out[f"ul{suffix}"] = target * chi2.ppf(1.0 - alpha / 2.0, 2.0 * e + 2.0) / (2.0 * e) * multiplier
    return out


def _adjusted(
    e: np.ndarray, tau2: float, data_type: DataType, sr_method: SrMethod, target: float, multiplier: float
) -> dict[str, np.ndarray]:
    """The overdispersed (``od``) limits at x values ``e``, keys ``ll95, ul95, ll99, ul99``."""
    out: dict[str, np.ndarray] = {}
    for suffix, z in Z_FUNNELPLOTR.items():
        if data_type == "SR" and sr_method == "SHMI":
            half = z * np.sqrt(1.0 / e + tau2)
            lo, hi = np.exp(-half), np.exp(half)
        elif data_type == "SR":
            half = z * np.sqrt(1.0 / (4.0 * e) + tau2)
            lo, hi = 1.0 - half, 1.0 + half
        elif data_type == "RC":
            half = z * np.sqrt(1.0 / (4.0 * e) + tau2)
            lo, hi = np.exp(np.log(target) - half), np.exp(np.log(target) + half)
        else:  # PR
            half = z * np.sqrt(1.0 / (4.0 * e) + tau2)
            angle = np.arcsin(np.sqrt(target))
            lo, hi = np.sin(angle - half) ** 2, np.sin(angle + half) ** 2
        out[f"ll{suffix}"], out[f"ul{suffix}"] = lo * multiplier, hi * multiplier
    return out


def _unadjusted(
    e: np.ndarray, data_type: DataType, sr_method: SrMethod, target: float, multiplier: float
) -> dict[str, np.ndarray]:
    if data_type == "SR":
        p = poisson_limits(e, target, multiplier)
        return {"ll95": p["ll95"], "ul95": p["ul95"], "ll99": p["ll998"], "ul99": p["ul998"]}
    return _adjusted(e, 0.0, data_type, sr_method, target, multiplier)


def _clip_proportion(limits: dict[str, np.ndarray], multiplier: float) -> dict[str, np.ndarray]:
    """PR: lower limits below 0 → 0, upper above ``multiplier`` → ``multiplier``; a lower limit above the next grid
    value's → 0 (an upper limit below the next → ``multiplier``), FunnelPlotR's guard against the arcsine fold."""
    out = {}
    for key, values in limits.items():
        v = values.copy()
        if key.startswith("ll"):
            v[v < 0] = 0.0
            fold = np.zeros(v.size, dtype=bool)
            fold[:-1] = v[:-1] > v[1:]
            v[fold] = 0.0
        else:
            v[v > multiplier] = multiplier
            fold = np.zeros(v.size, dtype=bool)
            fold[:-1] = v[:-1] < v[1:]
            v[fold] = multiplier
        out[key] = v
    return out


def build_limits_lookup(
    min_x: float,
    max_x: float,
    *,
    tau2: float,
    data_type: DataType = "SR",
    sr_method: SrMethod = "SHMI",
    multiplier: float = 1.0,
    target: float = 1.0,
    draw_adjusted: bool = True,
    min_y: float | None = None,
    max_y: float | None = None,
) -> pd.DataFrame:
    """The limits on 1000 equally spaced x values from 1.1 (SR) or 3 to ``max_x`` (``build_limits_lookup``):
    columns ``number_seq, s, odll95, odul95, odll99, odul99, ll95, ul95, ll99, ul99``.

    ``min_x``, ``min_y`` and ``max_y`` are accepted for the signature's sake (FunnelPlotR uses them for the plot's
    axes, not the grid).
    """
    del min_x, min_y, max_y
    start = 1.1 if data_type == "SR" else 3.0
    x = np.linspace(start, max_x, 1000)
    s = 1.0 / np.sqrt(x) if (data_type == "SR" and sr_method == "SHMI") else 1.0 / (2.0 * np.sqrt(x))
    od = _adjusted(x, tau2 if draw_adjusted else 0.0, data_type, sr_method, target, multiplier)
    un = _unadjusted(x, data_type, sr_method, target, multiplier)
    if data_type == "PR":
        od, un = _clip_proportion(od, multiplier), _clip_proportion(un, multiplier)
    frame = pd.DataFrame({"number_seq": x, "s": s})
    for key, values in od.items():
        frame[f"od{key}"] = values
    for key, values in un.items():
        frame[key] = values
    return frame


def outliers(
    rr: ArrayLike,
    limits: pd.DataFrame,
    *,
    limit: int = 99,
    draw_adjusted: bool = True,
    draw_unadjusted: bool = False,
    multiplier: float = 1.0,
) -> np.ndarray:
    """``outliers_func``: 0 if ``lower ≤ rr·multiplier ≤ upper`` (inclusive), else 1, against the ``limit`` (95 or
    99) limits of the adjusted set (``OD95LCL`` …) when ``draw_adjusted``, else the unadjusted set (``LCL95`` …);
    all 0 when neither set is drawn."""
    r = np.asarray(rr, dtype=np.float64) * multiplier
    if limit not in (95, 99):
        raise ValueError(f"limit must be 95 or 99, got {limit!r}")
    if draw_adjusted:
        lo, hi = limits[f"OD{limit}LCL"], limits[f"OD{limit}UCL"]
    elif draw_unadjusted:
        lo, hi = limits[f"LCL{limit}"], limits[f"UCL{limit}"]
    else:
        return np.zeros(r.size, dtype=np.int64)
    inside = (np.asarray(lo, dtype=np.float64) <= r) & (r <= np.asarray(hi, dtype=np.float64))
    return np.where(inside, 0, 1).astype(np.int64)


@dataclass(frozen=True)
class SrFunnel:
    """A FunnelPlotR funnel: z-scores, overdispersion (φ, τ² as FunnelPlotR reports them) and the per-unit table
    (``group, numerator, denominator, rr, OD95LCL … UCL99, outlier``)."""

    z: np.ndarray
    overdispersion: Overdispersion
    phi: float
    tau2: float
    per_group: pd.DataFrame


def sr_funnel(
    numerator: ArrayLike,
    denominator: ArrayLike,
    group: Sequence[object],
    *,
    data_type: DataType = "SR",
    sr_method: SrMethod = "SHMI",
    trim_by: float = 0.1,
    limit: int = 99,
    draw_adjusted: bool = True,
    draw_unadjusted: bool = False,
    multiplier: float = 1.0,
    shmi_rounding: bool = True,
) -> SrFunnel:
    """``funnel_plot``'s numbers: aggregate by group, transform, trim, φ and τ², limits at each unit's x, outliers.

    SR/SHMI rounds E to 2 decimals (``SHMI_rounding``) and truncates; the others winsorise. If ``draw_adjusted`` is
    False, φ and τ² are reported as 0 and outliers use the unadjusted limits (FunnelPlotR draws them when the
    adjusted set is not drawn); if it is True but ``φ ≤ 1``, outliers also use the unadjusted limits.
    """
    agg = aggregate(numerator, denominator, group)
    o = agg["numerator"].to_numpy(dtype=np.float64)
    e = agg["denominator"].to_numpy(dtype=np.float64)
    if data_type == "SR" and sr_method == "SHMI" and shmi_rounding:
        e = np.round(e, 2)
        agg["denominator"] = e
        agg["rr"] = o / e
    if data_type == "SR":
        target = 1.0
        if sr_method == "SHMI":
            y, s, y0 = np.log(o / e), 1.0 / np.sqrt(e), 0.0
        else:
            y, s, y0 = np.sqrt(o / e), 1.0 / (2.0 * np.sqrt(e)), 1.0
    elif data_type == "PR":
        target = float(o.sum() / e.sum())
        y, s, y0 = np.arcsin(np.sqrt(o / e)), 1.0 / (2.0 * np.sqrt(e)), float(np.arcsin(np.sqrt(target)))
    else:
        target = float(o.sum() / e.sum())
        y = np.log((o + 0.5) / (e + 0.5))
        s = np.sqrt(o / (o + 0.5) ** 2 + e / (e + 0.5) ** 2)
        y0 = float(np.log(target))
    trimming: Trimming = "truncate" if (data_type == "SR" and sr_method == "SHMI") else "winsorise"
    od = dispersion(y, s, y0, trim=trim_by, trimming=trimming)
    phi, tau2 = (od.phi, od.tau2) if draw_adjusted else (0.0, 0.0)
    adjusted = _adjusted(e, tau2, data_type, sr_method, target, multiplier)
    unadjusted = _unadjusted(e, data_type, sr_method, target, multiplier)
    table = agg.copy()
    for suffix in LIMIT_NAMES:
        table[f"OD{suffix}LCL"] = adjusted[f"ll{suffix}"]
        table[f"OD{suffix}UCL"] = adjusted[f"ul{suffix}"]
    for suffix in LIMIT_NAMES:
        table[f"LCL{suffix}"] = unadjusted[f"ll{suffix}"]
        table[f"UCL{suffix}"] = unadjusted[f"ul{suffix}"]
    use_adjusted = draw_adjusted and phi > 1.0
    use_unadjusted = draw_unadjusted or not use_adjusted  # neither drawn: FunnelPlotR draws the unadjusted set
    table["outlier"] = outliers(
        table["rr"],
        table,
        limit=limit,
        draw_adjusted=use_adjusted,
        draw_unadjusted=use_unadjusted,
        multiplier=multiplier,
    )
    return SrFunnel(z=(y - y0) / s, overdispersion=od, phi=phi, tau2=tau2, per_group=table)
