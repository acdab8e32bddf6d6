"""What the import reads each value as, in the data-quality report (issue 13; wres-domain.md §3.3), through
``wres validate`` / ``wres import`` on hand-written files: printed, and in full in ``--report-dir`` JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wres.cli.main import run

ORGS = "Org Code,Organisation Name\nRXX,Test Trust\n"
LEARNING = "Enrolment ID,Employee Number,Organisation Code,Course Title,Competence Type,Start Date"


def write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def validate(tmp_path: Path, files: list[Path], *extra: str) -> tuple[int, str, str]:
    orgs = write(tmp_path, "organisations.csv", ORGS.splitlines())
    args = ["validate", str(orgs), *map(str, files), "--store", str(tmp_path / "s.duckdb")]
    code = run([*args, "--key-file", str(tmp_path / "k.key"), "--report-dir", str(tmp_path / "reports"), *extra])
    return code, "", ""


def report(tmp_path: Path, stem: str) -> dict[str, Any]:
    data = json.loads((tmp_path / "reports" / f"validate-{stem}-quality.json").read_text(encoding="utf-8"))
    quality: dict[str, Any] = data["quality"]
    return quality


def test_a_dd_mm_column_that_may_be_mm_dd_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    days = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] * 2
    rows = [f"E{i},{100 + i},RXX,Coaching,CPD,{d:02d}/05/2024" for i, d in enumerate(days)]
    learning = write(tmp_path, "learning.csv", [LEARNING, *rows])
    code, _, _ = validate(tmp_path, [learning])
    captured = capsys.readouterr()
    out = captured.out
    assert code == 0, captured.err
    assert "column 'Start Date': read as dd/mm/yyyy, but no day of its 24 dates exceeds 12" in " ".join(out.split())
    (flag,) = report(tmp_path, "learning")["day_first_ambiguous"]
    assert (flag["column"], flag["rows"]) == ("Start Date", 24)


ESR = "Employee Number,Assignment Number,Primary Assignment,Organisation Code,Ethnic Origin,Staff Group,Pay Band,"
ESR += "Assignment Category"
NURSE = "Nursing and Midwifery Registered"
ADMIN = "Administrative and Clerical"


def esr_file(folder: Path, rows: list[tuple[str, str, str]]) -> Path:
    """An ESR extract of one assignment per person: (ethnic origin, staff group, pay band) per row."""
    lines = [f"{100 + i},{100 + i},Yes,RXX,{e},{g},{b},Permanent" for i, (e, g, b) in enumerate(rows)]
    return write(folder, "esr_staff_2025-03-31.csv", [ESR, *lines])


# 14 people, written out by hand: every distinct value with its count is read off this list.
PEOPLE: list[tuple[str, str, str]] = [
    *[("A White - British", NURSE, "Band 5")] * 4,
    *[("n black or black british - african", NURSE, "Band 8a")] * 3,
    ("C3 White Unspecified", NURSE, "Band 8"),
    ("C3 White Unspecified", NURSE, "Band 6"),
    *[("H Asian or Asian British - Indian", NURSE, "Band 6")] * 2,
    ("Z Not Stated", NURSE, "Band 8"),
    ("Martian", NURSE, "Band 5"),
    ("", ADMIN, "Banana"),
]


def test_every_distinct_value_is_listed_with_its_reading_and_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = validate(tmp_path, [esr_file(tmp_path, PEOPLE)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    values = report(tmp_path, "esr_staff_2025-03-31")["values"]
    ethnicity = values["ethnic_category"]
    assert (ethnicity["column"], ethnicity["rows"], ethnicity["distinct"]) == ("Ethnic Origin", 14, 7)
    assert [(v["value"], v["read_as"], v["group"], v["status"], v["rows"]) for v in ethnicity["values"]] == [
        ("A White - British", "A", "White", "code", 4),
        ("n black or black british - african", "N", "BME", "code", 3),
        ("C3 White Unspecified", "C", "White", "code", 2),
        ("H Asian or Asian British - Indian", "H", "BME", "code", 2),
        ("", "99", "Unknown", "blank", 1),
        ("Martian", "99", "Unknown", "unrecognised", 1),
        ("Z Not Stated", "Z", "Unknown", "not_stated", 1),
    ]
    band = values["band"]
    assert (band["column"], band["rows"], band["distinct"]) == ("Pay Band", 14, 5)
    assert [(v["value"], v["read_as"], v["status"], v["rows"]) for v in band["values"]] == [
        ("Band 5", "5", "parsed", 5),
        ("Band 6", "6", "parsed", 3),
        ("Band 8a", "8a", "parsed", 3),
        ("Band 8", "UNMAPPED", "unmapped", 2),
        ("Banana", "UNMAPPED", "unmapped", 1),
    ]
    group = values["staff_group"]
    assert [(v["value"], v["read_as"], v["rows"]) for v in group["values"]] == [(NURSE, NURSE, 13), (ADMIN, ADMIN, 1)]
    out = " ".join(captured.out.split())
    assert "column 'Ethnic Origin' (ethnic_category): 7 distinct values" in out
    assert "'n black or black british - african' read as N (BME, code): 3 rows" in out
    assert "(blank) read as 99 (Unknown, blank): 1 row" in out
    assert "and 2 more values (2 rows)" in out  # top 5 printed; 'Martian' and 'Z Not Stated' are in the report
    assert "'Martian'" not in out
    assert "3 rows have band UNMAPPED" in out  # an invalid band is listed, never silently grouped


def test_the_ledger_keeps_every_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wres.store import Store
    from wres.store.imports import list_imports

    orgs = write(tmp_path, "organisations.csv", ORGS.splitlines())
    common = ["--store", str(tmp_path / "s.duckdb"), "--key-file", str(tmp_path / "k.key")]
    assert run(["import", str(orgs), str(esr_file(tmp_path, PEOPLE)), *common]) == 0
    capsys.readouterr()
    with Store(tmp_path / "s.duckdb", read_only=True) as st:
        (staff,) = [r for r in list_imports(st) if r.source == "staff"]
    listed = {v["value"]: v["rows"] for v in staff.quality["values"]["ethnic_category"]["values"]}
    assert listed["Martian"] == 1
    assert listed["Z Not Stated"] == 1
    assert sum(listed.values()) == 14


@pytest.mark.parametrize(
    ("values", "looks_like"),
    [
        (["F", "M", "M", "F", "F", "M"], "sex or gender"),
        (["Female", "Male", "Male", "Female"], "sex or gender"),
        (["01/02/1980", "13/07/1975", "22/11/1990", "A White - British"], "dates"),
        (["10234", "10235", "10236", "A White - British"], "numbers"),
        (["", "", "", "A White - British"], "blank"),
        (["Martian", "Venusian", "Z Not Stated", "A White - British", "B White - Irish"], ""),
    ],
)
def test_a_column_that_is_not_ethnicity_is_refused_unless_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], values: list[str], looks_like: str
) -> None:
    # today mapping the wrong column gives 100% BME (F = Mixed, M = Black) or 100% Unknown with exit 0
    path = esr_file(tmp_path, [(v, NURSE, "Band 5") for v in values * 3])  # 12 rows or more
    code, _, _ = validate(tmp_path, [path])
    err = capsys.readouterr().err
    assert code != 0
    line = " ".join(err.split())
    assert len(err.strip().splitlines()) <= 3  # one line, wrapped by the terminal width at most
    assert "esr_staff_2025-03-31.csv" in line
    assert "'Ethnic Origin'" in line
    assert "--accept-ethnicity-column" in line
    assert looks_like in line
    assert "1980" not in line  # the values themselves are never shown
    assert "10234" not in line
    assert "Traceback" not in err
    code, _, _ = validate(tmp_path, [path], "--accept-ethnicity-column")
    assert code == 0, capsys.readouterr().err


def test_a_column_with_half_known_ethnicity_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = ["A White - British", "Z Not Stated", "N Black or Black British - African", ""] * 3  # 6 of 12 known
    code, _, _ = validate(tmp_path, [esr_file(tmp_path, [(v, NURSE, "Band 5") for v in values])])
    assert code == 0, capsys.readouterr().err


def test_a_column_of_under_10_rows_is_not_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = ["", "", "", "", "", "", "", "", "A White - British"]  # a small board: 9 members, 1 known
    code, _, _ = validate(tmp_path, [esr_file(tmp_path, [(v, NURSE, "Band 5") for v in values])])
    assert code == 0, capsys.readouterr().err
    values.append("")  # 10 rows: judged
    code, _, _ = validate(tmp_path, [esr_file(tmp_path, [(v, NURSE, "Band 5") for v in values])])
    assert code != 0
    assert "only 10% of its 10 rows read as a known ethnicity" in " ".join(capsys.readouterr().err.split())
