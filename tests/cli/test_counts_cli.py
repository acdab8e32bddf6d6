"""``wres indicators --counts``: hand-written return counts and a report's own counts.csv through the command line
(issue 12)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres.cli.main import run
from wres.indicators.counts import COUNT_COLUMNS
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical


def training_counts(path: Path, white: tuple[int, int], bme: tuple[int, int]) -> Path:
    rows = []
    for group, (accessed, headcount) in (("White", white), ("BME", bme), ("Unknown", (0, 0))):
        key = ["RYY", 2024, "4", "all", "all", "overall", "all", "wres", group]
        rows += [[*key, "accessed", accessed], [*key, "headcount", headcount]]
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    return path


def test_table_shows_the_ratio_as_the_range_test_rounds_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (251/400) ÷ (1/2) = 1.255 exactly: 1.26 and outside the range (wres-domain.md §6.1), not 1.25.
    path = training_counts(tmp_path / "return.csv", (251, 400), (1, 2))
    assert run(["indicators", "--counts", str(path), "--year", "2024"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "training" in x)
    assert "1.26" in line
    assert "1.25" not in line
    assert "(above)" in line  # above the range: the status tag of a ratio outside it (wres.analysis.wording)
    assert "Within" not in line


# ---------------------------------------------------------------------------------------------------------
# The report's own counts.csv read back by `wres indicators --counts` (docs/counts-format.md)


@pytest.fixture(scope="module")
def report_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`wres report` for both tiers (no PDF) on a small synthetic trust: each tier's figures folder."""
    root = tmp_path_factory.mktemp("report-counts")
    data = generate(SynthConfig(profile="london", n_orgs=1, size=400, seed=5, first_year=2024, last_year=2025))
    store = root / "wres.duckdb"
    with Store(store) as st:
        st.load_folder(write_canonical(data, root / "canonical", fmt="parquet"))
    out = root / "reports"
    args = ["report", "--store", str(store), "--year", "2025", "--tier", "internal", "--tier", "public"]
    assert run([*args, "--no-pdf", "--out", str(out)]) == 0
    return {tier: next(out.glob(f"wres-figures-2025-*-{tier}")) for tier in ("internal", "public")}


def test_internal_report_counts_give_the_reports_results(report_folders: dict[str, Path], tmp_path: Path) -> None:
    folder = report_folders["internal"]
    out = tmp_path / "again.csv"
    assert run(["indicators", "--counts", str(folder / "counts.csv"), "--format", "csv", "--out", str(out)]) == 0
    published = pd.read_csv(folder / "results.csv", dtype=str, keep_default_na=False).drop(columns="disclosure")
    again = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(again.columns) == list(published.columns)
    assert len(again) == len(published) > 100
    assert set(published["year"]) == {"2024", "2025"}
    key = ["org_code", "year", "indicator", "variant", "category", "breakdown", "stratum", "grouping"]
    key += ["group_a", "group_b"]
    published, again = (f.sort_values(key, kind="stable").reset_index(drop=True) for f in (published, again))
    for column in published.columns:
        left, right = published[column], again[column]
        numbers = pd.to_numeric(left, errors="coerce").astype(float)
        if numbers.notna().any() and column not in ("year", "indicator"):
            assert numbers.equals(pd.to_numeric(right, errors="coerce").astype(float)), column  # the same doubles
        else:
            assert left.tolist() == right.tolist(), column


def test_public_report_counts_are_refused_with_one_line(
    report_folders: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = report_folders["public"] / "counts.csv"
    assert run(["indicators", "--counts", str(path)]) != 0
    err = capsys.readouterr().err
    assert "public-tier" in err
    assert "internal-tier counts.csv" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
