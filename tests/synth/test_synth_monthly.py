"""Monthly staff-in-post snapshots and a known effect from a stated month (SynthConfig.monthly, effect_month).

The effect: from the first day of ``effect_month`` BME people's odds of being appointed into bands 8a and above
(by promotion or by external hire) are multiplied by ``effect_factor`` (ADR 0006, wres.synth.workforce).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from tests.synth.helpers import wres_group

from wres.data.canonical import FolderValidator
from wres.errors import WresError
from wres.synth import TABLE_NAMES, SynthConfig, SynthData, generate, write_canonical, write_raw

HIGH = ("8a", "8b", "8c", "8d", "9", "VSM")
FACTOR = 3.0
EFFECT = pd.Timestamp(2024, 10, 1)
BASE = {"n_orgs": 6, "size": 6000, "seed": 4, "monthly": True}

# Digests of generate(SynthConfig(n_orgs=2, size=1200, first_year=2023, last_year=2025, seed=2)) computed with
# the generator as it was before the monthly and effect options existed (commit edbe049): the plain output must
# stay byte-for-byte the same.
PLAIN = {"n_orgs": 2, "size": 1200, "first_year": 2023, "last_year": 2025, "seed": 2}
PLAIN_DIGESTS = {
    "organisations": "b4d87352b4f169910d4b79a6d3d9dfc9ead1b018178198bc2e60e4ca58af3b5f",
    "staff": "057726d33d493b1ce915176b4d68864fc889320dc9c1b444e23146d8aa2516c4",
    "recruitment": "904617d8dc167541b637a6d767ea9fe25ea1c90fb34f4030978afd636700dfb4",
    "disciplinary": "4a0d8abfbe20157e30eeb5593965f6cea8424a1a36b035425a25612d70265d68",
    "training": "6343ac7abe2e33160b5ec4947552e22229a11239d9f7094349cf61f14793b40b",
    "survey_respondents": "625e4977f4e524dfc18cfe9ba8d91d9c366c66689fd38224b465047903996887",
    "survey_answers": "7c3adcb794e5ebd89d707f2a39142f5e54a872fc78112b8b64bf21f98859d161",
    "survey_summaries": "637ad6a82570030a056a004a8be986fac5ce7e196fc4004c00b39ad526b203fd",
    "board": "eb3ac59e9a37787bec30f2ba6fbceeb55817043d241cafdc9fb339aa783030f0",
}

PAY_COLUMNS = ("hourly_pay", "hours", "fte")
PAY_DIGEST = "e38aa5815a6623ed7d99eb097ec0d6115cc4269018dcb04e7f4489d84627b06d"
"""Digest of the staff table's pay columns of the PLAIN configuration, pinned when they were added (issue 17)."""


