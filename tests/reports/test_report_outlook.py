"""The annual report's "Where today's rates lead" section (issue 17), read back from the HTML and the PDF of both
tiers of the report tests' trust (WRES 2022–2025, so the Model Employer baselines are from 2022, the first available
year).

Oracles: the store itself (indicator 1's counts by SQL, then wres-domain.md §7.2's formulas by hand), the tier's own
:class:`~wres.analysis.projection.Projection` (its sentences printed verbatim), and the internal figures the public
tier must not show.
"""

from __future__ import annotations

import html
import math
import re
import subprocess
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from tests.reports.report_set import YEAR, ReportSet, read_page, report_set

from wres.analysis.model_employer import STATUSES
from wres.disclosure.policy import MARKER
from wres.reports.content import Paragraphs, Section
from wres.reports.outlook_data import Outlook
from wres.reports.sections import build_report
from wres.reports.sections.outlook import HEADING, delivery_sentence
from wres.reports.sections.texts import SCENARIO_MEANINGS
from wres.store import Store
from wres.vocab.ethnicity import wres_group_of

SENIOR_BANDS = ("8a", "8b", "8c", "8d", "9", "VSM")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


def section_html(page: str) -> str:
    start = page.index('<section id="outlook"')
    end = page.index('<section id="action-plan"', start)
    return page[start:end]


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def pdf_reading(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def table(page: str, table_id: str) -> list[list[str]]:
    found = [t for t in read_page(page).tables if t.id == table_id]
    assert len(found) == 1, table_id
    return [[c.text for c in row] for row in found[0].rows]


def counts(store: Path, year: int, bands: tuple[str, ...] | None) -> tuple[int, int]:
    """Indicator 1's BME staff and staff (Unknown included) of ``bands`` (None: everyone) at 31 March ``year``."""
    where = "" if bands is None else f"AND band IN ({', '.join(repr(b) for b in bands)})"
    with Store(store, read_only=True) as st:
        rows = st.con.execute(
            f"""
            SELECT ethnic_category, count(*) FROM staff
            WHERE snapshot_date = DATE '{year}-03-31' AND NOT bank_only AND contract <> 'honorary' {where}
            GROUP BY ethnic_category
            """
        ).fetchall()
    return sum(n for c, n in rows if wres_group_of(c) == "BME"), sum(n for _, n in rows)


# -- the section and its place -----------------------------------------------------------------------------------


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_heading_after_getting_better_before_the_plan(reports: ReportSet, tier: str) -> None:
    page = reports.html(tier)
    h2 = [text for level, text in read_page(page).headings if level == 2]
    at = h2.index(HEADING)
    assert h2[at - 1] == "Is it getting better?"
    assert h2[at + 1] == "Race equality plan"
    assert '<a href="#outlook">Where today&#39;s rates lead</a>' in page
    h3 = [text for level, text in read_page(section_html(page)).headings if level == 3]
    assert "Model Employer targets" in h3
    assert "Pipeline projection: when each band reaches the workforce share" in h3


# -- Model Employer --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("band", "codes"), [("Band 8a", ("8a",)), ("8a and above", SENIOR_BANDS)])
def test_internal_band_row_is_the_formulas_by_hand_from_the_store(
    reports: ReportSet, band: str, codes: tuple[str, ...]
) -> None:
    """Baseline 2022 (no 2018 snapshot), reference the overall share at 31 March 2025, target year 2028."""
    b0, n0 = counts(reports.store, 2022, codes)
    b, n = counts(reports.store, YEAR, codes)
    sb, sn = counts(reports.store, YEAR, None)
    s0, s = Fraction(b0, n0), Fraction(sb, sn)
    target = s0 + (s - s0) * Fraction(YEAR - 2022, 2028 - 2022)
    heads = math.ceil(target * n)
    gain = max(0, math.ceil((s * n - b) / (2028 - YEAR)))
    gap = heads - b
    status = STATUSES["below_target" if gap > 0 else "on_or_above_target"]
    rows = table(reports.html("internal"), "outlook-model-employer-table")
    row = next(r for r in rows if r[0] == band)

    def pct(x: Fraction) -> str:
        return f"{100 * float(x):.1f}%"

    assert row[1:] == [
        f"{pct(s0)} (2022)",
        pct(target),
        pct(Fraction(b, n)),
        f"{n:,}",
        f"{heads:,}",
        f"{b:,}",
        f"{gap:,}",
        f"{gain:,}",
        status[:1].upper() + status[1:] + (f" by {gap}" if gap > 0 else ""),
    ]


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_trajectory_label_and_first_available_year_note(reports: ReportSet, tier: str) -> None:
    text = plain(section_html(reports.html(tier)))
    assert "The trajectory is not issued: computed from today's data." in text
    assert "has no 31 March 2018 staff snapshot: the baselines are from 31 March 2022, the first available year" in text


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_charts_with_their_data(reports: ReportSet, tier: str) -> None:
    """Both charts internally; in public the Model Employer chart of 8a and above only where its counts are
    published (not for this trust: its 8c–VSM cluster is suppressed), with the reason said."""
    part = section_html(reports.html(tier))
    titles = [str(f.get("title", "")) for f in read_page(part).figures]
    assert any("Projected BME share, 8a and above" in t for t in titles), titles
    me = any("Model Employer trajectory and actual BME share, 8a and above" in t for t in titles)
    outlook = reports.views[tier].outlook
    assert outlook is not None
    assert outlook.model_employer is not None
    senior = [p for p in outlook.model_employer.path if p.band == "8a and above" and p.actual_share is not None]
    assert me == bool(senior)
    assert me == (tier == "internal")
    said = "The chart of 8a and above is not shown: its counts are not published in this tier."
    assert (said in plain(part)) == (not me)
    assert part.count("<svg") == len(titles)


# -- the projection --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_projection_sentence_scenarios_and_chance_in_html_and_pdf(reports: ReportSet, tier: str) -> None:
    outlook = reports.views[tier].outlook
    assert outlook is not None
    proj = outlook.projection
    assert proj is not None
    sentence = proj.sentences["8a and above"]
    assert sentence.startswith("At today's rates band 8a and above ")
    base = proj.parity[(proj.parity["scenario"] == "baseline") & (proj.parity["band"] == "8a and above")].iloc[0]
    chance = delivery_sentence("8a and above", float(base["p_parity_by_target"]), 2028, already=bool(base["already"]))
    assert chance.startswith("8a and above: ")
    meanings = [SCENARIO_MEANINGS[s.kind] for s in proj.scenarios]
    assert len(meanings) == 4  # today's rates, equal promotion, equal appointment, equal leaving
    text = plain(section_html(reports.html(tier)))
    pdf = pdf_reading(reports.pdf(tier))
    assert HEADING in pdf
    for words in (sentence, chance, *meanings):
        assert words in text, words
        assert words in pdf, words


def test_public_withheld_notes(reports: ReportSet) -> None:
    text = plain(section_html(reports.html("public")))
    proj = reports.views["public"].outlook.projection  # type: ignore[union-attr]
    assert proj is not None
    assert "What the public tier withholds from the projection:" in text
    for note in proj.withheld:
        assert note[:1].upper() + note[1:] in text
    assert any("withheld: fewer than 8 BME" in w for w in proj.withheld)
    assert "withholds" not in plain(section_html(reports.html("internal")))


def test_public_tier_shows_no_internal_only_count(reports: ReportSet) -> None:
    """A band whose public counts are suppressed shows [c], and its internal heads appear nowhere in the public
    section (they do in the internal one)."""
    internal = reports.views["internal"].outlook
    public = reports.views["public"].outlook
    assert internal is not None
    assert public is not None
    assert internal.model_employer is not None
    assert public.model_employer is not None
    hidden = [p for p in public.model_employer.rows if p.actual.bme is None and p.actual.headcount is not None]
    assert hidden, "the report trust should have a band whose public BME count is suppressed"
    pub_text = plain(section_html(reports.html("public")))
    int_text = plain(section_html(reports.html("internal")))
    pub_rows = table(reports.html("public"), "outlook-model-employer-table")
    checked = 0
    for p in hidden:
        inner = next(q for q in internal.model_employer.rows if q.band == p.band)
        assert inner.actual.bme is not None
        row = next(r for r in pub_rows if r[0] in (p.band, f"Band {p.band}", "Very senior manager"))
        assert row[6] == MARKER
        for value in (inner.actual.bme, inner.actual.headcount):
            if value is None or value < 10:
                continue  # a small number appears in any text (years, percentages' digits)
            token = re.compile(rf"(?<![\d.,]){value:,}(?![\d.,%])")
            assert token.search(int_text), value
            assert not token.search(pub_text), (p.band, value)
            checked += 1
    assert checked
    # public heads: multiples of 5 (or [c])
    for row in pub_rows:
        for cell in (row[4], row[6]):
            assert cell == MARKER or int(cell.replace(",", "")) % 5 == 0, row


def test_public_projection_starts_after_the_snapshot(reports: ReportSet) -> None:
    page = reports.html("public")
    data = [t for t in read_page(section_html(page)).tables if "projected BME share" in t.caption]
    assert len(data) == 1
    years = [int(r[0].text) for r in data[0].rows]
    assert years[0] == YEAR + 1
    internal = [t for t in read_page(section_html(reports.html("internal"))).tables if "projected" in t.caption]
    assert int(internal[0].rows[0][0].text) == YEAR


# -- missing parts -------------------------------------------------------------------------------------------------


def _texts(section: Section) -> list[str]:
    out: list[str] = []
    for block in section.blocks:
        if isinstance(block, Section):
            out += _texts(block)
        elif isinstance(block, Paragraphs):
            out += block.texts
    return out


def test_a_missing_part_is_a_sentence(reports: ReportSet) -> None:
    view = reports.views["internal"]
    notes = [
        "Model Employer targets: WRES year 2017 is before the Model Employer baseline year 2018",
        "Pipeline projection: too few 31 March snapshots to estimate flows",
    ]
    missing = replace(view, outlook=Outlook(reports.data.org_code, YEAR, "internal", None, None, notes))
    report = build_report(reports.data, missing, charts=False)
    section = next(s for s in report.sections if s.id == "outlook")
    texts = _texts(section)
    assert (
        "The Model Employer targets cannot be shown: WRES year 2017 is before the Model Employer baseline year 2018."
        in texts
    )
    assert "The pipeline projection cannot be shown: too few 31 March snapshots to estimate flows." in texts
    assert not any(isinstance(b, Section) for b in section.blocks)

    skipped = replace(view, outlook=None)
    section = next(s for s in build_report(reports.data, skipped, charts=False).sections if s.id == "outlook")
    assert any("built without" in t for t in _texts(section))
