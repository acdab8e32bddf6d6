"""Read one raw HR extract (CSV or Excel) into a table of text.

This is the first stage of import. It knows nothing about what the columns mean: it finds the
header row, names the columns and returns every cell as a Python ``str`` (an empty cell is ``""``,
never NaN), together with the row number each value came from in the original file, so that later
validation can say exactly where a problem is.

Choices made deliberately (exports as trust analysts actually have them):

* Title rows above the header ("Workforce extract", "Run date: ...") are skipped: see
  :func:`find_header`.
* Completely blank rows (no cells, or only empty cells) are skipped anywhere in the file; so are
  trailing empty rows. Trailing columns that are empty in the header and in every row are dropped.
* Delimited text (CSV): a row with *fewer* cells than the header (a deleted cell shifted its values left), even
  if only its trailing cells are missing, or with *more* cells than the header line (an unquoted delimiter split a
  value, shifting the rest right), even if the extra cells are empty, is damaged: it is left out of the table and
  listed in :attr:`RawTable.damaged` (row number, cell count), never padded or cut, and the import rejects it
  (issue 13). Excel and other spreadsheet tools save every delimiter of a CSV row, so a short row is damage,
  not an export that drops trailing empty cells. A header line that ends in empty cells (a trailing delimiter)
  allows rows of either length, their extra cells empty.
* Excel: a row ends at its last value (trailing empty cells are not stored), so a short row is padded with
  ``""``; a row with a value beyond the header is an error naming the row, because the values can no longer be
  matched to columns.
* Header names are stripped; an empty header name, or two names equal ignoring case, is an error.
* Data values are not stripped or otherwise altered; that is for validation.
* CSV encodings: UTF-32 or UTF-16 with a byte-order mark, UTF-32 or UTF-16 without one (told by their NUL
  bytes), UTF-8 with BOM, UTF-8, else Windows-1252. Delimiters: comma, semicolon or tab.
* Only regular files are read, within the reader limits of :mod:`wres.ingest.limits` (rows, cells per row,
  cell size, table size; an XLSX file's decompressed size and compression ratio, checked before it is parsed).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from wres.errors import DataError, Problem, WresError
from wres.gc_pause import paused_gc
from wres.ingest.limits import (
    DEFAULT_LIMITS,
    ReaderLimits,
    cell_too_long,
    check_regular_file,
    check_table_size,
    check_xlsx_archive,
    open_regular,
    too_many_rows,
    too_wide,
)
from wres.ingest.personal import looks_like_data

__all__ = [
    "CSV_SUFFIXES",
    "DEFAULT_MAX_FIELD_BYTES",
    "EXCEL_SUFFIXES",
    "NotChunkableError",
    "RawTable",
    "cell_text",
    "find_header",
    "read_csv_chunks",
    "read_raw",
]

CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DEFAULT_MAX_FIELD_BYTES = DEFAULT_LIMITS.max_cell_chars
_DELIMITERS = ",;\t"
_SNIFF_LINES = 20
_SNIFF_CHARS = 32 * 1024
_MAX_PROBLEMS = 100
_BOMS: tuple[tuple[tuple[bytes, ...], str, str], ...] = (
    ((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"), "utf-32", "UTF-32"),  # before UTF-16, whose BOM begins UTF-32's
    ((b"\xff\xfe", b"\xfe\xff"), "utf-16", "UTF-16"),
    ((b"\xef\xbb\xbf",), "utf-8-sig", "UTF-8"),
)
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


Select = Callable[[tuple[str, ...]], Sequence[str]]
"""Given a file's header names, the names of the columns to load."""


def _chosen(columns: Sequence[str], select: Select | None) -> list[int]:
    """Positions of the selected columns, in header order."""
    if select is None:
        return list(range(len(columns)))
    wanted = set(select(tuple(columns)))
    return [i for i, name in enumerate(columns) if name in wanted]


@dataclass
class _Records:
    """Rows of cells as text, and the 1-based row/line number each starts on (blank rows allowed)."""

    rows: list[list[str]]
    numbers: npt.NDArray[np.int64]
    unterminated: bool = False  # the text does not end with a line break


