"""Shared synthetic datasets for the wres.synth tests (generated once per test session)."""

from __future__ import annotations

import pytest

from wres.synth import SynthConfig, SynthData, generate


@pytest.fixture(scope="session")
def national() -> SynthData:
    """A national-shape run: 30 organisations of about 2,000 staff over 2022-2026."""
    return generate(SynthConfig(n_orgs=30, size=2000, seed=11))


@pytest.fixture(scope="session")
def single() -> SynthData:
    """One organisation of about 4,000 staff (national profile)."""
    return generate(SynthConfig(n_orgs=1, size=4000, seed=3))


@pytest.fixture(scope="session")
def london() -> SynthData:
    return generate(SynthConfig(profile="london", n_orgs=2, size=3000, seed=5))


@pytest.fixture(scope="session")
def south_west() -> SynthData:
    return generate(SynthConfig(profile="south-west", n_orgs=2, size=3000, seed=5))


@pytest.fixture(scope="session")
def tiny() -> SynthData:
    """Two small organisations over three years, for the writers."""
    return generate(SynthConfig(n_orgs=2, size=1200, first_year=2023, last_year=2025, seed=2))
