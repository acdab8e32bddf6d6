"""Run the CLI in a test as a user with nothing of their own: no profiles, home, store, key or debug setting."""

from __future__ import annotations

from pathlib import Path

import pytest


def isolate_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty profile folder and a home of the test's own; ``WRES_DEBUG``, ``WRES_STORE``, ``WRES_KEY_FILE`` and
    ``XDG_CONFIG_HOME`` unset (so a key or store is made where the test says, never in the user's)."""
    profiles = tmp_path / "no-profiles"
    profiles.mkdir()
    monkeypatch.setenv("WRES_PROFILE_DIR", str(profiles))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("WRES_DEBUG", "WRES_STORE", "WRES_KEY_FILE", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
