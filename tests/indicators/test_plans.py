"""Indicators as values (issue 12): each family's plan is Ibis expressions that building executes nothing, and
one executor runs each named query once.

Hand counts come from the worked example's records (``tests/indicators/worked.py``): WRES 2024 of RXX, White
staff ``P00000``-``P02999`` (code A), BME ``P03000``-``P03799`` (code N).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pytest

from wres.config import DEFAULT_CONFIG
from wres.data.schema import TABLES, ColumnType
from wres.indicators import appointment, board, disciplinary, plan, representation, survey, training
from wres.indicators.breakdowns import BREAKDOWNS
from wres.indicators.compute import FAMILIES, plan_run, record_counts
from wres.indicators.plan import FamilyPlan, Query, distinct_queries, execute_plans
from wres.indicators.source import Source, execute, from_store
from wres.store import Store

IBIS_TYPES = {
    ColumnType.STRING: "string",
    ColumnType.DATE: "date",
    ColumnType.BOOLEAN: "boolean",
    ColumnType.INTEGER: "int64",
    ColumnType.FLOAT: "float64",
}
YEARS = [2023, 2024]


def unbound_source() -> Source:
    """Every canonical table as an unbound Ibis table: no backend, nothing can be executed."""
    tables = {
        name: ibis.table(ibis.schema({c.name: IBIS_TYPES[c.type] for c in table.columns}), name=name)
        for name, table in TABLES.items()
    }
    return Source(tables, engine="duckdb")


def sorted_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype(object).where(frame.notna(), None)
    return out.sort_values(list(out.columns), key=lambda c: c.astype(str)).reset_index(drop=True)


@pytest.mark.parametrize("by", [None, *BREAKDOWNS])
def test_every_plan_builds_on_unbound_tables_and_compiles(by: str | None) -> None:
    """Building a plan executes nothing (unbound tables cannot be executed), and every query compiles to SQL."""
    src = unbound_source()
    built = {family.__name__.rsplit(".", 1)[-1]: family.plan(src, YEARS, by, DEFAULT_CONFIG) for family in FAMILIES}
    assert built["board"] is not None  # indicator 9 is by whole organisation, whatever the breakdown
    if by is None:
        assert all(p is not None for p in built.values())
    run = plan_run(src, YEARS, by, DEFAULT_CONFIG)
    for p in [*(p for p in built.values() if p is not None), *run.plans]:
        assert isinstance(p, FamilyPlan)
        assert p.queries
        for query in p.queries:
            assert isinstance(query.expr, ir.Table)
            assert "SELECT" in ibis.to_sql(query.expr, dialect="duckdb")
    names = [q.name for q in distinct_queries(run.plans)]
    assert len(names) == len(set(names))


def test_shared_queries_are_named_once_with_their_breakdown() -> None:
    src = unbound_source()
    run = plan_run(src, [2024], "band", DEFAULT_CONFIG)
    users = plan.users(run.plans)
    staff = sorted({i for p in users["staff_counts"] for i in p.indicators})
    assert staff == ["1", "3", "4", "9"]  # one query for four indicators (and the --by run's board plan)
    assert sorted({i for p in users["staff_counts[by=band]"] for i in p.indicators}) == ["1", "3", "4"]
    assert [p.family for p in users["survey_microdata"]] == ["survey", "survey"]  # microdata and published summaries
    assert "snapshot_years[years=2023]" in users


def test_two_different_queries_with_one_name_are_refused() -> None:
    t = unbound_source().table("staff")
    a = FamilyPlan("a", ("1",), (Query("q", t.select("org_code")),), lambda f: f["q"])
    b = FamilyPlan("b", ("2",), (Query("q", t.select("person_id")),), lambda f: f["q"])
    with pytest.raises(ValueError, match="'q'"):
        distinct_queries([a, b])


def run_query(plan_: FamilyPlan | None, name: str) -> pd.DataFrame:
    assert plan_ is not None
    (query,) = [q for q in plan_.queries if q.name == name]
    return execute(query.expr)


@pytest.mark.parametrize(
    ("by", "rows"),
    [
        (None, [("RXX", 2024, "all", "A", 1200), ("RXX", 2024, "all", "N", 250)]),
        # the first 1,200 White and first 250 BME staff are all in band 5 (worked.py: band 5 comes first)
        ("band", [("RXX", 2024, "5", "A", 1200), ("RXX", 2024, "5", "N", 250)]),
    ],
)
def test_training_accessed_query_alone(worked_store: Store, by: str | None, rows: list[tuple[Any, ...]]) -> None:
    """Indicator 4's numerator query, executed on its own: people with a non-mandatory course in 2023/24 (the
    Fire safety records of BME staff 250-799 are mandatory and do not count)."""
    p = training.plan(from_store(worked_store), YEARS, by, DEFAULT_CONFIG)
    name = "training_accessed" if by is None else f"training_accessed[by={by}]"
    got = run_query(p, name)
    expected = pd.DataFrame(rows, columns=["org_code", "year", "stratum", "ethnic_category", "people"])
    pd.testing.assert_frame_equal(sorted_frame(got), sorted_frame(expected))


def test_disciplinary_entrants_query_alone(worked_store: Store) -> None:
    """Indicator 3's entrants for WRES 2024 and 2023 (the rolling form's previous year): 6 BME and 20 White in
    2022/23, 10 BME and 22 White in 2023/24; the second case of the first BME person in 2023/24 counts once."""
    p = disciplinary.plan(from_store(worked_store), [2024], None, DEFAULT_CONFIG)
    got = run_query(p, "disciplinary_entrants")
    expected = pd.DataFrame(
        [
            ("RXX", 2023, "all", "A", 20),
            ("RXX", 2023, "all", "N", 6),
            ("RXX", 2024, "all", "A", 22),
            ("RXX", 2024, "all", "N", 10),
        ],
        columns=["org_code", "year", "stratum", "ethnic_category", "people"],
    )
    pd.testing.assert_frame_equal(sorted_frame(got), sorted_frame(expected))
    assert sorted_frame(run_query(p, "disciplinary_activity_years")).values.tolist() == [["RXX", 2023], ["RXX", 2024]]
    assert run_query(p, "snapshot_years[years=2023]").values.tolist() == [["RXX", 2023]]


def test_board_and_headcount_assembled_from_their_frames(worked_store: Store) -> None:
    """``assemble`` is plain pandas from the executed frames: the board's 14 voting members (11 code A, 3 code H)
    by ethnic code, and the workforce of 3,000 White, 800 BME and 100 Unknown by WRES group (the overall staff
    counts are by group; :mod:`wres.indicators.counts` rolls both up to groups)."""
    p = board.plan(from_store(worked_store), [2024], None, DEFAULT_CONFIG)
    frames = {q.name: execute(q.expr) for q in p.queries}
    fine = p.assemble(frames)
    voting = fine[fine["variant"] == "voting"].set_index("ethnic_category")
    assert voting["members"].to_dict() == {"A": 11, "H": 3, "BME": 0, "Unknown": 0, "White": 0}
    assert voting["workforce"].to_dict() == {"A": 0, "H": 0, "BME": 800, "Unknown": 100, "White": 3000}


def test_each_query_runs_once_per_run(worked_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 31 March staff counts are executed once for indicators 1, 3, 4 and 9 (and the overall survey microdata
    once for the microdata and the published-summary plans)."""
    ran: list[ir.Table] = []

    def counting(expr: ir.Table) -> pd.DataFrame:
        ran.append(expr)
        return execute(expr)

    monkeypatch.setattr(plan, "execute", counting)
    src = from_store(worked_store)
    record_counts(src, [2024], "band", DEFAULT_CONFIG)
    run = plan_run(src, [2024], "band", DEFAULT_CONFIG)
    queries = distinct_queries(run.plans)
    assert len(ran) == len(queries) == 15
    assert Counter(q.name for q in queries)["staff_counts"] == 1
    assert all(sum(r.equals(q.expr) for r in ran) == 1 for q in queries)


