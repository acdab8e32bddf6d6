"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wres.errors import UsageError

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
