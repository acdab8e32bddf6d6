"""The dashboard's forms: adding a person to an organisation, changing their role, filtering the audit log.

Rendered with the NHS.UK components of ``templates/web/forms.jinja``; every error message says what to do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from wres.web.models import AuditEvent
from wres.web.roles import Role

ROLE_CHOICES = [(r.value, r.label) for r in Role]


def _valid_username(username: str) -> str:
    username = username.strip()
    try:
        get_user_model().username_validator(username)  # type: ignore[attr-defined]
    except ValidationError:
        raise ValidationError(
            "Enter a user name with only letters, digits and the characters @ . + - _ (no spaces)"
        ) from None
    return username


class PersonAddForm(forms.Form):
    """A new account with a role in this organisation.

    A user name already taken (in any letter case) is refused without saying whose it is or how it is written: an
    organisation's administrator never finds or attaches another organisation's account. They invite it instead
    (:class:`InviteForm`); only a site administrator (``allow_existing``) gives an existing account a role here
    directly (its name, email and password are left unchanged).
    """

    username = forms.CharField(
        label="User name",
        max_length=150,
        help_text="What they type to sign in: letters, digits and @ . + - _ only.",
        error_messages={"required": "Enter a user name", "max_length": "Enter a user name of 150 characters or fewer"},
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=300,
        required=False,
        error_messages={"max_length": "Enter a full name of 300 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@nhs.net"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *ROLE_CHOICES],  # no default: nobody becomes an administrator by accident
        error_messages={"required": "Select a role", "invalid_choice": "Select a role from the list"},
    )
    password = forms.CharField(
        label="Initial password (optional)",
        required=False,
        strip=False,
        widget=forms.PasswordInput,
        help_text="At least 12 characters, not a common password and not like their name. Leave it empty to "
        "generate a random password, shown to you once.",
    )

    def __init__(self, *args: Any, allow_existing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_existing = allow_existing
        self.existing: Any = None
        """The account the user name already belongs to (site administrators only; None: a new account)."""

    def clean_username(self) -> str:
        username = _valid_username(self.cleaned_data["username"])
        user_model = get_user_model()
        if self.allow_existing:
            self.existing = user_model.objects.filter(username=username).first()
            if self.existing is not None:
                return username
        if user_model.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                "This user name cannot be used for a new account: choose a different one. If the person already "
                "has an account, invite them instead"
            )
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username = data.get("username")
        if username and self.existing is None:
            if not data.get("full_name", "").strip():
                self.add_error("full_name", "Enter their full name")
            password = data.get("password") or ""
            if password:
                first, _, last = str(data.get("full_name", "")).strip().partition(" ")
                candidate = get_user_model()(username=username, first_name=first, last_name=last)
                candidate.email = data.get("email") or ""
                try:
                    validate_password(password, candidate)
                except ValidationError as exc:
                    self.add_error("password", exc)
        return data


class InviteForm(forms.Form):
    """An invitation of an existing account (by its exact user name) to a role in this organisation."""

    username = forms.CharField(
        label="Their user name",
        max_length=150,
        help_text="Exactly as they type it to sign in (user names are case sensitive). Ask them for it.",
        error_messages={
            "required": "Enter their user name",
            "max_length": "Enter a user name of 150 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *ROLE_CHOICES],
        error_messages={"required": "Select a role", "invalid_choice": "Select a role from the list"},
    )

    def clean_username(self) -> str:
        return _valid_username(self.cleaned_data["username"])


class PasswordResetForm(forms.Form):
    """An administrator's new password for a member (empty: a random one, shown once)."""

    password = forms.CharField(
        label="New password (optional)",
        required=False,
        strip=False,
        widget=forms.PasswordInput,
        help_text="At least 12 characters, not a common password and not like their name. Leave it empty to "
        "generate a random password, shown to you once.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password") or ""
        if password:
            validate_password(password, self.user)
        return password


class RoleForm(forms.Form):
    """A person's role in the organisation."""

    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role from the list"},
    )


class AuditFilterForm(forms.Form):
    """The audit log's filter (GET)."""

    action = forms.ChoiceField(
        label="Action",
        choices=[("", "All actions"), *AuditEvent.Action.choices],
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )
