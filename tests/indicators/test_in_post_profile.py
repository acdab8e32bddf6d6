"""Indicator 4's fast link (:func:`wres.indicators.events.in_post_profile`, a semi-join with the 31 March snapshot)
against the general one it replaces for in-post people (:func:`~wres.indicators.events.profile_as_of` filtered to
``in_post``), on the "Stable history" folder of ``tests/indicators/history.py``: leavers, joiners, a changed
ethnicity, a bank-only person, events repeated in a year, a later extract (whose snapshot must not be used) and an
activity year without a snapshot."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.indicators.history import write_history_folder

from wres.indicators import from_store
from wres.indicators.events import (
    FLAG_COLUMNS,
    PROFILE_COLUMNS,
    SCOPE_COLUMNS,
    event_years,
    in_post_profile,
    profile_as_of,
)
from wres.indicators.source import execute
from wres.store import Store


@pytest.mark.parametrize("columns", [SCOPE_COLUMNS, (*PROFILE_COLUMNS, *FLAG_COLUMNS)])
def test_in_post_profile_is_profile_as_of_in_post(tmp_path: Path, columns: tuple[str, ...]) -> None:
    store = tmp_path / "history.duckdb"
    with Store(store) as st:
        st.load_folder(write_history_folder(tmp_path / "canonical", with_2025=True))
    years = [2023, 2024, 2025]
    with Store(store, read_only=True) as st:
        src = from_store(st)
        staff, training = src.table("staff"), src.table("training")
        general = profile_as_of(staff, event_years(training, "start_date", years), columns)
        expected = execute(general.filter(general.in_post))
        fast = execute(in_post_profile(staff, training, "start_date", years, columns))
    keys = ["org_code", "person_id", "year"]
    expected = expected.sort_values(keys).reset_index(drop=True)
    fast = fast[list(expected.columns)].sort_values(keys).reset_index(drop=True)
    assert len(expected) > 30  # people in post with learning in 2024 and 2025 (hand counts in history.py: 27 in 2024)
    assert set(expected["year"]) >= {2024, 2025}
    pd.testing.assert_frame_equal(fast, expected, check_dtype=False)
