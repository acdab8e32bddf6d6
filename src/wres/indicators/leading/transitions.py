"""Promotion, leaving and reclassification between consecutive 31 March snapshots (wres-domain.md §7.3).

One person's *transition* for WRES year Y pairs their in-scope 31 March Y−1 snapshot (the denominator's) with their
in-scope 31 March Y snapshot, if any. The rules (project definitions, 2026-12):

* **Scope.** Both snapshots are the indicator 1 headcount's (:func:`wres.indicators.people.snapshots`): bank-only
  staff, and honorary assignments by default, are out. A person in post at Y−1 who is bank-only at Y has left the
  WRES workforce (a leaver); a bank-only person at Y−1 is in no denominator.
* **Classification.** A person is counted in the ethnic category, band and other breakdown attributes of their
  31 March Y−1 snapshot, the denominator's (wres-domain.md §5.0 "Stable history": never a later snapshot's). A
  stratum ``band`` is the band *from which* a person was or was not promoted.
* **Reclassification.** A person whose ethnic category differs between the two snapshots (e.g. Unknown → stated)
  is neither a leaver nor a hire: they are counted once, in their Y−1 group, and listed in the reclassification
  table (:func:`reclassifications`: from and to category, people).
* **Leaving** (``L-leaving``): in post at Y−1 and not in post at Y. Variant ``excluding_doctors_in_training``
  (the headline) leaves out people whose Y−1 band is ``MD_TRAIN``: doctors in training rotate between employers,
  so their "leaving" is mostly a rotation; variant ``all`` counts everyone.
* **Leave and return.** Only consecutive snapshots are compared: a person in post at Y−1, absent at Y and back at
  Y+1 is a leaver in Y, and in Y+1 is in no denominator (not in post at Y), so neither a leaver nor a stayer.
  Nobody is ever counted as a hire.
* **Promotion** (``L-promotion``), variant ``afc`` (the headline): people on the AfC/VSM ladder
  (:data:`LADDER`: U1 < 1 < … < 8d < 9 < VSM) at Y−1 and still in post on it at Y; promoted when the band at Y is
  higher. A demotion or a same-band stay is not a promotion (but is in the base). People with a band off the
  ladder at either snapshot (``UNMAPPED``, ``OTHER_PAY``, a medical subgroup) are left out; the count of
  ``UNMAPPED`` / ``OTHER_PAY`` people left out is ``band_excluded`` (reported in the notes).
  Variant ``into_consultant``: non-consultant doctors (``MD_NCCG``, ``MD_TRAIN``, ``MD_OTHER``) at Y−1 still in
  post at Y; promoted when they are ``MD_CONS`` at Y (reported separately, never in the AfC headline).
* **Coverage.** A year is computed only for an organisation with both snapshots; otherwise its measures are
  missing (``missing_input``), never "everyone left".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.breakdowns import grouping_for, staff_stratum
from wres.indicators.counts import group_lookup
from wres.indicators.fine import breakdown_name, finish
from wres.indicators.headcounts import snapshot_years
from wres.indicators.people import snapshots
from wres.indicators.plan import FamilyPlan, Query, org_years, query_name
from wres.indicators.source import Source
from wres.vocab.bands import MD_CONS, MD_NCCG, MD_OTHER, MD_TRAIN, NON_MEDICAL_BANDS, OTHER_PAY, UNMAPPED

LADDER: tuple[str, ...] = NON_MEDICAL_BANDS
"""The band order for promotion: U1 < 1 < … < 9 < VSM (wres.vocab.bands)."""
NON_CONSULTANT_MEDICAL: tuple[str, ...] = (MD_NCCG, MD_TRAIN, MD_OTHER)
OFF_LADDER: tuple[str, ...] = (UNMAPPED, OTHER_PAY)
KEYS = ["org_code", "year", "stratum", "ethnic_category"]
TRANSITION_MEASURES = (
    "in_post",
    "left",
    "in_post_excl_training",
    "left_excl_training",
    "promotion_base",
    "promoted",
    "consultant_base",
    "to_consultant",
    "band_excluded",
)


def linked_pairs(src: Source, years: Sequence[int], config: WresConfig) -> ir.Table:
    """Each in-scope person of the 31 March Y−1 snapshot (Y in ``years``, as column ``year``) with their in-scope
    31 March Y snapshot's band and ethnic category (``n_band``, ``n_ethnic``; null when not in post at Y)."""
    staff = src.table("staff")
    before = snapshots(staff, sorted({y - 1 for y in years}), config)
    before = before.mutate(year=before.year + 1)
    now = snapshots(staff, sorted(years), config)
    now = now.select(
        n_org=now.org_code, n_person=now.person_id, n_year=now.year, n_band=now.band, n_ethnic=now.ethnic_category
    )
    joined = before.left_join(
        now,
        [before.org_code == now.n_org, before.person_id == now.n_person, before.year == now.n_year],
    )
    return joined.mutate(stayed=joined.n_org.notnull())


def _count(flag: ir.BooleanValue) -> ir.IntegerScalar:
    return ibis.coalesce(flag, False).cast("int64").sum()


