"""The Indicator 1 sheet: headcount by band (then cluster) for each staff category, in the fixed rows of the return.

Every band row of a category is present in both years, as the return asks: non-clinical and clinical staff have
the Agenda for Change bands (under band 1 to band 9) and VSM, medical and dental staff the four grade groups, all
staff both. A band nobody was in that year (no row in the frames, while the category's other bands have rows)
shows a headcount of 0 (its share and status stay empty: there is nothing to divide); a table with no row at all
that year (no snapshot, or a counts file without it) stays empty. The share of staff with
ethnicity recorded comes first, from the overall workforce row (its ``completeness``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from wres.reports.workbook.labels import BREAKDOWN_TITLES, CATEGORY_TITLES, COMPLETENESS_LABEL, WORDING
from wres.reports.workbook.lookup import Figures, order_strata, status_label, stratum_label
from wres.reports.workbook.model import EMPTY, GROUPS, Builder, Cell, Column, Context, Sheet, key_cell
from wres.vocab.bands import BANDS, CLUSTERS, MEDICAL_SUBGROUPS, NON_MEDICAL_BANDS

__all__ = ["FIXED_STRATA", "indicator1", "recorded_table"]

CATEGORY_ORDER: Final = ("non_clinical", "clinical", "medical_dental")
"""The staff categories the return always shows, in its order (then any other found, then all staff)."""
_AFC_CLUSTERS: Final = tuple(c for c in CLUSTERS if any(BANDS[b].cluster == c for b in NON_MEDICAL_BANDS))
_MEDICAL_CLUSTERS: Final = tuple(BANDS[b].cluster or b for b in MEDICAL_SUBGROUPS)
FIXED_STRATA: Final = {
    ("non_clinical", "band"): NON_MEDICAL_BANDS,
    ("clinical", "band"): NON_MEDICAL_BANDS,
    ("medical_dental", "band"): MEDICAL_SUBGROUPS,
    ("all", "band"): (*NON_MEDICAL_BANDS, *MEDICAL_SUBGROUPS),
    ("non_clinical", "cluster"): _AFC_CLUSTERS,
    ("clinical", "cluster"): _AFC_CLUSTERS,
    ("medical_dental", "cluster"): _MEDICAL_CLUSTERS,
    ("all", "cluster"): (*_AFC_CLUSTERS, *_MEDICAL_CLUSTERS),
}
"""The rows the return always has, by (staff category, breakdown): bands or clusters."""
OVERALL: Final = "Overall workforce"


def _categories(fig: Figures) -> list[str]:
    present = {str(r["category"]) for r in fig.rows(indicator="1")} - {"all"}
    return [*CATEGORY_ORDER, *sorted(present - set(CATEGORY_ORDER)), "all"]


def _strata(fig: Figures, cat: str, bd: str, years: Sequence[int]) -> list[str]:
    rows = fig.rows(indicator="1", category=cat, breakdown=bd, grouping="wres")
    found = {str(r["stratum"]) for r in rows if int(r["year"]) in years}
    fixed = FIXED_STRATA.get((cat, bd), ())
    return [*fixed, *order_strata(found - set(fixed))]


def _counted(fig: Figures, year: int, cat: str, bd: str, stratum: str) -> bool:
    """Whether a missing row is a 0: the stratum is one of the return's fixed rows and the category's table was
    counted that year (it has a row for some band)."""
    if stratum not in FIXED_STRATA.get((cat, bd), ()):
        return False
    return year in fig.result_years("1", cat, bd)


def _row(fig: Figures, ctx: Context, years: Sequence[int], cat: str, bd: str, stratum: str, label: str) -> list[Cell]:
    cells: list[Cell] = [key_cell(stratum), Cell(label, role="label")]
    by_year = {yr: {g: fig.row(yr, "1", "headcount", cat, bd, stratum, g, OVERALL) for g in GROUPS} for yr in years}
    for yr in years:
        rows = by_year[yr]
        counted = _counted(fig, yr, cat, bd, stratum)
        for g in GROUPS:
            if rows[g] is not None:
                cells.append(fig.result(rows[g], "a"))
            else:
                cells.append(fig.zero(yr, "1", "headcount", cat, bd, stratum, g, "headcount") if counted else EMPTY)
        total = next((rows[g] for g in ("BME", "White", "Unknown") if rows[g] is not None), None)
        if total is not None:
            cells.append(fig.result(total, "n1"))
        else:
            cells.append(fig.zero(yr, "1", "headcount", cat, bd, stratum, "all", "headcount") if counted else EMPTY)
    for yr in years:
        cells += [fig.result(by_year[yr][g], "estimate") for g in GROUPS]
    bme = by_year[years[-1]]["BME"]
    cells += [
        fig.result(bme, "ci95_low"),
        fig.result(bme, "ci95_high"),
        fig.result(bme, "benchmark"),
        status_label(bme, ctx),
    ]
    return cells


def _columns(years: Sequence[int]) -> list[Column]:
    cols: list[Column] = [("", "Code"), ("", "Band")]
    for yr in years:
        cols += [(f"Headcount 31 March {yr}", g) for g in (*GROUPS, "Total")]
    for yr in years:
        cols += [(f"Share of staff {yr}", g) for g in GROUPS]
    bme = f"BME share {years[-1]}"
    return [*cols, (bme, "95% CI low"), (bme, "95% CI high"), (bme, "Overall workforce BME share"), (bme, "Status")]


def recorded_table(b: Builder, fig: Figures, years: Sequence[int]) -> None:
    """The share of staff with ethnicity recorded, each year: headcount, Unknown, and the share known."""
    rows = []
    for yr in years:
        unknown = fig.row(yr, "1", "headcount", "all", "overall", "all", "Unknown", OVERALL)
        bme = fig.row(yr, "1", "headcount", "all", "overall", "all", "BME", OVERALL)
        cells: list[Cell] = [key_cell(yr), fig.result(bme, "n1"), fig.result(unknown, "a")]
        rows.append([*cells, fig.result(bme, "completeness")])
    cols: list[Column] = [("", "Year"), ("Headcount 31 March", "Total"), ("Headcount 31 March", "Unknown")]
    b.table(COMPLETENESS_LABEL, [*cols, (COMPLETENESS_LABEL, "Share of staff")], rows)


def indicator1(fig: Figures, ctx: Context) -> Sheet:
    b = Builder("Indicator 1", f"Indicator 1 — {WORDING['1']}", ctx)
    years = [ctx.year - 1, ctx.year]
    b.text(
        "Headcount at 31 March of each year; shares are of everyone in the band, Unknown included. The BME share's"
        " 95% interval (Wilson) is compared with the organisation's overall BME share. Every band of the return is"
        " shown each year: 0 where nobody was in it."
    )
    b.row += 1
    recorded_table(b, fig, years)
    columns = _columns(years)
    for bd, what in (("band", "by band"), ("cluster", "by cluster")):
        for cat in _categories(fig):
            strata = _strata(fig, cat, bd, years)
            rows = [_row(fig, ctx, years, cat, bd, s, stratum_label(s)) for s in strata]
            if rows and bd == "band":
                if cat == "all":
                    rows.append(_row(fig, ctx, years, "all", "overall", "all", OVERALL))
                else:
                    label = f"All: {CATEGORY_TITLES.get(cat, cat)}"
                    rows.append(_row(fig, ctx, years, cat, "category", "all", label))
            b.table(f"{CATEGORY_TITLES.get(cat, cat)}, {what}", columns, rows)
    for bd in fig.breakdowns("1"):
        if bd in ("band", "cluster", "category"):
            continue
        rows = [_row(fig, ctx, years, "all", bd, s, s) for s in _strata(fig, "all", bd, years)]
        b.table(f"All staff, by {BREAKDOWN_TITLES.get(bd, bd)}", columns, rows)
    _disaggregated(b, fig, years)
    return b.sheet


def _disaggregated(b: Builder, fig: Figures, years: Sequence[int]) -> None:
    for grouping in ("group5", "group9"):
        found = fig.rows(indicator="1", grouping=grouping, breakdown="overall", stratum="all")
        groups = list(dict.fromkeys(str(r["group_a"]) for r in found))
        rows = []
        for g in groups:
            by_year = {y: fig.row(y, "1", "headcount", "all", "overall", "all", g, OVERALL, grouping) for y in years}
            cells: list[Cell] = [key_cell(grouping), Cell(g, role="label")]
            cells += [fig.result(by_year[y], "a") for y in years]
            cells += [fig.result(by_year[y], "estimate") for y in years]
            rows.append(cells)
        cols: list[Column] = [("", "Grouping"), ("", "Group")]
        cols += [(f"Headcount 31 March {y}", "Headcount") for y in years]
        cols += [(f"Share of staff {y}", "Share") for y in years]
        b.table(f"Overall workforce by disaggregated ethnic group ({grouping})", cols, rows)
