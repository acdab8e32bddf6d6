"""The annual report's content model: sections, paragraphs, tables and figures as plain objects.

:mod:`wres.reports.sections` builds a :class:`Report` from one tier's rows; :mod:`wres.reports.html` renders it.
This module imports nothing heavy (no pandas, no statistics), so a report can be handed to another process and
rendered there (:mod:`wres.reports.worker`) without that process importing the computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Block",
    "Cell",
    "Facts",
    "Figure",
    "Links",
    "Paragraphs",
    "Report",
    "Section",
    "Table",
    "iter_figures",
    "iter_tables",
]


@dataclass
class Cell:
    """One table cell. ``kind``: ``text``, ``count`` (a count: checked for disclosure), ``num`` or ``status``."""

    text: str
    kind: Literal["text", "count", "num", "status"] = "text"
    header: bool = False
    suppressed: bool = False


@dataclass
class Table:
    id: str
    caption: str
    head: list[str]
    rows: list[list[Cell]]
    note: str | None = None
    kind: Literal["table"] = "table"

    @property
    def has_suppressed(self) -> bool:
        return any(c.suppressed for r in self.rows for c in r)


@dataclass
class Figure:
    """A chart (inline SVG with its text alternative) and the data table beside it.

    ``chart`` is the chart's Vega-Lite specification until it is rendered to ``svg``
    (:func:`wres.reports.html.render_charts`).
    """

    id: str
    title: str
    description: str
    svg: str | None
    table: Table
    kind: Literal["figure"] = "figure"
    chart: dict[str, Any] | None = None


@dataclass
class Paragraphs:
    texts: list[str]
    style: Literal["plain", "sentences", "list", "notice", "footnote"] = "plain"
    kind: Literal["paragraphs"] = "paragraphs"


@dataclass
class Facts:
    """A definition list (term → description)."""

    items: list[tuple[str, str]]
    kind: Literal["facts"] = "facts"


@dataclass
class Links:
    """A list of labelled links (national sources)."""

    items: list[tuple[str, str]]
    kind: Literal["links"] = "links"


Block = Table | Figure | Paragraphs | Facts | Links


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block | Section] = field(default_factory=list)
    page_break: bool = False
    kind: Literal["section"] = "section"


@dataclass
class Report:
    """Everything the template needs. ``marker`` is what a suppressed cell shows (``[c]``)."""

    title: str
    org_code: str
    org_name: str
    year: int
    tier: str
    notice: str | None
    lede: str
    sections: list[Section]
    meta: dict[str, str]
    footnote: str | None
    footer: str
    running_header: str
    marker: str
    headline: str | None = None
    """The headline paragraph at the top of page 1 (:mod:`wres.reports.headline`)."""


def iter_tables(blocks: Iterable[Block | Section]) -> Iterable[Table]:
    """Every table in ``blocks`` (figures' data tables included), depth first."""
    for block in blocks:
        if isinstance(block, Section):
            yield from iter_tables(block.blocks)
        elif isinstance(block, Figure):
            yield block.table
        elif isinstance(block, Table):
            yield block


def iter_figures(blocks: Iterable[Block | Section]) -> Iterable[Figure]:
    """Every figure in ``blocks``, depth first."""
    for block in blocks:
        if isinstance(block, Section):
            yield from iter_figures(block.blocks)
        elif isinstance(block, Figure):
            yield block
