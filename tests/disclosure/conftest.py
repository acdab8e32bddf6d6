"""Fixtures for the disclosure tests: indicator outputs of small synthetic organisations."""

from __future__ import annotations

from functools import cache

import ibis

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
    return res
