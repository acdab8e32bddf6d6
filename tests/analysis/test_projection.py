"""The pipeline projection (methods.md §12): estimation on snapshots generated from a KNOWN chain
(tests.analysis.projection_synth), the scenarios' rows by hand, the parity year and its wording, the public tier."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.analysis.projection_synth import BANDS, HIRES, ORG, TRUE, generate, write_folder

from wres.analysis.projection import Scenario, parse_scenario, project_model, public_view, summarise
from wres.analysis.projection.estimate import FlowModel, from_counts, reclassification_table, transition_table
from wres.analysis.projection.parity import Parity
from wres.analysis.projection.run import STARTING_SHARE_WITHHELD, _sentence
from wres.analysis.projection.scenarios import appointment_mix, equal_leaving, equal_promotion, hiring_mix
from wres.config import DEFAULT_CONFIG, config_from_mapping
from wres.errors import UsageError, WresError
from wres.indicators import from_store
from wres.indicators.flows import flow_counts
from wres.store import Store


def _store(base: Path, staff: pd.DataFrame) -> Iterator[Store]:
    folder = write_folder(base / "canonical", staff)
    with Store(base / "p.duckdb") as st:
        st.load_folder(folder)
        yield st


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlowModel]:
    base = tmp_path_factory.mktemp("known")
    for st in _store(base, generate(seed=7, reclassify=0.25)):
        yield from_counts(flow_counts(from_store(st), ORG, DEFAULT_CONFIG))


def test_known_rates_recovered_within_their_intervals(known: FlowModel) -> None:
    table = transition_table(known)
    wide = transition_table(known, level=0.999)
    states = (*BANDS, "left")
    inside, total = 0, 0
    for row, row_wide in zip(table.itertuples(), wide.itertuples(), strict=True):
        truth = TRUE[str(row.group)][BANDS.index(str(row.band)), states.index(str(row.to))]
        if row.group == "Unknown":
            continue  # the Unknown rows are small and shaped by reclassification
        total += 1
        inside += bool(row.low <= truth <= row.high)
        assert row_wide.low <= truth <= row_wide.high, row
    # 22 rates, each inside its 95% interval with probability 0.95: at least 18 (P(fewer) < 0.2%)
    assert total == 22
    assert inside >= 18
    # the structural zeros (band 5 -> 7 and the like) are off the support: nobody made them
    assert not ((table["band"] == "5") & (table["to"] == "7")).any()


def test_hires_are_the_known_yearly_numbers(known: FlowModel) -> None:
    for g, group in enumerate(known.groups):
        assert (known.hires[g] / known.n_years).tolist() == [float(h) for h in HIRES[group]]


def test_reclassification_rate_recovered(known: FlowModel) -> None:
    table = reclassification_table(known)
    assert set(table["from_group"]) == {"Unknown"}
    assert set(table["to_group"]) == {"BME"}
    # true chance, band by band: 0.25 of the Unknown people who stay (the base counts the leavers too)
    base = table.set_index("band")["base"]
    chance = {b: 0.25 * (1 - TRUE["Unknown"][BANDS.index(b), -1]) for b in base.index}
    expected = sum(base[b] * chance[b] for b in base.index)
    sd = np.sqrt(sum(base[b] * chance[b] * (1 - chance[b]) for b in base.index))
    assert abs(table["people"].sum() - expected) < 3.5 * sd


def test_people_are_conserved(tmp_path: Path) -> None:
    """Stock at Y = stock at Y−1 − leavers + hires, and every Y−1 person is in exactly one move (an accounting
    identity the counts must satisfy, checked against the raw rows)."""
    staff = generate(seed=3, scale=0.2, reclassify=0.3)
    sizes = staff.groupby("snapshot_date").size()
    for st in _store(tmp_path, staff):
        counts = flow_counts(from_store(st), ORG, DEFAULT_CONFIG)
    for year in counts.years:
        m = counts.moves[counts.moves["year"] == year]
        assert m["people"].sum() == sizes[f"{year - 1}-03-31"]
        stayed = m.loc[m["to"] != "left", "people"].sum()
        hired = counts.hires.loc[counts.hires["year"] == year, "people"].sum()
        assert stayed + hired == sizes[f"{year}-03-31"]


# ------------------------------------------------------------------------------------------ scenarios by hand


def hand_model(stock: np.ndarray | None = None, shortlisted: np.ndarray | None = None) -> FlowModel:
    """Two bands (6 < 7), White / BME / Unknown, counts chosen so the rows are round numbers."""
    moves = np.array(
        [
            [[70, 20, 10], [0, 90, 10]],  # White: 6 -> 6, 7, left; 7 -> 6, 7, left
            [[80, 5, 15], [0, 85, 15]],  # BME
            [[0, 0, 0], [0, 0, 0]],
        ]
    )
    reclass = np.zeros((3, 2, 3), dtype=np.int64)
    for g in range(3):
        reclass[g, :, g] = moves[g].sum(axis=1)
    return FlowModel(
        org_code="X",
        groups=("White", "BME", "Unknown"),
        bands=("6", "7"),
        years=(2023, 2024, 2025),
        latest_year=2025,
        moves=moves,
        reclass=reclass,
        hires=np.array([[30, 6], [30, 0], [0, 0]]),
        stock=np.array([[100, 100], [100, 10], [0, 0]]) if stock is None else stock,
        shortlisted=np.zeros((3, 2), dtype=np.int64) if shortlisted is None else shortlisted,
    )


def rows(model: FlowModel) -> np.ndarray:
    base = model.moves.sum(axis=2, keepdims=True)
    return np.where(base > 0, model.moves / np.where(base > 0, base, 1), 0.0)


def test_equal_promotion_row_by_hand() -> None:
    m = hand_model()
    p = equal_promotion(m, rows(m))
    # BME band 6: promotion to 7 takes White's 0.20, leaving stays 0.15, staying fills the rest 0.65
    assert p[1, 0].tolist() == pytest.approx([0.65, 0.20, 0.15])
    assert p[1, 1].tolist() == pytest.approx([0.0, 0.85, 0.15])  # top band: no promotion to equalise
    np.testing.assert_allclose(p[0], rows(m)[0])  # White unchanged


def test_no_white_row_to_copy_leaves_the_bme_row() -> None:
    m = hand_model()
    moves = m.moves.copy()
    moves[0, 1] = 0  # nobody White in band 7: no White rate to copy there
    m = FlowModel(**{**m.__dict__, "moves": moves})
    p = rows(m)
    for changed in (equal_promotion(m, p), equal_leaving(m, p)):
        np.testing.assert_allclose(changed[1, 1], p[1, 1])
        assert not np.allclose(changed[1, 0], p[1, 0])


def test_equal_leaving_row_by_hand() -> None:
    m = hand_model()
    p = equal_leaving(m, rows(m))
    # BME band 6: leaving 0.10 (White's); in post 0.80 and 0.05 scaled by 0.90 / 0.85
    assert p[1, 0].tolist() == pytest.approx([0.80 * 0.9 / 0.85, 0.05 * 0.9 / 0.85, 0.10])


def test_appointment_and_hiring_mix_by_hand() -> None:
    m = hand_model()
    q = np.array([[0.5, 0.3, 0.2]])  # White, BME, Unknown
    shortlisted = np.array([[60.0, 40.0, 0.0]])
    # equal appointment: the 0.8 stated split as the shortlisted (60:40); Unknown kept
    np.testing.assert_allclose(appointment_mix(m, q, shortlisted), [[0.48, 0.32, 0.2]])
    # 40% BME: White and Unknown share the other 60% in their 5:2 ratio
    np.testing.assert_allclose(hiring_mix(m, q, 0.4), [[0.6 * 5 / 7, 0.4, 0.6 * 2 / 7]])


@pytest.mark.parametrize(
    ("text", "scenario"),
    [
        ("equal-promotion", Scenario("equal-promotion")),
        ("hiring-mix=0.4", Scenario("hiring-mix", 0.4)),
        ("Equal-Leaving@2027", Scenario("equal-leaving", None, 2027)),
    ],
)
def test_parse_scenario(text: str, scenario: Scenario) -> None:
    assert parse_scenario(text) == scenario


@pytest.mark.parametrize("text", ["fair", "hiring-mix", "hiring-mix=1.5", "equal-promotion=0.3"])
def test_parse_scenario_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="--scenario"):
        parse_scenario(text)


# ------------------------------------------------------------------------------------------------ parity


def test_parity_year_by_hand() -> None:
    # five runs, years 2025-2028: first year at or above 0.2 is 2026, 2027, 2027, 2028 and never
    shares = np.array(
        [
            [0.1, 0.2, 0.3, 0.3],
            [0.1, 0.15, 0.21, 0.19],
            [0.1, 0.1, 0.2, 0.2],
            [0.1, 0.1, 0.1, 0.25],
            [0.1, 0.1, 0.1, 0.1],
        ]
    )
    p = summarise(shares, 0.2, 2025, 2027)
    assert (p.median, p.low, p.high) == (2027, 2026, None)
    assert p.p_by_target == pytest.approx(3 / 5)
    assert p.text() == "2027 (95% interval 2026 to later than 2028)"
    assert np.isnan(summarise(shares, 0.2, 2025, 2024).p_by_target)  # a target before the snapshot: no chance
    never = summarise(shares[4:], 0.2, 2025, 2027)
    assert never.median is None
    assert never.text() == "not within 3 years"


def test_sentence_reads_like_the_issue() -> None:
    base = Parity(2037, 2033, 2045, 0.1, 2028, 2045, False, 20)
    fair = Parity(2031, 2029, 2034, 0.25, 2028, 2045, False, 20)
    text = _sentence("8a and above", [(Scenario(), base), (Scenario("equal-promotion"), fair)], 0.213)
    assert text.startswith(
        "At today's rates band 8a and above reaches the workforce share (21.3%) in 2037 (95% interval 2033–2045); "
        "with equal promotion, 2031."
    )
    assert text.endswith("Chance of reaching it by 2028: 10% at today's rates; 25% with equal promotion.")


def _year(p: object) -> float:
    return np.inf if pd.isna(p) else float(p)  # type: ignore[arg-type]


def test_equal_promotion_reaches_parity_strictly_earlier(known: FlowModel) -> None:
    """White staff are promoted two to three times as often as BME staff in the known chain: with equal promotion
    8a and above reaches a 17% share within the ten years, at today's rates it does not."""
    res = project_model(
        known, scenarios=[Scenario("equal-promotion")], runs=300, seed=5, bands=["8a and above"], reference=0.17
    )
    par = res.parity.set_index("scenario")
    assert pd.isna(par.loc["baseline", "parity_year"])
    assert _year(par.loc["equal-promotion", "parity_year"]) < _year(par.loc["baseline", "parity_year"])
    assert par.loc["equal-promotion", "p_parity_by_target"] >= par.loc["baseline", "p_parity_by_target"]


