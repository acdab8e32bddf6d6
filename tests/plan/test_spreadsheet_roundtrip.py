"""The plan's spreadsheet template: a plan written as XLSX or CSV and read back is the same plan; text that looks
like a formula is text in the workbook; ``names=False`` writes no account."""

from __future__ import annotations

import csv
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from tests.plan.spreadsheet_plans import SAMPLE, plans

from wres.errors import WresError
from wres.plan import records as r
from wres.plan.spreadsheet import read_csv, read_xlsx, write_csv, write_xlsx
from wres.plan.spreadsheet.template import SHEETS, markdown_tables


def test_sample_plan_round_trips_through_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(SAMPLE, tmp_path / "plan.xlsx")
    assert read_xlsx(path) == SAMPLE


def test_sample_plan_round_trips_through_csv(tmp_path: Path) -> None:
    write_csv(SAMPLE, tmp_path / "plan")
    assert read_csv(tmp_path / "plan") == SAMPLE


def test_csv_files_are_the_documented_ones(tmp_path: Path) -> None:
    written = write_csv(SAMPLE, tmp_path)
    documented = Path(__file__).resolve().parents[2] / "docs" / "plan-template.md"
    text = documented.read_text(encoding="utf-8")
    assert {p.name for p in written} == {
        "README.csv",
        "plan.csv",
        "objectives.csv",
        "measures.csv",
        "actions.csv",
        "reviews.csv",
        "review_data.csv",
        "engagement.csv",
        "you_said_we_did.csv",
        "board_commitments.csv",
    }
    assert markdown_tables() in text, "docs/plan-template.md's tables are stale: paste markdown_tables() in"
    for spec in SHEETS:  # and so every sheet, file and column heading is in the documentation
        assert f"### {spec.name} (`{spec.file}`)" in text, spec.file
        for column in spec.columns:
            assert f"| {column.heading} | {'yes' if column.required else 'no'} |" in text, (spec.name, column.heading)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_any_plan_round_trips_through_xlsx_and_csv(plan: r.Plan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(plan, Path(folder) / "plan.xlsx")
        assert read_xlsx(path) == plan
        write_csv(plan, Path(folder) / "csv")
        assert read_csv(Path(folder) / "csv") == plan


def test_formula_looking_text_is_a_text_cell_with_a_quote_prefix(tmp_path: Path) -> None:
    path = write_xlsx(SAMPLE, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)  # not read-only: cell types and styles
    cell = wb["Objectives"]["C2"]
    assert wb["Objectives"]["C1"].value == "Description"
    assert cell.data_type == "s"  # a string, not "f" (a formula)
    assert cell.value == SAMPLE.objectives[0].description
    assert cell.quotePrefix  # editing it in Excel keeps it text
    assert wb["Objectives"]["B2"].quotePrefix is False


def test_csv_cells_that_look_like_formulas_are_prefixed(tmp_path: Path) -> None:
    write_csv(SAMPLE, tmp_path)
    with (tmp_path / "objectives.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["Description"] == "'" + SAMPLE.objectives[0].description


def test_dates_are_excel_dates(tmp_path: Path) -> None:
    path = write_xlsx(SAMPLE, tmp_path / "plan.xlsx")
    ws = openpyxl.load_workbook(path)["Actions"]
    headings = [c.value for c in ws[1]]
    cell = ws.cell(2, headings.index("Due date") + 1)
    assert cell.is_date
    assert cell.value == datetime(2025, 12, 31)


def test_names_false_writes_no_account(tmp_path: Path) -> None:
    usernames = {"cpo.jones", "edi.lead", "recruit.head", "ceo"}
    path = write_xlsx(SAMPLE, tmp_path / "plan.xlsx", names=False)
    wb = openpyxl.load_workbook(path)
    texts = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None}
    assert not any(name in text for text in texts for name in usernames)
    assert "Chief People Officer" in texts  # role titles stay
    folder = tmp_path / "csv"
    write_csv(SAMPLE, folder, names=False)
    for file in folder.iterdir():
        content = file.read_text(encoding="utf-8-sig")
        assert not any(name in content for name in usernames), file.name
    # and the plan read back is the same with the accounts left empty
    back = read_xlsx(path)
    assert back.objectives[0].sponsor == r.Person("", "Chief People Officer")
    assert back.commitments[0].member == r.Person("", "Chief Executive")
    assert read_csv(folder) == back


def test_a_list_item_with_a_semicolon_is_refused_when_written(tmp_path: Path) -> None:
    plan = replace(SAMPLE, objectives=(replace(SAMPLE.objectives[0], networks=("A; B",)),))
    with pytest.raises(WresError, match=r"objective O1: the list item 'A; B'"):
        write_xlsx(plan, tmp_path / "plan.xlsx")
