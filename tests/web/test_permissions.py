"""The permission matrix, request by request: every URL as every role (and anonymous), allowed or denied as
:data:`wres.web.roles.PERMISSIONS` says, and never another organisation's page."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from tests.web.conftest import People

from wres.web.access import VIEW_CAPABILITIES
from wres.web.models import Membership, Upload
from wres.web.roles import PERMISSIONS, Capability, Role, can

PUBLIC_NAMES = {"login", "about", "accessibility"}
"""Pages anyone may open (signed in or not)."""
SIGNED_IN_NAMES = {"home", "logout", "account", "password_change"}
"""Pages every signed-in user may open, whatever their roles."""


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
    samples = {
        "number": 1,
        "upload": upload.id,
        "import_id": 1,
        "membership": member.id,
        "year": 2025,
        "tier": "public",
        "filename": "report.html",
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
            assert status in (200, 302), (t.url, role, status)
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
