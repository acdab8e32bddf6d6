"""The Indicator 9 sheet: board members by group against the overall workforce, in the fixed rows of the return.

Both years always have a row for each membership of the return (the whole board, voting and non-voting,
executive and non-executive members, and the standard's voting and executive members with known ethnicity only),
empty where the year has no board register.
"""

from __future__ import annotations

from wres.reports.workbook.labels import BOARD_VARIANTS, WORDING
from wres.reports.workbook.lookup import Figures
from wres.reports.workbook.model import GROUPS, Builder, Cell, Column, Context, Sheet, key_cell

__all__ = ["board_sheet"]


def board_sheet(fig: Figures, ctx: Context) -> Sheet:
    b = Builder("Indicator 9", f"Indicator 9 — {WORDING['9']}", ctx)
    b.text(
        "Board register and workforce headcount at 31 March. Shares are of everyone (Unknown included) or, in the"
        " known-only rows, of people with a known ethnicity. Difference = board share − workforce share, in points."
        " The board is a whole population: no interval. Executive members are executive directors, voting or not;"
        " non-executive members are every other member (non-executive directors, the chair)."
    )
    b.row += 1
    cols: list[Column] = [("", "Year"), ("", "Board membership")]
    cols += [("Board members", g) for g in (*GROUPS, "Total")] + [("Workforce", g) for g in (*GROUPS, "Total")]
    cols += [("Board share", g) for g in GROUPS] + [("Workforce share", g) for g in GROUPS]
    cols += [("Difference, points (board − workforce)", g) for g in GROUPS]
    found = {str(r["variant"]) for r in fig.rows(indicator="9", grouping="wres")}
    known = {*BOARD_VARIANTS, *(f"{v}_known_only" for v in BOARD_VARIANTS)}
    variants = [*BOARD_VARIANTS, *sorted(found - known)]
    rows = []
    for y in (ctx.year - 1, ctx.year):
        for variant in variants:
            by_group = {g: fig.row(y, "9", variant, "all", "overall", "all", g, "Overall workforce") for g in GROUPS}
            first = next((r for r in (by_group["BME"], by_group["White"], by_group["Unknown"]) if r is not None), None)
            cells: list[Cell] = [key_cell(y), Cell(BOARD_VARIANTS.get(variant, variant), role="label")]
            cells += [fig.result(by_group[g], "a") for g in GROUPS] + [fig.result(first, "n1")]
            cells += [fig.result(by_group[g], "c") for g in GROUPS] + [fig.result(first, "n2")]
            cells += [fig.result(by_group[g], "rate_a") for g in GROUPS]
            cells += [fig.result(by_group[g], "rate_b") for g in GROUPS]
            cells += [fig.result(by_group[g], "estimate") for g in GROUPS]
            rows.append(cells)
    b.table("Board against the overall workforce", cols, rows)
    return b.sheet
