"""Who may do what with the race equality plan (issue 15): the expectations written out here, from the issue's
words, not read from :mod:`wres.web.roles`."""

from __future__ import annotations

import pytest

from wres.web.models import AuditEvent
from wres.web.roles import Capability, Role, can

# Columns: administrator, analyst, EDI lead, board member, staff-network member, regional viewer.
EXPECTED = {
    # "EDI leads and administrators edit; analysts read; board members read and keep their own commitment;
    #  staff-network members read, comment and see engagement records; regional viewers see the published plan only."
    "view_plan": "Y Y Y Y Y .",
    "view_published_plan": "Y Y Y Y Y Y",
    "edit_plan": "Y . Y . . .",
    "comment_plan": "Y . Y . Y .",
    "view_engagement": "Y . Y Y Y .",
    "keep_own_commitment": "Y . . Y . .",
}
ROLES = [Role.ADMIN, Role.ANALYST, Role.EDI_LEAD, Role.BOARD_MEMBER, Role.NETWORK_MEMBER, Role.REGIONAL_VIEWER]


@pytest.mark.parametrize("capability", list(EXPECTED))
def test_plan_capabilities(capability: str) -> None:
    wanted = dict(zip(ROLES, (mark == "Y" for mark in EXPECTED[capability].split()), strict=True))
    assert {role: can(role, Capability(capability)) for role in ROLES} == wanted


def test_a_regional_viewer_sees_nothing_of_the_plan_but_the_published_plan() -> None:
    plan_capabilities = {Capability(c) for c in EXPECTED}
    assert {c for c in plan_capabilities if can(Role.REGIONAL_VIEWER, c)} == {Capability.VIEW_PUBLISHED_PLAN}


def test_plan_edits_and_comments_have_audit_actions() -> None:
    assert {"plan_created", "plan_changed", "plan_deleted", "plan_imported", "commented"} <= set(AuditEvent.Action)
