"""Where indicator expressions read canonical tables from: the DuckDB store or a Spark session.

A :class:`Source` is a set of Ibis tables with the canonical schema. The indicator modules build Ibis
expressions over it (:mod:`wres.indicators.plan`) and never know which engine runs them; :func:`execute` runs one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from wres.data.schema import TABLES

if TYPE_CHECKING:
    from wres.store import Store


@dataclass
class Source:
    """Canonical tables as Ibis expressions, on one engine. ``backend`` is the Ibis connection (None for unbound
    tables, which can be compiled to SQL but not executed).

    ``derived``: the store's derived tables that are current (:mod:`wres.store.derived`), by name; an indicator
    reads one where it is present, else the canonical tables, with the same results. Only :func:`from_store` and
    :func:`wres.indicators.compute.restrict` (which filters them as it filters the tables) set them: a source
    made with tables changed or filtered otherwise has none, so that none goes stale.
    """

    tables: dict[str, ir.Table]
    engine: str
    backend: Any = None
    derived: dict[str, ir.Table] = field(default_factory=dict)

    def table(self, name: str) -> ir.Table:
        return self.tables[name]

    def organisations(self) -> pd.DataFrame:
        return execute(self.tables["organisations"]).sort_values("org_code").reset_index(drop=True)


def execute(expr: ir.Table) -> pd.DataFrame:
    """Run an expression on its engine and return a pandas DataFrame."""
    frame: pd.DataFrame = expr.to_pandas()
    return frame


def from_store(store: Store, *, derived: bool = True) -> Source:
    """Tables of a DuckDB store (the embedded default engine), with its current derived tables unless ``derived``
    is false (:mod:`wres.store.derived`)."""
    from wres.store.derived import current

    con = store.ibis()
    # Only the canonical columns: the store also keeps each row's import (``_import_id``).
    tables = {name: con.table(name).select(*TABLES[name].column_names) for name in TABLES}
    extra = {name: con.table(name) for name in sorted(current(store.con))} if derived else {}
    return Source(tables, engine="duckdb", backend=con, derived=extra)


def unbound(src: Source, engine: str, prefix: str = "") -> Source:
    """``src``'s tables as unbound tables (same schemas, no backend) named ``prefix`` + the canonical name: a plan
    built on them compiles to ``engine``'s SQL without connecting to it (``wres indicators --sql --engine spark``
    starts no Spark)."""
    tables = {name: ibis.table(t.schema(), name=f"{prefix}{name}") for name, t in src.tables.items()}
    return Source(tables, engine=engine)
