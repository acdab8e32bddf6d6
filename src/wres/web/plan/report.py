"""The organisation's race equality plan as the annual report receives it (:class:`wres.reports.data.PlanContext`):
its current plan (:func:`wres.web.plan.models.current_plan`), the accounts that still belong to the organisation
(for the momentum flags) and their full names (the internal report names people; the public one only with
``[plan] publish_names = true``). Used by the web report job and by ``wres report``."""

from __future__ import annotations

import hashlib
from datetime import date

from wres.reports.data import PlanContext
from wres.web.models import Membership, Organisation
from wres.web.plan.models import current_plan
from wres.web.plan.records_io import plan_record


def report_plan(org_code: str, today: date | None = None) -> PlanContext | None:
    """The plan the report of ``org_code`` shows on ``today`` (default: today), None when it has none."""
    organisation = Organisation.objects.filter(code=org_code).first()
    if organisation is None:
        return None
    plan = current_plan(organisation.pk)
    if plan is None:
        return None
    members = list(Membership.objects.filter(organisation=organisation).select_related("user"))
    accounts = frozenset(m.user.get_username() for m in members)
    names = {m.user.get_username(): m.user.get_full_name() for m in members if m.user.get_full_name()}
    return PlanContext(plan_record(plan), today or date.today(), accounts, names)


def plan_stamp(context: PlanContext | None) -> str | None:
    """A short fingerprint of what the report would show of the plan (the plan, the day its statuses are read on,
    the accounts and names): a report set made with another stamp is out of date."""
    if context is None:
        return None
    text = repr((context.plan, context.today, sorted(context.accounts or ()), sorted(context.names.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
