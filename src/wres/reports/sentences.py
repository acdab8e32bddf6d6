"""Plain-English sentences for result rows (wres-domain.md §6), with last year's change and the national figure.

One sentence per result row, following the template of wres-domain.md §6.1::

    White applicants were 1.56 times as likely (95% CI 1.32 to 1.85) as BME applicants to be appointed from
    shortlisting; this is outside the non-adverse range of 0.80 to 1.25 and statistically significant; last
    year 1.61; the change is not statistically significant.

:func:`sentence` dispatches on the indicator: :func:`ratio_sentence` (2, 3, 4), :func:`gap_sentence` (5–8,
gaps in percentage points), :func:`representation_sentence` (1) and :func:`board_sentence` (9, descriptive).
A row that was not computed gets :func:`not_computed_sentence` (its reason in words, rates where known); a
row whose figures were suppressed by disclosure control (reason ``suppressed``, or a computed status whose
estimate has been blanked to None) gets :func:`suppressed_sentence`, which shows no number at all. The optional
clauses come from :func:`change_clause` (a row of :func:`wres.analysis.change.year_on_year`) and
:func:`national_clause` (a :class:`wres.analysis.national.Reference`).

Numbers are formatted as the national reports do: ratios to 2 dp, percentages and points to 1 dp, counts with
thousands separators, negatives with a minus sign (−). A value that is missing, NaN or infinite is never
printed: the clause that needs it is left out (or the sentence says the figure is suppressed).

Rows may be pandas Series or plain mappings with the columns of :data:`wres.indicators.RESULT_COLUMNS`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import pandas as pd

from wres.analysis.change import (
    BETTER,
    CHANGE_KEY,
    CROSSED_PARITY,
    DECREASED,
    INCREASED,
    NO_CHANGE,
    NO_SIGNIFICANT_CHANGE,
    NOT_CALCULATED,
    WORSE,
)
from wres.analysis.national import Reference, reference_for_row
from wres.reports.values import number as _num
from wres.reports.values import text as _str
from wres.stats.rounding import half_up_text
from wres.vocab.bands import BANDS, CLUSTER_LABELS

__all__ = [
    "MINUS",
    "board_sentence",
    "change_clause",
    "format_count",
    "format_percent",
    "format_points",
    "format_ratio",
    "gap_sentence",
    "national_clause",
    "not_computed_sentence",
    "ratio_sentence",
    "representation_sentence",
    "sentence",
    "sentences",
    "suppressed_sentence",
]

Row = Mapping[str, Any]

MINUS: Final = "\u2212"
"""The minus sign used for negative numbers."""

SUPPRESSED_TEXT: Final = "the figure is not shown, to protect confidentiality"
"""True of every suppressed figure: disclosure control also suppresses figures that are not small (secondary
suppression, and every statistic built on a suppressed count), so no sentence says "small numbers"."""

RATIO_WORDS: Final[Mapping[str, tuple[str, str, str, str]]] = {
    # noun, "to …" (likely to), past tense, gerund
    "2": ("applicants", "to be appointed from shortlisting", "were appointed from shortlisting", "being appointed"),
    "3": (
        "staff",
        "to enter the formal disciplinary process",
        "entered the formal disciplinary process",
        "entering the formal disciplinary process",
    ),
    "4": (
        "staff",
        "to access non-mandatory training and CPD",
        "accessed non-mandatory training or CPD",
        "accessing non-mandatory training and CPD",
    ),
}
SURVEY_WORDS: Final[Mapping[str, tuple[str, str]]] = {
    # what the reported percentage did, and the topic (for sentences about the gap)
    "5": (
        "experienced harassment, bullying or abuse from patients, relatives or the public in the last 12 months",
        "harassment, bullying or abuse from patients, relatives or the public",
    ),
    "6": (
        "experienced harassment, bullying or abuse from staff in the last 12 months",
        "harassment, bullying or abuse from staff",
    ),
    "7": (
        "believed the organisation provides equal opportunities for career progression or promotion",
        "believing the organisation provides equal opportunities for career progression or promotion",
    ),
    "8": (
        "personally experienced discrimination at work from a manager, team leader or other colleagues in the last "
        "12 months",
        "discrimination at work from a manager, team leader or other colleagues",
    ),
}
CATEGORY_WORDS: Final[Mapping[str, str]] = {
    "clinical": "clinical staff",
    "non_clinical": "non-clinical staff",
    "medical_dental": "medical and dental staff",
    "unclassified": "staff not classified as clinical or non-clinical",
}
GRADE_WORDS: Final[Mapping[str, str]] = {
    "VSM": "the VSM grade",
    "MD_CONS": "consultant grades",
    "MD_NCCG": "non-consultant career grades",
    "MD_TRAIN": "trainee grades",
    "MD_OTHER": "other medical grades",
    "OTHER_PAY": "other pay grades",
    "Consultants": "consultant grades",
    "Non-consultant career grade": "non-consultant career grades",
    "Trainee grades": "trainee grades",
    "Other medical": "other medical grades",
    "Other pay": "other pay grades",
}
BREAKDOWN_WORDS: Final[Mapping[str, str]] = {
    "staff_group": "staff group",
    "clinical": "staff category",
    "directorate": "directorate",
    "site": "site",
    "gender": "gender",
    "internal": "internal or external",
}
BOARD_MEMBERS: Final[Mapping[str, str]] = {
    "voting": "voting board members",
    "executive": "executive board members",
}
VARIANT_NOTES: Final[Mapping[tuple[str, str], str]] = {
    ("2", "excluding_international"): "excluding internationally recruited applicants",
    ("3", "rolling"): "two-year rolling average",
    ("3", "single_year"): "single year",
}


# ----------------------------------------------------------------------------------------------------
# Values and formatting


def _flag(row: Row, key: str) -> bool:
    """True for a true boolean (Python or numpy) or a non-zero number; False for None, NA, NaN and text."""
    value = row.get(key)
    if value is None or isinstance(value, str):
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(number) and number != 0


def _signed(text: str) -> str:
    return MINUS + text[1:] if text.startswith("-") else text


def format_ratio(value: float) -> str:
    """A ratio to 2 dp, as displayed and as the range test reads it: ``1.5625`` → ``"1.56"``.

    Rounded half-up on the value's decimal text (wres-domain.md §6.1, :func:`wres.stats.rounding.half_up_text`):
    a result's estimate is the double nearest the exact ratio of the counts, so an exact 1.255 shows 1.26 (and
    is outside the range) and an exact 0.795 shows 0.80 (inside)."""
    return _signed(half_up_text(value, 2))


def format_percent(share: float) -> str:
    """A proportion as a percentage to 1 dp: ``0.2651`` → ``"26.5%"`` (never ``"−0.0%"``)."""
    return _one_dp(100.0 * share) + "%"


def _one_dp(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else _signed(text)


def format_points(value: float, unit: str = " percentage points") -> str:
    """Points to 1 dp with a minus sign: ``-6.55`` → ``"−6.6 percentage points"`` (pass ``unit=""`` for bare)."""
    return _one_dp(value) + unit


def format_count(value: float) -> str:
    """A count with thousands separators (``1192`` → ``"1,192"``); fractional counts keep 1 dp."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(main: str, *clauses: str) -> str:
    parts = [main, *(c for c in clauses if c)]
    return _capitalise("; ".join(parts)) + "."


