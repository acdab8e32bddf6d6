"""Shared helpers for the import fuzz and crash tests: valid synthetic raw extracts, malformed variants of them,
and order-independent fingerprints of every table of a DuckDB store (found through information_schema, so that
tables added later, such as ledgers, are covered).

The mutations are plain functions over a CSV file's rows (``list[list[str]]``, the header first) or over its
bytes, so that hypothesis strategies (``test_import_fuzz.py``) can combine them freely. A fingerprint is a row
count and the sum of the rows' DuckDB hashes: equal fingerprints mean equal multisets of rows (up to hash
collisions), and computing one is far quicker than fetching and sorting every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl

from wres.data.schema import TABLES
from wres.synth import SynthConfig, generate, write_raw

Rows = list[list[str]]

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_LE_BOM = b"\xff\xfe"
UTF16_BE_BOM = b"\xfe\xff"

FORMULAS: tuple[str, ...] = (
    "=SUM(A1:A3)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","x")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1/0",
    "=A2",
)
"""Formula (and formula-injection) texts, as they turn up in exports opened and re-saved in Excel."""

MARKUP: tuple[str, ...] = (
    "[/]",
    "[bold]",
    "[link=x]",
    "\\[bold]",
    "[red]x[/red]",
    "a\\",
    "\\[1",
    ":warning:",
    "[@click]",
)
"""Text that Rich reads as console markup (a closing tag with nothing open, styles, a link, backslash escapes, an
emoji code, a click handler): a terminal must print it exactly as written."""

TITLE_ROWS: tuple[str, ...] = (
    "Workforce extract",
    "Run date: 01/04/2025 09:14",
    "Produced by ESR BI, OFFICIAL-SENSITIVE",
    "Parameters: Organisation = SY001; Snapshot = 31/03/2025",
    "",
)

DATE_STYLES: tuple[str, ...] = ("dmy", "iso", "mdy", "serial", "text", "iso_time", "dmy_short", "empty", "spaces")


# ------------------------------------------------------------------------------------- synthetic files


@dataclass(frozen=True)
class RawSet:
    """A folder of valid synthetic raw extracts (see :mod:`wres.synth.raw`)."""

    folder: Path

    @property
    def organisations(self) -> Path:
        return self.folder / "organisations.csv"

    @property
    def staff(self) -> Path:
        return next(iter(sorted(self.folder.glob("esr_staff_*.csv"))))

    def csv_files(self) -> list[Path]:
        return sorted(self.folder.glob("*.csv"))

    def file(self, name: str) -> Path:
        return self.folder / name


def synthetic_raw(
    folder: Path,
    *,
    seed: int,
    size: int = 200,
    n_orgs: int = 1,
    first_year: int = 2025,
    last_year: int = 2025,
    profile: str = "london",
) -> RawSet:
    """Write the raw extracts of a small synthetic organisation to ``folder``."""
    data = generate(
        SynthConfig(profile=profile, n_orgs=n_orgs, size=size, seed=seed, first_year=first_year, last_year=last_year)
    )
    return RawSet(write_raw(data, folder))


# ------------------------------------------------------------------------------------------ CSV rows


def read_rows(path: Path) -> Rows:
    """The rows of a (valid, UTF-8) CSV file, header first."""
    with path.open(newline="", encoding="utf-8") as f:
        return [list(r) for r in csv.reader(f)]


def csv_text(
    rows: Sequence[Sequence[str]], *, delimiter: str = ",", line_ending: str = "\r\n", quote_all: bool = True
) -> str:
    """Rows as CSV text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=line_ending,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(rows)
    return buffer.getvalue()


def copy_rows(rows: Rows) -> Rows:
    return [list(r) for r in rows]


def add_title_rows(rows: Rows, titles: Sequence[str], *, merged: bool) -> Rows:
    """Title rows above the header; ``merged`` pads each to the header's width (as a merged Excel cell saves)."""
    width = len(rows[0]) if rows else 1
    top = [[t, *([""] * (width - 1))] if merged else [t] for t in titles]
    return [*top, *copy_rows(rows)]


def header_index(rows: Rows) -> int:
    """Where the header is: the first of the widest rows (title rows above it are narrower, or even empty)."""
    width = max((len(r) for r in rows), default=0)
    return next((i for i, r in enumerate(rows) if len(r) == width), 0)


