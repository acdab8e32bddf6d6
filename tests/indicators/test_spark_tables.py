"""``--tables-from`` on the Spark engine (local mode): Spark catalog tables (``catalog:DATABASE`` with
``[spark] catalog_prefix``) and Parquet with only the required tables give what DuckDB gives; a table not in the
canonical format is refused naming the table and the column.

All Spark tests share one local Spark session and run on one pytest-xdist worker (group "spark").
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from wres.cli.main import run
from wres.data.schema import TABLES
from wres.errors import WresError
from wres.indicators import compute
from wres.indicators.spark import spark_session
from wres.indicators.tables_from import duckdb_parquet, spark_parquet
from wres.synth import SynthConfig, generate
from wres.synth.writer import write_canonical

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

YEAR = 2026
DATABASE = "wres_platform_test"


@pytest.fixture(scope="module")
def canonical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = generate(SynthConfig(n_orgs=2, size=300, first_year=YEAR - 1, last_year=YEAR, seed=3))
    return write_canonical(data, tmp_path_factory.mktemp("spark-tables") / "canonical")


@pytest.fixture
def catalog(canonical: Path, tmp_path: Path) -> Iterator[str]:
    """A catalog database whose tables ``nat_<table>`` are the canonical Parquet files (external tables: dropping
    the database leaves the files)."""
    session = spark_session()
    session.sql(f"CREATE DATABASE {DATABASE} LOCATION '{tmp_path / 'warehouse'}'")
    try:
        for name in TABLES:
            session.sql(f"CREATE TABLE {DATABASE}.nat_{name} USING parquet LOCATION '{canonical / name}.parquet'")
        yield DATABASE
    finally:
        session.sql(f"DROP DATABASE IF EXISTS {DATABASE} CASCADE")


def test_catalog_tables_same_as_parquet_on_duckdb(canonical: Path, catalog: str, tmp_path: Path) -> None:
    config = tmp_path / "wres.toml"
    config.write_text('[spark]\ncatalog_prefix = "nat_"\n', encoding="utf-8")
    duck_csv, spark_csv = tmp_path / "duck.csv", tmp_path / "spark.csv"
    common = ["indicators", "--all-orgs", "--year", str(YEAR), "--format", "csv"]
    assert run([*common, "--tables-from", f"parquet:{canonical}", "--out", str(duck_csv)]) == 0
    spark_args = ["--engine", "spark", "--tables-from", f"catalog:{catalog}", "--config", str(config)]
    assert run([*common, *spark_args, "--out", str(spark_csv)]) == 0
    duck = pd.read_csv(duck_csv)
    pd.testing.assert_frame_equal(duck, pd.read_csv(spark_csv))
    assert (duck.loc[duck["headline"], "status"] != "not_computed").sum() > 10


def test_catalog_without_the_prefix_finds_no_tables(catalog: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["indicators", "--engine", "spark", "--tables-from", f"catalog:{catalog}"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "table organisations is missing; table staff is missing" in err


def test_unknown_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["indicators", "--engine", "spark", "--tables-from", "catalog:no_such_db"]) == 1
    assert "the Spark catalog has no database no_such_db" in " ".join(capsys.readouterr().err.split())


def test_required_tables_only(canonical: Path, tmp_path: Path) -> None:
    """The absent optional tables read as empty on Spark too: the same rows as DuckDB, indicator 2 missing_input."""
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("organisations", "staff"):
        shutil.copy(canonical / f"{name}.parquet", folder / f"{name}.parquet")
    duck = compute(duckdb_parquet(str(folder)), [YEAR]).frame
    spark = compute(spark_parquet(str(folder)), [YEAR]).frame
    pd.testing.assert_frame_equal(duck, spark)
    assert set(spark.loc[spark["headline"] & (spark["indicator"] == "2"), "reason"]) == {"missing_input"}


def test_wrong_type_on_spark(canonical: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(canonical / "organisations.parquet", folder / "organisations.parquet")
    staff = pq.read_table(canonical / "staff.parquet")
    i = staff.schema.get_field_index("snapshot_date")
    pq.write_table(staff.set_column(i, "snapshot_date", pc.cast(staff.column(i), pa.string())), folder / "staff")
    with pytest.raises(WresError, match="table staff: column snapshot_date is string, not date"):
        spark_parquet(str(folder))
