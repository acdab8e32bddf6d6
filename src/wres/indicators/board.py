"""Indicator 9: board membership against the overall workforce (wres-domain.md §5.9).

9 ``voting``: BME % of voting board members − BME % of the overall workforce, in percentage points; ``executive``:
the same for executive directors (voting or not). Shares use all people (Unknown in the denominator); the
results layer also outputs the known-only variant. The board is a whole population: no interval.

The return also reports the whole board and its other members, so three more variants are computed the same way
(not headline figures): ``board`` (every member on the register), ``non_voting`` (board − voting) and
``non_executive`` (board − executive: non-executive directors, the chair and any other member who is not an
executive director).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

from wres.config import WresConfig
from wres.indicators.breakdowns import grouping_for
from wres.indicators.calendar import snapshot_date
from wres.indicators.fine import finish
from wres.indicators.headcounts import headcount, staff_counts
from wres.indicators.plan import FamilyPlan, Query, query_name
from wres.indicators.source import Source

COUNTED: Final = ("voting", "executive", "board")
"""The memberships counted from the register (and given in a counts file)."""
DERIVED: Final = {"non_voting": ("board", "voting"), "non_executive": ("board", "executive")}
"""The memberships derived from them, per group, by :func:`wres.indicators.results.board_results`: whole − part."""
VARIANTS: Final = (*COUNTED, *DERIVED)
"""Indicator 9's memberships: the two of the standard (9a, 9b) first, then the whole board and its other members."""


def plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan:
    """Two queries: ``board_members`` and the 31 March staff counts (shared with indicators 1, 3 and 4)."""
    board = src.table("board")
    b = board.filter(board.snapshot_date.isin([snapshot_date(y) for y in years]))
    b = b.mutate(year=b.snapshot_date.year().cast("int64"))
    agg = b.group_by(["org_code", "year", "ethnic_category"]).aggregate(
        voting=b.voting.cast("int64").sum(), executive=b.executive.cast("int64").sum(), board=b.count()
    )
    members = Query(query_name("board_members"), agg)
    # The workforce by ethnic category code when the run groups by 5 or 9 groups (the WRES-only headcount is
    # already collapsed to White / BME / Unknown, which cannot be split again).
    staff = staff_counts(src, years, by if grouping_for(by) != "wres" else None, config)

    def assemble_plan(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        heads = headcount(frames[staff.name])
        wf = heads.groupby(["org_code", "year", "ethnic_category"])["headcount"].sum().reset_index(name="workforce")
        return assemble(frames[members.name], wf)

    return FamilyPlan("board", ("9",), (members, staff), assemble_plan)


def assemble(members: pd.DataFrame, wf: pd.DataFrame) -> pd.DataFrame:
    """Voting and executive members and the whole board, by group, with the workforce headcount by group."""
    # only organisation-years that have a board register
    keys = members[["org_code", "year"]].drop_duplicates()
    wf = wf.merge(keys, on=["org_code", "year"])
    keys3 = ["org_code", "year", "ethnic_category"]
    df = members.merge(wf, on=keys3, how="outer").fillna({"voting": 0, "executive": 0, "board": 0, "workforce": 0})
    df["stratum"] = "all"
    parts = [
        finish(
            df.drop(columns=[v for v in COUNTED if v != variant]).rename(columns={variant: "members"}),
            "9",
            variant,
            "overall",
        )
        for variant in COUNTED
    ]
    return pd.concat(parts, ignore_index=True)
