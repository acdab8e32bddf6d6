"""The demo trust's race equality plan (``wres demo``, issue 15): a realistic three-year plan as a
:class:`wres.plan.records.Plan`, so that the demo shows the whole loop (objectives tied to the data, actions in
every state, learning reviews, engagement, "you said, we did", board commitments).

Everything is dated relative to the data: the plan runs from two WRES years before the latest the store holds to
the year after it (WRES 2026 data: "Race equality plan 2024–2027"), its baselines are the store's own results for
its first year (:func:`wres.plan.series.baseline_value`) and its targets lie on the improving side of them. The
actions' dates are set around ``today`` (kept within the year after the latest snapshot, so a demo run long after
the data still looks like a plan in its third year): some overdue, one overdue for more than 90 days, some due in
the next 30 days. The people are the demo's accounts (:data:`DEMO_PEOPLE`, the users ``wres demo`` seeds in
:mod:`wres.web.seed`), with their role titles; some actions are owned by a role title alone.

Review snapshots are the internal tier's figures of the objective's first measure, frozen at the review (only the
overall measures' rows are frozen; a page showing them to a role without unsuppressed access must not show them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from wres.config import WresConfig
from wres.errors import WresError
from wres.plan import records as r
from wres.plan.progress import Point, improvement_direction
from wres.plan.series import series_for, years_held
from wres.store import Store

__all__ = ["DEMO_PEOPLE", "demo_plan", "plan_from_series"]

DEMO_PEOPLE: Final[Mapping[str, r.Person]] = {
    "sponsor": r.Person("demo-board-member", "Chief People Officer"),
    "lead": r.Person("demo-edi-lead", "Head of Equality, Diversity and Inclusion"),
    "analyst": r.Person("demo-analyst", "Workforce Intelligence Lead"),
    "admin": r.Person("demo-admin", "Head of Workforce Systems"),
    "network": r.Person("demo-network-member", "Race Equality Network Chair"),
}
"""The demo's accounts (``wres.web.seed.seed_demo_users``) as the plan names them."""

NETWORK: Final = "Race Equality Network"
NETWORKS: Final = (NETWORK, "Internationally Educated Staff Network")

# ref, title, measures (the first with a baseline value is used), high impact actions, description
_OBJECTIVES: Final[tuple[tuple[str, str, tuple[r.Measure, ...], tuple[int, ...], str], ...]] = (
    (
        "O1",
        "Increase BME representation in bands 8a–8b",
        (
            r.Measure(indicator="1", breakdown="cluster", stratum="8a-8b"),
            r.Measure(indicator="1", breakdown="band", stratum="8a"),
        ),
        (2,),
        "A senior workforce that reflects the staff it leads: BME colleagues are under-represented from band 8a "
        "upwards compared with their share of the whole workforce.",
    ),
    (
        "O2",
        "Fair appointment from shortlisting",
        (r.Measure(indicator="2"),),
        (2,),
        "White applicants are more likely to be appointed from shortlisting than BME applicants; bring the "
        "likelihood ratio towards parity.",
    ),
    (
        "O3",
        "End bullying and harassment of Black staff by colleagues",
        (r.Measure(indicator="6", grouping="group5", group="Black"), r.Measure(indicator="6")),
        (6,),
        "Black colleagues report more bullying, harassment or abuse from other staff than White colleagues; close "
        "the gap with civility and respect training, a speak-up route that staff trust and managers held to account.",
    ),
    (
        "O4",
        "Fair and proportionate disciplinary processes",
        (r.Measure(indicator="3"),),
        (6,),
        "BME staff are more likely to enter the formal disciplinary process; every case is reviewed before it "
        "becomes formal.",
    ),
    (
        "O5",
        "A board that reflects our workforce",
        (r.Measure(indicator="9"),),
        (1,),
        "Close the gap between the BME share of the voting board and the BME share of the workforce.",
    ),
    (
        "O6",
        "Equal access to non-mandatory training and development",
        (r.Measure(indicator="4"),),
        (2, 5),
        "BME staff, internationally educated staff among them, are less likely to access non-mandatory training "
        "and continuing professional development.",
    ),
)


