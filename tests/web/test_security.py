"""The security measures of issue 6, each checked from the outside: Argon2 password hashes, sign-in throttling,
CSRF on every form, the Content-Security-Policy (and pages that need nothing it forbids), production settings,
session cookies, and the audit of sign-ins and of views of unsuppressed figures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from tests.web.conftest import PASSWORD, People
from tests.web.test_permissions import targets

from wres.web.models import AuditEvent, Membership
from wres.web.roles import Role

ClientAs = Callable[[Role | None], Client]
SCRIPT_WITHOUT_SRC = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


# --- passwords --------------------------------------------------------------------------------------------------


def test_the_application_hashes_with_django_argon2_first() -> None:
    """The tests use a cheaper Argon2 (tests/web/hashers.py); the application's own setting is Django's Argon2 with
    Django's parameters, behind the cap on concurrent hashing."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from wres.web import settings as application
    from wres.web.hashers import BoundedArgon2PasswordHasher

    assert application.PASSWORD_HASHERS[0] == "wres.web.hashers.BoundedArgon2PasswordHasher"
    assert issubclass(BoundedArgon2PasswordHasher, Argon2PasswordHasher)
    for parameter in ("algorithm", "time_cost", "memory_cost", "parallelism"):
        assert getattr(BoundedArgon2PasswordHasher, parameter) == getattr(Argon2PasswordHasher, parameter)


def test_passwords_are_stored_with_argon2(people: People) -> None:
    for user in get_user_model().objects.all():
        assert user.password.startswith("argon2"), user.get_username()
        assert PASSWORD not in user.password


# --- sign-in throttling -----------------------------------------------------------------------------------------


def _attempt(client: Client, username: str, password: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


def test_five_wrong_passwords_lock_the_sixth_attempt(people: People) -> None:
    client = Client()
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "analyst-user", "password": "wrong password here"})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    # The fifth failure reaches the limit: it is answered by the locked-out page already.
    fifth = client.post(reverse("login"), {"username": "analyst-user", "password": "wrong password here"})
    assert fifth.status_code == 429
    sixth = client.post(reverse("login"), {"username": "analyst-user", "password": PASSWORD})
    assert sixth.status_code == 429
    html = sixth.content.decode()
    assert "Too many attempts to sign in" in html
    assert "sessionid" not in sixth.cookies  # not signed in, even with the right password
    locked = AuditEvent.objects.filter(action="login_locked", username="analyst-user")
    assert locked.exists()
    assert not AuditEvent.objects.filter(action="login", username="analyst-user").exists()
    # From a new client (same address) the lock holds too; another user name is not locked.
    assert _attempt(Client(), "analyst-user", PASSWORD) == 429
    assert _attempt(Client(), "edi_lead-user", PASSWORD) == 302


def test_four_wrong_passwords_do_not_lock(people: People) -> None:
    client = Client()
    for _ in range(4):
        assert _attempt(client, "analyst-user", "wrong password here") == 200
    assert _attempt(client, "analyst-user", PASSWORD) == 302
    assert not AuditEvent.objects.filter(action="login_locked").exists()


# --- CSRF -------------------------------------------------------------------------------------------------------


def test_forms_refuse_a_post_without_the_csrf_token(people: People) -> None:
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("login"), {"username": "admin-user", "password": PASSWORD}).status_code == 403
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(people.user(Role.ADMIN))  # type: ignore[arg-type]
    assert signed_in.post(reverse("logout")).status_code == 403
    add = reverse("person_add", kwargs={"org": people.org_a.code})
    data = {"username": "csrf-victim", "full_name": "C V", "role": "admin", "password": "violet tractor umbrella 77"}
    assert signed_in.post(add, data).status_code == 403
    assert not get_user_model().objects.filter(username="csrf-victim").exists()
    member = Membership.objects.get(user=people.user(Role.ANALYST), organisation=people.org_a)
    person = reverse("person", kwargs={"org": people.org_a.code, "membership": member.id})
    assert signed_in.post(person, {"action": "remove"}).status_code == 403
    assert Membership.objects.filter(pk=member.id).exists()
    # Still signed in: the refused sign-out did nothing.
    assert signed_in.get(reverse("account")).status_code == 200


def test_every_form_carries_the_csrf_token(people: People, client_as: ClientAs) -> None:
    admin = client_as(Role.ADMIN)
    member = Membership.objects.get(user=people.user(Role.ANALYST), organisation=people.org_a)
    pages = [
        reverse("logout"),
        reverse("password_change"),
        reverse("person_add", kwargs={"org": people.org_a.code}),
        reverse("person", kwargs={"org": people.org_a.code, "membership": member.id}),
        reverse("person", kwargs={"org": people.org_a.code, "membership": member.id}) + "?confirm=remove",
    ]
    for url in [*pages, reverse("login")]:
        html = (Client() if url == reverse("login") else admin).get(url).content.decode()
        posts = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.DOTALL | re.IGNORECASE)
        assert posts, url
        for form in posts:
            assert 'name="csrfmiddlewaretoken"' in form, url


