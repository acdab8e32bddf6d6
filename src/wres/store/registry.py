"""The organisations registry and stored aggregated counts (issue 18, ADR 21).

* ``organisations`` (the canonical table) holds each organisation's ODS code, name, NHS England region, type
  (``trust_type``: a code of :data:`wres.vocab.organisations.ORG_TYPES`) and, from store schema 4, its ``ics`` and
  ``peer_group``. :func:`upsert_organisations` writes a validated registry frame in one transaction: new
  organisations are added, known ones updated (a column the file leaves empty keeps its stored value).
* ``published_counts`` holds aggregated counts in the long layout of docs/counts-format.md, many organisations and
  years at once (:func:`store_counts`). A later file supersedes an earlier one **per organisation, year and
  indicator**: every stored row of that (org_code, year, indicator) is replaced by the new file's rows.

Each write is one ledger entry: a ``load_ledger`` row and an ``imports`` row (source ``organisations registry`` or
``aggregated counts``, with the file's SHA-256), so ``wres imports`` lists it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

import duckdb
import pandas as pd

from wres.errors import WresError
from wres.store import derived

if TYPE_CHECKING:
    from wres.store.warehouse import Store

__all__ = [
    "COUNT_TABLE_COLUMNS",
    "REGISTRY_COLUMNS",
    "RegistryWrite",
    "list_organisations",
    "migrate_registry",
    "read_stored_counts",
    "store_counts",
    "upsert_organisations",
]

REGISTRY_COLUMNS: Final = ("org_code", "org_name", "trust_type", "region", "ics", "peer_group")
"""The registry's columns in the store's ``organisations`` table."""
COUNT_TABLE_COLUMNS: Final = (
    "org_code",
    "year",
    "indicator",
    "variant",
    "category",
    "breakdown",
    "stratum",
    "grouping",
    "group",
    "measure",
    "value",
)
"""``published_counts``' columns: the counts file's (docs/counts-format.md) without ``disclosure``."""


def migrate_registry(con: duckdb.DuckDBPyConnection) -> None:
    """Store schema 3 → 4: ``organisations.ics`` and ``.peer_group``; the ``published_counts`` table."""
    for name in ("ics", "peer_group"):
        con.execute(f'ALTER TABLE organisations ADD COLUMN IF NOT EXISTS "{name}" VARCHAR')
    con.execute(
        "CREATE TABLE IF NOT EXISTS published_counts (org_code VARCHAR, year INTEGER, indicator VARCHAR, "
        'variant VARCHAR, category VARCHAR, breakdown VARCHAR, stratum VARCHAR, grouping VARCHAR, "group" VARCHAR, '
        "measure VARCHAR, value DOUBLE, _import_id INTEGER)"
    )


@dataclass(frozen=True)
class RegistryWrite:
    """What one registry or counts import wrote: its ledger ids, the organisations added and updated (registry) or
    the rows stored and superseded (counts)."""

    import_id: int
    load_id: int
    added: list[str]
    updated: list[str]
    rows: int
    superseded: int = 0


def _ledger(
    store: Store, *, source: str, file_name: str, sha256: str, orgs: list[str], periods: list[str], rows: int
) -> tuple[int, int]:
    con = store.con
    load_row = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_ledger").fetchone()
    import_row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
    load_id = int(load_row[0]) if load_row else 1
    import_id = int(import_row[0]) if import_row else 1
    from wres.store.warehouse import current_user

    now, user = datetime.now(UTC).replace(tzinfo=None), current_user()
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            *(import_id, load_id, file_name, sha256, source, source, json.dumps(orgs), json.dumps(periods)),
            *(rows, rows, 0, 0, 0, 0, "", user, now, "{}"),
        ],
    )
    con.execute(
        "INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?)",
        [load_id, f"{source}: {file_name}", now, user, json.dumps(orgs), json.dumps({source: rows}), "{}"],
    )
    derived.refresh(con, load_id, {})  # no table they derive from is written: they stay current
    return import_id, load_id


def upsert_organisations(store: Store, frame: pd.DataFrame, *, file_name: str, sha256: str) -> RegistryWrite:
    """Add or update the organisations of ``frame`` (columns :data:`REGISTRY_COLUMNS`, already validated by
    :func:`wres.ingest.registry.read_registry`) in one transaction with a ledger entry. An empty (null) value in
    ``frame`` keeps the stored one."""
    missing = [c for c in REGISTRY_COLUMNS if c not in frame.columns]
    if missing:
        raise WresError(f"registry frame: missing column(s) {', '.join(missing)}")
    if store.read_only:
        raise WresError(f"{store.path}: opened read-only")
    data = frame[list(REGISTRY_COLUMNS)].astype(object).where(frame[list(REGISTRY_COLUMNS)].notna(), None)
    known = set(store.organisations())
    codes = [str(c) for c in data["org_code"]]
    added = sorted(set(codes) - known)
    updated = sorted(set(codes) & known)
    con = store.con
    with store.transaction():
        con.register("_wres_registry", data)
        try:
            sets = ", ".join(f'"{c}" = coalesce(r."{c}", o."{c}")' for c in REGISTRY_COLUMNS[1:])
            con.execute(f"UPDATE organisations o SET {sets} FROM _wres_registry r WHERE o.org_code = r.org_code")
            cols = ", ".join(f'"{c}"' for c in REGISTRY_COLUMNS)
            con.execute(
                f"INSERT INTO organisations ({cols}) SELECT {cols} FROM _wres_registry r "
                "WHERE r.org_code NOT IN (SELECT org_code FROM organisations)"
            )
        finally:
            con.unregister("_wres_registry")
        import_id, load_id = _ledger(
            store,
            source="organisations registry",
            file_name=file_name,
            sha256=sha256,
            orgs=sorted(codes),
            periods=[],
            rows=len(data),
        )
    return RegistryWrite(import_id, load_id, added, updated, len(data))


def list_organisations(
    store: Store, *, region: str | None = None, org_type: str | None = None, ics: str | None = None
) -> pd.DataFrame:
    """The registry (:data:`REGISTRY_COLUMNS`, ordered by code), filtered by exact region, type code or ICS."""
    clauses: list[str] = []
    params: list[object] = []
    for column, value in (("region", region), ("trust_type", org_type), ("ics", ics)):
        if value is not None:
            clauses.append(f'"{column}" = ?')
            params.append(value)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    cols = ", ".join(f'"{c}"' for c in REGISTRY_COLUMNS)
    return store.con.execute(f"SELECT {cols} FROM organisations{where} ORDER BY org_code", params).df()


def store_counts(store: Store, counts: pd.DataFrame, *, file_name: str, sha256: str) -> RegistryWrite:
    """Store a validated counts table (:func:`wres.indicators.counts.read_counts`) in ``published_counts`` in one
    transaction: each (org_code, year, indicator) the file holds replaces what the store held for it. Every
    organisation must be in the registry."""
    if store.read_only:
        raise WresError(f"{store.path}: opened read-only")
    frame = counts[list(COUNT_TABLE_COLUMNS)].copy()
    for column in COUNT_TABLE_COLUMNS:
        if column not in ("year", "value"):
            frame[column] = frame[column].astype(str)
    frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    orgs = sorted(set(frame["org_code"]))
    unknown = sorted(set(orgs) - set(store.organisations()))
    if unknown:
        shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        raise WresError(
            f"{file_name}: organisation(s) {shown} are not in the registry; import them first with `wres orgs import`"
        )
    con = store.con
    with store.transaction():
        con.register("_wres_counts", frame)
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _wres_count_keys AS "
                "SELECT DISTINCT org_code, year, indicator FROM _wres_counts"
            )
            before = con.execute("SELECT count(*) FROM published_counts").fetchone()
            con.execute(
                "DELETE FROM published_counts p WHERE EXISTS (SELECT 1 FROM _wres_count_keys k WHERE "
                "k.org_code = p.org_code AND k.year = p.year AND k.indicator = p.indicator)"
            )
            after = con.execute("SELECT count(*) FROM published_counts").fetchone()
            periods = sorted({str(y) for y in frame["year"]})
            import_id, load_id = _ledger(
                store,
                source="aggregated counts",
                file_name=file_name,
                sha256=sha256,
                orgs=orgs,
                periods=periods,
                rows=len(frame),
            )
            cols = ", ".join(f'"{c}"' for c in COUNT_TABLE_COLUMNS)
            con.execute(
                f"INSERT INTO published_counts ({cols}, _import_id) SELECT {cols}, {import_id} FROM _wres_counts"
            )
            con.execute("DROP TABLE _wres_count_keys")
        finally:
            con.unregister("_wres_counts")
    superseded = (int(before[0]) if before else 0) - (int(after[0]) if after else 0)
    return RegistryWrite(import_id, load_id, [], [], len(frame), superseded)


def read_stored_counts(store: Store, *, years: list[int] | None = None, orgs: list[str] | None = None) -> pd.DataFrame:
    """The stored counts (:data:`COUNT_TABLE_COLUMNS`; ``year`` an integer, ``value`` a float, empty = missing),
    optionally for some years and organisations, in the counts file's layout."""
    clauses: list[str] = []
    params: list[object] = []
    if years:
        clauses.append(f"year IN ({', '.join('?' for _ in years)})")
        params.extend(int(y) for y in years)
    if orgs:
        clauses.append(f"org_code IN ({', '.join('?' for _ in orgs)})")
        params.extend(orgs)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    cols = ", ".join(f'"{c}"' for c in COUNT_TABLE_COLUMNS)
    frame = store.con.execute(f"SELECT {cols} FROM published_counts{where} ORDER BY _import_id", params).df()
    frame["year"] = frame["year"].astype("int64")
    return frame
