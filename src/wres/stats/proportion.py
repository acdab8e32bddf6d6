"""One proportion (Wilson) and the difference of two proportions (Newcombe) — methods.md §1 and §3.

All functions are vectorised: they accept scalars or array-likes, broadcast them, and return float64 arrays of
the broadcast shape (0-d for scalar input). Rows that cannot be computed get NaN limits; the matching reason
codes come from :func:`proportion_reason` / :func:`difference_reason` (wres-domain.md §5.0). No function
returns an infinite value or emits numpy warnings for invalid rows.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from wres.stats._arrays import (
    FloatArray,
    ObjectArray,
    flat_float,
    is_computed,
    proportion_reason_flat,
    two_group_reason_flat,
)
from wres.stats.levels import z_for

__all__ = [
    "Interval",
    "difference_reason",
    "newcombe_diff_interval",
    "proportion_reason",
    "wilson_interval",
]


class Interval(NamedTuple):
    """Lower and upper confidence limits (float64 arrays; NaN where not computed)."""

    low: FloatArray
    high: FloatArray


def proportion_reason(x: ArrayLike, n: ArrayLike) -> ObjectArray:
    """Reason code per row for the proportion ``x / n`` (object array of str or None).

    ``missing_input`` (x or n missing), ``invalid_input`` (negative, infinite, ``x > n`` or ``0 < n < 1``),
    ``no_people`` (``n == 0``), else None (computed). Rows with a reason are exactly the NaN rows of
    :func:`wilson_interval`.
    """
    shape, (xf, nf) = flat_float(x, n)
    return proportion_reason_flat(xf, nf).reshape(shape)


def difference_reason(x1: ArrayLike, n1: ArrayLike, x2: ArrayLike, n2: ArrayLike) -> ObjectArray:
    """Reason code per row for ``p1 − p2`` (object array of str or None).

    ``missing_input`` > ``invalid_input`` > ``no_people`` (either base is 0), else None. Both groups having no
    events is *computed* (difference 0). These are exactly the NaN rows of :func:`newcombe_diff_interval`.
    """
    shape, (a, b, c, d) = flat_float(x1, n1, x2, n2)
    return two_group_reason_flat(a, b, c, d).reshape(shape)


def _wilson_limits(x: FloatArray, n: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    """Wilson limits of computable rows, evaluated as statsmodels' ``proportion_confint(method="wilson")`` does.

    Same operations in the same order (so the same doubles), clipped to [0, 1] as statsmodels clips them.
    """
    q = x / n
    crit2 = z**2
    denom = 1 + crit2 / n
    center = (q + crit2 / (2 * n)) / denom
    dist = z * np.sqrt(q * (1.0 - q) / n + crit2 / (4.0 * n**2))
    dist /= denom
    return np.clip(center - dist, 0, 1), np.clip(center + dist, 0, 1)


def _wilson_flat(x: FloatArray, n: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    low = np.full(x.shape, np.nan)
    high = np.full(x.shape, np.nan)
    ok = is_computed(proportion_reason_flat(x, n))
    if ok.any():
        lo, hi = _wilson_limits(x[ok], n[ok], z_for(level))
        lo[x[ok] == 0] = 0.0
        hi[x[ok] == n[ok]] = 1.0
        low[ok] = lo
        high[ok] = hi
    return low, high


def wilson_interval(x: ArrayLike, n: ArrayLike, level: float = 0.95) -> Interval:
    """Wilson score interval for the proportion ``p = x / n`` (methods.md §1).

    Formula (Wilson 1927; Brown, Cai and DasGupta 2001), ``z = norm.isf(α/2)``, ``α = 1 − level``::

        centre = (p + z²/(2n)) / (1 + z²/n)
        half   = z / (1 + z²/n) · √( p(1−p)/n + z²/(4n²) )
        limits = centre ∓ half

    equivalently ``(2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²))`` (PHEindicatormethods).

    Closed form, evaluated exactly as ``statsmodels.stats.proportion.proportion_confint(x, n, alpha=α,
    method="wilson")`` evaluates it (the tests compare them row by row); no statsmodels import at run time.
    ``x`` may be fractional (Kish effective counts). ``x = 0`` gives a lower limit of exactly 0 and ``x = n``
    an upper limit of exactly 1. Rows with a :func:`proportion_reason` (``n = 0``, missing, invalid) give NaN.

    Returns an :class:`Interval` ``(low, high)`` of float64 arrays with the broadcast shape of the inputs.
    """
    shape, (xf, nf) = flat_float(x, n)
    low, high = _wilson_flat(xf, nf, level)
    return Interval(low.reshape(shape), high.reshape(shape))


def newcombe_diff_interval(x1: ArrayLike, n1: ArrayLike, x2: ArrayLike, n2: ArrayLike, level: float = 0.95) -> Interval:
    """Newcombe hybrid score interval for ``d = p1 − p2`` (methods.md §3; Newcombe 1998, method 10).

    With Wilson limits ``(l1, u1)`` for ``p1 = x1/n1`` and ``(l2, u2)`` for ``p2 = x2/n2`` at the same level::

        lower = d − √( (p1 − l1)² + (u2 − p2)² )
        upper = d + √( (u1 − p1)² + (p2 − l2)² )

    Closed form over the whole array of computable rows, the same operations as
    ``statsmodels.stats.proportion.confint_proportions_2indep(x1, n1, x2, n2, compare="diff", method="newcomb",
    alpha=α)`` (the tests compare them row by row); no statsmodels import at run time. Orientation is the
    caller's: pass the adverse group first to get the adverse gap (wres-domain.md §5.5–5.8). Rows with a
    :func:`difference_reason` (either base 0, missing, invalid) give NaN.

    Limits are clipped to [−1, 1] (statsmodels' Wilson limits at ``p = 0`` or ``1`` can overshoot by an ulp).

    Returns an :class:`Interval` ``(low, high)`` of float64 arrays (proportion scale, not percentage points).
    """
    shape, (a, b, c, d) = flat_float(x1, n1, x2, n2)
    low = np.full(a.shape, np.nan)
    high = np.full(a.shape, np.nan)
    ok = is_computed(two_group_reason_flat(a, b, c, d))
    if ok.any():
        x1_, n1_, x2_, n2_ = a[ok], b[ok], c[ok], d[ok]
        z = z_for(level)
        p1 = x1_ / n1_
        p2 = x2_ / n2_
        diff = p1 - p2
        low1, upp1 = _wilson_limits(x1_, n1_, z)
        low2, upp2 = _wilson_limits(x2_, n2_, z)
        lo = diff - np.sqrt((p1 - low1) ** 2 + (upp2 - p2) ** 2)
        hi = diff + np.sqrt((p2 - low2) ** 2 + (upp1 - p1) ** 2)
        # Clip to the range of a difference: Wilson limits at p = 0 or 1 can be off by an ulp.
        low[ok] = np.clip(np.asarray(lo, dtype=np.float64), -1.0, 1.0)
        high[ok] = np.clip(np.asarray(hi, dtype=np.float64), -1.0, 1.0)
    return Interval(low.reshape(shape), high.reshape(shape))
