"""The audit's linear programmes (methods.md §11.4), each rule on small systems."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wres.disclosure import V1_POLICY, CellSystem, DisclosurePolicy, attacker_bounds, audit, publish, table_system
from wres.disclosure.control import protect_cells
from wres.disclosure.rounding import rounding_interval

NO_ROUNDING = DisclosurePolicy("public-v1", indicator9_exempt=False, rounding_base=1)


def row(values: dict[str, int]) -> CellSystem:
    s = CellSystem()
    s.add_cell("T", sum(values.values()))
    for cid, v in values.items():
        s.add_cell(cid, v)
    s.add_constraint("T", list(values), "row")
    return s


def test_a_lone_suppressed_cell_beside_exact_figures_is_recovered() -> None:
    s = row({"W": 3, "B": 20, "U": 12})
    report = audit(s, publish(s, {"W"}, NO_ROUNDING), {"W"}, NO_ROUNDING)
    assert not report.passed
    assert report.failures == ("W",)
    r = report.ranges["W"]
    assert (r.low, r.high) == pytest.approx((3, 3))
    assert "[3, 3] holds fewer than 4 integers" in report.describe("W")
    assert set(report.limits["W"]) <= {"T", "B", "U"}
    assert report.limits["W"]


def test_rounding_alone_can_protect_a_cell() -> None:
    # W = T − B − U with T in [33, 37], B in [18, 22], U in [10, 14]: anything from 1 to 7
    s = row({"W": 3, "B": 20, "U": 12})
    report = audit(s, publish(s, {"W"}, V1_POLICY), {"W"}, V1_POLICY)
    assert report.passed
    assert report.ranges["W"].width >= 3


def test_counts_pinned_by_published_statistics_remove_the_rounding_protection() -> None:
    s = row({"W": 3, "B": 20, "U": 12})
    report = audit(s, publish(s, {"W"}, V1_POLICY), {"W"}, V1_POLICY, exact={"T", "B", "U"})
    assert report.failures == ("W",)


def test_a_partner_protects_the_cell() -> None:
    s = row({"W": 3, "B": 20, "U": 12})
    report = audit(s, publish(s, {"W", "U"}, NO_ROUNDING), {"W"}, NO_ROUNDING)
    assert report.passed
    assert report.ranges["W"].low == pytest.approx(1)
    assert report.ranges["W"].high >= 7 - 1e-9


def test_two_small_cells_whose_sum_is_known_are_not_protected() -> None:
    # W + U = 3 exactly: W is 1, 2 or 3, too narrow
    s = row({"W": 1, "U": 2, "B": 50})
    report = audit(s, publish(s, {"W", "U"}, NO_ROUNDING), {"W", "U"}, NO_ROUNDING)
    assert set(report.failures) == {"W", "U"}
    assert report.ranges["W"].high == pytest.approx(3)


def test_prior_for_every_primary_cell_is_stricter() -> None:
    # a suppressed cluster total C (6) = five suppressed bands (1, 1, 1, 1, 2), nothing else known. Taking every
    # primary cell as 1–7 at once bounds the last band by 7 − 4 = 3; taking only the cell under test as 1–7 does not
    s = CellSystem()
    s.add_cell("C", 6)
    bands = {"b1": 1, "b2": 1, "b3": 1, "b4": 1, "b5": 2}
    for cid, v in bands.items():
        s.add_cell(cid, v)
    s.add_constraint("C", list(bands), "cluster")
    primary = {"C", *bands}
    shown = publish(s, primary, V1_POLICY)
    assert audit(s, shown, primary, V1_POLICY).passed
    strict = audit(s, shown, primary, V1_POLICY, prior="all_primary")
    assert "b5" in strict.failures
    assert (strict.ranges["b5"].low, strict.ranges["b5"].high) == pytest.approx((1, 3))


def test_known_non_zero_suppressed_cells_narrow_totals() -> None:
    # a suppressed total of six suppressed non-zero parts is at least 6 when zeros are shown
    s = CellSystem()
    s.add_cell("U", 7)
    parts = [f"u{i}" for i in range(6)]
    for i, cid in enumerate(parts):
        s.add_cell(cid, 2 if i == 0 else 1)
    s.add_constraint("U", parts, "column")
    shown = publish(s, {"U", *parts}, V1_POLICY)
    assert audit(s, shown, {"U", *parts}, V1_POLICY).passed
    assert "U" in audit(s, shown, {"U", *parts}, V1_POLICY, nonzero=True).failures


def test_attacker_bounds_follow_the_published_values() -> None:
    s = row({"W": 3, "B": 20, "U": 0})
    shown = publish(s, {"W"}, V1_POLICY)
    low, high = attacker_bounds(s, shown, V1_POLICY)
    bounds = dict(zip(s.ids(), zip(low, high, strict=True), strict=True))
    assert bounds["B"] == (18, 22)
    assert bounds["U"] == (0, 0)
    assert bounds["W"] == (0, np.inf)
    assert bounds["T"] == rounding_interval(25, 5)


def test_secondary_ranges_on_request() -> None:
    s = row({"W": 3, "B": 20, "U": 12})
    shown = publish(s, {"W", "U"}, NO_ROUNDING)
    assert set(audit(s, shown, {"W"}, NO_ROUNDING).ranges) == {"W"}
    assert set(audit(s, shown, {"W"}, NO_ROUNDING, secondary_ranges=True).ranges) == {"W", "U"}


def test_an_inconsistent_publication_is_an_error() -> None:
    from wres.disclosure.audit import AuditError
    from wres.disclosure.rounding import PublicValue

    s = row({"W": 3, "B": 20, "U": 12})
    shown = publish(s, {"W"}, NO_ROUNDING)
    shown["B"] = PublicValue(500, "rounded")  # contradicts the total
    with pytest.raises(AuditError):
        audit(s, shown, {"W"}, NO_ROUNDING)


def _integer_range(inner: dict[tuple[str, str], int], shown: dict[str, object], target: str) -> tuple[int, int]:
    """Brute force over every integer table consistent with what is published (a 2 × 2 table with margins)."""
    keys = sorted(inner)
    grid = np.array(list(itertools.product(range(17), repeat=len(keys))))
    cells = {f"{r}|{c}": grid[:, i] for i, (r, c) in enumerate(keys)}
    for r in {r for r, _ in keys}:
        cells[f"{r}|*"] = sum(cells[f"{r}|{c}"] for rr, c in keys if rr == r)
    for c in {c for _, c in keys}:
        cells[f"*|{c}"] = sum(cells[f"{r}|{c}"] for r, cc in keys if cc == c)
    cells["*|*"] = sum(cells[f"{r}|{c}"] for r, c in keys)
    ok = np.ones(len(grid), dtype=bool)
    for cid, pv in shown.items():
        v = cells[cid]
        if pv.status == "zero":  # type: ignore[attr-defined]
            ok &= v == 0
        elif pv.status == "rounded":  # type: ignore[attr-defined]
            lo, hi = rounding_interval(pv.value, 5)  # type: ignore[attr-defined]
            ok &= (v >= max(lo, 8)) & (v <= hi)
    ok &= (cells[target] >= 1) & (cells[target] <= 7)
    values = cells[target][ok]
    return int(values.min()), int(values.max())


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4).filter(
        lambda v: any(1 <= x <= 7 for x in v)
    )
)
def test_protected_two_by_two_tables_resist_an_integer_attacker(values: list[int]) -> None:
    inner = dict(zip([("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")], values, strict=True))
    s, _ = table_system(inner)
    outcome = protect_cells(s, V1_POLICY)
    assert outcome.audit.passed
    for cid in outcome.primary:
        if cid.count("*") or s.value(cid) > 16:
            continue  # margins and values beyond the brute-force grid
        low, high = _integer_range(inner, outcome.public, cid)
        assert low <= s.value(cid) <= high
        assert high - low + 1 >= V1_POLICY.protection_width, (cid, low, high)  # at least 4 integers
