"""Rounding half-up as a person or a spreadsheet rounds: exact ratios of counts, and decimal display.

wres-domain.md §6.1 "Range test precision" (project choice, 2026-12): the 0.80–1.25 range test uses the ratio
rounded to 2 dp, **half-up on the exact ratio of the counts** (rational arithmetic, not binary floating point), so
an exact 0.795 shows 0.80 and is inside the range and an exact 1.255 shows 1.26 and is outside. Binary floating
point gets such ties wrong both ways: ``(251/400) / (1/2)`` is the double just below 1.255 (shown 1.25) and
``(159/1000) / (1/5)`` is ``0.7949999999999999`` (shown 0.79).

* :func:`ratio_half_up` rounds ``(a/n_a) / (b/n_b)`` exactly (the range test);
* :func:`exact_ratio` is the double nearest that exact ratio (the estimate stored in result rows);
* :func:`half_up` and :func:`half_up_text` round a stored float half-up on its shortest decimal text
  (``repr``), which is how a ratio is displayed.

Display and range test agree: the estimate is the double nearest the exact ratio, and the shortest text of the
double nearest an exact tie such as 1.255 is ``"1.255"``. A ratio that is not a tie differs from every tie by at
least ``1 / (200 q)`` (``q`` the denominator of the exact ratio, at most ``n_a × b``), far more than the double's
rounding error for any real workforce's counts (``q`` below about 10^12 near the range), so its text is on the
same side of every tie.

Counts are read exactly: whole numbers as integers, other values as the decimal they are written as
(``Fraction(repr(x))``: ``79.5`` is 159/2, ``46.99`` is 4699/100), so halves from indicator 3's two-year mean
and published percentages used as counts are exact too.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from wres.stats._arrays import FloatArray, flat_float

__all__ = ["exact_ratio", "half_up", "half_up_text", "ratio_half_up"]

_FAST_BELOW: Final = 2.0**25
"""Counts whose double is a whole or half number below this take the int64 path: doubled they are below 2**26,
so products of two are below 2**52 (exact as doubles) and ``200 × product`` stays far inside int64."""
_PRECISION: Final = 400
"""Decimal digits for :func:`half_up`: enough for every finite double (at most 309 integer digits)."""


def _fraction(value: float) -> Fraction:
    """A count as an exact rational: an integer, or the decimal it is written as."""
    return Fraction(int(value)) if value.is_integer() else Fraction(repr(value))


def _terms(
    a: ArrayLike, n_a: ArrayLike, b: ArrayLike, n_b: ArrayLike
) -> tuple[tuple[int, ...], FloatArray, FloatArray, FloatArray, FloatArray, np.ndarray, np.ndarray]:
    """Flat counts, the rows that are a ratio (finite counts, ``a ≥ 0``, ``n_a > 0``, ``b > 0``, ``n_b > 0``),
    and of those the rows for the int64 path (every count a whole or half number below :data:`_FAST_BELOW`)."""
    shape, (x, nx, y, ny) = flat_float(a, n_a, b, n_b)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(x) & np.isfinite(nx) & np.isfinite(y) & np.isfinite(ny)
        ok &= (x >= 0) & (nx > 0) & (y > 0) & (ny > 0)
        fast = ok.copy()
        for v in (x, nx, y, ny):
            fast &= (v < _FAST_BELOW) & (np.floor(2 * v) == 2 * v)
    return shape, x, nx, y, ny, ok, fast


def _fast_parts(
    x: FloatArray, nx: FloatArray, y: FloatArray, ny: FloatArray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Numerator ``2a × 2n_b`` and denominator ``2n_a × 2b`` as exact int64 (the ratio is unchanged)."""

    def twice(v: FloatArray) -> np.ndarray:
        return np.asarray(np.rint(2 * v[rows]), dtype=np.int64)

    return twice(x) * twice(ny), twice(nx) * twice(y)


