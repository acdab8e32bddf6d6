"""The plan between the database and the plain records of :mod:`wres.plan.records`: :func:`plan_record` reads a
plan, :func:`save_plan` writes a whole one (what ``wres plan import`` and the web import call).

:func:`save_plan` writes everything or nothing (one transaction). People are named by user name and must hold a role
in the plan's organisation: a user name that is unknown, or that belongs to an account of another organisation only,
is refused with the same message (the message never tells whether another organisation has such an account, as
invitations do not: :class:`wres.web.models.Invitation`). Objectives and actions are matched by reference, so that
their history and their comments carry on across imports; reviews, engagement records, "you said, we did" items,
board commitments and measures are matched by position. A row is saved only when it changed, so an import of the
same plan adds no versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from wres.plan import records as r
from wres.plan.validate import problems as plan_problems
from wres.web.models import Membership, Organisation
from wres.web.plan.models import (
    Action,
    BoardCommitment,
    Engagement,
    Objective,
    ObjectiveMeasure,
    Plan,
    Review,
    YouSaidWeDid,
)


class PlanSaveError(ValueError):
    """A plan that cannot be saved: each problem names the field (e.g. ``actions[A3].owner``) and says why."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{where}: {why}" for where, why in self.problems))


# ------------------------------------------------------------------------------------------------------ reading


def snapshot_json(snapshot: r.MeasureSnapshot) -> dict[str, Any]:
    """A review's frozen measure value as JSON (the :attr:`Review.data` list holds these)."""
    return asdict(snapshot)


def snapshot_record(data: dict[str, Any]) -> r.MeasureSnapshot:
    fields = dict(data)
    fields["measure"] = r.Measure(**fields["measure"])
    return r.MeasureSnapshot(**fields)


def _person(user: AbstractBaseUser | None, title: str) -> r.Person:
    return r.Person(username=user.get_username() if user is not None else "", title=title)


def plan_record(plan: Plan) -> r.Plan:
    """The plan as plain records (every objective, action, review, engagement record, "you said, we did" item and
    board commitment, in their order). The objectives an action serves, and the objectives and actions an item
    links to, are sets: they are listed in the plan's order, whatever order they were saved in."""
    objectives = list(plan.objectives.prefetch_related("measures").select_related("sponsor", "owner"))
    refs = {o.pk: o.ref for o in objectives}
    actions = list(plan.actions.prefetch_related("objectives").select_related("owner"))
    action_refs = {a.pk: a.ref for a in actions}
    reviews = Review.objects.filter(objective__plan=plan).order_by("position", "held", "id")
    return r.Plan(
        org_code=plan.organisation.code,
        title=plan.title,
        start_year=plan.start_year,
        end_year=plan.end_year,
        vision=plan.vision,
        status=r.PlanStatus(plan.status),
        approved=plan.approved,
        minute_ref=plan.minute_ref,
        objectives=tuple(
            r.Objective(
                ref=o.ref,
                title=o.title,
                measures=tuple(
                    r.Measure(
                        indicator=m.indicator,
                        breakdown=m.breakdown,
                        stratum=m.stratum,
                        category=m.category,
                        grouping=m.grouping,
                        group=m.group,
                        variant=m.variant,
                    )
                    for m in o.measures.all()
                ),
                baseline_year=o.baseline_year,
                baseline_value=o.baseline_value,
                target_value=o.target_value,
                target_year=o.target_year,
                trajectory=r.TrajectoryKind(o.trajectory),
                sponsor=_person(o.sponsor, o.sponsor_title),
                owner=_person(o.owner, o.owner_title),
                description=o.description,
                high_impact_actions=tuple(o.high_impact_actions),
                networks=tuple(o.networks),
            )
            for o in objectives
        ),
        actions=tuple(
            r.Action(
                ref=a.ref,
                description=a.description,
                objectives=tuple(refs[o.pk] for o in sorted(a.objectives.all(), key=_order)),
                owner=_person(a.owner, a.owner_title),
                start=a.start,
                due=a.due,
                status=r.ActionStatus(a.status),
                completed=a.completed,
                evidence=a.evidence,
                links=tuple(a.links),
            )
            for a in actions
        ),
        reviews=tuple(
            r.Review(
                objective=refs[v.objective_id],
                held=v.held,
                planned=v.planned,
                happened=v.happened,
                decision=r.Decision(v.decision),
                next_steps=v.next_steps,
                data=tuple(snapshot_record(d) for d in v.data),
                study=v.study,
            )
            for v in reviews
        ),
        engagements=tuple(
            r.Engagement(
                held=e.held,
                kind=r.EngagementKind(e.kind),
                format=e.format,
                groups=tuple(e.groups),
                participants=e.participants,
                themes=e.themes,
                responses=e.responses,
                leaders=e.leaders,
                title=e.title,
            )
            for e in plan.engagements.all()
        ),
        said_did=tuple(
            r.YouSaidWeDid(
                said=y.said,
                did=y.did,
                status=r.ItemStatus(y.status),
                objectives=tuple(refs[o.pk] for o in sorted(y.objectives.all(), key=_order)),
                actions=tuple(action_refs[a.pk] for a in sorted(y.actions.all(), key=_order)),
            )
            for y in plan.said_did.prefetch_related("objectives", "actions")
        ),
        commitments=tuple(
            r.BoardCommitment(
                member=_person(c.member, c.member_title),
                objective=c.objective,
                review_status=c.review_status,
                reviewed=c.reviewed,
            )
            for c in plan.commitments.select_related("member")
        ),
    )