@dataclass(frozen=True)
class RawTable:
    """One raw file read as text.

    Attributes:
        path: The file read.
        sheet: The worksheet read (Excel only), else ``None``.
        header_row: 1-based line (CSV) or row (Excel) number of the header in the file.
        columns: Header names, stripped, unique ignoring case, none empty (the whole header).
        frame: One column per header name (or per selected name, see ``select``); every value a ``str``
            (empty cell ``""``).
        source_rows: For each frame row, its 1-based line/row number in the file (for a CSV
            record spanning several lines, the line it starts on).
        encoding: Text encoding detected (CSV only): ``"utf-32"`` or ``"utf-16"`` (with a byte-order mark),
            ``"utf-32-le"``, ``"utf-32-be"``, ``"utf-16-le"`` or ``"utf-16-be"`` (without one), ``"utf-8-sig"``,
            ``"utf-8"`` or ``"cp1252"``.
        damaged: CSV rows left out of ``frame`` because their cell count does not match the header (see the module
            docstring): ``(row number, cells)`` each, in file order. The rows' values are not kept.
        header_cells: Cells in the header row as written (``len(columns)`` plus any trailing empty cells).
    """

    path: Path
    sheet: str | None
    header_row: int
    columns: tuple[str, ...]
    frame: pd.DataFrame
    source_rows: npt.NDArray[np.int64]
    encoding: str | None
    damaged: tuple[tuple[int, int], ...] = ()
    header_cells: int = 0


def read_raw(
    path: Path,
    *,
    sheet: str | None = None,
    expected_columns: Sequence[str] = (),
    max_header_search: int = 20,
    max_field_bytes: int | None = None,
    select: Select | None = None,
    limits: ReaderLimits = DEFAULT_LIMITS,
) -> RawTable:
    """Read one raw CSV or Excel file into a :class:`RawTable` of text.

    Args:
        path: The file. ``.csv``/``.txt`` are read as delimited text, ``.xlsx``/``.xlsm`` as Excel.
        sheet: Worksheet to read (Excel only); default the first sheet.
        expected_columns: Column names the caller expects; when given, the header is the first row
            containing at least half of them (ignoring case and whitespace).
        max_header_search: How many non-blank rows at the top of the file may hold the header.
        max_field_bytes: Largest CSV field accepted (counted in characters); a longer field is an
            error naming the row rather than a crash or a huge allocation downstream. Default
            ``limits.max_cell_chars``.
        select: Given the header names, the names of the columns to load; the others are checked for shape
            (cell counts) but their values are never turned into strings or kept. ``columns`` still lists
            the whole header. Default: every column.
        limits: The reader limits (:mod:`wres.ingest.limits`): rows, cells per row, cell size, table size, and
            an XLSX file's decompressed size and compression ratio, checked before it is parsed.

    Raises:
        DataError: The file was read but its content is unusable (no header, ragged rows, ...).
        WresError: The file is missing, of an unsupported type, or cannot be read at all.
        LimitError: The file is over one of the ``limits`` (a :class:`WresError`).
    """
    path = Path(path)
    if max_field_bytes is None:
        max_field_bytes = limits.max_cell_chars
    file = str(path)
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + EXCEL_SUFFIXES:
        supported = ", ".join(CSV_SUFFIXES + EXCEL_SUFFIXES)
        raise WresError(f"{file}: unsupported file type {path.suffix or '(none)'!r}; supported types are {supported}")
    check_regular_file(path)  # a FIFO or a device is refused before it is opened (issue 13)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise WresError(f"{file}: a sheet ({sheet!r}) was given but CSV files have no sheets")
        try:
            with open_regular(path) as handle:
                data = handle.read()
        except OSError as exc:
            raise WresError(f"{file}: cannot be read: {exc.strerror or exc}") from None
        return _read_csv_data(path, data, expected_columns, max_header_search, max_field_bytes, select, limits)
    sheet_name, records = _read_excel_records(path, sheet, limits)
    return _build_table(path, sheet_name, None, records, expected_columns, max_header_search, select, limits)


def _read_csv_data(
    path: Path,
    data: bytes,
    expected_columns: Sequence[str],
    max_header_search: int,
    max_field_bytes: int,
    select: Select | None,
    limits: ReaderLimits,
) -> RawTable:
    """A CSV file's bytes read as :func:`read_raw` reads them (a whole file, or a chunk: :func:`read_csv_chunks`)."""
    encoding, text = _decode(path, data)
    delimiter = _sniff_delimiter(text)
    utf8 = data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else text.encode("utf-8")
    del data
    fast = _read_csv_fast(
        path, utf8, encoding, delimiter, expected_columns, max_header_search, max_field_bytes, select, limits
    )
    if fast is not None:
        return fast
    del utf8
    records = _read_csv_records(path, text, delimiter, max_field_bytes, limits)
    records.unterminated = bool(text) and not text.endswith(("\n", "\r"))
    del text
    return _build_table(path, None, encoding, records, expected_columns, max_header_search, select, limits)


class NotChunkableError(Exception):
    """A CSV file that cannot be read in chunks with the same result as whole (not UTF-8 throughout, or a later
    chunk's header not the first's): the caller reads it whole (:func:`read_raw`)."""


def _cut(buffer: bytes, rows: int) -> int | None:
    """The end (exclusive) of the first ``rows`` lines of ``buffer``, moved on to the first line break outside a
    quoted value (an even number of quotes before it), or ``None`` when the buffer does not hold that many."""
    ends = np.flatnonzero(np.frombuffer(buffer, dtype=np.uint8) == 10)
    if len(ends) < rows:
        return None
    for end in ends[rows - 1 :].tolist():
        if buffer.count(b'"', 0, end) % 2 == 0:
            return int(end) + 1
    return None


