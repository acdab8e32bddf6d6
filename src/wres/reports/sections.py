"""The content of the annual report as plain objects (sections, paragraphs, tables, figures: the model of
:mod:`wres.reports.content`, re-exported here), built from one tier's rows; :mod:`wres.reports.html` renders them
with Jinja2.

Every number shown comes from the :class:`~wres.reports.data.TierView`: in the public tier these are public values
only (counts rounded or ``[c]``, derived statistics at display precision or ``[c]``). Cells that hold counts are
marked ``kind="count"`` (the HTML carries ``class="count"``), so the public tier can be checked mechanically.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Literal

import pandas as pd

from wres import __version__
from wres.analysis.change import CHANGE_KEY, NOT_CALCULATED, REASONS, comparison_year
from wres.analysis.national import Reference, reference_for_row
from wres.analysis.wording import (
    DEFAULT_RANGE,
    INDICATOR_NAMES,
    MEASURES,
    SHORT_MEASURES,
    STATUSES,
    VARIANT_LABELS,
    range_span,
    range_words,
    status_tag,
    status_text,
    variant_label,
)
from wres.disclosure.policy import MARKER
from wres.reports.content import (
    Block,
    Cell,
    Facts,
    Figure,
    Links,
    Paragraphs,
    Report,
    Section,
    Table,
    iter_figures,
    iter_tables,
)
from wres.reports.data import INTERNAL_NOTICE, ReportData, TierView
from wres.reports.sentences import (
    MINUS,
    format_count,
    format_percent,
    format_points,
    format_ratio,
    national_clause,
    sentence,
)
from wres.reports.values import number as num
from wres.reports.values import text
from wres.vocab.bands import BANDS, CLUSTER_LABELS

__all__ = [
    "INDICATOR_TITLES",
    "Block",
    "Cell",
    "Facts",
    "Figure",
    "Links",
    "Paragraphs",
    "Report",
    "Section",
    "Table",
    "build_report",
    "iter_figures",
    "iter_tables",
]

Row = Mapping[str, Any]
ChartMaker = Callable[..., str | None]

INDICATOR_TITLES: Final[Mapping[str, str]] = INDICATOR_NAMES
"""Each indicator's name (:data:`wres.analysis.wording.INDICATOR_NAMES`)."""
WORDING: Final[Mapping[str, str]] = {
    "1": "Percentage of staff in each of the Agenda for Change bands 1–9 and VSM (including executive board members) "
    "compared with the percentage of staff in the overall workforce, for clinical and non-clinical staff.",
    "2": "Relative likelihood of staff being appointed from shortlisting across all posts.",
    "3": "Relative likelihood of staff entering the formal disciplinary process, as measured by entry into a formal "
    "disciplinary investigation.",
    "4": "Relative likelihood of staff accessing non-mandatory training and CPD.",
    "5": "Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the public in the "
    "last 12 months (NHS Staff Survey).",
    "6": "Percentage of staff experiencing harassment, bullying or abuse from staff in the last 12 months (NHS Staff "
    "Survey).",
    "7": "Percentage of staff believing that the organisation provides equal opportunities for career progression or "
    "promotion (NHS Staff Survey).",
    "8": "Percentage of staff who personally experienced discrimination at work from a manager, team leader or other "
    "colleagues in the last 12 months (NHS Staff Survey).",
    "9": "Percentage difference between the board's voting membership and its overall workforce, and the same for "
    "executive board members.",
}
COUNT_HEADS: Final[Mapping[str, str]] = {
    "2": "{group}: appointed of shortlisted",
    "3": "{group}: entrants of staff",
    "4": "{group}: accessed of staff",
    "5": "{group}: experienced it of those answering",
    "6": "{group}: experienced it of those answering",
    "7": "{group}: said yes of those answering",
    "8": "{group}: experienced it of those answering",
}
"""The column head over a group's "x of n" counts (the group is the row's own where the rows differ)."""
CATEGORY_TITLES: Final[Mapping[str, str]] = {
    "non_clinical": "Non-clinical staff",
    "clinical": "Clinical staff (Agenda for Change bands)",
    "medical_dental": "Medical and dental staff",
    "all": "All staff",
}
EVIDENCE_GAPS: Final = ("bme_worse_evidence", "bme_better_evidence")
"""Survey gap readings with evidence; like a significant ratio, they can also carry strong evidence (99.8%)."""
REASON_TEXT: Final[Mapping[str, str]] = {
    "no_people": "a group has nobody in it",
    "comparator_rate_zero": "the comparison group's rate is zero",
    "no_events": "neither group had any events",
    "missing_input": "the data are not available",
    "invalid_input": "the data are inconsistent",
    "suppressed": f"suppressed {MARKER}",
}
FLAG_TEXT: Final[Mapping[str, str]] = {
    "low_count": "low count",
    "small_base": "small base",
    "zero_corrected": "zero-corrected",
    "reconstructed": "reconstructed from published percentages",
    "completeness": "ethnicity completeness below 90%",
    "events_exceed_people": "more people with events than in post at 31 March (leavers counted): no interval",
}
PUBLIC_FLAGS: Final = frozenset({"zero_corrected", "reconstructed", "completeness"})
"""Flags shown in the public tier: ``low_count`` and ``small_base`` are thresholds on exact counts, so showing them
beside a rounded count would narrow it; they appear in the internal tier only."""
LIMITATIONS: Final[tuple[str, ...]] = (
    "“BME” hides large differences between ethnic groups; the disaggregated section shows each group against White "
    "staff.",
    "International recruitment moves the aggregates: indicator 2 is also shown excluding internationally recruited "
    "applicants.",
    "Modest ratios compound across promotion steps; the band profile shows where representation falls away.",
    "Small numbers make ratios jump: every figure has a confidence interval, and a ratio outside the range but with "
    "an interval that includes 1 is reported as “too few to be sure”, not as adverse.",
    "Aggregate ratios ignore composition (for example by band or staff group) and can hide or reverse differences "
    "within groups.",
    "Ethnicity that is not recorded can bias comparisons; completeness is reported in this appendix.",
    "Survey indicators depend on who responds; their bases are always shown. Indicator 7 is not compared across the "
    "2021 survey redesign.",
    "Board figures rest on very few people: one appointment moves indicator 9 by several points.",
    "Some definitions are not confirmed by NHS England; the choices this report used are listed under “Intervals, "
    "statuses and ranges” above, so that results can be recomputed.",
)


# ----------------------------------------------------------------------------------------------------------------
# Values and formatting


def signed_points(value: float, unit: str = "") -> str:
    out = format_points(value, unit)
    return out if out.startswith((MINUS, "0.0")) else "+" + out


def fmt_value(value: float, estimate_type: str | None) -> str:
    if estimate_type == "ratio":
        return format_ratio(value)
    if estimate_type == "share":
        return format_percent(value)
    return signed_points(value)


