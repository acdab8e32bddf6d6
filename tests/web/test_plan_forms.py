"""The plan's forms through the web (issue 15): every form's happy path, each bad-input rule with its message on the
field and nothing saved, POST refused (403) for every role without the right, a board member keeping only their
own commitment, comments and replies, the audit log and the history's author, and a review's frozen figures."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People

from wres.plan import records as r
from wres.web import figures
from wres.web.models import AuditEvent
from wres.web.plan import review_snapshot
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
from wres.web.views.plan_edit import engagement_page, objective_page, plan_page

MODELS: list[type[models.Model]] = [
    Plan,
    Objective,
    ObjectiveMeasure,
    Action,
    Review,
    Engagement,
    YouSaidWeDid,
    BoardCommitment,
    Comment,
]
ClientAs = Callable[[Role | None], Client]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}  # type: ignore[attr-defined]


def audits(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


@pytest.fixture
def plan(people: People) -> Plan:
    return Plan.objects.create(organisation=people.org_a, title="Race equality plan", start_year=2025, end_year=2028)


@pytest.fixture
def objective(plan: Plan) -> Objective:
    o = Objective.objects.create(
        plan=plan,
        ref="O1",
        title="Fair shortlisting",
        baseline_year=2024,
        baseline_value=1.5,
        target_value=1.2,
        target_year=2027,
    )
    ObjectiveMeasure.objects.create(objective=o, position=1, indicator="2")
    return o


def url(name: str, people: People, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org": people.org_a.code, **kwargs})


def field_error(response: Any, field: str) -> str:
    """The error message shown on ``field`` of the rendered form, which the error summary at the top links to."""
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(rf'id="id_{field}-error"[^>]*>\s*<span[^>]*>[^<]*</span>(.*?)</span>', html, re.S)
    assert found is not None, f"no error on {field}: " + " | ".join(
        re.findall(r'error-message"[^>]*>(.*?)</span>', html, re.S)
    )
    assert re.search(rf'href="#id_{field}(_0|-day)?"', html), f"the error summary does not link to {field}"
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error:", "").strip()


def indicator2_bme(org: str, year: int) -> float:
    """Indicator 2's headline BME/White ratio of ``year``, read from the report's own rows (not through
    wres.plan.series): the oracle of an objective's baseline."""
    results = figures.report_data(org, 2025).results
    rows = results[
        (results["indicator"].astype(str) == "2")
        & (results["breakdown"] == "overall")
        & (results["grouping"] == "wres")
        & (results["year"].astype(int) == year)
        & results["headline"].fillna(False).astype(bool)
    ]
    assert len(rows) == 1
    return float(rows.iloc[0]["estimate"])


# ------------------------------------------------------------------------------------------------------- plans


def test_create_a_plan_records_the_author_and_audits(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_create", people),
        {"title": "Plan 2025–2028", "vision": "Fair", "start_year": 2025, "end_year": 2028, "status": "draft"},
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.organisation, plan.title, plan.status) == (people.org_a, "Plan 2025–2028", "draft")
    assert response["Location"] == plan_page(people.org_a.code, plan)
    assert plan.history.get().history_user == people.user(Role.EDI_LEAD)  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_CREATED)
    assert (event.username, event.detail["item"], event.detail["id"]) == ("edi_lead-user", "plan", plan.pk)


