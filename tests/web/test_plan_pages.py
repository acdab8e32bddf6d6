"""The plan's pages to read (issue 15, task D): the plan page's statuses derived from the data in each tier, overdue
actions and momentum flags, the objective page's impact view, the engagement and history pages, the dashboard panel.

The oracle is the synthetic warehouse of the web tests (tests/web/webstore.py, seed 5), whose values for organisation
A were read once and are written below (:data:`LATEST`); each expected status is worked out by hand from them and the
issue's definition (on track: the latest 95% interval reaches the trajectory; off track: it lies wholly on the adverse
side; too early: no value since the baseline).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People

from wres.plan import records as r
from wres.web.plan.models import Comment, Objective, Plan
from wres.web.plan.records_io import save_plan
from wres.web.roles import Role

TODAY = date(2026, 6, 1)
LATEST = {
    # measure: (year, estimate, 95% low, 95% high) of organisation A's latest year, read from the warehouse
    "2 overall": (2025, 1.773, 1.411, 2.216),
    "6 overall": (2025, 9.977, 2.464, 17.530),
    "2 band 8a": (2025, 3.25, 0.755, 13.794),
}
RATIO = r.Measure(indicator="2")
GAP6 = r.Measure(indicator="6")
GAP5 = r.Measure(indicator="5")
BAND = r.Measure(indicator="2", breakdown="band", stratum="8a")


def sample_plan(org_code: str, status: r.PlanStatus = r.PlanStatus.PUBLISHED) -> r.Plan:
    """Four objectives whose statuses are worked out by hand (see each one), actions in every state, a review, a
    session and a leadership programme, a "you said, we did" item and a board commitment."""
    return r.Plan(
        org_code=org_code,
        title="Race equality plan 2025 to 2028",
        start_year=2025,
        end_year=2028,
        vision="A workforce that reflects the community it serves.",
        status=status,
        approved=date(2025, 3, 27) if status is not r.PlanStatus.DRAFT else None,
        minute_ref="BM/25/041" if status is not r.PlanStatus.DRAFT else "",
        objectives=(
            # On track: trajectory in 2025 = 9.75 + (0 − 9.75) × 2/4 = 4.88, inside 2.46 to 17.53.
            r.Objective(
                ref="O1",
                title="Less harassment from colleagues",
                measures=(GAP6,),
                baseline_year=2023,
                baseline_value=9.75,
                target_value=0.0,
                target_year=2027,
                owner=r.Person("edi_lead-user", "Head of EDI"),
                sponsor=r.Person("board_member-user", "Chief People Officer"),
            ),
            # Off track: trajectory in 2025 = 1.44 + (1.0 − 1.44) × 3/6 = 1.22; the interval 1.41 to 2.22 lies
            # wholly above it (and above 1/1.22 = 0.82 on the other side of parity).
            r.Objective(
                ref="O2",
                title="Fair shortlisting",
                measures=(RATIO,),
                baseline_year=2022,
                baseline_value=1.44,
                target_value=1.0,
                target_year=2028,
                owner=r.Person("", "Director of Workforce"),
            ),
            # Too early to tell: the baseline is the latest year, so there is no value since.
            r.Objective(
                ref="O3",
                title="Equal access to training",
                measures=(GAP5,),
                baseline_year=2025,
                baseline_value=1.52,
                target_value=0.0,
                target_year=2028,
            ),
            # Internal: trajectory in 2025 = 4.5 + (2.0 − 4.5) × 2/5 = 3.5, inside 0.76 to 13.79: on track. Public:
            # indicator 2 by band is not published.
            r.Objective(
                ref="O4",
                title="Fair shortlisting at band 8a",
                measures=(BAND,),
                baseline_year=2023,
                baseline_value=4.5,
                target_value=2.0,
                target_year=2028,
            ),
        ),
        actions=(
            r.Action(
                "A1",
                "Diverse interview panels",
                ("O2",),
                owner=r.Person("analyst-user", "Recruitment lead"),
                start=date(2025, 5, 1),
                due=date(2026, 1, 10),
                status=r.ActionStatus.IN_PROGRESS,
            ),
            r.Action(
                "A2",
                "Bystander training",
                ("O1",),
                start=date(2025, 6, 1),
                due=date(2025, 12, 1),
                status=r.ActionStatus.DONE,
                completed=date(2025, 11, 20),
                evidence="Attendance register",
            ),
            r.Action(
                "A3",
                "Publish the harassment route",
                ("O1",),
                start=date(2026, 2, 1),
                due=date(2026, 6, 20),
                status=r.ActionStatus.IN_PROGRESS,
            ),
        ),
        reviews=(
            r.Review(
                objective="O1",
                held=date(2026, 4, 15),
                planned="Training would cut reports by a third.",
                happened="Two thirds of teams trained.",
                decision=r.Decision.ADAPT,
                next_steps="Train the night shifts.",
                data=(
                    r.MeasureSnapshot(GAP6, 2025, 9.977, 2.464, 17.53, "adverse", "no significant change"),
                    r.MeasureSnapshot(GAP5, 2025, 1.52, -5.96, 9.21, "no_evidence", "", tier="public"),
                ),
            ),
        ),
        engagements=(
            r.Engagement(
                date(2025, 9, 3),
                r.EngagementKind.SESSION,
                "listening event",
                ("REACH network",),
                34,
                themes="Promotion panels",
                responses="Panels to include a network member",
            ),
            r.Engagement(
                date(2025, 10, 1),
                r.EngagementKind.LEADERSHIP,
                "reverse mentoring",
                ("Board",),
                12,
                leaders=6,
                title="Reverse mentoring 2025",
            ),
        ),
        said_did=(
            r.YouSaidWeDid(
                "Panels are not diverse", "Diverse panels for band 8a+", r.ItemStatus.IN_PROGRESS, ("O2",), ("A1",)
            ),
        ),
        commitments=(
            r.BoardCommitment(
                r.Person("board_member-user", "Chair"), "Mentor two BME staff", "reviewed", date(2026, 3, 1)
            ),
        ),
    )


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr("wres.web.views.plan._today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan(people: People, today: date) -> Plan:
    return save_plan(people.org_a, sample_plan(people.org_a.code), people.user(Role.EDI_LEAD))  # type: ignore[arg-type]


def _objective(plan: Plan, ref: str) -> Objective:
    return Objective.objects.get(plan=plan, ref=ref)


def _status_of(html: str, pk: int) -> str:
    """The status tag's text of objective ``pk``'s card on the plan page."""
    start = html.index(f'id="objective-{pk}"')
    tag = html.index('class="nhsuk-tag', start)
    return html[html.index(">", tag) + 1 : html.index("</strong>", tag)]


def test_latest_values_are_those_the_hand_computations_use(plan: Plan) -> None:
    """The oracle's inputs, checked against the warehouse once (if the synthetic data change, fix LATEST)."""
    from wres.web.plan.pages import measure_points

    got = measure_points(plan.organisation.code, [GAP6, RATIO, BAND], "internal")
    for m, key in ((GAP6, "6 overall"), (RATIO, "2 overall"), (BAND, "2 band 8a")):
        points = got[m].points
        assert points is not None
        p = points[-1]
        assert p.estimate is not None
        assert p.low is not None
        assert p.high is not None
        year, est, low, high = LATEST[key]
        assert (p.year, round(p.estimate, 2), round(p.low, 2), round(p.high, 2)) == (
            year,
            round(est, 2),
            round(low, 2),
            round(high, 2),
        )


