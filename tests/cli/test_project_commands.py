"""``wres project`` on a store generated from a known chain (tests.analysis.projection_synth): formats, tiers, the
chart, and errors (one line, non-zero exit, no traceback)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from tests.analysis.projection_synth import generate, write_folder

from wres.cli.main import run
from wres.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("project_cli")
    folder = write_folder(base / "canonical", generate(seed=2, scale=0.3))
    path = base / "p.duckdb"
    with Store(path) as st:
        st.load_folder(folder)
    return path


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(["project", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_table_has_the_sentence_and_the_years(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["--store", str(store), "--scenario", "equal-promotion", "--runs", "100", "--band", "8a and above"], capsys
    )
    assert code == 0
    text = " ".join(out.split())
    assert "At today's rates band 8a and above" in text
    assert "with equal promotion," in text
    assert "Chance of reaching it by 2028" in text
    assert "2034" in text  # ten years after the 2024 snapshot
    assert "counts behind the rates" in text  # the public tier says what it withholds


def test_csv_shares_and_parity(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--store", str(store), "--runs", "50", "--years", "5", "--format", "csv", "--scenario", "hiring-mix=0.4"]
    code, out, _ = _run(base, capsys)
    assert code == 0
    shares = pd.read_csv(io.StringIO(out))
    assert list(shares.columns) == ["scenario", "band", "year", "median", "low", "high"]
    assert set(shares["scenario"]) == {"baseline", "hiring-mix=0.4"}
    assert shares["year"].min() == 2025  # public: from the year after the 2024 snapshot (its own shares are exact)
    assert shares["year"].max() == 2029
    assert ((shares["low"] <= shares["median"]) & (shares["median"] <= shares["high"])).all()
    code, out, _ = _run([*base, "--table", "parity"], capsys)
    parity = pd.read_csv(io.StringIO(out))
    assert {"parity_year", "p_parity_by_target", "reading"} <= set(parity.columns)
    code, out, _ = _run([*base, "--table", "distribution"], capsys)
    spread = pd.read_csv(io.StringIO(out))
    assert list(spread.columns) == ["scenario", "band", "year", "share_of_runs"]
    assert spread.groupby(["scenario", "band"])["share_of_runs"].sum().round(9).eq(1).all()


def test_json_public_has_no_counts_internal_has(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--store", str(store), "--runs", "50", "--years", "3", "--format", "json"]
    code, out, _ = _run(base, capsys)
    assert code == 0
    public = json.loads(out)  # strict JSON: a missing parity year is null, not NaN
    assert "estimates" not in public
    assert public["metadata"]["tier"] == "public"
    assert public["metadata"]["withheld"]
    latest = int(public["metadata"]["latest_snapshot"][:4])
    assert latest not in {row["year"] for row in public["shares"]}  # the snapshot's exact shares are not public
    code, out, _ = _run([*base, "--tier", "internal"], capsys)
    internal = json.loads(out)
    moves = pd.DataFrame(internal["estimates"]["transitions"])
    assert (moves["people"] <= moves["base"]).all()
    assert moves["people"].sum() > 0


def test_estimates_csv_needs_internal(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["--store", str(store), "--format", "csv", "--table", "estimates"], capsys)
    assert code == 2
    assert "--tier internal" in err
    code, out, _ = _run(
        ["--store", str(store), "--runs", "20", "--format", "csv", "--table", "estimates", "--tier", "internal"],
        capsys,
    )
    assert code == 0
    assert list(pd.read_csv(io.StringIO(out)).columns) == [
        "group",
        "band",
        "to",
        "people",
        "base",
        "rate",
        "low",
        "high",
    ]


def test_chart_is_written(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "projection.svg"
    args = ["--store", str(store), "--runs", "40", "--scenario", "equal-leaving", "--chart", str(chart)]
    code, _, _ = _run(args, capsys)
    assert code == 0
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "Workforce share" in svg
    assert "With equal leaving" in svg
    assert "Year (31 March)" in svg


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--scenario", "fairer"], 2, "--scenario must be one of"),
        (["--scenario", "hiring-mix=2"], 2, "between 0 and 1"),
        (["--scenario", "equal-appointment"], 1, "needs shortlisting data"),
        (["--band", "11"], 2, "--band must be a band code"),
        (["--chart", "x.png"], 2, "--chart must name an .svg file"),
        (["--format", "xml"], 2, "--format must be one of"),
        (["--org", "ZZZ"], 1, "organisation not in the store: ZZZ"),
        (["--runs", "1"], 2, "--runs must be between"),
    ],
)
def test_errors_are_one_line(
    store: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    got, _, err = _run(["--store", str(store), "--runs", "20", *args], capsys)
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_year_projects_from_an_earlier_snapshot(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--store", str(store), "--runs", "20", "--years", "2", "--format", "csv", "--year", "2023"]
    code, out, _ = _run([*args, "--band", "7", "--band", "7"], capsys)
    assert code == 0
    shares = pd.read_csv(io.StringIO(out))
    assert shares["year"].tolist() == [2024, 2025]  # band 7 once, from 2023 (public: its 2023 share is not shown)
    code, _, err = _run([*args[:-1], "2021"], capsys)
    assert code == 1
    assert "two consecutive 31 March snapshots" in err
