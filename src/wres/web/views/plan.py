"""The race equality plan's pages to read (issue 15): the plan, the list of the organisation's plans, an objective
with its impact view, the engagement records and the history of every change. What they show is built by
:mod:`wres.web.plan.pages`; the forms are elsewhere.

Who sees what (docs/web.md): the plan, plans and objective pages need ``VIEW_PUBLISHED_PLAN``; a role without
``VIEW_PLAN`` (regional viewers) reads published plans only (any other plan is not found), without names, reviews,
comments or momentum. The plan and objective pages show figures (``figures=True``: the role's tier, and an
internal-tier view is audited). The engagement page needs ``VIEW_ENGAGEMENT``, the history ``VIEW_PLAN``. Another
organisation's plan or objective is not found (404).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from markupsafe import Markup

from wres.plan.records import PlanStatus
from wres.web import figures as fig
from wres.web.access import OrgRequest, org_view
from wres.web.plan import pages
from wres.web.plan.models import Objective, Plan, current_plan
from wres.web.roles import Capability, can

HISTORY_PAGE = 50


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _full(request: OrgRequest) -> bool:
    return can(request.role, Capability.VIEW_PLAN)


def _visible(request: OrgRequest) -> Any:
    """The organisation's plans the role may read."""
    plans = Plan.objects.filter(organisation=request.org).order_by("-start_year", "-id")
    return plans if _full(request) else plans.filter(status=PlanStatus.PUBLISHED.value)


def _chosen(request: OrgRequest, plan_id: int | str | None) -> Plan | None:
    """The plan asked for (``plan_id``), else the current one; another organisation's, or one the role may not
    read, is not found."""
    if plan_id is not None and plan_id != "":
        try:
            pk = int(plan_id)
        except (TypeError, ValueError):
            raise Http404("No such plan") from None
        found: Plan | None = _visible(request).filter(pk=pk).first()
        if found is None:
            raise Http404("No such plan")
        return found
    if _full(request):
        return current_plan(request.org.pk)
    latest: Plan | None = _visible(request).first()
    return latest


def _base(request: OrgRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "page_title": title,
        "full": _full(request),
        "can_edit": can(request.role, Capability.EDIT_PLAN),
        "can_engagement": can(request.role, Capability.VIEW_ENGAGEMENT),
        "can_history": can(request.role, Capability.VIEW_PLAN),
        "today": _today(),
        **extra,
    }


def _plan_page(request: OrgRequest, plan_id: int | str | None) -> HttpResponse:
    plan = _chosen(request, plan_id)
    org = request.org
    if plan is None:
        context = _base(request, f"Race equality plan – {org.name}", page=None, plan=None, current=None)
        context["body"] = Markup(render_to_string("web/plan_body.jinja", {**context, "org": org}))
        return render(request, "web/plan.jinja", context)
    current = _chosen(request, None)
    tier = request.tier or "public"
    context = _base(
        request,
        f"{plan.title} – {org.name}",
        plan=plan,
        current=current,
        earlier=current is not None and current.pk != plan.pk,
        others=_visible(request).exclude(pk=plan.pk).exists(),
    )
    version = pages.records_version()
    full = _full(request)

    def make() -> Markup:
        record = pages.cached_record(plan, version)
        page = pages.plan_page(plan, record, tier, context["today"], full=full)
        body = {**context, "page": page, "org": org, "tier": tier}
        return Markup(render_to_string("web/plan_body.jinja", body))  # our own template: autoescaped already

    flags = tuple(context[k] for k in ("full", "can_edit", "can_engagement", "can_history", "earlier", "others"))
    key = ("plan", plan.pk, version, fig.org_version(org.code), tier, flags, context["today"], current and current.pk)
    context["body"] = pages.kept_body(key, make)
    return render(request, "web/plan.jinja", context)


@org_view(Capability.VIEW_PUBLISHED_PLAN, figures=True)
def plan(request: OrgRequest, org: str) -> HttpResponse:
    """The organisation's current plan (``?plan=<id>``: an earlier one)."""
    return _plan_page(request, request.GET.get("plan"))


@org_view(Capability.VIEW_PUBLISHED_PLAN, figures=True)
def plan_by_id(request: OrgRequest, org: str, plan: int) -> HttpResponse:
    """One plan of the organisation, current or earlier."""
    return _plan_page(request, plan)


