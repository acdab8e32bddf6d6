"""Signing in and out. Sign-in is throttled by django-axes (settings); every sign-in, sign-out and lockout is
audited, and so are failed sign-ins, at most :func:`failed_cap` of them per address an hour (the last one says
that further failures are not recorded), so that nobody can flood the audit log by failing to sign in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wres.web.audit import client_address, record
from wres.web.models import AuditEvent

FAILED_WINDOW: Final = timedelta(hours=1)
"""The window over which failed sign-ins from one address are counted for the audit log's cap."""


def failed_cap() -> int:
    """Failed sign-ins recorded per address per :data:`FAILED_WINDOW` (``WRES_FAILED_SIGN_INS_RECORDED``, 20)."""
    return int(getattr(settings, "WRES_FAILED_SIGN_INS_RECORDED", 20))


class SignIn(LoginView):
    template_name = "web/login.jinja"
    redirect_authenticated_user = True


@receiver(user_logged_in)
def _audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        record(request, "login")


@receiver(user_login_failed)
def _audit_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    """Record a failed sign-in (the user name typed, never the password), up to :func:`failed_cap` per address."""
    if request is None:
        return
    from django.utils import timezone

    address = client_address(request)
    since = timezone.now() - FAILED_WINDOW
    recorded = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, address=address, time__gte=since)
    cap = failed_cap()
    count = recorded.count()
    if count >= cap:
        return
    username = str(credentials.get("username") or "")[:150]
    detail: dict[str, Any] = {"further_failures_not_recorded": True} if count == cap - 1 else {}
    record(request, AuditEvent.Action.LOGIN_FAILED, username=username, **detail)


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this instead of signing in after too many failures (HTTP 429)."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    record(request, "login_locked", username=username)
    return render(request, "web/locked_out.jinja", {"page_title": "Too many attempts to sign in"}, status=429)


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST (with its CSRF token) signs out."""
    if request.method == "POST":
        if request.user.is_authenticated:
            record(request, "logout")
        logout(request)
        return HttpResponseRedirect(reverse("login"))
    return render(request, "web/logout.jinja", {"page_title": "Sign out"})
