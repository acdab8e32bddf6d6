"""Rounding to the nearest 5, half up, totals from their true value (methods.md §11.2 step 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wres.disclosure import V1_POLICY, publish, round_count, rounding_interval, table_system


@pytest.mark.parametrize(
    ("value", "rounded"), [(8, 10), (12, 10), (13, 15), (0, 0), (10, 10), (17, 15), (18, 20), (1234, 1235)]
)
def test_examples_of_section_11_2(value: int, rounded: int) -> None:
    assert round_count(value, 5) == rounded


def test_ties_round_half_up_for_an_even_base() -> None:
    # with base 5 no integer is a tie; with base 10, 15 is, and goes up
    assert [round_count(v, 10) for v in (14, 15, 16, 25)] == [10, 20, 20, 30]
    assert all((v % 5) * 2 != 5 for v in range(100))  # base 5: no integer is halfway


def test_rounding_interval_is_r_plus_minus_2_for_base_5() -> None:
    assert rounding_interval(10, 5) == (8, 12)
    assert rounding_interval(20, 10) == (15, 24)  # half up: 15..24 round to 20


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from([1, 2, 3, 5, 10]))
def test_every_value_lies_in_the_interval_of_its_rounding(value: int, base: int) -> None:
    r = round_count(value, base)
    low, high = rounding_interval(r, base)
    assert r % base == 0
    assert low <= value <= high
    assert [v for v in range(max(0, low - base), high + base) if round_count(v, base) == r] == list(
        range(max(0, low), high + 1)
    )


def test_totals_are_rounded_from_their_true_value() -> None:
    system, _ = table_system({("a", "x"): 13, ("a", "y"): 13})
    shown = publish(system, set(), V1_POLICY)
    assert shown["a|x"].value == 15
    assert shown["a|y"].value == 15
    assert shown["a|*"].value == 25  # 26 → 25, not 15 + 15


def test_suppressed_zero_and_exempt_cells() -> None:
    system, _ = table_system({("a", "x"): 3, ("a", "y"): 0, ("b", "x"): 9}, exempt=["b|x"])
    shown = publish(system, {"a|x"}, V1_POLICY)
    assert (shown["a|x"].value, shown["a|x"].status) == (None, "suppressed")
    assert (shown["a|y"].value, shown["a|y"].status) == (0, "zero")
    assert (shown["b|x"].value, shown["b|x"].status) == (9, "exempt")
    assert shown["b|*"].status == "rounded"
