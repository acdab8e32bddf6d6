"""The annual report's PDF: rendered to PNG (pdftoppm), text extracted (pdftotext), PDF/UA-1 and tagged.

The key figures printed in the HTML summary are found in the PDF's text (the summary is page 1); the internal
tier's notice is on every page; the public tier's is on none.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from tests.reports.report_set import INTERNAL_NOTICE, ReportSet, pdf_pages, pdf_text, read_page, report_set

from wres.disclosure import MARKER

TIERS = ("public", "internal")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("tier", TIERS)
def test_pdf_is_tagged_pdf_ua(reports: ReportSet, tier: str) -> None:
    pdf = reports.pdf(tier)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.MULTILINE)
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"pdfuaid:part[^0-9]{0,3}1", meta), "no PDF/UA-1 identification in the XMP metadata"
    assert "Workforce Race Equality Standard report" in info


@pytest.mark.parametrize("tier", TIERS)
def test_pages_render_to_png(reports: ReportSet, tier: str, tmp_path: Path) -> None:
    pdf = reports.pdf(tier)
    pages = pdf_pages(pdf)
    assert 8 <= pages <= 60
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    for path in (images[0], images[len(images) // 2], images[-1]):
        with Image.open(path) as im:
            assert abs(im.width / im.height - 210 / 297) < 0.01
            grey = im.convert("L")
            lo, hi = grey.getextrema()
            assert hi - lo > 150, f"{path.name} looks blank"
            dark = sum(grey.histogram()[:128])
            assert dark > 200, f"{path.name} has almost no ink"
    # the first page carries the summary table: plenty of ink, not just a title
    with Image.open(images[0]) as im:
        assert sum(im.convert("L").histogram()[:128]) > 2000


@pytest.mark.parametrize("tier", TIERS)
def test_key_figures_in_the_pdf_text(reports: ReportSet, tier: str) -> None:
    page = read_page(reports.html(tier))
    summary = next(t for t in page.tables if t.id == "summary-table")
    first = _flat(pdf_text(reports.pdf(tier), 1))
    assert "Summary of the nine indicators" in first
    for row in summary.rows:
        label, value, interval = row[0].text, row[1].text, row[2].text
        words = label.split("(")[0].split()
        assert " ".join(words[:3]) in first, f"summary row {label!r} is not on page 1"
        if value not in (MARKER, "–"):
            assert value in first, f"{label}: {value} not in the PDF's first page"
        if interval not in (MARKER, "–"):
            low, high = interval.split(" to ")
            assert low in first, f"{label}: interval {interval}"
            assert high in first, f"{label}: interval {interval}"


@pytest.mark.parametrize("tier", TIERS)
def test_sentences_in_the_pdf(reports: ReportSet, tier: str) -> None:
    html = reports.html(tier)
    sentences = re.findall(r'<p class="sentence">(.*?)</p>', html)
    assert len(sentences) >= 9
    text = _flat(pdf_text(reports.pdf(tier)))
    for s in sentences[:4]:
        start = _flat(s)[:40].replace("&#39;", "'")
        assert start in text, start


def test_internal_notice_on_every_page(reports: ReportSet) -> None:
    pdf = reports.pdf("internal")
    pages = pdf_pages(pdf)
    for n in range(1, pages + 1):
        text = pdf_text(pdf, n)
        assert text.count(INTERNAL_NOTICE) >= 2, f"page {n}: the running header and footer"


def test_public_pdf_has_no_internal_notice(reports: ReportSet) -> None:
    text = pdf_text(reports.pdf("public"))
    assert "INTERNAL" not in text
    assert MARKER in text
    assert "Disclosure policy public-v2" in _flat(text)