def width_of(rows: Rows) -> int:
    """The header's width (at least 1, so column indices can be taken modulo it)."""
    return max(1, max((len(r) for r in rows), default=0))


def duplicate_header(rows: Rows, source: int, target: int, variant: str = "same") -> Rows:
    """Rename column ``target`` to the name of column ``source`` (``same``, ``upper``, ``lower``, ``padded``)."""
    out = copy_rows(rows)
    header = out[header_index(out)]
    if not header:
        return out
    name = header[source % len(header)]
    header[target % len(header)] = {
        "same": name,
        "upper": name.upper(),
        "lower": name.lower(),
        "padded": f"  {name} ",
    }[variant]
    return out


def append_duplicate_column(rows: Rows, source: int) -> Rows:
    """Append a copy of column ``source`` (same header name, same values)."""
    out = copy_rows(rows)
    index = source % width_of(out)
    for r in out:
        r.append(r[index] if index < len(r) else "")
    return out


def drop_column(rows: Rows, index: int) -> Rows:
    """Remove one column (header and cells): a required column may go missing."""
    out = copy_rows(rows)
    index %= width_of(out)
    for r in out:
        if index < len(r):
            del r[index]
    return out


def rename_header(rows: Rows, index: int, name: str) -> Rows:
    out = copy_rows(rows)
    header = out[header_index(out)]
    if header:
        header[index % len(header)] = name
    return out


def set_cells(rows: Rows, cells: Sequence[tuple[int, int]], value: str) -> Rows:
    """Overwrite body cells (row and column indices taken modulo the body's size) with ``value``."""
    out = copy_rows(rows)
    body = len(out) - 1
    if body <= 0:
        return out
    for r, c in cells:
        row = out[1 + r % body]
        if row:
            row[c % len(row)] = value
    return out


def make_ragged(rows: Rows, row: int, extra: int, value: str = "x") -> Rows:
    """Give one body row ``extra`` more cells (``extra`` > 0) or ``-extra`` fewer cells (``extra`` < 0)."""
    out = copy_rows(rows)
    body = len(out) - 1
    if body <= 0:
        return out
    target = out[1 + row % body]
    if extra >= 0:
        target.extend([value] * extra)
    else:
        del target[max(0, len(target) + extra) :]
    return out


def shift_row(rows: Rows, row: int, column: int, by: int) -> Rows:
    """Shift one body row's cells after ``column`` (indices taken modulo the body's size and the row's width): right
    (``by`` > 0) as an unquoted comma in that cell does, splitting its value in two, or left (``by`` < 0) as a
    deleted cell does (issue 13)."""
    out = copy_rows(rows)
    body = len(out) - 1
    if body <= 0:
        return out
    target = out[1 + row % body]
    if not target:
        return out
    at = column % len(target)
    if by > 0:
        value = target[at]
        half = len(value) // 2
        target[at : at + 1] = [value[:half], value[half:]]
    elif by < 0:
        del target[at]
    return out


def duplicate_row(rows: Rows, row: int) -> Rows:
    """Repeat one body row (a duplicate key in most extracts)."""
    out = copy_rows(rows)
    body = len(out) - 1
    if body <= 0:
        return out
    index = 1 + row % body
    out.insert(index + 1, list(out[index]))
    return out


def insert_blank_rows(rows: Rows, row: int, count: int) -> Rows:
    out = copy_rows(rows)
    index = 1 + row % max(1, len(out) - 1)
    for _ in range(count):
        out.insert(index, [""] * width_of(out))
    return out


def date_columns(header: Sequence[str]) -> list[int]:
    """Indices of the columns that hold dates in the synthetic extracts."""
    return [i for i, name in enumerate(header) if "date" in name.lower() or name.lower() == "as at"]


_DMY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def restyle_date(text: str, style: str) -> str:
    """A ``dd/mm/yyyy`` date written in another style (text that is not such a date is returned as it is)."""
    m = _DMY.match(text)
    if not m:
        return text
    day, month, year = int(m[1]), int(m[2]), int(m[3])
    try:
        date = dt.date(year, month, day)
    except ValueError:  # already restyled (e.g. mm/dd with a day over 12): leave it
        return text
    match style:
        case "dmy":
            return text
        case "iso":
            return date.isoformat()
        case "mdy":
            return f"{month:02d}/{day:02d}/{year}"
        case "serial":
            return str((date - dt.date(1899, 12, 30)).days)
        case "text":
            return date.strftime("%d %B %Y")
        case "iso_time":
            return f"{date.isoformat()} 00:00:00"
        case "dmy_short":
            return f"{day}/{month}/{year % 100:02d}"
        case "empty":
            return ""
        case "spaces":
            return f"  {text} "
    raise ValueError(style)


