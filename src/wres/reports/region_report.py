"""The regional report (issue 18): every organisation of an NHS England region side by side, as accessible HTML and
PDF/UA, in the public tier only.

One section per measure: the WRES measures of :data:`wres.reports.region_data.MEASURES` from the warehouse (each
organisation's counts protected with the public policy as its own public report is, England, the region and the peer
groups pooled from the published counts: :func:`wres.reports.region_data.gather_region`), then the real published
NHS Staff Survey measures of every NHS trust in the region (:func:`wres.reports.region_data.survey_region_rows`).
Each section gives England's, the region's and each peer group's value, a table of every organisation (value and
95% interval, Better / Similar / Worse against England and against its peer group, funnel position, rank with its
interval, change since the year before), the funnel plot of the region's organisations around England with its data
table, and the movers. It uses the annual report's content model and page (:mod:`wres.reports.content`,
:func:`wres.reports.html.render_html`, :func:`wres.reports.pdf.write_pdf`), so the HTML and PDF are as accessible as
the annual report's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from wres import __version__
from wres.config import WresConfig
from wres.disclosure.policy import MARKER
from wres.errors import WresError
from wres.reports.content import Cell, Facts, Figure, Paragraphs, Report, Section, Table
from wres.reports.funnel_chart import LABEL_WORDS, funnel_chart, funnel_description
from wres.reports.region_data import (
    MEASURES,
    RegionFigures,
    RegionRows,
    figure_text,
    gather_region,
    is_share,
    judged_label,
    mover_lines,
    region_rows,
    row_text,
    survey_measures,
    survey_region_rows,
)

if TYPE_CHECKING:
    from wres.store import Store

__all__ = ["RegionReportFiles", "region_report", "write_region_report"]

HEAD = [
    "Organisation",
    "Type",
    "Value (95% interval)",
    "Against England",
    "Against its peer group",
    "On the funnel",
    "Rank (95% interval)",
    "Since last year",
]


def _section(got: RegionRows, index: int) -> Section:
    share = is_share(got)
    sid = f"measure-{index}"
    rows: list[list[Cell]] = []
    for r in got.rows.sort_values("org_name", kind="stable").to_dict("records"):
        words = row_text(r, share)
        value = Cell(MARKER, "num", suppressed=True) if words.value is None else Cell(words.value, "num")
        rows.append(
            [
                Cell(f"{r['org_name']} ({r['org_code']})", header=True),
                Cell(str(r["trust_type"])),
                value,
                Cell(words.vs_england, "status"),
                Cell(words.vs_peers, "status"),
                Cell(words.funnel or "not on the funnel"),
                Cell(words.rank, "num"),
                Cell(words.change),
            ]
        )
    table = Table(f"{sid}-table", f"{got.measure.label}, {got.region}, {got.year}", HEAD, rows)
    facts = [
        ("England", figure_text(got.england, share)),
        (f"{got.region} (pooled)", figure_text(got.region_value, share)),
    ]
    facts += [(f"{name} (pooled)", figure_text(value, share)) for name, value in sorted(got.peers.items())]
    counts = got.rows["vs_england"].value_counts() if "vs_england" in got.rows else pd.Series(dtype=int)
    kinds = ("Better", "Similar", "Worse", "Higher", "Lower")
    summary = ", ".join(f"{int(counts[k])} {k.lower()}" for k in kinds if k in counts)
    blocks: list[object] = [
        Paragraphs([f"{got.measure.label}: {got.measure.better}."]),
        Facts(facts),
    ]
    if summary:
        blocks.append(Paragraphs([f"Against England: {summary} (95% intervals)."]))
    blocks += [Paragraphs(list(got.notes), style="notice")] if got.notes else []
    blocks.append(table)
    if got.funnel is not None:
        points = got.funnel.points
        data = Table(
            f"{sid}-funnel-data",
            f"Funnel plot data: {got.measure.label}, {got.region}, {got.year}",
            ["Organisation", "Value", "Position"],
            [
                [
                    Cell(str(u), header=True),
                    Cell(figure_text(v, share), "num"),
                    Cell(LABEL_WORDS.get(judged_label(str(lab), got.measure) or "", str(lab))),
                ]
                for u, v, lab in zip(points["unit"], points["value"], points["label"], strict=True)
            ],
        )
        title = f"Funnel plot: {got.measure.label}, {got.region}, {got.year}"
        blocks.append(
            Figure(
                id=f"{sid}-funnel",
                title=title,
                description=funnel_description(got.funnel),
                svg=None,
                table=data,
                chart=funnel_chart(
                    got.funnel, title=title, y_title="Share" if share else "Relative likelihood", centre_name="England"
                ),
            )
        )
    movers = [f"{line}." for line in mover_lines(got)]
    blocks.append(
        Paragraphs(
            [
                "Movers since the year before:"
                if movers
                else "No organisation changed significantly since the year before."
            ]
        )
    )
    if movers:
        blocks.append(Paragraphs(movers, style="list"))
    return Section(sid, got.measure.label, blocks)  # type: ignore[arg-type]


def region_report(figures: RegionFigures | None, region: str, year: int) -> Report:
    """The regional report's content (module docstring); ``figures`` None leaves out the WRES measures (a warehouse
    without records: the published survey measures only)."""
    sections: list[Section] = []
    skipped: list[str] = []
    index = 0
    if figures is not None:
        for key in MEASURES:
            index += 1
            try:
                sections.append(_section(region_rows(figures, region, key), index))
            except WresError as exc:
                skipped.append(f"{MEASURES[key].label}: {exc}.")
    for key in survey_measures():
        index += 1
        try:
            sections.append(_section(survey_region_rows(region, key, year), index))
        except WresError as exc:
            skipped.append(f"{survey_measures()[key]}: {exc}.")
    if not sections:
        raise WresError(f"nothing to report for {region} in {year}: " + " ".join(skipped))
    about = Section(
        "about",
        "About these figures",
        [
            Paragraphs(
                [
                    "Public figures only. Each organisation's counts are protected with the public disclosure policy "
                    "exactly as its own public WRES report is (counts rounded to the nearest 5, counts of 1 to 7 not "
                    f"shown, marked {MARKER}); England, the region and each peer group are pooled from those published "
                    "counts, never from the exact ones, and never as an average of ratios (methods §2.7).",
                    "Better, similar or worse (methods §10): whether the organisation's 95% interval lies wholly on "
                    "the better side of the comparison value, includes it, or lies wholly on the worse side. Funnel "
                    "plots (methods §9): 95% and 99.8% limits around England's value, widened for overdispersion "
                    "estimated over every organisation in England, not the region's alone. "
                    "Ranks come with a 95% interval from 1,000 simulated rankings.",
                    "The NHS Staff Survey measures are the survey's published organisation results: all staff, not "
                    "split by ethnicity, for real NHS trusts; they describe the climate in which the WRES survey "
                    "indicators 5 to 8 sit.",
                ]
            ),
            *([Paragraphs(skipped, style="list")] if skipped else []),
        ],
    )
    title = f"Workforce race equality in {region}, {year}: every organisation side by side"
    footer = f"Produced with wres {__version__}. Public tier: published figures only."
    return Report(
        title=title,
        org_code="NHS England region",
        org_name=region,
        year=year,
        tier="public",
        notice=None,
        lede=f"Every organisation of {region} side by side for WRES {year}, against England and their peers, in "
        "the public tier: only figures each organisation publishes.",
        sections=[*sections, about],
        meta={
            "wres-tier": "public",
            "wres-year": str(year),
            "wres-region": region,
            "wres-version": __version__,
            "description": title,
            "generator": f"wres {__version__}",
        },
        footnote=None,
        footer=footer,
        running_header=f"WRES {year} — {region}",
        marker=MARKER,
    )


@dataclass(frozen=True)
class RegionReportFiles:
    html: Path
    pdf: Path | None


def write_region_report(
    store: Store | None, region: str, year: int, out: Path, config: WresConfig, *, pdf: bool = True
) -> RegionReportFiles:
    """Compute, render and write the regional report (HTML, and PDF unless ``pdf=False``) into ``out``; nothing is
    written if any step fails."""
    from wres.reports.html import render_html
    from wres.reports.pdf import render_pdf

    figures = None
    if store is not None:
        orgs = store.con.execute("SELECT count(*) FROM organisations").fetchone()
        if orgs and orgs[0]:
            figures = gather_region(store, year, config)
    report = region_report(figures, region, year)
    html = render_html(report)
    pdf_bytes = render_pdf(render_html(report, print_edition=True), str(out.resolve())) if pdf else None
    out.mkdir(parents=True, exist_ok=True)
    stem = f"wres-region-{year}-{re.sub(r'[^A-Za-z0-9]+', '-', region).strip('-').lower()}"
    html_path = out / f"{stem}.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path = None
    if pdf_bytes is not None:
        pdf_path = out / f"{stem}.pdf"
        pdf_path.write_bytes(pdf_bytes)
    return RegionReportFiles(html_path, pdf_path)
