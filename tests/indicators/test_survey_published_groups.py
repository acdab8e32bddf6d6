"""Published survey summaries by disaggregated ethnic group (wres-domain.md §5.5–5.8 "Breakdowns"): each group is
compared with White, in the 5-group or the 9-group as the published names say (a 9-group-only name, such as White
British or Chinese, makes the organisation-year's table a 9-group one; "Other" then excludes Chinese)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from tests.indicators.survey_records import SurveyFolder

from wres.indicators import compute, from_store
from wres.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    data = SurveyFolder()
    # RFIVE: a 5-group table for indicator 8, survey 2023 (WRES 2024): White 6.0% of 2,000 → 120; Asian 13.0% of 400
    # → 52; Black 20.0% of 150 → 30.
    data.publish(
        "RFIVE", 2023, 8, {"White": (6.0, 2000), "Asian": (13.0, 400), "Black": (20.0, 150), "BME": (14.9, 550)}
    )
    # RNINE: a 9-group table: White British 5.0% of 1,000 → 50, White Other 7.0% of 1,000 → 70 (White 120 of 2,000);
    # Chinese 10.0% of 100 → 10; Other 12.0% of 50 → 6.
    data.publish(
        "RNINE",
        2023,
        8,
        {"White British": (5.0, 1000), "White Other": (7.0, 1000), "Chinese": (10.0, 100), "Other": (12.0, 50)},
    )
    folder = data.write(tmp_path_factory.mktemp("published") / "canonical")
    path = folder.parent / "published.duckdb"
    with Store(path) as st:
        st.load_folder(folder)
    with Store(path, read_only=True) as st:
        yield st


def rows(store: Store, org: str, grouping: str) -> pd.DataFrame:
    frame = compute(from_store(store), [2024], orgs=[org]).frame
    sel = frame[(frame.indicator == "8") & (frame.grouping == grouping)]
    return sel.set_index("group_a")


def test_five_groups_are_each_compared_with_white(store: Store) -> None:
    five = rows(store, "RFIVE", "group5")
    asian, black = five.loc["Asian"], five.loc["Black"]
    assert (asian.a, asian.n1, asian.c, asian.n2) == (52, 400, 120, 2000)
    assert asian.estimate == pytest.approx(100 * (52 / 400 - 120 / 2000))  # +7.0 points
    assert (black.a, black.n1, black.c, black.n2) == (30, 150, 120, 2000)
    assert black.estimate == pytest.approx(100 * (30 / 150 - 120 / 2000))  # +14.0 points
    for row in (asian, black):
        assert row.status == "bme_worse_evidence"
        assert "reconstructed" in row["flags"].split(",")
    headline = rows(store, "RFIVE", "wres").loc["BME"]
    assert (headline.a, headline.n1, headline.c, headline.n2) == (82, 550, 120, 2000)  # 14.9% of 550 = 81.95 → 82


def test_nine_groups_are_compared_with_all_white(store: Store) -> None:
    nine = rows(store, "RNINE", "group9")
    chinese, other = nine.loc["Chinese"], nine.loc["Other"]
    assert (chinese.a, chinese.n1, chinese.c, chinese.n2) == (10, 100, 120, 2000)
    assert chinese.estimate == pytest.approx(100 * (10 / 100 - 120 / 2000))  # +4.0 points
    assert (other.a, other.n1, other.c, other.n2) == (6, 50, 120, 2000)
    assert rows(store, "RNINE", "group5").empty  # "Other" here is the 9-group's Other, not the 5-group's
