"""Every page of the dashboard in Chromium: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds no serious or
critical violation, the Content-Security-Policy is never violated, and no page asks anything of another origin.

The pages are found the way a user finds them: signed in as a role, following every link from the start page
(bounded), plus the pages no link leads to (sign-in, not found). Each page is opened twice: in a normal browser
context (CSP enforced: violations and requests recorded) and in one that lets axe-core's script in.
"""

from __future__ import annotations

from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from tests.web.browser import Watched, axe_violations, browser, new_page, screenshot, sign_in
from tests.web.conftest import PASSWORD, People

from wres.web.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]

MAX_PAGES = 80
SKIP = ("/logout/", "/static/", "format=csv", "/export.")


def _is_download(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) >= 5 and parts[2] == "reports"


def crawl(w: Watched, start: str) -> list[str]:
    """Same-origin pages reachable by links from ``start`` (breadth first, at most :data:`MAX_PAGES`)."""
    seen: set[str] = set()
    queue = deque([start])
    found: list[str] = []
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = w.page.goto(url)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found.append(w.page.url)
        hrefs = w.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            href = urldefrag(href).url
            parsed = urlparse(href)
            if not href.startswith(w.origin) or any(s in href for s in SKIP) or _is_download(parsed.path):
                continue
            if href not in seen:
                queue.append(href)
    return found


def _check(enforced: Watched, axe_page: Any, url: str, label: str) -> list[str]:
    problems = []
    enforced.console_errors.clear()
    enforced.requests.clear()
    enforced.page.goto(url)
    enforced.page.wait_for_load_state("load")
    if enforced.csp_violations():
        problems.append(f"{url}: CSP violations {enforced.csp_violations()}")
    if enforced.external_requests():
        problems.append(f"{url}: requests to other origins {enforced.external_requests()}")
    axe_page.goto(url)
    axe_page.wait_for_load_state("load")
    violations = axe_violations(axe_page)
    if violations:
        screenshot(axe_page, f"a11y-{label}-{urlparse(url).path}")
        problems.append(f"{url}: axe {violations}")
    return problems


@pytest.mark.parametrize("role", [Role.ADMIN, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER], ids=lambda r: r.value)
def test_every_page_a_role_reaches(role: Role, browser: Any, live_server: Any, people: People) -> None:
    origin = live_server.url
    user = people.user(role)
    enforced = new_page(browser, origin)
    with_axe = new_page(browser, origin, bypass_csp=True)
    for w in (enforced, with_axe):
        sign_in(w, user.username, PASSWORD)  # type: ignore[attr-defined]
    pages = crawl(enforced, f"{origin}/")
    paths = {urlparse(p).path for p in pages}
    assert f"/org/{people.org_a.code}/" in paths, pages
    if role is Role.ADMIN:
        for section in ("data", "reports", "people", "audit"):
            assert f"/org/{people.org_a.code}/{section}/" in paths, (section, sorted(paths))
        assert any("/indicators/" in p for p in paths), sorted(paths)
    problems: list[str] = []
    for url in pages:
        problems += _check(enforced, with_axe.page, url, role.value)
    assert not problems, "\n".join(problems)


def test_pages_no_link_leads_to(browser: Any, live_server: Any, people: People) -> None:
    origin = live_server.url
    anonymous = new_page(browser, origin)
    anonymous_axe = new_page(browser, origin, bypass_csp=True)
    problems = _check(anonymous, anonymous_axe.page, f"{origin}/login/", "anonymous")
    problems += _check(anonymous, anonymous_axe.page, f"{origin}/about/", "anonymous")
    signed = new_page(browser, origin)
    signed_axe = new_page(browser, origin, bypass_csp=True)
    for w in (signed, signed_axe):
        sign_in(w, people.user(Role.ANALYST).username, PASSWORD)  # type: ignore[attr-defined]
    problems += _check(signed, signed_axe.page, f"{origin}/org/NOPE/", "analyst")
    problems += _check(signed, signed_axe.page, f"{origin}/logout/", "analyst")
    problems += _check(signed, signed_axe.page, f"{origin}/account/password/", "analyst")
    assert not problems, "\n".join(problems)


