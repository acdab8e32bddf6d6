"""The dashboard's nine indicator cards, built from the report's own rows and formatting.

A card shows one indicator's headline result row of the tier (:class:`~wres.reports.data.TierView`): the value and
its 95% interval as the report formats them (:class:`wres.reports.sections.Formatter`, so a suppressed public
value is ``[c]``), the status in words, the change since last year (``view.changes``), the national reference
where the report has one, and a small trend chart of the headline over the warehouse's years up to the year shown.

**Where a year's figure comes from.** The figures of WRES year Y (:func:`wres.web.figures.figures`) hold years
Y−2 to Y, protected together in the public tier. The trend takes each year from the latest such window that holds
it: Y's own figures for Y−2..Y (the series the report of Y prints), then those of Y−3 for Y−5..Y−3, and so on. So
every value shown is one a published report shows, and the card's value is the last point of its own trend.

Everything here is computed once per organisation, year and tier and kept until the warehouse changes
(:func:`wres.web.figures.memo`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from wres.analysis import wording
from wres.analysis.wording import INDICATOR_NAMES as INDICATOR_TITLES
from wres.analysis.wording import MEASURES, SHORT_MEASURES, VARIANT_LABELS
from wres.disclosure.policy import MARKER
from wres.reports.data import TierView
from wres.reports.sections import (
    Builder,
    Formatter,
    change_cell,
    national_beside,
)
from wres.reports.sentences import not_computed_sentence
from wres.reports.values import number, text
from wres.web import figures as fig
from wres.web.charts import TrendChart, TrendPoint, render_trends

__all__ = [
    "INDICATORS",
    "Card",
    "Headline",
    "HistoryRow",
    "StatusTag",
    "cards",
    "headline_history",
    "headline_of",
    "series_key",
    "status_tag",
]

Row = Mapping[str, Any]
INDICATORS: Final = ("1", "2", "3", "4", "5", "6", "7", "8", "9")

STATUS_COLOURS: Final[Mapping[str, str]] = {
    "adverse_evidence": "red",
    "insufficient_evidence": "orange",
    "within_range": "green",
    "bme_worse_evidence": "red",
    "bme_better_evidence": "blue",
    "no_evidence": "grey",
    "under_represented_evidence": "red",
    "over_represented_evidence": "blue",
    "descriptive": "white",
    "not_computed": "grey",
}
"""Each status's tag colour; its words are :func:`wres.analysis.wording.status_tag` (the colour only repeats
them)."""


@dataclass(frozen=True)
class StatusTag:
    """A status as an NHS tag (short ``text``, ``colour``) and in full (``long``)."""

    text: str
    colour: str
    long: str


@dataclass(frozen=True)
class Headline:
    """One headline figure as the tier shows it (``value`` is ``[c]`` when suppressed)."""

    label: str
    value: str
    interval: str | None
    suppressed: bool
    computed: bool
    status: StatusTag
    reason: str | None
    change: str
    significance: str | None
    national: str | None
    change_label: str = "Change since last year"


@dataclass(frozen=True)
class HistoryRow:
    """One year of a headline's trend (the data table beside the chart)."""

    year: int
    label: str
    value: str
    interval: str
    status: str
    suppressed: bool


@dataclass(frozen=True)
class Card:
    """One indicator's card: its headline ``main`` figure, any ``others`` (indicator 9's executive members) and
    the trend (SVG, its text alternative and the table of the same points)."""

    indicator: str
    title: str
    measure: str
    short_measure: str
    main: Headline | None
    others: tuple[Headline, ...]
    history: tuple[HistoryRow, ...]
    svg: str | None
    trend_title: str
    trend_description: str

    @property
    def suppressed(self) -> bool:
        """Whether anything on the card is shown as ``[c]`` (the page then carries the disclosure footnote)."""
        figs = [f for f in (self.main, *self.others) if f is not None]
        return any(f.suppressed or MARKER in f.change for f in figs) or any(h.suppressed for h in self.history)


def series_key(row: Row) -> str:
    """The headline series a row belongs to: the indicator, or ``9-<variant>`` for indicator 9's two boards."""
    ind = str(row["indicator"])
    return f"9-{row['variant']}" if ind == "9" else ind


def _headline_records(view: TierView) -> list[Row]:
    res = view.results
    mask = res["headline"].astype(bool) & (res["grouping"] == "wres") & (res["breakdown"] == "overall")
    mask &= res["category"] == "all"
    mask &= (res["indicator"] != "9") | (res["group_a"] == "BME")
    return [{str(k): v for k, v in r.items()} for r in res[mask].to_dict("records")]


