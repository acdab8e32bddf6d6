"""An objective's measure as a yearly series from a small synthetic store (issue 15), one value checked against a
count of the store's own staff records, and the row choice checked on hand-made result rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from wres.config import DEFAULT_CONFIG
from wres.errors import WresError
from wres.plan.records import Measure
from wres.plan.series import (
    baseline_value,
    breakdown_for,
    measure_series,
    points_from_results,
    row_group,
    series_for,
    years_held,
)
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical
from wres.vocab.ethnicity import wres_group_of

ORG = "SY001"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("plan-series")
    data = generate(SynthConfig(size=300, first_year=2024, last_year=2026, seed=7))
    canonical = write_canonical(data, folder / "canonical")
    path: Path = folder / "synth.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    with Store(path, read_only=True) as st:
        yield st


def test_senior_share_matches_a_count_of_the_staff_records(store: Store) -> None:
    measure = Measure(indicator="1", breakdown="band", stratum="8a")
    points = measure_series(store, ORG, measure, [2024, 2025, 2026], DEFAULT_CONFIG)
    assert [p.year for p in points] == [2024, 2025, 2026]
    # by hand: staff of band 8a on 31 March 2026, bank-only and honorary excluded (wres-domain.md §3.5), and how
    # many of them are BME
    codes = store.con.execute(
        "SELECT ethnic_category FROM staff WHERE org_code = ? AND snapshot_date = DATE '2026-03-31' "
        "AND band = '8a' AND NOT bank_only AND contract <> 'honorary'",
        [ORG],
    ).fetchall()
    everyone = len(codes)
    bme = sum(wres_group_of(str(code)) == "BME" for (code,) in codes)
    assert everyone > 0
    latest = points[-1]
    assert (latest.a, latest.n1) == (bme, everyone)
    assert latest.estimate == pytest.approx(bme / everyone)
    assert latest.low is not None
    assert latest.high is not None
    assert latest.low <= latest.estimate <= latest.high
    assert latest.variant == "headcount"


def test_headline_variant_unless_one_is_named(store: Store) -> None:
    headline = measure_series(store, ORG, Measure(indicator="2"), None, DEFAULT_CONFIG)
    assert [p.year for p in headline] == years_held(store, ORG) == [2024, 2025, 2026]
    assert {p.variant for p in headline} == {"all"}  # indicator 2's headline: all applicants
    named = measure_series(store, ORG, Measure(indicator="2", variant="excluding_international"), None, DEFAULT_CONFIG)
    assert {p.variant for p in named} == {"excluding_international"}
    board = measure_series(store, ORG, Measure(indicator="9"), [2026], DEFAULT_CONFIG)
    assert [(p.variant, p.low, p.high) for p in board] == [("voting", None, None)]  # descriptive: no interval


def test_a_disaggregated_group_against_white(store: Store) -> None:
    points = measure_series(
        store, ORG, Measure(indicator="2", grouping="group5", group="Black"), [2026], DEFAULT_CONFIG
    )
    white = measure_series(store, ORG, Measure(indicator="2"), [2026], DEFAULT_CONFIG)
    assert len(points) == 1
    # the White comparator (a of n1) is the same as in the BME row; the Black group is c of n2
    assert (points[0].a, points[0].n1) == (white[0].a, white[0].n1)
    assert points[0].n2 is not None
    assert white[0].n2 is not None
    assert points[0].n2 < white[0].n2


def test_baseline_value(store: Store) -> None:
    measure = Measure(indicator="6")
    series = {p.year: p.estimate for p in measure_series(store, ORG, measure, None, DEFAULT_CONFIG)}
    assert baseline_value(store, ORG, measure, 2025, DEFAULT_CONFIG) == series[2025]
    assert baseline_value(store, ORG, measure, 2019, DEFAULT_CONFIG) is None  # no data that year


def test_only_the_internal_tier(store: Store) -> None:
    with pytest.raises(WresError, match="internal tier only"):
        measure_series(store, ORG, Measure(indicator="2"), [2026], DEFAULT_CONFIG, tier="public")


@pytest.mark.parametrize(
    ("measure", "by"),
    [
        (Measure(indicator="2"), None),
        (Measure(indicator="1", breakdown="band", stratum="8a"), None),  # with the overall run
        (Measure(indicator="1", breakdown="staff_group", stratum="Nursing"), "staff_group"),
        (Measure(indicator="2", breakdown="band", stratum="8a"), "band"),
        (Measure(indicator="6", grouping="group5", group="Black"), "ethnicity5"),
        (Measure(indicator="6", grouping="group9", group="Black African"), "ethnicity9"),
    ],
)
def test_breakdown_for(measure: Measure, by: str | None) -> None:
    assert breakdown_for(measure) == by


def test_breakdowns_wres_cannot_compute() -> None:
    with pytest.raises(WresError, match="'paygrade'"):
        breakdown_for(Measure(indicator="2", breakdown="paygrade"))
    with pytest.raises(WresError, match="whole organisation only"):
        breakdown_for(Measure(indicator="2", breakdown="band", stratum="8a", grouping="group5", group="Black"))


def test_row_choice_on_hand_made_rows() -> None:
    def row(
        year: int, variant: str, headline: bool, a: str, b: str, est: float | None, reason: str | None = None
    ) -> dict:
        return {
            "org_code": ORG,
            "year": year,
            "indicator": "7",
            "variant": variant,
            "headline": headline,
            "category": "all",
            "breakdown": "overall",
            "stratum": "all",
            "grouping": "wres",
            "group_a": a,
            "group_b": b,
            "a": 1.0,
            "n1": 2.0,
            "c": 3.0,
            "n2": 4.0,
            "estimate": np.nan if est is None else est,
            "ci95_low": np.nan if est is None else est - 1,
            "ci95_high": np.nan if est is None else est + 1,
            "status": "no_evidence" if est is not None else "not_computed",
            "reason": reason,
        }

    frame = pd.DataFrame(
        [
            row(2024, "microdata", True, "White", "BME", 5.0),
            row(2025, "published", True, "White", "BME", 4.0),  # the survey's published figures that year
            row(2025, "microdata", False, "White", "BME", 9.0),
            row(2026, "microdata", True, "White", "BME", None, "no_people"),
            row(2026, "microdata", True, "Other", "BME", 1.0),  # another org's shape: not the measure's group
        ]
    )
    points = points_from_results(frame, ORG, Measure(indicator="7"))
    assert [(p.year, p.variant, p.estimate, p.reason) for p in points] == [
        (2024, "microdata", 5.0, None),
        (2025, "published", 4.0, None),
        (2026, "microdata", None, "no_people"),
    ]
    assert points_from_results(frame, "OTHER", Measure(indicator="7")) == []
    assert row_group("White", "Black") == "Black"
    assert row_group("White", "Overall workforce") == "White"
    assert row_group("BME", "White") == "BME"


def test_series_for_several_measures_computes_each_breakdown_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wres.plan.series as series

    runs: list[str | None] = []
    real = series.compute

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(kwargs.get("by"))
        return real(*args, **kwargs)

    measures = [
        Measure(indicator="2"),
        Measure(indicator="1", breakdown="band", stratum="8a"),
        Measure(indicator="4", breakdown="band", stratum="5"),
        Measure(indicator="2"),  # twice: once in the answer
    ]
    monkeypatch.setattr(series, "compute", counted)
    found = series_for(store, ORG, measures, [2025, 2026], DEFAULT_CONFIG)
    assert sorted(runs, key=str) == [None, "band"]  # the overall run (indicators 2 and 1 by band) and --by band
    monkeypatch.undo()
    assert list(found) == measures[:3]
    for measure in measures[:3]:
        assert found[measure] == measure_series(store, ORG, measure, [2025, 2026], DEFAULT_CONFIG)
    with pytest.raises(WresError, match="internal tier only"):
        series_for(store, ORG, measures, [2026], DEFAULT_CONFIG, tier="public")