def test_plan_page_statuses_internal(plan: Plan, client_as: Callable[[Role | None], Client]) -> None:
    html = client_as(Role.EDI_LEAD).get(reverse("plan", kwargs={"org": plan.organisation.code})).content.decode()
    assert _status_of(html, _objective(plan, "O1").pk) == "On track"
    assert _status_of(html, _objective(plan, "O2").pk) == "Off track"
    assert _status_of(html, _objective(plan, "O3").pk) == "Too early to tell"
    assert _status_of(html, _objective(plan, "O4").pk) == "On track"
    assert "Published: approved by the board on 27 March 2025 (minute BM/25/041)." in html
    assert "A workforce that reflects the community it serves." in html
    assert "Head of EDI (edi_lead-user)" in html  # names beside role titles for the full plan


def test_plan_page_public_tier_does_not_show_unpublished_breakdowns(
    plan: Plan, client_as: Callable[[Role | None], Client]
) -> None:
    response = client_as(Role.NETWORK_MEMBER).get(reverse("plan", kwargs={"org": plan.organisation.code}))
    html = response.content.decode()
    assert _status_of(html, _objective(plan, "O4").pk) == "Not published"
    assert "Figures for this breakdown are not published in the public figures" in html
    assert _status_of(html, _objective(plan, "O2").pk) == "Off track"  # indicator 2 overall is published
    assert "INTERNAL" not in html


