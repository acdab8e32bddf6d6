"""What is personal and how it is shown (issue 13, "Never prints or stores personal data"):
:mod:`wres.ingest.personal`, header detection in :mod:`wres.ingest.readers` (a data row is never the header) and
masked values in rejects. The end-to-end check through the CLI is ``test_privacy.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ingest import rawfiles as rf

NAME = "Zebedee Quux"
NI_NUMBER = "QQ123456C"
BIRTH_DATE = "29/02/1964"
BAD_BIRTH_DATE = "31/02/1971"  # a date of birth that is no date
EMPLOYEE_NUMBER = "E99887766"
COMMENT = "Planted remark about Wobblethorpe"
PLANTED = (NAME, NI_NUMBER, BIRTH_DATE, BAD_BIRTH_DATE, EMPLOYEE_NUMBER, COMMENT, "Wobblethorpe", "Zebedee", "Quux")
"""The personal values planted (and pieces of them that must not turn up either)."""


def _hits(text: str) -> list[str]:
    return [value for value in PLANTED if value.casefold() in text.casefold()]


# ------------------------------------------------------------------------ header detection (wres.ingest.readers)

DATA_ROW = [EMPLOYEE_NUMBER, "SY001", NAME, NI_NUMBER, BIRTH_DATE, "Female", "A White - British", "Band 5"]


@pytest.mark.parametrize(
    "row",
    [
        DATA_ROW,
        [NAME, NI_NUMBER, "Nursing and Midwifery Registered", "Female"],  # an NI number is a value
        [NAME, BIRTH_DATE, "Nursing and Midwifery Registered", "Female"],  # so is a date
        [NAME, EMPLOYEE_NUMBER, "Nursing and Midwifery Registered", "Female"],  # and an id
        [NAME, "1964-02-29", "Nursing and Midwifery Registered", "Female"],
    ],
)
def test_a_data_row_is_never_taken_for_the_header(row: list[str]) -> None:
    from wres.ingest.readers import find_header

    assert find_header([row, row]) is None


def test_the_header_is_found_under_title_rows_and_survey_items_are_column_names() -> None:
    from wres.ingest.readers import find_header

    header = ["Respondent ID", "Survey Year", "Ethnic Background", "Q10", "Q14a", "Q101", "Q16b"]
    rows = [["Staff Survey 2024"], ["Run date: 01/04/2025 09:14"], header, ["R1", "2024", "A", "x", "y", "z", "w"]]
    assert find_header(rows) == 2


def test_a_file_without_its_header_row_is_refused_without_showing_a_value(tmp_path: Path) -> None:
    from wres.errors import DataError
    from wres.ingest.readers import read_raw

    path = tmp_path / "esr_staff_2025-03-31.csv"
    path.write_text(rf.csv_text([DATA_ROW] * 5), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_raw(path)
    assert "no header row" in str(caught.value)
    assert not _hits(str(caught.value))


# ------------------------------------------------------------------------------- masked values (transform)

ESR_HEADER = [
    "Employee Number",
    "Assignment Number",
    "Organisation Code",
    "Full Name",
    "NI Number",
    "Date of Birth",
    "Gender",
    "Ethnic Origin",
    "Staff Group",
    "Pay Band",
    "Grade",
    "Assignment Category",
    "Primary Assignment",
]


def _esr_row(number: str, gender: str = "Female", category: str = "Permanent") -> list[str]:
    identity = [number, number, "SY001", "Ann Other", "QQ000001A", "01/01/1980"]
    return [*identity, gender, "A White - British", "Nursing and Midwifery Registered", "Band 5", "", category, "Yes"]


def _apply(
    tmp_path: Path, rows: rf.Rows, profile_toml: str | None = None, personal: dict[str, str] | None = None
) -> object:
    """``rows`` mapped by the profile (detected, or ``profile_toml``); ``personal``: canonical column -> a personal
    raw column it reads from instead (a profile built in code: parse_profile refuses one)."""
    import dataclasses

    from wres.ingest.profiles import builtin_profiles, detect_profile, parse_profile
    from wres.ingest.pseudonym import Pseudonymiser
    from wres.ingest.readers import read_raw
    from wres.ingest.transform import apply_profile

    path = tmp_path / "esr_staff_2025-03-31.csv"
    path.write_text(rf.csv_text(rows), encoding="utf-8")
    raw = read_raw(path)
    if profile_toml is None:
        profile = detect_profile(raw.columns, builtin_profiles())
    else:
        import tomllib

        profile = parse_profile(tomllib.loads(profile_toml), "test", "test")
    for column, source in (personal or {}).items():
        rules = tuple(dataclasses.replace(r, sources=(source,)) if r.column == column else r for r in profile.rules)
        profile = dataclasses.replace(profile, rules=rules)
    return apply_profile(raw, profile, Pseudonymiser(bytes(32)))


def test_a_date_of_birth_shifted_into_a_mapped_column_is_masked_in_rejects(tmp_path: Path) -> None:
    rows = [ESR_HEADER, _esr_row("10000001"), _esr_row("10000002", gender=BIRTH_DATE)]
    result = _apply(tmp_path, rows)
    rejects = result.rejects  # type: ignore[attr-defined]
    assert list(rejects["column"]) == ["Gender"]
    assert list(rejects["value"]) == ["«masked: 10 characters»"]  # the column and row stay, the value does not
    assert list(rejects["row"]) == [3]


def test_an_ni_number_in_any_column_is_masked(tmp_path: Path) -> None:
    rows = [ESR_HEADER, _esr_row("10000001", category=NI_NUMBER)]
    result = _apply(tmp_path, rows)
    assert list(result.rejects["value"]) == ["«masked: 9 characters»"]  # type: ignore[attr-defined]


def test_a_bad_value_of_a_personal_column_is_masked_and_a_bad_date_elsewhere_is_shown(tmp_path: Path) -> None:
    profile = """
