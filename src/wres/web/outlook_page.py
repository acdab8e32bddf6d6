"""The Progress page's content, "Where today's rates lead" (issue 17): the Model Employer targets per band and the
pipeline projection with its scenarios, for one organisation, WRES year and tier, from
:func:`wres.reports.outlook_data.outlook` (the report's and the CLI's own data: the three can never disagree).

* **Model Employer** (wres-domain.md §7.2): a table of every band judged in the year (baseline, target and actual
  share, target and actual BME heads, the gap, the net BME gain a year still needed, the status in words), the
  trajectory's label ("issued for 2024 (version 1)" or "not issued") and a chart of one band's trajectory and its
  actual shares from the baseline year to the target year (the band chosen on the page; "8a and above" by default).
* **Pipeline projection** (methods.md §12): each band's sentence, the chance of reaching the workforce share by the
  Model Employer target year in words, scenario by scenario ("at today's rates: 19% chance by 2028"), and the chart
  of the baseline and the scenarios (:mod:`wres.reports.projection_chart`) for the chosen band with its text
  alternative and data table; a plain-English note on what each scenario assumes.
* **Tiers**: the public tier is ``outlook(..., tier="public")`` only (shares and heads from published counts; the
  projection's public view, whose withheld notes the page shows); internal-only numbers never reach it.
* **Missing parts** (too few years to project, no snapshot for the year, ...): the outlook's notes, no error.

**Caching.** The projection takes seconds (1,000 Monte Carlo runs per scenario), so the outlook is computed once
per organisation and year for both tiers (one simulation) by :func:`wres.web.figures.outlooks`, shared with the
report sets and the pay gap panel (:func:`shared_outlooks`), and kept until that organisation's data change; the
page built from it is cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Final

import pandas as pd

from wres.analysis.model_employer import STATUSES, BandProgress
from wres.reports.charts import CONFIG, DARK, FONT, SCHEMA, Spec, render_svg
from wres.reports.content import Cell, Table
from wres.reports.outlook_data import DEFAULT_RUNS, Outlook
from wres.reports.projection_chart import projection_svg
from wres.web import figures as fig
from wres.web.indicator_page import legible_svg
from wres.web.progress_panel import NARROW

__all__ = [
    "DEFAULT_BAND",
    "RUNS",
    "SCENARIO_NOTES",
    "BandChoice",
    "OutlookPage",
    "band_codes",
    "chance_words",
    "outlook_for",
    "outlook_page",
    "percent",
    "trajectory_chart",
]

DEFAULT_BAND: Final = "8a and above"
CHANCE_CLAUSE: Final = ". Chance of reaching it by"
"""Where a projection sentence's chances start (wres.analysis.projection.run): the page lists them in words."""
RUNS: int = DEFAULT_RUNS
"""Monte Carlo runs of the page's projection (the report's default; tests may lower it)."""

SCENARIO_NOTES: Final[dict[str, str]] = {
    "baseline": (
        "At today's rates: hiring, promotion and leaving go on, for each ethnic group, at the rates seen over the "
        "last three years."
    ),
    "equal-promotion": (
        "With equal promotion: BME staff in each band are promoted to higher bands as often as White staff are; "
        "hiring and leaving as today."
    ),
    "equal-appointment": (
        "With equal appointment: each band's new starters are BME and White in the same proportions as the "
        "applicants shortlisted for its posts, as if shortlisted BME and White applicants were equally likely to be "
        "appointed; promotion and leaving as today."
    ),
    "equal-leaving": (
        "With equal leaving: BME staff leave each band as often as White staff do; hiring and promotion as today."
    ),
    "hiring-mix": "With a different hiring mix: a chosen share of every band's new starters are BME.",
}
"""What each scenario assumes, in plain English (wres.analysis.projection.scenarios)."""


def percent(value: Fraction | float | None) -> str:
    """``12.3%``; an en dash for a missing or non-finite value."""
    if value is None:
        return "–"
    v = float(value)
    return "–" if not math.isfinite(v) else f"{100 * v:.1f}%"


