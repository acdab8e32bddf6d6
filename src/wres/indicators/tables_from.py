"""Canonical tables a data platform already holds: ``wres indicators --tables-from parquet:FOLDER`` or
``--tables-from catalog:DATABASE`` (docs/scale.md).

* ``parquet:FOLDER`` — one entry per canonical table in FOLDER: ``<table>.parquet`` or ``<table>/``, each a Parquet
  file or a folder of them (a partitioned dataset, ``staff/org_code=RXX/part-0.parquet``, included). FOLDER may be
  any location the engine reads: a local folder for DuckDB; for Spark also ``hdfs://``, ``s3a://``, ``abfss://``.
  Read by DuckDB or Spark (``--engine``).
* ``catalog:DATABASE`` — Spark catalog tables ``DATABASE.<prefix><table>`` (``[spark] catalog_prefix``, default
  none); Spark only.

``organisations`` and ``staff`` are required; a missing optional table reads as empty (its indicators are "not
computed: missing_input", as for a store without it). Every table is checked against the canonical schema
(:mod:`wres.data.schema`, docs/data-format.md) before anything is computed: a required column missing or a column
of another type is an error naming the table and the column; an optional column missing reads as empty; extra
columns are ignored. Values are not validated here (a store's import does that): the platform that holds the tables
is responsible for codes, dates and keys being canonical.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from wres.data.schema import TABLES, ColumnType
from wres.errors import UsageError, WresError
from wres.indicators.source import Source

if TYPE_CHECKING:
    from wres.config import SparkOptions

KINDS = ("parquet", "catalog")
CANONICAL_TYPES: dict[ColumnType, dt.DataType] = {
    ColumnType.STRING: dt.string,
    ColumnType.DATE: dt.date,
    ColumnType.BOOLEAN: dt.boolean,
    ColumnType.INTEGER: dt.int64,
    ColumnType.FLOAT: dt.float64,
}
"""The Ibis type each canonical column type is computed as."""
REQUIRED_TABLES = tuple(name for name, table in TABLES.items() if table.required)


@dataclass(frozen=True)
class TablesFrom:
    """Where ``--tables-from`` reads the canonical tables: ``kind`` ``parquet`` or ``catalog``, and a location."""

    kind: str
    location: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.location}"


def parse_tables_from(text: str) -> TablesFrom:
    """``parquet:FOLDER`` or ``catalog:DATABASE`` as a :class:`TablesFrom` (a usage error otherwise)."""
    kind, sep, location = text.partition(":")
    if not sep or kind not in KINDS or not location:
        raise UsageError(f"--tables-from must be parquet:FOLDER or catalog:DATABASE, not {text!r}")
    if kind == "catalog" and not location.replace("_", "").replace(".", "").isalnum():
        raise UsageError(f"--tables-from catalog:DATABASE needs a database name (letters, digits, _), not {location!r}")
    return TablesFrom(kind, location)


def _accepts(kind: ColumnType, actual: dt.DataType) -> bool:
    """Whether a column of type ``actual`` holds canonical ``kind`` without loss of meaning."""
    if kind is ColumnType.STRING:
        ok = actual.is_string()
    elif kind is ColumnType.DATE:
        ok = actual.is_date()
    elif kind is ColumnType.BOOLEAN:
        ok = actual.is_boolean()
    elif kind is ColumnType.INTEGER:
        ok = actual.is_integer()
    else:
        ok = actual.is_floating() or actual.is_decimal() or actual.is_integer()
    return bool(ok)


def conform(name: str, table: ir.Table, partitions: frozenset[str] = frozenset()) -> tuple[ir.Table, list[str]]:
    """``table`` as canonical table ``name`` (its columns in canonical order and types) and the problems found.

    A column whose type does not hold the canonical type is a problem, except a text column that is a partition
    key (``partitions``: folder names are text), which is cast; a missing optional column reads as empty."""
    spec = TABLES[name]
    schema = table.schema()
    columns: list[ir.Value] = []
    problems: list[str] = []
    for col in spec.columns:
        target = CANONICAL_TYPES[col.type]
        if col.name not in schema:
            if col.required:
                problems.append(f"table {name}: column {col.name} ({col.type}) is missing")
            else:
                columns.append(ibis.null().cast(target).name(col.name))
            continue
        actual = schema[col.name]
        if _accepts(col.type, actual) or (actual.is_string() and col.name in partitions):
            value = table[col.name]
            columns.append((value if actual == target else value.cast(target)).name(col.name))
        else:
            problems.append(f"table {name}: column {col.name} is {actual}, not {col.type}")
    return (table.select(*columns) if not problems else table), problems


def _empty(name: str) -> ir.Table:
    schema = ibis.schema({col.name: CANONICAL_TYPES[col.type] for col in TABLES[name].columns})
    return ibis.memtable(schema.to_pyarrow().empty_table(), schema=schema)


def _raise(where: str, problems: list[str]) -> None:
    if problems:
        raise WresError(
            f"{where}: the tables are not in the canonical format (docs/data-format.md): " + "; ".join(problems)
        )


def _source(found: dict[str, tuple[ir.Table, frozenset[str]]], where: str, engine: str, backend: Any) -> Source:
    missing = [name for name in REQUIRED_TABLES if name not in found]
    problems = [f"table {name} is missing" for name in missing]
    tables: dict[str, ir.Table] = {}
    for name in TABLES:
        if name in found:
            table, partitions = found[name]
            tables[name], found_problems = conform(name, table, partitions)
            problems.extend(found_problems)
        else:
            tables[name] = _empty(name)
    _raise(where, problems)
    return Source(tables, engine=engine, backend=backend)


def _partition_keys(paths: list[str]) -> frozenset[str]:
    """The ``key`` of every ``key=value`` folder in the paths of a partitioned dataset's files."""
    keys = set()
    for path in paths:
        for part in path.replace("\\", "/").split("/")[:-1]:
            key, sep, _ = part.partition("=")
            if sep and key:
                keys.add(key)
    return frozenset(keys)


