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

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.events import activity_years, people_with_events
from wres.indicators.fine import breakdown_name, finish
from wres.indicators.headcounts import headcount, staff_counts
from wres.indicators.plan import FamilyPlan, Query, org_years, query_name
from wres.indicators.source import Source
from wres.store.derived import TRAINING_IN_POST, TRAINING_PEOPLE

KEYS = ["org_code", "year", "stratum", "ethnic_category"]


def plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan | None:
    """Three queries: ``training_accessed[by=...]`` (people accessing non-mandatory learning), the 31 March staff
    counts (shared with indicators 1, 3 and 9) and the training table's activity years; None for a breakdown that
    does not apply."""
    if by in ("internal",):
        return None
    learning = src.table("training")
    events = learning.filter(~learning.mandatory)
    in_post_only = not config.indicator4.include_leavers
    accessed = Query(
        query_name("training_accessed", by),
        people_with_events(
            src,
            events,
            "start_date",
            years,
            by,
            config,
            in_post_only=in_post_only,
            person_years=src.derived.get(TRAINING_PEOPLE),
            in_post_rows=src.derived.get(TRAINING_IN_POST),
        ),
    )
    staff = staff_counts(src, years, by, config)
    coverage = activity_years(src, "training", "start_date")

    def assemble_plan(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        people = frames[accessed.name].rename(columns={"people": "accessed"})
        return assemble(headcount(frames[staff.name]), people, org_years(frames[coverage.name]), by)

    return FamilyPlan("training", ("4",), (accessed, staff, coverage), assemble_plan)


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
