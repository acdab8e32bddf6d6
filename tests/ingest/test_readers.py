"""Tests for reading raw CSV and Excel extracts into tables of text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import string
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wres.errors import DataError, WresError
from wres.ingest.limits import ReaderLimits
from wres.ingest.readers import RawTable, cell_text, find_header, read_raw


def write_bytes(tmp_path: Path, data: bytes, name: str = "extract.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def write_xlsx(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "extract.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        ws = workbook.active if first else workbook.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def values(table: RawTable) -> list[list[str]]:
    return [list(row) for row in table.frame.itertuples(index=False)]


# ---------------------------------------------------------------------------------------- encodings


def test_utf8_csv(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "Name,Pay\nZoë,£30k\n".encode())
    table = read_raw(path)
    assert table.encoding == "utf-8"
    assert table.columns == ("Name", "Pay")
    assert values(table) == [["Zoë", "£30k"]]
    assert table.header_row == 1
    assert list(table.source_rows) == [2]
    assert table.sheet is None


def test_utf8_bom_csv(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "Name,Pay\r\nZoë,£30k\r\n".encode("utf-8-sig"))
    table = read_raw(path)
    assert table.encoding == "utf-8-sig"
    assert table.columns == ("Name", "Pay")
    assert values(table) == [["Zoë", "£30k"]]


def test_cp1252_csv(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "Name,Pay\nZoë,£30k – band\n".encode("cp1252"))
    table = read_raw(path)
    assert table.encoding == "cp1252"
    assert values(table) == [["Zoë", "£30k – band"]]


def test_semicolon_and_tab_delimited(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b"Name;Band;Site\nA;5;North, East\nB;6;South\n")
    assert values(read_raw(path)) == [["A", "5", "North, East"], ["B", "6", "South"]]
    path = write_bytes(tmp_path, b"Name\tBand\nA\t5\n", "extract.txt")
    assert read_raw(path).columns == ("Name", "Band")


def test_semicolon_with_title_rows(tmp_path: Path) -> None:
    text = "Workforce extract\nRun date: 01/04/2024\n\nName;Band;Site\nA;5;N\nB;6;S\nC;7;W\n"
    table = read_raw(write_bytes(tmp_path, text.encode()))
    assert table.columns == ("Name", "Band", "Site")
    assert table.header_row == 4
    assert list(table.source_rows) == [5, 6, 7]


# --------------------------------------------------------------------------------------- header rows


def test_csv_title_rows_above_header(tmp_path: Path) -> None:
    text = "Workforce extract,,,\nRun date: 2024-03-31,,,\n,,,\nStaff ID,Grade,Ethnicity,Start\n1,5,A,2020-01-01\n"
    table = read_raw(write_bytes(tmp_path, text.encode()))
    assert table.header_row == 4
    assert table.columns == ("Staff ID", "Grade", "Ethnicity", "Start")
    assert values(table) == [["1", "5", "A", "2020-01-01"]]
    assert list(table.source_rows) == [5]


def test_expected_columns_choose_header(tmp_path: Path) -> None:
    text = "Report,Trust A\nstaff id,GRADE,Other\n1,5,x\n"
    path = write_bytes(tmp_path, text.encode())
    with pytest.raises(DataError, match="row 2: row has 3 cells"):
        read_raw(path)  # without hints the two-cell title row looks like the header
    table = read_raw(path, expected_columns=["Staff ID", "Grade"])
    assert table.header_row == 2
    assert table.columns == ("staff id", "GRADE", "Other")
    with pytest.raises(DataError, match="expected columns"):
        read_raw(path, expected_columns=["Ethnicity", "Band", "Site"])


def test_numeric_rows_are_not_headers(tmp_path: Path) -> None:
    assert find_header([["1", "2", "3"], ["a", "b", "c"]]) == 1
    assert find_header([["Title"], ["a", "", ""], ["x", "y", "z"]]) == 2
    assert find_header([["1", "2"]]) is None
    path = write_bytes(tmp_path, b"1,2,3\n4,5,6\n")
    with pytest.raises(DataError, match="no header row") as info:
        read_raw(path)
    assert str(path) in str(info.value)


def test_xlsx_title_rows_and_merged_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws["A1"] = "ESR workforce extract"
    ws.merge_cells("A1:D1")
    ws["A2"] = "Run date"
    ws["B2"] = dt.datetime(2024, 3, 31)
    ws.append([])
    ws.append(["Staff ID", "Grade", "Start", "Salary"])
    ws.append([123.0, "Band 5", dt.datetime(2020, 1, 2), 30123.5])
    ws.append([124, "Band 6", dt.datetime(2020, 1, 2, 9, 30), True])
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    table = read_raw(path)
    assert table.sheet == "Sheet"
    assert table.encoding is None
    assert table.header_row == 4
    assert table.columns == ("Staff ID", "Grade", "Start", "Salary")
    assert values(table) == [
        ["123", "Band 5", "2020-01-02", "30123.5"],
        ["124", "Band 6", "2020-01-02 09:30:00", "TRUE"],
    ]
    assert list(table.source_rows) == [5, 6]


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(False) == "FALSE"
    assert cell_text(7) == "7"
    assert cell_text(7.0) == "7"
    assert cell_text(0.1) == "0.1"
    assert cell_text(dt.date(2024, 2, 29)) == "2024-02-29"
    assert cell_text(dt.datetime(2024, 2, 29, 0, 0)) == "2024-02-29"
    assert cell_text(dt.datetime(2024, 2, 29, 13, 5, 7)) == "2024-02-29 13:05:07"
    assert cell_text(dt.time(8, 15)) == "08:15:00"
    assert cell_text(float("nan")) == "nan"


def test_xlsx_formula_without_cached_value(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, {"Data": [["A", "B", "Total"], [1, 2, "=A2+B2"]]})
    table = read_raw(path)  # openpyxl writes no cached value
    assert values(table) == [["1", "2", ""]]


def test_named_and_unknown_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, {"Cover": [["About this file"]], "Staff": [["ID", "Grade"], ["1", "5"]]})
    table = read_raw(path, sheet="Staff")
    assert table.sheet == "Staff"
    assert values(table) == [["1", "5"]]
    with pytest.raises(WresError, match="'Cover', 'Staff'"):
        read_raw(path, sheet="Missing")
    with pytest.raises(DataError, match="no header row"):
        read_raw(path)


def test_empty_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, {"Empty": []})
    with pytest.raises(DataError, match="no data"):
        read_raw(path)


def test_trailing_empty_columns_and_rows_dropped(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b"A,B,,\n1,2,,\n3,4\n,,,\n\n")
    table = read_raw(path)
    assert table.columns == ("A", "B")
    assert values(table) == [["1", "2"], ["3", "4"]]
    xlsx = write_xlsx(tmp_path, {"S": [["A", "B", None], ["1", None, None], [None, None, None]]})
    assert values(read_raw(xlsx)) == [["1", ""]]


# ----------------------------------------------------------------------------------- ragged / blank


def test_short_and_long_csv_rows_are_set_aside_as_damaged(tmp_path: Path) -> None:
    """Issue 13: a CSV row whose cells do not match the header is neither padded nor refuses the file; it is listed
    (row, cells) for the import to reject (tests/ingest/test_damaged_rows.py)."""
    table = read_raw(write_bytes(tmp_path, b"A,B,C\n1\n2,3\n4,5,6\n"))
    assert values(table) == [["4", "5", "6"]]
    assert table.damaged == ((2, 1), (3, 2))
    table = read_raw(write_bytes(tmp_path, b"A,B\n1,2\n3,4,5\n6,7\n8,9,10\n"))
    assert values(table) == [["1", "2"], ["6", "7"]]
    assert table.damaged == ((3, 3), (5, 3))


def test_xlsx_rows_with_a_value_beyond_the_header_are_errors_naming_the_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, {"S": [["A", "B"], ["1", "2"], ["3", "4", "5"], ["6", "7"]]})
    with pytest.raises(DataError) as info:
        read_raw(path)
    assert [p.row for p in info.value.problems] == [3]
    assert info.value.problems[0].file == str(path)
    assert "row 3" in str(info.value)


def test_blank_lines_skipped_with_source_rows(tmp_path: Path) -> None:
    text = '\nA,B\n\n1,2\n\n\n"multi\nline",3\n4,5\n\n'
    table = read_raw(write_bytes(tmp_path, text.encode()))
    assert table.header_row == 2
    assert values(table) == [["1", "2"], ["multi\nline", "3"], ["4", "5"]]
    assert list(table.source_rows) == [4, 7, 9]
    assert all(isinstance(v, str) for row in values(table) for v in row)


def test_duplicate_and_empty_header_names(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="duplicate") as info:
        read_raw(write_bytes(tmp_path, b"ID,Grade, grade ,Site\n1,2,3,4\n"))
    assert info.value.problems[0].column == "grade"
    with pytest.raises(DataError, match="header cell 2 is empty"):
        read_raw(write_bytes(tmp_path, b"ID,,Site,Band\n1,2,3,4\n"))


# ------------------------------------------------------------------------------- unreadable files


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no data"):
        read_raw(write_bytes(tmp_path, b""))
    with pytest.raises(DataError, match="no data"):
        read_raw(write_bytes(tmp_path, b"\n\n,,\n"))


def test_garbage_xlsx(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, bytes(range(256)) * 10, "extract.xlsx")
    with pytest.raises(WresError, match="cannot be read as Excel") as info:
        read_raw(path)
    assert str(path) in str(info.value)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    path = write_bytes(tmp_path, buffer.getvalue(), "archive.xlsm")
    with pytest.raises(WresError, match="cannot be read as Excel"):
        read_raw(path)


def test_unsupported_and_missing(tmp_path: Path) -> None:
    with pytest.raises(WresError, match=r"unsupported file type '\.xls'.*\.csv, \.txt, \.xlsx, \.xlsm"):
        read_raw(write_bytes(tmp_path, b"x", "old.xls"))
    with pytest.raises(WresError, match="file not found"):
        read_raw(tmp_path / "absent.csv")
    with pytest.raises(WresError, match="CSV files have no sheets"):
        read_raw(write_bytes(tmp_path, b"A,B\n1,2\n"), sheet="Staff")


def test_huge_line_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b"A,B\n1," + b"x" * (10 * 1024 * 1024) + b"\n")
    with pytest.raises(DataError, match="longer than the limit") as info:
        read_raw(path)
    assert info.value.problems[0].row == 2
    table = read_raw(write_bytes(tmp_path, b"A,B\n1," + b"y" * 2000 + b"\n", "ok.csv"), max_field_bytes=4096)
    assert len(table.frame.iloc[0, 1]) == 2000


def test_field_limit_restored(tmp_path: Path) -> None:
    before = csv.field_size_limit()
    read_raw(write_bytes(tmp_path, b"A,B\n1,2\n"), max_field_bytes=10)
    assert csv.field_size_limit() == before


def test_encoding_that_is_neither(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="neither UTF-8 nor Windows-1252") as info:
        read_raw(write_bytes(tmp_path, b"A,B\n1,2\n3,\x81\n"))
    assert info.value.problems[0].row == 3


# ------------------------------------------------------------------------------------------- fuzz


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_fuzz_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = write_bytes(tmp_path, data, "fuzz.csv")
    try:
        table = read_raw(path)
    except WresError:
        return
    assert isinstance(table, RawTable)
    assert len(table.source_rows) == len(table.frame)
    assert list(table.frame.columns) == list(table.columns)


_cell = st.text(alphabet=st.characters(blacklist_characters="\x00\ufeff;\t", blacklist_categories=("Cs",)), max_size=8)
_name = st.text(alphabet=string.ascii_letters + " _éö", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    header = draw(st.lists(_name, min_size=2, max_size=5, unique_by=str.casefold))
    rows = draw(st.lists(st.lists(_cell, min_size=len(header), max_size=len(header)), max_size=6))
    return header, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=_tables(), bom=st.booleans())
def test_round_trip_through_csv(tmp_path: Path, table: tuple[list[str], list[list[str]]], bom: bool) -> None:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = write_bytes(tmp_path, buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"), "round.csv")
    result = read_raw(path)
    kept = [(i, row) for i, row in enumerate(rows) if any(row)]  # blank rows are skipped
    assert result.columns == tuple(header)
    assert values(result) == [row for _, row in kept]
    assert result.header_row == 1
    if all("\n" not in c and "\r" not in c for row in rows for c in row):
        assert list(result.source_rows) == [i + 2 for i, _ in kept]


def test_corrupt_sheet_xml(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path, {"S": [["A", "B"], *[[f"x{i}", i] for i in range(50)]]})
    source = zipfile.ZipFile(good)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name.endswith("sheet1.xml") else data)
    source.close()
    with pytest.raises(WresError, match="cannot be read as Excel"):
        read_raw(write_bytes(tmp_path, buffer.getvalue(), "corrupt.xlsx"))


# ------------------------------------------------------------------------- fast path = general path


def general_read(path: Path) -> RawTable:
    """The general (csv module) reader, bypassing the Arrow fast path."""
    from wres.ingest import readers

    data = path.read_bytes()
    encoding, text = readers._decode(path, data)
    delimiter = readers._sniff_delimiter(text)
    records = readers._read_csv_records(path, text, delimiter, readers.DEFAULT_MAX_FIELD_BYTES)
    return readers._build_table(path, None, encoding, records, (), 20)


def outcome(read: object, path: Path) -> object:
    try:
        table = read(path)  # type: ignore[operator]
    except (DataError, WresError) as exc:
        return ("error", type(exc).__name__)
    return (table.columns, values(table), table.source_rows.tolist(), table.header_row, table.encoding)


cell_text_strategy = st.one_of(
    st.sampled_from(["", " ", "A", "Band 5", "1,2", 'say "hi"', "x\ny", "12", "é", "a;b", "\t"]),
    st.text(alphabet=string.ascii_letters + string.digits + ' ,;"\t\r\n-é', max_size=6),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(["ID", "Band", "Site", "Ethnic Origin", "", "Grade"]), min_size=1, max_size=5),
    rows=st.lists(st.lists(cell_text_strategy, min_size=0, max_size=6), max_size=8),
    title=st.booleans(),
    crlf=st.booleans(),
    blank_lines=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_arrow_fast_path_reads_exactly_what_the_general_reader_reads(
    tmp_path: Path,
    header: list[str],
    rows: list[list[str]],
    title: bool,
    crlf: bool,
    blank_lines: bool,
    encoding: str,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    if title:
        writer.writerow(["Workforce extract"])
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if blank_lines:
            buffer.write("\r\n" if crlf else "\n")
    path = write_bytes(tmp_path, buffer.getvalue().encode(encoding, errors="replace"))
    assert outcome(read_raw, path) == outcome(general_read, path)


def test_a_rectangular_file_takes_the_fast_path(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b'Title\n\nID,Band\r\n1,5\r\n\r\n2,"6"\r\n,\r\n')
    table = read_raw(path)
    assert str(table.frame["ID"].dtype) == "str"  # Arrow-backed: the fast path was taken
    assert values(table) == [["1", "5"], ["2", "6"]]
    assert table.source_rows.tolist() == [4, 6]
    assert outcome(read_raw, path) == outcome(general_read, path)


# ------------------------------------------------------------------ encodings and damage found by fuzzing


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "ID\tSite\r\n1\tMédecine\r\n".encode("utf-16"))
    table = read_raw(path)
    assert table.encoding == "utf-16"
    assert values(table) == [["1", "Médecine"]]


def test_utf8_file_with_a_stray_byte_is_an_error_not_mojibake(tmp_path: Path) -> None:
    data = "ID,Site\n1,Médecine\n2,Surgery\n".encode() + b"3,Caf\xe9\n"
    with pytest.raises(DataError, match="mixes UTF-8") as info:
        read_raw(write_bytes(tmp_path, data))
    assert info.value.problems[0].row == 4


def test_unquoted_file_cut_mid_row_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="looks truncated"):
        read_raw(write_bytes(tmp_path, b"A,B,C\n1,2,3\n4,Wom"))
    table = read_raw(write_bytes(tmp_path, b"A,B,C\n1,2,3\n4,5\n"))  # ends with a line break: a damaged row
    assert values(table) == [["1", "2", "3"]]
    assert table.damaged == ((3, 2),)


def test_file_cut_inside_a_quoted_value_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="ends inside a quoted value"):
        read_raw(write_bytes(tmp_path, b'A,B\n1,"abc"\n2,"x"\n3,"10000'))


def test_many_duplicate_header_names_are_capped(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        read_raw(write_bytes(tmp_path, b"a," * 50_000 + b"a\n1\n"), limits=ReaderLimits(max_columns=60_000))
    assert len(info.value.problems) <= 100
    assert info.value.total == 50_000


def test_an_empty_first_sheet_names_the_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, {"Cover": [], "Data": [["ID", "Band"], [1, 5]]})
    with pytest.raises(DataError, match="sheet 'Cover' is empty"):
        read_raw(path)
