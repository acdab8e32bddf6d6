"""Tests for mapping profiles (wres.ingest.profiles) and applying them (wres.ingest.transform)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
import tomllib
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from wres.cli.main import run
from wres.data.schema import TABLES
from wres.errors import DataError, WresError
from wres.ingest.profiles import (
    Profile,
    builtin_profiles,
    detect_profile,
    load_profile,
    load_profiles,
    parse_profile,
)
from wres.ingest.pseudonym import Pseudonymiser
from wres.ingest.readers import read_raw
from wres.ingest.transform import REJECT_COLUMNS, TransformResult, apply_profile
from wres.synth import SynthConfig, SynthData, generate, write_raw
from wres.synth.dataset import EMPLOYEE_NUMBER_BASE

PSEUDO = Pseudonymiser(bytes(32))
PERSONAL = ("Full Name", "NI Number", "Date of Birth", "Name")


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[SynthData, Path]:
    data = generate(SynthConfig(profile="london", n_orgs=1, size=600, seed=3, first_year=2025, last_year=2026))
    folder = write_raw(data, tmp_path_factory.mktemp("raw"))
    return data, folder


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return builtin_profiles()


def import_file(path: Path, profiles: dict[str, Profile]) -> TransformResult:
    raw = read_raw(path)
    return apply_profile(raw, detect_profile(raw.columns, profiles), PSEUDO)


def pseudonymise(values: pd.Series, kind: str, *, employee: bool = False) -> pd.Series:
    texts = [str(EMPLOYEE_NUMBER_BASE + int(v[1:])) if employee else str(v) for v in values]
    return pd.Series(PSEUDO.pseudonymise_many(texts, kind), index=values.index, dtype="str")


def same(actual: pd.DataFrame, expected: pd.DataFrame, key: list[str]) -> None:
    def order(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sort_values(key, kind="stable").reset_index(drop=True)

    pd.testing.assert_frame_equal(order(actual), order(expected))


@pytest.mark.parametrize("year", [2025, 2026])
def test_esr_staff_reproduces_canonical_staff(
    synth: tuple[SynthData, Path], profiles: dict[str, Profile], year: int
) -> None:
    data, folder = synth
    result = import_file(folder / f"esr_staff_{year}-03-31.csv", profiles)
    assert result.profile == "esr_staff"
    assert result.rejects.empty
    expected = data.staff[data.staff["snapshot_date"] == pd.Timestamp(year, 3, 31)].copy()
    expected["person_id"] = pseudonymise(expected["person_id"], "person", employee=True)
    assert expected["bank_only"].any()  # the data exercise the bank-only rule
    same(result.table, expected, ["person_id"])


def test_recruitment_reproduces_canonical(synth: tuple[SynthData, Path], profiles: dict[str, Profile]) -> None:
    data, folder = synth
    result = import_file(folder / "recruitment_applications.csv", profiles)
    assert result.rejects.empty
    expected = data.recruitment.copy()
    expected["applicant_id"] = pseudonymise(expected["applicant_id"], "applicant")
    same(result.table, expected, ["application_id"])


def test_er_case_log_reproduces_disciplinary(synth: tuple[SynthData, Path], profiles: dict[str, Profile]) -> None:
    data, folder = synth
    raw = read_raw(folder / "er_case_log.csv")
    result = apply_profile(raw, detect_profile(raw.columns, profiles), PSEUDO)
    assert len(raw.frame) > len(result.table)  # other case types and informal stages are filtered out
    expected = data.disciplinary.copy()
    expected["person_id"] = pseudonymise(expected["person_id"], "person", employee=True)
    same(result.table, expected, ["case_id"])


def test_learning_records_reproduce_training(synth: tuple[SynthData, Path], profiles: dict[str, Profile]) -> None:
    data, folder = synth
    result = import_file(folder / "learning_records.csv", profiles)
    expected = data.training.copy()
    expected["person_id"] = pseudonymise(expected["person_id"], "person", employee=True)
    same(result.table, expected, ["record_id"])


def test_board_register_reproduces_board(synth: tuple[SynthData, Path], profiles: dict[str, Profile]) -> None:
    data, folder = synth
    result = import_file(folder / "board_register.csv", profiles)
    expected = data.board.copy()
    expected["member_id"] = pseudonymise(expected["member_id"], "board_member")
    same(result.table, expected, ["snapshot_date", "member_id"])


def test_organisations(synth: tuple[SynthData, Path], profiles: dict[str, Profile]) -> None:
    data, folder = synth
    same(import_file(folder / "organisations.csv", profiles).table, data.organisations, ["org_code"])


def test_output_has_exactly_canonical_columns_and_no_personal_data(
    synth: tuple[SynthData, Path], profiles: dict[str, Profile]
) -> None:
    _, folder = synth
    raw = read_raw(folder / "esr_staff_2025-03-31.csv")
    personal = {str(v) for col in ("Full Name", "NI Number", "Date of Birth") for v in raw.frame[col]}
    employee_numbers = set(raw.frame["Employee Number"])
    table = apply_profile(raw, profiles["esr_staff"], PSEUDO).table
    assert list(table.columns) == list(TABLES["staff"].column_names)
    cells = {str(v) for col in table.columns for v in table[col].astype(str)}
    assert not cells & personal
    assert not cells & employee_numbers
    board = import_file(folder / "board_register.csv", profiles).table
    names = set(read_raw(folder / "board_register.csv").frame["Name"])
    assert not {str(v) for col in board.columns for v in board[col].astype(str)} & names


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


LEARNING_HEADER = [
    "Enrolment ID",
    "Organisation Code",
    "Employee Number",
    "Course Title",
    "Competence Type",
    "Start Date",
]


def test_bad_values_become_rejects_with_source_rows(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    path = write_csv(
        tmp_path / "learning.csv",
        [
            LEARNING_HEADER,
            ["LR1", "SY001", "10000001", "Basic Life Support", "Statutory/Mandatory", "01/04/2024"],
            ["LR2", "SY001", "10000002", "Basic Life Support", "Statutory/Mandatory", "31/02/2024"],
            ["LR3", "SY001", "", "Basic Life Support", "Statutory/Mandatory", "2024-04-03"],
            ["LR4", "SY001", "10000004", "Basic Life Support", "Sometimes", "02/04/2024"],
        ],
    )
    result = import_file(path, profiles)
    assert list(result.table["record_id"]) == ["LR1"]
    assert list(result.rejects.columns) == list(REJECT_COLUMNS)
    rejects = result.rejects.set_index("row")
    assert rejects.loc[3, "column"] == "Start Date"
    assert rejects.loc[3, "value"] == "31/02/2024"
    assert "date" in rejects.loc[3, "problem"]
    assert rejects.loc[4, "column"] == "Employee Number"
    assert "empty" in rejects.loc[4, "problem"]
    assert rejects.loc[5, "value"] == "Sometimes"
    assert set(rejects["file"]) == {str(path)}


def test_bad_value_in_nullable_column_keeps_row(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    header = ["As At", "Organisation Code", "Member Ref", "Role", "Voting", "Executive", "Ethnicity"]
    path = write_csv(tmp_path / "board.csv", [header, ["31/03/2025", "SY001", "BM1", "Chair", "Yes", "No", ""]])
    result = import_file(path, profiles)
    assert result.rejects.empty
    assert result.table["ethnic_category"].tolist() == ["99"]
    assert result.table["snapshot_date"].tolist() == [pd.Timestamp(2025, 3, 31)]


ESR_HEADER = [
    "Employee Number",
    "Assignment Number",
    "Organisation Code",
    "Full Name",
    "Ethnic Origin",
    "Staff Group",
    "Pay Band",
    "Grade",
    "Assignment Category",
    "Primary Assignment",
]


def test_esr_rule_without_primary_takes_highest_band(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    path = write_csv(
        tmp_path / "esr_staff_2025-03-31.csv",
        [
            ESR_HEADER,
            [
                "1",
                "1",
                "SY001",
                "A B",
                "A White - British",
                "Nursing and Midwifery Registered",
                "Band 5",
                "",
                "Bank",
                "No",
            ],
            [
                "1",
                "1-2",
                "SY001",
                "A B",
                "A White - British",
                "Nursing and Midwifery Registered",
                "Band 7",
                "",
                "Bank",
                "No",
            ],
            ["2", "2", "SY001", "C D", "", "Nursing and Midwifery Registered", "Band 8A", "", "Fixed Term", "No"],
            ["2", "2-2", "SY001", "C D", "", "Nursing and Midwifery Registered", "Band 3", "", "Permanent", "Yes"],
        ],
    )
    table = import_file(path, profiles).table.set_index("person_id")
    one, two = PSEUDO.pseudonym("1"), PSEUDO.pseudonym("2")
    assert table.loc[one, "band"] == "7"
    assert bool(table.loc[one, "bank_only"]) is True
    assert table.loc[two, "band"] == "3"  # the primary assignment wins over a higher band (both are posts, §4.4)
    assert bool(table.loc[two, "bank_only"]) is False
    assert table.loc[two, "ethnic_category"] == "99"
    assert set(table["snapshot_date"]) == {pd.Timestamp(2025, 3, 31)}


def test_esr_without_date_in_name_needs_file_date(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    row = ["1", "1", "SY001", "A B", "A", "Nursing and Midwifery Registered", "Band 5", "", "Permanent", "Yes"]
    path = write_csv(tmp_path / "esr.csv", [ESR_HEADER, row])
    raw = read_raw(path)
    with pytest.raises(WresError, match="snapshot date"):
        apply_profile(raw, profiles["esr_staff"], PSEUDO)
    table = apply_profile(raw, profiles["esr_staff"], PSEUDO, file_date=dt.date(2024, 3, 31)).table
    assert table["snapshot_date"].tolist() == [pd.Timestamp(2024, 3, 31)]


def test_missing_column_is_a_data_error(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    path = write_csv(
        tmp_path / "l.csv", [[c for c in LEARNING_HEADER if c != "Start Date"], ["LR1", "SY001", "1", "X", "CPD"]]
    )
    with pytest.raises(DataError, match="missing column 'Start Date'"):
        apply_profile(read_raw(path), profiles["learning_records"], PSEUDO)


def test_detection_is_case_and_space_insensitive(profiles: dict[str, Profile]) -> None:
    assert detect_profile(["case  reference", "CASE TYPE", " stage "], profiles).name == "er_case_log"


def test_detection_unknown_lists_profiles_and_columns(profiles: dict[str, Profile]) -> None:
    with pytest.raises(WresError, match="no import profile") as err:
        detect_profile(["Foo", "Bar"], profiles)
    assert "Foo" in str(err.value)
    assert "esr_staff" in str(err.value)


def test_detection_ambiguous_names_candidates(profiles: dict[str, Profile]) -> None:
    columns = ["Case Reference", "Case Type", "Stage", "Enrolment ID", "Course Title", "Competence Type"]
    with pytest.raises(WresError, match="--profile NAME") as err:
        detect_profile(columns, profiles)
    assert "er_case_log" in str(err.value)
    assert "learning_records" in str(err.value)


USER_PROFILE = """
name = "learning_records"
description = "Local learning system with different column names"
kind = "training"
table = "training"
signature = ["Record", "Course", "Mandatory?"]

