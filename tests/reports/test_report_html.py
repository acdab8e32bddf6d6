"""The annual report's HTML, read back: structure, accessibility basics, tiers, disclosure, figures and sentences.

Built once per test process from a synthetic trust (see ``report_set.py``); the browser checks (axe-core) are in
``test_report_a11y.py`` and the PDF checks in ``test_report_pdf.py``.
"""

from __future__ import annotations

import html as html_module
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest
from tests.reports.report_set import (
    INTERNAL_NOTICE,
    YEAR,
    ReportSet,
    headline,
    numbers_in,
    read_page,
    report_set,
)

from wres.analysis.change import year_on_year
from wres.disclosure import MARKER
from wres.reports.sections import Builder, fmt_value
from wres.reports.sentences import format_percent, format_points, format_ratio, sentence

TIERS = ("public", "internal")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


@pytest.mark.parametrize("tier", TIERS)
def test_structure(reports: ReportSet, tier: str) -> None:
    html = reports.html(tier)
    page = read_page(html)
    assert page.lang == "en-GB"
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading levels skip from h{before} to h{after}"
    titles = [text for _, text in page.headings]
    for expected in ("Summary of the nine indicators", "Disaggregated ethnic groups", "Race equality plan", "Appendix"):
        assert any(t.startswith(expected) for t in titles), expected
    for ind in range(1, 10):
        assert any(t.startswith(f"Indicator {ind}:") for t in titles), ind
    assert "race equality plan" in html  # none recorded in this report set: the section says it will appear here
    assert "will appear here" in html
    for table in page.tables:
        assert table.caption, f"table {table.id} has no caption"
        assert table.head, f"table {table.id} has no header row"
        assert all(scope in ("col", "row") for scope in table.scopes), table.id
        assert all(row[0].tag == "th" for row in table.rows), f"{table.id}: rows need a row header"
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    # read as a board would: the title, then the headline, then the contents
    assert html.index("<h1>") < html.index('id="headline"') < html.index('class="contents"')


@pytest.mark.parametrize("tier", TIERS)
def test_self_contained(reports: ReportSet, tier: str) -> None:
    html = reports.html(tier)
    assert "<link" not in html
    assert "<script" not in html
    assert "@import" not in html
    assert not re.search(r"""\s(?:src|srcset|poster|data)=["'](?!data:|#)""", html), "an external resource"
    assert not re.search(r"url\((?![\"']?(?:#|data:))", html), "a CSS url() to fetch"
    assert "<style>" in html


@pytest.mark.parametrize("tier", TIERS)
def test_tier_and_policy_recorded(reports: ReportSet, tier: str) -> None:
    html = reports.html(tier)
    page = read_page(html)
    assert page.meta["wres-tier"] == tier
    if tier == "public":
        assert page.meta["wres-disclosure-policy"] == "public-v2 2.0"
        assert INTERNAL_NOTICE not in html
        assert "disclosure policy public-v2 (version 2.0)" in html  # the visible appendix
    else:
        assert page.meta["wres-disclosure-policy"] == "none"
        # the banner at the top and the bottom of the page, and the print running header/footer
        assert html.count(f'<p class="tier-banner" role="note"><strong>{INTERNAL_NOTICE}</strong></p>') == 2
        assert f'@top-center {{ content: "{INTERNAL_NOTICE}"; }}' in html
        assert f'@bottom-center {{ content: "{INTERNAL_NOTICE}"; }}' in html
    assert f"Tier: {tier}" in html


@pytest.mark.parametrize("tier", TIERS)
def test_every_chart_has_a_text_alternative_and_a_data_table(reports: ReportSet, tier: str) -> None:
    page = read_page(reports.html(tier))
    charts = [f for f in page.figures if f["svg"] is not None]
    assert len(charts) >= (10 if tier == "internal" else 6)
    for figure in page.figures:
        assert figure["tables"] == 1, f"{figure['id']} has no data table"
        assert figure["caption"]
        svg = figure["svg"]
        if svg is None:
            continue
        assert svg["role"] == "img"
        assert svg["aria-labelledby"] == f"{figure['id']}-title"
        assert svg["aria-describedby"] == f"{figure['id']}-desc"
        assert figure["title"] == figure["caption"]
        assert len(figure["desc"]) > 60
        # the text alternative lists the values plotted, as the data table shows them
        assert re.search(r"\d", figure["desc"])


