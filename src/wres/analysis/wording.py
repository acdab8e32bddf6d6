"""What the outputs call things: indicator names, measures, variants, statuses and the non-adverse range.

One vocabulary for the report (:mod:`wres.reports`), the return workbook, the dashboard (:mod:`wres.web`) and the
CLI, so that a status reads the same wherever it is shown. Two lengths of status wording:

* :func:`status_tag` — a few words for a table cell, a dashboard tag or a CLI column ("Adverse", "Within
  0.80–1.25"); a table shows the tag and says the full reading once per indicator, in its sentence.
* :func:`status_text` — the full reading ("Outside the non-adverse range of 0.80 to 1.25; statistically
  significant (above the range)"), for a key of the statuses or a single headline figure.

The non-adverse range is always the *configured* one (``[ranges]`` in ``wres.toml``, :class:`wres.config.RangeConfig`;
NHS England's 0.80–1.25 by default, wres-domain.md §6.1), printed to 2 dp half-up as the range test reads a ratio
(:func:`wres.stats.rounding.half_up_text`): pass ``low`` and ``high``, or take them from a configuration with
:func:`range_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from wres.stats.rounding import half_up_text

if TYPE_CHECKING:
    from wres.config import WresConfig

__all__ = [
    "DEFAULT_RANGE",
    "INDICATOR_NAMES",
    "INDICATOR_SHORT_NAMES",
    "LEADING_MEASURES",
    "LEADING_NAMES",
    "LEADING_SHORT_MEASURES",
    "LEADING_SHORT_NAMES",
    "MEASURES",
    "SHORT_MEASURES",
    "STATUSES",
    "VARIANT_LABELS",
    "indicator_name",
    "range_from_metadata",
    "range_of",
    "range_span",
    "range_words",
    "status_key",
    "status_tag",
    "status_text",
    "variant_label",
]

DEFAULT_RANGE: Final = (0.80, 1.25)
"""NHS England's non-adverse range for indicators 2–4 (wres-domain.md §6.1), the default of ``[ranges]``."""

INDICATOR_NAMES: Final[Mapping[str, str]] = {
    "1": "Representation by pay band",
    "2": "Appointment from shortlisting",
    "3": "Entry into the formal disciplinary process",
    "4": "Non-mandatory training and CPD",
    "5": "Harassment, bullying or abuse from patients, relatives or the public",
    "6": "Harassment, bullying or abuse from staff",
    "7": "Equal opportunities for career progression or promotion",
    "8": "Discrimination from a manager, team leader or colleague",
    "9": "Board membership against the workforce",
}
"""Each indicator's name (wres-domain.md §5)."""

INDICATOR_SHORT_NAMES: Final[Mapping[str, str]] = {
    "1": "Workforce share",
    "2": "Appointed from shortlisting",
    "3": "Entering formal disciplinary",
    "4": "Non-mandatory training/CPD",
    "5": "Harassment: patients/public",
    "6": "Harassment: staff",
    "7": "Equal opportunities: progression",
    "8": "Discrimination: manager/colleague",
    "9": "Board vs workforce",
}
"""A narrow column's names (the CLI's table)."""

MEASURES: Final[Mapping[str, str]] = {
    "1": "BME share of the workforce",
    "2": "Likelihood of White applicants being appointed from shortlisting compared with BME applicants (White ÷ BME)",
    "3": "Likelihood of BME staff entering the formal disciplinary process compared with White staff (BME ÷ White)",
    "4": "Likelihood of White staff accessing non-mandatory training or CPD compared with BME staff (White ÷ BME)",
    "5": "Adverse gap: BME % minus White % (percentage points)",
    "6": "Adverse gap: BME % minus White % (percentage points)",
    "7": "Adverse gap: White % minus BME % (percentage points)",
    "8": "Adverse gap: BME % minus White % (percentage points)",
    "9": "BME share of board members minus BME share of the workforce (percentage points)",
}
SHORT_MEASURES: Final[Mapping[str, str]] = {
    "1": "BME % of staff",
    "2": "White ÷ BME",
    "3": "BME ÷ White",
    "4": "White ÷ BME",
    "5": "gap, BME − White",
    "6": "gap, BME − White",
    "7": "gap, White − BME",
    "8": "gap, BME − White",
    "9": "BME %, board − workforce",
}

