"""The signed-in user's own account: their organisations and roles, and changing their password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from wres.web.access import memberships
from wres.web.audit import record


def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "web/account.jinja", {"page_title": "Your account", "mine": memberships(request.user)})


class PasswordChange(PasswordChangeView):
    template_name = "web/password_change.jinja"
    success_url = reverse_lazy("account")
    extra_context = {"page_title": "Change your password"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(self.request, "password_changed")
        messages.success(self.request, "Your password has been changed.")
        return response