def _people(group: str | None, noun: str) -> str:
    """``"BME applicants"``, ``"staff of unknown ethnicity"``, ``"staff from other ethnic groups"``."""
    if group is None:
        return noun
    if group == "Unknown":
        return f"{noun} of unknown ethnicity"
    if group == "Other":
        return f"{noun} from other ethnic groups"
    return f"{group} {noun}"


def _of(x: float | None, n: float | None, noun: str = "") -> str:
    if x is None or n is None:
        return ""
    return f"{format_count(x)} of {format_count(n)}{noun}"


def _stratum_label(row: Row) -> str | None:
    """Where a row applies ("Band 8a", "clinical staff in Band 5", "site North"), None for the whole org."""
    breakdown = _str(row, "breakdown") or "overall"
    stratum = _str(row, "stratum") or "all"
    category = _str(row, "category") or "all"
    cat = CATEGORY_WORDS.get(category, category.replace("_", " ")) if category != "all" else None
    if breakdown == "overall" or stratum == "all":
        place = None
    elif breakdown in ("band", "cluster") and stratum in GRADE_WORDS:
        place = GRADE_WORDS[stratum]
    elif breakdown == "band":
        band = BANDS.get(stratum)
        place = band.label if band is not None else f"band {stratum}"
    elif breakdown == "cluster":
        place = CLUSTER_LABELS.get(stratum, stratum)
    elif breakdown == "category":
        place = CATEGORY_WORDS.get(stratum, stratum)
    else:
        place = f"{BREAKDOWN_WORDS.get(breakdown, breakdown.replace('_', ' '))} “{stratum}”"
    if cat and place:
        return f"{cat} in {place}"
    return cat or place


