"""The report read as a board would (issue 14): a headline on page 1, no blank or mostly-empty page, and none of
the things that read wrong — false "small numbers" claims, the whole-workforce share labelled as the band profile,
"no test" beside "significant", an unnamed comparison year, garbled or wrong column heads, a status sentence in
every row, an empty Notes section that promises defaults, a national figure beside a measure it does not match.

Oracles are independent of the report's code: the result rows and changes the tier holds (statuses, years), the
domain specification (indicator 3's rolling form is compared with the non-overlapping window ending two years
back, wres-domain.md §6.5), and the PDF read back with poppler (pdftotext).
"""

from __future__ import annotations

import html as html_lib
import math
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from tests.reports.report_set import YEAR, ReportSet, pdf_pages, pdf_text, read_page, report_set

from wres.config import DEFAULT_CONFIG, RangeConfig
from wres.reports.html import render_html
from wres.reports.sections import build_report, iter_tables

TIERS = ("public", "internal")
NUMBER_WORDS = ["none", "one", "two", "three", "four", "five", "six", "seven"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _headline_rows(reports: ReportSet, tier: str) -> dict[str, dict[str, object]]:
    """indicator → the year's headline row of the tier (indicator 9: BME, voting)."""
    res = reports.views[tier].results
    rows = res[
        (res["year"] == YEAR)
        & res["headline"].astype(bool)
        & (res["grouping"] == "wres")
        & (res["breakdown"] == "overall")
        & (res["category"] == "all")
    ]
    out: dict[str, dict[str, object]] = {}
    for rec in rows.to_dict("records"):
        ind = str(rec["indicator"])
        if ind == "9" and (rec["group_a"] != "BME" or rec["variant"] != "voting"):
            continue
        out[ind] = {str(k): v for k, v in rec.items()}
    return out


def _suppressed(row: dict[str, object]) -> bool:
    return row.get("disclosure") == "suppressed" or row.get("reason") == "suppressed"


# ------------------------------------------------------------------------------------------------ page 1 headline


@pytest.mark.parametrize("tier", TIERS)
def test_page_one_holds_the_headline_paragraph(reports: ReportSet, tier: str) -> None:
    first = _flat(pdf_text(reports.pdf(tier), 1))
    assert "In brief" in first
    heads = _headline_rows(reports, tier)
    shown = [i for i in "2345678" if i in heads and not (reports.views[tier].public and _suppressed(heads[i]))]
    adverse = [i for i in shown if heads[i]["status"] in ("adverse_evidence", "bme_worse_evidence")]
    # the count of indicators adverse with evidence, in words, and each one named
    expected = NUMBER_WORDS[len(adverse)]
    assert re.search(rf"\b{expected}\b of the {NUMBER_WORDS[len(shown)]} indicators compared", first, re.I), first
    for ind in adverse:
        assert f"indicator {ind} (" in first
    hidden = [i for i in "2345678" if i in heads and i not in shown]
    if hidden:
        assert "not shown, to protect confidentiality" in first
        for ind in hidden:
            assert re.search(rf"Indicators? [^.]*\b{ind}\b[^.]* not shown", first), ind
    # what changed significantly since the year compared: the tier's own change rows say which
    changes = reports.views[tier].changes
    moved = changes[
        (changes["year"] == YEAR)
        & changes["significant"].fillna(False).astype(bool)
        & changes["tested"].fillna(False).astype(bool)
    ]
    moved_heads = [str(r["indicator"]) for r in moved.to_dict("records") if _same(r, heads)]
    if not moved_heads:
        assert "No indicator changed significantly" in first
    else:
        assert re.search(r"significant(ly)?\b[^.]* since \d{4}", first)
        for ind in moved_heads:
            assert ("the BME share of the workforce" if ind == "1" else f"indicator {ind} (") in first
    assert re.search(r"Over \d{4}–\d{4}|A trend needs at least three years", first)


def _same(change: dict[str, object], heads: dict[str, dict[str, object]]) -> bool:
    row = heads.get(str(change["indicator"]))
    keys = ("variant", "group_a", "group_b", "breakdown", "category", "stratum", "grouping")
    return row is not None and all(str(row.get(k)) == str(change.get(k)) for k in keys)


def _body_extent(pdf: Path) -> list[float]:
    """For each page, how far down the page its body text reaches (0–1), the running header and footer left out."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    extents = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        height = float(page.group(2))
        margin = 18 / 25.4 * 72  # the @page margins are 18 mm top and bottom
        lows = [
            float(m.group(2))
            for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page.group(3))
            if float(m.group(1)) > margin and float(m.group(2)) < height - margin
        ]
        extents.append(max(lows, default=0.0) / height)
    return extents


@pytest.mark.parametrize("tier", TIERS)
def test_no_page_is_blank_or_mostly_empty(reports: ReportSet, tier: str) -> None:
    """Every page has body text, and every page but the last is filled at least half way down (the summary's
    footnote alone on page 2 was the blank page; a forced page break left others mostly empty)."""
    pdf = reports.pdf(tier)
    extents = _body_extent(pdf)
    assert len(extents) == pdf_pages(pdf)
    for n, extent in enumerate(extents, start=1):
        assert extent > 0.1, f"page {n} has no body text"
        if n < len(extents):
            assert extent > 0.5, f"page {n} is mostly empty: its text ends {extent:.0%} down the page"


# ------------------------------------------------------------------------------------------------ what read wrong


@pytest.mark.parametrize("tier", TIERS)
def test_no_claim_of_small_numbers(reports: ReportSet, tier: str) -> None:
    """Secondary suppression hides large counts too (a band of 385 staff): no text says a [c] is a small number."""
    text = _flat(pdf_text(reports.pdf(tier))) + _flat(html_lib.unescape(reports.html(tier)))
    assert "suppressed for small numbers" not in text
    assert "small numbers shown as" not in text
    assert "suppressed as small" not in text


@pytest.mark.parametrize("tier", TIERS)
def test_summary_row_one_is_the_whole_workforce_benchmark(reports: ReportSet, tier: str) -> None:
    page = read_page(reports.html(tier))
    summary = next(t for t in page.tables if t.id == "summary-table")
    row = next(r for r in summary.rows if r[0].text.startswith("1."))
    assert "whole workforce" in row[0].text
    assert "by pay band" not in row[0].text
    cells = " ".join(c.text for c in row)
    # the overall share is the bands' benchmark: not "Descriptive, no test" beside a significance test's result
    assert "no test" not in cells
    assert "Descriptive" not in cells


@pytest.mark.parametrize("tier", TIERS)
def test_indicator_3_names_the_window_it_is_compared_with(reports: ReportSet, tier: str) -> None:
    """wres-domain.md §6.5: the rolling form of WRES Y is compared with the non-overlapping window ending Y−2."""
    heads = _headline_rows(reports, tier)
    if heads["3"]["variant"] != "rolling" or _suppressed(heads["3"]):
        pytest.skip("indicator 3's headline is not a shown rolling figure")
    page = read_page(reports.html(tier))
    summary = next(t for t in page.tables if t.id == "summary-table")
    row = next(r for r in summary.rows if r[0].text.startswith("3."))
    change = row[4].text
    assert f"({YEAR - 2}:" in change, change
    assert f"({YEAR - 1}:" not in change


def test_survey_and_group_column_heads(reports: ReportSet) -> None:
    page = read_page(reports.html("internal"))
    heads = [h for t in page.tables for h in t.head]
    assert not any("experienced of respondents" in h for h in heads)
    assert any(h == "BME: experienced it of those answering" for h in heads)
    groups = {"Asian", "Black", "Mixed", "Other", "Chinese"}
    checked = 0
    for table in page.tables:
        if not table.head or table.head[0] != "Ethnic group" or len(table.rows) < 2:
            continue
        row_groups = {r[0].text.split(" (")[0] for r in table.rows}
        if len(row_groups & groups) < 2:
            continue
        checked += 1
        # the rows are several groups: no count or rate column is headed by one of them
        for head in table.head[1:]:
            first = head.split(":")[0].split(" rate")[0]
            assert first not in groups, f"{table.caption}: column {head!r} names one group for every row"
    assert checked >= 3


STATUS_WORDS = re.compile(r"statistically significant|non-adverse range|too small to be sure")


@pytest.mark.parametrize("tier", TIERS)
def test_tables_carry_a_short_status_and_the_sentence_says_it_once(reports: ReportSet, tier: str) -> None:
    page = read_page(reports.html(tier))
    status_cells = 0
    for table in page.tables:
        if table.id == "statuses":  # the key: tag → meaning
            continue
        for row in table.rows:
            for cell in row:
                if "status" in cell.classes:
                    status_cells += 1
                    assert not STATUS_WORDS.search(cell.text), f"{table.caption}: {cell.text!r}"
                    assert len(cell.text) <= 45, cell.text
    assert status_cells > 20
    # the full reading is in the indicator's sentence, once
    text = _flat(html_lib.unescape(re.sub(r"<[^>]+>", " ", reports.html(tier))))
    heads = _headline_rows(reports, tier)
    if heads["4"]["status"] == "within_range" and not _suppressed(heads["4"]):
        assert text.count("within the non-adverse range of 0.80 to 1.25") >= 1


@pytest.mark.parametrize("tier", TIERS)
def test_no_empty_notes_section_and_no_false_promise(reports: ReportSet, tier: str) -> None:
    page = read_page(reports.html(tier))
    titles = [t for _, t in page.headings]
    notes = [*reports.data.notes, *reports.views[tier].notes]
    assert ("Notes" in titles) == bool([n for n in notes if n])
    text = html_lib.unescape(reports.html(tier))
    assert "every default used is recorded below" not in text
    # the limitation now points at where the choices are listed, and that section exists
    assert "listed under “Intervals, statuses and ranges”" in text
    assert "Intervals, statuses and ranges" in titles


@pytest.mark.parametrize("tier", TIERS)
def test_national_figures_only_beside_the_same_measure(reports: ReportSet, tier: str) -> None:
    """A national percentage (of BME staff saying yes, of board members who are BME) is not set beside a gap or a
    difference in points: it is shown against this organisation's percentage of the same thing."""
    page = read_page(reports.html(tier))
    summary = next(t for t in page.tables if t.id == "summary-table")
    heads = _headline_rows(reports, tier)
    own = {"7": "rate_b", "9": "rate_a"}  # indicator 7: BME is group b (White − BME); 9: the board's BME share
    for row in summary.rows:
        ind, national = row[0].text.split(".")[0], row[-1].text
        if ind in ("5", "6", "8"):
            assert national == "–", f"indicator {ind}: {national!r} beside a gap in points"
        if ind in own and national != "–":
            rate = heads[ind][own[ind]]
            shown = isinstance(rate, float) and math.isfinite(rate)
            mine = f"{100 * float(rate):.1f}%" if shown else ("[c]" if _suppressed(heads[ind]) else "–")
            assert national.endswith(f"; here {mine}"), national
        if ind in ("2", "3") and national != "–":
            assert "ratio" in national


def test_the_configured_range_is_what_the_report_prints(reports: ReportSet) -> None:
    """``[ranges]`` set to 0.50–2.00: the summary note, status key and tags print it, never 0.80–1.25."""
    config = replace(DEFAULT_CONFIG, ranges=RangeConfig(low=0.5, high=2.0))
    data = replace(reports.data, config=config)
    report = build_report(data, reports.views["internal"], charts=False)
    page = render_html(report)
    text = html_lib.unescape(page)
    assert "0.50–2.00" in text
    assert "0.50 to 2.00" in text
    assert "0.80–1.25" not in text
    assert "0.80 to 1.25" not in text
    key = next(t for t in iter_tables(report.sections) if t.id == "statuses")
    assert any(r[0].text == "Within 0.50–2.00" for r in key.rows)
