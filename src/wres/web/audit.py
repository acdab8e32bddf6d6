"""The audit log: one call records who did what, where, from which address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from wres.web.models import AuditEvent


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the server saw it (behind a proxy, the proxy's: set it to pass the real one)."""
    return request.META.get("REMOTE_ADDR") or None


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
