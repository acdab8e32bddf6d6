"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="The DuckDB store file (default: $WRES_STORE or ./wres-data/wres.duckdb).",
        show_default=False,
    ),
]
