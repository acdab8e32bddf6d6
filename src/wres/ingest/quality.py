"""The data-quality report of one imported file.

Computed from the canonical rows the file produced (after mapping and validation) and, for links to staff, from
the store. Every figure is a count with its base, so a reader can judge it; nothing in the report identifies a
person (pseudonymous ids are counted, never listed).

Sections (each present only where it applies):

* ``ethnicity``: completeness of ethnic category (rows whose category is stated, i.e. not Not stated / Unknown
  (``Z``, ``99``)), per canonical table;
* ``unmatched_staff``: case and learning records whose person id matches nobody in the organisation's staff
  records (in the store or in the same import), which usually means the extracts were pseudonymised with
  different keys or the id column is not the ESR employee number;
* ``periods``: rows per reporting period (snapshot date, activity year or survey year);
* ``activity_years``: for the event tables that indicators 3 and 4 read (disciplinary, training), the activity
  years the file covers with their record counts, and ``gaps``: activity years between its first and last that
  hold no record. A year with no record is *missing* for the indicators (``missing_input``), never a year with no
  events (wres-domain.md §5.0, "Coverage per activity year");
* ``dates_outside_period``: dates in the future, staff snapshots not dated 31 March, and rows of an event file
  in a period that holds under 5% of the file's rows (usually stray dates outside the extract's year);
* ``duplicates``: identical raw rows, and repeated keys.

Two more sections are read off the raw values by :mod:`wres.ingest.transform` and added by the importer (issue 13):

* ``values``: every distinct raw value of the ethnicity, band and staff group columns with what it was read as and
  its row count (wres-domain.md §3.3; :func:`wres.ingest.value_reads.listing`); bands read as ``UNMAPPED`` are
  there with their raw values;
* ``day_first_ambiguous``: dd/mm/yyyy columns of many dates none of whose days exceeds 12 (possibly mm/dd/yyyy).

And one the importer adds from the configuration (issue 13):

* ``unread_survey_answers``: answers to an item that year's question map uses (``[survey.question_map]``) which
  are none of its valid or adverse labels, so that no indicator reads them: the indicators compare labels exactly
  (wres-domain.md §5.5–5.8), and a ``Don’t know`` with a typographic apostrophe or a lower-case ``yes`` would
  otherwise drop its respondent from a base without a word (:func:`unread_survey_answers`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from wres.config import SurveyItem
from wres.data.schema import TABLES
from wres.ingest.personal import shown
from wres.vocab.ethnicity import CATEGORIES, WresGroup

__all__ = [
    "COVERAGE_TABLES",
    "STRAY_PERIOD_SHARE",
    "activity_years",
    "file_quality",
    "unmatched_staff",
    "unread_survey_answers",
]

STRAY_PERIOD_SHARE = 0.05
_UNKNOWN = frozenset(code for code, cat in CATEGORIES.items() if cat.wres_group is WresGroup.UNKNOWN)
_DATES = {
    "recruitment": ("application_date", "shortlisting_date"),
    "disciplinary": ("investigation_start",),
    "training": ("start_date",),
}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _ethnicity(name: str, frame: pd.DataFrame) -> dict[str, Any] | None:
    if "ethnic_category" not in frame:
        return None
    codes = frame["ethnic_category"]
    unknown = int((codes.isna() | codes.isin(_UNKNOWN)).sum())
    return {
        "table": name,
        "rows": len(frame),
        "stated": len(frame) - unknown,
        "not_stated_or_unknown": unknown,
        "completeness": _share(len(frame) - unknown, len(frame)),
    }


def _periods(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> dict[str, int]:
    con.register("_wres_quality", frame)
    try:
        rows = con.execute(
            f"SELECT {TABLES[name].period} AS p, count(*) FROM _wres_quality GROUP BY ALL ORDER BY p"
        ).fetchall()
    finally:
        con.unregister("_wres_quality")
    return {str(p): int(n) for p, n in rows}


COVERAGE_TABLES = {"disciplinary": "3", "training": "4"}
"""Event tables whose activity years decide whether an indicator's year is covered (table → indicator)."""


def activity_years(periods: dict[str, int]) -> dict[str, Any]:
    """The activity years an event table's rows cover (``periods`` as labelled by the table's period expression,
    e.g. ``2023/24``) with their record counts, and the years between the first and last with none (``gaps``)."""
    starts = sorted(int(label[:4]) for label in periods if label[:4].isdigit())
    gaps = [f"{y}/{(y + 1) % 100:02d}" for y in range(starts[0], starts[-1] + 1) if y not in starts] if starts else []
    return {"years": dict(periods), "gaps": gaps}


