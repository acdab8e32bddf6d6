"""The report's "Where today's rates lead" section (issue 17): the Model Employer targets and the pipeline projection,
in plain English, for one tier.

Everything comes from the tier's :class:`~wres.reports.outlook_data.Outlook` (:attr:`TierView.outlook
<wres.reports.data.TierView.outlook>`): in the public tier the Model Employer rows are judged on indicator 1's
published counts (rounded to 5, small ones suppressed) and the projection is its public view (shares and years).

* **Model Employer targets** (wres-domain.md §7.2) — the trajectory's label (issued for a year and version, or not
  issued: computed from today's data) and its notes, a row per band for the report year (baseline share and year,
  this year's target share, actual share, staff, target and actual BME staff, gap, net BME gain a year needed,
  status in words), and the chart of "8a and above" (:mod:`wres.reports.model_employer_chart`).
* **Pipeline projection** (methods.md §12) — what each scenario means, the sentence per band, whether today's rates
  deliver the target by the Model Employer target year (the chance across the runs, in words), a table of the year
  each band reaches the workforce share under each scenario, and the chart of "8a and above"
  (:mod:`wres.reports.projection_chart`); the public tier's withheld notes.
* **Ethnicity pay gap** (wres-domain.md §7.1, methods.md §14) — the tier's :class:`~wres.reports.paygap_content.
  PayGapShown`: the gaps in words, the gap table (mean and median with 95% intervals, band mix / within band, the
  disclosure rate) and the pay quartiles; the 5 groups internally, BME only (as published) in public.
* A part the store cannot support (:attr:`Outlook.notes <wres.reports.outlook_data.Outlook.notes>`) gets its reason
  in a sentence.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from wres.disclosure.policy import MARKER
from wres.reports.content import Cell, Figure, Paragraphs, Section, Table
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.cells import band_label
from wres.reports.sections.texts import (
    MODEL_EMPLOYER_INTRO,
    NOT_ISSUED_LABEL,
    OUTLOOK_INTRO,
    PROJECTION_CAVEAT,
    PROJECTION_INTRO,
    SCENARIO_MEANINGS,
)

if TYPE_CHECKING:
    from wres.analysis.model_employer import BandProgress
    from wres.analysis.projection import Projection
    from wres.reports.outlook_data import ModelEmployerView
    from wres.reports.paygap_content import PayGapShown

__all__ = ["CHART_BAND", "HEADING", "OutlookSections", "delivery_sentence", "trajectory_label"]

HEADING: Final = "Where today's rates lead"
MISSING_PARTS: Final = {
    "Model Employer targets": "The Model Employer targets cannot be shown",
    "Pipeline projection": "The pipeline projection cannot be shown",
}
"""The parts :func:`wres.reports.outlook_data.outlook` names in its notes, as the subject of the sentence."""
CHART_BAND: Final = "8a and above"
"""The band charted (Model Employer and projection)."""
LIKELY: Final = 0.5
"""From this chance of reaching the workforce share by the target year, today's rates are said to deliver it."""
UNLIKELY: Final = 0.05
"""Below this chance today's rates are said almost certainly not to deliver it."""


def pct(value: Fraction | float | None) -> str:
    """A share as a percentage with one decimal (``–`` when unknown)."""
    if value is None:
        return "–"
    number = float(value)
    return "–" if math.isnan(number) else f"{100 * number:.1f}%"


def _sentence(text: str) -> str:
    """``text`` with a capital and a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def trajectory_label(view: ModelEmployerView) -> str:
    """``issued for 2025 (version 1)`` or ``not issued: computed from today's data``."""
    return view.trajectory.label if view.issued else NOT_ISSUED_LABEL


def band_name(code: str) -> str:
    """``8a and above``, ``Band 8a``, ``Very senior manager``."""
    return band_label(code)


def delivery_sentence(band: str, chance: float, target_year: int, *, already: bool) -> str:
    """Whether today's appointment, promotion and leaving rates deliver the Model Employer target of ``band`` by
    ``target_year``, given the share of runs that reach the workforce share by then (``chance``)."""
    name = band_name(band)
    if already:
        return f"{name}: already at or above the workforce share."
    if not math.isfinite(chance):
        return f"{name}: the chance of reaching the workforce share by {target_year} could not be computed."
    if chance >= LIKELY:
        verdict = "yes, more likely than not"
    elif chance >= UNLIKELY:
        verdict = "unlikely"
    else:
        verdict = "almost certainly not"
    return f"{name}: {verdict} ({100 * chance:.0f}% of the runs reach the workforce share by {target_year})."


