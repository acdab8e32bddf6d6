"""Flow counts for the pipeline projection (wres.indicators.flows) on the leading indicators' hand-built snapshots
(tests.indicators.leading_records): the Ibis counts against the module docstring's hand counts and against a
pandas count of the same staff rows; the reclassification rule; Spark against DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from tests.indicators.leading_records import ORG, staff_rows, write_leading_folder

from wres.config import DEFAULT_CONFIG
from wres.errors import WresError
from wres.indicators import from_store
from wres.indicators.flows import FlowCounts, flow_counts
from wres.store import Store

GROUP = {"A": "White", "N": "BME", "99": "Unknown"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    base = tmp_path_factory.mktemp("flows")
    folder = write_leading_folder(base / "canonical")
    with Store(base / "flows.duckdb") as st:
        st.load_folder(folder)
        yield st


@pytest.fixture(scope="module")
def counts(store: Store) -> FlowCounts:
    return flow_counts(from_store(store), ORG, DEFAULT_CONFIG)


def _moves(c: FlowCounts, year: int) -> dict[tuple[str, str, str], int]:
    m = c.moves[c.moves["year"] == year].groupby(["group", "band", "to"])["people"].sum()
    return {key: int(n) for key, n in m.items()}


def test_moves_2024_by_hand(counts: FlowCounts) -> None:
    # docstring of leading_records: W01-W04 5 -> 6, W05 6 -> 5, W06-W19 stay 5, W20 leaves, M1 UNMAPPED -> 6,
    # D2 MD_NCCG -> MD_CONS; B01 5 -> 6, B02-B08 stay, B10 and D1 leave; X1 (99 -> N) stays at 5, counted BME
    assert _moves(counts, 2024) == {
        ("White", "5", "6"): 4,
        ("White", "6", "5"): 1,
        ("White", "5", "5"): 14,
        ("White", "5", "left"): 1,
        ("White", "UNMAPPED", "6"): 1,
        ("White", "MD_NCCG", "MD_CONS"): 1,
        ("BME", "5", "6"): 1,
        ("BME", "5", "5"): 8,  # B02-B08 and X1, reclassified into its stated group
        ("BME", "5", "left"): 1,
        ("BME", "MD_TRAIN", "left"): 1,
    }


def test_reclassification_is_neither_hire_nor_leaver(counts: FlowCounts) -> None:
    r = counts.reclassified
    assert r[["year", "from_group", "to_group", "band", "people"]].values.tolist() == [[2024, "Unknown", "BME", "5", 1]]
    unknown = counts.moves[(counts.moves["group"] == "Unknown") & (counts.moves["year"] == 2024)]
    assert unknown.empty  # X1 is in no Unknown row: not a leaver from Unknown
    hires_2024 = counts.hires[counts.hires["year"] == 2024]
    assert hires_2024[["group", "band", "people"]].values.tolist() == [["BME", "5", 1]]  # B09 back: X1 is no hire


def test_hires_2023_and_latest_stock(counts: FlowCounts) -> None:
    h = counts.hires[counts.hires["year"] == 2023]
    # new in 2023 (in scope): X1 (Unknown, 5), M1 (White, UNMAPPED), D2 (White, MD_NCCG), D1 (BME, MD_TRAIN)
    got = {(g, b): int(n) for g, b, n in zip(h["group"], h["band"], h["people"], strict=True)}
    assert got == {("Unknown", "5"): 1, ("White", "UNMAPPED"): 1, ("White", "MD_NCCG"): 1, ("BME", "MD_TRAIN"): 1}
    assert counts.latest_year == 2024
    assert counts.years == (2023, 2024)  # 2022 has no 2021 snapshot
    by_group = counts.stock.groupby("group")["people"].sum().to_dict()
    assert by_group == {"White": 19 + 1 + 1, "BME": 8 + 1 + 1}  # W01-W19, M1, D2; B01-B08, B09 back, X1 (now N)


def _pandas_moves(year: int) -> pd.DataFrame:
    """The same counts by pandas from the raw rows: an independent hand count (in scope: not bank-only)."""
    staff = pd.DataFrame(staff_rows())
    staff = staff[staff["bank_only"] == "false"]
    before = staff[staff["snapshot_date"] == f"{year - 1}-03-31"]
    now = staff[staff["snapshot_date"] == f"{year}-03-31"]
    j = before.merge(now, on="person_id", how="left", suffixes=("", "_y"))
    prev = j["ethnic_category"].map(GROUP)
    later = j["ethnic_category_y"].map(GROUP)
    group = later.where(later.notna() & (later != "Unknown"), prev)
    out = pd.DataFrame({"group": group, "band": j["band"], "to": j["band_y"].fillna("left")})
    return out.value_counts().rename("people").reset_index()


@pytest.mark.parametrize("year", [2023, 2024])
def test_ibis_counts_equal_pandas_hand_count(counts: FlowCounts, year: int) -> None:
    ibis_side = counts.moves[counts.moves["year"] == year].groupby(["group", "band", "to"])["people"].sum()
    pandas_side = _pandas_moves(year).set_index(["group", "band", "to"])["people"]
    pd.testing.assert_series_equal(ibis_side.sort_index(), pandas_side.sort_index(), check_names=False)


def test_one_snapshot_is_a_clear_error(store: Store) -> None:
    with pytest.raises(WresError, match="two consecutive 31 March snapshots"):
        flow_counts(from_store(store), ORG, DEFAULT_CONFIG, latest=2022)
    with pytest.raises(WresError, match="no 31 March 2019 staff snapshot"):
        flow_counts(from_store(store), ORG, DEFAULT_CONFIG, latest=2019)


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_spark_gives_the_same_flow_counts(store: Store, counts: FlowCounts, tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from wres.indicators.spark import from_store_on_spark

    spark = flow_counts(from_store_on_spark(store, tmp_path), ORG, DEFAULT_CONFIG)
    for name in ("moves", "reclassified", "hires", "stock"):
        duck_frame, spark_frame = getattr(counts, name), getattr(spark, name)
        keys = list(duck_frame.columns)
        pd.testing.assert_frame_equal(
            duck_frame.sort_values(keys).reset_index(drop=True),
            spark_frame[keys].sort_values(keys).reset_index(drop=True),
            check_dtype=False,
        )