# --- leading indicators (wres-domain.md §7.3; wres.indicators.leading): kept apart from the nine's mappings, which
# the report, workbook and dashboard iterate as "the nine" ------------------------------------------------------
LEADING_NAMES: Final[Mapping[str, str]] = {
    "L-promotion": "Promotion between consecutive 31 March snapshots",
    "L-leaving": "Leaving the organisation",
    "L-internal": "Appointment from shortlisting, internal applicants",
    "L-appointment-band": "Appointment from shortlisting by band of the post",
    "L-acting-up": "Acting up or higher-band secondment",
}
"""Each leading indicator's name."""
LEADING_SHORT_NAMES: Final[Mapping[str, str]] = {
    "L-promotion": "Promotion",
    "L-leaving": "Leaving",
    "L-internal": "Internal appointment",
    "L-appointment-band": "Appointment by band",
    "L-acting-up": "Acting up",
}
LEADING_MEASURES: Final[Mapping[str, str]] = {
    "L-promotion": "Likelihood of White staff being promoted to a higher band compared with BME staff (White ÷ BME)",
    "L-leaving": "Likelihood of BME staff leaving the organisation compared with White staff (BME ÷ White)",
    "L-internal": (
        "Likelihood of White internal applicants being appointed from shortlisting compared with BME internal "
        "applicants (White ÷ BME)"
    ),
    "L-appointment-band": (
        "Likelihood of White applicants being appointed from shortlisting to a post of this band compared with BME "
        "applicants (White ÷ BME)"
    ),
    "L-acting-up": (
        "Likelihood of White staff acting up compared with BME staff (White ÷ BME); not computed: no acting-up data "
        "recorded"
    ),
}
LEADING_SHORT_MEASURES: Final[Mapping[str, str]] = {
    "L-promotion": "White ÷ BME",
    "L-leaving": "BME ÷ White",
    "L-internal": "White ÷ BME",
    "L-appointment-band": "White ÷ BME",
    "L-acting-up": "White ÷ BME",
}

VARIANT_LABELS: Final[Mapping[tuple[str, str], str]] = {
    ("2", "all"): "All applicants",
    ("2", "excluding_international"): "Excluding international recruits",
    ("3", "rolling"): "Two-year rolling",
    ("3", "single_year"): "Single year",
    ("4", "all"): "All staff",
    ("9", "voting"): "Voting board members",
    ("9", "executive"): "Executive board members",
    ("9", "voting_known_only"): "Voting members of known ethnicity",
    ("9", "executive_known_only"): "Executive members of known ethnicity",
    ("9", "board"): "All board members",
    ("9", "non_voting"): "Non-voting board members",
    ("9", "non_executive"): "Non-executive board members",
    ("9", "board_known_only"): "All board members of known ethnicity",
    ("9", "non_voting_known_only"): "Non-voting members of known ethnicity",
    ("9", "non_executive_known_only"): "Non-executive members of known ethnicity",
    ("L-promotion", "afc"): "Agenda for Change bands and VSM",
    ("L-promotion", "into_consultant"): "Doctors into consultant posts",
    ("L-leaving", "excluding_doctors_in_training"): "Excluding doctors in training",
    ("L-leaving", "all"): "All staff",
    ("L-internal", "all"): "Internal applicants",
    ("L-appointment-band", "all"): "All applicants",
    ("L-appointment-band", "excluding_international"): "Excluding international recruits",
    ("L-acting-up", "all"): "All staff",
    ("survey", "microdata"): "Survey responses",
    ("survey", "published"): "Published survey figures",
}
"""Each variant's label; the survey indicators 5–8 share theirs (key ``"survey"``)."""

SURVEY_INDICATORS: Final = frozenset({"5", "6", "7", "8"})

STATUSES: Final = (
    "adverse_evidence",
    "insufficient_evidence",
    "within_range",
    "bme_worse_evidence",
    "bme_better_evidence",
    "no_evidence",
    "under_represented_evidence",
    "over_represented_evidence",
    "descriptive",
    "not_computed",
)
"""Every status a result row can have (wres-domain.md §6), in the order a key lists them."""

_TAGS: Final[Mapping[str, str]] = {
    "adverse_evidence": "Adverse",
    "insufficient_evidence": "Too few to be sure",
    "within_range": "Within {range}",
    "bme_worse_evidence": "BME staff fare worse",
    "bme_better_evidence": "BME staff fare better",
    "no_evidence": "No significant difference",
    "under_represented_evidence": "Under-represented",
    "over_represented_evidence": "Over-represented",
    "descriptive": "Descriptive",
    "not_computed": "Not computed",
}
_TEXT: Final[Mapping[str, str]] = {
    "adverse_evidence": "Outside the non-adverse range of {words}; statistically significant",
    "insufficient_evidence": "Outside the non-adverse range of {words}, but the numbers are too small to be sure",
    "within_range": "Within the non-adverse range of {words}",
    "bme_worse_evidence": "BME staff fare worse; statistically significant",
    "bme_better_evidence": "BME staff fare better; statistically significant",
    "no_evidence": "No statistically significant difference",
    "under_represented_evidence": "Under-represented against the whole workforce; statistically significant",
    "over_represented_evidence": "Over-represented against the whole workforce; statistically significant",
    "descriptive": "Descriptive: the board is a whole population, so no test applies",
    "not_computed": "Not computed",
}
_BENCHMARK_TAG: Final = "Benchmark"
_BENCHMARK_TEXT: Final = "The whole workforce: the benchmark each pay band and cluster is compared with"
"""Indicator 1's overall share is ``descriptive``: not a finding but the value its bands are tested against."""
_UNRECORDED_TAG: Final = "Not tested"
_UNRECORDED_TEXT: Final = "Ethnicity not recorded: shown so the rows add up, not tested"
"""Indicator 1's Unknown rows are ``descriptive`` too: a share of staff with no recorded ethnicity, not a finding."""


