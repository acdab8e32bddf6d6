"""Realism of the synthetic workforce: shares, snowy white peaks, mix and the flow (wres-domain.md §8)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from tests.synth.helpers import bme_share, in_scope, last_snapshot, wres_group

from wres.errors import WresError
from wres.synth import SynthConfig, SynthData

SENIOR = ("8c", "8d", "9", "VSM")


def test_national_bme_share_about_28_percent_and_rising(national: SynthData) -> None:
    staff = in_scope(national.staff)
    by_year = staff.groupby(staff["snapshot_date"].dt.year)["ethnic_category"].apply(
        lambda s: float((wres_group(s) == "BME").mean())
    )
    assert by_year.iloc[-1] == pytest.approx(0.28, abs=0.03)
    assert by_year.is_monotonic_increasing
    rise_per_year = (by_year.iloc[-1] - by_year.iloc[0]) / (len(by_year) - 1)
    assert 0.005 <= rise_per_year <= 0.02


def test_regional_profiles(london: SynthData, south_west: SynthData, single: SynthData) -> None:
    assert bme_share(last_snapshot(london)) == pytest.approx(0.50, abs=0.06)
    assert bme_share(last_snapshot(south_west)) == pytest.approx(0.15, abs=0.04)
    assert bme_share(last_snapshot(single)) == pytest.approx(0.28, abs=0.03)
    assert set(london.organisations["region"]) == {"London"}
    assert set(south_west.organisations["region"]) == {"South West"}


def test_national_run_spreads_organisations_over_regions(national: SynthData) -> None:
    orgs = national.organisations
    assert orgs["org_code"].str.fullmatch(r"SY\d{3}").all()
    assert orgs["org_name"].str.startswith("Synthetic ").all()
    assert orgs["region"].nunique() == 7
    assert {"Acute", "Mental health"} <= set(orgs["trust_type"])
    last = last_snapshot(national)
    sizes = last.groupby("org_code").size()
    assert sizes.max() > 1.5 * sizes.min()  # sizes vary between trusts
    share = last.assign(g=wres_group(last["ethnic_category"])).merge(orgs, on="org_code")
    by_region = share.groupby("region")["g"].apply(lambda g: float((g == "BME").mean()))
    assert by_region.idxmax() == "London"
    assert by_region["London"] == pytest.approx(0.50, abs=0.08)
    assert by_region["South West"] < 0.22


def test_snowy_white_peaks(national: SynthData) -> None:
    last = last_snapshot(national)
    overall = bme_share(last)

    def share(bands: tuple[str, ...]) -> float:
        return bme_share(last[last["band"].isin(bands)])

    band5, band8a, senior, vsm = share(("5",)), share(("8a",)), share(SENIOR), share(("VSM",))
    assert band5 > overall + 0.05
    assert band8a < overall
    assert senior < band8a
    assert senior < overall - 0.10
    assert 0.06 <= vsm <= 0.18


def test_medical_and_dental_share(national: SynthData) -> None:
    last = last_snapshot(national)
    medical = last[last["staff_group"] == "Medical and Dental"]
    assert bme_share(medical) == pytest.approx(0.45, abs=0.08)
    assert medical["band"].str.startswith("MD_").all()
    assert not last.loc[last["staff_group"] != "Medical and Dental", "band"].str.startswith("MD_").any()


def test_staff_group_and_band_mix(national: SynthData) -> None:
    last = last_snapshot(national)
    mix = last["staff_group"].value_counts(normalize=True)
    assert mix["Nursing and Midwifery Registered"] == pytest.approx(0.27, abs=0.04)
    assert mix["Administrative and Clerical"] == pytest.approx(0.24, abs=0.04)
    assert mix["Additional Clinical Services"] == pytest.approx(0.20, abs=0.04)
    assert mix["Medical and Dental"] == pytest.approx(0.10, abs=0.03)
    assert mix["Allied Health Professionals"] == pytest.approx(0.075, abs=0.03)
    bands = last["band"].value_counts(normalize=True)
    assert bands[["2", "3", "4", "5", "6"]].sum() > 0.6
    assert bands[list(SENIOR)].sum() < 0.03
    assert bands["VSM"] > 0


def test_unknown_share(national: SynthData) -> None:
    last = last_snapshot(national)
    unknown = float((wres_group(last["ethnic_category"]) == "Unknown").mean())
    assert unknown == pytest.approx(national.config.unknown_share, abs=0.015)
    assert {"Z", "99"} <= set(last["ethnic_category"])


def test_bank_only_people(national: SynthData) -> None:
    staff = national.staff
    share = staff["bank_only"].mean()
    assert 0.03 < share < 0.10
    assert (staff.loc[staff["bank_only"], "contract"] == "bank").all()
    assert (staff.loc[~staff["bank_only"], "contract"] != "bank").all()


def test_people_persist_with_the_same_attributes(national: SynthData) -> None:
    staff = national.staff
    stable = staff.groupby("person_id")[["ethnic_category", "staff_group", "org_code", "bank_only"]].nunique()
    assert (stable == 1).all().all()
    seen = staff.groupby("person_id")["snapshot_date"].nunique()
    assert (seen == staff["snapshot_date"].nunique()).mean() > 0.4  # many people stay all five years


def test_retention_and_growth(national: SynthData) -> None:
    staff = national.staff
    dates = sorted(staff["snapshot_date"].unique())
    for before, after in itertools.pairwise(dates):
        ids_before = set(staff.loc[staff["snapshot_date"] == before, "person_id"])
        ids_after = set(staff.loc[staff["snapshot_date"] == after, "person_id"])
        retention = len(ids_before & ids_after) / len(ids_before)
        assert 0.87 <= retention <= 0.91
        assert 1.0 < len(ids_after) / len(ids_before) < 1.05


def test_promotions_favour_white_staff(national: SynthData) -> None:
    """Mantel-Haenszel rate ratio (White ÷ BME) of moving up a band, stratified by band, group and trust."""
    order = {b: i for i, b in enumerate(["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM"])}
    order |= {"MD_TRAIN": 0, "MD_CONS": 1}
    staff = in_scope(national.staff)
    staff = staff[staff["band"].isin(list(order))]
    staff = staff.assign(rank=staff["band"].map(order), g=wres_group(staff["ethnic_category"]))
    dates = sorted(staff["snapshot_date"].unique())
    pairs = []
    for before, after in itertools.pairwise(dates):
        a = staff[staff["snapshot_date"] == before]
        b = staff[staff["snapshot_date"] == after][["person_id", "rank"]]
        m = a.merge(b, on="person_id", suffixes=("", "_next"))
        pairs.append(m.assign(up=m["rank_next"] > m["rank"]))
    moves = pd.concat(pairs)
    moves = moves[moves["g"] != "Unknown"]
    num = den = 0.0
    for _, s in moves.groupby(["org_code", "staff_group", "band"]):
        n = len(s)
        w, b = s[s["g"] == "White"], s[s["g"] == "BME"]
        if len(w) == 0 or len(b) == 0:
            continue
        num += w["up"].sum() * len(b) / n
        den += b["up"].sum() * len(w) / n
    ratio = num / den
    assert 1.08 <= ratio <= 1.5


def test_config_is_validated() -> None:
    with pytest.raises(WresError, match="profile"):
        SynthConfig(profile="atlantis")
    with pytest.raises(WresError, match="first_year"):
        SynthConfig(first_year=2026, last_year=2022)
    assert SynthConfig().years == (2022, 2023, 2024, 2025, 2026)
    assert np.isclose(SynthConfig().appointment_ratio, 1.55)
