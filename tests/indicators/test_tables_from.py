"""``--tables-from parquet:FOLDER`` on DuckDB: canonical tables a platform holds, checked against the canonical
schema (wres.data.schema) before anything is computed, and the same results as the store loaded from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import ibis
import ibis.expr.datatypes as dt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from wres.cli.main import run
from wres.errors import UsageError, WresError
from wres.indicators import compute, from_store
from wres.indicators.tables_from import conform, duckdb_parquet, open_tables, parse_tables_from
from wres.store import Store
from wres.synth import SynthConfig, generate
from wres.synth.writer import write_canonical

YEAR = 2026


@pytest.fixture(scope="module")
def canonical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = generate(SynthConfig(n_orgs=2, size=300, first_year=YEAR - 1, last_year=YEAR, seed=3))
    return write_canonical(data, tmp_path_factory.mktemp("tables") / "canonical")


def _copy(canonical: Path, out: Path, names: tuple[str, ...]) -> Path:
    out.mkdir()
    for name in names:
        shutil.copy(canonical / f"{name}.parquet", out / f"{name}.parquet")
    return out


def _rewrite_staff(folder: Path, change: str) -> None:
    table = pq.read_table(folder / "staff.parquet")
    if change == "drop band":
        table = table.drop_columns(["band"])
    elif change == "bank_only as text":
        i = table.schema.get_field_index("bank_only")
        table = table.set_column(i, "bank_only", pc.cast(table.column(i), pa.string()))
    elif change == "snapshot_date as timestamp":
        i = table.schema.get_field_index("snapshot_date")
        table = table.set_column(i, "snapshot_date", pc.cast(table.column(i), pa.timestamp("us")))
    pq.write_table(table, folder / "staff.parquet")


def test_only_required_tables_same_as_store(canonical: Path, tmp_path: Path) -> None:
    """Organisations and staff alone: the absent tables read as empty, so indicators 2-9 are not computed
    (missing_input), exactly as for a store loaded from the same two files."""
    folder = _copy(canonical, tmp_path / "two", ("organisations", "staff"))
    with Store(tmp_path / "two.duckdb") as st:
        st.load_folder(folder)
        expected = compute(from_store(st), [YEAR]).frame
    got = compute(duckdb_parquet(str(folder)), [YEAR]).frame
    pd.testing.assert_frame_equal(expected, got)
    headline = got[got["headline"]]
    assert set(headline.loc[headline["indicator"] == "2", "reason"]) == {"missing_input"}
    assert (headline.loc[headline["indicator"] == "1", "status"] != "not_computed").all()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("drop band", "table staff: column band (string) is missing"),
        ("bank_only as text", "table staff: column bank_only is string, not boolean"),
        ("snapshot_date as timestamp", "table staff: column snapshot_date is timestamp"),
    ],
)
def test_schema_problem_names_table_and_column(canonical: Path, tmp_path: Path, change: str, message: str) -> None:
    folder = _copy(canonical, tmp_path / "bad", ("organisations", "staff", "training"))
    _rewrite_staff(folder, change)
    with pytest.raises(WresError, match="not in the canonical format") as err:
        duckdb_parquet(str(folder))
    assert message in str(err.value)
    assert "docs/data-format.md" in str(err.value)


def test_missing_required_table(canonical: Path, tmp_path: Path) -> None:
    folder = _copy(canonical, tmp_path / "nostaff", ("organisations", "training"))
    with pytest.raises(WresError, match="table staff is missing"):
        duckdb_parquet(str(folder))


def test_conform_casts_what_holds_the_canonical_type() -> None:
    """A narrower integer, a decimal percentage and a text partition key are cast; text that is not a partition
    key is not."""
    t = ibis.table(
        {
            "org_code": "string",
            "survey_year": "string",
            "indicator": "int32",
            "group": "string",
            "pct": "decimal(5, 2)",
            "base": "int16",
            "extra": "string",
        },
        name="survey_summaries",
    )
    conformed, problems = conform("survey_summaries", t, frozenset({"survey_year"}))
    assert problems == []
    assert conformed.schema() == ibis.schema(
        {
            "org_code": dt.string,
            "survey_year": dt.int64,
            "indicator": dt.int64,
            "group": dt.string,
            "pct": dt.float64,
            "base": dt.int64,
        }
    )
    _, problems = conform("survey_summaries", t)
    assert problems == ["table survey_summaries: column survey_year is string, not integer"]


def test_optional_column_missing_reads_as_empty() -> None:
    t = ibis.table({"org_code": "string", "org_name": "string"}, name="organisations")
    conformed, problems = conform("organisations", t)
    assert problems == []
    assert conformed.columns == ("org_code", "org_name", "region", "trust_type")


@pytest.mark.parametrize("text", ["parquet", "parquet:", "delta:/x", "/data/folder", "catalog:db; DROP"])
def test_bad_tables_from(text: str) -> None:
    with pytest.raises(UsageError, match="--tables-from"):
        parse_tables_from(text)


def test_catalog_needs_spark() -> None:
    with pytest.raises(UsageError, match="add --engine spark"):
        open_tables(parse_tables_from("catalog:platform"), "duckdb")


def test_cli_tables_from_same_as_store(canonical: Path, tmp_path: Path) -> None:
    """``wres indicators --tables-from parquet:FOLDER --all-orgs`` prints what the store loaded from FOLDER does."""
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(canonical)
    store_csv, parquet_csv = tmp_path / "store.csv", tmp_path / "parquet.csv"
    common = ["indicators", "--all-orgs", "--year", str(YEAR - 1), "--year", str(YEAR), "--format", "csv"]
    assert run([*common, "--store", str(tmp_path / "s.duckdb"), "--out", str(store_csv)]) == 0
    assert run([*common, "--tables-from", f"parquet:{canonical}", "--out", str(parquet_csv)]) == 0
    store, parquet = pd.read_csv(store_csv), pd.read_csv(parquet_csv)
    pd.testing.assert_frame_equal(store, parquet)
    assert store["org_code"].nunique() == 2


def test_cli_tables_from_latest_year_by_default(canonical: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["indicators", "--tables-from", f"parquet:{canonical}", "--format", "json"]) == 0
    assert '"year": 2026' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--all-orgs", "--org", "SY001"], 2, "--all-orgs computes every organisation"),
        (["--spark-master", "spark://127.0.0.1:7077"], 2, "--spark-master needs --engine spark"),
        (["--tables-from", "catalog:platform"], 2, "add --engine spark"),
        (["--tables-from", "PARQUET"], 2, "must be parquet:FOLDER or catalog:DATABASE"),
        (["--tables-from", "parquet:{folder}", "--org", "ZZZ99"], 1, "organisation(s) not in parquet:"),
        (["--tables-from", "parquet:{folder}", "--year", "2019"], 1, "no data for WRES year 2019"),
        (["--tables-from", "parquet:{folder}/nowhere"], 1, "no such folder"),
        (["--engine", "spark", "--spark-master", "mesos://x:5050"], 1, "the Spark master must be local[N]"),
    ],
)
def test_cli_refuses(
    canonical: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    argv = ["indicators", *(a.replace("{folder}", str(canonical)) for a in args)]
    assert run(argv) == code
    assert message in " ".join(capsys.readouterr().err.split())
