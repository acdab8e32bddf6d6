"""A plan's momentum (issue 15) on a hand-built plan: activity per quarter, flags, actions done/overdue/due soon.

Every expected number is counted by hand from the plan below (comments give the dates that decide each one).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from wres.plan.momentum import (
    ActionCounts,
    add_months,
    financial_quarter,
    is_overdue,
    momentum,
    quarter_label,
)
from wres.plan.records import (
    Action,
    ActionStatus,
    Decision,
    Engagement,
    EngagementKind,
    Measure,
    Objective,
    Person,
    Plan,
    Review,
)

TODAY = date(2026, 2, 15)
ACCOUNTS = frozenset({"ann", "lead"})


def obj(ref: str) -> Objective:
    return Objective(ref, f"objective {ref}", (Measure(indicator="2"),), 2024, 1.5, 1.2, 2027)


def act(ref: str, objectives: tuple[str, ...], start: date, due: date, status: ActionStatus, **kw: object) -> Action:
    return Action(ref, f"action {ref}", objectives, start=start, due=due, status=status, **kw)  # type: ignore[arg-type]


DONE, WIP, NOT, STOPPED = ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED, ActionStatus.STOPPED
PLAN = Plan(
    org_code="RXX",
    title="Plan",
    start_year=2025,
    end_year=2028,
    approved=date(2025, 5, 1),
    objectives=(obj("O1"), obj("O2"), obj("O3")),
    actions=(
        act("A1", ("O1",), date(2025, 5, 10), date(2025, 9, 30), DONE, completed=date(2025, 9, 15), owner=Person("x")),
        act("A2", ("O1", "O2"), date(2025, 6, 1), date(2025, 11, 10), WIP, owner=Person("ann")),  # 97 days overdue
        act("A3", ("O2",), date(2025, 11, 20), date(2026, 1, 31), NOT, owner=Person("gone", "Ward manager")),
        act("A4", ("O3",), date(2026, 1, 5), date(2026, 3, 1), WIP, owner=Person("", "Head of nursing")),  # due soon
        act("A5", ("O3",), date(2026, 4, 1), date(2026, 9, 30), NOT),  # starts after today
        act("A6", ("O2",), date(2025, 7, 1), date(2025, 8, 1), STOPPED),  # stopped: never overdue
        act("A7", ("O1",), date(2025, 10, 1), date(2026, 2, 28), DONE, completed=date(2026, 1, 10)),
    ),
    reviews=(
        Review("O1", date(2025, 6, 10), "p", "h", Decision.ADOPT),
        Review("O1", date(2025, 10, 1), "p", "h", Decision.ADAPT),  # O1's last: + 6 months = 1 April 2026
        Review("O2", date(2025, 7, 20), "p", "h", Decision.ADAPT),  # O2's last: + 6 months = 20 January 2026
        Review("O2", date(2026, 3, 1), "p", "h", Decision.ADOPT),  # after today: not held yet
    ),
    engagements=(
        Engagement(date(2025, 6, 15), EngagementKind.SESSION, "network meeting", ("REACH",), 30),
        Engagement(date(2025, 6, 20), EngagementKind.LEADERSHIP, "reverse mentoring", ("Board",), 8, leaders=5),
        Engagement(date(2026, 1, 20), EngagementKind.SESSION, "listening event", ("All staff",), 12),
    ),
)


def test_quarters_count_activity_by_date() -> None:
    m = momentum(PLAN, ACCOUNTS, TODAY)
    got = [
        (
            q.label,
            q.financial,
            q.actions_started,
            q.actions_completed,
            q.reviews,
            q.engagements,
            q.leadership,
            q.participants,
            q.leaders,
        )
        for q in m.quarters
    ]
    assert got == [
        ("2025 Q2", "2025/26 Q1", 2, 0, 1, 2, 1, 38, 5),  # A1, A2 started; O1 reviewed; two sessions 30 + 8
        ("2025 Q3", "2025/26 Q2", 1, 1, 1, 0, 0, 0, 0),  # A6 started; A1 completed; O2 reviewed
        ("2025 Q4", "2025/26 Q3", 2, 0, 1, 0, 0, 0, 0),  # A7, A3 started; O1 reviewed
        ("2026 Q1", "2025/26 Q4", 1, 1, 0, 1, 0, 12, 0),  # A4 started; A7 completed; one session of 12
    ]
    assert (m.quarters[0].start, m.quarters[0].end) == (date(2025, 4, 1), date(2025, 6, 30))


def test_action_counts_per_objective_and_for_the_plan() -> None:
    m = momentum(PLAN, ACCOUNTS, TODAY)
    assert m.by_objective == {
        "O1": ActionCounts(total=3, done=2, overdue=1, due_soon=0),  # A1, A7 done; A2 overdue
        "O2": ActionCounts(total=3, done=0, overdue=2, due_soon=0),  # A2, A3 overdue; A6 stopped
        "O3": ActionCounts(total=2, done=0, overdue=0, due_soon=1),  # A4 due 1 March, within 30 days
    }
    assert m.plan == ActionCounts(total=7, done=2, overdue=2, due_soon=1)  # A2 counted once


def test_flags() -> None:
    m = momentum(PLAN, ACCOUNTS, TODAY)
    assert [(f.kind, f.item, f.since) for f in m.flags] == [
        ("no_review", "O2", date(2025, 7, 20)),
        ("no_review", "O3", date(2025, 5, 1)),  # never reviewed: from the plan's approval
        ("long_overdue", "A2", date(2025, 11, 10)),  # A3 is overdue by 15 days only
        ("owner_gone", "A3", None),  # A1's owner has gone too, but A1 is done
    ]  # objectives first, then actions, each in the plan's order
    sentences = {f.item: f.sentence for f in m.flags}
    assert sentences["O2"] == (
        "Objective O2 (objective O2) has had no review for over six months: its last review was on 20 July 2025."
    )
    assert sentences["A2"] == "Action A2 is 97 days overdue: it was due on 10 November 2025."
    assert "(Ward manager) no longer has an account" in sentences["A3"]
    assert m.last_review == {"O1": date(2025, 10, 1), "O2": date(2025, 7, 20), "O3": None}


def test_flag_boundaries() -> None:
    plan = replace(PLAN, reviews=(Review("O1", date(2025, 8, 15), "p", "h", Decision.ADOPT),), objectives=(obj("O1"),))
    plan = replace(plan, actions=(act("A1", ("O1",), date(2025, 1, 1), date(2025, 11, 17), WIP),))
    # six months after 15 August is 15 February; 90 days after 17 November is 15 February
    assert momentum(plan, ACCOUNTS, date(2026, 2, 15)).flags == ()
    later = momentum(plan, ACCOUNTS, date(2026, 2, 16)).flags
    assert [(f.kind, f.item) for f in later] == [("no_review", "O1"), ("long_overdue", "A1")]


def test_never_reviewed_and_never_approved_counts_from_the_plan_start() -> None:
    plan = replace(PLAN, approved=None, reviews=(), actions=(), engagements=(), objectives=(obj("O1"),))
    assert momentum(plan, ACCOUNTS, date(2025, 10, 1)).flags == ()  # 1 April 2025 + 6 months
    flags = momentum(plan, ACCOUNTS, date(2025, 10, 2)).flags
    assert [(f.kind, f.since) for f in flags] == [("no_review", date(2025, 4, 1))]
    assert "since the plan began on 1 April 2025" in flags[0].sentence


def test_empty_quarters_are_listed_up_to_today() -> None:
    plan = replace(PLAN, actions=(), reviews=(), engagements=())
    m = momentum(plan, ACCOUNTS, date(2025, 12, 31))
    assert [q.label for q in m.quarters] == ["2025 Q2", "2025 Q3", "2025 Q4"]
    assert all(q.actions_started == q.reviews == q.engagements == 0 for q in m.quarters)


def test_overdue_is_derived() -> None:
    a = act("A", ("O1",), date(2025, 1, 1), date(2025, 6, 30), WIP)
    assert not is_overdue(a, date(2025, 6, 30))  # due today: not yet overdue
    assert is_overdue(a, date(2025, 7, 1))
    assert not is_overdue(replace(a, status=DONE), date(2025, 7, 1))
    assert not is_overdue(replace(a, status=STOPPED), date(2025, 7, 1))
    assert not is_overdue(replace(a, due=None), date(2025, 7, 1))


@pytest.mark.parametrize(
    ("day", "calendar_q", "financial_q"),
    [
        (date(2026, 1, 1), "2026 Q1", "2025/26 Q4"),
        (date(2026, 3, 31), "2026 Q1", "2025/26 Q4"),
        (date(2026, 4, 1), "2026 Q2", "2026/27 Q1"),
        (date(2026, 9, 30), "2026 Q3", "2026/27 Q2"),
        (date(2026, 12, 31), "2026 Q4", "2026/27 Q3"),
        (date(1999, 6, 1), "1999 Q2", "1999/00 Q1"),
    ],
)
def test_quarter_labels(day: date, calendar_q: str, financial_q: str) -> None:
    assert (quarter_label(day), financial_quarter(day)) == (calendar_q, financial_q)


def test_add_months_clamps_the_day() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_statuses_given_as_plain_strings_count_the_same() -> None:
    # a web model or a spreadsheet may hand over "done" and "leadership" rather than the enum members
    as_text = replace(
        PLAN,
        actions=tuple(replace(a, status=str(a.status)) for a in PLAN.actions),  # type: ignore[arg-type]
        engagements=tuple(replace(e, kind=str(e.kind)) for e in PLAN.engagements),  # type: ignore[arg-type]
    )
    assert momentum(as_text, ACCOUNTS, TODAY) == momentum(PLAN, ACCOUNTS, TODAY)