def _target(measure: r.Measure, base: float) -> float:
    """A target on the improving side of ``base``: a ratio two thirds of the way to parity (on the log scale), a
    survey gap halved, a share up by a quarter of itself (at least 3 points), indicator 9 up to parity (0)."""
    direction = improvement_direction(measure, base)
    ind = measure.indicator
    if ind in ("2", "3", "4"):
        if direction is None:
            return 1.0
        return round(base ** (1 / 3), 2) if base > 0 else 1.0
    if ind in ("5", "6", "7", "8"):
        return round(base / 2, 1) if base > 0 else round(base - 1, 1)
    if ind == "9":
        return round(base / 2, 1) if base < 0 else round(base + 2.0, 1)
    return round(base + max(0.25 * base, 0.03), 3)


def _round(value: float | None) -> float | None:
    """A figure as the plan keeps it: six decimal places (a workbook keeps 15 significant digits, so a plan written
    to the template and read back is the same plan)."""
    return None if value is None else round(value, 6)


def _snapshot(measure: r.Measure, point: Point, before: Point | None) -> r.MeasureSnapshot:
    change = ""
    if before is not None and before.estimate is not None and point.estimate is not None:
        way = "up" if point.estimate > before.estimate else "down" if point.estimate < before.estimate else "level"
        change = f"{way} from {before.year}"
    return r.MeasureSnapshot(
        measure=measure,
        year=point.year,
        estimate=_round(point.estimate),
        low=_round(point.low),
        high=_round(point.high),
        status=point.status,
        change=change,
    )


def _anchor(latest: int, today: date) -> date:
    """``today`` kept within the year after the latest snapshot (1 April to 31 March)."""
    return min(max(today, date(latest, 6, 1)), date(latest + 1, 3, 15))


def demo_plan(store: Store, org: str, config: WresConfig, today: date) -> r.Plan:
    """The demo trust's plan, its baselines from ``store``'s results for ``org`` (see the module docstring).
    Raises :class:`WresError` when the store holds fewer than three WRES years for ``org``."""
    years = years_held(store, org)
    if len(years) < 3:
        raise WresError(f"the demo plan needs three WRES years for {org}; the store holds {len(years)}")
    latest = years[-1]
    measures = [m for _, _, ms, _, _ in _OBJECTIVES for m in ms]
    series = series_for(store, org, measures, [latest - 2, latest - 1, latest], config)
    return plan_from_series(org, latest, series, today)


def _first_with_baseline(
    measures: tuple[r.Measure, ...], series: Mapping[r.Measure, list[Point]], year: int
) -> tuple[r.Measure, float] | None:
    """The first of ``measures`` with a value (and an improving direction) in ``year``."""
    for measure in measures:
        for point in series.get(measure, []):
            if point.year == year and point.estimate is not None:
                base = point.estimate
                if measure.indicator in ("2", "3", "4") and improvement_direction(measure, base) is None:
                    continue
                return measure, round(base, 6)
    return None


