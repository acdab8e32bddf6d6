"""Read and validate a canonical folder (see :mod:`wres.data.schema` and docs/data-format.md).

Validation runs inside DuckDB over whole columns, so a national folder of millions of rows validates in
seconds. Every problem names the file, the row (the line number in a CSV, counting the header as line 1;
the 1-based record number in a Parquet file), the column, the value and what is wrong. Nothing is loaded
unless the whole folder is valid.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wres.data.rules import ROW_RULES, value_rule
from wres.data.schema import TABLES, Column, ColumnType, Table
from wres.errors import DataError, Problem, WresError

MAX_PROBLEMS = 50
_EXACT = ("DATE", "BOOLEAN", "BIGINT")  # types whose text form casts back to the same value
TRUE_WORDS = ("true", "t", "1", "yes", "y")
FALSE_WORDS = ("false", "f", "0", "no", "n")


@dataclass(frozen=True)
class TableFile:
    table: Table
    path: Path

    @property
    def is_csv(self) -> bool:
        return self.path.suffix.lower() == ".csv"


def find_table_files(folder: Path) -> dict[str, TableFile]:
    """The canonical files in ``folder`` by table name. Unknown data files are an error, not ignored."""
    if not folder.is_dir():
        raise WresError(f"{folder}: not a folder (expected a canonical folder of .csv or .parquet files)")
    found: dict[str, TableFile] = {}
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in (".csv", ".parquet"):
            continue
        table = TABLES.get(path.stem)
        if table is None:
            problems.append(
                Problem(
                    str(path),
                    None,
                    None,
                    None,
                    f"not a canonical table (expected one of {', '.join(TABLES)})",
                )
            )
            continue
        if table.name in found:
            problems.append(Problem(str(path), None, None, None, f"table {table.name!r} is given twice"))
            continue
        found[table.name] = TableFile(table, path)
    for table in TABLES.values():
        if table.required and table.name not in found:
            problems.append(Problem(str(folder), None, None, None, f"required table {table.name!r} is missing"))
    if problems:
        raise DataError(problems)
    return found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in_list(values: Iterable[str]) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ")"


def _type_failure(col: Column, v: str) -> tuple[str, str] | None:
    """SQL condition that is true when the (non-empty) text ``v`` is not of the column's type."""
    if col.type is ColumnType.DATE:
        return f"TRY_CAST({v} AS DATE) IS NULL", "not a date (expected YYYY-MM-DD)"
    if col.type is ColumnType.BOOLEAN:
        words = TRUE_WORDS + FALSE_WORDS
        return f"lower({v}) NOT IN {_in_list(words)}", "not a boolean (expected true or false)"
    if col.type is ColumnType.INTEGER:
        return f"TRY_CAST({v} AS BIGINT) IS NULL", "not a whole number"
    if col.type is ColumnType.FLOAT:
        return f"TRY_CAST({v} AS DOUBLE) IS NULL OR NOT isfinite(TRY_CAST({v} AS DOUBLE))", "not a number"
    return None


def _check_failure(col: Column, v: str) -> tuple[str, str] | None:
    """SQL condition true when the (typed-castable, non-empty) text ``v`` breaks the column's value rule."""
    rule = value_rule(col)
    if rule is None:
        return None
    if rule.allowed is not None:
        if all(isinstance(a, int) for a in rule.allowed):
            return f"TRY_CAST({v} AS BIGINT) NOT IN ({', '.join(str(a) for a in rule.allowed)})", rule.problem
        return f"{v} NOT IN {_in_list(str(a) for a in rule.allowed)}", rule.problem
    if rule.pattern is not None:
        return f"NOT regexp_full_match({v}, {_literal(rule.pattern)})", rule.problem
    bounds = []
    if rule.low is not None:
        bounds.append(f"TRY_CAST({v} AS DOUBLE) < {rule.low}")
    if rule.high is not None:
        bounds.append(f"TRY_CAST({v} AS DOUBLE) > {rule.high}")
    return " OR ".join(bounds), rule.problem


def _typed(col: Column, v: str) -> str:
    """SQL turning the validated text ``v`` into the column's type (empty text becomes NULL)."""
    if col.type is ColumnType.DATE:
        return f"CAST({v} AS DATE)"
    if col.type is ColumnType.BOOLEAN:
        return f"CASE WHEN {v} IS NULL THEN NULL ELSE lower({v}) IN {_in_list(TRUE_WORDS)} END"
    if col.type is ColumnType.INTEGER:
        return f"CAST({v} AS BIGINT)"
    if col.type is ColumnType.FLOAT:
        return f"CAST({v} AS DOUBLE)"
    return v


def stage_name(table: str) -> str:
    return f"stage_{table}"


