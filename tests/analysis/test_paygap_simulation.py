"""The pay gap's intervals and decomposition against known truths: bootstrap coverage from a known lognormal
population (methods.md §14), and the synthetic generator's known gap and band mix (wres.synth.pay)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wres.analysis.paygap import PayGapOptions, pay_gap
from wres.analysis.paygap.gaps import bootstrap_gap
from wres.synth import SynthConfig, generate
from wres.synth import pay as synth_pay
from wres.synth import profiles as pf
from wres.vocab.ethnicity import CATEGORIES

REPLICATIONS = 200


@pytest.mark.parametrize("kind", ["mean", "median"])
def test_bootstrap_interval_covers_the_true_gap_about_95_percent_of_the_time(kind: str) -> None:
    # White ~ lognormal(3.0, 0.4), BME ~ lognormal(2.9, 0.4): the mean and median gaps are both 1 − e^−0.1
    # (the mean of a lognormal is e^(μ + σ²/2) and its median e^μ, so σ cancels).
    truth = 100.0 * (1.0 - np.exp(-0.1))
    rng = np.random.default_rng(2026)
    hits = 0
    for _ in range(REPLICATIONS):
        white, bme = rng.lognormal(3.0, 0.4, 300), rng.lognormal(2.9, 0.4, 150)
        low, high = bootstrap_gap(white, bme, kind, n_resamples=999, rng=rng)  # type: ignore[arg-type]
        hits += low <= truth <= high
    # The central 99.9% of Binomial(200, 0.95): 179 to 198 intervals of 200 cover the truth.
    lo, hi = stats.binom.interval(0.999, REPLICATIONS, 0.95)
    assert lo <= hits <= hi, f"{hits} of {REPLICATIONS} intervals covered the true {kind} gap"


def march(data: object, year: int) -> pd.DataFrame:
    staff = data.staff  # type: ignore[attr-defined]
    return staff[staff["snapshot_date"] == pd.Timestamp(year, 3, 31)].reset_index(drop=True)


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    return march(generate(SynthConfig(size=8000, seed=21, first_year=2025, last_year=2026, pay_gap_within=0.05)), 2026)


def _bands(frame: pd.DataFrame, group: str) -> np.ndarray:
    wres = frame["ethnic_category"].map(lambda c: str(CATEGORIES[c].wres_group))
    return frame.loc[wres == group, "band"].map(pf.BAND_INDEX).to_numpy(dtype=np.int64)


def test_synthetic_pay_recovers_the_known_gap_and_band_mix(synthetic: pd.DataFrame) -> None:
    result = pay_gap(synthetic, PayGapOptions(n_resamples=1999, seed=1), org_code="SY001", year=2026)
    bme = next(g for g in result.gaps if g.group == "BME")
    band_mix, within = synth_pay.known_gap_parts(_bands(synthetic, "White"), _bands(synthetic, "BME"), 0.05)
    assert bme.mean_gap_low <= band_mix + within <= bme.mean_gap_high
    assert bme.band_mix_low <= band_mix <= bme.band_mix_high
    assert bme.within_band == pytest.approx(bme.mean_gap - bme.band_mix)


def test_synthetic_pay_within_band_factor(synthetic: pd.DataFrame) -> None:
    # Within each band with enough people, BME pay is 0.95 of White pay at the same position: the band means'
    # ratio sits near 0.95 (the positions are uniform, so each mean has a known spread).
    wres = synthetic["ethnic_category"].map(lambda c: str(CATEGORIES[c].wres_group))
    checked = 0
    for band in ("5", "6", "7"):
        white = synthetic.loc[(wres == "White") & (synthetic["band"] == band), "hourly_pay"]
        bme = synthetic.loc[(wres == "BME") & (synthetic["band"] == band), "hourly_pay"]
        low, high = synth_pay.band_hourly_range(band)
        sd = (high - low) / np.sqrt(12.0)  # of a uniform position
        se_ratio = np.hypot(sd / np.sqrt(len(white)), sd / np.sqrt(len(bme))) / white.mean()
        assert bme.mean() / white.mean() == pytest.approx(0.95, abs=4 * se_ratio)
        checked += 1
    assert checked == 3


def test_synthetic_pay_follows_the_band_ranges(synthetic: pd.DataFrame) -> None:
    wres = synthetic["ethnic_category"].map(lambda c: str(CATEGORIES[c].wres_group))
    for band, rows in synthetic.groupby("band"):
        low, high = synth_pay.band_hourly_range(str(band))
        pay = rows["hourly_pay"]
        factor = np.where(wres[rows.index] == "BME", 0.95, 1.0)
        assert (pay >= np.floor(low * factor * 100) / 100).all()
        assert (pay <= np.ceil(high * 100) / 100).all()
    # band 5 full time: 29,970 pounds a year over 37.5 hours × 365/7 is about 15.33 an hour
    assert synth_pay.band_hourly_range("5")[0] == pytest.approx(29_970 / (37.5 * 365 / 7))
    assert (
        synthetic["hours"] == (synthetic["fte"] * np.where(synthetic["band"].str.startswith("MD_"), 40, 37.5)).round(2)
    ).all()
    assert (synthetic.loc[synthetic["bank_only"], "fte"] == 0).all()