class Formatter:
    """Formats one tier's cells: suppressed values are ``[c]`` in the public tier, missing values ``–``."""

    def __init__(self, view: TierView, low: float = DEFAULT_RANGE[0], high: float = DEFAULT_RANGE[1]) -> None:
        self.public = view.public
        self.low, self.high = low, high  # the configured non-adverse range ([ranges])

    def suppressed_row(self, row: Row) -> bool:
        return self.public and (text(row, "disclosure") == "suppressed" or text(row, "reason") == "suppressed")

    def missing(self, row: Row, kind: Literal["text", "count", "num", "status"] = "num") -> Cell:
        if self.suppressed_row(row):
            return Cell(MARKER, kind, suppressed=True)
        return Cell("–", kind)

    def count(self, row: Row, key: str) -> Cell:
        value = num(row, key)
        return Cell(format_count(value), "count") if value is not None else self.missing(row, "count")

    def count_of(self, row: Row, part: str, whole: str) -> Cell:
        """``"x of n"`` (both counts; ``[c]`` for a suppressed one)."""
        x, n = self.count(row, part), self.count(row, whole)
        if x.text == "–" and n.text == "–":
            return Cell("–", "count")
        return Cell(f"{x.text} of {n.text}", "count", suppressed=x.suppressed or n.suppressed)

    def rate(self, row: Row, key: str) -> Cell:
        value = num(row, key)
        return Cell(format_percent(value), "num") if value is not None else self.missing(row)

    def estimate(self, row: Row) -> Cell:
        value = num(row, "estimate")
        if value is None:
            return self.missing(row)
        return Cell(fmt_value(value, text(row, "estimate_type")), "num")

    def interval(self, row: Row, level: str = "ci95") -> Cell:
        low, high = num(row, f"{level}_low"), num(row, f"{level}_high")
        if low is None or high is None:
            if num(row, "estimate") is None:
                return self.missing(row)
            return Cell("–", "num")
        kind = text(row, "estimate_type")
        return Cell(f"{fmt_value(low, kind)} to {fmt_value(high, kind)}", "num")

    def status(self, row: Row) -> Cell:
        """The row's status as a short tag (:func:`wres.analysis.wording.status_tag`): a table says the reading in
        a few words; the indicator's sentence says it in full, once."""
        if self.suppressed_row(row):
            return Cell(MARKER, "status", suppressed=True)
        status = text(row, "status") or ""
        if status == "not_computed" or status not in STATUSES:
            reason = text(row, "reason") or "not_computed"
            if reason == "no_people" and text(row, "indicator") == "1":
                return Cell("No staff", "status")  # a band with nobody in it (wres-domain.md §5.1)
            return Cell(f"Not computed: {REASON_TEXT.get(reason, reason.replace('_', ' '))}", "status")
        words = status_tag(
            status, low=self.low, high=self.high, side=text(row, "side"), indicator=text(row, "indicator")
        )
        if row.get("strong_evidence") is True and status in ("adverse_evidence", *EVIDENCE_GAPS):
            words += "; strong evidence"
        return Cell(words, "status")

    def reading(self, row: Row) -> str:
        """The row's status in full (:func:`wres.analysis.wording.status_text`), for a figure shown alone."""
        if self.suppressed_row(row):
            return "Not shown, to protect confidentiality"
        status = text(row, "status") or ""
        if status == "not_computed" or status not in STATUSES:
            return self.status(row).text
        return status_text(
            status,
            low=self.low,
            high=self.high,
            side=text(row, "side"),
            strong=row.get("strong_evidence") is True,
            indicator=text(row, "indicator"),
        )

    def flags(self, row: Row) -> Cell:
        raw = text(row, "flags") or ""
        names = [f for f in raw.split(",") if f and (not self.public or f in PUBLIC_FLAGS)]
        return Cell(", ".join(FLAG_TEXT.get(f, f.replace("_", " ")) for f in names), "text")


def change_cell(change: Row | None) -> Cell:
    """:func:`change_text` as a cell (``[c]`` when a figure it needs is suppressed)."""
    if change is not None and text(change, "reason") == "suppressed":
        return Cell(MARKER, "text", suppressed=True)
    return Cell(change_text(change))


def change_text(change: Row | None) -> str:
    """The change since last year in a few words: the reading and last year's figure."""
    if change is None:
        return "–"
    label = text(change, "label") or NOT_CALCULATED
    reason = text(change, "reason")
    previous = num(change, "previous_estimate")
    prev_year = num(change, "previous_year")
    kind = text(change, "estimate_type")
    if label == NOT_CALCULATED:
        if reason == "suppressed":
            return f"Not shown: a figure is suppressed {MARKER}"
        if reason == "no_comparison_row":
            return f"No figure for {prev_year:.0f}" if prev_year is not None else "No earlier figure"
        if reason == "series_break":
            return "Not compared (survey series break)"
        if reason == "not_computed_this_year":
            return "–"
        return "Could not be calculated: " + REASONS.get(reason or "", "no usable comparison")
    out = label[:1].upper() + label[1:]
    if previous is not None and prev_year is not None:
        out += f" ({prev_year:.0f}: {fmt_value(previous, kind)})"
    return out


SAME_MEASURE: Final[Mapping[str, str]] = {
    "share": "bme_pct_workforce",
    "ratio": "ratio",
    "difference_points": "board_minus_workforce_points",
}
"""A row's estimate type → the national measure that is the same quantity (a share beside a share, a ratio beside
a ratio); a BME percentage is not set beside a gap in points."""


def same_measure(ref: Reference | None, row: Row) -> bool:
    """Whether the national figure ``ref`` measures what ``row``'s estimate measures."""
    if ref is None:
        return False
    if text(row, "indicator") == "1" and text(row, "breakdown") == "band" and ref.measure == "bme_pct_vsm":
        return True
    return SAME_MEASURE.get(text(row, "estimate_type") or "") == ref.measure


def national_text(ref: Reference | None) -> str:
    """A national reference value in a few words, with its year."""
    if ref is None:
        return "–"
    about = "about " if ref.approximate else ""
    if ref.is_percent:
        value = f"{about}{ref.value:.1f}%"
    elif ref.measure == "ratio":
        value = about + format_ratio(ref.value)
    else:
        value = about + signed_points(ref.value, " points")
    what = {
        "bme_pct_workforce": "of NHS trust staff were BME",
        "bme_pct_vsm": "of very senior managers were BME",
        "ratio": "national ratio",
        "bme_pct": "of BME staff said yes",
        "bme_pct_board": "of board members were BME",
    }.get(ref.measure, ref.measure.replace("_", " "))
    extra = " (unconfirmed)" if ref.unconfirmed else ""
    return f"{value} {what}, England {ref.year}{extra}"


# ----------------------------------------------------------------------------------------------------------------
# Building the report


