"""The sheets of indicators 2, 3 and 4: counts by group, the likelihoods and the relative likelihood.

Each variant's organisation table always has a row for last year and this year (empty where nothing was
computed), as the return has. Indicator 3's two-year rolling form is compared with the previous non-overlapping
window (:func:`wres.analysis.change.comparison_year`, wres-domain.md §6.5): its table starts with that year's row,
so the comparison the report makes is on the sheet too.
"""

from __future__ import annotations

from typing import Final

from wres.analysis.change import comparison_year
from wres.reports.workbook.labels import BREAKDOWN_TITLES, VARIANT_TITLES, WORDING, range_text
from wres.reports.workbook.lookup import Figures, order_strata, stratum_label
from wres.reports.workbook.model import GROUPS, Builder, Cell, Column, Context, Sheet, key_cell
from wres.reports.workbook.statistics import disaggregated, rate, stat_cells, stat_columns

__all__ = ["COMPARISON", "ratio_sheet", "table_years"]

RATIO_SPECS: Final = {
    # indicator: (count variant, [(header, measure)], likelihood header, ratio header)
    "2": (
        None,
        [("Shortlisted", "shortlisted"), ("Appointed from shortlisting", "appointed")],
        "Likelihood of appointment from shortlisting",
        "Relative likelihood (White ÷ BME)",
    ),
    "3": (
        "all",
        [
            ("Headcount 31 March", "headcount"),
            ("Entering formal disciplinary investigation, this year", "entrants"),
            ("Entering formal disciplinary investigation, previous year", "entrants_prev"),
        ],
        "Likelihood of entering the formal disciplinary process",
        "Relative likelihood (BME ÷ White)",
    ),
    "4": (
        "all",
        [("Headcount 31 March", "headcount"), ("Accessed non-mandatory training or CPD", "accessed")],
        "Likelihood of accessing non-mandatory training or CPD",
        "Relative likelihood (White ÷ BME)",
    ),
}
COMPARISON: Final = {"2": ("White", "BME"), "3": ("BME", "White"), "4": ("White", "BME")}
NOTES: Final = {
    "2": "Applications shortlisted in the activity year (1 April to 31 March); likelihood = appointed ÷ shortlisted.",
    "3": "Distinct people entering a formal disciplinary investigation in the activity year; headcount at 31 March."
    " The rolling form sums this year's and last year's entrants over twice this year's headcount.",
    "4": "Distinct people accessing non-mandatory training or CPD in the activity year; headcount at 31 March.",
}


def table_years(ind: str, variant: str, year: int) -> list[int]:
    """The years of a variant's organisation table: its comparison year (indicator 3's rolling form: the previous
    non-overlapping window, two years back), then last year when it differs, then this year."""
    compared = comparison_year(ind, variant, year, year - 1)
    return sorted({compared, year - 1, year})


def _columns(ind: str) -> list[Column]:
    _, measures, rate_header, ratio = RATIO_SPECS[ind]
    cols: list[Column] = [("", "Year"), ("", "Code"), ("", "Stratum")]
    for header, _measure in measures:
        cols += [(header, g) for g in GROUPS]
    cols += [(rate_header, "White"), (rate_header, "BME")]
    return [*cols, *stat_columns(ratio)]


def _row(fig: Figures, ctx: Context, ind: str, variant: str, year: int, bd: str, stratum: str) -> list[Cell]:
    count_variant, measures, _, _ = RATIO_SPECS[ind]
    cv = count_variant or variant
    a, b = COMPARISON[ind]
    row = fig.row(year, ind, variant, "all", bd, stratum, a, b)
    cells: list[Cell] = [key_cell(year), key_cell(stratum), Cell(stratum_label(stratum), role="label")]
    paired = fig.row(year, ind, "single_year", "all", bd, stratum, a, b) if ind == "3" else row
    for _, measure in measures:
        cells += [fig.group_count(year, ind, cv, "all", bd, stratum, g, measure, paired) for g in GROUPS]
    cells += [rate(fig, row, "White"), rate(fig, row, "BME")]
    return [*cells, *stat_cells(fig, ctx, row)]


def _variants(fig: Figures, ind: str) -> list[str]:
    found = list(dict.fromkeys(str(r["variant"]) for r in fig.rows(indicator=ind, grouping="wres")))
    if ind == "3":  # the configured (headline) form first
        head = [
            str(r["variant"]) for r in fig.rows(indicator="3", grouping="wres", breakdown="overall") if r["headline"]
        ]
        first = head[0] if head else "rolling"
        found = sorted(found, key=lambda v: (v != first, v))
    return found


def _has_year(fig: Figures, ind: str, variant: str, year: int) -> bool:
    a, b = COMPARISON[ind]
    count_variant = RATIO_SPECS[ind][0] or variant
    return fig.row(year, ind, variant, "all", "overall", "all", a, b) is not None or year in fig.count_years(
        ind, count_variant, "all", "overall", "all"
    )


def _window_note(ctx: Context) -> str:
    y = ctx.year
    before = comparison_year("3", "rolling", y, y - 1)
    return (
        f"Two-year rolling form: WRES year {y} covers the activity years ending 31 March {y - 1} and {y}; it is"
        f" compared with WRES year {before} (activity years ending 31 March {before - 1} and {before}), the previous"
        " window that shares no year with it, as the report's change since last year is."
    )


def ratio_sheet(fig: Figures, ctx: Context, ind: str) -> Sheet:
    b = Builder(f"Indicator {ind}", f"Indicator {ind} — {WORDING[ind]}", ctx)
    b.text(f"{NOTES[ind]} Non-adverse range {range_text(ctx.low, ctx.high)}; 95% and 99.8% intervals: Koopman score.")
    if ind == "3":
        b.text(_window_note(ctx))
    b.row += 1
    columns = _columns(ind)
    variants = _variants(fig, ind)
    for variant in variants:
        years = table_years(ind, variant, ctx.year)
        first = years[0]
        if first < ctx.year - 1 and not _has_year(fig, ind, variant, first):
            years = years[1:]  # the comparison window is not in the frames (the store has no such year)
        rows = [_row(fig, ctx, ind, variant, y, "overall", "all") for y in years]
        headline = " (headline)" if ind == "3" and variant == variants[0] else ""
        b.table(f"{VARIANT_TITLES.get((ind, variant), variant)}{headline}", columns, rows)
    count_variant = RATIO_SPECS[ind][0]
    for bd in fig.breakdowns(ind):
        for variant in variants:
            strata = order_strata(
                {
                    str(r["stratum"])
                    for r in fig.rows(indicator=ind, variant=variant, breakdown=bd, grouping="wres", year=ctx.year)
                }
                | set(fig.strata(ind, count_variant or variant, "all", bd, [ctx.year]))
            )
            rows = [_row(fig, ctx, ind, variant, ctx.year, bd, s) for s in strata]
            title = f"{VARIANT_TITLES.get((ind, variant), variant)}, by {BREAKDOWN_TITLES.get(bd, bd)}, {ctx.year}"
            b.table(title, columns, rows)
    disaggregated(b, fig, ctx, ind, "Ratio")
    return b.sheet