def _indicator1_descriptive(key: str, indicator: str | None, group: str | None) -> tuple[str, str] | None:
    """Indicator 1's own readings of ``descriptive`` (tag, text): the Unknown rows, then the benchmark."""
    if key != "descriptive" or str(indicator) != "1":
        return None
    if group == "Unknown":
        return _UNRECORDED_TAG, _UNRECORDED_TEXT
    return _BENCHMARK_TAG, _BENCHMARK_TEXT


_STRONG: Final = frozenset({"adverse_evidence", "bme_worse_evidence", "bme_better_evidence"})


def indicator_name(indicator: str | int) -> str:
    """``"Appointment from shortlisting"`` for 2, a leading indicator's name for its id (``"L-promotion"``);
    :class:`KeyError` for anything else."""
    key = str(indicator)
    return INDICATOR_NAMES[key] if key in INDICATOR_NAMES else LEADING_NAMES[key]


def variant_label(indicator: str | int, variant: str) -> str:
    """The label of ``variant`` of ``indicator`` ("Two-year rolling"); an unknown variant in words."""
    ind = str(indicator)
    key = ("survey", variant) if ind in SURVEY_INDICATORS else (ind, variant)
    return VARIANT_LABELS.get(key, variant.replace("_", " ").capitalize())


def range_of(config: WresConfig) -> tuple[float, float]:
    """The configured non-adverse range, ``(low, high)`` (``[ranges]`` in ``wres.toml``)."""
    return config.ranges.low, config.ranges.high


def range_from_metadata(metadata: Mapping[str, Any]) -> tuple[float, float]:
    """The non-adverse range recorded in a result's metadata (``metadata["config"]["ranges"]``, as
    :meth:`wres.config.WresConfig.as_metadata` writes it), for a writer handed metadata rather than a configuration
    (the return workbook, the CSV); the default range when none is recorded."""
    config = metadata.get("config")
    ranges = config.get("ranges") if isinstance(config, Mapping) else None
    if not isinstance(ranges, Mapping):
        return DEFAULT_RANGE
    return float(ranges.get("low", DEFAULT_RANGE[0])), float(ranges.get("high", DEFAULT_RANGE[1]))


def range_span(low: float = DEFAULT_RANGE[0], high: float = DEFAULT_RANGE[1], sep: str = "–") -> str:
    """``"0.80–1.25"``: the range's ends to 2 dp, half-up as the range test reads a ratio (domain §6.1)."""
    return f"{half_up_text(low, 2)}{sep}{half_up_text(high, 2)}"


def range_words(low: float = DEFAULT_RANGE[0], high: float = DEFAULT_RANGE[1]) -> str:
    """``"0.80 to 1.25"``."""
    return range_span(low, high, " to ")


def status_key(status: str | None) -> str:
    """The status as worded: a missing or unknown status is ``not_computed``."""
    return status if status is not None and status in _TAGS else "not_computed"


def status_tag(
    status: str | None,
    *,
    low: float = DEFAULT_RANGE[0],
    high: float = DEFAULT_RANGE[1],
    side: str | None = None,
    indicator: str | None = None,
    group: str | None = None,
) -> str:
    """A status in a few words ("Adverse (above)", "Within 0.80–1.25"), the range the configured one; indicator
    1's whole-workforce share (``descriptive``) is the "Benchmark", and its Unknown rows (``group`` "Unknown")
    are "Not tested"."""
    key = status_key(status)
    own = _indicator1_descriptive(key, indicator, group)
    if own is not None:
        return own[0]
    words = _TAGS[key].format(range=range_span(low, high))
    if side in ("above", "below") and key in ("adverse_evidence", "insufficient_evidence"):
        words += f" ({side})"
    return words


def status_text(
    status: str | None,
    *,
    low: float = DEFAULT_RANGE[0],
    high: float = DEFAULT_RANGE[1],
    side: str | None = None,
    strong: bool = False,
    indicator: str | None = None,
    group: str | None = None,
) -> str:
    """A status in full, the range the configured one; ``side`` (above/below the range) and ``strong`` (the
    99.8% interval also excludes no difference) added where they apply."""
    key = status_key(status)
    own = _indicator1_descriptive(key, indicator, group)
    if own is not None:
        return own[1]
    words = _TEXT[key].format(words=range_words(low, high))
    if side in ("above", "below") and key in ("adverse_evidence", "insufficient_evidence"):
        words += f" ({side} the range)"
    if strong and key in _STRONG:
        words += "; strong evidence (99.8% interval)"
    return words
