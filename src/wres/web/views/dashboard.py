"""The organisation dashboard (nine indicator cards) and the indicator pages, in the tier the role allows.

Both pages take ``?year=`` (any WRES year the warehouse holds for the organisation; the latest by default) and
``?tier=public`` (a role that sees the internal tier may preview the public one); the indicator page also takes
``?breakdown=``. A value the warehouse does not hold is the user's mistake: the page says so with an NHS error
summary and the choices (status 400) and shows no figures, never a traceback.

The figures come from :mod:`wres.web.cards` and :mod:`wres.web.indicator_page`. A page's content (everything
below the header: ``dashboard_body.jinja``, ``indicator_body.jinja``) depends only on the organisation, year,
tier, indicator, breakdown and whether the public tier is a preview, so it is rendered once and kept until the
warehouse changes (:func:`wres.web.figures.memo`); each request renders only the page around it (header, menu,
banner, breadcrumbs) and the "Race equality plan" panel (:func:`wres.web.views.plan.dashboard_panel`: plan edits do
not change the warehouse, so the panel is never kept with the figures).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from markupsafe import Markup

from wres.errors import WresError
from wres.reports.sections import INDICATOR_TITLES
from wres.web import figures as fig
from wres.web.access import OrgRequest, org_view
from wres.web.cards import cards, dashboard_headline
from wres.web.indicator_page import BreakdownError, indicator_page, options_for
from wres.web.region_page import PeersPanel, peers_panel
from wres.web.roles import Capability, can, tiers
from wres.web.views.plan import dashboard_panel as plan_panel

NUMBERS = range(1, 10)


class YearError(ValueError):
    """``?year=`` names a year the warehouse does not hold."""


def _year(request: OrgRequest, have: list[int]) -> int:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return have[-1]
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or year not in have:
        shown = ", ".join(map(str, have))
        raise YearError(f"There are no figures for the year “{raw[:20]}”. Choose one of: {shown}.")
    return year


def _preview(request: OrgRequest) -> bool:
    """The public tier shown to a role that also sees the internal one (links and forms keep ``tier=public``)."""
    return request.tier == "public" and "internal" in tiers(request.role)


def _query(preview: bool) -> Callable[..., str]:
    """``query(year=…, …)`` for the templates: a query string, with ``tier=public`` on a public preview."""

    def query(**params: Any) -> str:
        values = {k: v for k, v in params.items() if v is not None and v != ""}
        if preview:
            values["tier"] = "public"
        return "?" + urlencode(values) if values else ""

    return query


def _context(request: OrgRequest, title: str, **extra: Any) -> dict[str, Any]:
    preview = _preview(request)
    return {
        "page_title": title,
        "public_preview": preview,
        "can_import": can(request.role, Capability.IMPORT_DATA),
        "query": _query(preview),
        **extra,
    }


def _body(template: str, context: dict[str, Any], *cache_key: object) -> Markup:
    """A page's content rendered from ``template`` (kept under ``cache_key``, the organisation's code first, until
    that organisation's data change, when a key is given: the content must then depend on nothing else)."""

    def make() -> Markup:
        return Markup(render_to_string(template, context))  # our own template: autoescaped already

    if not cache_key:
        return make()
    org, *rest = cache_key
    return fig.memo("page-body", str(org), template, *rest, make=make)


