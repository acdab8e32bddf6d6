"""Dates, years and whole numbers outside what their column can hold are rejects, never stored wrong (issue 13).

Before this, ``14/10/1066`` was stored as 2235-11-22 (a date before 1678 overflows pandas' nanosecond
timestamps), a whole number beyond 64 bits stopped the import with an internal error, and a snapshot date in
the future or a survey year of 1066 loaded. The expected readings are written in each test by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from wres.config import IngestOptions
from wres.errors import WresError
from wres.ingest.profiles import Profile, builtin_profiles
from wres.ingest.pseudonym import Pseudonymiser
from wres.ingest.readers import read_raw
from wres.ingest.transform import ROW_NOT_LOADED, TransformResult, apply_profile

PSEUDO = Pseudonymiser(bytes(32))
TODAY = dt.date(2026, 12, 7)
LEARNING = ("Enrolment ID", "Employee Number", "Organisation Code", "Course Title", "Competence Type", "Start Date")
SURVEY = ("Respondent ID", "Survey Year", "Ethnic Background", "Organisation Code", "Q14a")
BOARD = ("As At", "Member Ref", "Voting", "Executive", "Organisation Code", "Ethnicity")


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return builtin_profiles()


def run(
    tmp_path: Path,
    profile: Profile,
    header: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    name: str = "extract.csv",
    options: IngestOptions | None = None,
) -> TransformResult:
    """Map hand-written rows (file row 2 is the first data row)."""
    path = tmp_path / name
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return apply_profile(read_raw(path), profile, PSEUDO, options=options or IngestOptions(), today=TODAY)


def learning_rows(dates: list[str]) -> list[tuple[str, ...]]:
    return [(f"E{i}", f"{100 + i}", "RXX", "Coaching", "CPD", d) for i, d in enumerate(dates)]


def problems(result: TransformResult, column: str) -> dict[int, str]:
    rejects = result.rejects
    triples = zip(rejects["row"], rejects["column"], rejects["problem"], strict=True)
    return {int(r): str(p) for r, c, p in triples if c == column}


def test_a_date_before_1900_is_a_reject_not_a_date_in_2235(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    dates = ["14/10/1066", "01/01/1900", "31/12/2100", "01/01/2101", "31/12/1899", "0001-01-01", "15/06/2024"]
    result = run(tmp_path, profiles["learning_records"], LEARNING, learning_rows(dates))
    bad = problems(result, "Start Date")
    assert sorted(bad) == [2, 5, 6, 7]  # 1066, 2101, 1899, year 1: rows 2, 5, 6 and 7 of the file
    assert all("1900" in p and "2100" in p for p in bad.values())
    assert set(result.rejects["outcome"]) == {ROW_NOT_LOADED}  # start_date cannot be empty: the row is not loaded
    stored = sorted(d.date() for d in result.table["start_date"])
    assert stored == [dt.date(1900, 1, 1), dt.date(2024, 6, 15), dt.date(2100, 12, 31)]


def test_the_date_range_is_configurable(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    options = IngestOptions(earliest_year=1950, latest_year=2030)
    result = run(
        tmp_path,
        profiles["learning_records"],
        LEARNING,
        learning_rows(["01/01/1949", "01/01/2031", "01/01/1950"]),
        options=options,
    )
    assert sorted(problems(result, "Start Date")) == [2, 3]
    assert all("1950" in p and "2030" in p for p in problems(result, "Start Date").values())


@pytest.mark.parametrize(("earliest", "latest"), [(1066, 2100), (1900, 2300), (2000, 1999)])
def test_a_date_range_pandas_cannot_hold_is_refused(earliest: int, latest: int) -> None:
    with pytest.raises(ValueError, match="earliest_year"):
        IngestOptions(earliest_year=earliest, latest_year=latest)


def test_the_date_range_is_read_from_wres_toml(tmp_path: Path) -> None:
    from wres.config import load_config

    path = tmp_path / "wres.toml"
    path.write_text("[ingest]\nearliest_year = 1950\nlatest_year = 2050\n", encoding="utf-8")
    assert load_config(path).ingest == IngestOptions(earliest_year=1950, latest_year=2050)
    path.write_text("[ingest]\nearliest_year = 1000\n", encoding="utf-8")
    with pytest.raises(WresError, match="earliest_year"):
        load_config(path)


def survey_rows(years: list[str]) -> list[tuple[str, ...]]:
    return [(f"R{i}", y, "A White - British", "RXX", "Yes") for i, y in enumerate(years)]


def test_an_integer_too_large_for_its_column_is_a_reject(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    years = ["2024", "99999999999999999999", "-99999999999999999999", "9223372036854775808"]
    result = run(tmp_path, profiles["staff_survey"], SURVEY, survey_rows(years))
    bad = problems(result, "Survey Year")
    assert sorted(bad) == [3, 4, 5]
    assert list(result.tables["survey_respondents"]["survey_year"]) == [2024]


def test_survey_years_outside_2000_to_next_year_are_rejects(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    # TODAY is in 2026: 2000 to 2027 are plausible fieldwork years
    years = ["1999", "2000", "2027", "2028", "1066", "2024"]
    result = run(tmp_path, profiles["staff_survey"], SURVEY, survey_rows(years))
    bad = problems(result, "Survey Year")
    assert sorted(bad) == [2, 5, 6]
    assert all("2000" in p and "2027" in p for p in bad.values())
    assert sorted(result.tables["survey_respondents"]["survey_year"]) == [2000, 2024, 2027]
    assert set(result.tables["survey_answers"]["survey_year"]) == {2000, 2024, 2027}


def test_a_snapshot_date_in_the_future_is_refused(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    header: tuple[str, ...] = ("Employee Number", "Assignment Number", "Primary Assignment", "Organisation Code")
    header += ("Ethnic Origin", "Staff Group", "Pay Band", "Assignment Category")
    row = ("1", "1", "Yes", "RXX", "A White - British", "Nursing and Midwifery Registered", "Band 5", "Permanent")
    with pytest.raises(WresError, match=r"2027-03-31.*future"):
        run(tmp_path, profiles["esr_staff"], header, [row], name="esr_staff_2027-03-31.csv")
    assert len(run(tmp_path, profiles["esr_staff"], header, [row], name="esr_staff_2026-03-31.csv").table) == 1


def test_a_board_date_in_the_future_is_a_reject(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    rows = [("31/03/2026", "M1", "Yes", "Yes", "RXX", "A"), ("31/03/2027", "M2", "Yes", "No", "RXX", "A")]
    result = run(tmp_path, profiles["board_register"], BOARD, rows)
    bad = problems(result, "As At")
    assert list(bad) == [3]
    assert "future" in bad[3]
    assert len(result.table) == 1


def ambiguous(tmp_path: Path, profiles: dict[str, Profile], dates: list[str]) -> list[dict[str, object]]:
    result = run(tmp_path, profiles["learning_records"], LEARNING, learning_rows(dates))
    return list(result.value_reads.get("day_first_ambiguous", []))


def test_a_dd_mm_column_with_no_day_over_12_is_flagged(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    # 20 dates, every day and month 1-12: as dd/mm or as mm/dd each is a valid date
    dates = [
        f"{d:02d}/{m:02d}/2024" for d, m in zip([1, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 2, [3, 4, 5, 6] * 5, strict=True)
    ]
    (flag,) = ambiguous(tmp_path, profiles, dates)
    assert flag["column"] == "Start Date"
    assert flag["rows"] == 20
    assert ambiguous(tmp_path, profiles, dates[:19]) == []  # too few rows to say
    assert ambiguous(tmp_path, profiles, [*dates, "13/03/2024"]) == []  # a day of 13: day first it is
