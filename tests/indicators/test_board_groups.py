"""Indicator 9 by 5 and 9 ethnic groups: the workforce side equals indicator 1's overall headcount by group."""

from __future__ import annotations

import ibis
import pytest

from wres.indicators import compute
from wres.indicators.source import Source
from wres.synth import SynthConfig, generate


@pytest.mark.parametrize("by", ["ethnicity5", "ethnicity9"])
def test_board_workforce_by_group_matches_the_workforce(by: str) -> None:
    data = generate(SynthConfig(profile="london", n_orgs=1, size=600, seed=4, first_year=2026, last_year=2026))
    src = Source({name: ibis.memtable(df) for name, df in data.tables().items()}, engine="duckdb")
    counts = compute(src, [2026], by=by).counts
    grouping = {"ethnicity5": "group5", "ethnicity9": "group9"}[by]
    board = counts[
        (counts["indicator"] == "9")
        & (counts["variant"] == "voting")
        & (counts["measure"] == "workforce")
        & (counts["grouping"] == grouping)
    ].set_index("group")["value"]
    staff = counts[
        (counts["indicator"] == "1")
        & (counts["breakdown"] == "overall")
        & (counts["measure"] == "headcount")
        & (counts["grouping"] == grouping)
    ]
    staff = staff.groupby("group")["value"].sum()
    assert len(board) >= 5
    assert board.sort_index().to_dict() == staff[staff.index.isin(board.index)].sort_index().to_dict()
