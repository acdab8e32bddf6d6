"""Ethnicity vocabulary and the tolerant ethnicity parser (wres-domain.md §3).

* :data:`CATEGORIES` — the NHS Data Dictionary ETHNIC CATEGORY codes (§3.1), the 2021-census White additions
  and Arab (§3.2), a group-only BME category and the two Unknown codes, each with its WRES group and its 5-
  and 9-group (§3.4).
* :func:`parse_ethnicity` — one raw ESR-style value to an :class:`EthnicityParse`, by the algorithm of §3.3.
  It never guesses: a value it cannot place is Unknown with status ``unrecognised``.

Canonical codes are the keys of :data:`CATEGORIES`: the 16 national letters ``A``–``S`` (no ``I``, ``O``,
``Q``), ``T`` (Gypsy or Irish Traveller), ``ROMA``, ``ARAB``, ``BME`` (group only), ``Z`` (not stated) and
``99`` (not known). Every Unknown outcome — blank, unrecognised, conflict, the legacy ``9`` and the extract
code ``X`` — has canonical code ``99``, except not-stated wording, which is ``Z``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from wres.vocab._text import freeze_mapping, label_key, normalise_text

__all__ = [
    "CATEGORIES",
    "DEFAULT_ETHNICITY_CONFIG",
    "GROUP5",
    "GROUP9",
    "GROUP_ONLY_LABELS",
    "LABEL_SYNONYMS",
    "NOT_KNOWN_CODE",
    "NOT_STATED_CODE",
    "UNKNOWN_WORDS",
    "EthnicCategory",
    "EthnicityConfig",
    "EthnicityParse",
    "ParseStatus",
    "WresGroup",
    "group5_of",
    "group9_of",
    "parse_ethnicity",
    "parse_many",
    "wres_group_of",
]


class WresGroup(StrEnum):
    """The three-way WRES grouping (§3.4)."""

    WHITE = "White"
    BME = "BME"
    UNKNOWN = "Unknown"


class ParseStatus(StrEnum):
    """How a raw ethnicity value was read (§3.3)."""

    CODE = "code"
    """A leading national code token (rule 5)."""
    LABEL = "label"
    """A whole-value label synonym (rule 4)."""
    GROUP_ONLY = "group_only"
    """A group-only label such as "White" or "BAME" (rule 4)."""
    NOT_STATED = "not_stated"
    """Asked, chose not to say (code ``Z``)."""
    NOT_KNOWN = "not_known"
    """Not asked or not recorded (code ``99``)."""
    BLANK = "blank"
    """Empty, whitespace, ``NULL``, ``NaN``, ``None`` (rule 2)."""
    CONFLICT = "conflict"
    """A code whose label names another WRES group, e.g. ``A Black African`` (rule 5)."""
    UNRECOGNISED = "unrecognised"
    """Anything else (rule 6)."""


GROUP5: tuple[str, ...] = ("White", "Mixed", "Asian", "Black", "Other", "Unknown")
"""The 5-group (+ Unknown) in display order (§3.4)."""

GROUP9: tuple[str, ...] = (
    "White British",
    "White Irish",
    "White Other",
    "Mixed",
    "Asian",
    "Black",
    "Chinese",
    "Other",
    "Unknown",
)
"""The 9-group (including Unknown) in display order (§3.4)."""

NOT_STATED_CODE = "Z"
"""Canonical code for "not stated" (asked, chose not to say)."""
NOT_KNOWN_CODE = "99"
"""Canonical code for every other Unknown outcome (not known, blank, unrecognised, conflict, 9, X)."""


@dataclass(frozen=True)
class EthnicCategory:
    """One canonical ethnic category with its three groupings (§3.1, §3.2, §3.4)."""

    code: str
    label: str
    wres_group: WresGroup
    group5: str
    group9: str


def _cat(code: str, label: str, wres: WresGroup, group5: str, group9: str) -> tuple[str, EthnicCategory]:
    return code, EthnicCategory(code, label, wres, group5, group9)


_W, _B, _U = WresGroup.WHITE, WresGroup.BME, WresGroup.UNKNOWN

CATEGORIES: Mapping[str, EthnicCategory] = MappingProxyType(
    dict(
        [
            # §3.1 NHS Data Dictionary ETHNIC CATEGORY.
            _cat("A", "White – British", _W, "White", "White British"),
            _cat("B", "White – Irish", _W, "White", "White Irish"),
            _cat("C", "White – Any other White background", _W, "White", "White Other"),
            _cat("D", "Mixed – White and Black Caribbean", _B, "Mixed", "Mixed"),
            _cat("E", "Mixed – White and Black African", _B, "Mixed", "Mixed"),
            _cat("F", "Mixed – White and Asian", _B, "Mixed", "Mixed"),
            _cat("G", "Mixed – Any other mixed background", _B, "Mixed", "Mixed"),
            _cat("H", "Asian or Asian British – Indian", _B, "Asian", "Asian"),
            _cat("J", "Asian or Asian British – Pakistani", _B, "Asian", "Asian"),
            _cat("K", "Asian or Asian British – Bangladeshi", _B, "Asian", "Asian"),
            _cat("L", "Asian or Asian British – Any other Asian background", _B, "Asian", "Asian"),
            _cat("M", "Black or Black British – Caribbean", _B, "Black", "Black"),
            _cat("N", "Black or Black British – African", _B, "Black", "Black"),
            _cat("P", "Black or Black British – Any other Black background", _B, "Black", "Black"),
            # Chinese: 5-group "Other" by default, configurable (§3.1 note 1, see group5_of).
            _cat("R", "Other ethnic groups – Chinese", _B, "Other", "Chinese"),
            _cat("S", "Other ethnic groups – Any other ethnic group", _B, "Other", "Other"),
            # §3.2 2021-census additions.
            _cat("T", "White: Gypsy or Irish Traveller", _W, "White", "White Other"),
            _cat("ROMA", "White: Roma", _W, "White", "White Other"),
            _cat("ARAB", "Other ethnic group: Arab", _B, "Other", "Other"),
            # §3.3 rule 4: group-only BME labels ("BME", "BAME", "ethnic minority").
            _cat("BME", "BME (group only)", _B, "Unknown", "Unknown"),
            # Unknown (§3.1, §3.4).
            _cat(NOT_STATED_CODE, "Not stated (asked, chose not to say)", _U, "Unknown", "Unknown"),
            _cat(NOT_KNOWN_CODE, "Not known (not asked or not recorded)", _U, "Unknown", "Unknown"),
        ]
    )
)
"""Canonical code → category, in Data Dictionary order, then the 2021 additions, BME, Z and 99."""

# The national code reported in EthnicityParse.code for a canonical code; ROMA and BME have none (§3.2: code
# letters other than T are unconfirmed), ARAB is the project mapping to S (§3.2).
_NATIONAL_CODE: Mapping[str, str | None] = MappingProxyType(
    {code: code for code in CATEGORIES} | {"ROMA": None, "BME": None, "ARAB": "S"}
)

# ----------------------------------------------------------------------------------------------------
# Shipped vocabulary tables (§3.3 rules 2–4). Keys are label keys (see wres.vocab._text.label_key).

_BLANK_WORDS = frozenset({"", "null", "nan", "none", "<na>"})
"""Rule 2 (case-insensitive). ``<NA>`` is how pandas renders a missing value when it is turned into text."""

_UNKNOWN_CODES: Mapping[str, str] = MappingProxyType({"99": "99", "9": "99", "X": "99", "Z": "Z"})
"""Rule 3 whole-value codes (case-sensitive, like all code tokens)."""

UNKNOWN_WORDS: Mapping[str, str] = MappingProxyType(
    {
        # §3.3 rule 3, not-stated wording → Z.
        "not stated": "Z",
        "prefer not to say": "Z",
        "declined": "Z",
        "refused": "Z",
        "not declared": "Z",
        # Common equivalent wording in NHS recruitment and HR systems (same meaning, still Z).
        "i prefer not to say": "Z",
        "prefer not to state": "Z",
        "not disclosed": "Z",
        "do not wish to disclose": "Z",
        "i do not wish to disclose": "Z",
        "i do not wish to disclose my ethnic origin": "Z",
        "declined to answer": "Z",
        "refused to answer": "Z",
        "not stated asked chose not to say": "Z",  # the Data Dictionary label of Z
        # §3.3 rule 3, the rest → 99.
        "not known": "99",
        "unknown": "99",
        "not given": "99",
        "undefined": "99",
        "unspecified": "99",
        "n a": "99",  # "n/a"
        # Equivalent wording (still 99).
        "not recorded": "99",
        "not asked": "99",
        "not specified": "99",
        "not provided": "99",
        "not known not asked or not recorded": "99",  # the label of 99 in CATEGORIES
    }
)
"""Rule 3 whole-value Unknown wording: label key → ``Z`` (not stated) or ``99`` (not known)."""

# Rule 4 label synonyms are generated from the Data Dictionary, 2001/2011/2021-census and ESR headings
# (prefixes) and category labels (suffixes). A "bare" label is accepted alone and after a heading of its
# group; a "headed" label only after a heading (so "british" alone is not read as White British, nor "other"
# as C).
_WHITE_HEADINGS = ("white",)
_MIXED_HEADINGS = (
    "mixed",
    "mixed or multiple ethnic groups",
    "mixed or multiple ethnic group",
    "mixed multiple ethnic groups",
    "mixed multiple ethnic group",
    "mixed or multiple",
    "mixed multiple",
)
_ASIAN_HEADINGS = (
    "asian",
    "asian or asian british",
    "asian asian british",
    "asian british",
    "asian asian british or asian welsh",
    "asian or asian british or asian welsh",
    "asian asian british asian welsh",
)
_BLACK_HEADINGS = (
    "black",
    "black or black british",
    "black black british",
    "black british",
    "black african caribbean or black british",
    "black african caribbean black british",
    "black or african or caribbean or black british",
    "black black british caribbean or african",
    "black black british black welsh caribbean or african",
)
_OTHER_HEADINGS = (
    "other",
    "other ethnic group",
    "other ethnic groups",
    "other ethnic",
    "other ethnic background",
)
_CHINESE_OR_OTHER_HEADING = ("chinese or other ethnic group",)  # 2001 census heading covering R and S

_BRITISH_FORMS = (
    "british",
    "english",
    "welsh",
    "scottish",
    "northern irish",
    "english welsh scottish northern irish or british",
    "english welsh scottish northern irish british",
    "english or welsh or scottish or northern irish or british",
    "british english welsh scottish northern irish",
    "english welsh scottish or northern irish",
    "english welsh scottish or northern irish or british",
)

# canonical code → (headings, bare labels, headed-only labels)
_SYNONYM_SPEC: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "A": (_WHITE_HEADINGS, (), _BRITISH_FORMS),
    "B": (_WHITE_HEADINGS, ("irish",), ()),
    "C": (
        _WHITE_HEADINGS,
        (
            "any other white background",
            "any other white",
            "other white background",
            "other white",
            "white other",
            "white other background",
        ),
        ("other", "any other background", "other background", "other european", "any other"),
    ),
    "T": (
        _WHITE_HEADINGS,
        (
            "gypsy or irish traveller",
            "gypsy irish traveller",
            "gypsy and irish traveller",
            "gypsy or traveller",
            "gypsy traveller",
            "irish traveller",
            "gypsy",
            "romany gypsy",
            "gypsy romany",
        ),
        (),
    ),
    "ROMA": (_WHITE_HEADINGS, ("roma",), ()),
    "D": (_MIXED_HEADINGS, ("white and black caribbean", "white black caribbean"), ()),
    "E": (_MIXED_HEADINGS, ("white and black african", "white black african"), ()),
    "F": (_MIXED_HEADINGS, ("white and asian", "white asian"), ()),
    "G": (
        _MIXED_HEADINGS,
        (
            "any other mixed background",
            "any other mixed",
            "other mixed background",
            "other mixed",
            "any other mixed or multiple ethnic background",
            "any other mixed multiple ethnic background",
            "any other mixed or multiple background",
            "any other mixed ethnic background",
            "mixed other",
        ),
        ("other", "any other", "any other background", "other background"),
    ),
    "H": (_ASIAN_HEADINGS, ("indian", "indian or british indian", "british indian"), ()),
    "J": (_ASIAN_HEADINGS, ("pakistani", "pakistani or british pakistani", "british pakistani"), ()),
    "K": (_ASIAN_HEADINGS, ("bangladeshi", "bangladeshi or british bangladeshi", "british bangladeshi"), ()),
    "L": (
        _ASIAN_HEADINGS,
        (
            "any other asian background",
            "any other asian",
            "other asian background",
            "other asian",
            "asian other",
        ),
        ("other", "any other", "any other background", "other background"),
    ),
    "M": (_BLACK_HEADINGS, ("caribbean",), ()),
    "N": (_BLACK_HEADINGS, ("african",), ()),
    "P": (
        _BLACK_HEADINGS,
        (
            "any other black background",
            "any other black",
            "other black background",
            "other black",
            "black other",
            "any other black african or caribbean background",
            "any other black african caribbean background",
            "any other black black british or caribbean background",
            "any other black or black british background",
        ),
        ("other", "any other", "any other background", "other background"),
    ),
    "R": (_ASIAN_HEADINGS + _OTHER_HEADINGS + _CHINESE_OR_OTHER_HEADING, ("chinese",), ()),
    "S": (
        _OTHER_HEADINGS + _CHINESE_OR_OTHER_HEADING,
        ("any other ethnic group", "any other ethnic background", "any other group"),
        ("any other", "other"),
    ),
    "ARAB": (_OTHER_HEADINGS, ("arab",), ()),
}


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}

    def put(key: str, code: str) -> None:
        key = label_key(key)
        previous = table.setdefault(key, code)
        if previous != code:  # pragma: no cover - guards the shipped table itself
            raise AssertionError(f"ethnicity synonym {key!r} maps to both {previous} and {code}")

    for code, (headings, bare, headed) in _SYNONYM_SPEC.items():
        for label in bare:
            put(label, code)
        for heading in headings:
            for label in bare + headed:
                put(f"{heading} {label}", code)
    return table


LABEL_SYNONYMS: Mapping[str, str] = MappingProxyType(_build_synonyms())
"""Rule 4 shipped label synonyms: label key → canonical code (status ``label``)."""


def _build_group_only() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, headings in (
        ("C", _WHITE_HEADINGS),
        ("G", _MIXED_HEADINGS),
        ("L", _ASIAN_HEADINGS),
        ("P", _BLACK_HEADINGS),
        ("S", _OTHER_HEADINGS),
    ):
        for heading in headings:
            table[heading] = code
            table[f"{heading} unspecified"] = code  # ESR "White Unspecified" and its siblings
    for bme in (
        "bme",
        "bame",
        "ethnic minority",
        "ethnic minorities",
        "minority ethnic",
        "black and minority ethnic",
        "black and ethnic minority",
        "black asian and minority ethnic",
        "global majority",
        "non white",
    ):
        table[bme] = "BME"
    table["bme group only"] = "BME"  # the label of BME in CATEGORIES
    return {label_key(k): v for k, v in table.items()}


GROUP_ONLY_LABELS: Mapping[str, str] = MappingProxyType(_build_group_only())
"""Rule 4 group-only labels: label key → canonical code (status ``group_only``). "white" → C, "mixed" → G,
"asian" → L, "black" → P, "other" → S (with their census/Data Dictionary headings); "BME", "BAME", "ethnic
minority" and the like → BME with 5- and 9-group Unknown."""

