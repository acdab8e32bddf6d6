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
PREPARING = (
    "Every organisation's published figures are being prepared for this page: about a second for each organisation "
    "in the warehouse. Reload the page in a minute or two. The published NHS Staff Survey results of the region's "
    "NHS trusts can be seen now."
)


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
        orgs = fig.organisations()
        area = str(orgs.loc[orgs["org_code"] == code, "region"].iloc[0]) if (orgs["org_code"] == code).any() else ""
        if not area:
            return unavailable(request, TITLE, "The warehouse does not record this organisation's region.")
        if not measure.startswith(SURVEY_PREFIX) and fig.region_figures_if_ready(year) is None:
            here = f"{request.path}?year={year}"
            links = [("Reload this page", f"{here}&measure={measure}")]
            links += [(label, f"{here}&measure={key}") for key, label in survey_measures().items()]
            response = unavailable(request, TITLE, PREPARING, status=503, links=links)
            response["Retry-After"] = "60"
            return response
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
