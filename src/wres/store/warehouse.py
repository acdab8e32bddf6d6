"""The DuckDB warehouse: canonical tables, a versioned schema and the load ledger.

One DuckDB file (default ``./wres-data/wres.duckdb``, or ``$WRES_STORE``) holds the canonical tables of
:mod:`wres.data.schema` for any number of organisations. The schema is versioned in ``wres_meta``; a store
is created on first use and migrated forward when wres is upgraded. Every load is one transaction: it
either completes or leaves the store exactly as it was.

A store file wres creates is owner-only (0600, in a folder made 0700 when wres makes it) whatever the umask
(:mod:`wres.store.owner_only`; issue 13). An import into a store that does not exist yet works on an empty store
held in memory (:meth:`Store.in_memory`) and creates the file only to commit (:meth:`Store.create`), so that a
failed import or a dry run creates nothing.

DuckDB lets one process write a store while no other process has it open (read-only opens share it). An import
into an existing store reads and validates its files against a read-only view and takes the write lock only to
commit (:meth:`Store.open_for_commit`), refusing when another import committed in between (issue 13). A store
found locked is retried for ``[store] lock_wait_seconds`` (default 30), then refused in one line
(:class:`StoreLockedError`).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from wres.config import load_config
from wres.data.canonical import FolderValidator, read_manifest, sql_type, stage_name
from wres.data.schema import TABLES, Table
from wres.errors import WresError
from wres.faults import checkpoint
from wres.store import derived
from wres.store.owner_only import FILE_MODE, make_private_folder, restrict

if TYPE_CHECKING:
    from ibis.backends.duckdb import Backend as IbisDuckDB

DEFAULT_STORE = Path("wres-data") / "wres.duckdb"
SCHEMA_VERSION = 4
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


PAY_COLUMNS = ("hourly_pay", "hours", "fte")
"""The staff table's optional pay columns (issue 17), added to older stores by :func:`_migrate_to_3`."""


def _migrate_to_3(con: duckdb.DuckDBPyConnection) -> None:
    """The staff table gains the optional pay columns ``hourly_pay``, ``hours`` and ``fte`` (empty in rows loaded
    before). A store created at version 0 already has them (``_migrate_to_1`` creates the current columns)."""
    staff = TABLES["staff"]
    for name in PAY_COLUMNS:
        con.execute(f'ALTER TABLE staff ADD COLUMN IF NOT EXISTS "{name}" {sql_type(staff.column(name))}')


def _migrate_to_4(con: duckdb.DuckDBPyConnection) -> None:
    """The organisations registry and stored counts (issue 18, ADR 21): ``organisations`` gains the optional ``ics``
    and ``peer_group`` columns, and ``published_counts`` holds aggregated counts imported by ``wres import-counts``
    (:mod:`wres.store.registry`)."""
    from wres.store.registry import migrate_registry

    migrate_registry(con)


# MIGRATIONS[i] upgrades a store from schema version i to i + 1.
MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    _migrate_to_1,
    _migrate_to_2,
    _migrate_to_3,
    _migrate_to_4,
]
assert len(MIGRATIONS) == SCHEMA_VERSION


@dataclass(frozen=True)
class LoadResult:
    load_id: int
    source: str
    organisations: list[str]
    row_counts: dict[str, int]


class StoreLockedError(WresError):
    """The store stayed locked by another process (an import committing) for the whole wait."""


def configured_lock_wait() -> float:
    """``[store] lock_wait_seconds`` of :func:`wres.config.load_config` (default 30)."""
    return load_config().store.lock_wait_seconds


