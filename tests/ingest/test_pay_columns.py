"""The ESR staff profile's optional pay columns (issue 17): hourly pay, contracted hours and FTE are read from the
usual ESR column names; bad values are rejects naming file, row, column and problem, the person still loaded with
the value left empty; an extract without them loads as before. Expected readings are written here by hand."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from wres.config import IngestOptions
from wres.data.frames import validate_frame
from wres.ingest.profiles import Profile, builtin_profiles
from wres.ingest.pseudonym import Pseudonymiser
from wres.ingest.readers import read_raw
from wres.ingest.transform import VALUE_LEFT_EMPTY, TransformResult, apply_profile

PSEUDO = Pseudonymiser(bytes(32))
TODAY = dt.date(2026, 12, 7)
BASE = ("Employee Number", "Assignment Number", "Primary Assignment", "Organisation Code", "Ethnic Origin")
BASE += ("Staff Group", "Pay Band", "Assignment Category")


@pytest.fixture(scope="module")
def esr() -> Profile:
    return builtin_profiles()["esr_staff"]


def row(i: int, *pay: str) -> tuple[str, ...]:
    return (
        str(i),
        str(i),
        "Yes",
        "RXX",
        "A White - British",
        "Nursing and Midwifery Registered",
        "Band 5",
        "Permanent",
        *pay,
    )


def run(tmp_path: Path, profile: Profile, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> TransformResult:
    path = tmp_path / "esr_staff_2026-03-31.csv"
    lines = [",".join(f'"{c}"' for c in r) for r in [header, *rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return apply_profile(read_raw(path), profile, PSEUDO, options=IngestOptions(), today=TODAY)


def values(series: object) -> list[float | None]:
    return [None if math.isnan(v) else v for v in series]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("pay", "hours", "fte"),
    [
        ("Hourly Rate", "Contracted Hours", "FTE"),
        ("Hourly Pay", "Weekly Hours", "Contracted WTE"),
        ("Basic Hourly Rate", "Hours Per Week", "WTE"),
        ("Ordinary Hourly Pay", "Contracted Hours Per Week", "Assignment FTE"),
    ],
)
def test_pay_columns_read_from_the_usual_esr_names(
    tmp_path: Path, esr: Profile, pay: str, hours: str, fte: str
) -> None:
    result = run(
        tmp_path, esr, (*BASE, pay, hours, fte), [row(1, "18.73", "37.5", "1"), row(2, "£1,000.00", "22.50", "0.6")]
    )
    table = result.table
    assert values(table["hourly_pay"]) == [18.73, 1000.0]
    assert values(table["hours"]) == [37.5, 22.5]
    assert values(table["fte"]) == [1.0, 0.6]
    assert result.rejects.empty
    assert validate_frame("staff", table).problems.empty


def test_bad_pay_values_are_rejects_with_file_row_column_and_problem(tmp_path: Path, esr: Profile) -> None:
    header = (*BASE, "Hourly Rate", "Contracted Hours", "FTE")
    rows = [
        row(1, "-3.50", "37.5", "1"),  # file row 2: negative pay
        row(2, "12,5", "37.5", "1"),  # row 3: not a number (a decimal comma)
        row(3, "38500", "37.5", "1"),  # row 4: an annual salary in the hourly column (over 1,000 pounds)
        row(4, "n/a", "200", "2.5"),  # row 5: not a number; 200 hours a week; FTE 2.5
        row(5, "0", "-1", "-0.1"),  # row 6: zero pay, negative hours and FTE
        row(6, "17.20", "", ""),  # row 7: fine, hours and FTE empty
    ]
    result = run(tmp_path, esr, header, rows)
    rejects = result.rejects
    got = {
        (int(r), str(c), str(p)) for r, c, p in zip(rejects["row"], rejects["column"], rejects["problem"], strict=True)
    }
    assert got == {
        (2, "Hourly Rate", "must not be negative"),
        (3, "Hourly Rate", "not a number"),
        (4, "Hourly Rate", "not a plausible hourly pay (expected 0.01 to 1,000 pounds)"),
        (5, "Hourly Rate", "not a number"),
        (5, "Contracted Hours", "not a plausible number of hours a week (expected 0 to 168)"),
        (5, "FTE", "not a plausible whole-time equivalent (expected 0 to 2)"),
        (6, "Hourly Rate", "not a plausible hourly pay (expected 0.01 to 1,000 pounds)"),
        (6, "Contracted Hours", "must not be negative"),
        (6, "FTE", "must not be negative"),
    }
    assert set(rejects["file"]) == {str(tmp_path / "esr_staff_2026-03-31.csv")}
    assert set(rejects["outcome"]) == {VALUE_LEFT_EMPTY}  # everyone is still counted in post
    table = result.table
    assert len(table) == 6
    assert values(table["hourly_pay"]) == [None, None, None, None, None, 17.2]
    assert values(table["hours"]) == [37.5, 37.5, 37.5, None, None, None]


def test_an_extract_without_pay_columns_loads_with_them_empty(tmp_path: Path, esr: Profile) -> None:
    result = run(tmp_path, esr, BASE, [row(1), row(2)])
    assert result.rejects.empty
    table = result.table
    assert len(table) == 2
    for name in ("hourly_pay", "hours", "fte"):
        assert table[name].isna().all()
    assert validate_frame("staff", table).problems.empty


def test_the_counted_assignment_gives_the_pay(tmp_path: Path, esr: Profile) -> None:
    header = (*BASE, "Hourly Rate", "Contracted Hours", "FTE")
    bank = ("1", "1-2", "No", "RXX", "A White - British", "Nursing and Midwifery Registered", "Band 5", "Bank")
    rows = [(*bank, "25.00", "0", "0"), row(1, "18.73", "30", "0.8")]
    table = run(tmp_path, esr, header, rows).table
    assert len(table) == 1
    assert (table["hourly_pay"].iloc[0], table["hours"].iloc[0], table["fte"].iloc[0]) == (18.73, 30.0, 0.8)
