"""Parts of the report, one at a time: which rows are published, the tier views, the workbook/CSV hand-off,
accessible SVG, formatting of cells."""

from __future__ import annotations

import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from tests.reports.report_set import YEAR, ReportSet, report_set

from wres.disclosure import MARKER
from wres.reports.build import write_tier
from wres.reports.charts import accessible_svg, bar_chart, gap_chart, ratio_chart, share_chart, to_svgs
from wres.reports.content import Cell, Table, iter_figures
from wres.reports.data import published_rows
from wres.reports.html import column_widths, css_string, render_html
from wres.reports.sections import Formatter, build_report, change_cell


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


def test_published_rows(reports: ReportSet) -> None:
    results = reports.data.results
    # up to five years (data.HISTORY): the store holds four, WRES 2022-2025
    assert sorted(set(results["year"])) == [YEAR - 3, YEAR - 2, YEAR - 1, YEAR]
    old = results[results["year"] <= YEAR - 2]
    assert set(old["breakdown"]) == {"overall"}
    assert set(old["grouping"]) == {"wres"}
    groups = results[results["grouping"] != "wres"]
    assert set(groups["grouping"]) == {"group5"}
    assert set(groups["breakdown"]) == {"overall"}
    assert set(groups["year"]) == {YEAR - 1, YEAR}
    assert "9" in set(groups["indicator"])  # the board by 5 groups, against the workforce by 5 groups
    this = results[(results["year"] == YEAR) & (results["grouping"] == "wres")]
    assert {"overall", "band", "cluster", "category"} <= set(this["breakdown"])
    # the same predicate selects the counts behind every published result
    counts = reports.data.counts
    assert published_rows(counts, YEAR, "group5").all()
    assert set(map(tuple, counts[["year", "grouping", "breakdown"]].drop_duplicates().to_numpy())) == set(
        map(tuple, results[["year", "grouping", "breakdown"]].drop_duplicates().to_numpy())
    )


def test_public_view_is_protected(reports: ReportSet) -> None:
    public, internal = reports.views["public"], reports.views["internal"]
    assert "disclosure" in public.results
    assert "disclosure" in public.counts
    assert "disclosure" not in internal.results
    assert "disclosure" not in internal.counts
    # public-v2 publishes the board's own counts exactly (methods.md §11.2 exemptions; their rows say "exempt")
    counts = public.counts[public.counts["disclosure"] != "exempt"]
    values = pd.to_numeric(counts["value"], errors="coerce").dropna()
    assert not values.between(1, 7).any()
    assert (values % 5 == 0).all()
    board = public.results["indicator"] == "9"
    for col in ("a", "n1", "c", "n2"):
        rows = public.results[~board] if col in ("a", "n1") else public.results
        shown = pd.to_numeric(rows[col], errors="coerce").dropna()
        assert not shown.between(1, 7).any(), col
    assert set(public.results["grouping"]) == {"wres"}, "the public tier leaves the disaggregated groups out"
    assert not public.groups_shown
    assert internal.groups_shown
    assert public.disclosure["policy"] == "public-v2"
    assert internal.disclosure["tier"] == "internal"
    # changes are computed from the tier's own rows: a suppressed figure's change is never calculated
    rows = public.results
    suppressed = rows[(rows["year"] == YEAR) & (rows["reason"] == "suppressed") & rows["estimate"].isna()]
    assert not suppressed.empty
    merged = public.changes.merge(
        suppressed[["indicator", "variant", "category", "breakdown", "stratum", "grouping", "group_a", "group_b"]]
    )
    assert (merged["reason"] == "suppressed").all()


def _stub_writers(monkeypatch: pytest.MonkeyPatch, calls: list[dict[str, Any]]) -> None:
    def write_return_workbook(results: pd.DataFrame, counts: pd.DataFrame, path: Path, **kw: Any) -> Path:
        calls.append({"what": "workbook", "results": results, "counts": counts, "path": path, **kw})
        path.write_bytes(b"PK")
        return path

    def write_figures_csv(results: pd.DataFrame, counts: pd.DataFrame, folder: Path, **kw: Any) -> list[Path]:
        calls.append({"what": "csv", "results": results, "counts": counts, "path": folder, **kw})
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "results.csv").write_text("x\n")
        return [folder / "results.csv"]

    workbook = types.ModuleType("wres.reports.workbook")
    workbook.write_return_workbook = write_return_workbook  # type: ignore[attr-defined]
    figures = types.ModuleType("wres.reports.figures")
    figures.write_figures_csv = write_figures_csv  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "wres.reports.workbook", workbook)
    monkeypatch.setitem(sys.modules, "wres.reports.figures", figures)


