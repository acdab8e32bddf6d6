"""Organisations from the warehouse, and the demo's users (one per role)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from wres.web.figures import open_store
from wres.web.models import Membership, Organisation
from wres.web.roles import Role


def sync_organisations() -> list[Organisation]:
    """Create or rename an :class:`Organisation` for every organisation in the warehouse (read-only)."""
    with open_store() as store:
        rows = store.con.execute("SELECT org_code, coalesce(org_name, org_code) FROM organisations").fetchall()
        codes = set(store.organisations())
    names = {str(code): str(name) for code, name in rows}
    out = []
    for code in sorted(codes | set(names)):
        org, _ = Organisation.objects.update_or_create(code=code, defaults={"name": names.get(code, code)})
        out.append(org)
    return out


@dataclass(frozen=True)
class Credential:
    username: str
    password: str
    role: Role
    organisations: tuple[str, ...]


def add_user(username: str, password: str, orgs: list[Organisation], role: Role, *, name: str = "") -> None:
    """Create ``username`` (or reset its password) with ``role`` in each of ``orgs``."""
    user_model = get_user_model()
    with transaction.atomic():
        user, _ = user_model.objects.get_or_create(username=username)
        first, _, last = name.partition(" ")
        user.first_name, user.last_name = first, last
        user.set_password(password)
        user.save()
        for org in orgs:
            Membership.objects.update_or_create(user=user, organisation=org, defaults={"role": role.value})


def seed_demo_users(orgs: list[Organisation]) -> list[Credential]:
    """One demo user per role in the first organisation (the regional viewer in all of them), each with a new
    random password (printed by ``wres demo``; never a fixed one)."""
    people = {
        Role.ADMIN: "Alex Admin",
        Role.ANALYST: "Asha Analyst",
        Role.EDI_LEAD: "Efe Lead",
        Role.BOARD_MEMBER: "Bola Board",
        Role.NETWORK_MEMBER: "Nia Network",
        Role.REGIONAL_VIEWER: "Ravi Regional",
    }
    out = []
    for role, name in people.items():
        username = f"demo-{role.value.replace('_', '-')}"
        password = secrets.token_urlsafe(12)
        members = orgs if role is Role.REGIONAL_VIEWER else orgs[:1]
        add_user(username, password, members, role, name=name)
        out.append(Credential(username, password, role, tuple(o.code for o in members)))
    return out
