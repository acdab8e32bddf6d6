"""Page 1: the headline paragraph and the summary table of the nine indicators."""

from __future__ import annotations

from wres.analysis.change import comparison_year
from wres.analysis.wording import (
    SHORT_MEASURES,
    range_span,
    variant_label,
)
from wres.reports.content import (
    Block,
    Cell,
    Paragraphs,
    Section,
    Table,
)
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.cells import change_cell, national_beside
from wres.reports.sections.texts import INDICATOR_TITLES


class SummarySections(BuilderBase):
    """The headline paragraph and the summary of the nine indicators."""

    # -- headline and summary ----------------------------------------------------------------------------------
    def headline(self) -> str:
        """The paragraph at the top of page 1 (:func:`wres.reports.headline.headline_paragraph`)."""
        from wres.reports.headline import headline_paragraph

        clusters = self.rows(
            year=self.year, indicator="1", grouping="wres", breakdown="cluster", category="all", group_a="BME"
        )
        return headline_paragraph(
            self.headline_rows(),
            clusters,
            self.change,
            self.headline_trends(),
            value=lambda r: self.fmt.estimate(r).text,
            suppressed=self.fmt.suppressed_row,
        )

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
                    Cell(national_beside(ref, row, f)),
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
                "National figure",
            ],
            rows,
            note="Indicators 2–4: a ratio above 1 is adverse to BME staff; non-adverse range "
            f"{range_span(self.low, self.high)}. Indicators 5–8: gaps in percentage points, positive "
            "when BME staff fare worse. Significant: the 95% interval excludes no difference. Change: against the "
            "previous year (indicator 3's rolling form: the previous non-overlapping two-year window, "
            f"{comparison_year('3', 'rolling', self.year, self.year - 1)}). A national figure is shown only where it "
            "measures the same thing as the value, or beside this organisation's figure of the same measure.",
        )
        blocks: list[Block | Section] = [table]
        if self.view.public and self.view.footnote:
            blocks.append(Paragraphs([self.view.footnote], style="footnote"))
        return Section("summary", f"Summary of the nine indicators, {self.year}", blocks)