@pytest.mark.parametrize("reference", [0.12, 0.14, 0.16])
def test_equal_promotion_never_later_than_baseline(known: FlowModel, reference: float) -> None:
    res = project_model(
        known,
        scenarios=[Scenario("equal-promotion")],
        runs=200,
        seed=9,
        bands=["8a and above", "7"],
        reference=reference,
    )
    for band, rows_ in res.parity.groupby("band"):
        par = rows_.set_index("scenario")
        assert _year(par.loc["equal-promotion", "parity_year"]) <= _year(par.loc["baseline", "parity_year"]), band


def test_same_seed_same_projection(known: FlowModel) -> None:
    a = project_model(known, scenarios=[Scenario("hiring-mix", 0.3)], runs=50, seed=1)
    b = project_model(known, scenarios=[Scenario("hiring-mix", 0.3)], runs=50, seed=1)
    c = project_model(known, scenarios=[Scenario("hiring-mix", 0.3)], runs=50, seed=2)
    pd.testing.assert_frame_equal(a.shares, b.shares)
    assert not a.shares["median"].equals(c.shares["median"])


def test_equal_appointment_needs_shortlisting(known: FlowModel) -> None:
    with pytest.raises(WresError, match="needs shortlisting data"):
        project_model(known, scenarios=[Scenario("equal-appointment")], runs=20)


