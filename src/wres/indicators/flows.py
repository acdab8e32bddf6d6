"""Band × ethnicity flow counts for the pipeline projection (methods.md §12): who moved where between consecutive
31 March snapshots, who arrived, who was shortlisted, and the latest stock.

Built on the leading indicators' linked snapshots (:func:`wres.indicators.leading.transitions.linked_pairs`: the
indicator 1 headcount's scope, people linked by pseudonymous id within an organisation), as Ibis expressions that
compile for DuckDB and Spark (counts only; every rate is computed later, in numpy, by
:mod:`wres.analysis.projection`). The rules (project definitions, 2026-12; ADR 0017):

* **Move.** A person in post at 31 March Y−1 is counted once for year Y: from their Y−1 band to their Y band, or to
  ``left`` when not in post (in scope) at Y. Every band code is a state (AfC U1 … 9, VSM, the medical subgroups,
  ``OTHER_PAY``, ``UNMAPPED``), so everyone in the headcount is in the model.
* **Arrival (hire).** A person in post at Y who was not in post at Y−1 (a new starter, or a returner after a gap)
  is a hire into their Y band, in their Y group.
* **The flow group.** A person's moves are counted in their *stated* group: the group of their Y category when it
  is stated (not Unknown), otherwise that of their Y−1 category. A leaver keeps their Y−1 group.
* **Reclassification.** A person in post at both snapshots whose flow group differs from their Y−1 group (e.g.
  Unknown → BME, or Mixed → Asian under the 5 groups) is *reclassified*: neither a leaver nor a hire; their move
  counts in the stated group, and the change is a separate flow (:attr:`FlowCounts.reclassified`, from group, to
  group, Y−1 band). A stated → Unknown change (a record lost) is not a reclassification: the person stays in their
  stated group.
* **Years.** Year Y is used only when the organisation has both the Y−1 and the Y snapshot (never "everyone left"
  or "everyone was hired" because a snapshot is missing).
* **Shortlisted** applicants by WRES year of shortlisting, band of the post and group (for the equal-appointment
  scenario: with equal appointment likelihoods, appointments split as the shortlisted do).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ibis.expr.types as ir
import pandas as pd

from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators.calendar import wres_year_expr
from wres.indicators.counts import group_lookup
from wres.indicators.leading.transitions import linked_pairs
from wres.indicators.people import snapshots
from wres.indicators.plan import Query
from wres.indicators.source import Source, execute
from wres.vocab.bands import BAND_CODES

LEFT = "left"
"""The absorbing state: left the organisation's headcount."""
UNKNOWN = "Unknown"
GROUPINGS: tuple[str, ...] = ("wres", "group5")


def move_query(src: Source, years: Sequence[int], config: WresConfig) -> Query:
    """``flow_moves``: people per (org, year Y, Y−1 category, Y category, Y−1 band, Y band); the Y columns are null
    for leavers."""
    t = linked_pairs(src, years, config)
    agg = t.group_by(["org_code", "year", "ethnic_category", "n_ethnic", "band", "n_band"]).aggregate(people=t.count())
    return Query("flow_moves", agg)


def arrival_query(src: Source, years: Sequence[int], config: WresConfig) -> Query:
    """``flow_arrivals``: people in post at Y and not at Y−1, per (org, year, category, band)."""
    staff = src.table("staff")
    now = snapshots(staff, sorted(years), config)
    before = snapshots(staff, sorted({y - 1 for y in years}), config)
    before = before.select(b_org=before.org_code, b_person=before.person_id, b_year=before.year + 1)
    new = now.anti_join(
        before, [now.org_code == before.b_org, now.person_id == before.b_person, now.year == before.b_year]
    )
    agg = new.group_by(["org_code", "year", "ethnic_category", "band"]).aggregate(people=new.count())
    return Query("flow_arrivals", agg)


def stock_query(src: Source, years: Sequence[int], config: WresConfig) -> Query:
    """``flow_stock``: people in post per (org, year, category, band) at the 31 March snapshots of ``years``."""
    t = snapshots(src.table("staff"), sorted(years), config)
    return Query("flow_stock", t.group_by(["org_code", "year", "ethnic_category", "band"]).aggregate(people=t.count()))


def shortlisted_query(src: Source, years: Sequence[int]) -> Query | None:
    """``flow_shortlisted``: shortlisted applications per (org, WRES year of shortlisting, category, band of the
    post); None without a recruitment table."""
    if "recruitment" not in src.tables:
        return None
    r = src.table("recruitment")
    r = r.filter(r.shortlisted.fill_null(False) & r.shortlisting_date.notnull() & r.vacancy_band.notnull())
    r = r.mutate(year=wres_year_expr(r.shortlisting_date))
    r = r.filter(r.year.isin(list(years)))
    agg = r.group_by(["org_code", "year", "ethnic_category", r.vacancy_band.name("band")]).aggregate(people=r.count())
    return Query("flow_shortlisted", agg)


