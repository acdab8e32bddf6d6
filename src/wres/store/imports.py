"""The import ledger: commit imported files to the store, and read their history.

Every imported file gets a row in ``imports`` (file name, SHA-256, source, profile, organisations, periods, rows
read / loaded / rejected / merged / out of scope, user, time and its data-quality report as JSON), the *slices*
it loaded in ``import_slices`` and its rejected values in ``import_rejects``.

A **slice** is one organisation's rows of one canonical table for one reporting period
(:attr:`wres.data.schema.Table.period`: a snapshot date, an activity year such as ``2024/25``, or a survey
year; ADR 9). A snapshot or survey file replaces the slices it covers: a corrected extract for the same period
supersedes the earlier import of that period (``superseded_by_import``), other periods are left alone, and the
ledger keeps the whole history. A file whose SHA-256 matches an import none of whose slices has been superseded
is already in the store: importing it again changes nothing.

Snapshot and survey files (staff, survey, board, organisations) cover every period they hold, and one import
takes one file per slice: two files of one ``wres import`` holding the same slice are refused, naming both
(:func:`check_batch`), since loading both would double every count (issue 13).

Event extracts (recruitment, case logs, learning records) are **keyed by their record ids** (issue 13): they
straddle years (next year's recruitment export holds a few applications shortlisted in the last days of this
year) and are exported in parts (to 1 October, then the rest), so a file adds records and replaces the stored
records with the same key (the same application, case or learning record id), in file order within one import,
and removes nothing else. Only for a period the user states the file is a complete export of
(``complete_periods``: ``wres import --complete-period 2025/26``) are the stored records of that period and
organisation that the file lacks removed, and the earlier imports' slices of that period superseded. Either
way the file's ledger entry and report say how many stored records of each period it holds it does not hold
(``stored_records_not_in_file`` in its data-quality report), and whether they were kept or removed.

:func:`commit_import` does all of it in **one transaction**: if the process dies part-way the store is exactly
as it was (DuckDB's write-ahead log is replayed or discarded on the next open). Crash tests kill it at named
stages (:func:`wres.faults.checkpoint`: after each table's slices are replaced, just before and just after
``COMMIT``, ...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from wres.data.schema import TABLES
from wres.errors import WresError
from wres.faults import checkpoint
from wres.store import derived
from wres.store.warehouse import IMPORT_ID, Store, current_user

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "EVENT_TABLES",
    "CommitResult",
    "FileImport",
    "FileOutcome",
    "ImportRecord",
    "SpilledTables",
    "activity_year",
    "check_batch",
    "commit_import",
    "current_import_of",
    "import_record",
    "import_rejects",
    "key_ids",
    "list_imports",
    "stored_records_not_in",
]


EVENT_TABLES = frozenset({"recruitment", "disciplinary", "training"})
OUT_OF_SCOPE = "not loaded: out of scope"  # the outcomes of rows set aside by design (wres.ingest.transform)
MERGED = "merged into the person's counted row"
_ACTIVITY_YEAR = re.compile(r"(\d{4})/(\d{2})")


def activity_year(text: str) -> str | None:
    """``text`` as an activity-year label (``2025/26``: 1 April 2025 to 31 March 2026, as
    :attr:`wres.data.schema.Table.period` labels event rows), or ``None`` if it is not one."""
    match = _ACTIVITY_YEAR.fullmatch(text.strip())
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        return None
    return match[0]


@dataclass(kw_only=True)
class FileOutcome:
    """What reading one file gave, as the ledger records it: its identity, row counts, rejected values, rows set
    aside by design and data-quality report. The importer's report of a file
    (:class:`wres.ingest.importer.FileReport`) and a file ready to commit (:class:`FileImport`) both are one."""

    sha256: str
    source: str = ""
    profile: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_merged: int = 0
    rows_out_of_scope: int = 0
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)  # row, column, value, problem, outcome
    set_aside: pd.DataFrame = field(default_factory=pd.DataFrame)  # rows not loaded by design, same columns
    quality: dict[str, Any] = field(default_factory=dict)

    def outcome(self) -> dict[str, Any]:
        """The :class:`FileOutcome` fields of this object, by name (to make another kind of outcome from it)."""
        return {f.name: getattr(self, f.name) for f in fields(FileOutcome)}


_ARROW_TYPES = {"STRING": pa.large_string(), "DATE": pa.timestamp("ns"), "BOOLEAN": pa.bool_(), "INTEGER": pa.int64()}


def _arrow(name: str, frame: pd.DataFrame, schema: pa.Schema | None) -> pa.Table:
    """``frame`` (rows of canonical table ``name``) as Arrow, without pandas' metadata; cast to ``schema`` if given,
    else a column of no type yet (all missing, ``object``) given its canonical type, so that every chunk of a file
    has the schema of the first."""
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    if schema is None:
        canonical = TABLES.get(name)
        for i, f in enumerate(table.schema):
            if pa.types.is_null(f.type) and canonical is not None and f.name in canonical.column_names:
                kind = canonical.column(f.name).type.name
                table = table.set_column(i, f.name, table.column(i).cast(_ARROW_TYPES.get(kind, pa.float64())))
        return table
    return table if table.schema.equals(schema) else table.cast(schema)


class SpilledTables(MutableMapping[str, pd.DataFrame]):
    """A file's canonical tables written to Parquet files in an owner-only temporary folder and read back one at a
    time when asked for (issue 18: the canonical rows of every file of a national import, held until the commit,
    took gigabytes). :func:`commit_import` reads them straight from the files. A table set afterwards (``--org``'s
    organisation row) is held in memory.

    Made from whole tables (``tables``), or empty and then filled a chunk at a time (:meth:`append`, then
    :meth:`close`): a file read in chunks writes each chunk's rows as soon as they are validated, so its chunks are
    never concatenated in memory; rows found invalid only after the last chunk (a key repeated in another chunk) are
    taken out by :meth:`drop_rows`."""

    def __init__(self, folder: Path, stem: str, tables: Mapping[str, pd.DataFrame] | None = None) -> None:
        self._folder, self._stem = folder, stem
        self._paths: dict[str, Path] = {}
        self._dtypes: dict[str, pd.Series] = {}
        self._rows: dict[str, int] = {}
        self._writers: dict[str, Any] = {}  # table name -> its open pyarrow.parquet.ParquetWriter
        self._held: dict[str, pd.DataFrame] = {}
        if tables is not None:
            for name, frame in tables.items():
                self.append(name, frame)
            self.close()

    def append(self, name: str, frame: pd.DataFrame) -> None:
        """Write ``frame``'s rows after the rows of table ``name`` written so far (the first chunk sets its dtypes)."""
        import pyarrow.parquet as pq

        writer = self._writers.get(name)
        if writer is None:
            if name in self._paths:
                raise WresError(f"internal: spilled table {name} is closed")
            table = _arrow(name, frame, None)
            path = self._folder / f"{self._stem}-{name}.parquet"
            writer = self._writers[name] = pq.ParquetWriter(path, table.schema)
            self._paths[name], self._dtypes[name], self._rows[name] = path, frame.dtypes, 0
        else:
            table = _arrow(name, frame, writer.schema)
        writer.write_table(table)
        self._rows[name] += len(frame)

    def close(self) -> None:
        """Finish the files written by :meth:`append` (a table is readable only after)."""
        writers, self._writers = self._writers, {}
        for writer in writers.values():
            writer.close()

    def drop_rows(self, name: str, keep: npt.NDArray[np.bool_]) -> None:
        """Keep only the rows of table ``name`` where ``keep`` (one flag per row, in order), rewriting its file a row
        group at a time."""
        import pyarrow.parquet as pq

        path = self._paths[name]
        if len(keep) != self._rows[name]:
            raise WresError(f"internal: {len(keep)} flags for {self._rows[name]} rows of spilled table {name}")
        if keep.all():
            return
        part = path.with_name(path.name + ".part")
        source = pq.ParquetFile(path)
        try:
            with pq.ParquetWriter(part, source.schema_arrow) as writer:
                at = 0
                for group in range(source.num_row_groups):
                    table = source.read_row_group(group)
                    writer.write_table(table.filter(pa.array(keep[at : at + len(table)])))
                    at += len(table)
        finally:
            source.close()
        part.replace(path)
        self._rows[name] = int(keep.sum())

    def rows(self, name: str) -> int:
        """The number of rows of table ``name``, without reading it."""
        return self._rows[name] if name in self._paths else len(self._held[name])

    def parquet(self, name: str) -> Path | None:
        """The Parquet file holding table ``name``, or ``None`` (held in memory)."""
        return self._paths.get(name)

    def columns(self, name: str) -> list[str]:
        """The columns of table ``name``, without reading it."""
        return [str(c) for c in self._dtypes[name].index] if name in self._paths else list(self._held[name].columns)

    def distinct(self, name: str, column: str) -> list[object]:
        """The distinct values of one column of table ``name``, reading only that column."""
        if name in self._held:
            return list(self._held[name][column].unique())
        import pyarrow.parquet as pq

        values: list[object] = pq.read_table(self._paths[name], columns=[column]).column(0).unique().to_pylist()
        return values

    def read(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Table ``name``, or only its ``columns`` (read from the file column by column, the others never read)."""
        if name in self._held:
            held = self._held[name]
            return held if columns is None else held[list(columns)]
        import pyarrow.parquet as pq

        frame: pd.DataFrame = pq.read_table(
            self._paths[name], columns=None if columns is None else list(columns)
        ).to_pandas()
        for column, dtype in self._dtypes[name].items():
            if column not in frame:
                continue
            if frame[column].dtype != dtype:
                values = frame[column].astype(dtype)
                if isinstance(dtype, np.dtype) and dtype.kind == "O":  # Arrow text reads back as ``str``, missing NaN
                    values = values.where(values.notna(), None)
                frame[column] = values
        return frame

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.read(name)

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self._paths.pop(name, None)
        self._held[name] = frame

    def __delitem__(self, name: str) -> None:
        if self._paths.pop(name, None) is None:
            del self._held[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._paths, *self._held])

    def __len__(self) -> int:
        return len(self._paths) + len(self._held)

    def __contains__(self, name: object) -> bool:  # without reading the table (Mapping's would)
        return name in self._paths or name in self._held


@dataclass(kw_only=True)
class FileImport(FileOutcome):
    """One file ready to be committed: its canonical tables (validated) and what the ledger records of it."""

    file_name: str
    tables: MutableMapping[str, pd.DataFrame]
    key_id: str = ""  # which pseudonymisation key made the ids (a hash prefix, not the key)
    complete_periods: frozenset[str] = frozenset()  # activity years this event file is a complete export of

    @property
    def values_rejected(self) -> int:
        return len(self.rejects)


@dataclass(frozen=True)
class CommitResult:
    load_id: int
    import_ids: list[int]
    slices: pd.DataFrame  # import_id, table_name, org_code, period, row_count, main
    superseded: list[int]  # earlier import ids with at least one slice superseded
    not_held: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    """Per import id: the stored event records of the periods its file holds that it does not hold (table,
    org_code, period, records, removed), as recorded in its data-quality report (``stored_records_not_in_file``)."""


def _view(store: Store, name: str, frame: pd.DataFrame) -> str:
    """Register ``frame`` with DuckDB under ``name`` (as Arrow: about twice as fast to scan as pandas)."""
    store.con.register(name, pa.Table.from_pandas(frame, preserve_index=False))
    return name


def table_slices(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The slices of ``frame``, rows of table ``name``: ``org_code``, ``period``, ``row_count``."""
    view = f"_wres_slices_of_{name}"
    con.register(view, pa.Table.from_pandas(frame, preserve_index=False))
    try:
        return con.execute(
            f"SELECT org_code, {TABLES[name].period} AS period, count(*) AS row_count FROM {view} GROUP BY ALL "
            "ORDER BY ALL"
        ).df()
    finally:
        con.unregister(view)


def check_batch(
    store: Store,
    files: Sequence[tuple[str, Mapping[str, pd.DataFrame]]],
    complete_periods: Collection[str] = (),
    *,
    others_skipped: bool = False,
) -> list[frozenset[str]]:
    """Refuse a batch that would double or silently drop rows (issue 13); return each file's complete periods.

    ``files`` are (file name, canonical tables), in import order. Refused, naming both files: two files holding
    the same slice (table, organisation, period) of a snapshot or survey table, and two event files holding a
    period stated complete for the same table and organisation. Refused too: a stated complete period that no
    event file of the batch holds a record of (unless ``others_skipped``: files already imported were skipped).

    Returns, per file, the stated complete periods its event tables hold.

    Raises:
        WresError: naming the files, the table, the organisation and the period.
    """
    wanted = frozenset(complete_periods)
    first: dict[tuple[str, str, str], str] = {}
    held: set[str] = set()
    out: list[frozenset[str]] = []
    for file_name, tables in files:
        mine: set[str] = set()
        for name, frame in tables.items():
            if frame.empty:
                continue
            event = name in EVENT_TABLES
            for org, period in table_slices(store.con, name, frame)[["org_code", "period"]].itertuples(
                index=False, name=None
            ):
                slice_ = (name, str(org), str(period))
                if event:
                    held.add(slice_[2])
                    if slice_[2] not in wanted:
                        continue
                    mine.add(slice_[2])
                earlier = first.setdefault(slice_, file_name)
                if earlier != file_name:
                    raise WresError(_double(earlier, file_name, slice_, event=event))
        out.append(frozenset(mine))
    missing = sorted(wanted - held)
    if missing and not others_skipped:
        raise WresError(
            f"--complete-period {', '.join(missing)}: no recruitment, case or learning file of this import holds "
            "a record of that activity year, so it cannot be a complete export of it; nothing was imported"
        )
    return out


def _double(earlier: str, later: str, slice_: tuple[str, str, str], *, event: bool) -> str:
    name, org, period = slice_
    if event:
        return (
            f"{earlier} and {later} both hold {name} records of {org} for {period}, which --complete-period states "
            "one file holds in full: import the complete export on its own; nothing was imported"
        )
    return (
        f"{earlier} and {later} both hold {name} of {org} for {period}: one import takes one file per snapshot or "
        "survey year (loading both would count everyone twice). Import the right one; a corrected file imported "
        "later supersedes it. Nothing was imported"
    )


def commit_import(
    store: Store, files: Sequence[FileImport], *, progress: Callable[[str], None] | None = None
) -> CommitResult:
    """Load ``files`` and record them in the ledger, in one transaction (see the module docstring)."""
    con = store.con
    registered: list[str] = []
    parquet_views: list[str] = []
    checkpoint("before-transaction")
    try:
        with store.transaction():
            checkpoint("transaction-begun")
            row = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_ledger").fetchall()[0]
            load_id = int(row[0]) if row else 1
            row = con.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchall()[0]
            next_import = (int(row[0]) if row else 0) + 1
            slice_parts: list[pd.DataFrame] = []
            staged: list[tuple[str, str, int]] = []  # (table, view, import_id)
            for offset, file in enumerate(files):
                import_id = next_import + offset
                for name in file.tables:
                    view = f"_wres_in_{import_id}_{name}"
                    spilled = file.tables.parquet(name) if isinstance(file.tables, SpilledTables) else None
                    if spilled is not None:  # read from its Parquet file, never whole into memory (issue 18)
                        where = str(spilled).replace("'", "''")
                        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM read_parquet('{where}')")
                        parquet_views.append(view)
                    else:
                        registered.append(_view(store, view, file.tables[name]))
                    staged.append((name, view, import_id))
                    part = con.execute(
                        f"SELECT {import_id} AS import_id, '{name}' AS table_name, org_code, "
                        f"{TABLES[name].period} AS period, count(*) AS row_count FROM {view} GROUP BY ALL"
                    ).df()
                    # a slice is replaced whole by a snapshot or survey file, by an event file only when stated
                    main = part["period"].isin(file.complete_periods) if name in EVENT_TABLES else True
                    slice_parts.append(part.assign(main=main))
            columns = ["import_id", "table_name", "org_code", "period", "row_count", "main"]
            slices = pd.concat(slice_parts, ignore_index=True) if slice_parts else pd.DataFrame(columns=columns)
            slices = slices.astype({"import_id": "int64", "row_count": "int64", "main": "bool"})[columns]
            main_slices = slices[slices["main"]].drop(columns="main")
            registered.append(_view(store, "_wres_new_slices", main_slices))
            # Earlier slices replaced by this import: the first file of this import that holds each one.
            superseded = con.execute(
                "UPDATE import_slices AS s SET superseded_by_load = ?, superseded_by_import = n.import_id "
                "FROM (SELECT table_name, org_code, period, min(import_id) AS import_id FROM _wres_new_slices "
                "GROUP BY ALL) AS n WHERE s.superseded_by_load IS NULL AND s.table_name = n.table_name "
                "AND s.org_code = n.org_code AND s.period = n.period RETURNING s.import_id",
                [load_id],
            ).fetchall()
            checkpoint("superseded")
            not_held: dict[int, list[dict[str, Any]]] = {}
            complete = {next_import + offset: file.complete_periods for offset, file in enumerate(files)}
            for name in dict.fromkeys(t for t, _, _ in staged):
                if progress:
                    progress(f"replacing {name}")
                views = [(view, i) for t, view, i in staged if t == name]
                if name in EVENT_TABLES:
                    for view, import_id in views:
                        entries = _merge_events(store, name, view, import_id, complete[import_id])
                        not_held.setdefault(import_id, []).extend(entries)
                else:
                    _replace(store, name, load_id, views)
                checkpoint("replaced")
            registered.append(_view(store, "_wres_all_slices", slices))
            con.execute(
                "INSERT INTO import_slices SELECT import_id, table_name, org_code, period, row_count, main, NULL, "
                "NULL FROM _wres_all_slices"
            )
            checkpoint("slices-recorded")
            now = datetime.now(UTC).replace(tzinfo=None)
            user = current_user()
            for offset, file in enumerate(files):
                import_id = next_import + offset
                mine = slices[slices["import_id"] == import_id]
                quality = dict(file.quality)
                if not_held.get(import_id):
                    quality["stored_records_not_in_file"] = not_held[import_id]
                con.execute(
                    "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        import_id,
                        load_id,
                        file.file_name,
                        file.sha256,
                        file.source,
                        file.profile,
                        json.dumps(sorted(set(mine["org_code"]))),
                        json.dumps(sorted(set(mine["period"]))),
                        file.rows_read,
                        file.rows_loaded,
                        file.rows_rejected,
                        file.rows_merged,
                        file.rows_out_of_scope,
                        file.values_rejected,
                        file.key_id,
                        user,
                        now,
                        json.dumps(quality, default=str),
                    ],
                )
                parts = [f for f in (file.rejects, file.set_aside) if not f.empty]
                if parts:
                    lines = pd.concat(parts, ignore_index=True)
                    rejects = pd.DataFrame(
                        {
                            "import_id": import_id,
                            "row": lines["row"].astype("int64"),
                            "column_name": lines["column"].astype("str"),
                            "value": lines["value"].map(lambda v: None if v is None or v != v else str(v)),
                            "problem": lines["problem"].astype("str"),
                            "outcome": lines["outcome"].astype("str"),
                        }
                    )
                    registered.append(_view(store, f"_wres_rejects_{import_id}", rejects))
                    con.execute(f"INSERT INTO import_rejects SELECT * FROM _wres_rejects_{import_id}")
                checkpoint("ledger-written")
            orgs = sorted({str(o) for o in slices["org_code"]})
            counts = {name: int(slices.loc[slices["table_name"] == name, "row_count"].sum()) for name in TABLES}
            con.execute(
                "INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    load_id,
                    "import: " + ", ".join(f.file_name for f in files),
                    now,
                    user,
                    json.dumps(orgs),
                    json.dumps({k: v for k, v in counts.items() if v}),
                    json.dumps({"imports": list(range(next_import, next_import + len(files)))}),
                ],
            )
            written: dict[str, set[str]] = {}
            for name, org in zip(slices["table_name"], slices["org_code"], strict=True):
                written.setdefault(str(name), set()).add(str(org))
            derived.refresh(con, load_id, written)
            checkpoint("before-commit")
        checkpoint("committed")
    finally:
        for view in registered:
            con.unregister(view)
        for view in parquet_views:
            con.execute(f"DROP VIEW IF EXISTS {view}")
    return CommitResult(
        load_id,
        list(range(next_import, next_import + len(files))),
        slices,
        sorted({int(r[0]) for r in superseded}),
        {i: entries for i, entries in not_held.items() if entries},
    )


