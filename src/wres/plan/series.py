"""An objective's measure as a series of yearly values, computed from the warehouse (issue 15).

:func:`measure_series` computes the measure's indicator for the years asked with the breakdown and grouping the
measure names, as ``wres indicators --by`` does (:func:`wres.indicators.compute`; indicator 1's band, cluster and
staff-category rows come with the overall run), and picks the measure's result row of each year
(:func:`points_from_results`, which a caller already holding result rows can use without recomputing).

**Tiers.** Only the internal tier (unsuppressed figures) is served here: ``wres.plan`` sits above
``wres.disclosure`` and ``wres.reports`` in the layers, so it cannot protect figures for publication. The web layer
decides what the public tier shows of a plan's measures (e.g. the published report's protected rows where the
report publishes the measure); asking for another tier raises :class:`wres.errors.WresError`.

**Which row.** The result row with the measure's indicator, breakdown, stratum, staff category and grouping whose
ethnic group is the measure's ``group``: ``group_a``, or ``group_b`` when ``group_a`` is the White comparator
(indicators 2, 4 and 7 put White first). The variant is the measure's, or where it is empty the indicator's headline
variant of that year (so indicators 5–8 follow the survey's microdata or published figures, whichever the year
has; indicator 9's first headline variant, voting members).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators import compute, from_store
from wres.indicators.breakdowns import STRATUM_BREAKDOWNS
from wres.plan.progress import Point
from wres.plan.records import Measure
from wres.store import Store

__all__ = [
    "baseline_value",
    "breakdown_for",
    "measure_series",
    "points_from_results",
    "row_group",
    "series_for",
    "years_held",
]

GROUPING_BREAKDOWN: Mapping[str, str] = {"group5": "ethnicity5", "group9": "ethnicity9"}
INDICATOR1_WITH_OVERALL = frozenset({"band", "cluster", "category"})
"""Indicator 1's breakdowns the overall run computes (no ``--by`` needed)."""


def breakdown_for(measure: Measure) -> str | None:
    """The ``--by`` a run needs to give ``measure``'s rows: None for the overall run (and indicator 1's band,
    cluster and staff-category rows), ``ethnicity5`` / ``ethnicity9`` for the disaggregated groupings, else the
    measure's breakdown. A measure combining a disaggregated grouping with a breakdown, or naming a breakdown
    wres does not compute, is a :class:`WresError`."""
    overall = measure.breakdown == "overall" or (
        measure.indicator == "1" and measure.breakdown in INDICATOR1_WITH_OVERALL
    )
    if measure.grouping == "wres":
        if overall:
            return None
        if measure.breakdown in STRATUM_BREAKDOWNS:
            return measure.breakdown
        raise WresError(
            f"indicator {measure.indicator}'s measure names the breakdown {measure.breakdown!r}, which wres does not "
            f"compute; choose overall or one of {', '.join(STRATUM_BREAKDOWNS)}"
        )
    by = GROUPING_BREAKDOWN.get(measure.grouping)
    if by is None:
        raise WresError(f"unknown grouping {measure.grouping!r}; choose wres, group5 or group9")
    if measure.breakdown != "overall":
        raise WresError(
            f"a measure of the {measure.grouping} ethnic groups is computed for the whole organisation only, not by "
            f"{measure.breakdown}"
        )
    return by


def row_group(group_a: str, group_b: str) -> str:
    """The ethnic group a result row is about: ``group_a``, or ``group_b`` when ``group_a`` is the White comparator
    of a two-group row (indicators 2, 4 and 7)."""
    if group_a == "White" and group_b not in ("Overall workforce", ""):
        return group_b
    return group_a


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _headline_variants(frame: pd.DataFrame, indicator: str) -> dict[int, str]:
    heads = frame[
        (frame["indicator"].astype(str) == indicator)
        & frame["headline"].fillna(False).astype(bool)
        & (frame["grouping"] == "wres")
        & (frame["breakdown"] == "overall")
    ]
    out: dict[int, str] = {}
    for year, variant in zip(heads["year"], heads["variant"], strict=True):
        out.setdefault(int(year), str(variant))
    return out


