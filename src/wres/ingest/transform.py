"""Apply a mapping :class:`~wres.ingest.profiles.Profile` to a raw table: raw text → canonical rows.

Every transform works on the *distinct* values of a column (parsed once, then joined back by position), so a
file of a million rows is mapped in seconds.

Rules:

* Only mapped columns are read. Names, NI numbers, dates of birth and every other unmapped raw column are
  never copied. Identifiers of people go through the :class:`~wres.ingest.pseudonym.Pseudonymiser`; the raw
  identifier is never put into a reject or an error.
* Values are stripped; an empty cell is a missing value (the ``ethnicity`` transform reads a blank as ``99``).
* A value that cannot be transformed (bad date, unknown flag, unknown staff group, value absent from a
  ``map``) or an empty value in a canonical column that cannot be empty is a **reject**: a row of
  ``rejects`` (file, source row, column, value, problem). A reject in a column that cannot be empty drops the
  row; a reject in a nullable column leaves the value missing and keeps the row. An unparseable band is not a
  reject: ``UNMAPPED`` is a valid band code (see :func:`wres.vocab.bands.parse_band`), and every raw band value
  read as ``UNMAPPED`` is listed with its count in the data-quality report (``values``; issue 13).
* Values that parse but cannot be right are rejects (issue 13; ``[ingest]`` of :class:`wres.config.IngestOptions`):
  dates outside ``earliest_year``–``latest_year`` (1900–2100), whole numbers beyond 64 bits, survey years outside
  ``earliest_survey_year`` to next year, snapshot dates in the future; a snapshot date in the future from the file
  name refuses the file. A mapped ethnicity column that does not look like one refuses the file unless accepted
  (:func:`wres.ingest.value_reads.ethnicity_refusal`).

A CSV row whose cells do not match the header (:attr:`wres.ingest.readers.RawTable.damaged`: a deleted cell or
an unquoted delimiter shifted its values) is a reject of the whole row (column :data:`WHOLE_ROW`, problem "has N
cells, the header has M"), its values never shown: they may be anything, a name or a date of birth included
(issue 13).

A profile's ``filter`` keeps the rows in scope; the others are set aside by design (outcome :data:`OUT_OF_SCOPE`,
e.g. grievance cases in a case log). But where the profile lists a filter column's values known to be out of
scope (``out_of_scope``), a value of that column in neither list (a date, a misspelling, an empty cell) is damage:
the row is a reject counted towards ``--max-invalid`` (issue 13), not quietly set aside.

ESR assignments (resolver ``esr_assignments``, wres-domain.md §4.4): an ESR extract has one row per assignment;
the canonical ``staff`` table has one row per person per snapshot. Per (organisation, person, snapshot) the row
kept is chosen in this order: a substantive or fixed-term assignment before any bank or honorary one (a flagged
primary that is bank or honorary never wins over a substantive or fixed-term post); then the primary assignment
(``Primary Assignment`` = Yes); then the highest band (:attr:`wres.vocab.bands.Band.order`); ties go to the
earliest row in the file. The kept row's ``contract`` is that assignment's category. Ethnicity belongs to the
person: assignments of one person that disagree on it are a conflict, the person counted as Unknown (``99``) and
the counted row a reject naming the others (issue 13, ADR 9). ``bank_only`` is true only
when every assignment of the person (including rows otherwise rejected) has contract ``bank``. The other
assignments are set aside by design (outcome :data:`MERGED`), each naming the row that is counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from wres.config import IngestOptions
from wres.data.rules import value_rule
from wres.data.schema import TABLES, Column, ColumnType
from wres.errors import DataError, Problem, WresError
from wres.ingest.file_dates import date_in_name, year_in_name
from wres.ingest.personal import is_personal_column
from wres.ingest.personal import shown as shown_value
from wres.ingest.profiles import (
    ANSWER_ITEM,
    ANSWER_RESPONSE,
    ESR_PRIMARY_DEFAULT,
    AnswersSpec,
    ColumnRule,
    Profile,
    normalise_name,
)
from wres.ingest.pseudonym import Pseudonymiser
from wres.ingest.readers import RawTable
from wres.ingest.value_reads import ethnicity_reading, ethnicity_refusal, listing
from wres.store.imports import MERGED, OUT_OF_SCOPE
from wres.vocab import BANDS, parse_band, parse_ethnicity, parse_staff_group
from wres.vocab.ethnicity import NOT_KNOWN_CODE

__all__ = [
    "ESR_PRIMARY_COLUMN",
    "MERGED",
    "OUT_OF_SCOPE",
    "REJECT_COLUMNS",
    "ROW_NOT_LOADED",
    "VALUE_LEFT_EMPTY",
    "WHOLE_ROW",
    "Tally",
    "TransformResult",
    "apply_profile",
    "file_date_from_name",
]

REJECT_COLUMNS: Final = ("file", "row", "column", "value", "problem", "outcome")
ROW_NOT_LOADED: Final = "row not loaded"
CONTROL_PROBLEM: Final = "contains a control character (for example NUL): check the export"
VALUE_LEFT_EMPTY: Final = "loaded, value left empty"
WHOLE_ROW: Final = "(whole row)"
"""The column of a reject of a whole row (a row whose cells do not match the header)."""
ESR_PRIMARY_COLUMN: Final = ESR_PRIMARY_DEFAULT  # the default of a profile's [resolver] primary

_POSTS: Final = ("substantive", "fixed_term")  # §4.4: these win over a bank or honorary primary
_YES: Final = frozenset({"yes", "y", "true"})
_NO: Final = frozenset({"no", "n", "false"})
_DMY: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?")
_INT64: Final = (-(2**63), 2**63 - 1)  # canonical whole numbers are BIGINT
_BLANK_READING: Final = {"read_as": None, "status": "blank"}
DAY_FIRST_MIN_ROWS: Final = 20
"""A dd/mm/yyyy column with at least this many dates and no day over 12 is flagged as possibly mm/dd/yyyy."""


_INVISIBLE = str.maketrans("", "", "\ufeff\u200b")  # byte-order marks and zero-width spaces inside cells
_CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"  # C0 controls but tab, CR and LF (RE2 syntax, for Arrow)


def _controls(values: list[str]) -> Bool:
    """Which values hold a control character (vectorised with Arrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not values:
        return np.zeros(0, dtype=bool)
    found = pc.match_substring_regex(pa.array(values, type=pa.string()), _CONTROL)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


_SPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())  # what str.strip() removes
_UNCLEAN = "^[{0}]|[{0}]$|[\\x{{feff}}\\x{{200b}}]".format(
    "".join(f"\\x{{{ord(c):x}}}" for c in _SPACE)
)  # RE2: a value _clean would change


def _clean_all(values: npt.NDArray[np.object_]) -> list[str]:
    """:func:`_clean` of each value, calling it only for the values it would change (found by Arrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = [str(v) for v in values]
    if not texts:
        return texts
    unclean = pc.match_substring_regex(pa.array(texts, type=pa.string()), _UNCLEAN)
    for i in np.flatnonzero(np.asarray(unclean.to_numpy(zero_copy_only=False), dtype=bool)):
        texts[i] = _clean(texts[i])
    return texts


def _clean(text: str) -> str:
    """A raw cell as read for mapping: stripped, with invisible byte-order marks and zero-width spaces removed."""
    return text.translate(_INVISIBLE).strip()


class _Bad:
    """A value that could not be transformed, with the reason."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


