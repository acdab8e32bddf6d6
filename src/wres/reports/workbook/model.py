"""The workbook as data: cells with their value, number format, source and role; sheets; the table builder.

Nothing here knows an indicator: the sheet modules (:mod:`.indicator1`, :mod:`.ratios`, :mod:`.survey`,
:mod:`.board`, :mod:`.overview`) lay their tables out with :class:`Builder`, and :mod:`.writer` writes the
result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

import pandas as pd

__all__ = [
    "ABSENT",
    "EMPTY",
    "EXCEL_TEXT_LIMIT",
    "FIRST_ROW",
    "FMT_COUNT",
    "FMT_PERCENT",
    "FMT_POINTS",
    "FMT_RATIO",
    "FMT_THREE",
    "FMT_YEAR",
    "GROUPS",
    "INPUT",
    "SHEET_NAMES",
    "Builder",
    "Cell",
    "Column",
    "Context",
    "Sheet",
    "Source",
    "Value",
    "column_letter",
    "key_cell",
    "number",
]

FMT_COUNT: Final = "#,##0"
FMT_PERCENT: Final = "0.0%"
FMT_RATIO: Final = "0.00"
FMT_POINTS: Final = "0.0"
FMT_THREE: Final = "0.000"
FMT_YEAR: Final = "0"

GROUPS: Final = ("White", "BME", "Unknown")
EXCEL_TEXT_LIMIT: Final = 32_767
FIRST_ROW: Final = 6
"""The first row of a sheet's content (rows 1–4: title, organisation, tier, footnote; row 5 empty)."""
SHEET_NAMES: Final = (
    "About",
    "Summary",
    "Indicator 1",
    "Indicator 2",
    "Indicator 3",
    "Indicator 4",
    "Indicators 5-8",
    "Indicator 9",
    "Results",
    "Counts",
    "Notes",
)
ABSENT: Final = "absent"
"""The table of a :class:`Source` that names a key no frame has a row for: nobody was counted, shown as 0."""
INPUT: Final = "input"
"""The role of an empty cell the trust fills in (the narrative and action columns)."""

Value = str | int | float | bool | None


# the layout model ---------------------------------------------------------------------------------------------


class Source(NamedTuple):
    """Where a figure comes from: a row of ``results`` or ``counts`` (its key columns) and a column, or an item
    of the metadata (``table = "metadata"``, key ``path``)."""

    table: str
    key: tuple[tuple[str, Any], ...]
    field: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.key)


class Cell(NamedTuple):
    """One cell: its value (a number, text, ``[c]``, a boolean or empty), number format, source and role
    (``title``, ``subtitle``, ``tier``, ``note``, ``block``, ``group``, ``header``, ``key``, ``label``,
    ``data``, ``input``: an empty cell for the trust to fill in)."""

    value: Value
    fmt: str | None = None
    source: Source | None = None
    role: str = "data"


EMPTY: Final = Cell(None)


@dataclass
class Sheet:
    """One sheet as data: cells by (row, column), 1-based; merged ranges; widths; frozen cell; Excel table."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: str = "A5"
    table: tuple[str, str] | None = None

    def put(self, row: int, col: int, cell: Cell) -> None:
        if cell.value is not None or cell.source is not None or cell.role == INPUT:
            self.cells[(row, col)] = cell


@dataclass(frozen=True)
class Context:
    """What every sheet states: organisation, year, tier, the tier statement and footnote, the metadata, and the
    configured non-adverse range of indicators 2–4."""

    org_code: str
    year: int
    tier: str
    statement: str
    footnote: str
    metadata: Mapping[str, Any]

    low: float
    high: float


def number(value: Any) -> Value:
    """A frame value as a cell value: whole floats as int, NaN as None, text (the marker) as is."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, int | bool):
        return value
    return str(value)


def norm(column: str, value: Any) -> Any:
    """A key value as compared: the year as int, the headline flag as bool, anything else as text."""
    if column == "year":
        return int(value)
    if column == "headline":
        return bool(value)
    return str(value)


Column = tuple[str, str]
"""(upper header, lower header); consecutive equal upper headers are merged."""


class Builder:
    """Writes a sheet's heading and its tables top to bottom."""

    def __init__(self, name: str, title: str, ctx: Context) -> None:
        self.sheet = Sheet(name)
        self.ctx = ctx
        put = self.sheet.put
        put(1, 1, Cell(title, role="title"))
        put(2, 1, Cell(f"Organisation {ctx.org_code} · WRES year {ctx.year}", role="subtitle"))
        put(3, 1, Cell(ctx.statement, role="tier"))
        put(4, 1, Cell(ctx.footnote, role="note"))
        self.row = FIRST_ROW

    def text(self, text: str, role: str = "note") -> None:
        self.sheet.put(self.row, 1, Cell(text, role=role))
        self.row += 1

    def table(self, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
        """A titled table: the title, the two header rows, the rows, an empty row."""
        if not rows:
            return
        put = self.sheet.put
        put(self.row, 1, Cell(title, role="block"))
        upper, lower = self.row + 1, self.row + 2
        start = 0
        for i in range(len(columns) + 1):
            if i == len(columns) or columns[i][0] != columns[start][0]:
                label = columns[start][0]
                if label:
                    put(upper, start + 1, Cell(label, role="group"))
                    if i - start > 1:
                        self.sheet.merges.append((upper, start + 1, upper, i))
                start = i
        for j, (_, label) in enumerate(columns):
            put(lower, j + 1, Cell(label, role="header"))
        r = lower + 1
        for cells in rows:
            for j, cell in enumerate(cells):
                put(r, j + 1, cell)
            r += 1
        self.row = r + 1


def column_letter(col: int) -> str:
    """The letters of a 1-based column number: 1 → ``A``, 27 → ``AA``."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def key_cell(value: Value) -> Cell:
    return Cell(value, FMT_YEAR if isinstance(value, int) else None, role="key")
