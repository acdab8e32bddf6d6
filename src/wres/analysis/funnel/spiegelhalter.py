"""Spiegelhalter funnels with overdispersion for proportions and for log relative likelihoods (methods.md §9.1–9.3,
§9.5, §9.6).

Each unit i has a transformed value ``Y_i``, a standard error ``s_i`` under the target and a target ``θ``; the limits
are ``θ ± z_α·√(s² + τ²)`` on the transformed scale, back-transformed, at 95% and 99.8% (Spiegelhalter 2005, Stat
Med 24:1185–1202, https://doi.org/10.1002/sim.1970; FunnelPlotR, https://github.com/nhs-r-community/FunnelPlotR):

* proportion (§9.2): ``Y = asin(√(x/n))``, ``s = 1/(2√n)``, ``θ = asin(√(Σx/Σn))`` (or a given benchmark share),
  ``limits(n) = sin²(θ ± z·√(1/(4n) + τ²))`` clipped to [0, 1]; x-axis n;
* log relative likelihood (§9.3, wres's design): ``Y = ln RR`` zero-corrected as §2.3 (flagged), ``s`` = Katz SE,
  x-axis precision ``1/s``, ``limits(s) = exp(θ ± z·√(s² + τ²))``. Centre ``"england"`` (default): ``θ = ln`` of the
  pooled ratio of the units' summed counts (§2.7), or a given pooled ratio (a peer group's); overdispersion is
  estimated around it. Centre ``"parity"``: ``θ = 0`` and never overdispersion (a national disparity would be
  absorbed into τ²).

The result holds the points table (one row per unit, with its limits at its own x and its label) and the tidy limits
table (``x, level, lower, upper, method, theta, phi, tau2``) a chart draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from wres.analysis.funnel.labels import funnel_labels, polarise
from wres.analysis.funnel.overdispersion import Overdispersion, Trimming, dispersion
from wres.analysis.funnel.phe import wilson_inverted
from wres.stats import katz_log_ratio, z_for

__all__ = [
    "LIMIT_COLUMNS",
    "POINT_COLUMNS",
    "Funnel",
    "log_ratio_limits",
    "proportion_funnel",
    "proportion_limits",
    "ratio_funnel",
]

LEVELS: Final = (0.95, 0.998)
LIMIT_COLUMNS: Final = ["x", "level", "lower", "upper", "method", "theta", "phi", "tau2"]
POINT_COLUMNS: Final = [
    "unit",
    "x",
    "value",
    "y",
    "s",
    "z",
    "lower95",
    "upper95",
    "lower998",
    "upper998",
    "label",
    "zero_corrected",
]
GRID_SIZE: Final = 200


@dataclass(frozen=True)
class Funnel:
    """A funnel: its kind, centre (θ on the transformed scale and back-transformed), overdispersion, the points
    table (:data:`POINT_COLUMNS`, plus ``judgement`` when a polarity is given), the tidy limits table
    (:data:`LIMIT_COLUMNS`) and the polarity (``"lower"``, ``"higher"`` or None)."""

    kind: str
    method: str
    theta: float
    centre: float
    centre_label: str
    overdispersion: Overdispersion
    points: pd.DataFrame
    limits: pd.DataFrame
    x_label: str
    polarity: str | None = None


def proportion_limits(n: ArrayLike, p0: float, tau2: float = 0.0, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """``sin²(asin(√p0) ∓ z·√(1/(4n) + τ²))``, the angle clipped to [0, π/2] so the limits stay in [0, 1] (§9.2)."""
    nf = np.asarray(n, dtype=np.float64)
    theta = np.arcsin(np.sqrt(p0))
    half = z_for(level) * np.sqrt(1.0 / (4.0 * nf) + tau2)
    lower = np.sin(np.clip(theta - half, 0.0, np.pi / 2)) ** 2
    upper = np.sin(np.clip(theta + half, 0.0, np.pi / 2)) ** 2
    return lower, upper


def _phe_limits(n: np.ndarray, p0: float, level: float) -> tuple[np.ndarray, np.ndarray]:
    """PHE's Wilson-inverted limits at ``level`` (95% → probability 0.975, 99.8% → 0.999), clipped to [0, 1]."""
    low, high = wilson_inverted(n, p0, 1.0 - (1.0 - level) / 2.0)
    return np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)