kind = "board"
table = "board"
signature = ["As At", "Member Ref"]
[columns.org_code]
source = "Organisation Code"
transform = "text"
[columns.snapshot_date]
source = "As At"
transform = "date_dmy"
[columns.member_id]
source = "Member Ref"
transform = "pseudonym"
id_kind = "board_member"
[columns.ethnic_category]
source = "Ethnicity"
transform = "ethnicity"
[columns.voting]
source = "Voting"
transform = "yes_no"
[columns.executive]
source = "Executive"
transform = "yes_no"
"""
    header = ["As At", "Organisation Code", "Member Ref", "Ethnicity", "Voting", "Date of Birth"]
    rows = [header, ["31/02/2025", "SY001", "BM1", "A", "Yes", BAD_BIRTH_DATE]]
    result = _apply(tmp_path, rows, profile, personal={"executive": "Date of Birth"})
    shown = dict(zip(result.rejects["column"], result.rejects["value"], strict=True))  # type: ignore[attr-defined]
    assert shown == {"As At": "31/02/2025", "Date of Birth": "«masked: 10 characters»"}


def test_listed_values_that_look_personal_are_masked(tmp_path: Path) -> None:
    rows = [ESR_HEADER, _esr_row("10000001"), _esr_row("10000002")]
    rows[2][ESR_HEADER.index("Ethnic Origin")] = BIRTH_DATE
    result = _apply(tmp_path, rows)
    listed = result.value_reads["values"]["ethnic_category"]["values"]  # type: ignore[attr-defined]
    assert sorted(v["value"] for v in listed) == ["A White - British", "«masked: 10 characters»"]


# ------------------------------------------------------------------------------ survey free text (profiles)

USED_ITEMS = {"Q13a", "Q13b", "Q13c", "Q14", "Q15b", "Q14a", "Q14b", "Q14c", "Q15", "Q16b"}
"""The items of the default question map (wres-domain.md §5.5-5.8; wres.config.default_question_map), by hand."""


def test_the_survey_profile_keeps_only_the_items_the_indicators_use(tmp_path: Path) -> None:
    from wres.ingest.profiles import builtin_profiles, detect_profile
    from wres.ingest.pseudonym import Pseudonymiser
    from wres.ingest.readers import read_raw
    from wres.ingest.transform import apply_profile

    header = ["Respondent ID", "Survey Year", "Organisation Code", "Ethnic Background", "Q14a", "Q15", "Q16b"]
    header += ["Q28", "Q31", "q32a", "Comments"]  # items no indicator uses, and free text
    rows = [header, ["R1", "2024", "SY001", "A", "Never", "No", "Yes", "Often", COMMENT, COMMENT, COMMENT]]
    path = tmp_path / "staff_survey_2024.csv"
    path.write_text(rf.csv_text(rows), encoding="utf-8")
    raw = read_raw(path)
    profile = detect_profile(raw.columns, builtin_profiles())
    assert set(profile.reads(raw.columns)) & {"Q28", "Q31", "q32a", "Comments"} == set()
    result = apply_profile(raw, profile, Pseudonymiser(bytes(32)))
    answers = result.tables["survey_answers"]
    assert sorted(answers["item"]) == ["Q14a", "Q15", "Q16b"]
    assert not _hits(answers.to_csv())


def test_the_survey_profile_names_every_item_of_the_default_question_map() -> None:
    import re

    from wres.ingest.profiles import builtin_profiles

    spec = builtin_profiles()["staff_survey"].answers
    assert spec is not None
    assert {item for item in USED_ITEMS if re.fullmatch(spec.items, item)} == USED_ITEMS
    assert not any(re.fullmatch(spec.items, other) for other in ("Q1", "Q28", "Q31", "Q14d", "Comments"))


def test_answer_items_may_be_listed_by_name_and_a_free_text_column_is_never_an_item() -> None:
    from wres.ingest.profiles import parse_profile

    data = {
        "kind": "survey",
        "table": "survey_respondents",
        "signature": ["Respondent ID"],
        "answers": {"table": "survey_answers", "items": ["Q1", "Q2a"]},
        "columns": {
            "org_code": {"source": "Org", "transform": "text"},
            "survey_year": {"source": "Year", "transform": "integer"},
            "respondent_id": {"source": "Respondent ID", "transform": "pseudonym", "id_kind": "respondent"},
            "ethnic_category": {"source": "Ethnicity", "transform": "ethnicity"},
        },
    }
    profile = parse_profile(data, "test", "test")
    header = ["Respondent ID", "Org", "Year", "Ethnicity", "q1", "Q2a", "Q2b", "Q1 comments"]
    assert profile.reads(header) == ["Respondent ID", "Org", "Year", "Ethnicity", "q1", "Q2a"]
    loose = parse_profile({**data, "answers": {"table": "survey_answers", "items": "Q.*"}}, "test", "test")
    assert "Q1 comments" not in loose.reads(header)  # named as free text: never read, whatever the pattern


# ------------------------------------------------------------------ a personal column is read only as a pseudonym


@pytest.mark.parametrize("source", ["Full Name", "NI Number", "Date of Birth", "Employee Number", "Comments"])
def test_a_profile_may_read_a_personal_column_only_as_a_pseudonym(source: str) -> None:
    from wres.errors import WresError
    from wres.ingest.profiles import parse_profile

    data = {
        "kind": "organisations",
        "table": "organisations",
        "signature": ["Org Code"],
        "columns": {
            "org_code": {"source": "Org Code", "transform": "text"},
            "org_name": {"source": source, "transform": "text"},
        },
    }
    with pytest.raises(WresError, match=f"'{source}' holds personal data"):
        parse_profile(data, "test", "test")


def test_a_course_title_and_an_organisation_name_are_not_personal() -> None:
    from wres.ingest.personal import is_personal_column

    assert not any(is_personal_column(c) for c in ("Title", "Course Title", "Organisation Name", "Course Name"))


def test_canonical_rejects_mask_pseudonymous_ids_and_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    """A problem found after mapping (the pandera stage) on a pseudonymous id shows the id masked; a problem on a
    date column shows its date. Today no built-in check can fail on a single id column, so the checks' output is
    replaced here by one naming both columns: the masking is what is under test."""
    import numpy as np
    import pandas as pd

    from wres.data.frames import FrameProblems
    from wres.ingest import importer
    from wres.ingest.transform import REJECT_COLUMNS, TransformResult

    frame = pd.DataFrame({"member_id": ["a1b2c3d4e5"], "snapshot_date": [pd.Timestamp("2025-03-31")]})
    problems = pd.DataFrame(
        [(0, "member_id", "a1b2c3d4e5", "made up"), (0, "snapshot_date", "2235-11-22", "made up")],
        columns=["position", "column", "value", "problem"],
    )
    monkeypatch.setattr(importer, "validate_frame", lambda name, f: FrameProblems(f, problems, np.array([True])))
    result = TransformResult(
        "board_register", {"board": frame}, pd.DataFrame(columns=list(REJECT_COLUMNS)), {"board": np.array([2])}
    )
    _, rejects, _ = importer._validate(result, "board_register.csv")
    shown = dict(zip(rejects["column"], rejects["value"], strict=True))
    assert shown == {"member_id": "«masked: 10 characters»", "snapshot_date": "2235-11-22"}