def _history(org: str, year: int, tier: str) -> dict[str, dict[int, Row]]:
    have = [y for y in fig.years(org) if y <= year]
    out: dict[str, dict[int, Row]] = {}
    covered: set[int] = set()
    while remaining := [y for y in have if y not in covered]:
        source = fig.figures(org, max(remaining), tier)
        window = {*source.data.years, source.year}
        for row in _headline_records(source.view):
            y = int(row["year"])
            if y in window and y not in covered:
                out.setdefault(series_key(row), {})[y] = row
        covered |= window
    return out


def headline_history(org: str, year: int, tier: str) -> dict[str, dict[int, Row]]:
    """Each headline series (:func:`series_key`) → WRES year → the tier's result row, for every warehouse year up
    to ``year`` (see the module docstring for which figures each year comes from)."""
    return fig.memo("headline-history", org, year, tier, make=lambda: _history(org, year, tier))


def status_tag(fmt: Formatter, row: Row) -> StatusTag:
    """The row's status as a tag: ``[c]`` when suppressed, else the short words of
    :func:`wres.analysis.wording.status_tag` (the configured range), with the full reading as ``long``."""
    if fmt.suppressed_row(row):
        return StatusTag(f"Suppressed {MARKER}", "grey", "Not shown to protect confidentiality")
    status = wording.status_key(text(row, "status"))
    short = wording.status_tag(
        status,
        low=fmt.low,
        high=fmt.high,
        side=text(row, "side"),
        indicator=text(row, "indicator"),
        group=text(row, "group_a"),
    )
    return StatusTag(short, STATUS_COLOURS[status], fmt.reading(row))


def _significance(change: Row | None) -> str | None:
    if change is None or text(change, "reason") or number(change, "change") is None:
        return None
    if not bool(change.get("tested")):
        return "Not tested: the board is a whole population, so every change is real"
    if bool(change.get("significant")):
        return "Statistically significant"
    return "Not statistically significant"


def change_label(row: Row, change: Row | None) -> str:
    """What the change is measured from: last year, or for indicator 3's two-year rolling form the previous window
    that shares no year with it (WRES Y − 2: wres-domain.md §6.5)."""
    previous = number(change, "previous_year") if change is not None else None
    if str(row.get("indicator")) == "3" and text(row, "variant") == "rolling":
        year = int(previous) if previous is not None else int(row["year"]) - 2
        return f"Change since WRES {year} (the two years before: no year in common)"
    return "Change since last year"


def headline_of(builder: Builder, row: Row, label: str) -> Headline:
    """One headline figure of ``row`` in the builder's tier."""
    fmt = builder.fmt
    suppressed = fmt.suppressed_row(row)
    computed = number(row, "estimate") is not None
    reason = None
    if not computed and not suppressed:
        reason = not_computed_sentence(row)
    interval = fmt.interval(row).text
    change = builder.change(row)
    ref = builder.national(row)
    return Headline(
        label=label,
        value=fmt.estimate(row).text if computed or suppressed else "Not computed",
        interval=interval if interval not in ("–", MARKER) or suppressed else None,
        suppressed=suppressed,
        computed=computed,
        status=status_tag(fmt, row),
        reason=reason,
        change=change_cell(change).text,
        significance=_significance(change),
        national=national_beside(ref, row, fmt) if ref is not None else None,
        change_label=change_label(row, change),
    )


def _plotted(row: Row) -> tuple[float | None, float | None, float | None]:
    """The estimate and its 95% interval on the chart's scale (percent for a share)."""
    scale = 100.0 if text(row, "estimate_type") == "share" else 1.0
    est, lo, hi = (number(row, k) for k in ("estimate", "ci95_low", "ci95_high"))
    return (
        None if est is None else scale * est,
        None if lo is None else scale * lo,
        None if hi is None else scale * hi,
    )


BOARD_LABELS: Final = {"9-voting": VARIANT_LABELS[("9", "voting")], "9-executive": VARIANT_LABELS[("9", "executive")]}

REFERENCE_LINES: Final[Mapping[str, tuple[float, str]]] = {
    "ratio": (1.0, "the dashed line is 1, equal likelihood"),
    "gap_points": (0.0, "the dashed line is 0, no difference"),
    "difference_points": (0.0, "the dashed line is 0, the board's BME share equal to the workforce's"),
}


