"""A synthetic trust with monthly staff-in-post snapshots and a known effect from October 2024 (ADR 0006), and its
twin without the effect, as stores for the progress tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

EFFECT_MONTH = "2024-10"
EFFECT_START = pd.Timestamp(2024, 10, 1)
SHIFTED = {"n_orgs": 1, "size": 6000, "seed": 3, "monthly": True}


def synthetic_store(folder: Path, **options: object) -> Path:
    data = generate(SynthConfig(**{**SHIFTED, **options}))  # type: ignore[arg-type]
    canonical = write_canonical(data, folder / "canonical")
    path = folder / "synth.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    return path


@pytest.fixture(scope="session")
def shifted_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Effect from October 2024: BME odds of appointment into band 8a and above multiplied by 5."""
    return synthetic_store(tmp_path_factory.mktemp("shifted"), effect_month=EFFECT_MONTH, effect_factor=5.0)


@pytest.fixture(scope="session")
def twin_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same trust without the effect."""
    return synthetic_store(tmp_path_factory.mktemp("twin"))