# --- Content-Security-Policy and pages --------------------------------------------------------------------------


def _policy(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def _check_policy(response: object, url: str) -> None:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    policy = _policy(header)
    script = policy.get("script-src", policy.get("default-src"))
    assert script is not None, url
    assert "'unsafe-inline'" not in script, (url, header)
    assert "'unsafe-eval'" not in script, (url, header)
    assert "'unsafe-inline'" not in policy.get("style-src", []), (url, header)
    for directive, sources in policy.items():
        for source in sources:
            assert not re.match(r"(https?:|\*|//)", source), (url, directive, source)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def _check_page(html: str, url: str) -> None:
    scripts = SCRIPT_WITHOUT_SRC.findall(html)
    assert not scripts, (url, scripts)
    assert not STYLE_ATTRIBUTE.search(html), (url, STYLE_ATTRIBUTE.search(html))
    assert not EVENT_HANDLER.search(html), (url, EVENT_HANDLER.search(html))
    loaded = re.findall(r"\ssrc=\"([^\"]+)\"", html) + re.findall(r"<link[^>]*\shref=\"([^\"]+)\"", html)
    for src in loaded:  # nothing loaded from another origin (links to other sites are fine)
        assert not re.match(r"([a-z]+:)?//", src, re.IGNORECASE), (url, src)


def test_policy_on_every_kind_of_page(people: People, client_as: ClientAs) -> None:
    anonymous = Client()
    admin = client_as(Role.ADMIN)
    for url in (reverse("login"), reverse("about"), reverse("accessibility"), "/no/such/page/"):
        _check_policy(anonymous.get(url), url)
    for url in (reverse("home"), reverse("account"), "/no/such/page/", reverse("people", kwargs={"org": "NOPE"})):
        _check_policy(admin.get(url), url)
    _check_policy(client_as(Role.ANALYST).get(reverse("people", kwargs={"org": people.org_a.code})), "403")
    locked = Client()
    for _ in range(6):
        last = locked.post(reverse("login"), {"username": "admin-user", "password": "wrong password here"})
    assert last.status_code == 429
    _check_policy(last, "locked out")
    csv = admin.get(reverse("audit", kwargs={"org": people.org_a.code}), {"format": "csv"})
    _check_policy(csv, "audit csv")


def test_pages_have_no_inline_script_or_style(people: People, client_as: ClientAs) -> None:
    """Every page a signed-in administrator can open (and the forms with errors), as rendered."""
    admin = client_as(Role.ADMIN)
    seen = 0
    for t in targets(people, people.org_a.code):
        response = admin.get(t.url)
        _check_policy(response, t.url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            _check_page(response.content.decode(), t.url)
            seen += 1
    assert seen >= 10
    org = people.org_a.code
    member = Membership.objects.get(user=people.user(Role.ADMIN), organisation=people.org_a)
    extra = [
        admin.get(reverse("person", kwargs={"org": org, "membership": member.id}) + "?confirm=remove"),
        admin.get(reverse("audit", kwargs={"org": org}), {"action": "nonsense"}),
        admin.post(reverse("person_add", kwargs={"org": org}), {"username": "x y", "role": "no"}),
        admin.post(
            reverse("person_add", kwargs={"org": org}), {"username": "gen", "full_name": "G", "role": "analyst"}
        ),
        admin.post(reverse("person", kwargs={"org": org, "membership": member.id}), {"action": "remove"}),
        admin.get("/no/such/page/"),
        client_as(Role.ANALYST).get(reverse("people", kwargs={"org": org})),
        Client().get(reverse("login")),
        Client().post(reverse("login"), {"username": "nobody", "password": "x"}),
    ]
    for response in extra:
        _check_policy(response, str(response))
        _check_page(response.content.decode(), str(response))


# --- production settings ----------------------------------------------------------------------------------------

PRINT_SETTINGS = (
    "import wres.web.settings; from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG, "
    "s.ALLOWED_HOSTS, s.SESSION_COOKIE_HTTPONLY, s.PASSWORD_HASHERS[0])"
)


def _settings_process(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WRES_", "DJANGO_", "DATABASE_URL"))}
    clean.update(WRES_WEB_DATA=str(tmp_path / "web"), DJANGO_SETTINGS_MODULE="wres.web.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_settings_are_secure(tmp_path: Path) -> None:
    done = _settings_process(tmp_path, WRES_WEB_PRODUCTION="1", WRES_SECRET_KEY="x", WRES_ALLOWED_HOSTS="h")
    assert done.returncode == 0, done.stderr
    values = done.stdout.split(maxsplit=5)
    assert values[:5] == ["True", "True", "31536000", "True", "False"], done.stdout
    assert values[5].startswith("['h']"), done.stdout
    assert "True wres.web.hashers.BoundedArgon2PasswordHasher" in done.stdout
    assert not (tmp_path / "web" / "secret.key").exists()  # production never writes a key of its own


def test_development_settings_are_not_the_production_ones(tmp_path: Path) -> None:
    done = _settings_process(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:5] == ["False", "False", "0", "False", "False"], done.stdout
    key = tmp_path / "web" / "secret.key"
    assert key.exists()
    assert (key.stat().st_mode & 0o077) == 0


def test_production_without_a_secret_key_fails_clearly(tmp_path: Path) -> None:
    done = _settings_process(tmp_path, WRES_WEB_PRODUCTION="1", WRES_ALLOWED_HOSTS="h")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "WRES_SECRET_KEY must be set" in done.stderr


# --- session cookie ---------------------------------------------------------------------------------------------


def test_session_cookie_is_http_only(people: People) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "admin-user", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["httponly"] is True


def test_signing_out_ends_the_session(people: People) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "admin-user", "password": PASSWORD})
    assert client.get(reverse("account")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("account")).status_code == 302
    assert AuditEvent.objects.filter(action="logout", username="admin-user").exists()


# --- audit ------------------------------------------------------------------------------------------------------


def test_a_sign_in_is_recorded(people: People) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "edi_lead-user", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="login", username="edi_lead-user")
    assert event.user == people.user(Role.EDI_LEAD)
    assert event.address == "10.1.2.3"


def test_a_failed_sign_in_is_not_a_sign_in(people: People) -> None:
    Client().post(reverse("login"), {"username": "edi_lead-user", "password": "wrong password here"})
    assert not AuditEvent.objects.filter(action="login").exists()


@pytest.mark.parametrize("tier", [None, "public"])
def test_views_of_unsuppressed_figures_are_recorded(tier: str | None, people: People, client_as: ClientAs) -> None:
    url = reverse("dashboard", kwargs={"org": people.org_a.code})
    response = client_as(Role.ANALYST).get(url, {"tier": tier} if tier else {})
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action="view_unsuppressed", username="analyst-user")
    if tier is None:  # an analyst's default: the internal tier
        event = events.get()
        assert event.organisation == people.org_a.code
        assert event.path.startswith(url)
    else:  # previewing the public figures is not a view of unsuppressed data
        assert not events.exists()


