"""The Spark engine: the same indicator expressions on PySpark, in local mode or on an existing cluster.

Where the session runs is ``[spark]`` in wres.toml (:class:`wres.config.SparkOptions`) or ``--spark-master``: the
default is local mode inside the wres process; ``spark://HOST:PORT`` is a standalone cluster, ``yarn`` and
``k8s://...`` the others Spark knows (docs/scale.md). The canonical tables come from the store (exported to
Parquet, one file per table, which the executors must be able to read: a local folder serves local mode and a
cluster on the same machine), from Parquet a data platform already holds, or from its Spark catalog
(:mod:`wres.indicators.tables_from`). Requires the optional extra ``wres[spark]`` and a Java runtime.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wres.config import DEFAULT_CONFIG, SparkOptions
from wres.data.schema import TABLES
from wres.errors import WresError
from wres.indicators.source import Source

if TYPE_CHECKING:
    from wres.store import Store

TABLE_PREFIX = "wres_"
"""Spark reads canonical table ``<name>`` as the temporary view ``wres_<name>``."""


@dataclass
class _Running:
    options: SparkOptions
    session: Any


_RUNNING: _Running | None = None


def spark_options(options: SparkOptions | None = None, master: str | None = None) -> SparkOptions:
    """``options`` (default: the defaults) with ``master`` if given, else ``$WRES_SPARK_MASTER`` if set, and
    ``$WRES_SPARK_DRIVER_MEMORY`` if set."""
    opts = options or DEFAULT_CONFIG.spark
    chosen = master or os.environ.get("WRES_SPARK_MASTER")
    memory = os.environ.get("WRES_SPARK_DRIVER_MEMORY")
    try:
        if chosen:
            opts = replace(opts, master=chosen)
        if memory:
            opts = replace(opts, driver_memory=memory)
    except ValueError as exc:
        raise WresError(str(exc).replace("[spark] master", "the Spark master")) from None
    return opts


def session_conf(options: SparkOptions) -> dict[str, str]:
    """Every setting the session is built with: wres's own, then ``options``' (``conf`` last, so it wins)."""
    conf = {
        "spark.master": options.master,
        "spark.app.name": options.app_name,
        "spark.driver.memory": options.driver_memory,
        "spark.sql.shuffle.partitions": str(options.shuffle_partitions),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.ansi.enabled": "false",
        "spark.log.level": "ERROR",
        # Partition folders (org_code=RXX) are read as text; tables_from casts a partition column to its
        # canonical type (an ODS code such as 123 would otherwise be read as a number)
        "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    }
    if options.master.startswith("local"):
        conf["spark.default.parallelism"] = "2"
        # wres creates no catalog tables; a local session that opens its catalog makes this folder, not one in the
        # working directory (a cluster's warehouse is the platform's own setting)
        conf["spark.sql.warehouse.dir"] = str(Path(tempfile.gettempdir()) / "wres-spark-warehouse")
    conf.update(options.conf)
    return conf


def spark_session(options: SparkOptions | None = None) -> Any:
    """The Spark session for ``options`` (default: local mode), created once per process; a session with other
    options is stopped first (one Spark context per process)."""
    global _RUNNING
    opts = options or spark_options()
    if _RUNNING is not None:
        if session_conf(_RUNNING.options) == session_conf(opts):  # catalog_prefix is no setting of the session
            return _RUNNING.session
        stop_session()
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise WresError("the Spark engine needs the optional extra: pip install 'wres[spark]'") from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise WresError("the Spark engine needs a Java runtime (install openjdk-17-jre-headless)")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    for key, value in session_conf(opts).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and Spark raise many kinds; the first line says what went wrong
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WresError(f"could not start a Spark session on {opts.master}: {first}") from None
    session.sparkContext.setLogLevel("ERROR")
    _RUNNING = _Running(opts, session)
    return session


def stop_session() -> None:
    """Stop the process's Spark session, if any (the next :func:`spark_session` starts a new one)."""
    global _RUNNING
    if _RUNNING is not None:
        _RUNNING.session.stop()
        _RUNNING = None


def from_parquet_folder(folder: Path | str, options: SparkOptions | None = None) -> Source:
    """A Spark source over a folder of canonical tables: ``<table>.parquet`` or ``<table>/`` (a file or a
    partitioned dataset each), checked against the canonical schema (:mod:`wres.indicators.tables_from`)."""
    from wres.indicators.tables_from import spark_parquet

    return spark_parquet(str(folder), options)


def from_store_on_spark(store: Store, workdir: Path | None = None, options: SparkOptions | None = None) -> Source:
    """Export the store's canonical tables to Parquet and read them with Spark."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="wres-spark-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        target = folder / f"{name}.parquet"
        cols = ", ".join(f'"{c}"' for c in TABLES[name].column_names)
        store.con.execute(f"COPY (SELECT {cols} FROM {name}) TO '{target}' (FORMAT parquet)")
    return from_parquet_folder(folder.resolve(), options)