def test_internal_plan_page_is_audited(plan: Plan, client_as: Callable[[Role | None], Client]) -> None:
    from wres.web.models import AuditEvent

    before = AuditEvent.objects.filter(action="view_unsuppressed").count()
    client_as(Role.ANALYST).get(reverse("plan", kwargs={"org": plan.organisation.code}))
    assert AuditEvent.objects.filter(action="view_unsuppressed").count() == before + 1
    client_as(Role.NETWORK_MEMBER).get(reverse("plan", kwargs={"org": plan.organisation.code}))
    assert AuditEvent.objects.filter(action="view_unsuppressed").count() == before + 1


def test_overdue_due_soon_and_momentum_flags(plan: Plan, client_as: Callable[[Role | None], Client]) -> None:
    html = client_as(Role.EDI_LEAD).get(reverse("plan", kwargs={"org": plan.organisation.code})).content.decode()
    row = html[html.index('id="action-A1"') :]
    row = row[: row.index("</tr>")]
    assert "Overdue" in row
    row3 = html[html.index('id="action-A3"') :]
    assert "Due soon" in row3[: row3.index("</tr>")]
    # A1 was due on 10 January 2026: 142 days before 1 June 2026.
    assert "Action A1 is 142 days overdue: it was due on 10 January 2026." in html
    # O2 never reviewed since the approval on 27 March 2025; O1 reviewed on 15 April 2026 (under six months).
    assert "Objective O2 (Fair shortlisting) has had no review for over six months" in html
    assert "Objective O1 (Less harassment from colleagues) has had no review" not in html
    assert "3 in all: 1 done, 1 overdue, 1 due in the next 30 days" in html


def test_regional_viewer_sees_the_published_plan_without_names(
    plan: Plan, client_as: Callable[[Role | None], Client]
) -> None:
    html = client_as(Role.REGIONAL_VIEWER).get(reverse("plan", kwargs={"org": plan.organisation.code})).content.decode()
    assert "Head of EDI" in html
    assert "edi_lead-user" not in html
    assert "analyst-user" not in html
    assert "Momentum" not in html
    plan.status = r.PlanStatus.DRAFT.value
    plan.approved = None
    plan.save()
    html = client_as(Role.REGIONAL_VIEWER).get(reverse("plan", kwargs={"org": plan.organisation.code})).content.decode()
    assert "has not published a race equality plan yet" in html
    url = reverse("objective", kwargs={"org": plan.organisation.code, "objective": _objective(plan, "O1").pk})
    assert client_as(Role.REGIONAL_VIEWER).get(url).status_code == 404
    assert client_as(Role.EDI_LEAD).get(url).status_code == 200


def test_objective_page_impact_view(plan: Plan, client_as: Callable[[Role | None], Client]) -> None:
    o1 = _objective(plan, "O1")
    url = reverse("objective", kwargs={"org": plan.organisation.code, "objective": o1.pk})
    html = client_as(Role.EDI_LEAD).get(url).content.decode()
    assert "<svg" in html
    assert 'aria-labelledby="impact-' in html
    assert "Since 2023 the value changed by" in html  # the change since the baseline, with its interval
    assert "Review held 15 April 2026: Adapt" in html
    assert "Two thirds of teams trained." in html
    assert "9.977" not in html
    assert "10.0 points" in html
    assert 'id="impact-table"' in html
    # the network member: the review, but not its internal snapshot
    html = client_as(Role.NETWORK_MEMBER).get(url).content.decode()
    assert "Two thirds of teams trained." in html
    assert "The figures frozen at this review are internal" in html
    reviews = html.split('id="reviews"')[1]
    assert "1.5 points (95% interval -6.0 points to 9.2 points)" in reviews  # the public snapshot: shown to all
    assert "10.0 points (95% interval" not in html.split('id="reviews"')[1]