def _not_held(con: duckdb.DuckDBPyConnection, name: str, view: str) -> list[tuple[str, str, int]]:
    """Per organisation and period that the event rows in ``view`` hold, the stored records of table ``name``
    whose key none of them holds: (org_code, period, records)."""
    table = TABLES[name]
    match = " AND ".join(f'v."{k}" = t."{k}"' for k in table.key)
    rows = con.execute(
        f"WITH held AS (SELECT DISTINCT org_code, {table.period} AS period FROM {view}), "
        f"stored AS (SELECT org_code, {table.period} AS period FROM {name} t "
        f"WHERE NOT EXISTS (SELECT 1 FROM {view} v WHERE {match})) "
        "SELECT s.org_code, s.period, count(*) FROM stored s JOIN held h USING (org_code, period) "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    return [(str(org), str(label), int(n)) for org, label, n in rows]


def stored_records_not_in(store: Store, name: str, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """What importing event rows ``frame`` of table ``name`` would find (a dry run's preview): per organisation and
    period they hold, the stored records they do not hold, as entries of ``stored_records_not_in_file`` (table,
    org_code, period, records, removed: false)."""
    if name not in EVENT_TABLES or frame.empty:
        return []
    view = _view(store, f"_wres_preview_{name}", frame)
    try:
        rows = _not_held(store.con, name, view)
    finally:
        store.con.unregister(view)
    return [{"table": name, "org_code": o, "period": p, "records": n, "removed": False} for o, p, n in rows]


def _merge_events(store: Store, name: str, view: str, import_id: int, complete: frozenset[str]) -> list[dict[str, Any]]:
    """Merge one event file (registered as ``view``) into table ``name`` by record key (see the module docstring).

    First counts, per organisation and period the file holds, the stored records whose key it does not hold; in
    a period in ``complete`` those are deleted (the file is a complete export of it). Then the stored records
    with the key of one of its records are deleted and its records inserted. Returns the counts, one entry per
    (org_code, period) with any: table, org_code, period, records, removed.
    """
    con = store.con
    table = TABLES[name]
    match = " AND ".join(f'v."{k}" = t."{k}"' for k in table.key)
    entries: list[dict[str, Any]] = []
    for org, label, n in _not_held(con, name, view):
        removed = label in complete
        if removed:
            con.execute(
                f"DELETE FROM {name} t WHERE t.org_code = ? AND ({table.period}) = ? "
                f"AND NOT EXISTS (SELECT 1 FROM {view} v WHERE {match})",
                [org, label],
            )
        entries.append({"table": name, "org_code": org, "period": label, "records": n, "removed": removed})
    con.execute(f"DELETE FROM {name} t WHERE EXISTS (SELECT 1 FROM {view} v WHERE {match})")
    cols = ", ".join(f'"{c}"' for c in table.column_names)
    con.execute(f"INSERT INTO {name} ({cols}, {IMPORT_ID}) SELECT {cols}, {import_id} FROM {view}")
    return entries


def _replace(store: Store, name: str, load_id: int, views: list[tuple[str, int]]) -> None:
    """Delete the rows the new import replaces in snapshot or survey table ``name``, then insert its rows.

    Replaced: in each superseded slice, the rows of the imports that held it (and rows of bulk loads); every row
    of an import all of whose main slices are now superseded (an event import from before issue 13, whose rows
    in its minor periods went with its main ones).
    """
    con = store.con
    table = TABLES[name]
    period = table.period
    con.execute(
        f"DELETE FROM {name} t WHERE EXISTS (SELECT 1 FROM _wres_new_slices n WHERE n.table_name = '{name}' "
        f"AND n.org_code = t.org_code AND n.period = ({period})) AND (t.{IMPORT_ID} IS NULL OR EXISTS (SELECT 1 "
        f"FROM import_slices s WHERE s.superseded_by_load = {load_id} AND s.table_name = '{name}' "
        f"AND s.import_id = t.{IMPORT_ID} AND s.org_code = t.org_code AND s.period = ({period})))"
    )
    con.execute(
        f"DELETE FROM {name} WHERE {IMPORT_ID} IN (SELECT import_id FROM import_slices WHERE table_name = '{name}' "
        "GROUP BY import_id HAVING bool_and(NOT main OR superseded_by_load IS NOT NULL) "
        f"AND bool_or(superseded_by_load = {load_id}))"
    )
    cols = ", ".join(f'"{c}"' for c in table.column_names)
    for view, import_id in views:
        con.execute(f"INSERT INTO {name} ({cols}, {IMPORT_ID}) SELECT {cols}, {import_id} FROM {view}")


def key_ids(store: Store, organisations: Sequence[str]) -> set[str]:
    """Pseudonymisation key ids of the current imports of these organisations."""
    if not organisations:
        return set()
    rows = store.con.execute(
        "SELECT DISTINCT i.key_id FROM imports i, import_slices s WHERE s.import_id = i.import_id "
        "AND s.superseded_by_load IS NULL AND i.key_id <> '' AND list_contains(?, s.org_code)",
        [list(organisations)],
    ).fetchall()
    return {str(r[0]) for r in rows}


def current_import_of(store: Store, sha256: str) -> int | None:
    """The id of an import of the file with this SHA-256 none of whose slices is superseded, if any."""
    row = store.con.execute(
        "SELECT max(i.import_id) FROM imports i WHERE i.sha256 = ? AND NOT EXISTS (SELECT 1 FROM import_slices s "
        "WHERE s.import_id = i.import_id AND s.superseded_by_load IS NOT NULL)",
        [sha256],
    ).fetchall()[0]
    return int(row[0]) if row and row[0] is not None else None


@dataclass(frozen=True)
class ImportRecord:
    import_id: int
    load_id: int
    file_name: str
    sha256: str
    source: str
    profile: str
    organisations: list[str]
    periods: list[str]
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_merged: int
    rows_out_of_scope: int
    values_rejected: int
    key_id: str
    imported_by: str
    imported_at: datetime
    quality: dict[str, Any]
    status: str  # "current", "superseded by import N", "partly superseded by import N", "replaced by load N"


_SELECT = (
    "SELECT i.*, (SELECT count(*) FROM import_slices s WHERE s.import_id = i.import_id) AS n_slices, "
    "(SELECT count(*) FROM import_slices s WHERE s.import_id = i.import_id "
    "AND s.superseded_by_load IS NOT NULL) AS n_superseded, "
    "(SELECT list(DISTINCT coalesce(CAST(s.superseded_by_import AS VARCHAR), "
    "'load ' || CAST(s.superseded_by_load AS VARCHAR))) FROM import_slices s WHERE s.import_id = i.import_id "
    "AND s.superseded_by_load IS NOT NULL) AS by FROM imports i"
)


def _status(n_slices: int, n_superseded: int, by: Sequence[str] | None) -> str:
    if not n_superseded:
        return "current"
    names = ", ".join(f"import {b}" if not str(b).startswith("load") else str(b) for b in sorted(by or []))
    return f"superseded by {names}" if n_superseded == n_slices else f"partly superseded by {names}"


def _record(row: dict[str, Any]) -> ImportRecord:
    return ImportRecord(
        import_id=int(row["import_id"]),
        load_id=int(row["load_id"]),
        file_name=str(row["file_name"]),
        sha256=str(row["sha256"]),
        source=str(row["source"]),
        profile=str(row["profile"]),
        organisations=list(json.loads(row["organisations"])),
        periods=list(json.loads(row["periods"])),
        rows_read=int(row["rows_read"]),
        rows_loaded=int(row["rows_loaded"]),
        rows_rejected=int(row["rows_rejected"]),
        rows_merged=int(row["rows_merged"]),
        rows_out_of_scope=int(row["rows_out_of_scope"]),
        values_rejected=int(row["values_rejected"]),
        key_id=str(row["key_id"] or ""),
        imported_by=str(row["imported_by"]),
        imported_at=row["imported_at"],
        quality=dict(json.loads(row["quality"] or "{}")),
        status=_status(int(row["n_slices"]), int(row["n_superseded"]), row["by"]),
    )


def _rows(store: Store, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, list(params))
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def list_imports(store: Store) -> list[ImportRecord]:
    """Every imported file, oldest first."""
    return [_record(r) for r in _rows(store, f"{_SELECT} ORDER BY i.import_id")]


def import_record(store: Store, import_id: int) -> ImportRecord | None:
    rows = _rows(store, f"{_SELECT} WHERE i.import_id = ?", [import_id])
    return _record(rows[0]) if rows else None


def import_rejects(store: Store, import_id: int, limit: int | None = None, *, set_aside: bool = False) -> pd.DataFrame:
    """The rejected values of one import (row, column, value, problem, outcome); with ``set_aside`` also the rows
    not loaded by design (out of the profile's scope, merged ESR assignments)."""
    where = "" if set_aside else " AND outcome NOT IN (?, ?)"
    params: list[object] = [import_id] if set_aside else [import_id, OUT_OF_SCOPE, MERGED]
    sql = (
        'SELECT row, column_name AS "column", value, problem, outcome FROM import_rejects WHERE import_id = ?'
        f"{where} ORDER BY row, column_name"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return store.con.execute(sql, params).df()
