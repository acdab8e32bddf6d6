"""The WRES return workbook (openpyxl): counts and results laid out by indicator as the national return asks.

:func:`write_return_workbook` writes one organisation's return for WRES year ``Y`` (last year ``Y−1`` beside it)
in either tier. Sheets, in order:

* **About**: organisation, year, tier, policy, and every item of the metadata (configuration, versions,
  disclosure policy), one dotted key per row.
* **Summary**: the headline figure of each indicator for ``Y−1`` and ``Y``, with the 95% interval and status.
* **Indicator 1**: headcount at 31 March by band (then by cluster) for non-clinical staff, clinical staff
  (Agenda for Change bands and VSM), medical and dental staff by grade group, and all staff, each with its
  total row; White, BME and Unknown headcounts and totals for last year and this year, each group's share of
  the band, and the BME share's 95% interval against the overall BME share with its status. Disaggregated
  ethnic groups follow when computed.
* **Indicator 2**: shortlisted and appointed from shortlisting by group, the likelihoods, the relative
  likelihood (White ÷ BME) with 95% and 99.8% intervals and the status, for all posts and excluding
  internationally recruited applicants; then each breakdown (this year) and disaggregated groups.
* **Indicator 3**: headcount, entrants to a formal disciplinary investigation this year and last year, the
  likelihoods and the relative likelihood (BME ÷ White), in the configured form first (rolling or single year)
  and then the other.
* **Indicator 4**: headcount and staff accessing non-mandatory training, likelihoods, relative likelihood
  (White ÷ BME).
* **Indicators 5-8**: respondents and adverse answers by group, the percentages and the adverse gap in points.
* **Indicator 9**: board members by group (voting, executive, and the known-ethnicity-only variants), the
  workforce, both shares and the difference in points.
* **Results**: every result row, all columns (an Excel table); **Counts**: every count row (an Excel table);
  **Notes**: the footnote, what empty cells mean, directions and statuses.

Every sheet states the tier in row 3 ("INTERNAL — unsuppressed, not for publication" or "Public — disclosure
policy <id>") and carries the footnote in row 4; rows 1–4 are frozen (and the header row of Results and Counts).
Numbers are real numbers with number formats (counts ``#,##0``, shares and rates ``0.0%``, ratios ``0.00``,
points ``0.0``); a suppressed figure is the text ``[c]`` (public tier, see :mod:`wres.reports.figures`); an empty
cell is not available or does not apply. No figure is computed here: each comes from one row of the results or
counts (:func:`workbook_layout` returns the sheets with the source of every cell, which the tests use to trace
the workbook back to the frames). The file is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, NamedTuple

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from wres.indicators.counts import COUNT_COLUMNS
from wres.indicators.results import EVENTS_PEOPLE
from wres.indicators.results import RESULT_KEY as RESULT_KEY_COLUMNS
from wres.reports.figures import (
    COUNT_FIELDS,
    INTERNAL,
    MARKER,
    PUBLIC,
    check_tier,
    footnote,
    for_org,
    jsonable,
    marked_counts,
    marked_results,
    tier_statement,
)
from wres.vocab.bands import BANDS, CLUSTER_LABELS, CLUSTERS

__all__ = [
    "FMT_COUNT",
    "FMT_PERCENT",
    "FMT_POINTS",
    "FMT_RATIO",
    "SHEET_NAMES",
    "Cell",
    "Sheet",
    "Source",
    "workbook_layout",
    "write_return_workbook",
]

FMT_COUNT: Final = "#,##0"
FMT_PERCENT: Final = "0.0%"
FMT_RATIO: Final = "0.00"
FMT_POINTS: Final = "0.0"
FMT_THREE: Final = "0.000"
FMT_YEAR: Final = "0"
ESTIMATE_FORMATS: Final = {"share": FMT_PERCENT, "ratio": FMT_RATIO, "gap_points": FMT_POINTS}
ESTIMATE_FORMATS["difference_points"] = FMT_POINTS
PROPORTIONS: Final = ("rate_a", "rate_b", "benchmark", "completeness")
INTERVALS: Final = ("ci95_low", "ci95_high", "ci998_low", "ci998_high")

GROUPS: Final = ("White", "BME", "Unknown")
EXCEL_TEXT_LIMIT: Final = 32_767
FIRST_ROW: Final = 6
"""The first row of a sheet's content (rows 1–4: title, organisation, tier, footnote; row 5 empty)."""
SHEET_NAMES: Final = (
    "About",
    "Summary",
    "Indicator 1",
    "Indicator 2",
    "Indicator 3",
    "Indicator 4",
    "Indicators 5-8",
    "Indicator 9",
    "Results",
    "Counts",
    "Notes",
)
WORDING: Final = {
    "1": "Percentage of staff in each of the AfC bands 1–9 and VSM (including executive board members) compared "
    "with the percentage of staff in the overall workforce",
    "2": "Relative likelihood of staff being appointed from shortlisting across all posts",
    "3": "Relative likelihood of staff entering the formal disciplinary process, as measured by entry into a formal "
    "disciplinary investigation",
    "4": "Relative likelihood of staff accessing non-mandatory training and CPD",
    "5": "Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the public in "
    "last 12 months",
    "6": "Percentage of staff experiencing harassment, bullying or abuse from staff in last 12 months",
    "7": "Percentage believing that trust provides equal opportunities for career progression or promotion",
    "8": "In the last 12 months have you personally experienced discrimination at work from a manager, team leader "
    "or other colleagues",
    "9": "Percentage difference between the organisation's board voting membership and its overall workforce",
}
CATEGORY_TITLES: Final = {
    "non_clinical": "Non-clinical staff",
    "clinical": "Clinical staff (Agenda for Change bands and VSM)",
    "medical_dental": "Medical and dental staff",
    "unclassified": "Staff not classified as clinical or non-clinical",
    "all": "All staff",
}
CATEGORY_ORDER: Final = ("non_clinical", "clinical", "medical_dental", "unclassified")
VARIANT_TITLES: Final = {
    ("2", "all"): "All posts",
    ("2", "excluding_international"): "Excluding internationally recruited applicants",
    ("3", "rolling"): "Two-year rolling form",
    ("3", "single_year"): "Single-year form",
    ("4", "all"): "All staff",
}
SURVEY_VARIANTS: Final = {"microdata": "Survey microdata", "published": "Published summary (counts reconstructed)"}
BOARD_VARIANTS: Final = {
    "voting": "Voting members",
    "executive": "Executive members",
    "voting_known_only": "Voting members, known ethnicity only",
    "executive_known_only": "Executive members, known ethnicity only",
}
BREAKDOWN_TITLES: Final = {
    "band": "band",
    "cluster": "cluster",
    "staff_group": "staff group",
    "clinical": "staff category",
    "directorate": "directorate",
    "site": "site",
    "gender": "gender",
    "internal": "internal or external post",
}
STATUS_LABELS: Final = {
    "adverse_evidence": "Outside the non-adverse range; statistically significant",
    "insufficient_evidence": "Outside the range, but the numbers are too small to be sure",
    "within_range": "Within the non-adverse range",
    "bme_worse_evidence": "BME staff fare worse, with evidence",
    "bme_better_evidence": "BME staff fare better, with evidence",
    "no_evidence": "No evidence of a difference",
    "under_represented_evidence": "Under-represented, with evidence",
    "over_represented_evidence": "Over-represented, with evidence",
    "descriptive": "Descriptive (whole population)",
    "not_computed": "Not computed",
}
REASON_LABELS: Final = {
    "no_people": "a group has nobody",
    "comparator_rate_zero": "the comparator rate is 0",
    "no_events": "neither group has any events",
    "missing_input": "an input is missing",
    "suppressed": f"an input is suppressed {MARKER}",
    "invalid_input": "invalid input",
}
SUMMARY_MEASURES: Final = {
    "1": "BME share of the overall workforce",
    "2": "Relative likelihood of appointment from shortlisting (White ÷ BME)",
    "3": "Relative likelihood of entering the formal disciplinary process (BME ÷ White)",
    "4": "Relative likelihood of accessing non-mandatory training and CPD (White ÷ BME)",
    "5": "Harassment, bullying or abuse from patients, relatives or the public: adverse gap (points)",
    "6": "Harassment, bullying or abuse from staff: adverse gap (points)",
    "7": "Equal opportunities for career progression or promotion: adverse gap (points)",
    "8": "Discrimination from a manager, team leader or colleagues: adverse gap (points)",
    "9": "Board share minus workforce share, BME (points)",
}

