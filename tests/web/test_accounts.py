"""Accounts across organisations (issue 14): an organisation's administrator cannot see, find or attach another
organisation's account; an existing account joins only by accepting an invitation when signed in (or through a
site administrator). Administrators reset passwords and unlock sign-ins; failed sign-ins are audited, capped."""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.web.conftest import PASSWORD, People

from wres.web.models import AuditEvent, Invitation, Membership
from wres.web.roles import Role

ClientAs = Callable[[Role | None], Client]
NEW_PASSWORD = "a quite new password 1234"


def _url(name: str, people: People, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org": people.org_a.code, **kwargs})


def test_add_never_attaches_another_organisations_account(people: People, client_as: ClientAs) -> None:
    """Today's attack: "Add" with another trust's user name made them a member, revealing their details."""
    admin = client_as(Role.ADMIN)
    response = admin.post(
        _url("person_add", people),
        {"username": "other-admin", "full_name": "X Y", "role": "analyst", "password": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "This user name cannot be used for a new account" in response.content.decode()
    assert not Membership.objects.filter(user=people.other_admin, organisation=people.org_a).exists()
    people_page = admin.get(_url("people", people)).content.decode()
    assert "other-admin" not in people_page


def test_an_invitation_says_the_same_whether_or_not_the_account_exists(people: People, client_as: ClientAs) -> None:
    admin = client_as(Role.ADMIN)
    answers = []
    for username in ("other-admin", "nobody-at-all"):
        response = admin.post(_url("person_invite", people), {"username": username, "role": "analyst"}, follow=True)
        assert response.status_code == 200
        text = response.content.decode().replace(username, "NAME")
        answers.append(text[text.index("Invitation sent") : text.index("once they accept")])
    assert answers[0] == answers[1]
    # Nobody was attached; the other organisation's admin's sign-in history is not in this organisation's log.
    assert not Membership.objects.filter(user=people.other_admin, organisation=people.org_a).exists()
    AuditEvent.objects.create(username="other-admin", action="login", address="203.0.113.9")
    audit = admin.get(_url("audit", people)).content.decode()
    assert "203.0.113.9" not in audit


def test_the_invited_person_accepts_when_signed_in(people: People, client_as: ClientAs) -> None:
    admin = client_as(Role.ADMIN)
    admin.post(_url("person_invite", people), {"username": "other-admin", "role": "board_member"})
    invitation = Invitation.objects.get(username="other-admin")
    invitee = Client()
    invitee.force_login(people.other_admin)  # type: ignore[arg-type]
    home = invitee.get(reverse("home"))
    assert home.status_code == 200  # not sent straight to their one dashboard: there is an invitation to answer
    assert "You are invited to be Board member" in home.content.decode()
    # Nobody else can accept it: another user gets 404 and nothing changes.
    stranger = client_as(Role.ANALYST)
    answer = reverse("invitation_answer", kwargs={"invitation": invitation.pk})
    assert stranger.post(answer, {"action": "accept"}).status_code == 404
    assert not Membership.objects.filter(user=people.other_admin, organisation=people.org_a).exists()
    response = invitee.post(answer, {"action": "accept"})
    assert response["Location"] == reverse("dashboard", kwargs={"org": people.org_a.code})
    member = Membership.objects.get(user=people.other_admin, organisation=people.org_a)
    assert member.role == "board_member"
    assert AuditEvent.objects.filter(action="invitation_accepted", organisation=people.org_a.code).count() == 1
    assert invitee.post(answer, {"action": "accept"}).status_code == 404  # answered once only
    # Their sign-ins before they joined are not this organisation's to see; those after are.
    before = AuditEvent.objects.create(username="other-admin", action="login", address="203.0.113.8")
    AuditEvent.objects.filter(pk=before.pk).update(time=member.joined - timedelta(days=1))  # type: ignore[operator]
    AuditEvent.objects.create(username="other-admin", action="login", address="203.0.113.9")
    audit = admin.get(_url("audit", people)).content.decode()
    assert "203.0.113.9" in audit
    assert "203.0.113.8" not in audit


def test_a_declined_or_withdrawn_invitation_gives_nothing(people: People, client_as: ClientAs) -> None:
    admin = client_as(Role.ADMIN)
    admin.post(_url("person_invite", people), {"username": "other-admin", "role": "admin"})
    first = Invitation.objects.get(username="other-admin")
    invitee = Client()
    invitee.force_login(people.other_admin)  # type: ignore[arg-type]
    invitee.post(reverse("invitation_answer", kwargs={"invitation": first.pk}), {"action": "decline"})
    admin.post(_url("person_invite", people), {"username": "other-admin", "role": "admin"})
    second = Invitation.objects.get(username="other-admin", status="pending")
    assert admin.post(_url("invitation_withdraw", people, invitation=second.pk)).status_code == 302
    accepted = invitee.post(reverse("invitation_answer", kwargs={"invitation": second.pk}), {"action": "accept"})
    assert accepted.status_code == 404
    assert not Membership.objects.filter(user=people.other_admin, organisation=people.org_a).exists()
    # Organisation B's administrator cannot withdraw A's invitation.
    other = Client()
    other.force_login(people.other_admin)  # type: ignore[arg-type]
    third = Invitation.objects.create(organisation=people.org_a, username="x", role="analyst")
    url = reverse("invitation_withdraw", kwargs={"org": people.org_b.code, "invitation": third.pk})
    assert other.post(url).status_code == 404


# --- password reset and unlock ---------------------------------------------------------------------------------


def test_an_administrator_resets_a_members_password(people: People, client_as: ClientAs) -> None:
    analyst = people.user(Role.ANALYST)
    m = Membership.objects.get(user=analyst, organisation=people.org_a)
    admin = client_as(Role.ADMIN)
    weak = admin.post(_url("person_password", people, membership=m.pk), {"password": "password123"})
    assert weak.status_code == 200
    assert "This password is too common" in weak.content.decode()
    similar = admin.post(_url("person_password", people, membership=m.pk), {"password": "analyst-user-2025"})
    assert "too similar" in similar.content.decode()
    generated = admin.post(_url("person_password", people, membership=m.pk), {})
    assert generated.status_code == 200
    assert "no-store" in generated["Cache-Control"]
    found = re.search(r'id="new-password">([^<]+)</code>', generated.content.decode())
    assert found is not None
    password = html.unescape(found.group(1))
    analyst.refresh_from_db()  # type: ignore[attr-defined]
    assert analyst.check_password(password)  # type: ignore[attr-defined]
    assert not analyst.check_password(PASSWORD)  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action="password_reset")
    assert event.detail == {"user": "analyst-user", "generated": True}
    assert password not in str(event.detail)


def test_a_member_of_other_organisations_is_reset_only_by_a_site_administrator(
    people: People, client_as: ClientAs
) -> None:
    regional = people.user(Role.REGIONAL_VIEWER)  # also a member of organisation B
    m = Membership.objects.get(user=regional, organisation=people.org_a)
    url = _url("person_password", people, membership=m.pk)
    admin = client_as(Role.ADMIN)
    assert admin.post(url, {"password": NEW_PASSWORD}).status_code == 403
    regional.refresh_from_db()  # type: ignore[attr-defined]
    assert regional.check_password(PASSWORD)  # type: ignore[attr-defined]
    assert (
        "only a site administrator can reset their password"
        in admin.get(_url("person", people, membership=m.pk)).content.decode()
    )
    site = people.user(Role.ADMIN)
    site.is_superuser = True  # type: ignore[attr-defined]
    site.save()  # type: ignore[attr-defined]
    assert admin.post(url, {"password": NEW_PASSWORD}).status_code == 302
    regional.refresh_from_db()  # type: ignore[attr-defined]
    assert regional.check_password(NEW_PASSWORD)  # type: ignore[attr-defined]


def test_an_administrator_unlocks_a_locked_sign_in(people: People, client_as: ClientAs) -> None:
    for _ in range(5):
        Client().post(reverse("login"), {"username": "analyst-user", "password": "wrong password here"})
    locked = Client().post(reverse("login"), {"username": "analyst-user", "password": PASSWORD})
    assert locked.status_code == 429
    m = Membership.objects.get(user=people.user(Role.ANALYST), organisation=people.org_a)
    admin = client_as(Role.ADMIN)
    page = admin.get(_url("person", people, membership=m.pk)).content.decode()
    assert "Locked after repeated failures" in page
    assert admin.post(_url("person_unlock", people, membership=m.pk)).status_code == 302
    assert Client().post(reverse("login"), {"username": "analyst-user", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="unlocked", organisation=people.org_a.code).count() == 1


# --- sign-in: failed attempts audited (capped), hashing capped ----------------------------------------------


def test_failed_sign_ins_are_audited_up_to_a_cap_per_address(people: People, settings: SettingsWrapper) -> None:
    settings.WRES_FAILED_SIGN_INS_RECORDED = 3
    settings.AXES_FAILURE_LIMIT = 100
    for i in range(10):
        Client().post(reverse("login"), {"username": f"guess-{i}", "password": "not it at all"})
    failed = list(AuditEvent.objects.filter(action="login_failed").order_by("id"))
    assert [e.username for e in failed] == ["guess-0", "guess-1", "guess-2"]
    assert failed[-1].detail == {"further_failures_not_recorded": True}
    assert all("not it at all" not in str(e.detail) for e in failed)
    # Attempts at a locked user name count against the same cap (each would otherwise add a "locked" row).
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(10):
        Client(REMOTE_ADDR="198.51.100.9").post(reverse("login"), {"username": "analyst-user", "password": "no"})
    assert AuditEvent.objects.filter(action__in=["login_failed", "login_locked"], address="198.51.100.9").count() == 3
    assert AuditEvent.objects.filter(action="login_locked", address="198.51.100.9").exists()
    # Another address has its own allowance.
    Client(REMOTE_ADDR="198.51.100.7").post(reverse("login"), {"username": "guess-x", "password": "nope nope"})
    assert AuditEvent.objects.filter(action="login_failed", address="198.51.100.7").count() == 1


def test_at_most_the_configured_number_of_hashes_run_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """16 parallel sign-ins: Argon2 (about 100 MB each with Django's parameters) never runs more than
    HASHING_SLOTS times at once, so memory stays at slots x 100 MB instead of 1.6 GB."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from wres.web import hashers

    running = 0
    peak = 0
    guard = threading.Lock()

    def slow_verify(self: object, password: str, encoded: str) -> bool:
        nonlocal running, peak
        with guard:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with guard:
            running -= 1
        return False

    monkeypatch.setattr(Argon2PasswordHasher, "verify", slow_verify)
    hasher = hashers.BoundedArgon2PasswordHasher()
    threads = [threading.Thread(target=hasher.verify, args=("x", "argon2$...")) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == hashers.HASHING_SLOTS
    assert hashers.HASHING_SLOTS <= 4


def test_a_common_or_similar_password_is_refused_to_a_user_changing_theirs(people: People) -> None:
    c = Client()
    c.force_login(people.user(Role.ANALYST))  # type: ignore[arg-type]
    for password, message in (("qwertyuiop123", "too common"), ("analyst-user-1", "too similar")):
        response = c.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    assert get_user_model().objects.get(username="analyst-user").check_password(PASSWORD)


HASHING_SCRIPT = """
import threading
import django
from django.conf import settings
settings.configure(PASSWORD_HASHERS=["wres.web.hashers.BoundedArgon2PasswordHasher"], INSTALLED_APPS=[])
django.setup()
from django.contrib.auth.hashers import check_password, make_password

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
encoded = make_password("the right password 1234")  # Django's Argon2 parameters: about 100 MB a hash
before = hwm()
threads = [threading.Thread(target=check_password, args=(f"wrong {i}", encoded)) for i in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(hwm() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc for the peak memory")
def test_sixteen_parallel_bad_sign_ins_stay_far_below_a_gigabyte() -> None:
    """With Django's own Argon2 parameters (not the tests' cheap ones), in a fresh process: 16 wrong passwords
    checked at once raise the peak memory by at most the hashing slots' worth (2 x 100 MB), not 1.6 GB."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", HASHING_SCRIPT], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    extra = int(done.stdout.strip())
    assert extra < 350 * 1024 * 1024, f"{extra / 1024 / 1024:.0f} MB"
