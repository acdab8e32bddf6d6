"""Uploads are read with the reader limits of ``wres import`` (issue 13): one set, :mod:`wres.ingest.limits`,
configured in one place (``[reader]`` of wres.toml). A zip bomb uploaded as a workbook is refused from its zip
directory with the same message as on the command line, and a configured limit applies to uploads as it does to
``wres import``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.web.conftest import People
from tests.web.webstore import raw_files

from wres.web.models import Upload
from wres.web.roles import Role

ClientAs = Callable[[Role | None], Client]
ORG_A = "SY001"
SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(autouse=True)
def _key_and_folder(
    store_path: Path, tmp_path: Path, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared warehouse's key, a web data folder of the test's own and no wres.toml of the user's."""
    monkeypatch.setenv("WRES_KEY_FILE", str(store_path.parent / "pseudonym.key"))
    monkeypatch.setenv("WRES_CONFIG", str(tmp_path / "no-config.toml"))
    settings.WEB_DATA = tmp_path / "web"


def upload(client: Client, path: Path) -> Upload:
    with path.open("rb") as fh:
        response = client.post(reverse("upload", kwargs={"org": ORG_A}), {"extract": fh})
    assert response.status_code == 302, response.content[:2000]
    return Upload.objects.get(filename=path.name, organisation__code=ORG_A)


