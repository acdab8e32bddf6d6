"""Private array helpers shared by the ``wres.stats`` modules.

All public functions accept scalars or array-likes (lists, numpy arrays, pandas Series, including nullable
``Int64`` with ``pd.NA``), broadcast them together, work internally on flat float64 arrays and return arrays
of the broadcast shape (0-d arrays for scalar inputs).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wres.stats.reasons import INVALID_INPUT, MISSING_INPUT, NO_PEOPLE

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
ObjectArray = NDArray[np.object_]
ReasonLike = ArrayLike | Sequence[str | None] | None
"""Reason codes as accepted by the status functions: an object array, a list of str/None, a Series, or None."""


def flat_float(*values: ArrayLike) -> tuple[tuple[int, ...], list[FloatArray]]:
    """Broadcast the inputs as float64 and return ``(shape, flat copies)``; missing values become NaN."""
    arrays = [np.asarray(v, dtype=np.float64) for v in values]
    broadcast = np.broadcast_arrays(*arrays)
    shape = broadcast[0].shape
    return shape, [np.array(b, dtype=np.float64).reshape(-1) for b in broadcast]


def flat_object(value: ReasonLike, shape: tuple[int, ...]) -> ObjectArray:
    """Broadcast an optional array of str/None (e.g. reason codes) to ``shape`` and flatten it."""
    size = int(np.prod(shape, dtype=np.int64))
    if value is None:
        return np.full(size, None, dtype=object)
    arr = np.asarray(value, dtype=object)
    return np.array(np.broadcast_to(arr, shape), dtype=object).reshape(-1)


def flat_bool(value: ArrayLike | None, shape: tuple[int, ...]) -> BoolArray:
    """Broadcast an optional boolean array to ``shape`` and flatten it (None → all False; NaN → False)."""
    size = int(np.prod(shape, dtype=np.int64))
    if value is None:
        return np.zeros(size, dtype=np.bool_)
    arr = np.asarray(value)
    if arr.dtype.kind == "f":
        arr = np.where(np.isnan(arr), 0.0, arr)
    elif arr.dtype.kind == "O":
        arr = np.array([bool(v) if v is not None and v == v else False for v in arr.reshape(-1)]).reshape(arr.shape)
    return np.array(np.broadcast_to(arr.astype(np.bool_), shape), dtype=np.bool_).reshape(-1)


def present(value: ReasonLike) -> BoolArray:
    """Element-wise "is a real reason code": a str that is not empty (None, NaN and "" mean computed)."""
    arr = np.asarray(value, dtype=object)
    return np.array([isinstance(v, str) and v != "" for v in arr.reshape(-1)], dtype=np.bool_).reshape(arr.shape)


def assign_reasons(size: int, rules: Sequence[tuple[BoolArray, str]]) -> ObjectArray:
    """Object array of reason codes: the first rule (in precedence order) whose mask is True wins."""
    reason = np.full(size, None, dtype=object)
    unset = np.ones(size, dtype=np.bool_)
    for mask, code in rules:
        hit = mask & unset
        reason[hit] = code
        unset &= ~hit
    return reason


def count_checks(x: FloatArray, n: FloatArray) -> tuple[BoolArray, BoolArray, BoolArray]:
    """Masks ``(missing, invalid, no_people)`` for ``x`` events among ``n`` people.

    missing: either is NaN; invalid: infinite, negative, ``x > n``, or ``0 < n < 1`` (no real base, not even
    Kish's effective size, lies strictly between 0 and 1); no_people: ``n == 0``.
    """
    missing = np.isnan(x) | np.isnan(n)
    with np.errstate(invalid="ignore"):
        invalid = ~missing & (np.isinf(x) | np.isinf(n) | (x < 0) | (n < 0) | (x > n) | ((n > 0) & (n < 1)))
    no_people = ~missing & ~invalid & (n == 0)
    return missing, invalid, no_people


def proportion_reason_flat(x: FloatArray, n: FloatArray) -> ObjectArray:
    """Reason codes for one proportion (flat arrays); see :func:`wres.stats.proportion.proportion_reason`."""
    missing, invalid, no_people = count_checks(x, n)
    return assign_reasons(x.size, [(missing, MISSING_INPUT), (invalid, INVALID_INPUT), (no_people, NO_PEOPLE)])


def two_group_reason_flat(x1: FloatArray, n1: FloatArray, x2: FloatArray, n2: FloatArray) -> ObjectArray:
    """Reason codes common to any two-group comparison: missing, invalid, no people in either group."""
    m1, i1, p1 = count_checks(x1, n1)
    m2, i2, p2 = count_checks(x2, n2)
    return assign_reasons(
        x1.size,
        [(m1 | m2, MISSING_INPUT), (i1 | i2, INVALID_INPUT), (p1 | p2, NO_PEOPLE)],
    )


def is_computed(reason: ObjectArray) -> BoolArray:
    """Element-wise ``reason is None`` for a flat reason array."""
    return np.fromiter((r is None for r in reason), dtype=np.bool_, count=reason.size)
