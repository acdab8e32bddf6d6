"""Signing in and out. Sign-in is throttled by django-axes (settings); every sign-in, sign-out and lockout is
audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import LoginView
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wres.web.audit import record


class SignIn(LoginView):
    template_name = "web/login.jinja"
    redirect_authenticated_user = True


@receiver(user_logged_in)
def _audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        record(request, "login")


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
