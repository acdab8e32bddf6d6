"""The return workbook's fixed layout, on a small hand-made counts table whose figures are worked out by hand.

One trust, WRES years 2023–2025: a clinical workforce in bands 5 and 6 (nobody in band 6 in 2024), disciplinary
entrants for indicator 3, and a board for indicator 9; the configured non-adverse range is 0.90 to 1.20. The file
is written, read back with openpyxl and checked against the numbers below:

* every band row of the return is present in both years, 0 where nobody was in the band;
* the share of staff with ethnicity recorded: 95/100 in 2025, 90/100 in 2024;
* indicator 3's rolling form is compared with WRES year 2023 (the previous non-overlapping window): rolling RL3
  2023 = ((3+3)/2/30) / ((3+2)/2/60) = 0.1 / 0.041667 = 2.40; 2025 = ((3+2)/2/15) / ((2+4)/2/80) = 4.444;
* indicator 9, 2025: 8 voting members (2 BME), workforce 15 BME of 100 → 25.0% − 15.0% = +10.0 points; a board
  of 10 (3 BME) with 4 executives (1 BME): 2 non-voting (1 BME), 6 non-executive (2 BME → 33.3% − 15.0%);
* every indicator has a Summary row with empty narrative and action cells for the trust;
* the configured range, never 0.80 to 1.25, is printed;
* text that looks like a formula is written as text.
"""

from __future__ import annotations

import dataclasses
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from wres.config import DEFAULT_CONFIG, RangeConfig
from wres.indicators import compute_from_counts
from wres.reports.workbook import write_return_workbook
from wres.reports.workbook.labels import NARRATIVE_HEADERS
from wres.vocab.bands import MEDICAL_SUBGROUPS, NON_MEDICAL_BANDS

ORG, YEAR = "RX1", 2025
CLINICAL = "Clinical staff (Agenda for Change bands and VSM), by band"
FORMULA = '=HYPERLINK("http://example.org","open me")'


def _rows(year: int, ind: str, variant: str, cat: str, bd: str, stratum: str, measure: str, **by: int) -> list[Any]:
    return [[ORG, year, ind, variant, cat, bd, stratum, "wres", g, measure, float(v)] for g, v in by.items()]


def counts() -> pd.DataFrame:
    rows: list[Any] = []
    # indicator 1: the whole workforce, and clinical staff by band (band 6 nobody in 2024)
    for year, (w, b, u) in {2023: (60, 30, 10), 2024: (70, 20, 10), 2025: (80, 15, 5)}.items():
        rows += _rows(year, "1", "headcount", "all", "overall", "all", "headcount", White=w, BME=b, Unknown=u)
    rows += _rows(2025, "1", "headcount", "clinical", "band", "5", "headcount", White=30, BME=10, Unknown=0)
    rows += _rows(2025, "1", "headcount", "clinical", "band", "6", "headcount", White=10, BME=5, Unknown=5)
    rows += _rows(2024, "1", "headcount", "clinical", "band", "5", "headcount", White=40, BME=20, Unknown=10)
    # indicator 3: headcount, entrants this year and last year
    i3 = {
        2023: ((60, 30, 10), (3, 3, 0), (2, 3, 0)),
        2024: ((70, 20, 10), (4, 2, 0), (3, 3, 0)),
        2025: ((80, 15, 5), (2, 3, 0), (4, 2, 0)),
    }
    for year, (heads, entrants, before) in i3.items():
        for measure, (w, b, u) in (("headcount", heads), ("entrants", entrants), ("entrants_prev", before)):
            rows += _rows(year, "3", "all", "all", "overall", "all", measure, White=w, BME=b, Unknown=u)
    # indicator 9, 2025: voting and executive members against the workforce
    # the whole board: 7 White, 3 BME; so 1 White and 1 BME do not vote, 4 White and 2 BME are not executives
    for variant, (w, b, u) in (("voting", (6, 2, 0)), ("executive", (3, 1, 0)), ("board", (7, 3, 0))):
        rows += _rows(2025, "9", variant, "all", "overall", "all", "members", White=w, BME=b, Unknown=u)
        rows += _rows(2025, "9", variant, "all", "overall", "all", "workforce", White=80, BME=15, Unknown=5)
    columns = ["org_code", "year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group"]
    return pd.DataFrame(rows, columns=[*columns, "measure", "value"])


@cache
def workbook_path() -> Path:
    import tempfile

    config = dataclasses.replace(DEFAULT_CONFIG, ranges=RangeConfig(low=0.90, high=1.20))
    out = compute_from_counts(counts(), [2023, 2024, 2025], config=config)
    metadata = {**out.metadata, "input_path": FORMULA}
    path = Path(tempfile.mkdtemp()) / "return.xlsx"
    write_return_workbook(out.frame, out.counts, path, org_code=ORG, year=YEAR, tier="internal", metadata=metadata)
    return path