Value = str | bool | int | float | dt.date | _Bad | None
Bool = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.intp]


@dataclass(frozen=True)
class TransformResult:
    """The canonical tables made from one raw file, and the values that could not be mapped.

    Attributes:
        profile: Name of the profile applied.
        tables: Canonical table name → DataFrame with exactly the canonical columns and dtypes (strings
            ``str``, dates ``datetime64[ns]``, flags ``bool`` or ``boolean`` where the schema allows missing).
        rejects: One row per value that could not be transformed: columns :data:`REJECT_COLUMNS`; ``outcome``
            says whether the row was not loaded or loaded with the value left empty.
        rows: Table name → the source row (1-based, in the file) of each row of that table.
        rows_read: Data rows in the file.
        out_of_scope: Rows the profile's ``filter`` leaves out (e.g. grievance cases in a case log).
        merged: ESR assignment rows folded into another assignment's row for the same person.
        identical_rows: In-scope rows equal to an earlier row in every column the profile reads.
        set_aside: The rows not loaded by design, one line each in the rejects' columns (outcome
            :data:`OUT_OF_SCOPE` or :data:`MERGED`), so that every input row is accounted for by row number.
        value_reads: For the data-quality report: every distinct value of the ethnicity, band and staff group
            columns with what it was read as and its count (``values``, see
            :func:`wres.ingest.value_reads.listing`), and date columns that may be month first
            (``day_first_ambiguous``).
    """

    profile: str
    tables: dict[str, pd.DataFrame]
    rejects: pd.DataFrame
    rows: dict[str, npt.NDArray[np.int64]]
    rows_read: int = 0
    out_of_scope: int = 0
    merged: int = 0
    identical_rows: int = 0
    set_aside: pd.DataFrame = field(default_factory=pd.DataFrame)
    value_reads: dict[str, Any] = field(default_factory=dict)

    @property
    def table(self) -> pd.DataFrame:
        """The only table produced (every built-in profile produces one)."""
        (frame,) = self.tables.values()
        return frame


def file_date_from_name(profile: Profile, path: Path) -> dt.date | None:
    """The ISO date captured by ``profile.file_date_pattern`` in the file name; else (no pattern, or it does not
    match) the date written in the name in any common format (:func:`wres.ingest.file_dates.date_in_name`).

    Raises:
        WresError: the name holds two different dates.
    """
    if profile.file_date_pattern is not None and (match := re.search(profile.file_date_pattern, path.name)):
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            pass
    return date_in_name(path.name)


def _parse_date(text: str, options: IngestOptions) -> Value:
    """A dd/mm/yyyy (or ISO) date within ``options``' years; a date outside them is a reject (issue 13: before,
    ``14/10/1066`` overflowed pandas' nanosecond timestamps and was stored as 2235-11-22)."""
    if not text:
        return None
    date: dt.date | None = None
    try:
        if m := _DMY.fullmatch(text):
            date = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        elif m := _ISO.fullmatch(text):
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    if date is None:
        return _Bad("not a valid date (expected dd/mm/yyyy)")
    if not options.earliest_year <= date.year <= options.latest_year:
        return _Bad(
            f"date outside the years {options.earliest_year}-{options.latest_year} "
            "(check the export; the range is [ingest] earliest_year and latest_year in wres.toml)"
        )
    return date


def _parse_yes_no(text: str) -> Value:
    if not text:
        return None
    key = text.casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return _Bad("not a Yes/No value")


def _parse_integer(text: str) -> Value:
    if not text:
        return None
    try:
        number = int(text.replace(",", ""))
    except ValueError:
        return _Bad("not a whole number")
    if not _INT64[0] <= number <= _INT64[1]:
        return _Bad("whole number too large for its column (more than 64 bits)")
    return number


_NUMBER: Final = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
_THOUSANDS: Final = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def _parse_number(text: str) -> Value:
    """A decimal number: ``12.5``, ``1,234.50``, ``£18.73`` (a leading pound sign and thousands separators are
    dropped); anything else (``12,5``: a decimal comma, ``n/a``, ``1e3``, ``inf``) is a reject."""
    if not text:
        return None
    plain = text.replace(" ", "")
    plain = plain[1:] if plain.startswith("£") else plain
    if "," in plain:  # thousands separators only: "12,5" is a decimal comma, not 125
        if not _THOUSANDS.fullmatch(plain):
            return _Bad("not a number")
        plain = plain.replace(",", "")
    if not _NUMBER.fullmatch(plain):
        return _Bad("not a number")
    return float(plain)


def _in_range(column: Column, values: list[Value]) -> list[Value]:
    """A number column's values outside its value rule's bounds become rejects: a negative value says so; a
    value beyond the bounds (an hourly pay over 1,000 pounds: an annual or period amount in the wrong column)
    gets the rule's problem (:func:`wres.data.rules.value_rule`)."""
    rule = value_rule(column)
    if rule is None or (rule.low is None and rule.high is None):
        return values
    low = -np.inf if rule.low is None else rule.low
    high = np.inf if rule.high is None else rule.high
    out: list[Value] = []
    for v in values:
        if isinstance(v, float) and v < 0 <= low:
            out.append(_Bad("must not be negative"))
        elif isinstance(v, float) and not low <= v <= high:
            out.append(_Bad(rule.problem))
        else:
            out.append(v)
    return out


def _parse_staff_group(text: str) -> Value:
    if not text:
        return None
    group = parse_staff_group(text)
    return group if group is not None else _Bad("not a recognised ESR staff group")


def _mapper(rule: ColumnRule) -> Callable[[str], Value]:
    def parse(text: str) -> Value:
        if not text:
            return None
        out = rule.values.get(normalise_name(text), rule.default)
        return out if out is not None else _Bad("value not in the profile's mapping")

    return parse


def _typed(
    column: Column, values: Sequence[Value], codes: npt.NDArray[np.intp]
) -> tuple[pd.Series, Bool, Bool, list[str]]:
    """Per-row typed Series, bad mask, missing mask (bad included), and the problem of each distinct value."""
    bad_u = np.fromiter((isinstance(v, _Bad) for v in values), dtype=bool, count=len(values))
    missing_u = bad_u | np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    problems = [v.problem if isinstance(v, _Bad) else "" for v in values]
    missing = missing_u[codes]
    series: pd.Series
    if column.type == ColumnType.DATE:
        days = np.array(
            [np.datetime64(v, "ns") if isinstance(v, dt.date) else np.datetime64("NaT", "ns") for v in values],
            dtype="datetime64[ns]",
        )
        series = pd.Series(days[codes], dtype="datetime64[ns]")
    elif column.type == ColumnType.INTEGER:
        ints = np.array([v if isinstance(v, int) and not isinstance(v, bool) else 0 for v in values], dtype=np.int64)
        ints = ints[codes]
        series = pd.Series(pd.arrays.IntegerArray(ints, missing)) if column.nullable else pd.Series(ints)
    elif column.type == ColumnType.FLOAT:
        floats = np.array([float(v) if isinstance(v, int | float) else np.nan for v in values], dtype=np.float64)
        series = pd.Series(floats[codes])
    elif column.type == ColumnType.BOOLEAN:
        flags = np.fromiter((v is True for v in values), dtype=bool, count=len(values))[codes]
        series = pd.Series(pd.arrays.BooleanArray(flags, missing)) if column.nullable else pd.Series(flags)
    else:
        texts = pd.array([v if isinstance(v, str) else None for v in values], dtype="str")
        series = pd.Series(texts.take(codes))
    return series, bad_u[codes], missing, problems


