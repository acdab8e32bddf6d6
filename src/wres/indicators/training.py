"""Indicator 4: relative likelihood of accessing non-mandatory training and CPD (wres-domain.md §5.4).

``L_g`` = distinct people in group g with at least one non-mandatory learning event starting in the activity
year ÷ headcount at 31 March Y. RL4 = L_White ÷ L_BME. Courses count as non-mandatory unless flagged
mandatory or statutory (the flag is set at import from ``training.mandatory_courses``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from wres.config import WresConfig
from wres.indicators.events import people_with_events
from wres.indicators.fine import breakdown_name, finish
from wres.indicators.headcounts import headcount
from wres.indicators.source import Source

KEYS = ["org_code", "year", "stratum", "ethnic_category"]


def fine_counts(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> pd.DataFrame | None:
    if by in ("internal",):
        return None
    learning = src.table("training")
    events = learning.filter(~learning.mandatory)
    accessed = people_with_events(src, events, "start_date", years, by, config).rename(columns={"people": "accessed"})
    heads = headcount(src, years, by, config)
    return assemble(heads, accessed, src.orgs_with_rows("training"), by)


def assemble(heads: pd.DataFrame, accessed: pd.DataFrame, orgs_with_records: set[str], by: str | None) -> pd.DataFrame:
    """Headcount at Y with people accessing non-mandatory learning in the activity year."""
    df = heads.merge(accessed, on=KEYS, how="outer")
    df[["headcount", "accessed"]] = df[["headcount", "accessed"]].fillna(0)
    # an organisation with no training records at all has not supplied the table: not computed (missing_input)
    df = df[df["org_code"].isin(orgs_with_records)]
    return finish(df, "4", "all", breakdown_name(by))