def _shifted(exc: DataError, shift: int) -> DataError:
    """``exc`` with its rows numbered in the whole file (a chunk read after a copy of the header)."""
    problems = [
        Problem(p.file, p.row + shift if p.row is not None and p.row > 1 else p.row, p.column, p.value, p.problem)
        for p in exc.problems
    ]
    return DataError(problems, total=exc.total)


def _csv_parts(handle: IO[bytes], rows: int) -> Iterator[tuple[bytes, int]]:
    """The bytes of a CSV file in parts of about ``rows`` lines, each cut at a line break outside quoted values
    (:func:`_cut`), with the number of line breaks before it."""
    block = min(max(1 << 20, rows * 128), 1 << 26)
    buffer = b""
    eof = False
    lines_before = 0
    while buffer or not eof:
        cut = None if eof else _cut(buffer, rows)
        while cut is None and not eof:
            more = handle.read(block)
            eof = not more
            buffer += more
            cut = None if eof else _cut(buffer, rows)
        if cut is None:
            cut = len(buffer)
        part, buffer = buffer[:cut], buffer[cut:]
        yield part, lines_before
        lines_before += part.count(b"\n")


def read_csv_chunks(
    path: Path,
    *,
    rows: int,
    select: Select | None = None,
    limits: ReaderLimits = DEFAULT_LIMITS,
    expected_columns: Sequence[str] = (),
    max_header_search: int = 20,
) -> Iterator[RawTable]:
    """Read a CSV file as :func:`read_raw` does, in chunks of about ``rows`` lines (issue 18: a national extract
    read whole took gigabytes of text).

    The file is cut only at a line break outside quoted values. Each chunk after the first is read with a copy of
    the header line before it and its row numbers (``source_rows``, ``damaged``, the rows of any error) are those
    of the whole file; ``header_row`` and ``columns`` are the file's. The reader limits on rows and table size
    count the rows of every chunk so far. The next chunk is read and parsed in a thread while the caller works on
    the current one (Arrow's parser and the file's reads release the GIL, so both cores work).

    Raises:
        NotChunkableError: the file is not UTF-8 throughout, or a chunk's header does not read as the first's: read it
            whole instead (nothing read so far is valid for a whole read).
        DataError, WresError, LimitError: as :func:`read_raw`.
    """
    from concurrent.futures import ThreadPoolExecutor

    path = Path(path)
    check_regular_file(path)
    max_field_bytes = limits.max_cell_chars
    with contextlib.ExitStack() as stack:
        try:
            handle = stack.enter_context(open_regular(path))
        except OSError as exc:
            raise WresError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        parts = _csv_parts(handle, rows)
        part, _ = next(parts)
        first = _read_csv_data(path, part, expected_columns, max_header_search, max_field_bytes, select, limits)
        if first.encoding not in {"utf-8", "utf-8-sig"}:
            raise NotChunkableError(f"{path}: encoded {first.encoding}")
        start = part.startswith(b"\xef\xbb\xbf") * 3
        lines = part[start:].split(b"\n", first.header_row)
        if len(lines) <= first.header_row - 1:
            raise NotChunkableError(f"{path}: header not found in the first chunk")
        header = lines[first.header_row - 1] + b"\n"
        del part, lines

        def later() -> RawTable | None:
            """The next chunk, read after a copy of the header and numbered in the whole file (or ``None``)."""
            item = next(parts, None)
            if item is None:
                return None
            part, lines_before = item
            shift = lines_before - 1
            try:
                chunk = _read_csv_data(path, header + part, (), max_header_search, max_field_bytes, select, limits)
            except DataError as exc:
                raise _shifted(exc, shift) from None
            if chunk.encoding != "utf-8" or chunk.header_row != 1 or chunk.columns != first.columns:
                raise NotChunkableError(f"{path}: a chunk does not read like the first")
            return RawTable(
                path=path,
                sheet=None,
                header_row=first.header_row,
                columns=first.columns,
                frame=chunk.frame,
                source_rows=chunk.source_rows + shift,
                encoding=first.encoding,
                damaged=tuple((row + shift, cells) for row, cells in chunk.damaged),
                header_cells=first.header_cells,
            )

        pool = stack.enter_context(ThreadPoolExecutor(max_workers=1, thread_name_prefix="wres-csv-chunks"))
        raw: RawTable | None = first
        total = 0
        while raw is not None:
            upcoming = pool.submit(later)  # read and parse the next chunk while this one is mapped
            total += len(raw.frame) + len(raw.damaged)
            if total > limits.max_rows:
                raise too_many_rows(path, limits)
            check_table_size(path, total, len(raw.frame.columns), limits)
            yield raw
            raw = None
            raw = upcoming.result()