@dataclass(frozen=True)
class FlowCounts:
    """One organisation's flow counts over the year pairs of a pooling window (module docstring).

    * ``moves``: ``year``, ``from_group`` (Y−1), ``group`` (the flow group), ``band`` (Y−1), ``to`` (Y band or
      :data:`LEFT`), ``people``;
    * ``reclassified``: ``year``, ``from_group``, ``to_group``, ``band`` (Y−1), ``people``;
    * ``hires``: ``year``, ``group``, ``band``, ``people``;
    * ``stock``: ``group``, ``band``, ``people`` at the latest snapshot (``latest_year``);
    * ``shortlisted``: ``year``, ``group``, ``band``, ``people`` (empty without recruitment data).
    """

    org_code: str
    grouping: str
    groups: tuple[str, ...]
    bands: tuple[str, ...]
    years: tuple[int, ...]
    """The WRES years Y of the pooled pairs (Y−1 → Y)."""
    latest_year: int
    moves: pd.DataFrame
    reclassified: pd.DataFrame
    hires: pd.DataFrame
    stock: pd.DataFrame
    shortlisted: pd.DataFrame


def _groups(grouping: str) -> tuple[str, ...]:
    if grouping == "wres":
        return ("White", "BME", UNKNOWN)
    if grouping == "group5":
        return ("White", "Mixed", "Asian", "Black", "Other", UNKNOWN)
    raise WresError(f"grouping must be one of {', '.join(GROUPINGS)}, not {grouping!r}")


def _map(series: pd.Series, lookup: dict[str, str]) -> pd.Series:
    return series.map(lookup).fillna(UNKNOWN).astype(str)


def snapshot_years(src: Source, org: str, config: WresConfig) -> list[int]:
    """The WRES years with a 31 March snapshot of ``org`` (in-scope staff)."""
    staff = src.table("staff")
    staff = staff.filter(staff.org_code == org)
    dates = staff.filter((staff.snapshot_date.month() == 3) & (staff.snapshot_date.day() == 31))
    years = dates.select(year=dates.snapshot_date.year().cast("int64")).distinct()
    return sorted(int(y) for y in execute(years)["year"])


def flow_counts(
    src: Source,
    org: str,
    config: WresConfig,
    *,
    grouping: str = "wres",
    pool: int = 3,
    latest: int | None = None,
) -> FlowCounts:
    """The flow counts of ``org`` pooled over the last ``pool`` year pairs up to ``latest`` (default: the latest
    snapshot), each pair used only when both snapshots exist. A clear error when there is no pair."""
    if pool < 1:
        raise WresError("the pooling window must be at least one year pair")
    groups = _groups(grouping)
    have = snapshot_years(src, org, config)
    if not have:
        raise WresError(f"no 31 March staff snapshot for {org}: the projection needs at least two consecutive ones")
    last = max(have) if latest is None else latest
    if last not in have:
        raise WresError(f"no 31 March {last} staff snapshot for {org} (snapshots: {', '.join(map(str, have))})")
    years = [y for y in range(last - pool + 1, last + 1) if y in have and y - 1 in have]
    if not years:
        raise WresError(
            f"the projection needs two consecutive 31 March snapshots; {org} has {', '.join(map(str, have))}"
        )
    tables: dict[str, ir.Table] = {
        name: src.tables[name].filter(src.tables[name].org_code == org)
        for name in ("staff", "recruitment")
        if name in src.tables
    }
    one = Source({**src.tables, **tables}, src.engine, src.backend)
    lookup = group_lookup(grouping, config)

    moves = execute(move_query(one, years, config).expr)
    prev = _map(moves["ethnic_category"], lookup)
    stayed = moves["n_band"].notna()
    now = moves["n_ethnic"].map(lookup).where(stayed)
    now = now.where(now.notna() | ~stayed, UNKNOWN)
    flow_group = now.where(stayed & (now != UNKNOWN), prev).astype(str)
    frame = pd.DataFrame(
        {
            "year": moves["year"].astype("int64"),
            "from_group": prev,
            "group": flow_group,
            "band": moves["band"].astype(str),
            "to": moves["n_band"].where(stayed, LEFT).astype(str),
            "people": moves["people"].astype("int64"),
        }
    )
    moved = frame.groupby(["year", "from_group", "group", "band", "to"], as_index=False).agg(people=("people", "sum"))
    re = moved[moved["group"] != moved["from_group"]]
    reclassified = (
        re.rename(columns={"group": "to_group"})
        .groupby(["year", "from_group", "to_group", "band"], as_index=False)
        .agg(people=("people", "sum"))
    )

    def by_group(query: Query | None) -> pd.DataFrame:
        if query is None:
            return pd.DataFrame({"year": [], "group": [], "band": [], "people": []})
        df = execute(query.expr)
        out = pd.DataFrame(
            {
                "year": df["year"].astype("int64"),
                "group": _map(df["ethnic_category"], lookup),
                "band": df["band"].astype(str),
                "people": df["people"].astype("int64"),
            }
        )
        summed = out.groupby(["year", "group", "band"], as_index=False).agg(people=("people", "sum"))
        return summed

    hires = by_group(arrival_query(one, years, config))
    stock = by_group(stock_query(one, [last], config)).drop(columns="year")
    shortlisted = by_group(shortlisted_query(one, years))
    seen = set(moved["band"]) | set(moved["to"]) | set(hires["band"]) | set(stock["band"])
    bands = tuple(b for b in BAND_CODES if b in seen) + tuple(sorted(seen - set(BAND_CODES) - {LEFT}))
    return FlowCounts(
        org_code=org,
        grouping=grouping,
        groups=groups,
        bands=bands,
        years=tuple(years),
        latest_year=last,
        moves=moved,
        reclassified=reclassified,
        hires=hires,
        stock=stock,
        shortlisted=shortlisted,
    )
