"""One tier's table cells: :class:`Formatter` (counts, rates, estimates, intervals, status tags; ``[c]`` for
a suppressed public value, ``–`` for a missing one), the change and national-figure cells, and pay-band labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from wres.analysis.change import NOT_CALCULATED, REASONS
from wres.analysis.national import Reference
from wres.analysis.wording import (
    DEFAULT_RANGE,
    STATUSES,
    status_tag,
    status_text,
)
from wres.disclosure.policy import MARKER
from wres.reports.content import (
    Cell,
)
from wres.reports.data import TierView
from wres.reports.sentences import (
    MINUS,
    format_count,
    format_percent,
    format_points,
    format_ratio,
)
from wres.reports.values import number as num
from wres.reports.values import text
from wres.vocab.bands import BANDS

Row = Mapping[str, Any]

EVIDENCE_GAPS: Final = ("bme_worse_evidence", "bme_better_evidence")
"""Survey gap readings with evidence; like a significant ratio, they can also carry strong evidence (99.8%)."""
REASON_TEXT: Final[Mapping[str, str]] = {
    "no_people": "a group has nobody in it",
    "comparator_rate_zero": "the comparison group's rate is zero",
    "no_events": "neither group had any events",
    "missing_input": "the data are not available",
    "invalid_input": "the data are inconsistent",
    "suppressed": f"suppressed {MARKER}",
}
FLAG_TEXT: Final[Mapping[str, str]] = {
    "low_count": "low count",
    "small_base": "small base",
    "zero_corrected": "zero-corrected",
    "reconstructed": "reconstructed from published percentages",
    "completeness": "ethnicity completeness below 90%",
    "events_exceed_people": "more people with events than in post at 31 March (leavers counted): no interval",
}
PUBLIC_FLAGS: Final = frozenset({"zero_corrected", "reconstructed", "completeness"})
"""Flags shown in the public tier: ``low_count`` and ``small_base`` are thresholds on exact counts, so showing them
beside a rounded count would narrow it; they appear in the internal tier only."""


# ----------------------------------------------------------------------------------------------------------------
# Values and formatting


def signed_points(value: float, unit: str = "") -> str:
    out = format_points(value, unit)
    return out if out.startswith((MINUS, "0.0")) else "+" + out


def fmt_value(value: float, estimate_type: str | None) -> str:
    if estimate_type == "ratio":
        return format_ratio(value)
    if estimate_type == "share":
        return format_percent(value)
    return signed_points(value)


class Formatter:
    """Formats one tier's cells: suppressed values are ``[c]`` in the public tier, missing values ``–``."""

    def __init__(self, view: TierView, low: float = DEFAULT_RANGE[0], high: float = DEFAULT_RANGE[1]) -> None:
        self.public = view.public
        self.low, self.high = low, high  # the configured non-adverse range ([ranges])

    def suppressed_row(self, row: Row) -> bool:
        return self.public and (text(row, "disclosure") == "suppressed" or text(row, "reason") == "suppressed")

    def missing(self, row: Row, kind: Literal["text", "count", "num", "status"] = "num") -> Cell:
        if self.suppressed_row(row):
            return Cell(MARKER, kind, suppressed=True)
        return Cell("–", kind)

    def count(self, row: Row, key: str) -> Cell:
        value = num(row, key)
        return Cell(format_count(value), "count") if value is not None else self.missing(row, "count")

    def count_of(self, row: Row, part: str, whole: str) -> Cell:
        """``"x of n"`` (both counts; ``[c]`` for a suppressed one)."""
        x, n = self.count(row, part), self.count(row, whole)
        if x.text == "–" and n.text == "–":
            return Cell("–", "count")
        return Cell(f"{x.text} of {n.text}", "count", suppressed=x.suppressed or n.suppressed)

    def rate(self, row: Row, key: str) -> Cell:
        value = num(row, key)
        return Cell(format_percent(value), "num") if value is not None else self.missing(row)

    def estimate(self, row: Row) -> Cell:
        value = num(row, "estimate")
        if value is None:
            return self.missing(row)
        return Cell(fmt_value(value, text(row, "estimate_type")), "num")

    def interval(self, row: Row, level: str = "ci95") -> Cell:
        low, high = num(row, f"{level}_low"), num(row, f"{level}_high")
        if low is None or high is None:
            if num(row, "estimate") is None:
                return self.missing(row)
            return Cell("–", "num")
        kind = text(row, "estimate_type")
        return Cell(f"{fmt_value(low, kind)} to {fmt_value(high, kind)}", "num")

    def status(self, row: Row) -> Cell:
        """The row's status as a short tag (:func:`wres.analysis.wording.status_tag`): a table says the reading in
        a few words; the indicator's sentence says it in full, once."""
        if self.suppressed_row(row):
            return Cell(MARKER, "status", suppressed=True)
        status = text(row, "status") or ""
        if status == "not_computed" or status not in STATUSES:
            reason = text(row, "reason") or "not_computed"
            if reason == "no_people" and text(row, "indicator") == "1":
                return Cell("No staff", "status")  # a band with nobody in it (wres-domain.md §5.1)
            return Cell(f"Not computed: {REASON_TEXT.get(reason, reason.replace('_', ' '))}", "status")
        words = status_tag(
            status,
            low=self.low,
            high=self.high,
            side=text(row, "side"),
            indicator=text(row, "indicator"),
            group=text(row, "group_a"),
        )
        if row.get("strong_evidence") is True and status in ("adverse_evidence", *EVIDENCE_GAPS):
            words += "; strong evidence"
        return Cell(words, "status")

    def reading(self, row: Row) -> str:
        """The row's status in full (:func:`wres.analysis.wording.status_text`), for a figure shown alone."""
        if self.suppressed_row(row):
            return "Not shown, to protect confidentiality"
        status = text(row, "status") or ""
        if status == "not_computed" or status not in STATUSES:
            return self.status(row).text
        return status_text(
            status,
            low=self.low,
            high=self.high,
            side=text(row, "side"),
            strong=row.get("strong_evidence") is True,
            indicator=text(row, "indicator"),
            group=text(row, "group_a"),
        )

    def flags(self, row: Row) -> Cell:
        raw = text(row, "flags") or ""
        names = [f for f in raw.split(",") if f and (not self.public or f in PUBLIC_FLAGS)]
        return Cell(", ".join(FLAG_TEXT.get(f, f.replace("_", " ")) for f in names), "text")


