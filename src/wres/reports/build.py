"""The annual report set of one organisation and WRES year: HTML and PDF report, return workbook, CSV of every figure.

>>> from wres.store import Store
>>> from wres.reports import build_reports
>>> with Store("wres-data/wres.duckdb", read_only=True) as st:          # doctest: +SKIP
...     outputs = build_reports(st, 2024, out=Path("out"), tiers=("public", "internal"))

The indicators are computed once (:func:`wres.reports.data.gather`); each tier then gets its own view (the public
tier protected by :func:`wres.disclosure.protect` before anything is rendered) and its own files, named
``wres-report-{year}-{org}-{tier}.html`` / ``.pdf``, ``wres-return-{year}-{org}-{tier}.xlsx`` and the folder
``wres-figures-{year}-{org}-{tier}/``. The workbook and CSV come from :mod:`wres.reports.workbook` and
:mod:`wres.reports.figures`, called with the tier's own (public or internal) counts and results.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.errors import WresError
from wres.reports.data import TIERS, ReportData, TierView, gather, tier_view
from wres.store import Store

__all__ = ["ReportOutputs", "build_reports", "output_names", "write_tier"]

WorkbookWriter = Callable[..., Path]
FiguresWriter = Callable[..., list[Path]]


@dataclass
class ReportOutputs:
    """The files written for one tier, with the time each step took (seconds)."""

    tier: str
    org_code: str
    year: int
    html: Path
    pdf: Path | None = None
    workbook: Path | None = None
    csv: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        out = [self.html]
        if self.pdf is not None:
            out.append(self.pdf)
        if self.workbook is not None:
            out.append(self.workbook)
        return [*out, *self.csv]


def output_names(org: str, year: int, tier: str) -> dict[str, str]:
    """File and folder names of one tier's outputs."""
    stem = f"{year}-{org}-{tier}"
    return {
        "html": f"wres-report-{stem}.html",
        "pdf": f"wres-report-{stem}.pdf",
        "workbook": f"wres-return-{stem}.xlsx",
        "csv": f"wres-figures-{stem}",
    }


def _writers() -> tuple[WorkbookWriter, FiguresWriter] | None:
    """The return workbook and CSV writers, imported when first needed; None when this build lacks them."""
    try:
        from wres.reports.figures import write_figures_csv
        from wres.reports.workbook import write_return_workbook
    except ModuleNotFoundError as exc:
        if exc.name in ("wres.reports.workbook", "wres.reports.figures"):
            return None
        raise
    return write_return_workbook, write_figures_csv


def _metadata(data: ReportData, view: TierView) -> dict[str, Any]:
    return {
        **data.metadata,
        "tier": view.tier,
        "disclosure": view.disclosure,
        "organisation": {"org_code": data.org_code, "org_name": data.org_name},
        "year": data.year,
        "years": list(data.years),
        "grouping": data.grouping,
    }


def write_tier(
    data: ReportData,
    tier: str,
    out: Path,
    *,
    pdf: bool = True,
    workbook: bool = True,
    charts: bool = True,
    public_groups: bool = False,
    view: TierView | None = None,
) -> ReportOutputs:
    """Write one tier's report set for ``data`` into ``out`` (created if needed).

    ``public_groups`` publishes the disaggregated groups in the public tier too (see
    :func:`wres.reports.data.tier_view`); ``view`` reuses a view already made.
    """
    from wres.reports.html import render_html
    from wres.reports.sections import build_report

    timings: dict[str, float] = {}
    start = time.perf_counter()
    if view is None:
        view = tier_view(data, tier, public_groups=public_groups)
    timings["view"] = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    names = output_names(data.org_code, data.year, view.tier)
    start = time.perf_counter()
    report = build_report(data, view, charts=charts)
    timings["content_and_charts"] = time.perf_counter() - start
    start = time.perf_counter()
    html = render_html(report)
    html_path = out / names["html"]
    html_path.write_text(html, encoding="utf-8")
    timings["html"] = time.perf_counter() - start
    outputs = ReportOutputs(view.tier, data.org_code, data.year, html_path, timings=timings)
    if pdf:
        from wres.reports.pdf import write_pdf

        start = time.perf_counter()
        outputs.pdf = write_pdf(html, out / names["pdf"])
        timings["pdf"] = time.perf_counter() - start
    if workbook:
        writers = _writers()
        if writers is None:
            outputs.notes.append("the return workbook and CSV writers are not part of this build; skipped")
        else:
            write_workbook, write_csv = writers
            results, counts = view.results, view.counts  # every year computed: the return shows last year too
            meta = _metadata(data, view)
            common: dict[str, Any] = {"org_code": data.org_code, "year": data.year, "tier": view.tier, "metadata": meta}
            start = time.perf_counter()
            outputs.workbook = write_workbook(results, counts, out / names["workbook"], **common)
            timings["workbook"] = time.perf_counter() - start
            start = time.perf_counter()
            outputs.csv = list(write_csv(results, counts, out / names["csv"], **common))
            timings["csv"] = time.perf_counter() - start
    return outputs


