"""Roll-ups (methods.md §2.7): pooled counts give the same result rows as counting the union of the records
directly, and the pooled ratio is not the mean of the organisations' ratios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wres.analysis.rollup import national_rollup, pool_counts, rollup
from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators.counts import COUNT_COLUMNS
from wres.indicators.results import results_from_counts

REGION = {"R1A": "London", "R1B": "London", "R2A": "Midlands", "R2B": "Midlands", "R2C": "Midlands"}


def records() -> pd.DataFrame:
    """Shortlisted applicants by hand: organisation, ethnic group, appointed (0/1); five trusts, two regions."""
    rows = []
    plan = {  # org: {group: (shortlisted, appointed)}
        "R1A": {"White": (300, 90), "BME": (200, 30), "Unknown": (10, 2)},
        "R1B": {"White": (20, 10), "BME": (80, 8), "Unknown": (0, 0)},
        "R2A": {"White": (500, 100), "BME": (100, 25), "Unknown": (5, 1)},
        "R2B": {"White": (60, 6), "BME": (40, 4), "Unknown": (2, 0)},
        "R2C": {"White": (10, 5), "BME": (200, 20), "Unknown": (1, 1)},
    }
    person = 0
    for org, groups in plan.items():
        for group, (shortlisted, appointed) in groups.items():
            for i in range(shortlisted):
                person += 1
                rows.append((person, org, group, int(i < appointed)))
    return pd.DataFrame(rows, columns=["person", "org", "group", "appointed"])


def count(recs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Indicator 2's long counts per value of ``by`` (the counts-file shape), counted from the records."""
    out = []
    for (unit, group), part in recs.groupby([by, "group"]):
        for measure, value in (("shortlisted", len(part)), ("appointed", int(part["appointed"].sum()))):
            out.append((unit, 2025, "2", "all", "all", "overall", "all", "wres", group, measure, float(value)))
    return pd.DataFrame(out, columns=COUNT_COLUMNS)


def headline(results: pd.DataFrame) -> pd.DataFrame:
    rows = results[(results["indicator"] == "2") & results["headline"]]
    return rows.set_index("org_code").sort_index()


def test_rollup_equals_counting_the_union_of_records() -> None:
    recs = records()
    per_org = count(recs, "org")
    rolled = rollup(per_org, REGION, level="region")
    direct = results_from_counts(count(recs.assign(region=recs["org"].map(REGION)), "region"), WresConfig())
    got, want = headline(rolled.results), headline(direct)
    assert list(got.index) == ["London", "Midlands"]
    for column in ("a", "n1", "c", "n2", "estimate", "ci95_low", "ci95_high", "ci998_low", "ci998_high", "status"):
        assert got[column].tolist() == want[column].tolist(), column
    # hand: London White 100/320 ÷ BME 38/280
    assert got.loc["London", "estimate"] == pytest.approx((100 / 320) / (38 / 280))
    assert rolled.coverage.set_index("org_code").loc["Midlands", "organisations"] == 3


def test_pooled_ratio_is_not_the_mean_of_ratios() -> None:
    per_org = count(records(), "org")
    orgs = headline(results_from_counts(per_org, WresConfig()))
    midlands = orgs.loc[["R2A", "R2B", "R2C"], "estimate"]
    pooled = headline(rollup(per_org, REGION).results).loc["Midlands", "estimate"]
    assert pooled == pytest.approx((111 / 570) / (49 / 340))
    # R2C's tiny White group (5 of 10 appointed) pulls the mean of ratios far from the pooled figure
    assert midlands.mean() == pytest.approx(np.mean([(100 / 500) / (25 / 100), 1.0, 0.5 / 0.1]))
    assert abs(midlands.mean() - pooled) > 0.5


def test_national_rollup_pools_every_organisation() -> None:
    per_org = count(records(), "org")
    row = headline(national_rollup(per_org).results).loc["ENG"]
    assert (row["a"], row["n1"], row["c"], row["n2"]) == (211, 890, 87, 620)


def test_organisation_with_a_missing_value_is_left_out_of_that_key() -> None:
    per_org = count(records(), "org")
    hole = (per_org["org_code"] == "R1B") & (per_org["group"] == "BME") & (per_org["measure"] == "appointed")
    per_org.loc[hole, "value"] = np.nan
    rolled = rollup(per_org, REGION)
    london = headline(rolled.results).loc["London"]
    # R1B left out whole (its White counts too): London is R1A alone, 90/300 ÷ 30/200
    assert (london["a"], london["n1"], london["c"], london["n2"]) == (90, 300, 30, 200)
    cover = rolled.coverage.set_index("org_code")
    assert cover.loc["London", "organisations"] == 1
    assert cover.loc["London", "excluded"] == "R1B"
    assert cover.loc["Midlands", "excluded"] == ""


def test_missing_value_propagates_when_asked() -> None:
    per_org = count(records(), "org")
    hole = (per_org["org_code"] == "R1B") & (per_org["group"] == "BME") & (per_org["measure"] == "appointed")
    per_org.loc[hole, "value"] = np.nan
    pooled, _ = pool_counts(per_org, REGION, missing="propagate")
    london = pooled[(pooled["org_code"] == "London") & (pooled["group"] == "BME")].set_index("measure")["value"]
    assert np.isnan(london["appointed"])
    assert london["shortlisted"] == 280
    assert headline(rollup(per_org, REGION, missing="propagate").results).loc["London", "reason"] == "missing_input"


def test_no_complete_organisation_leaves_the_group_missing() -> None:
    per_org = count(records(), "org")
    per_org.loc[per_org["org_code"].isin(["R1A", "R1B"]) & (per_org["measure"] == "appointed"), "value"] = np.nan
    assert headline(rollup(per_org, REGION).results).loc["London", "reason"] == "missing_input"


def test_unmapped_organisation_is_named() -> None:
    per_org = count(records(), "org")
    with pytest.raises(WresError, match="R2C"):
        rollup(per_org, {k: v for k, v in REGION.items() if k != "R2C"})
    dropped = rollup(per_org, {k: v for k, v in REGION.items() if k != "R2C"}, unmapped="drop")
    assert headline(dropped.results).loc["Midlands", "n1"] == 560