def log_ratio_limits(
    s: ArrayLike, theta: float, tau2: float = 0.0, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """``exp(θ ∓ z·√(s² + τ²))`` (§9.3)."""
    sf = np.asarray(s, dtype=np.float64)
    half = z_for(level) * np.sqrt(sf**2 + tau2)
    return np.exp(theta - half), np.exp(theta + half)


def _grid(x: np.ndarray, points: int = GRID_SIZE) -> np.ndarray:
    """A geometric grid over the units' x values (10% beyond each end), plus the units' own x values."""
    finite = x[np.isfinite(x) & (x > 0)]
    if finite.size == 0:
        return np.array([], dtype=np.float64)
    lo, hi = float(finite.min()) * 0.9, float(finite.max()) * 1.1
    return np.unique(np.concatenate([np.geomspace(lo, hi, points), finite]))


def _limits_table(
    x: np.ndarray, bounds: dict[float, tuple[np.ndarray, np.ndarray]], method: str, theta: float, od: Overdispersion
) -> pd.DataFrame:
    frames = [pd.DataFrame({"x": x, "level": level, "lower": lo, "upper": hi}) for level, (lo, hi) in bounds.items()]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["x", "level", "lower", "upper"])
    return table.assign(method=method, theta=theta, phi=od.phi, tau2=od.tau2)[LIMIT_COLUMNS]


def _units(units: Sequence[object] | None, size: int) -> list[object]:
    if units is None:
        return list(range(size))
    out = list(units)
    if len(out) != size:
        raise ValueError(f"{len(out)} unit names for {size} units")
    return out


def _points(
    unit_names: list[object],
    x: np.ndarray,
    value: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    theta: float,
    bounds: dict[float, tuple[np.ndarray, np.ndarray]],
    corrected: np.ndarray,
    polarity: str | None,
) -> pd.DataFrame:
    (l95, u95), (l998, u998) = bounds[0.95], bounds[0.998]
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (y - theta) / s
    label = funnel_labels(value, l95, u95, l998, u998)
    frame = pd.DataFrame(
        {
            "unit": unit_names,
            "x": x,
            "value": value,
            "y": y,
            "s": s,
            "z": z,
            "lower95": l95,
            "upper95": u95,
            "lower998": l998,
            "upper998": u998,
            "label": label,
            "zero_corrected": corrected,
        }
    )
    if polarity is not None:
        frame["judgement"] = polarise(label, polarity)
    return frame


def proportion_funnel(
    x: ArrayLike,
    n: ArrayLike,
    *,
    units: Sequence[object] | None = None,
    target: float | None = None,
    overdispersion: bool | Overdispersion = True,
    trim: float = 0.1,
    trimming: Trimming = "winsorise",
    polarity: str | None = None,
    method: Literal["spiegelhalter", "phe"] = "spiegelhalter",
) -> Funnel:
    """Proportion funnel of ``x`` events among ``n`` per unit (§9.2): target the pooled share ``Σx/Σn`` unless
    ``target`` (a benchmark share) is given; overdispersion §9.5 unless ``overdispersion=False``, or as given when
    ``overdispersion`` is an :class:`Overdispersion` estimated over a wider set of units (a region's organisations
    drawn with τ² of every organisation in England around England's value).

    ``method="phe"`` (``funnel.method = "phe"``, §9.4): PHE / Fingertips limits instead, the proportions whose Wilson
    interval at n has a bound at the target (:func:`wres.analysis.funnel.phe.wilson_inverted`), never overdispersed.

    Units with ``n <= 0`` or missing counts get NaN and ``not_computed``; they do not enter θ or τ².
    """
    xf = np.asarray(x, dtype=np.float64)
    nf = np.asarray(n, dtype=np.float64)
    if xf.shape != nf.shape or xf.ndim != 1:
        raise ValueError("x and n must be 1-d arrays of the same length")
    ok = np.isfinite(xf) & np.isfinite(nf) & (nf > 0) & (xf >= 0) & (xf <= nf)
    if not ok.any():
        raise ValueError("no unit has a computable proportion (every n is 0, missing or invalid)")
    p0 = float(xf[ok].sum() / nf[ok].sum()) if target is None else float(target)
    if not 0.0 <= p0 <= 1.0:
        raise ValueError(f"target share must lie in [0, 1], got {p0!r}")
    theta = float(np.arcsin(np.sqrt(p0)))
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(ok, xf / nf, np.nan)
        y = np.where(ok, np.arcsin(np.sqrt(value)), np.nan)
        s = np.where(ok, 1.0 / (2.0 * np.sqrt(nf)), np.nan)
    if method not in ("spiegelhalter", "phe"):
        raise ValueError(f"method must be 'spiegelhalter' or 'phe', got {method!r}")
    k = int(ok.sum())
    if method == "phe":
        od = Overdispersion(0.0, 0.0, k, k, 0.0, "none", "phe")
    elif isinstance(overdispersion, Overdispersion):
        od = overdispersion
    elif overdispersion:
        od = dispersion(y, s, theta, trim=trim, trimming=trimming)
    else:
        od = Overdispersion(0.0, 0.0, k, k, 0.0, "none", "not_requested")
    n_ok = np.where(ok, nf, np.nan)
    grid = _grid(n_ok)
    if method == "phe":
        bounds = {level: _phe_limits(n_ok, p0, level) for level in LEVELS}
        grid_bounds = {level: _phe_limits(grid, p0, level) for level in LEVELS}
        name = "phe-wilson"
    else:
        bounds = {level: proportion_limits(n_ok, p0, od.tau2, level) for level in LEVELS}
        grid_bounds = {level: proportion_limits(grid, p0, od.tau2, level) for level in LEVELS}
        name = "spiegelhalter-od" if od.tau2 > 0 else "spiegelhalter"
    return Funnel(
        kind="proportion",
        method=name,
        theta=theta,
        centre=p0,
        centre_label="pooled share" if target is None else "benchmark share",
        overdispersion=od,
        points=_points(_units(units, xf.size), n_ok, value, y, s, theta, bounds, np.zeros(xf.size, bool), polarity),
        limits=_limits_table(grid, grid_bounds, name, theta, od),
        x_label="denominator",
        polarity=polarity,
    )