def _order(item: Objective | Action) -> tuple[int, int]:
    return (item.position, item.pk)


# ------------------------------------------------------------------------------------------------------ writing


def check_rules(record: r.Plan) -> list[tuple[str, str]]:
    """The plan's own rules (:func:`wres.plan.validate.problems`: dates, a target on the adverse side of the
    baseline, an objective whose measure has no data, refs that name nothing) as ``(field, problem)`` pairs, the
    field named by item (``objectives[O1].target_value``). :func:`save_plan` refuses the plan when this returns any.
    People are checked by :func:`save_plan` itself, against the organisation's accounts."""
    out = []
    for p in plan_problems(record):
        where = f"{p.kind}s[{p.ref}]" if p.ref else (f"{p.kind}s[{p.position}]" if p.position else "plan")
        shown = f" (value {p.value!r})" if p.value is not None else ""
        out.append((f"{where}.{p.field}", f"{p.problem}{shown}"))
    return out


def _refs(record: r.Plan) -> list[tuple[str, str]]:
    """References that are repeated or name nothing."""
    problems: list[tuple[str, str]] = []
    objective_refs = [o.ref for o in record.objectives]
    action_refs = [a.ref for a in record.actions]
    for kind, refs in (("objectives", objective_refs), ("actions", action_refs)):
        seen: set[str] = set()
        for ref in refs:
            if not ref.strip():
                problems.append((f"{kind}[]", "a reference is empty"))
            elif ref in seen:
                problems.append((f"{kind}[{ref}].ref", f"the reference {ref!r} is used twice"))
            seen.add(ref)
    known_o, known_a = set(objective_refs), set(action_refs)
    for a in record.actions:
        problems += [(f"actions[{a.ref}].objectives", f"no objective {o!r}") for o in a.objectives if o not in known_o]
    for i, v in enumerate(record.reviews, 1):
        if v.objective not in known_o:
            problems.append((f"reviews[{i}].objective", f"no objective {v.objective!r}"))
    for i, y in enumerate(record.said_did, 1):
        problems += [(f"said_did[{i}].objectives", f"no objective {o!r}") for o in y.objectives if o not in known_o]
        problems += [(f"said_did[{i}].actions", f"no action {a!r}") for a in y.actions if a not in known_a]
    return problems


def _named_people(record: r.Plan) -> list[tuple[str, str]]:
    """Every (field, user name) the plan names (non-empty user names only)."""
    named = [(f"objectives[{o.ref}].sponsor", o.sponsor.username) for o in record.objectives]
    named += [(f"objectives[{o.ref}].owner", o.owner.username) for o in record.objectives]
    named += [(f"actions[{a.ref}].owner", a.owner.username) for a in record.actions]
    named += [(f"commitments[{i}].member", c.member.username) for i, c in enumerate(record.commitments, 1)]
    return [(where, name) for where, name in named if name]


def _accounts(org: Organisation, record: r.Plan) -> tuple[dict[str, AbstractBaseUser], list[tuple[str, str]]]:
    """The accounts of ``org`` the plan names, by user name, and a problem for each name that is not one."""
    named = _named_people(record)
    users = get_user_model().objects.filter(
        username__in={name for _, name in named},
        pk__in=Membership.objects.filter(organisation=org).values("user_id"),
    )
    found: dict[str, AbstractBaseUser] = {u.get_username(): u for u in users}
    problems = [(where, f"{name!r} is not an account of {org.code}") for where, name in named if name not in found]
    return found, problems


def _problems(where: str, error: ValidationError) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for field, messages in error.message_dict.items():
        place = where if field == NON_FIELD_ERRORS else f"{where}.{field}"
        out += [(place, m) for m in messages]
    return out


