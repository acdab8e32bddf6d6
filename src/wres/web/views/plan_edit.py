"""Editing the race equality plan (issue 15): forms for a plan and each of its items, comments and replies, and the
plan's spreadsheet downloaded and uploaded.

* Plans, objectives, actions, reviews, engagement records, "you said, we did" items and board commitments are
  created, changed and deleted (after a confirmation page, by POST only) by EDI leads and administrators
  (``EDIT_PLAN``). A board member keeps their own commitment (``KEEP_OWN_COMMITMENT``, and the commitment's
  member must be them: another's is 403).
* A review freezes what the data showed when it is first saved (:mod:`wres.web.plan.review_snapshot`), in the
  tier its author may see.
* Staff-network members, EDI leads and administrators comment on objectives and actions (``COMMENT_PLAN``); they
  and the item's owner reply.
* The plan downloads as the template's workbook or a zip of its CSV files (:mod:`wres.plan.spreadsheet`): a role
  that may see only the published plan gets the published plan without accounts (``names=False``), reviews,
  engagement or board commitments; a role without unsuppressed figures gets no internal-tier review figures, and
  one without the engagement records gets none. The workbook uploads back: every problem is listed (sheet, row,
  column) and nothing saved; a clean workbook is shown for confirmation, then saved all or nothing
  (:func:`wres.web.plan.records_io.save_plan`).

Every change, comment, import and export is in the audit log; django-simple-history records the signed-in user
as the author of every version (its middleware).
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Final

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from wres.config import load_config
from wres.errors import DataError, WresError
from wres.plan import records as r
from wres.plan.series import baseline_value
from wres.web import uploads
from wres.web.access import OrgRequest, org_view
from wres.web.audit import record
from wres.web.figures import latest_year, open_store, report_data
from wres.web.models import AuditEvent
from wres.web.plan import forms as pf
from wres.web.plan.models import (
    Action,
    BoardCommitment,
    Comment,
    Engagement,
    Objective,
    Plan,
    Review,
    YouSaidWeDid,
)
from wres.web.plan.pages import measure_points, public_baselines
from wres.web.plan.records_io import PlanSaveError, plan_record, save_plan, snapshot_json
from wres.web.plan.review_snapshot import snapshot, snapshot_tier
from wres.web.roles import Capability, can

A = AuditEvent.Action
IMPORT_SESSION_KEY: Final = "plan_import"
PROBLEMS_SHOWN: Final = 200


# ------------------------------------------------------------------------------------------------------ helpers


def _user(request: OrgRequest) -> Any:
    assert request.user.is_authenticated
    return request.user


def _one[T: models.Model](request: OrgRequest, model: type[T], pk: int, path: str = "plan__organisation") -> T:
    """Row ``pk`` of ``model`` in the request's organisation (404 for another organisation's or none)."""
    found = model.objects.filter(pk=pk, **{path: request.org}).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404("Not found in this organisation")
    return found  # type: ignore[no-any-return]


def page(name: str, org: str, *tries: dict[str, Any]) -> str:
    """The URL of the read page ``name`` (plan, objective, engagement; wres.web.views.plan) with the first of
    ``tries`` it takes; the plans page, then the dashboard, while those pages are not there."""
    for kwargs in (*tries, {}):
        try:
            return reverse(name, kwargs={"org": org, **kwargs})
        except NoReverseMatch:
            continue
    for fallback in ("plans", "dashboard"):
        try:
            return reverse(fallback, kwargs={"org": org})
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)  # pragma: no cover - the dashboard always exists


def plan_page(org: str, plan: Plan) -> str:
    return page("plan", org, {"plan": plan.pk})


def objective_page(org: str, objective: Objective) -> str:
    return page("objective", org, {"objective": objective.pk}, {"plan": objective.plan_id, "objective": objective.pk})


def engagement_page(org: str, plan: Plan) -> str:
    return page("engagement", org, {"plan": plan.pk})


def _audit(request: OrgRequest, action: str, item: str, row: Any, **detail: Any) -> None:
    record(request, action, request.org.code, item=item, id=row.pk, **detail)


def _form_page(
    request: OrgRequest,
    form: forms.BaseForm,
    *,
    title: str,
    back: str,
    submit: str,
    intro: str = "",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "web/plan_form.jinja",
        {
            "page_title": title,
            "form": form,
            "fields": pf.fields_of(form),
            "sections": pf.sections_of(form),
            "back": back,
            "submit": submit,
            "intro": intro,
            **extra,
        },
        status=status,
    )


def _post(request: OrgRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --------------------------------------------------------------------------------------------------------- plan


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_create(request: OrgRequest, org: str) -> HttpResponse:
    form = pf.PlanForm(_post(request), organisation=request.org, initial={"start_year": date.today().year})
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        _audit(request, A.PLAN_CREATED, "plan", plan, title=plan.title)
        messages.success(request, f"The plan ‘{plan.title}’ has been created.")
        return HttpResponseRedirect(plan_page(org, plan))
    back = page("plans", org)
    return _form_page(request, form, title="Create a race equality plan", back=back, submit="Create the plan")


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_edit(request: OrgRequest, org: str, plan: int) -> HttpResponse:
    row = _one(request, Plan, plan, "organisation")
    before = row.status
    form = pf.PlanForm(_post(request), instance=row, organisation=request.org)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        _audit(
            request,
            A.PLAN_CHANGED,
            "plan",
            saved,
            status_from=before,
            status_to=saved.status,
            withdrawn=form.withdrawn,
        )
        messages.success(request, f"The plan ‘{saved.title}’ has been saved.")
        return HttpResponseRedirect(plan_page(org, saved))
    return _form_page(
        request,
        form,
        title=f"Change the plan ‘{row.title}’",
        back=plan_page(org, row),
        submit="Save the plan",
        links=_plan_links(org, row),
    )


def _plan_links(org: str, plan: Plan) -> list[dict[str, str]]:
    """What an editor can add to the plan (shown under its form)."""
    p = {"org": org, "plan": plan.pk}
    return [
        {"href": reverse("plan_objective_create", kwargs=p), "text": "Add an objective"},
        {"href": reverse("plan_action_create", kwargs=p), "text": "Add an action"},
        {"href": reverse("plan_engagement_create", kwargs=p), "text": "Record an engagement session or programme"},
        {"href": reverse("plan_said_did_create", kwargs=p), "text": "Add a ‘you said, we did’ item"},
        {"href": reverse("plan_commitment_create", kwargs=p), "text": "Add a board commitment"},
        {"href": reverse("plan_export_xlsx", kwargs=p), "text": "Download the plan (Excel workbook)"},
        {"href": reverse("plan_export_csv", kwargs=p), "text": "Download the plan (CSV files, zipped)"},
        {"href": reverse("plan_delete", kwargs=p), "text": "Delete the plan"},
    ]


# ---------------------------------------------------------------------------------------------------- objective


def _baseline_reader(org: str) -> pf.BaselineReader:
    def read(measure: r.Measure, year: int) -> float | None:
        config = load_config()
        with open_store() as store:
            return baseline_value(store, org, measure, year, config)

    return read


def suggestions(org: str) -> dict[str, list[str]]:
    """Values the organisation's results hold, offered as the objective form types a measure: the parts of each
    breakdown, the ethnic groups and the variants (the latest year's report rows; empty without data)."""
    from wres.plan.series import row_group

    year = latest_year(org)
    if year is None:
        return {}
    try:
        results = report_data(org, year).results
    except WresError:
        return {}
    strata = sorted({str(v) for v in results["stratum"].dropna()} - {"all"})
    groups = {row_group(str(a), str(b)) for a, b in zip(results["group_a"], results["group_b"], strict=True)}
    variants = sorted({str(v) for v in results["variant"].dropna()} - {""})
    out = {"stratum": strata, "group": sorted(groups - {"White", "Overall workforce", ""}), "variant": variants}
    return out | {f"also_{k}": v for k, v in out.items()}


def _objective_form(request: OrgRequest, org: str, plan: Plan, row: Objective | None) -> HttpResponse:
    form = pf.ObjectiveForm(_post(request), plan=plan, baseline=_baseline_reader(org), instance=row)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        _audit(
            request,
            A.PLAN_CREATED if row is None else A.PLAN_CHANGED,
            "objective",
            saved,
            ref=saved.ref,
            plan=plan.pk,
            baseline_value=saved.baseline_value,
        )
        messages.success(request, f"Objective {saved.ref} has been saved.")
        return HttpResponseRedirect(objective_page(org, saved))
    back = plan_page(org, plan) if row is None else objective_page(org, row)
    title = "Add an objective" if row is None else f"Change objective {row.ref}"
    return _form_page(
        request,
        form,
        title=title,
        back=back,
        submit="Save the objective",
        intro="The baseline value is read from the results for the baseline year when you save.",
        extra_measures=max(row.measures.count() - 2, 0) if row is not None else 0,
        suggestions=suggestions(org),
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def objective_create(request: OrgRequest, org: str, plan: int) -> HttpResponse:
    return _objective_form(request, org, _one(request, Plan, plan, "organisation"), None)


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def objective_edit(request: OrgRequest, org: str, objective: int) -> HttpResponse:
    row = _one(request, Objective, objective)
    return _objective_form(request, org, row.plan, row)


# ------------------------------------------------------------------------------- actions, engagement, items


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of plan item edited by a model form."""

    name: str
    """As the audit log names it."""
    model: type[models.Model]
    form: type[pf._PlanItemForm]
    words: str
    """"an action"."""
    describe: Callable[[Any], str]
    after: Callable[[str, Any], str]
    """The page shown after saving (org, row)."""


def _after_plan(org: str, row: Any) -> str:
    return plan_page(org, row.plan)


def _after_engagement(org: str, row: Any) -> str:
    return engagement_page(org, row.plan)


KINDS: Final = {
    "action": Kind("action", Action, pf.ActionForm, "an action", lambda a: f"action {a.ref}", _after_plan),
    "engagement": Kind(
        "engagement",
        Engagement,
        pf.EngagementForm,
        "an engagement record",
        lambda e: f"the engagement record of {e.held:%-d %B %Y}",
        _after_engagement,
    ),
    "said_did": Kind(
        "said_did",
        YouSaidWeDid,
        pf.YouSaidWeDidForm,
        "a ‘you said, we did’ item",
        lambda y: f"the ‘you said, we did’ item ‘{y.said[:40]}’",
        _after_engagement,
    ),
    "commitment": Kind(
        "commitment",
        BoardCommitment,
        pf.CommitmentForm,
        "a board commitment",
        lambda c: f"the board commitment of {c.member_title or c.member or 'a board member'}",
        _after_plan,
    ),
}


def _item_form(
    request: OrgRequest, org: str, kind: Kind, plan: Plan, row: Any | None, **form_kwargs: Any
) -> HttpResponse:
    form = kind.form(_post(request), instance=row, plan=plan, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        _audit(
            request,
            A.PLAN_CREATED if row is None else A.PLAN_CHANGED,
            kind.name,
            saved,
            plan=plan.pk,
            **({"ref": saved.ref} if hasattr(saved, "ref") else {}),
        )
        messages.success(request, f"{kind.describe(saved)[0].upper()}{kind.describe(saved)[1:]} has been saved.")
        return HttpResponseRedirect(kind.after(org, saved))
    title = f"Add {kind.words}" if row is None else f"Change {kind.describe(row)}"
    back = kind.after(org, row) if row is not None else plan_page(org, plan)
    return _form_page(request, form, title=title, back=back, submit="Save")


def _create(kind_name: str) -> Callable[..., HttpResponseBase]:
    kind = KINDS[kind_name]

    def create(request: OrgRequest, org: str, plan: int) -> HttpResponse:
        return _item_form(request, org, kind, _one(request, Plan, plan, "organisation"), None)

    create.__name__ = create.__qualname__ = f"{kind_name}_create"  # before org_view records it by name
    return org_view(Capability.EDIT_PLAN)(require_http_methods(["GET", "POST"])(create))


action_create = _create("action")
engagement_create = _create("engagement")
said_did_create = _create("said_did")
commitment_create = _create("commitment")


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def action_edit(request: OrgRequest, org: str, action: int) -> HttpResponse:
    row = _one(request, Action, action)
    return _item_form(request, org, KINDS["action"], row.plan, row)


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def engagement_edit(request: OrgRequest, org: str, engagement: int) -> HttpResponse:
    row = _one(request, Engagement, engagement)
    return _item_form(request, org, KINDS["engagement"], row.plan, row)


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def said_did_edit(request: OrgRequest, org: str, item: int) -> HttpResponse:
    row = _one(request, YouSaidWeDid, item)
    return _item_form(request, org, KINDS["said_did"], row.plan, row)


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def commitment_edit(request: OrgRequest, org: str, commitment: int) -> HttpResponse:
    """Any board commitment of the organisation (EDI leads and administrators)."""
    row = _one(request, BoardCommitment, commitment)
    return _item_form(request, org, KINDS["commitment"], row.plan, row)


@org_view(Capability.KEEP_OWN_COMMITMENT)
@require_http_methods(["GET", "POST"])
def commitment_keep(request: OrgRequest, org: str, commitment: int) -> HttpResponse:
    """A board member's own commitment: its objective, review status and date (not whose it is). Someone else's is
    403, unless the role edits the plan."""
    row = _one(request, BoardCommitment, commitment)
    mine = row.member_id is not None and row.member_id == request.user.pk
    if not mine and not can(request.role, Capability.EDIT_PLAN):
        raise PermissionDenied("You can keep only your own board commitment")
    return _item_form(request, org, KINDS["commitment"], row.plan, row, own=mine)


# ------------------------------------------------------------------------------------------------------ reviews


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def review_create(request: OrgRequest, org: str, objective: int) -> HttpResponse:
    """A review of an objective; what the data showed at its date is frozen into it now, in the tier the author may
    see."""
    target = _one(request, Objective, objective)
    form = pf.ReviewForm(_post(request), initial={"held": date.today()})
    if request.method == "POST" and form.is_valid():
        review = form.save(commit=False)
        review.objective = target
        tier = snapshot_tier(request.role)
        measures = [
            r.Measure(**{k: getattr(m, k) for k in r.Measure.__dataclass_fields__})
            for m in target.measures.order_by("position", "id")
        ]
        review.data = [snapshot_json(s) for s in snapshot(org, measures, review.held, tier)]
        review.position = Review.objects.filter(objective__plan=target.plan).count() + 1
        review.save()
        _audit(request, A.PLAN_CREATED, "review", review, objective=target.ref, tier=tier)
        messages.success(request, f"The review of objective {target.ref} has been saved.")
        return HttpResponseRedirect(objective_page(org, target))
    return _form_page(
        request,
        form,
        title=f"Record a review of objective {target.ref}",
        back=objective_page(org, target),
        submit="Save the review",
        intro="When you save, the objective's figures at the review date are kept with the review, as they are "
        "now: later data do not change them.",
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def review_edit(request: OrgRequest, org: str, review: int) -> HttpResponse:
    """The review's words; its frozen figures stay as they were."""
    row = _one(request, Review, review, "objective__plan__organisation")
    form = pf.ReviewForm(_post(request), instance=row)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        _audit(request, A.PLAN_CHANGED, "review", saved, objective=row.objective.ref)
        messages.success(request, f"The review of objective {row.objective.ref} has been saved.")
        return HttpResponseRedirect(objective_page(org, row.objective))
    return _form_page(
        request,
        form,
        title=f"Change the review of objective {row.objective.ref}",
        back=objective_page(org, row.objective),
        submit="Save the review",
        intro="The figures frozen when the review was first saved do not change.",
    )


# ------------------------------------------------------------------------------------------------------ delete


def _delete(request: OrgRequest, row: models.Model, *, item: str, what: str, back: str, after: str) -> HttpResponse:
    if request.method == "POST":
        pk = row.pk
        row.delete()
        record(request, A.PLAN_DELETED, request.org.code, item=item, id=pk, what=what)
        messages.success(request, f"{what[0].upper()}{what[1:]} has been deleted.")
        return HttpResponseRedirect(after)
    return render(
        request,
        "web/plan_edit_delete.jinja",
        {"page_title": f"Delete {what}?", "what": what, "back": back, "item": item},
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_delete(request: OrgRequest, org: str, plan: int) -> HttpResponse:
    row = _one(request, Plan, plan, "organisation")
    return _delete(
        request,
        row,
        item="plan",
        what=f"the plan ‘{row.title}’ and everything in it",
        back=plan_page(org, row),
        after=page("plans", org),
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def objective_delete(request: OrgRequest, org: str, objective: int) -> HttpResponse:
    row = _one(request, Objective, objective)
    return _delete(
        request,
        row,
        item="objective",
        what=f"objective {row.ref} with its reviews and comments",
        back=objective_page(org, row),
        after=plan_page(org, row.plan),
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def review_delete(request: OrgRequest, org: str, review: int) -> HttpResponse:
    row = _one(request, Review, review, "objective__plan__organisation")
    return _delete(
        request,
        row,
        item="review",
        what=f"the review of objective {row.objective.ref} of {row.held:%-d %B %Y}",
        back=objective_page(org, row.objective),
        after=objective_page(org, row.objective),
    )


def _item_delete(kind_name: str, path_kwarg: str) -> Callable[..., HttpResponseBase]:
    kind = KINDS[kind_name]

    def delete(request: OrgRequest, org: str, **kwargs: int) -> HttpResponse:
        row: Any = _one(request, kind.model, kwargs[path_kwarg])
        return _delete(
            request,
            row,
            item=kind.name,
            what=kind.describe(row),
            back=kind.after(org, row),
            after=kind.after(org, row),
        )

    delete.__name__ = delete.__qualname__ = f"{kind_name}_delete"  # before org_view records it by name
    return org_view(Capability.EDIT_PLAN)(require_http_methods(["GET", "POST"])(delete))


action_delete = _item_delete("action", "action")
engagement_delete = _item_delete("engagement", "engagement")
said_did_delete = _item_delete("said_did", "item")
commitment_delete = _item_delete("commitment", "commitment")


# ----------------------------------------------------------------------------------------------------- comments


def _comment_page(request: OrgRequest, form: pf.CommentForm, target: Any, action_url: str, back: str) -> HttpResponse:
    return render(
        request,
        "web/plan_edit_comment.jinja",
        {"page_title": "Comment", "form": form, "target": target, "comment_url": action_url, "back": back},
        status=200,
    )


def _save_comment(request: OrgRequest, org: str, form: pf.CommentForm, comment: Comment, back: str) -> HttpResponse:
    comment.text = form.cleaned_data["text"]
    comment.author = _user(request)
    comment.full_clean()
    comment.save()
    item = "objective" if comment.objective_id else "action"
    record(
        request,
        A.COMMENTED,
        request.org.code,
        item=item,
        id=comment.objective_id or comment.action_id,
        comment=comment.pk,
        reply_to=comment.reply_to_id,
    )
    messages.success(request, "Your reply has been posted." if comment.reply_to_id else "Your comment has been posted.")
    return HttpResponseRedirect(back)


@org_view(Capability.COMMENT_PLAN)
@require_POST
def comment_objective(request: OrgRequest, org: str, objective: int) -> HttpResponse:
    target = _one(request, Objective, objective)
    back = objective_page(org, target)
    form = pf.CommentForm(request.POST)
    if not form.is_valid():
        url = reverse("plan_comment_objective", kwargs={"org": org, "objective": target.pk})
        return _comment_page(request, form, f"objective {target.ref}", url, back)
    return _save_comment(request, org, form, Comment(objective=target), back + "#comments")


@org_view(Capability.COMMENT_PLAN)
@require_POST
def comment_action(request: OrgRequest, org: str, action: int) -> HttpResponse:
    target = _one(request, Action, action)
    back = plan_page(org, target.plan)
    form = pf.CommentForm(request.POST)
    if not form.is_valid():
        url = reverse("plan_comment_action", kwargs={"org": org, "action": target.pk})
        return _comment_page(request, form, f"action {target.ref}", url, back)
    return _save_comment(request, org, form, Comment(action=target), back + f"#action-{target.ref}")


def may_reply(request: OrgRequest, comment: Comment) -> bool:
    """Whoever comments on the plan (staff-network members, EDI leads, administrators) and the owner of the item
    the comment is on."""
    if can(request.role, Capability.COMMENT_PLAN):
        return True
    item = comment.objective or comment.action
    return item is not None and item.owner_id is not None and item.owner_id == request.user.pk


@org_view(Capability.VIEW_PLAN)
@require_POST
def comment_reply(request: OrgRequest, org: str, comment: int) -> HttpResponse:
    parent = (
        Comment.objects.filter(pk=comment)
        .filter(models.Q(objective__plan__organisation=request.org) | models.Q(action__plan__organisation=request.org))
        .select_related("objective", "action", "objective__plan", "action__plan")
        .first()
    )
    if parent is None:
        raise Http404("No such comment")
    if not may_reply(request, parent):
        raise PermissionDenied("Only people who comment on the plan and the item's owner reply to comments")
    if parent.objective is not None:
        back = objective_page(org, parent.objective) + "#comments"
    else:
        assert parent.action is not None
        back = plan_page(org, parent.action.plan) + f"#action-{parent.action.ref}"
    form = pf.CommentForm(request.POST)
    if not form.is_valid():
        url = reverse("plan_comment_reply", kwargs={"org": org, "comment": parent.pk})
        return _comment_page(request, form, "the comment", url, back)
    reply = Comment(objective=parent.objective, action=parent.action, reply_to=parent)
    return _save_comment(request, org, form, reply, back)


# ------------------------------------------------------------------------------------------------------- export


def export_record(request: OrgRequest, plan: Plan) -> tuple[r.Plan, bool]:
    """The plan as the request's role may take it away, and whether people's accounts are in it."""
    full = can(request.role, Capability.VIEW_PLAN)
    if not full and plan.status != r.PlanStatus.PUBLISHED.value:
        raise Http404("No published plan here")
    rec = plan_record(plan)
    if not can(request.role, Capability.VIEW_UNSUPPRESSED):
        # the recorded baselines come from the exact counts: a role that sees public figures only takes the public
        # tier's own figure for each baseline year, or none (as the plan pages show it)
        firsts = [o.measures[0] for o in rec.objectives if o.measures]
        rec = public_baselines(rec, measure_points(rec.org_code, firsts, "public"))
    if not full:
        return dataclasses.replace(rec, reviews=(), engagements=(), said_did=(), commitments=()), False
    if not can(request.role, Capability.VIEW_UNSUPPRESSED):
        reviews = tuple(
            dataclasses.replace(v, data=tuple(s for s in v.data if s.tier == "public")) for v in rec.reviews
        )
        rec = dataclasses.replace(rec, reviews=reviews)
    if not can(request.role, Capability.VIEW_ENGAGEMENT):
        rec = dataclasses.replace(rec, engagements=())
    return rec, True


def _filename(plan: Plan, suffix: str) -> str:
    return f"race-equality-plan_{plan.organisation.code}_{plan.start_year}-{plan.end_year}.{suffix}"


@org_view(Capability.VIEW_PUBLISHED_PLAN)
@require_http_methods(["GET"])
def export_xlsx(request: OrgRequest, org: str, plan: int) -> HttpResponse:
    from wres.plan.spreadsheet import write_xlsx

    row = _one(request, Plan, plan, "organisation")
    rec, names = export_record(request, row)
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(rec, Path(folder) / "plan.xlsx", names=names)
        body = path.read_bytes()
    name = _filename(row, "xlsx")
    record(request, A.EXPORT, request.org.code, file=name, plan=row.pk, names=names)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@org_view(Capability.VIEW_PUBLISHED_PLAN)
@require_http_methods(["GET"])
def export_csv(request: OrgRequest, org: str, plan: int) -> HttpResponse:
    from wres.plan.spreadsheet import write_csv

    row = _one(request, Plan, plan, "organisation")
    rec, names = export_record(request, row)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        files = write_csv(rec, Path(folder), names=names)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for f in sorted(files):
                archive.write(f, f.name)
    name = _filename(row, "zip")
    record(request, A.EXPORT, request.org.code, file=name, plan=row.pk, names=names)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ------------------------------------------------------------------------------------------------------- import


class _DryRunError(Exception):
    """Rolls back a trial save."""


def _import_folder() -> Path:
    return uploads.uploads_root() / "plans"


def _stored(token: str) -> Path:
    return _import_folder() / f"{uuid.UUID(token)}.xlsx"


def _read(path: Path, org: str) -> r.Plan:
    from wres.plan.spreadsheet import read_xlsx

    rec = read_xlsx(path)
    if rec.org_code != org:
        raise WresError(
            f"The workbook holds a plan of {rec.org_code or 'no organisation'}, not of {org}: check the Plan sheet's "
            "organisation code"
        )
    return rec


def _hide(text: str, path: Path, name: str) -> str:
    """``text`` without the server's path of the stored workbook (its uploaded name instead)."""
    for form in (str(path.resolve()), str(path)):
        text = text.replace(form, name)
    return text


def _sheet(where: str, path: Path, name: str) -> str:
    """The sheet a reader's problem names (``…/x.xlsx, sheet 'Actions'`` → ``Actions``)."""
    found = re.search(r"sheet '([^']*)'", where)
    return found.group(1) if found else _hide(where, path, name)


def _problem_rows(exc: DataError, path: Path, name: str) -> list[dict[str, Any]]:
    return [
        {
            "sheet": _sheet(p.file, path, name),
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "problem": _hide(p.problem, path, name),
        }
        for p in exc.problems[:PROBLEMS_SHOWN]
    ]


def _save_problems(exc: PlanSaveError) -> list[dict[str, Any]]:
    return [
        {"sheet": where.split("[")[0].split(".")[0], "row": None, "column": where, "value": None, "problem": why}
        for where, why in exc.problems[:PROBLEMS_SHOWN]
    ]


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_import(request: OrgRequest, org: str) -> HttpResponse:
    """Upload the template's workbook: every problem listed, or the plan shown for confirmation."""
    form = pf.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "page_title": "Import a plan from its spreadsheet",
        "form": form,
        "max_size": uploads.human_size(uploads.max_upload_bytes()),
        "back": page("plans", org),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/plan_import.jinja", context)
    discard_stale_imports()
    token = str(uuid.uuid4())
    folder = _import_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = _stored(token)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    with os.fdopen(fd, "wb") as out:  # readable by the server's user only, as data uploads are
        for chunk in form.cleaned_data["template"].chunks():
            out.write(chunk)
    name = form.cleaned_data["safe_name"]
    problems: list[dict[str, Any]] = []
    total = 0
    try:
        rec = _read(path, org)
        try:
            with transaction.atomic():
                save_plan(request.org, rec, _user(request))
                raise _DryRunError
        except _DryRunError:
            pass
    except DataError as e:
        problems, total = _problem_rows(e, path, name), e.total
    except PlanSaveError as e:
        problems, total = _save_problems(e), len(e.problems)
    except WresError as e:
        problems = [{"sheet": name, "row": None, "column": None, "value": None, "problem": _hide(str(e), path, name)}]
        total = 1
    if problems:
        path.unlink(missing_ok=True)
        return render(
            request,
            "web/plan_import_problems.jinja",
            {
                **context,
                "page_title": "The plan's workbook has problems",
                "problems": problems,
                "total": total,
                "filename": name,
            },
        )
    existing = Plan.objects.filter(organisation=request.org, start_year=rec.start_year, end_year=rec.end_year).first()
    request.session[IMPORT_SESSION_KEY] = {"token": token, "org": org, "filename": name}
    record(request, A.UPLOAD, request.org.code, file=name, plan_import=True)
    return render(
        request,
        "web/plan_import_confirm.jinja",
        {
            **context,
            "page_title": "Check the plan before importing it",
            "plan": rec,
            "existing": existing,
            "filename": name,
            "token": token,
        },
    )


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_import_confirm(request: OrgRequest, org: str) -> HttpResponse:
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if pending.get("token") != token or pending.get("org") != org:
        messages.error(request, "That upload has expired or was already imported: upload the workbook again.")
        return HttpResponseRedirect(reverse("plan_import", kwargs={"org": org}))
    path = _stored(token)
    del request.session[IMPORT_SESSION_KEY]
    try:
        if request.POST.get("action") == "discard":
            messages.success(request, "The workbook has been discarded: nothing was imported.")
            return HttpResponseRedirect(reverse("plan_import", kwargs={"org": org}))
        try:
            rec = _read(path, org)
            saved = save_plan(request.org, rec, _user(request))
        except (WresError, PlanSaveError) as e:
            messages.error(request, f"The plan could not be imported, nothing was saved: {e}")
            return HttpResponseRedirect(reverse("plan_import", kwargs={"org": org}))
    finally:
        path.unlink(missing_ok=True)
    record(
        request,
        A.PLAN_IMPORTED,
        request.org.code,
        plan=saved.pk,
        file=pending.get("filename", ""),
        objectives=len(rec.objectives),
        actions=len(rec.actions),
    )
    messages.success(request, f"The plan ‘{saved.title}’ has been imported.")
    return HttpResponseRedirect(plan_page(org, saved))


def discard_stale_imports(max_age_seconds: float = 24 * 3600) -> int:
    """Delete uploaded plan workbooks left unconfirmed for longer than ``max_age_seconds`` (a day)."""
    import time

    folder = _import_folder()
    if not folder.exists():
        return 0
    now, removed = time.time(), 0
    for f in folder.iterdir():
        if now - f.stat().st_mtime > max_age_seconds:
            (shutil.rmtree if f.is_dir() else os.unlink)(f)
            removed += 1
    return removed
