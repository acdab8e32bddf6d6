"""Model Employer trajectories as issued (wres-domain.md §7.2; ADR 0016): stored once, never recomputed.

A trajectory issued for WRES year Y (``wres model-employer issue --year Y``) is kept with its parameters, baselines,
reference share and the target share of every band and year, so that progress in a later year is judged against the
target as it was issued, not against one recomputed from today's data. Issuing again for the same year adds a new
version and keeps the old one; every issue records who and when.

Two tables, created on the first issue (a store that never issued one is not changed, and reads as holding none):

* ``model_employer_issues``: one row per issue: ``issue_id``, ``org_code``, ``issue_year``, ``version`` (1, 2, …
  per organisation and year), the parameters and notes as JSON, ``issued_by``, ``issued_at``;
* ``model_employer_targets``: one row per issue, tier, band and year (``year`` NULL for a band without targets, with
  its ``reason``): the target share exactly as ``target_num / target_den`` and as a float, the band's baseline counts
  and the reference counts. The public tier's rows come from the protected counts.

Their layout's version is ``model_employer_version`` in ``wres_meta`` (independent of the canonical schema's).
Loading or importing data never touches them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

import duckdb

from wres.store.warehouse import Store, current_user

TABLES_VERSION = 1
ISSUES = "model_employer_issues"
TARGETS = "model_employer_targets"
_META_KEY = "model_employer_version"

_TARGET_COLUMNS = (
    ("issue_id", "INTEGER"),
    ("tier", "VARCHAR"),
    ("band", "VARCHAR"),
    ("year", "INTEGER"),
    ("target_share", "DOUBLE"),
    ("target_num", "BIGINT"),
    ("target_den", "BIGINT"),
    ("baseline_year", "INTEGER"),
    ("baseline_bme", "BIGINT"),
    ("baseline_headcount", "BIGINT"),
    ("reference_year", "INTEGER"),
    ("reference_bme", "BIGINT"),
    ("reference_headcount", "BIGINT"),
    ("reason", "VARCHAR"),
)


@dataclass(frozen=True)
class StoredRow:
    """One stored band and year of one tier (the fields of :class:`wres.analysis.model_employer.TrajectoryRow`)."""

    tier: str
    band: str
    year: int | None
    target_num: int | None
    target_den: int | None
    baseline_year: int
    baseline_bme: int | None
    baseline_headcount: int | None
    reference_year: int
    reference_bme: int | None
    reference_headcount: int | None
    reason: str | None = None


@dataclass(frozen=True)
class Issue:
    """One issue of an organisation's trajectory: its stamp, parameters, notes and rows (both tiers)."""

    issue_id: int
    org_code: str
    issue_year: int
    version: int
    parameters: dict[str, Any]
    notes: list[str]
    issued_by: str
    issued_at: str
    rows: list[StoredRow]


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN (?, ?)", [ISSUES, TARGETS]
    ).fetchone()
    return bool(row and row[0] == 2)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the two tables (and record their version) if the store has not got them yet."""
    if has_tables(con):
        return
    con.execute(
        f"CREATE TABLE {ISSUES} (issue_id INTEGER PRIMARY KEY, org_code VARCHAR, issue_year INTEGER, version INTEGER, "
        "parameters VARCHAR, notes VARCHAR, issued_by VARCHAR, issued_at TIMESTAMP)"
    )
    cols = ", ".join(f"{name} {kind}" for name, kind in _TARGET_COLUMNS)
    con.execute(f"CREATE TABLE {TARGETS} ({cols})")
    con.execute("INSERT OR REPLACE INTO wres_meta VALUES (?, ?)", [_META_KEY, str(TABLES_VERSION)])


def record_issue(
    store: Store,
    org_code: str,
    issue_year: int,
    parameters: dict[str, Any],
    notes: Sequence[str],
    rows: Sequence[Any],
    *,
    issued_by: str | None = None,
) -> Issue:
    """Store an issue of ``org_code``'s trajectory for ``issue_year`` in one transaction: the next version for that
    year (earlier versions kept). ``rows`` are :class:`StoredRow` or any object with the same fields."""
    if store.read_only:
        raise ValueError("the store is open read-only")
    who = issued_by or current_user()
    when = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    stored = [StoredRow(**{f.name: getattr(r, f.name) for f in fields(StoredRow)}) for r in rows]
    with store.transaction():
        ensure_tables(store.con)
        got = store.con.execute(
            f"SELECT coalesce(max(issue_id), 0) + 1, "
            f"(SELECT coalesce(max(version), 0) + 1 FROM {ISSUES} WHERE org_code = ? AND issue_year = ?) FROM {ISSUES}",
            [org_code, issue_year],
        ).fetchone()
        assert got is not None
        issue_id, version = int(got[0]), int(got[1])
        store.con.execute(
            f"INSERT INTO {ISSUES} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [issue_id, org_code, issue_year, version, json.dumps(parameters), json.dumps(list(notes)), who, when],
        )
        values = [
            [
                issue_id,
                r.tier,
                r.band,
                r.year,
                None if r.target_num is None or not r.target_den else r.target_num / r.target_den,
                r.target_num,
                r.target_den,
                r.baseline_year,
                r.baseline_bme,
                r.baseline_headcount,
                r.reference_year,
                r.reference_bme,
                r.reference_headcount,
                r.reason,
            ]
            for r in stored
        ]
        if values:
            marks = ", ".join("?" for _ in _TARGET_COLUMNS)
            store.con.executemany(f"INSERT INTO {TARGETS} VALUES ({marks})", values)
    return Issue(issue_id, org_code, issue_year, version, parameters, list(notes), who, when.isoformat(), stored)


def issues(con: duckdb.DuckDBPyConnection, org_code: str) -> list[Issue]:
    """Every issue of ``org_code``, oldest first (without rows)."""
    if not has_tables(con):
        return []
    found = con.execute(
        f"SELECT issue_id, org_code, issue_year, version, parameters, notes, issued_by, issued_at FROM {ISSUES} "
        "WHERE org_code = ? ORDER BY issue_year, version",
        [org_code],
    ).fetchall()
    return [_issue(row, []) for row in found]


def latest_issue(con: duckdb.DuckDBPyConnection, org_code: str, on_or_before: int) -> Issue | None:
    """The issue progress in WRES year ``on_or_before`` is judged against: the latest version of the latest year
    issued on or before it; ``None`` when there is none (or the store never issued one)."""
    if not has_tables(con):
        return None
    row = con.execute(
        f"SELECT issue_id, org_code, issue_year, version, parameters, notes, issued_by, issued_at FROM {ISSUES} "
        "WHERE org_code = ? AND issue_year <= ? ORDER BY issue_year DESC, version DESC LIMIT 1",
        [org_code, on_or_before],
    ).fetchone()
    if row is None:
        return None
    names = [name for name, _ in _TARGET_COLUMNS if name not in ("issue_id", "target_share")]
    found = con.execute(
        f"SELECT {', '.join(names)} FROM {TARGETS} WHERE issue_id = ? ORDER BY rowid", [row[0]]
    ).fetchall()
    return _issue(row, [StoredRow(**dict(zip(names, r, strict=True))) for r in found])


def _issue(row: Sequence[Any], rows: list[StoredRow]) -> Issue:
    issued_at = row[7].isoformat() if hasattr(row[7], "isoformat") else str(row[7])
    return Issue(
        int(row[0]), str(row[1]), int(row[2]), int(row[3]), json.loads(row[4]), json.loads(row[5]), str(row[6]),
        issued_at, rows,
    )  # fmt: skip
