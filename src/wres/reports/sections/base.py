"""The section builders' common ground: lookups over one tier's rows and changes, sentences, figures."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from wres.analysis.change import CHANGE_KEY
from wres.analysis.national import Reference, reference_for_row
from wres.analysis.wording import (
    variant_label,
)
from wres.disclosure.policy import MARKER
from wres.reports.content import (
    Figure,
    Table,
)
from wres.reports.data import ReportData, TierView
from wres.reports.sections.cells import (
    Formatter,
    Row,
    fmt_value,
)
from wres.reports.sentences import (
    sentence,
)
from wres.reports.values import number as num
from wres.reports.values import text


class BuilderBase:
    """What every section builder shares: the tier's rows and changes and lookups over them, the sentence of a row,
    and figures whose charts are rendered together (see :class:`wres.reports.sections.Builder`)."""

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
        self._trend_frame: pd.DataFrame | None = None

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

    def headline_trends(self) -> pd.DataFrame:
        """The multi-year trend (:func:`wres.analysis.trend.trend`) of each headline series over every year the
        tier's rows hold (indicator 3: its single-year series, which a trend reads; survey indicators: every
        variant), computed once: the headline paragraph and the "Is it getting better?" section read the same
        frame."""
        if self._trend_frame is not None:
            return self._trend_frame
        from wres.analysis.trend import trend

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
        if not trends.empty:
            keep = [
                (str(r["indicator"]), str(r["variant"])) in headline
                or (str(r["indicator"]) == "3" and str(r["variant"]) == "single_year")
                or str(r["indicator"]) in ("5", "6", "7", "8")
                for r in trends.to_dict("records")
            ]
            trends = trends[keep]
        self._trend_frame = trends
        return trends

    def headline_rows(self) -> list[Row]:
        rows = self.rows(year=self.year, headline=True, grouping="wres", breakdown="overall", category="all")
        return [r for r in rows if not (r.get("indicator") == "9" and r.get("group_a") != "BME")]

    def describe_points(self, what: str, points: pd.DataFrame, hidden: Sequence[str]) -> str:
        parts = []
        for p in points.to_dict("records"):
            ci = f" ({p['ci']})" if p.get("ci") else ""
            parts.append(f"{p['label']}: {p['text']}{ci}")
        out = what + ". " + ("; ".join(parts) + "." if parts else "No value can be shown.")
        if hidden:
            reason = f"{MARKER}, to protect confidentiality, or not computed" if self.view.public else "not computed"
            out += f" Not shown ({reason}): {', '.join(hidden)}."
        return out

    # -- indicators 2-4 ------------------------------------------------------------------------------------------
    def series(self, ind: str, grouping: str = "wres") -> list[Row]:
        rows = self.rows(indicator=ind, grouping=grouping, breakdown="overall", category="all")
        return sorted(rows, key=lambda r: (-int(r["year"]), not bool(r.get("headline"))))

    def variant_label(self, row: Row) -> str:
        return variant_label(str(row["indicator"]), str(row["variant"]))

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
