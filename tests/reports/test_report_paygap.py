"""The report's pay gap subsection of "Where today's rates lead" (issue 17), read back from the HTML (and the PDF's
text) of both tiers of the report tests' trust. Oracles: pay_gap called directly on the store's snapshot, a hand
computation of the mean gap from the staff table, the public view's published counts; the public report must show
no internal-only value."""

from __future__ import annotations

import html
import re
import subprocess

import pandas as pd
import pytest
from tests.reports.report_set import PAYGAP_RESAMPLES, YEAR, ReportSet, read_page, report_set

from wres.analysis.paygap import PayGap, PayGapOptions, pay_gap, pay_snapshot
from wres.config import DEFAULT_CONFIG
from wres.disclosure import DisclosurePolicy
from wres.disclosure.paygap import protect_pay_gap
from wres.store import Store
from wres.vocab.ethnicity import wres_group_of

HEADING = f"Ethnicity pay gap, 31 March {YEAR}"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


def section_text(page: str) -> str:
    start = page.index('<section id="outlook"')
    end = page.index('<section id="action-plan"', start)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page[start:end])).split())


def table(page: str, table_id: str) -> dict[str, list[str]]:
    found = [t for t in read_page(page).tables if t.id == table_id]
    assert len(found) == 1, table_id
    return {row[0].text: [c.text for c in row[1:]] for row in found[0].rows}


def direct(reports: ReportSet, grouping: str) -> PayGap:
    s = DEFAULT_CONFIG.paygap
    options = PayGapOptions(
        grouping=grouping,
        reference=s.reference,
        population=s.population,
        min_group=s.min_group,
        n_resamples=PAYGAP_RESAMPLES,
        seed=s.seed,
    )
    with Store(reports.store, read_only=True) as st:
        org = sorted(st.organisations())[0]
        return pay_gap(pay_snapshot(st, org, YEAR), options, org_code=org, year=YEAR)


def hand_mean_gap(reports: ReportSet) -> float:
    with Store(reports.store, read_only=True) as st:
        frame = st.con.execute(
            "SELECT ethnic_category, hourly_pay FROM staff WHERE snapshot_date = ? AND hourly_pay > 0",
            [pd.Timestamp(YEAR, 3, 31).date()],
        ).df()
    group = frame["ethnic_category"].map(wres_group_of)
    white = frame.loc[group == "White", "hourly_pay"].astype(float)
    bme = frame.loc[group == "BME", "hourly_pay"].astype(float)
    return float(100 * (white.mean() - bme.mean()) / white.mean())


def test_internal_report_shows_the_five_groups_as_pay_gap_computes_them(reports: ReportSet) -> None:
    page = reports.html("internal")
    text = section_text(page)
    assert HEADING in text
    result = direct(reports, "ethnicity5")
    bme = result.gaps[0]
    assert bme.group == "BME"
    assert bme.mean_gap == pytest.approx(hand_mean_gap(reports), abs=1e-9)
    rows = table(page, "report-paygap-table")
    assert set(rows) == {"BME", "Mixed", "Asian", "Black", "Other"}
    assert rows["BME"][0] == f"{bme.n_group:,} / {bme.n_reference:,}"
    assert rows["BME"][1] == f"{bme.mean_gap:.1f}% ({bme.mean_gap_low:.1f}% to {bme.mean_gap_high:.1f}%)"
    assert rows["BME"][2] == f"{bme.median_gap:.1f}% ({bme.median_gap_low:.1f}% to {bme.median_gap_high:.1f}%)"
    assert rows["BME"][3] == f"{bme.band_mix:.1f} / {bme.within_band:.1f}"
    assert rows["BME"][4] == f"{100 * bme.disclosure_rate:.0f}%"
    direction = "less" if bme.mean_gap > 0 else "more"
    assert f"BME staff are paid on average {abs(bme.mean_gap):.1f}% {direction} per hour than White staff" in text
    quartiles = table(page, "report-paygap-quartiles")
    top = next(c for c in result.quartiles if c.quartile == 4 and c.group == "Black")
    assert quartiles["4 (highest paid)"][0] == f"{top.size:,}"
    assert quartiles["4 (highest paid)"][1 + list(result.partition).index("Black")].startswith(
        f"{100 * top.share:.1f}%"
    )


def test_public_report_is_the_public_view_only(reports: ReportSet) -> None:
    page = reports.html("public")
    text = section_text(page)
    assert HEADING in text
    internal = direct(reports, "wres")
    public = protect_pay_gap(internal, DisclosurePolicy.from_config(DEFAULT_CONFIG.disclosure))
    rows = table(page, "report-paygap-table")
    assert set(rows) == {"BME"}
    got, exact = public.gaps[0], internal.gaps[0]
    assert rows["BME"][0] == f"{got.n_group:,} / {got.n_reference:,}"
    differ = 0
    for mine, theirs in ((exact.n_group, got.n_group), (exact.n_reference, got.n_reference)):
        if mine != theirs:
            differ += 1
            assert f"{mine:,} /" not in text
            assert f"/ {mine:,}" not in text
    assert differ >= 1
    for label in ("Asian staff", "Black staff", "Mixed staff"):
        assert label not in text


def test_pdf_holds_the_subsection(reports: ReportSet) -> None:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(reports.pdf("internal")), "-"], capture_output=True, check=True
    )
    reading = " ".join(done.stdout.decode("utf-8").split())
    assert HEADING in reading