class Builder:
    """Builds the sections of one tier's report (see :func:`build_report`)."""

    def __init__(self, data: ReportData, view: TierView, charts: bool = True) -> None:
        self.data = data
        self.view = view
        self.year = data.year
        self.low = data.config.ranges.low
        self.high = data.config.ranges.high
        self.fmt = Formatter(view, self.low, self.high)
        self.charts = charts
        self.records: list[Row] = [{str(k): v for k, v in r.items()} for r in view.results.to_dict("records")]
        self.changes: dict[tuple[str, ...], Row] = {}
        for rec in view.changes.to_dict("records"):
            change = {str(k): v for k, v in rec.items()}
            self.changes[self._key(change)] = change
        self.references: dict[tuple[int, str, int], Reference] = {}
        self._figures = 0
        self.pending: list[tuple[Figure, Any]] = []

    # -- lookups ---------------------------------------------------------------------------------------------
    @staticmethod
    def _key(rec: Row) -> tuple[str, ...]:
        return tuple(str(rec.get(k)) for k in (*CHANGE_KEY, "year"))

    def rows(self, **where: Any) -> list[Row]:
        out: list[Row] = []
        for rec in self.records:
            ok = True
            for col, want in where.items():
                value = rec.get(col)
                if isinstance(want, list | tuple | set | frozenset):
                    if value not in want:
                        ok = False
                        break
                elif value != want:
                    ok = False
                    break
            if ok:
                out.append(rec)
        return out

    def one(self, **where: Any) -> Row | None:
        found = self.rows(**where)
        return found[0] if found else None

    def change(self, row: Row) -> Row | None:
        return self.changes.get(self._key(row))

    def national(self, row: Row) -> Reference | None:
        """The national figure for the row's year, else the most recent of the two years before it."""
        year = int(row.get("year") or self.year)
        for y in (year, year - 1, year - 2):
            ref = reference_for_row({**row, "year": y})
            if ref is not None:
                self.references[(ref.indicator, ref.measure, ref.year)] = ref
                return ref
        return None

    def say(self, row: Row) -> str:
        return sentence(row, self.change(row), self.national(row), low=self.low, high=self.high, strong=True)

    def figure_id(self) -> str:
        self._figures += 1
        return f"figure-{self._figures}"

    def figure(self, title: str, description: str, chart: Any | None, table: Table) -> Figure:
        """A figure; its chart is rendered later, with all the others (:meth:`render_charts`)."""
        fid = self.figure_id()
        table.id = f"{fid}-data"
        figure = Figure(fid, title, description, None, table)
        if chart is not None and self.charts:
            self.pending.append((figure, chart))
        return figure

    def render_charts(self) -> None:
        """Render every pending chart to accessible SVG (all together: see :func:`wres.reports.charts.to_svgs`)."""
        from wres.reports.html import render_charts

        self.defer_charts()
        render_charts([figure for figure, _ in self.pending])
        self.pending.clear()

    def defer_charts(self) -> None:
        """Attach every pending chart's specification to its figure, to be rendered with the page
        (:func:`wres.reports.html.render_html`), possibly in another process."""
        from wres.reports.charts import spec_of

        for figure, chart in self.pending:
            figure.chart = spec_of(chart)

    # -- the report -------------------------------------------------------------------------------------------
    def build(self, *, render_charts: bool = True) -> Report:
        """The report; ``render_charts=False`` leaves each chart as a specification on its figure."""
        d, v = self.data, self.view
        sections = [self.summary()]
        sections.append(self.indicator1())
        for ind in ("2", "3", "4"):
            sections.append(self.ratio_indicator(ind))
        for ind in ("5", "6", "7", "8"):
            sections.append(self.survey_indicator(ind))
        sections.append(self.board())
        sections.append(self.groups())
        sections.append(self.action_plan())
        sections.append(self.appendix())
        if render_charts:
            self.render_charts()
        else:
            self.defer_charts()
            self.pending.clear()
        tier_words = "Public report" if v.public else "Internal report"
        title = f"Workforce Race Equality Standard report {d.year}"
        policy = v.disclosure.get("policy")
        meta = {
            "wres-tier": v.tier,
            "wres-disclosure-policy": f"{policy} {v.disclosure.get('version', '')}".strip() if policy else "none",
            "wres-year": str(d.year),
            "wres-organisation": d.org_code,
            "wres-version": __version__,
            "description": f"{title} for {d.org_name} ({d.org_code}): the nine WRES indicators with confidence "
            f"intervals. {tier_words}.",
            "generator": f"wres {__version__}",
        }
        snapshot = f"31 March {d.year}"
        lede = (
            f"{d.org_name} ({d.org_code}). WRES {d.year}: staff in post at {snapshot}, recruitment, disciplinary "
            f"cases and training in the year to {snapshot}, and the {d.year - 1} NHS Staff Survey. "
            f"{tier_words}"
            + (
                f": disclosure control {policy} applied; figures withheld to protect confidentiality are shown as "
                f"{MARKER}."
                if v.public
                else ": unsuppressed figures for internal use only."
            )
        )
        footer = f"Produced with wres {__version__} on {d.metadata.get('computed_at', '')}. Tier: {v.tier}" + (
            f" (disclosure policy {policy}, version {v.disclosure.get('version')})." if v.public else "."
        )
        running = INTERNAL_NOTICE if not v.public else f"WRES {d.year} — {d.org_name} ({d.org_code})"
        return Report(
            title=f"{title} — {d.org_name}",
            org_code=d.org_code,
            org_name=d.org_name,
            year=d.year,
            tier=v.tier,
            notice=None if v.public else INTERNAL_NOTICE,
            lede=lede,
            sections=sections,
            meta=meta,
            footnote=v.footnote,
            footer=footer,
            running_header=running,
            marker=MARKER,
            headline=self.headline(),
        )

    # -- headline and summary ----------------------------------------------------------------------------------
    def headline(self) -> str:
        """The paragraph at the top of page 1 (:func:`wres.reports.headline.headline_paragraph`)."""
        from wres.analysis.trend import trend
        from wres.reports.headline import headline_paragraph

        clusters = self.rows(
            year=self.year, indicator="1", grouping="wres", breakdown="cluster", category="all", group_a="BME"
        )
        res = self.view.results
        series = res[
            (res["grouping"] == "wres")
            & (res["breakdown"] == "overall")
            & (res["category"] == "all")
            & ((res["indicator"] != "9") | (res["group_a"] == "BME"))
            & ((res["indicator"] != "1") | (res["group_a"] == "BME"))
        ]
        trends = trend(series) if not series.empty else pd.DataFrame()
        headline = {(str(r["indicator"]), str(r["variant"])) for r in self.headline_rows()}
        if not trends.empty:  # the headline series only (indicator 3: its single-year series, which a trend reads)
            keep = [
                (str(r["indicator"]), str(r["variant"])) in headline
                or (str(r["indicator"]) == "3" and str(r["variant"]) == "single_year")
                or str(r["indicator"]) in ("5", "6", "7", "8")
                for r in trends.to_dict("records")
            ]
            trends = trends[keep]
        return headline_paragraph(
            self.headline_rows(),
            clusters,
            self.change,
            trends,
            value=lambda r: self.fmt.estimate(r).text,
            suppressed=self.fmt.suppressed_row,
        )

    def headline_rows(self) -> list[Row]:
        rows = self.rows(year=self.year, headline=True, grouping="wres", breakdown="overall", category="all")
        return [r for r in rows if not (r.get("indicator") == "9" and r.get("group_a") != "BME")]

    def summary(self) -> Section:
        f = self.fmt
        rows = []
        for row in self.headline_rows():
            ind = str(row["indicator"])
            label = f"{ind}. {INDICATOR_TITLES[ind]} ({SHORT_MEASURES[ind]})"
            if ind == "1":  # the headline row is the whole workforce, the benchmark the bands are tested against
                label = "1. Representation: BME share of the whole workforce (each band's benchmark)"
            if ind == "9":
                label = f"{ind}. {INDICATOR_TITLES[ind]}: {variant_label('9', str(row['variant'])).lower()} "
                label += f"({SHORT_MEASURES[ind]})"
            ref = self.national(row)
            rows.append(
                [
                    Cell(label, header=True),
                    f.estimate(row),
                    f.interval(row),
                    f.status(row),
                    change_cell(self.change(row)),
                    Cell(national_text(ref) if same_measure(ref, row) else "–"),
                ]
            )
        table = Table(
            "summary-table",
            f"The nine WRES indicators, {self.year}",
            [
                "Indicator (measure)",
                "Value",
                "95% interval",
                "Status",
                "Change (year compared)",
                "National figure, same measure",
            ],
            rows,
            note="Indicators 2–4: a ratio above 1 is adverse to BME staff; non-adverse range "
            f"{range_span(self.low, self.high)}. Indicators 5–8: gaps in percentage points, positive "
            "when BME staff fare worse. Significant: the 95% interval excludes no difference. Change: against the "
            "previous year (indicator 3's rolling form: the previous non-overlapping two-year window, "
            f"{comparison_year('3', 'rolling', self.year, self.year - 1)}). A national figure is shown only where it "
            "measures the same thing; the others are in each indicator's text.",
        )
        blocks: list[Block | Section] = [table]
        if self.view.public and self.view.footnote:
            blocks.append(Paragraphs([self.view.footnote], style="footnote"))
        return Section("summary", f"Summary of the nine indicators, {self.year}", blocks)

    # -- indicator 1 --------------------------------------------------------------------------------------------
    def indicator1(self) -> Section:
        section = Section("indicator-1", f"Indicator 1: {INDICATOR_TITLES['1']}")
        section.blocks.append(Paragraphs([WORDING["1"]]))
        head = self.one(year=self.year, indicator="1", headline=True, grouping="wres")
        texts = [self.say(head)] if head else []
        for cluster in ("8a-8b", "8c-VSM", "Consultants"):
            row = self.one(
                year=self.year,
                indicator="1",
                grouping="wres",
                breakdown="cluster",
                category="all",
                stratum=cluster,
                group_a="BME",
            )
            if row is not None and text(row, "reason") != "no_people":  # a cluster with no staff has no sentence
                texts.append(self.say(row))
        section.blocks.append(Paragraphs(texts, style="sentences"))
        benchmark = num(head, "estimate") if head else None
        for category in ("non_clinical", "clinical", "medical_dental"):
            sub = Section(f"indicator-1-{category.replace('_', '-')}", f"Band profile: {CATEGORY_TITLES[category]}")
            bme = self.rows(
                year=self.year, indicator="1", grouping="wres", breakdown="band", category=category, group_a="BME"
            )
            # every band of the category is a row (wres-domain.md §5.0), but a category with nobody in it is a sentence
            if all(text(r, "reason") == "no_people" for r in bme):
                sub.blocks.append(Paragraphs([f"No {CATEGORY_TITLES[category].lower()} in post at 31 March."]))
                section.blocks.append(sub)
                continue
            table = self.band_table(bme, f"{CATEGORY_TITLES[category]} by pay band, 31 March {self.year}")
            title = f"BME share of {CATEGORY_TITLES[category].lower()} by pay band, {self.year}"
            points, hidden = self.share_points(bme, lambda r: band_label(str(r["stratum"])))
            subject = f"{CATEGORY_TITLES[category].lower()} in each pay band"
            sub.blocks.append(self.share_figure(title, subject, points, hidden, table, benchmark))
            section.blocks.append(sub)
        cats = self.rows(year=self.year, indicator="1", grouping="wres", breakdown="category", group_a="BME")
        clusters = self.rows(
            year=self.year, indicator="1", grouping="wres", breakdown="cluster", category="all", group_a="BME"
        )
        sub = Section("indicator-1-clusters", "Staff categories and band clusters, all staff")
        if cats:
            sub.blocks.append(
                self.band_table(
                    cats,
                    f"BME share by staff category, 31 March {self.year}",
                    label=lambda r: CATEGORY_TITLES.get(str(r["category"]), str(r["category"])),
                )
            )
        if clusters:
            sub.blocks.append(
                self.band_table(
                    clusters,
                    f"BME share by band cluster, all staff, 31 March {self.year}",
                    label=lambda r: CLUSTER_LABELS.get(str(r["stratum"]), str(r["stratum"])),
                )
            )
        section.blocks.append(sub)
        return section

    def band_table(self, bme_rows: Sequence[Row], caption: str, label: Callable[[Row], str] | None = None) -> Table:
        f = self.fmt
        label = label or (lambda r: band_label(str(r["stratum"])))
        out = []
        for row in bme_rows:
            others = {
                r["group_a"]: r
                for r in self.rows(
                    year=row["year"],
                    indicator="1",
                    grouping="wres",
                    breakdown=row["breakdown"],
                    category=row["category"],
                    stratum=row["stratum"],
                )
            }
            white, unknown = others.get("White"), others.get("Unknown")
            out.append(
                [
                    Cell(label(row), header=True),
                    f.count(row, "n1"),
                    f.count(row, "a"),
                    f.estimate(row),
                    f.interval(row),
                    f.estimate(white) if white else Cell("–", "num"),
                    f.estimate(unknown) if unknown else Cell("–", "num"),
                    f.status(row),
                    change_cell(self.change(row)),
                ]
            )
        return Table(
            "",
            caption,
            [
                "Band",
                "Staff",
                "BME staff",
                "BME share",
                "95% interval",
                "White share",
                "Unknown share",
                "Reading (against the whole workforce)",
                "Change (year compared; BME share)",
            ],
            out,
        )

    def share_points(self, rows: Sequence[Row], label: Callable[[Row], str]) -> tuple[pd.DataFrame, list[str]]:
        points, hidden = [], []
        for row in rows:
            if text(row, "reason") == "no_people":
                continue  # a band with no staff (a row of the fixed table, wres-domain.md §5.0) has no point
            est = num(row, "estimate")
            if est is None:
                hidden.append(label(row))
                continue
            lo, hi = num(row, "ci95_low"), num(row, "ci95_high")
            points.append(
                {
                    "label": label(row),
                    "estimate": 100 * est,
                    "lo": 100 * lo if lo is not None else math.nan,
                    "hi": 100 * hi if hi is not None else math.nan,
                    "text": format_percent(est),
                    "ci": f"{format_percent(lo)} to {format_percent(hi)}" if lo is not None and hi is not None else "",
                }
            )
        return pd.DataFrame(points, columns=["label", "estimate", "lo", "hi", "text", "ci"]), hidden

    def share_figure(
        self,
        title: str,
        subject: str,
        points: pd.DataFrame,
        hidden: Sequence[str],
        table: Table,
        benchmark: float | None,
    ) -> Figure:
        """Indicator 1's dot chart of BME shares of ``subject`` (e.g. "nurses in each pay band") with their 95%
        intervals, against the whole workforce's share (``benchmark``, a dashed line) when given, beside ``table``."""
        against = (
            f", against the BME share of the whole workforce ({format_percent(benchmark)}, dashed line)"
            if benchmark is not None
            else ""
        )
        description = self.describe_points(
            f"Dot chart of the BME share of {subject} with its 95% confidence interval (horizontal line)" + against,
            points,
            hidden,
        )
        chart = None
        if not points.empty:
            from wres.reports.charts import share_chart

            chart = share_chart(
                points,
                benchmark=100 * benchmark if benchmark is not None else None,
                axis_title="BME share of staff (%)",
            )
        return self.figure(title, description, chart, table)

    def describe_points(self, what: str, points: pd.DataFrame, hidden: Sequence[str]) -> str:
        parts = []
        for p in points.to_dict("records"):
            ci = f" ({p['ci']})" if p.get("ci") else ""
            parts.append(f"{p['label']}: {p['text']}{ci}")
        out = what + ". " + ("; ".join(parts) + "." if parts else "No value can be shown.")
        if hidden:
            reason = f"suppressed ({MARKER}) or not computed" if self.view.public else "not computed"
            out += f" Not shown ({reason}): {', '.join(hidden)}."
        return out

    # -- indicators 2-4 ------------------------------------------------------------------------------------------
    def series(self, ind: str, grouping: str = "wres") -> list[Row]:
        rows = self.rows(indicator=ind, grouping=grouping, breakdown="overall", category="all")
        return sorted(rows, key=lambda r: (-int(r["year"]), not bool(r.get("headline"))))

    def variant_label(self, row: Row) -> str:
        return variant_label(str(row["indicator"]), str(row["variant"]))

    def comparison_table(
        self, rows: Sequence[Row], caption: str, label_head: str, label: Callable[[Row], str]
    ) -> Table:
        f = self.fmt
        ind = str(rows[0]["indicator"]) if rows else "2"

        def side(key: str, default: str) -> str:
            """The group of one side of the comparison, or "Group" where the rows' groups differ (a table of
            ethnic groups, each against White staff)."""
            found = {str(r[key]) for r in rows} or {default}
            return found.pop() if len(found) == 1 else "Group"

        ga, gb = side("group_a", "White"), side("group_b", "BME")
        notes = [f.flags(row) for row in rows]
        with_notes = any(n.text for n in notes)
        out = []
        for row, note in zip(rows, notes, strict=True):
            cells = [
                Cell(label(row), header=True),
                f.count_of(row, "a", "n1"),
                f.rate(row, "rate_a"),
                f.count_of(row, "c", "n2"),
                f.rate(row, "rate_b"),
                f.estimate(row),
                f.interval(row),
                f.interval(row, "ci998"),
                f.status(row),
                change_cell(self.change(row)),
            ]
            out.append([*cells, note] if with_notes else cells)
        value_head = "Ratio" if ind in ("2", "3", "4") else "Gap (points)"
        head = [
            label_head,
            COUNT_HEADS[ind].format(group=ga),
            f"{ga} rate",
            COUNT_HEADS[ind].format(group=gb),
            f"{gb} rate",
            value_head,
            "95% interval",
            "99.8% interval",
            "Status",
            "Change (year compared)",
        ]
        if with_notes:
            head.append("Notes")
        note_text = None
        if ind == "3":
            note_text = (
                "Two-year rolling form: entrants in the two activity years against twice the 31 March headcount "
                "(the same ratio as the mean of the two years' entrants over the headcount)."
            )
        return Table("", caption, head, out, note=note_text)

    def ratio_indicator(self, ind: str) -> Section:
        section = Section(f"indicator-{ind}", f"Indicator {ind}: {INDICATOR_TITLES[ind]}")
        section.blocks.append(Paragraphs([WORDING[ind], MEASURES[ind] + "."]))
        rows = self.series(ind)
        now = [r for r in rows if int(r["year"]) == self.year]
        section.blocks.append(Paragraphs([self.say(r) for r in now], style="sentences"))
        if not rows:
            return section
        table = self.comparison_table(
            rows,
            f"Indicator {ind} by year, {min(int(r['year']) for r in rows)}–{self.year}",
            "Year and measure",
            lambda r: f"{r['year']} {self.variant_label(r).lower()}",
        )
        points, hidden = self.ratio_points(rows, lambda r: f"{r['year']} {self.variant_label(r).lower()}")
        title = f"Indicator {ind}: likelihood ratio with 95% interval by year"
        description = self.describe_points(
            f"Dot chart of the indicator {ind} likelihood ratio ({MEASURES[ind].split('(')[-1].rstrip(')')}) with its "
            f"95% confidence interval for each year and measure, on a log scale; the non-adverse range "
            f"{format_ratio(self.low)} to {format_ratio(self.high)} is shaded and 1 (equal likelihood) is dashed",
            points,
            hidden,
        )
        chart = None
        if not points.empty:
            from wres.reports.charts import ratio_chart

            chart = ratio_chart(points, low=self.low, high=self.high, axis_title="Likelihood ratio (log scale)")
        section.blocks.append(self.figure(title, description, chart, table))
        return section

    def ratio_points(self, rows: Sequence[Row], label: Callable[[Row], str]) -> tuple[pd.DataFrame, list[str]]:
        points, hidden = [], []
        for row in rows:
            est = num(row, "estimate")
            if est is None or (text(row, "estimate_type") == "ratio" and est <= 0):
                hidden.append(label(row))
                continue
            lo, hi = num(row, "ci95_low"), num(row, "ci95_high")
            kind = text(row, "estimate_type")
            points.append(
                {
                    "label": label(row),
                    "estimate": est,
                    "lo": lo if lo is not None and (kind != "ratio" or lo > 0) else math.nan,
                    "hi": hi if hi is not None else math.nan,
                    "text": fmt_value(est, kind),
                    "ci": f"{fmt_value(lo, kind)} to {fmt_value(hi, kind)}"
                    if lo is not None and hi is not None
                    else "",
                }
            )
        return pd.DataFrame(points, columns=["label", "estimate", "lo", "hi", "text", "ci"]), hidden

    # -- indicators 5-8 ------------------------------------------------------------------------------------------
    def survey_indicator(self, ind: str) -> Section:
        section = Section(f"indicator-{ind}", f"Indicator {ind}: {INDICATOR_TITLES[ind]}")
        section.blocks.append(Paragraphs([WORDING[ind], MEASURES[ind] + "."]))
        rows = self.series(ind)
        now = [r for r in rows if int(r["year"]) == self.year]
        section.blocks.append(Paragraphs([self.say(r) for r in now], style="sentences"))
        if not rows:
            return section
        label: Callable[[Row], str] = lambda r: f"{r['year']} ({int(r['year']) - 1} survey)"  # noqa: E731
        if len({str(r["variant"]) for r in rows}) > 1:
            label = lambda r: f"{r['year']} {self.variant_label(r).lower()}"  # noqa: E731
        table = self.comparison_table(rows, f"Indicator {ind} by year", "WRES year", label)
        points, hidden = self.ratio_points(rows, label)
        title = f"Indicator {ind}: adverse gap in percentage points with 95% interval by year"
        description = self.describe_points(
            f"Dot chart of the indicator {ind} adverse gap in percentage points ({MEASURES[ind].split(': ')[1]}) with "
            "its 95% confidence interval for each year; 0 (no difference) is dashed, and positive values mean BME "
            "staff fare worse",
            points,
            hidden,
        )
        chart = None
        if not points.empty:
            from wres.reports.charts import gap_chart

            chart = gap_chart(points, axis_title="Adverse gap (percentage points)")
        section.blocks.append(self.figure(title, description, chart, table))
        return section

    # -- indicator 9 ------------------------------------------------------------------------------------------------
    def board(self) -> Section:
        f = self.fmt
        section = Section("indicator-9", f"Indicator 9: {INDICATOR_TITLES['9']}")
        section.blocks.append(Paragraphs([WORDING["9"]]))
        heads = self.rows(
            year=self.year, indicator="9", grouping="wres", group_a="BME", variant=("voting", "executive")
        )
        section.blocks.append(Paragraphs([self.say(r) for r in heads], style="sentences"))
        points, hidden = [], []
        for row in heads:
            share = num(row, "rate_a")
            name = VARIANT_LABELS[("9", str(row["variant"]))]
            if share is None:
                hidden.append(name)
            else:
                points.append({"label": name, "estimate": 100 * share, "text": format_percent(share), "ci": ""})
        workforce = next((num(r, "rate_b") for r in heads if num(r, "rate_b") is not None), None)
        if workforce is None:
            hidden.append("Overall workforce")
        else:
            points.append(
                {"label": "Overall workforce", "estimate": 100 * workforce, "text": format_percent(workforce), "ci": ""}
            )
        frame = pd.DataFrame(points, columns=["label", "estimate", "text", "ci"])
        table_rows = []
        for row in heads:
            table_rows.append(
                [
                    Cell(VARIANT_LABELS[("9", str(row["variant"]))], header=True),
                    f.count(row, "a"),
                    f.count(row, "n1"),
                    f.rate(row, "rate_a"),
                    f.count(row, "c"),
                    f.count(row, "n2"),
                    f.rate(row, "rate_b"),
                    f.estimate(row),
                    change_cell(self.change(row)),
                ]
            )
        table = Table(
            "",
            f"BME share of the board and of the workforce, 31 March {self.year}",
            [
                "Board",
                "BME members",
                "Members",
                "BME share of members",
                "BME staff",
                "Workforce",
                "BME share of workforce",
                "Difference (points)",
                "Change since last year",
            ],
            table_rows,
        )
        description = self.describe_points(
            f"Bar chart of the BME share of voting board members, executive board members and the overall workforce "
            f"at 31 March {self.year}",
            frame,
            hidden,
        )
        chart = None
        if not frame.empty:
            from wres.reports.charts import bar_chart

            chart = bar_chart(frame, axis_title="BME share (%)")
        section.blocks.append(
            self.figure(f"Board against workforce: BME share, {self.year}", description, chart, table)
        )
        every = [r for r in self.rows(indicator="9", grouping="wres") if int(r["year"]) >= self.year - 1]
        every = sorted(every, key=lambda r: (-int(r["year"]), str(r["variant"])))
        rows = []
        for row in every:
            rows.append(
                [
                    Cell(
                        f"{row['year']} {variant_label('9', str(row['variant'])).lower()}: {row['group_a']}",
                        header=True,
                    ),
                    f.count(row, "a"),
                    f.count(row, "n1"),
                    f.rate(row, "rate_a"),
                    f.rate(row, "rate_b"),
                    f.estimate(row),
                    f.status(row),
                ]
            )
        section.blocks.append(
            Table(
                "",
                f"Board and workforce shares for every group, {self.year - 1} and {self.year}",
                [
                    "Year, board and group",
                    "Members in group",
                    "Members",
                    "Share of members",
                    "Share of workforce",
                    "Difference (points)",
                    "Status",
                ],
                rows,
            )
        )
        return section

    # -- disaggregated ethnic groups --------------------------------------------------------------------------------
    def groups(self) -> Section:
        grouping = self.data.grouping
        name = {"group5": "five", "group9": "nine"}.get(grouping, grouping)
        section = Section("groups", "Disaggregated ethnic groups")
        if not self.view.groups_shown:
            section.blocks.append(
                Paragraphs(
                    [
                        "“BME” combines groups whose experiences differ, and the internal report shows the "
                        f"{name} ethnic groups of the NHS Data Dictionary grouping for every indicator. They are left "
                        "out of this public report: the disaggregated groups are often small, and because every "
                        "figure published together is protected together, publishing them would force the "
                        "suppression of headline WRES figures."
                    ]
                )
            )
            return section
        section.blocks.append(
            Paragraphs(
                [
                    f"“BME” combines groups whose experiences differ. This section shows the {name} ethnic groups "
                    f"of the NHS Data Dictionary grouping for {self.year}, each compared with White staff in the same "
                    "way as the headline indicator. Indicator 9 is shown for the WRES groups only."
                ]
            )
        )
        composition = self.group_composition(grouping)
        if composition is not None:
            section.blocks.append(composition)
        for ind in ("2", "3", "4", "5", "6", "7", "8"):
            rows_g = self.rows(year=self.year, indicator=ind, grouping=grouping, breakdown="overall", category="all")
            if rows_g:
                section.blocks.append(self.group_comparison(ind, rows_g))
        return section

    def group_composition(self, grouping: str) -> Section | None:
        """Indicator 1 by ethnic group: each group's share of the workforce (a bar chart and its table)."""
        f = self.fmt
        comp = self.rows(year=self.year, indicator="1", grouping=grouping, breakdown="overall", category="all")
        if not comp:
            return None
        rows = []
        points: list[dict[str, Any]] = []
        hidden: list[str] = []
        for row in comp:
            rows.append(
                [
                    Cell(str(row["group_a"]), header=True),
                    f.count(row, "a"),
                    f.count(row, "n1"),
                    f.estimate(row),
                    change_cell(self.change(row)),
                ]
            )
            share = num(row, "estimate")
            if share is None:
                hidden.append(str(row["group_a"]))
            else:
                label = str(row["group_a"])
                points.append({"label": label, "estimate": 100 * share, "text": format_percent(share), "ci": ""})
        table = Table(
            "",
            f"Workforce by ethnic group, 31 March {self.year}",
            ["Ethnic group", "Staff in group", "All staff", "Share of the workforce", "Change since last year"],
            rows,
        )
        frame = pd.DataFrame(points, columns=["label", "estimate", "text", "ci"])
        chart = None
        if not frame.empty:
            from wres.reports.charts import bar_chart

            chart = bar_chart(frame, axis_title="Share of the workforce (%)")
        description = self.describe_points(
            f"Bar chart of the share of the workforce in each ethnic group at 31 March {self.year}", frame, hidden
        )
        figure = self.figure(f"Workforce by ethnic group, {self.year}", description, chart, table)
        return Section("groups-1", f"Indicator 1: {INDICATOR_TITLES['1']}", [figure])

    def group_comparison(self, ind: str, rows_g: list[Row]) -> Section:
        """Indicators 2–8 by ethnic group, each group against White staff (indicator 2 with a chart)."""
        rows_g = sorted(rows_g, key=lambda r: (not bool(r.get("headline")), str(r["variant"])))
        minority = "group_b" if ind in ("2", "4", "7") else "group_a"
        many = len({str(r["variant"]) for r in rows_g}) > 1

        def group(r: Row) -> str:
            return str(r[minority])

        def label(r: Row) -> str:
            return f"{group(r)} ({self.variant_label(r).lower()})" if many else group(r)

        section = Section(f"groups-{ind}", f"Indicator {ind}: {INDICATOR_TITLES[ind]}")
        caption = f"Indicator {ind} by ethnic group, {self.year}"
        if ind != "2":
            section.blocks.append(self.comparison_table(rows_g, caption, "Ethnic group", label))
            return section
        main = [r for r in rows_g if str(r["variant"]) == "all"] or rows_g
        points, hidden = self.ratio_points(main, group)
        description = self.describe_points(
            "Dot chart of the likelihood of White applicants being appointed from shortlisting compared with "
            "each ethnic group (White ÷ group), with 95% confidence intervals on a log scale; the non-adverse "
            f"range {format_ratio(self.low)} to {format_ratio(self.high)} is shaded and 1 is dashed",
            points,
            hidden,
        )
        chart = None
        if not points.empty:
            from wres.reports.charts import ratio_chart

            chart = ratio_chart(
                points, low=self.low, high=self.high, axis_title="Likelihood ratio, White ÷ group (log scale)"
            )
        table = self.comparison_table(main, caption, "Ethnic group", group)
        section.blocks.append(self.figure(caption, description, chart, table))
        rest = [r for r in rows_g if r not in main]
        if rest:
            section.blocks.append(
                self.comparison_table(rest, f"{caption}, excluding international recruits", "Ethnic group", group)
            )
        return section

    # -- action plan -------------------------------------------------------------------------------------------
    def action_plan(self) -> Section:
        return Section(
            "action-plan",
            "Action plan",
            [
                Paragraphs(
                    [
                        "The action plan will appear here once it has been recorded. Every organisation publishes "
                        "its WRES action plan with its data; this report will include the actions, owners and "
                        "progress when the plan is recorded in wres."
                    ]
                )
            ],
        )

    # -- appendix ----------------------------------------------------------------------------------------------
    def appendix(self) -> Section:
        d, v = self.data, self.view
        cfg = d.config
        section = Section("appendix", "Appendix: methods and data quality")
        about = [
            ("Organisation", f"{d.org_name} ({d.org_code})"),
            (
                "WRES year",
                f"{d.year} (snapshot 31 March {d.year}; activity year 1 April {d.year - 1} to 31 March "
                f"{d.year}; {d.year - 1} NHS Staff Survey)",
            ),
            ("Years computed", ", ".join(map(str, d.years))),
            ("Tier", "Public: disclosure control applied" if v.public else f"Internal: {INTERNAL_NOTICE}"),
            ("Disclosure policy", self._policy_line()),
            (
                "Computed",
                f"{d.metadata.get('computed_at', '')} with wres {d.metadata.get('wres_version', '')} "
                f"({d.metadata.get('engine', '')} engine, Python {d.metadata.get('python', '')})",
            ),
        ]
        section.blocks.append(Section("appendix-about", "About this report", [Facts(about)]))
        methods = Section("appendix-methods", "Intervals, statuses and ranges")
        methods.blocks.append(
            Facts(
                [
                    (
                        "Indicator 1",
                        "Share of each group in each band; Wilson score 95% interval, compared with the "
                        "group's share of the whole workforce (under- or over-represented when the "
                        "interval lies wholly below or above it).",
                    ),
                    (
                        "Indicators 2–4",
                        "Ratio of two rates from unrounded counts; Koopman score 95% and 99.8% "
                        "intervals. Status: outside the non-adverse range and the 95% interval excludes "
                        "1 = statistically significant; outside the range but the interval includes "
                        "1 = too few to be sure; within the range.",
                    ),
                    (
                        "Indicators 5–8",
                        "Difference of two percentages (adverse gap) with Newcombe hybrid score 95% and "
                        "99.8% intervals; significant when the 95% interval excludes 0.",
                    ),
                    (
                        "Indicator 9",
                        "Board share minus workforce share in points: descriptive, because the board is "
                        "a whole population (no interval).",
                    ),
                    (
                        "Change since last year",
                        "Ratios: z-test on the difference of the Katz log ratios; gaps and "
                        "shares: Newcombe's method; a change is significant when its 95% "
                        "interval excludes no change.",
                    ),
                    (
                        "Non-adverse range",
                        f"{range_words(cfg.ranges.low, cfg.ranges.high)} "
                        "(configuration [ranges]); the test uses the exact ratio of the counts rounded half-up to "
                        "2 dp, so a ratio shown as 1.25 is inside and one shown as 1.26 is outside.",
                    ),
                    (
                        "Indicator 3 form",
                        f"{cfg.indicator3.form.replace('_', ' ')} (configuration [indicator3] form), "
                        f"counting {cfg.indicator3.unit}s.",
                    ),
                    ("Indicator 2 unit", f"{cfg.indicator2.unit}s (configuration [indicator2] unit)."),
                    (
                        "Indicator 4 people",
                        (
                            "staff in post at 31 March who accessed training, and those who left during the year"
                            if cfg.indicator4.include_leavers
                            else "staff in post at 31 March who accessed training (leavers not counted)"
                        )
                        + " (configuration [indicator4] include_leavers).",
                    ),
                    (
                        "Reliability notes",
                        f"low count: an event count below {cfg.quality.low_count}; small base: a "
                        f"group below {cfg.quality.small_base}; completeness: more than "
                        f"{cfg.quality.unknown_warning:.0%} of ethnicity unknown.",
                    ),
                    (
                        "Survey indicator 7",
                        "“Don't know” answers are "
                        + ("included in" if cfg.survey.i7_dont_know_in_base else "excluded from")
                        + " the base.",
                    ),
                    (
                        "Ethnic groups",
                        f"Disaggregated groups are compared with {cfg.ethnicity.comparator} staff; "
                        f"Chinese is counted in the 5-group as {cfg.ethnicity.chinese_in_5group}.",
                    ),
                ]
            )
        )
        low, high = cfg.ranges.low, cfg.ranges.high
        status_rows = [
            [
                Cell(status_tag(k, low=low, high=high, indicator=ind), header=True),
                Cell(status_text(k, low=low, high=high, indicator=ind)),
            ]
            for k, ind in [(k, None) for k in STATUSES if k != "not_computed"] + [("descriptive", "1")]
        ]
        methods.blocks.append(
            Table("statuses", "What each status means", ["Status as tables show it", "Meaning"], status_rows)
        )
        section.blocks.append(methods)
        section.blocks.append(self.disclosure_section())
        section.blocks.append(self.quality_section())
        section.blocks.append(self.ledger_section())
        refs = sorted(self.references.values(), key=lambda r: (r.indicator, r.measure))
        national = Section("appendix-national", "National reference figures")
        if refs:
            national.blocks.append(
                Paragraphs(
                    [
                        "National figures are as published for all NHS trusts in England, mostly from press "
                        "coverage of NHS England's reports; use them as context, not as targets."
                    ]
                )
            )
            national.blocks.append(
                Links(
                    [
                        (f"Indicator {r.indicator}: {national_clause(r, cite=False)}", r.source_url or "")
                        for r in refs
                        if r.source_url
                    ]
                )
            )
        else:
            national.blocks.append(Paragraphs(["No national reference figure applies to this year."]))
        section.blocks.append(national)
        section.blocks.append(
            Section("appendix-limitations", "Known limitations", [Paragraphs(list(LIMITATIONS), style="list")])
        )
        notes = [n for n in (*d.notes, *v.notes) if n]
        if notes:  # an empty Notes section is left out, not printed as a heading over nothing
            section.blocks.append(Section("appendix-notes", "Notes", [Paragraphs(notes, style="list")]))
        return section

    def _policy_line(self) -> str:
        v = self.view
        policy = v.disclosure.get("policy")
        if v.public and policy:
            return f"{policy}, version {v.disclosure.get('version')}"
        cfg = self.data.config.disclosure
        return f"none (internal tier); the public tier of this report applies {cfg.policy}"

    def disclosure_section(self) -> Section:
        v = self.view
        sub = Section("appendix-disclosure", "Disclosure control")
        cfg = self.data.config.disclosure
        params = [
            ("Suppressed counts", f"{cfg.suppress_min} to {cfg.suppress_max}"),
            ("Rounding", f"other counts to the nearest {cfg.rounding_base}"),
            ("Zeros", "shown" if cfg.show_zeros else "suppressed"),
            ("Protection width", f"an attacker's range for a suppressed count is at least {cfg.protection_width}"),
            ("All-England figures", "exempt" if cfg.national_exempt else "not exempt"),
            ("Board counts (indicator 9)", "exempt" if cfg.indicator9_exempt else "not exempt"),
        ]
        if v.public:
            summary = v.disclosure.get("summary", {})
            sub.blocks.append(
                Paragraphs(
                    [
                        f"This public report applies disclosure policy {v.disclosure.get('policy')} (version "
                        f"{v.disclosure.get('version')}) to every table, chart and sentence before anything is "
                        f"shown: counts of {cfg.suppress_min} to {cfg.suppress_max} are suppressed, further cells "
                        "are suppressed so that no suppressed "
                        "count can be worked out from totals and other cells (checked by an audit), other counts are "
                        "rounded, and every rate, ratio or interval built on a suppressed count is suppressed.",
                        v.footnote or "",
                    ]
                )
            )
            if summary:
                params.append(
                    (
                        "This report",
                        # one total: how many [c] are small counts is not said (methods.md §11, public-v2)
                        f"{summary.get('cells', 0):,} published counts checked; "
                        f"{sum(int(summary.get(k, 0)) for k in ('primary', 'secondary', 'audit')):,} not shown "
                        f"({MARKER})",
                    )
                )
        else:
            sub.blocks.append(
                Paragraphs(
                    [
                        f"{INTERNAL_NOTICE}. This internal report shows every count and statistic unsuppressed and "
                        "unrounded. It must not be published: the public tier of the same report applies the "
                        f"disclosure policy {cfg.policy} below."
                    ],
                    style="notice",
                )
            )
        sub.blocks.append(Facts(params))
        return sub

    def quality_section(self) -> Section:
        f = self.fmt
        sub = Section("appendix-quality", "Ethnicity completeness")
        rows = []
        for row in self.headline_rows():
            if str(row["indicator"]) == "9":
                continue
            completeness = num(row, "completeness")
            cell = Cell(format_percent(completeness), "num") if completeness is not None else f.missing(row)
            rows.append(
                [
                    Cell(f"{row['indicator']}. {INDICATOR_TITLES[str(row['indicator'])]}", header=True),
                    f.count(row, "unknown"),
                    cell,
                ]
            )
        sub.blocks.append(
            Table(
                "completeness",
                f"Ethnicity recorded, by indicator, {self.year}",
                ["Indicator", "People of unknown ethnicity", "Ethnicity known"],
                rows,
                note="People whose ethnicity is not stated or not known are counted in indicator 1's shares and "
                "excluded from the rates of indicators 2–8.",
            )
        )
        if not self.view.public:
            q_rows = []
            for rec in self.data.imports:
                for eth in rec.quality.get("ethnicity", []):
                    comp = eth.get("completeness")
                    q_rows.append(
                        [
                            Cell(f"{rec.file_name} ({eth.get('table', '')})", header=True),
                            Cell(format_count(float(eth.get("rows", 0))), "count"),
                            Cell(format_count(float(eth.get("stated", 0))), "count"),
                            Cell(format_percent(float(comp)) if comp is not None else "–", "num"),
                        ]
                    )
            if q_rows:
                sub.blocks.append(
                    Table(
                        "completeness-files",
                        "Ethnicity stated in each imported file",
                        ["File (table)", "Rows", "Ethnicity stated", "Completeness"],
                        q_rows,
                    )
                )
            hc = self.data.headcounts
            if not hc.empty:
                hc_rows = [
                    [
                        Cell(str(int(r["year"])), header=True),
                        Cell(format_count(float(r["headcount"])), "count"),
                        Cell(f"{float(r['white_pct']):.1f}%", "num"),
                        Cell(f"{float(r['bme_pct']):.1f}%", "num"),
                        Cell(f"{float(r['unknown_pct']):.1f}%", "num"),
                    ]
                    for r in hc.to_dict("records")
                ]
                sub.blocks.append(
                    Table(
                        "headcounts",
                        "Headcount at each 31 March snapshot in the store",
                        ["Year", "Headcount", "White", "BME", "Unknown"],
                        hc_rows,
                    )
                )
        else:
            rows_hc = []
            for row in sorted(
                self.rows(indicator="1", grouping="wres", breakdown="overall", category="all", group_a="BME"),
                key=lambda r: int(r["year"]),
            ):
                rows_hc.append([Cell(str(row["year"]), header=True), f.count(row, "n1"), f.estimate(row)])
            if rows_hc:
                sub.blocks.append(
                    Table(
                        "headcounts",
                        "Headcount at 31 March (public values)",
                        ["Year", "Headcount", "BME share"],
                        rows_hc,
                    )
                )
        return sub

    def ledger_section(self) -> Section:
        sub = Section("appendix-ledger", "Data sources and import ledger")
        imports = self.data.imports
        if not imports:
            sub.blocks.append(
                Paragraphs(
                    [
                        "The data were loaded from a canonical folder (wres load); there are no "
                        "import ledger entries for this organisation."
                    ]
                )
            )
            return sub
        public = self.view.public
        head = ["Import", "Source", "Profile", "Periods", "Status", "Imported"]
        if not public:
            head += ["Rows read", "Loaded", "Rejected", "Merged"]
        rows = []
        for rec in imports:
            periods = ", ".join(rec.periods[:4]) + (" …" if len(rec.periods) > 4 else "")
            row = [
                Cell(f"{rec.import_id}: {rec.file_name}", header=True),
                Cell(rec.source),
                Cell(rec.profile),
                Cell(periods),
                Cell(rec.status),
                Cell(
                    rec.imported_at.strftime("%Y-%m-%d")
                    if hasattr(rec.imported_at, "strftime")
                    else str(rec.imported_at)
                ),
            ]
            if not public:
                row += [
                    Cell(format_count(rec.rows_read), "count"),
                    Cell(format_count(rec.rows_loaded), "count"),
                    Cell(format_count(rec.rows_rejected), "count"),
                    Cell(format_count(rec.rows_merged), "count"),
                ]
            rows.append(row)
        note = None if not public else "Row counts per file are in the internal tier of this report."
        sub.blocks.append(Table("ledger", "Imported files (the import ledger)", head, rows, note=note))
        return sub


def band_label(code: str) -> str:
    band = BANDS.get(code)
    return band.label if band is not None else code


def build_report(data: ReportData, view: TierView, *, charts: bool = True, render_charts: bool = True) -> Report:
    """The content of one tier's annual report (``charts=False`` leaves the charts out, for quick tests;
    ``render_charts=False`` leaves them as specifications, rendered with the page)."""
    return Builder(data, view, charts=charts).build(render_charts=render_charts)
