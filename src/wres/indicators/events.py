"""Linking staff events (disciplinary cases, learning) to people, for indicators 3 and 4.

Rules (wres-domain.md §2 "Assigning records to a year", §3.5, §4.4, §5.0 "Stable history (project rules,
2026-12)", §5.3, §5.4):

* An event belongs to the WRES year Y whose activity year (1 April Y−1 to 31 March Y) contains its date; a person
  is counted once per activity year (distinct people).
* **The person is classified by one snapshot: their 31 March Y snapshot, or, if they are not in it (they left
  during the year), their latest snapshot before it.** Later snapshots are never used, so loading next year's
  extract cannot change a published year. That snapshot gives the ethnic category *and* the band, staff group
  and other breakdown attributes, and decides the scope (bank-only, honorary).
* Y is the event's own WRES year, also when the event is counted as indicator 3's previous year: an entrant of
  activity year Y−1 in WRES year Y's rolling form is classified by the 31 March Y−1 snapshot (decision recorded
  here: §5.0 names "the WRES year the event is counted in", and an event of activity year Y−1 is counted in WRES
  year Y−1; so ``entrants_prev`` of year Y is exactly ``entrants`` of year Y−1, one number whichever year shows it,
  as the rolling form's "mean of the two years' counts" and the counts path require).
* ``in_post_only`` (indicator 4, §5.4 and §5.0): only people in the (in-scope) 31 March Y headcount count, so the
  numerator is a subset of the denominator and numerator and denominator classify each person the same way.
  Indicator 3 counts leavers (§5.3).
* A person with no snapshot on or before 31 March Y counts as Unknown ethnicity with breakdown attributes "Not
  recorded" (the data-quality report lists records that match no staff member).
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from wres.config import WresConfig
from wres.indicators.breakdowns import staff_stratum
from wres.indicators.calendar import is_snapshot_expr, snapshot_date, wres_year_expr
from wres.indicators.people import NOT_RECORDED
from wres.indicators.plan import Query, query_name
from wres.indicators.source import Source

PROFILE_COLUMNS = ("band", "staff_group", "occupation_code", "directorate", "site", "gender", "contract")
FLAG_COLUMNS = ("clinical", "bank_only")
SCOPE_COLUMNS = ("contract", "bank_only")  # enough to apply the scope rules when there is no breakdown


def event_years(events: ir.Table, date_col: str, years: Sequence[int]) -> ir.Table:
    """Distinct (org_code, person_id, year) of the events whose WRES year is in ``years``."""
    ev = events.mutate(year=wres_year_expr(events[date_col]))
    return ev.filter(ev.year.isin(list(years))).select("org_code", "person_id", "year").distinct()


def profile_as_of(staff: ir.Table, people: ir.Table, columns: Sequence[str]) -> ir.Table:
    """For each (org_code, person_id, year) of ``people``: the person's snapshot on 31 March ``year``, else their
    latest snapshot before it (wres-domain.md §5.0), never a later one.

    Returns ``people``' columns, ``known`` (a snapshot was found), ``in_post`` (it is the 31 March ``year``
    snapshot), ``ethnic_category`` (``99`` when unknown) and ``columns`` of that snapshot (null when unknown).
    """
    s = staff.select(
        s_org=staff.org_code,
        s_person=staff.person_id,
        s_date=staff.snapshot_date,
        s_year=wres_year_expr(staff.snapshot_date),  # a date on or before 31 March Y has a WRES year <= Y
    )
    candidates = people.inner_join(s, [people.org_code == s.s_org, people.person_id == s.s_person])
    candidates = candidates.filter(candidates.s_year <= candidates.year)
    chosen = candidates.group_by(["org_code", "person_id", "year"]).aggregate(c_date=candidates.s_date.max())
    chosen = chosen.select(c_org=chosen.org_code, c_person=chosen.person_id, c_year=chosen.year, c_date=chosen.c_date)
    rows = staff.select(
        r_org=staff.org_code,
        r_person=staff.person_id,
        r_date=staff.snapshot_date,
        r_ethnic_category=staff.ethnic_category,
        **{f"r_{c}": staff[c] for c in columns},
    )
    picked = chosen.inner_join(
        rows, [chosen.c_org == rows.r_org, chosen.c_person == rows.r_person, chosen.c_date == rows.r_date]
    )
    j = people.left_join(
        picked,
        [people.org_code == picked.c_org, people.person_id == picked.c_person, people.year == picked.c_year],
    )
    found = j.c_org.notnull()
    in_post = found & is_snapshot_expr(j.c_date) & (j.c_date.year().cast("int64") == j.year)
    return j.select(
        "org_code",
        "person_id",
        "year",
        known=found,
        in_post=ibis.coalesce(in_post, False),
        ethnic_category=ibis.coalesce(j.r_ethnic_category, ibis.literal("99")),
        **{c: j[f"r_{c}"] for c in columns},
    )


def in_post_profile(
    staff: ir.Table, events: ir.Table, date_col: str, years: Sequence[int], columns: Sequence[str]
) -> ir.Table:
    """:func:`profile_as_of` of the people with an event in ``years`` who are in the 31 March snapshot of the event's
    WRES year (``in_post``): that snapshot's rows semi-joined with the events, instead of a search for each person's
    latest snapshot.

    The same rows and values as ``profile_as_of(staff, event_years(events, date_col, years), columns)`` filtered to
    ``in_post`` (a 31 March ``year`` snapshot is the latest on or before it, and a person has at most one row per
    snapshot, the staff table's key), at a fraction of the cost: the semi-join needs no distinct people first.
    Indicator 4 (in-post people only, wres-domain.md §5.4) links 11 million learning records this way.
    """
    ev = events.mutate(e_year=wres_year_expr(events[date_col]))
    ev = ev.filter(ev.e_year.isin(list(years))).select(e_org=ev.org_code, e_person=ev.person_id, e_year=ev.e_year)
    return _in_post(staff, ev, years, columns)


def _in_post(staff: ir.Table, ev: ir.Table, years: Sequence[int], columns: Sequence[str]) -> ir.Table:
    """:func:`in_post_profile` of the people ``ev`` names (columns ``e_org``, ``e_person``, ``e_year``; ``e_year`` in
    ``years``)."""
    s = staff.filter(staff.snapshot_date.isin([snapshot_date(y) for y in years]))
    s = s.mutate(year=s.snapshot_date.year().cast("int64"))
    s = s.semi_join(ev, [s.org_code == ev.e_org, s.person_id == ev.e_person, s.year == ev.e_year])
    return _as_in_post_profile(s, columns)


def _as_in_post_profile(rows: ir.Table, columns: Sequence[str]) -> ir.Table:
    """31 March snapshot rows (with ``year``) as :func:`profile_as_of` rows of people in post: known, in post, the
    ethnic category's missing code ``99`` for a blank, and ``columns``."""
    return rows.select(
        "org_code",
        "person_id",
        "year",
        known=ibis.literal(True),
        in_post=ibis.literal(True),
        ethnic_category=ibis.coalesce(rows.ethnic_category, ibis.literal("99")),
        **{c: rows[c] for c in columns},
    )


def people_with_events(
    src: Source,
    events: ir.Table,
    date_col: str,
    years: Sequence[int],
    by: str | None,
    config: WresConfig,
    *,
    in_post_only: bool = False,
    person_years: ir.Table | None = None,
    in_post_rows: ir.Table | None = None,
) -> ir.Table:
    """Distinct people with at least one event per (org, year, stratum, ethnic category): column ``people``.

    Each person is classified by :func:`profile_as_of` their event's WRES year; bank-only people (and honorary
    assignments, by default) are out of scope; ``in_post_only`` keeps only people in the 31 March headcount.
    ``person_years``: the distinct (org_code, person_id, year) of ``events`` already made (the store's
    ``derived_training_people``, :mod:`wres.store.derived`), read instead of ``events``; ``in_post_rows``: with
    ``in_post_only``, the 31 March snapshot rows of those people already made (``derived_training_in_post``), read
    instead of both.
    """
    columns = SCOPE_COLUMNS if by is None else (*PROFILE_COLUMNS, *FLAG_COLUMNS)
    staff = src.table("staff")
    if in_post_only and in_post_rows is not None:
        prof = _as_in_post_profile(in_post_rows.filter(in_post_rows.year.isin(list(years))), columns)
    elif person_years is not None:
        py = person_years.filter(person_years.year.isin(list(years)))
        if in_post_only:
            ev = py.select(e_org=py.org_code, e_person=py.person_id, e_year=py.year)
            prof = _in_post(staff, ev, years, columns)
        else:
            prof = profile_as_of(staff, py.select("org_code", "person_id", "year"), columns)
    elif in_post_only:  # only the 31 March snapshot can classify them: a semi-join, not a latest-snapshot search
        prof = in_post_profile(staff, events, date_col, years, columns)
    else:
        prof = profile_as_of(staff, event_years(events, date_col, years), columns)
    keep = ~ibis.coalesce(prof.bank_only, False)
    if config.staff.exclude_honorary:
        keep = keep & (ibis.coalesce(prof.contract, "") != "honorary")
    if in_post_only:
        keep = keep & prof.in_post
    prof = prof.filter(keep)
    stratum = staff_stratum(prof, by, config)
    assert stratum is not None
    if by is not None:  # a person never seen in a snapshot has no band, staff group, ...
        stratum = ibis.ifelse(prof.known, stratum, NOT_RECORDED)
    prof = prof.mutate(stratum=stratum)
    return prof.group_by(["org_code", "year", "stratum", "ethnic_category"]).aggregate(people=prof.count())


def activity_years(src: Source, name: str, date_col: str) -> Query:
    """``<name>_activity_years``: the (org_code, year) pairs whose activity year holds at least one row of event
    table ``name``, dated by ``date_col``: the years the table covers (wres-domain.md §5.0, "Coverage per activity
    year"). A year with no rows is missing, not a year with no events."""
    t = src.table(name)
    return Query(
        query_name(f"{name}_activity_years"), t.select(org_code=t.org_code, year=wres_year_expr(t[date_col])).distinct()
    )
