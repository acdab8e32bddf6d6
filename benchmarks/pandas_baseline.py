"""An honest pandas baseline for the nine indicators, written as an analyst would write it (issue 18).

Vectorised pandas and NumPy only: filters, ``merge``, ``merge_asof`` and ``groupby``; no loop over rows and no
``wres.indicators`` code. It reads the same canonical tables the store holds (through DuckDB into pandas, timed as
part of the run) and computes, for every organisation-year, the headline figure of each of the nine indicators with
a 95% interval: indicator 1's BME share of the workforce (Wilson), the relative likelihoods of indicators 2–4 (Katz
log interval; indicator 3 in the two-year rolling form), the survey gaps of indicators 5–8 (Newcombe's hybrid score
interval) and indicator 9's board − workforce gaps (voting and executive; no interval). The counting rules follow
wres-domain.md §3.5, §5.0–5.9 (the same rules ``wres.indicators`` implements; read from the spec, not the code):

* 31 March headcount, bank-only and honorary assignments excluded; ethnic codes grouped White / BME / Unknown;
* indicator 2: shortlisted applications (bank posts excluded when configured) by shortlisting date's WRES year;
* indicators 3 and 4: distinct people with an event in the activity year, each classified by their 31 March
  snapshot of the event's WRES year or their latest before it (``merge_asof``); indicator 4 only people in post;
  an organisation-year whose activity year has no record of the table is missing;
* indicators 5–8: per respondent, valid and adverse answers to the year's items (the question map in
  configuration), respondents of unknown ethnicity left out; survey year Y−1 for WRES year Y;
* indicator 9: board members at 31 March Y against the workforce's BME share.

It returns one row per (org_code, year, indicator, variant) with the counts ``a, n1, c, n2`` and the estimate, so
the benchmark can check its counts against wres's headline rows (:func:`headline_counts`).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.indicators.counts import group_lookup
from wres.indicators.survey import is_dont_know

Z95 = 1.959963984540054


def _wres_year(dates: pd.Series) -> pd.Series:
    d = pd.to_datetime(dates)
    return (d.dt.year + (d.dt.month >= 4)).astype("int64")


def _wilson(x: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _ratio(a: np.ndarray, n1: np.ndarray, c: np.ndarray, n2: np.ndarray) -> dict[str, np.ndarray]:
    """(a/n1) ÷ (c/n2) with the Katz log interval."""
    with np.errstate(divide="ignore", invalid="ignore"):
        est = (a / n1) / (c / n2)
        se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
        return {"estimate": est, "low": est * np.exp(-Z95 * se), "high": est * np.exp(Z95 * se)}


def _newcombe(a: np.ndarray, n1: np.ndarray, c: np.ndarray, n2: np.ndarray) -> dict[str, np.ndarray]:
    """(a/n1 − c/n2) in points with Newcombe's hybrid score interval."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = a / n1, c / n2
        l1, u1 = _wilson(a, n1)
        l2, u2 = _wilson(c, n2)
        d = p1 - p2
        low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return {"estimate": 100 * d, "low": 100 * low, "high": 100 * high}


