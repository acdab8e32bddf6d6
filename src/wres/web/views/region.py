"""The region page (issue 18, :mod:`wres.web.region_page`): every organisation of the organisation's NHS England
region side by side, public figures only, for any role in the organisation (the regional viewer's page; the
figures are those every organisation publishes, so no role sees more here than the public tier).

``?measure=`` (:data:`wres.reports.region_data.MEASURES`), ``?year=`` (a WRES year the warehouse holds for the
organisation; the latest by default), ``?sort=`` / ``?order=`` and ``?highlight=`` (an organisation's code).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from wres.errors import WresError
from wres.reports.region_data import MEASURES, SURVEY_PREFIX, survey_measures
from wres.web import figures as fig
from wres.web.access import OrgRequest, org_view
from wres.web.region_page import region_page
from wres.web.roles import Capability
from wres.web.views.dashboard import _context, chosen_year, unavailable

TITLE = "Compared with the region"


@org_view(Capability.VIEW_FIGURES)
def region(request: OrgRequest, org: str) -> HttpResponse:
    """Every organisation of ``org``'s region for one measure and year, public figures only."""
    code = request.org.code
    chosen = chosen_year(request, TITLE)
    if isinstance(chosen, HttpResponse):
        return chosen
    year, have = chosen
    measure = request.GET.get("measure", "2")
    if measure not in MEASURES and not (measure.startswith(SURVEY_PREFIX) and measure in survey_measures()):
        return unavailable(request, TITLE, f"There is no measure “{measure[:40]}”.", status=400, years=have)
    try:
        orgs = fig.region_figures(year).organisations
        area = str(orgs.loc[orgs["org_code"] == code, "region"].iloc[0]) if (orgs["org_code"] == code).any() else ""
        if not area:
            return unavailable(request, TITLE, "The warehouse does not record this organisation's region.")
        page = region_page(
            code,
            area,
            year,
            measure,
            request.GET.get("sort", "org_name"),
            request.GET.get("order", "ascending"),
            request.GET.get("highlight") or None,
        )
    except WresError as exc:
        return unavailable(request, TITLE, f"The figures cannot be shown: {exc}.", status=503)
    context = _context(
        request, f"{TITLE}: {page.region} {year}", org=request.org, tier="public", year=year, years=have, page=page
    )
    return render(request, "web/region.jinja", context)