def test_plans_assemble_the_families_counts(worked_store: Store) -> None:
    """execute_plans gives each family's fine counts: indicator 2's shortlisted and appointed by group."""
    src = from_store(worked_store)
    plans = [
        p
        for p in (
            representation.plan(src, [2024], None, DEFAULT_CONFIG),
            appointment.plan(src, [2024], None, DEFAULT_CONFIG),
        )
        if p is not None
    ]
    rep, app = execute_plans(plans)
    assert rep.loc[rep["breakdown"] == "overall"].groupby("ethnic_category")["headcount"].sum().to_dict() == {
        "BME": 800,
        "Unknown": 100,
        "White": 3000,
    }
    every = app[app["variant"] == "all"].set_index("ethnic_category")
    assert every[["shortlisted", "appointed"]].astype(int).to_dict("index") == {
        "A": {"shortlisted": 1500, "appointed": 375},
        "N": {"shortlisted": 1000, "appointed": 160},
    }


def test_survey_plan_is_none_without_a_question_map() -> None:
    src = unbound_source()
    assert survey.plan(src, [1990], None, DEFAULT_CONFIG) is None
    published = survey.published_plan(src, [1990], DEFAULT_CONFIG)
    assert [q.name for q in published.queries] == ["survey_summaries"]


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_spark_sql_printed_without_spark_runs_in_spark(worked_store: Store, tmp_path: Path) -> None:
    """The Spark SQL compiled from unbound tables (``wres indicators --sql --engine spark``, which starts no Spark)
    is the SQL of the real Spark source, and each statement run in the Spark session gives DuckDB's rows."""
    from wres.indicators.plan import to_sql
    from wres.indicators.source import unbound
    from wres.indicators.spark import TABLE_PREFIX, from_store_on_spark, spark_session

    duck = plan_run(from_store(worked_store), [2024], "band", DEFAULT_CONFIG)
    printed = plan_run(unbound(from_store(worked_store), "spark", TABLE_PREFIX), [2024], "band", DEFAULT_CONFIG)
    real = plan_run(from_store_on_spark(worked_store, tmp_path / "parquet"), [2024], "band", DEFAULT_CONFIG)
    session = spark_session()
    for d, p, r in zip(*(distinct_queries(x.plans) for x in (duck, printed, real)), strict=True):
        assert d.name == p.name == r.name
        sql = to_sql(p, "spark")
        assert sql == to_sql(r, "spark")
        got = session.sql(sql).toPandas()
        pd.testing.assert_frame_equal(sorted_frame(got), sorted_frame(execute(d.expr)), check_dtype=False)
