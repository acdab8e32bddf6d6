"""The disaggregated ethnic groups: indicator 1's composition and indicators 2–8 for each group against White
staff.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from wres.reports.content import (
    Cell,
    Paragraphs,
    Section,
    Table,
)
from wres.reports.sections.cells import (
    Row,
    change_cell,
)
from wres.reports.sections.comparisons import ComparisonSections
from wres.reports.sections.texts import INDICATOR_TITLES
from wres.reports.sentences import (
    format_percent,
    format_ratio,
)
from wres.reports.values import number as num


class GroupSections(ComparisonSections):
    """The disaggregated ethnic groups section."""

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