def test_an_edit_through_the_web_is_authored_by_the_signed_in_user(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    client_as(Role.ADMIN).post(
        url("plan_edit", people, plan=plan.pk),
        {"title": "Renamed", "start_year": 2025, "end_year": 2028, "status": "draft"},
    )
    latest = plan.history.first()  # type: ignore[attr-defined]
    assert (latest.title, latest.history_user) == ("Renamed", people.user(Role.ADMIN))
    assert audits(AuditEvent.Action.PLAN_CHANGED) == 1


def test_an_approved_plan_needs_its_date_and_minute(plan: Plan, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_edit", people, plan=plan.pk),
        {"title": "P", "start_year": 2025, "end_year": 2028, "status": "approved"},
    )
    assert response.status_code == 200
    assert "board approved" in field_error(response, "approved")
    assert "minute" in field_error(response, "minute_ref")
    assert Plan.objects.get().status == "draft"


def test_a_published_plan_goes_back_to_draft_only_when_withdrawn(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    Plan.objects.filter(pk=plan.pk).update(status="published", approved=date(2025, 3, 1), minute_ref="BM/1")
    client = client_as(Role.EDI_LEAD)
    data = {"title": "P", "start_year": 2025, "end_year": 2028, "status": "draft", "approved": "2025-03-01"}
    response = client.post(url("plan_edit", people, plan=plan.pk), data)
    assert "Withdraw the published plan" in field_error(response, "status")
    assert Plan.objects.get().status == "published"
    response = client.post(url("plan_edit", people, plan=plan.pk), {**data, "withdraw": "on"})
    assert response.status_code == 302
    assert Plan.objects.get().status == "draft"
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_CHANGED)
    assert (event.detail["status_from"], event.detail["status_to"], event.detail["withdrawn"]) == (
        "published",
        "draft",
        True,
    )


def test_a_second_plan_for_the_same_years_is_refused(plan: Plan, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_create", people), {"title": "Again", "start_year": 2025, "end_year": 2028, "status": "draft"}
    )
    assert "already has a plan for 2025–2028" in field_error(response, "start_year")
    assert Plan.objects.count() == 1


def test_end_year_before_start_is_refused(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_create", people), {"title": "P", "start_year": 2028, "end_year": 2025, "status": "draft"}
    )
    assert "before the start year" in field_error(response, "end_year")
    assert Plan.objects.count() == 0


# -------------------------------------------------------------------------------------------------- objectives


def objective_data(**kw: Any) -> dict[str, Any]:
    return {
        "ref": "O1",
        "title": "Fair shortlisting",
        "indicator": "2",
        "breakdown": "overall",
        "stratum": "all",
        "category": "all",
        "grouping": "wres",
        "group": "BME",
        "baseline_year": 2024,
        "target_value": 1.0,
        "target_year": 2027,
        "trajectory": "straight",
        "high_impact_actions": ["2", "6"],
        "networks": "REACH network\nNursing forum",
        **kw,
    }


def test_create_an_objective_fills_the_baseline_from_the_results(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    lead = people.user(Role.EDI_LEAD)
    response = client_as(Role.EDI_LEAD).post(
        url("plan_objective_create", people, plan=plan.pk),
        objective_data(owner=lead.pk, owner_title="Head of EDI"),  # type: ignore[attr-defined]
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    o = Objective.objects.get()
    assert o.baseline_value == pytest.approx(indicator2_bme(people.org_a.code, 2024))
    assert (o.owner, o.owner_title, o.high_impact_actions, o.networks) == (
        lead,
        "Head of EDI",
        [2, 6],
        ["REACH network", "Nursing forum"],
    )
    m = o.measures.get()
    assert (m.indicator, m.breakdown, m.group) == ("2", "overall", "BME")
    assert response["Location"] == objective_page(people.org_a.code, o)
    assert AuditEvent.objects.get(action=AuditEvent.Action.PLAN_CREATED).detail["ref"] == "O1"


def test_the_objective_form_offers_the_strata_and_groups_the_results_hold(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    html = client_as(Role.EDI_LEAD).get(url("plan_objective_create", people, plan=plan.pk)).content.decode()
    results = figures.report_data(people.org_a.code, 2025).results
    bands = set(results[(results["indicator"].astype(str) == "1") & (results["breakdown"] == "band")]["stratum"])
    assert bands
    offered = re.search(r'<datalist id="id_stratum-values">(.*?)</datalist>', html, re.S)
    assert offered is not None
    assert bands <= set(re.findall(r'<option value="([^"]*)">', offered.group(1)))
    assert 'list="id_stratum-values"' in html
    groups = re.search(r'<datalist id="id_group-values">(.*?)</datalist>', html, re.S)
    assert groups is not None
    assert "BME" in re.findall(r'<option value="([^"]*)">', groups.group(1))


def test_an_objective_with_a_second_measure_keeps_both_in_order(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    client = client_as(Role.EDI_LEAD)
    second = {
        "also_indicator": "1",
        "also_breakdown": "overall",
        "also_stratum": "all",
        "also_category": "all",
        "also_grouping": "wres",
        "also_group": "BME",
    }
    response = client.post(url("plan_objective_create", people, plan=plan.pk), objective_data(**second))
    assert response.status_code == 302
    o = Objective.objects.get()
    assert [(m.position, m.indicator) for m in o.measures.order_by("position")] == [(1, "2"), (2, "1")]
    # A third measure (from a spreadsheet) is kept when the form changes the first two.
    ObjectiveMeasure.objects.create(objective=o, position=3, indicator="9")
    response = client.post(
        url("plan_objective_edit", people, objective=o.pk), objective_data(**{**second, "also_indicator": ""})
    )
    assert response.status_code == 302
    assert [(m.position, m.indicator) for m in o.measures.order_by("position")] == [(1, "2"), (2, "9")]


def test_a_second_measure_with_no_data_is_refused(plan: Plan, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_objective_create", people, plan=plan.pk),
        objective_data(also_indicator="2", also_grouping="wres", also_group="Nobody"),
    )
    assert "no data for the baseline year 2024" in field_error(response, "also_indicator")
    assert Objective.objects.count() == 0


def test_a_target_on_the_adverse_side_is_refused(plan: Plan, people: People, client_as: ClientAs) -> None:
    base = indicator2_bme(people.org_a.code, 2024)
    adverse = base * 1.5 if base > 1 else base / 1.5  # a ratio improves towards 1: further away is adverse
    before = counts()
    response = client_as(Role.EDI_LEAD).post(
        url("plan_objective_create", people, plan=plan.pk), objective_data(target_value=adverse)
    )
    assert response.status_code == 200
    message = field_error(response, "target_value")
    assert "adverse side of the baseline" in message or "further from parity" in message
    assert counts() == before


def test_an_indicator_with_no_data_is_refused_on_the_field(plan: Plan, people: People, client_as: ClientAs) -> None:
    before = counts()
    response = client_as(Role.EDI_LEAD).post(
        url("plan_objective_create", people, plan=plan.pk), objective_data(baseline_year=2010, target_year=2015)
    )
    assert "has no data for the baseline year 2010" in field_error(response, "indicator")
    assert counts() == before


def test_a_measure_wres_does_not_compute_is_refused_on_the_breakdown(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    # The five ethnic groups are computed for the whole organisation only, not by band.
    response = client_as(Role.EDI_LEAD).post(
        url("plan_objective_create", people, plan=plan.pk),
        objective_data(breakdown="band", stratum="8a", grouping="group5", group="Black"),
    )
    assert "for the whole organisation only" in field_error(response, "breakdown")
    assert Objective.objects.count() == 0


def test_an_objective_without_a_warehouse_says_the_figures_cannot_be_read(
    plan: Plan, people: People, client_as: ClientAs, settings: Any, tmp_path: Any
) -> None:
    settings.STORE_PATH = tmp_path / "none.duckdb"
    figures.clear()
    try:
        response = client_as(Role.EDI_LEAD).post(url("plan_objective_create", people, plan=plan.pk), objective_data())
    finally:
        figures.clear()
    assert response.status_code == 200
    assert "The figures cannot be read just now" in unescape(response.content.decode())
    assert Objective.objects.count() == 0


def test_an_owner_who_is_not_an_account_of_the_organisation_is_refused(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    before = counts()
    response = client_as(Role.EDI_LEAD).post(
        url("plan_objective_create", people, plan=plan.pk),
        objective_data(owner=people.other_admin.pk),  # type: ignore[attr-defined]
    )
    assert f"account in {people.org_a.name}" in field_error(response, "owner")
    assert counts() == before


def test_an_objective_reference_is_unique_in_the_plan(
    objective: Objective, people: People, client_as: ClientAs
) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_objective_create", people, plan=objective.plan_id), objective_data(ref="O1")
    )
    assert "has the reference O1" in field_error(response, "ref")


# ----------------------------------------------------------------------------------------------------- actions


def action_data(objective: Objective, **kw: Any) -> dict[str, Any]:
    return {
        "ref": "A1",
        "description": "Diverse shortlisting panels",
        "objectives": [objective.pk],
        "owner_title": "Head of recruitment",
        "start": "2025-04-01",
        "due": "2025-09-30",
        "status": "in_progress",
        "evidence": "",
        "links": "https://example.org/a\nhttps://example.org/b",
        **kw,
    }


def test_create_an_action(objective: Objective, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_action_create", people, plan=objective.plan_id), action_data(objective)
    )
    assert response.status_code == 302
    a = Action.objects.get()
    assert (a.ref, a.start, a.due, a.status, a.links) == (
        "A1",
        date(2025, 4, 1),
        date(2025, 9, 30),
        "in_progress",
        ["https://example.org/a", "https://example.org/b"],
    )
    assert list(a.objectives.all()) == [objective]
    assert response["Location"] == plan_page(people.org_a.code, objective.plan)


def test_a_due_date_before_the_start_is_refused(objective: Objective, people: People, client_as: ClientAs) -> None:
    before = counts()
    response = client_as(Role.EDI_LEAD).post(
        url("plan_action_create", people, plan=objective.plan_id), action_data(objective, due="2025-03-01")
    )
    assert "before the start" in field_error(response, "due")
    assert counts() == before


def test_dates_typed_as_day_month_and_year(objective: Objective, people: People, client_as: ClientAs) -> None:
    """The NHS.UK date input posts a date in three boxes; an impossible date is an error on its field."""
    parts = {"start[day]": "1", "start[month]": "4", "start[year]": "2025"}
    data = {k: v for k, v in action_data(objective).items() if k not in ("start", "due")}
    client = client_as(Role.EDI_LEAD)
    bad = client.post(
        url("plan_action_create", people, plan=objective.plan_id),
        {**data, **parts, "due[day]": "31", "due[month]": "2", "due[year]": "2025"},
    )
    assert "Enter the due date as a real date" in field_error(bad, "due")
    assert 'name="due[day]" type="text" value="31"' in bad.content.decode()  # what was typed is shown again
    short = client.post(
        url("plan_action_create", people, plan=objective.plan_id),
        {**data, **parts, "due[day]": "1", "due[month]": "9", "due[year]": "25"},
    )
    assert "Enter the due date as a real date" in field_error(short, "due")
    assert Action.objects.count() == 0
    good = client.post(
        url("plan_action_create", people, plan=objective.plan_id),
        {**data, **parts, "due[day]": "30", "due[month]": "9", "due[year]": "2025"},
    )
    assert good.status_code == 302
    assert (Action.objects.get().start, Action.objects.get().due) == (date(2025, 4, 1), date(2025, 9, 30))


def test_a_completed_date_needs_the_status_done(objective: Objective, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.EDI_LEAD).post(
        url("plan_action_create", people, plan=objective.plan_id), action_data(objective, completed="2025-06-01")
    )
    assert "needs the status done" in field_error(response, "completed")
    assert Action.objects.count() == 0


def test_an_objective_of_another_plan_cannot_be_linked(
    objective: Objective, people: People, client_as: ClientAs
) -> None:
    other = Plan.objects.create(organisation=people.org_b, title="B", start_year=2025, end_year=2028)
    theirs = Objective.objects.create(
        plan=other, ref="O9", title="B", baseline_year=2024, target_value=1, target_year=2027
    )
    response = client_as(Role.EDI_LEAD).post(
        url("plan_action_create", people, plan=objective.plan_id), action_data(objective, objectives=[theirs.pk])
    )
    assert "objectives of this plan" in field_error(response, "objectives")
    assert Action.objects.count() == 0


# ----------------------------------------------------------------------------- engagement, items, commitments


def test_record_an_engagement_session(plan: Plan, people: People, client_as: ClientAs) -> None:
    data = {
        "held": "2025-05-14",
        "kind": "session",
        "format": "listening event",
        "groups": "REACH network\nNursing forum",
        "participants": 34,
        "leaders": 2,
        "themes": "Shortlisting",
        "responses": "Panels",
    }
    response = client_as(Role.EDI_LEAD).post(url("plan_engagement_create", people, plan=plan.pk), data)
    assert response.status_code == 302
    e = Engagement.objects.get()
    assert (e.held, e.participants, e.leaders, e.groups) == (
        date(2025, 5, 14),
        34,
        2,
        ["REACH network", "Nursing forum"],
    )
    assert response["Location"] == engagement_page(people.org_a.code, plan)


def test_a_negative_head_count_is_refused(plan: Plan, people: People, client_as: ClientAs) -> None:
    data = {"held": "2025-05-14", "kind": "session", "format": "forum", "participants": -3, "leaders": 0}
    response = client_as(Role.EDI_LEAD).post(url("plan_engagement_create", people, plan=plan.pk), data)
    assert "cannot be negative" in field_error(response, "participants")
    assert Engagement.objects.count() == 0


def test_a_you_said_we_did_item_links_objectives_and_actions(
    objective: Objective, people: People, client_as: ClientAs
) -> None:
    action = Action.objects.create(plan=objective.plan, ref="A1", description="Do")
    data = {"said": "Panels", "did": "Trained", "status": "done", "objectives": [objective.pk], "actions": [action.pk]}
    response = client_as(Role.EDI_LEAD).post(url("plan_said_did_create", people, plan=objective.plan_id), data)
    assert response.status_code == 302
    item = YouSaidWeDid.objects.get()
    assert (item.status, list(item.objectives.all()), list(item.actions.all())) == ("done", [objective], [action])


def commitment(plan: Plan, member: Any) -> BoardCommitment:
    return BoardCommitment.objects.create(plan=plan, member=member, member_title="Chair", objective="Mentor two")


def test_a_board_member_keeps_their_own_commitment(plan: Plan, people: People, client_as: ClientAs) -> None:
    mine = commitment(plan, people.user(Role.BOARD_MEMBER))
    response = client_as(Role.BOARD_MEMBER).post(
        url("plan_commitment_keep", people, commitment=mine.pk),
        {"objective": "Mentor three", "review_status": "on track", "reviewed": "2025-10-01"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.objective, mine.review_status, mine.reviewed, mine.member) == (
        "Mentor three",
        "on track",
        date(2025, 10, 1),
        people.user(Role.BOARD_MEMBER),
    )
    assert mine.history.first().history_user == people.user(Role.BOARD_MEMBER)  # type: ignore[attr-defined]


def test_a_board_member_cannot_keep_anothers_commitment(plan: Plan, people: People, client_as: ClientAs) -> None:
    theirs = commitment(plan, people.user(Role.ANALYST))
    client = client_as(Role.BOARD_MEMBER)
    data = {"objective": "Changed", "review_status": "met"}
    assert client.post(url("plan_commitment_keep", people, commitment=theirs.pk), data).status_code == 403
    assert client.post(url("plan_commitment_edit", people, commitment=theirs.pk), data).status_code == 403
    theirs.refresh_from_db()
    assert theirs.objective == "Mentor two"


def test_an_edi_lead_edits_any_commitment(plan: Plan, people: People, client_as: ClientAs) -> None:
    theirs = commitment(plan, people.user(Role.BOARD_MEMBER))
    response = client_as(Role.EDI_LEAD).post(
        url("plan_commitment_edit", people, commitment=theirs.pk),
        {"member": people.user(Role.ANALYST).pk, "member_title": "NED", "objective": "X", "review_status": "met"},  # type: ignore[attr-defined]
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.member, theirs.objective) == (people.user(Role.ANALYST), "X")


# ------------------------------------------------------------------------------------------------------ delete


def test_delete_asks_first_then_deletes_by_post_only(objective: Objective, people: People, client_as: ClientAs) -> None:
    client = client_as(Role.EDI_LEAD)
    target = url("plan_objective_delete", people, objective=objective.pk)
    page = client.get(target)
    assert page.status_code == 200
    assert "Are you sure you want to delete objective O1" in page.content.decode()
    assert Objective.objects.count() == 1
    response = client.post(target)
    assert response.status_code == 302
    assert Objective.objects.count() == 0
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_DELETED)
    assert (event.detail["item"], event.detail["id"]) == ("objective", objective.pk)
    assert Objective.history.filter(history_type="-").get().history_user == people.user(Role.EDI_LEAD)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------------- comments


def test_a_network_member_comments_and_the_owner_replies(
    objective: Objective, people: People, client_as: ClientAs
) -> None:
    action = Action.objects.create(
        plan=objective.plan,
        ref="A1",
        description="Do",
        owner=people.user(Role.ANALYST),  # type: ignore[misc]
    )
    response = client_as(Role.NETWORK_MEMBER).post(
        url("plan_comment_action", people, action=action.pk), {"text": "  When do panels start?  "}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.action, comment.author, comment.text) == (
        action,
        people.user(Role.NETWORK_MEMBER),
        "When do panels start?",
    )
    # The analyst does not comment on the plan, but owns the action: they reply; another analyst-owned item they do not.
    reply = client_as(Role.ANALYST).post(url("plan_comment_reply", people, comment=comment.pk), {"text": "In May"})
    assert reply.status_code == 302
    answer = Comment.objects.get(reply_to=comment)
    assert (answer.action, answer.author) == (action, people.user(Role.ANALYST))
    assert audits(AuditEvent.Action.COMMENTED) == 2
    on_objective = Comment.objects.create(objective=objective, text="Why?", author=people.user(Role.NETWORK_MEMBER))  # type: ignore[misc]
    refused = client_as(Role.ANALYST).post(url("plan_comment_reply", people, comment=on_objective.pk), {"text": "x"})
    assert refused.status_code == 403
    assert Comment.objects.count() == 3


def test_an_empty_comment_is_refused(objective: Objective, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.NETWORK_MEMBER).post(
        url("plan_comment_objective", people, objective=objective.pk), {"text": "   "}
    )
    assert response.status_code == 200
    assert "Enter your comment" in response.content.decode()
    assert Comment.objects.count() == 0


# --------------------------------------------------------------------------------------------- refused roles

EDITORS = {Role.ADMIN, Role.EDI_LEAD}
REFUSED: list[tuple[str, str, set[Role]]] = [
    # (URL name, URL kwarg → which sample, roles refused with 403) — written from the roles, not the matrix.
    ("plan_create", "", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_edit", "plan", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_delete", "plan", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_objective_create", "plan", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_objective_edit", "objective", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_action_create", "plan", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_review_create", "objective", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_engagement_create", "plan", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_said_did_create", "plan", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_commitment_create", "plan", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_commitment_keep", "commitment", {Role.ANALYST, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER, Role.EDI_LEAD}),
    ("plan_import", "", {Role.ANALYST, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_comment_objective", "objective", {Role.ANALYST, Role.BOARD_MEMBER, Role.REGIONAL_VIEWER}),
    ("plan_comment_action", "action", {Role.ANALYST, Role.BOARD_MEMBER, Role.REGIONAL_VIEWER}),
]


@pytest.mark.parametrize(("name", "kwarg", "refused"), REFUSED, ids=[row[0] for row in REFUSED])
def test_post_as_a_refused_role_is_403_and_saves_nothing(
    name: str, kwarg: str, refused: set[Role], objective: Objective, people: People, client_as: ClientAs
) -> None:
    action = Action.objects.create(plan=objective.plan, ref="A1", description="Do")
    mine = commitment(objective.plan, people.user(Role.BOARD_MEMBER))
    samples = {"plan": objective.plan_id, "objective": objective.pk, "action": action.pk, "commitment": mine.pk}
    target = url(name, people, **({kwarg: samples[kwarg]} if kwarg else {}))
    data = {"title": "x", "text": "x", "objective": "x", "ref": "Z9", "description": "x", "said": "x"}
    for role in Role:
        before = counts()
        status = client_as(role).post(target, data).status_code
        if role in refused:
            assert status == 403, (name, role, status)
            assert counts() == before, (name, role)
        else:
            assert status != 403, (name, role, status)


# ----------------------------------------------------------------------------------------------------- reviews


REVIEW = {"held": "2025-07-01", "planned": "Panels", "happened": "Done", "study": "-", "decision": "adapt"}


def test_a_review_freezes_the_figures_at_its_date(
    objective: Objective, people: People, client_as: ClientAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = people.org_a.code
    response = client_as(Role.EDI_LEAD).post(url("plan_review_create", people, objective=objective.pk), REVIEW)
    assert response.status_code == 302
    review = Review.objects.get()
    assert len(review.data) == 1
    frozen = review.data[0]
    # The review of 1 July 2025 reads WRES year 2025 (31 March 2025 is before it), internal tier for an EDI lead.
    assert (frozen["year"], frozen["tier"], frozen["measure"]["indicator"]) == (2025, "internal", "2")
    assert frozen["estimate"] == pytest.approx(indicator2_bme(org, 2025))
    assert frozen["low"] < frozen["estimate"] < frozen["high"]
    changes = figures.figures(org, 2025, "internal").view.changes
    row = changes[
        (changes["indicator"].astype(str) == "2")
        & (changes["breakdown"] == "overall")
        & (changes["grouping"] == "wres")
        & changes["headline"].fillna(False).astype(bool)
    ]
    assert frozen["change"] == row.iloc[0]["label"]
    assert frozen["change"]  # a reading in words, e.g. "no significant change"
    assert AuditEvent.objects.get(action=AuditEvent.Action.PLAN_CREATED).detail["tier"] == "internal"

    # Later data (here: figures that changed) do not change the frozen snapshot, even when the review is edited.
    def changed(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an edited review must not read the figures again")

    monkeypatch.setattr(review_snapshot, "figures", changed)
    edit = client_as(Role.EDI_LEAD).post(url("plan_review_edit", people, review=review.pk), {**REVIEW, "study": "New"})
    assert edit.status_code == 302
    review.refresh_from_db()
    assert (review.study, review.data[0]) == ("New", frozen)


def test_a_review_of_a_band_cluster_measure_freezes_its_internal_figure(
    plan: Plan, people: People, client_as: ClientAs
) -> None:
    # Indicator 2 by band cluster is not among the report's rows: the snapshot reads the breakdown's own results, as
    # the objective page's chart does (it was frozen as "no value" before). Oracle: the indicators computed by
    # cluster straight from the warehouse.
    from wres.indicators import compute, from_store

    org = people.org_a.code
    with figures.open_store() as store:
        frame = compute(from_store(store), [2024, 2025], orgs=[org], by="cluster").frame
    rows = frame[
        (frame["indicator"].astype(str) == "2")
        & (frame["breakdown"] == "cluster")
        & (frame["grouping"] == "wres")
        & (frame["year"].astype(int) == 2025)
        & (frame["group_b"] == "BME")
        & (frame["variant"] == "all")
        & frame["estimate"].notna()
    ]
    assert len(rows) >= 1, frame[frame["indicator"].astype(str) == "2"][["year", "variant", "stratum", "group_b"]]
    row = rows.iloc[0]
    o = Objective.objects.create(
        plan=plan,
        ref="O9",
        title="Fair shortlisting, senior posts",
        baseline_year=2024,
        baseline_value=1.5,
        target_value=1.2,
        target_year=2027,
    )
    ObjectiveMeasure.objects.create(
        objective=o, position=1, indicator="2", breakdown="cluster", stratum=str(row["stratum"])
    )
    response = client_as(Role.EDI_LEAD).post(url("plan_review_create", people, objective=o.pk), REVIEW)
    assert response.status_code == 302
    frozen = Review.objects.get(objective=o).data[0]
    assert (frozen["year"], frozen["tier"]) == (2025, "internal")
    assert frozen["estimate"] == pytest.approx(float(row["estimate"]))
    assert frozen["low"] == pytest.approx(float(row["ci95_low"]))
    assert frozen["high"] == pytest.approx(float(row["ci95_high"]))


def test_an_author_without_unsuppressed_figures_freezes_the_public_tier(
    objective: Objective, people: People, client_as: ClientAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No role edits the plan without seeing unsuppressed figures today; were one to, its reviews freeze the public
    tier (the rule is the view's, whatever the matrix)."""
    from wres.web.roles import Capability, can

    monkeypatch.setattr(
        review_snapshot, "can", lambda role, cap: False if cap is Capability.VIEW_UNSUPPRESSED else can(role, cap)
    )
    response = client_as(Role.EDI_LEAD).post(url("plan_review_create", people, objective=objective.pk), REVIEW)
    assert response.status_code == 302
    frozen = Review.objects.get().data[0]
    assert frozen["tier"] == "public"
    public = figures.figures(people.org_a.code, 2025, "public").view.results
    rows = public[
        (public["indicator"].astype(str) == "2")
        & (public["breakdown"] == "overall")
        & (public["grouping"] == "wres")
        & (public["year"].astype(int) == 2025)
        & public["headline"].fillna(False).astype(bool)
    ]
    assert frozen["estimate"] == pytest.approx(float(rows.iloc[0]["estimate"]))


def test_a_review_before_any_data_freezes_nothing(objective: Objective, people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ADMIN).post(
        url("plan_review_create", people, objective=objective.pk), {**REVIEW, "held": "2019-01-01"}
    )
    assert response.status_code == 302
    assert Review.objects.get().data == []


@pytest.mark.parametrize(
    ("role", "tier"),
    [
        (Role.ADMIN, "internal"),
        (Role.EDI_LEAD, "internal"),
        (Role.ANALYST, "internal"),
        (Role.BOARD_MEMBER, "internal"),
        (Role.NETWORK_MEMBER, "public"),
        (Role.REGIONAL_VIEWER, "public"),
    ],
)
def test_the_snapshot_tier_follows_the_role(role: Role, tier: str) -> None:
    assert review_snapshot.snapshot_tier(role) == tier


def test_a_public_snapshot_holds_the_public_tiers_figures(people: People, policy_v1: None) -> None:
    """Under public-v1 some public figures are suppressed: the snapshot holds exactly what the public tier shows."""
    org = people.org_a.code
    measures = [r.Measure(indicator=str(i)) for i in range(1, 10)] + [
        r.Measure(indicator="1", breakdown="band", stratum=s) for s in ("8a", "8b", "8c", "8d", "9", "VSM")
    ]
    shots = review_snapshot.snapshot(org, measures, date(2025, 7, 1), "public")
    public = figures.figures(org, 2025, "public").view.results
    assert [s.tier for s in shots] == ["public"] * len(measures)
    compared = 0
    for s in shots:
        rows = public[
            (public["indicator"].astype(str) == s.measure.indicator)
            & (public["breakdown"] == s.measure.breakdown)
            & (public["stratum"].astype(str) == s.measure.stratum)
            & (public["grouping"] == "wres")
            & (public["year"].astype(int) == 2025)
            & ((public["group_a"] == "BME") | (public["group_b"] == "BME"))
        ]
        if s.estimate is None:
            continue
        estimates = {round(float(e), 9) for e in rows["estimate"] if e is not None and e == e}
        assert round(s.estimate, 9) in estimates, s
        compared += 1
    assert compared >= 3


def test_the_comment_box_posts_to_the_objective_it_is_included_with(
    objective: Objective, people: People, client_as: ClientAs
) -> None:
    """The objective page includes web/plan_comment_form.jinja: by default it posts to that objective's comments."""
    from django.template.loader import get_template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = people.user(Role.NETWORK_MEMBER)  # type: ignore[assignment]
    request.org = people.org_a  # type: ignore[attr-defined]  # as @org_view sets it
    html = get_template("web/plan_comment_form.jinja").render(
        {"org": people.org_a, "objective": objective}, request=request
    )
    assert f'action="{url("plan_comment_objective", people, objective=objective.pk)}"' in html
    assert 'name="text"' in html
    assert 'name="csrfmiddlewaretoken"' in html
