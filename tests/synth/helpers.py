"""Helpers shared by the wres.synth tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wres.synth import SynthData

BME_CODES = frozenset("DEFGHJKLMNPRS") | {"ARAB", "BME"}
WHITE_CODES = frozenset({"A", "B", "C", "T", "ROMA"})


def wres_group(codes: pd.Series) -> pd.Series:
    """White / BME / Unknown of canonical ethnic codes."""
    values = codes.astype(str).to_numpy()
    return pd.Series(
        np.where(
            np.isin(values, list(WHITE_CODES)), "White", np.where(np.isin(values, list(BME_CODES)), "BME", "Unknown")
        ),
        index=codes.index,
    )


def in_scope(staff: pd.DataFrame) -> pd.DataFrame:
    """WRES staff: not bank-only."""
    return staff[~staff["bank_only"]]


def bme_share(staff: pd.DataFrame) -> float:
    return float((wres_group(staff["ethnic_category"]) == "BME").mean())


def last_snapshot(data: SynthData) -> pd.DataFrame:
    staff = in_scope(data.staff)
    return staff[staff["snapshot_date"] == staff["snapshot_date"].max()]
