"""Derived tables: canonical rows regrouped once when they are written, so that an indicator is a plain group-by
(issue 18, ADR 23).

* ``derived_survey_responses``: one row per survey respondent who answered at least one item, with the
  respondent's columns (``survey_respondents``) and one column per item present in ``survey_answers`` holding
  that respondent's response (null: not answered). The column of an item is :func:`item_column` (the item's UTF-8
  bytes in hex: items differ in case and punctuation, DuckDB's column names do not). The columns do not depend on
  the configuration's question map: every item any answer holds has one.
* ``derived_training_people``: the distinct (org_code, person_id, year) of the non-mandatory learning records,
  ``year`` the WRES year whose activity year holds the record's start date (:data:`WRES_YEAR_SQL`, the rule of
  :func:`wres.indicators.calendar.wres_year_expr`).
* ``derived_training_in_post``: the staff rows (every canonical column) of each 31 March Y snapshot whose person
  has a non-mandatory learning record in WRES year Y, with ``year`` = Y: indicator 4's people in post with
  learning, each with the one snapshot that classifies them (wres-domain.md §5.4), made from ``staff`` and
  ``training``.

They hold nothing the canonical tables do not, and they are rebuilt in the transaction that writes what they derive
from (:func:`refresh`: ``wres load``, ``wres import``, the registry's writes), per organisation written, or whole
when they are absent or out of date. ``wres_meta``'s ``derived_load_id`` holds the load they were last made
current at: when it is not the store's latest load (a store written by an earlier wres, or never written since),
:func:`current` says so and the indicators read the canonical tables instead (:func:`wres.indicators.source.
from_store`), with the same results, as they do on Spark and on ``--tables-from`` sources.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from wres.data.schema import TABLES

if TYPE_CHECKING:
    import duckdb

SURVEY_RESPONSES = "derived_survey_responses"
TRAINING_PEOPLE = "derived_training_people"
TRAINING_IN_POST = "derived_training_in_post"
DERIVED_TABLES = (SURVEY_RESPONSES, TRAINING_PEOPLE, TRAINING_IN_POST)
SOURCES = {
    SURVEY_RESPONSES: frozenset({"survey_respondents", "survey_answers"}),
    TRAINING_PEOPLE: frozenset({"training"}),
    TRAINING_IN_POST: frozenset({"training", "staff"}),
}
"""The canonical tables each derived table is made from."""
STAMP = "derived_load_id"
"""``wres_meta`` key: the load (``load_ledger.load_id``) at which the derived tables were last made current."""

RESPONDENT_KEY = ("org_code", "survey_year", "respondent_id")
ITEM_PREFIX = "item_"
WRES_YEAR_SQL = "CAST(year(start_date) + CASE WHEN month(start_date) >= 4 THEN 1 ELSE 0 END AS BIGINT)"
"""The WRES year of a learning record's start date (1 April Y−1 to 31 March Y is year Y; wres-domain.md §2)."""


def item_column(item: str) -> str:
    """The column of ``derived_survey_responses`` holding the responses to survey item ``item``."""
    return ITEM_PREFIX + item.encode("utf-8").hex()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'", [name]
    ).fetchall()
    return bool(rows and rows[0][0])


def _stamp(con: duckdb.DuckDBPyConnection) -> int | None:
    rows = con.execute("SELECT value FROM wres_meta WHERE key = ?", [STAMP]).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


def _latest_load(con: duckdb.DuckDBPyConnection) -> int | None:
    rows = con.execute("SELECT max(load_id) FROM load_ledger").fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


