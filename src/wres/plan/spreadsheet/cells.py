"""The cells of the plan template's sheets, as read from a workbook or a folder of CSV files, within the reader
limits of :mod:`wres.ingest.limits`: a workbook's zip directory is checked before anything is parsed, then rows, row
width and cell size as each sheet is read; a CSV file's likewise. Rows keep the numbers a spreadsheet shows (a CSV
file's first line is row 1); blank rows are skipped; a CSV cell's spreadsheet escape is taken off."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wres.config import ReaderLimits
from wres.errors import Problem, WresError
from wres.ingest.limits import cell_too_long, check_xlsx_archive, open_regular, too_many_rows, too_wide
from wres.plan.spreadsheet.template import PLAN, README_FILE, README_SHEET, SHEETS
from wres.plan.spreadsheet.write import csv_unescape

__all__ = ["RawSheet", "blank", "csv_sheets", "norm", "xlsx_sheets"]


@dataclass
class RawSheet:
    """The cells of one sheet or CSV file, as read: its heading row and each non-blank row below, numbered as the
    user sees them."""

    where: str
    """How messages name it: ``plan.xlsx, sheet 'Actions'`` or the CSV file's path."""
    header_row: int
    header: list[object]
    rows: list[tuple[int, list[object]]]


def norm(text: str) -> str:
    """A heading or sheet name as matched: case-folded, spaces collapsed."""
    return " ".join(text.split()).casefold()


def blank(value: object) -> bool:
    """An empty cell, or one of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


# ------------------------------------------------------------------------------------------------ reading cells


def xlsx_sheets(path: Path, limits: ReaderLimits) -> tuple[dict[str, RawSheet], list[Problem]]:
    """The cells of each template sheet in the workbook at ``path`` (sheet name → cells; the README is not read),
    and the problems of the workbook as a whole (an unknown sheet, no Plan sheet). A file that cannot be read or is
    over the reader limits raises :class:`wres.errors.WresError`."""
    import openpyxl  # imported here: only reading a workbook pays for it

    file = str(path)
    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    with open_regular(path) as handle:
        check_xlsx_archive(path, limits, source=handle)
        handle.seek(0)
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl and its XML parsers raise many kinds of error on bad files
            raise WresError(f"{file}: cannot be read as Excel: {type(exc).__name__}: {exc}") from None
        try:
            known = {norm(s.name): s for s in SHEETS}
            for name in workbook.sheetnames:
                if norm(name) == norm(README_SHEET):
                    continue
                spec = known.get(norm(name))
                where = f"{file}, sheet {name!r}"
                if spec is None:
                    listed = ", ".join(repr(s.name) for s in SHEETS)
                    problems.append(
                        Problem(where, None, None, None, f"unknown sheet; the template's sheets are {listed}")
                    )
                    continue
                try:
                    raw = _sheet_rows(workbook[name].iter_rows(values_only=True), path, name, limits)
                except WresError:
                    raise
                except Exception as exc:  # corrupt sheet XML surfaces only while iterating
                    raise WresError(f"{file}: cannot be read as Excel: {type(exc).__name__}: {exc}") from None
                sheets[spec.name] = _raw_sheet(where, raw)
        finally:
            with contextlib.suppress(Exception):
                workbook.close()
    if PLAN.name not in sheets:
        problems.append(Problem(file, None, None, None, f"no sheet named {PLAN.name!r}"))
    return sheets, problems


def _sheet_rows(
    rows: Iterable[tuple[Any, ...]], path: Path, sheet: str, limits: ReaderLimits
) -> list[tuple[int, list[object]]]:
    """The non-blank rows of a worksheet with their numbers, trailing empty cells cut; the limits checked."""
    out: list[tuple[int, list[object]]] = []
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise too_many_rows(path, limits, sheet)
        width = next((i + 1 for i in range(len(row) - 1, -1, -1) if row[i] is not None and row[i] != ""), 0)
        if all(blank(c) for c in row[:width]):
            continue
        if width > limits.max_columns:
            raise too_wide(path, number, width, limits, excel=True)
        cells = list(row[:width])
        longest = max(len(c) if isinstance(c, str) else 0 for c in cells)
        if longest > limits.max_cell_chars:
            raise cell_too_long(path, number, longest, limits)
        out.append((number, cells))
    return out


def _raw_sheet(where: str, rows: list[tuple[int, list[object]]]) -> RawSheet:
    if not rows:
        return RawSheet(where, 1, [], [])
    (header_row, header), *body = rows
    return RawSheet(where, header_row, header, body)


def csv_sheets(folder: Path, limits: ReaderLimits) -> tuple[dict[str, RawSheet], list[Problem]]:
    """The cells of each template file in ``folder`` (:attr:`SheetSpec.file`, keyed by sheet name;
    ``README.csv`` is not read), and the problems of the folder as a whole (an unknown file, no plan.csv)."""
    if not folder.is_dir():
        raise WresError(f"{folder}: not a folder of the plan template's CSV files")
    known = {s.file.casefold(): s for s in SHEETS}
    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.casefold() != ".csv" or path.name.casefold() == README_FILE.casefold():
            continue
        spec = known.get(path.name.casefold())
        if spec is None:
            listed = ", ".join(s.file for s in SHEETS)
            problems.append(Problem(str(path), None, None, None, f"unknown file; the template's files are {listed}"))
            continue
        sheets[spec.name] = _raw_sheet(str(path), _csv_rows(path, limits))
    if PLAN.name not in sheets:
        problems.append(Problem(str(folder / PLAN.file), None, None, None, "file not found"))
    return sheets, problems


def _csv_rows(path: Path, limits: ReaderLimits) -> list[tuple[int, list[object]]]:
    """The non-blank records of a CSV file numbered as a spreadsheet shows them (the heading is row 1), each
    cell's spreadsheet escape taken off; the limits checked."""
    out: list[tuple[int, list[object]]] = []
    with open_regular(path) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        try:
            for number, record in enumerate(reader, start=1):
                if number > limits.max_rows:
                    raise too_many_rows(path, limits)
                if len(record) > limits.max_columns:
                    raise too_wide(path, number, len(record), limits)
                longest = max(map(len, record), default=0)
                if longest > limits.max_cell_chars:
                    raise cell_too_long(path, number, longest, limits)
                if any(not blank(c) for c in record):
                    out.append((number, [csv_unescape(c) for c in record]))
        except UnicodeDecodeError:
            raise WresError(f"{path}: not UTF-8 text; save it as CSV UTF-8") from None
        except csv.Error as exc:
            raise WresError(f"{path}, line {reader.line_num}: cannot be read as CSV: {exc}") from None
    return out
