"""The policy applied to WRES counts and result rows (wres.disclosure.wres_tables)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from wres.config import DEFAULT_CONFIG
from wres.disclosure import MARKER, V1_POLICY, DisclosurePolicy, protect, protect_indicator_results, round_count
from wres.disclosure.wres_tables import GroupCodes, build_org_system
from wres.indicators import compute_from_counts
from wres.indicators.counts import COUNT_COLUMNS

from .conftest import synthetic

GROUPS = GroupCodes.from_config(DEFAULT_CONFIG)
# the synthetic data sets are shared with test_attack.py: same xdist worker, built once
pytestmark = pytest.mark.xdist_group("disclosure-a")
DERIVED = ["rate_a", "rate_b", "estimate", "ci95_low", "ci95_high", "ci998_low", "ci998_high", "benchmark"]


def one_org(seed: int = 1, **kw: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    res = synthetic(seed, **kw)  # type: ignore[arg-type]
    org = sorted(set(res.counts["org_code"]))[0]
    return res.counts[res.counts["org_code"] == org], res.frame[res.frame["org_code"] == org]


def cell_of(counts: pd.DataFrame, **key: object) -> str | None:
    org = str(counts["org_code"].iloc[0])
    _system, cells = build_org_system(counts, org, GROUPS, V1_POLICY)
    mask = np.ones(len(counts), dtype=bool)
    for k, v in key.items():
        mask &= (counts[k] == v).to_numpy()
    found = {cells[i] for i in np.flatnonzero(mask)}
    assert len(found) == 1, found
    return found.pop()


def test_one_headcount_is_one_cell_for_indicators_1_3_4_and_9() -> None:
    counts, _ = one_org()
    overall = {"category": "all", "breakdown": "overall", "group": "BME", "year": 2026}
    ids = {
        cell_of(counts, indicator=ind, measure=m, **overall)
        for ind, m in (("1", "headcount"), ("3", "headcount"), ("4", "headcount"))
    }
    ids |= {cell_of(counts, indicator="9", measure="workforce", variant=v, **overall) for v in ("voting", "executive")}
    assert len(ids) == 1


@pytest.mark.xdist_group("disclosure-b")
def test_last_years_entrants_are_the_same_cell_in_both_years() -> None:
    counts, _ = one_org(2, n_orgs=1, size=300, years=(2025, 2026))
    this = cell_of(counts, indicator="3", measure="entrants", year=2025, group="White")
    shown_next_year = cell_of(counts, indicator="3", measure="entrants_prev", year=2026, group="White")
    assert this == shown_next_year


def test_constraints_of_the_wres_tables() -> None:
    counts, _ = one_org()
    org = str(counts["org_code"].iloc[0])
    o, _ = build_org_system(counts, org, GROUPS, V1_POLICY)
    labels = {c.id for c in o.system.constraints}
    assert "groups (wres) = total" in labels  # W + B + U = total
    assert any(label.endswith("staff White: clinical by band") for label in labels)  # bands → category
    assert any(": categories of band 5" in label for label in labels)  # clinical + non-clinical = all
    assert any(": cluster 5-7 of clinical" in label for label in labels)  # a cluster is its bands
    assert any(label.endswith(": categories") for label in labels)  # categories → organisation
    assert not o.notes


def test_groupings_share_cells_and_keep_unspecified_bme_apart() -> None:
    white, bme, unknown = (GROUPS.codes("wres", g) for g in ("White", "BME", "Unknown"))
    assert white == GROUPS.codes("group5", "White") == GROUPS.codes("group9", "White")
    assert GROUPS.codes("group9", "Unknown") - unknown == {"BME"}  # "BME, not specified"
    assert bme - GROUPS.codes("group9", "Unknown") == bme - {"BME"}
    assert GROUPS.everyone == white | bme | unknown


def _hand_counts(rows: list[tuple[str, str, float]], org: str = "RXX", year: int = 2026) -> pd.DataFrame:
    return pd.DataFrame(
        [[org, year, "1", "headcount", "all", "overall", "all", g, grp, "headcount", v] for g, grp, v in rows],
        columns=COUNT_COLUMNS,
    )


def test_an_unpublished_small_count_found_by_differencing_is_protected() -> None:
    # 3 people are recorded only as "BME, not specified": WRES BME (10) minus the 5-group's BME groups (7)
    rows = [("wres", "White", 40.0), ("wres", "BME", 10.0), ("wres", "Unknown", 2.0)]
    rows += [("group5", g, v) for g, v in (("White", 40.0), ("Mixed", 3.0), ("Asian", 4.0), ("Unknown", 5.0))]
    counts = _hand_counts(rows)
    o, _ = build_org_system(counts, "RXX", GROUPS, V1_POLICY)
    hidden = [c for c in o.system.cells.values() if c.hidden]
    assert [(c.value, c.id.endswith("codes BME")) for c in hidden] == [(3, True)]
    results = compute_from_counts(counts).frame
    out = protect(counts, results, V1_POLICY)
    log = out.log.set_index("cell")
    assert log.loc[hidden[0].id, "detail"].startswith("unpublished count 1–7")
    assert out.audits["RXX"].passed
    assert hidden[0].id in out.audits["RXX"].ranges
    assert out.summary["unpublished_protected"] == 1
    assert hidden[0].id not in set(out.cells["cell"])


@pytest.fixture(scope="module")
def protected_trust() -> tuple[pd.DataFrame, pd.DataFrame, object]:
    counts, results = one_org(4, size=1500)
    return counts, results, protect(counts, results, V1_POLICY)


def test_public_counts_are_rounded_zero_or_suppressed(
    protected_trust: tuple[pd.DataFrame, pd.DataFrame, object],
) -> None:
    counts, _, out = protected_trust
    public = out.counts  # type: ignore[attr-defined]
    assert list(public.columns) == [*COUNT_COLUMNS, "disclosure", "display"]
    truth = counts["value"].to_numpy()
    status = public["disclosure"].to_numpy()
    shown = public["value"].to_numpy()
    assert set(status) <= {"rounded", "zero", "suppressed", "not_available", "not_a_count"}
    sup = status == "suppressed"
    assert np.isnan(shown[sup]).all()
    assert (public["display"][sup] == MARKER).all()
    small = (truth >= 1) & (truth <= 7)
    assert sup[small].all()  # every 1–7 count is suppressed
    rounded = status == "rounded"
    assert (shown[rounded] % 5 == 0).all()
    assert all(round_count(int(t), 5) == s for t, s in zip(truth[rounded], shown[rounded], strict=True))
    assert (shown[status == "zero"] == 0).all()
    assert (truth[status == "zero"] == 0).all()
    assert sup.sum() > small.sum()  # secondary suppression happened


def test_public_results_hide_statistics_built_on_suppressed_counts(
    protected_trust: tuple[pd.DataFrame, pd.DataFrame, object],
) -> None:
    _, results, out = protected_trust
    public = out.results  # type: ignore[attr-defined]
    assert len(public) == len(results)
    assert "disclosure" in public
    counts_hidden = public[["a", "n1", "c", "n2"]].isna() & results[["a", "n1", "c", "n2"]].notna().to_numpy()
    hit = counts_hidden.any(axis=1).to_numpy()
    assert hit.any()
    assert (public.loc[hit, "status"] == "not_computed").all()
    assert (public.loc[hit, "reason"] == "suppressed").all()
    ratio = (public["estimate_type"] != "share").to_numpy()
    assert public.loc[hit & ratio, ["estimate", "ci95_low", "ci998_high"]].isna().all().all()
    assert public.loc[counts_hidden["c"].to_numpy(), "rate_b"].isna().all()  # each rate follows its own counts
    own = counts_hidden[["a", "n1"]].any(axis=1).to_numpy()  # a share uses its own a and n1 only
    assert public.loc[own, ["estimate", "ci95_low", "ci998_high"]].isna().all().all()
    assert (public.loc[hit, "disclosure"] == "suppressed").all()
    a_hidden = counts_hidden["a"].to_numpy()
    assert public.loc[a_hidden, "rate_a"].isna().all()
    # where nothing is hidden, statistics are the internal ones (from unrounded counts) at display precision
    decimals = public["estimate_type"].map({"ratio": 2, "gap_points": 1, "share": 3, "difference_points": 1})
    clear = ~hit & public["estimate"].notna().to_numpy()
    assert clear.sum() > 10
    expected = [round(v, int(d)) for v, d in zip(results.loc[clear, "estimate"], decimals[clear], strict=True)]
    assert np.allclose(public.loc[clear, "estimate"], expected)
    assert (public.loc[~hit, "status"] == results.loc[~hit, "status"]).all()
    shown_counts = public[["a", "n1"]].to_numpy()
    assert np.nanmin(np.where(shown_counts > 0, shown_counts, np.inf)) >= 10


def test_metadata_and_log(protected_trust: tuple[pd.DataFrame, pd.DataFrame, object]) -> None:
    counts, _, out = protected_trust
    meta = out.metadata["disclosure"]  # type: ignore[attr-defined]
    assert meta["policy"] == "public-v1"
    assert meta["tier"] == "public"
    assert meta["footnote"].startswith("[c]")
    assert "summary" not in meta  # nothing public says how many cells are primary (§11.2 step 5)
    summary = out.summary  # type: ignore[attr-defined]
    assert summary["primary"] >= int(((counts["value"] >= 1) & (counts["value"] <= 7)).sum()) > 0
    log = out.log  # type: ignore[attr-defined]
    assert set(log["kind"]) <= {"primary", "secondary", "audit"}
    assert {"primary", "secondary"} <= set(log["kind"])
    assert all(a.passed for a in out.audits.values())  # type: ignore[attr-defined]
    assert (out.cells["disclosure"] != "hidden").all()  # type: ignore[attr-defined]


def test_all_england_aggregates_are_exempt() -> None:
    counts, results = one_org()
    national = counts.assign(org_code="ENG"), results.assign(org_code="ENG")
    out = protect(*national, V1_POLICY)
    assert (out.counts["disclosure"].isin(["exempt", "not_available", "not_a_count"])).all()
    assert np.allclose(out.counts["value"].fillna(-1), national[0]["value"].fillna(-1))
    assert (out.results["disclosure"] == "exempt").all()
    assert out.log.empty
    assert out.metadata["disclosure"]["exempt_organisations"] == ["ENG"]
    strict = protect(*national, DisclosurePolicy("public-v1", indicator9_exempt=False, national_exempt=False))
    assert (strict.counts["disclosure"] == "suppressed").any()


def test_board_counts_are_suppressed_unless_indicator_9_is_exempt() -> None:
    counts, results = one_org()
    board = (counts["indicator"] == "9") & (counts["measure"] == "members")
    small = board & counts["value"].between(1, 7)
    assert small.any()
    default = protect(counts, results, V1_POLICY)
    assert (default.counts.loc[small.to_numpy(), "disclosure"] == "suppressed").all()
    exempt = protect(counts, results, DisclosurePolicy("public-v1", indicator9_exempt=True))
    shown = exempt.counts.loc[board.to_numpy()]
    assert (shown["disclosure"] == "exempt").all()
    assert np.allclose(shown["value"], counts.loc[board, "value"])
    assert exempt.audits[str(counts["org_code"].iloc[0])].passed


def test_figures_counted_differently_are_kept_apart() -> None:
    counts, results = one_org()
    bad = counts.copy()
    row = (bad["indicator"] == "4") & (bad["measure"] == "headcount") & (bad["group"] == "White")
    bad.loc[row, "value"] += 1
    res = results.copy()
    rows = (res["indicator"] == "4") & (res["group_a"] == "White")
    res.loc[rows, "n1"] += 1
    out = protect(bad, res, V1_POLICY)
    assert any("kept apart" in note for note in out.notes)
    assert all(a.passed for a in out.audits.values())


def test_indicator_results_wrapper_keeps_their_metadata() -> None:
    res = synthetic(1)
    out = protect_indicator_results(res, V1_POLICY)
    assert out.metadata["wres_version"] == res.metadata["wres_version"]
    assert out.metadata["disclosure"]["policy"] == "public-v1"
    assert set(out.audits) == set(res.counts["org_code"])


def test_a_whole_trust_year_is_protected() -> None:
    """One trust-year, every cell of it, through the policy: the audit passes and no count of 1–7 is shown. (Its
    speed is measured by ``benchmarks/bench_parts.py``, not here.)"""
    counts, results = one_org(1)
    out = protect(counts, results, V1_POLICY)
    assert out.summary["cells"] > 250
    assert all(a.passed for a in out.audits.values())
    shown = pd.to_numeric(out.counts["value"], errors="coerce")
    assert not shown.between(1, 7).any()


def _board_counts(org: str = "RXX", year: int = 2026) -> pd.DataFrame:
    """A board of 12 (voting 9: 6 White, 3 BME; 4 executives: 3 White, 1 BME; the whole board 8 White, 4 BME)
    against a workforce of 400 White, 100 BME, 20 Unknown."""
    rows = []
    workforce = {"White": 400.0, "BME": 100.0, "Unknown": 20.0}
    members = {"voting": (6.0, 3.0), "executive": (3.0, 1.0), "board": (8.0, 4.0)}
    for variant, (white, bme) in members.items():
        for group, v in (("White", white), ("BME", bme), ("Unknown", 0.0)):
            rows.append([org, year, "9", variant, "all", "overall", "all", "wres", group, "members", v])
            rows.append(
                [org, year, "9", variant, "all", "overall", "all", "wres", group, "workforce", workforce[group]]
            )
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def test_non_voting_and_non_executive_members_are_protected_as_differences_of_the_board() -> None:
    """Non-voting (board − voting: 2 White, 1 BME) and non-executive (board − executive: 5 White, 3 BME) members are
    cells of the system tied to the board and its voting or executive members, so they are suppressed like any
    other count of 1–7 when the board is not exempt, never published as computed."""
    counts = _board_counts()
    results = compute_from_counts(counts).frame
    rows = results[(results["variant"].isin(["non_voting", "non_executive"])) & (results["group_a"] == "BME")]
    assert sorted(zip(rows["variant"], rows["a"], rows["n1"], strict=True)) == [
        ("non_executive", 3.0, 8.0),
        ("non_voting", 1.0, 3.0),
    ]
    strict = protect(counts, results, replace(V1_POLICY, indicator9_exempt=False))
    public = strict.results[strict.results["indicator"] == "9"]
    for col in ("a", "n1"):
        assert not public[col].between(1, 7).any(), col
    hidden = public[public["variant"].isin(["non_voting", "non_executive"])]
    assert hidden["estimate"].isna().all()
    assert strict.audits["RXX"].passed
    exempt = protect(counts, results, DisclosurePolicy(indicator9_exempt=True))
    shown = exempt.results[(exempt.results["variant"] == "non_voting") & (exempt.results["group_a"] == "BME")]
    assert list(shown["a"]) == [1.0]
    assert list(shown["n1"]) == [3.0]


def test_a_result_count_the_system_does_not_hold_is_never_published_as_it_is() -> None:
    """Fail closed: a result row whose counts have no cell (here indicator 9's non-voting members without the
    whole board in the counts, so the difference cannot be built) shows no count and no statistic built on it;
    a zero is shown, as zeros are (a band nobody is in has no count behind it either)."""
    counts = _board_counts()
    results = compute_from_counts(counts).frame
    without_board = counts[counts["variant"] != "board"]
    out = protect(without_board, results, replace(V1_POLICY, indicator9_exempt=False))
    orphan = out.results[out.results["variant"] == "non_voting"].set_index("group_a")
    assert orphan.loc[["White", "BME"], "a"].isna().all()  # 2 and 1: never shown without a cell
    assert orphan.loc["Unknown", "a"] == 0  # a zero is shown, as zeros are
    assert orphan["estimate"].isna().all()
    assert (orphan["status"] == "not_computed").all()
