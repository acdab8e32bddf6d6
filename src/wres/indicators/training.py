"""Indicator 4: relative likelihood of accessing non-mandatory training and CPD (wres-domain.md §5.4).

``L_g`` = distinct people in group g **in the 31 March Y headcount** with at least one non-mandatory learning
event starting in the activity year ÷ headcount at 31 March Y; RL4 = L_White ÷ L_BME. The numerator is a subset of
the denominator and both classify a person by the same 31 March Y snapshot (§5.0 "Stable history"): people who
left during the year are not counted unless ``indicator4.include_leavers`` is set (then a leaver is classified by
their latest snapshot before 31 March Y, and more people accessing than in post is not a data error; see
:func:`wres.indicators.results.ratio_results`). Courses count as non-mandatory unless flagged mandatory or
statutory (the flag is set at import from ``training.mandatory_courses``).

``accessed`` is missing (NaN, so ``missing_input``), never zero, for an organisation-year whose activity year
holds no learning record at all, mandatory or not (§5.0 "Coverage per activity year").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
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
    in_post_only = not config.indicator4.include_leavers
    accessed = people_with_events(src, events, "start_date", years, by, config, in_post_only=in_post_only)
    heads = headcount(src, years, by, config)
    return assemble(
        heads, accessed.rename(columns={"people": "accessed"}), src.activity_years("training", "start_date"), by
    )


def assemble(
    heads: pd.DataFrame, accessed: pd.DataFrame, covered: set[tuple[str, int]], by: str | None
) -> pd.DataFrame:
    """Headcount at Y with people accessing non-mandatory learning in the activity year; ``covered``: (org, year)
    pairs whose activity year holds at least one learning record."""
    df = heads.merge(accessed, on=KEYS, how="outer")
    df[["headcount", "accessed"]] = df[["headcount", "accessed"]].fillna(0)
    ok = np.array([(o, y) in covered for o, y in zip(df["org_code"], df["year"], strict=True)], dtype=bool)
    df.loc[~ok, "accessed"] = np.nan
    return finish(df, "4", "all", breakdown_name(by))
