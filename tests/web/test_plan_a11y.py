"""The plan's pages to read in Chromium (issue 15, task D): every page crawled from the plan page as each role that
may see it, with axe-core finding no serious or critical violation, no Content-Security-Policy violation and no
request to another origin (the checks of tests/web/test_a11y.py); screenshots at 1,200 and 390 px wide."""

from __future__ import annotations

import re
from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from tests.web.browser import axe_violations, browser, new_page, screenshot, sign_in
from tests.web.conftest import PASSWORD, People
from tests.web.test_a11y import _check
from tests.web.test_plan_pages import TODAY, sample_plan

from wres.web.plan.models import Comment, Objective
from wres.web.plan.records_io import save_plan
from wres.web.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


OWN = re.compile(r"/plan/(?:$|plans/(?:\d+/)?$|objectives/\d+/$|engagement/$|history/$)")
"""The pages to read (this task's); the forms have their own accessibility test (test_plan_forms_a11y.py)."""


def plan_pages(w: Any, start: str) -> list[str]:
    """The plan's pages to read reachable by links from ``start``."""
    seen: set[str] = set()
    queue = deque([start])
    found: list[str] = []
    while queue and len(found) < 30:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = w.page.goto(url)
        if response is None or response.status != 200:
            continue
        found.append(w.page.url)
        for href in w.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            href = urldefrag(href).url
            if href.startswith(w.origin) and OWN.search(urlparse(href).path) and href not in seen:
                queue.append(href)
    return found


@pytest.fixture
def plan(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wres.web.views.plan._today", lambda: TODAY)
    saved = save_plan(people.org_a, sample_plan(people.org_a.code), people.user(Role.EDI_LEAD))  # type: ignore[arg-type]
    o1 = Objective.objects.get(plan=saved, ref="O1")
    first = Comment.objects.create(objective=o1, author=people.user(Role.NETWORK_MEMBER), text="Night shifts too?")  # type: ignore[misc]
    Comment.objects.create(objective=o1, author=people.user(Role.EDI_LEAD), text="Yes, from July.", reply_to=first)  # type: ignore[misc]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_plan_page_a_role_reaches(role: Role, plan: None, browser: Any, live_server: Any, people: People) -> None:
    origin = live_server.url
    user = people.user(role)
    enforced = new_page(browser, origin)
    with_axe = new_page(browser, origin, bypass_csp=True)
    for w in (enforced, with_axe):
        sign_in(w, user.username, PASSWORD)  # type: ignore[attr-defined]
    start = f"{origin}/org/{people.org_a.code}/plan/"
    pages = plan_pages(enforced, start)
    paths = {urlparse(p).path for p in pages}
    code = people.org_a.code
    assert f"/org/{code}/plan/" in paths
    assert any("/plan/objectives/" in p for p in paths), sorted(paths)
    if role in (Role.ADMIN, Role.EDI_LEAD, Role.BOARD_MEMBER, Role.NETWORK_MEMBER):
        assert f"/org/{code}/plan/engagement/" in paths, sorted(paths)
    if role is not Role.REGIONAL_VIEWER:
        assert f"/org/{code}/plan/history/" in paths, sorted(paths)
    problems: list[str] = []
    for url in [*pages, f"{origin}/org/{code}/"]:
        problems += _check(enforced, with_axe.page, url, f"plan-{role.value}")
    assert not problems, "\n".join(problems)


def test_plan_pages_at_two_widths(plan: None, browser: Any, live_server: Any, people: People) -> None:
    """Screenshots for a person to look at (test-artifacts/web/), and axe at the narrow width too."""
    origin = live_server.url
    code = people.org_a.code
    o1 = Objective.objects.get(plan__organisation=people.org_a, ref="O1")
    problems: list[str] = []
    for width in (1200, 390):
        w = new_page(browser, origin, bypass_csp=True, width=width)
        sign_in(w, people.user(Role.EDI_LEAD).username, PASSWORD)  # type: ignore[attr-defined]
        for name, path in (
            ("plan", "/plan/"),
            ("objective", f"/plan/objectives/{o1.pk}/"),
            ("engagement", "/plan/engagement/"),
            ("history", "/plan/history/"),
            ("dashboard", "/"),
        ):
            w.page.goto(f"{origin}/org/{code}{path}")
            w.page.wait_for_load_state("load")
            screenshot(w.page, f"plan-{name}-{width}")
            violations = axe_violations(w.page)
            if violations:
                problems.append(f"{path} at {width}px: {violations}")
    assert not problems, "\n".join(problems)
