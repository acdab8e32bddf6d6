"""Generated report sets: written once per organisation, WRES year, tier and data version, then served.

:func:`generate` writes one tier's report set with :func:`wres.reports.build.write_tier` from the dashboard's
own cached figures (:func:`wres.web.figures.figures`: the pages and the files can never disagree) into
``WRES_WEB_DATA/reports/<org>/<year>/<tier>/``:

* ``wres-report-<year>-<org>-<tier>.html`` and ``.pdf``: the annual report;
* ``wres-return-<year>-<org>-<tier>.xlsx``: the return workbook;
* ``wres-figures-<year>-<org>-<tier>.zip``: the CSV files of every figure (results, counts, metadata).

A ``manifest.json`` beside them records the organisation's data version (:func:`wres.web.figures.org_version`)
the set was made from and its files: a set is regenerated only when that organisation's data have changed since,
and only a name in the manifest can ever be downloaded (no path from the URL reaches the file system). A set is
written into a temporary folder and moved into place, under a lock per set (threads) and a file lock (processes), so a
download never sees half a set. Every folder is 0700 and every file 0600 whatever the umask
(:func:`make_private_tree`): a report set holds one organisation's figures, the internal tier unsuppressed.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import html
import json
import os
import re
import shutil
import threading
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from django.conf import settings

from wres.reports.build import output_names
from wres.reports.data import TIERS
from wres.store.owner_only import FILE_MODE, FOLDER_MODE, make_private_folder
from wres.web.figures import figures, org_version, with_extras

MANIFEST: Final = "manifest.json"
STYLE_ELEMENT: Final = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
STYLE_ATTRIBUTE: Final = re.compile(r"<[^>]*?\sstyle\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
CONTENT_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}
FORMATS: Final = {
    ".html": "Report (web page, HTML)",
    ".pdf": "Report (PDF)",
    ".xlsx": "Return workbook (Excel)",
    ".zip": "Every figure (CSV files, zipped)",
}

_locks: dict[tuple[str, int, str], threading.Lock] = {}
_locks_guard = threading.Lock()


@dataclass(frozen=True)
class ReportFile:
    name: str
    size: int

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    @property
    def format(self) -> str:
        return FORMATS.get(self.suffix, self.suffix)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.suffix, "application/octet-stream")


@dataclass(frozen=True)
class ReportSet:
    """One generated set: organisation, year, tier, its files and the data version it was made from (JSON)."""

    org: str
    year: int
    tier: str
    files: tuple[ReportFile, ...]
    state: str
    generated: datetime
    generated_by: str

    @property
    def current(self) -> bool:
        """Whether the organisation's data are as they were when the set was made."""
        return self.state == version_text(self.org)

    def file(self, name: str) -> ReportFile | None:
        return next((f for f in self.files if f.name == name), None)


def version_text(org: str) -> str:
    """The organisation's data version (:func:`wres.web.figures.org_version`) as kept in a manifest, with the
    fingerprint of its race equality plan when it has one (:func:`wres.web.plan.report.plan_stamp`: a set made
    before the plan changed, or on another day, is out of date)."""
    from wres.web.plan.report import plan_stamp, report_plan

    stamp = plan_stamp(report_plan(org))
    if stamp is None:
        return json.dumps(org_version(org))
    return json.dumps({"data": org_version(org), "plan": stamp})


def reports_root() -> Path:
    return Path(settings.WEB_DATA) / "reports"


def set_folder(org: str, year: int, tier: str) -> Path:
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}")
    return reports_root() / org / str(int(year)) / tier


