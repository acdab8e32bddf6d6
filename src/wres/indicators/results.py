"""From aggregated counts to result rows: rates, ratios and gaps with intervals, statuses and flags.

Every result row carries the fields of methods.md §0.3 (:data:`RESULT_COLUMNS`). Statistics come from
:mod:`wres.stats` (Wilson, Koopman score, Katz log, Newcombe); statuses follow wres-domain.md §6. A quantity
that cannot be computed is "not computed" with a reason code (§5.0), never infinity or NaN in the estimate's
place.

Row meaning by indicator (``a/n1`` is the numerator group, ``c/n2`` the comparator):

* 1: share of group ``group_a`` in the stratum (``a`` of ``n1`` staff, Unknown included) against the
  organisation's overall share of that group (``c`` of ``n2``): ``estimate`` = share, ``benchmark`` = overall
  share, Wilson intervals for the share, representation status.
* 2, 4: ``a`` White events of ``n1`` White people vs ``c``/``n2`` BME (or a disaggregated group): ratio.
* 3: BME (or group) ÷ White; rolling form uses summed entrants over twice the headcount (methods.md §2.5).
* 5–8: adverse gap in percentage points, positive when BME staff fare worse (5, 6, 8: BME − White;
  7: White − BME); Newcombe intervals.
* 9: board share − workforce share in points for each group (descriptive; no interval).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.board import DERIVED as BOARD_DERIVED
from wres.indicators.counts import COUNT_KEY
from wres.indicators.fine import LEADING_INDICATORS
from wres.indicators.statistics import (
    completeness_of,
    difference_statistics,
    gap_statistics,
    ratio_statistics,
    share_statistics,
)
from wres.vocab.ethnicity import GROUP5, GROUP9

RESULT_KEY = [
    "org_code",
    "year",
    "indicator",
    "variant",
    "category",
    "breakdown",
    "stratum",
    "grouping",
    "group_a",
    "group_b",
]
"""The columns that identify a result row (one row per key)."""

RESULT_COLUMNS = [
    "org_code",
    "year",
    "indicator",
    "variant",
    "headline",
    "category",
    "breakdown",
    "stratum",
    "grouping",
    "group_a",
    "group_b",
    "a",
    "n1",
    "c",
    "n2",
    "rate_a",
    "rate_b",
    "estimate",
    "estimate_type",
    "ci95_low",
    "ci95_high",
    "ci998_low",
    "ci998_high",
    "ci_method",
    "katz95_low",
    "katz95_high",
    "log_se",
    "benchmark",
    "status",
    "side",
    "strong_evidence",
    "reason",
    "flags",
    "unknown",
    "completeness",
    "small_numbers",
]
GROUP_KEY = [c for c in COUNT_KEY if c != "group"]
GROUPS_OF: dict[str, tuple[str, ...]] = {"wres": ("White", "BME", "Unknown"), "group5": GROUP5, "group9": GROUP9}
"""The groups of each grouping (a group key has a row for each)."""
WHITE_SUBGROUPS = ("White British", "White Irish", "White Other")
EVENTS_PEOPLE = {
    "2": ("appointed", "shortlisted"),
    "3": ("entrants", "headcount"),
    "4": ("accessed", "headcount"),
    "5": ("adverse", "respondents"),
    "6": ("adverse", "respondents"),
    "7": ("adverse", "respondents"),
    "8": ("adverse", "respondents"),
}
WHITE_NUMERATOR = {"2", "4"}  # L_White ÷ L_BME; indicator 3 is L_BME ÷ L_White
# --- leading indicators (wres-domain.md §7.3; wres.indicators.leading): the same ratio machinery ---------------
EVENTS_PEOPLE |= {
    "L-promotion": ("promoted", "promotion_base"),
    "L-leaving": ("left", "in_post"),
    "L-internal": ("appointed", "shortlisted"),
    "L-appointment-band": ("appointed", "shortlisted"),
    "L-acting-up": ("acting_up", "headcount"),
}
WHITE_NUMERATOR |= {"L-promotion", "L-internal", "L-appointment-band", "L-acting-up"}  # L-leaving: BME ÷ White
HEADLINE_VARIANT = {
    "2": "all",
    "L-promotion": "afc",
    "L-leaving": "excluding_doctors_in_training",
    "L-internal": "all",
    "L-appointment-band": "all",
}
"""The variant that gives the headline row, for indicators with several."""
GAP_WHITE_MINUS_BME = {"7"}


def wide_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per group key with one column per measure (NaN = not available)."""
    if counts.empty:
        return pd.DataFrame(columns=COUNT_KEY)
    keyed = counts.set_index([*COUNT_KEY, "measure"])["value"]
    if not keyed.index.is_unique:  # the same key given twice: add the values (a missing value stays missing)
        keyed = keyed.groupby(level=list(range(keyed.index.nlevels)), sort=False).sum(min_count=1)
    wide = keyed.unstack("measure").reset_index()
    wide.columns.name = None
    return _complete_groups(wide)


