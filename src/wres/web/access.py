"""Access control: every organisation page declares the capability it needs, and the user's role there decides.

``@org_view(Capability.X)`` wraps a view taking ``org`` (the organisation code in the URL):

* a user with no role in the organisation gets 404 (the page does not say whether the organisation exists);
* a role without the capability gets 403;
* otherwise ``request.org`` (:class:`~wres.web.models.Organisation`), ``request.role`` and, on pages showing
  figures, ``request.tier`` (the disclosure tier: the role's default, or ``?tier=public`` for a role that may
  preview it) are set, and every page showing unsuppressed figures is recorded in the audit log.

:data:`VIEW_CAPABILITIES` records each decorated view's capability so the permission test can check every URL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from wres.web.models import Membership, Organisation
from wres.web.roles import Capability, Role, can, tiers

View = Callable[..., HttpResponseBase]
VIEW_CAPABILITIES: Final[dict[str, Capability]] = {}
"""``module.function`` of every organisation view → the capability it needs."""


class OrgRequest(HttpRequest):
    """The request an organisation view receives (for type checkers)."""

    org: Organisation
    role: Role
    tier: str | None


def memberships(user: AbstractBaseUser | AnonymousUser) -> list[Membership]:
    """The user's roles, one per organisation, ordered by organisation code."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user_id=user.pk).select_related("organisation"))


def role_in(user: AbstractBaseUser | AnonymousUser, org: str) -> tuple[Organisation, Role] | None:
    """The user's organisation and role for the code ``org``, or None when they have none there."""
    if not user.is_authenticated:
        return None
    m = Membership.objects.filter(user_id=user.pk, organisation__code=org).select_related("organisation").first()
    return (m.organisation, Role(m.role)) if m else None


def chosen_tier(request: HttpRequest, role: Role) -> str:
    """The tier the page shows: ``?tier=`` when the role may see it, else the role's default."""
    allowed = tiers(role)
    asked = request.GET.get("tier")
    return asked if asked in allowed else allowed[0]


def org_view(capability: Capability, *, figures: bool = False) -> Callable[[View], View]:
    """Decorate an organisation view with the capability it needs (see the module docstring).

    ``figures=True`` for a page showing indicator figures: ``request.tier`` is chosen and an internal-tier view is
    audited. Other pages get ``request.tier = None``.
    """

    def wrap(view: View) -> View:
        VIEW_CAPABILITIES[f"{view.__module__}.{view.__qualname__}"] = capability

        @functools.wraps(view)
        def wrapped(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            found = role_in(request.user, org)
            if found is None:
                raise Http404("No such organisation")
            organisation, role = found
            if not can(role, capability):
                raise PermissionDenied(f"{role.label} cannot: {capability.label}")
            req = cast(OrgRequest, request)
            req.org, req.role = organisation, role
            req.tier = chosen_tier(request, role) if figures else None
            response = view(req, org, *args, **kwargs)
            if req.tier == "internal" and response.status_code == 200:
                from wres.web.audit import record

                record(request, "view_unsuppressed", organisation.code, view=view.__name__)
            return response

        return wrapped

    return wrap
