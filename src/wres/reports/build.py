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

:func:`build_reports` renders each tier's charts, page and PDF in a helper process started before the indicators
are computed (:mod:`wres.reports.worker`), and writes the workbook and CSV meanwhile; :func:`write_tier` does all
of one tier in the calling process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.errors import WresError
from wres.reports.data import TIERS, PlanContext, ReportData, TierView, check_request, gather, tier_view
from wres.reports.worker import Rendered, Renderer, RenderJob, helper_count, render_files
from wres.store import Store

__all__ = ["ReportOutputs", "build_reports", "output_names", "write_tier"]

WorkbookWriter = Callable[..., Path]
FiguresWriter = Callable[..., list[Path]]


@dataclass
class ReportOutputs:
    """The files written for one tier, with the time each step took (seconds; steps done in a helper process
    overlap the others)."""

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


@dataclass
class _Tier:
    """One tier's view, its content to render (``job``), and the outputs it will have."""

    view: TierView
    outputs: ReportOutputs
    job: RenderJob


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


def _prepare(
    data: ReportData,
    tier: str,
    out: Path,
    *,
    pdf: bool,
    charts: bool,
    public_groups: bool,
    view: TierView | None,
) -> _Tier:
    """One tier's view (unless given) and content, its charts left as specifications for the renderer."""
    from wres.reports.sections import build_report

    timings: dict[str, float] = {}
    start = time.perf_counter()
    if view is None:
        view = tier_view(data, tier, public_groups=public_groups)
    timings["view"] = time.perf_counter() - start
    start = time.perf_counter()
    report = build_report(data, view, charts=charts, render_charts=False)
    timings["content"] = time.perf_counter() - start
    names = output_names(data.org_code, data.year, view.tier)
    outputs = ReportOutputs(view.tier, data.org_code, data.year, out / names["html"], timings=timings)
    job = RenderJob(report, outputs.html, out / names["pdf"] if pdf else None)
    return _Tier(view, outputs, job)


def _write_tables(data: ReportData, tier: _Tier, out: Path) -> None:
    """The tier's return workbook and CSV (every year computed: the return shows last year too)."""
    outputs, view = tier.outputs, tier.view
    writers = _writers()
    if writers is None:
        outputs.notes.append("the return workbook and CSV writers are not part of this build; skipped")
        return
    write_workbook, write_csv = writers
    names = output_names(data.org_code, data.year, view.tier)
    common: dict[str, Any] = {
        "org_code": data.org_code,
        "year": data.year,
        "tier": view.tier,
        "metadata": _metadata(data, view),
    }
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    outputs.workbook = write_workbook(view.results, view.counts, out / names["workbook"], **common)
    outputs.timings["workbook"] = time.perf_counter() - start
    start = time.perf_counter()
    outputs.csv = list(write_csv(view.results, view.counts, out / names["csv"], **common))
    outputs.timings["csv"] = time.perf_counter() - start


def _finish(tier: _Tier, rendered: Rendered) -> ReportOutputs:
    outputs = tier.outputs
    outputs.html, outputs.pdf = rendered.html, rendered.pdf
    outputs.timings.update(rendered.timings)
    return outputs


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
    """Write one tier's report set for ``data`` into ``out`` (created if needed), all in this process.

    ``public_groups`` publishes the disaggregated groups in the public tier too (see
    :func:`wres.reports.data.tier_view`); ``view`` reuses a view already made.
    """
    prepared = _prepare(data, tier, out, pdf=pdf, charts=charts, public_groups=public_groups, view=view)
    outputs = _finish(prepared, render_files(prepared.job))
    if workbook:
        _write_tables(data, prepared, out)
    return outputs


@contextmanager
def _renderers(n: int, *, pdf: bool) -> Iterator[list[Renderer]]:
    """``n`` helper processes, warming up from now on (fewer, or none, when no process can be started: those
    tiers are rendered here). They are stopped on leaving: politely after success, at once after an error."""
    with ExitStack() as stack:
        helpers: list[Renderer] = []
        try:
            for _ in range(n):
                helpers.append(stack.enter_context(Renderer(pdf=pdf)))
        except OSError:
            pass
        yield helpers


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
    plan: PlanContext | None = None,
) -> list[ReportOutputs]:
    """Compute once and write each tier's report set; see the module docstring. ``plan``: the organisation's race
    equality plan (:mod:`wres.reports.sections.plan`), when one is recorded.

    Tiers are rendered (charts, page, PDF) by helper processes (:class:`~wres.reports.worker.Renderer`, started
    before the computation so that they are warm when the content is ready) while this process writes the
    workbooks and CSV: every tier when this process has not rendered a report yet, all but the last when it has
    (:func:`~wres.reports.worker.helper_count`); set ``WRES_SERIAL_REPORTS=1`` to do everything in this process.
    """
    unknown = [t for t in tiers if t not in TIERS]
    if unknown:
        raise WresError(f"--tier must be one of {', '.join(TIERS)}, not {unknown[0]!r}")
    wanted = list(dict.fromkeys(tiers))
    org, _ = check_request(store, year, org, groups)  # a bad request fails before any helper starts
    with _renderers(helper_count(len(wanted), pdf=pdf), pdf=pdf) as helpers:
        start = time.perf_counter()
        disaggregate = "internal" in wanted or public_groups
        data = gather(store, year, org, config=config, groups=groups, disaggregate=disaggregate)
        data.plan = plan
        compute = time.perf_counter() - start
        outputs = _write_tiers(data, wanted, out, helpers, pdf=pdf, workbook=workbook, public_groups=public_groups)
    outputs[0].timings = {"compute": compute, **outputs[0].timings}
    return outputs


def _write_tiers(
    data: ReportData,
    tiers: list[str],
    out: Path,
    helpers: list[Renderer],
    *,
    pdf: bool,
    workbook: bool,
    public_groups: bool,
) -> list[ReportOutputs]:
    """Each tier's content to its helper as soon as it is ready (tiers without a helper are rendered here), and
    the workbooks and CSV meanwhile."""
    prepared: list[tuple[_Tier, Renderer | None]] = []
    for i, tier in enumerate(tiers):
        item = _prepare(data, tier, out, pdf=pdf, charts=True, public_groups=public_groups, view=None)
        helper = helpers[i] if i < len(helpers) else None
        if helper is not None:
            helper.submit(item.job)
        else:
            _finish(item, render_files(item.job))
        if workbook:
            _write_tables(data, item, out)
        prepared.append((item, helper))
    outputs = []
    for item, helper in prepared:
        if helper is not None:
            start = time.perf_counter()
            rendered = helper.result()
            item.outputs.timings["waiting_for_helper"] = time.perf_counter() - start
            _finish(item, rendered)
        outputs.append(item.outputs)
    return outputs
