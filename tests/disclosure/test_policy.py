"""The public policy: defaults from configuration, validation, metadata and footnote (methods.md §11.2)."""

from __future__ import annotations

import json

import pytest

from wres.config import DEFAULT_CONFIG, config_from_mapping
from wres.disclosure import DEFAULT_POLICY, FOOTNOTE, MARKER, DisclosurePolicy


def test_default_policy_is_public_v1_from_the_configuration() -> None:
    policy = DisclosurePolicy.from_config(DEFAULT_CONFIG.disclosure)
    assert policy == DEFAULT_POLICY
    assert (policy.policy_id, policy.suppress_min, policy.suppress_max, policy.rounding_base) == ("public-v1", 1, 7, 5)
    assert policy.show_zeros
    assert policy.national_exempt
    assert not policy.indicator9_exempt
    assert policy.protection_width == 3


def test_configuration_overrides_reach_the_policy() -> None:
    cfg = config_from_mapping({"disclosure": {"suppress_max": 9, "indicator9_exempt": True, "show_zeros": False}})
    policy = DisclosurePolicy.from_config(cfg.disclosure)
    assert (policy.suppress_max, policy.indicator9_exempt, policy.show_zeros) == (9, True, False)


@pytest.mark.parametrize(("value", "primary"), [(0, False), (1, True), (4, True), (7, True), (8, False), (100, False)])
def test_counts_one_to_seven_are_primary(value: int, primary: bool) -> None:
    assert DEFAULT_POLICY.is_primary(value) is primary


def test_zeros_are_suppressed_only_when_configured() -> None:
    assert not DEFAULT_POLICY.is_primary(0)
    assert DisclosurePolicy(show_zeros=False).is_primary(0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"policy_id": "public-v2"}, "unknown disclosure policy"),
        ({"suppress_min": 0}, "suppress_min"),
        ({"suppress_min": 5, "suppress_max": 4}, "suppress_min"),
        ({"rounding_base": 0}, "rounding_base"),
        ({"protection_width": 0}, "protection_width"),
        ({"audit_prior": "everyone"}, "audit_prior"),
        ({"suppress_min": 1, "suppress_max": 1, "rounding_base": 10}, "round to 0"),  # 2 would show as 0
    ],
)
def test_invalid_policies_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DisclosurePolicy(**kwargs)  # type: ignore[arg-type]


def test_metadata_records_policy_version_and_every_parameter() -> None:
    meta = DEFAULT_POLICY.as_metadata()
    json.dumps(meta)
    assert meta["policy"] == "public-v1"
    assert meta["version"] == DEFAULT_POLICY.version
    assert meta["marker"] == MARKER == "[c]"
    assert meta["parameters"]["suppress_max"] == 7
    assert meta["parameters"]["rounding_base"] == 5
    assert "indicator9_exempt" in meta["parameters"]
    assert "derived_pins_counts" in meta["parameters"]


def test_footnote_explains_marker_suppression_and_rounding() -> None:
    assert FOOTNOTE.startswith("[c]")
    for text in ("1 to 7", "nearest 5", "Zeros are shown", "public-v1", "unrounded"):
        assert text in FOOTNOTE
    assert "nearest" not in DisclosurePolicy(rounding_base=1).footnote()
