"""Where the dashboard keeps its files (free of Django imports: the CLI and the settings both use it)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

PACKAGE: Final = Path(__file__).resolve().parent
ASSETS: Final = PACKAGE / "static" / "nhsuk"
"""The nhsuk-frontend distribution (CSS, JavaScript, images), copied from ``node_modules/nhsuk-frontend`` by
``make setup`` (see the Makefile's ``web-assets``): served from this machine, never from a CDN."""


def web_data() -> Path:
    """The web application's own folder (``WRES_WEB_DATA``, default ``wres-data/web``)."""
    return Path(os.environ.get("WRES_WEB_DATA", "wres-data/web"))
