"""A plan read back from the template's workbook or CSV folder, every problem listed or nothing returned.

The cells of each sheet are read first, within the reader limits (:mod:`wres.plan.spreadsheet.cells`), then
:func:`plan_from_sheets` turns them into a :class:`wres.plan.records.Plan`. Every problem found (an unknown or
missing column, an empty required cell, a value that is not a number, a date or a known word, a ref used but
never defined or defined twice, a due date before the start) is a :class:`wres.errors.Problem` naming the sheet or
file, the row as the user sees it, the column's heading and what is wrong; all of them are raised together as one
:class:`wres.errors.DataError`.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from wres.config import ReaderLimits
from wres.errors import DataError, Problem
from wres.indicators.fine import INDICATORS
from wres.ingest.limits import configured_limits
from wres.ingest.readers import cell_text
from wres.plan import records as r
from wres.plan.spreadsheet.cells import RawSheet, blank, csv_sheets, norm, xlsx_sheets
from wres.plan.spreadsheet.template import (
    ACTIONS,
    COMMITMENTS,
    ENGAGEMENT,
    GROUPINGS,
    MEASURES,
    OBJECTIVES,
    PLAN,
    REVIEW_DATA,
    REVIEWS,
    SAID_DID,
    SHEETS,
    Column,
    SheetSpec,
    label,
    word_key,
)

__all__ = ["plan_from_sheets", "read_csv", "read_xlsx"]

MAX_PROBLEMS: Final = 1000
"""Problems kept (all are counted)."""
_UK_DATE: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def read_xlsx(path: Path, *, limits: ReaderLimits | None = None) -> r.Plan:
    """The plan in the template's workbook at ``path``. Raises :class:`wres.errors.DataError` listing every problem
    (or a :class:`wres.errors.WresError` for a file that cannot be read or is over the reader limits)."""
    sheets, problems = xlsx_sheets(path, limits or configured_limits())
    return plan_from_sheets(sheets, problems, missing_where=str(path))


def read_csv(folder: Path, *, limits: ReaderLimits | None = None) -> r.Plan:
    """The plan in the template's CSV files in ``folder`` (:attr:`SheetSpec.file`; ``README.csv`` is not read).
    Raises :class:`wres.errors.DataError` listing every problem (or a :class:`wres.errors.WresError` for a file
    that cannot be read or is over the reader limits)."""
    sheets, problems = csv_sheets(folder, limits or configured_limits())
    return plan_from_sheets(sheets, problems, missing_where=str(folder))


# ---------------------------------------------------------------------------------------------- parsing cells


_BAD: Final = object()
"""A cell that had a problem (already recorded)."""


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, where: str, row: int | None, column: str | None, value: object, problem: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            shown = None if value is None else cell_text(value)
            self.problems.append(Problem(where, row, column, shown, problem))


def _parse_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    return None


def _parse_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def _parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    with contextlib.suppress(ValueError):
        return date.fromisoformat(text)
    match = _UK_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        with contextlib.suppress(ValueError):
            return date(year, month, day)
    return None


def _items(value: object) -> list[str]:
    return [item.strip() for item in cell_text(value).split(";") if item.strip()]


def _cell(column: Column, value: object, where: str, row: int, out: _Collector) -> object:
    """A cell's value, parsed by its column's kind: None for an empty optional cell, :data:`_BAD` for a problem."""
    heading = column.heading
    if blank(value) and not (column.kind == "text" and not column.required and value):  # optional text: as written
        if column.required:
            out.add(where, row, heading, None, "empty, but the column is required")
            return _BAD
        return None
    kind = column.kind
    if kind == "text":
        return value if isinstance(value, str) else cell_text(value)
    if kind == "ref":
        return cell_text(value).strip()
    if kind == "list":
        return tuple(_items(value))
    if kind == "int":
        whole = _parse_int(value)
        if whole is None:
            out.add(where, row, heading, value, "not a whole number")
            return _BAD
        return whole
    if kind == "number":
        number = _parse_number(value)
        if number is None:
            out.add(where, row, heading, value, "not a number")
            return _BAD
        return number
    if kind == "date":
        day = _parse_date(value)
        if day is None:
            out.add(
                where, row, heading, value, "not a date (write it as YYYY-MM-DD or DD/MM/YYYY, or as an Excel date)"
            )
            return _BAD
        return day
    if kind == "ints":
        numbers = []
        for item in _items(value):
            n = _parse_int(item)
            if n is None or n not in r.HIGH_IMPACT_ACTIONS:
                out.add(where, row, heading, item, "not a high impact action (a whole number from 1 to 6)")
                return _BAD
            numbers.append(n)
        return tuple(numbers)
    assert column.enum is not None
    key = word_key(cell_text(value))
    for member in column.enum:
        if key in (word_key(member.value), word_key(label(member))):
            return member
    words = ", ".join(label(m) for m in column.enum)
    out.add(where, row, heading, value, f"unknown word; use one of: {words}")
    return _BAD


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    ok: bool


def _rows(spec: SheetSpec, sheet: RawSheet | None, out: _Collector) -> list[_Row]:
    """A sheet's rows parsed by its columns (heading → value; missing optional columns as empty cells)."""
    if sheet is None:
        return []
    where = sheet.where
    by_heading = {norm(c.heading): c for c in spec.columns}
    index: dict[str, int] = {}
    for j, cell in enumerate(sheet.header):
        heading = cell_text(cell).strip()
        if not heading:
            if any(j < len(cells) and not blank(cells[j]) for _, cells in sheet.rows):
                out.add(where, sheet.header_row, f"column {j + 1}", None, "values under an empty heading")
            continue
        column = by_heading.get(norm(heading))
        if column is None:
            out.add(where, sheet.header_row, heading, None, f"unknown column (see the README for {spec.name!r})")
        elif column.heading in index:
            out.add(where, sheet.header_row, heading, None, "the column appears twice")
        else:
            index[column.heading] = j
    missing = [c for c in spec.columns if c.required and c.heading not in index]
    for column in missing:
        out.add(where, sheet.header_row, column.heading, None, "required column is missing")
    if missing:
        return []
    parsed = []
    for number, cells in sheet.rows:
        before = out.total
        values = {}
        for column in spec.columns:
            at = index.get(column.heading)
            raw = cells[at] if at is not None and at < len(cells) else None
            values[column.heading] = _cell(column, raw, where, number, out)
        parsed.append(_Row(number, values, out.total == before))
    return parsed


