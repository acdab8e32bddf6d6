"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from wres.errors import UsageError, WresError

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="The DuckDB store file (default: $WRES_STORE or ./wres-data/wres.duckdb).",
        show_default=False,
    ),
]

SYNTH_PROFILES: tuple[str, ...] = (
    "national",
    "london",
    "south-east",
    "south-west",
    "east",
    "midlands",
    "north-west",
    "north-east-yorkshire",
)
"""The synthetic profiles (``wres.synth.profiles.PROFILES``, which a test keeps equal to this), named here so that
``--help`` lists them without importing the generator (half a second)."""

SynthProfileOption = Annotated[
    str, typer.Option("--profile", help=f"Synthetic profile: one of {', '.join(SYNTH_PROFILES)}.")
]


def check_synth_profile(profile: str) -> None:
    """Refuse a ``--profile`` that is not one of :data:`SYNTH_PROFILES` (a usage error, before anything is done)."""
    if profile not in SYNTH_PROFILES:
        raise UsageError(f"--profile must be one of {', '.join(SYNTH_PROFILES)}, not {profile!r}")


def check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """A usage error unless ``value`` is one of ``choices`` (``--format must be one of table, csv, json, not 'x'``)."""
    if value not in choices:
        raise UsageError(f"{option} must be one of {', '.join(choices)}, not {value!r}")


def pick_org(st: Any, org: str | None) -> str:
    """``org`` if the store holds it, else the store's only organisation when ``org`` is None; a clear error
    otherwise (none held, several held and none chosen, an unknown one)."""
    held = sorted(st.organisations())
    if not held:
        raise WresError("the store holds no organisation yet (run `wres load` or `wres import`)")
    if org is None:
        if len(held) > 1:
            raise UsageError(
                f"the store holds {len(held)} organisations: choose one with --org ({', '.join(held[:10])})"
            )
        return str(held[0])
    if org not in held:
        raise WresError(f"organisation not in the store: {org}")
    return org
