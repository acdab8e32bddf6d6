"""What the plan's pages show (issue 15): the plan page, an objective's page with its impact view, the engagement
page and the history page, built from the plan's records (:func:`wres.web.plan.records_io.plan_record`) and the
figures, so the views stay thin.

**Status from the data.** An objective's status is :func:`wres.plan.progress.objective_status` over its first
measure's values, in the tier the role may see:

* the internal tier: the measure's result row of every year the warehouse holds, computed as ``wres indicators
  --by`` computes it (:func:`wres.plan.series.points_from_results` over :func:`wres.indicators.compute`'s rows, one
  run per breakdown, kept until the organisation's data change: :func:`wres.web.figures.memo`);
* the public tier: the published report's protected rows (:func:`wres.web.figures.figures`, public: the rows of
  the latest year's report, after disclosure control). The report publishes the whole organisation's rows, and
  indicator 1 by band, band cluster and staff category; a measure on any other breakdown (indicators 2–8 by band,
  directorate, site…) or on the disaggregated ethnic groups has no public figures, and its status says so rather
  than showing internal ones (:data:`NOT_PUBLISHED`). A suppressed year is a year without a value. The recorded
  baseline comes from the exact counts, so the public tier reads its own figure for the baseline year instead
  (:func:`public_baselines`): the baseline shown, the trajectory and the status follow the public figures only.

**Who sees what.** Roles with the full plan (``VIEW_PLAN``) see every plan, draft or not, with the momentum view,
the reviews, the comments and people's names beside their role titles; a role with only ``VIEW_PUBLISHED_PLAN``
(regional viewers) sees published plans only: objectives, actions and statuses, owners by role title, no names, no
reviews or comments. A review's frozen snapshot records the tier its figures came from
(:attr:`wres.plan.records.MeasureSnapshot.tier`): an internal one is shown only on an internal-tier page (roles
with ``VIEW_UNSUPPRESSED``, not previewing the public tier); others read that those figures are internal.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final

import pandas as pd

from wres.analysis.wording import INDICATOR_NAMES, status_text
from wres.config import load_config
from wres.errors import WresError
from wres.plan import records as r
from wres.plan.momentum import ActionCounts, Momentum, is_due_soon, is_overdue, momentum
from wres.plan.progress import (
    GAPS,
    RATIOS,
    Change,
    Point,
    baseline_change,
    format_value,
    measure_words,
    objective_status,
    trajectory_value,
)
from wres.plan.series import breakdown_for, points_from_results, years_held
from wres.vocab.bands import CLUSTER_LABELS
from wres.web import figures as fig
from wres.web.plan.impact_chart import LANES, ImpactChart, Mark, ValuePoint, render_impact
from wres.web.plan.models import Comment, Plan
from wres.web.plan.records_io import plan_record

__all__ = [
    "NOT_PUBLISHED",
    "ActionRow",
    "ObjectiveRow",
    "PlanPage",
    "action_rows",
    "measure_points",
    "objective_rows",
    "published_in_public",
]

NOT_PUBLISHED: Final = (
    "Figures for this breakdown are not published in the public figures, so the status cannot be shown here; "
    "roles that see the internal figures see it."
)
NO_FIGURES: Final = "There are no figures for this organisation yet, so the status cannot be read from the data."
INDICATOR1_PUBLISHED: Final = frozenset({"overall", "band", "cluster", "category"})
ACTION_STATUS_WORDS: Final[Mapping[str, str]] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "stopped": "Stopped",
}
STATUS_COLOURS: Final[Mapping[str, str]] = {
    "on_track": "green",
    "off_track": "red",
    "too_early": "grey",
    "not_published": "white",
    "unavailable": "white",
    "Done": "green",
    "Overdue": "red",
    "Due soon": "yellow",
    "In progress": "blue",
    "Not started": "grey",
    "Stopped": "white",
}


def _day(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d is not None else ""


# ------------------------------------------------------------------------------------------------ records

_records: OrderedDict[tuple[object, ...], r.Plan] = OrderedDict()
_records_lock = threading.Lock()
RECORDS_KEPT: Final = 64


def records_version() -> tuple[object, ...]:
    """A key that changes whenever any plan's records may have: the latest version of every plan table's history
    (each save writes one), the links between actions, objectives and "you said, we did" items, and the accounts
    (a deleted account clears the people it was named as without a version). One query of indexed aggregates."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from wres.web.models import Membership
    from wres.web.plan import models as pm

    tables: list[Any] = [pm.Plan, pm.Objective, pm.ObjectiveMeasure, pm.Action, pm.Review, pm.Engagement]
    tables += [pm.YouSaidWeDid, pm.BoardCommitment, pm.Comment]
    q = connection.ops.quote_name
    parts = [f"(SELECT MAX(history_id) FROM {q(t.history.model._meta.db_table)})" for t in tables]
    counted: list[Any] = [get_user_model(), Membership, pm.Action.objectives.through]
    counted += [pm.YouSaidWeDid.objectives.through, pm.YouSaidWeDid.actions.through]
    for model in counted:
        table = q(model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return tuple(row)


def cached_record(plan: Plan, version: tuple[object, ...] | None = None) -> r.Plan:
    """:func:`wres.web.plan.records_io.plan_record` of ``plan``, kept until any plan record or account changes
    (:func:`records_version`, or ``version`` when the caller has read it): reading a plan of 200 actions costs about
    60 ms, the version one query."""
    key = (plan.pk, version if version is not None else records_version())
    with _records_lock:
        found = _records.get(key)
        if found is not None:
            _records.move_to_end(key)
            return found
    record = plan_record(plan)
    with _records_lock:
        _records[key] = record
        while len(_records) > RECORDS_KEPT:
            _records.popitem(last=False)
    return record


_bodies: OrderedDict[tuple[object, ...], Any] = OrderedDict()
BODIES_KEPT: Final = 128


def kept_body[T](key: tuple[object, ...], make: Callable[[], T]) -> T:
    """``make()`` kept under ``key`` (the last :data:`BODIES_KEPT`): a page's rendered content, whose key must hold
    everything it depends on (the records' version, the organisation's data version, the tier, the role's view,
    the day)."""
    with _records_lock:
        if key in _bodies:
            _bodies.move_to_end(key)
            return _bodies[key]  # type: ignore[no-any-return]
    value = make()
    with _records_lock:
        _bodies[key] = value
        while len(_bodies) > BODIES_KEPT:
            _bodies.popitem(last=False)
    return value


# ------------------------------------------------------------------------------------------------ figures


def published_in_public(measure: r.Measure) -> bool:
    """Whether the published report (the public tier) has rows for ``measure``: the whole organisation's rows of the
    WRES grouping, and indicator 1 by band, band cluster and staff category."""
    if measure.grouping != "wres":
        return False
    if measure.indicator == "1":
        return measure.breakdown in INDICATOR1_PUBLISHED
    return measure.breakdown == "overall"


def internal_points(org: str, m: r.Measure) -> list[Point]:
    """``m``'s internal values in every year the warehouse holds, from its breakdown's own results."""
    return points_from_results(_internal_frame(org, breakdown_for(m)), org, m)


def _internal_frame(org: str, by: str | None) -> pd.DataFrame:
    """The organisation's result rows of every year the warehouse holds, for the run ``by`` (kept until its data
    change)."""
    from wres.indicators import compute, from_store

    def make() -> pd.DataFrame:
        config = load_config()
        with fig.open_store() as store:
            have = years_held(store, org)
            if not have:
                return pd.DataFrame()
            return compute(from_store(store), have, orgs=[org], by=by, config=config).frame

    return fig.memo("plan-results", org, by, make=make)


@dataclass(frozen=True)
class Series:
    """A measure's values in one tier: ``points`` (None when the tier does not publish the measure) or ``error``."""

    points: list[Point] | None
    error: str | None = None


def measure_points(org: str, measures: Sequence[r.Measure], tier: str) -> dict[r.Measure, Series]:
    """Each measure's values in ``tier`` (see the module docstring)."""
    out: dict[r.Measure, Series] = {}
    try:
        have = fig.years(org)
    except WresError as exc:
        return {m: Series(None, f"The figures cannot be shown: {exc}.") for m in measures}
    if not have:
        return {m: Series(None, NO_FIGURES) for m in measures}
    latest = have[-1]

    def points(m: r.Measure) -> list[Point]:
        if tier == "internal":
            return internal_points(org, m)
        return points_from_results(fig.figures(org, latest, "public").view.results, org, m)

    for m in dict.fromkeys(measures):
        if tier != "internal" and not published_in_public(m):
            out[m] = Series(None, NOT_PUBLISHED)
            continue
        try:
            found = fig.memo("plan-points", org, tier, latest, m, make=lambda m=m: points(m))  # type: ignore[misc]
        except WresError as exc:
            out[m] = Series(None, f"The figures cannot be shown: {exc}.")
            continue
        out[m] = Series(found)
    return out


# ------------------------------------------------------------------------------------------------ words


def measure_text(m: r.Measure) -> str:
    """``"Indicator 2 (…): the likelihood ratio, band 8a, BME staff"``."""
    name = INDICATOR_NAMES.get(m.indicator, "")
    head = f"Indicator {m.indicator}" + (f" ({name})" if name else "")
    parts = [measure_words(m)]
    if m.breakdown != "overall" and m.indicator != "1":
        where = CLUSTER_LABELS.get(m.stratum, m.stratum) if m.breakdown == "cluster" else m.stratum
        parts.append(f"{m.breakdown.replace('_', ' ')} {where}")
    if m.category != "all":
        parts.append(f"{m.category.replace('_', ' ')} staff")
    if m.indicator != "1":
        parts.append(f"{m.group} staff")
    if m.variant:
        parts.append(f"variant {m.variant}")
    return f"{head}: " + ", ".join(parts)


def _value(m: r.Measure | None, value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "no value"
    return format_value(m, value) if m is not None else f"{value:g}"


def person_text(p: r.Person, names: Mapping[str, str] | None) -> str:
    """A person by role title; with ``names`` (roles seeing the full plan) their name too."""
    title = p.title or "No role title given"
    if names is not None and p.username:
        return f"{title} ({names.get(p.username, p.username)})"
    return title


def action_status(a: r.Action, today: date) -> str:
    """The action's status in words, overdue and due soon derived."""
    if is_overdue(a, today):
        return "Overdue"
    if is_due_soon(a, today):
        return "Due soon"
    return ACTION_STATUS_WORDS[a.status.value]


@dataclass(frozen=True)
class ActionRow:
    ref: str
    description: str
    objectives: tuple[str, ...]
    owner: str
    start: str
    due: str
    completed: str
    status: str
    colour: str
    evidence: str
    links: tuple[str, ...]


def action_rows(
    record: r.Plan, today: date, names: Mapping[str, str] | None, objective: str | None = None
) -> list[ActionRow]:
    """Every action of the plan (``objective``: only those serving that objective's ref), as the tables show them."""
    out = []
    for a in record.actions:
        if objective is not None and objective not in a.objectives:
            continue
        status = action_status(a, today)
        out.append(
            ActionRow(
                ref=a.ref,
                description=a.description,
                objectives=a.objectives,
                owner=person_text(a.owner, names),
                start=_day(a.start),
                due=_day(a.due),
                completed=_day(a.completed),
                status=status,
                colour=STATUS_COLOURS[status],
                evidence=a.evidence,
                links=a.links,
            )
        )
    return out


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective as the plan page lists it."""

    pk: int
    ref: str
    title: str
    description: str
    measures: list[str]
    baseline: str
    target: str
    trajectory: str
    status_key: str
    status: str
    sentence: str
    colour: str
    counts: ActionCounts
    last_review: str
    owner: str
    sponsor: str
    high_impact_actions: list[str]
    networks: tuple[str, ...]
    record: r.Objective = field(repr=False)
    series: Series = field(repr=False)


def public_baselines(record: r.Plan, figures: Mapping[r.Measure, Series]) -> r.Plan:
    """``record`` as the public tier shows it: each objective's recorded baseline, which comes from the exact
    counts, replaced by the public tier's own figure for the baseline year (from the published counts), or None
    when the public figures hold none; the trajectory and the status then follow the public figures only."""
    objectives = []
    for o in record.objectives:
        series = figures.get(o.measures[0]) if o.measures else None
        own = None
        if series is not None and series.points:
            own = next(
                (
                    p.estimate
                    for p in series.points
                    if p.year == o.baseline_year and p.estimate is not None and math.isfinite(p.estimate)
                ),
                None,
            )
        objectives.append(replace(o, baseline_value=own))
    return replace(record, objectives=tuple(objectives))


def _status(o: r.Objective, series: Series | None) -> tuple[str, str, str]:
    """(key, label, sentence) of the objective's status."""
    if not o.measures:
        return "unavailable", "No measure", "The objective is tied to no measure."
    if series is None or series.points is None:
        words = series.error if series is not None and series.error else NOT_PUBLISHED
        key = "not_published" if words == NOT_PUBLISHED else "unavailable"
        return key, ("Not published" if key == "not_published" else "Figures unavailable"), words
    if o.baseline_value is None and series.points:
        return (
            "not_published",
            "Not published",
            f"The published figures do not include the baseline year {o.baseline_year}, so progress against the "
            "trajectory is not shown with them.",
        )
    progress = objective_status(o, series.points)
    return progress.status.value, progress.label, progress.sentence


def objective_rows(
    record: r.Plan,
    pks: Mapping[str, int],
    figures: Mapping[r.Measure, Series],
    moment: Momentum,
    names: Mapping[str, str] | None,
) -> list[ObjectiveRow]:
    out = []
    for o in record.objectives:
        first = o.measures[0] if o.measures else None
        series = figures.get(first) if first is not None else None
        key, label, sentence = _status(o, series)
        last = moment.last_review.get(o.ref)
        out.append(
            ObjectiveRow(
                pk=pks[o.ref],
                ref=o.ref,
                title=o.title,
                description=o.description,
                measures=[measure_text(m) for m in o.measures],
                baseline=f"{o.baseline_year}: "
                + (
                    "not published"
                    if o.baseline_value is None and series is not None and series.points
                    else _value(first, o.baseline_value)
                ),
                target=f"{o.target_year}: {_value(first, o.target_value)}",
                trajectory="Model Employer trajectory (read as a straight line until it exists)"
                if o.trajectory is r.TrajectoryKind.MODEL_EMPLOYER
                else "Straight line from the baseline to the target",
                status_key=key,
                status=label,
                sentence=sentence,
                colour=STATUS_COLOURS[key],
                counts=moment.by_objective.get(o.ref, ActionCounts()),
                last_review=_day(last) if last else "No review yet",
                owner=person_text(o.owner, names),
                sponsor=person_text(o.sponsor, names),
                high_impact_actions=[f"{n}. {r.HIGH_IMPACT_ACTIONS[n]}" for n in o.high_impact_actions],
                networks=o.networks,
                record=o,
                series=series or Series(None),
            )
        )
    return out


def plan_status_text(plan: r.Plan) -> str:
    if plan.status is r.PlanStatus.DRAFT:
        return "Draft: not yet approved by the board."
    approved = f"approved by the board on {_day(plan.approved)}" + (
        f" (minute {plan.minute_ref})" if plan.minute_ref else ""
    )
    if plan.status is r.PlanStatus.APPROVED:
        return f"Approved: {approved}; not yet published."
    return f"Published: {approved}."


# ------------------------------------------------------------------------------------------------ plan page


@dataclass
class PlanPage:
    plan: Plan
    record: r.Plan
    status: str
    objectives: list[ObjectiveRow]
    actions: list[ActionRow]
    momentum: Momentum | None
    """None for a role that sees the published plan only."""
    full: bool
    flags: list[Any] = field(default_factory=list)


def names_of(org_id: int) -> dict[str, str]:
    """Every account of the organisation: user name → name to show (full name, else user name)."""
    from wres.web.models import Membership

    out: dict[str, str] = {}
    for m in Membership.objects.filter(organisation_id=org_id).select_related("user"):
        out[m.user.get_username()] = m.user.get_full_name() or m.user.get_username()
    return out


def plan_page(plan: Plan, record: r.Plan, tier: str, today: date, *, full: bool) -> PlanPage:
    """The plan page of ``plan`` (``record`` its records) in ``tier``; ``full`` for the roles with VIEW_PLAN."""
    accounts = names_of(plan.organisation_id)
    moment = momentum(record, set(accounts), today)
    pks = dict(plan.objectives.values_list("ref", "pk"))
    firsts = [o.measures[0] for o in record.objectives if o.measures]
    figures = measure_points(record.org_code, firsts, tier)
    if tier != "internal":
        record = public_baselines(record, figures)
    names = accounts if full else None
    return PlanPage(
        plan=plan,
        record=record,
        status=plan_status_text(record),
        objectives=objective_rows(record, pks, figures, moment, names),
        actions=action_rows(record, today, names),
        momentum=moment if full else None,
        full=full,
        flags=list(moment.flags) if full else [],
    )


# ------------------------------------------------------------------------------------------------ objective page


@dataclass(frozen=True)
class TableRow:
    year: int
    value: str
    interval: str
    trajectory: str
    status: str


@dataclass(frozen=True)
class ReviewView:
    held: str
    planned: str
    happened: str
    study: str
    decision: str
    next_steps: str
    snapshot: list[dict[str, str]]
    snapshot_hidden: bool


@dataclass
class CommentView:
    pk: int
    author: str
    time: str
    iso: str
    text: str
    replies: list[CommentView]
    owner_id: int | None
    """The account owning the item commented on (who may reply besides those who comment on the plan)."""


@dataclass
class ObjectivePage:
    row: ObjectiveRow
    plan: Plan
    chart_svg: str | None
    chart_description: str
    table: list[TableRow]
    marks: list[Mark]
    change: Change | None
    actions: list[ActionRow]
    reviews: list[ReviewView]
    others: list[str]
    """The objective's other measures (the status reads the first)."""
    full: bool


def _scale(m: r.Measure, value: float | None) -> float | None:
    """A value on the chart's scale: a share as a percentage."""
    if value is None or not math.isfinite(value):
        return None
    return 100.0 * value if m.indicator == "1" else value


def _axis_title(m: r.Measure) -> str:
    if m.indicator in RATIOS:
        return "Likelihood ratio"
    if m.indicator in GAPS:
        return "Adverse gap (points)"
    if m.indicator == "1":
        return "Share (%)"
    return "Points"


def _interval(m: r.Measure, p: Point) -> str:
    if p.low is None or p.high is None or p.estimate is None or p.low == p.high == p.estimate:
        return ""
    return f"{format_value(m, p.low)} to {format_value(m, p.high)}"


def _row_status(m: r.Measure, p: Point) -> str:
    """The year's status in words (as the indicator pages say it), or why it has no value."""
    if p.estimate is None:
        return (p.reason or "not shown").replace("_", " ").capitalize()
    try:
        ranges = load_config().ranges  # the configured non-adverse range, as the indicator pages word it
        return status_text(p.status, low=ranges.low, high=ranges.high, indicator=m.indicator, group=m.group)
    except KeyError:
        return p.status.replace("_", " ")


def timeline_marks(record: r.Plan, objective: r.Objective, *, reviews: bool) -> list[Mark]:
    """The dates of the objective's actions (started, due, completed) and, when shown, its reviews."""
    marks: list[Mark] = []
    for a in record.actions:
        if objective.ref not in a.objectives:
            continue
        for day, lane in ((a.start, LANES[0]), (a.due, LANES[1]), (a.completed, LANES[2])):
            if day is not None:
                marks.append(Mark(day, lane, a.ref))
    if reviews:
        marks += [
            Mark(v.held, LANES[3], v.decision.value.capitalize())
            for v in record.reviews
            if v.objective == objective.ref
        ]
    return sorted(marks, key=lambda m: (m.day, LANES.index(m.lane), m.label))


def impact_chart(row: ObjectiveRow, marks: Sequence[Mark]) -> ImpactChart | None:
    """The impact view of ``row``'s first measure, None without values to draw or a baseline."""
    o = row.record
    if not o.measures or row.series.points is None:
        return None
    m = o.measures[0]
    points = row.series.points
    trajectory: list[tuple[int, float]] = []
    if o.baseline_value is not None:
        last = max([o.target_year, *(p.year for p in points)])
        years = sorted({o.baseline_year, o.target_year, last})
        for y in years:
            v = _scale(m, trajectory_value(o, y))
            if v is not None:
                trajectory.append((y, v))
    values = tuple(
        ValuePoint(p.year, _scale(m, p.estimate), _scale(m, p.low), _scale(m, p.high), _value(m, p.estimate))
        for p in points
    )
    base = _scale(m, o.baseline_value)
    target = _scale(m, o.target_value)
    assert target is not None
    shown = (
        "; ".join(
            f"{p.year}: {_value(m, p.estimate)}" + (f" ({_interval(m, p)})" if _interval(m, p) else "") for p in points
        )
        or "no values"
    )
    dates = "; ".join(f"{m_.lane} {m_.label} on {_day(m_.day)}" for m_ in marks) or "none"
    description = (
        f"{measure_text(m)} by year, with 95% intervals: {shown}. Baseline {o.baseline_year}: "
        f"{_value(m, o.baseline_value)}; target {o.target_year}: {_value(m, o.target_value)}; the trajectory is a "
        f"dashed line from the baseline to the target. Dates marked below the chart: {dates}."
    )
    reference = 1.0 if m.indicator in RATIOS else (0.0 if m.indicator in GAPS else None)
    return ImpactChart(
        uid=f"impact-{row.pk}",
        title=f"{o.ref}: {o.title} — impact view",
        description=description,
        axis_title=_axis_title(m),
        points=values,
        baseline=(o.baseline_year, base) if base is not None else None,
        target=(o.target_year, target),
        trajectory=tuple(trajectory),
        marks=tuple(marks),
        reference=reference,
    )


def _snapshot(s: r.MeasureSnapshot) -> dict[str, str]:
    m = s.measure
    interval = (
        f"{format_value(m, s.low)} to {format_value(m, s.high)}"
        if s.low is not None and s.high is not None and s.low != s.high
        else ""
    )
    return {
        "measure": measure_text(m),
        "year": str(s.year),
        "value": _value(m, s.estimate),
        "interval": interval,
        "status": s.status,
        "change": s.change,
    }


def objective_comments(objective_pk: int) -> dict[str, list[CommentView]]:
    """The comments on the objective (key ``""``) and on the actions serving it (key: the action's ref), oldest
    first, replies nested under what they answer. Read on every request (never kept in a page's content: who may
    reply is the reader's)."""
    from django.db.models import Q

    from wres.web.plan.models import Action

    action_refs = dict(Action.objects.filter(objectives__pk=objective_pk).values_list("pk", "ref"))
    found = list(
        Comment.objects.filter(Q(objective_id=objective_pk) | Q(action_id__in=list(action_refs)))
        .select_related("author", "objective", "action")
        .order_by("time", "id")
    )
    views: dict[int, CommentView] = {}
    out: dict[str, list[CommentView]] = {}
    for c in found:
        author = c.author.get_full_name() or c.author.get_username() if c.author is not None else "A former member"
        item = c.objective if c.objective is not None else c.action
        owner = item.owner_id if item is not None else None
        views[c.pk] = CommentView(c.pk, author, f"{c.time:%d %B %Y %H:%M}", c.time.isoformat(), c.text, [], owner)
    for c in found:
        if c.reply_to_id is not None and c.reply_to_id in views:
            views[c.reply_to_id].replies.append(views[c.pk])
        else:
            key = "" if c.objective_id is not None else action_refs.get(c.action_id or 0, "")
            out.setdefault(key, []).append(views[c.pk])
    return out


def objective_page(
    plan: Plan, record: r.Plan, objective_pk: int, tier: str, today: date, *, full: bool
) -> ObjectivePage:
    accounts = names_of(plan.organisation_id)
    moment = momentum(record, set(accounts), today)
    pks = dict(plan.objectives.values_list("ref", "pk"))
    ref = next(k for k, v in pks.items() if v == objective_pk)
    o = next(x for x in record.objectives if x.ref == ref)
    figures = measure_points(record.org_code, list(o.measures), tier)
    if tier != "internal":
        o = public_baselines(replace(record, objectives=(o,)), figures).objectives[0]
    names = accounts if full else None
    sub = r.Plan(
        org_code=record.org_code,
        title=record.title,
        start_year=record.start_year,
        end_year=record.end_year,
        objectives=(o,),
        actions=record.actions,
    )
    row = objective_rows(sub, pks, figures, moment, names)[0]
    marks = timeline_marks(record, o, reviews=full)
    chart = impact_chart(row, marks)
    svg = render_impact([chart])[0] if chart is not None else None
    m = o.measures[0] if o.measures else None
    table: list[TableRow] = []
    change = None
    if m is not None and row.series.points is not None:
        for p in row.series.points:
            traj = trajectory_value(o, p.year) if p.year >= o.baseline_year else None
            table.append(
                TableRow(
                    p.year,
                    _value(m, p.estimate),
                    _interval(m, p),
                    _value(m, traj) if traj is not None else "",
                    _row_status(m, p),
                )
            )
        change = baseline_change(o, row.series.points)
    actions = action_rows(record, today, names, ref)
    reviews: list[ReviewView] = []
    if full:
        for v in sorted((v for v in record.reviews if v.objective == ref), key=lambda v: v.held):
            shown = [s for s in v.data if s.tier != "internal" or tier == "internal"]
            reviews.append(
                ReviewView(
                    held=_day(v.held),
                    planned=v.planned,
                    happened=v.happened,
                    study=v.study,
                    decision=v.decision.value.capitalize(),
                    next_steps=v.next_steps,
                    snapshot=[_snapshot(s) for s in shown],
                    snapshot_hidden=len(shown) < len(v.data),
                )
            )
    others = []
    for extra in o.measures[1:]:
        s = figures.get(extra)
        if s is None or s.points is None:
            others.append(f"{measure_text(extra)}: {s.error if s is not None and s.error else NOT_PUBLISHED}")
            continue
        latest = [p for p in s.points if p.estimate is not None]
        others.append(
            f"{measure_text(extra)}: "
            + (f"{latest[-1].year}: {_value(extra, latest[-1].estimate)}" if latest else "no value yet")
        )
    return ObjectivePage(
        row=row,
        plan=plan,
        chart_svg=svg,
        chart_description=chart.description if chart is not None else "",
        table=table,
        marks=marks,
        change=change,
        actions=actions,
        reviews=reviews,
        others=others,
        full=full,
    )


# ------------------------------------------------------------------------------------------------ engagement


@dataclass(frozen=True)
class Linked:
    text: str
    href: str


@dataclass
class EngagementPage:
    sessions: list[r.Engagement]
    leadership: list[r.Engagement]
    said_did: list[tuple[r.YouSaidWeDid, list[Linked], list[Linked]]]
    commitments: list[tuple[r.BoardCommitment, str]]
    participants: int
    leaders: int


def engagement_page(plan: Plan, record: r.Plan, objective_href: Any, plan_href: str) -> EngagementPage:
    """``objective_href(pk)``: the objective page's address; an action links to its row of the plan page
    (``plan_href``)."""
    pks = dict(plan.objectives.values_list("ref", "pk"))
    names = names_of(plan.organisation_id)
    ordered = sorted(record.engagements, key=lambda e: e.held, reverse=True)
    items = []
    for y in record.said_did:
        objectives = [Linked(f"Objective {ref}", objective_href(pks[ref])) for ref in y.objectives if ref in pks]
        actions = [Linked(f"Action {ref}", f"{plan_href}#action-{ref}") for ref in y.actions]
        items.append((y, objectives, actions))
    return EngagementPage(
        sessions=[e for e in ordered if e.kind is r.EngagementKind.SESSION],
        leadership=[e for e in ordered if e.kind is r.EngagementKind.LEADERSHIP],
        said_did=items,
        commitments=[(c, person_text(c.member, names)) for c in record.commitments],
        participants=sum(e.participants for e in record.engagements),
        leaders=sum(e.leaders for e in record.engagements),
    )


# ------------------------------------------------------------------------------------------------ history


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    time: str
    iso: str
    who: str
    what: str
    kind: str
    changes: list[FieldChange]


HISTORY_KINDS: Final = {"+": "Created", "~": "Changed", "-": "Deleted"}
DIFF_EXCLUDED: Final = frozenset({"position", "objectives", "actions"})
"""Not diffed: the order in the plan, and the many-to-many links (their own history tables)."""


def _short(value: Any, limit: int = 120) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _history_sources(plan: Plan) -> list[tuple[str, Any]]:
    """(kind, historical queryset) of every record of ``plan``, deleted ones included."""
    from django.db.models import Q

    from wres.web.plan import models as pm

    objective_ids = set(pm.Objective.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    action_ids = set(pm.Action.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    return [
        ("Plan", pm.Plan.history.filter(id=plan.pk)),
        ("Objective", pm.Objective.history.filter(plan_id=plan.pk)),
        ("Measure", pm.ObjectiveMeasure.history.filter(objective_id__in=objective_ids)),
        ("Action", pm.Action.history.filter(plan_id=plan.pk)),
        ("Review", pm.Review.history.filter(objective_id__in=objective_ids)),
        ("Engagement", pm.Engagement.history.filter(plan_id=plan.pk)),
        ("You said, we did", pm.YouSaidWeDid.history.filter(plan_id=plan.pk)),
        ("Board commitment", pm.BoardCommitment.history.filter(plan_id=plan.pk)),
        ("Comment", pm.Comment.history.filter(Q(objective_id__in=objective_ids) | Q(action_id__in=action_ids))),
    ]


def history_index(plan: Plan) -> list[tuple[Any, str, int]]:
    """Every version of the plan's records as (time, kind, history id), newest first."""
    out: list[tuple[Any, str, int]] = []
    for kind, qs in _history_sources(plan):
        out += [(when, kind, hid) for hid, when in qs.values_list("history_id", "history_date")]
    out.sort(key=lambda t: (t[0], t[2]), reverse=True)
    return out


def _what(kind: str, h: Any) -> str:
    if kind == "Plan":
        return f"Plan: {h.title}"
    if kind in ("Objective", "Action"):
        return f"{kind} {h.ref}"
    if kind == "Measure":
        return f"Measure of objective #{h.objective_id}: indicator {h.indicator} ({h.breakdown} {h.stratum}, {h.group})"
    if kind == "Review":
        return f"Review held {_day(h.held)}"
    if kind == "Engagement":
        return f"Engagement: {h.title or h.format} on {_day(h.held)}"
    if kind == "Board commitment":
        return f"Board commitment: {h.member_title or 'a board member'}"
    return f"{kind}: {_short(getattr(h, 'said', None) or getattr(h, 'text', ''), 60)}"


def history_rows(plan: Plan, entries: Sequence[tuple[Any, str, int]]) -> list[HistoryRow]:
    """The page's versions with who made them and what changed (simple-history's ``diff_against`` with the previous
    version of the same record)."""
    sources = dict(_history_sources(plan))
    wanted: dict[str, list[int]] = {}
    for _, kind, hid in entries:
        wanted.setdefault(kind, []).append(hid)
    found: dict[tuple[str, int], Any] = {}
    for kind, ids in wanted.items():
        for h in sources[kind].filter(history_id__in=ids).select_related("history_user"):
            found[(kind, h.history_id)] = h
    rows = []
    for when, kind, hid in entries:
        h = found[(kind, hid)]
        changes: list[FieldChange] = []
        if h.history_type == "~":
            prev = h.prev_record
            if prev is not None:
                tracked = {f.name for f in h.instance_type._meta.fields} - DIFF_EXCLUDED
                delta = h.diff_against(prev, included_fields=sorted(tracked))
                changes = [
                    FieldChange(c.field.replace("_", " "), _short(c.old), _short(c.new))
                    for c in delta.changes
                    if c.field not in DIFF_EXCLUDED
                ]
        user = h.history_user
        who = (user.get_full_name() or user.get_username()) if user is not None else "Not recorded (an import)"
        rows.append(
            HistoryRow(
                time=f"{when:%d %B %Y %H:%M}",
                iso=when.isoformat(),
                who=who,
                what=_what(kind, h),
                kind=HISTORY_KINDS.get(h.history_type, h.history_type),
                changes=changes,
            )
        )
    return rows
