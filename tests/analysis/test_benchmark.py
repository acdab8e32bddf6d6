"""Better / Similar / Worse (methods.md §10) on boundary cases, polarity reversal, and against a roll-up."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wres.analysis.benchmark import (
    BETTER,
    HIGHER,
    LOWER,
    NOT_COMPARED,
    POLARITY,
    SIMILAR,
    WORSE,
    compare,
    compare_results,
    polarity_of,
)
from wres.analysis.rollup import national_rollup, rollup
from wres.indicators.counts import COUNT_COLUMNS


def test_interval_touching_the_benchmark_is_similar() -> None:
    got = compare([1.0, 0.8, 1.01, 0.5], [1.2, 1.0, 1.3, 0.99], 1.0, "lower")
    assert got.tolist() == [SIMILAR, SIMILAR, WORSE, BETTER]


def test_polarity_reverses_the_labels() -> None:
    low, high = [1.1, 0.5, 0.9], [1.3, 0.8, 1.1]
    assert compare(low, high, 1.0, "lower").tolist() == [WORSE, BETTER, SIMILAR]
    assert compare(low, high, 1.0, "higher").tolist() == [BETTER, WORSE, SIMILAR]
    assert compare(low, high, 1.0, None).tolist() == [HIGHER, LOWER, SIMILAR]


def test_missing_or_suppressed_is_not_compared() -> None:
    got = compare(
        [np.nan, 1.1, 1.1, 1.1],
        [np.nan, 1.3, 1.3, 1.3],
        [1.0, np.nan, 1.0, 1.0],
        "lower",
        not_compared=[False, False, True, False],
    )
    assert got.tolist() == [NOT_COMPARED, NOT_COMPARED, NOT_COMPARED, WORSE]


def test_indicator9_is_better_only_up_to_parity() -> None:
    # board − workforce points: −10 vs benchmark −5 is worse; +3 vs −5 better; +3 vs +8: both at parity, similar
    got = compare([-10, 3, 3], [-10, 3, 3], [-5, -5, 8], "higher_to_zero")
    assert got.tolist() == [WORSE, BETTER, SIMILAR]


def test_polarity_table() -> None:
    assert {POLARITY[i] for i in ("2", "3", "4", "5", "6", "7", "8")} == {"lower"}
    assert polarity_of("1", "BME") == "higher"
    assert polarity_of("1", "White") is None
    assert polarity_of("9", "BME") == "higher_to_zero"
    assert polarity_of("unknown-measure") is None
    with pytest.raises(ValueError, match="polarity"):
        compare([1], [2], 1, "sideways")  # type: ignore[arg-type]


def _counts() -> pd.DataFrame:
    plan = {  # org: White (shortlisted, appointed), BME (shortlisted, appointed)
        "A1": ((1000, 300), (1000, 150)),  # ratio 2.0: adverse, far from England
        "A2": ((1000, 200), (1000, 200)),  # ratio 1.0
        "B1": ((40, 10), (40, 8)),  # small: wide interval
        "B2": ((1000, 180), (1000, 200)),  # ratio 0.9
    }
    rows = []
    for org, ((ws, wa), (bs, ba)) in plan.items():
        for group, s, a in (("White", ws, wa), ("BME", bs, ba), ("Unknown", 0, 0)):
            for measure, value in (("shortlisted", s), ("appointed", a)):
                rows.append((org, 2025, "2", "all", "all", "overall", "all", "wres", group, measure, float(value)))
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def _headline(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["headline"] & (frame["indicator"] == "2")].set_index("org_code")


def test_compare_results_against_england_and_peer_group() -> None:
    from wres.config import WresConfig
    from wres.indicators.results import results_from_counts

    counts = _counts()
    orgs = results_from_counts(counts, WresConfig())
    england = national_rollup(counts)
    judged = _headline(compare_results(orgs, england.results, name="England"))
    eng = (690 / 3040) / (558 / 3040)  # White 300+200+10+180, BME 150+200+8+200
    assert judged["benchmark_value"].unique() == pytest.approx([eng])
    assert judged.loc["A1", "comparison"] == WORSE
    assert judged.loc["B1", "comparison"] == SIMILAR
    assert judged.loc["A2", "comparison"] == BETTER  # 1.0: its interval lies wholly below England's 1.24
    peers = rollup(counts, {"A1": "P", "A2": "P", "B1": "Q", "B2": "Q"}, level="peer_group")
    by_peer = _headline(compare_results(orgs, peers.results, mapping={"A1": "P", "A2": "P", "B1": "Q", "B2": "Q"}))
    assert by_peer.loc["A2", "benchmark_code"] == "P"
    assert by_peer.loc["A2", "benchmark_value"] == pytest.approx((500 / 2000) / (350 / 2000))
    strong = _headline(compare_results(orgs, england.results, level=0.998))
    assert (strong["comparison_level"] == 0.998).all()


def test_suppressed_rows_are_not_compared() -> None:
    from wres.config import WresConfig
    from wres.indicators.results import results_from_counts

    counts = _counts()
    orgs = results_from_counts(counts, WresConfig())
    orgs["disclosure"] = np.where(orgs["org_code"] == "A1", "suppressed", "shown")
    judged = _headline(compare_results(orgs, national_rollup(counts).results))
    assert judged.loc["A1", "comparison"] == NOT_COMPARED
    assert judged.loc["A2", "comparison"] != NOT_COMPARED
