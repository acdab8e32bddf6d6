"""Tests for wres.vocab.ethnicity against wres-domain.md §3 (3.1–3.5)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wres.vocab import (
    CATEGORIES,
    DEFAULT_ETHNICITY_CONFIG,
    GROUP5,
    GROUP9,
    EthnicityConfig,
    EthnicityParse,
    ParseStatus,
    WresGroup,
    group5_of,
    group9_of,
    parse_ethnicity,
    parse_many,
    wres_group_of,
)
from wres.vocab.ethnicity import GROUP_ONLY_LABELS, LABEL_SYNONYMS, UNKNOWN_WORDS

W, B, U = WresGroup.WHITE, WresGroup.BME, WresGroup.UNKNOWN
UNKNOWN_STATUSES = {
    ParseStatus.NOT_STATED,
    ParseStatus.NOT_KNOWN,
    ParseStatus.BLANK,
    ParseStatus.CONFLICT,
    ParseStatus.UNRECOGNISED,
}

# §3.1 table, typed in independently of the implementation: code → (WRES group, 5-group, 9-group).
DATA_DICTIONARY = {
    "A": (W, "White", "White British"),
    "B": (W, "White", "White Irish"),
    "C": (W, "White", "White Other"),
    "D": (B, "Mixed", "Mixed"),
    "E": (B, "Mixed", "Mixed"),
    "F": (B, "Mixed", "Mixed"),
    "G": (B, "Mixed", "Mixed"),
    "H": (B, "Asian", "Asian"),
    "J": (B, "Asian", "Asian"),
    "K": (B, "Asian", "Asian"),
    "L": (B, "Asian", "Asian"),
    "M": (B, "Black", "Black"),
    "N": (B, "Black", "Black"),
    "P": (B, "Black", "Black"),
    "R": (B, "Other", "Chinese"),
    "S": (B, "Other", "Other"),
}
# §3.2 and the group-only / Unknown codes.
OTHER_CATEGORIES = {
    "T": (W, "White", "White Other"),
    "ROMA": (W, "White", "White Other"),
    "ARAB": (B, "Other", "Other"),
    "BME": (B, "Unknown", "Unknown"),
    "Z": (U, "Unknown", "Unknown"),
    "99": (U, "Unknown", "Unknown"),
}


def check(raw: str | None, code: str | None, canonical: str, status: ParseStatus) -> EthnicityParse:
    parsed = parse_ethnicity(raw)
    assert (parsed.code, parsed.canonical_code, parsed.status) == (code, canonical, status), raw
    category = CATEGORIES[canonical]
    assert parsed.wres_group == category.wres_group
    assert parsed.group9 == category.group9
    assert parsed.raw == raw
    return parsed


# ----------------------------------------------------------------------------------------------------
# §3.1 / §3.2 / §3.4: the categories and groupings


def test_canonical_codes_are_exactly_the_documented_set() -> None:
    assert list(CATEGORIES) == [*DATA_DICTIONARY, *OTHER_CATEGORIES]


@pytest.mark.parametrize(("code", "groups"), [*DATA_DICTIONARY.items(), *OTHER_CATEGORIES.items()])
def test_category_groupings(code: str, groups: tuple[WresGroup, str, str]) -> None:
    wres, group5, group9 = groups
    category = CATEGORIES[code]
    assert category.code == code
    assert (category.wres_group, category.group5, category.group9) == groups
    assert wres_group_of(code) is wres
    assert group5_of(code) == group5
    assert group9_of(code) == group9


@pytest.mark.parametrize(("code", "groups"), DATA_DICTIONARY.items())
def test_every_data_dictionary_code_parses_alone(code: str, groups: tuple[WresGroup, str, str]) -> None:
    parsed = parse_ethnicity(code)
    assert parsed == EthnicityParse(code, code, code, groups[0], groups[1], groups[2], ParseStatus.CODE)


@pytest.mark.parametrize("code", DATA_DICTIONARY)
def test_every_data_dictionary_code_with_its_label(code: str) -> None:
    label = CATEGORIES[code].label
    check(f"{code} {label}", code, code, ParseStatus.CODE)
    check(f"{code} {label.replace('–', '-')}", code, code, ParseStatus.CODE)


@pytest.mark.parametrize("code", list(CATEGORIES))
def test_every_category_label_parses_back_to_its_code(code: str) -> None:
    assert parse_ethnicity(CATEGORIES[code].label).canonical_code == code


def test_group_tuples_in_display_order() -> None:
    assert GROUP5 == ("White", "Mixed", "Asian", "Black", "Other", "Unknown")
    assert GROUP9 == (
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
    assert {c.group5 for c in CATEGORIES.values()} == set(GROUP5)
    assert {c.group9 for c in CATEGORIES.values()} == set(GROUP9)


def test_wres_grouping_of_section_3_4() -> None:
    white = {c for c, cat in CATEGORIES.items() if cat.wres_group is W}
    bme = {c for c, cat in CATEGORIES.items() if cat.wres_group is B}
    unknown = {c for c, cat in CATEGORIES.items() if cat.wres_group is U}
    assert white == {"A", "B", "C", "T", "ROMA"}
    assert bme == set("DEFGHJKLMNPRS") | {"ARAB", "BME"}
    assert unknown == {"Z", "99"}


def test_wres_group_enum_values() -> None:
    assert [g.value for g in WresGroup] == ["White", "BME", "Unknown"]
    assert [s.value for s in ParseStatus] == [
        "code",
        "label",
        "group_only",
        "not_stated",
        "not_known",
        "blank",
        "conflict",
        "unrecognised",
    ]


@pytest.mark.parametrize("helper", [wres_group_of, group5_of, group9_of])
@pytest.mark.parametrize("bad", ["I", "a", "9", "X", "", "WHITE"])
def test_group_helpers_reject_non_canonical_codes(helper: object, bad: str) -> None:
    with pytest.raises(ValueError, match="canonical ethnicity code"):
        helper(bad)  # type: ignore[operator]


# ----------------------------------------------------------------------------------------------------
# §3.3 example table: every row.

EXAMPLES: list[tuple[str | None, str | None, WresGroup, str, ParseStatus]] = [
    ("A", "A", W, "White British", ParseStatus.CODE),
    ("A White - British", "A", W, "White British", ParseStatus.CODE),
    ("White British", "A", W, "White British", ParseStatus.LABEL),
    ("  white - BRITISH ", "A", W, "White British", ParseStatus.LABEL),
    ("C3 White Unspecified", "C", W, "White Other", ParseStatus.CODE),
    ("H Asian or Asian British - Indian", "H", B, "Asian", ParseStatus.CODE),
    ("LK Asian Kashmiri", "L", B, "Asian", ParseStatus.CODE),
    ("Black African", "N", B, "Black", ParseStatus.LABEL),
    ("Mixed - White and Asian", "F", B, "Mixed", ParseStatus.LABEL),
    ("R", "R", B, "Chinese", ParseStatus.CODE),
    ("Gypsy or Irish Traveller", "T", W, "White Other", ParseStatus.LABEL),
    ("White", "C", W, "White Other", ParseStatus.GROUP_ONLY),
    ("BAME", None, B, "Unknown", ParseStatus.GROUP_ONLY),
    ("Z Not Stated", "Z", U, "Unknown", ParseStatus.NOT_STATED),
    ("Not Known", "99", U, "Unknown", ParseStatus.NOT_KNOWN),
    ("Unspecified", "99", U, "Unknown", ParseStatus.NOT_KNOWN),
    ("Prefer not to say", "Z", U, "Unknown", ParseStatus.NOT_STATED),
    ("99", "99", U, "Unknown", ParseStatus.NOT_KNOWN),
    ("", None, U, "Unknown", ParseStatus.BLANK),
    (None, None, U, "Unknown", ParseStatus.BLANK),
    ("NULL", None, U, "Unknown", ParseStatus.BLANK),
    ("A Black African", None, U, "Unknown", ParseStatus.CONFLICT),
    ("SC Filipino", None, U, "Unknown", ParseStatus.UNRECOGNISED),  # SC not allow-listed (the default)
    ("NO ANSWER", None, U, "Unknown", ParseStatus.UNRECOGNISED),
]


@pytest.mark.parametrize(("raw", "code", "wres", "group9", "status"), EXAMPLES)
def test_section_3_3_examples(
    raw: str | None, code: str | None, wres: WresGroup, group9: str, status: ParseStatus
) -> None:
    parsed = parse_ethnicity(raw)
    assert (parsed.code, parsed.wres_group, parsed.group9, parsed.status) == (code, wres, group9, status)
    assert parsed.canonical_code in CATEGORIES


def test_section_3_3_example_sc_filipino_allow_listed() -> None:
    config = EthnicityConfig(local_codes=frozenset({"SC"}))
    parsed = parse_ethnicity("SC Filipino", config)
    assert (parsed.code, parsed.wres_group, parsed.group5, parsed.group9, parsed.status) == (
        "S",
        B,
        "Other",
        "Other",
        ParseStatus.CODE,
    )


def test_bame_example_has_group_only_bme_canonical_code() -> None:
    parsed = parse_ethnicity("BAME")
    assert (parsed.canonical_code, parsed.group5) == ("BME", "Unknown")


# ----------------------------------------------------------------------------------------------------
# Corpus of ESR-style and HR-system values: (raw, code, canonical code, status).

C, L_, G_, ST = ParseStatus.CODE, ParseStatus.LABEL, ParseStatus.GROUP_ONLY, ParseStatus
CORPUS: list[tuple[str | None, str | None, str, ParseStatus]] = [
    # ESR code + label, national codes.
    ("A White - British", "A", "A", C),
    ("B White - Irish", "B", "B", C),
    ("C White - Any other White background", "C", "C", C),
    ("D Mixed - White & Black Caribbean", "D", "D", C),
    ("E Mixed - White & Black African", "E", "E", C),
    ("F Mixed - White & Asian", "F", "F", C),
    ("G Mixed - Any other mixed background", "G", "G", C),
    ("H Asian or Asian British - Indian", "H", "H", C),
    ("J Asian or Asian British - Pakistani", "J", "J", C),
    ("K Asian or Asian British - Bangladeshi", "K", "K", C),
    ("L Asian or Asian British - Any other Asian background", "L", "L", C),
    ("M Black or Black British - Caribbean", "M", "M", C),
    ("N Black or Black British - African", "N", "N", C),
    ("P Black or Black British - Any other Black background", "P", "P", C),
    ("R Chinese", "R", "R", C),
    ("R Other Ethnic Groups - Chinese", "R", "R", C),
    ("S Any Other Ethnic Group", "S", "S", C),
    ("S Other Ethnic Groups - Any other ethnic group", "S", "S", C),
    ("S Arab", "S", "S", C),
    ("T White: Gypsy or Irish Traveller", "T", "T", C),
    ("T", "T", "T", C),
    ("Z Not Stated", "Z", "Z", ST.NOT_STATED),
    ("Z - Not stated", "Z", "Z", ST.NOT_STATED),
    ("99 Not Known", "99", "99", ST.NOT_KNOWN),
    # ESR local (two-character) codes: national code is the first character.
    ("C3 White Unspecified", "C", "C", C),
    ("C2 White Northern Irish", "C", "C", C),
    ("CA White English", "C", "C", C),
    ("CB White Scottish", "C", "C", C),
    ("CC White Welsh", "C", "C", C),
    ("CD White Cornish", "C", "C", C),
    ("CL White Irish Traveller", "C", "C", C),
    ("CN White Gypsy/Romany", "C", "C", C),
    ("CP White Polish", "C", "C", C),
    ("CY White Other European", "C", "C", C),
    ("GA Mixed Black and Asian", "G", "G", C),
    ("GC Mixed Black and White", "G", "G", C),
    ("GF Mixed Other/Unspecified", "G", "G", C),
    ("LA Asian Mixed", "L", "L", C),
    ("LB Asian Punjabi", "L", "L", C),
    ("LK Asian Kashmiri", "L", "L", C),
    ("LH Asian British", "L", "L", C),
    ("LE Asian Sri Lankan", "L", "L", C),
    ("PA Black Somali", "P", "P", C),
    ("PC Black Nigerian", "P", "P", C),
    ("PD Black British", "P", "P", C),
    ("PE Black Unspecified", "P", "P", C),
    ("SE Any Other Group", "S", "S", C),
    ("HX Indian", "H", "H", C),  # two-character token accepted because "Indian" is a synonym
    ("NX African", "N", "N", C),
    # The consistency check is at WRES-group level: Black is BME, like H.
    ("H Black", "H", "H", C),
    # Separators after the code token.
    ("A.", "A", "A", C),
    ("A)", "A", "A", C),
    ("A:White British", "A", "A", C),
    ("A-White British", "A", "A", C),
    ("A – White – British", "A", "A", C),
    ("  A   White  British  ", "A", "A", C),
    # Labels: Data Dictionary forms, any case, dashes, "&", extra spaces.
    ("White - British", "A", "A", L_),
    ("White – British", "A", "A", L_),
    ("White — British", "A", "A", L_),
    ("WHITE BRITISH", "A", "A", L_),
    ("white british", "A", "A", L_),
    ("White\u00a0British", "A", "A", L_),
    ("Ｗｈｉｔｅ Ｂｒｉｔｉｓｈ", "A", "A", L_),  # full-width, NFKC
    ("White English", "A", "A", L_),
    ("White Scottish", "A", "A", L_),
    ("White Welsh", "A", "A", L_),
    ("White Northern Irish", "A", "A", L_),
    ("White Irish", "B", "B", L_),
    ("Irish", "B", "B", L_),
    ("White Other", "C", "C", L_),
    ("Other White", "C", "C", L_),
    ("Any other White background", "C", "C", L_),
    ("White - Any other White background", "C", "C", L_),
    ("Mixed - White and Black Caribbean", "D", "D", L_),
    ("Mixed White & Black Caribbean", "D", "D", L_),
    ("Mixed White/Black Caribbean", "D", "D", L_),
    ("White and Black Caribbean", "D", "D", L_),
    ("Mixed - White and Black African", "E", "E", L_),
    ("White&Black African", "E", "E", L_),
    ("Mixed - White and Asian", "F", "F", L_),
    ("Mixed - Any other mixed background", "G", "G", L_),
    ("Other Mixed", "G", "G", L_),
    ("Asian or Asian British - Indian", "H", "H", L_),
    ("Indian", "H", "H", L_),
    ("Asian Indian", "H", "H", L_),
    ("Asian or Asian British - Pakistani", "J", "J", L_),
    ("Pakistani", "J", "J", L_),
    ("Asian or Asian British - Bangladeshi", "K", "K", L_),
    ("Bangladeshi", "K", "K", L_),
    ("Asian or Asian British - Any other Asian background", "L", "L", L_),
    ("Asian Other", "L", "L", L_),
    ("Black or Black British - Caribbean", "M", "M", L_),
    ("Black Caribbean", "M", "M", L_),
    ("Caribbean", "M", "M", L_),
    ("Black or Black British - African", "N", "N", L_),
    ("Black African", "N", "N", L_),
    ("african", "N", "N", L_),
    ("Black or Black British - Any other Black background", "P", "P", L_),
    ("Black Other", "P", "P", L_),
    ("Other ethnic groups - Chinese", "R", "R", L_),
    ("Chinese", "R", "R", L_),
    ("CHINESE", "R", "R", L_),
    ("Other ethnic groups - Any other ethnic group", "S", "S", L_),
    ("Any other ethnic group", "S", "S", L_),
    ("Arab", "S", "ARAB", L_),
    ("Other ethnic group: Arab", "S", "ARAB", L_),
    ("Gypsy or Irish Traveller", "T", "T", L_),
    ("White: Gypsy or Irish Traveller", "T", "T", L_),
    ("Irish Traveller", "T", "T", L_),
    ("Roma", None, "ROMA", L_),
    ("White: Roma", None, "ROMA", L_),
    # 2021 census forms.
    ("White: English, Welsh, Scottish, Northern Irish or British", "A", "A", L_),
    ("White: Irish", "B", "B", L_),
    ("White: Any other White background", "C", "C", L_),
    ("Mixed or Multiple ethnic groups: White and Black Caribbean", "D", "D", L_),
    ("Mixed or Multiple ethnic groups: White and Black African", "E", "E", L_),
    ("Mixed or Multiple ethnic groups: White and Asian", "F", "F", L_),
    ("Mixed or Multiple ethnic groups: Any other Mixed or Multiple ethnic background", "G", "G", L_),
    ("Asian, Asian British or Asian Welsh: Indian", "H", "H", L_),
    ("Asian, Asian British or Asian Welsh: Pakistani", "J", "J", L_),
    ("Asian, Asian British or Asian Welsh: Bangladeshi", "K", "K", L_),
    ("Asian, Asian British or Asian Welsh: Chinese", "R", "R", L_),
    ("Asian, Asian British or Asian Welsh: Any other Asian background", "L", "L", L_),
    ("Black, Black British, Black Welsh, Caribbean or African: Caribbean", "M", "M", L_),
    ("Black, Black British, Black Welsh, Caribbean or African: African", "N", "N", L_),
    (
        "Black, Black British, Black Welsh, Caribbean or African: Any other Black, Black British, or "
        "Caribbean background",
        "P",
        "P",
        L_,
    ),
    ("Other ethnic group: Any other ethnic group", "S", "S", L_),
    # 2011 / 2001 census forms.
    ("White: English/Welsh/Scottish/Northern Irish/British", "A", "A", L_),
    ("Mixed/Multiple ethnic groups: White and Asian", "F", "F", L_),
    ("Asian/Asian British: Chinese", "R", "R", L_),
    ("Black/African/Caribbean/Black British: African", "N", "N", L_),
    ("Black/African/Caribbean/Black British: Any other Black/African/Caribbean background", "P", "P", L_),
    ("Chinese or other ethnic group: Chinese", "R", "R", L_),
    ("Chinese or other ethnic group: Any other", "S", "S", L_),
    # Group-only labels.
    ("White", "C", "C", G_),
    ("WHITE", "C", "C", G_),
    ("White Unspecified", "C", "C", G_),
    ("Mixed", "G", "G", G_),
    ("Asian", "L", "L", G_),
    ("Asian or Asian British", "L", "L", G_),
    ("Black", "P", "P", G_),
    ("Black or Black British", "P", "P", G_),
    ("Other", "S", "S", G_),
    ("Other Ethnic Group", "S", "S", G_),
    ("BME", None, "BME", G_),
    ("bame", None, "BME", G_),
    ("Ethnic minority", None, "BME", G_),
    ("Black, Asian and minority ethnic", None, "BME", G_),
    # Unknown vocabulary (whole value).
    ("Z", "Z", "Z", ST.NOT_STATED),
    ("99", "99", "99", ST.NOT_KNOWN),
    ("9", "99", "99", ST.NOT_KNOWN),
    ("X", "99", "99", ST.NOT_KNOWN),
    ("Not Stated", "Z", "Z", ST.NOT_STATED),
    ("NOT STATED", "Z", "Z", ST.NOT_STATED),
    ("not-stated", "Z", "Z", ST.NOT_STATED),
    ("Prefer Not To Say", "Z", "Z", ST.NOT_STATED),
    ("Declined", "Z", "Z", ST.NOT_STATED),
    ("Refused", "Z", "Z", ST.NOT_STATED),
    ("Not Declared", "Z", "Z", ST.NOT_STATED),
    ("I do not wish to disclose my ethnic origin", "Z", "Z", ST.NOT_STATED),
    ("Not known", "99", "99", ST.NOT_KNOWN),
    ("Unknown", "99", "99", ST.NOT_KNOWN),
    ("UNKNOWN", "99", "99", ST.NOT_KNOWN),
    ("Not Given", "99", "99", ST.NOT_KNOWN),
    ("Undefined", "99", "99", ST.NOT_KNOWN),
    ("Unspecified", "99", "99", ST.NOT_KNOWN),
    ("N/A", "99", "99", ST.NOT_KNOWN),  # "n/a" is in the §3.3 rule 3 vocabulary
    ("n/a", "99", "99", ST.NOT_KNOWN),
    # Blank.
    (None, None, "99", ST.BLANK),
    ("", None, "99", ST.BLANK),
    ("   ", None, "99", ST.BLANK),
    ("\t\n", None, "99", ST.BLANK),
    ("NULL", None, "99", ST.BLANK),
    ("null", None, "99", ST.BLANK),
    ("NaN", None, "99", ST.BLANK),
    ("nan", None, "99", ST.BLANK),
    ("None", None, "99", ST.BLANK),
    ("<NA>", None, "99", ST.BLANK),
    # Conflicts: the first decisive group word disagrees with the code's WRES group.
    ("A Black African", None, "99", ST.CONFLICT),
    ("AX Black African", None, "99", ST.CONFLICT),
    ("N White British", None, "99", ST.CONFLICT),
    ("H White", None, "99", ST.CONFLICT),
    ("Z White", None, "99", ST.CONFLICT),
    ("A Not stated", None, "99", ST.CONFLICT),
    # Refined rule 5: a following label that names a category in the code's own WRES group is consistent,
    # even though its first decisive word ("White") is not.
    ("D White and Black Caribbean", "D", "D", ST.CODE),
    ("F White and Asian", "F", "F", ST.CODE),
    ("D White British", None, "99", ST.CONFLICT),
    # Garbage: never guessed.
    ("NO ANSWER", None, "99", ST.UNRECOGNISED),
    ("xyz", None, "99", ST.UNRECOGNISED),
    ("1234", None, "99", ST.UNRECOGNISED),
    ("SA Vietnamese", None, "99", ST.UNRECOGNISED),
    ("SC Filipino", None, "99", ST.UNRECOGNISED),
    ("British", None, "99", ST.UNRECOGNISED),
    ("English", None, "99", ST.UNRECOGNISED),
    ("AWhite British", None, "99", ST.UNRECOGNISED),
    ("a", None, "99", ST.UNRECOGNISED),  # code tokens are case-sensitive
    ("x", None, "99", ST.UNRECOGNISED),
    ("ZZ", None, "99", ST.UNRECOGNISED),
    ("Q", None, "99", ST.UNRECOGNISED),
    ("I", None, "99", ST.UNRECOGNISED),
    ("O", None, "99", ST.UNRECOGNISED),
    ("-", None, "99", ST.UNRECOGNISED),
    ("???", None, "99", ST.UNRECOGNISED),
    ("NA", None, "99", ST.UNRECOGNISED),
    ("X Not known", None, "99", ST.UNRECOGNISED),  # X is a whole-value code only
    ("Martian", None, "99", ST.UNRECOGNISED),
]


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 60


@pytest.mark.parametrize(("raw", "code", "canonical", "status"), CORPUS)
def test_corpus(raw: str | None, code: str | None, canonical: str, status: ParseStatus) -> None:
    check(raw, code, canonical, status)


# ----------------------------------------------------------------------------------------------------
# Configuration.


def test_chinese_in_5group_default_other() -> None:
    assert parse_ethnicity("R").group5 == "Other"
    assert group5_of("R") == "Other"
    assert DEFAULT_ETHNICITY_CONFIG.chinese_in_5group == "Other"


def test_chinese_in_5group_asian() -> None:
    config = EthnicityConfig(chinese_in_5group="Asian")
    for raw in ("R", "Chinese", "R Other Ethnic Groups - Chinese"):
        parsed = parse_ethnicity(raw, config)
        assert (parsed.group5, parsed.group9, parsed.wres_group) == ("Asian", "Chinese", B)
    assert group5_of("R", config) == "Asian"
    # Only Chinese moves: Arab and S stay Other.
    assert parse_ethnicity("Arab", config).group5 == "Other"
    assert parse_ethnicity("S", config).group5 == "Other"


def test_chinese_in_5group_rejects_other_values() -> None:
    with pytest.raises(ValueError, match="chinese_in_5group"):
        EthnicityConfig(chinese_in_5group="Chinese")


def test_local_codes_allow_list() -> None:
    config = EthnicityConfig(local_codes=frozenset({"SA", "SC"}))
    assert parse_ethnicity("SA Vietnamese", config).canonical_code == "S"
    assert parse_ethnicity("SC", config).canonical_code == "S"
    assert parse_ethnicity("SB Japanese", config).status is ParseStatus.UNRECOGNISED
    # The consistency check still applies to allow-listed codes.
    assert parse_ethnicity("SC White Filipino", config).status is ParseStatus.CONFLICT


def test_local_codes_accept_any_iterable_and_stay_frozen() -> None:
    config = EthnicityConfig(local_codes=["SC"])  # type: ignore[arg-type]
    assert config.local_codes == frozenset({"SC"})


@pytest.mark.parametrize("bad", ["S", "SCX", "sc", "IC", "QA", "S-"])
def test_local_codes_validated(bad: str) -> None:
    with pytest.raises(ValueError, match="local_codes"):
        EthnicityConfig(local_codes=frozenset({bad}))


def test_extra_synonyms() -> None:
    config = EthnicityConfig(
        extra_synonyms={
            "Filipino": "S",
            "White - Cornish": "a",
            "Decline to answer": "Z",
            "Indian": "L",
            "Minority": "BME",
        }
    )
    assert check_with(config, "FILIPINO") == ("S", "S", ParseStatus.LABEL)
    assert check_with(config, "white cornish") == ("A", "A", ParseStatus.LABEL)
    assert check_with(config, "Decline to answer") == ("Z", "Z", ParseStatus.NOT_STATED)
    assert check_with(config, "Indian") == ("L", "L", ParseStatus.LABEL)  # extra synonyms win
    assert check_with(config, "minority") == (None, "BME", ParseStatus.GROUP_ONLY)
    # An extra synonym also admits a two-character token.
    assert check_with(config, "SZ Filipino") == ("S", "S", ParseStatus.CODE)
    # Unknown vocabulary (rule 3) comes before synonyms (rule 4).
    assert check_with(EthnicityConfig(extra_synonyms={"unknown": "A"}), "Unknown")[1] == "99"


def check_with(config: EthnicityConfig, raw: str) -> tuple[str | None, str, ParseStatus]:
    parsed = parse_ethnicity(raw, config)
    return parsed.code, parsed.canonical_code, parsed.status


@pytest.mark.parametrize(("label", "target"), [("Filipino", "Q"), ("Filipino", "White"), ("---", "S")])
def test_extra_synonyms_validated(label: str, target: str) -> None:
    with pytest.raises(ValueError, match="extra_synonyms"):
        EthnicityConfig(extra_synonyms={label: target})


def test_config_is_hashable_immutable_and_compares_by_value() -> None:
    a = EthnicityConfig(local_codes=frozenset({"SC"}), extra_synonyms={"Filipino": "S"})
    b = EthnicityConfig(local_codes=frozenset({"SC"}), extra_synonyms={"filipino": "S"})
    assert a == b
    assert hash(a) == hash(b)
    assert a != DEFAULT_ETHNICITY_CONFIG
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.chinese_in_5group = "Asian"  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.extra_synonyms["x"] = "S"  # type: ignore[index]


def test_config_copies_the_callers_mapping() -> None:
    synonyms = {"Filipino": "S"}
    config = EthnicityConfig(extra_synonyms=synonyms)
    synonyms["Filipino"] = "A"
    assert parse_ethnicity("Filipino", config).canonical_code == "S"


# ----------------------------------------------------------------------------------------------------
# parse_many and caching.


def test_parse_many_parses_distinct_values_once() -> None:
    values = ["A", "A", None, "White British", None, "", "xyz", "A"]
    parsed = parse_many(values)
    assert list(parsed) == ["A", None, "White British", "", "xyz"]
    assert parsed["A"] == parse_ethnicity("A")
    assert parsed[None].status is ParseStatus.BLANK
    assert parsed["xyz"].status is ParseStatus.UNRECOGNISED


def test_parse_many_honours_config() -> None:
    parsed = parse_many(["R"], EthnicityConfig(chinese_in_5group="Asian"))
    assert parsed["R"].group5 == "Asian"


def test_parse_is_cached() -> None:
    assert parse_ethnicity("H Asian or Asian British - Indian") is parse_ethnicity("H Asian or Asian British - Indian")


def test_non_string_values_are_read_as_text() -> None:
    assert parse_ethnicity(99).canonical_code == "99"  # type: ignore[arg-type]
    assert parse_ethnicity(float("nan")).status is ParseStatus.BLANK  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------------
# The shipped tables.


def test_shipped_tables_are_consistent() -> None:
    assert not set(LABEL_SYNONYMS) & set(GROUP_ONLY_LABELS)
    assert not (set(LABEL_SYNONYMS) | set(GROUP_ONLY_LABELS)) & set(UNKNOWN_WORDS)
    assert set(LABEL_SYNONYMS.values()) <= set(CATEGORIES)
    assert set(GROUP_ONLY_LABELS.values()) == {"C", "G", "L", "P", "S", "BME"}
    assert set(UNKNOWN_WORDS.values()) == {"Z", "99"}


def test_doc_listed_synonyms_present() -> None:
    expected = {
        "white british": "A",
        "white english": "A",
        "white scottish": "A",
        "white welsh": "A",
        "white northern irish": "A",
        "white irish": "B",
        "white other": "C",
        "any other white background": "C",
        "white and black caribbean": "D",
        "mixed white and black caribbean": "D",
        "indian": "H",
        "asian or asian british indian": "H",
        "black african": "N",
        "african": "N",
        "chinese": "R",
        "any other ethnic group": "S",
        "gypsy or irish traveller": "T",
        "roma": "ROMA",
    }
    for key, code in expected.items():
        assert LABEL_SYNONYMS[key] == code, key
    assert LABEL_SYNONYMS["arab"] == "ARAB"
    assert parse_ethnicity("arab").code == "S"  # §3.3: "arab" → S


@pytest.mark.parametrize("key", sorted(LABEL_SYNONYMS))
def test_every_synonym_parses_as_a_label(key: str) -> None:
    parsed = parse_ethnicity(key)
    assert parsed.canonical_code == LABEL_SYNONYMS[key]
    assert parsed.status is ParseStatus.LABEL


@pytest.mark.parametrize("key", sorted(GROUP_ONLY_LABELS))
def test_every_group_only_label_parses_as_group_only(key: str) -> None:
    parsed = parse_ethnicity(key)
    assert parsed.canonical_code == GROUP_ONLY_LABELS[key]
    assert parsed.status is ParseStatus.GROUP_ONLY


@pytest.mark.parametrize("key", sorted(UNKNOWN_WORDS))
def test_every_unknown_word_parses_as_unknown(key: str) -> None:
    parsed = parse_ethnicity(key)
    code = UNKNOWN_WORDS[key]
    assert (parsed.code, parsed.canonical_code, parsed.wres_group) == (code, code, U)
    assert parsed.status is (ParseStatus.NOT_STATED if code == "Z" else ParseStatus.NOT_KNOWN)


# ----------------------------------------------------------------------------------------------------
# Properties.


@given(st.one_of(st.none(), st.text(max_size=60)))
def test_property_never_raises_and_is_well_formed(raw: str | None) -> None:
    parsed = parse_ethnicity(raw)
    assert parsed.canonical_code in CATEGORIES
    category = CATEGORIES[parsed.canonical_code]
    assert parsed.wres_group is category.wres_group
    assert parsed.group5 == category.group5
    assert parsed.group9 == category.group9
    assert parsed.raw == raw
    assert parsed.code is None or parsed.code in CATEGORIES


_ESR_LIKE = st.builds(
    lambda code, sep, text: f"{code}{sep}{text}",
    st.sampled_from([*"ABCDEFGHJKLMNPRSTZXQ9", "99", "C3", "LK", "SC", "NO", "AX"]),
    st.sampled_from(["", " ", " - ", ": ", ". ", ") ", "-", "x"]),
    st.lists(st.sampled_from([*"abcXYZ -:.&", "White", "Black", "Not", "Any", "Indian", "Mixed"]), max_size=6).map(
        "".join
    ),
)


@given(_ESR_LIKE)
def test_property_esr_like_values(raw: str) -> None:
    parsed = parse_ethnicity(raw)
    assert parsed.canonical_code in CATEGORIES
    if parsed.status is ParseStatus.CODE:
        assert parsed.code == parsed.canonical_code == raw.strip()[0]


@given(st.one_of(st.none(), st.text(max_size=40)))
def test_property_unknown_results_are_unknown(raw: str | None) -> None:
    parsed = parse_ethnicity(raw)
    if parsed.status in UNKNOWN_STATUSES:
        assert parsed.wres_group is U
        assert (parsed.group5, parsed.group9) == ("Unknown", "Unknown")
        expected = "Z" if parsed.status is ParseStatus.NOT_STATED else "99"
        assert parsed.canonical_code == expected
    if parsed.status in {ParseStatus.BLANK, ParseStatus.CONFLICT, ParseStatus.UNRECOGNISED}:
        assert parsed.code is None
    if parsed.wres_group is U:
        assert parsed.status in UNKNOWN_STATUSES


def _respell(key: str, data: st.DataObject) -> str:
    """``key`` with random letter case, random separators between words and random padding."""
    words = ["".join(ch.upper() if data.draw(st.booleans()) else ch.lower() for ch in word) for word in key.split(" ")]
    out = words[0]
    for word in words[1:]:
        out += data.draw(st.sampled_from([" ", "  ", " - ", " – ", ": ", ", ", "/", " \t "])) + word
    pad = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])
    return data.draw(pad) + out + data.draw(pad)


@given(st.sampled_from(sorted(LABEL_SYNONYMS)), st.data())
def test_property_label_case_and_whitespace_invariance(key: str, data: st.DataObject) -> None:
    raw = _respell(key, data)
    parsed = parse_ethnicity(raw)
    assert (parsed.canonical_code, parsed.status) == (LABEL_SYNONYMS[key], ParseStatus.LABEL), raw


@given(st.sampled_from(sorted(GROUP_ONLY_LABELS) + sorted(UNKNOWN_WORDS)), st.data())
def test_property_group_and_unknown_wording_invariance(key: str, data: st.DataObject) -> None:
    raw = _respell(key, data)
    assert parse_ethnicity(raw).status is parse_ethnicity(key).status, raw
    assert parse_ethnicity(raw).canonical_code == parse_ethnicity(key).canonical_code, raw


@given(st.sampled_from(list(DATA_DICTIONARY)), st.sampled_from(["", " ", "  "]))
def test_property_codes_tolerate_padding(code: str, pad: str) -> None:
    assert parse_ethnicity(f"{pad}{code}{pad}").canonical_code == code


@given(st.one_of(st.none(), st.text(max_size=30)))
def test_property_chinese_config_changes_only_group5_of_chinese(raw: str | None) -> None:
    default = parse_ethnicity(raw)
    asian = parse_ethnicity(raw, EthnicityConfig(chinese_in_5group="Asian"))
    if default.canonical_code == "R":
        assert dataclasses.replace(asian, group5="Other") == default
    else:
        assert asian == default