def _heads(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def shared_outlooks(org: str, year: int) -> dict[str, Outlook]:
    """Both tiers' outlooks of ``org`` in ``year`` (:func:`wres.web.figures.outlooks`: one simulation of
    :data:`RUNS` runs, the pay gap at :data:`wres.web.paygap_panel.RESAMPLES`), shared with the report sets."""
    from wres.web import paygap_panel

    return fig.outlooks(org, year, RUNS, paygap_panel.RESAMPLES)


def outlook_for(org: str, year: int, tier: str) -> Outlook:
    """:func:`wres.reports.outlook_data.outlook` of ``org`` in ``year`` and ``tier``, computed once for both tiers
    until the organisation's data change (:func:`shared_outlooks`)."""
    return shared_outlooks(org, year)[tier]


@dataclass(frozen=True)
class BandChoice:
    value: str
    text: str
    selected: bool


@dataclass
class Chance:
    scenario: str
    text: str
    """``at today's rates: 19% chance by 2028``."""


@dataclass
class ProjectedBand:
    band: str
    heading: str
    sentence: str
    chances: list[Chance]


@dataclass
class OutlookPage:
    """What the page shows (module docstring); every text already in words."""

    year: int
    tier: str
    band: str
    bands: list[BandChoice]
    notes: list[str]
    label: str | None = None
    trajectory_notes: list[str] = field(default_factory=list)
    target_year: int | None = None
    baseline_year: int | None = None
    reference: str | None = None
    me_table: Table | None = None
    me_svg: str | None = None
    me_svg_narrow: str | None = None
    me_chart_table: Table | None = None
    projected: list[ProjectedBand] = field(default_factory=list)
    projection_svg: str | None = None
    projection_svg_narrow: str | None = None
    projection_table: Table | None = None
    projection_band: str | None = None
    scenario_notes: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    projection_notes: list[str] = field(default_factory=list)
    latest_year: int | None = None


def _band_words(band: str) -> str:
    return "band 8a and above" if band == DEFAULT_BAND else f"band {band}"


def me_table(rows: list[BandProgress], year: int, tier: str) -> Table:
    """The Model Employer table of ``year``: one row per band (:func:`wres.analysis.model_employer.judge`)."""
    head = [
        "Band",
        "Baseline share",
        f"Target share {year}",
        f"Actual share {year}",
        "Staff in band",
        "BME staff: target",
        "BME staff: actual",
        "Gap (BME staff)",
        "Net BME gain needed a year",
        "Status",
    ]
    body: list[list[Cell]] = []
    for p in rows:
        status = STATUSES[p.status] + (f": {p.note}" if p.note else "")
        body.append(
            [
                Cell(p.band, header=True),
                Cell(percent(p.baseline_share), "num"),
                Cell(percent(p.target_share), "num"),
                Cell(percent(p.actual_share), "num"),
                Cell(_heads(p.actual.headcount), "count", suppressed=p.actual.headcount is None),
                Cell(_heads(p.target_heads), "count"),
                Cell(_heads(p.actual.bme), "count", suppressed=p.actual.bme is None),
                Cell(_heads(p.gap), "count"),
                Cell(_heads(p.required_gain), "count"),
                Cell(status, "status"),
            ]
        )
    note = (
        "Public tier: shares and heads come from the published counts (rounded to 5, small counts not shown: –)."
        if tier == "public"
        else None
    )
    caption = f"Model Employer targets by band, 31 March {year}"
    return Table("outlook-me-table", caption, head, body, note)


def trajectory_chart(path: list[BandProgress], band: str, *, narrow: bool = False) -> Spec:
    """The chosen band's trajectory (target share each year) and its actual BME share at each snapshot, as a
    Vega-Lite specification: two series told apart by colour, dash and point shape, named in the legend;
    ``narrow``: the phone's version (title in lines, :data:`NARROW`'s size), shown below 641 px instead of the wide
    chart."""
    records: list[dict[str, Any]] = []
    for p in path:
        if p.band != band:
            continue
        if p.target_share is not None:
            records.append({"series": "Target (trajectory)", "year": p.year, "share": float(p.target_share)})
        if p.actual_share is not None:
            records.append({"series": "Actual BME share", "year": p.year, "share": float(p.actual_share)})
    order = ["Target (trajectory)", "Actual BME share"]
    top = max([r["share"] for r in records] + [0.05])
    y_scale = {"domain": [0, min(1.0, top * 1.1 + 0.01)], "nice": False}
    legend = {"orient": "bottom", "direction": "vertical", "title": None, "labelFontSize": 11, "labelLimit": 400}
    return {
        "$schema": SCHEMA,
        "config": {**CONFIG, "legend": {"labelColor": DARK, "labelFont": FONT}},
        "title": {
            "text": ["Model Employer trajectory,", _band_words(band)]
            if narrow
            else f"Model Employer trajectory, {_band_words(band)}",
            "subtitle": ["Target share each year and", "the actual BME share at 31 March"]
            if narrow
            else "Target share each year and the actual BME share at 31 March",
            "anchor": "start",
            "fontSize": 13,
            "subtitleFontSize": 11,
            "color": DARK,
            "subtitleColor": DARK,
        },
        "width": NARROW["width"] if narrow else 560,
        "height": NARROW["height"] if narrow else 260,
        "data": {"values": records},
        "mark": {"type": "line", "strokeWidth": 2, "point": {"filled": True, "size": 50}},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "Year (31 March)", "axis": {"labelAngle": 0}},
            "y": {
                "field": "share",
                "type": "quantitative",
                "scale": y_scale,
                "axis": {"format": ".0%", "title": "BME share of staff in the band"},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": order, "range": ["#005EB8", "#330072"]},
                "legend": legend,
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": order, "range": [[6, 3], [1, 0]]},
                "legend": legend,
            },
            "shape": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": order, "range": ["square", "circle"]},
                "legend": legend,
            },
        },
    }