def change_cell(change: Row | None) -> Cell:
    """:func:`change_text` as a cell (``[c]`` when a figure it needs is suppressed)."""
    if change is not None and text(change, "reason") == "suppressed":
        return Cell(MARKER, "text", suppressed=True)
    return Cell(change_text(change))


def change_text(change: Row | None) -> str:
    """The change since last year in a few words: the reading and last year's figure."""
    if change is None:
        return "–"
    label = text(change, "label") or NOT_CALCULATED
    reason = text(change, "reason")
    previous = num(change, "previous_estimate")
    prev_year = num(change, "previous_year")
    kind = text(change, "estimate_type")
    if label == NOT_CALCULATED:
        if reason == "suppressed":
            return f"Not shown: a figure is suppressed {MARKER}"
        if reason == "no_comparison_row":
            return f"No figure for {prev_year:.0f}" if prev_year is not None else "No earlier figure"
        if reason == "series_break":
            return "Not compared (survey series break)"
        if reason == "not_computed_this_year":
            return "–"
        return "Could not be calculated: " + REASONS.get(reason or "", "no usable comparison")
    out = label[:1].upper() + label[1:]
    if previous is not None and prev_year is not None:
        out += f" ({prev_year:.0f}: {fmt_value(previous, kind)})"
    return out


SAME_MEASURE: Final[Mapping[str, str]] = {
    "share": "bme_pct_workforce",
    "ratio": "ratio",
    "difference_points": "board_minus_workforce_points",
}
"""A row's estimate type → the national measure that is the same quantity (a share beside a share, a ratio beside
a ratio); a BME percentage is not set beside a gap in points."""


def same_measure(ref: Reference | None, row: Row) -> bool:
    """Whether the national figure ``ref`` measures what ``row``'s estimate measures."""
    if ref is None:
        return False
    if text(row, "indicator") == "1" and text(row, "breakdown") == "band" and ref.measure == "bme_pct_vsm":
        return True
    return SAME_MEASURE.get(text(row, "estimate_type") or "") == ref.measure


BESIDE: Final[Mapping[str, tuple[str, str]]] = {
    "bme_pct": ("rate_b", "bme_pct"),  # indicator 7: BME is group b (White − BME)
    "bme_pct_board": ("rate_a", "bme_pct_board"),  # indicator 9: the board's BME share
}
"""A national percentage that is not the row's measure → the row's own figure it is the same measure as."""


def national_beside(ref: Reference | None, row: Row, fmt: Formatter) -> str:
    """The national figure set beside a figure of the same measure: alone when it measures what the row's estimate
    does (:func:`same_measure`); a national percentage with the row's own percentage of the same thing ("48.8% of
    BME staff said yes, England 2024; here 51.1%"); otherwise "–"."""
    if ref is None:
        return "–"
    if same_measure(ref, row):
        return national_text(ref)
    beside = BESIDE.get(ref.measure)
    if beside is None:
        return "–"
    key, _ = beside
    return f"{national_text(ref)}; here {fmt.rate(row, key).text}"


def national_text(ref: Reference | None) -> str:
    """A national reference value in a few words, with its year."""
    if ref is None:
        return "–"
    about = "about " if ref.approximate else ""
    if ref.is_percent:
        value = f"{about}{ref.value:.1f}%"
    elif ref.measure == "ratio":
        value = about + format_ratio(ref.value)
    else:
        value = about + signed_points(ref.value, " points")
    what = {
        "bme_pct_workforce": "of NHS trust staff were BME",
        "bme_pct_vsm": "of very senior managers were BME",
        "ratio": "national ratio",
        "bme_pct": "of BME staff said yes",
        "bme_pct_board": "of board members were BME",
    }.get(ref.measure, ref.measure.replace("_", " "))
    extra = " (unconfirmed)" if ref.unconfirmed else ""
    return f"{value} {what}, England {ref.year}{extra}"


# ----------------------------------------------------------------------------------------------------------------


def band_label(code: str) -> str:
    band = BANDS.get(code)
    return band.label if band is not None else code