@pytest.mark.parametrize("tier", ["public", "internal"])
def test_workbook_and_csv_get_the_tier_frames(
    reports: ReportSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tier: str
) -> None:
    calls: list[dict[str, Any]] = []
    _stub_writers(monkeypatch, calls)
    view = reports.views[tier]
    out = write_tier(reports.data, tier, tmp_path, pdf=False, charts=False, view=view)
    assert [c["what"] for c in calls] == ["workbook", "csv"]
    for call in calls:
        assert call["org_code"] == reports.data.org_code
        assert call["year"] == YEAR
        assert call["tier"] == tier
        assert call["results"] is view.results
        assert call["counts"] is view.counts
        meta = call["metadata"]
        assert meta["tier"] == tier
        assert meta["config"]["ranges"]["low"] == 0.8
        if tier == "public":
            assert meta["disclosure"]["policy"] == "public-v2"
            assert meta["disclosure"]["footnote"]
    assert out.workbook == tmp_path / f"wres-return-{YEAR}-{reports.data.org_code}-{tier}.xlsx"
    assert out.csv == [tmp_path / f"wres-figures-{YEAR}-{reports.data.org_code}-{tier}" / "results.csv"]


def test_missing_writers_are_skipped_with_a_note(
    reports: ReportSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "wres.reports.workbook", None)
    out = write_tier(reports.data, "internal", tmp_path, pdf=False, charts=False, view=reports.views["internal"])
    assert out.workbook is None
    assert out.csv == []
    assert any("not part of this build" in n for n in out.notes)
    assert out.html.exists()


def test_accessible_svg() -> None:
    raw = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10" viewBox="0 0 10 10">'
        '<defs><clipPath id="clip1"><rect/></clipPath></defs>'
        '<g role="graphics-object" aria-roledescription="group mark container" clip-path="url(#clip1)">'
        '<path aria-hidden="true" d="M0,0"/><use href="#clip1"/></g></svg>'
    )
    svg = accessible_svg(raw, uid="figure-3", title='A & B <"x">', description="Values: 1 < 2.")
    assert svg.startswith("<svg ")
    root = svg[: svg.index(">")]
    assert 'role="img"' in root
    assert 'aria-labelledby="figure-3-title"' in root
    assert 'aria-describedby="figure-3-desc"' in root
    assert 'class="chart-svg"' in root
    assert svg.count("role=") == 1
    assert "aria-hidden" not in svg
    assert "aria-roledescription" not in svg
    assert '<title id="figure-3-title">A &amp; B &lt;&quot;x&quot;&gt;</title>' in svg
    assert '<desc id="figure-3-desc">Values: 1 &lt; 2.</desc>' in svg
    assert 'id="figure-3-clip1"' in svg
    assert "url(#figure-3-clip1)" in svg
    assert 'href="#figure-3-clip1"' in svg
    assert not re.search(r'id="clip1"', svg)


def test_css_string() -> None:
    assert css_string('INTERNAL — "x" \\ y\nz') == 'INTERNAL — \\"x\\" \\\\ y z'