# Rule 5: leading code token and the words used by its two checks.
_CODE_TOKEN = re.compile(r"(99|[ABCDEFGHJKLMNPRSTZ][A-Z0-9]?)(?=$|[ \-:.)])")
_SEPARATORS = " -:.)"
_GROUP_WORDS = frozenset({"white", "mixed", "asian", "black", "chinese", "other", "any", "not"})
_DECISIVE_WORDS: Mapping[str, WresGroup] = MappingProxyType(
    {"white": _W, "mixed": _B, "asian": _B, "black": _B, "chinese": _B, "not": _U}
)
_LOCAL_CODE = re.compile(r"[ABCDEFGHJKLMNPRSTZ][A-Z0-9]")
_CHINESE_5GROUP_CHOICES = frozenset({"Other", "Asian"})


@dataclass(frozen=True)
class EthnicityConfig:
    """Configurable parts of the ethnicity vocabulary (§3.1 note 1, §3.3 rules 4–5).

    * ``chinese_in_5group`` — ``"Other"`` (default, the Data Dictionary hierarchy) or ``"Asian"``
      (config key ``ethnicity.chinese_in_5group``).
    * ``local_codes`` — two-character local codes accepted as a leading token whatever text follows (for
      example ``"SC"`` so that ``SC Filipino`` reads as S); config key ``ethnicity.local_codes``.
    * ``extra_synonyms`` — extra label synonyms, label → canonical code; they take precedence over the shipped
      tables of rule 4. Keys are normalised like any label (case and punctuation are ignored).

    Instances are immutable and hashable (the parse cache is keyed on them).
    """

    chinese_in_5group: str = "Other"
    local_codes: frozenset[str] = frozenset()
    extra_synonyms: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.chinese_in_5group not in _CHINESE_5GROUP_CHOICES:
            raise ValueError(f"ethnicity.chinese_in_5group must be 'Other' or 'Asian', not {self.chinese_in_5group!r}")
        local = frozenset(self.local_codes)
        for code in local:
            if not isinstance(code, str) or not _LOCAL_CODE.fullmatch(code):
                raise ValueError(
                    f"ethnicity.local_codes entry {code!r} is not a two-character code starting with a "
                    "national letter (A-H, J-N, P, R-T, Z) followed by an upper-case letter or digit"
                )
        extra: dict[str, str] = {}
        for label, target in self.extra_synonyms.items():
            key = label_key(label)
            code = target.strip().upper()
            if not key:
                raise ValueError(f"ethnicity.extra_synonyms label {label!r} is empty after normalisation")
            if code not in CATEGORIES:
                raise ValueError(
                    f"ethnicity.extra_synonyms maps {label!r} to {target!r}, which is not an ethnicity code "
                    f"(expected one of {', '.join(CATEGORIES)})"
                )
            extra[key] = code
        object.__setattr__(self, "local_codes", local)
        object.__setattr__(self, "extra_synonyms", freeze_mapping(extra))

    def __hash__(self) -> int:
        return hash((self.chinese_in_5group, self.local_codes, frozenset(self.extra_synonyms.items())))


