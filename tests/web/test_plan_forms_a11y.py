"""The plan's form pages in Chromium as an EDI lead (issue 15): axe-core finds no serious or critical violation,
empty and with their errors, and the Content-Security-Policy is never violated; screenshots at 1200 and 390 px."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.web.browser import Watched, axe_violations, browser, new_page, screenshot, sign_in
from tests.web.conftest import PASSWORD, People

from wres.web.plan.models import (
    Action,
    BoardCommitment,
    Comment,
    Engagement,
    Objective,
    ObjectiveMeasure,
    Plan,
    Review,
    YouSaidWeDid,
)
from wres.web.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]
__all__ = ["browser"]


def _sample(people: People) -> dict[str, int]:
    plan = Plan.objects.create(organisation=people.org_a, title="Race equality plan", start_year=2025, end_year=2028)
    objective = Objective.objects.create(
        plan=plan,
        ref="O1",
        title="Fair shortlisting",
        baseline_year=2024,
        baseline_value=1.5,
        target_value=1.2,
        target_year=2027,
    )
    ObjectiveMeasure.objects.create(objective=objective, position=1, indicator="2")
    action = Action.objects.create(plan=plan, ref="A1", description="Panels")
    comment = Comment.objects.create(objective=objective, text="Why?")
    return {
        "plan": plan.pk,
        "objective": objective.pk,
        "action": action.pk,
        "review": Review.objects.create(objective=objective, held=date(2025, 6, 1), planned="p", decision="adopt").pk,
        "engagement": Engagement.objects.create(plan=plan, held=date(2025, 5, 1), format="forum", participants=3).pk,
        "item": YouSaidWeDid.objects.create(plan=plan, said="s").pk,
        "commitment": BoardCommitment.objects.create(
            plan=plan,
            member=people.user(Role.BOARD_MEMBER),
            objective="o",  # type: ignore[misc]
        ).pk,
        "comment": comment.pk,
    }


def _axe(w: Watched, url: str, label: str, *, submit: str | None = None) -> list[str]:
    page = w.page
    page.goto(url)
    page.wait_for_load_state("load")
    if submit is not None:
        page.get_by_role("button", name=submit).click()
        page.wait_for_load_state("load")
        assert page.locator(".nhsuk-error-summary").count() == 1, (url, "no error summary")
    problems = [f"{label}: CSP {w.csp_violations()}"] if w.csp_violations() else []
    violations = axe_violations(page)
    if violations:
        screenshot(page, f"a11y-plan-{label}")
        problems.append(f"{label} ({url}): axe {violations}")
    return problems


def test_the_plan_form_pages_as_an_edi_lead(
    browser: Any, live_server: Any, people: People, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ids = _sample(people)
    origin = live_server.url
    base = f"{origin}/org/{people.org_a.code}/plan"
    pages = {
        "plan-new": (f"{base}/new/", "Create the plan"),
        "plan-edit": (f"{base}/{ids['plan']}/edit/", None),
        "objective-new": (f"{base}/{ids['plan']}/objectives/new/", "Save the objective"),
        "objective-edit": (f"{base}/objectives/{ids['objective']}/edit/", None),
        "action-new": (f"{base}/{ids['plan']}/actions/new/", "Save"),
        "review-new": (f"{base}/objectives/{ids['objective']}/reviews/new/", None),
        "review-edit": (f"{base}/reviews/{ids['review']}/edit/", None),
        "engagement-new": (f"{base}/{ids['plan']}/engagement/new/", "Save"),
        "said-did-edit": (f"{base}/said-did/{ids['item']}/edit/", None),
        "commitment-edit": (f"{base}/commitments/{ids['commitment']}/edit/", None),
        "action-delete": (f"{base}/actions/{ids['action']}/delete/", None),
        "import": (f"{base}/import/", "Upload and check"),
    }
    problems: list[str] = []
    lead = new_page(browser, origin, bypass_csp=True)
    sign_in(lead, "edi_lead-user", PASSWORD)
    for label, (url, submit) in pages.items():
        problems += _axe(lead, url, label)
        if submit is not None:
            problems += _axe(lead, url, f"{label}-errors", submit=submit)
    for width in (1200, 390):
        w = new_page(browser, origin, width=width)
        sign_in(w, "edi_lead-user", PASSWORD)
        for label in ("objective-new", "action-new", "import"):
            url, submit = pages[label]
            w.page.goto(url)
            if submit is not None:
                w.page.get_by_role("button", name=submit).click()
                w.page.wait_for_load_state("load")
            screenshot(w.page, f"plan-form-{label}-{width}")
    # The upload's two outcomes: a workbook with problems (every one listed), and a clean one to confirm.
    from wres.plan import records as r
    from wres.plan.spreadsheet import write_xlsx

    folder = tmp_path_factory.mktemp("plan-a11y")
    clean = r.Plan(org_code=people.org_a.code, title="Next plan", start_year=2029, end_year=2032)
    bad = r.Plan(
        org_code=people.org_a.code,
        title="Bad",
        start_year=2029,
        end_year=2032,
        actions=(r.Action(ref="A1", description="x", objectives=("O9",), owner=r.Person("ghost", "Lead")),),
    )
    for label, record, heading in (
        ("import-problems", bad, "has problems"),
        ("import-confirm", clean, "Check the plan"),
    ):
        book = write_xlsx(record, folder / f"{label}.xlsx")
        for w in (lead, *[new_page(browser, origin, width=width) for width in (1200, 390)]):
            if w is not lead:
                sign_in(w, "edi_lead-user", PASSWORD)
            w.page.goto(pages["import"][0])
            w.page.set_input_files("#template", str(book))
            w.page.get_by_role("button", name="Upload and check").click()
            w.page.wait_for_load_state("load")
            assert heading in w.page.content(), label
            if w is lead:
                violations = axe_violations(w.page)
                if violations:
                    problems.append(f"{label}: axe {violations}")
            else:
                screenshot(w.page, f"plan-form-{label}-{w.page.viewport_size['width']}")
    # A board member's own commitment.
    board = new_page(browser, origin, bypass_csp=True)
    sign_in(board, "board_member-user", PASSWORD)
    problems += _axe(board, f"{base}/commitments/{ids['commitment']}/keep/", "commitment-keep")
    assert not problems, "\n".join(problems)
