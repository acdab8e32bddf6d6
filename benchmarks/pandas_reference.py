"""A straightforward pandas implementation of the indicator counting, for the benchmark's comparison.

It reads the store's tables into pandas and counts with ``groupby``, then hands the counts to the same
assembly and results code as the Ibis path, so the two differ only in how records are counted. The counting
rules are implemented here again, independently of ``wres.indicators`` (wres-domain.md §2, §4.4, §5.0 "Stable
history (project rules, 2026-12)", §5.3, §5.4):

* a disciplinary case or learning event belongs to the WRES year whose activity year (1 April Y−1 to 31 March Y)
  holds its date, and each person counts once per year;
* the person is classified (ethnicity, scope) by their 31 March Y snapshot, or if they are not in it their latest
  snapshot before it, never a later one; a person with no such snapshot is Unknown ethnicity and in scope;
* indicator 4 counts only people in the in-scope 31 March Y headcount (unless ``indicator4.include_leavers``);
* an event table with no record of an organisation in an activity year covers nothing there: the year's measure
  is missing (the assembly step makes it so from the covered (organisation, year) pairs computed here).

Indicator 1's fixed band rows are added by the results step (``finalise``), after the counts, so they need no
counting here.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.indicators import appointment, board, disciplinary, representation, survey, training
from wres.indicators.counts import COUNT_COLUMNS, group_counts
from wres.vocab.bands import MEDICAL_SUBGROUPS
from wres.vocab.staff_groups import STAFF_GROUPS, StaffClass, classify

KEYS = ["org_code", "year", "stratum", "ethnic_category"]


def _wres_year(dates: pd.Series) -> pd.Series:
    d = pd.to_datetime(dates)
    return d.dt.year + (d.dt.month >= 4).astype(int)


def _out_of_scope(df: pd.DataFrame, config: WresConfig) -> pd.Series:
    """Bank-only people and (by default) honorary assignments; a missing value is not out of scope."""
    out = df["bank_only"].astype("boolean").fillna(False).astype(bool)
    if config.staff.exclude_honorary:
        out |= df["contract"].fillna("") == "honorary"
    return out


def _snapshots(staff: pd.DataFrame, years: Sequence[int], config: WresConfig) -> pd.DataFrame:
    d = pd.to_datetime(staff["snapshot_date"])
    keep = (d.dt.month == 3) & (d.dt.day == 31) & d.dt.year.isin(years) & ~_out_of_scope(staff, config)
    out = staff[keep].copy()
    out["year"] = d[keep].dt.year
    return out


def _covered(events: pd.DataFrame, date_col: str) -> set[tuple[str, int]]:
    """(org_code, WRES year) pairs whose activity year holds at least one row of the event table."""
    years = _wres_year(events[date_col])
    ok = years.notna()
    return set(zip(events.loc[ok, "org_code"], years[ok].astype(int), strict=True))


def _events(
    staff: pd.DataFrame,
    events: pd.DataFrame,
    date_col: str,
    years: Sequence[int],
    config: WresConfig,
    *,
    in_post_only: bool = False,
) -> pd.DataFrame:
    """Distinct people with an event per (org, year, ethnic category), each classified by the snapshot of 31 March
    of the event's WRES year, or their latest before it."""
    ev = events[["org_code", "person_id"]].copy()
    ev["year"] = _wres_year(events[date_col])
    ev = ev[ev["year"].isin(years)].drop_duplicates()
    ev["year"] = ev["year"].astype(int)
    snaps = staff[["org_code", "person_id", "snapshot_date", "ethnic_category", "bank_only", "contract"]].copy()
    snaps["snapshot_date"] = pd.to_datetime(snaps["snapshot_date"])
    cand = ev.merge(snaps, on=["org_code", "person_id"], how="inner")
    cutoff = pd.to_datetime(cand["year"].astype(str) + "-03-31")
    cand = cand[cand["snapshot_date"] <= cutoff]
    chosen = cand.sort_values("snapshot_date").drop_duplicates(["org_code", "person_id", "year"], keep="last")
    chosen = chosen.assign(in_post=chosen["snapshot_date"] == pd.to_datetime(chosen["year"].astype(str) + "-03-31"))
    linked = ev.merge(chosen, on=["org_code", "person_id", "year"], how="left")
    linked["ethnic_category"] = linked["ethnic_category"].fillna("99")
    keep = ~_out_of_scope(linked, config)
    if in_post_only:
        keep &= linked["in_post"].astype("boolean").fillna(False).astype(bool)
    linked = linked[keep].assign(stratum="all")
    return linked.groupby(KEYS, as_index=False).size().rename(columns={"size": "people"})


def _heads(snap: pd.DataFrame) -> pd.DataFrame:
    return snap.assign(stratum="all").groupby(KEYS, as_index=False).size().rename(columns={"size": "headcount"})


