"""The DuckDB warehouse: canonical tables, a versioned schema and the load ledger.

One DuckDB file (default ``./wres-data/wres.duckdb``, or ``$WRES_STORE``) holds the canonical tables of
:mod:`wres.data.schema` for any number of organisations. The schema is versioned in ``wres_meta``; a store
is created on first use and migrated forward when wres is upgraded. Every load is one transaction: it
either completes or leaves the store exactly as it was.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from wres.data.canonical import FolderValidator, read_manifest, sql_type, stage_name
from wres.data.schema import TABLES, Table
from wres.errors import WresError

if TYPE_CHECKING:
    from ibis.backends.duckdb import Backend as IbisDuckDB

DEFAULT_STORE = Path("wres-data") / "wres.duckdb"
SCHEMA_VERSION = 2
IMPORT_ID = "_import_id"  # the column holding the import each row came from


def default_store_path() -> Path:
    """``$WRES_STORE`` if set, else ``./wres-data/wres.duckdb``."""
    env = os.environ.get("WRES_STORE")
    return Path(env) if env else DEFAULT_STORE


def table_ddl(table: Table) -> str:
    cols = ", ".join(f'"{c.name}" {sql_type(c)}' for c in table.columns)
    return f"CREATE TABLE {table.name} ({cols})"


def _migrate_to_1(con: duckdb.DuckDBPyConnection) -> None:
    for table in TABLES.values():
        con.execute(table_ddl(table))
    con.execute(
        "CREATE TABLE load_ledger (load_id INTEGER PRIMARY KEY, source VARCHAR, loaded_at TIMESTAMP, "
        "loaded_by VARCHAR, organisations VARCHAR, row_counts VARCHAR, manifest VARCHAR)"
    )


def _migrate_to_2(con: duckdb.DuckDBPyConnection) -> None:
    """The import ledger: one row per imported file, the slices it loaded, and its rejected values.

    Every canonical table gains ``_import_id``: the import a row came from (``NULL`` for ``wres load``).
    """
    for table in TABLES.values():
        con.execute(f"ALTER TABLE {table.name} ADD COLUMN {IMPORT_ID} INTEGER")
    con.execute(
        "CREATE TABLE imports (import_id INTEGER PRIMARY KEY, load_id INTEGER, file_name VARCHAR, "
        "sha256 VARCHAR, source VARCHAR, profile VARCHAR, organisations VARCHAR, periods VARCHAR, "
        "rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, rows_merged BIGINT, rows_out_of_scope BIGINT, "
        "values_rejected BIGINT, key_id VARCHAR, imported_by VARCHAR, imported_at TIMESTAMP, quality VARCHAR)"
    )
    con.execute(
        "CREATE TABLE import_slices (import_id INTEGER, table_name VARCHAR, org_code VARCHAR, period VARCHAR, "
        "row_count BIGINT, main BOOLEAN, superseded_by_load INTEGER, superseded_by_import INTEGER)"
    )
    con.execute(
        "CREATE TABLE import_rejects (import_id INTEGER, row BIGINT, column_name VARCHAR, value VARCHAR, "
        "problem VARCHAR, outcome VARCHAR)"
    )


# MIGRATIONS[i] upgrades a store from schema version i to i + 1.
MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [_migrate_to_1, _migrate_to_2]
assert len(MIGRATIONS) == SCHEMA_VERSION


@dataclass(frozen=True)
class LoadResult:
    load_id: int
    source: str
    organisations: list[str]
    row_counts: dict[str, int]


class Store:
    """An open warehouse. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        if read_only and not self.path.exists():
            raise WresError(f"{self.path}: no wres store here yet (run `wres load` or `wres demo` first)")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise WresError(f"{self.path}: cannot open the store: {str(exc).splitlines()[0]}") from None
        self.read_only = read_only
        self._ensure_schema()

    # -- lifecycle -------------------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'wres_meta'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT value FROM wres_meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _ensure_schema(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise WresError(
                f"{self.path}: store schema version {version} is newer than this wres understands "
                f"({SCHEMA_VERSION}); upgrade wres"
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise WresError(f"{self.path}: store schema version {version} needs migrating; open it read-write")
        with self.transaction():
            if version == 0:
                self.con.execute("CREATE TABLE wres_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
                self.con.execute("INSERT INTO wres_meta VALUES ('schema_version', '0')")
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self.con)
            self.con.execute("UPDATE wres_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- loading ---------------------------------------------------------------------------------------
    def validate_folder(self, folder: Path) -> dict[str, int]:
        """Validate a canonical folder without loading it; raises DataError, returns row counts."""
        return FolderValidator(self.con, folder).validate()

    def load_folder(self, folder: Path, *, progress: Callable[[str], None] | None = None) -> LoadResult:
        """Validate ``folder`` and load it in one transaction.

        For every organisation in the folder, each table the folder contains replaces that organisation's
        rows of the table; tables the folder does not contain are left as they are.
        """
        if self.read_only:
            raise WresError(f"{self.path}: opened read-only")
        folder = Path(folder)
        validator = FolderValidator(self.con, folder)
        if progress:
            progress("validating")
        counts = validator.validate()
        manifest = read_manifest(folder)
        orgs = [r[0] for r in self.con.execute(f"SELECT org_code FROM {stage_name('organisations')}").fetchall()]
        with self.transaction():
            for name in validator.files:
                if progress:
                    progress(f"loading {name}")
                cols = ", ".join(f'"{c}"' for c in TABLES[name].column_names)
                self.con.execute(
                    f"DELETE FROM {name} WHERE org_code IN (SELECT org_code FROM {stage_name('organisations')})"
                )
                self.con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM {stage_name(name)}")
            row = self.con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_ledger").fetchone()
            load_id = int(row[0]) if row else 1
            # Imported slices of the replaced tables are superseded by this bulk load.
            self.con.execute(
                "UPDATE import_slices SET superseded_by_load = ? WHERE superseded_by_load IS NULL "
                f"AND table_name IN {(*validator.files, '')} "
                f"AND org_code IN (SELECT org_code FROM {stage_name('organisations')})",
                [load_id],
            )
            self.con.execute(
                "INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    load_id,
                    str(folder.resolve()),
                    datetime.now(UTC).replace(tzinfo=None),
                    current_user(),
                    json.dumps(sorted(orgs)),
                    json.dumps(counts),
                    json.dumps(manifest),
                ],
            )
        for name in validator.files:
            self.con.execute(f"DROP TABLE IF EXISTS {stage_name(name)}")
            self.con.execute(f'DROP TABLE IF EXISTS "text_{name}"')
        return LoadResult(load_id, str(folder), sorted(orgs), counts)

    # -- reading ---------------------------------------------------------------------------------------
    def row_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for name in TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {name}").fetchone()
            out[name] = int(row[0]) if row else 0
        return out

    def organisations(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT org_code FROM organisations ORDER BY org_code").fetchall()]

    def ibis(self) -> IbisDuckDB:
        """An Ibis DuckDB backend over this store's connection."""
        import ibis

        return ibis.duckdb.from_connection(self.con)


def current_user() -> str:
    """The operating-system user running wres, recorded in the ledgers (``unknown`` when it cannot be told)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