[columns.org_code]
transform = "constant"
value = "RXX"

[columns.record_id]
source = "Record"
transform = "text"

[columns.person_id]
source = ["Staff No", "Employee Number"]
transform = "pseudonym"
id_kind = "person"

[columns.course]
source = "Course"
transform = "text"

[columns.start_date]
source = "Started"
transform = "date_dmy"

[columns.mandatory]
source = "Mandatory?"
transform = "yes_no"
"""


def test_user_profile_overrides_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "local_learning.toml").write_text(USER_PROFILE, encoding="utf-8")
    monkeypatch.setenv("WRES_PROFILE_DIR", str(folder))
    profiles = load_profiles()
    assert profiles["learning_records"].signature == ("Record", "Course", "Mandatory?")
    assert "esr_staff" in profiles
    path = write_csv(
        tmp_path / "local.csv",
        [["Record", "Staff No", "Course", "Started", "Mandatory?"], ["R1", "00042", "Fire", "2024-05-01", "Y"]],
    )
    table = import_file(path, profiles).table
    assert table.to_dict("records") == [
        {
            "org_code": "RXX",
            "record_id": "R1",
            "person_id": PSEUDO.pseudonym("42"),
            "course": "Fire",
            "start_date": pd.Timestamp(2024, 5, 1),
            "mandatory": True,
        }
    ]


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda t: t.replace('description = "Local', 'colour = "blue"\ndescription = "Local'), "'colour'"),
        (lambda t: t.replace('transform = "yes_no"', 'transform = "yes_no"\nextra = 1'), "'columns.mandatory.extra'"),
        (lambda t: t.replace('transform = "yes_no"', 'transform = "truthy"'), "'columns.mandatory.transform'"),
        (lambda t: t.replace("[columns.course]", "[columns.course_name]"), "'columns.course_name'"),
        (lambda t: t.replace('table = "training"', 'table = "lessons"'), "'table'"),
        (lambda t: t.replace('id_kind = "person"', 'id_kind = "cat"'), "'columns.person_id.id_kind'"),
    ],
)
def test_invalid_profile_is_refused(tmp_path: Path, edit: object, key: str) -> None:
    assert callable(edit)
    path = tmp_path / "bad.toml"
    path.write_text(edit(USER_PROFILE), encoding="utf-8")
    with pytest.raises(WresError, match=r"bad\.toml") as err:
        load_profile(path)
    assert key in str(err.value)


def test_profile_missing_required_canonical_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(USER_PROFILE.replace("[columns.course]\nsource", "[columns.course_x]\nsource"), encoding="utf-8")
    with pytest.raises(WresError, match=r"p\.toml"):
        load_profile(path)


def test_esr_scales_to_many_rows(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    n = 200_000
    rng = np.random.default_rng(1)
    numbers = (10_000_000 + rng.integers(0, 50_000, n)).astype(str)
    frame = pd.DataFrame(
        {
            "Employee Number": numbers,
            "Assignment Number": numbers,
            "Organisation Code": "SY001",
            "Full Name": "X",
            "Ethnic Origin": rng.choice(["A White - British", "N Black or Black British - African", ""], n),
            "Staff Group": "Nursing and Midwifery Registered",
            "Pay Band": rng.choice(["Band 5", "AfC Band 8A", "Band 6"], n),
            "Grade": "",
            "Assignment Category": rng.choice(["Permanent", "Bank"], n),
            "Primary Assignment": rng.choice(["Yes", "No"], n),
        }
    )
    path = tmp_path / "esr_staff_2025-03-31.csv"
    frame.to_csv(path, index=False)
    result = import_file(path, profiles)
    assert result.table["person_id"].is_unique
    assert len(result.table) == frame["Employee Number"].nunique()


@pytest.mark.parametrize("year", [2024, 2025])
def test_staff_survey_reproduces_respondents_and_answers(
    synth: tuple[SynthData, Path], profiles: dict[str, Profile], year: int
) -> None:
    data, folder = synth
    result = import_file(folder / f"staff_survey_{year}.csv", profiles)
    assert result.profile == "staff_survey"
    assert result.rejects.empty
    respondents = data.survey_respondents[data.survey_respondents["survey_year"] == year].copy()
    respondents["respondent_id"] = pseudonymise(respondents["respondent_id"], "respondent")
    same(result.tables["survey_respondents"], respondents, ["respondent_id"])
    answers = data.survey_answers[data.survey_answers["survey_year"] == year].copy()
    answers["respondent_id"] = pseudonymise(answers["respondent_id"], "respondent")
    same(result.tables["survey_answers"], answers, ["respondent_id", "item"])


def test_answers_profile_must_name_a_long_table(tmp_path: Path) -> None:
    text = (resources.files("wres.ingest") / "builtin_profiles" / "staff_survey.toml").read_text(encoding="utf-8")
    path = tmp_path / "survey.toml"
    path.write_text(text.replace('table = "survey_answers"', 'table = "board"'), encoding="utf-8")
    with pytest.raises(WresError, match=r"'answers\.table'"):
        load_profile(path)


# --- Set up from the docs alone (issue 13) -------------------------------------------------------------------------

ESR_NO_ORG = ["Employee Number", "Assignment Number", "Ethnic Origin", "Staff Group", "Pay Band", "Assignment Category",
              "Primary Assignment"]  # fmt: skip
ESR_NO_ORG_ROW = ["1", "1", "A White - British", "Nursing and Midwifery Registered", "Band 5", "Permanent", "Yes"]


@pytest.mark.parametrize(
    "name",
    [
        "esr_staff_2025-03-31.csv",
        "esr_staff 31-03-2025.csv",
        "esr_staff_31.03.2025.csv",
        "ESR_20250331.csv",
        "ESR staff 31 March 2025.csv",
        "ESR staff 31-Mar-2025.csv",
        "ESR_staff_Mar2025.csv",
        "ESR staff March 2025.csv",
    ],
)
def test_snapshot_date_from_the_file_name_in_common_formats(
    tmp_path: Path, profiles: dict[str, Profile], name: str
) -> None:
    """Each name says 31 March 2025 (a month and year alone: the month's last day, as ESR's month-end extracts)."""
    row = ["1", "1", "SY001", "A B", "A White - British", "Nursing and Midwifery Registered", "Band 5", "", "Permanent",
           "Yes"]  # fmt: skip
    path = write_csv(tmp_path / name, [ESR_HEADER, row])
    table = apply_profile(read_raw(path), profiles["esr_staff"], PSEUDO).table
    assert table["snapshot_date"].tolist() == [pd.Timestamp(2025, 3, 31)]


def test_a_file_name_with_two_different_dates_is_not_guessed(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    row = ["1", "1", "SY001", "A B", "A", "Nursing and Midwifery Registered", "Band 5", "", "Permanent", "Yes"]
    path = write_csv(tmp_path / "esr 31.03.2025 run 02.04.2025.csv", [ESR_HEADER, row])
    with pytest.raises(WresError, match="--snapshot-date"):
        apply_profile(read_raw(path), profiles["esr_staff"], PSEUDO)


SURVEY_PROFILE = """
kind = "survey"
table = "survey_respondents"
signature = ["Resp", "Ethnicity"]

