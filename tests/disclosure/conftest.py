"""Fixtures for the disclosure tests: indicator outputs of small synthetic organisations."""

from __future__ import annotations

from functools import cache

import ibis
import pandas as pd

from wres.indicators import IndicatorResults, compute
from wres.indicators.source import Source
from wres.synth import SynthConfig, generate


def synthetic(
    seed: int, n_orgs: int = 2, size: int = 400, years: tuple[int, ...] = (2026,), by: str | None = None
) -> IndicatorResults:
    """The nine indicators of ``n_orgs`` small synthetic organisations, computed through the real code (once
    per process for each set of arguments).

    The canonical tables are read as in-memory Ibis tables on DuckDB (the store path gives the same results),
    so these tests do not depend on the store.
    """
    return _synthetic(seed, n_orgs, size, tuple(years), by)


@cache
def _synthetic(seed: int, n_orgs: int, size: int, years: tuple[int, ...], by: str | None) -> IndicatorResults:
    data = generate(SynthConfig(profile="london", n_orgs=n_orgs, size=size, seed=seed, first_year=2025, last_year=2026))
    src = Source({name: ibis.memtable(df) for name, df in data.tables().items()}, engine="duckdb")
    res = compute(src, list(years), by=by)
    if by in ("ethnicity5", "ethnicity9"):
        # indicator 9's 5- and 9-group workforce counts were wrong upstream (headcounts already rolled up to WRES
        # groups were looked up again in the 5/9-group table; being fixed in indicators/board.py): leave those
        # rows out so that these tests do not depend on the fix
        def keep(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[~((frame["indicator"] == "9") & (frame["grouping"] != "wres"))].reset_index(drop=True)

        res = IndicatorResults(keep(res.frame), keep(res.counts), res.metadata)
    return res
