"""End to end: a trust whose exports wres has never seen (issue 13, "Checks", second bullet).

The raw exports are written by hand here, in a layout unlike the synthetic generator's (``wres.synth.raw``):
Windows-1252 text (``£``, ``é``, en dashes), title rows and a blank row above the header, CRLF line ends,
``dd/mm/yyyy`` dates, an ESR-like staff extract per 31 March snapshot (2024 and 2025) with secondary, bank-only,
bank-flagged-primary and honorary assignments, an employee-relations case log holding grievances and capability
cases, learning records without ids, staff survey microdata whose survey year is only in the file name, a recruitment
export, and a board register without a date column (its date given with ``--snapshot-date``). The mapping profiles
below were written from ``docs/profiles.md`` alone. Everything is imported through the CLI (``wres import --profile
... --org ... --org-name ...``, a temporary key file and store), then ``wres indicators --year 2025 --format csv``
is read back and every headline value (the counts ``a``, ``n1``, ``c``, ``n2`` and the estimate) is checked against
the arithmetic written out here, which follows wres-domain.md (§2 calendar, §3.4-§3.5 groupings and Unknown, §4.4
who is counted, §5.0 stable history, §5.1-§5.9 the indicators).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from wres.cli.main import run

ORG = "RXX"
ORG_NAME = "Example Hospitals NHS Trust"

# --- the mapping profiles, written from docs/profiles.md alone -------------------------------------------------------

STAFF_PROFILE = """
name = "unseen_esr_staff"
kind = "staff"
table = "staff"
signature = ["Emp Ref", "Asg Ref", "Primary?"]
resolve = "esr_assignments"

[resolver]
primary = "Primary?"

[columns.org_code]
source = "Organisation Code"
transform = "text"

[columns.snapshot_date]
transform = "file_date"

[columns.person_id]
source = "Emp Ref"
transform = "pseudonym"
id_kind = "person"

[columns.ethnic_category]
source = "Ethnic Origin"
transform = "ethnicity"

[columns.band]
source = "Pay Grade"
transform = "band"
staff_group = "Staff Grp"

[columns.staff_group]
source = "Staff Grp"
transform = "staff_group"

[columns.contract]
source = "Asg Category"
transform = "map"
values = { Permanent = "substantive", "Fixed Term Temp" = "fixed_term", Bank = "bank", Honorary = "honorary" }

[columns.gender]
source = "Sex"
transform = "map"
required = false
values = { F = "Female", M = "Male" }
default = "Unknown"

[columns.directorate]
source = "Cost Centre"
transform = "text"
required = false
"""

CASES_PROFILE = """
name = "unseen_er_cases"
kind = "disciplinary"
table = "disciplinary"
signature = ["Case Ref", "Case Type", "Emp Ref"]

[filter]
"Case Type" = ["Disciplinary"]

[columns.org_code]
source = "Organisation Code"
transform = "text"

[columns.case_id]
source = "Case Ref"
transform = "text"

[columns.person_id]
source = "Emp Ref"
transform = "pseudonym"
id_kind = "person"

[columns.investigation_start]
source = "Opened"
transform = "date_dmy"

[columns.outcome]
source = "Outcome"
transform = "text"
required = false
"""

LEARNING_PROFILE = """
name = "unseen_learning"
kind = "training"
table = "training"
signature = ["Staff No", "Learning Title", "Start"]

[columns.org_code]
source = "Organisation Code"
transform = "text"

[columns.record_id]
source = ["person_id", "course", "start_date"]
transform = "derived_id"

[columns.person_id]
source = "Staff No"
transform = "pseudonym"
id_kind = "person"

[columns.course]
source = "Learning Title"
transform = "text"

[columns.start_date]
source = "Start"
transform = "date_dmy"

[columns.mandatory]
source = "Classification"
transform = "map"
values = { CPD = false, Development = false, Mandatory = true, "Statutory/Mandatory" = true }
default = false
"""

RECRUITMENT_PROFILE = """
name = "unseen_recruitment"
kind = "recruitment"
table = "recruitment"
signature = ["Application No", "Post Ref", "Candidate No"]

[columns.org_code]
source = "Organisation Code"
transform = "text"

[columns.application_id]
source = "Application No"
transform = "text"

[columns.vacancy_id]
source = "Post Ref"
transform = "text"

[columns.applicant_id]
source = "Candidate No"
transform = "pseudonym"
id_kind = "applicant"

[columns.ethnic_category]
source = "Ethnic Group"
transform = "ethnicity"

[columns.application_date]
source = "Applied On"
transform = "date_dmy"

[columns.shortlisted]
source = "Shortlisted (Y/N)"
transform = "yes_no"

