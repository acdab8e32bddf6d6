"""The finest series the records support: counts per organisation, period (month or quarter) and ethnic group.

Making Data Count charts need more points than the ten or so WRES years an organisation has (methods.md §8.6), so
this module counts the same things as the annual indicators, with the same rules, per calendar month or quarter
instead of per activity year. Only the period differs:

* **Appointment from shortlisting** (indicator 2, :mod:`wres.indicators.appointment`): shortlisted applications
  and those appointed, by **shortlisting month**; bank posts left out when ``indicator2.exclude_bank_posts`` is
  set; the counts without internationally recruited applicants carried beside the counts of all applications, as
  the annual family does (``shortlisted_excl``, ``appointed_excl``, ``flag_known``).
* **Entry into the formal disciplinary process** (indicator 3, :mod:`wres.indicators.disciplinary`): distinct
  people per period by **investigation start** (a person with two cases in one month counts once in that month),
  each classified by the snapshot :func:`wres.indicators.events.profile_as_of` picks for the WRES year of the
  period (the 31 March snapshot or the latest before it, never a later one); bank-only and (by default) honorary
  staff out of scope; leavers counted.
* **Non-mandatory training** (indicator 4, :mod:`wres.indicators.training`): distinct people per period with a
  non-mandatory learning event **starting** in it, classified the same way. Unlike the annual indicator,
  people who have left since are counted (the 31 March headcount of a year still in progress does not exist
  yet, so "in that headcount" cannot be applied to its months); the rate's denominator is the headcount of the
  latest snapshot on or before the period's end, or for a period before the first snapshot the 31 March snapshot
  that closes its activity year (:func:`headcount_per_period`). Disciplinary rates use the same denominator.
* **Staff in post** at every snapshot date the store holds (monthly where monthly extracts are imported, else the
  31 March snapshots): in-scope headcount, headcount at band 8a and above (AfC 8a–9 and VSM,
  :data:`SENIOR_BANDS`) and at VSM, by ethnic category, for the BME share of band 8a and above and of VSM
  (wres-domain.md §5.1: the share's denominator counts everyone, Unknown included).

Calendar months and quarters both lie inside one activity year (April–March), so each period belongs to one WRES
year. A period is named by its first day (``period`` column, a date).

**Which periods exist.** An event series runs from the period of the organisation's first record in the table to
the period of its last; a period in between with no record is a real zero, unless its whole activity year holds
no record (then it is missing, as for the annual indicators: wres-domain.md §5.0 "Coverage per activity year"):
:func:`period_grid`.

The Ibis expressions use only operations that also compile for Spark (no SQL strings); divisions happen in
pandas on the counts, after the roll-up to ethnic groups (:func:`group_periodic`, the lookup of
:func:`wres.indicators.counts.group_lookup` that :func:`~wres.indicators.counts.group_counts` uses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import ibis
import ibis.expr.types as ir
import pandas as pd

from wres.config import WresConfig
from wres.indicators.calendar import wres_year_expr
from wres.indicators.counts import GROUPINGS, group_lookup
from wres.indicators.events import SCOPE_COLUMNS, profile_as_of
from wres.indicators.people import in_scope
from wres.indicators.plan import Query, execute_queries, query_name
from wres.indicators.source import Source
from wres.vocab.bands import BANDS, VSM

__all__ = [
    "PERIODS",
    "SENIOR_BANDS",
    "PeriodicCounts",
    "appointment_counts",
    "disciplinary_entrants",
    "event_spans",
    "group_periodic",
    "headcount_per_period",
    "period_end",
    "period_expr",
    "period_grid",
    "periodic_counts",
    "periodic_queries",
    "staff_in_post",
    "training_accessed",
]

PERIODS: Final = ("month", "quarter")
"""The periods a series can have: calendar month (default) or calendar quarter."""
SENIOR_BANDS: Final[tuple[str, ...]] = tuple(code for code, band in BANDS.items() if band.senior)
"""Band 8a and above: AfC 8a, 8b, 8c, 8d, 9 and VSM (:mod:`wres.vocab.bands`, ``senior``)."""
_UNITS: Final = {"month": "M", "quarter": "Q"}
_OFFSETS: Final = {"month": 1, "quarter": 3}


def check_period(period: str) -> str:
    """``period`` if it is one of :data:`PERIODS`; ValueError otherwise."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return period


