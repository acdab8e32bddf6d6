"""ESR staff groups and the clinical / non-clinical split (wres-domain.md §4.3).

The project default classifies by ESR staff group; an occupation-code map and a per-person flag override it
(precedence: person flag > occupation code > staff group). An unknown staff group is reported, not defaulted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from wres.vocab._staff_group_names import (
    ADD_PROF,
    ADDITIONAL_CLINICAL,
    ADMIN,
    AHP,
    ESTATES,
    MEDICAL_AND_DENTAL,
    NURSING,
    SCIENTISTS,
    STAFF_GROUP_SYNONYMS,
    STAFF_GROUPS,
    STUDENTS,
    parse_staff_group,
    staff_group_key,
)
from wres.vocab._text import freeze_mapping, label_key
from wres.vocab.bands import MEDICAL_SUBGROUPS

__all__ = [
    "DEFAULT_CLASS",
    "DEFAULT_STAFF_GROUP_CONFIG",
    "MEDICAL_AND_DENTAL",
    "STAFF_GROUPS",
    "STAFF_GROUP_SYNONYMS",
    "StaffCategory",
    "StaffClass",
    "StaffGroupConfig",
    "category_of",
    "classify",
    "parse_staff_class",
    "parse_staff_group",
]


class StaffClass(StrEnum):
    """Clinical or non-clinical, for the two halves of indicator 1 (§4.3)."""

    CLINICAL = "clinical"
    NON_CLINICAL = "non_clinical"


class StaffCategory(StrEnum):
    """The indicator 1 tables (§4.1, §4.3): non-clinical and clinical by band, medical by subgroup."""

    NON_CLINICAL = "non_clinical"
    CLINICAL_AFC = "clinical_afc"
    MEDICAL_DENTAL = "medical_dental"


DEFAULT_CLASS: Mapping[str, StaffClass] = MappingProxyType(
    {
        ADD_PROF: StaffClass.CLINICAL,
        ADDITIONAL_CLINICAL: StaffClass.CLINICAL,
        ADMIN: StaffClass.NON_CLINICAL,
        AHP: StaffClass.CLINICAL,
        ESTATES: StaffClass.NON_CLINICAL,
        SCIENTISTS: StaffClass.CLINICAL,
        MEDICAL_AND_DENTAL: StaffClass.CLINICAL,
        NURSING: StaffClass.CLINICAL,
        STUDENTS: StaffClass.CLINICAL,
    }
)
"""Default class of each ESR staff group (§4.3 table)."""

_CLASS_WORDS: Mapping[str, StaffClass] = MappingProxyType(
    {
        "clinical": StaffClass.CLINICAL,
        "non clinical": StaffClass.NON_CLINICAL,
        "nonclinical": StaffClass.NON_CLINICAL,
    }
)


def parse_staff_class(value: str | StaffClass) -> StaffClass:
    """Read a class name: ``clinical``, ``non_clinical``, ``Non-clinical``, ``non clinical`` (case-blind).

    Raises ``ValueError`` for anything else (used to validate configuration).
    """
    found = _CLASS_WORDS.get(label_key(str(value)))
    if found is None:
        raise ValueError(f"{value!r} is not a staff class (expected 'clinical' or 'non_clinical')")
    return found


def _occupation_key(code: str) -> str:
    return " ".join(str(code).split()).casefold()


def _group_override_key(group: str) -> str:
    canonical = parse_staff_group(group)
    return staff_group_key(canonical if canonical is not None else group)


@dataclass(frozen=True)
class StaffGroupConfig:
    """Overrides of the clinical / non-clinical split (§4.3, §10 item 17).

    * ``class_overrides`` — staff group → class, replacing the §4.3 default for that group. Keys are matched
      like staff groups (an ESR group in any spelling, or a local group name); values are ``"clinical"`` or
      ``"non_clinical"`` (``"Non-clinical"`` etc. accepted).
    * ``occupation_class_map`` — ESR occupation code → class (config key ``staff.occupation_class_map``);
      codes match case-insensitively with whitespace collapsed.

    Instances are immutable and hashable; keys and values are stored normalised.
    """

    class_overrides: Mapping[str, str] = field(default_factory=dict)
    occupation_class_map: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        overrides = {_group_override_key(k): parse_staff_class(v) for k, v in self.class_overrides.items()}
        occupations = {_occupation_key(k): parse_staff_class(v) for k, v in self.occupation_class_map.items()}
        object.__setattr__(self, "class_overrides", freeze_mapping(overrides))
        object.__setattr__(self, "occupation_class_map", freeze_mapping(occupations))

    def __hash__(self) -> int:
        return hash((frozenset(self.class_overrides.items()), frozenset(self.occupation_class_map.items())))


DEFAULT_STAFF_GROUP_CONFIG = StaffGroupConfig()
"""No overrides: the staff-group defaults of §4.3."""


def classify(
    staff_group: str | None,
    occupation_code: str | None = None,
    person_flag: bool | None = None,
    config: StaffGroupConfig = DEFAULT_STAFF_GROUP_CONFIG,
) -> StaffClass | None:
    """Clinical or non-clinical for one person (§4.3).

    Precedence: ``person_flag`` (``True`` = clinical, ``False`` = non-clinical) >
    ``config.occupation_class_map`` for ``occupation_code`` > ``config.class_overrides`` / the §4.3 default
    for ``staff_group``. Returns ``None`` when none applies — in particular for an unknown staff group, which
    is reported, not defaulted.
    """
    if person_flag is not None:
        return StaffClass.CLINICAL if person_flag else StaffClass.NON_CLINICAL
    if occupation_code is not None:
        by_occupation = config.occupation_class_map.get(_occupation_key(occupation_code))
        if by_occupation is not None:
            return StaffClass(by_occupation)
    if staff_group is None:
        return None
    override = config.class_overrides.get(_group_override_key(staff_group))
    if override is not None:
        return StaffClass(override)
    canonical = parse_staff_group(staff_group)
    return DEFAULT_CLASS[canonical] if canonical is not None else None


def category_of(staff_class: StaffClass | str | None, band_code: str | None) -> StaffCategory | None:
    """The indicator 1 table a person belongs to (§4.1, §4.3).

    A medical and dental subgroup band (``MD_*``) → ``MEDICAL_DENTAL`` whatever the class; otherwise
    clinical → ``CLINICAL_AFC`` and non-clinical → ``NON_CLINICAL`` (VSM, ``OTHER_PAY`` and ``UNMAPPED`` rows
    sit in those tables too); ``None`` when the class is unknown.
    """
    if band_code in MEDICAL_SUBGROUPS:
        return StaffCategory.MEDICAL_DENTAL
    if staff_class is None:
        return None
    if parse_staff_class(staff_class) is StaffClass.CLINICAL:
        return StaffCategory.CLINICAL_AFC
    return StaffCategory.NON_CLINICAL