[columns.shortlisting_date]
source = "Shortlisted On"
transform = "date_dmy"
required = false

[columns.appointed]
source = "Outcome"
transform = "map"
values = { "Offer Accepted" = true, Unsuccessful = false, Withdrawn = false, "Not Shortlisted" = false }
"""

SURVEY_PROFILE = """
name = "unseen_staff_survey"
kind = "survey"
table = "survey_respondents"
signature = ["Resp ID", "Ethnic Background"]

[answers]
table = "survey_answers"
items = ["Q14a", "Q14b", "Q14c", "Q15", "Q16b"]

[columns.org_code]
source = "Organisation Code"
transform = "text"

[columns.survey_year]
transform = "file_date"

[columns.respondent_id]
source = "Resp ID"
transform = "pseudonym"
id_kind = "respondent"

[columns.ethnic_category]
source = "Ethnic Background"
transform = "ethnicity"
"""

BOARD_PROFILE = """
name = "unseen_board"
kind = "board"
table = "board"
signature = ["Member Ref", "Voting", "Exec"]

[columns.org_code]
source = "Organisation Code"
transform = "text"

[columns.snapshot_date]
transform = "file_date"

[columns.member_id]
source = "Member Ref"
transform = "pseudonym"
id_kind = "board_member"

[columns.ethnic_category]
source = "Ethnic Origin"
transform = "ethnicity"

[columns.voting]
source = "Voting"
transform = "yes_no"

[columns.executive]
source = "Exec"
transform = "yes_no"

