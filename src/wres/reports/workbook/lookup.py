"""The marked results and counts of one organisation, indexed by key, and the cell of any figure with its source.

:class:`Figures` answers "the count of this group, measure, stratum and year" and "this column of that result
row" as a :class:`~.model.Cell` whose :class:`~.model.Source` names the row it came from, so that the tests can
trace every figure of the workbook back to the frames.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Final

import pandas as pd

from wres.indicators.counts import COUNT_COLUMNS
from wres.indicators.results import EVENTS_PEOPLE
from wres.indicators.results import RESULT_KEY as RESULT_KEY_COLUMNS
from wres.reports.figures import COUNT_FIELDS
from wres.reports.workbook.labels import status_text
from wres.reports.workbook.model import (
    ABSENT,
    EMPTY,
    FMT_COUNT,
    FMT_PERCENT,
    FMT_POINTS,
    FMT_RATIO,
    FMT_THREE,
    FMT_YEAR,
    Cell,
    Context,
    Source,
    norm,
    number,
)
from wres.vocab.bands import BANDS, CLUSTER_LABELS, CLUSTERS

__all__ = [
    "COUNT_KEY",
    "INTERVALS",
    "RESULT_KEY",
    "Figures",
    "order_strata",
    "result_format",
    "status_label",
    "stratum_label",
]

ESTIMATE_FORMATS: Final = {
    "share": FMT_PERCENT,
    "ratio": FMT_RATIO,
    "gap_points": FMT_POINTS,
    "difference_points": FMT_POINTS,
}
PROPORTIONS: Final = ("rate_a", "rate_b", "benchmark", "completeness")
INTERVALS: Final = ("ci95_low", "ci95_high", "ci998_low", "ci998_high")

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
        self._years: dict[tuple[str, str, str, str], set[int]] = {}
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
        return Cell(number(self._counts[key]), FMT_COUNT, source)

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

    def result_years(self, ind: str, cat: str, bd: str, grouping: str = "wres") -> set[int]:
        """The years with a result row of the indicator, staff category and breakdown."""
        key = (ind, cat, bd, grouping)
        if key not in self._years:
            self._years[key] = {
                int(r["year"])
                for r in self._by_indicator.get(ind, [])
                if (str(r["category"]), str(r["breakdown"]), str(r["grouping"])) == (cat, bd, grouping)
            }
        return self._years[key]

    def rows(self, **where: Any) -> list[dict[str, Any]]:
        """Result rows matching every ``column=value`` given, in the frame's order."""
        pool = self._by_indicator.get(str(where["indicator"]), []) if "indicator" in where else self.result_records
        return [r for r in pool if all(norm(k, r[k]) == v for k, v in where.items())]

    def result(self, row: dict[str, Any] | None, name: str, fmt: str | None = None) -> Cell:
        if row is None:
            return EMPTY
        key = self._source_keys[id(row)]
        return Cell(
            number(row[name]), fmt or result_format(name, str(row["estimate_type"])), Source("results", key, name)
        )

    def zero(
        self, year: int, ind: str, variant: str, cat: str, bd: str, stratum: str, group: str, measure: str
    ) -> Cell:
        """A count of 0 for a key no frame has a row for (nobody counted: a band nobody is in that year)."""
        names = ("year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group", "measure")
        key = (year, ind, variant, cat, bd, stratum, "wres", group, measure)
        return Cell(0, FMT_COUNT, Source(ABSENT, (("org_code", self.org), *zip(names, key, strict=True)), "value"))


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


def status_label(row: dict[str, Any] | None, ctx: Context) -> Cell:
    """A result row's status in words, with the configured non-adverse range for indicators 2–4."""
    if row is None:
        return EMPTY
    text = status_text(
        str(row.get("status") or ""),
        row.get("reason"),
        row.get("side"),
        ctx.low,
        ctx.high,
        row.get("indicator"),
        row.get("group_a"),
    )
    return Cell(text, role="label")