def mix_dates(rows: Rows, styles: Sequence[str]) -> Rows:
    """Rewrite every date cell, row ``i`` in ``styles[i % len(styles)]``."""
    out = copy_rows(rows)
    if not out or not styles:
        return out
    columns = date_columns(out[0])
    for i, r in enumerate(out[1:]):
        style = styles[i % len(styles)]
        for c in columns:
            if c < len(r):
                r[c] = restyle_date(r[c], style)
    return out


# ----------------------------------------------------------------------------------------------- bytes


def truncate(data: bytes, fraction: float) -> bytes:
    """The first ``fraction`` of the bytes (usually cutting a row, a quoted field or a character in two)."""
    return data[: int(len(data) * fraction)]


def insert_bytes(data: bytes, fraction: float, payload: bytes) -> bytes:
    at = int(len(data) * fraction)
    return data[:at] + payload + data[at:]


def insert_at_line_starts(data: bytes, payload: bytes, every: int) -> bytes:
    """``payload`` at the start of every ``every``-th line (a BOM per line, as concatenated exports have)."""
    lines = data.split(b"\n")
    return b"\n".join(payload + line if i % every == 0 else line for i, line in enumerate(lines))


def encode_text(text: str, encoding: str) -> bytes:
    """Encode as ``encoding``; ``utf-16-le-bom`` and friends add the byte-order mark explicitly."""
    match encoding:
        case "utf-16-le-bom":
            return UTF16_LE_BOM + text.encode("utf-16-le")
        case "utf-16-be-bom":
            return UTF16_BE_BOM + text.encode("utf-16-be")
        case "utf-8-double-bom":
            return UTF8_BOM + UTF8_BOM + text.encode("utf-8")
        case _:
            return text.encode(encoding, errors="replace")


# ------------------------------------------------------------------------------------------------ XLSX


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    titles: Sequence[str] = (),
    merge_titles: bool = True,
    sheet_title: str = "Extract",
    cover_sheet: bool = False,
    empty: bool = False,
) -> Path:
    """Write rows to the first worksheet of an XLSX file.

    ``titles`` go above the header, merged across its width when ``merge_titles``; ``cover_sheet`` puts an
    empty "Cover" sheet first (the data then sits on the second sheet, which wres does not read by default);
    ``empty`` writes a workbook whose only sheet is empty. Cells that are ``str`` starting with ``=`` are
    written as formulas (no cached value).
    """
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    if cover_sheet:
        ws.title = "Cover"
        ws = workbook.create_sheet(sheet_title)
    else:
        ws.title = sheet_title
    if not empty:
        width = max((len(r) for r in rows), default=1)
        for title in titles:
            ws.append([title])
            if merge_titles and width > 1:
                ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
        for row in rows:
            ws.append(list(row))
    workbook.save(path)
    return path


def typed_cells(rows: Rows, *, dates_as: str = "datetime") -> list[list[object]]:
    """Rows with Excel-typed cells: integers as numbers, dates as datetimes (or serial numbers, or text)."""
    out: list[list[object]] = [list(rows[0])] if rows else []
    columns = set(date_columns(rows[0])) if rows else set()
    for r in rows[1:]:
        typed: list[object] = []
        for c, value in enumerate(r):
            m = _DMY.match(value) if c in columns else None
            try:  # a restyled (mm/dd) date may not be a valid dd/mm one: then it stays text
                date = dt.datetime(int(m[3]), int(m[2]), int(m[1])) if m else None
            except ValueError:
                date = None
            if date is not None:
                typed.append(date if dates_as == "datetime" else (date - dt.datetime(1899, 12, 30)).days)
            elif value.isdigit() and len(value) < 12 and not value.startswith("0"):
                typed.append(int(value))
            else:
                typed.append(value if value else None)
        out.append(typed)
    return out


# ----------------------------------------------------------------------------------------- fingerprints

DATA_TABLES: frozenset[str] = frozenset(TABLES)
"""The canonical tables; every other table of a store (meta, ledgers, reports) is bookkeeping."""