def test_chart_descriptions_name_the_values(reports: ReportSet) -> None:
    html = reports.html("internal")
    head = headline(reports.views["internal"].results, "2")
    value = fmt_value(float(head["estimate"]), "ratio")
    low, high = fmt_value(float(head["ci95_low"]), "ratio"), fmt_value(float(head["ci95_high"]), "ratio")
    page = read_page(html)
    fig = next(f for f in page.figures if f["caption"].startswith("Indicator 2:"))
    assert f"{YEAR} all applicants: {value} ({low} to {high})" in fig["desc"]


def _summary_values(html: str) -> dict[str, str]:
    page = read_page(html)
    table = next(t for t in page.tables if t.id == "summary-table")
    return {row[0].text: row[1].text for row in table.rows}


def test_summary_internal_equals_the_results(reports: ReportSet) -> None:
    results = reports.views["internal"].results
    values = _summary_values(reports.html("internal"))
    assert len(values) == 10  # indicators 1-8 and indicator 9 for voting and executive members
    by_indicator = {label.split(".")[0]: v for label, v in values.items()}
    for ind in ("1", "2", "3", "4", "5", "6", "7", "8"):
        row = headline(results, ind)
        assert by_indicator[ind] == fmt_value(float(row["estimate"]), str(row["estimate_type"])), ind
    share = headline(results, "1")
    assert by_indicator["1"] == format_percent(float(share["a"]) / float(share["n1"]))


def test_sentences_come_from_the_numbers(reports: ReportSet) -> None:
    view = reports.views["internal"]
    builder = Builder(reports.data, view, charts=False)
    html = reports.html("internal")
    changes = year_on_year(view.results, YEAR)
    for ind in ("2", "3", "7"):
        row = headline(view.results, ind)
        text = builder.say(row)
        assert text in html.replace("&#39;", "'").replace("&quot;", '"')
        # the sentence names the estimate (a gap by its size), and last year's value when there is one
        ratio = row["estimate_type"] == "ratio"
        estimate = float(row["estimate"])
        assert (format_ratio(estimate) if ratio else format_points(abs(estimate))) in text
        change = changes[(changes["indicator"] == ind) & (changes["variant"] == row["variant"])]
        change = change[(change["grouping"] == "wres") & (change["breakdown"] == "overall")]
        previous = change["previous_estimate"].iloc[0]
        if pd.notna(previous):
            assert (format_ratio(previous) if ratio else format_points(previous, " points")) in text
    # sentence() with the configured range is what the report prints
    row = headline(view.results, "2")
    assert builder.say(row).startswith(sentence(row, low=0.80, high=1.25).split(";")[0].rstrip("."))


def _count_cells(html: str, skip_board: bool = False) -> list[str]:
    page = read_page(html)
    tables = [t for t in page.tables if not (skip_board and "board" in t.caption.lower())]
    return [cell.text for table in tables for row in table.rows for cell in row if "count" in cell.classes]


def test_public_tier_shows_no_small_count(reports: ReportSet) -> None:
    html = reports.html("public")
    # public-v2 publishes the board's own counts exactly (methods.md §11.2 exemptions): its tables are left out
    cells = _count_cells(html, skip_board=True)
    assert len(cells) > 50
    shown = [n for text in cells for n in numbers_in(text)]
    assert shown, "no count is shown at all"
    small = [n for n in shown if 1 <= n <= 7]
    assert not small, f"counts of 1-7 in the public tier: {small[:10]}"
    assert all(n % 5 == 0 for n in shown), "public counts are rounded to the nearest 5"
    assert MARKER in " ".join(cells)


