"""``wres.analysis.side_by_side`` on hand-made organisations (issue 18): benchmarks pooled over trusts only,
peer groups (type, region, the registry's own), a filter that never moves the benchmarks, roll-ups as pooled sums."""

from __future__ import annotations

import pandas as pd
import pytest

from wres.analysis.side_by_side import proportion_side_by_side

REGISTRY = pd.DataFrame(
    {
        "org_code": ["RAA", "RBB", "RCC", "RDD", "05Q"],
        "org_name": ["A", "B", "C", "D", "A CCG"],
        "trust_type": ["acute", "acute", "mental_health", "acute", "ccg"],
        "region": ["London", "London", "Midlands", "Midlands", None],
        "ics": ["NCL", "NEL", "BSOL", "BSOL", None],
        "peer_group": ["teaching", None, None, "teaching", None],
    }
)
UNITS = pd.DataFrame(
    {
        "org_code": ["RAA", "RBB", "RCC", "RDD", "05Q"],
        "numerator": [100.0, 50.0, 30.0, 200.0, 1.0],
        "denominator": [1000.0, 1000.0, 500.0, 1000.0, 50.0],
    }
)


def run(**kwargs: object) -> pd.DataFrame:
    base: dict[str, object] = {"measure": "m", "year": 2024, "polarity": "lower"}
    return proportion_side_by_side(UNITS, REGISTRY, **{**base, **kwargs})  # type: ignore[arg-type]


def test_england_and_peers_are_pooled_over_trusts() -> None:
    result = run()
    assert result.england == pytest.approx(380 / 3500)  # the CCG is not pooled into England
    orgs = result.organisations.set_index("org_code")
    assert orgs.loc["RAA", "peer_value"] == pytest.approx(350 / 3000)  # three acute trusts pooled
    assert orgs.loc["05Q", "peer"] == "type:ccg"
    assert orgs.loc["05Q", "peer_value"] == pytest.approx(1 / 50)
    assert pd.isna(orgs.loc["05Q", "rank"])
    assert orgs.loc["RBB", "vs_england"] == "Better"  # 5% (Wilson 3.8%–6.5%) below 10.9%
    assert orgs.loc["RDD", "vs_england"] == "Worse"  # 20% (17.6%–22.6%)
    assert set(orgs["ranked"]) == {4}
    assert orgs.loc["RBB", "rank"] == 1  # lowest adverse share is best


def test_peer_by_region_and_own_peer_group() -> None:
    orgs = run(peer="region").organisations.set_index("org_code")
    assert orgs.loc["RCC", "peer"] == "region:Midlands"
    assert orgs.loc["RCC", "peer_value"] == pytest.approx(230 / 1500)
    assert orgs.loc["05Q", "peer"] == "type:ccg"  # a non-trust stays with its type
    own = run(peer="peer_group").organisations.set_index("org_code")
    assert own.loc["RAA", "peer_value"] == pytest.approx(300 / 2000)  # RAA and RDD: "teaching"
    assert own.loc["RBB", "peer"] == "type:acute"  # no peer group of its own: its type


def test_a_region_filter_keeps_national_benchmarks() -> None:
    whole, london = run(), run(region="London")
    assert list(london.organisations["org_code"]) == ["RAA", "RBB"]
    assert london.england == whole.england
    left = london.organisations.set_index("org_code")
    right = whole.organisations.set_index("org_code").loc[["RAA", "RBB"]]
    pd.testing.assert_frame_equal(left, right)
    assert set(london.funnel.points["unit"]) == {"RAA", "RBB"}  # type: ignore[union-attr]
    regions = london.rollups[london.rollups["level"] == "region"]
    assert list(regions["group"]) == ["London"]


def test_rollups_are_pooled_sums() -> None:
    rolls = run().rollups.set_index(["level", "group"])
    assert rolls.loc[("region", "Midlands"), "numerator"] == 230
    assert rolls.loc[("region", "Midlands"), "denominator"] == 1500
    assert rolls.loc[("region", "Midlands"), "value"] == pytest.approx(230 / 1500)
    assert rolls.loc[("type", "acute"), "organisations"] == 3
    assert ("type", "ccg") not in rolls.index
