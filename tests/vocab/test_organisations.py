"""Organisation types and NHS England regions (issue 18): tolerant spellings, every Staff Survey benchmarking group
of the packaged file mapped, non-trusts kept apart."""

from __future__ import annotations

import csv

import pytest

from wres.ingest.published import SURVEY_FILE, published_path
from wres.vocab.organisations import REGIONS, TRUST_TYPES, is_trust, parse_org_type, parse_region, valid_ods


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("North East & Yorkshire", "North East and Yorkshire"),
        ("north east and yorkshire", "North East and Yorkshire"),
        ("NHS England London", "London"),
        ("East", "East of England"),
        ("South West region", "South West"),
        ("MIDLANDS", "Midlands"),
    ],
)
def test_region_spellings(raw: str, region: str) -> None:
    assert parse_region(raw) == region


@pytest.mark.parametrize("raw", ["Wales", "North", "Cheshire and Merseyside", ""])
def test_not_a_region(raw: str) -> None:
    assert parse_region(raw) is None


def test_seven_regions() -> None:
    assert len(REGIONS) == 7
    assert all(parse_region(r) == r for r in REGIONS)


def test_every_benchmarking_group_of_the_survey_file_is_mapped() -> None:
    with published_path(SURVEY_FILE).open(encoding="utf-8") as handle:
        groups = {row["Benchmarking group"] for row in csv.DictReader(handle)}
    assert len(groups) == 11
    mapped = {g: parse_org_type(g) for g in groups}
    assert None not in mapped.values()
    assert mapped["Ambulance Trusts"] == "ambulance"
    assert mapped["Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts"] == (
        "mental_health"
    )
    assert not is_trust(mapped["CCGs"])
    assert not is_trust(mapped["ICBs"])
    assert not is_trust(mapped["Social Enterprises - Community"])
    assert {t for t in mapped.values() if is_trust(t)} == set(TRUST_TYPES)


@pytest.mark.parametrize(("raw", "code"), [("Acute", "acute"), ("Mental health", "mental_health"), ("ICB", "icb")])
def test_wres_type_labels(raw: str, code: str) -> None:
    assert parse_org_type(raw) == code


@pytest.mark.parametrize(
    ("code", "ok"), [("RJ1", True), ("R0A66", True), ("rj1", False), ("01T/01V", False), ("AB", False)]
)
def test_ods_codes(code: str, ok: bool) -> None:
    assert valid_ods(code) is ok
