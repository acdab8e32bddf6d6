"""ESR staff group names and their tolerant parser (wres-domain.md §4.3).

Private module so that :mod:`wres.vocab.bands` (which needs to recognise Medical and Dental) and
:mod:`wres.vocab.staff_groups` (which needs the band codes) do not import each other. Use
:mod:`wres.vocab.staff_groups`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from wres.vocab._text import label_key, normalise_text

__all__ = [
    "MEDICAL_AND_DENTAL",
    "STAFF_GROUPS",
    "STAFF_GROUP_SYNONYMS",
    "parse_staff_group",
    "staff_group_key",
]

ADD_PROF = "Add Prof Scientific and Technic"
ADDITIONAL_CLINICAL = "Additional Clinical Services"
ADMIN = "Administrative and Clerical"
AHP = "Allied Health Professionals"
ESTATES = "Estates and Ancillary"
SCIENTISTS = "Healthcare Scientists"
MEDICAL_AND_DENTAL = "Medical and Dental"
NURSING = "Nursing and Midwifery Registered"
STUDENTS = "Students"

STAFF_GROUPS: tuple[str, ...] = (
    ADD_PROF,
    ADDITIONAL_CLINICAL,
    ADMIN,
    AHP,
    ESTATES,
    SCIENTISTS,
    MEDICAL_AND_DENTAL,
    NURSING,
    STUDENTS,
)
"""The nine ESR staff groups, spelt exactly as ESR writes them, in the order of §4.3."""

# A leading ESR numeric prefix: "002 Add Prof Scientific and Technic", "03 - Administrative and Clerical".
_NUMERIC_PREFIX = re.compile(r"^\d+\s*[-.:)]?\s*")


def staff_group_key(raw: str) -> str:
    """Matching key: case-blind, ``&`` = "and", punctuation/whitespace tolerant, numeric prefix dropped."""
    return label_key(_NUMERIC_PREFIX.sub("", normalise_text(raw)))


_VARIANTS: dict[str, tuple[str, ...]] = {
    ADD_PROF: (
        "Add Prof Scientific and Technical",
        "Add Prof Sci and Tech",
        "Add Prof Scientific Technic",
        "Additional Prof Scientific and Technical",
        "Additional Professional Scientific and Technical",
        "Additional Professional Scientific and Technical Staff",
    ),
    ADDITIONAL_CLINICAL: ("Additional Clinical Service", "Additional Clinical Services Staff"),
    ADMIN: (
        "Admin and Clerical",
        "Admin Clerical",
        "Administrative Clerical",
        "Administration and Clerical",
        "Administrative and Clerical Staff",
    ),
    AHP: (
        "Allied Health Professional",
        "Allied Health Profession",
        "Allied Health Professions",
        "AHP",
        "AHPs",
    ),
    ESTATES: ("Estates and Ancillary Staff", "Estates Ancillary"),
    SCIENTISTS: ("Healthcare Scientist", "Health Care Scientists", "Health Care Scientist"),
    MEDICAL_AND_DENTAL: ("Medical Dental", "M and D", "Medical and Dental Staff"),
    NURSING: (
        "Nursing and Midwifery Registered Staff",
        "Nursing Midwifery Registered",
        "Registered Nursing and Midwifery",
        "Nursing and Midwifery (Registered)",
        "Registered Nurses and Midwives",
    ),
    STUDENTS: ("Student",),
}

STAFF_GROUP_SYNONYMS: Mapping[str, str] = MappingProxyType(
    {staff_group_key(name): name for name in STAFF_GROUPS}
    | {staff_group_key(variant): name for name, variants in _VARIANTS.items() for variant in variants}
)
"""Matching key → canonical ESR staff group name."""


@lru_cache(maxsize=4096)
def parse_staff_group(raw: str | None) -> str | None:
    """The canonical ESR staff group name for ``raw``, or ``None`` when it is not one of the nine (§4.3).

    Case-insensitive; ``&`` = "and"; whitespace and punctuation tolerant; a leading ESR numeric prefix
    (``002 Add Prof Scientific and Technic``) is ignored. An unknown staff group is never guessed.
    """
    if raw is None:
        return None
    return STAFF_GROUP_SYNONYMS.get(staff_group_key(str(raw)))
