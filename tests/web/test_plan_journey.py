"""The race equality plan end to end in Debian's Chromium, as people would use it (issue 15, "Checks"): the EDI lead
creates a plan, an objective on indicator 2 for band 8a and above and three actions; a staff-network member
comments on the objective; the lead records an engagement session and a review; the objective's impact view marks
the actions' and the review's dates; the board member reads the plan; the lead publishes it and the public report
contains the published plan without anyone's name. Every form is filled by its labels and sent by its button.
Screenshots of each step go to ``test-artifacts/web/``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.web.browser import axe_violations, browser, new_page, screenshot, scripts_ready, sign_in
from tests.web.conftest import PASSWORD, People

from wres.web import figures
from wres.web.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]

TITLE = "Race Equality Plan 2025 to 2028"
OBJECTIVE = "Fair appointment to senior posts"
ACTIONS = {
    "A1": "Diverse interview panels for every post at band 8a and above",
    "A2": "Shortlisting without names for senior posts",
    "A3": "Talent conversations for BME staff at band 7",
}
COMMENT = "The network asks that panel members are trained before the panels start."
# The names given to the accounts below: the public report must carry none of them, nor the user names.
TIMEOUT = 180_000
"""Milliseconds: a year's figures, and the report set, take seconds on a loaded machine."""
NAMES = {Role.EDI_LEAD: ("Ada", "Okafor"), Role.BOARD_MEMBER: ("Grace", "Mensah")}


