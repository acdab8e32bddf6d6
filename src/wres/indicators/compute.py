"""Compute the nine indicators: record-level tables → counts → results, or counts → results.

>>> from wres.store import Store
>>> from wres.indicators import compute, from_store
>>> with Store("wres-data/wres.duckdb", read_only=True) as st:       # doctest: +SKIP
...     res = compute(from_store(st), years=[2024])
...     res.frame.query("headline")
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
import pandas as pd

from wres import __version__
from wres.config import DEFAULT_CONFIG, WresConfig
from wres.indicators import appointment, board, disciplinary, representation, survey, training
from wres.indicators.breakdowns import check_breakdown, grouping_for
from wres.indicators.counts import COUNT_COLUMNS, group_counts
from wres.indicators.fine import INDICATORS, LEADING_INDICATORS
from wres.indicators.plan import FamilyPlan, assembled
from wres.indicators.results import RESULT_COLUMNS, results_from_counts
from wres.indicators.source import Source

FAMILIES = (representation, appointment, disciplinary, training, survey, board)
INDICATOR_ORDER = {
    ind: i for i, ind in enumerate((*INDICATORS, *LEADING_INDICATORS))
}  # leading: wres.indicators.leading
HEADLINE_GROUPS = {
    "1": ("BME", "Overall workforce"),
    "2": ("White", "BME"),
    "3": ("BME", "White"),
    "4": ("White", "BME"),
    "5": ("BME", "White"),
    "6": ("BME", "White"),
    "7": ("White", "BME"),
    "8": ("BME", "White"),
    "9": ("BME", "Overall workforce"),
}


@dataclass
class IndicatorResults:
    """Result rows (:data:`RESULT_COLUMNS`), the counts they came from, and metadata for every output."""

    frame: pd.DataFrame
    counts: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)

    def headline(self) -> pd.DataFrame:
        return self.frame[self.frame["headline"].astype(bool)].reset_index(drop=True)


def restrict(src: Source, orgs: Sequence[str] | None) -> Source:
    if not orgs:
        return src
    wanted = list(orgs)
    return Source(
        {name: t.filter(t.org_code.isin(wanted)) for name, t in src.tables.items()},
        src.engine,
        src.backend,
        {name: t.filter(t.org_code.isin(wanted)) for name, t in src.derived.items()},
    )


@dataclass(frozen=True)
class RunPlan:
    """Everything a record-level run executes, built without executing anything (:mod:`wres.indicators.plan`)."""

    families: tuple[tuple[str | None, FamilyPlan], ...]
    """Each family's plan with the breakdown it counts by (the overall run, then ``--by``'s)."""
    published: FamilyPlan
    """Indicators 5–8 from published survey summaries, where there are no microdata (grouped counts)."""
    notes: tuple[str, ...]
    """Breakdowns that do not apply to a family."""

    @property
    def plans(self) -> tuple[FamilyPlan, ...]:
        return (*(plan for _, plan in self.families), self.published)


def plan_run(src: Source, years: Sequence[int], by: str | None = None, config: WresConfig = DEFAULT_CONFIG) -> RunPlan:
    """Every family's plan for ``years``, overall and (if given) by ``by``, and the published survey summaries."""
    check_breakdown(by)
    notes: list[str] = []
    breakdowns: list[str | None] = [None] if by is None else [None, by]
    families: list[tuple[str | None, FamilyPlan]] = []
    for b in breakdowns:
        for family in FAMILIES:
            plan = family.plan(src, years, b, config)
            if plan is None:
                name = family.__name__.rsplit(".", 1)[-1]
                notes.append(f"breakdown {b!r} is not available for {name} indicators")
                continue
            families.append((b, plan))
    return RunPlan(tuple(families), survey.published_plan(src, years, config), tuple(notes))


def record_counts(
    src: Source, years: Sequence[int], by: str | None = None, config: WresConfig = DEFAULT_CONFIG
) -> tuple[pd.DataFrame, list[str]]:
    """Long counts from record-level tables, and notes on breakdowns that do not apply.

    The plans' queries run here, each once (:func:`wres.indicators.plan.assembled`); the roll-up of fine counts
    to groups (:func:`wres.indicators.counts.group_counts`) follows in pandas.
    """
    run = plan_run(src, years, by, config)
    # on DuckDB each family's counts are grouped in pandas while the next family's queries run (plan.assembled)
    counted = assembled(run.plans, overlap=src.engine == "duckdb")
    try:
        parts = [group_counts(next(counted), grouping_for(b), config) for b, _ in run.families]
        published = next(counted)
    finally:
        counted.close()
    parts.append(published if published.empty else published[COUNT_COLUMNS])
    found = [p for p in parts if not p.empty]  # none when the years hold no records (e.g. survey summaries only)
    if not found:
        return pd.DataFrame(columns=COUNT_COLUMNS), list(run.notes)
    long = pd.concat(found, ignore_index=True)
    # i1's band and cluster strata come with the overall run; a --by band run repeats them
    long = long.drop_duplicates(subset=[*COUNT_COLUMNS[:-1]], keep="first")
    return long[COUNT_COLUMNS].reset_index(drop=True), list(run.notes)