# --------------------------------------------------------------------------------------------- CSV


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-16 with BOM, UTF-8 with BOM, else strict UTF-8, else Windows-1252.

    A file that is mostly UTF-8 but holds a few bytes that are not (two encodings mixed, usually by copying
    between systems) is an error naming the line: reading it all as Windows-1252 would garble every accented
    letter.
    """
    for boms, codec, name in _BOMS:  # UTF-16 is Excel's "Unicode text" export
        if data.startswith(boms):
            try:
                return codec, data.decode(codec)
            except UnicodeDecodeError as exc:
                raise WresError(
                    f"{path}: starts with a {name} byte-order mark but is not valid {name} ({exc.reason})"
                ) from None
    wide = _wide_encoding(data)  # UTF-16 or UTF-32 without a byte-order mark: NULs in a regular pattern
    if wide is not None:
        codec, name = wide
        try:
            return codec, data.decode(codec)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
            why = f"looks like {name} text but is not valid {name} ({exc.reason}); save it again as UTF-8"
            raise DataError([Problem(str(path), line, None, None, why)]) from None
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    lenient = data.decode("utf-8", errors="replace")
    if _VALID_NON_ASCII.search(lenient):
        line = data.count(b"\n", 0, first_bad) + 1
        why = "mixes UTF-8 text with bytes that are not UTF-8 (two encodings in one file); save it again as UTF-8"
        raise DataError([Problem(str(path), line, None, None, why)])
    try:
        return "cp1252", data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [Problem(str(path), line, None, None, "text is neither UTF-8 nor Windows-1252 (cp1252) encoded")]
        ) from None


_WIDE_SAMPLE = 64 * 1024


def _wide_encoding(data: bytes) -> tuple[str, str] | None:
    """The codec and name of UTF-32 or UTF-16 text without a byte-order mark, else ``None``.

    Read from the NUL bytes of the first 64 KB: text of mostly Latin letters, digits and punctuation (any
    extract) has a NUL in every other byte in UTF-16 and three in every four in UTF-32, on the side that tells
    the byte order; UTF-8 and Windows-1252 text has none. A file is taken to be UTF-16 when at least 90% of the
    bytes on one side are NUL and under 10% on the other.
    """
    sample = data[:_WIDE_SAMPLE]
    if len(sample) < 4 or b"\x00" not in sample[:4096]:
        return None
    quads = np.frombuffer(sample[: len(sample) // 4 * 4], dtype=np.uint8).reshape(-1, 4)
    zero = quads == 0  # a code point is at most 0x10FFFF: its top byte is NUL, the next at most 0x10
    if zero[:, 3].all() and (quads[:, 2] <= 0x10).all() and zero[:, 1].mean() >= 0.9 and zero[:, 0].mean() < 0.1:
        return "utf-32-le", "UTF-32 (little-endian, without a byte-order mark)"
    if zero[:, 0].all() and (quads[:, 1] <= 0x10).all() and zero[:, 2].mean() >= 0.9 and zero[:, 3].mean() < 0.1:
        return "utf-32-be", "UTF-32 (big-endian, without a byte-order mark)"
    pairs = np.frombuffer(sample[: len(sample) // 2 * 2], dtype=np.uint8).reshape(-1, 2) == 0
    even, odd = pairs[:, 0].mean(), pairs[:, 1].mean()
    if odd >= 0.9 and even < 0.1:
        return "utf-16-le", "UTF-16 (little-endian, without a byte-order mark)"
    if even >= 0.9 and odd < 0.1:
        return "utf-16-be", "UTF-16 (big-endian, without a byte-order mark)"
    return None


def _sniff_delimiter(text: str) -> str:
    """Guess the delimiter (comma, semicolon or tab) from the first lines; comma when unsure."""
    lines = text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES]
    sample = "\n".join(lines)
    if not sample:
        return ","
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
        if found in _DELIMITERS:
            return found
    except Exception:  # the sniffer raises csv.Error, and is not proof against odd input
        pass
    # Sniffer gives up when title rows make the lines inconsistent: take the candidate with the
    # highest typical (modal) count among lines containing it.
    best, best_score = ",", 0
    for delim in _DELIMITERS:
        counts = [line.count(delim) for line in lines if delim in line]
        if counts:
            mode = max(set(counts), key=lambda c: (counts.count(c), c))
            score = mode * counts.count(mode)
            if score > best_score:
                best, best_score = delim, score
    return best


def _read_csv_records(
    path: Path, text: str, delimiter: str, max_field_bytes: int, limits: ReaderLimits = DEFAULT_LIMITS
) -> _Records:
    """Read the records of a CSV text with the line number each starts on (blank ones included).

    A record of more than ``limits.max_columns`` cells, or more than ``limits.max_rows`` records, is refused as it
    is met (:class:`~wres.ingest.limits.LimitError`).
    """
    file = str(path)
    max_columns, max_rows = limits.max_columns, limits.max_rows
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    ends: list[int] = []
    add_row = rows.append
    add_end = ends.append
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(1, max_field_bytes))
    try:
        # One list per row and one str per cell, none of them cyclic: without pausing the collector, it runs
        # again and again over the growing heap and reading takes about a third longer.
        with paused_gc():
            for row in reader:
                if len(row) > max_columns:
                    raise too_wide(path, (ends[-1] if ends else 0) + 1, len(row), limits)
                add_row(row)
                add_end(reader.line_num)
                if len(ends) > max_rows:
                    raise too_many_rows(path, limits)
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a value is longer than the limit of {max_field_bytes} characters"
        line = (ends[-1] if ends else 0) + 1
        raise DataError([Problem(file, line, None, None, f"cannot be read as CSV: {message}")]) from None
    finally:
        csv.field_size_limit(previous_limit)
    if ends:
        _check_final_quote(file, text, delimiter, ends)
    # A record starts on the line after the previous record ended (records may span lines).
    starts = np.empty(len(ends), dtype=np.int64)
    if ends:
        starts[0] = 1
        starts[1:] = np.asarray(ends[:-1], dtype=np.int64) + 1
    return _Records(rows, starts)


def _check_final_quote(file: str, text: str, delimiter: str, ends: list[int]) -> None:
    """Refuse a file that ends inside a quoted value (usually a truncated file), which ``csv`` reads silently."""
    start = (ends[-2] + 1) if len(ends) > 1 else 1  # line on which the last record starts
    lines = io.StringIO(text, newline="")
    for _ in range(start - 1):
        lines.readline()
    tail = lines.read()
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            problem = "the file ends inside a quoted value (is it truncated?)"
            raise DataError([Problem(file, start, None, None, problem)]) from None
    finally:
        csv.field_size_limit(previous_limit)


def _read_csv_fast(
    path: Path,
    data: bytes,
    encoding: str,
    delimiter: str,
    expected_columns: Sequence[str],
    max_header_search: int,
    max_field_bytes: int,
    select: Select | None = None,
    limits: ReaderLimits = DEFAULT_LIMITS,
) -> RawTable | None:
    """The usual case, read by Arrow's multi-threaded CSV parser; ``None`` when the file needs the full reader.

    Taken only when every record is one line (no line breaks inside quoted values, no stray carriage returns),
    the header is found among the first lines, every row has exactly the header's cells and no value is over
    the size limit. Anything else (and every error) goes to the general reader, which gives the same table
    for the files this path accepts (a test checks both paths agree) and the precise error otherwise.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if data.count(b"\r") != data.count(b"\r\n") or data[data.rfind(b"\n", 0, len(data) - 1) + 1 :].count(b'"') % 2:
        return None  # lone carriage returns, or a last line that may end inside a quoted value
    buf = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buf == 10)
    starts = np.concatenate(([0], newlines + 1)).astype(np.int64)
    ends = np.concatenate((newlines, [len(data)])).astype(np.int64)
    has_cr = (ends > starts) & (buf[np.maximum(ends - 1, 0)] == 13) if len(buf) else np.zeros(len(ends), dtype=bool)
    content_ends = ends - has_cr
    line_index = np.flatnonzero(content_ends > starts)  # non-empty lines (Arrow skips empty ones)
    if len(line_index) == 0:
        return None
    search = max(1, max_header_search)
    top: list[tuple[int, list[str]]] = []
    for i in line_index[: search + 50]:
        line = data[starts[i] : content_ends[i]].decode("utf-8")
        if line.count('"') % 2 or len(line) > _SNIFF_CHARS:
            return None  # a quoted value may span lines, or a huge line: leave it to the general reader
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if any(cells):
            top.append((int(i), cells))
        if len(top) == search:
            break
    if not top:
        return None
    found = find_header([cells for _, cells in top], expected_columns, max_header_search)
    if found is None:
        return None
    header_line, raw_header = top[found]
    width = len(raw_header)
    if width > limits.max_columns:
        return None  # the general reader refuses it, naming the row
    while width > 0 and not raw_header[width - 1].strip():
        width -= 1
    columns = [c.strip() for c in raw_header[:width]]
    if width == 0 or not all(columns) or len({_norm(c) for c in columns}) != width:
        return None
    body_lines = line_index[line_index > header_line]
    if len(line_index) > limits.max_rows:
        raise too_many_rows(path, limits)
    chosen = _chosen(columns, select)
    check_table_size(path, len(body_lines), len(chosen), limits)
    names = [f"c{i}" for i in range(len(raw_header))]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data[starts[header_line + 1] :] if header_line + 1 < len(starts) else b""),
            read_options=pacsv.ReadOptions(column_names=names, block_size=max(1 << 22, 2 * max_field_bytes)),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != len(body_lines):
        return None
    import pyarrow.compute as pc

    blank = np.ones(table.num_rows, dtype=bool)
    for position, name in enumerate(names):
        column = table.column(name)
        lengths = pc.binary_length(column)
        if table.num_rows and pc.max(lengths).as_py() > max_field_bytes:
            return None
        empty = pc.equal(lengths, 0).to_numpy(zero_copy_only=False)
        if position >= width and not empty.all():
            return None  # a value under an empty header cell: the general reader names the rows
        blank &= empty
    keep = ~blank
    table = table.select([names[i] for i in chosen])
    if not keep.all():
        table = table.filter(pa.array(keep))
    kept = [columns[i] for i in chosen]
    frame = pd.DataFrame(
        {name: table.column(i).to_pandas() for i, name in enumerate(kept)}, columns=pd.Index(kept, dtype=object)
    )
    return RawTable(
        path=path,
        sheet=None,
        header_row=header_line + 1,
        columns=tuple(columns),
        frame=frame,
        source_rows=(body_lines[keep] + 1).astype(np.int64),
        encoding=encoding,
        header_cells=len(raw_header),
    )