def current(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The derived tables of the store on ``con`` that hold what its canonical tables hold now: all of them when
    they were made current at the store's latest load, none otherwise."""
    latest = _latest_load(con)
    if latest is None or _stamp(con) != latest:
        return set()
    return {name for name in DERIVED_TABLES if _exists(con, name)}


def _where_orgs(orgs: Collection[str] | None, alias: str = "") -> str:
    if orgs is None:
        return "TRUE"
    column = f"{alias}.org_code" if alias else "org_code"
    return f"{column} IN ({', '.join(_quote(o) for o in sorted(orgs))})" if orgs else "FALSE"


def _rebuild_survey(con: duckdb.DuckDBPyConnection, orgs: Collection[str] | None) -> None:
    """Rebuild ``derived_survey_responses``' rows of ``orgs`` (None: the whole table), adding a column for any item
    the table lacks."""
    if orgs is None or not _exists(con, SURVEY_RESPONSES):
        cols = ", ".join(f'"{c}"' for c in TABLES["survey_respondents"].column_names)
        con.execute(f"CREATE OR REPLACE TABLE {SURVEY_RESPONSES} AS SELECT {cols} FROM survey_respondents LIMIT 0")
        orgs = None
    else:
        con.execute(f"DELETE FROM {SURVEY_RESPONSES} WHERE {_where_orgs(orgs)}")
    where = _where_orgs(orgs)
    items = [str(r[0]) for r in con.execute(f"SELECT DISTINCT item FROM survey_answers WHERE {where}").fetchall()]
    items.sort()
    have = {str(r[0]) for r in con.execute(f"SELECT column_name FROM (DESCRIBE {SURVEY_RESPONSES})").fetchall()}
    for item in items:
        if item_column(item) not in have:
            con.execute(f'ALTER TABLE {SURVEY_RESPONSES} ADD COLUMN "{item_column(item)}" VARCHAR')
    respondent = TABLES["survey_respondents"].column_names
    key = ", ".join(RESPONDENT_KEY)
    pivot = "".join(f', max(response) FILTER (WHERE item = {_quote(i)}) AS "{item_column(i)}"' for i in items)
    columns = [*(f'"{c}"' for c in respondent), *(f'"{item_column(i)}"' for i in items)]
    chosen = [*(f'r."{c}"' for c in respondent), *(f'a."{item_column(i)}"' for i in items)]
    con.execute(
        f"INSERT INTO {SURVEY_RESPONSES} ({', '.join(columns)}) SELECT {', '.join(chosen)} FROM survey_respondents r "
        f"JOIN (SELECT {key}{pivot} FROM survey_answers WHERE {where} GROUP BY {key}) a USING ({key}) "
        f"WHERE {_where_orgs(orgs, 'r')}"
    )


def _replace_rows(con: duckdb.DuckDBPyConnection, table: str, select: str, orgs: Collection[str] | None) -> None:
    """``table`` made from ``select`` whole (``orgs`` None, or the table absent), else its rows of ``orgs`` replaced
    by ``select``'s (which is filtered to them)."""
    if orgs is None or not _exists(con, table):
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")
    else:
        con.execute(f"DELETE FROM {table} WHERE {_where_orgs(orgs)}")
        con.execute(f"INSERT INTO {table} {select}")


def _rebuild_training(con: duckdb.DuckDBPyConnection, orgs: Collection[str] | None) -> None:
    select = (
        f"SELECT DISTINCT org_code, person_id, {WRES_YEAR_SQL} AS year FROM training "
        f"WHERE NOT mandatory AND {_where_orgs(orgs)}"
    )
    _replace_rows(con, TRAINING_PEOPLE, select, orgs)


def _rebuild_in_post(con: duckdb.DuckDBPyConnection, orgs: Collection[str] | None) -> None:
    """Rebuild ``derived_training_in_post``' rows of ``orgs`` (None: whole), from ``derived_training_people`` when
    it is there (:func:`refresh` has just made it current), else from ``training``."""
    cols = ", ".join(f's."{c}"' for c in TABLES["staff"].column_names)
    same = "t.org_code = s.org_code AND t.person_id = s.person_id"
    if _exists(con, TRAINING_PEOPLE):
        people = f"SELECT 1 FROM {TRAINING_PEOPLE} t WHERE {same} AND t.year"
    else:
        year = WRES_YEAR_SQL.replace("start_date", "t.start_date")
        people = f"SELECT 1 FROM training t WHERE NOT t.mandatory AND {same} AND {year}"
    select = (
        f"SELECT {cols}, CAST(year(s.snapshot_date) AS BIGINT) AS year FROM staff s "
        f"WHERE month(s.snapshot_date) = 3 AND day(s.snapshot_date) = 31 AND {_where_orgs(orgs, 's')} "
        f"AND EXISTS ({people} = year(s.snapshot_date))"
    )
    _replace_rows(con, TRAINING_IN_POST, select, orgs)


def refresh(con: duckdb.DuckDBPyConnection, load_id: int, written: Mapping[str, Collection[str]]) -> None:
    """Bring the derived tables up to date in the transaction of load ``load_id``, which wrote the organisations
    ``written[table]`` of each canonical ``table`` (tables it did not write need not be named).

    A derived table is rebuilt for the organisations written to a table it derives from; whole when it is absent or
    was not current before this load (its stamp is not the previous load's). One that was not current and whose
    tables this load does not write is dropped (the indicators read the canonical tables), as cheap as it is
    right. The stamp becomes ``load_id``.
    """
    previous = con.execute("SELECT max(load_id) FROM load_ledger WHERE load_id < ?", [load_id]).fetchall()
    before = int(previous[0][0]) if previous and previous[0][0] is not None else None
    stale = _stamp(con) != before
    builds = (
        (SURVEY_RESPONSES, _rebuild_survey),
        (TRAINING_PEOPLE, _rebuild_training),
        (TRAINING_IN_POST, _rebuild_in_post),
    )
    for name, build in builds:
        orgs = {str(o) for table in SOURCES[name] for o in written.get(table, ())}
        whole = stale or not _exists(con, name)
        if whole and orgs:
            build(con, None)
        elif whole:
            con.execute(f"DROP TABLE IF EXISTS {name}")
        elif orgs:
            build(con, orgs)
    con.execute("DELETE FROM wres_meta WHERE key = ?", [STAMP])
    con.execute("INSERT INTO wres_meta VALUES (?, ?)", [STAMP, str(load_id)])