def _fill_date(page: Any, legend: str, day: int, month: int, year: int) -> None:
    """An NHS.UK date input: its fieldset is named by the legend, its boxes Day, Month and Year."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day))
    group.get_by_label("Month", exact=True).fill(str(month))
    group.get_by_label("Year", exact=True).fill(str(year))


def _choose(page: Any, legend: str, option: str) -> None:
    """A radio (or checkbox) of the fieldset named ``legend``."""
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def _main(page: Any) -> str:
    return str(page.locator("main").inner_text())


def test_plan_journey(browser: Any, live_server: Any, people: People, tmp_path: Path, settings: Any) -> None:
    settings.WEB_DATA = tmp_path / "web"  # the report set of this test, nobody else's
    figures.clear()
    org = people.org_a.code
    user_model = get_user_model()
    for role, (first, last) in NAMES.items():
        user_model.objects.filter(pk=people.user(role).pk).update(first_name=first, last_name=last)  # type: ignore[attr-defined]
    lead_name = "Ada Okafor (edi_lead-user)"

    # ------------------------------------------------------------------ 1. the EDI lead: plan, objective, actions
    lead = new_page(browser, live_server.url)
    page = lead.page
    page.set_default_timeout(TIMEOUT)
    sign_in(lead, "edi_lead-user", PASSWORD)
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("link", name="Create a plan").click()
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Vision", exact=True).fill("Every member of staff has a fair chance at every stage of a career.")
    page.get_by_label("First year of the plan").fill("2025")
    page.get_by_label("Last year of the plan").fill("2028")
    _choose(page, "Status", "Draft")
    screenshot(page, "plan-journey-1a-create-plan")
    page.get_by_role("button", name="Create the plan").click()
    page.get_by_role("heading", level=1, name=re.compile(TITLE)).wait_for()
    assert "Draft" in _main(page)

    # The objective: indicator 2 (relative likelihood of White staff being appointed from shortlisting compared
    # with BME staff) for band 8a and above. The results hold indicator 2 by band (8a, 8b, ...) and by cluster
    # (8a-8b, 8c-VSM); no part is "8a and above" as a whole, so the objective takes the cluster 8a-8b, the part
    # the form's own hint names for a band. The form has a second, optional measure with the same labels: the
    # first "Indicator", "Breakdown" and "Part of the breakdown" are the objective's measure.
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Reference", exact=True).fill("O1")
    page.get_by_label("Title", exact=True).fill(OBJECTIVE)
    page.get_by_label("Indicator", exact=True).first.select_option(label="Indicator 2")
    page.get_by_label("Breakdown", exact=True).first.select_option(label="cluster")
    page.get_by_label("Part of the breakdown", exact=True).first.fill("8a-8b")
    page.get_by_label("Baseline year").fill("2024")
    # Indicator 2 improves towards parity (1.0); the baseline is above it, so a target of 1.25 is on the improving
    # side.
    page.get_by_label("Target value").fill("1.25")
    page.get_by_label("Target year").fill("2028")
    page.get_by_label("Executive sponsor", exact=True).select_option(label="Grace Mensah (board_member-user)")
    page.get_by_label("Executive sponsor's role title").fill("Chief People Officer")
    page.get_by_label("Owner", exact=True).select_option(label=lead_name)
    page.get_by_label("Owner's role title").fill("Head of Equality, Diversity and Inclusion")
    page.get_by_role("checkbox", name=re.compile(r"2\. Embed fair and inclusive recruitment")).check()
    page.get_by_label("Staff networks that co-designed it").fill("Race Equality Network")
    screenshot(page, "plan-journey-1b-objective-form")
    page.get_by_role("button", name="Save the objective").click()
    page.get_by_role("heading", level=1, name=f"O1: {OBJECTIVE}").wait_for()
    objective_url = page.url
    # The baseline is read from the results, never typed: the synthetic trust's 2024 shortlisting at bands 8a-8b
    # had 10 of 18 White and 2 of 20 BME shortlisted staff appointed, (10/18) / (2/20) = 5.5556, shown as 5.56.
    baseline = page.locator("dl").first.inner_text()
    assert "Baseline to target\t2024: 5.56 to 2028: 1.25" in baseline, baseline
    screenshot(page, "plan-journey-1c-objective")

    actions = (
        # ref, status, start, due, completed, evidence
        ("A1", "Done", (1, 4, 2025), (30, 9, 2025), (15, 9, 2025), "Panel rotas for 2025, on the intranet"),
        ("A2", "In progress", (1, 10, 2025), (31, 3, 2027), None, ""),
        ("A3", "Not started", (1, 4, 2027), (31, 3, 2028), None, ""),
    )
    for ref, status, start, due, completed, evidence in actions:
        page.goto(f"{live_server.url}/org/{org}/plan/")
        page.get_by_role("link", name="Add an action").click()
        page.get_by_label("Reference", exact=True).fill(ref)
        page.get_by_label("What will be done").fill(ACTIONS[ref])
        page.get_by_role("checkbox", name=re.compile(f"O1: {OBJECTIVE}")).check()
        page.get_by_label("Owner", exact=True).select_option(label=lead_name)
        page.get_by_label("Owner's role title").fill("Head of Equality, Diversity and Inclusion")
        _fill_date(page, "Start date", *start)
        _fill_date(page, "Due date", *due)
        _choose(page, "Status", status)
        if completed is not None:
            _fill_date(page, "Date completed", *completed)
            page.get_by_label("Evidence of completion").fill(evidence)
            page.get_by_label("Links to evidence").fill("https://intranet.example.nhs.uk/panels")
            screenshot(page, "plan-journey-1d-action-form")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_role("heading", level=1, name=re.compile(TITLE)).wait_for()
        assert ACTIONS[ref] in _main(page), f"action {ref} is on the plan"
    screenshot(page, "plan-journey-1e-plan")

    # ------------------------------------------------------------ 2. a staff-network member comments on it
    member = new_page(browser, live_server.url)
    mpage = member.page
    mpage.set_default_timeout(TIMEOUT)
    sign_in(member, "network_member-user", PASSWORD)
    mpage.get_by_role("link", name="Plan", exact=True).click()
    mpage.get_by_role("link", name=f"O1: {OBJECTIVE}").click()
    mpage.get_by_role("heading", level=1, name=f"O1: {OBJECTIVE}").wait_for()
    mpage.get_by_label("Your comment").fill(COMMENT)
    mpage.get_by_role("button", name="Post comment").click()
    mpage.wait_for_load_state("load")
    assert COMMENT in _main(mpage), "the comment is on the objective page"
    screenshot(mpage, "plan-journey-2-comment")

    # ------------------------------------------------------ 3. the lead records engagement and a review
    page.get_by_role("link", name="Engagement", exact=True).click()
    page.get_by_role("link", name="Record an engagement").click()
    _fill_date(page, "Date", 12, 5, 2026)
    _choose(page, "Kind", "Session")
    page.get_by_label("Format", exact=True).fill("Listening event")
    page.get_by_label("Title (optional)").fill("Listening event on senior appointments")
    page.get_by_label("Groups taking part").fill("Race Equality Network")
    page.get_by_label("Number of participants").fill("23")
    page.get_by_label("Themes raised").fill("Panels that all look the same; feedback after interviews")
    page.get_by_label("Responses").fill("Diverse panels from April; written feedback offered to every candidate")
    screenshot(page, "plan-journey-3a-engagement-form")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state("load")
    session = page.locator("tr").filter(has_text="Listening event on senior appointments").inner_text()
    for cell in ("12 May 2026", "Race Equality Network", "23", "Panels that all look the same"):
        assert cell in session, (cell, session)
    assert "1 session with staff" in _main(page)
    screenshot(page, "plan-journey-3b-engagement")

    page.goto(objective_url)
    page.get_by_role("link", name="Record a review").click()
    _fill_date(page, "Date of the review", 1, 6, 2026)
    page.get_by_label("What we planned and predicted").fill(
        "Diverse panels at bands 8a-8b from April 2025; we predicted the ratio would fall below 4 by 2026."
    )
    page.get_by_label("What happened").fill("Panels were diverse for nine posts in ten; the ratio fell to 3.75.")
    page.get_by_label("What we learned from the data").fill("The interval is wide: too few appointments to be sure.")
    _choose(page, "Decision", "Adapt")
    page.get_by_label("Next steps").fill("Add shortlisting without names and look again after the 2026 data.")
    page.get_by_role("button", name="Save the review").click()
    page.get_by_role("heading", level=1, name=f"O1: {OBJECTIVE}").wait_for()

    # ------------------------------------------ 4. the impact view marks the actions' and the review's dates
    page.goto(objective_url)
    description = page.locator(".wres-chart-description").inner_text()
    for marked in (
        "Action started A1 on 1 April 2025",
        "Action completed A1 on 15 September 2025",
        "Action due A1 on 30 September 2025",
        "Action started A2 on 1 October 2025",
        "Action due A2 on 31 March 2027",
        "Action started A3 on 1 April 2027",
        "Action due A3 on 31 March 2028",
        "Review Adapt on 1 June 2026",
    ):
        assert marked in description, (marked, description)
    page.get_by_text("Dates marked on the chart").click()
    marks = page.locator("details").filter(has_text="Dates marked on the chart").inner_text()
    assert "Review: Adapt, 1 June 2026" in marks, marks
    assert "Action completed: A1, 15 September 2025" in marks, marks
    assert page.locator("#impact-figure svg").count() == 1
    text = _main(page)
    assert COMMENT in text, "the network member's comment"
    assert "Review held 1 June 2026: Adapt" in text
    screenshot(page, "plan-journey-4-impact")
    checker = new_page(browser, live_server.url, bypass_csp=True)
    checker.page.set_default_timeout(TIMEOUT)
    sign_in(checker, "edi_lead-user", PASSWORD)
    checker.page.goto(objective_url)
    assert axe_violations(checker.page) == []
    checker.page.set_viewport_size({"width": 390, "height": 900})
    screenshot(checker.page, "plan-journey-4-impact-390")

    # ----------------------------------------------------------------- 5. the board member reads the plan
    board = new_page(browser, live_server.url)
    bpage = board.page
    bpage.set_default_timeout(TIMEOUT)
    sign_in(board, "board_member-user", PASSWORD)
    bpage.get_by_role("link", name="Plan", exact=True).click()
    bpage.get_by_role("heading", level=1, name=re.compile(TITLE)).wait_for()
    card = bpage.locator(".nhsuk-card").filter(has=bpage.get_by_role("heading", name=f"O1: {OBJECTIVE}"))
    # The 2025 value 3.75 (95% interval 0.86 to 15.91) against the straight trajectory from 5.56 in 2024 to 1.25
    # in 2028, 5.5556 - (5.5556 - 1.25) / 4 = 4.48 in 2025: the interval reaches it, so on track.
    assert "On track" in card.inner_text(), card.inner_text()
    assert "Draft: not yet approved by the board" in _main(bpage)
    screenshot(bpage, "plan-journey-5-board")

    # -------------------------------------------- 6. published, and the public report carries the plan
    page.goto(f"{live_server.url}/org/{org}/plan/")
    page.get_by_role("link", name="Change the plan").click()
    _choose(page, "Status", "Published")
    _fill_date(page, "Date the board approved it", 25, 6, 2026)
    page.get_by_label("Board minute reference").fill("BM/26/041")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_role("heading", level=1, name=re.compile(TITLE)).wait_for()
    assert "Published" in _main(page)
    screenshot(page, "plan-journey-6a-published")

    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("heading", level=1, name="Reports").wait_for()
    scripts_ready(page)
    assert page.locator("input[name=tier][value=public]").is_checked()
    page.get_by_role("button", name="Generate").click()
    link = page.locator("a[href$='.html']").first
    link.wait_for()
    screenshot(page, "plan-journey-6b-reports")
    page.goto(live_server.url + str(link.get_attribute("href")))
    report = page.content()
    assert OBJECTIVE in report
    for description in ACTIONS.values():
        assert description in report, description
    assert "Head of Equality, Diversity and Inclusion" in report, "owners by role title"
    for name in (n for pair in NAMES.values() for n in pair):
        assert not re.search(rf"\b{name}\b", report), name
    for role in Role:
        assert f"{role.value}-user" not in report
    screenshot(page, "plan-journey-6c-public-report")
    assert not lead.external_requests(), lead.external_requests()
    assert not lead.csp_violations(), lead.csp_violations()