[columns.role]
source = "Position"
transform = "text"
required = false
"""

PROFILES = {
    "unseen_esr_staff": STAFF_PROFILE,
    "unseen_er_cases": CASES_PROFILE,
    "unseen_learning": LEARNING_PROFILE,
    "unseen_recruitment": RECRUITMENT_PROFILE,
    "unseen_staff_survey": SURVEY_PROFILE,
    "unseen_board": BOARD_PROFILE,
}

# --- the raw exports ----------------------------------------------------------------------------------------------

WHITE_BRITISH = "A White - British"
WHITE_IRISH = "B White - Irish"
WHITE_OTHER = "C White - Any other White background"
BLACK_AFRICAN = "N Black or Black British - African"
BLACK_CARIBBEAN = "M Black or Black British - Caribbean"
INDIAN = "H Asian or Asian British - Indian"
PAKISTANI = "J Asian or Asian British - Pakistani"
CHINESE = "R Chinese"
MIXED_LOWER = "d mixed - white & black caribbean"  # an ESR value in lower case (issue 13): still D, so BME
NOT_STATED = "Z Not Stated"

NURSE = "Nursing and Midwifery Registered"
ADMIN = "Administrative and Clerical"
SCIENCE = "Add Prof Scientific and Technic"

STAFF_HEADER = [
    "Emp Ref",
    "Asg Ref",
    "Employee Name",
    "Date of Birth",
    "Ethnic Origin",
    "Staff Grp",
    "Pay Grade",
    "Asg Category",
    "Primary?",
    "Sex",
    "Cost Centre",
    "Annual Salary (£)",
]


def assignment(
    emp: str,
    n: int,
    name: str,
    ethnicity: str,
    group: str,
    grade: str,
    category: str = "Permanent",
    primary: str = "Yes",
    sex: str = "F",
) -> list[str]:
    """One row of the staff extract: one assignment of one person."""
    return [
        emp,
        f"{emp}-{n}",
        name,
        "14/02/1980",
        ethnicity,
        group,
        grade,
        category,
        primary,
        sex,
        "Medicine",
        "£30,000",
    ]


# In both snapshots, with the same ethnicity in each (so §5.0's choice of snapshot never changes a group here).
STAYERS = [
    assignment("10101", 1, "Ann Smith", WHITE_BRITISH, NURSE, "Band 5"),
    # 10102: a permanent band 6 post and a bank band 5 assignment (wrongly) flagged primary: the permanent post wins
    # (§4.4), so she counts once, at band 6, and is not bank-only.
    assignment("10102", 1, "Beth Jones", WHITE_BRITISH, NURSE, "Band 6", primary="No"),
    assignment("10102", 2, "Beth Jones", WHITE_BRITISH, NURSE, "Band 5", category="Bank", primary="Yes"),
    assignment("10103", 1, "Ciarán Byrne", WHITE_IRISH, ADMIN, "Band 3", sex="M"),
    assignment("10104", 1, "Renée Dubois", WHITE_OTHER, ADMIN, "Band 4", category="Fixed Term Temp"),
    assignment("10105", 1, "Dan Evans", WHITE_BRITISH, ADMIN, "Band 8a", sex="M"),
    assignment("10106", 1, "Eve Hughes", WHITE_BRITISH, NURSE, "Band 7"),
    assignment("10107", 1, "Femi Adeyemi", BLACK_AFRICAN, NURSE, "Band 5", sex="M"),
    # 10108: two permanent posts; the primary one (nursing band 5) is counted, not the higher secondary (admin 7).
    assignment("10108", 1, "Priya Patel", INDIAN, NURSE, "Band 5"),
    assignment("10108", 2, "Priya Patel", INDIAN, ADMIN, "Band 7", primary="No"),
    assignment("10109", 1, "Grace Campbell", BLACK_CARIBBEAN, ADMIN, "Band 3"),
    assignment("10111", 1, "Li Wei", CHINESE, ADMIN, "Band 8a", sex="M"),
    assignment("10112", 1, "Sam Taylor", NOT_STATED, ADMIN, "Band 2", sex="M"),
    # 10113: bank only (every assignment bank): out of WRES (§4.4), in no count of any indicator.
    assignment("10113", 1, "Kofi Mensah", BLACK_AFRICAN, NURSE, "Band 5", category="Bank", sex="M"),
    assignment("10114", 1, "Mia Brown", MIXED_LOWER, NURSE, "Band 5"),
    assignment("10115", 1, "Tom Wright", WHITE_BRITISH, ADMIN, "Band 5", sex="M"),
    # 10118: honorary only: out of WRES (§4.4).
    assignment("10118", 1, "Prof Hal Green", WHITE_BRITISH, SCIENCE, "Band 7", category="Honorary", sex="M"),
]
# Left during 2024/25: in the 31 March 2024 snapshot only.
LEAVERS = [
    assignment("10116", 1, "Una Lewis", WHITE_BRITISH, NURSE, "Band 5"),
    assignment("10117", 1, "Jide Okafor", BLACK_AFRICAN, ADMIN, "Band 3", sex="M"),
]
# Joined during 2024/25: in the 31 March 2025 snapshot only.
JOINERS = [assignment("10110", 1, "Aisha Khan", PAKISTANI, NURSE, "Band 6")]

STAFF_2024 = STAYERS + LEAVERS  # 19 rows: 17 people (10102 and 10108 have two rows each)
STAFF_2025 = STAYERS + JOINERS  # 18 rows: 16 people

# In scope at 31 March 2025 (§4.4: bank-only 10113 and honorary 10118 out; second assignments merged):
#   White   (A, B, C): 10101, 10102, 10103, 10104, 10105, 10106, 10115                      = 7
#   BME     (D-S):     10107 (N), 10108 (H), 10109 (M), 10110 (J), 10111 (R), 10114 (d, D)  = 6
#   Unknown (Z):       10112                                                                 = 1
N_WHITE, N_BME, N_UNKNOWN = 7, 6, 1
N_ALL = N_WHITE + N_BME + N_UNKNOWN  # 14

CASES_HEADER = ["Case Ref", "Case Type", "Emp Ref", "Employee Name", "Opened", "Stage", "Outcome", "Case Notes"]
CASES = [
    # Investigations started in activity year 2024/25 (WRES 2025's Y):
    ["ER-001", "Disciplinary", "10107", "Femi Adeyemi", "12/05/2024", "Investigation", "No case to answer", ""],
    ["ER-002", "Disciplinary", "10107", "Femi Adeyemi", "03/01/2025", "Hearing", "Final warning – 12 months", ""],
    ["ER-003", "Grievance", "10101", "Ann Smith", "20/06/2024", "Stage 1", "Upheld", "raised about rota – resolved"],
    ["ER-004", "Disciplinary", "10103", "Ciarán Byrne", "15/10/2024", "Investigation", "", ""],
    ["ER-005", "Disciplinary", "10117", "Jide Okafor", "05/09/2024", "Hearing", "Dismissal", "left the trust"],
    ["ER-008", "Grievance", "10109", "Grace Campbell", "01/03/2025", "Stage 1", "", ""],
    ["ER-009", "Capability", "10105", "Dan Evans", "11/11/2024", "Informal", "", ""],
    ["ER-010", "Disciplinary", "10113", "Kofi Mensah", "10/10/2024", "Investigation", "", "bank shifts only"],
    # Started in activity year 2023/24 (WRES 2024, Y-1, for indicator 3's rolling form):
    ["ER-006", "Disciplinary", "10109", "Grace Campbell", "14/11/2023", "Investigation", "Verbal warning", ""],
    ["ER-007", "Disciplinary", "10106", "Eve Hughes", "02/02/2024", "Investigation", "No case to answer", ""],
]

LEARNING_HEADER = ["Staff No", "Learner", "Learning Title", "Start", "Classification", "Cost (£)"]
LEARNING = [
    ["10101", "Ann Smith", "Leadership Essentials", "10/06/2024", "CPD", "£120"],
    ["10101", "Ann Smith", "Band 6 Development", "12/09/2024", "Development", "£0"],
    ["10102", "Beth Jones", "Fire Safety", "01/05/2024", "Mandatory", "£0"],
    ["10105", "Dan Evans", "Coaching Skills", "15/01/2025", "CPD", "£300"],
    ["10116", "Una Lewis", "Leadership Essentials", "10/06/2024", "CPD", "£120"],
    ["10107", "Femi Adeyemi", "Leadership Essentials", "10/06/2024", "CPD", "£120"],
    ["10108", "Priya Patel", "Infection Control", "03/03/2025", "Statutory/Mandatory", "£0"],
    ["10110", "Aisha Khan", "Mentoring Café", "20/11/2024", "CPD", "£45"],
    ["10103", "Ciarán Byrne", "Excel Basics", "05/04/2023", "CPD", "£60"],
    ["10113", "Kofi Mensah", "Coaching Skills", "15/01/2025", "CPD", "£300"],
    ["10104", "Renée Dubois", "Coaching Skills", "31/03/2025", "CPD", "£300"],
]

RECRUITMENT_HEADER = [
    "Application No",
    "Post Ref",
    "Candidate No",
    "Candidate Name",
    "Ethnic Group",
    "Applied On",
    "Shortlisted (Y/N)",
    "Shortlisted On",
    "Outcome",
]
RECRUITMENT = [
    # Shortlisted in 2024/25, White (A, C, B, A): appointed.
    ["A-01", "V-100", "C-01", "Amy Reed", WHITE_BRITISH, "02/05/2024", "Y", "20/05/2024", "Offer Accepted"],
    ["A-02", "V-100", "C-02", "Bill Hart", WHITE_OTHER, "03/05/2024", "Y", "20/05/2024", "Unsuccessful"],
    ["A-03", "V-101", "C-03", "Cara Dunn", WHITE_IRISH, "01/09/2024", "Y", "15/09/2024", "Withdrawn"],
    ["A-04", "V-101", "C-04", "Dev Lowe", WHITE_BRITISH, "02/09/2024", "Y", "15/09/2024", "Offer Accepted"],
    # Shortlisted in 2024/25, BME (N, R, H, J, M): A-05 appointed.
    ["A-05", "V-100", "C-05", "Ebo Mensah", BLACK_AFRICAN, "04/05/2024", "Y", "20/05/2024", "Offer Accepted"],
    ["A-06", "V-100", "C-06", "Fay Chen", CHINESE, "04/05/2024", "Y", "20/05/2024", "Unsuccessful"],
    ["A-07", "V-101", "C-07", "Gita Rao", INDIAN, "03/09/2024", "Y", "15/09/2024", "Unsuccessful"],
    ["A-08", "V-102", "C-08", "Hana Ali", PAKISTANI, "10/01/2025", "Y", "28/01/2025", "Unsuccessful"],
    ["A-09", "V-102", "C-09", "Ike Obi", BLACK_CARIBBEAN, "11/01/2025", "Y", "28/01/2025", "Withdrawn"],
    # Unknown ethnicity: out of indicator 2 (§3.5).
    ["A-10", "V-102", "C-10", "Jo Park", NOT_STATED, "12/01/2025", "Y", "28/01/2025", "Offer Accepted"],
    # Not shortlisted: out of indicator 2, whose base is shortlisted applications (§5.2).
    ["A-11", "V-100", "C-11", "Kit Hale", WHITE_BRITISH, "05/05/2024", "N", "", "Not Shortlisted"],
    ["A-12", "V-100", "C-12", "Lola Idowu", BLACK_AFRICAN, "05/05/2024", "N", "", "Not Shortlisted"],
    # Shortlisted on 10/03/2024, in activity year 2023/24: WRES 2024, not 2025 (§2).
    ["A-13", "V-099", "C-13", "Max Ford", WHITE_BRITISH, "20/02/2024", "Y", "10/03/2024", "Offer Accepted"],
]

SURVEY_ITEMS = ["Q14a", "Q14b", "Q14c", "Q15", "Q16b"]
SURVEY_HEADER = ["Resp ID", "Ethnic Background", *SURVEY_ITEMS, "Q32 Any other comments"]
SURVEY = [
    # White (2001/2021 census wording, no ESR code letter)
    ["S01", "White - British", "Never", "Never", "Never", "Yes", "No", "Great team – the café is good"],
    ["S02", "White - Irish", "1-2", "Never", "Never", "Yes", "No", ""],
    ["S03", "White - Any other White background", "Never", "3-5", "Never", "No", "No", ""],
    ["S04", "White - British", "Never", "Never", "Never", "Don't know", "Yes", ""],
    ["S05", "White - British", "", "", "", "Yes", "", ""],
    # BME
    ["S06", "Black or Black British - African", "1-2", "Never", "1-2", "No", "Yes", ""],
    ["S07", "Asian or Asian British - Indian", "6-10", "Never", "Never", "Yes", "No", ""],
    ["S08", "Black or Black British - Caribbean", "Never", "Never", "Never", "No", "Yes", ""],
    ["S09", "Asian or Asian British - Pakistani", "Never", "More than 10", "Never", "Don't know", "No", ""],
    ["S10", "Mixed - White and Asian", "3-5", "", "", "", "", ""],
    # Ethnicity not stated: excluded from indicators 5-8 (§3.5)
    ["S11", "Z Not Stated", "1-2", "1-2", "1-2", "No", "Yes", ""],
]

BOARD_HEADER = ["Member Ref", "Name", "Position", "Ethnic Origin", "Voting", "Exec"]
BOARD = [
    ["BM01", "Sir John Hale", "Chair", WHITE_BRITISH, "Y", "N"],
    ["BM02", "Dr Anita Shah", "Chief Executive", INDIAN, "Y", "Y"],
    ["BM03", "Paul Grey", "Director of Finance", WHITE_BRITISH, "Y", "Y"],
    ["BM04", "Ngozi Eze", "Chief Nurse", BLACK_AFRICAN, "Y", "Y"],
    ["BM05", "Jane Moss", "Non-Executive Director", WHITE_IRISH, "Y", "N"],
    ["BM06", "Imran Hussain", "Non-Executive Director", PAKISTANI, "Y", "N"],
    ["BM07", "Marcia Reid", "Associate Non-Executive Director", BLACK_CARIBBEAN, "N", "N"],
    ["BM08", "Hélène Martin", "Director of Workforce", WHITE_OTHER, "N", "Y"],
    ["BM09", "Rob Stone", "Director of Strategy", WHITE_BRITISH, "N", "Y"],
]


def write_export(path: Path, titles: list[str], header: list[str], rows: list[list[str]]) -> Path:
    """A CSV as a Windows reporting tool writes it: cp1252, CRLF, title rows and a blank row above the header."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for title in titles:
        writer.writerow([title])
    writer.writerow([])
    writer.writerows([header, *rows])
    path.write_bytes(out.getvalue().encode("cp1252"))
    return path