def duckdb_parquet(folder: str) -> Source:
    """Canonical tables from Parquet in a local ``folder``, on DuckDB (an in-memory database reading the files)."""
    from pathlib import Path

    base = Path(folder)
    if not base.is_dir():
        raise WresError(f"{folder}: no such folder (--tables-from parquet:FOLDER)")
    con = ibis.duckdb.connect()
    found: dict[str, tuple[ir.Table, frozenset[str]]] = {}
    for name in TABLES:
        for entry in (base / f"{name}.parquet", base / name):
            if entry.is_file():
                found[name] = (con.read_parquet(str(entry), table_name=f"wres_{name}"), frozenset())
                break
            if entry.is_dir():
                files = sorted(str(p.relative_to(entry)) for p in entry.rglob("*.parquet"))
                if not files:
                    raise WresError(f"{entry}: a folder for table {name} with no .parquet files in it")
                table = con.read_parquet(
                    str(entry / "**" / "*.parquet"),
                    table_name=f"wres_{name}",
                    hive_partitioning=True,
                    hive_types_autocast=False,
                )
                found[name] = (table, _partition_keys(files))
                break
    return _source(found, f"--tables-from parquet:{folder}", "duckdb", con)


def _spark_error(exc: Exception) -> bool:
    """Whether ``exc`` is Spark saying a path does not exist."""
    text = str(exc)
    return "PATH_NOT_FOUND" in text or "Path does not exist" in text


def spark_parquet(folder: str, options: SparkOptions | None = None) -> Source:
    """Canonical tables from Parquet at ``folder`` (any location the cluster reads), on Spark."""
    from wres.indicators.spark import TABLE_PREFIX, spark_options, spark_session

    session = spark_session(options or spark_options())
    con = ibis.pyspark.connect(session)
    base = folder.rstrip("/")
    found: dict[str, tuple[ir.Table, frozenset[str]]] = {}
    for name in TABLES:
        for entry in (f"{base}/{name}.parquet", f"{base}/{name}"):
            try:
                frame = session.read.parquet(entry)
            except Exception as exc:  # pyspark's AnalysisException; the message says whether the path is absent
                if _spark_error(exc):
                    continue
                first = str(exc).strip().splitlines()[0]
                raise WresError(f"{entry}: Spark could not read table {name}: {first}") from None
            frame.createOrReplaceTempView(f"{TABLE_PREFIX}{name}")
            found[name] = (con.table(f"{TABLE_PREFIX}{name}"), _partition_keys(list(frame.inputFiles())))
            break
    return _source(found, f"--tables-from parquet:{folder}", "spark", con)


def spark_catalog(database: str, options: SparkOptions | None = None) -> Source:
    """Canonical tables ``database.<[spark] catalog_prefix><table>`` from the Spark session's catalog."""
    from wres.indicators.spark import spark_options, spark_session

    opts = options or spark_options()
    session = spark_session(opts)
    con = ibis.pyspark.connect(session)
    if not session.catalog.databaseExists(database):
        raise WresError(f"--tables-from catalog:{database}: the Spark catalog has no database {database}")
    found: dict[str, tuple[ir.Table, frozenset[str]]] = {}
    for name in TABLES:
        table_name = f"{opts.catalog_prefix}{name}"
        if session.catalog.tableExists(f"{database}.{table_name}"):
            found[name] = (con.table(table_name, database=database), frozenset())
    where = f"--tables-from catalog:{database}" + (f" (prefix {opts.catalog_prefix})" if opts.catalog_prefix else "")
    return _source(found, where, "spark", con)


def open_tables(tables_from: TablesFrom, engine: str, options: SparkOptions | None = None) -> Source:
    """The canonical tables at ``tables_from`` on ``engine`` (``duckdb`` or ``spark``)."""
    if tables_from.kind == "catalog":
        if engine != "spark":
            raise UsageError("--tables-from catalog:DATABASE reads a Spark catalog: add --engine spark")
        return spark_catalog(tables_from.location, options)
    if engine == "spark":
        return spark_parquet(tables_from.location, options)
    return duckdb_parquet(tables_from.location)


def snapshot_years(src: Source, orgs: list[str] | None = None) -> list[int]:
    """WRES years with a 31 March staff snapshot in ``src`` (of ``orgs``, default any), ascending."""
    staff = src.table("staff")
    if orgs:
        staff = staff.filter(staff.org_code.isin(orgs))
    day = staff.snapshot_date
    years = staff.filter((day.month() == 3) & (day.day() == 31)).select(year=day.year()).distinct()
    return sorted(int(y) for y in years.to_pandas()["year"])