def period_expr(column: ir.DateValue, period: str) -> ir.DateValue:
    """Ibis expression: the first day of the month or quarter holding the date in ``column`` (``DATE_TRUNC``)."""
    return column.truncate(_UNITS[check_period(period)])


def period_end(start: pd.Timestamp, period: str) -> pd.Timestamp:
    """The last day of the period that starts on ``start``."""
    return start + pd.DateOffset(months=_OFFSETS[check_period(period)]) - pd.Timedelta(days=1)


def _name(base: str, period: str | None, orgs: Sequence[str] | None) -> str:
    params: dict[str, object] = {} if period is None else {"period": period}
    if orgs is not None:
        params["orgs"] = sorted(orgs)
    return query_name(base, None, **params)


def _orgs(t: ir.Table, orgs: Sequence[str] | None) -> ir.Table:
    return t if orgs is None else t.filter(t.org_code.isin(list(orgs)))


def appointment_counts(src: Source, config: WresConfig, period: str, orgs: Sequence[str] | None = None) -> Query:
    """``periodic_recruitment[period=...]``: shortlisted applications and appointments from them per (org, period,
    ethnic category) by shortlisting date, with indicator 2's rules (module docstring)."""
    apps = _orgs(src.table("recruitment"), orgs)
    t = apps.filter(apps.shortlisted & apps.shortlisting_date.notnull())
    if config.indicator2.exclude_bank_posts:
        t = t.filter(~ibis.coalesce(t.bank_post, False))
    t = t.mutate(period=period_expr(t.shortlisting_date, period))
    international = ibis.coalesce(t.international, False)
    agg = t.group_by(["org_code", "period", "ethnic_category"]).aggregate(
        shortlisted=t.count(),
        appointed=t.appointed.cast("int64").sum(),
        shortlisted_excl=(~international).cast("int64").sum(),
        appointed_excl=(t.appointed & ~international).cast("int64").sum(),
        flag_known=t.international.notnull().cast("int64").sum(),
    )
    return Query(_name("periodic_recruitment", period, orgs), agg)


def _people_per_period(src: Source, events: ir.Table, date_col: str, period: str, config: WresConfig) -> ir.Table:
    """Distinct people with at least one event per (org, period, ethnic category): column ``people``; each person
    classified by :func:`profile_as_of` the WRES year of the period; bank-only and honorary people out of scope."""
    ev = events.filter(events[date_col].notnull())
    ev = ev.mutate(period=period_expr(ev[date_col], period), year=wres_year_expr(ev[date_col]))
    ev = ev.select("org_code", "person_id", "period", "year").distinct()
    who = ev.select("org_code", "person_id", "year").distinct()
    prof = profile_as_of(src.table("staff"), who, SCOPE_COLUMNS)
    keep = ~ibis.coalesce(prof.bank_only, False)
    if config.staff.exclude_honorary:
        keep = keep & (ibis.coalesce(prof.contract, "") != "honorary")
    prof = prof.filter(keep).select(
        p_org=prof.org_code, p_person=prof.person_id, p_year=prof.year, ethnic_category=prof.ethnic_category
    )
    j = ev.inner_join(prof, [ev.org_code == prof.p_org, ev.person_id == prof.p_person, ev.year == prof.p_year])
    return j.group_by(["org_code", "period", "ethnic_category"]).aggregate(people=j.count())


def disciplinary_entrants(src: Source, config: WresConfig, period: str, orgs: Sequence[str] | None = None) -> Query:
    """``periodic_disciplinary[period=...]``: distinct people entering a formal disciplinary investigation per
    (org, period, ethnic category), by investigation start: column ``entrants``."""
    cases = _orgs(src.table("disciplinary"), orgs)
    t = _people_per_period(src, cases, "investigation_start", period, config)
    return Query(
        _name("periodic_disciplinary", period, orgs),
        t.rename(entrants="people"),
    )


def training_accessed(src: Source, config: WresConfig, period: str, orgs: Sequence[str] | None = None) -> Query:
    """``periodic_training[period=...]``: distinct people with a non-mandatory learning event starting in the
    period per (org, period, ethnic category): column ``accessed``."""
    learning = _orgs(src.table("training"), orgs)
    t = _people_per_period(src, learning.filter(~learning.mandatory), "start_date", period, config)
    return Query(_name("periodic_training", period, orgs), t.rename(accessed="people"))