def test_equal_appointment_uses_the_shortlisted_mix() -> None:
    # BME are half the shortlisted for band 6 posts but none of recent hires: equal appointment raises the share
    m = hand_model(shortlisted=np.array([[50, 50], [50, 50], [0, 0]]))
    res = project_model(m, scenarios=[Scenario("equal-appointment")], runs=100, seed=3, bands=["6"], years=3)
    last = res.shares[res.shares["year"] == 2028].set_index("scenario")["median"]
    assert last["equal-appointment"] > last["baseline"]


# ------------------------------------------------------------------------------------------ public tier


def test_public_view_shows_shares_and_years_only() -> None:
    m = hand_model(stock=np.array([[100, 20], [100, 5], [0, 0]]))  # band 7 has 5 BME: withheld
    res = project_model(m, runs=30, seed=1, bands=["6", "7"])
    pub = public_view(res, DEFAULT_CONFIG)
    assert set(pub.shares["band"]) == {"6"}
    assert set(pub.parity["band"]) == {"6"}
    assert list(pub.sentences) == ["6"]
    assert pub.transitions.empty
    assert pub.hires.empty
    assert pub.headcounts.empty
    assert any("band 7 withheld: fewer than 8 BME or fewer than 8 other staff" in w for w in pub.withheld)
    assert any("counts behind the rates" in w for w in pub.withheld)
    assert res.transitions["people"].sum() > 0  # the internal result keeps them
    # the snapshot's own share (20 of 120 in band 6: an exact count's ratio) is left out; the years after it stay
    assert res.latest_year in set(res.shares["year"])
    assert res.latest_year not in set(pub.shares["year"])
    assert set(pub.shares["year"]) == set(res.shares["year"]) - {res.latest_year}
    assert STARTING_SHARE_WITHHELD in pub.withheld
    loose = public_view(res, config_from_mapping({"disclosure": {"suppress_min": 1, "suppress_max": 4}}))
    assert set(loose.shares["band"]) == {"6", "7"}  # the threshold is the configured one