TABLES_OF_FILE: dict[str, frozenset[str]] = {
    "organisations": frozenset({"organisations"}),
    "esr_staff": frozenset({"staff"}),
    "learning_records": frozenset({"training"}),
    "recruitment_applications": frozenset({"recruitment"}),
    "er_case_log": frozenset({"disciplinary"}),
    "staff_survey": frozenset({"survey_respondents", "survey_answers"}),
    "board_register": frozenset({"board"}),
}
"""Synthetic raw file (name without dates and suffix) → the canonical tables its profile produces."""


def tables_of_file(name: str) -> frozenset[str]:
    """The canonical tables a raw file produces, judged by its name (none for a name of no known extract)."""
    return frozenset().union(*(tables for stem, tables in TABLES_OF_FILE.items() if stem in Path(name).name))


@dataclass(frozen=True)
class TableDigest:
    """An order-independent fingerprint of (some columns and rows of) one table."""

    columns: tuple[tuple[str, str], ...]
    rows: int
    checksum: int


Digest = dict[str, TableDigest]
"""Table name → its fingerprint (``schema.table`` for tables outside ``main``)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def list_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every base table of the open database, found through information_schema (new ledger tables included)."""
    rows = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_catalog = current_database() "
        "ORDER BY table_schema, table_name"
    ).fetchall()
    return [name if schema == "main" else f"{schema}.{name}" for schema, name in rows]


def _qualified(table: str) -> str:
    return ".".join(_quote(part) for part in table.split(".", 1))


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> tuple[tuple[str, str], ...]:
    schema, name = table.split(".", 1) if "." in table else ("main", table)
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? AND table_catalog = current_database() ORDER BY ordinal_position",
        [schema, name],
    ).fetchall()
    return tuple((str(c), str(t)) for c, t in rows)


def digest_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    columns: Sequence[str] | None = None,
    where: str | None = None,
) -> TableDigest:
    """Row count and the sum of row hashes (of ``columns``, default all) of the rows matching ``where``."""
    described = table_columns(con, table)
    chosen = [c for c, _ in described] if columns is None else list(columns)
    hashed = f"sum(hash({', '.join(_quote(c) for c in chosen)}))" if chosen else "0"
    sql = f"SELECT count(*), coalesce({hashed}, 0) FROM {_qualified(table)}"
    if where:
        sql += f" WHERE {where}"
    row = con.execute(sql).fetchone()
    assert row is not None
    kept = tuple(col for col in described if col[0] in chosen)
    return TableDigest(kept, int(row[0]), int(row[1]))


def digest_store(con: duckdb.DuckDBPyConnection, *, volatile: Mapping[str, Sequence[str]] | None = None) -> Digest:
    """Fingerprints of every table; ``volatile`` names columns to leave out (timestamps, temporary paths)."""
    out: Digest = {}
    for table in list_tables(con):
        skip = set((volatile or {}).get(table, ()))
        columns = None if not skip else [c for c, _ in table_columns(con, table) if c not in skip]
        out[table] = digest_table(con, table, columns=columns)
    return out


@contextmanager
def open_store(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a store read-write, as the CLI does, so that DuckDB replays a write-ahead log left by a killed
    process (nothing is written by the helpers here)."""
    con = duckdb.connect(str(path))
    try:
        yield con
    finally:
        con.close()


def store_orgs(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {str(r[0]) for r in con.execute("SELECT org_code FROM organisations").fetchall()}


def org_filter(orgs: set[str], *, inside: bool) -> str:
    """SQL condition: the row's organisation is (``inside``) or is not one of ``orgs``."""
    listed = ", ".join("'" + o.replace("'", "''") + "'" for o in sorted(orgs)) or "NULL"
    return f"coalesce(org_code, '') {'IN' if inside else 'NOT IN'} ({listed})"


def describe_differences(before: Digest, after: Digest) -> str:
    """One line per table that differs: for assertion messages."""
    lines = []
    for table in sorted(set(before) | set(after)):
        a, b = before.get(table), after.get(table)
        if a != b:
            was = "absent" if a is None else f"{a.rows} rows"
            now = "absent" if b is None else f"{b.rows} rows"
            same = " (same count, different content)" if a and b and a.rows == b.rows else ""
            lines.append(f"{table}: {was} -> {now}{same}")
    return "; ".join(lines) or "no differences"


def copy_store(source: Path, target: Path) -> Path:
    """Copy a closed store (and its write-ahead log, if any)."""
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + ".wal"))
    return target
