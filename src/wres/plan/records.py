"""What a race equality plan holds, as plain records (no Django): one vocabulary for the web application's models,
the spreadsheet template, the CLI and the reports.

A plan belongs to one organisation and a period of years. Its objectives are each tied to one or more measures
(an indicator, and where wanted a breakdown and an ethnic group: "indicator 2 at band 8a and above", "indicator 6
for Black staff"); the first measure is the one the objective's status is read from. Actions serve objectives;
reviews are plan-do-study-act cycles on one objective; engagement records sessions with staff and leadership
programmes; "you said, we did" items answer what staff raised; each board member keeps their own EDI objective
(NHS EDI improvement plan, high impact action 1).

People are named by account (``username``, an account of the organisation) and by role title (``title``, e.g.
"Chief People Officer"); the published plan shows role titles only unless configured otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final


class PlanStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    """Approved by the board (with the date and the minute reference)."""
    PUBLISHED = "published"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    STOPPED = "stopped"


class Decision(StrEnum):
    """A review's decision (plan-do-study-act)."""

    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class TrajectoryKind(StrEnum):
    STRAIGHT = "straight"
    """A straight line from the baseline (year, value) to the target (year, value), then flat at the target."""
    MODEL_EMPLOYER = "model_employer"
    """The Model Employer trajectory for the objective's band (issue 17; until it exists, read as straight)."""


class ItemStatus(StrEnum):
    """A "you said, we did" item's status."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_TAKEN_FORWARD = "not_taken_forward"


class EngagementKind(StrEnum):
    SESSION = "session"
    """A session with a staff network, a forum or a listening event."""
    LEADERSHIP = "leadership"
    """A leadership programme: reverse mentoring, an allyship scheme (counts board and senior leaders)."""


HIGH_IMPACT_ACTIONS: Final[dict[int, str]] = {
    1: "Chief executives, chairs and board members have specific and measurable EDI objectives",
    2: "Embed fair and inclusive recruitment processes and talent management strategies",
    3: "Develop and implement an improvement plan to eliminate pay gaps",
    4: "Develop and implement an improvement plan to address health inequalities within the workforce",
    5: "Implement a comprehensive induction, onboarding and development programme for internationally recruited staff",
    6: "Create an environment that eliminates the conditions in which bullying, discrimination, harassment and "
    "physical violence at work occur",
}
"""The six high impact actions of the NHS EDI improvement plan (NHS England, June 2023)."""


@dataclass(frozen=True)
class Measure:
    """One result series an objective is tied to: the key of a result row without organisation and year
    (:data:`wres.indicators.results.RESULT_KEY`). ``group`` is the ethnic group the objective is about (BME, or a
    group of the 5 or 9 groupings); the comparator is the indicator's own (White, or the overall workforce)."""

    indicator: str
    breakdown: str = "overall"
    stratum: str = "all"
    category: str = "all"
    grouping: str = "wres"
    group: str = "BME"
    variant: str = ""
    """Empty: the indicator's headline variant."""


@dataclass(frozen=True)
class Person:
    """Someone named in a plan: an account of the organisation (may be empty) and a role title."""

    username: str = ""
    title: str = ""


@dataclass(frozen=True)
class Objective:
    ref: str
    """A short reference unique in the plan (e.g. "O1"), used by actions, reviews and the spreadsheet."""
    title: str
    measures: tuple[Measure, ...]
    baseline_year: int
    baseline_value: float | None
    """Filled from the results for the baseline year when the objective is created; None when it has no data."""
    target_value: float
    target_year: int
    trajectory: TrajectoryKind = TrajectoryKind.STRAIGHT
    sponsor: Person = Person()
    """The executive sponsor."""
    owner: Person = Person()
    description: str = ""
    high_impact_actions: tuple[int, ...] = ()
    networks: tuple[str, ...] = ()
    """The staff networks that co-designed it."""


@dataclass(frozen=True)
class Action:
    ref: str
    description: str
    objectives: tuple[str, ...]
    """The refs of the objectives it serves."""
    owner: Person = Person()
    start: date | None = None
    due: date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    completed: date | None = None
    evidence: str = ""
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureSnapshot:
    """One linked measure's value as the data showed it at a review (frozen: later imports do not change it)."""

    measure: Measure
    year: int
    estimate: float | None
    low: float | None
    high: float | None
    status: str
    change: str = ""
    """The change reading against the year before, in words (``wres.analysis.wording``)."""
    tier: str = "internal"
    """The disclosure tier the figures came from: ``public`` (after disclosure control; any role may see them) or
    ``internal`` (unsuppressed; shown only to roles that may see unsuppressed figures). A snapshot whose tier is
    not known is taken as internal."""


@dataclass(frozen=True)
class Review:
    """A plan-do-study-act cycle on one objective."""

    objective: str
    held: date
    planned: str
    """What we planned and predicted."""
    happened: str
    """What happened."""
    decision: Decision
    next_steps: str = ""
    data: tuple[MeasureSnapshot, ...] = ()
    """What the data showed at the review date."""
    study: str = ""
    """What we learned from the data."""


@dataclass(frozen=True)
class Engagement:
    held: date
    kind: EngagementKind
    format: str
    """E.g. "listening event", "network meeting", "reverse mentoring"."""
    groups: tuple[str, ...]
    """The networks, forums or groups taking part."""
    participants: int
    themes: str = ""
    responses: str = ""
    leaders: int = 0
    """Board members and senior leaders taking part (leadership programmes)."""
    title: str = ""


@dataclass(frozen=True)
class YouSaidWeDid:
    said: str
    did: str
    status: ItemStatus = ItemStatus.OPEN
    objectives: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoardCommitment:
    """A board member's own EDI objective (high impact action 1) and its review status."""

    member: Person
    objective: str
    review_status: str = "not reviewed"
    reviewed: date | None = None


@dataclass(frozen=True)
class Plan:
    org_code: str
    title: str
    start_year: int
    end_year: int
    vision: str = ""
    status: PlanStatus = PlanStatus.DRAFT
    approved: date | None = None
    minute_ref: str = ""
    objectives: tuple[Objective, ...] = ()
    actions: tuple[Action, ...] = ()
    reviews: tuple[Review, ...] = ()
    engagements: tuple[Engagement, ...] = ()
    said_did: tuple[YouSaidWeDid, ...] = field(default=())
    commitments: tuple[BoardCommitment, ...] = ()
