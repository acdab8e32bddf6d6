"""Aggregated counts: the numbers an organisation enters in the WRES return, in one long table.

Both input paths meet here. The record-level path rolls the families' fine counts (by canonical ethnic
category) up to a grouping; the counts path reads the same table from a file. Results are computed from this
table only, so both paths give identical results.

Columns (``COUNT_COLUMNS``): ``org_code, year, indicator, variant, category, breakdown, stratum, grouping,
group, measure, value``. ``grouping`` is ``wres`` (groups White, BME, Unknown), ``group5`` or ``group9``;
``measure`` is one of the indicator's measures (:data:`wres.indicators.fine.MEASURES`); an empty ``value``
means "not available" (for example last year's disciplinary entrants when there was no snapshot). The format is
documented for users in ``docs/counts-format.md``.

A file may also carry the ``disclosure`` column that ``wres report`` writes in its ``counts.csv``
(:mod:`wres.reports.figures`). The internal tier's file says ``unsuppressed`` on every row and is read as it is
(the column is dropped), so a report's counts give back the report's results. A public-tier file (any other
status, or a value ``[c]``) is refused with one problem: its counts are rounded to 5 and small ones suppressed,
while the published statistics come from the unrounded counts, so figures computed from it would not match them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.errors import DataError, Problem
from wres.indicators.fine import FINE_KEY, MEASURES
from wres.vocab.ethnicity import CATEGORIES, EthnicityConfig, group5_of, group9_of

COUNT_KEY = [
    "org_code",
    "year",
    "indicator",
    "variant",
    "category",
    "breakdown",
    "stratum",
    "grouping",
    "group",
]
COUNT_COLUMNS = [*COUNT_KEY, "measure", "value"]
GROUPINGS = ("wres", "group5", "group9")
EXTRA_MEASURES = ("reconstructed",)
DISCLOSURE_COLUMN = "disclosure"
"""Optional column: the disclosure status a report's ``counts.csv`` gives each row (wres.reports.figures)."""
INTERNAL_DISCLOSURE = "unsuppressed"
"""The only ``disclosure`` status read: the internal tier's (wres.reports.figures.UNSUPPRESSED)."""
PUBLIC_MARKER = "[c]"
"""A suppressed count in a public-tier file (wres.disclosure.policy.MARKER)."""
PUBLIC_TIER_PROBLEM = (
    "a public-tier counts file (disclosure control applied: counts rounded and small ones suppressed as [c]); the "
    "published statistics come from unrounded counts, so they cannot be computed from it: use the internal-tier "
    "counts.csv of the report (wres report --tier internal) or the return's own counts"
)


def group_lookup(grouping: str, config: WresConfig) -> dict[str, str]:
    """Canonical ethnic code → group label under ``grouping``."""
    ecfg = EthnicityConfig(chinese_in_5group=config.ethnicity.chinese_in_5group)
    if grouping == "wres":
        # the group labels map to themselves, for counts already made by WRES group
        labels = {"White": "White", "Unknown": "Unknown"}
        return labels | {code: cat.wres_group.value for code, cat in CATEGORIES.items()}
    if grouping == "group5":
        return {code: group5_of(code, ecfg) for code in CATEGORIES}
    if grouping == "group9":
        return {code: group9_of(code) for code in CATEGORIES}
    raise ValueError(grouping)


def group_counts(fine: pd.DataFrame, grouping: str, config: WresConfig) -> pd.DataFrame:
    """Roll fine counts up to ``grouping`` and return the long counts table."""
    if fine.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    lookup = group_lookup(grouping, config)
    df = fine.copy()
    df["group"] = df["ethnic_category"].map(lookup).fillna("Unknown")
    df["grouping"] = grouping
    measures = [c for c in df.columns if c not in FINE_KEY and c not in ("group", "grouping")]
    key = list(COUNT_KEY)
    # sum per group; a measure missing (NaN) for every category of a group stays missing
    summed = df.groupby(key, sort=False, dropna=False)[measures].sum(min_count=1).reset_index()
    long = summed.melt(id_vars=key, value_vars=measures, var_name="measure", value_name="value")
    return long[COUNT_COLUMNS]


def write_counts(counts: pd.DataFrame, path: Path) -> None:
    """Write a counts table as CSV (empty cell = not available) or Parquet, by suffix."""
    if path.suffix.lower() == ".parquet":
        counts.to_parquet(path, index=False)
    else:
        counts.to_csv(path, index=False)


