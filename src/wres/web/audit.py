"""The audit log: one call records who did what, where, from which address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wres.web.models import AuditEvent


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or, when the connection comes from a proxy named in
    ``WRES_TRUSTED_PROXIES``, the nearest address in ``X-Forwarded-For`` that is not itself a trusted proxy (the
    client's as the outermost trusted proxy saw it; addresses further left could be forged by the client)."""
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    trusted = set(settings.TRUSTED_PROXIES)
    if remote is None or remote not in trusted:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


def client_address_for_axes(request: HttpRequest) -> str:
    """:func:`client_address` for django-axes (sign-in throttling counts failures per user name and address)."""
    return client_address(request) or ""


def record(
    request: HttpRequest, action: str, organisation: str = "", *, username: str | None = None, **detail: Any
) -> AuditEvent:
    """Record ``action`` by the request's user (or ``username`` when nobody is signed in)."""
    current = getattr(request, "user", None)  # absent on the bare request of Client.force_login
    user = current if current is not None and current.is_authenticated else None
    name = username if username is not None else (user.get_username() if user else "")
    return AuditEvent.objects.create(
        user=user,
        username=name[:150],
        organisation=organisation,
        action=action,
        path=request.get_full_path()[:500],
        address=client_address(request),
        detail=detail,
    )
