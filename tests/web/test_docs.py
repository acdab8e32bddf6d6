"""docs/web.md, the dashboard's guide, states the permission matrix exactly as the code enforces it, and the
settings and variables it names exist."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from wres.web.roles import Role, matrix_markdown

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_the_guide_contains_exactly_the_permission_matrix() -> None:
    text = _guide()
    table = matrix_markdown()
    assert f"\n\n{table}\n\n" in text, "docs/web.md: replace the matrix with wres.web.roles.matrix_markdown()"
    # ... and no other version of it: one table starting with the matrix's header.
    assert text.count(table.splitlines()[0]) == 1


def test_the_guide_names_every_role() -> None:
    text = _guide()
    for role in Role:
        assert f"| {role.label} |" in text, role


def test_the_settings_the_guide_names_exist() -> None:
    security = _guide().split("## Security", 1)[1].split("## Running it", 1)[0]
    names = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})`", security))
    assert {"PASSWORD_HASHERS", "SECURE_CSP", "AXES_FAILURE_LIMIT", "SESSION_COOKIE_HTTPONLY"} <= names
    production_only = {
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    }
    assert production_only <= names
    missing = sorted(n for n in names - production_only - {"WRES_SECRET_KEY"} if not hasattr(settings, n))
    assert not missing, f"docs/web.md names settings that do not exist: {missing}"


def test_the_guide_lists_the_environment_variables_of_the_settings() -> None:
    import wres.web.settings as web_settings

    documented = set(re.findall(r"``(WRES_[A-Z_]+|DATABASE_URL)``", web_settings.__doc__ or ""))
    assert documented >= {"WRES_STORE", "WRES_SECRET_KEY", "DATABASE_URL"}
    text = _guide()
    for name in documented:
        assert f"| `{name}` |" in text, name
