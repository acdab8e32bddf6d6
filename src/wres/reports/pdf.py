"""The annual report as a tagged PDF (PDF/UA-1) rendered by WeasyPrint from the same HTML page, in its print
edition (charts as SVG images with their titles as alternative text: :func:`wres.reports.html.render_html`).

The page's print styles give A4 pages, a running header and footer (the internal tier's notice on every page),
page numbers, a page per indicator, and tables laid out with fixed column widths. WeasyPrint is given a URL
fetcher that refuses every request except inline ``data:`` URLs: the report is self-contained, and a PDF must
never depend on the network.

WeasyPrint lays out a page as a great many short-lived Python objects: the cyclic garbage collector is paused
while it runs (:func:`wres.gc_pause.paused_gc`), which saves it about a tenth of its time. :func:`warm_up` imports
WeasyPrint and loads the report's fonts, for a process that will render a PDF later (:mod:`wres.reports.worker`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wres.errors import WresError
from wres.gc_pause import paused_gc

__all__ = ["PDF_VARIANT", "warm_up", "write_pdf"]

PDF_VARIANT = "pdf/ua-1"
WARM_UP_PAGE = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>wres</title><style>{css}</style></head><body>'
    "<h1>WRES</h1><p>Warm-up <strong>1.54</strong> <em>[c]</em> − ÷</p>"
    '<img alt="chart" width="20" height="10" src="{chart}">'
    '<table><caption>t</caption><colgroup><col style="--print-width: 100%"></colgroup>'
    "<thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></body></html>"
)
WARM_UP_CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    '<rect width="10" height="10"/><text x="12" y="8">a</text></svg>'
)
"""A chart image for the warm-up page, as the print edition holds charts (WeasyPrint's SVG code loaded too)."""


def _weasyprint() -> tuple[Any, Any]:
    """WeasyPrint's ``HTML`` and ``URLFetcher``, or a :class:`WresError` saying what to install."""
    import logging

    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
        from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # Pango missing: not a user's data problem, but say what to install
        raise WresError(f"cannot write the PDF: WeasyPrint is not usable here ({exc}); run `make setup`") from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML, URLFetcher


def render_pdf(html: str, base_url: str) -> bytes:
    """``html`` as PDF/UA-1 bytes (relative URLs resolved against ``base_url``; only ``data:`` URLs fetched)."""
    html_class, fetcher_class = _weasyprint()
    fetcher = fetcher_class(allowed_protocols=["data"])  # inline data only: never the network or the file system
    with paused_gc():
        document = html_class(string=html, url_fetcher=fetcher, base_url=base_url)
        pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def write_pdf(html: str, target: Path) -> Path:
    """Render ``html`` to a PDF/UA-1 file at ``target`` and return the path."""
    pdf = render_pdf(html, str(target.parent.resolve()))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return target


def warm_up() -> None:
    """Import WeasyPrint and render a small page in the report's styles with a chart image (fonts found and
    loaded), so that the first real PDF in this process starts at full speed."""
    from wres.reports.html import chart_image, stylesheet

    page = WARM_UP_PAGE.replace("{css}", stylesheet()).replace("{chart}", chart_image(WARM_UP_CHART)["src"])
    render_pdf(page, ".")
