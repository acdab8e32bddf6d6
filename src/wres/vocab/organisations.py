"""Organisation vocabulary: ODS codes, organisation types and the seven NHS England regions (issue 18).

Pure functions over one raw value each, cached, tolerant of the spellings real files use:

* :func:`parse_org_type` maps a type as written — wres's own code (``acute``), a label (``Mental health``), or an NHS
  Staff Survey "Benchmarking group" (``Mental Health & Learning Disability and Mental Health, Learning Disability &
  Community Trusts``) — onto one code of :data:`ORG_TYPES`;
* :func:`parse_region` maps ``North East & Yorkshire``, ``north east and yorkshire``, ``NHS England London`` or
  ``East`` onto one of the seven :data:`REGIONS`;
* :func:`valid_ods` checks an ODS organisation code (3 to 5 upper-case letters or digits, as the canonical
  ``organisations`` table requires).

Trusts (:data:`TRUST_TYPES`) are compared with each other; commissioners (ICBs, CCGs), support units and
social enterprises have their own types and are never put into a trust peer group.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from wres.vocab._text import label_key

__all__ = [
    "ORG_TYPES",
    "ORG_TYPE_LABELS",
    "REGIONS",
    "TRUST_TYPES",
    "is_trust",
    "parse_org_type",
    "parse_region",
    "valid_ods",
]

ORG_TYPE_LABELS: Final[dict[str, str]] = {
    "acute": "Acute and acute & community trust",
    "acute_specialist": "Acute specialist trust",
    "mental_health": "Mental health & learning disability (and community) trust",
    "community": "Community trust",
    "ambulance": "Ambulance trust",
    "icb": "Integrated care board",
    "ccg": "Clinical commissioning group",
    "csu": "Commissioning support unit",
    "social_enterprise": "Social enterprise",
    "independent": "Independent sector provider",
    "other": "Other organisation",
}
"""Every organisation type code with its label."""
ORG_TYPES: Final = tuple(ORG_TYPE_LABELS)
TRUST_TYPES: Final = frozenset({"acute", "acute_specialist", "mental_health", "community", "ambulance"})
"""The NHS trust types: benchmarked against each other. Every other type is its own peer group."""

REGIONS: Final = (
    "East of England",
    "London",
    "Midlands",
    "North East and Yorkshire",
    "North West",
    "South East",
    "South West",
)
"""The seven NHS England regions (since 2020), as NHS England spells them."""

_TYPE_SYNONYMS: Final[dict[str, str]] = {
    # wres's own labels and the synthetic data's
    "acute": "acute",
    "acute trust": "acute",
    "acute and community": "acute",
    "acute specialist": "acute_specialist",
    "specialist": "acute_specialist",
    "specialist trust": "acute_specialist",
    "mental health": "mental_health",
    "mental health trust": "mental_health",
    "mental health and learning disability": "mental_health",
    "community": "community",
    "community trust": "community",
    "ambulance": "ambulance",
    "ambulance trust": "ambulance",
    "icb": "icb",
    "integrated care board": "icb",
    "ccg": "ccg",
    "clinical commissioning group": "ccg",
    "csu": "csu",
    "commissioning support unit": "csu",
    "social enterprise": "social_enterprise",
    "independent": "independent",
    "independent sector": "independent",
    "other": "other",
    # NHS Staff Survey "Benchmarking group" values (2021-2024)
    "acute and acute and community trusts": "acute",
    "acute specialist trusts": "acute_specialist",
    "mental health and learning disability and mental health learning disability and community trusts": (
        "mental_health"
    ),
    "community trusts": "community",
    "ambulance trusts": "ambulance",
    "icbs": "icb",
    "ccgs": "ccg",
    "csus": "csu",
    "social enterprises community": "social_enterprise",
    "social enterprises mental health": "social_enterprise",
    "community surgical services": "independent",
}
_TYPE_SYNONYMS.update({label_key(label): code for code, label in ORG_TYPE_LABELS.items()})
_TYPE_SYNONYMS.update({label_key(code): code for code in ORG_TYPE_LABELS})

_REGION_SYNONYMS: Final[dict[str, str]] = {label_key(r): r for r in REGIONS}
_REGION_SYNONYMS.update(
    {
        "east": "East of England",
        "east of england": "East of England",
        "north east yorkshire": "North East and Yorkshire",
        "north east and yorkshire": "North East and Yorkshire",
        "ney": "North East and Yorkshire",
        "nw": "North West",
        "se": "South East",
        "sw": "South West",
        "eoe": "East of England",
    }
)
_ODS: Final = re.compile(r"[A-Z0-9]{3,5}")


@cache
def parse_org_type(raw: str) -> str | None:
    """The type code of ``raw`` (a code, a label or a Staff Survey benchmarking group), or None if unknown."""
    key = label_key(raw)
    if key in _TYPE_SYNONYMS:
        return _TYPE_SYNONYMS[key]
    if key.endswith(" trusts") and key[:-1] in _TYPE_SYNONYMS:
        return _TYPE_SYNONYMS[key[:-1]]
    return None


@cache
def parse_region(raw: str) -> str | None:
    """The NHS England region ``raw`` names (``&`` or ``and``, any case, an ``NHS England`` prefix or a ``region``
    suffix allowed), or None if it names none of the seven."""
    key = label_key(raw)
    for prefix in ("nhs england ", "nhse "):
        key = key.removeprefix(prefix)
    key = key.removesuffix(" region").removesuffix(" commissioning region")
    return _REGION_SYNONYMS.get(key)


def valid_ods(code: str) -> bool:
    """Whether ``code`` is an ODS organisation code: 3 to 5 upper-case letters or digits."""
    return bool(_ODS.fullmatch(code))


def is_trust(org_type: str | None) -> bool:
    """Whether an organisation of type ``org_type`` (a code of :data:`ORG_TYPES`) is an NHS trust."""
    return org_type in TRUST_TYPES