def _prefix(row: Row) -> str:
    label = _stratum_label(row)
    if label is None:
        return ""
    if _str(row, "indicator") == "2" and _str(row, "breakdown") == "band":
        return f"for posts in {label}, "
    category = _str(row, "category") or "all"
    among = category != "all" or _str(row, "breakdown") == "category"
    return f"among {label}, " if among else f"in {label}, "


def _variant_note(row: Row) -> str:
    note = VARIANT_NOTES.get((_str(row, "indicator") or "", _str(row, "variant") or ""))
    return f" ({note})" if note else ""


def _interval(row: Row, key: str = "ci95", fmt: str = "ratio", level: str = "95%") -> str:
    low, high = _num(row, f"{key}_low"), _num(row, f"{key}_high")
    if low is None or high is None:
        return ""
    if fmt == "ratio":
        return f"{level} CI {format_ratio(low)} to {format_ratio(high)}"
    if fmt == "percent":
        return f"{level} CI {format_percent(low)} to {format_percent(high)}"
    return f"{level} CI {format_points(low, '')} to {format_points(high, '')}"


def _is_suppressed(row: Row) -> bool:
    """Reason ``suppressed``, a ``disclosure`` of ``suppressed``, or a computed status with a blanked estimate."""
    if _str(row, "reason") == "suppressed" or _str(row, "disclosure") == "suppressed":
        return True
    status = _str(row, "status")
    return _num(row, "estimate") is None and _str(row, "reason") is None and status != "not_computed"


def _is_not_computed(row: Row) -> bool:
    return _str(row, "reason") is not None or _str(row, "status") == "not_computed"


# ----------------------------------------------------------------------------------------------------
# Not computed, suppressed


def _subject(row: Row) -> str:
    """What the row measures, as the subject of a sentence."""
    ind = _str(row, "indicator") or ""
    a, b = _str(row, "group_a"), _str(row, "group_b")
    where = _stratum_label(row)
    at = f" ({where})" if where else ""
    if ind in RATIO_WORDS:
        noun, _, _, gerund = RATIO_WORDS[ind]
        if ind == "2":
            gerund = "being appointed from shortlisting"
        return (
            f"the relative likelihood of {_people(a, noun)} compared with {_people(b, noun)} {gerund}"
            f"{_variant_note(row)}{at}"
        )
    if ind in SURVEY_WORDS:
        minority, white = (b, a) if ind == "7" else (a, b)
        return f"the gap between {_people(minority, 'staff')} and {_people(white, 'staff')} in {SURVEY_WORDS[ind][1]}"
    if ind == "1":
        return f"the share of {_people(a, 'staff')}" + (f" among {where}" if where else " in the workforce")
    if ind == "9":
        members = _board_members(row)
        return f"the difference between the {a or 'BME'} share of {members} and of the workforce"
    return f"indicator {ind}"


