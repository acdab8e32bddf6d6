"""Tests for wres.vocab.bands against wres-domain.md §4.1 and §4.2."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wres.vocab import (
    AFC_BANDS,
    BAND_CODES,
    BANDS,
    CLUSTER_LABELS,
    CLUSTERS,
    DEFAULT_BAND_CONFIG,
    MEDICAL_AND_DENTAL,
    MEDICAL_SUBGROUPS,
    NON_MEDICAL_BANDS,
    STAFF_GROUPS,
    BandConfig,
    BandParse,
    BandStatus,
    cluster_of,
    parse_band,
)

# ----------------------------------------------------------------------------------------------------
# §4.1 vocabulary

# code → (cluster, senior) exactly as the §4.1 table.
SECTION_4_1 = {
    "U1": ("1-4", False),
    "1": ("1-4", False),
    "2": ("1-4", False),
    "3": ("1-4", False),
    "4": ("1-4", False),
    "5": ("5-7", False),
    "6": ("5-7", False),
    "7": ("5-7", False),
    "8a": ("8a-8b", True),
    "8b": ("8a-8b", True),
    "8c": ("8c-VSM", True),
    "8d": ("8c-VSM", True),
    "9": ("8c-VSM", True),
    "VSM": ("8c-VSM", True),
    "MD_CONS": ("Consultants", None),
    "MD_NCCG": ("Non-consultant career grade", None),
    "MD_TRAIN": ("Trainee grades", None),
    "MD_OTHER": ("Other medical", None),
    "OTHER_PAY": ("Other pay", None),
    "UNMAPPED": (None, None),
}


def test_band_codes_in_display_order() -> None:
    assert list(BANDS) == list(SECTION_4_1)
    assert tuple(SECTION_4_1) == BAND_CODES


@pytest.mark.parametrize(("code", "expected"), SECTION_4_1.items())
def test_band_table(code: str, expected: tuple[str | None, bool | None]) -> None:
    band = BANDS[code]
    assert band.code == code
    assert (band.cluster, band.senior) == expected
    assert cluster_of(code) == expected[0]
    assert band.is_afc == (code in AFC_BANDS)
    assert band.is_medical == code.startswith("MD_")


def test_band_groupings() -> None:
    assert AFC_BANDS == ("U1", "1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
    assert (*AFC_BANDS, "VSM") == NON_MEDICAL_BANDS
    assert MEDICAL_SUBGROUPS == ("MD_CONS", "MD_NCCG", "MD_TRAIN", "MD_OTHER")


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("U1", "Under band 1"),
        ("1", "Band 1"),
        ("5", "Band 5"),
        ("8a", "Band 8a"),
        ("8d", "Band 8d"),
        ("9", "Band 9"),
        ("VSM", "Very senior manager"),
        ("MD_CONS", "Consultants"),
        ("MD_NCCG", "Non-consultant career grade"),
        ("MD_TRAIN", "Trainee grades"),
        ("MD_OTHER", "Other medical"),
        ("OTHER_PAY", "Other pay"),
    ],
)
def test_band_labels(code: str, label: str) -> None:
    assert BANDS[code].label == label


def test_order_is_promotion_order() -> None:
    orders = [BANDS[c].order for c in NON_MEDICAL_BANDS]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders)
    top_non_medical = BANDS["VSM"].order
    assert all(BANDS[c].order > top_non_medical for c in MEDICAL_SUBGROUPS)
    assert BANDS["MD_CONS"].order > BANDS["MD_TRAIN"].order
    # Neither OTHER_PAY nor UNMAPPED can be "the highest band".
    assert BANDS["OTHER_PAY"].order < BANDS["U1"].order
    assert BANDS["UNMAPPED"].order < BANDS["U1"].order
    assert len({b.order for b in BANDS.values()}) == len(BANDS)


def test_clusters() -> None:
    assert CLUSTERS == (
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
    assert tuple(CLUSTER_LABELS) == CLUSTERS
    assert CLUSTER_LABELS["1-4"] == "Bands 1–4"
    assert CLUSTER_LABELS["8c-VSM"] == "Bands 8c–VSM"
    # Clusters appear in the same order as the bands that fill them.
    used = [b.cluster for b in BANDS.values() if b.cluster is not None]
    assert list(dict.fromkeys(used)) == list(CLUSTERS)


@pytest.mark.parametrize("bad", ["8", "Band 5", "", "unmapped"])
def test_cluster_of_rejects_non_codes(bad: str) -> None:
    with pytest.raises(ValueError, match="not a band code"):
        cluster_of(bad)


def test_band_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        BANDS["5"].order = 99  # type: ignore[misc]
    with pytest.raises(TypeError):
        BANDS["X"] = BANDS["5"]  # type: ignore[index]


# ----------------------------------------------------------------------------------------------------
# §4.2 example table: every spelling.

SECTION_4_2 = [
    *[(raw, "5") for raw in ("Band 5", "5", "AfC Band 5", "Agenda for Change Band 5")],
    *[(raw, "8a") for raw in ("Band 8a", "8A", "8 a", "Band 8 - Range A", "AfC Band 8 Range A")],
    *[(raw, "8c") for raw in ("Band 8C", "Band 8 Range C")],
    ("Band 8", "UNMAPPED"),
    ("Under Band 1", "U1"),
    ("VSM", "VSM"),
    ("Very Senior Manager", "VSM"),
    ("Consultant", "MD_CONS"),
    ("Specialty Doctor", "MD_NCCG"),
    ("ST3", "MD_TRAIN"),
    ("FY1", "MD_TRAIN"),
    ("Specialty Registrar", "MD_TRAIN"),
    ("Clinical Fellow", "MD_OTHER"),
]


@pytest.mark.parametrize(("raw", "code"), SECTION_4_2)
def test_section_4_2_examples(raw: str, code: str) -> None:
    assert parse_band(raw).code == code


@pytest.mark.parametrize(("raw", "code"), SECTION_4_2)
def test_section_4_2_examples_for_medical_staff_where_medical(raw: str, code: str) -> None:
    if code.startswith("MD_"):
        assert parse_band(raw, MEDICAL_AND_DENTAL) == BandParse(raw, code, BandStatus.MEDICAL)


AFC_SPELLINGS = [
    *[(f"Band {n}", str(n)) for n in (1, 2, 3, 4, 5, 6, 7, 9)],
    *[(str(n), str(n)) for n in (1, 2, 3, 4, 5, 6, 7, 9)],
    ("band 4", "4"),
    ("BAND 3", "3"),
    ("  Band   6  ", "6"),
    ("Band\u00a07", "7"),
    ("Pay Band 5", "5"),
    ("Grade 5", "5"),
    ("AfC 6", "6"),
    ("AFC BAND 2", "2"),
    ("Agenda for Change - Band 7", "7"),
    ("Band_5", "5"),
    ("Band-5", "5"),
    ("Band5", "5"),
    ("Band 9", "9"),
    ("Band 8b", "8b"),
    ("Band 8 Range B", "8b"),
    ("8b", "8b"),
    ("Band 8 – Range D", "8d"),  # en dash
    ("Band 8 — Range D", "8d"),  # em dash
    ("Band 8d", "8d"),
    ("Band 8/Range A", "8a"),
    ("Band 8: Range C", "8c"),
    ("AfC 8a", "8a"),
    ("Band 8 range a", "8a"),
    ("Band 8A", "8a"),
    ("band 8 c", "8c"),
    ("Under 1", "U1"),
    ("Below Band 1", "U1"),
    ("Pre Band 1", "U1"),
    ("Under band 1", "U1"),
    ("U1", "U1"),
    ("vsm", "VSM"),
    ("Very senior managers", "VSM"),
    ("VSM Pay", "VSM"),
]


@pytest.mark.parametrize(("raw", "code"), AFC_SPELLINGS)
def test_afc_and_vsm_spellings(raw: str, code: str) -> None:
    assert parse_band(raw) == BandParse(raw, code, BandStatus.PARSED)


@pytest.mark.parametrize(("raw", "code"), AFC_SPELLINGS)
def test_afc_spellings_parse_the_same_for_every_staff_group(raw: str, code: str) -> None:
    for group in STAFF_GROUPS:
        assert parse_band(raw, group).code == code


GARBAGE = [
    None,
    "",
    "   ",
    "Band 8",
    "8",
    "band 8 range",
    "AfC Band 8",
    "Band 10",
    "10",
    "0",
    "Band 0",
    "Band",
    "AfC",
    "Band 5/6",
    "Band 5 (Annex 21)",
    "Band 8e",
    "Band 55",
    "8 z",
    "Over 9",
    "xyz",
    "NULL",
    "Manager",
    "Senior Manager",
    "Executive",
    "Consultant Nurse",
    "Nurse Consultant",
    "Consultant Psychiatrist",  # free text with no staff group is not read as medical
    "Medical",
    "Doctor",
    "Registrar",
    "Band 5 Band 6",
    "5a",
    "9a",
]


@pytest.mark.parametrize("raw", GARBAGE)
def test_garbage_is_unmapped(raw: str | None) -> None:
    assert parse_band(raw) == BandParse(raw, "UNMAPPED", BandStatus.UNMAPPED)


# ----------------------------------------------------------------------------------------------------
# Medical grades (§4.1).

MEDICAL_GRADES = [
    ("Consultant", "MD_CONS"),
    ("Consultants", "MD_CONS"),
    ("Locum Consultant", "MD_CONS"),
    ("Consultant (Locum)", "MD_CONS"),
    ("CONSULTANT", "MD_CONS"),
    ("Associate Specialist", "MD_NCCG"),
    ("Specialty Doctor", "MD_NCCG"),
    ("Speciality Doctor", "MD_NCCG"),
    ("Staff Grade", "MD_NCCG"),
    ("Staff Grade Doctor", "MD_NCCG"),
    ("Specialist", "MD_NCCG"),
    ("Specialist Grade", "MD_NCCG"),
    ("Locum Specialty Doctor", "MD_NCCG"),
    ("Foundation Year 1", "MD_TRAIN"),
    ("Foundation Year 2", "MD_TRAIN"),
    ("FY1", "MD_TRAIN"),
    ("FY2", "MD_TRAIN"),
    ("F1", "MD_TRAIN"),
    ("F2", "MD_TRAIN"),
    ("fy 2", "MD_TRAIN"),
    ("Core Trainee", "MD_TRAIN"),
    ("CT1", "MD_TRAIN"),
    ("CT2", "MD_TRAIN"),
    ("CT3", "MD_TRAIN"),
    *[(f"ST{n}", "MD_TRAIN") for n in range(1, 9)],
    ("ST 4", "MD_TRAIN"),
    ("StR", "MD_TRAIN"),
    ("SpR", "MD_TRAIN"),
    ("Specialty Registrar", "MD_TRAIN"),
    ("Specialist Registrar", "MD_TRAIN"),
    ("GP Registrar", "MD_TRAIN"),
    ("GPST1", "MD_TRAIN"),
    ("Dental Core Trainee", "MD_TRAIN"),
    ("DCT1", "MD_TRAIN"),
    ("House Officer", "MD_TRAIN"),
    ("Senior House Officer", "MD_TRAIN"),
    ("SHO", "MD_TRAIN"),
    ("Clinical Assistant", "MD_OTHER"),
    ("Hospital Practitioner", "MD_OTHER"),
    ("Trust Grade", "MD_OTHER"),
    ("Trust Grade Doctor", "MD_OTHER"),
    ("Locally Employed Doctor", "MD_OTHER"),
    ("Clinical Fellow", "MD_OTHER"),
    ("Clinical Research Fellow", "MD_OTHER"),
]


@pytest.mark.parametrize(("raw", "code"), MEDICAL_GRADES)
@pytest.mark.parametrize("staff_group", [None, "Medical and Dental", "medical & dental", "Not a staff group"])
def test_medical_grades(raw: str, code: str, staff_group: str | None) -> None:
    assert parse_band(raw, staff_group) == BandParse(raw, code, BandStatus.MEDICAL)


@pytest.mark.parametrize(("raw", "code"), MEDICAL_GRADES)
def test_medical_grades_not_read_for_other_staff_groups(raw: str, code: str) -> None:
    for group in STAFF_GROUPS:
        if group != MEDICAL_AND_DENTAL:
            assert parse_band(raw, group).code == "UNMAPPED", (raw, group)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        # Longest leading grade label wins for Medical and Dental staff.
        ("Consultant Psychiatrist", "MD_CONS"),
        ("Consultant - Anaesthetics", "MD_CONS"),
        ("Specialty Doctor (Locum)", "MD_NCCG"),
        ("Specialist Registrar - Surgery", "MD_TRAIN"),
        ("Senior House Officer (Legacy)", "MD_TRAIN"),
        ("Clinical Fellow in Cardiology", "MD_OTHER"),
        # "Anything else on medical pay".
        ("Registrar", "MD_OTHER"),
        ("Medical Director", "MD_OTHER"),
        ("Locum", "MD_OTHER"),
        ("Doctor", "MD_OTHER"),
        ("YC72", "MD_OTHER"),
    ],
)
def test_medical_and_dental_staff(raw: str, code: str) -> None:
    assert parse_band(raw, "Medical and Dental") == BandParse(raw, code, BandStatus.MEDICAL)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "UNMAPPED"),
        ("", "UNMAPPED"),
        ("  ", "UNMAPPED"),
        ("Band 8", "UNMAPPED"),  # ambiguous range, not "medical pay"
        ("AfC Band 8", "UNMAPPED"),
        ("Band 10", "UNMAPPED"),
        ("10", "UNMAPPED"),
        ("Band 5", "5"),
        ("VSM", "VSM"),
    ],
)
def test_medical_and_dental_staff_on_afc_wording(raw: str | None, code: str) -> None:
    assert parse_band(raw, "Medical and Dental").code == code


# ----------------------------------------------------------------------------------------------------
# Exact codes, code map and VSM scales (§4.2 step 1, §10 item 15).


@pytest.mark.parametrize("code", BAND_CODES)
def test_exact_band_codes_read_as_themselves(code: str) -> None:
    parsed = parse_band(code)
    assert parsed.code == code
    expected = (
        BandStatus.UNMAPPED
        if code == "UNMAPPED"
        else BandStatus.MEDICAL
        if code in MEDICAL_SUBGROUPS
        else BandStatus.PARSED
    )
    assert parsed.status is expected


def test_code_map_is_checked_first() -> None:
    config = BandConfig(
        code_map={
            "XN05": "5",
            "Band 5": "6",  # overrides the pattern
            "Consultant": "MD_OTHER",  # overrides the medical label
            "Local Contract": "OTHER_PAY",
            "Band 8": "8a",  # an organisation that only has one band 8 range
            "Exec": "vsm",  # target codes are case-insensitive
        }
    )
    assert parse_band("XN05", config=config) == BandParse("XN05", "5", BandStatus.MAPPED)
    assert parse_band("xn05", config=config).code == "5"  # keys are case-insensitive
    assert parse_band("  XN05 ", config=config).code == "5"
    assert parse_band("Band 5", config=config) == BandParse("Band 5", "6", BandStatus.MAPPED)
    assert parse_band("Consultant", config=config).code == "MD_OTHER"
    assert parse_band("Consultant", MEDICAL_AND_DENTAL, config).status is BandStatus.MAPPED
    assert parse_band("Local contract", config=config) == BandParse("Local contract", "OTHER_PAY", BandStatus.MAPPED)
    assert parse_band("Band 8", config=config).code == "8a"
    assert parse_band("Exec", config=config).code == "VSM"
    # Everything else still parses normally.
    assert parse_band("Band 6", config=config).code == "6"


def test_code_map_validated() -> None:
    with pytest.raises(ValueError, match="not a band code"):
        BandConfig(code_map={"XN05": "Band 5"})


def test_vsm_scales() -> None:
    config = BandConfig(vsm_scales=frozenset({"Executive Pay Scale", "Chief Executive"}))
    assert parse_band("Executive Pay Scale", config=config) == BandParse(
        "Executive Pay Scale", "VSM", BandStatus.MAPPED
    )
    assert parse_band("EXECUTIVE  PAY SCALE", config=config).code == "VSM"
    assert parse_band("Executive Scale", config=config).code == "VSM"  # same after §4.2 normalisation
    assert parse_band("Chief Executive", config=config).code == "VSM"
    assert parse_band("Executive Pay Scale").code == "UNMAPPED"


def test_config_hashable_and_by_value() -> None:
    a = BandConfig(code_map={"XN05": "5"}, vsm_scales=frozenset({"Exec"}))
    b = BandConfig(code_map={"xn05": "5"}, vsm_scales=frozenset({"EXEC"}))
    assert a == b
    assert hash(a) == hash(b)
    assert a != DEFAULT_BAND_CONFIG
    with pytest.raises(TypeError):
        a.code_map["x"] = "5"  # type: ignore[index]


def test_parse_is_cached() -> None:
    assert parse_band("Band 8 - Range A") is parse_band("Band 8 - Range A")


def test_non_string_values_read_as_text() -> None:
    assert parse_band(5).code == "5"  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------------
# Properties.


@given(
    st.one_of(st.none(), st.text(max_size=40)),
    st.one_of(st.none(), st.sampled_from([*STAFF_GROUPS, "xyz"]), st.text(max_size=10)),
)
def test_property_never_raises_and_is_consistent(raw: str | None, staff_group: str | None) -> None:
    parsed = parse_band(raw, staff_group)
    assert parsed.code in BANDS
    assert parsed.raw == raw
    assert (parsed.code == "UNMAPPED") == (parsed.status is BandStatus.UNMAPPED)
    if parsed.status is BandStatus.MEDICAL:
        assert parsed.code in MEDICAL_SUBGROUPS


@given(st.sampled_from(NON_MEDICAL_BANDS), st.data())
def test_property_band_spellings(code: str, data: st.DataObject) -> None:
    if code == "VSM":
        body = data.draw(st.sampled_from(["VSM", "vsm", "Very Senior Manager", "very senior manager"]))
    elif code == "U1":
        body = data.draw(st.sampled_from(["Under Band 1", "under 1", "Below Band 1", "pre 1"]))
    elif code.startswith("8"):
        letter = code[1]
        body = (
            "8"
            + data.draw(st.sampled_from(["", " ", " - Range ", " range ", " Range: ", "/"]))
            + data.draw(st.sampled_from([letter, letter.upper()]))
        )
    else:
        body = code
    prefix = data.draw(st.sampled_from(["", "Band ", "AfC Band ", "Agenda for Change Band ", "BAND ", "Pay Band "]))
    pad = data.draw(st.sampled_from(["", " ", "  "]))
    raw = pad + (body if code in {"VSM", "U1"} else prefix + body) + pad
    assert parse_band(raw).code == code, raw
