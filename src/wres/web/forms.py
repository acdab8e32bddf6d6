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


class PersonAddForm(forms.Form):
    """A new account, or a role in this organisation for an existing user name (whose account is left unchanged)."""

    username = forms.CharField(
        label="User name",
        max_length=150,
        help_text="What they type to sign in: letters, digits and @ . + - _ only. If this user name already has an "
        "account, that person is given the role here and their name, email and password are not changed.",
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
        "generate a random password, shown to you once. Not used for an existing account.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing: Any = None
        """The account the user name already belongs to (None: a new account is made)."""

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        user_model = get_user_model()
        try:
            user_model.username_validator(username)  # type: ignore[attr-defined]
        except ValidationError:
            raise ValidationError(
                "Enter a user name with only letters, digits and the characters @ . + - _ (no spaces)"
            ) from None
        self.existing = user_model.objects.filter(username=username).first()
        if self.existing is None:
            other = user_model.objects.filter(username__iexact=username).first()
            if other is not None:
                raise ValidationError(
                    f"An account with the user name ‘{other.get_username()}’ already exists: enter it exactly as "
                    "written (user names are case sensitive), or choose a different user name"
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
