"""The counts file's optional ``disclosure`` column: a report's internal-tier counts.csv is read, a public-tier one is
refused (docs/counts-format.md, issue 12)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres.disclosure.policy import MARKER
from wres.errors import DataError
from wres.indicators.counts import DISCLOSURE_COLUMN, INTERNAL_DISCLOSURE, PUBLIC_MARKER, read_counts
from wres.reports.figures import UNSUPPRESSED

KEY = {
    "org_code": "RYY",
    "year": "2024",
    "indicator": "2",
    "variant": "all",
    "category": "all",
    "breakdown": "overall",
    "stratum": "all",
    "grouping": "wres",
}


def rows(disclosure: list[str] | None, values: tuple[str, str, str, str] = ("40", "10", "30", "5")) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {**KEY, "group": "White", "measure": "shortlisted", "value": values[0]},
            {**KEY, "group": "White", "measure": "appointed", "value": values[1]},
            {**KEY, "group": "BME", "measure": "shortlisted", "value": values[2]},
            {**KEY, "group": "BME", "measure": "appointed", "value": values[3]},
        ]
    )
    if disclosure is not None:
        frame["disclosure"] = disclosure
    return frame


def test_the_names_are_those_the_report_writes() -> None:
    assert DISCLOSURE_COLUMN == "disclosure"
    assert INTERNAL_DISCLOSURE == UNSUPPRESSED
    assert PUBLIC_MARKER == MARKER


def test_internal_tier_disclosure_column_is_read_and_dropped(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    rows(["unsuppressed"] * 4).to_csv(path, index=False)
    counts = read_counts(path)
    assert "disclosure" not in counts.columns
    assert counts["value"].tolist() == [40.0, 10.0, 30.0, 5.0]


@pytest.mark.parametrize(
    ("disclosure", "values", "row", "shown"),
    [
        (["rounded", "rounded", "rounded", "suppressed"], ("40", "10", "30", "[c]"), 2, "rounded"),
        (["unsuppressed", "unsuppressed", "zero", "unsuppressed"], ("40", "10", "0", "5"), 4, "zero"),
        (None, ("40", "10", "30", "[c]"), 5, "[c]"),  # the marker without the column: still a public file
    ],
)
def test_public_tier_counts_are_refused_with_one_problem(
    tmp_path: Path, disclosure: list[str] | None, values: tuple[str, str, str, str], row: int, shown: str
) -> None:
    path = tmp_path / "counts.csv"
    rows(disclosure, values).to_csv(path, index=False)
    with pytest.raises(DataError) as info:
        read_counts(path)
    assert len(info.value.problems) == 1
    problem = info.value.problems[0]
    assert (problem.row, problem.value) == (row, shown)
    assert "public-tier" in str(info.value)
    assert "internal-tier counts.csv" in str(info.value)
