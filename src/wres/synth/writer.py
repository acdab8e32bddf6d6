"""``write_canonical``: a canonical folder (one file per table plus ``manifest.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from wres import __version__
from wres.data.schema import FORMAT_VERSION, TABLES, ColumnType
from wres.errors import WresError
from wres.synth.columns import release_memory

if TYPE_CHECKING:
    import pandas as pd

    from wres.synth.dataset import SynthData

Format = Literal["parquet", "csv"]
GENERATOR = "wres.synth"


def arrow_table(name: str, df: pd.DataFrame) -> pa.Table:
    """The canonical Arrow form of one table: schema column order, dates as ``date32``."""
    table = TABLES[name]
    missing = [c for c in table.column_names if c not in df.columns]
    if missing:
        raise WresError(f"table {name!r} lacks canonical columns: {', '.join(missing)}")
    arrow = pa.Table.from_pandas(df[list(table.column_names)], preserve_index=False)
    for col in table.columns:
        if col.type is ColumnType.DATE:
            i = arrow.schema.get_field_index(col.name)
            arrow = arrow.set_column(i, col.name, pc.cast(arrow.column(i), pa.date32()))
    return arrow.replace_schema_metadata(None)


def write_table(name: str, df: pd.DataFrame, path: Path, fmt: Format) -> None:
    arrow = arrow_table(name, df)
    if fmt == "parquet":
        pq.write_table(arrow, path, compression="zstd")
    else:
        options = pacsv.WriteOptions(include_header=True, quoting_style="needed")
        pacsv.write_csv(arrow, path, write_options=options)


def write_canonical(data: SynthData, out_dir: str | Path, fmt: Format = "parquet") -> Path:
    """Write every table of ``data`` to ``out_dir/<table>.<fmt>`` and a ``manifest.json``; return the folder.

    CSV files are UTF-8 with a header row, ISO dates, ``true``/``false`` booleans and empty cells for
    missing values; Parquet files store dates as ``date32`` and strings as UTF-8.
    """
    if fmt not in ("parquet", "csv"):
        raise WresError(f"unknown format {fmt!r} (expected parquet or csv)")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, object]] = {}
    for name, df in data.tables().items():
        path = folder / f"{name}.{fmt}"
        write_table(name, df, path, fmt)
        release_memory()
        files[name] = {"file": path.name, "rows": len(df)}
    cfg = data.config
    manifest = {
        "format_version": FORMAT_VERSION,
        "generator": GENERATOR,
        "generator_version": __version__,
        "seed": cfg.seed,
        "profile": cfg.profile,
        "years": [cfg.first_year, cfg.last_year],
        "n_orgs": cfg.n_orgs,
        "config": cfg.to_dict(),
        "tables": files,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return folder
