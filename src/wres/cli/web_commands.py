"""``wres serve`` and ``wres users``: the web dashboard from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wres.cli.helptext import WresTyper
from wres.cli.main import console
from wres.cli.markup import markup
from wres.cli.options import StoreOption
from wres.errors import UsageError, WresError

WebDataOption = Annotated[
    Path,
    typer.Option(
        "--web-data",
        envvar="WRES_WEB_DATA",
        help="The dashboard's own folder: accounts database, secret key, uploads, generated reports.",
    ),
]

users_app = WresTyper(help="Manage the dashboard's users.", no_args_is_help=True)


def _start(store: Path | None, web_data: Path, *, production: bool = False) -> list[str]:
    from wres.store.warehouse import default_store_path

    store = store or default_store_path()
    if not store.exists():
        raise WresError(f"{store}: no warehouse here yet (run `wres import` first, or `wres demo`)")
    from wres.web.paths import ASSETS
    from wres.web.serve import configure, prepare

    if not (ASSETS / "nhsuk-frontend.min.css").exists():
        raise WresError(f"{ASSETS}: the NHS.UK frontend assets are missing (run `make setup`)")
    configure(store, web_data, production=production)
    return prepare()


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    production: Annotated[
        bool,
        typer.Option(
            "--production/--development",
            help="Production: gunicorn, static files by WhiteNoise, secure cookies and HSTS (needs WRES_SECRET_KEY, "
            "WRES_ALLOWED_HOSTS and HTTPS in front). Development: Django's server.",
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="gunicorn worker processes (production).")] = 1,
    threads: Annotated[
        int,
        typer.Option(
            help="Threads per gunicorn worker (production). Many: a thread waiting for one organisation's figures "
            "after its import must not leave another organisation's requests queueing."
        ),
    ] = 32,
    store: StoreOption = None,
    web_data: WebDataOption = Path("wres-data/web"),
) -> None:
    """Serve the WRES dashboard (default: http://127.0.0.1:8000)."""
    orgs = _start(store, web_data, production=production)
    from wres.web.serve import run_development, run_production

    console.print(
        markup(
            "WRES dashboard for {orgs} at http://{host}:{port}/",
            orgs=", ".join(orgs) or "no organisations yet",
            host=host,
            port=port,
        )
    )
    if production:
        run_production(host, port, workers, threads)
    else:
        run_development(host, port, orgs)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="User name to sign in with.")],
    org: Annotated[list[str], typer.Option("--org", help="ODS code of an organisation (repeatable).")],
    role: Annotated[
        str, typer.Option(help="admin, analyst, edi_lead, board_member, network_member or regional_viewer.")
    ],
    name: Annotated[str, typer.Option(help="Full name.")] = "",
    store: StoreOption = None,
    web_data: WebDataOption = Path("wres-data/web"),
) -> None:
    """Add a user (or give an existing one a role and a new password); the password is asked for."""
    from wres.web.roles import Role

    if role not in {r.value for r in Role}:
        raise UsageError(f"--role must be one of {', '.join(r.value for r in Role)}, not {role!r}")
    _start(store, web_data)
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from wres.web.models import Organisation
    from wres.web.seed import add_user

    orgs = list(Organisation.objects.filter(code__in=org))
    unknown = sorted(set(org) - {o.code for o in orgs})
    if unknown:
        raise WresError(f"organisation {', '.join(unknown)} is not in the warehouse")
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        validate_password(password)
    except ValidationError as exc:
        raise WresError("password refused: " + " ".join(exc.messages)) from None
    add_user(username, password, orgs, Role(role), name=name)
    console.print(
        markup(
            "{username}: {role} in {orgs}",
            username=username,
            role=Role(role).label,
            orgs=", ".join(o.code for o in orgs),
        )
    )


@users_app.command("list")
def users_list(store: StoreOption = None, web_data: WebDataOption = Path("wres-data/web")) -> None:
    """List the dashboard's users and their roles."""
    _start(store, web_data)
    from wres.web.models import Membership

    for m in Membership.objects.select_related("user", "organisation"):
        console.print(
            markup(
                "{user:<24} {org:<8} {role}",
                user=m.user.get_username(),
                org=m.organisation.code,
                role=m.get_role_display(),
            )
        )


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(users_app, name="users")
