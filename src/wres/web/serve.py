"""Running the dashboard: migrations, organisations, a warm cache, then a development or production server."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def configure(store: Path, web_data: Path, *, production: bool = False) -> None:
    """Point Django at ``store`` and ``web_data`` and set it up (call before anything imports Django models)."""
    os.environ["WRES_STORE"] = str(store.resolve())
    os.environ["WRES_WEB_DATA"] = str(web_data.resolve())
    os.environ["DJANGO_SETTINGS_MODULE"] = "wres.web.settings"
    if production:
        os.environ["WRES_WEB_PRODUCTION"] = "1"
    web_data.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def prepare() -> list[str]:
    """Apply migrations (the dashboard's database, and the warehouse's schema if it is older: opened read-write once
    here rather than refused by every read-only page), discard uploads left unconfirmed for a week, and create the
    warehouse's organisations; their codes."""
    from django.core.management import call_command

    from wres.web.figures import open_store
    from wres.web.seed import sync_organisations
    from wres.web.uploads import discard_stale

    call_command("migrate", interactive=False, verbosity=0)
    with open_store(read_only=False):
        pass
    discard_stale()
    return [o.code for o in sync_organisations()]


def warm(orgs: list[str]) -> threading.Thread:
    """Compute every organisation's latest figures, dashboard cards and indicator pages (both tiers) and every
    organisation's published figures for the region page and the dashboards' "Compared with peers", then start
    the report renderer (vl-convert's engine, WeasyPrint and its fonts), in a background thread, so the first
    visitor does not wait for them and the first report set generated takes no longer than the next."""

    def run() -> None:
        from wres.reports.worker import warm_up
        from wres.web import indicator_page
        from wres.web.figures import latest_year, prepare_region_figures

        latest = [y for y in (latest_year(org) for org in orgs) if y is not None]
        if latest:  # the region page and the dashboards' "Compared with peers", in a thread of their own
            prepare_region_figures(max(latest))
        for org in orgs:
            year = latest_year(org)
            if year is not None:
                indicator_page.warm(org, year)
        try:
            warm_up(pdf=True)
        except Exception as exc:  # WeasyPrint unusable here: the report page says so when a report is generated
            log.warning("the report renderer could not be started (%s: %s)", type(exc).__name__, exc)

    thread = threading.Thread(target=run, name="wres-warm", daemon=True)
    thread.start()
    return thread


def run_development(host: str, port: int, orgs: list[str]) -> None:
    """Django's threaded development server, without the auto-reloader (one process keeps the cache)."""
    from django.core.management import call_command

    warm(orgs)
    call_command("runserver", f"{host}:{port}", use_reloader=False, verbosity=1)


def run_production(host: str, port: int, workers: int, threads: int) -> None:
    """gunicorn (threads in ``workers`` processes); static files collected for WhiteNoise first."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    args = [
        "gunicorn",
        "wres.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--config",
        "python:wres.web.gunicorn_conf",
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *args])
