"""The ``wres`` command line: a thin layer over the library.

Errors a user can cause print one line and exit non-zero; no traceback reaches a user (set
``WRES_DEBUG=1`` to see one when reporting a bug).
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from typing import Annotated

import typer
from rich.console import Console
from typer.exceptions import TyperException

from wres import __version__
from wres.cli.helptext import WresTyper
from wres.cli.markup import markup
from wres.errors import DataError, WresError

app = WresTyper(
    name="wres",
    help="Workforce Race Equality Standard: the nine indicators, exactly as NHS England defines them, "
    "with honest uncertainty.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
# Raw text is printed through wres.cli.markup (never as markup); emoji codes such as ":warning:" in a value stay as
# written.
console = Console(width=None if sys.stdout.isatty() else 140, emoji=False)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 140, emoji=False)

INTERNAL_ERROR = 70


def _version(value: bool) -> None:
    if value:
        console.print(f"wres {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """wres: measure, understand and act on workforce race equality."""


_registered = False


def _register() -> None:
    """Add the command modules to ``app`` (once per process: ``run`` may be called many times, as tests do)."""
    global _registered
    if _registered:
        return
    _registered = True
    from wres.cli import (
        benchmark_commands,
        data_commands,
        demo,
        import_commands,
        indicator_commands,
        model_employer_commands,
        paygap_commands,
        plan_commands,
        progress_commands,
        project_commands,
        registry_commands,
        report_commands,
        web_commands,
    )

    data_commands.register(app)
    import_commands.register(app)
    indicator_commands.register(app)
    report_commands.register(app)
    demo.register(app)
    web_commands.register(app)
    plan_commands.register(app)
    progress_commands.register(app)
    model_employer_commands.register(app)
    project_commands.register(app)
    paygap_commands.register(app)
    registry_commands.register(app)
    benchmark_commands.register(app)


def report_error(exc: WresError) -> int:
    """Print ``exc`` as one line (and a DataError's further problems, one a line); return its exit code."""
    err_console.print(markup("[bold red]error:[/] {message}", message=exc), soft_wrap=True)
    if isinstance(exc, DataError) and len(exc.problems) > 1:
        for problem in exc.problems[1:20]:
            err_console.print(markup("  {problem}", problem=problem), soft_wrap=True)
        if exc.total > 20:
            err_console.print(f"  … {exc.total - 20} more", highlight=False)
    return exc.exit_code


def report_usage_error(exc: TyperException) -> int:
    """A usage error Typer found (unknown option or command, missing argument, value of the wrong type) as one
    line naming the command's help; exit code 2 (``exc.exit_code``)."""
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None)
    hint = f" (see `{path} --help`)" if isinstance(path, str) and path else ""
    err_console.print(markup("[bold red]error:[/] {message}{hint}", message=message, hint=hint), soft_wrap=True)
    return int(exc.exit_code)


def run(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning every error into one line and an exit code."""
    _register()
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message="The 'future.infer_string' option is deprecated")
    try:
        app(args=argv, prog_name="wres", standalone_mode=False)
    except WresError as exc:
        return report_error(exc)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        err_console.print("aborted")
        return 130
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except TyperException as exc:  # usage errors (unknown option, bad value, missing argument)
        if type(exc).__name__ == "NoArgsIsHelpError":  # `wres` or `wres users` alone: the help (Typer's test)
            exc.show()  # type: ignore[attr-defined]
            return int(exc.exit_code)
        return report_usage_error(exc)
    except Exception as exc:  # anything unexpected is a bug
        if os.environ.get("WRES_DEBUG"):
            raise
        err_console.print(
            markup(
                "[bold red]internal error:[/] {kind}: {exc} (this is a bug in wres; rerun with WRES_DEBUG=1 for "
                "details)",
                kind=type(exc).__name__,
                exc=" ".join(str(exc).split()),  # one line, even for a multi-line message
            ),
            soft_wrap=True,
        )
        return INTERNAL_ERROR
    return 0


def entry() -> None:  # pragma: no cover - console script shim
    code = run()
    # The command's work is done and its files are closed. Freezing the heap spares the interpreter's final
    # garbage collection of everything the command loaded (half a second after a report); atexit handlers and
    # reference counting still run as usual.
    gc.freeze()
    sys.exit(code)
