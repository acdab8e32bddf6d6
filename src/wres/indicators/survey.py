"""Indicators 5–8: the NHS Staff Survey indicators (wres-domain.md §5.5–5.8).

From microdata: for group g, ``pct_g`` = respondents giving an adverse / "yes" answer ÷ respondents giving a
valid answer. Items and answers come from the survey-year question map (configuration). Indicator 6 is
adverse on the manager **or** colleague item, with a base of respondents answering either. Respondents who did
not state their ethnicity are excluded from the rates (kept as Unknown for completeness). The survey used for
WRES year Y is fieldwork year Y−1. Microdata are unweighted (§10 #9).

From published summaries (organisation-years without microdata): counts are reconstructed as
``round(pct × base / 100)``, half-up on the published decimal figure, and flagged ``reconstructed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from wres.config import SurveyItem, WresConfig
from wres.indicators.breakdowns import survey_stratum
from wres.indicators.calendar import survey_year_for
from wres.indicators.fine import breakdown_name, finish
from wres.indicators.plan import FamilyPlan, Query, org_years, query_name
from wres.indicators.source import Source
from wres.store.derived import SURVEY_RESPONSES, item_column
from wres.vocab.ethnicity import GROUP5, GROUP9

SURVEY_INDICATORS = ("5", "6", "7", "8")


def is_dont_know(label: str) -> bool:
    """Whether a response label is "Don't know", however the question map spells it (a typographic apostrophe,
    capitals, spaces): indicator 7 may leave it out of the base (wres-domain.md §10 #9)."""
    return " ".join(label.replace("\u2019", "'").replace("\u2018", "'").casefold().split()) == "don't know"


def _items_for(config: WresConfig, survey_year: int) -> dict[str, SurveyItem] | None:
    qmap = config.survey.question_map
    entry = qmap.get(survey_year)
    if entry is None:
        return None
    items = dict(entry)
    i7 = items.get("i7")
    if i7 is not None and not config.survey.i7_dont_know_in_base:
        items["i7"] = SurveyItem(i7.items, i7.adverse, tuple(v for v in i7.valid if not is_dont_know(v)))
    return items


def _specs_by_years(config: WresConfig, survey_years: Sequence[int], ind: str) -> dict[SurveyItem, list[int]]:
    """Indicator ``ind``'s question spec of each survey year that has one, the years with the same spec together."""
    by_spec: dict[SurveyItem, list[int]] = {}
    for sy in survey_years:
        items = _items_for(config, sy)
        if items is not None:
            by_spec.setdefault(items[f"i{ind}"], []).append(sy)
    return by_spec


def _conditions(
    answers: ir.Table, config: WresConfig, survey_years: Sequence[int], ind: str
) -> tuple[ir.BooleanValue, ir.BooleanValue]:
    """(valid, adverse) conditions on one answer row for indicator ``ind``, years with the same spec merged."""
    by_spec = _specs_by_years(config, survey_years, ind)
    valid: ir.BooleanValue = ibis.literal(False)
    adverse: ir.BooleanValue = ibis.literal(False)
    for spec, yrs in by_spec.items():
        here = answers.survey_year.isin(yrs) & answers.item.isin(list(spec.items))
        valid = valid | (here & answers.response.isin(list(dict.fromkeys((*spec.valid, *spec.adverse)))))
        adverse = adverse | (here & answers.response.isin(list(spec.adverse)))
    return valid, adverse


def plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan | None:
    """One query, ``survey_microdata[by=...]``, assembled into indicators 5–8; None for a breakdown that does not
    apply or when no year has a question map."""
    microdata = microdata_query(src, years, by, config)
    if microdata is None:
        return None

    def assemble_plan(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        return assemble(frames[microdata.name], by)

    return FamilyPlan("survey", SURVEY_INDICATORS, (microdata,), assemble_plan)


def _item_conditions(
    responses: ir.Table, config: WresConfig, survey_years: Sequence[int], ind: str
) -> tuple[ir.BooleanValue, ir.BooleanValue]:
    """:func:`_conditions` on one row of ``derived_survey_responses`` (a respondent with a column per item,
    :mod:`wres.store.derived`): any of the indicator's items valid, any adverse. An item with no column was answered
    by no one."""
    by_spec = _specs_by_years(config, survey_years, ind)
    valid: ir.BooleanValue = ibis.literal(False)
    adverse: ir.BooleanValue = ibis.literal(False)
    for spec, yrs in by_spec.items():
        here = responses.survey_year.isin(yrs)
        accepted = list(dict.fromkeys((*spec.valid, *spec.adverse)))
        for item in dict.fromkeys(spec.items):
            column = item_column(item)
            if column not in responses.columns:
                continue
            response = responses[column]
            valid = valid | (here & response.isin(accepted))
            adverse = adverse | (here & response.isin(list(spec.adverse)))
    return valid, adverse


def _from_derived(responses: ir.Table, years: Sequence[int], by: str | None, config: WresConfig) -> ir.Table | None:
    """The ``survey_microdata`` counts from ``derived_survey_responses``: one row per respondent who answered any
    item, so a plain group-by (the same counts as the join of answers and respondents)."""
    stratum = survey_stratum(responses, by, config)
    survey_years = [sy for y in years if _items_for(config, sy := survey_year_for(y)) is not None]
    if stratum is None or not survey_years:
        return None
    resp = responses.filter(responses.survey_year.isin(survey_years))
    answer: dict[str, ir.IntegerValue] = {}
    for ind in SURVEY_INDICATORS:
        valid, adverse = _item_conditions(resp, config, survey_years, ind)
        answer[ind] = ibis.cases((adverse, 2), (valid, 1), else_=0).cast("int8")
    resp = resp.mutate(stratum=stratum, **{f"answer{ind}": a for ind, a in answer.items()})
    measures: dict[str, ir.Value] = {}
    for ind in SURVEY_INDICATORS:
        measures[f"respondents{ind}"] = (resp[f"answer{ind}"] >= 1).cast("int64").sum()
        measures[f"adverse{ind}"] = (resp[f"answer{ind}"] == 2).cast("int64").sum()
    return resp.group_by(["org_code", "survey_year", "stratum", "ethnic_category"]).aggregate(**measures)


def microdata_query(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> Query | None:
    """``survey_microdata[by=...]``: respondents with a valid and with an adverse answer per indicator, per (org,
    survey year, stratum, ethnic category); None as for :func:`plan`. From the store's
    ``derived_survey_responses`` where the source has it, else from the canonical answers and respondents."""
    derived = src.derived.get(SURVEY_RESPONSES)
    if derived is not None:
        counts = _from_derived(derived, years, by, config)
        return None if counts is None else Query(query_name("survey_microdata", by), counts)
    respondents = src.table("survey_respondents")
    answers = src.table("survey_answers")
    stratum = survey_stratum(respondents, by, config)
    if stratum is None:
        return None
    survey_years = [sy for y in years if _items_for(config, sy := survey_year_for(y)) is not None]
    if not survey_years:
        return None
    ans = answers.filter(answers.survey_year.isin(survey_years))
    # one aggregate per indicator: 2 for an adverse answer, 1 for another valid one (an adverse answer is valid), so
    # a respondent's maximum is 2 if any answer is adverse, at least 1 if any is valid (half the aggregates of a
    # valid and an adverse flag each)
    flags: dict[str, ir.Value] = {}
    for ind in SURVEY_INDICATORS:
        valid, adverse = _conditions(ans, config, survey_years, ind)
        flags[f"answer{ind}"] = ibis.cases((adverse, 2), (valid, 1), else_=0).cast("int8").max()
    per = ans.group_by(["org_code", "survey_year", "respondent_id"]).aggregate(**flags)
    resp = respondents.mutate(stratum=stratum)
    joined = resp.inner_join(
        per,
        [
            resp.org_code == per.org_code,
            resp.survey_year == per.survey_year,
            resp.respondent_id == per.respondent_id,
        ],
    )
    measures: dict[str, ir.Value] = {}
    for ind in SURVEY_INDICATORS:
        measures[f"respondents{ind}"] = (joined[f"answer{ind}"] >= 1).cast("int64").sum()
        measures[f"adverse{ind}"] = (joined[f"answer{ind}"] == 2).cast("int64").sum()
    agg = joined.group_by(["org_code", "survey_year", "stratum", "ethnic_category"]).aggregate(**measures)
    return Query(query_name("survey_microdata", by), agg)


def assemble(df: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Indicators 5–8 from per-group ``respondents<i>`` / ``adverse<i>`` columns by survey year."""
    df = df.copy()
    df["year"] = df["survey_year"].astype("int64") + 1
    name = breakdown_name(by)
    parts = []
    for ind in SURVEY_INDICATORS:
        frame = df.rename(columns={f"respondents{ind}": "respondents", f"adverse{ind}": "adverse"})
        parts.append(finish(frame, ind, "microdata", name))
    return pd.concat(parts, ignore_index=True)


def reconstructed_count(pct: float, base: int) -> int:
    """``round(pct × base / 100)``, half-up, on the percentage as published (wres-domain.md §5.5–5.8).

    The published figure is the shortest decimal that the stored float stands for (``repr``), so 9.2% of 375
    (34.5 exactly) gives 35, as a person or a spreadsheet rounds it; in binary floating point
    ``9.2 * 375 / 100`` falls just below 34.5.
    """
    exact = (Decimal(repr(float(pct))) * int(base)).scaleb(-2)
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


def published_plan(src: Source, years: Sequence[int], config: WresConfig) -> FamilyPlan:
    """Indicators 5–8 from published summaries (``survey_summaries``) for the organisation-years without
    microdata, which the overall ``survey_microdata`` query (shared with :func:`plan`) shows. Its ``assemble``
    returns grouped long counts (:data:`wres.indicators.counts.COUNT_COLUMNS`), not fine counts: a summary gives
    groups, not ethnic categories."""
    summaries = src.table("survey_summaries")
    survey_years = [survey_year_for(y) for y in years]
    published = Query(query_name("survey_summaries"), summaries.filter(summaries.survey_year.isin(survey_years)))
    microdata = microdata_query(src, years, None, config)
    queries = (published,) if microdata is None else (published, microdata)

    def assemble_plan(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        have = set() if microdata is None else org_years(frames[microdata.name], "survey_year", offset=1)
        return summary_counts(frames[published.name], have)

    return FamilyPlan("survey", SURVEY_INDICATORS, queries, assemble_plan)


WRES_GROUPS = ("White", "BME", "Unknown")
NINE_ONLY = tuple(g for g in GROUP9 if g not in GROUP5)
"""Published group names that exist only in the 9-group (White British, White Irish, White Other, Chinese)."""


def published_groupings(df: pd.DataFrame) -> np.ndarray:
    """The grouping of each published summary row: White, BME and Unknown are the WRES grouping; other names are
    the 9-group where the organisation-year-indicator's table has a 9-group-only name (so that its "Other" is the
    9-group's, without Chinese), else the 5-group (wres-domain.md §3.4)."""
    table = ["org_code", "survey_year", "indicator"]
    nine = df["group"].isin(NINE_ONLY).groupby([df[k] for k in table]).transform("any")
    disaggregated = np.where(nine.to_numpy(dtype=bool), "group9", "group5")
    return np.where(df["group"].isin(WRES_GROUPS).to_numpy(dtype=bool), "wres", disaggregated)


def _comparators(frame: pd.DataFrame) -> pd.DataFrame:
    """For each organisation-year-indicator with 5-group rows, its White and Unknown rows again in the 5-group, so
    each group is compared with White (a 9-group table's White is the sum of its White subgroups, made in
    :mod:`wres.indicators.results`)."""
    table = ["org_code", "year", "indicator"]
    five = frame.loc[frame["grouping"] == "group5", table].drop_duplicates()
    wres = frame[(frame["grouping"] == "wres") & frame["group"].isin(["White", "Unknown"])]
    return wres.merge(five, on=table).assign(grouping="group5")


def summary_counts(df: pd.DataFrame, have_microdata: set[tuple[str, int]]) -> pd.DataFrame:
    """Grouped long counts reconstructed from published summaries (an executed ``survey_summaries``), where
    microdata are absent: ``have_microdata`` holds the (org, WRES year) pairs with microdata. Disaggregated groups
    are each compared with White (:func:`published_groupings`)."""
    if df.empty:
        return df
    df["year"] = df["survey_year"].astype("int64") + 1
    keep = [(o, y) not in have_microdata for o, y in zip(df["org_code"], df["year"], strict=True)]
    df = df[np.array(keep, dtype=bool)]
    base = df["base"].astype("int64")
    adverse = [reconstructed_count(p, b) for p, b in zip(df["pct"], base, strict=True)]
    frame = pd.DataFrame(
        {
            "org_code": df["org_code"].astype(str),
            "year": df["year"].astype("int64"),
            "indicator": df["indicator"].astype("int64").astype(str),
            "variant": "published",
            "category": "all",
            "breakdown": "overall",
            "stratum": "all",
            "grouping": published_groupings(df),
            "group": df["group"].astype(str),
            "respondents": base.astype(float),
            "adverse": np.asarray(adverse, dtype=float),
            "reconstructed": 1.0,
        }
    )
    frame = pd.concat([frame, _comparators(frame)], ignore_index=True)
    keys = [c for c in frame.columns if c not in ("respondents", "adverse", "reconstructed")]
    return frame.melt(id_vars=keys, var_name="measure", value_name="value")