def unavailable(
    request: OrgRequest,
    heading: str,
    message: str,
    status: int = 200,
    years: list[int] | None = None,
    links: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The page without figures: none imported yet (200), a year not held (400), the warehouse unavailable or the
    figures still being prepared (503); ``links`` (text, address) offer what can be seen meanwhile."""
    title = f"Error: {heading}" if status == 400 else heading
    context = _context(
        request, title, heading=heading, message=message, status=status, years=years or [], links=links or []
    )
    return render(request, "web/dashboard_unavailable.jinja", context, status=status)


def chosen_year(request: OrgRequest, title: str) -> tuple[int, list[int]] | HttpResponse:
    """The WRES year a figures page shows (``?year=``, the latest held by default) and the years held; or the page
    saying why there is none: the warehouse unavailable (503), no figures yet (200), a year not held (400)."""
    try:
        have = fig.years(request.org.code)
    except WresError as exc:  # e.g. the warehouse locked by another process's import for too long (issue 13)
        return unavailable(request, title, f"The figures cannot be shown: {exc}.", status=503)
    if not have:
        return unavailable(request, title, "There are no figures for this organisation yet.")
    try:
        return _year(request, have), have
    except YearError as exc:
        return unavailable(request, title, str(exc), status=400, years=have)


@org_view(Capability.VIEW_FIGURES, figures=True)
def dashboard(request: OrgRequest, org: str) -> HttpResponse:
    """Nine cards, one per indicator, for the chosen WRES year and the role's tier."""
    code, name = request.org.code, request.org.name
    try:
        have = fig.years(code)
    except WresError as exc:  # e.g. the warehouse locked by another process's import for too long (issue 13)
        return unavailable(request, "WRES indicators", f"The figures cannot be shown: {exc}.", status=503)
    if not have:
        return unavailable(request, "WRES indicators", "There are no figures for this organisation yet.")
    tier = request.tier or "public"
    base = {"org": request.org, "tier": tier, "years": have}
    try:
        year = _year(request, have)
    except YearError as exc:
        context = _context(request, f"Error: {name}: WRES indicators", **base, year=None, year_error=str(exc))
        context["body"] = _body("web/dashboard_body.jinja", context)
        return render(request, "web/dashboard.jinja", context, status=400)
    try:
        found = cards(code, year, tier)
        figs = fig.figures(code, year, tier)
        answer = dashboard_headline(code, year, tier)
    except WresError as exc:
        return unavailable(request, "WRES indicators", f"The figures cannot be shown: {exc}.", status=503)
    context = _context(
        request,
        f"{name}: WRES indicators {year}",
        **base,
        year=year,
        year_error=None,
        cards=found,
        headline_answer=answer,
        footnote=figs.view.footnote if any(c.suppressed for c in found) else None,
        ranges=figs.data.config.ranges,
    )
    context["body"] = _body("web/dashboard_body.jinja", context, code, year, tier, context["public_preview"])
    context["plan_panel"] = plan_panel(request)
    context["peers_panel"] = _peers(code, year)
    return render(request, "web/dashboard.jinja", context)


def _peers(code: str, year: int) -> PeersPanel | None:
    """The "Compared with peers" panel, or None when the other organisations' figures cannot be computed (the
    dashboard still shows the organisation's own)."""
    try:
        return peers_panel(code, year)
    except WresError:
        return None


@org_view(Capability.VIEW_FIGURES, figures=True)
def indicator(request: OrgRequest, org: str, number: int) -> HttpResponse:
    """One indicator: the report's section for it, a breakdown, the previous years and the ethnic groups."""
    if number not in NUMBERS:
        raise Http404("No such indicator")
    code, name = request.org.code, request.org.name
    title = f"Indicator {number}"
    chosen = chosen_year(request, title)
    if isinstance(chosen, HttpResponse):
        return chosen
    year = chosen[0]
    tier = request.tier or "public"
    breakdown = request.GET.get("breakdown", "").strip() or "overall"
    base = {
        "org": request.org,
        "tier": tier,
        "year": year,
        "number": number,
        "indicator_title": INDICATOR_TITLES[str(number)],
    }
    try:
        page = indicator_page(code, year, tier, number, breakdown)
    except BreakdownError as exc:
        # The choices only: no figures on an error page (an internal view is audited only when it answers 200).
        context = _context(
            request,
            f"Error: {title}: {name}",
            **base,
            page=None,
            options=options_for(code, year, tier, str(number)),
            breakdown=breakdown,
            breakdown_error=str(exc),
        )
        context["body"] = _body("web/indicator_body.jinja", context)
        return render(request, "web/indicator.jinja", context, status=400)
    except WresError as exc:
        return unavailable(request, title, f"The figures cannot be shown: {exc}.", status=503)
    context = _context(
        request,
        f"Indicator {number}: {page.title} – {name}",
        **base,
        page=page,
        options=page.options,
        breakdown=page.option.value,
        breakdown_error=None,
    )
    context["body"] = _body(
        "web/indicator_body.jinja", context, code, year, tier, number, page.option.value, context["public_preview"]
    )
    return render(request, "web/indicator.jinja", context)
