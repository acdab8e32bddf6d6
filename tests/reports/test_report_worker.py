"""Rendering in a helper process (:mod:`wres.reports.worker`): the files it writes, and failures that surface in
the parent as one clear error (never a hang, never a traceback at a user)."""

from __future__ import annotations

import base64
import multiprocessing
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.hang import hang_guard as guard
from tests.reports.report_set import YEAR, ReportSet, pdf_text, report_set

from wres.cli.main import run
from wres.errors import WresError
from wres.reports import worker
from wres.reports.build import output_names
from wres.reports.content import Cell, Figure, Paragraphs, Report, Section, Table
from wres.reports.html import chart_image, render_html
from wres.reports.worker import RemoteTracebackError, Renderer, RenderError, RenderJob, render_files

HANG_SECONDS = 300
"""A hang guard, not a speed check: a failure is reported within a fraction of a second, so a test still waiting
for a helper after this long would otherwise wait for ever."""


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fail (rather than hang) a test whose parent never hears of its helper's failure."""
    with guard(HANG_SECONDS, "the parent still waits for its helper"):
        yield


def renderers_alive() -> list[multiprocessing.Process]:
    """This process's report helpers still running (reaps those that have ended)."""
    return [p for p in multiprocessing.active_children() if p.name == "wres-report-renderer"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


def small_report(*, chart: bool = True) -> Report:
    table = Table("t", "Shares, 2025", ["Group", "Share"], [[Cell("BME", header=True), Cell("40.0%", "num")]])
    spec = {
        "data": {"values": [{"label": "BME", "estimate": 40.0}]},
        "mark": "bar",
        "encoding": {"x": {"field": "estimate", "type": "quantitative"}, "y": {"field": "label", "type": "nominal"}},
    }
    figure = Figure("figure-1", "Shares", "Bar chart: BME 40.0%.", None, table, chart=spec if chart else None)
    section = Section("summary", "Summary", [Paragraphs(["A sentence 1.54."], style="sentences"), figure])
    return Report(
        title="Workforce Race Equality Standard report 2025 — Test",
        org_code="RXX",
        org_name="Test Trust",
        year=2025,
        tier="public",
        notice=None,
        lede="Lede.",
        sections=[section],
        meta={"wres-tier": "public"},
        footnote=None,
        footer="Footer.",
        running_header="WRES 2025",
        marker="[c]",
    )


def test_helper_renders_charts_page_and_pdf(tmp_path: Path) -> None:
    job = RenderJob(small_report(), tmp_path / "r.html", tmp_path / "r.pdf")
    with Renderer(pdf=True) as renderer:
        renderer.submit(job)
        rendered = renderer.result()
    assert rendered.html == tmp_path / "r.html"
    html = rendered.html.read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'aria-labelledby="figure-1-title"' in html
    assert rendered.pdf is not None
    assert rendered.pdf.read_bytes()[:5] == b"%PDF-"
    assert "A sentence 1.54." in pdf_text(rendered.pdf)
    assert set(rendered.timings) == {"charts_and_html", "pdf"}


def test_helper_output_equals_rendering_here(tmp_path: Path) -> None:
    here = render_files(RenderJob(small_report(), tmp_path / "here.html", None))
    with Renderer(pdf=False) as renderer:
        renderer.submit(RenderJob(small_report(), tmp_path / "there.html", None))
        there = renderer.result()
    assert there.pdf is None
    assert here.html.read_text(encoding="utf-8") == there.html.read_text(encoding="utf-8")


@pytest.mark.usefixtures("hang_guard")
def test_a_bug_in_the_helper_is_raised_in_the_parent(tmp_path: Path) -> None:
    blocked = tmp_path / "r.pdf"
    blocked.mkdir()  # the PDF cannot be written where a folder is
    with Renderer(pdf=True) as renderer:
        renderer.submit(RenderJob(small_report(chart=False), tmp_path / "r.html", blocked))
        with pytest.raises(RenderError) as info:
            renderer.result()
    assert not renderer._process.is_alive(), "the helper is stopped once the renderer is closed"
    message = str(info.value)
    assert "\n" not in message
    assert "IsADirectoryError" in message
    cause = info.value.__cause__
    assert isinstance(cause, RemoteTracebackError)
    assert "Traceback (most recent call last)" in str(cause)
    assert "write_pdf" in str(cause)


def test_a_user_error_in_the_helper_stays_a_user_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def fail(job: RenderJob) -> None:
        raise WresError("cannot write the PDF: WeasyPrint is not usable here")

    monkeypatch.setattr(worker, "render_files", fail)
    reply = worker._render(RenderJob(small_report(), tmp_path / "r.html", None))  # what the helper sends back
    assert reply == ("user", "cannot write the PDF: WeasyPrint is not usable here")


@pytest.mark.usefixtures("hang_guard")
@pytest.mark.parametrize("when", ["before the job", "during the job"])
def test_a_helper_that_dies_is_reported_not_waited_for(tmp_path: Path, when: str) -> None:
    renderer = Renderer(pdf=True)
    try:
        pid = renderer._process.pid
        assert pid is not None
        if when == "before the job":
            os.kill(pid, signal.SIGKILL)
            renderer._process.join()

        def attempt() -> None:
            renderer.submit(RenderJob(small_report(), tmp_path / "r.html", tmp_path / "r.pdf"))
            if when == "during the job":
                os.kill(pid, signal.SIGKILL)
            renderer.result()

        with pytest.raises(WresError, match=r"stopped unexpectedly \(exit code -9\)"):
            attempt()
    finally:
        renderer.abort()
    assert renderer._process.exitcode == -signal.SIGKILL
    assert renderer._process not in renderers_alive()


def test_helpers_stop_after_an_error_in_the_parent(reports: ReportSet, tmp_path: Path) -> None:
    """An error while computing stops the helpers at once: none is left behind."""
    from wres.reports import build

    started: list[Renderer] = []
    real = build.Renderer

    def spy(*, pdf: bool) -> Renderer:
        started.append(real(pdf=pdf))
        return started[-1]

    def broken(*args: object, **kwargs: object) -> None:
        raise WresError("the store went away")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "Renderer", spy)
        mp.setattr(build, "gather", broken)
        mp.setattr(worker, "rendering_is_warm", lambda *, pdf: False)
        mp.delenv(worker.SERIAL_ENV, raising=False)
        from wres.store import Store

        with Store(reports.store, read_only=True) as st, pytest.raises(WresError, match="the store went away"):
            build.build_reports(st, YEAR, out=tmp_path, tiers=["public", "internal"])
    assert len(started) == 2
    assert not any(r._process.is_alive() for r in started)


