"""Reading values out of result rows safely: a finite number or None, a non-empty string or None."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["Row", "number", "text"]

Row = Mapping[str, Any]


def number(row: Row | None, key: str) -> float | None:
    """A finite number from ``row[key]``, or None (missing, None, NA, NaN, infinite, a flag or not a number)."""
    if row is None:
        return None
    value = row.get(key)
    if value is None or isinstance(value, bool | str):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def text(row: Row | None, key: str) -> str | None:
    """A non-empty string from ``row[key]``, or None."""
    if row is None:
        return None
    value = row.get(key)
    return value if isinstance(value, str) and value else None
