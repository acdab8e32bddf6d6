"""Pages outside any organisation: the start page, about, accessibility and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from wres.web.access import memberships


def home(request: HttpRequest) -> HttpResponse:
    """The user's organisations and invitations (straight to the dashboard when there is one organisation and no
    invitation)."""
    from wres.web.views.account import invitation_rows

    mine = memberships(request.user)
    invitations = invitation_rows(request)
    if len(mine) == 1 and not invitations:
        return HttpResponseRedirect(reverse("dashboard", kwargs={"org": mine[0].organisation.code}))
    return render(
        request, "web/home.jinja", {"page_title": "Your organisations", "mine": mine, "invitations": invitations}
    )


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.jinja", {"page_title": "About this dashboard"})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.jinja", {"page_title": "Accessibility statement"})


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(request, "web/error.jinja", {"page_title": title, "text": text}, status=status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Bad request", "The request could not be understood. Go back and try again.")


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have permission to see this page",
        "Your role does not include this. Ask your organisation's administrator if you need it.",
    )


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "Page not found", "Check the address, or go back to your organisations.")


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request, 500, "Sorry, there is a problem with the service", "Try again later. The problem has been logged."
    )
