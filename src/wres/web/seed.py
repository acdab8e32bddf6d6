"""Organisations from the warehouse, and the demo's users (one per role) and race equality plan."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from wres.plan import records as r
from wres.web.figures import open_store
from wres.web.models import AuditEvent, Membership, Organisation
from wres.web.plan.models import Comment, Plan
from wres.web.plan.records_io import save_plan
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


DEMO_COMMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "O1",
        "Colleagues in the network ask whether the positive action programme will also cover band 5 staff; most of "
        "us never get as far as a band 7 interview.",
        "Yes: from next year the programme opens a band 5 cohort, designed with the network. Thank you for raising it.",
    ),
    (
        "O3",
        "The speak-up champions are welcome, but people still fear what happens after they report. Can the outcomes "
        "be shared?",
        "We will publish anonymised outcomes each quarter, starting with the next board paper.",
    ),
    (
        "A6",
        "Several team leaders in surgery have not been offered the civility training yet.",
        "Agreed, it is overdue: the Director of Nursing has booked the remaining sessions for next month.",
    ),
)
"""Comments a staff-network member left on the demo plan (on an objective or an action, by ref), each with the
owner's reply."""


def seed_demo_plan(org: Organisation, record: r.Plan) -> Plan:
    """Save the demo plan through the real path (:func:`wres.web.plan.records_io.save_plan`, written by the demo
    EDI lead and audited as an import), then the network member's comments and the owner's replies. The demo users
    must exist (:func:`seed_demo_users`)."""
    user_model = get_user_model()
    lead = user_model.objects.get(username="demo-edi-lead")
    member = user_model.objects.get(username="demo-network-member")
    with transaction.atomic():
        plan = save_plan(org, record, lead)
        AuditEvent.objects.create(
            user=lead,
            username=lead.get_username(),
            organisation=org.code,
            action=AuditEvent.Action.PLAN_IMPORTED,
            path="wres demo",
            detail={"plan": plan.pk, "title": record.title},
        )
        for ref, said, reply in DEMO_COMMENTS:
            item: dict[str, object] = {}
            objective = plan.objectives.filter(ref=ref).first()
            action = plan.actions.filter(ref=ref).first()
            if objective is not None:
                item = {"objective": objective}
            elif action is not None:
                item = {"action": action}
            else:
                continue
            if Comment.objects.filter(text=said, **item).exists():
                continue
            comment = Comment(author=member, text=said, **item)
            comment._history_user = member  # type: ignore[attr-defined]
            comment.save()
            answer = Comment(author=lead, text=reply, reply_to=comment, **item)
            answer._history_user = lead  # type: ignore[attr-defined]
            answer.save()
    return plan
