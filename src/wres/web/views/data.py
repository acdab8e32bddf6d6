"""Data pages: the import history, uploading a raw extract, its validation report, confirming the import.

upload (POST) → validation (GET: the report; the confirm form) → confirm (POST: import, or discard) → history.
The work is done in :mod:`wres.web.uploads`; every upload and import is in the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wres.store.imports import MERGED, OUT_OF_SCOPE, ImportRecord, import_record, import_rejects, list_imports
from wres.web import uploads
from wres.web.access import OrgRequest, org_view
from wres.web.audit import record
from wres.web.figures import memo, open_store, store_state
from wres.web.models import Upload
from wres.web.roles import Capability, can

REJECTS_SHOWN = uploads.REJECTS_SHOWN


class UploadForm(forms.Form):
    extract = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a CSV file or Excel workbook to upload"},
    )

    def clean_extract(self) -> Any:
        file = self.cleaned_data["extract"]
        try:
            self.cleaned_data["safe_name"] = uploads.check_upload(file)
        except uploads.UploadRefusedError as exc:
            raise forms.ValidationError(str(exc)) from None
        return file


def when(value: datetime | None) -> str:
    """A time as the pages show it, in the server's time zone (``3 Apr 2025, 14:05``); naive means UTC."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    local = timezone.localtime(value)
    return f"{local.day} {local:%b %Y, %H:%M}"


def _mine(org: str, records: list[ImportRecord]) -> list[ImportRecord]:
    """The organisation's ledger entries, as the report's own data filters them (:func:`wres.reports.data.gather`)."""
    return [r for r in records if not r.organisations or org in r.organisations]


def _ledger(org: str) -> list[ImportRecord]:
    """The organisation's imports, newest first (cached until the warehouse changes)."""
    if store_state()[0] == 0:
        return []

    def make() -> list[ImportRecord]:
        with open_store() as store:
            return _mine(org, list_imports(store))

    return list(reversed(memo("imports", org, make=make)))


def _importers(org_id: int, ids: list[int]) -> dict[int, str]:
    """Who imported each ledger entry through the dashboard (the ledger itself records the server's account)."""
    rows = Upload.objects.filter(organisation_id=org_id, import_id__in=ids).select_related("user")
    return {int(u.import_id): (u.user.get_username() if u.user else "") for u in rows if u.import_id is not None}


def _history_page(request: OrgRequest, form: UploadForm | None, status: int = 200) -> HttpResponse:
    org = request.org
    records = _ledger(org.code)
    by_web = _importers(org.pk, [r.import_id for r in records])
    entries = [
        {
            "record": r,
            "when": when(r.imported_at),
            "who": by_web.get(r.import_id) or f"{r.imported_by} (command line)",
            "set_aside": r.rows_merged + r.rows_out_of_scope,
        }
        for r in records
    ]
    uploads_shown = Upload.objects.filter(organisation=org).select_related("user")
    pending = list(uploads_shown.filter(status=Upload.Status.VALIDATED))
    recent = list(uploads_shown.exclude(status=Upload.Status.VALIDATED)[:10])
    may_import = can(request.role, Capability.IMPORT_DATA)
    context = {
        "page_title": "Data" if not (form and form.errors) else "Error: Data",
        "entries": entries,
        "pending": [{"upload": u, "when": when(u.created)} for u in pending],
        "recent": [{"upload": u, "when": when(u.created)} for u in recent],
        "may_import": may_import,
        "form": form if form is not None else (UploadForm() if may_import else None),
        "max_size": uploads.human_size(uploads.max_upload_bytes()),
    }
    return render(request, "web/data.jinja", context, status=status)


@org_view(Capability.VIEW_IMPORTS)
def history(request: OrgRequest, org: str) -> HttpResponse:
    """The organisation's import ledger, uploads waiting for confirmation and (for importers) the upload form."""
    return _history_page(request, None)