# ------------------------------------------------------------------------------------------- Excel


def cell_text(value: object) -> str:
    """Turn one Excel cell value into text.

    Dates become ``YYYY-MM-DD`` (``YYYY-MM-DD HH:MM:SS`` when the time is not midnight), integral
    numbers lose their ``.0``, booleans become ``TRUE``/``FALSE`` and an empty cell ``""``.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value)


def _excel_rows(
    rows: Iterable[tuple[Any, ...]], path: Path, sheet: str, limits: ReaderLimits = DEFAULT_LIMITS
) -> _Records:
    """Convert worksheet rows to text records, skipping blank rows; the limits are checked row by row.

    openpyxl yields one shared tuple for every missing row (a sheet whose only other row is row 1,000,000 yields
    a million of them): a row that is the same object as the last blank one is skipped without a look.

    A row wider than ``limits.max_columns`` whose cells beyond the data are all empty (openpyxl pads every row to
    the sheet's dimension, which one formatted but empty cell in column XFD stretches to 16,384 columns, as a row
    formatted whole in Excel does) is cut after its last value, and such rows are padded back to one width at the
    end; only a value beyond the limit is refused.
    """
    cells: list[list[str]] = []
    numbers: list[int] = []
    blank: object = None
    cut: list[int] = []  # indexes into ``cells`` of the rows cut after their last value
    max_columns, max_chars = limits.max_columns, limits.max_cell_chars
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise too_many_rows(path, limits, sheet)
        if row is blank:
            continue
        original = row
        if len(row) > max_columns:
            width = next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i] is not None and row[i] != ""), 0)
            if width > max_columns:
                raise too_wide(path, number, width, limits, excel=True)
            row = row[:width]
            if width:
                cut.append(len(cells))
        if any(v is not None and v != "" for v in row):
            text = [cell_text(v) for v in row]
            longest = max(map(len, text))
            if longest > max_chars:
                raise cell_too_long(path, number, longest, limits)
            cells.append(text)
            numbers.append(number)
        else:
            blank = original
    if cut:
        width = max(len(cells[i]) for i in cut)
        for i in cut:
            cells[i].extend([""] * (width - len(cells[i])))
    return _Records(cells, np.asarray(numbers, dtype=np.int64))


def _read_excel_records(path: Path, sheet: str | None, limits: ReaderLimits = DEFAULT_LIMITS) -> tuple[str, _Records]:
    """Read the non-blank rows of one worksheet with their row numbers.

    The zip's directory is checked against the limits before anything is decompressed or parsed
    (:func:`wres.ingest.limits.check_xlsx_archive`); rows, row width and cell size while the sheet is read.
    """
    with open_regular(path) as handle:  # one open file: the one checked is the one parsed
        check_xlsx_archive(path, limits, source=handle)
        handle.seek(0)
        return _read_workbook(handle, path, sheet, limits)


def _read_workbook(handle: IO[bytes], path: Path, sheet: str | None, limits: ReaderLimits) -> tuple[str, _Records]:
    """The worksheet's records from the open workbook file ``handle`` (see :func:`_read_excel_records`)."""
    import openpyxl  # imported here: only Excel imports pay for it

    file = str(path)
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and its XML parsers raise many kinds of error on bad files
        raise WresError(f"{file}: cannot be read as Excel: {_describe(exc)}") from None
    try:
        names = list(workbook.sheetnames)
        if sheet is None:
            if not names:
                raise WresError(f"{file}: the workbook has no sheets")
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            listed = ", ".join(repr(n) for n in names)
            raise WresError(f"{file}: no sheet named {sheet!r}; the sheets are {listed}")
        worksheet = workbook[name]
        try:
            records = _excel_rows(worksheet.iter_rows(values_only=True), path, name, limits)
        except WresError:
            raise
        except Exception as exc:  # corrupt sheet XML surfaces only while iterating
            raise WresError(f"{file}: cannot be read as Excel: {_describe(exc)}") from None
    finally:
        with contextlib.suppress(Exception):  # closing a half-read workbook must not mask the real error
            workbook.close()
    return name, records


