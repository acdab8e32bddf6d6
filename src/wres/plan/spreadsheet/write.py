r"""A plan written as the template's workbook (XlsxWriter, as the return workbook is: ADR 0014) or CSV files.

Text is always written as text: in the workbook with ``write_string`` (the workbook's ``strings_to_formulas``,
``strings_to_numbers`` and ``strings_to_urls`` are off) and, when it begins as a formula would, with Excel's quote
prefix, so that editing the cell keeps it text; in CSV through :func:`wres.spreadsheet.spreadsheet_safe` (a ``'``
before it; :func:`csv_unescape` takes it off again when the file is read). Dates are real Excel dates (ISO
``YYYY-MM-DD`` in CSV). In the workbook a line break is Excel's (``\n``: ``\r\n`` and ``\r`` are written as
``\n``) and characters XML cannot hold (control characters other than tab and newline, U+FFFE and U+FFFF) are
dropped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Final

from xlsxwriter import Workbook

from wres.errors import WresError
from wres.plan import records as r
from wres.plan.spreadsheet.template import (
    ACTIONS,
    COMMITMENTS,
    ENGAGEMENT,
    MEASURES,
    OBJECTIVES,
    PLAN,
    README_FILE,
    README_SHEET,
    REVIEW_DATA,
    REVIEWS,
    SAID_DID,
    SEPARATOR,
    SHEETS,
    Column,
    SheetSpec,
    allowed,
    label,
)
from wres.spreadsheet import FORMULA_STARTS, spreadsheet_safe

__all__ = ["csv_escape", "csv_unescape", "plan_rows", "write_csv", "write_xlsx"]

Value = str | int | float | date | None
Row = dict[str, Value]

_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold: dropped from the workbook's text."""
_MAX_DATA_ROWS: Final = 1000
"""Rows below the headings that get the status drop-down lists."""


# ------------------------------------------------------------------------------------------------ rows


def _join(items: Iterable[object], where: str) -> str:
    texts = [str(i) for i in items]
    for text in texts:
        if ";" in text or text != text.strip() or not text:
            raise WresError(f"{where}: the list item {text!r} cannot be written to one cell (no ';', no spaces around)")
    return SEPARATOR.join(texts)


def _enum(member: StrEnum) -> str:
    return label(member)


def _measure(m: r.Measure) -> Row:
    return {
        "Indicator": m.indicator,
        "Breakdown": m.breakdown,
        "Stratum": m.stratum,
        "Category": m.category,
        "Grouping": m.grouping,
        "Group": m.group,
        "Variant": m.variant,
    }


def plan_rows(plan: r.Plan) -> dict[str, list[Row]]:
    """Each sheet's rows (heading → value), in the template's order; enumeration words as their labels."""
    rows: dict[str, list[Row]] = {s.name: [] for s in SHEETS}
    rows[PLAN.name].append(
        {
            "Organisation code": plan.org_code,
            "Title": plan.title,
            "Start year": plan.start_year,
            "End year": plan.end_year,
            "Vision": plan.vision,
            "Status": _enum(plan.status),
            "Approved on": plan.approved,
            "Minute reference": plan.minute_ref,
        }
    )
    for o in plan.objectives:
        where = f"objective {o.ref}"
        rows[OBJECTIVES.name].append(
            {
                "Objective ref": o.ref,
                "Title": o.title,
                "Description": o.description,
                "Baseline year": o.baseline_year,
                "Baseline value": o.baseline_value,
                "Target value": o.target_value,
                "Target year": o.target_year,
                "Trajectory": _enum(o.trajectory),
                "Sponsor (account)": o.sponsor.username,
                "Sponsor (role title)": o.sponsor.title,
                "Owner (account)": o.owner.username,
                "Owner (role title)": o.owner.title,
                "High impact actions": _join(o.high_impact_actions, where),
                "Networks": _join(o.networks, where),
            }
        )
        for m in o.measures:
            rows[MEASURES.name].append({"Objective ref": o.ref, **_measure(m)})
    for a in plan.actions:
        where = f"action {a.ref}"
        rows[ACTIONS.name].append(
            {
                "Action ref": a.ref,
                "Description": a.description,
                "Objective refs": _join(a.objectives, where),
                "Owner (account)": a.owner.username,
                "Owner (role title)": a.owner.title,
                "Start date": a.start,
                "Due date": a.due,
                "Status": _enum(a.status),
                "Completed on": a.completed,
                "Evidence": a.evidence,
                "Links": _join(a.links, where),
            }
        )
    for i, review in enumerate(plan.reviews, start=1):
        ref = f"R{i}"
        rows[REVIEWS.name].append(
            {
                "Review ref": ref,
                "Objective ref": review.objective,
                "Held on": review.held,
                "Planned and predicted": review.planned,
                "What happened": review.happened,
                "What we learned": review.study,
                "Decision": _enum(review.decision),
                "Next steps": review.next_steps,
            }
        )
        for s in review.data:
            rows[REVIEW_DATA.name].append(
                {
                    "Review ref": ref,
                    **_measure(s.measure),
                    "Year": s.year,
                    "Estimate": s.estimate,
                    "Low": s.low,
                    "High": s.high,
                    "Reading": s.status,
                    "Change": s.change,
                }
            )
    for i, e in enumerate(plan.engagements, start=1):
        rows[ENGAGEMENT.name].append(
            {
                "Held on": e.held,
                "Kind": _enum(e.kind),
                "Title": e.title,
                "Format": e.format,
                "Groups": _join(e.groups, f"engagement {i}"),
                "Participants": e.participants,
                "Board and senior leaders": e.leaders,
                "Themes raised": e.themes,
                "Responses": e.responses,
            }
        )
    for i, item in enumerate(plan.said_did, start=1):
        where = f'"you said, we did" item {i}'
        rows[SAID_DID.name].append(
            {
                "You said": item.said,
                "We did": item.did,
                "Status": _enum(item.status),
                "Objective refs": _join(item.objectives, where),
                "Action refs": _join(item.actions, where),
            }
        )
    for c in plan.commitments:
        rows[COMMITMENTS.name].append(
            {
                "Board member (account)": c.member.username,
                "Board member (role title)": c.member.title,
                "EDI objective": c.objective,
                "Review status": c.review_status,
                "Reviewed on": c.reviewed,
            }
        )
    return rows