def test_impact_chart_spec_holds_target_trajectory_and_dates(plan: Plan, today: date) -> None:
    from wres.web.plan import pages
    from wres.web.plan.impact_chart import impact_spec, render_impact
    from wres.web.plan.records_io import plan_record

    record = plan_record(plan)
    page = pages.objective_page(plan, record, _objective(plan, "O1").pk, "internal", TODAY, full=True)
    assert page.row.status == "On track"
    chart = pages.impact_chart(page.row, page.marks)
    assert chart is not None
    spec = impact_spec(chart)
    top, timeline = spec["vconcat"]
    layers = {layer.get("name"): layer for layer in top["layer"]}
    assert layers["target"]["data"]["values"][0]["value"] == 0.0
    assert layers["target"]["data"]["values"][0]["day"] == "2027-03-31"
    trajectory = [(v["day"], v["value"]) for v in layers["trajectory"]["data"]["values"]]
    assert trajectory[0] == ("2023-03-31", 9.75)
    assert ("2027-03-31", 0.0) in trajectory
    assert layers["baseline"]["data"]["values"][0]["value"] == 9.75
    marks = {(m["lane"], m["day"], m["label"]) for m in timeline["data"]["values"]}
    assert marks == {
        ("Action started", "2025-06-01", "A2"),
        ("Action due", "2025-12-01", "A2"),
        ("Action completed", "2025-11-20", "A2"),
        ("Action started", "2026-02-01", "A3"),
        ("Action due", "2026-06-20", "A3"),
        ("Review", "2026-04-15", "Adapt"),
    }
    svg = render_impact([chart])[0]
    assert svg.startswith("<svg")
    assert "Target 2027" in svg
    assert "Review" in svg
    assert "A3" in svg


def test_engagement_page(plan: Plan, client_as: Callable[[Role | None], Client]) -> None:
    url = reverse("engagement", kwargs={"org": plan.organisation.code})
    html = client_as(Role.NETWORK_MEMBER).get(url).content.decode()
    assert "listening event" in html
    assert "Promotion panels" in html
    assert "REACH network" in html
    assert "Reverse mentoring 2025" in html
    assert "1 session with staff and 1 leadership programme recorded, with 46 participants and 6 board" in html
    assert "Panels are not diverse" in html
    assert "In progress" in html
    o2 = _objective(plan, "O2")
    assert reverse("objective", kwargs={"org": plan.organisation.code, "objective": o2.pk}) in html
    assert "#action-A1" in html
    assert "Mentor two BME staff" in html
    assert "Reviewed, 1 March 2026" in html


