"""Primary suppression and the greedy secondary rule (methods.md §11.2 step 1, §11.3)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wres.disclosure import (
    V1_POLICY,
    CellSystem,
    DisclosurePolicy,
    primary_suppression,
    secondary_suppression,
    suppress,
    table_system,
)


def row(values: dict[str, int], total: str = "T") -> CellSystem:
    s = CellSystem()
    s.add_cell(total, sum(values.values()))
    for cid, v in values.items():
        s.add_cell(cid, v)
    s.add_constraint(total, list(values), "row")
    return s


def test_primary_suppresses_one_to_seven_only() -> None:
    s = row({"W": 3, "B": 8, "U": 0, "O": 7})
    reasons = primary_suppression(s, V1_POLICY)
    assert set(reasons) == {"W", "O"}
    assert str(reasons["W"]) == "primary: count 1–7"


def test_primary_suppresses_zeros_when_they_are_not_shown() -> None:
    s = row({"W": 0, "B": 20})
    assert "W" in primary_suppression(s, DisclosurePolicy("public-v1", indicator9_exempt=False, show_zeros=False))


def test_exempt_cells_are_never_suppressed() -> None:
    s, _ = table_system({("r", "W"): 3, ("r", "B"): 20}, exempt=["r|W", "r|*", "*|W"])
    assert "r|W" not in suppress(s, V1_POLICY)


def test_a_lone_suppressed_cell_gets_the_smallest_inner_partner() -> None:
    s = row({"W": 3, "B": 20, "U": 12})
    reasons = secondary_suppression(s, primary_suppression(s, V1_POLICY))
    assert set(reasons) == {"W", "U"}
    assert reasons["U"].kind == "secondary"
    assert str(reasons["U"]) == "secondary: protects cell W in constraint row"


def test_margins_are_chosen_last() -> None:
    # B (9) is smaller than C (30) but is itself a total (of B1 + B2), so C is chosen
    s = row({"A": 3, "B": 9, "C": 30})
    s.add_cell("B1", 4)
    s.add_cell("B2", 5)
    s.add_constraint("B", ["B1", "B2"], "B's parts")
    reasons = secondary_suppression(s, {"A": primary_suppression(s, V1_POLICY)["A"]})
    assert "C" in reasons
    assert "B" not in reasons


def test_a_margin_is_chosen_when_no_inner_cell_is_left() -> None:
    s = row({"A": 3, "Z": 0})  # the total (3) is primary too: nothing else needed
    assert set(suppress(s, V1_POLICY)) == {"A", "T"}
    s = row({"A": 3, "Z": 0, "C": 40})
    s2 = secondary_suppression(s, {"A": primary_suppression(s, V1_POLICY)["A"]})
    assert set(s2) == {"A", "C"}  # the zero is never a partner


def test_suppression_propagates_to_a_fixed_point() -> None:
    # a two-way table: W=3 in row r1 needs a partner in its row and in its column, and so on
    s, _ = table_system({("r1", "W"): 3, ("r1", "B"): 40, ("r2", "W"): 30, ("r2", "B"): 50})
    reasons = suppress(s, V1_POLICY)
    assert set(reasons) == {"r1|W", "r1|B", "r2|W", "r2|B"}
    kinds = {c: r.kind for c, r in reasons.items()}
    assert kinds["r1|W"] == "primary"
    assert kinds["r2|B"] == "secondary"


tables = st.dictionaries(
    st.tuples(st.sampled_from(["r1", "r2", "r3", "r4"]), st.sampled_from(["W", "B", "U"])),
    st.integers(min_value=0, max_value=40),
    min_size=2,
)


@settings(max_examples=80, deadline=None)
@given(tables)
def test_every_constraint_ends_with_none_or_at_least_two_suppressed(inner: dict[tuple[str, str], int]) -> None:
    s, _ = table_system(inner)
    reasons = suppress(s, V1_POLICY)
    for con in s.constraints:
        inside = [c for c in con.members if c in reasons]
        if len(inside) == 1:  # allowed only when nothing else could be suppressed
            assert all(s.value(c) == 0 for c in con.members if c not in reasons)
    for cid, reason in reasons.items():
        assert s.value(cid) > 0
        if reason.kind == "primary":
            assert 1 <= s.value(cid) <= 7
    assert suppress(s, V1_POLICY) == reasons  # deterministic
