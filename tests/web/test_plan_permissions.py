"""Who may open the plan's pages to read (issue 15, task D): every new URL × every role, with the outcome typed out
by hand from the issue's roles (EDI leads and administrators edit; analysts read; board members read; staff-network
members read, comment and see engagement records; regional viewers see the published plan only), not read from
:data:`wres.web.roles.PERMISSIONS`; another organisation's plans and objectives are not found."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People
from tests.web.test_plan_pages import sample_plan

from wres.plan import records as r
from wres.web.plan.models import Objective, Plan
from wres.web.plan.records_io import save_plan
from wres.web.roles import Role

A, AN, E, B, N, R = (
    Role.ADMIN,
    Role.ANALYST,
    Role.EDI_LEAD,
    Role.BOARD_MEMBER,
    Role.NETWORK_MEMBER,
    Role.REGIONAL_VIEWER,
)
ALL = (A, AN, E, B, N, R)

# The published plan of organisation A: status for each (page, role).
PUBLISHED: dict[str, dict[Role, int]] = {
    "plan": dict.fromkeys(ALL, 200),
    "plans": dict.fromkeys(ALL, 200),
    "plan_by_id": dict.fromkeys(ALL, 200),
    "objective": dict.fromkeys(ALL, 200),
    "engagement": {A: 200, AN: 403, E: 200, B: 200, N: 200, R: 403},
    "plan_history": {A: 200, AN: 200, E: 200, B: 200, N: 200, R: 403},
}
# A draft plan: the regional viewer sees published plans only, so the draft and its objectives are not found.
DRAFT: dict[str, dict[Role, int]] = {
    "plan_by_id": {A: 200, AN: 200, E: 200, B: 200, N: 200, R: 404},
    "objective": {A: 200, AN: 200, E: 200, B: 200, N: 200, R: 404},
}


def _urls(org: str, plan: Plan) -> dict[str, str]:
    objective = Objective.objects.filter(plan=plan).first()
    assert objective is not None
    return {
        "plan": reverse("plan", kwargs={"org": org}),
        "plans": reverse("plans", kwargs={"org": org}),
        "plan_by_id": reverse("plan_by_id", kwargs={"org": org, "plan": plan.pk}),
        "objective": reverse("objective", kwargs={"org": org, "objective": objective.pk}),
        "engagement": reverse("engagement", kwargs={"org": org}),
        "plan_history": reverse("plan_history", kwargs={"org": org}),
    }


@pytest.fixture
def plans(people: People) -> tuple[Plan, Plan]:
    """A's published plan, and B's (saved by B's administrator: A's accounts are not B's)."""
    mine = save_plan(people.org_a, sample_plan(people.org_a.code), None)
    theirs_record = dataclasses.replace(
        sample_plan(people.org_b.code),
        actions=(),
        reviews=(),
        said_did=(),
        commitments=(),
        objectives=tuple(
            dataclasses.replace(o, owner=r.Person(), sponsor=r.Person())
            for o in sample_plan(people.org_b.code).objectives
        ),
    )
    theirs = save_plan(people.org_b, theirs_record, None)
    return mine, theirs


def test_every_plan_url_as_every_role(
    plans: tuple[Plan, Plan], people: People, client_as: Callable[[Role | None], Client]
) -> None:
    urls = _urls(people.org_a.code, plans[0])
    assert set(urls) == set(PUBLISHED)
    for role in Role:
        client = client_as(role)
        for name, url in urls.items():
            assert client.get(url).status_code == PUBLISHED[name][role], (name, role.value)


def test_anonymous_is_sent_to_sign_in(plans: tuple[Plan, Plan], people: People) -> None:
    for name, url in _urls(people.org_a.code, plans[0]).items():
        response = Client().get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_a_draft_plan_is_not_found_for_the_regional_viewer(
    plans: tuple[Plan, Plan], people: People, client_as: Callable[[Role | None], Client]
) -> None:
    mine = plans[0]
    mine.status = r.PlanStatus.DRAFT.value
    mine.approved = None
    mine.save()
    urls = _urls(people.org_a.code, mine)
    for role in Role:
        for name, expected in DRAFT.items():
            assert client_as(role).get(urls[name]).status_code == expected[role], (name, role.value)


def test_another_organisations_plan_and_objective_are_not_found(
    plans: tuple[Plan, Plan], people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """B's plan and objective ids under A's address: 404 for every role of A (even the regional viewer, who holds
    B too: the address names A)."""
    theirs = plans[1]
    objective = Objective.objects.filter(plan=theirs).first()
    assert objective is not None
    code = people.org_a.code
    for role in Role:
        client = client_as(role)
        assert client.get(reverse("plan_by_id", kwargs={"org": code, "plan": theirs.pk})).status_code == 404
        assert client.get(reverse("plan", kwargs={"org": code}) + f"?plan={theirs.pk}").status_code == 404
        assert client.get(reverse("objective", kwargs={"org": code, "objective": objective.pk})).status_code == 404
        if role is not R:
            assert client.get(reverse("engagement", kwargs={"org": code}) + f"?plan={theirs.pk}").status_code == (
                404 if role is not AN else 403
            )


def test_organisation_b_pages_as_users_of_a(
    plans: tuple[Plan, Plan], people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """B's own addresses: 404 for everyone of A but the regional viewer, who holds B and reads its published plan."""
    urls = _urls(people.org_b.code, plans[1])
    for role in Role:
        for name, url in urls.items():
            status = client_as(role).get(url).status_code
            expected = PUBLISHED[name][R] if role is R else 404
            assert status == expected, (name, role.value, status)


def test_a_bad_plan_id_is_not_found(
    plans: tuple[Plan, Plan], people: People, client_as: Callable[[Role | None], Client]
) -> None:
    url = reverse("plan", kwargs={"org": people.org_a.code})
    assert client_as(E).get(url + "?plan=abc").status_code == 404
    assert client_as(E).get(url + "?plan=999999").status_code == 404
