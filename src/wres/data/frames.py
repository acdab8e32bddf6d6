"""Validate canonical tables held as DataFrames (the import path) with pandera.

:func:`dataframe_schema` builds a `pandera <https://pandera.readthedocs.io>`_ ``DataFrameSchema`` from a
:class:`~wres.data.schema.Table`: each column's type and nullability, its value rule and the table's row rules
(:mod:`wres.data.rules`), and uniqueness of the table's key. :func:`validate_frame` runs it lazily (every failure,
not just the first) and returns one problem per failing row and column, by position in the frame, so the
importer can name the source file and row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from wres.data.rules import ROW_RULES, value_rule
from wres.data.schema import TABLES, Column, ColumnType, Table

__all__ = ["FrameProblems", "dataframe_schema", "validate_frame"]

_DTYPES: dict[ColumnType, object] = {
    ColumnType.STRING: str,
    ColumnType.DATE: "datetime64[ns]",
    ColumnType.BOOLEAN: "boolean",
    ColumnType.INTEGER: "Int64",
    ColumnType.FLOAT: float,
}
DUPLICATE_KEY = "duplicate key"


def _checks(column: Column) -> list[pa.Check]:
    rule = value_rule(column)
    if rule is None:
        return []
    if rule.allowed is not None:
        return [pa.Check.isin(list(rule.allowed), error=rule.problem)]
    if rule.pattern is not None:
        return [pa.Check.str_matches(f"^(?:{rule.pattern})$", error=rule.problem)]
    low = -np.inf if rule.low is None else rule.low
    high = np.inf if rule.high is None else rule.high
    return [pa.Check.in_range(low, high, error=rule.problem)]


@cache
def dataframe_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of one canonical table (types are coerced: booleans and integers may be nullable)."""
    columns = {
        c.name: pa.Column(_DTYPES[c.type], checks=_checks(c), nullable=c.nullable, coerce=True, required=c.required)
        for c in table.columns
    }
    # Row rules select the rows that *break* them; pandera wants the rows that pass.
    row_checks = [
        pa.Check(lambda f, fn=rule.frame: ~fn(f), element_wise=False, error=f"{rule.column}|{rule.problem}")
        for rule in ROW_RULES
        if rule.table == table.name
    ]
    return pa.DataFrameSchema(
        columns,
        checks=row_checks,
        unique=list(table.key),
        report_duplicates="all",
        strict=False,
        name=table.name,
    )


@dataclass(frozen=True)
class FrameProblems:
    """The problems found in one frame.

    Attributes:
        frame: The frame coerced to the canonical dtypes (values that could not be coerced left missing).
        problems: One row per failing (row, column): ``position`` (0-based row in the frame), ``column``,
            ``value`` (text, or ``None``) and ``problem``.
        invalid: Boolean mask of rows with any problem.
    """

    frame: pd.DataFrame
    problems: pd.DataFrame
    invalid: npt.NDArray[np.bool_]


def _problem_text(check: str, column: str | None, table: Table) -> tuple[str | None, str]:
    if check == "not_nullable":
        return column, "empty value in a column that cannot be empty"
    if check == "multiple_fields_uniqueness":
        return ", ".join(table.key), f"{DUPLICATE_KEY} ({', '.join(table.key)}): the same key is on another row"
    if check.startswith("coerce_dtype"):
        return column, f"not a valid {table.column(column).type.value}" if column else check
    if check == "column_in_dataframe":
        return column, "column missing"
    if "|" in check:
        rule_column, problem = check.split("|", 1)
        return rule_column, problem
    return column, check


def validate_frame(name: str, frame: pd.DataFrame) -> FrameProblems:
    """Validate ``frame`` as canonical table ``name``; never raises for bad values (they become problems)."""
    table = TABLES[name]
    schema = dataframe_schema(table)
    data = frame.reset_index(drop=True)
    try:
        checked = schema.validate(data, lazy=True)
        return FrameProblems(
            checked, pd.DataFrame(columns=["position", "column", "value", "problem"]), np.zeros(len(data), bool)
        )
    except SchemaErrors as exc:
        cases = exc.failure_cases
        checked = exc.data if isinstance(exc.data, pd.DataFrame) else data
    records: list[tuple[int, str | None, str | None, str]] = []
    positions = pd.to_numeric(cases["index"], errors="coerce")
    for case, position in zip(cases.itertuples(index=False), positions, strict=True):
        column = None if pd.isna(case.column) else str(case.column)
        check = str(case.check)
        if pd.isna(position):
            # A failure not tied to a row (e.g. a missing column) makes every row invalid.
            where, problem = _problem_text(check, column, table)
            records.extend((i, where, None, problem) for i in range(len(data)))
            continue
        where, problem = _problem_text(check, column, table)
        value = case.failure_case
        shown = None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        if check.startswith("coerce_dtype") or "|" in check or check == "multiple_fields_uniqueness":
            shown = None if "|" in check or check == "multiple_fields_uniqueness" else shown
        records.append((int(position), where, shown, problem))
    problems = pd.DataFrame(records, columns=["position", "column", "value", "problem"])
    problems = problems.drop_duplicates(["position", "column", "problem"]).sort_values(
        ["position", "column"], kind="stable", na_position="first"
    )
    invalid = np.zeros(len(data), dtype=bool)
    invalid[problems["position"].to_numpy(dtype=np.intp)] = True
    return FrameProblems(checked, problems.reset_index(drop=True), invalid)
