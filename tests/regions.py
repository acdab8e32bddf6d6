"""A warehouse of synthetic trusts with a chosen number in London, for the region page's and the regional report's
tests, and the NHS Staff Survey file's trust benchmarking groups (the oracle's filter)."""

from __future__ import annotations

from pathlib import Path

from wres.store import Store
from wres.synth import SynthConfig, generate
from wres.synth.writer import write_canonical

TRUST_GROUPS = (
    "Acute and Acute & Community Trusts",
    "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts",
    "Community Trusts",
    "Acute Specialist Trusts",
    "Ambulance Trusts",
)
"""The Staff Survey's "Benchmarking group" values of NHS trusts (the rest are ICBs, CSUs and the like)."""


def region_store(folder: Path, *, n_orgs: int, london: int, size: int, seed: int, last_year: int) -> Path:
    """``n_orgs`` synthetic trusts (two WRES years to ``last_year``), the first ``london`` of them in London and the
    rest elsewhere (the region is read from the warehouse), loaded into ``folder/wres.duckdb``."""
    config = SynthConfig(
        profile="national", n_orgs=n_orgs, size=size, seed=seed, first_year=last_year - 1, last_year=last_year
    )
    data = generate(config)
    orgs = data.organisations
    orgs.loc[orgs.index[:london], "region"] = "London"
    rest = orgs.index[london:]
    orgs.loc[rest, "region"] = orgs.loc[rest, "region"].replace("London", "South East")
    canonical = write_canonical(data, folder / "canonical")
    path = folder / "wres.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    return path
