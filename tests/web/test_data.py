"""The data pages: upload → validation report → confirm → import history, through the real import path.

Uploads are built from the raw extracts the shared warehouse was imported from (:func:`tests.web.webstore.raw_files`)
and checked against it read-only; a test that imports works on a copy of the warehouse (``settings.STORE_PATH``),
so the shared one is never written. The pseudonymisation key is the shared warehouse's own (``WRES_KEY_FILE``).
"""

from __future__ import annotations

import io
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.web.conftest import People
from tests.web.webstore import raw_files

from wres.store import Store
from wres.store.imports import list_imports
from wres.web import figures as web_figures
from wres.web.figures import store_state
from wres.web.limits import RequestSizeLimitMiddleware, body_limit, declared_length
from wres.web.models import AuditEvent, Upload
from wres.web.roles import Role
from wres.web.uploads import safe_filename, stored_file

ClientAs = Callable[[Role | None], Client]
STAFF_2025 = "esr_staff_2025-03-31.csv"
ORG_A, ORG_B = "SY001", "SY002"


@pytest.fixture(autouse=True)
def _key_and_folder(
    store_path: Path, tmp_path: Path, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared warehouse's key (never the user's own), and a web data folder of the test's own."""
    monkeypatch.setenv("WRES_KEY_FILE", str(store_path.parent / "pseudonym.key"))
    settings.WEB_DATA = tmp_path / "web"


@pytest.fixture
def warehouse_copy(store_path: Path, tmp_path: Path, settings: SettingsWrapper) -> Path:
    """A copy of the shared warehouse the test may import into."""
    copy = tmp_path / "copy" / "wres.duckdb"
    copy.parent.mkdir()
    shutil.copy2(store_path, copy)
    settings.STORE_PATH = copy
    web_figures.clear()
    return copy


def staff_rows(store_path: Path, org: str) -> pd.DataFrame:
    """The 2025 ESR staff extract's rows of ``org`` (text, as exported)."""
    (raw,) = [p for p in raw_files(store_path) if p.name == STAFF_2025]
    frame = pd.read_csv(raw, dtype=str, keep_default_na=False)
    return frame[frame["Organisation Code"] == org].reset_index(drop=True)


def new_version(store_path: Path, folder: Path, *, recoded: int = 40) -> Path:
    """Organisation A's 2025 staff extract, corrected: ``recoded`` White British staff recorded as Indian."""
    frame = staff_rows(store_path, ORG_A)
    white = frame.index[frame["Ethnic Origin"] == "A White - British"][:recoded]
    frame.loc[white, "Ethnic Origin"] = "H Asian or Asian British - Indian"
    path = folder / STAFF_2025
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def upload(client: Client, path: Path, org: str = ORG_A) -> Upload:
    with path.open("rb") as fh:
        response = client.post(reverse("upload", kwargs={"org": org}), {"extract": fh})
    assert response.status_code == 302, response.content[:2000]
    made = Upload.objects.get(filename=path.name, organisation__code=org)
    assert response["Location"] == reverse("validation", kwargs={"org": org, "upload": made.id})
    return made


def bme_share(org: str, year: int) -> float:
    """Indicator 1's overall BME share of the workforce in the internal tier, as the dashboard computes it."""
    results = web_figures.figures(org, year, "internal").data.results
    rows = results[
        (results["indicator"].astype(str) == "1")
        & (results["year"].astype(int) == year)
        & (results["grouping"] == "wres")
        & (results["breakdown"] == "overall")
        & (results["category"] == "all")
        & results["rate_a"].notna()
    ]
    assert len(rows), "indicator 1 has an overall row"
    return float(rows["rate_a"].iloc[0])


def test_safe_filename() -> None:
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\me\\Staff 2025-03-31.CSV") == "Staff_2025-03-31.csv"
    assert safe_filename(".hidden.xlsx") == "hidden.xlsx"
    assert safe_filename("esr_staff_2025-03-31.csv") == "esr_staff_2025-03-31.csv"
    assert safe_filename("ünïcode é.csv") == "unicode_e.csv"
    assert safe_filename("") == "upload"
    assert len(safe_filename("x" * 500 + ".csv")) <= 120


def test_valid_extract_validated_confirmed_imported(
    people: People, client_as: ClientAs, store_path: Path, warehouse_copy: Path, tmp_path: Path
) -> None:
    shared_before = store_state(store_path)
    share_before = bme_share(ORG_A, 2025)
    with Store(warehouse_copy, read_only=True) as st:
        ledger_before = list_imports(st)
    (old_import,) = [r.import_id for r in ledger_before if r.file_name == STAFF_2025]
    path = new_version(store_path, tmp_path / "upload")
    expected = staff_rows(store_path, ORG_A)
    analyst = client_as(Role.ANALYST)

    made = upload(analyst, path)
    assert made.status == Upload.Status.VALIDATED
    report = made.report
    assert report["counts"]["rows_read"] == len(expected)
    assert 0 < report["counts"]["rows_loaded"] <= len(expected)
    assert report["organisations"] == [ORG_A]
    assert report["periods"] == ["snapshot 2025-03-31"]
    (staff_slice,) = report["slices"]
    assert staff_slice["replaces"] == [{"import_id": old_import, "file_name": STAFF_2025}]
    kept = stored_file(made.id, made.filename)
    assert kept.exists()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert AuditEvent.objects.filter(action="upload", organisation=ORG_A, detail__upload=str(made.id)).exists()

    page = analyst.get(reverse("validation", kwargs={"org": ORG_A, "upload": made.id}))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{len(expected):,}" in html  # rows read
    assert f"{report['counts']['rows_loaded']:,}" in html
    assert f"import {old_import} ({STAFF_2025})" in html  # what the import replaces
    assert reverse("confirm", kwargs={"org": ORG_A, "upload": made.id}) in html
    assert 'style="' not in html

    response = analyst.post(reverse("confirm", kwargs={"org": ORG_A, "upload": made.id}), {"action": "import"})
    assert response.status_code == 302
    assert response["Location"] == reverse("data", kwargs={"org": ORG_A})
    made.refresh_from_db()
    assert made.status == Upload.Status.IMPORTED
    assert not kept.exists()
    with Store(warehouse_copy, read_only=True) as st:
        ledger = list_imports(st)
    assert len(ledger) == len(ledger_before) + 1
    new = ledger[-1]
    assert made.import_id == new.import_id
    assert new.file_name == STAFF_2025
    assert new.organisations == [ORG_A]
    assert new.rows_loaded == report["counts"]["rows_loaded"]
    old = next(r for r in ledger if r.import_id == old_import)
    assert old.status.startswith("partly superseded")  # organisation B's slice of the old file stays current
    event = AuditEvent.objects.get(action="import", organisation=ORG_A)
    assert event.detail["import_id"] == new.import_id
    assert event.username == "analyst-user"

    history = analyst.get(reverse("data", kwargs={"org": ORG_A}))
    text = history.content.decode()
    assert history.status_code == 200
    assert f"Imported {STAFF_2025}" in text  # the message
    assert reverse("import_detail", kwargs={"org": ORG_A, "import_id": new.import_id}) in text
    assert "analyst-user" in text  # who, for an import made here
    assert text.index(f">{new.import_id}<") < text.index(f">{old_import}<")  # newest first

    assert bme_share(ORG_A, 2025) > share_before  # the figures follow the corrected extract
    assert store_state(store_path) == shared_before  # the shared warehouse was never written

    detail = analyst.get(reverse("import_detail", kwargs={"org": ORG_A, "import_id": new.import_id}))
    assert detail.status_code == 200
    assert "Data quality" in detail.content.decode()
    other = Client()
    other.force_login(people.other_admin)  # type: ignore[arg-type]
    assert other.get(reverse("import_detail", kwargs={"org": ORG_B, "import_id": new.import_id})).status_code == 404
    again = analyst.post(reverse("confirm", kwargs={"org": ORG_A, "upload": made.id}), {"action": "import"})
    assert again.status_code == 302  # nothing is imported twice
    with Store(warehouse_copy, read_only=True) as st:
        assert len(list_imports(st)) == len(ledger)