def _outside(name: str, frame: pd.DataFrame, periods: dict[str, int], today: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    future = 0
    for column in _DATES.get(name, ()) + (("snapshot_date",) if "snapshot_date" in frame else ()):
        dates = pd.to_datetime(frame[column])
        future += int((dates > pd.Timestamp(today)).sum())
        if column == "snapshot_date":
            not_march = dates.notna() & ~((dates.dt.month == 3) & (dates.dt.day == 31))
            if not_march.any():
                out["snapshot_not_31_march"] = int(not_march.sum())
    if future:
        out["future_dates"] = future
    if name in _DATES and periods:
        total = sum(periods.values())
        stray = {p: n for p, n in periods.items() if n < STRAY_PERIOD_SHARE * total}
        if stray and len(stray) < len(periods):
            out["rows_in_minor_periods"] = stray
    return out


def file_quality(
    con: duckdb.DuckDBPyConnection,
    tables: Mapping[str, pd.DataFrame],
    *,
    identical_rows: int,
    duplicate_keys: int,
    merged_assignments: int,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The quality report of one file's canonical tables (``unmatched_staff`` is added by the importer)."""
    today = today or dt.date.today()
    report: dict[str, Any] = {"ethnicity": [], "periods": {}, "activity_years": {}, "dates_outside_period": {}}
    for name, frame in tables.items():
        ethnicity = _ethnicity(name, frame)
        if ethnicity is not None:
            report["ethnicity"].append(ethnicity)
        if "org_code" in frame and TABLES[name].period != "'all'":
            periods = _periods(con, name, frame)
            report["periods"][name] = periods
            if name in COVERAGE_TABLES:
                report["activity_years"][name] = activity_years(periods)
            outside = _outside(name, frame, periods, today)
            if outside:
                report["dates_outside_period"][name] = outside
    report["duplicates"] = {
        "identical_rows": identical_rows,
        "repeated_keys": duplicate_keys,
        "assignments_merged_into_one_person": merged_assignments,
    }
    return report


def unmatched_staff(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, imported_staff: pd.DataFrame | None
) -> dict[str, Any] | None:
    """Records of ``frame`` (disciplinary or training) whose person matches no staff record of the organisation."""
    if name not in {"disciplinary", "training"} or frame.empty:
        return None
    con.register("_wres_records", frame[["org_code", "person_id"]])
    staff = (
        imported_staff[["org_code", "person_id"]]
        if imported_staff is not None
        else pd.DataFrame({"org_code": pd.Series(dtype="str"), "person_id": pd.Series(dtype="str")})
    )
    con.register("_wres_new_staff", staff)
    try:
        row = con.execute(
            "SELECT count(*), count(DISTINCT person_id) FROM _wres_records r WHERE NOT EXISTS (SELECT 1 FROM staff s "
            "WHERE s.org_code = r.org_code AND s.person_id = r.person_id) AND NOT EXISTS (SELECT 1 FROM "
            "_wres_new_staff n WHERE n.org_code = r.org_code AND n.person_id = r.person_id)"
        ).fetchall()[0]
    finally:
        con.unregister("_wres_records")
        con.unregister("_wres_new_staff")
    records, people = int(row[0]), int(row[1])
    return {
        "table": name,
        "records": len(frame),
        "unmatched_records": records,
        "unmatched_people": people,
        "unmatched_share": _share(records, len(frame)),
    }


def unread_survey_answers(
    answers: pd.DataFrame | None, question_map: Mapping[int, Mapping[str, SurveyItem]]
) -> dict[str, Any] | None:
    """The answers of ``answers`` (a ``survey_answers`` table) that no indicator reads: answers to an item the
    year's question map uses that are none of the labels, valid or adverse, of any indicator using the item. Labels
    are compared exactly, as the indicators compare them (:mod:`wres.indicators.survey`, wres-domain.md §5.5–5.8).

    Returns ``None`` when there is nothing to check, else the answers checked, how many are unread and each unread
    (item, value) with its count, most frequent first; a value that looks personal is masked
    (:func:`wres.ingest.personal.shown`).
    """
    if answers is None or answers.empty:
        return None
    labels: dict[tuple[int, str], set[str]] = {}
    for year, indicators in question_map.items():
        for spec in indicators.values():
            for item in spec.items:
                labels.setdefault((int(year), item), set()).update(spec.valid, spec.adverse)
    checked = 0
    unread: dict[tuple[str, str], int] = {}
    for year, item, response in zip(answers["survey_year"], answers["item"], answers["response"], strict=True):
        known = labels.get((int(year), str(item)))
        if known is None:
            continue
        checked += 1
        if str(response) not in known:
            unread[(str(item), str(response))] = unread.get((str(item), str(response)), 0) + 1
    if not checked:
        return None
    values = [
        {"item": item, "value": shown(value, personal=False), "rows": n}
        for (item, value), n in sorted(unread.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return {"answers": checked, "unread": sum(unread.values()), "values": values}