def staff_in_post(src: Source, config: WresConfig, orgs: Sequence[str] | None = None) -> Query:
    """``staff_in_post``: in-scope headcount per (org, snapshot date, ethnic category) at every snapshot date held,
    with the headcount at band 8a and above (``senior``) and at VSM (``vsm``)."""
    staff = in_scope(_orgs(src.table("staff"), orgs), config)
    agg = staff.group_by(["org_code", "snapshot_date", "ethnic_category"]).aggregate(
        headcount=staff.count(),
        senior=staff.band.isin(list(SENIOR_BANDS)).cast("int64").sum(),
        vsm=(staff.band == VSM).cast("int64").sum(),
    )
    return Query(_name("staff_in_post", None, orgs), agg)


def event_spans(src: Source, name: str, date_col: str, orgs: Sequence[str] | None = None) -> Query:
    """``<name>_span``: each organisation's first and last ``date_col`` in event table ``name`` (``first``,
    ``last``) and, one row per covered activity year, ``year``: the inputs of :func:`period_grid`."""
    t = _orgs(src.table(name), orgs)
    t = t.filter(t[date_col].notnull())
    years = t.select(org_code=t.org_code, year=wres_year_expr(t[date_col])).distinct()
    span = t.group_by("org_code").aggregate(first=t[date_col].min(), last=t[date_col].max())
    span = span.select(s_org=span.org_code, first=span.first, last=span.last)
    j = years.inner_join(span, years.org_code == span.s_org)
    return Query(_name(f"{name}_span", None, orgs), j.select("org_code", "year", "first", "last"))


def periodic_queries(
    src: Source, config: WresConfig, period: str, orgs: Sequence[str] | None = None
) -> dict[str, Query]:
    """Every query the periodic series need, by role: ``recruitment``, ``disciplinary``, ``training``, ``staff``
    and the spans ``recruitment_span``, ``disciplinary_span``, ``training_span``. Builds, executes nothing."""
    check_period(period)
    return {
        "recruitment": appointment_counts(src, config, period, orgs),
        "disciplinary": disciplinary_entrants(src, config, period, orgs),
        "training": training_accessed(src, config, period, orgs),
        "staff": staff_in_post(src, config, orgs),
        "recruitment_span": event_spans(src, "recruitment", "shortlisting_date", orgs),
        "disciplinary_span": event_spans(src, "disciplinary", "investigation_start", orgs),
        "training_span": event_spans(src, "training", "start_date", orgs),
    }


def _dates(series: pd.Series) -> pd.Series:
    """Dates (or Spark timestamps) as midnight timestamps."""
    return pd.to_datetime(series).dt.normalize()


def period_grid(span: pd.DataFrame, period: str) -> pd.DataFrame:
    """Every (org_code, period) from the period of an organisation's first record to that of its last, whose
    activity year holds at least one record (an executed :func:`event_spans`); column ``period`` (timestamps)."""
    if span.empty:
        return pd.DataFrame({"org_code": pd.Series(dtype=str), "period": pd.Series(dtype="datetime64[ns]")})
    freq = {"month": "MS", "quarter": "QS"}[check_period(period)]
    rows = []
    for org, part in span.groupby("org_code", sort=True):
        first = _dates(part["first"]).min().to_period("M" if period == "month" else "Q").start_time
        last = _dates(part["last"]).max()
        starts = pd.date_range(first, last, freq=freq)
        covered = {int(y) for y in part["year"]}
        years = starts.year + (starts.month >= 4).astype(int)
        rows.append(pd.DataFrame({"org_code": org, "period": starts[[y in covered for y in years]]}))
    return pd.concat(rows, ignore_index=True)


def group_periodic(frame: pd.DataFrame, grouping: str, config: WresConfig, keys: Sequence[str]) -> pd.DataFrame:
    """Roll counts by ethnic category up to ``grouping``'s groups (``wres``: White, BME, Unknown; ``group5``;
    ``group9``) with :func:`wres.indicators.counts.group_lookup`, summing every other column per ``keys`` and
    ``group``. An unrecognised category counts as Unknown, as in :func:`~wres.indicators.counts.group_counts`."""
    if grouping not in GROUPINGS:
        raise ValueError(f"grouping must be one of {', '.join(GROUPINGS)}, not {grouping!r}")
    measures = [c for c in frame.columns if c not in (*keys, "ethnic_category")]
    if frame.empty:  # keep the key columns' types (dates stay dates), so that the result merges
        empty = frame.drop(columns="ethnic_category").assign(group=pd.Series(dtype=str))
        return empty[[*keys, "group", *measures]]
    df = frame.assign(group=frame["ethnic_category"].map(group_lookup(grouping, config)).fillna("Unknown"))
    return df.groupby([*keys, "group"], sort=True, dropna=False)[measures].sum().reset_index()


