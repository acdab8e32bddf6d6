"""The snapshot date or survey year written in a file's name, in any common format (issue 13).

A profile's ``file_date`` columns (the ESR snapshot date, a board register's date, a survey year) are filled from
the file name when the file holds no such column. Recognised, anywhere in the name (case-insensitive; ``-``,
``_``, ``.`` or a space between the parts):

* ``2025-03-31``, ``2025_03_31``, ``2025.03.31`` (year first), ``20250331``;
* ``31-03-2025``, ``31.03.2025``, ``31_03_2025`` (day first, as in the UK: never month first);
* ``31 March 2025``, ``31-Mar-2025``, ``31Mar2025``;
* a month and a year alone (``March 2025``, ``Mar2025``, ``2025-03``): the month's last day, as ESR's
  month-end staff-in-post extracts are dated;
* a year alone (``2024``): a survey year only (a year is not a snapshot date).

A name holding two different dates is not guessed: the user gives the date (``--snapshot-date``). A date that
is not a calendar date (``31-02-2025``) is not read as one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Final

from wres.errors import WresError

__all__ = ["date_in_name", "year_in_name"]

_MONTHS: Final = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name
}
_MONTH: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))  # longest first: "march" before "mar"
_SEP: Final = r"[-_. ]?"
_YMD: Final = re.compile(r"(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)")
_DMY: Final = re.compile(r"(?<!\d)(\d{1,2})([-_.])(\d{1,2})\2(\d{4})(?!\d)")
_D_MONTH_Y: Final = re.compile(rf"(?<![\da-z])(\d{{1,2}}){_SEP}({_MONTH}){_SEP}(\d{{4}})(?!\d)", re.IGNORECASE)
_MONTH_Y: Final = re.compile(rf"(?<![a-z])({_MONTH}){_SEP}(\d{{4}})(?!\d)", re.IGNORECASE)
_Y_MONTH: Final = re.compile(r"(?<!\d)(\d{4})[-_.](\d{2})(?![-_.]?\d)")
_YEAR: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _dates(stem: str) -> list[dt.date]:
    """Every date written in ``stem``, in the order of the patterns above; parts already read are blanked."""
    found: list[dt.date] = []
    text = stem
    readers: list[tuple[re.Pattern[str], object]] = [
        (_D_MONTH_Y, lambda m: _date(int(m[3]), _MONTHS[m[2].casefold()], int(m[1]))),
        (_YMD, lambda m: _date(int(m[1]), int(m[3]), int(m[4]))),
        (_DMY, lambda m: _date(int(m[4]), int(m[3]), int(m[1]))),
        (_MONTH_Y, lambda m: _month_end(int(m[2]), _MONTHS[m[1].casefold()])),
        (_Y_MONTH, lambda m: _month_end(int(m[1]), int(m[2]))),
    ]
    for pattern, read in readers:
        for match in pattern.finditer(text):
            assert callable(read)
            date = read(match)
            if isinstance(date, dt.date):
                found.append(date)
                text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return found


def _stem(name: str) -> str:
    return re.sub(r"\.(csv|txt|tsv|xlsx|xlsm|xls)$", "", name, flags=re.IGNORECASE)


def date_in_name(name: str) -> dt.date | None:
    """The one date written in the file name ``name`` (see the module docstring), or ``None``.

    Raises:
        WresError: the name holds two different dates.
    """
    dates = sorted(set(_dates(_stem(name))))
    if len(dates) > 1:
        shown = ", ".join(d.isoformat() for d in dates)
        raise WresError(
            f"{name}: the file name holds several dates ({shown}); give the snapshot date with --snapshot-date"
        )
    return dates[0] if dates else None


def year_in_name(name: str) -> int | None:
    """The year of the date in ``name``, else the one plain year (1900-2099) written in it, or ``None``.

    Raises:
        WresError: the name holds two different dates or years.
    """
    date = date_in_name(name)
    if date is not None:
        return date.year
    years = sorted({int(m[1]) for m in _YEAR.finditer(_stem(name))})
    if len(years) > 1:
        raise WresError(
            f"{name}: the file name holds several years ({', '.join(map(str, years))}); give the year with "
            "--survey-year"
        )
    return years[0] if years else None