[columns.org_code]
transform = "constant"
value = "RXX"

[columns.survey_year]
transform = "file_date"

[columns.respondent_id]
source = "Resp"
transform = "pseudonym"
id_kind = "respondent"

[columns.ethnic_category]
source = "Ethnicity"
transform = "ethnicity"
"""


def test_survey_year_from_a_plain_year_in_the_file_name(tmp_path: Path) -> None:

    profile = parse_profile(tomllib.loads(SURVEY_PROFILE), "survey.toml", "survey")
    path = write_csv(tmp_path / "NSS24 microdata 2024.csv", [["Resp", "Ethnicity"], ["r1", "A"], ["r2", "N"]])
    table = apply_profile(read_raw(path), profile, PSEUDO, today=dt.date(2026, 1, 1)).table
    assert table["survey_year"].tolist() == [2024, 2024]
    given = apply_profile(read_raw(path), profile, PSEUDO, survey_year=2023, today=dt.date(2026, 1, 1)).table
    assert given["survey_year"].tolist() == [2023, 2023]


def test_constant_fills_every_column_type(tmp_path: Path) -> None:

    text = SURVEY_PROFILE.replace('transform = "file_date"', 'transform = "constant"\nvalue = 2024')
    text += '\n[columns.weight]\ntransform = "constant"\nvalue = 1.5\n'
    profile = parse_profile(tomllib.loads(text), "survey.toml", "survey")
    path = write_csv(tmp_path / "survey.csv", [["Resp", "Ethnicity"], ["r1", "A"]])
    table = apply_profile(read_raw(path), profile, PSEUDO, today=dt.date(2026, 1, 1)).table
    assert table["survey_year"].tolist() == [2024]
    assert table["weight"].tolist() == [1.5]
    board = builtin_profiles()["board_register"]
    raw_board = tomllib.loads((resources.files("wres.ingest") / "builtin_profiles" / "board_register.toml").read_text())
    raw_board["columns"]["snapshot_date"] = {"transform": "constant", "value": dt.date(2025, 3, 31)}
    raw_board["signature"] = ["Member Ref"]
    board = parse_profile(raw_board, "board.toml", "board")
    rows = [["Organisation Code", "Member Ref", "Ethnicity", "Voting", "Executive"], ["RXX", "m1", "A", "Yes", "No"]]
    table = apply_profile(read_raw(write_csv(tmp_path / "board.csv", rows)), board, PSEUDO).table
    assert table["snapshot_date"].tolist() == [pd.Timestamp(2025, 3, 31)]


LEARNING_NO_IDS = """
kind = "training"
table = "training"
signature = ["Staff No", "Course", "Started"]