def _columns(spec: SheetSpec, names: bool) -> list[Column]:
    return [c for c in spec.columns if names or not c.personal]


def readme_rows() -> list[list[str]]:
    """The README: a line per sheet and per column (sheet, CSV file, column, required, allowed values, help)."""
    out = [["Sheet", "CSV file", "Column", "Required", "Allowed values", "If empty", "What it holds"]]
    for spec in SHEETS:
        out.append([spec.name, spec.file, "", "", "", "", spec.help])
        for c in spec.columns:
            out.append([spec.name, spec.file, c.heading, "yes" if c.required else "no", allowed(c), c.default, c.help])
    out.append(
        ["", "", "", "", "", "", f'Lists: items separated by "{SEPARATOR}" in one cell; see docs/plan-template.md.']
    )
    return out


# ------------------------------------------------------------------------------------------------ XLSX


def write_xlsx(plan: r.Plan, path: Path, *, names: bool = True) -> Path:
    """Write ``plan`` as the template's workbook at ``path``; ``names=False`` leaves out people's accounts (the
    published plan shows role titles only). Returns ``path``."""
    rows = plan_rows(plan)
    wb = Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True},
    )
    header = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    quoted = wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
    day = wb.add_format({"num_format": "d mmm yyyy", "valign": "top"})
    plain = wb.add_format({"valign": "top"})

    readme = wb.add_worksheet(README_SHEET)
    for i, line in enumerate(readme_rows()):
        for j, text in enumerate(line):
            readme.write_string(i, j, text, header if i == 0 else wrap)
    readme.set_column(0, 1, 18)
    readme.set_column(2, 2, 26)
    readme.set_column(3, 3, 9)
    readme.set_column(4, 5, 30)
    readme.set_column(6, 6, 70)
    readme.freeze_panes(1, 0)

    for spec in SHEETS:
        ws = wb.add_worksheet(spec.name)
        columns = _columns(spec, names)
        for j, c in enumerate(columns):
            ws.write_string(0, j, c.heading, header)
            width = 14 if c.kind in ("int", "number", "date", "ref", "enum") else 36
            ws.set_column(j, j, max(width, len(c.heading) + 2))
            if c.enum is not None:
                ws.data_validation(
                    1,
                    j,
                    _MAX_DATA_ROWS,
                    j,
                    {"validate": "list", "source": [label(m) for m in c.enum], "error_type": "warning"},
                )
        ws.freeze_panes(1, 0)
        for i, row in enumerate(rows[spec.name], start=1):
            for j, c in enumerate(columns):
                value = row[c.heading]
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    text = _ILLEGAL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
                    ws.write_string(i, j, text, quoted if text[:1] in FORMULA_STARTS else wrap)
                elif isinstance(value, date):
                    ws.write_datetime(i, j, datetime(value.year, value.month, value.day), day)
                else:
                    ws.write_number(i, j, value, plain)
    wb.close()
    return path


# ------------------------------------------------------------------------------------------------- CSV


def csv_escape(text: str) -> str:
    """Text for a CSV cell that a spreadsheet will not run (:func:`wres.spreadsheet.spreadsheet_safe`); text that
    already begins with ``'`` before a formula's first character gets one more, so :func:`csv_unescape` gives back
    exactly what was written."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_STARTS and text.lstrip("'"):
        return "'" + text
    return spreadsheet_safe(text)


def csv_unescape(text: str) -> str:
    """The inverse of :func:`csv_escape`: one ``'`` taken off text whose first character after its quotes would
    start a formula."""
    rest = text.lstrip("'")
    if text.startswith("'") and rest and rest[:1] in FORMULA_STARTS:
        return text[1:]
    return text


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_escape(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(plan: r.Plan, folder: Path, *, names: bool = True) -> list[Path]:
    """Write ``plan`` as one CSV file per sheet in ``folder`` (created if needed; the file names are the template's
    :attr:`SheetSpec.file`, and ``README.csv`` describes the columns), UTF-8 with a byte order mark so that Excel
    reads it as UTF-8. Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = plan_rows(plan)
    written = []
    readme = folder / README_FILE
    with readme.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([[csv_escape(t) for t in line] for line in readme_rows()])
    written.append(readme)
    for spec in SHEETS:
        columns = _columns(spec, names)
        path = folder / spec.file
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([c.heading for c in columns])
            for row in rows[spec.name]:
                out.writerow([_csv_cell(row[c.heading]) for c in columns])
        written.append(path)
    return written