def test_history_page_lists_changes_with_their_author(
    plan: Plan, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    o1 = _objective(plan, "O1")
    o1.title = "Much less harassment"
    o1._history_user = people.user(Role.ADMIN)  # type: ignore[attr-defined]
    o1.save()
    Comment.objects.create(objective=o1, author=people.user(Role.NETWORK_MEMBER), text="Night shifts too?")  # type: ignore[misc]
    html = client_as(Role.ANALYST).get(reverse("plan_history", kwargs={"org": plan.organisation.code})).content.decode()
    newest = html.index("Much less harassment")
    assert html.index("admin-user") < html.index("edi_lead-user")  # newest first
    assert "Title: Less harassment from colleagues → Much less harassment" in html
    assert newest > 0
    assert "Created: Plan: Race equality plan 2025 to 2028" in html


def test_history_is_paginated(plan: Plan, people: People, client_as: Callable[[Role | None], Client]) -> None:
    o1 = _objective(plan, "O1")
    for i in range(60):
        o1.description = f"version {i}"
        o1.save()
    url = reverse("plan_history", kwargs={"org": plan.organisation.code})
    html = client_as(Role.ANALYST).get(url).content.decode()
    assert "page 1 of 2" in html
    assert "Older changes" in html
    assert "version 59" in html
    html = client_as(Role.ANALYST).get(url + f"?plan={plan.pk}&page=2").content.decode()
    assert "page 2 of 2" in html


def test_earlier_plans_stay_readable(plan: Plan, people: People, client_as: Callable[[Role | None], Client]) -> None:
    import dataclasses

    old = dataclasses.replace(sample_plan(people.org_a.code), title="Plan 2021 to 2024", start_year=2021, end_year=2024)
    earlier = save_plan(people.org_a, old, None)
    client = client_as(Role.EDI_LEAD)
    html = client.get(reverse("plans", kwargs={"org": people.org_a.code})).content.decode()
    assert "Plan 2021 to 2024" in html
    assert "Race equality plan 2025 to 2028" in html
    html = client.get(reverse("plan_by_id", kwargs={"org": people.org_a.code, "plan": earlier.pk})).content.decode()
    assert "This is an earlier plan" in html
    html = client.get(reverse("plan", kwargs={"org": people.org_a.code}) + f"?plan={earlier.pk}").content.decode()
    assert "<h1>Plan 2021 to 2024</h1>" in html


def test_dashboard_panel_is_not_cached_with_the_figures(plan: Plan, client_as: Callable[[Role | None], Client]) -> None:
    url = reverse("dashboard", kwargs={"org": plan.organisation.code})
    html = client_as(Role.EDI_LEAD).get(url).content.decode()
    assert "Race equality plan" in html
    assert "Action A1 is 142 days overdue" in html
    from wres.web.plan.models import Action

    a1 = Action.objects.get(plan=plan, ref="A1")
    a1.status = r.ActionStatus.DONE.value
    a1.completed = date(2026, 5, 1)
    a1.save()
    html = client_as(Role.EDI_LEAD).get(url).content.decode()  # the figures come from the cache; the panel not
    assert "Action A1 is 142 days overdue" not in html
    regional = client_as(Role.REGIONAL_VIEWER).get(url).content.decode()
    assert "Race equality plan 2025 to 2028" in regional
    assert "days overdue" not in regional


def test_the_kept_plan_follows_edits_and_deleted_accounts(
    plan: Plan, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """The plan's records are kept between requests (pages.cached_record): an edit, and an account deleted (which
    clears the people it was named as without a history version), show at once."""
    url = reverse("plan", kwargs={"org": plan.organisation.code})
    client = client_as(Role.EDI_LEAD)
    assert "Recruitment lead (analyst-user)" in client.get(url).content.decode()
    people.user(Role.ANALYST).delete()  # type: ignore[attr-defined]
    html = client.get(url).content.decode()
    assert "Recruitment lead (analyst-user)" not in html
    assert "Recruitment lead" in html
    plan.title = "A renamed plan"
    plan.save()
    assert "<h1>A renamed plan</h1>" in client.get(url).content.decode()


def test_comments_with_reply_boxes_for_those_who_may_reply(
    plan: Plan, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """Comments on the objective and on its actions, replies nested; a reply box for those who comment on the plan
    (network members, EDI leads, administrators) and for the owner of the item (A1's owner is the analyst); the
    board member (neither) reads them without a box; the comment box for those who comment."""
    from wres.web.plan.models import Action

    o2 = _objective(plan, "O2")
    a1 = Action.objects.get(plan=plan, ref="A1")
    asked = Comment.objects.create(action=a1, author=people.user(Role.NETWORK_MEMBER), text="Who sits on the panels?")  # type: ignore[misc]
    Comment.objects.create(action=a1, author=people.user(Role.ANALYST), text="Two network members.", reply_to=asked)  # type: ignore[misc]
    url = reverse("objective", kwargs={"org": plan.organisation.code, "objective": o2.pk})
    reply = reverse("plan_comment_reply", kwargs={"org": plan.organisation.code, "comment": asked.pk})
    comment = reverse("plan_comment_objective", kwargs={"org": plan.organisation.code, "objective": o2.pk})
    html = client_as(Role.NETWORK_MEMBER).get(url).content.decode()
    assert "On action A1" in html
    assert html.index("Who sits on the panels?") < html.index("Two network members.")
    assert f'action="{reply}"' in html
    assert f'action="{comment}"' in html
    html = client_as(Role.ANALYST).get(url).content.decode()
    assert f'action="{reply}"' in html  # the owner of A1 replies
    assert f'action="{comment}"' not in html
    html = client_as(Role.BOARD_MEMBER).get(url).content.decode()
    assert "Two network members." in html
    assert f'action="{reply}"' not in html
    assert 'method="post"' not in html


def test_the_public_tier_reads_its_own_baseline(plan: Plan, client_as: Callable[[Role | None], Client]) -> None:
    # The recorded baseline (1.44 for O2, typed into the fixture as if from the exact counts) is not shown to a role
    # that sees public figures only: the page shows the public tier's own figure for the baseline year.
    from wres.web import figures as fig

    org = plan.organisation.code
    rows = fig.figures(org, fig.years(org)[-1], "public").view.results
    own = rows[
        (rows["indicator"] == "2")
        & (rows["year"] == 2022)
        & (rows["grouping"] == "wres")
        & (rows["breakdown"] == "overall")
        & rows["headline"].astype(bool)
        & (rows["group_b"] == "BME")
    ]
    html = client_as(Role.NETWORK_MEMBER).get(reverse("plan", kwargs={"org": org})).content.decode()
    link = reverse("objective", kwargs={"org": org, "objective": _objective(plan, "O2").pk})
    card = html[html.index(f'href="{link}"') :]
    card = card[: card.index("Actions")]
    if len(own) == 1:
        assert f"2022: {float(own['estimate'].iloc[0]):.2f}" in card
    else:
        assert "2022: not published" in card
    internal = client_as(Role.EDI_LEAD).get(reverse("plan", kwargs={"org": org})).content.decode()
    assert "2022: 1.44" in internal