def _complete_groups(wide: pd.DataFrame) -> pd.DataFrame:
    """Give every group key a row for every group of its grouping (a group with nobody has zero counts).

    A measure that is missing for every group present (e.g. an activity year not covered, wres-domain.md §5.0) is
    missing for the added groups too, so that the whole key reads ``missing_input``.
    """
    groups = GROUPS_OF
    size = wide.groupby(GROUP_KEY, sort=False, dropna=False)["group"].transform("size")
    expected = wide["grouping"].map({k: len(v) for k, v in groups.items()})
    incomplete = wide[(size < expected).to_numpy()]
    if incomplete.empty:
        return wide
    keys = incomplete[GROUP_KEY].drop_duplicates()
    frames = []
    for grouping, names in groups.items():
        k = keys[keys["grouping"] == grouping]
        if not k.empty:
            frames.append(k.merge(pd.DataFrame({"group": list(names)}), how="cross"))
    full = pd.concat(frames, ignore_index=True)
    present = incomplete[COUNT_KEY].assign(_present=True)
    missing = full.merge(present, on=COUNT_KEY, how="left")
    missing = missing[missing["_present"].isna()].drop(columns="_present")
    measures = [c for c in wide.columns if c not in COUNT_KEY]
    supplied = incomplete.groupby(GROUP_KEY, sort=False, dropna=False)[measures].count().gt(0).reset_index()
    missing = missing.merge(supplied, on=GROUP_KEY, how="left")
    for m in measures:
        missing[m] = np.where(missing[m].fillna(False).astype(bool), 0.0, np.nan)
    return pd.concat([wide, missing], ignore_index=True)


def _with_white_total(wide: pd.DataFrame) -> pd.DataFrame:
    """For the 9-group, add an all-White row (the comparator) summing the White subgroups."""
    nine = wide[(wide["grouping"] == "group9") & wide["group"].isin(WHITE_SUBGROUPS)]
    if nine.empty:
        return wide
    measures = [c for c in wide.columns if c not in COUNT_KEY]
    white = nine.groupby(GROUP_KEY, as_index=False, dropna=False)[measures].sum(min_count=1)
    white["group"] = "White"
    return pd.concat([wide, white], ignore_index=True)


def _pair(wide: pd.DataFrame, num: str, den: str, groups_a: str | None, groups_c: str | None) -> pd.DataFrame:
    """Join numerator-group and comparator-group measures on the group key.

    ``groups_a`` / ``groups_c`` name a fixed group; ``None`` means "each non-White, non-Unknown group".
    """
    cols = [*GROUP_KEY, "group", num, den]
    base = wide[[c for c in cols if c in wide.columns]].copy()
    for m in (num, den):
        if m not in base:
            base[m] = np.nan

    def pick(group: str | None) -> pd.DataFrame:
        if group is not None:
            return base[base["group"] == group]
        mask = ~base["group"].isin(["White", "Unknown", "BME", *WHITE_SUBGROUPS])
        return base[mask]

    left = pick(groups_a).rename(columns={"group": "group_a", num: "a", den: "n1"})
    right = pick(groups_c).rename(columns={"group": "group_b", num: "c", den: "n2"})
    keys = base[GROUP_KEY].drop_duplicates()
    if groups_a is None:  # each disaggregated group against the fixed comparator
        out = left.merge(right, on=GROUP_KEY, how="left")
    elif groups_c is None:
        out = right.merge(left, on=GROUP_KEY, how="left")
    else:
        out = keys.merge(left, on=GROUP_KEY, how="left").merge(right, on=GROUP_KEY, how="left")
        out["group_a"] = groups_a
        out["group_b"] = groups_c
    return out