[columns.org_code]
transform = "constant"
value = "RXX"

[columns.record_id]
transform = "derived_id"
source = ["person_id", "course", "start_date"]

[columns.person_id]
source = "Staff No"
transform = "pseudonym"
id_kind = "person"

[columns.course]
source = "Course"
transform = "text"

[columns.start_date]
source = "Started"
transform = "date_dmy"

[columns.mandatory]
transform = "constant"
value = true
"""


def test_learning_without_ids_gets_a_stable_derived_record_id(tmp_path: Path) -> None:
    """The derived id is the SHA-256 of the record's pseudonymised person, course and ISO start date (docs/profiles.md),
    so the same enrolment has the same id in every export, whatever the row order or date format."""

    profile = parse_profile(tomllib.loads(LEARNING_NO_IDS), "learning.toml", "learning")
    header = ["Staff No", "Course", "Started"]
    first = write_csv(tmp_path / "a.csv", [header, ["42", "Fire", "01/05/2024"], ["43", "Fire", "01/05/2024"]])
    second = write_csv(tmp_path / "b.csv", [header, ["43", "Fire", "2024-05-01"], ["42", "Fire", "2024-05-01"]])
    a = apply_profile(read_raw(first), profile, PSEUDO).table.set_index("person_id")["record_id"]
    b = apply_profile(read_raw(second), profile, PSEUDO).table.set_index("person_id")["record_id"]
    person = PSEUDO.pseudonym("42")
    expected = "D" + hashlib.sha256(f"{person}\x1fFire\x1f2024-05-01".encode()).hexdigest()[:20].upper()
    assert a[person] == expected
    assert a.to_dict() == b.to_dict()
    assert a.is_unique


def test_one_decision_date_for_two_columns_reports_a_bad_date_once(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:

    text = (resources.files("wres.ingest") / "builtin_profiles" / "recruitment_trac.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    data["columns"]["application_date"]["source"] = "Decision Date"
    data["columns"]["shortlisting_date"]["source"] = "Decision Date"
    profile = parse_profile(data, "recruitment.toml", "recruitment")
    header = ["Organisation Code", "Application ID", "Vacancy Reference", "Candidate ID", "Ethnic Group",
              "Decision Date", "Shortlisted", "Outcome"]  # fmt: skip
    rows = [header, ["RXX", "a1", "v1", "c1", "A", "31/02/2025", "Yes", "Appointed"],
            ["RXX", "a2", "v1", "c2", "A", "01/02/2025", "No", "Not appointed"]]  # fmt: skip
    result = apply_profile(read_raw(write_csv(tmp_path / "rec.csv", rows)), profile, PSEUDO)
    assert result.rejects[["row", "column"]].values.tolist() == [[2, "Decision Date"]]
    assert result.table["application_id"].tolist() == ["a2"]


def test_esr_primary_column_is_a_profile_setting(tmp_path: Path) -> None:

    data = tomllib.loads((resources.files("wres.ingest") / "builtin_profiles" / "esr_staff.toml").read_text())
    data["resolver"] = {"primary": "Main Job"}
    data["signature"] = ["Employee Number", "Main Job"]
    profile = parse_profile(data, "esr.toml", "esr")
    header = ["Employee Number", "Organisation Code", "Ethnic Origin", "Staff Group", "Pay Band", "Assignment Category",
              "Main Job"]  # fmt: skip
    group = "Nursing and Midwifery Registered"
    rows = [header, ["1", "RXX", "A", group, "Band 7", "Permanent", "N"],
            ["1", "RXX", "A", group, "Band 5", "Permanent", "Y"]]  # fmt: skip
    result = apply_profile(read_raw(write_csv(tmp_path / "esr_2025-03-31.csv", rows)), profile, PSEUDO)
    assert result.table["band"].tolist() == ["5"]  # the primary (Main Job = Y) wins over the higher band (§4.4)
    assert result.set_aside["column"].tolist() == ["Main Job"]


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI run in a home of its own: no user profiles, no key, no store but the ones named."""
    (tmp_path / "no-profiles").mkdir()
    monkeypatch.setenv("WRES_PROFILE_DIR", str(tmp_path / "no-profiles"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("WRES_DEBUG", "WRES_STORE", "WRES_KEY_FILE", "XDG_CONFIG_HOME", "WRES_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def wres_cli(args: list[str]) -> tuple[int, str]:

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = run(args)
    return code, out.getvalue()


def test_cli_snapshot_date_option_exists_and_the_error_names_it(cli_home: Path) -> None:
    path = write_csv(cli_home / "staff extract.csv", [ESR_NO_ORG, ESR_NO_ORG_ROW])
    store = str(cli_home / "s.duckdb")
    code, out = wres_cli(["validate", str(path), "--org", "RXX", "--store", store])
    assert code != 0
    assert "--snapshot-date" in out
    code, out = wres_cli(["validate", str(path), "--org", "RXX", "--snapshot-date", "31/03/2025", "--store", store])
    assert code == 0, out


def test_cli_org_and_org_name_need_no_organisations_file(cli_home: Path) -> None:

    path = write_csv(cli_home / "esr 31.03.2025.csv", [ESR_NO_ORG, ESR_NO_ORG_ROW])
    store = cli_home / "s.duckdb"
    code, out = wres_cli(["import", str(path), "--org", "RXX", "--org-name", "Example Trust", "--store", str(store)])
    assert code == 0, out
    con = duckdb.connect(str(store), read_only=True)
    try:
        assert con.execute("SELECT org_code, org_name FROM organisations").fetchall() == [("RXX", "Example Trust")]
        rows = con.execute("SELECT org_code, snapshot_date, band FROM staff").fetchall()
    finally:
        con.close()
    assert rows == [("RXX", dt.date(2025, 3, 31), "5")]


def test_cli_org_disagreeing_with_the_files_organisation_is_refused(cli_home: Path) -> None:
    row = ["1", "1", "SY001", "A B", "A", "Nursing and Midwifery Registered", "Band 5", "", "Permanent", "Yes"]
    path = write_csv(cli_home / "esr_2025-03-31.csv", [ESR_HEADER, row])
    code, out = wres_cli(["validate", str(path), "--org", "RXX", "--store", str(cli_home / "s.duckdb")])
    assert code != 0
    assert "SY001" in out
    assert "RXX" in out


# --- docs/profiles.md is the reference, tested against the code (issue 13) -------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "profiles.md"


def documented(heading: str) -> set[str]:
    """The names in the first column (`name`) of the table under the ``## heading`` of docs/profiles.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return {m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", section, re.MULTILINE)}


def test_every_key_and_transform_is_documented_and_every_documented_one_exists() -> None:
    from wres.ingest.profiles import _ANSWERS_KEYS, _PROFILE_KEYS, _RESOLVER_KEYS, _RULE_KEYS, RESOLVERS, TRANSFORMS

    assert documented("Profile keys") == set(_PROFILE_KEYS)
    assert documented("Column keys") == set(_RULE_KEYS)
    assert documented("Transforms") == set(TRANSFORMS)
    assert documented("Answers keys") == set(_ANSWERS_KEYS)
    assert documented("Resolvers") == set(RESOLVERS)
    assert documented("Resolver keys") == set().union(*_RESOLVER_KEYS.values())
    assert documented("Values given on the command line") == {
        "--org",
        "--org-name",
        "--snapshot-date",
        "--survey-year",
        "--complete-period",
    }
    code, help_text = wres_cli(["import", "--help"])
    assert code == 0
    for option in documented("Values given on the command line"):
        assert option in help_text


def doc_examples() -> list[tuple[str, str, str, str]]:
    """(title, profile TOML, file name, CSV text) of every example of docs/profiles.md."""
    text = DOC.read_text(encoding="utf-8")
    pattern = re.compile(
        r"^### Example: (?P<title>.+?)\n.*?```toml\n(?P<toml>.*?)```\n.*?<!-- file: (?P<file>.+?) -->\n```csv\n"
        r"(?P<csv>.*?)```",
        re.MULTILINE | re.DOTALL,
    )
    return [(m["title"], m["toml"], m["file"], m["csv"]) for m in pattern.finditer(text)]


def test_the_doc_has_an_example_per_source() -> None:
    from wres.ingest.defaults import KINDS_OF_SOURCE

    kinds = {tomllib.loads(toml)["kind"] for _, toml, _, _ in doc_examples()}
    assert kinds == set(KINDS_OF_SOURCE) - {"organisations"}


@pytest.mark.parametrize(("title", "toml", "file", "csv"), doc_examples(), ids=[e[0] for e in doc_examples()])
def test_each_doc_example_parses_and_maps_its_example_file(
    tmp_path: Path, title: str, toml: str, file: str, csv: str
) -> None:
    """Each example of docs/profiles.md is a valid profile, detected from its example file's columns, that maps every
    row of that file (``wres import --org RXX``) with no reject."""
    profile = parse_profile(tomllib.loads(toml), f"docs/profiles.md ({title})", "example")
    path = tmp_path / file
    path.write_text(csv, encoding="utf-8")
    raw = read_raw(path)
    assert detect_profile(raw.columns, [profile]) is profile
    result = apply_profile(raw, profile, PSEUDO, org_code="RXX", today=dt.date(2026, 12, 1))
    assert result.rejects.empty, result.rejects.to_dict("records")
    assert result.rows_read == len(csv.strip().splitlines()) - 1
    table = result.tables[profile.table]
    assert len(table) >= 1
    assert set(table["org_code"]) == {"RXX"}


def test_the_doc_examples_import_together_through_the_cli(cli_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trust set up from docs/profiles.md alone: its six example profiles and files, one `wres import --org RXX
    --org-name ...` and no organisations file. Rows counted by hand from the doc's files: staff 2 people (a bank
    assignment merged), board 3, cases 2 (a grievance out of scope), learning 3, recruitment 3, survey 2
    respondents with 4 answers."""
    folder, files = cli_home / "profiles", cli_home / "files"
    folder.mkdir()
    files.mkdir()
    for i, (_, toml, file, csv) in enumerate(doc_examples()):
        (folder / f"example{i}.toml").write_text(toml, encoding="utf-8")
        (files / file).write_text(csv, encoding="utf-8")
    monkeypatch.setenv("WRES_PROFILE_DIR", str(folder))
    store = cli_home / "s.duckdb"
    paths = [str(p) for p in sorted(files.iterdir())]
    code, out = wres_cli(["import", *paths, "--org", "RXX", "--org-name", "Example NHS Trust", "--store", str(store)])
    assert code == 0, out
    con = duckdb.connect(str(store), read_only=True)
    try:
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()
            for t in (
                "staff",
                "board",
                "disciplinary",
                "training",
                "recruitment",
                "survey_respondents",
                "survey_answers",
            )
        }
        orgs = con.execute("SELECT org_code, org_name FROM organisations").fetchall()
    finally:
        con.close()
    assert counts == {
        "staff": (2,),
        "board": (3,),
        "disciplinary": (2,),
        "training": (3,),
        "recruitment": (3,),
        "survey_respondents": (2,),
        "survey_answers": (4,),
    }
    assert orgs == [("RXX", "Example NHS Trust")]


def test_cli_org_leaves_an_organisations_file_and_survey_year_option_as_given(cli_home: Path) -> None:
    """--org names the organisation of the extracts, not of an organisations list imported with them (which may list
    several); --survey-year gives a survey's year where the file name has none."""
    folder = cli_home / "profiles"
    folder.mkdir()
    (folder / "survey.toml").write_text(SURVEY_PROFILE, encoding="utf-8")
    orgs = write_csv(cli_home / "organisations.csv", [["Org Code", "Organisation Name"], ["RXX", "X"], ["RYY", "Y"]])
    survey = write_csv(cli_home / "survey.csv", [["Resp", "Ethnicity"], ["r1", "A"], ["r2", "N"]])
    store = cli_home / "s.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WRES_PROFILE_DIR", str(folder))
        code, out = wres_cli(["import", str(orgs), str(survey), "--org", "RXX", "--store", str(store)])
        assert code != 0
        assert "--survey-year" in out
        code, out = wres_cli(
            ["import", str(orgs), str(survey), "--org", "RXX", "--survey-year", "2024", "--store", str(store)]
        )
    assert code == 0, out
    con = duckdb.connect(str(store), read_only=True)
    try:
        assert con.execute("SELECT org_code FROM organisations ORDER BY 1").fetchall() == [("RXX",), ("RYY",)]
        assert con.execute("SELECT DISTINCT org_code, survey_year FROM survey_respondents").fetchall() == [
            ("RXX", 2024)
        ]
    finally:
        con.close()
