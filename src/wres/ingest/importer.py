"""Import raw HR extracts into the store: read → map → pseudonymise → validate → load, atomically and audited.

For each file :func:`import_files`:

1. hashes it (SHA-256). A file already in the store (same hash, none of its slices superseded) is skipped: a
   re-import changes nothing;
2. reads it (:mod:`wres.ingest.readers`), chooses its mapping profile (given, or detected from its columns:
   :mod:`wres.ingest.profiles`) and maps it to canonical tables with keyed pseudonyms
   (:mod:`wres.ingest.transform`, :mod:`wres.ingest.pseudonym`); values that cannot be mapped are rejects;
3. validates the canonical rows with pandera (:mod:`wres.data.frames`: types, codes, ranges, row rules,
   unique keys); a failing row is rejected, so **every input row ends loaded, rejected (with file, row, column,
   value and problem), merged into another row (secondary ESR assignments) or out of the profile's scope**, and
   the four counts add up to the rows read;
4. refuses the file whole when its rows with problems exceed ``max_invalid_share``;
5. computes its data-quality report (:mod:`wres.ingest.quality`).

Two files of one import holding the same snapshot or survey year are refused, naming both
(:func:`wres.store.imports.check_batch`; issue 13). Then every file is committed in **one transaction** with its
ledger entry (:mod:`wres.store.imports`), the store's write lock taken only for the commit (files are read and
checked against a read-only view, so readers are not blocked meanwhile): a corrected snapshot or survey file for
a period supersedes the earlier import of that period and the history is kept; an event file (recruitment, cases,
learning) adds and updates records by their ids, and removes stored records it lacks only in the periods given as
``complete_periods``. With
``dry_run`` nothing is written. No raw identifier, name or other personal value reaches a report, an error or
the ledger: id columns are pseudonymised before anything else sees them and never shown in rejects.

Crash tests kill an import at named stages through :func:`wres.faults.checkpoint` (``WRES_FAULT=stage[:n]``; a
no-op when unset).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from wres.config import IngestOptions, load_config
from wres.data.frames import DUPLICATE_KEY, validate_frame
from wres.data.schema import TABLES, ColumnType, Table
from wres.errors import DataError, Problem, WresError
from wres.faults import checkpoint
from wres.ingest.defaults import DEFAULT_MAX_INVALID_SHARE, STAGES
from wres.ingest.limits import ReaderLimits, check_regular_file, configured_limits, open_regular
from wres.ingest.personal import shown
from wres.ingest.profiles import Profile, detect_profile, load_profiles
from wres.ingest.pseudonym import Pseudonymiser, default_key_path, load_key, new_key, save_key
from wres.ingest.quality import file_quality, unmatched_staff, unread_survey_answers
from wres.ingest.readers import CSV_SUFFIXES, NotChunkableError, RawTable, read_csv_chunks, read_raw
from wres.ingest.transform import REJECT_COLUMNS, ROW_NOT_LOADED, Tally, TransformResult, apply_profile
from wres.store import Store
from wres.store.imports import (
    EVENT_TABLES,
    CommitResult,
    FileImport,
    FileOutcome,
    SpilledTables,
    check_batch,
    commit_import,
    current_import_of,
    key_ids,
    stored_records_not_in,
)

__all__ = [
    "DEFAULT_MAX_INVALID_SHARE",
    "STAGES",
    "FileReport",
    "Given",
    "ImportReport",
    "check_paths",
    "file_sha256",
    "import_files",
]


Progress = Callable[[str, str, int], None]  # (file name, stage, stages done)


@dataclass(frozen=True)
class Given:
    """Values given on the command line instead of in the files (issue 13; docs/profiles.md).

    Attributes:
        org_code: ``--org``: the organisation of every row; fills ``org_code`` where a file has no column for it
            (a file naming another organisation is refused).
        org_name: ``--org-name``: with ``org_code``, its name, so that no organisations file is needed for one
            trust (default: the code); used only when the store does not know the organisation yet.
        snapshot_date: ``--snapshot-date``: the date of ``file_date`` date columns (default: from the file name).
        survey_year: ``--survey-year``: the year of ``file_date`` whole-number columns (default: from the file name).
    """

    org_code: str | None = None
    org_name: str | None = None
    snapshot_date: dt.date | None = None
    survey_year: int | None = None


@dataclass(kw_only=True)
class FileReport(FileOutcome):
    """What happened to one file: what reading it gave (:class:`~wres.store.imports.FileOutcome`), where it is,
    what became of it and its rows per canonical table."""

    path: Path
    status: str = "imported"  # "imported", "validated" (dry run) or "already imported (import N)"
    table_rows: dict[str, int] = field(default_factory=dict)
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REJECT_COLUMNS)))
    set_aside: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REJECT_COLUMNS)))
    import_id: int | None = None

    @property
    def skipped(self) -> bool:
        return self.status.startswith("already imported")


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    commit: CommitResult | None = None
    dry_run: bool = False
    key_id: str = ""  # the pseudonymisation key the ids were made with (a hash prefix, not the key)
    key_created: Path | None = None  # the key file this import created (a first import)
    key_folders: list[Path] = field(default_factory=list)  # the folders made for it (outermost first)
    key_throwaway: Path | None = None  # a dry run without a key file: the key file an import would create

    @property
    def rejects(self) -> pd.DataFrame:
        parts = [f.rejects for f in self.files if not f.rejects.empty]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(REJECT_COLUMNS))

    @property
    def superseded(self) -> list[int]:
        return self.commit.superseded if self.commit else []


class _Stepper:
    """Reports the stages of one file to a progress callback."""

    def __init__(self, name: str, progress: Progress | None) -> None:
        self.name, self.progress, self.done = name, progress, 0

    def __call__(self, stage: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.name, stage, self.done)


def check_paths(paths: Sequence[Path]) -> None:
    """Refuse a path that does not exist or is a folder, before anything (store, key, file) is opened.

    Raises :class:`WresError` naming the path.
    """
    for path in (Path(p) for p in paths):
        if path.is_dir():
            raise WresError(f"{path}: is a folder, not a file")
        if not path.exists() and not path.is_symlink():
            raise WresError(f"{path}: no such file")


def _key_refusal(key_path: Path, orgs: Sequence[str], earlier: set[str]) -> WresError:
    """The one-line refusal of a new key where the store holds data under another (wres-domain.md §5.0: a person is
    linked across years by their pseudonym, so a new key breaks the link)."""
    return WresError(
        f"no pseudonymisation key at {key_path}, but the store holds data for {', '.join(orgs)} made with key "
        f"{', '.join(sorted(earlier))}: restore that key file from your backup (or point --key-file or "
        "WRES_KEY_FILE at it); nothing was imported. Only if it is lost for good, import with --new-key: earlier "
        "years' people will then not link to this import's, which affects indicators 3 and 4 and trends across the "
        "change"
    )


def _new_key_warning(orgs: Sequence[str], earlier: set[str], key_id: str) -> str:
    return (
        f"--new-key: earlier imports for {', '.join(orgs)} used pseudonymisation key {', '.join(sorted(earlier))}; "
        f"this import uses a new key {key_id}, so people in earlier years will not link to people in these files: "
        "indicators 3 and 4 (which link cases and learning to staff in post) and trends across the change are "
        "affected"
    )


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes (read in 1 MB blocks); a file that is not a regular file is refused unopened."""
    digest = hashlib.sha256()
    try:
        with open_regular(Path(path)) as fh:  # a FIFO or a device is refused, not waited on or hashed for ever
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise WresError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _pseudonymous(table: Table, column: object) -> bool:
    return column in table.column_names and table.column(str(column)).pseudonymous


