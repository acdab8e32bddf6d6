"""The Jinja2 environment: our templates first, then nhsuk-frontend-jinja's components (NHS.UK design system)."""

from __future__ import annotations

from typing import Any, Final

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from wres.web.roles import Capability, Role, can, tiers


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``reverse`` for templates: ``url('dashboard', org='RXX')``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


NAVIGATION: Final = (
    ("Dashboard", "dashboard", (Capability.VIEW_FIGURES,)),
    ("Progress", "progress", (Capability.VIEW_FIGURES,)),
    ("Region", "region", (Capability.VIEW_FIGURES,)),
    ("Data", "data", (Capability.IMPORT_DATA, Capability.VIEW_IMPORTS)),
    ("Reports", "reports", (Capability.DOWNLOAD_REPORTS,)),
    ("Plan", "plan", (Capability.VIEW_PUBLISHED_PLAN,)),
    ("People", "people", (Capability.MANAGE_USERS,)),
    ("Audit log", "audit", (Capability.VIEW_AUDIT,)),
)
"""The organisation menu: label, URL name, shown when the role holds any of the capabilities."""


def org_navigation(org: Any, role: Role, path: str) -> list[dict[str, Any]]:
    """The header menu items for ``role`` in ``org`` (the current section marked)."""
    items = []
    for label, name, needs in NAVIGATION:
        if any(can(role, c) for c in needs):
            href = reverse(name, kwargs={"org": org.code})
            here = path == href if name == "dashboard" else path.startswith(href)
            items.append({"href": href, "text": label, "current": path == href, "active": here})
    return items


def tier_link(request: HttpRequest, tier: str | None) -> str:
    """This page in another tier, keeping its other query parameters (year, breakdown)."""
    query = request.GET.copy()
    query.pop("tier", None)
    if tier is not None:
        query["tier"] = tier
    encoded = query.urlencode()
    return request.path + (f"?{encoded}" if encoded else "")


def environment(**options: Any) -> Environment:
    """Django's Jinja2 backend calls this with its options (autoescape on)."""
    options.update(
        loader=ChoiceLoader([PackageLoader("wres.web", "templates"), PackageLoader("nhsuk_frontend_jinja")]),
        undefined=ChainableUndefined,  # nhsuk-frontend-jinja's macros read optional nested parameters
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        org_navigation=org_navigation,
        role_tiers=tiers,
        get_messages=get_messages,
        tier_link=tier_link,
    )
    return env


def context(request: HttpRequest) -> dict[str, Any]:
    """What every page knows: the user's organisations and roles, and the organisation of the page (if any)."""
    from wres.web.access import memberships

    return {
        "memberships": memberships(request.user) if hasattr(request, "user") else [],
        "org": getattr(request, "org", None),
        "role": getattr(request, "role", None),
        "tier": getattr(request, "tier", None),
    }
