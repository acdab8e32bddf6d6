"""Uploaded raw extracts: kept safely, validated by the real import path, imported only when the user confirms.

An upload goes through three steps (views in :mod:`wres.web.views.data`):

1. :func:`store_upload` streams the file to ``WRES_WEB_DATA/uploads/<upload id>/<sanitised name>`` (folder 0700,
   file 0600) and computes its SHA-256 as it writes; files above :data:`MAX_UPLOAD_BYTES` or of a type other than
   CSV / XLSX are refused before anything is kept.
2. :func:`validate_upload` runs :func:`wres.ingest.importer.import_files` with ``dry_run=True`` on the warehouse
   opened read-only: the same reading, mapping, pseudonymisation, validation, threshold and quality report as a
   real import, writing nothing. It also works out the file's *slices* (organisation × table × period, as
   :func:`wres.store.imports.commit_import` will) and the imports they will replace. A file holding rows of any
   organisation other than the one in the URL is refused: nobody imports into another organisation. The file is
   read within the reader limits of ``wres import`` (:mod:`wres.ingest.limits`: ``[reader]`` of wres.toml), so a
   zip bomb or a file of a million columns is refused here as it is on the command line.
   Before any of that, :func:`precheck` looks at the stored file's first bytes and, for a workbook, the zip's
   directory (:func:`wres.ingest.limits.check_xlsx_archive`): a binary file named ``.csv`` is refused as "not a
   text file", a ``.xlsx`` that is not a zip archive as not a workbook, and a workbook over the decompression
   limits (a zip bomb) at once, without a byte of it being decompressed or parsed; then the first rows of a
   workbook's first sheet are streamed (:mod:`wres.web.xlsx_peek`: nothing more is parsed) and a workbook none
   of whose first :data:`HEADER_ROWS` rows holds the columns of any import profile is refused with the importer's
   own message
   (the reader would otherwise parse the whole sheet before looking at its header: 30 s for 140 MB of sheet XML).
   So a refusal costs milliseconds and a few kilobytes, whatever the file claims to hold.
3. :func:`import_upload` checks that the stored file still has the SHA-256 that was validated, imports it on the
   warehouse opened for writing, and deletes the stored file.

The JSON kept in :attr:`wres.web.models.Upload.report` (:func:`validate_upload`) holds counts, the first
:data:`REJECTS_SHOWN` rejects, the quality report and the slices; never an identifier (the importer pseudonymises
ids before anything else sees them and never puts them into rejects).

**Pseudonymisation key.** Imports from the dashboard must use the key of earlier imports (the command line's),
or ids will not link across years. :func:`key_path` is the ``WRES_KEY_FILE`` Django setting when a deployment
defines one, else :func:`wres.ingest.pseudonym.default_key_path` (``$WRES_KEY_FILE``, else
``~/.config/wres/pseudonym.key`` of the user running the server): the same rule as ``wres import``, so the
dashboard and the command line share one key. A key inside the web data folder's uploads, reports or static
files (which are served or handed out) is refused. When the key file is missing but the warehouse holds
earlier imports of the organisation made with a key, the upload is refused rather than a new key created.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from wres.errors import DataError, Problem, WresError
from wres.ingest.pseudonym import default_key_path
from wres.store import Store
from wres.web.xlsx_peek import first_rows

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES: Final = 200 * 1024 * 1024
"""The largest file accepted (200 MB: an ESR extract of a very large trust is well under it)."""
ALLOWED_SUFFIXES: Final = (".csv", ".xlsx")
REJECTS_SHOWN: Final = 200
"""Rejects kept in the validation report (the total is always given)."""
ERRORS_SHOWN: Final = 200
_NAME_LENGTH: Final = 120


class UploadRefusedError(WresError):
    """The file cannot be accepted at all (type, size, empty): nothing is kept."""


def max_upload_bytes() -> int:
    """:data:`MAX_UPLOAD_BYTES`, or the ``WRES_MAX_UPLOAD_BYTES`` Django setting when a deployment sets one."""
    return int(getattr(settings, "WRES_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES))


def human_size(size: int) -> str:
    """``1536`` → ``"1.5 KB"``."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            shown = f"{value:.1f}".removesuffix(".0")
            return f"{int(value)} bytes" if unit == "bytes" else f"{shown} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def safe_filename(name: str) -> str:
    """A file name safe to store and show: the last path component, letters, digits, ``.``, ``_`` and ``-`` only,
    no leading dot, at most 120 characters, the suffix lower-cased (``../../Staff 2025-03-31.CSV`` →
    ``Staff_2025-03-31.csv``). Dates in the name are kept: the ESR profile reads the snapshot date from it."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-") or "upload"
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix).lower()
    stem = re.sub(r"\.{2,}", ".", stem)[: _NAME_LENGTH - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def uploads_root() -> Path:
    return Path(settings.WEB_DATA) / "uploads"


def upload_folder(upload_id: object) -> Path:
    """The folder of one upload (its name is the upload's UUID, never anything the user typed)."""
    return uploads_root() / str(upload_id)


def stored_file(upload_id: object, filename: str) -> Path:
    return upload_folder(upload_id) / safe_filename(filename)


def _private_dir(path: Path) -> None:
    """Create ``path`` (and its parents) readable by the server's user only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def check_upload(file: UploadedFile[bytes]) -> str:
    """The sanitised name of an acceptable upload; :class:`UploadRefusedError` says why another is not."""
    name = safe_filename(file.name or "")
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRefusedError("The selected file must be a CSV file (.csv) or an Excel workbook (.xlsx)")
    size = file.size or 0
    if size == 0:
        raise UploadRefusedError("The selected file is empty")
    limit = max_upload_bytes()
    if size > limit:
        raise UploadRefusedError(
            f"The selected file must be smaller than {human_size(limit)} (it is {human_size(size)})"
        )
    return name


def store_upload(file: UploadedFile[bytes], upload_id: object, name: str) -> tuple[Path, int, str]:
    """Stream ``file`` into its upload folder (owner-only); its path, size and SHA-256."""
    folder = upload_folder(upload_id)
    _private_dir(uploads_root())
    _private_dir(folder)
    target = folder / name
    digest = hashlib.sha256()
    size = 0
    limit = max_upload_bytes()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in file.chunks():
                size += len(chunk)
                if size > limit:
                    raise UploadRefusedError(f"The selected file must be smaller than {human_size(limit)}")
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        remove_upload(upload_id)
        raise
    return target, size, digest.hexdigest()


def remove_upload(upload_id: object) -> None:
    """Delete an upload's stored file (after import, refusal or discard)."""
    shutil.rmtree(upload_folder(upload_id), ignore_errors=True)


STALE_AFTER: Final = timedelta(days=7)
"""A validated upload nobody confirmed or discarded within this time is discarded (its stored file deleted)."""


def discard_stale(now: datetime | None = None) -> int:
    """Discard uploads left waiting for confirmation longer than :data:`STALE_AFTER`; how many.

    Each is marked discarded (its validation report kept) and its stored copy of the raw extract deleted: raw HR
    extracts are the most sensitive files the dashboard holds and should not outlive their purpose."""
    from wres.web.models import Upload

    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = list(Upload.objects.filter(status=Upload.Status.VALIDATED, created__lt=cutoff))
    for item in stale:
        remove_upload(item.id)
        item.status = Upload.Status.DISCARDED
        item.save(update_fields=["status"])
    return len(stale)


def key_path() -> Path:
    """The pseudonymisation key the dashboard imports with (see the module docstring)."""
    configured = getattr(settings, "WRES_KEY_FILE", None)
    path = Path(configured).expanduser() if configured else default_key_path()
    resolved = path.resolve()
    web = Path(settings.WEB_DATA).resolve()
    exposed = [web / "uploads", web / "reports", web / "static"]
    if settings.STATIC_ROOT:
        exposed.append(Path(settings.STATIC_ROOT).resolve())
    if any(resolved.is_relative_to(folder) for folder in exposed):
        raise WresError(
            "the pseudonymisation key is configured inside the web data folder's uploads, reports or static "
            "files; move it elsewhere (WRES_KEY_FILE) before importing"
        )
    return path


def check_key(store: Store, org: str) -> None:
    """Refuse to import when the key of earlier imports is missing (a new key would not link to old ids)."""
    from wres.store.imports import key_ids

    if key_path().exists():
        return
    earlier = key_ids(store, [org])
    if earlier:
        raise WresError(
            f"the server cannot find the pseudonymisation key used for earlier imports of {org} (key id "
            f"{', '.join(sorted(earlier))}); ask the system administrator to point WRES_KEY_FILE at it. "
            "Nothing was imported"
        )


# ------------------------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class Outcome:
    """What validation or import decided: the report (JSON) and whether the file was refused."""

    refused: bool
    report: dict[str, Any]


def text_or_none(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _plain(value: Any) -> Any:
    """``value`` with NumPy and pandas scalars turned into JSON-ready Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, float) and np.isnan(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _hide_path(text: str, path: Path, name: str) -> str:
    """A message with the server's path of the stored file replaced by the file's name."""
    for form in (str(path.resolve()), str(path)):
        text = text.replace(form, name)
    return text.replace(str(path.parent) + os.sep, "")


def _problem_row(problem: Problem, path: Path, name: str) -> dict[str, Any]:
    return {
        "file": name,
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "problem": _hide_path(problem.problem, path, name),
    }


def refused(name: str, message: str, problems: list[dict[str, Any]] | None = None, total: int = 0) -> Outcome:
    """A refusal: ``message`` says why, ``problems`` where (file, row, column, value, problem)."""
    rows = problems or []
    return Outcome(
        True,
        {
            "file": name,
            "status": "refused",
            "error": message,
            "errors": rows[:ERRORS_SHOWN],
            "errors_total": max(total, len(rows)),
        },
    )


def _from_error(exc: WresError, path: Path, name: str) -> Outcome:
    if isinstance(exc, DataError):
        problems = [_problem_row(p, path, name) for p in exc.problems]
        head = problems[0]
        if head["row"] is None and head["column"] is None:  # a headline (e.g. "refused: 12% of rows …")
            message = str(head["problem"])
            return refused(name, message[:1].upper() + message[1:], problems[1:], exc.total - 1)
        return refused(
            name, "The file has problems that must be corrected before it can be imported", problems, exc.total
        )
    return refused(name, _hide_path(str(exc), path, name))


def _rejects(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row, column, value, problem, outcome in frame.head(REJECTS_SHOWN)[
        ["row", "column", "value", "problem", "outcome"]
    ].itertuples(index=False, name=None):
        out.append(
            {
                "row": int(row),
                "column": text_or_none(column),
                "value": text_or_none(value),
                "problem": str(problem),
                "outcome": str(outcome),
            }
        )
    return out


def _slices(
    store: Store, path: Path, profile_name: str, rejected_rows: set[int], sheet: str | None = None
) -> list[dict[str, Any]]:
    """The slices (table, organisation, period, rows, main) the file would load, as
    :func:`wres.store.imports.commit_import` computes them, and the current imports each one replaces."""
    from wres.data.schema import TABLES
    from wres.ingest.limits import configured_limits
    from wres.ingest.profiles import load_profiles
    from wres.ingest.pseudonym import load_or_create_key
    from wres.ingest.readers import read_raw
    from wres.ingest.transform import apply_profile
    from wres.store.imports import EVENT_TABLES

    profile = load_profiles()[profile_name]
    raw = read_raw(path, sheet=sheet, select=profile.reads, limits=configured_limits())  # as import_files reads
    result = apply_profile(raw, profile, load_or_create_key(key_path(), create=False))
    con = store.con
    out: list[dict[str, Any]] = []
    for name, frame in result.tables.items():
        keep = ~np.isin(result.rows[name], np.fromiter(rejected_rows, dtype=np.int64, count=len(rejected_rows)))
        frame = frame[keep].reset_index(drop=True)
        if frame.empty:
            continue
        view = "_wres_web_slices"
        con.register(view, frame)
        try:
            rows = con.execute(
                f"SELECT org_code, {TABLES[name].period} AS period, count(*) FROM {view} GROUP BY ALL ORDER BY ALL"
            ).fetchall()
        finally:
            con.unregister(view)
        for org_code, period, count in rows:
            main = name not in EVENT_TABLES  # an event file merges by record id (wres.store.imports, issue 13)
            replaces = (
                con.execute(
                    "SELECT DISTINCT i.import_id, i.file_name FROM import_slices s JOIN imports i USING (import_id) "
                    "WHERE s.table_name = ? AND s.org_code = ? AND s.period = ? AND s.main "
                    "AND s.superseded_by_load IS NULL ORDER BY i.import_id",
                    [name, str(org_code), str(period)],
                ).fetchall()
                if main
                else []
            )
            out.append(
                {
                    "table": name,
                    "org_code": str(org_code),
                    "period": str(period),
                    "rows": int(count),
                    "main": bool(main),
                    "replaces": [{"import_id": int(i), "file_name": str(f)} for i, f in replaces],
                }
            )
    return out


SNIFF_BYTES: Final = 64 * 1024
"""How much of a CSV file :func:`precheck` looks at to decide whether it is text."""
ZIP_MAGIC: Final = b"PK\x03\x04"
_CONTROL: Final = bytes(set(range(32)) - {9, 10, 12, 13})
"""Control characters no CSV file holds (tab, line feed, form feed and carriage return are allowed)."""


def looks_like_text(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) can be text: no NUL byte (UTF-8, Windows-1252 and Latin-1 text
    never hold one, and a UTF-16 export holds one every other character), and at most 1 in 100 other control
    characters (binary formats are full of them)."""
    if not head:
        return True
    if b"\x00" in head:
        return False
    controls = sum(head.count(c) for c in _CONTROL)
    return controls * 100 <= len(head)


HEADER_ROWS: Final = 20
"""The rows at the top of a sheet where the header may be (as :func:`wres.ingest.readers.read_raw` searches)."""


def _no_profile(rows: list[list[str]]) -> WresError | None:
    """The importer's refusal when none of ``rows`` holds every signature column of some import profile; None
    when one may be the header (the full import then decides, exactly as on the command line)."""
    from wres.ingest.profiles import detect_profile, load_profiles, normalise_name
    from wres.ingest.readers import find_header

    profiles = load_profiles()
    for cells in rows:
        seen = {normalise_name(c) for c in cells}
        if any(all(normalise_name(c) in seen for c in p.signature) for p in profiles.values()):
            return None
    if not rows:
        return None
    found = find_header(rows, (), HEADER_ROWS)
    header = [c for c in rows[found if found is not None else 0] if c]
    try:
        detect_profile(header, profiles)
    except WresError as exc:
        return exc
    return None  # pragma: no cover - no row matched, so detection cannot succeed


def precheck(path: Path, name: str) -> Outcome | None:
    """Refuse at once, from the first bytes and (for a workbook) the zip directory alone, a file that cannot be
    what its name says or is over the reader limits' decompression limits; None when it may be read."""
    from wres.ingest.limits import LimitError, check_xlsx_archive, configured_limits, open_regular

    suffix = Path(name).suffix.lower()
    try:
        with open_regular(path) as handle:
            head = handle.read(SNIFF_BYTES)
            if suffix == ".csv":
                if head.startswith(ZIP_MAGIC):
                    return refused(
                        name,
                        f"{name} is not a text file: it looks like an Excel workbook. Save it as CSV, or give it the "
                        ".xlsx ending, and upload it again",
                    )
                if not looks_like_text(head):
                    return refused(
                        name,
                        f"{name} is not a text file: a CSV file is text, and this one holds binary data. Export the "
                        "extract as CSV (comma-separated values) and upload that",
                    )
                return None
            if not head.startswith(ZIP_MAGIC):
                return refused(
                    name,
                    f"{name} is not an Excel workbook (.xlsx): it is not a zip archive. Save it from Excel as an "
                    "Excel workbook, or as CSV, and upload it again",
                )
            check_xlsx_archive(path, configured_limits(), source=handle)
            handle.seek(0)
            rows = first_rows(handle, HEADER_ROWS)
            problem = _no_profile(rows) if rows is not None else None
            if problem is not None:
                message = _hide_path(str(problem), path, name)
                return refused(name, message[:1].upper() + message[1:])
    except LimitError as exc:
        return refused(name, _hide_path(str(exc), path, name))
    except WresError as exc:
        return refused(name, _hide_path(str(exc), path, name))
    return None


def validate_upload(path: Path, name: str, org: str) -> Outcome:
    """Validate the stored file ``path`` (shown as ``name``) for organisation ``org`` (see the module docstring)."""
    from wres.ingest.importer import import_files
    from wres.ingest.transform import ROW_NOT_LOADED
    from wres.web.figures import open_store

    early = precheck(path, name)
    if early is not None:
        return early

    try:
        with open_store() as store:
            try:
                check_key(store, org)
                report = import_files([path], store, dry_run=True, key_path=key_path())
                file = report.files[0]
                if file.skipped:
                    return refused(
                        name,
                        f"This file is already in the warehouse ({file.status}): importing it again would change "
                        "nothing",
                    )
                rejects = file.rejects
                not_loaded: set[int] = (
                    {int(r) for r in rejects.loc[rejects["outcome"] == ROW_NOT_LOADED, "row"]}
                    if len(rejects)
                    else set()
                )
                slices = _slices(store, path, file.profile, not_loaded)
            except WresError as exc:
                return _from_error(exc, path, name)
            except Exception:  # an unreadable file the readers did not anticipate: say so, log the details
                log.exception("validating upload %s failed", path)
                return refused(
                    name, "The file could not be read as a CSV file or Excel workbook: check it and try again"
                )
    except WresError as exc:  # the warehouse itself (missing)
        return refused(name, f"The file cannot be checked now: {exc}")
    organisations = sorted({s["org_code"] for s in slices})
    others = [o for o in organisations if o != org]
    if others:
        return refused(
            name,
            f"The file holds rows of {', '.join(others)}. You can only import data for {org} here: remove the other "
            "organisations' rows, or ask their administrator to import them",
        )
    if not slices:
        return refused(name, "No row of the file could be loaded: nothing would be imported")
    quality = _plain(file.quality)
    warnings = [str(quality.pop("key_warning"))] if "key_warning" in quality else []
    return Outcome(
        False,
        {
            "file": name,
            "status": "validated",
            "profile": file.profile,
            "source": file.source,
            "counts": {
                "rows_read": file.rows_read,
                "rows_loaded": file.rows_loaded,
                "rows_rejected": file.rows_rejected,
                "rows_merged": file.rows_merged,
                "rows_out_of_scope": file.rows_out_of_scope,
            },
            "table_rows": _plain(file.table_rows),
            "rejects": _rejects(rejects),
            "rejects_total": len(rejects),
            "quality": quality,
            "organisations": organisations,
            "periods": sorted({s["period"] for s in slices}),
            "slices": slices,
            "warnings": warnings,
        },
    )


def import_upload(path: Path, name: str, sha256: str, org: str) -> tuple[Outcome, int | None, list[int]]:
    """Import the stored file for real when it is still the file validated: the outcome, the new import id and the
    imports it superseded."""
    from wres.ingest.importer import file_sha256, import_files
    from wres.web.figures import open_store

    try:
        now = file_sha256(path) if path.exists() else None
    except WresError:
        now = None
    if now != sha256:
        return (
            refused(
                name,
                "The stored file is not the file that was validated (it is missing or its SHA-256 differs): nothing "
                "was imported. Upload the file again",
            ),
            None,
            [],
        )
    # Read and checked against a read-only view; the write lock is taken only to commit (issue 13).
    with open_store(read_only=True) as store:
        try:
            check_key(store, org)
            report = import_files([path], store, key_path=key_path())
        except WresError as exc:
            return _from_error(exc, path, name), None, []
    file = report.files[0]
    if file.skipped:
        return refused(name, f"This file is already in the warehouse ({file.status})"), file.import_id, []
    return Outcome(False, {}), file.import_id, list(report.superseded)
