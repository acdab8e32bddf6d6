"""The race equality plan's tables: history with its authors, the database's constraints and the models' own checks
(issue 15)."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from simple_history.middleware import HistoryRequestMiddleware
from tests.web.conftest import People

from wres.web.models import Action, Comment, Engagement, Objective, Plan
from wres.web.plan.models import current_plan
from wres.web.roles import Role


def _plan(people: People, **kw: object) -> Plan:
    fields: dict[str, object] = {"organisation": people.org_a, "title": "Plan", "start_year": 2025, "end_year": 2028}
    fields.update(kw)
    return Plan.objects.create(**fields)


def _objective(plan: Plan, ref: str = "O1") -> Objective:
    return Objective.objects.create(
        plan=plan, ref=ref, title="Fairer shortlisting", baseline_year=2024, target_value=1.0, target_year=2027
    )


def test_history_records_every_edit_with_its_author(people: People) -> None:
    lead, admin = people.user(Role.EDI_LEAD), people.user(Role.ADMIN)
    plan = Plan(organisation=people.org_a, title="Draft", start_year=2025, end_year=2028)
    plan._history_user = lead  # type: ignore[attr-defined]
    plan.save()
    plan.title = "Race equality plan 2025–2028"
    plan._history_user = admin  # type: ignore[attr-defined]
    plan.save()
    versions = list(plan.history.order_by("history_date", "history_id"))  # type: ignore[attr-defined]
    assert [(v.history_type, v.title, v.history_user) for v in versions] == [
        ("+", "Draft", lead),
        ("~", "Race equality plan 2025–2028", admin),
    ]
    assert all(v.history_date is not None for v in versions)


def test_the_middleware_makes_the_signed_in_user_the_author(people: People) -> None:
    """The request's user is recorded without the view doing anything (the middleware is in the settings)."""
    assert "simple_history.middleware.HistoryRequestMiddleware" in settings.MIDDLEWARE
    plan = _plan(people)
    member = people.user(Role.NETWORK_MEMBER)
    objective = _objective(plan)

    def view(request: HttpRequest) -> HttpResponse:
        Comment.objects.create(objective=objective, author=request.user, text="Who was asked?")
        return HttpResponse("ok")

    request = RequestFactory().post("/")
    request.user = member  # type: ignore[assignment]
    HistoryRequestMiddleware(view)(request)
    comment = Comment.objects.get()
    assert comment.history.get().history_user == member  # type: ignore[attr-defined]


def test_history_of_an_actions_objectives(people: People) -> None:
    """Linking an action to objectives is versioned too (m2m history)."""
    lead = people.user(Role.EDI_LEAD)
    plan = _plan(people)
    o1, o2 = _objective(plan, "O1"), _objective(plan, "O2")
    action = Action.objects.create(plan=plan, ref="A1", description="Train shortlisting panels")
    action._history_user = lead  # type: ignore[attr-defined]
    action.objectives.set([o1])
    action.objectives.add(o2)
    latest = action.history.latest()  # type: ignore[attr-defined]
    assert latest.history_user == lead
    assert {row.objective_id for row in latest.objectives.all()} == {o1.pk, o2.pk}


def test_a_deleted_item_keeps_its_history(people: People) -> None:
    lead = people.user(Role.EDI_LEAD)
    plan = _plan(people)
    objective = _objective(plan)
    pk = objective.pk
    objective._history_user = lead  # type: ignore[attr-defined]
    objective.delete()
    gone = Objective.history.filter(id=pk).order_by("history_date", "history_id")  # type: ignore[attr-defined]
    assert [v.history_type for v in gone] == ["+", "-"]
    assert gone.last().history_user == lead