Centre = Literal["england", "parity"]


def ratio_funnel(
    a: ArrayLike,
    n1: ArrayLike,
    c: ArrayLike,
    n2: ArrayLike,
    *,
    units: Sequence[object] | None = None,
    centre: Centre | float = "england",
    overdispersion: bool | Overdispersion = True,
    trim: float = 0.1,
    polarity: str | None = "lower",
) -> Funnel:
    """Log relative-likelihood funnel (§9.3) of ``(a/n1) ÷ (c/n2)`` per unit.

    ``centre``: ``"england"`` (default; θ = ln of the pooled ratio ``Σa/Σn1 ÷ Σc/Σn2`` of the units given), a
    number (a pooled benchmark ratio, e.g. England's or a peer group's, computed by the caller from summed counts),
    or ``"parity"`` (θ = 0, never overdispersion). ``value`` is the zero-corrected ratio ``exp(Y)`` that the funnel
    judges (flagged ``zero_corrected``); units that :func:`wres.stats.risk_ratio` does not compute are
    ``not_computed``. The x-axis is the precision ``1/s``. ``overdispersion``: estimated here (§9.5), not at all
    (False), or an :class:`Overdispersion` estimated over a wider set of units, used as given (never at parity).
    """
    katz = katz_log_ratio(a, n1, c, n2)
    y = np.atleast_1d(np.asarray(katz.log_ratio, dtype=np.float64))
    s = np.atleast_1d(np.asarray(katz.log_se, dtype=np.float64))
    corrected = np.atleast_1d(np.asarray(katz.zero_corrected, dtype=bool))
    ok = np.isfinite(y) & np.isfinite(s) & (s > 0)
    if not ok.any():
        raise ValueError("no unit has a computable ratio")
    parity = isinstance(centre, str) and centre == "parity"
    if isinstance(centre, str):
        if centre not in ("england", "parity"):
            raise ValueError(f"centre must be 'england', 'parity' or a ratio, got {centre!r}")
        if parity:
            theta, label = 0.0, "parity"
        else:
            af, n1f, cf, n2f = (np.atleast_1d(np.asarray(v, dtype=np.float64))[ok] for v in (a, n1, c, n2))
            pooled = (af.sum() / n1f.sum()) / (cf.sum() / n2f.sum())
            theta, label = float(np.log(pooled)), "pooled ratio"
    else:
        if not centre > 0:
            raise ValueError(f"a centre ratio must be positive, got {centre!r}")
        theta, label = float(np.log(centre)), "benchmark ratio"
    if isinstance(overdispersion, Overdispersion) and not parity:
        od = overdispersion
    elif overdispersion and not parity:
        od = dispersion(y, s, theta, trim=trim, trimming="winsorise")
    else:
        k = int(ok.sum())
        od = Overdispersion(0.0, 0.0, k, k, 0.0, "none", "parity" if parity else "not_requested")
    s_ok = np.where(ok, s, np.nan)
    bounds = {level: log_ratio_limits(s_ok, theta, od.tau2, level) for level in LEVELS}
    precision = 1.0 / s_ok
    grid = _grid(precision)
    grid_bounds = {level: log_ratio_limits(1.0 / grid, theta, od.tau2, level) for level in LEVELS}
    method = "spiegelhalter-od" if od.tau2 > 0 else "spiegelhalter"
    value = np.where(ok, np.exp(y), np.nan)
    return Funnel(
        kind="log_ratio",
        method=method,
        theta=theta,
        centre=float(np.exp(theta)),
        centre_label=label,
        overdispersion=od,
        points=_points(
            _units(units, y.size), precision, value, np.where(ok, y, np.nan), s_ok, theta, bounds, corrected, polarity
        ),
        limits=_limits_table(grid, grid_bounds, method, theta, od),
        x_label="precision (1 / standard error of ln ratio)",
        polarity=polarity,
    )
