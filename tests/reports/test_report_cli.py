"""``wres report``: the files it writes, and one-line errors (exit 1, no traceback) for bad arguments."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.reports.report_set import YEAR, ReportSet, read_page, report_set

from wres.cli.main import run


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


def test_report_public(reports: ReportSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["report", "--store", str(reports.store), "--year", str(YEAR), "--tier", "public", "--out", str(out)]
    assert run(args) == 0
    printed = capsys.readouterr().out
    org = reports.data.org_code
    html = out / f"wres-report-{YEAR}-{org}-public.html"
    pdf = out / f"wres-report-{YEAR}-{org}-public.pdf"
    assert html.exists()
    assert pdf.exists()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert str(html) in printed.replace("\n", "")
    page = read_page(html.read_text(encoding="utf-8"))
    assert page.meta["wres-tier"] == "public"
    assert not list(out.glob("*internal*")), "only the tier asked for"
    workbook = out / f"wres-return-{YEAR}-{org}-public.xlsx"
    figures = out / f"wres-figures-{YEAR}-{org}-public"
    if "not part of this build" not in printed:
        assert workbook.exists()
        assert (figures / "results.csv").exists()
        assert (figures / "counts.csv").exists()


def test_report_internal_without_pdf_latest_year(reports: ReportSet, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["report", "--store", str(reports.store), "--tier", "internal", "--no-pdf", "--out", str(out)]
    assert run(args) == 0
    org = reports.data.org_code
    html = out / f"wres-report-{YEAR}-{org}-internal.html"  # the latest year in the store is the default
    assert html.exists()
    assert not (out / f"wres-report-{YEAR}-{org}-internal.pdf").exists()
    assert "INTERNAL — unsuppressed figures, not for publication" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "message", "exit_code"),
    [
        (["--org", "RZZ"], "organisation 'RZZ' is not in the store", 1),
        (["--year", "2031"], "no data for WRES year 2031", 1),
        (["--year", "2019"], "no data for WRES year 2019", 1),
        (["--tier", "secret"], "--tier must be public or internal, not 'secret'", 2),  # usage errors: ADR 5
        (["--groups", "ethnicity3"], "--groups must be one of ethnicity5, ethnicity9", 2),
    ],
)
def test_bad_arguments(
    reports: ReportSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
    exit_code: int,
) -> None:
    out = tmp_path / "out"
    code = run(["report", "--store", str(reports.store), "--out", str(out), *extra])
    captured = capsys.readouterr()
    assert code == exit_code
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error:")
    assert message in lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert not out.exists() or not any(out.iterdir()), "nothing is written on an error"


def test_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["report", "--store", str(tmp_path / "none.duckdb"), "--year", "2024", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "no wres store here yet" in err
    assert "Traceback" not in err


def test_non_numeric_year_is_a_usage_error(
    reports: ReportSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["report", "--store", str(reports.store), "--year", "last", "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in captured.err + captured.out
