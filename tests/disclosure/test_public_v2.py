"""``public-v2`` (methods.md §11.2–11.4): statistics from the published counts, audit-only secondary suppression,
the board exempt, and metadata that never says how many cells are primary.

The oracles are hand computations from the *published* counts (and statsmodels' Wilson interval), never the code
under test.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from wres.analysis.change import year_on_year
from wres.config import DEFAULT_CONFIG
from wres.disclosure import DEFAULT_POLICY, MARKER, ROUNDED_STATISTICS_NOTE, V1_POLICY, Protected, protect

from .conftest import synthetic

YEARS = (2025, 2026)


@pytest.fixture(scope="module")
def trust() -> tuple[pd.DataFrame, pd.DataFrame, Protected]:
    res = synthetic(7, n_orgs=1, size=1500, years=YEARS)
    counts = res.counts[res.counts["grouping"] == "wres"].reset_index(drop=True)
    results = res.frame[res.frame["grouping"] == "wres"].reset_index(drop=True)
    return counts, results, protect(counts, results)


def _shown(public: pd.DataFrame, indicators: tuple[str, ...]) -> pd.DataFrame:
    rows = public[public["indicator"].isin(indicators)]
    return rows[rows[["a", "n1", "c", "n2"]].notna().all(axis=1) & rows["estimate"].notna()]


def _half_up(x: float, places: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def test_counts_in_result_rows_are_the_published_counts(trust: tuple[pd.DataFrame, pd.DataFrame, Protected]) -> None:
    _, _, out = trust
    public = out.results
    board = (public["indicator"] == "9").to_numpy()
    shown = np.concatenate(
        [
            public[["c", "n2"]].to_numpy(dtype=float).ravel(),
            public.loc[~board, ["a", "n1"]].to_numpy(dtype=float).ravel(),
        ]
    )
    finite = shown[np.isfinite(shown)]
    assert len(finite) > 100
    assert ((finite == 0) | ((finite % 5 == 0) & (finite >= 10))).all()  # the board's own counts are exact


def test_indicator_1_shares_and_intervals_are_computed_from_published_counts(
    trust: tuple[pd.DataFrame, pd.DataFrame, Protected],
) -> None:
    _, results, out = trust
    rows = _shown(out.results, ("1",))
    rows = rows[rows["n1"] > 0]
    assert len(rows) > 50
    for _, r in rows.iterrows():
        assert r["estimate"] == pytest.approx(round(r["a"] / r["n1"], 3), abs=1e-12)
        low, high = proportion_confint(r["a"], r["n1"], alpha=0.05, method="wilson")
        assert (r["ci95_low"], r["ci95_high"]) == pytest.approx((round(low, 3), round(high, 3)), abs=1e-12)
        assert r["benchmark"] == pytest.approx(round(r["c"] / r["n2"], 3), abs=1e-12)
    # and they differ from the exact statistics somewhere (the test would fail on v1, which keeps exact ones)
    ind1 = results[results["indicator"] == "1"]
    exact = ind1.set_index(["year", "category", "breakdown", "stratum", "group_a"]).loc[
        rows.set_index(["year", "category", "breakdown", "stratum", "group_a"]).index, "estimate"
    ]
    assert (np.abs(exact.to_numpy(dtype=float).round(3) - rows["estimate"].to_numpy(dtype=float)) > 0.0005).any()


def test_ratios_gaps_and_board_differences_are_computed_from_published_counts(
    trust: tuple[pd.DataFrame, pd.DataFrame, Protected],
) -> None:
    _, _, out = trust
    checked = 0
    for _, r in _shown(out.results, ("2", "3", "4", "5", "6", "7", "8", "9")).iterrows():
        rate_a, rate_b = r["a"] / r["n1"], r["c"] / r["n2"]
        if r["estimate_type"] == "ratio":
            assert r["estimate"] == _half_up(rate_a / rate_b, 2), r.to_dict()
        else:  # gap_points (5-8) and difference_points (9): points, 1 decimal
            assert r["estimate"] == pytest.approx(round(100 * (rate_a - rate_b), 1), abs=1e-9), r.to_dict()
        assert r["rate_a"] == pytest.approx(round(rate_a, 3), abs=1e-12)
        checked += 1
    assert checked >= 15


def test_the_ratio_status_reads_the_configured_range_on_published_counts(
    trust: tuple[pd.DataFrame, pd.DataFrame, Protected],
) -> None:
    # a range so wide every computed ratio is inside it: no row may say "outside"
    counts, results, _ = trust
    wide = replace(DEFAULT_CONFIG, ranges=replace(DEFAULT_CONFIG.ranges, low=0.01, high=100.0))
    out = protect(counts, results, config=wide)
    ratios = out.results[(out.results["estimate_type"] == "ratio") & out.results["estimate"].notna()]
    assert len(ratios) > 0
    assert not ratios["status"].astype(str).str.contains("outside").any()


def test_year_on_year_changes_follow_the_published_counts(
    trust: tuple[pd.DataFrame, pd.DataFrame, Protected],
) -> None:
    _, _, out = trust
    changes = year_on_year(out.results, 2026)
    ind1 = changes[(changes["indicator"] == "1") & changes["change"].notna()]
    assert len(ind1) > 20
    public = out.results.set_index(["year", "category", "breakdown", "stratum", "group_a", "indicator"])
    for _, r in ind1.head(40).iterrows():
        now = public.loc[(2026, r["category"], r["breakdown"], r["stratum"], r["group_a"], "1")]
        before = public.loc[(2025, r["category"], r["breakdown"], r["stratum"], r["group_a"], "1")]
        by_hand = now["a"] / now["n1"] - before["a"] / before["n1"]  # both from published, rounded counts
        assert r["change"] == pytest.approx(by_hand, abs=1e-9) or r["change"] == pytest.approx(100 * by_hand, abs=1e-7)


def test_secondary_suppression_only_where_the_audit_finds_exposure(
    trust: tuple[pd.DataFrame, pd.DataFrame, Protected],
) -> None:
    counts, results, out = trust
    assert set(out.log["kind"]) <= {"primary", "audit"}  # no greedy "two per constraint" rule
    assert all(a.passed for a in out.audits.values())
    v1 = protect(counts, results, V1_POLICY)
    assert (out.counts["disclosure"] == "suppressed").sum() < (v1.counts["disclosure"] == "suppressed").sum()


def test_metadata_names_the_policy_but_not_how_many_cells_are_primary(
    trust: tuple[pd.DataFrame, pd.DataFrame, Protected],
) -> None:
    _, _, out = trust
    meta = out.metadata["disclosure"]
    assert (meta["policy"], meta["version"]) == ("public-v2", "2.0")
    assert meta["statistics_note"] == ROUNDED_STATISTICS_NOTE
    assert ROUNDED_STATISTICS_NOTE in meta["footnote"]
    text = json.dumps(meta).lower()
    assert "primary" not in text.replace('"audit_prior"', "")
    assert "secondary" not in text
    assert set(out.counts["disclosure"]) <= {"rounded", "zero", "suppressed", "exempt", "not_available", "not_a_count"}
    assert (out.counts.loc[out.counts["disclosure"] == "suppressed", "display"] == MARKER).all()
    assert out.summary["primary"] > 0  # the internal summary still knows


def test_the_board_is_exempt_by_default_and_suppressed_on_request() -> None:
    res = synthetic(3, n_orgs=1, size=600, years=(2026,))
    counts, results = res.counts, res.frame
    members = counts["measure"] == "members"
    small = members & counts["value"].between(1, 7)
    assert small.any()
    out = protect(counts, results)
    board = out.counts[members.to_numpy()]
    assert (board["disclosure"] == "exempt").all()
    assert (board["value"].to_numpy() == counts.loc[members, "value"].to_numpy()).all()
    strict = protect(counts, results, replace(DEFAULT_POLICY, indicator9_exempt=False))
    assert (strict.counts.loc[small.to_numpy(), "disclosure"] == "suppressed").all()


def test_statistics_from_rounded_counts_never_use_a_suppressed_count(
    trust: tuple[pd.DataFrame, pd.DataFrame, Protected],
) -> None:
    _, _, out = trust
    public = out.results
    for num, den, rate in (("a", "n1", "rate_a"), ("c", "n2", "rate_b")):
        hidden = public[num].isna() | public[den].isna()
        assert public.loc[hidden, rate].isna().all()
    hidden = public[["a", "n1", "c", "n2"]].isna().any(axis=1)
    assert (public.loc[hidden & public["estimate_type"].ne("share"), "status"] == "not_computed").all()
    assert not any(math.isinf(x) for x in public["estimate"].dropna())


def test_the_v2_target_holds_on_a_synthetic_trust() -> None:
    # issue 14's target for v2 (methods.md §11.4): every indicator 1 band and cluster row whose BME and White counts
    # are both 8 or more shows its (BME) share, and the board section shows. One 4,000-staff synthetic trust, this
    # year beside last year as the report publishes them. (benchmarks/bench_disclosure.py measures it on other
    # trusts, where one or two such rows can still lose their share: docs/performance.md.)
    res = synthetic(5, n_orgs=1, size=4000, years=YEARS)
    counts = res.counts[res.counts["grouping"] == "wres"].reset_index(drop=True)
    results = res.frame[res.frame["grouping"] == "wres"].reset_index(drop=True)
    public = protect(counts, results).results
    staff = counts[(counts["indicator"] == "1") & counts["breakdown"].isin(["band", "cluster"])]
    wide = staff.pivot_table(
        index=["year", "category", "breakdown", "stratum"], columns="group", values="value", aggfunc="sum"
    ).fillna(0)
    eligible = wide[(wide["BME"] >= 8) & (wide["White"] >= 8)]
    assert len(eligible) > 30
    shares = public[(public["indicator"] == "1") & (public["group_a"] == "BME")].set_index(
        ["year", "category", "breakdown", "stratum"]
    )
    hidden = [key for key in eligible.index if pd.isna(shares.loc[key, "estimate"])]
    assert not hidden
    board = public[(public["indicator"] == "9") & (public["group_a"] == "BME") & (public["year"] == 2026)]
    assert len(board) > 0
    assert board["estimate"].notna().all()
    # v1 loses many of the same shares (the test would fail on the old default)
    v1 = protect(counts, results, V1_POLICY).results
    v1_shares = v1[(v1["indicator"] == "1") & (v1["group_a"] == "BME")].set_index(
        ["year", "category", "breakdown", "stratum"]
    )
    assert sum(pd.isna(v1_shares.loc[key, "estimate"]) for key in eligible.index) > 5


def _hidden_target_rows(counts: pd.DataFrame, public: pd.DataFrame) -> list[tuple[object, ...]]:
    """Indicator 1 band and cluster rows whose BME and White counts are both 8 or more but whose BME share is not
    shown (counted from the exact counts, not from the code under test)."""
    staff = counts[(counts["indicator"] == "1") & counts["breakdown"].isin(["band", "cluster"])]
    wide = staff.pivot_table(
        index=["year", "category", "breakdown", "stratum"], columns="group", values="value", aggfunc="sum"
    ).fillna(0)
    eligible = wide[(wide["BME"] >= 8) & (wide["White"] >= 8)]
    shares = public[(public["indicator"] == "1") & (public["group_a"] == "BME")].set_index(
        ["year", "category", "breakdown", "stratum"]
    )
    return [key for key in eligible.index if pd.isna(shares.loc[key, "estimate"])]


def test_a_band_share_the_remedy_hid_is_published_again_when_other_cells_protect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A 1,500-staff synthetic trust where the audit's remedy had to take a band's BME count (no Unknown or White
    # count could widen the exposed cell at that round) and later suppressions made it unnecessary: the second look
    # (control.free_kept_cells) publishes it again and the audit still passes.
    from wres.disclosure import control

    res = synthetic(6, n_orgs=1, size=1500, years=YEARS)
    counts = res.counts[res.counts["grouping"] == "wres"].reset_index(drop=True)
    results = res.frame[res.frame["grouping"] == "wres"].reset_index(drop=True)
    out = protect(counts, results)
    assert all(a.passed for a in out.audits.values())
    assert _hidden_target_rows(counts, out.results) == []
    # without the second look the same trust loses a share (the test would fail on the code as it was)
    monkeypatch.setattr(control, "free_kept_cells", lambda *args, **kwargs: None)
    assert len(_hidden_target_rows(counts, protect(counts, results).results)) >= 1


def test_an_unpublished_count_of_zero_is_not_taken_for_a_suppressed_one() -> None:
    # v2's attacker knows every [c] is at least 1; an unpublished (hidden) count shows no [c] and may be 0. Taking it
    # for a [c] made the audit's programme infeasible (AuditError) on the 5-group view of small trusts.
    from wres.disclosure import CellSystem, audit, publish, suppress

    s = CellSystem()
    s.add_cell("T", 27, exempt=True)
    s.add_cell("A", 25, exempt=True)
    s.add_cell("P", 2)
    s.add_cell("H", 0, hidden=True)
    s.add_constraint("T", ["A", "P", "H"])
    reasons = suppress(s, DEFAULT_POLICY)
    report = audit(s, publish(s, reasons, DEFAULT_POLICY), {"P"}, DEFAULT_POLICY, nonzero=True)
    low, high = report.ranges["P"].low, report.ranges["P"].high
    assert low <= 2 <= high  # the truth is always feasible: P + H = 2 with H = 0
    assert (low, high) == (1, 2)


@pytest.mark.parametrize("seed", [31, 33])
def test_small_trusts_with_the_5_group_view_and_an_exempt_board_are_protected(seed: int) -> None:
    # regression: the board's "BME, not specified" difference was an unpublished count inside the exempt board
    # figures, pinned exactly by them, so the audit blocked the whole output (DisclosureBlockedError)
    res = synthetic(seed, n_orgs=1, size=200, years=YEARS, by="ethnicity5")
    out = protect(res.counts, res.frame)
    assert all(a.passed for a in out.audits.values())
    shown = out.counts[out.counts["disclosure"].isin(["rounded", "zero"])]
    assert not shown["value"].between(1, 7).any()


def test_the_report_view_carries_the_note_and_changes_from_published_counts() -> None:
    from wres.reports.data import ReportData, tier_view

    res = synthetic(7, n_orgs=1, size=1500, years=YEARS)
    org = str(res.frame["org_code"].iloc[0])

    def data(policy: str) -> ReportData:
        config = replace(DEFAULT_CONFIG, disclosure=replace(DEFAULT_CONFIG.disclosure, policy=policy))
        return ReportData(
            org, org, 2026, list(YEARS), "group5", res.frame, res.counts, {}, config, pd.DataFrame(), [], list(YEARS)
        )

    public, internal = tier_view(data("public-v2"), "public"), tier_view(data("public-v2"), "internal")
    assert public.statistics_note == ROUNDED_STATISTICS_NOTE
    assert internal.statistics_note is None
    assert tier_view(data("public-v1"), "public").statistics_note is None
    assert "summary" not in public.disclosure  # nothing public says how many cells are primary
    # the public view's change in the BME share of the workforce is the change of the published shares
    key = {"indicator": "1", "breakdown": "overall", "category": "all", "group_a": "BME", "grouping": "wres"}
    rows = public.results
    for column, value in key.items():
        rows = rows[rows[column] == value]
    now, before = rows[rows["year"] == 2026].iloc[0], rows[rows["year"] == 2025].iloc[0]
    change = public.changes
    for column, value in key.items():
        change = change[change[column] == value]
    by_hand = now["a"] / now["n1"] - before["a"] / before["n1"]
    got = float(change["change"].iloc[0])
    assert got == pytest.approx(by_hand, abs=1e-9) or got == pytest.approx(100 * by_hand, abs=1e-7)
    assert now["a"] % 5 == 0
    assert now["n1"] % 5 == 0


def test_the_pattern_is_deterministic(trust: tuple[pd.DataFrame, pd.DataFrame, Protected]) -> None:
    # §11.3: same data, same pattern (also with the rows in another order)
    counts, results, out = trust
    again = protect(counts.iloc[::-1].reset_index(drop=True), results.iloc[::-1].reset_index(drop=True))
    first = out.cells.set_index("cell")["disclosure"]
    second = again.cells.set_index("cell")["disclosure"]
    assert first.sort_index().equals(second.sort_index())
    assert (out.log["kind"] == "audit").any()  # the audit did add suppression: the test exercises its choices
