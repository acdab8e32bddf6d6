"""Realism of recruitment, disciplinary, training, survey and board data (indicators 2–9)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tests.synth.helpers import bme_share, in_scope, last_snapshot, wres_group

from wres.synth import SynthData


def activity_year(dates: pd.Series) -> pd.Series:
    """WRES year of the activity year containing each date (1 April Y-1 to 31 March Y)."""
    return dates.dt.year + (dates.dt.month >= 4).astype(int)


def headcount(data: SynthData) -> pd.DataFrame:
    """Non-bank headcount per WRES year and group."""
    staff = in_scope(data.staff)
    return (
        staff.assign(year=staff["snapshot_date"].dt.year, g=wres_group(staff["ethnic_category"]))
        .groupby(["year", "g"])
        .size()
        .unstack()
    )


def people_with_events(events: pd.DataFrame, date_col: str, data: SynthData) -> pd.DataFrame:
    """Distinct people with at least one event per activity year and group (group from the staff record)."""
    eth = data.staff.drop_duplicates("person_id").set_index("person_id")["ethnic_category"]
    e = events.assign(year=activity_year(events[date_col]), g=wres_group(events["person_id"].map(eth)))
    return e.drop_duplicates(["year", "person_id"]).groupby(["year", "g"]).size().unstack()


def test_appointment_ratio(national: SynthData) -> None:
    rec = national.recruitment
    short = rec[rec["shortlisted"]].assign(g=wres_group(rec["ethnic_category"]))
    rate = short.groupby("g")["appointed"].mean()
    assert 1.3 <= rate["White"] / rate["BME"] <= 1.8
    per_year = short.groupby([activity_year(short["shortlisting_date"]), "g"])["appointed"].mean().unstack()
    assert ((per_year["White"] / per_year["BME"]).between(1.25, 1.9)).all()
    assert 0.15 < short["appointed"].mean() < 0.40


def test_recruitment_shape(national: SynthData) -> None:
    rec = national.recruitment
    assert not (rec["appointed"] & ~rec["shortlisted"]).any()
    assert rec["shortlisting_date"].notna().eq(rec["shortlisted"]).all()
    short = rec[rec["shortlisted"]]
    assert (short["application_date"] <= short["shortlisting_date"]).all()
    n_short, n_not = int(rec["shortlisted"].sum()), int((~rec["shortlisted"]).sum())
    assert 0.5 < n_not / n_short < 1.5  # about as many not shortlisted as shortlisted
    assert (rec.groupby("vacancy_id")["appointed"].sum() == 1).all()
    unknown = wres_group(rec["ethnic_category"]) == "Unknown"
    assert 0.01 < unknown.mean() < 0.08
    assert rec["internal"].any()
    assert rec["applicant_id"].nunique() < len(rec)  # some applicants apply more than once
    first, last = national.config.first_year, national.config.last_year
    assert set(activity_year(rec["shortlisting_date"].dropna())) == set(range(first, last + 1))


def test_international_applicants(national: SynthData) -> None:
    rec = national.recruitment
    intl = rec[rec["international"].astype(bool)]
    assert (wres_group(intl["ethnic_category"]) == "BME").mean() > 0.8
    short = rec[rec["shortlisted"]]
    is_intl = short["international"].astype(bool)
    assert short.loc[is_intl, "appointed"].mean() > short.loc[~is_intl, "appointed"].mean()


def test_hires_are_appointments(national: SynthData) -> None:
    """External appointments in activity year Y = people first in post at 31 March Y."""
    staff, rec = national.staff, national.recruitment
    first_seen = staff.groupby("person_id")["snapshot_date"].min().dt.year
    new_people = first_seen[first_seen > national.config.first_year].value_counts().sort_index()
    external = rec[rec["appointed"] & ~rec["internal"].astype(bool)]
    appointments = activity_year(external["shortlisting_date"]).value_counts().sort_index()
    assert (appointments.loc[new_people.index] == new_people).all()


def test_disciplinary_ratio_and_rate(national: SynthData) -> None:
    entrants = people_with_events(national.disciplinary, "investigation_start", national)
    heads = headcount(national)
    rate = entrants / heads.loc[entrants.index]
    overall = entrants.sum(axis=1) / heads.loc[entrants.index].sum(axis=1)
    assert overall.between(0.008, 0.018).all()
    pooled = (entrants["BME"].sum() / heads["BME"].sum()) / (entrants["White"].sum() / heads["White"].sum())
    assert 1.05 <= pooled <= 1.40
    assert (rate["BME"] / rate["White"]).between(0.85, 1.7).all()


def test_disciplinary_includes_people_who_left(national: SynthData) -> None:
    staff, dis = national.staff, national.disciplinary
    present = set(zip(staff["person_id"], staff["snapshot_date"].dt.year, strict=True))
    year = activity_year(dis["investigation_start"])
    gone = [(p, y) not in present for p, y in zip(dis["person_id"], year, strict=True)]
    assert 0 < np.mean(gone) < 0.5
    assert set(dis["outcome"].dropna()) >= {"No case to answer", "Dismissal"}


def test_training_ratio_and_rates(national: SynthData) -> None:
    training = national.training
    cpd = training[~training["mandatory"]]
    people = people_with_events(cpd, "start_date", national)
    heads = headcount(national).loc[people.index]
    overall = people[["White", "BME", "Unknown"]].sum(axis=1) / heads.sum(axis=1)
    assert overall.between(0.34, 0.46).all()
    rate = people / heads
    pooled = (people["White"].sum() / heads["White"].sum()) / (people["BME"].sum() / heads["BME"].sum())
    assert 0.9 <= pooled <= 1.1
    assert (rate["White"] / rate["BME"]).between(0.85, 1.15).all()
    mandatory = people_with_events(training[training["mandatory"]], "start_date", national)
    assert (mandatory.sum(axis=1) / heads.sum(axis=1) > 0.7).all()


def survey_rates(data: SynthData) -> pd.DataFrame:
    """Indicator 5–8 percentages per WRES group from the microdata (pooled over years)."""
    resp = data.survey_respondents.assign(g=wres_group(data.survey_respondents["ethnic_category"]))
    wide = data.survey_answers.pivot_table(
        index=["org_code", "survey_year", "respondent_id"], columns="item", values="response", aggfunc="first"
    ).reset_index()
    wide = wide.merge(resp[["org_code", "survey_year", "respondent_id", "g"]])
    adverse = {i: wide[i].notna() & (wide[i] != "Never") for i in ("Q14a", "Q14b", "Q14c")}
    out = {
        5: (adverse["Q14a"], wide["Q14a"].notna()),
        6: (adverse["Q14b"] | adverse["Q14c"], wide["Q14b"].notna() | wide["Q14c"].notna()),
        7: (wide["Q15"] == "Yes", wide["Q15"].notna()),
        8: (wide["Q16b"] == "Yes", wide["Q16b"].notna()),
    }
    rows = {}
    for ind, (yes, base) in out.items():
        frame = pd.DataFrame({"yes": yes, "base": base, "g": wide["g"]})
        sums = frame.groupby("g")[["yes", "base"]].sum()
        rows[ind] = 100 * sums["yes"] / sums["base"]
    return pd.DataFrame(rows).T


def test_survey_rates_and_gaps(national: SynthData) -> None:
    rates = survey_rates(national)
    cfg = national.config
    for ind, (white, bme) in zip(
        (5, 6, 7, 8), (cfg.survey_ind5, cfg.survey_ind6, cfg.survey_ind7, cfg.survey_ind8), strict=True
    ):
        assert rates.loc[ind, "White"] == pytest.approx(100 * white, abs=3.0)
        assert rates.loc[ind, "BME"] == pytest.approx(100 * bme, abs=4.0)
    assert rates.loc[6, "BME"] > rates.loc[6, "White"]
    assert rates.loc[7, "White"] - rates.loc[7, "BME"] > 5
    assert rates.loc[8, "BME"] - rates.loc[8, "White"] > 5


def test_survey_response_and_shape(national: SynthData) -> None:
    resp, ans = national.survey_respondents, national.survey_answers
    staff = in_scope(national.staff)
    heads = staff.groupby(staff["snapshot_date"].dt.year - 1).size()  # survey year = WRES year - 1
    responses = resp.groupby("survey_year").size()
    assert (responses / heads.loc[responses.index]).between(0.38, 0.52).all()
    assert set(resp["survey_year"]) == {y - 1 for y in national.config.years}
    per_respondent = ans.groupby(["survey_year", "respondent_id"]).size()
    assert per_respondent.max() == 5
    assert per_respondent.mean() < 5  # some items unanswered
    assert set(ans["item"]) == {"Q14a", "Q14b", "Q14c", "Q15", "Q16b"}
    assert set(ans.loc[ans["item"] == "Q15", "response"]) == {"Yes", "No", "Don't know"}
    assert not set(resp["respondent_id"]) & set(staff["person_id"])


def test_survey_summaries_match_microdata(single: SynthData) -> None:
    rates = survey_rates(single)
    summaries = single.survey_summaries
    base = summaries.groupby(["indicator", "group"])["base"].sum()
    yes = (summaries["pct"] * summaries["base"] / 100).groupby([summaries["indicator"], summaries["group"]]).sum()
    pooled = (100 * yes / base).unstack()
    for ind in (5, 6, 7, 8):
        for g in ("White", "BME"):
            assert pooled.loc[ind, g] == pytest.approx(rates.loc[ind, g], abs=1e-6)


def test_board(national: SynthData) -> None:
    board = national.board
    per = board.groupby(["org_code", "snapshot_date"])
    voting = per["voting"].sum()
    assert voting.mean() == pytest.approx(national.config.board_size, abs=1.5)
    executives = board[board["executive"] & board["voting"]].groupby(["org_code", "snapshot_date"]).size()
    assert executives.between(4, 8).all()
    assert executives.mean() == pytest.approx(6, abs=1)
    non_voting = per["voting"].apply(lambda v: int((~v).sum()))
    assert non_voting.between(1, 3).all()
    assert (board.loc[board["role"] == "Chief Executive", "executive"]).all()
    board_share = float((wres_group(board["ethnic_category"]) == "BME").mean())
    assert board_share < bme_share(last_snapshot(national)) - 0.05
    assert 0.08 <= board_share <= 0.24
    # Members keep their id (and ethnicity) from year to year.
    assert (board.groupby("member_id")["ethnic_category"].nunique() == 1).all()
    assert board.groupby("member_id")["snapshot_date"].nunique().max() == len(national.config.years)
