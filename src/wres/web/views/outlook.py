"""The organisation's Progress page, "Where today's rates lead" (issue 17): Model Employer targets per band and the
pipeline projection with its scenarios (:mod:`wres.web.outlook_page`) and the ethnicity pay gap
(:mod:`wres.web.paygap_panel`), in the tier the role allows.

Like the dashboard it takes ``?year=`` (a WRES year the warehouse holds; the latest by default) and ``?tier=public``
(a preview for a role that sees the internal tier), and ``?band=`` (the band charted; "8a and above" by default, a
band the page does not hold falls back to it). The content is rendered once per organisation, year, tier, band and
preview and kept until the warehouse changes (:func:`wres.web.figures.memo`): the projection behind it takes
seconds and never runs on a request once computed.

**The plan link** (:func:`take_model_employer`): an objective whose first measure is a band's BME share (indicator
1 by band, "8a and above" included) can take the Model Employer trajectory as its own: its baseline (year and
share) and target (the target year and the reference share) are filled from the trajectory as issued or computed,
and its trajectory kind set to ``model_employer``, saved like any edit of the objective (its history records the
user; the audit log the change and the trajectory's label). Any other measure is refused with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from wres.analysis.model_employer import Trajectory
from wres.config import load_config
from wres.errors import WresError
from wres.plan.records import TrajectoryKind
from wres.reports.outlook_data import model_employer_view
from wres.web import figures as fig
from wres.web.access import OrgRequest, org_view
from wres.web.models import AuditEvent
from wres.web.outlook_page import outlook_page
from wres.web.paygap_panel import paygap_panel
from wres.web.plan.models import Objective, ObjectiveMeasure
from wres.web.roles import Capability, can
from wres.web.views.dashboard import _body, _context, chosen_year, unavailable

TITLE = "Where today's rates lead"


@org_view(Capability.VIEW_FIGURES, figures=True)
def progress(request: OrgRequest, org: str) -> HttpResponse:
    """Model Employer per band and the pipeline projection for the chosen WRES year and the role's tier."""
    code, name = request.org.code, request.org.name
    chosen = chosen_year(request, TITLE)
    if isinstance(chosen, HttpResponse):
        return chosen
    year, have = chosen
    tier = request.tier or "public"
    band = request.GET.get("band", "").strip() or None
    try:
        page = outlook_page(code, year, tier, band)
    except WresError as exc:
        return unavailable(request, TITLE, f"The figures cannot be shown: {exc}.", status=503)
    context = _context(request, f"{TITLE}: {name} {year}", org=request.org, tier=tier, year=year, years=have, page=page)
    context["paygap"] = paygap_panel(code, year, tier)  # cached like the outlook (paygap_panel.py)
    context["body"] = _body("web/outlook_body.jinja", context, code, year, tier, page.band, context["public_preview"])
    return render(request, "web/outlook.jinja", context)


# --------------------------------------------------------------------------------- the plan link (issue 17)

BAND_SHARE_VARIANTS: Final = ("", "headcount")


def band_of(measure: ObjectiveMeasure | None, bands: tuple[str, ...]) -> str | None:
    """The band whose BME share ``measure`` is (indicator 1 by band, the WRES BME group, its headline variant),
    when it is one of the trajectory's ``bands`` ("8a and above" included); else None."""
    if measure is None or measure.indicator != "1" or measure.breakdown != "band":
        return None
    if measure.grouping != "wres" or measure.group != "BME" or measure.variant not in BAND_SHARE_VARIANTS:
        return None
    if measure.category not in ("all", ""):
        return None
    return measure.stratum if measure.stratum in bands else None


@dataclass(frozen=True)
class Fill:
    """What taking the Model Employer trajectory sets on an objective."""

    band: str
    baseline_year: int
    baseline_value: float
    target_year: int
    target_value: float
    label: str


def model_employer_fill(trajectory: Trajectory, band: str) -> Fill | str:
    """The objective's baseline and target from ``band``'s trajectory (baseline share at the trajectory's baseline
    year, the reference share at the target year: the straight line between them is the §7.2 trajectory); a
    sentence saying why not when the band has no targets."""
    found = trajectory.band(band)
    share, reference = (found.baseline.share if found else None), trajectory.reference_share
    if found is None or not found.targets or share is None or reference is None:
        reason = found.reason if found is not None and found.reason else "it has no Model Employer targets"
        return f"Band {band} has no Model Employer trajectory to take: {reason}."
    return Fill(
        band,
        trajectory.baseline_year,
        float(share),
        trajectory.options.target_year,
        float(reference),
        trajectory.label,
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def take_model_employer(request: OrgRequest, org: str, objective: int) -> HttpResponse:
    """Make the Model Employer trajectory (as issued, or computed and labelled "not issued") the objective's own:
    its baseline year and value, target year and value, and trajectory kind; confirmed by POST, saved with the
    objective's history and the audit log. Refused, with the reason, for a measure that is not a band's BME share
    (the page says why and offers no button; a POST answers 400)."""
    from wres.web.views.plan_edit import _audit, _one, objective_page

    row = _one(request, Objective, objective)
    back = objective_page(org, row)
    measure = row.measures.order_by("position", "id").first()
    tier = "internal" if can(request.role, Capability.VIEW_UNSUPPRESSED) else "public"
    options = load_config().model_employer
    band = band_of(measure, options.bands)
    fill: Fill | str
    if band is None:
        shown = str(measure) if measure is not None else "no measure"
        fill = (
            f"Objective {row.ref} is measured by {shown}: the Model Employer trajectory applies only to an objective "
            f"whose first measure is the BME share of a band (indicator 1 by band: {', '.join(options.bands)})."
        )
    else:
        try:
            have = fig.years(org)
            if not have:
                raise WresError("there are no figures for this organisation yet")
            with fig.open_store() as store:
                view = model_employer_view(store, org, have[-1], load_config(), tier)
            fill = model_employer_fill(view.trajectory, band)
        except WresError as exc:
            fill = f"The Model Employer trajectory cannot be computed: {exc}."
    refused = isinstance(fill, str)
    if request.method == "POST" and isinstance(fill, Fill):
        with transaction.atomic():
            row.baseline_year, row.baseline_value = fill.baseline_year, fill.baseline_value
            row.target_year, row.target_value = fill.target_year, fill.target_value
            row.trajectory = TrajectoryKind.MODEL_EMPLOYER.value
            row.full_clean()
            row.save()
        _audit(
            request,
            AuditEvent.Action.PLAN_CHANGED,
            "objective",
            row,
            ref=row.ref,
            plan=row.plan_id,
            model_employer=fill.label,
            band=fill.band,
        )
        messages.success(request, f"Objective {row.ref} now follows the Model Employer trajectory ({fill.label}).")
        return HttpResponseRedirect(back)
    context = {
        "page_title": ("Error: " if refused else "") + f"Take the Model Employer trajectory for objective {row.ref}",
        "objective": row,
        "fill": None if refused else fill,
        "refusal": fill if refused else None,
        "back": back,
        "tier": tier,
    }
    # a refused POST is the user's mistake (400); the page explaining the refusal answers 200
    return render(
        request, "web/outlook_plan_link.jinja", context, status=400 if refused and request.method == "POST" else 200
    )
