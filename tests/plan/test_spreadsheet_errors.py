"""The plan's spreadsheet template read back: a corrupted template is refused with every problem listed, each
naming the sheet (or file), the row as the user sees it, the column and what is wrong; readable words and dates
are accepted as a person writes them; the reader limits apply."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from tests.plan.spreadsheet_plans import SAMPLE

from wres.config import ReaderLimits
from wres.errors import DataError, WresError
from wres.plan import records as r
from wres.plan.spreadsheet import read_csv, read_xlsx, write_csv, write_xlsx
from wres.plan.spreadsheet.template import SHEETS

EXTRA = tuple(
    r.Action(ref=f"A{i}", description=f"Action {i}", objectives=("O2",), start=date(2025, 1, 1), due=date(2025, 6, 30))
    for i in range(3, 9)
)
PLAN = replace(SAMPLE, actions=SAMPLE.actions + EXTRA)
"""Eight actions: rows 2 to 9 of the Actions sheet."""


def _edit(path: Path, sheet: str, row: int, heading: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headings = [c.value for c in ws[1]]
    ws.cell(row, headings.index(heading) + 1, value)
    wb.save(path)


def _add_column(path: Path, sheet: str, heading: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ws.cell(1, ws.max_column + 1, heading)
    wb.save(path)


def _problems(excinfo: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


def test_corrupted_workbook_is_refused_with_every_problem(tmp_path: Path) -> None:
    path = write_xlsx(PLAN, tmp_path / "plan.xlsx")
    _add_column(path, "Actions", "Budget")
    _edit(path, "Actions", 5, "Start date", "31/13/2025")
    _edit(path, "Actions", 7, "Start date", datetime(2026, 1, 10))
    _edit(path, "Actions", 7, "Due date", datetime(2025, 12, 1))
    _edit(path, "Actions", 8, "Objective refs", "O1; O9")
    _edit(path, "Actions", 6, "Status", "finished")
    _edit(path, "Actions", 4, "Description", "  ")
    _edit(path, "Actions", 9, "Action ref", "A1")
    _edit(path, "Objectives", 3, "Target value", "twenty")
    _edit(path, "Measures", 3, "Indicator", "10")
    _edit(path, "Engagement", 2, "Participants", "many")
    with pytest.raises(DataError) as excinfo:
        read_xlsx(path)
    at = f"{path}, sheet"
    assert _problems(excinfo) == [
        f"{at} 'Objectives', row 3, column 'Target value': not a number (value 'twenty')",
        f"{at} 'Measures', row 3, column 'Indicator': unknown indicator; use 1 to 9 (value '10')",
        f"{at} 'Actions', row 1, column 'Budget': unknown column (see the README for 'Actions')",
        f"{at} 'Actions', row 4, column 'Description': empty, but the column is required",
        f"{at} 'Actions', row 5, column 'Start date': not a date (write it as YYYY-MM-DD or DD/MM/YYYY, or as an "
        "Excel date) (value '31/13/2025')",
        f"{at} 'Actions', row 6, column 'Status': unknown word; use one of: Not started, In progress, Done, Stopped "
        "(value 'finished')",
        f"{at} 'Actions', row 7, column 'Due date': the due date is before the start date (2026-01-10) "
        "(value '2025-12-01')",
        f"{at} 'Actions', row 8, column 'Objective refs': ref 'O9' is not on the Objectives sheet (value 'O9')",
        f"{at} 'Actions', row 9, column 'Action ref': duplicate action ref (first in row 2) (value 'A1')",
        f"{at} 'Engagement', row 2, column 'Participants': not a whole number (value 'many')",
    ]
    assert excinfo.value.total == 10
    assert str(excinfo.value).endswith("(and 9 more problems)")


def test_corrupted_csv_is_refused_with_row_level_problems(tmp_path: Path) -> None:
    write_csv(PLAN, tmp_path)
    file = tmp_path / "actions.csv"
    with file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    head = rows[0]
    rows[0] = [*head, "Budget"]
    rows[4][head.index("Start date")] = "2025-02-30"  # row 5 as a spreadsheet shows it
    rows[6][head.index("Start date")] = "2026-01-10"
    rows[6][head.index("Due date")] = "01/12/2025"  # DD/MM/YYYY: 1 December 2025, before the start
    rows[7][head.index("Objective refs")] = "O9"
    with file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(DataError) as excinfo:
        read_csv(tmp_path)
    assert _problems(excinfo) == [
        f"{file}, row 1, column 'Budget': unknown column (see the README for 'Actions')",
        f"{file}, row 5, column 'Start date': not a date (write it as YYYY-MM-DD or DD/MM/YYYY, or as an Excel date) "
        "(value '2025-02-30')",
        f"{file}, row 7, column 'Due date': the due date is before the start date (2026-01-10) (value '2025-12-01')",
        f"{file}, row 8, column 'Objective refs': ref 'O9' is not on the Objectives sheet (value 'O9')",
    ]


def test_missing_required_columns_unknown_sheets_and_refs_elsewhere(tmp_path: Path) -> None:
    path = write_xlsx(PLAN, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Engagement"].delete_cols(6)  # Participants
    wb.create_sheet("Budget")["A1"] = "Item"
    wb["Reviews"]["B2"] = "O7"
    wb["Review data"]["A3"] = "R9"
    wb["You said we did"]["E2"] = "A1; A99"
    wb.save(path)
    with pytest.raises(DataError) as excinfo:
        read_xlsx(path)
    at = f"{path}, sheet"
    assert _problems(excinfo) == [
        f"{at} 'Budget': unknown sheet; the template's sheets are 'Plan', 'Objectives', 'Measures', 'Actions', "
        "'Reviews', 'Review data', 'Engagement', 'You said we did', 'Board commitments'",
        f"{at} 'Reviews', row 2, column 'Objective ref': ref 'O7' is not on the Objectives sheet (value 'O7')",
        f"{at} 'Review data', row 3, column 'Review ref': ref 'R9' is not on the Reviews sheet (value 'R9')",
        f"{at} 'Engagement', row 1, column 'Participants': required column is missing",
        f"{at} 'You said we did', row 2, column 'Action refs': ref 'A99' is not on the Actions sheet (value 'A99')",
    ]


def test_a_workbook_without_a_plan_sheet_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(PLAN, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["Plan"]
    wb.save(path)
    with pytest.raises(DataError, match=r"plan\.xlsx: no sheet named 'Plan'$"):
        read_xlsx(path)
    (tmp_path / "csv").mkdir()
    with pytest.raises(DataError, match=r"plan\.csv: file not found$"):
        read_csv(tmp_path / "csv")


def test_words_and_dates_as_people_write_them(tmp_path: Path) -> None:
    path = write_xlsx(PLAN, tmp_path / "plan.xlsx")
    _edit(path, "Actions", 2, "Status", "IN_PROGRESS")
    _edit(path, "Actions", 3, "Status", "  in-progress ")
    _edit(path, "Actions", 4, "Status", "stopped")
    _edit(path, "Actions", 5, "Status", "")  # empty: not started
    _edit(path, "Plan", 2, "Status", "PUBLISHED")
    _edit(path, "Plan", 2, "Approved on", "24/04/2025")
    _edit(path, "Reviews", 2, "Decision", "Adopt")
    _edit(path, "Objectives", 3, "Trajectory", "model employer")
    _edit(path, "Objectives", 2, "High impact actions", "2;3")
    plan = read_xlsx(path)
    assert [a.status for a in plan.actions[:4]] == [
        r.ActionStatus.IN_PROGRESS,
        r.ActionStatus.IN_PROGRESS,
        r.ActionStatus.STOPPED,
        r.ActionStatus.NOT_STARTED,
    ]
    assert plan.status is r.PlanStatus.PUBLISHED
    assert plan.approved == date(2025, 4, 24)
    assert plan.reviews[0].decision is r.Decision.ADOPT
    assert plan.objectives[1].trajectory is r.TrajectoryKind.MODEL_EMPLOYER
    assert plan.objectives[0].high_impact_actions == (2, 3)


def test_line_breaks_in_the_workbook_are_excels_and_xml_illegal_characters_dropped(tmp_path: Path) -> None:
    plan = replace(PLAN, vision="one\r\ntwo\rthree", minute_ref="a\x01b\ufffe")
    back = read_xlsx(write_xlsx(plan, tmp_path / "plan.xlsx"))
    assert back.vision == "one\ntwo\nthree"
    assert back.minute_ref == "ab"  # characters XML cannot hold are dropped, not escaped as _x0001_


def test_reader_limits_apply(tmp_path: Path) -> None:
    path = write_xlsx(PLAN, tmp_path / "plan.xlsx")
    with pytest.raises(WresError, match=r"sheet 'Actions' has more than 5 rows \(the limit\)"):
        read_xlsx(path, limits=ReaderLimits(max_rows=5))
    with pytest.raises(WresError, match=r"decompress"):
        read_xlsx(path, limits=ReaderLimits(max_xlsx_bytes=1000))
    write_csv(PLAN, tmp_path / "csv")
    with pytest.raises(WresError, match=r"actions\.csv: refused: the file has more than 5 rows"):
        read_csv(tmp_path / "csv", limits=ReaderLimits(max_rows=5))


def test_not_a_workbook_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(WresError, match=r"plan\.xlsx"):
        read_xlsx(path)


def test_plan_sheet_rules_and_stray_files(tmp_path: Path) -> None:
    write_csv(PLAN, tmp_path)
    plan_file = tmp_path / "plan.csv"
    with plan_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    head = rows[0]
    rows[1][head.index("End year")] = "2024"  # before the start year, 2025
    rows.append(list(rows[1]))  # a second plan
    rows[0] = [*head, ""]  # a value under an empty heading
    rows[1].append("stray")
    with plan_file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    (tmp_path / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not read", encoding="utf-8")  # not CSV: not looked at
    with pytest.raises(DataError) as excinfo:
        read_csv(tmp_path)
    assert _problems(excinfo) == [
        f"{tmp_path / 'notes.csv'}: unknown file; the template's files are plan.csv, objectives.csv, measures.csv, "
        "actions.csv, reviews.csv, review_data.csv, engagement.csv, you_said_we_did.csv, board_commitments.csv",
        f"{plan_file}, row 1, column 'column 9': values under an empty heading",
        f"{plan_file}, row 2, column 'End year': the end year is before the start year (value '2024')",
        f"{plan_file}, row 3: a second plan row: the sheet holds one plan",
    ]


def test_readme_sheet_explains_every_column(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_xlsx(PLAN, tmp_path / "plan.xlsx"))["README"]
    described = {(row[0], row[2]) for row in ws.iter_rows(min_row=2, values_only=True) if row[2]}
    assert described == {(s.name, c.heading) for s in SHEETS for c in s.columns}
    assert openpyxl.load_workbook(tmp_path / "plan.xlsx").sheetnames[0] == "README"
