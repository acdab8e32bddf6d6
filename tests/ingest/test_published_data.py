"""The packaged published data (issue 18): checksums, the Staff Survey loader (counts rebuilt from base and rate,
region and ICS read from whichever column holds them that year) and the national indicator 2 by region."""

from __future__ import annotations

import csv
import hashlib
import math

from wres.ingest.published import (
    INDICATOR2_BY_REGION_FILE,
    SURVEY_FILE,
    published_path,
    read_indicator2_by_region,
    read_survey_published,
    survey_registry,
)


def test_checksums_match_the_packaged_files() -> None:
    folder = published_path(SURVEY_FILE).parent
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert len(lines) == 3
    for line in lines:
        digest, name = line.split()
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert (folder / "PROVENANCE.md").exists()


def test_counts_are_base_times_rate_rounded_half_up() -> None:
    summaries = read_survey_published(measures=["discrimination_internal", "ethnic_minority"])
    with published_path(SURVEY_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["ODS code"] == "RJ1" and r["Year"] == "2023")
    got = summaries[(summaries["org_code"] == "RJ1") & (summaries["year"] == 2023)].set_index("measure")
    base, rate = float(row["Ethnic_minority_base"]), float(row["Ethnic_minority_rate"])
    assert got.loc["ethnic_minority", "base"] == base
    assert got.loc["ethnic_minority", "count"] == math.floor(base * rate / 100 + 0.5)
    skipped = sum(1 for r in rows if "/" in r["ODS code"] or len(r["ODS code"]) > 5)
    assert summaries.attrs["skipped"] == skipped == 6


def test_region_and_ics_whatever_column_holds_them() -> None:
    summaries = read_survey_published(measures=["discrimination_internal"])
    rj1 = summaries[summaries["org_code"] == "RJ1"].set_index("year")
    # 2021: Region holds the STP, ICS/STP the region; 2023: Region and ICS
    assert rj1.loc[2021, "region"] == "London"
    assert rj1.loc[2021, "ics"] == "Our Healthier South East London"
    assert rj1.loc[2023, "region"] == "London"
    assert rj1.loc[2023, "ics"] == "South East London"
    registry = survey_registry(summaries).set_index("org_code")
    assert registry.loc["RJ1", "ics"] == "South East London"  # the latest year
    assert registry.loc["RJ1", "trust_type"] == "acute"


def test_indicator2_by_region() -> None:
    table = read_indicator2_by_region()
    with published_path(INDICATOR2_BY_REGION_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(table) == len(rows) == 21
    assert table["region"].nunique() == 7
    london = table[(table["region"] == "London") & (table["year"] == 2022)]["published_ratio"].iloc[0]
    source = next(r for r in rows if r["region"] == "London" and r["year"] == "2022")
    assert london == float(source["relative_likelihood_white_vs_BME_appointed_from_shortlisting"])