def suppressed_sentence(row: Row) -> str:
    """The row's subject and "the figure is not shown, to protect confidentiality", with no number at all."""
    return _join(f"{_subject(row)}: {SUPPRESSED_TEXT}")


def _no_people_text(row: Row) -> str:
    ind = _str(row, "indicator") or ""
    a, b = _str(row, "group_a"), _str(row, "group_b")
    n1, n2 = _num(row, "n1"), _num(row, "n2")
    group = a if n1 == 0 else b if n2 == 0 else None
    if ind == "1":
        return "there were no staff in this group"
    if ind == "9":
        if n1 == 0 or n1 is None:
            return f"there were no {_board_members(row)}"
        return "there was no workforce headcount"
    if ind == "2":
        return f"there were no shortlisted {_people(group, 'applicants')}" if group else "a group had no applicants"
    if ind in ("3", "4"):
        return f"there were no {_people(group, 'staff')} in post at 31 March" if group else "a group had no staff"
    if ind in SURVEY_WORDS:
        return f"no {_people(group, 'staff')} answered the question" if group else "a group had no respondents"
    return "a group had nobody in it"


def _reason_text(row: Row) -> str:
    """The not-computed reason in words (wres-domain.md §5.0), with the rates where they are known."""
    reason = _str(row, "reason") or "not_computed"
    ind = _str(row, "indicator") or ""
    a, b = _str(row, "group_a"), _str(row, "group_b")
    rate_a = _num(row, "rate_a")
    if reason == "no_people":
        return _no_people_text(row)
    if reason == "comparator_rate_zero" and ind in RATIO_WORDS:
        noun, _, past, _ = RATIO_WORDS[ind]
        against = f" (against {format_percent(rate_a)} of {_people(a, noun)})" if rate_a is not None else ""
        return f"no {_people(b, noun)} {past}{against}, so there is no ratio to give"
    if reason == "comparator_rate_zero":
        return "the comparison group's rate was zero"
    if reason == "no_events" and ind in RATIO_WORDS:
        noun, _, past, _ = RATIO_WORDS[ind]
        return f"neither {a or 'White'} nor {b or 'BME'} {noun} {past}"
    if reason == "no_events":
        return "neither group had any events"
    if reason == "missing_input":
        if ind == "3" and _str(row, "variant") == "rolling":
            return "the previous year's disciplinary data, which the two-year rolling form needs, are not available"
        year = _num(row, "year")
        return f"the data it needs are not available for {year:.0f}" if year is not None else "its data are missing"
    if reason == "invalid_input":
        return "the data contain an inconsistency (for example more events than people) that needs correcting"
    if reason == "suppressed":
        return SUPPRESSED_TEXT
    return f"reason: {reason.replace('_', ' ')}"


def not_computed_sentence(row: Row) -> str:
    """The row's subject, "could not be calculated" and the reason in words (wres-domain.md §5.0).

    Rates are added where the reason allows and they are known; no number the row lacks is printed.
    """
    if _str(row, "reason") == "suppressed":
        return suppressed_sentence(row)
    return _join(f"{_subject(row)} could not be calculated: {_reason_text(row)}")


# ----------------------------------------------------------------------------------------------------
# Change and national clauses


def _value(value: float, estimate_type: str | None) -> str:
    if estimate_type == "ratio":
        return format_ratio(value)
    if estimate_type == "share":
        return format_percent(value)
    return format_points(value, " points")


