"""End to end in Debian's Chromium, as an analyst would: sign in, read the dashboard, drill into an indicator,
upload an extract and read its validation report, import it, generate the report set and download a file.
Screenshots of each step go to ``test-artifacts/web/`` (CI keeps them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.web.browser import browser, new_page, screenshot, scripts_ready, sign_in
from tests.web.conftest import PASSWORD, People
from tests.web.test_data import new_version

from wres.web import figures
from wres.web.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


@pytest.fixture
def warehouse_copy(
    store_path: Path, tmp_path: Path, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A copy of the shared warehouse to import into (with its pseudonymisation key), and a web folder of its own."""
    copy = tmp_path / "copy" / "wres.duckdb"
    copy.parent.mkdir()
    shutil.copy2(store_path, copy)
    settings.STORE_PATH = copy
    settings.WEB_DATA = tmp_path / "web"
    monkeypatch.setenv("WRES_KEY_FILE", str(store_path.parent / "pseudonym.key"))
    figures.clear()
    return copy


def test_analyst_journey(
    browser: Any,
    live_server: Any,
    people: People,
    warehouse_copy: Path,
    store_path: Path,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.WRES_REPORT_JOBS_INLINE = False  # the report set is made on the worker thread, as in production
    org = people.org_a.code
    w = new_page(browser, live_server.url)
    page = w.page
    page.set_default_timeout(180_000)  # the first figures of a year, and the report set, take seconds under load

    # Sign in through the form: one organisation, so straight to its dashboard.
    sign_in(w, people.user(Role.ANALYST).username, PASSWORD)  # type: ignore[attr-defined]
    assert page.url.endswith(f"/org/{org}/"), page.url
    page.get_by_role("heading", level=1, name=re.compile(r"WRES indicators")).wait_for()
    cards = page.locator(".wres-card")
    assert cards.count() == 9
    assert "INTERNAL" in page.locator(".wres-internal-banner").inner_text()
    assert page.locator(".wres-card svg[role=img]").count() >= 1, "trend charts"
    screenshot(page, "e2e-1-dashboard")

    # Drill into indicator 2 (appointment from shortlisting): the report's sentence and chart with its table.
    page.get_by_role("link", name=re.compile(r"Indicator 2 in detail")).click()
    page.get_by_role("heading", level=1, name=re.compile(r"Indicator 2")).wait_for()
    assert "likely" in page.locator("main").inner_text(), "the generated explanation"
    assert page.locator("main svg[role=img]").count() >= 1
    assert page.locator("main table").count() >= 1
    screenshot(page, "e2e-2-indicator")

    # Data: upload a corrected extract and read its validation report.
    extract = new_version(store_path, tmp_path / "upload")
    page.get_by_role("link", name="Data", exact=True).click()
    page.get_by_label("Upload a file").set_input_files(str(extract))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("heading", level=1, name=extract.name).wait_for()
    report = page.locator("main").inner_text()
    assert "What the file holds" in report
    assert "What the import will replace" in report
    screenshot(page, "e2e-3-validation")
    page.get_by_role("button", name="Import this file").click()
    page.wait_for_load_state("load")
    assert f"/org/{org}/data/" in page.url
    assert "Imported" in page.locator("main").inner_text()
    screenshot(page, "e2e-4-imported")

    # Reports: generate the public set (the form says it is working, and ignores a second submission), then
    # download the workbook.
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("heading", level=1, name="Reports").wait_for()
    scripts_ready(page)
    # Pressing Generate twice: a listener added after the page's own sees whether the page let each submission
    # through, then stops it (so nothing navigates), and the form's status and button are read in between.
    seen, status, disabled = page.evaluate(
        """() => {
            const form = document.querySelector('form[data-busy]')
            const button = form.querySelector('button')
            const seen = []
            form.addEventListener('submit', (event) => { seen.push(event.defaultPrevented); event.preventDefault() })
            button.click()
            const status = form.querySelector('[role=status]').textContent
            const disabled = button.getAttribute('aria-disabled')
            button.click()
            return [seen, status, disabled]
        }"""
    )
    assert seen == [False, True], "the first submission goes, the second is ignored"
    assert "Starting to generate the report set" in status
    assert disabled == "true"
    page.reload()
    assert page.locator("input[name=tier][value=public]").is_checked(), "the form starts on the public tier"
    page.get_by_role("button", name="Generate").click()
    # The request returns at once; the page shows the job and polls it, then reloads with the set to download.
    page.get_by_role("heading", name="Being generated").wait_for()
    link = page.locator("a[href$='.xlsx']").first
    link.wait_for()
    assert page.get_by_role("heading", name="Being generated").count() == 0
    screenshot(page, "e2e-5-reports")
    with page.expect_download() as info:
        link.click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    assert saved.suffix == ".xlsx"
    assert saved.read_bytes()[:2] == b"PK", "an Office Open XML workbook"
    assert not w.external_requests(), w.external_requests()
    assert not w.csp_violations(), w.csp_violations()


def test_network_member_sees_public_figures_only(browser: Any, live_server: Any, people: People) -> None:
    w = new_page(browser, live_server.url)
    w.page.set_default_timeout(180_000)
    sign_in(w, people.user(Role.NETWORK_MEMBER).username, PASSWORD)  # type: ignore[attr-defined]
    page = w.page
    page.get_by_role("heading", level=1, name=re.compile(r"WRES indicators")).wait_for()
    assert page.locator(".wres-internal-banner").count() == 0
    menu = page.get_by_role("navigation", name="Menu").inner_text()
    assert "Data" not in menu
    assert "People" not in menu
    page.goto(f"{live_server.url}/org/{people.org_a.code}/?tier=internal")
    assert page.locator(".wres-internal-banner").count() == 0, "asking for the internal tier gives the public one"
    screenshot(page, "e2e-network-member-dashboard")