DEFAULT_ETHNICITY_CONFIG = EthnicityConfig()
"""The project defaults: Chinese under Other, no local codes, no extra synonyms."""


@dataclass(frozen=True)
class EthnicityParse:
    """The reading of one raw ethnicity value (§3.3).

    ``code`` is the national code as in the §3.3 example table (``C3`` → ``C``; ``Arab`` → ``S``), or ``None``
    where that table shows "–" (blank, conflict, unrecognised, group-only BME) and for Roma, which has no
    confirmed code letter (§3.2). ``canonical_code`` is always a key of :data:`CATEGORIES` and carries the
    groupings; ``group5`` honours the config's ``chinese_in_5group``.
    """

    raw: str | None
    code: str | None
    canonical_code: str
    wres_group: WresGroup
    group5: str
    group9: str
    status: ParseStatus


def _category(code: str) -> EthnicCategory:
    try:
        return CATEGORIES[code]
    except KeyError:
        raise ValueError(
            f"{code!r} is not a canonical ethnicity code (expected one of {', '.join(CATEGORIES)})"
        ) from None


def wres_group_of(code: str) -> WresGroup:
    """The WRES group (White / BME / Unknown) of a canonical code (§3.4)."""
    return _category(code).wres_group


def group5_of(code: str, config: EthnicityConfig = DEFAULT_ETHNICITY_CONFIG) -> str:
    """The 5-group of a canonical code (§3.4); Chinese (``R``) follows ``config.chinese_in_5group`` (§3.1)."""
    category = _category(code)
    if code == "R":
        return config.chinese_in_5group
    return category.group5