def _is_date(table: Table, column: object) -> bool:
    return column in table.column_names and table.column(str(column)).type is ColumnType.DATE


def _validate(result: TransformResult, file: str) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, int]:
    """Validate each table with pandera; drop failing rows (and answers of a failing respondent).

    Returns the valid tables, the new rejects and the number of repeated keys.
    """
    tables: dict[str, pd.DataFrame] = {}
    rejects: list[pd.DataFrame] = []
    failed_rows: set[int] = set()
    repeated = 0
    for name, frame in result.tables.items():
        rows = result.rows[name]
        checked = validate_frame(name, frame)
        keep = ~checked.invalid
        if len(checked.problems):
            problems = checked.problems
            table = TABLES[name]
            values: list[object] = [
                None
                if value is None
                else shown(str(value), personal=_pseudonymous(table, column), date_column=_is_date(table, column))
                for column, value in zip(problems["column"], problems["value"], strict=True)
            ]
            problems = problems.assign(value=pd.Series(values, index=problems.index, dtype=object))
            repeated += int(problems.loc[problems["problem"].str.startswith(DUPLICATE_KEY), "position"].nunique())
            rejects.append(
                pd.DataFrame(
                    {
                        "file": file,
                        "row": rows[problems["position"].to_numpy(dtype=np.intp)],
                        "column": problems["column"].to_numpy(dtype=object),
                        "value": problems["value"].to_numpy(dtype=object),
                        "problem": problems["problem"].to_numpy(dtype=object),
                        "outcome": ROW_NOT_LOADED,
                    }
                )
            )
            failed_rows.update(int(r) for r in rows[checked.invalid])
        tables[name] = checked.frame[keep].reset_index(drop=True)
        result.rows[name] = rows[keep]
    if failed_rows:  # a row rejected in one table takes its rows in the others (survey answers) with it
        failed = np.fromiter(failed_rows, dtype=np.int64)
        for name in tables:
            keep = ~np.isin(result.rows[name], failed)
            tables[name] = tables[name][keep].reset_index(drop=True)
            result.rows[name] = result.rows[name][keep]
    new = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame(columns=list(REJECT_COLUMNS))
    return tables, new, repeated