class Store:
    """An open warehouse. Use as a context manager, or call :meth:`close`.

    Args:
        path: The store file; default :func:`default_store_path`.
        read_only: Open a read-only view (shared with other readers); the store must exist.
        lock_wait: Seconds to retry while another process holds the store's lock; default
            :func:`configured_lock_wait`. Then :class:`StoreLockedError` is raised.
        migrate: With ``read_only``, a store whose schema is older is first migrated (opened read-write briefly);
            for an import, which reads through a read-only view and commits read-write (:meth:`open_for_commit`).
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        read_only: bool = False,
        lock_wait: float | None = None,
        migrate: bool = False,
    ) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.on_disk = True
        self.lock_wait = configured_lock_wait() if lock_wait is None else lock_wait
        self._created: list[Path] = []  # what opening this store created: folders, then the store file
        self._spill: Path | None = None  # DuckDB's temporary folder while memory is bounded (bounded_memory)
        self._spill_con: object = None  # the connection told to use it
        if read_only and not self.path.exists():
            raise WresError(f"{self.path}: no wres store here yet (run `wres load` or `wres demo` first)")
        if not read_only and not self.path.exists():
            self._created = _create_store_file(self.path)
        self.con = _connect(self.path, read_only=read_only, wait=self.lock_wait)
        self.read_only = read_only
        if read_only and migrate and self.schema_version() < SCHEMA_VERSION:
            self.con.close()
            Store(self.path, lock_wait=self.lock_wait).close()  # migrated read-write, then reopened read-only
            self.con = _connect(self.path, read_only=True, wait=self.lock_wait)
        self._ensure_schema()

    @classmethod
    def in_memory(cls, path: Path | str | None = None) -> Store:
        """An empty store held in memory, standing in for the store at ``path`` (default
        :func:`default_store_path`), which does not exist yet: nothing is created on disk until :meth:`create`.

        A dry run validates against it; an import reads and checks its files against it and creates the store
        file only to commit (so a failing import creates nothing).
        """
        store = cls.__new__(cls)
        store.path = Path(path) if path is not None else default_store_path()
        store.on_disk = False
        store.lock_wait = configured_lock_wait()
        store._created = []
        store._spill, store._spill_con = None, None
        store.con = duckdb.connect(":memory:")
        store.read_only = False
        store._ensure_schema()
        return store

    def create(self) -> None:
        """Create the store file (owner-only, in a folder created owner-only) for a store held :meth:`in_memory`,
        and reopen on it; nothing for a store already on disk.

        Raises :class:`WresError` when the store was created meanwhile by another process and already holds data
        (what was checked against the empty store no longer holds: run the command again).
        """
        if self.on_disk:
            return
        created = _create_store_file(self.path) if not self.path.exists() else []
        try:
            con = _connect(self.path, read_only=False, wait=self.lock_wait)
        except WresError:
            _remove(self.path, created)
            raise
        self.con.close()
        self.con, self.on_disk, self._created = con, True, created
        self._ensure_schema()
        held = self.con.execute("SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM load_ledger)").fetchone()
        if held and held[0]:
            raise WresError(
                f"{self.path}: the store was created by another process while this command ran; run it again"
            )

    def open_for_commit(self) -> None:
        """Take the write lock to commit what was checked against this store (issue 13).

        A store held :meth:`in_memory` is created (:meth:`create`). A read-only view of a store on disk is closed
        and the store reopened read-write (waiting up to :attr:`lock_wait` for the lock); if another process
        committed an import or a load in between, what was checked no longer holds and :class:`WresError` is
        raised, nothing written. Nothing for a store already open read-write.
        """
        if not self.on_disk:
            self.create()
            return
        if not self.read_only:
            return
        before = self.state()
        self.con.close()
        checkpoint("view-closed")
        self.con = _connect(self.path, read_only=False, wait=self.lock_wait)
        self.read_only = False
        self._ensure_schema()
        if self.state() != before:
            raise WresError(
                f"{self.path}: another import was committed to the store while this one was being checked, so what "
                "was checked may no longer hold; nothing was imported: run the command again"
            )

    def state(self) -> tuple[object, ...]:
        """What every import and load changes: the schema version and the ledgers' last entries and sizes."""
        row = self.con.execute(
            "SELECT (SELECT value FROM wres_meta WHERE key = 'schema_version'), "
            "(SELECT count(*) FROM imports), (SELECT max(import_id) FROM imports), "
            "(SELECT count(*) FROM load_ledger), (SELECT max(load_id) FROM load_ledger)"
        ).fetchone()
        return tuple(row) if row else ()

    def discard_created(self) -> None:
        """Close the store and remove what opening or :meth:`create` made (the store file, its write-ahead log and
        the folders made for it), so that a failed import leaves nothing behind. Nothing for a store that existed."""
        self.close()
        _remove(self.path, self._created)
        self._created = []

    # -- lifecycle -------------------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None
        if self.on_disk and not self.read_only:
            _match_log_mode(self.path)

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
    @contextmanager
    def bounded_memory(self) -> Iterator[None]:
        """Hold DuckDB to ``[store] memory_limit_mb`` for a block (a load, an import's staging; issue 18).

        Beyond the limit DuckDB writes what it holds (temporary tables, sorts, hash tables) to a temporary folder
        made owner-only for this store's connection and removed when the store is closed; the rows it spills are
        the canonical (pseudonymised) rows being loaded. DuckDB keeps its default of one thread per core.
        """
        if self._spill is None:
            self._spill = Path(tempfile.mkdtemp(prefix="wres-spill-"))  # 0700
        if self._spill_con is not self.con:  # a connection reopened to commit needs telling again
            spill = str(self._spill).replace("'", "''")
            self.con.execute(f"SET temp_directory = '{spill}'")
            self._spill_con = self.con
        self.con.execute(f"SET memory_limit = '{load_config().store.memory_limit_mb}MB'")
        try:
            yield
        finally:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("RESET memory_limit")

    def validate_folder(self, folder: Path) -> dict[str, int]:
        """Validate a canonical folder without loading it; raises DataError, returns row counts."""
        validator = FolderValidator(self.con, folder)
        try:
            with self.bounded_memory():
                return validator.validate()
        finally:
            validator.drop()

    def load_folder(self, folder: Path, *, progress: Callable[[str], None] | None = None) -> LoadResult:
        """Validate ``folder`` and load it in one transaction.

        For every organisation in the folder, each table the folder contains replaces that organisation's
        rows of the table; tables the folder does not contain are left as they are.
        """
        if self.read_only:
            raise WresError(f"{self.path}: opened read-only")
        folder = Path(folder)
        validator = FolderValidator(self.con, folder)
        try:
            with self.bounded_memory():
                return self._load(folder, validator, progress)
        finally:
            validator.drop()

    def _load(self, folder: Path, validator: FolderValidator, progress: Callable[[str], None] | None) -> LoadResult:
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
            derived.refresh(self.con, load_id, dict.fromkeys(validator.files, orgs))
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


