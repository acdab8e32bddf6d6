"""The report's headline: one paragraph at the top of page 1 that answers what a board asks of WRES.

How many indicators are adverse to BME staff with statistical evidence (and which), which changed significantly
since the year they are compared with and in which direction, and which show a significant multi-year trend
(:func:`wres.analysis.trend.trend` over every year the tier's rows hold), in plain English. Every figure it
names is one the tier shows: the rows are the tier's (public values in the public tier), and a suppressed
indicator is named as not shown, never read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import pandas as pd

from wres.analysis.change import BETTER, CROSSED_PARITY, DECREASED, INCREASED, WORSE
from wres.analysis.wording import INDICATOR_NAMES
from wres.reports.values import number, text
from wres.vocab.bands import CLUSTER_LABELS

__all__ = ["ADVERSE", "TESTED", "headline_paragraph", "trend_sentence"]

Row = Mapping[str, Any]

TESTED: Final = ("2", "3", "4", "5", "6", "7", "8")
"""The indicators tested against White staff (1 is tested per band, 9 is descriptive)."""
ADVERSE: Final = frozenset({"adverse_evidence", "bme_worse_evidence"})
"""Statuses that say a difference is adverse to BME staff with statistical evidence (domain §6.1, §6.2)."""
CHANGE_WORDS: Final[Mapping[str, str]] = {
    BETTER: "improved significantly",
    WORSE: "got significantly worse",
    CROSSED_PARITY: "crossed parity (a significant change)",
    INCREASED: "rose significantly",
    DECREASED: "fell significantly",
}


def _name(ind: str, value: str | None = None) -> str:
    name = INDICATOR_NAMES[ind]
    return f"indicator {ind} ({name[:1].lower()}{name[1:]}" + (f": {value})" if value else ")")


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int) -> str:
    return ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][n] if n < 10 else str(n)


def headline_paragraph(
    rows: Sequence[Row],
    clusters: Sequence[Row],
    change: Callable[[Row], Row | None],
    trends: pd.DataFrame,
    *,
    value: Callable[[Row], str],
    suppressed: Callable[[Row], bool],
) -> str:
    """The headline paragraph for the WRES year of ``rows``.

    ``rows``: the year's headline rows, one per indicator (indicator 9: the BME voting row first); ``clusters``:
    indicator 1's senior band-cluster rows for BME staff; ``change(row)``: the row's year-on-year change (or None);
    ``trends``: :func:`wres.analysis.trend.trend` of the headline series; ``value(row)``: the row's estimate as the
    tier shows it; ``suppressed(row)``: whether the tier withholds it.
    """
    by_ind: dict[str, Row] = {}
    for row in rows:
        by_ind.setdefault(str(row["indicator"]), row)
    parts: list[str] = []

    hidden = [i for i in TESTED if i in by_ind and suppressed(by_ind[i])]
    shown = [i for i in TESTED if i in by_ind and not suppressed(by_ind[i])]
    adverse = [i for i in shown if text(by_ind[i], "status") in ADVERSE]
    unsure = [i for i in shown if text(by_ind[i], "status") == "insufficient_evidence"]
    of = f"of the {_count(len(shown))} indicators compared with White staff"
    if hidden:
        of += " that this report can show"
    if adverse:
        named = [_name(i, value(by_ind[i])) for i in adverse]
        verb = "is" if len(adverse) == 1 else "are"
        parts.append(
            f"{_count(len(adverse)).capitalize()} {of} {verb} adverse to BME staff with statistical "
            f"evidence: {_join(named)}."
        )
    elif shown:
        parts.append(f"None {of} is adverse to BME staff with statistical evidence.")
    if unsure:
        verb = "is" if len(unsure) == 1 else "are"
        parts.append(
            f"{_join([_name(i) for i in unsure]).capitalize()} {verb} outside the non-adverse range, but "
            "the numbers are too small to be sure."
        )
    if hidden:
        which = f"Indicator {hidden[0]} is" if len(hidden) == 1 else f"Indicators {_join(hidden)} are"
        parts.append(f"{which} not shown, to protect confidentiality.")

    whole = by_ind.get("1")
    if whole is not None and not suppressed(whole) and number(whole, "estimate") is not None:
        sentence = f"BME staff are {value(whole)} of the workforce"
        under = [
            CLUSTER_LABELS.get(str(r["stratum"]), str(r["stratum"]))
            for r in clusters
            if text(r, "status") == "under_represented_evidence" and not suppressed(r)
        ]
        if under:
            sentence += f" and are under-represented, with statistical evidence, in {_join(under)}"
        parts.append(sentence + ".")

    moved = []
    for ind in ("1", *TESTED):
        current = by_ind.get(ind)
        if current is None or suppressed(current):
            continue
        found = change(current)
        if found is None or not bool(found.get("tested")) or not bool(found.get("significant")):
            continue
        label = text(found, "label") or ""
        if label not in CHANGE_WORDS:
            continue
        year = number(found, "previous_year")
        since = f" since {year:.0f}" if year is not None else ""
        what = "the BME share of the workforce" if ind == "1" else _name(ind)
        moved.append(f"{what} {CHANGE_WORDS[label]}{since}" + f" (now {value(current)})")
    if moved:
        parts.append(f"{_join(moved)[:1].upper()}{_join(moved)[1:]}; no other indicator changed significantly.")
    else:
        parts.append("No indicator changed significantly since the year it is compared with.")

    parts.append(trend_sentence(trends))
    return " ".join(p for p in parts if p)


def trend_sentence(trends: pd.DataFrame) -> str:
    """The headline's sentence on the multi-year trends (``trends``: :func:`wres.analysis.trend.trend` of the
    headline series)."""
    if trends.empty:
        return ""
    fitted = trends[trends["n_points"].fillna(0).astype(int) >= 3]
    if fitted.empty:
        most = int(trends["n_points"].fillna(0).max())
        return f"A trend needs at least three years; this report holds {most} for each indicator, so none is tested."
    first, last = int(fitted["first_year"].min()), int(fitted["last_year"].max())
    better, worse = [], []
    for rec in fitted.to_dict("records"):
        ind = str(rec["indicator"])
        if not rec.get("significant") or ind == "9":
            continue
        if rec.get("label") == BETTER:
            better.append(_name(ind))
        elif rec.get("label") == WORSE:
            worse.append(_name(ind))
    span = f"Over {first}–{last}"
    if not better and not worse:
        return f"{span}, no indicator shows a statistically significant trend."
    said = []
    if better:
        said.append(f"{_join(better)} {'is' if len(better) == 1 else 'are'} improving")
    if worse:
        said.append(f"{_join(worse)} {'is' if len(worse) == 1 else 'are'} getting worse")
    return f"{span}, {'; '.join(said)} (a statistically significant trend); no other indicator shows one."
