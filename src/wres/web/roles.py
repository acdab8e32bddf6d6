"""Roles and the permission matrix: who may do what in an organisation (pure data, no Django).

Every view states the one capability it needs (:func:`wres.web.access.org_view`); a user's role in the
organisation named in the URL decides. A user holds roles only in their own organisations (a regional viewer in
several), so no role ever reaches another organisation's data. The matrix is printed in docs/web.md and tested
against every URL (tests/web/test_permissions.py).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    EDI_LEAD = "edi_lead"
    BOARD_MEMBER = "board_member"
    NETWORK_MEMBER = "network_member"
    REGIONAL_VIEWER = "regional_viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: Final = {
    Role.ADMIN: "Administrator",
    Role.ANALYST: "Workforce analyst",
    Role.EDI_LEAD: "EDI lead",
    Role.BOARD_MEMBER: "Board member",
    Role.NETWORK_MEMBER: "Staff network member",
    Role.REGIONAL_VIEWER: "Regional viewer",
}


class Capability(StrEnum):
    VIEW_FIGURES = "view_figures"
    """The dashboard and indicator pages, in the tier the role allows."""
    VIEW_UNSUPPRESSED = "view_unsuppressed"
    """The internal tier: counts and statistics without disclosure control (every view is audited)."""
    IMPORT_DATA = "import_data"
    """Upload raw extracts, read their validation report, confirm the import."""
    VIEW_IMPORTS = "view_imports"
    """The import history (ledger) and data-quality reports."""
    DOWNLOAD_REPORTS = "download_reports"
    """Generate and download the report set (HTML, PDF, workbook, CSV) in the tier the role allows."""
    MANAGE_USERS = "manage_users"
    """Add people to the organisation, change their role, remove them."""
    VIEW_AUDIT = "view_audit"
    """The organisation's audit log."""
    VIEW_PLAN = "view_plan"
    """The full race equality plan: every plan, draft or not, its objectives, actions, reviews, "you said, we did",
    board commitments, comments and the momentum view."""
    VIEW_PUBLISHED_PLAN = "view_published_plan"
    """The published plan only (objectives, actions and statuses, owners by role title), as the public report."""
    EDIT_PLAN = "edit_plan"
    """Create and change plans, objectives, actions, reviews, engagement records and board commitments; import."""
    COMMENT_PLAN = "comment_plan"
    """Comment on objectives and actions, and reply to comments."""
    VIEW_ENGAGEMENT = "view_engagement"
    """The engagement records in full: sessions with staff networks, the themes raised and the responses."""
    KEEP_OWN_COMMITMENT = "keep_own_commitment"
    """Keep one's own board commitment (the member's EDI objective and its review status) up to date."""

    @property
    def label(self) -> str:
        return CAPABILITY_LABELS[self]


CAPABILITY_LABELS: Final = {
    Capability.VIEW_FIGURES: "See the indicators (dashboard and indicator pages)",
    Capability.VIEW_UNSUPPRESSED: "See unsuppressed figures (internal tier)",
    Capability.IMPORT_DATA: "Upload and import data",
    Capability.VIEW_IMPORTS: "See the import history",
    Capability.DOWNLOAD_REPORTS: "Generate and download reports",
    Capability.MANAGE_USERS: "Manage the organisation's users",
    Capability.VIEW_AUDIT: "See the audit log",
    Capability.VIEW_PLAN: "See the full race equality plan",
    Capability.VIEW_PUBLISHED_PLAN: "See the published plan",
    Capability.EDIT_PLAN: "Edit the plan",
    Capability.COMMENT_PLAN: "Comment on objectives and actions",
    Capability.VIEW_ENGAGEMENT: "See the engagement records",
    Capability.KEEP_OWN_COMMITMENT: "Keep their own board commitment",
}

_ALL: Final = frozenset(Capability)
PERMISSIONS: Final[dict[Role, frozenset[Capability]]] = {
    Role.ADMIN: _ALL,
    Role.ANALYST: frozenset(
        {
            Capability.VIEW_FIGURES,
            Capability.VIEW_UNSUPPRESSED,
            Capability.IMPORT_DATA,
            Capability.VIEW_IMPORTS,
            Capability.DOWNLOAD_REPORTS,
            Capability.VIEW_PLAN,
            Capability.VIEW_PUBLISHED_PLAN,
        }
    ),
    Role.EDI_LEAD: frozenset(
        {
            Capability.VIEW_FIGURES,
            Capability.VIEW_UNSUPPRESSED,
            Capability.VIEW_IMPORTS,
            Capability.DOWNLOAD_REPORTS,
            Capability.VIEW_PLAN,
            Capability.VIEW_PUBLISHED_PLAN,
            Capability.EDIT_PLAN,
            Capability.COMMENT_PLAN,
            Capability.VIEW_ENGAGEMENT,
        }
    ),
    Role.BOARD_MEMBER: frozenset(
        {
            Capability.VIEW_FIGURES,
            Capability.VIEW_UNSUPPRESSED,
            Capability.DOWNLOAD_REPORTS,
            Capability.VIEW_PLAN,
            Capability.VIEW_PUBLISHED_PLAN,
            Capability.VIEW_ENGAGEMENT,
            Capability.KEEP_OWN_COMMITMENT,
        }
    ),
    Role.NETWORK_MEMBER: frozenset(
        {
            Capability.VIEW_FIGURES,
            Capability.DOWNLOAD_REPORTS,
            Capability.VIEW_PLAN,
            Capability.VIEW_PUBLISHED_PLAN,
            Capability.COMMENT_PLAN,
            Capability.VIEW_ENGAGEMENT,
        }
    ),
    Role.REGIONAL_VIEWER: frozenset(
        {Capability.VIEW_FIGURES, Capability.DOWNLOAD_REPORTS, Capability.VIEW_PUBLISHED_PLAN}
    ),
}
"""The permission matrix. Staff-network members and regional viewers see public-tier figures only. The plan: EDI
leads and administrators edit; analysts read; board members read and keep their own commitment; staff-network
members read, comment and see the engagement records; regional viewers see the published plan only (issue 15)."""


def can(role: Role | str, capability: Capability) -> bool:
    """Whether ``role`` holds ``capability``."""
    return capability in PERMISSIONS[Role(role)]


def tiers(role: Role | str) -> tuple[str, ...]:
    """The disclosure tiers ``role`` may see, the default first: internal roles may also preview the public tier."""
    return ("internal", "public") if can(role, Capability.VIEW_UNSUPPRESSED) else ("public",)


def matrix_markdown() -> str:
    """The permission matrix as a Markdown table (docs/web.md is checked against it)."""
    head = "| capability | " + " | ".join(r.label for r in Role) + " |"
    rule = "|---" * (len(Role) + 1) + "|"
    rows = [f"| {c.label} | " + " | ".join("yes" if can(r, c) else "no" for r in Role) + " |" for c in Capability]
    return "\n".join([head, rule, *rows])
