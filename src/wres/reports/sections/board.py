"""Indicator 9: the board against the workforce (descriptive: the board is a whole population)."""

from __future__ import annotations

import pandas as pd

from wres.analysis.wording import (
    VARIANT_LABELS,
    variant_label,
)
from wres.reports.content import (
    Cell,
    Paragraphs,
    Section,
    Table,
)
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.cells import (
    change_cell,
)
from wres.reports.sections.texts import INDICATOR_TITLES, WORDING
from wres.reports.sentences import (
    format_percent,
)
from wres.reports.values import number as num


class BoardSections(BuilderBase):
    """Indicator 9's section."""

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