class OutlookSections(BuilderBase):
    """The "Where today's rates lead" section of one tier."""

    def outlook(self) -> Section:
        section = Section("outlook", HEADING)
        section.blocks.append(Paragraphs([OUTLOOK_INTRO]))
        found = self.view.outlook
        if found is None:
            section.blocks.append(
                Paragraphs(["This report was built without the Model Employer targets and the pipeline projection."])
            )
            return section
        if found.notes:
            section.blocks.append(Paragraphs([self._missing(n) for n in found.notes], style="notice"))
        if found.model_employer is not None:
            section.blocks.append(self._model_employer(found.model_employer))
        if found.projection is not None:
            section.blocks.append(self._projection(found.projection, found.model_employer))
        if found.paygap is not None:
            section.blocks.append(self._paygap(found.paygap))
        return section

    # -- the ethnicity pay gap -------------------------------------------------------------------------------------
    @staticmethod
    def _paygap(shown: PayGapShown) -> Section:
        """The tier's pay gap (:mod:`wres.reports.paygap_content`): sentences, the gap and quartile tables, notes;
        a snapshot without pay says which ESR columns to import."""
        section = Section("outlook-paygap", shown.heading)
        if shown.message is not None:
            section.blocks.append(Paragraphs([shown.message]))
            return section
        section.blocks.append(Paragraphs(shown.sentences()))
        gaps, quartiles = shown.tables("report-paygap")
        section.blocks.extend([gaps, quartiles])
        if shown.notes:
            section.blocks.append(Paragraphs(shown.notes))
        return section

    @staticmethod
    def _missing(note: str) -> str:
        """An :attr:`Outlook.notes <wres.reports.outlook_data.Outlook.notes>` entry as a sentence."""
        part, _, why = note.partition(": ")
        subject = MISSING_PARTS.get(part)
        return note if subject is None or not why else _sentence(f"{subject}: {why}")

    # -- Model Employer --------------------------------------------------------------------------------------------
    def _share_cell(self, value: Fraction | None, suppressed: bool) -> Cell:
        if value is None and suppressed:
            return Cell(MARKER, "num", suppressed=True)
        return Cell(pct(value), "num")

    def _count_cell(self, value: int | None, suppressed: bool) -> Cell:
        if value is None and suppressed:
            return Cell(MARKER, "count", suppressed=True)
        return Cell("–" if value is None else f"{value:,}", "count")

    def _model_employer(self, view: ModelEmployerView) -> Section:
        section = Section("outlook-model-employer", "Model Employer targets")
        traj = view.trajectory
        opts = traj.options
        public = self.view.public
        section.blocks.append(
            Paragraphs(
                [
                    MODEL_EMPLOYER_INTRO.format(
                        target=opts.target_year,
                        reference=pct(traj.reference_share) if traj.reference_share is not None else MARKER,
                        reference_year=traj.reference_year,
                        baseline=traj.baseline_year,
                    ),
                    f"The trajectory is {trajectory_label(view)}.",
                ]
            )
        )
        notes = [_sentence(n) for n in traj.notes]
        if notes:
            section.blocks.append(Paragraphs(notes, style="notice"))
        rows: list[list[Cell]] = []
        band_notes: dict[str, list[str]] = {}
        for p in view.rows:
            baseline = self._share_cell(p.baseline_share, public and p.baseline_share is None)
            if baseline.text != "–":
                baseline = Cell(f"{baseline.text} ({p.baseline_year})", "num", suppressed=baseline.suppressed)
            rows.append(
                [
                    Cell(band_name(p.band), header=True),
                    baseline,
                    Cell(pct(p.target_share), "num"),
                    self._share_cell(p.actual_share, public and p.actual_share is None and p.status != "no_staff"),
                    self._count_cell(p.actual.headcount, public and p.actual.headcount is None),
                    Cell("–" if p.target_heads is None else f"{p.target_heads:,}", "num"),
                    self._count_cell(p.actual.bme, public and p.actual.bme is None),
                    Cell("–" if p.gap is None else f"{p.gap:,}", "num"),
                    Cell("–" if p.required_gain is None else f"{p.required_gain:,}", "num"),
                    Cell(self._me_status(p), "status"),
                ]
            )
            if p.note and p.note != "the target year":
                band_notes.setdefault(p.note, []).append(band_name(p.band))
        tier = "public" if public else "internal"
        note = (
            f"Target share: this year's step on the line from the band's share at 31 March {traj.baseline_year} to "
            f"the workforce share in {opts.target_year}. Target BME staff: the target share of the band's staff, "
            "rounded up. Gap: target less actual BME staff (0 or less: on or above target). Net BME gain a year: "
            f"to reach the workforce share by {opts.target_year}, net of leavers."
        )
        if public:
            note += (
                " Public figures: staff counts are rounded to the nearest 5, and shares, targets and gaps are "
                f"computed from the rounded counts; {MARKER}: not published, to protect confidentiality."
            )
        section.blocks.append(
            Table(
                "outlook-model-employer-table",
                f"Model Employer targets at 31 March {view.year} (trajectory {trajectory_label(view)}; {tier} figures)",
                [
                    "Band",
                    "Baseline share (year)",
                    f"Target share {view.year}",
                    f"Actual share {view.year}",
                    "Staff in band",
                    "Target BME staff",
                    "Actual BME staff",
                    "Gap",
                    "Net BME gain a year needed",
                    "Status",
                ],
                rows,
                note=note,
            )
        )
        if band_notes:
            said = [f"{', '.join(names)}: {note}." for note, names in band_notes.items()]
            section.blocks.append(Paragraphs(said, style="list"))
        chart = self._model_employer_figure(view)
        if chart is not None:
            section.blocks.append(chart)
        elif public:
            section.blocks.append(
                Paragraphs([f"The chart of {CHART_BAND} is not shown: its counts are not published in this tier."])
            )
        return section

    @staticmethod
    def _me_status(p: BandProgress) -> str:
        from wres.analysis.model_employer import STATUSES

        words = STATUSES[p.status]
        if p.status == "below_target" and p.gap is not None:
            words += f" by {p.gap:,}"
        return words[:1].upper() + words[1:]

    def _model_employer_figure(self, view: ModelEmployerView) -> Figure | None:
        from wres.reports.model_employer_chart import ACTUAL, TARGET, model_employer_chart, model_employer_points

        points = model_employer_points(view.path, CHART_BAND)
        if not any(p["series"] == ACTUAL for p in points) or not any(p["series"] == TARGET for p in points):
            return None
        by_year: dict[int, dict[str, float]] = {}
        for p in points:
            by_year.setdefault(int(p["year"]), {})[str(p["series"])] = float(p["share"])
        rows = [
            [
                Cell(str(y), header=True),
                Cell(pct(by_year[y].get(TARGET)), "num"),
                Cell(pct(by_year[y].get(ACTUAL)) if ACTUAL in by_year[y] else "–", "num"),
            ]
            for y in sorted(by_year)
        ]
        table = Table(
            "", f"Data for the chart: {CHART_BAND}, target and actual BME share", ["Year", TARGET, ACTUAL], rows
        )
        said = "; ".join(
            f"{y}: target {pct(by_year[y].get(TARGET))}"
            + (f", actual {pct(by_year[y][ACTUAL])}" if ACTUAL in by_year[y] else "")
            for y in sorted(by_year)
        )
        description = (
            f"Line chart of the Model Employer target share of {CHART_BAND} each year from {min(by_year)} to "
            f"{max(by_year)} and the actual BME share at each 31 March snapshot. {said}."
        )
        title = f"Model Employer trajectory and actual BME share, {CHART_BAND}"
        return self.figure(title, description, model_employer_chart(points, band=CHART_BAND), table)

    # -- the projection --------------------------------------------------------------------------------------------
    def _projection(self, proj: Projection, me: ModelEmployerView | None) -> Section:
        section = Section("outlook-projection", "Pipeline projection: when each band reaches the workforce share")
        pairs = ", ".join(f"{y - 1}–{y}" for y in proj.pooled_years) or "none"
        runs = f"{proj.runs:,}"
        section.blocks.append(
            Paragraphs(
                [
                    PROJECTION_INTRO.format(
                        runs=runs, pairs=pairs, year=proj.latest_year, reference=pct(proj.reference)
                    ),
                    PROJECTION_CAVEAT,
                ]
            )
        )
        kinds = [s.kind for s in proj.scenarios]
        section.blocks.append(Paragraphs(["The scenarios:"]))
        section.blocks.append(Paragraphs([SCENARIO_MEANINGS[k] for k in dict.fromkeys(kinds)], style="list"))
        sentences = [proj.sentences[b] for b in proj.bands if b in proj.sentences]
        if sentences:
            section.blocks.append(Paragraphs(sentences, style="sentences"))
        deliver = self._delivery(proj)
        if deliver:
            differs = ""
            ref = None if me is None else me.trajectory.reference_share
            if ref is not None and pct(ref) != pct(proj.reference):
                differs = (
                    f" (the projection aims at {pct(proj.reference)}, the overall share at its latest snapshot; the "
                    f"trajectory above at {pct(ref)})"
                )
            intro = (
                f"Do current appointment, promotion and leaving rates deliver the Model Employer target by "
                f"{proj.target_year}? The chance is the share of the runs in which the band reaches the workforce "
                f"share by then{differs}:"
            )
            section.blocks.append(Paragraphs([intro]))
            section.blocks.append(Paragraphs(deliver, style="list"))
        table = self._parity_table(proj)
        if table is not None:
            section.blocks.append(table)
        figure = self._projection_figure(proj)
        if figure is not None:
            section.blocks.append(figure)
        if proj.notes:
            section.blocks.append(Paragraphs([_sentence(n) for n in proj.notes], style="notice"))
        if proj.withheld:
            section.blocks.append(Paragraphs(["What the public tier withholds from the projection:"]))
            section.blocks.append(Paragraphs([_sentence(n) for n in proj.withheld], style="list"))
        return section

    def _delivery(self, proj: Projection) -> list[str]:
        parity = proj.parity
        base = parity[parity["scenario"] == "baseline"]
        out: list[str] = []
        for band in proj.bands:
            rows = base[base["band"] == band].to_dict("records")
            if not rows:
                continue
            row = {str(k): v for k, v in rows[0].items()}
            out.append(
                delivery_sentence(
                    band, float(row["p_parity_by_target"]), int(row["target_year"]), already=bool(row["already"])
                )
            )
        return out

    @staticmethod
    def _labels(proj: Projection) -> dict[str, str]:
        return {s.name: s.label[:1].upper() + s.label[1:] for s in proj.scenarios}

    def _parity_table(self, proj: Projection) -> Table | None:
        if proj.parity.empty:
            return None
        labels = self._labels(proj)
        records = {(str(r["scenario"]), str(r["band"])): r for r in proj.parity.to_dict("records")}
        rows: list[list[Cell]] = []
        for band in proj.bands:
            cells = [Cell(band_name(band), header=True)]
            for name in labels:
                rec = records.get((name, band))
                if rec is None:
                    cells.append(Cell("–", "num"))
                    continue
                chance = float(rec["p_parity_by_target"])
                text = str(rec["reading"])
                text = text[:1].upper() + text[1:]
                if math.isfinite(chance) and not bool(rec["already"]):
                    text += f"; {100 * chance:.0f}% by {int(rec['target_year'])}"
                cells.append(Cell(text, "num"))
            rows.append(cells)
        tier = "public" if proj.tier == "public" else "internal"
        return Table(
            "outlook-parity-table",
            f"Year each band reaches the workforce share ({pct(proj.reference)}), by scenario ({tier} figures)",
            ["Band", *labels.values()],
            rows,
            note=(
                "The median year across the runs, with its 95% interval, and the chance of reaching the workforce "
                f"share by the Model Employer target year {proj.target_year}. “Not within ten years”: the median run "
                "does not reach it within the projection."
            ),
        )

    def _projection_figure(self, proj: Projection) -> Figure | None:
        from wres.reports.projection_chart import projection_chart, projection_description

        shares = proj.shares[proj.shares["band"] == CHART_BAND]
        if shares.empty:
            return None
        labels = self._labels(proj)
        years = sorted({int(y) for y in shares["year"]})
        by_key = {(str(r["scenario"]), int(r["year"])): r for r in shares.to_dict("records")}
        rows = []
        for y in years:
            cells = [Cell(str(y), header=True)]
            for name in labels:
                r = by_key.get((name, y))
                shown = "–" if r is None else f"{pct(r['median'])} ({pct(r['low'])}–{pct(r['high'])})"
                cells.append(Cell(shown.replace("%", ""), "num"))
            rows.append(cells)
        table = Table(
            "",
            f"Data for the chart: projected BME share of {CHART_BAND}, median and 95% interval (%)",
            ["Year", *labels.values()],
            rows,
        )
        chart = projection_chart(shares, band=CHART_BAND, reference=proj.reference, labels=labels)
        description = "Projected BME share of staff at band 8a and above by scenario. " + projection_description(
            shares, band=CHART_BAND, reference=proj.reference, labels=labels
        )
        return self.figure(f"Projected BME share, {CHART_BAND}", description, chart, table)
