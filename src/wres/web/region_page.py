"""The region page (issue 18): every organisation of the organisation's NHS England region side by side, in the
public tier only, from :func:`wres.reports.region_data.region_rows` (published counts; England and the peer groups
rolled up from them).

What it shows for the chosen measure and WRES year: a table of every organisation with its value and 95% interval,
Better / Similar / Worse against England and against its peer group (trust type; methods.md §10), its position on the
funnel, its rank with a 95% interval and its change since last year; the table sorts by any column (links in the
column heads, ``?sort=`` and ``?order=``, so it works without JavaScript, with ``aria-sort`` on the sorted column);
the funnel of the region's organisations around England, with one organisation highlighted (``?highlight=``: the
page's own organisation by default; each organisation's name in the table highlights it); and the movers, the
organisations whose value changed significantly since last year.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from wres.analysis.funnel import Funnel
from wres.reports.charts import accessible_svg, to_svg
from wres.reports.funnel_chart import funnel_chart, funnel_description
from wres.reports.region_data import (
    MEASURES,
    SURVEY_PREFIX,
    RegionRows,
    figure_text,
    is_share,
    mover_lines,
    region_rows,
    row_text,
    survey_measures,
    survey_region_rows,
)
from wres.web import figures as fig
from wres.web.indicator_page import legible_svg

__all__ = ["COLUMNS", "Column", "RegionPage", "region_page"]


@dataclass(frozen=True)
class Column:
    key: str
    head: str
    numeric: bool = False


COLUMNS: Final = (
    Column("org_name", "Organisation"),
    Column("trust_type", "Type"),
    Column("estimate", "Value (95% interval)", numeric=True),
    Column("vs_england", "Against England"),
    Column("vs_peers", "Against its peer group"),
    Column("funnel", "On the funnel"),
    Column("rank", "Rank (95% interval)", numeric=True),
    Column("change", "Since last year"),
)
SORTS: Final = {c.key for c in COLUMNS}


@dataclass
class RegionPage:
    region: str
    year: int
    measure: str
    measure_label: str
    better: str
    sort: str
    order: str
    highlight: str | None
    rows: list[dict[str, Any]]
    england: str | None
    region_value: str | None
    peers: list[tuple[str, str]]
    svg: str | None
    movers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    measures: list[tuple[str, str]] = field(default_factory=list)
    figures_year: int | None = None
    """The year of the figures shown: the WRES year, or for a published survey measure the survey year it reads."""
    columns: tuple[Column, ...] = COLUMNS


def _rows(got: RegionRows, sort: str, order: str, highlight: str | None) -> list[dict[str, Any]]:
    share = is_share(got)
    ascending = order != "descending"
    frame = got.rows.sort_values(sort, ascending=ascending, na_position="last", kind="stable", key=_sort_key(sort))
    out: list[dict[str, Any]] = []
    for r in frame.to_dict("records"):
        words = row_text(r, share)
        out.append(
            {
                "code": r["org_code"],
                "name": r["org_name"],
                "type": r["trust_type"],
                "value": "[c] suppressed" if words.value is None else words.value,
                "vs_england": words.vs_england,
                "vs_peers": words.vs_peers,
                "funnel": words.funnel or "not on the funnel",
                "rank": words.rank,
                "change": words.change,
                "highlighted": r["org_code"] == highlight,
                "on_funnel": words.funnel is not None,
            }
        )
    return out


def _sort_key(sort: str) -> Any:
    def key(series: pd.Series) -> pd.Series:
        return pd.to_numeric(series, errors="coerce") if sort in ("estimate", "rank") else series.astype(str)

    return key


_LABELLED: Final = re.compile(r'<path([^>]*?)\saria-label="([^"]*)"')
_UNIT: Final = re.compile(r"Organisation: ([^;]+)")


def _with_unit(m: re.Match[str]) -> str:
    unit = _UNIT.search(html.unescape(m.group(2)))
    code = f' data-unit="{html.escape(unit.group(1).strip())}"' if unit else ""
    return f'<path{code}{m.group(1)} aria-label="{m.group(2)}"'


def hoverable_svg(funnel: Funnel, *, title: str, y_title: str, highlight: str | None) -> str:
    """The funnel as accessible inline SVG (:func:`wres.reports.funnel_chart.funnel_svg`'s), each organisation's
    point carrying its code in ``data-unit`` for the page's hover (``init.mjs``); the chart stays one image to
    assistive technology (its text alternative lists every organisation)."""
    spec = funnel_chart(funnel, title=title, y_title=y_title, highlight=highlight)
    raw = _LABELLED.sub(_with_unit, to_svg(spec))
    return accessible_svg(
        raw, uid="region-funnel", title=title, description=funnel_description(funnel, highlight=highlight)
    )


def region_page(
    org: str, region: str, year: int, measure: str, sort: str, order: str, highlight: str | None
) -> RegionPage:
    """The page's content (module docstring); the figures are computed once per warehouse state
    (:func:`wres.web.figures.region_figures`)."""
    if measure.startswith(SURVEY_PREFIX):  # real published data: no warehouse figures needed
        got = survey_region_rows(region, measure, year)
    else:
        got = region_rows(fig.region_figures(year), region, measure)
    codes = set(got.rows["org_code"])
    highlight = highlight if highlight in codes else (org if org in codes else None)
    sort = sort if sort in SORTS else "org_name"
    order = "descending" if order == "descending" else "ascending"
    share = is_share(got)
    svg = None
    if got.funnel is not None:
        svg = legible_svg(
            hoverable_svg(
                got.funnel,
                title=f"{got.measure.label}, {region}, {got.year}",
                y_title="Share" if share else "Relative likelihood",
                highlight=highlight,
            )
        )
    movers = mover_lines(got)
    return RegionPage(
        region=region,
        year=year,
        measure=measure,
        measure_label=got.measure.label,
        better=got.measure.better,
        sort=sort,
        order=order,
        highlight=highlight,
        rows=_rows(got, sort, order, highlight),
        england=None if got.england is None else figure_text(got.england, share),
        region_value=None if got.region_value is None else figure_text(got.region_value, share),
        peers=[(k, figure_text(v, share)) for k, v in sorted(got.peers.items())],
        svg=svg,
        movers=movers,
        notes=list(got.notes),
        measures=[(k, m.label) for k, m in MEASURES.items()] + list(survey_measures().items()),
        figures_year=got.year,
    )


# --------------------------------------------------------------------- the dashboard's "Compared with peers" panel


@dataclass
class PeerRow:
    measure: str
    key: str
    value: str
    england: str
    peers: str
    vs_england: str
    vs_peers: str
    funnel: str


@dataclass
class PeersPanel:
    """The dashboard's "Compared with peers" panel: the organisation's published headline figures against England
    and its peer group (trust type), from the same published figures as the region page."""

    region: str | None
    trust_type: str | None
    rows: list[PeerRow] = field(default_factory=list)
    others: int = 0
    """How many other organisations the warehouse holds: with none there is nothing to compare with."""
    preparing: bool = False
    """Every organisation's published figures are still being prepared in the background (a large warehouse:
    :func:`wres.web.figures.region_figures_if_ready`)."""


def peers_panel(org: str, year: int) -> PeersPanel:
    """The panel for ``org`` and WRES ``year`` (public figures: :func:`wres.web.figures.region_figures`); for a
    large warehouse whose figures are not ready yet, a panel saying they are being prepared (the dashboard does not
    wait minutes for every organisation's)."""
    orgs = fig.organisations()
    mine = orgs[orgs["org_code"] == org]
    region = str(mine["region"].iloc[0]) if not mine.empty and mine["region"].iloc[0] else None
    kind = str(mine["trust_type"].iloc[0]) if not mine.empty else None
    panel = PeersPanel(region, kind, others=len(orgs) - len(mine))
    if region is None or panel.others == 0:
        return panel
    figures = fig.region_figures_if_ready(year)
    if figures is None:
        panel.preparing = True
        return panel
    for key in MEASURES:
        got = region_rows(figures, region, key)
        row = got.rows[got.rows["org_code"] == org]
        if row.empty:
            continue
        r = row.iloc[0].to_dict()
        share = is_share(got)
        words = row_text(r, share)
        if words.value is None:
            value = "[c] suppressed"
        else:
            value = "not computed" if words.value == "not computed" else figure_text(r["estimate"], share)
        peer_value = got.peers.get(str(kind)) if kind else None
        panel.rows.append(
            PeerRow(
                measure=got.measure.label,
                key=key,
                value=value,
                england=figure_text(got.england, share),
                peers=figure_text(peer_value, share),
                vs_england=words.vs_england,
                vs_peers=words.vs_peers,
                funnel=words.funnel or "not on the funnel",
            )
        )
    return panel
