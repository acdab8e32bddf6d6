"""The report's "Is it getting better?" section (issue 16): Making Data Count SPC, the multi-year trends, the
leading indicators and detectability, in plain English, for one tier.

Everything comes from the tier's :class:`~wres.reports.progress_data.ProgressView` and the tier's own rows:

* **Month by month** — a key to the icons in words, then a row per series (the variation icon's words, the
  assurance icon's where a target is set, the latest value where the tier may show it, the sentence and its
  cautions: trial limits, sparse series, small numbers), and the NHS-style XmR chart
  (:func:`wres.reports.spc_chart.spc_chart`) of the key series — the BME share of staff at band 8a and above and
  the relative likelihood of appointment from shortlisting — where the tier publishes it. In the public tier a
  series whose counts are too small has no chart and no value (:mod:`wres.analysis.progress.public`). A store with
  31 March snapshots only gets, instead of the staff series, what monthly extracts would add.
* **Year by year** — the multi-year trends the headline paragraph reports
  (:meth:`~wres.reports.sections.base.BuilderBase.headline_trends`: the same frame, not recomputed).
* **Leading indicators** — promotion, leaving, internal appointment and acting up (not recorded) for the report
  year, as indicators 2–4: each group's events and rate, the ratio, its 95% interval and status.
* **Detectability** — for indicators 2, 3, 4 and the leading ratios, the smallest ratio detectable with 80% power
  over one, three and five years, and the methods.md §13 sentence.

The XmR chart of a ratio series is drawn on the ratio scale: the points, mean and limits computed on ``ln RR``
(methods.md §8.6) are shown as ``exp`` of themselves, so a board reads 1.5, not 0.41 (the limits are those of the
log scale, hence not symmetric about the mean). The chart's XmR result is recomputed from the summary's own points
with the options it records (:func:`xmr_of`); :mod:`wres.reports.spc_chart` is used unchanged.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Final

import numpy as np

from wres.analysis.progress.public import ROUNDING_CAUTION
from wres.analysis.wording import LEADING_SHORT_MEASURES, LEADING_SHORT_NAMES
from wres.disclosure.policy import MARKER
from wres.reports.content import Block, Cell, Figure, Paragraphs, Section, Table
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.cells import Row
from wres.reports.sections.texts import (
    ACTING_UP_MISSING,
    ASSURANCE_KEY,
    DETECT_INTRO,
    DETECT_NOTE,
    INDICATOR_TITLES,
    LEADING_INTRO,
    MONTHLY_EXTRACTS,
    NO_SERIES,
    PROGRESS_INTRO,
    SPC_KEY,
    SPC_NOT_PUBLISHED,
    SPC_ROUNDED_NOT_PUBLISHED,
)
from wres.reports.sentences import format_ratio
from wres.reports.values import number as num
from wres.reports.values import text

if TYPE_CHECKING:
    from wres.analysis.progress import IndicatorDetectability, SeriesSummary
    from wres.analysis.spc import XmrResult
    from wres.reports.progress_data import ProgressView

__all__ = ["KEY_SERIES", "LEADING_ORDER", "ProgressSections", "label_of", "xmr_of"]

KEY_SERIES: Final = (("senior_share", "BME"), ("appointment_ratio", None))
"""The series charted in the report (where the tier publishes the chart): the BME share of staff at band 8a and
above, and the relative likelihood of appointment from shortlisting (indicator 2, monthly)."""
LEADING_ORDER: Final = ("L-promotion", "L-leaving", "L-internal", "L-acting-up")
LEADING_EVENTS: Final = {
    "L-promotion": "promoted of staff in post",
    "L-leaving": "left of staff in post",
    "L-internal": "appointed of shortlisted",
    "L-acting-up": "acted up of staff in post",
}
MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUARTERS: Final = ("Q1", "Q2", "Q3", "Q4")
PERIOD_WORDS: Final = {"month": "monthly", "quarter": "quarterly"}
XMR_OPTIONS: Final = ("rebase", "fix_after_n_points", "target", "screen_outliers", "run_length", "trial_threshold")
"""The options of :func:`wres.analysis.spc.xmr` a summary records and the chart is recomputed with."""
_LOGGED: Final = ("value", "mean", "lpl", "upl", "near_lpl", "near_upl", "target")


def xmr_of(summary: SeriesSummary) -> XmrResult:
    """The XmR result behind ``summary``'s chart, recomputed from its own points (values and dates) with the options
    it records; a log-ratio series on the ratio scale (module docstring). ValueError when it has no chart."""
    from wres.analysis.spc import XmrResult, xmr

    if summary.chart is None or summary.chart.empty:
        raise ValueError(f"{summary.key}: no chart")
    opts = {k: summary.options[k] for k in XMR_OPTIONS if k in summary.options}
    result = xmr(
        summary.chart["value"].to_numpy(dtype=float),
        summary.chart["date"],
        improvement_direction=summary.direction,
        **opts,
    )
    if summary.kind != "ln_ratio":
        return result
    points = result.points.copy()
    for column in (c for c in _LOGGED if c in points.columns):
        points[column] = np.exp(points[column].to_numpy(dtype=float))
    segments = result.segments.copy()
    for column in (c for c in _LOGGED if c in segments.columns):
        segments[column] = np.exp(segments[column].to_numpy(dtype=float))
    return XmrResult(points, segments, dict(result.summary), {**result.options, "display": "exp"})


def label_of(s: SeriesSummary) -> str:
    """The series' name as the report's chart shows it (a log-ratio series on the ratio scale)."""
    return s.label.replace(", log scale", "") if s.kind == "ln_ratio" else s.label


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def _value(value: float | None, kind: str) -> str:
    from wres.analysis.progress.summary import format_value

    return format_value(value, kind)


class ProgressSections(BuilderBase):
    """The "Is it getting better?" section of one tier."""

    def getting_better(self) -> Section:
        section = Section("progress", "Is it getting better?")
        view = self.view.progress
        section.blocks.append(Paragraphs([PROGRESS_INTRO]))
        if view is None:
            section.blocks.append(Paragraphs(["This report was built without the month-by-month series."]))
            section.blocks.append(self._trends())
            return section
        section.blocks.append(self._spc(view))
        section.blocks.append(self._trends())
        section.blocks.append(self._leading(view))
        section.blocks.append(self._detect(view))
        return section

    # -- month by month ------------------------------------------------------------------------------------------
    def _spc(self, view: ProgressView) -> Section:
        section = Section("progress-spc", "Month by month: statistical process control")
        series = list(view.spc.series)
        key = list(SPC_KEY)
        if any(s.assurance_label for s in series):
            key.append(ASSURANCE_KEY)
        section.blocks.append(
            Paragraphs(
                [
                    "Each series below is a Making Data Count chart (XmR): its mean and process limits come from its "
                    "own history, and the icon says whether the latest period shows a change that is unlikely to be "
                    "chance. What the icons mean:"
                ]
            )
        )
        section.blocks.append(Paragraphs(key, style="list"))
        if not view.monthly_staff:
            section.blocks.append(Paragraphs([MONTHLY_EXTRACTS], style="notice"))
        if not series:
            section.blocks.append(Paragraphs([NO_SERIES.format(year=self.year)]))
            return section
        section.blocks.append(self._spc_table(series))
        for key_name, group in KEY_SERIES:
            found = next((s for s in series if s.key == key_name and s.group == group), None)
            if found is None:
                continue
            if found.chart is None:
                if found.rules and not found.chart_published:
                    why = (
                        "counts rounded to 5 for publication would move it more than it moves from one period to "
                        "the next."
                        if ROUNDING_CAUTION in found.cautions
                        else "its monthly and quarterly numbers are too small to show without risking identifying "
                        "people."
                    )
                    section.blocks.append(Paragraphs([f"The chart of the {found.label} is not published: {why}"]))
                continue
            section.blocks.append(self._spc_figure(found))
        return section

    def _spc_table(self, series: list[SeriesSummary]) -> Table:
        with_assurance = any(s.assurance_label for s in series)
        rows: list[list[Cell]] = []
        hidden = False
        for s in series:
            name = _cap(label_of(s)) + f" ({PERIOD_WORDS.get(s.period, s.period)})"
            span = f"{s.n} {s.period}s" + (f", {s.first_period} to {s.last_period}" if s.first_period else "")
            if s.tier == "public" and not s.chart_published:
                latest = Cell("Not published", "num")
                hidden = True
            elif s.last_value is not None:
                latest = Cell(f"{_value(s.last_value, s.kind)} ({s.last_period})", "num")
            else:
                latest = Cell("–", "num")
            variation = s.variation_label or ("No rules: context only" if not s.rules else "No chart")
            reading = [s.sentence, *s.cautions]
            if s.tier == "public" and not s.chart_published:
                reading.append(SPC_ROUNDED_NOT_PUBLISHED if ROUNDING_CAUTION in s.cautions else SPC_NOT_PUBLISHED)
            cells = [Cell(name, header=True), Cell(span), latest, Cell(variation)]
            if with_assurance:
                cells.append(Cell(s.assurance_label or "No target"))
            cells.append(Cell(" ".join(reading)))
            rows.append(cells)
        head = ["Series", "Periods", "Latest value", "Variation"]
        if with_assurance:
            head.append("Assurance")
        head.append("What it shows")
        tier = "public" if self.view.public else "internal"
        note = (
            "Ratios are White ÷ BME for appointment and training, BME ÷ White for disciplinary entry: above 1 is "
            "adverse to BME staff, and a fall is an improvement. Disciplinary series are quarterly (entries are rare). "
            "The rolling twelve-month ratio is context only: overlapping periods would set off the rules by chance."
        )
        if self.view.public:
            note += (
                " Public figures: a chart and its values are published only where every count behind every point is "
                "8 or more and rounding them would not swamp the chart's own variation, and are then computed from "
                "counts rounded to the nearest 5 (at quarters when the months do not qualify)."
            )
            if hidden:
                note += (
                    " “Not published”: the numbers are too small, or rounding would swamp the chart; only the icon "
                    "and its reading are given."
                )
        return Table(
            "progress-spc-table",
            f"Statistical process control summary, series to 31 March {self.year} ({tier} figures)",
            head,
            rows,
            note=note,
        )

    def _spc_figure(self, s: SeriesSummary) -> Figure:
        from wres.reports.spc_chart import spc_chart, spc_description

        result = xmr_of(s)
        share = s.kind in ("share", "rate")
        axis_format, text_format = (".1%", "{:.1%}") if share else (",.2f", "{:,.2f}")
        value_title = (
            "Share (%)" if s.kind == "share" else "Rate (%)" if s.kind == "rate" else "Relative likelihood (ratio)"
        )
        period = PERIOD_WORDS.get(s.period, s.period)
        label = label_of(s)
        title = f"{_cap(label)}: {period} XmR chart to {s.last_period}"
        table = self._chart_table(s, result, text_format)
        description = (
            f"XmR chart of the {label} by {s.period}. "
            + spc_description(result, value_format=text_format, points=False)
            + " The chart's data table gives every point with its type."
        )
        chart = spc_chart(result, value_title=value_title, value_format=axis_format)
        return self.figure(title, description, chart, table)

    def _chart_table(self, s: SeriesSummary, result: XmrResult, text_format: str) -> Table:
        """The chart's data as a grid, a row per calendar year and a column per month (quarter): each value with
        its point type's letter, and each segment's mean and limits in the note."""
        from wres.analysis.spc.point_types import CONCERN, IMPROVEMENT, NEUTRAL_HIGH, NEUTRAL_LOW

        marks = {IMPROVEMENT: " (I)", CONCERN: " (C)", NEUTRAL_HIGH: " (N)", NEUTRAL_LOW: " (N)"}
        percent = s.kind in ("share", "rate")  # the grid in percent without the sign, to fit a page's width
        grid_format, scale = ("{:.1f}", 100.0) if percent else (text_format, 1.0)
        monthly = s.period == "month"
        columns = MONTHS if monthly else QUARTERS
        cells: dict[tuple[int, int], str] = {}
        for p in result.points.to_dict("records"):
            date = p["date"]
            slot = date.month - 1 if monthly else (date.month - 1) // 3
            cells[(date.year, slot)] = grid_format.format(scale * p["value"]) + marks.get(str(p["point_type"]), "")
        years = sorted({y for y, _ in cells})
        rows = [
            [Cell(str(y), header=True), *(Cell(cells.get((y, i), ""), "num") for i in range(len(columns)))]
            for y in years
        ]
        limits = []
        for seg in result.segments.to_dict("records"):
            since = seg["first_date"]
            when = (
                f"{MONTHS[since.month - 1]} {since.year}" if monthly else f"{since.year} Q{(since.month - 1) // 3 + 1}"
            )
            if math.isfinite(float(seg["lpl"])):
                limits.append(
                    f"From {when}: mean {text_format.format(seg['mean'])}, process limits "
                    f"{text_format.format(seg['lpl'])} to {text_format.format(seg['upl'])}."
                )
        note = " ".join(limits) + (
            " (I): special cause, improvement; (C): special cause, concern; (N): special cause, neither; no letter: "
            "common cause."
        )
        if s.computed_from == "rounded_counts":
            note += " Computed from counts rounded to the nearest 5 (public tier)."
        return Table(
            "",
            f"Data for the chart: the {label_of(s)}, by {s.period}" + (" (%)" if percent else ""),
            ["Year", *columns],
            rows,
            note=note,
        )

    # -- year by year --------------------------------------------------------------------------------------------
    def _trends(self) -> Section:
        from wres.analysis.change import NOT_CALCULATED
        from wres.analysis.trend import MIN_POINTS
        from wres.reports.headline import trend_sentence

        section = Section("progress-trends", "Year by year: multi-year trends")
        trends = self.headline_trends()
        said = trend_sentence(trends)
        section.blocks.append(
            Paragraphs(
                [
                    "The multi-year trends of the headline indicators, as the summary at the start of this report "
                    f"reports them (a slope fitted over every year this report holds, from {min(self.data.years)}; "
                    f"at least {MIN_POINTS} years are needed). " + said
                ]
            )
        )
        if trends.empty:
            return section
        rows = []
        for raw in trends.to_dict("records"):
            rec: Row = {str(k): v for k, v in raw.items()}
            ind = str(rec["indicator"])
            if text(rec, "reason") == "rolling_form":  # indicator 3's trend is read on its single-year series
                continue
            label = str(rec.get("label") or NOT_CALCULATED)
            n = int(rec["n_points"]) if num(rec, "n_points") is not None else 0
            years = (
                f"{int(rec['first_year'])}–{int(rec['last_year'])} ({n} years)"
                if num(rec, "first_year") is not None and num(rec, "last_year") is not None
                else f"{n} years"
            )
            reading = _cap(label)
            if label == NOT_CALCULATED and n < MIN_POINTS:
                reading = f"Not tested: fewer than {MIN_POINTS} years"
            elif ind == "9":
                reading = "Descriptive only (not tested)"
            elif rec.get("significant") is True:
                reading += " (significant)"
            rows.append(
                [
                    Cell(f"{ind}. {INDICATOR_TITLES[ind]} ({self.variant_label(rec).lower()})", header=True),
                    Cell(years),
                    Cell(reading, "status"),
                ]
            )
        section.blocks.append(
            Table(
                "progress-trends-table",
                "Multi-year trend of each headline indicator",
                ["Indicator", "Years", "Trend"],
                rows,
                note="Significant: the 95% interval of the fitted slope excludes no change. Better or worse is read "
                "for indicators 2–8 (the sentence above counts those); indicator 1's BME share of the workforce has no "
                "better direction, so it increased or decreased. Indicator 3 is read on its single-year series (the "
                "rolling values share years); indicator 9 describes the whole board and is not tested.",
            )
        )
        return section

    # -- leading indicators -----------------------------------------------------------------------------------------
    def _leading_row(self, ind: str, frame_rows: list[Row]) -> Row | None:
        for r in frame_rows:
            if str(r.get("indicator")) == ind and bool(r.get("headline")):
                return r
        return None

    def _leading(self, view: ProgressView) -> Section:
        section = Section("progress-leading", f"Leading indicators, 31 March {self.year - 1} to 31 March {self.year}")
        section.blocks.append(Paragraphs([LEADING_INTRO]))
        f = self.fmt
        records: list[Row] = [{str(k): v for k, v in r.items()} for r in view.leading.to_dict("records")]
        rows: list[list[Cell]] = []
        readings: list[str] = []
        for ind in LEADING_ORDER:
            row = self._leading_row(ind, records)
            name = f"{LEADING_SHORT_NAMES[ind]} ({LEADING_SHORT_MEASURES[ind]}): {LEADING_EVENTS[ind]}"
            if row is None or (text(row, "reason") == "missing_input" and num(row, "estimate") is None):
                if ind == "L-acting-up":
                    rows.append(
                        [
                            Cell(name, header=True),
                            *(Cell("–", "count") for _ in range(4)),
                            Cell("–", "num"),
                            Cell("–", "num"),
                            Cell("Not recorded", "status"),
                        ]
                    )
                    readings.append(ACTING_UP_MISSING)
                else:
                    rows.append(
                        [
                            Cell(name, header=True),
                            *(Cell("–", "count") for _ in range(4)),
                            Cell("–", "num"),
                            Cell("–", "num"),
                            Cell("Not computed: no earlier snapshot", "status"),
                        ]
                    )
                continue
            white_first = text(row, "group_a") == "White"
            white = (f.count_of(row, "a", "n1"), f.rate(row, "rate_a"))
            bme = (f.count_of(row, "c", "n2"), f.rate(row, "rate_b"))
            if not white_first:
                white, bme = bme, white
            rows.append([Cell(name, header=True), *white, *bme, f.estimate(row), f.interval(row), f.status(row)])
            if not f.suppressed_row(row) and num(row, "estimate") is not None:
                interval = f.interval(row).text
                readings.append(
                    f"{LEADING_SHORT_NAMES[ind]} ({LEADING_SHORT_MEASURES[ind]}): {f.estimate(row).text}"
                    + (f" (95% interval {interval})" if interval != "–" else "")
                    + f". {f.reading(row)}."
                )
        section.blocks.append(Paragraphs(readings, style="sentences"))
        tier = "public" if self.view.public else "internal"
        note = (
            "Promotion: staff in post at both snapshots, moved to a higher Agenda for Change band or VSM. Leaving: "
            "staff in post at the first snapshot and not at the second (doctors in training rotations left out). "
            "Internal appointment: indicator 2 for internal applicants. Each person is counted in the group of the "
            f"first snapshot. Ratios above 1 are adverse to BME staff ({tier} figures)."
        )
        if self.view.public:
            note += " Counts rounded to the nearest 5, or withheld as " + MARKER + ", as for the nine indicators."
        section.blocks.append(
            Table(
                "progress-leading-table",
                f"Leading indicators, {self.year} ({tier} figures)",
                [
                    "Leading indicator (ratio)",
                    "White: events of people",
                    "White rate",
                    "BME: events of people",
                    "BME rate",
                    "Ratio",
                    "95% interval",
                    "Status",
                ],
                rows,
                note=note,
            )
        )
        return section

    # -- detectability -------------------------------------------------------------------------------------------
    def _detect_name(self, d: IndicatorDetectability) -> str:
        if d.indicator in LEADING_SHORT_NAMES:
            return f"{LEADING_SHORT_NAMES[d.indicator]} ({LEADING_SHORT_MEASURES[d.indicator]})"
        return f"Indicator {d.indicator}: {INDICATOR_TITLES.get(d.indicator, '')}".rstrip(": ")

    def _detect(self, view: ProgressView) -> Section:
        section = Section("progress-detect", "What change could your numbers detect?")
        section.blocks.append(Paragraphs([DETECT_INTRO]))
        rows: list[list[Cell]] = []
        for d in view.detectability:
            withheld = d.reason == "suppressed"

            def ratio(value: float, *, withheld: bool = withheld) -> Cell:
                if withheld:
                    return Cell(MARKER, "num", suppressed=True)
                return Cell("–" if math.isnan(value) else format_ratio(value), "num")

            estimate = (
                Cell(MARKER, "num", suppressed=True)
                if withheld
                else Cell("–" if d.estimate is None else format_ratio(d.estimate), "num")
            )
            factor = ratio(d.change_factor)
            if factor.text not in ("–", MARKER):
                factor = replace(factor, text=f"×{factor.text}")
            rows.append(
                [
                    Cell(self._detect_name(d), header=True),
                    estimate,
                    ratio(d.detectable_1y),
                    ratio(d.detectable_3y),
                    ratio(d.detectable_5y),
                    factor,
                ]
            )
        blocks: list[Block | Section] = []
        if rows:
            blocks.append(Paragraphs([d.sentence for d in view.detectability], style="sentences"))
            tier = "public" if self.view.public else "internal"
            blocks.append(
                Table(
                    "progress-detect-table",
                    f"Smallest ratio detectable with 80% power, {self.year} numbers ({tier} figures)",
                    ["Relative likelihood", "Ratio now", "1 year", "3 years", "5 years", "Year on year"],
                    rows,
                    note=DETECT_NOTE,
                )
            )
        else:
            blocks.append(Paragraphs([f"No relative likelihood was computed for {self.year}."]))
        section.blocks.extend(blocks)
        return section