class _Writer:
    """Saves rows with their author and collects validation problems (raised together before anything commits)."""

    def __init__(self, user: AbstractBaseUser | None) -> None:
        self.user = user
        self.problems: list[tuple[str, str]] = []

    def put(self, where: str, row: models.Model, values: dict[str, Any], exclude: Iterable[str] = ()) -> bool:
        """Set ``values`` (by attribute name) on ``row`` and save it if it is new or changed; True when saved."""
        if row.pk is not None and all(getattr(row, k) == v for k, v in values.items()):
            return False
        for k, v in values.items():
            setattr(row, k, v)
        try:
            row.full_clean(exclude=list(exclude))
        except ValidationError as e:
            self.problems += _problems(where, e)
            return False
        row._history_user = self.user  # type: ignore[attr-defined]  # django-simple-history reads it
        row.save()
        return True

    def delete(self, rows: Iterable[models.Model]) -> None:
        for row in rows:
            row._history_user = self.user  # type: ignore[attr-defined]
            row.delete()

    def set_m2m(self, row: models.Model, field: str, targets: list[models.Model]) -> None:
        manager = getattr(row, field)
        if {t.pk for t in targets} != set(manager.values_list("pk", flat=True)):
            row._history_user = self.user  # type: ignore[attr-defined]
            manager.set(targets)


def _by_position[T: models.Model](existing: Iterable[T], n: int, make: type[T]) -> list[T]:
    """``n`` rows: the existing ones in order, then new ones; the surplus is returned by :func:`_surplus`."""
    rows = list(existing)[:n]
    return rows + [make() for _ in range(n - len(rows))]


def _surplus[T: models.Model](existing: Sequence[T], n: int) -> list[T]:
    return list(existing)[n:]


def _pk(user: AbstractBaseUser | None) -> Any:
    return user.pk if user is not None else None


def save_plan(org: Organisation, record: r.Plan, user: AbstractBaseUser | None) -> Plan:
    """Write ``record`` as the organisation's plan for its period (created, or updated in place), all or nothing.

    ``user`` is recorded as the author of every version written. Raises :class:`PlanSaveError` naming each field
    at fault: a plan of another organisation, a reference repeated or naming nothing, a person who is not an
    account of ``org``, a rule of the models (a due date before the start, a negative head count), or a rule of
    :func:`check_rules`. Nothing is saved then.
    """
    if record.org_code != org.code:
        raise PlanSaveError([("org_code", f"the plan is of {record.org_code!r}, not of {org.code}")])
    problems = _refs(record) + check_rules(record)
    accounts, unknown = _accounts(org, record)
    problems += unknown
    if problems:
        raise PlanSaveError(problems)

    def person(p: r.Person) -> Any:
        return _pk(accounts.get(p.username)) if p.username else None

    w = _Writer(user)
    try:
        with transaction.atomic():
            plan = _write(w, org, record, person)
            if w.problems:
                raise PlanSaveError(w.problems)  # rolls the transaction back
    except IntegrityError as e:
        # Rows checked one by one can still collide with a write made at the same moment (two imports of one plan).
        raise PlanSaveError([("plan", f"changed by someone else while it was being saved; try again ({e})")]) from e
    return plan


def _write(w: _Writer, org: Organisation, record: r.Plan, person: Any) -> Plan:
    """Every row of the plan, problems collected in ``w`` (the caller's transaction rolls back when there are)."""
    plan = Plan.objects.filter(
        organisation=org, start_year=record.start_year, end_year=record.end_year
    ).first() or Plan(organisation=org)
    w.put(
        "plan",
        plan,
        {
            "title": record.title,
            "vision": record.vision,
            "start_year": record.start_year,
            "end_year": record.end_year,
            "status": record.status.value,
            "approved": record.approved,
            "minute_ref": record.minute_ref,
        },
    )
    if plan.pk is None:
        raise PlanSaveError(w.problems)

    objectives = _save_objectives(w, plan, record, person)
    actions = _save_actions(w, plan, record, objectives, person)
    _save_reviews(w, plan, record, objectives)
    _save_rows(
        w,
        "engagements",
        list(plan.engagements.all()),
        Engagement,
        [
            {
                "plan_id": plan.pk,
                "held": e.held,
                "kind": e.kind.value,
                "format": e.format,
                "title": e.title,
                "groups": list(e.groups),
                "participants": e.participants,
                "leaders": e.leaders,
                "themes": e.themes,
                "responses": e.responses,
            }
            for e in record.engagements
        ],
    )
    said_rows = _save_rows(
        w,
        "said_did",
        list(plan.said_did.all()),
        YouSaidWeDid,
        [{"plan_id": plan.pk, "said": y.said, "did": y.did, "status": y.status.value} for y in record.said_did],
    )
    if not w.problems:
        for row, y in zip(said_rows, record.said_did, strict=True):
            w.set_m2m(row, "objectives", [objectives[o] for o in y.objectives])
            w.set_m2m(row, "actions", [actions[a] for a in y.actions])
    _save_rows(
        w,
        "commitments",
        list(plan.commitments.all()),
        BoardCommitment,
        [
            {
                "plan_id": plan.pk,
                "member_id": person(c.member),
                "member_title": c.member.title,
                "objective": c.objective,
                "review_status": c.review_status,
                "reviewed": c.reviewed,
            }
            for c in record.commitments
        ],
    )
    return plan