def change_clause(change: Row | None) -> str:
    """Last year's figure and the reading of the change (a row of :func:`wres.analysis.change.year_on_year`).

    Empty when there is no change row or this year's figure was not computed (the main sentence says why).
    A significant change gives its size and 95% interval; indicator 9's descriptive change says that no test
    applies. Nothing missing, NaN or infinite is printed.
    """
    if change is None:
        return ""
    label = _str(change, "label")
    reason = _str(change, "reason")
    year, previous_year = _num(change, "year"), _num(change, "previous_year")
    when = "last year"
    if previous_year is not None and (year is None or previous_year != year - 1):
        when = f"in {previous_year:.0f}"
    if _str(change, "indicator") == "3" and _str(change, "variant") == "rolling" and previous_year is not None:
        when = f"in {previous_year:.0f} (the previous non-overlapping two-year window)"
    if label is None or label == NOT_CALCULATED:
        if reason == "no_comparison_row":
            return f"there is no figure for {previous_year:.0f} to compare with" if previous_year else ""
        if reason == "series_break":
            return "no change is reported across the 2021 staff survey redesign (a break in the series)"
        if reason == "suppressed":
            return "the change is not shown because a figure it needs is not shown, to protect confidentiality"
        if reason == "not_computed_previous_year":
            return f"the figure {when} could not be calculated, so there is no change to report"
        if reason == "not_computed_this_year":
            return ""
        return "the change could not be calculated"
    estimate_type = _str(change, "estimate_type")
    previous = _num(change, "previous_estimate")
    parts = [f"{when} {_value(previous, estimate_type)}"] if previous is not None else []
    size = _num(change, "change")
    ratio = _str(change, "change_type") == "ratio_of_ratios"
    if not _flag(change, "tested"):  # indicator 9: descriptive
        if size is None or label == NO_CHANGE:
            parts.append("no change")
        else:
            amount = format_points(abs(size), " points")
            word = {BETTER: "an improvement", WORSE: "a worsening", INCREASED: "an increase", DECREASED: "a decrease"}
            what = word.get(label or "", "a change")
            parts.append(f"{what} of {amount} (the board is a whole population, so no test applies)")
        return "; ".join(parts)
    if label == NO_SIGNIFICANT_CHANGE:
        parts.append("the change is not statistically significant")
        return "; ".join(parts)
    interval = _interval(change, "change_ci95", "ratio" if ratio else "points")
    if size is not None:
        detail = f"ratio of ratios {format_ratio(size)}" if ratio else f"change {format_points(size, ' points')}"
        if not ratio and size > 0:
            detail = f"change +{format_points(size, ' points')}"
        detail = f" ({detail}, {interval})" if interval else f" ({detail})"
    else:
        detail = ""
    verdict = {
        BETTER: "a statistically significant improvement",
        WORSE: "a statistically significant worsening",
        CROSSED_PARITY: "the ratio has crossed parity (equal likelihood), a statistically significant change",
        INCREASED: "a statistically significant increase",
        DECREASED: "a statistically significant decrease",
    }.get(label, "a statistically significant change")
    parts.append(verdict + detail)
    return "; ".join(parts)