@pytest.mark.usefixtures("hang_guard")
def test_cli_reports_a_helper_failure_in_one_line(
    reports: ReportSet, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(worker.SERIAL_ENV, raising=False)
    monkeypatch.delenv("WRES_DEBUG", raising=False)
    monkeypatch.setattr(worker, "rendering_is_warm", lambda *, pdf: False)  # as in a fresh `wres report`
    out = tmp_path / "out"
    names = output_names(reports.data.org_code, YEAR, "public")
    (out / names["pdf"]).mkdir(parents=True)  # the helper cannot write the PDF there
    args = ["report", "--store", str(reports.store), "--year", str(YEAR), "--tier", "public", "--out", str(out)]
    code = run(args)
    captured = capsys.readouterr()
    assert code != 0
    assert not renderers_alive(), "the CLI leaves no helper behind"
    message = " ".join(captured.err.split())  # one message (the console may wrap it)
    assert message.startswith("internal error: RenderError: rendering the report failed in the helper process")
    assert message.count("error:") == 1
    assert "IsADirectoryError" in message
    assert "Traceback" not in captured.err + captured.out


def test_serial_rendering_when_asked(reports: ReportSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wres.reports import build
    from wres.store import Store

    def no_helpers(*, pdf: bool) -> Renderer:
        raise AssertionError("no helper process may start")

    monkeypatch.setenv(worker.SERIAL_ENV, "1")
    monkeypatch.setattr(build, "Renderer", no_helpers)
    with Store(reports.store, read_only=True) as st:
        outputs = build.build_reports(st, YEAR, out=tmp_path, tiers=["public"], pdf=False, workbook=False)
    assert outputs[0].html.exists()
    assert "<svg" in outputs[0].html.read_text(encoding="utf-8")


def test_how_many_tiers_go_to_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(worker.SERIAL_ENV, raising=False)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(worker, "rendering_is_warm", lambda *, pdf: False)
    assert worker.helper_count(1, pdf=True) == 1
    assert worker.helper_count(2, pdf=True) == 2
    monkeypatch.setattr(worker, "rendering_is_warm", lambda *, pdf: True)
    assert worker.helper_count(1, pdf=True) == 0, "a warm process renders its one tier itself"
    assert worker.helper_count(2, pdf=True) == 1
    monkeypatch.setenv(worker.SERIAL_ENV, "1")
    assert worker.helper_count(2, pdf=True) == 0
    monkeypatch.delenv(worker.SERIAL_ENV)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 1)
    assert worker.helper_count(2, pdf=True) == 0


@pytest.mark.parametrize("tiers", [["public"], ["public", "internal"]])
def test_build_reports_with_helpers_and_here(
    reports: ReportSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiers: list[str]
) -> None:
    """A warm process renders its last tier itself and the others in helpers: same files either way."""
    from wres.reports import build
    from wres.store import Store

    monkeypatch.delenv(worker.SERIAL_ENV, raising=False)
    monkeypatch.setattr(worker, "rendering_is_warm", lambda *, pdf: True)
    with Store(reports.store, read_only=True) as st:
        outputs = build.build_reports(st, YEAR, out=tmp_path, tiers=tiers, workbook=False)
    assert [o.tier for o in outputs] == tiers
    for o in outputs:
        assert o.pdf is not None
        assert o.pdf.read_bytes()[:5] == b"%PDF-"
        assert "<svg" in o.html.read_text(encoding="utf-8")
        assert ("waiting_for_helper" in o.timings) == (o.tier != tiers[-1])


def test_the_pdf_is_laid_out_from_the_print_edition(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The page keeps its inline SVG; the PDF's edition holds the same SVG as an image, titled for the PDF's
    Figure (WeasyPrint logs an error for an image without alternative text)."""
    report = small_report()
    with caplog.at_level("ERROR", logger="weasyprint"):
        rendered = render_files(RenderJob(report, tmp_path / "r.html", tmp_path / "r.pdf"))
    assert not [r for r in caplog.records if "alt" in r.getMessage()]
    screen = rendered.html.read_text(encoding="utf-8")
    printed = render_html(report, print_edition=True)
    (inline,) = re.findall(r"<svg\b.*?</svg>", screen, flags=re.DOTALL)
    assert "<svg" not in printed
    (image,) = re.findall(r'<img class="chart-svg" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', printed)
    assert base64.b64decode(image[0]).decode("utf-8") == inline
    assert image[1] == "Shares"
    width, height = re.search(r'<svg\b[^>]*\swidth="([0-9.]+)"[^>]*\sheight="([0-9.]+)"', inline).groups()  # type: ignore[union-attr]
    assert f'width="{width}" height="{height}"' in printed
    assert re.sub(r"<svg\b.*?</svg>", "", screen, flags=re.DOTALL) == re.sub(
        r"<img class=\"chart-svg\"[^>]*>", "", printed
    )
    assert rendered.pdf is not None
    assert "A sentence 1.54." in pdf_text(rendered.pdf)


def test_chart_image_without_a_size() -> None:
    image = chart_image('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>')
    assert image["width"] == image["height"] == ""
    assert image["src"].startswith("data:image/svg+xml;base64,")
