"""Fixtures of the web tests: the warehouse, the organisations, one user per role, signed-in clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from tests.web.webstore import shared_store

from wres.web.models import Membership, Organisation
from wres.web.roles import Role
from wres.web.seed import sync_organisations

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_store(tmp_path_factory.getbasetemp())


@pytest.fixture(autouse=True)
def _web_store(store_path: Path) -> Iterator[None]:
    """Every web test reads the shared warehouse (a test may point STORE_PATH elsewhere with ``settings``)."""
    before = settings.STORE_PATH
    settings.STORE_PATH = store_path
    yield
    settings.STORE_PATH = before


@pytest.fixture
def policy_v1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The public tier under disclosure policy ``public-v1`` with the board not exempt (``$WRES_CONFIG``), and an
    empty figures cache before and after: under the default ``public-v2`` the web trusts' headline figures are
    all shown, and the tests that a suppressed value never reaches a public page need some suppressed."""
    from wres.web import figures as fig

    config = tmp_path / "wres.toml"
    config.write_text('[disclosure]\npolicy = "public-v1"\nexempt_board = false\n', encoding="utf-8")
    monkeypatch.setenv("WRES_CONFIG", str(config))
    fig.clear()
    yield
    fig.clear()


@pytest.fixture
def orgs(db: None) -> list[Organisation]:
    """The warehouse's two organisations (A first)."""
    found = sync_organisations()
    assert len(found) == 2
    return found


@dataclass(frozen=True)
class People:
    """One user per role in organisation A (the regional viewer in A and B), and an administrator of B only."""

    by_role: dict[Role, object]
    other_admin: object
    org_a: Organisation
    org_b: Organisation

    def user(self, role: Role) -> object:
        return self.by_role[role]


@pytest.fixture
def people(orgs: list[Organisation]) -> People:
    user_model = get_user_model()
    a, b = orgs
    made: dict[Role, object] = {}
    for role in Role:
        user = user_model.objects.create_user(username=f"{role.value}-user", password=PASSWORD)
        Membership.objects.create(user=user, organisation=a, role=role.value)
        if role is Role.REGIONAL_VIEWER:
            Membership.objects.create(user=user, organisation=b, role=role.value)
        made[role] = user
    other = user_model.objects.create_user(username="other-admin", password=PASSWORD)
    Membership.objects.create(user=other, organisation=b, role=Role.ADMIN.value)
    return People(made, other, a, b)


@pytest.fixture
def client_as(people: People) -> Callable[[Role | None], Client]:
    """``client_as(role)``: a client signed in as that role's user in organisation A (None: anonymous)."""

    def make(role: Role | None) -> Client:
        c = Client()
        if role is not None:
            c.force_login(people.user(role))  # type: ignore[arg-type]
        return c

    return make
