"""Whether a race equality plan keeps its momentum (issue 15): activity per quarter, the flags of a plan losing
energy, and the actions done, overdue and due soon. Pure: the caller passes the plan, the usernames that still
have an account in the organisation and today's date.

**Per quarter** (calendar quarters, "2026 Q1" = January to March 2026; each also named as its NHS financial
quarter, April to March: "2025/26 Q4"): actions started (by their start date), actions completed (by their
completed date), reviews held, engagement records (sessions and leadership programmes, each counted, with their
participants and leaders). Every quarter from the first dated item (or the plan's start, 1 April of its start
year, if earlier) to today's is listed, empty ones too: a run of empty quarters is what losing energy looks like.
Items dated after today are planned, not done, and are not counted.

**Flags**, each with the item it concerns and a plain-English sentence (objectives first, then actions, each in
the plan's order):

* ``no_review``: an objective with no review for six months. The six months run from its last review (held on or
  before today); for an objective never reviewed, from the date the board approved the plan, else from the start
  of the plan period (1 April of its start year) — not from the baseline year, which is a year of data (often
  before the plan existed), so a new plan is not flagged on its first day;
* ``owner_gone``: an open action (not done or stopped) whose owner's username no longer has an account (an action
  whose owner has no account named, only a role title, is not flagged);
* ``long_overdue``: an action overdue for more than 90 days.

**Overdue** (derived, never typed in): not done or stopped, with a due date before today. **Due soon**: not done
or stopped, due today or in the next 30 days.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from wres.plan.records import Action, ActionStatus, EngagementKind, Plan

__all__ = [
    "DUE_SOON_DAYS",
    "LONG_OVERDUE_DAYS",
    "REVIEW_MONTHS",
    "ActionCounts",
    "Flag",
    "Momentum",
    "QuarterActivity",
    "add_months",
    "financial_quarter",
    "is_due_soon",
    "is_open",
    "is_overdue",
    "momentum",
    "quarter_label",
]

REVIEW_MONTHS: Final = 6
LONG_OVERDUE_DAYS: Final = 90
DUE_SOON_DAYS: Final = 30
CLOSED: Final = frozenset({ActionStatus.DONE, ActionStatus.STOPPED})


@dataclass(frozen=True)
class QuarterActivity:
    label: str
    """Calendar quarter, "2026 Q1"."""
    financial: str
    """The same quarter in the NHS financial year (April–March), "2025/26 Q4"."""
    start: date
    end: date
    actions_started: int = 0
    actions_completed: int = 0
    reviews: int = 0
    engagements: int = 0
    """Engagement records: sessions with staff and leadership programmes."""
    leadership: int = 0
    """Of which leadership programmes."""
    participants: int = 0
    leaders: int = 0


@dataclass(frozen=True)
class Flag:
    kind: str
    """``no_review``, ``owner_gone`` or ``long_overdue``."""
    item: str
    """The objective's or the action's ref."""
    sentence: str
    since: date | None = None
    """The last review (or the date counted from), or the due date."""


@dataclass(frozen=True)
class ActionCounts:
    total: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0


@dataclass(frozen=True)
class Momentum:
    today: date
    quarters: tuple[QuarterActivity, ...]
    flags: tuple[Flag, ...]
    by_objective: Mapping[str, ActionCounts]
    """Each objective's actions (by ref, every objective of the plan)."""
    plan: ActionCounts
    """Every action of the plan once (an action serving two objectives counts once)."""
    last_review: Mapping[str, date | None]
    """Each objective's last review held on or before today."""


def _day(d: date) -> str:
    """``"1 April 2026"``."""
    return f"{d.day} {d:%B %Y}"


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day clamped to the month's length (31 August + 6 months = 28/29
    February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(day: date) -> str:
    """``"2026 Q1"`` for a day of January to March 2026."""
    year, q = _quarter(day)
    return f"{year} Q{q}"


def financial_quarter(day: date) -> str:
    """The NHS financial quarter (years from 1 April): ``"2025/26 Q4"`` for January to March 2026, ``"2026/27 Q1"``
    for April to June 2026."""
    first = day.year if day.month >= 4 else day.year - 1
    q = (day.month - 4) % 12 // 3 + 1
    return f"{first}/{(first + 1) % 100:02d} Q{q}"


def is_open(action: Action) -> bool:
    """Not done and not stopped."""
    return action.status not in CLOSED


def is_overdue(action: Action, today: date) -> bool:
    """Open with a due date before today."""
    return is_open(action) and action.due is not None and action.due < today


