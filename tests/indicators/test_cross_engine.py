"""The same indicator expressions on DuckDB and on PySpark give identical results.

All Spark tests share one local Spark session and run on one pytest-xdist worker (group "spark").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from tests.indicators.edge import write_edge_folder
from tests.indicators.history import write_history_folder

from wres.config import DEFAULT_CONFIG, WresConfig, config_from_mapping
from wres.indicators import compute, from_store
from wres.indicators.spark import from_store_on_spark
from wres.store import Store

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def edge_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    base = tmp_path_factory.mktemp("edge")
    folder = write_edge_folder(base / "canonical")
    with Store(base / "edge.duckdb") as st:
        st.load_folder(folder)
        yield st


@pytest.fixture(scope="module")
def history_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    base = tmp_path_factory.mktemp("history")
    folder = write_history_folder(base / "canonical", with_2025=True)
    with Store(base / "history.duckdb") as st:
        st.load_folder(folder)
        yield st


def assert_same(
    store: Store, years: list[int], by: str | None, workdir: Path, config: WresConfig = DEFAULT_CONFIG
) -> pd.DataFrame:
    duck = compute(from_store(store), years, by=by, config=config).frame
    spark = compute(from_store_on_spark(store, workdir), years, by=by, config=config).frame
    pd.testing.assert_frame_equal(duck, spark)
    return duck


@pytest.mark.parametrize("by", [None, "band", "ethnicity9"])
def test_worked_examples_identical(worked_store_path: Path, tmp_path: Path, by: str | None) -> None:
    with Store(worked_store_path, read_only=True) as st:
        frame = assert_same(st, [2023, 2024], by, tmp_path)
    assert len(frame) > 50


@pytest.mark.parametrize("by", [None, "clinical"])
def test_edge_cases_identical(edge_store: Store, tmp_path: Path, by: str | None) -> None:
    frame = assert_same(edge_store, [2024], by, tmp_path)
    reasons = set(frame["reason"].dropna())
    assert {"no_people", "comparator_rate_zero", "missing_input"} <= reasons


@pytest.mark.parametrize(("by", "leavers"), [(None, False), ("band", False), ("clinical", True)])
def test_stable_history_identical(history_store: Store, tmp_path: Path, by: str | None, leavers: bool) -> None:
    """Events linked to the snapshot of their year, indicator 4's in-post numerator, missing activity years."""
    config = config_from_mapping({"indicator4": {"include_leavers": leavers}})
    frame = assert_same(history_store, [2023, 2024, 2025], by, tmp_path, config)
    assert "missing_input" in set(frame["reason"].dropna())
    assert "no_people" in set(frame.loc[frame["indicator"] == "1", "reason"].dropna())


def test_cli_spark_engine_matches_duckdb(worked_store_path: Path, tmp_path: Path) -> None:
    from wres.cli.main import run

    duck, spark = tmp_path / "duck.csv", tmp_path / "spark.csv"
    base = ["indicators", "--store", str(worked_store_path), "--format", "csv"]
    assert run([*base, "--out", str(duck)]) == 0
    assert run([*base, "--engine", "spark", "--out", str(spark)]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(duck), pd.read_csv(spark))


@pytest.mark.parametrize("by", [None, "band"])
def test_leading_identical(tmp_path: Path, by: str | None) -> None:
    """The leading family (wres.indicators.leading) on the hand-built snapshots of tests.indicators.leading_records:
    the same result rows and reclassification table on both engines."""
    from tests.indicators.leading_records import write_leading_folder

    from wres.indicators.leading import compute_leading

    folder = write_leading_folder(tmp_path / "canonical")
    with Store(tmp_path / "leading.duckdb") as st:
        st.load_folder(folder)
        duck = compute_leading(from_store(st), [2023, 2024], by=by)
        spark = compute_leading(from_store_on_spark(st, tmp_path / "spark"), [2023, 2024], by=by)
    pd.testing.assert_frame_equal(duck.frame, spark.frame)
    pd.testing.assert_frame_equal(duck.reclassifications, spark.reclassifications)
    assert (duck.frame["estimate"].notna()).sum() > 5