def _pivot(df: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """Counts by group as columns White / BME / Unknown (zero where absent)."""
    wide = df.pivot_table(index=keys, columns="group", values=value, aggfunc="sum", fill_value=0)
    return wide.reindex(columns=["White", "BME", "Unknown"], fill_value=0)


def _rows(wide: pd.DataFrame, indicator: str, variant: str, a: str, n1: str, c: str, n2: str) -> pd.DataFrame:
    out = wide.reset_index()[["org_code", "year"]].assign(indicator=indicator, variant=variant)
    out["a"], out["n1"], out["c"], out["n2"] = (wide[k].to_numpy(dtype=float) for k in (a, n1, c, n2))
    return out


def pandas_indicators(
    con: duckdb.DuckDBPyConnection, years: Sequence[int], config: WresConfig = DEFAULT_CONFIG
) -> pd.DataFrame:
    """Every organisation-year's headline figures for the nine indicators (see the module docstring)."""
    years = list(years)
    groups = group_lookup("wres", config)

    def read(sql: str) -> pd.DataFrame:
        return con.execute(sql).df()

    staff = read("SELECT org_code, person_id, snapshot_date, ethnic_category, bank_only, contract FROM staff")
    staff["snapshot_date"] = pd.to_datetime(staff["snapshot_date"])
    staff["group"] = staff["ethnic_category"].map(groups).fillna("Unknown")
    scope = ~staff["bank_only"].fillna(False).astype(bool)
    if config.staff.exclude_honorary:
        scope &= staff["contract"].fillna("") != "honorary"
    staff["in_scope"] = scope
    march = (staff["snapshot_date"].dt.month == 3) & (staff["snapshot_date"].dt.day == 31)
    snap = staff[march & scope].copy()
    snap["year"] = snap["snapshot_date"].dt.year.astype("int64")
    heads = _pivot(snap.assign(n=1), ["org_code", "year"], "n")
    heads["total"] = heads.sum(axis=1)
    out: list[pd.DataFrame] = []

    # 1: BME share of the workforce (Unknown in the denominator)
    cur = heads[heads.index.get_level_values("year").isin(years)]
    out.append(_rows(cur, "1", "headcount", "BME", "total", "BME", "total"))

    # 2: appointed / shortlisted, White ÷ BME
    apps = read(
        "SELECT org_code, shortlisting_date, appointed, bank_post, ethnic_category FROM recruitment WHERE shortlisted"
    )
    apps["year"] = _wres_year(apps["shortlisting_date"])
    apps = apps[apps["year"].isin(years)]
    if config.indicator2.exclude_bank_posts:
        apps = apps[~apps["bank_post"].fillna(False).astype(bool)]
    apps["group"] = apps["ethnic_category"].map(groups).fillna("Unknown")
    app = _pivot(apps.assign(n=1), ["org_code", "year"], "n").join(
        _pivot(apps.assign(n=apps["appointed"].astype(int)), ["org_code", "year"], "n"), rsuffix="_appointed"
    )
    out.append(_rows(app, "2", "all", "White_appointed", "White", "BME_appointed", "BME"))

    # 3 and 4: distinct people with an event, classified by their latest snapshot on or before 31 March Y
    def people(events: pd.DataFrame, date_col: str, wanted: list[int], in_post_only: bool) -> pd.DataFrame:
        ev = events[["org_code", "person_id"]].assign(year=_wres_year(events[date_col]))
        ev = ev[ev["year"].isin(wanted)].drop_duplicates()
        ev["cutoff"] = pd.to_datetime(ev["year"].astype(str) + "-03-31")
        linked = pd.merge_asof(
            ev.sort_values("cutoff"),
            staff[["org_code", "person_id", "snapshot_date", "group", "in_scope"]].sort_values("snapshot_date"),
            left_on="cutoff",
            right_on="snapshot_date",
            by=["org_code", "person_id"],
        )
        linked["group"] = linked["group"].fillna("Unknown")
        keep = linked["in_scope"].fillna(True).astype(bool)  # never seen in a snapshot: Unknown, in scope
        if in_post_only:
            keep &= linked["snapshot_date"] == linked["cutoff"]
        return _pivot(linked[keep].assign(n=1), ["org_code", "year"], "n")

    def covered(events: pd.DataFrame, date_col: str) -> pd.MultiIndex:
        pairs = events[["org_code"]].assign(year=_wres_year(events[date_col])).drop_duplicates()
        return pd.MultiIndex.from_frame(pairs)

    cases = read("SELECT org_code, person_id, investigation_start FROM disciplinary")
    entrants = people(cases, "investigation_start", sorted(set(years) | {y - 1 for y in years}), False)
    ok = covered(cases, "investigation_start")
    this_year = entrants.reindex(cur.index).fillna(0)
    this_year[~cur.index.isin(ok)] = np.nan  # no case in the activity year: not covered, so missing
    last = pd.MultiIndex.from_arrays([cur.index.get_level_values(0), cur.index.get_level_values(1) - 1])
    last_year = entrants.reindex(last).fillna(0)
    last_year[~(last.isin(ok) & last.isin(heads.index))] = np.nan  # Y−1 not covered or without a snapshot
    last_year.index = cur.index
    both = cur.join(this_year.add_suffix("_in")).join(last_year.add_suffix("_prev"))
    for g in ("White", "BME"):
        both[f"{g}_rolling"] = both[f"{g}_in"] + both[f"{g}_prev"]
        both[f"{g}_2"] = 2 * both[g]
    out.append(_rows(both, "3", "rolling", "BME_rolling", "BME_2", "White_rolling", "White_2"))

    learning = read("SELECT org_code, person_id, start_date, mandatory FROM training")
    ok = covered(learning, "start_date")
    accessed = people(learning[~learning["mandatory"]], "start_date", years, not config.indicator4.include_leavers)
    acc = cur.join(accessed.reindex(cur.index).fillna(0).add_suffix("_acc"))
    acc.loc[~acc.index.isin(ok), ["White_acc", "BME_acc"]] = np.nan
    out.append(_rows(acc, "4", "all", "White_acc", "White", "BME_acc", "BME"))

    # 5–8: per respondent, a valid and an adverse answer to the year's items
    answers = read("SELECT org_code, survey_year, respondent_id, item, response FROM survey_answers")
    resp = read("SELECT org_code, survey_year, respondent_id, ethnic_category FROM survey_respondents")
    resp["group"] = resp["ethnic_category"].map(groups).fillna("Unknown")
    resp = resp[resp["group"] != "Unknown"]
    spec_rows = []
    for survey_year, items in config.survey.question_map.items():
        for ind in ("5", "6", "7", "8"):
            spec = items[f"i{ind}"]
            valid = [*spec.valid, *spec.adverse]
            if ind == "7" and not config.survey.i7_dont_know_in_base:
                valid = [v for v in valid if not is_dont_know(v)]
            for item in spec.items:
                spec_rows += [(survey_year, item, r, ind, r in spec.adverse) for r in dict.fromkeys(valid)]
    spec_table = pd.DataFrame(spec_rows, columns=["survey_year", "item", "response", "ind", "adverse"])
    hits = answers.merge(spec_table, on=["survey_year", "item", "response"])
    per = hits.groupby(["org_code", "survey_year", "respondent_id", "ind"], as_index=False)["adverse"].max()
    per = per.merge(resp, on=["org_code", "survey_year", "respondent_id"])
    per["year"] = per["survey_year"] + 1
    per = per[per["year"].isin(years)]
    for ind in ("5", "6", "7", "8"):
        one = per[per["ind"] == ind]
        base = _pivot(one.assign(n=1), ["org_code", "year"], "n")
        adverse = _pivot(one.assign(n=one["adverse"].astype(int)), ["org_code", "year"], "n")
        wide = base.join(adverse, rsuffix="_adv")
        first, second = ("White", "BME") if ind == "7" else ("BME", "White")
        out.append(_rows(wide, ind, "microdata", f"{first}_adv", first, f"{second}_adv", second))

    # 9: board members against the workforce, BME share in points
    board = read("SELECT org_code, snapshot_date, ethnic_category, voting, executive FROM board")
    board["snapshot_date"] = pd.to_datetime(board["snapshot_date"])
    board = board[board["snapshot_date"].isin([pd.Timestamp(y, 3, 31) for y in years])]
    board["year"] = board["snapshot_date"].dt.year.astype("int64")
    board["group"] = board["ethnic_category"].map(groups).fillna("Unknown")
    for variant in ("voting", "executive"):
        members = _pivot(board.assign(n=board[variant].astype(int)), ["org_code", "year"], "n")
        members["total"] = members.sum(axis=1)
        wide = members.join(heads.add_suffix("_wf"), how="left").fillna(0)
        out.append(_rows(wide, "9", variant, "BME", "total", "BME_wf", "total_wf"))

    rows = pd.concat(out, ignore_index=True)
    a, n1, c, n2 = (rows[k].to_numpy(dtype=float) for k in ("a", "n1", "c", "n2"))
    est = np.full(len(rows), np.nan)
    low = np.full(len(rows), np.nan)
    high = np.full(len(rows), np.nan)
    ind = rows["indicator"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        m = ind == "1"
        est[m] = a[m] / n1[m]
        low[m], high[m] = _wilson(a[m], n1[m])
        m = np.isin(ind, ["2", "3", "4"])
        r = _ratio(a[m], n1[m], c[m], n2[m])
        est[m], low[m], high[m] = r["estimate"], r["low"], r["high"]
        m = np.isin(ind, ["5", "6", "7", "8"])
        r = _newcombe(a[m], n1[m], c[m], n2[m])
        est[m], low[m], high[m] = r["estimate"], r["low"], r["high"]
        m = ind == "9"
        est[m] = 100 * (a[m] / n1[m] - c[m] / n2[m])
    return rows.assign(estimate=est, ci95_low=low, ci95_high=high)


def headline_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """wres's headline rows (``IndicatorResults.frame``) in :func:`pandas_indicators`' shape, for the check."""
    head = frame[frame["headline"].astype(bool) & (frame["status"].astype(str) != "not_computed")]
    head = head[(head["indicator"] != "9") | head["variant"].isin(["voting", "executive"])]
    cols = ["org_code", "year", "indicator", "variant", "a", "n1", "c", "n2", "estimate"]
    return head[cols].reset_index(drop=True)
