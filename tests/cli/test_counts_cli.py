"""``wres indicators --counts``: hand-written return counts through the command line (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres.cli.main import run
from wres.indicators.counts import COUNT_COLUMNS


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
    assert "outside range" in line