Value = str | int | float | bool | None


# the layout model ---------------------------------------------------------------------------------------------


class Source(NamedTuple):
    """Where a figure comes from: a row of ``results`` or ``counts`` (its key columns) and a column, or an item
    of the metadata (``table = "metadata"``, key ``path``)."""

    table: str
    key: tuple[tuple[str, Any], ...]
    field: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.key)


class Cell(NamedTuple):
    """One cell: its value (a number, text, ``[c]``, a boolean or empty), number format, source and role
    (``title``, ``subtitle``, ``tier``, ``note``, ``block``, ``group``, ``header``, ``key``, ``label``,
    ``data``)."""

    value: Value
    fmt: str | None = None
    source: Source | None = None
    role: str = "data"


EMPTY: Final = Cell(None)


@dataclass
class Sheet:
    """One sheet as data: cells by (row, column), 1-based; merged ranges; widths; frozen cell; Excel table."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: str = "A5"
    table: tuple[str, str] | None = None

    def put(self, row: int, col: int, cell: Cell) -> None:
        if cell.value is not None or cell.source is not None:
            self.cells[(row, col)] = cell


@dataclass(frozen=True)
class Context:
    org_code: str
    year: int
    tier: str
    statement: str
    footnote: str
    metadata: Mapping[str, Any]


# figures by key ---------------------------------------------------------------------------------------------------


def _number(value: Any) -> Value:
    """A frame value as a cell value: whole floats as int, NaN as None, text (the marker) as is."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, int | bool):
        return value
    return str(value)


def _norm(column: str, value: Any) -> Any:
    """A key value as compared: the year as int, the headline flag as bool, anything else as text."""
    if column == "year":
        return int(value)
    if column == "headline":
        return bool(value)
    return str(value)


RESULT_KEY: Final = tuple(RESULT_KEY_COLUMNS)
COUNT_KEY: Final = tuple(c for c in COUNT_COLUMNS if c != "value")


