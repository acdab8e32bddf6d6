"""The sheets that frame the indicators: About (organisation, tier, every item of the metadata), Summary (the
headline figure of each indicator against the year it is compared with, and the trust's narrative and action
columns), Results and Counts (every row of the frames, as Excel tables) and Notes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from wres.analysis.change import comparison_year
from wres.reports.figures import MARKER, PUBLIC, jsonable
from wres.reports.workbook.indicator1 import recorded_table
from wres.reports.workbook.labels import (
    NARRATIVE_HEADERS,
    REASON_LABELS,
    STATUS_LABELS,
    SUMMARY_MEASURES,
    WORDING,
    range_text,
    status_text,
)
from wres.reports.workbook.lookup import COUNT_KEY, RESULT_KEY, Figures, result_format, status_label
from wres.reports.workbook.model import (
    EMPTY,
    FIRST_ROW,
    FMT_COUNT,
    FMT_YEAR,
    INPUT,
    SHEET_NAMES,
    Builder,
    Cell,
    Column,
    Context,
    Sheet,
    Source,
    Value,
    column_letter,
    key_cell,
    number,
)

__all__ = ["about_sheet", "frame_sheet", "notes_sheet", "summary_sheet"]

INDICATORS = tuple(str(i) for i in range(1, 10))


def summary_sheet(fig: Figures, ctx: Context) -> Sheet:
    """One row per headline figure (every indicator has one: empty when not computed this year), with the value of
    the year it is compared with (last year; indicator 3's rolling form: two years back, :func:`comparison_year`)
    and the two columns the trust completes."""
    b = Builder("Summary", f"WRES {ctx.year} — summary of the nine indicators", ctx)
    this = f"WRES year {ctx.year}"
    cols: list[Column] = [("", "Indicator"), ("", "Measure"), ("", "Variant"), ("", "Comparison")]
    cols += [("Compared with", "Year"), ("Compared with", "Value")]
    cols += [(this, "Value"), (this, "95% CI low"), (this, "95% CI high"), (this, "Status")]
    cols += [("For the trust to complete", h) for h in NARRATIVE_HEADERS]
    inputs = [Cell(None, role=INPUT) for _ in NARRATIVE_HEADERS]
    rows = []
    headlines = fig.rows(year=ctx.year, headline=True)
    for ind in INDICATORS:
        mine = [r for r in headlines if str(r["indicator"]) == ind]
        if not mine:
            empty = [key_cell(ind), Cell(SUMMARY_MEASURES.get(ind, WORDING[ind]), role="label")]
            status = Cell(STATUS_LABELS["not_computed"], role="label")
            rows.append([*empty, *[EMPTY] * 7, status, *inputs])
            continue
        for r in mine:
            variant = str(r["variant"])
            then = comparison_year(ind, variant, ctx.year, ctx.year - 1)
            key = [str(r[k]) for k in ("category", "breakdown", "stratum", "group_a", "group_b", "grouping")]
            before = fig.row(then, ind, variant, *key)
            measure = SUMMARY_MEASURES.get(ind, "")
            if ind == "9":
                measure = f"Board {variant} membership share minus workforce share, BME (points)"
            cells: list[Cell] = [key_cell(ind), Cell(measure, role="label"), key_cell(variant)]
            cells.append(Cell(f"{r['group_a']} / {r['group_b']}", role="label"))
            cells += [key_cell(then), fig.result(before, "estimate")]
            cells += [fig.result(r, "estimate"), fig.result(r, "ci95_low"), fig.result(r, "ci95_high")]
            rows.append([*cells, status_label(r, ctx), *inputs])
    b.table("Headline figures", cols, rows)
    recorded_table(b, fig, [ctx.year - 1, ctx.year])
    return b.sheet


def frame_sheet(
    name: str, title: str, columns: Sequence[str], records: Sequence[dict[str, Any]], ctx: Context, source: str
) -> Sheet:
    """Every row and column of a marked frame under one header row (an Excel table)."""
    b = Builder(name, title, ctx)
    sheet = b.sheet
    header = FIRST_ROW - 1
    for j, col in enumerate(columns):
        sheet.put(header, j + 1, Cell(col, role="header"))
    key_cols = RESULT_KEY if source == "results" else COUNT_KEY
    cells = sheet.cells
    for i, row in enumerate(records):
        r = header + 1 + i
        key = tuple((k, int(row[k]) if k == "year" else str(row[k])) for k in key_cols)
        kind = str(row.get("estimate_type", ""))
        for j, col in enumerate(columns, start=1):
            value = number(row[col])
            if value is None:
                continue
            if col in key_cols:
                cells[(r, j)] = Cell(value, FMT_YEAR if col == "year" else None, None, "key")
            elif isinstance(value, bool) or (isinstance(value, str) and value != MARKER):
                cells[(r, j)] = Cell(value)
            else:  # a number or the marker
                fmt = None if value == MARKER else FMT_COUNT if source == "counts" else result_format(col, kind)
                cells[(r, j)] = Cell(value, fmt, Source(source, key, col))
    sheet.freeze = f"A{header + 1}"
    if records:
        ref = f"A{header}:{column_letter(len(columns))}{header + len(records)}"
        sheet.table = (name, ref)
    return sheet


def _flatten(value: Any, prefix: str) -> list[tuple[str, Value]]:
    value = jsonable(value)
    if isinstance(value, dict):
        out: list[tuple[str, Value]] = []
        for k, v in value.items():
            out += _flatten(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return [(prefix, ", ".join("" if v is None else str(v) for v in value))]
        return [(prefix, json.dumps(value, ensure_ascii=False))]
    return [(prefix, value)]


def about_sheet(ctx: Context) -> Sheet:
    b = Builder("About", f"WRES return {ctx.year} — {ctx.org_code}", ctx)
    disclosure = ctx.metadata.get("disclosure")
    policy = disclosure.get("policy") if isinstance(disclosure, Mapping) and ctx.tier == PUBLIC else None
    items: list[tuple[str, Value]] = [
        ("Organisation", ctx.org_code),
        ("WRES year", ctx.year),
        ("Tier", ctx.tier),
        ("Tier statement", ctx.statement),
        ("Disclosure policy", policy or "none: internal tier, unsuppressed"),
        ("Suppressed figures", f"shown as {MARKER}" if ctx.tier == PUBLIC else "none"),
        ("Sheets", ", ".join(SHEET_NAMES)),
    ]
    rows: list[list[Cell]] = [
        [Cell(k, role="key"), key_cell(v) if isinstance(v, int) else Cell(v, role="label")] for k, v in items
    ]
    for path, value in _flatten(dict(ctx.metadata), ""):
        rows.append(
            [Cell(path, role="key"), Cell(value, source=Source("metadata", (("path", path),), "value"), role="label")]
        )
    b.table("About this workbook and its figures", [("", "Item"), ("", "Value")], rows)
    return b.sheet


def notes_sheet(ctx: Context) -> Sheet:
    b = Builder("Notes", "Notes", ctx)
    computed = (
        "Ratios and gaps are computed as the disclosure policy above states."
        if ctx.tier == PUBLIC
        else "Ratios and gaps are computed from the exact counts."
    )
    lines = [
        ("Disclosure", ctx.footnote),
        (
            "Suppressed figures",
            f"{MARKER} marks a figure not shown to protect confidentiality (public tier only)."
            if ctx.tier == PUBLIC
            else "None: this is the internal tier; every figure is exact. Not for publication.",
        ),
        (
            "Empty cells",
            "An empty cell is a figure that is not available (for example no data for that year) or does not apply.",
        ),
        ("Counts", "Headcounts are people at 31 March; events are counted in the activity year 1 April to 31 March."),
        (
            "Indicator 2",
            "Relative likelihood = likelihood for White applicants ÷ likelihood for BME applicants; above 1: White"
            " applicants more likely to be appointed.",
        ),
        (
            "Indicator 3",
            "Relative likelihood = likelihood for BME staff ÷ likelihood for White staff; above 1: BME staff more"
            " likely to enter the process. The two-year rolling form is compared with the previous window that"
            " shares no year with it (two WRES years back).",
        ),
        (
            "Indicator 4",
            "Relative likelihood = likelihood for White staff ÷ likelihood for BME staff; above 1: White staff more"
            " likely to access training.",
        ),
        (
            "Indicators 5–8",
            "Adverse gap in percentage points, positive when BME staff fare worse (5, 6, 8: BME − White;"
            " 7: White − BME).",
        ),
        (
            "Indicator 9",
            "Board share minus workforce share in percentage points; negative: the board has a smaller share than"
            " the workforce.",
        ),
        (
            "Statistics",
            f"{computed} 95% and 99.8% intervals; non-adverse range of indicators 2–4:"
            f" {range_text(ctx.low, ctx.high)} (the configured [ranges]).",
        ),
        (
            "Statuses",
            "; ".join(f"{k}: {status_text(k, None, None, ctx.low, ctx.high)}" for k in STATUS_LABELS)
            + f"; descriptive, indicator 1 overall: {status_text('descriptive', None, None, ctx.low, ctx.high, '1')}"
            + "; descriptive, indicator 1 Unknown rows: "
            + status_text("descriptive", None, None, ctx.low, ctx.high, "1", "Unknown"),
        ),
        (
            "Narrative and action",
            "The Summary's last two columns are left empty for the trust to complete before publication.",
        ),
        ("Reasons", "; ".join(f"{k}: {v}" for k, v in REASON_LABELS.items())),
    ]
    rows = [[Cell(k, role="key"), Cell(v, role="label")] for k, v in lines]
    b.table("Notes on the figures", [("", "Topic"), ("", "Note")], rows)
    return b.sheet
