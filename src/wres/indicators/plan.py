"""Indicators as values: each family's counts as named Ibis queries, executed in one place.

A family (:mod:`~wres.indicators.representation`, ...) builds a :class:`FamilyPlan`: the Ibis expressions it needs
(each a named :class:`Query`) and ``assemble``, plain pandas from the executed frames to the fine counts
(:mod:`wres.indicators.fine`). Building a plan executes nothing, so the exact queries can be shown to an auditor
(``wres indicators --sql``) or compiled for another engine. :func:`execute_plans` is the one place that runs them:
each distinct query once per run, its frame handed to every family that names it (the 31 March staff counts are
shared by indicators 1, 3, 4 and 9, ``wres-domain.md §5.1–5.4, §5.9``).

A query's name is stable and readable and carries the parameters that can differ within one run (``staff_counts``,
``staff_counts[by=band]``); two queries with the same name must be the same expression (checked).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from wres.errors import WresError
from wres.indicators.source import execute

SQL_DIALECTS = {"duckdb": "duckdb", "spark": "pyspark"}
"""The SQL dialect (Ibis's name) of each engine."""
AFTER_SQL = (
    "-- After SQL, in pandas on these counts: each family assembles its rows (wres.indicators.<family>), ethnic "
    "categories roll up to White/BME/Unknown or the 5 or 9 groups (wres.indicators.counts), and rates, ratios, "
    "intervals and statuses are computed (wres.indicators.results)."
)


@dataclass(frozen=True, eq=False)
class Query:
    """One Ibis table expression, named (see :func:`query_name`)."""

    name: str
    expr: ir.Table


@dataclass(frozen=True, eq=False)
class FamilyPlan:
    """What an indicator family needs executed, and how its counts are made from the results.

    ``assemble`` receives a mapping from each of ``queries``' names to its executed frame (its own copy, which it
    may change) and returns the family's fine counts (:mod:`wres.indicators.fine`); the one exception, the published
    survey summaries (:func:`wres.indicators.survey.published_plan`), returns counts already grouped.
    """

    family: str
    indicators: tuple[str, ...]
    queries: tuple[Query, ...]
    assemble: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]


def query_name(base: str, by: str | None = None, **params: object) -> str:
    """``base``, with the breakdown and other parameters in brackets when given: ``staff_counts``,
    ``staff_counts[by=band]``, ``snapshot_years[years=2023,2024]``."""
    parts = [f"by={by}"] if by is not None else []
    for key, value in params.items():
        text = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        parts.append(f"{key}={text}")
    return f"{base}[{';'.join(parts)}]" if parts else base


def distinct_queries(plans: Iterable[FamilyPlan]) -> list[Query]:
    """Every query of ``plans`` once, in order of first use. The same name must mean the same expression."""
    seen: dict[str, Query] = {}
    for plan in plans:
        for query in plan.queries:
            have = seen.get(query.name)
            if have is None:
                seen[query.name] = query
            elif have.expr is not query.expr and not have.expr.equals(query.expr):
                raise ValueError(f"two different queries are named {query.name!r} ({plan.family})")
    return list(seen.values())


def users(plans: Iterable[FamilyPlan]) -> dict[str, list[FamilyPlan]]:
    """For each query name, the plans that use it (in order)."""
    out: dict[str, list[FamilyPlan]] = {}
    for plan in plans:
        for query in plan.queries:
            have = out.setdefault(query.name, [])
            if not any(p is plan for p in have):
                have.append(plan)
    return out


def execute_queries(queries: Iterable[Query]) -> dict[str, pd.DataFrame]:
    """Run each query on its engine (:func:`wres.indicators.source.execute`): name → frame."""
    return {query.name: execute(query.expr) for query in queries}


def execute_plans(plans: Sequence[FamilyPlan], *, overlap: bool = False) -> list[pd.DataFrame]:
    """Execute every distinct query of ``plans`` once and assemble each plan's counts, in the order of ``plans``."""
    return list(assembled(plans, overlap=overlap))


def assembled(plans: Sequence[FamilyPlan], *, overlap: bool = False) -> Generator[pd.DataFrame]:
    """Each plan's counts in the order of ``plans``, every distinct query executed once.

    With ``overlap`` the queries run one after another in a thread of their own while the caller assembles (and
    uses) each plan's counts as soon as its queries are done: the engine (DuckDB, which releases the GIL) computes
    the next query while pandas works on the last one. The same queries, frames and order as without.
    """
    queries = distinct_queries(plans)
    if not overlap:
        frames = execute_queries(queries)
        for plan in plans:
            yield plan.assemble({q.name: frames[q.name].copy() for q in plan.queries})
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wres-queries")
    try:
        futures = {q.name: pool.submit(execute, q.expr) for q in queries}  # one worker: run in order
        for plan in plans:
            yield plan.assemble({q.name: futures[q.name].result().copy() for q in plan.queries})
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def org_years(frame: pd.DataFrame, year_col: str = "year", offset: int = 0) -> set[tuple[str, int]]:
    """The (org_code, year + ``offset``) pairs of an executed frame (a missing year is left out)."""
    return {(str(o), int(y) + offset) for o, y in zip(frame["org_code"], frame[year_col], strict=True) if pd.notna(y)}


def _indicator_label(indicators: Sequence[str]) -> str:
    return f"indicator {indicators[0]}" if len(indicators) == 1 else f"indicators {', '.join(indicators)}"


def to_sql(query: Query, engine: str) -> str:
    """``query`` as ``engine``'s SQL (``ibis.to_sql``), without running or connecting to anything."""
    dialect = SQL_DIALECTS[engine]
    if dialect == "pyspark":
        try:
            _ = ibis.pyspark  # registers the Spark compiler's options; imports PySpark, starts no session
        except ImportError:
            raise WresError("the Spark engine needs the optional extra: pip install 'wres[spark]'") from None
    return str(ibis.to_sql(query.expr, dialect=dialect))


def sql_script(plans: Sequence[FamilyPlan], engine: str, heading: Sequence[str] = ()) -> str:
    """Every distinct query of ``plans`` as one SQL script for ``engine``: each statement headed by a comment naming
    the indicators, families and query, and ended by ``;``; then one comment line on what follows in pandas.
    ``heading``: comment lines (without ``--``) to start with."""
    used = users(plans)
    lines = [f"-- {line}" for line in heading]
    for query in distinct_queries(plans):
        plans_of = used[query.name]
        indicators = list(dict.fromkeys(i for plan in plans_of for i in plan.indicators))
        families = ", ".join(dict.fromkeys(plan.family for plan in plans_of))
        lines += ["", f"-- {_indicator_label(indicators)} ({families}): {query.name}", to_sql(query, engine) + ";"]
    lines += ["", AFTER_SQL]
    return "\n".join(lines) + "\n"
