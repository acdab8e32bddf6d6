"""Synthetic pay (wres.synth.pay, issue 17): the known within-band gap is exactly the configured factor, the pay
stream leaves every other column alone, and the setting is validated and recorded only when not the default."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wres.errors import WresError
from wres.synth import SynthConfig, generate
from wres.vocab.ethnicity import CATEGORIES

SMALL = {"size": 600, "first_year": 2025, "last_year": 2026, "seed": 8}


@pytest.fixture(scope="module")
def pair() -> tuple[pd.DataFrame, pd.DataFrame]:
    none = generate(SynthConfig(**SMALL, pay_gap_within=0.0)).staff  # type: ignore[arg-type]
    ten = generate(SynthConfig(**SMALL, pay_gap_within=0.10)).staff  # type: ignore[arg-type]
    return none, ten


def test_the_within_band_gap_is_the_configured_factor(pair: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    none, ten = pair
    pd.testing.assert_frame_equal(
        none.drop(columns=["hourly_pay"]), ten.drop(columns=["hourly_pay"]), check_exact=True
    )  # same people, bands, hours and FTE
    bme = none["ethnic_category"].map(lambda c: CATEGORIES[c].wres_group == "BME").to_numpy()
    a, b = none["hourly_pay"].to_numpy(), ten["hourly_pay"].to_numpy()
    assert bme.any()
    assert (~bme).any()
    assert (a[~bme] == b[~bme]).all()  # White and Unknown staff: unchanged
    assert np.abs(b[bme] - 0.9 * a[bme]).max() <= 0.011  # BME: 90% of the same position's pay, to the penny


def test_everyone_in_post_has_pay(pair: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    staff = pair[0]
    assert staff["hourly_pay"].notna().all()
    assert (staff["hourly_pay"] > 0).all()
    assert staff["hourly_pay"].max() <= 1000
    assert ((staff["hourly_pay"] * 100).round(6) % 1 == 0).all()  # whole pence
    assert set(staff["fte"]) <= {0.0, 0.4, 0.5, 0.6, 0.8, 1.0}
    assert (staff.loc[~staff["bank_only"], "fte"] > 0).all()


def test_a_person_keeps_their_position_and_fte(pair: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    staff = pair[0]
    stayed = staff.groupby(["person_id", "band"]).agg(pay=("hourly_pay", "nunique"), fte=("fte", "nunique"))
    assert (stayed["pay"] == 1).all()
    assert (stayed["fte"] == 1).all()


def test_the_setting_is_validated_and_recorded_only_when_not_default() -> None:
    with pytest.raises(WresError, match=r"pay_gap_within must be between 0 and 0\.5"):
        SynthConfig(pay_gap_within=0.6)
    assert "pay_gap_within" not in SynthConfig().to_dict()
    assert SynthConfig(pay_gap_within=0.05).to_dict()["pay_gap_within"] == 0.05
