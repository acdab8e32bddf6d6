"""Data pages (being built)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse

from wres.web.access import OrgRequest, org_view
from wres.web.roles import Capability


@org_view(Capability.VIEW_IMPORTS)
def history(request: OrgRequest, org: str) -> HttpResponse:
    return HttpResponse("history")


@org_view(Capability.IMPORT_DATA)
def upload(request: OrgRequest, org: str) -> HttpResponse:
    return HttpResponse("upload")


@org_view(Capability.IMPORT_DATA)
def validation(request: OrgRequest, org: str, upload: UUID) -> HttpResponse:
    return HttpResponse("validation")


@org_view(Capability.IMPORT_DATA)
def confirm(request: OrgRequest, org: str, upload: UUID) -> HttpResponse:
    return HttpResponse("confirm")


@org_view(Capability.VIEW_IMPORTS)
def import_detail(request: OrgRequest, org: str, import_id: int) -> HttpResponse:
    return HttpResponse("import")
