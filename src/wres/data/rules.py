"""The validation rules of the canonical tables, stated once and applied by both validators.

A canonical column's value rule (its :class:`~wres.data.schema.Check` or enumerated ``values``) and a table's
row rules (conditions across columns) are declared here. Two validators apply them:

* :mod:`wres.data.canonical` checks canonical *files* (``wres load``) in DuckDB SQL;
* :mod:`wres.data.frames` checks canonical *DataFrames* made by import (``wres import``) with pandera.

Each rule therefore carries its SQL form and its pandas form; a test runs both over the same bad rows and checks
they agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from wres.data.schema import Check, Column

__all__ = ["HOURLY_PAY_RANGE", "ODS_PATTERN", "ROW_RULES", "RowRule", "ValueRule", "value_rule"]

ODS_PATTERN = "[A-Z0-9]{3,5}"
HOURLY_PAY_RANGE = (0.01, 1000.0)
"""Plausible ordinary hourly pay in pounds: a penny to 1,000 (above that is a mistyped annual or period amount)."""


@dataclass(frozen=True)
class ValueRule:
    """What values a column accepts (beyond its type), and the problem reported for any other value.

    Exactly one of ``allowed`` (a closed list), ``pattern`` (a whole-value regular expression) or the numeric
    bounds ``low``/``high`` (inclusive) is set.
    """

    problem: str
    allowed: tuple[str | int, ...] | None = None
    pattern: str | None = None
    low: float | None = None
    high: float | None = None


def _allowed(check: Check) -> tuple[str, ...]:
    if check is Check.ETHNIC_CODE:
        from wres.vocab.ethnicity import CATEGORIES

        return tuple(CATEGORIES)
    if check is Check.BAND_CODE:
        from wres.vocab.bands import BANDS

        return tuple(BANDS)
    from wres.vocab.staff_groups import STAFF_GROUPS

    return tuple(STAFF_GROUPS)


def value_rule(column: Column) -> ValueRule | None:
    """The value rule of ``column``, or ``None`` when any value of its type is accepted."""
    if column.values:
        return ValueRule(f"not one of {', '.join(column.values)}", allowed=column.values)
    check = column.check
    if check is None:
        return None
    if check is Check.ETHNIC_CODE:
        return ValueRule("not a canonical ethnic category code", allowed=_allowed(check))
    if check is Check.BAND_CODE:
        return ValueRule("not a band code", allowed=_allowed(check))
    if check is Check.STAFF_GROUP:
        return ValueRule("not an ESR staff group", allowed=_allowed(check))
    if check is Check.ODS:
        return ValueRule("not an ODS code (3 to 5 upper-case letters/digits)", pattern=ODS_PATTERN)
    if check is Check.NON_NEGATIVE:
        return ValueRule("must not be negative", low=0)
    if check is Check.PERCENT:
        return ValueRule("not a percentage between 0 and 100", low=0, high=100)
    if check is Check.HOURLY_PAY:
        return ValueRule(
            f"not a plausible hourly pay (expected {HOURLY_PAY_RANGE[0]} to {HOURLY_PAY_RANGE[1]:,.0f} pounds)",
            low=HOURLY_PAY_RANGE[0],
            high=HOURLY_PAY_RANGE[1],
        )
    if check is Check.WEEKLY_HOURS:
        return ValueRule("not a plausible number of hours a week (expected 0 to 168)", low=0, high=168)
    if check is Check.FTE:
        return ValueRule("not a plausible whole-time equivalent (expected 0 to 2)", low=0, high=2)
    if check is Check.SURVEY_INDICATOR:
        return ValueRule("not a survey indicator (5, 6, 7 or 8)", allowed=(5, 6, 7, 8))
    raise AssertionError(check)


@dataclass(frozen=True)
class RowRule:
    """A condition across the columns of one row; ``sql`` and ``frame`` select the rows that break it."""

    table: str
    column: str  # the column a problem is reported against
    problem: str
    sql: str  # SQL boolean expression over the typed columns, true for a row that breaks the rule
    frame: Callable[[pd.DataFrame], pd.Series]  # the same, as a boolean Series


def _flag(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].fillna(False).astype(bool)


ROW_RULES: tuple[RowRule, ...] = (
    RowRule(
        "recruitment",
        "appointed",
        "appointed but not shortlisted",
        "appointed AND NOT shortlisted",
        lambda f: _flag(f, "appointed") & ~_flag(f, "shortlisted"),
    ),
    RowRule(
        "recruitment",
        "shortlisting_date",
        "shortlisted but no shortlisting date",
        "shortlisted AND shortlisting_date IS NULL",
        lambda f: _flag(f, "shortlisted") & f["shortlisting_date"].isna(),
    ),
)
