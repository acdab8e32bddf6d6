"""The same indicator expressions on DuckDB and on PySpark give identical results.

All Spark tests share one local Spark session and run on one pytest-xdist worker (group "spark").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from tests.indicators.edge import write_edge_folder

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


def assert_same(store: Store, years: list[int], by: str | None, workdir: Path) -> pd.DataFrame:
    duck = compute(from_store(store), years, by=by).frame
    spark = compute(from_store_on_spark(store, workdir), years, by=by).frame
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


def test_cli_spark_engine_matches_duckdb(worked_store_path: Path, tmp_path: Path) -> None:
    from wres.cli.main import run

    duck, spark = tmp_path / "duck.csv", tmp_path / "spark.csv"
    base = ["indicators", "--store", str(worked_store_path), "--format", "csv"]
    assert run([*base, "--out", str(duck)]) == 0
    assert run([*base, "--engine", "spark", "--out", str(spark)]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(duck), pd.read_csv(spark))
