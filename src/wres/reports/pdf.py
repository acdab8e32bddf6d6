"""The annual report as a tagged PDF (PDF/UA-1) rendered by WeasyPrint from the same HTML page.

The page's print styles give A4 pages, a running header and footer (the internal tier's notice on every page),
page numbers, and a page per indicator. WeasyPrint is given a URL fetcher that refuses every request except inline
``data:`` URLs: the report is self-contained, and a PDF must never depend on the network.
"""

from __future__ import annotations

from pathlib import Path

from wres.errors import WresError

__all__ = ["PDF_VARIANT", "write_pdf"]

PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str, target: Path) -> Path:
    """Render ``html`` to a PDF/UA-1 file at ``target`` and return the path."""
    import logging

    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
        from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # Pango missing: not a user's data problem, but say what to install
        raise WresError(f"cannot write the PDF: WeasyPrint is not usable here ({exc}); run `make setup`") from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols=["data"])  # inline data only: never the network or the file system
    document = HTML(string=html, url_fetcher=fetcher, base_url=str(target.parent.resolve()))
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_variant=PDF_VARIANT)
    return target
