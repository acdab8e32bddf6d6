"""Issue 18, scale out: the indicators of a sample of national synthetic organisations are identical on DuckDB,
on Spark in local mode and on a real Spark standalone cluster (a master and a worker on loopback), with the
canonical tables read from the store or from Parquet as a data platform holds it (partitioned datasets included).

All Spark tests share one local Spark session and run on one pytest-xdist worker (group "spark"); the cluster run
is a separate ``wres`` process, as on a platform, so its session never replaces the shared local one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from tests.indicators.spark_cluster import Cluster, cluster_env, standalone_cluster

from wres.data.schema import TABLES
from wres.indicators import compute, from_store
from wres.indicators.tables_from import duckdb_parquet, spark_parquet
from wres.store import Store
from wres.synth import SynthConfig, generate
from wres.synth.writer import write_canonical

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

YEARS = [2025, 2026]
N_ORGS = 8
"""A sample of the national profile's organisations: the generator spreads them over the NHS England regions."""


@dataclass(frozen=True)
class NationalSample:
    canonical: Path
    """``<table>.parquet`` files as ``wres synth`` writes them."""
    platform: Path
    """The same tables laid out as a data platform might hold them (see :func:`write_platform_folder`)."""
    store: Path


def write_platform_folder(canonical: Path, out: Path) -> Path:
    """The canonical tables as a platform's lake holds them: staff partitioned by organisation (``staff/org_code=
    SY001/...``), survey answers by survey year (a partition column of integer type, read back as folder-name
    text), recruitment as a folder of two unpartitioned files, the rest one ``<table>.parquet`` each."""
    out.mkdir(parents=True)
    for name in TABLES:
        table = pq.read_table(canonical / f"{name}.parquet")
        if name == "staff":
            ds.write_dataset(table, out / name, format="parquet", partitioning=["org_code"], partitioning_flavor="hive")
        elif name == "survey_answers":
            ds.write_dataset(
                table, out / name, format="parquet", partitioning=["survey_year"], partitioning_flavor="hive"
            )
        elif name == "recruitment":
            (out / name).mkdir()
            half = table.num_rows // 2
            pq.write_table(table.slice(0, half), out / name / "part-0.parquet")
            pq.write_table(table.slice(half), out / name / "part-1.parquet")
        else:
            shutil.copy(canonical / f"{name}.parquet", out / f"{name}.parquet")
    return out


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> NationalSample:
    base = tmp_path_factory.mktemp("national")
    config = SynthConfig(profile="national", n_orgs=N_ORGS, size=800, first_year=YEARS[0], last_year=YEARS[-1], seed=18)
    canonical = write_canonical(generate(config), base / "canonical")
    store = base / "national.duckdb"
    with Store(store) as st:
        st.load_folder(canonical)
    return NationalSample(canonical, write_platform_folder(canonical, base / "platform"), store)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A standalone master and worker on loopback, stopped when the module's tests are done (or fail)."""
    with standalone_cluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


def test_platform_folder_is_partitioned(national: NationalSample) -> None:
    """The layout the other tests read really is partitioned (so they test partitioned datasets)."""
    assert len(list((national.platform / "staff").glob("org_code=*"))) == N_ORGS
    assert sorted(p.name for p in (national.platform / "survey_answers").glob("survey_year=*")) == [
        "survey_year=2024",
        "survey_year=2025",
    ]
    assert "org_code" not in pq.read_schema(next((national.platform / "staff").rglob("*.parquet"))).names


def test_duckdb_and_spark_local_identical(national: NationalSample) -> None:
    """DuckDB on the store; DuckDB and Spark (local mode) on the platform's Parquet. (Spark on the store's export
    is tests/indicators/test_cross_engine.py's.)"""
    with Store(national.store, read_only=True) as st:
        duck = compute(from_store(st), YEARS).frame
    pd.testing.assert_frame_equal(duck, compute(duckdb_parquet(str(national.platform)), YEARS).frame)
    pd.testing.assert_frame_equal(duck, compute(spark_parquet(str(national.platform)), YEARS).frame)
    assert duck["org_code"].nunique() == N_ORGS
    assert set(duck["indicator"]) >= {"1", "2", "3", "4", "5", "6", "7", "8", "9"}
    computed = duck[duck["headline"] & (duck["status"] != "not_computed")]
    assert len(computed) >= N_ORGS * len(YEARS) * 8  # most headlines have figures: not an all-empty comparison


def test_standalone_cluster_identical(national: NationalSample, cluster: Cluster, tmp_path: Path) -> None:
    """``wres indicators --engine spark --spark-master spark://127.0.0.1:PORT --tables-from parquet:... --all-orgs``
    in its own process, executors on the loopback worker: the same CSV as DuckDB on the store."""
    from wres.cli.main import run

    duck_csv, cluster_csv = tmp_path / "duckdb.csv", tmp_path / "cluster.csv"
    years = [arg for y in YEARS for arg in ("--year", str(y))]
    duck_args = ["indicators", "--store", str(national.store), "--all-orgs", *years, "--format", "csv"]
    assert run([*duck_args, "--out", str(duck_csv)]) == 0
    config = tmp_path / "wres.toml"
    config.write_text(
        '[spark]\napp_name = "wres-cluster-test"\ndriver_memory = "1g"\nshuffle_partitions = 2\n\n'
        '[spark.conf]\n"spark.executor.memory" = "512m"\n"spark.cores.max" = 1\n',
        encoding="utf-8",
    )
    command = [sys.executable, "-c", "from wres.cli.main import entry; entry()", "indicators", "--engine", "spark"]
    command += ["--spark-master", cluster.master, "--tables-from", f"parquet:{national.platform}", "--all-orgs"]
    command += [*years, "--format", "csv", "--out", str(cluster_csv), "--config", str(config)]
    done = subprocess.run(command, env=cluster_env(), capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    duck, spark = pd.read_csv(duck_csv), pd.read_csv(cluster_csv)
    pd.testing.assert_frame_equal(duck, spark)
    assert duck["org_code"].nunique() == N_ORGS
    # the work ran on the cluster: the worker launched an executor for the application (its work folder says so),
    # and the master registered the application under the configured name
    assert len(cluster.applications()) == 1
    assert "wres-cluster-test" in (cluster.logs / "master.log").read_text(errors="replace")