def national_clause(reference: Reference | None, *, cite: bool = True) -> str:
    """The national figure of wres-domain.md §8 in words, e.g. "nationally in 2024, 28.6% of NHS trust staff
    were BME (source: …)"; "about" for approximate values, "(unconfirmed)" where the table says so."""
    if reference is None or not math.isfinite(reference.value):
        return ""
    v = reference.value
    about = "about " if reference.approximate else ""
    if reference.is_percent:
        number = (f"{v:g}" if reference.approximate else _one_dp(v)) + "%"
    elif reference.measure == "ratio":
        number = format_ratio(v)
    else:
        number = format_points(v, " points")
    number = _signed(about + number)
    year = reference.year
    text = {
        "bme_pct_workforce": f"nationally in {year}, {number} of NHS trust staff were BME",
        "bme_pct_vsm": f"nationally in {year}, {number} of very senior managers were BME",
        "ratio": f"the national figure for {year} was {number}",
        "pct_trusts_significant": (
            f"nationally in {year}, White applicants were significantly more likely to be appointed in {number} of "
            "trusts"
        ),
        "pct_trusts_above_range": f"nationally in {year}, {number} of trusts had a ratio above 1.25",
        "bme_pct": f"nationally in {year}, {number} of BME staff said so",
        "white_pct": f"nationally in {year}, {number} of White staff said so",
        "black_pct": f"nationally in {year}, {number} of Black staff said so",
        "bme_pct_board": f"nationally in {year}, {number} of board members were BME",
        "bme_pct_executive": f"nationally in {year}, {number} of executive board members were BME",
        "board_minus_workforce_points": f"nationally in {year}, the difference was {number}",
    }.get(reference.measure, f"the national figure for {year} was {number}")
    if reference.unconfirmed:
        text += " (unconfirmed)"
    if cite and reference.source_url:
        text += f" (source: {reference.source_url})"
    return text


# ----------------------------------------------------------------------------------------------------
# One sentence per indicator family


def _ratio_status(row: Row, low: float, high: float, strong: bool = False) -> str:
    status = _str(row, "status")
    side = _str(row, "side")
    band = f"the non-adverse range of {format_ratio(low)} to {format_ratio(high)}"
    where = "below" if side == "below" else "outside"
    if status == "within_range":
        lo, hi = _num(row, "ci95_low"), _num(row, "ci95_high")
        note = ""
        if lo is not None and hi is not None and (lo > 1.0 or hi < 1.0):
            note = ", although the difference from equal likelihood is statistically significant"
        return f"this is within {band}{note}"
    if status == "insufficient_evidence":
        return f"this is {where} {band}, but the numbers are too small to be sure"
    if status == "adverse_evidence":
        text = f"this is {where} {band} and statistically significant"
        interval = _interval(row, "ci998", "ratio", "99.8%")
        if strong and _flag(row, "strong_evidence") and interval:
            text += f" (strong evidence: the {interval} also excludes 1)"
        return text
    return ""


def ratio_sentence(
    row: Row,
    change: Row | None = None,
    national: Reference | None = None,
    *,
    low: float = 0.80,
    high: float = 1.25,
    strong: bool = False,
) -> str:
    """Indicators 2, 3, 4: "<A> were <RR> times as likely (95% CI …) as <B> <to …>; <status>[; change][;
    national]." (wres-domain.md §6.1). A ratio of 0 says that no one in the numerator group had the event.
    ``low`` / ``high`` are the non-adverse range (``config.ranges``); ``strong=True`` adds the 99.8% interval
    of a significant ratio with ``strong_evidence`` (§6.1)."""
    if _is_suppressed(row):
        return suppressed_sentence(row)
    if _is_not_computed(row):
        return not_computed_sentence(row)
    ind = _str(row, "indicator") or ""
    noun, likely, past, _ = RATIO_WORDS[ind]
    a, b = _people(_str(row, "group_a"), noun), _people(_str(row, "group_b"), noun)
    estimate = _num(row, "estimate")
    assert estimate is not None  # not suppressed
    interval = _interval(row)
    ci = f" ({interval})" if interval else ""
    note = _variant_note(row)
    if estimate == 0:
        counts = _of(_num(row, "a"), _num(row, "n1"))
        rate_b = _num(row, "rate_b")
        against = f", against {format_percent(rate_b)} of {b}" if rate_b is not None else ""
        main = f"{_prefix(row)}no {a} {past}{f' ({counts})' if counts else ''}{against}{note}: a ratio of 0.00{ci}"
    else:
        main = f"{_prefix(row)}{a} were {format_ratio(estimate)} times as likely{ci} as {b} {likely}{note}"
    status = _ratio_status(row, low, high, strong)
    return _join(main, status, change_clause(change), national_clause(national))


