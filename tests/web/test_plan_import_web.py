"""The plan's spreadsheet through the web (issue 15): downloaded as a workbook or zipped CSV files in what the role
may take away, uploaded back with every row-level problem listed and nothing saved, and saved only after the
confirmation, all or nothing and audited. Export then import gives the same plan."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People
from tests.web.test_plan_records_io import counts, full_plan

from wres.plan import records as r
from wres.plan.spreadsheet import read_xlsx
from wres.web.models import AuditEvent
from wres.web.plan.models import Plan
from wres.web.plan.records_io import plan_record, save_plan
from wres.web.roles import Role
from wres.web.views.plan_edit import plan_page

ClientAs = Callable[[Role | None], Client]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_plan(org: str) -> r.Plan:
    """:func:`full_plan` with its groupings named as the template names them (group5, not 5)."""
    record = full_plan(org)

    def fix(m: r.Measure) -> r.Measure:
        return dataclasses.replace(m, grouping={"5": "group5", "9": "group9"}.get(m.grouping, m.grouping))

    objectives = tuple(dataclasses.replace(o, measures=tuple(fix(m) for m in o.measures)) for o in record.objectives)
    reviews = tuple(
        dataclasses.replace(v, data=tuple(dataclasses.replace(s, measure=fix(s.measure)) for s in v.data))
        for v in record.reviews
    )
    return dataclasses.replace(record, objectives=objectives, reviews=reviews)


@pytest.fixture
def saved(people: People) -> tuple[Plan, r.Plan]:
    record = template_plan(people.org_a.code)
    return save_plan(people.org_a, record, people.user(Role.EDI_LEAD)), record  # type: ignore[arg-type]


def url(name: str, people: People, **kwargs: object) -> str:
    return reverse(name, kwargs={"org": people.org_a.code, **kwargs})


def upload(client: Client, people: People, body: bytes, name: str = "plan.xlsx") -> str:
    response = client.post(url("plan_import", people), {"template": SimpleUploadedFile(name, body, XLSX)})
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_export_then_import_gives_the_same_plan(
    saved: tuple[Plan, r.Plan], people: People, client_as: ClientAs, tmp_path: Path
) -> None:
    plan, record = saved
    client = client_as(Role.EDI_LEAD)
    download = client.get(url("plan_export_xlsx", people, plan=plan.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == XLSX
    assert "attachment" in download["Content-Disposition"]
    body = b"".join(download.streaming_content) if download.streaming else download.content
    plan.delete()  # the import makes the plan again from the workbook alone
    page = upload(client, people, body)
    assert "Check the plan before importing it" in page
    assert Plan.objects.count() == 0  # nothing saved before the confirmation
    token = re.search(r'name="token" value="([0-9a-f-]+)"', page)
    assert token is not None
    response = client.post(url("plan_import_confirm", people), {"token": token.group(1), "action": "import"})
    assert response.status_code == 302
    again = Plan.objects.get()
    assert response["Location"] == plan_page(people.org_a.code, again)
    assert plan_record(again) == record
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_IMPORTED)
    assert (event.username, event.detail["plan"], event.detail["objectives"]) == ("edi_lead-user", again.pk, 2)
    assert again.history.first().history_user == people.user(Role.EDI_LEAD)  # type: ignore[attr-defined]
    # The same token cannot be confirmed twice.
    twice = client.post(url("plan_import_confirm", people), {"token": token.group(1), "action": "import"})
    assert twice.status_code == 302
    assert twice["Location"] == url("plan_import", people)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_IMPORTED).count() == 1


def test_the_csv_download_is_a_zip_of_the_templates_files(
    saved: tuple[Plan, r.Plan], people: People, client_as: ClientAs
) -> None:
    plan, _ = saved
    response = client_as(Role.ANALYST).get(url("plan_export_csv", people, plan=plan.pk))
    assert response.status_code == 200
    names = set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert {"plan.csv", "objectives.csv", "actions.csv", "reviews.csv", "measures.csv"} <= names
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def corrupted(body: bytes, tmp_path: Path) -> bytes:
    """The workbook with an action due before its start (row 2 of Actions) and an unknown column on Objectives."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(body)
    book = openpyxl.load_workbook(path)
    actions = book["Actions"]
    heads = {c.value: c.column for c in actions[1]}
    actions.cell(row=2, column=heads["Start date"]).value = "2025-10-01"
    actions.cell(row=2, column=heads["Due date"]).value = "2025-01-01"
    objectives = book["Objectives"]
    objectives.cell(row=1, column=objectives.max_column + 1).value = "Colour"
    book.save(path)
    return path.read_bytes()


def test_a_corrupted_template_shows_row_level_errors_and_saves_nothing(
    saved: tuple[Plan, r.Plan], people: People, client_as: ClientAs, tmp_path: Path
) -> None:
    plan, record = saved
    client = client_as(Role.EDI_LEAD)
    body = client.get(url("plan_export_xlsx", people, plan=plan.pk)).content
    before = counts()
    page = upload(client, people, corrupted(body, tmp_path))
    shown = text(page)
    assert "The plan's workbook has problems" in shown
    assert "nothing was saved" in shown
    # Each problem names its sheet, row and column, in the table and in the error summary at the top.
    assert re.search(r"Actions 2 Due date [^|]*before", shown), shown[:3000]
    assert "Objectives" in shown
    assert "Colour" in shown
    assert 'class="nhsuk-error-summary"' in page
    assert "uploads" not in shown  # the server's path of the stored workbook is never shown
    assert counts() == before
    assert plan_record(Plan.objects.get()) == record
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_IMPORTED).count() == 0


