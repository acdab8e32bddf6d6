"""The reports page: generating an organisation's report set (cached by the state of the warehouse), downloading
its files in the tiers the role may see, audited, with no way to reach any other file.

The public set of organisation A for 2025 is generated once for the module (the report takes seconds: its PDF);
every test reads it from the module's own web data folder.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.web.conftest import People

from wres.reports.data import INTERNAL_NOTICE
from wres.web import report_files
from wres.web.figures import org_version
from wres.web.models import AuditEvent, ReportJob
from wres.web.roles import Role

ClientAs = Callable[[Role | None], Client]
ORG, YEAR = "SY001", 2025
STEM = f"{YEAR}-{ORG}-public"
NAMES = {
    f"wres-report-{STEM}.html": ("text/html; charset=utf-8", False),
    f"wres-report-{STEM}.pdf": ("application/pdf", True),
    f"wres-return-{STEM}.xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True),
    f"wres-figures-{STEM}.zip": ("application/zip", True),
}


@pytest.fixture(scope="module")
def web_data(
    tmp_path_factory: pytest.TempPathFactory, store_path: Path, django_db_setup: None, django_db_blocker: Any
) -> tuple[Path, bool]:
    """The module's web data folder, holding organisation A's public set for 2025 (and whether it was new)."""
    folder = tmp_path_factory.mktemp("reports-web")
    before = django_settings.WEB_DATA, django_settings.STORE_PATH
    django_settings.WEB_DATA, django_settings.STORE_PATH = folder, store_path
    umask = os.umask(0)  # the most permissive umask: the files must be owner-only all the same
    try:
        with django_db_blocker.unblock():  # the set is stamped with the organisation's plan (none here)
            _, fresh = report_files.generate(ORG, YEAR, "public")
    finally:
        os.umask(umask)
        django_settings.WEB_DATA, django_settings.STORE_PATH = before
    return folder, fresh


@pytest.fixture(autouse=True)
def _use_web_data(web_data: tuple[Path, bool], settings: SettingsWrapper) -> None:
    settings.WEB_DATA = web_data[0]


def file_url(name: str, tier: str = "public", year: int = YEAR, org: str = ORG) -> str:
    return reverse("report_file", kwargs={"org": org, "year": year, "tier": tier, "filename": name})


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_set_is_generated_with_every_file(web_data: tuple[Path, bool], db: None) -> None:
    folder, fresh = web_data
    assert fresh
    made = report_files.load_set(ORG, YEAR, "public")
    assert made is not None
    assert made.current
    assert made.state == json.dumps(org_version(ORG))
    assert {f.name for f in made.files} == set(NAMES)
    for f in made.files:
        path = folder / "reports" / ORG / str(YEAR) / "public" / f.name
        assert path.stat().st_size == f.size > 0
    html = (folder / "reports" / ORG / str(YEAR) / "public" / f"wres-report-{STEM}.html").read_text()
    assert INTERNAL_NOTICE not in html
    # the report's own sections, which the dashboard's cached figures leave out, are in the generated set
    assert "Is it getting better?" in html
    assert "Where today&#39;s rates lead" in html or "Where today's rates lead" in html
    assert "built without" not in html
    with zipfile.ZipFile(folder / "reports" / ORG / str(YEAR) / "public" / f"wres-figures-{STEM}.zip") as z:
        assert sorted(Path(n).name for n in z.namelist()) == ["counts.csv", "metadata.json", "results.csv"]
        meta = json.loads(z.read(f"wres-figures-{STEM}/metadata.json"))
    assert meta["tier"] == "public"


def test_report_files_are_owner_only_whatever_the_umask(web_data: tuple[Path, bool]) -> None:
    """Generated under umask 000 (the fixture): every folder 0700, every file 0600."""
    root = web_data[0] / "reports"
    made = root / ORG / str(YEAR) / "public"
    paths = [root, root / ORG, root / ORG / str(YEAR), made, made / "manifest.json", *(made / n for n in NAMES)]
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    # (other tests of this module add files of their own to the folder: only the generated ones are checked)


def test_every_download_and_page_is_no_store(people: People, client_as: ClientAs) -> None:
    client = client_as(Role.ANALYST)
    for url in (
        reverse("reports", kwargs={"org": ORG}),
        file_url(f"wres-report-{STEM}.pdf"),
        file_url(f"wres-report-{STEM}.html"),
        reverse("dashboard", kwargs={"org": ORG}),
        reverse("indicator", kwargs={"org": ORG, "number": 1}),
        reverse("data", kwargs={"org": ORG}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private", "max-age=0"} <= directives, (url, response["Cache-Control"])


def test_generate_is_cached_by_warehouse_state_and_audited(people: People, client_as: ClientAs) -> None:
    client = client_as(Role.NETWORK_MEMBER)
    page = client.get(reverse("reports", kwargs={"org": ORG}))
    html = page.content.decode()
    assert page.status_code == 200
    for name in NAMES:
        assert file_url(name) in html
    assert "Up to date" in html
    assert 'value="internal"' not in html  # a network member is offered the public tier only
    made = report_files.load_set(ORG, YEAR, "public")
    assert made is not None

    response = client.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "public"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="generate")
    job = ReportJob.objects.get()
    assert event.detail == {"year": YEAR, "tier": "public", "job": job.pk, "started": True}
    assert job.status == ReportJob.Status.DONE
    assert job.message == f"The public report set for {YEAR} is up to date: the data have not changed"
    assert report_files.load_set(ORG, YEAR, "public") == made  # nothing was written again
    assert "is up to date" in client.get(response["Location"]).content.decode()

    manifest = Path(django_settings.WEB_DATA) / "reports" / ORG / str(YEAR) / "public" / "manifest.json"
    stale = json.loads(manifest.read_text())
    stale["version"] = "[]"  # as if the organisation's data had changed since
    manifest.write_text(json.dumps(stale))
    old = report_files.load_set(ORG, YEAR, "public")
    assert old is not None
    assert not old.current
    assert "Out of date" in client.get(reverse("reports", kwargs={"org": ORG})).content.decode()
    again = client.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "public"})
    assert again.status_code == 302
    renewed = report_files.load_set(ORG, YEAR, "public")
    assert renewed is not None
    assert renewed.current
    assert renewed.generated > made.generated
    assert renewed.generated_by == "network_member-user"
    assert AuditEvent.objects.filter(action="generate").count() == 2
    assert ReportJob.objects.order_by("-pk").first().message == f"Generated the public report set for {YEAR}"  # type: ignore[union-attr]


def test_downloads_have_the_right_type_and_are_audited(people: People, client_as: ClientAs) -> None:
    client = client_as(Role.REGIONAL_VIEWER)
    for name, (content_type, attachment) in NAMES.items():
        response = client.get(file_url(name))
        assert response.status_code == 200, name
        assert response["Content-Type"] == content_type
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment" if attachment else "inline"), disposition
        assert name in disposition
        data = body(response)
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF")
        if name.endswith(".zip"):
            assert "results.csv" in " ".join(zipfile.ZipFile(io.BytesIO(data)).namelist())
        if name.endswith(".html"):
            policy = response["Content-Security-Policy"]
            assert "sandbox" in policy.split("; ")
            assert "unsafe-inline" not in policy
            assert "script-src 'self'" in policy
            assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+'", policy), policy
            style = re.search(rb"<style[^>]*>(.*?)</style>", data, re.DOTALL)
            assert style is not None
            digest = base64.b64encode(hashlib.sha256(style.group(1)).digest()).decode()
            assert f"'sha256-{digest}'" in policy  # the hash allows exactly the report's own stylesheet
    events = AuditEvent.objects.filter(action="export", organisation=ORG, username="regional_viewer-user")
    assert sorted(e.detail["file"] for e in events) == sorted(NAMES)
    assert all(e.detail["tier"] == "public" for e in events)


def test_internal_tier_is_refused_to_public_only_roles(people: People, client_as: ClientAs) -> None:
    # An internal set on disk (made by hand: its content does not matter here).
    folder = Path(django_settings.WEB_DATA) / "reports" / ORG / str(YEAR) / "internal"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"wres-report-{YEAR}-{ORG}-internal.html"
    (folder / name).write_text("<p>internal</p>")
    manifest = {
        "version": json.dumps(org_version(ORG)),
        "generated": "2025-06-01T12:00:00+00:00",
        "files": [{"name": name, "size": 15}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))

    network = client_as(Role.NETWORK_MEMBER)
    assert network.get(file_url(name, tier="internal")).status_code == 403
    assert file_url(name, tier="internal") not in network.get(reverse("reports", kwargs={"org": ORG})).content.decode()
    refused = network.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "internal"})
    assert refused.status_code == 400
    assert "Choose a tier your role may see" in refused.content.decode()
    assert not AuditEvent.objects.filter(action__in=["export", "generate"]).exists()

    analyst = client_as(Role.ANALYST)
    assert file_url(name, tier="internal") in analyst.get(reverse("reports", kwargs={"org": ORG})).content.decode()
    response = analyst.get(file_url(name, tier="internal"))
    assert response.status_code == 200
    assert body(response) == b"<p>internal</p>"
    assert AuditEvent.objects.get(action="export").detail["tier"] == "internal"


@pytest.mark.parametrize(
    "name",
    ["..", "...", "%2e%2e", ".hidden", "..%5C..%5Cwres.duckdb", f"wres-report-{STEM}.html%00", "a%5Cb.html"],
)
def test_path_traversal_is_not_found(name: str, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ADMIN).get(f"/org/{ORG}/reports/{YEAR}/public/{name}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/org/{ORG}/reports/{YEAR}/public/..%2F..%2Fmanifest.json",
        f"/org/{ORG}/reports/{YEAR}/..%2Fpublic/manifest.json",
        f"/org/{ORG}/reports/{YEAR}/secret/manifest.json",
        f"/org/{ORG}/reports/{YEAR}/public/%2Fetc%2Fpasswd",
    ],
)
def test_other_paths_are_not_found(url: str, people: People, client_as: ClientAs) -> None:
    assert client_as(Role.ADMIN).get(url).status_code == 404


def test_only_the_sets_files_are_served(people: People, client_as: ClientAs) -> None:
    folder = Path(django_settings.WEB_DATA) / "reports" / ORG / str(YEAR) / "public"
    (folder / "stray.txt").write_text("not part of the set")
    client = client_as(Role.ADMIN)
    for name in ("manifest.json", "stray.txt", "wres-report-2024-SY001-public.html"):
        response = client.get(file_url(name))
        assert response.status_code == 302, name  # not available: back to the reports page with a message
        assert response["Location"] == reverse("reports", kwargs={"org": ORG})
    assert "is not available" in client.get(reverse("reports", kwargs={"org": ORG})).content.decode()
    assert client.get(file_url(f"wres-report-{YEAR - 3}-{ORG}-public.html", year=YEAR - 3)).status_code == 302
    assert not AuditEvent.objects.filter(action="export").exists()


def test_another_organisation_is_not_found(people: People) -> None:
    client = Client()
    client.force_login(people.other_admin)  # type: ignore[arg-type]
    assert client.get(file_url(f"wres-report-{STEM}.html")).status_code == 404
    assert client.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "public"}).status_code == 404


def test_csrf_is_enforced(people: People) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.user(Role.ADMIN))  # type: ignore[arg-type]
    response = client.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "public"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="generate").exists()


def test_bad_year_is_a_form_error(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ANALYST).post(reverse("reports", kwargs={"org": ORG}), {"year": 1999, "tier": "public"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Choose a WRES year the warehouse holds" in html


@pytest.mark.django_db(transaction=True)
def test_generating_runs_in_the_background_and_the_page_polls_it(
    people: People, client_as: ClientAs, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The POST returns while the set is still being made (the worker is held on an event), the status URL says
    so, and once the worker finishes the job is done. Today's request blocked for the whole 17-44 s."""
    import threading

    from wres.web import report_jobs

    settings.WRES_REPORT_JOBS_INLINE = False
    started, release = threading.Event(), threading.Event()
    real = report_files.generate

    def held(*args: object, **kwargs: object) -> object:
        started.set()
        assert release.wait(60), "the test never released the worker"
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report_files, "generate", held)
    client = client_as(Role.ANALYST)
    response = client.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "internal"})
    assert response.status_code == 302
    assert started.wait(60)  # the worker thread has the job...
    job = ReportJob.objects.get()
    status_url = reverse("report_job", kwargs={"org": ORG, "job": job.pk})
    running = client.get(status_url).json()
    assert running == {"status": "running", "label": "Being generated", "message": "", "finished": False}
    page = client.get(reverse("reports", kwargs={"org": ORG})).content.decode()
    assert f'data-wres-job="{status_url}"' in page  # ...and the page polls it
    again = client.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "internal"})
    assert again.status_code == 302
    assert ReportJob.objects.count() == 1  # a second press joins the job running
    release.set()
    report_jobs.EXECUTOR.submit(lambda: None).result(timeout=120)  # the worker has finished the job before it
    done = client.get(status_url).json()
    assert done["finished"] is True, done
    assert done["status"] == "done", done
    assert report_files.load_set(ORG, YEAR, "internal") is not None
    # A public-only role cannot read an internal job's status.
    assert client_as(Role.NETWORK_MEMBER).get(status_url).status_code == 404


