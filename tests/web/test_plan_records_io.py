"""A whole plan between the plain records and the database (issue 15): the round trip, people resolved within the
organisation only, all or nothing, and every saved version authored."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from django.db import models
from tests.web.conftest import People

from wres.plan import records as r
from wres.web.models import (
    Action,
    BoardCommitment,
    Engagement,
    Objective,
    ObjectiveMeasure,
    Plan,
    Review,
    YouSaidWeDid,
)
from wres.web.plan import records_io
from wres.web.plan.records_io import PlanSaveError, plan_record, save_plan
from wres.web.roles import Role

MODELS: list[type[models.Model]] = [
    Plan,
    Objective,
    ObjectiveMeasure,
    Action,
    Review,
    Engagement,
    YouSaidWeDid,
    BoardCommitment,
]


def counts() -> dict[str, int]:
    """Rows of every plan table and of its history table."""
    out = {m.__name__: m.objects.count() for m in MODELS}
    out |= {f"history of {m.__name__}": m.history.count() for m in MODELS}  # type: ignore[attr-defined]
    return out


def full_plan(org_code: str) -> r.Plan:
    """A plan using every record and field, in an order that is not alphabetical or chronological."""
    band8a = r.Measure(indicator="2", breakdown="band", stratum="8a+")
    black = r.Measure(indicator="6", grouping="5", group="Black")
    return r.Plan(
        org_code=org_code,
        title="Race equality plan 2025–2028",
        start_year=2025,
        end_year=2028,
        vision="A workforce that reflects the community it serves.",
        status=r.PlanStatus.APPROVED,
        approved=date(2025, 3, 27),
        minute_ref="BM/25/041",
        objectives=(
            r.Objective(
                ref="O2",
                title="Fair shortlisting at band 8a and above",
                measures=(band8a, r.Measure(indicator="2")),
                baseline_year=2024,
                baseline_value=1.62,
                target_value=1.25,
                target_year=2027,
                trajectory=r.TrajectoryKind.MODEL_EMPLOYER,
                sponsor=r.Person("board_member-user", "Chief People Officer"),
                owner=r.Person("edi_lead-user", "Head of EDI"),
                description="Diverse panels and structured interviews.",
                high_impact_actions=(2, 1),
                networks=("REACH network", "Nursing forum"),
            ),
            r.Objective(
                ref="O1",
                title="Less harassment of Black staff by colleagues",
                measures=(black,),
                baseline_year=2023,
                baseline_value=4.5,
                target_value=2.0,
                target_year=2028,
                owner=r.Person("", "Director of Nursing"),
            ),
        ),
        actions=(
            r.Action(
                ref="A2",
                description="Train every shortlisting panel",
                objectives=("O2",),
                owner=r.Person("analyst-user", "Workforce analyst"),
                start=date(2025, 4, 1),
                due=date(2025, 9, 30),
                status=r.ActionStatus.DONE,
                completed=date(2025, 9, 12),
                evidence="Attendance register",
                links=("https://intranet.example/panels", "https://intranet.example/register"),
            ),
            r.Action(ref="A1", description="Bystander training", objectives=("O2", "O1")),
        ),
        reviews=(
            r.Review(
                objective="O2",
                held=date(2026, 3, 1),
                planned="Panels trained by September; ratio down by 0.1",
                happened="All panels trained",
                decision=r.Decision.ADAPT,
                next_steps="Extend to band 7",
                study="Ratio fell less than predicted",
                data=(
                    r.MeasureSnapshot(band8a, 2025, 1.5, 1.2, 1.9, "shown", "no significant change"),
                    r.MeasureSnapshot(r.Measure(indicator="2"), 2025, None, None, None, "suppressed"),
                ),
            ),
            r.Review(objective="O1", held=date(2025, 11, 1), planned="p", happened="", decision=r.Decision.ADOPT),
        ),
        engagements=(
            r.Engagement(
                held=date(2025, 6, 1),
                kind=r.EngagementKind.LEADERSHIP,
                format="reverse mentoring",
                groups=("Board",),
                participants=14,
                leaders=7,
                title="Reverse mentoring, cohort 1",
            ),
            r.Engagement(
                held=date(2025, 5, 1),
                kind=r.EngagementKind.SESSION,
                format="listening event",
                groups=("REACH network", "Nursing forum"),
                participants=40,
                themes="Acting-up opportunities",
                responses="Expressions of interest for every acting-up post",
            ),
        ),
        said_did=(
            r.YouSaidWeDid(
                said="Acting-up posts go to the same people",
                did="Every acting-up post is advertised",
                status=r.ItemStatus.IN_PROGRESS,
                objectives=("O2",),
                actions=("A2", "A1"),  # the plan's order
            ),
            r.YouSaidWeDid(said="More data by ward", did=""),
        ),
        commitments=(
            r.BoardCommitment(
                member=r.Person("board_member-user", "Chief People Officer"),
                objective="Mentor two Black staff into band 8a roles",
                review_status="reviewed",
                reviewed=date(2026, 4, 1),
            ),
        ),
    )


def test_round_trip(people: People) -> None:
    record = full_plan(people.org_a.code)
    plan = save_plan(people.org_a, record, people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    assert plan_record(Plan.objects.get(pk=plan.pk)) == record
    assert Objective.objects.get(ref="O2").owner == people.user(Role.EDI_LEAD)


def test_links_come_back_in_the_plans_order(people: People) -> None:
    """An action's objectives and an item's actions are a set: read back in the plan's order, whatever the order
    given (what an export and a re-import rely on)."""
    record = full_plan(people.org_a.code)
    shuffled = dataclasses.replace(
        record,
        actions=(record.actions[0], dataclasses.replace(record.actions[1], objectives=("O1", "O2"))),
        said_did=(dataclasses.replace(record.said_did[0], actions=("A1", "A2")), record.said_did[1]),
    )
    plan = save_plan(people.org_a, shuffled, people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    assert plan_record(plan) == record


def test_every_version_is_authored_and_a_repeat_adds_none(people: People) -> None:
    lead, admin = people.user(Role.EDI_LEAD), people.user(Role.ADMIN)
    record = full_plan(people.org_a.code)
    save_plan(people.org_a, record, lead)  # type: ignore[arg-type]
    for model in MODELS:
        authors = {v.history_user for v in model.history.all()}  # type: ignore[attr-defined]
        assert authors == {lead}, model.__name__
    before = counts()
    save_plan(people.org_a, record, admin)  # type: ignore[arg-type]
    assert counts() == before  # nothing changed, no new version

    changed = dataclasses.replace(
        record,
        objectives=(dataclasses.replace(record.objectives[0], target_value=1.2), record.objectives[1]),
        actions=record.actions[:1],
        said_did=(dataclasses.replace(record.said_did[0], actions=("A2",)), record.said_did[1]),
    )
    save_plan(people.org_a, changed, admin)  # type: ignore[arg-type]
    o2 = Objective.objects.get(ref="O2")
    latest = o2.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
    assert (latest.target_value, latest.history_user) == (1.2, admin)
    gone = Action.history.filter(ref="A1", history_type="-").get()  # type: ignore[attr-defined]
    assert gone.history_user == admin
    assert plan_record(Plan.objects.get()) == changed


def test_objectives_keep_their_rows_across_imports(people: People) -> None:
    """Matched by reference: an import that reorders and edits objectives updates them in place (their comments
    and history carry on)."""
    lead = people.user(Role.EDI_LEAD)
    record = full_plan(people.org_a.code)
    save_plan(people.org_a, record, lead)  # type: ignore[arg-type]
    ids = {o.ref: o.pk for o in Objective.objects.all()}
    swapped = dataclasses.replace(record, objectives=tuple(reversed(record.objectives)))
    save_plan(people.org_a, swapped, lead)  # type: ignore[arg-type]
    assert {o.ref: o.pk for o in Objective.objects.all()} == ids
    in_new_order = dataclasses.replace(
        swapped, actions=(swapped.actions[0], dataclasses.replace(swapped.actions[1], objectives=("O1", "O2")))
    )
    assert plan_record(Plan.objects.get()) == in_new_order


@pytest.mark.parametrize("username", ["nobody", "other-admin"], ids=["unknown", "another-organisations-account"])
def test_a_person_not_of_the_organisation_is_refused_and_nothing_saved(people: People, username: str) -> None:
    """An unknown user name and an account of another organisation only get the same message (which does not say
    whether the account exists), naming the field; nothing is saved."""
    record = full_plan(people.org_a.code)
    bad = dataclasses.replace(
        record,
        actions=(record.actions[0], dataclasses.replace(record.actions[1], owner=r.Person(username, "Matron"))),
    )
    before = counts()
    with pytest.raises(PlanSaveError) as caught:
        save_plan(people.org_a, bad, people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    assert caught.value.problems == [("actions[A1].owner", f"{username!r} is not an account of {people.org_a.code}")]
    assert counts() == before


def test_a_member_of_both_organisations_is_an_account_of_each(people: People) -> None:
    """The regional viewer holds a role in A and B: named in B's plan, they are attached."""
    record = dataclasses.replace(
        full_plan(people.org_b.code),
        objectives=(
            dataclasses.replace(full_plan("").objectives[1], owner=r.Person("regional_viewer-user", "Regional lead")),
        ),
        actions=(),
        reviews=(),
        said_did=(),
        commitments=(),
    )
    plan = save_plan(people.org_b, record, people.other_admin)  # type: ignore[arg-type]
    assert plan.objectives.get().owner == people.user(Role.REGIONAL_VIEWER)  # type: ignore[attr-defined]