def _refuse(path: Path, report: FileReport, max_invalid_share: float) -> None:
    rejects = report.rejects
    bad_rows = int(rejects["row"].nunique()) if not rejects.empty else 0
    base = report.rows_read - report.rows_out_of_scope
    if not base or bad_rows / base <= max_invalid_share:
        return
    head = Problem(
        str(path),
        None,
        None,
        None,
        f"refused: {bad_rows:,} of {base:,} rows ({bad_rows / base:.1%}) have invalid values, more than the "
        f"{max_invalid_share:.0%} allowed; nothing was imported",
    )
    shown = [
        Problem(str(path), int(row), str(column), None if pd.isna(value) else str(value), str(problem))
        for row, column, value, problem in rejects.head(50)[["row", "column", "value", "problem"]].itertuples(
            index=False, name=None
        )
    ]
    raise DataError([head, *shown], total=len(rejects) + 1)


def _map(
    raw: RawTable,
    profile: Profile,
    pseudonymiser: Pseudonymiser,
    options: IngestOptions,
    accept_ethnicity_column: bool,
    given: Given,
    tally: Tally | None = None,
) -> TransformResult:
    """:func:`apply_profile` of a file read whole or of one chunk, with the values given instead of read."""
    return apply_profile(
        raw,
        profile,
        pseudonymiser,
        options=options,
        accept_ethnicity_column=accept_ethnicity_column,
        file_date=given.snapshot_date,
        survey_year=given.survey_year,
        org_code=given.org_code,
        tally=tally,
    )


def _prepare(
    path: Path,
    profiles: dict[str, Profile],
    profile_name: str | None,
    source: str | None,
    sheet: str | None,
    pseudonymiser: Pseudonymiser,
    report: FileReport,
    max_invalid_share: float,
    step: Callable[[str], None],
    options: IngestOptions,
    *,
    limits: ReaderLimits,
    accept_ethnicity_column: bool = False,
    given: Given = Given(),
    spill_to: Callable[[], SpilledTables],
) -> tuple[MutableMapping[str, pd.DataFrame], int, int]:
    chosen: list[Profile] = []

    def select(header: tuple[str, ...]) -> list[str]:
        """Choose the profile from the header; only the columns it reads are loaded."""
        if profile_name is not None:
            profile = profiles[profile_name]
        else:
            candidates = {k: p for k, p in profiles.items() if source is None or p.kind == source}
            if not candidates:
                raise WresError(f"no mapping profile for source {source!r}")
            profile = detect_profile(header, candidates)
        if source is not None and profile.kind != source:
            raise WresError(f"{path}: profile {profile.name!r} reads {profile.kind} files, not {source}")
        chosen.append(profile)
        return profile.reads(header)

    if path.suffix.lower() in CSV_SUFFIXES and sheet is None:
        try:
            return _prepare_chunked(
                path,
                select,
                chosen,
                pseudonymiser,
                report,
                max_invalid_share,
                step,
                options,
                limits=limits,
                accept_ethnicity_column=accept_ethnicity_column,
                given=given,
                spill_to=spill_to,
            )
        except NotChunkableError:
            chosen.clear()  # read whole below (an ESR extract, survey answers, a file not UTF-8 throughout)
    raw = read_raw(path, sheet=sheet, select=select, limits=limits)
    step("read")
    checkpoint("read")
    profile = chosen[-1]
    result = _map(raw, profile, pseudonymiser, options, accept_ethnicity_column, given)
    step("map")
    checkpoint("mapped")
    tables, invalid, repeated = _validate(result, str(path))
    step("validate")
    parts = [r for r in (result.rejects, invalid) if not r.empty]
    if not parts:
        rejects = pd.DataFrame(columns=list(REJECT_COLUMNS))
    else:
        rejects = pd.concat(parts, ignore_index=True).sort_values(["row", "column"], kind="stable")
        rejects = rejects.reset_index(drop=True)
    rejected = int(rejects.loc[rejects["outcome"] == ROW_NOT_LOADED, "row"].nunique()) if len(rejects) else 0
    main = TABLES[profile.table].name
    report.profile, report.source = profile.name, profile.kind
    report.rows_read = result.rows_read
    report.rows_out_of_scope = result.out_of_scope
    report.rows_rejected = rejected
    report.rows_loaded = len(tables[main])
    report.rows_merged = result.rows_read - result.out_of_scope - rejected - report.rows_loaded
    report.rejects = rejects
    report.set_aside = result.set_aside
    report.table_rows = {k: len(v) for k, v in tables.items()}
    report.quality = dict(result.value_reads)  # completed by file_quality in import_files
    _refuse(path, report, max_invalid_share)
    checkpoint("validated")
    return tables, result.identical_rows, repeated


def _chunkable(profile: Profile) -> bool:
    """Whether a file of ``profile`` can be mapped in chunks: its rules span no rows but those :class:`Tally` and
    the key check of :func:`_prepare_chunked` cover (not an ESR extract, whose assignments of one person are
    resolved together, nor a survey file with its answers)."""
    return profile.resolve is None and profile.answers is None


