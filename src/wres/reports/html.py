"""Render the annual report's content (:mod:`wres.reports.sections`) to one self-contained accessible HTML page.

Jinja2 templates live in ``wres/reports/templates/``; the stylesheet is inlined into the page and charts are
inline SVG, so the page makes no external request (it can be emailed, archived or opened offline). The tier and
disclosure policy are recorded in ``<meta>`` elements (``wres-tier``, ``wres-disclosure-policy``) and in the
visible appendix; the internal tier carries a banner at the top and bottom of the page and a running header and
footer on every printed page.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from wres.disclosure.policy import MARKER
from wres.reports.sections import Report, Section, iter_tables

__all__ = ["css_string", "render_html", "stylesheet"]


def css_string(value: Any) -> str:
    """Text for a CSS string literal in double quotes (backslash escapes; no line breaks)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return " ".join(text.split())


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


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    _number_tables(report.sections)
    suppressed = any(t.has_suppressed for t in iter_tables(report.sections))
    template = _environment().get_template("report.html.j2")
    html: str = template.render(report=report, css=stylesheet(), marker=MARKER, suppressed=suppressed)
    return html