@pytest.fixture(scope="module")
def wb() -> Any:
    return load_workbook(workbook_path())


def table(ws: Worksheet, title: str) -> list[dict[str, Any]]:
    """The rows of the titled table, keyed by "upper / lower" header (the upper header of a merged group)."""
    start = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == title)
    uppers: dict[int, str] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == start + 1:
            for c in range(rng.min_col, rng.max_col + 1):
                uppers[c] = str(ws.cell(row=start + 1, column=rng.min_col).value)
    heads = []
    for c in range(1, ws.max_column + 1):
        upper = uppers.get(c) or str(ws.cell(row=start + 1, column=c).value or "")
        heads.append(f"{upper} / {ws.cell(row=start + 2, column=c).value}".strip(" /"))
    out, r = [], start + 3
    while ws.cell(row=r, column=1).value is not None:
        out.append({h: ws.cell(row=r, column=c).value for c, h in enumerate(heads, start=1)})
        r += 1
    return out


def test_every_band_row_is_present_each_year_with_zeros(wb: Any) -> None:
    rows = table(wb["Indicator 1"], CLINICAL)
    assert [r["Code"] for r in rows[:-1]] == list(NON_MEDICAL_BANDS)
    by_code = {r["Code"]: r for r in rows}

    def heads(code: str, year: int) -> list[Any]:
        return [by_code[code][f"Headcount 31 March {year} / {g}"] for g in ("White", "BME", "Unknown", "Total")]

    assert heads("5", 2025) == [30, 10, 0, 40]
    assert heads("6", 2025) == [10, 5, 5, 20]
    assert heads("5", 2024) == [40, 20, 10, 70]
    assert heads("6", 2024) == [0, 0, 0, 0], "nobody in band 6 in 2024: a row of zeros, not a missing row"
    for code in set(NON_MEDICAL_BANDS) - {"5", "6"}:
        assert heads(code, 2025) == heads(code, 2024) == [0, 0, 0, 0], code
    assert by_code["6"]["Share of staff 2024 / BME"] is None, "no share of nobody"
    assert by_code["6"]["Share of staff 2025 / BME"] == pytest.approx(5 / 20)
    # no medical staff: the return's rows are there, each 0
    medical = table(wb["Indicator 1"], "Medical and dental staff, by band")
    assert [r["Code"] for r in medical] == [*MEDICAL_SUBGROUPS, "all"]
    assert [r[f"Headcount 31 March {YEAR} / Total"] for r in medical[:-1]] == [0, 0, 0, 0]


def test_share_of_staff_with_ethnicity_recorded(wb: Any) -> None:
    for sheet in ("Indicator 1", "Summary"):
        rows = {r["Year"]: r for r in table(wb[sheet], "Staff with ethnicity recorded")}
        assert list(rows) == [2024, 2025]
        assert rows[2025]["Headcount 31 March / Total"] == 100
        assert rows[2025]["Headcount 31 March / Unknown"] == 5
        assert rows[2025]["Staff with ethnicity recorded / Share of staff"] == pytest.approx(0.95)
        assert rows[2024]["Staff with ethnicity recorded / Share of staff"] == pytest.approx(0.90)
        assert wb[sheet].cell(row=1, column=1).value  # a titled sheet


def test_indicator_3_rolling_form_is_compared_with_the_non_overlapping_window(wb: Any) -> None:
    summary = {(r["Indicator"], r["Variant"]): r for r in table(wb["Summary"], "Headline figures")}
    rolling = summary[("3", "rolling")]
    assert rolling["Compared with / Year"] == 2023
    assert rolling["Compared with / Value"] == pytest.approx(2.4)
    assert rolling[f"WRES year {YEAR} / Value"] == pytest.approx((5 / 2 / 15) / (6 / 2 / 80))
    ws = wb["Indicator 3"]
    assert [r["Year"] for r in table(ws, "Two-year rolling (headline)")] == [2023, 2024, 2025]
    assert [r["Year"] for r in table(ws, "Single year")] == [2024, 2025]
    notes = " ".join(str(ws.cell(row=r, column=1).value) for r in range(6, 9))
    assert "compared with WRES year 2023" in notes
    # every other indicator is compared with last year
    assert summary[("1", "headcount")]["Compared with / Year"] == 2024