@pytest.mark.parametrize(
    ("make", "constraint"),
    [
        (lambda p: Action(plan=p, ref="A1", description="x", start=date(2025, 5, 1), due=date(2025, 4, 30)), "due"),
        (lambda p: Action(plan=p, ref="A1", description="x", start=date(2025, 5, 1), completed=date(2025, 1, 1)), "c"),
        (lambda p: Engagement(plan=p, held=date(2025, 5, 1), format="forum", participants=-1), "participants"),
        (lambda p: Engagement(plan=p, held=date(2025, 5, 1), format="forum", participants=3, leaders=-2), "leaders"),
        (lambda p: Objective(plan=p, ref="O9", title="x", baseline_year=2025, target_value=1, target_year=2024), "o"),
    ],
    ids=["due-before-start", "completed-before-start", "negative-participants", "negative-leaders", "target-year"],
)
def test_the_database_refuses_what_the_rules_forbid(people: People, make: object, constraint: str) -> None:
    """Saved without the model's checks (as a bug or a raw write would), the row is refused by the database."""
    plan = _plan(people)
    row = make(plan)  # type: ignore[operator]
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_references_are_unique_in_a_plan_not_across_plans(people: People) -> None:
    first, second = _plan(people), _plan(people, start_year=2022, end_year=2025)
    _objective(first, "O1")
    _objective(second, "O1")  # another plan may reuse it
    with pytest.raises(IntegrityError), transaction.atomic():
        _objective(first, "O1")
    Action.objects.create(plan=first, ref="A1", description="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(plan=first, ref="A1", description="y")


def test_one_plan_per_period_and_an_approved_plan_is_dated(people: People) -> None:
    _plan(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        _plan(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        _plan(people, start_year=2028, end_year=2031, status="approved")  # no approval date
    with pytest.raises(IntegrityError), transaction.atomic():
        _plan(people, start_year=2030, end_year=2029)
    _plan(people, organisation=people.org_b)  # another organisation's plan for the same years


def test_a_comment_is_on_exactly_one_item(people: People) -> None:
    plan = _plan(people)
    objective = _objective(plan)
    action = Action.objects.create(plan=plan, ref="A1", description="x")
    for on in ({}, {"objective": objective, "action": action}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(text="?", **on)


def test_clean_names_the_field_once(people: People) -> None:
    """Forms get the rules as field errors, each reported once (the database constraint is not checked twice)."""
    plan = _plan(people)
    action = Action(plan=plan, ref="A1", description="x", start=date(2025, 5, 1), due=date(2025, 4, 30))
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert caught.value.message_dict == {"due": ["The due date is before the start date."]}

    engagement = Engagement(plan=plan, held=date(2025, 5, 1), format="forum", participants=-4)
    with pytest.raises(ValidationError) as caught:
        engagement.full_clean()
    assert caught.value.message_dict == {"participants": ["The number of participants cannot be negative."]}

    draft = Plan(organisation=people.org_a, title="x", start_year=2025, end_year=2028)
    with pytest.raises(ValidationError) as caught:
        draft.full_clean()  # the same period as the plan above: the unique constraint is still checked
    assert caught.value.message_dict == {"__all__": ["The organisation already has a plan for these years."]}

    published = Plan(organisation=people.org_a, title="x", start_year=2029, end_year=2031, status="published")
    with pytest.raises(ValidationError) as caught:
        published.full_clean()
    assert caught.value.message_dict == {
        "approved": ["Give the date the board approved the plan."],
        "minute_ref": ["Give the reference of the board minute approving the plan."],
    }
    published.approved, published.minute_ref = date(2029, 3, 1), "BM/29/7"
    published.full_clean()

    objective = Objective(plan=plan, ref="O1", title="x", baseline_year=2024, target_value=1, target_year=2027)
    objective.high_impact_actions, objective.networks = [7], "REACH"
    with pytest.raises(ValidationError) as caught:
        objective.full_clean()
    assert set(caught.value.message_dict) == {"high_impact_actions", "networks"}

    orphan = Comment(text="?")
    with pytest.raises(ValidationError) as caught:
        orphan.full_clean()
    assert caught.value.message_dict == {"__all__": ["A comment is on one objective or one action."]}


def test_a_reply_is_on_the_item_it_answers(people: People) -> None:
    plan = _plan(people)
    o1, o2 = _objective(plan, "O1"), _objective(plan, "O2")
    question = Comment.objects.create(objective=o1, author=people.user(Role.NETWORK_MEMBER), text="Why band 8a?")
    reply = Comment(objective=o2, author=people.user(Role.EDI_LEAD), text="Because…", reply_to=question)
    with pytest.raises(ValidationError) as caught:
        reply.full_clean()
    assert "reply_to" in caught.value.message_dict
    reply.objective = o1
    reply.full_clean()
    reply.save()
    assert list(question.replies.all()) == [reply]  # type: ignore[attr-defined]


def test_the_current_plan_and_earlier_plans(people: People) -> None:
    """The current plan is the latest published one; earlier plans stay readable."""
    assert current_plan(people.org_a.pk) is None
    old = _plan(people, start_year=2021, end_year=2024, status="published", approved=date(2021, 3, 1))
    draft = _plan(people, start_year=2025, end_year=2028)
    assert current_plan(people.org_a.pk) == old  # the new plan is still a draft
    draft.status, draft.approved = "published", date(2025, 3, 1)
    draft.save()
    assert current_plan(people.org_a.pk) == draft
    assert set(people.org_a.plans.all()) == {old, draft}  # type: ignore[attr-defined]
    assert current_plan(people.org_b.pk) is None


def test_a_removed_account_leaves_the_role_title(people: People) -> None:
    plan = _plan(people)
    board = people.user(Role.BOARD_MEMBER)
    objective = Objective.objects.create(
        plan=plan,
        ref="O1",
        title="x",
        baseline_year=2024,
        target_value=1,
        target_year=2027,
        owner=board,
        owner_title="Chief People Officer",
    )
    board.delete()  # type: ignore[attr-defined]
    objective.refresh_from_db()
    assert (objective.owner, objective.owner_title) == (None, "Chief People Officer")


def test_the_migrations_match_the_models(db: None) -> None:
    """Every model change has its migration checked in (choices included: Django records them)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("makemigrations", "wres_web", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations would write a migration (exit {exit_.code}):\n{out.getvalue()}")