def load_set(org: str, year: int, tier: str) -> ReportSet | None:
    """The set generated for ``org``, ``year`` and ``tier``, or None when there is none."""
    try:
        raw = json.loads((set_folder(org, year, tier) / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None
    return ReportSet(
        org=org,
        year=int(year),
        tier=tier,
        files=tuple(ReportFile(str(f["name"]), int(f["size"])) for f in raw["files"]),
        state=str(raw.get("version", "")),
        generated=datetime.fromisoformat(raw["generated"]),
        generated_by=str(raw.get("generated_by", "")),
    )


def generated_sets(org: str, tiers: tuple[str, ...]) -> list[ReportSet]:
    """Every set generated for ``org`` in one of ``tiers``, newest year first, then in the order of ``tiers``."""
    root = reports_root() / org
    years = sorted((int(p.name) for p in root.iterdir() if p.name.isdigit()), reverse=True) if root.is_dir() else []
    return [s for y in years for t in tiers if (s := load_set(org, y, t)) is not None]


def file_path(found: ReportSet, name: str) -> Path | None:
    """The path of file ``name`` of a set, only when the name is one of the set's files."""
    if found.file(name) is None:
        return None
    path = set_folder(found.org, found.year, found.tier) / name
    return path if path.is_file() else None


def _hash_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def style_hashes(path: Path) -> list[str]:
    """CSP sources allowing exactly the inline styles of an HTML report: the hash of each ``<style>`` element and,
    when there are ``style`` attributes, ``'unsafe-hashes'`` and the hash of each distinct attribute value (only
    those exact declarations are allowed; any other inline style stays blocked)."""
    text = path.read_text(encoding="utf-8")
    elements = [_hash_source(m.group(1)) for m in STYLE_ELEMENT.finditer(text)]
    values = {
        html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in STYLE_ATTRIBUTE.finditer(text)
    }
    attributes = ["'unsafe-hashes'", *sorted(_hash_source(v) for v in values)] if values else []
    return list(dict.fromkeys([*elements, *attributes]))


def _lock_for(key: tuple[str, int, str]) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


@contextmanager
def _set_lock(org: str, year: int, tier: str) -> Iterator[None]:
    """One generation of a set at a time: in this process (a thread lock) and across processes (a file lock)."""
    parent = set_folder(org, year, tier).parent
    make_private_folder(parent)
    fd = os.open(parent / f".{tier}.lock", os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    with _lock_for((org, year, tier)), os.fdopen(fd, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def make_private_tree(folder: Path) -> None:
    """Make ``folder`` and everything in it owner-only: folders 0700, files 0600 (whatever the umask was)."""
    os.chmod(folder, FOLDER_MODE)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(Path(root) / name, FOLDER_MODE)
        for name in files:
            os.chmod(Path(root) / name, FILE_MODE)


def _zip_folder(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                archive.write(path, arcname=f"{folder.name}/{path.name}")


def generate(org: str, year: int, tier: str, *, user: str = "") -> tuple[ReportSet, bool]:
    """The set for ``org``, ``year`` and ``tier``, generated unless one made from the warehouse as it is now exists;
    whether it was generated now. Raises :class:`~wres.errors.WresError` for a year without data."""
    with _set_lock(org, year, tier):
        existing = load_set(org, year, tier)
        if existing is not None and existing.current:
            return existing, False
        state = version_text(org)  # before reading the figures: a change meanwhile makes the set stale, never wrong
        # the dashboard's cached figures, with the report sections its pages never show (progress, outlook)
        shown = with_extras(figures(org, year, tier), org, year, tier)
        from wres.reports.build import write_tier

        final = set_folder(org, year, tier)
        work = final.parent / f".{tier}-{uuid.uuid4().hex}"
        work.mkdir(mode=FOLDER_MODE)
        os.chmod(work, FOLDER_MODE)  # before anything is written in it: nobody else can open what is made inside
        try:
            from dataclasses import replace

            from wres.web.plan.report import report_plan

            data = replace(shown.data, plan=report_plan(org))  # a copy: the cached figures stay as they are
            outputs = write_tier(data, tier, work, view=shown.view)
            names = output_names(org, year, tier)
            kept = [p for p in (outputs.html, outputs.pdf, outputs.workbook) if p is not None]
            if outputs.csv:
                csv_folder = work / names["csv"]
                archive = work / f"{names['csv']}.zip"
                _zip_folder(csv_folder, archive)
                shutil.rmtree(csv_folder)
                kept.append(archive)
            files = [{"name": p.name, "size": p.stat().st_size} for p in kept]
            manifest: dict[str, Any] = {
                "org": org,
                "year": year,
                "tier": tier,
                "version": state,
                "generated": datetime.now(UTC).isoformat(),
                "generated_by": user,
                "files": files,
            }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            make_private_tree(work)
            old = final.parent / f".{tier}-old-{uuid.uuid4().hex}"
            if final.exists():
                os.replace(final, old)
            os.replace(work, final)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    made = load_set(org, year, tier)
    assert made is not None
    return made, True