def group9_of(code: str) -> str:
    """The 9-group of a canonical code (§3.4)."""
    return _category(code).group9


def _result(
    raw: str | None, code: str | None, canonical: str, status: ParseStatus, config: EthnicityConfig
) -> EthnicityParse:
    category = CATEGORIES[canonical]
    return EthnicityParse(
        raw=raw,
        code=code,
        canonical_code=canonical,
        wres_group=category.wres_group,
        group5=group5_of(canonical, config),
        group9=category.group9,
        status=status,
    )


def _unknown(raw: str | None, status: ParseStatus, config: EthnicityConfig) -> EthnicityParse:
    return _result(raw, None, NOT_KNOWN_CODE, status, config)


_SHIPPED_LABELS: Mapping[str, str] = MappingProxyType({**GROUP_ONLY_LABELS, **LABEL_SYNONYMS})


def _label_status(code: str, group_only: bool) -> ParseStatus:
    if code == NOT_STATED_CODE:
        return ParseStatus.NOT_STATED
    if code == NOT_KNOWN_CODE:
        return ParseStatus.NOT_KNOWN
    if group_only or code == "BME":
        return ParseStatus.GROUP_ONLY
    return ParseStatus.LABEL


def _lookup_label(key: str, config: EthnicityConfig) -> tuple[str, bool] | None:
    """(canonical code, is group-only) for a whole-value label key, or None (rule 4)."""
    extra = config.extra_synonyms
    if key in extra:
        return extra[key], False
    if key in _SHIPPED_LABELS:
        return _SHIPPED_LABELS[key], key not in LABEL_SYNONYMS
    return None