def _describe(exc: BaseException) -> str:
    """One-line description of a library exception."""
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ------------------------------------------------------------------------------------------ header


def _norm(name: str) -> str:
    """Normalise a column name for matching: case-folded, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def find_header(
    rows: Sequence[Sequence[str]], expected_columns: Sequence[str] = (), max_header_search: int = 20
) -> int | None:
    """Return the index in ``rows`` of the header row, or ``None``.

    Only the first ``max_header_search`` rows are considered. With ``expected_columns``, the header
    is the first row containing at least half of them (ignoring case and whitespace). Otherwise it
    is the first row whose non-empty cells are all column names, none of them a value (a number, a date such
    as dd/mm/yyyy, or an id-like token such as ``E99887766``: :func:`wres.ingest.personal.looks_like_data`), and
    number at least 2 and at least 60% of the non-empty cells in the widest of those rows. So a data row is never
    taken for the header (issue 13: a file whose header row was missing had its first row, with a name, an NI
    number and a date of birth, printed as its column names).
    """
    top = rows[: max(0, max_header_search)]
    if not top:
        return None
    if expected_columns:
        wanted = {_norm(c) for c in expected_columns}
        for index, row in enumerate(top):
            found = wanted.intersection(_norm(c) for c in row)
            if 2 * len(found) >= len(wanted):
                return index
        return None
    filled = [[c for c in row if c.strip()] for row in top]
    widest = max(len(cells) for cells in filled)
    for index, cells in enumerate(filled):
        if len(cells) >= 2 and len(cells) >= 0.6 * widest and not any(looks_like_data(c) for c in cells):
            return index
    return None


# ------------------------------------------------------------------------------------------- table


def _build_table(
    path: Path,
    sheet: str | None,
    encoding: str | None,
    records: _Records,
    expected_columns: Sequence[str],
    max_header_search: int,
    select: Select | None = None,
    limits: ReaderLimits = DEFAULT_LIMITS,
) -> RawTable:
    """Find the header in ``records``, check the rows against it and build the frame.

    Only the selected columns are built (a short row's missing cells too): a table of more than
    ``limits.max_table_cells`` cells is refused before it is built.
    """
    file = str(path)
    rows, numbers = records.rows, records.numbers
    top: list[int] = []  # indices of the first non-blank rows, where the header may be
    for i, cells in enumerate(rows):
        if len(top) >= max(1, max_header_search):
            break
        if any(cells):
            top.append(i)
    if not top:
        where = f"sheet {sheet!r} is empty (choose the sheet with --sheet)" if sheet else "the file is empty"
        raise DataError([Problem(file, None, None, None, f"no data ({where})")])
    found = find_header([rows[i] for i in top], expected_columns, max_header_search)
    if found is None:
        if expected_columns:
            wanted = ", ".join(repr(c) for c in expected_columns)
            why = (
                f"no header row with at least half of the expected columns ({wanted}) "
                f"in the first {max_header_search} rows"
            )
        else:
            why = f"no header row (a row of column names) found in the first {max_header_search} rows"
        raise DataError([Problem(file, None, None, None, why)])
    index = top[found]
    header_row, raw_header = int(numbers[index]), rows[index]
    body = rows[index + 1 :]
    body_numbers = numbers[index + 1 :]

    # Drop trailing columns that are empty in the header; cells beyond the header must be empty.
    width = len(raw_header)
    while width > 0 and not raw_header[width - 1].strip():
        width -= 1
    columns = [c.strip() for c in raw_header[:width]]
    _check_header(file, header_row, columns)
    ncols = len(columns)
    if ncols == 0:
        raise DataError([Problem(file, header_row, None, None, "the header row has no column names")])

    with paused_gc():
        filled = [i for i in range(len(body) - 1, -1, -1) if any(body[i])][:1]
        if records.unterminated and filled and len(body[filled[0]]) < ncols:
            why = (
                f"the last row has {len(body[filled[0]])} of {ncols} cells and the file does not end with a line "
                "break: it looks truncated"
            )
            raise DataError([Problem(file, int(body_numbers[filled[0]]), None, None, why)])
        chosen = _chosen(columns, select)
        rectangular = all(len(cells) == ncols for cells in body)
        damaged: list[tuple[int, int]] = []
        if rectangular and all(map(any, body)):
            # Fast path: a rectangular file without blank rows (the usual case).
            kept, source = body, body_numbers.copy()
        else:
            delimited = encoding is not None  # CSV: a row's cells must match the header's (issue 13)
            header_cells = len(raw_header) if delimited else None
            kept, source, damaged = _normalise_rows(file, body, body_numbers, ncols, header_cells)
            rectangular = all(len(cells) == ncols for cells in kept)
        check_table_size(path, len(kept), len(chosen), limits)
        if rectangular:
            # One 2-D object block: far quicker than per-column lists, and keeps every value a str. Its cells are
            # the file's own, so it is no larger than the rows already read.
            values = np.empty((len(kept), ncols), dtype=object)
            if kept:
                values[:] = kept
            if len(chosen) < ncols:
                values = values[:, chosen]
        else:
            # Short rows: the selected columns only, a missing cell as "" (padding every row to the header's
            # width built cells the file does not hold: a 4 MB file of one-cell rows under a 200-column header
            # became 140 million cells).
            values = np.empty((len(kept), len(chosen)), dtype=object)
            if chosen and kept:
                get, reach = itemgetter(*chosen), max(chosen) + 1
                pad = [""] * reach
                picked = [get(c) if len(c) >= reach else get(c + pad[: reach - len(c)]) for c in kept]
                values[:] = [[p] for p in picked] if len(chosen) == 1 else picked
        names = [columns[i] for i in chosen]
        frame = pd.DataFrame(values, columns=pd.Index(names, dtype=object), dtype=object, copy=False)
    return RawTable(
        path=path,
        sheet=sheet,
        header_row=header_row,
        columns=tuple(columns),
        frame=frame,
        source_rows=source,
        encoding=encoding,
        damaged=tuple(damaged),
        header_cells=len(raw_header),
    )


def _normalise_rows(
    file: str, body: list[list[str]], numbers: npt.NDArray[np.int64], ncols: int, header_cells: int | None = None
) -> tuple[list[list[str]], npt.NDArray[np.int64], list[tuple[int, int]]]:
    """Skip blank rows; set aside damaged rows of delimited text; refuse other rows with values beyond the header.

    With ``header_cells`` (delimited text: the header line's cells, trailing empty ones included), a row of fewer
    than ``ncols`` cells, of more than ``header_cells``, or with a value beyond the ``ncols`` named columns is
    damaged: returned as ``(row number, cells)`` and not kept (issue 13); if no row fits, the header is wrong rather
    than the rows (a title row taken for it) and the file is refused naming the rows. Without it (Excel), short
    rows are kept as they are (their missing cells become ``""`` in the columns read: :func:`_build_table`) and a
    row with a value beyond the header refuses the file.
    """
    problems: list[Problem] = []
    total = 0
    keep: list[int] = []
    rows: list[list[str]] = []
    damaged: list[tuple[int, int]] = []
    for i, cells in enumerate(body):
        if not any(cells):
            continue
        n = len(cells)
        if header_cells is not None and (n < ncols or n > max(ncols, header_cells) or any(cells[ncols:])):
            damaged.append((int(numbers[i]), n))
            continue
        if n > ncols:
            if any(cells[ncols:]):
                total += 1
                if len(problems) < _MAX_PROBLEMS:
                    why = f"row has {n} cells but the header has {ncols} columns"
                    problems.append(Problem(file, int(numbers[i]), None, None, why))
                continue
            cells = cells[:ncols]
        keep.append(i)
        rows.append(cells)
    if damaged and not rows:  # no row fits the header: the header is wrong (a title row taken for it), not the rows
        problems = [
            Problem(file, row, None, None, f"row has {n} cells but the header has {header_cells} columns")
            for row, n in damaged[:_MAX_PROBLEMS]
        ]
        total = len(damaged)
    if problems:
        raise DataError(problems, total)
    return rows, numbers[np.asarray(keep, dtype=np.intp)], damaged


def _check_header(file: str, header_row: int, columns: list[str]) -> None:
    """Reject empty and duplicate (ignoring case) header names (the first :data:`_MAX_PROBLEMS` are listed)."""
    problems: list[Problem] = []
    total = 0
    seen: dict[str, str] = {}
    for position, name in enumerate(columns, start=1):
        if not name:
            total += 1
            if len(problems) < _MAX_PROBLEMS:
                problems.append(Problem(file, header_row, None, None, f"header cell {position} is empty"))
            continue
        key = _norm(name)
        if key in seen:
            total += 1
            if len(problems) < _MAX_PROBLEMS:
                shown = name if len(name) <= 60 else name[:59] + "…"
                why = f"duplicate column name (same as {seen[key][:60]!r})"
                problems.append(Problem(file, header_row, shown, None, why))
        else:
            seen[key] = name
    if problems:
        raise DataError(problems, total)
