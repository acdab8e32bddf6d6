"""Render a tier's report files (charts, HTML page, PDF) in a helper process, warmed up in advance.

Writing a report set is a chain: compute the indicators, protect the public tier, build the content, render the
charts and the page, lay out the PDF. Only the rendering needs vl-convert's JavaScript engine and WeasyPrint,
whose start (imports, fonts) costs about a second and a half. So :func:`wres.reports.build.build_reports` starts a
:class:`Renderer` per tier (:func:`helper_count`) before computing: a *spawned* process (never forked: the parent
holds DuckDB threads) that imports only the content model (:mod:`wres.reports.content`), starts vl-convert and
WeasyPrint while the parent computes, and waits. When a tier's content is ready it is sent over a pipe
(:class:`RenderJob`), and the helper renders and writes the HTML page and the PDF (:func:`render_files`) while the
parent writes the return workbook and CSV, or the next tier. A process that has rendered a report before is warm
already: it renders one tier itself (:func:`rendering_is_warm`).

Failures never hang the parent and never print a traceback at a user: an error a user can act on
(:class:`~wres.errors.WresError`, say WeasyPrint missing) is raised again in the parent as it was; any other
exception in the helper is raised in the parent as :class:`RenderError` with the helper's traceback as its cause
(shown with ``WRES_DEBUG=1``); a helper that dies is reported as a :class:`~wres.errors.WresError` naming its
exit code. Set ``WRES_SERIAL_REPORTS=1`` to render everything in the calling process instead.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from wres.errors import WresError
from wres.reports.content import Report

__all__ = [
    "SERIAL_ENV",
    "RenderError",
    "RenderJob",
    "Rendered",
    "Renderer",
    "helper_count",
    "render_files",
    "rendering_is_warm",
    "warm_up",
]

SERIAL_ENV: Final = "WRES_SERIAL_REPORTS"
POLL_SECONDS: Final = 0.05
"""How often a waiting parent checks that its helper is still alive."""
STOP_SECONDS: Final = 10.0
"""How long a helper is given to finish after it is asked to stop, before it is terminated."""

Reply = tuple[Literal["ok", "user", "bug"], Any]


class RenderError(RuntimeError):
    """An unexpected error (a bug) while rendering in the helper process; its cause holds the helper's
    traceback."""


class RemoteTracebackError(Exception):
    """The helper process's traceback, as text (the cause of a :class:`RenderError`)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass
class RenderJob:
    """One tier's report to render: its content, where the page goes and where the PDF goes (None: no PDF)."""

    report: Report
    html: Path
    pdf: Path | None


@dataclass
class Rendered:
    """The files a job wrote, and the time each step took (seconds)."""

    html: Path
    pdf: Path | None
    timings: dict[str, float] = field(default_factory=dict)


def render_files(job: RenderJob) -> Rendered:
    """Render the charts and the page of ``job`` and write the HTML file, then the PDF from the page's print edition
    (in any process)."""
    from wres.reports.html import render_html

    timings: dict[str, float] = {}
    start = time.perf_counter()
    html = render_html(job.report)
    job.html.parent.mkdir(parents=True, exist_ok=True)
    job.html.write_text(html, encoding="utf-8")
    timings["charts_and_html"] = time.perf_counter() - start
    if job.pdf is not None:
        from wres.reports.pdf import write_pdf

        start = time.perf_counter()
        write_pdf(render_html(job.report, print_edition=True), job.pdf)
        timings["pdf"] = time.perf_counter() - start
    return Rendered(job.html, job.pdf, timings)


def rendering_is_warm(*, pdf: bool) -> bool:
    """Whether this process has rendered a report before (WeasyPrint, or vl-convert without PDFs, loaded): then
    it renders at full speed itself, and a helper would only add its own start-up to the work."""
    return ("weasyprint" if pdf else "vl_convert") in sys.modules