def _empty(column: Column, n: int) -> pd.Series:
    """An all-missing column of the canonical dtype."""
    if column.type == ColumnType.DATE:
        return pd.Series(np.full(n, np.datetime64("NaT", "ns")), dtype="datetime64[ns]")
    if column.type == ColumnType.BOOLEAN:
        return pd.Series(pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool)))
    if column.type == ColumnType.INTEGER:
        return pd.Series(pd.array([None] * n, dtype="Int64"))
    if column.type == ColumnType.FLOAT:
        return pd.Series(np.full(n, np.nan))
    return pd.Series([None] * n, dtype="str")


_MIX: Final = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


class Tally:
    """What the rules that span a whole file need, summed over the chunks it is read in (issue 18): each listed
    column's rows per distinct value and reading, an ethnicity column's rows per distinct value (for
    :func:`~wres.ingest.value_reads.ethnicity_refusal`), a date column's dd/mm/yyyy rows and largest day, and a
    hash of each in-scope row's values (for :attr:`TransformResult.identical_rows`). A file read whole is tallied
    the same way, so both give the same report."""

    def __init__(self) -> None:
        self.listed: dict[str, tuple[str, dict[tuple[Any, ...], int], dict[tuple[Any, ...], tuple[str, Any]]]] = {}
        self.ethnicity: dict[str, tuple[str, dict[str, int]]] = {}
        self.dates: dict[str, list[Any]] = {}
        self.hashes: list[npt.NDArray[np.uint64]] = []

    def listing(self, column: str, label: str, codes: Codes, distinct: Sequence[str], readings: Sequence[Any]) -> None:
        _, counts, first = self.listed.setdefault(column, (label, {}, {}))
        n_of = np.bincount(codes, minlength=len(distinct)) if len(codes) else np.zeros(len(distinct), np.int64)
        for value, reading, n in zip(distinct, readings, n_of.tolist(), strict=True):
            if n:
                key = (value, *sorted(reading.items()))
                counts[key] = counts.get(key, 0) + int(n)
                first.setdefault(key, (value, reading))

    def ethnicity_values(self, column: str, label: str, codes: Codes, distinct: Sequence[str]) -> None:
        _, counts = self.ethnicity.setdefault(column, (label, {}))
        n_of = np.bincount(codes, minlength=len(distinct)) if len(codes) else np.zeros(len(distinct), np.int64)
        for value, n in zip(distinct, n_of.tolist(), strict=True):
            if n:
                counts[value] = counts.get(value, 0) + int(n)

    def day_first(self, column: str, label: str, rows: int, largest_day: int) -> None:
        entry = self.dates.setdefault(column, [label, 0, 0])
        entry[1] += rows
        entry[2] = max(entry[2], largest_day)

    def refusal(self, file: str, min_known: float) -> None:
        """Refuse a mapped ethnicity column that does not look like one (over the whole file)."""
        for column, (label, counts) in self.ethnicity.items():
            distinct = list(counts)
            parses = [parse_ethnicity(v) for v in distinct]
            n = np.asarray([counts[v] for v in distinct], dtype=np.int64)
            reason = ethnicity_refusal(column, np.zeros(0, np.intp), distinct, parses, min_known, counts=n)
            if reason is not None:
                raise DataError([Problem(file, None, label, None, f"refused: {reason}")])

    def value_reads(self) -> dict[str, Any]:
        """The ``value_reads`` of the whole file (:attr:`TransformResult.value_reads`)."""
        out: dict[str, Any] = {}
        for column, (label, counts, first) in self.listed.items():
            keys = list(counts)
            listed = listing(
                label,
                None,
                [first[k][0] for k in keys],
                [first[k][1] for k in keys],
                counts=np.asarray([counts[k] for k in keys], dtype=np.int64),
            )
            personal = any(is_personal_column(c) for c in str(listed.get("column", "")).split(" / "))
            for entry in listed.get("values", []):
                entry["value"] = shown_value(str(entry["value"]), personal=personal)
            out.setdefault("values", {})[column] = listed
        for label, rows, largest in self.dates.values():
            if rows >= DAY_FIRST_MIN_ROWS and largest <= 12:
                out.setdefault("day_first_ambiguous", []).append(
                    {
                        "column": label,
                        "rows": rows,
                        "problem": f"read as dd/mm/yyyy, but no day of its {rows:,} dates exceeds 12: it may be "
                        "mm/dd/yyyy",
                    }
                )
        return out

    def identical_rows(self) -> int:
        """In-scope rows equal to an earlier row of the file in every column the profile reads (compared by a 64-bit
        hash of their values, so off only by a hash collision: probability about n² / 2⁶⁵)."""
        if not self.hashes:
            return 0
        return int(pd.Series(np.concatenate(self.hashes)).duplicated().sum())