def pandas_counts(
    con: duckdb.DuckDBPyConnection, years: Sequence[int], config: WresConfig = DEFAULT_CONFIG
) -> pd.DataFrame:
    t = {
        name: con.execute(f"SELECT * FROM {name}").df()
        for name in (
            "staff",
            "recruitment",
            "disciplinary",
            "training",
            "survey_respondents",
            "survey_answers",
            "board",
        )
    }
    staff = t["staff"]
    snap = _snapshots(staff, years, config)
    fines = []
    # 1
    defaults = {g: classify(g) is StaffClass.CLINICAL for g in STAFF_GROUPS}
    clinical = snap["clinical"].astype("boolean").fillna(snap["staff_group"].map(defaults).astype("boolean"))
    category = clinical.map({True: "clinical", False: "non_clinical"}).astype(object).fillna("unclassified")
    category[snap["band"].isin(MEDICAL_SUBGROUPS)] = "medical_dental"
    i1 = snap.assign(category=category, stratum="all")
    i1 = i1.groupby(["org_code", "year", "category", "band", "stratum", "ethnic_category"], as_index=False).size()
    fines.append(representation.rollup(i1.rename(columns={"size": "headcount"}), None))
    # 2
    apps = t["recruitment"]
    apps = apps[apps["shortlisted"]].copy()
    apps["year"] = _wres_year(apps["shortlisting_date"])
    apps = apps[apps["year"].isin(years)]
    intl = apps["international"].astype("boolean").fillna(False).astype(bool)
    apps = apps.assign(
        stratum="all",
        shortlisted=1,
        appointed=apps["appointed"].astype(int),
        shortlisted_excl=(~intl).astype(int),
        appointed_excl=(apps["appointed"] & ~intl).astype(int),
        flag_known=apps["international"].notna().astype(int),
    )
    cols = ["shortlisted", "appointed", "shortlisted_excl", "appointed_excl", "flag_known"]
    fines.append(appointment.assemble(apps.groupby(KEYS, as_index=False)[cols].sum(), None))
    # 3
    wanted = sorted(set(years) | {y - 1 for y in years})
    cases = t["disciplinary"]
    entrants = _events(staff, cases, "investigation_start", wanted, config)
    prev = _snapshots(staff, [y - 1 for y in years], config)
    have_prev = set(zip(prev["org_code"], prev["year"], strict=True))
    covered = _covered(cases, "investigation_start")
    fines.append(disciplinary.assemble(_heads(snap), entrants, have_prev, years, covered, None))
    # 4
    learning = t["training"]
    in_post_only = not config.indicator4.include_leavers
    accessed = _events(staff, learning[~learning["mandatory"]], "start_date", years, config, in_post_only=in_post_only)
    covered = _covered(learning, "start_date")  # any learning record, mandatory or not
    fines.append(training.assemble(_heads(snap), accessed.rename(columns={"people": "accessed"}), covered, None))
    # 5–8
    ans = t["survey_answers"]
    resp = t["survey_respondents"]
    per = ans[["org_code", "survey_year", "respondent_id"]].drop_duplicates()
    for ind in survey.SURVEY_INDICATORS:
        valid = pd.Series(False, index=ans.index)
        adverse = pd.Series(False, index=ans.index)
        for sy, items in config.survey.question_map.items():
            item = items[f"i{ind}"]
            here = (ans["survey_year"] == sy) & ans["item"].isin(item.items)
            valid |= here & ans["response"].isin(item.valid)
            adverse |= here & ans["response"].isin(item.adverse)
        flags = (
            ans.assign(v=valid, a=adverse)
            .groupby(["org_code", "survey_year", "respondent_id"], as_index=False)[["v", "a"]]
            .max()
        )
        per = per.merge(flags.rename(columns={"v": f"valid{ind}", "a": f"adverse{ind}"}), how="left")
    joined = resp.merge(per, on=["org_code", "survey_year", "respondent_id"])
    joined = joined[joined["survey_year"].isin([y - 1 for y in years])].assign(stratum="all")
    measures = {}
    for ind in survey.SURVEY_INDICATORS:
        joined[f"respondents{ind}"] = joined[f"valid{ind}"].astype(int)
        joined[f"adverse{ind}"] = (joined[f"valid{ind}"] & joined[f"adverse{ind}"]).astype(int)
        measures[f"respondents{ind}"] = "sum"
        measures[f"adverse{ind}"] = "sum"
    agg = joined.groupby(["org_code", "survey_year", "stratum", "ethnic_category"], as_index=False).agg(measures)
    fines.append(survey.assemble(agg, None))
    # 9
    b = t["board"]
    b = b[pd.to_datetime(b["snapshot_date"]).isin([pd.Timestamp(y, 3, 31) for y in years])].copy()
    b["year"] = pd.to_datetime(b["snapshot_date"]).dt.year
    members = b.groupby(["org_code", "year", "ethnic_category"], as_index=False)[["voting", "executive"]].sum()
    wf = (
        snap.groupby(["org_code", "year", "ethnic_category"], as_index=False)
        .size()
        .rename(columns={"size": "workforce"})
    )
    fines.append(board.assemble(members, wf))
    long = pd.concat([group_counts(f, "wres", config) for f in fines], ignore_index=True)
    return long[COUNT_COLUMNS]