def _connect(path: Path, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the store, retrying for ``wait`` seconds while another process holds its lock (DuckDB: one process
    writes, or any number read), then :class:`StoreLockedError`."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise WresError(f"{path}: cannot open the store: {str(exc).splitlines()[0]}") from None
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreLockedError(
                    f"{path}: the store is locked by another wres process (an import?); waited {wait:g} s "
                    "([store] lock_wait_seconds in wres.toml)"
                ) from None
            time.sleep(min(0.1, left))
        except duckdb.Error as exc:
            raise WresError(f"{path}: cannot open the store: {str(exc).splitlines()[0]}") from None


def _create_store_file(path: Path) -> list[Path]:
    """Create an empty DuckDB file at ``path``, owner-only whatever the umask; return what was created (folders,
    outermost first, then the file; nothing if another process created the file meanwhile).

    Missing folders are made 0700 (:func:`wres.store.owner_only.make_private_folder`). DuckDB creates its file
    with the umask's mode, so it is made in a private (0700) temporary folder beside the store, set to 0600 and
    only then linked into place; ``os.link`` never replaces a store created meanwhile by another process.
    """
    try:
        created = make_private_folder(path.parent)
        scratch = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))  # mode 0700
    except OSError as exc:
        raise WresError(f"{path}: cannot create the store: {exc.strerror or exc}") from None
    try:
        new = scratch / path.name
        duckdb.connect(str(new)).close()
        os.chmod(new, FILE_MODE)
        try:
            os.link(new, path)
        except FileExistsError:
            return created
        except OSError:  # a file system without hard links
            if path.exists():
                return created
            os.replace(new, path)
    except (OSError, duckdb.Error) as exc:
        raise WresError(f"{path}: cannot create the store: {getattr(exc, 'strerror', None) or exc}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [*created, path]


def _remove(path: Path, created: list[Path]) -> None:
    """Remove what :func:`_create_store_file` created for the store at ``path``: the file with its write-ahead log,
    then the folders made for it (innermost first, each only if empty)."""
    if path in created:
        for file in (path, path.with_name(path.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                file.unlink()
    for folder in reversed([p for p in created if p != path]):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _match_log_mode(path: Path) -> None:
    """An owner-only store's write-ahead log, if DuckDB left one (a crash, a failed checkpoint), is owner-only too:
    DuckDB creates it with the umask's mode."""
    log = path.with_name(path.name + ".wal")
    try:
        if log.exists() and not os.stat(path).st_mode & 0o077:
            restrict(log)
    except OSError:
        pass


def current_user() -> str:
    """The operating-system user running wres, recorded in the ledgers (``unknown`` when it cannot be told)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