def gap_sentence(row: Row, change: Row | None = None, national: Reference | None = None) -> str:
    """Indicators 5–8: both groups' percentages and the adverse gap in percentage points with its 95% CI
    (positive when BME staff fare worse; for 7, White − BME of the favourable answer), wres-domain.md §6.2."""
    if _is_suppressed(row):
        return suppressed_sentence(row)
    if _is_not_computed(row):
        return not_computed_sentence(row)
    ind = _str(row, "indicator") or ""
    did, _ = SURVEY_WORDS[ind]
    group_a, group_b = _str(row, "group_a"), _str(row, "group_b")
    if ind == "7":
        minority, white = group_b, group_a
        m_rate, w_rate = _num(row, "rate_b"), _num(row, "rate_a")
        m_n, w_n = _of(_num(row, "c"), _num(row, "n2")), _of(_num(row, "a"), _num(row, "n1"))
    else:
        minority, white = group_a, group_b
        m_rate, w_rate = _num(row, "rate_a"), _num(row, "rate_b")
        m_n, w_n = _of(_num(row, "a"), _num(row, "n1")), _of(_num(row, "c"), _num(row, "n2"))
    m_people, w_people = _people(minority, "staff"), _people(white, "staff")
    gap = _num(row, "estimate")
    assert gap is not None
    rates = []
    if m_rate is not None:
        rates.append(f"{format_percent(m_rate)} of {m_people}" + (f" ({m_n})" if m_n else ""))
    if w_rate is not None:
        rates.append(f"{format_percent(w_rate)} of {w_people}" + (f" ({w_n})" if w_n else ""))
    interval = _interval(row, fmt="points")
    size = format_points(abs(gap))
    if round(gap, 1) == 0:
        gap_text = f"no gap between {m_people} and {w_people}" + (f" ({interval})" if interval else "")
    elif gap > 0:
        gap_text = f"a gap of {size} to the disadvantage of {m_people}" + (f" ({interval})" if interval else "")
    else:
        adverse = f"adverse gap {format_points(gap, '')}" + (f", {interval}" if interval else "")
        gap_text = f"a gap of {size} in favour of {m_people} ({adverse})"
    main = f"{_prefix(row)}{' and '.join(rates)} {did}: {gap_text}" if rates else f"{_prefix(row)}there was {gap_text}"
    status = _str(row, "status")
    verdict = {
        "bme_worse_evidence": "this difference is statistically significant",
        "bme_better_evidence": "this difference is statistically significant",
        "no_evidence": "the difference is not statistically significant",
    }.get(status or "", "")
    return _join(main, verdict, change_clause(change), national_clause(national))


def representation_sentence(row: Row, change: Row | None = None, national: Reference | None = None) -> str:
    """Indicator 1: a group's share of a band, cluster or category against its share of the whole workforce,
    with the Wilson 95% interval and the representation reading (wres-domain.md §6.3)."""
    if _is_suppressed(row):
        return suppressed_sentence(row)
    if _is_not_computed(row):
        return not_computed_sentence(row)
    share = _num(row, "estimate")
    assert share is not None
    people = _people(_str(row, "group_a"), "staff")
    counts = _of(_num(row, "a"), _num(row, "n1"), " staff")
    where = _stratum_label(row)
    if where is None:
        main = f"{people} made up {format_percent(share)} of the workforce" + (f" ({counts})" if counts else "")
        return _join(main, change_clause(change), national_clause(national))
    interval = _interval(row, fmt="percent")
    detail = "; ".join(x for x in (interval, counts) if x)
    main = f"{_prefix(row)}{people} made up {format_percent(share)} of staff" + (f" ({detail})" if detail else "")
    benchmark = _num(row, "benchmark")
    if benchmark is not None:
        main += f", against {format_percent(benchmark)} across the whole workforce"
    verdict = {
        "under_represented_evidence": f"{people} are under-represented here, and the difference is statistically "
        "significant",
        "over_represented_evidence": f"{people} are over-represented here, and the difference is statistically "
        "significant",
        "no_evidence": "the difference from the whole workforce is not statistically significant",
    }.get(_str(row, "status") or "", "")
    return _join(main, verdict, change_clause(change), national_clause(national))


