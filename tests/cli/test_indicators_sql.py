"""``wres indicators --sql``: the exact queries, printed as written, that run as they are on the store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from wres.cli.main import run
from wres.config import DEFAULT_CONFIG
from wres.indicators.compute import plan_run, restrict
from wres.indicators.plan import distinct_queries
from wres.indicators.source import execute, from_store
from wres.store import Store

HEADER = re.compile(r"^-- (indicators? [0-9, ]+) \(([a-z, ]+)\): (\S+)$", re.MULTILINE)


def sorted_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype(object).where(frame.notna(), None)
    return out.sort_values(list(out.columns), key=lambda c: c.astype(str)).reset_index(drop=True)


def printed_sql(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert run(["indicators", *args, "--sql"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "options",
    [[], ["--by", "band"], ["--by", "ethnicity9", "--org", "RXX"], ["--by", "clinical"], ["--by", "internal"]],
)
def test_each_printed_statement_runs_on_the_store(
    worked_store_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    """Each statement, run by DuckDB on the store file as printed, gives the rows of the query wres executes."""
    text = printed_sql(["--store", str(worked_store_path), "--year", "2024", *options], capsys)
    names = [m.group(3) for m in HEADER.finditer(text)]
    by = options[options.index("--by") + 1] if "--by" in options else None
    with Store(worked_store_path, read_only=True) as st:
        queries = distinct_queries(plan_run(restrict(from_store(st), ["RXX"]), [2024], by, DEFAULT_CONFIG).plans)
        expected = {q.name: execute(q.expr) for q in queries}
    assert names == [q.name for q in queries]
    con = duckdb.connect(str(worked_store_path), read_only=True)
    try:
        statements = con.extract_statements(text)  # DuckDB's own parser splits the script, as its shell does
        assert len(statements) == len(names)
        for name, statement in zip(names, statements, strict=True):
            got = con.execute(statement.query).df()
            want = expected[name]
            assert list(got.columns) == list(want.columns), name
            pd.testing.assert_frame_equal(sorted_frame(got), sorted_frame(want), check_dtype=False, obj=name)
    finally:
        con.close()


def test_headers_name_indicators_families_and_queries(
    worked_store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = printed_sql(["--store", str(worked_store_path), "--year", "2024", "--by", "band"], capsys)
    headers = {m.group(3): (m.group(1), m.group(2)) for m in HEADER.finditer(text)}
    assert headers["staff_counts"] == ("indicators 1, 3, 4, 9", "representation, disciplinary, training, board")
    assert headers["staff_counts[by=band]"] == ("indicators 1, 3, 4", "representation, disciplinary, training")
    assert headers["recruitment_counts[by=band]"] == ("indicator 2", "appointment")
    assert headers["survey_summaries"] == ("indicators 5, 6, 7, 8", "survey")
    assert text.startswith("-- wres ")
    assert "breakdown band; engine duckdb" in text
    last = text.rstrip("\n").splitlines()[-1]
    assert last.startswith("-- After SQL, in pandas on these counts:")
    assert "White/BME/Unknown" in last


def test_printed_as_written_and_not_wrapped(
    worked_store_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Brackets in query names are not read as markup and long lines are not wrapped: the standard output is the
    file that --out writes, byte for byte."""
    args = ["--store", str(worked_store_path), "--year", "2024", "--by", "band"]
    text = printed_sql(args, capsys)
    out = tmp_path / "queries.sql"
    assert run(["indicators", *args, "--sql", "--out", str(out)]) == 0
    assert text == out.read_text(encoding="utf-8")
    assert "): staff_counts[by=band]\n" in text
    assert max(len(line) for line in text.splitlines()) > 140  # wider than the console, yet one line


def test_sql_computes_nothing(
    worked_store_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wres.indicators import plan, source

    def refuse(*_: Any) -> Any:
        raise AssertionError("--sql executed a query")

    monkeypatch.setattr(plan, "execute", refuse)
    monkeypatch.setattr(source, "execute", refuse)
    text = printed_sql(["--store", str(worked_store_path), "--year", "2024"], capsys)
    assert "staff_counts" in text


@pytest.mark.parametrize(
    ("extra", "message"), [(["--counts", "c.csv"], "--counts"), (["--format", "csv"], "--format does not apply")]
)
def test_sql_refuses_options_it_cannot_honour(
    worked_store_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert run(["indicators", "--store", str(worked_store_path), "--sql", *extra]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.spark  # needs the PySpark package (the Spark compiler), but starts no Spark session
def test_spark_sql_starts_no_spark(
    worked_store_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wres.indicators import spark

    def refuse() -> Any:
        raise AssertionError("--sql started Spark")

    monkeypatch.setattr(spark, "spark_session", refuse)
    monkeypatch.setattr(spark, "from_store_on_spark", refuse)
    text = printed_sql(["--store", str(worked_store_path), "--year", "2024", "--engine", "spark"], capsys)
    assert "FROM `wres_staff` AS" in text
    assert "engine spark" in text
    assert '"' not in text.replace("'", "")  # Spark SQL quotes names with backticks