def write_trust(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    return {
        "staff_2024": write_export(
            folder / "Staff in Post 31 March 2024.csv",
            [ORG_NAME, "Staff in Post – report run 02/04/2024 (salaries in £)"],
            STAFF_HEADER,
            STAFF_2024,
        ),
        "staff_2025": write_export(
            folder / "Staff in Post 31 March 2025.csv",
            [ORG_NAME, "Staff in Post – report run 01/04/2025 (salaries in £)"],
            STAFF_HEADER,
            STAFF_2025,
        ),
        "cases": write_export(
            folder / "ER case log export.csv", [ORG_NAME, "Employee relations – all cases"], CASES_HEADER, CASES
        ),
        "learning": write_export(
            folder / "Learning records export.csv", [ORG_NAME, "Learning history"], LEARNING_HEADER, LEARNING
        ),
        "recruitment": write_export(
            folder / "Recruitment applications export.csv", [ORG_NAME], RECRUITMENT_HEADER, RECRUITMENT
        ),
        "survey": write_export(
            folder / "NHS Staff Survey 2024 microdata.csv", ["NHS Staff Survey – local results"], SURVEY_HEADER, SURVEY
        ),
        "board": write_export(folder / "Board register.csv", [ORG_NAME, "Register of members"], BOARD_HEADER, BOARD),
    }


# One `wres import` per export, each with its own profile; the first names the trust (no organisations file).
IMPORTS = [
    ("staff_2024", "unseen_esr_staff", ["--org-name", ORG_NAME]),
    ("staff_2025", "unseen_esr_staff", []),
    ("cases", "unseen_er_cases", []),
    ("learning", "unseen_learning", []),
    ("recruitment", "unseen_recruitment", []),
    ("survey", "unseen_staff_survey", []),
    ("board", "unseen_board", ["--snapshot-date", "31/03/2025"]),
]


def wres(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = run(args)
    return code, out.getvalue()


@dataclass(frozen=True)
class Trust:
    store: Path
    headline: pd.DataFrame  # WRES 2025's headline rows of `wres indicators --format csv`


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory) -> Trust:
    base = tmp_path_factory.mktemp("unseen")
    profiles = base / "profiles"
    profiles.mkdir()
    for name, text in PROFILES.items():
        (profiles / f"{name}.toml").write_text(text, encoding="utf-8")
    files = write_trust(base / "exports")
    store = base / "store" / "wres.duckdb"
    results = base / "results.csv"
    with pytest.MonkeyPatch.context() as mp:
        for name in ("WRES_DEBUG", "WRES_STORE", "XDG_CONFIG_HOME", "WRES_CONFIG"):
            mp.delenv(name, raising=False)
        mp.setenv("WRES_PROFILE_DIR", str(profiles))
        mp.setenv("WRES_KEY_FILE", str(base / "keys" / "pseudonym.key"))
        mp.setenv("HOME", str(base / "home"))
        for key, profile, extra in IMPORTS:
            args = ["import", str(files[key]), "--profile", profile, "--org", ORG, *extra, "--store", str(store)]
            code, out = wres(args)
            assert code == 0, f"{key}: {out}"
            assert "Rejected" in out  # the import's table was printed
        code, out = wres(
            ["indicators", "--year", "2025", "--format", "csv", "--out", str(results), "--store", str(store)]
        )
        assert code == 0, out
    frame = pd.read_csv(results)
    return Trust(store, frame[frame["headline"].astype(bool)].reset_index(drop=True))


def query(store: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def row(trust: Trust, indicator: int, variant: str | None = None) -> pd.Series:
    rows = trust.headline[trust.headline["indicator"] == indicator]
    if variant is not None:
        rows = rows[rows["variant"] == variant]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def check(got: pd.Series, groups: tuple[str, str], counts: tuple[int, int, int, int], estimate: Fraction) -> None:
    """The headline row's groups, counts a, n1, c, n2 and estimate equal the hand computation."""
    assert (got["org_code"], int(got["year"])) == (ORG, 2025)
    assert (got["group_a"], got["group_b"]) == groups
    assert tuple(int(got[k]) for k in ("a", "n1", "c", "n2")) == counts
    assert got["estimate"] == pytest.approx(float(estimate), rel=1e-12)


# --- what was stored ----------------------------------------------------------------------------------------------


def test_the_exports_are_read_as_written(trust: Trust) -> None:
    """Rows per table counted from the files above; cp1252 decoded (an en dash and an é survive); the organisation
    from --org/--org-name; the dates read day first; the years from the file names and --snapshot-date."""
    counts = {
        t: query(trust.store, f"SELECT count(*) FROM {t}")[0][0]
        for t in ("staff", "disciplinary", "training", "recruitment", "survey_respondents", "survey_answers", "board")
    }
    assert counts == {
        "staff": 17 + 16,  # people per snapshot: 19 and 18 assignment rows less 2 merged second assignments each
        "disciplinary": 7,  # 10 cases less the two grievances and the capability case (out of scope, not rejects)
        "training": 11,  # every learning record, mandatory ones and other years included; each with a derived id
        "recruitment": 13,
        "survey_respondents": 11,
        # non-empty answers of the five items: 5 each for S01-S04, S06-S09, S11, and 1 each for S05 and S10
        "survey_answers": 9 * 5 + 2,
        "board": 9,
    }
    assert query(trust.store, "SELECT org_code, org_name FROM organisations") == [(ORG, ORG_NAME)]
    assert query(trust.store, "SELECT snapshot_date::VARCHAR, count(*) FROM staff GROUP BY 1 ORDER BY 1") == [
        ("2024-03-31", 17),
        ("2025-03-31", 16),
    ]
    assert query(trust.store, "SELECT DISTINCT snapshot_date::VARCHAR FROM board") == [("2025-03-31",)]
    assert query(trust.store, "SELECT DISTINCT survey_year FROM survey_respondents") == [(2024,)]
    assert {r[0] for r in query(trust.store, "SELECT DISTINCT item FROM survey_answers")} == set(SURVEY_ITEMS)
    assert query(trust.store, "SELECT outcome FROM disciplinary WHERE case_id = 'ER-002'") == [
        ("Final warning – 12 months",)
    ]
    assert query(trust.store, "SELECT start_date::VARCHAR FROM training WHERE course = 'Mentoring Café'") == [
        ("2024-11-20",)
    ]
    assert all(str(r[0]).startswith("D") for r in query(trust.store, "SELECT record_id FROM training"))
    # 10102: the permanent band 6 post, not the bank assignment flagged primary; 10108: the primary band 5 post,
    # not the higher secondary; bank_only only for 10113 (the honorary 10118 is kept as honorary).
    assert query(
        trust.store,
        "SELECT band, contract, bank_only, count(*) FROM staff WHERE snapshot_date = DATE '2025-03-31' "
        "GROUP BY ALL ORDER BY ALL",
    ) == [
        ("2", "substantive", False, 1),  # 10112
        ("3", "substantive", False, 2),  # 10103, 10109
        ("4", "fixed_term", False, 1),  # 10104
        ("5", "bank", True, 1),  # 10113
        ("5", "substantive", False, 5),  # 10101, 10107, 10108, 10114, 10115
        ("6", "substantive", False, 2),  # 10102, 10110
        ("7", "honorary", False, 1),  # 10118
        ("7", "substantive", False, 1),  # 10106
        ("8a", "substantive", False, 2),  # 10105, 10111
    ]


# --- the nine indicators, WRES 2025 -------------------------------------------------------------------------------


def test_indicator_1_overall_bme_share(trust: Trust) -> None:
    """§5.1: BME share of the whole in-scope workforce at 31 March 2025, Unknown in the denominator: 6 of 14 (the
    bank-only 10113 and the honorary 10118 out; the lower-case 'd mixed ...' of 10114 read as D, BME)."""
    check(row(trust, 1), ("BME", "Overall workforce"), (6, 14, 6, 14), Fraction(6, 14))


def test_indicator_2_appointment_from_shortlisting(trust: Trust) -> None:
    """§5.2: applications shortlisted in 2024/25 (A-13 shortlisted 10/03/2024 is 2023/24, A-11 and A-12 were not
    shortlisted, A-10 is Unknown). White 2 appointed of 4 (A-01, A-04); BME 1 of 5 (A-05).
    RL2 = L_W / L_B = (2/4) / (1/5) = 2.5."""
    check(row(trust, 2), ("White", "BME"), (2, 4, 1, 5), Fraction(2, 4) / Fraction(1, 5))


def test_indicator_3_rolling_disciplinary(trust: Trust) -> None:
    """§5.3, the two-year rolling form (the default): distinct people entering a formal disciplinary investigation.

    Y = 2024/25: BME 10107 (ER-001 and ER-002: one person, counted once) and 10117 (ER-005: left the trust before
    31 March 2025, still counted, classified by the 31 March 2024 snapshot, §5.0) = 2; White 10103 (ER-004) = 1.
    Set aside: the grievances ER-003 and ER-008 and the capability case ER-009 (out of the profile's scope), and
    ER-010 of the bank-only 10113 (§4.4). Y-1 = 2023/24: BME 10109 (ER-006) = 1; White 10106 (ER-007) = 1.
    Headcount at 31 March 2025: BME 6, White 7.
    L_B = ((2 + 1) / 2) / 6 = 1/4; L_W = ((1 + 1) / 2) / 7 = 1/7; RL3 = L_B / L_W = 7/4 = 1.75.
    The row's counts are the summed entrants over twice the headcount (§5.3, methods.md §2.5): 3 of 12, 2 of 14."""
    check(row(trust, 3), ("BME", "White"), (3, 2 * N_BME, 2, 2 * N_WHITE), Fraction(3, 12) / Fraction(2, 14))


def test_indicator_4_non_mandatory_training(trust: Trust) -> None:
    """§5.4 and §5.0: people in the 31 March 2025 headcount with at least one non-mandatory event starting in
    2024/25. White: 10101 (two CPD events, counted once), 10105, 10104 (31/03/2025, the year's last day) = 3 of 7.
    BME: 10107, 10110 = 2 of 6. Not counted: 10102 and 10108 (mandatory and statutory courses only), the leaver
    10116 (not in the headcount), the bank-only 10113, 10103's course of 05/04/2023 (2023/24).
    RL4 = L_W / L_B = (3/7) / (2/6) = 9/7."""
    check(row(trust, 4), ("White", "BME"), (3, N_WHITE, 2, N_BME), Fraction(3, 7) / Fraction(2, 6))


def test_indicator_5_harassment_from_the_public(trust: Trust) -> None:
    """§5.5, 2024 survey (WRES 2025), Q14a adverse = any incident. Valid answers: White S01-S04 (S05 blank) = 4,
    adverse S02 = 1; BME S06-S10 = 5, adverse S06, S07, S10 = 3. S11 (not stated) out. Gap = 60 - 25 = +35 points."""
    check(row(trust, 5), ("BME", "White"), (3, 5, 1, 4), (Fraction(3, 5) - Fraction(1, 4)) * 100)


def test_indicator_6_harassment_from_staff(trust: Trust) -> None:
    """§5.6: adverse on Q14b or Q14c; valid if either is answered. White S01-S04 = 4, adverse S03 = 1; BME S06-S09
    (S10 answered neither) = 4, adverse S06 (Q14c) and S09 (Q14b) = 2. Gap = 50 - 25 = +25 points."""
    check(row(trust, 6), ("BME", "White"), (2, 4, 1, 4), (Fraction(2, 4) - Fraction(1, 4)) * 100)


def test_indicator_7_equal_opportunities(trust: Trust) -> None:
    """§5.7: Q15 'Yes', "Don't know" in the base. White S01-S05 = 5, yes S01, S02, S05 = 3 (60%); BME S06-S09 = 4,
    yes S07 = 1 (25%). Gap = pct_W - pct_B = +35 points."""
    check(row(trust, 7), ("White", "BME"), (3, 5, 1, 4), (Fraction(3, 5) - Fraction(1, 4)) * 100)


def test_indicator_8_discrimination_from_staff(trust: Trust) -> None:
    """§5.8: Q16b 'Yes' of Yes/No. White S01-S04 = 4, yes S04 = 1; BME S06-S09 = 4, yes S06, S08 = 2.
    Gap = 50 - 25 = +25 points."""
    check(row(trust, 8), ("BME", "White"), (2, 4, 1, 4), (Fraction(2, 4) - Fraction(1, 4)) * 100)


def test_indicator_9_board(trust: Trust) -> None:
    """§5.9, board at 31 March 2025 (--snapshot-date) against the workforce's BME share 6/14 (Unknown included).
    9a voting BM01-BM06: BME BM02, BM04, BM06 = 3 of 6 (the associate non-executive BM07 does not vote):
    50% - 6/14 = +7.14 points. 9b executive BM02, BM03, BM04, BM08, BM09 (voting or not): BME 2 of 5:
    40% - 6/14 = -2.86 points."""
    workforce = Fraction(N_BME, N_ALL)
    check(row(trust, 9, "voting"), ("BME", "Overall workforce"), (3, 6, 6, 14), (Fraction(3, 6) - workforce) * 100)
    check(row(trust, 9, "executive"), ("BME", "Overall workforce"), (2, 5, 6, 14), (Fraction(2, 5) - workforce) * 100)


def test_every_headline_row_is_checked(trust: Trust) -> None:
    """The headline is exactly the ten rows checked above: indicators 1-8 once each, 9 voting and executive."""
    assert sorted(zip(trust.headline["indicator"], trust.headline["variant"], strict=True)) == [
        (1, "headcount"),
        (2, "all"),
        (3, "rolling"),
        (4, "all"),
        (5, "microdata"),
        (6, "microdata"),
        (7, "microdata"),
        (8, "microdata"),
        (9, "executive"),
        (9, "voting"),
    ]


def test_survey_answers_the_question_map_does_not_know_are_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A survey export whose labels differ from the question map's (a typographic apostrophe in "Don’t know", a
    lower-case "yes") loads, but those answers count as no valid answer (the indicators compare labels exactly), so
    the data-quality report lists them, with their item and count, on screen and in --report-dir (issue 13: never
    silently lose a row). Found by this file's trust: S04's and S09's "Don’t know" dropped out of indicator 7's base
    and S08's "yes" out of indicator 8's, with exit 0 and no word."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "survey.toml").write_text(SURVEY_PROFILE, encoding="utf-8")
    rows = [list(r) for r in SURVEY]
    rows[3][5] = rows[8][5] = "Don\u2019t know"  # S04, S09
    rows[7][6] = "yes"  # S08
    path = write_export(tmp_path / "Staff Survey 2024.csv", ["NHS Staff Survey"], SURVEY_HEADER, rows)
    for name in ("WRES_DEBUG", "WRES_STORE", "XDG_CONFIG_HOME", "WRES_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WRES_PROFILE_DIR", str(folder))
    monkeypatch.setenv("WRES_KEY_FILE", str(tmp_path / "key"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    reports = tmp_path / "reports"
    code, out = wres(
        ["import", str(path), "--org", ORG, "--store", str(tmp_path / "s.duckdb"), "--report-dir", str(reports)]
    )
    assert code == 0, out
    flat = " ".join(out.split())
    assert "survey answers no indicator reads as valid: 3 of 47" in flat, out
    assert "add them to [survey.question_map] in wres.toml" in flat, out
    assert "Q15 'Don\u2019t know': 2" in flat
    assert "Q16b 'yes': 1" in flat
    (report,) = [json.loads(p.read_text(encoding="utf-8")) for p in reports.glob("*.json") if "reject" not in p.name]
    listed = report["quality"]["unread_survey_answers"]
    assert (listed["answers"], listed["unread"]) == (47, 3)
    assert listed["values"] == [
        {"item": "Q15", "value": "Don\u2019t know", "rows": 2},
        {"item": "Q16b", "value": "yes", "rows": 1},
    ]