def _pdf_pool(n_tiers: int) -> ProcessPoolExecutor | None:
    """A process to render all but the last tier's PDF while this one carries on (WeasyPrint is pure Python, so
    the PDFs of two tiers only overlap in separate processes). None when there is one tier or one CPU."""
    if n_tiers < 2 or (os.cpu_count() or 1) < 2 or os.environ.get("WRES_SERIAL_PDF"):
        return None
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        pool.submit(warm_up_pdf)  # start the process and import WeasyPrint while the indicators are computed
    except (OSError, RuntimeError):
        return None
    return pool


def build_reports(
    store: Store,
    year: int,
    org: str | None = None,
    *,
    out: Path,
    tiers: Sequence[str] = ("public",),
    config: WresConfig = DEFAULT_CONFIG,
    groups: str = "ethnicity5",
    pdf: bool = True,
    workbook: bool = True,
    public_groups: bool = False,
) -> list[ReportOutputs]:
    """Compute once and write each tier's report set; see the module docstring.

    With several tiers, the PDFs of all but the last are rendered in a second process while the main process
    writes the next tier (set ``WRES_SERIAL_PDF=1`` to render them in this process).
    """
    unknown = [t for t in tiers if t not in TIERS]
    if unknown:
        raise WresError(f"--tier must be one of {', '.join(TIERS)}, not {unknown[0]!r}")
    wanted = list(dict.fromkeys(tiers))
    pool = _pdf_pool(len(wanted)) if pdf else None
    try:
        start = time.perf_counter()
        disaggregate = "internal" in wanted or public_groups
        data = gather(store, year, org, config=config, groups=groups, disaggregate=disaggregate)
        compute_time = time.perf_counter() - start
        outputs: list[ReportOutputs] = []
        pending: list[tuple[ReportOutputs, Future[Path], float]] = []
        for i, tier in enumerate(wanted):
            offload = pool is not None and i < len(wanted) - 1
            result = write_tier(
                data, tier, out, pdf=pdf and not offload, workbook=workbook, public_groups=public_groups
            )
            if offload and pool is not None:
                target = out / output_names(data.org_code, data.year, result.tier)["pdf"]
                html = result.html.read_text(encoding="utf-8")
                pending.append((result, pool.submit(write_pdf_file, html, target), time.perf_counter()))
            result.timings = {"compute": compute_time, **result.timings}
            compute_time = 0.0
            outputs.append(result)
        for result, future, submitted in pending:
            try:
                result.pdf = future.result()
            except BrokenProcessPool:  # the helper process died: render here instead
                from wres.reports.pdf import write_pdf

                target = out / output_names(data.org_code, data.year, result.tier)["pdf"]
                result.pdf = write_pdf(result.html.read_text(encoding="utf-8"), target)
            result.timings["pdf (second process)"] = time.perf_counter() - submitted
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return outputs


def warm_up_pdf() -> None:
    """Import WeasyPrint in a helper process (run there before its first PDF)."""
    import weasyprint  # type: ignore[import-untyped]  # noqa: F401


def write_pdf_file(html: str, target: Path) -> Path:
    """:func:`wres.reports.pdf.write_pdf` in a helper process (a module-level function, so it can be pickled)."""
    from wres.reports.pdf import write_pdf

    return write_pdf(html, target)