class _Keys:
    """The main table's key of every row passed to validation, chunk by chunk, kept small: a 64-bit hash per row,
    its row number and the key values as Arrow (a national file's 11 million keys as Python strings took about a
    gigabyte)."""

    def __init__(self, key: tuple[str, ...]) -> None:
        self.key = list(key)
        self.hashes: list[npt.NDArray[np.integer[Any]]] = []
        self.rows: list[npt.NDArray[np.int64]] = []
        self.values: list[pa.Table | pd.DataFrame] = []

    def add(self, frame: pd.DataFrame, rows: npt.NDArray[np.int64]) -> None:
        if not self.key:
            return
        part = frame[self.key].reset_index(drop=True)
        self.hashes.append(pd.util.hash_pandas_object(part, index=False).to_numpy(dtype=np.uint64))
        self.rows.append(np.asarray(rows, dtype=np.int64))
        try:
            self.values.append(pa.Table.from_pandas(part, preserve_index=False))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):  # values of mixed types: kept as they are
            self.values.append(part)

    def repeated(self) -> npt.NDArray[np.int64]:
        """The rows whose key is on another row: equal keys have equal hashes, so the rows sharing a hash are the
        only candidates, and their keys are then compared exactly (as ``DataFrame.duplicated`` compares them)."""
        if not self.hashes:
            return np.zeros(0, dtype=np.int64)
        candidates = pd.Series(np.concatenate(self.hashes)).duplicated(keep=False).to_numpy(dtype=bool)
        if not candidates.any():
            return np.zeros(0, dtype=np.int64)
        picked: list[pd.DataFrame] = []
        start = 0
        for hashes, values in zip(self.hashes, self.values, strict=True):
            local = np.flatnonzero(candidates[start : start + len(hashes)])
            start += len(hashes)
            if isinstance(values, pa.Table):
                picked.append(values.take(pa.array(local)).to_pandas())
            else:
                picked.append(values.iloc[local].reset_index(drop=True))
        found = pd.concat(picked, ignore_index=True).duplicated(keep=False).to_numpy(dtype=bool)
        repeated: npt.NDArray[np.int64] = np.concatenate(self.rows)[np.flatnonzero(candidates)[found]]
        return repeated


