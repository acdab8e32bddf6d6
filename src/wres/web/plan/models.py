"""The race equality plan's tables: one model per record of :mod:`wres.plan.records` (and the comments, which the
records do not carry). Every model keeps its history (``.history``: every version, with who changed it and when)
through django-simple-history (docs/decisions/0015-plan-history-django-simple-history.md); the request's user is
recorded by ``simple_history.middleware.HistoryRequestMiddleware``, and code outside a request (the CLI, imports)
sets ``instance._history_user`` before saving (:func:`wres.web.plan.records_io.save_plan`).

An organisation has any number of plans, at most one per period (start and end year): earlier plans stay readable,
and the current plan is chosen by :func:`current_plan`. Simple rules are database constraints (unique references in
a plan, a due date not before the start, no negative head counts) and are checked again by ``clean()`` so that forms
name the field (Django then skips the constraint on a field already in error, so each problem is reported once);
the rules that need the data (a target on the adverse side of the baseline) are ``wres.plan.validate``'s.

These models belong to the ``wres_web`` application (:mod:`wres.web.models` imports them).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from wres.plan.records import (
    HIGH_IMPACT_ACTIONS,
    ActionStatus,
    Decision,
    EngagementKind,
    ItemStatus,
    PlanStatus,
    TrajectoryKind,
)

ORGANISATION = "wres_web.Organisation"
USER = settings.AUTH_USER_MODEL


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ").capitalize()) for m in enum]


def _person(related_name: str) -> models.ForeignKey[Any, Any]:
    """An account named in the plan: nullable, and cleared (the role title stays) when the account is deleted."""
    return models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name)


def _text_list(value: Any, field: str, errors: dict[str, str]) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[field] = "Give a list of texts."


class Plan(models.Model):
    """A race equality plan of one organisation for a period of years."""

    organisation = models.ForeignKey(ORGANISATION, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)
    vision = models.TextField(blank=True)
    start_year = models.IntegerField()
    end_year = models.IntegerField()
    status = models.CharField(max_length=16, choices=_choices(PlanStatus), default=PlanStatus.DRAFT.value)
    approved = models.DateField(null=True, blank=True)
    """When the board approved it (required once approved or published)."""
    minute_ref = models.CharField(max_length=100, blank=True)
    """The board minute's reference."""
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__code", "-start_year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "start_year", "end_year"],
                name="plan_one_per_period",
                violation_error_message="The organisation already has a plan for these years.",
            ),
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_end_not_before_start"),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT.value) | Q(approved__isnull=False), name="plan_approved_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_year is not None and self.end_year is not None and self.end_year < self.start_year:
            errors["end_year"] = "The end year is before the start year."
        if self.status != PlanStatus.DRAFT.value and self.approved is None:
            errors["approved"] = "Give the date the board approved the plan."
        if self.status != PlanStatus.DRAFT.value and not self.minute_ref.strip():
            errors["minute_ref"] = "Give the reference of the board minute approving the plan."
        if errors:
            raise ValidationError(errors)


def current_plan(organisation_id: int) -> Plan | None:
    """The organisation's current plan: the published plan with the latest start year, else its latest plan of any
    status (None when it has none). Earlier plans stay in the database, readable."""
    plans = Plan.objects.filter(organisation_id=organisation_id).order_by("-start_year", "-id")
    return plans.filter(status=PlanStatus.PUBLISHED.value).first() or plans.first()