def test_public_tier_footnote_and_marker(reports: ReportSet) -> None:
    view = reports.views["public"]
    assert view.suppressed_any
    html = reports.html("public")
    footnote = view.footnote
    assert footnote
    assert footnote.startswith(MARKER)
    assert footnote in html_module.unescape(html)
    assert 'id="disclosure-note"' in html
    assert html.count('href="#disclosure-note"') >= 1
    # every suppressed headline figure is [c] in the summary, never a number
    values = _summary_values(html)
    results = view.results
    for label, value in values.items():
        ind = label.split(".")[0]
        variant = "executive" if "executive" in label else "voting"
        row = headline(results, ind, variant)
        if row["disclosure"] == "suppressed":
            assert value == MARKER, label


def test_public_tier_values_are_public(reports: ReportSet) -> None:
    """The public summary shows the protected values (display precision), not the internal ones."""
    public = reports.views["public"].results
    values = _summary_values(reports.html("public"))
    by_indicator = {label.split(".")[0]: v for label, v in values.items() if "executive" not in label}
    for ind, value in by_indicator.items():
        row = headline(public, ind)
        if value != MARKER:
            assert value == fmt_value(float(row["estimate"]), str(row["estimate_type"]))


def test_internal_tier_shows_exact_counts(reports: ReportSet) -> None:
    cells = _count_cells(reports.html("internal"))
    shown = [n for text in cells for n in numbers_in(text)]
    assert any(1 <= n <= 7 for n in shown), "the synthetic trust should have some small counts"
    assert MARKER not in " ".join(cells)


def test_disaggregated_groups(reports: ReportSet) -> None:
    internal = read_page(reports.html("internal"))
    captions = [t.caption for t in internal.tables]
    assert any(c.startswith(f"Workforce by ethnic group, 31 March {YEAR}") for c in captions)
    groups_table = next(t for t in internal.tables if t.caption.startswith("Indicator 2 by ethnic group"))
    labels = {row[0].text for row in groups_table.rows}
    assert {"Asian", "Black", "Mixed", "Other"} <= labels
    public = reports.html("public")
    assert "They are left out of this public report" in public


def test_band_profile_clinical_and_non_clinical(reports: ReportSet) -> None:
    page = read_page(reports.html("internal"))
    titles = [t for _, t in page.headings]
    assert "Band profile: Non-clinical staff" in titles
    assert "Band profile: Clinical staff (Agenda for Change bands)" in titles
    table = next(t for t in page.tables if t.caption.startswith("Non-clinical staff by pay band"))
    results = reports.views["internal"].results
    rows = results[
        (results["year"] == YEAR)
        & (results["indicator"] == "1")
        & (results["category"] == "non_clinical")
        & (results["breakdown"] == "band")
        & (results["group_a"] == "BME")
    ]
    assert len(table.rows) == len(rows)
    for cells, (_, row) in zip(table.rows, rows.iterrows(), strict=True):
        assert cells[1].text == f"{int(row['n1']):,}"
        assert cells[2].text == f"{int(row['a']):,}"


def test_board_against_workforce(reports: ReportSet) -> None:
    html = reports.html("internal")
    row = headline(reports.views["internal"].results, "9", "voting")
    assert f"Board against workforce: BME share, {YEAR}" in html
    assert format_percent(float(row["rate_a"])) in html
    assert format_percent(float(row["rate_b"])) in html


def test_appendix(reports: ReportSet) -> None:
    html = reports.html("public")
    for text in (
        "Wilson score 95% interval",
        "Koopman score 95% and 99.8%",
        "Newcombe",
        "0.80 to 1.25 (configuration [ranges])",
        "Ethnicity recorded, by indicator",
        "Known limitations",
        "Suppressed counts",
    ):
        assert text in html, text
    internal = read_page(reports.html("internal"))
    assert any(t.caption.startswith("Headcount at each 31 March snapshot") for t in internal.tables)


def test_output_files(reports: ReportSet) -> None:
    for tier in TIERS:
        out = reports.outputs[tier]
        assert out.html.name == f"wres-report-{YEAR}-{reports.data.org_code}-{tier}.html"
        assert out.pdf is not None
        assert out.pdf.stat().st_size > 20_000
        if out.workbook is not None:  # the workbook writer is a separate module (wres.reports.workbook)
            assert out.workbook.exists()
            assert {p.name for p in out.csv} >= {"results.csv", "counts.csv"}
            assert all(Path(p).exists() for p in out.csv)