def test_discard(people: People, client_as: ClientAs, store_path: Path, tmp_path: Path) -> None:
    admin = client_as(Role.ADMIN)
    made = upload(admin, new_version(store_path, tmp_path / "upload"))
    before = store_state(store_path)
    response = admin.post(reverse("confirm", kwargs={"org": ORG_A, "upload": made.id}), {"action": "discard"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Upload.Status.DISCARDED
    assert not stored_file(made.id, made.filename).exists()
    assert store_state(store_path) == before
    assert not AuditEvent.objects.filter(action="import").exists()


def test_malformed_file_is_refused_with_row_and_column(
    people: People, client_as: ClientAs, store_path: Path, tmp_path: Path
) -> None:
    frame = staff_rows(store_path, ORG_A)
    frame.loc[frame.index[:200], "Staff Group"] = "Astronauts"
    path = tmp_path / "bad" / STAFF_2025
    path.parent.mkdir()
    frame.to_csv(path, index=False)
    client = client_as(Role.ANALYST)
    made = upload(client, path)
    assert made.status == Upload.Status.REFUSED
    assert made.report["error"].startswith("Refused: 200 of")
    first = made.report["errors"][0]
    assert first["row"] == 2  # the first data row, below the header
    assert first["column"] == "Staff Group"
    assert first["value"] == "Astronauts"
    assert str(tmp_path) not in str(made.report)  # the server's paths are never shown
    assert not stored_file(made.id, made.filename).parent.exists()  # a refused file is not kept
    page = client.get(reverse("validation", kwargs={"org": ORG_A, "upload": made.id}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "This file cannot be imported" in html
    assert "Staff Group" in html
    assert "Astronauts" in html
    assert "Traceback" not in html
    assert reverse("confirm", kwargs={"org": ORG_A, "upload": made.id}) not in html
    confirm = client.post(reverse("confirm", kwargs={"org": ORG_A, "upload": made.id}), {"action": "import"})
    assert confirm.status_code == 302  # not waiting: nothing done
    assert not AuditEvent.objects.filter(action="import").exists()


def test_missing_columns_and_unreadable_files_are_refused(
    people: People, client_as: ClientAs, store_path: Path, tmp_path: Path
) -> None:
    client = client_as(Role.ADMIN)
    frame = staff_rows(store_path, ORG_A).drop(columns=["Staff Group"])
    path = tmp_path / "cols" / STAFF_2025
    path.parent.mkdir()
    frame.to_csv(path, index=False)
    made = upload(client, path)
    assert made.status == Upload.Status.REFUSED
    assert any("Staff Group" in str(e["column"]) + e["problem"] for e in made.report["errors"]) or (
        "Staff Group" in made.report["error"]
    )
    junk = tmp_path / "junk" / "book.xlsx"
    junk.parent.mkdir()
    junk.write_bytes(b"this is not a workbook")
    refused = upload(client, junk)
    assert refused.status == Upload.Status.REFUSED
    page = client.get(reverse("validation", kwargs={"org": ORG_A, "upload": refused.id}))
    assert page.status_code == 200
    assert "This file cannot be imported" in page.content.decode()


@pytest.mark.parametrize("holders", [[ORG_B], [ORG_A, ORG_B]], ids=["B only", "A and B"])
def test_rows_of_another_organisation_are_refused(
    holders: list[str], people: People, client_as: ClientAs, store_path: Path, tmp_path: Path
) -> None:
    frame = pd.concat([staff_rows(store_path, o) for o in holders], ignore_index=True)
    path = tmp_path / "other" / STAFF_2025
    path.parent.mkdir()
    frame.to_csv(path, index=False)
    client = client_as(Role.ADMIN)
    made = upload(client, path)
    assert made.status == Upload.Status.REFUSED
    assert ORG_B in made.report["error"]
    assert f"only import data for {ORG_A}" in made.report["error"]
    assert not stored_file(made.id, made.filename).exists()
    html = client.get(reverse("validation", kwargs={"org": ORG_A, "upload": made.id})).content.decode()
    assert f"You can only import data for {ORG_A} here" in html


def test_tampered_file_is_refused_at_confirm(
    people: People, client_as: ClientAs, store_path: Path, warehouse_copy: Path, tmp_path: Path
) -> None:
    client = client_as(Role.ADMIN)
    made = upload(client, new_version(store_path, tmp_path / "upload"))
    kept = stored_file(made.id, made.filename)
    kept.write_bytes(kept.read_bytes().replace(b"Medicine", b"Surgery!", 1))
    before = store_state(warehouse_copy)
    response = client.post(reverse("confirm", kwargs={"org": ORG_A, "upload": made.id}), {"action": "import"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Upload.Status.REFUSED
    assert "SHA-256" in made.report["error"]
    assert made.import_id is None
    assert store_state(warehouse_copy) == before
    event = AuditEvent.objects.get(action="import")
    assert event.detail["outcome"] == "refused"
    page = client.get(reverse("validation", kwargs={"org": ORG_A, "upload": made.id}))
    assert "not the file that was validated" in page.content.decode()


def test_upload_and_confirm_take_post_only(people: People, client_as: ClientAs) -> None:
    made = Upload.objects.create(organisation=people.org_a, filename="x.csv", sha256="0" * 64, size=1)
    client = client_as(Role.ADMIN)
    assert client.get(reverse("upload", kwargs={"org": ORG_A})).status_code == 405
    assert client.get(reverse("confirm", kwargs={"org": ORG_A, "upload": made.id})).status_code == 405
    theirs = Upload.objects.create(organisation=people.org_b, filename="b.csv", sha256="1" * 64, size=1)
    response = client.post(reverse("confirm", kwargs={"org": ORG_A, "upload": theirs.id}), {"action": "import"})
    assert response.status_code == 404
    assert client_as(Role.EDI_LEAD).post(reverse("upload", kwargs={"org": ORG_A})).status_code == 403


def test_csrf_is_enforced(people: People, store_path: Path, tmp_path: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.user(Role.ADMIN))  # type: ignore[arg-type]
    path = new_version(store_path, tmp_path / "upload")
    with path.open("rb") as fh:
        assert client.post(reverse("upload", kwargs={"org": ORG_A}), {"extract": fh}).status_code == 403
    made = Upload.objects.create(organisation=people.org_a, filename="x.csv", sha256="0" * 64, size=1)
    assert client.post(reverse("confirm", kwargs={"org": ORG_A, "upload": made.id})).status_code == 403
    assert Upload.objects.count() == 1
    page = client.get(reverse("data", kwargs={"org": ORG_A}))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_upload_form_errors(
    people: People, client_as: ClientAs, store_path: Path, tmp_path: Path, settings: SettingsWrapper
) -> None:
    client = client_as(Role.ANALYST)
    url = reverse("upload", kwargs={"org": ORG_A})
    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "Select a CSV file or Excel workbook to upload" in missing.content.decode()
    assert "nhsuk-error-summary" in missing.content.decode()
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with text.open("rb") as fh:
        wrong = client.post(url, {"extract": fh})
    assert wrong.status_code == 400
    assert "must be a CSV file (.csv) or an Excel workbook (.xlsx)" in wrong.content.decode()
    settings.WRES_MAX_UPLOAD_BYTES = 1000
    with new_version(store_path, tmp_path / "big").open("rb") as fh:
        big = client.post(url, {"extract": fh})
    assert big.status_code == 400
    assert "must be smaller than 1000 bytes" in big.content.decode()
    assert not Upload.objects.exists()
    assert not (Path(settings.WEB_DATA) / "uploads").exists() or not any(
        (Path(settings.WEB_DATA) / "uploads").iterdir()
    )


def test_a_body_over_the_limit_is_refused_before_anything_reads_it(
    people: People, tmp_path: Path, settings: SettingsWrapper
) -> None:
    """413 from the declared length, ahead of the CSRF check (which would parse the body and spool its file)."""
    settings.WRES_MAX_UPLOAD_BYTES = 1000
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" + b"1,2\n" * (body_limit() // 4 + 10))
    client = Client(enforce_csrf_checks=True)  # no token: the size is refused before the CSRF check
    client.force_login(people.user(Role.ADMIN))  # type: ignore[arg-type]
    with big.open("rb") as fh:
        response = client.post(reverse("upload", kwargs={"org": ORG_A}), {"extract": fh})
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is too large" in page
    assert "smaller than 1000 bytes" in page
    assert "Nothing was uploaded" in page
    assert not Upload.objects.exists()
    uploads_dir = Path(settings.WEB_DATA) / "uploads"
    assert not uploads_dir.exists() or not any(uploads_dir.iterdir())


def test_the_size_limit_never_reads_the_body() -> None:
    """The middleware decides from ``Content-Length`` alone: reading the body would fail this test."""

    class Unreadable(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            raise AssertionError("the body was read")

        def readline(self, size: int | None = -1) -> bytes:
            raise AssertionError("the body was read")

    def never(request: HttpRequest) -> HttpResponse:
        raise AssertionError("the request went on to the view")

    request = RequestFactory().post("/SY001/data/upload", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(body_limit() + 1)
    request.META["wsgi.input"] = Unreadable()
    request.user = AnonymousUser()
    assert RequestSizeLimitMiddleware(never)(request).status_code == 413
    request.META["CONTENT_LENGTH"] = str(body_limit())
    passed = RequestSizeLimitMiddleware(lambda r: HttpResponse("ok"))(request)
    assert passed.status_code == 200
    request.META["CONTENT_LENGTH"] = "not a number"
    assert declared_length(request) == 0


def test_history_shows_the_ledger_and_the_form_to_importers_only(
    people: People, client_as: ClientAs, store_path: Path
) -> None:
    with Store(store_path, read_only=True) as st:
        mine = [r for r in list_imports(st) if ORG_A in r.organisations]
    assert mine
    analyst = client_as(Role.ANALYST).get(reverse("data", kwargs={"org": ORG_A}))
    html = analyst.content.decode()
    assert analyst.status_code == 200
    for r in mine:
        assert reverse("import_detail", kwargs={"org": ORG_A, "import_id": r.import_id}) in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("upload", kwargs={"org": ORG_A}) in html
    assert "(command line)" in html
    edi = client_as(Role.EDI_LEAD).get(reverse("data", kwargs={"org": ORG_A})).content.decode()
    assert "Import history" in edi
    assert 'enctype="multipart/form-data"' not in edi
    detail = client_as(Role.EDI_LEAD).get(
        reverse("import_detail", kwargs={"org": ORG_A, "import_id": mine[0].import_id})
    )
    assert detail.status_code == 200
    assert mine[0].file_name in detail.content.decode()
    assert (
        client_as(Role.EDI_LEAD).get(reverse("import_detail", kwargs={"org": ORG_A, "import_id": 9999})).status_code
        == 404
    )


def test_uploads_left_waiting_for_a_week_are_discarded(people: People, settings: SettingsWrapper) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from wres.web.uploads import STALE_AFTER, discard_stale, upload_folder

    old = Upload.objects.create(organisation=people.org_a, filename="old.csv", sha256="2" * 64, size=1)
    new = Upload.objects.create(organisation=people.org_a, filename="new.csv", sha256="3" * 64, size=1)
    done = Upload.objects.create(
        organisation=people.org_a, filename="done.csv", sha256="4" * 64, size=1, status=Upload.Status.IMPORTED
    )
    for item in (old, new):
        upload_folder(item.id).mkdir(parents=True)
        (upload_folder(item.id) / item.filename).write_text("x")
    Upload.objects.filter(id__in=[old.id, done.id]).update(created=timezone.now() - STALE_AFTER - timedelta(hours=1))
    assert discard_stale() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    done.refresh_from_db()
    assert old.status == Upload.Status.DISCARDED
    assert not upload_folder(old.id).exists()
    assert new.status == Upload.Status.VALIDATED
    assert upload_folder(new.id).exists()
    assert done.status == Upload.Status.IMPORTED
