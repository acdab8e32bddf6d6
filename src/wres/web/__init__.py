"""The web dashboard (ADR 10): a Django project inside the package, installed with the ``web`` extra
(``pip install 'wres[web]'``; PostgreSQL for its accounts database also needs ``'wres[postgres]'``).

The library and the CLI never import this package at module level (``tests/test_layers.py``): the CLI's web
commands import it inside their bodies. Importing it first checks that the extra's packages are installed, so that
``wres serve``, ``wres users`` and the last step of ``wres demo`` stop with one line naming the extra, not a
traceback from inside Django. The check finds the packages without importing them.
"""

from __future__ import annotations

from importlib.util import find_spec

from wres.errors import WresError

EXTRA_MODULES = ("django", "axes", "argon2", "dj_database_url", "gunicorn", "nhsuk_frontend_jinja", "whitenoise")
"""The top-level modules of the ``web`` extra's packages (pyproject.toml)."""


def missing_modules() -> list[str]:
    """The modules of the ``web`` extra that cannot be imported here."""
    return [name for name in EXTRA_MODULES if find_spec(name) is None]


if _missing := missing_modules():
    raise WresError(
        f"the dashboard needs the web extra, which is not installed here (no {', '.join(_missing)}): "
        "pip install 'wres[web]'"
    )