def points_from_results(frame: pd.DataFrame, org: str, measure: Measure) -> list[Point]:
    """``measure``'s result row of each year ``frame`` (result rows, :data:`wres.indicators.RESULT_COLUMNS`) holds
    for ``org``, as :class:`~wres.plan.progress.Point` values in ascending years (see the module docstring for
    which row). A row that is not computed gives a point without an estimate (and the row's reason); a year without
    the row gives no point."""
    if frame.empty:
        return []
    sub = frame[(frame["org_code"].astype(str) == org) & (frame["indicator"].astype(str) == measure.indicator)]
    heads = _headline_variants(sub, measure.indicator)
    rows = sub[
        (sub["breakdown"] == measure.breakdown)
        & (sub["stratum"].astype(str) == measure.stratum)
        & (sub["category"] == measure.category)
        & (sub["grouping"] == measure.grouping)
    ]
    groups = [row_group(str(a), str(b)) for a, b in zip(rows["group_a"], rows["group_b"], strict=True)]
    rows = rows[pd.Series([g == measure.group for g in groups], index=rows.index, dtype=bool)]
    points: list[Point] = []
    for year in sorted({int(y) for y in rows["year"]}):
        variant = measure.variant or heads.get(year)
        here = rows[rows["year"].astype(int) == year]
        if variant is not None:
            here = here[here["variant"].astype(str) == variant]
        if here.empty:
            continue
        row = here.iloc[0]
        estimate = _float(row["estimate"])
        reason = row.get("reason")
        points.append(
            Point(
                year=year,
                estimate=estimate,
                low=_float(row["ci95_low"]),
                high=_float(row["ci95_high"]),
                status=str(row["status"]) if row["status"] is not None else "",
                a=_float(row["a"]),
                n1=_float(row["n1"]),
                c=_float(row["c"]),
                n2=_float(row["n2"]),
                variant=str(row["variant"]),
                reason=str(reason) if isinstance(reason, str) and reason else None,
            )
        )
    return points


def years_held(store: Store, org: str) -> list[int]:
    """WRES years with a 31 March staff snapshot for ``org`` in the store, ascending (as the report reads them)."""
    rows = store.con.execute(
        "SELECT DISTINCT year(snapshot_date) AS y FROM staff WHERE org_code = ? AND month(snapshot_date) = 3 "
        "AND day(snapshot_date) = 31 ORDER BY y",
        [org],
    ).fetchall()
    return [int(r[0]) for r in rows]


def measure_series(
    store: Store,
    org: str,
    measure: Measure,
    years: Sequence[int] | None,
    config: WresConfig,
    tier: str = "internal",
) -> list[Point]:
    """``measure``'s value for each of ``years`` (None: every year the store holds for ``org``) that has its result
    row, computed from the warehouse (internal tier only: see the module docstring)."""
    if tier != "internal":
        raise WresError(
            f"the plan's measure series is computed for the internal tier only, not {tier!r}: the public figures "
            "of a plan come from the published report"
        )
    by = breakdown_for(measure)
    wanted = years_held(store, org) if years is None else sorted({int(y) for y in years})
    if not wanted:
        return []
    result = compute(from_store(store), wanted, orgs=[org], by=by, config=config)
    return points_from_results(result.frame, org, measure)


def series_for(
    store: Store,
    org: str,
    measures: Iterable[Measure],
    years: Sequence[int] | None,
    config: WresConfig,
    tier: str = "internal",
) -> dict[Measure, list[Point]]:
    """:func:`measure_series` of several measures (a plan's objectives), computing the indicators once per
    breakdown the measures need rather than once per measure."""
    if tier != "internal":
        return {m: measure_series(store, org, m, years, config, tier) for m in measures}  # raises the tier's error
    wanted = years_held(store, org) if years is None else sorted({int(y) for y in years})
    by_run: dict[str | None, list[Measure]] = {}
    for measure in dict.fromkeys(measures):
        by_run.setdefault(breakdown_for(measure), []).append(measure)
    out: dict[Measure, list[Point]] = {}
    for by, group in by_run.items():
        if not wanted:
            out.update({m: [] for m in group})
            continue
        frame = compute(from_store(store), wanted, orgs=[org], by=by, config=config).frame
        out.update({m: points_from_results(frame, org, m) for m in group})
    return out


def baseline_value(store: Store, org: str, measure: Measure, year: int, config: WresConfig) -> float | None:
    """``measure``'s estimate for ``year`` (an objective's baseline), or None when it has no data that year."""
    for point in measure_series(store, org, measure, [year], config):
        if point.year == year:
            return point.estimate
    return None
