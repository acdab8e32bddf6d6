"""Issue 18's regional report (``wres region-report``): every organisation of a region side by side, public figures
only, in HTML and PDF/UA.

Oracles independent of the report: the region's organisations from the warehouse's own table; England's indicator 2
value pooled by hand from the published counts (each a multiple of 5 under ``public-v2``); the London NHS trusts and
their published percentages read straight from the packaged NHS Staff Survey CSV; the PDF's text by pdftotext.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from tests.regions import TRUST_GROUPS, region_store

from wres.cli.main import run
from wres.config import load_config
from wres.ingest.published import published_path
from wres.reports.region_data import MEASURES, gather_region, survey_measures
from wres.store import Store

YEAR = 2025


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("region-report")
    store = region_store(folder, n_orgs=10, london=5, size=400, seed=21, last_year=YEAR)
    out = folder / "out"
    assert run(["region-report", "--region", "london", "--store", str(store), "--out", str(out)]) == 0
    return store, out


def _section(page: str, key: str) -> str:
    """The section of measure ``key`` (sections are numbered in :data:`MEASURES` order)."""
    start = page.index(f'<section id="measure-{list(MEASURES).index(key) + 1}"')
    end = page.find("<section id=", start + 10)
    return page[start : end if end > 0 else len(page)]


def test_every_organisation_of_the_region_and_no_other(written: tuple[Path, Path]) -> None:
    store, out = written
    page = (out / f"wres-region-{YEAR}-london.html").read_text(encoding="utf-8")
    with Store(store, read_only=True) as st:
        orgs = st.con.execute("SELECT org_code, region FROM organisations").df()
    part = _section(page, "2")
    for code, region in zip(orgs["org_code"], orgs["region"], strict=True):
        assert (f"({code})" in part) == (region == "London"), code


def test_england_is_pooled_from_published_counts(written: tuple[Path, Path]) -> None:
    store, out = written
    page = html.unescape((out / f"wres-region-{YEAR}-london.html").read_text(encoding="utf-8"))
    with Store(store, read_only=True) as st:
        figures = gather_region(st, YEAR, load_config())
    rows = MEASURES["2"].pick(figures.results)
    rows = rows[pd.to_numeric(rows["year"]) == YEAR].dropna(subset=["a", "n1", "c", "n2"])
    for column in ("a", "n1", "c", "n2"):
        assert ((pd.to_numeric(rows[column]) % 5) == 0).all()
    a, n1, c, n2 = (pd.to_numeric(rows[k]).sum() for k in ("a", "n1", "c", "n2"))
    part = _section(page, "2")
    assert re.search(r"England</[^>]+>\s*<[^>]+>\s*([0-9.]+)", part).group(1) == f"{(a / n1) / (c / n2):.2f}"  # type: ignore[union-attr]


def test_real_survey_results_of_every_london_trust(written: tuple[Path, Path]) -> None:
    _, out = written
    page = html.unescape((out / f"wres-region-{YEAR}-london.html").read_text(encoding="utf-8"))
    raw = pd.read_csv(published_path("nhs-staff-survey-org-results-2021-2024.csv"))
    london = raw[(raw["Year"] == YEAR - 1) & raw["Benchmarking group"].isin(TRUST_GROUPS) & (raw["Region"] == "London")]
    london = london.dropna(subset=["Discrimination_internal_base", "Discrimination_internal_rate"])
    assert len(london) > 20
    number = len(MEASURES) + list(survey_measures()).index("survey-discrimination_internal") + 1
    start = page.index(f'<section id="measure-{number}"')
    part = page[start : page.find("<section id=", start + 10)]
    assert "experienced discrimination at work from a manager" in part
    for code, rate in zip(london["ODS code"], london["Discrimination_internal_rate"], strict=True):
        assert re.search(rf"\({re.escape(code)}\)</th>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>{rate:.1f}%", part), code


def test_the_pdf_is_the_report(written: tuple[Path, Path]) -> None:
    _, out = written
    pdf = out / f"wres-region-{YEAR}-london.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "London (NHS England region)" in text
    assert "every organisation side by side" in text
    assert "Against England" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)  # tagged PDF/UA-1, as the annual report
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"pdfuaid:part[^0-9]{0,3}1", meta)


def test_a_region_not_known_is_refused(tmp_path: Path) -> None:
    assert run(["region-report", "--region", "Atlantis", "--store", str(tmp_path / "s.duckdb")]) == 2


def test_the_regions_funnel_takes_its_overdispersion_from_every_organisation(written: tuple[Path, Path]) -> None:
    """The region's funnel is drawn around England with τ² estimated over every organisation in the warehouse (the
    oracle: ``funnel_of_results`` of all of them, the function the reference cases test), not over the region's
    own organisations; each London organisation's 95% position is then recomputed here by hand (methods §9.2:
    ``|asin√p − asin√p0| ≤ 1.96·√(1/(4n) + τ²)``)."""
    import numpy as np

    from wres.analysis.funnel import funnel_of_results
    from wres.reports.region_data import region_rows

    store, _ = written
    with Store(store, read_only=True) as st:
        figures = gather_region(st, YEAR, load_config())
        london = set(st.con.execute("SELECT org_code FROM organisations WHERE region = 'London'").df()["org_code"])
    got = region_rows(figures, "London", "1")
    assert got.funnel is not None
    assert got.england is not None
    everyone = MEASURES["1"].pick(figures.results)
    everyone = everyone[pd.to_numeric(everyone["year"]) == YEAR].drop_duplicates("org_code")
    assert set(everyone["org_code"]) > london  # the warehouse holds organisations of other regions too
    national = funnel_of_results(everyone, centre=got.england).overdispersion
    assert got.funnel.overdispersion == national
    p0, tau2 = got.england, national.tau2
    for point in got.funnel.points.to_dict("records"):
        assert point["unit"] in london
        row = everyone[everyone["org_code"] == point["unit"]].iloc[0]
        p, n = float(row["a"]) / float(row["n1"]), float(row["n1"])
        inside = abs(np.arcsin(np.sqrt(p)) - np.arcsin(np.sqrt(p0))) <= 1.959963984540054 * np.sqrt(1 / (4 * n) + tau2)
        assert ("within" in point["label"]) == bool(inside), point