def _refuse_public_tier(df: pd.DataFrame, file: str) -> None:
    """A report's public-tier counts (a ``disclosure`` status other than ``unsuppressed``, or a ``[c]`` value) are
    refused with one problem at the first such row (see the module docstring)."""
    row_offset = 2  # header is line 1
    if DISCLOSURE_COLUMN in df.columns:
        status = df[DISCLOSURE_COLUMN].astype(str).str.strip()
        public = np.flatnonzero((status != INTERNAL_DISCLOSURE).to_numpy())
        if len(public):
            i = int(public[0])
            raise DataError([Problem(file, i + row_offset, DISCLOSURE_COLUMN, status.iloc[i], PUBLIC_TIER_PROBLEM)])
    marked = np.flatnonzero((df["value"].astype(str).str.strip() == PUBLIC_MARKER).to_numpy())
    if len(marked):
        raise DataError([Problem(file, int(marked[0]) + row_offset, "value", PUBLIC_MARKER, PUBLIC_TIER_PROBLEM)])


def read_counts(path: Path) -> pd.DataFrame:
    """Read and validate a counts file (CSV or Parquet) for the counts path."""
    file = str(path)
    try:
        if path.suffix.lower() == ".parquet":
            df = pd.read_parquet(path)
            df = df.astype(object).where(df.notna(), "").astype(str)
        else:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError([Problem(file, None, None, None, "file not found")]) from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataError([Problem(file, None, None, None, f"cannot be read: {exc}")]) from None
    missing = [c for c in COUNT_COLUMNS if c not in df.columns]
    if missing:
        raise DataError([Problem(file, None, c, None, "required column is missing") for c in missing])
    extra = [c for c in df.columns if c not in (*COUNT_COLUMNS, DISCLOSURE_COLUMN)]
    if extra:
        raise DataError([Problem(file, None, c, None, "unexpected column") for c in extra])
    _refuse_public_tier(df, file)
    df = df[COUNT_COLUMNS].copy()
    problems: list[Problem] = []
    row_offset = 2  # header is line 1
    for col in [c for c in COUNT_COLUMNS if c not in ("year", "value")]:
        df[col] = df[col].astype(str).str.strip()
        empty = df[col] == ""
        for i in np.flatnonzero(empty.to_numpy())[:20]:
            problems.append(Problem(file, int(i) + row_offset, col, None, "empty value"))
    years = pd.to_numeric(df["year"], errors="coerce")
    for i in np.flatnonzero(years.isna().to_numpy())[:20]:
        problems.append(Problem(file, int(i) + row_offset, "year", str(df["year"].iloc[i]), "not a year"))
    values = df["value"].astype(str).str.strip()
    numbers = pd.to_numeric(values.mask(values == ""), errors="coerce")
    bad = (values != "") & (numbers.isna() | (numbers < 0))
    for i in np.flatnonzero(bad.to_numpy())[:20]:
        problems.append(Problem(file, int(i) + row_offset, "value", values.iloc[i], "not a non-negative count"))
    for i in np.flatnonzero((~df["grouping"].isin(GROUPINGS)).to_numpy())[:20]:
        problems.append(
            Problem(file, int(i) + row_offset, "grouping", df["grouping"].iloc[i], "not wres, group5 or group9")
        )
    known = df["indicator"].isin(list(MEASURES))
    for i in np.flatnonzero((~known).to_numpy())[:20]:
        problems.append(
            Problem(file, int(i) + row_offset, "indicator", df["indicator"].iloc[i], "not an indicator 1-9")
        )
    ok_measure = [
        m in MEASURES.get(ind, ()) or m in EXTRA_MEASURES for ind, m in zip(df["indicator"], df["measure"], strict=True)
    ]
    for i in np.flatnonzero(~np.array(ok_measure, dtype=bool))[:20]:
        problems.append(
            Problem(file, int(i) + row_offset, "measure", df["measure"].iloc[i], "not a measure of this indicator")
        )
    dup = df.duplicated(subset=[*COUNT_KEY, "measure"], keep="first")
    for i in np.flatnonzero(dup.to_numpy())[:20]:
        problems.append(Problem(file, int(i) + row_offset, None, None, "duplicate row (same key and measure)"))
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise DataError(problems)
    df["year"] = years.astype("int64")
    df["value"] = numbers.astype("float64")
    return df
