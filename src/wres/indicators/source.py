"""Where indicator expressions read canonical tables from: the DuckDB store or a Spark session.

A :class:`Source` is a set of Ibis tables with the canonical schema. The indicator modules build Ibis
expressions over it and never know which engine runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis.expr.types as ir
import pandas as pd

from wres.data.schema import TABLES
from wres.indicators.calendar import wres_year_expr

if TYPE_CHECKING:
    from wres.store import Store


@dataclass
class Source:
    """Canonical tables as Ibis expressions, on one engine."""

    tables: dict[str, ir.Table]
    engine: str
    backend: Any = None
    _memo: dict[Any, Any] = field(default_factory=dict)

    def memo(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value computed once per source (e.g. headcounts shared by several indicators)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def materialise(self, name: str, expr: ir.Table) -> ir.Table:
        """Compute ``expr`` once and reuse it: a temporary table on DuckDB, a temporary view elsewhere."""

        def build() -> ir.Table:
            if self.backend is None:
                return expr
            if self.engine == "duckdb":
                sql = self.backend.compile(expr)
                self.backend.con.execute(f"CREATE OR REPLACE TEMP TABLE _wres_{name}_{id(self)} AS {sql}")
                return self.backend.table(f"_wres_{name}_{id(self)}")
            return self.backend.create_view(f"_wres_{name}_{id(self)}", obj=expr, overwrite=True)

        table: ir.Table = self.memo(("table", name), build)
        return table

    def table(self, name: str) -> ir.Table:
        return self.tables[name]

    def activity_years(self, name: str, date_col: str) -> set[tuple[str, int]]:
        """(org, WRES year) pairs whose activity year holds at least one row of event table ``name``, dated by
        ``date_col`` (absent table → none): the years the table covers (wres-domain.md §5.0, "Coverage per
        activity year"). A year with no rows is missing, not a year with no events."""

        def build() -> set[tuple[str, int]]:
            t = self.tables.get(name)
            if t is None:
                return set()
            df = execute(t.select(org_code=t.org_code, year=wres_year_expr(t[date_col])).distinct())
            return {(str(o), int(y)) for o, y in zip(df["org_code"], df["year"], strict=True) if pd.notna(y)}

        years: set[tuple[str, int]] = self.memo(("activity_years", name, date_col), build)
        return years

    def organisations(self) -> pd.DataFrame:
        return execute(self.tables["organisations"]).sort_values("org_code").reset_index(drop=True)


def execute(expr: ir.Table) -> pd.DataFrame:
    """Run an expression on its engine and return a pandas DataFrame."""
    frame: pd.DataFrame = expr.to_pandas()
    return frame


def from_store(store: Store) -> Source:
    """Tables of a DuckDB store (the embedded default engine)."""
    con = store.ibis()
    # Only the canonical columns: the store also keeps each row's import (``_import_id``).
    tables = {name: con.table(name).select(*TABLES[name].column_names) for name in TABLES}
    return Source(tables, engine="duckdb", backend=con)
