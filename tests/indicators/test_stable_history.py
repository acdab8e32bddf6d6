"""The "Stable history" rules of wres-domain.md §5.0 (2026-12), against hand counts of ``tests/indicators/history.py``.

* an event's ethnicity (indicators 3 and 4) comes from the 31 March snapshot of the WRES year it is counted in,
  or the latest snapshot before it, never a later one: loading next year's extract changes nothing;
* indicator 4's numerator is people in the 31 March Y headcount (``indicator4.include_leavers`` counts leavers);
* an event table with no records for an activity year an indicator needs gives ``missing_input``, not zero;
* indicator 1 keeps a fixed set of band rows (bands with no staff: ``no_people``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from tests.indicators.history import write_history_folder

from wres.config import WresConfig, config_from_mapping
from wres.errors import WresError
from wres.indicators import compute, compute_from_counts, from_store
from wres.indicators.counts import COUNT_COLUMNS, read_counts, write_counts
from wres.store import Store
from wres.vocab.bands import MEDICAL_SUBGROUPS, NON_MEDICAL_BANDS


def leavers() -> WresConfig:
    """``[indicator4] include_leavers = true``."""
    return config_from_mapping({"indicator4": {"include_leavers": True}})


@pytest.fixture(scope="module")
def history_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("history")
    path = base / "history.duckdb"
    with Store(path) as st:
        st.load_folder(write_history_folder(base / "canonical"))
    return path


@pytest.fixture
def history(history_path: Path) -> Iterator[Store]:
    with Store(history_path, read_only=True) as st:
        yield st


def ratio_row(frame: pd.DataFrame, org: str, year: int, indicator: str, variant: str) -> pd.Series:
    rows = frame[
        (frame.org_code == org)
        & (frame.year == year)
        & (frame.indicator == indicator)
        & (frame.variant == variant)
        & (frame.breakdown == "overall")
        & (frame.grouping == "wres")
    ]
    assert len(rows) == 1
    return rows.iloc[0]


# indicator 4's numerator ----------------------------------------------------------------------------------------


def test_indicator4_counts_only_people_in_the_headcount(history: Store) -> None:
    row = ratio_row(compute(from_store(history), [2024]).frame, "RHS", 2024, "4", "all")
    # W01-W20 White, B01-B05 + J1 + X1 BME in post at 31 March 2024; leavers L1, L3 and bank-only K1 are not
    assert (row.a, row.n1, row.c, row.n2) == (20, 40, 7, 22)
    assert row.a <= row.n1
    assert row.c <= row.n2
    assert row.estimate == pytest.approx((20 / 40) / (7 / 22))
    assert row.reason is None


def test_indicator4_include_leavers_counts_them(history: Store) -> None:
    res = compute(from_store(history), [2024], config=leavers())
    row = ratio_row(res.frame, "RHS", 2024, "4", "all")
    assert (row.a, row.n1, row.c, row.n2) == (21, 40, 8, 22)  # + L1 (White), + L3 (BME)
    assert row.estimate == pytest.approx((21 / 40) / (8 / 22))
    assert res.metadata["config"]["indicator4"] == {"include_leavers": True}
    assert compute(from_store(history), [2024]).metadata["config"]["indicator4"] == {"include_leavers": False}


def test_small_group_with_a_leaver_is_valid_data(history: Store) -> None:
    """RSM: 2 BME staff in post both trained, and a BME leaver trained too."""
    default = ratio_row(compute(from_store(history), [2024]).frame, "RSM", 2024, "4", "all")
    assert (default.a, default.n1, default.c, default.n2) == (3, 10, 2, 2)
    assert default.reason is None
    assert default.estimate == pytest.approx((3 / 10) / (2 / 2))
    counted = ratio_row(compute(from_store(history), [2024], config=leavers()).frame, "RSM", 2024, "4", "all")
    assert (counted.c, counted.n2) == (3, 2)  # more people accessing than in post: not a data error
    assert counted.reason != "invalid_input"
    assert counted.estimate == pytest.approx((3 / 10) / (3 / 2))
    assert counted.rate_b == pytest.approx(1.5)
    assert math.isnan(counted.ci95_low)  # no binomial interval for a rate above 1
    assert "events_exceed_people" in counted["flags"]


def test_include_leavers_from_counts(tmp_path: Path) -> None:
    rows = []
    for group, accessed, headcount in (("White", 3, 10), ("BME", 3, 2)):
        for measure, value in (("accessed", accessed), ("headcount", headcount)):
            rows.append(["RYY", 2024, "4", "all", "all", "overall", "all", "wres", group, measure, value])
    path = tmp_path / "return.csv"
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    default = compute_from_counts(read_counts(path)).headline().set_index("indicator").loc["4"]
    assert default.reason == "invalid_input"
    counted = compute_from_counts(read_counts(path), config=leavers()).headline().set_index("indicator").loc["4"]
    assert counted.reason is None
    assert counted.estimate == pytest.approx(0.2)


def test_include_leavers_in_the_configuration_file() -> None:
    assert WresConfig().indicator4.include_leavers is False
    assert leavers().indicator4.include_leavers is True
    with pytest.raises(WresError, match="true or false"):
        config_from_mapping({"indicator4": {"include_leavers": "yes"}})


# ethnicity of an event ------------------------------------------------------------------------------------------


def test_indicator3_hand_counts(history: Store) -> None:
    frame = compute(from_store(history), [2024]).frame
    single = ratio_row(frame, "RHS", 2024, "3", "single_year")
    # 2023/24 entrants: BME B01-B03 and X1 (BME at 31 March 2024); White W01-W04 and the leaver L1 (White when
    # last in post, 31 March 2023); U01 Unknown
    assert (single.a, single.n1, single.c, single.n2) == (4, 22, 5, 40)
    assert single.estimate == pytest.approx((4 / 22) / (5 / 40))
    rolling = ratio_row(frame, "RHS", 2024, "3", "rolling")
    # 2022/23 entrants, classified at 31 March 2023: BME B04, White W05 and W06 (X1 was then Unknown)
    assert (rolling.a, rolling.n1, rolling.c, rolling.n2) == (4 + 1, 44, 5 + 2, 80)
    assert rolling.estimate == pytest.approx(((4 + 1) / 2 / 22) / ((5 + 2) / 2 / 40))
    assert single.unknown == 5
    assert rolling.unknown == 5


def test_previous_year_entrants_are_that_years_entrants(history: Store) -> None:
    """Indicator 3's Y−1 entrants in WRES year Y are WRES year Y−1's entrants: classified at 31 March Y−1."""
    counts = compute(from_store(history), [2023, 2024]).counts
    i3 = counts[
        (counts.org_code == "RHS")
        & (counts.indicator == "3")
        & (counts.breakdown == "overall")
        & (counts.grouping == "wres")
    ]
    prev_2024 = i3[(i3.year == 2024) & (i3.measure == "entrants_prev")].set_index("group")["value"].to_dict()
    this_2023 = i3[(i3.year == 2023) & (i3.measure == "entrants")].set_index("group")["value"].to_dict()
    assert prev_2024 == this_2023 == {"White": 2, "BME": 1, "Unknown": 1}


def test_loading_a_later_year_changes_nothing(history_path: Path, tmp_path: Path) -> None:
    with Store(history_path, read_only=True) as st:
        before = compute(from_store(st), [2024], by="band")
    with Store(tmp_path / "later.duckdb") as st:
        st.load_folder(write_history_folder(tmp_path / "later", with_2025=True))
        after = compute(from_store(st), [2024], by="band")
        later = compute(from_store(st), [2025]).frame
    pd.testing.assert_frame_equal(before.frame, after.frame)
    pd.testing.assert_frame_equal(before.counts, after.counts)
    # and 2025 itself does see the 2025 snapshot: W01-W03 are BME there (none had a 2024/25 case), L1 came back BME
    row = ratio_row(later, "RHS", 2025, "3", "single_year")
    assert (row.a, row.c) == (2, 1)  # BME: B05 and L1; White: W07


# coverage per activity year -------------------------------------------------------------------------------------


def test_activity_year_without_records_is_missing_input(history: Store) -> None:
    frame = compute(from_store(history), [2023, 2024]).frame
    # RSM has disciplinary records for 2023/24 only: the rolling form lacks 2022/23
    rolling = ratio_row(frame, "RSM", 2024, "3", "rolling")
    assert rolling.status == "not_computed"
    assert rolling.reason == "missing_input"
    assert math.isnan(rolling.a)
    assert math.isnan(rolling.estimate)
    single = ratio_row(frame, "RSM", 2024, "3", "single_year")
    assert (single.a, single.n1, single.c, single.n2) == (1, 2, 1, 10)
    assert single.estimate == pytest.approx(5.0)
    # RHS has no training records in 2022/23: WRES 2023's indicator 4 is missing, not "no events"
    i4 = ratio_row(frame, "RHS", 2023, "4", "all")
    assert (i4.status, i4.reason) == ("not_computed", "missing_input")
    assert (i4.n1, i4.n2) == (41, 21)  # the headcount is still shown
    # RSM has no disciplinary records in 2022/23 at all: WRES 2023's indicator 3 is missing in both forms
    assert ratio_row(frame, "RSM", 2023, "3", "single_year").reason == "missing_input"
    assert ratio_row(frame, "RSM", 2023, "3", "rolling").reason == "missing_input"
    # every breakdown row of a missing year is missing too
    assert (
        frame[(frame.org_code == "RHS") & (frame.year == 2023) & (frame.indicator == "4")].reason == "missing_input"
    ).all()


def test_missing_years_from_a_counts_file(tmp_path: Path) -> None:
    rows = []
    for group, accessed, headcount in (("White", "", 100), ("BME", "", 50)):
        for measure, value in (("accessed", accessed), ("headcount", headcount)):
            rows.append(["RYY", 2024, "4", "all", "all", "overall", "all", "wres", group, measure, value])
    for group, entrants, prev, headcount in (("White", 2, "", 100), ("BME", 2, "", 50)):
        for measure, value in (("entrants", entrants), ("entrants_prev", prev), ("headcount", headcount)):
            rows.append(["RYY", 2024, "3", "all", "all", "overall", "all", "wres", group, measure, value])
    path = tmp_path / "return.csv"
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    frame = compute_from_counts(read_counts(path)).frame
    assert ratio_row(frame, "RYY", 2024, "4", "all").reason == "missing_input"
    assert ratio_row(frame, "RYY", 2024, "3", "rolling").reason == "missing_input"
    assert ratio_row(frame, "RYY", 2024, "3", "single_year").estimate == pytest.approx((2 / 50) / (2 / 100))


@pytest.mark.parametrize("by", [None, "band", "ethnicity9"])
@pytest.mark.parametrize("option", ["default", "leavers"])
def test_records_and_counts_paths_agree(history: Store, tmp_path: Path, by: str | None, option: str) -> None:
    config = leavers() if option == "leavers" else WresConfig()
    records = compute(from_store(history), [2023, 2024], by=by, config=config)
    path = tmp_path / "counts.csv"
    write_counts(records.counts, path)
    again = compute_from_counts(read_counts(path), years=[2023, 2024], config=config)
    pd.testing.assert_frame_equal(records.frame, again.frame)


# indicator 1's fixed rows ---------------------------------------------------------------------------------------

VOCABULARY = {
    "non_clinical": NON_MEDICAL_BANDS,
    "clinical": NON_MEDICAL_BANDS,
    "medical_dental": MEDICAL_SUBGROUPS,
    "all": (*NON_MEDICAL_BANDS, *MEDICAL_SUBGROUPS),
}


def test_bands_with_no_staff_are_rows(history: Store) -> None:
    frame = compute(from_store(history), [2024]).frame
    i1 = frame[(frame.org_code == "RHS") & (frame.indicator == "1") & (frame.grouping == "wres")]
    bands = i1[i1.breakdown == "band"]
    for category, vocabulary in VOCABULARY.items():
        strata = bands[bands.category == category]
        assert set(vocabulary) <= set(strata.stratum), category
        assert len(strata) == 3 * len(set(strata.stratum))  # White, BME and Unknown rows for each band
    empty = bands[(bands.category == "clinical") & (bands.stratum == "8b")]
    assert set(empty.group_a) == {"White", "BME", "Unknown"}
    assert (empty.status == "not_computed").all()
    assert (empty.reason == "no_people").all()
    assert (empty.a == 0).all()
    assert (empty.n1 == 0).all()
    assert empty.estimate.isna().all()
    bme_empty = empty.set_index("group_a").loc["BME"]
    assert bme_empty.rate_b == pytest.approx(22 / 67)  # the overall share is still shown
    # a band with staff: band 5, clinical: White W01-W30, BME B01-B20 and X1, Unknown none
    five = bands[(bands.category == "clinical") & (bands.stratum == "5")].set_index("group_a")
    assert five.loc["BME", "a"] == 21
    assert five.loc["BME", "n1"] == 51
    assert five.loc["BME", "estimate"] == pytest.approx(21 / 51)
    # a category with nobody in it is a row too
    categories = i1[(i1.breakdown == "category") & (i1.group_a == "BME")].set_index("category")
    assert categories.loc["medical_dental", "reason"] == "no_people"
    assert categories.loc["clinical", "n1"] == 67
    clusters = i1[(i1.breakdown == "cluster") & (i1.category == "all") & (i1.group_a == "BME")]
    assert {"1-4", "5-7", "8a-8b", "8c-VSM", "Consultants"} <= set(clusters.stratum)


def test_indicator3_leavers_can_outnumber_a_small_band(tmp_path: Path) -> None:
    """Indicator 3 counts leavers (wres-domain.md §5.3): in a band with 2 BME staff in post at 31 March, 3 BME
    entrants (one has since left) is valid data, not a data error; the binomial intervals do not apply."""
    rows = []
    measures = {"BME": (3, 2, 2), "White": (5, 4, 100)}  # entrants Y, entrants Y−1, headcount 31 March Y
    for group, (entrants, prev, headcount) in measures.items():
        for measure, value in (("entrants", entrants), ("entrants_prev", prev), ("headcount", headcount)):
            rows.append(["RYY", 2024, "3", "all", "all", "band", "5", "wres", group, measure, value])
    path = tmp_path / "return.csv"
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    frame = compute_from_counts(read_counts(path)).frame
    band = frame[(frame["indicator"] == "3") & (frame["stratum"] == "5")].set_index("variant")
    single, rolling = band.loc["single_year"], band.loc["rolling"]
    assert single.reason is None
    assert single.estimate == pytest.approx((3 / 2) / (5 / 100))  # 30.0
    assert rolling.reason is None
    assert rolling.estimate == pytest.approx(((3 + 2) / 2 / 2) / ((5 + 4) / 2 / 100))  # 1.25 / 0.045
    for row in (single, rolling):
        assert math.isnan(row.ci95_low)
        assert "events_exceed_people" in row["flags"]
