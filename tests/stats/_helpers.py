"""Shared strategies and helpers for the wres.stats tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import strategies as st
from numpy.typing import ArrayLike

MAX_N = 1_000_000


def close_dp(value: ArrayLike, expected: float, dp: int) -> bool:
    """True when the scalar ``value`` rounds to ``expected`` at ``dp`` decimals (half-unit tolerance)."""
    return abs(float(np.asarray(value, dtype=np.float64)) - expected) <= 0.5 * 10.0**-dp + 1e-12


@st.composite
def counts(draw: st.DrawFn, max_n: int = MAX_N, min_n: int = 1) -> tuple[int, int]:
    """``(x, n)`` with ``min_n <= n <= max_n`` and ``0 <= x <= n`` (boundaries are drawn often)."""
    n = draw(st.integers(min_n, max_n))
    x = draw(st.integers(0, n))
    return x, n


@st.composite
def two_groups(
    draw: st.DrawFn, max_n: int = MAX_N, comparator_events: bool = True, interior: bool = False
) -> tuple[int, int, int, int]:
    """``(a, n1, c, n2)``: valid counts; ``comparator_events`` forces ``c > 0``; ``interior`` forces
    ``0 <= a < n1`` and ``0 < c < n2``."""
    n1 = draw(st.integers(2 if interior else 1, max_n))
    n2 = draw(st.integers(2 if interior else 1, max_n))
    a = draw(st.integers(0, n1 - 1 if interior else n1))
    c = draw(st.integers(1 if comparator_events else 0, n2 - 1 if interior else n2))
    return a, n1, c, n2


# Any inputs at all, including invalid ones (negative, events > people, zeros, bases in (0, 1), NaN, inf).
any_count = st.one_of(
    st.integers(-5, 60).map(float),
    st.integers(0, 10**7).map(float),
    st.sampled_from([0.0, 0.5, 1.0, 1.5, 7.25, np.nan, np.inf, -np.inf]),
)


def columns(rows: list[tuple[int, int, int, int]]) -> tuple[np.ndarray, ...]:
    """Rows of four counts → four float arrays."""
    arr = np.asarray(rows, dtype=np.float64).reshape(-1, 4)
    return arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3]


def reference_dir() -> Path:
    """The PHE reference data, copied into the repository (``tests/reference/phe``, provenance in its README)."""
    return Path(__file__).resolve().parents[1] / "reference" / "phe"
