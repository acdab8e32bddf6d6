"""The annual report's "Is it getting better?" section (issue 16), read back from the HTML and the PDF of both tiers.

A synthetic trust with monthly staff-in-post snapshots and a known effect from October 2024 (BME odds of
appointment into band 8a and above multiplied by 5: tests/analysis/progress_synth.py, at half the size of the
analysis tests' trust so the report is quick to build) gets its WRES 2026 report; the report tests' own trust, with
31 March snapshots only, shows what monthly extracts would add instead of an empty chart.

Oracles: the store itself (the BME share at band 8a and above on 31 March 2026 by SQL), statsmodels' power
function (methods.md §13) for a detectable ratio, the counts the leading table shows (its ratio recomputed by hand),
and the public tier's own progress records (what it does not publish must not appear).
"""

from __future__ import annotations

import html
import math
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import power_proportions_2indep
from tests.analysis.progress_synth import EFFECT_MONTH, synthetic_store
from tests.reports.report_set import AXE, CHROMIUM, CHROMIUM_ARGS, read_page, report_set

from wres.analysis.progress import detectability_for
from wres.analysis.progress.public import ROUNDING_CAUTION
from wres.analysis.progress.summary import format_value
from wres.reports.build import ReportOutputs, write_tier
from wres.reports.data import ReportData, TierView, gather, tier_view
from wres.reports.sections.progress import xmr_of
from wres.reports.sections.texts import ACTING_UP_MISSING, MONTHLY_EXTRACTS
from wres.stats.power import power_ratio
from wres.store import Store
from wres.vocab.ethnicity import wres_group_of

YEAR = 2026
HEADING = "Is it getting better?"
SENIOR = "BME share of staff at band 8a and above (monthly)"
IMPROVEMENT = "Special cause: improvement — the BME share of staff at band 8a and above"


@dataclass(frozen=True)
class Built:
    store: Path
    data: ReportData
    views: dict[str, TierView]
    outputs: dict[str, ReportOutputs]

    def html(self, tier: str) -> str:
        return self.outputs[tier].html.read_text(encoding="utf-8")

    def pdf(self, tier: str) -> Path:
        path = self.outputs[tier].pdf
        assert path is not None
        return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("report-progress")
    store = synthetic_store(folder, size=3000, effect_month=EFFECT_MONTH, effect_factor=5.0)
    with Store(store, read_only=True) as st:
        data = gather(st, YEAR, outlook=False)  # the outlook section is test_report_outlook.py's
    views = {tier: tier_view(data, tier) for tier in ("public", "internal")}
    outputs = {tier: write_tier(data, tier, folder / "out", view=views[tier], workbook=False) for tier in views}
    return Built(store, data, views, outputs)


def section_html(page: str, section: str = "progress") -> str:
    start = page.index(f'<section id="{section}"')
    end = page.index('<section id="outlook"', start)
    return page[start:end]


