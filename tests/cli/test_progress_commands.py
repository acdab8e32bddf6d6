"""``wres progress spc`` and ``wres progress detect`` on a small synthetic store (two trusts, monthly snapshots) and
on the worked-example store (methods.md §13's examples): formats, tiers, options and errors."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from wres.cli.main import _register, app, run
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("progress_cli")
    data = generate(SynthConfig(n_orgs=2, size=700, first_year=2024, last_year=2026, seed=11, monthly=True))
    canonical = write_canonical(data, folder / "canonical")
    path = folder / "s.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    return path


@pytest.fixture(scope="module")
def org(small_store: Path) -> str:
    with Store(small_store, read_only=True) as st:
        return str(sorted(st.organisations())[0])


def _invoke(args: list[str]) -> Any:
    _register()
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_help_lists_the_subcommands() -> None:
    out = _invoke(["progress", "--help"]).output
    assert "spc" in out
    assert "detect" in out


def test_spc_table_internal(small_store: Path, org: str) -> None:
    out = _invoke(["progress", "spc", "--store", str(small_store), "--org", org, "--tier", "internal"]).output
    assert f"Is it getting better? — {org}, monthly series, INTERNAL (unsuppressed)" in out
    assert "appointment rate from shortlisting for BME applicants" in out
    assert "BME share of staff at band 8a and above" in out
    assert "cause" in out  # every reading says common or special cause


def _n_values(series: list[dict[str, Any]]) -> list[float]:
    return [v for s in series for p in s["points"] for k, v in p.items() if k.startswith("n_") and v is not None]


def test_spc_json_public_has_no_small_count(small_store: Path, org: str, tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    args = ["progress", "spc", "--store", str(small_store), "--org", org, "--format", "json", "--out", str(out)]
    _invoke(args)
    payload = json.loads(out.read_text())
    assert payload["metadata"]["tier"] == "public"  # the default, as wres report
    series = payload["series"]
    assert {s["key"] for s in series} >= {"appointment_rate", "appointment_ratio", "senior_share", "training_rate"}
    counts = _n_values(series)
    assert all(v >= 10 and v % 5 == 0 for v in counts)
    summary_only = [s for s in series if not s["chart_published"]]
    assert summary_only  # a 700-staff trust has small monthly counts
    assert all(s["points"] == [] and s["last_value"] is None for s in summary_only)


def test_spc_internal_json_keeps_the_counts(small_store: Path, org: str) -> None:
    args = ["progress", "spc", "--store", str(small_store), "--org", org, "--tier", "internal", "--format", "json"]
    series = json.loads(_invoke(args).output)["series"]
    assert any(0 < v < 8 for v in _n_values(series))  # the internal tier is unsuppressed


def test_spc_csv_quarterly_with_a_baseline(small_store: Path, org: str) -> None:
    args = ["progress", "spc", "--store", str(small_store), "--org", org, "--tier", "internal"]
    args += ["--period", "quarter", "--baseline", "12", "--format", "csv"]
    frame = pd.read_csv(io.StringIO(_invoke(args).output))
    assert {"key", "group", "period", "variation_label", "sentence", "options"} <= set(frame.columns)
    assert set(frame["period"]) == {"quarter"}
    charted = frame[frame["n"] >= 12]
    assert all(json.loads(o)["fix_after_n_points"] == 12 for o in charted["options"])


def test_spc_from_draws_every_chart_from_that_month(small_store: Path, org: str) -> None:
    args = ["progress", "spc", "--store", str(small_store), "--org", org, "--tier", "internal", "--format", "csv"]
    everything = pd.read_csv(io.StringIO(_invoke(args).output))
    frame = pd.read_csv(io.StringIO(_invoke([*args, "--from", "2025-01"]).output))
    monthly = frame[frame["period"] == "month"]
    assert set(monthly["first_period"]) == {"2025-01"}
    assert set(frame.loc[frame["period"] == "quarter", "first_period"].dropna()) == {"2025 Q1"}
    # the same series, shorter by the months before January 2025: the snapshots of March to December 2024
    both = everything.merge(frame, on=["key", "group"], how="outer", suffixes=("_all", "_from"))
    assert len(both) == len(everything) == len(frame)
    staff = both[both["key"] == "senior_share"]
    assert (staff["n_all"] - staff["n_from"]).tolist() == [10] * len(staff)
    json_args = [a if a != "csv" else "json" for a in args]
    assert json.loads(_invoke([*json_args, "--from", "2025-01"]).output)["metadata"]["start"] == "2025-01-01"


def test_spc_target_gives_an_assurance_icon(small_store: Path, org: str) -> None:
    args = ["progress", "spc", "--store", str(small_store), "--org", org, "--tier", "internal", "--format", "json"]
    series = json.loads(_invoke([*args, "--target", "senior_share:BME=0.99"]).output)["series"]
    shares = [s for s in series if s["key"] == "senior_share"]
    assert shares[0]["assurance_label"] == "Consistently failing target"  # 99% of 8a+ staff BME: far above
    assert all(s["assurance_label"] is None for s in series if s["key"] != "senior_share")


def test_detect_reproduces_methods_13(worked_store_path: Path) -> None:
    args = ["progress", "detect", "--store", str(worked_store_path), "--tier", "internal"]
    out = _invoke(args).output
    assert "RXX, WRES 2024, INTERNAL" in out
    for value in ("1.28", "1.16", "1.12", "2.69", "1.88", "1.66"):
        assert value in out
    assert "would need to reach about 2.7" in out


def test_detect_includes_the_leading_ratios(small_store: Path, org: str) -> None:
    args = ["progress", "detect", "--store", str(small_store), "--org", org, "--tier", "internal", "--format", "json"]
    rows = json.loads(_invoke(args).output)["detectability"]
    assert [r["indicator"] for r in rows][:3] == ["2", "3", "4"]
    leading = {r["indicator"]: r for r in rows[3:]}
    assert {"L-promotion", "L-leaving"} <= set(leading)
    assert leading["L-leaving"]["sentence"].startswith("With your numbers, the leaving ratio would need to reach about")
    plain = json.loads(_invoke([*args, "--no-leading"]).output)["detectability"]
    assert [r["indicator"] for r in plain] == ["2", "3", "4"]


def test_leading_table_and_csv(small_store: Path, org: str) -> None:
    args = ["progress", "leading", "--store", str(small_store), "--org", org, "--tier", "internal"]
    out = _invoke(args).output
    assert f"Leading indicators, WRES 2026 — {org}, INTERNAL (unsuppressed)" in out
    assert "L-promotion" in out
    assert "no acting-up data recorded" in " ".join(out.split())
    frame = pd.read_csv(io.StringIO(_invoke([*args, "--format", "csv"]).output))
    assert set(frame["indicator"]) == {"L-promotion", "L-leaving", "L-internal", "L-acting-up"}
    public = json.loads(_invoke([*args[:-2], "--format", "json"]).output)
    assert public["metadata"]["tier"] == "public"
    counts = [r[c] for r in public["results"] for c in ("a", "n1", "c", "n2") if r[c] is not None]
    assert all(v == 0 or (v >= 10 and v % 5 == 0) for v in counts)  # rounded to 5, none of 1-7


def test_detect_csv_public(worked_store_path: Path) -> None:
    args = ["progress", "detect", "--store", str(worked_store_path), "--format", "csv"]
    frame = pd.read_csv(io.StringIO(_invoke([*args, "--no-leading"]).output))
    assert list(frame["indicator"]) == [2, 3, 4]
    assert set(frame["tier"]) == {"public"}
    assert {"detectable_1y", "detectable_3y", "detectable_5y", "sentence"} <= set(frame.columns)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["progress", "spc", "--org", "NOPE"], 1, "organisation not in the store: NOPE"),
        (["progress", "spc"], 2, "choose one with --org"),
        (["progress", "spc", "--period", "week"], 2, "--period must be one of month, quarter, not 'week'"),
        (["progress", "spc", "--tier", "secret"], 2, "--tier must be one of public, internal"),
        (["progress", "spc", "--baseline", "5"], 2, "--baseline"),
        (["progress", "spc", "--from", "2024-13"], 2, "--from must be a month written YYYY-MM"),
        (["progress", "spc", "--from", "October"], 2, "--from must be a month written YYYY-MM"),
        (["progress", "detect", "--format", "xml"], 2, "--format must be one of table, csv, json"),
        (["progress", "spc", "--target", "senior_share=high", "--tier", "internal"], 2, "--target must be"),
        (["progress", "detect", "--year", "1999"], 1, "no data for WRES year 1999"),
    ],
)
def test_errors_are_one_line(
    small_store: Path, org: str, args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    full = [*args, "--store", str(small_store)]
    options = ("--period", "--tier", "--baseline", "--from")
    if ("--org" not in args and args[1] == "detect") or any(o in args for o in options):
        full += ["--org", org]
    assert run(full) == code
    err = capsys.readouterr().err
    assert message in " ".join(err.split())
    assert "Traceback" not in err