def test_a_scenario_from_a_year_runs_at_todays_rates_before_it(known: FlowModel) -> None:
    """Same seed, same draws: before its first year a scenario's path is the baseline's, draw for draw."""
    later = project_model(known, scenarios=[Scenario("equal-promotion", None, 2027)], runs=60, seed=4, years=6)
    s = later.shares.pivot_table(index=["band", "year"], columns="scenario", values="median")
    before = s.xs(2026, level="year")
    pd.testing.assert_series_equal(before["baseline"], before["equal-promotion@2027"], check_names=False)
    after = s.xs(2030, level="year")
    assert (after["equal-promotion@2027"] > after["baseline"]).all()  # White are promoted more in the known chain
    never = project_model(known, scenarios=[Scenario("equal-promotion", None, 2100)], runs=30, seed=4, years=3)
    by = never.shares.set_index(["scenario", "band", "year"])["median"]
    np.testing.assert_array_equal(by.loc["baseline"].to_numpy(), by.loc["equal-promotion@2100"].to_numpy())


def test_five_groups(tmp_path: Path) -> None:
    """The 5-group model: the known chain's BME (category N) is Black; the shares are the same people's."""
    for st in _store(tmp_path, generate(seed=5, scale=0.3)):
        src = from_store(st)
        wres = from_counts(flow_counts(src, ORG, DEFAULT_CONFIG))
        five = from_counts(flow_counts(src, ORG, DEFAULT_CONFIG, grouping="group5"))
    assert five.groups == ("White", "Mixed", "Asian", "Black", "Other", "Unknown")
    np.testing.assert_array_equal(five.moves[five.index("Black")], wres.moves[wres.index("BME")])
    a = project_model(wres, runs=40, seed=2, years=2)
    b = project_model(five, scenarios=[Scenario("equal-promotion")], runs=40, seed=2, years=2)
    first = b.shares[(b.shares["year"] == 2024) & (b.shares["scenario"] == "baseline")]["median"].to_numpy()
    np.testing.assert_allclose(first, a.shares[a.shares["year"] == 2024]["median"].to_numpy())
    assert b.reference == pytest.approx(a.reference)


def test_parity_distribution_agrees_with_the_median(known: FlowModel) -> None:
    res = project_model(
        known, scenarios=[Scenario("equal-promotion")], runs=200, seed=6, bands=["8a and above"], reference=0.15
    )
    for (scen, band), rows_ in res.parity_distribution.groupby(["scenario", "band"]):
        assert rows_["share_of_runs"].sum() == pytest.approx(1.0)
        ordered = rows_.assign(key=rows_["year"].fillna(10_000)).sort_values("key")
        first_half = ordered.loc[ordered["share_of_runs"].cumsum() >= 0.5 - 1e-12, "year"].iloc[0]
        median = res.parity.set_index(["scenario", "band"]).loc[(scen, band), "parity_year"]
        assert (pd.isna(first_half) and pd.isna(median)) or first_half == median