def _save_rows[T: models.Model](
    w: _Writer, kind: str, existing: list[T], model: type[T], values: list[dict[str, Any]]
) -> list[T]:
    """Rows matched by position: updated, created, and the surplus deleted."""
    rows = _by_position(existing, len(values), model)
    for i, (row, v) in enumerate(zip(rows, values, strict=True), 1):
        w.put(f"{kind}[{i}]", row, {**v, "position": i})
    w.delete(_surplus(existing, len(values)))
    return rows


def _save_objectives(w: _Writer, plan: Plan, record: r.Plan, person: Any) -> dict[str, Objective]:
    existing = {o.ref: o for o in plan.objectives.all()}
    out: dict[str, Objective] = {}
    for i, o in enumerate(record.objectives, 1):
        row = existing.pop(o.ref, None) or Objective()
        where = f"objectives[{o.ref}]"
        w.put(
            where,
            row,
            {
                "plan_id": plan.pk,
                "position": i,
                "ref": o.ref,
                "title": o.title,
                "description": o.description,
                "baseline_year": o.baseline_year,
                "baseline_value": o.baseline_value,
                "target_value": o.target_value,
                "target_year": o.target_year,
                "trajectory": o.trajectory.value,
                "sponsor_id": person(o.sponsor),
                "sponsor_title": o.sponsor.title,
                "owner_id": person(o.owner),
                "owner_title": o.owner.title,
                "high_impact_actions": list(o.high_impact_actions),
                "networks": list(o.networks),
            },
        )
        out[o.ref] = row
        if row.pk is None:
            continue
        if not o.measures:
            w.problems.append((f"{where}.measures", "an objective is tied to at least one measure"))
        _save_measures(w, where, row, o.measures)
    w.delete(existing.values())
    return out


def _save_measures(w: _Writer, where: str, objective: Objective, measures: tuple[r.Measure, ...]) -> None:
    """The objective's measures: replaced when they changed (matching them by position could collide with the
    constraint that an objective names a measure once when two swap places)."""
    existing = list(objective.measures.all())
    wanted = [{"objective_id": objective.pk, "position": i, **asdict(m)} for i, m in enumerate(measures, 1)]
    if len(existing) == len(wanted) and all(
        all(getattr(row, k) == v for k, v in values.items()) for row, values in zip(existing, wanted, strict=True)
    ):
        return
    w.delete(existing)
    for i, values in enumerate(wanted, 1):
        w.put(f"{where}.measures[{i}]", ObjectiveMeasure(), values)


def _save_actions(
    w: _Writer, plan: Plan, record: r.Plan, objectives: dict[str, Objective], person: Any
) -> dict[str, Action]:
    existing = {a.ref: a for a in plan.actions.all()}
    out: dict[str, Action] = {}
    for i, a in enumerate(record.actions, 1):
        row = existing.pop(a.ref, None) or Action()
        w.put(
            f"actions[{a.ref}]",
            row,
            {
                "plan_id": plan.pk,
                "position": i,
                "ref": a.ref,
                "description": a.description,
                "owner_id": person(a.owner),
                "owner_title": a.owner.title,
                "start": a.start,
                "due": a.due,
                "status": a.status.value,
                "completed": a.completed,
                "evidence": a.evidence,
                "links": list(a.links),
            },
        )
        out[a.ref] = row
        if row.pk is not None and not w.problems:
            w.set_m2m(row, "objectives", [objectives[o] for o in a.objectives])
    w.delete(existing.values())
    return out


def _save_reviews(w: _Writer, plan: Plan, record: r.Plan, objectives: dict[str, Objective]) -> None:
    existing = list(Review.objects.filter(objective__plan=plan).order_by("position", "held", "id"))
    if w.problems:
        return
    _save_rows(
        w,
        "reviews",
        existing,
        Review,
        [
            {
                "objective_id": objectives[v.objective].pk,
                "held": v.held,
                "planned": v.planned,
                "happened": v.happened,
                "study": v.study,
                "decision": v.decision.value,
                "next_steps": v.next_steps,
                "data": [snapshot_json(s) for s in v.data],
            }
            for v in record.reviews
        ],
    )