def test_a_network_members_public_view_is_not_an_unsuppressed_view(people: People, client_as: ClientAs) -> None:
    url = reverse("dashboard", kwargs={"org": people.org_a.code})
    member = client_as(Role.NETWORK_MEMBER)
    assert member.get(url).status_code == 200
    assert member.get(url, {"tier": "internal"}).status_code == 200  # asking for more shows the public tier
    assert not AuditEvent.objects.filter(action="view_unsuppressed").exists()


# --- client addresses behind a proxy ------------------------------------------------------------------------------


def test_client_address_believes_only_trusted_proxies(settings: Any) -> None:
    from django.test import RequestFactory

    from wres.web.audit import client_address

    factory = RequestFactory()
    forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    settings.TRUSTED_PROXIES = []
    assert client_address(factory.get("/", **forged)) == "203.0.113.9"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(factory.get("/", **forged)) == "203.0.113.9", "not from a trusted proxy"
    behind = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.7"}
    assert client_address(factory.get("/", **behind)) == "198.51.100.7", "the hop the proxy saw, not a forged one"
    assert client_address(factory.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


OWNER_ONLY_SCRIPT = """
import os, stat, sys
os.umask(0)
import django
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("CREATE TABLE t (x INTEGER)")
    c.execute("INSERT INTO t VALUES (1)")
folder = os.environ["WRES_WEB_DATA"]
for name in sorted(os.listdir(folder)):
    print(name, oct(stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)))
print(".", oct(stat.S_IMODE(os.stat(folder).st_mode)))
"""


def test_the_database_and_key_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    """Under umask 000 the web data folder is 0700 and its database (with its write-ahead log) and secret key
    0600."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WRES_", "DJANGO_", "DATABASE_URL"))}
    clean.update(WRES_WEB_DATA=str(tmp_path / "web"), DJANGO_SETTINGS_MODULE="wres.web.settings")
    done = subprocess.run(
        [sys.executable, "-c", OWNER_ONLY_SCRIPT], env=clean, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    modes = dict(line.split() for line in done.stdout.splitlines())
    assert modes["."] == "0o700", modes
    assert modes["web.sqlite3"] == "0o600", modes
    assert modes["secret.key"] == "0o600", modes
    assert modes.get("web.sqlite3-wal", "0o600") == "0o600", modes
    assert all(mode == "0o600" for name, mode in modes.items() if name != "."), modes
