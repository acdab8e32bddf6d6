"""Hand-written return counts → realistic result rows (through the real counts path, fast)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from wres.indicators import compute_from_counts
from wres.indicators.counts import COUNT_COLUMNS

Groups = Mapping[str, Sequence[float | None]]

MEASURE_ORDER = {
    "1": ("headcount",),
    "2": ("shortlisted", "appointed"),
    "3": ("entrants", "entrants_prev", "headcount"),
    "4": ("accessed", "headcount"),
    "5": ("respondents", "adverse"),
    "6": ("respondents", "adverse"),
    "7": ("respondents", "adverse"),
    "8": ("respondents", "adverse"),
    "9": ("members", "workforce"),
}


def group_rows(
    year: int,
    indicator: str,
    groups: Groups,
    *,
    org: str = "RXX",
    variant: str = "all",
    category: str = "all",
    breakdown: str = "overall",
    stratum: str = "all",
    grouping: str = "wres",
) -> list[list[object]]:
    """Long counts rows: ``groups`` maps a group to its measures in :data:`MEASURE_ORDER`."""
    rows: list[list[object]] = []
    for group, values in groups.items():
        for measure, value in zip(MEASURE_ORDER[indicator], values, strict=True):
            rows.append([org, year, indicator, variant, category, breakdown, stratum, grouping, group, measure, value])
    return rows


def return_counts(
    year: int,
    *,
    org: str = "RXX",
    i1: Groups | None = None,
    i1_strata: Mapping[tuple[str, str], Groups] | None = None,
    i2: Groups | None = None,
    i3: Groups | None = None,
    i4: Groups | None = None,
    survey: Mapping[str, Groups] | None = None,
    survey_variant: str = "microdata",
    i9: Mapping[str, Groups] | None = None,
) -> pd.DataFrame:
    """One organisation-year of return counts (only the indicators given)."""
    rows: list[list[object]] = []
    if i1 is not None:
        rows += group_rows(year, "1", i1, org=org, variant="headcount")
    for (breakdown, stratum), groups in (i1_strata or {}).items():
        rows += group_rows(year, "1", groups, org=org, variant="headcount", breakdown=breakdown, stratum=stratum)
    for ind, groups_ in (("2", i2), ("3", i3), ("4", i4)):
        if groups_ is not None:
            rows += group_rows(year, ind, groups_, org=org)
    for ind, groups in (survey or {}).items():
        rows += group_rows(year, ind, groups, org=org, variant=survey_variant)
    for variant, groups in (i9 or {}).items():
        rows += group_rows(year, "9", groups, org=org, variant=variant)
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def results_from(*tables: pd.DataFrame) -> pd.DataFrame:
    """Result rows for the given counts tables (every year in them)."""
    counts = pd.concat(tables, ignore_index=True)
    counts["value"] = pd.to_numeric(counts["value"], errors="coerce")
    return compute_from_counts(counts).frame


def row_of(frame: pd.DataFrame, year: int, indicator: str, **match: object) -> pd.Series:
    """The single headline-like row of ``indicator`` in ``year`` (extra column filters in ``match``)."""
    sel = (frame["year"] == year) & (frame["indicator"] == indicator)
    defaults: dict[str, object] = {"grouping": "wres", "breakdown": "overall", "category": "all", "stratum": "all"}
    for col, value in {**defaults, **match}.items():
        sel &= frame[col] == value
    rows = frame[sel]
    if "headline" in frame and len(rows) > 1:
        rows = rows[rows["headline"]]
    assert len(rows) == 1, rows
    return rows.iloc[0]
