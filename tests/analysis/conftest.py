"""Fixtures for the analysis tests: a small synthetic trust's result rows over four WRES years."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres.indicators import compute, from_store
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical


@pytest.fixture(scope="session")
def synthetic_results(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """Result rows (overall and by band) of one synthetic trust of about 800 staff, WRES years 2023–2026."""
    folder = tmp_path_factory.mktemp("synth")
    data = generate(SynthConfig(size=800, first_year=2023, last_year=2026, seed=7))
    canonical = write_canonical(data, folder / "canonical")
    path: Path = folder / "synth.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    with Store(path, read_only=True) as st:
        return compute(from_store(st), [2023, 2024, 2025, 2026], by="band").frame
