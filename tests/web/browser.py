"""Driving Debian's Chromium (``/usr/bin/chromium``, installed by ``make setup``) with Playwright against the
test server (pytest-django's ``live_server``); never ``playwright install``.

Playwright's synchronous API runs an event loop in the test's thread, and Django refuses database calls from a
thread with a running loop; the browser tests set ``DJANGO_ALLOW_ASYNC_UNSAFE`` (the calls are synchronous).
Screenshots go to ``test-artifacts/web/`` (kept by CI as artefacts).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run `make setup`"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page with everything it did recorded: requests, console errors (CSP violations among them)."""

    def __init__(self, page: Any, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def external_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.origin, "data:", "blob:"))]

    def csp_violations(self) -> list[str]:
        return [e for e in self.console_errors if "Content Security Policy" in e or "Refused to" in e]


def new_page(browser: Any, origin: str, *, bypass_csp: bool = False, width: int = 1280) -> Watched:
    """A fresh browser context (own cookies). ``bypass_csp`` only for injecting axe-core, which is inline script."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=bypass_csp)
    return Watched(context.new_page(), origin)


def sign_in(w: Watched, username: str, password: str) -> None:
    """Sign in through the real form."""
    page = w.page
    page.goto(f"{w.origin}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    assert "/login/" not in page.url, f"sign-in failed for {username}: {page.url}"


def scripts_ready(page: Any) -> None:
    """Wait until the page's own module script (``wres/init.mjs``) has run: it is deferred, so a heading can be on
    the page before the form listeners are attached."""
    page.locator("html[data-wres-ready=true]").wait_for(state="attached")


def axe_violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    """Serious and critical axe-core violations of the page (WCAG 2.2 AA rule set)."""
    assert AXE.exists(), "axe-core is missing: run `make setup` (npm ci)"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
