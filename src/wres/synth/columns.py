"""Vectorised column builders: dates as day numbers, string ids and labels through Arrow, typed Series.

Inside the generator a date is an ``int32`` day number (days since 1970-01-01) and a categorical value is a
small integer index into a vocabulary. These helpers turn them into the canonical pandas dtypes: ``str``
(Arrow-backed) for strings, ``datetime64[ns]`` for dates, ``bool`` / ``boolean`` for flags.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

Arr = NDArray[Any]
IntArr = NDArray[np.int64]

STRING = pd.StringDtype("pyarrow", na_value=np.nan)
"""The canonical string dtype: pandas' default ``str`` dtype, backed by Arrow."""
DATE = "datetime64[ns]"

_EPOCH = date(1970, 1, 1).toordinal()


def day(year: int, month: int, dom: int) -> int:
    """Day number of a date."""
    return date(year, month, dom).toordinal() - _EPOCH


def activity_year(year: int) -> tuple[int, int]:
    """First and last day of the activity year of WRES year ``year`` (1 April Y−1 – 31 March Y)."""
    return day(year - 1, 4, 1), day(year, 3, 31)


def snapshot_day(year: int) -> int:
    return day(year, 3, 31)


def id_array(prefix: str, numbers: Arr, width: int) -> pa.Array:
    """``prefix`` + zero-padded numbers, e.g. ``P00000042``."""
    text = pc.utf8_lpad(pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.large_string()), width, padding="0")
    sep = pa.scalar("", pa.large_string())
    return pc.binary_join_element_wise(pa.scalar(prefix, pa.large_string()), text, sep)


def labels(vocab: Sequence[str], codes: Arr, null_code: int | None = None) -> pa.Array:
    """The vocabulary entry of each code; ``null_code`` (or any negative code) gives a missing value."""
    codes = np.asarray(codes)
    mask = codes < 0 if null_code is None else (codes == null_code) | (codes < 0)
    idx = pa.array(np.where(mask, 0, codes).astype(np.int32), mask=mask if mask.any() else None)
    # Decoding a dictionary array is much faster than ``take`` for a small vocabulary.
    return pa.DictionaryArray.from_arrays(idx, pa.array(list(vocab), pa.large_string())).cast(pa.large_string())


def str_series(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    """A ``str`` Series over Arrow strings (zero-copy when they are ``large_string``, pandas' storage)."""
    if values.type != pa.large_string():
        values = values.cast(pa.large_string())
    return pd.Series(pd.array(values, dtype=STRING))


def date_series(days: Arr, valid: Arr | None = None) -> pd.Series:
    """Dates from day numbers (``valid`` False → NaT)."""
    out = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype(DATE)
    if valid is not None:
        out[~np.asarray(valid, dtype=bool)] = np.datetime64("NaT", "ns")
    return pd.Series(out)


def bool_series(values: Arr) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=bool))


def nullable_bool_series(values: Arr, valid: Arr | None = None) -> pd.Series:
    data = np.asarray(values, dtype=bool)
    mask = np.zeros(len(data), dtype=bool) if valid is None else ~np.asarray(valid, dtype=bool)
    return pd.Series(pd.arrays.BooleanArray(data, mask))


def int_series(values: Arr) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=np.int64))


def float_series(values: Arr) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=np.float64))


def frame(columns: dict[str, pd.Series]) -> pd.DataFrame:
    """A DataFrame from equally long Series (indexes are ignored)."""
    return pd.DataFrame({name: s.reset_index(drop=True) for name, s in columns.items()}, copy=False)


def sample_codes(probs: NDArray[np.float64], rows: Arr | Sequence[int], rng: np.random.Generator) -> IntArr:
    """One categorical draw per element: ``probs[rows[i]]`` is element i's distribution (rows of ``probs``
    sum to 1)."""
    rows = np.asarray(rows, dtype=np.int64)
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    u = rng.random(len(rows))
    out = np.empty(len(rows), dtype=np.int64)
    # Few distinct rows in practice: loop over them, vectorised within each.
    order = np.argsort(rows, kind="stable")
    sorted_rows = rows[order]
    bounds = np.flatnonzero(np.diff(sorted_rows)) + 1
    for chunk in np.split(order, bounds):
        if len(chunk) == 0:
            continue
        r = rows[chunk[0]]
        out[chunk] = np.searchsorted(cum[r], u[chunk], side="right")
    return np.asarray(np.minimum(out, probs.shape[1] - 1), dtype=np.int64)


def rank_within(groups: Arr, keys: Arr) -> tuple[IntArr, IntArr]:
    """Order of elements sorted by (group, key) and each sorted element's rank within its group."""
    order = np.lexsort((keys, groups))
    g = np.asarray(groups)[order]
    starts = np.searchsorted(g, g, side="left")
    return np.asarray(order, dtype=np.int64), np.arange(len(g), dtype=np.int64) - starts


def uniform_days(rng: np.random.Generator, start: Arr, end: Arr) -> IntArr:
    """A uniform day in [start, end] (inclusive) per element."""
    first = np.asarray(start, dtype=np.int64)
    span = np.maximum(np.asarray(end, dtype=np.int64) - first, 0) + 1
    return np.asarray(first + np.floor(rng.random(len(first)) * span).astype(np.int64), dtype=np.int64)


def logit(p: Arr | float) -> Arr:
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)))


def expit(x: Arr) -> NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64))), dtype=np.float64)


def release_memory() -> None:
    """Hand freed memory back to the operating system (Arrow's pool and, on glibc, the C heap), so that
    the peak memory of a large run stays near the size of the data it keeps."""
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        name = ctypes.util.find_library("c")
        if name:
            with contextlib.suppress(OSError, AttributeError):  # not glibc
                ctypes.CDLL(name).malloc_trim(0)
