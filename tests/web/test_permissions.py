"""The permission matrix, request by request: every URL as every role (and anonymous), allowed or denied as
:data:`wres.web.roles.PERMISSIONS` says, and never another organisation's page."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from tests.web.conftest import People

from wres.web.access import VIEW_CAPABILITIES
from wres.web.models import AuditEvent, Invitation, Membership, Organisation, ReportJob, Upload
from wres.web.plan.models import (
    Action,
    BoardCommitment,
    Comment,
    Engagement,
    Objective,
    Plan,
    Review,
    YouSaidWeDid,
)
from wres.web.roles import PERMISSIONS, Capability, Role, can

PUBLIC_NAMES = {"login", "about", "accessibility"}
"""Pages anyone may open (signed in or not)."""
SIGNED_IN_NAMES = {"home", "logout", "account", "password_change", "invitation_answer"}
"""Pages every signed-in user may open, whatever their roles."""


def plan_samples(org: Organisation, member: object) -> dict[str, int]:
    """A published plan of ``org`` with one item of each kind (the board commitment is ``member``'s), by URL kwarg."""
    plan = Plan.objects.create(
        organisation=org,
        title="Plan",
        start_year=2025,
        end_year=2028,
        status="published",
        approved=date(2025, 3, 1),
        minute_ref="BM/1",
    )
    objective = Objective.objects.create(
        plan=plan, ref="O1", title="O", baseline_year=2024, target_value=1.0, target_year=2027
    )
    action = Action.objects.create(plan=plan, ref="A1", description="Do")
    return {
        "plan": plan.pk,
        "objective": objective.pk,
        "action": action.pk,
        "review": Review.objects.create(objective=objective, held=date(2025, 6, 1), planned="p", decision="adopt").pk,
        "engagement": Engagement.objects.create(plan=plan, held=date(2025, 5, 1), format="f", participants=3).pk,
        "item": YouSaidWeDid.objects.create(plan=plan, said="s").pk,
        "commitment": BoardCommitment.objects.create(plan=plan, member=member, objective="o").pk,  # type: ignore[misc]
        "comment": Comment.objects.create(objective=objective, text="c").pk,
    }


def patterns() -> Iterator[URLPattern]:
    for p in get_resolver().url_patterns:
        assert isinstance(p, URLPattern), "nested URL configurations are not expected"
        yield p


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    capability: Capability | None


def targets(people: People, org_code: str) -> list[Target]:
    """One concrete URL per named pattern, for organisation ``org_code``, with the objects it needs."""
    org = people.org_a if org_code == people.org_a.code else people.org_b
    upload = Upload.objects.create(organisation=org, filename="x.csv", sha256="0" * 64, size=1)
    member = Membership.objects.filter(organisation=org).first()
    assert member is not None
    invitation = Invitation.objects.create(organisation=org, username="someone", role=Role.ANALYST.value)
    job = ReportJob.objects.create(organisation=org, year=2025, tier="public")
    plan = plan_samples(org, people.user(Role.BOARD_MEMBER) if org == people.org_a else None)
    samples = {
        "invitation": invitation.pk,
        "job": job.pk,
        "number": 1,
        "upload": upload.id,
        "import_id": 1,
        "membership": member.id,
        "year": 2025,
        "tier": "public",
        "filename": "report.html",
        **plan,
    }
    out = []
    for p in patterns():
        assert p.name, f"every URL is named: {p.pattern}"
        keys = list(p.pattern.converters)
        kwargs = {k: (org_code if k == "org" else samples[k]) for k in keys}
        view = p.callback
        qualname = f"{view.__module__}.{getattr(view, '__qualname__', view.__name__)}"
        out.append(Target(p.name, reverse(p.name, kwargs=kwargs or None), VIEW_CAPABILITIES.get(qualname)))
    return out


def test_every_organisation_view_declares_a_capability(people: People) -> None:
    for t in targets(people, people.org_a.code):
        if "/org/" in t.url:
            assert t.capability is not None, f"{t.name} has no @org_view capability"
        else:
            assert t.name in PUBLIC_NAMES | SIGNED_IN_NAMES, f"{t.name} is outside any organisation: classify it"


def _denied(status: int) -> bool:
    return status in (403, 404)


def _outcome(client: Client, url: str) -> int:
    return client.get(url).status_code


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_every_url_as_every_role(role: Role | None, people: People, client_as: Callable[[Role | None], Client]) -> None:
    client = client_as(role)
    for t in targets(people, people.org_a.code):
        response = client.get(t.url)
        status = response.status_code
        if t.name in PUBLIC_NAMES:
            assert status in (200, 302), (t.url, status)
            continue
        if role is None:
            assert status == 302, (t.url, status)
            assert response["Location"].startswith(reverse("login")), t.url
            continue
        if t.capability is None:
            assert status in (200, 302, 405), (t.url, role, status)  # 405: a POST-only URL (accept an invitation)
            continue
        allowed = can(role, t.capability)
        if allowed:
            # 405: the URL takes POST only (the role passed the check); 302: the page moved the user on.
            assert status in (200, 302, 405), (t.url, role.value, status)
        else:
            assert status == 403, (t.url, role.value, status)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_no_role_reaches_another_organisation(
    role: Role, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """Organisation B's pages, as each user of A (the regional viewer also holds B: allowed as its role says)."""
    client = client_as(role)
    for t in targets(people, people.org_b.code):
        if "/org/" not in t.url:
            continue
        status = _outcome(client, t.url)
        if role is Role.REGIONAL_VIEWER:
            assert status in ((200, 302, 405) if can(role, t.capability) else (403,)), (t.url, status)  # type: ignore[arg-type]
        else:
            assert status == 404, (t.url, role.value, status)


def test_unknown_organisation_is_not_found(client_as: Callable[[Role | None], Client]) -> None:
    assert client_as(Role.ADMIN).get(reverse("dashboard", kwargs={"org": "NOPE"})).status_code == 404


def test_an_upload_of_another_organisation_is_not_found(
    people: People, client_as: Callable[[Role | None], Client]
) -> None:
    theirs = Upload.objects.create(organisation=people.org_b, filename="b.csv", sha256="1" * 64, size=1)
    url = reverse("validation", kwargs={"org": people.org_a.code, "upload": theirs.id})
    assert client_as(Role.ADMIN).get(url).status_code == 404
    assert (
        client_as(Role.ADMIN)
        .get(reverse("validation", kwargs={"org": people.org_a.code, "upload": uuid.uuid4()}))
        .status_code
        == 404
    )


def test_matrix_covers_every_role_and_capability() -> None:
    assert set(PERMISSIONS) == set(Role)
    assert PERMISSIONS[Role.ADMIN] == frozenset(Capability)
    public_only = {r for r in Role if not can(r, Capability.VIEW_UNSUPPRESSED)}
    assert public_only == {Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}


# --- hard-coded expectations: the sensitive cells of the matrix, written out (not read from PERMISSIONS) --------

A, AN, E, B, N, R = (
    Role.ADMIN,
    Role.ANALYST,
    Role.EDI_LEAD,
    Role.BOARD_MEMBER,
    Role.NETWORK_MEMBER,
    Role.REGIONAL_VIEWER,
)
EXPECTED_ALLOWED: dict[str, set[Role]] = {
    "people": {A},
    "person_add": {A},
    "person_invite": {A},
    "invitation_withdraw": {A},
    "person": {A},
    "person_password": {A},
    "person_unlock": {A},
    "audit": {A},
    "data": {A, AN, E},
    "import_detail": {A, AN, E},
    "upload": {A, AN},
    "validation": {A, AN},
    "confirm": {A, AN},
    "reports": {A, AN, E, B, N, R},
    "report_job": {A, AN, E, B, N, R},
    "dashboard": {A, AN, E, B, N, R},
    "progress": {A, AN, E, B, N, R},
    "plan_objective_model_employer": {A, E},
}
"""Who may use each organisation page, as the role descriptions in docs/web.md say, typed out by hand: a change to
:data:`wres.web.roles.PERMISSIONS` that widens a sensitive cell fails here even though the matrix test follows it."""


def test_the_hard_coded_matrix_agrees_with_the_implementation(people: People) -> None:
    for t in targets(people, people.org_a.code):
        if t.name in EXPECTED_ALLOWED:
            assert t.capability is not None
            assert {r for r in Role if can(r, t.capability)} == EXPECTED_ALLOWED[t.name], t.name


def _state() -> tuple[int, ...]:
    """Counts of everything a POST could create or change (and the hashes of every password)."""
    from django.contrib.auth import get_user_model

    passwords = hash(tuple(get_user_model().objects.order_by("pk").values_list("password", flat=True)))
    roles = hash(tuple(Membership.objects.order_by("pk").values_list("role", flat=True)))
    statuses = hash(tuple(Invitation.objects.order_by("pk").values_list("status", flat=True)))
    return (
        Membership.objects.count(),
        Invitation.objects.count(),
        Upload.objects.count(),
        ReportJob.objects.count(),
        AuditEvent.objects.exclude(action="view_unsuppressed").count(),
        passwords,
        roles,
        statuses,
    )


POST_BODIES: dict[str, dict[str, str]] = {
    "person_add": {"username": "intruder", "full_name": "In Truder", "role": "admin", "password": "x" * 20},
    "person_invite": {"username": "other-admin", "role": "admin"},
    "person": {"action": "role", "role": "admin"},
    "person_password": {"password": "a brand new password 99"},
    "upload": {},
    "confirm": {"action": "import"},
    "reports": {"year": "2025", "tier": "internal"},
}


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN], ids=lambda r: r.value)
def test_every_refused_post_is_403_and_changes_nothing(
    role: Role, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """A POST to every page the role may not use, as that role: 403, and nothing created, changed or removed."""
    client = client_as(role)
    refused = [t for t in targets(people, people.org_a.code) if t.name in EXPECTED_ALLOWED]
    refused = [t for t in refused if role not in EXPECTED_ALLOWED[t.name]]
    assert refused  # every role but the administrator is refused something
    before = _state()
    for t in refused:
        response = client.post(t.url, POST_BODIES.get(t.name, {"action": "remove"}))
        assert response.status_code == 403, (t.url, role.value, response.status_code)
    assert _state() == before


def test_refused_cells_as_hard_coded(people: People, client_as: Callable[[Role | None], Client]) -> None:
    """The matrix's most sensitive cells, one assertion each."""
    url = {t.name: t.url for t in targets(people, people.org_a.code)}
    cells = [
        (AN, "people", 403),
        (E, "person_add", 403),
        (B, "person_invite", 403),
        (N, "person_password", 403),
        (R, "person_unlock", 403),
        (AN, "audit", 403),
        (E, "upload", 403),
        (B, "data", 403),
        (N, "data", 403),
        (R, "confirm", 403),
        (A, "people", 200),
        (A, "audit", 200),
        (AN, "data", 200),
    ]
    for role, name, status in cells:
        assert client_as(role).get(url[name]).status_code == status, (role.value, name)
    # The internal tier of a report file: refused to the public-only roles whatever the file.
    internal = reverse(
        "report_file", kwargs={"org": people.org_a.code, "year": 2025, "tier": "internal", "filename": "x.pdf"}
    )
    for role in (N, R):
        assert client_as(role).get(internal).status_code == 403, role.value
    for role in (A, AN, E, B):
        assert client_as(role).get(internal).status_code == 302, role.value  # no such set: back to the reports page


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_no_post_reaches_another_organisation(
    role: Role, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """POSTs to organisation B's pages as each user of A (the regional viewer holds B, without these capabilities)."""
    client = client_as(role)
    found = targets(people, people.org_b.code)
    before = _state()
    for t in found:
        if t.name not in POST_BODIES and t.name not in ("invitation_withdraw", "person_unlock"):
            continue
        status = client.post(t.url, POST_BODIES.get(t.name, {})).status_code
        expected = 403 if role is Role.REGIONAL_VIEWER and t.name != "reports" else 404
        if role is Role.REGIONAL_VIEWER and t.name == "reports":
            continue  # allowed there (public tier only): the reports tests cover it
        assert status == expected, (t.url, role.value, status)
    assert _state() == before