def plan_from_series(org: str, latest: int, series: Mapping[r.Measure, list[Point]], today: date) -> r.Plan:
    """The demo plan from each measure's values (``series``, as :func:`wres.plan.series.series_for` gives them)
    for ``latest`` − 2 to ``latest``. An objective none of whose measures has a value for the baseline year is
    left out."""
    start, end = latest - 2, latest + 1
    now = _anchor(latest, today)
    approved = date(start, 7, 17)
    p = DEMO_PEOPLE
    objectives: list[r.Objective] = []
    chosen: dict[str, r.Measure] = {}
    for ref, title, measures, hia, description in _OBJECTIVES:
        found = _first_with_baseline(measures, series, start)
        if found is None:
            continue
        measure, base = found
        chosen[ref] = measure
        objectives.append(
            r.Objective(
                ref=ref,
                title=title,
                measures=(measure,),
                baseline_year=start,
                baseline_value=base,
                target_value=_target(measure, base),
                target_year=end,
                trajectory=r.TrajectoryKind.STRAIGHT,
                sponsor=p["sponsor"],
                owner=p["lead"] if ref in ("O1", "O3", "O5") else p["analyst"] if ref == "O6" else p["admin"],
                description=description,
                high_impact_actions=hia,
                networks=NETWORKS if ref in ("O1", "O6") else (NETWORK,),
            )
        )
    refs = {o.ref for o in objectives}

    def serve(*wanted: str) -> tuple[str, ...]:
        kept = tuple(x for x in wanted if x in refs)
        return kept or (objectives[0].ref,)

    d = timedelta
    done, going, waiting, stopped = (
        r.ActionStatus.DONE,
        r.ActionStatus.IN_PROGRESS,
        r.ActionStatus.NOT_STARTED,
        r.ActionStatus.STOPPED,
    )
    by_title = r.Person("", "Head of Resourcing")
    nursing = r.Person("", "Director of Nursing")
    actions = [
        r.Action(
            "A1",
            "Diverse interview panels for every post at band 8a and above",
            serve("O1", "O2"),
            p["lead"],
            approved + d(30),
            approved + d(150),
            done,
            approved + d(140),
            "Panel audit for the last quarter: 96% of band 8a+ panels included a BME member.",
            ("https://intranet.example.nhs.uk/edi/panel-audit",),
        ),
        r.Action(
            "A2",
            "Reverse mentoring for every executive director, paired with BME staff",
            serve("O1", "O5"),
            p["sponsor"],
            approved + d(60),
            approved + d(240),
            done,
            approved + d(230),
            "Eight executive pairs completed the first cohort; evaluation report to the board.",
        ),
        r.Action(
            "A3",
            "Positive action development programme for BME staff in bands 6–7",
            serve("O1"),
            p["lead"],
            date(start + 1, 4, 1),
            now + d(20),
            going,
        ),
        r.Action(
            "A4",
            "Shortlisting and appointment data reviewed monthly by each division",
            serve("O2"),
            p["analyst"],
            date(start + 1, 1, 10),
            now - d(40),
            going,
        ),
        r.Action(
            "A5",
            "Name-blind shortlisting in the recruitment system",
            serve("O2"),
            by_title,
            date(start + 1, 6, 1),
            date(start + 1, 12, 1),
            done,
            date(start + 1, 11, 20),
            "Switched on for all posts from November; guidance published for recruiting managers.",
        ),
        r.Action(
            "A6",
            "Civility and respect training for every team leader",
            serve("O3"),
            nursing,
            date(start + 1, 9, 1),
            now - d(120),
            going,
        ),
        r.Action(
            "A7",
            "Freedom to Speak Up champions drawn from the Race Equality Network",
            serve("O3"),
            p["lead"],
            approved + d(90),
            approved + d(200),
            done,
            approved + d(190),
            "Twelve champions trained; contact details on every ward noticeboard.",
        ),
        r.Action(
            "A8",
            "Pre-formal review of every disciplinary case by a trained decision-maker",
            serve("O4"),
            p["admin"],
            approved + d(45),
            approved + d(180),
            done,
            approved + d(175),
            "Just and learning culture checklist in use; 14 of 31 cases resolved informally this year.",
        ),
        r.Action(
            "A9",
            "Independent investigator pool reflecting the workforce",
            serve("O4"),
            p["admin"],
            now + d(10),
            now + d(120),
            waiting,
        ),
        r.Action(
            "A10",
            "Board succession plan with a diverse pipeline for non-executive posts",
            serve("O5"),
            p["sponsor"],
            date(start + 1, 2, 1),
            now + d(25),
            going,
        ),
        r.Action(
            "A11",
            "External search firm with a diverse longlist obligation",
            serve("O5"),
            p["sponsor"],
            date(start + 1, 3, 1),
            date(start + 1, 9, 30),
            stopped,
            None,
            "Stopped: the board chose to recruit through the NHS England Non-Executive Talent programme.",
        ),
        r.Action(
            "A12",
            "Ring-fenced CPD fund with BME uptake monitored quarterly",
            serve("O6"),
            p["analyst"],
            date(start + 1, 4, 1),
            now - d(15),
            going,
        ),
        r.Action(
            "A13",
            "Induction and preceptorship refreshed for internationally educated nurses",
            serve("O6"),
            nursing,
            date(start, 10, 1),
            date(start + 1, 5, 31),
            done,
            date(start + 1, 5, 20),
            "New twelve-week programme with pastoral support; 140 nurses completed it.",
        ),
        r.Action(
            "A14",
            "Line managers' appraisal objective on fair access to development",
            serve("O1", "O6"),
            p["lead"],
            now + d(30),
            now + d(200),
            waiting,
        ),
        r.Action(
            "A15",
            'Publish a "you said, we did" update after every listening event',
            serve("O3"),
            p["lead"],
            date(latest, 4, 20),
            now + d(12),
            going,
        ),
    ]
    reviews = []
    decisions = (r.Decision.ADOPT, r.Decision.ADAPT, r.Decision.ABANDON)
    reviewed = [o for o in objectives if o.ref != objectives[-1].ref]  # the last objective is never reviewed
    for i, objective in enumerate(reviewed):
        measure = chosen[objective.ref]
        points = sorted(series.get(measure, []), key=lambda pt: pt.year)
        held = min(now - d(45 + 20 * i), date(latest, 10, 20)) if i != 1 else date(start + 1, 3, 12)
        if held <= approved:
            held = approved + d(60)
        known = [pt for pt in points if pt.year <= (held.year if held.month > 3 else held.year - 1)]
        snap = tuple(
            _snapshot(measure, pt, known[j - 1] if j else None) for j, pt in enumerate(known) if pt.year > start - 1
        )
        decision = decisions[i % 3]
        reviews.append(
            r.Review(
                objective=objective.ref,
                held=held,
                planned=f'We planned the first actions of "{objective.title}" and predicted the measure would move '
                "towards the trajectory within a year.",
                happened="Actions started on time; the network tested them with staff before roll-out.",
                decision=decision,
                next_steps={
                    r.Decision.ADOPT: "Keep the actions as they are and extend them to every division.",
                    r.Decision.ADAPT: "Change the approach: target the divisions where the gap is widest.",
                    r.Decision.ABANDON: "Stop this approach and design a new one with the network.",
                }[decision],
                data=snap,
                study="The latest figures are within the range we expected; one year is too short to be sure.",
            )
        )
    engagements = [
        r.Engagement(
            date(start, 5, 14),
            r.EngagementKind.SESSION,
            "listening event",
            (NETWORK,),
            46,
            "Promotion panels feel closed; bullying by colleagues is not acted on.",
            "Panel membership and the speak-up route became objectives O1 and O3.",
            title="Plan design event",
        ),
        r.Engagement(
            date(start, 6, 11),
            r.EngagementKind.SESSION,
            "co-design workshop",
            NETWORKS,
            28,
            "Measures that staff recognise; the network to co-own two objectives.",
            "Objectives O1 and O6 co-designed with both networks.",
            title="Co-design workshop",
        ),
        r.Engagement(
            date(start, 9, 1),
            r.EngagementKind.LEADERSHIP,
            "reverse mentoring",
            (NETWORK, "Trust board"),
            16,
            "What it is like to be a BME member of staff here.",
            "Each executive took one action back to their directorate.",
            leaders=8,
            title="Reverse mentoring programme, first cohort",
        ),
        r.Engagement(
            date(start + 1, 2, 20),
            r.EngagementKind.SESSION,
            "network meeting",
            (NETWORK,),
            35,
            "Training places are taken before BME staff hear about them.",
            "CPD opportunities now advertised to every team; action A12.",
            title="Network quarterly meeting",
        ),
        r.Engagement(
            date(start + 1, 9, 1),
            r.EngagementKind.LEADERSHIP,
            "allyship programme",
            ("Senior leaders",),
            40,
            "Allyship in practice: calling out micro-aggressions.",
            "Allyship pledge added to every senior leader's objectives.",
            leaders=22,
            title="Active allyship programme",
        ),
        r.Engagement(
            date(latest, 2, 18),
            r.EngagementKind.SESSION,
            "network meeting",
            (NETWORK,),
            31,
            "Progress feels slower this year; managers are not releasing staff for the development programme.",
            "Release for development added to managers' appraisal objectives (action A14).",
            title="Network quarterly meeting",
        ),
        r.Engagement(
            now - d(60),
            r.EngagementKind.SESSION,
            "listening event",
            NETWORKS,
            52,
            "Progress on bullying is slow; internationally educated staff want a buddy scheme.",
            "Buddy scheme to be designed with the network; civility training restarted.",
            title="Annual listening event",
        ),
    ]
    said_did = [
        r.YouSaidWeDid(
            "Promotion panels do not reflect the workforce.",
            "Every band 8a+ panel now includes a trained BME panel member.",
            r.ItemStatus.DONE,
            serve("O1"),
            ("A1",),
        ),
        r.YouSaidWeDid(
            "Bullying by colleagues is not acted on.",
            "Speak-up champions from the network; civility training for team leaders.",
            r.ItemStatus.IN_PROGRESS,
            serve("O3"),
            ("A6", "A7"),
        ),
        r.YouSaidWeDid(
            "Training places go before BME staff hear about them.",
            "CPD fund advertised to every team, uptake monitored by ethnicity.",
            r.ItemStatus.IN_PROGRESS,
            serve("O6"),
            ("A12",),
        ),
        r.YouSaidWeDid(
            "Internationally educated staff want a buddy in their first year.", "", r.ItemStatus.OPEN, serve("O6")
        ),
        r.YouSaidWeDid(
            "Use an external search firm for board posts.",
            "The board chose the NHS England talent programme instead.",
            r.ItemStatus.NOT_TAKEN_FORWARD,
            serve("O5"),
            ("A11",),
        ),
    ]
    commitments = [
        r.BoardCommitment(
            p["sponsor"],
            "Mentor two BME aspiring leaders each year and sponsor the positive action programme.",
            "reviewed: on track",
            date(latest, 5, 20),
        ),
        r.BoardCommitment(
            r.Person("", "Chair"),
            "Lead the board's own race equality development session each year.",
            "reviewed: achieved",
            date(latest, 5, 20),
        ),
        r.BoardCommitment(
            r.Person("", "Chief Executive"),
            "Sponsor the reverse mentoring programme and report its outcomes to the board.",
            "not reviewed",
        ),
    ]
    plan = r.Plan(
        org_code=org,
        title=f"Race equality plan {start}–{end}",
        start_year=start,
        end_year=end,
        vision="Every member of staff, whatever their ethnicity, has a fair chance to join, stay, progress and be "
        "treated with respect here; our leaders reflect the communities we serve.",
        status=r.PlanStatus.PUBLISHED,
        approved=approved,
        minute_ref=f"TB/{start % 100:02d}/07/112",
        objectives=tuple(objectives),
        actions=tuple(actions),
        reviews=tuple(reviews),
        engagements=tuple(engagements),
        said_did=tuple(said_did),
        commitments=tuple(commitments),
    )
    return _drop_dangling(plan)


def _drop_dangling(plan: r.Plan) -> r.Plan:
    """The plan with links to objectives it left out removed (an action keeps at least one objective)."""
    refs = {o.ref for o in plan.objectives}
    actions = tuple(
        replace(a, objectives=tuple(x for x in a.objectives if x in refs) or (plan.objectives[0].ref,))
        for a in plan.actions
    )
    said = tuple(replace(s, objectives=tuple(x for x in s.objectives if x in refs)) for s in plan.said_did)
    return replace(plan, actions=actions, said_did=said)
