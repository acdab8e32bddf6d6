"""The WRES reporting calendar (wres-domain.md §2).

WRES year Y is named by its snapshot, 31 March Y. Its activity year runs 1 April Y−1 to 31 March Y; the staff
survey it uses ran in the autumn of Y−1 (survey year = Y − 1).
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir


def snapshot_date(year: int) -> date:
    """31 March of WRES year ``year``."""
    return date(year, 3, 31)


def activity_window(year: int) -> tuple[date, date]:
    """First and last day (inclusive) of the activity year of WRES year ``year``."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def survey_year_for(year: int) -> int:
    """The NHS Staff Survey fieldwork year used for WRES year ``year``."""
    return year - 1


def wres_year_of(d: date) -> int:
    """The WRES year whose activity year contains ``d``."""
    return d.year + (1 if d.month >= 4 else 0)


def wres_year_expr(column: ir.DateValue) -> ir.IntegerValue:
    """Ibis expression: the WRES year whose activity year contains the date in ``column``."""
    return (column.year() + ibis.ifelse(column.month() >= 4, 1, 0)).cast("int64")


def is_snapshot_expr(column: ir.DateValue) -> ir.BooleanValue:
    """Ibis expression: the date is a 31 March."""
    return (column.month() == 3) & (column.day() == 31)
