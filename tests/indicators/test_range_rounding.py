"""The 0.80–1.25 range test on the exact ratio of the counts, and the displayed ratio agreeing with it
(wres-domain.md §6.1 "Range test precision", issue 12).

The counts are written by hand so that the exact ratio is a decimal tie: 0.795 rounds half-up to 0.80 (inside)
and 1.255 to 1.26 (outside), as a person or a spreadsheet rounds them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from wres.indicators import compute_from_counts
from wres.indicators.counts import COUNT_COLUMNS
from wres.reports.sentences import format_ratio, ratio_sentence


def training_counts(white: tuple[float, float], bme: tuple[float, float]) -> pd.DataFrame:
    """Indicator 4 return counts for one organisation: (accessed, headcount) for White and for BME."""
    rows = []
    for group, (accessed, headcount) in (("White", white), ("BME", bme), ("Unknown", (0, 0))):
        key = ["RYY", 2024, "4", "all", "all", "overall", "all", "wres", group]
        rows += [[*key, "accessed", accessed], [*key, "headcount", headcount]]
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def headline(counts: pd.DataFrame) -> pd.Series:
    frame = compute_from_counts(counts, years=[2024]).headline()
    return frame[frame["indicator"] == "4"].iloc[0]


@pytest.mark.parametrize(
    ("white", "bme", "shown", "status", "side"),
    [
        # L_W ÷ L_B = (159/200) ÷ (1/1) = 0.795 exactly → 0.80, inside.
        ((159, 200), (1, 1), "0.80", "within_range", None),
        # (159/1000) ÷ (1/5) = 0.795 exactly; in binary floating point 0.7949999999999999 (→ 0.79, outside).
        ((159, 1000), (1, 5), "0.80", "within_range", None),
        # (251/400) ÷ (1/2) = 1.255 exactly; the double nearest 1.255 is below it (→ 1.25, inside).
        ((251, 400), (1, 2), "1.26", "insufficient_evidence", "above"),
        # (2510/4000) ÷ (1000/2000) = 1.255 with larger counts: outside, and the 95% interval excludes 1
        # (log RR 0.227, standard error about 0.026).
        ((2510, 4000), (1000, 2000), "1.26", "adverse_evidence", "above"),
    ],
)
def test_exact_ties_decide_the_range_test_and_the_display(
    white: tuple[int, int], bme: tuple[int, int], shown: str, status: str, side: str | None
) -> None:
    row = headline(training_counts(white, bme))
    assert row["status"] == status
    assert (row["side"] if isinstance(row["side"], str) else None) == side
    assert format_ratio(float(row["estimate"])) == shown
    sentence = ratio_sentence(row.to_dict())
    assert f"{shown} times as likely" in sentence
    assert ("within the non-adverse range" in sentence) == (status == "within_range")


def test_half_counts_of_the_rolling_form_are_exact() -> None:
    # Indicator 3 from a two-year mean can hold halves; (79.5/100) ÷ (1/1) = 0.795 exactly → inside.
    row = headline(training_counts((79.5, 100), (1, 1)))
    assert row["status"] == "within_range"
    assert format_ratio(float(row["estimate"])) == "0.80"