def _trajectory_points(path: list[BandProgress], band: str) -> list[BandProgress]:
    return [p for p in path if p.band == band]


def trajectory_table(path: list[BandProgress], band: str) -> Table:
    head = ["Year", "Target share", "Actual BME share", "Gap (BME staff)"]
    rows = [
        [
            Cell(str(p.year), header=True),
            Cell(percent(p.target_share), "num"),
            Cell(percent(p.actual_share), "num"),
            Cell(_heads(p.gap), "count"),
        ]
        for p in _trajectory_points(path, band)
    ]
    return Table("outlook-me-chart-table", f"Model Employer trajectory, {_band_words(band)}", head, rows)


def _trajectory_description(path: list[BandProgress], band: str) -> str:
    parts = []
    for p in _trajectory_points(path, band):
        bit = f"{p.year}: target {percent(p.target_share)}"
        if p.actual_share is not None:
            bit += f", actual {percent(p.actual_share)}"
        parts.append(bit)
    return f"Target and actual BME share of {_band_words(band)} by year. " + "; ".join(parts) + "."


def chance_words(label: str, p: float, target_year: int) -> str:
    """``at today's rates: 19% chance by 2028`` (``not estimated`` for a missing chance)."""
    if not math.isfinite(p):
        return f"{label}: chance by {target_year} not estimated"
    return f"{label}: {100 * p:.0f}% chance by {target_year}"


def projection_table(shares: pd.DataFrame, band: str, labels: dict[str, str]) -> Table:
    rows = shares[shares["band"] == band]
    head = ["Year", *labels.values()]
    body = []
    for year in sorted({int(y) for y in rows["year"]}):
        cells = [Cell(str(year), header=True)]
        for name in labels:
            hit = rows[(rows["scenario"] == name) & (rows["year"] == year)]
            if hit.empty:
                cells.append(Cell("–", "num"))
                continue
            r = hit.iloc[0]
            cells.append(Cell(f"{percent(r['median'])} ({percent(r['low'])} to {percent(r['high'])})", "num"))
        body.append(cells)
    note = "Median of the runs, with the 95% interval in brackets."
    return Table("outlook-projection-table", f"Projected BME share, {_band_words(band)}", head, body, note)


