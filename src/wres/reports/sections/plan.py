"""The report's race equality plan section (issue 15).

**Public tier**: the *published* plan only (a draft or an approved plan not yet published gives one sentence: no
plan has been published yet): its objectives with their measures in words, baseline and target, and the status
the data give (on track, off track, too early to tell) read from the public tier's own figures; a measure this
report does not publish (a disaggregated group the public tier leaves out, a breakdown it does not show, a figure
withheld to protect confidentiality) says so instead of a status, and its baseline is not shown either. The
baseline shown is the public tier's own figure for the baseline year (from the published counts), never the
recorded baseline, which comes from the exact counts ("not published" when the public tier has none). Actions
with their status and owner, "you said, we did" and the board's own EDI objectives. People are named by role title
only, unless ``[plan] publish_names = true`` (then the full name follows the title).

**Internal tier**: the whole plan whatever its status, people by role title and name, the statuses read from the
internal figures, the reviews (plan-do-study-act), the engagement record, and the momentum view: activity per
quarter and the flags of a plan losing energy (:func:`wres.plan.momentum.momentum`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import pandas as pd

from wres.plan import momentum as mo
from wres.plan import records as r
from wres.plan.progress import Point, ProgressStatus, format_value, measure_words, objective_status
from wres.plan.series import points_from_results
from wres.reports.content import Cell, Facts, Paragraphs, Section, Table
from wres.reports.data import PlanContext
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.texts import INDICATOR_TITLES

ACTION_WORDS = {
    r.ActionStatus.NOT_STARTED: "Not started",
    r.ActionStatus.IN_PROGRESS: "In progress",
    r.ActionStatus.DONE: "Done",
    r.ActionStatus.STOPPED: "Stopped",
}
ITEM_WORDS = {
    r.ItemStatus.OPEN: "Open",
    r.ItemStatus.IN_PROGRESS: "In progress",
    r.ItemStatus.DONE: "Done",
    r.ItemStatus.NOT_TAKEN_FORWARD: "Not taken forward",
}
DECISION_WORDS = {r.Decision.ADOPT: "Adopt", r.Decision.ADAPT: "Adapt", r.Decision.ABANDON: "Abandon"}
GROUPING_WORDS = {"wres": "", "group5": " (five ethnic groups)", "group9": " (nine ethnic groups)"}


def day(d: date | None) -> str:
    """``"17 July 2024"`` (empty for None)."""
    return f"{d.day} {d:%B %Y}" if d is not None else ""


def measure_text(m: r.Measure) -> str:
    """The measure in words: "Indicator 1, the BME share of Bands 8a–8b staff"."""
    name = INDICATOR_TITLES.get(m.indicator, f"indicator {m.indicator}")
    what = measure_words(m)
    if m.indicator != "1" and m.group != "BME":
        what += f" for {m.group} staff" + GROUPING_WORDS.get(m.grouping, "")
    elif m.indicator != "1" and m.breakdown != "overall":
        what += f" ({m.breakdown} {m.stratum})"
    return f"Indicator {m.indicator} ({name.rstrip('.')}): {what}"


class PlanSections(BuilderBase):
    """The race equality plan section of one tier."""

    def _context(self) -> PlanContext | None:
        return self.data.plan

    def action_plan(self) -> Section:
        section = Section("action-plan", "Race equality plan")
        ctx = self._context()
        public = self.view.public
        if ctx is None or (public and ctx.plan.status is not r.PlanStatus.PUBLISHED):
            if public:
                text = (
                    f"{self.data.org_name} has not published a race equality plan in wres yet. Every organisation "
                    "publishes its WRES action plan with its data; the plan will appear here once the board has "
                    "approved and published it."
                )
            else:
                text = (
                    "No race equality plan is recorded for this organisation yet. Import one with `wres plan "
                    "import` or create it in the dashboard; it will appear here."
                )
            section.blocks.append(Paragraphs([text]))
            return section
        plan = ctx.plan
        section.blocks.append(Facts(self._plan_facts(plan)))
        if not public and plan.status is not r.PlanStatus.PUBLISHED:
            section.blocks.append(
                Paragraphs(
                    [
                        "This plan is "
                        + ("a draft" if plan.status is r.PlanStatus.DRAFT else "approved but not yet published")
                        + ": the public report does not show it."
                    ],
                    style="notice",
                )
            )
        section.blocks.append(self._objectives(ctx))
        section.blocks.append(self._actions(ctx))
        if plan.said_did:
            section.blocks.append(self._said_did(plan))
        if plan.commitments:
            section.blocks.append(self._commitments(ctx))
        if not public:
            if plan.reviews:
                section.blocks.append(self._reviews(plan))
            if plan.engagements:
                section.blocks.append(self._engagement(plan))
            section.blocks.append(self._momentum(ctx))
        return section

    # -- people ----------------------------------------------------------------------------------------------
    def who(self, person: r.Person, ctx: PlanContext) -> str:
        """A person as this tier names them: the role title; the full name (or user name) too in the internal
        tier, and in the public tier only with ``[plan] publish_names = true``."""
        name = ctx.names.get(person.username, "") if person.username else ""
        if self.view.public:
            if self.data.config.plan.publish_names and name:
                return f"{person.title}, {name}" if person.title else name
            return person.title or "Not named"
        shown = name or person.username
        if person.title and shown:
            return f"{person.title} ({shown})"
        return person.title or shown or "Not named"

    # -- the plan ----------------------------------------------------------------------------------------------
    def _plan_facts(self, plan: r.Plan) -> list[tuple[str, str]]:
        status = {
            r.PlanStatus.DRAFT: "Draft",
            r.PlanStatus.APPROVED: "Approved by the board",
            r.PlanStatus.PUBLISHED: "Published",
        }[plan.status]
        if plan.approved is not None:
            status += f"; approved by the board on {day(plan.approved)}"
            if plan.minute_ref:
                status += f" (minute {plan.minute_ref})"
        facts = [("Plan", plan.title), ("Period", f"{plan.start_year} to {plan.end_year}"), ("Status", status)]
        if plan.vision:
            facts.append(("Vision", plan.vision))
        return facts

    # -- objectives -------------------------------------------------------------------------------------------
    def _tier_frame(self) -> pd.DataFrame:
        """The tier's result rows, a row withheld in the public tier without its estimate."""
        frame = self.view.results
        if not self.view.public or frame.empty:
            return frame
        withheld = pd.Series(False, index=frame.index)
        for column in ("disclosure", "reason"):
            if column in frame:
                withheld |= frame[column].astype(str) == "suppressed"
        out = frame.copy()
        out.loc[withheld, ["estimate", "ci95_low", "ci95_high"]] = math.nan
        out.loc[withheld, "reason"] = "suppressed"
        return out

    def _status(self, objective: r.Objective, frame: pd.DataFrame) -> tuple[str, str, str]:
        """(baseline shown, status label, what the data show) for this tier."""
        measure = objective.measures[0]
        points = [p for p in points_from_results(frame, self.data.org_code, measure) if p.year <= self.year]
        tier = "public" if self.view.public else "internal"
        base = objective.baseline_value
        baseline = (
            f"{format_value(measure, base)} ({objective.baseline_year})"
            if base is not None and math.isfinite(base)
            else f"no value ({objective.baseline_year})"
        )
        if self.view.public:
            # the recorded baseline comes from the exact counts: the public tier shows its own figure for that year
            # (from the published counts), or none
            own = [
                p for p in points if p.year == objective.baseline_year and not _withheld(p) and p.estimate is not None
            ]
            baseline = (
                f"{format_value(measure, own[0].estimate)} ({objective.baseline_year})"
                if own and own[0].estimate is not None and math.isfinite(own[0].estimate)
                else f"not published ({objective.baseline_year})"
            )
        if not points:
            if self.view.public:
                return (
                    "Not published",
                    "Not published",
                    "This measure is not published in the public tier of this report.",
                )
            return baseline, "Not in this report", "This report does not compute this measure's figures."
        after = [p for p in points if p.year > objective.baseline_year]
        if after and all(_withheld(p) for p in after):
            return (
                baseline,
                "Withheld",
                f"The {after[-1].year} figure is withheld in the {tier} tier to protect confidentiality.",
            )
        progress = objective_status(objective, [p for p in points if not _withheld(p)])
        if progress.status is ProgressStatus.TOO_EARLY or progress.estimate is None or progress.year is None:
            return baseline, progress.label, f"There is no {tier} figure after the baseline year yet."
        value = format_value(measure, progress.estimate)
        interval = ""
        if progress.low is not None and progress.high is not None and progress.low != progress.high:
            interval = (
                f" (95% interval {format_value(measure, progress.low)} to {format_value(measure, progress.high)})"
            )
        if self.view.public:
            return baseline, progress.label, f"{progress.year}: {value}{interval}."
        reading = progress.sentence.split(": ", 1)[-1]
        return baseline, progress.label, reading[:1].upper() + reading[1:]

    def _objectives(self, ctx: PlanContext) -> Table:
        frame = self._tier_frame()
        counts = mo.momentum(ctx.plan, self._accounts(ctx), ctx.today).by_objective
        rows: list[list[Cell]] = []
        for o in ctx.plan.objectives:
            if not o.measures:
                continue
            measure = o.measures[0]
            baseline, label, reading = self._status(o, frame)
            c = counts.get(o.ref, mo.ActionCounts())
            rows.append(
                [
                    Cell(f"{o.ref} {o.title}", header=True),
                    Cell(measure_text(measure)),
                    Cell(baseline),
                    Cell(f"{format_value(measure, o.target_value)} by {o.target_year}"),
                    Cell(f"{label}. {reading}", kind="status"),
                    Cell(f"{c.done} of {c.total} done; {c.overdue} overdue"),
                    Cell(self.who(o.owner, ctx)),
                ]
            )
        tier = "public" if self.view.public else "internal"
        return Table(
            "plan-objectives",
            "Objectives, their measures and what the data show",
            ["Objective", "Measure", "Baseline", "Target", f"Status ({tier} figures)", "Actions", "Owner"],
            rows,
            note="The status is read from the data, not typed in: on track when the latest value's 95% interval "
            "reaches the trajectory (a straight line from the baseline to the target), off track when all of it "
            "lies on the adverse side, too early to tell when there is no value since the baseline year."
            + (" Public figures are those of this report, after disclosure control." if self.view.public else ""),
        )

    # -- actions ----------------------------------------------------------------------------------------------
    def _action_status(self, a: r.Action, today: date) -> str:
        if mo.is_overdue(a, today):
            return f"Overdue (due {day(a.due)})"
        words = ACTION_WORDS[a.status]
        if a.status is r.ActionStatus.DONE and a.completed is not None:
            return f"Done on {day(a.completed)}"
        if mo.is_due_soon(a, today):
            return f"{words}; due {day(a.due)}"
        return words

    def _actions(self, ctx: PlanContext) -> Table:
        rows = []
        for a in ctx.plan.actions:
            cells = [
                Cell(a.ref, header=True),
                Cell(a.description),
                Cell(", ".join(a.objectives)),
                Cell(self.who(a.owner, ctx)),
                Cell(day(a.due) or "No date"),
                Cell(self._action_status(a, ctx.today), kind="status"),
            ]
            if not self.view.public:
                cells.append(Cell(a.evidence))
            rows.append(cells)
        head = ["Action", "What will be done", "Objectives", "Owner", "Due", "Status"]
        if not self.view.public:
            head.append("Evidence")
        return Table("plan-actions", f"Actions, as on {day(ctx.today)}", head, rows)

    def _said_did(self, plan: r.Plan) -> Table:
        rows = [
            [Cell(y.said), Cell(y.did or "Not yet"), Cell(ITEM_WORDS[y.status], kind="status")] for y in plan.said_did
        ]
        return Table("plan-said-did", "You said, we did", ["You said", "We did", "Status"], rows)

    def _commitments(self, ctx: PlanContext) -> Table:
        rows = [
            [
                Cell(self.who(c.member, ctx), header=True),
                Cell(c.objective),
                Cell(c.review_status + (f" ({day(c.reviewed)})" if c.reviewed else "")),
            ]
            for c in ctx.plan.commitments
        ]
        return Table(
            "plan-commitments",
            "Board members' own EDI objectives (high impact action 1)",
            ["Board member", "EDI objective", "Review"],
            rows,
        )

    # -- internal: reviews, engagement, momentum --------------------------------------------------------------
    def _reviews(self, plan: r.Plan) -> Table:
        rows = [
            [
                Cell(day(v.held), header=True),
                Cell(v.objective),
                Cell(v.happened),
                Cell(v.study),
                Cell(DECISION_WORDS[v.decision], kind="status"),
                Cell(v.next_steps),
            ]
            for v in sorted(plan.reviews, key=lambda v: v.held)
        ]
        return Table(
            "plan-reviews",
            "Reviews (plan, do, study, act)",
            ["Held", "Objective", "What happened", "What we learned", "Decision", "Next steps"],
            rows,
        )

    def _engagement(self, plan: r.Plan) -> Table:
        rows = [
            [
                Cell(day(e.held), header=True),
                Cell(e.title or e.format),
                Cell(", ".join(e.groups)),
                Cell(f"{e.participants:,}", kind="num"),
                Cell(f"{e.leaders:,}" if e.kind is r.EngagementKind.LEADERSHIP else "", kind="num"),
                Cell(e.themes),
            ]
            for e in sorted(plan.engagements, key=lambda e: e.held)
        ]
        return Table(
            "plan-engagement",
            "Engagement with staff and leadership programmes",
            ["Held", "What", "Groups", "Participants", "Board and senior leaders", "Themes raised"],
            rows,
        )

    def _accounts(self, ctx: PlanContext) -> frozenset[str]:
        if ctx.accounts is not None:
            return ctx.accounts
        plan = ctx.plan
        named = [o.sponsor for o in plan.objectives] + [o.owner for o in plan.objectives]
        named += [a.owner for a in plan.actions] + [c.member for c in plan.commitments]
        return frozenset(p.username for p in named if p.username)

    def _momentum(self, ctx: PlanContext) -> Section:
        m = mo.momentum(ctx.plan, self._accounts(ctx), ctx.today)
        section = Section("plan-momentum", "Momentum")
        section.blocks.append(
            Paragraphs(
                [
                    f"On {day(ctx.today)}: {m.plan.done} of {m.plan.total} actions done, {m.plan.overdue} overdue and "
                    f"{m.plan.due_soon} due in the next 30 days."
                ]
            )
        )
        quarters: Sequence[mo.QuarterActivity] = m.quarters[-12:]
        rows = [
            [
                Cell(f"{q.label} ({q.financial})", header=True),
                *(
                    Cell(f"{n:,}", kind="num")
                    for n in (
                        q.actions_started,
                        q.actions_completed,
                        q.reviews,
                        q.engagements,
                        q.participants,
                        q.leaders,
                    )
                ),
            ]
            for q in quarters
        ]
        section.blocks.append(
            Table(
                "plan-quarters",
                "Activity per quarter",
                [
                    "Quarter (financial quarter)",
                    "Actions started",
                    "Actions completed",
                    "Reviews",
                    "Engagement",
                    "Participants",
                    "Leaders",
                ],
                rows,
                note="Calendar quarters; a run of empty quarters is what a plan losing energy looks like."
                + (" The last twelve quarters are shown." if len(m.quarters) > 12 else ""),
            )
        )
        flags = [f.sentence for f in m.flags] or [
            "No flags: every objective has been reviewed in the last six months and no action is more than 90 "
            "days overdue."
        ]
        section.blocks.append(Section("plan-flags", "Flags", [Paragraphs(flags, style="list")]))
        return section


def _activity(q: mo.QuarterActivity) -> tuple[int, ...]:
    return (q.actions_started, q.actions_completed, q.reviews, q.engagements, q.participants, q.leaders)


def _withheld(p: Point) -> bool:
    return p.reason == "suppressed"


__all__ = ["PlanSections", "day", "measure_text"]
