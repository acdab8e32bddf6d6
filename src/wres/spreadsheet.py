"""Text that is safe to open in a spreadsheet (CSV files of rejects, indicator results, report figures, audit
logs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, overload

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


@overload
def spreadsheet_safe(value: str) -> str: ...
@overload
def spreadsheet_safe(value: object) -> object: ...
def spreadsheet_safe(value: object) -> object:
    """A text value that a spreadsheet will not run as a formula (OWASP CSV injection: prefix ``'``); other values
    unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def spreadsheet_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for writing as CSV: every text cell through :func:`spreadsheet_safe`; numbers, booleans
    and missing values as they were (so ``-2.5`` stays a number and only the text ``-2`` is prefixed)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if is_object_dtype(values.dtype) or is_string_dtype(values.dtype):
            out[column] = values.astype(object).map(spreadsheet_safe)
    return out
