"""The dashboard and PostgreSQL are extras (issue 12): without them the CLI starts and computes, and the commands
that need them (``wres serve``, ``wres users``, ``wres demo``'s last step) stop with one line naming the extra to
install, never a traceback. A missing package is simulated in a fresh interpreter by ``sys.modules[name] = None``
(which makes ``import name`` fail as if it were not installed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wres.store import Store

WEB_EXTRA = ("django", "axes", "argon2", "dj_database_url", "gunicorn", "nhsuk_frontend_jinja", "whitenoise")
WEB_HINT = "pip install 'wres[web]'"

PROGRAM = """
import sys
for name in sys.argv[1].split(","):
    if name:
        sys.modules[name] = None  # as if not installed
args = sys.argv[2:]
if args[0] == "demo-serve-step":
    from pathlib import Path
    from wres.cli import main
    from wres.cli.demo import serve_dashboard
    from wres.errors import WresError
    try:
        serve_dashboard(Path(args[1]), Path(args[2]), 8000)
    except WresError as exc:
        sys.exit(main.report_error(exc))
    sys.exit(0)
from wres.cli.main import run
sys.exit(run(args))
"""


def without(
    modules: tuple[str, ...], *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh interpreter in which ``modules`` cannot be imported."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "WRES_DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, ",".join(modules), *args],
        env=clean | (env or {}),
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard: each run takes a second or two
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    message = " ".join(result.stderr.split())
    assert message.startswith("error:"), result.stderr
    assert message.count("error:") == 1
    return message


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extras") / "wres.duckdb"
    Store(path).close()  # an empty warehouse: the web commands check it exists before anything else
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["serve", "--production"],
        ["users", "list"],
        ["users", "add", "asha", "--org", "RXX", "--role", "analyst"],
        ["plan", "status", "--org", "RXX"],
        ["plan", "export", "--org", "RXX"],
        ["plan", "import", "plan.xlsx", "--org", "RXX"],
    ],
    ids=" ".join,
)
def test_web_commands_without_the_web_extra(store: Path, tmp_path: Path, command: list[str]) -> None:
    result = without(WEB_EXTRA, *command, "--store", str(store), "--web-data", str(tmp_path / "web"))
    message = one_line_error(result)
    assert "web extra" in message
    assert WEB_HINT in message
    assert "django" in message


def test_one_missing_package_is_named(store: Path, tmp_path: Path) -> None:
    message = one_line_error(without(("whitenoise",), "serve", "--store", str(store), "--web-data", str(tmp_path)))
    assert "whitenoise" in message
    assert "django" not in message
    assert WEB_HINT in message


def test_the_demo_serve_step_without_the_web_extra(store: Path, tmp_path: Path) -> None:
    message = one_line_error(without(("django",), "demo-serve-step", str(store), str(tmp_path / "web")))
    assert WEB_HINT in message


def test_the_cli_works_without_the_web_extra(store: Path) -> None:
    helped = without((*WEB_EXTRA, "psycopg"), "--help")
    assert helped.returncode == 0, helped.stderr
    assert "serve" in helped.stdout
    listed = without((*WEB_EXTRA, "psycopg"), "imports", "--store", str(store))
    assert listed.returncode == 0, listed.stderr
    assert "no imports yet" in listed.stdout.lower()


def test_postgresql_without_the_postgres_extra(store: Path, tmp_path: Path) -> None:
    result = without(
        ("psycopg", "psycopg2"),
        "users",
        "list",
        "--store",
        str(store),
        "--web-data",
        str(tmp_path),
        env={"DATABASE_URL": "postgres://wres@127.0.0.1:1/wres"},
    )
    message = one_line_error(result)
    assert "pip install 'wres[postgres]'" in message
