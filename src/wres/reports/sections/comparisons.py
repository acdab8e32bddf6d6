"""Indicators 2–8: one group's rate against another's, by year (ratios for 2–4, survey gaps for 5–8)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wres.analysis.wording import (
    MEASURES,
)
from wres.reports.content import (
    Cell,
    Paragraphs,
    Section,
    Table,
)
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.cells import (
    Row,
    change_cell,
)
from wres.reports.sections.texts import COUNT_HEADS, INDICATOR_TITLES, WORDING
from wres.reports.sentences import (
    format_ratio,
)


class ComparisonSections(BuilderBase):
    """The comparison table and the sections of indicators 2–4 and 5–8."""

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
