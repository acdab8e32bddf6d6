"""Worked examples for the staff-survey indicators 5–8 from record-level answers (wres-domain.md §5.5–5.8, §6.2).

Every figure is computed by hand in the test from the respondent profiles below (counts by reading the table,
percentages and gaps by arithmetic) or taken from the specification's published worked examples; the Newcombe
interval is checked against the hand formula of methods.md §3 (Wilson limits combined by square-and-add), written
here with the standard library only. The results come through the real path: canonical folder → store →
``wres.indicators.compute``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from statistics import NormalDist

import pandas as pd
import pytest
from tests.indicators.survey_records import Profile, SurveyFolder, profile

from wres.config import WresConfig, config_from_mapping
from wres.indicators import compute, from_store
from wres.indicators.survey import reconstructed_count
from wres.store import Store

# ---------------------------------------------------------------------------------------------------------------
# Independent oracle: methods.md §1 (Wilson) and §3 (Newcombe hybrid score), in points.


def wilson(x: int, n: int, level: float) -> tuple[float, float]:
    """Wilson score limits for x/n (methods.md §1: centre ± half)."""
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def newcombe_points(x1: int, n1: int, x2: int, n2: int, level: float) -> tuple[float, float]:
    """Newcombe limits for p1 − p2 in percentage points (methods.md §3, square-and-add of Wilson limits)."""
    p1, p2 = x1 / n1, x2 / n2
    (l1, u1), (l2, u2) = wilson(x1, n1, level), wilson(x2, n2, level)
    d = p1 - p2
    lower = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return 100 * lower, 100 * upper


def status_of(low: float, high: float) -> str:
    """wres-domain.md §6.2: the 95% interval wholly above 0, wholly below 0, or including 0."""
    return "bme_worse_evidence" if low > 0 else "bme_better_evidence" if high < 0 else "no_evidence"


def check_gap(row: pd.Series, a: int, n1: int, c: int, n2: int, gap: float, status: str) -> None:
    """Counts, rates, the gap (``gap``, worked by hand in the caller), both Newcombe intervals and the status."""
    assert (row.a, row.n1, row.c, row.n2) == (a, n1, c, n2)
    assert row.rate_a == pytest.approx(a / n1)
    assert row.rate_b == pytest.approx(c / n2)
    assert row.estimate == pytest.approx(gap)
    assert row.estimate_type == "gap_points"
    lo95, hi95 = newcombe_points(a, n1, c, n2, 0.95)
    lo998, hi998 = newcombe_points(a, n1, c, n2, 0.998)
    assert (row.ci95_low, row.ci95_high) == pytest.approx((lo95, hi95), abs=1e-9)
    assert (row.ci998_low, row.ci998_high) == pytest.approx((lo998, hi998), abs=1e-9)
    assert status_of(lo95, hi95) == status  # the expected status follows from the hand interval
    assert row.status == status
    # methods.md §4 / wres-domain.md §5.8's example: strong evidence when the 99.8% interval also excludes 0
    assert bool(row.strong_evidence) == (lo998 > 0 or hi998 < 0)
    assert row.ci_method == "newcombe-hybrid-score"
    assert row.reason is None


# ---------------------------------------------------------------------------------------------------------------
# RSV, survey 2023 (→ WRES 2024). Labels are those of the 2023 question map (config.default_question_map):
# Q14a (ind. 5), Q14b / Q14c (ind. 6, managers / colleagues): Never | 1-2 | 3-5 | 6-10 | More than 10 valid,
# all but Never adverse; Q15 (ind. 7): Yes | No | Don't know valid, Yes counted; Q16b (ind. 8): Yes | No valid,
# Yes counted. None = blank (no answer row). Anything else is invalid and not in the base.
N = None
RSV_PROFILES: tuple[Profile, ...] = (
    #        name  code  n   Q14a                 Q14b                Q14c              Q15           Q16b
    # White (A, B, C): 30 respondents
    profile("W1", "A", 4, "1-2", "1-2", "Never", "Yes", "No"),
    profile("W2", "A", 10, "Never", "Never", "1-2", "Yes", "No"),
    profile("W3", "A", 3, "Never", "3-5", "Never", "No", "Yes"),
    profile("W4", "A", 3, N, "Never", "More than 10", "Don't know", "No"),
    profile("W5", "B", 5, "Never", "Never", N, "Yes", N),
    profile("W6", "C", 3, "Prefer not to say", "Not applicable", "Never", "Don't know", "Don't know"),
    profile("W7", "C", 2, "More than 10", "6-10", "More than 10", "No", "Yes"),
    # BME (H, M, N, D, R): 24 respondents
    profile("B1", "H", 6, "1-2", "Never", "1-2", "No", "Yes"),
    profile("B2", "H", 2, "Never", "Never", "Never", "Yes", "No"),
    profile("B3", "M", 6, "3-5", "Never", "Never", "Don't know", "No"),
    profile("B4", "M", 2, "Never", N, N, "Yes", "No"),
    profile("B5", "N", 4, "Never", "Prefer not to say", "Never", "No", "No"),
    profile("B6", "D", 2, "Not applicable", "Not applicable", "Not applicable", "Not sure", "Prefer not to say"),
    profile("B7", "R", 2, N, N, N, N, N),
    # Unknown ethnicity (Z not stated, 99 not known): 6 respondents, every answer valid, excluded from rates
    profile("U1", "Z", 4, "1-2", "1-2", "Never", "No", "Yes"),
    profile("U2", "99", 2, "Never", "Never", "Never", "Yes", "No"),
)
# B7 left every item blank (no answer rows); B8 answered only an item outside the question map: neither counts.
RSV_OTHER_ITEM = Profile("B8", "R", 1, {"Q21": "Yes"})

# RYR: one indicator (5) across fieldwork years, to check survey year Y−1 → WRES year Y. The 2019 survey numbered
# indicator 5 as Q13a; its Q14a was another question and must not be read as indicator 5.
RYR_YEARS: dict[int, tuple[Profile, ...]] = {
    2019: (
        profile("W19a", "A", 3, "1-2", "Never", items=("Q13a", "Q14a")),
        profile("W19b", "A", 7, "Never", "3-5", items=("Q13a", "Q14a")),
        profile("B19a", "M", 5, "3-5", items=("Q13a",)),
        profile("B19b", "M", 5, "Never", items=("Q13a",)),
    ),
    2022: (
        profile("W22a", "A", 4, "1-2", items=("Q14a",)),
        profile("W22b", "A", 6, "Never", items=("Q14a",)),
        profile("B22a", "H", 2, "6-10", items=("Q14a",)),
        profile("B22b", "H", 8, "Never", items=("Q14a",)),
    ),
    2023: (
        profile("W23a", "A", 1, "1-2", items=("Q14a",)),
        profile("W23b", "A", 9, "Never", items=("Q14a",)),
        profile("B23a", "H", 9, "3-5", items=("Q14a",)),
        profile("B23b", "H", 1, "Never", items=("Q14a",)),
    ),
    2024: (
        profile("W24a", "A", 5, "More than 10", items=("Q14a",)),
        profile("B24a", "H", 5, "Never", items=("Q14a",)),
    ),
}

# RMIX: microdata for survey 2023 (the RSV profiles again) and published summaries for 2023 (ignored: microdata
# take precedence for the organisation-year) and for 2022 (used: no microdata for that year).
RMIX_SUMMARY_2023 = {"White": (10.0, 100), "BME": (90.0, 100)}
RMIX_SUMMARY_2022 = {"White": (20.0, 50), "BME": (40.0, 50)}


def build_folder(folder: Path) -> Path:
    data = SurveyFolder().add("RSV", 2023, [*RSV_PROFILES, RSV_OTHER_ITEM])
    for year, profiles in RYR_YEARS.items():
        data.add("RYR", year, profiles)
    # RPUB: published summaries only. Survey 2023: the worked examples of wres-domain.md §5.5–5.8 and
    # methods.md §3 as published percentages with their bases.
    data.publish("RPUB", 2023, 5, {"White": (26.8, 2000), "BME": (30.0, 400), "Unknown": (50.0, 100)})
    data.publish("RPUB", 2023, 6, {"White": (22.0, 2000), "BME": (27.0, 400), "Unknown": (50.0, 100)})
    data.publish("RPUB", 2023, 7, {"White": (59.4, 2000), "BME": (48.8, 400), "Unknown": (50.0, 100)})
    data.publish("RPUB", 2023, 8, {"White": (6.0, 2000), "BME": (13.0, 400), "Unknown": (50.0, 100)})
    # Survey 2022: percentages whose pct × base / 100 is an exact half (or near one), to check half-up rounding.
    data.publish("RPUB", 2022, 5, {"White": (2.3, 1500), "BME": (9.2, 375)})
    data.publish("RPUB", 2022, 8, {"White": (14.4, 10), "BME": (33.3, 30)})
    data.add("RMIX", 2023, RSV_PROFILES)
    for ind in (5, 6, 7, 8):
        data.publish("RMIX", 2023, ind, RMIX_SUMMARY_2023)
    data.publish("RMIX", 2022, 5, RMIX_SUMMARY_2022)
    return data.write(folder)


@pytest.fixture(scope="module")
def survey_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = build_folder(tmp_path_factory.mktemp("survey") / "canonical")
    path = folder.parent / "survey.duckdb"
    with Store(path) as st:
        st.load_folder(folder)
    return path


@pytest.fixture
def survey_store(survey_store_path: Path) -> Iterator[Store]:
    with Store(survey_store_path, read_only=True) as st:
        yield st


def survey_rows(
    store: Store, org: str, years: list[int], config: WresConfig | None = None, by: str | None = None
) -> pd.DataFrame:
    res = compute(from_store(store), years, orgs=[org], by=by, config=config or WresConfig()).frame
    return res[res.indicator.isin(["5", "6", "7", "8"])]


def headline(store: Store, org: str, year: int, indicator: str, config: WresConfig | None = None) -> pd.Series:
    rows = survey_rows(store, org, [year], config)
    rows = rows[rows.headline & (rows.indicator == indicator)]
    assert len(rows) == 1
    return rows.iloc[0]


# ---------------------------------------------------------------------------------------------------------------
# Indicators 5–8 from microdata (RSV, WRES 2024 = survey 2023)


def test_indicator5_harassment_from_public(survey_store: Store) -> None:
    row = headline(survey_store, "RSV", 2024, "5")
    # Q14a. BME valid: B1 6 + B2 2 + B3 6 + B4 2 + B5 4 = 20 (B6 "Not applicable" invalid, B7 blank);
    #       adverse: B1 6 ("1-2") + B3 6 ("3-5") = 12 → 12/20 = 60.0%.
    # White valid: W1 4 + W2 10 + W3 3 + W5 5 + W7 2 = 24 (W4 blank, W6 "Prefer not to say");
    #       adverse: W1 4 + W7 2 = 6 → 6/24 = 25.0%.
    # Adverse gap (BME − White) = 60.0 − 25.0 = +35.0 points.
    assert (row.group_a, row.group_b) == ("BME", "White")
    assert row.variant == "microdata"
    check_gap(row, 12, 20, 6, 24, 60.0 - 25.0, "bme_worse_evidence")


def test_indicator6_managers_or_colleagues(survey_store: Store) -> None:
    row = headline(survey_store, "RSV", 2024, "6")
    # Q14b (managers) or Q14c (colleagues); base = a valid answer to either (§10 #11).
    # White valid: every profile = 30 (W5 answered Q14b only; W6's Q14b is invalid but its Q14c "Never" valid);
    #       adverse on either: W1 4 (Q14b) + W2 10 (Q14c) + W3 3 (Q14b) + W4 3 (Q14c) + W7 2 (both) = 22
    #       → 22/30 = 73.33%.
    # BME valid: B1 6 + B2 2 + B3 6 + B5 4 (Q14b invalid, Q14c "Never") = 18 (B4 both blank, B6 both invalid);
    #       adverse: B1 6 (Q14c) = 6 → 6/18 = 33.33%.
    # Adverse gap = 100/3 − 220/3 = −40.0 points (BME staff fare better).
    assert (row.group_a, row.group_b) == ("BME", "White")
    check_gap(row, 6, 18, 22, 30, 100 / 3 - 220 / 3, "bme_better_evidence")
    # A respondent adverse on both items counts once: W7's 2 are in 22 once, not twice (22 ≤ 30 respondents).


def test_indicator7_dont_know_in_base_by_default(survey_store: Store) -> None:
    row = headline(survey_store, "RSV", 2024, "7")
    # Q15 "Yes" (favourable); valid Yes, No, Don't know (survey.i7_dont_know_in_base = true, the default).
    # White valid: 4 + 10 + 3 + 3 + 5 + 3 + 2 = 30; yes: W1 4 + W2 10 + W5 5 = 19 → 19/30 = 63.33%.
    # BME valid: B1 6 + B2 2 + B3 6 + B4 2 + B5 4 = 20 (B6 "Not sure" invalid, B7 blank); yes: B2 2 + B4 2 = 4
    #       → 4/20 = 20.0%.
    # Adverse gap (White − BME) = 63.33 − 20.0 = +43.33 points.
    assert (row.group_a, row.group_b) == ("White", "BME")
    check_gap(row, 19, 30, 4, 20, 1900 / 30 - 20.0, "bme_worse_evidence")
    assert row.unknown == 6  # U1 4 + U2 2


def test_indicator7_dont_know_out_of_base(survey_store: Store) -> None:
    config = config_from_mapping({"survey": {"i7_dont_know_in_base": False}})
    row = headline(survey_store, "RSV", 2024, "7", config)
    # The same respondents; "Don't know" leaves the base.
    # White valid: 30 − W4 3 − W6 3 = 24; yes 19 → 19/24 = 79.17%.
    # BME valid: 20 − B3 6 = 14; yes 4 → 4/14 = 28.57%.
    # Adverse gap = 79.17 − 28.57 = +50.60 points.
    check_gap(row, 19, 24, 4, 14, 1900 / 24 - 400 / 14, "bme_worse_evidence")
    assert row.unknown == 6  # no Unknown respondent answered "Don't know"
    # The other indicators do not move.
    other = headline(survey_store, "RSV", 2024, "8", config)
    assert (other.a, other.n1, other.c, other.n2) == (6, 20, 5, 22)


def test_indicator8_discrimination_from_staff(survey_store: Store) -> None:
    row = headline(survey_store, "RSV", 2024, "8")
    # Q16b "Yes"; valid Yes, No ("Don't know" is not a valid Q16b answer in the map).
    # BME valid: B1 6 + B2 2 + B3 6 + B4 2 + B5 4 = 20 (B6 invalid); yes: B1 6 → 6/20 = 30.0%.
    # White valid: W1 4 + W2 10 + W3 3 + W4 3 + W7 2 = 22 (W5 blank, W6 "Don't know"); yes: W3 3 + W7 2 = 5
    #       → 5/22 = 22.73%.
    # Adverse gap (BME − White) = 30.0 − 22.73 = +7.27 points.
    assert (row.group_a, row.group_b) == ("BME", "White")
    check_gap(row, 6, 20, 5, 22, 30.0 - 500 / 22, "no_evidence")


@pytest.mark.parametrize(
    ("indicator", "everyone"),
    [
        ("5", 24 + 20 + 6),  # White 24, BME 20, Unknown 6 valid answers
        ("6", 30 + 18 + 6),
        ("7", 30 + 20 + 6),
        ("8", 22 + 20 + 6),
    ],
)
def test_unknown_respondents_excluded_from_rates(survey_store: Store, indicator: str, everyone: int) -> None:
    row = headline(survey_store, "RSV", 2024, indicator)
    # Unknown respondents (U1 4 + U2 2, all valid) are in no rate; they are reported as completeness.
    assert row.unknown == 6
    assert row.completeness == pytest.approx(1 - 6 / everyone)
    # methods.md §7: adverse counts < 10 (low_count), bases < 30 (small_base: BME 20 or 18, White 24, 30 or 22),
    # Unknown share > 10% (completeness: 6/50, 6/54, 6/56, 6/48 all over 0.10).
    assert row["flags"] == "low_count,small_base,completeness"
    assert bool(row.small_numbers)


def test_disaggregated_groups_against_white(survey_store: Store) -> None:
    rows = survey_rows(survey_store, "RSV", [2024], by="ethnicity5")
    i5 = rows[(rows.indicator == "5") & (rows.grouping == "group5")].set_index("group_a")
    # Q14a by 5-group, each against all White (6 of 24 adverse):
    # Asian (H): B1 6 + B2 2 = 8 valid, 6 adverse → 75.0 − 25.0 = +50.0 points.
    check_gap(i5[i5.index == "Asian"].iloc[0], 6, 8, 6, 24, 75.0 - 25.0, "bme_worse_evidence")
    # Black (M, N): B3 6 + B4 2 + B5 4 = 12 valid, 6 adverse → 50.0 − 25.0 = +25.0 points.
    check_gap(i5[i5.index == "Black"].iloc[0], 6, 12, 6, 24, 50.0 - 25.0, "no_evidence")
    # Mixed (D) answered only invalidly and Other (R) left Q14a blank: no base.
    for group in ("Mixed", "Other"):
        assert i5.loc[group, "n1"] == 0
        assert i5.loc[group, "status"] == "not_computed"
        assert i5.loc[group, "reason"] == "no_people"


# ---------------------------------------------------------------------------------------------------------------
# Calendar: survey fieldwork year Y−1 is used for WRES year Y (wres-domain.md §2)


def test_fieldwork_year_maps_to_next_wres_year(survey_store: Store) -> None:
    rows = survey_rows(survey_store, "RYR", [2020, 2021, 2023, 2024, 2025, 2026])
    i5 = rows[rows.headline & (rows.indicator == "5")].set_index("year")
    # (BME adverse, BME valid, White adverse, White valid) by hand from RYR_YEARS:
    expected = {
        2020: (5, 10, 3, 10),  # survey 2019, Q13a (Q14a ignored: with it White would be 7 of 10, BME no base)
        2023: (2, 10, 4, 10),  # survey 2022
        2024: (9, 10, 1, 10),  # survey 2023
        2025: (0, 5, 5, 5),  # survey 2024
    }
    for year, counts in expected.items():
        row = i5.loc[year]
        assert (row.a, row.n1, row.c, row.n2) == counts, year
        assert row.estimate == pytest.approx(100 * (counts[0] / counts[1] - counts[2] / counts[3]))
    # No survey in 2020 or 2025: WRES 2021 and 2026 are missing input, not zero.
    for year in (2021, 2026):
        assert i5.loc[year, "status"] == "not_computed"
        assert i5.loc[year, "reason"] == "missing_input"
    # WRES 2024 alone reads only survey 2023.
    alone = survey_rows(survey_store, "RYR", [2024])
    only = alone[alone.headline & (alone.indicator == "5")]
    assert list(only.year) == [2024]
    assert (only.iloc[0].a, only.iloc[0].n1, only.iloc[0].c, only.iloc[0].n2) == (9, 10, 1, 10)


# ---------------------------------------------------------------------------------------------------------------
# Published summaries: counts reconstructed as round(pct × base / 100), half-up, flagged reconstructed


@pytest.mark.parametrize(
    ("indicator", "counts", "gap", "ci95", "ci998", "places", "status"),
    [
        # §5.5–5.8 worked example 5: BME 30.0% of 400 → 120, White 26.8% of 2,000 → 536; gap +3.2, 95% −1.5 to +8.2
        ("5", (120, 400, 536, 2000), 3.2, (-1.5, 8.2), None, 0.05, "no_evidence"),
        # worked example 6 / methods.md §3: 27.0% of 400 → 108, 22.0% of 2,000 → 440; 95% 0.48 to 9.88,
        # 99.8% −1.94 to 12.83
        ("6", (108, 400, 440, 2000), 5.0, (0.48, 9.88), (-1.94, 12.83), 0.005, "bme_worse_evidence"),
        # methods.md §3: White 59.4% of 2,000 → 1,188; BME 48.8% of 400 → 195.2 → 195 (48.75%); gap 10.65,
        # 95% 5.30 to 15.96
        ("7", (1188, 2000, 195, 400), 10.65, (5.30, 15.96), None, 0.005, "bme_worse_evidence"),
        # worked example 8: 13.0% of 400 → 52, 6.0% of 2,000 → 120; 95% 3.8 to 10.8; 99.8% 2.3 to 13.2
        ("8", (52, 400, 120, 2000), 7.0, (3.8, 10.8), (2.3, 13.2), 0.05, "bme_worse_evidence"),
    ],
)
def test_published_summaries_reproduce_worked_examples(
    survey_store: Store,
    indicator: str,
    counts: tuple[int, int, int, int],
    gap: float,
    ci95: tuple[float, float],
    ci998: tuple[float, float] | None,
    places: float,
    status: str,
) -> None:
    row = headline(survey_store, "RPUB", 2024, indicator)
    assert row.variant == "published"
    assert "reconstructed" in row["flags"].split(",")
    a, n1, c, n2 = counts
    check_gap(row, a, n1, c, n2, 100 * (a / n1 - c / n2), status)
    assert row.estimate == pytest.approx(gap)
    # the published figures, to the precision the specification prints them (1 or 2 dp)
    assert (row.ci95_low, row.ci95_high) == pytest.approx(ci95, abs=places)
    if ci998 is not None:
        assert (row.ci998_low, row.ci998_high) == pytest.approx(ci998, abs=places)
        # §5.5–5.8: example 8 (99.8% +2.3 to +13.2) is "BME staff worse, strong evidence"; example 6 (−1.9 to +12.8)
        # has evidence at 95% only
        assert bool(row.strong_evidence) == (ci998[0] > 0)
    assert row.unknown == 100  # the Unknown base; not in the rates
    assert row.completeness == pytest.approx(1 - 100 / (n1 + n2 + 100))


def test_reconstructed_counts_round_half_up_on_the_published_figure(survey_store: Store) -> None:
    # round(pct × base / 100) half-up on the decimal figures as published (not on their binary approximation):
    #   ind. 5 BME  9.2% of 375   = 34.5  → 35      White  2.3% of 1,500 = 34.5 → 35
    #   ind. 8 BME 33.3% of 30    = 9.99  → 10      White 14.4% of 10    = 1.44 → 1
    # (in binary floating point 9.2 × 375 / 100 and 2.3 × 1500 / 100 both fall just below 34.5).
    i5 = headline(survey_store, "RPUB", 2023, "5")
    assert (i5.a, i5.n1, i5.c, i5.n2) == (35, 375, 35, 1500)
    i8 = headline(survey_store, "RPUB", 2023, "8")
    assert (i8.a, i8.n1, i8.c, i8.n2) == (10, 30, 1, 10)
    assert i8["flags"].split(",") == ["low_count", "small_base", "reconstructed"]
    # no summary for indicators 6 and 7 in survey 2022
    for ind in ("6", "7"):
        assert headline(survey_store, "RPUB", 2023, ind).reason == "missing_input"


def test_reconstructed_in_the_counts_table(survey_store: Store) -> None:
    counts = compute(from_store(survey_store), [2024], orgs=["RPUB"]).counts
    i5 = counts[counts.indicator == "5"]
    assert set(i5.variant) == {"published"}
    values = i5.set_index(["group", "measure"])["value"]
    assert values[("BME", "respondents")] == 400
    assert values[("BME", "adverse")] == 120
    assert values[("White", "adverse")] == 536
    assert values[("BME", "reconstructed")] == 1


def test_microdata_take_precedence_over_summaries(survey_store: Store) -> None:
    rows = survey_rows(survey_store, "RMIX", [2023, 2024])
    head = rows[rows.headline]
    # WRES 2024 (survey 2023): microdata and summaries both exist → the microdata counts of the RSV profiles,
    # not 90 of 100 vs 10 of 100, and nothing flagged reconstructed or published.
    y2024 = head[head.year == 2024].set_index("indicator")
    assert set(y2024.variant) == {"microdata"}
    assert (y2024.loc["5", "a"], y2024.loc["5", "n1"], y2024.loc["5", "c"], y2024.loc["5", "n2"]) == (12, 20, 6, 24)
    assert (y2024.loc["8", "a"], y2024.loc["8", "n1"]) == (6, 20)
    assert not any("reconstructed" in f for f in y2024["flags"])
    assert not (rows[rows.year == 2024].variant == "published").any()
    # WRES 2023 (survey 2022): summaries only → reconstructed: BME 40.0% of 50 = 20, White 20.0% of 50 = 10.
    y2023 = head[(head.year == 2023) & (head.indicator == "5")].iloc[0]
    assert y2023.variant == "published"
    check_gap(y2023, 20, 50, 10, 50, 40.0 - 20.0, "bme_worse_evidence")
    assert "reconstructed" in y2023["flags"].split(",")


@pytest.mark.parametrize("base", [1, 3, 7, 20, 30, 375, 1375, 1500, 2750])
def test_reconstructed_count_is_exact_half_up(base: int) -> None:
    # Oracle: exact rational arithmetic on every 1-dp percentage, half-up: floor(m/10 × base / 100 + 1/2).
    from fractions import Fraction

    for m in range(1001):
        exact = Fraction(m, 10) * base / 100
        assert reconstructed_count(m / 10, base) == math.floor(exact + Fraction(1, 2)), (m / 10, base)
