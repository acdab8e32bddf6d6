"""Pay bands, medical subgroups, clusters and the tolerant band parser (wres-domain.md §4.1, §4.2).

Band codes (§4.1): ``U1``, ``1``–``7``, ``8a``–``8d``, ``9``, ``VSM``; the medical and dental subgroups
``MD_CONS``, ``MD_NCCG``, ``MD_TRAIN``, ``MD_OTHER``; ``OTHER_PAY`` (neither AfC, VSM nor medical pay); and
``UNMAPPED`` (could not be parsed — reported in data quality, never silently grouped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from wres.vocab._staff_group_names import MEDICAL_AND_DENTAL, parse_staff_group
from wres.vocab._text import freeze_mapping, label_key, normalise_text

__all__ = [
    "AFC_BANDS",
    "BANDS",
    "BAND_CODES",
    "CLUSTERS",
    "CLUSTER_LABELS",
    "DEFAULT_BAND_CONFIG",
    "MEDICAL_SUBGROUPS",
    "NON_MEDICAL_BANDS",
    "OTHER_PAY",
    "UNMAPPED",
    "VSM",
    "Band",
    "BandConfig",
    "BandParse",
    "BandStatus",
    "cluster_of",
    "parse_band",
]

VSM = "VSM"
OTHER_PAY = "OTHER_PAY"
UNMAPPED = "UNMAPPED"
MD_CONS = "MD_CONS"
MD_NCCG = "MD_NCCG"
MD_TRAIN = "MD_TRAIN"
MD_OTHER = "MD_OTHER"

# Clusters (§4.1), ASCII hyphen in the codes, en dash in the display labels.
CLUSTERS: tuple[str, ...] = (
    "1-4",
    "5-7",
    "8a-8b",
    "8c-VSM",
    "Consultants",
    "Non-consultant career grade",
    "Trainee grades",
    "Other medical",
    "Other pay",
)
"""Cluster codes in display order (§4.1). ``UNMAPPED`` has no cluster."""

CLUSTER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "1-4": "Bands 1–4",
        "5-7": "Bands 5–7",
        "8a-8b": "Bands 8a–8b",
        "8c-VSM": "Bands 8c–VSM",
        "Consultants": "Consultants",
        "Non-consultant career grade": "Non-consultant career grade",
        "Trainee grades": "Trainee grades",
        "Other medical": "Other medical",
        "Other pay": "Other pay",
    }
)
"""Cluster code → display label."""


@dataclass(frozen=True)
class Band:
    """One band code of §4.1.

    ``senior`` is "8a and above" for AfC bands and VSM, and ``None`` (not applicable) otherwise. ``order``
    is a seniority rank for promotion and "highest band" comparisons: U1 < 1 < … < 7 < 8a < … < 8d < 9 < VSM,
    then the medical subgroups (Other < Trainee < Non-consultant career grade < Consultant); ``OTHER_PAY``
    (-1) and ``UNMAPPED`` (-2) rank below everything so that they are never chosen as "the highest band".
    Display order is the order of :data:`BANDS`, not ``order``.
    """

    code: str
    label: str
    cluster: str | None
    senior: bool | None
    order: int
    is_afc: bool
    is_medical: bool


def _afc(code: str, label: str, cluster: str, senior: bool, order: int) -> Band:
    return Band(code, label, cluster, senior, order, is_afc=True, is_medical=False)


def _medical(code: str, label: str, order: int) -> Band:
    return Band(code, label, label, None, order, is_afc=False, is_medical=True)


BANDS: Mapping[str, Band] = MappingProxyType(
    {
        band.code: band
        for band in (
            _afc("U1", "Under band 1", "1-4", False, 0),
            _afc("1", "Band 1", "1-4", False, 1),
            _afc("2", "Band 2", "1-4", False, 2),
            _afc("3", "Band 3", "1-4", False, 3),
            _afc("4", "Band 4", "1-4", False, 4),
            _afc("5", "Band 5", "5-7", False, 5),
            _afc("6", "Band 6", "5-7", False, 6),
            _afc("7", "Band 7", "5-7", False, 7),
            _afc("8a", "Band 8a", "8a-8b", True, 8),
            _afc("8b", "Band 8b", "8a-8b", True, 9),
            _afc("8c", "Band 8c", "8c-VSM", True, 10),
            _afc("8d", "Band 8d", "8c-VSM", True, 11),
            _afc("9", "Band 9", "8c-VSM", True, 12),
            Band(VSM, "Very senior manager", "8c-VSM", True, 13, is_afc=False, is_medical=False),
            _medical(MD_CONS, "Consultants", 17),
            _medical(MD_NCCG, "Non-consultant career grade", 16),
            _medical(MD_TRAIN, "Trainee grades", 15),
            _medical(MD_OTHER, "Other medical", 14),
            Band(OTHER_PAY, "Other pay", "Other pay", None, -1, is_afc=False, is_medical=False),
            Band(UNMAPPED, "Unmapped", None, None, -2, is_afc=False, is_medical=False),
        )
    }
)
"""Band code → :class:`Band`, in display order (§4.1)."""

BAND_CODES: tuple[str, ...] = tuple(BANDS)
"""Every band code in display order."""
AFC_BANDS: tuple[str, ...] = ("U1", "1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
"""Agenda for Change bands, U1 to 9."""
NON_MEDICAL_BANDS: tuple[str, ...] = (*AFC_BANDS, VSM)
"""The indicator 1 band rows for non-medical staff: AfC bands and VSM."""
MEDICAL_SUBGROUPS: tuple[str, ...] = (MD_CONS, MD_NCCG, MD_TRAIN, MD_OTHER)
"""Medical and dental subgroups, reported instead of bands (§4.1)."""


def cluster_of(code: str) -> str | None:
    """The cluster code of a band code (§4.1); ``None`` for ``UNMAPPED``.

    Raises ``ValueError`` for a string that is not a band code.
    """
    try:
        return BANDS[code].cluster
    except KeyError:
        raise ValueError(f"{code!r} is not a band code (expected one of {', '.join(BANDS)})") from None


class BandStatus(StrEnum):
    """How a raw band value was read (§4.2)."""

    PARSED = "parsed"
    """Recognised by the patterns of §4.2 step 3 (AfC bands, VSM), or an exact band code."""
    MAPPED = "mapped"
    """Found in the configured code map (§4.2 step 1) or the configured VSM pay scales."""
    MEDICAL = "medical"
    """A medical grade label read as a medical and dental subgroup (§4.1)."""
    UNMAPPED = "unmapped"
    """Could not be parsed (code ``UNMAPPED``)."""


def _raw_key(raw: str) -> str:
    """Key for code-map and pay-scale matching: NFKC, whitespace collapsed, case-insensitive."""
    return normalise_text(raw).casefold()


_CODE_BY_FOLDED = {code.casefold(): code for code in BANDS}


@dataclass(frozen=True)
class BandConfig:
    """Configurable parts of band parsing (§4.2, §10 item 15).

    * ``code_map`` — raw value → band code, checked before anything else (config key ``bands.code_map``), e.g.
      local or ESR pay-scale codes. Keys match case-insensitively with whitespace collapsed.
    * ``vsm_scales`` — pay scale names that mean VSM (config key ``bands.vsm_scales``), matched the same way.

    Instances are immutable and hashable (the parse cache is keyed on them); keys are stored normalised.
    """

    code_map: Mapping[str, str] = field(default_factory=dict)
    vsm_scales: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        mapped: dict[str, str] = {}
        for raw, target in self.code_map.items():
            code = _CODE_BY_FOLDED.get(str(target).strip().casefold())
            if code is None:
                raise ValueError(
                    f"bands.code_map maps {raw!r} to {target!r}, which is not a band code "
                    f"(expected one of {', '.join(BANDS)})"
                )
            mapped[_raw_key(str(raw))] = code
        object.__setattr__(self, "code_map", freeze_mapping(mapped))
        object.__setattr__(self, "vsm_scales", frozenset(_raw_key(str(s)) for s in self.vsm_scales))

    def __hash__(self) -> int:
        return hash((frozenset(self.code_map.items()), self.vsm_scales))


DEFAULT_BAND_CONFIG = BandConfig()
"""No code map and no extra VSM pay scales."""


@dataclass(frozen=True)
class BandParse:
    """The reading of one raw band value (§4.2): ``code`` is always a key of :data:`BANDS`."""

    raw: str | None
    code: str
    status: BandStatus


# §4.2 step 2: words removed and separators turned into spaces.
_REMOVED_WORDS = ("agenda for change", "afc", "band", "pay", "grade")
_BAND_SEPARATORS = re.compile(r"[-_/:]|range")
_U1 = re.compile(r"(?:under|below|pre) ?1|u ?1")
_SINGLE_DIGIT = re.compile(r"[1-79]")
_EIGHT_RANGE = re.compile(r"8 ?([a-d])")
_VSM_TEXT = re.compile(r"vsm|very senior managers?")
# A value that names AfC pay (or is a bare number) is never read as "anything else on medical pay".
_AFC_WORDING = re.compile(r"\b(?:band|afc|agenda for change)")
_BARE_NUMBER = re.compile(r"\d+ ?[a-d]?")


def _band_text(raw: str) -> str:
    """§4.2 step 2: lower case; drop AfC/band/pay/grade words; "range" and ``- _ / :`` to spaces; collapse."""
    text = normalise_text(raw).casefold()
    for word in _REMOVED_WORDS:
        text = text.replace(word, " ")
    return " ".join(_BAND_SEPARATORS.sub(" ", text).split())


# Medical grade labels of §4.1, matched on label keys (lower case, punctuation as spaces).
_MEDICAL_PATTERNS: tuple[tuple[str, str], ...] = (
    # Consultants (including locum consultant: a leading or trailing "locum" is ignored).
    (r"consultants?", MD_CONS),
    # Non-consultant career grade.
    (r"associate specialists?", MD_NCCG),
    (r"special(?:i)?ty doctors?", MD_NCCG),
    (r"staff grades?(?: doctors?)?", MD_NCCG),
    (r"specialists?(?: grade| doctors?)?", MD_NCCG),
    (r"sas(?: doctors?)?", MD_NCCG),
    # Trainee grades.
    (r"f ?y ?[12]|f ?[12]", MD_TRAIN),
    (r"foundation (?:year|yr) ?(?:[12]|one|two)", MD_TRAIN),
    (r"foundation (?:doctor|trainee)s?(?: (?:year|yr) ?[12])?", MD_TRAIN),
    (r"ct ?[1-3]|core trainee(?: ?[1-3])?|core training(?: ?[1-3])?", MD_TRAIN),
    (r"st ?[1-8]|str|spr", MD_TRAIN),
    (r"special(?:i)?ty registrars?|specialist registrars?|special(?:i)?ty trainee(?: ?[1-8])?", MD_TRAIN),
    (r"gp registrars?|gp special(?:i)?ty registrars?|gp trainees?|gpst ?[1-4]?", MD_TRAIN),
    (r"dental core trainees?(?: ?[1-3])?|dct ?[1-3]", MD_TRAIN),
    (r"(?:pre registration )?house officers?|prho|senior house officers?|sho", MD_TRAIN),
    # Other (§4.1: non-training, non-career grades).
    (r"clinical assistants?", MD_OTHER),
    (r"hospital practitioners?", MD_OTHER),
    (r"trust grades?(?: doctors?)?|trust doctors?", MD_OTHER),
    (r"locally employed doctors?", MD_OTHER),
    (r"clinical (?:research )?fellows?", MD_OTHER),
)
_MEDICAL_REGEXES = tuple((re.compile(pattern), code) for pattern, code in _MEDICAL_PATTERNS)


def _medical_label(words: list[str]) -> str | None:
    """The subgroup whose grade label is exactly ``words`` (leading/trailing "locum" ignored), else None."""
    if words and words[0] == "locum":
        words = words[1:]
    if words and words[-1] == "locum":
        words = words[:-1]
    text = " ".join(words)
    for regex, code in _MEDICAL_REGEXES:
        if regex.fullmatch(text):
            return code
    return None


def _medical_subgroup(raw: str, medical_staff: bool) -> str | None:
    """Medical subgroup of ``raw`` (§4.1).

    Without a staff group the whole value must be a grade label. For Medical and Dental staff the longest
    leading grade label wins (``Consultant Psychiatrist`` → Consultants), and anything else on medical pay —
    a non-blank value that does not name AfC pay — is ``MD_OTHER``.
    """
    words = label_key(raw).split()
    if not words:
        return None
    if not medical_staff:
        return _medical_label(words)
    for n in range(len(words), 0, -1):
        code = _medical_label(words[:n])
        if code is not None:
            return code
    if _AFC_WORDING.search(normalise_text(raw).casefold()) or _BARE_NUMBER.fullmatch(_band_text(raw)):
        return None
    return MD_OTHER


@lru_cache(maxsize=64)
def _vsm_texts(config: BandConfig) -> frozenset[str]:
    return frozenset(_band_text(scale) for scale in config.vsm_scales)


@lru_cache(maxsize=1 << 14)
def _parse_band_cached(raw: str | None, staff_group: str | None, config: BandConfig) -> BandParse:
    if raw is None:
        return BandParse(raw, UNMAPPED, BandStatus.UNMAPPED)
    key = _raw_key(raw)
    # Step 1: explicit code map.
    if key in config.code_map:
        return BandParse(raw, config.code_map[key], BandStatus.MAPPED)
    # An exact band code (e.g. data already coded by wres) is read as itself.
    exact = raw.strip()
    if exact in BANDS:
        if exact == UNMAPPED:
            return BandParse(raw, exact, BandStatus.UNMAPPED)
        return BandParse(raw, exact, BandStatus.MEDICAL if exact in MEDICAL_SUBGROUPS else BandStatus.PARSED)
    # A configured VSM pay scale (§4.2 step 3, §10 item 15).
    text = _band_text(raw)
    if key in config.vsm_scales or (text and text in _vsm_texts(config)):
        return BandParse(raw, VSM, BandStatus.MAPPED)
    # Steps 2–3: AfC patterns and VSM.
    if _U1.fullmatch(text):
        return BandParse(raw, "U1", BandStatus.PARSED)
    if _SINGLE_DIGIT.fullmatch(text):
        return BandParse(raw, text, BandStatus.PARSED)
    if match := _EIGHT_RANGE.fullmatch(text):
        return BandParse(raw, f"8{match.group(1)}", BandStatus.PARSED)
    if text == "8":  # ambiguous range
        return BandParse(raw, UNMAPPED, BandStatus.UNMAPPED)
    if _VSM_TEXT.fullmatch(text):
        return BandParse(raw, VSM, BandStatus.PARSED)
    # Step 3: medical grade labels — for Medical and Dental staff, or when no (recognised) staff group is
    # given and the whole value is a medical grade; never for staff of another known staff group.
    group = parse_staff_group(staff_group)
    if group is None or group == MEDICAL_AND_DENTAL:
        subgroup = _medical_subgroup(raw, medical_staff=group == MEDICAL_AND_DENTAL)
        if subgroup is not None:
            return BandParse(raw, subgroup, BandStatus.MEDICAL)
    # Step 4.
    return BandParse(raw, UNMAPPED, BandStatus.UNMAPPED)


def parse_band(raw: str | None, staff_group: str | None = None, config: BandConfig = DEFAULT_BAND_CONFIG) -> BandParse:
    """Parse one raw pay band or grade by wres-domain.md §4.2 (first rule that applies wins).

    1. ``config.code_map`` (raw → band code; status ``mapped``). An exact band code (``"MD_CONS"``, ``"8a"``)
       is then read as itself, and a ``config.vsm_scales`` pay scale as ``VSM`` (status ``mapped``).
    2. Normalise: lower case; remove "agenda for change", "afc", "band", "pay", "grade"; "range" and
       ``- _ / :`` to spaces; collapse spaces.
    3. ``under 1`` / ``below 1`` / ``pre 1`` → ``U1``; a single digit 1–7 or 9 → that band; ``8a``–``8d``
       (``8a``, ``8 a``, ``8 range a``) → that band; ``8`` alone → ``UNMAPPED`` (ambiguous range); ``vsm`` or
       ``very senior manager`` → ``VSM`` (status ``parsed``). Then the medical grade labels of §4.1 → the
       medical subgroup (status ``medical``).
    4. Anything else → ``UNMAPPED``.

    Medical grades (project choice, the "medical pay scale" condition of §4.2):

    * ``staff_group`` is Medical and Dental: the longest leading grade label decides (``Consultant
      Psychiatrist`` → ``MD_CONS``); any other non-blank value that does not name AfC pay is "anything else on
      medical pay" → ``MD_OTHER``.
    * No staff group, or one that is not a recognised ESR staff group: the **whole** value must be one of
      the grade labels (``Consultant``, ``ST3``, ``FY1``, ``Specialty Registrar``, ``Clinical Fellow``; a
      leading or trailing "locum" is ignored). Free text such as ``Consultant Nurse`` is not read as medical.
    * Any other recognised staff group: medical labels are not recognised (→ ``UNMAPPED``), so a nurse whose
      grade reads "Consultant" is flagged rather than counted as a doctor.

    ``OTHER_PAY`` is reached only through ``config.code_map`` or the exact code. Results are cached on
    ``(raw, staff_group, config)``. Never raises for any text.
    """
    if raw is not None and not isinstance(raw, str):
        raw = str(raw)
    return _parse_band_cached(raw, staff_group, config)
