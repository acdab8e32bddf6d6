"""Exact half-up rounding of ratios of counts (wres.stats.rounding), wres-domain.md §6.1 "Range test precision".

The oracle is ``fractions.Fraction`` arithmetic on the counts, rounded with ``decimal.ROUND_HALF_UP``: the way a
person or a spreadsheet rounds the exact value, independent of the code under test.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wres.stats.rounding import exact_ratio, half_up, half_up_text, ratio_half_up

CENT = Decimal("0.01")


def oracle(a: Fraction, n_a: Fraction, b: Fraction, n_b: Fraction) -> Decimal:
    """(a/n_a)/(b/n_b) rounded half-up to 2 dp. With 60 significant digits the quotient of counts below 10^7
    (at least 10^-16 from any tie unless exactly on it) is on the right side of every tie."""
    ratio = (a / n_a) / (b / n_b)
    with localcontext() as ctx:
        ctx.prec = 60
        return (Decimal(ratio.numerator) / Decimal(ratio.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(
    ("a", "n_a", "b", "n_b", "shown"),
    [
        (159, 200, 1, 1, "0.80"),  # exact 0.795: half-up gives 0.80
        (159, 1000, 1, 5, "0.80"),  # exact 0.795, but (a/n_a)/(b/n_b) in binary is 0.7949999999999999
        (477, 800, 3, 4, "0.80"),  # likewise
        (251, 200, 1, 1, "1.26"),  # exact 1.255: the double nearest it is below, binary rounding shows 1.25
        (251, 400, 1, 2, "1.26"),
        (251, 600, 1, 3, "1.26"),
        (33, 40, 1, 1, "0.83"),  # exact 0.825
        (9, 16, 1, 2, "1.13"),  # exact 1.125 (exactly representable: binary round-half-even shows 1.12)
        (79.5, 100, 1, 1, "0.80"),  # halves (indicator 3's two-year mean): exact 0.795
        (125.5, 100, 1, 1, "1.26"),  # exact 1.255
        (0, 10, 3, 10, "0.00"),
        (1249, 1000, 1, 1, "1.25"),
    ],
)
def test_exact_ties_round_half_up(a: float, n_a: float, b: float, n_b: float, shown: str) -> None:
    expected = oracle(*(Fraction(str(x)) for x in (a, n_a, b, n_b)))
    assert str(expected) == shown  # the hand-written figure agrees with the oracle
    got = ratio_half_up(np.array([a]), np.array([n_a]), np.array([b]), np.array([n_b]))
    assert got.tolist() == [float(shown)]
    # The displayed figure of the (correctly rounded) ratio is the same text.
    assert half_up_text(float(exact_ratio([a], [n_a], [b], [n_b])[0])) == shown


def test_not_a_ratio_is_nan() -> None:
    got = ratio_half_up([1, np.nan, 1, 0, 2], [2, 2, 0, 4, 4], [1, 1, 1, 0, 3], [2, 2, 2, 4, 0])
    assert got[0] == 1.0
    assert np.isnan(got[1:]).all()  # missing count, empty base, zero comparator rate, empty comparator base


def test_general_fractional_counts_use_their_decimal_value() -> None:
    # Published rates as counts (methods.md §2.1): 46.99 / 100 over 14.65 / 100 = 3.2075... → 3.21.
    assert ratio_half_up([46.99], [100], [14.65], [100]).tolist() == [3.21]
    # 1.255 is read as the decimal it is written as, not as its binary value (1.25499999…): exact tie → 1.26.
    assert ratio_half_up([1.255], [1], [1], [1]).tolist() == [1.26]


def test_large_counts_take_the_exact_path() -> None:
    big = 3 * 10**9  # beyond the int64 fast path's bound
    assert ratio_half_up([159 * big], [200 * big], [1], [1]).tolist() == [0.8]
    assert ratio_half_up([251 * big], [200 * big], [7], [7]).tolist() == [1.26]


def count(limit: int) -> st.SearchStrategy[Fraction]:
    """Whole or half counts from 0 to ``limit`` (indicator 3's rolling form averages two years)."""
    return st.integers(0, 2 * limit).map(lambda k: Fraction(k, 2))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(count(10**6), count(10**6), count(10**6), count(10**6)), min_size=1, max_size=20))
def test_matches_fraction_and_round_half_up(rows: list[tuple[Fraction, Fraction, Fraction, Fraction]]) -> None:
    rows = [(min(a, n_a), n_a, min(b, n_b), n_b) for a, n_a, b, n_b in rows]  # events ≤ people
    cols = [np.array([float(r[i]) for r in rows]) for i in range(4)]
    got = ratio_half_up(*cols)
    for i, (a, n_a, b, n_b) in enumerate(rows):
        if n_a == 0 or n_b == 0 or b == 0:
            assert np.isnan(got[i])
            continue
        expected = oracle(a, n_a, b, n_b)
        assert got[i] == float(expected)
        # The display of the estimate agrees with the range test, near the range (0.5 to 2).
        estimate = float(exact_ratio(*(c[i : i + 1] for c in cols))[0])
        if 0.5 <= (a / n_a) / (b / n_b) <= 2:
            assert half_up_text(estimate) == str(expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_exact_ratio_is_the_nearest_double(p: int, q: int) -> None:
    # The estimate is the double nearest the exact ratio, so its shortest text recovers an exact tie.
    assert exact_ratio([p], [q], [1], [1])[0] == float(Fraction(p, q))


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1.255, 2, "1.26"),
        (0.795, 2, "0.80"),
        (1.125, 2, "1.13"),
        (1.2549, 2, "1.25"),
        (2.0, 2, "2.00"),
        (0.25, 1, "0.3"),
    ],
)
def test_display_of_a_float_rounds_its_decimal_half_up(value: float, decimals: int, text: str) -> None:
    assert half_up_text(value, decimals) == text
    assert half_up(np.array([value]), decimals).tolist() == [float(text)]


def test_half_up_keeps_nan_and_infinity() -> None:
    out = half_up(np.array([np.nan, np.inf, 1.005]))
    assert np.isnan(out[0])
    assert out[1] == np.inf
    assert out[2] == 1.01
    assert [half_up_text(v) for v in (np.nan, np.inf, -np.inf)] == ["nan", "inf", "-inf"]