def _trend(
    ind: str, key: str, rows: Mapping[int, Row], fmt: Formatter, label: str = ""
) -> tuple[TrendChart, tuple[HistoryRow, ...]]:
    points, history, hidden, said = [], [], [], []
    kind = None
    for y in sorted(rows):
        row = rows[y]
        kind = kind or text(row, "estimate_type")
        est, lo, hi = _plotted(row)
        value = fmt.estimate(row).text
        interval = fmt.interval(row).text
        suppressed = fmt.suppressed_row(row)
        points.append(TrendPoint(y, est, lo, hi, value))
        name = f"{y} {label.lower()}" if label else str(y)
        history.append(HistoryRow(y, name, value, interval, status_tag(fmt, row).text, suppressed))
        if est is None:
            hidden.append(str(y))
        else:
            said.append(f"{y}: {value}" + (f" (95% interval {interval})" if interval not in ("–", MARKER) else ""))
    what = SHORT_MEASURES[ind] + (f" ({BOARD_LABELS[key].lower()})" if key in BOARD_LABELS else "")
    title = f"Indicator {ind} by year: {what}"
    reference = REFERENCE_LINES.get(kind or "")
    years = sorted(rows)
    span = f"{years[0]} to {years[-1]}" if years else "no year"
    description = f"Line chart of indicator {ind} ({MEASURES[ind]}), {span}"
    description += ", each year's 95% interval a vertical line" if kind in ("ratio", "gap_points", "share") else ""
    description += f"; {reference[1]}" if reference else ""
    description += ". " + ("; ".join(said) + "." if said else "No value can be shown.")
    if hidden:
        why = f"{MARKER}, to protect confidentiality, or not computed" if fmt.public else "not computed"
        description += f" Not shown ({why}): {', '.join(hidden)}."
    chart = TrendChart(f"trend-{ind}", title, description, tuple(points), reference[0] if reference else None)
    return chart, tuple(history)


def _build(org: str, year: int, tier: str) -> list[Card]:
    figs = fig.figures(org, year, tier)
    builder = Builder(figs.data, figs.view, charts=False)
    history = headline_history(org, year, tier)
    now = {series_key(r): r for r in _headline_records(figs.view) if int(r["year"]) == year}
    charts: list[TrendChart] = []
    made: list[dict[str, Any]] = []
    for ind in INDICATORS:
        keys = ["9-voting", "9-executive"] if ind == "9" else [ind]
        heads: list[Headline] = []
        for key in keys:
            row = now.get(key)
            if row is None:
                continue
            label = VARIANT_LABELS.get(("9", str(row["variant"])), "") if ind == "9" else ""
            heads.append(headline_of(builder, row, label))
        trends = [_trend(ind, k, history.get(k, {}), builder.fmt, BOARD_LABELS.get(k, "")) for k in keys]
        chart = trends[0][0]
        table = tuple(sorted((h for _, rows in trends for h in rows), key=lambda h: (h.year, h.label)))
        charts.append(chart)
        made.append(
            {
                "indicator": ind,
                "title": INDICATOR_TITLES[ind],
                "measure": MEASURES[ind],
                "short_measure": SHORT_MEASURES[ind],
                "main": heads[0] if heads else None,
                "others": tuple(heads[1:]),
                "history": table,
                "trend_title": chart.title,
                "trend_description": chart.description,
            }
        )
    svgs = render_trends(charts)
    return [Card(svg=svg, **m) for m, svg in zip(made, svgs, strict=True)]


def cards(org: str, year: int, tier: str) -> list[Card]:
    """The nine cards of ``org``'s WRES ``year`` in ``tier``, in WRES order (cached until the warehouse changes)."""
    return fig.memo("dashboard-cards", org, year, tier, make=lambda: _build(org, year, tier))


def dashboard_headline(org: str, year: int, tier: str) -> str:
    """The answer at the top of the dashboard: the report's own headline paragraph for the tier
    (:meth:`wres.reports.sections.Builder.headline`: adverse with evidence, significant changes, multi-year trends),
    so the dashboard and the published report say the same (cached until the organisation's data change)."""

    def make() -> str:
        figs = fig.figures(org, year, tier)
        return Builder(figs.data, figs.view, charts=False).headline()

    return fig.memo("dashboard-headline", org, year, tier, make=make)
