"""The aggregated-counts path gives exactly the record-level results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres.errors import DataError
from wres.indicators import compute, compute_from_counts, from_store
from wres.indicators.counts import COUNT_COLUMNS, read_counts, write_counts
from wres.store import Store


@pytest.mark.parametrize("by", [None, "band", "ethnicity5", "ethnicity9"])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_counts_file_reproduces_record_results(
    worked_store: Store, tmp_path: Path, by: str | None, suffix: str
) -> None:
    records = compute(from_store(worked_store), [2024], by=by)
    path = tmp_path / f"counts{suffix}"
    write_counts(records.counts, path)
    from_counts = compute_from_counts(read_counts(path), years=[2024])
    pd.testing.assert_frame_equal(records.frame, from_counts.frame)


def test_counts_table_shape(worked_store: Store) -> None:
    counts = compute(from_store(worked_store), [2024]).counts
    assert list(counts.columns) == COUNT_COLUMNS
    i2 = counts[(counts.indicator == "2") & (counts.variant == "all") & (counts.grouping == "wres")]
    values = i2.set_index(["group", "measure"])["value"].to_dict()
    assert values[("White", "shortlisted")] == 1500
    assert values[("BME", "appointed")] == 160


def test_hand_written_return_counts(tmp_path: Path) -> None:
    """An organisation that only has the return's numbers gets the same statistics."""
    rows = []
    for group, short, appt in (("White", 1500, 375), ("BME", 1000, 160), ("Unknown", 40, 5)):
        rows.append(["RYY", 2024, "2", "all", "all", "overall", "all", "wres", group, "shortlisted", short])
        rows.append(["RYY", 2024, "2", "all", "all", "overall", "all", "wres", group, "appointed", appt])
    path = tmp_path / "return.csv"
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    res = compute_from_counts(read_counts(path)).headline().set_index("indicator")
    assert res.loc["2", "estimate"] == pytest.approx(1.5625)
    assert res.loc["2", "unknown"] == 40
    assert res.loc["3", "reason"] == "missing_input"


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("value", "-3", "not a non-negative count"),
        ("value", "many", "not a non-negative count"),
        ("year", "last", "not a year"),
        ("grouping", "wide", "not wres, group5 or group9"),
        ("indicator", "10", "not an indicator 1-9"),
        ("measure", "hired", "not a measure of this indicator"),
    ],
)
def test_bad_counts_file(tmp_path: Path, column: str, value: str, problem: str) -> None:
    row = {
        "org_code": "RYY",
        "year": "2024",
        "indicator": "2",
        "variant": "all",
        "category": "all",
        "breakdown": "overall",
        "stratum": "all",
        "grouping": "wres",
        "group": "White",
        "measure": "shortlisted",
        "value": "10",
    }
    bad = {**row, column: value}
    path = tmp_path / "c.csv"
    pd.DataFrame([row, bad]).to_csv(path, index=False)
    with pytest.raises(DataError) as info:
        read_counts(path)
    first = info.value.problems[0]
    assert first.row == 3
    assert first.column == column
    assert problem in first.problem


def test_counts_file_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    pd.DataFrame({"org_code": ["RYY"]}).to_csv(path, index=False)
    with pytest.raises(DataError, match="required column is missing"):
        read_counts(path)


def test_kmpt_example_divides_unrounded_rates(tmp_path: Path) -> None:
    """17 White and 9 BME entrants among 2,505 White and 725 BME staff: 1.83, not 1.2% / 0.7% = 1.71."""
    rows = []
    for group, entrants, headcount in (("White", 17, 2505), ("BME", 9, 725)):
        for measure, value in (("entrants", entrants), ("entrants_prev", ""), ("headcount", headcount)):
            rows.append(["RKM", 2021, "3", "all", "all", "overall", "all", "wres", group, measure, value])
    path = tmp_path / "kmpt.csv"
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    frame = compute_from_counts(read_counts(path)).frame
    single = frame[(frame.indicator == "3") & (frame.variant == "single_year")].iloc[0]
    assert round(single.estimate, 2) == 1.83
    rolling = frame[(frame.indicator == "3") & (frame.variant == "rolling")].iloc[0]
    assert rolling.reason == "missing_input"  # no previous year supplied


def test_synthetic_trust_record_and_counts_paths_agree(tmp_path: Path) -> None:
    from wres.synth import SynthConfig, generate, write_canonical

    data = generate(SynthConfig(profile="london", n_orgs=2, size=1500, seed=11))
    folder = write_canonical(data, tmp_path / "canonical", fmt="parquet")
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(folder)
        for by in (None, "ethnicity5"):
            records = compute(from_store(st), [2025, 2026], by=by)
            path = tmp_path / "counts.csv"
            write_counts(records.counts, path)
            again = compute_from_counts(read_counts(path), years=[2025, 2026])
            pd.testing.assert_frame_equal(records.frame, again.frame)
    computed = records.headline()
    assert (computed["status"] != "not_computed").all()
