"""The columns every indicator sheet shares: a group's rate, the estimate with its 95% and 99.8% intervals and
status, and the table of disaggregated ethnic groups against White."""

from __future__ import annotations

from typing import Any

from wres.reports.workbook.lookup import INTERVALS, Figures, status_label
from wres.reports.workbook.model import EMPTY, Builder, Cell, Column, Context, key_cell

__all__ = ["disaggregated", "rate", "stat_cells", "stat_columns"]


def rate(fig: Figures, row: dict[str, Any] | None, group: str) -> Cell:
    """The rate of ``group`` in a paired result row (``rate_a`` or ``rate_b``)."""
    if row is None:
        return EMPTY
    if str(row["group_a"]) == group:
        return fig.result(row, "rate_a")
    if str(row["group_b"]) == group:
        return fig.result(row, "rate_b")
    return EMPTY


def stat_cells(fig: Figures, ctx: Context, row: dict[str, Any] | None) -> list[Cell]:
    """The estimate, its 95% and 99.8% intervals and the status of a result row."""
    return [*(fig.result(row, n) for n in ("estimate", *INTERVALS)), status_label(row, ctx)]


def stat_columns(label: str) -> list[Column]:
    first = "Gap" if "gap" in label.lower() else "Ratio"
    cols = [(label, first), (label, "95% CI low"), (label, "95% CI high"), (label, "99.8% CI low")]
    return [*cols, (label, "99.8% CI high"), ("", "Status")]


def disaggregated(b: Builder, fig: Figures, ctx: Context, ind: str, stat: str) -> None:
    """Each disaggregated ethnic group against White (results only: the group's and White's events and people)."""
    found = [r for r in fig.rows(indicator=ind, year=ctx.year) if str(r["grouping"]) != "wres"]
    if not found:
        return
    label = (
        "Relative likelihood (group against White)" if stat == "Ratio" else "Adverse gap, points (group against White)"
    )
    cols: list[Column] = [("", "Year"), ("", "Grouping"), ("", "Group"), ("", "Variant"), ("", "Code")]
    cols += [("Ethnic group", "Events"), ("Ethnic group", "People"), ("Ethnic group", "Rate")]
    cols += [("White", "Events"), ("White", "People"), ("White", "Rate")]
    cols += stat_columns(label)
    rows = []
    for r in found:
        group = str(r["group_b"]) if str(r["group_a"]) == "White" else str(r["group_a"])
        white_first = str(r["group_a"]) == "White"
        mine, white = (("c", "n2", "rate_b"), ("a", "n1", "rate_a"))
        if not white_first:
            mine, white = white, mine
        cells: list[Cell] = [key_cell(int(r["year"])), key_cell(str(r["grouping"])), Cell(group, role="label")]
        cells += [key_cell(str(r["variant"])), key_cell(str(r["stratum"]))]
        cells += [fig.result(r, n) for n in mine] + [fig.result(r, n) for n in white]
        rows.append([*cells, *stat_cells(fig, ctx, r)])
    b.table(f"Disaggregated ethnic groups, {ctx.year}", cols, rows)
