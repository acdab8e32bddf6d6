"""Import raw HR extracts into the store: read → map (profile) → pseudonymise → validate → load, atomically.

``import_files`` reads each file (:mod:`wres.ingest.readers`), chooses its mapping profile (given, or detected
from its columns: :mod:`wres.ingest.profiles`), maps it to canonical tables with keyed pseudonyms
(:mod:`wres.ingest.transform`, :mod:`wres.ingest.pseudonym`) and collects every value that could not be
mapped in a rejects table. A file whose rejected rows exceed ``max_invalid_share`` of its rows is refused
whole. The canonical tables of all files are then validated and loaded in **one transaction**
(:meth:`wres.store.Store.load_folder`): either everything is loaded or the store is unchanged.

Still to come (issue 4): the import ledger (file hashes, idempotent re-import, supersession and history), the
saved data-quality report and pandera validation of the raw values.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wres.data.schema import TABLES, ColumnType
from wres.errors import DataError, Problem, WresError
from wres.ingest.profiles import detect_profile, load_profiles
from wres.ingest.pseudonym import load_or_create_key
from wres.ingest.readers import read_raw
from wres.ingest.transform import REJECT_COLUMNS, apply_profile
from wres.store import LoadResult, Store

DEFAULT_MAX_INVALID_SHARE = 0.05


@dataclass
class FileReport:
    path: Path
    profile: str
    rows_read: int
    rows_rejected: int
    table_rows: dict[str, int]


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REJECT_COLUMNS)))
    load: LoadResult | None = None


def _for_parquet(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in TABLES[table].columns:
        if col.type is ColumnType.DATE and col.name in out:
            out[col.name] = pd.to_datetime(out[col.name]).dt.date
    return out


def import_files(
    paths: Sequence[Path],
    store: Store,
    *,
    profile_name: str | None = None,
    key_path: Path | None = None,
    max_invalid_share: float = DEFAULT_MAX_INVALID_SHARE,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import raw files into ``store`` in one transaction (see the module docstring)."""
    if not paths:
        raise WresError("no files to import")
    profiles = load_profiles()
    if profile_name is not None and profile_name not in profiles:
        raise WresError(f"unknown profile {profile_name!r}; available: {', '.join(sorted(profiles))}")
    pseudonymiser = load_or_create_key(key_path)
    report = ImportReport()
    collected: dict[str, list[pd.DataFrame]] = {}
    rejects: list[pd.DataFrame] = []
    for path in paths:
        if progress:
            progress(f"reading {path.name}")
        raw = read_raw(Path(path))
        profile = profiles[profile_name] if profile_name else detect_profile(raw.columns, profiles)
        result = apply_profile(raw, profile, pseudonymiser)
        rows = len(raw.frame)
        rejected_rows = int(result.rejects["row"].nunique()) if not result.rejects.empty else 0
        if rows and rejected_rows / rows > max_invalid_share:
            problems = [
                Problem(str(f), int(r), str(c), None if v is None or v != v else str(v), str(p))
                for f, r, c, v, p in result.rejects.head(50)[list(REJECT_COLUMNS)].itertuples(index=False, name=None)
            ]
            head = Problem(
                str(path),
                None,
                None,
                None,
                f"refused: {rejected_rows:,} of {rows:,} rows ({rejected_rows / rows:.1%}) have invalid values, more "
                f"than the {max_invalid_share:.0%} allowed; nothing was imported",
            )
            raise DataError([head, *problems], total=len(result.rejects) + 1)
        for name, frame in result.tables.items():
            collected.setdefault(name, []).append(frame)
        rejects.append(result.rejects)
        report.files.append(
            FileReport(Path(path), profile.name, rows, rejected_rows, {k: len(v) for k, v in result.tables.items()})
        )
    if rejects:
        report.rejects = pd.concat(rejects, ignore_index=True)
    tables = {name: pd.concat(frames, ignore_index=True) for name, frames in collected.items()}
    if "organisations" not in tables:
        tables["organisations"] = _known_organisations(store, tables)
    if dry_run:
        return report
    with tempfile.TemporaryDirectory(prefix="wres-import-") as tmp:
        folder = Path(tmp)
        for name, frame in tables.items():
            _for_parquet(name, frame).to_parquet(folder / f"{name}.parquet", index=False)
        if progress:
            progress("validating and loading (one transaction)")
        report.load = store.load_folder(folder)
    return report


def _known_organisations(store: Store, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Organisations referenced by the imported tables, as already held in the store."""
    codes = sorted({str(c) for frame in tables.values() if "org_code" in frame for c in frame["org_code"].unique()})
    existing = store.con.execute("SELECT * FROM organisations").df()
    missing = sorted(set(codes) - set(existing["org_code"]))
    if missing:
        raise WresError(
            f"organisation(s) {', '.join(missing)} are not in the store: import the organisations file with these "
            "extracts (or first)"
        )
    return existing[existing["org_code"].isin(codes)].reset_index(drop=True)