@org_view(Capability.IMPORT_DATA)
@require_POST
def upload(request: OrgRequest, org: str) -> HttpResponse:
    """Keep the uploaded file, validate it (a dry run of the real import) and show the validation report."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _history_page(request, form, status=400)
    file = form.cleaned_data["extract"]
    name = str(form.cleaned_data["safe_name"])
    upload_id = uuid4()
    try:
        path, size, sha256 = uploads.store_upload(file, upload_id, name)
    except uploads.UploadRefusedError as exc:
        form.add_error("extract", str(exc))
        return _history_page(request, form, status=400)
    outcome = uploads.validate_upload(path, name, request.org.code)
    item = Upload.objects.create(
        id=upload_id,
        organisation=request.org,
        user=request.user if request.user.is_authenticated else None,
        filename=name,
        sha256=sha256,
        size=size,
        status=Upload.Status.REFUSED if outcome.refused else Upload.Status.VALIDATED,
        report=outcome.report,
    )
    if outcome.refused:
        uploads.remove_upload(upload_id)  # a refused file is never imported: keep nothing of it
    record(
        request,
        "upload",
        request.org.code,
        upload=str(item.id),
        file=name,
        sha256=sha256,
        size=size,
        status=item.status,
    )
    return HttpResponseRedirect(reverse("validation", kwargs={"org": org, "upload": item.id}))


def _own_upload(request: OrgRequest, upload_id: UUID) -> Upload:
    return get_object_or_404(Upload.objects.select_related("user"), id=upload_id, organisation=request.org)


@org_view(Capability.IMPORT_DATA)
def validation(request: OrgRequest, org: str, upload: UUID) -> HttpResponse:
    """The validation report of one upload and, while it waits, the form to confirm or discard the import."""
    item = _own_upload(request, upload)
    report = dict(item.report or {})
    refused = item.status == Upload.Status.REFUSED
    context = {
        "page_title": ("Error: " if refused else "") + f"Validation report: {item.filename}",
        "upload": item,
        "report": report,
        "counts": dict(report.get("counts") or {}),
        "when": when(item.created),
        "size": uploads.human_size(item.size),
        "replacing": [s for s in report.get("slices", []) if s.get("replaces")],
        "waiting": item.status == Upload.Status.VALIDATED,
        "refused": refused,
        "rejects_shown": REJECTS_SHOWN,
    }
    return render(request, "web/validation.jinja", context)


@org_view(Capability.IMPORT_DATA)
@require_POST
def confirm(request: OrgRequest, org: str, upload: UUID) -> HttpResponse:
    """Import the validated file (or discard it with ``action=discard``)."""
    item = _own_upload(request, upload)
    here = reverse("validation", kwargs={"org": org, "upload": item.id})
    if item.status != Upload.Status.VALIDATED:
        messages.error(request, "This upload is not waiting for confirmation: nothing was done")
        return HttpResponseRedirect(here)
    path = uploads.stored_file(item.id, item.filename)
    if request.POST.get("action") == "discard":
        uploads.remove_upload(item.id)
        item.status = Upload.Status.DISCARDED
        item.save(update_fields=["status"])
        record(request, "discard", request.org.code, upload=str(item.id), file=item.filename)
        messages.success(request, f"Discarded {item.filename}: nothing was imported")
        return HttpResponseRedirect(reverse("data", kwargs={"org": org}))
    outcome, import_id, superseded = uploads.import_upload(path, item.filename, item.sha256, request.org.code)
    if outcome.refused:
        item.status = Upload.Status.REFUSED
        item.report = {**(item.report or {}), **outcome.report}
        item.save(update_fields=["status", "report"])
        uploads.remove_upload(item.id)
        record(
            request,
            "import",
            request.org.code,
            upload=str(item.id),
            file=item.filename,
            outcome="refused",
            reason=outcome.report.get("error", ""),
        )
        return HttpResponseRedirect(here)
    item.status = Upload.Status.IMPORTED
    item.import_id = import_id
    item.save(update_fields=["status", "import_id"])
    uploads.remove_upload(item.id)
    loaded = int((item.report or {}).get("counts", {}).get("rows_loaded", 0))
    record(
        request,
        "import",
        request.org.code,
        upload=str(item.id),
        file=item.filename,
        sha256=item.sha256,
        import_id=import_id,
        rows_loaded=loaded,
        superseded=superseded,
    )
    replaced = f"; it replaces import {', '.join(map(str, superseded))}" if superseded else ""
    messages.success(request, f"Imported {item.filename}: {loaded:,} rows loaded (import {import_id}){replaced}")
    return HttpResponseRedirect(reverse("data", kwargs={"org": org}))


@org_view(Capability.VIEW_IMPORTS)
def import_detail(request: OrgRequest, org: str, import_id: int) -> HttpResponse:
    """One ledger entry: what was imported, its quality report and its rejects (404 if not this organisation's)."""
    if store_state()[0] == 0:
        raise Http404("No such import")
    with open_store() as store:
        found = import_record(store, import_id)
        if found is None or not _mine(request.org.code, [found]):
            raise Http404("No such import")
        rejects = import_rejects(store, import_id, limit=REJECTS_SHOWN)
        row = store.con.execute(
            "SELECT count(*) FILTER (WHERE outcome NOT IN (?, ?)), count(*) FILTER (WHERE outcome IN (?, ?)) "
            "FROM import_rejects WHERE import_id = ?",
            [OUT_OF_SCOPE, MERGED, OUT_OF_SCOPE, MERGED, import_id],
        ).fetchone()
    total, set_aside = (int(row[0]), int(row[1])) if row else (0, 0)
    by_web = _importers(request.org.pk, [import_id])
    rows = [
        {
            "row": int(r["row"]),
            "column": r["column"],
            "value": uploads.text_or_none(r["value"]),
            "problem": r["problem"],
            "outcome": r["outcome"],
        }
        for r in rejects.to_dict("records")
    ]
    quality = dict(found.quality)
    warnings = [str(quality.pop("key_warning"))] if "key_warning" in quality else []
    context = {
        "page_title": f"Import {found.import_id}: {found.file_name}",
        "entry": found,
        "when": when(found.imported_at),
        "who": by_web.get(import_id) or f"{found.imported_by} (command line)",
        "rejects": rows,
        "rejects_total": total,
        "set_aside_total": set_aside,
        "quality": quality,
        "warnings": warnings,
    }
    return render(request, "web/import_detail.jinja", context)