def test_a_file_that_is_not_a_workbook_is_refused_early(people: People, client_as: ClientAs) -> None:
    client = client_as(Role.EDI_LEAD)
    page = text(upload(client, people, b"a,b\n1,2\n", "plan.csv"))
    assert "must be the plan's Excel workbook (.xlsx)" in page
    page = text(upload(client, people, b"not a zip at all", "plan.xlsx"))
    assert "is not an Excel workbook" in page
    assert Plan.objects.count() == 0


def test_a_workbook_of_another_organisation_is_refused(
    saved: tuple[Plan, r.Plan], people: People, client_as: ClientAs, tmp_path: Path
) -> None:
    _plan, record = saved
    from wres.plan.spreadsheet import write_xlsx

    theirs = write_xlsx(dataclasses.replace(record, org_code=people.org_b.code), tmp_path / "b.xlsx")
    before = counts()
    page = text(upload(client_as(Role.EDI_LEAD), people, theirs.read_bytes()))
    assert f"holds a plan of {people.org_b.code}, not of {people.org_a.code}" in page
    assert counts() == before


def test_an_owner_without_an_account_is_listed_before_confirmation(
    saved: tuple[Plan, r.Plan], people: People, client_as: ClientAs, tmp_path: Path
) -> None:
    _plan, record = saved
    from wres.plan.spreadsheet import write_xlsx

    action = dataclasses.replace(record.actions[0], owner=r.Person("nobody-here", "Ghost"))
    bad = write_xlsx(dataclasses.replace(record, actions=(action, *record.actions[1:])), tmp_path / "x.xlsx")
    before = counts()
    page = text(upload(client_as(Role.EDI_LEAD), people, bad.read_bytes()))
    assert "'nobody-here' is not an account of" in page
    assert counts() == before


def test_a_published_only_role_downloads_the_published_plan_without_names(
    saved: tuple[Plan, r.Plan], people: People, client_as: ClientAs, tmp_path: Path
) -> None:
    plan, record = saved
    client = client_as(Role.REGIONAL_VIEWER)
    assert client.get(url("plan_export_xlsx", people, plan=plan.pk)).status_code == 404  # approved, not published
    Plan.objects.filter(pk=plan.pk).update(status="published")
    response = client.get(url("plan_export_xlsx", people, plan=plan.pk))
    assert response.status_code == 200
    path = tmp_path / "public.xlsx"
    path.write_bytes(response.content)
    got = read_xlsx(path)
    assert [o.ref for o in got.objectives] == [o.ref for o in record.objectives]
    assert [a.ref for a in got.actions] == [a.ref for a in record.actions]
    assert {o.owner.username for o in got.objectives} | {a.owner.username for a in got.actions} == {""}
    assert [o.owner.title for o in got.objectives] == [o.owner.title for o in record.objectives]
    assert (got.reviews, got.engagements, got.commitments) == ((), (), ())
    for username in ("edi_lead-user", "board_member-user", "analyst-user"):
        assert username.encode() not in zipfile.ZipFile(io.BytesIO(response.content)).read("xl/sharedStrings.xml")
    # the recorded baselines come from the exact counts: the download carries the public tier's own figure for each
    # baseline year instead (the published report's rows), or none
    from wres.plan.series import points_from_results
    from wres.web import figures as fig

    org = people.org_a.code
    public = fig.figures(org, fig.years(org)[-1], "public").view.results
    for mine, theirs in zip(record.objectives, got.objectives, strict=True):
        own = [
            p.estimate
            for p in points_from_results(public, org, mine.measures[0])
            if p.year == mine.baseline_year and p.estimate is not None
        ]
        if own:
            assert theirs.baseline_value == pytest.approx(own[0])
        else:
            assert theirs.baseline_value is None
        assert theirs.baseline_value != mine.baseline_value


def test_a_role_without_unsuppressed_figures_exports_no_internal_review_figures(
    saved: tuple[Plan, r.Plan], people: People, client_as: ClientAs, tmp_path: Path
) -> None:
    plan, record = saved
    assert any(v.data for v in record.reviews)  # the fixture's review holds internal-tier snapshots
    response = client_as(Role.NETWORK_MEMBER).get(url("plan_export_xlsx", people, plan=plan.pk))
    path = tmp_path / "n.xlsx"
    path.write_bytes(response.content)
    got = read_xlsx(path)
    assert len(got.reviews) == len(record.reviews)
    assert all(v.data == () for v in got.reviews)


def test_discarding_an_upload_saves_nothing_and_removes_the_workbook(
    people: People, client_as: ClientAs, tmp_path: Path
) -> None:
    from wres.plan.spreadsheet import write_xlsx
    from wres.web import uploads

    client = client_as(Role.EDI_LEAD)
    book = write_xlsx(
        r.Plan(org_code=people.org_a.code, title="Next", start_year=2029, end_year=2032), tmp_path / "p.xlsx"
    )
    page = upload(client, people, book.read_bytes())
    token = re.search(r'name="token" value="([0-9a-f-]+)"', page)
    assert token is not None
    stored = uploads.uploads_root() / "plans" / f"{token.group(1)}.xlsx"
    assert stored.exists()
    assert stored.stat().st_mode & 0o077 == 0  # the server's user only
    response = client.post(url("plan_import_confirm", people), {"token": token.group(1), "action": "discard"})
    assert response.status_code == 302
    assert not stored.exists()
    assert Plan.objects.count() == 0
