"""People and audit pages: an organisation's members and their roles (administrators only), and its audit log.

* ``people``: the members, each with a link to change their role or remove them, and "Add a person".
* ``add``: a new account (with the password the administrator chose, or a random one shown once). A user name
  already taken is refused without saying whose it is: an administrator never finds, sees or attaches another
  organisation's account. Only a site administrator (Django's ``is_superuser``) gives an existing account a role
  here directly.
* ``invite``: a role offered to an existing account by its exact user name; its owner accepts or declines when
  signed in (:mod:`wres.web.views.account`). The administrator is told the same whether or not the account exists.
* ``reset_password`` and ``unlock``: an administrator sets a new password (one of their own choosing or a random
  one shown once) for a member who holds roles in this organisation only, and unlocks a member's sign-in after
  the throttle locked it.
* ``change``: change a member's role or remove them from the organisation (after a confirmation page). The
  organisation's last administrator can be neither demoted nor removed, so an organisation never loses its
  administrator. The account itself is not changed (it may hold roles elsewhere; with none left it can sign in but
  sees no organisation).
* ``audit``: the organisation's audit events, newest first, by action, a page at a time, or as CSV (the download
  is itself audited).

Every change is recorded in the audit log.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from wres.spreadsheet import spreadsheet_safe
from wres.web.access import OrgRequest, org_view
from wres.web.audit import record
from wres.web.forms import AuditFilterForm, InviteForm, PasswordResetForm, PersonAddForm, RoleForm
from wres.web.models import AuditEvent, Invitation, Membership
from wres.web.roles import Capability, Role, can

AUDIT_PAGE_SIZE: Final = 50
"""Audit events per page."""
ACCOUNT_ACTIONS: Final = (
    AuditEvent.Action.LOGIN,
    AuditEvent.Action.LOGOUT,
    AuditEvent.Action.LOGIN_LOCKED,
    AuditEvent.Action.PASSWORD_CHANGED,
    AuditEvent.Action.LOGIN_FAILED,
)
"""Actions recorded outside any organisation: the audit log shows those of the organisation's current members."""
AUDIT_CSV_COLUMNS: Final = ("time", "user", "action", "action_label", "organisation", "path", "details", "address")


def when(moment: datetime | None, *, seconds: bool = False) -> str:
    """A time as people read it, in the dashboard's time zone: ``3 March 2025, 14:05``."""
    if moment is None:
        return "Never"
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y, %H:%M{':%S' if seconds else ''}}"


def role_matrix() -> dict[str, Any]:
    """The permission matrix for the pages' "What each role can do" table."""
    return {
        "roles": [r.label for r in Role],
        "rows": [{"label": c.label, "cells": [can(r, c) for r in Role]} for c in Capability],
    }


def _account(request: OrgRequest) -> Any:
    """The signed-in account (an organisation view is never reached anonymously)."""
    assert request.user.is_authenticated
    return request.user


def _people_url(org: str) -> str:
    return reverse("people", kwargs={"org": org})


# --- members ---------------------------------------------------------------------------------------------------


@org_view(Capability.MANAGE_USERS)
def people(request: OrgRequest, org: str) -> HttpResponse:
    members = Membership.objects.filter(organisation=request.org).select_related("user").order_by("user__username")
    rows = [
        {
            "membership": m,
            "name": m.user.get_full_name(),
            "username": m.user.get_username(),
            "email": m.user.email,
            "role": Role(m.role).label,
            "last_login": when(m.user.last_login),
            "active": m.user.is_active,
            "me": m.user_id == request.user.pk,
        }
        for m in members
    ]
    invited = [
        {"invitation": i, "role": Role(i.role).label, "when": when(i.created)}
        for i in Invitation.objects.filter(organisation=request.org, status=Invitation.Status.PENDING)
    ]
    return render(
        request,
        "web/people.jinja",
        {
            "page_title": f"People in {request.org.name}",
            "rows": rows,
            "invited": invited,
            "role_matrix": role_matrix(),
        },
    )


def _random_password(user: Any) -> str:
    while True:
        candidate = secrets.token_urlsafe(15)
        try:
            validate_password(candidate, user)
        except ValidationError:  # pragma: no cover - a random 20-character password is practically never refused
            continue
        return candidate


@org_view(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def add(request: OrgRequest, org: str) -> HttpResponse:
    site_admin = bool(getattr(request.user, "is_superuser", False))
    form = PersonAddForm(request.POST if request.method == "POST" else None, allow_existing=site_admin)
    context: dict[str, Any] = {
        "page_title": f"Add a person to {request.org.name}",
        "form": form,
        "role_matrix": role_matrix(),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/person_add.jinja", context)
    data = form.cleaned_data
    role = Role(data["role"])
    user_model = get_user_model()
    generated: str | None = None
    try:
        with transaction.atomic():
            if form.existing is not None:
                user = form.existing
                if Membership.objects.filter(user=user, organisation=request.org).exists():
                    form.add_error(
                        "username",
                        f"‘{user.get_username()}’ is already a member of {request.org.name}: change their role "
                        "from the list of people instead",
                    )
                    return render(request, "web/person_add.jinja", context)
            else:
                first, _, last = data["full_name"].strip().partition(" ")
                user = user_model(username=data["username"], first_name=first, last_name=last, email=data["email"])
                password = data["password"] or None
                if password is None:
                    generated = password = _random_password(user)
                user.set_password(password)
                user.save()
            Membership.objects.create(user=user, organisation=request.org, role=role.value)
    except IntegrityError:  # the same person added twice at once
        form.add_error("username", "This person was added a moment ago: check the list of people")
        return render(request, "web/person_add.jinja", context)
    record(
        request,
        AuditEvent.Action.USER_ADDED,
        request.org.code,
        user=user.get_username(),
        role=role.value,
        new_account=form.existing is None,
    )
    name = user.get_full_name() or user.get_username()
    if form.existing is not None:
        messages.success(
            request,
            f"{name} ({user.get_username()}) already had an account and is now {role.label} in {request.org.name}. "
            "Their name, email and password have not been changed.",
        )
    elif generated is None:
        messages.success(request, f"{name} has been added as {role.label}. Give them their user name and password.")
    if generated is None:
        return HttpResponseRedirect(_people_url(request.org.code))
    response = render(
        request,
        "web/person_added.jinja",
        {
            "page_title": f"{name} has been added",
            "person": user,
            "role_label": role.label,
            "password": generated,
        },
    )
    add_never_cache_headers(response)  # the password is shown once: never kept by a browser or proxy cache
    return response


@org_view(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def invite(request: OrgRequest, org: str) -> HttpResponse:
    """Offer a role here to an existing account; the answer is the same whether or not the account exists."""
    form = InviteForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "page_title": f"Invite someone to {request.org.name}",
        "form": form,
        "role_matrix": role_matrix(),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/person_invite.jinja", context)
    username, role = form.cleaned_data["username"], Role(form.cleaned_data["role"])
    with transaction.atomic():
        pending = Invitation.objects.filter(
            organisation=request.org, username=username, status=Invitation.Status.PENDING
        )
        pending.update(status=Invitation.Status.WITHDRAWN)  # the newest invitation replaces an earlier one
        Invitation.objects.create(
            organisation=request.org, username=username, role=role.value, invited_by=_account(request)
        )
    record(request, AuditEvent.Action.INVITED, request.org.code, user=username, role=role.value)
    messages.success(
        request,
        f"Invitation sent. If ‘{username}’ is the user name of an account that is not yet in {request.org.name}, "
        f"its owner will be asked to accept the role of {role.label} when they next sign in. They appear in the "
        "list of people once they accept.",
    )
    return HttpResponseRedirect(_people_url(request.org.code))


@org_view(Capability.MANAGE_USERS)
@require_http_methods(["POST"])
def withdraw(request: OrgRequest, org: str, invitation: int) -> HttpResponse:
    """Withdraw a pending invitation of this organisation (404 for another organisation's)."""
    with transaction.atomic():
        found = Invitation.objects.select_for_update().filter(
            pk=invitation, organisation=request.org, status=Invitation.Status.PENDING
        )
        item = found.first()
        if item is None:
            raise Http404("No such invitation")
        item.status = Invitation.Status.WITHDRAWN
        item.save(update_fields=["status"])
    record(request, AuditEvent.Action.INVITATION_WITHDRAWN, request.org.code, user=item.username, role=item.role)
    messages.success(request, f"The invitation of ‘{item.username}’ has been withdrawn.")
    return HttpResponseRedirect(_people_url(request.org.code))


def _membership(request: OrgRequest, membership: int) -> Membership:
    """The membership ``membership`` of the request's organisation (404 for another organisation's)."""
    m = Membership.objects.filter(pk=membership, organisation=request.org).select_related("user").first()
    if m is None:
        raise Http404("No such person in this organisation")
    return m


def _last_admin(m: Membership) -> bool:
    """Whether ``m`` is the only administrator of its organisation."""
    if m.role != Role.ADMIN.value:
        return False
    # Lock the administrators' rows (PostgreSQL: no FOR UPDATE with an aggregate, so fetch them) so that two
    # administrators demoting each other at once cannot both succeed.
    admins = Membership.objects.select_for_update().filter(organisation_id=m.organisation_id, role=Role.ADMIN.value)
    return len(list(admins.values_list("pk", flat=True))) <= 1


def _last_admin_message(m: Membership, request: OrgRequest, doing: str) -> str:
    who = "You are" if m.user_id == request.user.pk else f"{m.user.get_full_name() or m.user.get_username()} is"
    return (
        f"{who} the only administrator of {request.org.name}, so you cannot {doing}. "
        "Give another person the Administrator role first."
    )


@org_view(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def change(request: OrgRequest, org: str, membership: int) -> HttpResponse:
    m = _membership(request, membership)
    person = m.user
    name = person.get_full_name() or person.get_username()
    me = m.user_id == request.user.pk
    form = RoleForm(initial={"role": m.role})
    context: dict[str, Any] = {
        "page_title": f"{name} in {request.org.name}",
        "m": m,
        "person": person,
        "name": name,
        "me": me,
        "role_label": Role(m.role).label,
        "last_login": when(person.last_login),
        "may_reset": may_reset(request, m),
        "locked": sign_in_locked(person.get_username()),
        "form": form,
        "errors": [],
        "role_matrix": role_matrix(),
    }
    if request.method == "GET":
        if request.GET.get("confirm") == "remove":
            return render(request, "web/person_remove.jinja", context)
        return render(request, "web/person.jinja", context)

    if request.POST.get("action") == "remove":
        role = m.role
        with transaction.atomic():
            refused = _last_admin(m)
            if not refused:
                m.delete()
        if refused:
            doing = "remove yourself" if me else "remove them"
            context["errors"] = [{"text": _last_admin_message(m, request, doing), "href": "#remove"}]
            return render(request, "web/person.jinja", context)
        record(request, AuditEvent.Action.USER_REMOVED, request.org.code, user=person.get_username(), role=role)
        if me:
            messages.success(request, f"You have been removed from {request.org.name}.")
            return HttpResponseRedirect(reverse("home"))
        messages.success(request, f"{name} has been removed from {request.org.name}.")
        return HttpResponseRedirect(_people_url(request.org.code))

    form = RoleForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "web/person.jinja", context)
    new = Role(form.cleaned_data["role"])
    old = Role(m.role)
    if new is old:
        messages.success(request, f"{name} is still {old.label}: nothing was changed.")
        return HttpResponseRedirect(_people_url(request.org.code))
    with transaction.atomic():
        refused = _last_admin(m)
        if not refused:
            m.role = new.value
            m.save(update_fields=["role"])
    if refused:
        form.add_error("role", _last_admin_message(m, request, "change " + ("your" if me else "their") + " role"))
        return render(request, "web/person.jinja", context)
    record(
        request,
        AuditEvent.Action.USER_CHANGED,
        request.org.code,
        user=person.get_username(),
        role_from=old.value,
        role_to=new.value,
    )
    messages.success(request, f"{name} is now {new.label} in {request.org.name}.")
    if me and not can(new, Capability.MANAGE_USERS):
        return HttpResponseRedirect(reverse("home"))
    return HttpResponseRedirect(_people_url(request.org.code))


# --- password and sign-in lock --------------------------------------------------------------------------------


def may_reset(request: OrgRequest, m: Membership) -> bool:
    """Whether the requester may set a new password for member ``m``: a site administrator always; an
    organisation's administrator only for a person who holds roles in this organisation alone and is not a site
    administrator (a password reset here must never open another organisation's figures to this one's admin)."""
    if getattr(request.user, "is_superuser", False):
        return True
    if getattr(m.user, "is_superuser", False):
        return False
    return not Membership.objects.filter(user_id=m.user_id).exclude(organisation_id=m.organisation_id).exists()


def sign_in_locked(username: str) -> bool:
    """Whether the sign-in throttle (django-axes) currently refuses ``username`` from some address."""
    from axes.models import AccessAttempt
    from django.conf import settings

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return bool(
        AccessAttempt.objects.filter(
            username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).exists()
    )


@org_view(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def reset_password(request: OrgRequest, org: str, membership: int) -> HttpResponse:
    """Set a new password for a member (see :func:`may_reset`); a random one is shown once."""
    m = _membership(request, membership)
    person = m.user
    name = person.get_full_name() or person.get_username()
    if not may_reset(request, m):
        raise PermissionDenied(
            f"{name} also holds roles in other organisations: only a site administrator can reset their password"
        )
    form = PasswordResetForm(request.POST if request.method == "POST" else None, user=person)
    context: dict[str, Any] = {"page_title": f"Reset the password of {name}", "m": m, "name": name, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/person_password.jinja", context)
    generated: str | None = None
    password = form.cleaned_data["password"] or None
    if password is None:
        generated = password = _random_password(person)
    person.set_password(password)
    person.save(update_fields=["password"])
    from axes.utils import reset

    reset(username=person.get_username())  # a new password also lifts a lockout
    record(
        request,
        AuditEvent.Action.PASSWORD_RESET,
        request.org.code,
        user=person.get_username(),
        generated=bool(generated),
    )
    if generated is None:
        messages.success(request, f"The password of {name} has been changed. Tell them their new password.")
        return HttpResponseRedirect(reverse("person", kwargs={"org": request.org.code, "membership": m.pk}))
    response = render(
        request,
        "web/person_added.jinja",
        {
            "page_title": f"New password for {name}",
            "person": person,
            "role_label": Role(m.role).label,
            "password": generated,
            "reset": True,
        },
    )
    add_never_cache_headers(response)
    return response


@org_view(Capability.MANAGE_USERS)
@require_http_methods(["POST"])
def unlock(request: OrgRequest, org: str, membership: int) -> HttpResponse:
    """Lift the sign-in throttle's lock on a member (their failed attempts are forgotten)."""
    from axes.utils import reset

    m = _membership(request, membership)
    person = m.user
    cleared = reset(username=person.get_username())
    record(request, AuditEvent.Action.UNLOCKED, request.org.code, user=person.get_username(), attempts=cleared)
    messages.success(request, f"{person.get_full_name() or person.get_username()} can sign in again.")
    return HttpResponseRedirect(reverse("person", kwargs={"org": request.org.code, "membership": m.pk}))


# --- audit log -------------------------------------------------------------------------------------------------


def audit_events(org_code: str, action: str = "") -> QuerySet[AuditEvent]:
    """The organisation's audit events, newest first: those recorded in it, and the sign-ins, failed sign-ins,
    sign-outs, lockouts and password changes of its current members (recorded outside any organisation) since they
    joined it: a person's history from before (in another organisation, say) is not this organisation's to see.
    Memberships made before joining dates were recorded (``joined`` empty) show all of it, as before."""
    members = Membership.objects.filter(organisation__code=org_code)
    since_ever = members.filter(joined__isnull=True).values("user__username")
    account = Q(username__in=since_ever)
    for username, joined in members.filter(joined__isnull=False).values_list("user__username", "joined"):
        account |= Q(username=username, time__gte=joined)
    events = AuditEvent.objects.filter(
        Q(organisation=org_code) | (Q(organisation="", action__in=ACCOUNT_ACTIONS) & account)
    )
    if action:
        events = events.filter(action=action)
    return events.order_by("-time", "-id")


def details(event: AuditEvent) -> str:
    """An event's details as one line: ``user: asha; role_from: analyst``."""
    detail = event.detail if isinstance(event.detail, dict) else {"detail": event.detail}
    return "; ".join(f"{k}: {v}" for k, v in detail.items())


def page_items(page: Page[AuditEvent], href: Callable[[int], str]) -> list[dict[str, Any]]:
    """The numbered items of the NHS.UK pagination: the first, last and neighbouring pages, ellipses between."""
    last = page.paginator.num_pages
    shown = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    items: list[dict[str, Any]] = []
    for i, n in enumerate(shown):
        if i and n - shown[i - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": n, "href": href(n), "current": n == page.number})
    return items


def _csv_rows(events: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    yield list(AUDIT_CSV_COLUMNS)
    labels = dict(AuditEvent.Action.choices)
    for e in events.iterator(chunk_size=2000):
        yield [
            spreadsheet_safe(v)
            for v in (
                timezone.localtime(e.time).isoformat(timespec="seconds"),
                e.username,
                e.action,
                str(labels.get(e.action, e.action)),
                e.organisation,
                e.path,
                details(e),
                e.address or "",
            )
        ]


@org_view(Capability.VIEW_AUDIT)
@require_http_methods(["GET"])
def audit(request: OrgRequest, org: str) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    action = form.cleaned_data["action"] if form.is_valid() else ""
    events = audit_events(request.org.code, action)
    if request.GET.get("format") == "csv":
        filename = f"wres-audit-{request.org.code}-{timezone.localdate():%Y-%m-%d}.csv"
        record(request, AuditEvent.Action.EXPORT, request.org.code, file=filename, action_filter=action or "all")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # a byte-order mark, so spreadsheets read the file as UTF-8
        csv.writer(response, lineterminator="\r\n").writerows(_csv_rows(events))
        return response

    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))

    def href(n: int) -> str:
        return "?" + urlencode({k: v for k, v in (("action", action), ("page", str(n))) if v})

    labels = dict(AuditEvent.Action.choices)
    rows = [
        {
            "time": when(e.time, seconds=True),
            "iso": e.time.isoformat(),
            "who": e.username or "Not signed in",
            "action": labels.get(e.action, e.action),
            "path": e.path,
            "details": details(e),
            "address": e.address or "Not known",
        }
        for e in page.object_list
    ]
    pagination: dict[str, Any] | None = None
    if page.paginator.num_pages > 1:
        pagination = {"items": page_items(page, href), "ariaLabel": "Audit log pages"}
        if page.has_previous():
            pagination["previous"] = {"href": href(page.previous_page_number())}
        if page.has_next():
            pagination["next"] = {"href": href(page.next_page_number())}
    csv_query = urlencode({k: v for k, v in (("action", action), ("format", "csv")) if v})
    return render(
        request,
        "web/audit.jinja",
        {
            "page_title": f"Audit log of {request.org.name}",
            "form": form,
            "action": action,
            "action_label": labels.get(action, "") if action else "",
            "rows": rows,
            "page": page,
            "pagination": pagination,
            "csv_href": "?" + csv_query,
        },
    )