def _unknown(wide: pd.DataFrame, people: str) -> pd.DataFrame:
    """Unknown-ethnicity count and completeness (known share) per group key.

    Call before :func:`_with_white_total`, so that nobody is counted twice.
    """
    if people not in wide:
        return pd.DataFrame(columns=[*GROUP_KEY, "unknown", "completeness"])
    w = wide[[*GROUP_KEY, "group", people]]
    everyone = w.groupby(GROUP_KEY, dropna=False)[people].sum().rename("everyone")
    unknown = w[w["group"] == "Unknown"].groupby(GROUP_KEY, dropna=False)[people].sum().rename("unknown")
    out = pd.concat([everyone, unknown], axis=1).reset_index()
    out["unknown"] = out["unknown"].fillna(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["completeness"] = np.where(out["everyone"] > 0, 1 - out["unknown"] / out["everyone"], np.nan)
    return out.drop(columns="everyone")


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    for col in RESULT_COLUMNS:
        if col not in df:
            df[col] = np.nan if col not in ("headline", "strong_evidence", "small_numbers") else False
    not_computed = df["status"] == "not_computed"
    df["flags"] = df["flags"].where(~not_computed & df["flags"].notna(), "")
    for col in ("reason", "side"):
        values = df[col].astype(object)
        df[col] = values.where(values.notna(), None)
    df["strong_evidence"] = df["strong_evidence"].fillna(False).astype(bool)
    df["headline"] = df["headline"].fillna(False).astype(bool)
    df["small_numbers"] = df["flags"].str.contains("low_count|small_base", regex=True)
    return df[RESULT_COLUMNS]


def ratio_results(wide: pd.DataFrame, indicator: str, config: WresConfig) -> pd.DataFrame:
    """Indicators 2, 3, 4: relative likelihoods with Koopman and Katz intervals and the §6.1 status."""
    raw = wide[wide["indicator"] == indicator]
    if raw.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    events, people = EVENTS_PEOPLE[indicator]
    unknown = _unknown(raw, people)
    sub = _with_white_total(raw)
    frames: list[tuple[str | None, pd.DataFrame]] = []
    if indicator == "3":
        rolling = sub.copy()
        rolling["entrants"] = rolling["entrants"] + rolling.get("entrants_prev", np.nan)
        rolling["headcount"] = 2 * rolling["headcount"]
        frames = [("rolling", rolling), ("single_year", sub)]
    else:
        frames = [(None, sub)]
    out = []
    for variant, s in frames:
        for grouping, part in s.groupby("grouping", sort=False):
            if indicator in WHITE_NUMERATOR:
                pair = _pair(part, events, people, "White", "BME" if grouping == "wres" else None)
            else:
                pair = _pair(part, events, people, "BME" if grouping == "wres" else None, "White")
            pair = pair.merge(unknown, on=GROUP_KEY, how="left")
            if variant is not None:
                pair["variant"] = variant
            out.append(pair)
    df = pd.concat(out, ignore_index=True)
    a, n1, c, n2 = (df[k].to_numpy(dtype=float) for k in ("a", "n1", "c", "n2"))
    # indicators counting leavers (3; 4 with include_leavers) may have more people with events than in post
    leavers = np.full(len(df), indicator == "3" or (indicator == "4" and config.indicator4.include_leavers))
    columns = ratio_statistics(a, n1, c, n2, df["completeness"].to_numpy(dtype=float), leavers, config)
    df = df.assign(**columns, estimate_type="ratio", ci_method="score-koopman-mn")
    df["headline"] = (df["grouping"] == "wres") & (df["breakdown"] == "overall") & (df["category"] == "all")
    if indicator in HEADLINE_VARIANT:
        df["headline"] &= df["variant"] == HEADLINE_VARIANT[indicator]
    if indicator == "3":
        df["headline"] &= df["variant"] == config.indicator3.form
    return _finish(df)


def gap_results(wide: pd.DataFrame, indicator: str, config: WresConfig) -> pd.DataFrame:
    """Indicators 5–8: adverse gap in points with Newcombe intervals and the §6.2 status."""
    raw = wide[wide["indicator"] == indicator]
    if raw.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    unknown = _unknown(raw, "respondents")
    if "reconstructed" in raw:
        recon = raw.groupby(GROUP_KEY, dropna=False)["reconstructed"].max().reset_index()
    else:
        recon = pd.DataFrame(raw[GROUP_KEY].drop_duplicates()).assign(reconstructed=0.0)
    sub = _with_white_total(raw)
    out = []
    white_first = indicator in GAP_WHITE_MINUS_BME
    for grouping, part in sub.groupby("grouping", sort=False):
        other = "BME" if grouping == "wres" else None
        if white_first:
            pair = _pair(part, "adverse", "respondents", "White", other)
        else:
            pair = _pair(part, "adverse", "respondents", other, "White")
        out.append(pair.merge(recon, on=GROUP_KEY, how="left").merge(unknown, on=GROUP_KEY, how="left"))
    df = pd.concat(out, ignore_index=True)
    a, n1, c, n2 = (df[k].to_numpy(dtype=float) for k in ("a", "n1", "c", "n2"))
    reconstructed = df["reconstructed"].fillna(0).to_numpy(dtype=float) > 0
    columns = gap_statistics(a, n1, c, n2, df["completeness"].to_numpy(dtype=float), reconstructed, config)
    df = df.assign(**columns, estimate_type="gap_points", ci_method="newcombe-hybrid-score")
    df["headline"] = (df["grouping"] == "wres") & (df["breakdown"] == "overall")
    return _finish(df)


def _with_fixed_strata(sub: pd.DataFrame) -> pd.DataFrame:
    """Indicator 1's fixed rows (wres-domain.md §5.0, §5.1): for each (org, year, variant, grouping) that has band,
    cluster or category rows, every band / cluster of each staff category's vocabulary and every staff category
    (:mod:`wres.indicators.representation`), each group with headcount 0 where nobody is in it (``no_people``)."""
    from wres.indicators.representation import CATEGORY_BANDS, CATEGORY_CLUSTERS, STAFF_CATEGORIES

    keys = ["org_code", "year", "indicator", "variant", "grouping"]
    vocabularies: dict[str, dict[str, tuple[str, ...]]] = {
        "band": CATEGORY_BANDS,
        "cluster": CATEGORY_CLUSTERS,
        "category": dict.fromkeys(STAFF_CATEGORIES, ("all",)),
    }
    frames = []
    for breakdown, vocabulary in vocabularies.items():
        have = sub.loc[sub["breakdown"] == breakdown, keys].drop_duplicates()
        if have.empty:
            continue
        rows = [(category, stratum) for category, strata in vocabulary.items() for stratum in strata]
        wanted = pd.DataFrame(rows, columns=["category", "stratum"]).assign(breakdown=breakdown)
        frames.append(have.merge(wanted, how="cross"))
    if not frames:
        return sub
    groups = pd.DataFrame(
        [(g, name) for g, names in GROUPS_OF.items() for name in names], columns=["grouping", "group"]
    )
    full = pd.concat(frames, ignore_index=True).merge(groups, on="grouping")
    present = sub[COUNT_KEY].drop_duplicates().assign(_present=True)
    added = full.merge(present, on=COUNT_KEY, how="left")
    added = added[added["_present"].isna()].drop(columns="_present").assign(headcount=0.0)
    if added.empty:
        return sub
    return pd.concat([sub, added[[*COUNT_KEY, "headcount"]]], ignore_index=True)


def representation_results(wide: pd.DataFrame, config: WresConfig) -> pd.DataFrame:
    """Indicator 1: each group's share of each stratum against its overall share (§5.1, §6.3)."""
    sub = wide[wide["indicator"] == "1"].copy()
    if sub.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    sub = _with_fixed_strata(sub)
    sub["headcount"] = sub["headcount"].fillna(0)
    # stratum totals and Unknown counts per group key, by integer key id (much faster than merges)
    gid = sub.groupby(GROUP_KEY, sort=False, dropna=False).ngroup().to_numpy()
    heads = sub["headcount"].to_numpy(dtype=float)
    sub["n1"] = np.bincount(gid, weights=heads)[gid]
    sub["unknown"] = np.bincount(gid, weights=np.where(sub["group"].to_numpy() == "Unknown", heads, 0.0))[gid]
    df = sub.rename(columns={"group": "group_a", "headcount": "a"})
    overall = df[df["breakdown"] == "overall"][["org_code", "year", "grouping", "group_a", "a", "n1"]]
    overall = overall.rename(columns={"a": "c", "n1": "n2"})
    df = df.merge(overall, on=["org_code", "year", "grouping", "group_a"], how="left")
    df["group_b"] = "Overall workforce"
    a, n1, c, n2 = (df[k].to_numpy(dtype=float) for k in ("a", "n1", "c", "n2"))
    completeness = completeness_of(df["unknown"].to_numpy(dtype=float), n1)
    descriptive = (df["breakdown"] == "overall").to_numpy() | (df["group_a"] == "Unknown").to_numpy()
    columns = share_statistics(a, n1, c, n2, completeness, descriptive, config)
    df = df.assign(**columns, estimate_type="share", ci_method="wilson")
    df["headline"] = (df["grouping"] == "wres") & (df["breakdown"] == "overall") & (df["group_a"] == "BME")
    return _finish(df)


def _derived_memberships(sub: pd.DataFrame) -> list[pd.DataFrame]:
    """Indicator 9's non-voting and non-executive members, per group: the whole board's count minus the voting (or
    executive) members' (:data:`wres.indicators.board.DERIVED`), where both are given and none is given already."""
    key = [c for c in COUNT_KEY if c != "variant"]
    out = []
    for variant, (whole, part) in BOARD_DERIVED.items():
        if (sub["variant"] == variant).any():
            continue
        both = sub[sub["variant"] == whole].merge(
            sub.loc[sub["variant"] == part, [*key, "members"]], on=key, suffixes=("", "_part")
        )
        if both.empty:
            continue
        both["members"] = both["members"] - both.pop("members_part")
        out.append(both.assign(variant=variant))
    return out


def board_results(wide: pd.DataFrame, config: WresConfig) -> pd.DataFrame:
    """Indicator 9: board share − workforce share in points, all-people and known-only variants (§5.9)."""
    sub = wide[wide["indicator"] == "9"].copy()
    if sub.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    sub[["members", "workforce"]] = sub[["members", "workforce"]].fillna(0)
    sub = pd.concat([sub, *_derived_memberships(sub)], ignore_index=True)
    frames = []
    for known_only in (False, True):
        s = sub[sub["group"] != "Unknown"] if known_only else sub
        totals = s.groupby(GROUP_KEY, dropna=False, as_index=False)[["members", "workforce"]].sum()
        totals = totals.rename(columns={"members": "n1", "workforce": "n2"})
        df = s.merge(totals, on=GROUP_KEY).rename(columns={"group": "group_a", "members": "a", "workforce": "c"})
        if known_only:
            df["variant"] = df["variant"] + "_known_only"
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    df["group_b"] = "Overall workforce"
    a, n1, c, n2 = (df[k].to_numpy(dtype=float) for k in ("a", "n1", "c", "n2"))
    df = df.assign(**difference_statistics(a, n1, c, n2, config), estimate_type="difference_points")
    df["headline"] = df["variant"].isin(["voting", "executive"]) & (df["group_a"] == "BME") & (df["grouping"] == "wres")
    return _finish(df)


def results_from_counts(counts: pd.DataFrame, config: WresConfig) -> pd.DataFrame:
    """All result rows for a long counts table (both input paths end here)."""
    wide = wide_counts(counts)
    if wide.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    parts = [representation_results(wide, config)]
    parts += [ratio_results(wide, ind, config) for ind in ("2", "3", "4")]
    parts += [gap_results(wide, ind, config) for ind in ("5", "6", "7", "8")]
    parts.append(board_results(wide, config))
    parts += [ratio_results(wide, ind, config) for ind in LEADING_INDICATORS]  # empty unless leading counts given
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    return pd.concat(parts, ignore_index=True)