def _cross_chunk_duplicates(
    repeated: npt.NDArray[np.int64], flagged: set[int], key: tuple[str, ...], file: str
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """Rows whose key is on another row of the file (in another chunk), as pandera finds them in a file validated
    whole: every row passed to validation counts (``repeated``: :meth:`_Keys.repeated`), and a row already named a
    duplicate in its chunk is not named twice. Returns their rejects and their rows."""
    if not len(repeated) or not key:
        return pd.DataFrame(columns=list(REJECT_COLUMNS)), np.zeros(0, dtype=np.int64)
    rows = np.unique(repeated[~np.isin(repeated, np.fromiter(flagged, dtype=np.int64, count=len(flagged)))])
    problem = f"{DUPLICATE_KEY} ({', '.join(key)}): the same key is on another row"
    rejects = pd.DataFrame(
        {
            "file": file,
            "row": rows,
            "column": ", ".join(key),
            "value": pd.Series([None] * len(rows), dtype=object),
            "problem": problem,
            "outcome": ROW_NOT_LOADED,
        },
        columns=list(REJECT_COLUMNS),
    )
    return rejects, rows


def _prepare_chunked(
    path: Path,
    select: Callable[[tuple[str, ...]], list[str]],
    chosen: list[Profile],
    pseudonymiser: Pseudonymiser,
    report: FileReport,
    max_invalid_share: float,
    step: Callable[[str], None],
    options: IngestOptions,
    *,
    limits: ReaderLimits,
    accept_ethnicity_column: bool,
    given: Given,
    spill_to: Callable[[], SpilledTables],
) -> tuple[MutableMapping[str, pd.DataFrame], int, int]:
    """:func:`_prepare` of a CSV file read, mapped and validated ``options.chunk_rows`` lines at a time (issue 18).

    The rules that span rows are judged over the whole file: the value listings, month-first dates, the ethnicity
    column's refusal and identical rows through a :class:`~wres.ingest.transform.Tally`; a key repeated in
    another chunk by :func:`_cross_chunk_duplicates`. Rows are numbered in the whole file. The result is the
    one :func:`_prepare` gives reading the file whole (``tests/ingest/test_import_chunks.py``).

    A file of more than one chunk has its canonical rows written to Parquet (``spill_to()``, a
    :class:`~wres.store.imports.SpilledTables`) chunk by chunk as each is validated, in a thread while the next
    chunk is mapped, so its chunks are never concatenated in memory; a row whose key turns out to be repeated in a
    later chunk is taken out of the files at the end. A file of one chunk is returned in memory.

    Raises:
        NotChunkableError: the file's profile resolves rows together (:func:`_chunkable`), or the file cannot be
            read in chunks (:func:`wres.ingest.readers.read_csv_chunks`): read it whole.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    file = str(path)
    tally = Tally()
    first: dict[str, pd.DataFrame] | None = None  # the first chunk's tables, until a second chunk comes
    spilled: SpilledTables | None = None
    writing: Future[None] | None = None
    rows: dict[str, list[npt.NDArray[np.int64]]] = {}
    rejects: list[pd.DataFrame] = []
    invalid: list[pd.DataFrame] = []
    set_aside: list[pd.DataFrame] = []
    keys: _Keys | None = None
    flagged: set[int] = set()
    rows_read = out_of_scope = repeated = 0
    profile: Profile | None = None

    def write(tables: dict[str, pd.DataFrame]) -> None:
        assert spilled is not None
        for name, frame in tables.items():
            spilled.append(name, frame)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="wres-spill") as pool:
        try:
            for raw in read_csv_chunks(path, rows=options.chunk_rows, select=select, limits=limits):
                if profile is None:
                    profile = chosen[-1]
                    if not _chunkable(profile):
                        raise NotChunkableError(f"{path}: profile {profile.name} resolves rows together")
                result = _map(raw, profile, pseudonymiser, options, accept_ethnicity_column, given, tally)
                main = TABLES[profile.table]
                keys = keys or _Keys(main.key)
                keys.add(result.tables[main.name], result.rows[main.name])
                valid, bad, n_repeated = _validate(result, file)
                repeated += n_repeated
                if len(bad):
                    flagged.update(bad.loc[bad["problem"].str.startswith(DUPLICATE_KEY), "row"].astype(int).tolist())
                for name in valid:
                    rows.setdefault(name, []).append(result.rows[name])
                if writing is not None:
                    writing.result()  # the previous chunk is written: at most one chunk waits to be
                if first is None and spilled is None:
                    first = valid
                else:
                    if spilled is None:
                        assert first is not None
                        spilled = spill_to()
                        write(first)
                        first = None
                    writing = pool.submit(write, valid)
                rejects.append(result.rejects)
                invalid.append(bad)
                set_aside.append(result.set_aside)
                rows_read += result.rows_read
                out_of_scope += result.out_of_scope
                del raw, result, valid
            if writing is not None:
                writing.result()
        finally:
            if writing is not None:
                with contextlib.suppress(BaseException):  # an error already raised is the one to report
                    writing.result()
            if spilled is not None:
                spilled.close()
    assert profile is not None  # read_csv_chunks yields at least one chunk or raises
    assert keys is not None
    step("read")
    checkpoint("read")
    tally.refusal(file, options.min_known_ethnicity)
    step("map")
    checkpoint("mapped")
    main = TABLES[profile.table]
    duplicates, duplicate_rows = _cross_chunk_duplicates(keys.repeated(), flagged, main.key, file)
    del keys
    repeated += len(duplicate_rows)
    tables: MutableMapping[str, pd.DataFrame]
    table_rows: dict[str, int] = {}
    if spilled is not None:
        for name in list(spilled):
            at = np.concatenate(rows[name])
            if len(duplicate_rows):
                spilled.drop_rows(name, ~np.isin(at, duplicate_rows))
            table_rows[name] = spilled.rows(name)
        tables = spilled
    else:
        assert first is not None
        tables = {}
        for name, frame in first.items():
            frame = frame.reset_index(drop=True)
            at = rows[name][0]
            if len(duplicate_rows):
                keep = ~np.isin(at, duplicate_rows)
                frame = frame[keep].reset_index(drop=True)
            tables[name] = frame
            table_rows[name] = len(frame)
    step("validate")
    found = [r for r in (*rejects, *invalid, duplicates) if not r.empty]
    if not found:
        all_rejects = pd.DataFrame(columns=list(REJECT_COLUMNS))
    else:
        ordered = [r for r in rejects if not r.empty] + [r for r in (*invalid, duplicates) if not r.empty]
        all_rejects = pd.concat(ordered, ignore_index=True).astype({"row": "int64"})
        all_rejects = all_rejects.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    aside = [s for s in set_aside if not s.empty]
    rejected = (
        int(all_rejects.loc[all_rejects["outcome"] == ROW_NOT_LOADED, "row"].nunique()) if len(all_rejects) else 0
    )
    report.profile, report.source = profile.name, profile.kind
    report.rows_read = rows_read
    report.rows_out_of_scope = out_of_scope
    report.rows_rejected = rejected
    report.rows_loaded = table_rows[main.name]
    report.rows_merged = rows_read - out_of_scope - rejected - report.rows_loaded
    report.rejects = all_rejects
    report.set_aside = (
        pd.concat(aside, ignore_index=True) if aside else (set_aside[0] if set_aside else report.set_aside)
    )
    report.table_rows = table_rows
    report.quality = tally.value_reads()
    _refuse(path, report, max_invalid_share)
    checkpoint("validated")
    return tables, tally.identical_rows(), repeated


def import_files(
    paths: Sequence[Path],
    store: Store,
    *,
    profile_name: str | None = None,
    source: str | None = None,
    sheet: str | None = None,
    key_path: Path | None = None,
    max_invalid_share: float = DEFAULT_MAX_INVALID_SHARE,
    dry_run: bool = False,
    allow_new_key: bool = False,
    progress: Progress | None = None,
    limits: ReaderLimits | None = None,
    options: IngestOptions | None = None,
    accept_ethnicity_column: bool = False,
    given: Given | None = None,
    complete_periods: Sequence[str] = (),
) -> ImportReport:
    """Import raw files into ``store`` in one transaction (see the module docstring).

    Args:
        paths: The raw files (CSV or XLSX).
        store: An open store: a read-only view is enough, as the files are read and checked against it and the
            write lock is taken only to commit (:meth:`wres.store.Store.open_for_commit`: the store reopened
            read-write, the import refused if another was committed in between; issue 13), so readers are not
            blocked while an import reads and validates. Or an empty store held in memory
            (:meth:`wres.store.Store.in_memory`) where no store exists yet: a dry run validates against it, an
            import creates the store file only when it commits, so a failing import creates nothing.
        profile_name: Mapping profile for every file; default detected per file.
        source: Restrict detection to profiles of this kind (``staff``, ``recruitment``, ...).
        sheet: Worksheet to read from Excel files; default the first.
        key_path: Pseudonymisation key file; default :func:`wres.ingest.pseudonym.default_key_path`. Without a
            key file a new key is made in memory: an import writes it (owner-only) just before it commits; a dry
            run uses it as a throwaway (its pseudonyms are never stored) and writes nothing.
        max_invalid_share: A file with a larger share of rows with problems is refused whole.
        dry_run: Validate and report; write nothing (no store, no key, no folder).
        allow_new_key: Import with a new key even though the store holds data for these organisations made with
            another key (the key file is lost): without it such an import is refused, since earlier years'
            people would not link to this import's (indicators 3 and 4, trends). With it, each file's quality
            report carries the warning.
        progress: Called as ``progress(file name, stage, stages done)``.
        limits: The reader limits (rows, cells, cell size, table size, XLSX decompressed size and compression
            ratio); default ``[reader]`` of the configuration (:func:`wres.ingest.limits.configured_limits`), which
            the dashboard's uploads read with too.
        options: What is plausible (dates, survey years, known ethnicity); default ``[ingest]`` of
            :func:`wres.config.load_config` (``$WRES_CONFIG`` or ``./wres.toml``, else the defaults).
        accept_ethnicity_column: Import a mapped ethnicity column even if it does not look like one (under
            ``options.min_known_ethnicity`` known, or values like sex, dates or numbers); without it such a file is
            refused (:func:`wres.ingest.value_reads.ethnicity_refusal`).
        given: Values given instead of read from the files: the organisation (and its name), the snapshot date, the
            survey year (:class:`Given`).
        complete_periods: Activity years (``2025/26``) that the event files (recruitment, cases, learning) of
            this import are complete exports of: the stored records of those years that a file lacks are removed
            and the earlier imports of them superseded. Otherwise an event file only adds and updates records by
            their ids (issue 13). Each file's report says how many stored records of its periods it lacks.

    Raises:
        DataError: a file is refused, or unusable (the message names file, row, column and problem).
        WresError: bad arguments, missing or unreadable files, unknown organisations, a lost key (see
            ``allow_new_key``).
    """
    with _SpillFolder() as spill, _Hashes() as hashes:
        return _import_files(
            paths=paths,
            store=store,
            profile_name=profile_name,
            source=source,
            sheet=sheet,
            key_path=key_path,
            max_invalid_share=max_invalid_share,
            dry_run=dry_run,
            allow_new_key=allow_new_key,
            progress=progress,
            limits=limits,
            options=options,
            accept_ethnicity_column=accept_ethnicity_column,
            given=given,
            complete_periods=complete_periods,
            spill=spill,
            hashes=hashes,
        )


def _import_files(
    paths: Sequence[Path],
    store: Store,
    *,
    profile_name: str | None = None,
    source: str | None = None,
    sheet: str | None = None,
    key_path: Path | None = None,
    max_invalid_share: float = DEFAULT_MAX_INVALID_SHARE,
    dry_run: bool = False,
    allow_new_key: bool = False,
    progress: Progress | None = None,
    limits: ReaderLimits | None = None,
    options: IngestOptions | None = None,
    accept_ethnicity_column: bool = False,
    given: Given | None = None,
    complete_periods: Sequence[str] = (),
    spill: _SpillFolder,
    hashes: _Hashes,
) -> ImportReport:
    """:func:`import_files`, canonical tables of large files spilled to ``spill``, the files hashed ahead by
    ``hashes``."""
    if not paths:
        raise WresError("no files to import")
    check_paths(paths)
    for path in paths:  # a FIFO or a device is refused before anything is opened, read or hashed (issue 13)
        check_regular_file(Path(path))
    limits = limits or configured_limits()
    profiles = load_profiles()
    if profile_name is not None and profile_name not in profiles:
        raise WresError(f"unknown profile {profile_name!r}; available: {', '.join(sorted(profiles))}")
    options = options or load_config().ingest
    key_file = default_key_path() if key_path is None else Path(key_path)
    existing_key = load_key(key_file)
    key_is_new = existing_key is None
    pseudonymiser = new_key() if existing_key is None else existing_key
    report = ImportReport(dry_run=dry_run, key_id=pseudonymiser.key_id)
    prepared: list[tuple[FileReport, MutableMapping[str, pd.DataFrame], int, int]] = []
    seen: dict[str, Path] = {}
    hashes.start([Path(p) for p in paths])  # in a thread, ahead of the file being read and mapped
    for number, path in enumerate(Path(p) for p in paths):
        step = _Stepper(path.name, progress)
        sha = hashes.result(number)
        checkpoint("hashed")
        if sha in seen:
            raise WresError(f"{path}: the same file as {seen[sha]} (given twice)")
        seen[sha] = path
        file = FileReport(path=path, sha256=sha)
        report.files.append(file)
        existing = current_import_of(store, sha)
        if existing is not None:
            file.status = f"already imported (import {existing})"
            file.import_id = existing
            for stage in STAGES:
                step(stage)
            continue
        tables, identical, repeated = _prepare(
            path,
            profiles,
            profile_name,
            source,
            sheet,
            pseudonymiser,
            file,
            max_invalid_share,
            step,
            options,
            limits=limits,
            accept_ethnicity_column=accept_ethnicity_column,
            given=given or Given(),
            spill_to=lambda: SpilledTables(spill.path(), str(len(prepared))),
        )
        held: MutableMapping[str, pd.DataFrame] = tables
        if not isinstance(tables, SpilledTables) and sum(len(frame) for frame in tables.values()) >= options.chunk_rows:
            held = SpilledTables(spill.path(), str(len(prepared)), tables)  # held on disk until the commit
        del tables
        prepared.append((file, held, identical, repeated))
    if given is not None and given.org_code is not None:
        _add_organisation(store, [t for _, t, _, _ in prepared], given.org_code, given.org_name)
    _check_organisations(store, [t for _, t, _, _ in prepared])
    complete = check_batch(
        store,
        [(str(file.path), _Narrow(tables, _period_columns)) for file, tables, _, _ in prepared],
        complete_periods,
        others_skipped=any(f.skipped for f in report.files),
    )
    people = {"person_id"}
    staff = [
        _Narrow(t, lambda _: people)["staff"][["org_code", "person_id"]] for _, t, _, _ in prepared if "staff" in t
    ]
    imported_staff = pd.concat(staff, ignore_index=True) if staff else None
    del staff
    question_map = load_config().survey.question_map
    for file, held, identical, repeated in prepared:
        file.quality = (
            file_quality(
                store.con,
                _Narrow(held, lambda name: {"ethnic_category", *_period_columns(name), *_QUALITY_DATES}),
                identical_rows=identical,
                duplicate_keys=repeated,
                merged_assignments=file.rows_merged,
            )
            | file.quality
        )
        records = _Narrow(held, lambda _: people)
        links = [
            u
            for name in records
            if name in {"disciplinary", "training"}
            and (u := unmatched_staff(store.con, name, records[name], imported_staff))
        ]
        if links:
            file.quality["unmatched_staff"] = links
        unread = unread_survey_answers(held.get("survey_answers"), question_map)
        if unread is not None:
            file.quality["unread_survey_answers"] = unread
        orgs = sorted({c for name in held for c in _org_codes(held, name)})
        other_keys = key_ids(store, orgs) - {pseudonymiser.key_id}
        if other_keys and key_is_new:
            if not allow_new_key:
                raise _key_refusal(key_file, orgs, other_keys)
            file.quality["key_warning"] = _new_key_warning(orgs, other_keys, pseudonymiser.key_id)
        elif other_keys:
            file.quality["key_warning"] = (
                f"earlier imports for {', '.join(orgs)} used another pseudonymisation key "
                f"({', '.join(sorted(other_keys))}; this one is {pseudonymiser.key_id}): ids will not link across them"
            )
        if progress:
            progress(file.path.name, "quality", len(STAGES))
    checkpoint("checked")
    if dry_run or not prepared:
        if dry_run:
            if key_is_new:
                report.key_throwaway = key_file
            for (file, held, *_), periods in zip(prepared, complete, strict=True):
                file.status = "validated (dry run)"
                keyed = _Narrow(held, lambda name: {*TABLES[name].key, *_period_columns(name)})
                entries = [
                    e for name in keyed if name in EVENT_TABLES for e in stored_records_not_in(store, name, keyed[name])
                ]
                for entry in entries:  # what the import would do with them (each file alone against the store)
                    entry["would_remove"] = entry["period"] in periods
                if entries:
                    file.quality["stored_records_not_in_file"] = entries
        return report
    files = [
        FileImport(
            **file.outcome(),
            file_name=file.path.name,
            tables=tables,
            key_id=pseudonymiser.key_id,
            complete_periods=periods,
        )
        for (file, tables, _, _), periods in zip(prepared, complete, strict=True)
    ]
    created_store = not store.on_disk
    try:
        if key_is_new:
            *report.key_folders, report.key_created = save_key(pseudonymiser, key_file)
        store.open_for_commit()  # the write lock, only now (issue 13); refused if another import came in between
        with store.bounded_memory():  # DuckDB held to [store] memory_limit_mb, spilling beyond it (issue 18)
            report.commit = commit_import(store, files)
    except BaseException:
        _undo(store, report, created_store=created_store)
        raise
    for (file, *_), import_id in zip(prepared, report.commit.import_ids, strict=True):
        file.import_id = import_id
        if import_id in report.commit.not_held:  # as its ledger entry records it
            file.quality["stored_records_not_in_file"] = report.commit.not_held[import_id]
    checkpoint("imported")
    return report


_QUALITY_DATES = ("snapshot_date", "application_date", "shortlisting_date", "investigation_start", "start_date")


def _period_columns(name: str) -> set[str]:
    """The columns of table ``name`` its period expression reads, and ``org_code``."""
    table = TABLES[name]
    return {"org_code"} | {c for c in table.column_names if re.search(rf"\b{c}\b", table.period)}


class _Narrow(Mapping[str, pd.DataFrame]):
    """``tables`` with each table read with only the columns ``wanted(name)`` names (and ``org_code``, so that a
    table read has its rows): a spilled table (:class:`SpilledTables`) is read from its Parquet file column by
    column, the other columns never read (issue 18: reading an 11-million-row table whole for its periods took
    1.5 GB); a table held in memory is given as it is."""

    def __init__(self, tables: Mapping[str, pd.DataFrame], wanted: Callable[[str], Collection[str]]) -> None:
        self.tables, self.wanted = tables, wanted

    def __getitem__(self, name: str) -> pd.DataFrame:
        tables = self.tables
        if isinstance(tables, SpilledTables) and tables.parquet(name) is not None:
            wanted = {"org_code", *self.wanted(name)}
            return tables.read(name, [c for c in tables.columns(name) if c in wanted])
        return tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def __contains__(self, name: object) -> bool:
        return name in self.tables


def _org_codes(tables: Mapping[str, pd.DataFrame], name: str) -> set[str]:
    """The organisation codes of table ``name`` (of a spilled table, only its ``org_code`` column is read)."""
    if isinstance(tables, SpilledTables):
        return {str(c) for c in tables.distinct(name, "org_code")}
    return {str(c) for c in tables[name]["org_code"].unique()}


class _Hashes:
    """The files' SHA-256 (:func:`file_sha256`) computed in order in one thread while the main thread reads and maps
    the files before them (hashlib releases the GIL), so hashing costs no wall time after the first file. A file's
    error (unreadable) is raised when its hash is asked for, in file order. Hashing still under way when the import
    ends is abandoned."""

    def __init__(self) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future[str]] = []

    def start(self, paths: Sequence[Path]) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wres-hash")
        self._futures = [self._pool.submit(file_sha256, path) for path in paths]

    def result(self, number: int) -> str:
        return self._futures[number].result()

    def __enter__(self) -> _Hashes:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class _SpillFolder:
    """An owner-only temporary folder for the canonical tables of large files (:class:`SpilledTables`), made only
    when first needed and removed with everything in it when the import ends, whether it committed or failed."""

    def __init__(self) -> None:
        self._path: Path | None = None

    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="wres-import-"))  # 0700
        return self._path

    def __enter__(self) -> _SpillFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            self._path = None


def _undo(store: Store, report: ImportReport, *, created_store: bool) -> None:
    """After a failed commit, remove the key file and the store file this import created, so that a failed import
    leaves nothing behind; each only while no committed import uses it (so never after a commit that went through)."""
    if store.on_disk:
        try:
            row = store.con.execute("SELECT count(*) FROM imports WHERE key_id = ?", [report.key_id]).fetchone()
        except Exception:  # the store cannot say: keep everything
            return
        if row and row[0]:
            return
    # else the store file was never opened: nothing was committed
    if report.key_created is not None:
        with contextlib.suppress(OSError):
            report.key_created.unlink()
        for folder in reversed(report.key_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        report.key_created, report.key_folders = None, []
    if created_store:
        store.discard_created()


def _add_organisation(
    store: Store, tables: list[MutableMapping[str, pd.DataFrame]], code: str, name: str | None
) -> None:
    """``--org`` (and ``--org-name``) for an organisation the store does not know and no organisations file of the
    batch lists: its row (name default the code) is imported with the first file that uses it."""
    if code in set(store.organisations()) or any(
        "organisations" in t and code in _org_codes(t, "organisations") for t in tables
    ):
        return
    for t in tables:
        if any(code in _org_codes(t, name) for name in t):
            row = {"org_code": [code], "org_name": [name or code], "region": [None], "trust_type": [None]}
            t["organisations"] = pd.DataFrame(row).astype("str")
            return


def _check_organisations(store: Store, tables: list[MutableMapping[str, pd.DataFrame]]) -> None:
    """Every organisation referenced must be in the store or imported with these files."""
    known = set(store.organisations())
    for t in tables:
        if "organisations" in t:
            known.update(_org_codes(t, "organisations"))
    used = {c for t in tables for name in t if name != "organisations" for c in _org_codes(t, name)}
    missing = sorted(used - known)
    if missing:
        raise WresError(
            f"organisation(s) {', '.join(missing)} are not in the store: import the organisations file with these "
            "extracts (or first)"
        )
