"""Text that is safe to open in a spreadsheet (CSV files of rejects, audit logs)."""

from __future__ import annotations

from typing import Final, overload

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
