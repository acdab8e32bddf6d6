"""Tests for wres.vocab.staff_groups against wres-domain.md §4.3."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wres.vocab import (
    BAND_CODES,
    DEFAULT_CLASS,
    DEFAULT_STAFF_GROUP_CONFIG,
    MEDICAL_AND_DENTAL,
    MEDICAL_SUBGROUPS,
    STAFF_GROUPS,
    StaffCategory,
    StaffClass,
    StaffGroupConfig,
    category_of,
    classify,
    parse_staff_class,
    parse_staff_group,
)

CLIN, NON = StaffClass.CLINICAL, StaffClass.NON_CLINICAL

# §4.3 table, typed in independently.
SECTION_4_3 = {
    "Add Prof Scientific and Technic": CLIN,
    "Additional Clinical Services": CLIN,
    "Administrative and Clerical": NON,
    "Allied Health Professionals": CLIN,
    "Estates and Ancillary": NON,
    "Healthcare Scientists": CLIN,
    "Medical and Dental": CLIN,
    "Nursing and Midwifery Registered": CLIN,
    "Students": CLIN,
}


def test_staff_groups_exactly_as_esr_writes_them() -> None:
    assert list(SECTION_4_3) == list(STAFF_GROUPS)
    assert MEDICAL_AND_DENTAL == "Medical and Dental"


def test_enums() -> None:
    assert [c.value for c in StaffClass] == ["clinical", "non_clinical"]
    assert [c.value for c in StaffCategory] == ["non_clinical", "clinical_afc", "medical_dental"]


@pytest.mark.parametrize(("group", "expected"), SECTION_4_3.items())
def test_default_class(group: str, expected: StaffClass) -> None:
    assert DEFAULT_CLASS[group] is expected
    assert classify(group) is expected


@pytest.mark.parametrize("group", STAFF_GROUPS)
def test_each_name_and_mechanical_variants(group: str) -> None:
    variants = [
        group,
        group.upper(),
        group.lower(),
        f"  {group}  ",
        group.replace(" ", "   "),
        group.replace(" and ", " & "),
        group.replace(" and ", "&"),
        f"002 {group}",
        f"02 - {group}",
        f"1. {group}",
        group.replace(" ", "_"),
    ]
    for raw in variants:
        assert parse_staff_group(raw) == group, raw


@pytest.mark.parametrize(
    ("raw", "group"),
    [
        ("002 Add Prof Scientific and Technic", "Add Prof Scientific and Technic"),
        ("Add Prof Scientific & Technical", "Add Prof Scientific and Technic"),
        ("Additional Professional Scientific and Technical", "Add Prof Scientific and Technic"),
        ("Additional Clinical Service", "Additional Clinical Services"),
        ("Admin & Clerical", "Administrative and Clerical"),
        ("Administrative & Clerical", "Administrative and Clerical"),
        ("Admin/Clerical", "Administrative and Clerical"),
        ("Allied Health Professional", "Allied Health Professionals"),
        ("AHP", "Allied Health Professionals"),
        ("Estates & Ancillary", "Estates and Ancillary"),
        ("Healthcare Scientist", "Healthcare Scientists"),
        ("Health Care Scientists", "Healthcare Scientists"),
        ("Medical & Dental", "Medical and Dental"),
        ("M&D", "Medical and Dental"),
        ("Nursing & Midwifery Registered", "Nursing and Midwifery Registered"),
        ("Nursing and Midwifery (Registered)", "Nursing and Midwifery Registered"),
        ("Registered Nursing and Midwifery", "Nursing and Midwifery Registered"),
        ("Student", "Students"),
        ("Ｓｔｕｄｅｎｔｓ", "Students"),
    ],
)
def test_named_variants(raw: str, group: str) -> None:
    assert parse_staff_group(raw) == group


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "   ",
        "xyz",
        "Nursing and Midwifery",  # registered or not? never guessed
        "Nurses",
        "Medical",
        "Dental",
        "Clinical",
        "Other",
        "Bank",
        "Scientific",
        "002",
        "Administrative",
        "Estates",
    ],
)
def test_unknown_staff_group_is_none(raw: str | None) -> None:
    assert parse_staff_group(raw) is None
    assert classify(raw) is None


# ----------------------------------------------------------------------------------------------------
# classify: person flag > occupation-code map > staff-group default.


def test_classify_precedence() -> None:
    config = StaffGroupConfig(occupation_class_map={"G1A": "non_clinical", "N0A": "clinical"})
    admin, nursing = "Administrative and Clerical", "Nursing and Midwifery Registered"
    # Staff-group default.
    assert classify(admin, config=config) is NON
    assert classify(nursing, "ZZZ", config=config) is CLIN  # unmapped occupation: default applies
    # Occupation map beats the staff group.
    assert classify(nursing, "G1A", config=config) is NON
    assert classify(admin, "N0A", config=config) is CLIN
    assert classify(admin, " n0a ", config=config) is CLIN  # case/space tolerant
    # Person flag beats both.
    assert classify(nursing, "G1A", person_flag=True, config=config) is CLIN
    assert classify(admin, "N0A", person_flag=False, config=config) is NON
    assert classify(None, None, person_flag=True) is CLIN
    assert classify("xyz", None, person_flag=False) is NON
    # Unknown staff group with a mapped occupation.
    assert classify("xyz", "N0A", config=config) is CLIN
    # Nothing applies.
    assert classify(None) is None
    assert classify("xyz", "ZZZ", config=config) is None


def test_class_overrides() -> None:
    config = StaffGroupConfig(
        class_overrides={
            "Students": "non_clinical",
            "estates & ancillary": "Clinical",
            "Local Bank Pool": "non-clinical",
        }
    )
    assert classify("Students", config=config) is NON
    assert classify("002 Students", config=config) is NON
    assert classify("Estates and Ancillary", config=config) is CLIN
    assert classify("local bank pool", config=config) is NON  # a local group can be given a class
    assert classify("Nursing and Midwifery Registered", config=config) is CLIN  # untouched default
    # Occupation map and person flag still win over overrides.
    occupation = StaffGroupConfig(class_overrides={"Students": "non_clinical"}, occupation_class_map={"S1": "clinical"})
    assert classify("Students", "S1", config=occupation) is CLIN
    assert classify("Students", person_flag=True, config=config) is CLIN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("clinical", CLIN),
        ("Clinical", CLIN),
        ("non_clinical", NON),
        ("Non-clinical", NON),
        ("NON CLINICAL", NON),
        ("nonclinical", NON),
        (CLIN, CLIN),
    ],
)
def test_parse_staff_class(raw: str, expected: StaffClass) -> None:
    assert parse_staff_class(raw) is expected


@pytest.mark.parametrize("bad", ["", "medical", "clinical_afc", "yes"])
def test_parse_staff_class_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="not a staff class"):
        parse_staff_class(bad)


def test_config_validated_hashable_and_by_value() -> None:
    with pytest.raises(ValueError, match="not a staff class"):
        StaffGroupConfig(occupation_class_map={"G1A": "admin"})
    a = StaffGroupConfig(class_overrides={"Students": "non_clinical"}, occupation_class_map={"G1A": "clinical"})
    b = StaffGroupConfig(class_overrides={"STUDENTS": "Non-clinical"}, occupation_class_map={"g1a": "Clinical"})
    assert a == b
    assert hash(a) == hash(b)
    assert a != DEFAULT_STAFF_GROUP_CONFIG
    with pytest.raises(TypeError):
        a.class_overrides["x"] = "clinical"  # type: ignore[index]


# ----------------------------------------------------------------------------------------------------
# category_of (indicator 1 tables).


@pytest.mark.parametrize("band", MEDICAL_SUBGROUPS)
@pytest.mark.parametrize("staff_class", [CLIN, NON, None])
def test_medical_subgroups_are_medical_dental(band: str, staff_class: StaffClass | None) -> None:
    assert category_of(staff_class, band) is StaffCategory.MEDICAL_DENTAL


@pytest.mark.parametrize("band", [b for b in BAND_CODES if b not in MEDICAL_SUBGROUPS] + [None])
def test_other_bands_follow_the_class(band: str | None) -> None:
    assert category_of(CLIN, band) is StaffCategory.CLINICAL_AFC
    assert category_of(NON, band) is StaffCategory.NON_CLINICAL
    assert category_of("non_clinical", band) is StaffCategory.NON_CLINICAL
    assert category_of(None, band) is None


@given(st.one_of(st.none(), st.text(max_size=40)))
def test_property_parse_staff_group_total(raw: str | None) -> None:
    result = parse_staff_group(raw)
    assert result is None or result in STAFF_GROUPS
    assert classify(raw) in {None, CLIN, NON}
