"""The dashboard's own tables: organisations, memberships (a user's role in an organisation), the audit log and
uploads awaiting confirmation. Indicator data lives in the DuckDB warehouse, not here."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from wres.web.roles import Role


class Organisation(models.Model):
    """An NHS organisation the dashboard serves (its ODS code as in the warehouse)."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Membership(models.Model):
    """A user's role in one organisation (a regional viewer has one membership per organisation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=[(r.value, r.label) for r in Role])
    joined = models.DateTimeField(null=True, blank=True, default=timezone.now)
    """When the person joined the organisation (empty for memberships older than issue 14): the audit log shows
    their sign-ins from then on only."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_organisation")]
        ordering = ["organisation__code", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} — {Role(self.role).label}, {self.organisation.code}"


class AuditEvent(models.Model):
    """One audited action: logins, imports, exports and every view of unsuppressed figures."""

    class Action(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGOUT = "logout", "Signed out"
        LOGIN_LOCKED = "login_locked", "Sign-in locked after repeated failures"
        VIEW_UNSUPPRESSED = "view_unsuppressed", "Viewed unsuppressed figures"
        UPLOAD = "upload", "Uploaded a file for validation"
        IMPORT = "import", "Imported data"
        DISCARD = "discard", "Discarded an upload"
        EXPORT = "export", "Downloaded a file"
        GENERATE = "generate", "Generated a report set"
        USER_ADDED = "user_added", "Added a user"
        USER_CHANGED = "user_changed", "Changed a user's role"
        USER_REMOVED = "user_removed", "Removed a user"
        PASSWORD_CHANGED = "password_changed", "Changed their password"
        LOGIN_FAILED = "login_failed", "Failed to sign in"
        INVITED = "invited", "Invited an existing account"
        INVITATION_ACCEPTED = "invitation_accepted", "Accepted an invitation"
        INVITATION_DECLINED = "invitation_declined", "Declined an invitation"
        INVITATION_WITHDRAWN = "invitation_withdrawn", "Withdrew an invitation"
        PASSWORD_RESET = "password_reset", "Reset a user's password"
        UNLOCKED = "unlocked", "Unlocked a user's sign-in"
        PLAN_CREATED = "plan_created", "Created a plan item"
        PLAN_CHANGED = "plan_changed", "Changed a plan item"
        PLAN_DELETED = "plan_deleted", "Deleted a plan item"
        PLAN_IMPORTED = "plan_imported", "Imported a plan"
        COMMENTED = "commented", "Commented on the plan"

    time = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    organisation = models.CharField(max_length=16, blank=True, db_index=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    path = models.CharField(max_length=500, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.action} {self.organisation}"


class Invitation(models.Model):
    """A role in an organisation offered to an existing account, which its owner accepts or declines when signed in.

    An organisation's administrator never attaches, finds or sees an account of another organisation: they type a
    user name, and the invitation waits for whoever signs in with exactly that name (nobody, if there is no such
    account; the administrator is told the same either way). Only a site administrator adds an existing account
    directly.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    username = models.CharField(max_length=150, db_index=True)
    role = models.CharField(max_length=32, choices=[(r.value, r.label) for r in Role])
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.username} → {Role(self.role).label}, {self.organisation.code} ({self.status})"


class ReportJob(models.Model):
    """A report set being generated in the background; the reports page polls its status."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being generated"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="report_jobs")
    year = models.IntegerField()
    tier = models.CharField(max_length=16)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    message = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.year} {self.tier} ({self.status})"


class Upload(models.Model):
    """A raw extract uploaded and validated, waiting for the user to confirm the import (or already imported)."""

    class Status(models.TextChoices):
        VALIDATED = "validated", "Validated, waiting for confirmation"
        REFUSED = "refused", "Refused"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="uploads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.VALIDATED)
    report = models.JSONField(default=dict, blank=True)
    import_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def summary(self) -> dict[str, Any]:
        return dict(self.report)


# The race equality plan's models live in their own module of this application (issue 15).
from wres.web.plan.models import (  # noqa: E402
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

__all__ = [
    "Action",
    "AuditEvent",
    "BoardCommitment",
    "Comment",
    "Engagement",
    "Invitation",
    "Membership",
    "Objective",
    "ObjectiveMeasure",
    "Organisation",
    "Plan",
    "ReportJob",
    "Review",
    "Upload",
    "YouSaidWeDid",
]