class Figures:
    """The marked results and counts of one organisation, indexed by key."""

    def __init__(self, results: pd.DataFrame, counts: pd.DataFrame, org_code: str) -> None:
        self.org = org_code
        self.results = results
        self.counts = counts
        self._results: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._counts: dict[tuple[Any, ...], Any] = {}
        self._strata: dict[tuple[str, ...], set[tuple[int, str]]] = defaultdict(set)
        self._breakdowns: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.result_records: list[dict[str, Any]] = [
            {str(k): v for k, v in r.items()} for r in results.to_dict("records")
        ]
        self.count_records: list[dict[str, Any]] = [
            {str(k): v for k, v in r.items()} for r in counts.to_dict("records")
        ]
        self._source_keys: dict[int, tuple[tuple[str, Any], ...]] = {}
        self._by_indicator: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.result_records:
            full = tuple((k, int(row[k]) if k == "year" else str(row[k])) for k in RESULT_KEY)
            self._results[tuple(v for _, v in full[1:])] = row
            self._source_keys[id(row)] = full
            self._by_indicator[str(row["indicator"])].append(row)
        for crow in self.count_records:
            year = int(crow["year"])
            ind, variant, cat, bd, stratum, grouping, group, measure = (str(crow[k]) for k in COUNT_KEY[2:])
            self._counts[(year, ind, variant, cat, bd, stratum, grouping, group, measure)] = crow["value"]
            self._strata[(ind, variant, cat, bd, grouping)].add((year, stratum))
            self._breakdowns[(ind, grouping)].add(bd)

    # counts
    def count(
        self,
        year: int,
        ind: str,
        variant: str,
        cat: str,
        bd: str,
        stratum: str,
        group: str,
        measure: str,
        grouping: str = "wres",
    ) -> Cell:
        key = (year, ind, variant, cat, bd, stratum, grouping, group, measure)
        if key not in self._counts:
            return EMPTY
        names = ("year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group", "measure")
        source = Source("counts", (("org_code", self.org), *zip(names, key, strict=True)), "value")
        return Cell(_number(self._counts[key]), FMT_COUNT, source)

    def group_count(
        self,
        year: int,
        ind: str,
        variant: str,
        cat: str,
        bd: str,
        stratum: str,
        group: str,
        measure: str,
        paired: dict[str, Any] | None,
    ) -> Cell:
        """A count of the counts table or, when the table has no row for the group (nobody in it: the results
        count it as 0), the same count as the paired result row carries it (events ``a``/``c``, people
        ``n1``/``n2``, Unknown people ``unknown``)."""
        cell = self.count(year, ind, variant, cat, bd, stratum, group, measure)
        if cell.source is not None or paired is None or ind not in EVENTS_PEOPLE:
            return cell
        events, people = EVENTS_PEOPLE[ind]
        side = "a" if str(paired["group_a"]) == group else "c" if str(paired["group_b"]) == group else None
        if measure == events and side is not None:
            return self.result(paired, side)
        if measure == people and side is not None:
            return self.result(paired, "n1" if side == "a" else "n2")
        if measure == people and group == "Unknown":
            return self.result(paired, "unknown")
        return cell

    def strata(
        self, ind: str, variant: str, cat: str, bd: str, years: Iterable[int], grouping: str = "wres"
    ) -> list[str]:
        wanted = set(years)
        return order_strata({s for y, s in self._strata.get((ind, variant, cat, bd, grouping), ()) if y in wanted})

    def count_years(self, ind: str, variant: str, cat: str, bd: str, stratum: str, grouping: str = "wres") -> set[int]:
        return {y for y, s in self._strata.get((ind, variant, cat, bd, grouping), ()) if s == stratum}

    def breakdowns(self, ind: str, grouping: str = "wres") -> list[str]:
        found = set(self._breakdowns.get((ind, grouping), set()))
        found |= {str(r["breakdown"]) for k, r in self._results.items() if k[1] == ind and k[6] == grouping}
        return sorted(found - {"overall"})

    # results
    def row(
        self, year: int, ind: str, variant: str, cat: str, bd: str, stratum: str, a: str, b: str, grouping: str = "wres"
    ) -> dict[str, Any] | None:
        return self._results.get((year, ind, variant, cat, bd, stratum, grouping, a, b))

    def rows(self, **where: Any) -> list[dict[str, Any]]:
        """Result rows matching every ``column=value`` given, in the frame's order."""
        pool = self._by_indicator.get(str(where["indicator"]), []) if "indicator" in where else self.result_records
        return [r for r in pool if all(_norm(k, r[k]) == v for k, v in where.items())]

    def result(self, row: dict[str, Any] | None, name: str, fmt: str | None = None) -> Cell:
        if row is None:
            return EMPTY
        key = self._source_keys[id(row)]
        return Cell(
            _number(row[name]), fmt or result_format(name, str(row["estimate_type"])), Source("results", key, name)
        )


def result_format(name: str, estimate_type: str) -> str | None:
    """The number format of a result column (by the row's estimate type for the estimate and its intervals)."""
    if name in COUNT_FIELDS:
        return FMT_COUNT
    if name in PROPORTIONS:
        return FMT_PERCENT
    if name == "estimate" or name in INTERVALS:
        return ESTIMATE_FORMATS.get(estimate_type, "General")
    if name in ("katz95_low", "katz95_high"):
        return FMT_RATIO
    if name == "log_se":
        return FMT_THREE
    if name == "year":
        return FMT_YEAR
    return None


_STRATUM_ORDER: Final = {code: i for i, code in enumerate([*BANDS, *CLUSTERS])}


def order_strata(strata: Iterable[str]) -> list[str]:
    """Bands in band order, then clusters, then anything else alphabetically; ``all`` first."""
    return sorted(strata, key=lambda s: (0, 0, "") if s == "all" else (1, _STRATUM_ORDER.get(s, 999), s))


def stratum_label(code: str) -> str:
    if code == "all":
        return "All"
    if code in BANDS:
        return BANDS[code].label
    return CLUSTER_LABELS.get(code, code)


def status_label(row: dict[str, Any] | None) -> Cell:
    if row is None:
        return EMPTY
    status = str(row.get("status") or "")
    text = STATUS_LABELS.get(status, status)
    reason = row.get("reason")
    if status == "not_computed" and isinstance(reason, str) and reason:
        text = f"{text}: {REASON_LABELS.get(reason, reason)}"
    side = row.get("side")
    if status in ("adverse_evidence", "insufficient_evidence") and isinstance(side, str) and side:
        text = f"{text} ({side} the range)"
    return Cell(text, role="label")