def test_pages_in_states_no_link_leads_to(browser: Any, live_server: Any, people: People) -> None:
    """The pages issue 14 changed, in the states a crawl does not meet: invitations waiting (start page, account,
    people), a report set being generated, a locked sign-in on a person's page, the invitation and password forms
    with their errors."""
    from axes.models import AccessAttempt
    from django.utils import timezone

    from wres.web.models import Invitation, Membership, ReportJob

    org = people.org_a
    Invitation.objects.create(organisation=org, username="analyst-user", role=Role.BOARD_MEMBER.value)
    Invitation.objects.create(organisation=people.org_b, username="analyst-user", role=Role.ANALYST.value)
    ReportJob.objects.create(organisation=org, year=2025, tier="public")
    ReportJob.objects.create(
        organisation=org, year=2024, tier="public", status="failed", finished=timezone.now(), message="It failed."
    )
    AccessAttempt.objects.create(
        username="analyst-user",
        ip_address="203.0.113.1",
        user_agent="test",
        attempt_time=timezone.now(),
        failures_since_start=10,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
    )
    analyst = Membership.objects.get(user=people.user(Role.ANALYST), organisation=org)
    origin = live_server.url
    problems: list[str] = []
    invitee = new_page(browser, origin)
    invitee_axe = new_page(browser, origin, bypass_csp=True)
    for w in (invitee, invitee_axe):
        sign_in(w, "analyst-user", PASSWORD)
    for path in ("/", "/account/"):
        problems += _check(invitee, invitee_axe.page, f"{origin}{path}", "invitee")
    admin = new_page(browser, origin)
    admin_axe = new_page(browser, origin, bypass_csp=True)
    for w in (admin, admin_axe):
        sign_in(w, "admin-user", PASSWORD)
    base = f"{origin}/org/{org.code}"
    for path in (
        "/people/",
        f"/people/{analyst.pk}/",
        f"/people/{analyst.pk}/password/",
        "/people/invite/",
        "/reports/",
    ):
        problems += _check(admin, admin_axe.page, base + path, "admin")
    # The forms with their errors.
    for path, button in (("/people/invite/", "Send invitation"), (f"/people/{analyst.pk}/password/", "Reset password")):
        admin_axe.page.goto(base + path)
        if path.endswith("password/"):
            admin_axe.page.fill("input[type=password]", "password")
        admin_axe.page.get_by_role("button", name=button).click()
        admin_axe.page.wait_for_load_state("load")
        assert admin_axe.page.locator(".nhsuk-error-summary").count() == 1, path
        violations = axe_violations(admin_axe.page)
        if violations:
            problems.append(f"{path} with errors: axe {violations}")
    assert not problems, "\n".join(problems)


LAYOUT = """() => {
  const out = {scrollWidth: document.documentElement.scrollWidth, change: [], texts: [], overlaps: []};
  for (const th of document.querySelectorAll('main table thead th')) {
    if (th.textContent.trim().startsWith('Change')) {
      const r = th.getBoundingClientRect();
      // what shows without scrolling: the table container (which the design system's table overhangs by 2 px)
      const box = th.closest('.wres-table-scroll').getBoundingClientRect();
      out.change.push([r.left, r.right, Math.min(box.right + 2, window.innerWidth)]);
    }
  }
  for (const svg of document.querySelectorAll('main svg.chart-svg')) {
    if (svg.getBoundingClientRect().width === 0) continue;  // not displayed at this width (the SPC charts' other size)
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const boxes = [];
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      out.texts.push([t.textContent.trim(), size]);
      const r = t.getBoundingClientRect();
      boxes.push([t.textContent.trim(), r.left, r.top, r.right, r.bottom]);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a[3], b[3]) - Math.max(a[1], b[1]), h = Math.min(a[4], b[4]) - Math.max(a[2], b[2]);
      if (w > 1 && h > 1) out.overlaps.push([a[0], b[0]]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("role", [Role.ANALYST, Role.NETWORK_MEMBER], ids=lambda r: r.value)
def test_indicator_pages_read_at_1200_and_390(role: Role, browser: Any, live_server: Any, people: People) -> None:
    """Issue 14: on every indicator page (and the breakdowns the tier offers) the change column is inside the first
    screen at 1,200 px (no sideways scrolling), a 390 px phone never scrolls the page sideways (tables stack), chart
    labels render at 13 px or more without overlapping, and axe finds no serious or critical violation."""
    origin = live_server.url
    base = f"{origin}/org/{people.org_a.code}/indicators"
    targets = [f"{base}/{n}/" for n in range(1, 10)]
    if role is Role.ANALYST:
        targets += [f"{base}/{n}/?breakdown={by}" for n in (1, 2, 5) for by in ("band", "staff_group")]
    problems: list[str] = []
    for width in (1200, 390):
        w = new_page(browser, origin, bypass_csp=True, width=width)
        sign_in(w, people.user(role).username, PASSWORD)  # type: ignore[attr-defined]
        for target in targets:
            response = w.page.goto(target)
            assert response is not None
            assert response.status == 200, target
            w.page.wait_for_load_state("load")
            layout = w.page.evaluate(LAYOUT)
            where = f"{target} at {width} px"
            if layout["scrollWidth"] > width:
                problems.append(f"{where}: the page scrolls sideways ({layout['scrollWidth']} px)")
            if width == 1200:
                if "/9/" not in target and "/1/" not in target:
                    assert layout["change"], where  # every comparison table ends with the change
                for left, right, edge in layout["change"]:
                    if right > edge + 0.5 or left < 0:
                        problems.append(f"{where}: change column at {left:.0f}–{right:.0f} px")
                small = [t for t in layout["texts"] if t[1] < 13]
                if small:
                    problems.append(f"{where}: chart labels under 13 px {small[:3]}")
            if layout["overlaps"]:
                problems.append(f"{where}: chart labels overlap {layout['overlaps'][:3]}")
            violations = axe_violations(w.page)
            if violations:
                screenshot(w.page, f"indicator-{role.value}-{width}-{target.rsplit('/', 2)[-2]}")
                problems.append(f"{where}: axe {violations}")
    assert not problems, "\n".join(problems)
