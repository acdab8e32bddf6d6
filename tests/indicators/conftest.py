"""Fixtures: stores loaded with the worked-example folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.indicators.worked import write_worked_folder
from wres.store import Store


@pytest.fixture(scope="session")
def worked_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_worked_folder(tmp_path_factory.mktemp("worked") / "canonical")


@pytest.fixture(scope="session")
def worked_store_path(worked_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "worked.duckdb"
    with Store(path) as st:
        st.load_folder(worked_folder)
    return path


@pytest.fixture
def worked_store(worked_store_path: Path) -> Iterator[Store]:
    with Store(worked_store_path, read_only=True) as st:
        yield st
