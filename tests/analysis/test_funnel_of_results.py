"""A funnel from result rows (methods.md §9.6): the right funnel per estimate type, organisations not computed or
suppressed left out, the polarity of §10, and ranks with rank 1 the best."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wres.analysis.funnel import funnel_of_results, funnel_ranks
from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators.counts import COUNT_COLUMNS
from wres.indicators.results import results_from_counts

PLAN = {  # org: White (shortlisted, appointed), BME (shortlisted, appointed)
    "T1": ((2000, 800), (2000, 200)),  # ratio 4: far above the others, worst
    "T2": ((1000, 200), (1000, 190)),
    "T3": ((1200, 240), (900, 160)),
    "T4": ((800, 150), (700, 140)),
    "T5": ((500, 0), (0, 0)),  # no BME shortlisted: not computed
}


def counts() -> pd.DataFrame:
    rows = []
    for org, ((ws, wa), (bs, ba)) in PLAN.items():
        for group, s, a in (("White", ws, wa), ("BME", bs, ba), ("Unknown", 0, 0)):
            for measure, value in (("shortlisted", s), ("appointed", a)):
                rows.append((org, 2025, "2", "all", "all", "overall", "all", "wres", group, measure, float(value)))
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def headline() -> pd.DataFrame:
    results = results_from_counts(counts(), WresConfig())
    return results[results["headline"] & (results["indicator"] == "2")]


def test_ratio_rows_give_the_log_ratio_funnel() -> None:
    f = funnel_of_results(headline(), overdispersion=False)
    assert f.kind == "log_ratio"
    assert f.polarity == "lower"
    assert f.points["unit"].tolist() == ["T1", "T2", "T3", "T4"]  # T5 not computed: left out
    white = 800 + 200 + 240 + 150
    bme = 200 + 190 + 160 + 140
    assert f.centre == pytest.approx((white / 5000) / (bme / 4600))
    assert f.points.set_index("unit").loc["T1", "judgement"] == "worse_998"
    assert math.isclose(f.points.set_index("unit").loc["T1", "value"], 4.0)
    # with four units one extreme unit dominates τ², which then takes it inside the limits
    od = funnel_of_results(headline())
    assert od.overdispersion.tau2 > 0
    assert od.points.set_index("unit").loc["T1", "judgement"] == "within_95"


def test_ranks_put_the_best_first_and_the_worst_last() -> None:
    ranks = funnel_ranks(funnel_of_results(headline(), overdispersion=False)).set_index("unit")
    assert ranks.loc["T1", "rank"] == 4
    assert ranks.loc["T1", "rank_low"] == 4
    assert ranks.loc["T1", "rank_high"] == 4
    assert (ranks.drop("T1")["rank_high"] <= 3).all()


def test_suppressed_rows_are_left_out() -> None:
    rows = headline().assign(disclosure=lambda d: np.where(d["org_code"] == "T2", "suppressed", "shown"))
    assert "T2" not in funnel_of_results(rows).points["unit"].tolist()


def test_share_rows_give_the_proportion_funnel() -> None:
    rows = pd.DataFrame(
        {
            "org_code": ["A", "B", "C"],
            "indicator": "1",
            "estimate_type": "share",
            "group_a": "BME",
            "a": [10.0, 30.0, 20.0],
            "n1": [100.0, 150.0, 120.0],
            "status": "descriptive",
        }
    )
    f = funnel_of_results(rows, centre=0.2, method="phe")
    assert f.kind == "proportion"
    assert f.centre == 0.2
    assert f.polarity == "higher"
    assert f.method == "phe-wilson"


def test_bad_row_sets_are_refused() -> None:
    rows = headline()
    with pytest.raises(WresError, match="more than one row"):
        funnel_of_results(pd.concat([rows, rows]))
    with pytest.raises(WresError, match="no funnel"):
        funnel_of_results(rows.assign(estimate_type="gap_points"))
    with pytest.raises(WresError, match="PHE"):
        funnel_of_results(rows, method="phe")