@org_view(Capability.VIEW_PUBLISHED_PLAN)
def plans(request: OrgRequest, org: str) -> HttpResponse:
    """Every plan of the organisation the role may read, newest first."""
    found = list(_visible(request))
    current = _chosen(request, None)
    context = _base(request, f"Race equality plans – {request.org.name}", plans=found, current=current)
    return render(request, "web/plan_list.jinja", context)


@org_view(Capability.VIEW_PUBLISHED_PLAN, figures=True)
def objective(request: OrgRequest, org: str, objective: int) -> HttpResponse:
    """One objective: its impact view, actions, reviews and comments."""
    found = Objective.objects.filter(pk=objective, plan__organisation=request.org).select_related("plan").first()
    if found is None or not _visible(request).filter(pk=found.plan_id).exists():
        raise Http404("No such objective")
    plan = found.plan
    tier = request.tier or "public"
    full = _full(request)
    context = _base(
        request,
        f"Objective {found.ref}: {found.title} – {request.org.name}",
        plan=plan,
        can_comment=can(request.role, Capability.COMMENT_PLAN),
        objective=found,
        page_full=full,
    )
    version = pages.records_version()

    def make() -> Markup:
        record = pages.cached_record(plan, version)
        page = pages.objective_page(plan, record, found.pk, tier, context["today"], full=full)
        body = {**context, "page": page, "org": request.org, "tier": tier}
        return Markup(render_to_string("web/plan_objective_body.jinja", body))  # our own template: autoescaped

    key = (
        "objective",
        found.pk,
        version,
        fig.org_version(request.org.code),
        tier,
        full,
        context["can_edit"],
        context["today"],
    )
    context["body"] = pages.kept_body(key, make)
    context["comments"] = pages.objective_comments(found.pk) if full else {}
    return render(request, "web/plan_objective.jinja", context)


@org_view(Capability.VIEW_ENGAGEMENT)
def engagement(request: OrgRequest, org: str) -> HttpResponse:
    """Sessions with staff, leadership programmes, "you said, we did" and board commitments of a plan."""
    plan = _chosen(request, request.GET.get("plan"))
    context = _base(request, f"Engagement – {request.org.name}", plan=plan, page=None)
    if plan is not None:
        code = request.org.code
        plan_href = reverse("plan_by_id", kwargs={"org": code, "plan": plan.pk})
        context["page"] = pages.engagement_page(
            plan,
            pages.cached_record(plan),
            lambda pk: reverse("objective", kwargs={"org": code, "objective": pk}),
            plan_href,
        )
    return render(request, "web/plan_engagement.jinja", context)


@org_view(Capability.VIEW_PLAN)
def history(request: OrgRequest, org: str) -> HttpResponse:
    """Every change to a plan's records, newest first, with who made it (django-simple-history)."""
    plan = _chosen(request, request.GET.get("plan"))
    context = _base(request, f"Plan history – {request.org.name}", plan=plan, rows=[], page_obj=None)
    if plan is not None:
        paginator = Paginator(pages.history_index(plan), HISTORY_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context["rows"] = pages.history_rows(plan, list(page_obj.object_list))
        context["page_obj"] = page_obj
        base = reverse("plan_history", kwargs={"org": request.org.code}) + f"?plan={plan.pk}&page="
        pagination: dict[str, Any] = {}
        if page_obj.has_previous():
            pagination["previous"] = {"href": f"{base}{page_obj.previous_page_number()}", "text": "Newer changes"}
        if page_obj.has_next():
            pagination["next"] = {"href": f"{base}{page_obj.next_page_number()}", "text": "Older changes"}
        context["pagination"] = pagination or None
    return render(request, "web/plan_history.jinja", context)


def dashboard_panel(request: OrgRequest) -> dict[str, Any] | None:
    """The dashboard's "Race equality plan" panel (rendered on every request, never cached with the figures):
    the current plan, its action counts and momentum flags; None for a role that sees no plan."""
    from wres.plan.momentum import momentum

    if not can(request.role, Capability.VIEW_PUBLISHED_PLAN):
        return None
    plan = _chosen(request, None)
    href = reverse("plan", kwargs={"org": request.org.code})
    if plan is None:
        return {"plan": None, "href": href, "full": _full(request)}
    if not _full(request):
        return {"plan": plan, "href": href, "full": False, "flags": [], "counts": None}
    record = pages.cached_record(plan)
    moment = momentum(record, set(pages.names_of(request.org.pk)), _today())
    return {
        "plan": plan,
        "href": href,
        "full": True,
        "flags": list(moment.flags),
        "counts": moment.plan,
        "status": pages.plan_status_text(record),
    }
