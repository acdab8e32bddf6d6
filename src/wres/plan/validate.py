"""Checks of a race equality plan before it is saved (issue 15's "bad input"): every problem, each naming the item
(objective or action by its ref, other items by their position) and the field.

:func:`problems` returns them all; :func:`check` raises a :class:`PlanError` (a :class:`wres.errors.WresError`,
one line listing them) when there is any. One objective or one action can be checked on its own
(:func:`objective_problems`, :func:`action_problems`), as a web form does before saving it.

The rules:

* the plan: the end year is not before the start year; objective and action refs are unique;
* an objective: it has a measure, of an indicator 1–9; its measure has data for the baseline year (a baseline
  value); the target year comes after the baseline year; the target does not lie on the adverse side of the
  baseline (:func:`wres.plan.progress.improvement_direction`; for a ratio, also not further from parity 1.0 than
  the baseline, nor 0 or below); high impact actions are numbered 1–6;
* an action: the due date is not before the start; a completed date only with the status *done*, and not before
  the start; the objectives it serves exist;
* a review, a "you said, we did" item: the objectives (and actions) they name exist;
* an engagement: the numbers of participants and leaders are not negative;
* people: when the set of known accounts is given, every sponsor's, owner's and board member's username (where one
  is given) is one of them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from wres.errors import WresError
from wres.plan.progress import Direction, improvement_direction
from wres.plan.records import HIGH_IMPACT_ACTIONS, Action, ActionStatus, Objective, Person, Plan

__all__ = ["PlanError", "Problem", "action_problems", "check", "objective_problems", "problems"]

INDICATORS = frozenset(str(i) for i in range(1, 10))


@dataclass(frozen=True)
class Problem:
    """One problem with one field of one item of a plan (as :class:`wres.errors.Problem` names a file, row and
    column): ``item`` is "objective O1", "action A3", "review 2", "the plan". ``kind``, ``ref`` and ``position``
    say the same for a program (a spreadsheet maps them to its rows): the kind of item ("plan", "objective",
    "action", "review", "engagement", "said_did", "commitment"), its ref where it has one, and its 1-based
    position among the plan's items of that kind (None for the plan itself and for an item checked alone)."""

    item: str
    field: str
    value: str | None
    problem: str
    kind: str = ""
    ref: str = ""
    position: int | None = None

    def __str__(self) -> str:
        shown = ""
        if self.value is not None:
            text = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            shown = f" (value {text!r})"
        return f"{self.item}, field {self.field!r}: {self.problem}{shown}"


