"""The record-level path reproduces the worked examples of wres-domain.md §5 and methods.md §2–3."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wres.config import WresConfig, config_from_mapping
from wres.indicators import compute, from_store
from wres.store import Store


def headline(store: Store, config: WresConfig | None = None) -> pd.DataFrame:
    res = compute(from_store(store), [2024], config=config or WresConfig())
    return res.headline().set_index(["indicator", "variant"])


def test_indicator2_appointment(worked_store: Store) -> None:
    row = headline(worked_store).loc[("2", "all")]
    assert (row.a, row.n1, row.c, row.n2) == (375, 1500, 160, 1000)
    assert row.estimate == pytest.approx(1.5625)
    assert (row.ci95_low, row.ci95_high) == pytest.approx((1.3239, 1.8479), abs=1e-4)
    assert (row.ci998_low, row.ci998_high) == pytest.approx((1.2049, 2.0364), abs=1e-4)
    assert (row.katz95_low, row.katz95_high) == pytest.approx((1.3223, 1.8463), abs=1e-4)
    assert row.status == "adverse_evidence"
    assert row.side == "above"
    assert row.group_a == "White"
    assert row.group_b == "BME"


def test_indicator3_rolling_default_and_single_year(worked_store: Store) -> None:
    res = compute(from_store(worked_store), [2024]).frame
    overall = res[(res.indicator == "3") & (res.breakdown == "overall") & (res.grouping == "wres")]
    rolling = overall[overall.variant == "rolling"].iloc[0]
    single = overall[overall.variant == "single_year"].iloc[0]
    # rolling: (6 + 10) / 2 / 800 vs (20 + 22) / 2 / 3000, intervals on summed counts over twice the headcount
    assert (rolling.a, rolling.n1, rolling.c, rolling.n2) == (16, 1600, 42, 6000)
    assert rolling.estimate == pytest.approx(1.4286, abs=1e-4)
    assert (rolling.ci95_low, rolling.ci95_high) == pytest.approx((0.8109, 2.5130), abs=1e-4)
    assert rolling.status == "insufficient_evidence"
    assert bool(rolling.headline)
    assert single.estimate == pytest.approx(1.7045, abs=1e-4)
    assert (single.ci95_low, single.ci95_high) == pytest.approx((0.8227, 3.5227), abs=1e-4)
    assert not bool(single.headline)


def test_indicator3_single_year_by_configuration(worked_store: Store) -> None:
    config = config_from_mapping({"indicator3": {"form": "single_year"}})
    row = headline(worked_store, config).loc[("3", "single_year")]
    assert row.estimate == pytest.approx(10 / 800 / (22 / 3000))


def test_indicator4_training(worked_store: Store) -> None:
    row = headline(worked_store).loc[("4", "all")]
    assert (row.a, row.n1, row.c, row.n2) == (1200, 3000, 250, 800)
    assert row.estimate == pytest.approx(1.28)
    assert (row.ci95_low, row.ci95_high) == pytest.approx((1.1470, 1.4340), abs=1e-4)
    assert row.status == "adverse_evidence"


def test_indicator6_either_item(worked_store: Store) -> None:
    row = headline(worked_store).loc[("6", "microdata")]
    assert (row.a, row.n1, row.c, row.n2) == (108, 400, 440, 2000)
    assert row.estimate == pytest.approx(5.0)
    assert (row.ci95_low, row.ci95_high) == pytest.approx((0.48, 9.88), abs=5e-3)
    assert (row.ci998_low, row.ci998_high) == pytest.approx((-1.94, 12.83), abs=5e-3)
    assert row.status == "bme_worse_evidence"


def test_survey_indicators_without_answers_are_not_computed(worked_store: Store) -> None:
    h = headline(worked_store)
    for ind in ("5", "7", "8"):
        row = h.loc[(ind, "microdata")]
        assert row.status == "not_computed"
        assert row.reason == "no_people"
        assert math.isnan(row.estimate)


def test_indicator9_board(worked_store: Store) -> None:
    h = headline(worked_store)
    voting = h.loc[("9", "voting")]
    executive = h.loc[("9", "executive")]
    workforce = 800 / 3900
    assert voting.estimate == pytest.approx(100 * (3 / 14 - workforce))
    assert executive.estimate == pytest.approx(100 * (1 / 6 - workforce))
    assert voting.status == "descriptive"
    assert math.isnan(voting.ci95_low)


def test_indicator1_shares_sum_to_100(worked_store: Store) -> None:
    res = compute(from_store(worked_store), [2024]).frame
    overall = res[(res.indicator == "1") & (res.breakdown == "overall") & (res.grouping == "wres")]
    assert overall.set_index("group_a")["a"].to_dict() == {"White": 3000, "BME": 800, "Unknown": 100}
    assert overall["estimate"].sum() == pytest.approx(1.0)
    band8a = res[(res.indicator == "1") & (res.breakdown == "band") & (res.category == "all") & (res.stratum == "8a")]
    bme = band8a[band8a.group_a == "BME"].iloc[0]
    assert bme.estimate == pytest.approx(100 / 1100)
    assert bme.benchmark == pytest.approx(800 / 3900)
    assert bme.status == "under_represented_evidence"


def test_unknown_ethnicity_is_completeness_not_rate(worked_store: Store) -> None:
    row = headline(worked_store).loc[("4", "all")]
    assert row.unknown == 100
    assert row.completeness == pytest.approx(1 - 100 / 3900)


def test_missing_tables_are_not_computed(tmp_path: pytest.TempPathFactory, canonical_folder: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "w.duckdb"
    with Store(path) as st:
        st.load_folder(Path(str(canonical_folder)))
        res = compute(from_store(st), [2024]).headline()
    by_ind = res.groupby("indicator")["reason"].first().to_dict()
    for ind in ("2", "3", "4", "5", "6", "7", "8", "9"):
        assert by_ind[ind] == "missing_input"
    assert (res[res.indicator == "1"].status == "descriptive").all()
