"""The Spark engine: the same indicator expressions on PySpark (local mode), for regional and national runs.

The store's canonical tables are exported to Parquet (one file per table) and read by Spark, or a folder of
canonical Parquet files is read directly. Requires the optional extra ``wres[spark]`` and a Java runtime.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wres.data.schema import TABLES
from wres.errors import WresError
from wres.indicators.source import Source

if TYPE_CHECKING:
    from wres.store import Store

_SESSION: Any = None
TABLE_PREFIX = "wres_"
"""Spark reads canonical table ``<name>`` as the temporary view ``wres_<name>``."""


def spark_session() -> Any:
    """A local Spark session configured for small machines (created once per process)."""
    global _SESSION
    if _SESSION is not None:
        return _SESSION
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise WresError("the Spark engine needs the optional extra: pip install 'wres[spark]'") from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise WresError("the Spark engine needs a Java runtime (install openjdk-17-jre-headless)")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(os.environ.get("WRES_SPARK_MASTER", "local[2]"))
        .appName("wres")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("WRES_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.log.level", "ERROR")
        .config("spark.ui.showConsoleProgress", "false")
    )
    _SESSION = builder.getOrCreate()
    _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


def from_parquet_folder(folder: Path) -> Source:
    """A Spark source over a folder of canonical ``<table>.parquet`` files."""
    import ibis

    con = ibis.pyspark.connect(spark_session())
    tables = {}
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if path.exists():
            tables[name] = con.read_parquet(str(path), table_name=f"{TABLE_PREFIX}{name}")
    if "organisations" not in tables or "staff" not in tables:
        raise WresError(f"{folder}: needs organisations.parquet and staff.parquet for the Spark engine")
    return Source(tables, engine="spark", backend=con)


def from_store_on_spark(store: Store, workdir: Path | None = None) -> Source:
    """Export the store's canonical tables to Parquet and read them with Spark."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="wres-spark-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        target = folder / f"{name}.parquet"
        cols = ", ".join(f'"{c}"' for c in TABLES[name].column_names)
        store.con.execute(f"COPY (SELECT {cols} FROM {name}) TO '{target}' (FORMAT parquet)")
    return from_parquet_folder(folder)