def plain(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table(page: str, table_id: str) -> list[list[str]]:
    found = [t for t in read_page(page).tables if t.id == table_id]
    assert len(found) == 1, table_id
    return [[c.text for c in row] for row in found[0].rows]


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_reading(path: Path) -> str:
    """The PDF's text in reading order (a table cell's lines together, unlike ``-layout``), white space collapsed."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return squash(done.stdout.decode("utf-8"))


# -- the section and its place -----------------------------------------------------------------------------------


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_heading_after_the_indicators_before_outlook_plan_and_appendix(built: Built, tier: str) -> None:
    page = built.html(tier)
    h2 = [text for level, text in read_page(page).headings if level == 2]
    at = h2.index(HEADING)
    assert h2[at + 1] == "Where today's rates lead"
    assert h2[at + 2] == "Race equality plan"
    assert h2[at + 3].startswith("Appendix")
    assert any(t.startswith("Indicator 9") for t in h2[:at])
    assert all(not t.startswith("Indicator") for t in h2[at:])
    assert f'<a href="#progress">{HEADING}</a>' in page  # in the contents


# -- SPC ------------------------------------------------------------------------------------------------------------


def _senior_row(page: str) -> list[str]:
    rows = [r for r in table(page, "progress-spc-table") if r[0] == SENIOR]
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_band_8a_share_reads_special_cause_improvement(built: Built, tier: str) -> None:
    row = _senior_row(built.html(tier))
    assert row[3] == "Special cause: improvement (higher values)"
    assert row[-1].startswith(IMPROVEMENT)
    text = plain(section_html(built.html(tier)))
    for words in ("Special cause — improvement:", "Special cause — concern:", "Common cause — no significant change:"):
        assert words in text  # the key, in words


def test_internal_latest_value_is_the_stores_share(built: Built) -> None:
    """The internal latest value against the store, by SQL: BME staff at band 8a and above on 31 March 2026."""
    with Store(built.store, read_only=True) as st:
        by_category = st.con.execute(
            """
            SELECT ethnic_category, count(*) FROM staff
            WHERE snapshot_date = DATE '2026-03-31' AND band IN ('8a', '8b', '8c', '8d', '9', 'VSM')
              AND NOT bank_only AND contract <> 'honorary'
            GROUP BY ethnic_category
            """
        ).fetchall()
    senior = sum(n for _, n in by_category)
    bme = sum(n for code, n in by_category if wres_group_of(code) == "BME")
    assert 0 < bme < senior
    row = _senior_row(built.html("internal"))
    assert row[2] == f"{100 * bme / senior:.1f}% (2026-03)"


def test_charts_of_the_key_series(built: Built) -> None:
    figures = {f["caption"]: f for f in read_page(built.html("internal")).figures}
    senior = [c for c in figures if c.startswith("BME share of staff at band 8a and above: ")]
    assert len(senior) == 1
    assert "XmR chart to 2026-03" in senior[0]
    assert figures[senior[0]]["svg"] is not None
    assert "Variation: Special cause: improvement (higher values)" in figures[senior[0]]["desc"]
    # public: a stock share moves by a person or two a month, less than rounding its counts to 5 would move it, so
    # its chart is not drawn (wres.analysis.progress.public.rounding_swamps); the reading is given, with the reason
    public = read_page(built.html("public"))
    assert not [f for f in public.figures if f["caption"].startswith("BME share of staff at band 8a and above")]
    text = plain(section_html(built.html("public")))
    assert "The chart of the BME share of staff at band 8a and above is not published: counts rounded to 5" in text
    assert ROUNDING_CAUTION in text
    internal = {f["caption"] for f in read_page(built.html("internal")).figures}
    assert any(c.startswith("Relative likelihood of appointment from shortlisting (White ÷ BME): ") for c in internal)


def test_ratio_chart_is_drawn_on_the_ratio_scale(built: Built) -> None:
    view = built.views["internal"].progress
    assert view is not None
    summary = next(s for s in view.spc.series if s.key == "appointment_ratio")
    assert summary.chart is not None
    result = xmr_of(summary)
    assert np.allclose(result.points["value"], np.exp(summary.chart["value"]))
    assert np.allclose(result.points["upl"], np.exp(summary.chart["upl"]))
    assert list(result.points["point_type"]) == list(summary.chart["point_type"])


# -- public tier: nothing only the internal computation knows ------------------------------------------------------


def test_public_section_holds_no_internal_only_value(built: Built) -> None:
    public, internal = built.views["public"].progress, built.views["internal"].progress
    assert public is not None
    assert internal is not None
    hidden = [s for s in public.spc.series if not s.chart_published]
    assert hidden  # e.g. the BME share at VSM: too few people (else this test proves nothing)
    section = plain(section_html(built.html("public")))
    by_key = {(s.key, s.group): s for s in internal.spc.series}
    for s in hidden:
        assert s.last_value is None
        assert s.chart is None
        own = by_key[(s.key, s.group)]
        assert own.last_value is not None
        value = format_value(own.last_value, own.kind)
        assert f"{value} ({own.last_period})" not in section  # the latest-value cell
        assert f"({value} in {own.last_period})" not in section  # the sentence
        assert own.sentence not in section
    vsm = [r for r in table(built.html("public"), "progress-spc-table") if r[0].startswith("BME share of staff at VSM")]
    assert vsm
    assert vsm[0][2] == "Not published"
    internal_vsm = [r for r in table(built.html("internal"), "progress-spc-table") if r[0] == vsm[0][0]]
    assert internal_vsm[0][2] != "Not published"
    assert internal_vsm[0][2] not in section


def test_public_leading_counts_are_rounded(built: Built) -> None:
    rows = table(built.html("public"), "progress-leading-table")
    counts = [int(n.replace(",", "")) for r in rows for cell in (r[1], r[3]) for n in re.findall(r"[\d,]+", cell)]
    assert counts
    assert all(n % 5 == 0 for n in counts)


def test_public_detectability_from_protected_rows(built: Built) -> None:
    view = built.views["public"]
    assert view.progress is not None
    frame = pd.concat([view.results, view.progress.leading], ignore_index=True)
    expected = detectability_for(frame, built.data.org_code, YEAR, tier="public")
    assert [d.sentence for d in view.progress.detectability] == [d.sentence for d in expected]
    # a suppressed count gives the reason, never a number
    hidden = frame.copy()
    first = (hidden["indicator"] == "2") & hidden["headline"].astype(bool) & (hidden["year"] == YEAR)
    hidden.loc[first, "c"] = math.nan
    two = next(d for d in detectability_for(hidden, built.data.org_code, YEAR, tier="public") if d.indicator == "2")
    assert two.reason == "suppressed"
    assert math.isnan(two.detectable_1y)


# -- detectability ----------------------------------------------------------------------------------------------


def test_indicator_2_detectability_sentence_and_a_figure_by_hand(built: Built) -> None:
    view = built.views["internal"]
    assert view.progress is not None
    frame = pd.concat([view.results, view.progress.leading], ignore_index=True)
    rows = detectability_for(frame, built.data.org_code, YEAR)
    two = next(d for d in rows if d.indicator == "2")
    page = built.html("internal")
    assert two.sentence.startswith("With your numbers, indicator 2 would need to reach about")
    assert two.sentence in plain(section_html(page))
    shown = next(r for r in table(page, "progress-detect-table") if r[0].startswith("Indicator 2"))
    assert shown[2] == f"{two.detectable_1y:.2f}"
    # by hand (methods.md §13): White's rate = RR × BME's, BME the comparator; 80% power at the 1-year ratio,
    # and at the 3-year ratio with both groups three times as large
    head = view.results[
        (view.results["indicator"] == "2")
        & view.results["headline"].astype(bool)
        & (view.results["year"] == YEAR)
        & (view.results["grouping"] == "wres")
        & (view.results["breakdown"] == "overall")
    ].iloc[0]
    n_white, n_bme, p_bme = float(head["n1"]), float(head["n2"]), float(head["c"]) / float(head["n2"])
    for years, rr in ((1, two.detectable_1y), (3, two.detectable_3y)):
        power = power_proportions_2indep((rr - 1) * p_bme, p_bme, years * n_white, ratio=n_bme / n_white).power
        assert power == pytest.approx(0.8, abs=1e-4)
        assert power_ratio(rr, p_bme, years * n_white, years * n_bme) == pytest.approx(0.8, abs=1e-4)
    assert 1 < two.detectable_5y < two.detectable_3y < two.detectable_1y


# -- leading indicators -----------------------------------------------------------------------------------------


def test_leading_rows(built: Built) -> None:
    rows = {r[0].split(" (")[0]: r for r in table(built.html("internal"), "progress-leading-table")}
    assert list(rows) == ["Promotion", "Leaving", "Internal appointment", "Acting up"]
    for name in ("Promotion", "Leaving", "Internal appointment"):
        row = rows[name]
        (a, n1), (c, n2) = (
            tuple(int(x.replace(",", "")) for x in re.findall(r"[\d,]+", cell)) for cell in (row[1], row[3])
        )
        white, bme = a / n1, c / n2
        ratio = bme / white if name == "Leaving" else white / bme  # leaving is BME ÷ White
        assert row[5] == f"{ratio:.2f}"
        low, high = (float(x) for x in row[6].split(" to "))
        assert low < ratio < high
        assert row[7]  # a status
    assert rows["Acting up"][-1] == "Not recorded"
    assert ACTING_UP_MISSING in plain(section_html(built.html("internal")))
    assert ACTING_UP_MISSING in plain(section_html(built.html("public")))


# -- the PDF --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_pdf_holds_the_section(built: Built, tier: str) -> None:
    text = pdf_reading(built.pdf(tier))
    view = built.views[tier].progress
    assert view is not None
    assert HEADING in text
    assert "Month by month: statistical process control" in text
    assert squash(IMPROVEMENT) in text
    two = next(d for d in view.detectability if d.indicator == "2")
    assert squash(two.sentence) in text
    assert "Acting up: not recorded." in text
    assert "What change could your numbers detect?" in text


# -- accessibility: the SPC charts and their data grids --------------------------------------------------------------


@pytest.mark.xdist_group("browser")
def test_axe_on_the_section_with_charts(built: Built) -> None:
    """axe-core (WCAG 2.2 AA) on the monthly report's pages: no serious or critical violation (the report set's own
    a11y test reads a store with 31 March snapshots only, so without the XmR charts)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for tier in ("public", "internal"):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(built.outputs[tier].html.resolve().as_uri())
                page.wait_for_load_state("load")
                page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
                result = page.evaluate(
                    "async () => await axe.run('#progress', {runOnly: {type: 'tag', values: "
                    "['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})"
                )
                serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
                assert not serious, (tier, serious)
                assert page.locator("#progress figure svg[role=img]").count() >= 1
                page.close()
        finally:
            browser.close()


# -- a store with 31 March snapshots only -------------------------------------------------------------------------


def test_annual_snapshots_only_say_what_monthly_extracts_would_add(tmp_path_factory: pytest.TempPathFactory) -> None:
    rs = report_set(tmp_path_factory.getbasetemp())
    for tier in ("public", "internal"):
        view = rs.views[tier].progress
        assert view is not None
        assert not view.monthly_staff
        assert not [s for s in view.spc.series if s.key in ("senior_share", "vsm_share")]
        page = rs.html(tier)
        section = plain(section_html(page))
        assert HEADING in section
        assert MONTHLY_EXTRACTS.replace("`", "") in section.replace("`", "")
        assert not any(
            c.startswith("BME share of staff at band 8a") for c in (f["caption"] for f in read_page(page).figures)
        )
        assert "Monthly staff-in-post extracts" in pdf_reading(rs.pdf(tier))
