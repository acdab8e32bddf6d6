"""The signed-in user's own account: their organisations and roles, invitations waiting for their answer, and
changing their password.

An invitation (:class:`wres.web.models.Invitation`) is for the account whose user name is exactly the one the
inviting administrator typed; only that account's owner, signed in, can accept it (which gives them the role) or
decline it. Both are recorded in the inviting organisation's audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from wres.web.access import memberships
from wres.web.audit import record
from wres.web.models import AuditEvent, Invitation, Membership
from wres.web.roles import Role


def pending_invitations(request: HttpRequest) -> QuerySet[Invitation]:
    """Invitations waiting for the signed-in user's answer (none for an anonymous user)."""
    if not request.user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        username=request.user.get_username(), status=Invitation.Status.PENDING
    ).select_related("organisation")


def invitation_rows(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"invitation": i, "role": Role(i.role).label} for i in pending_invitations(request)]


def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/account.jinja",
        {"page_title": "Your account", "mine": memberships(request.user), "invitations": invitation_rows(request)},
    )


@require_POST
def answer(request: HttpRequest, invitation: int) -> HttpResponse:
    """Accept (``action=accept``) or decline an invitation addressed to the signed-in user (404 for any other)."""
    accept = request.POST.get("action") == "accept"
    with transaction.atomic():
        item = pending_invitations(request).select_for_update().filter(pk=invitation).first()
        if item is None:
            raise Http404("No such invitation")
        item.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
        item.save(update_fields=["status"])
        joined = False
        if accept:
            try:
                with transaction.atomic():
                    Membership.objects.create(
                        user_id=int(request.user.pk or 0), organisation=item.organisation, role=item.role
                    )
                joined = True
            except IntegrityError:  # already a member there: their role is not changed
                pass
    org = item.organisation
    action = AuditEvent.Action.INVITATION_ACCEPTED if accept else AuditEvent.Action.INVITATION_DECLINED
    record(request, action, org.code, role=item.role, joined=joined)
    if accept and joined:
        messages.success(request, f"You are now {Role(item.role).label} in {org.name}.")
        return HttpResponseRedirect(reverse("dashboard", kwargs={"org": org.code}))
    if accept:
        messages.success(request, f"You already had a role in {org.name}: it has not been changed.")
    else:
        messages.success(request, f"You declined the invitation to {org.name}.")
    return HttpResponseRedirect(reverse("home"))


class PasswordChange(PasswordChangeView):
    template_name = "web/password_change.jinja"
    success_url = reverse_lazy("account")
    extra_context = {"page_title": "Change your password"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(self.request, "password_changed")
        messages.success(self.request, "Your password has been changed.")
        return response