def headcount_per_period(staff: pd.DataFrame, periods: pd.DataFrame, period: str) -> pd.DataFrame:
    """For each (org_code, period) of ``periods``: the snapshot date and headcount columns (per ``group``) of the
    latest snapshot on or before the period's last day; for a period before the first snapshot, the earliest
    snapshot on or before 31 March of the period's WRES year (the annual indicators' denominator); none otherwise.
    ``staff``: :func:`staff_in_post` rolled up by :func:`group_periodic` with keys org_code, snapshot_date."""
    snaps = staff.assign(snapshot_date=_dates(staff["snapshot_date"]))
    held = snaps[["org_code", "snapshot_date"]].drop_duplicates().sort_values("snapshot_date")
    held = held.assign(org_code=held["org_code"].astype(str))
    if periods.empty or held.empty:
        return snaps.iloc[0:0].assign(period=pd.Series(dtype="datetime64[ns]"))
    months = _OFFSETS[check_period(period)]
    p = periods[["org_code", "period"]].assign(org_code=periods["org_code"].astype(str))
    p = p.assign(period=_dates(p["period"]))
    p = p.assign(end=p["period"] + pd.DateOffset(months=months) - pd.Timedelta(days=1))
    year = p["period"].dt.year + (p["period"].dt.month >= 4).astype(int)
    p = p.assign(year_end=pd.to_datetime({"year": year, "month": 3, "day": 31})).sort_values("end")
    unit: Final = "datetime64[ns]"
    p = p.assign(end=p["end"].astype(unit), year_end=p["year_end"].astype(unit))
    held = held.assign(snapshot_date=held["snapshot_date"].astype(unit))
    back = pd.merge_asof(p, held, left_on="end", right_on="snapshot_date", by="org_code", direction="backward")
    ahead = pd.merge_asof(
        p,
        held.rename(columns={"snapshot_date": "later"}),
        left_on="end",
        right_on="later",
        by="org_code",
        direction="forward",
    )
    back = back.assign(later=ahead["later"].to_numpy())
    use_later = back["snapshot_date"].isna() & back["later"].notna() & (back["later"] <= back["year_end"])
    back.loc[use_later, "snapshot_date"] = back.loc[use_later, "later"]
    chosen = back.dropna(subset=["snapshot_date"])[["org_code", "period", "snapshot_date"]]
    snaps = snaps.assign(org_code=snaps["org_code"].astype(str), snapshot_date=snaps["snapshot_date"].astype(unit))
    return chosen.merge(snaps, on=["org_code", "snapshot_date"], how="inner")


@dataclass(frozen=True)
class PeriodicCounts:
    """The executed periodic counts of one run, by ethnic category (``period`` and ``snapshot_date`` as
    timestamps): ``recruitment``, ``disciplinary``, ``training``, ``staff``, and each event table's periods
    (:func:`period_grid`): ``recruitment_periods``, ``disciplinary_periods``, ``training_periods``."""

    period: str
    recruitment: pd.DataFrame
    disciplinary: pd.DataFrame
    training: pd.DataFrame
    staff: pd.DataFrame
    recruitment_periods: pd.DataFrame
    disciplinary_periods: pd.DataFrame
    training_periods: pd.DataFrame
    derived: dict[object, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)
    """Frames computed from these counts (roll-ups, headcount per period), kept by their users for reuse."""


def periodic_counts(src: Source, config: WresConfig, period: str, orgs: Sequence[str] | None = None) -> PeriodicCounts:
    """Execute :func:`periodic_queries` (each once) and return the counts with the periods each table covers."""
    queries = periodic_queries(src, config, period, orgs)
    frames = execute_queries(queries.values())
    got = {role: frames[q.name] for role, q in queries.items()}
    for role in ("recruitment", "disciplinary", "training"):
        got[role] = got[role].assign(period=_dates(got[role]["period"]))
    got["staff"] = got["staff"].assign(snapshot_date=_dates(got["staff"]["snapshot_date"]))
    return PeriodicCounts(
        period=period,
        recruitment=got["recruitment"],
        disciplinary=got["disciplinary"],
        training=got["training"],
        staff=got["staff"],
        recruitment_periods=period_grid(got["recruitment_span"], period),
        disciplinary_periods=period_grid(got["disciplinary_span"], period),
        training_periods=period_grid(got["training_span"], period),
    )
