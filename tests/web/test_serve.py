"""``wres serve`` and ``wres users`` as a user runs them: a real process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from wres.web.seed import seed_demo_users

WRES = str(Path(sys.executable).parent / "wres")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(web_data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["WRES_WEB_DATA"] = str(web_data)
    return env


HANG_SECONDS = 300
"""A hang guard, not a speed check: the server answers within seconds; one that has not after this long never will."""


def _wait(url: str, proc: subprocess.Popen[bytes], seconds: float = HANG_SECONDS) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"wres serve exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''!r}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return int(r.status)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.mark.slow
@pytest.mark.parametrize("production", [False, True], ids=["development", "production"])
def test_wres_serve_answers(store_path: Path, tmp_path: Path, production: bool) -> None:
    """Development (Django's server) and production (gunicorn + WhiteNoise, collected static files) both serve the
    sign-in page and the NHS.UK stylesheet from this machine."""
    port = _free_port()
    web_data = tmp_path / "web"
    args = [WRES, "serve", "--store", str(store_path), "--port", str(port)]
    env = _env(web_data)
    if production:
        args.append("--production")
        env.update(WRES_SECRET_KEY="test-" + "x" * 40, WRES_ALLOWED_HOSTS="127.0.0.1")
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        if production:
            # Production redirects plain HTTP to HTTPS unless a proxy says the request came over HTTPS.
            request = urllib.request.Request(f"{base}/login/", headers={"X-Forwarded-Proto": "https"})
            deadline = time.monotonic() + HANG_SECONDS
            while True:
                try:
                    with urllib.request.urlopen(request, timeout=2) as r:
                        assert r.status == 200
                        page = r.read().decode()
                        assert "Strict-Transport-Security" in r.headers
                        break
                except OSError:
                    assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                    assert time.monotonic() < deadline
                    time.sleep(0.3)
            css = next(line.split('"')[3] for line in page.splitlines() if "stylesheet" in line and "nhsuk" in line)
            assert css.endswith(".css")
            assert css != "/static/nhsuk/nhsuk-frontend.min.css", "a hashed name from the manifest"
            with urllib.request.urlopen(
                urllib.request.Request(base + css, headers={"X-Forwarded-Proto": "https"})
            ) as r:
                assert r.status == 200
        else:
            assert _wait(f"{base}/login/", proc) == 200
            with urllib.request.urlopen(f"{base}/static/nhsuk/nhsuk-frontend.min.css") as r:
                assert r.status == 200
                assert b"assets.nhs.uk" not in r.read()
        assert (web_data / "web.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_without_a_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [WRES, "serve", "--store", str(tmp_path / "none.duckdb")],
        env=_env(tmp_path / "web"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "none.duckdb" in result.stderr
    assert "wres import" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_demo_users_one_per_role_with_random_passwords(orgs: list[object]) -> None:
    from django.contrib.auth import get_user_model

    from wres.web.models import Membership
    from wres.web.roles import Role

    first = seed_demo_users(orgs)  # type: ignore[arg-type]
    again = seed_demo_users(orgs)  # type: ignore[arg-type]
    assert {c.role for c in first} == set(Role)
    assert all(a.password != b.password for a, b in zip(first, again, strict=True))
    for c in again:
        assert get_user_model().objects.get(username=c.username).check_password(c.password)
        held = set(Membership.objects.filter(user__username=c.username).values_list("role", flat=True))
        assert held == {c.role.value}
    regional = next(c for c in again if c.role is Role.REGIONAL_VIEWER)
    assert len(regional.organisations) == 2


def test_database_follows_database_url() -> None:
    """``make test`` runs this suite twice: SQLite, then PostgreSQL through DATABASE_URL."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
    else:
        assert engine == "django.db.backends.sqlite3"


def test_warm_computes_the_figures_then_starts_the_report_renderer(
    orgs: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wres.reports import worker
    from wres.web import indicator_page
    from wres.web.serve import warm

    calls: list[tuple[str, object]] = []
    monkeypatch.setattr(indicator_page, "warm", lambda org, year: calls.append(("figures", org)))
    monkeypatch.setattr(worker, "warm_up", lambda pdf=True: calls.append(("renderer", pdf)))
    codes = [o.code for o in orgs]  # type: ignore[attr-defined]
    warm(codes).join(60)
    assert calls == [*(("figures", code) for code in codes), ("renderer", True)]


def test_a_renderer_that_cannot_start_is_logged_not_raised(
    orgs: list[object], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from wres.reports import worker
    from wres.web import indicator_page
    from wres.web.serve import warm

    def broken(pdf: bool = True) -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(indicator_page, "warm", lambda org, year: None)
    monkeypatch.setattr(worker, "warm_up", broken)
    with caplog.at_level("WARNING", logger="wres.web.serve"):
        warm([o.code for o in orgs]).join(60)  # type: ignore[attr-defined]
    assert "report renderer could not be started" in caplog.text
    assert "libpango" in caplog.text
