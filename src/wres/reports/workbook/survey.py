"""The sheet of indicators 5–8 (NHS Staff Survey): respondents and adverse answers by group, the percentages and
the adverse gap in points, for the organisation (both years, every source found in either) and each breakdown."""

from __future__ import annotations

from wres.reports.workbook.labels import BREAKDOWN_TITLES, SURVEY_VARIANTS, WORDING
from wres.reports.workbook.lookup import Figures, order_strata, stratum_label
from wres.reports.workbook.model import GROUPS, Builder, Cell, Column, Context, Sheet, key_cell
from wres.reports.workbook.statistics import disaggregated, rate, stat_cells, stat_columns

__all__ = ["survey_sheet"]


def _gap_columns(ind: str) -> list[Column]:
    answer = "Answering “Yes”" if ind in ("7", "8") else "Adverse answer"
    direction = "White − BME" if ind == "7" else "BME − White"
    cols: list[Column] = [("", "Year"), ("", "Code"), ("", "Stratum"), ("", "Source")]
    cols += [("Respondents", g) for g in GROUPS] + [(answer, g) for g in GROUPS]
    cols += [("Percentage", "White"), ("Percentage", "BME")]
    return [*cols, *stat_columns(f"Adverse gap, points ({direction})")]


def _gap_row(fig: Figures, ctx: Context, ind: str, variant: str, year: int, bd: str, stratum: str) -> list[Cell]:
    a, b = ("White", "BME") if ind == "7" else ("BME", "White")
    row = fig.row(year, ind, variant, "all", bd, stratum, a, b)
    cells: list[Cell] = [key_cell(year), key_cell(stratum), Cell(stratum_label(stratum), role="label")]
    cells.append(Cell(SURVEY_VARIANTS.get(variant, variant), role="label"))
    for measure in ("respondents", "adverse"):
        cells += [fig.group_count(year, ind, variant, "all", bd, stratum, g, measure, row) for g in GROUPS]
    cells += [rate(fig, row, "White"), rate(fig, row, "BME")]
    return [*cells, *stat_cells(fig, ctx, row)]


def survey_sheet(fig: Figures, ctx: Context) -> Sheet:
    b = Builder("Indicators 5-8", "Indicators 5–8 — NHS Staff Survey", ctx)
    b.text(
        f"The survey of year Y−1 is used for WRES year Y. Percentages are of respondents answering the question;"
        f" the adverse gap is positive when BME staff fare worse; 95% and 99.8% intervals: Newcombe. WRES year"
        f" {ctx.year}: survey {ctx.year - 1}."
    )
    b.row += 1
    years = [ctx.year - 1, ctx.year]
    for ind in ("5", "6", "7", "8"):
        columns = _gap_columns(ind)
        b.text(f"Indicator {ind} — {WORDING[ind]}", role="block")
        # both years, each source found in either (a year without it keeps its row, empty)
        variants = list(dict.fromkeys(str(r["variant"]) for r in fig.rows(indicator=ind, grouping="wres")))
        variants += [
            v
            for v in ("microdata", "published")
            if v not in variants and fig.count_years(ind, v, "all", "overall", "all") & set(years)
        ]
        rows = [_gap_row(fig, ctx, ind, v, y, "overall", "all") for y in years for v in variants]
        b.table(f"Indicator {ind}, organisation", columns, rows)
        for bd in fig.breakdowns(ind):
            strata = order_strata(
                {str(r["stratum"]) for r in fig.rows(indicator=ind, breakdown=bd, grouping="wres", year=ctx.year)}
                | set(fig.strata(ind, "microdata", "all", bd, [ctx.year]))
            )
            rows = [_gap_row(fig, ctx, ind, "microdata", ctx.year, bd, s) for s in strata]
            b.table(f"Indicator {ind}, by {BREAKDOWN_TITLES.get(bd, bd)}, {ctx.year}", columns, rows)
        disaggregated(b, fig, ctx, ind, "Gap")
    return b.sheet
