"""Detectability per relative-likelihood indicator: the smallest ratio an organisation's numbers can tell from parity
with 80% power at the 95% level over one, three and five years, in plain English (methods.md §13).

From the latest year's headline result row of indicators 2, 3 and 4 (:mod:`wres.indicators.results`) through
:func:`wres.stats.power.detectability`: the comparator's current rate and both groups' sizes, pooled over k years by
multiplying the yearly sizes by k (steady volumes assumed). Indicator 3's rolling form already pools two years, so
its yearly volumes are half its row's (``row_years = 2``). The leading indicators' headline ratios (promotion,
leaving, internal appointment; :mod:`wres.indicators.leading`) are added when their rows are in the frame: each is a
rate of events among people of two groups, the comparator's rate and both sizes go into the same power function
(validated as indicator 4's are: events never exceed people). The sentence follows §13's template: "With your
numbers, indicator 3 would need to reach about 2.7 for one year's data to distinguish it from parity; pooling three
years lowers that to about 1.9."
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wres.analysis.wording import LEADING_SHORT_NAMES
from wres.indicators.fine import LEADING_INDICATORS
from wres.stats.power import RATIO_INDICATORS, detectability

__all__ = ["IndicatorDetectability", "detectability_for", "detectability_sentence"]

ROLLING_VARIANT = "rolling"
"""Indicator 3's two-year rolling form (``indicator3.form``), whose row pools two years."""
_REASONS = {
    "no_people": "a group has no one in it",
    "no_comparator_events": "the comparator group had no events",
    "missing_input": "a count is missing",
    "invalid_input": "the counts are inconsistent",
    "not_detectable": "no possible rate would be detected with these numbers",
    "suppressed": "a count behind it is suppressed in the public tier",
}


@dataclass(frozen=True)
class IndicatorDetectability:
    """One indicator's detectable ratios (NaN with a ``reason`` when not computable) and its sentence."""

    org_code: str
    year: int
    indicator: str
    variant: str
    estimate: float | None
    detectable_1y: float
    detectable_3y: float
    detectable_5y: float
    change_factor: float
    reason: str | None
    sentence: str
    tier: str = "internal"

    def record(self) -> dict[str, Any]:
        """JSON-serialisable (NaN as None)."""
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in self.__dict__.items()}


def _about(value: float) -> str:
    """One decimal as methods §13 writes them ("about 2.7"), two where one would round to parity (1.04 → "about
    1.04", never "about 1.0"), none from 10."""
    if value >= 10:
        return f"about {value:.0f}"
    return f"about {value:.2f}" if f"{value:.1f}" == "1.0" else f"about {value:.1f}"


def indicator_name(indicator: str) -> str:
    """``indicator 3``; a leading indicator by its short name: ``the promotion ratio``."""
    if indicator in LEADING_SHORT_NAMES:
        return f"the {LEADING_SHORT_NAMES[indicator].lower()} ratio"
    return f"indicator {indicator}"


def _abouts(*values: float) -> list[str]:
    """:func:`_about` for each value (NaN: ""), with two decimals for all of them when one decimal would print two
    different values alike ("about 1.1" for both 1.12 and 1.09)."""
    texts = [_about(v) if not math.isnan(v) else "" for v in values]
    shown = [t for t in texts if t]
    if len(set(shown)) < len(shown):
        texts = [("" if math.isnan(v) else f"about {v:.0f}" if v >= 10 else f"about {v:.2f}") for v in values]
    return texts


def detectability_sentence(indicator: str, one: float, three: float, five: float, reason: str | None) -> str:
    """The template of methods.md §13 for the 1-, 3- and 5-year detectable ratios (one decimal, as §13 writes them;
    two when one decimal would print two different ratios alike)."""
    name = indicator_name(indicator)
    if reason is not None and math.isnan(one) and math.isnan(three):
        why = _REASONS.get(reason, reason.replace("_", " "))
        return f"The change {name} could detect cannot be worked out from these numbers ({why})."
    one_text, three_text, five_text = _abouts(one, three, five)
    if math.isnan(one):
        head = f"With your numbers, one year's data for {name} could not distinguish any ratio from parity"
    else:
        head = (
            f"With your numbers, {name} would need to reach {one_text} for one year's data to distinguish it "
            "from parity"
        )
    tail = []
    if three_text and three_text == five_text:
        tail.append(f"pooling three or five years lowers that to {three_text}")
    else:
        if three_text:
            tail.append(f"pooling three years lowers that to {three_text}")
        if five_text:
            tail.append(f"five years to {five_text}")
    return head + ("; " + " and ".join(tail) if tail else "") + "."


def _number(value: Any) -> float:
    """A count or statistic of a result row as a float (NaN when missing)."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def _headline_ratio_rows(results: pd.DataFrame, org: str, year: int) -> pd.DataFrame:
    rows = results[
        (results["org_code"] == org)
        & (results["year"] == year)
        & results["headline"].astype(bool)
        & results["indicator"].astype(str).isin([*sorted(RATIO_INDICATORS), *LEADING_INDICATORS])
        & (results["estimate_type"] == "ratio")
    ]
    order = {ind: i for i, ind in enumerate([*sorted(RATIO_INDICATORS), *LEADING_INDICATORS])}
    return rows.sort_values("indicator", key=lambda col: col.map(order))


def detectability_for(
    results: pd.DataFrame, org: str, year: int, *, tier: str = "internal"
) -> list[IndicatorDetectability]:
    """Detectability of each headline relative-likelihood row of ``org`` in ``year`` (``results``: the frame of
    :func:`wres.indicators.compute`, or the public tier's rows recomputed from rounded counts)."""
    out = []
    for row in _headline_ratio_rows(results, org, year).to_dict("records"):
        counts = [_number(row[c]) for c in ("a", "n1", "c", "n2")]
        log_se = _number(row["log_se"])
        row_years = 2 if str(row["indicator"]) == "3" and row["variant"] == ROLLING_VARIANT else 1
        reason: str | None
        if tier == "public" and any(math.isnan(v) for v in counts):  # a count suppressed (§11.2)
            values = (math.nan, math.nan, math.nan)
            change, reason = math.nan, "suppressed"
        else:
            indicator = str(row["indicator"])
            d = detectability(
                *counts,
                # a leading ratio is events among people, validated as indicator 4's counts are
                indicator=indicator if indicator in RATIO_INDICATORS else "4",
                log_se=log_se,
                row_years=row_years,
            )
            values = (d.ratio(1), d.ratio(3), d.ratio(5))
            change = d.change_factor
            reason = d.reason or next((v.reason for v in d.values if v.reason), None)
        estimate = None if math.isnan(_number(row["estimate"])) else _number(row["estimate"])
        out.append(
            IndicatorDetectability(
                org_code=org,
                year=year,
                indicator=str(row["indicator"]),
                variant=str(row["variant"]),
                estimate=estimate,
                detectable_1y=values[0],
                detectable_3y=values[1],
                detectable_5y=values[2],
                change_factor=change,
                reason=reason,
                sentence=detectability_sentence(str(row["indicator"]), *values, reason),
                tier=tier,
            )
        )
    return out
