"""The public tier of the pay gap (methods.md §11 applied to the counts behind each gap and quartile, §14): a gap
whose group count is suppressed is withheld with the reason; published counts are rounded to 5; quartile shares
come from the published counts. Expected values are worked out here by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats

from wres.analysis.paygap import OK, TOO_FEW, PayGapOptions, pay_gap
from wres.disclosure import MARKER, DisclosurePolicy
from wres.disclosure.paygap import WITHHELD, protect_pay_gap


def frame(groups: dict[str, int]) -> pd.DataFrame:
    """``n`` people of each ethnic code, paid 10, 11, 12, ... within the code (band 5)."""
    codes = [c for c, n in groups.items() for _ in range(n)]
    pay = [10.0 + i for c, n in groups.items() for i in range(n)]
    return pd.DataFrame(
        {"ethnic_category": codes, "band": "5", "hourly_pay": pay, "contract": "substantive", "bank_only": False}
    )


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    # White 60, Asian (H) 22, Black (N) 5, Mixed (D) 12, Other (S) 9, Unknown (Z) 12; no Chinese.
    return frame({"A": 60, "H": 22, "N": 5, "D": 12, "S": 9, "Z": 12})


def test_a_gap_behind_a_suppressed_count_is_withheld_with_the_reason(data: pd.DataFrame) -> None:
    # min_group 3: internally Black (5 people) has a gap; publicly its count of 5 is suppressed, so is the gap.
    internal = pay_gap(data, PayGapOptions(grouping="ethnicity9", min_group=3, n_resamples=99))
    black = next(g for g in internal.gaps if g.group == "Black")
    assert black.status == OK
    assert black.mean_gap is not None
    public = protect_pay_gap(internal, DisclosurePolicy())
    black = next(g for g in public.gaps if g.group == "Black")
    assert black.status == WITHHELD
    assert MARKER in black.reason
    assert "suppressed" in black.reason
    assert black.n_group is None
    assert all(
        getattr(black, f) is None
        for f in ("mean_gap", "mean_gap_low", "median_gap", "mean_group", "median_group", "band_mix", "within_band")
    )


def test_published_rows_show_rounded_counts_and_the_internal_gaps(data: pd.DataFrame) -> None:
    internal = pay_gap(data, PayGapOptions(grouping="ethnicity9", n_resamples=99))
    public = protect_pay_gap(internal, DisclosurePolicy())
    rows = {g.group: g for g in public.gaps}
    assert (rows["Asian"].status, rows["Asian"].n_group, rows["Asian"].n_reference) == (OK, 20, 60)  # 22 → 20
    assert rows["Asian"].mean_gap == next(g for g in internal.gaps if g.group == "Asian").mean_gap
    assert (rows["Mixed"].n_group, rows["Mixed"].status) == (10, OK)  # 12 → 10
    assert rows["Other"].status == TOO_FEW
    assert rows["Other"].n_group == 10
    assert rows["Chinese"].n_group == 0  # no members: a zero is shown
    # the disclosure rate from the published counts: (total 120 − Unknown 10) / 120; internally 108 / 120
    assert rows["Asian"].disclosure_rate == pytest.approx(110 / 120)
    assert next(g for g in internal.gaps if g.group == "Asian").disclosure_rate == pytest.approx(108 / 120)
    assert public.counts["*"].value == 120
    assert public.counts["Black"].value is None


def test_quartile_shares_from_the_published_counts(data: pd.DataFrame) -> None:
    internal = pay_gap(data, PayGapOptions(grouping="ethnicity9", intervals=False))
    public = protect_pay_gap(internal, DisclosurePolicy())
    for cell, exact in zip(public.quartiles, internal.quartiles, strict=True):
        assert (cell.quartile, cell.group) == (exact.quartile, exact.group)
        if 1 <= exact.count <= 7 or cell.count is None:
            assert cell.count is None
            assert cell.share is None
            continue
        assert cell.count % 5 == 0
        assert abs(cell.count - exact.count) <= 2
        assert cell.size is not None
        assert abs(cell.size - exact.size) <= 2
        assert cell.share == pytest.approx(cell.count / cell.size)
        if cell.count:
            ci = stats.binomtest(cell.count, cell.size).proportion_ci(0.95, method="wilson")
            assert (cell.low, cell.high) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert any(c.count is None for c in public.quartiles)  # the small groups' quartile cells are suppressed


def test_the_all_bme_count_does_not_give_away_a_suppressed_group(data: pd.DataFrame) -> None:
    # BME = Mixed + Asian + Black + Other = 12 + 22 + 5 + 9 = 48: with BME, Mixed, Asian and Other published
    # exactly, Black would follow; rounding to 5 leaves it a range of values (the audit, methods.md §11.4).
    internal = pay_gap(data, PayGapOptions(grouping="ethnicity9", intervals=False))
    public = protect_pay_gap(internal, DisclosurePolicy())
    shown = {k: v.value for k, v in public.counts.items()}
    assert shown["BME"] == 50
    assert shown["Black"] is None
    lows = [shown[g] - 2 for g in ("Mixed", "Asian", "Other")]
    highs = [shown[g] + 2 for g in ("Mixed", "Asian", "Other")]
    black_range = (max(1, shown["BME"] - 2 - sum(highs)), shown["BME"] + 2 - sum(lows))
    assert black_range[1] - black_range[0] + 1 >= 4
    meta = public.metadata()
    assert meta["counts"]["Black"] == MARKER
    assert meta["n_in_post"] is None
    assert meta["n_without_pay"] is None