@lru_cache(maxsize=1 << 16)
def _parse_cached(raw: str | None, config: EthnicityConfig) -> EthnicityParse:
    if raw is None:
        return _unknown(raw, ParseStatus.BLANK, config)
    # Rule 1: normalise.
    text = normalise_text(raw)
    # Rule 2: blank.
    if text.casefold() in _BLANK_WORDS:
        return _unknown(raw, ParseStatus.BLANK, config)
    key = label_key(text)
    # Rule 3: whole-value Unknown vocabulary (codes case-sensitive, wording case- and punctuation-blind).
    unknown = _UNKNOWN_CODES.get(text) or UNKNOWN_WORDS.get(key)
    if unknown is not None:
        status = ParseStatus.NOT_STATED if unknown == NOT_STATED_CODE else ParseStatus.NOT_KNOWN
        return _result(raw, unknown, unknown, status, config)
    # Rule 4: whole-value label synonyms and group-only labels.
    found = _lookup_label(key, config)
    if found is not None:
        canonical, group_only = found
        return _result(raw, _NATIONAL_CODE[canonical], canonical, _label_status(canonical, group_only), config)
    # Rule 5: leading code token. A token written in lower or mixed case ("n black or black british - african")
    # is read as its upper-case form only when a label follows it that starts with a group word or is a known
    # label (issue 13): a bare "f" or "m" (a gender column mapped by mistake) is not a code.
    match = _CODE_TOKEN.match(text)
    folded = match is None
    if folded:
        match = _CODE_TOKEN.match(text[:2].upper() + text[2:])
    if match is not None:
        token = match.group(1)
        rest = text[match.end() :].lstrip(_SEPARATORS)
        rest_words = label_key(rest).split()
        if folded and not (
            rest_words and (rest_words[0] in _GROUP_WORDS or _lookup_label(" ".join(rest_words), config) is not None)
        ):
            return _unknown(raw, ParseStatus.UNRECOGNISED, config)
        if len(token) == 2 and token != NOT_KNOWN_CODE:
            accepted = (
                token in config.local_codes
                or (bool(rest_words) and rest_words[0] in _GROUP_WORDS)
                or _lookup_label(" ".join(rest_words), config) is not None
            )
            if not accepted:
                return _unknown(raw, ParseStatus.UNRECOGNISED, config)
        national = NOT_KNOWN_CODE if token == NOT_KNOWN_CODE else token[0]
        expected = CATEGORIES[national].wres_group
        # Project refinement of the consistency check: a following label that is itself a known synonym of a
        # category in the code's own WRES group (e.g. "D White and Black Caribbean") is consistent.
        label = _lookup_label(" ".join(rest_words), config) if rest_words else None
        consistent_label = label is not None and CATEGORIES[label[0]].wres_group == expected
        decisive = next((_DECISIVE_WORDS[w] for w in rest_words if w in _DECISIVE_WORDS), None)
        if not consistent_label and decisive is not None and decisive != expected:
            return _unknown(raw, ParseStatus.CONFLICT, config)
        if national == NOT_STATED_CODE:
            status = ParseStatus.NOT_STATED
        elif national == NOT_KNOWN_CODE:
            status = ParseStatus.NOT_KNOWN
        else:
            status = ParseStatus.CODE
        return _result(raw, national, national, status, config)
    # Rule 6: never guess.
    return _unknown(raw, ParseStatus.UNRECOGNISED, config)


