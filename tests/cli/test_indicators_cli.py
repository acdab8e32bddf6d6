"""``wres indicators`` on the worked-example store: formats, engines, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from wres.cli.main import run


def test_table(worked_store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["indicators", "--store", str(worked_store_path), "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "WRES 2024 — RXX" in out
    assert "1.56" in out  # indicator 2
    assert "1.32 to 1.85" in out
    assert "Adverse (above)" in out  # 1.56 with 95% CI 1.32 to 1.85: outside 0.80–1.25, significant


def test_table_reads_the_configured_range(
    worked_store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``[ranges]`` decides both the status and the range printed (it was "within 0.80–1.25" for any setting)."""
    cfg = tmp_path / "wres.toml"
    cfg.write_text("[ranges]\nlow = 0.5\nhigh = 2.0\n")
    assert run(["indicators", "--store", str(worked_store_path), "--year", "2024", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "Within 0.50–2.00" in out  # indicator 2's 1.56 lies inside 0.50–2.00
    assert "0.80–1.25" not in out


def test_latest_year_is_the_default(worked_store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["indicators", "--store", str(worked_store_path)]) == 0
    assert "WRES 2024" in capsys.readouterr().out


def test_json(worked_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert run(["indicators", "--store", str(worked_store_path), "--format", "json", "--out", str(out)]) == 0
    payload = json.loads(out.read_text())
    assert payload["metadata"]["config"]["indicator3"]["form"] == "rolling"
    assert "statsmodels" in payload["metadata"]["libraries"]
    rows = [r for r in payload["results"] if r["indicator"] == "2" and r["headline"]]
    assert rows[0]["estimate"] == pytest.approx(1.5625)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_files(worked_store_path: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    args = ["indicators", "--store", str(worked_store_path), "--by", "band", "--format", fmt, "--out", str(out)]
    assert run(args) == 0
    frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
    assert {"ci95_low", "ci998_high", "status", "reason", "flags"} <= set(frame.columns)
    assert (frame["breakdown"] == "band").any()


def test_counts_input(worked_store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wres.indicators import compute, from_store
    from wres.indicators.counts import write_counts
    from wres.store import Store

    with Store(worked_store_path, read_only=True) as st:
        counts = compute(from_store(st), [2024]).counts
    path = tmp_path / "counts.csv"
    write_counts(counts, path)
    assert run(["indicators", "--counts", str(path)]) == 0
    assert "1.32 to 1.85" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "oracle"], "--engine must be one of"),
        (["--format", "xml"], "--format must be one of"),
        (["--format", "parquet"], "needs --out"),
        (["--by", "shoe_size"], "unknown breakdown"),
        (["--org", "RQQ"], "not in the store: RQQ"),
    ],
)
def test_errors(worked_store_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert run(["indicators", "--store", str(worked_store_path), *args]) != 0
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_config_file(worked_store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "wres.toml"
    cfg.write_text('[indicator3]\nform = "single_year"\n')
    assert run(["indicators", "--store", str(worked_store_path), "--config", str(cfg)]) == 0
    assert "(single year)" in capsys.readouterr().out
    cfg.write_text('[indicator3]\nform = "triple"\n')
    assert run(["indicators", "--store", str(worked_store_path), "--config", str(cfg)]) == 1
    assert "must be one of 'rolling', 'single_year'" in capsys.readouterr().err
