"""The content of the annual report as plain objects (sections, paragraphs, tables, figures: the model of
:mod:`wres.reports.content`, re-exported here), built from one tier's rows; :mod:`wres.reports.html` renders them
with Jinja2.

Every number shown comes from the :class:`~wres.reports.data.TierView`: in the public tier these are public values
only (counts rounded or ``[c]``, derived statistics at display precision or ``[c]``). Cells that hold counts are
marked ``kind="count"`` (the HTML carries ``class="count"``), so the public tier can be checked mechanically.

The sections are built by one :class:`Builder` made of a builder per job, one module each: page 1
(:mod:`.summary`), indicator 1 (:mod:`.representation`), indicators 2–8 (:mod:`.comparisons`), indicator 9
(:mod:`.board`), the disaggregated ethnic groups (:mod:`.groups`), "Is it getting better?" (:mod:`.progress`: SPC,
multi-year trends, leading indicators, detectability), "Where today's rates lead" (:mod:`.outlook`: Model
Employer targets and the pipeline projection), the race equality plan (:mod:`.plan`) and the appendix
(:mod:`.appendix`), over shared lookups (:mod:`.base`), table cells (:mod:`.cells`) and fixed wording
(:mod:`.texts`).
"""

from __future__ import annotations

from wres import __version__
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
from wres.reports.sections.appendix import AppendixSections
from wres.reports.sections.board import BoardSections
from wres.reports.sections.cells import (
    Formatter,
    band_label,
    change_cell,
    change_text,
    fmt_value,
    national_beside,
    national_text,
)
from wres.reports.sections.groups import GroupSections
from wres.reports.sections.outlook import OutlookSections
from wres.reports.sections.plan import PlanSections
from wres.reports.sections.progress import ProgressSections
from wres.reports.sections.representation import RepresentationSections
from wres.reports.sections.summary import SummarySections
from wres.reports.sections.texts import CATEGORY_TITLES, INDICATOR_TITLES

__all__ = [
    "CATEGORY_TITLES",
    "INDICATOR_TITLES",
    "Block",
    "Builder",
    "Cell",
    "Facts",
    "Figure",
    "Formatter",
    "Links",
    "Paragraphs",
    "Report",
    "Section",
    "Table",
    "band_label",
    "build_report",
    "change_cell",
    "change_text",
    "fmt_value",
    "iter_figures",
    "iter_tables",
    "national_beside",
    "national_text",
]


class Builder(
    SummarySections,
    RepresentationSections,
    GroupSections,
    BoardSections,
    ProgressSections,
    OutlookSections,
    PlanSections,
    AppendixSections,
):
    """Builds the sections of one tier's report (see :func:`build_report`)."""

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
        sections.append(self.getting_better())
        sections.append(self.outlook())
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


def build_report(data: ReportData, view: TierView, *, charts: bool = True, render_charts: bool = True) -> Report:
    """The content of one tier's annual report (``charts=False`` leaves the charts out, for quick tests;
    ``render_charts=False`` leaves them as specifications, rendered with the page)."""
    return Builder(data, view, charts=charts).build(render_charts=render_charts)
