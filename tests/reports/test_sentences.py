"""Plain-English sentences for result rows (wres-domain.md §6), with change and national clauses."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.analysis.returns import results_from, return_counts, row_of

from wres.analysis.change import LABELS, REASONS, year_on_year
from wres.analysis.national import national_reference, national_references
from wres.indicators import RESULT_COLUMNS
from wres.reports.sentences import (
    MINUS,
    board_sentence,
    change_clause,
    format_count,
    format_percent,
    format_points,
    format_ratio,
    gap_sentence,
    national_clause,
    not_computed_sentence,
    ratio_sentence,
    representation_sentence,
    sentence,
    sentences,
    suppressed_sentence,
)
from wres.stats import REASON_CODES

DOMAIN = Path(__file__).resolve().parents[2] / "docs" / "spec" / "wres-domain.md"
BAD = re.compile(r"\bnan\b|\binf\b|infinity|\bNone\b|\bNaN\b|<NA>", re.IGNORECASE)

I2_NOW = {"White": (1500, 375), "BME": (1000, 160)}
I2_BEFORE = {"White": (1450, 330), "BME": (900, 120)}


def _template() -> str:
    """The §6.1 sentence template, read from the domain document."""
    text = DOMAIN.read_text(encoding="utf-8")
    m = re.search(r'Sentence template: "(.+?)"', text, flags=re.DOTALL)
    assert m
    return " ".join(m[1].split())


@pytest.fixture(scope="module")
def worked() -> pd.DataFrame:
    """The synthetic worked examples of wres-domain.md §5 as return counts, for WRES years 2024 and 2025."""
    now = return_counts(
        2025,
        i1={"White": (5600,), "BME": (2240,), "Unknown": (160,)},
        i1_strata={("cluster", "8c-VSM"): {"White": (52,), "BME": (6,), "Unknown": (2,)}},
        i2=I2_NOW,
        i3={"White": (22, 20, 3000), "BME": (10, 6, 800)},
        i4={"White": (1200, 3000), "BME": (250, 800)},
        survey={
            "5": {"White": (2000, 536), "BME": (400, 120)},
            "6": {"White": (2000, 440), "BME": (400, 108)},
            "7": {"White": (2000, 1188), "BME": (400, 195)},
            "8": {"White": (2000, 120), "BME": (400, 52)},
        },
        i9={
            "voting": {"White": (11, 5600), "BME": (3, 2240), "Unknown": (0, 160)},
            "executive": {"White": (5, 5600), "BME": (1, 2240), "Unknown": (0, 160)},
        },
    )
    before = return_counts(
        2024,
        i1={"White": (5700,), "BME": (2000,), "Unknown": (150,)},
        i1_strata={("cluster", "8c-VSM"): {"White": (55,), "BME": (3,), "Unknown": (2,)}},
        i2=I2_BEFORE,
        i3={"White": (20, 25, 2950), "BME": (6, 9, 780)},
        i4={"White": (1000, 3000), "BME": (300, 800)},
        survey={
            "5": {"White": (2000, 536), "BME": (400, 160)},
            "6": {"White": (2000, 440), "BME": (400, 100)},
            "7": {"White": (2000, 1200), "BME": (400, 200)},
            "8": {"White": (2000, 120), "BME": (400, 50)},
        },
        i9={
            "voting": {"White": (12, 5700), "BME": (2, 2000), "Unknown": (0, 150)},
            "executive": {"White": (5, 5700), "BME": (1, 2000), "Unknown": (0, 150)},
        },
    )
    return results_from(now, before)


@pytest.fixture(scope="module")
def changes(worked: pd.DataFrame) -> pd.DataFrame:
    return year_on_year(worked, 2025)


def _pair(worked: pd.DataFrame, changes: pd.DataFrame, indicator: str, **match: Any) -> tuple[pd.Series, pd.Series]:
    return row_of(worked, 2025, indicator, **match), row_of(changes, 2025, indicator, **match)


# ----------------------------------------------------------------------------------------------------
# Formatting


def test_number_formats() -> None:
    assert format_ratio(1.5625) == "1.56"
    assert format_ratio(-0.5) == f"{MINUS}0.50"
    assert format_percent(0.265101) == "26.5%"
    assert format_percent(-0.0001) == "0.0%"
    assert format_points(-6.62) == f"{MINUS}6.6 percentage points"
    assert format_points(-0.04, "") == "0.0"
    assert format_count(1192) == "1,192"
    assert format_count(12.5) == "12.5"


# ----------------------------------------------------------------------------------------------------
# Indicators 2, 3, 4


def test_indicator2_follows_the_domain_template(worked: pd.DataFrame) -> None:
    row = row_of(worked, 2025, "2")
    assert ratio_sentence(row) == _template()
    assert sentence(row) == _template()


def test_indicator2_with_last_year(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    row, change = _pair(worked, changes, "2")
    text = sentence(row, change)
    assert text == _template()[:-1] + "; last year 1.71; the change is not statistically significant."


def test_strong_evidence_is_optional(worked: pd.DataFrame) -> None:
    row = row_of(worked, 2025, "2")
    text = sentence(row, strong=True)
    assert "(strong evidence: the 99.8% CI 1.20 to 2.04 also excludes 1)" in text


def test_indicator3_rolling_and_single_year(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    rolling = sentence(row_of(worked, 2025, "3", variant="rolling"))
    assert rolling == (
        "BME staff were 1.43 times as likely (95% CI 0.81 to 2.51) as White staff to enter the formal disciplinary "
        "process (two-year rolling average); this is outside the non-adverse range of 0.80 to 1.25, but the numbers "
        "are too small to be sure."
    )
    single = sentence(row_of(worked, 2025, "3", variant="single_year"))
    assert single.startswith("BME staff were 1.70 times as likely (95% CI 0.82 to 3.52) as White staff")
    assert "(single year)" in single
    # the rolling change needs the window two years back, which these data lack
    change = row_of(changes, 2025, "3", variant="rolling")
    assert "there is no figure for 2023 to compare with" in sentence(row_of(worked, 2025, "3"), change)


def test_indicator4_and_a_significant_change(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    row, change = _pair(worked, changes, "4")
    text = sentence(row, change)
    assert text.startswith(
        "White staff were 1.28 times as likely (95% CI 1.15 to 1.43) as BME staff to access non-mandatory training "
        "and CPD; this is outside the non-adverse range of 0.80 to 1.25 and statistically significant; last year 0.89; "
    )
    assert change["label"] == "crossed parity"
    assert (
        "the ratio has crossed parity (equal likelihood), a statistically significant change (ratio of ratios" in text
    )


def test_ratio_of_zero_and_below_range() -> None:
    res = results_from(return_counts(2025, i2={"White": (150, 0), "BME": (2400, 12)}))
    text = sentence(row_of(res, 2025, "2"))
    assert text == (
        "No White applicants were appointed from shortlisting (0 of 150), against 0.5% of BME applicants: a ratio "
        "of 0.00 (95% CI 0.00 to 5.03); this is below the non-adverse range of 0.80 to 1.25, but the numbers are "
        "too small to be sure."
    )


def test_within_range_with_a_significant_interval_gets_a_note() -> None:
    res = results_from(return_counts(2025, i4={"White": (12000, 30000), "BME": (9000, 25000)}))
    row = row_of(res, 2025, "4")
    assert row["status"] == "within_range"
    assert row["ci95_low"] > 1
    text = sentence(row)
    assert "within the non-adverse range of 0.80 to 1.25, although the difference from equal likelihood" in text


def test_breakdown_prefixes() -> None:
    row = {
        "indicator": "2",
        "year": 2025,
        "variant": "excluding_international",
        "category": "all",
        "breakdown": "band",
        "stratum": "8a",
        "grouping": "wres",
        "group_a": "White",
        "group_b": "BME",
        "estimate": 1.1,
        "ci95_low": 0.7,
        "ci95_high": 1.6,
        "status": "within_range",
    }
    text = sentence(row)
    assert text.startswith("For posts in Band 8a, White applicants were 1.10 times as likely")
    assert "(excluding internationally recruited applicants)" in text
    three = {**row, "indicator": "3", "variant": "single_year", "group_a": "Asian", "group_b": "White"}
    three |= {"category": "clinical", "stratum": "VSM"}
    assert sentence(three).startswith("Among clinical staff in the VSM grade, Asian staff were 1.10 times as likely")


@pytest.mark.parametrize(
    ("indicator", "reason", "counts", "expected"),
    [
        ("2", "comparator_rate_zero", (6, 150, 0, 2400), "no BME applicants were appointed from shortlisting"),
        ("2", "no_people", (6, 150, 0, 0), "there were no shortlisted BME applicants"),
        ("2", "no_events", (0, 150, 0, 2400), "neither White nor BME applicants were appointed from shortlisting"),
        ("3", "missing_input", (None, None, None, None), "the previous year's disciplinary data"),
        ("4", "invalid_input", (900, 800, 10, 100), "the data contain an inconsistency"),
        ("4", "no_people", (0, 0, 10, 100), "there were no White staff in post at 31 March"),
    ],
)
def test_ratio_not_computed(indicator: str, reason: str, counts: tuple[Any, ...], expected: str) -> None:
    a, n1, c, n2 = counts
    groups = ("BME", "White") if indicator == "3" else ("White", "BME")
    row = {
        "indicator": indicator,
        "year": 2025,
        "variant": "rolling" if indicator == "3" else "all",
        "group_a": groups[0],
        "group_b": groups[1],
        "a": a,
        "n1": n1,
        "c": c,
        "n2": n2,
        "rate_a": a / n1 if a is not None and n1 else None,
        "estimate": float("nan"),
        "ci95_low": float("nan"),
        "status": "not_computed",
        "reason": reason,
    }
    text = sentence(row)
    assert text == not_computed_sentence(row)
    assert "could not be calculated: " in text
    assert expected in text
    assert not BAD.search(text)
    if reason == "comparator_rate_zero":
        assert "(against 4.0% of White applicants)" in text


# ----------------------------------------------------------------------------------------------------
# Indicators 5–8


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (
            "5",
            "30.0% of BME staff (120 of 400) and 26.8% of White staff (536 of 2,000) experienced harassment, bullying "
            "or abuse from patients, relatives or the public in the last 12 months: a gap of 3.2 percentage points to "
            f"the disadvantage of BME staff (95% CI {MINUS}1.5 to 8.2); the difference is not statistically "
            "significant",
        ),
        (
            "6",
            "27.0% of BME staff (108 of 400) and 22.0% of White staff (440 of 2,000) experienced harassment, bullying "
            "or abuse from staff in the last 12 months: a gap of 5.0 percentage points to the disadvantage of BME "
            "staff (95% CI 0.5 to 9.9); this difference is statistically significant",
        ),
        (
            "7",
            "48.8% of BME staff (195 of 400) and 59.4% of White staff (1,188 of 2,000) believed the organisation "
            "provides equal opportunities for career progression or promotion: a gap of 10.6 percentage points to the "
            "disadvantage of BME staff (95% CI 5.3 to 16.0); this difference is statistically significant",
        ),
        (
            "8",
            "13.0% of BME staff (52 of 400) and 6.0% of White staff (120 of 2,000) personally experienced "
            "discrimination at work from a manager, team leader or other colleagues in the last 12 months: a gap of "
            "7.0 percentage points to the disadvantage of BME staff (95% CI 3.8 to 10.8); this difference is "
            "statistically significant",
        ),
    ],
)
def test_survey_gaps_in_points(worked: pd.DataFrame, indicator: str, expected: str) -> None:
    row = row_of(worked, 2025, indicator, variant="microdata")
    assert gap_sentence(row) == expected + "."


def test_survey_change_clauses(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    row, change = _pair(worked, changes, "5", variant="microdata")
    assert change["label"] == "getting better"
    text = sentence(row, change)
    assert "; last year 13.2 points; a statistically significant improvement (change " in text
    row7, change7 = _pair(worked, changes, "7", variant="microdata")
    assert "last year 10.0 points; the change is not statistically significant" in sentence(row7, change7)


def test_survey_series_break_clause(worked: pd.DataFrame) -> None:
    moved = worked.assign(year=worked["year"] - 3)  # 2022 vs 2021: across the 2021 survey redesign
    change = row_of(year_on_year(moved, 2022), 2022, "7", variant="microdata")
    text = sentence(row_of(moved, 2022, "7", variant="microdata"), change)
    assert text.endswith("no change is reported across the 2021 staff survey redesign (a break in the series).")


def test_gap_in_favour_of_bme_staff() -> None:
    res = results_from(return_counts(2025, survey={"6": {"White": (2000, 600), "BME": (400, 60)}}))
    text = sentence(row_of(res, 2025, "6", variant="microdata"))
    assert f"a gap of 15.0 percentage points in favour of BME staff (adverse gap {MINUS}15.0, 95% CI" in text
    assert text.endswith("this difference is statistically significant.")


# ----------------------------------------------------------------------------------------------------
# Indicator 1


def test_indicator1_overall_with_national_figure(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    row, change = _pair(worked, changes, "1", group_a="BME")
    ref = national_reference(1, 2024)
    assert ref is not None
    text = sentence(row, change, ref)
    assert text.startswith("BME staff made up 28.0% of the workforce (2,240 of 8,000 staff); last year 25.5%; ")
    assert "a statistically significant increase (change +2.5 points, 95% CI " in text
    assert text.endswith(f"nationally in 2024, 28.6% of NHS trust staff were BME (source: {ref.source_url}).")


def test_indicator1_senior_cluster(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    row, change = _pair(worked, changes, "1", breakdown="cluster", stratum="8c-VSM", group_a="BME")
    text = representation_sentence(row, change)
    assert text.startswith(
        "In Bands 8c–VSM, BME staff made up 10.0% of staff (95% CI 4.7% to 20.1%; 6 of 60 staff), against 28.0% "
        "across the whole workforce; BME staff are under-represented here, and the difference is statistically "
        "significant; last year 5.0%; the change is not statistically significant."
    )


def test_indicator1_no_staff_in_band() -> None:
    row = {"indicator": "1", "year": 2025, "group_a": "BME", "breakdown": "band", "stratum": "9", "n1": 0}
    row |= {"status": "not_computed", "reason": "no_people", "category": "non_clinical"}
    assert sentence(row) == (
        "The share of BME staff among non-clinical staff in Band 9 could not be calculated: there were no staff in "
        "this group."
    )


# ----------------------------------------------------------------------------------------------------
# Indicator 9


def test_indicator9_voting_and_executive(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    row, change = _pair(worked, changes, "9", variant="voting", group_a="BME")
    text = board_sentence(row, change)
    assert text == (
        "21.4% of voting board members were BME (3 of 14), against 28.0% of the workforce: 6.6 percentage points "
        "below the workforce share; last year "
        f"{MINUS}11.2 points; an improvement of 4.6 points (the board is a whole population, so no test applies)."
    )
    row, change = _pair(worked, changes, "9", variant="executive", group_a="BME")
    text = sentence(row, change)
    assert text.startswith("16.7% of executive board members were BME (1 of 6), against 28.0% of the workforce: 11.3 ")
    assert "last year −8.8 points; a worsening of 2.5 points" in text
    known = row_of(worked, 2025, "9", variant="voting_known_only", group_a="BME")
    assert "voting board members of known ethnicity" in sentence(known)


def test_indicator9_no_members() -> None:
    row = {"indicator": "9", "year": 2025, "variant": "executive", "group_a": "BME", "n1": 0, "n2": 800}
    row |= {"status": "not_computed", "reason": "no_people"}
    assert sentence(row).endswith("could not be calculated: there were no executive board members.")


# ----------------------------------------------------------------------------------------------------
# Suppression: nothing shown


@pytest.mark.parametrize("indicator", [str(i) for i in range(1, 10)])
@pytest.mark.parametrize("how", ["reason", "blanked"])
def test_suppressed_rows_show_no_numbers(worked: pd.DataFrame, changes: pd.DataFrame, indicator: str, how: str) -> None:
    match: dict[str, Any] = {"variant": "microdata"} if indicator in "5678" else {}
    if indicator == "9":
        match = {"variant": "voting", "group_a": "BME"}
    if indicator == "1":
        match = {"group_a": "BME"}
    row = row_of(worked, 2025, indicator, **match).to_dict()
    change = row_of(changes, 2025, indicator, **match).to_dict()
    for col in ("a", "n1", "c", "n2", "rate_a", "rate_b", "estimate", "ci95_low", "ci95_high", "ci998_low"):
        row[col] = None
    if how == "reason":
        row["status"], row["reason"] = "not_computed", "suppressed"
    text = sentence(row, change, national_reference(1, 2024))
    # a suppressed figure may be a secondary suppression of a large count: the sentence never says "small"
    assert "not shown, to protect confidentiality" in text
    assert "small" not in text
    assert not re.search(r"\d", text), text
    assert text == suppressed_sentence(row)


def test_blanked_counts_keep_the_estimate(worked: pd.DataFrame) -> None:
    row = row_of(worked, 2025, "6", variant="microdata").to_dict()
    for col in ("a", "n1", "c", "n2"):
        row[col] = None
    text = sentence(row)
    assert "27.0% of BME staff and 22.0% of White staff experienced" in text
    assert "of 400" not in text


# ----------------------------------------------------------------------------------------------------
# Change and national clauses


def test_change_clause_reasons() -> None:
    base = {"indicator": "2", "year": 2025, "previous_year": 2024, "label": "could not be calculated"}
    assert change_clause(None) == ""
    assert change_clause({**base, "reason": "no_comparison_row"}) == "there is no figure for 2024 to compare with"
    assert "to protect confidentiality" in change_clause({**base, "reason": "suppressed"})
    assert "small" not in change_clause({**base, "reason": "suppressed"})
    assert "last year could not be calculated" in change_clause({**base, "reason": "not_computed_previous_year"})
    assert change_clause({**base, "reason": "not_computed_this_year"}) == ""
    assert change_clause({**base, "reason": "not_estimable"}) == "the change could not be calculated"
    earlier = {**base, "previous_year": 2022, "label": "no significant change", "reason": None}
    earlier |= {"estimate_type": "ratio", "previous_estimate": 1.4, "tested": True}
    assert change_clause(earlier) == "in 2022 1.40; the change is not statistically significant"


def test_change_clause_worse_and_decrease() -> None:
    worse = {"indicator": "2", "year": 2025, "previous_year": 2024, "label": "getting worse", "tested": True}
    worse |= {"estimate_type": "ratio", "previous_estimate": 1.2, "change": 1.5, "change_type": "ratio_of_ratios"}
    worse |= {"change_ci95_low": 1.1, "change_ci95_high": float("inf")}
    assert change_clause(worse) == "last year 1.20; a statistically significant worsening (ratio of ratios 1.50)"
    down = {"indicator": "1", "year": 2025, "previous_year": 2024, "label": "decreased", "tested": True}
    down |= {"estimate_type": "share", "previous_estimate": 0.3, "change": -5.0, "change_type": "difference_points"}
    down |= {"change_ci95_low": -8.0, "change_ci95_high": -2.0}
    assert change_clause(down) == (
        f"last year 30.0%; a statistically significant decrease (change {MINUS}5.0 points, 95% CI {MINUS}8.0 to "
        f"{MINUS}2.0)"
    )


def test_national_clauses() -> None:
    for ref in national_references():
        text = national_clause(ref)
        assert str(ref.year) in text
        assert not BAD.search(text)
        assert ref.source_url is None or ref.source_url in text
        if ref.unconfirmed:
            assert "(unconfirmed)" in text
        if ref.approximate:
            assert "about " in text
    approx = next(r for r in national_references(1) if r.approximate)
    assert re.search(r"about \d+%", national_clause(approx, cite=False))
    assert national_clause(None) == ""


# ----------------------------------------------------------------------------------------------------
# Whole frames and robustness


def test_sentences_for_a_frame(worked: pd.DataFrame, changes: pd.DataFrame) -> None:
    now = worked[worked["year"] == 2025]
    texts = sentences(now, changes, national=True)
    assert list(texts.index) == list(now.index)
    assert all(isinstance(t, str) and t.endswith(".") and not t[0].islower() for t in texts)
    assert not any(BAD.search(t) for t in texts)
    head = texts[now["headline"]]
    assert len(head) == 10  # indicators 1–8 and 9 voting / executive
    assert texts[row_of(now, 2025, "2").name].endswith("the change is not statistically significant.")


def test_unknown_indicator_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a WRES indicator"):
        sentence({"indicator": "10"})
    assert sentence({"indicator": 2, "estimate": 1.3, "status": "within_range", "group_a": "White"}).startswith(
        "White applicants were 1.30 times as likely"
    )


weird = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.just(float("inf")),
    st.just(float("-inf")),
    st.just(pd.NA),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(-10, 10_000),
)
NUMERIC = [
    c
    for c in RESULT_COLUMNS
    if c
    in (
        "a",
        "n1",
        "c",
        "n2",
        "rate_a",
        "rate_b",
        "estimate",
        "ci95_low",
        "ci95_high",
        "ci998_low",
        "ci998_high",
        "benchmark",
    )
]
STATUSES = [
    "adverse_evidence",
    "insufficient_evidence",
    "within_range",
    "not_computed",
    "bme_worse_evidence",
    "bme_better_evidence",
    "no_evidence",
    "under_represented_evidence",
    "over_represented_evidence",
    "descriptive",
    None,
]


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    row: dict[str, Any] = {c: draw(weird) for c in NUMERIC}
    row["indicator"] = draw(st.sampled_from([str(i) for i in range(1, 10)]))
    row["year"] = draw(st.sampled_from([2024, 2025, None, float("nan")]))
    row["variant"] = draw(st.sampled_from(["all", "rolling", "single_year", "voting", "executive_known_only", None]))
    row["breakdown"] = draw(st.sampled_from(["overall", "band", "cluster", "site", None]))
    row["stratum"] = draw(st.sampled_from(["all", "8a", "VSM", "MD_CONS", "8c-VSM", "North", None]))
    row["category"] = draw(st.sampled_from(["all", "clinical", None]))
    row["group_a"] = draw(st.sampled_from(["White", "BME", "Unknown", "Other", None]))
    row["group_b"] = draw(st.sampled_from(["White", "BME", "Overall workforce", None]))
    row["status"] = draw(st.sampled_from(STATUSES))
    row["side"] = draw(st.sampled_from(["above", "below", None]))
    row["reason"] = draw(st.sampled_from([*REASON_CODES, None, None, None, "something_new"]))
    row["strong_evidence"] = draw(st.sampled_from([True, False, None, float("nan")]))
    return row


@st.composite
def change_rows(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    change: dict[str, Any] = {
        k: draw(weird) for k in ("previous_estimate", "change", "change_ci95_low", "change_ci95_high")
    }
    change["label"] = draw(st.sampled_from([*LABELS, None]))
    change["reason"] = draw(st.sampled_from([*REASONS, None]))
    change["year"] = draw(st.sampled_from([2025, None]))
    change["previous_year"] = draw(st.sampled_from([2024, 2023, None, float("nan")]))
    change["tested"] = draw(st.booleans())
    change["estimate_type"] = draw(st.sampled_from(["ratio", "share", "gap_points", "difference_points", None]))
    change["change_type"] = draw(st.sampled_from(["ratio_of_ratios", "difference_points", None]))
    change["indicator"] = draw(st.sampled_from(["3", "2"]))
    change["variant"] = draw(st.sampled_from(["rolling", "all"]))
    return change


@settings(max_examples=300, deadline=None)
@given(rows(), change_rows(), st.sampled_from([None, *national_references()[:5]]))
def test_never_prints_inf_nan_or_none(row: dict[str, Any], change: dict[str, Any] | None, ref: Any) -> None:
    text = sentence(row, change, ref)
    assert isinstance(text, str)
    assert text.endswith(".")
    assert not text[:1].islower()
    assert not BAD.search(text), text
    if _suppressed(row):
        assert "not shown, to protect confidentiality" in text


def _suppressed(row: dict[str, Any]) -> bool:
    estimate = row.get("estimate")
    missing = estimate is None or estimate is pd.NA or not math.isfinite(float(estimate))
    return row.get("reason") == "suppressed" or (
        missing and row.get("reason") is None and row.get("status") != "not_computed"
    )


def test_numpy_scalars_are_fine() -> None:
    row = {"indicator": "4", "estimate": np.float64(1.3), "ci95_low": np.float32(1.1), "ci95_high": np.int64(2)}
    row |= {"status": "adverse_evidence", "group_a": "White", "group_b": "BME", "strong_evidence": np.True_}
    assert "1.30 times as likely (95% CI 1.10 to 2.00)" in sentence(row)
