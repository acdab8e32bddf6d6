"""Indicator 3: relative likelihood of entering the formal disciplinary process (wres-domain.md §5.3).

Entrants are distinct people entering at least one formal disciplinary investigation in the activity year
(leavers included, bank-only excluded); the denominator is headcount at 31 March Y. RL3 = L_BME ÷ L_White.
The counts carry both years (``entrants`` for Y, ``entrants_prev`` for Y−1) so that the two-year rolling form
(default) and the single-year form are both computed from them. ``entrants_prev`` is missing where the
organisation has no 31 March Y−1 snapshot (the rolling form is then not computed: ``missing_input``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.events import people_with_events
from wres.indicators.fine import breakdown_name, finish
from wres.indicators.headcounts import headcount, snapshot_years
from wres.indicators.source import Source

KEYS = ["org_code", "year", "stratum", "ethnic_category"]


def fine_counts(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> pd.DataFrame | None:
    if by in ("internal",):
        return None
    wanted = sorted(set(years) | {y - 1 for y in years})
    entrants = people_with_events(src, src.table("disciplinary"), "investigation_start", wanted, by, config)
    heads = headcount(src, years, by, config)
    have_prev = snapshot_years(src, [y - 1 for y in years], config)
    return assemble(heads, entrants, have_prev, years, src.orgs_with_rows("disciplinary"), by)


def assemble(
    heads: pd.DataFrame,
    entrants: pd.DataFrame,
    have_prev: set[tuple[str, int]],
    years: Sequence[int],
    orgs_with_cases: set[str],
    by: str | None,
) -> pd.DataFrame:
    """Headcount at Y with entrants in Y and Y−1 (``entrants`` has a ``people`` column per event year)."""
    current = entrants.rename(columns={"people": "entrants"})
    previous = entrants.assign(year=entrants["year"] + 1).rename(columns={"people": "entrants_prev"})
    df = heads.merge(current, on=KEYS, how="outer").merge(previous, on=KEYS, how="outer")
    df = df[df["year"].isin(list(years))]
    df[["headcount", "entrants", "entrants_prev"]] = df[["headcount", "entrants", "entrants_prev"]].fillna(0)
    prev_ok = [(o, y - 1) in have_prev for o, y in zip(df["org_code"], df["year"], strict=True)]
    df.loc[~np.array(prev_ok, dtype=bool), "entrants_prev"] = np.nan
    # an organisation with no disciplinary records at all has not supplied the table: not computed (missing_input)
    df = df[df["org_code"].isin(orgs_with_cases)]
    return finish(df, "3", "all", breakdown_name(by))
