"""Organisation dashboard and indicator pages (being built)."""

from __future__ import annotations

from django.http import HttpResponse

from wres.web.access import OrgRequest, org_view
from wres.web.roles import Capability


@org_view(Capability.VIEW_FIGURES, figures=True)
def dashboard(request: OrgRequest, org: str) -> HttpResponse:
    return HttpResponse(f"dashboard {org}")


@org_view(Capability.VIEW_FIGURES, figures=True)
def indicator(request: OrgRequest, org: str, number: int) -> HttpResponse:
    return HttpResponse(f"indicator {number}")
