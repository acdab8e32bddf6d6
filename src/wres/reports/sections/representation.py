"""Indicator 1: representation by pay band (band profiles with their charts, staff categories and band
clusters).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd

from wres.reports.content import (
    Cell,
    Figure,
    Paragraphs,
    Section,
    Table,
)
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.cells import (
    Row,
    band_label,
    change_cell,
)
from wres.reports.sections.texts import CATEGORY_TITLES, INDICATOR_TITLES, WORDING
from wres.reports.sentences import (
    format_percent,
)
from wres.reports.values import number as num
from wres.reports.values import text
from wres.vocab.bands import CLUSTER_LABELS


class RepresentationSections(BuilderBase):
    """Indicator 1's section and the band-profile helpers the dashboard also uses."""

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