def test_indicator_9_board_counts(wb: Any) -> None:
    board = table(wb["Indicator 9"], "Board against the overall workforce")
    rows = {(r["Year"], r["Board membership"]): r for r in board}
    memberships = ["All board members", "Voting board members", "Non-voting board members"]
    memberships += ["Executive board members", "Non-executive board members"]
    memberships += ["Voting members of known ethnicity", "Executive members of known ethnicity"]
    assert [m for y, m in rows if y == 2025] == memberships, "fixed rows in the return's order"
    assert sorted(rows) == sorted((y, m) for y in (2024, 2025) for m in memberships), "fixed rows, both years"
    for name, expected in (
        ("All board members", [7, 3, 0, 10]),
        ("Non-voting board members", [1, 1, 0, 2]),
        ("Non-executive board members", [4, 2, 0, 6]),
    ):
        assert [rows[(2025, name)][f"Board members / {g}"] for g in ("White", "BME", "Unknown", "Total")] == expected
    non_exec = rows[(2025, "Non-executive board members")]
    assert non_exec["Difference, points (board − workforce) / BME"] == pytest.approx(100 * 2 / 6 - 15.0)
    voting = rows[(2025, "Voting board members")]
    members = [voting[f"Board members / {g}"] for g in ("White", "BME", "Unknown", "Total")]
    assert members == [6, 2, 0, 8]
    assert voting["Workforce / Total"] == 100
    assert voting["Difference, points (board − workforce) / BME"] == pytest.approx(25.0 - 15.0)
    executive = rows[(2025, "Executive board members")]
    assert [executive[f"Board members / {g}"] for g in ("BME", "Total")] == [1, 4]
    assert all(v is None for k, v in rows[(2024, "Voting board members")].items() if k.startswith("Board members /"))


def test_every_indicator_has_a_summary_row_with_narrative_and_action_cells(wb: Any) -> None:
    ws = wb["Summary"]
    rows = table(ws, "Headline figures")
    assert sorted({r["Indicator"] for r in rows}, key=int) == [str(i) for i in range(1, 10)]
    columns = [f"For the trust to complete / {h}" for h in NARRATIVE_HEADERS]
    assert all(c in rows[0] for c in columns)
    assert all(r[c] is None for r in rows for c in columns), "left empty for the trust"
    not_computed = [r for r in rows if r["Indicator"] in ("2", "4", "5", "6", "7", "8")]
    assert all(r[f"WRES year {YEAR} / Value"] is None for r in not_computed)
    # the cells to complete look different from the figures: pale yellow
    start = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Headline figures")
    header = [ws.cell(row=start + 2, column=c).value for c in range(1, ws.max_column + 1)]
    cell = ws.cell(row=start + 3, column=header.index(NARRATIVE_HEADERS[0]) + 1)
    assert cell.value is None
    assert str(cell.fill.fgColor.rgb).upper().endswith("FFF2CC")


def test_the_configured_range_is_printed_never_the_default(wb: Any) -> None:
    texts = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    everything = "\n".join(texts)
    assert "0.80 to 1.25" not in everything
    assert "0.80–1.25" not in everything
    notes = {r["Topic"]: r["Note"] for r in table(wb["Notes"], "Notes on the figures")}
    assert "0.90 to 1.20" in notes["Statistics"]
    rolling = {r["Year"]: r for r in table(wb["Indicator 3"], "Two-year rolling (headline)")}[YEAR]
    assert rolling["Relative likelihood (BME ÷ White) / Ratio"] > 1.20
    assert "0.90 to 1.20" in rolling["Status"]
    assert "above" in rolling["Status"]
    for sheet in ("Indicator 2", "Indicator 3", "Indicator 4"):
        assert "Non-adverse range 0.90 to 1.20" in str(wb[sheet]["A6"].value)


def test_text_that_looks_like_a_formula_is_text(wb: Any) -> None:
    ws = wb["About"]
    found = [c for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert found, "the metadata item is on the About sheet"
    assert all(c.data_type == "s" for c in found)
    with zipfile.ZipFile(workbook_path()) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets), "no formula anywhere"


def test_a_band_missing_from_the_frames_is_a_row_of_zeros(tmp_path: Path) -> None:
    """Frames without any row for a band in one year (a counts file that leaves it out) still give its row: 0."""
    out = compute_from_counts(counts(), [2023, 2024, 2025])
    frame, cnt = out.frame, out.counts
    band7 = (frame["indicator"] == "1") & (frame["stratum"] == "7") & (frame["year"] == 2024)
    assert band7.any()
    frame = frame[~band7].reset_index(drop=True)
    cnt = cnt[~((cnt["indicator"] == "1") & (cnt["stratum"] == "7") & (cnt["year"] == 2024))]
    path = write_return_workbook(
        frame, cnt, tmp_path / "r.xlsx", org_code=ORG, year=YEAR, tier="internal", metadata=out.metadata
    )
    rows = {r["Code"]: r for r in table(load_workbook(path)["Indicator 1"], CLINICAL)}
    assert [rows["7"][f"Headcount 31 March 2024 / {g}"] for g in ("White", "BME", "Unknown", "Total")] == [0, 0, 0, 0]
    assert rows["7"]["Share of staff 2024 / BME"] is None
    assert rows["5"]["Headcount 31 March 2024 / Total"] == 70
