"""The reader limits (issue 13, "files that are not what they claim"): zip bombs and oversized workbooks refused
from the zip directory before any part is parsed; rows, columns and cells bounded while reading, in CSV and XLSX;
UTF-16 without a byte-order mark and UTF-32 read as what they are.

The zip bombs are small crafted files: a worksheet of one repeated row (a few MB of XML that compresses more than
1,000 to 1), and workbooks whose zip directory claims sizes they do not have. Limits are injected where the
default would need a large file; the defaults are tested where a small crafted file reaches them.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from wres.cli.main import run
from wres.config import config_from_mapping
from wres.errors import DataError, WresError
from wres.ingest.limits import DEFAULT_LIMITS, ReaderLimits
from wres.ingest.readers import read_raw

SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def one_line(exc: pytest.ExceptionInfo[WresError]) -> str:
    text = str(exc.value)
    assert "\n" not in text, text
    return text


def workbook_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(template: bytes, xml: bytes) -> bytes:
    """``template`` (an XLSX) with its first worksheet replaced by ``xml``, compressed as hard as zip can."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = xml if member.filename == SHEET else source.read(member)
            target.writestr(member.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def inline(value: str, ref: str = "") -> str:
    at = f' r="{ref}"' if ref else ""
    return f'<c{at} t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(*rows: str) -> bytes:
    body = "".join(rows)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'
    return xml.encode()


def header_row() -> str:
    return f'<row r="1">{inline("Name", "A1")}{inline("Band", "B1")}</row>'


def set_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The XLSX ``data`` with the uncompressed size the zip directory declares for ``name`` changed to ``size``
    (in the central directory, which readers trust, and in the local header)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = archive.getinfo(name)
    position = 0
    while True:
        central = out.find(b"PK\x01\x02", position)
        assert central >= 0, name
        name_length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into("<I", out, central + 24, size)
            break
        position = central + 4
    struct.pack_into("<I", out, member.header_offset + 22, size)
    return bytes(out)


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if anything asks openpyxl to open a workbook (a refusal must come before parsing)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# -------------------------------------------------------------------------------------------- XLSX: zip directory


def test_a_zip_bomb_is_refused_from_the_directory_before_parsing(tmp_path: Path, no_parsing: None) -> None:
    """Default limits: 4 MB of one repeated row compresses to a few KB (over 1,000 to 1; real sheets about 10)."""
    row = f"<row>{inline('x')}{inline('5')}</row>"
    data = with_sheet_xml(workbook_bytes([["Name", "Band"]]), sheet_xml(header_row(), row * 60_000))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    assert len(data) < 100_000
    with pytest.raises(WresError) as refused:
        read_raw(path)
    message = one_line(refused)
    assert message.startswith(f"{path}: refused: part '{SHEET}' of the workbook would decompress from ")
    assert "more than the 100 to 1 allowed" in message
    assert message.endswith("Nothing was imported")


def test_a_directory_claiming_a_huge_part_is_refused_before_parsing(tmp_path: Path, no_parsing: None) -> None:
    """Default limits: a small workbook whose directory says its sheet is 4 GB."""
    data = set_declared_size(workbook_bytes([["Name", "Band"], ["A", "5"]]), SHEET, 0xFFFF_FFF0)
    path = tmp_path / "claims.xlsx"
    path.write_bytes(data)
    with pytest.raises(WresError) as refused:
        read_raw(path)
    assert f"to {0xFFFF_FFF0 / 1024 / 1024:,.1f} MB" in one_line(refused)


def test_a_part_larger_than_it_declares_is_an_error_not_a_flood(tmp_path: Path) -> None:
    """A directory claiming less than the part holds: zipfile stops at the declared size, and the part fails its
    check (a guard: this was already a clean error)."""
    row = f"<row>{inline('x')}{inline('5')}</row>"
    data = with_sheet_xml(workbook_bytes([["Name", "Band"]]), sheet_xml(header_row(), row * 1_000))
    path = tmp_path / "understated.xlsx"
    path.write_bytes(set_declared_size(data, SHEET, 300))
    with pytest.raises(WresError, match="cannot be read as Excel"):
        read_raw(path)


def test_a_workbook_over_the_size_limit_is_refused(tmp_path: Path, no_parsing: None) -> None:
    """An ordinary workbook (about 10 to 1) over an injected total of 100,000 bytes."""
    data = workbook_bytes([["Name", "Band"], *([f"person {i}", str(i % 9)] for i in range(3_000))])
    path = tmp_path / "big.xlsx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        total = sum(m.file_size for m in archive.infolist())
    assert total > 100_000
    with pytest.raises(WresError) as refused:
        read_raw(path, limits=ReaderLimits(max_xlsx_bytes=100_000))
    message = one_line(refused)
    assert total < 1024 * 1024  # so shown in bytes
    assert f"would decompress to {total:,} bytes, more than the 100,000 bytes allowed" in message
    assert "save the sheet as CSV" in message


# ------------------------------------------------------------------------------------------ XLSX: while reading


def test_a_sheet_with_a_row_far_down_is_refused_at_the_row_limit(tmp_path: Path) -> None:
    """Default limits: one cell in row 6,000,000 (openpyxl would yield every empty row before it)."""
    far = f'<row r="6000000">{inline("x", "A6000000")}{inline("5", "B6000000")}</row>'
    path = tmp_path / "far.xlsx"
    path.write_bytes(with_sheet_xml(workbook_bytes([["Name", "Band"]]), sheet_xml(header_row(), far)))
    with pytest.raises(WresError) as refused:
        read_raw(path)
    assert one_line(refused) == (
        f"{path}: refused: sheet 'Sheet' has more than {DEFAULT_LIMITS.max_rows:,} rows (the limit); "
        "nothing was imported"
    )


def test_rows_over_an_injected_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.xlsx"
    path.write_bytes(workbook_bytes([["Name", "Band"], *([f"p{i}", "5"] for i in range(60))]))
    assert len(read_raw(path, limits=ReaderLimits(max_rows=61)).frame) == 60
    with pytest.raises(WresError, match="has more than 50 rows"):
        read_raw(path, limits=ReaderLimits(max_rows=50))


def test_a_cell_in_the_last_column_is_refused_at_the_column_limit(tmp_path: Path) -> None:
    """Default limits: a cell in column XFD (16,384) makes every row 16,384 cells wide."""
    wide = f'<row r="2">{inline("x", "A2")}{inline("5", "B2")}{inline("stray", "XFD2")}</row>'
    path = tmp_path / "wide.xlsx"
    path.write_bytes(with_sheet_xml(workbook_bytes([["Name", "Band"]]), sheet_xml(header_row(), wide)))
    with pytest.raises(WresError) as refused:
        read_raw(path)
    assert one_line(refused) == (
        f"{path}, row 2: refused: the row has 16,384 cells, more than the {DEFAULT_LIMITS.max_columns:,} allowed "
        "(delete the empty columns beyond the data); nothing was imported"
    )


def test_a_cell_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cell.xlsx"
    path.write_bytes(workbook_bytes([["Name", "Band"], ["x" * 200, "5"], ["y", "6"]]))
    with pytest.raises(WresError) as refused:
        read_raw(path, limits=ReaderLimits(max_cell_chars=100))
    assert one_line(refused) == (
        f"{path}, row 2: refused: a value of 200 characters, more than the 100 allowed; nothing was imported"
    )
    assert read_raw(path, limits=ReaderLimits(max_cell_chars=200)).frame["Name"].str.len().max() == 200


# ------------------------------------------------------------------------------------------------------- CSV


def test_a_line_of_a_million_tiny_fields_is_refused(tmp_path: Path) -> None:
    """A 4 MB line of a million fields after the header is refused while reading (at the column limit), not read
    into a million strings and compared with the header afterwards."""
    path = tmp_path / "fields.csv"
    path.write_bytes(b"Name,Band\r\n" + b"x,y," * 500_000 + b"\r\nA,5\r\n")
    with pytest.raises(WresError) as refused:
        read_raw(path)
    assert one_line(refused) == (
        f"{path}, row 2: refused: the row has 1,000,001 cells, more than the {DEFAULT_LIMITS.max_columns:,} "
        "allowed; nothing was imported"
    )


def test_a_header_of_a_million_names_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_bytes(b",".join(b"c%d" % i for i in range(1_000_000)) + b"\r\n" + b"1,2\r\n")
    with pytest.raises(WresError, match=r"row 1: refused: the row has 1,000,000 cells, more than the 4,096 allowed"):
        read_raw(path)


def test_short_garbage_rows_under_a_wide_header_are_damaged_rows_not_padded(tmp_path: Path) -> None:
    """100,000 one-cell rows under a 200-column header (the shape of a 4 MB file of garbage rows that took 2.9 GB
    when every row was padded to the header's width): since issue 13 each is a damaged row (fewer cells than the
    header), listed by row and cell count and never padded, so none of their cells is built; a file in which no
    row fits the header is refused naming the rows."""
    header = ",".join(f"h{i}" for i in range(200)).encode()
    garbage = b'"a\nb"\n' * 100_000
    path = tmp_path / "garbage.csv"
    path.write_bytes(header + b"\n" + b",".join([b"v"] * 200) + b"\n" + garbage)
    limits = ReaderLimits(max_table_cells=250_000)
    table = read_raw(path, select=lambda names: ["h0", "h150"], limits=limits)
    assert table.frame.shape == (1, 2)
    assert len(table.columns) == 200
    assert len(table.damaged) == 100_000
    assert table.damaged[:2] == ((3, 1), (5, 1))
    only = tmp_path / "only-garbage.csv"
    only.write_bytes(header + b"\n" + garbage)
    with pytest.raises(DataError, match="row 2: row has 1 cells but the header has 200 columns"):
        read_raw(only, limits=limits)


def test_csv_rows_over_an_injected_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    body = "".join(f"p{i},5\n" for i in range(60))
    path.write_text("Name,Band\n" + body, encoding="utf-8")
    assert len(read_raw(path, limits=ReaderLimits(max_rows=61)).frame) == 60
    with pytest.raises(WresError, match="has more than 50 rows"):
        read_raw(path, limits=ReaderLimits(max_rows=50))
    with pytest.raises(WresError, match=r"would hold 120 cells \(60 rows of 2 columns read\), more than the 100"):
        read_raw(path, limits=ReaderLimits(max_table_cells=100))  # the Arrow fast path
    assert read_raw(path, select=lambda names: ["Name"], limits=ReaderLimits(max_table_cells=60)).frame.shape == (60, 1)
    path.write_text('Name,Band\n"multi\nline",5\n' + body, encoding="utf-8")  # the general reader
    with pytest.raises(WresError, match="has more than 50 rows"):
        read_raw(path, limits=ReaderLimits(max_rows=50))


# -------------------------------------------------------------------------------------------------- encodings

TEXT = "Name,Band,Site\r\nZoë Brontë,5,North – East\r\nAli,6,South\r\n"


@pytest.mark.parametrize(
    ("codec", "bom", "named"),
    [
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-32-le", b"", "utf-32-le"),
        ("utf-32-be", b"", "utf-32-be"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32"),
    ],
)
def test_utf16_without_a_bom_and_utf32_are_read_as_what_they_are(
    tmp_path: Path, codec: str, bom: bytes, named: str
) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(bom + TEXT.encode(codec))
    table = read_raw(path)
    assert table.encoding == named
    assert table.columns == ("Name", "Band", "Site")
    assert [list(r) for r in table.frame.itertuples(index=False)] == [
        ["Zoë Brontë", "5", "North – East"],
        ["Ali", "6", "South"],
    ]


def test_broken_utf16_without_a_bom_is_named(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(TEXT.encode("utf-16-le") + b"\x00\xd8A\x00")  # a lone high surrogate, then "A"
    with pytest.raises(WresError) as refused:
        read_raw(path)
    assert "UTF-16 (little-endian, without a byte-order mark)" in str(refused.value)


# ------------------------------------------------------------------------------------------------ configuration


def test_the_limits_are_configuration(tmp_path: Path) -> None:
    """``[reader]`` in wres.toml sets the limits; nothing else changes, and a limit below 1 is refused."""
    config = config_from_mapping({"reader": {"max_rows": 10, "max_xlsx_ratio": 50}})
    assert config.reader == ReaderLimits(max_rows=10, max_xlsx_ratio=50.0)
    assert config_from_mapping({}).reader == DEFAULT_LIMITS
    assert "reader" not in config.as_metadata()  # how files are read is not part of any indicator's result
    with pytest.raises(WresError, match=r"\[reader\] max_columns must be at least 1, not 0"):
        config_from_mapping({"reader": {"max_columns": 0}})


@pytest.mark.parametrize("command", ["validate", "import"])
def test_wres_import_reads_with_the_configured_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], command: str
) -> None:
    (tmp_path / "wres.toml").write_text("[reader]\nmax_rows = 10\n", encoding="utf-8")
    monkeypatch.setenv("WRES_CONFIG", str(tmp_path / "wres.toml"))
    monkeypatch.setenv("WRES_PROFILE_DIR", str(tmp_path / "no-profiles"))
    monkeypatch.delenv("WRES_DEBUG", raising=False)
    path = tmp_path / "organisations.csv"
    path.write_text("Org Code,Org Name\n" + "".join(f"SY{i:03},Trust {i}\n" for i in range(20)), encoding="utf-8")
    store, key = tmp_path / "store.duckdb", tmp_path / "key" / "pseudonym.key"
    capfd.readouterr()
    code = run([command, str(path), "--store", str(store), "--key-file", str(key)])
    err = capfd.readouterr().err
    assert code == 1, err
    assert [line for line in err.splitlines() if line.strip()] == [
        f"error: {path}: refused: the file has more than 10 rows (the limit); nothing was imported"
    ]


def test_an_empty_formatted_cell_in_the_last_column_is_not_a_wide_row(tmp_path: Path) -> None:
    """A formatted but empty cell in column XFD (a row formatted whole in Excel) stretches the sheet's dimension,
    and openpyxl pads every row to 16,384 cells; with no value beyond the data, the sheet is read as it looks."""
    styled = f'<row r="2">{inline("Ann", "A2")}{inline("5", "B2")}<c r="XFD2" s="0"/></row>'
    plain = f'<row r="3">{inline("Bo", "A3")}{inline("6", "B3")}</row>'
    xml = sheet_xml(header_row(), styled, plain).replace(b"<sheetData>", b'<dimension ref="A1:XFD3"/><sheetData>')
    path = tmp_path / "formatted.xlsx"
    path.write_bytes(with_sheet_xml(workbook_bytes([["Name", "Band"]]), xml))
    table = read_raw(path)
    assert table.columns == ("Name", "Band")
    assert [list(row) for row in table.frame.itertuples(index=False)] == [["Ann", "5"], ["Bo", "6"]]