def zip_bomb() -> bytes:
    """A workbook whose sheet is 4 MB of one repeated row, compressed to a few KB."""
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    cell = '<c t="inlineStr"><is><t>x</t></is></c>'
    xml = f'<worksheet xmlns="{NS}"><sheetData>{f"<row>{cell}{cell}</row>" * 60_000}</sheetData></worksheet>'
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = xml.encode() if member.filename == SHEET else source.read(member)
            target.writestr(member.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def test_a_zip_bomb_upload_is_refused_before_it_is_parsed(people: People, client_as: ClientAs, tmp_path: Path) -> None:
    path = tmp_path / "bomb" / "esr_staff_2025-03-31.xlsx"
    path.parent.mkdir()
    path.write_bytes(zip_bomb())
    made = upload(client_as(Role.ADMIN), path)
    assert made.status == Upload.Status.REFUSED
    error = made.report["error"]
    assert error.startswith(f"{path.name}: refused: part '{SHEET}' of the workbook would decompress from "), error
    assert "more than the 100 to 1 allowed" in error
    assert str(tmp_path) not in error  # the server's path is never shown


def test_uploads_use_the_configured_limits(
    people: People, client_as: ClientAs, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "wres.toml"
    config.write_text("[reader]\nmax_rows = 10\n", encoding="utf-8")
    monkeypatch.setenv("WRES_CONFIG", str(config))
    (raw,) = [p for p in raw_files(store_path) if p.name == "esr_staff_2025-03-31.csv"]
    path = tmp_path / "extract" / raw.name  # the first 50 rows: a file not imported yet
    path.parent.mkdir()
    path.write_bytes(b"".join(raw.read_bytes().splitlines(keepends=True)[:51]))
    made = upload(client_as(Role.ADMIN), path)
    assert made.status == Upload.Status.REFUSED
    assert (
        made.report["error"] == f"{raw.name}: refused: the file has more than 10 rows (the limit); nothing was imported"
    )


# --- refused in seconds, within 100 MB: the checks come before any parsing (issue 14) ---------------------------

MEMORY_LIMIT = 100 * 1024 * 1024


def _refused_cheaply(client: Client, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Upload, int]:
    """Upload ``path`` with the readers and the importer made to fail if called: the refusal must come from the
    pre-parse checks. Returns the upload and the peak of Python memory allocated meanwhile (tracemalloc)."""
    import tracemalloc

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed: the limit check must come first")

    monkeypatch.setattr("wres.ingest.importer.import_files", never)
    monkeypatch.setattr("wres.ingest.readers.read_raw", never)
    tracemalloc.start()
    try:
        made = upload(client, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"{path.name}: refused, peak {peak / 1024 / 1024:.1f} MB")
    return made, peak


def test_a_zip_bomb_is_refused_from_its_directory_without_parsing(
    people: People, client_as: ClientAs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb2" / "esr_staff_2025-03-31.xlsx"
    path.parent.mkdir()
    path.write_bytes(zip_bomb())
    made, peak = _refused_cheaply(client_as(Role.ADMIN), path, monkeypatch)
    assert made.status == Upload.Status.REFUSED
    assert "looks like a zip bomb" in made.report["error"]
    assert peak < MEMORY_LIMIT


def test_a_binary_file_named_csv_is_not_a_text_file(
    people: People, client_as: ClientAs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    path = tmp_path / "binary" / "esr_staff_2025-03-31.csv"
    path.parent.mkdir()
    path.write_bytes(random.Random(14).randbytes(300_000))
    made, peak = _refused_cheaply(client_as(Role.ADMIN), path, monkeypatch)
    assert made.status == Upload.Status.REFUSED
    assert made.report["error"].startswith("esr_staff_2025-03-31.csv is not a text file"), made.report["error"]
    assert peak < MEMORY_LIMIT


def test_a_workbook_named_csv_and_a_csv_named_xlsx_are_refused(
    people: People, client_as: ClientAs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "renamed"
    folder.mkdir()
    book = folder / "esr_staff_2025-03-31.csv"
    book.write_bytes(zip_bomb())
    made, _ = _refused_cheaply(client_as(Role.ADMIN), book, monkeypatch)
    assert "is not a text file: it looks like an Excel workbook" in made.report["error"]
    text = folder / "esr_staff_2024-03-31.xlsx"
    text.write_text("a,b\n1,2\n", encoding="utf-8")
    made, _ = _refused_cheaply(client_as(Role.ADMIN), text, monkeypatch)
    assert "is not an Excel workbook (.xlsx): it is not a zip archive" in made.report["error"]


def test_text_with_a_utf16_or_control_characters_is_not_text() -> None:
    from wres.web.uploads import looks_like_text

    assert looks_like_text("Assignment,Ethnic Origin\r\n1,A White - British\r\n".encode("cp1252"))
    assert looks_like_text("Né,Zoë\n".encode())
    assert not looks_like_text("a,b\n".encode("utf-16"))  # NUL bytes between the characters
    assert not looks_like_text(b"a,b\n" + b"\x01\x02\x03" * 10)


def test_an_oversized_upload_is_refused_before_it_is_kept(
    people: People, client_as: ClientAs, tmp_path: Path, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracemalloc

    settings.WRES_MAX_UPLOAD_BYTES = 100_000
    path = tmp_path / "big" / "esr_staff_2025-03-31.csv"
    path.parent.mkdir()
    path.write_bytes(b"a,b\n" + b"1,2\n" * 40_000)  # 160 KB
    monkeypatch.setattr("wres.web.uploads.store_upload", lambda *a, **k: pytest.fail("an oversized file was kept"))
    tracemalloc.start()
    try:
        with path.open("rb") as fh:
            response = client_as(Role.ADMIN).post(reverse("upload", kwargs={"org": ORG_A}), {"extract": fh})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "The selected file must be smaller than 97.7 KB (it is 156.3 KB)" in response.content.decode()
    assert not Upload.objects.exists()
    assert peak < MEMORY_LIMIT


def _workbook(path: Path, rows: list[list[str]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_a_workbook_without_any_profiles_header_is_refused_from_its_first_rows(
    people: People, client_as: ClientAs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader parses a whole sheet before it looks at the header (30 s for a 6 MB workbook of 140 MB of XML):
    the upload looks at the first rows only and refuses at once, with the importer's own message."""
    path = tmp_path / "wrong" / "esr_staff_2025-03-31.xlsx"
    path.parent.mkdir()
    _workbook(path, [[f"Col{i}" for i in range(20)], *([["x"] * 20] * 2000)])
    made, peak = _refused_cheaply(client_as(Role.ADMIN), path, monkeypatch)
    assert made.status == Upload.Status.REFUSED
    assert made.report["error"].startswith("No import profile matches the columns Col0, Col1"), made.report["error"]
    assert peak < MEMORY_LIMIT


def test_a_workbook_with_a_profiles_header_passes_the_precheck(store_path: Path, tmp_path: Path) -> None:
    import csv

    from wres.web.uploads import precheck

    (raw,) = [p for p in raw_files(store_path) if p.name == "esr_staff_2025-03-31.csv"]
    with raw.open(encoding="utf-8") as fh:
        rows = [row for _, row in zip(range(30), csv.reader(fh), strict=False)]
    path = tmp_path / raw.with_suffix(".xlsx").name
    _workbook(path, [["Staff in post, March 2025"], [], *rows])  # a title above the header, as exports have
    assert precheck(path, path.name) is None


def test_the_peek_reads_shared_strings_rich_text_and_a_sheet_without_its_size(tmp_path: Path) -> None:
    """openpyxl writes shared strings; a crafted sheet has no <dimension> (openpyxl would parse all of it first)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from wres.web.xlsx_peek import first_rows

    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Title"])
    sheet.append([])
    sheet.append(["Employee Number", CellRichText(TextBlock(InlineFont(b=True), "Ethnic"), " Origin"), 7, None, "x"])
    for i in range(50):
        sheet.append([str(i), "A White - British", i])
    book.save(path)
    with path.open("rb") as fh:
        rows = first_rows(fh, 3)
    assert rows == [["Title"], ["Employee Number", "Ethnic Origin", "7", "", "x"], ["0", "A White - British", "0"]]
    with (tmp_path / "bomb.xlsx").open("wb") as out:
        out.write(zip_bomb())  # inline strings, no <dimension>
    with (tmp_path / "bomb.xlsx").open("rb") as fh:
        assert first_rows(fh, 2) == [["x", "x"], ["x", "x"]]
    (tmp_path / "not.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with (tmp_path / "not.xlsx").open("rb") as fh:
        assert first_rows(fh, 2) is None
