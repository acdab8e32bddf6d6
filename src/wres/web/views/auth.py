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


CAPPED_ACTIONS: Final = (AuditEvent.Action.LOGIN_FAILED, AuditEvent.Action.LOGIN_LOCKED)
"""The sign-in failures counted together against :func:`failed_cap` (anyone can cause them, signed in or not)."""


def record_capped(request: HttpRequest, action: str, username: str) -> AuditEvent | None:
    """Record a failed or locked sign-in of ``username`` unless the request's address has had :func:`failed_cap`
    of them recorded in the last :data:`FAILED_WINDOW`; the last one recorded says further ones are not."""
    from django.utils import timezone

    address = client_address(request)
    since = timezone.now() - FAILED_WINDOW
    count = AuditEvent.objects.filter(action__in=CAPPED_ACTIONS, address=address, time__gte=since).count()
    cap = failed_cap()
    if count >= cap:
        return None
    detail: dict[str, Any] = {"further_failures_not_recorded": True} if count == cap - 1 else {}
    return record(request, action, username=username[:150], **detail)


@receiver(user_login_failed)
def _audit_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    """Record a failed sign-in (the user name typed, never the password), within the cap."""
    if request is not None:
        record_capped(request, AuditEvent.Action.LOGIN_FAILED, str(credentials.get("username") or ""))


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this instead of signing in after too many failures (HTTP 429); recorded within the cap."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    record_capped(request, AuditEvent.Action.LOGIN_LOCKED, username)
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