def transition_counts(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> Query | None:
    """``leading_transitions[by=...]``: per (org, year, stratum, Y−1 ethnic category) the measures of
    :data:`TRANSITION_MEASURES`; None for a breakdown that does not apply to staff.

    Overall (``by`` None) the Y ethnic category ``n_ethnic`` (null for leavers) is a key too, so that the
    reclassification table comes from the same query (:func:`reclassifications`). A stratified run counts by WRES
    group rather than by category code (as :func:`wres.indicators.headcounts.staff_counts` does): the same sums on
    far fewer rows."""
    t = linked_pairs(src, years, config)
    stratum = staff_stratum(t, by, config)
    if stratum is None:
        return None
    t = t.mutate(stratum=stratum)
    keys = [*KEYS, "n_ethnic"] if by is None else KEYS
    if by is not None and grouping_for(by) == "wres":
        t = t.mutate(ethnic_category=t.ethnic_category.substitute(group_lookup("wres", config), else_="Unknown"))
    rank = {band: i for i, band in enumerate(LADDER)}
    r_before = t.band.substitute(rank, else_=ibis.null("int64"))
    r_now = t.n_band.substitute(rank, else_=ibis.null("int64"))
    on_ladder = t.stayed & r_before.notnull() & r_now.notnull()
    doctor = t.band.isin(list(NON_CONSULTANT_MEDICAL))
    training = t.band == MD_TRAIN
    agg = t.group_by(keys).aggregate(
        in_post=t.count(),
        left=_count(~t.stayed),
        in_post_excl_training=_count(~training),
        left_excl_training=_count(~t.stayed & ~training),
        promotion_base=_count(on_ladder),
        promoted=_count(on_ladder & (r_now > r_before)),
        consultant_base=_count(t.stayed & doctor),
        to_consultant=_count(t.stayed & doctor & (t.n_band == MD_CONS)),
        band_excluded=_count(t.stayed & (t.band.isin(list(OFF_LADDER)) | t.n_band.isin(list(OFF_LADDER)))),
    )
    return Query(query_name("leading_transitions", by), agg)


def reclassifications(df: pd.DataFrame) -> pd.DataFrame:
    """From an executed :func:`transition_counts` (any breakdown: each person is in one row): people in post at
    both snapshots whose ethnic category changed, per (org, year, ``from_category``, ``to_category``), ``people``."""
    changed = df[df["n_ethnic"].notna() & (df["n_ethnic"] != df["ethnic_category"])]
    out = changed.assign(people=changed["in_post"] - changed["left"]).rename(
        columns={"ethnic_category": "from_category", "n_ethnic": "to_category"}
    )
    keys = ["org_code", "year", "from_category", "to_category"]
    summed: pd.DataFrame = out.groupby(keys)["people"].sum().reset_index()
    return summed[summed["people"] > 0].reset_index(drop=True)


def covered_years(src: Source, years: Sequence[int], config: WresConfig) -> Query:
    """The (org, year) pairs with a 31 March snapshot, for ``years`` and the years before them."""
    return snapshot_years(src, sorted(set(years) | {y - 1 for y in years}), config)


def plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan | None:
    """``L-promotion`` and ``L-leaving`` from one transitions query (and the snapshot years for coverage); None
    for a breakdown that does not apply."""
    counts = transition_counts(src, years, by, config)
    if counts is None:
        return None
    coverage = covered_years(src, years, config)

    def assemble_plan(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        return assemble(frames[counts.name], org_years(frames[coverage.name]), by)

    return FamilyPlan("leading transitions", ("L-promotion", "L-leaving"), (counts, coverage), assemble_plan)


def assemble(df: pd.DataFrame, covered: set[tuple[str, int]], by: str | None) -> pd.DataFrame:
    """Fine counts of ``L-promotion`` (variants ``afc``, ``into_consultant``) and ``L-leaving`` (variants
    ``excluding_doctors_in_training``, ``all``), by ``by``'s strata (summed over the Y ethnic category); measures
    missing where the organisation lacks the Y or Y−1 snapshot."""
    measures = list(TRANSITION_MEASURES)
    df = df.groupby(KEYS, as_index=False, dropna=False)[measures].sum()
    have = pd.MultiIndex.from_tuples(sorted(covered)) if covered else None
    org = df["org_code"].astype(str).to_numpy()
    year = df["year"].astype("int64").to_numpy()
    ok = np.zeros(len(df), dtype=bool)
    if have is not None:
        ok = pd.MultiIndex.from_arrays([org, year]).isin(have) & pd.MultiIndex.from_arrays([org, year - 1]).isin(have)
    df[measures] = df[measures].astype("float64")
    df.loc[~ok, measures] = np.nan
    name = breakdown_name(by)
    variants = (
        ("L-promotion", "afc", {"promoted": "promoted", "promotion_base": "promotion_base"}),
        ("L-promotion", "into_consultant", {"to_consultant": "promoted", "consultant_base": "promotion_base"}),
        (
            "L-leaving",
            "excluding_doctors_in_training",
            {"left_excl_training": "left", "in_post_excl_training": "in_post"},
        ),
        ("L-leaving", "all", {"left": "left", "in_post": "in_post"}),
    )
    parts = []
    for indicator, variant, columns in variants:
        frame = df[[*KEYS, *columns]].rename(columns=columns)
        parts.append(finish(frame, indicator, variant, name))
    return pd.concat(parts, ignore_index=True)


def excluded_bands(df: pd.DataFrame) -> int:
    """People left out of promotion for an ``UNMAPPED`` / ``OTHER_PAY`` band, from an executed transitions query."""
    return int(df["band_excluded"].fillna(0).sum())
