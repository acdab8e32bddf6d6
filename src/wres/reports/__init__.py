"""wres.reports: the annual WRES report (accessible HTML and PDF/UA), the return workbook and CSV of every figure.

* :mod:`~wres.reports.data` — what the report shows, computed once (:func:`gather`), and each tier's view of it
  (:func:`tier_view`: the public tier protected by :func:`wres.disclosure.protect` before anything is rendered);
* :mod:`~wres.reports.sentences` — the plain-English sentence of each result row;
* :mod:`~wres.reports.headline` — the headline paragraph at the top of page 1;
* :mod:`~wres.reports.sections` — the report's content (summary, a section per indicator, band profile, board,
  disaggregated groups, action plan, methods and data-quality appendix; one module per job) as the plain objects
  of :mod:`~wres.reports.content`;
* :mod:`~wres.reports.charts` — Vega-Lite charts rendered offline to accessible SVG with vl-convert;
* :mod:`~wres.reports.html` and :mod:`~wres.reports.pdf` — one self-contained HTML page (Jinja2 templates in
  ``templates/``) and its PDF/UA-1 rendering (WeasyPrint);
* :mod:`~wres.reports.workbook` and :mod:`~wres.reports.figures` — the return workbook and CSV;
* :mod:`~wres.reports.worker` — rendering a tier's charts, page and PDF in a helper process warmed up in advance;
* :mod:`~wres.reports.build` — all of it for one organisation and year (:func:`build_reports`; ``wres report``).

Heavy modules (vl-convert, WeasyPrint) are imported only when a report is rendered.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_reports"]


def __getattr__(name: str) -> Any:
    if name == "build_reports":
        from wres.reports.build import build_reports

        return build_reports
    raise AttributeError(f"module 'wres.reports' has no attribute {name!r}")