class FolderValidator:
    """Stages every table of a canonical folder as typed temporary tables and reports every problem."""

    def __init__(self, con: duckdb.DuckDBPyConnection, folder: Path) -> None:
        self.con = con
        self.folder = folder
        self.files = find_table_files(folder)
        self.problems: list[Problem] = []
        self.total_problems = 0
        self.text_views: dict[str, bool] = {}  # table → its text_ relation is a view (else a temporary table)
        self.parquet_types: dict[str, dict[str, str]] = {}  # table read through a view → its columns' types

    def drop(self) -> None:
        """Drop the temporary tables and views this validator made (what a store's connection no longer needs)."""
        for name, is_view in self.text_views.items():
            with contextlib.suppress(duckdb.Error):
                self.con.execute(f"DROP {'VIEW' if is_view else 'TABLE'} IF EXISTS {_quote('text_' + name)}")
            with contextlib.suppress(duckdb.Error):
                self.con.execute(f"DROP TABLE IF EXISTS {stage_name(name)}")
        self.text_views = {}

    def _add(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.total_problems += len(problems) if total is None else total
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])

    def _read_text(self, tf: TableFile) -> list[str]:
        """Create ``text_<table>`` (all VARCHAR, trimmed, empty → NULL, plus ``__row``) and return its columns.

        A CSV file is parsed once into a temporary table (DuckDB's parallel reader; the row is the line number).
        A Parquet file is not copied: ``text_<table>`` is a view over it, its row Parquet's own record number
        (``file_row_number``), so each check reads only the columns it needs, in parallel, and only the typed
        stage (:meth:`_stage`) is materialised (issue 18: a national folder's text copy held gigabytes).
        """
        path = _literal(str(tf.path))
        if tf.is_csv:
            source = f"read_csv({path}, all_varchar = true, header = true, auto_detect = true, strict_mode = true)"
        else:
            source = f"read_parquet({path})"
        try:
            columns = [d[0] for d in self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataError([Problem(str(tf.path), None, None, None, f"cannot be read: {first}")]) from None
        exprs = ", ".join(f"NULLIF(trim(CAST({_quote(c)} AS VARCHAR)), '') AS {_quote(c)}" for c in columns)
        text = _quote("text_" + tf.table.name)
        if tf.is_csv or "file_row_number" in columns:
            offset = 1 if tf.is_csv else 0  # a CSV's header is line 1
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE {text} AS "
                f"SELECT row_number() OVER () + {offset} AS __row, {exprs} FROM {source}"
            )
        else:
            self.con.execute(
                f"CREATE OR REPLACE TEMP VIEW {text} AS SELECT file_row_number + 1 AS __row, {exprs} "
                f"FROM read_parquet({path}, file_row_number = true)"
            )
        self.text_views[tf.table.name] = not tf.is_csv and "file_row_number" not in columns
        if self.text_views[tf.table.name]:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
            self.parquet_types[tf.table.name] = {str(d[0]): str(d[1]) for d in described}
        return columns

    def _column_problems(self, tf: TableFile, present: list[str]) -> None:
        file = str(tf.path)
        expected = tf.table.column_names
        for col in tf.table.columns:
            if col.required and col.name not in present:
                self._add([Problem(file, None, col.name, None, "required column is missing")])
        for name in present:
            if name not in expected:
                self._add([Problem(file, None, name, None, f"unexpected column (expected {', '.join(expected)})")])
        if len(set(present)) != len(present):
            self._add([Problem(file, None, None, None, "duplicate column names in the header")])

    def _value_problems(self, tf: TableFile, present: list[str]) -> None:
        text = _quote("text_" + tf.table.name)
        branches: list[str] = []
        for col in tf.table.columns:
            if col.name not in present:
                continue
            v = _quote(col.name)
            if not col.nullable:
                branches.append(
                    f"SELECT __row, {_literal(col.name)} AS col, NULL AS val, 'empty value' AS problem "
                    f"FROM {text} WHERE {v} IS NULL"
                )
            for failure in (_type_failure(col, v), _check_failure(col, v)):
                if failure is None:
                    continue
                cond, problem = failure
                branches.append(
                    f"SELECT __row, {_literal(col.name)} AS col, {v} AS val, {_literal(problem)} AS problem "
                    f"FROM {text} WHERE {v} IS NOT NULL AND ({cond})"
                )
        if not branches:
            return
        sql = " UNION ALL ".join(branches)
        total = self.con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
        n = int(total[0]) if total else 0
        if n:
            rows = self.con.execute(f"SELECT * FROM ({sql}) ORDER BY __row, col LIMIT {MAX_PROBLEMS}").fetchall()
            self._add([Problem(str(tf.path), int(r[0]), r[1], r[2], r[3]) for r in rows], total=n)

    def _stage(self, tf: TableFile, present: list[str]) -> None:
        """Create ``stage_<table>``: the validated rows, typed, every canonical column (absent ones NULL).

        From a Parquet file, a date, boolean or whole-number column already of its canonical type is staged as
        it is (its text form would only be cast back to the same value); every other column from its text.
        """
        types = self.parquet_types.get(tf.table.name)
        exprs: list[str] = []
        for col in tf.table.columns:
            name = _quote(col.name)
            if col.name not in present:
                exprs.append(f"CAST(NULL AS {_sql_type(col)}) AS {name}")
            elif types is not None and types.get(col.name) == _sql_type(col) and _sql_type(col) in _EXACT:
                exprs.append(name)
            elif types is not None:
                exprs.append(f"{_typed(col, f'NULLIF(trim(CAST({name} AS VARCHAR)), {_literal("")})')} AS {name}")
            else:
                exprs.append(f"{_typed(col, name)} AS {name}")
        if types is not None:
            source = f"read_parquet({_literal(str(tf.path))}, file_row_number = true)"
            row = "file_row_number + 1"
        else:
            source, row = _quote("text_" + tf.table.name), "__row"
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {stage_name(tf.table.name)} AS "
            f"SELECT {row} AS __row, {', '.join(exprs)} FROM {source}"
        )

    def _row_rules(self, tf: TableFile) -> None:
        """Key uniqueness and rules across columns of one table."""
        stage = stage_name(tf.table.name)
        key = ", ".join(_quote(k) for k in tf.table.key)
        # Every row of a key after its first. A grouped aggregate and a join, not a window partitioned by the key:
        # DuckDB's aggregate and join write to disk beyond the memory limit (a national table has 15 million rows).
        same = " AND ".join(f"s.{_quote(k)} IS NOT DISTINCT FROM d.{_quote(k)}" for k in tf.table.key)
        dup_sql = (
            f"SELECT s.__row FROM {stage} s JOIN (SELECT {key}, min(__row) AS first FROM {stage} GROUP BY ALL "
            f"HAVING count(*) > 1) d ON {same} WHERE s.__row > d.first ORDER BY s.__row"
        )
        self._rule(tf, dup_sql, ", ".join(tf.table.key), f"duplicate key ({', '.join(tf.table.key)})")
        for rule in ROW_RULES:
            if rule.table == tf.table.name:
                self._rule(tf, f"SELECT __row FROM {stage} WHERE {rule.sql} ORDER BY __row", rule.column, rule.problem)

    def _rule(self, tf: TableFile, sql: str, column: str, problem: str) -> None:
        total = self.con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
        n = int(total[0]) if total else 0
        if n:
            rows = self.con.execute(f"{sql} LIMIT {MAX_PROBLEMS}").fetchall()
            self._add([Problem(str(tf.path), int(r[0]), column, None, problem) for r in rows], total=n)

    def _organisation_rule(self) -> None:
        orgs = stage_name("organisations")
        for tf in self.files.values():
            if not tf.table.org_scoped:
                continue
            sql = (
                f"SELECT __row, org_code FROM {stage_name(tf.table.name)} "
                f"WHERE org_code NOT IN (SELECT org_code FROM {orgs}) ORDER BY __row"
            )
            total = self.con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
            n = int(total[0]) if total else 0
            if n:
                rows = self.con.execute(f"{sql} LIMIT {MAX_PROBLEMS}").fetchall()
                self._add(
                    [
                        Problem(str(tf.path), int(r[0]), "org_code", r[1], "organisation not in organisations")
                        for r in rows
                    ],
                    total=n,
                )

    def validate(self) -> dict[str, int]:
        """Stage and validate every table; raise :class:`DataError` with every problem, else row counts."""
        present: dict[str, list[str]] = {}
        for name, tf in self.files.items():
            present[name] = self._read_text(tf)
            self._column_problems(tf, present[name])
        if self.problems:
            raise DataError(self.problems, self.total_problems)
        for name, tf in self.files.items():
            self._value_problems(tf, present[name])
        if self.problems:
            raise DataError(self.problems, self.total_problems)
        for name, tf in self.files.items():
            self._stage(tf, present[name])
            self._row_rules(tf)
        self._organisation_rule()
        if self.problems:
            raise DataError(self.problems, self.total_problems)
        counts: dict[str, int] = {}
        for name in self.files:
            row = self.con.execute(f"SELECT count(*) FROM {stage_name(name)}").fetchone()
            counts[name] = int(row[0]) if row else 0
        return counts


def _sql_type(col: Column) -> str:
    return {
        ColumnType.STRING: "VARCHAR",
        ColumnType.DATE: "DATE",
        ColumnType.BOOLEAN: "BOOLEAN",
        ColumnType.INTEGER: "BIGINT",
        ColumnType.FLOAT: "DOUBLE",
    }[col.type]


def sql_type(col: Column) -> str:
    """The DuckDB type that stores a canonical column."""
    return _sql_type(col)


def read_manifest(folder: Path) -> dict[str, object]:
    path = folder / "manifest.json"
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError([Problem(str(path), None, None, None, f"not valid JSON: {exc}")]) from None
    if not isinstance(data, dict):
        raise DataError([Problem(str(path), None, None, None, "expected a JSON object")])
    return data
