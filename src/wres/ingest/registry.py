"""Reading an organisations registry file (CSV or XLSX) for ``wres orgs import`` (issue 18, docs/benchmarking.md).

One row per organisation. Columns (header names matched case- and punctuation-blind; the alias in brackets is also
accepted): ``org_code`` (``ODS code``, ``code``) and ``org_name`` (``name``, ``Organisation name``) required;
``type`` (``trust_type``, ``org_type``, ``Benchmarking group``), ``region``, ``ics`` (``ICS/STP``) and
``peer_group`` optional. Any other column is an error, so a misspelt header is not silently ignored.

Every problem is reported with the file, row (the header being row 1), column and value: a code that is not an ODS
code, a type or region the vocabulary (:mod:`wres.vocab.organisations`) does not know, a code listed twice, a
missing name. Types and regions are stored in their canonical spelling (``North East & Yorkshire`` →
``North East and Yorkshire``; ``Ambulance Trusts`` → ``ambulance``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

import pandas as pd

from wres.errors import DataError, Problem
from wres.ingest.limits import check_regular_file, check_table_size, check_xlsx_archive, configured_limits
from wres.store.registry import REGISTRY_COLUMNS
from wres.vocab._text import label_key
from wres.vocab.organisations import parse_org_type, parse_region, valid_ods

__all__ = ["file_sha256", "read_registry", "validate_registry"]

_ALIASES: Final[dict[str, str]] = {
    "org code": "org_code",
    "ods code": "org_code",
    "ods": "org_code",
    "code": "org_code",
    "org name": "org_name",
    "name": "org_name",
    "organisation name": "org_name",
    "organisation": "org_name",
    "type": "trust_type",
    "trust type": "trust_type",
    "org type": "trust_type",
    "organisation type": "trust_type",
    "benchmarking group": "trust_type",
    "region": "region",
    "nhs england region": "region",
    "ics": "ics",
    "ics stp": "ics",
    "integrated care system": "ics",
    "peer group": "peer_group",
}
REQUIRED: Final = ("org_code", "org_name")
MAX_PROBLEMS: Final = 20


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (the ledger's fingerprint)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read(path: Path) -> pd.DataFrame:
    """The file as text, within the reader limits (ADR 12): a regular file, an XLSX archive checked before it is
    parsed, the table's size checked after."""
    file = str(path)
    limits = configured_limits()
    try:
        check_regular_file(path)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            check_xlsx_archive(path, limits)
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        check_table_size(path, len(frame), len(frame.columns), limits)
        return frame
    except FileNotFoundError:
        raise DataError([Problem(file, None, None, None, "file not found")]) from None
    except (OSError, ValueError, UnicodeDecodeError, KeyError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DataError([Problem(file, None, None, None, f"cannot be read as CSV or XLSX: {reason}")]) from None


def read_registry(path: Path) -> pd.DataFrame:
    """The registry file at ``path`` validated (:func:`validate_registry`): columns :data:`REGISTRY_COLUMNS`."""
    return validate_registry(_read(Path(path)), str(path))


def validate_registry(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Validate a registry table read as text; raise :class:`DataError` naming every problem (up to 20 of each
    kind). Empty optional cells are None (kept as stored by an update)."""
    renamed: dict[str, str] = {}
    problems: list[Problem] = []
    for column in raw.columns:
        target = _ALIASES.get(label_key(str(column)))
        if target is None:
            problems.append(Problem(file, None, str(column), None, "unexpected column"))
        elif target in renamed.values():
            problems.append(Problem(file, None, str(column), None, f"a second column for {target}"))
        else:
            renamed[str(column)] = target
    for need in REQUIRED:
        if need not in renamed.values():
            problems.append(Problem(file, None, need, None, "required column is missing"))
    if problems:
        raise DataError(problems)
    frame = raw.rename(columns=renamed)
    frame = frame.astype(str).apply(lambda s: s.str.strip())
    for column in REGISTRY_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[list(REGISTRY_COLUMNS)].reset_index(drop=True)
    header = 2  # the header is row 1
    kinds: dict[str, int] = {}

    def add(row: int, column: str, value: str | None, problem: str) -> None:
        kinds[problem] = kinds.get(problem, 0) + 1
        if kinds[problem] <= MAX_PROBLEMS:
            problems.append(Problem(file, row + header, column, value, problem))

    seen: dict[str, int] = {}
    types: list[str | None] = []
    regions: list[str | None] = []
    for i, r in enumerate(frame.itertuples(index=False)):
        code, name = str(r.org_code), str(r.org_name)
        if not valid_ods(code):
            add(i, "org_code", code, "not an ODS code (3 to 5 upper-case letters or digits)")
        elif code in seen:
            add(i, "org_code", code, f"duplicate organisation code (first on row {seen[code] + header})")
        else:
            seen[code] = i
        if not name:
            add(i, "org_name", None, "empty name")
        raw_type, raw_region = str(r.trust_type), str(r.region)
        org_type = parse_org_type(raw_type) if raw_type else None
        if raw_type and org_type is None:
            add(i, "trust_type", raw_type, "unknown organisation type (see docs/benchmarking.md)")
        region = parse_region(raw_region) if raw_region and raw_region != "-" else None
        if raw_region and raw_region != "-" and region is None:
            add(i, "region", raw_region, "not one of the seven NHS England regions")
        types.append(org_type)
        regions.append(region)
    if problems:
        total = sum(kinds.values())
        problems.sort(key=lambda p: p.row or 0)
        raise DataError(problems, total=total)
    frame["trust_type"] = types
    frame["region"] = regions
    for column in ("ics", "peer_group"):
        frame[column] = frame[column].where(frame[column] != "", None)
    checked: pd.DataFrame = frame
    return checked
