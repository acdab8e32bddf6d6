"""Leading indicators (wres-domain.md §7.3) on the hand-built snapshots of :mod:`tests.indicators.leading_records`:
every count below is the module docstring's hand count; the intervals are checked against statsmodels."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep
from tests.indicators.leading_records import write_leading_folder

from wres.analysis.change import year_on_year
from wres.analysis.trend import trend
from wres.indicators import compute, from_store
from wres.indicators.leading import LeadingResults, compute_leading
from wres.store import Store

YEARS = [2022, 2023, 2024]


@pytest.fixture(scope="module")
def leading_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    base = tmp_path_factory.mktemp("leading")
    folder = write_leading_folder(base / "canonical")
    with Store(base / "leading.duckdb") as st:
        st.load_folder(folder)
        yield st


@pytest.fixture(scope="module")
def leading(leading_store: Store) -> LeadingResults:
    return compute_leading(from_store(leading_store), YEARS, by="band")


def row(res: LeadingResults, year: int, indicator: str, variant: str, **keys: str) -> pd.Series:
    f = res.frame
    mask = (f.year == year) & (f.indicator == indicator) & (f.variant == variant)
    wanted = {"grouping": "wres", "breakdown": "overall", "stratum": "all"} | keys
    for col, value in wanted.items():
        mask &= f[col] == value
    found = f[mask]
    assert len(found) == 1, found
    return found.iloc[0]


def counts(r: pd.Series) -> tuple[float, float, float, float]:
    return (r.a, r.n1, r.c, r.n2)


def statsmodels_koopman(a: float, n1: float, c: float, n2: float) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = confint_proportions_2indep(a, n1, c, n2, compare="ratio", method="score", correction=True)
    return float(np.real(low)), float(np.real(high))


def test_promotion_counts_promotion_not_demotion_or_stay(leading: LeadingResults) -> None:
    r = row(leading, 2024, "L-promotion", "afc")
    # White: W01-W04 promoted of W01-W19 (W05 demoted and W06-W19 same band stay in the base; M1 UNMAPPED, D2
    # medical, K1 bank-only left out); BME: B01 of B01-B08
    assert counts(r) == (4, 19, 1, 8)
    assert (r.group_a, r.group_b) == ("White", "BME")
    assert r.estimate == pytest.approx(32 / 19)
    assert bool(r.headline)


def test_promotion_interval_matches_statsmodels(leading: LeadingResults) -> None:
    r = row(leading, 2024, "L-promotion", "afc")
    assert (r.ci95_low, r.ci95_high) == pytest.approx(statsmodels_koopman(4, 19, 1, 8), rel=1e-4)
    assert r.status == "insufficient_evidence"  # 1.68 is outside 0.80-1.25, the interval includes 1
    assert r.side == "above"


def test_leaving_headline_excludes_doctors_in_training(leading: LeadingResults) -> None:
    head = row(leading, 2024, "L-leaving", "excluding_doctors_in_training")
    # BME B10 of B01-B08, B10 (B09 was absent at 2023: not in the denominator); White W20 of 22 (with M1, D2)
    assert counts(head) == (1, 9, 1, 22)
    assert (head.group_a, head.group_b) == ("BME", "White")
    assert head.estimate == pytest.approx(22 / 9)
    assert bool(head.headline)
    every = row(leading, 2024, "L-leaving", "all")
    assert counts(every) == (2, 10, 1, 22)  # D1, a doctor in training, is a leaver here
    assert not bool(every.headline)


def test_leave_and_return_is_a_leaver_once(leading: LeadingResults) -> None:
    # B09: in 2022, absent 2023, back 2024 -> a BME leaver in 2023 (1 of 10), not in 2024's base (9 above)
    r = row(leading, 2023, "L-leaving", "excluding_doctors_in_training")
    assert counts(r) == (1, 10, 0, 20)
    assert r.status == "not_computed"
    assert r.reason == "comparator_rate_zero"


def test_reclassification_is_one_group_and_its_own_table(leading: LeadingResults) -> None:
    table = leading.reclassifications
    assert table[["year", "from_category", "to_category", "from_group", "to_group", "people"]].values.tolist() == [
        [2024, "99", "N", "Unknown", "BME", 1]
    ]
    # X1 counts in its 2023 group (Unknown) only: neither a leaver nor in the BME base
    unknown = leading.counts.query(
        "year == 2024 and indicator == 'L-leaving' and variant == 'all' and grouping == 'wres' "
        "and breakdown == 'overall' and group == 'Unknown'"
    ).set_index("measure")["value"]
    assert unknown.to_dict() == {"left": 0, "in_post": 1}


def test_unmapped_band_and_bank_only_are_noted_or_excluded(leading: LeadingResults) -> None:
    notes = " ".join(leading.metadata["notes"])
    assert "1 people with an UNMAPPED or OTHER_PAY band" in notes
    by_band = row(leading, 2024, "L-leaving", "all", breakdown="band", stratum="UNMAPPED")
    assert counts(by_band) == (0, 0, 0, 1)  # M1 is in post (not a leaver); no one else is UNMAPPED; K1 nowhere


def test_into_consultant_reported_separately(leading: LeadingResults) -> None:
    r = row(leading, 2024, "L-promotion", "into_consultant")
    assert counts(r) == (1, 1, 0, 0)
    assert r.reason == "no_people"
    assert not bool(r.headline)


def test_by_band_is_the_band_at_the_previous_snapshot(leading: LeadingResults) -> None:
    r = row(leading, 2024, "L-promotion", "afc", breakdown="band", stratum="5")
    assert counts(r) == (4, 18, 1, 8)  # W05 (band 6 in 2023) is counted in band 6
    six = row(leading, 2024, "L-promotion", "afc", breakdown="band", stratum="6")
    assert counts(six) == (0, 1, 0, 0)


def test_internal_appointment(leading: LeadingResults) -> None:
    r = row(leading, 2024, "L-internal", "all")
    assert counts(r) == (5, 10, 2, 10)
    assert r.estimate == pytest.approx(2.5)
    assert (r.ci95_low, r.ci95_high) == pytest.approx(statsmodels_koopman(5, 10, 2, 10), rel=1e-4)


def test_appointment_by_band_is_indicator2_by_band(leading_store: Store, leading: LeadingResults) -> None:
    nine = compute(from_store(leading_store), [2024], by="band").frame
    i2 = nine[(nine.indicator == "2") & (nine.breakdown == "band")].drop(columns="indicator").reset_index(drop=True)
    mine = leading.frame[(leading.frame.indicator == "L-appointment-band") & (leading.frame.year == 2024)]
    mine = mine.drop(columns="indicator").reset_index(drop=True)
    assert len(mine) > 0
    pd.testing.assert_frame_equal(mine, i2)
    assert counts(mine[(mine.variant == "all") & (mine.grouping == "wres")].iloc[0]) == (7, 21, 3, 20)


def test_acting_up_not_computed_with_reason(leading: LeadingResults) -> None:
    acting = leading.frame[leading.frame.indicator == "L-acting-up"]
    assert sorted(acting.year) == YEARS
    assert set(acting.status) == {"not_computed"}
    assert set(acting.reason) == {"missing_input"}
    assert any("no acting-up data recorded" in n for n in leading.metadata["notes"])


def test_year_without_previous_snapshot_is_missing_input(leading: LeadingResults) -> None:
    head = leading.frame[(leading.frame.year == 2022) & leading.frame.headline]
    assert set(head.indicator) == {"L-promotion", "L-leaving", "L-internal", "L-acting-up"}
    assert set(head.reason) == {"missing_input"}


def test_five_and_nine_groups(leading: LeadingResults) -> None:
    black5 = row(leading, 2024, "L-promotion", "afc", grouping="group5", group_a="White", group_b="Black")
    assert counts(black5) == (4, 19, 1, 8)
    black9 = row(leading, 2024, "L-leaving", "all", grouping="group9", group_a="Black", group_b="White")
    assert counts(black9) == (2, 10, 1, 22)  # White: the White British subgroup and the others summed


def test_missing_snapshot_year_is_not_everyone_leaving(tmp_path: Path) -> None:
    folder = write_leading_folder(tmp_path / "c")
    staff = pd.read_csv(folder / "staff.csv", dtype=str)
    staff[staff.snapshot_date != "2024-03-31"].to_csv(folder / "staff.csv", index=False)
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(folder)
        res = compute_leading(from_store(st), [2024])
    r = row(res, 2024, "L-leaving", "excluding_doctors_in_training")
    assert r.status == "not_computed"
    assert r.reason == "missing_input"


def test_change_and_trend_read_leading_as_ratios(leading: LeadingResults) -> None:
    change = year_on_year(leading.frame, 2024)
    promo = change[(change.indicator == "L-promotion") & (change.variant == "afc") & (change.grouping == "wres")]
    promo = promo[promo.breakdown == "overall"]
    assert set(promo["better_when"]) == {"parity"}
    fits = trend(leading.frame, YEARS)
    assert "L-leaving" in set(fits["indicator"])


def test_nine_indicators_unchanged_by_leading(leading_store: Store) -> None:
    frame = compute(from_store(leading_store), [2024]).frame
    assert set(frame.indicator) == {str(i) for i in range(1, 10)}


def test_every_leading_id_and_variant_is_named(leading: LeadingResults) -> None:
    from wres.analysis import wording
    from wres.indicators.leading import LEADING_INDICATORS

    for ind in LEADING_INDICATORS:
        assert wording.indicator_name(ind) == wording.LEADING_NAMES[ind]
        assert ind in wording.LEADING_SHORT_NAMES
        assert ind in wording.LEADING_MEASURES
        assert ind in wording.LEADING_SHORT_MEASURES
    pairs = set(zip(leading.frame.indicator, leading.frame.variant, strict=True))
    assert pairs <= set(wording.VARIANT_LABELS), pairs - set(wording.VARIANT_LABELS)


def test_moving_to_bank_only_is_leaving_and_internal_breakdown_is_noted(tmp_path: Path) -> None:
    folder = write_leading_folder(tmp_path / "c")
    staff = pd.read_csv(folder / "staff.csv", dtype=str, keep_default_na=False)
    w19 = (staff.person_id == "W19") & (staff.snapshot_date == "2024-03-31")
    staff.loc[w19, ["contract", "bank_only"]] = ["bank", "true"]
    staff.to_csv(folder / "staff.csv", index=False)
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(folder)
        res = compute_leading(from_store(st), [2024], by="internal")
    # W19 leaves the WRES workforce (bank-only at 2024): White leavers 2 of 22; out of the promotion base (18)
    assert counts(row(res, 2024, "L-leaving", "excluding_doctors_in_training")) == (1, 9, 2, 22)
    assert counts(row(res, 2024, "L-promotion", "afc")) == (4, 18, 1, 8)
    notes = res.metadata["notes"]
    assert "breakdown 'internal' is not available for promotion and leaving" in notes
    assert "breakdown 'internal' is not available for internal appointment" in notes