def _or(value: object, default: Any) -> Any:
    return default if value is None else value


def _person(values: dict[str, Any], who: str) -> r.Person:
    return r.Person(_or(values.get(f"{who} (account)"), ""), _or(values.get(f"{who} (role title)"), ""))


def _measure(row: _Row, where: str, out: _Collector) -> r.Measure | None:
    v = row.values
    ok = row.ok
    if v["Indicator"] is not None and v["Indicator"] is not _BAD and v["Indicator"] not in INDICATORS:
        out.add(where, row.number, "Indicator", v["Indicator"], "unknown indicator; use 1 to 9")
        ok = False
    grouping = v["Grouping"]
    if grouping is not None and grouping is not _BAD and grouping not in GROUPINGS:
        out.add(where, row.number, "Grouping", grouping, "unknown grouping; use wres, group5 or group9")
        ok = False
    if not ok:
        return None
    return r.Measure(
        indicator=v["Indicator"],
        breakdown=_or(v["Breakdown"], "overall"),
        stratum=_or(v["Stratum"], "all"),
        category=_or(v["Category"], "all"),
        grouping=_or(grouping, "wres"),
        group=_or(v["Group"], "BME"),
        variant=_or(v["Variant"], ""),
    )


def _unique(rows: list[_Row], heading: str, where: str, what: str, out: _Collector) -> dict[str, int]:
    """Each ref of ``heading`` → the row it is first defined in; a second definition is a problem."""
    first: dict[str, int] = {}
    for row in rows:
        ref = row.values[heading]
        if not isinstance(ref, str):
            continue
        if ref in first:
            out.add(where, row.number, heading, ref, f"duplicate {what} ref (first in row {first[ref]})")
            row.ok = False
        else:
            first[ref] = row.number
    return first


def _known(
    refs: Iterable[str], defined: dict[str, int], row: _Row, heading: str, where: str, sheet: str, out: _Collector
) -> None:
    for ref in refs:
        if ref not in defined:
            out.add(where, row.number, heading, ref, f"ref {ref!r} is not on the {sheet} sheet")
            row.ok = False


