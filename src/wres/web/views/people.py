"""People and audit pages (being built)."""

from __future__ import annotations

from django.http import HttpResponse

from wres.web.access import OrgRequest, org_view
from wres.web.roles import Capability


@org_view(Capability.MANAGE_USERS)
def people(request: OrgRequest, org: str) -> HttpResponse:
    return HttpResponse("people")


@org_view(Capability.MANAGE_USERS)
def add(request: OrgRequest, org: str) -> HttpResponse:
    return HttpResponse("add")


@org_view(Capability.MANAGE_USERS)
def change(request: OrgRequest, org: str, membership: int) -> HttpResponse:
    return HttpResponse("change")


@org_view(Capability.VIEW_AUDIT)
def audit(request: OrgRequest, org: str) -> HttpResponse:
    return HttpResponse("audit")