def parse_ethnicity(raw: str | None, config: EthnicityConfig = DEFAULT_ETHNICITY_CONFIG) -> EthnicityParse:
    """Parse one raw ethnicity value by the algorithm of wres-domain.md §3.3 (first rule that applies wins).

    1. Normalise (NFKC, dashes, ``&`` → ``and``, whitespace). Labels match case- and punctuation-blind; code
       tokens match case-sensitively, except as rule 5 allows.
    2. Blank (empty, whitespace, ``NULL``, ``NaN``, ``None``; also ``<NA>``) → Unknown, ``blank``.
    3. Whole-value Unknown vocabulary (``99``, ``9``, ``X``, ``Z``, "not stated", "not known", …) → ``Z`` with
       ``not_stated`` for not-stated wording (and the code ``Z``), else ``99`` with ``not_known``.
    4. Whole-value label synonyms (:data:`LABEL_SYNONYMS`, overridden by ``config.extra_synonyms``) →
       ``label``; group-only labels (:data:`GROUP_ONLY_LABELS`) → ``group_only``.
    5. Leading code token (``99`` or a national letter, optionally one more upper-case letter or digit, then
       end or a separator). The national code is the first character. A token in lower or mixed case
       (``n black or black british - african``) reads as its upper-case form only when text follows that starts
       with a group word or is a known label (issue 13); a bare lower-case letter is not a code. A
       two-character token needs following text that starts with a group word or is a known label, or must be
       in ``config.local_codes``. The first decisive group word of the following text must agree with the
       code's WRES group, else ``conflict``.
    6. Anything else → Unknown, ``unrecognised``.

    Results are cached on ``(raw, config)``. Never raises for any text; a non-string value is read as its
    ``str()`` (``None`` is blank).
    """
    if raw is not None and not isinstance(raw, str):
        raw = str(raw)
    return _parse_cached(raw, config)


def parse_many(
    values: Iterable[str | None], config: EthnicityConfig = DEFAULT_ETHNICITY_CONFIG
) -> dict[str | None, EthnicityParse]:
    """Parse each distinct value once: raw value → its parse (§3.3), in first-seen order.

    Keys are the values as given (``None`` included), so ``{v: p.wres_group for v, p in ...}`` maps a column.
    """
    parsed: dict[str | None, EthnicityParse] = {}
    for value in values:
        if value not in parsed:
            parsed[value] = parse_ethnicity(value, config)
    return parsed