def band_codes(got: Outlook) -> list[str]:
    """The bands the page can chart: the trajectory's, then any other the projection holds."""
    codes: list[str] = []
    if got.model_employer is not None:
        codes += [b.band for b in got.model_employer.trajectory.bands]
    if got.projection is not None:
        codes += [b for b in got.projection.bands if b not in codes]
    return codes


def outlook_page(org: str, year: int, tier: str, band: str | None) -> OutlookPage:
    """The page's content for ``org``'s WRES ``year`` in ``tier``, the charts for ``band`` (the default when None
    or not a band of the page); built once per band until the organisation's data change."""
    got = outlook_for(org, year, tier)
    codes = band_codes(got)
    chosen = band if band in codes else (DEFAULT_BAND if DEFAULT_BAND in codes else (codes[0] if codes else ""))
    return fig.memo("outlook-page", org, year, tier, RUNS, chosen, make=lambda: _build(got, year, tier, chosen, codes))


def _build(got: Outlook, year: int, tier: str, chosen: str, codes: list[str]) -> OutlookPage:
    me, proj = got.model_employer, got.projection
    order = [DEFAULT_BAND] + [c for c in codes if c != DEFAULT_BAND] if DEFAULT_BAND in codes else codes
    page = OutlookPage(
        year=year,
        tier=tier,
        band=chosen,
        bands=[BandChoice(c, c, c == chosen) for c in order],
        notes=list(got.notes),
    )
    uid = "outlook"
    if me is not None:
        traj = me.trajectory
        page.label = traj.label
        page.trajectory_notes = list(traj.notes)
        page.target_year = traj.options.target_year
        page.baseline_year = traj.baseline_year
        page.reference = percent(traj.reference_share)
        page.me_table = me_table(me.rows, year, tier)
        if any(p.band == chosen and (p.target_share is not None or p.actual_share is not None) for p in me.path):
            title = f"Model Employer trajectory and actual BME share, {_band_words(chosen)}"
            description = _trajectory_description(me.path, chosen)
            page.me_svg, page.me_svg_narrow = (
                legible_svg(
                    render_svg(
                        trajectory_chart(me.path, chosen, narrow=narrow),
                        uid=f"{uid}-me{'-n' if narrow else ''}",
                        title=title,
                        description=description,
                    ),
                    *((NARROW["scale"],) if narrow else ()),
                )
                for narrow in (False, True)
            )
            page.me_chart_table = trajectory_table(me.path, chosen)
    if proj is not None:
        labels = {s.name: s.label[0].upper() + s.label[1:] for s in proj.scenarios}
        page.latest_year = proj.latest_year
        page.target_year = page.target_year or proj.target_year
        for b in proj.bands:
            chances = []
            for s in proj.scenarios:
                hit = proj.parity[(proj.parity["scenario"] == s.name) & (proj.parity["band"] == b)]
                if hit.empty:
                    continue
                p = float(hit.iloc[0]["p_parity_by_target"])
                chances.append(Chance(s.name, chance_words(s.label, p, int(hit.iloc[0]["target_year"]))))
            sentence = proj.sentences.get(b, "")
            if chances:  # the chances are listed in words below the sentence: not twice
                sentence = sentence.split(CHANCE_CLAUSE)[0].rstrip(".") + "."
            page.projected.append(ProjectedBand(b, _band_words(b)[0].upper() + _band_words(b)[1:], sentence, chances))
        if chosen in proj.bands:
            page.projection_band = chosen
            page.projection_svg, page.projection_svg_narrow = (
                legible_svg(
                    projection_svg(
                        proj.shares,
                        band=chosen,
                        reference=proj.reference,
                        labels=labels,
                        uid=f"{uid}-projection{'-n' if narrow else ''}",
                        title=f"Projected BME share, {_band_words(chosen)}, baseline and scenarios",
                        narrow=narrow,
                    ),
                    *((NARROW["scale"],) if narrow else ()),
                )
                for narrow in (False, True)
            )
            page.projection_table = projection_table(proj.shares, chosen, labels)
        page.scenario_notes = [SCENARIO_NOTES[s.kind] for s in proj.scenarios if s.kind in SCENARIO_NOTES]
        page.withheld = list(proj.withheld)
        page.projection_notes = list(proj.notes)
    return page