def test_the_form_starts_on_the_public_tier(people: People, client_as: ClientAs) -> None:
    page = client_as(Role.ANALYST).get(reverse("reports", kwargs={"org": ORG})).content.decode()
    checked = re.findall(r'<input[^>]*name="tier"[^>]*>', page)
    assert len(checked) == 2, checked
    assert [("checked" in tag, 'value="public"' in tag) for tag in checked] in (
        [(False, False), (True, True)],
        [(True, True), (False, False)],
    ), checked


def test_a_failed_job_says_why_on_the_page(
    people: People, client_as: ClientAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wres.errors import WresError

    def fail(*args: object, **kwargs: object) -> None:
        raise WresError("WeasyPrint cannot find its fonts")

    monkeypatch.setattr(report_files, "generate", fail)
    client = client_as(Role.ANALYST)
    client.post(reverse("reports", kwargs={"org": ORG}), {"year": YEAR, "tier": "internal"})
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    page = client.get(reverse("reports", kwargs={"org": ORG})).content.decode()
    assert "A report set could not be generated" in page
    assert "The report set could not be generated: WeasyPrint cannot find its fonts" in page
    # A public-only role does not see the internal job's failure.
    other = client_as(Role.NETWORK_MEMBER).get(reverse("reports", kwargs={"org": ORG})).content.decode()
    assert "WeasyPrint cannot find its fonts" not in other


def test_the_worker_waits_out_a_locked_database_and_gives_up_on_other_errors() -> None:
    """SQLite lets one writer in at a time: the worker recording a job may meet the request's own write (the
    clean-clone run that found it: "database table is locked" on the worker's first save). It tries again; any
    other database error is raised at once."""
    from django.db import OperationalError

    from wres.web.report_jobs import _retried

    calls: list[int] = []

    def locked_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database table is locked")
        return "saved"

    assert _retried(locked_twice, pause=0) == "saved"
    assert len(calls) == 3

    def broken() -> str:
        calls.append(1)
        raise OperationalError("no such table: web_reportjob")

    calls.clear()
    with pytest.raises(OperationalError, match="no such table"):
        _retried(broken, pause=0)
    assert len(calls) == 1
    calls.clear()
    with pytest.raises(OperationalError, match="locked"):
        _retried(locked_twice, attempts=2, pause=0)  # still locked after the last attempt
    assert len(calls) == 2
