"""The return workbook's file, written with XlsxWriter (ADR 0014) from the sheets of :func:`.layout.workbook_layout`.

Text is always written as text (``write_string``; the workbook's ``strings_to_formulas``, ``strings_to_numbers`` and
``strings_to_urls`` are off), so a name such as ``=HYPERLINK(…)`` is never a formula; numbers as numbers with their
number format; ``[c]`` as text, right-aligned. The file is deterministic: XlsxWriter stamps every part of the
package with a fixed time, and the document's creation time is the computation's ``computed_at``.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol
from xlsxwriter.worksheet import Worksheet

from wres.reports.figures import INTERNAL, MARKER
from wres.reports.workbook.model import EXCEL_TEXT_LIMIT, INPUT, Cell, Sheet

__all__ = ["write_sheets"]

_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters XML 1.0 cannot hold: dropped from text."""
HEADER: Final = {
    "bold": True,
    "bg_color": "#D9E1F2",
    "bottom": 1,
    "bottom_color": "#8EA9DB",
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
}
INPUT_LOOK: Final = {"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF", "text_wrap": True}
"""An empty cell for the trust to complete: pale yellow, outlined."""


class _Formats:
    """The cell formats, one XlsxWriter format per (look, number format)."""

    def __init__(self, wb: Workbook, tier: str) -> None:
        self.wb = wb
        self.looks: dict[str, dict[str, Any]] = {
            "title": {"bold": True, "font_size": 14},
            "tier": {"bold": True, "font_color": "#C00000" if tier == INTERNAL else "#1F4E79"},
            "note": {"italic": True, "font_color": "#595959"},
            "subtitle": {"italic": True, "font_color": "#595959"},
            "block": {"bold": True, "font_size": 12},
            "header": HEADER,
            "group": HEADER,
            "marker": {"align": "right"},
            INPUT: INPUT_LOOK,
            "plain": {},
        }
        self._made: dict[tuple[str, str | None], object] = {}

    def get(self, cell: Cell) -> Format | None:
        """The format of a cell: its role's look (the marker right-aligned) and, for a number, its number format."""
        value, role = cell.value, cell.role
        if role in _ROLE_LOOKS:
            key: tuple[str, str | None] = (role, None)
        elif value == MARKER:
            key = ("marker", None)
        elif value is None or type(value) is str or type(value) is bool:
            key = ("plain", None)
        else:
            key = ("plain", cell.fmt)
        made = self._made.get(key, _NOT_MADE)
        if made is _NOT_MADE:
            look, fmt = key
            props = dict(self.looks[look])
            if fmt:
                props["num_format"] = fmt
            made = self._made[key] = self.wb.add_format(props) if props else None
        return made if isinstance(made, Format) else None


_ROLE_LOOKS: Final = frozenset(("title", "tier", "note", "subtitle", "block", "header", "group", INPUT))
_NOT_MADE: Final = object()


def _text(value: str) -> str:
    value = value[:EXCEL_TEXT_LIMIT]
    return _ILLEGAL.sub("", value) if _ILLEGAL.search(value) else value


def _write(ws: Worksheet, r: int, c: int, cell: Cell, fmt: Format | None) -> None:
    value = cell.value
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, _text(str(value)), fmt)


def _sheet(wb: Workbook, sheet: Sheet, formats: _Formats) -> None:
    ws = wb.add_worksheet(sheet.name)
    merged: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in sheet.merges:
        first = sheet.cells[(r1, c1)]
        ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, _text(str(first.value)), formats.get(first))
        merged.add((r1, c1))
    for (r, c), cell in sorted(sheet.cells.items()):
        if (r, c) not in merged:
            _write(ws, r - 1, c - 1, cell, formats.get(cell))
    for col, width in sheet.widths.items():
        ws.set_column(col - 1, col - 1, width)
    ws.freeze_panes(sheet.freeze)
    if sheet.table is not None:
        name, ref = sheet.table
        first_row, first_col, last_row, last_col = _bounds(ref)
        header = formats.get(Cell("", role="header"))
        columns = [
            {"header": str(sheet.cells[(first_row + 1, c + 1)].value), "header_format": header}
            for c in range(first_col, last_col + 1)
        ]
        options = {"name": name, "columns": columns, "style": "Table Style Light 9", "banded_columns": False}
        ws.add_table(first_row, first_col, last_row, last_col, options)


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """An ``A5:K99`` range as zero-based first row, first column, last row, last column."""
    first, last = ref.split(":")
    return (*xl_cell_to_rowcol(first), *xl_cell_to_rowcol(last))


def _stamp(metadata: Mapping[str, Any]) -> datetime:
    """The document's creation time: the computation's ``computed_at`` when given (so the file is deterministic)."""
    text = metadata.get("computed_at")
    if isinstance(text, str):
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime(2000, 1, 1, tzinfo=UTC)


def write_sheets(sheets: list[Sheet], path: Path, *, title: str, tier: str, metadata: Mapping[str, Any]) -> Path:
    """Write ``sheets`` to the workbook ``path`` (its folder made when missing) and return the path."""
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "nan_inf_to_errors": False,
    }
    wb = Workbook(buffer, options)
    wb.set_properties({"title": title, "author": "wres", "created": _stamp(metadata)})
    formats = _Formats(wb, tier)
    for sheet in sheets:
        _sheet(wb, sheet, formats)
    wb.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path