def _missing_rows(frame: pd.DataFrame, orgs: Sequence[str], years: Sequence[int], config: WresConfig) -> pd.DataFrame:
    """A not-computed (``missing_input``) headline row for every expected indicator with no result."""
    expected = [(ind, None) for ind in INDICATORS if ind != "9"] + [("9", "voting"), ("9", "executive")]
    have = set()
    if not frame.empty:
        head = frame[frame["headline"].astype(bool)]
        for org, year, ind, variant in zip(
            head["org_code"], head["year"], head["indicator"], head["variant"], strict=True
        ):
            have.add((org, int(year), ind, None if ind != "9" else variant))
    rows = []
    for org in orgs:
        for year in years:
            for ind, variant in expected:
                if (org, int(year), ind, variant) in have:
                    continue
                group_a, group_b = HEADLINE_GROUPS[ind]
                default_variant = {"1": "headcount", "3": config.indicator3.form}.get(ind, "all")
                rows.append(missing_headline(org, int(year), ind, variant or default_variant, group_a, group_b))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def missing_headline(
    org: str, year: int, indicator: str, variant: str, group_a: str, group_b: str
) -> dict[str, object]:
    """The headline row of an indicator an organisation-year lacks: ``not_computed`` for ``missing_input``."""
    return {
        "org_code": org,
        "year": year,
        "indicator": indicator,
        "variant": variant,
        "headline": True,
        "category": "all",
        "breakdown": "overall",
        "stratum": "all",
        "grouping": "wres",
        "group_a": group_a,
        "group_b": group_b,
        "status": "not_computed",
        "reason": "missing_input",
        "flags": "",
        "strong_evidence": False,
        "small_numbers": False,
    }


def _sort(frame: pd.DataFrame) -> pd.DataFrame:
    """Organisation, year, indicator, overall before breakdowns, bands in band order, White before BME."""
    from wres.vocab.bands import BANDS, CLUSTERS
    from wres.vocab.ethnicity import GROUP5, GROUP9

    stratum_order = {code: i for i, code in enumerate([*BANDS, *CLUSTERS])}
    group_order = {g: i for i, g in enumerate(["White", "BME", *GROUP9, *GROUP5])}
    group_order["Unknown"] = 99
    memberships = [*board.VARIANTS, *(f"{v}_known_only" for v in board.VARIANTS)]
    variant_order = {v: i for i, v in enumerate(memberships)}

    def text(col: str) -> np.ndarray:
        codes, _ = pd.factorize(frame[col], sort=True)
        return codes

    def ranked(col: str, order: dict[str, int], default: int) -> np.ndarray:
        codes, uniques = pd.factorize(frame[col])
        lookup = np.array([order.get(u, default) for u in uniques] + [default])
        return lookup[codes]  # code -1 (missing) picks the trailing default

    keys = [  # most significant first
        text("org_code"),
        frame["year"].to_numpy(),
        ranked("indicator", INDICATOR_ORDER, 99),
        (frame["breakdown"] != "overall").to_numpy(),
        text("breakdown"),
        text("category"),
        ranked("stratum", stratum_order, 999),
        text("stratum"),
        text("grouping"),
        ranked("variant", variant_order, 0),
        text("variant"),
        ranked("group_a", group_order, 50),
    ]
    order = np.lexsort(keys[::-1])  # lexsort treats the last key as primary
    return frame.iloc[order].reset_index(drop=True)


def _metadata(config: WresConfig, engine: str, source: str, notes: list[str]) -> dict[str, Any]:
    libs = {}
    for lib in ("statsmodels", "scipy", "numpy", "pandas", "ibis-framework", "duckdb", "pyspark"):
        try:
            libs[lib] = version(lib)
        except PackageNotFoundError:
            continue
    return {
        "wres_version": __version__,
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "input_path": source,
        "python": platform.python_version(),
        "libraries": libs,
        "config": config.as_metadata(),
        "notes": notes,
    }


def finalise(
    counts: pd.DataFrame,
    orgs: Sequence[str],
    years: Sequence[int],
    config: WresConfig,
    engine: str,
    source: str,
    notes: list[str],
) -> IndicatorResults:
    counts = counts[counts["year"].isin(list(years)) & counts["org_code"].isin(list(orgs))]
    frame = results_from_counts(counts, config)
    missing = _missing_rows(frame, orgs, years, config)
    if not missing.empty:
        frame = pd.concat([frame, missing], ignore_index=True) if not frame.empty else missing
    for col in ("reason", "side"):
        values = frame[col].astype(object)
        frame[col] = values.where(values.notna(), None)
    frame["flags"] = frame["flags"].fillna("").astype(str)
    frame = _sort(frame)
    return IndicatorResults(frame, counts.reset_index(drop=True), _metadata(config, engine, source, notes))


def compute(
    src: Source,
    years: Sequence[int],
    orgs: Sequence[str] | None = None,
    by: str | None = None,
    config: WresConfig = DEFAULT_CONFIG,
) -> IndicatorResults:
    """All nine indicators from record-level tables for ``years`` (and ``orgs``; default all)."""
    src = restrict(src, orgs)
    all_orgs = list(src.organisations()["org_code"].astype(str))
    counts, notes = record_counts(src, years, by, config)
    return finalise(counts, all_orgs, years, config, src.engine, "records", notes)


def compute_from_counts(
    counts: pd.DataFrame,
    years: Sequence[int] | None = None,
    orgs: Sequence[str] | None = None,
    config: WresConfig = DEFAULT_CONFIG,
) -> IndicatorResults:
    """All nine indicators from an aggregated counts table (see :mod:`wres.indicators.counts`)."""
    all_orgs = sorted(set(counts["org_code"].astype(str)))
    if orgs:
        all_orgs = [o for o in all_orgs if o in set(orgs)]
    all_years = sorted({int(y) for y in counts["year"]}) if years is None else list(years)
    return finalise(counts, all_orgs, all_years, config, "pandas", "counts", [])