class Objective(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveIntegerField(default=0)
    """The order in the plan."""
    ref = models.CharField(max_length=32)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    baseline_year = models.IntegerField()
    baseline_value = models.FloatField(null=True, blank=True)
    target_value = models.FloatField()
    target_year = models.IntegerField()
    trajectory = models.CharField(
        max_length=32, choices=_choices(TrajectoryKind), default=TrajectoryKind.STRAIGHT.value
    )
    sponsor = _person("+")
    sponsor_title = models.CharField(max_length=200, blank=True)
    owner = _person("+")
    owner_title = models.CharField(max_length=200, blank=True)
    high_impact_actions = models.JSONField(default=list, blank=True)
    """The numbers (1–6) of the NHS EDI improvement plan's high impact actions it serves."""
    networks = models.JSONField(default=list, blank=True)
    """The staff networks that co-designed it."""
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"],
                name="objective_ref_unique_in_plan",
                violation_error_message="Another objective of this plan has this reference.",
            ),
            models.CheckConstraint(
                condition=Q(target_year__gte=F("baseline_year")), name="objective_target_not_before_baseline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.baseline_year is not None and self.target_year is not None and self.target_year < self.baseline_year:
            errors["target_year"] = "The target year is before the baseline year."
        hia = self.high_impact_actions
        if not isinstance(hia, list) or not all(isinstance(n, int) and n in HIGH_IMPACT_ACTIONS for n in hia):
            errors["high_impact_actions"] = "Give the numbers of high impact actions, 1 to 6."
        _text_list(self.networks, "networks", errors)
        if errors:
            raise ValidationError(errors)


class ObjectiveMeasure(models.Model):
    """One result series an objective is tied to (:class:`wres.plan.records.Measure`); the first is the one the
    objective's status is read from."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveIntegerField(default=0)
    indicator = models.CharField(max_length=16)
    breakdown = models.CharField(max_length=64, default="overall")
    stratum = models.CharField(max_length=100, default="all")
    category = models.CharField(max_length=100, default="all")
    grouping = models.CharField(max_length=32, default="wres")
    group = models.CharField(max_length=100, default="BME")
    variant = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "indicator", "breakdown", "stratum", "category", "grouping", "group", "variant"],
                name="objective_measure_once",
                violation_error_message="The objective is already tied to this measure.",
            )
        ]

    def __str__(self) -> str:
        return f"indicator {self.indicator} {self.breakdown}={self.stratum} {self.group}"


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField(default=0)
    ref = models.CharField(max_length=32)
    description = models.TextField()
    objectives = models.ManyToManyField(Objective, related_name="actions", blank=True)
    """The objectives (of the same plan) it serves."""
    owner = _person("+")
    owner_title = models.CharField(max_length=200, blank=True)
    start = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=_choices(ActionStatus), default=ActionStatus.NOT_STARTED.value)
    """Overdue is derived (due date passed, not done or stopped), never stored."""
    completed = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    """Evidence of completion."""
    links = models.JSONField(default=list, blank=True)
    history = HistoricalRecords(m2m_fields=[objectives])

    class Meta:
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"],
                name="action_ref_unique_in_plan",
                violation_error_message="Another action of this plan has this reference.",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(due__isnull=True) | Q(due__gte=F("start")),
                name="action_due_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(completed__isnull=True) | Q(completed__gte=F("start")),
                name="action_completed_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.description[:60]}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start is not None and self.due is not None and self.due < self.start:
            errors["due"] = "The due date is before the start date."
        if self.start is not None and self.completed is not None and self.completed < self.start:
            errors["completed"] = "The completion date is before the start date."
        _text_list(self.links, "links", errors)
        if errors:
            raise ValidationError(errors)


class Review(models.Model):
    """A plan-do-study-act cycle on one objective."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="reviews")
    position = models.PositiveIntegerField(default=0)
    held = models.DateField()
    planned = models.TextField()
    """What we planned and predicted."""
    happened = models.TextField(blank=True)
    """What happened (empty while the cycle is running)."""
    study = models.TextField(blank=True)
    """What we learned from the data."""
    decision = models.CharField(max_length=16, choices=_choices(Decision))
    next_steps = models.TextField(blank=True)
    data = models.JSONField(default=list, blank=True)
    """What the data showed at the review date, frozen: a list of :class:`wres.plan.records.MeasureSnapshot` as
    dictionaries (:func:`wres.web.plan.records_io.snapshot_json`)."""
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective_id", "position", "held", "id"]

    def __str__(self) -> str:
        return f"Review of {self.objective.ref} on {self.held}"


class Engagement(models.Model):
    """A session with staff (network meeting, forum, listening event) or a leadership programme."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="engagements")
    position = models.PositiveIntegerField(default=0)
    held = models.DateField()
    kind = models.CharField(max_length=16, choices=_choices(EngagementKind), default=EngagementKind.SESSION.value)
    format = models.CharField(max_length=100)
    title = models.CharField(max_length=200, blank=True)
    groups = models.JSONField(default=list, blank=True)
    participants = models.IntegerField()
    leaders = models.IntegerField(default=0)
    """Board members and senior leaders taking part."""
    themes = models.TextField(blank=True)
    responses = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "position", "held", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(participants__gte=0), name="engagement_participants_not_negative"),
            models.CheckConstraint(condition=Q(leaders__gte=0), name="engagement_leaders_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.format} on {self.held}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.participants is not None and self.participants < 0:
            errors["participants"] = "The number of participants cannot be negative."
        if self.leaders is not None and self.leaders < 0:
            errors["leaders"] = "The number of leaders cannot be negative."
        _text_list(self.groups, "groups", errors)
        if errors:
            raise ValidationError(errors)


class YouSaidWeDid(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="said_did")
    position = models.PositiveIntegerField(default=0)
    said = models.TextField()
    did = models.TextField(blank=True)
    status = models.CharField(max_length=32, choices=_choices(ItemStatus), default=ItemStatus.OPEN.value)
    objectives = models.ManyToManyField(Objective, related_name="said_did", blank=True)
    actions = models.ManyToManyField(Action, related_name="said_did", blank=True)
    history = HistoricalRecords(m2m_fields=[objectives, actions])

    class Meta:
        ordering = ["plan_id", "position", "id"]
        verbose_name = "you said, we did item"

    def __str__(self) -> str:
        return self.said[:60]


class BoardCommitment(models.Model):
    """A board member's own EDI objective (high impact action 1) and its review status."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveIntegerField(default=0)
    member = _person("+")
    member_title = models.CharField(max_length=200, blank=True)
    objective = models.TextField()
    review_status = models.CharField(max_length=100, default="not reviewed")
    reviewed = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.member_title}: {self.objective[:60]}"


class Comment(models.Model):
    """A comment on an objective or an action (staff-network members comment, owners reply with ``reply_to``)."""

    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    author = _person("+")
    time = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    history = HistoricalRecords()

    class Meta:
        ordering = ["time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(objective__isnull=False) & Q(action__isnull=True))
                | (Q(objective__isnull=True) & Q(action__isnull=False)),
                name="comment_on_one_item",
                violation_error_message="A comment is on one objective or one action.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"

    def clean(self) -> None:
        parent = self.reply_to
        if parent is not None and (parent.objective_id, parent.action_id) != (self.objective_id, self.action_id):
            raise ValidationError({"reply_to": "A reply is on the same item as the comment it answers."})
