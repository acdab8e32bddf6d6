"""Quick descriptive summaries of what a store holds (headcount by year, BME share by band).

These are plain counts for a first look after loading; the WRES indicators with their intervals and
statuses live in :mod:`wres.indicators`.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from wres.config import WresConfig
from wres.vocab.bands import BANDS
from wres.vocab.ethnicity import CATEGORIES


def _group_values() -> str:
    rows = ", ".join(f"('{code}', '{cat.wres_group.value}')" for code, cat in CATEGORIES.items())
    return f"(VALUES {rows}) AS eg(code, wres_group)"


def _where(org: str | None, config: WresConfig | None = None) -> tuple[str, list[object]]:
    """31 March snapshots of in-scope staff: the rule of :func:`wres.indicators.people.in_scope`."""
    clause = "NOT s.bank_only AND month(s.snapshot_date) = 3 AND day(s.snapshot_date) = 31"
    if (config or WresConfig()).staff.exclude_honorary:
        clause += " AND s.contract <> 'honorary'"
    params: list[object] = []
    if org is not None:
        clause += " AND s.org_code = ?"
        params.append(org)
    return clause, params


def headcount_by_year(con: duckdb.DuckDBPyConnection, org: str | None = None) -> pd.DataFrame:
    """Headcount at each 31 March snapshot with White, BME and Unknown shares (percent of all staff)."""
    where, params = _where(org)
    sql = f"""
        SELECT year(s.snapshot_date) AS year, count(*) AS headcount,
               100.0 * count(*) FILTER (WHERE eg.wres_group = 'White') / count(*) AS white_pct,
               100.0 * count(*) FILTER (WHERE eg.wres_group = 'BME') / count(*) AS bme_pct,
               100.0 * count(*) FILTER (WHERE eg.wres_group = 'Unknown') / count(*) AS unknown_pct
        FROM staff s JOIN {_group_values()} ON s.ethnic_category = eg.code
        WHERE {where}
        GROUP BY 1 ORDER BY 1
    """
    return con.execute(sql, params).df()


def band_shares(con: duckdb.DuckDBPyConnection, org: str | None, year: int) -> pd.DataFrame:
    """BME share (percent of all staff, Unknown included in the base) by band at 31 March ``year``."""
    where, params = _where(org)
    sql = f"""
        SELECT s.band, count(*) AS headcount,
               100.0 * count(*) FILTER (WHERE eg.wres_group = 'BME') / count(*) AS bme_pct
        FROM staff s JOIN {_group_values()} ON s.ethnic_category = eg.code
        WHERE {where} AND year(s.snapshot_date) = ?
        GROUP BY 1
    """
    df = con.execute(sql, [*params, year]).df()
    order = {code: i for i, code in enumerate(BANDS)}
    df["order"] = df["band"].map(order)
    df["label"] = df["band"].map(lambda code: BANDS[code].label)
    return df.sort_values("order").drop(columns="order").reset_index(drop=True)