def is_due_soon(action: Action, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Open and due today or within the next ``days`` days."""
    return is_open(action) and action.due is not None and today <= action.due <= today + timedelta(days=days)


def _counts(actions: Collection[Action], today: date) -> ActionCounts:
    return ActionCounts(
        total=len(actions),
        done=sum(a.status == ActionStatus.DONE for a in actions),
        overdue=sum(is_overdue(a, today) for a in actions),
        due_soon=sum(is_due_soon(a, today) for a in actions),
    )


def _quarters(plan: Plan, today: date) -> tuple[QuarterActivity, ...]:
    started = [a.start for a in plan.actions if a.start is not None and a.start <= today]
    completed = [a.completed for a in plan.actions if a.completed is not None and a.completed <= today]
    reviews = [r.held for r in plan.reviews if r.held <= today]
    engagements = [e for e in plan.engagements if e.held <= today]
    dated = [*started, *completed, *reviews, *(e.held for e in engagements), date(plan.start_year, 4, 1)]
    first = min(d for d in dated if d <= today) if any(d <= today for d in dated) else today
    out: list[QuarterActivity] = []
    year, q = _quarter(first)
    last = _quarter(today)
    while (year, q) <= last:
        start = date(year, 3 * q - 2, 1)
        end = add_months(start, 3) - timedelta(days=1)

        def within(d: date, start: date = start, end: date = end) -> bool:
            return start <= d <= end

        here = [e for e in engagements if within(e.held)]
        out.append(
            QuarterActivity(
                label=f"{year} Q{q}",
                financial=financial_quarter(start),
                start=start,
                end=end,
                actions_started=sum(within(d) for d in started),
                actions_completed=sum(within(d) for d in completed),
                reviews=sum(within(d) for d in reviews),
                engagements=len(here),
                leadership=sum(e.kind == EngagementKind.LEADERSHIP for e in here),
                participants=sum(e.participants for e in here),
                leaders=sum(e.leaders for e in here),
            )
        )
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return tuple(out)


def _flags(plan: Plan, accounts: Collection[str], today: date, last: Mapping[str, date | None]) -> list[Flag]:
    flags: list[Flag] = []
    for objective in plan.objectives:
        reviewed = last.get(objective.ref)
        if reviewed is not None:
            since, words = reviewed, f"its last review was on {_day(reviewed)}"
        elif plan.approved is not None:
            since, words = (
                plan.approved,
                f"it has not been reviewed since the plan was approved on {_day(plan.approved)}",
            )
        else:
            since = date(plan.start_year, 4, 1)
            words = f"it has not been reviewed since the plan began on {_day(since)}"
        if today > add_months(since, REVIEW_MONTHS):
            flags.append(
                Flag(
                    "no_review",
                    objective.ref,
                    f"Objective {objective.ref} ({objective.title}) has had no review for over six months: {words}.",
                    since,
                )
            )
    for action in plan.actions:
        if not is_open(action):
            continue
        owner = action.owner
        if owner.username and owner.username not in accounts:
            title = f" ({owner.title})" if owner.title else ""
            flags.append(
                Flag(
                    "owner_gone",
                    action.ref,
                    f"Action {action.ref}'s owner{title} no longer has an account: give the action a new owner.",
                )
            )
        if action.due is not None and is_overdue(action, today) and (today - action.due).days > LONG_OVERDUE_DAYS:
            days = (today - action.due).days
            flags.append(
                Flag(
                    "long_overdue",
                    action.ref,
                    f"Action {action.ref} is {days} days overdue: it was due on {_day(action.due)}.",
                    action.due,
                )
            )
    return flags


def momentum(plan: Plan, accounts: Collection[str], today: date) -> Momentum:
    """The plan's momentum on ``today`` (see the module docstring); ``accounts`` the usernames that still have an
    account in the organisation."""
    last: dict[str, date | None] = {o.ref: None for o in plan.objectives}
    for review in plan.reviews:
        if review.held <= today and review.objective in last:
            before = last[review.objective]
            last[review.objective] = review.held if before is None else max(before, review.held)
    by_objective = {o.ref: _counts([a for a in plan.actions if o.ref in a.objectives], today) for o in plan.objectives}
    return Momentum(
        today=today,
        quarters=_quarters(plan, today),
        flags=tuple(_flags(plan, accounts, today, last)),
        by_objective=by_objective,
        plan=_counts(plan.actions, today),
        last_review=last,
    )