def _digest(df: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(",".join(f"{c}:{df[c].dtype}" for c in df.columns).encode())
    h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def plain_monthly() -> SynthData:
    return generate(SynthConfig(**BASE))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def with_effect() -> SynthData:
    return generate(SynthConfig(**BASE, effect_month="2024-10", effect_factor=FACTOR))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def effect_moves(with_effect: SynthData) -> pd.DataFrame:
    return _transitions(with_effect.staff)


def _march(staff: pd.DataFrame) -> pd.DataFrame:
    d = staff["snapshot_date"]
    return staff[(d.dt.month == 3) & (d.dt.day == 31)].reset_index(drop=True)


def _transitions(staff: pd.DataFrame) -> pd.DataFrame:
    """Each row of a snapshot after the first, with the same person's row in the previous snapshot (``*_prev``,
    missing when they were not in post)."""
    s = staff[["snapshot_date", "person_id", "band", "bank_only", "ethnic_category"]].copy()
    s["grp"] = wres_group(s["ethnic_category"]).to_numpy()
    dates = np.sort(s["snapshot_date"].unique())
    following = dict(itertools.pairwise(dates))
    prev = s[s["snapshot_date"].isin(dates[:-1])].copy()
    prev["snapshot_date"] = prev["snapshot_date"].map(following)
    j = s[s["snapshot_date"] > dates[0]].merge(
        prev, on=["snapshot_date", "person_id"], how="left", suffixes=("", "_prev")
    )
    j["post"] = j["snapshot_date"] >= EFFECT  # a month end on or after the effect's first day
    return j


def _share_high(staff: pd.DataFrame, when: pd.Timestamp) -> tuple[float, int]:
    s = staff[(staff["snapshot_date"] == when) & staff["band"].isin(HIGH)]
    return float((wres_group(s["ethnic_category"]) == "BME").mean()), len(s)


# --- off: unchanged --------------------------------------------------------------------------------------


def test_plain_output_is_unchanged() -> None:
    config = SynthConfig(**PLAIN)  # type: ignore[arg-type]
    data = generate(config)
    # The staff table's pay columns (issue 17) were added after these digests: every other column, and every other
    # table, is still byte-for-byte what it was; the pay columns are pinned on their own (PAY_DIGEST).
    tables = {name: df.drop(columns=list(PAY_COLUMNS)) if name == "staff" else df for name, df in data.tables().items()}
    assert {name: _digest(df) for name, df in tables.items()} == PLAIN_DIGESTS
    assert _digest(data.staff[list(PAY_COLUMNS)]) == PAY_DIGEST
    assert not {"monthly", "effect_month", "effect_factor", "pay_gap_within"} & set(config.to_dict())


def test_monthly_adds_month_ends_and_keeps_every_31_march_row() -> None:
    plain = generate(SynthConfig(**PLAIN))  # type: ignore[arg-type]
    monthly = generate(SynthConfig(**PLAIN, monthly=True))  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(_march(monthly.staff), plain.staff, check_exact=True)
    for name in TABLE_NAMES:
        if name != "staff":
            pd.testing.assert_frame_equal(getattr(monthly, name), getattr(plain, name), check_exact=True)
    expected = pd.date_range("2023-03-31", "2025-03-31", freq="ME")
    assert list(np.sort(monthly.staff["snapshot_date"].unique())) == list(expected)
    assert monthly.config.to_dict()["monthly"] is True


def test_monthly_people_and_bands_are_consistent(plain_monthly: SynthData) -> None:
    j = _transitions(plain_monthly.staff)
    # A person keeps their ethnic category from one month to the next, and a band only ever goes up the
    # Agenda for Change ladder (the flow has promotions, no demotions).
    kept = j.dropna(subset=["band_prev"])
    assert (kept["ethnic_category"] == kept["ethnic_category_prev"]).all()
    afc = ["U1", "1", "2", "3", "4", "5", "6", "7", *HIGH]
    rank = {b: i for i, b in enumerate(afc)}
    both = kept[kept["band"].isin(afc) & kept["band_prev"].isin(afc)]
    assert (both["band"].map(rank) >= both["band_prev"].map(rank)).all()
    # Month-to-month headcount moves smoothly: no month end differs from the previous by more than 3%.
    heads = plain_monthly.staff.groupby("snapshot_date").size()
    assert (heads.pct_change().dropna().abs() < 0.03).all()


def test_monthly_folder_passes_validation(tmp_path: Path) -> None:
    data = generate(SynthConfig(n_orgs=1, size=600, first_year=2024, last_year=2025, seed=3, monthly=True))
    folder = write_canonical(data, tmp_path / "canonical", fmt="parquet")
    counts = FolderValidator(duckdb.connect(), folder).validate()
    assert counts == {name: len(df) for name, df in data.tables().items()}


# --- on: the known effect ---------------------------------------------------------------------------------


def test_effect_leaves_the_years_before_it_alone(plain_monthly: SynthData, with_effect: SynthData) -> None:
    """The effect changes random draws only from the activity year containing it (April 2024)."""
    before = pd.Timestamp(2024, 3, 31)
    a = plain_monthly.staff[plain_monthly.staff["snapshot_date"] <= before].reset_index(drop=True)
    b = with_effect.staff[with_effect.staff["snapshot_date"] <= before].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_effect_multiplies_the_bme_promotion_likelihood_into_8a(effect_moves: pd.DataFrame) -> None:
    """BME ÷ White monthly likelihood of promotion from band 7 into 8a and above, after ÷ before the effect.

    Expected about ``FACTOR`` (the promotion weight of BME staff is multiplied by it; with few promotions
    against many candidates the chance is about proportional to the weight). Tolerance: 3 standard errors of
    the log ratio of ratios, Katz's √(1/a − 1/n1 + 1/c − 1/n2) per ratio from the counts themselves."""
    j = effect_moves
    risk = j[(j["band_prev"] == "7") & ~j["bank_only_prev"].fillna(True).astype(bool)]
    risk = risk.assign(promoted=risk["band"].isin(HIGH))
    counts = risk.groupby(["post", "grp_prev"])["promoted"].agg(["sum", "count"])
    log_rr, var = {}, 0.0
    for post in (False, True):
        a, n1 = counts.loc[(post, "BME")]
        c, n2 = counts.loc[(post, "White")]
        assert min(a, c) >= 20  # enough events for the normal approximation
        log_rr[post] = math.log((a / n1) / (c / n2))
        var += 1 / a - 1 / n1 + 1 / c - 1 / n2
    change = log_rr[True] - log_rr[False]
    assert change > 0
    assert abs(change - math.log(FACTOR)) < 3 * math.sqrt(var)


def test_effect_multiplies_the_odds_that_an_entrant_to_8a_is_bme(effect_moves: pd.DataFrame) -> None:
    """Among people entering 8a and above (promoted or hired), odds of being BME after ÷ before ≈ FACTOR.

    Before: the 12 month ends before the effect (the BME share of the workforce drifts up about a point a
    year, so a short window). Tolerance: 3 standard errors of the log odds ratio (Woolf, from the counts)."""
    j = effect_moves
    entrants = j[j["band"].isin(HIGH) & ~j["band_prev"].isin(HIGH) & (j["grp"] != "Unknown")]
    window = entrants[entrants["snapshot_date"] >= EFFECT - pd.DateOffset(months=12)]
    bme = window["grp"] == "BME"
    b1, w1 = int((bme & window["post"]).sum()), int((~bme & window["post"]).sum())
    b0, w0 = int((bme & ~window["post"]).sum()), int((~bme & ~window["post"]).sum())
    log_or = math.log((b1 / w1) / (b0 / w0))
    se = math.sqrt(1 / b1 + 1 / w1 + 1 / b0 + 1 / w0)
    assert log_or > 0
    assert abs(log_or - math.log(FACTOR)) < 3 * se


def test_bme_share_at_8a_and_above_rises_from_the_effect(
    plain_monthly: SynthData, with_effect: SynthData, effect_moves: pd.DataFrame
) -> None:
    """The BME share at 8a and above at the last month end, with the effect minus without, by hand.

    Expected extra BME at 8a+: each post-effect entrant's chance of being BME moves from s (before the effect,
    odds o = s/(1 − s)) to f·o/(1 + f·o); extra = N_post · (s_f − s); the share moves by extra / headcount.
    Entrants who left again are ignored (they make the expectation a little high). The two runs share every
    draw before April 2024 and diverge after it, so the difference also carries the binomial noise of both
    runs' flows since then: sd ≈ √(2 · (entrants + leavers) · p(1 − p)) / headcount, tolerance 3 sd."""
    last = pd.Timestamp(2026, 3, 31)
    share_on, head_on = _share_high(with_effect.staff, last)
    share_off, _ = _share_high(plain_monthly.staff, last)
    # Before the effect: identical, by construction.
    assert _share_high(with_effect.staff, pd.Timestamp(2024, 3, 31)) == _share_high(
        plain_monthly.staff, pd.Timestamp(2024, 3, 31)
    )

    j = effect_moves
    entrants = j[j["band"].isin(HIGH) & ~j["band_prev"].isin(HIGH)]
    before = entrants[~entrants["post"] & (entrants["snapshot_date"] >= EFFECT - pd.DateOffset(months=12))]
    s = float((before["grp"] == "BME").mean())
    odds = FACTOR * s / (1 - s)
    n_post = int(entrants["post"].sum())
    expected = n_post * (odds / (1 + odds) - s) / head_on

    since = entrants[entrants["snapshot_date"] > pd.Timestamp(2024, 3, 31)]
    at_high = with_effect.staff[with_effect.staff["band"].isin(HIGH)]
    first_day, last_day = pd.Timestamp(2024, 3, 31), last
    stock = set(at_high.loc[at_high["snapshot_date"] == first_day, "person_id"]) | set(since["person_id"])
    leavers = len(stock - set(at_high.loc[at_high["snapshot_date"] == last_day, "person_id"]))
    p = share_on
    sd = math.sqrt(2 * (len(since) + leavers) * p * (1 - p)) / head_on

    assert share_on - share_off > 0
    assert abs((share_on - share_off) - expected) < 3 * sd
    assert expected > 3 * sd  # the effect is larger than the noise, so the test could fail without it


def test_effect_month_is_validated() -> None:
    with pytest.raises(WresError, match="effect_month must be a month written YYYY-MM"):
        SynthConfig(effect_month="October 2024")
    with pytest.raises(WresError, match="effect_month must lie between 2022-04 and 2026-03"):
        SynthConfig(effect_month="2022-03")
    with pytest.raises(WresError, match="effect_factor"):
        SynthConfig(effect_month="2024-10", effect_factor=50.0)


def test_monthly_raw_extracts_have_one_esr_file_per_month_end(tmp_path: Path) -> None:
    data = generate(SynthConfig(n_orgs=1, size=600, first_year=2024, last_year=2025, seed=3, monthly=True))
    folder = write_raw(data, tmp_path / "raw")
    names = sorted(p.name for p in folder.glob("esr_staff_*.csv"))
    assert names == [f"esr_staff_{d:%Y-%m-%d}.csv" for d in pd.date_range("2024-03-31", "2025-03-31", freq="ME")]
    esr = pd.read_csv(folder / "esr_staff_2024-10-31.csv", dtype=str, keep_default_na=False)
    in_post = data.staff[data.staff["snapshot_date"] == pd.Timestamp(2024, 10, 31)]
    assert (esr["Primary Assignment"] == "Yes").sum() == len(in_post)