class PlanError(WresError):
    """A plan failed its checks; carries every problem, and its message lists them on one line."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("PlanError needs at least one problem")
        self.problems = problems
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__(f"the plan has {count}: " + "; ".join(str(p) for p in problems))


def _person(item: str, field: str, person: Person, known_users: Collection[str] | None) -> list[Problem]:
    if known_users is None or not person.username or person.username in known_users:
        return []
    return [Problem(item, field, person.username, "no account of the organisation has this username")]


def objective_problems(objective: Objective, known_users: Collection[str] | None = None) -> list[Problem]:
    """Every problem of one objective (see the module docstring)."""
    item = f"objective {objective.ref}" if objective.ref else "an objective without a ref"
    out: list[Problem] = []
    if not objective.ref.strip():
        out.append(Problem(item, "ref", objective.ref, "the objective needs a ref (e.g. O1)"))
    if not objective.measures:
        out.append(Problem(item, "measures", None, "the objective is tied to no indicator"))
    for measure in objective.measures:
        if measure.indicator not in INDICATORS:
            out.append(Problem(item, "measures", measure.indicator, "not an indicator (1 to 9)"))
    base, target = objective.baseline_value, objective.target_value
    if objective.target_year <= objective.baseline_year:
        out.append(
            Problem(
                item,
                "target_year",
                str(objective.target_year),
                f"the target year must come after the baseline year {objective.baseline_year}",
            )
        )
    if base is None:
        what = _measure_text(objective)
        out.append(
            Problem(
                item,
                "baseline_value",
                None,
                f"{what} has no data for the baseline year {objective.baseline_year}: choose a year the results "
                "hold, or a measure with figures",
            )
        )
    elif objective.measures and objective.measures[0].indicator in INDICATORS:
        out += _target_problems(item, objective, base, target)
    for number in objective.high_impact_actions:
        if number not in HIGH_IMPACT_ACTIONS:
            out.append(Problem(item, "high_impact_actions", str(number), "high impact actions are numbered 1 to 6"))
    out += _person(item, "sponsor", objective.sponsor, known_users)
    out += _person(item, "owner", objective.owner, known_users)
    return _tag(out, "objective", objective.ref)


def _measure_text(objective: Objective) -> str:
    if not objective.measures:
        return "the objective's measure"
    m = objective.measures[0]
    where = "" if m.breakdown == "overall" else f" ({m.breakdown} {m.stratum})"
    return f"indicator {m.indicator}{where} for {m.group}"


def _target_problems(item: str, objective: Objective, base: float, target: float) -> list[Problem]:
    measure = objective.measures[0]
    shown = f"{target:g}"
    if not math.isfinite(target):
        return [Problem(item, "target_value", shown, "the target is not a number")]
    ratio = measure.indicator in ("2", "3", "4")
    if ratio and target <= 0:
        return [Problem(item, "target_value", shown, "a likelihood ratio target must be above 0")]
    direction = improvement_direction(measure, base)
    adverse = (direction is Direction.DOWN and target > base) or (direction is Direction.UP and target < base)
    if adverse:
        way = "lower" if direction is Direction.DOWN else "higher"
        return [
            Problem(
                item,
                "target_value",
                shown,
                f"the target lies on the adverse side of the baseline {base:g}: for this measure {way} is better",
            )
        ]
    if ratio and base > 0 and abs(math.log(target)) > abs(math.log(base)) + 1e-12:
        return [
            Problem(
                item,
                "target_value",
                shown,
                f"the target is further from parity (1.0) than the baseline {base:g}: a ratio improves towards 1",
            )
        ]
    return []


def action_problems(
    action: Action, objective_refs: Collection[str] | None = None, known_users: Collection[str] | None = None
) -> list[Problem]:
    """Every problem of one action (see the module docstring); ``objective_refs`` the plan's objectives (not
    checked when None)."""
    item = f"action {action.ref}" if action.ref else "an action without a ref"
    out: list[Problem] = []
    if not action.ref.strip():
        out.append(Problem(item, "ref", action.ref, "the action needs a ref (e.g. A1)"))
    if action.start is not None and action.due is not None and action.due < action.start:
        out.append(
            Problem(item, "due", action.due.isoformat(), f"the due date is before the start {action.start.isoformat()}")
        )
    if action.completed is not None:
        if action.status != ActionStatus.DONE:
            out.append(
                Problem(
                    item,
                    "completed",
                    action.completed.isoformat(),
                    f"a completed date needs the status done (the status is {str(action.status).replace('_', ' ')})",
                )
            )
        if action.start is not None and action.completed < action.start:
            out.append(
                Problem(
                    item,
                    "completed",
                    action.completed.isoformat(),
                    f"the completed date is before the start {action.start.isoformat()}",
                )
            )
    if objective_refs is not None:
        out += [
            Problem(item, "objectives", ref, "no objective of the plan has this ref")
            for ref in action.objectives
            if ref not in objective_refs
        ]
    out += _person(item, "owner", action.owner, known_users)
    return _tag(out, "action", action.ref)


def _tag(found: Iterable[Problem], kind: str, ref: str = "", position: int | None = None) -> list[Problem]:
    return [replace(p, kind=kind, ref=ref, position=position) for p in found]


def _duplicates(kind: str, refs: Sequence[str]) -> list[Problem]:
    """Every item after the first whose ref an earlier item of its kind has."""
    counts = Counter(refs)
    seen: set[str] = set()
    out: list[Problem] = []
    for position, ref in enumerate(refs, start=1):
        if ref in seen and ref.strip():
            out.append(
                Problem(f"{kind} {ref}", "ref", ref, f"{counts[ref]} {kind}s share this ref", kind, ref, position)
            )
        seen.add(ref)
    return out


def problems(plan: Plan, known_users: Collection[str] | None = None) -> list[Problem]:
    """Every problem of ``plan`` (the module docstring lists the rules); ``known_users`` the usernames with an
    account in the organisation (people are not checked when None). Empty when the plan is sound."""
    out: list[Problem] = []
    if plan.end_year < plan.start_year:
        out.append(
            Problem(
                "the plan",
                "end_year",
                str(plan.end_year),
                f"the end year is before the start {plan.start_year}",
                "plan",
            )
        )
    objective_refs = {o.ref for o in plan.objectives}
    action_refs = {a.ref for a in plan.actions}
    out += _duplicates("objective", [o.ref for o in plan.objectives])
    out += _duplicates("action", [a.ref for a in plan.actions])
    for i, objective in enumerate(plan.objectives, start=1):
        out += _tag(objective_problems(objective, known_users), "objective", objective.ref, i)
    for i, action in enumerate(plan.actions, start=1):
        out += _tag(action_problems(action, objective_refs, known_users), "action", action.ref, i)
    for i, review in enumerate(plan.reviews, start=1):
        if review.objective not in objective_refs:
            found = Problem(f"review {i}", "objective", review.objective, "no objective of the plan has this ref")
            out += _tag([found], "review", "", i)
    for i, engagement in enumerate(plan.engagements, start=1):
        for name in ("participants", "leaders"):
            value = getattr(engagement, name)
            if value < 0:
                found = Problem(f"engagement {i}", name, str(value), "a number of people cannot be negative")
                out += _tag([found], "engagement", "", i)
    for i, said in enumerate(plan.said_did, start=1):
        item = f"you said, we did item {i}"
        found_refs = [
            Problem(item, "objectives", ref, "no objective of the plan has this ref")
            for ref in said.objectives
            if ref not in objective_refs
        ]
        found_refs += [
            Problem(item, "actions", ref, "no action of the plan has this ref")
            for ref in said.actions
            if ref not in action_refs
        ]
        out += _tag(found_refs, "said_did", "", i)
    for i, commitment in enumerate(plan.commitments, start=1):
        out += _tag(_person(f"board commitment {i}", "member", commitment.member, known_users), "commitment", "", i)
    return out


def check(plan: Plan, known_users: Collection[str] | None = None) -> Plan:
    """``plan`` unchanged when it has no problems, else :class:`PlanError` listing every one."""
    found = problems(plan, known_users)
    if found:
        raise PlanError(found)
    return plan
