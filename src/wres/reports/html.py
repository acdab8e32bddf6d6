"""Render the annual report's content (:mod:`wres.reports.content`) to one self-contained accessible HTML page.

Jinja2 templates live in ``wres/reports/templates/``; the stylesheet is inlined into the page and charts are
inline SVG, so the page makes no external request (it can be emailed, archived or opened offline). The tier and
disclosure policy are recorded in ``<meta>`` elements (``wres-tier``, ``wres-disclosure-policy``) and in the
visible appendix; the internal tier carries a banner at the top and bottom of the page and a running header and
footer on every printed page.

The PDF is laid out from the same page rendered as its **print edition** (``render_html(report,
print_edition=True)``): identical but for the charts, which are ``<img>`` elements holding the same SVG as a
``data:`` URL, with the chart's title as their ``alt`` (the PDF's Figure alternative text, as the inline SVG's
``<title>`` is on screen). WeasyPrint then reads each chart with its XML parser instead of walking every SVG node
through its HTML parser and style cascade: the PDF comes out pixel for pixel the same, about a sixth quicker.

Every table carries its print column widths (:func:`column_widths`, as the custom property ``--print-width`` on
its ``<col>`` elements, which only the print styles read): the PDF lays tables out with ``table-layout: fixed``,
which spares WeasyPrint measuring every cell's content first. This module imports only the content model and
Jinja2, so a report can be rendered in a process that never imports the computation
(:mod:`wres.reports.worker`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

from wres.reports.content import Figure, Report, Section, Table, iter_figures, iter_tables

__all__ = [
    "chart_image",
    "column_widths",
    "css_string",
    "page_template",
    "render_charts",
    "render_html",
    "stylesheet",
]

LINE: Final = 120
"""Characters of table text across a printed page (A4 at the print font size, less cell padding)."""
PADDING: Final = 2
"""A cell's padding, in characters."""


def css_string(value: Any) -> str:
    """Text for a CSS string literal in double quotes (backslash escapes; no line breaks)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return " ".join(text.split())


def column_widths(table: Table) -> list[int]:
    """Print widths of ``table``'s columns, in percent of the table (adding up to about 100).

    The automatic table layout of CSS, approximated in characters: each column needs at least its longest word
    and would like its longest text on one line; when the longest texts do not fit across the page, every
    column gets its longest word and the rest of the line is shared in proportion to how much more each would
    like.
    """
    least, most = [], []
    for i, head in enumerate(table.head):
        texts = [head, *(row[i].text for row in table.rows if i < len(row))]
        least.append(PADDING + max((len(word) for text in texts for word in text.split()), default=1))
        most.append(PADDING + max((len(text) for text in texts), default=1))
    widths = [float(w) for w in most]
    room, wanted = LINE - sum(least), sum(most) - sum(least)
    if sum(most) > LINE and wanted > 0:
        widths = [lo + max(room, 0) * (hi - lo) / wanted for lo, hi in zip(least, most, strict=True)]
    total = sum(widths) or 1.0
    return [max(1, round(100 * w / total)) for w in widths]


_SVG_ROOT: Final = re.compile(r"<svg\b[^>]*>")
_SIZE: Final = re.compile(r'\s(width|height)="([0-9.]+)"')


def chart_image(svg: str) -> dict[str, str]:
    """A rendered chart as an image for the print edition: ``src`` (a base64 ``data:`` URL of the SVG) and the
    ``width`` and ``height`` its root element gives (empty when it gives none)."""
    root = _SVG_ROOT.search(svg)
    size = dict(_SIZE.findall(root.group(0))) if root else {}
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"src": src, "width": size.get("width", ""), "height": size.get("height", "")}


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wres.reports", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["css_string"] = css_string
    env.globals["column_widths"] = column_widths
    env.globals["chart_image"] = chart_image
    return env


@cache
def stylesheet() -> str:
    """The report's stylesheet (inlined into every page)."""
    return resources.files("wres.reports").joinpath("templates/report.css").read_text(encoding="utf-8")


def _number_tables(sections: list[Section]) -> None:
    """Give every table without an id a unique one (ids are needed for captions and regions)."""
    seen: set[str] = set()
    n = 0
    for table in iter_tables(sections):
        if not table.id or table.id in seen:
            n += 1
            table.id = f"table-{n}"
            while table.id in seen:
                n += 1
                table.id = f"table-{n}"
        seen.add(table.id)


def render_charts(figures: Sequence[Figure]) -> None:
    """Render the chart of every figure still holding a specification to accessible inline SVG, all together
    (:func:`wres.reports.charts.to_svgs`)."""
    todo = [f for f in figures if f.chart is not None]
    if not todo:
        return
    from wres.reports.charts import accessible_svg, to_svgs

    svgs = to_svgs([f.chart for f in todo])
    for figure, svg in zip(todo, svgs, strict=True):
        figure.svg = accessible_svg(svg, uid=figure.id, title=figure.title, description=figure.description)
        figure.chart = None


@cache
def page_template() -> Any:
    """The page's Jinja2 template (compiled once per process)."""
    return _environment().get_template("report.html.j2")


def render_html(report: Report, *, print_edition: bool = False) -> str:
    """The report as one self-contained HTML page (charts still held as specifications are rendered first); with
    ``print_edition`` the page the PDF is laid out from (charts as images: see the module docstring)."""
    render_charts(list(iter_figures(report.sections)))
    _number_tables(report.sections)
    suppressed = any(t.has_suppressed for t in iter_tables(report.sections))
    html: str = page_template().render(
        report=report, css=stylesheet(), marker=report.marker, suppressed=suppressed, print_edition=print_edition
    )
    return html