# sheet building ---------------------------------------------------------------------------------------------------


Column = tuple[str, str]
"""(upper header, lower header); consecutive equal upper headers are merged."""


class Builder:
    """Writes a sheet's heading and its tables top to bottom."""

    def __init__(self, name: str, title: str, ctx: Context) -> None:
        self.sheet = Sheet(name)
        self.ctx = ctx
        put = self.sheet.put
        put(1, 1, Cell(title, role="title"))
        put(2, 1, Cell(f"Organisation {ctx.org_code} · WRES year {ctx.year}", role="subtitle"))
        put(3, 1, Cell(ctx.statement, role="tier"))
        put(4, 1, Cell(ctx.footnote, role="note"))
        self.row = FIRST_ROW

    def text(self, text: str, role: str = "note") -> None:
        self.sheet.put(self.row, 1, Cell(text, role=role))
        self.row += 1

    def table(self, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
        """A titled table: the title, the two header rows, the rows, an empty row."""
        if not rows:
            return
        put = self.sheet.put
        put(self.row, 1, Cell(title, role="block"))
        upper, lower = self.row + 1, self.row + 2
        start = 0
        for i in range(len(columns) + 1):
            if i == len(columns) or columns[i][0] != columns[start][0]:
                label = columns[start][0]
                if label:
                    put(upper, start + 1, Cell(label, role="group"))
                    if i - start > 1:
                        self.sheet.merges.append((upper, start + 1, upper, i))
                start = i
        for j, (_, label) in enumerate(columns):
            put(lower, j + 1, Cell(label, role="header"))
        r = lower + 1
        for cells in rows:
            for j, cell in enumerate(cells):
                put(r, j + 1, cell)
            r += 1
        self.row = r + 1


def _key(value: Value) -> Cell:
    return Cell(value, FMT_YEAR if isinstance(value, int) else None, role="key")


def _rate(fig: Figures, row: dict[str, Any] | None, group: str) -> Cell:
    """The rate of ``group`` in a paired result row (``rate_a`` or ``rate_b``)."""
    if row is None:
        return EMPTY
    if str(row["group_a"]) == group:
        return fig.result(row, "rate_a")
    if str(row["group_b"]) == group:
        return fig.result(row, "rate_b")
    return EMPTY


def _stat_cells(fig: Figures, row: dict[str, Any] | None) -> list[Cell]:
    """The estimate, its 95% and 99.8% intervals and the status of a result row."""
    return [*(fig.result(row, n) for n in ("estimate", *INTERVALS)), status_label(row)]


def _stat_columns(label: str) -> list[Column]:
    first = "Gap" if "gap" in label.lower() else "Ratio"
    cols = [(label, first), (label, "95% CI low"), (label, "95% CI high"), (label, "99.8% CI low")]
    return [*cols, (label, "99.8% CI high"), ("", "Status")]


# indicator 1 -------------------------------------------------------------------------------------------------


def _i1_categories(fig: Figures) -> list[str]:
    present = {str(r["category"]) for r in fig.rows(indicator="1")} - {"all"}
    known = [c for c in CATEGORY_ORDER if c in present]
    return [*known, *sorted(present - set(known)), "all"]


def _i1_strata(fig: Figures, cat: str, bd: str, years: Sequence[int]) -> list[str]:
    rows = fig.rows(indicator="1", category=cat, breakdown=bd, grouping="wres")
    return order_strata({str(r["stratum"]) for r in rows if int(r["year"]) in years})


def _i1_row(fig: Figures, years: Sequence[int], cat: str, bd: str, stratum: str, label: str) -> list[Cell]:
    y = years[-1]
    cells: list[Cell] = [_key(stratum), Cell(label, role="label")]
    for yr in years:
        cells += [
            fig.result(fig.row(yr, "1", "headcount", cat, bd, stratum, g, "Overall workforce"), "a") for g in GROUPS
        ]
        total = next(
            (
                r
                for g in ("BME", "White", "Unknown")
                if (r := fig.row(yr, "1", "headcount", cat, bd, stratum, g, "Overall workforce"))
            ),
            None,
        )
        cells.append(fig.result(total, "n1"))
    for yr in years:
        cells += [
            fig.result(fig.row(yr, "1", "headcount", cat, bd, stratum, g, "Overall workforce"), "estimate")
            for g in GROUPS
        ]
    bme = fig.row(y, "1", "headcount", cat, bd, stratum, "BME", "Overall workforce")
    cells += [
        fig.result(bme, "ci95_low"),
        fig.result(bme, "ci95_high"),
        fig.result(bme, "benchmark"),
        status_label(bme),
    ]
    return cells


def _i1_columns(years: Sequence[int]) -> list[Column]:
    cols: list[Column] = [("", "Code"), ("", "Band")]
    for yr in years:
        cols += [(f"Headcount 31 March {yr}", g) for g in (*GROUPS, "Total")]
    for yr in years:
        cols += [(f"Share of staff {yr}", g) for g in GROUPS]
    bme = f"BME share {years[-1]}"
    return [*cols, (bme, "95% CI low"), (bme, "95% CI high"), (bme, "Overall workforce BME share"), (bme, "Status")]


def indicator1(fig: Figures, ctx: Context) -> Sheet:
    b = Builder("Indicator 1", f"Indicator 1 — {WORDING['1']}", ctx)
    years = [ctx.year - 1, ctx.year]
    b.text(
        "Headcount at 31 March of each year; shares are of everyone in the band, Unknown included. The BME share's"
        " 95% interval (Wilson) is compared with the organisation's overall BME share."
    )
    b.row += 1
    columns = _i1_columns(years)
    for bd, what in (("band", "by band"), ("cluster", "by cluster")):
        for cat in _i1_categories(fig):
            strata = _i1_strata(fig, cat, bd, years)
            rows = [_i1_row(fig, years, cat, bd, s, stratum_label(s)) for s in strata]
            if rows and bd == "band":
                if cat == "all":
                    rows.append(_i1_row(fig, years, "all", "overall", "all", "Overall workforce"))
                else:
                    rows.append(_i1_row(fig, years, cat, "category", "all", f"All: {CATEGORY_TITLES.get(cat, cat)}"))
            b.table(f"{CATEGORY_TITLES.get(cat, cat)}, {what}", columns, rows)
    for bd in fig.breakdowns("1"):
        if bd in ("band", "cluster", "category"):
            continue
        rows = [_i1_row(fig, years, "all", bd, s, s) for s in _i1_strata(fig, "all", bd, years)]
        b.table(f"All staff, by {BREAKDOWN_TITLES.get(bd, bd)}", columns, rows)
    _i1_disaggregated(b, fig, years)
    return b.sheet


def _i1_disaggregated(b: Builder, fig: Figures, years: Sequence[int]) -> None:
    for grouping in ("group5", "group9"):
        found = fig.rows(indicator="1", grouping=grouping, breakdown="overall", stratum="all")
        groups = list(dict.fromkeys(str(r["group_a"]) for r in found))
        rows = []
        for g in groups:
            cells: list[Cell] = [_key(grouping), Cell(g, role="label")]
            cells += [
                fig.result(fig.row(y, "1", "headcount", "all", "overall", "all", g, "Overall workforce", grouping), "a")
                for y in years
            ]
            for y in years:
                cells.append(
                    fig.result(
                        fig.row(y, "1", "headcount", "all", "overall", "all", g, "Overall workforce", grouping),
                        "estimate",
                    )
                )
            rows.append(cells)
        cols: list[Column] = [("", "Grouping"), ("", "Group")]
        cols += [(f"Headcount 31 March {y}", "Headcount") for y in years]
        cols += [(f"Share of staff {y}", "Share") for y in years]
        b.table(f"Overall workforce by disaggregated ethnic group ({grouping})", cols, rows)


# indicators 2, 3, 4 ------------------------------------------------------------------------------------------------

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


def _ratio_columns(ind: str) -> list[Column]:
    _, measures, rate, ratio = RATIO_SPECS[ind]
    cols: list[Column] = [("", "Year"), ("", "Code"), ("", "Stratum")]
    for header, _measure in measures:
        cols += [(header, g) for g in GROUPS]
    cols += [(rate, "White"), (rate, "BME")]
    return [*cols, *_stat_columns(ratio)]


def _ratio_row(fig: Figures, ind: str, variant: str, year: int, bd: str, stratum: str) -> list[Cell]:
    count_variant, measures, _, _ = RATIO_SPECS[ind]
    cv = count_variant or variant
    a, b = COMPARISON[ind]
    row = fig.row(year, ind, variant, "all", bd, stratum, a, b)
    cells: list[Cell] = [_key(year), _key(stratum), Cell(stratum_label(stratum), role="label")]
    paired = fig.row(year, ind, "single_year", "all", bd, stratum, a, b) if ind == "3" else row
    for _, measure in measures:
        cells += [fig.group_count(year, ind, cv, "all", bd, stratum, g, measure, paired) for g in GROUPS]
    cells += [_rate(fig, row, "White"), _rate(fig, row, "BME")]
    return [*cells, *_stat_cells(fig, row)]


def _variants(fig: Figures, ind: str) -> list[str]:
    found = list(dict.fromkeys(str(r["variant"]) for r in fig.rows(indicator=ind, grouping="wres")))
    if ind == "3":  # the configured (headline) form first
        head = [
            str(r["variant"]) for r in fig.rows(indicator="3", grouping="wres", breakdown="overall") if r["headline"]
        ]
        first = head[0] if head else "rolling"
        found = sorted(found, key=lambda v: (v != first, v))
    return found


def _has_year(fig: Figures, ind: str, variant: str, year: int, bd: str, stratum: str) -> bool:
    a, b = COMPARISON[ind]
    count_variant = RATIO_SPECS[ind][0] or variant
    return fig.row(year, ind, variant, "all", bd, stratum, a, b) is not None or year in fig.count_years(
        ind, count_variant, "all", bd, stratum
    )


def ratio_sheet(fig: Figures, ctx: Context, ind: str) -> Sheet:
    b = Builder(f"Indicator {ind}", f"Indicator {ind} — {WORDING[ind]}", ctx)
    notes = {
        "2": "Applications shortlisted in the activity year (1 April to 31 March); likelihood = appointed ÷"
        " shortlisted.",
        "3": "Distinct people entering a formal disciplinary investigation in the activity year; headcount at 31 March."
        " The rolling form sums this year's and last year's entrants over twice this year's headcount.",
        "4": "Distinct people accessing non-mandatory training or CPD in the activity year; headcount at 31 March.",
    }
    b.text(notes[ind] + " Non-adverse range 0.80 to 1.25; 95% and 99.8% intervals: Koopman score.")
    b.row += 1
    columns = _ratio_columns(ind)
    years = [ctx.year - 1, ctx.year]
    variants = _variants(fig, ind)
    for variant in variants:
        rows = [
            _ratio_row(fig, ind, variant, y, "overall", "all")
            for y in years
            if _has_year(fig, ind, variant, y, "overall", "all")
        ]
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
            rows = [_ratio_row(fig, ind, variant, ctx.year, bd, s) for s in strata]
            title = f"{VARIANT_TITLES.get((ind, variant), variant)}, by {BREAKDOWN_TITLES.get(bd, bd)}, {ctx.year}"
            b.table(title, columns, rows)
    _disaggregated(b, fig, ctx, ind, "Ratio" if ind in COMPARISON else "Gap")
    return b.sheet


def _disaggregated(b: Builder, fig: Figures, ctx: Context, ind: str, stat: str) -> None:
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
    cols += _stat_columns(label)
    rows = []
    for r in found:
        group = str(r["group_b"]) if str(r["group_a"]) == "White" else str(r["group_a"])
        mine, white = (
            (("c", "n2", "rate_b"), ("a", "n1", "rate_a"))
            if str(r["group_a"]) == "White"
            else (
                ("a", "n1", "rate_a"),
                ("c", "n2", "rate_b"),
            )
        )
        cells: list[Cell] = [_key(int(r["year"])), _key(str(r["grouping"])), Cell(group, role="label")]
        cells += [_key(str(r["variant"])), _key(str(r["stratum"]))]
        cells += [fig.result(r, n) for n in mine] + [fig.result(r, n) for n in white]
        rows.append([*cells, *_stat_cells(fig, r)])
    b.table(f"Disaggregated ethnic groups, {ctx.year}", cols, rows)


# indicators 5-8 --------------------------------------------------------------------------------------------------


def _gap_columns(ind: str) -> list[Column]:
    answer = "Answering “Yes”" if ind in ("7", "8") else "Adverse answer"
    direction = "White − BME" if ind == "7" else "BME − White"
    cols: list[Column] = [("", "Year"), ("", "Code"), ("", "Stratum"), ("", "Source")]
    cols += [("Respondents", g) for g in GROUPS] + [(answer, g) for g in GROUPS]
    cols += [("Percentage", "White"), ("Percentage", "BME")]
    return [*cols, *_stat_columns(f"Adverse gap, points ({direction})")]


def _gap_row(fig: Figures, ind: str, variant: str, year: int, bd: str, stratum: str) -> list[Cell]:
    a, b = ("White", "BME") if ind == "7" else ("BME", "White")
    row = fig.row(year, ind, variant, "all", bd, stratum, a, b)
    cells: list[Cell] = [_key(year), _key(stratum), Cell(stratum_label(stratum), role="label")]
    cells.append(Cell(SURVEY_VARIANTS.get(variant, variant), role="label"))
    for measure in ("respondents", "adverse"):
        cells += [fig.group_count(year, ind, variant, "all", bd, stratum, g, measure, row) for g in GROUPS]
    cells += [_rate(fig, row, "White"), _rate(fig, row, "BME")]
    return [*cells, *_stat_cells(fig, row)]


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
        rows = []
        for y in years:
            variants = list(dict.fromkeys(str(r["variant"]) for r in fig.rows(indicator=ind, year=y, grouping="wres")))
            variants += [
                v
                for v in ("microdata", "published")
                if v not in variants and fig.count_years(ind, v, "all", "overall", "all") & {y}
            ]
            rows += [_gap_row(fig, ind, v, y, "overall", "all") for v in variants]
        b.table(f"Indicator {ind}, organisation", columns, rows)
        for bd in fig.breakdowns(ind):
            strata = order_strata(
                {str(r["stratum"]) for r in fig.rows(indicator=ind, breakdown=bd, grouping="wres", year=ctx.year)}
                | set(fig.strata(ind, "microdata", "all", bd, [ctx.year]))
            )
            rows = [_gap_row(fig, ind, "microdata", ctx.year, bd, s) for s in strata]
            b.table(f"Indicator {ind}, by {BREAKDOWN_TITLES.get(bd, bd)}, {ctx.year}", columns, rows)
        _disaggregated(b, fig, ctx, ind, "Gap")
    return b.sheet


# indicator 9 --------------------------------------------------------------------------------------------------------


def board_sheet(fig: Figures, ctx: Context) -> Sheet:
    b = Builder("Indicator 9", f"Indicator 9 — {WORDING['9']}", ctx)
    b.text(
        "Board register and workforce headcount at 31 March. Shares are of everyone (Unknown included) or, in the"
        " known-only rows, of people with a known ethnicity. Difference = board share − workforce share, in points."
        " The board is a whole population: no interval."
    )
    b.row += 1
    cols: list[Column] = [("", "Year"), ("", "Board membership")]
    cols += [("Board members", g) for g in (*GROUPS, "Total")] + [("Workforce", g) for g in (*GROUPS, "Total")]
    cols += [("Board share", g) for g in GROUPS] + [("Workforce share", g) for g in GROUPS]
    cols += [("Difference, points (board − workforce)", g) for g in GROUPS]
    rows = []
    for y in (ctx.year - 1, ctx.year):
        variants = list(dict.fromkeys(str(r["variant"]) for r in fig.rows(indicator="9", year=y, grouping="wres")))
        for variant in sorted(
            variants, key=lambda v: (list(BOARD_VARIANTS).index(v) if v in BOARD_VARIANTS else 99, v)
        ):
            by_group = {g: fig.row(y, "9", variant, "all", "overall", "all", g, "Overall workforce") for g in GROUPS}
            first = next((r for r in (by_group["BME"], by_group["White"], by_group["Unknown"]) if r is not None), None)
            cells: list[Cell] = [_key(y), Cell(BOARD_VARIANTS.get(variant, variant), role="label")]
            cells += [fig.result(by_group[g], "a") for g in GROUPS] + [fig.result(first, "n1")]
            cells += [fig.result(by_group[g], "c") for g in GROUPS] + [fig.result(first, "n2")]
            cells += [fig.result(by_group[g], "rate_a") for g in GROUPS]
            cells += [fig.result(by_group[g], "rate_b") for g in GROUPS]
            cells += [fig.result(by_group[g], "estimate") for g in GROUPS]
            rows.append(cells)
    b.table("Board against the overall workforce", cols, rows)
    return b.sheet


# summary, results, counts, about, notes ---------------------------------------------------------------------------


def summary_sheet(fig: Figures, ctx: Context) -> Sheet:
    b = Builder("Summary", f"WRES {ctx.year} — summary of the nine indicators", ctx)
    last, this = f"WRES year {ctx.year - 1}", f"WRES year {ctx.year}"
    cols: list[Column] = [("", "Indicator"), ("", "Measure"), ("", "Variant"), ("", "Comparison")]
    cols += [(last, "Value"), (this, "Value"), (this, "95% CI low"), (this, "95% CI high"), (this, "Status")]
    rows = []
    for r in fig.rows(year=ctx.year, headline=True):
        ind, variant = str(r["indicator"]), str(r["variant"])
        before = fig.row(
            ctx.year - 1,
            ind,
            variant,
            str(r["category"]),
            str(r["breakdown"]),
            str(r["stratum"]),
            str(r["group_a"]),
            str(r["group_b"]),
            str(r["grouping"]),
        )
        measure = SUMMARY_MEASURES.get(ind, "")
        if ind == "9":
            measure = f"Board {variant} membership share minus workforce share, BME (points)"
        cells: list[Cell] = [_key(ind), Cell(measure, role="label"), _key(variant)]
        cells.append(Cell(f"{r['group_a']} / {r['group_b']}", role="label"))
        cells += [
            fig.result(before, "estimate"),
            fig.result(r, "estimate"),
            fig.result(r, "ci95_low"),
            fig.result(r, "ci95_high"),
        ]
        rows.append([*cells, status_label(r)])
    b.table("Headline figures", cols, rows)
    return b.sheet


def _frame_sheet(
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
            value = _number(row[col])
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
        ref = f"A{header}:{get_column_letter(len(columns))}{header + len(records)}"
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
        [Cell(k, role="key"), _key(v) if isinstance(v, int) else Cell(v, role="label")] for k, v in items
    ]
    for path, value in _flatten(dict(ctx.metadata), ""):
        rows.append(
            [Cell(path, role="key"), Cell(value, source=Source("metadata", (("path", path),), "value"), role="label")]
        )
    b.table("About this workbook and its figures", [("", "Item"), ("", "Value")], rows)
    return b.sheet


def notes_sheet(ctx: Context) -> Sheet:
    b = Builder("Notes", "Notes", ctx)
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
            " likely to enter the process.",
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
            "Ratios and gaps are computed from unrounded counts; 95% and 99.8% intervals; non-adverse range 0.80"
            " to 1.25.",
        ),
        ("Statuses", "; ".join(f"{k}: {v}" for k, v in STATUS_LABELS.items())),
        ("Reasons", "; ".join(f"{k}: {v}" for k, v in REASON_LABELS.items())),
    ]
    rows = [[Cell(k, role="key"), Cell(v, role="label")] for k, v in lines]
    b.table("Notes on the figures", [("", "Topic"), ("", "Note")], rows)
    return b.sheet


