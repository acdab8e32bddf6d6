"""Plan checks (issue 15's bad input): each rule on a plan that breaks only it, and a sound plan that passes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from wres.errors import WresError
from wres.plan.records import (
    Action,
    ActionStatus,
    BoardCommitment,
    Decision,
    Engagement,
    EngagementKind,
    Measure,
    Objective,
    Person,
    Plan,
    Review,
    YouSaidWeDid,
)
from wres.plan.validate import PlanError, Problem, action_problems, check, objective_problems, problems

USERS = frozenset({"lead", "cpo", "owner1"})

O1 = Objective(
    ref="O1",
    title="Fairer appointments",
    measures=(Measure(indicator="2", breakdown="band", stratum="8a"),),
    baseline_year=2024,
    baseline_value=1.6,
    target_value=1.2,
    target_year=2027,
    sponsor=Person("cpo", "Chief People Officer"),
    owner=Person("lead", "EDI lead"),
    high_impact_actions=(2,),
)
A1 = Action(
    ref="A1",
    description="Diverse interview panels",
    objectives=("O1",),
    owner=Person("owner1", "Head of recruitment"),
    start=date(2025, 1, 1),
    due=date(2025, 6, 30),
    status=ActionStatus.DONE,
    completed=date(2025, 6, 1),
)
PLAN = Plan(
    org_code="RXX",
    title="Race equality plan 2025-2028",
    start_year=2025,
    end_year=2028,
    objectives=(O1,),
    actions=(A1,),
    reviews=(Review("O1", date(2025, 9, 1), "p", "h", Decision.ADAPT),),
    engagements=(Engagement(date(2025, 3, 1), EngagementKind.SESSION, "listening event", ("REACH",), 25),),
    said_did=(YouSaidWeDid("said", "did", objectives=("O1",), actions=("A1",)),),
    commitments=(BoardCommitment(Person("cpo", "Chief People Officer"), "Sponsor the network"),),
)


def only(found: list[Problem]) -> Problem:
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_a_sound_plan_has_no_problems() -> None:
    assert problems(PLAN, USERS) == []
    assert check(PLAN, USERS) is PLAN


def test_due_before_start() -> None:
    plan = replace(PLAN, actions=(replace(A1, due=date(2024, 12, 1), completed=None, status=ActionStatus.NOT_STARTED),))
    p = only(problems(plan))
    assert (p.item, p.field, p.value) == ("action A1", "due", "2024-12-01")
    assert "before the start 2025-01-01" in p.problem


def test_completed_without_done() -> None:
    p = only(problems(replace(PLAN, actions=(replace(A1, status=ActionStatus.IN_PROGRESS),))))
    assert (p.item, p.field) == ("action A1", "completed")
    assert "needs the status done" in p.problem


def test_completed_before_start() -> None:
    p = only(action_problems(replace(A1, completed=date(2024, 12, 31))))
    assert (p.field, p.value) == ("completed", "2024-12-31")


@pytest.mark.parametrize(
    ("measure", "base", "target", "good"),
    [
        (Measure(indicator="2"), 1.6, 1.8, 1.2),  # ratio above parity must come down
        (Measure(indicator="2"), 0.7, 0.6, 0.9),  # ratio below parity must go up
        (Measure(indicator="6"), 8.0, 10.0, 4.0),  # survey gap must come down
        (Measure(indicator="1", breakdown="band", stratum="8a"), 0.10, 0.08, 0.15),  # senior share must go up
        (Measure(indicator="9"), -10.0, -12.0, 0.0),  # board representation must go up
        (Measure(indicator="2"), 1.3, 0.5, 0.9),  # right way, but overshoots parity: |ln 0.5| > |ln 1.3| > |ln 0.9|
        (Measure(indicator="3"), 1.3, 0.0, 1.0),  # a ratio of 0 is not a target
    ],
)
def test_target_on_the_adverse_side_of_the_baseline(measure: Measure, base: float, target: float, good: float) -> None:
    obj = replace(O1, measures=(measure,), baseline_value=base, target_value=target)
    p = only(objective_problems(obj))
    assert (p.item, p.field) == ("objective O1", "target_value")
    assert objective_problems(replace(obj, target_value=good)) == []  # the same measure, a target on the better side


def test_target_year_not_after_baseline_year() -> None:
    p = only(objective_problems(replace(O1, target_year=2024)))
    assert (p.field, p.value) == ("target_year", "2024")


def test_measure_without_data() -> None:
    p = only(objective_problems(replace(O1, baseline_value=None)))
    assert p.field == "baseline_value"
    assert p.problem.startswith("indicator 2 (band 8a) for BME has no data for the baseline year 2024")


def test_objective_without_a_measure_or_with_an_unknown_indicator() -> None:
    assert only(objective_problems(replace(O1, measures=()))).field == "measures"
    assert only(objective_problems(replace(O1, measures=(Measure(indicator="10"),)))).value == "10"


def test_action_serving_an_unknown_objective() -> None:
    p = only(problems(replace(PLAN, actions=(replace(A1, objectives=("O1", "O9")),))))
    assert (p.item, p.field, p.value) == ("action A1", "objectives", "O9")


def test_review_on_an_unknown_objective() -> None:
    review = Review("O2", date(2025, 9, 1), "p", "h", Decision.ADOPT)
    p = only(problems(replace(PLAN, reviews=(*PLAN.reviews, review))))
    assert (p.item, p.field, p.value) == ("review 2", "objective", "O2")


def test_duplicate_refs() -> None:
    found = problems(
        replace(PLAN, objectives=(O1, replace(O1, title="again")), actions=(A1, replace(A1, description="x")))
    )
    # the second of each is named, by its position (the first is the one the ref means)
    assert {(p.item, p.field, p.kind, p.position) for p in found} == {
        ("objective O1", "ref", "objective", 2),
        ("action A1", "ref", "action", 2),
    }


def test_problems_say_kind_ref_and_position_for_a_spreadsheet() -> None:
    a2 = replace(A1, ref="A2", due=date(2024, 12, 1), completed=None, status=ActionStatus.NOT_STARTED)
    plan = replace(
        PLAN, actions=(A1, a2), engagements=(*PLAN.engagements, replace(PLAN.engagements[0], participants=-3))
    )
    assert [(p.kind, p.ref, p.position, p.field) for p in problems(plan)] == [
        ("action", "A2", 2, "due"),
        ("engagement", "", 2, "participants"),
    ]
    alone = only(action_problems(a2))
    assert (alone.kind, alone.ref, alone.position) == ("action", "A2", None)


def test_unknown_people_only_when_accounts_are_given() -> None:
    plan = replace(
        PLAN,
        objectives=(replace(O1, sponsor=Person("ghost", "Director")),),
        actions=(replace(A1, owner=Person("gone", "Manager")),),
        commitments=(BoardCommitment(Person("nobody", "Chair"), "x"),),
    )
    found = problems(plan, USERS)
    assert {(p.item, p.field, p.value) for p in found} == {
        ("objective O1", "sponsor", "ghost"),
        ("action A1", "owner", "gone"),
        ("board commitment 1", "member", "nobody"),
    }
    assert problems(plan) == []  # no set of accounts: people are not checked
    no_account = replace(PLAN, actions=(replace(A1, owner=Person("", "Head of recruitment")),))
    assert problems(no_account, USERS) == []  # a role title without an account is allowed


def test_negative_participants() -> None:
    bad = Engagement(date(2025, 3, 1), EngagementKind.LEADERSHIP, "reverse mentoring", (), -1, leaders=-2)
    found = problems(replace(PLAN, engagements=(bad,)))
    assert {(p.item, p.field) for p in found} == {("engagement 1", "participants"), ("engagement 1", "leaders")}


def test_high_impact_actions_outside_1_to_6() -> None:
    found = objective_problems(replace(O1, high_impact_actions=(0, 6, 7)))
    assert [(p.field, p.value) for p in found] == [("high_impact_actions", "0"), ("high_impact_actions", "7")]


def test_end_year_before_start_year() -> None:
    p = only(problems(replace(PLAN, end_year=2024)))
    assert (p.item, p.field, p.value) == ("the plan", "end_year", "2024")


def test_you_said_we_did_links_checked() -> None:
    found = problems(replace(PLAN, said_did=(YouSaidWeDid("s", "d", objectives=("O7",), actions=("A7",)),)))
    assert {(p.field, p.value) for p in found} == {("objectives", "O7"), ("actions", "A7")}


def test_check_raises_one_error_listing_every_problem() -> None:
    plan = replace(PLAN, end_year=2024, reviews=(Review("O5", date(2025, 9, 1), "p", "h", Decision.ADOPT),))
    with pytest.raises(PlanError) as err:
        check(plan)
    assert isinstance(err.value, WresError)
    assert len(err.value.problems) == 2
    message = str(err.value)
    assert message.startswith("the plan has 2 problems: ")
    assert "the plan, field 'end_year'" in message
    assert "review 1, field 'objective': no objective of the plan has this ref (value 'O5')" in message
    assert "\n" not in message