class _Mapper:
    """Applies the rules of one profile to one filtered raw frame."""

    def __init__(
        self,
        raw: RawTable,
        profile: Profile,
        frame: pd.DataFrame,
        rows: npt.NDArray[np.int64],
        pseudonymiser: Pseudonymiser,
        file_date: dt.date | None,
        options: IngestOptions,
        today: dt.date,
        accept_ethnicity_column: bool,
        survey_year: int | None = None,
        tally: Tally | None = None,
    ) -> None:
        self.deferred = tally is not None  # a chunk of a file: the rules over the whole file are the caller's
        self.tally = tally if tally is not None else Tally()
        self.file = str(raw.path)
        self.name = raw.path.name
        self.survey_year = survey_year
        self.options = options
        self.today = today
        self.accept_ethnicity_column = accept_ethnicity_column
        self.profile = profile
        self.frame = frame
        self.rows = rows
        self.pseudonymiser = pseudonymiser
        self.file_date = file_date
        self.lookup = {normalise_name(str(c)): str(c) for c in frame.columns}  # the columns read (see read_raw)
        self.rejects: list[pd.DataFrame] = []
        self.seen: dict[str, tuple[Codes, list[str]]] = {}

    def present(self, names: Sequence[str]) -> list[str]:
        return [self.lookup[normalise_name(n)] for n in names if normalise_name(n) in self.lookup]

    def _stripped(self, name: str) -> tuple[Codes, list[str]]:
        """Codes and distinct stripped values of one raw column (a missing cell reads as ``""``); cached."""
        if name not in self.seen:
            codes, uniques = pd.factorize(self.frame[name])
            codes = np.where(codes < 0, len(uniques), codes).astype(np.intp)
            self.seen[name] = (codes, [*_clean_all(uniques.to_numpy(dtype=object)), ""])
        return self.seen[name]

    def hash_rows(self) -> None:
        """Add to the tally a 64-bit hash of each row's stripped values in every column the profile reads
        (splitmix64 mixing per column of each value's hash), so that equal rows are found across chunks."""
        if not self.seen or not len(self.frame):
            return
        h = np.zeros(len(self.frame), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for codes, distinct in self.seen.values():
                values = pd.util.hash_array(np.asarray(distinct, dtype=object))
                z = h + values[codes] + _MIX[0]
                z = (z ^ (z >> np.uint64(30))) * _MIX[1]
                z = (z ^ (z >> np.uint64(27))) * _MIX[2]
                h = z ^ (z >> np.uint64(31))
        self.tally.hashes.append(h)

    def distinct(self, names: Sequence[str]) -> tuple[Codes, list[str]]:
        """Per row the first non-empty stripped value among the present columns, as codes into distinct values.

        Each distinct raw value is stripped once; the distinct list may hold a value twice (harmless).
        """
        present = self.present(names)
        if not present:
            return np.zeros(len(self.frame), dtype=np.intp), [""]
        if len(present) == 1:
            return self._stripped(present[0])
        out: npt.NDArray[np.object_] | None = None
        for name in present:
            codes, distinct = self._stripped(name)
            values = np.asarray(distinct, dtype=object)[codes]
            out = values if out is None else np.where(out == "", values, out)
        assert out is not None
        merged, uniques = pd.factorize(out)
        return np.asarray(merged, dtype=np.intp), [str(u) for u in uniques]

    def reject(
        self, mask: Bool, column: str, shown: tuple[Codes, list[str]] | None, problems: Sequence[str] | str
    ) -> None:
        """Record a reject for every row in ``mask`` (``shown``: codes and distinct raw values, or withheld)."""
        if not mask.any():
            return
        idx = np.flatnonzero(mask)
        problem: object = problems if isinstance(problems, str) else np.asarray(problems, dtype=object)
        value = np.asarray(shown[1], dtype=object)[shown[0][idx]] if shown is not None else None
        self.rejects.append(
            pd.DataFrame(
                {
                    "file": self.file,
                    "row": self.rows[idx],
                    "column": column,
                    "value": value,
                    "problem": problem,
                    "outcome": VALUE_LEFT_EMPTY,
                }
            )
        )

    def column(self, column: Column, rule: ColumnRule) -> tuple[pd.Series, Bool]:
        """The canonical column and a mask of rows to drop (a reject in a column that cannot be empty)."""
        n = len(self.frame)
        if rule.transform in {"constant", "file_date"}:
            value: Value = rule.value
            if rule.transform == "file_date" and column.type == ColumnType.INTEGER:
                year = self.survey_year if self.survey_year is not None else year_in_name(self.name)
                if year is None:
                    raise WresError(
                        f"{self.file}: profile {self.profile.name!r} needs the {column.name.replace('_', ' ')}, "
                        "which is not in the file name: give it with --survey-year YEAR"
                    )
                value = year
            elif rule.transform == "file_date":
                if self.file_date is None:
                    raise WresError(
                        f"{self.file}: profile {self.profile.name!r} needs the snapshot date, which is not in the "
                        "file name: give it with --snapshot-date YYYY-MM-DD"
                    )
                value = self.file_date
            series, _, missing, _ = _typed(column, [value], np.zeros(n, dtype=np.intp))
            return series, missing if not column.nullable else np.zeros(n, dtype=bool)
        present = self.present(rule.sources)
        label = " / ".join(present) if present else " / ".join(rule.sources)
        text_codes, distinct = self.distinct(rule.sources)
        codes: Codes
        if rule.transform == "band":
            group_codes, groups = self.distinct([rule.staff_group] if rule.staff_group else [])
            pair_codes, pairs = pd.factorize(text_codes.astype(np.int64) * len(groups) + group_codes)
            codes = np.asarray(pair_codes, dtype=np.intp)
            values: list[Value] = []
            raws: list[str] = []
            readings: list[dict[str, Any]] = []
            for pair in pairs:
                band_raw, group_raw = distinct[int(pair) // len(groups)], groups[int(pair) % len(groups)]
                group = (parse_staff_group(group_raw) or group_raw) if group_raw else None
                band = parse_band(band_raw, group) if band_raw else None
                values.append(band.code if band else None)
                raws.append(band_raw)
                readings.append({"read_as": band.code, "status": str(band.status)} if band else _BLANK_READING)
            self.tally.listing(column.name, label, codes, raws, readings)
        elif rule.transform == "pseudonym":
            series, missing, bad = self.pseudonym_column(rule.id_kind or "person", text_codes, distinct, label)
            self.require(column, label, missing & ~bad, None)
            return series, missing if not column.nullable else np.zeros(n, dtype=bool)
        else:
            codes = text_codes
            values = self.transform(rule, distinct)
            values = self.plausible(column, label, rule, values, codes, distinct)
        if rule.transform != "band":
            control = _controls(distinct)
            if control.any():
                values = [_Bad(CONTROL_PROBLEM) if c else v for v, c in zip(values, control, strict=True)]
        series, bad, missing, problems = _typed(column, values, codes)
        shown = self.shown_values(rule, present, text_codes, distinct, bad if column.nullable else bad | missing)
        self.reject(bad, label, shown, np.asarray(problems, dtype=object)[codes][bad].tolist())
        self.require(column, label, missing & ~bad, shown)
        return series, missing if not column.nullable else np.zeros(n, dtype=bool)

    def plausible(
        self, column: Column, label: str, rule: ColumnRule, values: list[Value], codes: Codes, distinct: list[str]
    ) -> list[Value]:
        """Values that parse but cannot be right become rejects (issue 13): a survey year outside
        ``earliest_survey_year`` to next year, a snapshot date in the future. A dd/mm/yyyy column of many dates
        none of whose days exceeds 12 is noted in :attr:`value_reads` (it may be mm/dd/yyyy)."""
        if column.name == "survey_year":
            low, high = self.options.earliest_survey_year, self.today.year + 1
            problem = f"survey year outside {low}-{high} (not a plausible fieldwork year)"
            values = [_Bad(problem) if isinstance(v, int) and not low <= v <= high else v for v in values]
        if column.name == "snapshot_date":
            problem = f"snapshot date in the future (after {self.today.isoformat()})"
            values = [_Bad(problem) if isinstance(v, dt.date) and v > self.today else v for v in values]
        if rule.transform == "number":
            values = _in_range(column, values)
        if rule.transform == "date_dmy":
            self.day_first(column.name, label, values, codes, distinct)
        if rule.transform == "ethnicity":
            self.ethnicity(column, label, codes, distinct)
        if column.name == "staff_group":
            readings = [
                {"read_as": v, "status": "read"}
                if isinstance(v, str)
                else _BLANK_READING
                if v is None
                else {"read_as": None, "status": "rejected"}
                for v in values
            ]
            self.tally.listing(column.name, label, codes, distinct, readings)
        return values

    def shown_values(
        self, rule: ColumnRule, present: Sequence[str], codes: Codes, distinct: list[str], rows: Bool
    ) -> tuple[Codes, list[str]]:
        """The distinct raw values of ``rows`` as a reject shows them (:func:`wres.ingest.personal.shown`, issue 13):
        masked when the column is personal (an id before pseudonymisation, a name, NI number, date of birth, free
        text) or the value looks personal (an NI number; a date outside a date column, such as a date of birth
        shifted into the next column)."""
        personal = rule.transform == "pseudonym" or any(is_personal_column(c) for c in (*present, *rule.sources))
        out = list(distinct)
        for u in np.unique(codes[rows]).tolist():
            out[u] = shown_value(out[u], personal=personal, date_column=rule.transform == "date_dmy") or ""
        return codes, out

    def ethnicity(self, column: Column, label: str, codes: Codes, distinct: list[str]) -> None:
        """List an ethnicity column's values with their parse (wres-domain.md §3.3); refuse a column that does not
        look like ethnicity (:func:`~wres.ingest.value_reads.ethnicity_refusal`) unless the user accepted it."""
        parses = [parse_ethnicity(v) for v in distinct]
        self.tally.listing(column.name, label, codes, distinct, [ethnicity_reading(p) for p in parses])
        if self.accept_ethnicity_column:
            return
        if self.deferred:  # judged over the whole file (Tally.refusal)
            self.tally.ethnicity_values(column.name, label, codes, distinct)
            return
        reason = ethnicity_refusal(column.name, codes, distinct, parses, self.options.min_known_ethnicity)
        if reason is not None:
            raise DataError([Problem(self.file, None, label, None, f"refused: {reason}")])

    def day_first(self, column: str, label: str, values: list[Value], codes: Codes, distinct: list[str]) -> None:
        """Note a column read as dd/mm/yyyy in which no day exceeds 12 over at least :data:`DAY_FIRST_MIN_ROWS`
        dates: every one of them is also a valid mm/dd/yyyy date, so the column may be month first."""
        dmy = [isinstance(v, dt.date) and _DMY.fullmatch(t) is not None for v, t in zip(values, distinct, strict=True)]
        counts = np.bincount(codes, minlength=len(distinct))
        rows = int(counts[np.asarray(dmy, dtype=bool)].sum()) if any(dmy) else 0
        days = [v.day for v, ok in zip(values, dmy, strict=True) if ok and isinstance(v, dt.date)]
        self.tally.day_first(column, label, rows, max(days, default=0))

    def require(self, column: Column, label: str, empty: Bool, shown: tuple[Codes, list[str]] | None) -> Bool:
        """Reject empty values of a column that cannot be empty; the rows to drop."""
        if column.nullable:
            return np.zeros(len(empty), dtype=bool)
        self.reject(empty, label, shown, "empty value in a column that cannot be empty")
        return empty

    def pseudonym_column(
        self, kind: str, codes: Codes, distinct: list[str], label: str
    ) -> tuple[pd.Series, Bool, Bool]:
        """Keyed pseudonyms of an id column (an Arrow-backed string Series), its missing and its bad masks.

        An id holding a control character is rejected (its value is never shown) and left missing.
        """
        control = _controls(distinct)
        ids = self.pseudonymiser.pseudonym_array(["" if c else t for t, c in zip(distinct, control, strict=True)], kind)
        missing = np.asarray(ids.is_null().to_numpy(zero_copy_only=False), dtype=bool)[codes]
        bad = control[codes]
        self.reject(bad, label, None, CONTROL_PROBLEM)
        return pd.Series(ids.take(codes).to_pandas(), dtype="str"), missing, bad

    def transform(self, rule: ColumnRule, distinct: list[str]) -> list[Value]:
        name = rule.transform
        if name == "text":
            return [v or None for v in distinct]
        if name == "date_dmy":
            return [_parse_date(v, self.options) for v in distinct]
        if name == "yes_no":
            return [_parse_yes_no(v) for v in distinct]
        if name == "ethnicity":
            return [parse_ethnicity(v).canonical_code for v in distinct]
        if name == "integer":
            return [_parse_integer(v) for v in distinct]
        if name == "number":
            return [_parse_number(v) for v in distinct]
        if name == "staff_group":
            return [_parse_staff_group(v) for v in distinct]
        if name == "map":
            parse = _mapper(rule)
            return [parse(v) for v in distinct]
        raise WresError(f"profile {self.profile.name!r}: transform {name!r} is not applicable here")


def _missing_columns(raw: RawTable, profile: Profile, given: frozenset[str] = frozenset()) -> list[Problem]:
    """The columns the profile needs that the file lacks (``given``: canonical columns given on the command line,
    such as ``org_code`` from ``--org``, whose source columns may be absent)."""
    seen = {normalise_name(c) for c in raw.columns}
    needed: list[tuple[str, ...]] = [
        r.sources
        for r in profile.rules
        if r.required and r.sources and r.transform != "derived_id" and r.column not in given
    ]
    needed += [(r.staff_group,) for r in profile.rules if r.required and r.staff_group]
    needed += [(c,) for c in profile.filter]
    if profile.resolve == "esr_assignments":
        needed.append((profile.primary_column,))
    problems = []
    for names in needed:
        if not any(normalise_name(n) in seen for n in names):
            what = " or ".join(repr(n) for n in names)
            problems.append(Problem(str(raw.path), raw.header_row, None, None, f"missing column {what}"))
    return problems


def _filter_mask(raw: RawTable, profile: Profile) -> Bool:
    lookup = {normalise_name(str(c)): str(c) for c in raw.frame.columns}
    keep = np.ones(len(raw.frame), dtype=bool)
    for name, accepted in profile.filter.items():
        codes, uniques = pd.factorize(raw.frame[lookup[normalise_name(name)]].to_numpy(object))
        ok = np.fromiter((normalise_name(str(u)) in accepted for u in uniques), dtype=bool, count=len(uniques))
        keep &= ok[codes] if len(uniques) else np.zeros(len(keep), dtype=bool)
    return keep


def _unknown_filter_values(raw: RawTable, profile: Profile) -> tuple[Bool, pd.DataFrame]:
    """Rows whose value of a filter column with known out-of-scope values (``profile.out_of_scope``) is in neither
    list, and one reject per such value (shown as :func:`wres.ingest.personal.shown` shows it); see the module
    docstring (issue 13)."""
    lookup = {normalise_name(str(c)): str(c) for c in raw.frame.columns}
    unknown = np.zeros(len(raw.frame), dtype=bool)
    parts: list[pd.DataFrame] = []
    source_rows = np.asarray(raw.source_rows, dtype=np.int64)
    for name, known in profile.out_of_scope.items():
        accepted = profile.filter[name]
        column = lookup[normalise_name(name)]
        codes, uniques = pd.factorize(raw.frame[column].to_numpy(object))
        values = [str(u) for u in uniques]
        bad_u = np.fromiter(
            (normalise_name(v) not in accepted and normalise_name(v) not in known for v in values),
            dtype=bool,
            count=len(values),
        )
        bad = bad_u[codes] if len(values) else np.zeros(len(unknown), dtype=bool)
        if not bad.any():
            continue
        unknown |= bad
        personal = is_personal_column(column)
        shown = np.asarray([shown_value(v, personal=personal) for v in values], dtype=object)
        problem = (
            f"neither in scope ({', '.join(sorted(accepted))}) nor a known out-of-scope value "
            f"({', '.join(sorted(known))}) of this column of profile {profile.name}: the column may be damaged; a "
            "value that is really out of scope belongs in the profile's [out_of_scope]"
        )
        idx = np.flatnonzero(bad)
        parts.append(
            pd.DataFrame(
                {
                    "file": str(raw.path),
                    "row": source_rows[idx],
                    "column": column,
                    "value": shown[codes[idx]],
                    "problem": problem,
                    "outcome": ROW_NOT_LOADED,
                }
            )
        )
    if not parts:
        return unknown, pd.DataFrame({c: pd.Series(dtype=object) for c in REJECT_COLUMNS})
    return unknown, pd.concat(parts, ignore_index=True)


def _answers(
    mapper: _Mapper, spec: AnswersSpec, out: pd.DataFrame, drop: Bool
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """The long item/response table of the kept rows: one row per non-empty item cell, in row then item order."""
    pattern = re.compile(spec.items)
    items = [c for c in mapper.frame.columns if pattern.fullmatch(str(c))]
    keep = ~drop
    parts: list[pd.DataFrame] = []
    for position, item in enumerate(items):
        codes, distinct = mapper.distinct([str(item)])
        filled = keep & np.array([bool(v) for v in distinct], dtype=bool)[codes]
        idx = np.flatnonzero(filled)
        part = out.iloc[idx][list(spec.keys)].reset_index(drop=True)
        part[ANSWER_ITEM] = str(item)
        part[ANSWER_RESPONSE] = pd.array(np.asarray(distinct, dtype=object)[codes[idx]], dtype="str")
        part["_row"], part["_item"] = idx, position
        parts.append(part)
    columns = list(TABLES[spec.table].column_names)
    if not parts:
        empty = pd.DataFrame({c: out[c].iloc[:0] if c in out else pd.Series(dtype="str") for c in columns})
        return empty, np.zeros(0, dtype=np.int64)
    long = pd.concat(parts, ignore_index=True).sort_values(["_row", "_item"], kind="stable")
    long[ANSWER_ITEM] = long[ANSWER_ITEM].astype("str")
    for name in spec.keys:
        if TABLES[spec.table].column(name).type == ColumnType.INTEGER:
            long[name] = long[name].astype(np.int64)
    return long.reset_index(drop=True)[columns], mapper.rows[long["_row"].to_numpy(dtype=np.intp)]


def _resolve_esr(
    mapper: _Mapper, out: pd.DataFrame, drop: Bool
) -> tuple[pd.DataFrame, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """One row per (organisation, snapshot, person): see the module docstring (wres-domain.md §4.4).

    Returns the kept rows, the position of each kept row, and per row the position of the row counted for its
    person (-1 for a row without a complete key or whose person has no row kept).

    Vectorised: the key is factorised to one integer per row, the rows are ordered by key, post kind
    (substantive or fixed-term first), primary flag, band order and file position with one ``lexsort``, and the
    first row of each key is kept.
    """
    codes, distinct = mapper.distinct([mapper.profile.primary_column])
    primary = np.array([u.casefold() in _YES for u in distinct], dtype=bool)[codes]
    band_codes, uniques = pd.factorize(out["band"])
    order = np.array([BANDS[u].order if u in BANDS else -1 for u in uniques] + [-1], dtype=np.int64)[band_codes]
    group = np.zeros(len(out), dtype=np.int64)
    has_key = np.ones(len(out), dtype=bool)
    for name in ("org_code", "snapshot_date", "person_id"):
        key_codes, key_uniques = pd.factorize(out[name])
        has_key &= key_codes >= 0
        group = group * (len(key_uniques) + 1) + key_codes + 1
    group = pd.factorize(group)[0].astype(np.int64)
    bank = (out["contract"] == "bank").fillna(False).to_numpy(dtype=bool)
    post = out["contract"].isin(_POSTS).to_numpy(dtype=bool)  # substantive or fixed-term
    size = int(group.max()) + 1 if len(group) else 0
    not_bank = np.bincount(group[has_key], weights=(~bank[has_key]).astype(np.float64), minlength=size)
    _assignment_conflicts(mapper, out, drop, group, has_key)
    candidates = np.flatnonzero(has_key & ~drop)
    c = candidates
    ranked = c[np.lexsort((c, -order[c], ~primary[c], ~post[c], group[c]))]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = group[ranked][1:] != group[ranked][:-1]
    chosen = np.sort(ranked[first])
    counted_of_group = np.full(size, -1, dtype=np.intp)
    counted_of_group[group[chosen]] = chosen
    counted = np.where(has_key, counted_of_group[group], -1).astype(np.intp)
    kept = out.iloc[chosen].reset_index(drop=True)
    kept["bank_only"] = not_bank[group[chosen]] == 0
    _ethnicity_conflicts(mapper, out, kept, group[candidates], candidates, chosen)
    return kept, chosen.astype(np.intp), counted


def _assignment_conflicts(
    mapper: _Mapper, out: pd.DataFrame, drop: Bool, group: npt.NDArray[np.int64], has_key: Bool
) -> None:
    """One assignment (same person, same assignment number) twice in one snapshot with different bands is a
    conflict, not a merge (issue 13): the §4.4 rule chooses among a person's *assignments*, and would otherwise
    silently take the higher band of one post written twice. The first row of the assignment stays; each later row
    with another band is a reject (not loaded) naming it. Updates ``drop`` in place. The assignment number is
    personal and never shown: the rows are named by their row numbers."""
    present = mapper.present([mapper.profile.assignment_column])
    if not present:
        return
    codes, distinct = mapper.distinct(present)
    numbered = np.array([bool(v) for v in distinct], dtype=bool)[codes]
    at = np.flatnonzero(has_key & ~drop & numbered)
    if not len(at):
        return
    band = out["band"].to_numpy(dtype=object)
    # one code per (person, assignment) in order of first appearance; np.unique's index is each code's first row
    pair = pd.factorize(group[at].astype(np.int64) * np.int64(len(distinct)) + codes[at].astype(np.int64))[0]
    first = at[np.unique(pair, return_index=True)[1][pair]]
    later = at[first != at]
    firsts = first[first != at]
    differ = np.array([band[p] != band[f] for p, f in zip(later, firsts, strict=True)], dtype=bool)
    if not differ.any():
        return
    later, firsts = later[differ], firsts[differ]
    drop[later] = True
    rule = mapper.profile.rule("band")
    label = " / ".join(mapper.present(rule.sources)) if rule is not None else "band"
    mapper.rejects.append(
        pd.DataFrame(
            {
                "file": mapper.file,
                "row": mapper.rows[later].astype(np.int64),
                "column": label or "band",
                "value": [shown_value(str(band[p]), personal=False) for p in later],
                "problem": [
                    f"the same assignment is on row {int(mapper.rows[f])} of this snapshot with band "
                    f"{band[f]}, this row has band {band[p]}: a conflict, not loaded (row {int(mapper.rows[f])} "
                    "is the one read)"
                    for p, f in zip(later, firsts, strict=True)
                ],
                "outcome": ROW_NOT_LOADED,
            }
        )
    )


def _ethnicity_conflicts(
    mapper: _Mapper,
    out: pd.DataFrame,
    kept: pd.DataFrame,
    groups: npt.NDArray[np.int64],
    candidates: npt.NDArray[np.intp],
    chosen: npt.NDArray[np.intp],
) -> None:
    """A person whose assignments in one snapshot disagree on ethnicity (which belongs to the person, not the post)
    is counted once as Unknown (``99``, as a conflicting value reads: wres-domain.md §3.3), and the counted row is a
    reject naming the other rows and their values (issue 13, ADR 9). Bands may differ: §4.4 chooses among them."""
    if not len(candidates):
        return
    codes = pd.factorize(out["ethnic_category"].to_numpy(dtype=object)[candidates])[0]
    pairs = np.unique(np.stack([groups, codes]), axis=1)
    conflict = np.bincount(pairs[0], minlength=int(groups.max()) + 1) > 1
    if not conflict.any():
        return
    rule = mapper.profile.rule("ethnic_category")
    sources = rule.sources if rule is not None else ()
    label = " / ".join(mapper.present(sources)) or " / ".join(sources)
    raw_codes, raw_values = mapper.distinct(sources)
    group_of = dict(zip(candidates.tolist(), groups.tolist(), strict=True))
    members: dict[int, list[int]] = {}
    for position, g in zip(candidates.tolist(), groups.tolist(), strict=True):
        if conflict[g]:
            members.setdefault(g, []).append(position)
    rows, problems, values = [], [], []
    counted = np.zeros(len(kept), dtype=bool)
    for k, position in enumerate(chosen.tolist()):
        g = group_of[position]
        if not conflict[g]:
            continue
        counted[k] = True
        others = [p for p in members[g] if p != position]
        listed = "; ".join(
            f"row {int(mapper.rows[p])}: {shown_value(raw_values[raw_codes[p]], personal=False)}" for p in others
        )
        rows.append(int(mapper.rows[position]))
        values.append(shown_value(raw_values[raw_codes[position]], personal=False))
        problems.append(
            f"this person's assignments in this snapshot disagree on ethnicity ({listed}): counted once, as "
            "Unknown (99)"
        )
    kept.loc[counted, "ethnic_category"] = NOT_KNOWN_CODE
    mapper.rejects.append(
        pd.DataFrame(
            {
                "file": mapper.file,
                "row": np.asarray(rows, dtype=np.int64),
                "column": label,
                "value": values,
                "problem": problems,
                "outcome": VALUE_LEFT_EMPTY,
            }
        )
    )


def apply_profile(
    raw: RawTable,
    profile: Profile,
    pseudonymiser: Pseudonymiser,
    *,
    file_date: dt.date | None = None,
    options: IngestOptions | None = None,
    today: dt.date | None = None,
    accept_ethnicity_column: bool = False,
    survey_year: int | None = None,
    org_code: str | None = None,
    tally: Tally | None = None,
) -> TransformResult:
    """Map ``raw`` to the canonical table of ``profile`` (see the module docstring for the rules).

    Args:
        raw: The raw file as read by :func:`wres.ingest.readers.read_raw`.
        profile: The mapping profile (e.g. from :func:`wres.ingest.profiles.detect_profile`).
        pseudonymiser: Keyed pseudonymiser for person, applicant, board member and respondent ids.
        file_date: Snapshot date for ``file_date`` date columns (``--snapshot-date``); default the date in the
            file name (:func:`file_date_from_name`).
        options: What is plausible (date range, survey years); default :class:`~wres.config.IngestOptions`.
        today: The date that "in the future" is measured from; default today.
        accept_ethnicity_column: Map an ethnicity column even if it does not look like one (see
            :func:`wres.ingest.value_reads.ethnicity_refusal`).
        survey_year: The year for ``file_date`` whole-number columns (``--survey-year``); default the year in the
            file name (:func:`wres.ingest.file_dates.year_in_name`).
        org_code: The organisation of every row (``--org``): fills ``org_code`` where the file has no column
            for it; where it has one, a row of another organisation refuses the file. Ignored for an
            organisations list.
        tally: ``raw`` is one chunk of a file (:func:`wres.ingest.readers.read_csv_chunks`): the rules over the
            whole file (the value listings, month-first dates, the ethnicity column's refusal, identical rows) are
            added to ``tally`` for the caller to judge after the last chunk, and the result's ``value_reads`` and
            ``identical_rows`` are left empty. Default: ``raw`` is the whole file.

    Raises:
        DataError: a column the profile needs is missing from the file, or a mapped ethnicity column does not look
            like ethnicity (unless ``accept_ethnicity_column``).
        WresError: the profile needs a snapshot date and none is known, or the snapshot date is in the future.
    """
    if profile.table == "organisations":  # --org names the extracts' organisation, not the organisations listed
        org_code = None
    given = frozenset({"org_code"}) if org_code is not None else frozenset()
    problems = _missing_columns(raw, profile, given)
    if problems:
        raise DataError(problems)
    if org_code is not None:
        profile = _with_org(raw, profile, org_code)
    needs_date = any(r.transform == "file_date" and _is_date(profile, r.column) for r in profile.rules)
    if file_date is None and needs_date:
        file_date = file_date_from_name(profile, raw.path)
    options = options or IngestOptions()
    today = today or dt.date.today()
    if file_date is not None and file_date > today:
        raise WresError(
            f"{raw.path}: refused: the snapshot date {file_date.isoformat()} is in the future (today is "
            f"{today.isoformat()}); check the date in the file name, or the one given"
        )
    keep = _filter_mask(raw, profile)
    unknown, filter_rejects = _unknown_filter_values(raw, profile)
    frame = raw.frame[keep].reset_index(drop=True)
    rows = np.asarray(raw.source_rows, dtype=np.int64)[keep]
    mapper = _Mapper(
        raw, profile, frame, rows, pseudonymiser, file_date, options, today, accept_ethnicity_column, survey_year, tally
    )
    table = TABLES[profile.table]
    columns: dict[str, pd.Series] = {}
    drop = np.zeros(len(frame), dtype=bool)
    for column in table.columns:
        rule = profile.rule(column.name)
        if rule is None or rule.transform == "derived_id":
            columns[column.name] = _empty(column, len(frame))
            continue
        series, dropped = mapper.column(column, rule)
        columns[column.name] = series
        drop |= dropped
    out = pd.DataFrame(columns)
    for rule in profile.rules:
        if rule.transform == "derived_id":
            out[rule.column] = derived_ids(out, rule.sources)
    if org_code is not None:
        _check_org(raw, out, drop, org_code)
    tables: dict[str, pd.DataFrame] = {}
    source_rows: dict[str, npt.NDArray[np.int64]] = {}
    if profile.answers is not None:
        answers, answer_rows = _answers(mapper, profile.answers, out, drop)
        tables[profile.answers.table] = answers
        source_rows[profile.answers.table] = answer_rows
    counted = np.full(len(out), -1, dtype=np.intp)
    if profile.resolve == "esr_assignments":
        out, kept, counted = _resolve_esr(mapper, out, drop)
    else:
        kept = np.flatnonzero(~drop)
        out = out.iloc[kept]
    merged_at = np.setdiff1d(np.flatnonzero(~drop), kept)
    merged_rows = rows[merged_at]
    merged = len(merged_rows)
    at = counted[merged_at]
    out = out.reset_index(drop=True)[list(table.column_names)]
    for column in table.columns:
        if column.type == ColumnType.BOOLEAN and not column.nullable:
            out[column.name] = out[column.name].astype(bool)
        elif column.type == ColumnType.INTEGER and not column.nullable:
            out[column.name] = out[column.name].astype(np.int64)
    tables = {table.name: out, **tables}
    source_rows = {table.name: rows[kept], **source_rows}
    if raw.damaged:
        mapper.rejects.append(_damaged_rejects(raw))
    if len(filter_rejects):
        mapper.rejects.append(filter_rejects)
    not_read = np.concatenate(  # rows rejected whole before mapping: damaged, or a filter column's unknown value
        [np.asarray([r for r, _ in raw.damaged], dtype=np.int64), np.asarray(raw.source_rows, dtype=np.int64)[unknown]]
    )
    mapper.hash_rows()
    rejects = (
        pd.concat(mapper.rejects, ignore_index=True)
        if mapper.rejects
        else pd.DataFrame({c: pd.Series(dtype=object) for c in REJECT_COLUMNS})
    )
    rejects = rejects.astype({"row": "int64"}).sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    if len(rejects):
        dropped = np.isin(rejects["row"].to_numpy(), np.concatenate([rows[drop], not_read]))
        rejects["outcome"] = np.where(dropped, ROW_NOT_LOADED, VALUE_LEFT_EMPTY)
        # one raw column mapped to two canonical columns (a decision date for both application and shortlisting
        # dates) reports each bad value once (issue 13)
        rejects = rejects.drop_duplicates(["row", "column", "problem"]).reset_index(drop=True)
    return TransformResult(
        profile.name,
        tables,
        rejects,
        source_rows,
        rows_read=len(raw.frame) + len(raw.damaged),
        out_of_scope=int((~keep & ~unknown).sum()),
        merged=merged,
        identical_rows=0 if tally is not None else mapper.tally.identical_rows(),
        set_aside=_set_aside(raw, profile, keep | unknown, merged_rows, np.where(at >= 0, rows[at], -1)),
        value_reads={} if tally is not None else mapper.tally.value_reads(),
    )


def _damaged_rejects(raw: RawTable) -> pd.DataFrame:
    """One reject per row whose cells do not match the header (see the module docstring), its value withheld."""
    header, named = raw.header_cells or len(raw.columns), len(raw.columns)

    def problem(cells: int) -> str:
        if cells < named:
            why = "a cell is missing (deleted, shifting the values left)"
        elif cells > max(header, named):
            why = "a delimiter inside a value is not quoted (shifting the values right)"
        else:
            why = "a value lies beyond the named columns"
        return f"has {cells} cells, the header has {header}: {why}; the values cannot be matched to columns"

    return pd.DataFrame(
        {
            "file": str(raw.path),
            "row": np.asarray([row for row, _ in raw.damaged], dtype=np.int64),
            "column": WHOLE_ROW,
            "value": None,
            "problem": [problem(cells) for _, cells in raw.damaged],
            "outcome": ROW_NOT_LOADED,
        }
    )


def _is_date(profile: Profile, column: str) -> bool:
    return TABLES[profile.table].column(column).type == ColumnType.DATE


def _with_org(raw: RawTable, profile: Profile, org_code: str) -> Profile:
    """``profile`` with ``org_code`` a constant where the file has none of the rule's source columns (``--org``)."""
    seen = {normalise_name(c) for c in raw.columns}
    rule = profile.rule("org_code")
    if rule is not None and any(normalise_name(n) in seen for n in rule.sources):
        return profile
    constant = ColumnRule("org_code", (), "constant", value=org_code)
    rules = (*(r for r in profile.rules if r.column != "org_code"), constant)
    return replace(profile, rules=rules)


def _check_org(raw: RawTable, out: pd.DataFrame, drop: Bool, org_code: str) -> None:
    """Refuse a file whose own organisation column names another organisation than ``--org``."""
    codes = out.loc[~drop, "org_code"].dropna().astype(str)
    other = sorted(set(codes) - {org_code})
    if other:
        shown = ", ".join(other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
        raise WresError(
            f"{raw.path}: refused: its rows are of organisation {shown}, not --org {org_code}; drop --org to "
            "import the organisation the file names"
        )


DERIVED_ID_PREFIX: Final = "D"
"""The first letter of a derived record id (:func:`derived_ids`)."""


def derived_ids(table: pd.DataFrame, sources: Sequence[str]) -> pd.Series:
    """A record id made from canonical columns (transform ``derived_id``, docs/profiles.md), for exports without one
    (learning records without ids, issue 13): ``D`` followed by the first 20 hexadecimal digits (upper case) of the
    SHA-256 of the values joined by the unit separator (``\x1f``), each as stored: a pseudonym, text, a date in ISO
    form, ``true``/``false``, an empty string for a missing value. Stable: the same record gives the same id in
    every export whatever its row order or date format, and two rows alike in every source are the same record
    (a duplicate id). Ids of people enter only as their keyed pseudonyms, so the id reveals no one."""
    import hashlib

    def text(value: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
            return ""
        if isinstance(value, pd.Timestamp | dt.date):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, bool | np.bool_):
            return "true" if value else "false"
        return str(value)

    joined = ["\x1f".join(text(v) for v in row) for row in table[list(sources)].itertuples(index=False, name=None)]
    codes, uniques = pd.factorize(pd.Series(joined, dtype=object))
    ids = np.array(
        [DERIVED_ID_PREFIX + hashlib.sha256(u.encode("utf-8")).hexdigest()[:20].upper() for u in uniques] + [""],
        dtype=object,
    )
    return pd.Series(ids[codes], index=table.index, dtype="str")


_ESR_RULE: Final = "substantive or fixed-term before bank or honorary, then the primary, then the highest band"


def _set_aside(
    raw: RawTable,
    profile: Profile,
    keep: Bool,
    merged_rows: npt.NDArray[np.int64],
    counted_rows: npt.NDArray[np.int64],
) -> pd.DataFrame:
    """Rows not loaded by design, one line each: out of the profile's scope, or merged into another row
    (``counted_rows``: for each merged row, the file row of the assignment counted instead)."""
    file = str(raw.path)
    parts: list[pd.DataFrame] = []
    if (~keep).any():
        lookup = {normalise_name(str(c)): str(c) for c in raw.frame.columns}
        names = [lookup[normalise_name(n)] for n in profile.filter]
        cells = raw.frame.loc[~keep, names].astype(str)
        for name in names:  # the filter's values as a reject shows them (wres.ingest.personal.shown)
            personal = is_personal_column(name)
            cells[name] = cells[name].map({v: shown_value(v, personal=personal) for v in cells[name].unique()})
        values = cells.agg(" / ".join, axis=1).to_numpy(dtype=object)
        wanted = "; ".join(f"{n} is one of {', '.join(sorted(v))}" for n, v in profile.filter.items())
        parts.append(
            pd.DataFrame(
                {
                    "file": file,
                    "row": np.asarray(raw.source_rows, dtype=np.int64)[~keep],
                    "column": " / ".join(names),
                    "value": values,
                    "problem": f"out of scope for profile {profile.name} (it loads rows where {wanted})",
                    "outcome": OUT_OF_SCOPE,
                }
            )
        )
    if len(merged_rows):
        parts.append(
            pd.DataFrame(
                {
                    "file": file,
                    "row": merged_rows,
                    "column": profile.primary_column,
                    "value": None,
                    "problem": [
                        f"{f'row {n}' if n >= 0 else 'another row'} is the assignment counted for this person "
                        f"({_ESR_RULE})"
                        for n in counted_rows
                    ],
                    "outcome": MERGED,
                }
            )
        )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in REJECT_COLUMNS})
    return pd.concat(parts, ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)
