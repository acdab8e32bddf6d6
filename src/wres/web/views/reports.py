"""Report pages (being built)."""

from __future__ import annotations

from django.http import HttpResponse

from wres.web.access import OrgRequest, org_view
from wres.web.roles import Capability


@org_view(Capability.DOWNLOAD_REPORTS)
def reports(request: OrgRequest, org: str) -> HttpResponse:
    return HttpResponse("reports")


@org_view(Capability.DOWNLOAD_REPORTS)
def download(request: OrgRequest, org: str, year: int, tier: str, filename: str) -> HttpResponse:
    return HttpResponse("download")