def test_formatter_marks_suppressed_cells(reports: ReportSet) -> None:
    public = Formatter(reports.views["public"])
    internal = Formatter(reports.views["internal"])
    row = {
        "disclosure": "suppressed",
        "a": float("nan"),
        "n1": 35.0,
        "estimate": None,
        "estimate_type": "ratio",
        "status": "not_computed",
        "reason": "suppressed",
    }
    assert public.count(row, "a").text == MARKER
    assert public.count(row, "a").suppressed
    assert public.count(row, "n1").text == "35"
    assert public.count_of(row, "a", "n1").text == f"{MARKER} of 35"
    assert public.estimate(row).text == MARKER
    assert public.status(row).text == MARKER
    assert internal.count({"a": float("nan")}, "a").text == "–"
    ok = {
        "estimate": 1.5625,
        "estimate_type": "ratio",
        "ci95_low": 1.3214,
        "ci95_high": 1.8478,
        "status": "adverse_evidence",
        "side": "above",
        "strong_evidence": True,
    }
    assert internal.estimate(ok).text == "1.56"
    assert internal.interval(ok).text == "1.32 to 1.85"
    # a table cell holds a short tag; the full reading is said once, in the indicator's sentence
    assert internal.status(ok).text == "Adverse (above); strong evidence"
    assert internal.reading(ok) == (
        "Outside the non-adverse range of 0.80 to 1.25; statistically significant (above the range); "
        "strong evidence (99.8% interval)"
    )
    # a survey gap whose 99.8% interval excludes 0 too says so, as a significant ratio does (wres-domain.md §5.8)
    strong_gap = {"estimate": 7.0, "estimate_type": "gap_points", "status": "bme_worse_evidence"}
    assert internal.status({**strong_gap, "strong_evidence": True}).text == "BME staff fare worse; strong evidence"
    assert internal.status({**strong_gap, "strong_evidence": False}).text == "BME staff fare worse"
    assert internal.reading({**strong_gap, "strong_evidence": True}) == (
        "BME staff fare worse; statistically significant; strong evidence (99.8% interval)"
    )
    gap = {"estimate": -1.1053, "estimate_type": "gap_points", "ci95_low": -7.42, "ci95_high": 5.31}
    assert internal.estimate(gap).text == "\u22121.1"
    assert internal.interval(gap).text == "\u22127.4 to +5.3"
    assert change_cell({"label": "could not be calculated", "reason": "suppressed"}).text == MARKER
    text = change_cell(
        {"label": "getting worse", "previous_estimate": 1.2, "previous_year": 2024, "estimate_type": "ratio"}
    ).text
    assert text == "Getting worse (2024: 1.20)"


def test_column_widths() -> None:
    table = Table(
        "t",
        "caption",
        ["Indicator (measure)", "Value", "Status"],
        [
            [
                Cell("2. Appointment from shortlisting (White ÷ BME)", header=True),
                Cell("1.55", "num"),
                Cell("Outside the non-adverse range; statistically significant (above the range)", "status"),
            ],
            [Cell("3. Entry", header=True), Cell("0.94", "num"), Cell("Within the range", "status")],
        ],
    )
    widths = column_widths(table)
    assert len(widths) == 3
    assert 98 <= sum(widths) <= 102
    value, status = widths[1], widths[2]
    assert value < widths[0] < status, widths
    assert value >= 100 * (len("Value") + 2) / 120 - 1, "a column is never narrower than its longest word"
    narrow = Table("n", "c", ["Year", "Count"], [[Cell("2025", header=True), Cell("1,234", "count")]])
    year, count = column_widths(narrow)
    assert year < count
    assert year + count == 100


def test_chart_specifications_are_plain_data() -> None:
    import json

    points = pd.DataFrame(
        {
            "label": ["2025 all", "2024 all"],
            "estimate": [1.2, 0.9],
            "lo": [1.0, float("nan")],
            "hi": [1.4, float("nan")],
            "text": ["1.20", "0.90"],
        }
    )
    specs = [
        ratio_chart(points, low=0.8, high=1.25, axis_title="Ratio"),
        gap_chart(points, axis_title="Gap"),
        share_chart(points, benchmark=40.0, axis_title="Share"),
        bar_chart(points, axis_title="Share"),
    ]
    for spec in specs:
        assert isinstance(spec, dict)
        json.dumps(spec, allow_nan=False)  # NaN became null: the specification is valid JSON
        assert spec["data"]["values"][1]["lo"] is None
    svgs = to_svgs(specs)
    assert all(svg.lstrip().startswith("<svg") for svg in svgs)
    assert "Shaded: non-adverse range 0.80 to 1.25" in svgs[0]


def test_charts_can_be_rendered_with_the_page(reports: ReportSet) -> None:
    """Content built with ``render_charts=False`` carries each chart as a specification; rendering the page
    renders them (this is how a helper process renders a tier it did not build)."""
    view = reports.views["public"]
    report = build_report(reports.data, view, render_charts=False)
    figures = list(iter_figures(report.sections))
    drawn = [f for f in figures if f.chart is not None]
    assert drawn, "the public report has charts"
    assert all(f.svg is None for f in figures)
    html = render_html(report)
    assert all(f.chart is None and f.svg is not None for f in drawn)
    assert html.count('class="chart-svg"') == len(drawn)


def test_report_modules_leave_statsmodels_api_unimported() -> None:
    """The report needs change and national context, not the trend models: ``statsmodels.api`` (about half a
    second to import) stays out of a report's process."""
    code = (
        "import sys, wres.analysis, wres.reports.sections, wres.reports.build, wres.reports.data;"
        "print('statsmodels.api' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