def test_a_row_failing_late_saves_nothing(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan, its objectives and actions are written before the engagement records: a bad engagement record
    rolls them all back, and every problem is named. (The plan's rules, ``check_rules``, would refuse these rows
    before anything is written; they are switched off here so the models' own checks meet them mid-write.)"""
    monkeypatch.setattr(records_io, "check_rules", lambda record: [])
    record = full_plan(people.org_a.code)
    bad = dataclasses.replace(
        record,
        actions=(dataclasses.replace(record.actions[0], due=date(2025, 3, 1)), record.actions[1]),
        engagements=(record.engagements[0], dataclasses.replace(record.engagements[1], participants=-3)),
    )
    before = counts()
    with pytest.raises(PlanSaveError) as caught:
        save_plan(people.org_a, bad, people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    assert caught.value.problems == [
        ("actions[A2].due", "The due date is before the start date."),
        ("engagements[2].participants", "The number of participants cannot be negative."),
    ]
    assert counts() == before


def test_an_update_that_fails_leaves_the_saved_plan_as_it_was(people: People) -> None:
    lead = people.user(Role.EDI_LEAD)
    record = full_plan(people.org_a.code)
    save_plan(people.org_a, record, lead)  # type: ignore[arg-type]
    before = counts()
    bad = dataclasses.replace(
        record,
        title="Renamed",
        commitments=(dataclasses.replace(record.commitments[0], member=r.Person("ghost", "Chair")),),
    )
    with pytest.raises(PlanSaveError, match=r"commitments\[1\]\.member: 'ghost' is not an account"):
        save_plan(people.org_a, bad, lead)  # type: ignore[arg-type]
    bad = dataclasses.replace(
        record, title="Renamed", engagements=(dataclasses.replace(record.engagements[0], leaders=-1),)
    )
    with pytest.raises(PlanSaveError, match=r"engagements\[1\]\.leaders"):
        save_plan(people.org_a, bad, lead)  # type: ignore[arg-type]
    assert counts() == before
    assert plan_record(Plan.objects.get()) == record


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: dataclasses.replace(p, objectives=(*p.objectives, p.objectives[0])), "objectives[O2].ref"),
        (
            lambda p: dataclasses.replace(p, actions=(dataclasses.replace(p.actions[0], objectives=("O9",)),)),
            "actions[A2].objectives",
        ),
        (lambda p: dataclasses.replace(p, reviews=(dataclasses.replace(p.reviews[0], objective="O7"),)), "reviews[1]"),
        (
            lambda p: dataclasses.replace(p, said_did=(dataclasses.replace(p.said_did[0], actions=("A9",)),)),
            "said_did[1].actions",
        ),
        (lambda p: dataclasses.replace(p, org_code="RXX"), "org_code"),
        (
            lambda p: dataclasses.replace(
                p, objectives=(dataclasses.replace(p.objectives[0], measures=()), p.objectives[1])
            ),
            "objectives[O2].measures",
        ),
    ],
    ids=[
        "repeated-ref",
        "action-names-no-objective",
        "review-names-no-objective",
        "item-names-no-action",
        "org",
        "no-measure",
    ],
)
def test_references_that_name_nothing_are_refused(people: People, change: object, field: str) -> None:
    record = change(full_plan(people.org_a.code))  # type: ignore[operator]
    before = counts()
    with pytest.raises(PlanSaveError) as caught:
        save_plan(people.org_a, record, people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    assert any(where.startswith(field) for where, _ in caught.value.problems), caught.value.problems
    assert counts() == before


def test_the_validation_hook_refuses_the_plan(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever ``check_rules`` (where ``wres.plan.validate.check`` will be wired) finds refuses the whole plan."""

    seen: list[r.Plan] = []

    def check(record: r.Plan) -> list[tuple[str, str]]:
        seen.append(record)
        return [("objectives[O2].target_value", "the target is on the adverse side of the baseline")]

    monkeypatch.setattr(records_io, "check_rules", check)
    record = full_plan(people.org_a.code)
    before = counts()
    with pytest.raises(PlanSaveError, match=r"objectives\[O2\]\.target_value: the target is on the adverse side"):
        save_plan(people.org_a, record, people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    assert seen == [record]
    assert counts() == before


def test_a_plan_written_at_the_same_moment_is_a_clear_error(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another import creating the same period's plan between the check and the write: the database refuses the
    second, and the error says so (no IntegrityError escapes, nothing of this import is saved)."""
    original = Plan.save
    raced: list[bool] = []

    def racing_save(self: Plan, *args: object, **kwargs: object) -> None:
        if self.pk is None and not raced:
            raced.append(True)
            Plan.objects.create(organisation=self.organisation, title="Theirs", start_year=2025, end_year=2028)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Plan, "save", racing_save)
    before = counts()
    with pytest.raises(PlanSaveError) as caught:
        save_plan(people.org_a, full_plan(people.org_a.code), people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    assert raced
    assert [where for where, _ in caught.value.problems] == ["plan"]
    assert "try again" in str(caught.value)
    assert counts() == before
