"""What an import read each raw value of ethnicity, band and staff group as, and the check that a mapped ethnicity
column is one (issue 13; wres-domain.md §3.3: "every distinct raw value is listed with its parse and count in the
data-quality report").

* :func:`listing` — every distinct raw value of a column with what it was read as and its row count, most rows
  first; the data-quality report keeps it under ``values`` (in the ledger and ``--report-dir`` JSON in full, up
  to :data:`MAX_LISTED` values a column), and ``wres import`` prints the first few.
* :func:`ethnicity_refusal` — a column mapped to ethnicity in which under ``min_known_ethnicity`` (default 50%)
  of the rows read as a known ethnicity (White or BME), or whose values look like another field (sex or gender
  ``F``/``M``, dates, numbers), is most likely the wrong column: the parse alone would make it 100% BME (``F``
  is Mixed, ``M`` Black) or 100% Unknown. The import is refused with one line naming the file and column, unless
  the user confirms it (``--accept-ethnicity-column``). A column of under :data:`CHECK_MIN_ROWS` rows is not
  judged. The line describes the values, never shows them (a wrongly mapped column may hold dates of birth).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from wres.vocab import EthnicityParse, ParseStatus, WresGroup

__all__ = [
    "ACCEPT_ETHNICITY_FLAG",
    "CHECK_MIN_ROWS",
    "MAX_LISTED",
    "Reading",
    "ethnicity_reading",
    "ethnicity_refusal",
    "listing",
]

MAX_LISTED: Final = 10_000
"""At most this many distinct values of one column are listed (the rest are counted: ``more_values``)."""
ACCEPT_ETHNICITY_FLAG: Final = "--accept-ethnicity-column"
CHECK_MIN_ROWS: Final = 10
"""A mapped ethnicity column is checked from this many rows: in a smaller file (a board of a few members) a
few blanks are no sign of the wrong column."""
_SHOWN_LENGTH: Final = 200
_GENDER: Final = frozenset({"f", "m", "female", "male", "man", "woman"})
_DATE: Final = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?")
_NUMBER: Final = re.compile(r"[-+]?\d+(?:[.,]\d+)*")

Reading = dict[str, Any]
"""What one distinct value was read as: ``read_as`` and, per column kind, ``group`` and ``status``."""


def ethnicity_reading(parse: EthnicityParse) -> Reading:
    """The canonical code, WRES group and parse status of one ethnicity value (§3.3)."""
    return {"read_as": parse.canonical_code, "group": str(parse.wres_group), "status": str(parse.status)}


def listing(
    label: str,
    codes: npt.NDArray[np.intp] | None,
    distinct: Sequence[str],
    readings: Sequence[Reading],
    counts: npt.NDArray[np.int64] | None = None,
) -> dict[str, Any]:
    """Every distinct value of a column with its reading and row count, most rows first, then by value.

    ``codes`` gives each row's index into ``distinct`` (and ``readings``, one per distinct value); two distinct
    entries with the same value and reading are counted together. Or ``counts`` gives the rows of each distinct
    value (a file read in chunks, the counts summed: :class:`wres.ingest.transform.Tally`).
    """
    if counts is None:
        assert codes is not None
        counts = np.bincount(codes, minlength=len(distinct)) if len(codes) else np.zeros(len(distinct), np.int64)
    merged: dict[tuple[Any, ...], int] = {}
    first: dict[tuple[Any, ...], Reading] = {}
    for value, reading, n in zip(distinct, readings, counts.tolist(), strict=True):
        if not n:
            continue
        key = (value, *sorted(reading.items()))
        merged[key] = merged.get(key, 0) + int(n)
        first.setdefault(key, {"value": value, **reading})
    entries = sorted(({**first[k], "rows": n} for k, n in merged.items()), key=lambda e: (-e["rows"], e["value"]))
    for entry in entries:
        value = str(entry["value"])
        entry["value"] = value if len(value) <= _SHOWN_LENGTH else value[: _SHOWN_LENGTH - 3] + "..."
    out: dict[str, Any] = {
        "column": label,
        "rows": int(counts.sum()),
        "distinct": len(entries),
        "values": entries[:MAX_LISTED],
    }
    if len(entries) > MAX_LISTED:
        out["more_values"] = len(entries) - MAX_LISTED
        out["more_rows"] = sum(e["rows"] for e in entries[MAX_LISTED:])
    return out


def _kind(value: str, parse: EthnicityParse) -> str | None:
    """What another field a non-blank value looks like, if any."""
    if value.casefold() in _GENDER:
        return "sex or gender (F/M)"
    if _DATE.fullmatch(value):
        return "dates"
    if _NUMBER.fullmatch(value) and parse.status is not ParseStatus.NOT_KNOWN:  # "99" and "9" are ethnicity codes
        return "numbers"
    return None


def ethnicity_refusal(
    target: str,
    codes: npt.NDArray[np.intp],
    distinct: Sequence[str],
    parses: Sequence[EthnicityParse],
    min_known: float,
    counts: npt.NDArray[np.int64] | None = None,
) -> str | None:
    """Why a column mapped to ``target`` (an ethnicity column) does not look like ethnicity, or ``None``.

    It does not when under ``min_known`` of its rows read as White or BME, or when at least half of its non-blank
    rows look like another field (sex or gender, dates, numbers); a column of under :data:`CHECK_MIN_ROWS` rows is
    not judged. The reason describes the values without showing any.
    """
    if counts is None:
        counts = np.bincount(codes, minlength=len(distinct))
    rows = int(counts.sum())
    if rows < CHECK_MIN_ROWS:
        return None
    known = blank = 0
    other: dict[str, int] = {}
    for value, parse, n in zip(distinct, parses, counts.tolist(), strict=True):
        if parse.wres_group is not WresGroup.UNKNOWN:
            known += n
        if parse.status is ParseStatus.BLANK:
            blank += n
        elif (kind := _kind(value, parse)) is not None:
            other[kind] = other.get(kind, 0) + n
    filled = rows - blank
    looks = max(other, key=lambda k: other[k]) if other else None
    looks_like = looks is not None and filled > 0 and other[looks] * 2 >= filled
    if known >= min_known * rows and not looks_like:
        return None
    if looks_like and looks is not None:
        reason = f"mapped to {target}, but {other[looks] / filled:.0%} of its {filled:,} values look like {looks}"
    else:
        reason = f"mapped to {target}, but only {known / rows:.0%} of its {rows:,} rows read as a known ethnicity"
        reason += " (White or BME)"
        if blank * 2 >= rows:
            reason += f"; {blank / rows:.0%} are blank"
    return f"{reason}: check that the profile maps the right column, or pass {ACCEPT_ETHNICITY_FLAG} if it is right"
