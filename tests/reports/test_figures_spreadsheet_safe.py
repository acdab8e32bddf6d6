"""The report's CSV of every figure is safe to open in a spreadsheet (issue 12): text that a spreadsheet would run
as a formula is written with a leading ``'``; numbers, negative ones included, are written as numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.reports.test_workbook import ORG_YEAR, trust_outputs

from wres.reports.figures import write_figures_csv

FORMULAS = ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)")


def test_text_cells_starting_a_formula_are_prefixed(tmp_path: Path) -> None:
    outputs = trust_outputs()
    results = outputs.internal.frame.copy()
    counts = outputs.internal.counts.copy()
    mine = results.index[results["org_code"] == outputs.org][: len(FORMULAS)]
    results.loc[mine, "reason"] = list(FORMULAS)
    counted = counts.index[counts["org_code"] == outputs.org][: len(FORMULAS)]
    counts.loc[counted, "stratum"] = list(FORMULAS)
    results_path, counts_path, _ = write_figures_csv(
        results,
        counts,
        tmp_path,
        org_code=outputs.org,
        year=ORG_YEAR,
        tier="internal",
        metadata=outputs.internal.metadata,
    )
    written = pd.read_csv(results_path, dtype=str, keep_default_na=False)
    assert written["reason"].head(len(FORMULAS)).tolist() == ["'" + f for f in FORMULAS]
    written_counts = pd.read_csv(counts_path, dtype=str, keep_default_na=False)
    assert written_counts["stratum"].head(len(FORMULAS)).tolist() == ["'" + f for f in FORMULAS]
    negative = results.loc[results["org_code"] == outputs.org, "estimate"].reset_index(drop=True) < 0
    assert negative.any(), "the trust has a negative figure (a survey gap)"
    estimates = written["estimate"][negative]
    assert [float(x) for x in estimates] == pytest.approx(
        results.loc[results["org_code"] == outputs.org, "estimate"].reset_index(drop=True)[negative].tolist()
    )