def _board_members(row: Row) -> str:
    variant = _str(row, "variant") or "voting"
    known = variant.endswith("_known_only")
    members = BOARD_MEMBERS.get(variant.removesuffix("_known_only"), "board members")
    return members + (" of known ethnicity" if known else "")


def board_sentence(row: Row, change: Row | None = None, national: Reference | None = None) -> str:
    """Indicator 9: the group's share of voting (or executive) board members against its share of the workforce,
    and the difference in points; descriptive, no interval (the board is a whole population, §6.4)."""
    if _is_suppressed(row):
        return suppressed_sentence(row)
    if _is_not_computed(row):
        return not_computed_sentence(row)
    difference = _num(row, "estimate")
    assert difference is not None
    group = _str(row, "group_a") or "BME"
    members = _board_members(row)
    board_share, workforce_share = _num(row, "rate_a"), _num(row, "rate_b")
    counts = _of(_num(row, "a"), _num(row, "n1"))
    size = format_points(abs(difference))
    if round(difference, 1) == 0:
        relation = "the same as the workforce share"
    else:
        relation = f"{size} {'below' if difference < 0 else 'above'} the workforce share"
    group_word = "of unknown ethnicity" if group == "Unknown" else group
    if board_share is not None:
        main = f"{format_percent(board_share)} of {members} were {group_word}" + (f" ({counts})" if counts else "")
        if workforce_share is not None:
            main += f", against {format_percent(workforce_share)} of the workforce"
        main += f": {relation}"
    else:
        main = f"the {group_word} share of {members} was {relation}"
    return _join(main, change_clause(change), national_clause(national))


def sentence(
    row: Row,
    change: Row | None = None,
    national: Reference | None = None,
    *,
    low: float = 0.80,
    high: float = 1.25,
    strong: bool = False,
) -> str:
    """The plain-English sentence for one result row of any indicator 1–9 (see the module docstring).

    ``low`` / ``high`` (the non-adverse range) and ``strong`` apply to indicators 2–4 (:func:`ratio_sentence`).
    """
    ind = _str(row, "indicator")
    if ind is None and _num(row, "indicator") is not None:
        ind = f"{_num(row, 'indicator'):.0f}"
        row = {**row, "indicator": ind}
    if ind in RATIO_WORDS:
        return ratio_sentence(row, change, national, low=low, high=high, strong=strong)
    if ind in SURVEY_WORDS:
        return gap_sentence(row, change, national)
    if ind == "1":
        return representation_sentence(row, change, national)
    if ind == "9":
        return board_sentence(row, change, national)
    raise ValueError(f"not a WRES indicator: {row.get('indicator')!r}")


def sentences(
    results: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    *,
    national: bool = False,
    low: float = 0.80,
    high: float = 1.25,
    strong: bool = False,
) -> pd.Series:
    """A sentence for every row of ``results`` (a Series on its index).

    ``changes`` (from :func:`wres.analysis.change.year_on_year`) are matched on the identifying columns and
    the year; ``national=True`` adds the comparable national figure (:func:`reference_for_row`).
    """
    keys = (*CHANGE_KEY, "year")

    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        return [{str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")]

    lookup: dict[tuple[str, ...], Row] = {}
    if changes is not None:
        for rec in records(changes):
            lookup[tuple(str(rec.get(k)) for k in keys)] = rec
    texts = []
    for rec in records(results):
        key = tuple(str(rec.get(k)) for k in keys)
        ref = reference_for_row(rec) if national else None
        texts.append(sentence(rec, lookup.get(key), ref, low=low, high=high, strong=strong))
    return pd.Series(texts, index=results.index, dtype=object)
