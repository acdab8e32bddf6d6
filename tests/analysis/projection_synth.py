"""Staff snapshots generated from a KNOWN band × ethnicity Markov chain (for the pipeline projection's tests).

Bands ``5``, ``6``, ``7``, ``8a`` (on the AfC ladder, in that order) and ``left``; groups White (category ``A``),
BME (``N``) and Unknown (``99``). Each year every person in post moves by one draw from their group's row of the
true matrix; then a fixed number of hires per (group, band) arrive. The generator is seeded: the same seed gives the
same folder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ORG = "RPJ"
BANDS = ("5", "6", "7", "8a")
GROUPS = ("White", "BME", "Unknown")
CODES = {"White": "A", "BME": "N", "Unknown": "99"}

# rows: from band 5, 6, 7, 8a; columns: 5, 6, 7, 8a, left
WHITE = np.array(
    [
        [0.78, 0.10, 0.00, 0.00, 0.12],
        [0.00, 0.80, 0.09, 0.00, 0.11],
        [0.00, 0.00, 0.83, 0.07, 0.10],
        [0.00, 0.00, 0.00, 0.91, 0.09],
    ]
)
BME = np.array(
    [
        [0.83, 0.04, 0.00, 0.00, 0.13],
        [0.00, 0.85, 0.03, 0.00, 0.12],
        [0.00, 0.00, 0.87, 0.02, 0.11],
        [0.00, 0.00, 0.00, 0.90, 0.10],
    ]
)
TRUE = {"White": WHITE, "BME": BME, "Unknown": WHITE}
STOCK = {"White": (3000, 1500, 700, 300), "BME": (1500, 500, 150, 40), "Unknown": (60, 20, 10, 5)}
HIRES = {"White": (420, 120, 50, 20), "BME": (300, 50, 15, 5), "Unknown": (10, 3, 1, 0)}


def generate(
    years: tuple[int, ...] = (2021, 2022, 2023, 2024),
    seed: int = 1,
    scale: float = 1.0,
    reclassify: float = 0.0,
) -> pd.DataFrame:
    """Canonical staff rows at 31 March of ``years`` from the true chain (``scale`` multiplies stock and hires;
    ``reclassify``: the yearly chance an Unknown person staying in post is stated BME at the next snapshot)."""
    rng = np.random.default_rng(seed)
    group: list[str] = []
    band: list[int] = []
    for g in GROUPS:
        for b, n in enumerate(STOCK[g]):
            group += [g] * round(n * scale)
            band += [b] * round(n * scale)
    groups = np.array(group, dtype=object)
    bands = np.array(band)
    ids = np.arange(len(groups))
    next_id = len(groups)
    rows = []
    for y, year in enumerate(years):
        if y > 0:
            new_band = np.empty_like(bands)
            for g in GROUPS:
                mask = groups == g
                cum = np.cumsum(TRUE[g][bands[mask]], axis=1)
                u = rng.random(mask.sum())
                new_band[mask] = (u[:, None] > cum).sum(axis=1)
            stay = new_band < len(BANDS)
            flip = stay & (groups == "Unknown") & (rng.random(len(groups)) < reclassify)
            groups = np.where(flip, "BME", groups).astype(object)
            groups, bands, ids = groups[stay], new_band[stay], ids[stay]
            add_g, add_b = [], []
            for g in GROUPS:
                for b, n in enumerate(HIRES[g]):
                    add_g += [g] * round(n * scale)
                    add_b += [b] * round(n * scale)
            groups = np.concatenate([groups, np.array(add_g, dtype=object)])
            bands = np.concatenate([bands, np.array(add_b, dtype=int)])
            ids = np.concatenate([ids, np.arange(next_id, next_id + len(add_g))])
            next_id += len(add_g)
        rows.append(
            pd.DataFrame(
                {
                    "org_code": ORG,
                    "snapshot_date": f"{year}-03-31",
                    "person_id": [f"P{i:06d}" for i in ids],
                    "ethnic_category": [CODES[g] for g in groups],
                    "band": [BANDS[b] for b in bands],
                    "staff_group": "Nursing and Midwifery Registered",
                    "contract": "substantive",
                    "bank_only": "false",
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def write_folder(folder: Path, staff: pd.DataFrame) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([{"org_code": ORG, "org_name": "Projection Trust"}]).to_csv(folder / "organisations.csv", index=False)
    staff.to_csv(folder / "staff.csv", index=False)
    return folder
