"""The return workbook as data: every sheet in order, each cell with the source of its figure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import pandas as pd

from wres.reports.figures import check_tier, footnote, for_org, marked_counts, marked_results, tier_statement
from wres.reports.workbook.board import board_sheet
from wres.reports.workbook.indicator1 import indicator1
from wres.reports.workbook.labels import configured_range
from wres.reports.workbook.lookup import Figures
from wres.reports.workbook.model import Context, Sheet
from wres.reports.workbook.overview import about_sheet, frame_sheet, notes_sheet, summary_sheet
from wres.reports.workbook.ratios import ratio_sheet
from wres.reports.workbook.survey import survey_sheet

__all__ = ["workbook_layout"]


def workbook_layout(
    results: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    org_code: str,
    year: int,
    tier: str,
    metadata: Mapping[str, Any],
) -> list[Sheet]:
    """The sheets of the return workbook as data, with the source of every figure (see :mod:`wres.reports.workbook`).

    The non-adverse range printed is the one the figures were computed with (``metadata['config']['ranges']``).
    """
    check_tier(tier, results, counts, metadata)
    res = marked_results(for_org(results, org_code), tier)
    cnt = marked_counts(for_org(counts, org_code), tier)
    low, high = configured_range(metadata)
    statement, note = tier_statement(tier, metadata), footnote(tier, metadata)
    ctx = Context(org_code, int(year), tier, statement, note, metadata, low, high)
    fig = Figures(res, cnt, org_code)
    sheets = [
        about_sheet(ctx),
        summary_sheet(fig, ctx),
        indicator1(fig, ctx),
        ratio_sheet(fig, ctx, "2"),
        ratio_sheet(fig, ctx, "3"),
        ratio_sheet(fig, ctx, "4"),
        survey_sheet(fig, ctx),
        board_sheet(fig, ctx),
        frame_sheet(
            "Results", f"Every result row — WRES {ctx.year}", list(res.columns), fig.result_records, ctx, "results"
        ),
        frame_sheet(
            "Counts", f"Every count row — WRES {ctx.year}", list(cnt.columns), fig.count_records, ctx, "counts"
        ),
        notes_sheet(ctx),
    ]
    for sheet in sheets:
        sheet.widths = _widths(sheet)
    return sheets


def _widths(sheet: Sheet) -> dict[int, float]:
    """Column widths from the longest text of each column (a number counts as 8 characters)."""
    longest: dict[int, int] = defaultdict(int)
    spans = ("title", "subtitle", "tier", "note", "block", "group")
    for (_, col), cell in sheet.cells.items():
        value = cell.value
        if value is None or cell.role in spans:
            continue
        n = len(value) if isinstance(value, str) else 8
        if n > longest[col]:
            longest[col] = n
    return {col: float(min(max(n + 2, 9), 60)) for col, n in sorted(longest.items())}