def plan_from_sheets(sheets: dict[str, RawSheet], problems: list[Problem], *, missing_where: str) -> r.Plan:
    """The plan in the sheets' cells (sheet name → cells), or :class:`DataError` with ``problems`` and every
    problem found here."""
    out = _Collector(list(problems), len(problems))
    where = {s.name: (sheets[s.name].where if s.name in sheets else missing_where) for s in SHEETS}
    rows = {s.name: _rows(s, sheets.get(s.name), out) for s in SHEETS}

    plan_rows = rows[PLAN.name]
    if PLAN.name in sheets and not plan_rows and sheets[PLAN.name].header:
        out.add(where[PLAN.name], None, None, None, "no plan: fill in the row under the headings")
    for extra in plan_rows[1:]:
        out.add(where[PLAN.name], extra.number, None, None, "a second plan row: the sheet holds one plan")
    if plan_rows and plan_rows[0].ok:
        v = plan_rows[0].values
        if v["End year"] < v["Start year"]:
            out.add(
                where[PLAN.name],
                plan_rows[0].number,
                "End year",
                v["End year"],
                "the end year is before the start year",
            )

    # Objectives and their measures
    w = where[OBJECTIVES.name]
    objective_refs = _unique(rows[OBJECTIVES.name], "Objective ref", w, "objective", out)
    measures: dict[str, list[r.Measure]] = {}
    for row in rows[MEASURES.name]:
        ref = row.values["Objective ref"]
        if isinstance(ref, str) and ref not in objective_refs:
            out.add(
                where[MEASURES.name], row.number, "Objective ref", ref, f"ref {ref!r} is not on the Objectives sheet"
            )
            row.ok = False
        measure = _measure(row, where[MEASURES.name], out)
        if measure is not None:
            measures.setdefault(ref, []).append(measure)
    objectives = []
    for row in rows[OBJECTIVES.name]:
        v = row.values
        if row.ok and v["Target year"] < v["Baseline year"]:
            out.add(w, row.number, "Target year", v["Target year"], "the target year is before the baseline year")
            row.ok = False
        if isinstance(v["Objective ref"], str) and not any(
            m.values["Objective ref"] == v["Objective ref"] for m in rows[MEASURES.name]
        ):
            out.add(
                w, row.number, "Objective ref", v["Objective ref"], "no measure: add a row for it on the Measures sheet"
            )
            row.ok = False
        if row.ok:
            objectives.append(
                r.Objective(
                    ref=v["Objective ref"],
                    title=v["Title"],
                    description=_or(v["Description"], ""),
                    measures=tuple(measures.get(v["Objective ref"], ())),
                    baseline_year=v["Baseline year"],
                    baseline_value=v["Baseline value"],
                    target_value=v["Target value"],
                    target_year=v["Target year"],
                    trajectory=_or(v["Trajectory"], r.TrajectoryKind.STRAIGHT),
                    sponsor=_person(v, "Sponsor"),
                    owner=_person(v, "Owner"),
                    high_impact_actions=_or(v["High impact actions"], ()),
                    networks=_or(v["Networks"], ()),
                )
            )

    # Actions
    w = where[ACTIONS.name]
    action_refs = _unique(rows[ACTIONS.name], "Action ref", w, "action", out)
    actions = []
    for row in rows[ACTIONS.name]:
        v = row.values
        _known(
            v["Objective refs"] if isinstance(v["Objective refs"], tuple) else (),
            objective_refs,
            row,
            "Objective refs",
            w,
            "Objectives",
            out,
        )
        start = v["Start date"] if isinstance(v["Start date"], date) else None
        for heading, what in (("Due date", "due date"), ("Completed on", "completion date")):
            if start is not None and isinstance(v[heading], date) and v[heading] < start:
                out.add(
                    w, row.number, heading, v[heading], f"the {what} is before the start date ({start.isoformat()})"
                )
                row.ok = False
        if row.ok:
            actions.append(
                r.Action(
                    ref=v["Action ref"],
                    description=v["Description"],
                    objectives=v["Objective refs"],
                    owner=_person(v, "Owner"),
                    start=v["Start date"],
                    due=v["Due date"],
                    status=_or(v["Status"], r.ActionStatus.NOT_STARTED),
                    completed=v["Completed on"],
                    evidence=_or(v["Evidence"], ""),
                    links=_or(v["Links"], ()),
                )
            )

    # Reviews and what the data showed
    w = where[REVIEWS.name]
    review_refs = _unique(rows[REVIEWS.name], "Review ref", w, "review", out)
    snapshots: dict[str, list[r.MeasureSnapshot]] = {}
    for row in rows[REVIEW_DATA.name]:
        v = row.values
        ref = v["Review ref"]
        if isinstance(ref, str) and ref not in review_refs:
            out.add(where[REVIEW_DATA.name], row.number, "Review ref", ref, f"ref {ref!r} is not on the Reviews sheet")
            row.ok = False
        measure = _measure(row, where[REVIEW_DATA.name], out)
        if measure is not None:
            snapshots.setdefault(ref, []).append(
                r.MeasureSnapshot(
                    measure=measure,
                    year=v["Year"],
                    estimate=v["Estimate"],
                    low=v["Low"],
                    high=v["High"],
                    status=_or(v["Reading"], ""),
                    change=_or(v["Change"], ""),
                )
            )
    reviews = []
    for row in rows[REVIEWS.name]:
        v = row.values
        if isinstance(v["Objective ref"], str):
            _known((v["Objective ref"],), objective_refs, row, "Objective ref", w, "Objectives", out)
        if row.ok:
            reviews.append(
                r.Review(
                    objective=v["Objective ref"],
                    held=v["Held on"],
                    planned=_or(v["Planned and predicted"], ""),
                    happened=_or(v["What happened"], ""),
                    study=_or(v["What we learned"], ""),
                    decision=v["Decision"],
                    next_steps=_or(v["Next steps"], ""),
                    data=tuple(snapshots.get(v["Review ref"], ())),
                )
            )

    engagements = []
    for row in rows[ENGAGEMENT.name]:
        v = row.values
        if _non_negative(row, ("Participants", "Board and senior leaders"), where[ENGAGEMENT.name], out) and row.ok:
            engagements.append(
                r.Engagement(
                    held=v["Held on"],
                    kind=_or(v["Kind"], r.EngagementKind.SESSION),
                    title=_or(v["Title"], ""),
                    format=_or(v["Format"], ""),
                    groups=_or(v["Groups"], ()),
                    participants=v["Participants"],
                    leaders=_or(v["Board and senior leaders"], 0),
                    themes=_or(v["Themes raised"], ""),
                    responses=_or(v["Responses"], ""),
                )
            )

    w = where[SAID_DID.name]
    said_did = []
    for row in rows[SAID_DID.name]:
        v = row.values
        for heading, defined, sheet in (
            ("Objective refs", objective_refs, "Objectives"),
            ("Action refs", action_refs, "Actions"),
        ):
            if isinstance(v[heading], tuple):
                _known(v[heading], defined, row, heading, w, sheet, out)
        if row.ok:
            said_did.append(
                r.YouSaidWeDid(
                    said=v["You said"],
                    did=_or(v["We did"], ""),
                    status=_or(v["Status"], r.ItemStatus.OPEN),
                    objectives=_or(v["Objective refs"], ()),
                    actions=_or(v["Action refs"], ()),
                )
            )

    commitments = [
        r.BoardCommitment(
            member=_person(row.values, "Board member"),
            objective=row.values["EDI objective"],
            review_status=_or(row.values["Review status"], "not reviewed"),
            reviewed=row.values["Reviewed on"],
        )
        for row in rows[COMMITMENTS.name]
        if row.ok
    ]

    if out.total:  # in the order a person reads them: sheet by sheet (the template's order), row by row
        order = {where[s.name]: i for i, s in enumerate(SHEETS) if s.name in sheets}
        ranked = sorted(out.problems, key=lambda p: (order.get(p.file, -1), p.row or 0))
        raise DataError(ranked, out.total)
    v = plan_rows[0].values
    return r.Plan(
        org_code=v["Organisation code"],
        title=v["Title"],
        start_year=v["Start year"],
        end_year=v["End year"],
        vision=_or(v["Vision"], ""),
        status=_or(v["Status"], r.PlanStatus.DRAFT),
        approved=v["Approved on"],
        minute_ref=_or(v["Minute reference"], ""),
        objectives=tuple(objectives),
        actions=tuple(actions),
        reviews=tuple(reviews),
        engagements=tuple(engagements),
        said_did=tuple(said_did),
        commitments=tuple(commitments),
    )


def _non_negative(row: _Row, headings: tuple[str, ...], where: str, out: _Collector) -> bool:
    ok = True
    for heading in headings:
        value = row.values[heading]
        if isinstance(value, int) and value < 0:
            out.add(where, row.number, heading, value, "a count cannot be negative")
            ok = False
    return ok