def helper_count(tiers: int, *, pdf: bool) -> int:
    """How many of ``tiers`` tiers to render in helper processes: none on one CPU or when ``WRES_SERIAL_REPORTS``
    is set; all of them while this process's rendering is cold (a fresh ``wres report``); all but one when it is
    warm (that one is rendered here, alongside the helpers)."""
    if (os.cpu_count() or 1) < 2 or os.environ.get(SERIAL_ENV):
        return 0
    return tiers - 1 if rendering_is_warm(pdf=pdf) else tiers


class Renderer:
    """A helper process that warms up at once, then renders the jobs sent to it, one at a time, in order.

    >>> with Renderer(pdf=True) as renderer:           # doctest: +SKIP
    ...     renderer.submit(RenderJob(report, Path("r.html"), Path("r.pdf")))
    ...     rendered = renderer.result()
    """

    def __init__(self, *, pdf: bool = True) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe(duplex=True)
        self._process = context.Process(target=_serve, args=(child, pdf), name="wres-report-renderer", daemon=True)
        self._process.start()
        child.close()  # the parent keeps one end only, so a dead helper reads as end of file
        self._waiting = 0

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.abort()

    def submit(self, job: RenderJob) -> None:
        """Send ``job`` to the helper (it is rendered after the jobs sent before it)."""
        try:
            self._conn.send(job)
        except (EOFError, OSError):
            raise self._died() from None
        self._waiting += 1

    def result(self) -> Rendered:
        """Wait for the next job's files; raise what the helper raised, or say that it died."""
        if self._waiting == 0:
            raise RuntimeError("no job is waiting for its result")
        reply = self._receive()
        self._waiting -= 1
        kind, payload = reply
        if kind == "ok":
            assert isinstance(payload, Rendered)
            return payload
        if kind == "user":
            raise WresError(str(payload))
        summary, trace = payload
        error = RenderError(f"rendering the report failed in the helper process: {summary}")
        raise error from RemoteTracebackError(trace)

    def close(self) -> None:
        """Ask the helper to stop, and wait for it (terminate it if it does not stop in time)."""
        with contextlib.suppress(OSError, EOFError):  # already gone
            self._conn.send(None)
        self._process.join(STOP_SECONDS)
        self.abort()

    def abort(self) -> None:
        """Stop the helper now (on an error: whatever it was doing is not wanted)."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(STOP_SECONDS)
        self._conn.close()

    def _receive(self) -> Reply:
        while not self._conn.poll(POLL_SECONDS):
            if not self._process.is_alive() and not self._conn.poll(0):
                raise self._died()
        try:
            reply: Reply = self._conn.recv()
        except (EOFError, OSError):
            raise self._died() from None
        return reply

    def _died(self) -> WresError:
        self._process.join(1.0)
        code = self._process.exitcode
        return WresError(
            f"the helper process rendering the report stopped unexpectedly (exit code {code}); "
            f"set {SERIAL_ENV}=1 to render in this process"
        )


def warm_up(pdf: bool = True) -> None:
    """Start vl-convert's engine, compile the page template and, when PDFs are wanted, import WeasyPrint and load
    the report's fonts (about a second and a half, once per process): the helper does it while the parent
    computes, and the dashboard's server when it starts, so that a report is never the first thing rendered."""
    from wres.reports import charts, html

    charts.warm_up()
    html.page_template()
    if pdf:
        from wres.reports.pdf import warm_up

        warm_up()


def _serve(conn: Any, pdf: bool) -> None:
    """The helper's loop: warm up, then render each job received until told to stop (None) or the parent goes.
    Interrupts (Ctrl-C) are the parent's to handle: it stops the helper."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # a failed warm-up is reported by the job that needs what failed
        warm_up(pdf)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        if job is None:
            gc.freeze()  # exit without collecting WeasyPrint's heap: the parent is waiting for this process to end
            return
        try:
            conn.send(_render(job))
        except OSError:  # the parent has gone: nobody is waiting for the files
            return


def _render(job: RenderJob) -> Reply:
    try:
        return ("ok", render_files(job))
    except WresError as exc:
        return ("user", str(exc))
    except Exception as exc:
        return ("bug", (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