# the layout and the file ------------------------------------------------------------------------------------------


def workbook_layout(
    results: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    org_code: str,
    year: int,
    tier: str,
    metadata: Mapping[str, Any],
) -> list[Sheet]:
    """The sheets of the return workbook as data, with the source of every figure (see the module docstring)."""
    check_tier(tier, results, counts, metadata)
    res = marked_results(for_org(results, org_code), tier)
    cnt = marked_counts(for_org(counts, org_code), tier)
    ctx = Context(org_code, int(year), tier, tier_statement(tier, metadata), footnote(tier, metadata), metadata)
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
        _frame_sheet(
            "Results", f"Every result row — WRES {ctx.year}", list(res.columns), fig.result_records, ctx, "results"
        ),
        _frame_sheet(
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


class _Styles:
    """The cell styles, by style key (:func:`_style_key`)."""

    def __init__(self, tier: str) -> None:
        bold = Font(bold=True)
        fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
        border = Border(bottom=Side(style="thin", color="8EA9DB"))
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.fonts = {
            "title": Font(bold=True, size=14),
            "tier": Font(bold=True, color="C00000" if tier == INTERNAL else "1F4E79"),
            "note": Font(italic=True, color="595959"),
            "subtitle": Font(italic=True, color="595959"),
            "block": Font(bold=True, size=12),
            "header": bold,
            "group": bold,
        }
        self.fill, self.border, self.center = fill, border, center
        self.right = Alignment(horizontal="right")

    def apply(self, x: Any, key: tuple[str, str | None]) -> None:
        look, fmt = key
        if look in self.fonts:
            x.font = self.fonts[look]
        if look in ("header", "group"):
            x.fill, x.border, x.alignment = self.fill, self.border, self.center
        elif look == "marker":
            x.alignment = self.right
        if fmt:
            x.number_format = fmt


def _style_key(cell: Cell) -> tuple[str, str | None]:
    """What a cell looks like: its role's look (the marker right-aligned) and its number format."""
    if cell.role in ("title", "tier", "note", "subtitle", "block", "header", "group"):
        return cell.role, None
    if cell.value == MARKER:
        return "marker", None
    if isinstance(cell.value, str | bool) or cell.value is None:
        return "plain", None
    return "plain", cell.fmt


_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _sheet_data(sheet: Sheet, style_ids: Mapping[tuple[str, str | None], int]) -> tuple[str, str]:
    """The ``<sheetData>`` element of a sheet (inline strings) and its dimension.

    openpyxl serialises cells one XML element at a time, about 30 µs a cell; a trust's Results and Counts
    sheets hold some 50,000 cells, so the cells are written here and spliced into openpyxl's package (styles,
    merges, panes, widths and tables stay openpyxl's).
    """
    parts = ["<sheetData>"]
    letters: dict[int, str] = {}
    sids: dict[tuple[str, str | None], str] = {k: f' s="{v}"' if v else "" for k, v in style_ids.items()}
    last_col, current = 1, 0
    for (r, c), cell in sorted(sheet.cells.items()):
        value = cell.value
        if value is None:
            continue
        if r != current:
            parts.append(f'</row><row r="{r}">' if current else f'<row r="{r}">')
            current = r
        letter = letters.get(c)
        if letter is None:
            letter = letters[c] = get_column_letter(c)
            last_col = max(last_col, c)
        style = sids.get(_style_key(cell), "")
        if isinstance(value, bool):
            parts.append(f'<c r="{letter}{r}"{style} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int):
            parts.append(f'<c r="{letter}{r}"{style}><v>{value}</v></c>')
        elif isinstance(value, float) and math.isfinite(value):
            parts.append(f'<c r="{letter}{r}"{style}><v>{value!r}</v></c>')
        else:
            text = _xml_text(str(value)[:EXCEL_TEXT_LIMIT])
            space = ' xml:space="preserve"' if text != text.strip() else ""
            parts.append(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>')
    parts.append("</row></sheetData>" if current else "</sheetData>")
    return "".join(parts), f"A1:{get_column_letter(last_col)}{max(current, 1)}"


def _render(wb: Workbook, sheet: Sheet, styles: _Styles, style_ids: dict[tuple[str, str | None], int]) -> Any:
    """The worksheet without its cells (they are spliced in by :func:`_sheet_data`): each style used is set on
    one cell to register it, and the header cells of an Excel table are written for its column names."""
    ws = wb.create_sheet(sheet.name)
    for (r, c), cell in sheet.cells.items():
        key = _style_key(cell)
        if cell.value is not None and key not in style_ids:
            x = ws.cell(row=r, column=c, value=cell.value)
            styles.apply(x, key)
            style_ids[key] = int(x.style_id)
    for r1, c1, r2, c2 in sheet.merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for col, width in sheet.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = sheet.freeze
    if sheet.table is not None:
        name, ref = sheet.table
        min_col, min_row, max_col, _ = range_boundaries(ref)
        table = Table(displayName=name, ref=ref, autoFilter=AutoFilter(ref=ref))
        table.tableColumns = [
            TableColumn(id=i, name=str(sheet.cells[(min_row, c)].value))
            for i, c in enumerate(range(min_col, max_col + 1), start=1)
        ]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True, showColumnStripes=False)
        ws.add_table(table)
    return ws


def _stamp(metadata: Mapping[str, Any]) -> datetime:
    """The document's creation time: the computation's ``computed_at`` when given (so the file is deterministic)."""
    text = metadata.get("computed_at")
    if isinstance(text, str):
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return stamp.astimezone(UTC).replace(tzinfo=None) if stamp.tzinfo else stamp
    return datetime(2000, 1, 1)


def _package(data: bytes, stamp: datetime, sheet_xml: Mapping[str, tuple[str, str]]) -> bytes:
    """openpyxl's package with each worksheet's cells spliced in, fixed zip timestamps and document times."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{iso}\g<2>", text)
                content = text.encode("utf-8")
            elif info.filename in sheet_xml:
                cells, dimension = sheet_xml[info.filename]
                text = content.decode("utf-8")
                found = _SHEET_DATA.search(text)
                if found is not None:
                    text = text[: found.start()] + cells + text[found.end() :]
                text = _DIMENSION.sub(f'<dimension ref="{dimension}"', text, count=1)
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()


_SHEET_DATA: Final = re.compile(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.DOTALL)
_DIMENSION: Final = re.compile(r'<dimension ref="[^"]*"')


def write_return_workbook(
    results: pd.DataFrame,
    counts: pd.DataFrame,
    path: Path,
    *,
    org_code: str,
    year: int,
    tier: str,
    metadata: dict[str, Any],
) -> Path:
    """Write the WRES return workbook of ``org_code`` for WRES year ``year`` in ``tier`` (``internal`` or
    ``public``) to ``path`` and return the path.

    ``results`` has :data:`~wres.indicators.results.RESULT_COLUMNS` and ``counts``
    :data:`~wres.indicators.counts.COUNT_COLUMNS`; in the public tier both come from
    :func:`wres.disclosure.protect` and ``metadata['disclosure']`` names the policy (else ``ValueError``).
    """
    sheets = workbook_layout(results, counts, org_code=org_code, year=year, tier=tier, metadata=metadata)
    wb = Workbook()
    wb.remove(wb.active)
    styles = _Styles(tier)
    style_ids: dict[tuple[str, str | None], int] = {}
    worksheets = [_render(wb, sheet, styles, style_ids) for sheet in sheets]
    stamp = _stamp(metadata)
    wb.properties.creator = "wres"
    wb.properties.title = f"WRES return {year} {org_code}"
    wb.properties.created = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    # the part names are given at saving (sheet1.xml, ...): splice each sheet's cells into its part
    sheet_xml = {
        str(ws.path).lstrip("/"): _sheet_data(sheet, style_ids) for ws, sheet in zip(worksheets, sheets, strict=True)
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_package(buffer.getvalue(), stamp, sheet_xml))
    return path
