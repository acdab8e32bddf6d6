"""Report pages: generate an organisation's report set for a WRES year and tier, and download its files.

Generating runs in the background (:mod:`wres.web.report_jobs`): the form's POST starts a job and returns at once;
the page shows the job and polls :func:`job_status` until the set is ready. The form defaults to the public tier,
what may be published; a job that failed in the last :data:`wres.web.report_jobs.FAILURES_SHOWN` says why. The
work is done in :mod:`wres.web.report_files`. A role sees only the tiers :func:`wres.web.roles.tiers` allows
(staff-network members and regional viewers: public only); every generation and download is in the audit log.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.csp import build_policy

from wres.errors import WresError
from wres.reports.data import TIERS
from wres.web import report_files, report_jobs
from wres.web.access import OrgRequest, org_view
from wres.web.audit import record
from wres.web.figures import years
from wres.web.models import ReportJob
from wres.web.roles import Capability, tiers
from wres.web.uploads import human_size
from wres.web.views.dashboard import unavailable
from wres.web.views.data import when

SAFE_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*")
"""A plain file name: no path separator, no leading dot, no ``..``."""
TIER_LABELS: Final = {
    "internal": "Internal (unsuppressed, not for publication)",
    "public": "Public (disclosure control applied)",
}


def html_policy(path: Path) -> str:
    """The Content-Security-Policy of a report's HTML page: the dashboard's own, plus the hash of the report's inline
    stylesheet (the page is self-contained: inline CSS and SVG, no script), in a sandbox (no script, no forms)."""
    config: dict[str, Any] = dict(settings.SECURE_CSP)
    config["style-src"] = [*config.get("style-src", []), *report_files.style_hashes(path)]
    config["sandbox"] = True
    return str(build_policy(config))


class GenerateForm(forms.Form):
    year = forms.TypedChoiceField(label="WRES year", coerce=int, error_messages={"required": "Choose a WRES year"})
    tier = forms.ChoiceField(label="Tier", error_messages={"required": "Choose a tier"})

    def __init__(self, *args: Any, years: list[int], tiers: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year, tier = self.fields["year"], self.fields["tier"]
        assert isinstance(year, forms.TypedChoiceField)
        assert isinstance(tier, forms.ChoiceField)
        year.choices = [(y, f"{y} (31 March {y})") for y in sorted(years, reverse=True)]
        tier.choices = [(t, TIER_LABELS[t]) for t in tiers]
        self.fields["year"].error_messages["invalid_choice"] = "Choose a WRES year the warehouse holds"
        self.fields["tier"].error_messages["invalid_choice"] = "Choose a tier your role may see"


def _page(request: OrgRequest, form: GenerateForm, have: list[int], status: int = 200) -> HttpResponse:
    allowed = tiers(request.role)
    sets = [
        {
            "set": s,
            "label": TIER_LABELS[s.tier],
            "when": when(s.generated),
            "files": [
                {
                    "file": f,
                    "size": human_size(f.size),
                    "href": reverse(
                        "report_file", kwargs={"org": s.org, "year": s.year, "tier": s.tier, "filename": f.name}
                    ),
                }
                for f in s.files
            ],
        }
        for s in report_files.generated_sets(request.org.code, allowed)
    ]
    jobs = [
        {
            "job": j,
            "label": TIER_LABELS.get(j.tier, j.tier),
            "status_url": reverse("report_job", kwargs={"org": request.org.code, "job": j.pk}),
        }
        for j in report_jobs.active_jobs(request.org, allowed)
    ]
    context = {
        "page_title": ("Error: " if form.errors else "") + "Reports",
        "form": form,
        "jobs": jobs,
        "failed": [
            {"job": j, "label": TIER_LABELS.get(j.tier, j.tier), "when": when(j.finished)}
            for j in report_jobs.recent_failures(request.org, allowed)
        ],
        "years": have,
        "allowed_tiers": [(t, TIER_LABELS[t]) for t in allowed],
        "sets": sets,
    }
    return render(request, "web/reports.jinja", context, status=status)


@org_view(Capability.DOWNLOAD_REPORTS)
def reports(request: OrgRequest, org: str) -> HttpResponse:
    """Choose a year and tier and generate the report set (POST); list the sets generated, for download."""
    try:
        have = years(request.org.code)
    except WresError as exc:  # e.g. the warehouse locked by another process's import for too long (issue 13)
        return unavailable(request, "Reports", f"The report sets cannot be shown: {exc}.", status=503)
    allowed = tiers(request.role)
    if request.method != "POST":
        initial = {"year": have[-1] if have else None, "tier": "public"}  # what may be published, unless chosen
        return _page(request, GenerateForm(initial=initial, years=have, tiers=allowed), have)
    form = GenerateForm(request.POST, years=have, tiers=allowed)
    if not form.is_valid():
        return _page(request, form, have, status=400)
    year, tier = int(form.cleaned_data["year"]), str(form.cleaned_data["tier"])
    job, started = report_jobs.start(request.org, year, tier, request.user)
    record(request, "generate", request.org.code, year=year, tier=tier, job=job.pk, started=started)
    if job.status == ReportJob.Status.DONE:
        messages.success(request, job.message)
    elif job.status == ReportJob.Status.FAILED:
        messages.error(request, job.message)
    elif started:
        messages.success(request, f"Generating the {tier} report set for {year}: this page shows it when it is ready")
    else:
        messages.success(request, f"The {tier} report set for {year} is already being generated")
    return HttpResponseRedirect(reverse("reports", kwargs={"org": org}) + f"#set-{year}-{tier}")


@org_view(Capability.DOWNLOAD_REPORTS)
def job_status(request: OrgRequest, org: str, job: int) -> JsonResponse:
    """A report job's status as JSON, for the reports page to poll (404 for another organisation's or a tier the
    role may not see)."""
    found = ReportJob.objects.filter(pk=job, organisation=request.org, tier__in=tiers(request.role)).first()
    if found is None:
        raise Http404("No such report job")
    return JsonResponse(
        {
            "status": found.status,
            "label": found.get_status_display(),
            "message": found.message,
            "finished": found.status not in report_jobs.ACTIVE,
        }
    )


@org_view(Capability.DOWNLOAD_REPORTS)
def download(request: OrgRequest, org: str, year: int, tier: str, filename: str) -> HttpResponseBase:
    """One file of a generated set: only a name the set lists, in a tier the role may see."""
    if tier not in TIERS or not SAFE_NAME.fullmatch(filename) or ".." in filename:
        raise Http404("No such report file")
    if tier not in tiers(request.role):
        raise PermissionDenied("This role cannot download the internal tier")
    found = report_files.load_set(request.org.code, year, tier)
    path = report_files.file_path(found, filename) if found is not None else None
    if found is None or path is None:
        messages.error(request, f"{filename} is not available: generate the {tier} report set for {year} first")
        return HttpResponseRedirect(reverse("reports", kwargs={"org": org}))
    file = found.file(filename)
    assert file is not None
    inline = file.suffix == ".html"
    response = FileResponse(
        path.open("rb"), as_attachment=not inline, filename=file.name, content_type=file.content_type
    )
    if inline:
        response.headers["Content-Security-Policy"] = html_policy(path)
    record(request, "export", request.org.code, year=year, tier=tier, file=file.name, current=found.current)
    return response