def _slow_ratio(x: float, nx: float, y: float, ny: float) -> Fraction:
    return (_fraction(x) / _fraction(nx)) / (_fraction(y) / _fraction(ny))


def ratio_half_up(a: ArrayLike, n_a: ArrayLike, b: ArrayLike, n_b: ArrayLike, decimals: int = 2) -> FloatArray:
    """``(a/n_a) / (b/n_b)`` rounded half-up to ``decimals`` on its exact rational value (wres-domain.md §6.1).

    Vectorised: whole and half counts below 2**25 use exact int64 arithmetic,
    ``round = ⌊(2·10^d·p + q) / (2q)⌋ / 10^d`` for the ratio ``p/q``; any other count goes through
    ``fractions.Fraction``. NaN where the ratio does not exist (a missing or negative count, ``n_a = 0``,
    ``b = 0`` or ``n_b = 0``). The result is the double nearest the rounded decimal (``1.26``, as ``float("1.26")``).
    """
    shape, x, nx, y, ny, ok, fast = _terms(a, n_a, b, n_b)
    scale = 10**decimals
    if decimals > 3:  # 2·10^d·p would leave int64
        fast[:] = False
    out = np.full(x.shape, np.nan)
    rows = np.flatnonzero(fast)
    if len(rows):
        p, q = _fast_parts(x, nx, y, ny, rows)
        out[rows] = ((2 * scale * p + q) // (2 * q)) / scale
    for i in np.flatnonzero(ok & ~fast).tolist():
        r = _slow_ratio(float(x[i]), float(nx[i]), float(y[i]), float(ny[i]))
        out[i] = ((2 * scale * r.numerator + r.denominator) // (2 * r.denominator)) / scale
    return out.reshape(shape)


def exact_ratio(a: ArrayLike, n_a: ArrayLike, b: ArrayLike, n_b: ArrayLike) -> FloatArray:
    """The double nearest the exact ``(a/n_a) / (b/n_b)`` (correctly rounded, unlike three float divisions).

    NaN where the ratio does not exist (as :func:`ratio_half_up`). On the int64 path numerator and denominator
    are below 2**52, exact as doubles, so one IEEE division is correctly rounded; otherwise
    ``float(Fraction)``, which Python rounds correctly.
    """
    shape, x, nx, y, ny, ok, fast = _terms(a, n_a, b, n_b)
    out = np.full(x.shape, np.nan)
    rows = np.flatnonzero(fast)
    if len(rows):
        p, q = _fast_parts(x, nx, y, ny, rows)
        out[rows] = p.astype(np.float64) / q.astype(np.float64)
    for i in np.flatnonzero(ok & ~fast).tolist():
        out[i] = float(_slow_ratio(float(x[i]), float(nx[i]), float(y[i]), float(ny[i])))
    return out.reshape(shape)


def half_up(values: ArrayLike, decimals: int = 2) -> FloatArray:
    """Finite values rounded half-up to ``decimals`` on their shortest decimal text (``1.255`` → 1.26,
    ``1.125`` → 1.13, where binary rounding gives 1.25 and 1.12); NaN and infinities unchanged."""
    arr = np.asarray(values, dtype=np.float64)
    out = arr.copy().reshape(-1)
    step = Decimal(1).scaleb(-decimals)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        for i in np.flatnonzero(np.isfinite(out)).tolist():
            out[i] = float(Decimal(repr(float(out[i]))).quantize(step, rounding=ROUND_HALF_UP))
    return out.reshape(arr.shape)


def half_up_text(value: float, decimals: int = 2) -> str:
    """A finite value as displayed: rounded half-up to ``decimals`` on its shortest decimal text, with exactly
    ``decimals`` digits after the point (``1.255`` → ``"1.26"``, ``2.0`` → ``"2.00"``, ``-0.5`` → ``"-0.50"``);
    NaN and infinities as Python formats them (``"nan"``, ``"inf"``)."""
    if not np.isfinite(value):
        return f"{value:.{decimals}f}"
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:f}"
